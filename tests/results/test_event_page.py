"""The fan's race page: what a fan reads on it, what a bad query string does, how many queries it costs."""

import datetime
import re

import pytest
from django.urls import reverse

from drivers.models import Car
from results.display.classification import line_change, time_or_gap
from results.display.dates import date_range
from results.display.times import scheduled_length
from results.models import Event, Result, Session
from results.stats.classification import assign_class_positions
from results.tables.classification import ClassificationTable, TimedSessionTable
from tests.factories import (
    ArticleFactory,
    CarClassFactory,
    CarFactory,
    CircuitFactory,
    DriverFactory,
    EntryDriverFactory,
    EntryFactory,
    EventFactory,
    ManufacturerFactory,
    RaceFactory,
    ResultFactory,
    SeasonFactory,
    SeriesFactory,
    SessionFactory,
    TeamFactory,
)
from tests.page_text import csv_rows, rows_of, section, text_of

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def enter(event, number, car_class, team, make, model, crew, entrant_name=""):
    car = Car.objects.filter(manufacturer__name=make, model=model).first() or CarFactory(
        manufacturer=ManufacturerFactory(name=make), model=model
    )
    entry = EntryFactory(
        event=event,
        number=number,
        car_class=car_class,
        team=TeamFactory(name=team),
        entrant_name=entrant_name or team,
        car=car,
    )
    for order, (given, family, country) in enumerate(crew, start=1):
        EntryDriverFactory(
            entry=entry, driver=DriverFactory(given_name=given, family_name=family, nationality=country), order=order
        )
    return entry


@pytest.fixture
def daytona():
    """A small Rolex 24: four classes created out of the organiser's order, a retirement, a penalty."""
    series = SeriesFactory(name="IMSA WeatherTech SportsCar Championship", short_name="IMSA")
    season = SeasonFactory(series=series, year=2024)
    gtd = CarClassFactory(series=series, code="GTD", name="GTD", order=4, colour="#e5a00d")
    gtp = CarClassFactory(series=series, code="GTP", name="GTP", order=1, colour="#111111")
    gtdpro = CarClassFactory(series=series, code="GTDPRO", name="GTD Pro", order=3, colour="#d62828")
    lmp2 = CarClassFactory(series=series, code="LMP2", name="LMP2", order=2, colour="#1d4ed8")
    circuit = CircuitFactory(
        name="Daytona International Speedway", place="Daytona Beach", country="US", time_zone="America/New_York"
    )
    event = EventFactory(
        season=season,
        race=RaceFactory(name="24 Hours of Daytona"),
        name="Rolex 24 At Daytona",
        circuit=circuit,
        round=1,
        start_date=datetime.date(2024, 1, 25),
        end_date=datetime.date(2024, 1, 28),
    )
    cars = {
        "7": enter(
            event,
            "7",
            gtp,
            "Porsche Penske Motorsport",
            "Porsche",
            "963",
            [("Felipe", "Nasr", "BR"), ("Dane", "Cameron", "US")],
            "Porsche Penske Motorsports",
        ),
        "31": enter(
            event, "31", gtp, "Whelen Engineering Racing", "Cadillac", "V-Series.R", [("Pipo", "Derani", "BR")]
        ),
        "40": enter(event, "40", gtp, "Wayne Taylor Racing", "Acura", "ARX-06", [("Jordan", "Taylor", "US")]),
        "18": enter(event, "18", lmp2, "Era Motorsport", "Oreca", "07", [("Ryan", "Dalziel", "GB")]),
        "62": enter(
            event,
            "62",
            gtdpro,
            "Risi Competizione",
            "Ferrari",
            "296 GT3",
            [("Davide", "Rigon", "IT"), ("Alessandro", "Pier Guidi", "IT")],
        ),
        "3": enter(
            event,
            "3",
            gtdpro,
            "Corvette Racing by Pratt Miller",
            "Chevrolet",
            "Corvette Z06 GT3.R",
            [("Antonio", "Garcia", "ES")],
        ),
        "57": enter(event, "57", gtd, "Winward Racing", "Mercedes-AMG", "GT3", [("Russell", "Ward", "US")]),
        "65": enter(
            event, "65", gtdpro, "Ford Multimatic Motorsports", "Ford", "Mustang GT3", [("Harri", "Proczyk", "AT")]
        ),
        "1": enter(event, "1", gtd, "Paul Miller Racing", "BMW", "M4 GT3", [("Madison", "Snow", "US")]),
    }
    race = SessionFactory(
        event=event,
        kind=Session.Kind.RACE,
        name="Race",
        order=3,
        starts_at=datetime.datetime(2024, 1, 27, 18, 40, tzinfo=UTC),
        start_time_known=True,
        caution_periods=15,
        source="IMSA official results",
    )
    finish = [
        ("7", {"total_time_ms": 86_304_723, "best_lap_ms": 95_605, "laps": 791}),
        ("31", {"gap_ms": 2_112, "laps": 791}),
        ("40", {"gap_ms": 7_123, "laps": 791}),
        ("18", {"gap_laps": 1, "laps": 790}),
        ("62", {"gap_laps": 7, "laps": 784}),
        # Third on the road in GTD Pro, dropped behind #57 by a penalty to itself.
        ("3", {"gap_laps": 8, "laps": 783, "position_at_line": 6, "reason": "Drive-through, pit lane speeding"}),
        ("57", {"gap_laps": 8, "laps": 783, "position_at_line": 7}),
        ("1", {"gap_laps": 9, "laps": 782}),
    ]
    for position, (number, facts) in enumerate(finish, start=1):
        if number == "3":
            position = 7
        elif number == "57":
            position = 6
        ResultFactory(session=race, entry=cars[number], position=position, **facts)
    ResultFactory(
        session=race, entry=cars["65"], position=None, status=Result.Status.RETIRED, reason="gearbox", laps=412
    )
    assign_class_positions(race)
    return event


def page(client, event, **query):
    return client.get(event.get_absolute_url(), query)


def test_the_page_names_the_event_its_circuit_round_season_and_race(client, daytona):
    response = page(client, daytona)
    assert response.status_code == 200
    html = response.content.decode()
    words = text_of(html)
    assert "<title>2024 Rolex 24 At Daytona" in html
    assert "25–28 Jan 2024" in words
    assert f'href="{daytona.circuit.get_absolute_url()}">Daytona International Speedway</a>' in html
    assert "Round 1 of the" in words
    assert f'href="{daytona.season.get_absolute_url()}">2024 IMSA WeatherTech SportsCar Championship</a>' in html
    assert f'href="{daytona.race.get_absolute_url()}">24 Hours of Daytona</a>' in html
    assert f'<link rel="canonical" href="http://testserver{daytona.get_absolute_url()}">' in html
    crumbs = text_of(section(html, "content").split("</nav>")[0])
    assert re.search(r"Home .*IMSA .*2024 .*Rolex 24 At Daytona", crumbs)


def test_classification_shows_numbers_entrants_crews_cars_times_and_gaps(client, daytona):
    html = page(client, daytona).content.decode()
    race = section(html, "session-race")
    words = text_of(race)
    assert "#7" in words
    assert "Porsche Penske Motorsports" in words  # the entrant as named on the day...
    team = daytona.entries.get(number="7").team
    assert f'href="{team.get_absolute_url()}">Porsche Penske Motorsports</a>' in race  # ...linking to the team
    nasr = daytona.entries.get(number="7").drivers.get(family_name="Nasr")
    assert f'href="{nasr.get_absolute_url()}">Felipe Nasr</a>' in race
    assert 'src="/static/flags/br.gif"' in race
    car = daytona.entries.get(number="7").car
    assert f'href="{car.get_absolute_url()}">Porsche 963</a>' in race
    for shown in ("23:58:24.723", "+2.112", "+7.123", "+1 Lap ", "+7 Laps", "1:35.605", "791"):
        assert shown in words, shown
    assert "Retired: gearbox" in words
    assert "DNF" in words


def test_class_winners_are_marked_in_the_classification(client, daytona):
    html = section(page(client, daytona).content.decode(), "session-race")
    winners = re.findall(r'<tr class="class-winner[^"]*"[^>]*>.*?</tr>', html, flags=re.S)
    assert {re.search(r">#(\d+)<", row).group(1) for row in winners} == {"7", "18", "62", "57"}
    assert all("class winner" in row for row in winners)


def test_class_podiums_come_in_the_organisers_order_with_crews_and_cars(client, daytona):
    podiums = section(page(client, daytona).content.decode(), "podiums")
    words = text_of(podiums)
    classes = re.findall(r'<span class="class-badge"[^>]*>([^<]+)</span>', podiums)
    assert classes == ["GTP", "LMP2", "GTD Pro", "GTD"]
    gtd_pro = words[words.index("GTD Pro") : words.index("GTD Pro") + 400]
    assert re.search(r"1st #62 Risi Competizione Ferrari 296 GT3 .*Davide Rigon .*Alessandro Pier Guidi", gtd_pro)
    assert re.search(r"2nd #3 Corvette Racing", gtd_pro)  # after the penalty, not at the line
    assert "#65" not in words  # the retired car is on no podium
    assert re.search(r"1st #57 Winward Racing Mercedes-AMG GT3", words)


def test_a_penalty_after_the_finish_shows_the_order_at_the_line(client, daytona):
    words = text_of(section(page(client, daytona).content.decode(), "session-race"))
    assert "7th at the line, 6th after a penalty to another car" in words
    assert "6th at the line, 7th after a penalty" in words
    assert "Drive-through, pit lane speeding" in words


def test_a_partial_classification_says_so(client, daytona):
    race = daytona.sessions.get()
    assert "Partial classification" not in text_of(page(client, daytona).content.decode())
    race.completeness = Session.Completeness.PARTIAL
    race.status = Session.Status.PROVISIONAL
    race.save()
    words = text_of(page(client, daytona).content.decode())
    assert "Partial classification: only the cars named in the source are listed" in words
    assert "Provisional results" in words


def test_two_races_in_one_weekend_are_two_classifications(client):
    event = EventFactory(name="Carrera Cup Daytona")
    first, second = (
        SessionFactory(event=event, kind=Session.Kind.RACE, name=name, order=order)
        for order, name in enumerate(["Race 1", "Race 2"], start=1)
    )
    alpha = enter(event, "1", None, "Alpha Racing", "Porsche", "911 GT3 Cup", [("Ann", "Alpha", "US")])
    beta = enter(event, "2", None, "Beta Racing", "Porsche", "911 GT3 Cup", [("Bob", "Beta", "CA")])
    for session, order in ((first, [alpha, beta]), (second, [beta, alpha])):
        for position, entry in enumerate(order, start=1):
            ResultFactory(session=session, entry=entry, position=position, total_time_ms=1_800_000)
        assign_class_positions(session)
    html = page(client, event).content.decode()
    race_1, race_2 = section(html, "session-race-1"), section(html, "session-race-2")
    assert "<h2" in race_1 and "Race 1" in race_1 and "Race 2" in race_2
    assert text_of(race_1).index("Alpha Racing") < text_of(race_1).index("Beta Racing")
    assert text_of(race_2).index("Beta Racing") < text_of(race_2).index("Alpha Racing")
    # One podium per race, headed "Overall" as the cars have no class.
    podiums = text_of(section(html, "podiums"))
    assert re.search(r"Race 1 Overall 1st #1 Alpha Racing.*Race 2 Overall 1st #2 Beta Racing", podiums)


def test_sessions_show_local_start_times_and_only_the_day_when_the_time_is_unknown(client, daytona):
    SessionFactory(
        event=daytona,
        kind=Session.Kind.PRACTICE,
        name="Practice 1",
        order=1,
        starts_at=datetime.datetime(2024, 1, 25, 17, 10, tzinfo=UTC),
        start_time_known=True,
    )
    SessionFactory(
        event=daytona,
        kind=Session.Kind.PRACTICE,
        name="Practice 2",
        order=2,
        starts_at=datetime.datetime(2024, 1, 26, 4, 0, tzinfo=UTC),
        start_time_known=False,
    )
    words = text_of(section(page(client, daytona).content.decode(), "sessions"))
    assert "Practice 1 Thu 25 Jan 2024, 12:10 EST" in words
    # 04:00 UTC on the 26th is still the 25th in Daytona: the local day, and no time.
    assert "Practice 2 Thu 25 Jan 2024 " in words
    assert "Race Sat 27 Jan 2024, 13:40 EST" in words


def test_qualifying_shows_the_pole_of_each_class_with_the_driver_and_time(client, daytona):
    qualifying = SessionFactory(event=daytona, kind=Session.Kind.QUALIFYING, name="Qualifying", order=2)
    entries = {entry.number: entry for entry in daytona.entries.all()}
    for position, (number, best) in enumerate([("31", 94_000), ("7", 94_500), ("62", 103_100), ("57", 103_400)], 1):
        ResultFactory(
            session=qualifying,
            entry=entries[number],
            position=position,
            best_lap_ms=best,
            qualifying_driver=entries[number].crew.first().driver,
        )
    assign_class_positions(qualifying)
    poles = section(page(client, daytona).content.decode(), "qualifying").split("<details")[0]
    words = text_of(poles)
    assert re.search(r"GTP #31 Whelen Engineering Racing\s*, Cadillac V-Series.R .*Pipo Derani 1:34.000", words)
    assert re.search(r"GTD Pro #62 Risi Competizione\s*, Ferrari 296 GT3 .*Davide Rigon 1:43.100", words)
    assert "#7" not in words  # second in GTP: not a pole


def test_each_qualifying_session_names_its_own_driver_of_a_car(client, daytona):
    # A car's cells are drawn once per page: the driver who set the time is not one of them.
    ferrari = daytona.entries.get(number="62")
    rigon, pier_guidi = (member.driver for member in ferrari.crew.order_by("order"))
    for order, driver in enumerate([rigon, pier_guidi], start=2):
        session = SessionFactory(
            event=daytona, kind=Session.Kind.QUALIFYING, name=f"Qualifying {order - 1}", order=order
        )
        ResultFactory(session=session, entry=ferrari, position=1, best_lap_ms=103_000, qualifying_driver=driver)

    tables = section(page(client, daytona).content.decode(), "qualifying").split("<table")[1:]

    (first,), (second,) = (rows_of(table) for table in tables)
    assert "#62" in first and "Davide Rigon" in first and "Pier Guidi" not in first
    assert "#62" in second and "Alessandro Pier Guidi" in second and "Rigon" not in second


def test_a_pole_sitter_entered_under_no_name_shows_its_car_without_a_stray_comma(client, daytona):
    thirty_one = daytona.entries.get(number="31")
    thirty_one.team, thirty_one.entrant_name = None, ""
    thirty_one.save()
    qualifying = SessionFactory(event=daytona, kind=Session.Kind.QUALIFYING, name="Qualifying", order=2)
    ResultFactory(session=qualifying, entry=thirty_one, position=1, best_lap_ms=94_000)
    assign_class_positions(qualifying)

    poles = text_of(section(page(client, daytona).content.decode(), "qualifying").split("<details")[0])

    assert "GTP #31 Cadillac V-Series.R" in poles and "," not in poles


def test_a_race_whose_source_names_no_podium_finisher_does_not_call_its_cars_unclassified(client, daytona):
    heat = SessionFactory(event=daytona, kind=Session.Kind.RACE, name="Race 1", order=4)
    heat.completeness = Session.Completeness.PARTIAL
    heat.save()
    for number, class_place in (("57", 4), ("1", 8)):
        ResultFactory(session=heat, entry=daytona.entries.get(number=number), position=None, class_position=class_place)

    words = text_of(page(client, daytona).content.decode())

    assert "No classified cars in Race 1" not in words
    assert "The archive does not know the podium of Race 1" in words


def test_a_session_without_results_is_not_called_official_in_the_schedule(client, daytona):
    SessionFactory(event=daytona, kind=Session.Kind.PRACTICE, name="Practice 1", order=1)

    html = page(client, daytona).content.decode()
    rows = rows_of(section(html, "sessions"))

    assert next(row for row in rows if row.startswith("Practice 1")).endswith("No results")
    assert next(row for row in rows if row.startswith("Race ")).endswith("Official")


def test_one_class_alone_times_its_cars_against_its_leader(client, daytona):
    overall = rows_of(section(page(client, daytona).content.decode(), "session-race"))
    alone = rows_of(section(page(client, daytona, **{"class": "GTDPRO"}).content.decode(), "session-race"))

    def row(rows, number):
        return next(row for row in rows if f"#{number} " in row)

    assert "+8 Laps" in row(overall, "3") and "+7 Laps" in row(overall, "62")
    assert "+1 Lap" in row(alone, "3")  # one lap behind #62, the class's winner
    assert "Laps" not in row(alone, "62") and "Lap" not in row(alone, "65")  # the winner, and a car that retired


def test_one_class_alone(client, daytona):
    html = page(client, daytona, **{"class": "GTDPRO"}).content.decode()
    race = text_of(section(html, "session-race"))
    assert "Risi Competizione" in race and "Corvette Racing" in race and "Ford Multimatic" in race
    assert "Porsche Penske" not in race and "Winward" not in race
    assert "Showing GTD Pro only" in text_of(html)
    assert re.findall(r'<span class="class-badge"[^>]*>([^<]+)</span>', section(html, "podiums")) == ["GTD Pro"]


@pytest.mark.parametrize(
    "query",
    [
        {"class": "NOPE"},
        {"class": "GTD'; DROP TABLE results_result; --"},
        {"class": "\x00"},
        {"class": ["GTP", "x" * 5000]},
        {"_export": "xlsx", "session": "race"},
        {"_export": "csv", "session": "no-such-session"},
        {"_export": "csv"},
    ],
)
def test_garbage_in_the_query_string_gives_the_page_with_a_message(client, daytona, query):
    response = page(client, daytona, **query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    words = text_of(response.content.decode())
    assert "Porsche Penske Motorsports" in words and "Winward Racing" in words  # every class still shown
    if "class" in query:
        assert "Class: Select a valid choice." in words
    if query.get("_export") == "csv":
        assert "no session of that name" in words


def test_unknown_slugs_are_404(client, daytona):
    assert client.get("/series/imsa/2024/no-such-event/").status_code == 404
    assert client.get(f"/series/imsa/1999/{daytona.slug}/").status_code == 404
    assert client.get(f"/series/nope/2024/{daytona.slug}/").status_code == 404
    assert client.get("/races/no-such-race/2024/").status_code == 404
    assert client.get(f"/races/{daytona.race.slug}/1999/").status_code == 404


def test_a_historic_edition_without_a_season_has_its_page_under_its_race(client):
    race = RaceFactory(name="24 Hours of Daytona")
    event = EventFactory(season=None, race=race, year=1966, name="24 Hours of Daytona")
    session = SessionFactory(event=event)
    ResultFactory(
        session=session,
        entry=enter(event, "98", None, "Ford", "Ford", "GT40 Mk II", [("Ken", "Miles", "GB")]),
        position=1,
    )
    assert event.get_absolute_url() == reverse("results:race_edition", kwargs={"race": race.slug, "year": 1966})
    html = page(client, event).content.decode()
    assert "Ken Miles" in text_of(html)
    assert re.search(r'<a href="/races/[^"]+/">24 Hours of Daytona</a>\s*</li>\s*<li aria-current="page">', html)


def test_csv_export_of_a_classification(client, daytona):
    response = page(client, daytona, _export="csv", session="race")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "2024-rolex-24-at-daytona-race.csv" in response["Content-Disposition"]
    rows = csv_rows(response)
    header, first = rows[0], rows[1]
    assert header[:8] == ["Pos", "Class", "In class", "No.", "Entrant", "Drivers", "Car", "Laps"]
    assert first[:9] == [
        "1",
        "GTP",
        "1",
        "7",
        "Porsche Penske Motorsports",
        "Felipe Nasr; Dane Cameron",
        "Porsche 963",
        "791",
        "23:58:24.723",
    ]
    by_number = {row[3]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_number["65"]["Pos"] == "DNF" and by_number["65"]["Status"] == "Retired: gearbox"
    assert by_number["3"]["At the line"] == "6"
    assert len(rows) == 1 + 9


def test_csv_export_keeps_the_class_filter(client, daytona):
    response = page(client, daytona, _export="csv", session="race", **{"class": "GTD"})
    rows = csv_rows(response)
    assert [row[3] for row in rows[1:]] == ["57", "1"]


def test_published_reports_are_shown_and_drafts_are_not(client, daytona):
    ArticleFactory(event=daytona, title="Porsche wins again", body="**Porsche** won.\n\n<script>alert(1)</script>")
    ArticleFactory(event=daytona, title="Secret draft", status="draft", published_at=None)
    html = page(client, daytona).content.decode()
    reports = section(html, "reports")
    assert "Porsche wins again" in text_of(reports)
    assert "<strong>Porsche</strong> won." in reports
    assert "<script>alert" not in html
    assert "Secret draft" not in html


def test_an_event_without_results_says_so(client):
    event = EventFactory(status=Event.Status.SCHEDULED)
    words = text_of(page(client, event).content.decode())
    assert "No results have been entered for this event yet." in words
    assert "Scheduled" in words


def build_big_event():
    """4 sessions x 60 cars x 4 drivers: a page that fetched per row would run thousands of queries."""
    series = SeriesFactory(name="Big Series")
    classes = [CarClassFactory(series=series, code=f"K{n}", order=n) for n in range(4)]
    event = EventFactory(season=SeasonFactory(series=series), name="Big Event")
    sessions = [
        SessionFactory(
            event=event,
            kind=kind,
            name=name,
            order=n,
            starts_at=datetime.datetime(2024, 6, 1, 12 + n, tzinfo=UTC),
            start_time_known=True,
        )
        for n, (kind, name) in enumerate(
            [("practice", "Practice"), ("qualifying", "Qualifying"), ("race", "Race 1"), ("race", "Race 2")]
        )
    ]
    for number in range(1, 61):
        entry = EntryFactory(event=event, number=str(number), car_class=classes[number % 4])
        for order in range(1, 5):
            EntryDriverFactory(entry=entry, order=order)
        for session in sessions:
            ResultFactory(session=session, entry=entry, position=number, gap_ms=number * 1000, best_lap_ms=90_000)
    for session in sessions:
        assign_class_positions(session)
    ArticleFactory(event=event)
    return event


# The page's own queries (one of them names its subjects for the read cache), and the
# fixed number its milestones add unless they are kept: results.stats.milestones.event.for_event's.
PAGE_QUERIES, MILESTONE_QUERIES = 11, 7


def test_the_page_holds_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    event = build_big_event()
    with django_assert_max_num_queries(PAGE_QUERIES + MILESTONE_QUERIES):
        response = page(client, event)
    assert response.status_code == 200
    # Four classes' winners in each of the two races; the rest of the rows are there too.
    html = response.content.decode()
    assert html.count('<tr class="class-winner') == 4 * 2
    assert len(re.findall(r"<tr[ >]", html)) >= 4 * 60
    with django_assert_max_num_queries(PAGE_QUERIES + MILESTONE_QUERIES):
        assert page(client, event, **{"class": "K1"}).status_code == 200


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ((2024, 1, 25), (2024, 1, 28), "25–28 Jan 2024"),
        ((2024, 8, 30), (2024, 9, 1), "30 Aug – 1 Sep 2024"),
        ((2023, 12, 31), (2024, 1, 1), "31 Dec 2023 – 1 Jan 2024"),
        ((2024, 3, 16), None, "16 Mar 2024"),
    ],
)
def test_event_dates_read_as_people_write_them(start, end, shown):
    event = Event(start_date=datetime.date(*start), end_date=datetime.date(*end) if end else None)
    assert date_range(event) == shown


def test_scheduled_lengths_read_as_the_sport_says_them():
    assert scheduled_length(datetime.timedelta(hours=24)) == "24 Hours"
    assert scheduled_length(datetime.timedelta(hours=2, minutes=40)) == "2 Hours 40 Minutes"
    assert scheduled_length(datetime.timedelta(minutes=1)) == "1 Minute"
    assert scheduled_length(None) == ""


def test_a_car_excluded_after_the_finish_says_where_it_crossed_the_line():
    result = Result(position=None, position_at_line=1, status=Result.Status.EXCLUDED)
    assert line_change(result) == "1st at the line, then excluded"


def test_a_partial_classification_puts_no_lower_place_on_the_podium(client):
    """A source naming a class's winner and its 6th car gives a podium of one, not a 6th "on the podium"."""
    series = SeriesFactory(name="Partial Series")
    gtd = CarClassFactory(series=series, code="GTD", name="GTD")
    event = EventFactory(season=SeasonFactory(series=series))
    race = SessionFactory(event=event, completeness=Session.Completeness.PARTIAL)
    for number, team, class_position in (("57", "Winward Racing", 1), ("64", "Multimatic", 6)):
        entry = enter(event, number, gtd, team, "Make", f"Model {number}", [("Ann", f"Driver{number}", "US")])
        ResultFactory(session=race, entry=entry, position=None, class_position=class_position)
    words = text_of(section(page(client, event).content.decode(), "podiums"))
    assert "1st #57 Winward Racing" in words
    assert "Multimatic" not in words and "6th" not in words
    assert "Partial classification: only the cars named in the source are listed." in words


def test_cars_placed_only_in_class_follow_the_organisers_order_and_the_unplaced_come_last(client):
    series = SeriesFactory(name="Order Series")
    gtd = CarClassFactory(series=series, code="GTD", name="GTD", order=4)
    gtdpro = CarClassFactory(series=series, code="GTDPRO", name="GTD Pro", order=3)
    event = EventFactory(season=SeasonFactory(series=series))
    race = SessionFactory(event=event, completeness=Session.Completeness.PARTIAL)
    rows = [
        ("9", gtd, None, 2, Result.Status.CLASSIFIED, 700),
        ("8", gtd, None, 1, Result.Status.CLASSIFIED, 710),
        ("5", gtdpro, None, 1, Result.Status.CLASSIFIED, 720),
        ("3", gtdpro, None, None, Result.Status.RETIRED, 100),
        ("2", gtd, None, None, Result.Status.RETIRED, 400),
        ("1", gtdpro, 1, None, Result.Status.CLASSIFIED, 800),
    ]
    for number, car_class, position, class_position, status, laps in rows:
        entry = enter(event, number, car_class, f"Team {number}", "Make", f"Car {number}", [])
        ResultFactory(
            session=race, entry=entry, position=position, class_position=class_position, status=status, laps=laps
        )
    table = section(page(client, event).content.decode(), "session-race")
    assert re.findall(r">#(\d+)<", table) == ["1", "5", "8", "9", "2", "3"]


def test_the_drawn_rows_hold_the_cells_django_tables2_would_draw(daytona):
    """ClassificationTable.rows_html() skips django-tables2's slow per-cell path; the cells must not change."""
    sessions = list(daytona.sessions.for_event_page())
    for table_class in (ClassificationTable, TimedSessionTable):
        table = table_class(sessions[0].classification, anchor_rows=True)
        drawn = re.findall(r"<tr([^>]*)>(.*?)</tr>", table.rows_html(), flags=re.S)
        assert len(drawn) == len(table.rows) == 9
        for (attrs, cells), row in zip(drawn, table.rows, strict=True):
            assert ('class="class' in attrs) == (row.attrs["class"].startswith("class-"))
            assert f'id="{row.attrs.get("id")}"' in attrs
            expected = "".join(f"<td {column.attrs['td'].as_html()}>{cell}</td>" for column, cell in row.items())
            assert cells == expected


def test_a_gap_known_only_within_the_class_says_so():
    assert time_or_gap(Result(position=None, class_position=6, class_gap_laps=7)) == "+7 Laps in class"
    assert time_or_gap(Result(position=9, gap_laps=1, class_gap_laps=3)) == "+1 Lap"
