"""Filters of the index pages (django-filter): a name box, and a country, make or series.

The name box matches like the site search (NamedQuerySet.search): every word, ignoring
case and accents, so "estre" finds Kévin Estre. The choices offered are the ones the
archive holds (the nationalities of its drivers, the makes of its cars), so no choice
leads to an empty table; a value that is not one of them is reported by the form and
left out.
"""

import django_filters
from django import forms

from drivers.models import Car, Driver, Manufacturer, Team
from results.filters.fields import CountryFilter, SlugChoiceFilter
from results.models import Circuit, Event, Series

NAME_MAX_LENGTH = 100


class NameFilterSet(django_filters.FilterSet):
    """An index's filters: a name box first; subclasses add what fits their kind."""

    name = django_filters.CharFilter(
        label="Name", method="named", max_length=NAME_MAX_LENGTH, widget=forms.TextInput(attrs={"type": "search"})
    )

    def __init__(self, data=None, queryset=None, **kwargs):
        # An empty query string is an unbound form: no errors to show on a first visit.
        super().__init__(data or None, queryset=queryset, **kwargs)

    def named(self, queryset, name, value):
        return queryset.search(value)


class DriverIndexFilter(NameFilterSet):
    nationality = CountryFilter(field_name="nationality", label="Nationality", of=Driver)


class TeamIndexFilter(NameFilterSet):
    country = CountryFilter(field_name="country", label="Country", of=Team)


class ManufacturerIndexFilter(NameFilterSet):
    country = CountryFilter(field_name="country", label="Country", of=Manufacturer)


class CarIndexFilter(NameFilterSet):
    make = SlugChoiceFilter(
        field_name="manufacturer",
        label="Make",
        empty_label="All makes",
        queryset=Manufacturer.objects.filter(pk__in=Car.objects.values("manufacturer")),
    )


class CircuitIndexFilter(NameFilterSet):
    country = CountryFilter(field_name="country", label="Country", of=Circuit)


class RaceIndexFilter(NameFilterSet):
    series = SlugChoiceFilter(
        label="Series",
        empty_label="All series",
        method="held_in",
        queryset=Series.objects.filter(pk__in=Event.objects.filter(race__isnull=False).values("season__series")),
    )

    def held_in(self, queryset, name, series):
        """Races with an edition in the series: a race that changed series is found under each."""
        return queryset.filter(pk__in=Event.objects.filter(season__series=series).values("race"))
