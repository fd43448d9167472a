from django.urls import path

from drivers import views

app_name = "drivers"

urlpatterns = [
    path("drivers/<slug:slug>/", views.driver_detail, name="driver"),
    path("teams/<slug:slug>/", views.team_detail, name="team"),
    path("manufacturers/<slug:slug>/", views.manufacturer_detail, name="manufacturer"),
    path("cars/<slug:slug>/", views.car_detail, name="car"),
]
