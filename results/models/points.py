"""Championship rules as data: points scales, the championships of a season, event rules.

`results.stats.standings` computes the standings from the results with these rules, so
correcting a result corrects the standings; the drivers' places a career page lists are
kept (results.models.standings) and recounted with every change to the results or rules.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.functional import cached_property

from drivers.models import SluggedModel
from results.models.calendar import CarClass, Event, Season
from results.models.sessions import Session

POINTS = {"max_digits": 7, "decimal_places": 2}


class PointsScale(models.Model):
    """Points by finishing position (25-20-17…), with an optional rule beyond the listed places."""

    name = models.CharField(max_length=100, help_text="Carrera Cup North America, IMSA WeatherTech, WEC 6 hours")
    step_beyond = models.DecimalField(
        **POINTS,
        null=True,
        blank=True,
        verbose_name="then fewer by",
        help_text="Beyond the listed places, each place scores this many points fewer than the one before "
        "(IMSA: 10). Leave empty when only the listed places score.",
    )
    minimum = models.DecimalField(
        **POINTS,
        default=Decimal(0),
        verbose_name="points for any other place",
        help_text="What every place beyond the table scores, and the least it can fall to "
        "(WEC: 0.5 for each classified car after 10th).",
    )
    notes = models.TextField(blank=True, help_text="Where the rule comes from: the sporting regulations' article.")

    class Meta:
        ordering = ["name"]
        verbose_name = "points scale"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="pointsscale_unique_name",
                violation_error_message="A points scale with this name already exists.",
            ),
            models.CheckConstraint(
                condition=Q(step_beyond__isnull=True) | Q(step_beyond__gt=0),
                name="pointsscale_step_positive",
                violation_error_message="“Then fewer by” must be more than zero, or empty.",
            ),
            models.CheckConstraint(
                condition=Q(minimum__gte=0),
                name="pointsscale_minimum_not_negative",
                violation_error_message="Points cannot be negative.",
            ),
        ]

    def __str__(self):
        return self.name

    @cached_property
    def by_position(self) -> dict[int, Decimal]:
        # Reads the prefetched values when the caller prefetched them: one query per page.
        return {value.position: value.points for value in self.values.all()}

    def points_for(self, position: int) -> Decimal:
        """The points for a finishing position, beyond the listed places too."""
        table = self.by_position
        if position in table:
            return table[position]
        last = max(table, default=0)
        if position < last or self.step_beyond is None or not table:
            return self.minimum
        return max(self.minimum, table[last] - self.step_beyond * (position - last))

    def summary(self, places: int = 6) -> str:
        """The scale as fans write it: 25-20-17-14-12-10…"""
        table = self.by_position
        text = "-".join(f"{table[p].normalize():f}" for p in sorted(table)[:places])
        return text + ("…" if len(table) > places or self.step_beyond else "")


class PointsScaleValue(models.Model):
    scale = models.ForeignKey(PointsScale, on_delete=models.CASCADE, related_name="values")
    position = models.PositiveSmallIntegerField()
    points = models.DecimalField(**POINTS)

    class Meta:
        ordering = ["scale", "position"]
        verbose_name = "points for a place"
        verbose_name_plural = "points by place"
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "position"],
                name="pointsscalevalue_unique_position",
                violation_error_message="This scale already gives points for this place.",
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1),
                name="pointsscalevalue_position_positive",
                violation_error_message="Places are counted from 1.",
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0),
                name="pointsscalevalue_points_not_negative",
                violation_error_message="Points cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"P{self.position}: {self.points.normalize():f}"


class ChampionshipQuerySet(models.QuerySet):
    def scoring_by(self, scale_id: int):
        """The championships that score by the points scale, in races, in qualifying or at one event."""
        return self.filter(Q(scale=scale_id) | Q(qualifying_scale=scale_id) | Q(event_rules__scale=scale_id))

    def with_rules(self):
        """What `results.stats.standings` reads of each championship besides its scales (loaded apart, once)."""
        return self.select_related("season__series").prefetch_related("classes", "event_rules")


# At module level so that Championship.Meta's check constraints can read their values.
class ChampionshipManufacturerPoints(models.TextChoices):
    BEST_CAR = "best_car", "The points of its best-placed car's class position"
    MAKE_ORDER = "make_order", "Points by the order of the makes, each placed by its best car"


class ChampionshipTieBreak(models.TextChoices):
    COUNTBACK = "countback", "Countback: most wins, then most second places, and so on"
    SHARED = "shared", "None: equal points share the place"


class Championship(SluggedModel):
    """A title contested in a season: the main championship, or a cup counting some events only."""

    ManufacturerPoints = ChampionshipManufacturerPoints
    TieBreak = ChampionshipTieBreak

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="championships")
    name = models.CharField(max_length=150, help_text="Porsche Carrera Cup North America, ANDIAL Cup")
    slug = models.SlugField(max_length=150, blank=True, help_text="Made from the name when left empty.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Order on the season page: the main title first.")
    classes = models.ManyToManyField(
        CarClass, blank=True, related_name="championships", help_text="Leave empty for every class of the series."
    )
    counts_every_event = models.BooleanField(
        default=True,
        help_text="Untick for a cup that counts only some events (ANDIAL Cup, Michelin Endurance Cup), "
        "then list them below.",
    )
    scoring_kind = models.CharField(
        max_length=12,
        choices=Session.Kind.choices,
        default=Session.Kind.RACE,
        verbose_name="sessions that score",
        help_text="Every session of this kind at a counted event scores (two races in a weekend: both).",
    )
    scale = models.ForeignKey(
        PointsScale,
        on_delete=models.PROTECT,
        related_name="championships",
        verbose_name="points by class position",
    )
    qualifying_scale = models.ForeignKey(
        PointsScale,
        on_delete=models.PROTECT,
        related_name="qualifying_championships",
        null=True,
        blank=True,
        verbose_name="points by qualifying position",
        help_text="Only where the series gives points for qualifying (IMSA).",
    )
    pole_points = models.DecimalField(
        **POINTS, default=Decimal(0), help_text="For class pole in the qualifying that set the grid (cups: 2)."
    )
    fastest_lap_points = models.DecimalField(
        **POINTS, default=Decimal(0), help_text="For the fastest race lap in each class (cups: 1)."
    )
    scores_drivers = models.BooleanField(default=True, verbose_name="drivers")
    scores_teams = models.BooleanField(default=True, verbose_name="teams, by car")
    scores_manufacturers = models.BooleanField(default=False, verbose_name="manufacturers")
    manufacturer_points = models.CharField(
        max_length=10,
        choices=ManufacturerPoints.choices,
        default=ManufacturerPoints.BEST_CAR,
        help_text="Manufacturers score their best-placed car of the class only; pole and lap points are not theirs.",
    )
    tie_break = models.CharField(max_length=10, choices=TieBreak.choices, default=TieBreak.COUNTBACK)
    official_rounds = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Rounds on the official calendar, when the archive may lack some: the standings then say so.",
    )

    objects = ChampionshipQuerySet.as_manager()

    class Meta:
        ordering = ["season", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "slug"],
                name="championship_unique_slug_per_season",
                violation_error_message="This season already has a championship with this slug.",
            ),
            models.UniqueConstraint(
                "season",
                Lower("name"),
                name="championship_unique_name_per_season",
                violation_error_message="This season already has a championship with this name.",
            ),
            models.CheckConstraint(
                condition=Q(pole_points__gte=0) & Q(fastest_lap_points__gte=0),
                name="championship_bonus_not_negative",
                violation_error_message="Points cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(scores_drivers=True) | Q(scores_teams=True) | Q(scores_manufacturers=True),
                name="championship_scores_someone",
                violation_error_message="Tick at least one of drivers, teams and manufacturers.",
            ),
            models.CheckConstraint(
                condition=Q(official_rounds__isnull=True) | Q(official_rounds__gte=1),
                name="championship_official_rounds_positive",
                violation_error_message="Rounds are counted from 1.",
            ),
            models.CheckConstraint(
                condition=Q(scoring_kind__in=Session.Kind.values), name="championship_scoring_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(manufacturer_points__in=ChampionshipManufacturerPoints.values),
                name="championship_manufacturer_points_valid",
            ),
            models.CheckConstraint(
                condition=Q(tie_break__in=ChampionshipTieBreak.values), name="championship_tie_break_valid"
            ),
        ]

    def __str__(self):
        return f"{self.season.year} {self.name}"

    def get_absolute_url(self):
        return self.season.get_absolute_url() + f"#standings-{self.slug}"

    def standings_anchor(self, car_class) -> str:
        """The id of a class's standings (None: the overall standings) on the season page."""
        code = car_class.code.lower() if car_class else "overall"
        return f"standings-{self.slug}-{code}"

    def slug_scope(self) -> dict:
        return {"season_id": self.season_id}


class ChampionshipEvent(models.Model):
    """How one event counts for a championship: a cup's chosen events, double points, Le Mans' table."""

    championship = models.ForeignKey(Championship, on_delete=models.CASCADE, related_name="event_rules")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="championship_rules")
    counts = models.BooleanField(
        default=True, help_text="Untick for an event of the season that is not a round of this championship."
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="championship_rules",
        verbose_name="only this session",
        help_text="Leave empty when every scoring session of the event scores.",
    )
    scale = models.ForeignKey(
        PointsScale,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_rules",
        verbose_name="points table of its own",
        help_text="A larger table for a longer race (Le Mans); empty: the championship's.",
    )
    multiplier = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        help_text="2 for double points, 0.5 where a rule halves them. Multiplies the finishing points only.",
    )
    note = models.CharField(max_length=150, blank=True, help_text="Shown with the standings: “double points”.")

    class Meta:
        ordering = ["championship", "event__start_date", "event__id"]
        verbose_name = "event rule"
        constraints = [
            models.UniqueConstraint(
                fields=["championship", "event"],
                name="championshipevent_unique_event",
                violation_error_message="This event already has a rule in this championship.",
            ),
            models.CheckConstraint(
                condition=Q(multiplier__gt=0),
                name="championshipevent_multiplier_positive",
                violation_error_message="The multiplier must be more than zero; untick “counts” instead.",
            ),
        ]

    def __str__(self):
        return f"{self.event} in {self.championship.name}"

    def get_absolute_url(self):
        return self.championship.get_absolute_url()

    def clean(self):
        errors = {}
        # The championship may be unsaved yet (an admin page adding it with its event rules).
        championship = getattr(self, "championship", None)
        if self.event_id and championship is not None and self.event.season_id != championship.season_id:
            errors["event"] = f"{self.event} is not an event of the {championship.season} season."
        if self.session_id and self.event_id and self.session.event_id != self.event_id:
            errors["session"] = f"{self.session} is a session of another event."
        elif self.session_id and championship is not None and self.session.kind != championship.scoring_kind:
            kind = championship.get_scoring_kind_display().lower()
            errors["session"] = f"{self.session.name} is not a {kind} session, and only those score."
        if errors:
            raise ValidationError(errors)
