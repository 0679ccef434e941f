"""BagIt (RFC 8493) bundles, written deterministically as .tar.gz, and their verification.

Hand-written rather than the `bagit` package, whose bags carry the wall-clock time.
The same payload gives the same bytes: entries sorted, every time taken from the commit,
no owners, gzip without a timestamp or file name.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
MANIFEST = "manifest-sha256.txt"
TAG_MANIFEST = "tagmanifest-sha256.txt"
BAG_INFO = "bag-info.txt"


def _encode_path(path: str) -> str:
    # RFC 8493 2.1.3: only these characters are percent-encoded in manifests
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _decode_path(text: str) -> str:
    return (
        text.replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%25", "%")
    )


def _manifest(files: dict[str, bytes]) -> bytes:
    lines = (f"{hashlib.sha256(files[p]).hexdigest()}  {_encode_path(p)}\n" for p in sorted(files))
    return "".join(lines).encode("utf-8")


def make_bag(payload: dict[str, bytes], info: list[tuple[str, str]]) -> dict[str, bytes]:
    """Every file of the bag, by path inside it. ``payload`` paths are relative to data/."""
    data = {f"data/{path}": content for path, content in payload.items()}
    octets = sum(len(c) for c in payload.values())
    info = [*info, ("Payload-Oxum", f"{octets}.{len(payload)}")]
    tags = {
        "bagit.txt": BAGIT_TXT,
        BAG_INFO: "".join(f"{label}: {value}\n" for label, value in info).encode("utf-8"),
        MANIFEST: _manifest(data),
    }
    tags[TAG_MANIFEST] = _manifest(tags)
    return {**data, **tags}


def write_tar_gz(files: dict[str, bytes], top: str, mtime: int, destination: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(files):
            info = tarfile.TarInfo(f"{top}/{path}")
            info.size = len(files[path])
            info.mtime = mtime
            info.mode = 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(files[path]))
    partial = destination.with_name(destination.name + ".partial")
    with (
        partial.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(buffer.getvalue())
    partial.replace(destination)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- verification ------------------------------------------------------------------------


@dataclass
class Verification:
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[tuple[str, dict]] = field(default_factory=list)  # (rule, params)
    info: dict[str, str] = field(default_factory=dict)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not (self.changed or self.added or self.removed or self.problems)


class NotABundle(Exception):
    pass


def read_bundle(path: Path) -> dict[str, bytes]:
    """Files of a bundle (.tar.gz, or a folder it was unpacked into), by path inside the bag."""
    if path.is_dir():
        files = {p.relative_to(path).as_posix(): p.read_bytes() for p in _walk(path)}
        return _strip_top(files, found_top=(path / "bagit.txt").is_file())
    try:
        with tarfile.open(path, mode="r:*") as tar:
            files = {}
            for member in tar.getmembers():
                if member.isfile():
                    files[member.name] = tar.extractfile(member).read()
                elif not member.isdir():
                    # a link or device unpacks as a file too: it must show as added or changed
                    files[member.name] = f"<{member.type!r} {member.linkname}>".encode()
    except tarfile.ReadError:
        raise NotABundle("not a .tar.gz file") from None
    except (tarfile.TarError, OSError, EOFError) as exc:  # cut short, or unreadable
        raise NotABundle(f"{type(exc).__name__}: {exc}") from None
    return _strip_top(files, found_top=False)


def _walk(folder: Path) -> Iterator[Path]:
    return (p for p in sorted(folder.rglob("*")) if p.is_file())


def _strip_top(files: dict[str, bytes], found_top: bool) -> dict[str, bytes]:
    if found_top:
        return files
    tops = {name.split("/", 1)[0] for name in files}
    if len(tops) == 1 and all("/" in name for name in files):
        top = tops.pop()
        return {name[len(top) + 1 :]: content for name, content in files.items()}
    return files


def _parse_manifest(text: str, name: str, result: Verification) -> dict[str, str]:
    entries = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        digest, _, path = line.partition(" ")
        path = path.lstrip(" *")
        if len(digest) != 64 or not path:
            result.problems.append(("records/verify-bad-manifest", {"file": name, "line": number}))
            continue
        entries[_decode_path(path)] = digest.lower()
    return entries


def verify_files(files: dict[str, bytes]) -> Verification:
    result = Verification(files=len(files))
    if files.get("bagit.txt") is None:
        result.problems.append(("records/verify-not-a-bag", {}))
        return result
    for name in (MANIFEST, TAG_MANIFEST):
        if name not in files:
            result.removed.append(name)
    manifest = _parse_manifest(
        files.get(MANIFEST, b"").decode("utf-8", "replace"), MANIFEST, result
    )
    tag_text = files.get(TAG_MANIFEST, b"").decode("utf-8", "replace")
    tag_manifest = _parse_manifest(tag_text, TAG_MANIFEST, result)
    for listed in (manifest, tag_manifest):
        for path, digest in listed.items():
            if path not in files:
                result.removed.append(path)
            elif hashlib.sha256(files[path]).hexdigest() != digest:
                result.changed.append(path)
    known = set(manifest) | set(tag_manifest) | {TAG_MANIFEST, MANIFEST, "bagit.txt"}
    # RFC 8493 allows unlisted tag files, but an archive must show anything put into it
    result.added = sorted(p for p in files if p not in known)
    for line in files.get(BAG_INFO, b"").decode("utf-8", "replace").splitlines():
        label, sep, value = line.partition(":")
        if sep:
            result.info[label.strip()] = value.strip()
    oxum = result.info.get("Payload-Oxum")
    payload = [c for p, c in files.items() if p.startswith("data/")]
    actual = f"{sum(len(c) for c in payload)}.{len(payload)}"
    if oxum and oxum != actual:
        result.problems.append(("records/verify-oxum", {"expected": oxum, "actual": actual}))
    result.changed.sort()
    result.removed.sort()
    return result


def verify_bundle(path: Path) -> Verification:
    return verify_files(read_bundle(path))
