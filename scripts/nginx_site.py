"""deploy/nginx.conf run by an unprivileged nginx of its own: for bench_http.py and the tests.

The shipped file is a site for /etc/nginx; here its paths and ports are rewritten into a
directory of the caller's, inside a minimal main configuration, so it runs beside
anything else on the machine and leaves nothing behind.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SITE = BASE_DIR / "deploy" / "nginx.conf"


def nginx_binary() -> str | None:
    """Debian's nginx (in /usr/sbin, which a non-root PATH may lack), or None."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


# What the tests read in the access log: how nginx answered and what the site answered it.
LOG_FORMAT = "$request_method $request_uri $upstream_cache_status $status upstream=$upstream_status"


def write_config(directory: Path, *, port: int, upstream: int, static_root: Path, log: bool) -> Path:
    """The main configuration file for an nginx on `port` in front of a site on `upstream`.

    With `log`, every request (a background update too) is written to access.log in `directory`.
    """
    site = SITE.read_text()
    site = site.replace("/var/cache/nginx/racearchive", str(directory / "cache"))
    site = site.replace("/srv/racearchive/staticfiles/", f"{static_root}/")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("127.0.0.1:8000", f"127.0.0.1:{upstream}")
    (directory / "site.conf").write_text(site)
    access_log = (
        f"log_format racearchive '{LOG_FORMAT}'; access_log {directory}/access.log racearchive; log_subrequest on;"
        if log
        else "access_log off;"
    )
    main = directory / "nginx.conf"
    main.write_text(
        f"daemon off; worker_processes auto; pid {directory}/nginx.pid; error_log {directory}/error.log;\n"
        "events { worker_connections 1024; }\n"
        f"http {{ include /etc/nginx/mime.types; client_body_temp_path {directory}/body; {access_log}\n"
        f"  proxy_temp_path {directory}/proxy; include {directory}/site.conf; }}\n"
    )
    return main


def start(*, port: int, upstream: int, static_root: Path, log: bool = False) -> tuple[subprocess.Popen, Path]:
    """nginx running with the shipped site (stop it with `stop`), and its directory."""
    directory = Path(tempfile.mkdtemp(prefix="racearchive-nginx-"))
    directory.chmod(0o755)  # run as root, nginx's workers are another user: they write its cache here
    config = write_config(directory, port=port, upstream=upstream, static_root=static_root, log=log)
    command = [nginx_binary(), "-e", str(directory / "error.log"), "-p", str(directory), "-c", str(config)]
    return subprocess.Popen(command), directory


def stop(process: subprocess.Popen, directory: Path) -> None:
    process.terminate()
    process.wait(timeout=30)
    shutil.rmtree(directory, ignore_errors=True)
