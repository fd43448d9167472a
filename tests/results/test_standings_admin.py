"""An editor sets up championship rules in the admin; the season page shows what a fan computes."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from results.models import Championship, ChampionshipEvent, PointsScale, Result, Session
from results.stats.classification import assign_class_positions
from tests.factories import (
    CarClassFactory,
    EntryDriverFactory,
    EntryFactory,
    EventFactory,
    ResultFactory,
    SeasonFactory,
    SeriesFactory,
    SessionFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CUP_POINTS = [25, 20, 17, 14, 12, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]


@pytest.fixture
def editor(client):
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def carrera():
    series = SeriesFactory(name="Porsche Carrera Cup North America", short_name="Carrera Cup")
    season = SeasonFactory(series=series, year=2024)
    pro = CarClassFactory(series=series, code="PRO", name="Pro", order=1)
    pro_am = CarClassFactory(series=series, code="PROAM", name="Pro-Am", order=2)
    return season, pro, pro_am


def scale_form(name, points, *, rows=15):
    data = {
        "name": name,
        "step_beyond": "",
        "minimum": "0",
        "notes": "",
        "values-TOTAL_FORMS": str(rows),
        "values-INITIAL_FORMS": "0",
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
    }
    for n in range(rows):
        # As the add page offers them: every row numbered, the points typed where given.
        data[f"values-{n}-position"] = str(n + 1)
        data[f"values-{n}-points"] = str(points[n]) if n < len(points) else ""
    return data


def championship_form(season, scale, classes, **changes):
    data = {
        "season": season.pk,
        "name": "Porsche Carrera Cup North America",
        "slug": "",
        "order": "0",
        "classes": [c.pk for c in classes],
        "counts_every_event": "on",
        "official_rounds": "",
        "scoring_kind": "race",
        "scale": scale.pk,
        "pole_points": "2",
        "fastest_lap_points": "1",
        "qualifying_scale": "",
        "scores_drivers": "on",
        "scores_teams": "on",
        "manufacturer_points": "best_car",
        "tie_break": "countback",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def enter_watkins_glen(season, pro, pro_am):
    """One qualifying and two races, as an editor enters them (class positions derived)."""
    event = EventFactory(season=season, name="Watkins Glen", start_date=datetime.date(2024, 6, 21))
    cars = {}
    for number, name, team, cls in [
        ("24", "Hartog", "Kellymoss", pro),
        ("12", "Cooper", "JDC Racing", pro),
        ("7", "Sedgwick", "Topp Racing", pro),
        ("44", "Uretsky", "Baby Bull Racing", pro_am),
        ("91", "Cirone", "MDK Motorsports", pro_am),
    ]:
        entry = EntryFactory(event=event, number=number, team=TeamFactory(name=team), car_class=cls)
        EntryDriverFactory(entry=entry, driver__given_name="", driver__family_name=name, order=1)
        cars[number] = entry

    def session(kind, name, order, laps):
        s = SessionFactory(event=event, kind=kind, name=name)
        for position, number in enumerate(order, start=1):
            ResultFactory(session=s, entry=cars[number], position=position, best_lap_ms=laps.get(number))
        assign_class_positions(s)
        return s

    session(Session.Kind.QUALIFYING, "Qualifying", ["24", "12", "44", "7", "91"], {})
    session(
        Session.Kind.RACE,
        "Race 1",
        ["12", "24", "7", "91", "44"],
        {"24": 105_100, "12": 105_300, "7": 105_900, "91": 107_000, "44": 107_300},
    )
    session(
        Session.Kind.RACE,
        "Race 2",
        ["24", "7", "12", "44", "91"],
        {"24": 105_200, "12": 105_400, "7": 105_000, "91": 107_100, "44": 106_900},
    )
    return event


def rows_of(html, anchor):
    """The (place, name, points, gap) rows of the first table after `anchor`'s heading."""
    section = html[html.index(f'id="{anchor}"') :]
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows.append(tuple(cells[:4]))
    return rows


def test_an_editor_sets_up_the_carrera_cup_rules_and_the_season_page_shows_a_fans_standings(
    editor, carrera, django_assert_max_num_queries
):
    season, pro, pro_am = carrera

    page = editor.get(reverse("admin:results_pointsscale_add"))
    assert page.status_code == 200
    # Fifteen rows come numbered: the editor types only the points.
    assert 'name="values-14-position" value="15"' in page.content.decode()

    response = editor.post(
        reverse("admin:results_pointsscale_add"), scale_form("Carrera Cup North America", CUP_POINTS)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    scale = PointsScale.objects.get()
    assert scale.summary(places=3) == "25-20-17…"

    response = editor.post(reverse("admin:results_championship_add"), championship_form(season, scale, [pro, pro_am]))
    assert response.status_code == 302, response.content.decode()[:3000]
    championship = Championship.objects.get()
    assert championship.slug == "porsche-carrera-cup-north-america"

    enter_watkins_glen(season, pro, pro_am)

    with django_assert_max_num_queries(40):
        html = editor.get(season.get_absolute_url()).content.decode()
    # By hand, 25-20-17…, pole 2, fastest race lap in each class 1:
    #   Pro:    Hartog  pole 2 + Race 1 second 20 + fastest lap 1 + Race 2 win 25 = 48
    #           Cooper  Race 1 win 25 + Race 2 third 17                           = 42
    #           Sedgwick Race 1 third 17 + Race 2 second 20 + fastest lap 1        = 38
    #   Pro-Am: Uretsky pole 2 + Race 1 second 20 + Race 2 win 25 + fastest lap 1  = 48
    #           Cirone  Race 1 win 25 + fastest lap 1 + Race 2 second 20           = 46
    anchor = "standings-porsche-carrera-cup-north-america"
    assert rows_of(html, f"{anchor}-pro") == [
        ("1", "Hartog", "48", "Leader"),
        ("2", "Cooper", "42", "−6"),
        ("3", "Sedgwick", "38", "−10"),
    ]
    assert rows_of(html, f"{anchor}-proam") == [("1", "Uretsky", "48", "Leader"), ("2", "Cirone", "46", "−2")]
    assert "After round 2 of 2" in html
    assert "Not the official table" not in html
    # The chart is drawn on the server, with a table of the same numbers beside it.
    assert "<svg" in html and "<polyline" in html
    assert "The chart as a table: points and place after each round" in html


def test_a_scale_with_a_gap_in_its_places_is_refused_and_nothing_is_saved(editor):
    data = scale_form("Broken", [25, 20, 17], rows=4)
    data["values-2-position"] = "4"  # places 1, 2, 4: third is missing
    response = editor.post(reverse("admin:results_pointsscale_add"), data)
    assert response.status_code == 200
    assert "place 3 is missing" in response.content.decode()
    assert not PointsScale.objects.exists()


def test_a_class_of_another_series_is_refused(editor, carrera):
    season, pro, _ = carrera
    other = CarClassFactory(code="GTD", name="GTD")
    scale = PointsScale.objects.create(name="Cup")
    response = editor.post(reverse("admin:results_championship_add"), championship_form(season, scale, [pro, other]))
    assert response.status_code == 200
    assert "Not a class of Porsche Carrera Cup North America: GTD." in response.content.decode()
    assert not Championship.objects.exists()


def test_a_cup_counts_the_events_an_editor_lists_and_refuses_another_seasons(editor, carrera):
    season, pro, pro_am = carrera
    scale = PointsScale.objects.create(name="Cup")
    glen = EventFactory(season=season, name="Watkins Glen")
    EventFactory(season=season, name="Long Beach")
    elsewhere = EventFactory(season=SeasonFactory(year=2023, series=season.series), name="Sebring")
    andial = Championship.objects.create(
        season=season, name="ANDIAL Cup", scale=scale, counts_every_event=False, pole_points=2
    )
    url = reverse("admin:results_championship_change", args=[andial.pk])
    page = editor.get(url).content.decode()
    # Only this season's events are offered.
    # (Named as the options name them: a season's option may share the other event's id.)
    assert f">{glen}<" in page and "Long Beach" in page and f">{elsewhere}<" not in page

    def post(event):
        data = championship_form(season, scale, [pro, pro_am], name="ANDIAL Cup", slug="andial-cup")
        data.pop("counts_every_event")
        data.update(
            {
                "event_rules-TOTAL_FORMS": "1",
                "event_rules-INITIAL_FORMS": "0",
                "event_rules-MIN_NUM_FORMS": "0",
                "event_rules-MAX_NUM_FORMS": "1000",
                "event_rules-0-event": str(event.pk),
                "event_rules-0-counts": "on",
                "event_rules-0-session": "",
                "event_rules-0-scale": "",
                "event_rules-0-multiplier": "1",
                "event_rules-0-note": "",
            }
        )
        return editor.post(url, data)

    refused = post(elsewhere)
    assert refused.status_code == 200
    assert not ChampionshipEvent.objects.exists()

    assert post(glen).status_code == 302
    assert list(ChampionshipEvent.objects.values_list("event__name", flat=True)) == ["Watkins Glen"]


def test_an_anonymous_visitor_cannot_reach_the_rules(client):
    response = client.get(reverse("admin:results_championship_changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_rules_lists_hold_a_bounded_number_of_queries(editor, django_assert_max_num_queries):
    series = SeriesFactory()
    for n in range(55):
        scale = PointsScale.objects.create(name=f"Scale {n}")
        scale.values.create(position=1, points=25)
        Championship.objects.create(season=SeasonFactory(series=series, year=1960 + n), name="Main", scale=scale)
    for name in ("pointsscale", "championship"):
        with django_assert_max_num_queries(12):
            assert editor.get(reverse(f"admin:results_{name}_changelist")).status_code == 200


def test_a_disqualification_entered_after_the_race_takes_its_points_off_the_season_page(editor, carrera):
    """The standings follow the results: nothing is stored that could go stale."""
    season, pro, pro_am = carrera
    scale = PointsScale.objects.create(name="Cup")
    for n, p in enumerate(CUP_POINTS, start=1):
        scale.values.create(position=n, points=p)
    championship = Championship.objects.create(
        season=season, name="Main", scale=scale, pole_points=2, fastest_lap_points=1
    )
    championship.classes.set([pro, pro_am])
    event = enter_watkins_glen(season, pro, pro_am)
    race_two = event.sessions.get(name="Race 2")
    hartog = Result.objects.get(session=race_two, entry__number="24")
    hartog.position, hartog.status = None, Result.Status.DISQUALIFIED
    hartog.save()
    Result.objects.filter(session=race_two, position__gt=1).update(position=None)
    for position, number in enumerate(["7", "12", "44", "91"], start=1):
        Result.objects.filter(session=race_two, entry__number=number).update(position=position)
    assign_class_positions(race_two)

    html = editor.get(season.get_absolute_url()).content.decode()
    # Hartog loses Race 2 (25); Sedgwick wins it and keeps the lap point (1:45.000):
    #   Sedgwick 17 + 25 + 1 = 43; Cooper 25 + 20 = 45; Hartog 2 + 20 + 1 = 23.
    assert rows_of(html, "standings-main-pro") == [
        ("1", "Cooper", "45", "Leader"),
        ("2", "Sedgwick", "43", "−2"),
        ("3", "Hartog", "23", "−22"),
    ]
