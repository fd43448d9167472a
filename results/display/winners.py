"""An event's winners as its row in a table shows them: a line per winner, with its class and car."""

from dataclasses import dataclass

from results.display.badges import class_badge
from results.display.html import html, joined
from results.display.links import winner
from results.display.words import crew_names, subject_name
from results.models import Event
from results.stats import cache, histories


def winner_text(result) -> str:
    """A winner in words for the CSV: "#7 Porsche 963, Porsche Penske Motorsport (Felipe Nasr; Dane Cameron)"."""
    entry = result.entry
    car = " ".join(
        part
        for part in (f"#{entry.number}" if entry.number else "", subject_name(entry.car) if entry.car else "")
        if part
    )
    entrant = f", {entry.display_entrant}" if entry.display_entrant else ""
    return f"{car}{entrant} ({crew_names(entry)})"


@dataclass(frozen=True)
class WinnerCells:
    """An event's winners as its row shows them: HTML, cheap to keep in the cache."""

    overall: str
    classes: str  # the winners of the classes other than the overall winner's, in the organiser's order
    known: bool  # the archive knows a winner of the event


def winner_cells(event) -> WinnerCells:
    """`event`'s winner cells, drawn from its race_winners (results.stats.histories.with_winners)."""
    races = event.race_winners
    overall = _winner_lines(races, ((race, race.overall) for race in races if race.overall))
    missing = "Not held" if event.status == Event.Status.CANCELLED else "No results"
    return WinnerCells(
        overall=overall if races else html('<span class="muted">{}</span>', missing),
        classes=_winner_lines(races, ((race, result) for race in races for result in race.other_class_winners)),
        known=bool(races),
    )


def _winner_lines(races, winners) -> str:
    """A line per winner: its class and car, and the race's name when the event had more than one."""
    several = len(races) > 1
    return joined(
        html(
            '<div class="winner-cell">{}{} {}</div>',
            html('<span class="session-name">{}</span> ', race.session.name) if several else "",
            class_badge(result.entry.car_class),
            winner(result),
        )
        for race, result in winners
    )


def with_kept_winner_cells(history, shown, *, car_class=None) -> list:
    """`shown` (events of `history`, the race, circuit or season whose page shows them) with
    `event.winner_cells` set, drawn once until a write touches `history` (which every write
    to one of its events touches).

    A long history's winners are thousands of objects to read and draw, so only the events
    shown are drawn, and kept as shown (a page of a circuit's events, a race's editions).
    """
    shown = list(shown)

    def draw():
        return {event.pk: winner_cells(event) for event in histories.with_winners(shown, car_class=car_class)}

    name = f"{history._meta.model_name}-winners"
    key = f"{history.pk}/{car_class.pk if car_class else None}/{','.join(str(event.pk) for event in shown)}"
    cells = cache.kept(name, key, [cache.subject(history)], draw)
    for event in shown:
        event.winner_cells = cells[event.pk]
    return shown


def latest_known(events: list):
    """The newest of `events` (newest first, with their winner_cells) whose winners are known: what "as of" names."""
    return next((event for event in events if event.winner_cells.known), None)
