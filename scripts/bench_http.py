#!/usr/bin/env python
"""Throughput of the served archive: gunicorn, and nginx in front of it, against DATABASE_URL.

Starts gunicorn (--workers, production settings, the read cache in Redis) and nginx with
deploy/nginx.conf (its paths and ports rewritten into a temporary directory), then runs
wrk at --connections for --seconds against each of:

- a static file from gunicorn (whitenoise) and from nginx, the site's stylesheet and one
  as large as each page: the references;
- the busiest pages (event, driver, make, circuit, race, records) from gunicorn, served
  from the page cache after the first request, and through nginx's cache, asked plain
  and asked gzipped (as browsers ask; nginx compresses each answer as it sends it);
- rotating pages nobody has asked for yet (a different driver for every request, in
  the order they were added), from gunicorn: what every request costs when no cache helps.

and prints requests per second, each page's with the ratio to the static file of its size
from the same server, measured in the same run: with --rounds, page and static file are
run in turn that many times, and the ratio is the median of the pairs'.
Needs wrk and nginx (Debian's packages) and Redis at REDIS_URL (database 14 by default,
emptied first). Nothing is written to the archive.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ra_bench .venv/bin/python scripts/bench_http.py
"""

# ruff: noqa: E402 (Django must be set up before the project's modules are imported)

import argparse
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "racearchive.settings")
os.environ.setdefault("DJANGO_ENV_FILE", "")
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))

import django

django.setup()

from drivers.models import Driver

sys.path.insert(0, str(BASE_DIR / "scripts"))
import nginx_site  # noqa: I001 -- beside this script
from bench_pages import PAGES, Subjects  # the pages bench_pages times, by the same names

SHOWN = (
    "event: most results",
    "driver: most starts",
    "manufacturer: most results",
    "circuit:",
    "race history:",
    "records: overall wins by make at the busiest race",
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")  # emptied first


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def wrk(url: str, *, connections: int, seconds: int, script: Path | None = None, gzipped: bool = False) -> float:
    """Requests per second wrk reached, with every response checked for errors; `gzipped`:
    asking for compressed answers, as a browser does."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if gzipped:
        command += ["-H", "Accept-Encoding: gzip"]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    if re.search(r"Non-2xx or 3xx responses: \d+", out):
        raise RuntimeError(f"{url} answered errors:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


# COMPRESSED: a kept page from nginx asked for gzipped, against a static file of its size
# asked the same way (nginx compresses both as it sends them); shown, not a target's.
STATIC, KEPT, UNCACHED, COMPRESSED = "static file", "kept page", "uncached pages", "kept page, gzipped"


@dataclass(frozen=True)
class Rate:
    what: str
    server: str  # gunicorn or nginx
    requests_per_second: float
    ratio: float  # to the static file it is compared with: the median of the pairs'
    kind: str  # STATIC, KEPT (a page from gunicorn's page cache or nginx's) or UNCACHED
    pairs: tuple[float, ...] = ()  # each pair's ratio, page and static file run one after the other


def measure_throughput(
    *,
    seconds: int = 10,
    rounds: int = 1,
    connections: int = 32,
    workers: int = 3,
    port: int = 8631,
    redis: str = REDIS_URL,
) -> list[Rate]:
    """Serve the archive with gunicorn and nginx, and measure each page and its static reference with wrk,
    `rounds` times in alternation: on a shared machine one pair can fall in a busy second."""
    if shutil.which("wrk") is None or nginx_site.nginx_binary() is None:
        raise RuntimeError("wrk and nginx are needed (apt-get install -y wrk nginx-light)")
    # Production settings in the servers (the read cache in Redis), whichever the caller runs under.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "racearchive.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REDIS_URL": redis,
    }
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    subprocess.run(collect, cwd=BASE_DIR, env=env, check=True)
    manifest = json.loads((BASE_DIR / "staticfiles" / "staticfiles.json").read_text())["paths"]
    static = "/static/" + next(hashed for name, hashed in manifest.items() if name.endswith(".css"))
    static_size = (BASE_DIR / "staticfiles" / static.removeprefix("/static/")).stat().st_size
    subjects = Subjects()
    pages = [(page.name, page.url(subjects)) for page in PAGES if page.name.startswith(SHOWN)]
    rotating = [f"/drivers/{slug}/" for slug in Driver.objects.order_by("pk").values_list("slug", flat=True)[:5000]]

    subprocess.run(["redis-cli", "-u", redis, "flushdb"], check=True, capture_output=True)
    gunicorn_url, nginx_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}"

    def start_gunicorn() -> subprocess.Popen:
        command = [str(BASE_DIR / ".venv/bin/gunicorn"), "racearchive.wsgi", f"--bind=127.0.0.1:{port}"]
        server = subprocess.Popen([*command, f"--workers={workers}", "--log-level=warning"], cwd=BASE_DIR, env=env)
        wait_for(gunicorn_url + static)
        return server

    # A static file as large as each page, since a response's cost grows with its size:
    # its pages are rendered (and kept) first, and gunicorn restarted to find the files.
    sized = BASE_DIR / "staticfiles" / "bench-sized"
    sized.mkdir(exist_ok=True)
    gunicorn = start_gunicorn()
    sizes = {}
    for name, path in pages:
        # The page's own bytes: as large, and as costly to compress when asked gzipped.
        page = urllib.request.urlopen(gunicorn_url + path, timeout=120).read()
        sizes[name] = size = len(page)
        (sized / f"{size}.html").write_bytes(page)
    gunicorn.terminate()
    gunicorn.wait(timeout=30)
    gunicorn = start_gunicorn()
    nginx, work = nginx_site.start(port=port + 1, upstream=port, static_root=BASE_DIR / "staticfiles")
    try:
        wait_for(nginx_url + static)
        rates = []
        run = {"connections": connections, "seconds": seconds}
        reference = wrk(gunicorn_url + static, **run)
        rates.append(Rate(f"static file, {static_size} B", "gunicorn", reference, 1.0, STATIC))
        rates.append(Rate(f"static file, {static_size} B", "nginx", wrk(nginx_url + static, **run), 1.0, STATIC))
        for name, path in pages:
            size = sizes[name]
            for server, url, kept, gzipped in (
                ("gunicorn", gunicorn_url, "page cache", False),
                ("nginx", nginx_url, "nginx cache", False),
                ("nginx", nginx_url, "nginx cache, gzipped", True),
            ):
                pairs = [
                    (
                        wrk(f"{url}/static/bench-sized/{size}.html", **run, gzipped=gzipped),
                        wrk(url + path, **run, gzipped=gzipped),
                    )
                    for _ in range(rounds)
                ]
                static_rate = statistics.median(static for static, _ in pairs)
                static_what = f"static file, {size} B" + (", gzipped" if gzipped else "")
                rates.append(Rate(static_what, server, static_rate, 1.0, STATIC))
                ratios = tuple(page / static for static, page in pairs)
                rate = statistics.median(page for _, page in pairs)
                what = f"{name}, {size} B ({kept})"
                rates.append(
                    Rate(what, server, rate, statistics.median(ratios), COMPRESSED if gzipped else KEPT, ratios)
                )
        script = work / "rotate.lua"
        script.write_text(  # each of wrk's threads walks its own half of the list
            "paths = {" + ",".join(json.dumps(path) for path in rotating) + "}\n"
            "local threads = 0\n"
            "function setup(thread) thread:set('offset', threads * math.floor(#paths / 2)); threads = threads + 1 end\n"
            "function init(args) i = offset end\n"
            "function request() i = i + 1; return wrk.format('GET', paths[(i - 1) % #paths + 1]) end\n"
        )
        rate = wrk(gunicorn_url + "/", **run, script=script)
        what = f"rotating driver pages, none kept ({len(rotating)} drivers)"
        rates.append(Rate(what, "gunicorn", rate, rate / reference, UNCACHED))
    finally:
        gunicorn.terminate()
        nginx_site.stop(nginx, work)
        gunicorn.wait(timeout=30)
        shutil.rmtree(sized, ignore_errors=True)
    return rates


def table(rates: list[Rate]) -> str:
    width = max(len(rate.what) for rate in rates)
    pairs = {r: ", ".join(f"{ratio:.2f}" for ratio in r.pairs) for r in rates}
    pairs_width = max(len("each pair"), *(len(text) for text in pairs.values()))
    lines = [
        f"| {'what':<{width}} | server   | requests/s | ratio | {'each pair':<{pairs_width}} |",
        f"| {'-' * width} | -------- | ---------- | ----- | {'-' * pairs_width} |",
    ]
    lines += [
        f"| {r.what:<{width}} | {r.server:<8} | {r.requests_per_second:>10.0f} | {r.ratio:>5.2f} "
        f"| {pairs[r]:<{pairs_width}} |"
        for r in rates
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run (default 10)")
    parser.add_argument("--rounds", type=int, default=1, help="pairs of page and static file, in turn (default 1)")
    parser.add_argument("--connections", type=int, default=32, help="wrk's connections (default 32)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument("--port", type=int, default=8631, help="gunicorn's port; nginx takes the next one")
    parser.add_argument("--redis", default=REDIS_URL)
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None or nginx_site.nginx_binary() is None:
        parser.error("wrk and nginx are needed (apt-get install -y wrk nginx-light)")
    rates = measure_throughput(
        seconds=args.seconds,
        rounds=args.rounds,
        connections=args.connections,
        workers=args.workers,
        port=args.port,
        redis=args.redis,
    )
    print(
        f"{args.connections} connections, {args.seconds} s each, {args.rounds} rounds, "
        f"{args.workers} gunicorn workers, "
        f"load average {os.getloadavg()[0]:.1f}; a page's ratio is against a static file of its size "
        "from the same server, the rotating pages' against the small one."
    )
    print(table(rates))
    return 0


if __name__ == "__main__":
    sys.exit(main())
