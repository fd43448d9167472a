"""What the history holds: the credits of a race, a series or a season, counted as they stood at a moment."""

from collections import defaultdict
from dataclasses import dataclass

from results.stats.records.rules import What, Who


@dataclass(frozen=True)
class Credit:
    """One credit of the history: what it counts for, its unit, when, and whom it credits."""

    what: What
    unit: tuple
    when: tuple  # (year, session order, session id): sorts the history
    year: int
    event_id: int
    keys: dict  # Who -> the keys credited, in the crew's order


class History:
    """Credits of one scope (a race, a series, a season), counted as they stood at a moment."""

    def __init__(self, credits):
        self.credits = sorted(credits, key=lambda credit: credit.when)

    def of(self, what: What, who: Who, key, upto: tuple) -> list[Credit]:
        """A subject's credits up to `upto`, oldest first, one per unit."""
        seen, found = set(), []
        for credit in self.credits:
            if credit.when <= upto and credit.what == what and key in credit.keys[who] and credit.unit not in seen:
                seen.add(credit.unit)
                found.append(credit)
        return found

    def best_other(self, what: What, who: Who, key, upto: tuple) -> int:
        """The most units any other subject had up to `upto`."""
        units = defaultdict(set)
        for credit in self.credits:
            if credit.when <= upto and credit.what == what:
                for other in credit.keys[who]:
                    if other != key:
                        units[other].add(credit.unit)
        return max((len(u) for u in units.values()), default=0)


def credited_keys(make, team, car, drivers) -> dict:
    return {
        Who.MAKE: (make,) if make else (),
        Who.TEAM: (team,) if team else (),
        Who.CAR: (car,) if car else (),
        Who.DRIVER: tuple(dict.fromkeys(drivers)),
    }
