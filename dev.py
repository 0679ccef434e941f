#!/usr/bin/env python3
"""Set up and run the project on a fresh machine that has only Python 3.11+ and git.

    python3 dev.py site    # create .venv from requirements.lock, build the sample site
    python3 dev.py test    # create .venv from requirements.lock, run the whole test suite

The environment is (re)installed only when requirements.lock or pyproject.toml
changed since the last run. Extra arguments after `test` go to pytest.

    python dev.py check [PATHS]   # `pipeline check` from .venv, on any system: the editors'
                                  # pre-commit hook runs this (.pre-commit-config.yaml)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".installed-from"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's, used by the browser tests


def venv_bin(name: str) -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return VENV / folder / f"{name}{suffix}"


def run(*args: str | Path, **kwargs) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    result = subprocess.run([str(a) for a in args], cwd=ROOT, check=False, **kwargs)
    if result.returncode != 0:
        sys.exit(result.returncode)


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def ensure_environment() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be started by an older python3
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    python = venv_bin("python")
    wanted = fingerprint()
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return python
    if VENV.exists() and not python.exists():
        shutil.rmtree(VENV)
    if not python.exists():
        print(f"Creating {VENV.relative_to(ROOT)} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    # -qq keeps pip's errors but not the notices a machine's own pip set-up may print
    pip = [python, "-m", "pip", "--disable-pip-version-check", "-qq"]
    print(f"Installing the pinned dependencies from {LOCK.name} ...", flush=True)
    run(*pip, "install", "--require-hashes", "--no-deps", "-r", LOCK)
    run(*pip, "install", "--no-deps", "--no-build-isolation", "--no-index", "-e", ".")
    STAMP.write_text(wanted)
    return python


def fetch_editor(python: Path, *extra: str) -> None:
    """The web editor's pinned npm packages (locks/npm-editor.json, locks/decap-server/),
    downloaded once into .cache/npm/ and checked; a failure is reported, not fatal."""
    command = [str(python), "-m", "pipeline.editor.vendor", *extra]
    if subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=False).returncode:
        print("The web editor (/admin/) could not be fetched; builds leave it out.", flush=True)


def build_site() -> None:
    python = ensure_environment()
    fetch_editor(python)
    run(python, "-m", "pipeline", "build")
    site = ROOT / "site"
    print(
        f"\nThe sample site is in {site}\n"
        f"Preview it with live reload:  {venv_bin('pipeline')} serve   (http://127.0.0.1:8000/)\n"
        f"or open it as static files:   {python} -m http.server -d site 8000"
    )


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def ensure_chromium() -> None:
    """Under CI, install Debian's chromium for the browser tests (tests/test_browser.py),
    which must run there rather than skip. Playwright's own browser download is never used."""
    if not in_ci() or (CHROMIUM.exists() and shutil.which("npm")):
        return
    if shutil.which("apt-get") is None:
        print(f"{CHROMIUM} is missing and there is no apt-get: the browser tests will fail.")
        return
    as_root: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        if shutil.which("sudo") is None:
            print(f"{CHROMIUM} is missing; installing it needs root or sudo.")
            return
        as_root = ["sudo", "-n"]  # -n: fail at once rather than wait for a password in CI
    print(f"CI: installing Debian's chromium for the browser tests ({CHROMIUM} is missing)")
    apt = [*as_root, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]
    # node and npm: the web editor's local proxy in tests/test_editor_browser.py
    packages = ["chromium"] + ([] if shutil.which("npm") else ["nodejs", "npm"])
    for args in (["update"], ["install", "-y", "--no-install-recommends", *packages]):
        command = [*apt, *args]
        print("+", " ".join(command), flush=True)
        if subprocess.run(command, check=False).returncode != 0:
            print("Installing chromium failed: the browser tests will fail.", flush=True)
            return


def run_tests(extra: list[str]) -> None:
    python = ensure_environment()
    ensure_chromium()
    fetch_editor(python, *(["--server"] if shutil.which("npm") else []))
    workers = ["-n", os.environ.get("PYTEST_WORKERS", "auto")]
    run(python, "-m", "pytest", *workers, *extra)


def check_content(paths: list[str]) -> None:
    ensure_environment()
    result = subprocess.run([str(venv_bin("pipeline")), "check", *paths], cwd=ROOT, check=False)
    sys.exit(result.returncode)


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in ("site", "test", "check"):
        sys.exit(__doc__)
    if argv[0] == "site":
        build_site()
    elif argv[0] == "check":
        check_content(argv[1:])
    else:
        run_tests(argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
