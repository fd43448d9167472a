"""Nothing an editor does is unexplained: each change is kept with its old values, who made
it and why, shown in the admin, and a record can be put back as it was before a change."""

import pytest
from django.contrib.admin import site
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

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


@pytest.mark.parametrize(
    "address",
    [
        "admin:results_result_change",  # ".../12/change/" + "history/": an address cut and pasted
        "admin:results_result_history",  # ".../12/history/" + "abc/": a version that is no number
    ],
)
def test_a_history_address_that_names_no_record_says_so_rather_than_failing(client, address):
    event = imsa_event()
    import_timing(data=small_imsa_race(), file_name="official.csv", event=event, session_name="Race")
    log_in_editor(client)
    mangled = reverse(address, args=[porsche().pk]) + ("history/" if address.endswith("_change") else "abc/")

    response = client.get(mangled, follow=True)

    assert response.redirect_chain[-1] == (reverse("admin:index"), 302)
    page = " ".join(response.content.decode().split())
    assert "doesn’t exist. Perhaps it was deleted?" in page


def test_every_history_in_the_admin_answers_an_id_that_is_no_number_so(admin_client):
    with_history = [
        model for model, model_admin in site._registry.items() if isinstance(model_admin, SimpleHistoryAdmin)
    ]
    assert len(with_history) > 10  # the archive's records, each with its History

    for model in with_history:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for address in (base + "abc/history/", base + "1/history/abc/"):
            response = admin_client.get(address)
            assert (response.status_code, response.get("Location")) == (302, reverse("admin:index")), address


def test_saving_a_form_unchanged_adds_nothing_to_the_history(client):
    event = imsa_event()
    import_timing(data=small_imsa_race(), file_name="official.csv", event=event, session_name="Race")
    log_in_editor(client)
    change = reverse("admin:results_result_change", args=[porsche().pk])

    assert client.post(change, form_data(client.get(change), "result_form")).status_code == 302

    assert porsche().history.count() == 0  # as imported: the import's log lists it
    data = form_data(client.get(change), "result_form")
    data["laps"] = "789"
    assert client.post(change, data).status_code == 302
    assert [row.laps for row in porsche().history.order_by("history_date")] == [791, 789]
