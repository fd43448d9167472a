"""Filter fields the archive's forms share: a class named with its series, a choice named by
its slug, a country the archive holds, a year within the sport's history.
"""

from operator import attrgetter

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug


class ClassChoiceFilter(django_filters.ModelChoiceFilter):
    """A class, named with its series ("GTD Pro (IMSA)"): several series have a class of the same name."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Class")
        kwargs.setdefault("empty_label", "All classes")
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        field.label_from_instance = attrgetter("name_with_series")
        return field


class CountryFilter(django_filters.ChoiceFilter):
    """The countries the archive holds for this kind, by name."""

    def __init__(self, *args, of, **kwargs):
        kwargs.setdefault("empty_label", "All countries")
        kwargs["choices"] = lambda: of.objects.countries(kwargs["field_name"])
        super().__init__(*args, **kwargs)


class SlugChoiceField(forms.ModelChoiceField):
    """A choice named by its slug; what cannot be a slug is refused before the database sees it."""

    def to_python(self, value):
        if value not in self.empty_values:
            try:
                validate_slug(value)
            except ValidationError:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None
        return super().to_python(value)


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


EARLIEST_YEAR, LATEST_YEAR = 1890, 2100


class YearFilter(django_filters.NumberFilter):
    """A year: a whole number within the sport's history."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", EARLIEST_YEAR)
        kwargs.setdefault("max_value", LATEST_YEAR)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"placeholder": "year"}))
        super().__init__(*args, **kwargs)
