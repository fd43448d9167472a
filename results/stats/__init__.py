"""What is computed from many rows: class positions and the order of a classification,
winners, histories, records with their streaks, milestones, championship standings.

Every count the site shows comes from here, with the cache of what is counted over the
whole archive: cache.py keeps it until a write touches what it shows (invalidation.py).
The layers above (display, tables, filters, views) ask; nothing here imports them.
"""
