from django.urls import path

from results.views import (
    careers,
    circuits,
    coverage,
    downloads,
    events,
    feeds,
    indexes,
    laps,
    races,
    records,
    series,
    sitemaps,
)

app_name = "results"

urlpatterns = [
    path("series/<slug:series>/", series.series_detail, name="series"),
    path("series/<slug:series>/<int:year>/", series.season_detail, name="season"),
    path("series/<slug:series>/<int:year>/<slug:event>/", events.event_detail, name="event"),
    path("races/<slug:race>/", races.race_detail, name="race"),
    path("series/<slug:series>/<int:year>/<slug:event>/laps/", laps.event_laps, name="event_laps"),
    path(
        "series/<slug:series>/<int:year>/<slug:event>/laps/<slug:number>/", laps.event_car_laps, name="event_car_laps"
    ),
    path("races/<slug:race>/<int:year>/", events.race_edition, name="race_edition"),
    path("races/<slug:race>/<int:year>/laps/", laps.edition_laps, name="edition_laps"),
    path("races/<slug:race>/<int:year>/laps/<slug:number>/", laps.edition_car_laps, name="edition_car_laps"),
    path("circuits/<slug:slug>/", circuits.circuit_detail, name="circuit"),
    path("drivers/<slug:slug>/", careers.driver_detail, name="driver"),
    path("teams/<slug:slug>/", careers.team_detail, name="team"),
    path("manufacturers/<slug:slug>/", careers.manufacturer_detail, name="manufacturer"),
    path("cars/<slug:slug>/", careers.car_detail, name="car"),
    path("records/", records.records, name="records"),
    path("records/occurrences/", records.record_occurrences, name="record_occurrences"),
    path("coverage/", coverage.coverage_map, name="coverage"),
    path("drivers/", indexes.DriverIndex.as_view(), name="drivers"),
    path("teams/", indexes.TeamIndex.as_view(), name="teams"),
    path("manufacturers/", indexes.ManufacturerIndex.as_view(), name="manufacturers"),
    path("cars/", indexes.CarIndex.as_view(), name="cars"),
    path("circuits/", indexes.CircuitIndex.as_view(), name="circuits"),
    path("races/", indexes.RaceIndex.as_view(), name="races"),
    path("series/", indexes.SeriesIndex.as_view(), name="series_index"),
    # For programs: search engines and feed readers.
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("feeds/results/", feeds.latest_results, name="feed_results"),
    path("feeds/reports/", feeds.published_reports, name="feed_reports"),
    path("downloads/", downloads.downloads, name="downloads"),
    path("downloads/<path:name>", downloads.download_file, name="download_file"),
]
