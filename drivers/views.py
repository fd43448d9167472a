"""Public pages of who competes. Placeholders until the public-pages issue lands."""

from django.shortcuts import get_object_or_404, render

from drivers.models import Car, Driver, Manufacturer, Team


def driver_detail(request, slug):
    return render(request, "drivers/driver_detail.html", {"driver": get_object_or_404(Driver, slug=slug)})


def team_detail(request, slug):
    return render(request, "drivers/team_detail.html", {"team": get_object_or_404(Team, slug=slug)})


def manufacturer_detail(request, slug):
    manufacturer = get_object_or_404(Manufacturer, slug=slug)
    return render(request, "drivers/manufacturer_detail.html", {"manufacturer": manufacturer})


def car_detail(request, slug):
    car = get_object_or_404(Car.objects.select_related("manufacturer", "engine_manufacturer"), slug=slug)
    return render(request, "drivers/car_detail.html", {"car": car})
