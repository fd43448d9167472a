"""Tables draw their rows in one pass (tables.cells.DrawnRows): the cells must be django-tables2's own."""

import re

import pytest
from django.test import RequestFactory

from drivers.models import Car, Driver, Manufacturer, Team
from results.stats import histories
from results.stats.records.rankings import tally
from results.stats.records.rules import What, Who
from results.tables.events import EventWinnersTable
from results.tables.indexes import CarIndexTable, DriverIndexTable, ManufacturerIndexTable, TeamIndexTable
from results.tables.paging import configure
from results.tables.results import CareerTable, ResultHistoryTable
from results.tables.tallies import TallyTable
from tests.factories import CarFactory, DriverFactory, ManufacturerFactory, TeamFactory
from tests.history_archive import career, race_history

pytestmark = pytest.mark.django_db

ROW = re.compile(r"<tr([^>]*)>(.*?)</tr>", flags=re.S)


def tables2_rows(table) -> list[tuple[str, str]]:
    """The rows as django-tables2's template draws them: row attributes, then each cell in its <td>."""
    return [
        (
            f" {row.attrs.as_html()}",
            "".join(f"<td {column.attrs['td'].as_html()}>{cell}</td>" for column, cell in row.items()),
        )
        for row in table.paginated_rows
    ]


def paginated(table, **query):
    configure(RequestFactory().get("/", query), table)
    return table


def assert_drawn_as_tables2_draws(make_table, *, rows: int):
    """Two tables from `make_table()`: a table counts its rows as it draws them (even, odd), so each is drawn once."""
    drawn = ROW.findall(make_table().rows_html())
    assert len(drawn) == rows
    assert drawn == tables2_rows(make_table())


def test_a_career_page_of_results_is_drawn_cell_for_cell_as_django_tables2_draws_it():
    driver, _ = career(60)
    results = histories.race_results(driver=driver)
    assert_drawn_as_tables2_draws(lambda: paginated(CareerTable(results, leave_out_driver=driver.pk)), rows=50)
    assert_drawn_as_tables2_draws(lambda: paginated(ResultHistoryTable(results), page=2), rows=10)


def test_editions_with_their_winners_and_a_ranking_are_drawn_as_django_tables2_draws_them():
    race, _ = race_history(12, first_year=2008)
    editions = histories.with_winners(histories.editions(race))
    assert_drawn_as_tables2_draws(lambda: paginated(EventWinnersTable(editions)), rows=12)
    ranking = tally(What.OVERALL_WINS, Who.DRIVER)
    assert_drawn_as_tables2_draws(lambda: paginated(TallyTable(ranking)), rows=len(ranking))


def test_an_empty_table_says_so_across_all_its_columns():
    table = paginated(CareerTable(histories.race_results(driver=DriverFactory())))
    columns = len(table.columns)
    assert str(table.rows_html()) == f'<tr><td colspan="{columns}">No race results match.</td></tr>'


def test_text_from_the_archive_is_escaped_in_drawn_cells():
    driver, _ = career(2)
    entry = histories.race_results(driver=driver).first().entry
    entry.entrant_name = "<script>alert(1)</script> Racing"
    entry.team = None
    entry.save()
    html = paginated(ResultHistoryTable(histories.race_results(driver=driver))).rows_html()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Racing" in html


def test_the_index_tables_are_drawn_as_django_tables2_draws_them():
    porsche = ManufacturerFactory(name="Porsche", country="DE")
    CarFactory(manufacturer=porsche, model="963")
    CarFactory(manufacturer=ManufacturerFactory(name="March"), model="83G", engine_manufacturer=porsche)
    for n in range(30):
        DriverFactory(given_name=f"Driver {n:02d}", family_name="Lastname", nationality="FR" if n % 3 else "")
        TeamFactory(name=f"Team {n:02d}", country="US" if n % 2 else "")
    page = DriverIndexTable._meta.per_page  # the helper pages by the table's own size
    assert_drawn_as_tables2_draws(lambda: paginated(DriverIndexTable(Driver.objects.all())), rows=page)
    assert_drawn_as_tables2_draws(lambda: paginated(DriverIndexTable(Driver.objects.all()), page=2), rows=30 - page)
    assert_drawn_as_tables2_draws(lambda: paginated(TeamIndexTable(Team.objects.all(), filtered=True)), rows=page)
    assert_drawn_as_tables2_draws(lambda: paginated(CarIndexTable(Car.objects.with_makes())), rows=2)
    assert_drawn_as_tables2_draws(lambda: paginated(ManufacturerIndexTable(Manufacturer.objects.all())), rows=2)
