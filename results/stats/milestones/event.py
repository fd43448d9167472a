"""An event's milestones: its scopes loaded once (race, series, season), its winners' claims worded."""

import functools
from collections import Counter, defaultdict

from django.db.models import BooleanField, ExpressionWrapper, Q

from results.models import EntryDriver, Event, Result, Season, Session
from results.models.credits import Credit as CreditRow  # a row of the table; history.Credit is a claim's
from results.stats import cache, invalidation
from results.stats.milestones.claims import (
    CLASS_POLES,
    CLASS_WINS,
    EQUALS_RECORD,
    FIRST_FOR,
    FIRST_IN_ARCHIVE,
    FIRST_SINCE,
    NTH,
    NTH_RACE,
    POLES,
    RECORD,
    WINS,
    EventMilestones,
    Milestone,
    ResultMilestones,
    SessionMilestones,
    records_link,
)
from results.stats.milestones.coverage import NEED_OF, Edition, RaceCoverage, SeriesCoverage, editions_with_holdings
from results.stats.milestones.history import Credit, History, credited_keys
from results.stats.records.rules import What, Who, counting_q, credit_count, credits_counting

# The counting rules' Q objects, built once: Django copies them whenever a query uses them,
# and building the pole rules' subqueries anew for every query cost more than running them.
rule = functools.cache(counting_q)


SUBJECTS = (Who.MAKE, Who.TEAM, Who.CAR, Who.DRIVER)


def is_round_number(n: int) -> bool:
    """The counts worth a milestone of their own: the 10th, 25th, 50th, 75th, 100th..."""
    return n == 10 or (n >= 25 and n % 25 == 0)


def _flag(what: What) -> ExpressionWrapper:
    return ExpressionWrapper(rule(what), output_field=BooleanField())


def _session_sort(session) -> tuple:
    return (session.order, session.pk)


def for_event(event: Event, *, sessions: list[Session] | None = None) -> EventMilestones:
    """The milestones of an event's winners and pole sitters, by session, races first.

    `event` comes with its place (Event.objects.with_place()); `sessions`, the event's
    sessions when the caller has them already, saves a query. A fixed number of queries, whatever the history.
    """
    here = list(
        Result.objects.filter(session__event=event)
        .filter(rule(WINS) | rule(CLASS_WINS) | rule(POLES) | rule(CLASS_POLES))
        .annotate(**_flags())
        .select_related("session", "qualifying_driver")
        .with_car_and_crew()
        .order_by("session__order", "session_id", "entry__car_class__order", "position", "class_position")
    )
    if not here:
        return EventMilestones(sessions=[])
    if sessions is None:
        sessions = list(Session.objects.filter(event=event).only("pk", "kind", "order"))
    return _Builder(event, here, [s for s in sessions if s.kind == Session.Kind.RACE]).build()


def cached_for_event(
    event: Event, *, sessions: list[Session] | None = None, shows: list[str] | None = None
) -> EventMilestones:
    """`for_event()`, kept in the read cache until a write touches one of the event's subjects.

    An event's milestones count its winners' results within its race and its series, and
    every write to one of their events touches the race or the series, and a renamed
    subject the events it appears in (results.stats.invalidation.subjects_of_event);
    `shows` is those subjects, when the caller has them already.
    """
    subjects = shows if shows is not None else lambda: invalidation.subjects_of_event(event)
    return cache.kept("milestones", str(event.pk), subjects, lambda: for_event(event, sessions=sessions))


def _flags() -> dict:
    return {
        "is_win": _flag(WINS),
        "is_class_win": _flag(CLASS_WINS),
        "is_pole": _flag(POLES),
        "is_class_pole": _flag(CLASS_POLES),
    }


# The columns of a credited result of the history, in the order _Builder._credits unpacks them.
HISTORY_COLUMNS = (
    "session_id",
    "session__order",
    "session__event_id",
    "session__event__year",
    "entry_id",
    "entry__car_class_id",
    "entry__car__manufacturer_id",
    "entry__team_id",
    "entry__car_id",
    "qualifying_driver_id",
    "is_win",
    "is_class_win",
    "is_pole",
    "is_class_pole",
)


class _Builder:
    """Loads an event's scopes once (race, series, season) and finds what its winners achieved."""

    def __init__(self, event: Event, here: list[Result], race_sessions: list[Session]):
        self.event, self.here, self.race_sessions = event, here, race_sessions
        self.race_coverage = self.series_coverage = None
        self.race_history = self.season_poles = None
        self.series_counts = None
        self.series_editions = []

        race_editions, season_before = self._load_editions()
        rows = self._load_history([e.event_id for e in race_editions], season_before)
        if event.season_id:
            self._load_series_counts()
        race_rows = [row for row in rows if row[2] in {e.event_id for e in race_editions}]
        pole_rows = [row for row in rows if row[2] in set(season_before)]
        if self.series_coverage is not None:
            self.series_coverage.pole_events = {(row[2], None) for row in pole_rows if row[12]} | {
                (row[2], row[5]) for row in pole_rows if row[13]
            }
        needed = {row[4] for row in race_rows} | {row[4] for row in pole_rows if row[9] is None}
        self.crews = self._crews(needed)
        if event.race_id:
            self.race_history = History(self._credits(race_rows, WINS, CLASS_WINS))
        if event.season_id:
            self.season_poles = History(self._credits(pole_rows, POLES, CLASS_POLES))

    # Loading: a fixed number of queries.

    def _load_editions(self) -> tuple[list[Edition], list[int]]:
        """The race's editions and the series' events up to this one, with what each holds (two queries)."""
        event = self.event
        scopes = Q(pk=event.pk)
        if event.race_id:
            scopes |= Q(race=event.race_id, year__lte=event.year)
        if event.season_id:
            scopes |= Q(season__series=event.season.series_id) & self._before_q()
        editions = editions_with_holdings(Event.objects.filter(scopes))
        race_editions = [e for e in editions if e.race_id == event.race_id and e.year <= event.year]
        race_editions = [e for e in race_editions if e.event_id != event.pk] if event.race_id else []
        if event.race_id:
            self.race_coverage = RaceCoverage(event.race, race_editions, event.year)
        season_before = []
        if event.season_id:
            series = event.season.series_id
            self.series_editions = [e for e in editions if e.series_id == series and e.event_id != event.pk]
            self.series_editions = [e for e in self.series_editions if self._is_before(e)]
            season_before = [e.event_id for e in self.series_editions if e.season_id == event.season_id]
            seasons = dict(Season.objects.filter(series=series, year__lt=event.year).values_list("year", "rounds"))
            self.series_coverage = SeriesCoverage(event, seasons, self.series_editions, set())
        return race_editions, season_before

    def _is_before(self, edition: Edition) -> bool:
        """Whether an event of this series came before this one (as `_before_q` selects)."""
        event = self.event
        if edition.year != event.year:
            return edition.year < event.year
        if event.round is not None:
            return edition.round is not None and edition.round < event.round
        if event.start_date is not None:
            return edition.start_date is not None and edition.start_date < event.start_date
        return False

    def _before_q(self) -> Q:
        """Events of this series before this one (a Q on Event): earlier years, earlier rounds or dates."""
        event = self.event
        if event.round is not None:
            this_year = Q(round__lt=event.round)
        elif event.start_date is not None:
            this_year = Q(start_date__lt=event.start_date)
        else:
            this_year = Q(pk__in=[])
        return Q(year__lt=event.year) | (Q(year=event.year) & this_year)

    def _load_history(self, race_events: list[int], season_events: list[int]) -> list[tuple]:
        """The wins of the race's earlier editions and the poles of the season's earlier rounds (one query)."""
        if not race_events and not season_events:
            return []
        wins = Q(session__event__in=race_events) & (rule(WINS) | rule(CLASS_WINS))
        poles = Q(session__event__in=season_events) & (rule(POLES) | rule(CLASS_POLES))
        return list(
            # First or first in class, a cheap test on an index, before the rules' subqueries.
            Result.objects.filter(Q(position=1) | Q(class_position=1))
            .filter(wins | poles)
            .annotate(**_flags())
            .values_list(*HISTORY_COLUMNS)
            .order_by()
        )

    def _load_series_counts(self) -> None:
        """Each make's and team's overall and class wins in the series before this event (one query, on the credits)."""
        event = self.event
        before = Event.objects.filter(season__series=event.season.series_id).filter(self._before_q())
        makes = {r.entry.car.manufacturer_id for r in self.here if r.entry.car_id}
        teams = {r.entry.team_id for r in self.here if r.entry.team_id}
        rows = (
            CreditRow.objects.filter(event__in=before.values("pk"))
            .filter(credits_counting(WINS) | credits_counting(CLASS_WINS))
            .filter(Q(who=Who.MAKE, subject_id__in=makes) | Q(who=Who.TEAM, subject_id__in=teams))
            .values("who", "subject_id")
            .annotate(
                wins=credit_count(WINS, filter=credits_counting(WINS)),
                class_wins=credit_count(CLASS_WINS, filter=credits_counting(CLASS_WINS)),
            )
            .order_by()
        )
        self.series_counts = {Who.MAKE: defaultdict(Counter), Who.TEAM: defaultdict(Counter)}
        for row in rows:
            counts = {WINS: row["wins"], CLASS_WINS: row["class_wins"]}
            self.series_counts[Who(row["who"])][row["subject_id"]].update(counts)

    def _crews(self, entry_ids: set) -> dict:
        """Each entry's drivers: this event's from its prefetch, the history's in one query."""
        crews = defaultdict(list)
        if entry_ids:
            rows = EntryDriver.objects.filter(entry_id__in=entry_ids).values_list("entry_id", "driver_id")
            for entry_id, driver_id in rows.order_by("entry_id", "order", "id"):
                crews[entry_id].append(driver_id)
        for result in self.here:
            crews[result.entry_id] = [member.driver_id for member in result.entry.crew.all()]
        return crews

    def _credits(self, rows, overall: What, in_class: What) -> list[Credit]:
        """Credits of `overall` and `in_class` from history rows (HISTORY_COLUMNS), and this event's."""
        credits = []
        for row in rows:
            session_id, order, event_id, year, entry_id, class_id, make, team, car, qualifier = row[:10]
            is_overall, is_class = (row[10], row[11]) if overall == WINS else (row[12], row[13])
            drivers = [qualifier] if qualifier and overall == POLES else self.crews.get(entry_id, [])
            keys = credited_keys(make, team, car, drivers)
            when = (year, 0, order, session_id)
            if is_overall:
                credits.append(Credit(overall, (session_id,), when, year, event_id, keys))
            if is_class and class_id is not None:
                credits.append(Credit(in_class, (session_id, class_id), when, year, event_id, keys))
        for result in self.here:
            credits += self._here_credits(result, overall, in_class)
        return credits

    def _here_credits(self, result: Result, overall: What, in_class: What) -> list[Credit]:
        keys = self._keys(result, poles=overall == POLES)
        when = self._when(result)
        flags = {WINS: result.is_win, CLASS_WINS: result.is_class_win, POLES: result.is_pole}
        flags[CLASS_POLES] = result.is_class_pole
        credits = []
        if flags[overall]:
            credits.append(Credit(overall, (result.session_id,), when, self.event.year, self.event.pk, keys))
        if flags[in_class] and result.entry.car_class_id is not None:
            unit_ = (result.session_id, result.entry.car_class_id)
            credits.append(Credit(in_class, unit_, when, self.event.year, self.event.pk, keys))
        return credits

    def _keys(self, result: Result, *, poles: bool = False) -> dict:
        entry = result.entry
        drivers = [result.qualifying_driver_id] if poles and result.qualifying_driver_id else self.crews[entry.pk]
        make = entry.car.manufacturer_id if entry.car_id else None
        return credited_keys(make, entry.team_id, entry.car_id, drivers)

    def _when(self, result: Result) -> tuple:
        # After every earlier edition's sessions (their middle item is 0) and in session order.
        return (self.event.year, 1, result.session.order, result.session_id)

    # Claims.

    def build(self) -> EventMilestones:
        by_session = {}
        for result in self.here:
            session = by_session.setdefault(result.session_id, SessionMilestones(session=result.session))
            if result.session.kind == Session.Kind.RACE:
                self._race_result(session, result)
            elif result.session.kind == Session.Kind.QUALIFYING:
                self._pole(session, result)
        for session in by_session.values():
            if session.session.kind == Session.Kind.RACE:
                session.milestones += self._race_count(session.session)
        ordered = sorted(
            by_session.values(), key=lambda s: (s.session.kind != Session.Kind.RACE, _session_sort(s.session))
        )
        return EventMilestones(sessions=[session for session in ordered if session])

    def _race_result(self, session: SessionMilestones, result: Result) -> None:
        if result.is_win:
            entry = ResultMilestones(result=result, label="Overall")
            entry.milestones += self._at_race(result, WINS) + self._in_series(result, WINS)
            session.results.append(entry)
        elif result.is_class_win:
            entry = ResultMilestones(result=result, label=result.entry.car_class.name)
            entry.milestones += self._at_race(result, CLASS_WINS) + self._in_series(result, CLASS_WINS)
            session.results.append(entry)

    def _at_race(self, result: Result, what: What) -> list[Milestone]:
        if self.race_history is None:
            return []
        coverage, history = self.race_coverage, self.race_history
        if not coverage.held_before(self.event.year):
            return []  # the first edition: every winner is a first
        need = NEED_OF[what]
        complete = coverage.holes(need) == []
        race = self.event.race
        upto = self._when(result)
        keys = self._keys(result)
        names = self._names(result)
        found, firsts = [], defaultdict(list)
        for who in SUBJECTS:
            for key in keys[who]:
                mine = history.of(what, who, key, upto)
                if complete and len(mine) == 1 and who in (Who.CAR, Who.DRIVER):
                    firsts[who].append(names[who][key])
                    continue
                if who in (Who.CAR, Who.DRIVER) and not complete:
                    continue
                milestone = self._at_race_claim(what, who, key, names[who][key], mine, coverage, complete, upto)
                if milestone is not None:
                    milestone.link = self._race_link(what, who)
                    found.append(milestone)
        for who in (Who.CAR, Who.DRIVER):
            if firsts[who]:
                link = self._race_link(what, who)
                found.append(Milestone(FIRST_FOR, what, race, who=who, names=tuple(firsts[who]), link=link))
        return found

    def _race_link(self, what: What, who: Who) -> str:
        return records_link(what, who, race=self.event.race.slug, until=self.event.year)

    def _at_race_claim(self, what, who, key, name, mine, coverage, complete, upto) -> Milestone | None:
        """The subject's Nth at the race, with what qualifies it; or a first in the archive, a first
        since, where the archive lacks editions; None when there is nothing worth saying."""
        count = len(mine)
        race = self.event.race
        previous = mine[-2].year if count > 1 else None
        held_between = [y for y in coverage.held_before(self.event.year) if previous is not None and y > previous]
        drought = bool(held_between) and coverage.holes(NEED_OF[what], since=previous) == []
        if not complete:
            lack = coverage.lack(NEED_OF[what])
            if who not in (Who.MAKE, Who.TEAM):
                return None
            if count == 1:
                return Milestone(FIRST_IN_ARCHIVE, what, race, who=who, name=name, complete=False, lack=lack)
            if drought:
                return Milestone(FIRST_SINCE, what, race, who=who, name=name, since=previous, complete=False, lack=lack)
            return None
        milestone = Milestone(NTH, what, race, count=count, who=who, name=name)
        best_other = self.race_history.best_other(what, who, key, upto)
        if count > best_other and count > 1:
            milestone.record = RECORD
        elif count == best_other and count > 1:
            milestone.record = EQUALS_RECORD
        if drought:
            milestone.since = previous
        run = self._run(mine, coverage, NEED_OF[what])
        if run >= 2:
            milestone.in_a_row = run
        qualified = milestone.record or milestone.since or milestone.in_a_row
        if count > 1 and not qualified and not is_round_number(count):
            return None
        return milestone

    def _run(self, mine: list[Credit], coverage: RaceCoverage, need: str) -> int:
        """How many editions in a row, this one included, the subject has won; 0 when the archive cannot tell."""
        won = {credit.year for credit in mine}
        run = 1
        for year in reversed(coverage.held_before(self.event.year)):
            if year in won:
                run += 1
                continue
            edition = coverage.by_year.get(year)
            # The edition that ended the run must be one the archive knows, or the run may be longer.
            return run if edition is not None and edition.knows(need) else 0
        return run if coverage.first_year is not None else 0

    def _names(self, result: Result) -> dict:
        entry = result.entry
        names = {Who.MAKE: {}, Who.TEAM: {}, Who.CAR: {}, Who.DRIVER: {}}
        if entry.car_id:
            names[Who.MAKE][entry.car.manufacturer_id] = entry.car.manufacturer.name
            names[Who.CAR][entry.car_id] = entry.car.full_name
        if entry.team_id:
            names[Who.TEAM][entry.team_id] = entry.team.name
        for member in entry.crew.all():
            names[Who.DRIVER][member.driver_id] = member.driver.full_name
        if result.qualifying_driver_id:
            names[Who.DRIVER][result.qualifying_driver_id] = result.qualifying_driver.full_name
        return names

    def _in_series(self, result: Result, what: What) -> list[Milestone]:
        if self.series_counts is None:
            return []
        coverage = self.series_coverage
        if not any(e.has_race for e in self.series_editions if e.event_id != self.event.pk):
            return []  # the series' first race: every winner is a first
        complete = coverage.holes(NEED_OF[what]) == []
        series = self.event.season.series
        names = self._names(result)
        keys = self._keys(result)
        found = []
        for who in (Who.MAKE, Who.TEAM):
            for key in keys[who]:
                count = self.series_counts[who].get(key, {}).get(what, 0) + self._earlier_here(result, what, who, key)
                link = records_link(what, who, series=series.slug, until=self.event.year)
                name = names[who][key]
                if complete and (count == 1 or is_round_number(count)):
                    found.append(Milestone(NTH, what, series, count=count, who=who, name=name, link=link))
                elif not complete and count == 1:
                    lack = coverage.lack(NEED_OF[what])
                    found.append(
                        Milestone(
                            FIRST_IN_ARCHIVE, what, series, who=who, name=name, complete=False, lack=lack, link=link
                        )
                    )
        return found

    def _earlier_here(self, result: Result, what: What, who: Who, key) -> int:
        """This event's units of `what` for a subject, up to `result`'s session included."""
        units = set()
        for other in self.here:
            if _session_sort(other.session) > _session_sort(result.session):
                continue
            if key not in self._keys(other)[who]:
                continue
            if what == WINS and other.is_win:
                units.add(other.session_id)
            if what == CLASS_WINS and other.is_class_win and other.entry.car_class_id:
                units.add((other.session_id, other.entry.car_class_id))
        return len(units)

    def _pole(self, session: SessionMilestones, result: Result) -> None:
        if self.season_poles is None:
            return
        if result.is_pole:
            what, class_id, label = POLES, None, "Pole"
        elif result.is_class_pole:
            what, class_id, label = CLASS_POLES, result.entry.car_class_id, f"{result.entry.car_class.name} pole"
        else:
            return
        entry = ResultMilestones(result=result, label=label)
        session.results.append(entry)
        if self.event.round is None or self.event.round == 1:
            return  # the season's order unknown, or its first round: every pole is a first
        if self.series_coverage.pole_holes(class_id):
            return
        car_class = "" if class_id is None else result.entry.car_class.name
        names = self._names(result)
        upto = self._when(result)
        for key in self._keys(result, poles=True)[Who.DRIVER]:
            mine = [
                credit
                for credit in self.season_poles.of(what, Who.DRIVER, key, upto)
                if what == POLES or credit.unit[-1] == class_id
            ]
            link = records_link(
                what,
                Who.DRIVER,
                series=self.event.season.series.slug,
                car_class=class_id,
                since=self.event.year,
                until=self.event.year,
            )
            name = names[Who.DRIVER][key]
            entry.milestones.append(
                Milestone(
                    NTH,
                    what,
                    self.event.season,
                    count=len(mine),
                    who=Who.DRIVER,
                    name=name,
                    car_class=car_class,
                    link=link,
                )
            )

    def _race_count(self, session: Session) -> list[Milestone]:
        if self.series_counts is None or self.event.circuit_id is None:
            return []
        earlier = [
            e for e in self.series_editions if e.event_id != self.event.pk and e.circuit_id == self.event.circuit_id
        ]
        if not any(e.has_race for e in self.series_editions if e.event_id != self.event.pk):
            return []
        if self.series_coverage.holes("races") != []:
            return []
        here = [s for s in self.race_sessions if _session_sort(s) <= _session_sort(session)]
        count = sum(e.races for e in earlier if not e.not_held) + len(here)
        if count == 1 or is_round_number(count):
            return [Milestone(NTH_RACE, None, self.event.circuit, count=count)]
        return []
