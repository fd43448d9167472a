"""A fan's journeys through the demo archive in Chromium, by clicking only, JavaScript off.

Screenshots of the event, driver, race history and index pages at desktop and phone widths are
saved under artifacts/screenshots/ (ignored by git) for a person to look at.
"""

from pathlib import Path

import pytest
from django.conf import settings

from results.importers.demo import load_demo
from tests.browser.conftest import DESKTOP, PHONE, follow

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"


@pytest.fixture
def demo(transactional_db):
    """The demo archive; the live server's transactional database is flushed afterwards."""
    load_demo()


def classes_listed(page) -> set[str]:
    return set(page.locator("#session-race table.classification tbody .class-badge").all_inner_texts())


def test_search_a_driver_then_click_to_his_race_and_show_one_class(page, live_server, demo):
    page.goto(live_server.url + "/")
    page.get_by_label("Search the archive").fill("nasr")
    follow(page.get_by_role("button", name="Search"))
    follow(page.get_by_role("link", name="Felipe Nasr"))

    assert page.get_by_role("heading", level=1).inner_text().strip().endswith("Felipe Nasr")
    follow(page.locator("#career").get_by_role("link", name="Rolex 24 At Daytona").first)

    assert page.url.endswith("/series/imsa/2024/rolex-24-at-daytona/")
    assert {"GTP", "GTD Pro", "GTD"} <= classes_listed(page)
    page.locator("#podiums").get_by_text("Risi Competizione").first.wait_for()

    follow(page.locator('a[href="?class=GTDPRO"]').first)

    assert page.url.endswith("?class=GTDPRO")
    assert classes_listed(page) == {"GTD Pro"}
    assert "Risi Competizione" in page.locator("#podiums").inner_text()
    assert "Winward Racing" not in page.locator("#podiums").inner_text()


def test_from_the_home_page_to_porsches_daytona_wins_by_clicking(page, live_server, demo):
    page.goto(live_server.url + "/")
    follow(page.get_by_role("link", name="24 Hours of Daytona").first)

    makes = page.locator("#manufacturers tbody tr")
    first = makes.first.locator("td").all_inner_texts()
    assert first[1] == "Porsche"
    assert first[2] == "19"
    assert first[-1] == "1968–2024"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_event_driver_race_and_index_pages_fit_the_screen(browser, live_server, demo, viewport):
    context = browser.new_context(viewport=viewport, java_script_enabled=False)
    page = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "event": "/series/imsa/2024/rolex-24-at-daytona/",
        "driver": "/drivers/felipe-nasr/",
        "race-history": "/races/24-hours-of-daytona/",
        "drivers-index": "/drivers/",
        "drivers-index-garbage": "/drivers/?page=abc&sort=nonsense&nationality=ZZ",
        "drivers-index-last-page": "/drivers/?sort=-name&page=5",
        "cars-index": "/cars/",
        "races-index": "/races/",
    }
    too_wide = {}
    for name, path in pages.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.screenshot(path=SCREENSHOTS / f"{name}-{viewport['width']}.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            too_wide[name] = width
    context.close()

    assert too_wide == {}, f"pages wider than the {viewport['width']} px screen: {too_wide}"


@pytest.mark.parametrize("width", [390, 320])
def test_on_a_phone_no_car_card_draws_one_figure_over_another_or_past_its_edge(browser, live_server, demo, width):
    context = browser.new_context(viewport={**PHONE, "width": width}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/series/imsa/2024/rolex-24-at-daytona/")
    # Where each cell's text is drawn (its box may be narrower than its text): no two may meet.
    overlaps = page.evaluate(
        """() => [...document.querySelectorAll("table.classification tbody tr")].flatMap(row => {
            // The box of the text a reader sees: words for screen readers (.visually-hidden) are not drawn.
            const drawn = td => {
                const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
                const box = {left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity};
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    if (!node.textContent.trim() || node.parentElement.closest(".visually-hidden")) continue;
                    const range = document.createRange();
                    range.selectNodeContents(node);
                    const r = range.getBoundingClientRect();
                    box.left = Math.min(box.left, r.left); box.right = Math.max(box.right, r.right);
                    box.top = Math.min(box.top, r.top); box.bottom = Math.max(box.bottom, r.bottom);
                }
                return box;
            };
            const texts = [...row.querySelectorAll("td")].filter(td => td.textContent.trim())
                .map(td => [td.className, drawn(td)]);
            const meet = (p, q) => p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1
                && q.top < p.bottom - 1;
            const edge = row.getBoundingClientRect().right;
            const cut = texts.filter(([, p]) => p.right > edge + 1).map(([a]) => `${row.id}: ${a} cut off`);
            return cut.concat(texts.flatMap(([a, p], i) => texts.slice(i + 1).filter(([, q]) => meet(p, q))
                .map(([b]) => `${row.id}: ${a} and ${b}`)));
        })"""
    )
    context.close()
    assert overlaps == []
