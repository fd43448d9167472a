"""The cars of an event and their crews, entered on one page; results corrected one at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from results.models import Entry, EntryDriver, Result
from tests.factories import (
    CarClassFactory,
    DriverFactory,
    EntryDriverFactory,
    EntryFactory,
    EventFactory,
    ResultFactory,
    SessionFactory,
)
from tests.results.test_admin_support import assert_shows_error, form_data, log_in_editor

pytestmark = pytest.mark.django_db

ADD_ENTRY = reverse("admin:results_entry_add")


def entry_form(client, event, **fields):
    data = form_data(client.get(f"{ADD_ENTRY}?event={event.pk}"), "entry_form")
    data.update(fields)
    return data


def crew_rows(*drivers, orders=None):
    data = {}
    for index, driver in enumerate(drivers):
        data[f"crew-{index}-driver"] = driver.pk
        data[f"crew-{index}-order"] = "" if orders is None else orders[index]
    return data


def test_an_editor_enters_a_car_with_its_crew_in_order(client):
    event = EventFactory()
    gtp = CarClassFactory(series=event.season.series, code="GTP")
    drivers = DriverFactory.create_batch(4)
    log_in_editor(client)
    data = entry_form(client, event, number="7", car_class=gtp.pk, entrant_name="Porsche Penske Motorsports")
    data.update(crew_rows(*drivers))
    response = client.post(f"{ADD_ENTRY}?event={event.pk}", data)
    assert response.status_code == 302
    entry = Entry.objects.get(event=event, number="7")
    assert [(m.driver, m.order) for m in entry.crew.all()] == [(d, n) for n, d in enumerate(drivers, start=1)]


def test_a_car_number_used_twice_in_one_event_is_refused_and_nothing_is_saved(client):
    event = EventFactory()
    EntryFactory(event=event, number="7")
    log_in_editor(client)
    data = entry_form(client, event, number="7")
    data.update(crew_rows(DriverFactory()))
    response = client.post(f"{ADD_ENTRY}?event={event.pk}", data)
    assert_shows_error(response, "This car number is already used in this event.")
    assert Entry.objects.filter(event=event).count() == 1
    assert not EntryDriver.objects.exists()


def test_cars_whose_numbers_are_unknown_may_be_entered_side_by_side(client):
    event = EventFactory()
    EntryFactory(event=event, number="")
    log_in_editor(client)
    response = client.post(f"{ADD_ENTRY}?event={event.pk}", entry_form(client, event, number=""))
    assert response.status_code == 302
    assert Entry.objects.filter(event=event, number="").count() == 2


def test_a_driver_twice_in_one_crew_is_refused_and_nothing_is_saved(client):
    event = EventFactory()
    estre = DriverFactory(given_name="Kévin", family_name="Estre")
    log_in_editor(client)
    data = entry_form(client, event, number="6")
    data.update(crew_rows(estre, DriverFactory(), estre))
    response = client.post(f"{ADD_ENTRY}?event={event.pk}", data)
    assert_shows_error(response, "Kévin Estre is listed 2 times in this crew.")
    assert not Entry.objects.exists()
    # The page sent back keeps what the editor chose, to be corrected rather than retyped.
    assert response.content.decode().count(f'<option value="{estre.pk}" selected>Kévin Estre</option>') == 2


def test_a_driver_already_in_the_saved_crew_is_refused_when_added_again(client):
    member = EntryDriverFactory(order=1)
    url = reverse("admin:results_entry_change", args=[member.entry.pk])
    log_in_editor(client)
    data = form_data(client.get(url), "entry_form")
    data.update({"crew-1-driver": member.driver.pk, "crew-1-order": "2"})
    response = client.post(url, data)
    assert_shows_error(response, f"{member.driver} is listed 2 times in this crew.")
    assert EntryDriver.objects.count() == 1


def test_a_driver_left_without_a_number_joins_the_crew_after_the_others(client):
    member = EntryDriverFactory(order=3)
    newcomer = DriverFactory()
    url = reverse("admin:results_entry_change", args=[member.entry.pk])
    log_in_editor(client)
    data = form_data(client.get(url), "entry_form")
    data.update({"crew-1-driver": newcomer.pk, "crew-1-order": ""})
    assert client.post(url, data).status_code == 302
    assert EntryDriver.objects.get(driver=newcomer).order == 4


def test_the_class_list_of_an_entry_offers_the_classes_of_the_events_series(client):
    event = EventFactory()
    CarClassFactory(series=event.season.series, code="GTP", name="GTP")
    CarClassFactory(code="LMH", name="Hypercar")
    log_in_editor(client)
    page = client.get(f"{ADD_ENTRY}?event={event.pk}").content.decode()
    search = f"{reverse('admin:autocomplete')}?series={event.season.series_id}"
    assert f'data-ajax--url="{search}"' in page
    answer = client.get(f"{search}&app_label=results&model_name=entry&field_name=car_class&term=").json()
    assert [option["text"] for option in answer["results"]] == ["GTP"]


def test_moving_a_car_to_another_class_moves_its_class_positions(client):
    event = EventFactory()
    gtp, gtd = (CarClassFactory(series=event.season.series, code=code) for code in ("GTP", "GTD"))
    session = SessionFactory(event=event)
    first = ResultFactory(session=session, position=1, class_position=1, entry__car_class=gtp)
    second = ResultFactory(session=session, position=2, class_position=1, entry__car_class=gtd)
    url = reverse("admin:results_entry_change", args=[second.entry.pk])
    log_in_editor(client)
    data = form_data(client.get(url), "entry_form")
    data["car_class"] = gtp.pk
    assert client.post(url, data).status_code == 302
    assert Result.objects.get(pk=second.pk).class_position == 2
    assert Result.objects.get(pk=first.pk).class_position == 1


def test_deleting_a_car_entered_by_mistake_moves_up_the_class_positions_behind_it(client):
    session = SessionFactory()
    cls = CarClassFactory()
    mistaken, second = (
        ResultFactory(session=session, position=n, class_position=n, entry__car_class=cls) for n in (1, 2)
    )
    log_in_editor(client)
    delete = reverse("admin:results_entry_delete", args=[mistaken.entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert Result.objects.get().class_position == 1


def test_a_car_with_results_cannot_move_to_another_event(client):
    result = ResultFactory()
    url = reverse("admin:results_entry_change", args=[result.entry.pk])
    log_in_editor(client)
    data = form_data(client.get(url), "entry_form")
    data["event"] = EventFactory().pk
    response = client.post(url, data)
    assert_shows_error(response, "This car has results in its event's sessions: it cannot move to another event.")
    assert Entry.objects.get(pk=result.entry.pk).event == result.session.event


def test_a_result_added_on_its_own_page_for_a_car_of_another_event_is_refused(client):
    session = SessionFactory()
    elsewhere = EntryFactory(event=EventFactory())
    url = reverse("admin:results_result_add")
    log_in_editor(client)
    data = form_data(client.get(url), "result_form")
    data.update(session=session.pk, entry=elsewhere.pk, position="1", status="classified")
    response = client.post(url, data)
    assert_shows_error(response, "This car is entered in another event than the session's.")
    assert not Result.objects.exists()


def test_a_result_changed_or_deleted_on_its_own_page_moves_the_class_positions(client):
    session = SessionFactory()
    cls = CarClassFactory()
    first, second, third = (
        ResultFactory(session=session, position=n, class_position=n, entry__car_class=cls) for n in (1, 2, 3)
    )
    log_in_editor(client)
    url = reverse("admin:results_result_change", args=[third.pk])
    data = form_data(client.get(url), "result_form")
    assert data["total_time_ms"] == ""
    data.update(position="4", total_time_ms="23:58:24.723", class_gap="+7 Laps")
    assert client.post(url, data).status_code == 302
    third.refresh_from_db()
    assert (third.position, third.class_position, third.total_time_ms) == (4, 3, 86_304_723)
    assert (third.class_gap_ms, third.class_gap_laps, third.gap_laps) == (None, 7, None)
    assert form_data(client.get(url), "result_form")["class_gap"] == "+7 Laps"
    delete = reverse("admin:results_result_delete", args=[first.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert [r.class_position for r in Result.objects.order_by("position")] == [1, 2]


@pytest.mark.parametrize("page", ["entry", "event"])
def test_an_entry_or_event_page_runs_as_many_queries_with_five_rows_inline_as_with_one(client, page):
    def build(rows):
        entry = EntryFactory()
        EntryDriverFactory.create_batch(rows, entry=entry)
        SessionFactory.create_batch(rows, event=entry.event)
        obj = entry if page == "entry" else entry.event
        return reverse(f"admin:results_{page}_change", args=[obj.pk])

    log_in_editor(client)
    counts = []
    for url in (build(1), build(5)):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 15
