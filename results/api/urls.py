"""The API's routes under /api/v1/: a root listing every resource, and its OpenAPI schema."""

from django.urls import path
from rest_framework import routers
from rest_framework.renderers import JSONOpenAPIRenderer
from rest_framework.schemas import get_schema_view

from results.api import views

app_name = "api"


class Root(routers.DefaultRouter):
    """The root lists the resources in the order a newcomer reads them."""

    include_format_suffixes = False  # ?format=api, never .api: one address, one answer (negotiation)


router = Root()
router.register("series", views.SeriesViewSet, basename="series")
router.register("seasons", views.SeasonViewSet, basename="season")
router.register("events", views.EventViewSet, basename="event")
router.register("sessions", views.SessionViewSet, basename="session")
router.register("entries", views.EntryViewSet, basename="entry")
router.register("results", views.ResultViewSet, basename="result")
router.register("races", views.RaceViewSet, basename="race")
router.register("circuits", views.CircuitViewSet, basename="circuit")
router.register("drivers", views.DriverViewSet, basename="driver")
router.register("teams", views.TeamViewSet, basename="team")
router.register("manufacturers", views.ManufacturerViewSet, basename="manufacturer")
router.register("cars", views.CarViewSet, basename="car")

urlpatterns = [
    path(
        "schema/",
        get_schema_view(
            title="Race Archive API",
            description="Read-only: the archive's series, seasons, events, sessions and results, "
            "and who raced them. Every list pages (?page=, ?page_size= up to 100) and filters.",
            version="1",
            renderer_classes=[JSONOpenAPIRenderer],
        ),
        name="schema",
    ),
    path("records/", views.RecordsView.as_view(), name="records"),
    path("search/", views.SearchView.as_view(), name="search"),
    *router.urls,
]
