"""The admin is where editors work: one module per part of the archive, as the models are split."""

from results.admin import articles, calendar, entries, merging, points, sessions

__all__ = ["articles", "calendar", "entries", "merging", "points", "sessions"]
