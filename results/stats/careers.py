"""What a career page says of its subject's whole history: a driver's, team's, car's or make's.

Totals per series; for a make, its wins by race and by class and its record as an engine
maker; for a driver, their place in each season's standings; and the keys of the
subject's results in the table's first order, with what its filters offer, so the table
reads one page of rows at a time. It is kept in the read cache (results.stats.cache) until
a write touches the subject: one in its results, or one that moves a driver in the standings.
"""

from django.db.models import QuerySet

from drivers.models import Car, Driver, Manufacturer, Team
from results.stats import cache, coverage
from results.stats.histories import RESULT_FACETS, keys_and_facets
from results.stats.records.rules import What, Who
from results.stats.records.totals import Per, Totals, TotalsRow, breakdown, totals
from results.stats.standings import driver_championships

WHO = {Driver: Who.DRIVER, Team: Who.TEAM, Car: Who.CAR}  # a make has make_career()


def career(subject: Driver | Team | Car, results: QuerySet) -> dict:
    """A driver's, team's or car's record: "totals" per series, the results' "keys", a driver's "championships"."""

    def compute():
        record = {"totals": _covered(WHO[type(subject)], subject), **_table_facts(results)}
        if isinstance(subject, Driver):
            record["championships"] = list(driver_championships(subject))
        return record

    return _kept(subject, compute)


def make_career(make: Manufacturer, wins: QuerySet) -> dict:
    """A make's record: "totals" as chassis maker, "as_engine" where it differs, its wins "by_race"
    and "by_class", and the "keys" of `wins`.
    """

    def compute():
        chassis = _covered(Who.MAKE, make)
        by_race = breakdown(Who.MAKE, make, Per.RACE, counting=(What.OVERALL_WINS, What.CLASS_WINS))
        by_class = breakdown(Who.MAKE, make, Per.CLASS, counting=(What.CLASS_WINS,))
        return {
            "totals": chassis,
            "as_engine": _if_different(totals(Who.ENGINE, make).all, than=chassis.all),
            "by_race": sorted(
                (row for row in by_race if row.group is not None and (row.wins or row.class_wins)),
                key=lambda row: (-row.wins, -row.class_wins, row.group.name),
            ),
            "by_class": sorted(
                (row for row in by_class if row.group is not None and row.class_wins),
                key=lambda row: (-row.class_wins, row.group.name),
            ),
            **_table_facts(wins),
        }

    return _kept(make, compute)


def covered_totals(who: Who, subject) -> Totals:
    """The subject's totals per series with their coverage (as its page shows them), kept in the
    read cache until a write touches the subject: what the API gives a driver, team, make or car."""
    who = Who(who)
    return cache.kept(
        "covered-totals", f"{who.value}/{subject.pk}", [cache.subject(subject)], lambda: _covered(who, subject)
    )


def _covered(who: Who, subject) -> Totals:
    """The subject's totals per series, each row and the whole with the coverage of its races:
    a series held only by its winners shows no starts rather than 0."""
    found = totals(who, subject, per=Per.SERIES)
    by_series = coverage.of_subject_by_series(who, subject)
    for row in found.rows:
        row.coverage = by_series.get(row.group.pk if row.group is not None else None, coverage.Coverage())
    found.coverage = found.all.coverage = sum(by_series.values(), coverage.Coverage())
    return found


def _kept(subject, compute) -> dict:
    # A driver's places in the standings are touched with the driver when a correction
    # elsewhere in the season moves them (results.stats.standings.places).
    page = f"{subject._meta.model_name}-page"
    return dict(cache.kept(page, str(subject.pk), [cache.subject(subject)], compute))


def _table_facts(results: QuerySet) -> dict:
    """What the results table's filters offer ("facets") and its rows' "keys", unfiltered, in order."""
    keys, found = keys_and_facets(results, RESULT_FACETS)
    return {"facets": found, "keys": keys}


def _if_different(engine: TotalsRow, *, than: TotalsRow) -> TotalsRow | None:
    """A make's record as an engine maker, when it differs from its record as a chassis maker."""
    return engine if engine.counts != than.counts else None
