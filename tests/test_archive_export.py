"""A season or a race written as the archive CSV: imported into an empty archive it holds
the same results, and written again from there it is the same file."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from results.importers.archive_csv import import_archive_file
from results.importers.archive_export import write_archive_csv
from results.models import Event, Result
from tests.results.test_event_page_demo import demo_archive  # noqa: F401 -- the module-scoped demo
from tests.test_dumps import empty_the_archive


@pytest.fixture
def demo(demo_archive, db):  # noqa: F811
    return Event.objects.get(race__name="24 Hours of Daytona", year=2024)


def written(events) -> str:
    stream = StringIO()
    write_archive_csv(stream, events)
    return stream.getvalue()


@pytest.mark.parametrize("scope", ["season", "race"])
def test_written_imported_into_an_empty_archive_and_written_again_it_is_the_same_file(demo, tmp_path, scope):
    events = Event.objects.filter(season=demo.season) if scope == "season" else Event.objects.filter(race=demo.race)
    first = written(events)
    results = Result.objects.filter(session__event__in=events).count()
    (tmp_path / "archive.csv").write_text(first, encoding="utf-8")

    empty_the_archive()
    import_archive_file(tmp_path / "archive.csv")

    assert Result.objects.count() == results
    second = written(Event.objects.all())
    assert second.splitlines() == first.splitlines()


def test_the_command_writes_a_season_and_says_what_is_wrong_with_a_choice(demo, tmp_path):
    out = StringIO()
    call_command("export_archive_csv", str(tmp_path / "s.csv"), series=demo.season.series.slug, season=2024, stdout=out)
    rows = (tmp_path / "s.csv").read_text().count("\n") - 1
    assert f"Wrote {rows:,} rows of {Event.objects.filter(season=demo.season).count()} events" in out.getvalue()
    for options, said in (({}, "Name a series"), ({"race": "nothing"}, "No race “nothing”")):
        with pytest.raises(CommandError, match=said):
            call_command("export_archive_csv", str(tmp_path / "x.csv"), **options)
