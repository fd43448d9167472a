"""Links to the archive's pages as the site draws them: a name linked to its page, a driver
with their flag, a car's crew, a winning car.

The one place that draws them, for templates (through the racing tags) and tables alike.
"""

from django.urls import get_script_prefix
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from results.display.badges import flag

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


def driver_link(driver):
    """A driver's flag and linked name."""
    return _remembered(
        (type(driver), driver.pk, driver.slug, driver.full_name, driver.nationality.code),
        lambda: format_html(
            '<span class="driver">{}{}</span>', flag(driver.nationality), link(driver, driver.full_name)
        ),
    )


def crew(entry, leaving_out=None):
    """A car's crew in the entry's order, each with a flag and a link (the crew must be prefetched).

    `leaving_out` is a driver's id: on a driver's own page their cars list the co-drivers.
    """
    # Spaces between the items let a long crew wrap. Every piece is HTML drawn by driver_link().
    items = " ".join(
        f"<li>{driver_link(member.driver)}</li>" for member in entry.crew.all() if member.driver_id != leaving_out
    )
    return mark_safe(f'<ul class="crew">{items}</ul>')  # noqa: S308 -- made of driver_link()'s escaped HTML


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
