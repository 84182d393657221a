"""Django's Redis cache backend, made to degrade instead of break, and keeping one Redis
client per connection pool.

**A Redis outage degrades, never breaks.** Every operation that cannot reach Redis is
logged and answers as an empty cache would: `get` gives the default (the page is built
uncached), `set`/`delete` do nothing, `add` gives False and `incr` raises ValueError (as for
a missing key; django-ratelimit then counts nothing and, with `RATELIMIT_FAIL_OPEN`, lets
the form through — see settings). After a failure Redis is left alone for
`RETRY_AFTER` seconds (no request waits on a dead server), then tried again: the site
recovers by itself. A process that could not write during the outage (a page or layout
change it could not announce) sends `cache_recovered` when Redis answers again, and the
page cache moves its generations on (home/page_cache.py), so no stale page is served.
Sessions do not live in the cache in production (settings), so nobody is logged out.

**One client per pool.** Django's `RedisCacheClient.get_client()` builds a new `redis.Redis`
object for every cache operation, and redis-py builds its table of response callbacks in
each (some 170 entries): that costs more than the round trip itself on a page served from
the page cache. A client is safe to share between threads (each command takes a connection
from the pool), so one per pool is kept.

Configured in production and in the benchmark as `home.cache.RedisCache`."""

import functools
import logging
import threading
import time

from django.core.cache.backends import redis
from django.dispatch import Signal
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Sent (by the process that noticed) when Redis answers again after an outage during which
# this process could not write to it.
cache_recovered = Signal()

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)
RETRY_AFTER = 2.0


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class _Outage:
    """The state of one cache backend's link to Redis, shared by the process's threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.missed_writes = False
        self.failures = 0

    def is_down(self):
        return time.monotonic() < self.down_until

    def failed(self, operation, error, write):
        with self.lock:
            first = self.down_until == 0.0
            self.down_until = time.monotonic() + RETRY_AFTER
            self.failures += 1
            self.missed_writes = self.missed_writes or write
        if first:
            logger.error("Cache unreachable (%s: %s): serving without cache", operation, error)

    def succeeded(self, backend):
        if self.down_until == 0.0:
            return
        with self.lock:
            missed, self.missed_writes = self.missed_writes, False
            self.down_until = 0.0
        logger.warning("Cache reachable again")
        if missed:
            cache_recovered.send(sender=type(backend), backend=backend)


def _degrading(default, *, write=False, missing=None):
    """Wrap a cache method: when Redis is unreachable (or known to be down), answer
    `default` (or raise `missing`) instead of raising."""

    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            outage = self._outage
            if outage.is_down():
                with outage.lock:
                    outage.missed_writes = outage.missed_writes or write
                return _answer(default, missing, args, kwargs)
            try:
                result = method(self, *args, **kwargs)
            except UNREACHABLE as error:
                outage.failed(method.__name__, error, write)
                return _answer(default, missing, args, kwargs)
            outage.succeeded(self)
            return result

        return wrapper

    return decorator


def _answer(default, missing, args, kwargs):
    if missing is not None:
        raise missing("Cache unavailable")
    if default == "default-argument":
        if "default" in kwargs:
            return kwargs["default"]
        return args[1] if len(args) > 1 else None
    return default() if callable(default) else default


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._outage = _Outage()

    get = _degrading("default-argument")(redis.RedisCache.get)
    get_many = _degrading(dict)(redis.RedisCache.get_many)
    has_key = _degrading(False)(redis.RedisCache.has_key)
    add = _degrading(False, write=True)(redis.RedisCache.add)
    set = _degrading(None, write=True)(redis.RedisCache.set)
    set_many = _degrading(list, write=True)(redis.RedisCache.set_many)
    touch = _degrading(False, write=True)(redis.RedisCache.touch)
    delete = _degrading(False, write=True)(redis.RedisCache.delete)
    delete_many = _degrading(None, write=True)(redis.RedisCache.delete_many)
    incr = _degrading(None, write=True, missing=ValueError)(redis.RedisCache.incr)
    clear = _degrading(False, write=True)(redis.RedisCache.clear)
