"""The home page in a real browser, without JavaScript, on a desktop and on a phone."""

import datetime
import re

from results.models import Session
from tests.browser.conftest import follow
from tests.factories import EventFactory, SessionFactory
from tests.test_home import car_result


def an_event_with_a_winner():
    event = EventFactory(name="Twelve Hours of Testing", start_date=datetime.date(2024, 3, 16))
    race = SessionFactory(event=event, kind=Session.Kind.RACE)
    car_result(race, position=1, number="7", team="A Team With A Rather Long Entrant Name Racing")
    return event


def test_a_fan_reaches_an_event_page_from_the_home_page_by_clicking(page, live_server):
    event = an_event_with_a_winner()

    page.goto(live_server.url + "/")
    follow(page.get_by_role("link", name="2024 Twelve Hours of Testing"))

    assert page.url == live_server.url + event.get_absolute_url()


def test_the_search_box_sends_the_query_to_the_search_page(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_label("Search the archive").fill("Kévin Estre")
    follow(page.get_by_role("button", name="Search"))

    assert re.search(r"/search/\?q=K%C3%A9vin\+Estre$", page.url)


def test_on_a_phone_the_home_page_does_not_scroll_sideways(phone_page, live_server):
    an_event_with_a_winner()

    phone_page.goto(live_server.url + "/")

    assert phone_page.get_by_text("A Team With A Rather Long Entrant Name Racing").is_visible()
    assert phone_page.get_by_label("Search the archive").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_stylesheet_is_served_and_applied(page, live_server):
    page.goto(live_server.url + "/")

    header_colour = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert header_colour == "rgb(21, 24, 28)"
