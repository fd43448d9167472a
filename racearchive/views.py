from django.shortcuts import render

from results.models import Event


def home(request):
    events = Event.objects.completed().with_place().order_by("-year", "-start_date")[:10]
    return render(request, "home.html", {"events": events})
