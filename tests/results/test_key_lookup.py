"""`field__any=keys` (results.models.lookups) finds what `field__in=keys` finds, on both databases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from drivers.models import Driver
from results.models import EntryDriver, Result
from results.models.lookups import KEYS_PER_QUERY, in_bulk, rows_in_bulk
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def results():
    return [f.ResultFactory(position=n) for n in range(1, 6)]


def test_the_keys_given_find_their_rows_and_no_other(results):
    wanted = [results[3].pk, results[0].pk, results[4].pk]

    found = Result.objects.filter(pk__any=wanted).values_list("pk", flat=True)

    assert sorted(found) == sorted(wanted)


def test_a_foreign_key_is_matched_by_its_ids(results):
    entry = results[1].entry
    member = f.EntryDriverFactory(entry=entry)
    f.EntryDriverFactory(entry=results[2].entry)

    assert list(EntryDriver.objects.filter(entry__any=[entry.pk])) == [member]


def test_keys_of_no_row_find_nothing(results):
    missing = max(r.pk for r in results) + 1000

    assert not Result.objects.filter(pk__any=[missing]).exists()
    with CaptureQueriesContext(connection) as queries:
        assert list(Result.objects.filter(pk__any=[])) == []
    assert len(queries) == 0  # as with `__in=[]`: nothing asked


def test_a_thousand_keys_are_one_array_on_postgresql(results):
    keys = [r.pk for r in results] + list(range(10**6, 10**6 + 1000))
    with CaptureQueriesContext(connection) as queries:
        assert Result.objects.filter(pk__any=keys).count() == len(results)
    if connection.vendor == "postgresql":
        assert "= ANY(" in queries[0]["sql"]
    else:
        assert " IN (" in queries[0]["sql"]


def test_rows_and_objects_of_more_keys_than_sqlite_takes_at_once_are_all_read():
    drivers = Driver.objects.bulk_create(
        Driver(given_name="Given", family_name=f"Family {n}", slug=f"family-{n}") for n in range(2 * KEYS_PER_QUERY + 7)
    )
    keys = [driver.pk for driver in drivers][::-1] + [10**9]  # and one that names no driver

    rows = rows_in_bulk(Driver.objects.all(), keys, "family_name")

    assert sorted(rows) == sorted((driver.pk, driver.family_name) for driver in drivers)
    objects = in_bulk(Driver.objects.all(), keys)
    assert {pk: driver.family_name for pk, driver in objects.items()} == {d.pk: d.family_name for d in drivers}
