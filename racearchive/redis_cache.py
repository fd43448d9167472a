"""Django's Redis cache backend, with one Redis client per connection pool instead of one per call.

Django's backend makes a new `redis.Redis` for every cache operation, and redis-py builds
its whole table of response callbacks in each (redis/redis-py#3624): a page served from
the cache takes two operations, and making those clients was much of its time. A
client holds no connection of its own (it takes one from the pool for each command), so
one per pool serves every call; Django keeps one cache object per thread, and so do we.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ClientPerPool(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientPerPool
