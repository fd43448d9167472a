"""Who may open the editors' screens, and every list's queries bounded however many rows it holds."""

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from drivers.models import Driver
from tests import factories as f
from tests.results.test_admin_support import log_in_editor

pytestmark = pytest.mark.django_db


def many_entries(n):
    entries = f.EntryFactory.create_batch(n, car_class=factory.SubFactory(f.CarClassFactory))
    for entry in entries:
        f.EntryDriverFactory.create_batch(2, entry=entry)
    return entries


# One builder per archive list: `n` rows of it, each pointing at rows of its own, so that
# a column or filter reading a related row once per line would show in the query count.
BUILDERS = {
    "drivers.manufacturer": lambda n: [f.CarFactory(manufacturer__country="DE").manufacturer for _ in range(n)],
    "drivers.team": lambda n: f.TeamFactory.create_batch(n, country="US"),
    "drivers.car": lambda n: f.CarFactory.create_batch(
        n, engine_manufacturer=factory.SubFactory(f.ManufacturerFactory)
    ),
    "drivers.driver": lambda n: [m.driver for m in f.EntryDriverFactory.create_batch(n)],
    "results.series": lambda n: [f.SeasonFactory().series for _ in range(n)],
    "results.season": lambda n: [f.EventFactory().season for _ in range(n)],
    "results.carclass": lambda n: f.CarClassFactory.create_batch(n),
    "results.circuit": lambda n: f.CircuitFactory.create_batch(n, country="IT"),
    "results.race": lambda n: f.RaceFactory.create_batch(n, circuit=factory.SubFactory(f.CircuitFactory)),
    "results.event": lambda n: f.EventFactory.create_batch(n, race=factory.SubFactory(f.RaceFactory)),
    "results.session": lambda n: [f.ResultFactory().session for _ in range(n)],
    "results.entry": many_entries,
    "results.entrydriver": lambda n: f.EntryDriverFactory.create_batch(n),
    "results.result": lambda n: f.ResultFactory.create_batch(
        n, entry__car_class=factory.SubFactory(f.CarClassFactory), total_time_ms=3_600_000
    ),
    "results.article": lambda n: f.ArticleFactory.create_batch(n),
}
# Session and permission lookups, counts, the page of rows, the filters' choices: a list
# holds its query count below this whatever the number of rows.
MAX_QUERIES = 12


def admin_url(model: str, view: str, *args) -> str:
    app, name = model.split(".")
    return reverse(f"admin:{app}_{name}_{view}", args=args)


@pytest.mark.parametrize("model", BUILDERS)
def test_an_editor_opens_every_archive_list_add_and_change_page(client, model):
    obj = BUILDERS[model](1)[0]
    log_in_editor(client)
    for url in (admin_url(model, "changelist"), admin_url(model, "add"), admin_url(model, "change", obj.pk)):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", BUILDERS)
def test_a_list_runs_as_many_queries_with_55_rows_as_with_one(client, django_assert_max_num_queries, model):
    log_in_editor(client)
    url = admin_url(model, "changelist")
    BUILDERS[model](1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    BUILDERS[model](54)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.context["cl"].result_count == 55
    assert len(response.context["cl"].result_list) >= 50
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_group_changelist"),
        reverse("admin:auth_group_add"),
    ],
)
def test_an_editor_cannot_manage_users_or_groups(client, url):
    log_in_editor(client)
    assert client.get(url).status_code == 403


def test_the_admin_index_shows_an_editor_the_archive_and_not_the_accounts(client):
    log_in_editor(client)
    page = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:results_result_changelist") in page
    assert reverse("admin:drivers_driver_changelist") in page
    assert reverse("admin:auth_user_changelist") not in page
    assert reverse("admin:auth_group_changelist") not in page


def test_an_editor_may_delete_a_wrong_result_and_a_stray_driver_but_not_one_who_raced_or_an_event(client):
    result = f.ResultFactory()
    member = f.EntryDriverFactory(entry=result.entry)
    stray = f.DriverFactory(given_name="Anthony", family_name="Mantell")  # a typo's record, with no starts
    log_in_editor(client)
    assert client.get(admin_url("results.result", "delete", result.pk)).status_code == 200
    assert client.get(admin_url("results.event", "delete", result.session.event.pk)).status_code == 403

    refused = client.post(admin_url("drivers.driver", "delete", member.driver.pk), {"post": "yes"})
    assert "would require deleting the following protected related objects" in refused.text
    assert Driver.objects.filter(pk=member.driver.pk).exists()
    assert client.post(admin_url("drivers.driver", "delete", stray.pk), {"post": "yes"}).status_code == 302
    assert not Driver.objects.filter(pk=stray.pk).exists()


@pytest.mark.parametrize("model", ["results.result", "results.event", "drivers.driver"])
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, model):
    url = admin_url(model, "changelist")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"
    assert client.get(admin_url(model, "add")).status_code == 302
