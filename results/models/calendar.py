"""The calendar: series and their seasons and classes, circuits, recurring races, events."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Max, Min, Q, Window
from django.db.models.functions import Lower, RowNumber
from django_countries.fields import CountryField

from drivers.history import ArchiveHistory
from drivers.models import NamedQuerySet, SluggedModel
from drivers.paths import page_path


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not an IANA time zone (for example America/New_York).")


class SeriesQuerySet(NamedQuerySet):
    def latest_first(self):
        """Series by their latest season, newest first, each with `season_count`."""
        return self.annotate(latest_year=Max("seasons__year"), season_count=Count("seasons")).order_by(
            F("latest_year").desc(nulls_last=True), "name"
        )

    def with_latest_seasons(self, count: int):
        """Each series with `latest_seasons`, its `count` newest seasons (one query for all series)."""
        newest = Window(RowNumber(), partition_by=F("series"), order_by=F("year").desc())
        seasons = Season.objects.annotate(newest=newest).filter(newest__lte=count).order_by("-year")
        return self.prefetch_related(models.Prefetch("seasons", queryset=seasons, to_attr="latest_seasons"))


class Series(SluggedModel):
    name = models.CharField(max_length=150, help_text="IMSA WeatherTech SportsCar Championship")
    short_name = models.CharField(max_length=40, blank=True, help_text="IMSA, FIA WEC")
    slug = models.SlugField(max_length=150, unique=True)
    first_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The year of the first season, when known: with it milestones can say “first” and "
        "“Nth” in the series once the archive holds every season since.",
    )
    search_key = models.CharField(max_length=150, editable=False, db_index=True)

    objects = SeriesQuerySet.as_manager()
    history = ArchiveHistory(excluded_fields=["search_key"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "series"
        constraints = [models.UniqueConstraint(Lower("name"), name="series_unique_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_path("results:series", series=self.slug)

    def slug_text(self) -> str:
        return self.display_name

    def search_text(self) -> str:
        return f"{self.name} {self.short_name}"

    @property
    def display_name(self) -> str:
        """The series as tables and breadcrumbs name it: its short name (IMSA), or its name."""
        return self.short_name or self.name


class Season(models.Model):
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="seasons")
    year = models.PositiveSmallIntegerField()
    rounds = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How many rounds the season had, when known (0 if it was not held): with it the "
        "archive can tell whether it holds the whole season.",
    )

    history = ArchiveHistory()

    class Meta:
        ordering = ["series__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="season_unique_year_per_series"),
            models.CheckConstraint(condition=models.Q(year__gte=1890), name="season_year_plausible"),
        ]

    def __str__(self):
        return f"{self.year} {self.series}"

    def get_absolute_url(self):
        return page_path("results:season", series=self.series.slug, year=self.year)


class CarClass(models.Model):
    """A class of a series, with its code as timing files write it and the organiser's order."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="classes")
    code = models.CharField(max_length=20, help_text="As timing files write it: GTDPRO")
    name = models.CharField(max_length=50, help_text="As fans read it: GTD Pro")
    order = models.PositiveSmallIntegerField(default=0, help_text="The organiser's order on result pages.")
    colour = models.CharField(
        max_length=7,
        default="#6b7280",
        help_text="Badge colour, #rrggbb.",
    )

    history = ArchiveHistory()

    class Meta:
        ordering = ["series__name", "order", "name"]
        verbose_name = "class"
        verbose_name_plural = "classes"
        constraints = [
            models.UniqueConstraint(
                "series",
                Lower("code"),
                name="carclass_unique_code_per_series",
                violation_error_message="This series already has a class with this code.",
            ),
            models.CheckConstraint(
                condition=models.Q(colour__regex=r"^#[0-9A-Fa-f]{6}$"),
                name="carclass_colour_is_hex",
                violation_error_message="The colour must be written #rrggbb.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name_with_series(self) -> str:
        """ "GTD Pro (IMSA)": a class among those of several series (the series selected)."""
        return f"{self.name} ({self.series.display_name})"


class Circuit(SluggedModel):
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    place = models.CharField(max_length=150, blank=True, help_text="Town or region.")
    country = CountryField(blank=True)
    time_zone = models.CharField(
        max_length=64, blank=True, validators=[validate_time_zone], help_text="IANA zone; blank while unknown."
    )
    length_m = models.PositiveIntegerField(null=True, blank=True, verbose_name="lap length (m)")
    turns = models.PositiveSmallIntegerField(null=True, blank=True)
    search_key = models.CharField(max_length=150, editable=False, db_index=True)

    objects = NamedQuerySet.as_manager()
    history = ArchiveHistory(excluded_fields=["search_key"])

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="circuit_unique_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_path("results:circuit", slug=self.slug)

    def search_text(self) -> str:
        return f"{self.name} {self.place}"

    @property
    def length_km(self):
        return None if self.length_m is None else self.length_m / 1000

    @property
    def length_miles(self):
        return None if self.length_m is None else self.length_m / 1609.344


class RaceQuerySet(NamedQuerySet):
    """The ways pages look races up."""

    def with_circuit(self):
        return self.select_related("circuit")

    def held(self):
        """Races with at least one edition in the archive."""
        return self.filter(pk__in=Event.objects.values("race"))

    def in_series(self, series):
        """Races with an edition in `series`."""
        return self.filter(pk__in=Event.objects.filter(season__series=series).values("race"))

    def at_circuit(self, circuit):
        """Races whose home is `circuit` or that have had an edition there."""
        return self.filter(Q(circuit=circuit) | Q(pk__in=Event.objects.filter(circuit=circuit).values("race")))

    def with_editions(self):
        """Races held, each with `edition_count`, `earliest_year` and `latest_year` of its editions
        held: run, not cancelled nor still to come (as the race's own page counts them)."""
        held = Q(editions__status=EventStatus.COMPLETED)
        return self.annotate(
            edition_count=Count("editions", filter=held),
            earliest_year=Min("editions__year", filter=held),
            latest_year=Max("editions__year", filter=held),
        ).filter(edition_count__gt=0)

    def most_held(self):
        """Races held, the one with most editions first."""
        return self.with_editions().order_by("-edition_count", "name")


class Race(SluggedModel):
    """A recurring race with a history ("24 Hours of Daytona"); its editions are Events."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    circuit = models.ForeignKey(Circuit, on_delete=models.PROTECT, null=True, blank=True, related_name="races")
    first_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The year of the first edition, when known: with it milestones can say “first” and "
        "“Nth” at this race once the archive holds every edition since (a year it was not held is a "
        "cancelled edition).",
    )
    search_key = models.CharField(max_length=150, editable=False, db_index=True)

    objects = RaceQuerySet.as_manager()
    history = ArchiveHistory(excluded_fields=["search_key"])

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="race_unique_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_path("results:race", race=self.slug)


def newest_first_keys(prefix: str = "", *, undated_last: bool = True) -> tuple:
    """The order of events, latest first: by year, then date, undated events last, then name.

    "Undated last" is spelled out because PostgreSQL and SQLite put NULL dates at opposite
    ends otherwise. `prefix` orders other rows by their event, e.g. "session__event__" for
    results. Without `undated_last`, the keys are plain field names, as Meta.ordering
    wants them (see there).
    """
    start = models.F(f"{prefix}start_date").desc(nulls_last=True) if undated_last else f"-{prefix}start_date"
    return (f"-{prefix}year", start, f"{prefix}name", f"{prefix}id")


class EventQuerySet(NamedQuerySet):
    def completed(self):
        return self.filter(status=Event.Status.COMPLETED)

    def with_place(self):
        """What a list of events shows: season, series, race and circuit."""
        return self.select_related("season__series", "race", "circuit")

    def newest_first(self):
        """Latest first, as Meta.ordering has it (newest_first_keys)."""
        return self.order_by(*newest_first_keys())


# At module level so that Event.Meta's check constraint can read its values.
class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class Event(SluggedModel):
    """One dated race meeting: "Rolex 24 At Daytona" 2024, round 1 of the IMSA season."""

    Status = EventStatus

    season = models.ForeignKey(
        Season,
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
        help_text="Empty only for a historic edition whose series the archive does not know.",
    )
    race = models.ForeignKey(
        Race,
        on_delete=models.PROTECT,
        related_name="editions",
        null=True,
        blank=True,
        help_text="The recurring race this is an edition of, if any.",
    )
    year = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=150, help_text="As the event was called that year.")
    slug = models.SlugField(max_length=150)
    circuit = models.ForeignKey(Circuit, on_delete=models.PROTECT, related_name="events", null=True, blank=True)
    round = models.PositiveSmallIntegerField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.COMPLETED)
    search_key = models.CharField(max_length=200, editable=False, db_index=True)

    objects = EventQuerySet.as_manager()
    history = ArchiveHistory(excluded_fields=["search_key"])

    class Meta:
        # newest_first()'s keys as field names: Django reverses those when another model is
        # sorted by its event, newest last (an admin column), and not an expression. Only
        # PostgreSQL then lists undated events first in their year; pages use newest_first().
        ordering = newest_first_keys(undated_last=False)
        indexes = [
            # The latest events (the home page) in year order, sorted within the year alone:
            # without it every event of the archive was joined and sorted to find twelve.
            models.Index(fields=["-year"], name="event_newest_year"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "slug"],
                name="event_unique_slug_per_season",
                violation_error_message="This season already has an event with this slug.",
            ),
            # Also the index for a race's editions by year: another on (race, year) would repeat it.
            models.UniqueConstraint(
                fields=["race", "year"],
                name="event_unique_edition_per_race_and_year",
                violation_error_message="This race already has an edition in this year.",
            ),
            models.CheckConstraint(
                condition=models.Q(season__isnull=False) | models.Q(race__isnull=False),
                name="event_has_season_or_race",
                violation_error_message="An event belongs to a season, a race, or both.",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="event_ends_after_start",
                violation_error_message="The event cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(round__isnull=True) | models.Q(round__gte=1),
                name="event_round_positive",
                violation_error_message="Rounds are counted from 1.",
            ),
            models.CheckConstraint(condition=models.Q(status__in=EventStatus.values), name="event_status_valid"),
        ]

    def __str__(self):
        return f"{self.year} {self.name}"

    def get_absolute_url(self):
        if self.season_id:
            return page_path("results:event", series=self.season.series.slug, year=self.season.year, event=self.slug)
        return page_path("results:race_edition", race=self.race.slug, year=self.year)

    def get_laps_url(self):
        """Its race told lap by lap (results.views.laps), where its lap file is held."""
        if self.season_id:
            series, year = self.season.series.slug, self.season.year
            return page_path("results:event_laps", series=series, year=year, event=self.slug)
        return page_path("results:edition_laps", race=self.race.slug, year=self.year)

    def search_text(self) -> str:
        return f"{self.year} {self.name}"

    def slug_scope(self) -> dict:
        return {"season": self.season}

    def clean(self):
        if self.season_id and self.year and self.season.year != self.year:
            raise ValidationError({"year": f"The event's year must be its season's year ({self.season.year})."})
