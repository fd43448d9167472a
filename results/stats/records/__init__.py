"""Records: who won, started, stood on the podium or took pole, where, how often, first and last.

Every page, export and the records explorer count through this package, so the counting
rules of DESIGN.md section 3 are written once, in rules.py:

- a **start** is a race result whose status is not "did not start" or "excluded";
- an **overall win** is overall position 1 in a race, a **class win** class position 1
  (only cars that have a class); a **podium** is position 1-3, overall or in class;
- a **pole** is position 1 in the qualifying session that set the grid: for the overall
  pole the last qualifying session of the event open to every class, for a class pole
  the last qualifying session of the event that placed a car of that class;
- a subject is credited **once per race** however many of its cars did it (a 1-2 is one
  win for the make and the team) and, for class counts, once per class of that race.
  The design's "once per event" is read as "once per race" so that the two races of a
  one-make cup weekend count as two races, as the sport counts them;
- a driver is credited with the result of every car whose crew they were in; a pole
  goes to the qualifying driver when the archive knows who it was, else to the crew.

The modules: rules (what counts and whom it credits), rankings (subjects ranked by a
count: `tally()`, and its two halves `ranking()` and `tally_rows()` for a caller that keeps
the ranking and fetches one page's objects), totals (every count of one subject, split by
series, race, class or season), occurrences (the results a count is made of) and streaks
(runs and droughts).
"""
