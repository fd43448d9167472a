"""Editors' lists of drivers, teams, makes and cars: accent-blind search, slugs made for them."""

import warnings

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from drivers.models import Car, Driver
from tests.factories import CarFactory, DriverFactory, EntryFactory, ManufacturerFactory
from tests.results.test_admin_support import form_data, log_in_editor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["Kevin Estre", "KÉVIN ESTRE", "estre kévin"])
def test_the_driver_list_finds_a_name_however_its_accents_and_case_are_typed(client, typed):
    estre = DriverFactory(given_name="Kévin", family_name="Estre")
    DriverFactory(given_name="Kevin", family_name="Magnussen")
    log_in_editor(client)
    response = client.get(reverse("admin:drivers_driver_changelist"), {"q": typed})
    assert list(response.context["cl"].result_list) == [estre]


def test_the_driver_autocomplete_finds_a_name_typed_without_its_accents(client):
    DriverFactory(given_name="Nicolás", family_name="Varrone")
    log_in_editor(client)
    answer = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "results", "model_name": "entrydriver", "field_name": "driver", "term": "nicolas varr"},
    ).json()
    assert [option["text"] for option in answer["results"]] == ["Nicolás Varrone"]


def test_a_driver_added_without_a_slug_gets_one_from_the_name(client):
    log_in_editor(client)
    url = reverse("admin:drivers_driver_add")
    data = form_data(client.get(url), "driver_form")
    data.update(given_name="Renger", family_name="van der Zande", slug="")
    assert client.post(url, data).status_code == 302
    assert Driver.objects.get().slug == "renger-van-der-zande"


def test_the_car_list_names_the_chassis_and_the_engine_make(client):
    march = ManufacturerFactory(name="March")
    porsche = ManufacturerFactory(name="Porsche")
    CarFactory(manufacturer=march, model="83G", engine_manufacturer=porsche)
    CarFactory(manufacturer=porsche, model="963")
    log_in_editor(client)
    response = client.get(reverse("admin:drivers_car_changelist"))
    rows = [(car.full_name, car.manufacturer.name, car.engine_make.name) for car in response.context["cl"].result_list]
    assert rows == [("March 83G-Porsche", "March", "Porsche"), ("Porsche 963", "Porsche", "Porsche")]
    assert "March 83G-Porsche" in response.content.decode()


def test_a_car_model_twice_for_one_make_is_refused(client):
    car = CarFactory(model="963")
    log_in_editor(client)
    url = reverse("admin:drivers_car_add")
    data = form_data(client.get(url), "car_form")
    data.update(manufacturer=car.manufacturer.pk, model="963")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "This car model already exists for this make." in response.content.decode()
    assert Car.objects.count() == 1


def test_the_nationality_filter_offers_the_countries_that_occur_by_name(client):
    DriverFactory(nationality="FR")
    DriverFactory(nationality="NZ")
    EntryFactory()
    log_in_editor(client)
    response = client.get(reverse("admin:drivers_driver_changelist"))
    nationality = next(spec for spec in response.context["cl"].filter_specs if spec.parameter_name == "nationality")
    assert [title for _, title in nationality.lookup_choices] == ["France", "New Zealand"]


def test_the_driver_autocomplete_answers_in_name_order_without_counting_entries(client):
    for family in ("Vanthoor", "Estre", "Magnussen"):
        EntryFactory().crew.create(
            driver=DriverFactory(given_name="Laurens" if family == "Vanthoor" else "Kevin", family_name=family), order=1
        )
    log_in_editor(client)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Django warns when a paginated list has no order
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(
                reverse("admin:autocomplete"),
                {"app_label": "results", "model_name": "entrydriver", "field_name": "driver", "term": ""},
            ).json()
    assert [option["text"] for option in answer["results"]] == ["Kevin Estre", "Kevin Magnussen", "Laurens Vanthoor"]
    assert not [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]


def test_the_driver_list_still_counts_each_drivers_entries(client):
    estre = DriverFactory(given_name="Kevin", family_name="Estre")
    for _ in range(2):
        EntryFactory().crew.create(driver=estre, order=1)
    log_in_editor(client)
    response = client.get(reverse("admin:drivers_driver_changelist"))
    assert [driver.crews_count for driver in response.context["cl"].result_list] == [2]
