"""Browser tests: Chromium driven through Playwright against pytest-django's live server.

They need Debian's Chromium at /usr/bin/chromium (`.ci/run` installs it); where it is
missing they are skipped with that reason rather than failing.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Playwright's sync API runs an event loop in this thread; the tests still build their
# rows with the ORM between page actions, which Django refuses under a loop unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (Debian package chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def _page(browser, viewport):
    context = browser.new_context(viewport=viewport, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A desktop-width page with JavaScript off: every page must work without it."""
    context, page = _page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-width page (390 px), JavaScript off."""
    context, page = _page(browser, PHONE)
    yield page
    context.close()


@pytest.fixture
def scripted_page(browser, live_server):
    """A desktop page with JavaScript on, as the admin is used (its forms are drawn by its
    scripts); `page.refusals` collects what the Content-Security-Policy made Chromium refuse."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.refusals = []

    def noted(message):
        if "Content Security" in message.text:
            page.refusals.append(message.text)

    page.on("console", noted)
    yield page
    context.close()


@pytest.fixture
def demo_archive(transactional_db):
    """The demo archive; the live server's transactional database is flushed afterwards."""
    from results.importers.demo import load_demo

    load_demo()


def follow(link) -> None:
    """Click a link or a form's button and wait until the page it leads to has loaded.

    A click waits for the next page to start, not to finish: reads that do not wait
    for an element, such as all_inner_texts(), would see a long page half parsed."""
    with link.page.expect_navigation():
        link.click()


def sign_in_to_the_admin(page, live_server) -> None:
    """A superuser made and signed in through the admin's login form."""
    from django.contrib.auth.models import User

    User.objects.create_superuser("chief", password="a long enough passphrase")
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("a long enough passphrase")
    follow(page.get_by_role("button", name="Log in"))
    page.get_by_role("heading", name="Archive data").wait_for()
