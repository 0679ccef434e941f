"""`pipeline new`: a new item with filled-in front matter, that never overwrites a file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml
from conftest import SHANGHAI, Project, front_matter

TITLE = "澜石科技举办开放日活动"
SLUG = "lan-shi-ke-ji-ju-ban-kai-fang-ri-huo-dong"
NO_TRACEBACK = "Traceback (most recent call last)"


def isolated_git_env(project: Project) -> dict[str, str]:
    """A home of the test's own: the runner's git identity (~/.gitconfig) stays out."""
    home = project.root.parent / f"{project.root.name}-home"
    home.mkdir(parents=True, exist_ok=True)
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def new(project: Project, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return project.pipeline("new", *args, env={**isolated_git_env(project), **(env or {})})


def front(path: Path) -> tuple[dict, str]:
    text = path.read_text("utf-8")
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    assert match, text
    return yaml.safe_load(match.group(1)), match.group(2)


def created_path(project: Project, result: subprocess.CompletedProcess) -> Path:
    """The file `pipeline new` says it created (the path it prints)."""
    match = re.search(r"(content/\S+\.md)", result.stdout)
    assert match, result.stdout + result.stderr
    return project.root / match.group(1)


def minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def test_new_item_has_filled_in_front_matter(empty_project: Project) -> None:
    before = datetime.now(SHANGHAI)
    result = new(empty_project, "news", TITLE, "--author", "liuyang")
    after = datetime.now(SHANGHAI)
    assert result.returncode == 0, result.stdout + result.stderr
    path = created_path(empty_project, result)
    assert path.is_file()

    meta, body = front(path)
    written = datetime.strptime(meta["date"], "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)
    assert minute(before) <= written <= after  # now, as local time in Asia/Shanghai
    expected = f"content/news/posts/{written:%Y}/{written:%Y-%m-%d}-{SLUG}.md"
    assert path.relative_to(empty_project.root).as_posix() == expected
    assert meta["title"] == TITLE
    assert meta["slug"] == SLUG
    assert meta["author"] == "liuyang"
    assert meta["draft"] is True
    assert meta["categories"] == ["公司动态"]  # the first allowed category of news
    assert "source" not in meta
    assert meta["summary"] and body.strip()  # placeholders for the editor to replace

    check = empty_project.pipeline("check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_new_industry_item_has_a_source_block(empty_project: Project) -> None:
    result = new(empty_project, "industry", "工业互联网平台发展报告发布", "--author", "chenjing")
    assert result.returncode == 0, result.stdout + result.stderr
    path = created_path(empty_project, result)
    assert path.parent.parent == empty_project.content / "industry/posts"
    meta, _ = front(path)
    assert set(meta["source"]) == {"name", "url"}
    assert meta["source"]["url"].startswith("https://")
    assert meta["categories"] == ["政策法规"]
    assert empty_project.pipeline("check").returncode == 0


def test_round_trip_from_new_to_published(empty_project: Project) -> None:
    project = empty_project
    result = new(project, "news", TITLE, "--author", "liuyang")
    assert result.returncode == 0, result.stdout + result.stderr
    path = created_path(project, result)
    meta, _ = front(path)
    url = f"news/{meta['date'][:10].replace('-', '/')}/{SLUG}/"

    built = project.cli("build", "--drafts")
    assert built.exit_code == 0, built.output
    assert TITLE in project.html(url, preview=True)

    built = project.cli("build")
    assert built.exit_code == 0, built.output
    assert not (project.site / url).exists()

    # the editor finishes the item: summary, body, draft: false
    text = path.read_text("utf-8")
    text = text.replace(
        f"summary: {meta['summary']}",
        "summary: 澜石科技举办开放日活动，邀请客户和市民参观研发中心与生产线。",
    )
    text = text.replace("draft: true", "draft: false")
    _, body = front(path)
    text = text.replace(body.strip(), "开放日当天，数百名客户和市民参观了公司研发中心。")
    path.write_text(text, encoding="utf-8")

    built = project.cli("build")
    assert built.exit_code == 0, built.output
    page = project.html(url)
    assert TITLE in page and "数百名客户和市民参观了公司研发中心" in page
    assert SLUG in (project.site / "news/rss.xml").read_text("utf-8")


def test_unfinished_item_blocks_once_it_is_no_draft(empty_project: Project) -> None:
    """Forgetting to replace the placeholders is caught when draft is set to false."""
    result = new(empty_project, "news", TITLE, "--author", "liuyang")
    path = created_path(empty_project, result)
    path.write_text(path.read_text("utf-8").replace("draft: true", "draft: false"), "utf-8")
    check = empty_project.pipeline("check")
    assert check.returncode == 1, check.stdout
    assert "schema/placeholder" in check.stdout


def test_new_never_overwrites(empty_project: Project) -> None:
    first = new(empty_project, "news", TITLE, "--author", "liuyang")
    assert first.returncode == 0, first.stdout + first.stderr
    first_path = created_path(empty_project, first)
    first_path.write_text(first_path.read_text("utf-8") + "\n编辑已经写了一些内容。\n", "utf-8")
    first_bytes = first_path.read_bytes()

    second = new(empty_project, "news", TITLE, "--author", "liuyang")
    assert second.returncode == 0, second.stdout + second.stderr
    second_path = created_path(empty_project, second)
    assert second_path != first_path
    assert first_path.read_bytes() == first_bytes
    assert front(second_path)[0]["slug"] == f"{SLUG}-2"
    assert second_path.name.endswith(f"-{SLUG}-2.md")
    assert empty_project.pipeline("check").returncode == 0  # two drafts, distinct slugs


def items(project: Project) -> set[Path]:
    return set(project.content.glob("*/posts/*/*.md"))


def test_new_refuses_an_existing_file_at_the_target_path(empty_project: Project) -> None:
    # a file already where `new` will write (today's date and the title's slug), holding
    # an item with another slug; tomorrow's too, in case the day turns during the test
    today = datetime.now(SHANGHAI)
    existing = {}
    for number, day in enumerate((today, today + timedelta(days=1)), 1):
        fields = empty_project.item_fields(title="澜石科技另一条新闻标题", slug=f"other-{number}")
        path = empty_project.write(
            f"content/news/posts/{day:%Y}/{day:%Y-%m-%d}-{SLUG}.md",
            front_matter(fields) + "\n编辑写好的正文。\n",
        )
        existing[path] = path.read_bytes()

    result = new(empty_project, "news", TITLE, "--author", "liuyang")
    assert result.returncode == 1, result.stdout + result.stderr
    assert NO_TRACEBACK not in result.stderr
    assert "文件已存在，没有覆盖" in result.stderr
    assert f"-{SLUG}.md" in result.stderr
    assert {p: p.read_bytes() for p in existing} == existing
    assert items(empty_project) == set(existing)


def git(root: Path, *args: str, env: dict) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


@pytest.mark.parametrize("git_name", ["张伟", "zhangwei"])
def test_author_from_git_config(empty_project: Project, git_name: str) -> None:
    env = {**os.environ, **isolated_git_env(empty_project)}
    git(empty_project.root, "init", "-q", env=env)
    git(empty_project.root, "config", "user.name", git_name, env=env)
    git(empty_project.root, "config", "user.email", "editor@lanshi-tech.example", env=env)

    result = new(empty_project, "news", TITLE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert front(created_path(empty_project, result))[0]["author"] == "zhangwei"


def test_no_author_known_is_a_usage_error(empty_project: Project) -> None:
    result = new(empty_project, "news", TITLE)  # no git repository, no git identity
    assert result.returncode == 2, result.stdout + result.stderr
    assert NO_TRACEBACK not in result.stderr
    for author in ("zhangwei", "liuyang", "chenjing"):
        assert author in result.stderr
    assert items(empty_project) == set()


def test_unknown_author_is_a_usage_error_listing_known_ids(empty_project: Project) -> None:
    result = new(empty_project, "news", TITLE, "--author", "wangwu")
    assert result.returncode == 2, result.stdout + result.stderr
    assert NO_TRACEBACK not in result.stderr
    assert "wangwu" in result.stderr
    for author in ("zhangwei", "liuyang", "chenjing"):
        assert author in result.stderr
    assert items(empty_project) == set()


@pytest.mark.parametrize("given", ["张伟", "zhangwei", "ZhangWei"])
def test_author_is_given_by_name_or_id(empty_project: Project, given: str) -> None:
    result = new(empty_project, "news", TITLE, "--author", given)
    assert result.returncode == 0, result.stdout + result.stderr
    assert front(created_path(empty_project, result))[0]["author"] == "zhangwei"
    check = empty_project.pipeline("check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_unknown_author_gets_the_closest_id_and_the_ids_with_names(
    empty_project: Project,
) -> None:
    result = new(empty_project, "news", TITLE, "--author", "zhangwie")
    assert result.returncode == 2, result.stdout + result.stderr
    assert NO_TRACEBACK not in result.stderr
    assert "作者“zhangwie”不在 site_config/authors.yml 中，是不是“zhangwei”？" in result.stderr
    assert "chenjing（陈静）、liuyang（刘洋）、zhangwei（张伟）" in result.stderr
    assert items(empty_project) == set()


def test_unknown_author_in_english(empty_project: Project) -> None:
    env = isolated_git_env(empty_project)
    result = empty_project.pipeline(
        "--lang", "en", "new", "news", TITLE, "--author", "zhangwie", env=env
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "did you mean 'zhangwei'?" in result.stderr
    assert "chenjing (陈静), liuyang (刘洋), zhangwei (张伟)" in result.stderr


def test_a_name_close_to_an_authors_name_suggests_that_authors_id(
    empty_project: Project,
) -> None:
    authors = empty_project.root / "site_config/authors.yml"
    authors.write_text(authors.read_text("utf-8").replace("name: 刘洋", "name: 欧阳明华"), "utf-8")
    result = new(empty_project, "news", TITLE, "--author", "欧阳明")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "是不是“liuyang”？" in result.stderr


def test_two_authors_with_the_name_given_need_the_id(empty_project: Project) -> None:
    authors = empty_project.root / "site_config/authors.yml"
    authors.write_text(authors.read_text("utf-8").replace("name: 刘洋", "name: 张伟"), "utf-8")
    result = new(empty_project, "news", TITLE, "--author", "张伟")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "有几位作者都叫“张伟”，请用编号指定：liuyang（张伟）、zhangwei（张伟）" in result.stderr
    assert items(empty_project) == set()


def test_unknown_section_is_a_usage_error(empty_project: Project) -> None:
    result = new(empty_project, "blog", TITLE, "--author", "liuyang")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "news" in result.stderr and "industry" in result.stderr
    assert items(empty_project) == set()


@pytest.mark.parametrize(
    ("given", "expected"),
    [("open-day-2026", "open-day-2026"), ("Open Day", "open-day"), ("../../开放日", "kai-fang-ri")],
)
def test_given_slug_is_a_valid_slug_and_file_name(
    empty_project: Project, given: str, expected: str
) -> None:
    result = new(empty_project, "news", TITLE, "--author", "liuyang", "--slug", given)
    assert result.returncode == 0, result.stdout + result.stderr
    path = created_path(empty_project, result)
    assert path.parent.parent == empty_project.content / "news/posts"
    assert path.name.endswith(f"-{expected}.md")
    assert front(path)[0]["slug"] == expected
    assert items(empty_project) == {path}
    check = empty_project.pipeline("check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_new_leaves_no_temporary_folders(empty_project: Project, tmp_path_factory) -> None:
    scratch = tmp_path_factory.mktemp("scratch")
    result = new(empty_project, "news", TITLE, "--author", "liuyang", env={"TMPDIR": str(scratch)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(scratch.iterdir()) == []


def test_new_runs_as_the_installed_command(empty_project: Project) -> None:
    """The `pipeline` console script of the virtualenv, not just `python -m pipeline`."""
    script = Path(sys.executable).with_name("pipeline")
    result = empty_project.run(script, "new", "news", TITLE, "--author", "zhangwei")
    assert result.returncode == 0, result.stdout + result.stderr
    assert front(created_path(empty_project, result))[0]["author"] == "zhangwei"


def test_new_refuses_a_title_outside_the_length_limits(empty_project: Project) -> None:
    result = new(empty_project, "news", "短", "--author", "liuyang")
    assert result.returncode == 2
    assert "标题有 1 个字" in result.stderr and "Traceback" not in result.stderr
    assert not list((empty_project.content / "news/posts").rglob("*.md"))
