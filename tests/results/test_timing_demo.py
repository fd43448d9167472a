"""The real 2024 Rolex 24 file imported over the demo archive, which holds its facts: nothing is doubled."""

import pytest
from django.db import transaction

from drivers.models import Car, Driver, Team
from results.importers.demo import load_demo
from results.importers.timing import import_timing
from results.models import Article, Entry, Event, Result
from tests.results.test_timing_support import DAYTONA, needs_real_files

pytestmark = [pytest.mark.django_db, needs_real_files]


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """The demo archive, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def rolex():
    return Event.objects.select_related("season__series").get(name="Rolex 24 At Daytona", year=2024)


def test_the_file_imported_over_the_demos_whole_race_adds_no_car_driver_or_team(rolex):
    race = rolex.sessions.get(name="Race")
    notes, articles = race.notes, Article.objects.filter(event=rolex).count()
    held = {model: model.objects.count() for model in (Car, Driver, Team, Entry)}

    outcome = import_timing(
        data=DAYTONA.read_bytes(), file_name=DAYTONA.name, event=rolex, session_name="Race", status="official"
    )

    race.refresh_from_db()
    # The demo holds the file's facts already: the same cars, drivers and teams, one entry per car.
    assert {model: model.objects.count() for model in held} == held
    assert race.results.count() == 59 and rolex.entries.count() == 59
    assert race.completeness == "complete" and race.source == DAYTONA.name
    assert race.notes == notes and Article.objects.filter(event=rolex).count() == articles
    for family in ("Cameron", "Nasr", "Goikhberg", "Robichon", "Defrancesco", "Pier Guidi", "Ward", "Mantella"):
        assert Driver.objects.filter(family_name__iexact=family).count() == 1, family
    assert Team.objects.filter(name__istartswith="Porsche Penske").count() == 1
    winner = Result.objects.get(session=race, position=1)
    assert winner.entry.number == "7" and winner.class_position == 1
    assert not outcome.report.created.get("driver") and not outcome.report.created.get("car")


def test_a_car_the_demo_holds_under_its_team_keeps_it_with_the_files_entrant_name(rolex):
    import_timing(data=DAYTONA.read_bytes(), file_name=DAYTONA.name, event=rolex, session_name="Race")

    ford = Entry.objects.select_related("team").get(event=rolex, number="64")
    assert ford.team.name == "Multimatic" and ford.entrant_name == "Ford Multimatic Motorsports"
    wtr = Entry.objects.select_related("team").get(event=rolex, number="45")
    assert wtr.team.name == "Wayne Taylor Racing" and wtr.entrant_name == "Wayne Taylor Racing with Andretti"
