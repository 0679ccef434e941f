"""The pinned npm packages of the web editor, fetched once and checked, never committed.

``locks/npm-editor.json`` pins Decap CMS: its tarball's address and sha512 integrity (as npm
reports them) and the sha256 of the one file used, ``dist/decap-cms.js``. The tarball is
downloaded with the standard library (no Node needed), checked against the integrity, and
that file extracted into ``.cache/npm/`` of the pipeline's own checkout, keyed by the
integrity; a build copies it to ``site/admin/``. ``locks/decap-server/`` is the local
proxy's package.json and package-lock.json, installed with ``npm ci`` (Node 20+) for
`pipeline edit` and the browser tests.

``python -m pipeline.editor.vendor`` (run by dev.py) fetches what is missing.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.i18n import ui

TOOL_ROOT = Path(__file__).resolve().parents[2]  # the pipeline's checkout
EDITOR_LOCK = TOOL_ROOT / "locks" / "npm-editor.json"
SERVER_LOCK_DIR = TOOL_ROOT / "locks" / "decap-server"
CACHE_DIR = TOOL_ROOT / ".cache" / "npm"
SCRIPT_NAME = "decap-cms.js"
MAX_TARBALL_BYTES = 64 * 1024 * 1024
MIN_NODE_MAJOR = 20


class VendorError(Exception):
    """Fetching or checking a pinned package failed; ``key`` is a UI text."""

    def __init__(self, key: str, **params) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class EditorLock:
    package: str
    version: str
    tarball: str
    integrity: str  # "sha512-<base64>" of the tarball
    file: str  # the file of the tarball served as the editor
    file_sha256: str

    @property
    def cache_key(self) -> str:
        return hashlib.sha256(self.integrity.encode()).hexdigest()[:16]


def read_lock(path: Path = EDITOR_LOCK) -> EditorLock:
    data = json.loads(path.read_text(encoding="utf-8"))
    return EditorLock(
        package=data["package"],
        version=data["version"],
        tarball=data["tarball"],
        integrity=data["integrity"],
        file=data["file"],
        file_sha256=data["file_sha256"],
    )


def script_path(lock: EditorLock, cache_dir: Path = CACHE_DIR) -> Path:
    """Where the pinned editor script is kept once fetched."""
    return cache_dir / f"{lock.package}-{lock.version}-{lock.cache_key}" / SCRIPT_NAME


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def installed_script(lock: EditorLock, cache_dir: Path = CACHE_DIR) -> Path | None:
    """The fetched editor script, or None when it is missing or not the pinned file."""
    path = script_path(lock, cache_dir)
    if path.is_file() and sha256_file(path) == lock.file_sha256:
        return path
    return None


def check_integrity(data: bytes, integrity: str) -> bool:
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        return False
    return base64.b64encode(hashlib.sha512(data).digest()).decode() == expected


def extract_script(data: bytes, lock: EditorLock) -> bytes:
    """The pinned file out of the checked tarball, itself checked."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        member = archive.getmember(lock.file)
        handle = archive.extractfile(member) if member.isfile() else None
        content = handle.read() if handle is not None else b""
    if hashlib.sha256(content).hexdigest() != lock.file_sha256:
        raise VendorError("editor.vendor-bad-file", file=lock.file)
    return content


def fetch_editor(lock: EditorLock, cache_dir: Path = CACHE_DIR, opener=urllib.request.urlopen):
    """The editor script, downloaded and checked when it is not in the cache yet."""
    present = installed_script(lock, cache_dir)
    if present is not None:
        return present
    try:
        with opener(lock.tarball, timeout=120) as response:
            data = response.read(MAX_TARBALL_BYTES + 1)
    except OSError as exc:
        raise VendorError("editor.vendor-download", url=lock.tarball, reason=str(exc)) from None
    if len(data) > MAX_TARBALL_BYTES or not check_integrity(data, lock.integrity):
        raise VendorError("editor.vendor-integrity", url=lock.tarball)
    try:
        content = extract_script(data, lock)
    except (tarfile.TarError, KeyError, OSError):
        raise VendorError("editor.vendor-bad-file", file=lock.file) from None
    target = script_path(lock, cache_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.write_bytes(content)
    partial.replace(target)
    return target


def node_major(node: str | None) -> int | None:
    """The major version of the node at ``node``, or None when it cannot run."""
    if node is None:
        return None
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    text = out.stdout.strip().lstrip("v")
    head = text.split(".", 1)[0]
    return int(head) if out.returncode == 0 and head.isdigit() else None


def server_dir(cache_dir: Path = CACHE_DIR, lock_dir: Path = SERVER_LOCK_DIR) -> Path:
    """Where the local proxy's pinned packages are installed, keyed by its lock file."""
    digest = hashlib.sha256((lock_dir / "package-lock.json").read_bytes()).hexdigest()[:16]
    return cache_dir / f"decap-server-{digest}"


def server_entry(cache_dir: Path = CACHE_DIR, lock_dir: Path = SERVER_LOCK_DIR) -> Path:
    return server_dir(cache_dir, lock_dir) / "node_modules" / "decap-server" / "dist" / "index.js"


def install_server(cache_dir: Path = CACHE_DIR, lock_dir: Path = SERVER_LOCK_DIR) -> Path:
    """Decap's local proxy, installed with ``npm ci`` from its lock when missing; needs
    Node 20+ (and npm to install). Returns the script node runs."""
    major = node_major(shutil.which("node"))
    if major is None:
        raise VendorError("editor.no-node", minimum=MIN_NODE_MAJOR)
    if major < MIN_NODE_MAJOR:
        raise VendorError("editor.old-node", version=major, minimum=MIN_NODE_MAJOR)
    entry = server_entry(cache_dir, lock_dir)
    if entry.is_file():
        return entry
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError("editor.no-node", minimum=MIN_NODE_MAJOR)
    folder = server_dir(cache_dir, lock_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(lock_dir / name, folder / name)
    command = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--omit=dev"]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not entry.is_file():
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise VendorError("editor.npm-failed", reason="\n".join(tail))
    return entry


def main(argv: list[str]) -> int:
    """Fetch the editor (and, with ``--server``, the local proxy); print what was done."""
    try:
        path = fetch_editor(read_lock())
        print(path)
        if "--server" in argv:
            print(install_server())
    except VendorError as exc:
        print(ui(exc.key, "en", **exc.params), file=sys.stderr)  # dev.py speaks English
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
