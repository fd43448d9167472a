"""Python's garbage collector set for serving pages (wsgi.py), and for measuring them as served.

A page builds some thousands of objects (rows, cells, model instances) and drops them at
the end of the request, yet the collector runs every 700 allocations and, at its older
generations, scans every long-lived object of the process: Django's URL patterns,
compiled templates and the model classes (the history's add a few dozen). Those are set
aside once started (freeze) and the first generation is scanned every 50,000 allocations
instead: about 7% more uncached pages a second (scripts/bench_http.py), and the cost of a
full scan no longer grows with the models the site has. Cycles are still collected, a
little later; a worker's memory is worth watching when this is changed.
"""

import gc


def tune_for_serving() -> None:
    """Call once the application is loaded: what starting up left behind is collected, not
    frozen with the rest."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 50)
