"""Importing a session's lap file (and weather file) from its admin page: upload, preview,
confirm or cancel; the same service as `manage.py import_laps` (results.importers.laps).

Between the preview and the confirmation the uploaded files wait in the editor's own
server-side session, never in the page; confirming reads them again and checks them again
from the start. The same staff who import the session's timing file import its laps.
"""

import base64
import secrets

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from results.admin.forms import ScheduledLengthField, event_being_edited
from results.admin.timing import SessionFilePages
from results.importers.errors import ImportValidationError
from results.importers.lapfile import MAX_BYTES
from results.importers.laps import import_laps
from results.models import CarClass, MinimumDriveTime

# The key of the waiting upload in the editor's session.
WAITING = "lap_import"


def _limited(upload):
    if upload is not None and upload.size > MAX_BYTES:
        raise forms.ValidationError(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; a lap file is a few MB "
            f"and at most {MAX_BYTES // 1024 // 1024} MB is read."
        )
    return upload


class LapUploadForm(forms.Form):
    laps = forms.FileField(
        label="Lap file", help_text="The official laps CSV (IMSA “race laps”): every lap of every car."
    )
    weather = forms.FileField(
        label="Weather file", required=False, help_text="Its weather CSV (IMSA “race weather”), if you have it."
    )

    def clean_laps(self):
        return _limited(self.cleaned_data["laps"])

    def clean_weather(self):
        return _limited(self.cleaned_data.get("weather"))


class LapImportMixin(SessionFilePages):
    """Adds the lap import pages to the session admin; its change page links to them."""

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("<path:object_id>/import-laps/", view(self.import_laps_view), name="results_session_import_laps"),
            *super().get_urls(),
        ]

    def import_laps_view(self, request, object_id):
        """Upload the files and see the preview; then confirm (or cancel) what it showed."""
        session = self._session(request, object_id)
        waiting = request.session.get(WAITING)
        waiting = waiting if waiting and waiting.get("session") == session.pk else None
        if request.method == "POST" and ("confirm" in request.POST or "cancel" in request.POST):
            return self._confirm_laps(request, session, waiting)
        form = LapUploadForm(request.POST or None, request.FILES or None)
        if request.method != "POST" or not form.is_valid():
            return self._laps_page(request, session, form)
        weather = form.cleaned_data.get("weather")
        waiting = {
            "token": secrets.token_urlsafe(16),
            "session": session.pk,
            "name": form.cleaned_data["laps"].name,
            "data": base64.b64encode(form.cleaned_data["laps"].read()).decode(),
            "weather_name": weather.name if weather else "",
            "weather": base64.b64encode(weather.read()).decode() if weather else "",
        }
        try:
            preview = self._import_laps(request, session, waiting, dry_run=True)
        except ImportValidationError as error:
            return self._laps_page(request, session, LapUploadForm(), problems=[str(p) for p in error.problems])
        request.session[WAITING] = waiting
        return self._laps_page(request, session, None, preview=preview, waiting=waiting)

    def _confirm_laps(self, request, session, waiting):
        page = reverse("admin:results_session_import_laps", args=[session.pk])
        if waiting is None or request.POST.get("token") != waiting["token"]:
            messages.warning(request, "That preview is no longer waiting: upload the file again.")
            return redirect(page)
        request.session.pop(WAITING)
        if "cancel" in request.POST:
            messages.info(request, f"Nothing was imported from {waiting['name']}.")
            return redirect(reverse("admin:results_session_change", args=[session.pk]))
        try:
            done = self._import_laps(request, session, waiting, dry_run=False)
        except ImportValidationError as error:
            return self._laps_page(request, session, LapUploadForm(), problems=[str(p) for p in error.problems])
        messages.success(request, " ".join(done.summary_lines()))
        return redirect(reverse("admin:results_session_change", args=[session.pk]))

    def _import_laps(self, request, session, waiting, *, dry_run: bool):
        weather = base64.b64decode(waiting["weather"]) if waiting["weather"] else None
        return import_laps(
            data=base64.b64decode(waiting["data"]),
            file_name=waiting["name"],
            session=session,
            weather=weather,
            weather_name=waiting["weather_name"],
            user=request.user,
            dry_run=dry_run,
        )

    def _laps_page(self, request, session, form, *, problems=(), preview=None, waiting=None):
        title = (
            f"Preview: {waiting['name']} into {session.name}" if preview else f"Import a lap file into {session.name}"
        )
        context = {
            **self._context(request, session, title),
            "form": form,
            "problems": problems,
            "preview": preview,
            "waiting": waiting,
            "held": getattr(session, "lap_file", None),  # the laps it holds now, if any
            "crumb": "Import lap file",
            "laps_url": reverse("admin:results_session_import_laps", args=[session.pk]),
        }
        return TemplateResponse(request, "admin/results/session/import_laps.html", context)


class MinimumDriveTimeInline(admin.TabularInline):
    """The regulation minimum drive times of a race, shown beside its drivers on the laps page."""

    model = MinimumDriveTime
    fields = ["car_class", "rating", "minimum", "source"]
    formfield_overrides = {models.DurationField: {"form_class": ScheduledLengthField}}
    extra = 0
    verbose_name = "regulation minimum drive time"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        event = event_being_edited(request, obj)
        if event is not None and event.season_id is not None:  # the few classes of its series
            field = formset.form.base_fields["car_class"]
            field.queryset = CarClass.objects.filter(series=event.season.series_id)
        return formset
