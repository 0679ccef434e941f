"""`pipeline deploy`: thin click command over pipeline.deploy.publish.

``pipeline deploy [s3://BUCKET[/PREFIX]]`` publishes the built site/;
``pipeline deploy rollback [s3://…] [--to ID]`` makes an earlier deploy live again;
``pipeline deploy history [s3://…]`` lists the deploys the bucket keeps.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import click
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from pipeline.cli.shared import EXIT_BLOCKED, EXIT_OK, EXIT_USAGE, State, config_errors, quiet
from pipeline.content.schema import parse_now
from pipeline.core.i18n import render_hint, render_message, ui
from pipeline.deploy.errors import DeployError
from pipeline.deploy.oidc import with_oidc
from pipeline.deploy.plan import changed_urls, scan_site
from pipeline.deploy.publish import (
    Outcome,
    deploy,
    deploy_ids,
    live_at,
    live_id,
    read_manifest,
    read_state,
    rollback,
)
from pipeline.deploy.purge import purge
from pipeline.deploy.settings import DeploySettings
from pipeline.deploy.stamp import check_site, site_state
from pipeline.deploy.store import Bucket, Target, parse_target

ACTIONS = ("rollback", "history")


def _fail(state: State, exc: DeployError) -> None:
    text = render_message(exc.rule, state.lang, exc.params)
    hint = render_hint(exc.rule, state.lang, exc.params)
    state.fail(f"{text}\n  → {hint}" if hint else text, EXIT_BLOCKED)


@contextmanager
def _progress(state: State) -> Iterator:
    if quiet():
        yield None
        return
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=state.err
    ) as bar:
        task = bar.add_task(ui("deploy.uploading", state.lang), total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total or None)


def _size(count: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    return str(count)


def _report(state: State, outcome: Outcome, target: str, fmt: str, purge_info: dict) -> None:
    plan = outcome.plan
    if fmt == "json":
        data = {
            "target": target,
            "id": outcome.id,
            "previous": outcome.previous,
            "dry_run": outcome.dry_run,
            "nothing_changed": outcome.nothing_changed,
            "uploads": {phase: paths for phase, paths in plan.ordered()},
            "deletes": plan.deletes,
            "upload_count": plan.upload_count,
            "upload_bytes": plan.upload_bytes,
            "uploaded": outcome.uploaded,
            "restored": outcome.copied,
            "deleted": outcome.deleted,
            "files": len(plan.new),
            "seconds": round(outcome.seconds, 3),
            "purge": purge_info,
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))


def _open(state: State, url: str | None, endpoint: str | None, region: str | None):
    with config_errors(state):  # deploy.yml is read with the rest of site_config/
        project = state.open_plain()
    settings = project.site_config.deploy or DeploySettings()
    if url is None and settings.target == "github-pages":
        state.fail(ui("deploy.pages", state.lang, file=settings.file), EXIT_USAGE)
    try:
        target = parse_target(url, settings, endpoint, region)
        environ = with_oidc(target.kind, os.environ)  # short-lived keys in GitHub workflows
    except DeployError as exc:
        _fail(state, exc)
    return project, settings, target, environ


def _connect_and_read(target: Target, environ, settings: DeploySettings):
    """The bucket's client made (botocore reads its models: a few tenths of a second) and
    its deploy state read: what a deploy does while the built site is hashed."""
    bucket = Bucket(target, environ, settings.workers)
    return bucket, read_state(bucket)


def _purge(state: State, settings: DeploySettings, urls: list[str], fmt: str, environ) -> dict:
    result = purge(settings.cdn, urls, environ)
    if result is None:
        return {"provider": settings.cdn.provider, "urls": urls, "ok": None}
    if result.ok:
        if fmt != "json":
            state.err.print(ui("deploy.purged", state.lang, provider=result.provider,
                               count=len(urls)), markup=False)  # fmt: skip
        return {"provider": result.provider, "urls": urls, "ok": True, "tasks": result.tasks}
    params = {"provider": result.provider, "error": result.error, "count": len(urls),
              "urls": "\n".join(urls)}  # fmt: skip
    text = render_message("deploy/purge-failed", state.lang, params)
    hint = render_hint("deploy/purge-failed", state.lang, params)
    state.err.print(f"[yellow]{escape(text)}\n  → {escape(hint or '')}[/]")
    return {"provider": result.provider, "urls": urls, "ok": False, "error": result.error}


@click.command("deploy")
@click.argument("args", nargs=-1, metavar="[rollback|history] [s3://BUCKET[/PREFIX]]")
@click.option("--endpoint", metavar="URL", help="The S3 endpoint (default: deploy.yml).")
@click.option("--region", metavar="R", help="The bucket's region (default: deploy.yml).")
@click.option("--to", "to", metavar="DEPLOY_ID", help="rollback: the deploy to make live.")
@click.option(
    "--at",
    "at",
    metavar="TIME",
    help="history: print only the deploy live at TIME (e.g. 2026-09-30 23:59, the site's "
    "time zone), for the quarterly archive.",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.pass_obj
def deploy_command(
    state: State,
    args: tuple[str, ...],
    endpoint: str | None,
    region: str | None,
    to: str | None,
    at: str | None,
    dry_run: bool,
    fmt: str,
) -> None:
    """Publish the built site/ to S3-compatible storage (Alibaba Cloud OSS, Tencent Cloud
    COS, AWS S3): only what changed, pages after what they link, removed files last; then
    purge the CDN. Defaults come from site_config/deploy.yml; credentials from
    AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN."""
    action = args[0] if args and args[0] in ACTIONS else "deploy"
    rest = args[1:] if action != "deploy" else args
    misplaced = (to is not None and action != "rollback") or (at and action != "history")
    if len(rest) > 1 or misplaced:
        state.fail(ui("deploy.usage", state.lang), EXIT_USAGE)
    url = rest[0] if rest else None
    project, settings, where, environ = _open(state, url, endpoint, region)
    target = where.url
    site_rel = project.site_config.rel(project.site_dir)
    try:
        if action != "deploy":
            bucket = Bucket(where, environ, settings.workers)
        if action == "history" and at:
            with config_errors(state):
                moment = parse_now(at, project.site_config)
            click.echo(live_at(bucket, moment) or "")
            raise SystemExit(EXIT_OK)
        if action == "history":
            live = live_id(bucket)
            for deploy_id in reversed(deploy_ids(bucket)):
                manifest = read_manifest(bucket, deploy_id)
                marker = ui("deploy.live", state.lang) if deploy_id == live else ""
                state.out.print(ui("deploy.history", state.lang, id=deploy_id,
                                   kind=manifest.kind if manifest else "?",
                                   files=len(manifest.files) if manifest else 0, live=marker),
                                markup=False)  # fmt: skip
            raise SystemExit(EXIT_OK)
        if action == "rollback":
            try:  # the local build serves versions the bucket no longer keeps
                built = site_state(project, project.site_dir)
                check_site(project, project.site_dir, site_rel, built)
                local = (project.site_dir, scan_site(project.site_dir, settings.cache, built[0]))
            except DeployError:
                local = None
            with _progress(state) as progress:
                outcome = rollback(bucket, to, local, keep=settings.keep,
                                   workers=settings.workers, dry_run=dry_run,
                                   progress=progress)  # fmt: skip
            to = to or (read_manifest(bucket, outcome.id).rolled_back_to if outcome.id else to)
        else:
            if fmt != "json":
                state.err.print(ui("deploy.checking", state.lang, site=site_rel, target=target),
                                markup=False)  # fmt: skip
            # the bucket's client made and its state read while the built site is hashed
            # (the network waits, the disk and the other core work); a problem with the
            # site is told first
            with ThreadPoolExecutor(max_workers=1) as pool:
                reading = pool.submit(_connect_and_read, where, environ, settings)
                built = site_state(project, project.site_dir)
                check_site(project, project.site_dir, site_rel, built)
                files = scan_site(project.site_dir, settings.cache, built[0])
                bucket, known = reading.result()
            with _progress(state) as progress:
                outcome = deploy(bucket, project.site_dir, files, keep=settings.keep,
                                 workers=settings.workers, processes=settings.processes,
                                 dry_run=dry_run, progress=progress, state=known)  # fmt: skip
    except DeployError as exc:
        _fail(state, exc)
    _finish(state, project, settings, outcome, target, fmt, action, to, environ)


def _finish(state, project, settings, outcome, target, fmt, action, to, environ) -> None:
    plan = outcome.plan
    base_url = settings.cdn.base_url or project.site_config.base_url
    urls = changed_urls(plan, base_url) if base_url else []
    if fmt != "json":
        if outcome.nothing_changed:
            state.err.print(ui("deploy.nothing", state.lang, target=target,
                               id=outcome.previous or "-"), markup=False)  # fmt: skip
        else:
            state.err.print(ui("deploy.plan", state.lang, target=target,
                               uploads=plan.upload_count, size=_size(plan.upload_bytes),
                               deletes=len(plan.deletes), total=len(plan.new)),
                            markup=False)  # fmt: skip
    if outcome.dry_run:
        if fmt != "json":
            state.out.print(ui("deploy.dry-run", state.lang), markup=False)
            for url in urls:
                state.out.print(url, markup=False, soft_wrap=True)
        _report(state, outcome, target, fmt, {"provider": settings.cdn.provider, "urls": urls})
        raise SystemExit(EXIT_OK)
    if outcome.nothing_changed:
        _report(state, outcome, target, fmt, {"provider": settings.cdn.provider, "urls": []})
        raise SystemExit(EXIT_OK)
    if fmt != "json":
        if action == "rollback":
            done = ui("deploy.rolled-back", state.lang, to=to, id=outcome.id,
                      uploads=outcome.uploaded + outcome.copied, deletes=outcome.deleted,
                      seconds=outcome.seconds)  # fmt: skip
        else:
            done = ui("deploy.done", state.lang, id=outcome.id, target=target,
                      uploads=outcome.uploaded, deletes=outcome.deleted,
                      seconds=outcome.seconds)  # fmt: skip
        state.err.print(done, markup=False)
    info = _purge(state, settings, urls, fmt, environ)
    _report(state, outcome, target, fmt, info)
    raise SystemExit(EXIT_OK)
