"""Editors' screens for the calendar: series and their classes, seasons, circuits, races, events."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from drivers.admin import ArchiveAdmin, autocomplete_scope, count_column, country_filter
from results.admin.recounting import RecountsOnce
from results.display.badges import text_colour_on
from results.display.dates import date_range
from results.models import CarClass, Circuit, Event, Race, Season, Series, Session


class CarClassInline(admin.TabularInline):
    model = CarClass
    fields = ["order", "code", "name", "colour"]
    extra = 0


@admin.register(Series)
class SeriesAdmin(ArchiveAdmin):
    list_display = ["name", "short_name", "seasons_count"]
    seasons_count = count_column("seasons", "seasons")
    list_filter = [("seasons__year", admin.AllValuesFieldListFilter)]
    search_fields = ["search_key"]
    fields = ["name", "short_name", "slug", "first_year"]
    inlines = [CarClassInline]


@admin.register(Season)
class SeasonAdmin(RecountsOnce, ArchiveAdmin):
    list_display = ["__str__", "series", "year", "events_count"]
    events_count = count_column("events", "events")
    list_filter = ["series"]
    search_fields = ["series__search_key", "year__exact"]
    autocomplete_fields = ["series"]

    def get_queryset(self, request):
        # Every label names the series, autocomplete results included.
        return super().get_queryset(request).select_related("series")


@admin.register(CarClass)
class CarClassAdmin(ArchiveAdmin):
    list_display = ["name", "code", "series", "order", "badge"]
    list_filter = ["series"]
    list_select_related = ["series"]
    search_fields = ["code", "name", "series__search_key"]
    autocomplete_fields = ["series"]
    fields = ["series", "code", "name", "order", "colour"]

    def get_search_results(self, request, queryset, search_term):
        if series := autocomplete_scope(request, "series"):
            queryset = queryset.filter(series_id=series)
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="badge")
    def badge(self, car_class):
        return format_html(
            '<span style="background:{};color:{};padding:1px 6px;border-radius:3px">{}</span>',
            car_class.colour,
            text_colour_on(car_class.colour),
            car_class.name,
        )


@admin.register(Circuit)
class CircuitAdmin(ArchiveAdmin):
    list_display = ["name", "place", "country", "time_zone", "length", "turns"]
    list_filter = [country_filter("country", "country"), "time_zone"]
    search_fields = ["search_key"]
    fields = ["name", "slug", "place", "country", "time_zone", "length_m", "turns"]

    @admin.display(description="lap length", ordering="length_m")
    def length(self, circuit):
        if circuit.length_m is None:
            return None
        return f"{circuit.length_km:.3f} km ({circuit.length_miles:.2f} mi)"


@admin.register(Race)
class RaceAdmin(ArchiveAdmin):
    list_display = ["name", "circuit", "editions_count"]
    editions_count = count_column("editions", "editions")
    list_filter = [("circuit", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["circuit"]
    search_fields = ["search_key"]
    autocomplete_fields = ["circuit"]
    fields = ["name", "slug", "circuit", "first_year"]


class SessionInline(admin.TabularInline):
    """The event's sessions at a glance; each one's results are entered on its own page."""

    model = Session
    fields = ["order", "name", "kind", "starts_at", "time_zone", "start_time_known", "status", "completeness"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        # Each row is titled by the session's name with its event's.
        return super().get_queryset(request).select_related("event")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and obj.circuit_id:
            formset.form.base_fields["time_zone"].initial = obj.circuit.time_zone
        return formset


@admin.register(Event)
class EventAdmin(RecountsOnce, ArchiveAdmin):
    list_display = ["name", "year", "season", "dates", "circuit", "race", "status"]
    list_filter = ["status", "season__series", "year"]
    search_fields = ["search_key", "race__search_key", "circuit__search_key", "season__series__search_key"]
    autocomplete_fields = ["season", "race", "circuit"]
    fieldsets = [
        (None, {"fields": ["season", "race", "year", "round", "name", "slug", "status"]}),
        ("Where and when", {"fields": ["circuit", "start_date", "end_date"]}),
        ("Entries and sessions", {"fields": ["sheets"]}),
    ]
    readonly_fields = ["sheets"]
    inlines = [SessionInline]

    def get_queryset(self, request):
        # The list, the autocomplete labels and the change page name the series, race and circuit.
        return super().get_queryset(request).select_related("season__series", "race", "circuit")

    @admin.display(description="dates", ordering="start_date")
    def dates(self, event):
        return date_range(event)

    @admin.display(description="sheets")
    def sheets(self, event):
        if event.pk is None:
            return "Save the event first; then add its entries and sessions."
        entries = event.entries.count()
        return format_html(
            '<a href="{}?event__id__exact={}">{} entries</a> · <a href="{}?event={}">add an entry</a>'
            ' · <a href="{}?event={}">add a session and its results</a>',
            reverse("admin:results_entry_changelist"),
            event.pk,
            entries,
            reverse("admin:results_entry_add"),
            event.pk,
            reverse("admin:results_session_add"),
            event.pk,
        )
