"""The archive's tables (django-tables2), sortable and paginated where long, each with a CSV.

- classification: a session's classification, and the race page's tables by session;
- results: a driver's, team's, car's or make's race results;
- events: events with their winners (a race's editions, a circuit's events, a calendar);
- tallies: ranked counts (wins by make, team, driver; the records explorer);
- indexes: every driver, team, make, car, circuit, race and series;
- cells, paging, export: how rows are drawn, read a page at a time and downloaded.
"""
