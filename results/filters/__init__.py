"""The archive's filters (django-filter): what a query string may ask of a page.

- histories: a driver's, team's, car's, make's results, a circuit's events, a race's
  editions, by season, series and class, offering only the choices their rows have;
- indexes: every driver, team, make, car, circuit, race and series, by name and country;
- events: one class alone on a race page;
- records: the records explorer's question (what is counted, by whom, where);
- fields: the choice fields they share.

A value a filter cannot read is said on the page and left out; the others still apply.
"""
