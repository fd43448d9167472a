"""Undoing a whole import: the event goes back to what the import found, as a dump shows it,
with the later imports of the event and the editors' changes since undone with it."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.urls import reverse

from drivers.models import Driver, Merge, Team
from results.admin.timing import PERMISSIONS
from results.importers.timing import import_timing
from results.importers.undo import RevertRefused, revert_import
from results.models import ChampionshipPlace, Credit, Entry, EntryDriver, Result, Session, SessionImport
from tests.factories import EventFactory, SessionFactory, UserFactory
from tests.results.test_admin_support import log_in_editor
from tests.results.test_timing_admin import confirm_url, import_url, imported_then_corrected, token, upload
from tests.results.test_timing_support import imsa_event, small_imsa_race

pytestmark = pytest.mark.django_db

ARCHIVE_APPS = ("results", "drivers")
NOT_DUMPED = {SessionImport, Merge}  # the logs: they say what was undone
NO_OWN_KEYS = {Credit, ChampionshipPlace}  # recounted, so written afresh with new keys


def archive_dump() -> dict[str, list[str]]:
    """Every row of the archive's tables, as `dumpdata` would hold them, but the history."""
    dump = {}
    for app in ARCHIVE_APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            if model in NOT_DUMPED or model.__name__.startswith("Historical"):
                continue
            fields = [f.attname for f in model._meta.concrete_fields if not (model in NO_OWN_KEYS and f.primary_key)]
            dump[model._meta.label] = sorted(repr(row) for row in model._base_manager.values_list(*fields))
    return dump


def import_race(event, name="official.csv", user=None, session_name="Race", **porsche):
    outcome = import_timing(
        data=small_imsa_race(**porsche), file_name=name, event=event, session_name=session_name, user=user
    )
    return outcome.log


def test_an_import_edited_by_hand_and_imported_again_is_undone_to_the_archive_before_it():
    event = imsa_event()
    import_race(event, "provisional.csv", laps="790")  # what the archive held before
    before = archive_dump()
    editor = UserFactory()

    official = import_race(event, "official.csv", user=editor)
    porsche = Result.objects.get(entry__number="7")
    porsche.laps = 789  # an editor's correction
    porsche._history_user = editor
    porsche.save()
    import_race(event, "official.csv", user=editor, time="23:58:20.000")  # again, keeping the correction
    assert archive_dump() != before

    reverted = revert_import(official, user=editor)

    assert archive_dump() == before
    assert Result.objects.get(pk=porsche.pk).laps == 790
    assert [log.file_name for log in reverted.undone] == ["official.csv", "official.csv"]  # the later one first
    assert any("#7 in Race: laps 789 → 790" in move for move in reverted.lines)
    assert not SessionImport.objects.filter(file_name="official.csv", reverted_at__isnull=True).exists()
    assert SessionImport.objects.get(file_name="provisional.csv").reverted_at is None


def test_a_preview_changes_nothing_and_says_what_would_move():
    event = imsa_event()
    import_race(event, "provisional.csv", laps="790")
    official = import_race(event, "official.csv")
    after = archive_dump()

    preview = revert_import(official, dry_run=True)

    assert archive_dump() == after
    assert preview.dry_run and "The result of #7 in Race: laps 791 → 790" in preview.lines
    assert SessionImport.objects.get(pk=official.pk).reverted_at is None


def test_undoing_the_import_that_made_a_session_removes_it_and_what_the_import_created():
    event = imsa_event()
    SessionFactory(event=event, name="Qualifying", kind="qualifying")
    before = archive_dump()
    log = import_race(event, session_name="Race")
    assert Driver.objects.filter(family_name="Nasr").exists() and Entry.objects.filter(event=event).count() == 3

    reverted = revert_import(log)

    assert archive_dump() == before
    assert not Session.objects.filter(event=event, name="Race").exists()
    assert not Driver.objects.filter(family_name="Nasr").exists()
    assert "Removed the team Winward Racing, which the import created" in reverted.lines


def test_what_the_import_created_and_another_event_uses_since_is_kept_and_said():
    event = imsa_event()
    log = import_race(event)
    nasr = Driver.objects.get(family_name="Nasr")
    other = EventFactory(season=event.season, name="Sebring", year=2024)
    EntryDriver.objects.create(entry=Entry.objects.create(event=other, number="7"), driver=nasr)

    reverted = revert_import(log)

    assert Driver.objects.filter(pk=nasr.pk).exists()
    assert f"The driver {nasr}, which the import created, is used since: kept" in reverted.kept
    assert not Driver.objects.filter(family_name="Derani").exists()  # used nowhere else
    assert not Result.objects.filter(session__event=event).exists()


def test_an_import_is_undone_once_and_one_kept_nothing_cannot_be():
    event = imsa_event()
    SessionFactory(event=event, name="Race", kind="race")
    log = import_race(event)
    revert_import(log)
    with pytest.raises(RevertRefused, match="this import was undone on"):
        revert_import(log)

    made_its_session = import_race(event, session_name="Qualifying")
    revert_import(made_its_session)
    with pytest.raises(RevertRefused, match="the session it made was removed"):
        revert_import(made_its_session)

    older = import_race(event, "older.csv")
    SessionImport.objects.filter(pk=older.pk).update(undo={})  # as imports made before undo was kept
    with pytest.raises(RevertRefused, match="cannot be undone: older.csv"):
        revert_import(older)
    assert Result.objects.filter(session__event=event).count() == 3


def test_the_history_says_the_revert_did_it():
    event = imsa_event()
    import_race(event, "provisional.csv", laps="790")
    official = import_race(event, "official.csv")

    revert_import(official)

    porsche = Result.objects.get(entry__number="7")
    latest = porsche.history.latest("history_date")
    assert latest.laps == 790
    assert latest.history_change_reason.startswith("Revert of the import of official.csv")
    assert Team.objects.filter(name="Porsche Penske Motorsports").exists()


def test_an_editor_imports_corrects_imports_again_then_undoes_it_all_from_the_imports_page(client):
    race = SessionFactory(event=imsa_event(), name="Race", kind="race")
    before = archive_dump()
    log_in_editor(client)
    imported_then_corrected(client, race)
    assert "laps: file 791, set by hand to 789" in upload(client, race, small_imsa_race(time="23:58:20.000")).text
    client.post(confirm_url(race), {"token": token(client), "confirm": "1"})  # the correction kept

    first = race.imports.order_by("pk").first()
    undo = reverse("admin:results_session_undo_import", args=[race.pk, first.pk])
    imports_page = client.get(import_url(race)).text
    assert f'href="{undo}"' in imports_page
    preview = client.get(undo).text
    assert "Later imports of the event, undone first" in preview
    assert (
        "Removed the result of #7 in Race" in preview
        and "Removed the driver Felipe Nasr, which the import created" in preview
    )
    assert archive_dump() != before  # the preview changed nothing

    done = client.post(undo, {"confirm": "1"}, follow=True).text
    assert "Undid the import of race-results.csv" in done and "the 1 later import(s) of the event" in done
    assert archive_dump() == before
    assert "undone " in client.get(import_url(race)).text
    assert "Porsche Penske" not in client.get(race.event.get_absolute_url()).text


def test_undoing_needs_leave_to_delete_results_and_an_import_of_this_session(client):
    race = SessionFactory(event=imsa_event(), name="Race", kind="race")
    log = import_race(race.event)
    other = SessionFactory(event=race.event, name="Warm-up", kind="practice")
    may_import = UserFactory(username="importer", is_staff=True)
    may_import.user_permissions.add(*Permission.objects.filter(codename__in=[p.split(".")[1] for p in PERMISSIONS]))
    client.force_login(may_import)
    assert client.get(reverse("admin:results_session_undo_import", args=[race.pk, log.pk])).status_code == 403
    log_in_editor(client)
    assert client.get(reverse("admin:results_session_undo_import", args=[other.pk, log.pk])).status_code == 404
    assert client.post(reverse("admin:results_session_undo_import", args=[race.pk, log.pk]), {"cancel": "1"})
    assert client.get(import_url(race)).status_code == 200
    assert Result.objects.filter(session=race).count() == 3


def test_undoing_an_import_keeps_a_car_it_made_that_has_results_in_another_session_since():
    event = imsa_event()
    race = SessionFactory(event=event, name="Race", kind="race")
    log = import_race(event)
    qualifying = SessionFactory(event=event, name="Qualifying", kind="qualifying")
    typed = Result.objects.create(session=qualifying, entry=Entry.objects.get(event=event, number="7"), position=1)

    reverted = revert_import(log)

    assert Result.objects.filter(pk=typed.pk).exists()  # the editor's qualifying stays, with its car
    assert not Result.objects.filter(session=race).exists()
    assert any(
        line.startswith("The car #7") and "has results in other sessions since: kept" in line for line in reverted.kept
    )
