"""results.stats.standings: championship points from the results, with answers worked out by hand."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from results.models import Championship, ChampionshipEvent, Entry, PointsScale, PointsScaleValue, Result, Session
from results.stats.classification import assign_class_positions
from results.stats.standings import SeasonData, championship_standings, season_standings
from tests.factories import (
    CarClassFactory,
    CarFactory,
    DriverFactory,
    EntryDriverFactory,
    EventFactory,
    ManufacturerFactory,
    ResultFactory,
    SeasonFactory,
    SessionFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

CUP = (25, 20, 17, 14, 12)


def make_scale(name, points, **options) -> PointsScale:
    scale = PointsScale.objects.create(name=name, **options)
    PointsScaleValue.objects.bulk_create(
        PointsScaleValue(scale=scale, position=n, points=Decimal(str(p))) for n, p in enumerate(points, start=1)
    )
    return scale


class Book:
    """A small season written like a fan's notebook: cars come back each event with their crews."""

    def __init__(self, *, scale=CUP, classes=("PRO",), **rules):
        self.season = SeasonFactory(year=2024)
        self.classes = {
            code: CarClassFactory(series=self.season.series, code=code, name=code, order=n)
            for n, code in enumerate(classes)
        }
        self.championship = Championship.objects.create(
            season=self.season, name="Cup", slug="cup", scale=make_scale("Cup scale", scale), **rules
        )
        self.cars: dict[str, dict] = {}
        self.drivers: dict[str, object] = {}
        self.day = datetime.date(2024, 3, 1)

    def car(self, number, *crew, cls="PRO", make="Porsche", team=None):
        self.cars[number] = {
            "crew": list(crew),
            "car_class": self.classes[cls],
            "car": CarFactory(manufacturer=ManufacturerFactory(name=make)),
            "team": TeamFactory(name=team or f"Team {number}"),
        }

    def driver(self, name):
        if name not in self.drivers:
            self.drivers[name] = DriverFactory(given_name="", family_name=name)
        return self.drivers[name]

    def event(self, name, **kwargs):
        self.day += datetime.timedelta(days=14)
        return EventFactory(season=self.season, name=name, start_date=self.day, end_date=self.day, **kwargs)

    def entry(self, event, number, crew=None):
        entry = Entry.objects.filter(event=event, number=number).first()
        if entry is None:
            car = self.cars[number]
            entry = Entry.objects.create(
                event=event, number=number, car_class=car["car_class"], car=car["car"], team=car["team"]
            )
            for order, name in enumerate(crew or car["crew"], start=1):
                EntryDriverFactory(entry=entry, driver=self.driver(name), order=order)
        return entry

    def session(self, event, order, *, kind=Session.Kind.RACE, name="Race", dsq=(), laps=None, crews=None):
        """Results in `order` (car numbers), the disqualified cars after; class positions derived."""
        session = SessionFactory(event=event, kind=kind, name=name)
        crews = crews or {}
        for position, number in enumerate(order, start=1):
            ResultFactory(
                session=session,
                entry=self.entry(event, number, crews.get(number)),
                position=position,
                best_lap_ms=(laps or {}).get(number),
            )
        for number in dsq:
            ResultFactory(
                session=session,
                entry=self.entry(event, number, crews.get(number)),
                position=None,
                status=Result.Status.DISQUALIFIED,
                best_lap_ms=(laps or {}).get(number),
            )
        assign_class_positions(session)
        return session

    def race(self, event, order, **kwargs):
        return self.session(event, order, **kwargs)

    def qualifying(self, event, order):
        return self.session(event, order, kind=Session.Kind.QUALIFYING, name="Qualifying")

    def standings(self, cls="PRO", **kwargs):
        data = SeasonData([self.season.pk])
        [championship] = [c for c in data.championships if c.pk == self.championship.pk]
        computed = championship_standings(championship, data, **kwargs)
        return next(c for c in computed.classes if c.car_class == self.classes[cls])

    def table(self, kind="drivers", cls="PRO", **kwargs):
        """{name: (place, points)} — "=2" for a shared place."""
        standing = self.standings(cls, **kwargs)
        table = next(t for t in standing.tables if t.kind == kind)
        return {
            row.competitor.name: (f"={row.position}" if row.shared else row.position, row.points) for row in table.rows
        }


def test_a_tie_on_points_is_broken_on_countback():
    book = Book()
    for number, name in zip("ABCDE", ("Ann", "Bea", "Cid", "Dan", "Eve"), strict=True):
        book.car(number, name)
    book.race(book.event("Sebring"), list("ACBDE"))
    book.race(book.event("Watkins Glen"), list("CBDEA"))
    # By hand, scale 25-20-17-14-12:
    #   Ann 25 + 12 = 37 (a win)   Bea 17 + 20 = 37 (no win)   Cid 20 + 25 = 45
    #   Dan 14 + 17 = 31           Eve 12 + 14 = 26
    # Ann and Bea tie on 37; Ann's win puts her ahead on countback.
    assert book.table() == {
        "Cid": (1, 45),
        "Ann": (2, 37),
        "Bea": (3, 37),
        "Dan": (4, 31),
        "Eve": (5, 26),
    }
    rows = book.standings().tables[0].rows
    assert [(row.competitor.name, row.gap) for row in rows] == [
        ("Cid", None),
        ("Ann", 8),
        ("Bea", 8),
        ("Dan", 14),
        ("Eve", 19),
    ]

    book.championship.tie_break = Championship.TieBreak.SHARED
    book.championship.save()
    # Without countback, Ann and Bea share second and Dan is fourth.
    assert book.table() == {"Cid": (1, 45), "Ann": ("=2", 37), "Bea": ("=2", 37), "Dan": (4, 31), "Eve": (5, 26)}


def test_countback_goes_on_to_second_places_when_wins_are_level():
    book = Book()
    for number, name in zip("ABCDE", ("Ann", "Bea", "Cid", "Dan", "Eve"), strict=True):
        book.car(number, name)
    book.race(book.event("One"), list("ABCDE"))
    book.race(book.event("Two"), list("CABDE"))
    book.race(book.event("Three"), list("BDCAE"))
    # By hand, scale 25-20-17-14-12:
    #   Ann 25 + 20 + 14 = 59 (1st, 2nd, 4th)    Cid 17 + 25 + 17 = 59 (1st, 3rd, 3rd)
    #   Bea 20 + 17 + 25 = 62    Dan 14 + 14 + 20 = 48    Eve 12 × 3 = 36
    # Ann and Cid: one win each; Ann has a second place and Cid none, so Ann is ahead.
    assert book.table() == {"Bea": (1, 62), "Ann": (2, 59), "Cid": (3, 59), "Dan": (4, 48), "Eve": (5, 36)}


def test_pole_and_fastest_lap_bonus_and_a_disqualified_car_sets_no_fastest_lap():
    book = Book(scale=(25, 20, 17), pole_points=2, fastest_lap_points=1)
    for number, name in zip("ABCD", ("Ann", "Bea", "Cid", "Dan"), strict=True):
        book.car(number, name)
    event = book.event("Watkins Glen")
    book.qualifying(event, list("BACD"))
    # Dan's car went fastest of all (1:40.000) but was disqualified: the lap point goes to
    # the fastest car that stands, Cid (1:40.500).
    book.race(event, list("ABC"), dsq=["D"], laps={"A": 101_000, "B": 100_800, "C": 100_500, "D": 100_000})
    # By hand: Ann 25; Bea 20 + 2 (pole) = 22; Cid 17 + 1 (fastest lap) = 18; Dan 0.
    assert book.table() == {"Ann": (1, 25), "Bea": (2, 22), "Cid": (3, 18), "Dan": (4, 0)}
    bea = book.standings().tables[0].rows[1]
    assert (bea.poles, bea.wins, bea.podiums, bea.starts) == (1, 0, 1, 1)


def test_double_points_half_points_and_a_table_of_its_own_for_one_event():
    book = Book(scale=(25, 20, 17))
    book.car("1", "Ann")
    book.car("2", "Bea")
    sebring, le_mans, glen, road_atlanta = (book.event(n) for n in ("Sebring", "Le Mans", "The Glen", "Road Atlanta"))
    ChampionshipEvent.objects.create(championship=book.championship, event=le_mans, multiplier=2, note="double points")
    ChampionshipEvent.objects.create(
        championship=book.championship, event=glen, multiplier=Decimal("0.5"), note="half points"
    )
    ChampionshipEvent.objects.create(
        championship=book.championship, event=road_atlanta, scale=make_scale("Long race", (38, 27, 23))
    )
    book.race(sebring, ["1", "2"])
    book.race(le_mans, ["2", "1"])
    book.race(glen, ["1", "2"])
    book.race(road_atlanta, ["2", "1"])
    # By hand:
    #   Ann: 25 + 2×20 + ½×25 + 27 = 25 + 40 + 12.5 + 27 = 104.5
    #   Bea: 20 + 2×25 + ½×20 + 38 = 20 + 50 + 10 + 38 = 118
    assert book.table() == {"Bea": (1, 118), "Ann": (2, Decimal("104.5"))}
    ann = book.standings().tables[0].rows[1]
    assert ann.by_round == ["25", "40", "12.5", "27"]
    assert str(ann.points) == "104.5" and str(ann.gap) == "13.5"


def test_a_manufacturer_with_two_cars_on_the_podium_counts_its_best_placed_car():
    book = Book(scale=(25, 20, 17, 14), scores_manufacturers=True, pole_points=2)
    book.car("1", "Ann", make="Porsche")
    book.car("2", "Bea", make="Porsche")
    book.car("3", "Cid", make="Ferrari")
    book.car("4", "Dan", make="BMW")
    daytona = book.event("Daytona")
    book.qualifying(daytona, ["3", "1", "2", "4"])
    book.race(daytona, ["1", "2", "3", "4"])
    # Its best car's points: Porsche 25 (the #2's 20 does not count), Ferrari 17, BMW 14.
    # Ferrari's pole counts as a pole, but the 2 pole points are the crew's, not the make's.
    assert book.table("manufacturers") == {"Porsche": (1, 25), "Ferrari": (2, 17), "BMW": (3, 14)}
    makes = {row.competitor.name: row for row in book.standings().tables[2].rows}
    assert (makes["Ferrari"].poles, makes["Porsche"].wins, makes["Porsche"].podiums) == (1, 1, 1)
    assert book.table()["Cid"] == (3, 19)

    book.championship.manufacturer_points = Championship.ManufacturerPoints.MAKE_ORDER
    book.championship.save()
    # By the order of makes: Porsche first (25), Ferrari second (20), BMW third (17).
    assert book.table("manufacturers") == {"Porsche": (1, 25), "Ferrari": (2, 20), "BMW": (3, 17)}


def test_teams_score_by_car_and_drivers_who_drove_only_some_rounds_score_those():
    book = Book()
    book.car("7", "Ann", "Bea", team="Penske")
    book.car("6", "Cid", team="Penske")
    book.car("24", "Dan", team="Kellymoss")
    one, two = book.event("One"), book.event("Two")
    book.race(one, ["7", "6", "24"])
    # At round two Eve replaces Bea in the #7.
    book.race(two, ["24", "6", "7"], crews={"7": ["Ann", "Eve"]})
    # By hand: #7 25 + 17 = 42; #6 20 + 20 = 40; #24 17 + 25 = 42.
    #   #7 and #24 tie on 42 with one win each, one third each: they share first.
    #   Ann (both rounds) 42; Bea (round one) 25; Eve (round two) 17; Cid 40; Dan 42.
    assert book.table("teams") == {"#24 Kellymoss": ("=1", 42), "#7 Penske": ("=1", 42), "#6 Penske": (3, 40)}
    assert book.table() == {
        "Ann": ("=1", 42),
        "Dan": ("=1", 42),
        "Cid": (3, 40),
        "Bea": (4, 25),
        "Eve": (5, 17),
    }
    rows = {row.competitor.name: row for row in book.standings().tables[0].rows}
    assert rows["Bea"].by_round == ["25", None] and rows["Bea"].starts == 1
    assert rows["Eve"].by_round == [None, "17"] and rows["Eve"].starts == 1
    assert rows["Ann"].starts == 2


def test_a_disqualified_car_scores_nothing_but_counts_a_start():
    book = Book()
    for number, name in zip("ABC", ("Ann", "Bea", "Cid"), strict=True):
        book.car(number, name)
    # Ann's car crossed the line first and was disqualified: Bea wins.
    book.race(book.event("Road America"), ["B", "C"], dsq=["A"])
    assert book.table() == {"Bea": (1, 25), "Cid": (2, 20), "Ann": (3, 0)}
    ann = book.standings().tables[0].rows[2]
    assert (ann.starts, ann.wins, ann.podiums) == (1, 0, 0)


def test_a_result_corrected_after_a_penalty_changes_the_order():
    book = Book()
    for number, name in zip("ABC", ("Ann", "Bea", "Cid"), strict=True):
        book.car(number, name)
    book.race(book.event("One"), ["A", "B", "C"])
    race = book.race(book.event("Two"), ["A", "B", "C"])
    # As the cars crossed the line: Ann 25 + 25 = 50, Bea 20 + 20 = 40, Cid 17 + 17 = 34.
    assert book.table() == {"Ann": (1, 50), "Bea": (2, 40), "Cid": (3, 34)}

    # The stewards penalise Ann's car at round two: it drops from first to third. An editor
    # corrects the positions (keeping where it crossed the line); class positions follow.
    by_number = {r.entry.number: r for r in race.results.select_related("entry")}
    Result.objects.filter(session=race).update(position=None)
    for number, position in (("B", 1), ("C", 2), ("A", 3)):
        Result.objects.filter(pk=by_number[number].pk).update(
            position=position, position_at_line=by_number[number].position
        )
    assign_class_positions(race)
    # By hand after the penalty: Bea 20 + 25 = 45, Ann 25 + 17 = 42, Cid 17 + 20 = 37.
    assert book.table() == {"Bea": (1, 45), "Ann": (2, 42), "Cid": (3, 37)}


def test_each_class_scores_by_class_position():
    book = Book(classes=("PRO", "AM"))
    book.car("1", "Ann", cls="PRO")
    book.car("2", "Bea", cls="AM")
    book.car("3", "Cid", cls="PRO")
    book.car("4", "Dan", cls="AM")
    book.race(book.event("One"), ["1", "2", "3", "4"])
    # Bea is second overall and first of the AM class: 25.
    assert book.table(cls="PRO") == {"Ann": (1, 25), "Cid": (2, 20)}
    assert book.table(cls="AM") == {"Bea": (1, 25), "Dan": (2, 20)}


def test_two_races_in_a_weekend_are_two_rounds_and_the_standings_exist_after_each():
    book = Book()
    book.car("1", "Ann")
    book.car("2", "Bea")
    glen = book.event("Watkins Glen")
    book.race(glen, ["1", "2"], name="Race 1")
    book.race(glen, ["2", "1"], name="Race 2")
    book.race(book.event("Road America"), ["2", "1"], name="Race 1")
    standing = book.standings()
    assert [r.name for r in standing.rounds] == ["Watkins Glen, Race 1", "Watkins Glen, Race 2", "Road America"]
    # After round 3: Ann 25 + 20 + 20 = 65, Bea 20 + 25 + 25 = 70.
    assert standing.headline == "After round 3 of 3"
    assert book.table() == {"Bea": (1, 70), "Ann": (2, 65)}
    # After round 1: Ann 25, Bea 20.
    assert book.table(after=1) == {"Ann": (1, 25), "Bea": (2, 20)}
    assert book.standings(after=1).headline == "After round 1 of 3"
    # The progress the chart draws: (points, place, shared) after each round. After round 2
    # both have 45 with a win and a second place each: they share first.
    rows = {row.competitor.name: row for row in standing.tables[0].rows}
    assert rows["Ann"].progress == [("25", 1, False), ("45", 1, True), ("65", 2, False)]
    assert rows["Bea"].progress == [("20", 2, False), ("45", 1, True), ("70", 1, False)]


def test_a_cup_within_the_championship_counts_only_its_events():
    book = Book()
    book.car("1", "Ann")
    book.car("2", "Bea")
    sebring, long_beach, glen = book.event("Sebring"), book.event("Long Beach"), book.event("Watkins Glen")
    book.race(sebring, ["1", "2"])
    book.race(long_beach, ["2", "1"])
    book.race(glen, ["2", "1"])
    andial = Championship.objects.create(
        season=book.season, name="ANDIAL Cup", slug="andial", scale=book.championship.scale, counts_every_event=False
    )
    for event in (sebring, glen):
        ChampionshipEvent.objects.create(championship=andial, event=event)
    [standing] = championship_standings(andial, SeasonData([book.season.pk])).classes
    # Sebring and the Glen only: Ann 25 + 20 = 45, Bea 20 + 25 = 45; one win each: shared.
    assert [r.event for r in standing.rounds] == [sebring, glen]
    assert [(row.competitor.name, row.position, row.shared, row.points) for row in standing.tables[0].rows] == [
        ("Ann", 1, True, 45),
        ("Bea", 1, True, 45),
    ]
    # The main championship counts all three: Bea 20 + 25 + 25 = 70, Ann 25 + 20 + 20 = 65.
    assert book.table() == {"Bea": (1, 70), "Ann": (2, 65)}


def test_an_event_can_be_left_out_and_only_one_of_its_sessions_can_score():
    book = Book()
    book.car("1", "Ann")
    book.car("2", "Bea")
    one, exhibition, two = book.event("One"), book.event("Exhibition"), book.event("Two")
    book.race(one, ["1", "2"])
    book.race(exhibition, ["2", "1"])
    sprint = book.race(two, ["2", "1"], name="Sprint")
    book.race(two, ["1", "2"], name="Feature")
    ChampionshipEvent.objects.create(championship=book.championship, event=exhibition, counts=False)
    ChampionshipEvent.objects.create(championship=book.championship, event=two, session=sprint)
    # Counted: One (Ann 25, Bea 20) and Two's sprint only (Bea 25, Ann 20): 45 each, a win each.
    assert book.table() == {"Ann": ("=1", 45), "Bea": ("=1", 45)}


def test_missing_and_partial_rounds_are_named_and_the_table_is_not_called_official():
    book = Book(official_rounds=5)
    book.car("1", "Ann")
    book.car("2", "Bea")
    book.race(book.event("Daytona"), ["1", "2"])
    partial = book.race(book.event("Sebring"), ["2"])
    Session.objects.filter(pk=partial.pk).update(completeness=Session.Completeness.PARTIAL)
    petit = book.event("Petit Le Mans")
    book.qualifying(petit, ["1", "2"])  # the race classification is not in the archive
    book.event("Indianapolis", status="scheduled")

    standing = book.standings()
    assert [(r.name, r.state) for r in standing.rounds] == [
        ("Daytona", "counted"),
        ("Sebring", "partial"),
        ("Petit Le Mans", "missing"),
        ("Indianapolis", "scheduled"),
    ]
    # Five rounds on the official calendar, four known to the archive: one is not in it.
    assert standing.not_in_archive == 1
    assert standing.headline == "After round 2 of 5"
    assert not standing.is_complete
    assert [r.description for r in standing.gaps] == [
        "Round 2: Sebring: partial classification",
        "Round 3: Petit Le Mans: race classification not in the archive",
    ]
    assert [r.label for r in standing.counted_rounds] == ["R1", "R2"]


def test_a_season_whose_every_round_is_in_the_archive_is_complete_and_future_rounds_wait():
    book = Book(official_rounds=2)
    book.car("1", "Ann")
    book.race(book.event("One"), ["1"])
    book.event("Two", status="scheduled")
    standing = book.standings()
    assert standing.is_complete
    assert standing.headline == "After round 1 of 2"


def test_points_scale_beyond_its_table_imsa_and_wec():
    imsa = make_scale("IMSA", (350, 320, 300, 280, 260, 250), step_beyond=10)
    # IMSA: 350-320-300-280-260-250, then 10 fewer a place: 7th 240, 9th 220.
    assert [imsa.points_for(p) for p in (1, 6, 7, 9)] == [350, 250, 240, 220]
    wec = make_scale("WEC", (25, 18, 15, 12, 10, 8, 6, 4, 2, 1), minimum=Decimal("0.5"))
    # WEC: 0.5 for every classified car after 10th.
    assert wec.points_for(10) == 1 and wec.points_for(11) == Decimal("0.5") and wec.points_for(40) == Decimal("0.5")
    assert imsa.summary() == "350-320-300-280-260-250…"


def test_qualifying_points_where_the_series_gives_them():
    book = Book(scale=(350, 320, 300), qualifying_scale=make_scale("IMSA qualifying", (35, 32, 30)))
    book.car("77", "Heinrich")
    book.car("3", "Garcia")
    event = book.event("Petit Le Mans")
    book.qualifying(event, ["77", "3"])
    book.race(event, ["3", "77"])
    # Heinrich: pole 35 + second 320 = 355; Garcia: 32 + 350 = 382.
    assert book.table() == {"Garcia": (1, 382), "Heinrich": (2, 355)}


def test_the_season_page_function_refuses_a_round_that_is_not_a_number():
    book = Book()
    book.car("1", "Ann")
    book.race(book.event("One"), ["1"])
    standings = season_standings(book.season, after="seven")
    assert standings.message == "“seven” is not a round number; these are the standings after the latest round."
    assert standings.championships[0].classes[0].after == 1


def test_cars_of_a_series_without_classes_make_one_overall_table():
    book = Book()
    for number, name in (("1", "Ann"), ("2", "Bea")):
        book.car(number, name)
        book.cars[number]["car_class"] = None
    book.race(book.event("One"), ["2", "1"])
    standings = championship_standings(book.championship, SeasonData([book.season.pk]))
    # The series has a class (PRO) but no car raced in one: the table is the overall one.
    [overall] = standings.classes
    assert overall.class_name == "Overall" and overall.anchor == "standings-cup-overall"
    assert [(r.competitor.name, r.points) for r in overall.tables[0].rows] == [("Bea", 25), ("Ann", 20)]


def test_an_event_rule_names_the_problem_with_its_event_or_session():
    book = Book()
    book.car("1", "Ann")
    event = book.event("One")
    qualifying = book.qualifying(event, ["1"])
    other_season = EventFactory(season=SeasonFactory(year=2023, series=book.season.series), name="Old")
    with pytest.raises(ValidationError) as refused:
        ChampionshipEvent(championship=book.championship, event=other_season).full_clean()
    assert refused.value.message_dict["event"] == [f"{other_season} is not an event of the {book.season} season."]
    with pytest.raises(ValidationError) as refused:
        ChampionshipEvent(championship=book.championship, event=event, session=qualifying).full_clean()
    assert refused.value.message_dict["session"] == ["Qualifying is not a race session, and only those score."]
