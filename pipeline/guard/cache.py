"""Results cache: an unchanged file is not scanned again.

Keyed by the file's text, its path, the term lists' and guard.yml's fingerprint
and the guard's version, so editing a list or upgrading the guard rescans all.
Entries are written to a temporary file and renamed, so a killed run never
leaves half an entry; a cache that cannot be written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from pipeline.core.findings import Finding
from pipeline.guard.normalize import GUARD_VERSION

CACHE_DIR = Path(".cache") / "pipeline" / "guard"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The guard's own code is part of every key: an upgrade never serves stale results."""
    digest = hashlib.sha256(GUARD_VERSION.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


class ResultCache:
    def __init__(self, root: Path, fingerprint: str) -> None:
        self.folder = root / CACHE_DIR
        self.fingerprint = fingerprint
        self.hits = 0

    def key(self, rel_path: str, text: str) -> str:
        digest = hashlib.sha256()
        for part in (code_fingerprint(), self.fingerprint, rel_path, text):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        return digest.hexdigest()

    def prune(self, keep: set[str]) -> None:
        """Drop entries of files that changed or went away (every run scans the whole site)."""
        for entry in self.folder.glob("*.json"):
            if entry.stem not in keep and not entry.name.startswith(".tmp-"):
                entry.unlink(missing_ok=True)

    def get(self, key: str) -> list[Finding] | None:
        try:
            data = json.loads((self.folder / f"{key}.json").read_text("utf-8"))
            findings = [Finding.from_record(entry) for entry in data]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        self.hits += 1
        return findings

    def put(self, key: str, findings: list[Finding]) -> None:
        payload = json.dumps([f.to_record() for f in findings], ensure_ascii=False)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
            os.replace(temp, self.folder / f"{key}.json")
        except OSError:
            pass
