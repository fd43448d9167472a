"""How long tables are read a page at a time, whatever the query string asks."""

from collections.abc import Sequence
from functools import partial

from django.core.paginator import Paginator
from django_tables2 import RequestConfig
from django_tables2.data import TableListData, TableQuerysetData


class KeysFirst(TableQuerysetData):
    """A table's queryset whose pages are read in two queries: the page's keys, then its rows.

    Sorting a make's wins by date with every joined column it shows makes PostgreSQL carry
    wide rows through the sort; sorting the keys alone and then fetching a page of rows by
    key is much cheaper (scripts/bench_pages.py measures it). Pass it as the table's data.

    `keys`, every row's key in the queryset's order as kept from an earlier request, spare
    even that: the page's keys are read from them and the rows are not counted. Sorting by
    a column drops them (the rows are still the same, so their number holds).
    """

    def __init__(self, data, *, keys: list | None = None):
        super().__init__(data)
        self._keys = keys
        self._length = len(keys) if keys is not None else None

    @property
    def kept_keys(self) -> list | None:
        """Every row's key in order, while they are the ones kept (not after a re-sort)."""
        return self._keys

    def order_by(self, aliases):
        self._keys = None
        super().order_by(aliases)

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return super().__getitem__(key)
        kept = self._keys is not None
        keys = self._keys[key] if kept else list(self.data.values_list("pk", flat=True)[key])
        rows = {row.pk: row for row in _by_key(self.data, keys)}
        return [rows[pk] for pk in keys]


def _by_key(queryset, keys):
    """The rows of `queryset` with `keys`, found by key alone, with its joins and prefetches.

    The keys were found by the queryset's filters: read again with them, a make's page of
    wins took PostgreSQL 20 ms to plan (its filters across the car and session) and 1 ms
    to run. A queryset that computes columns of its own is read as it is.
    """
    query = queryset.query
    if query.annotations or query.extra or query.deferred_loading != (frozenset(), True):
        return queryset.filter(pk__in=keys).order_by()
    rows = queryset.model._default_manager.filter(pk__in=keys)
    rows.query.select_related = query.select_related
    return rows.prefetch_related(*queryset._prefetch_related_lookups)


class FixedPageSize(Paginator):
    """A table's own page size, whatever ?per_page= asks.

    django-tables2 takes the page size from the query string: a page of a whole history
    would be slow to draw, and a negative size is an error (a 500).
    """

    def __init__(self, object_list, per_page, *args, size: int, **kwargs):
        super().__init__(object_list, size, *args, **kwargs)


def fixed_pages(size: int) -> dict:
    """django-tables2's `paginate` options for pages of `size` rows."""
    return {"paginator_class": partial(FixedPageSize, size=size)}


def configure(request, *tables_to_show, paginate=True):
    """Sorting and pagination from the query string; a bad page number shows the nearest page."""
    for table in tables_to_show:
        RequestConfig(request, paginate=fixed_pages(table._meta.per_page) if paginate else False).configure(table)


class PagedRows(Sequence):
    """Rows known by their keys, whose objects `fetch(keys)` gets a page at a time (one call a page).

    Read whole (a CSV), they are fetched CHUNK at a time, so a download of every result a
    count is made of holds a chunk of them, not all.
    """

    CHUNK = 2000

    def __init__(self, keys: list, fetch):
        self.keys, self.fetch = keys, fetch

    def __len__(self):
        return len(self.keys)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.fetch(self.keys[index])
        return self.fetch([self.keys[index]])[0]

    def __iter__(self):
        for start in range(0, len(self.keys), self.CHUNK):
            yield from self.fetch(self.keys[start : start + self.CHUNK])


class PagedData(TableListData):
    """Table data that leaves PagedRows lazy (django-tables2 makes a list of any other sequence)."""

    def order_by(self, aliases):
        """Rows known by their keys keep the order of their keys."""
