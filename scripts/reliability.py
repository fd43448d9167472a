#!/usr/bin/env python
"""Faults and bad input against a served archive, on a PostgreSQL of its own: a table of what held.

Starts a PostgreSQL of its own in a temporary directory (Debian's binaries, as the
postgres user when run as root; never the machine's shared server), migrates it, loads the
demo archive, serves it with gunicorn (production settings, 3 workers, loopback only), and:

1. load with a fault: a few threads request public pages for --seconds while the database
   is restarted half-way; it counts answers by status and the time from the restart to the
   first page served again (a worker's kept connection is checked before use:
   CONN_HEALTH_CHECKS);
2. fuzz: --fuzz requests of pages with garbage in their query strings; no answer may be 5xx;
3. bad files: archive CSV files cut short, cut in a quoted cell, with a NUL byte, a crew of
   ten, an over-long cell, imported with `manage.py import_archive`; each must be refused
   with a message and leave the archive's results as they were.

It prints one table of all three and exits 1 if anything did not hold. Loopback only,
bounded in time (about a minute and a half).

    .venv/bin/python scripts/reliability.py
    .venv/bin/python scripts/reliability.py --seconds 20 --fuzz 2000
"""

import argparse
import collections
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PAGES = (
    "/",
    "/drivers/",
    "/drivers/felipe-nasr/",
    "/races/24-hours-of-daytona/",
    "/records/",
    "/manufacturers/porsche/",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnPostgres:
    """A PostgreSQL cluster in a temporary directory, on a port of its own."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="racearchive-pg-"))
        self.data, self.port = self.directory / "data", free_port()
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(self.directory, "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "racearchive")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/racearchive"

    def _run(self, program: str, *args: str) -> None:
        subprocess.run([*self.as_owner, str(PG_BIN / program), *args], check=True, capture_output=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-w", "-l", str(self.directory / "log"), "start")

    def restart(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.start()

    def stop(self) -> None:
        subprocess.run([*self.as_owner, str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"])
        shutil.rmtree(self.directory, ignore_errors=True)


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code
    except OSError:
        return 0  # no answer at all


def load_with_restart(base: str, database: OwnPostgres, seconds: int) -> dict:
    """Requests from four threads; the database restarted half-way. Answers are counted
    apart by when they came: before the restart, while the database was down or starting,
    and after it was back."""
    statuses = {phase: collections.Counter() for phase in ("before", "during", "after")}
    lock, stop = threading.Lock(), threading.Event()
    served_after: list[float] = []
    restarted_at: list[float] = []
    phase = ["before"]

    def visitor(n: int) -> None:
        i = n
        while not stop.is_set():
            started = phase[0]
            status = get(base + PAGES[i % len(PAGES)] + f"?visit={i}")  # a new page each time: no cache
            with lock:
                # A request begun while the database was down counts as during, wherever it ends.
                statuses["during" if "during" in (started, phase[0]) else phase[0]][status] += 1
                if restarted_at and status == 200 and not served_after:
                    served_after.append(time.monotonic())
            i += 4

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(seconds / 2)
    phase[0] = "during"
    database.restart()
    restarted_at.append(time.monotonic())
    phase[0] = "after"
    time.sleep(seconds / 2)
    stop.set()
    for thread in threads:
        thread.join()
    recovered = served_after[0] - restarted_at[0] if served_after else None
    return {"statuses": statuses, "recovered": recovered}


GARBAGE = ["'", '"', "<script>", "%00", "\u202e", "-1", "99999999999999999999", "../", "%", "a" * 3000, "NaN"]
PARAMS = ["what", "who", "race", "series", "circuit", "car_class", "year_from", "year_to", "page", "sort", "season"]


def fuzz(base: str, count: int) -> collections.Counter:
    rng, statuses = random.Random(7), collections.Counter()
    for _ in range(count):
        path = rng.choice(PAGES)
        query = "&".join(f"{rng.choice(PARAMS)}={urllib.request.quote(rng.choice(GARBAGE))}" for _ in range(3))
        statuses[get(f"{base}{path}?{query}")] += 1
    return statuses


def bad_files(directory: Path, env: dict) -> list[tuple[str, str, int, int]]:
    """(file, the command's first line of message, results before, results after) for each bad file."""
    header = "series,season,event,race,circuit,date,session,position,class,number,team,car_make,car_model,"
    header += "engine_make,drivers,laps,status,reason,time,best_lap"
    good = (
        "IMSA,2031,Reliability 6 Hours,,Road Atlanta,2031-10-01,Race,1,GTP,7,Team A,Porsche,963,,Ann Lee;Bo Ray,96,,,,"
    )
    files = {
        "cut inside a row": f"{header}\n{good}\n{good.replace(',7,', ',8,')[:70]}",
        "quote left open": f"{header}\n{good}\n{good.replace('Team A', chr(34) + 'Team B')}",
        "NUL byte": f"{header}\n{good.replace('Team A', 'Team' + chr(0) + 'A')}",
        "crew of ten": f"{header}\n{good.replace('Ann Lee;Bo Ray', ';'.join(f'Driver {n}' for n in range(10)))}",
        "cell over 131,072 characters": f"{header}\n{good.replace('Team A', 'x' * 140_000)}",
    }
    rows = []
    for name, text in files.items():
        path = directory / f"{name.replace(' ', '-')}.csv"
        path.write_text(text + "\n", encoding="utf-8")
        before = results_count(env)
        done = subprocess.run(
            [sys.executable, "manage.py", "import_archive", str(path)],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
        )
        said = (done.stderr or done.stdout).strip().splitlines()
        message = said[1] if len(said) > 1 else (said[0] if said else "")
        if "Traceback" in done.stderr or done.returncode == 0:
            message = f"NOT REFUSED CLEANLY (exit {done.returncode})"
        rows.append((name, message[:120], before, results_count(env)))
    return rows


def results_count(env: dict) -> int:
    code = "from results.models import Result; print(Result.objects.count())"
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    lines = done.stdout.strip().splitlines()
    return int(lines[-1]) if lines and lines[-1].isdigit() else -1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=12, help="the load's length; the restart is half-way")
    parser.add_argument("--fuzz", type=int, default=1000, help="requests with garbage query strings")
    args = parser.parse_args(argv)
    if not (PG_BIN / "initdb").exists():
        parser.error(f"PostgreSQL's binaries are needed in {PG_BIN} (Debian's postgresql package)")

    database = OwnPostgres()
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "DJANGO_SETTINGS_MODULE": "racearchive.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_ENV_FILE": "",
        "REDIS_URL": "",
    }
    port, server, work = free_port(), None, Path(tempfile.mkdtemp(prefix="racearchive-reliability-"))
    try:
        for command in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"], ["load_demo"]):
            subprocess.run(
                [sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, capture_output=True
            )
        gunicorn = [str(BASE_DIR / ".venv/bin/gunicorn"), "racearchive.wsgi", f"--bind=127.0.0.1:{port}", "--workers=3"]
        server = subprocess.Popen([*gunicorn, "--log-level=critical"], cwd=BASE_DIR, env=env)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while get(base + "/") != 200 and time.monotonic() < deadline:
            time.sleep(0.3)

        loaded = load_with_restart(base, database, args.seconds)
        fuzzed = fuzz(base, args.fuzz)
        refused = bad_files(work, env)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        database.stop()
        shutil.rmtree(work, ignore_errors=True)

    failures = 0
    print("| check | outcome | held |")
    print("| --- | --- | --- |")
    recovered = f"{loaded['recovered']:.2f} s" if loaded["recovered"] is not None else "never"
    for phase, counted in loaded["statuses"].items():
        answers = ", ".join(f"{status or 'no answer'}: {n}" for status, n in sorted(counted.items())) or "none"
        # While the database is down a request is told so (503); before and after, every one is served.
        wrong = {status for status in counted if status != 200 and not (phase == "during" and status == 503)}
        failures += bool(wrong)
        said = f"{answers}; served again {recovered} after the restart" if phase == "after" else answers
        print(f"| load, {phase} a PostgreSQL restart | {said} | {'NO' if wrong else 'yes'} |")
    server_errors = sum(n for status, n in fuzzed.items() if status >= 500 or status == 0)
    failures += server_errors > 0
    fuzz_line = ", ".join(f"{status}: {n}" for status, n in sorted(fuzzed.items()))
    print(f"| {args.fuzz} garbage query strings | {fuzz_line} | {'yes' if not server_errors else 'NO'} |")
    for name, message, before, after in refused:
        ok = before == after and not message.startswith("NOT")
        failures += not ok
        print(f"| bad file: {name} | {message}; results {before} before, {after} after | {'yes' if ok else 'NO'} |")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
