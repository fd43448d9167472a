"""Names fold to one search key whatever their accents: letters are transliterated, never dropped."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from drivers.models import Driver, Team
from drivers.naming import fold
from results.models import Circuit
from tests.factories import CircuitFactory, DriverFactory, TeamFactory
from tests.page_text import text_of

pytestmark = pytest.mark.django_db

LETTERS_OF_THEIR_OWN = [
    ("Łukasz", "Kędzierski", "Lukasz Kedzierski"),
    ("Mikkel", "Kærsgaard", "Mikkel Kaersgaard"),
    ("Đorđe", "Jovanović", "Dorde Jovanovic"),
    ("Søren", "Strøm", "Soren Strom"),
]


@pytest.mark.parametrize(("given", "family", "typed"), LETTERS_OF_THEIR_OWN)
def test_a_name_with_letters_of_their_own_is_found_typed_in_plain_letters(client, given, family, typed):
    DriverFactory(given_name=given, family_name=family)
    DriverFactory(given_name="Kévin", family_name="Estre")
    page = text_of(client.get(reverse("search"), {"q": typed}).content.decode())
    assert f"{given} {family}" in page
    assert "Estre" not in page


def test_the_migration_folds_again_the_keys_an_older_fold_left_short(client):
    lukasz = DriverFactory(given_name="Łukasz", family_name="Kærsgaard")
    team = TeamFactory(name="Đorđe Racing")
    circuit = CircuitFactory(name="Tor Łódź", place="Łódź")
    slugs = (lukasz.slug, team.slug, circuit.slug)
    # The keys the old fold wrote: the letters without a decomposition were dropped.
    Driver.objects.filter(pk=lukasz.pk).update(search_key="ukasz krsgaard")
    Team.objects.filter(pk=team.pk).update(search_key="ore racing")
    Circuit.objects.filter(pk=circuit.pk).update(search_key="tor odz odz")

    importlib.import_module("drivers.migrations.0002_search_keys_transliterated").refold_all(apps, None)
    importlib.import_module("results.migrations.0014_search_keys_transliterated").refold_all(apps, None)

    assert Driver.objects.get(pk=lukasz.pk).search_key == "lukasz kaersgaard"
    assert Team.objects.get(pk=team.pk).search_key == "dorde racing"
    assert Circuit.objects.get(pk=circuit.pk).search_key == "tor lodz lodz"
    assert list(Driver.objects.matching("Lukasz Kaersgaard")) == [lukasz]
    assert (Driver.objects.get().slug, Team.objects.get().slug, Circuit.objects.get().slug) == slugs


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Łukasz Kærsgaard", "lukasz kaersgaard"),
        ("Đorđe", "dorde"),
        ("Straße", "strasse"),
        ("Васильев", "vasilev"),  # the soft sign is a letter anyascii writes as a quote
        ("Hawaiʻi", "hawaii"),  # so is the ʻokina
        ("  KÉVIN\u00a0 Estre ", "kevin estre"),
        ("O’Connell ★ —", "oconnell"),  # signs are left out, as before
    ],
)
def test_fold_transliterates_letters_and_leaves_out_signs(written, key):
    assert fold(written) == key
