"""Helpers of the lap-file tests: a lap file written here, row by row, and the race it is
imported into. Its name makes it the lap tests' own file; it holds no tests itself."""

from results.importers.timing import import_timing
from tests.results.test_timing_support import imsa_event, small_imsa_race

HEADER = (
    "NUMBER; DRIVER_NUMBER; LAP_NUMBER; LAP_TIME; CROSSING_FINISH_LINE_IN_PIT; S1; S2; S3; KPH; ELAPSED; HOUR;"
    "DRIVER_NAME;PIT_TIME;CLASS;FLAG_AT_FL;"
)


def lap(number, driver, lap_number, elapsed, name, *, flag="GF", pit="", pit_time="", klass="GTP", time="1:35.000"):
    cells = [number, driver, lap_number, time, pit, "30.0", "35.0", "30.0", "200.1", elapsed, "14:00:00.000"]
    return ";".join(str(cell) for cell in [*cells, name, pit_time, klass, flag]) + ";"


def lap_file(*rows: str) -> bytes:
    return ("\ufeff" + "\n".join([HEADER, *rows]) + "\n").encode()


def small_race():
    """The race session of the small IMSA race, its three cars held: #7 and #31 (GTP), #57 (GTD)."""
    event = imsa_event()
    import_timing(data=small_imsa_race(), file_name="official.csv", event=event, session_name="Race")
    return event.sessions.get(name="Race")
