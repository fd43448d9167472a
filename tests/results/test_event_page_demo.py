"""The 2024 Rolex 24 page of the demo archive (`manage.py load_demo`): what a fan looks for first."""

import re

import pytest
from django.db import transaction

from results.importers.demo import load_demo
from results.models import Event
from tests.page_text import section, text_of
from tests.results.test_event_page import MILESTONE_QUERIES, PAGE_QUERIES, page


@pytest.fixture(scope="module")
def demo_archive(django_db_setup, django_db_blocker):
    """The demo archive, loaded once for this module's demo tests and rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def rolex_24_2024(demo_archive, db):
    return Event.objects.get(race__name="24 Hours of Daytona", year=2024)


def test_demo_rolex_24_shows_risi_winning_gtd_pro_and_winward_winning_gtd(client, rolex_24_2024):
    html = page(client, rolex_24_2024).content.decode()
    podiums = text_of(section(html, "podiums"))
    assert re.search(r"GTD Pro 1st #62 Risi Competizione Ferrari 296 GT3", podiums)
    assert re.search(r"GTD 1st #57 Winward Racing Mercedes-AMG GT3", podiums)
    assert re.search(r"GTP 1st #7 Porsche Penske Motorsports? Porsche 963 .*Felipe Nasr", podiums)
    winners = re.findall(r'<tr class="class-winner[^"]*"[^>]*>.*?</tr>', section(html, "session-race"), flags=re.S)
    assert {"62", "57", "7"} <= {re.search(r">#(\d+)<", row).group(1) for row in winners}


def test_demo_rolex_24_gtd_pro_alone(client, rolex_24_2024, django_assert_max_num_queries):
    with django_assert_max_num_queries(PAGE_QUERIES + MILESTONE_QUERIES):
        html = page(client, rolex_24_2024, **{"class": "GTDPRO"}).content.decode()
    race = text_of(section(html, "session-race"))
    assert "Risi Competizione" in race
    assert "Winward Racing" not in race and "Porsche Penske" not in race
