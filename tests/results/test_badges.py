"""Flags as results pages draw them: named for screen readers, from a driver's stored nationality."""

import pytest
from django.conf import settings

from drivers.models import Driver
from results.display.badges import country_code, flag
from results.display.links import driver_link
from tests.factories import DriverFactory, EntryDriverFactory, ResultFactory, SessionFactory


def test_a_flag_names_its_country_and_an_unknown_country_has_none():
    drawn = flag("DE")

    assert 'src="/static/flags/de.gif"' in drawn
    assert 'alt="DE"' in drawn and 'title="Germany"' in drawn
    assert flag("") == "" and flag(None) == ""


def test_the_site_speaks_one_language_so_a_flag_is_drawn_once_per_country():
    # badges.flag keeps each country's flag by its code alone. A middleware choosing the
    # language per request would make a page show another language's country names.
    assert not any("LocaleMiddleware" in middleware for middleware in settings.MIDDLEWARE)


@pytest.mark.django_db
def test_a_driver_is_drawn_with_the_flag_of_the_nationality_held():
    driver = DriverFactory(given_name="Sébastien", family_name="Bourdais", nationality="FR")
    no_nationality = DriverFactory(nationality="")

    assert 'title="France"' in driver_link(driver)
    assert '<img class="flag"' not in driver_link(no_nationality)
    deferred = Driver.objects.only("slug").get(pk=driver.pk)  # the nationality read when asked for
    assert country_code(deferred, "nationality") == "FR"


@pytest.mark.django_db
def test_a_race_page_shows_each_drivers_flag(client):
    member = EntryDriverFactory(driver__nationality="NZ", entry__number="9")

    session = SessionFactory(event=member.entry.event, kind="race")
    ResultFactory(session=session, entry=member.entry, position=1)

    html = client.get(member.entry.event.get_absolute_url()).content.decode()

    assert 'src="/static/flags/nz.gif" alt="NZ" title="New Zealand"' in html
