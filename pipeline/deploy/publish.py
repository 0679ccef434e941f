"""A deploy and a rollback, step by step, on the bucket.

State lives in the bucket under ``<prefix>/.deploy/``: ``manifests/<ID>.json`` (the last
``keep`` deploys), ``current.json`` (which of them is live), ``pending.json`` (what an
unfinished deploy was uploading, and the manifests it may have written) and
``objects/<sha256>`` (the bytes of every object a deploy replaced or removed, copied
server-side before it did, so a rollback restores them byte for byte).

A deploy: check the bucket; read the live manifest; compare the built site with it; record
what it is about to do (pending.json) while it keeps the versions it is about to replace;
upload in the safe order of ``pipeline.deploy.plan`` while its manifest is written (a
manifest named in pending.json is not a deploy until current.json names it); make it
live; only then delete what left the site, and prune old manifests and kept versions. A
deploy killed at any point leaves the previous manifest live and every object it lists
present; the next run finishes the work and deletes the manifest the killed one wrote.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.content.project import Project
from pipeline.deploy.errors import DeployError
from pipeline.deploy.oidc import with_oidc
from pipeline.deploy.plan import Entry, Plan, make_plan
from pipeline.deploy.settings import DeploySettings
from pipeline.deploy.store import Bucket, parse_target
from pipeline.deploy.uploads import Progress, parallel, upload_files

MANIFESTS, OBJECTS = "manifests", "objects"
CURRENT, PENDING, HISTORY = "current.json", "pending.json", "history.json"
FORMAT = 1


@dataclass
class Manifest:
    id: str
    created: str
    files: dict[str, Entry]
    previous: str | None = None
    kind: str = "deploy"  # or "rollback"
    rolled_back_to: str | None = None

    def as_json(self) -> dict:
        return {
            "format": FORMAT,
            "id": self.id,
            "created": self.created,
            "previous": self.previous,
            "kind": self.kind,
            "rolled_back_to": self.rolled_back_to,
            "files": {path: entry.as_json() for path, entry in sorted(self.files.items())},
        }

    @classmethod
    def from_json(cls, data: dict, key: str) -> Manifest:
        try:
            files = {str(p): Entry.from_json(e) for p, e in data["files"].items()}
            return cls(
                str(data["id"]),
                str(data["created"]),
                files,
                data.get("previous"),
                str(data.get("kind", "deploy")),
                data.get("rolled_back_to"),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise DeployError("deploy/bad-state", key=key) from None


@dataclass
class Outcome:
    plan: Plan
    id: str | None  # the new live deploy (None: nothing changed, or a dry run)
    previous: str | None  # the deploy that was live before
    dry_run: bool = False
    uploaded: int = 0
    copied: int = 0  # restored server-side (rollback)
    deleted: int = 0
    seconds: float = 0.0
    pruned: list[str] = field(default_factory=list)

    @property
    def nothing_changed(self) -> bool:
        return not self.plan.changed


def new_id(files: dict[str, Entry], now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    moment = now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond // 1000:03d}Z"
    digest = hashlib.sha256(
        json.dumps({p: e.sha256 for p, e in sorted(files.items())}).encode()
    ).hexdigest()
    return f"{moment}-{digest[:8]}"


def read_manifest(bucket: Bucket, deploy_id: str) -> Manifest | None:
    name = f"{MANIFESTS}/{deploy_id}.json"
    data = bucket.read_json(name)
    return None if data is None else Manifest.from_json(data, bucket.target.state_key(name))


def live_manifest(bucket: Bucket) -> Manifest | None:
    pointer = bucket.read_json(CURRENT)
    if pointer is None:
        return None
    deploy_id = pointer.get("id") if isinstance(pointer, dict) else None
    manifest = read_manifest(bucket, str(deploy_id)) if deploy_id else None
    if manifest is None:
        raise DeployError("deploy/bad-state", key=bucket.target.state_key(CURRENT))
    return manifest


def live_id(bucket: Bucket) -> str | None:
    manifest = live_manifest(bucket)
    return manifest.id if manifest else None


def deploy_ids(bucket: Bucket) -> list[str]:
    """Every kept deploy, oldest first (not the manifest an unfinished deploy wrote)."""
    listed, pointer, pending = together(
        lambda: bucket.list_state(MANIFESTS),
        lambda: bucket.read_json(CURRENT),
        lambda: bucket.read_json(PENDING),
    )
    live = pointer.get("id") if isinstance(pointer, dict) else None
    return _finished(listed, _unfinished(pending, live))


def _finished(listed: list[str], unfinished: set[str]) -> list[str]:
    ids = (name.removesuffix(".json") for name in listed if name.endswith(".json"))
    return sorted(i for i in ids if i not in unfinished)


def _unfinished(pending: Any, live: str | None) -> set[str]:
    """The manifests an unfinished deploy may have written, as pending.json names them
    (the live one is finished: only its clean-up was left)."""
    ids = pending.get("ids") if isinstance(pending, dict) else None
    return {str(i) for i in ids} - {live} if isinstance(ids, list) else set()


def live_at(bucket: Bucket, moment: datetime) -> str | None:
    """The deploy that was live at ``moment`` (aware), from the bucket's history."""
    history = bucket.read_json(HISTORY)
    live = None
    for entry in history if isinstance(history, list) else []:
        try:
            created = datetime.fromisoformat(str(entry["created"]))
        except (KeyError, TypeError, ValueError):
            continue
        if created <= moment:
            live = str(entry.get("id"))
    return live


def _pending_paths(data: Any) -> set[str]:
    paths = data.get("paths") if isinstance(data, dict) else None
    return {str(p) for p in paths} if isinstance(paths, list) else set()


def together(*calls: Callable[[], Any]) -> list[Any]:
    """Independent requests at once (each waits on the network, not the CPU): their
    results in order; the first failure in that order is raised."""
    if not calls:
        return []
    with ThreadPoolExecutor(max_workers=min(len(calls), 16)) as pool:
        futures = [pool.submit(call) for call in calls]
        wait(futures)
    return [future.result() for future in futures]


@dataclass
class BucketState:
    """What the bucket's deploy state said when a deploy or rollback began."""

    live: Manifest | None
    pending: set[str]  # paths an unfinished deploy was uploading
    kept: set[str]  # objects/<sha256> held
    ids: list[str]  # kept deploys, oldest first
    history: list  # which deploy was live when
    unfinished: set[str] = field(default_factory=set)  # manifests of unfinished deploys


def read_state(bucket: Bucket) -> BucketState:
    """The bucket checked, then its deploy state read, the reads side by side."""
    _, pointer, pending, kept, listed, history = together(
        bucket.check,
        lambda: bucket.read_json(CURRENT),
        lambda: bucket.read_json(PENDING),
        lambda: bucket.list_state(OBJECTS),
        lambda: bucket.list_state(MANIFESTS),
        lambda: bucket.read_json(HISTORY),
    )
    live = None
    if pointer is not None:
        deploy_id = pointer.get("id") if isinstance(pointer, dict) else None
        live = read_manifest(bucket, str(deploy_id)) if deploy_id else None
        if live is None:
            raise DeployError("deploy/bad-state", key=bucket.target.state_key(CURRENT))
    history = history if isinstance(history, list) else []
    unfinished = _unfinished(pending, live.id if live else None)
    ids = _finished(listed, unfinished)
    return BucketState(live, _pending_paths(pending), set(kept), ids, history, unfinished)


def _begin(bucket: Bucket, state: BucketState, uploads: list[str], manifest_id: str) -> None:
    """pending.json: the paths about to be uploaded (with those of an unfinished deploy)
    and the manifests that are not deploys until current.json names one of them."""
    bucket.write_json(PENDING, {
        "paths": sorted(set(uploads) | state.pending),
        "ids": sorted(state.unfinished | {manifest_id}),
    })  # fmt: skip


def _finish_pending(bucket: Bucket, state: BucketState) -> None:
    """The manifests unfinished deploys wrote deleted, then the record of them."""
    names = (f"{MANIFESTS}/{i}.json" for i in sorted(state.unfinished))
    bucket.delete(bucket.target.state_key(name) for name in names)
    bucket.delete_state(PENDING)


def _keep_versions(bucket: Bucket, plan: Plan, workers: int, state: BucketState) -> None:
    """Every live object about to be replaced or removed, copied to objects/<sha256>."""
    wanted: dict[str, str] = {}
    for path in plan.replaced:
        sha = plan.old[path].sha256
        if sha not in state.kept:
            wanted.setdefault(sha, path)
    target = bucket.target

    def keep(item: tuple[str, str]) -> None:
        sha, path = item
        entry = plan.old[path]
        source = target.key(path)
        bucket.copy(source, target.state_key(f"{OBJECTS}/{sha}"), entry.type, entry.cache, sha)

    parallel(sorted(wanted.items()), keep, workers, None, [0, len(wanted)])
    state.kept.update(wanted)


def _listed(bucket: Bucket, deploy_id: str) -> set[str]:
    """The SHA-256 of every file a kept manifest lists (read without making entries)."""
    name = f"{MANIFESTS}/{deploy_id}.json"
    data = bucket.read_json(name)
    try:
        return {str(entry["sha256"]) for entry in (data or {"files": {}})["files"].values()}
    except (KeyError, TypeError, AttributeError):
        raise DeployError("deploy/bad-state", key=bucket.target.state_key(name)) from None


def _prune(bucket: Bucket, keep: int, live: Manifest, state: BucketState) -> list[str]:
    """Manifests beyond the newest ``keep`` and kept versions none of the rest lists."""
    ids = sorted({*state.ids, live.id})
    gone = [i for i in ids[:-keep] if i != live.id] if len(ids) > keep else []
    bucket.delete(bucket.target.state_key(f"{MANIFESTS}/{i}.json") for i in gone)
    if not gone:  # a kept version is listed by the manifest it came from, still kept
        return gone
    others = [i for i in ids if i not in gone and i != live.id]
    listed = {entry.sha256 for entry in live.files.values()}
    for shas in together(*(lambda i=i: _listed(bucket, i) for i in others)):
        listed.update(shas)
    stale = [sha for sha in sorted(state.kept) if sha not in listed]
    bucket.delete(bucket.target.state_key(f"{OBJECTS}/{sha}") for sha in stale)
    return gone


def _write_manifest(bucket: Bucket, manifest: Manifest) -> None:
    bucket.write_json(f"{MANIFESTS}/{manifest.id}.json", manifest.as_json())


def _commit(
    bucket: Bucket, manifest: Manifest, plan: Plan, keep: int, outcome: Outcome, state: BucketState
) -> None:
    """The new manifest (written) made live; then what left the site deleted, the history
    written and old state pruned (side by side); the pending record last."""
    bucket.write_json(CURRENT, {"id": manifest.id})
    outcome.id = manifest.id
    # never pruned: which deploy was live when
    history = [*state.history, {"id": manifest.id, "created": manifest.created,
                                "kind": manifest.kind}]  # fmt: skip
    _, _, outcome.pruned = together(
        lambda: bucket.write_json(HISTORY, history),
        lambda: bucket.delete(bucket.target.key(path) for path in plan.deletes),
        lambda: _prune(bucket, keep, manifest, state),
    )
    outcome.deleted = len(plan.deletes)
    _finish_pending(bucket, state)


def deploy(
    bucket: Bucket,
    site_dir: Path,
    files: dict[str, Entry],
    *,
    keep: int,
    workers: int,
    processes: int = 1,
    dry_run: bool = False,
    progress: Progress | None = None,
    state: BucketState | None = None,
) -> Outcome:
    """Publish ``files`` (the scanned ``site_dir``) to the bucket; a large batch of uploads
    is shared by up to ``processes`` processes of ``workers`` threads in all. ``state``:
    ``read_state(bucket)`` if the caller read it already (while it hashed the site)."""
    started = time.perf_counter()
    state = state or read_state(bucket)
    live, pending = state.live, state.pending
    old = live.files if live else {}
    plan = make_plan(old, files, pending - set(old))
    outcome = Outcome(plan, None, live.id if live else None, dry_run=dry_run)
    if dry_run or not plan.changed:
        if not dry_run and (pending or state.unfinished):  # an earlier run left its cleanup
            _finish_pending(bucket, state)
        outcome.seconds = time.perf_counter() - started
        return outcome
    uploads = [path for _, paths in plan.ordered() for path in paths]
    created = datetime.now(UTC)
    manifest = Manifest(
        new_id(files, created), created.isoformat(timespec="seconds"), files, outcome.previous
    )
    # nothing served changes before pending.json is written: the kept copies go alongside
    together(
        lambda: _begin(bucket, state, uploads, manifest.id),
        lambda: _keep_versions(bucket, plan, workers, state),
    )
    done = [0, len(uploads)]
    if progress is not None:
        progress(0, len(uploads))

    def upload_in_order() -> None:
        for _, paths in plan.ordered():  # each phase complete before the next starts
            upload_files(bucket, site_dir, files, paths, workers=workers,
                         processes=processes, progress=progress, done=done)  # fmt: skip

    together(upload_in_order, lambda: _write_manifest(bucket, manifest))
    outcome.uploaded = len(uploads)
    _commit(bucket, manifest, plan, keep, outcome, state)
    outcome.seconds = time.perf_counter() - started
    return outcome


def rollback(
    bucket: Bucket,
    to: str | None,
    local: tuple[Path, dict[str, Entry]] | None,
    *,
    keep: int,
    workers: int,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """Make deploy ``to`` (default: the one before the live one) live again: objects that
    differ restored from their kept versions (or the local build when it has the same
    bytes), objects it did not have removed."""
    started = time.perf_counter()
    state = read_state(bucket)
    live = state.live
    if live is None:
        raise DeployError("deploy/nothing-to-roll-back", bucket=bucket.target.url)
    to = to or live.previous
    if to is None:
        raise DeployError("deploy/nothing-to-roll-back", bucket=bucket.target.url)
    wanted = read_manifest(bucket, to) if to not in state.unfinished else None
    if wanted is None:
        kept = ", ".join(state.ids) or "-"
        raise DeployError("deploy/no-such-deploy", id=to, kept=kept)
    pending = state.pending
    plan = make_plan(live.files, wanted.files, pending - set(live.files))
    outcome = Outcome(plan, None, live.id, dry_run=dry_run)
    if dry_run or not plan.changed:
        outcome.seconds = time.perf_counter() - started
        return outcome
    kept = state.kept
    site_dir, local_files = local if local else (None, {})
    sources: dict[str, str | None] = {}  # path -> the key to copy from, None: local file
    for _, paths in plan.ordered():
        for path in paths:
            entry, now = wanted.files[path], live.files.get(path)
            if now is not None and now.sha256 == entry.sha256:  # same bytes, other headers
                sources[path] = bucket.target.key(path)
            elif entry.sha256 in kept:
                sources[path] = bucket.target.state_key(f"{OBJECTS}/{entry.sha256}")
            elif path in local_files and local_files[path].sha256 == entry.sha256:
                sources[path] = None
            else:
                raise DeployError("deploy/version-missing", path=path, id=to)
    uploads = list(sources)
    created = datetime.now(UTC)
    manifest = Manifest(
        new_id(wanted.files, created),
        created.isoformat(timespec="seconds"),
        wanted.files,
        live.id,
        "rollback",
        to,
    )
    together(
        lambda: _begin(bucket, state, uploads, manifest.id),
        lambda: _keep_versions(bucket, plan, workers, state),
    )
    done = [0, len(uploads)]

    def restore(path: str) -> None:
        entry, source = wanted.files[path], sources[path]
        if source is None:
            data = (site_dir / path).read_bytes()
            bucket.upload(path, data, entry.type, entry.cache, entry.sha256)
        else:
            bucket.copy(source, bucket.target.key(path), entry.type, entry.cache, entry.sha256)

    def restore_in_order() -> None:
        for _, paths in plan.ordered():
            parallel(paths, restore, workers, progress, done)

    together(restore_in_order, lambda: _write_manifest(bucket, manifest))
    outcome.copied = sum(1 for source in sources.values() if source is not None)
    outcome.uploaded = len(uploads) - outcome.copied
    _commit(bucket, manifest, plan, keep, outcome, state)
    outcome.seconds = time.perf_counter() - started
    return outcome


def live_deploy_at(project: Project, moment: datetime, environ: Mapping[str, str]) -> str | None:
    """The deploy live at ``moment`` on deploy.yml's bucket (None for GitHub Pages or when
    none was): what the quarterly archive records."""
    settings = project.site_config.deploy or DeploySettings()
    if settings.target == "github-pages":
        return None
    target = parse_target(None, settings)
    return live_at(Bucket(target, with_oidc(target.kind, environ), settings.workers), moment)
