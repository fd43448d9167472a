"""The admin is where editors work: one module per part of the archive, as the models are split."""

from results import admin_points  # championship rules (issue 6)
from results.admin import articles, calendar, entries, sessions

__all__ = ["admin_points", "articles", "calendar", "entries", "sessions"]
