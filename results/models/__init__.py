from results.models.articles import Article
from results.models.calendar import CarClass, Circuit, Event, Race, Season, Series
from results.models.sessions import Entry, EntryDriver, Result, Session

__all__ = [
    "Article",
    "CarClass",
    "Circuit",
    "Entry",
    "EntryDriver",
    "Event",
    "Race",
    "Result",
    "Season",
    "Series",
    "Session",
]
