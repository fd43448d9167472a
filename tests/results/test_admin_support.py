"""Helpers of the admin tests: an editor's login and the form a browser would send back.

Its name makes it the admin tests' own file; it holds no tests itself.
"""

import re
from html.parser import HTMLParser

from django.contrib.auth.models import Group
from django.utils.html import escape

from tests.factories import UserFactory


def log_in_editor(client, username="ed"):
    """Log `client` in as a staff user whose only rights come from the Editors group."""
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


class _FormReader(HTMLParser):
    """Collects what a browser would submit from the form with id `form_id`."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields: dict[str, list[str]] = {}
        self.select = None
        self.textarea = None
        self.text = ""

    def add(self, name, value):
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs or not (attrs.get("name") or tag == "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "button", "file", "image"}:
                self.add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea, self.text = attrs["name"], ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # A browser drops the one newline that follows <textarea>.
            self.add(self.textarea, self.text.removeprefix("\n"))
            self.textarea = None


def form_data(response, form_id: str) -> dict:
    """The values of the admin form on the page `response`, as a browser would post them."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    assert reader.fields, f"no form #{form_id} on the page"
    return {name: values if len(values) > 1 else values[0] for name, values in reader.fields.items()}


def errors_on_page(response) -> list[str]:
    """Every error message of the admin form page `response`: the object's, then its inlines'."""
    assert response.status_code == 200, f"the form was not shown again but answered {response.status_code}"
    context = response.context
    messages = [str(e) for field_errors in context["adminform"].form.errors.values() for e in field_errors]
    for formset in context["inline_admin_formsets"]:
        messages += [str(e) for e in formset.formset.non_form_errors()]
        for form_errors in formset.formset.errors:
            messages += [str(e) for field_errors in form_errors.values() for e in field_errors]
    return messages


def input_tag(response, name: str) -> str:
    """The <input> named `name` on the page, as written."""
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', response.content.decode())
    assert match, f"no input {name} on the page"
    return match.group(0)


def derived_value(response, name: str) -> str | None:
    """The text a derived, read-only field `name` shows on the page, or None if it is an input."""
    pattern = rf'<span class="readonly derived" id="id_{re.escape(name)}">([^<]*)</span>'
    match = re.search(pattern, response.content.decode())
    return match and match.group(1)


def column_texts(response, field: str) -> list[str]:
    """The texts of a read-only column `field` of a tabular inline, row by row."""
    return re.findall(rf'<td class="field-{field}">\s*<p>([^<]*)</p>', response.content.decode())


def assert_shows_error(response, message: str) -> None:
    """`message` is one of the page's form errors, and it is written on the page."""
    assert message in errors_on_page(response)
    assert escape(message) in response.content.decode()
