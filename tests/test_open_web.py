"""The archive for programs that crawl and follow it: sitemap.xml over every public page,
robots.txt, Atom feeds of the latest results and reports, schema.org JSON-LD and Open Graph
tags on event pages."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from drivers.models import Driver
from results.models import Article, Event, LapFile
from results.views import sitemaps
from tests.factories import EventFactory
from tests.results.test_event_page_demo import demo_archive  # noqa: F401 -- the module-scoped demo

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def locations(client, url) -> list[str]:
    """The addresses a sitemap (or sitemap index) lists, as paths."""
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return [re.sub(r"^https?://[^/]+", "", loc.text) for loc in root.iter(f"{SITEMAP}loc")]


def every_location(client) -> list[str]:
    return [path for section in locations(client, "/sitemap.xml") for path in locations(client, section)]


@pytest.fixture
def demo(demo_archive, db):  # noqa: F811
    return Event.objects.with_place().get(race__name="Petit Le Mans", year=2024)


def test_the_sitemap_lists_every_public_page_once_and_they_answer(client, demo):
    found = every_location(client)

    assert len(found) == len(set(found))
    drivers = [path for path in found if path.startswith("/drivers/") and path != "/drivers/"]
    assert len(drivers) == Driver.objects.count()
    laps = [path for path in found if path.endswith("/laps/")]
    assert laps == [file.session.event.get_laps_url() for file in LapFile.objects.select_related("session__event")]
    assert {demo.get_absolute_url(), "/", "/records/", "/coverage/"} <= set(found)
    # One page of each kind answers, as a crawler would find it.
    kinds = {path.strip("/").split("/")[0] for path in found}
    for kind in kinds:
        sample = next(path for path in found if path.strip("/").split("/")[0] == kind)
        assert client.get(sample).status_code == 200, sample


def test_a_long_section_is_split_into_pages_of_at_most_the_limit(client, demo, monkeypatch):
    monkeypatch.setattr(sitemaps.Objects, "limit", 100)
    sections = locations(client, "/sitemap.xml")
    driver_pages = [url for url in sections if url.startswith("/sitemap-drivers.xml")]

    assert len(driver_pages) == -(-Driver.objects.count() // 100) > 1
    listed = [path for page in driver_pages for path in locations(client, page)]
    assert all(len(locations(client, page)) <= 100 for page in driver_pages)
    assert sorted(listed) == sorted(driver.get_absolute_url() for driver in Driver.objects.all())


def test_a_sitemap_that_does_not_exist_is_not_found(client, db):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-drivers.xml?p=99").status_code == 404
    assert client.get("/sitemap-drivers.xml?p=x").status_code == 404


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_names_the_sitemap(client, db):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert re.search(r"^Sitemap: https?://[^/]+/sitemap\.xml$", text, flags=re.M)


def test_the_results_feed_gives_the_newest_events_with_their_winners(client, demo):
    feed = ET.fromstring(client.get(reverse("results:feed_results")).content)
    entries = feed.findall(f"{ATOM}entry")
    newest = Event.objects.completed().newest_first().first()

    assert entries[0].find(f"{ATOM}title").text == str(newest)
    assert entries[0].find(f"{ATOM}link").get("href").endswith(newest.get_absolute_url())
    winner = newest.sessions.get(kind="race").results.get(position=1)
    assert f"Overall: #{winner.entry.number} {winner.entry.display_entrant}" in entries[0].find(f"{ATOM}summary").text


def test_the_reports_feed_holds_published_reports_cleaned_and_no_draft(client, db):
    event = EventFactory(name="Spa 6 Hours")
    now = timezone.now()
    Article.objects.create(
        event=event,
        title="Toyota by a whisker",
        slug="toyota-by-a-whisker",
        status=Article.Status.PUBLISHED,
        published_at=now - datetime.timedelta(hours=1),
        body="A *close* finish.<script>alert(1)</script>",
    )
    Article.objects.create(event=event, title="Unfinished", slug="unfinished", body="draft")

    feed = ET.fromstring(client.get(reverse("results:feed_reports")).content)
    entries = feed.findall(f"{ATOM}entry")

    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles[0] == f"Toyota by a whisker ({event})" and not any(t.startswith("Unfinished") for t in titles)
    summary = entries[0].find(f"{ATOM}summary").text
    assert "<em>close</em>" in summary and "<script>" not in summary


def structured_data(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    return json.loads(found.group(1))


def test_an_event_page_describes_the_race_for_search_engines_and_shared_links(client, demo):
    html = client.get(demo.get_absolute_url()).content.decode()
    data = structured_data(html)
    race = demo.sessions.get(kind="race")
    winner = race.results.get(position=1)

    assert (data["@type"], data["name"], data["startDate"]) == ("SportsEvent", str(demo), demo.start_date.isoformat())
    assert data["location"]["name"] == demo.circuit.name
    assert len(data["competitor"]) == race.results.count()
    assert data["competitor"][0]["name"] == f"#{winner.entry.number} {winner.entry.display_entrant}"
    said = re.search(r'<meta property="og:description" content="([^"]*)"', html).group(1)
    assert said.startswith(f"Won by #{winner.entry.number} ")
    assert f'<meta property="og:title" content="{demo}">' in html


def test_a_name_that_holds_markup_cannot_end_the_structured_data(client, demo):
    entry = demo.sessions.get(kind="race").results.get(position=1).entry
    entry.entrant_name = '</script><script>alert("owned")</script>'
    entry.save()

    html = client.get(demo.get_absolute_url()).content.decode()
    assert '<script>alert("owned")' not in html
    assert structured_data(html)["competitor"][0]["name"].endswith('</script><script>alert("owned")</script>')


def test_the_sitemap_and_feeds_hold_a_bounded_number_of_queries(client, demo, django_assert_max_num_queries):
    # The index counts each of its 11 sections; a section reads its page and counts its rows.
    with django_assert_max_num_queries(len(sitemaps.sections()) + 1):
        client.get("/sitemap.xml")
    with django_assert_max_num_queries(3):
        client.get("/sitemap-events.xml")
    with django_assert_max_num_queries(6):
        client.get(reverse("results:feed_results"))
    with django_assert_max_num_queries(3):
        client.get(reverse("results:feed_reports"))


def test_one_class_of_an_event_names_no_overall_winner_to_a_shared_link(client, demo):
    gtd = demo.sessions.get(kind="race").results.filter(entry__car_class__code="GTD").first().entry.car_class
    html = client.get(demo.get_absolute_url(), {"class": gtd.code}).content.decode()
    said = re.search(r'<meta property="og:description" content="([^"]*)"', html).group(1)
    assert said == f"{demo}: the {gtd.name} classification."
    assert "application/ld+json" not in html


def test_favicon_ico_leads_to_the_sites_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content if icon.streaming else [icon.content])
