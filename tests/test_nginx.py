"""deploy/nginx.conf in front of the site: visitors' pages kept, asked again with their
validators when they expire, editors and the admin never kept.

Runs Debian's nginx (package nginx-light) against the test's live server; skipped with
the reason where nginx is not installed.
"""

import gzip
import importlib.util
import shutil
import socket
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from racearchive import pagecache
from results.importers.dumps import export_dump
from tests.factories import DriverFactory

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "nginx_site.py"
spec = importlib.util.spec_from_file_location("nginx_site", SCRIPT)
nginx_site = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nginx_site)

pytestmark = [
    pytest.mark.skipif(nginx_site.nginx_binary() is None, reason="nginx is not installed (Debian package nginx-light)"),
    pytest.mark.django_db(transaction=True),
]


# nginx counts a page's age in whole seconds: a 1 s max-age has passed after 2.
EXPIRED = 2.2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def nginx(live_server, monkeypatch):
    """nginx in front of the live server (its URL and directory), the shared max-age 1 s."""
    monkeypatch.setattr(pagecache, "SHARED_MAX_AGE", 1)  # the live server runs in this process
    static = Path(tempfile.mkdtemp(prefix="racearchive-static-"))
    static.chmod(0o755)  # readable by nginx's workers, another user when run as root
    (static / "site.css").write_text("body { color: black }")
    (static / "site.css").chmod(0o644)
    # Beside it its compressed copy, as whitenoise's collectstatic writes one.
    (static / "site.css.gz").write_bytes(gzip.compress(b"body { color: black }"))
    (static / "site.css.gz").chmod(0o644)
    port = free_port()
    upstream = int(live_server.url.rsplit(":", 1)[1])
    process, directory = nginx_site.start(port=port, upstream=upstream, static_root=static, log=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/static/site.css", timeout=5).read()
            break
        except OSError:
            time.sleep(0.1)
    yield url, directory
    nginx_site.stop(process, directory)
    shutil.rmtree(static)


def get(url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    status, headers, body = get_bytes(url, **headers)
    return status, headers, body.decode()


def get_bytes(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={name.replace("_", "-"): value for name, value in headers.items()})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def site_answers(directory: Path, path: str) -> list[str]:
    """What the site answered nginx for `path`, in order, from nginx's access log."""
    lines = (directory / "access.log").read_text().splitlines()
    return [line.rsplit("upstream=", 1)[1] for line in lines if f" {path} " in line and "upstream=-" not in line]


def kept_again(url: str, seconds: float = 5) -> tuple[int, dict[str, str], str]:
    """The page once nginx has finished asking the site in the background and keeps it again."""
    deadline = time.monotonic() + seconds
    while True:
        answer = get(url)
        if answer[1]["X-Cache-Status"] == "HIT" or time.monotonic() > deadline:
            return answer
        time.sleep(0.1)


def test_a_visitors_page_is_kept_then_revalidated_and_refreshed_after_a_write(nginx):
    url, directory = nginx
    driver = DriverFactory(given_name="Pipo", family_name="Derani")
    path = driver.get_absolute_url()

    first, second = get(url + path), get(url + path)
    assert first[1]["X-Cache-Status"] == "MISS" and "Pipo Derani" in first[2]
    assert second[1]["X-Cache-Status"] == "HIT" and second[2] == first[2]

    # Expired: served once more while nginx asks the site with the page's validators,
    # which answers 304 Not Modified (nothing was rendered), and the page is kept again.
    time.sleep(EXPIRED)
    assert get(url + path)[1]["X-Cache-Status"] == "STALE"
    revalidated = kept_again(url + path)
    assert revalidated[1]["X-Cache-Status"] == "HIT" and revalidated[2] == first[2]
    assert site_answers(directory, path) == ["200", "304"]

    driver.given_name = "Luis Felipe"
    driver.save()
    time.sleep(EXPIRED)
    assert "Pipo Derani" in get(url + path)[2]  # at most the shared max-age late
    status, headers, body = kept_again(url + path)
    assert (status, headers["X-Cache-Status"]) == (200, "HIT")
    assert "Luis Felipe Derani" in body and "Pipo Derani" not in body
    assert site_answers(directory, path) == ["200", "304", "200"]


def test_a_signed_in_editor_and_the_admin_always_reach_the_site(nginx):
    nginx, directory = nginx
    driver = DriverFactory(given_name="Pipo", family_name="Derani")
    page = nginx + driver.get_absolute_url()
    get(page), get(page)

    editor = get(page, Cookie="sessionid=whatever")
    assert editor[1]["X-Cache-Status"] == "BYPASS"

    login = nginx + "/admin/login/"
    first, second = get(login), get(login)
    assert first[0] == second[0] == 200
    assert "X-Cache-Status" not in second[1]
    assert "no-cache" in second[1]["Cache-Control"] or "private" in second[1]["Cache-Control"]


def test_an_upload_far_larger_than_a_timing_file_is_refused_before_it_reaches_the_site(nginx):
    url, directory = nginx
    path = "/admin/results/session/1/import-timing/"
    request = urllib.request.Request(url + path, data=b"x" * (4 * 1024 * 1024), method="POST")
    request.add_header("Content-Type", "application/octet-stream")

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    refused.value.close()

    assert refused.value.code == 413
    assert site_answers(directory, path) == []


def test_static_files_come_from_nginx_marked_immutable(nginx):
    nginx, directory = nginx
    status, headers, body = get(nginx + "/static/site.css")

    assert (status, body) == (200, "body { color: black }")
    assert "immutable" in headers["Cache-Control"]


def test_a_program_calling_the_api_too_fast_is_refused_by_nginx_even_for_kept_answers(nginx, settings):
    settings.API_RATE_LIMIT = 10_000  # the site's own limit out of the way: this is nginx's
    url, _ = nginx
    answers = [get(url + "/api/v1/series/") for _ in range(200)]
    statuses = [status for status, _, _ in answers]

    assert statuses[0] == 200 and 429 in statuses
    status, headers, body = next(answer for answer in answers if answer[0] == 429)
    assert headers["Retry-After"] == "60" and "Too many requests" in body
    assert get(url + "/drivers/")[0] == 200  # the pages are not limited


def test_pages_and_static_files_are_sent_compressed_to_a_browser_that_asks(nginx):
    url, _ = nginx
    path = DriverFactory(given_name="Pipo", family_name="Derani").get_absolute_url()

    answers = [get_bytes(url + path, Accept_Encoding="gzip") for _ in range(2)]  # rendered, then kept
    assert [headers["X-Cache-Status"] for _, headers, _ in answers] == ["MISS", "HIT"]
    plain = get_bytes(url + path)
    assert "Content-Encoding" not in plain[1]  # a client that does not ask: as the site sent it
    for status, headers, body in answers:
        assert (status, headers.get("Content-Encoding")) == (200, "gzip")
        assert "Accept-Encoding" in headers["Vary"]
        assert gzip.decompress(body) == plain[2] and len(body) < len(plain[2]) / 2

    # Compressed, the page's validator is a weak one, and a browser revalidating with it
    # is still answered 304.
    etag = answers[1][1]["ETag"]
    assert etag.startswith("W/")
    assert get_bytes(url + path, Accept_Encoding="gzip", If_None_Match=etag)[0] == 304

    status, headers, body = get_bytes(url + "/static/site.css", Accept_Encoding="gzip")
    assert headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == b"body { color: black }"


def test_a_dump_file_is_sent_as_it_is_with_its_length(nginx, settings, tmp_path):
    url, _ = nginx
    DriverFactory.create_batch(100)  # a file longer than nginx would leave uncompressed anyway
    settings.DUMPS_DIR = tmp_path
    export_dump(tmp_path)
    name = "csv/drivers_driver.csv"

    status, headers, body = get_bytes(f"{url}/downloads/{name}", Accept_Encoding="gzip")

    assert status == 200 and "Content-Encoding" not in headers
    assert int(headers["Content-Length"]) == len(body) == (tmp_path / name).stat().st_size
