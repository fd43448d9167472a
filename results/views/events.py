"""The fan's race page: an event with its classifications."""

from django.shortcuts import get_object_or_404, render

from results.models import Event


def event_detail(request, series, year, event):
    event = get_object_or_404(Event.objects.with_place(), season__series__slug=series, season__year=year, slug=event)
    return render(request, "results/event_detail.html", {"event": event})


def race_edition(request, race, year):
    event = get_object_or_404(Event.objects.with_place(), race__slug=race, year=year)
    return render(request, "results/event_detail.html", {"event": event})
