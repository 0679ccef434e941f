"""`pipeline deploy` against a real S3 server: SeaweedFS (``tests/s3server.py``) on
127.0.0.1, started once for this module in a temporary folder and stopped afterwards.

The sample site (content/, site_config/, mkdocs.yml of this repository) is copied and built
once; a second version (one item edited, one removed) is built once from a copy of it.
Tests deploy these builds to their own buckets: headers, incremental uploads counted,
removals, a deploy killed with SIGKILL mid-upload, rollback byte for byte, bad input,
--dry-run, and the CDN purge.

The CDN APIs (Alibaba Cloud RefreshObjectCaches, Tencent Cloud PurgeUrlsCache) cannot run
here: a local HTTP server stands in for them and records the signed request the official
SDK sends and the URLs in it. That stand-in is the only part not real.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tarfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import botocore.auth
import pytest
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from conftest import REPO, Project, _base_project, commit_all, init_repo, seed_pictures
from s3server import READER_KEY, READER_SECRET, S3Server, Starting, start_s3

from pipeline.deploy import store
from pipeline.deploy.errors import DeployError
from pipeline.deploy.oidc import with_oidc
from pipeline.deploy.plan import scan_site
from pipeline.deploy.purge import purge
from pipeline.deploy.settings import CacheRules, CdnSettings
from pipeline.deploy.store import Bucket, Target
from pipeline.deploy.transport import read_answer

BASE_URL = "https://www.lanshi-tech.example/"  # site_config/site.yml base_url
EDITED = "content/news/posts/2026"
# an old site a build's background process is still removing: not part of a copy
BACKGROUND_REMOVALS = shutil.ignore_patterns(".site*.old-*")


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def s3_starting(tmp_path_factory) -> Starting:
    """SeaweedFS booting while the sample site builds; stopped after the module."""
    starting = start_s3(tmp_path_factory.mktemp("seaweedfs"))
    yield starting
    starting.stop()


@pytest.fixture(scope="module")
def s3(s3_starting: Starting, v1: Project) -> S3Server:
    return s3_starting.wait()


def _copy_sample(root: Path) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    for name in ("content", "site_config"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "site_config/deploy.yml").write_text("target: github-pages\n", encoding="utf-8")
    return Project(root)


def _build(project: Project) -> None:
    result = project.cli("build")
    assert result.exit_code == 0, result.output[-3000:]


@pytest.fixture(scope="module")
def v1(s3_starting: Starting, tmp_path_factory, sample_pictures) -> Project:
    """The sample site, built."""
    project = _copy_sample(tmp_path_factory.mktemp("v1") / "site-project")
    seed_pictures(sample_pictures, project.root)
    _build(project)
    return project


@pytest.fixture(scope="module")
def v2(v1: Project, tmp_path_factory) -> Project:
    """The sample site with one item edited and one removed, built."""
    root = tmp_path_factory.mktemp("v2") / "site-project"
    shutil.copytree(v1.root, root, symlinks=True, ignore=BACKGROUND_REMOVALS)
    project = Project(root)
    items = sorted((root / EDITED).glob("*.md"))
    edited, removed = items[-1], items[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.rstrip("\n") + "\n\n补充说明：本文于发布后更新。\n", encoding="utf-8")
    removed.unlink()
    _build(project)
    return project


def deploy(project: Project, s3: S3Server, *args: str, env: dict | None = None):
    """`pipeline --lang en deploy …` in-process; the JSON report when --format json."""
    return project.cli("--lang", "en", "deploy", *args, "--endpoint", s3.endpoint,
                       env={**s3.env, **(env or {})})  # fmt: skip


def report(result) -> dict:
    assert result.exit_code == 0, result.output[-3000:]
    return json.loads(result.output[result.output.index("{") :])


def snapshot(s3: S3Server, bucket: str, prefix: str = "www/") -> dict[str, tuple]:
    """Every site object (not the deploy state): key -> (bytes, Content-Type, Cache-Control)."""
    client = s3.client()
    found = {}
    for key in s3.objects(bucket, prefix):
        if key.startswith(f"{prefix}.deploy/"):
            continue
        answer = client.get_object(Bucket=bucket, Key=key)
        found[key[len(prefix) :]] = (
            answer["Body"].read(),
            answer["ContentType"],
            answer.get("CacheControl"),
        )
    return found


def live_id(s3: S3Server, bucket: str, prefix: str = "www/") -> str | None:
    try:
        answer = s3.client().get_object(Bucket=bucket, Key=f"{prefix}.deploy/current.json")
    except s3.client().exceptions.NoSuchKey:
        return None
    return json.loads(answer["Body"].read())["id"]


def local_files(project: Project) -> dict[str, bytes]:
    return {
        p.relative_to(project.site).as_posix(): p.read_bytes()
        for p in project.site.rglob("*")
        if p.is_file()
    }


# -- what a deploy publishes -----------------------------------------------------------------


TEXT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".avif": "image/avif",
    ".webp": "image/webp",
    ".jpg": "image/jpeg",
    ".png": "image/png",
}


def test_first_deploy_publishes_every_file_with_its_headers(v1: Project, s3: S3Server) -> None:
    s3.create_bucket("first-deploy")
    dry = report(deploy(v1, s3, "s3://first-deploy/www", "--dry-run", "--format", "json"))
    assert dry["dry_run"] and dry["upload_count"] == len(local_files(v1))
    assert s3.objects("first-deploy") == {}  # --dry-run changed nothing

    result = report(deploy(v1, s3, "s3://first-deploy/www", "--format", "json"))
    assert result["uploaded"] == len(local_files(v1)) and result["deleted"] == 0
    # the safe order: assets, then pages, then the indexes that point at pages
    assert list(result["uploads"]) == ["assets", "new pages", "indexes"]
    assert all(p.endswith(".html") for p in result["uploads"]["new pages"])
    assert set(result["uploads"]["indexes"]) >= {"sitemap.xml", "robots.txt"}

    published = snapshot(s3, "first-deploy")
    assert {path: data for path, (data, _, _) in published.items()} == local_files(v1)
    seen = set()
    for path, (_, content_type, cache) in published.items():
        suffix = os.path.splitext(path)[1]
        if suffix in TEXT_TYPES:
            assert content_type == TEXT_TYPES[suffix], path
            seen.add(suffix)
        if suffix in (".html", ".xml", ".txt", ".gz") or path == "search/search_index.json":
            assert cache == "no-cache", path
        elif re.search(r"\.[0-9a-f]{8}\.min\.(css|js)(\.map)?$", path):
            assert cache == "public, max-age=31536000, immutable", path
        else:
            assert cache == "public, max-age=3600", path
    assert seen == set(TEXT_TYPES)  # every kind above was checked on a real object

    again = report(deploy(v1, s3, "s3://first-deploy/www", "--format", "json"))
    assert again["nothing_changed"] and again["uploaded"] == 0 and again["id"] is None
    assert again["previous"] == result["id"] == live_id(s3, "first-deploy")


class CdnStandIn:
    """A local HTTP server standing in for a CDN API (which cannot run here): it records
    each request (path, query, headers, body) and answers with ``answer``."""

    def __init__(self, status: int = 200, answer: dict | None = None) -> None:
        self.requests: list[dict] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8") if length else ""
                stand_in.requests.append({"path": self.path, "headers": dict(self.headers),
                                          "body": body})  # fmt: skip
                data = json.dumps(answer or {}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _expected_urls(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    paths = {p for p in before if p not in after or after[p] != before[p]}
    urls = set()
    for path in paths:
        urls.add(BASE_URL + path)
        if path == "index.html" or path.endswith("/index.html"):
            urls.add(BASE_URL + path.removesuffix("index.html"))
    return sorted(urls)


def _with_cdn(project: Project, provider: str, endpoint: str) -> None:
    (project.root / "site_config/deploy.yml").write_text(
        f"target: github-pages\ncdn:\n  provider: {provider}\n  endpoint: {endpoint}\n",
        encoding="utf-8",
    )


def test_an_edit_uploads_only_what_changed_purges_it_and_rolls_back(
    v1: Project, v2: Project, s3: S3Server
) -> None:
    bucket = "one-edit"
    s3.create_bucket(bucket)
    first = report(deploy(v1, s3, f"s3://{bucket}/www", "--format", "json"))
    before = snapshot(s3, bucket)
    old, new = local_files(v1), local_files(v2)
    changed = {p for p in new if old.get(p) != new[p]}
    removed = set(old) - set(new)
    assert changed and removed and len(changed) < len(new) / 4

    # --dry-run: the exact list of URLs, and nothing changed
    dry = report(deploy(v2, s3, f"s3://{bucket}/www", "--dry-run", "--format", "json"))
    assert dry["purge"]["urls"] == _expected_urls(old, new)
    assert snapshot(s3, bucket) == before and live_id(s3, bucket) == first["id"]

    answer = {"RequestId": "stand-in", "RefreshTaskId": "704222904"}
    cdn = CdnStandIn(answer=answer)
    try:
        _with_cdn(v2, "aliyun", cdn.url)
        env = {"ALIBABA_CLOUD_ACCESS_KEY_ID": "cdn-key", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "cdn-s"}
        second = report(deploy(v2, s3, f"s3://{bucket}/www", "--format", "json", env=env))
    finally:
        cdn.close()
    uploaded = {p for paths in second["uploads"].values() for p in paths}
    assert uploaded == changed and second["uploaded"] == len(changed)
    assert set(second["deletes"]) == removed and second["deleted"] == len(removed)
    after = snapshot(s3, bucket)
    assert {p: data for p, (data, _, _) in after.items()} == new  # removed ones are gone

    # the signed RefreshObjectCaches request, and exactly the changed URLs in it
    assert len(cdn.requests) == 1
    query = parse_qs(urlsplit(cdn.requests[0]["path"]).query) or parse_qs(cdn.requests[0]["body"])
    assert query["Action"] == ["RefreshObjectCaches"] and query["AccessKeyId"] == ["cdn-key"]
    assert query["Signature"][0] and query["SignatureMethod"] == ["HMAC-SHA1"]
    assert sorted(unquote(query["ObjectPath"][0]).split("\n")) == _expected_urls(old, new)
    assert second["purge"] == {"provider": "aliyun", "urls": _expected_urls(old, new),
                               "ok": True, "tasks": ["704222904"]}  # fmt: skip

    # rollback: the previous deploy again, byte for byte and header for header; a purge
    # that fails is a warning with the URLs to purge by hand, not a failed rollback
    failing = CdnStandIn(500, {"Code": "ServiceUnavailable", "Message": "stand-in is down"})
    try:
        _with_cdn(v2, "aliyun", failing.url)
        back = v2.cli("--lang", "en", "deploy", "rollback", f"s3://{bucket}/www", "--endpoint",
                      s3.endpoint, env={**s3.env, **env})  # fmt: skip
    finally:
        failing.close()
    assert back.exit_code == 0, back.output
    assert snapshot(s3, bucket) == before
    assert "purging the CDN (aliyun) failed" in back.output
    assert f"{BASE_URL}news/" in back.output  # the URLs to purge by hand
    history = v2.cli("deploy", "history", f"s3://{bucket}/www", "--endpoint", s3.endpoint,
                     env=s3.env)  # fmt: skip
    assert history.exit_code == 0 and history.output.count("\n") == 3
    assert first["id"] in history.output and "rollback" in history.output.splitlines()[0]
    at = ("deploy", "history", f"s3://{bucket}/www", "--endpoint", s3.endpoint, "--at")
    latest = v2.cli(*at, "2099-12-31 23:59", env=s3.env)
    assert latest.exit_code == 0 and latest.output.strip() == live_id(s3, bucket)
    assert v2.cli(*at, "2020-01-01 00:00", env=s3.env).output.strip() == ""  # none was live


def test_only_the_newest_deploys_and_the_versions_they_list_are_kept(
    v1: Project, v2: Project, s3: S3Server
) -> None:
    """``keep: 2``: a third deploy drops the first manifest, and the kept versions only
    it listed; rollback reaches the deploys kept, and says which they are."""
    bucket, url = "kept", "s3://kept/www"
    s3.create_bucket(bucket)
    settings = v2.root / "site_config/deploy.yml"
    try:
        (v1.root / "site_config/deploy.yml").write_text("keep: 2\n", encoding="utf-8")
        settings.write_text("keep: 2\n", encoding="utf-8")
        first = report(deploy(v1, s3, url, "--format", "json"))
        second = report(deploy(v2, s3, url, "--format", "json"))
        assert s3.objects(bucket, "www/.deploy/objects/")  # v1's bytes v2 changed or removed
        # the same bytes with other headers: a third deploy, nothing new to keep
        settings.write_text("keep: 2\ncache:\n  pages: max-age=60\n", encoding="utf-8")
        third = report(deploy(v2, s3, url, "--format", "json"))
        assert third["uploaded"] > 0 and third["deleted"] == 0
    finally:
        (v1.root / "site_config/deploy.yml").write_text("target: github-pages\n", encoding="utf-8")
        settings.write_text("target: github-pages\n", encoding="utf-8")
    manifests = {k.rsplit("/", 1)[1] for k in s3.objects(bucket, "www/.deploy/manifests/")}
    assert manifests == {f"{second['id']}.json", f"{third['id']}.json"}
    assert s3.objects(bucket, "www/.deploy/objects/") == {}  # only the first listed them

    gone = deploy(v2, s3, "rollback", url, "--to", first["id"])
    assert gone.exit_code == 1 and f"there is no deploy {first['id']}" in gone.output
    assert second["id"] in gone.output and third["id"] in gone.output
    back = report(deploy(v2, s3, "rollback", url, "--format", "json"))
    assert back["restored"] > 0 and back["uploaded"] == 0  # copied in the bucket
    after = snapshot(s3, bucket)
    assert {p: data for p, (data, _, _) in after.items()} == local_files(v2)
    assert after["index.html"][2] == "no-cache"


def test_tencent_purge_sends_a_signed_purge_urls_cache(tmp_path: Path) -> None:
    cdn = CdnStandIn(answer={"Response": {"TaskId": "task-1", "RequestId": "stand-in"}})
    urls = [f"{BASE_URL}news/", f"{BASE_URL}news/index.html"]
    try:
        settings = CdnSettings("tencent", BASE_URL, cdn.url)
        env = {"TENCENTCLOUD_SECRET_ID": "AKIDstandin", "TENCENTCLOUD_SECRET_KEY": "secret"}
        result = purge(settings, urls, env)
    finally:
        cdn.close()
    assert result.ok and result.tasks == ["task-1"]
    (request,) = cdn.requests
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["x-tc-action"] == "PurgeUrlsCache"
    assert headers["authorization"].startswith("TC3-HMAC-SHA256 Credential=AKIDstandin/")
    assert "secret" not in headers["authorization"]
    assert json.loads(request["body"])["Urls"] == urls


def test_oidc_exchanges_githubs_token_for_short_lived_keys() -> None:
    """GitHub's token endpoint and Alibaba Cloud's STS stand in as one local server."""
    keys = {"AccessKeyId": "STS.key", "AccessKeySecret": "sts-secret", "SecurityToken": "tok"}
    stand_in = CdnStandIn(answer={"value": "github-id-token", "Credentials": keys})
    try:
        env = {
            "ACTIONS_ID_TOKEN_REQUEST_URL": f"{stand_in.url}/token?api-version=2.0",
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "runner-token",
            "PIPELINE_OIDC_ROLE_ARN": "acs:ram::123:role/site-deployer",
            "PIPELINE_OIDC_PROVIDER": "acs:ram::123:oidc-provider/github",
            "PIPELINE_STS_ENDPOINT": f"{stand_in.url}/sts",
        }
        result = with_oidc("oss", env)
    finally:
        stand_in.close()
    assert result["AWS_ACCESS_KEY_ID"] == result["ALIBABA_CLOUD_ACCESS_KEY_ID"] == "STS.key"
    assert result["AWS_SESSION_TOKEN"] == result["ALIBABA_CLOUD_SECURITY_TOKEN"] == "tok"
    token, sts = stand_in.requests
    assert "audience=sts.aliyuncs.com" in token["path"]
    assert token["headers"]["Authorization"] == "bearer runner-token"
    form = parse_qs(sts["body"])
    assert form["Action"] == ["AssumeRoleWithOIDC"] and form["OIDCToken"] == ["github-id-token"]
    assert form["RoleArn"] == ["acs:ram::123:role/site-deployer"]
    assert with_oidc("oss", {"AWS_ACCESS_KEY_ID": "k"}) == {"AWS_ACCESS_KEY_ID": "k"}


# -- a deploy killed mid-upload ----------------------------------------------------------------


def _internal_links(html: str, page: str) -> set[str]:
    found = set()
    for link in re.findall(r'(?:href|src)="([^"#?]+)', html):
        url = urljoin(BASE_URL + page, link)
        if not url.startswith(BASE_URL):
            continue
        path = url[len(BASE_URL) :]
        found.add(path + "index.html" if path.endswith("/") or not path else path)
    return found


def _every_page_served(s3: S3Server, bucket: str, manifest_paths: set[str]) -> None:
    """Every page of the live manifest is there, and so is every page or file it links."""
    keys = {k.removeprefix("www/") for k in s3.objects(bucket, "www/")}
    assert manifest_paths <= keys
    client = s3.client()
    for page in sorted(p for p in manifest_paths if p.endswith(".html")):
        html = client.get_object(Bucket=bucket, Key=f"www/{page}")["Body"].read().decode()
        base = page.removesuffix("index.html")
        missing = {link for link in _internal_links(html, base) if link not in keys}
        assert not missing, (page, missing)


def test_a_deploy_killed_mid_upload_leaves_the_previous_site_served(
    v1: Project, v2: Project, s3: S3Server
) -> None:
    bucket = "killed"
    s3.create_bucket(bucket)
    first = report(deploy(v1, s3, f"s3://{bucket}/www", "--format", "json"))
    old_paths = set(local_files(v1))
    # new cache rules on top of v2: every object is uploaded again, one at a time, which
    # leaves time to kill the deploy between two uploads
    (v2.root / "site_config/deploy.yml").write_text(
        "workers: 1\ncache:\n  pages: max-age=120\n  assets: max-age=600\n"
        "  fingerprinted: max-age=7200, immutable\n",
        encoding="utf-8",
    )
    client = s3.client()
    probe = {"Bucket": bucket, "Key": "www/search/search_index.json"}  # uploaded first
    args = [sys.executable, "-m", "pipeline", "deploy", f"s3://{bucket}/www",
            "--endpoint", s3.endpoint]  # fmt: skip
    for _attempt in range(3):
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        process = subprocess.Popen(args, cwd=v2.root, env={**os.environ, **s3.env}, **quiet)
        try:
            while process.poll() is None:
                if client.head_object(**probe).get("CacheControl") == "max-age=120":
                    process.send_signal(signal.SIGKILL)  # uploading: the manifest not yet
                    break
                time.sleep(0.01)
        finally:
            process.wait()
        if process.returncode == -signal.SIGKILL:
            break
        v2.cli("deploy", "rollback", f"s3://{bucket}/www", "--endpoint", s3.endpoint,
               env=s3.env)  # it finished before the kill: back to v1, try again  # fmt: skip
    assert process.returncode == -signal.SIGKILL, "the deploy always finished before the kill"
    assert client.get_object(Bucket=bucket, Key="www/.deploy/pending.json")
    caches = {client.head_object(Bucket=bucket, Key=f"www/{p}").get("CacheControl")
              for p in old_paths if p.endswith(".html")}  # fmt: skip
    assert "no-cache" in caches  # killed mid-upload: pages of the previous deploy remain
    manifest = json.loads(
        client.get_object(Bucket=bucket, Key=f"www/.deploy/manifests/{live_id(s3, bucket)}.json")[
            "Body"
        ].read()
    )
    assert set(manifest["files"]) == old_paths  # the previous deploy is still the live one
    _every_page_served(s3, bucket, old_paths)
    # the killed deploy's manifest (written while it uploaded) is no deploy: history does
    # not list it, a rollback cannot reach it
    pending = json.loads(
        client.get_object(Bucket=bucket, Key="www/.deploy/pending.json")["Body"].read()
    )
    unfinished = set(pending["ids"]) - {first["id"]}
    assert len(unfinished) == 1
    history = deploy(v2, s3, "history", f"s3://{bucket}/www")
    assert history.exit_code == 0 and first["id"] in history.output
    assert not any(i in history.output for i in unfinished)
    gone = deploy(v2, s3, "rollback", f"s3://{bucket}/www", "--to", next(iter(unfinished)))
    assert gone.exit_code == 1 and "there is no deploy" in gone.output

    rerun = report(deploy(v2, s3, f"s3://{bucket}/www", "--format", "json"))
    manifests = {k.rsplit("/", 1)[1] for k in s3.objects(bucket, "www/.deploy/manifests/")}
    assert manifests == {f"{first['id']}.json", f"{rerun['id']}.json"}  # the killed one's gone
    assert rerun["previous"] != rerun["id"] and rerun["deleted"] >= 1
    published = snapshot(s3, bucket)
    assert {p: data for p, (data, _, _) in published.items()} == local_files(v2)
    assert {cache for _, _, cache in published.values()} == {
        "max-age=120", "max-age=600", "max-age=7200, immutable"}  # fmt: skip
    assert not s3.objects(bucket, "www/.deploy/pending.json")
    _every_page_served(s3, bucket, set(local_files(v2)))
    assert first["id"] != rerun["id"]


# -- bad input -------------------------------------------------------------------------------


def test_bad_credentials_missing_bucket_and_unreachable_endpoint(v1: Project, s3: S3Server) -> None:
    s3.create_bucket("bad-input")
    report(deploy(v1, s3, "s3://bad-input/www", "--format", "json"))
    before = s3.objects("bad-input")

    wrong = deploy(v1, s3, "s3://bad-input/www", env={"AWS_SECRET_ACCESS_KEY": "not-the-key"})
    assert wrong.exit_code == 1
    assert "does not accept these credentials (SignatureDoesNotMatch)" in wrong.output
    assert "not-the-key" not in wrong.output and "Traceback" not in wrong.output

    missing = deploy(v1, s3, "s3://no-such-bucket/www")
    assert missing.exit_code == 1
    assert "bucket no-such-bucket does not exist" in missing.output

    # keys that may read and list the bucket, not write to it: a dry run works, a deploy not
    s3.create_bucket("read-only")
    reader = {"AWS_ACCESS_KEY_ID": READER_KEY, "AWS_SECRET_ACCESS_KEY": READER_SECRET}
    assert deploy(v1, s3, "s3://read-only/www", "--dry-run", env=reader).exit_code == 0
    denied = deploy(v1, s3, "s3://read-only/www", env=reader)
    assert denied.exit_code == 1, denied.output
    assert "these credentials may not use bucket read-only (AccessDenied)" in denied.output
    assert s3.objects("read-only") == {}

    none = v1.cli("--lang", "en", "deploy", "s3://bad-input/www", "--endpoint", s3.endpoint,
                  env={"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""})  # fmt: skip
    assert none.exit_code == 1 and "no credentials for bucket bad-input" in none.output

    zh = v1.cli("deploy", "s3://bad-input/www", "--endpoint", "http://127.0.0.1:9",
                env=s3.env)  # fmt: skip
    assert zh.exit_code == 1 and "连不上存储服务 http://127.0.0.1:9" in zh.output
    assert s3.objects("bad-input") == before  # nothing deleted, nothing added


def test_an_upload_refused_is_told_like_every_other_request(s3: S3Server) -> None:
    """The site's objects go out through botocore's signer and HTTP session, not boto3's
    client: its refusals are described the same way, and a file whose bytes are no longer
    those the deploy checked is not published."""
    s3.create_bucket("uploads")
    target = Target("s3", "uploads", "www", s3.endpoint)
    body = "<p>页面</p>".encode()
    sha = hashlib.sha256(body).hexdigest()
    reader = Bucket(
        target, {"AWS_ACCESS_KEY_ID": READER_KEY, "AWS_SECRET_ACCESS_KEY": READER_SECRET}
    )
    with pytest.raises(DeployError) as denied:
        reader.upload("index.html", body, "text/html; charset=utf-8", "no-cache", sha)
    assert denied.value.rule == "deploy/access-denied"
    wrong = Bucket(target, {**s3.env, "AWS_SECRET_ACCESS_KEY": "not-the-key"})
    with pytest.raises(DeployError) as refused:
        wrong.upload("index.html", body, "text/html; charset=utf-8", "no-cache", sha)
    assert refused.value.rule == "deploy/bad-credentials"
    writer = Bucket(target, s3.env)
    with pytest.raises(DeployError) as changed:  # changed on disk after it was hashed
        writer.upload("index.html", body + b"!", "text/html; charset=utf-8", "no-cache", sha)
    assert changed.value.rule == "deploy/site-changed"
    assert changed.value.params == {"path": "index.html"}
    assert s3.objects("uploads") == {}
    writer.upload("新闻/index.html", body, "text/html; charset=utf-8", "no-cache", sha)
    answer = s3.client().get_object(Bucket="uploads", Key="www/新闻/index.html")
    assert answer["Body"].read() == body and answer["Metadata"] == {"sha256": sha}
    assert answer["ContentType"] == "text/html; charset=utf-8"
    assert answer["CacheControl"] == "no-cache"


class _Relay(threading.Thread):
    """A TLS endpoint in front of the S3 server (its certificate made by openssl for
    localhost): every connection unwrapped and its bytes passed on both ways."""

    def __init__(self, folder: Path, port: int) -> None:
        super().__init__(daemon=True)
        self.cert = folder / "cert.pem"
        key = folder / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-keyout", str(key), "-out", str(self.cert), "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost"],
                       check=True, capture_output=True)  # fmt: skip
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, key)
        self.listener = context.wrap_socket(socket.create_server(("127.0.0.1", 0)),
                                            server_side=True)  # fmt: skip
        self.endpoint = f"https://localhost:{self.listener.getsockname()[1]}"
        self.upstream = port
        self.accepted = 0  # connections that passed the TLS handshake

    def run(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:  # a client refused the certificate, or the relay closed
                if self.listener.fileno() < 0:
                    return
                continue
            self.accepted += 1
            server = socket.create_connection(("127.0.0.1", self.upstream))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)


class _Proxy(ThreadingHTTPServer):
    """An HTTP proxy (absolute-form requests passed on to the S3 server) that notes what
    went through it."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _relay(self) -> None:
                proxy.seen.append((self.command, self.path))
                parts = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                upstream = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if not k.lower().startswith(
                    ("proxy-", "connection"))}  # fmt: skip
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                upstream.request(self.command, path, body=body or None, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                upstream.close()

            do_GET = do_PUT = do_HEAD = do_POST = do_DELETE = _relay

            def log_message(self, *args) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


def test_uploads_keep_tls_checks_ca_bundles_and_proxies(
    s3: S3Server, tmp_path: Path, monkeypatch
) -> None:
    """The site's objects go out on connections of the deploy's own (not botocore's pool):
    over TLS the certificate is checked against AWS_CA_BUNDLE (a certificate nobody vouches
    for is refused, nothing sent), and HTTP_PROXY (unless NO_PROXY names the endpoint)
    sends them through the proxy."""
    s3.create_bucket("transport")
    body = "<p>经由</p>".encode()
    sha = hashlib.sha256(body).hexdigest()
    relay = _Relay(tmp_path, int(urlsplit(s3.endpoint).port))
    relay.start()
    try:
        secure = Target("s3", "transport", "tls", relay.endpoint)
        trusted = Bucket(secure, {**s3.env, "AWS_CA_BUNDLE": str(relay.cert)})
        for name in ("a.html", "b.html"):
            trusted.upload(name, body, "text/html; charset=utf-8", "no-cache", sha)
        assert relay.accepted == 1  # two requests on one kept connection
        untrusted = Bucket(secure, s3.env)
        with pytest.raises(DeployError) as refused:
            untrusted.upload("c.html", body, "text/html; charset=utf-8", "no-cache", sha)
        assert refused.value.rule == "deploy/unreachable"
        assert "CERTIFICATE_VERIFY_FAILED" in refused.value.params["detail"]
    finally:
        relay.listener.close()
    assert set(s3.objects("transport", "tls/")) == {"tls/a.html", "tls/b.html"}

    proxy = _Proxy()
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        for name in ("http_proxy", "HTTP_PROXY"):
            monkeypatch.setenv(name, proxy.url)
        for name in ("no_proxy", "NO_PROXY"):
            monkeypatch.delenv(name, raising=False)
        proxied = Bucket(Target("s3", "transport", "proxied", s3.endpoint), s3.env)
        proxied.upload("d.html", body, "text/html; charset=utf-8", "no-cache", sha)
        assert ("PUT", f"{s3.endpoint}/transport/proxied/d.html") in proxy.seen
        monkeypatch.setenv("no_proxy", "127.0.0.1")
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        seen = len(proxy.seen)
        direct = Bucket(Target("s3", "transport", "direct", s3.endpoint), s3.env)
        direct.upload("e.html", body, "text/html; charset=utf-8", "no-cache", sha)
        assert len(proxy.seen) == seen
    finally:
        proxy.shutdown()
        proxy.server_close()
    answer = s3.client().get_object(Bucket="transport", Key="proxied/d.html")
    assert answer["Body"].read() == body and answer["Metadata"] == {"sha256": sha}
    assert s3.objects("transport", "direct/")


def test_answers_are_read_as_http_1_1_delimits_them() -> None:
    """The uploads' own reader of answers (``pipeline.deploy.transport``), on a real socket
    pair: a length, a chunked body with extensions and trailers, an informational answer
    first, a body up to the connection's end, and a server gone before it answered."""
    answers = [
        (b'HTTP/1.1 200 OK\r\nContent-Length: 11\r\nETag: "x"\r\n\r\n', b"hello", b" world"),
        (
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 403 Forbidden\r\n"
            b"Transfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n6;ext=1\r\n<Erro",
            b"r\r\n2\r\nAB\r\n0\r\nX-Trailer: 1\r\n\r\n",
        ),
        (b"HTTP/1.1 503 Slow Down\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno",),
        (b"HTTP/1.0 500 Internal\r\n\r\nup to the end",),
    ]
    expected = [(200, b"hello world", False), (403, b"<ErrorAB", False), (503, b"no", True),
                (500, b"up to the end", True)]  # fmt: skip
    for parts, want in zip(answers, expected, strict=True):
        ours, theirs = socket.socketpair()
        with ours, theirs:

            def send(parts=parts, theirs=theirs, closes=want[2]) -> None:
                for part in parts:
                    theirs.sendall(part)
                    time.sleep(0.01)  # each part its own read
                if closes:
                    theirs.shutdown(socket.SHUT_WR)

            writer = threading.Thread(target=send)
            writer.start()
            assert read_answer(ours) == want
            writer.join()
    ours, theirs = socket.socketpair()
    with ours:
        theirs.sendall(b"HTTP/1.1 200 OK\r\nContent-Le")
        theirs.close()
        with pytest.raises(http.client.RemoteDisconnected):
            read_answer(ours)


def test_objects_are_signed_as_botocores_s3_signer_signs() -> None:
    """The site's objects are signed by botocore's S3 signer with a lighter request and
    header map: the Authorization header is the one the stock signer gives the same
    request (session token, a Chinese key, a value with doubled spaces)."""
    credentials = Credentials("AKIDEXAMPLE", "secret", "session-token")
    sha = hashlib.sha256(b"<p>x</p>").hexdigest()
    url = "https://bucket.s3.oss-cn-hangzhou.aliyuncs.com/www/%E6%96%B0%E9%97%BB/index.html"
    headers = {"Content-Type": "text/html; charset=utf-8",
               "Cache-Control": "max-age=60,  immutable", "x-amz-meta-sha256": sha}  # fmt: skip
    signed = store._Signed(url, {**headers, "host": urlsplit(url).hostname}, b"<p>x</p>", sha)
    stock = AWSRequest("PUT", url, headers, b"<p>x</p>")
    moment = datetime.datetime(2026, 12, 7, 1, 2, 3)
    original = botocore.auth.get_current_datetime
    botocore.auth.get_current_datetime = lambda: moment  # one clock for both signatures
    try:
        store.KnownPayloadSigner(credentials, "s3", "cn-hangzhou").add_auth(signed)
        S3SigV4Auth(credentials, "s3", "cn-hangzhou").add_auth(stock)
    finally:
        botocore.auth.get_current_datetime = original
    assert signed.headers["Authorization"] == stock.headers["Authorization"]
    assert signed.headers["X-Amz-Security-Token"] == "session-token"


def test_refuses_a_missing_stale_or_preview_site(v1: Project, tmp_path: Path) -> None:
    project = Project(tmp_path / "copy")
    shutil.copytree(v1.root, project.root, symlinks=True, ignore=BACKGROUND_REMOVALS)
    env = {"AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"}
    args = ("--lang", "en", "deploy", "s3://any-bucket", "--endpoint", "http://127.0.0.1:9")

    item = sorted((project.root / EDITED).glob("*.md"))[0]
    item.write_text(item.read_text(encoding="utf-8") + "\n改动。\n", encoding="utf-8")
    stale = project.cli(*args, env=env)
    assert stale.exit_code == 1 and "changed after site was built" in stale.output

    shutil.rmtree(project.site / "about")  # changed by hand after the build
    unknown = project.cli(*args, env=env)
    assert unknown.exit_code == 1 and "was not made by pipeline build" in unknown.output

    stamp = project.root / ".cache/pipeline/builds/site.json"
    data = json.loads(stamp.read_text(encoding="utf-8"))
    shutil.rmtree(project.site)
    missing = project.cli(*args, env=env)
    assert missing.exit_code == 1 and "there is no site to deploy" in missing.output

    # a preview build's stamp says so; such a site is never deployed
    shutil.copytree(v1.site, project.site)
    stamp.write_text(json.dumps({**data, "preview": True, "drafts": True}), encoding="utf-8")
    item.write_text(item.read_text(encoding="utf-8").replace("\n改动。\n", ""), encoding="utf-8")
    preview = project.cli(*args, env=env)
    assert preview.exit_code == 1 and "is a preview build" in preview.output


def test_deploy_yml_is_validated_like_every_settings_file(v1: Project, tmp_path: Path) -> None:
    project = Project(tmp_path / "copy")
    shutil.copytree(v1.root, project.root, symlinks=True, ignore=BACKGROUND_REMOVALS)
    settings = project.root / "site_config/deploy.yml"
    settings.write_text("target: oss\nbukcet: lanshi-www\n", encoding="utf-8")
    typo = project.cli("--lang", "en", "deploy")
    assert typo.exit_code == 2
    assert "site_config/deploy.yml:2" in typo.output and "bucket" in typo.output
    # `pipeline check` (and every other command) reads deploy.yml with site_config/
    check = project.cli("--lang", "en", "check")
    assert check.exit_code == 2 and "Traceback" not in check.output
    assert "site_config/deploy.yml:2: unknown setting 'bukcet'" in check.output
    assert "→ did you mean 'bucket'?" in check.output
    settings.write_text("target: oss\nbucket: lanshi-www\nworkers: 500\n", encoding="utf-8")
    bound = project.cli("--lang", "en", "deploy")
    assert bound.exit_code == 2 and "deploy.yml:3" in bound.output and "1 to 64" in bound.output
    check = project.cli("--lang", "en", "check")
    assert check.exit_code == 2 and "site_config/deploy.yml:3: 'workers'" in check.output
    assert "→ set 'workers' to a whole number from 1 to 64" in check.output
    settings.write_text("target: pages\n", encoding="utf-8")
    choice = project.cli("--lang", "en", "deploy")
    assert choice.exit_code == 2 and "github-pages, s3, oss, cos" in choice.output


def test_cache_rules_and_types_of_a_scanned_site(v1: Project) -> None:
    files = scan_site(v1.site, CacheRules(pages="max-age=60"))
    assert files["index.html"].cache == "max-age=60"
    assert files["index.html"].type == "text/html; charset=utf-8"
    assert files["sitemap.xml.gz"].type == "application/gzip"
    assert any(entry.type == "image/avif" for entry in files.values())


# -- the quarterly archive records the live deploy ---------------------------------------------


def test_the_archive_records_the_deploy_live_at_the_quarters_end(tmp_path: Path) -> None:
    """`pipeline ci archive --live-deploy ID` (the workflow passes `storage`, which asks the
    bucket with `live_at`, tested above through `deploy history --at`)."""
    project = _base_project(tmp_path)
    for section in ("news", "industry"):  # a folder git keeps
        project.write(f"content/{section}/posts/2025/.keep", "")
    project.write(".gitignore", "/archives/\n/site/\n/.cache/\n")
    project.write_item("news", "2025-01-02-first", date="2025-01-02 09:00")
    repo = init_repo(project.root)
    commit_all(repo, "2025-01-02 10:00", "first item")
    assert project.cli("log").exit_code == 0
    commit_all(repo, "2025-01-02 11:00", "update log")
    live = "20250331T155900000Z-abcdef12"
    args = ("ci", "archive", "2025Q1", "--live-deploy", live, "--now", "2025-04-02 10:00")
    result = project.cli(*args)
    assert result.exit_code == 0, result.output
    assert f"Live-Deploy: {live}" in repo.tags["archive/2025-Q1"].tag.message
    bundle = project.root / "archives/archive-2025-Q1.tar.gz"
    with tarfile.open(bundle) as archive:
        info = archive.extractfile("archive-2025-Q1/bag-info.txt").read().decode()
    assert f"Live-Deploy: {live}" in info
    first = bundle.read_bytes()
    bundle.unlink()  # re-created from the tag's record, byte for byte
    again = project.cli("ci", "archive", "2025Q1", "--now", "2025-04-02 10:00")
    assert again.exit_code == 0, again.output
    assert bundle.read_bytes() == first
