"""History pages on a phone in Chromium, JavaScript off: their long tables read within its width."""

from tests.browser.conftest import PHONE
from tests.factories import CarClassFactory, CarFactory, DriverFactory, RaceFactory, ResultFactory
from tests.milestone_archive import Cars, edition
from tests.results.test_standings import Book


def assert_within_its_box(table) -> None:
    """Nothing of the table cut off at the right of its scrolling box."""
    width, room = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    assert width <= room, f"the table is {width} px wide in {room} px"


def assert_in_sight(cell) -> None:
    box = cell.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]


def test_a_drivers_championships_fit_a_phone_with_the_place_in_sight(phone_page, live_server, transactional_db):
    # Titles as long as real ones: a table of seven columns was 719 px in a 364 px box,
    # the place, points and wins out of sight with nothing to say so.
    book = Book()
    book.championship.name = "Porsche Carrera Cup North America presented by Cayman Islands"
    book.championship.save()
    series = book.season.series
    series.name = "Porsche Carrera Cup North America Championship"
    series.save()
    book.car("24", "Hartog", team="Kellymoss")
    book.car("12", "Cooper", team="JDC")
    book.race(book.event("Sebring"), ["24", "12"])

    phone_page.goto(live_server.url + book.drivers["Hartog"].get_absolute_url())

    assert_within_its_box(phone_page.locator("#championships table"))
    place = phone_page.locator("#championships td.cell-place").first
    assert place.inner_text() == "1 of 2"
    assert_in_sight(place)


def test_a_circuits_best_laps_fit_a_phone_with_the_time_in_sight(phone_page, live_server, transactional_db):
    # A best lap names its class, driver, car and event: four columns were 577 px in 364 px.
    result = ResultFactory(
        best_lap_ms=94_402,
        best_lap_driver=DriverFactory(given_name="Robert", family_name="Szymański-Wojciechowski"),
        entry__car=CarFactory(model="720S GT3 Evo Endurance Specification"),
        entry__car_class=CarClassFactory(code="GTD PRO", name="GT Daytona Pro"),
        session__kind="qualifying",
        session__name="Qualifying 2",
        session__event__name="Motul Pole Award 100 at Daytona International Speedway",
    )

    phone_page.goto(live_server.url + result.session.event.circuit.get_absolute_url())

    assert_within_its_box(phone_page.locator("#best-laps table"))
    lap = phone_page.locator("#best-laps td.cell-lap").first
    assert lap.inner_text() == "1:34.402"
    assert_in_sight(lap)


def test_a_makes_wins_by_race_fit_a_phone_with_their_years_in_sight(phone_page, live_server, transactional_db):
    # Race, overall and class wins, and the years: the years were cut off ("1988–2").
    cars = Cars()
    race = RaceFactory(name="Rolex 24 Hours at Daytona International Speedway")
    for year in (1988, 2024):
        edition(race, year, [cars.porsche, cars.cadillac])

    phone_page.goto(live_server.url + cars.porsche.car.manufacturer.get_absolute_url())

    assert_within_its_box(phone_page.locator("#by-race table"))
    years = phone_page.locator("#by-race tbody td").last
    assert years.inner_text() == "1988–2024"
    assert_in_sight(years)


def test_an_events_winners_on_a_phone_say_which_are_overall_and_which_in_class(
    phone_page, live_server, transactional_db
):
    # The table's headers are hidden on a phone: each card names its winners itself.
    cars = Cars()
    event = edition(RaceFactory(name="Petit Le Mans"), 2024, [cars.porsche, cars.ferrari])

    phone_page.goto(live_server.url + event.circuit.get_absolute_url())

    def label(cell: str) -> str:
        return phone_page.locator(f"#events td.{cell}").first.evaluate("td => getComputedStyle(td, '::before').content")

    assert label("cell-overall") == '"Overall winner"'
    assert label("cell-classes") == '"Class winners"'
