"""Template vocabulary of a results page: times, gaps, class badges, flags, dates, Markdown."""

from functools import lru_cache

import markdown as markdown_lib
import nh3
from django import template
from django.template.defaultfilters import pluralize
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils import dateformat
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django_countries.fields import Country

from results import durations, presentation

register = template.Library()

# Markdown's own extras that an editor's report may use; raw HTML is left to nh3 to clean.
MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "smarty"]


@register.filter
def race_time(ms):
    """Whole milliseconds as a race time: 86304723 -> "23:58:24.723"."""
    return durations.format_time(ms)


@register.filter
def best_time(result):
    """A car's best time in qualifying or practice: "1:35.605"."""
    return durations.format_time(presentation.best_time_ms(result))


@register.filter
def time_or_gap(result):
    """The leader's total time, or the gap of any other car: "+7.123", "+1 Lap"."""
    return presentation.time_or_gap(result)


@register.filter
def line_change(result):
    """How an official classification differs from the order at the line, or ""."""
    return presentation.line_change(result)


@register.filter
def markdown(text):
    """An editor's Markdown as HTML, sanitised: scripts, handlers and styles never reach the page."""
    html = markdown_lib.markdown(text or "", extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return mark_safe(nh3.clean(html))  # safe: nh3 has just cleaned it


@register.filter
def session_start(session):
    """The start in the circuit's time with its zone ("Sat 27 Jan 2024, 13:40 EST"), or the day alone."""
    local = session.local_start
    if local is None:
        return ""
    if not session.start_time_known:
        return dateformat.format(local, "D j M Y")
    return dateformat.format(local, "D j M Y, H:i ") + local.tzname()


@register.filter
def scheduled_length(duration):
    """A session's scheduled length as the sport says it: "24 Hours", "2 Hours 40 Minutes", "45 Minutes"."""
    if not duration:
        return ""
    minutes = int(duration.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    parts = [(hours, "Hour"), (minutes, "Minute")]
    return " ".join(f"{count} {unit}{pluralize(count)}" for count, unit in parts if count)


@register.filter
def date_range(event):
    """An event's dates as people write them: "25–28 Jan 2024", "30 Aug – 1 Sep 2024"."""
    start, end = event.start_date, event.end_date or event.start_date
    if start is None:
        return ""
    if start == end:
        return dateformat.format(start, "j M Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{dateformat.format(end, 'j M Y')}"
    if start.year == end.year:
        return f"{dateformat.format(start, 'j M')} – {dateformat.format(end, 'j M Y')}"
    return f"{dateformat.format(start, 'j M Y')} – {dateformat.format(end, 'j M Y')}"


@register.simple_tag
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
        presentation.text_colour_on(colour),
        name,
    )


@register.simple_tag
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


# A race weekend's page draws each driver once per session, and the archive's pages draw
# the same drivers, teams and cars again and again: their links are drawn once and
# remembered, under a key holding everything a link shows, so an edit shows at once.
LINKS_KEPT = 50_000
_LINKS: dict[tuple, str] = {}


def _remembered(key: tuple, draw) -> str:
    key = (*key, get_language(), get_script_prefix())
    html = _LINKS.get(key)
    if html is None:
        if len(_LINKS) >= LINKS_KEPT:
            _LINKS.clear()
        html = _LINKS[key] = draw()
    return html


def _remembered_link(obj, text: str, css_class: str = "") -> str:
    def draw():
        if css_class:
            return format_html('<a class="{}" href="{}">{}</a>', css_class, obj.get_absolute_url(), text)
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), text)

    return _remembered((type(obj), obj.pk, obj.slug, text, css_class), draw)


def link(obj, text: str) -> str:
    """`text` linked to `obj`'s page; the text alone when there is no object."""
    return text if obj is None else _remembered_link(obj, text)


@register.simple_tag
def driver_link(driver):
    """A driver's flag and linked name."""
    return _remembered(
        (type(driver), driver.pk, driver.slug, driver.full_name, driver.nationality.code),
        lambda: format_html(
            '<span class="driver">{}{}</span>', flag(driver.nationality), link(driver, driver.full_name)
        ),
    )


@register.simple_tag
def crew(entry, leaving_out=None):
    """A car's crew in the entry's order, each with a flag and a link (the crew must be prefetched).

    `leaving_out` is a driver's id: on a driver's own page their cars list the co-drivers.
    """
    # Spaces between the items let a long crew wrap. Every piece is HTML drawn by driver_link().
    items = " ".join(
        f"<li>{driver_link(member.driver)}</li>" for member in entry.crew.all() if member.driver_id != leaving_out
    )
    return mark_safe(f'<ul class="crew">{items}</ul>')  # noqa: S308 -- made of driver_link()'s escaped HTML


@register.simple_tag
def winner(result):
    """A car as a winner is named: number, car, entrant and crew with flags (car, team and crew selected)."""
    entry = result.entry
    parts = []
    if entry.number:
        parts.append(f'<span class="car-number">#{escape(entry.number)}</span>')
    if entry.car:
        parts.append(_remembered_link(entry.car, entry.car.full_name, "car"))
    if entry.display_entrant:
        entrant = escape(entry.display_entrant) if entry.team is None else link(entry.team, entry.display_entrant)
        parts.append(f'<span class="entrant">{entrant}</span>')
    parts.append(crew(entry))
    return mark_safe(" ".join(parts))  # noqa: S308 -- every part escaped above or drawn by format_html
