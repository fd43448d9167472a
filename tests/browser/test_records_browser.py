"""A journalist's journey to a record in Chromium, by clicking only, JavaScript off: from the
home page to how many overall Daytona wins Porsche has and in which years, then the
permalink opened in a new browser."""

import pytest

from results.importers.demo import load_demo
from tests.browser.conftest import DESKTOP, follow
from tests.milestone_archive import Cars, daytona, edition


@pytest.fixture
def demo(transactional_db):
    load_demo()


def test_from_home_to_porsches_daytona_wins_and_their_years_then_the_permalink_elsewhere(
    browser, page, live_server, demo
):
    page.goto(live_server.url + "/")
    follow(page.get_by_role("link", name="Records", exact=True))
    follow(page.locator("#shortcuts").get_by_role("link", name="24 Hours of Daytona"))

    assert page.locator("#records-title").inner_text() == (
        "Overall wins by manufacturer (chassis) at the 24 Hours of Daytona"
    )
    porsche = page.locator("#records tbody tr").first
    assert porsche.locator("td.cell-subject").inner_text() == "Porsche"
    assert porsche.locator("td.cell-count").inner_text() == "19"
    ranking_url = page.url

    follow(porsche.locator("td.cell-count a"))
    assert page.locator("h1").inner_text() == "Porsche: 19 overall wins as a chassis make at the 24 Hours of Daytona"
    years = page.locator("#years li").all_inner_texts()
    assert years[0] == "1968" and years[-1] == "2024" and len(years) == 19
    permalink = page.url

    # A colleague opens the links in a browser of their own.
    elsewhere = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    other = elsewhere.new_page()
    other.goto(permalink)
    assert other.locator("#years li").all_inner_texts() == years
    other.goto(ranking_url)
    assert other.locator("#records tbody tr").first.locator("td.cell-count").inner_text() == "19"
    elsewhere.close()


def test_the_records_form_works_without_javascript(page, live_server, demo):
    page.goto(live_server.url + "/records/")
    page.select_option("select[name=race]", label="24 Hours of Daytona")
    page.select_option("select[name=who]", label="Manufacturer (engine)")
    follow(page.get_by_role("button", name="Filter"))

    assert "who=engine" in page.url and "race=24-hours-of-daytona" in page.url
    porsche = page.locator("#records tbody tr").first
    assert porsche.locator("td.cell-subject").inner_text() == "Porsche"
    assert porsche.locator("td.cell-count").inner_text() == "23"  # the 1984 March had a Porsche engine


def test_a_ranking_with_its_runs_fits_a_laptop_screen(page, live_server, transactional_db):
    # Eight columns: who, the count, the first and last events (their names long, as
    # sponsors make them) and the three runs. Nothing of it may be cut off at the right.
    cars, race = Cars(), daytona()
    for year in range(2010, 2016):
        name = f"Caliber Watches Motul Rolex 24 Hours of Daytona Powered by Mobil 1 {year}"
        edition(race, year, [cars.porsche, cars.cadillac, cars.ferrari, cars.bmw], name=name)

    team = cars.porsche.team
    team.name = "Porsche Penske Motorsport North America presented by Mobil 1"
    team.save()

    for who in ("driver", "team"):
        page.goto(f"{live_server.url}/records/?what=podiums&who={who}&race={race.slug}")

        table = page.locator("#records table")
        assert "LAST WAS" in table.locator("thead").inner_text()  # as the header is styled
        width, room = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
        assert width <= room, f"the ranking by {who} is {width} px wide in {room} px"
