"""The publishing story end to end, on a real git repository with a bare "origin", through
the same `pipeline ci …` commands the GitHub workflows run; A/B roles and CODEOWNERS; the
editors' pre-commit hook through the real `pre-commit`.

The story is played once per module (three site builds: the pull request, the publish
run and the archive); each test asserts one result of it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import git
import pytest
from conftest import (
    REPO,
    Project,
    _base_project,
    commit_all,
    git_dates,
    init_repo,
    link_venv,
    make_jpeg,
)
from test_records_approvals import pull, write_reviews

from pipeline.ci.gitrepo import BOT_NAME, SKIP_CI

VENV_BIN = Path(sys.executable).parent
REVIEWER = "chenjing-lanshi"


def commit(repo: git.Repo, when: str, message: str, author: str = "张伟") -> str:
    return commit_all(repo, when, message, "--no-verify", author=author)


def seeded_project(root: Path) -> Project:
    """The sample configuration, two items and a .gitignore like the repository's."""
    root.mkdir(parents=True, exist_ok=True)
    project = _base_project(root)
    project.write(".gitignore", "/site/\n/site-preview/\n/archives/\n/.cache/\n/.site*\n")
    project.write_item(
        "news",
        "2026-04-08-partner",
        title="澜石科技与华东电网签署合作协议",
        date="2026-04-08 10:00",
        slug="partner",
        categories=["合作签约"],
        body="双方将在能源管理领域开展合作。\n\n客户评价这是最佳的合作伙伴。\n\n合作范围包括储能。\n",
    )
    project.write_item(
        "industry",
        "2026-04-09-policy",
        title="工业互联网专项政策发布",
        date="2026-04-09 08:00",
        slug="policy",
        categories=["政策法规"],
    )
    return project


class Story:
    """What each step of the story printed and left behind."""

    def __init__(self, root: Path) -> None:
        self.origin = git.Repo.init(root / "origin.git", bare=True, initial_branch="main")
        self.project = seeded_project(root / "work")
        self.repo = init_repo(self.project.root)
        self.files = root / "outputs"
        self.files.mkdir()

    def ci(self, *args: str):
        return self.project.cli("ci", *args)


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> Story:
    s = Story(tmp_path_factory.mktemp("ci-story"))
    project, repo = s.project, s.repo
    s.initial = commit(repo, "2026-04-01 09:00", "Initial site")
    repo.create_remote("origin", s.origin.git_dir)
    repo.git.push("origin", "main")

    # an editor's pull request: a news item with a photo
    repo.git.checkout("-b", "zhangwei/open-day")
    make_jpeg(project.content / "news/posts/2026/open-day.jpg", size=(1200, 800))
    project.write_item(
        "news",
        "2026-06-10-open-day",
        title="澜石科技举办开放日活动",
        date="2026-06-10 10:00",
        slug="open-day",
        categories=["公司动态"],
        body="六十多位客户参观了杭州总部。\n\n![开放日现场](open-day.jpg)\n",
    )
    commit(repo, "2026-06-10 11:00", "新闻：开放日")
    repo.git.push("origin", "zhangwei/open-day")
    s.pr_summary = s.files / "pr-summary.md"
    s.pr = s.ci("pull-request", "--base", "main", "--head", "HEAD", "--summary", str(s.pr_summary))

    # another pull request with problems, on a new item and on an existing one
    repo.git.checkout("-b", "liuyang/draft", "main")
    project.write_item(
        "industry",
        "2026-06-12-market",
        title="储能市场规模持续扩大",
        date="2026-06-12 08:00",
        categories=["市场动态"],
        body="储能是业内最佳的调峰方式。\n\n![](chart.png)\n",
    )
    partner = project.content / "news/posts/2026/2026-04-08-partner.md"
    partner.write_text(
        partner.read_text("utf-8").replace("储能。", "储能与最佳充电方案。"), "utf-8"
    )
    commit(repo, "2026-06-12 09:00", "行业资讯：储能市场", author="刘洋")
    s.bad_summary = s.files / "bad-summary.md"
    s.bad = s.ci("pull-request", "--base", "main", "--summary", str(s.bad_summary))
    repo.git.checkout("main")

    # a pull request whose raw HTML links an anchor that does not exist: only the link
    # check can see it
    repo.git.checkout("-b", "chenjing/anchor", "main")
    project.write_item(
        "news",
        "2026-06-15-visit",
        title="客户代表来访澜石科技",
        date="2026-06-15 10:00",
        slug="visit",
        body='详见<a href="/about/#no-such-part">关于我们</a>。\n',
    )
    commit(repo, "2026-06-15 11:00", "新闻：客户来访", author="陈静")
    s.anchor_summary = s.files / "anchor-summary.md"
    s.anchor = s.ci("pull-request", "--base", "main", "--summary", str(s.anchor_summary))
    repo.git.checkout("main")

    # the first pull request is approved and merged
    repo.git.merge(
        "--no-ff",
        "zhangwei/open-day",
        "-m",
        "Merge pull request #7 from zhangwei/open-day\n\nReviewed-by: 王经理 <wang@example.com>",
        env=git_dates("2026-06-11 15:00", "王经理"),
    )
    s.merge = repo.head.commit.hexsha
    repo.git.push("origin", "main")

    # the publish workflow on main, with the reviews it read from GitHub: the first commit
    # was pushed directly, the pull request approved by the news section's B owner
    reviews = write_reviews(
        s.files / "reviews.json",
        {s.initial: None, s.merge: pull(7, "zhangwei-lanshi", REVIEWER)},
    )
    s.publish_summary = s.files / "publish-summary.md"
    s.publish = s.ci(
        "publish", "--push", "--reviews", str(reviews), "--summary", str(s.publish_summary)
    )
    s.again = s.ci("publish", "--push")

    # the quarterly archive, on the first days of the next quarter, run twice
    s.outputs = s.files / "github-output"
    s.archive = s.ci(
        "archive", "--push", "--now", "2026-07-02 10:00", "--github-output", str(s.outputs)
    )
    s.rerun = s.ci("archive", "--push", "--now", "2026-07-02 10:00")
    return s


# --- the pull request ------------------------------------------------------------------------


def test_pull_request_passes_and_builds_the_item_with_its_image(story: Story) -> None:
    assert story.pr.exit_code == 0, story.pr.output
    page = story.project.html("news/2026/06/10/open-day/")
    assert "<picture>" in page and "开放日现场" in page


def test_pull_request_summary_lists_the_item_the_findings_and_image_savings(story: Story) -> None:
    summary = story.pr_summary.read_text("utf-8")
    item = "content/news/posts/2026/2026-06-10-open-day.md"
    assert f"| 公司新闻 | 新增《澜石科技举办开放日活动》 | `{item}` |" in summary
    assert "## 内容检查结果" in summary and "可以发布" in summary
    assert "图片：" in summary and "节省" in summary
    assert "网站构建成功" in summary
    # only the pull request's files are reported: the old item's warning is not its business
    assert "2026-04-08-partner.md" not in summary


def test_pull_request_with_problems_fails_with_annotations_on_changed_lines(story: Story) -> None:
    out = story.bad.output
    assert story.bad.exit_code == 1
    new = "content/industry/posts/2026/2026-06-12-market.md"
    assert f"::error file={new},line=" in out and "title=images/missing-alt" in out
    assert f"::warning file={new},line=" in out and "title=guard/term" in out
    # the old item has a warning on a line the pull request changed (annotated) and one on
    # a line it did not touch (reported, not annotated)
    old = "content/news/posts/2026/2026-04-08-partner.md"
    text = story.repo.git.show(f"liuyang/draft:{old}").splitlines()
    untouched = next(n for n, line in enumerate(text, 1) if "最佳的合作伙伴" in line)
    changed = next(n for n, line in enumerate(text, 1) if "最佳充电" in line)
    assert f"::warning file={old},line={changed}," in out
    assert f"file={old},line={untouched}," not in out
    assert f"{untouched}:" in out  # in the report for people
    summary = story.bad_summary.read_text("utf-8")
    assert "| 行业资讯 | 新增《储能市场规模持续扩大》 |" in summary
    assert "| 公司新闻 | 更新《澜石科技与华东电网签署合作协议》 |" in summary
    assert "不能发布" in summary or "有错误" in summary
    assert "有错误，没有构建网站。" in summary


def test_pull_request_with_a_broken_anchor_fails_on_the_link_check(story: Story) -> None:
    assert story.anchor.exit_code == 1, story.anchor.output
    summary = story.anchor_summary.read_text("utf-8")
    assert "网站构建成功" in summary and "链接检查发现问题" in summary
    assert "## 链接检查结果" in summary and "`links/missing-anchor`" in summary
    page = "content/news/posts/2026/2026-06-15-visit.md"
    assert f"| `{page}:11:12` | 错误 |" in summary  # with the page, line and column


# --- publishing ------------------------------------------------------------------------------


def log_entries(story: Story) -> list[dict]:
    path = story.project.root / "content/update-log.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_publish_builds_the_site_and_logs_the_merge_with_its_approvers(story: Story) -> None:
    assert story.publish.exit_code == 0, story.publish.output
    assert (story.project.site / "news/2026/06/10/open-day/index.html").is_file()
    entries = log_entries(story)
    assert [e["commit"] for e in entries] == [story.initial, story.merge]
    merged = entries[-1]
    # the pull request's reviews (from CI) are the record; the merge message's trailer is not
    assert merged["approvers"] == [REVIEWER]
    assert merged["pull_request"] == 7
    assert merged["changes"][0]["action"] == "added"
    assert merged["changes"][0]["title"] == "澜石科技举办开放日活动"
    # the update log is internal (records.yml has no `publish: true`): never deployed
    assert not (story.project.site / "update-log").exists()
    summary = story.publish_summary.read_text("utf-8")
    assert "#2 新增《澜石科技举办开放日活动》" in summary and REVIEWER in summary
    # the first commit reached main with no pull request: published, and flagged
    assert entries[0]["unreviewed"]["reason"] == "direct-push"
    assert "未经审核的更新" in summary and "直接推送到主分支" in summary


def test_publish_pushes_the_log_as_the_bot_without_triggering_ci(story: Story) -> None:
    tip = story.origin.commit("main")
    assert tip.parents[0].hexsha == story.merge
    assert tip.author.name == BOT_NAME and tip.committer.name == BOT_NAME
    assert SKIP_CI in tip.message
    assert [d.b_path for d in tip.parents[0].diff(tip)] == ["content/update-log.jsonl"]
    logged = (tip.tree / "content/update-log.jsonl").data_stream.read()
    assert logged == (story.project.root / "content/update-log.jsonl").read_bytes()
    assert story.repo.head.commit == tip


def test_publish_again_adds_nothing_and_pushes_nothing(story: Story) -> None:
    assert story.again.exit_code == 0, story.again.output
    assert "更新记录没有新内容" in story.again.output
    assert len(log_entries(story)) == 2


# --- the quarterly archive -------------------------------------------------------------------


def test_archive_tags_the_quarter_and_pushes_the_tag(story: Story) -> None:
    assert story.archive.exit_code == 0, story.archive.output
    tag = story.origin.tags["archive/2026-Q2"]
    assert tag.commit.hexsha == story.merge  # main's last commit of the quarter
    outputs = dict(line.split("=", 1) for line in story.outputs.read_text("utf-8").splitlines())
    assert outputs["tag"] == "archive/2026-Q2" and outputs["created"] == "true"
    bundle = story.project.root / outputs["bundle"]
    assert bundle.is_file() and outputs["sha256"] in tag.tag.message
    notes = (story.project.root / outputs["notes"]).read_text("utf-8")
    assert notes.strip() == tag.tag.message.strip()


def test_archive_is_safe_to_rerun(story: Story) -> None:
    assert story.rerun.exit_code == 0, story.rerun.output
    assert "created=false" in story.rerun.output
    assert story.origin.tags["archive/2026-Q2"].commit.hexsha == story.merge
    assert [t.name for t in story.origin.tags] == ["archive/2026-Q2"]


# --- failures that must change nothing -------------------------------------------------------


def test_publish_with_errors_on_main_leaves_log_and_origin_untouched(tmp_path: Path) -> None:
    origin = git.Repo.init(tmp_path / "origin.git", bare=True, initial_branch="main")
    project = seeded_project(tmp_path / "work")
    repo = init_repo(project.root)
    commit(repo, "2026-04-01 09:00", "Initial site")
    repo.create_remote("origin", origin.git_dir)
    repo.git.push("origin", "main")
    log = project.root / "content/update-log.jsonl"
    project.write_item("news", "2026-05-01-broken", body="见[不存在的文章](nowhere.md)。\n")
    commit(repo, "2026-05-01 09:00", "直接提交到主分支")
    result = project.cli("ci", "publish", "--push")
    assert result.exit_code == 1
    assert "ref/missing-page" in result.output
    assert not log.exists()  # the entries written before the build are taken back
    assert origin.commit("main").hexsha != repo.head.commit.hexsha
    assert not repo.is_dirty(untracked_files=True)


def test_publish_refuses_outside_main(tmp_path: Path) -> None:
    project = seeded_project(tmp_path)
    repo = init_repo(project.root)
    commit(repo, "2026-04-01 09:00", "Initial site")
    repo.git.checkout("-b", "feature")
    result = project.cli("ci", "publish")
    assert result.exit_code == 2
    assert "发布只能在主分支“main”上运行" in result.output


def test_pull_request_names_an_unknown_base(tmp_path: Path) -> None:
    project = seeded_project(tmp_path)
    repo = init_repo(project.root)
    commit(repo, "2026-04-01 09:00", "Initial site")
    result = project.cli("--lang", "en", "ci", "pull-request", "--base", "origin/nope")
    assert result.exit_code == 2
    assert "git knows no 'origin/nope'" in result.output
    assert "fetch-depth: 0" in result.output


# --- A/B roles and CODEOWNERS ----------------------------------------------------------------


def roles_findings(project: Project, *args: str) -> tuple[int, list[dict]]:
    result = project.cli(*args, "check", "--format", "json")
    data = json.loads(result.stdout)
    return result.exit_code, [f for f in data["findings"] if f["rule"].startswith("roles/")]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


def test_roles_writes_codeowners_and_the_checks_accept_it(empty_project: Project) -> None:
    (empty_project.root / ".github").mkdir()
    status, found = roles_findings(empty_project)
    assert status == 1 and [f["rule"] for f in found] == ["roles/codeowners-missing"]
    result = empty_project.cli("roles")
    assert result.exit_code == 0 and "已写入 .github/CODEOWNERS" in result.output
    codeowners = (empty_project.root / ".github/CODEOWNERS").read_text("utf-8")
    assert "/content/news/ @zhangwei-lanshi @chenjing-lanshi" in codeowners
    assert "/content/*.md @chenjing-lanshi @wangfang-lanshi" in codeowners
    assert roles_findings(empty_project) == (0, [])
    assert "已是最新" in empty_project.cli("roles").output


def test_codeowners_edited_by_hand_is_out_of_date(empty_project: Project) -> None:
    empty_project.cli("roles")
    path = empty_project.root / ".github/CODEOWNERS"
    path.write_text(path.read_text("utf-8").replace("@liuyang-lanshi", "@someone"), "utf-8")
    status, found = roles_findings(empty_project)
    assert status == 1
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [
        ("roles/codeowners-outdated", ".github/CODEOWNERS", line_of(path, "@someone"))
    ]
    assert "pipeline roles" in found[0]["hint"]


def test_roles_changed_without_codeowners_is_out_of_date(empty_project: Project) -> None:
    empty_project.cli("roles")
    roles = empty_project.root / "site_config/roles.yml"
    roles.write_text(roles.read_text("utf-8").replace("b: zhaolei-lanshi", "b: sunli-lanshi"))
    status, found = roles_findings(empty_project)
    assert status == 1 and found[0]["rule"] == "roles/codeowners-outdated"


@pytest.mark.parametrize(
    ("old", "new", "rule", "at"),
    [
        ("    b: chenjing-lanshi\n", "", "roles/missing-owner", "  news:"),
        ("    b: chenjing-lanshi", "    b: ZhangWei-Lanshi", "roles/same-owner", "  news:"),
    ],
)
def test_each_area_needs_two_different_owners(
    empty_project: Project, old: str, new: str, rule: str, at: str
) -> None:
    roles = empty_project.root / "site_config/roles.yml"
    roles.write_text(roles.read_text("utf-8").replace(old, new), "utf-8")
    status, found = roles_findings(empty_project)
    assert status == 1
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [
        (rule, "site_config/roles.yml", line_of(roles, at))
    ]


def test_every_area_must_be_named(empty_project: Project) -> None:
    roles = empty_project.root / "site_config/roles.yml"
    text = roles.read_text("utf-8")
    start = text.index("  industry:")
    roles.write_text(text[:start] + text[text.index("  site_config:") :], "utf-8")
    status, found = roles_findings(empty_project, "--lang", "en")
    assert status == 1
    assert [(f["rule"], f["line"]) for f in found] == [
        ("roles/missing-area", line_of(roles, "areas:"))
    ]
    assert "'industry'" in found[0]["message"]


def test_a_bad_handle_is_a_configuration_error_at_its_line(empty_project: Project) -> None:
    roles = empty_project.root / "site_config/roles.yml"
    roles.write_text(roles.read_text("utf-8").replace("a: liuyang-lanshi", "a: 刘洋"), "utf-8")
    result = empty_project.cli("check")
    assert result.exit_code == 2
    assert f"site_config/roles.yml:{line_of(roles, 'a: 刘洋')}:" in result.output
    assert "不是 GitHub 用户名" in result.output


def test_an_extra_area_needs_its_paths(empty_project: Project) -> None:
    roles = empty_project.root / "site_config/roles.yml"
    roles.write_text(
        roles.read_text("utf-8") + "  downloads:\n    a: zhangwei-lanshi\n    b: liuyang-lanshi\n"
    )
    result = empty_project.cli("--lang", "en", "check")
    assert result.exit_code == 2
    assert f"site_config/roles.yml:{line_of(roles, 'downloads:')}:" in result.output
    assert "the area 'downloads' has no paths" in result.output
    roles.write_text(roles.read_text("utf-8") + "    paths: [/content/downloads/]\n")
    empty_project.cli("roles")
    codeowners = (empty_project.root / ".github/CODEOWNERS").read_text("utf-8")
    assert codeowners.endswith("/content/downloads/ @zhangwei-lanshi @liuyang-lanshi\n")


def test_the_push_token_travels_as_a_header_for_https_remotes_only(monkeypatch) -> None:
    from pipeline.ci.gitrepo import TOKEN_VARIABLE, _auth_env

    monkeypatch.setenv(TOKEN_VARIABLE, "secret-token")
    header = _auth_env("https://github.com/lanshi/website.git")
    assert header["GIT_CONFIG_KEY_0"] == "http.https://github.com/.extraheader"
    assert (
        header["GIT_CONFIG_VALUE_0"] == "AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46c2VjcmV0LXRva2Vu"
    )
    assert _auth_env("/tmp/origin.git") == {}
    monkeypatch.delenv(TOKEN_VARIABLE)
    assert _auth_env("https://github.com/lanshi/website.git") == {}


def test_the_repositorys_codeowners_matches_its_roles() -> None:
    from pipeline.config.site import load_site_config
    from pipeline.roles.settings import render_codeowners

    roles = load_site_config(REPO).roles
    assert (REPO / ".github/CODEOWNERS").read_text("utf-8") == render_codeowners(roles)


# --- the editors' pre-commit hook ------------------------------------------------------------


def test_pre_commit_hook_blocks_a_bad_file_and_lets_a_good_one_through(
    project: Project, tmp_path_factory
) -> None:
    for name in (".pre-commit-config.yaml", "dev.py", "requirements.lock", "pyproject.toml"):
        shutil.copy(REPO / name, project.root)
    link_venv(project.root)  # the hook runs `python dev.py check`, which must not install
    project.write(".gitignore", "/.venv\n/site/\n/.cache/\n")
    repo = init_repo(project.root)
    commit(repo, "2026-04-01 09:00", "Initial site")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",
    }
    subprocess.run([VENV_BIN / "pre-commit", "install"], cwd=project.root, env=env, check=True)
    head = repo.head.commit.hexsha

    bad = project.write_item("news", "2026-07-01-bad", title="新闻", body="内部资料，注意保密。\n")
    repo.git.add(A=True)
    blocked = subprocess.run(
        ["git", "commit", "-m", "坏文章"], cwd=project.root, env=env, capture_output=True, text=True
    )
    assert blocked.returncode != 0
    report = blocked.stdout + blocked.stderr  # git shows a hook's output on stderr
    assert "schema/too-short" in report and "guard/term" in report
    assert repo.head.commit.hexsha == head

    bad.write_text(
        bad.read_text("utf-8")
        .replace("title: 新闻", "title: 澜石科技七月新闻")
        .replace("内部资料，注意保密。", "七月的公司新闻。"),
        "utf-8",
    )
    repo.git.add(A=True)
    passed = subprocess.run(
        ["git", "commit", "-m", "好文章"], cwd=project.root, env=env, capture_output=True, text=True
    )
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "网站内容检查" in passed.stdout + passed.stderr
    assert repo.head.commit.hexsha != head
