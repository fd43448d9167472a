"""The writer's bulk paths the timing files need: many new names saved at once, still each unique."""

import pytest

from drivers.models import Driver, Manufacturer, Team
from results.importers.matching import team_key
from results.importers.timing import import_timing
from tests.factories import DriverFactory, TeamFactory
from tests.results.test_timing_support import (
    csv_bytes,
    imsa_car,
    imsa_event,
    imsa_header,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "held"),
    [
        ("Porsche Penske Motorsports", "Porsche Penske Motorsport"),
        ("VasserSullivan", "Vasser Sullivan"),
        ("Heart of Racing Team", "Heart of Racing"),
        ("Inter Europol  by PR1 Mathiasen Motorsports", "Inter Europol by PR1 Mathiasen Motorsports"),
        ("Af Corse", "AF Corse"),
    ],
)
def test_a_teams_name_variants_share_one_key(written, held):
    assert team_key(written) == team_key(held)


def test_different_teams_keep_different_keys():
    assert team_key("Iron Lynx") != team_key("Lamborghini Iron Lynx")
    assert team_key("AO Racing") != team_key("AWA")


def test_new_drivers_teams_and_makes_saved_together_get_unique_slugs():
    event = imsa_event()
    DriverFactory(given_name="Jean", family_name="Dupont", slug="jean-dupont")
    TeamFactory(name="Racing", slug="racing-team")
    crew_a = (("Jean", "Dupont", "FRA", "Gold"), ("Jean-Paul", "Dupont", "FRA", "Gold"))
    crew_b = (("Jean Paul", "Dupont", "FRA", "Silver"),)
    data = csv_bytes(
        imsa_header(2),
        [
            imsa_car(1, "1", "GTP", "Racing Team", "Ginetta G61", crew_a),
            imsa_car(2, "2", "GTP", "Racing-Team", "Ginetta G61", crew_b, gap="+1.000"),
        ],
    )

    import_timing(data=data, file_name="r.csv", event=event, session_name="Race")

    slugs = sorted(Driver.objects.values_list("slug", flat=True))
    assert slugs == ["jean-dupont", "jean-paul-dupont", "jean-paul-dupont-2"]
    # "Racing Team" is the Racing held; "Racing-Team" is new, and its slug steps past the held one.
    assert sorted(Team.objects.values_list("name", "slug")) == [
        ("Racing", "racing-team"),
        ("Racing-Team", "racing-team-2"),
    ]
    assert list(Manufacturer.objects.values_list("name", "slug")) == [("Ginetta", "ginetta")]
    assert Driver.objects.get(slug="jean-paul-dupont").search_key == "jean-paul dupont"


def test_a_new_driver_with_the_family_name_of_one_held_alone_is_a_warning_not_a_guess():
    held = DriverFactory(given_name="", family_name="Goikhberg")
    data = csv_bytes(
        imsa_header(1),
        [imsa_car(1, "78", "GTP", "Forte Racing", "Lamborghini SC63", (("Misha", "Goikhberg", "CAN", "Silver"),))],
    )

    outcome = import_timing(data=data, file_name="r.csv", event=imsa_event(), session_name="Race")

    assert Driver.objects.filter(family_name="Goikhberg").count() == 2 and Driver.objects.filter(pk=held.pk).exists()
    assert (
        "Misha Goikhberg is new, and the archive holds a driver known only as “Goikhberg”" in outcome.report.warnings[0]
    )
