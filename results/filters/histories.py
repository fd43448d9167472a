"""Filters of history pages (django-filter): by season, series and class.

Each filter offers only the choices the page's own rows have (the seasons a driver
raced, the classes a race has had), so no choice leads to an empty table. A value that
is not one of them is reported by the form ("Select a valid choice") and left out,
while the other filters still apply.
"""

from dataclasses import dataclass

import django_filters
from django.db.models import QuerySet

from results.filters.fields import ClassChoiceFilter, SlugChoiceFilter
from results.models import CarClass, Series
from results.stats.records.rules import Where


@dataclass(frozen=True)
class Choices:
    """What a history's filters offer: the years, series and classes its rows have (ids, cheap to cache)."""

    years: list[int]
    series_ids: list[int]
    class_ids: list[int]


class NarrowedFilterSet(django_filters.FilterSet):
    """A FilterSet whose choices come from the rows it filters."""

    # Lookups from a filtered row to its year, series and class.
    year_lookup = "session__event__year"
    series_lookup = "session__event__season__series"
    class_lookup = "entry__car_class"

    def __init__(self, data=None, queryset=None, *, choices: Choices | None = None, **kwargs):
        """`choices` as `choices_of(queryset)` gave them, when kept from an earlier request."""
        super().__init__(data or None, queryset=queryset, **kwargs)
        choices = choices or self.choices_of(queryset)
        if "season" in self.filters:
            self.filters["season"].extra["choices"] = [(year, year) for year in choices.years]
        if "series" in self.filters:
            self.filters["series"].queryset = Series.objects.filter(pk__in=choices.series_ids)
        if "car_class" in self.filters:
            classes = CarClass.objects.filter(pk__in=choices.class_ids).select_related("series")
            self.filters["car_class"].queryset = classes

    @classmethod
    def choices_of(cls, queryset: QuerySet) -> Choices:
        """The years, series and classes of `queryset`'s rows, in three queries of the filters' own."""
        rows = queryset.order_by().prefetch_related(None)

        def distinct(lookup: str) -> list:
            values = rows.exclude(**{lookup: None}).values_list(lookup, flat=True).distinct()
            return list(values.order_by(f"-{lookup}"))

        return Choices(
            years=distinct(cls.year_lookup) if "season" in cls.base_filters else [],
            series_ids=distinct(cls.series_lookup) if "series" in cls.base_filters else [],
            class_ids=distinct(cls.class_lookup) if "car_class" in cls.base_filters else [],
        )

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

    season = django_filters.ChoiceFilter(field_name="session__event__year", label="Season", empty_label="All seasons")
    series = series_filter("session__event__season__series")
    car_class = ClassChoiceFilter(field_name="entry__car_class", queryset=CarClass.objects.none())


class EventHistoryFilter(NarrowedFilterSet):
    """Events of a circuit or of a season list: by season and series."""

    year_lookup = "year"
    series_lookup = "season__series"
    class_lookup = "entries__car_class"

    season = django_filters.ChoiceFilter(field_name="year", label="Season", empty_label="All seasons")
    series = series_filter("season__series")


class RaceHistoryFilter(NarrowedFilterSet):
    """Editions of a race: a span of years, a series, and one class's winners and wins."""

    year_lookup = "year"
    series_lookup = "season__series"
    class_lookup = "entries__car_class"

    since = django_filters.NumberFilter(field_name="year", lookup_expr="gte", label="From")
    until = django_filters.NumberFilter(field_name="year", lookup_expr="lte", label="To")
    series = series_filter("season__series")
    car_class = ClassChoiceFilter(field_name="entries__car_class", queryset=CarClass.objects.none(), method="had_class")

    def had_class(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Editions where the class raced (its winners and wins are then the page's subject)."""
        return queryset.filter(entries__car_class=value).distinct()
