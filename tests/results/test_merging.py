"""Two records found to be one (a driver spelt two ways) are merged from the admin, with a
preview of what moves, recorded, and undone as they were; the merged one's address leads
to the one kept."""

import pytest
from django.db import transaction
from django.urls import reverse

from drivers.merging import MergeRefused, merge, undo_merge
from drivers.models import Driver, Manufacturer, Merge
from results.models import Credit, EntryDriver, Result
from results.stats import credits
from tests.factories import (
    CarFactory,
    DriverFactory,
    EntryDriverFactory,
    EntryFactory,
    ManufacturerFactory,
    ResultFactory,
    SessionFactory,
    UserFactory,
)
from tests.results.test_admin_support import log_in_editor
from tests.results.test_import_revert import archive_dump

pytestmark = pytest.mark.django_db


def starts_of(driver) -> int:
    return Credit.objects.filter(who=Credit.Who.DRIVER, subject_id=driver.pk, started=True).count()


@pytest.fixture
def makowiecki():
    """Frederic Makowiecki at one race, and "Fred Makowiecki", an import's second record of him, at another."""
    frederic = DriverFactory(given_name="Frederic", family_name="Makowiecki")
    fred = DriverFactory(given_name="Fred", family_name="Makowiecki")
    first = ResultFactory(session=SessionFactory(event__name="Rolex 24 At Daytona"), position=1)
    EntryDriverFactory(entry=first.entry, driver=frederic)
    second = ResultFactory(session=SessionFactory(event__name="Sebring 12 Hours"), position=2)
    EntryDriverFactory(entry=second.entry, driver=fred)
    Result.objects.filter(pk=second.pk).update(best_lap_driver=fred)
    return frederic, fred, second


def merged(fred, frederic, **kwargs):
    with transaction.atomic(), credits.recounting(rolled_back=kwargs.get("dry_run", False)):
        return merge(fred, frederic, **kwargs)


def test_a_merge_moves_every_row_recounts_and_leaves_the_old_address_leading_to_the_kept(client, makowiecki):
    frederic, fred, sebring = makowiecki
    fred_page = fred.get_absolute_url()
    assert starts_of(frederic) == starts_of(fred) == 1

    done = merged(fred, frederic)

    assert not Driver.objects.filter(pk=fred.pk).exists()
    assert EntryDriver.objects.get(entry=sebring.entry).driver == frederic
    assert Result.objects.get(pk=sebring.pk).best_lap_driver == frederic
    assert starts_of(frederic) == 2
    assert "1 crew member moves from Fred Makowiecki to Frederic Makowiecki" in done.lines
    assert "1 result (best lap driver) moves from Fred Makowiecki to Frederic Makowiecki" in done.lines
    response = client.get(fred_page)
    assert (response.status_code, response["Location"]) == (301, frederic.get_absolute_url())
    latest = EntryDriver.objects.get(entry=sebring.entry).history.latest("history_date")
    assert latest.history_change_reason == "Merge of Fred Makowiecki into Frederic Makowiecki"


def test_a_merge_undone_puts_the_archive_back_as_it_was(client, makowiecki):
    frederic, fred, _ = makowiecki
    before = archive_dump()
    done = merged(fred, frederic)

    with transaction.atomic(), credits.recounting():
        undone = undo_merge(done.log)

    assert archive_dump() == before
    assert client.get(fred.get_absolute_url()).status_code == 200
    assert "1 crew member moves back to Fred Makowiecki" in undone.lines
    with pytest.raises(MergeRefused, match="undone already"):
        undo_merge(done.log)


def test_the_preview_changes_nothing(makowiecki):
    frederic, fred, _ = makowiecki
    before = archive_dump()

    preview = merged(fred, frederic, dry_run=True)

    assert archive_dump() == before and not Merge.objects.exists()
    assert (
        "Fred Makowiecki's address redirects to Frederic Makowiecki's, and Fred Makowiecki is deleted" in preview.lines
    )


def test_two_records_in_one_crew_leave_one_place_and_the_undo_puts_both_back(makowiecki):
    frederic, fred, sebring = makowiecki
    EntryDriverFactory(entry=sebring.entry, driver=frederic)
    before = archive_dump()

    done = merged(fred, frederic)

    assert list(EntryDriver.objects.filter(entry=sebring.entry).values_list("driver", flat=True)) == [frederic.pk]
    assert any(line.startswith("Removed Fred Makowiecki in") for line in done.lines)
    with transaction.atomic(), credits.recounting():
        undo_merge(done.log)
    assert archive_dump() == before


def test_makes_that_both_have_a_car_of_one_name_are_refused_with_what_to_merge_first():
    porsche, porsche_ag = ManufacturerFactory(name="Porsche"), ManufacturerFactory(name="Porsche AG")
    for make in (porsche, porsche_ag):
        EntryFactory(car=CarFactory(manufacturer=make, model="963"))
    before = archive_dump()

    with pytest.raises(MergeRefused, match="each have the car .*Porsche AG 963.*: merge those two first"):
        merged(porsche_ag, porsche)

    assert archive_dump() == before
    with pytest.raises(MergeRefused, match="cannot be merged into itself"):
        merged(porsche, porsche)
    with pytest.raises(MergeRefused, match="only two drivers"):
        merged(porsche, DriverFactory())


def test_an_editor_merges_from_the_drivers_page_and_undoes_it_from_the_log(client, makowiecki):
    frederic, fred, sebring = makowiecki
    log_in_editor(client)
    change = reverse("admin:drivers_driver_change", args=[fred.pk])
    merge_page = reverse("admin:drivers_driver_merge", args=[fred.pk])
    assert f'href="{merge_page}"' in client.get(change).text
    assert 'class="admin-autocomplete' in client.get(merge_page).text

    preview = client.post(merge_page, {"kept": frederic.pk, "preview": "1"}).text
    assert "1 crew member moves from Fred Makowiecki to Frederic Makowiecki" in preview
    assert Driver.objects.filter(pk=fred.pk).exists()

    done = client.post(merge_page, {"kept": frederic.pk, "confirm": "1"}, follow=True).text
    assert "Merged Fred Makowiecki into Frederic Makowiecki" in done
    assert EntryDriver.objects.get(entry=sebring.entry).driver == frederic

    log = Merge.objects.get()
    undo = reverse("admin:drivers_merge_undo", args=[log.pk])
    assert f'href="{undo}"' in client.get(reverse("admin:drivers_merge_change", args=[log.pk])).text
    assert "1 crew member moves back to Fred Makowiecki" in client.get(undo).text
    assert "Undid the merge" in client.post(undo, follow=True).text
    assert EntryDriver.objects.get(entry=sebring.entry).driver.full_name == "Fred Makowiecki"


def test_a_refused_merge_is_a_form_error_and_merging_needs_leave(client):
    porsche, porsche_ag = ManufacturerFactory(name="Porsche"), ManufacturerFactory(name="Porsche AG")
    for make in (porsche, porsche_ag):
        EntryFactory(car=CarFactory(manufacturer=make, model="963"))
    log_in_editor(client)
    page = reverse("admin:drivers_manufacturer_merge", args=[porsche_ag.pk])
    refused = client.post(page, {"kept": porsche.pk, "confirm": "1"})
    assert refused.status_code == 200 and "merge those two first" in refused.text
    assert Manufacturer.objects.filter(pk=porsche_ag.pk).exists()

    client.force_login(UserFactory(username="staff-only", is_staff=True))
    assert client.get(page).status_code == 403
