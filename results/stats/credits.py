"""The credits table (results.models.Credit) kept with the results it follows.

What a subject is credited with in a session follows from the results of its event by
the counting rules (records.rules): a pole needs the event's other qualifying sessions,
so the unit of a recount is an event. `recount_events()` replaces an event's rows with a
fresh count in a few INSERT ... SELECT statements, whatever its size, inside the
caller's transaction: results and credits commit together or not at all.

Who calls it: Django's signals after every ORM save and delete that changes a credit (a
result, a session, an entry, a crew, an event's keys, a car's makes, a driver's
nationality: the admin and the shell), and the write services (the importers, which
write in bulk) themselves. A write service that saves many objects in one transaction
wraps them in `recounting()`, so each event is recounted once, at the end.
`manage.py rebuild_credits` recounts every event.
"""

import functools
import threading
from collections import Counter
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, ExtractDay, ExtractMonth, RowNumber
from django.db.models.lookups import Exact
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from drivers.models import Car, Driver
from results.models import (
    CarClass,
    Championship,
    ChampionshipEvent,
    Circuit,
    Credit,
    Entry,
    EntryDriver,
    Event,
    Lap,
    LapFile,
    PointsScale,
    PointsScaleValue,
    Race,
    Result,
    Season,
    Series,
    Session,
    Stint,
)
from results.models.credits import FROM_LAPS
from results.stats.records.rules import (
    COUNTED_ONCE,
    EVENT_IDS,
    FLAG,
    LAPS_SUPPORTED_BY,
    What,
    Who,
    counting_q,
    subject_expression,
)
from results.stats.recounted import chunks_of, listed_differences
from results.stats.standings import places

# Events recounted in one statement: SQLite takes at most 32,766 parameters in a query.
CHUNK = 2000

FLAGS = {flag: what for what, flag in FLAG.items()}
# Credit.counted_start and counted_podium, and the flag each marks once per subject and session.
ONCE_PER_SESSION = {column: FLAG[what] for what, column in COUNTED_ONCE.items()}
COLUMNS = (
    "session_id",
    "event_id",
    "race_id",
    "season_id",
    "series_id",
    "circuit_id",
    "year",
    "sequence",
    "car_class_id",
    "who",
    "subject_id",
    "country",
    *FLAGS,
    *ONCE_PER_SESSION,
    "laps",
    *FROM_LAPS,
)


def _subject(who: Who):
    """Who a result credits (the counting rules' subject_expression), as (subject_id, country):
    a qualifying result's pole goes to the driver who set it when known."""
    credited = subject_expression(who, What.STARTS)
    if who in (Who.DRIVER, Who.NATIONALITY):
        pole = subject_expression(who, What.POLES)
        output = CharField() if who == Who.NATIONALITY else IntegerField()
        credited = Case(When(session__kind=Session.Kind.QUALIFYING, then=pole), default=credited, output_field=output)
    if who == Who.NATIONALITY:
        # Typed in the SQL too: PostgreSQL reads a bare NULL that a window partitions by as text.
        return Cast(Value(None), IntegerField()), credited
    return Cast(credited, IntegerField()), Value("")


def _sequence(event: str):
    """Credit.sequence of the event at `event` (a path ending in "__")."""
    day = Coalesce(ExtractMonth(f"{event}start_date") * 100 + ExtractDay(f"{event}start_date"), 0)
    date = Cast(f"{event}year", BigIntegerField()) * 10_000 + day
    return ExpressionWrapper(date * EVENT_IDS + F(f"{event}id"), output_field=BigIntegerField())


def _flag(what: What):
    return Cast(Max(Case(When(counting_q(what), then=1), default=0, output_field=IntegerField())), BooleanField())


def credit_rows(who: Who, event_ids, *, from_laps: bool = True):
    """The credits of `who` in the events, one row per subject, session and class, in COLUMNS' order.

    `from_laps=False` leaves the counts from lap files empty without looking: right for
    events none of whose sessions has a lap file, the archive's all but a few.
    """
    subject_id, country = _subject(who)
    # Every car in a race, started or not (a subject entered there has a row of its own,
    # with nothing credited), and the poles of the qualifying sessions.
    counted = Q(session__kind=Session.Kind.RACE) | counting_q(What.POLES) | counting_q(What.CLASS_POLES)
    # The entries' event too, though it is the sessions' (results.models.integrity): told
    # both, PostgreSQL reads the events' entries by index instead of hashing all of them.
    in_events = Q(session__event__in=event_ids, entry__event__in=event_ids)
    rows = Result.objects.filter(counted, in_events).values(
        c_session=F("session_id"),
        c_event=F("session__event_id"),
        c_race=F("session__event__race_id"),
        c_season=F("session__event__season_id"),
        c_series=F("session__event__season__series_id"),
        c_circuit=F("session__event__circuit_id"),
        c_year=F("session__event__year"),
        c_sequence=_sequence("session__event__"),
        c_car_class=F("entry__car_class_id"),
        c_who=Value(who.value),
        c_subject=subject_id,
        c_country=country,
    )
    rows = rows.exclude(**{"c_country__isnull" if who == Who.NATIONALITY else "c_subject__isnull": True})
    # A nationality's rows join each crew member: laps summed there would count a car once per compatriot.
    laps = Sum("laps", filter=Q(session__kind=Session.Kind.RACE, session__completeness__in=LAPS_SUPPORTED_BY))
    if who == Who.NATIONALITY:
        laps = Value(None, output_field=IntegerField())
    lap_counts = _from_laps(who) if from_laps else _without_laps()
    rows = rows.annotate(**{f"c_{name}": _flag(what) for name, what in FLAGS.items()}, c_laps=laps, **lap_counts)
    rows = rows.annotate(**{f"c_{name}": _first_in_session(flag) for name, flag in ONCE_PER_SESSION.items()})
    return rows.values(*(f"c_{column.removesuffix('_id')}" for column in COLUMNS))


def _first_in_session(flag: str):
    """True on the row, of a subject's rows in one session with `flag` set, whose class comes
    first (no class first): the row a count of sessions counts."""
    first = Window(
        RowNumber(),
        partition_by=[F("c_session"), F("c_subject"), F("c_country"), F(f"c_{flag}")],
        order_by=F("c_car_class").asc(nulls_first=True),
    )
    return Case(When(**{f"c_{flag}": True}, then=Exact(first, 1)), default=Value(False), output_field=BooleanField())


def _from_laps(who: Who) -> dict:
    """What the session's lap file credits (Credit.FROM_LAPS), summed over the row's results,
    or NULL where the session has no lap file: a driver (or a nationality, through each crew
    member) is credited with the laps they drove, anyone else with its cars' laps."""
    own = Q(result=OuterRef("pk"))
    if who in (Who.DRIVER, Who.NATIONALITY):
        own &= Q(driver=OuterRef("entry__crew__driver"))
    has_laps = Q(session__kind=Session.Kind.RACE, session__lap_file__isnull=False)

    def summed(queryset, value):
        total = queryset.filter(own).order_by().values("result").annotate(total=value).values("total")
        return Sum(Case(When(has_laps, then=Coalesce(Subquery(total), 0)), default=None, output_field=IntegerField()))

    def flagged(laps):
        found = Case(When(has_laps & Q(Exists(laps.filter(own))), then=1), default=0, output_field=IntegerField())
        return Cast(Max(found), BooleanField())

    class_bests = Lap.objects.filter(class_best=True)
    session_best = class_bests.filter(result__session=OuterRef(OuterRef("session_id"))).order_by("time_ms")
    return {
        "c_laps_led": summed(Lap.objects.filter(position=1), Count("pk")),
        "c_class_laps_led": summed(Lap.objects.filter(class_position=1), Count("pk")),
        "c_drive_ms": summed(Stint.objects.all(), Sum(F("ends_ms") - F("starts_ms"))),
        "c_fastest_lap": flagged(class_bests.filter(time_ms=Subquery(session_best.values("time_ms")[:1]))),
        "c_class_fastest_lap": flagged(class_bests),
    }


def _without_laps() -> dict:
    """The counts from lap files of a session that has none: unknown, and no fastest lap."""
    unknown = Value(None, output_field=IntegerField())
    no = Value(False, output_field=BooleanField())
    return {
        "c_laps_led": unknown,
        "c_class_laps_led": unknown,
        "c_drive_ms": unknown,
        "c_fastest_lap": no,
        "c_class_fastest_lap": no,
    }


@functools.lru_cache(maxsize=64)
def _insert_sql(who: Who, events: int, from_laps: bool) -> tuple[str, tuple]:
    """The INSERT of `who`'s credits for that many events, with placeholders -1, -2... for their ids.

    Building the query costs several times what running it does for one event, and a
    save recounts its event: so it is built once per size and its ids substituted.
    """
    table = connection.ops.quote_name(Credit._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in COLUMNS)
    sql, params = credit_rows(who, [-n for n in range(1, events + 1)], from_laps=from_laps).query.sql_with_params()
    return f"INSERT INTO {table} ({columns}) {sql}", tuple(params)


def recount_events(event_ids, seasons=()) -> None:
    """Replace the credits of the events with a count of their results now, and the
    standings places of their seasons and of `seasons` (in the caller's transaction)."""
    event_ids = sorted(set(event_ids))
    with transaction.atomic():
        _recount_credits(event_ids)
        places.recount_seasons({*seasons, *places.ranked_seasons(event_ids)})


def _recount_credits(event_ids: list[int]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(event_ids), CHUNK):
            chunk = event_ids[start : start + CHUNK]
            Credit.objects.filter(event_id__in=chunk).delete()
            # The lap files' counts cost a subquery a result: looked for only where there are laps.
            told = set(LapFile.objects.filter(session__event__in=chunk).values_list("session__event_id", flat=True))
            for events, from_laps in (sorted(told), True), ([e for e in chunk if e not in told], False):
                if not events:
                    continue
                for who in Who:
                    sql, params = _insert_sql(who, len(events), from_laps)
                    # Ids are positive and no other parameter of the query is negative.
                    ids = [events[-param - 1] if isinstance(param, int) and param < 0 else param for param in params]
                    cursor.execute(sql, ids)


def rebuild(*, progress=None) -> tuple[int, int]:
    """Recount every event's credits and every season's places from scratch; how many of each were written.

    `progress(done, total, "events" or "seasons")` is told of each chunk.
    """
    with transaction.atomic():
        Credit.objects.all().delete()
        for done, total, chunk in chunks_of(Event.objects.all(), CHUNK):
            _recount_credits(chunk)
            if progress is not None:
                progress(done, total, "events")
        written = places.rebuild(progress=progress)
    return Credit.objects.count(), written


def differences(*, limit: int = 20) -> tuple[int, list[str]]:
    """How many credits and places differ from a recount of the results now, and the first `limit` of them.

    Compared event by event (CHUNK at a time), so memory stays bounded; nothing is written.
    """
    count, shown = 0, []
    for _, _, chunk in chunks_of(Event.objects.all(), CHUNK):
        live = Counter(Credit.objects.filter(event_id__in=chunk).values_list(*COLUMNS))
        recounted = Counter()
        for who in Who:
            recounted.update(tuple(row.values()) for row in credit_rows(who, chunk))
        found, lines = listed_differences(live, recounted, COLUMNS, limit=limit - len(shown), kept="credit")
        count += found
        shown += lines
    # Credits whose session or event is gone: the database does not check their keys.
    orphans = Credit.objects.exclude(session_id__in=Session.objects.values("pk")) | Credit.objects.exclude(
        event_id__in=Event.objects.values("pk")
    )
    for row in orphans.values_list(*COLUMNS)[: max(limit - len(shown), 0)]:
        shown.append(
            "credit of a session no longer held: " + ", ".join(f"{n}={v}" for n, v in zip(COLUMNS, row, strict=True))
        )
    count += orphans.count()
    found, lines = places.differences(limit=limit - len(shown))
    return count + found, shown + lines


class _Deferred(threading.local):
    def __init__(self):
        self.depth = 0
        self.events: set[int] = set()
        self.seasons: set[int] = set()


_deferred = _Deferred()


@contextmanager
def recounting(*, rolled_back: bool = False):
    """Saves inside recount their events once, at the end (which must be inside the transaction).

    A block whose transaction is `rolled_back` (a dry run) recounts nothing: the credits
    go back with the results.
    """
    _deferred.depth += 1
    try:
        yield
    except BaseException:
        if _deferred.depth == 1:
            _deferred.events.clear()
            _deferred.seasons.clear()
        raise
    finally:
        _deferred.depth -= 1
    if _deferred.depth == 0 and (_deferred.events or _deferred.seasons):
        events, seasons = _deferred.events, _deferred.seasons
        _deferred.events, _deferred.seasons = set(), set()
        if not rolled_back:
            recount_events(events, seasons)


def recount(events=(), seasons=()) -> None:
    """Recount the events (ids) and the standings of the seasons (ids) now, or at the end
    of the `recounting()` block this runs in."""
    events = {event for event in events if event is not None}
    seasons = {season for season in seasons if season is not None}
    if not events and not seasons:
        return
    if _deferred.depth:
        _deferred.events |= events
        _deferred.seasons |= seasons
    else:
        recount_events(events, seasons)


# What each save or delete recounts, and for which changes: the fields a credit or a
# standings place depends on. A change to anything else (a name, a slug, a gap) recounts nothing.
def _session_event(session_id) -> list[int]:
    return list(Session.objects.filter(pk=session_id).values_list("event_id", flat=True))


def _events_of(**lookup) -> list[int]:
    return list(Event.objects.filter(**lookup).values_list("pk", flat=True).distinct())


FOLLOWS = {
    Result: (
        (
            "session_id",
            "entry_id",
            "position",
            "class_position",
            "status",
            "laps",
            "qualifying_driver_id",
            "best_lap_ms",
        ),
        lambda result: _session_event(result.session_id),
    ),
    Session: (("event_id", "kind", "order", "starts_at", "completeness"), lambda session: [session.event_id]),
    Entry: (("event_id", "car_class_id", "team_id", "car_id"), lambda entry: [entry.event_id]),
    EntryDriver: (
        ("entry_id", "driver_id"),
        lambda member: list(Entry.objects.filter(pk=member.entry_id).values_list("event_id", flat=True)),
    ),
    Event: (
        ("race_id", "season_id", "circuit_id", "year", "start_date", "status", "round"),
        lambda event: [event.pk],
    ),
    Season: (("series_id",), lambda season: _events_of(season=season.pk)),
    Car: (("manufacturer_id", "engine_manufacturer_id"), lambda car: _events_of(entries__car=car.pk)),
    Driver: (("nationality",), lambda driver: _events_of(entries__crew__driver=driver.pk)),
}
# Anything else is credited with nothing before a result refers to it.
CREDITED_WHEN_CREATED = {Result, EntryDriver}
# A new event or session is a round of its season's championships, missing until it has
# results: recounting its event ranks the event's season again (with no query until then).
ROUND_WHEN_CREATED = {
    Event: lambda event: [event.pk],
    Session: lambda session: [session.event_id],
}
# Deleting these sets the events' (or entries') key to NULL without a signal for them.
EMPTIED_ON_DELETE = {
    Race: lambda race: _events_of(race=race.pk),
    Circuit: lambda circuit: _events_of(circuit=circuit.pk),
    CarClass: lambda car_class: _events_of(entries__car_class=car_class.pk),
    Series: lambda series: _events_of(season__series=series.pk),
}


def _seasons_scoring_by(scale) -> list[int]:
    scale_id = scale.pk if isinstance(scale, PointsScale) else scale.scale_id
    return list(Championship.objects.scoring_by(scale_id).values_list("season_id", flat=True).distinct())


# The points rules: any change to them re-ranks the seasons that score by them.
RULES = {
    Championship: lambda championship: [championship.season_id],
    ChampionshipEvent: lambda rule: list(
        Championship.objects.filter(pk=rule.championship_id).values_list("season_id", flat=True)
    ),
    PointsScale: _seasons_scoring_by,
    PointsScaleValue: _seasons_scoring_by,
}


class _Before(threading.local):
    def __init__(self):
        self.saved: dict[tuple, tuple] = {}  # (model, pk) -> (values, events, seasons) before a save
        self.deleted: dict[tuple, tuple] = {}  # (model, pk) -> (events, seasons) before a delete
        # What a delete and its cascade leave to recount, once the whole delete is done.
        self.events: set[int] = set()
        self.seasons: set[int] = set()


_before = _Before()


def _values(instance, fields) -> tuple:
    return tuple(getattr(instance, field) for field in fields)


def _old_seasons(sender, old) -> list[int]:
    """The seasons whose standings a row counted in before a write: an event's own, or a rule's."""
    if sender is Event:
        return [old.season_id]
    return RULES[sender](old) if sender in RULES else []


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    fields, events_of = FOLLOWS.get(sender, ((), lambda old: []))
    old = sender._base_manager.filter(pk=instance.pk).first()
    if old is not None:
        _before.saved[(sender, instance.pk)] = (_values(old, fields), events_of(old), _old_seasons(sender, old))


def _after_save(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return  # loaddata writes rows as they are: rebuild_credits after it
    old_values, old_events, old_seasons = _before.saved.pop((sender, instance.pk), (None, [], []))
    if sender in RULES:
        recount(seasons={*old_seasons, *RULES[sender](instance)})
        return
    if created and sender in ROUND_WHEN_CREATED:
        recount(ROUND_WHEN_CREATED[sender](instance))
        return
    if created and sender not in CREDITED_WHEN_CREATED:
        return
    if created and sender is EntryDriver and not Result.objects.filter(entry_id=instance.entry_id).exists():
        return  # a crew member of a car with no result yet
    fields, events_of = FOLLOWS[sender]
    if created or old_values != _values(instance, fields):
        recount({*old_events, *events_of(instance)}, old_seasons)


def _before_delete(sender, instance, **kwargs):
    if sender in RULES:
        _before.deleted[(sender, instance.pk)] = ([], RULES[sender](instance))
        return
    events_of = FOLLOWS[sender][1] if sender in FOLLOWS else EMPTIED_ON_DELETE[sender]
    _before.deleted[(sender, instance.pk)] = (events_of(instance), _old_seasons(sender, instance))


def _after_delete(sender, instance, origin=None, **kwargs):
    """Recount what the delete leaves, once the rows it cascades to are gone too.

    Django deletes the rows a delete cascades to before the row it was asked to delete
    (its origin), so what they leave is gathered until the origin's own signal: a recount
    in between would count rows about to go, and write rows about to lose their keys.
    """
    events, seasons = _before.deleted.pop((sender, instance.pk), ((), ()))
    _before.events |= set(events)
    _before.seasons |= set(seasons)
    if sender is Event:
        # An event's own credits go with it (the foreign key cascades); what remains is recounted.
        _before.events.discard(instance.pk)
    origin_model = origin.model if isinstance(origin, QuerySet) else type(origin)
    if origin is not None and sender is not origin_model and origin_model in _deletes_followed:
        return  # the origin's own signal comes last
    events, seasons = _before.events, _before.seasons
    _before.events, _before.seasons = set(), set()
    remaining = Event.objects.filter(pk__in=events).values_list("pk", flat=True) if events else []
    recount(remaining, Season.objects.filter(pk__in=seasons).values_list("pk", flat=True) if seasons else [])


def _classes_changed(sender, instance, action, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Session):
        recount([instance.event_id])
    elif isinstance(instance, Championship):
        recount(seasons=[instance.season_id])
    else:  # a class given or taken sessions or championships
        recount(seasons=Championship.objects.filter(classes=instance).values_list("season_id", flat=True))
        recount(Session.objects.filter(classes=instance).values_list("event_id", flat=True))


_deletes_followed: set[type] = set()


def connect() -> None:
    """Keep the credits and places with every ORM save and delete; called once, from the app's ready()."""
    for model in (*FOLLOWS, *RULES):
        uid = f"results.credits.{model._meta.label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}.pre_save")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}.post_save")
    for model in (*FOLLOWS, *EMPTIED_ON_DELETE, *RULES):
        uid = f"results.credits.{model._meta.label}"
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"{uid}.pre_delete")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}.post_delete")
        _deletes_followed.add(model)
    m2m_changed.connect(_classes_changed, sender=Session.classes.through, dispatch_uid="results.credits.classes")
    m2m_changed.connect(
        _classes_changed, sender=Championship.classes.through, dispatch_uid="results.credits.championship_classes"
    )
