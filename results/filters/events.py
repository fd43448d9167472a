"""The race page's filter (django-filter): one class alone, ?class=GTDPRO. Never a 500.

Kept apart from histories.py, whose filters narrow histories by season and series, because
this one filters the results of a single event by the classes that event had.
"""

import django_filters

from results.filters.fields import ChoiceFilter
from results.models import CarClass, Result


class EventClassFilter(django_filters.FilterSet):
    """One class alone on an event page, among the classes the event had."""

    car_class = ChoiceFilter(field_name="entry__car_class__code", label="Class", empty_label="All classes")

    class Meta:
        model = Result
        fields = []

    def __init__(self, data=None, *, event, **kwargs):
        super().__init__(data, queryset=Result.objects.all(), **kwargs)
        self.classes = list(CarClass.objects.filter(entries__event=event).distinct().order_by("order", "name"))
        self.filters["class"].extra["choices"] = [(car_class.code, car_class.name) for car_class in self.classes]

    @property
    def selected(self) -> CarClass | None:
        """The class shown alone, or None when every class is shown (or the value was garbage)."""
        code = self.form.cleaned_data.get("class") if self.form.is_valid() else None
        return next((car_class for car_class in self.classes if car_class.code == code), None)


# "class" is a Python keyword, so the filter is declared as car_class and renamed here:
# the query string says ?class=GTD, as fans and links write it.
EventClassFilter.base_filters["class"] = EventClassFilter.base_filters.pop("car_class")
