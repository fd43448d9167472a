"""Editors' screens for sessions and their results: a session's classification is one page.

Class positions are never typed where an overall position exists: after every save the
admin calls results.stats.classification.assign_class_positions, whose rule the importers follow.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.http import QueryDict

from drivers.admin import ArchiveAdmin, FoldedSearchMixin, count_column
from drivers.admin_history import HistoryAdmin
from results.admin.forms import (
    DerivedNumberInput,
    GapForm,
    ScheduledLengthField,
    TimesAsTextMixin,
    event_being_edited,
    event_from_query,
    flag_repeats,
    narrow_choices,
    narrow_to_series_classes,
)
from results.admin.laps import LapImportMixin, MinimumDriveTimeInline
from results.admin.recounting import RecountsOnce
from results.admin.timing import TimingImportMixin
from results.display.classification import time_or_gap
from results.display.dates import session_start
from results.models import Entry, Result, Session
from results.stats.classification import assign_class_positions

CLASS_POSITION_HELP = (
    "Follows from the overall order when you save, so it is shown here, not typed. Type it only where "
    "the overall order cannot give it: a car without an overall position, or a partial classification "
    "whose source skips places."
)


def rule_message(name: str) -> str:
    """The message of Result's constraint `name`, for checks the forms make themselves."""
    return next(str(c.violation_error_message) for c in Result._meta.constraints if c.name == name)


def derives_class_positions(session: Session | None) -> bool:
    """Whether every class position of `session` with an overall position follows from it.

    In a partial classification a source's class position is kept below a place the archive
    does not know (see assign_class_positions), so there it stays open to the editor.
    """
    return session is not None and not session.is_partial


class ResultForm(GapForm, forms.ModelForm):
    """A result whose class position is derived, and typed only where no overall position gives it."""

    def __init__(self, *args, session: Session | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session or (self.instance.session if self.instance.session_id else None)
        field = self.fields.get("class_position")
        if field is not None:
            field.help_text = CLASS_POSITION_HELP
            field.disabled = self.instance.position is not None and derives_class_positions(self.session)
            field.widget = DerivedNumberInput(attrs=field.widget.attrs)

    def clean(self):
        cleaned = super().clean()
        session = cleaned.get("session", self.session)
        typed = not self.fields["class_position"].disabled
        if typed and cleaned.get("position") is not None and derives_class_positions(session):
            # The overall position gives the class position on save; a typed one would be overwritten.
            cleaned["class_position"] = None
        return cleaned


class ResultRowForm(ResultForm):
    """One row of a session's results table."""

    def _get_validation_exclusions(self):
        # Positions are checked across all rows by ResultFormSet.clean. Checked row by row
        # against the saved rows, two cars could never swap places in one save.
        return super()._get_validation_exclusions() | {"position"}

    def clean(self):
        cleaned = super().clean()
        # The exclusion above also skips the database rules on a row's own position.
        position = cleaned.get("position")
        if position is not None and position < 1:
            self.add_error("position", rule_message("result_position_positive"))
        elif position is not None and cleaned.get("status") in Result.UNPLACED:
            self.add_error("position", rule_message("result_unplaced_has_no_position"))
        return cleaned


def car_numbers(forms_) -> str:
    numbers = [f"#{form.cleaned_data['entry'].number}" for form in forms_ if form.cleaned_data.get("entry")]
    return " and ".join(numbers) if len(numbers) == len(forms_) else f"{len(forms_)} rows"


class ResultFormSet(BaseInlineFormSet):
    """A session's results: one row per car, one car per position, cars of the session's event."""

    def clean(self):
        rows = [form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]
        event_id = self.instance.event_id
        for form in rows:
            entry = form.cleaned_data.get("entry")
            if entry is not None and event_id is not None and entry.event_id != event_id:
                form.add_error("entry", f"#{entry.number} is entered in {entry.event}, not in this session's event.")
        repeated = flag_repeats(
            rows, "position", lambda position, group: f"Position {position} is given to {car_numbers(group)}."
        )
        repeated |= flag_repeats(
            rows, "entry", lambda entry, group: f"#{entry.number} has {len(group)} rows: one result per car."
        )
        if not repeated:
            super().clean()

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "session": self.instance}

    def save(self, commit=True):
        if commit:
            # Free the positions of the rows that move or go before saving any row, or the
            # first car saved would collide with a car not saved yet (a penalty swaps two).
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if "position" in form.changed_data or self._should_delete_form(form)
            ]
            Result.objects.filter(pk__in=moving).update(position=None)
        return super().save(commit)


class ResultInline(TimesAsTextMixin, admin.TabularInline):
    model = Result
    form = ResultRowForm
    formset = ResultFormSet
    fields = [
        "position",
        "entry",
        "car_class",
        "class_position",
        "status",
        "reason",
        "laps",
        "total_time_ms",
        "gap",
        "best_lap_ms",
        "grid",
    ]
    autocomplete_fields = ["entry"]
    readonly_fields = ["car_class"]
    ordering = [F("position").asc(nulls_last=True), F("class_position").asc(nulls_last=True), "id"]
    template = "admin/edit_inline/tabular_described.html"
    description = (
        "One row per car. Class positions follow the overall positions when you save; "
        "type a class position only for a car whose overall position the source does not give."
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # Short inputs and labels, so that the table fits a laptop's screen.
        if db_field.name == "reason":
            field.widget.attrs.update({"class": "", "size": 8})
        elif isinstance(field, forms.IntegerField):
            field.widget.attrs["style"] = "width: 3em"
        return field

    def get_queryset(self, request):
        # Each row is titled by its car ("P1 #7 Porsche Penske Motorsport") and shows its class.
        return super().get_queryset(request).select_related("entry__team", "entry__car_class")

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is not None and obj.results.exists() else 3

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        event = event_being_edited(request, obj)
        entries = Entry.objects.filter(event=event).select_related("team")
        narrow_choices(
            formset.form,
            "entry",
            entries,
            admin_site=self.admin_site,
            scope={"event": event.pk},
            labels={str(entry.pk): str(entry) for entry in entries},
        )
        entry = formset.form.base_fields["entry"]
        entry.error_messages["invalid_choice"] = f"That car is not entered in {event}: choose one of its entries."
        entry.widget.widget.attrs["data-width"] = "12em"
        return formset

    @admin.display(description="class")
    def car_class(self, result):
        if result.entry_id is None:
            return ""
        return result.entry.car_class or self.get_empty_value_display()


@admin.register(Session)
class SessionAdmin(RecountsOnce, LapImportMixin, TimingImportMixin, ArchiveAdmin):
    formfield_overrides = {models.DurationField: {"form_class": ScheduledLengthField}}
    list_display = ["name", "event", "kind", "start", "status", "completeness", "results_count"]
    results_count = count_column("results", "results")
    list_filter = ["kind", "status", "completeness", "event__season__series", "event__year"]
    search_fields = ["name", "event__search_key"]
    # Newest first: a search for a race's name starts at its latest edition, not its first.
    ordering = [F("event__year").desc(), F("event__start_date").desc(nulls_last=True), "event__name", "order"]
    autocomplete_fields = ["event", "classes"]
    fieldsets = [
        (None, {"fields": ["event", "name", "kind", "order", "slug"]}),
        ("Start", {"fields": ["starts_at", "time_zone", "start_time_known"]}),
        ("Classification", {"fields": ["classes", "status", "completeness", "source"]}),
        ("Facts of the race", {"fields": ["duration", "caution_periods", "red_flags", "notes"]}),
    ]
    inlines = [ResultInline, MinimumDriveTimeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event")

    def get_inlines(self, request, obj):
        # The results table offers the event's entries, so it waits until the event is known.
        return self.inlines if event_being_edited(request, obj) is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        narrow_to_series_classes(form, "classes", event_being_edited(request, obj), admin_site=self.admin_site)
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        event = event_from_query(request)
        if event is not None and event.circuit_id:
            initial.setdefault("time_zone", event.circuit.time_zone)
        return initial

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = assign_class_positions(form.instance)
        if changed:
            self.message_user(request, f"Class positions follow the overall order: {changed} updated.")

    @admin.display(description="start (local)", ordering="starts_at")
    def start(self, session):
        return session_start(session)

    # Deleting a session ------------------------------------------------------------------
    # One confirmation deleted a session with its 59 results and its import log. A session
    # with results is deleted from its own page once the number of its results is typed,
    # and the admin's log says how many went with it; no action deletes several at once.

    delete_confirmation_template = "admin/results/session/delete_confirmation.html"

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        session = self.get_object(request, object_id)
        results = session.results.count() if session is not None else 0
        typed = request.POST.get("results_typed", "").strip()
        context = {**(extra_context or {}), "results_to_type": results}
        if request.method == "POST" and results and typed != str(results):
            context["typed_wrong"] = typed or "nothing"
            request.method, request.POST = "GET", QueryDict()  # shown again, nothing deleted
        return super().delete_view(request, object_id, context)

    def log_deletions(self, request, queryset):
        from django.contrib.admin.models import DELETION, LogEntry

        for session in queryset:
            said = f"Deleted with its {session.results.count()} results and {session.imports.count()} imports."
            LogEntry.objects.log_actions(request.user.pk, [session], DELETION, change_message=said)


class ClassPositionsFollowDeletion:
    """Deleting rows here re-derives the class positions of the sessions whose results went."""

    # From a Session to the rows of this admin: "results" for results, "results__entry" for cars.
    results_path = "results"

    def sessions_of(self, rows) -> list[Session]:
        return list(Session.objects.filter(**{f"{self.results_path}__in": rows}).distinct())

    def delete_queryset(self, request, queryset):
        sessions = self.sessions_of(queryset)
        super().delete_queryset(request, queryset)
        for session in sessions:
            assign_class_positions(session)

    def delete_model(self, request, obj):
        sessions = self.sessions_of([obj])
        super().delete_model(request, obj)
        for session in sessions:
            assign_class_positions(session)


@admin.register(Result)
class ResultAdmin(RecountsOnce, ClassPositionsFollowDeletion, TimesAsTextMixin, FoldedSearchMixin, HistoryAdmin):
    form = ResultForm
    list_display = ["session", "entry", "car_class", "position", "class_position", "status", "laps", "time_or_gap"]
    list_filter = ["session__kind", "status", "session__event__season__series", "session__event__year"]
    list_select_related = ["session__event", "entry__team", "entry__car_class"]
    search_fields = [
        "=entry__number",
        "entry__entrant_name",
        "entry__team__search_key",
        "entry__crew__driver__search_key",
        "session__event__search_key",
    ]
    autocomplete_fields = ["session", "entry", "best_lap_driver", "qualifying_driver"]
    fieldsets = [
        (None, {"fields": ["session", "entry"]}),
        (
            "Classification",
            {"fields": ["position", "class_position", "status", "source_status", "reason"]},
        ),
        (
            "Before a penalty",
            {
                "fields": ["position_at_line", "class_position_at_line"],
                "description": "Only when the official classification differs from the order at the line.",
            },
        ),
        ("Times", {"fields": ["laps", "total_time_ms", "gap", "class_gap", "best_lap_ms", "best_lap_number"]}),
        ("Drivers", {"fields": ["best_lap_driver", "grid", "qualifying_driver"]}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and "entry" in form.base_fields:
            entries = Entry.objects.filter(event_id=obj.entry.event_id)
            narrow_choices(form, "entry", entries, admin_site=self.admin_site, scope={"event": obj.entry.event_id})
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        sessions = {form.instance.session_id, form.initial.get("session")} - {None}
        for session in Session.objects.filter(pk__in=sessions):
            assign_class_positions(session)

    @admin.display(description="class", ordering="entry__car_class__order")
    def car_class(self, result):
        return result.entry.car_class

    @admin.display(description="time or gap")
    def time_or_gap(self, result):
        return time_or_gap(result)
