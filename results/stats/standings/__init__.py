"""Championship standings, computed from the results with the rules of `results.models.points`.

An editor who corrects a result (a penalty, a disqualification) corrects the standings
with it: a season page computes them from the results, reading the season in a fixed
number of queries whatever its size and working in memory from there. What a driver's
career page lists (their place in every championship of every season they raced) would
need every result of those seasons, so it is kept: `places` ranks a season again
whenever results.stats.credits recounts one of its events or a points rule changes.

The counting rules, as the standings pages state them:
- A round is one scoring session (a race) of a counted event: a weekend of two races is
  two rounds, as the cups count them. An event whose race classification the archive
  lacks is still a round, shown as missing.
- Cars score by class position: the scale's points, times the event's multiplier. A car
  disqualified or excluded scores nothing, not even the fastest lap.
- Pole is class position 1 in the event's last qualifying session of the class (the one
  that set the grid); its points, and any points by qualifying position, count in the
  event's first round.
- Every driver of a car's crew is credited with the car's points; a team scores by car
  (its #7 and #6 are two competitors); a manufacturer scores for its best-placed car of
  the class in each race, and never for pole or lap.
- A start is a race result whose status is not "did not start" or "excluded".
- Ties are broken on countback (most wins, then most second places…), or shared.

The modules, in the order the computation runs: data (every row read, once, and who
competes) → rules (which points rules apply, which races count) → scoring (what each car
scores, credited to drivers, team cars and makes) → ranking (places, countback, the
table) → championship (a championship class by class; what the season page and a
driver's career page ask for) → places (the drivers' places kept for career pages).
points does the arithmetic for them all.
"""

from results.stats.standings.championship import championship_standings, driver_championships, season_standings
from results.stats.standings.data import SeasonData

__all__ = ["SeasonData", "championship_standings", "driver_championships", "season_standings"]
