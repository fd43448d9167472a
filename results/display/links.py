"""Links to the archive's pages as the site draws them: a name linked to its page, a driver
with their flag, a car's crew, a winning car.

The one place that draws them, for templates (through the racing tags) and tables alike.
"""

from django.utils.safestring import SafeString
from django_countries.fields import Country

from results.display.badges import country_code, flag
from results.display.html import escape, html
from results.display.words import subject_name


def link(obj, text=None, *, css_class: str = "") -> str:
    """`text` (the object's name by default) linked to `obj`'s page; the text alone when there is no object."""
    if obj is None:
        return escape(text)
    text = obj if text is None else text
    if css_class:
        return html('<a class="{}" href="{}">{}</a>', css_class, obj.get_absolute_url(), text)
    return html('<a href="{}">{}</a>', obj.get_absolute_url(), text)


def flagged_link(subject, text=None) -> str:
    """A subject's flag (a driver's nationality, a team's or a make's country) and its linked name;
    a country is its flag and its name."""
    if isinstance(subject, Country):
        return html("{}{}", flag(subject), subject.name)
    country = getattr(subject, "nationality", None) or getattr(subject, "country", None)
    return html("{}{}", flag(country), link(subject, subject_name(subject) if text is None else text))


def event_link(event) -> str:
    """An event as a ranking names it: its year, then its name that year, muted."""
    return link(event, html('{} <span class="muted">{}</span>', event.year, event.name))


def years_link(first, last) -> str:
    """The years of two events, the first to the last, each linked to its event: "1966–2003"."""
    if first.year == last.year:
        return link(first, first.year)
    return html("{}–{}", link(first, first.year), link(last, last.year))


def driver_link(driver):
    """A driver's flag and linked name."""
    flagged = flag(country_code(driver, "nationality"))
    return html('<span class="driver">{}{}</span>', flagged, link(driver, driver.full_name))


def crew(entry, leaving_out=None):
    """A car's crew in the entry's order, each with a flag and a link (the crew must be prefetched).

    `leaving_out` is a driver's id: on a driver's own page their cars list the co-drivers.
    """
    # Spaces between the items let a long crew wrap. Every piece is HTML drawn by driver_link().
    items = " ".join(
        f"<li>{driver_link(member.driver)}</li>" for member in entry.crew.all() if member.driver_id != leaving_out
    )
    return SafeString(f'<ul class="crew">{items}</ul>')


def winner(result):
    """A car as a winner is named: number, car, entrant and crew with flags (car, team and crew selected)."""
    entry = result.entry
    parts = []
    if entry.number:
        parts.append(f'<span class="car-number">#{escape(entry.number)}</span>')
    if entry.car:
        parts.append(link(entry.car, entry.car.full_name, css_class="car"))
    if entry.display_entrant:
        entrant = escape(entry.display_entrant) if entry.team is None else link(entry.team, entry.display_entrant)
        parts.append(f'<span class="entrant">{entrant}</span>')
    parts.append(crew(entry))
    return SafeString(" ".join(parts))  # every part escaped above or drawn by html()
