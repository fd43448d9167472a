"""The archive's names and spans in plain words, for pages and CSV files alike."""

from django_countries.fields import Country


def crew_names(entry, *, leaving_out=None) -> str:
    return "; ".join(str(member.driver) for member in entry.crew.all() if member.driver_id != leaving_out)


def subject_name(subject) -> str:
    """A driver's or car's full name ("March 83G-Porsche"), a country's name, or the name."""
    if isinstance(subject, Country):
        return subject.name
    return getattr(subject, "full_name", None) or str(subject)


def event_words(event) -> str:
    """ "1968 24 Hours of Daytona": the year and the event as named that year."""
    return f"{event.year} {event.name}"


def run_words(run) -> str:
    if run is None:
        return ""
    if run.first.year == run.last.year:
        return f"{run.length} ({run.first.year})"
    return f"{run.length} ({run.first.year}–{run.last.year})"
