"""A circuit: its layout, the races held there, best laps per class and every event."""

from django.shortcuts import get_object_or_404, render

from results.display.winners import kept_winner_cells
from results.filters.histories import EventHistoryFilter
from results.models import Circuit, Race
from results.stats import histories, revision
from results.tables.events import EventWinnersTable
from results.tables.export import export_response, exporting
from results.tables.paging import configure


def circuit_detail(request, slug):
    """A circuit: its layout, the races held there, best laps per class and every event."""
    circuit = get_object_or_404(Circuit, slug=slug)
    held_here = circuit.events.with_place().newest_first()
    # Its best laps and races read every session held here: kept while the archive stays as it is.
    summary = revision.cached("circuit-page", str(circuit.pk), lambda: _circuit_summary(circuit, held_here))
    filters = EventHistoryFilter(request.GET, queryset=held_here, choices=summary["choices"])
    events = EventWinnersTable(filters.qs, exclude=("round", "circuit", "status", "date"), order_by="-year")
    configure(request, events)
    if exporting(request):
        histories.with_winners(events.data)  # the CSV names the winners in words
    else:
        cells = kept_winner_cells("circuit-winners", str(circuit.pk), circuit.events.all())
        for row in events.paginated_rows:
            row.record.winner_cells = cells[row.record.pk]
    exported = export_response(request, {"events": events}, filename=circuit.slug)
    if exported:
        return exported
    context = {
        "circuit": circuit,
        "filters": filters,
        "events": events,
        "races": summary["races"],
        "best_laps": summary["best_laps"],
    }
    return render(request, "results/circuit_detail.html", context)


def _circuit_summary(circuit, events) -> dict:
    races = Race.objects.at_circuit(circuit).order_by("name")
    return {
        "races": list(races),
        "best_laps": histories.best_laps_per_class(circuit.events.all()),
        "choices": EventHistoryFilter.choices_of(events),
    }
