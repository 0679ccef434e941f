"""The GitHub workflows: zizmor finds nothing, GitHub's schema accepts them, every action is
pinned to a commit, permissions are raised per job only, no expression reaches a script,
and every step of the product they run exists in the `pipeline` command."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml
from conftest import REPO
from test_records_approvals import HEAD, Repo

from pipeline.cli.main import cli

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w./-]+)@(?P<ref>\S+)(?P<rest>.*)$")
SHA = re.compile(r"^[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+#\s+v\d+(?:\.\d+){0,2}\s*$")


def load(path: Path) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on"
    data = yaml.safe_load(path.read_text("utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, job, step


def test_the_four_workflows_exist() -> None:
    names = {p.stem for p in WORKFLOWS}
    assert names == {"pull-request", "publish", "links", "archive"}


def test_zizmor_finds_nothing() -> None:
    result = subprocess.run(
        [BIN / "zizmor", "--offline", "--persona", "auditor", REPO / ".github/workflows"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_github_schema_accepts_the_workflow(path: Path) -> None:
    result = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    lines = [line for line in path.read_text("utf-8").splitlines() if "uses:" in line]
    assert lines
    for line in lines:
        match = PINNED.match(line)
        assert match, line
        assert SHA.match(match["ref"]), f"not pinned to a full commit SHA: {line}"
        assert VERSION_COMMENT.match(match["rest"]), f"no version comment: {line}"


def test_one_action_one_commit_across_workflows() -> None:
    seen: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for match in map(PINNED.match, path.read_text("utf-8").splitlines()):
            if match:
                repo = "/".join(match["action"].split("/")[:2])
                seen.setdefault(repo, set()).add(f"{match['ref']}{match['rest']}")
    assert all(len(refs) == 1 for refs in seen.values()), seen


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_empty_at_the_top_and_raised_per_job(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}
    for job in workflow["jobs"].values():
        assert "write-all" not in str(job.get("permissions"))
        assert isinstance(job["permissions"], dict) and job["permissions"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_inside_a_script_and_no_persisted_credentials(path: Path) -> None:
    workflow = load(path)
    assert "pull_request_target" not in workflow["on"]
    for _, _, step in steps(workflow):
        assert "${{" not in step.get("run", ""), step["run"]
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def pipeline_calls(path: Path) -> list[list[str]]:
    calls = []
    for _, _, step in steps(load(path)):
        for line in step.get("run", "").splitlines():
            words = shlex.split(line, comments=True) if ".venv/bin/pipeline" in line else []
            if words and words[0] == ".venv/bin/pipeline":
                calls.append(words[1:])
    return calls


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("pull-request", ["ci", "pull-request"]),
        ("publish", ["ci", "publish"]),
        ("archive", ["ci", "archive"]),
        ("links", ["links"]),
    ],
)
def test_workflows_run_the_products_commands(name: str, command: list[str]) -> None:
    calls = pipeline_calls(REPO / f".github/workflows/{name}.yml")
    assert any(call[: len(command)] == command for call in calls), calls
    context = click.Context(cli)  # the group loads a command when asked for it
    for call in calls:
        group = cli
        for word in call:
            if word.startswith("-") or not isinstance(group, click.Group):
                break
            if word == "links" and cli.get_command(context, "links") is None:
                pytest.skip("`pipeline links` is not in this version yet")
            found = group.get_command(context, word)
            assert found is not None, f"`pipeline {' '.join(call)}` does not exist"
            group = found


def test_publish_runs_in_order_on_main_with_history_cache_and_pages() -> None:
    workflow = load(REPO / ".github/workflows/publish.yml")
    assert set(workflow["on"]) == {"push", "schedule", "workflow_dispatch"}
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["concurrency"] == {"group": "publish", "cancel-in-progress": False}
    uses = {
        step.get("uses", "").split("@")[0]: step
        for job, _, step in steps(workflow)
        if job == "publish"
    }
    assert uses["actions/checkout"]["with"]["fetch-depth"] == 0
    assert uses["actions/cache"]["with"]["path"] == ".cache/pipeline/images"
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site/"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "actions/deploy-pages" in str(deploy["steps"])
    # the target of site_config/deploy.yml: Pages, or object storage with `pipeline deploy`
    assert deploy["if"] == "needs.publish.outputs.target == 'github-pages'"
    target = next(s for _, _, s in steps(workflow) if "ci deploy-target" in s.get("run", ""))
    outputs = workflow["jobs"]["publish"]["outputs"]
    assert outputs["storage"] == "${{ steps." + target["id"] + ".outputs.storage }}"
    storage = workflow["jobs"]["deploy-storage"]
    assert storage["if"] == "needs.publish.outputs.storage == 'true'"
    assert storage["permissions"] == {"contents": "read", "id-token": "write"}
    run = next(s for s in storage["steps"] if "pipeline deploy" in s.get("run", ""))
    assert run["run"].strip() == ".venv/bin/pipeline deploy"
    assert set(run["env"]) >= {"PIPELINE_OIDC_ROLE_ARN", "PIPELINE_OIDC_PROVIDER"}
    assert all(v.startswith(("${{ vars.", "${{ secrets.")) for v in run["env"].values())
    checkout = storage["steps"][0]
    assert checkout["with"]["ref"] == "${{ needs.publish.outputs.commit }}"
    names = [step.get("name") for _, _, step in steps(workflow)]
    reviews = next(s for _, _, s in steps(workflow) if "log --pending" in s.get("run", ""))
    publish = next(s for _, _, s in steps(workflow) if "ci publish" in s.get("run", ""))
    # the reviews of every commit to log are read first, on every trigger, and handed over
    assert names.index(reviews["name"]) < names.index(publish["name"])
    assert "if" not in reviews
    assert '--reviews "$RUNNER_TEMP/reviews.json"' in publish["run"]
    assert workflow["jobs"]["publish"]["permissions"]["pull-requests"] == "read"


# what GitHub's API answers, in its own shape, for the stand-in `gh` below (GitHub cannot be
# reached from the tests): path -> pages of the answer
FAKE_GH = """#!/usr/bin/env python3
import json, os, sys
args = [a for a in sys.argv[1:] if a != "--paginate"]
answers = json.load(open(os.environ["FAKE_GH_ANSWERS"], encoding="utf-8"))
if args[0] != "api" or args[1] not in answers:
    sys.exit(f"gh: unexpected call {sys.argv[1:]}")
for page in answers[args[1]]:
    print(json.dumps(page))
"""


def test_the_reviews_step_writes_the_file_pipeline_log_judges(tmp_path: Path) -> None:
    """The publish workflow's script, run by bash over a real repository, with `gh` answering
    as GitHub does: every commit of the push gets its pull request and reviews."""
    r = Repo(tmp_path / "site")
    direct = r.change("direct", "直接提交\n\nApproved-by: chenjing-lanshi")
    reviewed = r.change("reviewed")
    bypass = r.change("bypass")
    (r.project.root / ".venv/bin").mkdir(parents=True)
    (r.project.root / ".venv/bin/pipeline").symlink_to(BIN / "pipeline")
    merged = {"merged_at": "2026-03-02T02:00:00Z", "base": {"ref": "main"}}
    pr7 = {"number": 7, "user": {"login": "zhangwei-lanshi"}, "head": {"sha": HEAD}, **merged}
    still_open = {**pr7, "number": 8, "merged_at": None}
    answers = {
        f"repos/lanshi/site/commits/{direct}/pulls": [[]],
        f"repos/lanshi/site/commits/{reviewed}/pulls": [[still_open, pr7]],
        "repos/lanshi/site/pulls/7/reviews": [  # two pages
            [{"user": {"login": "zhangwei-lanshi"}, "state": "APPROVED", "commit_id": HEAD}],
            [{"user": {"login": "chenjing-lanshi"}, "state": "APPROVED", "commit_id": HEAD}],
        ],
        "repos/lanshi/site/pulls/7/commits": [[{"author": {"login": "zhangwei-lanshi"}}]],
        f"repos/lanshi/site/commits/{bypass}/pulls": [[{**pr7, "number": 9}]],
        "repos/lanshi/site/pulls/9/reviews": [[]],
        "repos/lanshi/site/pulls/9/commits": [[{"author": None}]],
    }
    fake = tmp_path / "fake-bin"
    fake.mkdir()
    (fake / "gh").write_text(FAKE_GH, "utf-8")
    (fake / "gh").chmod(0o755)
    (tmp_path / "answers.json").write_text(json.dumps(answers), "utf-8")
    step = next(
        s
        for _, _, s in steps(load(REPO / ".github/workflows/publish.yml"))
        if "log --pending" in s.get("run", "")
    )
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    env = {
        **os.environ,
        **{k: v for k, v in step["env"].items() if "${{" not in v},
        "PATH": f"{fake}{os.pathsep}{BIN}{os.pathsep}{os.environ['PATH']}",
        "REPO": "lanshi/site",
        "BRANCH": "main",
        "RUNNER_TEMP": str(runner_temp),
        "FAKE_GH_ANSWERS": str(tmp_path / "answers.json"),
    }
    ran = subprocess.run(
        ["bash", "-c", step["run"]], cwd=r.project.root, env=env, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "reviews read for 3 commit(s)" in ran.stdout
    logged = r.project.cli("log", "--reviews", str(runner_temp / "reviews.json"))
    assert logged.exit_code == 0, logged.output
    lines = (r.project.content / "update-log.jsonl").read_text("utf-8").splitlines()
    log = {e["commit"]: e for e in map(json.loads, lines)}
    assert log[direct]["unreviewed"]["reason"] == "direct-push"
    assert log[reviewed]["approvers"] == ["chenjing-lanshi"]  # the author's own is left out
    assert log[reviewed]["unreviewed"] is None and log[reviewed]["pull_request"] == 7
    assert log[bypass]["unreviewed"]["reason"] == "no-approval"


def test_archive_runs_quarterly_and_by_hand() -> None:
    workflow = load(REPO / ".github/workflows/archive.yml")
    assert workflow["on"]["schedule"] == [{"cron": "0 2 1 1,4,7,10 *"}]
    assert "workflow_dispatch" in workflow["on"]
    release = next(s for _, _, s in steps(workflow) if "gh release" in s.get("run", ""))
    assert release["env"]["BUNDLE"] == "${{ steps.archive.outputs.bundle }}"
