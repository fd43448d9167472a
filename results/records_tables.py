"""The records explorer's table (django-tables2): rank, who, count, first and last occurrence,
and where a race or a series gives a sequence, the longest run, the current run and the
drought that the last occurrence ended.

Rows are records.TallyRow; `with_streaks()` hangs a streaks.Streak on each as `streak`.
Every cell has a plain `value_` for the CSV ("1968 24 Hours of Daytona").
"""

from collections.abc import Sequence

import django_tables2 as tables
from django.utils.html import format_html
from django_tables2.data import TableListData

from results.history_tables import LabelledCells, TallyTable
from results.stats.milestones.wording import ordinal
from results.stats.records.rankings import Ranked, tally_rows
from results.stats.records.rules import Who, subject_key
from results.stats.records.streaks import streaks


def event_words(event) -> str:
    """ "1968 24 Hours of Daytona": the year and the event as named that year."""
    return f"{event.year} {event.name}"


def render_event(event):
    return format_html(
        '<a href="{}">{} <span class="muted">{}</span></a>', event.get_absolute_url(), event.year, event.name
    )


def run_words(run) -> str:
    if run is None:
        return ""
    if run.first.year == run.last.year:
        return f"{run.length} ({run.first.year})"
    return f"{run.length} ({run.first.year}–{run.last.year})"


class PagedRows(Sequence):
    """Rows known by their keys, whose objects `fetch(keys)` gets a page at a time (one call a page)."""

    def __init__(self, keys: list, fetch):
        self.keys, self.fetch = keys, fetch

    def __len__(self):
        return len(self.keys)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.fetch(self.keys[index])
        return self.fetch([self.keys[index]])[0]

    def __iter__(self):
        return iter(self.fetch(self.keys))


class PagedData(TableListData):
    """Table data that leaves PagedRows lazy (django-tables2 makes a list of any other sequence)."""

    def order_by(self, aliases):
        """Rows known by their keys keep the order of their keys."""


def ranked_rows(ranked: list[Ranked], who: Who) -> PagedData:
    """A ranking whose subjects and events are fetched for the page shown (two queries)."""
    return PagedData(PagedRows(ranked, lambda part: tally_rows(who, part)))


class RecordsTable(LabelledCells, TallyTable):
    """A ranked tally with its occurrences one click away."""

    first = tables.Column(verbose_name="First", order_by=("first__year",))
    last = tables.Column(verbose_name="Last", order_by=("last__year",))
    longest = tables.Column(verbose_name="Longest run", accessor="streak", orderable=False, empty_values=(None,))
    current = tables.Column(verbose_name="Current run", accessor="streak", orderable=False, empty_values=(None,))
    since = tables.Column(verbose_name="Last was", accessor="streak", orderable=False, empty_values=(None,))

    class Meta(TallyTable.Meta):
        orderable = False  # a ranking is read in rank order; it is fetched a page at a time
        per_page = 50
        exclude = ("years",)
        sequence = ("rank", "subject", "count", "first", "last", "longest", "current", "since")
        empty_text = "Nothing of the kind in the archive for this choice."
        attrs = {"class": "history-table tally-table records-table"}

    def __init__(self, data, *, occurrences_url, with_runs=False, **kwargs):
        # `occurrences_url(subject)` is where a count leads: the list of what it is made of.
        self.occurrences_url = occurrences_url
        super().__init__(data, **kwargs)
        if not with_runs:
            for name in ("longest", "current", "since"):
                self.columns.hide(name)

    def render_count(self, record):
        return format_html(
            '<a href="{}" title="Every one of them">{}</a>', self.occurrences_url(record.subject), record.count
        )

    def value_count(self, record):
        return record.count

    def render_first(self, value):
        return render_event(value)

    def value_first(self, value):
        return event_words(value)

    def render_last(self, value):
        return render_event(value)

    def value_last(self, value):
        return event_words(value)

    # An empty cell reads "—" on a wide screen and is left out of a phone's card (records.css).
    def render_longest(self, value):
        return run_words(value.longest) if value.longest.length > 1 else ""

    def value_longest(self, value):
        return run_words(value.longest)

    def render_current(self, value):
        return run_words(value.current)

    def value_current(self, value):
        return run_words(value.current)

    def render_since(self, value):
        return self.value_since(value)

    def value_since(self, value):
        """What the last one was: "first since 2003", "third in a row"."""
        if value.latest.length > 1:
            return f"{ordinal(value.latest.length)} in a row"
        if value.since is not None:
            return f"first since {value.since.year}"
        return ""  # its only one


def with_streaks(rows, question) -> None:
    """Give each row its streak (one lookup for all of them), where the question has a sequence."""
    found = streaks(
        question.what, question.who, question.where, [subject_key(question.who, row.subject) for row in rows]
    )
    for row in rows:
        row.streak = found.get(subject_key(question.who, row.subject))
