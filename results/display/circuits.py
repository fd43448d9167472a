"""A circuit's page drawn in Python: its best lap per class, a row each.

Drawn here rather than in the template: the busiest circuit has a best lap for each of
some fifty classes, each row a dozen template nodes.
"""

from django.utils.safestring import SafeString

from results.display.badges import class_badge
from results.display.html import escape
from results.display.links import driver_link, link
from results.display.times import format_time


def best_lap_rows(laps) -> SafeString:
    """Each class's best lap (a Result with its driver, car, class and event): class, time,
    driver and car, and where it was set."""
    if not laps:
        return SafeString('<tr><td colspan="4">No lap times in the archive yet.</td></tr>')
    return SafeString("\n".join(_best_lap_row(lap) for lap in laps))


def _best_lap_row(lap) -> str:
    car_class = lap.entry.car_class
    if car_class:
        named = f'{class_badge(car_class)} <span class="muted">{escape(car_class.series.display_name)}</span>'
    else:
        named = "No class"
    by = f"{driver_link(lap.best_lap_driver)}, " if lap.best_lap_driver else ""
    car = link(lap.entry.car, lap.entry.car.full_name) if lap.entry.car else ""
    event = lap.session.event
    # Each cell named, for a phone's card of the row (history.css).
    return (
        f'<tr><th scope="row" class="cell-class">{named}</th>'
        f'<td class="time cell-lap">{escape(format_time(lap.best_lap_ms))}</td>'
        f'<td class="cell-by">{by}{car}</td>'
        f'<td class="cell-where">{link(event, str(event))}, {escape(lap.session.name.lower())}</td></tr>'
    )
