"""Form pieces of the editors' screens: narrowed autocompletes, times typed as sheets write them."""

import datetime
from collections import defaultdict
from urllib.parse import urlencode

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from results.display.times import format_gap, format_time
from results.importers.times import DurationError, parse_gap, parse_time_ms
from results.models import CarClass, Event


class ScopedAutocompleteMixin:
    """An autocomplete narrowed to one scope: an event's entries, a series' classes.

    `scope` travels in the search URL and the searched admin applies it (see
    drivers.admin.autocomplete_scope). `labels` names the selected options from one query
    made for the whole inline, instead of one query per row.
    """

    def __init__(self, field, admin_site, *, scope: dict | None = None, labels: dict | None = None, **kwargs):
        super().__init__(field, admin_site, **kwargs)
        self.scope = scope
        self.labels = labels

    def get_url(self):
        url = super().get_url()
        return f"{url}?{urlencode(self.scope)}" if self.scope else url

    def optgroups(self, name, value, attr=None):
        chosen = [str(pk) for pk in value if str(pk) not in self.choices.field.empty_values]
        if self.labels is None or not set(chosen) <= self.labels.keys():
            # A choice made on a page sent back with errors may not be labelled yet.
            return super().optgroups(name, value, attr)
        options = (
            [] if self.is_required or self.allow_multiple_selected else [self.create_option(name, "", "", False, 0)]
        )
        for pk in chosen:
            options.append(self.create_option(name, pk, self.labels[pk], True, len(options)))
        return [(None, options, 0)]


class ScopedAutocompleteSelect(ScopedAutocompleteMixin, AutocompleteSelect):
    pass


class ScopedAutocompleteSelectMultiple(ScopedAutocompleteMixin, AutocompleteSelectMultiple):
    pass


def narrow_choices(form_class, name: str, queryset, *, admin_site, scope=None, labels=None) -> None:
    """Offer only `queryset` in the autocomplete field `name` of a freshly built admin form class.

    `scope` narrows the search (see ScopedAutocompleteMixin), `labels` names the chosen options.
    """
    field = form_class.base_fields[name]
    wrapper = field.widget  # the admin's RelatedFieldWidgetWrapper around the autocomplete
    widget_class = (
        ScopedAutocompleteSelectMultiple if wrapper.widget.allow_multiple_selected else ScopedAutocompleteSelect
    )
    wrapper.widget = widget_class(wrapper.widget.field, admin_site, scope=scope, labels=labels)
    field.queryset = queryset


def narrow_to_series_classes(form_class, name: str, event: Event | None, *, admin_site) -> None:
    """Offer in the field `name` only the classes of `event`'s series, when it has one."""
    if event is None or event.season_id is None or name not in form_class.base_fields:
        return
    series = event.season.series_id
    classes = CarClass.objects.filter(series_id=series)
    narrow_choices(form_class, name, classes, admin_site=admin_site, scope={"series": series})


def event_from_query(request) -> Event | None:
    """The event an add page was opened for: ?event=12, as the event page's links write it."""
    pk = request.GET.get("event", "")
    if not pk.isdigit():
        return None
    return Event.objects.select_related("season__series", "circuit").filter(pk=pk).first()


def event_being_edited(request, obj) -> Event | None:
    """The event of the session or entry `obj`, or the one its add page was opened for."""
    return obj.event if obj is not None else event_from_query(request)


def flag_repeats(forms_, name: str, message) -> bool:
    """Give every form whose `name` repeats another form's an error; return whether any did.

    `message(value, forms)` words the error from the repeated value and the forms sharing it.
    Formsets need this for rules Django's own formset check skips, such as partial unique
    constraints, and to name the repeated thing instead of "Please correct the duplicate data".
    """
    sharing = defaultdict(list)
    for form in forms_:
        value = form.cleaned_data.get(name)
        if value is not None:
            sharing[value].append(form)
    repeated = {value: group for value, group in sharing.items() if len(group) > 1}
    for value, group in repeated.items():
        for form in group:
            form.add_error(name, message(value, group))
    return bool(repeated)


class DerivedNumberInput(forms.NumberInput):
    """A number shown as plain text where the field is disabled because the value is derived."""

    def render(self, name, value, attrs=None, renderer=None):
        if attrs and attrs.get("disabled"):
            shown = "–" if value in (None, "") else value
            return format_html('<span class="readonly derived" id="{}">{}</span>', attrs.get("id", ""), shown)
        return super().render(name, value, attrs, renderer)


class SheetTextField(forms.CharField):
    """A value typed as a timing sheet writes it, read by `parse` and shown by `prepare_value`."""

    how_to_write = ""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", self.how_to_write)
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 9}))
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return self.parse(super().to_python(value))
        except DurationError as error:
            raise ValidationError(str(error), code="invalid") from error


class MillisecondsField(SheetTextField):
    """A duration (1:35.605, 23:58:24.723), kept as milliseconds."""

    how_to_write = "h:mm:ss.fff, m:ss.fff or ss.fff"

    def parse(self, text):
        return parse_time_ms(text)

    def prepare_value(self, value):
        return format_time(value) if isinstance(value, int) else value


class ScheduledLengthField(forms.DurationField):
    """A session's scheduled length in hours and minutes, as the sport says it: 24:00, 2:40.

    Django's own field shows 24 hours as "1 00:00:00" and reads "2:40" as 2 minutes
    40 seconds.
    """

    widget = forms.TextInput(attrs={"size": 9})

    def __init__(self, **kwargs):
        kwargs["help_text"] = "Hours and minutes: 24:00, 6:00, 2:40."
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if not isinstance(value, datetime.timedelta):
            return value
        seconds = round(value.total_seconds())
        shown = f"{seconds // 3600}:{seconds % 3600 // 60:02d}"
        # Seconds only where there are some: shown without them, a save would drop them.
        return f"{shown}:{seconds % 60:02d}" if seconds % 60 else shown

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.timedelta):
            return value
        parts = str(value).strip().split(":")
        if not 2 <= len(parts) <= 3 or not all(part.isdigit() for part in parts) or int(parts[1]) > 59:
            raise ValidationError("Write hours and minutes: 24:00, or 2:40 for two hours forty.", code="invalid")
        hours, minutes, seconds = (int(part) for part in [*parts, "0"][:3])
        return datetime.timedelta(hours=hours, minutes=minutes, seconds=seconds)


class GapField(SheetTextField):
    """A gap to the leader ("+7.123", "+1 Lap", "+7 Laps"), kept as (ms, laps)."""

    how_to_write = "+7.123 behind the leader, or +1 Lap, +7 Laps"

    def parse(self, text):
        gap = parse_gap(text)
        return None if gap == (None, None) else gap

    def prepare_value(self, value):
        return format_gap(*value) if isinstance(value, tuple) else value


class GapForm(forms.ModelForm):
    """A result form whose gaps are typed as sheets write them, each kept as (ms, laps) fields.

    A gap field counts only where the admin lists it: a form that does not show the class
    gap must not clear it.
    """

    GAPS = {"gap": ("gap_ms", "gap_laps"), "class_gap": ("class_gap_ms", "class_gap_laps")}

    gap = GapField(required=False)
    class_gap = GapField(
        required=False,
        label="gap to the class leader",
        help_text="Only where the source gives it without the cars around: +7 Laps.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gaps = {name: attrs for name, attrs in self.GAPS.items() if name in (self._meta.fields or ())}
        for name in self.GAPS.keys() - self.gaps.keys():
            del self.fields[name]
        for name, attrs in self.gaps.items():
            value = tuple(getattr(self.instance, attr) for attr in attrs)
            if value != (None, None):
                self.initial.setdefault(name, value)

    def clean(self):
        cleaned = super().clean()
        for name, (ms, laps) in self.gaps.items():
            if name in cleaned:
                gap_ms, gap_laps = cleaned[name] or (None, None)
                setattr(self.instance, ms, gap_ms)
                setattr(self.instance, laps, gap_laps)
        return cleaned


# The result fields stored in milliseconds, with the label an editor reads.
TIME_FIELDS = {"total_time_ms": "total time", "best_lap_ms": "best lap"}


class TimesAsTextMixin:
    """Admin forms show and take result times as text, never as raw milliseconds."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in TIME_FIELDS:
            return MillisecondsField(required=False, label=TIME_FIELDS[db_field.name])
        return super().formfield_for_dbfield(db_field, request, **kwargs)
