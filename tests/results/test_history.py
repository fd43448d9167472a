"""Nothing an editor does is unexplained: each change is kept with its old values, who made
it and why, shown in the admin, and a record can be put back as it was before a change."""

import pytest
from django.urls import reverse

from results.importers.timing import import_timing
from results.models import Result
from tests.results.test_admin_support import form_data, log_in_editor
from tests.results.test_timing_support import imsa_event, small_imsa_race

pytestmark = pytest.mark.django_db


def porsche() -> Result:
    return Result.objects.get(entry__number="7")


def test_an_editors_correction_shows_its_old_value_and_can_be_undone(client):
    event = imsa_event()
    import_timing(data=small_imsa_race(), file_name="official.csv", event=event, session_name="Race")
    editor = log_in_editor(client)
    change = reverse("admin:results_result_change", args=[porsche().pk])
    data = form_data(client.get(change), "result_form")
    data["laps"] = "789"
    assert client.post(change, data).status_code == 302
    assert porsche().laps == 789

    history = " ".join(
        client.get(reverse("admin:results_result_history", args=[porsche().pk])).content.decode().split()
    )
    assert "<strong>Laps:</strong> 791 &nbsp;&rarr;&nbsp;&nbsp;789" in history
    assert f">{editor.username}</a>" in history
    assert "<td> By hand, in the admin </td>" in history  # why, not "None"

    before = porsche().history.filter(laps=791).latest("history_date")
    revert = reverse("admin:results_result_simple_history", args=[porsche().pk, before.history_id])
    assert client.post(revert, form_data(client.get(revert), "historicalresult_form")).status_code == 302
    assert porsche().laps == 791
    assert porsche().history.count() == 3  # imported, corrected, put back
    reasons = [row.history_change_reason for row in porsche().history.order_by("history_date")]
    assert reasons == [
        "As it was before its first recorded change",
        "By hand, in the admin",
        "Put back as it was before a change, in the admin",
    ]


def test_a_reimport_that_changes_a_value_says_which_file_did_it():
    event = imsa_event()
    import_timing(data=small_imsa_race(), file_name="provisional.csv", event=event, session_name="Race")

    import_timing(data=small_imsa_race(laps="790"), file_name="official.csv", event=event, session_name="Race")

    latest = porsche().history.latest("history_date")
    assert (latest.laps, latest.history_change_reason) == (790, "Import of official.csv")
    assert latest.prev_record.laps == 791
