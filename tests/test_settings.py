"""site_config/: loading, validation with file and line, and exit status 2 for mistakes in it.

The exit-status tests run the real `python -m pipeline` in a subprocess, so they also
prove that configuration mistakes never end in a Python traceback.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import REPO, Project

from pipeline.config.base import Bounds, ConfigError
from pipeline.config.site import load_site_config

UNFILLED = re.compile(r"\{[A-Za-z_]\w*\}")


def edit(project: Project, rel: str, old: str, new: str) -> None:
    path = project.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def config_error(project: Project) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_site_config(project.root)
    return caught.value


def line_in(project: Project, rel: str, needle: str) -> int:
    lines = (project.root / rel).read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, 1) if needle in text)


def assert_usage_error(project: Project, *args: str) -> str:
    """Run the real command; it must exit 2 without a traceback. Returns its stderr."""
    result = project.pipeline(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not UNFILLED.search(result.stderr)
    return " ".join(result.stderr.split())  # rich wraps long lines at 80 columns


# --- the repository's own configuration ------------------------------------------------------


def test_repository_site_config_loads() -> None:
    config = load_site_config(REPO)
    assert config.timezone_name == "Asia/Shanghai"
    assert config.language == "zh"
    assert config.title_bounds == Bounds(4, 40)
    assert config.summary_bounds == Bounds(20, 120)
    assert config.sections["industry"].source_required is True
    assert config.sections["news"].source_required is False
    assert "产品发布" in config.sections["news"].categories
    assert config.authors["zhangwei"].name == "张伟"


def test_limits_in_site_yml_are_what_items_are_checked_against(empty_project: Project) -> None:
    edit(
        empty_project, "site_config/site.yml", "title: {min: 4, max: 40}", "title: {min: 4, max: 8}"
    )
    empty_project.write_item("news", "long", title="一个超过八个字的新闻标题", slug="long")
    result = empty_project.cli("check", "--format", "json")
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "schema/too-long"
    assert "最多 8 个字" in finding["message"]


def test_sections_categories_come_from_site_yml(empty_project: Project) -> None:
    edit(empty_project, "site_config/site.yml", "社会责任]", "社会责任, 公司活动]")
    empty_project.write_item("news", "c", categories=["公司活动"])
    assert empty_project.cli("check").exit_code == 0


# --- site.yml mistakes -----------------------------------------------------------------------


def test_typo_key_exits_2_naming_file_line_and_fix(empty_project: Project) -> None:
    edit(empty_project, "site_config/site.yml", "timezone:", "timezon:")
    err = assert_usage_error(empty_project, "check")
    line = line_in(empty_project, "site_config/site.yml", "timezon:")
    assert f"site_config/site.yml:{line}:" in err
    assert "“timezon”" in err
    assert "“timezone”" in err


def test_typo_key_in_english(empty_project: Project) -> None:
    edit(empty_project, "site_config/site.yml", "timezone:", "timezon:")
    err = assert_usage_error(empty_project, "--lang", "en", "check")
    assert "unknown setting 'timezon'" in err
    assert "did you mean 'timezone'?" in err


def test_typo_in_a_section_names_its_own_line(empty_project: Project) -> None:
    edit(empty_project, "site_config/site.yml", "source_required:", "source_requird:")
    error = config_error(empty_project)
    assert error.rule == "config/unknown-key"
    assert error.params["key"] == "sections.industry.source_requird"
    assert error.params["suggestion"] == "source_required"
    assert error.line == line_in(empty_project, "site_config/site.yml", "source_requird:")


def test_typo_in_limits_names_its_own_line(empty_project: Project) -> None:
    edit(empty_project, "site_config/site.yml", "summary: {min", "sumary: {min")
    error = config_error(empty_project)
    assert (error.rule, error.params["suggestion"]) == ("config/unknown-key", "summary")
    assert error.line == line_in(empty_project, "site_config/site.yml", "sumary:")


@pytest.mark.parametrize(
    "bounds",
    [
        "{min: 50, max: 40}",  # min above max
        "{min: -1, max: 40}",  # negative
        "{min: true, max: 40}",  # not a number (YAML true)
        "{min: 4, max: '40'}",  # text
        "{min: 4, maximum: 40}",  # unknown key
        "40",  # not a mapping
    ],
)
def test_bad_bounds_are_a_config_error(empty_project: Project, bounds: str) -> None:
    edit(empty_project, "site_config/site.yml", "title: {min: 4, max: 40}", f"title: {bounds}")
    error = config_error(empty_project)
    assert (error.rule, error.params["key"]) == ("config/bad-bounds", "limits.title")
    assert error.line == line_in(empty_project, "site_config/site.yml", f"title: {bounds}")


def test_bad_bounds_exit_2(empty_project: Project) -> None:
    edit(empty_project, "site_config/site.yml", "{min: 20, max: 120}", "{min: 200, max: 120}")
    err = assert_usage_error(empty_project, "check")
    assert "“limits.summary”" in err
    assert "{min: 数字, max: 数字}" in err


def test_bad_language_exits_2(empty_project: Project) -> None:
    edit(empty_project, "site_config/site.yml", "language: zh", "language: fr")
    err = assert_usage_error(empty_project, "check")
    assert "site_config/site.yml:3:" in err
    assert "“fr”" in err


def test_bad_timezone_exits_2(empty_project: Project) -> None:
    edit(empty_project, "site_config/site.yml", "Asia/Shanghai", "Asia/Beijing")
    err = assert_usage_error(empty_project, "check")
    assert "site_config/site.yml:4:" in err
    assert "“Asia/Beijing”" in err


def test_section_without_a_blog_in_mkdocs_yml_exits_2(empty_project: Project) -> None:
    edit(
        empty_project,
        "site_config/site.yml",
        "sections:\n",
        "sections:\n  events:\n    title: 活动\n    categories: [展会]\n",
    )
    err = assert_usage_error(empty_project, "check")
    assert "site_config/site.yml" in err
    assert "“events”" in err
    assert "blog_dir: events" in err


def test_missing_posts_folder_exits_2_naming_it(empty_project: Project) -> None:
    shutil.rmtree(empty_project.root / "content/industry/posts")
    err = assert_usage_error(empty_project, "check")
    assert "content/industry/posts" in err
    assert "“industry”" in err
    assert "Traceback" not in err


def test_yaml_syntax_error_in_site_yml_exits_2_with_line(empty_project: Project) -> None:
    edit(empty_project, "site_config/site.yml", "language: zh", "language: [zh")
    err = assert_usage_error(empty_project, "check")
    assert "site_config/site.yml:3:" in err


def test_no_sections_is_a_config_error(empty_project: Project) -> None:
    (empty_project.root / "site_config/site.yml").write_text("language: zh\n", encoding="utf-8")
    assert config_error(empty_project).rule == "config/no-sections"


def test_category_list_must_be_a_list(empty_project: Project) -> None:
    edit(empty_project, "site_config/site.yml", "categories: [政策法规", "categories: 政策法规 #[")
    error = config_error(empty_project)
    assert (error.rule, error.params["key"]) == (
        "config/expected-list",
        "sections.industry.categories",
    )
    assert error.line == line_in(empty_project, "site_config/site.yml", "categories: 政策法规")


def test_source_required_must_be_true_or_false(empty_project: Project) -> None:
    edit(empty_project, "site_config/site.yml", "source_required: true", "source_required: 是")
    error = config_error(empty_project)
    assert error.rule == "config/expected-bool"
    assert error.line == line_in(empty_project, "site_config/site.yml", "source_required:")


# --- authors.yml mistakes --------------------------------------------------------------------


def test_missing_authors_file_exits_2(empty_project: Project) -> None:
    (empty_project.root / "site_config/authors.yml").unlink()
    err = assert_usage_error(empty_project, "check")
    assert "site_config/authors.yml" in err
    assert "找不到配置文件" in err


def test_author_without_avatar_exits_2_naming_the_author(empty_project: Project) -> None:
    edit(empty_project, "site_config/authors.yml", "    avatar: assets/authors/liuyang.png\n", "")
    err = assert_usage_error(empty_project, "check")
    line = line_in(empty_project, "site_config/authors.yml", "liuyang:")
    assert f"site_config/authors.yml:{line}:" in err
    assert "“authors.liuyang.avatar”" in err


def test_author_with_unknown_key_names_its_line(empty_project: Project) -> None:
    edit(empty_project, "site_config/authors.yml", "    name: 刘洋\n", "    nmae: 刘洋\n")
    error = config_error(empty_project)
    assert (error.rule, error.params["suggestion"]) == ("config/unknown-key", "name")
    assert error.line == line_in(empty_project, "site_config/authors.yml", "nmae:")


def test_no_authors_is_a_config_error(empty_project: Project) -> None:
    (empty_project.root / "site_config/authors.yml").write_text("authors: {}\n", encoding="utf-8")
    assert config_error(empty_project).rule == "config/no-authors"


def test_authors_file_saved_as_gbk_names_the_encoding(empty_project: Project) -> None:
    path = empty_project.root / "site_config/authors.yml"
    first_chinese = line_in(empty_project, "site_config/authors.yml", "张伟")
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    error = config_error(empty_project)
    assert (error.rule, error.line) == ("encoding/gbk", first_chinese)


# --- language of messages ----------------------------------------------------------------------


def test_language_en_in_site_yml_makes_english_the_default(empty_project: Project) -> None:
    edit(empty_project, "site_config/site.yml", "language: zh", "language: en")
    empty_project.write_item("news", "a", author="张伟")
    result = empty_project.cli("check")
    assert "author '张伟' is not in site_config/authors.yml" in result.output
    result = empty_project.cli("--lang", "zh", "check")
    assert "作者“张伟”不在 site_config/authors.yml 中" in result.output


def test_config_error_renders_file_line_message_and_hint() -> None:
    error = ConfigError("site_config/site.yml", 4, "config/bad-timezone", value="Mars/Base")
    assert error.render("en") == (
        "site_config/site.yml:4: unknown time zone 'Mars/Base'\n"
        "  → use an IANA zone name such as Asia/Shanghai."
    )


def test_site_yml_that_is_not_a_mapping_says_so(empty_project: Project) -> None:
    empty_project.write("site_config/site.yml", "- language: zh\n- timezone: Asia/Shanghai\n")
    output = assert_usage_error(empty_project, "check")
    assert "site_config/site.yml:1" in output
    assert "config/not-a-mapping" not in output  # people read words, not rule ids
    assert "名称: 值" in output


def test_duplicate_key_in_site_yml_is_a_config_error(empty_project: Project) -> None:
    path = empty_project.root / "site_config/site.yml"
    path.write_text(path.read_text(encoding="utf-8") + "language: en\n", encoding="utf-8")
    error = config_error(empty_project)
    assert (error.rule, error.params["problem"]) == ("yaml/duplicate-key", "language")
    assert error.line == len(path.read_text(encoding="utf-8").splitlines())
