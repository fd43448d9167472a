"""`insert_new(model, objects)`: bulk_create for the importer's tens of thousands of rows.

An import of a 200-race history inserts 10,000 entries, 30,000 crew members and 10,000
results. bulk_create spent well over a second of Python on them: each value of each row
prepared by its field and checked against its related object, the SQL built around them.
On PostgreSQL the same INSERT ... SELECT FROM UNNEST that bulk_create writes is built
here from one list of values per column, taken as they are: so only models whose columns
are numbers, text and keys go this way (checked); elsewhere, and on other databases,
bulk_create does it. As with bulk_create, the objects get their new keys and no signal
is sent: the caller tells the cache and the credits.
"""

from django.db import connection, models

# Fields whose Python value is the value the column stores.
_PLAIN = (
    models.IntegerField,
    models.FloatField,
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.ForeignKey,
)


def insert_new(model, objects: list) -> None:
    """Insert `objects`, new instances of `model`, in one statement, and give them their keys."""
    if not objects:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    if connection.vendor != "postgresql" or not all(isinstance(field, _PLAIN) for field in fields):
        model.objects.bulk_create(objects)
        return
    quote = connection.ops.quote_name
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "
        f"SELECT * FROM UNNEST({arrays}) RETURNING {quote(model._meta.pk.column)}"
    )
    columns = [[getattr(obj, field.attname) for obj in objects] for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, columns)
        keys = cursor.fetchall()
    # Rows come back in the order UNNEST gave them, as bulk_create also relies on.
    for obj, (key,) in zip(objects, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = connection.alias
