"""The query parameters the API's lists take (django-filter, as the site's own lists):
`?series=imsa&year=2024`, `?race=petit-le-mans`, `?driver=felipe-nasr`... Every value is
checked: one that names nothing, or is no number where a number is wanted, is answered
400 with what is wrong, never a 500 and never a silently empty list.
"""

import django_filters
from django.db.models import Q
from django_countries import countries

from drivers.models import Car, Driver, Manufacturer, Team
from results.models import CarClass, Circuit, Entry, EntryDriver, Event, Race, Result, Season, Series, Session


def _slugged(model, field_name: str, label: str):
    return django_filters.ModelChoiceFilter(
        queryset=model.objects.all(), to_field_name="slug", field_name=field_name, label=label
    )


class Named(django_filters.FilterSet):
    """A list searchable by name: ?q=porsche (the words of its name, accents or not)."""

    q = django_filters.CharFilter(method="named", label="Name contains")

    def named(self, queryset, name, value):
        return queryset.search(value)  # drivers.models.NamedQuerySet


class SeasonFilter(django_filters.FilterSet):
    series = _slugged(Series, "series", "Series (slug)")
    year = django_filters.NumberFilter()

    class Meta:
        model = Season
        fields = ["series", "year"]


class EventFilter(django_filters.FilterSet):
    season = django_filters.ModelChoiceFilter(queryset=Season.objects.all(), label="Season (id)")
    series = _slugged(Series, "season__series", "Series (slug)")
    year = django_filters.NumberFilter()
    race = _slugged(Race, "race", "Race (slug)")
    circuit = _slugged(Circuit, "circuit", "Circuit (slug)")
    status = django_filters.ChoiceFilter(choices=Event.Status.choices)
    driver = django_filters.ModelChoiceFilter(
        queryset=Driver.objects.all(), to_field_name="slug", method="entered", label="Driver entered (slug)"
    )

    class Meta:
        model = Event
        fields = ["season", "series", "year", "race", "circuit", "status", "driver"]

    def entered(self, queryset, name, driver):
        return queryset.filter(pk__in=EntryDriver.objects.filter(driver=driver).values("entry__event_id"))


class SessionFilter(django_filters.FilterSet):
    event = django_filters.ModelChoiceFilter(queryset=Event.objects.all(), label="Event (id)")
    kind = django_filters.ChoiceFilter(choices=Session.Kind.choices)

    class Meta:
        model = Session
        fields = ["event", "kind"]


class DriverFilter(Named):
    nationality = django_filters.ChoiceFilter(choices=list(countries), label="Nationality (ISO 3166 code)")

    class Meta:
        model = Driver
        fields = ["q", "nationality"]


class ResultFilter(django_filters.FilterSet):
    """A subject's results: at least one of driver, team, manufacturer, car, event or session."""

    driver = django_filters.ModelChoiceFilter(
        queryset=Driver.objects.all(), to_field_name="slug", method="crewed", label="Driver (slug)"
    )
    team = _slugged(Team, "entry__team", "Team (slug)")
    manufacturer = django_filters.ModelChoiceFilter(
        queryset=Manufacturer.objects.all(), to_field_name="slug", method="made", label="Manufacturer (slug)"
    )
    car = _slugged(Car, "entry__car", "Car model (slug)")
    event = django_filters.ModelChoiceFilter(queryset=Event.objects.all(), field_name="session__event")
    session = django_filters.ModelChoiceFilter(queryset=Session.objects.all())
    kind = django_filters.ChoiceFilter(choices=Session.Kind.choices, field_name="session__kind")
    car_class = django_filters.ModelChoiceFilter(queryset=CarClass.objects.all(), field_name="entry__car_class")
    year = django_filters.NumberFilter(field_name="session__event__year")

    SUBJECTS = ("driver", "team", "manufacturer", "car", "event", "session")

    class Meta:
        model = Result
        fields = ["driver", "team", "manufacturer", "car", "event", "session", "kind", "car_class", "year"]

    def crewed(self, queryset, name, driver):
        return queryset.filter(entry__in=EntryDriver.objects.filter(driver=driver).values("entry_id"))

    def made(self, queryset, name, make):
        return queryset.filter(Q(entry__car__manufacturer=make) | Q(entry__car__engine_manufacturer=make))


class EntryFilter(django_filters.FilterSet):
    """An event's entry list (?event=12), or a driver's, team's or car's entries."""

    event = django_filters.ModelChoiceFilter(queryset=Event.objects.all(), label="Event (id)")
    driver = django_filters.ModelChoiceFilter(
        queryset=Driver.objects.all(), to_field_name="slug", field_name="crew__driver", label="Driver (slug)"
    )
    team = _slugged(Team, "team", "Team (slug)")
    car = _slugged(Car, "car", "Car model (slug)")

    SUBJECTS = ("event", "driver", "team", "car")

    class Meta:
        model = Entry
        fields = ["event", "driver", "team", "car"]
