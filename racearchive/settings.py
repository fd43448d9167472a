"""Race Archive settings, read from the environment.

DJANGO_DEBUG                 "1"/"true" to turn debug on (off by default)
DJANGO_SECRET_KEY            required when debug is off
DJANGO_ALLOWED_HOSTS         comma-separated host names
DJANGO_CSRF_TRUSTED_ORIGINS  comma-separated origins, https://archive.example.org
DATABASE_URL                 e.g. postgres://user@host:5432/racearchive (SQLite by default)
DJANGO_SECURE_SSL            HTTPS-only cookies, HSTS, redirect (on unless debug); 0 for plain HTTP
REDIS_URL                    e.g. redis://cache:6379/0: the cache shared by every process
                             (each process keeps its own in memory without it)
DJANGO_REPORT_IMAGE_HOSTS    comma-separated hosts reports may show images from (none by default)
DJANGO_PROXY_COUNT           proxies in front that write X-Forwarded-For (nginx alone: 1; 0 by default)
DJANGO_API_RATE_LIMIT        API requests a client address may make a minute (120 by default)
DJANGO_DUMPS_DIR             the latest dump /downloads/ lists (dumps/latest beside manage.py by default)
The README lists every variable.

A `.env` file beside manage.py (ignored by git) is read too; real environment
variables win over it. DJANGO_ENV_FILE names another file, or none when set empty
(the settings tests and CI's deploy check use that to see the environment alone).
"""

import datetime
import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _read_dotenv(path: Path) -> None:
    if not path.is_file():
        return
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip())


_env_file = os.environ.get("DJANGO_ENV_FILE", str(BASE_DIR / ".env"))
if _env_file:
    _read_dotenv(Path(_env_file))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it in the environment or in .env "
            "(`make run` writes one), or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-debug-only-" + str(BASE_DIR)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "corsheaders",
    "rest_framework",
    "django_countries",
    "django_filters",
    "django_tables2",
    "axes",
    "simple_history",
    "racearchive",
    "drivers",
    "results",
    "benchdata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "racearchive.security.ContentSecurityPolicyMiddleware",
    # Any site may read the API from a browser (GET only; CORS_* below), a kept answer too.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous programs calling the API too fast are asked to wait (429), kept answers counted too.
    "racearchive.api_limits.ApiRateLimitMiddleware",
    # Before the session: a visitor's kept page is served without the middleware below,
    # whose headers it keeps.
    "racearchive.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Who made a change, for the history of every record (drivers.history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A page not found at a former slug is redirected to its page now.
    "racearchive.moved.MovedPagesMiddleware",
    # A request that found no database to talk to (a restart) is answered 503, not 500.
    "racearchive.unavailable.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in (429) from what the rest set.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "racearchive.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "racearchive.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before a request uses it: after the database restarts,
        # a worker opens a new one instead of answering 500 on the dead one.
        conn_health_checks=True,
    )
}
# PostgreSQL compiles (JIT) any query whose estimated cost is high, which the aggregates of
# records and histories are: seconds of compiling for queries that then run in milliseconds.
# A web app asks short queries, so its connections leave the JIT off. It plans cursors for
# their first tenth of rows unless told they are read to the end, as the archive's always
# are (CSV downloads, recounts). And it prices a random read at four sequential ones, as
# for spinning disks: on SSDs, or an archive the server holds in memory, 1.1 is nearer,
# and a recount of 200 events looks up their results by index instead of scanning all.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c jit=off -c cursor_tuple_fraction=1 -c random_page_cost=1.1"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The credits' covering indexes carry their flags on PostgreSQL (INCLUDE); SQLite builds
# them without, as Django's check says it will, and the counts are the same.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# The read cache (results.stats.cache): visitors' pages and what they count over many rows,
# kept until a write touches what they show. Redis shares it between workers and machines
# (give it maxmemory-policy volatile-lru: pages expire, the versions they are checked
# against never do). In memory each process keeps its own, and a write made by another
# process (an import from the command line) shows once its pages expire (TIMEOUT): right
# for `make run` and the tests, not for several gunicorn workers.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "racearchive.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 24 * 60 * 60,  # what nothing touches is counted again once a day
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Pages and counts of 10-600 kB each: a bound on the memory of one process.
            "OPTIONS": {"MAX_ENTRIES": 3_000},
            # A write from another process (an import on the command line) shows within a minute.
            "TIMEOUT": 60,
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploaded timing files are read in memory and never stored; keep them bounded.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

DJANGO_TABLES2_TEMPLATE = "django_tables2/semantic.html"

# Security: strict by default; the HTTPS settings can be relaxed for a plain-HTTP
# deployment behind nothing (DJANGO_SECURE_SSL=0), never by accident.
SECURE_SSL = env_bool("DJANGO_SECURE_SSL", not DEBUG)
SECURE_SSL_REDIRECT = SECURE_SSL and env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000" if SECURE_SSL else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Editors sign in at the admin's door, and land in the admin: also when the ?next= they
# came with points off the site, which Django refuses (its default landing is a 404).
LOGIN_URL = "admin:login"

# The read-only API (results.api): JSON for anyone, paged and filtered; no sign-in, no
# writes. An address is JSON unless ?format=api asks for the browsable pages.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "results.api.negotiation.ByAddressOnly",
    "DEFAULT_FILTER_BACKENDS": ["results.api.filtering.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "results.api.paging.Pages",
    "DEFAULT_SCHEMA_CLASS": "rest_framework.schemas.openapi.AutoSchema",
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
# Requests a client address may make to the API in each API_RATE_WINDOW seconds.
API_RATE_LIMIT = int(os.environ.get("DJANGO_API_RATE_LIMIT", "120"))
API_RATE_WINDOW = 60
# The latest full dump (manage.py export_archive DIR), listed at /downloads/.
DUMPS_DIR = Path(os.environ.get("DJANGO_DUMPS_DIR", str(BASE_DIR / "dumps" / "latest")))

# Signing in is throttled (django-axes: a maintained library, its attempts kept in the
# database and shown in the admin). After AXES_FAILURE_LIMIT wrong passwords in a row for
# one account, or from one address, that account or address is refused for the
# cool-off, whatever the password; a success clears its count. (So someone who knows an
# editor's user name can keep that account paused: the editor then signs in once the
# cool-off ends, or an administrator clears it under Axes in the admin.) Behind a proxy,
# the address is the one the proxy names: DJANGO_PROXY_COUNT proxies (nginx: 1) are
# trusted to append it to X-Forwarded-For (racearchive.signing_in.client_address).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "racearchive.signing_in.locked_out"
AXES_CLIENT_IP_CALLABLE = "racearchive.signing_in.client_address"
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
# Hosts a report's images may come from (https only); any other image is dropped from the
# report (results.display.markdown) and refused by the browser (racearchive.security).
REPORT_IMAGE_HOSTS = env_list("DJANGO_REPORT_IMAGE_HOSTS")
LOGIN_REDIRECT_URL = "admin:index"

# Errors are written to standard error, as text or as one JSON object a line
# (DJANGO_LOG_FORMAT=json, racearchive.logs), and mailed to ADMINS when some are named
# (DJANGO_ADMINS="Ana <ana@example.org>, ops@example.org", with DJANGO_EMAIL_HOST...).
ADMINS = [getaddresses([address])[0] for address in env_list("DJANGO_ADMINS")]
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", "racearchive@localhost")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
        "json": {"()": "racearchive.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("DJANGO_LOG_FORMAT") == "json" else "text",
        },
    },
    # Django's own logging already mails ADMINS every server error while debug is off.
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
