"""Class badges and country flags: a class's name on its colour, a country's small flag."""

from django.templatetags.static import static
from django_countries.fields import Country

from results.display.html import html


def class_badge(car_class):
    """A class's name on its colour, with a text colour that stays readable on it."""
    if car_class is None:
        return ""
    return html(
        '<span class="class-badge" style="--badge: {}; --badge-text: {}">{}</span>',
        car_class.colour,
        text_colour_on(car_class.colour),
        car_class.name,
    )


def flag(country):
    """A small flag for a django-countries Country or its code, named for screen readers; "" when unknown."""
    code = getattr(country, "code", country)
    if not code:
        return ""
    drawn = _FLAGS.get(code)
    if drawn is None:
        drawn = _FLAGS[code] = html(
            '<img class="flag" src="{}" alt="{}" title="{}" width="16" height="11">',
            static(f"flags/{code.lower()}.gif"),
            code,
            Country(code).name,
        )
    return drawn


# A crowded results page shows hundreds of flags of a few dozen countries. A flag depends
# only on the country's code and the release's static files, never on the archive's data,
# so each is drawn once per process. Its name is in the site's one language: no middleware
# picks another per request (tests/results/test_badges.py holds that), and asking which is
# active costs as much as drawing the flag.
_FLAGS: dict[str, str] = {}


def country_code(obj, field: str) -> str:
    """The code a CountryField `field` of `obj` holds ("" for none), without the Country object
    that reading the field builds each time: a race page reads hundreds of nationalities.
    django-countries keeps the stored code in the instance's __dict__, where Django keeps a
    field's value; a deferred field is read through the field."""
    stored = obj.__dict__.get(field)
    return getattr(obj, field).code if stored is None else stored


def text_colour_on(hex_colour: str) -> str:
    """Black or white, whichever reads better on a badge of `hex_colour` (#rrggbb)."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    # The luminance where black and white text have equal contrast (WCAG formula).
    return "#000" if luminance > 0.179 else "#fff"
