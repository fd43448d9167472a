"""`field__any=keys`: `field__in=keys` for long lists of integer keys, sent as one array on PostgreSQL.

A CSV of 100,000 results reads them a thousand keys at a time. Written `IN (%s, %s, ...)`,
each query's thousand parameters were prepared one by one by Django and parsed out of a
long SQL text by psycopg, which caches only short queries: more time than PostgreSQL took
to answer. `= ANY(%s)` is one parameter, a list psycopg sends as an array. Other databases
get the `IN` they understand.
"""

from django.db import connection
from django.db.models import Field, ForeignObject, Lookup
from django.db.models.lookups import In


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False  # a list of integer keys, not one value of the field

    def as_sql(self, compiler, connection):
        return In(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection):
        if not self.rhs:  # as `IN ()`: Django answers that no row matches, without a query
            return In(self.lhs, self.rhs).as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, [int(key) for key in self.rhs])


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # a foreign key's lookups are its own, not Field's


# Keys per query where a list of them is sent as parameters (SQLite allows 999 at most).
KEYS_PER_QUERY = 500


def _filtered_by_keys(queryset, keys) -> list:
    """`queryset` narrowed to the rows whose keys are `keys`: one query on PostgreSQL, the keys
    sent as one array; elsewhere one query per KEYS_PER_QUERY of them."""
    keys = list(dict.fromkeys(key for key in keys if key is not None))  # each once: a row is read once
    queryset = queryset.order_by()  # read into a dict or a list the caller orders: no sort
    if connection.vendor == "postgresql":
        return [queryset.filter(pk__any=keys)]
    return [
        queryset.filter(pk__in=keys[start : start + KEYS_PER_QUERY]) for start in range(0, len(keys), KEYS_PER_QUERY)
    ]


def in_bulk(queryset, keys) -> dict:
    """`queryset.in_bulk(keys)`, the keys sent as one array on PostgreSQL (the records' thousands of subjects)."""
    return {obj.pk: obj for part in _filtered_by_keys(queryset, keys) for obj in part}


def rows_in_bulk(queryset, keys, *fields) -> list[tuple]:
    """(pk, *fields) of the rows whose keys are `keys`, as plain tuples, not objects."""
    return [row for part in _filtered_by_keys(queryset, keys) for row in part.values_list("pk", *fields)]
