"""What a browser is told to refuse, and where an editor lands after signing in."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.factories import DriverFactory

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy of a response, by directive."""
    directives = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return dict(directives)


@pytest.mark.django_db(transaction=True)  # a page is kept once its transaction has committed
def test_every_kind_of_response_carries_a_policy_that_allows_this_site_alone(client):
    driver = DriverFactory(given_name="Pipo", family_name="Derani")
    responses = {
        "page": client.get(driver.get_absolute_url()),
        "kept page": client.get(driver.get_absolute_url()),
        "not found": client.get("/drivers/nobody-at-all/"),
        "admin": client.get(reverse("admin:login")),
        "static file": client.get("/static/css/site.css"),
    }

    responses["static file"].close()
    assert responses["kept page"]["X-Page-Cache"] == "hit"
    for name, response in responses.items():
        directives = policy(response)
        assert directives["script-src"] == "'self'", name
        assert directives["img-src"] == "'self' data:", name
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'", name


def test_the_hosts_reports_may_show_images_from_are_allowed_images(client, settings):
    settings.REPORT_IMAGE_HOSTS = ["photos.example.org"]

    assert policy(client.get("/"))["img-src"] == "'self' data: https://photos.example.org"


@pytest.mark.parametrize("next_page", ["https://evil.example/", "//evil.example/", ""])
def test_an_editor_signing_in_lands_in_the_admin_whatever_next_page_says_off_the_site(client, next_page):
    User.objects.create_user("editor", password="a long enough passphrase", is_staff=True)
    login = reverse("admin:login") + (f"?next={next_page}" if next_page else "")

    response = client.post(login, {"username": "editor", "password": "a long enough passphrase"})

    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200


def sign_in(client, username: str, password: str, address: str = "192.0.2.10"):
    return client.post(reverse("admin:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_signing_in_is_refused_for_a_while_after_five_wrong_passwords_for_an_account(client):
    User.objects.create_user("editor", password="a long enough passphrase", is_staff=True)
    for attempt in range(4):
        assert sign_in(client, "editor", f"wrong {attempt}").status_code == 200  # the form again, with its error
    locked = sign_in(client, "editor", "wrong again")

    assert locked.status_code == 429 and "Signing in is paused" in locked.content.decode()
    # The right password, from another address, is refused too until the cool-off ends.
    assert sign_in(client, "editor", "a long enough passphrase", address="198.51.100.7").status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_accounts_is_refused_for_a_while(client):
    User.objects.create_user("editor", password="a long enough passphrase", is_staff=True)
    for attempt in range(5):
        sign_in(client, f"guess{attempt}", "password")

    assert sign_in(client, "editor", "a long enough passphrase").status_code == 429
    assert sign_in(client, "editor", "a long enough passphrase", address="198.51.100.7").status_code == 302


def test_a_success_clears_the_count_of_wrong_passwords(client):
    User.objects.create_user("editor", password="a long enough passphrase", is_staff=True)
    for _ in range(3):
        sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", "a long enough passphrase").status_code == 302
    client.logout()

    for _ in range(4):
        sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", "a long enough passphrase").status_code == 302


def test_an_address_written_in_a_header_is_not_believed_without_a_proxy_in_front(client):
    for attempt in range(5):
        client.post(
            reverse("admin:login"),
            {"username": f"guess{attempt}", "password": "password"},
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )

    assert sign_in(client, "someone", "password").status_code == 429


def test_behind_nginx_each_visitor_is_throttled_by_the_address_nginx_names(client, settings):
    settings.PROXY_COUNT = 1
    User.objects.create_user("editor", password="a long enough passphrase", is_staff=True)

    def via_nginx(username, password, address, claimed=""):
        forwarded = f"{claimed}, {address}" if claimed else address  # nginx appends what it saw
        return client.post(
            reverse("admin:login"),
            {"username": username, "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for attempt in range(5):  # one attacker, claiming a new address each time
        via_nginx(f"guess{attempt}", "password", "192.0.2.10", claimed=f"203.0.113.{attempt}")

    assert via_nginx("editor", "a long enough passphrase", "192.0.2.10").status_code == 429
    assert via_nginx("editor", "a long enough passphrase", "198.51.100.7").status_code == 302
