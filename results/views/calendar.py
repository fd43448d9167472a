"""Series, season, race history and circuit pages. Placeholders until the public-pages issue lands."""

from django.shortcuts import get_object_or_404, render

from results.models import Circuit, Race, Season, Series


def series_detail(request, series):
    series = get_object_or_404(Series, slug=series)
    return render(request, "results/series_detail.html", {"series": series})


def season_detail(request, series, year):
    season = get_object_or_404(Season.objects.select_related("series"), series__slug=series, year=year)
    return render(request, "results/season_detail.html", {"season": season})


def race_detail(request, race):
    race = get_object_or_404(Race, slug=race)
    return render(request, "results/race_detail.html", {"race": race})


def circuit_detail(request, slug):
    circuit = get_object_or_404(Circuit, slug=slug)
    return render(request, "results/circuit_detail.html", {"circuit": circuit})
