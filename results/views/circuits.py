"""A circuit: its layout, the races held there, best laps per class and every event."""

from django.shortcuts import get_object_or_404, render

from results.display.winners import with_kept_winner_cells
from results.filters.histories import EventHistoryFilter
from results.models import Circuit
from results.stats import cache, histories
from results.tables.events import EventWinnersTable
from results.tables.export import export_response, exporting
from results.tables.paging import configure


def circuit_detail(request, slug):
    """A circuit: its layout, the races held there, best laps per class and every event."""
    circuit = get_object_or_404(Circuit, slug=slug)
    held_here = circuit.events.with_place().newest_first()
    summary = histories.circuit_summary(circuit)
    filters = EventHistoryFilter(request.GET, queryset=held_here, choices=summary.pop("facets"))
    events = EventWinnersTable(filters.qs, exclude=("round", "circuit", "status", "date"), order_by="-year")
    configure(request, events)
    if exporting(request):
        histories.with_winners(events.data)  # the CSV names the winners in words
    else:
        with_kept_winner_cells(circuit, [row.record for row in events.paginated_rows])
    exported = export_response(request, {"events": events}, filename=circuit.slug)
    if exported:
        return exported
    context = {"circuit": circuit, "filters": filters, "events": events, **summary}
    return cache.shown(render(request, "results/circuit_detail.html", context), circuit)
