import pytest


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """Tests talk plain HTTP to the test client; production redirects to HTTPS."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing cached: a value kept by an earlier test's archive is not this one's.

    (A test's writes are rolled back, never committed, so the cache is never told of them.)
    """
    from django.core.cache import cache

    cache.clear()
    yield
