"""Public pages of the competition. Placeholders until the public-pages issue lands."""

from django.shortcuts import get_object_or_404, render

from results.models import Circuit, Event, Race, Season, Series


def series_detail(request, series):
    series = get_object_or_404(Series, slug=series)
    return render(request, "results/series_detail.html", {"series": series})


def season_detail(request, series, year):
    season = get_object_or_404(Season.objects.select_related("series"), series__slug=series, year=year)
    return render(request, "results/season_detail.html", {"season": season})


def event_detail(request, series, year, event):
    event = get_object_or_404(Event.objects.with_place(), season__series__slug=series, season__year=year, slug=event)
    return render(request, "results/event_detail.html", {"event": event})


def race_edition(request, race, year):
    event = get_object_or_404(Event.objects.with_place(), race__slug=race, year=year)
    return render(request, "results/event_detail.html", {"event": event})


def race_detail(request, race):
    race = get_object_or_404(Race, slug=race)
    return render(request, "results/race_detail.html", {"race": race})


def circuit_detail(request, slug):
    circuit = get_object_or_404(Circuit, slug=slug)
    return render(request, "results/circuit_detail.html", {"circuit": circuit})
