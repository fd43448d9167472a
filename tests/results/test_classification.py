import pytest

from results.models import Result, Session
from results.stats.classification import assign_class_positions
from tests.factories import CarClassFactory, EntryFactory, ResultFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_class_positions_follow_the_overall_order_within_each_class():
    session = SessionFactory()
    gtp, gtd = CarClassFactory(code="GTP"), CarClassFactory(code="GTD")
    classes = [gtp, gtd, gtd, gtp, gtd]
    results = [
        ResultFactory(session=session, position=pos, entry=EntryFactory(event=session.event, car_class=cls))
        for pos, cls in enumerate(classes, start=1)
    ]
    assign_class_positions(session)
    assert [Result.objects.get(pk=r.pk).class_position for r in results] == [1, 1, 2, 2, 3]


def test_a_given_class_position_without_an_overall_one_is_kept_and_unplaced_cars_have_none():
    session = SessionFactory()
    partial = ResultFactory(session=session, position=None, class_position=7)
    out = ResultFactory(session=session, position=None, class_position=3, status=Result.Status.DID_NOT_START)
    assign_class_positions(session)
    partial.refresh_from_db()
    out.refresh_from_db()
    assert partial.class_position == 7
    assert out.class_position is None


def test_in_a_partial_classification_a_class_position_is_derived_only_while_the_places_above_are_known():
    session = SessionFactory(completeness=Session.Completeness.PARTIAL)
    gtp, gtd = CarClassFactory(code="GTP"), CarClassFactory(code="GTD")
    # Known: P1 and P2 (GTP), then P6 (GTD, 4th in class as the source says) and P9 (GTD, no class place given).
    known = [(1, gtp, None), (2, gtp, None), (6, gtd, 4), (9, gtd, None)]
    results = [
        ResultFactory(
            session=session, position=pos, class_position=given, entry=EntryFactory(event=session.event, car_class=cls)
        )
        for pos, cls, given in known
    ]
    assign_class_positions(session)
    assert [Result.objects.get(pk=r.pk).class_position for r in results] == [1, 2, 4, None]
