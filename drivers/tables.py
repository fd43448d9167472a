"""Tables of the driver, team, car and manufacturer pages (django-tables2)."""

import django_tables2 as tables

from results.history_tables import ResultHistoryTable


class CareerTable(ResultHistoryTable):
    """A driver's race results: the crew column lists the co-drivers."""

    crew = tables.Column(accessor="entry", verbose_name="Co-drivers", orderable=False)

    class Meta(ResultHistoryTable.Meta):
        empty_text = "No race results match."


class WinsTable(ResultHistoryTable):
    """A make's overall and class wins."""

    class Meta(ResultHistoryTable.Meta):
        empty_text = "No wins match."
