"""An editor's save waits a few seconds at most for rows another write holds, then says so.

An import holds the rows it writes until it commits, and a season's row while it recounts
that season's standings, just before; a shell session left open holds what it wrote. A
save that needs one of them waited for as long as the other took: past gunicorn's 30 s
the worker was killed, and the editor saw a bare error page, their edit gone. Here a save
gives up after LOCK_WAIT_SECONDS, nothing of it written, and the form comes back as it was
posted with the reason on it, so that saving again is one click.
"""

from contextlib import nullcontext

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import OperationalError, connections, router, transaction
from django.http import HttpResponseRedirect

from drivers.database_errors import waited_too_long
from drivers.history import in_the_admin

# Under gunicorn's 30 s (README's serving command), and longer than an import holds a
# season while it recounts its standings (about a second for a 10,000-row history). It
# bounds each wait for a lock (PostgreSQL's lock_timeout), not the whole save.
LOCK_WAIT_SECONDS = 10

REFUSED = (
    "Not saved: another write to the archive (most likely an import into the same season) was "
    "still writing what this save changes, and nothing was changed. Save again in a minute."
)


class GivesUpWaiting:
    """A ModelAdmin mixin: its saves (the change form, the list's edits and actions, deletions,
    a record put back as it was) run in one transaction of their own that waits at most
    LOCK_WAIT_SECONDS for each of another write's rows, and their History rows say they
    were made in the admin."""

    def saving(self):
        """What a save runs inside, within its transaction (results.admin.recounting adds the recount)."""
        return nullcontext()

    def changeform_view(self, request, *args, **kwargs):
        return self._posted(super().changeform_view, request, *args, form_again=True, **kwargs)

    def history_form_view(self, request, *args, **kwargs):  # simple_history's "put it back as it was"
        return self._posted(super().history_form_view, request, *args, form_again=True, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        return self._posted(super().changelist_view, request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._posted(super().delete_view, request, *args, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refused = getattr(request, "save_refused", None)
        return form if refused is None else _refusing(form, refused)

    def message_user(self, request, *args, **kwargs):
        # While a save may still be refused, what it says ("changed successfully") waits.
        held = getattr(request, "held_messages", None)
        if held is None:
            return super().message_user(request, *args, **kwargs)
        held.append((args, kwargs))
        return None

    def _posted(self, view, request, *args, form_again: bool = False, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        using = router.db_for_write(self.model)
        held = request.held_messages = []
        try:
            # Durable: the save's own transaction, which its lock_timeout and rollback are
            # for (inside another, both would reach beyond it).
            with transaction.atomic(using=using, durable=True), self.saving(), in_the_admin():
                _wait_at_most(LOCK_WAIT_SECONDS, using)
                response = view(request, *args, **kwargs)
        except OperationalError as error:
            if not waited_too_long(error):
                raise
        else:
            request.held_messages = None
            for message_args, message_kwargs in held:
                self.message_user(request, *message_args, **message_kwargs)
            return response
        finally:
            request.held_messages = None
        # Rolled back, nothing written, nothing it said kept. The form is shown again as
        # posted, its answers marked refused so that it saves nothing (Django's view saves
        # only a valid form); a list or a deletion is shown again with the reason.
        if not form_again:
            messages.error(request, REFUSED)
            return HttpResponseRedirect(request.get_full_path())
        request.save_refused = REFUSED
        return view(request, *args, **kwargs)


def _wait_at_most(seconds: int, using: str) -> None:
    """Give up waiting for a lock after `seconds`, for the rest of the transaction (PostgreSQL;
    SQLite waits for its one writer as its connection's timeout says, 5 s by default)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{seconds}s"])


def _refusing(form_class, reason: str):
    """`form_class`, whose every answer is invalid for `reason`: shown again, saved never."""

    class Refused(form_class):
        def clean(self):
            super().clean()
            raise ValidationError(reason)

    return Refused
