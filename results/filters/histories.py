"""Filters of history pages (django-filter): by season, series and class.

Each filter offers only the choices the page's own rows have (the seasons a driver
raced, the classes a race has had), so no choice leads to an empty table. A value that
is not one of them is reported by the form ("Select a valid choice") and left out,
while the other filters still apply.
"""

import django_filters
from django.db.models import QuerySet

from results.filters.fields import ChoiceFilter, ClassChoiceFilter, SlugChoiceFilter
from results.models import CarClass, Series
from results.stats.histories import CIRCUIT_FACETS, RACE_FACETS, RESULT_FACETS, Facets, facets
from results.stats.records.rules import Where


class NarrowedFilterSet(django_filters.FilterSet):
    """A FilterSet whose choices come from the rows it filters."""

    facet_lookups = RESULT_FACETS  # where a filtered row's year, series and class are

    def __init__(self, data=None, queryset=None, *, choices: Facets | None = None, **kwargs):
        """`choices`, the facets of `queryset` (stats.histories.facets), when the caller kept them."""
        super().__init__(data or None, queryset=queryset, **kwargs)
        choices = choices or facets(queryset, self.facet_lookups)
        if "season" in self.filters:
            self.filters["season"].extra["choices"] = [(year, year) for year in choices.years]
        if "series" in self.filters:
            self.filters["series"].queryset = Series.objects.filter(pk__in=choices.series_ids)
        if "car_class" in self.filters:
            classes = CarClass.objects.filter(pk__in=choices.class_ids).select_related("series")
            self.filters["car_class"].queryset = classes

    @property
    def chosen(self) -> dict:
        """The valid choices made, by filter name; invalid ones are left to the form's errors."""
        if not self.is_bound:
            return {}
        self.errors  # noqa: B018 -- validates the form, which fills cleaned_data
        return {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "")}

    def where(self, **fixed) -> Where:
        """The choices as a records.Where, with `fixed` criteria (race=..., circuit=...) added."""
        chosen = self.chosen
        season = chosen.get("season")
        return Where(
            series=chosen.get("series"),
            car_class=chosen.get("car_class"),
            year_from=chosen.get("since", int(season) if season else None),
            year_to=chosen.get("until", int(season) if season else None),
            **fixed,
        )


def series_filter(field_name: str) -> SlugChoiceFilter:
    """A history's series, named by its slug; its choices are set from the rows (NarrowedFilterSet)."""
    return SlugChoiceFilter(
        field_name=field_name, queryset=Series.objects.none(), label="Series", empty_label="All series"
    )


class ResultHistoryFilter(NarrowedFilterSet):
    """Race results of a driver, team, car or make."""

    season = ChoiceFilter(field_name="session__event__year", label="Season", empty_label="All seasons")
    series = series_filter("session__event__season__series")
    car_class = ClassChoiceFilter(field_name="entry__car_class", queryset=CarClass.objects.none())


class EventHistoryFilter(NarrowedFilterSet):
    """Events of a circuit or of a season list: by season and series."""

    facet_lookups = CIRCUIT_FACETS

    season = ChoiceFilter(field_name="year", label="Season", empty_label="All seasons")
    series = series_filter("season__series")


class RaceHistoryFilter(NarrowedFilterSet):
    """Editions of a race: a span of years, a series, and one class's winners and wins."""

    facet_lookups = RACE_FACETS

    since = django_filters.NumberFilter(field_name="year", lookup_expr="gte", label="From")
    until = django_filters.NumberFilter(field_name="year", lookup_expr="lte", label="To")
    series = series_filter("season__series")
    car_class = ClassChoiceFilter(field_name="entries__car_class", queryset=CarClass.objects.none(), method="had_class")

    def had_class(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Editions where the class raced (its winners and wins are then the page's subject)."""
        return queryset.filter(entries__car_class=value).distinct()
