"""factory_boy factories: each test makes the rows it needs.

`factory_boy` rather than hand-written builders because sub-factories give a complete,
valid object graph (a Result needs a Session and an Entry of the same Event) in one call.
"""

import datetime

import factory
from django.contrib.auth import get_user_model

from drivers.models import Car, Driver, Manufacturer, Team
from results.models import (
    Article,
    CarClass,
    Circuit,
    Entry,
    EntryDriver,
    Event,
    Race,
    Result,
    Season,
    Series,
    Session,
)


class ManufacturerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Manufacturer
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Make {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class CarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Car

    manufacturer = factory.SubFactory(ManufacturerFactory)
    model = factory.Sequence(lambda n: f"Model {n}")


class DriverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Driver

    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    nationality = "US"


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Series {n}")


class SeasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Season
        django_get_or_create = ("series", "year")

    series = factory.SubFactory(SeriesFactory)
    year = 2024


class CarClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarClass

    series = factory.SubFactory(SeriesFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    name = factory.LazyAttribute(lambda o: o.code)
    order = factory.Sequence(lambda n: n)


class CircuitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Circuit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Circuit {n}")
    time_zone = "America/New_York"


class RaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Race
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Race {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    season = factory.SubFactory(SeasonFactory)
    year = factory.LazyAttribute(lambda o: o.season.year if o.season else 2024)
    name = factory.Sequence(lambda n: f"Event {n}")
    circuit = factory.SubFactory(CircuitFactory)
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 6, 1))
    end_date = factory.LazyAttribute(lambda o: o.start_date)
    status = Event.Status.COMPLETED


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    kind = Session.Kind.RACE
    name = "Race"
    time_zone = "America/New_York"


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    event = factory.SubFactory(EventFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    team = factory.SubFactory(TeamFactory)
    entrant_name = factory.LazyAttribute(lambda o: o.team.name if o.team else "")
    car = factory.SubFactory(CarFactory)
    car_class = None


class EntryDriverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntryDriver

    entry = factory.SubFactory(EntryFactory)
    driver = factory.SubFactory(DriverFactory)
    order = factory.Sequence(lambda n: n + 1)


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    session = factory.SubFactory(SessionFactory)
    entry = factory.SubFactory(EntryFactory, event=factory.SelfAttribute("..session.event"))
    position = factory.Sequence(lambda n: n + 1)
    status = Result.Status.CLASSIFIED
    laps = 100


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Report {n}")
    body = "A **race** report."
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: datetime.datetime(2024, 1, 29, 12, tzinfo=datetime.UTC))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-test-password-0")


def update_each(queryset, **values) -> None:
    """QuerySet.update() through each object's save(), which the credits table and the cache follow."""
    for instance in queryset:
        for name, value in values.items():
            setattr(instance, name, value)
        instance.save()
