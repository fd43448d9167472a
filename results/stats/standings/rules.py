"""Which points rules apply and which rounds count.

Rules are data (`results.models.points`): this module looks them up (what a championship
scores, each event's own rule, a race's scale) and states them in a sentence or two for
the page. A round is one scoring session (a race) of a counted event: a weekend of two
races is two rounds. An event whose race classification the archive lacks is still a
round."""

from dataclasses import dataclass
from decimal import Decimal

from results.models import Championship, ChampionshipEvent, Event, PointsScale, Session
from results.stats.standings.data import DRIVERS, MANUFACTURERS, TEAMS, SeasonData, SessionRow
from results.stats.standings.points import tidy


def scored_kinds(championship) -> list[str]:
    """Which tables the championship has: drivers, teams, manufacturers, in that order."""
    wanted = (
        (DRIVERS, championship.scores_drivers),
        (TEAMS, championship.scores_teams),
        (MANUFACTURERS, championship.scores_manufacturers),
    )
    return [kind for kind, scored in wanted if scored]


def event_rules(championship) -> dict[int, ChampionshipEvent]:
    """The championship's rules for single events (counts or not, scale, multiplier), by event id."""
    return {rule.event_id: rule for rule in championship.event_rules.all()}


def finishing_scale(championship, rule, data: SeasonData) -> tuple[PointsScale, Decimal]:
    """The scale and multiplier of a race: the event's own where its rule gives them."""
    scale = data.scales[rule.scale_id if rule is not None and rule.scale_id else championship.scale_id]
    return scale, (rule.multiplier if rule is not None else Decimal(1))


def _points_phrase(value: Decimal) -> str:
    return f"{tidy(value)} point{'' if value == 1 else 's'}"


def rules_summary(championship, data: SeasonData) -> str:
    """The rules as the page states them: "Class positions score 25-20-17…; pole 2 points."."""
    parts = [f"Class positions score {data.scales[championship.scale_id].summary()}"]
    if championship.qualifying_scale_id:
        parts.append(f"qualifying positions {data.scales[championship.qualifying_scale_id].summary()}")
    if championship.pole_points:
        parts.append(f"pole {_points_phrase(championship.pole_points)}")
    if championship.fastest_lap_points:
        parts.append(f"the fastest race lap in each class {_points_phrase(championship.fastest_lap_points)}")
    text = "; ".join(parts) + "."
    if championship.tie_break == Championship.TieBreak.COUNTBACK:
        text += " Ties are broken on countback: most wins, then most second places, and so on."
    else:
        text += " Drivers level on points share the place."
    return text


COUNTED, PARTIAL, MISSING, SCHEDULED = "counted", "partial", "missing", "scheduled"


@dataclass(frozen=True)
class Round:
    """One scoring race of the championship (or its event, where the race is missing)."""

    number: int
    event: Event
    session: SessionRow | None
    state: str
    note: str = ""
    of_several: bool = False  # one of two races of a weekend: named by its session too

    @property
    def label(self) -> str:
        return f"R{self.number}"

    @property
    def name(self) -> str:
        name = self.event.name
        if self.session is not None and self.of_several:
            name += f", {self.session.name}"
        return name

    @property
    def description(self) -> str:
        """What a round header's tooltip and the notes say of it."""
        text = f"Round {self.number}: {self.name}"
        if self.note:
            text += f" ({self.note})"
        return text + {
            PARTIAL: ": partial classification",
            MISSING: ": race classification not in the archive",
            SCHEDULED: ": not yet run",
        }.get(self.state, "")


def _event_counts(championship, event, rule, data: SeasonData) -> bool:
    """Whether the event is a round: its own rule says, else the championship's."""
    if rule is not None:
        return rule.counts
    if not championship.counts_every_event:
        return False
    # A season's test days (practice only, no round number) are not rounds; an event with
    # nothing in the archive, or only its qualifying, is a round whose race is missing.
    sessions = data.sessions[event.id]
    return (
        event.round is not None
        or event.status == Event.Status.SCHEDULED
        or not sessions
        or any(s.kind in (championship.scoring_kind, Session.Kind.QUALIFYING) for s in sessions)
    )


def _scoring_sessions(championship, event, rule, data: SeasonData) -> list[SessionRow]:
    only = rule.session_id if rule is not None else None
    return [
        s for s in data.sessions[event.id] if s.kind == championship.scoring_kind and (only is None or s.id == only)
    ]


def _class_raced(session: SessionRow, class_id, data: SeasonData) -> bool:
    listed = data.session_classes.get(session.id)
    if listed:
        return class_id in listed
    present = data.classes_in_session.get(session.id)
    # A session with no results at all is missing for every class.
    return not present or class_id in present


def championship_rounds(championship, data: SeasonData, class_id=None, *, every_class=False) -> list[Round]:
    """The class's rounds in calendar order (`every_class`: the championship's, whatever the class)."""
    rules = event_rules(championship)
    rounds: list[Round] = []
    for event in data.events[championship.season_id]:
        rule = rules.get(event.id)
        if not _event_counts(championship, event, rule, data):
            continue
        note = rule.note if rule else ""
        sessions = _scoring_sessions(championship, event, rule, data)
        raced = sessions if every_class else [s for s in sessions if _class_raced(s, class_id, data)]
        if sessions and not raced:
            continue  # the class did not race at this event
        several = len(raced) > 1
        if not raced:
            state = SCHEDULED if event.status == Event.Status.SCHEDULED else MISSING
            rounds.append(Round(len(rounds) + 1, event, None, state, note))
            continue
        for session in raced:
            if data.results.get(session.id):
                state = PARTIAL if session.partial else COUNTED
            else:
                state = SCHEDULED if event.status == Event.Status.SCHEDULED else MISSING
            rounds.append(Round(len(rounds) + 1, event, session, state, note, several))
    return rounds


def rounds_not_in_archive(championship, data: SeasonData) -> int:
    """How many rounds of the official calendar the archive holds no event for."""
    if not championship.official_rounds:
        return 0
    return max(0, championship.official_rounds - len(championship_rounds(championship, data, every_class=True)))
