"""A record's values kept as JSON (in a log, to be put back later), and read back.

JSON holds times, dates and durations as text (DjangoJSONEncoder): each field's own
`to_python` reads them back as the model's types.
"""

from django.db.models import Model


def rows_of(queryset) -> list[dict]:
    """Every record of `queryset` as a dict of its columns (attnames), in key order."""
    return list(queryset.values(*[f.attname for f in queryset.model._meta.concrete_fields]).order_by("pk"))


def row_of(obj: Model) -> dict:
    """One record's columns, as `rows_of` gives them (a country as its code, not a Country)."""
    return {f.attname: f.get_prep_value(getattr(obj, f.attname)) for f in obj._meta.concrete_fields}


def prepared(model: type[Model], values: dict) -> dict:
    """Some of a record's values as `row_of` gives them, from the values its object holds."""
    return {name: model._meta.get_field(name).get_prep_value(value) for name, value in values.items()}


def values_of(model: type[Model], row: dict) -> dict:
    """A kept row in the model's own types, to save as a record again."""
    return {
        f.attname: None if row[f.attname] is None else f.to_python(row[f.attname]) for f in model._meta.concrete_fields
    }
