"""Editors' screens for who and what competes, and the pieces every archive admin shares."""

from django.contrib import admin
from django.db.models import Count
from django_countries import countries

from drivers.admin_history import HistoryAdmin
from drivers.admin_saves import GivesUpWaiting
from drivers.models import Car, Driver, Manufacturer, Team
from drivers.naming import fold


def autocomplete_scope(request, name: str) -> str | None:
    """A narrowing parameter of an autocomplete search ("event=12"), or None elsewhere.

    Only the admin's autocomplete view honours it: the widget that needs it writes it
    into its search URL (see results.admin.forms.ScopedAutocompleteSelect).
    """
    if getattr(request.resolver_match, "url_name", None) != "autocomplete":
        return None
    value = request.GET.get(name, "")
    return value if value.isdigit() else None


class FoldedSearchMixin:
    """Search the folded name keys with folded words, so "Kevin Estre" finds "Kévin Estre".

    The search fields of these admins are search keys, codes and numbers, which folding
    leaves as they are.
    """

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


class OptionalSlugMixin:
    """Slugs are made from the name on save; an editor may still type one."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug" and field is not None:
            field.required = False
            field.help_text = "Left empty, it is made from the name. It is part of the page's address"
            if self.model.slug_in_path:
                field.help_text += "; when it is changed, the old address keeps leading here"
            field.help_text += "."
        return field


def count_column(relation: str, title: str):
    """A list column of how many `relation` rows each row has, counted in the list's own query."""

    @admin.display(description=title, ordering=f"{relation}_count")
    def column(self, obj):
        return getattr(obj, f"{relation}_count")

    column.counts = relation
    return column


class ArchiveAdmin(GivesUpWaiting, FoldedSearchMixin, OptionalSlugMixin, HistoryAdmin):
    list_per_page = 50

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not _is_changelist(request):
            # The counts are columns of the list only: counted for an autocomplete, they
            # cost a GROUP BY per keystroke and leave the answers without their order.
            return queryset
        columns = (getattr(self, name, None) for name in self.list_display if isinstance(name, str))
        counted = [column.counts for column in columns if hasattr(column, "counts")]
        return queryset.annotate(**{f"{relation}_count": Count(relation) for relation in counted})


def _is_changelist(request) -> bool:
    return (getattr(request.resolver_match, "url_name", None) or "").endswith("_changelist")


def country_filter(field: str, title: str):
    """A list filter offering only the countries that occur, by name, not all 249 of them."""

    class CountryFilter(admin.SimpleListFilter):
        parameter_name = field

        def lookups(self, request, model_admin):
            codes = model_admin.get_queryset(request).exclude(**{field: ""}).order_by()
            codes = codes.values_list(field, flat=True).distinct()
            return sorted(((code, countries.name(code)) for code in codes), key=lambda pair: pair[1])

        def queryset(self, request, queryset):
            return queryset.filter(**{field: self.value()}) if self.value() else queryset

    CountryFilter.title = title
    return CountryFilter


class OrganisationAdmin(ArchiveAdmin):
    """A make or a team: a name and a country."""

    list_filter = [country_filter("country", "country")]
    search_fields = ["search_key"]
    fields = ["name", "slug", "country"]


@admin.register(Manufacturer)
class ManufacturerAdmin(OrganisationAdmin):
    list_display = ["name", "country", "cars_count"]
    cars_count = count_column("cars", "car models")


@admin.register(Team)
class TeamAdmin(OrganisationAdmin):
    list_display = ["name", "country", "entries_count"]
    entries_count = count_column("entries", "entries")


@admin.register(Car)
class CarAdmin(ArchiveAdmin):
    list_display = ["full_name", "manufacturer", "engine", "entries_count"]
    entries_count = count_column("entries", "entries")
    list_filter = [
        ("manufacturer", admin.RelatedOnlyFieldListFilter),
        ("engine_manufacturer", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["manufacturer", "engine_manufacturer"]
    search_fields = ["search_key"]
    autocomplete_fields = ["manufacturer", "engine_manufacturer"]
    fields = ["manufacturer", "model", "engine_manufacturer", "slug"]

    def get_queryset(self, request):
        # The autocomplete labels name the make, so it comes with every car.
        return super().get_queryset(request).select_related("manufacturer", "engine_manufacturer")

    @admin.display(description="car", ordering="search_key")
    def full_name(self, car):
        return car.full_name

    @admin.display(description="engine", ordering="engine_manufacturer__name")
    def engine(self, car):
        return car.engine_make.name


@admin.register(Driver)
class DriverAdmin(ArchiveAdmin):
    list_display = ["family_name", "given_name", "nationality", "birth_date", "hometown", "crews_count"]
    crews_count = count_column("crews", "entries")
    list_display_links = ["family_name", "given_name"]
    list_filter = [country_filter("nationality", "nationality")]
    search_fields = ["search_key"]
    fieldsets = [
        (None, {"fields": ["given_name", "family_name", "slug"]}),
        ("Who", {"fields": ["nationality", "birth_date", "hometown"]}),
    ]
