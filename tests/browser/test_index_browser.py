"""The index pages in Chromium on the demo archive, JavaScript off: from the home page to a
driver through the main navigation and the drivers' filter, and from a car back to its make's cars.

(That the indexes fit desktop and phone is tested, with screenshots, in test_fan_journeys.py.)
"""

import re

import pytest

from results.importers.demo import load_demo
from tests.browser.conftest import follow


@pytest.fixture
def demo(transactional_db):
    """The demo archive; the live server's transactional database is flushed afterwards."""
    load_demo()


def test_from_the_home_page_to_a_driver_through_the_drivers_index(page, live_server, demo):
    page.goto(live_server.url + "/")
    follow(page.get_by_role("navigation", name="Main").get_by_role("link", name="Drivers"))

    assert page.url == live_server.url + "/drivers/"
    assert page.get_by_role("heading", level=1).inner_text() == "Drivers"
    page.get_by_label("Name").fill("estre")
    follow(page.get_by_role("button", name="Filter"))

    assert page.url.endswith("/drivers/?name=estre&nationality=")
    assert page.locator("#index tbody tr").all_inner_texts() == ["Kévin Estre\t—"]
    follow(page.get_by_role("link", name="Kévin Estre"))

    assert page.get_by_role("heading", level=1).inner_text().strip().endswith("Kévin Estre")
    follow(page.get_by_role("navigation", name="Breadcrumbs").get_by_role("link", name="Drivers"))
    assert page.url == live_server.url + "/drivers/"


def test_a_second_page_keeps_the_filter_and_a_car_leads_back_to_its_makes_cars(page, live_server, demo):
    page.goto(live_server.url + "/cars/")
    page.get_by_label("Make").select_option(label="Porsche")
    follow(page.get_by_role("button", name="Filter"))
    page.wait_for_url(re.compile(r"/cars/\?(.*&)?make=porsche"))
    cars = page.locator("#index tbody tr td.cell-make").all_inner_texts()
    assert cars and set(cars) == {"Porsche"}

    follow(page.locator("#index tbody td.cell-name a").first)
    follow(page.get_by_role("navigation", name="Breadcrumbs").get_by_role("link", name="Porsche"))
    page.wait_for_url("**/cars/?make=porsche")
    assert page.locator("#index tbody tr td.cell-make").all_inner_texts() == cars
