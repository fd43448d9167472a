"""Milestones of an event: what its winners and pole sitters did for the first or the Nth
time, as a journalist would cite it.

    Porsche's 19th overall win at the 24 Hours of Daytona, a record, and its first since 2003
    the first win at the 24 Hours of Daytona for the Porsche 963
    Risi Competizione's first class win at the 24 Hours of Daytona
    BMW's first class win in the FIA WEC
    Laurin Heinrich's first GTD Pro pole of the season
    the 100th race of the series at Watkins Glen

**What is counted** is what stats/records counts (DESIGN.md section 3): an overall
win, a class win, a pole, credited once per race (once per class of a race for class
wins) to the car's make (the chassis make), team, car model and every driver of its crew;
a pole to the driver who set it when the archive knows who did, else to the crew.

**As it stood at that event.** Every count runs over the editions, races and rounds up to
this one: earlier years, earlier rounds of the season, earlier races of the same event
(a cup weekend's race 1 before its race 2). A later edition changes nothing said here.

**Coverage.** A "first", an "Nth", "a record" or "in a row" is claimed only where the
archive holds every earlier edition the claim depends on, with the result it counts:

- *at a race* (Race): the race says the year of its first edition (`Race.first_year`),
  and every year from then to the year before this edition has an edition in the
  archive, either not held (an event of the race whose status is cancelled, like the
  24 Hours of Daytona of 1974) or held with, for overall wins, the overall winner of each
  of its races (a result at position 1), and for class wins, the complete classification
  of each of its races (`Session.completeness` complete). A year with no edition at all
  is a hole;
- *in a series*: the series says the year of its first season (`Series.first_year`);
  every season from then to the year before has its number of rounds (`Season.rounds`)
  and an event for each round 1..rounds, not held or held with what is counted (as
  above; for counting races, its race sessions); and this season holds every round
  before this event's (whose round must be known);
- *in a season* (poles): every round before this event's has an event that was not held,
  or whose pole in that class is known, or whose qualifying sessions are all complete.

"First since 2003" needs only the editions between 2003 and this one. Where coverage
fails, a subject with no earlier occurrence in the archive gets "first ... in the archive"
(makes and teams only), a drought that coverage spans still gets "first since", and
nothing else is said. A "first" is not said at the first edition of a race, the first
race of a series or the first round of a season, where every winner is a first.

The claims are facts (claims.py); results.display.milestones words them, with names from the
database; nothing is typed by hand. `for_event()` answers in a fixed number of queries however
long the history (tests/results/test_milestones.py holds the bound).
"""
