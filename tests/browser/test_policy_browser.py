"""The Content-Security-Policy breaks nothing: Chromium, scripts on, refuses nothing the
site itself serves on the admin's screens or the fans' pages, and does refuse an image
from elsewhere."""

import pytest
from django.contrib.auth.models import User

from results.importers.demo import load_demo
from results.models import Article, Event, Session
from tests.browser.conftest import DESKTOP


@pytest.fixture
def demo(transactional_db):
    load_demo()


@pytest.fixture
def scripted_page(browser, live_server):
    """A desktop page with JavaScript on (the admin uses it), and the CSP refusals Chromium logs."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.refusals = []
    page.on(
        "console", lambda message: page.refusals.append(message.text) if "Content Security" in message.text else None
    )
    yield page
    context.close()


def test_the_admins_screens_and_the_fans_pages_run_under_the_policy(scripted_page, live_server, demo):
    page = scripted_page
    User.objects.create_superuser("chief", password="a long enough passphrase")
    race = Session.objects.filter(kind=Session.Kind.RACE, results__isnull=False).first()
    event = Event.objects.get(pk=race.event_id)

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("a long enough passphrase")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Archive data").wait_for()
    for path in (
        f"/admin/results/session/{race.pk}/change/",
        f"/admin/results/event/{event.pk}/change/",
        "/admin/drivers/driver/add/",
        "/admin/results/session/?q=Rolex",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
    # The admin's own scripts ran: the calendar shortcuts of a date field are drawn by one.
    page.goto(live_server.url + f"/admin/results/event/{event.pk}/change/")
    page.locator(".datetimeshortcuts").first.wait_for()

    page.context.clear_cookies()
    for path in ("/", event.get_absolute_url(), "/drivers/felipe-nasr/", "/records/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")

    assert page.refusals == []


def test_an_image_from_elsewhere_in_a_stored_report_never_reaches_the_page(scripted_page, live_server, demo):
    # Written past the sanitiser, as a report stored before it dropped such images would be.
    article = Article.objects.filter(status=Article.Status.PUBLISHED, event__isnull=False).first()
    Article.objects.filter(pk=article.pk).update(body=article.body + '\n\n<img src="https://tracker.example/p.gif">')

    scripted_page.goto(live_server.url + article.event.get_absolute_url())
    scripted_page.wait_for_load_state("load")

    assert "tracker.example" not in scripted_page.content()
