"""Files that went wrong are refused where they break, and nothing of them is written.

A file cut short, cut inside a quoted cell, with a crew no car has, a cell no name is as
long as, a NUL byte or more megabytes than an importer reads: each is refused with its
row, its column where it has one, and what is wrong, for the archive CSV and the timing
files alike, and the archive is as it was.
"""

import pytest

from drivers.models import Driver
from results.importers import archive_csv, csvfile
from results.importers.archive_csv import import_archive_file
from results.importers.errors import ImportValidationError
from results.importers.timing import import_timing
from results.models import Result
from tests.results.test_archive_import import car, counts, csv_text
from tests.results.test_timing_support import (
    CADILLAC_CREW,
    PORSCHE_CREW,
    csv_bytes,
    imsa_car,
    imsa_event,
    imsa_header,
    small_imsa_race,
)

pytestmark = pytest.mark.django_db

THREE_CARS = [car("7", 1), car("31", 2, drivers="Pipo Derani;Jack Aitken"), car("40", 3)]


def refused_archive(tmp_path, text: str):
    """The problems of an archive CSV holding `text`, checking that nothing was written."""
    before = counts()
    path = tmp_path / "archive.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportValidationError) as raised:
        import_archive_file(path)
    assert counts() == before
    return raised.value.problems


def test_an_archive_file_cut_inside_a_row_is_refused_at_that_row(tmp_path):
    text = csv_text(THREE_CARS)
    cut = text[: text.rindex("791") + 1]  # the last row ends inside its laps: "7", not 791

    (problem,) = refused_archive(tmp_path, cut)

    assert problem.line == 4
    assert "this row has 16 fields, the header 20" in problem.message
    assert "ends before column “status”" in problem.message


def test_a_quote_left_open_is_refused_at_the_row_it_opens_in(tmp_path):
    rows = [car("7", 1), car("31", 2, team='Whelen, "Action Express"'), car("40", 3)]
    text = csv_text(rows)
    opened = text[: text.index('Express""') + len('Express""')]  # the quoted team cell never closes

    (problem,) = refused_archive(tmp_path, opened + "\n" + text.split("\n", 3)[3])

    assert problem.line == 3 and "never closed" in problem.message


def test_a_row_longer_than_the_header_is_refused(tmp_path):
    text = csv_text(THREE_CARS).replace("\n", ",extra\n", 2).split("\n", 1)[1]
    header = csv_text([]).strip()

    problems = refused_archive(tmp_path, header + "\n" + text)

    assert (problems[0].line, "this row has 21 fields, the header 20") == (2, problems[0].message)


def test_a_crew_of_more_than_eight_drivers_is_refused(tmp_path):
    ten = ";".join(f"Driver {n}" for n in range(1, 11))

    (problem,) = refused_archive(tmp_path, csv_text([car("7", 1), car("31", 2, drivers=ten)]))

    assert (problem.line, problem.column) == (3, "drivers")
    assert "10 drivers: a crew the archive holds has at most 8" in problem.message


def test_a_cell_longer_than_any_name_is_refused_with_its_column(tmp_path):
    (problem,) = refused_archive(tmp_path, csv_text([car("7", 1, team="x" * 5_000)]))

    assert (problem.line, problem.column) == (2, "team")
    assert "5,000 characters, more than 2,000" in problem.message


def test_a_cell_beyond_the_csv_readers_limit_is_refused(tmp_path):
    (problem,) = refused_archive(tmp_path, csv_text([car("7", 1, team="x" * 200_000)]))

    assert problem.line == 2 and "longer than 131,072 characters" in problem.message


def test_a_nul_character_is_refused_with_its_line(tmp_path):
    (problem,) = refused_archive(tmp_path, csv_text(THREE_CARS).replace("Team 31", "Team\x0031"))

    assert problem.line == 3 and "NUL character" in problem.message


def test_a_file_larger_than_the_importer_reads_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_FILE_BYTES", 1024)
    text = csv_text([car(str(n), n) for n in range(1, 30)])

    (problem,) = refused_archive(tmp_path, text)

    assert problem.line is None
    assert f"archive.csv is {len(text) / 1024 / 1024:.1f} MB; the importer reads files of up to 0 MB" in str(problem)


# Timing files -------------------------------------------------------------------------


def refused_timing(data: bytes):
    event = imsa_event()
    with pytest.raises(ImportValidationError) as raised:
        import_timing(data=data, file_name="results.csv", event=event, session_name="Race")
    assert not Result.objects.exists() and not event.entries.exists()
    return raised.value.problems


def test_a_timing_file_cut_before_a_cars_team_is_refused():
    data = small_imsa_race()
    cut = data[: data.index(b"\n3;57;") + len(b"\n3;57;Classified;731")]

    (problem,) = refused_timing(cut)

    assert problem.line == 4 and "ends before column “TOTAL_TIME”" in problem.message


def test_a_timing_row_may_stop_within_the_drivers_it_does_not_have():
    event = imsa_event()
    lines = small_imsa_race().decode("utf-8-sig").split("\n")
    lines[3] = lines[3].rstrip(";")  # the GTD car's row stops after its one driver, as IMSA's files do

    import_timing(data="\n".join(lines).encode(), file_name="results.csv", event=event, session_name="Race")

    assert Result.objects.get(entry__number="57").laps == 731


def test_a_driver_beyond_the_eight_of_a_crew_is_refused_with_its_column():
    nine = tuple((f"Given{n}", f"Family{n}", "USA", "Bronze") for n in range(1, 10))
    rows = [
        imsa_car(1, "7", "GTP", "Porsche Penske Motorsports", "Porsche 963", PORSCHE_CREW),
        imsa_car(2, "31", "GTP", "Whelen Engineering Cadillac Racing", "Cadillac V-Series.R", nine),
    ]

    problems = refused_timing(csv_bytes(imsa_header(drivers=9), rows))

    assert [(p.line, p.column) for p in problems] == [(3, "DRIVER9_FIRSTNAME")]
    assert "a driver beyond the 8 of a crew the archive holds" in problems[0].message


def test_a_quote_left_open_in_a_timing_file_is_refused():
    rows = [
        imsa_car(1, "7", "GTP", "Porsche Penske Motorsports", "Porsche 963", PORSCHE_CREW),
        imsa_car(2, "31", "GTP", '"Whelen Engineering', "Cadillac V-Series.R", CADILLAC_CREW),
    ]

    (problem,) = refused_timing(csv_bytes(imsa_header(), rows))

    assert problem.line == 3 and "never closed" in problem.message


def test_a_name_longer_than_the_archive_keeps_is_refused_on_every_database(tmp_path):
    (problem,) = refused_archive(tmp_path, csv_text([car("7", 1, team="Penske " * 40)]))

    assert (problem.line, problem.column) == (2, "team")
    assert problem.message == "279 characters, where the archive keeps at most 150"  # trimmed, as every cell is


def test_a_sessions_note_may_run_longer_than_a_name(tmp_path):
    path = tmp_path / "archive.csv"
    note = "Red flag after a shower. " * 200  # 5,000 characters
    path.write_text(csv_text([car("7", 1, session_notes=note)]), encoding="utf-8")

    import_archive_file(path)

    assert Result.objects.get().session.notes == note.strip()


def test_a_quote_left_open_is_reported_beside_the_problems_of_the_rows_before_it(tmp_path):
    text = csv_text([car("7", 1), car("31", 2), car("40", 3)])
    lines = text.split("\n")
    lines[1] += ",an extra field"
    opened = "\n".join(lines).replace("Team 40", '"Team 40', 1)

    problems = refused_archive(tmp_path, opened)

    assert [(p.line, "never closed" in p.message) for p in problems] == [(2, False), (4, True)]


# A long file, read in chunks ----------------------------------------------------------


def season_of_races(races: int) -> list[dict]:
    """`races` events of three cars each, the same drivers at every one."""
    return [
        car(number, position, event=f"Round {n}", race="", date=f"2024-{1 + n // 28:02d}-{1 + n % 28:02d}")
        for n in range(races)
        for position, number in enumerate(("7", "31", "40"), start=1)
    ]


def test_a_file_longer_than_a_chunk_is_written_whole_and_counted_once(tmp_path, monkeypatch):
    monkeypatch.setattr(archive_csv, "CHUNK_ROWS", 4)  # two events a chunk
    path = tmp_path / "archive.csv"
    path.write_text(csv_text(season_of_races(7)), encoding="utf-8")

    report = import_archive_file(path)

    assert Result.objects.count() == 21 and Driver.objects.count() == 6
    assert (report.created["event"], report.created["result"], report.created["driver"]) == (7, 21, 6)
    again = import_archive_file(path)
    assert not again.has_changes
    assert (again.matched["driver"], again.matched["result"], again.matched["event"]) == (6, 21, 7)


def test_in_a_long_file_an_event_whose_rows_come_back_after_its_chunk_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archive_csv, "CHUNK_ROWS", 4)
    rows = season_of_races(4)
    rows.append(car("99", 4, event="Round 0", race="", date="2024-01-01"))  # Round 0 again, at the end

    (problem,) = refused_archive(tmp_path, csv_text(rows))

    assert (problem.line, problem.column) == (14, "event")
    assert "the 2024 Round 0 has rows above, written already" in problem.message


def test_a_problem_in_the_last_chunk_leaves_nothing_of_the_first_written(tmp_path, monkeypatch):
    monkeypatch.setattr(archive_csv, "CHUNK_ROWS", 4)
    rows = season_of_races(4)
    rows[-1]["laps"] = "many"

    (problem,) = refused_archive(tmp_path, csv_text(rows))

    assert (problem.line, problem.column) == (13, "laps")
