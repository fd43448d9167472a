"""Template vocabulary of a results page: times, dates, class badges, flags, links, Markdown.

Each tag and filter hands its work to results.display, which draws the same pieces for
tables and views; nothing is computed here.
"""

from django import template
from django.urls import reverse

from results.display import badges, charts, circuits, coverage, dates, links, standings, times, words
from results.display import markdown as markdown_text
from results.stats.classification import best_time_ms

register = template.Library()


@register.filter
def race_time(ms):
    """Whole milliseconds as a race time: 86304723 -> "23:58:24.723"."""
    return times.format_time(ms)


@register.filter
def lap_total(record, name):
    """A driver's lap-by-lap total of `name` ("laps", "led", "time_ms") over the races known lap by lap."""
    return record.total(name)


@register.filter
def best_time(result):
    """A car's best time in qualifying or practice: "1:35.605"."""
    return times.format_time(best_time_ms(result))


@register.filter
def scheduled_length(duration):
    """A session's scheduled length as the sport says it: "24 Hours", "2 Hours 40 Minutes"."""
    return times.scheduled_length(duration)


@register.filter
def session_start(session):
    """The start in the circuit's time with its zone ("Sat 27 Jan 2024, 13:40 EST"), or the day alone."""
    return dates.session_start(session)


@register.filter
def date_range(event):
    """An event's dates as people write them: "25–28 Jan 2024", "30 Aug – 1 Sep 2024"."""
    return dates.date_range(event)


@register.filter
def markdown(text):
    """An editor's Markdown as HTML, sanitised."""
    return markdown_text.markdown(text)


@register.simple_tag
def class_badge(car_class):
    """A class's name on its colour, in a text colour that stays readable on it."""
    return badges.class_badge(car_class)


@register.simple_tag
def flag(country):
    """A small flag for a django-countries Country; "" when unknown."""
    return badges.flag(country)


@register.simple_tag
def driver_link(driver):
    """A driver's flag and linked name."""
    return links.driver_link(driver)


@register.simple_tag
def crew(entry, leaving_out=None):
    """A car's crew in the entry's order, each with a flag and a link."""
    return links.crew(entry, leaving_out=leaving_out)


@register.simple_tag
def winner(result):
    """A car as a winner is named: number, car, entrant and crew with flags."""
    return links.winner(result)


@register.simple_tag
def points_chart(table, rounds):
    """A standings table's leaders as a line chart over `rounds` (use with `as`), or None."""
    return charts.points_chart(table, rounds)


@register.simple_tag
def chart_grid_and_lines(chart):
    """A line chart's gridlines, labels and lines, as SVG."""
    return charts.grid_and_lines(chart)


@register.simple_tag
def chart_legend(chart):
    """A line chart's key, as list items."""
    return charts.legend(chart)


@register.simple_tag
def round_headings(rounds, prefix=""):
    """The column headings of a standings table's rounds."""
    return standings.round_headings(rounds, prefix)


@register.simple_tag
def round_choices(standing):
    """Links to a class's standings after each round run."""
    return standings.round_choices(standing)


@register.filter
def points(value):
    """Points as fans write them: 25, 12.5 (never 25.00)."""
    return standings.points_shown(value)


@register.simple_tag
def standing_rows(table):
    """A standings table's rows: place, name, points, gap, counts and each round's points."""
    return standings.standing_rows(table)


@register.simple_tag
def best_lap_rows(laps):
    """A circuit's best lap per class, a table row each."""
    return circuits.best_lap_rows(laps)


@register.simple_tag
def championship_rows(places):
    """A driver's places in championships: season, championship, class, place, points, wins, rounds."""
    return standings.championship_rows(places)


@register.simple_tag
def standing_progress(table):
    """The rows of a standings chart's table: each charted competitor's points and place after each round."""
    return standings.progress_rows(table)


@register.simple_tag
def year_span(first, last):
    """From the first year to the last: "2003", "1966–1970"."""
    return words.year_span(first, last)


@register.simple_tag
def totals_cells(row):
    """A totals row's counts as table cells, each saying what it is counted over."""
    return coverage.totals_cells(row)


@register.inclusion_tag("_partials/coverage.html")
def coverage_note(found, link=True, what=None):
    """The coverage sentence (display.coverage) of a stats.coverage.Coverage, with a link to
    /coverage/; of a count from the lap files, given `what`."""
    sentence = coverage.sentence(found, what) if found is not None else ""
    return {"sentence": sentence, "page": reverse("results:coverage") if link else ""}


@register.filter
def coverage_heading(session):
    """What a session's classification lacks, in a few words ("Winners only"); "" when complete."""
    note = coverage.session_note(session)
    return note[0] if note else ""


@register.filter
def coverage_detail(session):
    """The sentence beside coverage_heading: what the archive holds of the session."""
    note = coverage.session_note(session)
    return note[1] if note else ""
