"""The admin's History pages (django-simple-history): a row for each change an editor made,
and an address that names no record answered as the admin's other pages answer it.

A record put back as it was from its History says so in its new row.

An editor who pressed Save to leave a page, having changed nothing, added a row to the
History that changed nothing: such a save writes none.

simple_history hands the id in a History page's address to the database unchecked: a
mistyped or cut-and-pasted address (".../12/change/history/", ".../12/history/abc/") was a
server error. Here such an address leads back to the admin's index, saying that there is
no such record, as Django's own change and delete pages do.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from drivers.history import in_the_admin


class HistoryAdmin(SimpleHistoryAdmin):
    def save_model(self, request, obj, form, change):
        # Compared with the stored row, not the form's first values: putting a record back
        # from its History starts the form from the version put back.
        if change and _as_stored(obj):
            obj.save_without_historical_record()  # saved still: what save() derives is kept up
            return
        super().save_model(request, obj, form, change)

    def history_view(self, request, object_id, extra_context=None):
        if not _is_key(self.model._meta.pk, unquote(object_id)):
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        versions = getattr(self.model, self.model._meta.simple_history_manager_attribute).model._meta
        if not _is_key(self.model._meta.pk, unquote(object_id)):
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        if not _is_key(versions.pk, version_id):
            return self._get_obj_does_not_exist_redirect(request, versions, version_id)
        with in_the_admin(putting_back=True):
            return super().history_form_view(request, object_id, version_id, extra_context)


def _as_stored(obj) -> bool:
    """Whether each of `obj`'s fields holds what its stored row holds (one query)."""
    fields = [field.attname for field in obj._meta.concrete_fields]
    stored = type(obj)._base_manager.filter(pk=obj.pk).values(*fields).first()
    return stored is not None and all(stored[name] == getattr(obj, name) for name in fields)


def _is_key(field, value: str) -> bool:
    """Whether `value` could be a value of the primary key `field` (an integer, for ours)."""
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True
