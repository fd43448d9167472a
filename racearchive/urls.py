from django.contrib import admin
from django.urls import include, path

from racearchive import search, views

admin.site.site_header = "Race Archive — editors"
admin.site.site_title = "Race Archive editors"
admin.site.index_title = "Archive data"
# The list of every model beside each page took 290 px a session's results needed: its
# table of cars was 1,545 px wide in a 1,280 px window. The breadcrumbs and the index lead there.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("search/", search.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("api/v1/", include("results.api.urls")),
    path("", include("results.urls")),
]
