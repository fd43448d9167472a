"""An event page as other programs read it: schema.org SportsEvent JSON-LD for search engines,
and the Open Graph words a shared link is shown with ("2024 Petit Le Mans — won by #7
Porsche Penske Motorsport: Felipe Nasr, Matt Campbell").

Both are made from the page's own sessions and results (results.tables.classification's
EventPage), so they say what the page says and cost no query of their own.
"""

import json

from django.utils.safestring import SafeString

from results.display.html import html
from results.models import Event, Result

# What json.dumps leaves that would end a <script> element or start markup in it; the same
# escapes as Django's json_script, which writes type="application/json" only.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

EVENT_STATUS = {
    Event.Status.SCHEDULED: "https://schema.org/EventScheduled",
    Event.Status.CANCELLED: "https://schema.org/EventCancelled",
}


def json_ld(data: dict) -> SafeString:
    """`data` as the body of a <script type="application/ld+json">, safe whatever its text holds."""
    return SafeString(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))


def _car_name(result: Result) -> str:
    """ "#7 Porsche Penske Motorsport"."""
    entry = result.entry
    return f"#{entry.number} {entry.display_entrant}".strip() if entry.number else entry.display_entrant


def car_words(result: Result) -> str:
    """ "#7 Porsche Penske Motorsport (Felipe Nasr, Matt Campbell)"."""
    drivers = [str(member.driver) for member in result.entry.crew.all()]
    return _car_name(result) + (f" ({', '.join(drivers)})" if drivers else "")


def winners(page) -> list[tuple[str, Result]]:
    """The first race's winners: ("", overall winner) then (class name, class winner) of every
    other class, in the organiser's order: the class podiums the page itself shows."""
    if not page.races:
        return []
    race = page.races[0]
    overall = next((result for result in race.session.classification if result.position == 1), None)
    found = [("", overall)] if overall is not None else []
    for group in race.groups:
        leader = group.results[0] if group.results else None
        if group.car_class is not None and leader is not None and leader.class_position == 1 and leader != overall:
            found.append((group.car_class.name, leader))
    return found


def share_description(event: Event, page) -> str:
    """What a shared link says under the event's name: its winners, or where and when it is run."""
    won = winners(page)
    if not won:
        where = event.circuit.name if event.circuit_id else ""
        return f"{event}{', ' + where if where else ''}: the results, as the archive holds them."
    (_, overall), *classes = won
    said = f"Won by {car_words(overall)}."
    if classes:
        said += " " + "; ".join(f"{name}: {_car_name(result)}" for name, result in classes) + "."
    return said


def sports_event(event: Event, page, url: str) -> dict:
    """The event as schema.org's SportsEvent, with its cars as competitors in finishing order."""
    data = {
        "@context": "https://schema.org",
        "@type": "SportsEvent",
        "name": str(event),
        "url": url,
        "sport": "Motor racing",
        "eventStatus": EVENT_STATUS.get(event.status, "https://schema.org/EventScheduled"),
    }
    if event.start_date:
        data["startDate"] = event.start_date.isoformat()
    if event.end_date:
        data["endDate"] = event.end_date.isoformat()
    if event.circuit_id:
        place = {"@type": "Place", "name": event.circuit.name}
        if event.circuit.place or event.circuit.country:
            place["address"] = {
                "@type": "PostalAddress",
                **({"addressLocality": event.circuit.place} if event.circuit.place else {}),
                **({"addressCountry": event.circuit.country.code} if event.circuit.country else {}),
            }
        data["location"] = place
    if event.season_id:
        data["superEvent"] = {"@type": "SportsEvent", "name": str(event.season)}
    if page.races:
        # In finishing order, as the classification lists them; the description names the winners.
        data["competitor"] = [_competitor(result) for result in page.races[0].session.classification]
        data["description"] = share_description(event, page)
    return data


def _competitor(result: Result) -> dict:
    competitor = {"@type": "SportsTeam", "name": _car_name(result)}
    athletes = [{"@type": "Person", "name": str(member.driver)} for member in result.entry.crew.all()]
    if athletes:
        competitor["athlete"] = athletes
    return competitor


def winners_html(races) -> SafeString:
    """The winners of an event's races (stats.winners.RaceWinners) as a short HTML list, every
    name escaped: what a feed reader shows of an event."""
    if not races:
        return html("<p>{}</p>", "The archive does not know the winners of this event.")
    parts = []
    for race in races:
        if len(races) > 1:
            parts.append(html("<p><strong>{}</strong></p>", race.session.name))
        rows = [html("<li>Overall: {}</li>", car_words(race.overall))] if race.overall else []
        rows += [html("<li>{}: {}</li>", r.entry.car_class.name, car_words(r)) for r in race.other_class_winners]
        parts.append(SafeString("<ul>" + "".join(rows) + "</ul>"))
    return SafeString("".join(parts))
