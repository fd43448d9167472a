"""Importing a timing file into a session from its admin page: upload, preview, confirm or cancel.

The pages call the same service as `manage.py import_timing` (results.importers.timing).
Between the preview and the confirmation the uploaded file waits in the editor's own
server-side session, never in the page; confirming reads it again and checks it again
from the start. Only staff who may change sessions and results use these pages; undoing
an import (results.importers.undo: preview, then confirm) also needs leave to delete results.
"""

import base64
import secrets

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from results.importers.alkamel import MAX_BYTES
from results.importers.errors import ImportValidationError
from results.importers.timing import NEW_CLASS, UnknownClasses, import_timing
from results.importers.undo import RevertRefused, revert_import
from results.models import Session

# The key of the waiting upload in the editor's session.
WAITING = "timing_import"
PERMISSIONS = ("results.change_session", "results.change_result", "results.add_result")


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Timing file",
        help_text="The official results CSV (Al Kamel): IMSA race or qualifying results, or an ACO classification.",
    )
    status = forms.ChoiceField(
        choices=Session.Status.choices,
        help_text="What the file is: the provisional classification, the official one, or an amended one.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; a results file is a few tens of KB "
                f"and at most {MAX_BYTES // 1024 // 1024} MB is read."
            )
        return upload


class ClassMapForm(forms.Form):
    """One question per class code the series does not know: which class is it, or a new one?"""

    def __init__(self, *args, unknown: UnknownClasses, **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = unknown.codes
        held = [(c.code, f"{c.name} ({c.code})" if c.name != c.code else c.code) for c in unknown.known]
        for index, code in enumerate(unknown.codes):
            self.fields[f"class_{index}"] = forms.ChoiceField(
                label=f"The file's class “{code}”",
                choices=[("", "Choose…"), *held, (NEW_CLASS, f"A new class “{code}” of {unknown.series}")],
            )

    def class_map(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"class_{i}"] for i, code in enumerate(self.codes)}


class SessionFilePages:
    """What the pages that import a file into a session share: who may, and their context."""

    def _context(self, request, session, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "original": session,
            "session": session,
            "change_url": reverse("admin:results_session_change", args=[session.pk]),
        }

    def _session(self, request, object_id) -> Session:
        if not all(request.user.has_perm(permission) for permission in PERMISSIONS):
            raise PermissionDenied
        session = self.get_object(request, unquote(object_id))
        if session is None:
            raise Http404("There is no such session.")
        return session


class TimingImportMixin(SessionFilePages):
    """Adds the import pages to the session admin; its change page links to them."""

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path(
                "<path:object_id>/import-timing/",
                view(self.import_timing_view),
                name="results_session_import_timing",
            ),
            path(
                "<path:object_id>/import-timing/confirm/",
                view(self.confirm_timing_view),
                name="results_session_import_timing_confirm",
            ),
            path(
                "<path:object_id>/imports/<int:log_id>/undo/",
                view(self.undo_import_view),
                name="results_session_undo_import",
            ),
            *super().get_urls(),
        ]

    # The pages -------------------------------------------------------------------------

    def import_timing_view(self, request, object_id):
        """Upload (or answer the class question), then see the preview."""
        session = self._session(request, object_id)
        waiting = _waiting(request, session)
        if request.method == "POST" and "file" in request.FILES:
            form = UploadForm(request.POST, request.FILES)
            if not form.is_valid():
                return self._upload_page(request, session, form)
            upload = form.cleaned_data["file"]
            waiting = {
                "token": secrets.token_urlsafe(16),
                "session": session.pk,
                "name": upload.name,
                "data": base64.b64encode(upload.read()).decode(),
                "status": form.cleaned_data["status"],
                "classes": {},
            }
            request.session[WAITING] = waiting
        elif request.method == "POST" and waiting is not None and request.POST.get("token") == waiting["token"]:
            return self._answer_classes(request, session, waiting)
        elif waiting is None or request.method == "POST":
            form = UploadForm(initial={"status": session.status})
            return self._upload_page(request, session, form)
        return self._preview(request, session, waiting)

    def confirm_timing_view(self, request, object_id):
        """Write what the preview showed, checking the file again; or drop it."""
        session = self._session(request, object_id)
        waiting = _waiting(request, session)
        if request.method != "POST" or waiting is None or request.POST.get("token") != waiting["token"]:
            messages.warning(request, "That preview is no longer waiting: upload the file again.")
            return redirect(self._import_url(session))
        request.session.pop(WAITING)
        change_page = reverse("admin:results_session_change", args=[session.pk])
        if "cancel" in request.POST:
            messages.info(request, f"Nothing was imported from {waiting['name']}.")
            return redirect(change_page)
        try:
            outcome = self._run(
                request,
                session,
                waiting,
                dry_run=False,
                overwrite_hand_edits=request.POST.get("overwrite_hand_edits") == "1",
                take_from_file=request.POST.getlist("take_from_file"),
            )
        except ImportValidationError as error:
            form = UploadForm(initial={"status": waiting["status"]})
            return self._upload_page(request, session, form, problems=[str(p) for p in error.problems])
        summary = "; ".join(outcome.report.summary_lines()[:2])
        messages.success(request, f"Imported {waiting['name']} into {session.name}. {summary}.")
        return redirect(change_page)

    def undo_import_view(self, request, object_id, log_id):
        """What undoing an import would put back (a dry run); confirmed, it is done."""
        session = self._session(request, object_id)
        undoing = ("results.delete_result", "results.delete_entry", "results.delete_entrydriver")
        if not all(request.user.has_perm(permission) for permission in undoing):
            raise PermissionDenied  # undoing an import removes the results, cars and crews it made
        log = session.imports.select_related("imported_by", "reverted_by").filter(pk=log_id).first()
        if log is None:
            raise Http404("This session has no such import.")
        if request.method == "POST":
            if "cancel" in request.POST:
                messages.info(request, f"The import of {log.file_name} stands.")
                return redirect(self._import_url(session))
            try:
                reverted = revert_import(log, user=request.user, may_delete=_may_delete(request.user))
            except RevertRefused as refused:
                messages.error(request, f"The import of {log.file_name} was not undone: {refused.message}.")
                return redirect(self._import_url(session))
            said = f"Undid the import of {log.file_name} ({log.imported_at:%-d %b %Y %H:%M})"
            if len(reverted.undone) > 1:
                said += f" and the {len(reverted.undone) - 1} later import(s) of the event"
            messages.success(request, f"{said}: {len(reverted.moves)} record(s) put back.")
            if Session.objects.filter(pk=session.pk).exists():
                self.log_change(request, session, said + ".")
                return redirect(self._import_url(session))
            return redirect(reverse("admin:results_event_change", args=[session.event_id]))
        try:
            preview, refused = revert_import(log, dry_run=True, may_delete=_may_delete(request.user)), None
        except RevertRefused as error:
            preview, refused = None, error.message
        context = {
            **self._context(request, session, "Undo an import"),
            "log": log,
            "preview": preview,
            "refused": refused,
            "undo_url": reverse("admin:results_session_undo_import", args=[session.pk, log.pk]),
        }
        return TemplateResponse(request, "admin/results/session/undo_import.html", context)

    # Steps ------------------------------------------------------------------------------

    def _answer_classes(self, request, session, waiting):
        try:
            self._run(request, session, waiting, dry_run=True)
        except UnknownClasses as unknown:
            form = ClassMapForm(request.POST, unknown=unknown)
            if not form.is_valid():
                return self._class_page(request, session, waiting, form)
            waiting["classes"] = {**waiting["classes"], **form.class_map()}
            request.session[WAITING] = waiting
        except ImportValidationError:
            pass  # the preview shows it
        return self._preview(request, session, waiting)

    def _preview(self, request, session, waiting):
        try:
            outcome = self._run(request, session, waiting, dry_run=True)
        except UnknownClasses as unknown:
            return self._class_page(request, session, waiting, ClassMapForm(unknown=unknown))
        except ImportValidationError as error:
            request.session.pop(WAITING, None)
            form = UploadForm(initial={"status": waiting["status"]})
            return self._upload_page(request, session, form, problems=[str(p) for p in error.problems])
        context = {
            **self._context(request, session, f"Preview: {waiting['name']} into {session.name}"),
            "outcome": outcome,
            "report": outcome.report,
            "waiting": waiting,
            "status_label": Session.Status(waiting["status"]).label,
            "new_drivers": outcome.created_labels("driver"),
            "new_teams": outcome.created_labels("team"),
            "new_cars": outcome.created_labels("car"),
            "result_changes": outcome.changes_of("result"),
            "confirm_url": reverse("admin:results_session_import_timing_confirm", args=[session.pk]),
        }
        return TemplateResponse(request, "admin/results/session/import_timing_preview.html", context)

    def _run(self, request, session, waiting, *, dry_run: bool, overwrite_hand_edits=False, take_from_file=()):
        return import_timing(
            data=base64.b64decode(waiting["data"]),
            file_name=waiting["name"],
            event=session.event,
            session_name=session.name,
            status=waiting["status"],
            class_map=waiting["classes"],
            dry_run=dry_run,
            user=request.user,
            overwrite_hand_edits=overwrite_hand_edits,
            take_from_file=take_from_file,
        )

    # Pages and checks ---------------------------------------------------------------------

    def _upload_page(self, request, session, form, problems=()):
        context = {
            **self._context(request, session, f"Import a timing file into {session.name}"),
            "form": form,
            "problems": problems,
            "imports": session.imports.select_related("imported_by", "reverted_by")[:10],
            "may_undo": all(
                request.user.has_perm(f"results.delete_{model}") for model in ("result", "entry", "entrydriver")
            ),
        }
        return TemplateResponse(request, "admin/results/session/import_timing.html", context)

    def _class_page(self, request, session, waiting, form):
        context = {
            **self._context(request, session, f"Classes of {waiting['name']}"),
            "class_form": form,
            "waiting": waiting,
        }
        return TemplateResponse(request, "admin/results/session/import_timing.html", context)

    def _context(self, request, session, title):
        return {**super()._context(request, session, title), "import_url": self._import_url(session)}

    def _import_url(self, session) -> str:
        return reverse("admin:results_session_import_timing", args=[session.pk])


def _may_delete(user):
    """Whether `user` may delete records of a model: what an undone import made and they may not delete stays."""
    return lambda model: user.has_perm(f"{model._meta.app_label}.delete_{model._meta.model_name}")


def _waiting(request, session) -> dict | None:
    """The upload waiting for this session's confirmation, if any."""
    waiting = request.session.get(WAITING)
    return waiting if waiting and waiting.get("session") == session.pk else None
