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

    def order_by(self, aliases):
        self._keys = None
        super().order_by(aliases)

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return super().__getitem__(key)
        kept = self._keys is not None
        keys = self._keys[key] if kept else list(self.data.values_list("pk", flat=True)[key])
        rows = {row.pk: row for row in self.data.filter(pk__in=keys).order_by()}
        return [rows[pk] for pk in keys]


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
