"""results.stats.winners: who won each race of many events, in two queries."""

import pytest

from results.models import Result, Session
from results.stats.winners import winners_by_event
from tests.factories import (
    CarClassFactory,
    EntryDriverFactory,
    EntryFactory,
    EventFactory,
    ResultFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def result(session, *, position, car_class=None, class_position=None, **kwargs):
    entry = EntryFactory(event=session.event, car_class=car_class)
    return ResultFactory(session=session, entry=entry, position=position, class_position=class_position, **kwargs)


def test_overall_and_class_winners_come_in_the_organisers_class_order():
    event = EventFactory()
    series = event.season.series
    gtd = CarClassFactory(series=series, name="GTD", order=3)
    gtp = CarClassFactory(series=series, name="GTP", order=1)
    gtd_pro = CarClassFactory(series=series, name="GTD Pro", order=2)
    race = SessionFactory(event=event)
    overall = result(race, position=1, car_class=gtp, class_position=1)
    result(race, position=2, car_class=gtp, class_position=2)
    gtd_winner = result(race, position=3, car_class=gtd, class_position=1)
    gtd_pro_winner = result(race, position=4, car_class=gtd_pro, class_position=1)

    [winners] = winners_by_event([event])[event.pk]

    assert winners.overall == overall
    assert winners.class_winners == [overall, gtd_pro_winner, gtd_winner]
    assert winners.other_class_winners == [gtd_pro_winner, gtd_winner]


def test_a_class_position_given_without_an_overall_one_still_names_the_class_winner():
    event = EventFactory()
    lmgt3 = CarClassFactory(series=event.season.series, name="LMGT3")
    race = SessionFactory(event=event, completeness=Session.Completeness.PARTIAL)
    only_known = result(race, position=None, car_class=lmgt3, class_position=1)

    [winners] = winners_by_event([event])[event.pk]

    assert winners.overall is None
    assert winners.class_winners == [only_known]


def test_cars_without_a_class_win_overall_only():
    event = EventFactory()
    race = SessionFactory(event=event)
    winner = result(race, position=1, class_position=1)

    [winners] = winners_by_event([event])[event.pk]

    assert winners.overall == winner
    assert winners.class_winners == []


def test_qualifying_and_unplaced_cars_are_not_winners():
    event = EventFactory()
    qualifying = SessionFactory(event=event, kind=Session.Kind.QUALIFYING, name="Qualifying")
    result(qualifying, position=1)
    race = SessionFactory(event=event, name="Race")
    result(race, position=None, status=Result.Status.DISQUALIFIED)

    assert winners_by_event([event]) == {}


def test_two_races_of_one_weekend_each_have_their_winners_in_session_order():
    event = EventFactory()
    race_2 = SessionFactory(event=event, name="Race 2", order=2)
    race_1 = SessionFactory(event=event, name="Race 1", order=1)
    result(race_1, position=1)
    result(race_2, position=1)

    races = winners_by_event([event])[event.pk]

    assert [race.session.name for race in races] == ["Race 1", "Race 2"]


def test_the_winners_of_many_events_take_two_queries(django_assert_num_queries):
    events = []
    for _ in range(30):
        event = EventFactory()
        race = SessionFactory(event=event)
        for position in (1, 2):
            winner = result(race, position=position, class_position=position)
            EntryDriverFactory.create_batch(3, entry=winner.entry)
        events.append(event)

    with django_assert_num_queries(2):
        winners = winners_by_event(events)
        crews = [len(race.overall.entry.crew.all()) for races in winners.values() for race in races]

    assert crews == [3] * 30
