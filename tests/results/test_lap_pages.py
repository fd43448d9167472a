"""The race told lap by lap: the event's laps page (lap chart and gap chart of a class, every
car's stints, drive times, fastest laps, cautions, weather) and a car's page, readable
without JavaScript, in a bounded number of queries."""

import pytest
from django.test import Client

from drivers.models import Driver
from results.display.lap_charts import gap_chart
from results.importers.laps import import_laps
from results.models import Stint
from tests.factories import DriverFactory
from tests.results.test_lap_support import lap, lap_file, small_race

pytestmark = pytest.mark.django_db


@pytest.fixture
def race():
    return small_race()


def long_race(laps: int) -> bytes:
    """The three cars of the small race for `laps` laps: #7 and #31 swap the lead at lap 10,
    a caution on laps 20 and 21, and a stop with a driver change for every car at lap 30."""
    rows = []
    for n in range(1, laps + 1):
        flag = "FCY" if n in (20, 21) else "GF"
        ahead, behind = ("7", "31") if n < 10 else ("31", "7")
        for number, extra in ((ahead, 0), (behind, 800), ("57", 9000 + 500 * n)):
            driver, name = (1, "Dane Cameron") if number == "7" else (1, "Pipo Derani")
            if number == "57":
                driver, name = 1, "Russell Ward"
            if n > 30 and number == "7":
                driver, name = 2, "Felipe Nasr"
            elapsed = n * 95_000 + extra + (60_000 if n > 30 else 0)
            in_pit = "B" if n == 30 else ""
            pit_time = "1:00.000" if n == 31 else ""
            klass = "GTD" if number == "57" else "GTP"
            rows.append(
                lap(number, driver, n, _clock(elapsed), name, flag=flag, pit=in_pit, pit_time=pit_time, klass=klass)
            )
    return lap_file(*rows)


def _clock(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def laps_url(race) -> str:
    return race.event.get_absolute_url() + "laps/"


def test_the_laps_page_tells_the_race_and_every_chart_has_its_table(client, race):
    import_laps(data=long_race(40), file_name="laps.csv", session=race)
    Driver.objects.filter(family_name="Derani").update(given_name="<b>Pipo</b>")  # names are text, never markup

    page = client.get(laps_url(race)).text

    assert "&lt;b&gt;Pipo&lt;/b&gt; Derani" in page and "<b>Pipo" not in page
    assert "120 laps of 3 cars" in page and "1 caution period, 2 laps" in page
    assert page.count("<polyline") == 2 + 2  # the lap chart and the gap chart: a line for each GTP car
    assert 'href="?class=GTD#lap-chart"' in page
    assert "P1 from lap 1, P2 from lap 10" in page  # the #7's places, as text beside the chart
    assert "Full-course yellow: laps 20–21" in page  # the shaded caution
    nasr = Stint.objects.get(driver__family_name="Nasr")
    assert (nasr.first_lap, nasr.pit_time_ms) == (31, 60_000)
    assert "Felipe Nasr" in page and "<script" not in page


def test_another_class_is_charted_on_request_and_garbage_falls_back_to_the_first(client, race):
    import_laps(data=long_race(12), file_name="laps.csv", session=race)

    gtd = client.get(laps_url(race) + "?class=gtd").text
    assert gtd.count("<polyline") == 2 and "#57" in gtd
    odd = client.get(laps_url(race) + "?class=%00%27%3Cscript%3E")
    assert odd.status_code == 200 and odd.text.count("<polyline") == 4


def test_a_cars_page_gives_every_lap_and_stint(client, race):
    import_laps(data=long_race(40), file_name="laps.csv", session=race)

    page = client.get(laps_url(race) + "7/").text

    assert "40 laps in 2 stints" in page
    assert "out, 1:00.000 in the pit lane" in page
    assert client.get(laps_url(race) + "99/").status_code == 404


def test_an_event_without_laps_has_no_laps_page_and_the_event_page_links_one_that_has(client, race):
    assert client.get(laps_url(race)).status_code == 404
    assert 'href="laps/"' not in client.get(race.event.get_absolute_url()).text

    import_laps(data=long_race(3), file_name="laps.csv", session=race)

    assert 'href="laps/">Lap by lap</a>' in Client().get(race.event.get_absolute_url()).text


@pytest.mark.parametrize("laps", [10, 60])
def test_the_laps_pages_take_a_bounded_number_of_queries(client, race, laps, django_assert_max_num_queries):
    import_laps(data=long_race(laps), file_name="laps.csv", session=race)
    with django_assert_max_num_queries(20):
        assert client.get(laps_url(race)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(laps_url(race) + "31/").status_code == 200


def test_a_drivers_page_counts_laps_led_time_at_the_wheel_and_fastest_laps_where_laps_are_known(client, race):
    import_laps(data=long_race(40), file_name="laps.csv", session=race)
    nasr = Stint.objects.get(driver__family_name="Nasr").driver

    page = " ".join(client.get(nasr.get_absolute_url()).text.split())

    # The #7 led laps 1-9 with Cameron; Nasr drove laps 31-40, second to the #31 then.
    assert "Over the 1 race the archive holds every lap of (not the others): 10 laps at the wheel, 0 of them" in page
    assert 'href="' + laps_url(race) + '7/">#7</a>' in page
    ward = Driver.objects.get(family_name="Ward")
    assert "40 laps at the wheel, 0 of them leading the race and 40 leading the class" in " ".join(
        client.get(ward.get_absolute_url()).text.split()
    )
    never = DriverFactory()
    assert 'id="laps"' not in client.get(never.get_absolute_url()).text


def test_a_new_lap_file_shows_at_once_though_what_the_page_draws_from_is_kept(client, race):
    import_laps(data=long_race(12), file_name="laps.csv", session=race)
    assert "P1 from lap 1, P2 from lap 10" in client.get(laps_url(race)).text  # #7, as the first file has it

    import_laps(data=long_race(8), file_name="shorter.csv", session=race)  # the swap at lap 10 never comes

    page = client.get(laps_url(race)).text
    assert "P1 from lap 1, P2 from lap 10" not in page and "#7: P1 from lap 1" in page
    assert "24 laps of 3 cars" in page


def test_every_lap_and_the_weather_download_as_csv_and_a_car_shows_its_drivers_best_sectors(client, race):
    import_laps(data=long_race(40), file_name="laps.csv", session=race)

    laps = client.get(laps_url(race) + "?_export=csv")
    lines = b"".join(laps.streaming_content).decode().splitlines()
    assert laps["Content-Type"].startswith("text/csv") and len(lines) == 1 + 120
    assert lines[0].startswith("Car,Class,Lap,Driver,Time,S1,S2,S3,Elapsed")
    # In the classification's order (the #7 won it), lap by lap; the leader of a lap is behind no one.
    assert lines[1] == "7,GTP,1,Dane Cameron,1:35.000,30.000,35.000,30.000,1:35.000,14:00:00.000,200.1,,,GF,1,1,,"
    assert (
        lines[41]
        == "31,GTP,1,Pipo Derani,1:35.000,30.000,35.000,30.000,1:35.800,14:00:00.000,200.1,,,GF,2,2,0.800,0.800"
    )
    car = client.get(laps_url(race) + "7/?_export=csv")
    assert len(b"".join(car.streaming_content).decode().splitlines()) == 1 + 40

    page = client.get(laps_url(race) + "7/").text
    assert "Theoretical best" in page and "1:35.000" in page and "Felipe Nasr" in page


def test_a_car_number_no_car_has_is_not_found_whatever_it_holds(client, race):
    import_laps(data=long_race(3), file_name="laps.csv", session=race)

    for number in ("%00", "7%00", "%27%3E", "99"):
        assert client.get(laps_url(race) + number + "/").status_code == 404
    assert client.get(laps_url(race) + "?_export=nothing&table=%00").status_code == 200


def test_cars_that_finish_side_by_side_on_the_gap_chart_have_labels_that_do_not_overlap():
    # Three cars a tenth of a second apart at the flag: their ends are a pixel apart.
    cars = [(f"#{n}", [(lap, 1000 * lap + 100 * n) for lap in range(1, 11)]) for n in (1, 2, 3)]
    chart = gap_chart(title="GTD", cars=cars, laps=10, cautions=[])
    heights = sorted(float(trace.end_y) for trace in chart.lines)
    assert all(lower - upper >= 10 for upper, lower in zip(heights, heights[1:], strict=False))
