"""The Editors group the migration makes, and `manage.py create_editor`."""

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db

ARCHIVE = [
    "drivers.driver",
    "drivers.team",
    "drivers.manufacturer",
    "drivers.car",
    "results.series",
    "results.season",
    "results.carclass",
    "results.circuit",
    "results.race",
    "results.event",
    "results.session",
    "results.entry",
    "results.entrydriver",
    "results.result",
    "results.article",
]
# What belongs to one event's sheets, and articles: an editor corrects them by deleting a row;
# and who competes, which only a record nothing names can be (a stray driver, a merge's).
DELETABLE = {
    "results.session",
    "results.entry",
    "results.entrydriver",
    "results.result",
    "results.article",
    "drivers.driver",
    "drivers.team",
    "drivers.manufacturer",
    "drivers.car",
}


def create_editor(*args) -> str:
    out = StringIO()
    call_command("create_editor", *args, stdout=out)
    return out.getvalue()


def printed_password(output: str) -> str:
    return re.search(r"password: (\S+)", output).group(1)


def test_editors_add_change_and_view_the_archive_and_delete_only_what_nothing_else_needs():
    granted = {
        (f"{p.content_type.app_label}.{p.content_type.model}", p.codename)
        for p in Group.objects.get(name="Editors").permissions.select_related("content_type")
    }
    on_archive = {f"{model.split('.')[0]}.{codename}" for model, codename in granted if model in ARCHIVE}
    expected = set()
    for model in ARCHIVE:
        app, name = model.split(".")
        actions = ["add", "change", "view"] + (["delete"] if model in DELETABLE else [])
        expected |= {f"{app}.{action}_{name}" for action in actions}
    assert on_archive == expected
    on_merges = {codename for model, codename in granted if model == "drivers.merge"}
    assert on_merges == {"add_merge", "change_merge", "view_merge"}  # merge and undo; the log stays
    assert not {model for model, _ in granted if model.split(".")[0] in {"auth", "contenttypes", "sessions", "admin"}}


def signs_in(username: str, password: str):
    """The user these credentials sign in, as the admin's login form asks (throttling needs the request)."""
    return authenticate(RequestFactory().post(reverse("admin:login")), username=username, password=password)


def test_create_editor_makes_a_staff_editor_whose_printed_password_logs_in(client):
    output = create_editor()
    password = printed_password(output)
    assert len(password) >= 16
    user = signs_in("editor", password)
    assert user is not None and user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    signed_in = client.post(reverse("admin:login"), {"username": "editor", "password": password})
    assert signed_in.status_code == 302
    assert client.get(reverse("admin:results_session_add")).status_code == 200


def test_create_editor_leaves_an_existing_account_alone_without_reset_password():
    first = printed_password(create_editor())
    hash_before = get_user_model().objects.get(username="editor").password
    output = create_editor()
    assert "already exists; nothing was changed" in output
    assert "password:" not in output
    assert get_user_model().objects.get(username="editor").password == hash_before
    assert signs_in("editor", first) is not None


def test_reset_password_gives_a_new_generated_password_and_the_old_one_stops_working():
    old = printed_password(create_editor("--username", "ana"))
    new = printed_password(create_editor("--username", "ana", "--reset-password"))
    assert new != old
    assert signs_in("ana", old) is None
    assert signs_in("ana", new) is not None
    assert get_user_model().objects.filter(username="ana").count() == 1


def test_create_editor_asks_for_the_migrations_when_the_group_is_missing():
    Group.objects.filter(name="Editors").delete()
    with pytest.raises(CommandError, match="run `python manage.py migrate`"):
        create_editor()
    assert not get_user_model().objects.exists()
