"""Approvals in the update log, the log's lock and its repair.

A real repository is scripted once per module with one change for every way an approval
can fail (and two that pass); the reviews the publish workflow reads from GitHub are
written as the JSON file it produces (docs/administrator-guide.md, "Approvals"), since
GitHub cannot be reached here. Concurrent runs are two real `pipeline log` processes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import _base_project, commit_all, front_matter, init_repo

from pipeline.config.base import ConfigError
from pipeline.records.loglock import lock_path, log_lock

# site_config/roles.yml of the repository: news A zhangwei-lanshi, B chenjing-lanshi;
# industry A liuyang-lanshi, B zhangwei-lanshi; pages A chenjing-lanshi, B wangfang-lanshi
NEWS_A, NEWS_B, INDUSTRY_A = "zhangwei-lanshi", "chenjing-lanshi", "liuyang-lanshi"
HEAD = "f" * 40  # the head each pull request was merged at


def pull(number: int, author: str, *approvers: str, **extra) -> dict:
    """A merged pull request as the workflow writes it: ``approvers`` approved its head."""
    reviews = [{"user": name, "state": "APPROVED", "commit": HEAD} for name in approvers]
    data = {
        "number": number,
        "author": author,
        "head": HEAD,
        "commit_authors": [author],
        "reviews": reviews,
    }
    data.update(extra)
    return data


def write_reviews(path: Path, pulls: dict[str, dict | None]) -> Path:
    commits = [{"commit": sha, "pull_request": value} for sha, value in pulls.items()]
    path.write_text(json.dumps({"format": 1, "commits": commits}, indent=2), "utf-8")
    return path


def item(title: str, section: str = "news") -> str:
    fields = {
        "title": title,
        "summary": "这是一条用于测试审核记录的摘要，长度足够通过摘要长度检查。",
        "date": "2026-03-02 09:00",
        "author": "zhangwei",
        "categories": ["公司动态"] if section == "news" else ["市场动态"],
    }
    if section == "industry":
        fields["source"] = {"name": "测试行业观察", "url": "https://news.example.org/a"}
    return front_matter(fields) + "\n正文内容。\n"


class Repo:
    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.project = _base_project(root)
        for section in ("news", "industry"):
            (self.project.content / section / "posts").mkdir(parents=True, exist_ok=True)
        self.project.write(".gitignore", "/site/\n/archives/\n")
        self.repo = init_repo(root)
        self.day = 0

    def change(self, name: str, message: str = "", section: str = "news") -> str:
        """One commit on main adding an item; its SHA."""
        self.day += 1
        rel = f"content/{section}/posts/2026/{name}.md"
        self.project.write(rel, item(f"审核测试新闻{name}", section))
        when = f"2026-03-{self.day:02d} 10:00"
        return commit_all(self.repo, when, message or f"新闻 {name}")


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("approvals")
    r = Repo(root / "site")
    shas = {"init": r.change("init", "Initial site")}
    shas["self"] = r.change("self")
    shas["outsider"] = r.change("outsider")
    shas["direct"] = r.change("direct", "直接提交\n\nApproved-by: chenjing-lanshi")
    shas["bypass"] = r.change("bypass")
    shas["comment-only"] = r.change("comment-only")
    shas["stale"] = r.change("stale")
    shas["withdrawn"] = r.change("withdrawn")
    shas["co-author"] = r.change("co-author")
    r.project.write("content/industry/posts/2026/both.md", item("两个栏目", "industry"))
    shas["two-areas"] = r.change("two-areas")
    shas["good"] = r.change("good")
    # one push of two commits (a rebase merge): the older one carries a forged trailer
    shas["forged"] = r.change("forged", "新闻 forged\n\nApproved-by: chenjing-lanshi")
    shas["newest"] = r.change("newest")
    shas["missing"] = r.change("missing")
    review = {"user": NEWS_B, "state": "APPROVED", "commit": HEAD}
    pulls = {
        shas["init"]: None,
        shas["self"]: pull(11, NEWS_A, NEWS_A),
        shas["outsider"]: pull(12, NEWS_A, "outsider-x"),
        shas["direct"]: None,
        shas["bypass"]: pull(14, NEWS_A),
        shas["comment-only"]: pull(
            15, NEWS_A, reviews=[{"user": NEWS_B, "state": "COMMENTED", "commit": HEAD}]
        ),
        shas["stale"]: pull(16, NEWS_A, reviews=[{**review, "commit": "e" * 40}]),
        shas["withdrawn"]: pull(
            17, NEWS_A, reviews=[review, {**review, "state": "CHANGES_REQUESTED"}]
        ),
        shas["co-author"]: pull(18, NEWS_A, NEWS_B, commit_authors=[NEWS_A, NEWS_B]),
        shas["two-areas"]: pull(19, INDUSTRY_A, NEWS_B),
        # GitHub logins ignore case; a later comment leaves the approval standing
        shas["good"]: pull(
            20,
            NEWS_A,
            reviews=[
                {**review, "user": "ChenJing-Lanshi"},
                {**review, "state": "COMMENTED"},
                {"user": None, "state": "APPROVED", "commit": HEAD},  # a deleted account
            ],
        ),
        shas["forged"]: None,
        shas["newest"]: pull(21, NEWS_A, NEWS_B),
    }
    reviews = write_reviews(root / "reviews.json", pulls)
    pending = r.project.cli("log", "--pending")
    result = r.project.cli("--lang", "en", "log", "--reviews", str(reviews))
    lines = (r.project.content / "update-log.jsonl").read_text("utf-8").splitlines()
    log = {e["commit"]: e for e in map(json.loads, lines)}
    return {"r": r, "shas": shas, "log": log, "result": result, "pending": pending}


def reason(story: dict, name: str) -> str | None:
    record = story["log"][story["shas"][name]]["unreviewed"]
    return record and record["reason"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("init", "direct-push"),
        ("self", "self-approval"),
        ("outsider", "no-owner-approval"),
        ("direct", "direct-push"),  # its Approved-by: trailer counts for nothing
        ("bypass", "no-approval"),
        ("comment-only", "no-approval"),
        ("stale", "stale-approval"),
        ("withdrawn", "no-approval"),  # approved, then asked for changes
        ("co-author", "self-approval"),  # the approver wrote commits of the pull request
        ("two-areas", "no-owner-approval"),
        ("forged", "direct-push"),  # an older commit of the push: judged all the same
        ("missing", "not-in-reviews"),
        ("good", None),
        ("newest", None),
    ],
)
def test_every_change_is_judged_on_its_pull_requests_reviews(story, name, expected):
    assert story["result"].exit_code == 0, story["result"].output
    assert reason(story, name) == expected


def test_approvers_are_only_owners_who_did_not_write_the_change(story):
    log, shas = story["log"], story["shas"]
    assert log[shas["good"]]["approvers"] == [NEWS_B]
    assert log[shas["good"]]["pull_request"] == 20  # GitHub's number, not the message's
    for name in ("self", "outsider", "direct", "bypass", "stale", "co-author", "forged"):
        assert log[shas[name]]["approvers"] == [], name
    outsider = log[shas["outsider"]]["unreviewed"]
    assert outsider == {"reason": "no-owner-approval", "names": ["outsider-x"], "areas": ["news"]}
    # the news owner approved a change that touched industry too: industry lacks its owner
    both = log[shas["two-areas"]]
    assert both["approvers"] == [NEWS_B]
    assert both["unreviewed"]["areas"] == ["industry"]


def test_log_warns_about_every_unreviewed_change(story):
    output, shas = story["result"].output, story["shas"]
    seq = story["log"][shas["self"]]["seq"]
    assert f"Warning: no. {seq} (commit {shas['self'][:12]}" in output
    assert "approved by its own author only (zhangwei-lanshi)" in output
    assert "pushed to main directly, with no pull request" in output
    assert "merged with no approval (an administrator's bypass)" in output
    assert "no A or B owner of industry approved" in output
    assert output.count("Warning: no.") == 12


def test_pending_lists_the_commits_the_workflow_reads_reviews_of(story):
    assert story["pending"].exit_code == 0
    shas = story["pending"].output.split()
    assert shas == list(story["shas"].values())
    again = story["r"].project.cli("log", "--pending")
    assert again.exit_code == 0 and again.output == ""  # all logged now


def test_csv_and_page_show_unreviewed_with_the_reason(story):
    project = story["r"].project
    result = project.cli("log", "--csv")
    assert "未经审核：只有作者本人批准（zhangwei-lanshi）" in result.output
    assert "未经审核：没有 industry 的 A 角或 B 角批准" in result.output
    # the log page is internal by default; this company publishes it
    records = project.root / "site_config" / "records.yml"
    records.write_text(records.read_text("utf-8") + "publish: true\n", encoding="utf-8")
    built = project.pipeline("build")
    assert built.returncode == 0, built.stderr
    page = project.html("update-log/")
    assert "未经审核：直接推送到主分支，没有经过 Pull Request" in page


# -- the reviews file ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Repo:
    r = Repo(tmp_path_factory.mktemp("small") / "site")
    r.change("one")
    return r


@pytest.mark.parametrize(
    ("text", "where", "expected"),
    [
        ('{"format": 1, "commits": [\n  {"commit": "abc"\n', ":3:", "malformed"),
        ('{"format": 2, "commits": []}', ":1:", '"format": 1'),
        ('{"format": 1,\n "commits": {}}', ":2:", '"commits" must be a list'),
        (
            '{"format": 1, "commits": [\n{"commit": "' + "a" * 40 + '",\n'
            ' "pull_request": {"number": "7"}}]}',
            ":2:",
            '"number" must be the pull request number',
        ),
    ],
)
def test_a_bad_reviews_file_names_its_line_and_cause(small, tmp_path, text, where, expected):
    path = tmp_path / "reviews.json"
    path.write_text(text, "utf-8")
    result = small.project.cli("--lang", "en", "log", "--reviews", str(path))
    assert result.exit_code == 2, result.output
    assert f"{path}{where}" in result.output and expected in result.output
    assert "Traceback" not in result.output
    assert not (small.project.content / "update-log.jsonl").exists()


def test_a_missing_reviews_file_is_named(small, tmp_path):
    result = small.project.cli("--lang", "en", "log", "--reviews", str(tmp_path / "nope.json"))
    assert result.exit_code == 2 and "the reviews file does not exist" in result.output


def test_log_without_reviews_records_everything_as_not_reviewed(tmp_path):
    r = Repo(tmp_path / "site")
    sha = r.change("one", "新闻\n\nApproved-by: chenjing-lanshi")
    result = r.project.cli("log")
    assert result.exit_code == 0
    assert "没有给出 --reviews" in result.output
    (entry,) = map(json.loads, (r.project.content / "update-log.jsonl").read_text().splitlines())
    assert entry["commit"] == sha and entry["approvers"] == []
    assert entry["unreviewed"] == {"reason": "no-reviews", "names": [], "areas": []}


def test_without_roles_nobody_can_be_confirmed_as_an_owner(tmp_path):
    r = Repo(tmp_path / "site")
    (r.project.root / "site_config/roles.yml").unlink()
    sha = r.change("one")
    reviews = write_reviews(tmp_path / "reviews.json", {sha: pull(3, NEWS_A, NEWS_B)})
    result = r.project.cli("--lang", "en", "log", "--reviews", str(reviews))
    assert result.exit_code == 0, result.output
    assert "no site_config/roles.yml to confirm the approvers (chenjing-lanshi)" in result.output
    (entry,) = map(json.loads, (r.project.content / "update-log.jsonl").read_text().splitlines())
    assert entry["approvers"] == [] and entry["unreviewed"]["reason"] == "no-roles"


def test_one_mode_at_a_time(small, tmp_path):
    result = small.project.cli("log", "--csv", "--repair")
    assert result.exit_code == 2 and "每次只能用一个" in result.output


# -- the lock --------------------------------------------------------------------------------


def many_commits(root: Path, count: int) -> Repo:
    """A repository of ``count`` content commits, made quickly with one git process."""
    r = Repo(root)
    r.change("seed")
    lines = []
    for n in range(count):
        data = item(f"批量{n}").encode("utf-8")
        lines += [
            b"commit refs/heads/main",
            f"committer 张伟 <zhangwei@example.com> {1772500000 + n * 60} +0800".encode(),
            b"data 6",
            b"batch\n",
        ]
        if n == 0:
            lines.append(f"from {r.repo.head.commit.hexsha}".encode())
        lines += [
            f"M 100644 inline content/news/posts/2026/batch-{n}.md".encode(),
            f"data {len(data)}".encode(),
            data,
        ]
    subprocess.run(
        ["git", "fast-import", "--quiet"],
        input=b"\n".join(lines) + b"\n",
        cwd=root,
        check=True,
    )
    r.repo.git.reset("--hard", "main")
    return r


def test_two_concurrent_runs_log_every_commit_once(tmp_path):
    r = many_commits(tmp_path / "site", 120)
    command = [sys.executable, "-m", "pipeline", "log"]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    runs = [subprocess.Popen(command, cwd=r.project.root, **pipes) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    log = r.project.content / "update-log.jsonl"
    entries = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert [e["seq"] for e in entries] == list(range(1, 122))
    assert len({e["commit"] for e in entries}) == 121
    # one of them wrote everything, the other found nothing new
    said = sorted(b"Appended" in err + out or "追加".encode() in out for out, err in outputs)
    assert said == [False, True]
    assert not lock_path(log).exists()  # no stray file in content/
    assert not r.repo.is_dirty(untracked_files=True, path="content/news")


HOLD = """
import fcntl, sys, time
handle = open(sys.argv[1], "a+b")
fcntl.flock(handle, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_run_waits_for_the_lock_and_names_it_when_it_waits_too_long(tmp_path):
    log = tmp_path / "content" / "update-log.jsonl"
    log.parent.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lock_path(log)), "1.5"], stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout.readline().strip() == b"locked"
        with pytest.raises(ConfigError) as caught, log_lock(log, "content/update-log.jsonl", 0.3):
            pass
        text = caught.value.render("en")
        assert "content/.update-log.jsonl.lock" in text and "after 0.3 seconds" in text
        started = time.monotonic()
        with log_lock(log, "content/update-log.jsonl", wait=30):
            waited = time.monotonic() - started
        assert waited > 0.5  # it waited for the other process to let go
    finally:
        holder.kill()
        holder.wait()


# -- a damaged log ---------------------------------------------------------------------------


def test_a_damaged_log_names_the_line_and_repair_fixes_only_the_damage(tmp_path):
    r = Repo(tmp_path / "site")
    for name in ("a", "b", "c"):
        r.change(name)
    assert r.project.cli("log").exit_code == 0
    log = r.project.content / "update-log.jsonl"
    good = log.read_bytes()
    lines = good.decode("utf-8").splitlines()
    # what two runs at once left: the last two entries again, under the same numbers
    log.write_bytes(good + ("\n".join(lines[1:]) + "\n").encode("utf-8"))
    later = r.change("d")
    assert r.project.cli("log").exit_code == 2
    result = r.project.cli("--lang", "en", "log")
    assert "content/update-log.jsonl:4:" in result.output
    assert "pipeline log --repair" in result.output
    # and a line broken by hand, after an entry logged with a reused number
    entry = json.loads(lines[-1]) | {"commit": later, "seq": 2}
    with log.open("a", encoding="utf-8") as out:
        out.write(json.dumps(entry, ensure_ascii=False) + "\n{broken\n")
    repaired = r.project.cli("--lang", "en", "log", "--repair")
    assert repaired.exit_code == 0, repaired.output
    text = repaired.output
    assert "update-log.jsonl:4: dropped a repeated entry (the same commit as line 2)" in text
    assert "update-log.jsonl:6: no. 2 renumbered 4" in text
    assert "update-log.jsonl:7: dropped an unreadable line" in text
    after = log.read_bytes()
    assert after.startswith(good)  # the valid entries, byte for byte
    entries = [json.loads(line) for line in after.decode("utf-8").splitlines()]
    assert [e["seq"] for e in entries] == [1, 2, 3, 4]
    assert entries[-1]["commit"] == later
    assert r.project.cli("log").exit_code == 0  # readable again
    again = r.project.cli("--lang", "en", "log", "--repair")
    assert "is not damaged; nothing was changed" in again.output
    assert log.read_bytes() == after


def test_publish_summary_warns_about_unreviewed_changes(tmp_path):
    """`pipeline ci publish` judges with the same reviews and says so in the job summary."""
    origin = tmp_path / "origin.git"
    r = Repo(tmp_path / "site")
    r.change("init", "Initial site")
    r.repo.git.init("--bare", "--initial-branch=main", str(origin))
    r.repo.create_remote("origin", str(origin))
    r.repo.git.push("origin", "main")
    own = r.change("own")
    fine = r.change("fine")
    reviews = write_reviews(
        tmp_path / "reviews.json",
        {
            r.repo.commit("main~2").hexsha: None,
            own: pull(3, NEWS_A, NEWS_A),
            fine: pull(4, NEWS_A, NEWS_B),
        },
    )
    summary = tmp_path / "summary.md"
    result = r.project.cli("ci", "publish", "--reviews", str(reviews), "--summary", str(summary))
    assert result.exit_code == 0, result.output
    text = summary.read_text("utf-8")
    assert "## ⚠️ 未经审核的更新" in text
    assert f"`{own[:12]}`" in text and "只有作者本人批准（zhangwei-lanshi）" in text
    assert f"`{fine[:12]}`" not in text.split("未经审核的更新")[1]
    assert "::warning title=未经审核的更新::" in result.output
