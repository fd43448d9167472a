"""A race lap by lap, where the official lap file is known: every lap of every car, the
stints and caution periods derived from them once (results.stats.race_story), and the
weather through the session.

A lap belongs to a car's result in the session, so a lap file holds only cars of the
classification. Times are whole milliseconds, as everywhere in the archive. The derived
columns of a lap (positions and gaps at its end) and the stints and cautions are written
with the laps, by the lap import, and rewritten whenever its laps are.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from drivers.history import ArchiveHistory
from drivers.models import Driver
from results.models.calendar import CarClass
from results.models.sessions import Result, Session


class Flag(models.TextChoices):
    """The flag a car crossed the line under, as the timing writes it."""

    GREEN = "GF", "Green"
    CAUTION = "FCY", "Full-course yellow"
    RED = "RF", "Red"
    FINISH = "FF", "Chequered"


class Lap(models.Model):
    """One lap of one car: who drove it, its times, whether it ended in the pit lane, the flag."""

    Flag = Flag

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="timed_laps")
    number = models.PositiveSmallIntegerField()
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="laps_driven")
    time_ms = models.PositiveIntegerField(null=True, blank=True)
    s1_ms = models.PositiveIntegerField(null=True, blank=True)
    s2_ms = models.PositiveIntegerField(null=True, blank=True)
    s3_ms = models.PositiveIntegerField(null=True, blank=True)
    elapsed_ms = models.PositiveIntegerField(help_text="From the start to the car crossing the line.")
    time_of_day_ms = models.PositiveIntegerField(null=True, blank=True, help_text="Local time of the crossing.")
    kph = models.FloatField(null=True, blank=True)
    in_pit = models.BooleanField(default=False, help_text="The car crossed the line in the pit lane: an in-lap.")
    pit_time_ms = models.PositiveIntegerField(null=True, blank=True, help_text="Time in the pit lane, on an out-lap.")
    flag = models.CharField(max_length=3, choices=Flag.choices, default=Flag.GREEN)
    # Derived from every car's laps (results.stats.race_story): where the car was at the line.
    position = models.PositiveSmallIntegerField(null=True, blank=True)
    class_position = models.PositiveSmallIntegerField(null=True, blank=True)
    gap_ms = models.PositiveIntegerField(null=True, blank=True, help_text="Behind the leader of this lap.")
    interval_ms = models.PositiveIntegerField(null=True, blank=True, help_text="Behind the car ahead on this lap.")
    class_gap_ms = models.PositiveIntegerField(null=True, blank=True, help_text="Behind the class leader of this lap.")
    class_best = models.BooleanField(default=False, help_text="The fastest lap of its class in the session.")

    class Meta:
        ordering = ["result", "number"]
        constraints = [
            models.UniqueConstraint(fields=["result", "number"], name="lap_one_per_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="lap_number_positive"),
            models.CheckConstraint(condition=Q(flag__in=Flag.values), name="lap_flag_valid"),
        ]
        indexes = [
            # A few laps a session: found without reading its thousands.
            models.Index(fields=["result"], condition=Q(class_best=True), name="lap_class_best_idx"),
        ]

    def __str__(self):
        return f"Lap {self.number} of {self.result_id}"

    def get_absolute_url(self):
        return self.result.session.event.get_laps_url()


class LapSpan(models.Model):
    """A run of laps from one lap to another, and the elapsed times it began and ended at."""

    first_lap = models.PositiveSmallIntegerField()
    last_lap = models.PositiveSmallIntegerField()
    starts_ms = models.PositiveIntegerField(help_text="Elapsed time when it began (the lap before ended).")
    ends_ms = models.PositiveIntegerField(help_text="Elapsed time when its last lap ended.")

    class Meta:
        abstract = True

    @property
    def laps(self) -> int:
        return self.last_lap - self.first_lap + 1

    @property
    def duration_ms(self) -> int:
        return self.ends_ms - self.starts_ms


class Stint(LapSpan):
    """A run of a car's laps between two stops, by one driver."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="stints")
    order = models.PositiveSmallIntegerField()
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="stints")
    pit_time_ms = models.PositiveIntegerField(
        null=True, blank=True, help_text="The stop before it: time in the pit lane."
    )
    ends_in_pit = models.BooleanField(default=False, help_text="It ended with a stop, not the finish or a retirement.")

    class Meta:
        ordering = ["result", "order"]
        constraints = [
            models.UniqueConstraint(fields=["result", "order"], name="stint_one_per_order"),
            models.CheckConstraint(condition=Q(last_lap__gte=models.F("first_lap")), name="stint_laps_in_order"),
        ]

    def __str__(self):
        return f"Stint {self.order} of {self.result_id}: laps {self.first_lap}-{self.last_lap}"

    def get_absolute_url(self):
        return self.result.session.event.get_laps_url()


class CautionKind(models.TextChoices):
    CAUTION = "caution", "Full-course yellow"
    RED = "red", "Red flag"


class CautionPeriod(LapSpan):
    """A run of the leader's laps under a full-course yellow (or a red flag)."""

    Kind = CautionKind

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="caution_periods_run")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.CAUTION)

    class Meta:
        ordering = ["session", "order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "order"], name="cautionperiod_one_per_order"),
            models.CheckConstraint(condition=Q(kind__in=CautionKind.values), name="cautionperiod_kind_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.order}: laps {self.first_lap}-{self.last_lap}"

    def get_absolute_url(self):
        return self.session.event.get_laps_url()


class WeatherReading(models.Model):
    """The weather station at one moment of a session, in metric units."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="weather")
    taken_at = models.DateTimeField()
    air_c = models.FloatField(null=True, blank=True, verbose_name="air (°C)")
    track_c = models.FloatField(null=True, blank=True, verbose_name="track (°C)")
    humidity = models.FloatField(null=True, blank=True, verbose_name="humidity (%)")
    pressure_hpa = models.FloatField(null=True, blank=True)
    wind_kph = models.FloatField(null=True, blank=True)
    wind_direction = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Degrees, from the north.")
    rain = models.BooleanField(null=True, blank=True, help_text="Empty where the station does not say.")

    class Meta:
        ordering = ["session", "taken_at"]
        constraints = [models.UniqueConstraint(fields=["session", "taken_at"], name="weatherreading_one_per_moment")]

    def __str__(self):
        return f"Weather at {self.taken_at:%H:%M} UTC"

    def get_absolute_url(self):
        return self.session.event.get_laps_url()


class LapFile(models.Model):
    """The lap file (and weather file) a session's laps came from: that the session has laps
    at all, which counts over laps are taken over, and what a re-import compares with."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="lap_file")
    file_name = models.CharField(max_length=255)
    weather_file_name = models.CharField(max_length=255, blank=True)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the laps as read: the same file changes nothing.")
    laps = models.PositiveIntegerField()
    cars = models.PositiveSmallIntegerField()
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self):
        return f"{self.file_name} ({self.laps} laps) for {self.session}"

    def get_absolute_url(self):
        return self.session.event.get_laps_url()


class MinimumDriveTime(models.Model):
    """A regulation minimum time at the wheel in a race (the series' sporting or the event's
    supplementary regulations): for every driver or those of one rating, in one class or all.

    The drive times of the laps page show it beside each driver it applies to: the most
    particular rule (a class and a rating, then a class, then a rating, then every driver).
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="minimum_drive_times")
    car_class = models.ForeignKey(
        CarClass, on_delete=models.CASCADE, null=True, blank=True, related_name="+", help_text="Empty: every class."
    )
    rating = models.CharField(
        max_length=10,
        blank=True,
        help_text="The drivers' rating it is for (Bronze, Silver...); empty: every driver.",
    )
    minimum = models.DurationField()
    source = models.CharField(max_length=200, blank=True, help_text="Where the rule is written.")
    history = ArchiveHistory()

    class Meta:
        ordering = ["session", "car_class", "rating"]
        constraints = [
            models.CheckConstraint(condition=Q(minimum__gt=datetime.timedelta(0)), name="minimumdrivetime_positive"),
        ]

    def __str__(self):
        who = f"{self.rating} drivers" if self.rating else "every driver"
        where = f" in {self.car_class.name}" if self.car_class_id else ""
        return f"{self.minimum} for {who}{where}"

    def applies_to(self, car_class_id: int | None, rating: str) -> bool:
        return self.car_class_id in (None, car_class_id) and self.rating.lower() in ("", rating.lower())

    @property
    def particular(self) -> tuple[bool, bool]:
        """How particular the rule is: the most particular of those that apply counts."""
        return (self.car_class_id is not None, bool(self.rating))

    @property
    def minimum_ms(self) -> int:
        return round(self.minimum.total_seconds() * 1000)
