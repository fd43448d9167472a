"""The journalists' records explorer: a ranked table for any count, by anyone, anywhere,
and the occurrences behind each count. Every view is a permalink with a CSV export."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse

from results.display.words import subject_name
from results.filters.records import RecordsFilter, find_subject, ranking_of, subject_param
from results.models import Event, Race
from results.stats.milestones import coverage as milestone_coverage
from results.stats.records import streaks
from results.stats.records.occurrences import occurrence_list, occurrence_results
from results.stats.records.rankings import latest_event, tally_rows
from results.stats.records.rules import COUNTING_RULES
from results.tables.export import export_response, exporting
from results.tables.paging import PagedData, PagedRows, configure
from results.tables.results import ResultHistoryTable
from results.tables.tallies import RecordsTable, ranked_rows, with_streaks


def records(request):
    """/records/: what is counted, by whom, where; ranked, ties sharing a rank."""
    filters = RecordsFilter(request.GET)
    question = filters.question()
    ranked = ranking_of(question)
    occurrences_base = reverse("results:record_occurrences")

    def occurrences_url(subject):
        return f"{occurrences_base}?{urlencode(question.query(subject=subject_param(question.who, subject)))}"

    with_runs = streaks.has_sequence(question.where)
    as_csv = exporting(request)
    # A page of the ranking fetches its own rows' objects; the CSV, every row's.
    rows = tally_rows(question.who, ranked) if as_csv else ranked_rows(ranked, question.who)
    table = RecordsTable(rows, occurrences_url=occurrences_url, with_runs=with_runs)
    configure(request, table)
    if with_runs:
        with_streaks(rows if as_csv else [row.record for row in table.paginated_rows], question)
    exported = export_response(request, {"records": table}, filename=f"records-{question.what}-by-{question.who}")
    if exported:
        return exported
    context = {
        "filters": filters,
        "question": question,
        "table": table,
        "as_of": latest_event(ranked),
        "counting_rules": COUNTING_RULES,
        "streak_rule": streaks.RULE,
        "milestone_rule": milestone_coverage.RULE,
        "races": Race.objects.held().order_by("name"),
    }
    return render(request, "results/records.html", context)


def record_occurrences(request):
    """/records/occurrences/?...&subject=porsche: every result a count is made of, oldest first."""
    filters = RecordsFilter(request.GET)
    question = filters.question()
    subject = find_subject(question.who, request.GET.get("subject", ""))
    found = occurrence_list(question.what, question.who, subject, question.where) if subject is not None else []
    # The table fetches the results of the page shown; the years link every event.
    rows = PagedData(PagedRows([o.result for o in found], occurrence_results))
    table = ResultHistoryTable(rows, orderable=False, exclude=("number",))
    configure(request, table)
    events = Event.objects.with_place().in_bulk({o.event for o in found})
    slug = subject_param(question.who, subject) if subject is not None else "unknown"
    exported = export_response(request, {"occurrences": table}, filename=f"records-{question.what}-{slug}")
    if exported:
        return exported
    context = {
        "filters": filters,
        "question": question,
        "subject": subject,
        "subject_asked": request.GET.get("subject", ""),
        "subject_name": subject_name(subject) if subject is not None else "",
        "heading": question.counted(len(found)),
        "table": table,
        "years": [events[o.event] for o in found],
        "back": f"{reverse('results:records')}?{urlencode(question.query())}",
        "counting_rules": COUNTING_RULES,
    }
    return render(request, "results/records_occurrences.html", context, status=200 if subject else 404)
