"""Counts kept in the read cache (a records ranking, an event's milestones) are counted
once, and again after a write that touches them.

A module of their own: these tests commit, and the explorer's and the milestones' modules
hold the demo archive in a module-wide transaction, which a committing test would run inside.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from drivers.models import Team
from results.display.milestones import worded
from results.models import Event
from results.stats.milestones.event import cached_for_event
from tests.milestone_archive import Cars, daytona, edition
from tests.results.test_records_explorer import ranking


@pytest.fixture
def cars():
    return Cars()


@pytest.mark.django_db(transaction=True)  # each write commits, as an editor's does, and tells the cache
def test_a_ranking_is_counted_once_and_counted_again_when_the_archive_changes(client, cars):
    race = daytona()
    edition(race, 2023, [cars.cadillac, cars.porsche])
    assert ranking(client, race=race.slug, who="team")[0].startswith("1 Action Express 1 ")
    with CaptureQueriesContext(connection) as again:
        ranking(client, race=race.slug, who="team")
    assert not [q for q in again.captured_queries if "COUNT(DISTINCT" in q["sql"]]  # from the cache

    edition(race, 2024, [cars.porsche, cars.cadillac])
    rows = ranking(client, race=race.slug, who="team")
    assert [row.split(" 1 ")[0] for row in rows] == ["1 Action Express", "1 Penske"]


@pytest.mark.django_db(transaction=True)  # each write commits, as an editor's does, and tells the cache
def test_an_event_s_milestones_are_kept_until_a_write_touches_them(cars, django_assert_num_queries):
    race = daytona(first_year=2000)
    edition(race, 2000, [cars.porsche, cars.cadillac])
    second = Event.objects.with_place().get(pk=edition(race, 2001, [cars.porsche, cars.cadillac]).pk)
    counted = cached_for_event(second)
    with django_assert_num_queries(0):  # the milestones come from the cache
        assert [m.text for s in worded(cached_for_event(second)) for r in s.results for m in r.milestones] == [
            m.text for s in worded(counted) for r in s.results for m in r.milestones
        ]
    # An earlier edition found afterwards changes what 2001 can say.
    race.first_year = 1999
    race.save()
    edition(race, 1999, [cars.porsche, cars.cadillac])
    assert "Porsche's third overall win at the 24 Hours of Daytona, a record, and its third in a row" in [
        m.text for s in worded(cached_for_event(second)) for r in s.results for m in r.milestones
    ]
    # So does a name corrected.
    team = Team.objects.get(pk=cars.porsche.team.pk)
    team.name = "Porsche Penske Motorsport"
    team.save()
    assert (
        "Porsche Penske Motorsport's third overall win at the 24 Hours of Daytona, a record, and its third in a row"
        in [m.text for s in worded(cached_for_event(second)) for r in s.results for m in r.milestones]
    )
