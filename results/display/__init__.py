"""How the archive is shown: words, times and dates, and the small pieces of HTML every page
shares, drawn in one place each.

- html: text escaped and pieces joined as Django does, without its per-call cost (a race
  page draws 2,500 cells);
- links: a name linked to its page, a driver with a flag, a year linked to its event;
- badges: a class's badge in its colour, with a text colour readable on it; a country's flag;
- words: ordinals, possessives, names lists, spans of years, a car's crew;
- winners: an event's winners as a table row draws them (kept until a write touches the race,
  circuit or season whose page shows them);
- milestones: the stats' milestone claims as sentences;
- classification: a result's position or status, time or gap, and changes after the finish;
- times and dates: race times, gaps, lengths; an event's days, a session's start;
- markdown: an editor's report, sanitised;
- charts: the geometry of the server-drawn SVG charts.

Templates reach these through the racing template tags; tables and views call them
directly. Display draws what stats and models give it; where a drawing is costly (an
event's winners) it asks stats for the rows and keeps the drawing in the read cache
(results.stats.cache).
"""
