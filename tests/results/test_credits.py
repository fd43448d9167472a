"""The credits table never disagrees with the results: it follows imports, editors'
corrections and deletions, the shell, and `rebuild_credits` recounts it from scratch.

Its counts are also checked against a count made over the results themselves, for every
count and subject of the records explorer, on a generated archive.
"""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import CharField, Count, Max, Min, Value
from django.db.models.functions import Cast, Coalesce, Concat, LPad
from django.urls import reverse

from drivers.models import Car, Driver, Manufacturer
from results.models import CarClass, Credit, Entry, Race, Result
from results.stats import credits
from results.stats.records.rankings import ranking
from results.stats.records.rules import What, Where, Who, counting_q, subject_expression, unit
from results.stats.records.totals import Per, totals
from tests.results.test_page_cache import (
    CADILLAC_SECOND,
    FERRARI_WINS,
    PORSCHE_WINS,
    TOYOTA_SECOND,
    give_the_daytona_win_to_31,
    imported,
)

pytestmark = pytest.mark.django_db


def agrees() -> bool:
    count, shown = credits.differences()
    assert count == 0, "\n".join(shown)
    return True


def wins_by_make() -> dict[str, int]:
    makes = Manufacturer.objects.in_bulk()
    return {makes[row.subject].name: row.count for row in ranking(What.OVERALL_WINS, Who.MAKE)}


def starts_by_driver() -> dict[str, int]:
    drivers = Driver.objects.in_bulk()
    return {drivers[row.subject].full_name: row.count for row in ranking(What.STARTS, Who.DRIVER)}


def test_credits_follow_an_import_a_correction_a_deleted_car_and_a_reimport(tmp_path, client):
    imported(tmp_path, [PORSCHE_WINS, CADILLAC_SECOND, FERRARI_WINS, TOYOTA_SECOND])
    assert agrees() and wins_by_make() == {"Porsche": 1, "Ferrari": 1}
    assert starts_by_driver()["Pipo Derani"] == 1

    thirty_one = give_the_daytona_win_to_31(client)  # in the admin
    assert agrees() and wins_by_make() == {"Cadillac": 1, "Ferrari": 1}

    # ...then deletes car #31 altogether, with its results and crew.
    url = reverse("admin:results_entry_delete", args=[thirty_one])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert agrees() and wins_by_make() == {"Ferrari": 1}
    assert "Pipo Derani" not in starts_by_driver()

    # The file imported again puts the car back as the file has it.
    imported(tmp_path, [PORSCHE_WINS, CADILLAC_SECOND], name="daytona-again.csv")
    assert agrees() and wins_by_make() == {"Porsche": 1, "Ferrari": 1}
    assert starts_by_driver()["Pipo Derani"] == 1


def test_credits_follow_what_the_shell_changes_a_result_crew_or_car_depends_on(tmp_path):
    imported(tmp_path, [PORSCHE_WINS, CADILLAC_SECOND, FERRARI_WINS, TOYOTA_SECOND])

    derani = Driver.objects.get(family_name="Derani")
    derani.nationality = "BR"
    derani.save()
    assert agrees()
    nations = {row.subject: row.count for row in ranking(What.STARTS, Who.NATIONALITY)}
    assert nations["BR"] == 1

    cadillac = Car.objects.get(model="V-Series.R")
    cadillac.engine_manufacturer = Manufacturer.objects.get(name="Porsche")
    cadillac.save()
    assert agrees()
    engines = {row.subject: row.count for row in ranking(What.STARTS, Who.ENGINE)}
    assert cadillac.manufacturer_id not in engines  # its engine is a Porsche now
    assert engines[cadillac.engine_manufacturer_id] == 1  # once a race, with two Porsche-engined cars in it

    winner = Result.objects.get(entry__number="50")
    winner.status, winner.position = Result.Status.DISQUALIFIED, None
    winner.save()
    assert agrees() and wins_by_make() == {"Porsche": 1}

    Entry.objects.get(number="7", event__name="Rolex 24 At Daytona").crew.get(driver__family_name="Nasr").delete()
    assert agrees() and "Felipe Nasr" not in starts_by_driver()

    le_mans = Result.objects.get(entry__number="7", session__event__name="24 Hours of Le Mans").session.event
    le_mans.delete()
    assert agrees() and not Credit.objects.filter(event_id=le_mans.pk).exists()


def test_rebuild_credits_recounts_a_table_written_behind_its_back(tmp_path):
    imported(tmp_path, [PORSCHE_WINS, CADILLAC_SECOND, FERRARI_WINS, TOYOTA_SECOND])
    before = sorted(Credit.objects.values_list(*credits.COLUMNS))
    Credit.objects.filter(who=Who.MAKE, win=True).delete()  # as raw SQL or a restore could leave it

    with pytest.raises(CommandError, match=r"2 credits or places differ from a recount") as error:
        call_command("rebuild_credits", "--check")
    assert "missing from the table" in str(error.value) and "who=make" in str(error.value)

    out = io.StringIO()
    call_command("rebuild_credits", stdout=out)
    assert f"Recounted: {len(before)} credits, " in out.getvalue()
    assert sorted(Credit.objects.values_list(*credits.COLUMNS)) == before
    call_command("rebuild_credits", "--check", stdout=io.StringIO())


def test_check_finds_credits_left_by_a_race_deleted_behind_its_back(tmp_path):
    imported(tmp_path, [PORSCHE_WINS, CADILLAC_SECOND])
    kept = Credit.objects.count()
    # The database does not hold a credit to its session and event: a raw delete or a
    # partial restore can leave credits of races no longer there.
    stray = Credit.objects.filter(who=Who.MAKE, win=True).get()
    stray.pk, stray.session_id, stray.event_id = None, 10**9, 10**9
    stray.save()

    with pytest.raises(CommandError, match=r"1 credits or places differ from a recount") as error:
        call_command("rebuild_credits", "--check")
    assert "credit of a session no longer held" in str(error.value)

    call_command("rebuild_credits", stdout=io.StringIO())
    assert Credit.objects.count() == kept and agrees()


def chronology():
    """A text key over the results' own joins that sorts by event date and ends with its id."""
    return Concat(
        Cast("session__event__year", CharField()),
        Value("|"),
        Coalesce(Cast("session__event__start_date", CharField()), Value("")),
        Value("|"),
        LPad(Cast("session__event_id", CharField()), 12, Value("0")),
        output_field=CharField(),
    )


def event_id_of(key: str) -> int:
    return int(key.rsplit("|", 1)[1])


def ranking_over_results(what: What, who: Who, where: Where) -> list[tuple]:
    """A ranking counted over the results and their joins, as the archive counted before the table."""
    rows = (
        Result.objects.filter(where.q(), counting_q(what))
        .annotate(subject=subject_expression(who, what))
        .exclude(subject__isnull=True)
        .values("subject")
        .annotate(count=Count(unit(what), distinct=True), first=Min(chronology()), last=Max(chronology()))
        .order_by("-count", "first", "subject")
    )
    if who == Who.NATIONALITY:
        rows = rows.exclude(subject="")
    return [(row["subject"], row["count"], event_id_of(row["first"]), event_id_of(row["last"])) for row in rows]


def test_every_ranking_from_the_credits_matches_a_count_over_the_results():
    call_command("generate_archive", "--results", "1500", "--seed", "3", stdout=io.StringIO())
    assert agrees()
    busiest = Race.objects.annotate(n=Count("editions")).order_by("-n").first()
    busiest_class = CarClass.objects.annotate(n=Count("entries")).order_by("-n").first()
    wheres = [Where(), Where(race=busiest), Where(year_from=2010, year_to=2020), Where(car_class=busiest_class)]
    # Makes start in several classes of one race: a count of every start row, not of races, would be wrong.
    in_two_classes = Credit.objects.filter(who=Who.MAKE, started=True).values("subject_id", "session_id")
    assert in_two_classes.annotate(classes=Count("id")).filter(classes__gt=1).exists()
    compared = 0
    for what in What:
        for who in Who:
            for where in wheres:
                expected = ranking_over_results(what, who, where)
                got = [(row.subject, row.count, row.first, row.last) for row in ranking(what, who, where)]
                assert got == expected, (what, who, where)
                compared += bool(expected)
    assert compared >= len(What) * len(Who) * 2  # most of them count something


def test_a_makes_totals_count_each_race_once_in_all_and_per_class():
    call_command("generate_archive", "--results", "1500", "--seed", "3", stdout=io.StringIO())
    # A make that started in two classes of one race: one start in all, one in each class.
    in_two_classes = (
        Credit.objects.filter(who=Who.MAKE, started=True)
        .values("subject_id", "session_id")
        .annotate(classes=Count("id"))
        .filter(classes__gt=1)
        .order_by("subject_id")
    )
    make = Manufacturer.objects.get(pk=in_two_classes.first()["subject_id"])

    found = totals(Who.MAKE, make, per=Per.CLASS)

    def ranked(what: What, where: Where) -> int:
        return next(row.count for row in ranking(what, Who.MAKE, where) if row.subject == make.pk)

    over_results = {subject: count for subject, count, *_ in ranking_over_results(What.STARTS, Who.MAKE, Where())}
    assert found.all.starts == over_results[make.pk] == ranked(What.STARTS, Where())
    assert found.all.podiums == ranked(What.PODIUMS, Where())
    classes = [row for row in found.rows if row.group is not None]
    assert len(classes) > 1 and sum(row.starts for row in classes) > found.all.starts
    for row in classes:
        in_class = Where(car_class=row.group)
        expected = {s: c for s, c, *_ in ranking_over_results(What.STARTS, Who.MAKE, in_class)}
        assert row.starts == expected[make.pk] == ranked(What.STARTS, in_class), row.group
