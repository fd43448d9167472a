"""What each timing-file import did to a session: the change log editors read, and what
it found there, so that an editor can put it back (results.importers.undo)."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from results.models.sessions import Session


class SessionImport(models.Model):
    """One import of a file into a session that changed it, with the changes as lines of text."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="imports")
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    status = models.CharField(max_length=12, choices=Session.Status.choices, help_text="As the file was imported.")
    changes = models.TextField(help_text="One line per change: created, changed (which fields), removed.")
    # The event's rows as the import found them and what it created: see results.importers.undo.
    undo = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder, editable=False)
    reverted_at = models.DateTimeField(null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Session.Status.values), name="sessionimport_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.file_name} into {self.session}"

    def get_absolute_url(self):
        return self.session.get_absolute_url()

    @property
    def revertible(self) -> bool:
        """Whether it can be undone: not undone yet, and made since imports keep what they found."""
        return self.reverted_at is None and bool(self.undo)

    @property
    def change_lines(self) -> list[str]:
        return self.changes.splitlines()
