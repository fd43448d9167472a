"""Site-wide search (/search/?q=): what results.stats.search finds, kind by kind."""

from django.shortcuts import render

from results.stats import cache
from results.stats.search import MAX_QUERY_LENGTH, MAX_WORDS, PER_KIND, clean_query, found, searchable


def search(request):
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    context = {
        "query": query,
        "searchable": searchable(query),
        "groups": found(query),
        "per_kind": PER_KIND,
        "shortened": len(raw) > MAX_QUERY_LENGTH or len(raw.split()) > MAX_WORDS,
    }
    return cache.shown(render(request, "search.html", context), cache.INDEXES)
