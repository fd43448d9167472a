"""The Content-Security-Policy breaks nothing: Chromium, scripts on, refuses nothing the
site itself serves on the admin's screens or the fans' pages, and does refuse an image
from elsewhere."""

from results.models import Article, Event, Session
from tests.browser.conftest import sign_in_to_the_admin


def test_the_admins_screens_and_the_fans_pages_run_under_the_policy(scripted_page, live_server, demo_archive):
    page = scripted_page
    race = Session.objects.filter(kind=Session.Kind.RACE, results__isnull=False).first()
    event = Event.objects.get(pk=race.event_id)

    sign_in_to_the_admin(page, live_server)
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


def test_an_image_from_elsewhere_in_a_stored_report_never_reaches_the_page(scripted_page, live_server, demo_archive):
    # Written past the sanitiser, as a report stored before it dropped such images would be.
    article = Article.objects.filter(status=Article.Status.PUBLISHED, event__isnull=False).first()
    Article.objects.filter(pk=article.pk).update(body=article.body + '\n\n<img src="https://tracker.example/p.gif">')

    scripted_page.goto(live_server.url + article.event.get_absolute_url())
    scripted_page.wait_for_load_state("load")

    assert "tracker.example" not in scripted_page.content()
