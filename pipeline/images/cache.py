"""The image cache: outputs keyed by the source's content and the settings that shape them.

Each entry is a folder ``<key[:2]>/<key>/`` holding the encoded files and a
``manifest.json``; it is written in a temporary folder and renamed into place, so an
interrupted build never leaves a half-written entry. Problems (a corrupt file) are
cached too: a bad image is not decoded again until it changes. Digests of unchanged
files (same size and modification time) are remembered, so a warm run reads nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pipeline.images.probe import Facts
from pipeline.images.problem import Problem
from pipeline.images.process import Encoded, Output

CACHE_DIR = Path(".cache") / "pipeline" / "images"
# bump when the encoder changes what it writes: old entries are then simply not found
PROCESS_VERSION = "3"  # 2: 16-bit greyscale scaled, not clipped; 3: SVG animation of URLs refused
MANIFEST = "manifest.json"
INDEX = "digests.json"


def cache_root(project_root: Path) -> Path:
    return project_root / CACHE_DIR


def entry_key(digest: str, fingerprint: str) -> str:
    return hashlib.sha256(f"{digest}:{fingerprint}:{PROCESS_VERSION}".encode()).hexdigest()[:32]


class DigestIndex:
    """Content digests by path, trusted while size and modification time are unchanged."""

    def __init__(self, root: Path) -> None:
        self.path = root / INDEX
        self.known: dict[str, list] = {}
        self.changed = False
        try:
            self.known = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.known = {}

    def digest(self, source: Path) -> str:
        stat = source.stat()
        name = str(source.resolve())
        seen = self.known.get(name)
        if seen and seen[0] == stat.st_size and seen[1] == stat.st_mtime_ns:
            return seen[2]
        sha = hashlib.sha256()
        with source.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                sha.update(block)
        digest = sha.hexdigest()
        self.known[name] = [stat.st_size, stat.st_mtime_ns, digest]
        self.changed = True
        return digest

    def save(self) -> None:
        if self.changed:
            write_atomic(self.path, json.dumps(self.known).encode())
            self.changed = False


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def entry_dir(root: Path, key: str) -> Path:
    return root / key[:2] / key


def read_entry(root: Path, key: str) -> Encoded | Problem | None:
    try:
        data = json.loads((entry_dir(root, key) / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return from_manifest(data)


def new_entry_dir(root: Path, key: str) -> Path:
    """A private folder to write an entry into before it is published by ``publish_entry``."""
    temp = root / "tmp" / f"{key}-{uuid.uuid4().hex}"
    temp.mkdir(parents=True)
    return temp


def publish_entry(root: Path, key: str, temp: Path, result: Encoded | Problem) -> None:
    (temp / MANIFEST).write_text(json.dumps(to_manifest(result)), "utf-8")
    final = entry_dir(root, key)
    final.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(temp, final)
    except OSError:  # another build published the same entry first: identical content
        shutil.rmtree(temp, ignore_errors=True)


def to_manifest(result: Encoded | Problem) -> dict[str, Any]:
    if isinstance(result, Problem):
        return {"problem": {"rule": result.rule, "params": result.params}}
    return {"encoded": asdict(result)}


def from_manifest(data: dict[str, Any]) -> Encoded | Problem | None:
    if "problem" in data:
        return Problem(data["problem"]["rule"], data["problem"]["params"])
    body = data.get("encoded")
    if not isinstance(body, dict):
        return None
    outputs = tuple(Output(**o) for o in body.pop("outputs"))
    return Encoded(outputs=outputs, **body)


def facts_of(encoded: Encoded, size: int) -> Facts:
    return Facts(
        encoded.source_format, encoded.source_width, encoded.source_height, encoded.animated, size
    )
