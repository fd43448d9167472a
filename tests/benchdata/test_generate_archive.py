"""The archive generator: exact size, class positions as classification.py derives them,
valid rows, careers across seasons, and the same archive for the same seed."""

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Min

from benchdata.catalogue import END_YEAR, RACES, REGIONAL_SERIES, SERIES
from benchdata.plan import GenerationError, plan_archive, plan_year
from drivers.models import Car, Driver, Manufacturer, Team
from drivers.naming import fold
from results.models import (
    Article,
    CarClass,
    Championship,
    Circuit,
    Entry,
    EntryDriver,
    Event,
    Race,
    Result,
    Season,
    Series,
    Session,
)
from results.stats.classification import assign_class_positions
from results.stats.standings import season_standings
from tests.factories import DriverFactory

pytestmark = pytest.mark.django_db

# Children first, so that protected foreign keys let go.
EVERY_MODEL = (
    Article,
    Result,
    EntryDriver,
    Entry,
    Session,
    Event,
    Season,
    CarClass,
    Series,
    Race,
    Circuit,
    Car,
    Team,
    Driver,
    Manufacturer,
)


def generate(results: int, seed: int = 1, *extra: str) -> str:
    out = io.StringIO()
    call_command("generate_archive", "--results", str(results), "--seed", str(seed), *extra, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    """What a reader of the archive sees, independent of database ids."""
    rows = Result.objects.select_related(
        "session__event__season__series", "entry__team", "entry__car__manufacturer", "entry__car__engine_manufacturer"
    ).order_by("session__event__year", "session__event__start_date", "session__event__name", "session__order", "id")
    crews = {}
    for crew in EntryDriver.objects.select_related("driver").order_by("order"):
        crews.setdefault(crew.entry_id, []).append(crew.driver.full_name)
    return [
        (
            r.session.event.year,
            r.session.event.name,
            r.session.name,
            r.entry.number,
            r.entry.team.name,
            r.entry.car.full_name,
            tuple(crews[r.entry_id]),
            r.position,
            r.class_position,
            r.status,
            r.laps,
            r.total_time_ms,
            r.best_lap_ms,
        )
        for r in rows
    ]


def test_it_creates_exactly_the_results_asked_for_over_every_kind_of_row():
    out = generate(1500, seed=3)

    assert Result.objects.count() == 1500
    assert "1,500 results" in out
    for model in (Series, Season, CarClass, Circuit, Race, Event, Session, Entry, EntryDriver, Driver, Team, Car):
        assert model.objects.exists(), model.__name__
    assert Session.objects.filter(kind=Session.Kind.QUALIFYING, results__isnull=False).exists()
    statuses = set(Result.objects.values_list("status", flat=True))
    assert {Result.Status.CLASSIFIED, Result.Status.RETIRED, Result.Status.DID_NOT_START} <= statuses
    # Crews of two to four in the endurance series, alone in the one-make cups.
    crew_sizes = Counter(Entry.objects.annotate(n=Count("crew")).values_list("n", flat=True))
    assert set(crew_sizes) <= {1, 2, 3, 4} and crew_sizes[1] and crew_sizes[2] and crew_sizes[3]
    assert Car.objects.exclude(engine_manufacturer=None).exclude(engine_manufacturer=F("manufacturer")).exists()


@pytest.mark.parametrize("results", [1, 7, 250])
def test_small_archives_are_exact_too(results):
    generate(results, seed=11)

    assert Result.objects.count() == results


def test_class_positions_are_those_classification_derives():
    generate(1500, seed=3)

    changed = sum(assign_class_positions(session) for session in Session.objects.all())

    assert changed == 0
    assert Result.objects.filter(class_position__isnull=False).count() > 1000


def test_each_classification_is_in_order_with_consistent_gaps():
    generate(1500, seed=4)

    for session in Session.objects.filter(completeness=Session.Completeness.COMPLETE, results__isnull=False).distinct():
        placed = list(session.results.filter(position__isnull=False).order_by("position"))
        assert [r.position for r in placed] == list(range(1, len(placed) + 1)), session
        assert not session.results.filter(position__isnull=True, status=Result.Status.CLASSIFIED).exists()
        leader = placed[0]
        for result in placed[1:]:
            if session.kind == Session.Kind.QUALIFYING:
                assert result.gap_ms == result.best_lap_ms - leader.best_lap_ms
            elif result.gap_ms is not None:
                assert result.laps == leader.laps
                assert result.gap_ms == result.total_time_ms - leader.total_time_ms >= 0
            else:
                assert result.gap_laps == leader.laps - result.laps > 0
    for result in Result.objects.exclude(position_at_line=None):
        assert result.session.status == Session.Status.AMENDED
        assert result.position_at_line != result.position


def test_rows_pass_the_models_own_validation_and_save_keeps_their_keys():
    generate(600, seed=5)

    for model in (Series, CarClass, Circuit, Race, Season, Event, Session, Entry, Driver, Team, Car, Manufacturer):
        for obj in model.objects.all()[:40]:
            obj.full_clean()
    for result in Result.objects.order_by("?")[:100]:
        result.full_clean()
    # bulk_create skips save(): the slugs and search keys must be the ones save() writes.
    for model in (Driver, Team, Car, Manufacturer, Series, Circuit, Race, Event):
        for obj in model.objects.all()[:40]:
            key, slug = obj.search_key, obj.slug
            obj.save()
            obj.refresh_from_db()
            assert (obj.search_key, obj.slug) == (key, slug), obj
    assert (
        Driver.objects.filter(search_key=fold("Kévin Lefèvre")).count()
        == Driver.objects.filter(given_name="Kévin", family_name="Lefèvre").count()
    )


def test_each_session_uses_its_circuits_time_zone_and_entries_of_the_series_classes():
    generate(600, seed=6)

    for session in Session.objects.select_related("event__circuit"):
        assert session.time_zone == session.event.circuit.time_zone
    classed = Entry.objects.exclude(car_class=None).select_related("car_class", "event__season")
    assert all(entry.car_class.series_id == entry.event.season.series_id for entry in classed)


@pytest.mark.slow
def test_drivers_and_teams_carry_over_from_one_season_to_the_next():
    # The last season in full and the end of the one before.
    generate(sum(event.results for event in plan_year(END_YEAR, 7)) + 3000, seed=7)
    assert Event.objects.aggregate(first=Min("year"))["first"] == END_YEAR - 1

    def drivers_in(year):
        return set(EntryDriver.objects.filter(entry__event__year=year).values_list("driver", flat=True))

    last, before = drivers_in(END_YEAR), drivers_in(END_YEAR - 1)
    assert len(last & before) > len(before) / 2
    teams = Team.objects.annotate(years=Count("entries__event__year", distinct=True))
    assert teams.filter(years=2).count() > teams.count() / 2


def test_every_season_has_championship_rules_that_standings_can_use():
    generate(4000, seed=8)

    for season in Season.objects.prefetch_related("championships", "events"):
        main = season.championships.get(order=0)
        rounds = [e.round for e in season.events.all() if e.status == Event.Status.COMPLETED]
        assert season.rounds == main.official_rounds == max(rounds)
        points = list(main.scale.values.order_by("position").values_list("points", flat=True))
        assert points == sorted(points, reverse=True) and points[0] > points[-1]
    # The endurance series' long races (Petit Le Mans closes its season) make a cup of their own.
    cup = Championship.objects.get(counts_every_event=False)
    assert [rule.event.race.name for rule in cup.event_rules.all()] == ["Petit Le Mans"]
    assert cup.official_rounds == 4
    season = Season.objects.annotate(n=Count("events")).order_by("-n").first()
    standings = season_standings(season)
    leaders = [table.rows[0] for c in standings.championships for k in c.classes for table in k.tables if table.rows]
    assert leaders


def test_the_same_seed_gives_the_same_archive_and_another_seed_another():
    generate(400, seed=21)
    first = snapshot()
    for model in EVERY_MODEL:
        model.objects.all().delete()

    generate(400, seed=21)
    again = snapshot()
    for model in EVERY_MODEL:
        model.objects.all().delete()
    generate(400, seed=22)

    assert first == again
    assert snapshot() != first


def test_a_database_holding_data_is_refused_unless_forced():
    DriverFactory()

    with pytest.raises(CommandError, match=r"already holds data: 1 drivers.*--force"):
        generate(50)
    assert not Result.objects.exists()

    generate(50, 1, "--force")
    generate(50, 1, "--force")  # twice: every made-up name stays unique
    assert Result.objects.count() == 100
    assert Series.objects.filter(name__endswith="(2)").exists()


def test_an_archive_larger_than_the_calendar_is_refused_before_anything_is_written():
    with pytest.raises(CommandError, match=r"calendar holds [\d,]+ results .* ask for at most that many"):
        generate(10_000_000)
    assert not Event.objects.exists()


def test_races_and_series_say_when_they_began():
    generate(300, seed=9)

    # The archive holds the end of 2024 only; the first years say how much history it lacks.
    first_editions = {spec.name: spec.first for spec in RACES}
    assert Race.objects.exists()
    for race in Race.objects.all():
        assert race.first_year == first_editions[race.name] < race.editions.aggregate(Min("year"))["year__min"]
    first_seasons = {spec.short_name: spec.first for spec in SERIES}
    assert all(series.first_year == first_seasons[series.short_name] for series in Series.objects.all())


def test_a_large_plan_reaches_back_decades_and_holds_exactly_its_size():
    plan = plan_archive(results=500_000, seed=1)

    assert sum(event.results for event in plan) == 500_000
    assert plan[-1].year == END_YEAR
    assert END_YEAR - plan[0].year >= 40
    editions = Counter(event.race.key for event in plan if event.race)
    assert max(editions.values()) >= 40
    with pytest.raises(GenerationError):
        plan_archive(results=0, seed=1)


def test_a_million_results_take_in_the_regional_championships_and_a_smaller_plan_does_not():
    regional = {spec.key for spec in REGIONAL_SERIES}
    million = plan_archive(results=1_000_000, seed=1)

    assert sum(event.results for event in million) == 1_000_000
    assert {event.series.key for event in million if event.series} & regional
    assert END_YEAR - million[0].year >= 30
    smaller = plan_archive(results=500_000, seed=1)
    assert not {event.series.key for event in smaller if event.series} & regional


def test_a_race_report_gives_the_length_the_race_ran():
    generate(1500, seed=3)

    reports = Article.objects.filter(kind=Article.Kind.RACE_REPORT).select_related("event")
    lengths = set()
    for report in reports:
        race = report.event.sessions.filter(kind=Session.Kind.RACE).order_by("order").first()
        minutes = int(race.duration.total_seconds() // 60)
        said = f"{minutes // 60}-hour" if minutes % 60 == 0 else f"{minutes}-minute"
        assert f"It was a {said} race" in report.body, (minutes, report.body)
        lengths.add(said)
    # Both kinds are there: "6-hour" and "24-hour" races, and sprints of "40-minute".
    assert any(said.endswith("-hour") for said in lengths) and any(said.endswith("-minute") for said in lengths)
