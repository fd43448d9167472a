"""No public page answers a 500 to a query string, whatever it holds.

Each page gets every parameter the site reads (and some it does not) at once, set to
each of a list of bad values: negative, huge, not a number, a NUL byte, markup...
"""

import pytest
from django.urls import reverse

from tests.history_archive import race_history

pytestmark = pytest.mark.django_db

PARAMETERS = [
    "page", "sort", "per_page", "_export", "_table", "after", "class", "q", "what", "who", "since", "until",
    "season", "series", "car_class", "race", "circuit", "nationality", "country", "make", "name", "subject",
    "editions-page", "editions-sort", "editions-per_page", "makes-sort", "teams-page", "drivers-per_page",
    "session", "year",
]  # fmt: skip
BAD_VALUES = ["-1", "0", "99999999999999999999", "abc", "\x00", "%", "'", "<script>", "1.5", "", "NaN"]


@pytest.fixture
def pages():
    race, events = race_history(3, first_year=2000)
    event = events[-1]
    entry = event.entries.get(number="1")
    return [
        reverse("home"),
        event.season.series.get_absolute_url(),
        event.season.get_absolute_url(),
        event.get_absolute_url(),
        race.get_absolute_url(),
        entry.crew.first().driver.get_absolute_url(),
        entry.team.get_absolute_url(),
        entry.car.manufacturer.get_absolute_url(),
        entry.car.get_absolute_url(),
        event.circuit.get_absolute_url(),
        reverse("results:records"),
        reverse("results:record_occurrences"),
        reverse("search"),
        *(reverse(f"results:{name}") for name in ("drivers", "teams", "manufacturers", "cars", "circuits", "races")),
        reverse("results:series_index"),
    ]


@pytest.mark.parametrize("value", BAD_VALUES)
def test_every_page_answers_bad_values_of_every_parameter_without_an_error(client, pages, value):
    # The occurrences of a record name their subject in the query string: an unknown one is not found.
    expected = {url: 404 if url == reverse("results:record_occurrences") else 200 for url in pages}
    answers = {url: client.get(url, dict.fromkeys(PARAMETERS, value)).status_code for url in pages}
    assert answers == expected
