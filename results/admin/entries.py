"""Editors' screens for the cars entered in an event and their crews: an entry and its crew are one page."""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from drivers.admin import FoldedSearchMixin, autocomplete_scope
from drivers.admin_history import HistoryAdmin
from drivers.models import Driver
from results.admin.forms import event_being_edited, flag_repeats, narrow_choices, narrow_to_series_classes
from results.admin.recounting import RecountsOnce
from results.admin.sessions import ClassPositionsFollowDeletion
from results.models import Entry, EntryDriver
from results.stats.classification import assign_class_positions


class EntryForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        moved = self.instance.pk is not None and "event" in self.changed_data
        if moved and self.instance.results.exists():
            # The database checks a result's event only when the result is written.
            self.add_error("event", "This car has results in its event's sessions: it cannot move to another event.")
        return cleaned


class CrewFormSet(BaseInlineFormSet):
    """A crew: each driver once, in order; a driver left without a number goes after the others."""

    def clean(self):
        rows = [form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]
        repeated = flag_repeats(
            rows, "driver", lambda driver, group: f"{driver} is listed {len(group)} times in this crew."
        )
        if not repeated:
            super().clean()
        last = max((form.cleaned_data.get("order") or 0 for form in rows), default=0)
        for form in rows:
            if form.cleaned_data.get("driver") and form.cleaned_data.get("order") is None:
                last += 1
                form.instance.order = last


class CrewInline(admin.TabularInline):
    model = EntryDriver
    formset = CrewFormSet
    fields = ["order", "driver", "fia_rating"]
    autocomplete_fields = ["driver"]
    ordering = ["order", "id"]
    verbose_name = "driver"
    verbose_name_plural = "crew, in the order of the entry list"

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is not None and obj.crew.exists() else 4

    def get_queryset(self, request):
        # Each row is titled "Kévin Estre in #6 Porsche Penske Motorsport".
        return super().get_queryset(request).select_related("driver", "entry__team")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        crew = obj.crew.select_related("driver") if obj is not None else []
        labels = {str(member.driver_id): str(member.driver) for member in crew}
        narrow_choices(formset.form, "driver", Driver.objects.all(), admin_site=self.admin_site, labels=labels)
        return formset

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "order":
            field.required = False
            field.initial = None
            field.help_text = "1 for the first driver listed. Left empty, the driver goes after the others."
        return field


@admin.register(Entry)
class EntryAdmin(RecountsOnce, ClassPositionsFollowDeletion, FoldedSearchMixin, HistoryAdmin):
    form = EntryForm
    results_path = "results__entry"
    list_display = ["number", "event", "car_class", "entrant", "car_name", "crew_names"]
    list_display_links = ["number", "event"]
    list_filter = ["event__season__series", "event__year", ("car_class", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "=number",
        "entrant_name",
        "event__search_key",
        "team__search_key",
        "car__search_key",
        "crew__driver__search_key",
    ]
    autocomplete_fields = ["event", "car_class", "team", "car"]
    fields = ["event", "number", "car_class", "team", "entrant_name", "car"]
    inlines = [CrewInline]

    def get_queryset(self, request):
        # The list shows car and crew; autocomplete labels name the entrant.
        return super().get_queryset(request).with_car_and_crew().select_related("event")

    def get_search_results(self, request, queryset, search_term):
        if event := autocomplete_scope(request, "event"):
            queryset = queryset.filter(event_id=event)
        return super().get_search_results(request, queryset, search_term)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        narrow_to_series_classes(form, "car_class", event_being_edited(request, obj), admin_site=self.admin_site)
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and "car_class" in form.changed_data:
            # Another class re-orders the class positions of every session the car ran in.
            for session in self.sessions_of([form.instance]):
                assign_class_positions(session)

    @admin.display(description="entrant", ordering="entrant_name")
    def entrant(self, entry):
        return entry.display_entrant

    @admin.display(description="car", ordering="car__search_key")
    def car_name(self, entry):
        return entry.car.full_name if entry.car_id else None

    @admin.display(description="crew")
    def crew_names(self, entry):
        return ", ".join(str(member.driver) for member in entry.crew.all())


@admin.register(EntryDriver)
class EntryDriverAdmin(RecountsOnce, FoldedSearchMixin, HistoryAdmin):
    list_display = ["driver", "entry", "event", "order", "fia_rating"]
    list_filter = ["entry__event__season__series", "entry__event__year", "fia_rating"]
    list_select_related = ["driver", "entry__event", "entry__team"]
    search_fields = ["driver__search_key", "=entry__number", "entry__event__search_key"]
    autocomplete_fields = ["entry", "driver"]
    fields = ["entry", "driver", "order", "fia_rating"]

    @admin.display(description="event", ordering="entry__event")
    def event(self, member):
        return member.entry.event
