"""Records: the update log from a scripted year of git history, and quarterly archives.

One real repository is scripted once per module (commit dates set through
GIT_AUTHOR_DATE / GIT_COMMITTER_DATE): merge commits, squash merges, linear history,
a rename, a removal, a revert, a commit touching many items, non-ASCII paths and
titles, a draft, and a change without content. The quarters of 2025 are archived
once; the tests read what that produced, so the suite needs four site builds here.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import tarfile
from pathlib import Path

import git
import pytest
from browser_support import require_chromium, require_node
from conftest import Project, _base_project, commit_all, front_matter, git_dates, init_repo
from test_records_approvals import pull, write_reviews

from pipeline.records.bagit import verify_bundle

AUTHORS = {"zhangwei": "张伟", "liuyang": "刘洋"}


def item_text(title: str, date: str, section: str = "news", **extra) -> str:
    fields = {
        "title": title,
        "summary": "这是一条用于测试更新记录的摘要，长度足够通过摘要长度检查。",
        "date": date,
        "author": "zhangwei",
        "categories": ["公司动态"] if section == "news" else ["市场动态"],
    }
    if section == "industry":
        fields["source"] = {"name": "测试行业观察", "url": "https://news.example.org/a"}
    fields.update(extra)
    return front_matter(fields) + "\n正文内容。\n"


class Script:
    """Writes files and commits them with fixed dates (Asia/Shanghai)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.repo = init_repo(project.root)
        with self.repo.config_writer() as config:
            config.set_value("core", "quotepath", "true")  # git's default: paths quoted

    @staticmethod
    def env(when: str, author: str = "张伟") -> dict:
        return git_dates(when, author)

    def commit(self, when: str, message: str, author: str = "张伟") -> str:
        return commit_all(self.repo, when, message, "--allow-empty", author=author)

    def log(self, *args: str):
        result = self.project.cli("log", *args)
        assert result.exit_code == 0, result.output
        return result


def bare_project(root: Path) -> Project:
    project = _base_project(root)
    for section in ("news", "industry"):
        (project.content / section / "posts").mkdir(parents=True, exist_ok=True)
    project.write(".gitignore", "/archives/\n/site/\n")
    return project


def _news(project: Project, name: str, title: str, date: str, **extra) -> str:
    rel = f"content/news/posts/2025/{name}.md"
    project.write(rel, item_text(title, date, **extra))
    return rel


@pytest.fixture(scope="module")
def scripted(tmp_path_factory) -> dict:
    """A year of history: each quarter's changes, then the quarter's update-log commit."""
    root = tmp_path_factory.mktemp("records")
    project = _base_project(root)
    for section in ("news", "industry"):
        (project.content / section / "posts" / "2025").mkdir(parents=True, exist_ok=True)
        project.write(f"content/{section}/posts/2025/.keep", "")
    project.write("README.md", "# 测试站点\n")
    project.write(".gitignore", "/archives/\n/site/\n")
    s = Script(project)
    shas: dict[str, str] = {}
    # --- 2025 Q1: the first commit, a squash merge, a merge commit (non-ASCII path) ---
    shas["init"] = s.commit("2025-01-06 10:00", "Initial site\n\nReviewed-by: 王经理 <wang@x.cn>")
    _news(project, "gateway", "澜石科技发布新一代网关", "2025-02-10 09:00", slug="gateway")
    shas["squash"] = s.commit(
        "2025-02-10 11:00",
        # the squashed commit's own text names an approver too: only the trailer block counts
        "新闻：新一代网关 (#3)\n\n* 初稿\nReviewed-by: 刘洋自己\n\nApproved-by: 李审核 <li@x.cn>",
    )
    s.repo.git.checkout("-b", "liuyang/industry")
    project.write(
        "content/industry/posts/2025/行业观察.md",
        item_text("工业互联网“十五五”展望", "2025-03-01 08:00", "industry", slug="outlook"),
    )
    s.commit("2025-03-01 09:00", "行业资讯初稿", author="刘洋")
    project.write(
        "content/industry/posts/2025/行业观察.md",
        item_text("工业互联网“十五五”展望与机遇", "2025-03-01 08:00", "industry", slug="outlook"),
    )
    s.commit("2025-03-02 09:00", "修改标题", author="刘洋")
    s.repo.git.checkout("main")
    s.repo.git.merge(
        "--no-ff",
        "liuyang/industry",
        "-m",
        "Merge pull request #5 from liuyang/industry\n\nReviewed-by: 王经理",
        env=s.env("2025-03-03 15:00"),
    )
    shas["merge"] = s.repo.head.commit.hexsha
    # what the publish workflow read from GitHub: the first commit was pushed directly;
    # the trailers above are the authors' own text and count for nothing
    q1 = write_reviews(
        root.parent / f"{root.name}-q1-reviews.json",
        {
            shas["init"]: None,
            shas["squash"]: pull(3, "liuyang-lanshi", "chenjing-lanshi"),
            shas["merge"]: pull(5, "liuyang-lanshi", "zhangwei-lanshi"),
        },
    )
    s.log("--reviews", str(q1))
    shas["log-q1"] = s.commit("2025-03-31 23:00", "更新记录")
    # --- 2025 Q2: no content, a rename, many items at once ---
    project.write("README.md", "# 测试站点\n\n说明。\n")
    shas["readme"] = s.commit("2025-04-08 10:00", "README")
    s.repo.git.mv(
        "content/news/posts/2025/gateway.md", "content/news/posts/2025/2025-02-10-gateway.md"
    )
    shas["rename"] = s.commit("2025-05-12 10:00", "按日期重命名文件")
    for n in range(1, 4):
        _news(project, f"batch-{n}", f"澜石科技批量新闻第{n}条", f"2025-06-0{n} 09:00")
    project.write_page("about.md", "关于我们", "澜石科技专注工业物联网与能源管理，服务制造业客户。")
    shas["many"] = s.commit("2025-06-02 10:00", "六月新闻三条，更新关于我们")
    s.log()
    shas["log-q2"] = s.commit("2025-06-30 23:00", "更新记录")
    # --- 2025 Q3: a removal, a title change, its revert ---
    (project.content / "news/posts/2025/batch-3.md").unlink()
    shas["remove"] = s.commit("2025-07-15 10:00", "撤下一条新闻")
    _news(project, "batch-1", "澜石科技批量新闻第一条（修订）", "2025-06-01 09:00", slug="batch-1")
    shas["retitle"] = s.commit("2025-08-20 10:00", "修改标题")
    s.repo.git.revert("--no-edit", "HEAD", env=s.env("2025-09-10 10:00"))
    shas["revert"] = s.repo.head.commit.hexsha
    s.log()
    shas["log-q3"] = s.commit("2025-09-30 23:00", "更新记录")
    # --- 2025 Q4: a draft (not published), then published; reviews read by CI ---
    _news(project, "draft", "澜石科技年终活动预告", "2025-12-01 09:00", draft=True)
    shas["draft"] = s.commit("2025-11-05 10:00", "草稿：年终活动")
    _news(project, "draft", "澜石科技年终活动预告", "2025-12-01 09:00", draft=False)
    shas["publish"] = s.commit("2025-12-01 10:00", "发布：年终活动")
    q4 = write_reviews(
        root.parent / f"{root.name}-q4-reviews.json",
        {shas["publish"]: pull(9, "zhangwei-lanshi", "zhangwei-lanshi", "chenjing-lanshi")},
    )
    s.log("--reviews", str(q4))
    shas["log-q4"] = s.commit("2025-12-31 23:00", "更新记录")
    head_before = s.repo.head.commit.hexsha
    outputs = {}
    for quarter in ("2025Q1", "2025Q2", "2025Q3", "2025Q4"):
        result = project.cli("archive", quarter)
        assert result.exit_code == 0, result.output
        outputs[quarter] = result.output
    return {"project": project, "repo": s.repo, "shas": shas, "head": head_before, "out": outputs}


def entries(project: Project) -> list[dict]:
    text = (project.content / "update-log.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines()]


def by_commit(project: Project) -> dict[str, dict]:
    return {e["commit"]: e for e in entries(project)}


# -- the update log --------------------------------------------------------------------------


def test_log_has_one_entry_per_content_change_numbered_in_order(scripted):
    shas, logged = scripted["shas"], entries(scripted["project"])
    expected = ["init", "squash", "merge", "rename", "many", "remove", "retitle", "revert"]
    assert [e["commit"] for e in logged] == [shas[k] for k in [*expected, "publish"]]
    assert [e["seq"] for e in logged] == list(range(1, 10))
    skipped = {shas[k] for k in ("readme", "draft", "log-q1", "log-q2", "log-q3")}
    assert not skipped & {e["commit"] for e in logged}


def test_entry_fields_dates_authors_and_approvers(scripted):
    shas, log = scripted["shas"], by_commit(scripted["project"])
    squash = log[shas["squash"]]
    assert squash["date"] == "2025-02-10T11:00:00+08:00"
    assert squash["sections"] == ["news"]
    # the news section's B approved on GitHub; no trailer in the message counts
    assert squash["approvers"] == ["chenjing-lanshi"] and squash["unreviewed"] is None
    assert squash["pull_request"] == 3
    assert squash["changes"] == [
        {
            "action": "added",
            "path": "content/news/posts/2025/gateway.md",
            "title": "澜石科技发布新一代网关",
            "section": "news",
            "url": "news/2025/02/10/gateway/",
        }
    ]
    # pushed directly: its "Reviewed-by: 王经理" trailer is the author's own text
    init = log[shas["init"]]
    assert init["approvers"] == [] and init["unreviewed"]["reason"] == "direct-push"
    # the author's own approval is left out; the other owner's stands
    assert log[shas["publish"]]["approvers"] == ["chenjing-lanshi"]
    assert log[shas["publish"]]["unreviewed"] is None
    # logged without --reviews: nobody is named
    assert log[shas["many"]]["unreviewed"]["reason"] == "no-reviews"


def test_merge_commit_is_the_merged_branch_with_its_authors(scripted):
    shas, log = scripted["shas"], by_commit(scripted["project"])
    merge = log[shas["merge"]]
    assert merge["authors"] == ["刘洋"]
    assert merge["approvers"] == ["zhangwei-lanshi"]  # the industry section's B
    assert merge["pull_request"] == 5
    (change,) = merge["changes"]
    assert change["path"] == "content/industry/posts/2025/行业观察.md"
    assert change["title"] == "工业互联网“十五五”展望与机遇"  # as merged, not the first draft
    assert change["url"] == "industry/2025/03/01/outlook/"


def test_rename_removal_revert_and_many_items(scripted):
    shas, log = scripted["shas"], by_commit(scripted["project"])
    (rename,) = log[shas["rename"]]["changes"]
    assert rename["action"] == "renamed"
    assert rename["old_path"] == "content/news/posts/2025/gateway.md"
    assert rename["path"] == "content/news/posts/2025/2025-02-10-gateway.md"
    many = log[shas["many"]]
    assert sorted(c["action"] for c in many["changes"]) == ["added"] * 3 + ["updated"]
    assert many["sections"] == ["news", "pages"]
    (removed,) = log[shas["remove"]]["changes"]
    assert (removed["action"], removed["title"]) == ("removed", "澜石科技批量新闻第3条")
    revert = log[shas["revert"]]
    assert revert["kind"] == "revert" and revert["reverts"] == shas["retitle"]
    assert revert["changes"][0]["title"] == "澜石科技批量新闻第1条"


def test_draft_is_logged_when_published(scripted):
    shas, log = scripted["shas"], by_commit(scripted["project"])
    (published,) = log[shas["publish"]]["changes"]
    assert published["action"] == "added" and published["title"] == "澜石科技年终活动预告"


def test_second_run_adds_nothing_and_keeps_the_file_byte_for_byte(scripted):
    project = scripted["project"]
    path = project.content / "update-log.jsonl"
    before = path.read_bytes()
    result = project.cli("--lang", "en", "log")
    assert "Nothing new" in result.output
    assert path.read_bytes() == before


def test_csv_export_for_the_records_keeper(scripted):
    project = scripted["project"]
    result = project.cli("log", "--csv", "--quarter", "2025Q1")
    lines = result.output.lstrip("\ufeff").splitlines()
    assert lines[0] == "序号,更新日期,栏目,更新内容,更新人,审核人,备注,提交"
    assert len(lines) == 4
    assert lines[2].startswith("2,2025-02-10 11:00,公司新闻,新增《澜石科技发布新一代网关》")
    assert "chenjing-lanshi" in lines[2] and "PR #3" in lines[2]
    assert "未经审核：直接推送到主分支，没有经过 Pull Request" in lines[1]
    english = project.cli("--lang", "en", "log", "--csv").output
    assert english.lstrip("\ufeff").startswith("No.,Date,Section,What changed")


def test_log_page_latest_first_grouped_by_quarter(scripted, tmp_path):
    from pipeline.config.site import load_site_config
    from pipeline.records.logpage import log_markdown
    from pipeline.records.updatelog import read_log

    project = scripted["project"]
    config = load_site_config(project.root)
    log = read_log(project.content / "update-log.jsonl", "content/update-log.jsonl")
    page = log_markdown(log, config, {"about.md"}, "content")
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == [f"## 2025 年第 {n} 季度" for n in (4, 3, 2, 1)]
    assert page.index("| 9 |") < page.index("| 8 |") < page.index("| 1 |")
    assert "[更新《关于我们》](<about.md>)" in page


def test_existing_entries_survive_rewritten_history(tmp_path):
    project = bare_project(tmp_path)
    project.write(
        "content/news/posts/2025/a.md", item_text("第一条测试新闻标题", "2025-01-02 09:00")
    )
    s = Script(project)
    first = s.commit("2025-01-02 10:00", "first")
    s.log()
    log_file = project.content / "update-log.jsonl"
    kept = log_file.read_bytes()
    s.repo.git.commit("--amend", "-m", "first, reworded", env=s.env("2025-01-02 10:00"))
    s.log()
    lines = log_file.read_bytes().splitlines(keepends=True)
    assert lines[0] == kept  # the old entry is left exactly as it was
    assert json.loads(lines[1])["seq"] == 2
    assert json.loads(lines[1])["commit"] != first


def test_summarize_non_content_changes(tmp_path):
    project = bare_project(tmp_path)
    project.write("site_config/records.yml", "non_content: summarize\n")
    s = Script(project)
    s.commit("2025-01-02 10:00", "first")
    project.write("README.md", "说明\n")
    s.commit("2025-01-03 10:00", "只改说明")
    s.log()
    last = entries(project)[-1]
    assert (last["kind"], last["subject"], last["changes"]) == ("other", "只改说明", [])


def test_bad_records_setting_is_a_config_error(tmp_path):
    project = bare_project(tmp_path)
    project.write("site_config/records.yml", "non_contnet: skip\n")
    result = project.cli("log")
    assert result.exit_code == 2
    assert "site_config/records.yml:1" in result.output and "non_content" in result.output


def test_log_file_that_is_a_folder_is_a_config_error(tmp_path):
    project = bare_project(tmp_path)
    project.write("site_config/records.yml", "log_file: content/news\n")
    Script(project).commit("2025-01-02 10:00", "first")
    result = project.cli("--lang", "en", "log")
    assert result.exit_code == 2
    assert "content/news: the update log's place is a folder" in result.output


def test_shallow_clone_asks_for_full_history(scripted, tmp_path):
    source = scripted["project"].root
    clone = tmp_path / "shallow"
    git.Repo.clone_from(f"file://{source}", clone, depth=1)
    result = Project(clone).cli("--lang", "en", "log")
    assert result.exit_code == 2
    assert "shallow clone" in result.output and "fetch-depth: 0" in result.output


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda line: line.replace('"seq": 1', '"seq": "1"'), "'seq'"),
        (lambda line: line.replace('"seq": 1', '"seq": null'), "'seq'"),
        (lambda line: line.replace("+08:00", ""), "'date'"),
        (lambda line: line.replace('"changes": [', '"changes": ["x", '), "'changes'"),
        (lambda line: "[1, 2]", "{…}"),
        (lambda line: "{bad", "not a valid entry"),
    ],
)
def test_hand_edited_log_line_is_named_not_a_traceback(tmp_path, edit, expected):
    project = bare_project(tmp_path)
    project.write(
        "content/news/posts/2025/a.md", item_text("第一条测试新闻标题", "2025-01-02 09:00")
    )
    Script(project).commit("2025-01-02 10:00", "first")
    assert project.cli("log").exit_code == 0
    log_file = project.content / "update-log.jsonl"
    log_file.write_text(edit(log_file.read_text("utf-8").strip()) + "\n", "utf-8")
    for args in (("log",), ("log", "--csv")):
        result = project.cli("--lang", "en", *args)
        assert result.exit_code == 2, result.output
        assert "content/update-log.jsonl:1" in result.output and expected in result.output


def test_log_saved_as_gbk_is_refused_and_a_bom_is_fine(tmp_path):
    project = bare_project(tmp_path)
    project.write("content/news/posts/2025/a.md", item_text("第一条测试新闻标题", "2025-01-02"))
    Script(project).commit("2025-01-02 10:00", "first")
    assert project.cli("log").exit_code == 0
    log_file = project.content / "update-log.jsonl"
    text = log_file.read_text("utf-8")
    log_file.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = project.cli("log", "--csv")
    assert result.exit_code == 0 and "第一条测试新闻标题" in result.output
    log_file.write_bytes(text.encode("gbk"))
    result = project.cli("--lang", "en", "log", "--csv")
    assert result.exit_code == 2
    assert "content/update-log.jsonl:1: the update log is not UTF-8" in result.output


def test_reused_sequence_number_in_the_log_is_refused(tmp_path):
    project = bare_project(tmp_path)
    s = Script(project)
    for day in (2, 3):
        project.write(
            f"content/news/posts/2025/{day}.md", item_text(f"第{day}条测试新闻标题", "2025-01-02")
        )
        s.commit(f"2025-01-0{day} 10:00", f"item {day}")
    s.log()
    log_file = project.content / "update-log.jsonl"
    log_file.write_text(log_file.read_text("utf-8").replace('"seq": 2', '"seq": 1'), "utf-8")
    result = project.cli("--lang", "en", "log", "--csv")
    assert result.exit_code == 2
    assert "update-log.jsonl:2" in result.output and "never reused" in result.output


def test_octopus_merge_names_the_authors_of_every_branch(tmp_path):
    project = bare_project(tmp_path)
    s = Script(project)
    s.commit("2025-01-02 10:00", "first")
    for branch, author in (("a", "刘洋"), ("b", "李娜")):
        s.repo.git.checkout("-b", branch, "main")
        project.write(
            f"content/news/posts/2025/{branch}.md", item_text(f"测试新闻标题{branch}", "2025-01-03")
        )
        s.commit("2025-01-03 10:00", f"item {branch}", author=author)
    s.repo.git.checkout("main")
    s.repo.git.merge("--no-ff", "a", "b", "-m", "octopus", env=s.env("2025-01-04 10:00"))
    s.log()
    last = entries(project)[-1]
    assert last["subject"] == "octopus" and len(last["changes"]) == 2
    assert sorted(last["authors"]) == ["刘洋", "李娜"]


def test_csv_cells_from_commits_never_run_as_excel_formulas(tmp_path):
    project = bare_project(tmp_path)
    project.write("content/news/posts/2025/a.md", item_text("第一条测试新闻标题", "2025-01-02"))
    s = Script(project)
    s.commit("2025-01-02 10:00", '=HYPERLINK("http://evil.example","x")', author="@SUM(1)")
    s.log()
    result = project.cli("log", "--csv")
    row = next(csv.reader(io.StringIO(result.output.lstrip("\ufeff").splitlines()[1])))
    assert row[4] == "'@SUM(1)"
    assert row[6] == '\'=HYPERLINK("http://evil.example","x")'
    assert entries(project)[0]["subject"].startswith("=HYPERLINK")  # the log keeps it as is


def test_quarter_without_csv_writes_nothing(tmp_path):
    project = bare_project(tmp_path)
    Script(project).commit("2025-01-02 10:00", "first")
    result = project.cli("log", "--quarter", "2025Q1")
    assert result.exit_code == 2 and "--csv" in result.output
    assert not (project.content / "update-log.jsonl").exists()


def test_not_a_repository(tmp_path):
    project = bare_project(tmp_path)
    result = project.cli("log")
    assert result.exit_code == 2 and "git" in result.output


# -- quarterly archives ----------------------------------------------------------------------


def test_archive_tags_the_quarters_last_commit_and_leaves_the_tree_alone(scripted):
    repo, shas = scripted["repo"], scripted["shas"]
    for quarter, last in (("Q1", "log-q1"), ("Q2", "log-q2"), ("Q3", "log-q3"), ("Q4", "log-q4")):
        tag = repo.tags[f"archive/2025-{quarter}"]
        assert tag.tag is not None  # annotated
        assert tag.commit.hexsha == shas[last]
    assert repo.head.commit.hexsha == scripted["head"]
    assert repo.git.status("--porcelain") == ""  # archives/ is ignored, as in the real repo
    assert not repo.git.worktree("list").count("\n")  # the temporary worktree is gone


def test_tag_message_summarizes_the_quarter(scripted):
    project, repo = scripted["project"], scripted["repo"]
    message = repo.tags["archive/2025-Q2"].tag.message
    bundle = project.root / "archives/archive-2025-Q2.tar.gz"
    from pipeline.records.bagit import sha256_of

    assert "2025 年第 2 季度" in message
    assert "公司新闻（news）：3 篇" in message and "行业资讯（industry）：0 篇" in message
    assert "更新记录：2 条（第 4–5 号）" in message
    assert f"Bundle-SHA256: {sha256_of(bundle)}" in message


def test_bundle_is_a_valid_bag_with_site_sources_and_records(scripted):
    bundle = scripted["project"].root / "archives/archive-2025-Q3.tar.gz"
    result = verify_bundle(bundle)
    assert result.ok, result
    assert result.info["Git-Commit"] == scripted["shas"]["log-q3"]
    assert result.info["Archive-Quarter"] == "2025-Q3"
    assert result.info["Bagging-Date"] == "2025-09-30"
    with tarfile.open(bundle) as tar:
        names = tar.getnames()
        members = tar.getmembers()
        csv = tar.extractfile("archive-2025-Q3/data/records/update-log-2025-Q3.csv").read()
        search = tar.extractfile("archive-2025-Q3/data/site/search/search_index.js").read()
        home = tar.extractfile("archive-2025-Q3/data/site/index.html").read().decode()
    assert names == sorted(names)
    assert {(m.uid, m.gid, m.uname, m.gname) for m in members} == {(0, 0, "", "")}
    assert {m.mtime for m in members} == {
        int(scripted["repo"].commit("archive/2025-Q3").committed_date)
    }
    for needed in (
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "tagmanifest-sha256.txt",
        "data/source/mkdocs.yml",
        "data/source/site_config/site.yml",
        "data/source/content/industry/posts/2025/行业观察.md",
        "data/records/update-log-2025-Q3.html",
        "data/site/update-log.html",
    ):
        assert f"archive-2025-Q3/{needed}" in names
    assert csv.decode("utf-8-sig").count("\r\n") == 4  # header and the quarter's 3 entries
    assert search.startswith(b"var __index = ")  # Material's offline search index
    assert 'href="news/index.html"' in home  # links work from the file system


def test_two_runs_give_byte_identical_bundles(scripted):
    project = scripted["project"]
    bundle = project.root / "archives/archive-2025-Q1.tar.gz"
    first = bundle.read_bytes()
    bundle.unlink()
    result = project.cli("archive", "2025Q1")
    assert result.exit_code == 0, result.output
    assert "已从标签重新生成" in result.output and "一致" in result.output
    assert bundle.read_bytes() == first


def test_rerun_verifies_and_never_moves_the_tag(scripted):
    project, repo = scripted["project"], scripted["repo"]
    tag_before = repo.tags["archive/2025-Q4"].tag.hexsha
    result = project.cli("--lang", "en", "archive", "2025-Q4")
    assert result.exit_code == 0, result.output
    assert "archived before" in result.output and "Verified" in result.output
    assert repo.tags["archive/2025-Q4"].tag.hexsha == tag_before


def test_unfinished_quarter_is_refused(scripted):
    project = scripted["project"]
    result = project.cli("--lang", "en", "archive", "2026Q1", "--now", "2026-03-31 23:00")
    assert result.exit_code == 2
    assert "has not ended" in result.output and "2026-04-01 00:00" in result.output
    assert project.cli("archive", "2026Q7").exit_code == 2


def _tampered(scripted, tmp_path, change):
    bundle = scripted["project"].root / "archives/archive-2025-Q4.tar.gz"
    with tarfile.open(bundle) as tar:
        tar.extractall(tmp_path, filter="data")
    folder = tmp_path / "archive-2025-Q4"
    change(folder)
    return scripted["project"].cli("--lang", "en", "archive", "verify", str(folder))


def test_verify_names_a_changed_file(scripted, tmp_path):
    def edit(folder: Path) -> None:
        page = folder / "data/site/about/index.html"
        page = page if page.exists() else folder / "data/site/about.html"
        page.write_text(page.read_text("utf-8").replace("关于我们", "关于他们"), "utf-8")

    result = _tampered(scripted, tmp_path, edit)
    assert result.exit_code == 1
    assert "changed: data/site/about.html" in result.output


def test_verify_names_added_and_removed_files(scripted, tmp_path):
    def edit(folder: Path) -> None:
        (folder / "data/site/extra.html").write_text("x", "utf-8")
        (folder / "data/source/mkdocs.yml").unlink()

    result = _tampered(scripted, tmp_path, edit)
    assert result.exit_code == 1
    assert "added: data/site/extra.html" in result.output
    assert "removed: data/source/mkdocs.yml" in result.output


def test_verify_a_tampered_tarball_and_a_good_one(scripted, tmp_path):
    bundle = scripted["project"].root / "archives/archive-2025-Q4.tar.gz"
    good = scripted["project"].cli("archive", "verify", str(bundle))
    assert good.exit_code == 0 and "校验通过" in good.output
    copy = tmp_path / "copy.tar.gz"
    with tarfile.open(bundle) as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.endswith("records/update-log-2025-Q4.csv"):
                data = data.replace(b"chenjing-lanshi", b"someone-else")
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    bad = scripted["project"].cli("archive", "verify", str(copy))
    assert bad.exit_code == 1
    assert "已被改动：data/records/update-log-2025-Q4.csv" in bad.output


def test_archive_refused_when_the_log_misses_the_quarter(tmp_path):
    project = bare_project(tmp_path)
    project.write(
        "content/news/posts/2025/a.md", item_text("第一条测试新闻标题", "2025-01-02 09:00")
    )
    Script(project).commit("2025-01-02 10:00", "first")
    result = project.cli("--lang", "en", "archive", "2025Q1")
    assert result.exit_code == 2
    assert "misses 1 change(s) of 2025-Q1" in result.output and "pipeline log" in result.output


def test_verify_names_a_link_slipped_into_the_tarball(scripted, tmp_path):
    bundle = scripted["project"].root / "archives/archive-2025-Q4.tar.gz"
    copy = tmp_path / "linked.tar.gz"
    with tarfile.open(bundle) as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member))
        link = tarfile.TarInfo("archive-2025-Q4/data/site/evil.html")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        target.addfile(link)
    result = scripted["project"].cli("--lang", "en", "archive", "verify", str(copy))
    assert result.exit_code == 1
    assert "added: data/site/evil.html" in result.output


@pytest.mark.parametrize("quarter", ["0000Q1", "9999Q4"])
def test_quarter_outside_the_calendar_is_not_a_quarter(scripted, quarter):
    result = scripted["project"].cli("--lang", "en", "archive", quarter)
    assert result.exit_code == 2
    assert f"'{quarter}' is not a quarter" in result.output


def test_verify_missing_bundle_is_a_usage_error(tmp_path, scripted):
    result = scripted["project"].cli("archive", "verify", str(tmp_path / "nope.tar.gz"))
    assert result.exit_code == 2


def test_site_shows_the_update_log_page_not_its_data_file(scripted):
    bundle = scripted["project"].root / "archives/archive-2025-Q4.tar.gz"
    with tarfile.open(bundle) as tar:
        names = tar.getnames()
        page = tar.extractfile("archive-2025-Q4/data/site/update-log.html").read().decode()
    # the quarter's last commit is its update-log commit: the page holds Q4 too
    assert page.index("2025 年第 4 季度") < page.index("2025 年第 1 季度")
    assert 'href="news/2025/12/01/lan-shi-ke-ji-nian-zhong-huo-dong-yu-gao.html"' in page
    assert "撤销 #7" in page
    assert "archive-2025-Q4/data/source/content/update-log.jsonl" in names
    assert "archive-2025-Q4/data/site/update-log.jsonl" not in names


def test_bundle_opens_offline_in_a_browser_with_working_search(scripted, tmp_path):
    """A real headless Chromium opens the unpacked bundle from file:// (no server, no
    network) and Material's search finds the items about the gateway."""
    # skipped without chromium or node (the DevTools client) on a developer machine only
    browser, node = require_chromium(), require_node()
    bundle = scripted["project"].root / "archives/archive-2025-Q4.tar.gz"
    with tarfile.open(bundle) as tar:
        tar.extractall(tmp_path, filter="data")
    home = tmp_path / "archive-2025-Q4/data/site/index.html"
    script = Path(__file__).with_name("browser_search.mjs")
    url = home.as_uri() + "?q=%E7%BD%91%E5%85%B3"  # 网关
    run = subprocess.run(
        [node, "--experimental-websocket", str(script), browser, url, "40"],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["items"] >= 1, result
    assert "符合条件的结果" in result["meta"]
