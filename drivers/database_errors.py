"""What a database error means to the person who met it: the database out of reach (a
restart), or one write meeting another; anything else is a fault of the code.

Read from the error's SQLSTATE where the driver gives one (psycopg), from its words on
SQLite, which gives none.
"""

from django.db import DatabaseError, InterfaceError, OperationalError

# A write that met another: a unique key the other took first, a deadlock, a
# serialization failure. Doing it again resolves them.
_RACED_STATES = {"23505", "40P01", "40001"}


def _state(error: BaseException) -> str | None:
    return getattr(error.__cause__, "sqlstate", None)


def lost_a_race(error: DatabaseError) -> bool:
    """Whether `error` is a write meeting another write, rather than a fault of its own."""
    state = _state(error)
    if state is not None:
        return state in _RACED_STATES
    return "UNIQUE constraint failed" in str(error)  # SQLite's words


def connection_lost(error: BaseException) -> bool:
    """Whether `error` is the database being out of reach, not a query it refused: no
    connection made (refused, starting up), a connection exception (08), or the server
    shutting down (57P)."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    state = _state(error)
    return state is None or state.startswith(("08", "57P"))


# PostgreSQL's lock_not_available: a wait for another transaction's rows reached lock_timeout.
_LOCK_TIMEOUT_STATE = "55P03"


def waited_too_long(error: DatabaseError) -> bool:
    """Whether `error` is a write giving up waiting for rows another write holds."""
    state = _state(error)
    if state is not None:
        return state == _LOCK_TIMEOUT_STATE
    return "database is locked" in str(error)  # SQLite's words, past its connection's timeout
