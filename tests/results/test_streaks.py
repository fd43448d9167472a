"""Runs of consecutive wins and droughts (results/streaks.py), on the counting rules of results/records.py."""

import pytest

from results.models import Result, Session
from results.records import What, Who, credited, subject_key, unit
from tests.factories import (
    CarClassFactory,
    CarFactory,
    EventFactory,
    ManufacturerFactory,
    SeasonFactory,
    SeriesFactory,
    SessionFactory,
)
from tests.history_archive import classify, enter

pytestmark = pytest.mark.django_db


def test_credited_names_who_is_credited_and_the_unit_counts_a_one_two_once():
    series = SeriesFactory()
    gtp = CarClassFactory(series=series, code="GTP")
    event = EventFactory(season=SeasonFactory(series=series, year=2024))
    porsche = ManufacturerFactory(name="Porsche")
    car = CarFactory(manufacturer=porsche)
    first, second = enter(event, 7, car=car, car_class=gtp), enter(event, 6, car=car, car_class=gtp)
    classify(SessionFactory(event=event, kind=Session.Kind.RACE), [first, second])
    podium = credited(What.PODIUMS, Who.MAKE)
    assert sorted(podium.values_list("subject", flat=True)) == [porsche.pk, porsche.pk]
    assert podium.values("subject").distinct().count() == 1
    assert len(set(podium.values_list(unit(What.PODIUMS), flat=True))) == 1
    assert subject_key(Who.MAKE, porsche) == porsche.pk
    assert Result.objects.count() == 2
