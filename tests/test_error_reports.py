"""A server error reaches the people who run the site: mailed to ADMINS, and logged as JSON
when the deployment asks for it."""

import json
import logging

import pytest
from django.core import mail
from django.db import OperationalError
from django.test import Client
from django.urls import path

from racearchive.logs import JsonFormatter


def broken_view(request):
    raise RuntimeError("the archive tripped over itself")


def database_gone_view(request):
    raise OperationalError("connection failed: the database system is starting up")


urlpatterns = [path("broken/", broken_view), path("database-gone/", database_gone_view)]


@pytest.fixture
def broken_site(settings):
    settings.ROOT_URLCONF = __name__
    # Errors logged as the settings log them (another test may have quietened the logger).
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.NOTSET)
    yield Client(raise_request_exception=False)
    logger.setLevel(level)


def test_a_server_error_is_mailed_to_the_admins_with_its_traceback(broken_site, settings):
    settings.ADMINS = [("Ana", "ana@example.org")]

    assert broken_site.get("/broken/").status_code == 500

    (report,) = mail.outbox
    assert report.to == ["ana@example.org"]
    assert "/broken/" in report.subject and "the archive tripped over itself" in report.body


def test_without_admins_no_mail_is_sent(broken_site, settings):
    settings.ADMINS = []

    assert broken_site.get("/broken/").status_code == 500
    assert mail.outbox == []


def test_the_json_log_line_names_the_request_its_status_and_its_traceback(broken_site, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        broken_site.get("/broken/")

    (record,) = [r for r in caplog.records if r.name == "django.request"]
    line = json.loads(JsonFormatter().format(record))
    assert (line["level"], line["method"], line["path"], line["status"]) == ("ERROR", "GET", "/broken/", 500)
    assert "RuntimeError: the archive tripped over itself" in line["exception"]


def test_a_request_that_finds_no_database_is_told_to_come_back_not_given_a_server_error(broken_site, settings):
    settings.ADMINS = [("Ana", "ana@example.org")]

    response = broken_site.get("/database-gone/")

    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "Back in a moment" in response.content.decode() and "Nothing you sent was saved" in response.content.decode()
    assert mail.outbox == []  # a restart is no bug to mail about
