"""The editors' screens in Chromium at a laptop's width: a 59-car session fits the window."""

from results.models import Session
from tests.browser.conftest import sign_in_to_the_admin
from tests.browser.test_fan_journeys import SCREENSHOTS


def test_the_rolex_24s_session_page_fits_a_1280_pixel_window(scripted_page, live_server, demo_archive):
    page = scripted_page
    race = Session.objects.get(event__year=2024, event__race__slug="24-hours-of-daytona", kind=Session.Kind.RACE)
    assert race.results.count() == 59

    sign_in_to_the_admin(page, live_server)
    page.goto(live_server.url + f"/admin/results/session/{race.pk}/change/")
    page.locator(".select2-container").first.wait_for()  # the admin's scripts have drawn the form

    assert page.viewport_size["width"] == 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.locator("input[name=duration]").input_value() == "24:00"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin-session-desktop.png"))
