"""The records explorer's question, read from the query string: what is counted, by whom, where.

A django-filter FilterSet serves as the form (GET, so every answer has a permalink):
`?what=wins&who=make&race=24-hours-of-daytona`. A value it does not understand is
reported by the form and left out ("Select a valid choice"); the rest of the question
still applies, and what and who fall back to overall wins by manufacturer.
"""

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

import django_filters
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.urls import reverse
from django_countries import countries
from django_countries.fields import Country

from drivers.models import Car, Driver, Manufacturer, Team
from results.display.times import format_time
from results.display.words import at_race, year_span
from results.filters.fields import ChoiceFilter, ClassChoiceFilter, SlugChoiceFilter, YearFilter
from results.models import CarClass, Circuit, Race, Result, Series
from results.stats.records.rankings import Ranked, kept_ranking
from results.stats.records.rules import DRIVERS_ONLY, FromLaps, What, Where, Who, counted

DEFAULT_WHAT, DEFAULT_WHO = What.OVERALL_WINS, Who.MAKE


# How a count reads in a title: "Overall wins by manufacturer (chassis)".
WHO_WORDS = {
    Who.MAKE: "manufacturer (chassis)",
    Who.ENGINE: "manufacturer (engine)",
    Who.TEAM: "team",
    Who.DRIVER: "driver",
    Who.CAR: "car model",
    Who.NATIONALITY: "nationality",
}

# Who a count of drive time can credit.
DRIVERS = {Who.DRIVER, Who.NATIONALITY}

# What a make's count counts it as, in a sentence.
COUNTED_AS = {Who.MAKE: " as a chassis make", Who.ENGINE: " as an engine make"}


class RecordsFilter(django_filters.FilterSet):
    """The explorer's form. It filters nothing itself: `question()` turns it into a records.Where."""

    what = ChoiceFilter(
        choices=[("From the results", What.choices), ("From the lap files", FromLaps.choices)],
        label="Count",
        empty_label=None,
        method="keep",
    )
    who = ChoiceFilter(choices=Who.choices, label="By", empty_label=None, method="keep")
    race = SlugChoiceFilter(queryset=Race.objects.order_by("name"), label="Race", empty_label="Any race", method="keep")
    series = SlugChoiceFilter(
        queryset=Series.objects.order_by("name"), label="Series", empty_label="Any series", method="keep"
    )
    circuit = SlugChoiceFilter(
        queryset=Circuit.objects.order_by("name"), label="Circuit", empty_label="Any circuit", method="keep"
    )
    car_class = ClassChoiceFilter(
        queryset=CarClass.objects.select_related("series").order_by("series__name", "order", "name"),
        empty_label="Any class",
        method="keep",
    )
    since = YearFilter(label="From", method="keep")
    until = YearFilter(label="To", method="keep")

    class Meta:
        model = Result
        fields = ["what", "who", "race", "series", "circuit", "car_class", "since", "until"]

    def __init__(self, data=None, **kwargs):
        super().__init__(data or None, queryset=Result.objects.none(), **kwargs)

    def keep(self, queryset, name, value):
        return queryset

    def question(self) -> "Question":
        """The valid choices as a Question; what was not understood is in `self.errors`."""
        chosen = {}
        if self.is_bound:
            self.form.is_valid()
            chosen = {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        since, until = chosen.get("since"), chosen.get("until")
        if since is not None and until is not None and since > until:
            self.form.add_error("until", f"The span ends ({until}) before it starts ({since}).")
            since = until = None
        what = counted(chosen.get("what", DEFAULT_WHAT))
        # Drive time alone asks for drivers, whom alone it counts; another choice is told so.
        who = Who(chosen.get("who", Who.DRIVER if what in DRIVERS_ONLY else DEFAULT_WHO))
        if what in DRIVERS_ONLY and who not in DRIVERS:
            self.form.add_error("who", f"{what.label} is counted for drivers, and by their nationality, only.")
            who = Who.DRIVER
        return Question(
            what=what,
            who=who,
            where=Where(
                race=chosen.get("race"),
                series=chosen.get("series"),
                circuit=chosen.get("circuit"),
                car_class=chosen.get("car_class"),
                year_from=int(since) if since is not None else None,
                year_to=int(until) if until is not None else None,
            ),
        )


@dataclass(frozen=True)
class Question:
    what: What | FromLaps
    who: Who
    where: Where

    @property
    def title(self) -> str:
        """ "Overall wins by manufacturer (chassis) at the 24 Hours of Daytona"."""
        return f"{self.what.label} by {WHO_WORDS[self.who]}{self.where_words}"

    @property
    def title_in_sentence(self) -> str:
        """The title within a sentence: "the ranking: overall wins by ... at the 24 Hours of Le Mans".

        Only its first letter is lowered; the names in it stay as they are written.
        """
        return self.title[:1].lower() + self.title[1:]

    def counted(self, count: int) -> str:
        """ "<count> overall wins as a chassis make at <race>", "1 pole".

        A make's count says which rule it follows: Porsche has one count of wins as the
        maker of the chassis and another as the maker of the engine.
        """
        if self.what == FromLaps.DRIVE_TIME:
            return f"{self.amount(count)} at the wheel{self.where_words}"
        words = self.what.label.lower()
        if count == 1:
            words = words.replace("laps", "lap", 1) if self.what in FromLaps else words.removesuffix("s")
        return f"{count} {words}{COUNTED_AS.get(self.who, '')}{self.where_words}"

    def amount(self, count: int) -> str | int:
        """A count as a ranking or a list shows it: a number, or a drive time (milliseconds) as a time."""
        return format_time(count) if self.what == FromLaps.DRIVE_TIME else count

    @property
    def where_words(self) -> str:
        where, words = self.where, []
        if where.race:
            words.append(f" {at_race(where.race)}")
        if where.series:
            words.append(f" in the {where.series.name}")
        if where.circuit:
            words.append(f" at {where.circuit.name}")
        if where.car_class:
            words.append(f" in {where.car_class.name_with_series}")
        if where.year_from and where.year_to:
            words.append(f", {year_span(where.year_from, where.year_to)}")
        elif where.year_from:
            words.append(f", since {where.year_from}")
        elif where.year_to:
            words.append(f", until {where.year_to}")
        return "".join(words)

    def url(self) -> str:
        """The ranking's permalink."""
        return f"{reverse('results:records')}?{urlencode(self.query())}"

    def occurrences_url(self, subject) -> str:
        """Where a subject's count leads: the list of the results it is made of (a link every row draws)."""
        return f"{self._occurrences_path}?{urlencode(self.query(subject=subject_param(self.who, subject)))}"

    @cached_property
    def _occurrences_path(self) -> str:
        return reverse("results:record_occurrences")

    def query(self, **extra) -> dict:
        """The question as query-string values, for links that keep it."""
        where = self.where
        values = {
            "what": self.what.value,
            "who": self.who.value,
            "race": where.race.slug if where.race else None,
            "series": where.series.slug if where.series else None,
            "circuit": where.circuit.slug if where.circuit else None,
            "car_class": where.car_class.pk if where.car_class else None,
            "since": where.year_from,
            "until": where.year_to,
            **extra,
        }
        return {name: value for name, value in values.items() if value is not None}


def ranking_of(question: Question) -> list[Ranked]:
    """The question's ranking, from the cache while the archive is at the revision it was counted at."""
    return kept_ranking(question.what, question.who, question.where)


SUBJECT_MODELS = {
    Who.MAKE: Manufacturer,
    Who.ENGINE: Manufacturer,
    Who.TEAM: Team,
    Who.DRIVER: Driver,
    Who.CAR: Car,
}


def subject_param(who: Who, subject) -> str:
    """How a subject is named in the query string: its slug, or a country's code."""
    return subject.code if isinstance(subject, Country) else subject.slug


def find_subject(who: Who, value: str):
    """The subject a query string names (?subject=porsche, ?subject=DK), or None."""
    if who == Who.NATIONALITY:
        code = value.upper()
        return Country(code) if code in countries else None
    try:
        validate_slug(value)  # what no slug holds (a NUL byte, spaces) names nobody; PostgreSQL refuses a NUL
    except ValidationError:
        return None
    return SUBJECT_MODELS[who].objects.filter(slug=value).first()
