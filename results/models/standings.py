"""Each driver's place in the latest standings of each championship class they raced in.

A career page lists a driver's place in every championship of every season they raced:
ranking those needs every result of those seasons (tens of thousands for a long career),
so the places are kept here, a row per driver and championship class. They follow from
the results by the rules of results.models.points: results.stats.standings.places
writes them in the transaction that writes the results or the rules they follow, and
`manage.py rebuild_credits` recounts them with the credits.
"""

from django.db import models

from drivers.models import Driver
from results.models.calendar import CarClass
from results.models.points import POINTS, Championship


class ChampionshipPlace(models.Model):
    championship = models.ForeignKey(Championship, on_delete=models.CASCADE, related_name="+")
    car_class = models.ForeignKey(CarClass, on_delete=models.CASCADE, null=True, related_name="+")
    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="+")
    # A copy of the championship's season, so a season's places are replaced without a join.
    season_id = models.IntegerField(db_index=True)

    position = models.PositiveIntegerField()
    shared = models.BooleanField(help_text="Another driver holds the same place.")
    points = models.DecimalField(**POINTS)
    wins = models.PositiveIntegerField()
    drivers = models.PositiveIntegerField(help_text="How many drivers the class's standings rank.")
    after = models.PositiveSmallIntegerField(help_text="The rounds counted so far.")
    rounds = models.PositiveSmallIntegerField(help_text="The rounds of the class, in the archive or not.")
    complete = models.BooleanField(help_text="Every round run so far is in the archive, whole: official.")

    class Meta:
        ordering = ["season_id", "championship", "car_class", "position"]
        constraints = [
            # One place a driver in a class of a championship; two, as NULL classes never collide.
            models.UniqueConstraint(
                fields=["championship", "car_class", "driver"],
                condition=models.Q(car_class__isnull=False),
                name="championshipplace_one_per_class",
            ),
            models.UniqueConstraint(
                fields=["championship", "driver"],
                condition=models.Q(car_class__isnull=True),
                name="championshipplace_one_without_class",
            ),
        ]

    def __str__(self):
        return f"driver {self.driver_id}: {self.position} in championship {self.championship_id}"

    def get_absolute_url(self):
        """The class's standings on the season page (championship and its season selected)."""
        return self.championship.season.get_absolute_url() + f"#{self.championship.standings_anchor(self.car_class)}"
