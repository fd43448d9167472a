"""The API's resources: read-only, each a lookup by id or slug and a list that pages and filters.

Every answer is kept in the page cache like a page (racearchive.pagecache), under the same
subjects, so it carries the same ETag and Last-Modified, is answered 304 to a conditional
GET, and changes on the next request after a write that touches it. Each list and detail
reads a bounded number of queries, whatever the archive's size (tests hold them).
"""

from django.db.models import F, Prefetch
from rest_framework import views, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from drivers.models import Car, Driver, Manufacturer, Team
from results.api import filters, serializers
from results.api.paging import Pages, paged
from results.display import coverage as coverage_words
from results.filters.records import RecordsFilter
from results.models import Circuit, Entry, Event, Race, Result, Season, Series, Session, Stint
from results.models.calendar import newest_first_keys
from results.stats import cache, coverage, search
from results.stats.invalidation import subjects_of_event
from results.stats.records.rankings import kept_ranking, latest_event, tally_rows
from results.stats.records.rules import COUNTING_RULES, FromLaps, Who
from results.stats.standings import season_standings


class RefusesNul:
    """A NUL character in the address or a query value is refused with 400: no name holds one,
    and PostgreSQL refuses it in a query (a 500 otherwise, where SQLite finds nothing)."""

    def initial(self, request, *args, **kwargs):
        query = [part for name, values in request.query_params.lists() for part in (name, *values)]
        if any("\x00" in str(part) for part in (*kwargs.values(), *query)):
            raise ValidationError({"detail": "The address holds a NUL character, which no name in the archive has."})
        super().initial(request, *args, **kwargs)


class ReadOnly(RefusesNul, viewsets.ReadOnlyModelViewSet):
    """A resource: its list is kept until any write (the indexes' subject), an object until a
    write touches it (`shows()`)."""

    lookup_value_regex = r"[-\w]+"  # an id or a slug; anything else is not found

    def shows(self, obj) -> list:
        return [obj]

    def list(self, request, *args, **kwargs):
        return cache.shown(super().list(request, *args, **kwargs), cache.INDEXES)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        response = Response(self.get_serializer(obj).data)
        return cache.shown(response, *self.shows(obj))


class SeriesViewSet(ReadOnly):
    """Series: each with its seasons' list."""

    queryset = Series.objects.order_by("name")
    serializer_class = serializers.SeriesSerializer
    lookup_field = "slug"
    filterset_class = filters.Named


class SeasonViewSet(ReadOnly):
    queryset = Season.objects.select_related("series").order_by("series__name", "-year")
    serializer_class = serializers.SeasonSerializer
    filterset_class = filters.SeasonFilter

    @action(detail=True)
    def standings(self, request, pk=None):
        """Every championship of the season, class by class: the standings after the latest round,
        or after round ?after=N; ?car_class=GTD for one class. As the season's page shows them."""
        season = self.get_object()
        after = request.query_params.get("after")
        found = season_standings(season, after=after)
        if found.message:
            raise ValidationError({"after": f"Not a round number: {after!r}."})
        code = request.query_params.get("car_class", "")
        body = {
            "season": serializers.reference(request, season, "season", by_slug=False),
            "after": int(after) if after else None,
            "championships": [serializers.championship_standings(request, one, code) for one in found.championships],
        }
        if code and not any(championship["classes"] for championship in body["championships"]):
            raise ValidationError({"car_class": f"No standings of a class {code!r} in this season."})
        return cache.shown(Response(body), season)


class CircuitViewSet(ReadOnly):
    queryset = Circuit.objects.order_by("name")
    serializer_class = serializers.CircuitSerializer
    lookup_field = "slug"
    filterset_class = filters.Named


class RaceViewSet(ReadOnly):
    """Recurring races (the 24 Hours of Daytona), with their editions' list."""

    queryset = Race.objects.select_related("circuit").order_by("name")
    serializer_class = serializers.RaceSerializer
    lookup_field = "slug"
    filterset_class = filters.Named


class DriverViewSet(ReadOnly):
    queryset = Driver.objects.order_by("sort_key", "pk")
    serializer_class = serializers.DriverSerializer
    lookup_field = "slug"
    filterset_class = filters.DriverFilter


class TeamViewSet(ReadOnly):
    queryset = Team.objects.order_by("name")
    serializer_class = serializers.TeamSerializer
    lookup_field = "slug"
    filterset_class = filters.Named


class ManufacturerViewSet(ReadOnly):
    queryset = Manufacturer.objects.order_by("name")
    serializer_class = serializers.ManufacturerSerializer
    lookup_field = "slug"
    filterset_class = filters.Named


class CarViewSet(ReadOnly):
    queryset = Car.objects.select_related("manufacturer", "engine_manufacturer").order_by("manufacturer__name", "model")
    serializer_class = serializers.CarSerializer
    lookup_field = "slug"
    filterset_class = filters.Named


class EventViewSet(ReadOnly):
    """Events, newest first; one event lists its sessions."""

    queryset = Event.objects.with_place().order_by(*newest_first_keys())
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            sessions = Session.objects.order_by("order", "starts_at", "id")
            queryset = queryset.prefetch_related(Prefetch("sessions", queryset=sessions, to_attr="listed_sessions"))
        return queryset

    def shows(self, event):
        return subjects_of_event(event)


class SessionViewSet(ReadOnly):
    """Sessions; one session holds its classification, and its stints where its laps are known."""

    queryset = Session.objects.select_related("event__season__series", "event__race", "lap_file").order_by(
        "event_id", "order", "id"
    )
    serializer_class = serializers.SessionSerializer
    filterset_class = filters.SessionFilter

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            results = Result.objects.order_by(F("position").asc(nulls_last=True), "id").with_car_and_crew(
                cars_apart=True
            )
            code = self.request.query_params.get("car_class", "")
            if code:  # ?car_class=GTDPRO: one class's cars, as the class filter of the race page shows them
                results = results.filter(entry__car_class__code__iexact=code)
            queryset = queryset.prefetch_related(Prefetch("results", queryset=results, to_attr="classification"))
        return queryset

    def retrieve(self, request, *args, **kwargs):
        code = request.query_params.get("car_class", "")
        if code:
            session = self.get_object()
            held = Result.objects.filter(session=session, entry__car_class__isnull=False)
            codes = sorted(set(held.values_list("entry__car_class__code", flat=True)))
            if code.upper() not in {known.upper() for known in codes}:
                raise ValidationError({"car_class": f"No class {code!r} in this session; it has {', '.join(codes)}."})
        return super().retrieve(request, *args, **kwargs)

    def shows(self, session):
        return subjects_of_event(session.event)

    @action(detail=True)
    def laps(self, request, pk=None):
        """One car's every lap from the lap file (?number=7): time, sectors, driver, place and gaps
        at its end, pit lane, flag; paged. Every car's laps at once are the laps page's CSV."""
        session = self.get_object()
        number = request.query_params.get("number", "")
        result = session.results.filter(entry__number=number).select_related("entry").first() if number else None
        if result is None:
            numbers = sorted(session.results.filter(timed_laps__number=1).values_list("entry__number", flat=True))
            raise ValidationError(
                {"number": f"Name a car of this session that has laps: {', '.join(numbers) or 'none'}."}
            )
        laps = result.timed_laps.select_related("driver").order_by("number")
        page = Pages()
        shown = page.paginate_queryset(laps, request, view=self)
        body = {
            "session": serializers.session_reference(request, session),
            "number": result.entry.number,
            "laps": [serializers.lap_fields(request, lap) for lap in shown],
        }
        return cache.shown(paged(page, body), *subjects_of_event(session.event))

    @action(detail=True)
    def stints(self, request, pk=None):
        """Every car's stints from the lap file: driver, laps, time at the wheel, pit-lane time."""
        session = self.get_object()
        stints = Stint.objects.filter(result__session=session).select_related("driver", "result__entry")
        rows = [
            {
                "number": stint.result.entry.number,
                "order": stint.order,
                "driver": serializers.reference(request, stint.driver, "driver"),
                "first_lap": stint.first_lap,
                "last_lap": stint.last_lap,
                "starts_ms": stint.starts_ms,
                "ends_ms": stint.ends_ms,
                "pit_time_ms": stint.pit_time_ms,
                "ends_in_pit": stint.ends_in_pit,
            }
            for stint in stints.order_by("result__position", "result_id", "order")
        ]
        return cache.shown(
            Response({"session": serializers.session_reference(request, session), "stints": rows}),
            *subjects_of_event(session.event),
        )


class EntryViewSet(ReadOnly):
    """Entry lists: the cars of an event (or a driver's, team's, car's entries), by number."""

    queryset = (
        Entry.objects.select_related("event__season__series", "event__race")
        .with_car_and_crew()
        .order_by("event_id", "number", "id")
    )
    serializer_class = serializers.EntrySerializer
    filterset_class = filters.EntryFilter

    def list(self, request, *args, **kwargs):
        _one_of(request, filters.EntryFilter.SUBJECTS, "entries")
        return super().list(request, *args, **kwargs)

    def shows(self, entry):
        return subjects_of_event(entry.event)


def _one_of(request, names, what: str) -> None:
    """A list of millions is asked for by one of `names`, or refused with 400 saying so."""
    if not any(request.query_params.get(name) for name in names):
        raise ValidationError({"detail": f"Name whose {what}: one of {', '.join(names)} (the archive holds millions)."})


class ResultViewSet(ReadOnly):
    """Results of a driver, team, make, car, event or session (one at least), oldest first."""

    queryset = (
        Result.objects.select_related("session__event__season__series", "session__event__race")
        .with_car_and_crew(cars_apart=True)
        .order_by("session__event__year", F("session__event__start_date").asc(nulls_first=True), "session__order", "id")
    )
    serializer_class = serializers.ResultSerializer
    filterset_class = filters.ResultFilter

    def list(self, request, *args, **kwargs):
        _one_of(request, filters.ResultFilter.SUBJECTS, "results")
        return super().list(request, *args, **kwargs)

    def shows(self, result):
        return subjects_of_event(result.session.event)


class RecordsView(RefusesNul, views.APIView):
    """Records: who has most of a count (?what=wins), by whom (?who=make), where (?race=,
    ?series=, ?circuit=, ?car_class=, ?since=, ?until=): the explorer's questions and
    counting rules, with what the count covers. Ranked, ties sharing a rank, paged."""

    def get(self, request):
        question_filter = RecordsFilter(request.GET)
        question = question_filter.question()
        if question_filter.errors:
            raise ValidationError(question_filter.errors)
        ranked = kept_ranking(question.what, question.who, question.where)
        page = Pages()
        shown = page.paginate_queryset(ranked, request, view=self)
        rows = tally_rows(question.who, shown)
        covered = coverage.of_where(question.where)
        as_of = latest_event(ranked)
        body = {
            "question": {
                "what": question.what.value,
                "who": question.who.value,
                "title": question.title,
                "unit": "milliseconds" if question.what == FromLaps.DRIVE_TIME else "count",
            },
            "counting_rules": COUNTING_RULES,
            "coverage": {
                "races": covered.races,
                "counted_over": covered.over(question.what),
                "with_full_results": covered.complete,
                "with_first_places": covered.top,
                "with_winners_only": covered.winners,
                "with_some_cars": covered.partial,
                "with_lap_files": covered.with_laps,
                "said": coverage_words.sentence(covered, question.what),
                "not_counted": coverage_words.not_counted(covered, question.what),
            },
            "as_of": serializers.reference(request, as_of, "event", by_slug=False),
            "ranking": [
                {
                    "rank": row.rank,
                    "who": _subject(request, question.who, row.subject),
                    "count": row.count,
                    "first": serializers.reference(request, row.first, "event", by_slug=False),
                    "last": serializers.reference(request, row.last, "event", by_slug=False),
                    "occurrences": request.build_absolute_uri(question.occurrences_url(row.subject)),
                }
                for row in rows
            ],
        }
        return cache.shown(paged(page, body), cache.RECORDS)


SUBJECT_ROUTES = {
    Who.MAKE: "manufacturer",
    Who.ENGINE: "manufacturer",
    Who.TEAM: "team",
    Who.DRIVER: "driver",
    Who.CAR: "car",
}


def _subject(request, who, subject) -> dict:
    """Who a ranking's row credits: a reference, or a nationality's code and name."""
    if who == Who.NATIONALITY:
        return {"country": subject.code, "name": subject.name}
    return serializers.reference(request, subject, SUBJECT_ROUTES[who])


# The API route of each kind search finds (stats.search's anchors).
SEARCH_ROUTES = {
    "drivers": "driver",
    "teams": "team",
    "manufacturers": "manufacturer",
    "cars": "car",
    "circuits": "circuit",
    "races": "race",
    "series": "series",
    "events": "event",
}
SEARCH_PER_KIND = 10


class SearchView(RefusesNul, views.APIView):
    """Search by name (?q=nasr): drivers, teams, makes, cars, circuits, races, series and
    events, accents and case ignored, at most 10 of each kind with a link to the rest."""

    def get(self, request):
        query = search.clean_query(request.query_params.get("q", ""))
        if not search.searchable(query):
            raise ValidationError({"q": "Give a name to search for: ?q=porsche."})
        kinds = {}
        for group in search.found(query, per_kind=SEARCH_PER_KIND):
            route = SEARCH_ROUTES[group.anchor]
            by_slug = route != "event"
            kinds[group.anchor] = {
                "found": [serializers.reference(request, item, route, by_slug=by_slug) for item in group.items],
                "more": (serializers.listed(request, route, q=query) if group.more and by_slug else None),
            }
        return cache.shown(Response({"q": query, "kinds": kinds}), cache.INDEXES)
