from django.contrib import admin
from django.urls import include, path

from racearchive import search, views

admin.site.site_header = "Race Archive — editors"
admin.site.site_title = "Race Archive editors"
admin.site.index_title = "Archive data"

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("search/", search.search, name="search"),
    path("", include("results.urls")),
]
