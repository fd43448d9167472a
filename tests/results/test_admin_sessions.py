"""A session's results entered on one page: the editor's story, its errors, and class positions."""

import datetime

import pytest
from django.urls import reverse

from results.models import Result, Session
from tests.factories import CarClassFactory, EntryFactory, EventFactory, ResultFactory, SessionFactory
from tests.results.test_admin_support import (
    assert_shows_error,
    column_texts,
    derived_value,
    form_data,
    input_tag,
    log_in_editor,
)

pytestmark = pytest.mark.django_db


def change_url(session):
    return reverse("admin:results_session_change", args=[session.pk])


@pytest.fixture
def grid():
    """An event with two classes and three cars: #7 and #6 in GTP, #75 in GTD."""
    event = EventFactory(name="Rolex 24 At Daytona")
    gtp = CarClassFactory(series=event.season.series, code="GTP", name="GTP")
    gtd = CarClassFactory(series=event.season.series, code="GTD", name="GTD")
    cars = {n: EntryFactory(event=event, number=n, car_class=c) for n, c in (("7", gtp), ("6", gtp), ("75", gtd))}
    return event, cars


def row(index, entry, position, **fields):
    values = {"entry": entry.pk, "position": position, "status": "classified", "laps": 100}
    return {f"results-{index}-{name}": "" if value is None else value for name, value in {**values, **fields}.items()}


def add_session(client, event, *rows, **fields):
    """Post a new session of `event` with result `rows` from its add page, as a browser would."""
    url = f"{reverse('admin:results_session_add')}?event={event.pk}"
    data = form_data(client.get(url), "session_form")
    data.update(fields)
    for values in rows:
        data.update(values)
    return client.post(url, data)


def test_an_editor_adds_a_practice_session_with_three_results_and_sees_their_class_positions(client, grid):
    event, cars = grid
    log_in_editor(client)
    event_page = client.get(reverse("admin:results_event_change", args=[event.pk]))
    add_url = f"{reverse('admin:results_session_add')}?event={event.pk}"
    assert add_url.replace("&", "&amp;") in event_page.content.decode()

    page = client.get(add_url)
    data = form_data(page, "session_form")
    assert data["event"] == str(event.pk)
    data.update(name="Practice 1", kind="practice", _continue="1")
    data.update(row(0, cars["75"], 3, best_lap_ms="1:47.211", gap="+1 Lap"))
    data.update(row(1, cars["7"], 1, best_lap_ms="1:35.605"))
    data.update(row(2, cars["6"], 2, best_lap_ms="1:35.9", gap="+0.295"))
    response = client.post(add_url, data)

    session = Session.objects.get(event=event, name="Practice 1")
    assert response.status_code == 302, response.context and response.context["errors"]
    results = {r.entry.number: r for r in session.results.select_related("entry")}
    assert {n: (r.position, r.class_position) for n, r in results.items()} == {"7": (1, 1), "6": (2, 2), "75": (3, 1)}
    assert (results["6"].best_lap_ms, results["6"].gap_ms) == (95_900, 295)
    assert (results["75"].gap_ms, results["75"].gap_laps) == (None, 1)

    page = client.get(change_url(session))
    shown = form_data(page, "session_form")
    assert (shown["results-0-best_lap_ms"], shown["results-2-gap"]) == ("1:35.605", "+1 Lap")
    assert column_texts(page, "car_class")[:3] == ["GTP", "GTP", "GTD"]
    assert [derived_value(page, f"results-{i}-class_position") for i in range(3)] == ["1", "2", "1"]


def test_swapping_two_positions_in_one_save_moves_the_class_positions_too(client, grid):
    event, cars = grid
    session = SessionFactory(event=event)
    for number, position in (("7", 1), ("6", 2), ("75", 3)):
        ResultFactory(session=session, entry=cars[number], position=position, class_gap_laps=position - 1)
    log_in_editor(client)
    data = form_data(client.get(change_url(session)), "session_form")
    assert [data[f"results-{i}-position"] for i in range(3)] == ["1", "2", "3"]
    data.update({"results-0-position": "2", "results-1-position": "1"})  # a penalty for #7
    response = client.post(change_url(session), data)
    assert response.status_code == 302
    placed = Result.objects.filter(session=session).order_by("position")
    assert [(r.entry.number, r.position, r.class_position) for r in placed] == [
        ("6", 1, 1),
        ("7", 2, 2),
        ("75", 3, 1),
    ]
    # The table does not show the class gaps a source gave, so it leaves them as they were.
    assert [r.class_gap_laps for r in placed] == [1, 0, 2]


def test_two_rows_at_one_position_are_refused_and_nothing_is_saved(client, grid):
    event, cars = grid
    log_in_editor(client)
    rows = row(0, cars["7"], 1), row(1, cars["6"], 2), row(2, cars["75"], 2)
    response = add_session(client, event, *rows, name="Race", kind="race")
    assert_shows_error(response, "Position 2 is given to #6 and #75.")
    assert not Session.objects.filter(event=event).exists()
    assert not Result.objects.exists()


def test_a_position_already_held_by_a_saved_row_is_refused(client, grid):
    event, cars = grid
    session = SessionFactory(event=event)
    ResultFactory(session=session, entry=cars["7"], position=1)
    log_in_editor(client)
    data = form_data(client.get(change_url(session)), "session_form")
    data.update(row(1, cars["6"], 1))
    response = client.post(change_url(session), data)
    assert_shows_error(response, "Position 1 is given to #7 and #6.")
    assert Result.objects.count() == 1


def test_negative_laps_are_refused_with_the_rule_in_words(client, grid):
    event, cars = grid
    session = SessionFactory(event=event)
    result = ResultFactory(session=session, entry=cars["7"], position=1, laps=700)
    log_in_editor(client)
    data = form_data(client.get(change_url(session)), "session_form")
    data["results-0-laps"] = "-3"
    response = client.post(change_url(session), data)
    assert_shows_error(response, "Laps cannot be negative.")
    result.refresh_from_db()
    assert result.laps == 700


def test_a_time_written_wrong_is_refused_with_the_way_to_write_it(client, grid):
    event, cars = grid
    log_in_editor(client)
    response = add_session(client, event, row(0, cars["7"], 1, total_time_ms="24h 0m"), name="Race", kind="race")
    assert_shows_error(response, "“24h 0m” is not a time (expected h:mm:ss.fff, m:ss.fff or ss.fff)")
    assert not Session.objects.filter(event=event).exists()


def test_a_car_of_another_event_is_refused_and_nothing_is_saved(client, grid):
    event, cars = grid
    session = SessionFactory(event=event)
    elsewhere = EntryFactory(number="99", event=EventFactory(name="Petit Le Mans"))
    log_in_editor(client)
    data = form_data(client.get(change_url(session)), "session_form")
    data.update(row(0, elsewhere, 1))
    response = client.post(change_url(session), data)
    assert_shows_error(response, f"That car is not entered in {event}: choose one of its entries.")
    assert not Result.objects.exists()


def test_the_same_car_twice_in_one_session_is_refused(client, grid):
    event, cars = grid
    log_in_editor(client)
    response = add_session(client, event, row(0, cars["7"], 1), row(1, cars["7"], 2), name="Q", kind="qualifying")
    assert_shows_error(response, "#7 has 2 rows: one result per car.")
    assert not Session.objects.filter(event=event).exists()


def test_a_car_that_did_not_start_cannot_have_a_position(client, grid):
    event, cars = grid
    session = SessionFactory(event=event)
    log_in_editor(client)
    data = form_data(client.get(change_url(session)), "session_form")
    data.update(row(0, cars["7"], 1, status="did_not_start"))
    response = client.post(change_url(session), data)
    assert_shows_error(response, "A car that was not classified, did not start or was disqualified has no position.")
    assert not Result.objects.exists()


def test_a_class_position_is_typed_only_for_a_car_without_an_overall_one(client, grid):
    event, cars = grid
    session = SessionFactory(event=event)
    ResultFactory(session=session, entry=cars["7"], position=1, class_position=1)
    log_in_editor(client)
    page = client.get(change_url(session))
    assert derived_value(page, "results-0-class_position") == "1"
    assert " disabled" not in input_tag(page, "results-1-class_position")
    data = form_data(page, "session_form")
    data.update(row(1, cars["75"], None, class_position="4"))
    data.update(row(2, cars["6"], 2, class_position="7"), **{"results-TOTAL_FORMS": "3"})  # "Add another"
    assert client.post(change_url(session), data).status_code == 302
    assert Result.objects.get(entry=cars["75"]).class_position == 4
    assert Result.objects.get(entry=cars["6"]).class_position == 2


def test_in_a_partial_classification_a_class_position_below_an_unknown_place_is_kept_as_typed(client, grid):
    event, cars = grid
    session = SessionFactory(event=event, completeness=Session.Completeness.PARTIAL)
    ResultFactory(session=session, entry=cars["75"], position=6, class_position=4)
    log_in_editor(client)
    page = client.get(change_url(session))
    assert derived_value(page, "results-0-class_position") is None
    assert 'value="4"' in input_tag(page, "results-0-class_position")
    data = form_data(page, "session_form")
    data["results-0-class_position"] = "3"
    assert client.post(change_url(session), data).status_code == 302
    assert Result.objects.get(entry=cars["75"]).class_position == 3


def test_the_results_table_offers_only_the_cars_of_the_sessions_event(client, grid):
    event, cars = grid
    EntryFactory(number="99", event=EventFactory())
    session = SessionFactory(event=event)
    log_in_editor(client)
    page = client.get(change_url(session)).content.decode()
    search = f"{reverse('admin:autocomplete')}?event={event.pk}"
    assert f'data-ajax--url="{search}"' in page
    # The admin's script appends its own parameters to that address, as jQuery does.
    answer = client.get(f"{search}&app_label=results&model_name=result&field_name=entry&term=").json()
    assert sorted(option["text"].split()[0] for option in answer["results"]) == ["#6", "#7", "#75"]


def test_the_session_page_runs_as_many_queries_with_55_results_as_with_3(client, django_assert_max_num_queries):
    event = EventFactory()
    session = SessionFactory(event=event)
    for position in range(1, 4):
        ResultFactory(session=session, position=position, entry__car_class=CarClassFactory())
    log_in_editor(client)
    url = change_url(session)
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for position in range(4, 56):
        ResultFactory(session=session, position=position, entry__car_class=CarClassFactory())
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.content.decode().count('name="results-54-position"') == 1


def test_the_session_list_sorts_by_event_newest_first_and_back(client):
    events = [
        EventFactory(year=2023, name="Daytona", start_date=datetime.date(2023, 1, 28)),
        EventFactory(year=2024, name="Sebring", start_date=datetime.date(2024, 3, 16)),
        EventFactory(year=2024, name="Daytona", start_date=datetime.date(2024, 1, 27)),
    ]
    for event in events:
        SessionFactory(event=event, name="Race")
    log_in_editor(client)

    listing = reverse("admin:results_session_changelist")
    column = client.get(listing).context["cl"].list_display.index("event")

    def listed(sort: str) -> list[str]:
        response = client.get(listing, {"o": sort})
        return [str(session.event) for session in response.context["cl"].result_list]

    # The event column sorts as events do (newest first), and clicked again, the other way round.
    assert listed(f"{column}") == ["2024 Sebring", "2024 Daytona", "2023 Daytona"]
    assert listed(f"-{column}") == ["2023 Daytona", "2024 Daytona", "2024 Sebring"]


def test_a_sessions_length_reads_and_is_typed_in_hours_and_minutes(client, grid):
    event, cars = grid
    session = SessionFactory(event=event, name="Race", duration=datetime.timedelta(hours=24))
    log_in_editor(client)

    page = client.get(change_url(session))
    assert 'value="24:00"' in input_tag(page, "duration") and "1 00:00:00" not in page.content.decode()

    data = form_data(page, "session_form")
    data["duration"] = "2:40"
    assert client.post(change_url(session), data).status_code == 302
    session.refresh_from_db()
    assert session.duration == datetime.timedelta(hours=2, minutes=40)

    data["duration"] = "two hours"
    refused = client.post(change_url(session), data)
    assert_shows_error(refused, "Write hours and minutes: 24:00, or 2:40 for two hours forty.")


def test_searching_a_races_name_lists_its_latest_edition_first(client):
    for year in (1992, 2024, 2008):
        SessionFactory(event=EventFactory(year=year, name="Rolex 24 At Daytona"), name="Race")
    log_in_editor(client)

    response = client.get(reverse("admin:results_session_changelist"), {"q": "Rolex 24 At Daytona"})

    assert [s.event.year for s in response.context["cl"].result_list] == [2024, 2008, 1992]


def test_a_session_with_results_is_deleted_only_once_their_number_is_typed(client, grid):
    from django.contrib.admin.models import DELETION, LogEntry

    event, cars = grid
    session = SessionFactory(event=event, name="Race")
    for position, car in enumerate(cars.values(), start=1):
        ResultFactory(session=session, entry=car, position=position)
    log_in_editor(client)
    url = reverse("admin:results_session_delete", args=[session.pk])

    asked = client.get(url).content.decode()
    assert "holds <strong>3 results</strong>" in asked and 'name="results_typed"' in asked

    for typed in ("", "2"):
        page = client.post(url, {"post": "yes", "results_typed": typed})
        assert page.status_code == 200 and f"You typed {typed or 'nothing'}, not 3" in page.content.decode()
        assert Session.objects.filter(pk=session.pk).exists() and Result.objects.count() == 3

    assert client.post(url, {"post": "yes", "results_typed": "3"}).status_code == 302
    assert not Session.objects.filter(pk=session.pk).exists() and not Result.objects.exists()
    entry = LogEntry.objects.get(action_flag=DELETION)
    assert entry.object_repr == str(session) and entry.change_message == "Deleted with its 3 results and 0 imports."


def test_sessions_are_not_deleted_several_at_once_from_the_list(client, grid):
    log_in_editor(client)

    SessionFactory(event=grid[0], name="Race")

    listing = client.get(reverse("admin:results_session_changelist")).content.decode()

    assert 'value="delete_selected"' not in listing  # Django offers it wherever deleting is allowed


def test_a_session_without_results_is_deleted_with_one_confirmation(client, grid):
    event, _ = grid
    session = SessionFactory(event=event, name="Practice 3")
    log_in_editor(client)

    response = client.post(reverse("admin:results_session_delete", args=[session.pk]), {"post": "yes"})

    assert response.status_code == 302 and not Session.objects.filter(pk=session.pk).exists()
