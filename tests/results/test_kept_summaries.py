"""What history pages count over a subject's whole history is kept until a write touches it.

Kept in the read cache (results.stats.cache.kept): a second visit reads less, and a write
that touches the subject (a result, a points rule, a deleted edition) shows on the next
visit. The writes commit, as an editor's do: the cache is told at the commit.
"""

import os
import re
import socket
import subprocess
import sys
import uuid
from urllib.parse import urlparse

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from results.models import PointsScaleValue, Result, Session
from results.stats import cache
from results.stats.classification import assign_class_positions
from tests.history_archive import career, race_history
from tests.results.test_standings import Book

pytestmark = pytest.mark.django_db(transaction=True)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def visit(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return text(response.content.decode()), len(queries)


def test_a_second_visit_to_a_driver_page_reads_less_and_shows_the_same(client):
    driver, _ = career(40)
    first, cold = visit(client, driver.get_absolute_url())
    again, warm = visit(client, driver.get_absolute_url())
    assert again == first
    assert warm < cold


def test_a_new_win_shows_on_the_next_visit(client):
    driver, sessions = career(8, series_count=1)
    before, _ = visit(client, driver.get_absolute_url())
    record = re.compile(r"CH0 \d+–\d+ (?P<starts>\d+) (?P<wins>\d+)")
    wins_before = int(record.search(before)["wins"])

    lost = Result.objects.filter(entry__crew__driver=driver, session__kind=Session.Kind.RACE).exclude(position=1)[0]
    winner = Result.objects.get(session=lost.session, position=1)
    winner.position, winner.status = None, Result.Status.RETIRED
    winner.save()
    lost.position = 1
    lost.save()

    after, _ = visit(client, driver.get_absolute_url())
    assert int(record.search(after)["wins"]) == wins_before + 1


def test_a_changed_points_scale_shows_on_the_drivers_page(client):
    book = Book()
    book.car("24", "Hartog")
    book.car("12", "Cooper")
    book.race(book.event("Sebring"), ["24", "12"])
    hartog = book.drivers["Hartog"]
    page, _ = visit(client, hartog.get_absolute_url())
    assert re.search(r"Cup PRO 1 of 2 25 ", page)

    first_place = PointsScaleValue.objects.get(scale=book.championship.scale, position=1)
    first_place.points = 30
    first_place.save()

    page, _ = visit(client, hartog.get_absolute_url())
    assert re.search(r"Cup PRO 1 of 2 30 ", page)


def test_a_seasons_standings_and_winners_are_kept_and_counted_again_after_a_correction_or_a_rule_change(client):
    book = Book()
    book.car("24", "Hartog")
    book.car("12", "Cooper")
    book.race(book.event("Sebring"), ["24", "12"])
    url = book.season.get_absolute_url()
    standings = re.compile(r"Drivers · PRO · .*? 1 (?P<leader>\w+) (?P<points>\d+) Leader")
    first, cold = visit(client, url)
    again, warm = visit(client, url)
    assert again == first and warm < cold  # the standings were kept
    assert standings.search(first).group("leader", "points") == ("Hartog", "25")

    calendar = re.compile(r"Calendar and winners .*? Sebring .*? #(?P<winner>\d+) ")
    assert calendar.search(first).group("winner") == "24"

    result = Result.objects.get(entry__number="24")
    result.status, result.position = Result.Status.DISQUALIFIED, None
    result.save()
    assign_class_positions(result.session)
    page, _ = visit(client, url)
    assert standings.search(page).group("leader", "points") == ("Cooper", "25")
    assert calendar.search(page).group("winner") == "12"  # the calendar's winners were kept too

    first_place = PointsScaleValue.objects.get(scale=book.championship.scale, position=1)
    first_place.points = 30
    first_place.save()
    assert standings.search(visit(client, url)[0]).group("leader", "points") == ("Cooper", "30")


def test_a_race_history_counts_again_after_an_edition_is_deleted(client):
    race, events = race_history(6, first_year=2010)
    page, _ = visit(client, race.get_absolute_url())
    assert "Overall wins by manufacturer # Make Wins Engine Years 1 Alpha 4 2 2010 – 2015 2 Beta 2 4" in page
    events[1].delete()  # 2011, won by Beta

    page, _ = visit(client, race.get_absolute_url())
    assert "Overall wins by manufacturer # Make Wins Engine Years 1 Alpha 4 2 2010 – 2015 2 Beta 1 3" in page


# A database of its own: never the REDIS_URL a deployment uses.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_cache():
    """A cache in Redis under a key prefix of its own, whose keys are deleted afterwards.

    Not emptied with clear(): that empties the whole database, and so the keys of a test
    running beside this one (pytest-xdist, or another run): a page it holds then seemed
    never touched, and was served once its subject had changed.
    """
    prefix = f"test-{uuid.uuid4()}"
    settings = {"BACKEND": "racearchive.redis_cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}
    yield settings
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


def redis_reachable() -> bool:
    address = urlparse(REDIS_URL)
    try:
        socket.create_connection((address.hostname, address.port or 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_reachable(), reason=f"no Redis at {REDIS_URL}")
def test_with_redis_as_the_cache_a_page_summary_is_kept_there_and_follows_the_archive(client, redis_cache):
    # This machine runs Redis; production sets REDIS_URL so every worker shares what is kept.
    with override_settings(CACHES={"default": redis_cache}):
        backend = caches["default"]._cache
        assert backend.get_client(write=True) is backend.get_client(write=True)  # one client, not one per call
        driver, _ = career(6, series_count=1)
        calls = []
        shows = [cache.subject(driver)]
        counted = cache.kept("redis-test", str(driver.pk), shows, lambda: calls.append(1) or len(calls))
        assert cache.kept("redis-test", str(driver.pk), shows, lambda: calls.append(1) or len(calls)) == counted == 1
        driver.given_name = "Kevin"
        driver.save()  # the driver touched: counted again
        assert cache.kept("redis-test", str(driver.pk), shows, lambda: calls.append(1) or len(calls)) == 2
        first, cold = visit(client, driver.get_absolute_url())
        again, warm = visit(client, driver.get_absolute_url())
        assert again == first and warm < cold
        # A visitor's page is kept in Redis, and the next visitor is served it from there.
        assert Client().get(driver.get_absolute_url())["X-Page-Cache"] == "hit"


@pytest.mark.skipif(not redis_reachable(), reason=f"no Redis at {REDIS_URL}")
def test_a_page_a_process_holds_in_memory_is_not_served_once_another_process_touches_it(redis_cache):
    # Each gunicorn worker holds the pages it served lately; the versions stay in Redis.
    with override_settings(CACHES={"default": redis_cache}):
        driver, _ = career(3, series_count=1)
        url = driver.get_absolute_url()
        assert [Client().get(url)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]
        another_process = (
            "import django; django.setup()\n"
            f"from django.conf import settings; settings.CACHES = {{'default': {redis_cache!r}}}\n"
            f"from results.stats import cache; cache.touch([{cache.subject(driver)!r}])\n"
        )
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "racearchive.settings_test"}
        subprocess.run([sys.executable, "-c", another_process], check=True, env=env, cwd=settings.BASE_DIR)
        assert Client().get(url)["X-Page-Cache"] == "miss"
        assert Client().get(url)["X-Page-Cache"] == "hit"


def test_a_points_scale_changed_refreshes_the_page_of_a_season_not_raced_yet():
    book = Book()  # a championship and its scale; no event yet
    url = book.season.get_absolute_url()
    assert [Client().get(url)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]

    first_place = PointsScaleValue.objects.get(scale=book.championship.scale, position=1)
    first_place.points = 30
    first_place.save()

    assert Client().get(url)["X-Page-Cache"] == "miss"
