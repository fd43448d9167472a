"""Editors' saves recount the credits of each event they touch once, before they commit."""

from drivers.admin_saves import GivesUpWaiting
from results.stats import credits


class RecountsOnce(GivesUpWaiting):
    """A ModelAdmin mixin: a page that saves many rows (a session's results, a bulk delete)
    would otherwise recount the event after each of them. The recount runs in the save's
    transaction, which waits for another write's rows only so long (drivers.admin_saves)."""

    def saving(self):
        return credits.recounting()
