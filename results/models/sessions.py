"""What happened at an event: sessions, the cars entered and their crews, results."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from drivers.history import ArchiveHistory
from drivers.models import Car, Driver, SluggedModel, Team
from results.models.calendar import CarClass, Event, newest_first_keys, validate_time_zone


class SessionQuerySet(models.QuerySet):
    def for_event_page(self, results=None):
        """Sessions in order, each with its classes and its results in `.classification`.

        A fixed number of queries however many sessions, cars and drivers: the results of
        every session in one, the cars (entry, car, team, class) in one and their crews in
        one. Each car is fetched once and shared by its results in every session, which
        on a weekend of several sessions saves most of the objects a join would build.
        `results` narrows the results, e.g. to one class; it defaults to all of them.
        """
        if results is None:
            results = Result.objects.all()
        if not results.query.order_by:
            # Within a session: Meta's ordering starts with the session, and so joins it and
            # its event to sort by date what is one session here.
            results = results.order_by(F("position").asc(nulls_last=True), "id")
        results = results.select_related("qualifying_driver").with_car_and_crew(cars_apart=True)
        return (
            self.select_related("lap_file")  # whether the race is told lap by lap
            .prefetch_related("classes", models.Prefetch("results", queryset=results, to_attr="classification"))
            .order_by("order", "starts_at", "id")
        )


# Choices live at module level because a model's Meta cannot see the model's class body,
# and the check constraint backing each choice field reads its values from them. The
# models keep them under their usual names: Session.Kind, Result.Status.


class SessionKind(models.TextChoices):
    PRACTICE = "practice", "Practice"
    QUALIFYING = "qualifying", "Qualifying"
    WARMUP = "warmup", "Warm-up"
    RACE = "race", "Race"


class SessionStatus(models.TextChoices):
    PROVISIONAL = "provisional", "Provisional"
    OFFICIAL = "official", "Official"
    AMENDED = "amended", "Amended"


class SessionCompleteness(models.TextChoices):
    """How much of a classification the archive holds: what can be counted over it
    (results.stats.records.rules.SUPPORTED_BY)."""

    COMPLETE = "complete", "Complete: every car"
    TOP = "top", "Top places: the first cars overall, not every car"
    WINNERS = "winners", "Winners only: the overall and class winners"
    PARTIAL = "partial", "Some cars: neither every car nor the first places"


class Session(SluggedModel):
    slug_in_path = False  # its slug names an anchor on its event's page (SluggedModel)

    Kind = SessionKind
    Status = SessionStatus
    Completeness = SessionCompleteness

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(max_length=100, help_text="Race 1, Qualifying — GTD, Practice 2")
    slug = models.SlugField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0, help_text="Order within the event.")
    classes = models.ManyToManyField(
        CarClass, blank=True, related_name="sessions", help_text="Leave empty when every class took part."
    )
    starts_at = models.DateTimeField(null=True, blank=True, help_text="The start, in UTC.")
    time_zone = models.CharField(
        max_length=64, default="UTC", validators=[validate_time_zone], help_text="The circuit's time zone."
    )
    start_time_known = models.BooleanField(
        default=False, help_text="Off when only the day is known: the page then shows no time."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OFFICIAL)
    completeness = models.CharField(
        max_length=10,
        choices=Completeness.choices,
        default=Completeness.COMPLETE,
        help_text="Less than complete when the source gives only the winners, the first places or some cars: "
        "starts, podiums and laps are then not counted over it.",
    )
    source = models.CharField(max_length=255, blank=True, help_text="Where the results come from: a file, a report.")
    duration = models.DurationField(null=True, blank=True, help_text="Scheduled length, e.g. 24:00:00.")
    caution_periods = models.PositiveSmallIntegerField(null=True, blank=True)
    red_flags = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)

    objects = SessionQuerySet.as_manager()
    history = ArchiveHistory()

    class Meta:
        ordering = ["event", "order", "starts_at", "id"]
        # An event's races or qualifying sessions: what milestones ask of every earlier edition.
        indexes = [models.Index(fields=["event", "kind", "completeness"], name="session_event_kind_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "slug"],
                name="session_unique_slug_per_event",
                violation_error_message="This event already has a session with this name.",
            ),
            models.CheckConstraint(condition=Q(kind__in=SessionKind.values), name="session_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=SessionStatus.values), name="session_status_valid"),
            models.CheckConstraint(
                condition=Q(completeness__in=SessionCompleteness.values), name="session_completeness_valid"
            ),
        ]

    def __str__(self):
        return f"{self.event} — {self.name}"

    def get_absolute_url(self):
        return self.event.get_absolute_url() + f"#session-{self.slug}"

    def slug_scope(self) -> dict:
        return {"event_id": self.event_id}

    @property
    def local_start(self):
        """The start in the circuit's time, or None when unknown."""
        if self.starts_at is None:
            return None
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))

    @property
    def is_partial(self) -> bool:
        """Whether the classification lacks cars (winners only, the first places or some cars)."""
        return self.completeness != self.Completeness.COMPLETE


# A car as every table draws it: chassis and engine makes, team, class with its series;
# its crew (with the drivers) comes by a prefetch of its own, see with_crew().
CAR_RELATIONS = ("car__manufacturer", "car__engine_manufacturer", "team", "car_class__series")


def with_crew(path: str = "crew") -> models.Prefetch:
    """The crew of the cars at `path`, in crew order, with their drivers: one query.

    Ordered within a crew only: Meta's ordering starts with the entry, whose own starts
    with the event, and sorting a 56-car field's crews by event date took two joins.
    """
    return models.Prefetch(path, queryset=EntryDriver.objects.select_related("driver").order_by("order", "id"))


class EntryQuerySet(models.QuerySet):
    def with_car_and_crew(self):
        """The cars with what a table shows of them (CAR_RELATIONS) and their crews: two queries."""
        return self.select_related(*CAR_RELATIONS).prefetch_related(with_crew())


def entrant_shown(entrant_name: str, team_name: str) -> str:
    """The name a car raced under (`Entry.display_entrant`), from the names alone."""
    return entrant_name or team_name or ""


class Entry(models.Model):
    """A car in an event. Its number is a string: "01" and "1" are different cars."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="entries")
    number = models.CharField(max_length=8, blank=True, help_text="As written: 01 and 1 differ. Blank if unknown.")
    car_class = models.ForeignKey(
        CarClass, on_delete=models.PROTECT, null=True, blank=True, related_name="entries", verbose_name="class"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="entries")
    entrant_name = models.CharField(
        max_length=150, blank=True, help_text="The entrant as named on the day (Porsche Penske Motorsports)."
    )
    car = models.ForeignKey(Car, on_delete=models.PROTECT, null=True, blank=True, related_name="entries")
    drivers = models.ManyToManyField(Driver, through="EntryDriver", related_name="entries")

    objects = EntryQuerySet.as_manager()
    history = ArchiveHistory()

    class Meta:
        ordering = ["event", "number"]
        verbose_name_plural = "entries"
        constraints = [
            # Old results sometimes lack the number: blank means unknown, and only
            # known numbers must be unique.
            models.UniqueConstraint(
                fields=["event", "number"],
                condition=~Q(number=""),
                name="entry_unique_number_per_event",
                violation_error_message="This car number is already used in this event.",
            ),
        ]
        indexes = [
            # An import finds the team a car was entered under by that name, whatever its
            # case (importers.matching.prefetch_entrants): without this, a read of every entry.
            models.Index(Lower("entrant_name"), condition=Q(team__isnull=False), name="entry_entrant_lower"),
        ]

    def __str__(self):
        return f"#{self.number} {self.display_entrant}".strip()

    def get_absolute_url(self):
        return self.event.get_absolute_url() + f"#car-{self.number}"

    @property
    def display_entrant(self) -> str:
        """The name the car raced under, falling back to the team's."""
        return entrant_shown(self.entrant_name, self.team.name if self.team_id else "")

    def clean(self):
        same_series = not (self.car_class_id and self.event_id and self.event.season_id) or (
            self.car_class.series_id == self.event.season.series_id
        )
        if not same_series:
            raise ValidationError({"car_class": "This class belongs to another series than the event's."})


class EntryDriver(models.Model):
    """A driver of a car's crew, in the order the entry lists them."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="crew")
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="crews")
    order = models.PositiveSmallIntegerField(default=1)
    fia_rating = models.CharField(max_length=10, blank=True, help_text="Platinum, Gold, Silver, Bronze.")

    history = ArchiveHistory()

    class Meta:
        ordering = ["entry", "order", "id"]
        verbose_name = "crew member"
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "driver"],
                name="entrydriver_unique_driver_per_crew",
                violation_error_message="This driver is already in this car's crew.",
            ),
            models.CheckConstraint(condition=Q(order__gte=1), name="entrydriver_order_positive"),
        ]

    def __str__(self):
        return f"{self.driver} in {self.entry}"


class ResultQuerySet(models.QuerySet):
    def with_car_and_crew(self, *, cars_apart: bool = False):
        """The results with their car, class, team and crew: the load plan of every table of results.

        Joined by default: the cars come in the results' own query and the crews in one
        more. `cars_apart` fetches the cars in a query of their own instead (three in
        all), for where that is cheaper: a history, which the database should filter
        and sort before joining (one wide join made PostgreSQL read every result of the
        archive first), and an event page, where one car has results in every session.
        """
        if cars_apart:
            # Unordered: each result finds its own car, and Meta's order would join the event.
            cars = Entry.objects.with_car_and_crew().order_by()
            return self.prefetch_related(models.Prefetch("entry", queryset=cars))
        joined = [f"entry__{relation}" for relation in CAR_RELATIONS]
        return self.select_related(*joined).prefetch_related(with_crew("entry__crew"))

    def with_event(self):
        """Each result's event with its season, series and race (its address needs one of them), joined."""
        return self.select_related("session__event__season__series", "session__event__race")

    def newest_first(self):
        """Results in the order of their events (Event's newest_first), then by session."""
        return self.order_by(*newest_first_keys("session__event__"), "session__order", "id")

    def for_classification(self):
        """Everything a classification table shows, in classification order."""
        return (
            self.with_car_and_crew()
            .select_related("best_lap_driver", "qualifying_driver")
            .order_by(F("position").asc(nulls_last=True), F("class_position").asc(nulls_last=True), "entry__number")
        )

    def races(self):
        return self.filter(session__kind=Session.Kind.RACE)


class ResultStatus(models.TextChoices):
    CLASSIFIED = "classified", "Classified"
    NOT_CLASSIFIED = "not_classified", "Not classified"
    RETIRED = "retired", "Retired"
    DID_NOT_START = "did_not_start", "Did not start"
    DISQUALIFIED = "disqualified", "Disqualified"
    EXCLUDED = "excluded", "Excluded"


# Statuses that give no place in the classification.
UNPLACED_STATUSES = (
    ResultStatus.NOT_CLASSIFIED,
    ResultStatus.DID_NOT_START,
    ResultStatus.DISQUALIFIED,
    ResultStatus.EXCLUDED,
)


class Result(models.Model):
    """An entry's result in one session. Times are whole milliseconds, formatted on output."""

    Status = ResultStatus
    UNPLACED = UNPLACED_STATUSES

    # No index of its own: result_one_per_entry_and_session begins with session. The entry
    # keeps its own: PostgreSQL finds a car's results through it, not the wider
    # result_entry_session_idx (migration 0011 says by how much).
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="results", db_index=False)
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="results")
    position = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Overall; empty when not classified.")
    class_position = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Derived from the overall order; typed only when the source gives no overall position.",
    )
    position_at_line = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Overall at the finish, when a penalty changed it afterwards."
    )
    class_position_at_line = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="In class at the finish, when a penalty changed it afterwards."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CLASSIFIED)
    source_status = models.CharField(max_length=40, blank=True, help_text="The status as the source wrote it.")
    reason = models.CharField(max_length=150, blank=True, help_text="Why it retired or was penalised: gearbox.")
    laps = models.IntegerField(null=True, blank=True)
    total_time_ms = models.BigIntegerField(null=True, blank=True, verbose_name="total time (ms)")
    gap_ms = models.BigIntegerField(null=True, blank=True, verbose_name="gap to the leader (ms)")
    gap_laps = models.IntegerField(null=True, blank=True, verbose_name="gap to the leader (laps)")
    # Within a full classification the class gap follows from the times and laps; these
    # hold it only where a source gives it without the cars around ("seven laps down").
    class_gap_ms = models.BigIntegerField(null=True, blank=True, verbose_name="gap to the class leader (ms)")
    class_gap_laps = models.IntegerField(null=True, blank=True, verbose_name="gap to the class leader (laps)")
    best_lap_ms = models.BigIntegerField(null=True, blank=True, verbose_name="best lap (ms)")
    best_lap_number = models.IntegerField(null=True, blank=True)
    best_lap_driver = models.ForeignKey(
        Driver, on_delete=models.PROTECT, null=True, blank=True, related_name="best_laps"
    )
    grid = models.PositiveSmallIntegerField(null=True, blank=True)
    qualifying_driver = models.ForeignKey(
        Driver, on_delete=models.PROTECT, null=True, blank=True, related_name="qualifying_results"
    )

    objects = ResultQuerySet.as_manager()
    history = ArchiveHistory()

    class Meta:
        ordering = ["session", F("position").asc(nulls_last=True), "id"]
        indexes = [
            models.Index(fields=["entry", "session"], name="result_entry_session_idx"),
            models.Index(fields=["position", "session"], name="result_position_idx"),
            models.Index(fields=["class_position", "session"], name="result_class_position_idx"),
            # A make's, team's or car's wins are read through its entries: one probe per entry
            # (a make has 17,000), each cheap in an index of the winning results alone.
            models.Index(
                fields=["entry", "session"],
                condition=Q(position=1) | Q(class_position=1),
                name="result_winner_entry_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "entry"],
                name="result_one_per_entry_and_session",
                violation_error_message="This car already has a result in this session.",
            ),
            models.UniqueConstraint(
                fields=["session", "position"],
                condition=Q(position__isnull=False),
                name="result_unique_position_per_session",
                violation_error_message="Two results cannot share a position in one session.",
            ),
            models.CheckConstraint(
                condition=Q(position__isnull=True) | Q(position__gte=1),
                name="result_position_positive",
                violation_error_message="Positions are counted from 1.",
            ),
            models.CheckConstraint(
                condition=Q(class_position__isnull=True) | Q(class_position__gte=1),
                name="result_class_position_positive",
                violation_error_message="Class positions are counted from 1.",
            ),
            models.CheckConstraint(
                condition=Q(laps__isnull=True) | Q(laps__gte=0),
                name="result_laps_not_negative",
                violation_error_message="Laps cannot be negative.",
            ),
            models.CheckConstraint(
                condition=(Q(total_time_ms__isnull=True) | Q(total_time_ms__gte=0))
                & (Q(best_lap_ms__isnull=True) | Q(best_lap_ms__gt=0))
                & (Q(gap_ms__isnull=True) | Q(gap_ms__gte=0)),
                name="result_times_not_negative",
                violation_error_message="Times cannot be negative.",
            ),
            models.CheckConstraint(
                condition=(Q(class_gap_ms__isnull=True) | Q(class_gap_ms__gte=0))
                & (Q(class_gap_laps__isnull=True) | Q(class_gap_laps__gte=0)),
                name="result_class_gap_not_negative",
                violation_error_message="A gap cannot be negative.",
            ),
            models.CheckConstraint(condition=Q(status__in=ResultStatus.values), name="result_status_valid"),
            models.CheckConstraint(
                condition=Q(position__isnull=True) | ~Q(status__in=UNPLACED_STATUSES),
                name="result_unplaced_has_no_position",
                violation_error_message=(
                    "A car that was not classified, did not start or was disqualified has no position."
                ),
            ),
        ]

    def __str__(self):
        where = f"P{self.position}" if self.position else self.get_status_display()
        return f"{where} {self.entry}"

    def get_absolute_url(self):
        return self.entry.get_absolute_url()

    def clean(self):
        if self.entry_id and self.session_id and self.entry.event_id != self.session.event_id:
            raise ValidationError({"entry": "This car is entered in another event than the session's."})

    @property
    def is_placed(self) -> bool:
        return self.status not in self.UNPLACED

    @property
    def position_changed_after_finish(self) -> bool:
        return (self.position_at_line is not None and self.position_at_line != self.position) or (
            self.class_position_at_line is not None and self.class_position_at_line != self.class_position
        )
