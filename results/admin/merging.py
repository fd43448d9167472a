"""Merging two drivers, teams, makes or car models from the admin: on the page of the one
to merge, choose the one to keep, see what moves, confirm; undo a merge from its log.

The pages are added here to the admins of drivers/admin.py, because a merge moves the
competition's rows (crews, results, entries) and the tallies that follow them are
recounted once, at the end: drivers knows nothing of either. Merging needs leave to add
a merge and to change the record; undoing one, leave to change the merge.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

import drivers.admin  # noqa: F401 (registers the admins extended below)
from drivers.merging import MERGEABLE, MergeRefused, merge, relations_to, undo_merge
from drivers.models import Merge
from results.stats import credits


class MergeForm(forms.Form):
    def __init__(self, *args, merged, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        model = type(merged)
        # The search box of the admin's own pages: any field that names the model will do.
        naming = relations_to(model)[0].field
        self.fields["kept"] = forms.ModelChoiceField(
            queryset=model._base_manager.exclude(pk=merged.pk),
            widget=AutocompleteSelect(naming, admin_site),
            label=f"The {model._meta.verbose_name} to keep",
            help_text=f"Everything that names {merged} will name this one, and {merged}'s page will lead to it.",
        )


class MergePages:
    """A ModelAdmin mixin: the merge page of each record, linked from its change page."""

    change_form_template = "admin/drivers/change_form_with_merge.html"

    def get_urls(self):
        meta = self.model._meta
        name = f"{meta.app_label}_{meta.model_name}_merge"
        pages = [path("<path:object_id>/merge/", self.admin_site.admin_view(self.merge_view), name=name)]
        return pages + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {**(extra_context or {}), "may_merge": self._may_merge(request)}
        return super().change_view(request, object_id, form_url, context)

    def _may_merge(self, request) -> bool:
        # The merged record is deleted: merging needs leave to delete it too.
        return (
            request.user.has_perm("drivers.add_merge")
            and self.has_change_permission(request)
            and self.has_delete_permission(request)
        )

    def merge_view(self, request, object_id):
        if not self._may_merge(request):
            raise PermissionDenied
        merged = self.get_object(request, unquote(object_id))
        if merged is None:
            raise Http404(f"There is no such {self.model._meta.verbose_name}.")
        form = MergeForm(request.POST or None, merged=merged, admin_site=self.admin_site)
        preview = None
        if request.method == "POST" and form.is_valid():
            kept = form.cleaned_data["kept"]
            try:
                if "confirm" in request.POST:
                    with transaction.atomic(), credits.recounting():
                        done = merge(merged, kept, user=request.user)
                    self.log_change(request, kept, f"Merged {done.log.merged_name} into it.")
                    messages.success(request, f"Merged {done.log.merged_name} into {kept}. " + " ".join(done.lines))
                    meta = self.model._meta
                    return redirect(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[kept.pk]))
                with transaction.atomic(), credits.recounting(rolled_back=True):
                    preview = merge(merged, kept, dry_run=True)
            except MergeRefused as refused:
                form.add_error("kept", f"{merged} cannot be merged into {kept}: {refused.message}.")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge {merged} into another {self.model._meta.verbose_name}",
            "opts": self.model._meta,
            "original": merged,
            "form": form,
            "media": self.media + form.media,
            "preview": preview,
        }
        return TemplateResponse(request, "admin/drivers/merge.html", context)


for model in MERGEABLE:
    # The drivers app's own admin, with the merge pages added.
    held = type(admin.site._registry[model])
    admin.site.unregister(model)
    admin.site.register(model, type(held.__name__, (MergePages, held), {"__module__": __name__}))


@admin.register(Merge)
class MergeAdmin(admin.ModelAdmin):
    """The log of merges: who merged what into what, what moved; each can be undone once."""

    list_display = ["merged_at", "merged_name", "kept_name", "kind", "merged_by", "undone"]
    list_filter = ["kind"]
    search_fields = ["merged_name", "kept_name"]
    fields = ["merged_at", "kind", "merged_name", "kept_name", "merged_by", "moves", "undone_at", "undone_by"]
    readonly_fields = fields
    change_form_template = "admin/drivers/merge_log.html"

    def has_add_permission(self, request):
        return False  # a merge is made from the page of the record merged

    def has_delete_permission(self, request, obj=None):
        return False  # the log is what undoing needs

    @admin.display(description="undone", boolean=True)
    def undone(self, log):
        return log.undone_at is not None

    def get_urls(self):
        undo = path("<path:object_id>/undo/", self.admin_site.admin_view(self.undo_view), name="drivers_merge_undo")
        return [undo, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        may_undo = request.user.has_perm("drivers.change_merge")
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "may_undo": may_undo})

    def undo_view(self, request, object_id):
        if not request.user.has_perm("drivers.change_merge"):
            raise PermissionDenied
        log = self.get_object(request, unquote(object_id))
        if log is None:
            raise Http404("There is no such merge.")
        change_page = reverse("admin:drivers_merge_change", args=[log.pk])
        try:
            if request.method == "POST":
                with transaction.atomic(), credits.recounting():
                    undo_merge(log, user=request.user)
                messages.success(request, f"Undid the merge of {log.merged_name} into {log.kept_name}.")
                return redirect(change_page)
            with transaction.atomic(), credits.recounting(rolled_back=True):
                preview = undo_merge(log, dry_run=True)
        except MergeRefused as refused:
            messages.error(request, f"The merge was not undone: {refused.message}.")
            return redirect(change_page)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Undo the merge of {log.merged_name} into {log.kept_name}",
            "opts": self.model._meta,
            "original": log,
            "preview": preview,
        }
        return TemplateResponse(request, "admin/drivers/merge_undo.html", context)
