"""Editors' saves recount the credits of each event they touch once, before they commit."""

from django.db import router, transaction

from results.stats import credits


class RecountsOnce:
    """A ModelAdmin mixin: a page that saves many rows (a session's results, a bulk delete)
    would otherwise recount the event after each of them."""

    def _posted(self, view, request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        with transaction.atomic(using=router.db_for_write(self.model)), credits.recounting():
            return view(request, *args, **kwargs)

    def changeform_view(self, request, *args, **kwargs):
        return self._posted(super().changeform_view, request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):  # bulk actions and rows edited in the list
        return self._posted(super().changelist_view, request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._posted(super().delete_view, request, *args, **kwargs)
