"""The read cache: the one user of Django's cache framework (Redis when REDIS_URL is set).

Two things are kept: values counted from many rows (a ranking, a career's totals, an
event's milestones) and whole pages served to visitors. Each is kept with the
*subjects* it shows: "event:12", "driver:7", "records"... A write does not clear
anything; it gives each subject it touches a new version (`touch()`, called by
results.stats.invalidation once the write has committed), and a kept thing is good while
every subject it was kept with is still at the version it was kept at. So a correction
to one race refreshes that race's pages, its drivers', teams' and makes' pages, the
records and the home page, and the rest of the archive stays kept.

A version is the value of a clock that every touch advances, with the time of the
touch (a page's Last-Modified). What is counted while a touch lands could mix the two
states, so a thing is kept only if none of its subjects moved after its counting began
(`began()`), and a subject whose version is not in the cache (evicted, or never
touched) is given one before anything is kept with it: a lost version only makes a miss.

A transaction that has written and not yet committed sees its own writes, which the
cache does not hold yet: until it commits, what it reads is counted afresh and not kept
(`mark_writing()`, `reads_own_writes()`).

In memory (no REDIS_URL) each process has its own cache, and a touch reaches only the
process that wrote: right for one server process and the tests; production has Redis.

The pages served most are also held in each process's memory (`_Pages`), so that a hit
reads only their versions from the shared cache, not the whole page: carrying a long race
page out of Redis for every visitor cost more than serving it.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

T = TypeVar("T")

# The shape of what is kept: raise it when a kept value's classes or keys change, what it
# counts, or a page's markup, so that a deployed release never reads what an earlier one
# kept (a shared Redis outlives a release).
KEPT_FORMAT = 9

# Subjects that are not one object: what every write to the archive touches.
RECORDS = "records"  # the records explorer: rankings and occurrences over the whole archive
HOME = "home"
INDEXES = "indexes"  # the lists of drivers, teams, makes, cars, circuits, races, series; search
EVERY_WRITE = (RECORDS, HOME, INDEXES)

CLOCK = f"clock:v{KEPT_FORMAT}"
_MISSING = object()

Version = tuple[int, float]  # (the clock's value at the touch, the touch's unix time)


def subject(obj) -> str:
    """An object as a subject: "driver:7"."""
    return f"{obj._meta.model_name}:{obj.pk}"


def subjects(*things) -> list[str]:
    """Objects and subject names as subject names, in order, each once."""
    return list(dict.fromkeys(thing if isinstance(thing, str) else subject(thing) for thing in things))


class _Writing(threading.local):
    marked = False  # this thread's transaction has written what the cache has not been told of


_writing = _Writing()


def mark_writing() -> None:
    """Called as a write is noted (results.stats.invalidation), before its transaction commits."""
    _writing.marked = True


def reads_own_writes() -> bool:
    """Whether this thread is inside a transaction that has written: then the cache is not used.

    A mark left outside any transaction is a rolled-back transaction's, and is dropped.
    """
    if _writing.marked and not connection.in_atomic_block:
        _writing.marked = False
    return _writing.marked


def _version_key(name: str) -> str:
    return f"version:v{KEPT_FORMAT}:{name}"


def clock() -> int:
    """The clock now; read before counting what is to be kept (`began()`)."""
    value = cache.get(CLOCK)
    if value is None:
        cache.add(CLOCK, 0, timeout=None)
        value = cache.get(CLOCK, 0)
    return int(value)


began = clock


def touch(names: Iterable[str]) -> None:
    """Give each subject in `names` a new version: what was kept with it is stale from now on."""
    names = list(dict.fromkeys(names))
    if not names:
        return
    try:
        now = cache.incr(CLOCK)
    except ValueError:  # the clock is not in the cache yet (or was lost): start it
        cache.add(CLOCK, 0, timeout=None)
        now = cache.incr(CLOCK)
    version = (now, time.time())
    _writing.marked = False
    cache.set_many({_version_key(name): version for name in names}, timeout=None)


def versions(names: list[str], *, began_at: int | None = None) -> dict[str, Version] | None:
    """Each subject's version now; None when one moved after `began_at` (what was counted may be stale).

    A subject with no version yet is given one, so that a later touch always differs from it.
    """
    keys = {_version_key(name): name for name in names}
    found = cache.get_many(list(keys))
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, (began_at or 0, time.time()), timeout=None)
        found |= cache.get_many(missing)
    if any(key not in found for key in keys):
        return None  # the cache refuses to keep versions: keep nothing
    now = {keys[key]: tuple(value) for key, value in found.items()}
    if began_at is not None and any(version[0] > began_at for version in now.values()):
        return None
    return now


def _still(kept_versions: dict[str, Version]) -> bool:
    """Whether every subject is still at the version it was kept at."""
    found = cache.get_many([_version_key(name) for name in kept_versions])
    return all(tuple(found.get(_version_key(name), ())) == version for name, version in kept_versions.items())


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def kept(name: str, key: str, shows: list[str] | Callable[[], list[str]], compute: Callable[[], T]) -> T:
    """`compute()`'s value, kept until one of the subjects it `shows` is touched.

    `name` says what is kept ("ranking", "driver-page") and `key` which one; `shows` may
    be a function, asked only when a value is to be kept.
    """
    if reads_own_writes():
        return compute()
    cache_key = f"value:v{KEPT_FORMAT}:{name}:{_digest(key)}"
    found = cache.get(cache_key, _MISSING)
    if found is not _MISSING and _still(found[0]):
        return found[1]
    started = began()
    value = compute()
    now = versions(shows() if callable(shows) else shows, began_at=started)
    if now is not None:
        cache.set(cache_key, (now, value))  # for the cache's TIMEOUT (settings)
    return value


@dataclass(frozen=True)
class KeptPage:
    """A page as served to visitors, with the versions of what it shows and its HTTP validators."""

    versions: dict[str, Version]
    content: bytes
    headers: dict[str, str]
    etag: str  # the same for the same page at the same versions of what it shows
    last_modified: float  # when the newest touch of what it shows landed (unix time)


def shown(response, *things):
    """`response`, marked as a page that shows `things` (objects or subject names): a visitor's
    GET of it may be kept (racearchive.pagecache) until one of them is touched."""
    response.page_shows = subjects(*things)
    return response


def _page_key(url: str) -> str:
    return f"page:v{KEPT_FORMAT}:{_digest(url)}"


class _Pages:
    """Pages this process served lately, within `budget` bytes: the least recently served go first.

    Only a copy: a page is served from here only while every subject it shows is at
    the version it was kept at, which is read from the shared cache for every request.
    """

    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self.pages: OrderedDict[str, KeptPage] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, url: str) -> KeptPage | None:
        with self.lock:
            page = self.pages.get(url)
            if page is not None:
                self.pages.move_to_end(url)
            return page

    def put(self, url: str, page: KeptPage) -> None:
        with self.lock:
            self._drop(url)
            if len(page.content) > self.budget // 8:
                return  # a page that would crowd out many others is read from the shared cache
            self.pages[url] = page
            self.size += len(page.content)
            while self.size > self.budget:
                self._drop(next(iter(self.pages)))

    def drop(self, url: str) -> None:
        with self.lock:
            self._drop(url)

    def _drop(self, url: str) -> None:
        page = self.pages.pop(url, None)
        if page is not None:
            self.size -= len(page.content)


# Per process: each gunicorn worker holds at most this many bytes of pages.
_pages = _Pages(budget=32 * 1024 * 1024)


def kept_page(url: str) -> KeptPage | None:
    """The page kept for `url` (path and query string), if everything it shows is as it was."""
    if reads_own_writes():
        return None
    page = _pages.get(url)
    if page is not None and _still(page.versions):
        return page
    page = cache.get(_page_key(url))  # another process may have kept it again since
    if page is None or not _still(page.versions):
        _pages.drop(url)
        return None
    _pages.put(url, page)
    return page


def forget_page(url: str) -> None:
    """Drop the page kept for `url`, as if the cache had evicted it (what counts it read stay kept)."""
    _pages.drop(url)
    cache.delete(_page_key(url))


def keep_page(url: str, *, shows: list[str], began_at: int, content: bytes, headers: dict[str, str]):
    """Keep a page rendered since `began_at`, showing `shows`; None when it may already be stale."""
    now = None if reads_own_writes() else versions(shows, began_at=began_at)
    if now is None:
        return None
    stamp = ",".join(f"{name}={version[0]}" for name, version in sorted(now.items()))
    etag = '"' + hashlib.sha256(f"{KEPT_FORMAT}|{stamp}|".encode() + content).hexdigest()[:32] + '"'
    last_modified = max((version[1] for version in now.values()), default=time.time())
    page = KeptPage(versions=now, content=content, headers=headers, etag=etag, last_modified=last_modified)
    cache.set(_page_key(url), page)
    _pages.put(url, page)
    return page


def counted_request(name: str, window_s: int) -> tuple[int, int]:
    """Count one request of `name` (a client address) in the current window of `window_s`
    seconds: (how many it has made in this window, seconds until the window ends).

    Kept here, beside the pages, as the one user of the cache: racearchive.api_limits asks
    it. In memory each process counts alone; with Redis the counts are the site's.
    """
    now = time.time()
    window = int(now // window_s)
    key = f"requests:{window}:{_digest(name)}"
    cache.add(key, 0, timeout=window_s + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between the add and the incr: this request starts it again
        cache.add(key, 1, timeout=window_s + 1)
        count = 1
    return count, max(1, int((window + 1) * window_s - now + 0.999))


def forget_everything() -> None:
    """Empty the read cache: after the archive was replaced as a whole (a dump loaded into it,
    a backup restored), which no write's signals told it of."""
    cache.clear()
