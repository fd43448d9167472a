"""A ranking of the records explorer is counted once, and again after a write.

Its own module: the test commits, and the explorer's other module holds the demo archive
in a module-wide transaction, which a committing test would run inside.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
