"""A page's former address answers with a permanent redirect to its address now."""

import pytest
from django.test import Client
from django.urls import reverse

from drivers.models import Driver, FormerSlug
from results.models import Series
from tests.factories import DriverFactory, EventFactory, SeasonFactory, SeriesFactory, UserFactory
from tests.results.test_admin_support import form_data

pytestmark = pytest.mark.django_db


def moved_to(client, url: str) -> tuple[int, str]:
    response = client.get(url)
    return response.status_code, response.get("Location", "")


def test_a_drivers_corrected_slug_leaves_the_old_address_redirecting_to_the_new(client):
    driver = DriverFactory(given_name="Frederic", family_name="Makowiekci")
    assert driver.slug == "frederic-makowiekci"
    driver.given_name, driver.family_name, driver.slug = "Frédéric", "Makowiecki", "frederic-makowiecki"
    driver.save()

    assert moved_to(client, "/drivers/frederic-makowiekci/") == (301, "/drivers/frederic-makowiecki/")
    assert moved_to(client, "/drivers/frederic-makowiekci/?season=2024") == (
        301,
        "/drivers/frederic-makowiecki/?season=2024",
    )
    assert client.get("/drivers/frederic-makowiecki/").status_code == 200
    assert client.get("/drivers/never-was-anyone/").status_code == 404


def test_every_former_slug_leads_to_the_page_now_and_a_slug_taken_back_is_its_own(client):
    driver = DriverFactory(given_name="Anthony", family_name="Mantell")
    for slug in ("anthony-mantella", "tony-mantella"):
        driver.slug = slug
        driver.save()
    assert moved_to(client, "/drivers/anthony-mantell/") == (301, "/drivers/tony-mantella/")
    assert moved_to(client, "/drivers/anthony-mantella/") == (301, "/drivers/tony-mantella/")

    other = DriverFactory(given_name="Anthony", family_name="Mantella", slug="anthony-mantella")
    assert client.get("/drivers/anthony-mantella/").status_code == 200
    assert other.get_absolute_url() == "/drivers/anthony-mantella/"


def test_an_event_keeps_its_address_when_its_series_or_its_own_slug_changes(client):
    series = SeriesFactory(name="IMSA WeatherTech SportsCar Championship", slug="imsa-weathertech")
    event = EventFactory(season=SeasonFactory(series=series, year=2024), year=2024, slug="rolex-24")
    old = event.get_absolute_url()
    series.slug = "imsa"
    series.save()
    event.slug = "rolex-24-at-daytona"
    event.save()

    assert moved_to(client, old) == (301, "/series/imsa/2024/rolex-24-at-daytona/")
    assert moved_to(client, "/series/imsa-weathertech/") == (301, "/series/imsa/")
    assert client.get(Series.objects.get().get_absolute_url()).status_code == 200


def test_a_save_that_leaves_the_slug_alone_records_nothing():
    driver = DriverFactory(given_name="Pipo", family_name="Derani")
    driver.hometown = "São Paulo"
    driver.save()
    Driver.objects.get(pk=driver.pk).save(update_fields=["hometown"])

    assert not FormerSlug.objects.exists()


def test_an_editor_correcting_a_slug_in_the_admin_keeps_the_cited_address_working(client):
    driver = DriverFactory(given_name="Frederic", family_name="Makowiekci")
    cited = driver.get_absolute_url()
    editor = Client()
    editor.force_login(UserFactory(username="ed", is_staff=True, is_superuser=True))
    url = reverse("admin:drivers_driver_change", args=[driver.pk])
    data = form_data(editor.get(url), "driver_form")
    data.update(family_name="Makowiecki", slug="frederic-makowiecki")

    assert editor.post(url, data).status_code == 302
    assert moved_to(client, cited) == (301, "/drivers/frederic-makowiecki/")
    assert "Frederic Makowiecki" in client.get("/drivers/frederic-makowiecki/").content.decode()
