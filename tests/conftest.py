import pytest


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """Tests talk plain HTTP to the test client; production redirects to HTTPS."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing cached: a value kept by an earlier test's archive is not this one's.

    (The archive revision moves with every write, but a rolled-back test returns it to the
    value it had before, which the next test may see too.)
    """
    from django.core.cache import cache

    cache.clear()
    yield
