"""How the archive is shown: words, times and dates, and the small pieces of HTML every page
shares, drawn in one place each.

- links: a name linked to its page, a driver with a flag, a car's crew, a winner;
- badges: a class's badge in its colour, a country's flag;
- classification: a result's position or status, time or gap, and changes after the finish;
- times and dates: race times, gaps, lengths; an event's days, a session's start;
- markdown: an editor's report, sanitised;
- charts: the geometry of the server-drawn SVG charts.

Templates reach these through the racing template tags; tables and views call them
directly. Display reads what stats and models give it and never queries by itself.
"""
