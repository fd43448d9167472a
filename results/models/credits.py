"""Who was credited with what: the narrow table every count of the archive can read.

One row per subject (a driver, team, chassis or engine make, car model or nationality),
session and class: what that subject's cars did there (started, won, a podium, a pole...)
and how many laps they covered, with the keys a count is narrowed by (race, series,
circuit, season, class, year, and its place in time) copied from the event, so a count needs no join.

The rows follow from the results by the rules in results.stats.records.rules;
results.stats.credits writes them in the transaction that writes the results, and
`manage.py rebuild_credits` recounts them all.
"""

from django.db import models

from results.models.calendar import Event
from results.models.sessions import Session


class Credited(models.TextChoices):
    """Who a count credits (the records explorer's "who")."""

    MAKE = "make", "Manufacturer (chassis)"
    ENGINE = "engine", "Manufacturer (engine)"
    TEAM = "team", "Team"
    DRIVER = "driver", "Driver"
    CAR = "car", "Car model"
    NATIONALITY = "nationality", "Nationality"


FROM_LAPS = ["laps_led", "class_laps_led", "drive_ms", "fastest_lap", "class_fastest_lap"]
COVERED = [
    "sequence",
    "started",
    "win",
    "podium",
    "class_win",
    "class_podium",
    "pole",
    "class_pole",
    "counted_start",
    "counted_podium",
]


class Credit(models.Model):
    Who = Credited

    # Django deletes a session's and an event's credits with them; the database does not
    # check each credit's keys as well, since every credit is written by a recount that
    # read them from the results a moment before, and an import of 200 races spent a
    # third of a second at its commit checking 160,000 of them. rebuild_credits --check
    # finds a credit that no longer follows the results.
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    # Copies of the event's keys, kept with the event by the recount: plain columns, since
    # a count filters by them and never joins through them.
    race_id = models.IntegerField(null=True)
    season_id = models.IntegerField(null=True)
    series_id = models.IntegerField(null=True)
    circuit_id = models.IntegerField(null=True)
    year = models.PositiveSmallIntegerField()
    # The event's place in time as one number, so the first and last of a count are a
    # MIN and MAX over an integer: (year, month and day or 0 if undated) then the event id.
    sequence = models.BigIntegerField()
    car_class_id = models.IntegerField(null=True)

    who = models.CharField(max_length=11, choices=Credited.choices)
    subject_id = models.IntegerField(null=True, help_text="The driver, team, make or car; empty for a nationality.")
    country = models.CharField(max_length=2, blank=True, help_text="The nationality credited; blank if unknown.")

    started = models.BooleanField()
    win = models.BooleanField()
    podium = models.BooleanField()
    class_win = models.BooleanField()
    class_podium = models.BooleanField()
    pole = models.BooleanField()
    class_pole = models.BooleanField()
    # A subject's cars can start (and finish on the podium) in several classes of one race,
    # each a row of its own: these mark the first such row by class, so that a count of
    # races over the whole archive is a plain COUNT, not a COUNT(DISTINCT session) that
    # PostgreSQL sorts row by row (records.rules.credits_counted_once).
    counted_start = models.BooleanField(default=False, help_text="Counted as the subject's one start in its session.")
    counted_podium = models.BooleanField(default=False, help_text="Counted as the subject's one podium in its session.")
    laps = models.IntegerField(null=True)
    # From the session's lap file (results.models.laps), and empty where it has none: laps
    # led are then unknown, not none. A driver's are the laps they drove; anyone else's,
    # their cars'.
    laps_led = models.IntegerField(null=True)
    class_laps_led = models.IntegerField(null=True)
    drive_ms = models.BigIntegerField(null=True)
    fastest_lap = models.BooleanField(default=False)
    class_fastest_lap = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # A ranking over the whole archive reads these alone, in subject order (on
            # PostgreSQL, which can put the flags in the index: an index-only scan).
            models.Index(fields=["who", "subject_id", "session_id"], include=COVERED, name="credit_subject"),
            models.Index(fields=["who", "country", "session_id"], include=COVERED, name="credit_country"),
            # The few credits of sessions with a lap file, for rankings from the laps.
            models.Index(
                fields=["who", "subject_id", "session_id"],
                include=[*COVERED, *FROM_LAPS],
                condition=models.Q(laps_led__isnull=False),
                name="credit_from_laps",
            ),
            # A ranking of starts over the whole archive: a third of the rows, and narrow.
            models.Index(
                fields=["who", "subject_id"],
                include=["sequence"],
                condition=models.Q(counted_start=True),
                name="credit_counted_start",
            ),
            models.Index(fields=["who", "race_id"], name="credit_race"),
            models.Index(fields=["who", "series_id"], name="credit_series"),
            models.Index(fields=["who", "circuit_id"], name="credit_circuit"),
            models.Index(fields=["who", "car_class_id"], name="credit_class"),
        ]

    def __str__(self):
        return f"{self.who} {self.subject_id or self.country} in session {self.session_id}"
