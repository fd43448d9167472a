from django.urls import path

from results.views import calendar, events, records

app_name = "results"

urlpatterns = [
    path("series/<slug:series>/", calendar.series_detail, name="series"),
    path("series/<slug:series>/<int:year>/", calendar.season_detail, name="season"),
    path("series/<slug:series>/<int:year>/<slug:event>/", events.event_detail, name="event"),
    path("races/<slug:race>/", calendar.race_detail, name="race"),
    path("races/<slug:race>/<int:year>/", events.race_edition, name="race_edition"),
    path("circuits/<slug:slug>/", calendar.circuit_detail, name="circuit"),
    path("records/", records.records, name="records"),
    path("records/occurrences/", records.record_occurrences, name="record_occurrences"),
]
