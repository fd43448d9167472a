"""The filter backend of the API's lists: django-filter's, which also describes its query
parameters in the OpenAPI schema (django-filter no longer does that for DRF's own schema)."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend


def _numeric(found) -> bool:
    """A number is asked for: a year, or an object by id (not by slug)."""
    by_id = isinstance(found, django_filters.ModelChoiceFilter) and "to_field_name" not in found.extra
    return by_id or isinstance(found, django_filters.NumberFilter)


class FilterBackend(DjangoFilterBackend):
    def get_schema_operation_parameters(self, view):
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is None:
            return []
        parameters = []
        for name, found in filterset_class.base_filters.items():
            parameters.append(
                {
                    "name": name,
                    "required": False,
                    "in": "query",
                    "description": str(found.label or name),
                    "schema": {"type": "integer" if _numeric(found) else "string"},
                }
            )
        return parameters
