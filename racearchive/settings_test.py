"""Settings for the test suite: the real settings, with a throwaway secret and fast hashing."""

import os
import secrets

os.environ.setdefault("DJANGO_SECRET_KEY", "test-" + secrets.token_urlsafe(40))
os.environ.setdefault("DJANGO_SECURE_SSL", "0")

from racearchive.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Static files come from the finders, not from a collectstatic the suite never runs.
STATIC_ROOT = None
# Each test empties the cache (tests/conftest.py): never a shared one that REDIS_URL names.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
