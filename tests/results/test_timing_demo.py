"""The real 2024 Rolex 24 file imported over the demo archive's partial Rolex 24: it completes it."""

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


def test_the_file_completes_the_partial_race_without_a_second_car_or_driver(rolex):
    race = rolex.sessions.get(name="Race")
    notes, articles = race.notes, Article.objects.filter(event=rolex).count()
    cars_before = Car.objects.count()

    outcome = import_timing(
        data=DAYTONA.read_bytes(), file_name=DAYTONA.name, event=rolex, session_name="Race", status="official"
    )

    race.refresh_from_db()
    assert race.results.count() == 59 and rolex.entries.count() == 59
    assert race.completeness == "complete" and race.source == DAYTONA.name
    assert race.notes == notes and Article.objects.filter(event=rolex).count() == articles
    numbers = list(Entry.objects.filter(event=rolex).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    # The demo's drivers are the file's, however the demo wrote them.
    for family in ("Cameron", "Nasr", "Goikhberg", "Robichon", "De Francesco", "Pier Guidi", "Ward"):
        assert Driver.objects.filter(family_name__iexact=family).count() == 1, family
    assert Driver.objects.get(family_name="Robichon").given_name == "Zacharie"
    assert Driver.objects.filter(family_name__in=["De Angelis", "DeAngelis"]).count() == 1
    assert Team.objects.filter(name__istartswith="Porsche Penske").count() == 1
    assert Car.objects.filter(manufacturer__name="Porsche", model="963").count() == 1
    assert Car.objects.filter(manufacturer__name="Mercedes-AMG", model="GT3").count() == 1
    assert Car.objects.count() - cars_before == outcome.report.created["car"]
    winner = Result.objects.get(session=race, position=1)
    assert winner.entry.number == "7" and winner.class_position == 1
    # The demo's "Anthony Mantell" is the file's "Anthony Mantella"? An editor decides.
    assert any("Anthony Mantella is new and replaces Anthony Mantell" in w for w in outcome.report.warnings)


def test_a_car_the_demo_holds_under_its_team_keeps_it_with_the_files_entrant_name(rolex):
    import_timing(data=DAYTONA.read_bytes(), file_name=DAYTONA.name, event=rolex, session_name="Race")

    ford = Entry.objects.select_related("team").get(event=rolex, number="64")
    assert ford.team.name == "Multimatic" and ford.entrant_name == "Ford Multimatic Motorsports"
    era = Entry.objects.select_related("team").get(event=rolex, number="18")
    assert era.team.name == "Era Motorsports" and era.entrant_name == "Era Motorsport"
