"""Editors' screens for championship rules: a points scale and its values on one page, a
championship and the events it counts on another. Standings are computed, never typed.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html

from results.admin.recounting import RecountsOnce
from results.models import CarClass, Championship, ChampionshipEvent, Event, PointsScale, PointsScaleValue, Season
from results.models import Session as RaceSession

PLACES_OFFERED = 15  # empty rows with their place filled in: the cups' 25-20-17… tables have 15


class PointsScaleValueFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        places = sorted(
            form.cleaned_data["position"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("position")
        )
        if not places:
            raise forms.ValidationError("Give the points of at least first place.")
        repeated = sorted({p for p in places if places.count(p) > 1})
        if repeated:
            raise forms.ValidationError(f"Place {repeated[0]} is given twice; each place has one row.")
        missing = [p for p in range(1, places[-1] + 1) if p not in places]
        if missing:
            raise forms.ValidationError(
                f"Places must run 1, 2, 3… without a gap: place {missing[0]} is missing. "
                "Use “then fewer by” or “points for any other place” for the places after the table."
            )


class PointsScaleValueInline(admin.TabularInline):
    model = PointsScaleValue
    formset = PointsScaleValueFormSet
    fields = ["position", "points"]
    extra = PLACES_OFFERED
    min_num = 0

    def get_extra(self, request, obj=None, **kwargs):
        return 3 if obj is not None and obj.pk else PLACES_OFFERED


@admin.register(PointsScale)
class PointsScaleAdmin(RecountsOnce, admin.ModelAdmin):
    list_display = ["name", "points", "step_beyond", "minimum", "used_by"]
    search_fields = ["name"]
    fields = ["name", "step_beyond", "minimum", "notes"]
    inlines = [PointsScaleValueInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("values")
            .annotate(championship_count=Count("championships", distinct=True))
        )

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        # The empty rows come numbered (1, 2, 3… or after the last place given), so an
        # editor types only the points; a row left without points is not saved.
        if isinstance(inline, PointsScaleValueInline):
            after = max((v.position for v in obj.values.all()), default=0) if obj is not None and obj.pk else 0
            extra = inline.get_extra(request, obj)
            kwargs["initial"] = [{"position": after + n} for n in range(1, extra + 1)]
        return kwargs

    @admin.display(description="points by place")
    def points(self, scale):
        return scale.summary(places=10)

    @admin.display(description="championships", ordering="championship_count")
    def used_by(self, scale):
        return scale.championship_count


class SeasonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.year} {obj.series.name}"


class ClassChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name_with_series


class ChampionshipForm(forms.ModelForm):
    class Meta:
        model = Championship
        fields = [
            "season",
            "name",
            "slug",
            "order",
            "classes",
            "counts_every_event",
            "official_rounds",
            "scoring_kind",
            "scale",
            "pole_points",
            "fastest_lap_points",
            "qualifying_scale",
            "scores_drivers",
            "scores_teams",
            "scores_manufacturers",
            "manufacturer_points",
            "tie_break",
        ]

    def clean(self):
        cleaned = super().clean()
        season, classes = cleaned.get("season"), cleaned.get("classes")
        # Held here because a many-to-many choice is saved after the model's own checks.
        if season and classes:
            wrong = [c.name for c in classes if c.series_id != season.series_id]
            if wrong:
                self.add_error("classes", f"Not a class of {season.series.name}: {', '.join(wrong)}.")
        return cleaned


class ChampionshipEventInline(admin.TabularInline):
    """The events a cup counts, and the rules of single events (double points, Le Mans' table)."""

    model = ChampionshipEvent
    fields = ["event", "counts", "session", "scale", "multiplier", "note"]
    extra = 1

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Only the season's events and their scoring sessions are offered.
        fields = formset.form.base_fields
        fields["event"].queryset = Event.objects.filter(season=obj.season_id).order_by("start_date", "round", "id")
        fields["session"].queryset = (
            RaceSession.objects.filter(event__season=obj.season_id, kind=obj.scoring_kind)
            .select_related("event")
            .order_by("event__start_date", "order", "id")
        )
        return formset


@admin.register(Championship)
class ChampionshipAdmin(RecountsOnce, admin.ModelAdmin):
    list_display = ["name", "season", "scale", "pole_points", "fastest_lap_points", "counts_every_event", "standings"]
    list_filter = ["season__series", "season__year", "counts_every_event"]
    list_select_related = ["season__series", "scale"]
    search_fields = ["name", "season__series__name"]
    fieldsets = [
        (
            None,
            {
                "fields": ["season", "name", "slug", "order", "classes", "counts_every_event", "official_rounds"],
                "description": "Once the championship is saved, its event rules are listed at the foot of this "
                "page: the events a cup counts, double points, a table of its own for one event.",
            },
        ),
        (
            "Points",
            {"fields": ["scoring_kind", "scale", "pole_points", "fastest_lap_points", "qualifying_scale"]},
        ),
        ("Who scores", {"fields": ["scores_drivers", "scores_teams", "scores_manufacturers", "manufacturer_points"]}),
        ("Ties", {"fields": ["tie_break"]}),
    ]
    form = ChampionshipForm

    def get_inlines(self, request, obj):
        # The events offered are the season's: they are known once the championship is saved.
        return [ChampionshipEventInline] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "season":
            return SeasonChoiceField(
                queryset=Season.objects.select_related("series").order_by("series__name", "-year"),
                **{k: v for k, v in kwargs.items() if k != "widget"},
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "classes":
            classes = CarClass.objects.select_related("series").order_by("series__name", "order", "name")
            season = self._season(request)
            if season is not None:
                classes = classes.filter(series=season.series_id)
            return ClassChoiceField(
                queryset=classes,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=db_field.help_text,
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _season(self, request) -> Season | None:
        """The season of the championship being changed, or the ?season= its add page was opened with."""
        object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        if object_id and object_id.isdigit():
            return Season.objects.filter(championships=object_id).first()
        season = request.GET.get("season", "")
        return Season.objects.filter(pk=season).first() if season.isdigit() else None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.base_fields["slug"].required = False
        return form

    @admin.display(description="standings")
    def standings(self, championship):
        return format_html('<a href="{}">on the season page</a>', championship.get_absolute_url())
