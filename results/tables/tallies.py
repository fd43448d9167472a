"""Ranked tallies (django-tables2): rank, who, count, first and last; the race and make pages'
wins, and the records explorer's rankings with their runs and droughts.

The explorer's rows are stats.records TallyRows; `with_streaks()` hangs a Streak on each as
`streak`. Every cell has a plain `value_` for the CSV ("1968 24 Hours of Daytona").
"""

import django_tables2 as tables

from results.display.coverage import counted_over
from results.display.html import html
from results.display.links import event_link, flagged_link, years_link
from results.display.words import event_words, ordinal, run_words, subject_name
from results.stats.histories import MostWins
from results.stats.records.rankings import Ranked, tally_rows
from results.stats.records.rules import What, Who, subject_key
from results.stats.records.streaks import has_sequence, streaks
from results.tables.cells import DRAWN_TABLE, NUMERIC, ArchiveTable, DrawnRows
from results.tables.export import exporting
from results.tables.paging import PagedData, PagedRows, configure


class TallyTable(DrawnRows, ArchiveTable):
    """A ranked tally (stats.records.rankings.tally): rank, who, count, and the years of the first and last."""

    rank = tables.Column(verbose_name="#", attrs=NUMERIC, order_by=("rank",))
    subject = tables.Column(verbose_name="Who", order_by=("subject__name",))
    count = tables.Column(verbose_name="Count", attrs=NUMERIC, order_by=("count",))
    years = tables.Column(
        verbose_name="Years", accessor="first", attrs=NUMERIC, order_by=("first__year",), exclude_from_export=True
    )
    # The CSV names the first and last events in full; the page shows their years as links.
    first = tables.Column(verbose_name="First", visible=False)
    last = tables.Column(verbose_name="Last", visible=False)

    class Meta:
        orderable = True
        per_page = 25
        empty_text = "None yet in the archive."
        attrs = {"class": "history-table tally-table"}
        template_name = DRAWN_TABLE

    def __init__(self, data, *, subject_label="Who", count_label="Count", **kwargs):
        super().__init__(data, **kwargs)
        self.columns["subject"].column.verbose_name = subject_label
        self.columns["count"].column.verbose_name = count_label

    def render_subject(self, value):
        return flagged_link(value)

    def value_subject(self, value):
        return subject_name(value)

    def render_years(self, record):
        return years_link(record.first, record.last)

    def value_first(self, value):
        return str(value)

    def value_last(self, value):
        return str(value)


class MakeTallyTable(TallyTable):
    """Wins by chassis make, with the make's count as an engine maker beside it where they differ."""

    with_engines = tables.Column(
        verbose_name="Engine", attrs=NUMERIC, orderable=False, empty_values=(None,), default=""
    )

    class Meta(TallyTable.Meta):
        sequence = ("rank", "subject", "count", "with_engines", "years", "first", "last")


def ranked_rows(ranked: list[Ranked], who: Who) -> PagedData:
    """A ranking whose subjects and events are fetched for the page shown (two queries)."""
    return PagedData(PagedRows(ranked, lambda part: tally_rows(who, part)))


def most_wins_tables(wins: MostWins) -> dict[str, TallyTable]:
    """A history's tallies of who has won most (stats.histories.most_wins): by make, team and driver."""
    label = "Class wins" if wins.counted == What.CLASS_WINS else "Wins"
    return {
        "manufacturers": MakeTallyTable(wins.makes, subject_label="Make", count_label=label, prefix="makes-"),
        "teams": TallyTable(wins.teams, subject_label="Team", count_label=label, prefix="teams-"),
        "drivers": TallyTable(wins.drivers, subject_label="Driver", count_label=label, prefix="drivers-"),
    }


class RecordsTable(TallyTable):
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

    def __init__(self, data, *, occurrences_url, with_runs=False, count_words=None, **kwargs):
        # `occurrences_url(subject)` is where a count leads: the list of what it is made of;
        # `count_words(count)` how a count reads (a drive time as one).
        self.occurrences_url, self.count_words = occurrences_url, count_words or (lambda count: count)
        super().__init__(data, **kwargs)
        if with_runs:
            self.attrs["class"] += " with-runs"  # eight columns: its events' names wrap (records.css)
        else:
            for name in ("longest", "current", "since"):
                self.columns.hide(name)

    def render_count(self, record):
        return html(
            '<a href="{}" title="Every one of them">{}</a>',
            self.occurrences_url(record.subject),
            self.count_words(record.count),
        )

    def value_count(self, record):
        return self.count_words(record.count)

    def render_first(self, value):
        return event_link(value)

    def value_first(self, value):
        return event_words(value)

    def render_last(self, value):
        return event_link(value)

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


def records_table(request, question, ranked: list[Ranked], *, coverage=None) -> RecordsTable:
    """The ranking that answers `question` (filters.records.Question), sorted and paged by the request.

    A page of the ranking fetches its own rows' objects, the CSV every row's; where the
    question has a sequence (one race, one series) each row gets its runs.
    """
    with_runs = question.what in What and has_sequence(question.where)  # runs of races won, not of laps led
    as_csv = exporting(request)
    rows = tally_rows(question.who, ranked, words_only=True) if as_csv else ranked_rows(ranked, question.who)
    over = counted_over(coverage, question.what) if coverage is not None else ""
    count_label = f"{question.what.label}, {over}" if over else "Count"
    table = RecordsTable(
        rows,
        occurrences_url=question.occurrences_url,
        with_runs=with_runs,
        count_label=count_label,
        count_words=question.amount,
    )
    configure(request, table)
    if with_runs:
        with_streaks(rows if as_csv else [row.record for row in table.paginated_rows], question)
    return table


def with_streaks(rows, question) -> None:
    """Give each row its streak (one lookup for all of them), where the question has a sequence."""
    found = streaks(
        question.what, question.who, question.where, [subject_key(question.who, row.subject) for row in rows]
    )
    for row in rows:
        row.streak = found.get(subject_key(question.who, row.subject))
