"""Filter fields the archive's forms share: a choice drawn fast, a class named with its series,
a choice named by its slug, a country the archive holds, a year within the sport's history.
"""

from operator import attrgetter

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.safestring import SafeString

from results.display.html import escape


class DrawnSelect(forms.Select):
    """A select drawn in Python, with Django's own choices, selection and attributes.

    Django's template draws each option through an included template: the filters of a
    long history offer every season, series and class it has, and drawing them that way
    was a good part of the page's time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, group, _ in widget["optgroups"]:
            drawn = "".join(_option(option) for option in group)
            options.append(f'<optgroup label="{escape(group_name)}">{drawn}</optgroup>' if group_name else drawn)
        return SafeString(f'<select name="{escape(name)}"{_attributes(widget["attrs"])}>{"".join(options)}</select>')


def _option(option: dict) -> str:
    return f'<option value="{escape(option["value"])}"{_attributes(option["attrs"])}>{escape(option["label"])}</option>'


def _attributes(attrs: dict) -> str:
    """Attributes as Django's widgets/attrs.html writes them: True alone, False left out."""
    shown = ((name, value) for name, value in attrs.items() if value is not False)
    return "".join(f" {name}" if value is True else f' {name}="{escape(value)}"' for name, value in shown)


class ChoiceFilter(django_filters.ChoiceFilter):
    """A choice among fixed or given values, drawn by DrawnSelect."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DrawnSelect)
        super().__init__(*args, **kwargs)


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices read in one plain query. Django reads them with QuerySet.iterator(),
    which on PostgreSQL opens a server-side cursor: three round trips (declare, fetch,
    close) for the few seasons, series or classes a page's filters offer."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ListedChoiceField(forms.ModelChoiceField):
    iterator = ListedChoiceIterator


class ClassChoiceFilter(django_filters.ModelChoiceFilter):
    """A class, named with its series ("GTD Pro (IMSA)"): several series have a class of the same name."""

    field_class = ListedChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Class")
        kwargs.setdefault("empty_label", "All classes")
        kwargs.setdefault("widget", DrawnSelect)
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        field.label_from_instance = attrgetter("name_with_series")
        return field


class CountryFilter(ChoiceFilter):
    """The countries the archive holds for this kind, by name."""

    def __init__(self, *args, of, **kwargs):
        kwargs.setdefault("empty_label", "All countries")
        kwargs["choices"] = lambda: of.objects.countries(kwargs["field_name"])
        super().__init__(*args, **kwargs)


class SlugChoiceField(ListedChoiceField):
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
        kwargs.setdefault("widget", DrawnSelect)
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
