"""`manage.py check --deploy` passes under production settings, as CI checks it.

Run in a fresh interpreter with a clean environment, the way a server starts.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def check_deploy(**environ: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_ENV_FILE": "",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "archive.example.org",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://archive.example.org",
        **environ,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_check_without_warnings():
    process = check_deploy()

    assert process.returncode == 0, process.stdout + process.stderr
    assert "System check identified no issues" in process.stdout


def test_the_deployment_check_catches_debug_left_on():
    process = check_deploy(DJANGO_DEBUG="1")

    assert process.returncode != 0
    assert "security.W018" in process.stderr


def test_the_deployment_check_catches_plain_http():
    process = check_deploy(DJANGO_SECURE_SSL="0")

    assert process.returncode != 0
    assert "security.W008" in process.stderr


def test_the_archive_checks_clean_against_its_database_with_no_warning():
    # `runserver` and `migrate` check the models against the database, which `check` alone does not.
    process = subprocess.run(
        [sys.executable, "manage.py", "check", "--database", "default", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_DEBUG": "1", "DJANGO_ENV_FILE": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert process.returncode == 0, process.stdout + process.stderr
    assert "no issues" in process.stdout
