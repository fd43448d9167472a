"""The demo archive holds what the seed documents and the Daytona winners file say, and only that."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction

from drivers.models import Car, Driver, Team
from results.importers.demo import load_demo
from results.models import (
    Article,
    CarClass,
    Championship,
    Circuit,
    Entry,
    EntryDriver,
    Event,
    Lap,
    PointsScaleValue,
    Result,
    Session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """The demo archive, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


def result(event: str, year: int, session: str, number: str = "", **filters) -> Result:
    return Result.objects.select_related("entry__car__manufacturer", "entry__car__engine_manufacturer").get(
        session__event__name=event, session__event__year=year, session__name=session, entry__number=number, **filters
    )


def crew(entry: Entry) -> list[str]:
    return [member.driver.full_name for member in entry.crew.select_related("driver").order_by("order")]


def daytona_winners():
    return Result.objects.filter(
        session__event__race__name="24 Hours of Daytona", session__kind=Session.Kind.RACE, position=1
    ).select_related("session__event", "entry__car__manufacturer", "entry__car__engine_manufacturer")


def test_the_2024_rolex_24_was_won_by_the_7_porsche_with_four_drivers():
    winner = Result.objects.select_related("entry__car__manufacturer", "entry__team", "entry__car_class").get(
        session__event__race__name="24 Hours of Daytona", session__event__year=2024, session__name="Race", position=1
    )

    assert winner.entry.number == "7"
    assert crew(winner.entry) == ["Dane Cameron", "Felipe Nasr", "Matt Campbell", "Josef Newgarden"]
    assert winner.entry.car.name == "Porsche 963"
    assert winner.entry.team.name == "Porsche Penske Motorsport"
    assert winner.entry.entrant_name == "Porsche Penske Motorsports"
    assert (winner.entry.car_class.code, winner.class_position, winner.laps) == ("GTP", 1, 791)


def test_the_2024_rolex_24_podium_and_class_winners():
    race = Session.objects.get(event__name="Rolex 24 At Daytona", event__year=2024, name="Race")
    podium = race.results.filter(position__lte=3).order_by("position").select_related("entry__car__manufacturer")

    assert [(r.entry.number, r.entry.car.name) for r in podium] == [
        ("7", "Porsche 963"),
        ("31", "Cadillac V-Series.R"),
        ("40", "Acura ARX-06"),
    ]
    assert crew(podium[2].entry) == ["Jordan Taylor", "Louis Deletraz", "Colton Herta", "Jenson Button"]
    class_winners = {
        r.entry.car_class.code: (r.entry.number, r.position, r.entry.team.name)
        for r in race.results.filter(class_position=1).select_related("entry__car_class", "entry__team")
        if r.entry.team
    }
    assert class_winners == {
        "GTP": ("7", 1, "Porsche Penske Motorsport"),
        "LMP2": ("18", 9, "Era Motorsport"),
        "GTDPRO": ("62", 17, "Risi Competizione"),
        "GTD": ("57", 19, "Winward Racing"),
    }
    # The whole race, from the official results: every car that took part.
    assert race.results.count() == 59 and race.completeness == Session.Completeness.COMPLETE
    assert (race.caution_periods, race.is_partial, race.event.round) == (15, False, 1)
    assert race.event.season.series.name == "IMSA WeatherTech SportsCar Championship"
    assert race.event.get_absolute_url() == "/series/imsa/2024/rolex-24-at-daytona/"


def test_risi_competizione_won_gtd_pro_with_the_ferrari():
    win = result("Rolex 24 At Daytona", 2024, "Race", "62")

    assert win.class_position == 1 and win.entry.car_class.name == "GTD Pro"
    assert win.entry.team.name == "Risi Competizione" and win.entry.car.name == "Ferrari 296 GT3"
    assert crew(win.entry) == ["Daniel Serra", "Davide Rigon", "Alessandro Pier Guidi", "James Calado"]


def test_the_64_mustang_was_sixth_in_gtd_pro_seven_laps_down_and_the_65_ninth_after_a_long_stop():
    mustang = result("Rolex 24 At Daytona", 2024, "Race", "64")
    sister = result("Rolex 24 At Daytona", 2024, "Race", "65")
    class_winner = result("Rolex 24 At Daytona", 2024, "Race", "62")

    assert (mustang.class_position, mustang.entry.car.name) == (6, "Ford Mustang GT3")
    assert class_winner.laps - mustang.laps == 7
    # IMSA classifies a car that stopped early, with the laps it ran.
    assert (sister.status, sister.class_position, sister.laps) == (Result.Status.CLASSIFIED, 9, 650)


def test_the_rolex_24_qualifying_given_in_the_report_is_held_partial_with_its_qualifying_drivers():
    gtd = Session.objects.get(event__year=2024, name="Qualifying — GTD Pro / GTD")
    held = {
        r.entry.number: (r.position, r.class_position, r.qualifying_driver and r.qualifying_driver.full_name)
        for r in gtd.results.select_related("entry", "qualifying_driver")
    }

    assert held == {
        "12": (3, 1, "Parker Thompson"),
        "45": (6, 4, "Kyle Marcelli"),
        "78": (7, 5, None),
        "17": (15, 9, None),
        "13": (24, 14, None),
        "65": (26, 9, None),
        "64": (41, 13, None),
        "57": (43, 17, None),
        "32": (44, 18, "Mikael Grenier"),
        "27": (48, 22, "Roman De Angelis"),
    }
    assert gtd.is_partial and gtd.red_flags == 1
    assert sorted(gtd.classes.values_list("code", flat=True)) == ["GTD", "GTDPRO"]
    lmp2 = result("Rolex 24 At Daytona", 2024, "Qualifying — LMP2", "8")
    assert lmp2.class_position == 13 and lmp2.entry.team.name == "Tower Motorsports"
    assert lmp2.session.status == Session.Status.PROVISIONAL


def test_the_61s_official_lmp3_place_in_race_2_is_seventh_and_it_crossed_the_line_eighth():
    race_2 = result("Roar Before the 24", 2024, "Race 2", "61")

    assert race_2.entry.car_class.code == "LMP3"
    assert (race_2.class_position, race_2.class_position_at_line) == (7, 8)
    assert race_2.position_changed_after_finish
    penalised = Result.objects.get(session=race_2.session, entry__drivers__family_name="Ware")
    assert (penalised.class_position_at_line, penalised.class_position) == (2, None)
    assert race_2.session.event.season.series.name == "IMSA VP Racing SportsCar Challenge"


def test_the_vp_challenge_races_at_the_roar_are_two_sessions_of_one_event_at_their_local_times():
    event = Event.objects.get(name="Roar Before the 24", year=2024)
    races = event.sessions.filter(kind=Session.Kind.RACE).order_by("starts_at")

    assert [(s.name, s.local_start.strftime("%a %d %b %H:%M")) for s in races] == [
        ("Race 1", "Sat 20 Jan 14:05"),
        ("Race 2", "Sun 21 Jan 12:20"),
    ]
    race_1 = {r.entry.number: (r.entry.car_class.code, r.class_position) for r in races[0].results.all()}
    assert race_1 == {"87": ("LMP3", 4), "61": ("LMP3", 8), "21": ("GSX", 13)}
    assert Entry.objects.filter(event=event, number="61").count() == 1


def test_the_seeds_misspellings_are_corrected_only_where_the_seed_shows_who_it_is():
    kacic = Driver.objects.get(family_name="Kacic")

    assert kacic.hometown == "Kelowna, BC" and kacic.nationality == "CA"
    assert not Driver.objects.filter(family_name__in=["Stacic", "Mutimatic"]).exists()
    assert Team.objects.filter(name="Multimatic").exists()
    assert Driver.objects.filter(given_name="Frederic", family_name="Makowiekci").exists()


def test_the_michelin_pilot_challenge_practice_holds_the_tcr_places():
    practice = Session.objects.get(event__season__series__name="Michelin Pilot Challenge", name="Practice 2")
    places = {r.entry.number: r.class_position for r in practice.results.select_related("entry")}

    assert places == {"6": 2, "93": 4, "33": 6, "76": 8, "98": 10}
    assert crew(Entry.objects.get(event=practice.event, number="6")) == ["LP Montour", "Brian Ortiz"]


def test_the_2024_petit_le_mans_qualifying():
    qualifying = Session.objects.get(event__name="Petit Le Mans", event__year=2024, name="Qualifying")
    overall = qualifying.results.exclude(position=None).order_by("position").select_related("entry")

    assert len(overall) == 53 and not qualifying.is_partial
    assert [(r.position, r.entry.number) for r in overall[:10:2]] == [
        (1, "31"),
        (3, "25"),
        (5, "10"),
        (7, "40"),
        (9, "24"),
    ]
    assert result("Petit Le Mans", 2024, "Qualifying", "7").qualifying_driver.full_name == "Matt Campbell"
    assert result("Petit Le Mans", 2024, "Qualifying", "85").class_position == 6
    pole = result("Petit Le Mans", 2024, "Qualifying", "77")
    assert (pole.entry.car_class.code, pole.class_position, pole.position, pole.qualifying_driver.full_name) == (
        "GTDPRO",
        1,
        22,
        "Laurin Heinrich",
    )
    assert qualifying.red_flags == 1
    tandy = Result.objects.get(session__event__name="Petit Le Mans", session__event__year=2015, position=1)
    assert crew(tandy.entry) == ["Nick Tandy"]


def test_the_2024_6_hours_of_imola_podiums():
    race = Session.objects.get(event__name="6 Hours of Imola", event__year=2024, name="Race")
    hypercar = race.results.filter(entry__car_class__code="HYPERCAR", class_position__lte=3).order_by("class_position")
    lmgt3 = race.results.filter(entry__car_class__code="LMGT3", class_position__lte=3).order_by("class_position")

    assert [r.entry.number for r in hypercar] == ["7", "6", "5"]
    assert [crew(r.entry)[0] for r in lmgt3] == ["Augusto Farfus", "Maxime Martin", "Joel Sturm"]
    assert [r.entry.car.name if r.entry.car else "" for r in lmgt3[:2]] == ["BMW M4", "BMW M4"]
    assert (race.event.round, race.event.season.series.short_name) == (2, "FIA WEC")


def test_kevin_estre_is_one_driver_across_events_and_found_without_the_accent():
    estre = Driver.objects.matching("Kevin Estre").get()

    assert estre.full_name == "Kévin Estre"
    # The timing files write him without the accent; the demo keeps the one the FIA writes.
    assert set(estre.entries.values_list("event__name", flat=True)) == {
        "Qatar",
        "6 Hours of Imola",
        "Rolex 24 At Daytona",
        "Petit Le Mans",
    }


def test_the_carrera_cup_at_watkins_glen():
    glen = Circuit.objects.get(name="Watkins Glen International")
    classes = CarClass.objects.filter(series__name="Porsche Carrera Cup North America").order_by("order")

    assert (glen.length_m, glen.turns, glen.time_zone) == (5472, 11, "America/New_York")
    assert [c.name for c in classes] == ["Pro", "Pro-Am", "Masters"]
    winners_2023 = {
        (r.session.name, r.entry.car_class.name): crew(r.entry)[0]
        for r in Result.objects.filter(
            session__event__year=2023, session__event__circuit=glen, class_position=1
        ).select_related("session", "entry__car_class")
    }
    assert winners_2023 == {
        ("Race 1", "Pro"): "Jason Hart",
        ("Race 1", "Pro-Am"): "Jeff Mosing",
        ("Race 1", "Masters"): "John Goetz",
        ("Race 2", "Pro"): "Will Martin",
        ("Race 2", "Pro-Am"): "Jeff Mosing",
        ("Race 2", "Masters"): "Mark Kvamme",
    }
    # Jeff Mosing's one car raced both races.
    assert Entry.objects.filter(event__year=2023, drivers__family_name="Mosing").count() == 1
    event_2024 = Event.objects.get(year=2024, circuit=glen)
    times = [(s.name, s.local_start, s.duration) for s in event_2024.sessions.exclude(kind="practice")]
    assert [(name, start.strftime("%a %H:%M"), duration) for name, start, duration in times] == [
        ("Qualifying", "Fri 09:45", datetime.timedelta(minutes=30)),
        ("Race 1", "Fri 16:20", datetime.timedelta(minutes=40)),
        ("Race 2", "Sat 11:00", datetime.timedelta(minutes=40)),
    ]
    assert event_2024.round == 7


def test_every_24_hours_of_daytona_winner_is_held():
    winners = {r.session.event.year: r for r in daytona_winners()}

    assert sorted(winners) == [year for year in range(1966, 2025) if year != 1974]
    assert Event.objects.get(race__name="24 Hours of Daytona", year=1974).status == Event.Status.CANCELLED
    assert winners[1966].entry.number == "98" and crew(winners[1966].entry) == ["Ken Miles", "Lloyd Ruby"]
    assert winners[1969].entry.number == ""  # not given
    assert winners[1979].entry.number == "0" and winners[2007].entry.number == "01"
    assert winners[1997].entry.crew.count() == 7
    assert winners[1972].session.duration == datetime.timedelta(hours=6)
    assert winners[2013].session.event.season is None and winners[2014].session.event.season.year == 2014


def test_the_1984_daytona_winner_is_a_march_with_a_porsche_engine():
    winner = daytona_winners().get(session__event__year=1984)

    assert winner.entry.car.manufacturer.name == "March"
    assert winner.entry.car.model == "83G"
    assert winner.entry.car.engine_make.name == "Porsche"
    assert (winner.entry.number, winner.laps, winner.entry.team.name) == ("00", 640, "Kreepy Krauly Racing")


def test_porsche_built_19_of_the_daytona_winners_and_engined_more():
    chassis = daytona_winners().filter(entry__car__manufacturer__name="Porsche")
    engines = [r for r in daytona_winners() if r.entry.car.engine_make.name == "Porsche"]

    assert chassis.count() == 19
    assert sorted(r.session.event.year for r in chassis)[-2:] == [2003, 2024]
    assert len(engines) == 23  # 1984 March, 1995 Kremer, 2009 and 2010 Riley too


def test_every_session_says_how_much_of_its_classification_it_holds():
    with_results = Session.objects.filter(results__isnull=False).distinct()
    by_level = {level: {str(s) for s in with_results.filter(completeness=level)} for level in Session.Completeness}

    # The three sessions from official files are whole; the Daytona winners are winners only.
    assert by_level[Session.Completeness.COMPLETE] == {
        "2024 Rolex 24 At Daytona — Race",
        "2024 Petit Le Mans — Qualifying",
        "2024 Petit Le Mans — Race",
    }
    assert "1966 24 Hours of Daytona — Race" in by_level[Session.Completeness.WINNERS]
    assert "2024 Rolex 24 At Daytona — Qualifying — LMP2" in by_level[Session.Completeness.PARTIAL]
    assert not by_level[Session.Completeness.TOP]


def test_the_reports_are_published_on_their_events():
    report = Article.objects.published().get(event__name="Rolex 24 At Daytona", event__year=2024)

    assert report.kind == Article.Kind.RACE_REPORT
    assert "Risi Competizione" in report.body
    assert Article.objects.count() == 3


def test_loading_the_demo_again_changes_nothing():
    models = (Event, Session, Entry, EntryDriver, Result, Driver, Team, Car, Article, Championship, PointsScaleValue)
    before = {model: model.objects.count() for model in models}

    report = load_demo()

    assert not report.has_changes, [str(change) for change in report.changes]
    assert {model: model.objects.count() for model in models} == before


def test_the_command_prints_what_the_archive_holds():
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    assert "Created: nothing" in out.getvalue()
    assert f"{Result.objects.count()} results" in out.getvalue()


def test_the_2024_petit_le_mans_is_told_lap_by_lap_and_a_reload_keeps_its_laps(client):
    winner = result("Petit Le Mans", 2024, "Race", "01")
    assert winner.timed_laps.count() == winner.laps == 443
    keys = list(Lap.objects.filter(result=winner).values_list("pk", flat=True))

    load_demo()

    assert list(Lap.objects.filter(result=winner).values_list("pk", flat=True)) == keys
    page = client.get(winner.session.event.get_absolute_url() + "laps/")
    periods = winner.session.caution_periods_run.count()
    assert page.status_code == 200 and f"{periods} caution periods" in page.text and periods > 0
