from django.urls import path

from results import views

app_name = "results"

urlpatterns = [
    path("series/<slug:series>/", views.series_detail, name="series"),
    path("series/<slug:series>/<int:year>/", views.season_detail, name="season"),
    path("series/<slug:series>/<int:year>/<slug:event>/", views.event_detail, name="event"),
    path("races/<slug:race>/", views.race_detail, name="race"),
    path("races/<slug:race>/<int:year>/", views.race_edition, name="race_edition"),
    path("circuits/<slug:slug>/", views.circuit_detail, name="circuit"),
]
