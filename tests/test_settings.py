"""Settings come from the environment: debug off unless asked for, no secret in the code.

Each case imports the settings in a fresh interpreter with a clean environment, as a
server would start, so nothing from this test process or a developer's .env leaks in.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
A_SECRET = "s" * 20 + "-settings-test-secret-" + "k" * 20

REPORT = """
import json
from racearchive import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SECRET_KEY": s.SECRET_KEY,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": s.CSRF_TRUSTED_ORIGINS,
    "ENGINE": s.DATABASES["default"]["ENGINE"],
    "NAME": str(s.DATABASES["default"]["NAME"]),
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "CACHE": s.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": s.CACHES["default"].get("LOCATION", ""),
}))
"""


def import_settings(**environ: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_ENV_FILE": "", **environ}
    return subprocess.run(
        [sys.executable, "-c", REPORT], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )


def settings_with(**environ: str) -> dict:
    process = import_settings(**environ)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def test_debug_is_off_by_default():
    assert settings_with(DJANGO_SECRET_KEY=A_SECRET)["DEBUG"] is False


def test_debug_is_on_only_when_asked_for():
    assert settings_with(DJANGO_DEBUG="1")["DEBUG"] is True
    assert settings_with(DJANGO_DEBUG="true")["DEBUG"] is True
    assert settings_with(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=A_SECRET)["DEBUG"] is False


def test_without_debug_a_missing_secret_stops_the_start_with_a_clear_message():
    process = import_settings()

    assert process.returncode != 0
    assert "ImproperlyConfigured" in process.stderr
    assert "DJANGO_SECRET_KEY is not set" in process.stderr


def test_the_secret_is_taken_from_the_environment():
    assert settings_with(DJANGO_SECRET_KEY=A_SECRET)["SECRET_KEY"] == A_SECRET


def test_production_defaults_are_strict_about_https():
    production = settings_with(DJANGO_SECRET_KEY=A_SECRET)

    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31536000


def test_plain_http_is_only_by_explicit_choice():
    plain = settings_with(DJANGO_SECRET_KEY=A_SECRET, DJANGO_SECURE_SSL="0")

    assert plain["SECURE_SSL_REDIRECT"] is False
    assert plain["SESSION_COOKIE_SECURE"] is False
    assert plain["SECURE_HSTS_SECONDS"] == 0


def test_hosts_and_trusted_origins_are_comma_separated_lists():
    configured = settings_with(
        DJANGO_SECRET_KEY=A_SECRET,
        DJANGO_ALLOWED_HOSTS="archive.example.org, www.archive.example.org",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://archive.example.org",
    )

    assert configured["ALLOWED_HOSTS"] == ["archive.example.org", "www.archive.example.org"]
    assert configured["CSRF_TRUSTED_ORIGINS"] == ["https://archive.example.org"]


def test_sqlite_is_the_default_database_and_database_url_chooses_postgresql():
    default = settings_with(DJANGO_SECRET_KEY=A_SECRET)
    postgres = settings_with(DJANGO_SECRET_KEY=A_SECRET, DATABASE_URL="postgres://archive@db.internal:5432/racearchive")

    assert default["ENGINE"] == "django.db.backends.sqlite3"
    assert default["NAME"] == str(BASE_DIR / "db.sqlite3")
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert postgres["NAME"] == "racearchive"


def test_an_env_file_is_read_and_the_real_environment_wins_over_it(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"# written by make run\nDJANGO_SECRET_KEY={A_SECRET}\nDJANGO_ALLOWED_HOSTS=from-file.example\n"
    )

    configured = settings_with(DJANGO_ENV_FILE=str(env_file), DJANGO_ALLOWED_HOSTS="from-environment.example")

    assert configured["SECRET_KEY"] == A_SECRET
    assert configured["ALLOWED_HOSTS"] == ["from-environment.example"]


def test_the_cache_is_in_memory_unless_a_redis_url_is_given():
    assert settings_with(DJANGO_SECRET_KEY=A_SECRET)["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"
    shared = settings_with(DJANGO_SECRET_KEY=A_SECRET, REDIS_URL="redis://cache.internal:6379/2")
    assert shared["CACHE"] == "racearchive.redis_cache.RedisCache"
    assert shared["CACHE_LOCATION"] == "redis://cache.internal:6379/2"
