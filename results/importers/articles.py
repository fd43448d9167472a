"""Articles kept as Markdown files with a short header, loaded into an event's reports.

    ---
    title: Porsche ends a long wait at Daytona
    kind: race_report
    series: IMSA WeatherTech SportsCar Championship
    season: 2024
    event: Rolex 24 At Daytona
    published: 2024-01-29
    author: Race Archive
    ---
    The body, in Markdown.

The event must already be held (load the archive first); `race` may name it instead of
`series` for an edition known only by its race. An article is matched by its event and
title and updated in place.
"""

import datetime
from pathlib import Path

from drivers.naming import fold
from results.importers.csvfile import read_text
from results.importers.errors import ImportValidationError, Problem
from results.importers.matching import Resolver, apply_values, find_named
from results.models import Article, Event, Race, Season, Series

HEADER_KEYS = {"title", "kind", "series", "season", "event", "race", "published", "author", "status"}


def load_articles(directory: Path, resolver: Resolver) -> None:
    for path in sorted(directory.glob("*.md")):
        try:
            _load_article(read_text(path), resolver)
        except ImportValidationError as error:
            raise error.in_file(path.name) from None


def _load_article(text: str, resolver: Resolver) -> None:
    header, body = _split(text)
    for key in ("title", "season", "event", "published"):
        if not header.get(key):
            raise ImportValidationError(Problem(None, key, "the header needs it"))
    kind = header.get("kind", Article.Kind.RACE_REPORT)
    status = header.get("status", Article.Status.PUBLISHED)
    if kind not in Article.Kind.values:
        raise ImportValidationError(Problem(None, "kind", f"“{kind}” is not one of {', '.join(Article.Kind.values)}"))
    if status not in Article.Status.values:
        raise ImportValidationError(Problem(None, "status", f"“{status}” is not draft or published"))
    event = _find_event(header)
    values = {
        "kind": kind,
        "status": status,
        "author": header.get("author", ""),
        "published_at": _published(header["published"]),
        "body": body,
    }
    article = next((a for a in event.articles.all() if fold(a.title) == fold(header["title"])), None)
    if article is None:
        article = Article(event=event, title=header["title"])
        apply_values(article, values)
        article.save()
        resolver.created("article", article)
        return
    resolver.matched("article", article)
    fields = apply_values(article, values)
    if fields:
        article.save()
        resolver.changed("article", article, fields)


def _split(text: str) -> tuple[dict[str, str], str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in (line.strip() for line in lines[1:]):
        raise ImportValidationError(Problem(1, "", "an article starts with a header between two “---” lines"))
    end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    header = {}
    for number, line in enumerate(lines[1:end], start=2):
        key, sep, value = line.partition(":")
        if not sep or key.strip() not in HEADER_KEYS:
            known = ", ".join(sorted(HEADER_KEYS))
            raise ImportValidationError(Problem(number, key.strip(), f"not a header line (one of {known})"))
        header[key.strip()] = value.strip()
    return header, "\n".join(lines[end + 1 :]).strip() + "\n"


def _published(text: str) -> datetime.datetime:
    """A day (read as midnight UTC) or an ISO time with its offset."""
    try:
        when = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ImportValidationError(Problem(None, "published", f"“{text}” is not a day or time (2024-01-29)")) from None
    return when if when.tzinfo else when.replace(tzinfo=datetime.UTC)


def _find_event(header: dict[str, str]) -> Event:
    if not header["season"].isdigit():
        raise ImportValidationError(Problem(None, "season", f"“{header['season']}” is not a year"))
    year = int(header["season"])
    event = None
    if header.get("race"):
        race = find_named(Race.objects.all(), header["race"])
        event = Event.objects.filter(race__in=race[:1], year=year).first()
    elif header.get("series"):
        series = find_named(Series.objects.all(), header["series"])
        season = Season.objects.filter(series__in=series[:1], year=year).first()
        found = find_named(season.events.all(), header["event"]) if season else []
        event = found[0] if found else None
    if event is None:
        where = header.get("race") or header.get("series") or "no series or race"
        raise ImportValidationError(Problem(None, "event", f"no {year} “{header['event']}” ({where}) is held"))
    return event
