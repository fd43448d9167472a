from results.models.articles import Article
from results.models.calendar import CarClass, Circuit, Event, Race, Season, Series
from results.models.credits import Credit, Credited
from results.models.imports import SessionImport
from results.models.laps import CautionPeriod, Lap, LapFile, MinimumDriveTime, Stint, WeatherReading
from results.models.lookups import AnyOf
from results.models.points import Championship, ChampionshipEvent, PointsScale, PointsScaleValue
from results.models.sessions import Entry, EntryDriver, Result, Session
from results.models.standings import ChampionshipPlace

__all__ = [
    "Article",
    "AnyOf",
    "CautionPeriod",
    "CarClass",
    "Championship",
    "ChampionshipEvent",
    "ChampionshipPlace",
    "Circuit",
    "Credit",
    "Credited",
    "Entry",
    "EntryDriver",
    "Event",
    "Lap",
    "LapFile",
    "MinimumDriveTime",
    "PointsScale",
    "PointsScaleValue",
    "Race",
    "Result",
    "Season",
    "Series",
    "Session",
    "SessionImport",
    "Stint",
    "WeatherReading",
]
