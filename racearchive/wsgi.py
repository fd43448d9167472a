"""The WSGI application gunicorn serves (`gunicorn racearchive.wsgi`)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "racearchive.settings")

application = get_wsgi_application()

# A page builds some thousands of objects (rows, cells, model instances) and drops them
# at the end of the request, yet Python's collector runs every 700 allocations and scans
# Django's own long-lived objects (the URL patterns, the compiled templates) each time
# it reaches the older generations. Those are set aside (freeze) and the first
# generation is scanned every 50,000 allocations instead: about 7% more pages per second
# that no cache helps (scripts/bench_http.py, rotating driver pages). Cycles are still
# collected, a little later; a worker's memory is worth watching when this is changed.
gc.collect()  # what starting up left behind is collected, not frozen with the rest
gc.freeze()
gc.set_threshold(50_000, 50, 50)
