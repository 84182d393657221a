"""`home.cache.RedisCache`: Django's Redis backend with one client per connection pool,
against the Redis server that the development machine and CI run on 127.0.0.1:6379."""

import os
import uuid

from home.cache import RedisCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def make_cache():
    return RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})


def test_it_stores_reads_counts_and_deletes():
    cache = make_cache()
    cache.set("page", {"title": "Charte"}, 30)
    assert cache.get("page") == {"title": "Charte"}
    assert cache.add("generation", 1) and not cache.add("generation", 5)
    assert cache.incr("generation") == 2
    assert cache.get_many(["page", "generation", "missing"]) == {"page": {"title": "Charte"}, "generation": 2}
    cache.delete_many(["page", "generation"])
    assert cache.get("page") is None


def test_one_client_serves_every_operation():
    cache = make_cache()
    client = cache._cache.get_client(write=True)
    cache.set("a", 1)
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client
