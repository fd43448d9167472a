"""/coverage/: how the archive counts, and what it holds of every race and season."""

from django.shortcuts import render

from results.display.coverage import race_lines
from results.stats import cache, coverage
from results.stats.milestones import coverage as milestone_coverage
from results.stats.records.rules import COUNTING_RULES


def coverage_map(request):
    """The counting rules, then per race the years of its editions by what the archive holds of
    them, and per series the rounds of each season."""
    races, seasons = coverage.coverage_map()
    context = {
        "races": race_lines(races),
        "seasons": seasons,
        "levels": [label for _, label in coverage.LEVELS],
        "whole": coverage.of_where(),
        "counting_rules": COUNTING_RULES,
        "milestone_rule": milestone_coverage.RULE,
    }
    return cache.shown(render(request, "results/coverage.html", context), cache.RECORDS)
