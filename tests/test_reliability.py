"""scripts/reliability.py, short: a PostgreSQL of its own restarted under load, garbage query
strings and bad files against the served demo archive, and everything held.

It serves the archive with gunicorn against its own PostgreSQL, whatever database the suite
runs on, so it runs once: in the PostgreSQL pass.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "reliability.py"

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="runs once, in the PostgreSQL pass"),
    pytest.mark.skipif(not Path("/usr/lib/postgresql/15/bin/initdb").exists(), reason="PostgreSQL's binaries"),
]


def test_a_restart_garbage_and_bad_files_leave_no_server_error_and_nothing_written():
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--seconds", "8", "--fuzz", "150"], capture_output=True, text=True, timeout=300
    )

    table = done.stdout
    assert done.returncode == 0, table + done.stderr[-2000:]
    assert "| load, after a PostgreSQL restart | 200:" in table
    assert table.count("bad file:") == 5 and "NOT REFUSED" not in table
