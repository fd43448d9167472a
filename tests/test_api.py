"""The read-only JSON API under /api/v1/, used as a program would: found, followed by its
links, filtered, paged, cached with validators, open to other sites' pages, limited per
client address, described by its OpenAPI schema, in a bounded number of queries."""

import pytest
from django.urls import reverse

from drivers.models import Driver
from results.models import Event, Result, Stint
from tests.results.test_event_page_demo import demo_archive  # noqa: F401 -- the module-scoped demo

API = "/api/v1/"


@pytest.fixture
def demo(demo_archive, db):  # noqa: F811
    return Event.objects.get(race__name="24 Hours of Daytona", year=2024)


def get(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    assert response["Content-Type"] in ("application/json", "application/vnd.oai.openapi+json")
    return response.json()


def test_a_program_finds_the_rolex_24_reads_gtd_pro_and_follows_the_winner_to_its_team(client, demo):
    found = get(client, f"{API}events/", race="24-hours-of-daytona", year=2024)
    assert found["count"] == 1
    event = get(client, found["results"][0]["url"])
    assert (event["name"], event["series"]["slug"]) == (demo.name, demo.season.series.slug)

    race = next(session for session in event["sessions"] if session["kind"] == "race")
    gtd_pro = get(client, race["url"], car_class="GTDPRO")["classification"]
    expected = demo.sessions.get(kind="race").results.filter(entry__car_class__code="GTDPRO")
    assert len(gtd_pro) == expected.count() and {car["car_class"] for car in gtd_pro} == {"GTDPRO"}
    winner = next(car for car in gtd_pro if car["class_position"] == 1)
    team = get(client, winner["team"]["url"])
    assert team["name"] == expected.get(class_position=1).entry.team.name == "Risi Competizione"
    assert team["page"].endswith(f"/teams/{team['slug']}/")


def test_a_drivers_results_page_through_with_a_next_link_and_a_bounded_page_size(client, demo):
    driver = Driver.objects.get(slug="felipe-nasr")
    first = get(client, f"{API}results/", driver=driver.slug, page_size=1)
    assert first["count"] == driver.entries.filter(results__isnull=False).count() > 1
    second = get(client, first["next"])
    assert second["results"][0]["id"] != first["results"][0]["id"]

    many = get(client, f"{API}drivers/", page_size=10_000)
    assert len(many["results"]) == min(100, Driver.objects.count()) and many["count"] == Driver.objects.count()


@pytest.mark.parametrize(
    ("path", "query", "said"),
    [
        ("events/", {"year": "abc"}, "Enter a number."),
        ("events/", {"race": "no-such-race"}, "Select a valid choice."),
        ("results/", {}, "Name whose results"),
        ("sessions/{race}/", {"car_class": "F1"}, "No class 'F1' in this session; it has GTD, GTDPRO, GTP, LMP2."),
    ],
)
def test_a_question_the_api_cannot_answer_is_told_why_with_400(client, demo, path, query, said):
    race = demo.sessions.get(kind="race")
    response = client.get(API + path.format(race=race.pk), query)
    assert response.status_code == 400 and said in response.content.decode()


def test_what_is_not_there_is_404_in_json(client, demo):
    for url in (f"{API}drivers/nobody/", f"{API}events/abc/", f"{API}drivers/?page=999", f"{API}sessions/0/stints/"):
        response = client.get(url)
        assert response.status_code == 404 and "detail" in response.json(), url


def test_other_sites_pages_may_read_it(client, demo):
    response = client.get(f"{API}series/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        f"{API}series/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 200 and "GET" in preflight["Access-Control-Allow-Methods"]
    assert client.get("/drivers/", HTTP_ORIGIN="https://example.org").get("Access-Control-Allow-Origin") is None


def test_a_client_calling_too_fast_is_asked_to_wait_and_others_are_not(client, db, settings):
    settings.API_RATE_LIMIT = 3
    for _ in range(3):
        assert client.get(f"{API}series/", REMOTE_ADDR="203.0.113.7").status_code == 200
    refused = client.get(f"{API}series/", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= settings.API_RATE_WINDOW
    assert "Too many requests" in refused.json()["detail"]
    assert client.get(f"{API}series/", REMOTE_ADDR="198.51.100.2").status_code == 200
    assert client.get("/", REMOTE_ADDR="203.0.113.7").status_code == 200  # the site's pages are not limited


def test_the_schema_describes_every_resource_and_its_filters(client, db):
    schema = get(client, reverse("api:schema"))
    assert schema["openapi"].startswith("3.")
    paths = {f"{API}events/", f"{API}events/{{id}}/", f"{API}drivers/{{slug}}/", f"{API}results/"}
    assert paths <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"][f"{API}events/"]["get"]["parameters"]}
    assert {"race", "series", "year", "driver", "page", "page_size"} <= parameters


def test_one_address_gives_json_whatever_the_browser_asks_and_format_api_the_browsable_pages(client, db):
    assert client.get(f"{API}series/", HTTP_ACCEPT="text/html")["Content-Type"] == "application/json"
    browsable = client.get(f"{API}series/", {"format": "api"})
    assert browsable["Content-Type"].startswith("text/html") and "Series" in browsable.content.decode()


def test_a_race_told_lap_by_lap_gives_its_stints(client, demo_archive, db):  # noqa: F811
    event = Event.objects.get(race__name="Petit Le Mans", year=2024)
    race = event.sessions.get(kind="race")
    session = get(client, f"{API}sessions/{race.pk}/")
    assert session["lap_data"]["laps"] == race.lap_file.laps
    stints = get(client, session["lap_data"]["stints"])["stints"]
    assert len(stints) == Stint.objects.filter(result__session=race).count()
    winner = race.results.get(position=1)
    assert {s["driver"]["slug"] for s in stints if s["number"] == winner.entry.number} == {
        member.driver.slug for member in winner.entry.crew.all()
    }


def test_every_list_and_object_holds_a_bounded_number_of_queries(client, demo, django_assert_max_num_queries):
    race = demo.sessions.get(kind="race")
    urls = [
        f"{API}series/",
        f"{API}seasons/",
        f"{API}events/",
        f"{API}sessions/",
        f"{API}results/?event={demo.pk}",
        f"{API}races/",
        f"{API}circuits/",
        f"{API}drivers/",
        f"{API}teams/",
        f"{API}manufacturers/",
        f"{API}cars/",
        f"{API}events/{demo.pk}/",
        f"{API}sessions/{race.pk}/",
        f"{API}sessions/{race.pk}/stints/",
        f"{API}drivers/felipe-nasr/",
        f"{API}records/?what=class_wins&who=driver&series=imsa",
        f"{API}search/?q=porsche",
        f"{API}entries/?event={demo.pk}",
        f"{API}teams/{race.results.get(position=1).entry.team.slug}/",
        f"{API}sessions/{race.pk}/laps/?number={race.results.get(position=1).entry.number}",
        f"{API}cars/{race.results.get(position=1).entry.car.slug}/",
    ]
    for url in urls:
        with django_assert_max_num_queries(10):
            response = client.get(url)
        assert response.status_code == 200, url
    # A season's standings read its whole season (the season page's 12 queries, kept in the
    # read cache once counted; here, inside the test's transaction, never kept).
    for url in (f"{API}seasons/{demo.season.pk}/standings/", f"{API}seasons/{demo.season.pk}/standings/?after=2"):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200


def test_porsches_overall_wins_at_daytona_come_from_the_records_with_what_they_cover(client, demo):
    found = get(client, f"{API}records/", what="wins", who="make", race="24-hours-of-daytona")
    porsche = next(row for row in found["ranking"] if row["who"]["slug"] == "porsche")
    # Counted here from the results alone: the races at Daytona a Porsche won overall.
    won = Result.objects.filter(
        session__kind="race",
        position=1,
        session__event__race__slug="24-hours-of-daytona",
        entry__car__manufacturer__slug="porsche",
    )

    assert found["question"]["title"] == "Overall wins by manufacturer (chassis) at the 24 Hours of Daytona"
    assert porsche["count"] == won.values("session").distinct().count() > 0
    assert found["coverage"]["races"] >= found["coverage"]["counted_over"] > 0
    assert found["counting_rules"].startswith("A start is")
    assert client.get(porsche["occurrences"]).status_code == 200


def test_a_records_question_the_api_does_not_understand_is_400(client, db):
    response = client.get(f"{API}records/", {"what": "nonsense"})
    assert response.status_code == 400 and "what" in response.json()


def test_the_standings_after_the_first_round_are_led_by_its_class_winners(client, demo):
    season = demo.season
    found = get(client, f"{API}seasons/{season.pk}/standings/", after=1, car_class="GTP")
    (imsa,) = [c for c in found["championships"] if c["classes"]]
    (gtp,) = imsa["classes"]
    drivers = next(table for table in gtp["tables"] if table["kind"] == "drivers")
    first_round = season.events.order_by("start_date").first()
    winner = first_round.sessions.get(kind="race").results.get(class_position=1, entry__car_class__code="GTP")

    assert (found["after"], gtp["after_round"]) == (1, 1)
    leaders = {row["name"] for row in drivers["rows"] if row["position"] == 1}
    assert leaders == {str(member.driver) for member in winner.entry.crew.all()}
    later = get(client, f"{API}seasons/{season.pk}/standings/", car_class="GTP")
    assert later["championships"][0]["classes"][0]["after_round"] > 1
    for query, said in (({"after": "x"}, "Not a round number"), ({"car_class": "F1"}, "No standings of a class")):
        response = client.get(f"{API}seasons/{season.pk}/standings/", query)
        assert response.status_code == 400 and said in response.content.decode()


def test_search_finds_a_driver_without_accents_and_links_each_kind(client, demo):
    found = get(client, f"{API}search/", q="KEVIN ESTRE")
    (estre,) = found["kinds"]["drivers"]["found"]
    assert estre["name"] == "Kévin Estre"
    assert get(client, estre["url"])["slug"] == estre["slug"]
    assert client.get(f"{API}search/", {"q": "   "}).status_code == 400


def test_a_cars_every_lap_pages_through_with_its_places(client, demo_archive, db):  # noqa: F811
    race = Event.objects.get(race__name="Petit Le Mans", year=2024).sessions.get(kind="race")
    winner = race.results.get(position=1)
    url = get(client, f"{API}sessions/{race.pk}/")["lap_data"]["laps_of_a_car"].format(number=winner.entry.number)
    first = get(client, url)
    assert (first["count"], first["number"]) == (winner.laps, winner.entry.number)
    assert [lap["number"] for lap in first["laps"]] == list(range(1, 51))
    last_page = get(client, f"{API}sessions/{race.pk}/laps/", number=winner.entry.number, page=-(-winner.laps // 50))
    assert last_page["laps"][-1]["position"] == 1  # the winner leads at the flag
    refused = client.get(f"{API}sessions/{race.pk}/laps/", {"number": "999"})
    assert refused.status_code == 400 and winner.entry.number in refused.json()["number"]


def test_an_events_entry_list_and_a_drivers_career_totals_are_counted_from_its_results(client, demo):
    assert get(client, f"{API}events/{demo.pk}/")["entries"].endswith(f"{API}entries/?event={demo.pk}")
    entries = get(client, f"{API}entries/", event=demo.pk, page_size=100)
    assert entries["count"] == demo.entries.count()
    assert all(entry["event"]["id"] == demo.pk for entry in entries["results"])
    assert client.get(f"{API}entries/").status_code == 400

    nasr = Driver.objects.get(slug="felipe-nasr")
    totals = get(client, f"{API}drivers/felipe-nasr/")["totals"]["all"]
    # Counted here from the results alone (every race of the demo he drove has its full results).
    races = Result.objects.filter(session__kind="race", entry__crew__driver=nasr)
    assert totals["starts"] == races.exclude(status__in=["did_not_start", "excluded"]).count()
    assert totals["wins"] == races.filter(position=1).count()
    assert totals["coverage"]["races"] == races.values("session").distinct().count()


@pytest.mark.parametrize(
    "url",
    [
        f"{API}sessions/1/?car_class=%00",
        f"{API}drivers/?q=a%00b",
        f"{API}events/?race=%00",
        f"{API}records/?race=%00",
        f"{API}search/?q=%00",
        f"{API}results/?driver=x%00",
    ],
)
def test_a_nul_character_anywhere_is_a_400_on_every_database(client, db, url):
    response = client.get(url)
    assert response.status_code == 400 and "NUL" in response.json()["detail"]


def test_a_slug_that_is_no_slug_is_not_found(client, db):
    assert client.get(f"{API}drivers/a%00b/").status_code == 404
    assert client.get(f"{API}drivers/a b/").status_code == 404


def test_drive_time_alone_asks_for_drivers(client, db):
    found = get(client, f"{API}records/", what="drive_time")
    assert found["question"]["who"] == "driver"


def test_the_browsable_pages_set_no_cookie_for_a_cache_to_trip_on(client, db):
    response = client.get(f"{API}series/", {"format": "api"})
    assert response.status_code == 200 and not response.cookies
    assert "csrfToken" not in response.content.decode()
