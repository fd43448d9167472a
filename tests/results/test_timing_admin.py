"""Importing a timing file from a session's admin page: upload, preview, confirm or cancel."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from drivers.models import Driver
from results.models import CarClass, Entry, Result, Session
from tests.factories import SessionFactory, UserFactory
from tests.results.test_admin_support import form_data, log_in_editor
from tests.results.test_timing_support import DAYTONA, SEBRING_QUALIFYING, imsa_event, needs_real_files, small_imsa_race

pytestmark = pytest.mark.django_db


def import_url(session):
    return reverse("admin:results_session_import_timing", args=[session.pk])


def confirm_url(session):
    return reverse("admin:results_session_import_timing_confirm", args=[session.pk])


def upload(client, session, data: bytes, name="race-results.csv", status="official"):
    return client.post(import_url(session), {"file": SimpleUploadedFile(name, data), "status": status})


def token(client) -> str:
    return client.session["timing_import"]["token"]


@pytest.fixture
def race():
    return SessionFactory(event=imsa_event(), name="Race", kind="race")


def test_the_sessions_page_offers_the_import_and_the_preview_shows_what_will_happen(client, race):
    log_in_editor(client)
    page = client.get(reverse("admin:results_session_change", args=[race.pk]))
    assert f'href="{import_url(race)}"' in page.content.decode()
    assert "Import timing file" in page.content.decode()

    preview = upload(client, race, small_imsa_race())

    assert preview.status_code == 200
    text = preview.content.decode()
    assert "race-results.csv</strong>: IMSA race results, 3 cars" in text
    assert "Created: 3 cars, 8 crew members, 8 drivers, 3 entries, 3 manufacturers, 3 results, 3 teams" in text
    assert "New drivers (8)" in text and "Dane Cameron" in text
    assert "New teams (3)" in text and "Whelen Engineering Cadillac Racing" in text
    assert "<td>GTP</td>" in text
    assert not Result.objects.exists() and not Driver.objects.exists()

    done = client.post(confirm_url(race), {"token": token(client), "confirm": "1"}, follow=True)

    assert done.redirect_chain[-1][0] == reverse("admin:results_session_change", args=[race.pk])
    assert "Imported race-results.csv into Race." in done.content.decode()
    assert Result.objects.filter(session=race).count() == 3
    assert Result.objects.get(position=1).entry.number == "7"
    race.refresh_from_db()
    assert race.source == "race-results.csv" and race.status == "official"
    assert race.imports.get().imported_by.username == "ed"
    assert "timing_import" not in client.session


def test_cancel_writes_nothing(client, race):
    log_in_editor(client)
    upload(client, race, small_imsa_race())

    done = client.post(confirm_url(race), {"token": token(client), "cancel": "1"}, follow=True)

    assert "Nothing was imported from race-results.csv." in done.content.decode()
    assert not Result.objects.exists() and not Entry.objects.exists() and not Driver.objects.exists()
    assert "timing_import" not in client.session


def test_confirming_reads_the_waiting_file_again_not_a_copy_from_the_page(client, race):
    log_in_editor(client)
    upload(client, race, small_imsa_race())

    stale = client.post(confirm_url(race), {"token": "forged", "confirm": "1"}, follow=True)

    assert "That preview is no longer waiting" in stale.content.decode()
    assert not Result.objects.exists()


def test_a_change_made_between_preview_and_confirm_is_checked_again(client, race):
    log_in_editor(client)
    upload(client, race, small_imsa_race().replace(b";GTD;", b";GTD-AM;"))
    client.post(import_url(race), {"token": token(client), "class_0": "GTD"})
    CarClass.objects.filter(code="GTD").delete()  # another editor removes the class meanwhile

    page = client.post(confirm_url(race), {"token": token(client), "confirm": "1"})

    assert page.status_code == 200 and "Nothing was imported" in page.content.decode()
    assert "“GTD” chosen for “GTD-AM” is not a class" in page.content.decode()
    assert not Result.objects.exists()


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (small_imsa_race(time="23:5x:24.723"), "row 2, column “TOTAL_TIME”: “23:5x:24.723” is not a time"),
        (small_imsa_race().replace(b";FL_TIME;", b";FASTEST;"), "row 1, column “FL_TIME”: this column is missing"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "this is not a CSV file"),
        (b"", "The submitted file is empty."),
    ],
    ids=["bad-time", "missing-column", "not-csv", "empty"],
)
def test_a_bad_file_is_a_form_error_naming_where_and_what(client, race, data, shown):
    log_in_editor(client)

    page = upload(client, race, data, name="bad.csv")

    assert page.status_code == 200
    assert shown in page.content.decode()
    assert not Result.objects.exists() and not Entry.objects.exists()
    assert "timing_import" not in client.session


def test_a_file_too_big_is_refused_by_the_form(client, race, settings):
    log_in_editor(client)

    page = upload(client, race, b"x" * (3 * 1024 * 1024))

    assert page.status_code == 200 and "The file is 3.0 MB" in page.content.decode()


def test_an_unknown_class_is_asked_about_then_mapped_to_a_held_class(client, race):
    log_in_editor(client)

    question = upload(client, race, small_imsa_race().replace(b";GTD;", b";GTD-AM;"))

    text = question.content.decode()
    assert "The file&#x27;s class “GTD-AM”" in text or "The file's class “GTD-AM”" in text
    assert '<option value="GTDPRO">GTD Pro (GTDPRO)</option>' in text
    assert "A new class “GTD-AM” of IMSA WeatherTech SportsCar Championship" in text

    preview = client.post(import_url(race), {"token": token(client), "class_0": "GTD"})
    assert "GTD-AM</td>" in preview.content.decode() and "(as you chose)" in preview.content.decode()
    client.post(confirm_url(race), {"token": token(client), "confirm": "1"})

    assert Result.objects.get(entry__number="57").entry.car_class.code == "GTD"


def test_an_unknown_class_can_be_created(client, race):
    log_in_editor(client)
    upload(client, race, small_imsa_race().replace(b";GTD;", b";GTD-AM;"))

    client.post(import_url(race), {"token": token(client), "class_0": "+new"})
    client.post(confirm_url(race), {"token": token(client), "confirm": "1"})

    assert CarClass.objects.filter(series=race.event.season.series, code="GTD-AM").exists()


def test_only_staff_who_may_change_results_reach_the_import(client, race):
    client.force_login(UserFactory(username="viewer", is_staff=True))
    assert client.get(import_url(race)).status_code == 403
    assert upload(client, race, small_imsa_race()).status_code == 403
    assert not Result.objects.exists()

    client.logout()
    assert client.get(import_url(race)).status_code == 302  # to the login page


def test_an_unknown_session_is_not_found(client):
    log_in_editor(client)
    assert client.get(reverse("admin:results_session_import_timing", args=["999999"])).status_code == 404
    assert client.get("/admin/results/session/abc/import-timing/").status_code in (302, 404)


@needs_real_files
def test_the_sebring_qualifying_file_shows_on_the_event_page_after_confirming(client):
    event = imsa_event("12 Hours of Sebring")
    qualifying = SessionFactory(event=event, name="Qualifying", kind="qualifying")
    log_in_editor(client)

    preview = upload(client, qualifying, SEBRING_QUALIFYING.read_bytes(), name=SEBRING_QUALIFYING.name)
    assert "IMSA qualifying or practice results, 58 cars" in preview.content.decode()
    client.post(confirm_url(qualifying), {"token": token(client), "confirm": "1"})

    page = client.get(event.get_absolute_url()).content.decode()
    assert "1:48.152" in page and "Pipo Derani" in page
    assert Session.objects.get(pk=qualifying.pk).results.count() == 58


@needs_real_files
def test_the_preview_of_a_59_car_file_takes_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    race = SessionFactory(event=imsa_event(), name="Race", kind="race")
    log_in_editor(client)

    # Every driver, team and car is new: saved in bulk, not one query each (over 600 before).
    with django_assert_max_num_queries(70):
        preview = upload(client, race, DAYTONA.read_bytes(), name=DAYTONA.name)

    assert "IMSA race results, 59 cars" in preview.content.decode()


def test_the_preview_of_a_corrected_file_names_what_changes_in_the_editors_words(client, race):
    log_in_editor(client)
    upload(client, race, small_imsa_race())
    client.post(confirm_url(race), {"token": token(client), "confirm": "1"})

    corrected = small_imsa_race(time="23:58:20.000").replace(b"+2.112", b"+6.835")
    text = upload(client, race, corrected).content.decode()

    assert "#7" in text and "(time)" in text and "(gap)" in text
    assert "total_time_ms" not in text and "gap_ms" not in text


def imported_then_corrected(client, race) -> Result:
    """The small race imported from its admin page, then the Porsche's laps corrected to 789 there."""
    upload(client, race, small_imsa_race())
    client.post(confirm_url(race), {"token": token(client), "confirm": "1"})
    porsche = Result.objects.get(entry__number="7")
    change = reverse("admin:results_result_change", args=[porsche.pk])
    data = form_data(client.get(change), "result_form")
    data["laps"] = "789"
    assert client.post(change, data).status_code == 302
    return porsche


def test_a_reimport_keeps_an_editors_correction_unless_told_and_says_so(client, race):
    log_in_editor(client)
    porsche = imported_then_corrected(client, race)

    preview = upload(client, race, small_imsa_race()).content.decode()
    assert "Set by hand since the last import (1)" in preview
    assert "#7" in preview and "laps: file 791, set by hand to 789 by ed on" in preview
    client.post(confirm_url(race), {"token": token(client), "confirm": "1"})
    assert Result.objects.get(pk=porsche.pk).laps == 789  # kept

    upload(client, race, small_imsa_race())
    client.post(confirm_url(race), {"token": token(client), "confirm": "1", "overwrite_hand_edits": "1"})
    assert Result.objects.get(pk=porsche.pk).laps == 791  # the editor chose the file's

    assert "Set by hand" not in upload(client, race, small_imsa_race()).content.decode()  # the file's, now


def test_the_editor_chooses_the_files_value_for_one_correction_and_keeps_another(client, race):
    log_in_editor(client)
    porsche = imported_then_corrected(client, race)  # laps 791 -> 789 by hand
    cadillac = Result.objects.get(entry__number="31")
    change = reverse("admin:results_result_change", args=[cadillac.pk])
    data = form_data(client.get(change), "result_form")
    data["laps"] = "788"
    assert client.post(change, data).status_code == 302

    preview = upload(client, race, small_imsa_race()).text
    assert f'name="take_from_file" value="{porsche.pk}:laps"' in preview
    assert f'name="take_from_file" value="{cadillac.pk}:laps"' in preview
    client.post(confirm_url(race), {"token": token(client), "confirm": "1", "take_from_file": f"{porsche.pk}:laps"})

    assert Result.objects.get(pk=porsche.pk).laps == 791  # the file's, as chosen
    assert Result.objects.get(pk=cadillac.pk).laps == 788  # the editor's, kept
