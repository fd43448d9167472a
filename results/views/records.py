"""The journalists' records explorer: a ranked table for any count, by anyone, anywhere,
and the occurrences behind each count. Every view is a permalink with a CSV export."""

from django.shortcuts import render

from results.display import coverage as coverage_words
from results.display.coverage import races
from results.display.words import subject_name
from results.filters.records import RecordsFilter, find_subject, ranking_of, subject_param
from results.models import Race
from results.stats import cache, coverage
from results.stats.milestones import coverage as milestone_coverage
from results.stats.records import streaks
from results.stats.records.occurrences import occurrence_events, occurrence_list
from results.stats.records.rankings import latest_event, undated_beside, without_nationality
from results.stats.records.rules import COUNTING_RULES, SUMMED, Who
from results.tables.export import export_response
from results.tables.results import occurrences_table
from results.tables.tallies import records_table


def records(request):
    """/records/: what is counted, by whom, where; ranked, ties sharing a rank."""
    filters = RecordsFilter(request.GET)
    question = filters.question()
    ranked = ranking_of(question)
    covered = coverage.of_where(question.where)
    table = records_table(request, question, ranked, coverage=covered)
    exported = export_response(request, {"records": table}, filename=f"records-{question.what}-by-{question.who}")
    if exported:
        return exported
    as_of = latest_event(ranked)
    context = {
        "coverage": covered,
        "not_counted": coverage_words.not_counted(covered, question.what),
        "filters": filters,
        "question": question,
        "table": table,
        "as_of": as_of,
        "undated": undated_beside(question.where, as_of, question.what),
        "counting_rules": COUNTING_RULES,
        "streak_rule": streaks.RULE,
        "milestone_rule": milestone_coverage.RULE,
        "races": Race.objects.held().order_by("name"),
    }
    if question.who == Who.NATIONALITY:
        context["nationality_note"] = coverage_words.nationality_note(
            question.what, *without_nationality(question.what, question.where)
        )
    return cache.shown(render(request, "results/records.html", context), cache.RECORDS)


def record_occurrences(request):
    """/records/occurrences/?...&subject=porsche: every result a count is made of, oldest first."""
    filters = RecordsFilter(request.GET)
    question = filters.question()
    subject = find_subject(question.who, request.GET.get("subject", ""))
    found = occurrence_list(question.what, question.who, subject, question.where) if subject is not None else []
    table = occurrences_table(request, [occurrence.result for occurrence in found], **_lap_values(question, found))
    slug = subject_param(question.who, subject) if subject is not None else "unknown"
    exported = export_response(request, {"occurrences": table}, filename=f"records-{question.what}-{slug}")
    if exported:
        return exported
    covered = coverage.of_where(question.where)
    context = {
        "coverage": covered,
        "not_counted": coverage_words.not_counted(covered, question.what),
        "filters": filters,
        "question": question,
        "subject": subject,
        "subject_asked": request.GET.get("subject", ""),
        "subject_name": subject_name(subject) if subject is not None else "",
        "heading": _heading(question, found, covered),
        "table": table,
        "years": occurrence_events(found),  # the years link every event
        "back": question.url(),
        "counting_rules": COUNTING_RULES,
    }
    page = render(request, "results/records_occurrences.html", context, status=200 if subject else 404)
    return cache.shown(page, cache.RECORDS)


def _heading(question, found: list, covered) -> str:
    """ "Tom Kristensen: 9 starts at the 24 Hours of Le Mans, in 3 of 9 races", "312 laps led in
    4 races, in 5 of 18 races", or why there is no count."""
    if not covered.counts(question.what):
        return f"{question.what.label}: not counted"
    if question.what in SUMMED:
        said = f"{question.counted(sum(occurrence.value for occurrence in found))} in {races(len(found))}"
    else:
        said = question.counted(len(found))
    over = coverage_words.counted_over(covered, question.what)
    return f"{said}, {over}" if over else said


def _lap_values(question, found: list) -> dict:
    """For a total from the lap files, each race's part beside its result (occurrences_table)."""
    if question.what not in SUMMED:
        return {}
    return {
        "parts": {occurrence.result: occurrence.value for occurrence in found},
        "label": question.what.label,
        "words": question.amount,
    }
