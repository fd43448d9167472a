"""A race's laps and weather as CSV downloads: every lap of every car (or of one car), and
every weather reading, as the laps page and a car's page give them."""

from results.models import Lap, Session, WeatherReading
from results.models.times import format_time

LAP_HEADER = (
    "Car", "Class", "Lap", "Driver", "Time", "S1", "S2", "S3", "Elapsed", "Time of day", "km/h", "In the pit lane",
    "Pit lane time", "Flag", "Place", "Place in class", "Behind the leader", "Behind the car ahead",
)  # fmt: skip
WEATHER_HEADER = ("UTC", "Air °C", "Track °C", "Humidity %", "Pressure hPa", "Wind km/h", "Wind from °", "Rain")
# Rows read from the database at a time: a 24-hour race has 50,000 laps.
CHUNK = 5000


class LapsSheet:
    """A session's laps (one car's with `result`) for tables.export.csv_download: a row at a time."""

    def __init__(self, session: Session, result=None):
        laps = Lap.objects.filter(result__session=session) if result is None else Lap.objects.filter(result=result)
        self.laps = laps.order_by("result__position", "result__entry__number", "number")

    def export_rows(self):
        yield LAP_HEADER
        rows = self.laps.values_list(
            "result__entry__number", "result__entry__car_class__code", "number", "driver__given_name",
            "driver__family_name", "time_ms", "s1_ms", "s2_ms", "s3_ms", "elapsed_ms", "time_of_day_ms", "kph",
            "in_pit", "pit_time_ms", "flag", "position", "class_position", "gap_ms", "interval_ms",
        )  # fmt: skip
        for (
            number,
            car_class,
            lap,
            given,
            family,
            *times,
            day,
            kph,
            in_pit,
            pit,
            flag,
            place,
            in_class,
            gap,
            ahead,
        ) in rows.iterator(chunk_size=CHUNK):
            driver = f"{given} {family}".strip()
            yield (
                number, car_class or "", lap, driver, *(format_time(ms) for ms in times), format_time(day),
                "" if kph is None else kph, "yes" if in_pit else "", format_time(pit), flag, place or "",
                in_class or "", format_time(gap or None), format_time(ahead),
            )  # fmt: skip


class WeatherSheet:
    """A session's weather readings for tables.export.csv_download."""

    def __init__(self, session: Session):
        self.readings = WeatherReading.objects.filter(session=session).order_by("taken_at")

    def export_rows(self):
        yield WEATHER_HEADER
        for r in self.readings.iterator(chunk_size=CHUNK):
            rain = "" if r.rain is None else ("yes" if r.rain else "no")
            values = (r.air_c, r.track_c, r.humidity, r.pressure_hpa, r.wind_kph, r.wind_direction)
            yield (r.taken_at.strftime("%Y-%m-%d %H:%M:%S"), *("" if v is None else v for v in values), rain)
