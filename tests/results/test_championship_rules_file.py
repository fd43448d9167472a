"""Championship rules from a JSON file (the demo's championships.json): loaded once, refused whole with a reason."""

import json

import pytest

from results.importers.championships import load_championships
from results.importers.errors import ImportValidationError
from results.importers.matching import Resolver
from results.importers.report import ImportReport
from results.models import Championship, PointsScale
from tests.factories import SeasonFactory, SeriesFactory

pytestmark = pytest.mark.django_db

RULES = {
    "scales": [{"name": "Cup", "points": [25, 20, 17]}],
    "championships": [{"series": "Cup Series", "season": 2024, "name": "Cup Series", "scale": "Cup", "pole_points": 2}],
}


@pytest.fixture
def season():
    return SeasonFactory(series=SeriesFactory(name="Cup Series"), year=2024)


def load(tmp_path, rules) -> None:
    path = tmp_path / "championships.json"
    path.write_text(rules if isinstance(rules, str) else json.dumps(rules), encoding="utf-8")
    load_championships(path, Resolver(ImportReport()))


def test_the_rules_make_a_scale_and_a_championship_once(tmp_path, season):
    load(tmp_path, RULES)
    load(tmp_path, RULES)

    championship = Championship.objects.get()
    assert (championship.season, championship.pole_points, championship.counts_every_event) == (season, 2, True)
    assert [int(v.points) for v in PointsScale.objects.get().values.all()] == [25, 20, 17]


@pytest.mark.parametrize(
    ("rules", "said"),
    [
        ("{not json", "cannot be read as JSON"),
        (RULES | {"scales": [{"name": "Cup", "points": [25, "twenty"]}]}, "“twenty” is not a number of points"),
        (RULES | {"championships": [RULES["championships"][0] | {"scale": "Other"}]}, "“Other” is not a scale"),
        (RULES | {"championships": [RULES["championships"][0] | {"season": 1999}]}, "no 1999 season of “Cup Series”"),
        (RULES | {"championships": [RULES["championships"][0] | {"pole_points": -2}]}, "points cannot be negative"),
    ],
)
def test_a_wrong_file_is_refused_whole_saying_where(tmp_path, season, rules, said):
    with pytest.raises(ImportValidationError) as refused:
        load(tmp_path, rules)

    assert said in str(refused.value) and "championships.json" in str(refused.value)
    assert not Championship.objects.exists() and not PointsScale.objects.exists()


def test_a_wrong_scale_does_not_make_the_next_one_unknown(tmp_path, season):
    rules = RULES | {"scales": [{"name": "Broken", "points": ["x"]}, *RULES["scales"]]}

    with pytest.raises(ImportValidationError) as refused:
        load(tmp_path, rules)

    assert "“x” is not a number of points" in str(refused.value)
    assert "“Cup” is not a scale" not in str(refused.value)
