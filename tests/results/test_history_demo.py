"""The history pages on the demo archive (`manage.py load_demo`): the figures a fan or a journalist looks up."""

import pytest

from drivers.models import Driver
from results.models import Race
from tests.page_text import rows_of, section, text_of
from tests.results.test_event_page_demo import demo_archive  # noqa: F401 -- the module-scoped demo fixture


@pytest.fixture
def daytona(demo_archive, db):  # noqa: F811
    return Race.objects.get(name="24 Hours of Daytona")


def test_demo_daytona_history_ranks_porsche_first_with_19_wins_from_1968_to_2024(client, daytona):
    html = client.get(daytona.get_absolute_url()).content.decode()
    makes = rows_of(section(html, "manufacturers"))
    assert makes[0] == "1 Porsche 19 23 1968 – 2024"  # 23 counting the engines: the 1984 March 83G-Porsche...
    assert "March 1 0 1984" in [row.split(" ", 1)[1] for row in makes]  # ...is a March win, by no March engine
    editions = rows_of(section(html, "editions"))
    assert editions[0].startswith("2024 Rolex 24 At Daytona IMSA GTP #7 Porsche 963")
    assert any(row.startswith("1984 SunBank 24 at Daytona") and "March 83G-Porsche" in row for row in editions)
    assert "As of the 2024 Rolex 24 At Daytona" in text_of(html)


def test_demo_felipe_nasr_lists_the_2024_rolex_24_win(client, demo_archive, db):  # noqa: F811
    nasr = Driver.objects.get(given_name="Felipe", family_name="Nasr")
    html = client.get(nasr.get_absolute_url()).content.decode()
    career = rows_of(section(html, "career"))
    win = next(row for row in career if "Rolex 24 At Daytona" in row)
    assert win.startswith("2024 Rolex 24 At Daytona IMSA #7 GTP Porsche 963")
    assert win.endswith(" 1 1")  # first overall and in class
    assert "Dane Cameron" in win
    imsa = next(row for row in rows_of(section(html, "totals")) if row.startswith("IMSA "))
    series, years, starts, wins = imsa.split()[:4]
    assert int(wins) >= 1 and int(starts) >= int(wins)


def test_demo_search_finds_kevin_estre_without_the_accent(client, demo_archive, db):  # noqa: F811
    estre = Driver.objects.get(family_name="Estre")
    html = client.get("/search/", {"q": "estre"}).content.decode()
    assert f'<a href="{estre.get_absolute_url()}">Kévin Estre</a>' in html
