"""The checks' memo kept on disk (pipeline.content.memofile) between processes.

A check of a copy of the sample site (with a blocked term, an identity number and a
missing image reference, so that there is something to find) writes
.cache/pipeline/check/memo.pickle; the next check finds every unchanged file's values in
it, and its findings equal those of a check that computes everything. An edited file's
values are computed again; a changed setting or another version of the code never uses
the file; a corrupt, truncated or foreign file is ignored without a traceback, and a
copy of the project in another folder keeps its memo.
"""

from __future__ import annotations

import pickle
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from conftest import REPO, SHANGHAI, Project

from pipeline.content import memofile
from pipeline.content.memo import Memo, stored_key
from pipeline.core.slugs import slugify
from pipeline.engine.project import open_project
from pipeline.stages import CheckResult, check_project

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=SHANGHAI)
GATEWAY = "news/posts/2026/2026-03-12-new-gateway.md"
MEETING = "news/posts/2026/2026-01-08-annual-meeting.md"
ID_NUMBER = "11010519491231002X"  # a valid identity number: the guard blocks it


@pytest.fixture
def sample(tmp_path: Path) -> Project:
    """A copy of the sample site with findings of several checks."""
    root = tmp_path / "site"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site_config", root / "site_config")
    shutil.copytree(REPO / "content", root / "content")
    project = Project(root)
    gateway = project.content / GATEWAY
    gateway.write_text(
        gateway.read_text(encoding="utf-8") + f"\n联系人身份证号 {ID_NUMBER}。\n", encoding="utf-8"
    )
    meeting = project.content / MEETING
    meeting.write_text(
        meeting.read_text(encoding="utf-8") + "\n![现场照片](../../../assets/none.jpg)\n",
        encoding="utf-8",
    )
    return project


def _findings(result: CheckResult) -> list[tuple]:
    return [
        (f.path, f.line, f.column, f.rule, f.severity, f.key, f.span,
         sorted(map(str, f.params.items())))
        for f in result.findings
    ]  # fmt: skip


def check(root: Path, disk_memo: bool = True) -> CheckResult:
    return check_project(open_project(root / "mkdocs.yml"), NOW, disk_memo=disk_memo)


def assert_as_fresh(result: CheckResult, root: Path) -> None:
    fresh = check(root, disk_memo=False)
    assert _findings(result) == _findings(fresh)
    assert result.site.items == fresh.site.items
    assert result.file_count == fresh.file_count


def rules_of(result: CheckResult, docs_path: str) -> set[str]:
    return {f.rule for f in result.findings if f.path == f"content/{docs_path}"}


def test_a_second_check_finds_the_first_ones_work(sample: Project) -> None:
    first = check(sample.root)
    assert first.site.memo.hits == 0
    assert memofile.memo_path(sample.root).is_file()
    assert {"guard/id-number"} <= rules_of(first, GATEWAY)
    assert "ref/missing-image" in rules_of(first, MEETING)
    second = check(sample.root)
    assert second.site.memo.hits > 0
    # every stored kind of value is found again: nothing but bodies (never stored) and
    # the guard's cache pruning (done for its effect) is computed
    assert second.site.memo.misses <= len(first.site.items) + len(first.site.pages) + 2
    assert_as_fresh(second, sample.root)
    assert _findings(second) == _findings(first)


def test_an_edited_file_is_checked_again(sample: Project) -> None:
    check(sample.root)
    gateway = sample.content / GATEWAY
    gateway.write_text(
        gateway.read_text(encoding="utf-8").replace(ID_NUMBER, "一位同事"), encoding="utf-8"
    )
    meeting = sample.content / MEETING
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace("assets/none.jpg", "assets/none2.jpg"),
        encoding="utf-8",
    )
    result = check(sample.root)
    assert result.site.memo.hits > 0 and result.site.memo.misses > 0
    assert "guard/id-number" not in rules_of(result, GATEWAY)
    missing = [f for f in result.findings if f.rule == "ref/missing-image"]
    assert any("none2.jpg" in str(f.params) for f in missing)
    assert not any("none.jpg" in str(f.params) for f in missing)
    assert_as_fresh(result, sample.root)


def test_a_changed_setting_never_uses_the_stored_memo(sample: Project) -> None:
    check(sample.root)
    seo = sample.root / "site_config" / "seo.yml"
    seo.write_text(seo.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    result = check(sample.root)
    assert result.site.memo.hits == 0
    assert_as_fresh(result, sample.root)
    assert check(sample.root).site.memo.hits > 0  # written again for the new settings


def test_another_version_of_the_code_never_uses_the_stored_memo(sample: Project) -> None:
    check(sample.root)
    path = memofile.memo_path(sample.root)
    data = path.read_bytes()
    header, _, rest = data.partition(b"\n")
    fingerprint, _, body = rest.partition(b"\n")
    # the same values under another code fingerprint (the part before the settings')
    other = bytes(reversed(fingerprint[:40])) + fingerprint[40:]
    path.write_bytes(header + b"\n" + other + b"\n" + body)
    result = check(sample.root)
    assert result.site.memo.hits == 0
    assert_as_fresh(result, sample.root)


@pytest.mark.parametrize(
    "damage",
    ["garbage", "truncated", "foreign", "not-a-dict", "empty", "a-folder"],
)
def test_a_corrupt_or_foreign_memo_file_is_ignored(sample: Project, damage: str) -> None:
    check(sample.root)
    path = memofile.memo_path(sample.root)
    data = path.read_bytes()
    header_end = data.index(b"\n", len(memofile.FORMAT)) + 1
    header = data[:header_end]
    witness = sample.root / "pwned"
    if damage == "garbage":
        path.write_bytes(header + b"\x80\x05garbage that is no pickle")
    elif damage == "truncated":
        path.write_bytes(data[: header_end + (len(data) - header_end) // 2])
    elif damage == "foreign":
        # a pickle that would run a command when loaded by a plain unpickler
        class Exploit:
            def __reduce__(self):
                return (subprocess.call, (["touch", str(witness)],))

        path.write_bytes(header + pickle.dumps(Exploit()))
    elif damage == "not-a-dict":
        path.write_bytes(header + pickle.dumps([1, 2, 3]))
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        path.unlink()
        path.mkdir()
    result = check(sample.root)
    assert result.site.memo.hits == 0
    assert not witness.exists()
    assert_as_fresh(result, sample.root)
    if damage != "a-folder":  # written anew, and found by the next check
        assert check(sample.root).site.memo.hits > 0


def test_a_copy_of_the_project_elsewhere_keeps_its_memo(sample: Project, tmp_path: Path) -> None:
    check(sample.root)
    copy = tmp_path / "elsewhere" / "site"
    shutil.copytree(sample.root, copy)
    result = check(copy)
    assert result.site.memo.hits > 0
    assert_as_fresh(result, copy)


def test_stored_keys_stand_long_texts_in_by_their_digest() -> None:
    long_text = "澜石" * 100
    key = ("seo.keywords", "content/a.md", long_text)
    short = stored_key(key)
    assert short[:2] == key[:2] and long_text not in short
    assert short == stored_key(("seo.keywords", "content/a.md", long_text[:-1] + "石"))
    assert short != stored_key(("seo.keywords", "content/a.md", long_text + "。"))
    # a short text never stands for a long one's digest
    assert stored_key(("k", "abc")) == ("k", "abc")
    memo = Memo(stored={short: ("found",)})
    assert memo.get(key, lambda: ("computed",)) == ("found",)
    assert memo.hits == 1
    assert memo.storable() == {short: ("found",)}
    # bodies are never stored: a body key is computed even when a stored value matches
    body_key = ("body", long_text, 1)
    memo = Memo(stored={stored_key(body_key): "stale"})
    assert memo.get(body_key, lambda: "read") == "read"
    assert memo.storable() == {}


def test_pipeline_check_writes_and_reads_the_memo(sample: Project) -> None:
    command = [sys.executable, "-m", "pipeline", "--lang", "en", "check", "--now", "2026-11-01"]
    first = subprocess.run(command, cwd=sample.root, capture_output=True, text=True)
    assert memofile.memo_path(sample.root).is_file()
    stamp = memofile.memo_path(sample.root).stat().st_mtime_ns
    second = subprocess.run(command, cwd=sample.root, capture_output=True, text=True)
    assert first.returncode == second.returncode != 0  # the identity number blocks
    assert first.stdout == second.stdout and "id-number" in second.stdout
    assert "Traceback" not in first.stderr + second.stderr
    assert memofile.memo_path(sample.root).stat().st_mtime_ns >= stamp


def test_default_slugs_are_kept_by_their_titles_so_a_check_needs_no_pypinyin(
    sample: Project,
) -> None:
    """Items without a slug get their title's pinyin. pypinyin costs a third of a second
    to load: a check whose titles were read before finds their slugs in the memo."""
    command = [sys.executable, "-X", "importtime", "-m", "pipeline", "check", "--now", "2026-11-01"]
    first = subprocess.run(command, cwd=sample.root, capture_output=True, text=True)
    second = subprocess.run(command, cwd=sample.root, capture_output=True, text=True)
    loaded = re.compile(r"\|\s+pypinyin\b", re.MULTILINE)
    assert loaded.search(first.stderr)  # a fresh project reads the titles
    assert "pypinyin" not in second.stderr and first.stdout == second.stdout
    high_tech = "news/posts/2026/2026-05-28-high-tech-enterprise.md"

    def slug(result: CheckResult) -> str:
        return result.site.item_by_docs_path()[high_tech].slug

    assert slug(check(sample.root)) == slugify("澜石科技通过高新技术企业重新认定")
    path = sample.content / high_tech
    path.write_text(
        path.read_text("utf-8").replace("通过高新技术企业重新认定", "再获高新技术企业认定", 1),
        "utf-8",
    )
    assert slug(check(sample.root)) == slugify("澜石科技再获高新技术企业认定")
