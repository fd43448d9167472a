"""What a write touches: the subjects (results.stats.cache) whose pages and counts it changes.

A write inside an event (a result, a session, an entry, a crew, a report, the event
itself) touches the event, its race, season, series and circuit, every driver, team,
chassis and engine make and car entered in it, and what every write touches (the
records, the home page, the indexes). A change to a name (a driver, a team, a car, a
race...) touches its own subject and every event it appears in, since those pages show
the name. Subjects are taken before the write as well as after, so a driver taken out
of a crew loses the result from their page too. A write that re-ranks a season's
standings touches the drivers whose place it changes (results.stats.standings.places),
raced in the event written or not.

Saves and deletes through the ORM (the admin, the shell, a data migration) are followed
by Django's signals, connected in `connect()`. The write services that write in bulk
(results.importers.writer) call `writing_events()` themselves. Nothing is touched until
the transaction commits, and nothing if it rolls back: the cache is never told of data
that never was.
"""

import threading

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from drivers.models import Car, Driver, Manufacturer, Team
from results.models import (
    Article,
    CarClass,
    Championship,
    ChampionshipEvent,
    Circuit,
    Entry,
    EntryDriver,
    Event,
    MinimumDriveTime,
    PointsScale,
    PointsScaleValue,
    Race,
    Result,
    Season,
    Series,
    Session,
)
from results.stats import cache

# Events asked about at once: SQLite takes at most 32,766 parameters in a query.
CHUNK = 5000


def event_subjects(event_ids) -> set[str]:
    """The subjects of the events with `event_ids` as the archive holds them now; two queries per CHUNK."""
    event_ids = sorted(event_ids)
    found = set()
    for start in range(0, len(event_ids), CHUNK):
        chunk = event_ids[start : start + CHUNK]
        places = Event.objects.filter(pk__in=chunk).values_list(
            "pk", "race_id", "season_id", "season__series_id", "circuit_id"
        )
        for place in places:
            found |= _own_subjects(*place)
        found |= _entered(chunk)
    return {name for name in found if not name.endswith(":None")}


def subjects_of_event(event: Event) -> list[str]:
    """What `event`'s page shows (with its season): the event, its race, season, series and circuit.

    Not its drivers, teams, makes and cars: a change to one of their names touches the
    event itself, and its milestones count only within its race and series, which every
    write to one of their events touches. So a page is checked against five versions,
    not the hundreds of a 60-car field.
    """
    series = event.season.series_id if event.season_id else None
    own = _own_subjects(event.pk, event.race_id, event.season_id, series, event.circuit_id)
    return sorted(name for name in own if not name.endswith(":None"))


def _own_subjects(event, race, season, series, circuit) -> set[str]:
    return {f"event:{event}", f"race:{race}", f"season:{season}", f"series:{series}", f"circuit:{circuit}"}


def _entered(event_ids: list[int]) -> set[str]:
    """The drivers, teams, makes and cars entered in the events."""
    found = set()
    for team, car, make, engine, driver in (
        Entry.objects.filter(event__in=event_ids)
        .values_list("team_id", "car_id", "car__manufacturer_id", "car__engine_manufacturer_id", "crew__driver_id")
        .distinct()
    ):
        found |= {f"team:{team}", f"car:{car}", f"manufacturer:{make}", f"manufacturer:{engine}", f"driver:{driver}"}
    return found


class _Pending(threading.local):
    """What the open transaction of this thread has touched so far, to be told at its commit."""

    def __init__(self):
        self.events: set[int] = set()
        self.subjects: set[str] = set(cache.EVERY_WRITE)
        self.event_of_session: dict[int, int] = {}  # a session's event, asked once per transaction


_pending = _Pending()


def _flush() -> None:
    events, names = _pending.events, _pending.subjects
    _pending.__init__()
    if events:
        names |= event_subjects(events)
    cache.touch(sorted(names))


def _note(events=(), names=(), *, before: bool) -> None:
    """Note what a write touches; after the write, tell the cache once the transaction commits.

    Before a write the subjects of its events are taken as they are, since the write may
    take some of them out; after it they are taken at the commit.
    """
    cache.mark_writing()
    if isinstance(events, QuerySet):
        events = list(events.values_list("pk", flat=True))
    new = set(events) - _pending.events
    if before and new:
        _pending.subjects |= event_subjects(new)
    _pending.events |= new
    _pending.subjects |= set(names)
    if not before:
        # Every time, not once: a callback registered inside a savepoint that rolls back is dropped.
        transaction.on_commit(_flush)


def writing_events(events) -> None:
    """Called by a write service before it writes into `events` in bulk (inside its transaction)."""
    keys = [event.pk for event in events]
    _note(keys, before=True)
    _note(keys, before=False)


def touched_events(events) -> None:
    """Called after a bulk write (a queryset update) into `events`, a queryset or ids."""
    _note(events, before=False)


def touched(names) -> None:
    """Called by a write service that changes what subjects (`names`) show beyond the events it writes."""
    _note(names=set(names), before=False)


# What a save or delete of each model touches: events (a queryset) and subjects of its own.
def _in_event(instance) -> tuple:
    return [instance.event_id] if instance.event_id is not None else [], ()


def _named(events: Q):
    return lambda instance: (Event.objects.filter(events(instance)), (cache.subject(instance),))


def _session_event(session_id) -> list[int]:
    return list(Session.objects.filter(pk=session_id).values_list("event_id", flat=True))


def _season(instance) -> tuple:
    return Event.objects.filter(season_id=instance.season_id), (f"season:{instance.season_id}",)


def _result(instance) -> tuple:
    known = _pending.event_of_session
    if instance.session_id not in known:
        events = Session.objects.filter(pk=instance.session_id).values_list("event_id", flat=True)
        known[instance.session_id] = events.first()
    event = known[instance.session_id]
    return ([event] if event is not None else []), ()


def _crew_member(instance) -> tuple:
    return Event.objects.filter(entries=instance.entry_id), (f"driver:{instance.driver_id}",)


def _car(instance) -> tuple:
    makes = (f"manufacturer:{instance.manufacturer_id}", f"manufacturer:{instance.engine_manufacturer_id}")
    return Event.objects.filter(entries__car=instance.pk), (cache.subject(instance), *makes)


def _scale(instance) -> tuple:
    scale_id = instance.pk if isinstance(instance, PointsScale) else instance.scale_id
    seasons = Championship.objects.scoring_by(scale_id).values_list("season_id", flat=True).distinct()
    # The seasons themselves too: a season with no event yet shows its rules.
    return Event.objects.filter(season__in=seasons), tuple(f"season:{pk}" for pk in seasons)


TOUCHES = {
    Event: lambda event: ([event.pk], ()),
    Session: _in_event,
    Entry: _in_event,
    Article: _in_event,
    Result: _result,
    EntryDriver: _crew_member,
    Driver: _named(lambda driver: Q(entries__crew__driver=driver.pk)),
    Team: _named(lambda team: Q(entries__team=team.pk)),
    Manufacturer: _named(
        lambda make: Q(entries__car__manufacturer=make.pk) | Q(entries__car__engine_manufacturer=make.pk)
    ),
    Car: _car,
    Circuit: _named(lambda circuit: Q(circuit=circuit.pk) | Q(race__circuit=circuit.pk)),
    Race: _named(lambda race: Q(race=race.pk)),
    Season: _named(lambda season: Q(season=season.pk)),
    Series: _named(lambda series: Q(season__series=series.pk)),
    CarClass: lambda car_class: (
        Event.objects.filter(entries__car_class=car_class.pk),
        (f"series:{car_class.series_id}",),
    ),
    Championship: _season,
    ChampionshipEvent: _in_event,
    PointsScale: _scale,
    PointsScaleValue: _scale,
    MinimumDriveTime: lambda rule: (_session_event(rule.session_id), ()),
}


def _saved_or_deleted(sender, instance, *, before: bool, **kwargs) -> None:
    if kwargs.get("raw") or instance.pk is None:
        return  # loaddata writes rows as they are; an unsaved object touches nothing yet
    events, names = TOUCHES[sender](instance)
    if isinstance(events, QuerySet):
        # Nothing refers to a row just created: an import creating 200 events, their
        # season and sessions asked for the events of each and found none.
        events = [] if kwargs.get("created") else events.distinct()
    _note(events, names, before=before)


def _before(sender, instance, **kwargs):
    _saved_or_deleted(sender, instance, before=True, **kwargs)


def _after(sender, instance, **kwargs):
    _saved_or_deleted(sender, instance, before=False, **kwargs)


def _m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and type(instance) in TOUCHES:
        _after(type(instance), instance)


def connect() -> None:
    """Follow every save and delete of what the pages show; called once, from the app's ready()."""
    for model in TOUCHES:
        uid = f"results.invalidation.{model._meta.label}"
        pre_save.connect(_before, sender=model, dispatch_uid=f"{uid}.pre_save")
        pre_delete.connect(_before, sender=model, dispatch_uid=f"{uid}.pre_delete")
        post_save.connect(_after, sender=model, dispatch_uid=f"{uid}.post_save")
        post_delete.connect(_after, sender=model, dispatch_uid=f"{uid}.post_delete")
    for through in (Session.classes.through, Championship.classes.through):
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"results.invalidation.{through._meta.label}")
