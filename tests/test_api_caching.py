"""The API's answers are kept like pages: with an ETag and Last-Modified, answered 304 to a
conditional GET, and changed on the next request after a write that touches them. The
writes commit here, as in a served archive, so the cache is told of them as it would be."""

import pytest

from tests.factories import DriverFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_answer_carries_validators_and_changes_after_a_write_that_touches_it(client):
    driver = DriverFactory(given_name="Felipe", family_name="Nasr")
    url = f"/api/v1/drivers/{driver.slug}/"
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"] and "s-maxage" in first["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    listed = client.get("/api/v1/drivers/")
    assert client.get("/api/v1/drivers/", HTTP_IF_NONE_MATCH=listed["ETag"]).status_code == 304

    driver.given_name = "Felipe A."
    driver.save()

    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again.json()["given_name"] == "Felipe A."
    assert client.get("/api/v1/drivers/").json()["results"][0]["given_name"] == "Felipe A."
