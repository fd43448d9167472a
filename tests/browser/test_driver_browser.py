"""A driver's page on a phone in Chromium, JavaScript off: what a long career's tables show."""

from tests.results.test_standings import Book


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

    table = phone_page.locator("#championships table")
    width, room = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    assert width <= room, f"the championships are {width} px wide in {room} px"
    place = phone_page.locator("#championships td.cell-place").first
    assert place.inner_text() == "1 of 2"
    assert place.bounding_box()["x"] + place.bounding_box()["width"] <= 390
