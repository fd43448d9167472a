"""Class badges and country flags: a class's name on its colour, a country's small flag."""

from functools import lru_cache

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import get_language
from django_countries.fields import Country


def class_badge(car_class):
    """A class's name on its colour, with a text colour that stays readable on it."""
    if car_class is None:
        return ""
    return _badge(car_class.colour, car_class.name)


@lru_cache(maxsize=1024)
def _badge(colour: str, name: str) -> str:
    # A history page shows a badge per winner, hundreds of a few dozen classes.
    return format_html(
        '<span class="class-badge" style="--badge: {}; --badge-text: {}">{}</span>',
        colour,
        text_colour_on(colour),
        name,
    )


def flag(country):
    """A small flag for a django-countries Country, named for screen readers; "" when unknown."""
    if not country:
        return ""
    return _flag(country.code, get_language())


@lru_cache(maxsize=1024)
def _flag(code: str, language: str) -> str:
    # A crowded results page shows hundreds of flags of a few dozen countries: the static
    # URL and the translated country name are worked out once per country and language.
    return format_html(
        '<img class="flag" src="{}" alt="{}" title="{}" width="16" height="11">',
        static(f"flags/{code.lower()}.gif"),
        code,
        Country(code).name,
    )


def text_colour_on(hex_colour: str) -> str:
    """Black or white, whichever reads better on a badge of `hex_colour` (#rrggbb)."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    # The luminance where black and white text have equal contrast (WCAG formula).
    return "#000" if luminance > 0.179 else "#fff"
