"""The filters' selects are drawn in Python (filters.fields.DrawnSelect): they must be Django's own."""

import re

from django import forms

from results.filters.fields import DrawnSelect

CHOICES = [
    ("", "All seasons"),
    (2024, "2024"),
    ("a&b", 'Team "<Quoted>" & Co'),
    ("Prototypes", [("gtp", "GTP"), ("lmp2", "LMP2")]),
]


def tags(html: str) -> str:
    """HTML without the whitespace between its tags, which Django's template puts there."""
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_a_drawn_select_is_djangos_select_with_its_choice_selected_and_text_escaped():
    for value in ("", "2024", "a&b", "lmp2", "garbage"):
        for attrs in ({"id": "id_season"}, {"id": "id_season", "required": True, "disabled": False}):
            django = forms.Select(choices=CHOICES).render("season", value, attrs=attrs)
            drawn = DrawnSelect(choices=CHOICES).render("season", value, attrs=attrs)
            assert tags(drawn) == tags(django)


def test_a_drawn_select_names_the_choice_made_as_selected():
    drawn = DrawnSelect(choices=CHOICES).render("season", "2024")
    assert '<option value="2024" selected>2024</option>' in drawn
    assert "Team &quot;&lt;Quoted&gt;&quot; &amp; Co" in drawn
