"""An object's page path is worked out from the URL's shape, and must be what reverse() gives."""

from urllib.parse import quote

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from drivers import paths
from drivers.paths import page_path


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("results:driver", {"slug": "kevin-estre"}),
        ("results:team", {"slug": "porsche-penske-motorsport_2"}),
        ("results:season", {"series": "imsa", "year": 2024}),
        ("results:event", {"series": "wec", "year": 1966, "event": "24-hours-of-le-mans"}),
        ("results:race_edition", {"race": "24-hours-of-daytona", "year": 1984}),
    ],
)
def test_a_page_path_is_the_path_reverse_gives(name, kwargs):
    assert page_path(name, **kwargs) == reverse(name, kwargs=kwargs)


def test_a_page_path_follows_the_script_prefix_the_site_is_served_under():
    try:
        set_script_prefix("/archive/")
        assert page_path("results:driver", slug="kevin-estre") == "/archive/drivers/kevin-estre/"
    finally:
        set_script_prefix("/")
    assert page_path("results:driver", slug="kevin-estre") == "/drivers/kevin-estre/"


def test_a_value_the_pattern_refuses_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch, match="Reverse for 'driver'"):
        page_path("results:driver", slug="")


def test_a_value_is_quoted_as_reverse_quotes_it_and_a_plain_slug_left_as_it_is():
    for value in ("kevin-estre", "a_b.c~d", "2024", "é à", "x y/z?", "100%", "a#b"):
        assert paths._quoted(value) == quote(value, safe=paths.SAFE), value
    assert paths._quoted("kevin-estre") == "kevin-estre"
