"""The regulation minimum drive time: entered by an editor on the race's session page, shown
beside each driver it applies to on the laps page, with how short a driver fell of it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from results.importers.laps import import_laps
from results.models import CarClass, MinimumDriveTime
from tests.page_text import rows_of, section
from tests.results.test_admin_support import form_data, log_in_editor
from tests.results.test_lap_records import LAPS_OF_THE_SMALL_RACE
from tests.results.test_lap_support import lap_file, small_race

pytestmark = pytest.mark.django_db


@pytest.fixture
def race():
    race = small_race()
    import_laps(data=lap_file_of_the_small_race(), file_name="laps.csv", session=race)
    return race


def lap_file_of_the_small_race() -> bytes:
    return lap_file(*LAPS_OF_THE_SMALL_RACE)


def drive_times(client, race) -> dict[str, str]:
    """The drive times table as {driver: regulation minimum cell}."""
    html = client.get(race.event.get_laps_url()).content.decode()
    found = {}
    for row in rows_of(section(html, "drive-times")):
        words = row.split()
        name = next(n for n in ("Dane Cameron", "Felipe Nasr", "Pipo Derani", "Russell Ward") if n in row)
        found[name] = " ".join(words[words.index(name.split()[-1]) + 4 :])
    return found


def test_an_editor_enters_a_minimum_on_the_session_page_and_the_laps_page_shows_it_at_once(client, race):
    assert "Regulation minimum" not in client.get(race.event.get_laps_url()).text  # the page is cached now
    log_in_editor(client)
    url = reverse("admin:results_session_change", args=[race.pk])
    data = form_data(client.get(url), "session_form")
    data.update(
        {
            "minimum_drive_times-0-car_class": "",
            "minimum_drive_times-0-rating": "",
            "minimum_drive_times-0-minimum": "0:05",
            "minimum_drive_times-0-source": "Supplementary regulations, art. 12",
            "minimum_drive_times-TOTAL_FORMS": "1",
        }
    )
    assert client.post(url, data).status_code == 302
    client.logout()

    shown = drive_times(client, race)
    # Every driver 5 minutes; the #7 was classified, so its drivers fell short.
    assert shown["Dane Cameron"] == "5:00.000 short by 1:40.000"
    assert shown["Felipe Nasr"] == "5:00.000 short by 3:20.000"


def test_the_most_particular_rule_applies_and_a_car_that_retired_is_not_short(client, race):
    gtd = CarClass.objects.get(series=race.event.season.series, code="GTD")
    MinimumDriveTime.objects.create(session=race, minimum=datetime.timedelta(minutes=5))
    ten = datetime.timedelta(minutes=10)
    MinimumDriveTime.objects.create(session=race, car_class=gtd, rating="silver", minimum=ten)

    shown = drive_times(client, race)
    assert shown["Russell Ward"] == "10:00.000 short by 4:40.000"  # GTD and Silver: ten minutes
    assert shown["Pipo Derani"] == "5:00.000"  # five minutes and a second at the wheel
    # Classified, as IMSA classifies every car, but stopped before the flag: no shortfall said.
    retired = [row for row in LAPS_OF_THE_SMALL_RACE if not row.startswith("57;1;3;")]
    import_laps(data=lap_file(*retired), file_name="laps.csv", session=race)
    assert drive_times(client, race)["Russell Ward"] == "10:00.000"


def test_editors_may_enter_minimum_drive_times():
    granted = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"add_minimumdrivetime", "change_minimumdrivetime", "delete_minimumdrivetime"} <= granted


def test_a_minimum_with_seconds_is_shown_with_them_so_a_save_keeps_it(client, race):
    MinimumDriveTime.objects.create(session=race, minimum=datetime.timedelta(hours=1, minutes=2, seconds=30))
    log_in_editor(client)
    url = reverse("admin:results_session_change", args=[race.pk])
    data = form_data(client.get(url), "session_form")
    assert data["minimum_drive_times-0-minimum"] == "1:02:30"
    assert client.post(url, data).status_code == 302
    assert MinimumDriveTime.objects.get(session=race).minimum == datetime.timedelta(hours=1, minutes=2, seconds=30)
