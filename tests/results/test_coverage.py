"""No count past a hole: what a total needs of a race's classification, and every page saying what it counts over.

The histories are archive CSV files written here, as an editor would import them: the
winners of a few editions of a 24-hour race (one year not held), then two editions with
full results, then one with only its first places.
"""

import pytest
from django.urls import reverse

from drivers.models import Driver
from results.display.coverage import not_counted, sentence
from results.importers.archive_csv import import_archive_file
from results.models import Race, Session
from results.stats.coverage import Coverage
from results.stats.records.rules import What
from tests.page_text import rows_of, section, text_of
from tests.results.test_archive_import import csv_text

pytestmark = pytest.mark.django_db

RACE = {
    "series": "",
    "event": "24 Hours of Le Mans",
    "race": "24 Hours of Le Mans",
    "circuit": "Circuit de la Sarthe",
    "date": "",
    "session": "Race",
    "class": "",
}
AUDI = {"team": "Joest", "car_make": "Audi", "car_model": "R8", "engine_make": "Audi"}
BENTLEY = {"team": "Team Bentley", "car_make": "Bentley", "car_model": "Speed 8", "engine_make": "Bentley"}
PESCAROLO = {"team": "Pescarolo Sport", "car_make": "Pescarolo", "car_model": "C60", "engine_make": "Judd"}
KRISTENSEN = "Tom Kristensen;Emanuele Pirro"


def edition(year: int, completeness: str, *cars, status: str = "") -> list[dict]:
    """One edition's rows: each car is (position, number, make, drivers)."""
    held = RACE | {"season": str(year), "completeness": completeness, "event_status": status}
    if not cars:
        return [held | {"session": "", "position": "", "number": "", "drivers": ""}]
    return [
        held | make | {"position": str(position), "number": number, "drivers": drivers, "laps": str(380 - position)}
        for position, number, make, drivers in cars
    ]


WINNERS_ONLY = [
    *edition(2001, "winners", (1, "1", AUDI, KRISTENSEN)),
    *edition(2002, "winners", (1, "1", AUDI, KRISTENSEN)),
    *edition(2003, "winners", (1, "7", BENTLEY, "Tom Kristensen;Rinaldo Capello")),
    *edition(2004, "", status="cancelled"),
    *edition(2005, "winners", (1, "3", AUDI, "Tom Kristensen;JJ Lehto")),
]
FULL_RESULTS = [
    *edition(
        2006,
        "complete",
        (1, "8", AUDI, "Frank Biela;Marco Werner"),
        (2, "17", PESCAROLO, "Eric Helary;Sebastien Loeb"),
        (3, "7", AUDI, KRISTENSEN),
    ),
    *edition(
        2007,
        "complete",
        (1, "1", AUDI, "Frank Biela;Marco Werner"),
        (2, "17", PESCAROLO, "Eric Helary;Sebastien Loeb"),
        (3, "2", AUDI, "Dindo Capello;Allan McNish"),
        (4, "3", AUDI, KRISTENSEN),
    ),
]
FIRST_PLACES = edition(
    2008,
    "top",
    (1, "2", AUDI, KRISTENSEN),
    (2, "7", PESCAROLO, "Eric Helary;Sebastien Loeb"),
    (3, "1", AUDI, "Frank Biela;Marco Werner"),
)


@pytest.fixture
def load(tmp_path):
    def write(rows):
        path = tmp_path / "history.csv"
        path.write_text(csv_text(rows, extra=("completeness", "event_status")), encoding="utf-8")
        import_archive_file(path)

    return write


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def records(what: str, *, view: str = "results:records", **more) -> str:
    query = "&".join(
        f"{k}={v}" for k, v in {"what": what, "who": "driver", "race": "24-hours-of-le-mans", **more}.items()
    )
    return f"{reverse(view)}?{query}"


def kristensen():
    return Driver.objects.get(family_name="Kristensen")


def test_over_winners_only_races_starts_and_podiums_are_not_counted_and_the_pages_say_why(client, load):
    load(WINNERS_ONLY)
    said = (
        "No race here has full results, so starts, class podiums and laps are not counted, nor podiums; "
        "4 races hold only the winners"
    )

    for what in ("starts", "podiums"):
        html = page(client, records(what))
        words = text_of(html)
        assert said in words
        assert "are not counted here: the archive does not hold" in words
        assert 'id="records-table"' not in html and "Tom Kristensen" not in text_of(section(html, "records"))
    wins = text_of(page(client, records("wins")))
    assert "Tom Kristensen 4" in wins and said in wins

    occurrences = text_of(page(client, records("starts", view="results:record_occurrences", subject=kristensen().slug)))
    assert "Tom Kristensen: Starts: not counted" in occurrences and said in occurrences


def test_a_winners_only_drivers_page_shows_his_wins_and_no_starts_or_podiums(client, load):
    load(WINNERS_ONLY)

    html = page(client, kristensen().get_absolute_url())
    (row,) = rows_of(section(html, "totals"))
    # Events outside a series, years, starts, wins, podiums, poles, class wins, class podiums, class poles.
    assert row.split()[-8:] == ["2001–2005", "–", "4", "–", "0", "0", "–", "0"]
    assert "4 races hold only the winners" in text_of(section(html, "totals"))


def test_a_cancelled_year_is_not_held_rather_than_an_edition_without_results(client, load):
    load(WINNERS_ONLY)

    html = page(client, Race.objects.get().get_absolute_url())
    assert "4 editions in the archive, since 2001 · not held: 2004" in text_of(html)
    cancelled = next(row for row in rows_of(section(html, "editions")) if row.startswith("2004"))
    assert "Not held" in cancelled and "No results" not in cancelled
    assert "4 races hold only the winners" in text_of(html)


def test_the_home_page_counts_the_editions_held_as_the_race_page_does(client, load):
    load(WINNERS_ONLY + edition(2006, "", status="scheduled"))

    race = text_of(page(client, Race.objects.get().get_absolute_url()))
    home = text_of(section(page(client, "/"), "races"))

    assert "4 editions in the archive, since 2001" in race
    assert "24 Hours of Le Mans 4 editions, 2001–2005" in home


def test_with_some_editions_complete_starts_count_those_alone_and_say_so(client, load):
    load(WINNERS_ONLY + FULL_RESULTS)
    said = "Starts, class podiums and laps count the 2 races with full results; 4 races hold only the winners"

    starts = text_of(page(client, records("starts")))
    assert said in starts
    # Kristensen started both complete editions; his four winners-only wins add no start.
    assert "Tom Kristensen 2" in starts and "Frank Biela 2" in starts
    podiums = text_of(page(client, records("podiums")))
    assert "Tom Kristensen 1" in podiums and "Eric Helary 2" in podiums
    wins = text_of(page(client, records("wins")))
    assert "Tom Kristensen 4" in wins and "Frank Biela 2" in wins

    (row,) = rows_of(section(page(client, kristensen().get_absolute_url()), "totals"))
    # Years, starts, wins, podiums, poles, class wins, class podiums, class poles; beside
    # each count the two complete races support, what it is taken over.
    over = "in 2 of 6 races"
    assert row.endswith(f"2001–2007 2 {over} 4 1 {over} 0 0 0 {over} 0")


def test_first_places_count_for_podiums_but_not_for_starts(client, load):
    load(WINNERS_ONLY + FULL_RESULTS + FIRST_PLACES)

    podiums = text_of(page(client, records("podiums")))
    assert "podiums also the 1 with only the first places" in podiums
    assert "Tom Kristensen 2" in podiums and "Frank Biela 3" in podiums
    starts = text_of(page(client, records("starts")))
    assert "Tom Kristensen 2" in starts and "Frank Biela 2" in starts


def test_an_editor_marking_a_race_winners_only_takes_its_starts_out_of_every_count(client, load):
    load(WINNERS_ONLY + FULL_RESULTS)
    race = Session.objects.get(event__year=2007)

    race.completeness = Session.Completeness.WINNERS
    race.save()

    starts = text_of(page(client, records("starts")))
    assert "Starts, class podiums and laps count the 1 race with full results; 5 races hold only the winners" in starts
    assert "Tom Kristensen 1" in starts


def test_the_coverage_map_lists_each_races_editions_by_what_is_known(client, load):
    load(WINNERS_ONLY + FULL_RESULTS + FIRST_PLACES)

    words = text_of(page(client, reverse("results:coverage"))).replace(" :", ":")
    assert (
        "24 Hours of Le Mans: Full results 2006–2007 · First places 2008 · Winners only 2001–2003, 2005 · Not held 2004"
        in words
    )
    assert "A start is a race result" in words  # the counting rules, on the same page
    home = page(client, reverse("home"))
    assert (
        f'href="{reverse("results:coverage")}"' in home
        and "Starts, class podiums and laps count the 2 races" in text_of(home)
    )


@pytest.mark.parametrize(
    ("coverage", "said"),
    [
        (Coverage(), ""),
        (Coverage(complete=3), "Every count here is over the full results of 3 races."),
        (
            Coverage(complete=1, winners=1),
            "Starts, class podiums and laps count the 1 race with full results; 1 race holds only the winners, "
            "and counts for wins and poles alone.",
        ),
        (
            Coverage(complete=2, top=1, winners=3, partial=1),
            "Starts, class podiums and laps count the 2 races with full results, "
            "podiums also the 1 with only the first places; 3 races hold only the winners "
            "and 1 race only some cars, and count for wins and poles alone.",
        ),
        (
            Coverage(partial=2),
            "No race here has full results, so starts, class podiums and laps are not counted, "
            "nor podiums; 2 races hold only some cars, and count for wins and poles alone.",
        ),
    ],
)
def test_the_coverage_sentence_says_what_each_count_is_over(coverage, said):
    assert sentence(coverage) == said


def test_a_count_is_not_counted_only_where_no_race_supports_it():
    assert not_counted(Coverage(top=2), What.PODIUMS) == ""
    assert not_counted(Coverage(top=2), What.STARTS).startswith("Starts are not counted here")
    assert not_counted(Coverage(winners=1), What.OVERALL_WINS) == ""
    assert not_counted(Coverage(), What.STARTS) == ""  # nothing to count: an honest 0


def test_a_file_of_winners_that_says_nothing_of_completeness_is_warned_of_in_the_preview(tmp_path):
    rows = [{k: v for k, v in row.items() if k != "completeness"} for row in WINNERS_ONLY if row["session"]]
    path = tmp_path / "winners.csv"
    path.write_text(csv_text(rows), encoding="utf-8")

    preview = import_archive_file(path, dry_run=True)

    (warning,) = [w for w in preview.warnings if "only winners" in w]
    assert warning.startswith("4 races hold only winners yet will count as complete")
    assert "2001 24 Hours of Le Mans" in warning and "write “winners” in the completeness column" in warning
    stated = tmp_path / "stated.csv"
    stated.write_text(csv_text([row for row in WINNERS_ONLY if row["session"]], extra=("completeness",)))
    assert not [w for w in import_archive_file(stated, dry_run=True).warnings if "only winners" in w]


def test_a_ranking_by_nationality_says_how_many_wins_went_to_drivers_of_no_known_nationality(client, load):
    load(WINNERS_ONLY)
    tom = kristensen()
    tom.nationality = "DK"
    tom.save()  # as an editor does, so that his credits are counted again
    credited = sum(len(row["drivers"].split(";")) for row in WINNERS_ONLY if row["drivers"])
    unknown = credited - 4  # Kristensen won all four

    words = text_of(page(client, records("wins", who="nationality")))
    assert "Denmark 4" in words
    assert f"{unknown} of the {credited} overall wins credited to drivers here went to drivers" in words


def test_a_winners_file_imported_again_over_sessions_held_as_winners_only_is_not_warned_of(tmp_path, load):
    load(WINNERS_ONLY)
    rows = [{k: v for k, v in row.items() if k != "completeness"} for row in WINNERS_ONLY if row["session"]]
    path = tmp_path / "again.csv"
    path.write_text(csv_text(rows), encoding="utf-8")

    again = import_archive_file(path, dry_run=True)

    # A file that says nothing of completeness keeps what is held: winners only, no warning.
    assert not [w for w in again.warnings if "only winners" in w]
    assert set(Session.objects.values_list("completeness", flat=True)) == {Session.Completeness.WINNERS}


def test_a_count_over_fewer_races_than_the_page_holds_says_so_beside_it(client, load):
    load(WINNERS_ONLY + FULL_RESULTS)

    ranking = page(client, records("starts"))
    assert "Starts, in 2 of 6 races" in text_of(ranking)
    occurrences = page(client, records("starts", view="results:record_occurrences", subject=kristensen().slug))
    assert "Tom Kristensen: 2 starts at the 24 Hours of Le Mans, in 2 of 6 races" in text_of(occurrences)
    totals = text_of(section(page(client, kristensen().get_absolute_url()), "totals"))
    assert "2 in 2 of 6 races" in totals  # starts, beside the wins counted over all six
    wins = page(client, records("wins"))
    assert "in 2 of 6 races" not in text_of(wins)
