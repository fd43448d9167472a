"""The WSGI application gunicorn serves (`gunicorn racearchive.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

from racearchive.collector import tune_for_serving

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "racearchive.settings")

application = get_wsgi_application()
tune_for_serving()
