"""The race page assembled: an event's sessions sorted into races, qualifying and the rest,
each with its table and its podiums or poles.

Built from sessions fetched by `Session.objects.for_event_page()`; adds no queries.
"""

from dataclasses import dataclass, field

from django_tables2.export import TableExport

from results.models import Event, Session
from results.stats.classification import ClassGroup, by_class, classification_order
from results.tables import ClassificationTable, TimedSessionTable

# Formats tablib writes with no optional dependency; anything else asked for is ignored.
EXPORT_FORMATS = ("csv",)


@dataclass(frozen=True)
class SessionSheet:
    """One session on the page: its classification table and the cars it puts first per class."""

    session: Session
    table: ClassificationTable
    groups: list[ClassGroup] = field(default_factory=list)  # podiums of a race, poles of a qualifying

    def export(self, export_format: str, *, event: Event):
        """The classification as a downloadable file, named for the event and the session."""
        exporter = TableExport(export_format, self.table, dataset_kwargs={"title": self.session.name})
        return exporter.response(filename=f"{event.year}-{event.slug}-{self.session.slug}.{export_format}")


@dataclass(frozen=True)
class EventPage:
    event: Event
    sessions: list[Session]
    races: list[SessionSheet]
    qualifying: list[SessionSheet]
    others: list[SessionSheet]

    def sheet(self, slug: str) -> SessionSheet | None:
        return next((sheet for sheet in self.sheets if sheet.session.slug == slug), None)

    @property
    def sheets(self) -> list[SessionSheet]:
        return [*self.races, *self.qualifying, *self.others]

    @property
    def has_results(self) -> bool:
        return any(sheet.session.classification for sheet in self.sheets)


def build(event: Event, sessions: list[Session]) -> EventPage:
    """Sort the sessions for the page; the first race's rows carry the cars' anchors (#car-7)."""
    races, qualifying, others = [], [], []
    for session in sessions:
        results = session.classification = classification_order(session.classification)
        if session.kind == Session.Kind.RACE:
            table = ClassificationTable(results, anchor_rows=not races)
            races.append(SessionSheet(session, table, by_class(results, up_to=3)))
        elif session.kind == Session.Kind.QUALIFYING:
            qualifying.append(SessionSheet(session, TimedSessionTable(results), by_class(results, up_to=1)))
        else:
            others.append(SessionSheet(session, TimedSessionTable(results)))
    return EventPage(event=event, sessions=sessions, races=races, qualifying=qualifying, others=others)
