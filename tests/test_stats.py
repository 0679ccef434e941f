"""Editorial targets: `pipeline stats` and the team's figures page, on real content.

One real git repository is scripted once for the module (commit dates set through
GIT_AUTHOR_DATE / GIT_COMMITTER_DATE): items imported with the first commit, items that
landed on time and late, a draft published later, a pull request merged with a merge
commit, a draft and a scheduled item waiting, and an item not committed yet. Every
command runs "as of" Wednesday 4 November 2026 (ISO week 45), Beijing time.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, Project, _base_project, commit_all, init_repo

NOW = "2026-11-04 12:00"
STATS_YML = """\
period: month
weeks: 5
months: 3
targets:
  news:
    per_month: 3
  industry:
    per_week: 2
    per_month: 5
late_tolerance_days: 2
page:
  enabled: true
  in_nav: false
  path: stats
"""


def _news(project: Project, name: str, date: str, **fields) -> None:
    project.write_item("news", name, date=date, title=f"澜石科技新闻测试{name[-2:]}号", **fields)


def _industry(project: Project, name: str, date: str, **fields) -> None:
    project.write_item(
        "industry", name, date=date, title=f"行业资讯测试文章{name[-2:]}号", **fields
    )


@pytest.fixture(scope="module")
def scripted(tmp_path_factory) -> Project:
    project = _base_project(tmp_path_factory.mktemp("stats"))
    project.write("site_config/stats.yml", STATS_YML)
    repo = init_repo(project.root)
    _news(project, "2026-08-20-n01", "2026-08-20 10:00")  # imported with the first commit
    commit_all(repo, "2026-09-01 09:00", "Import the website")
    _news(project, "2026-10-05-开放日n02", "2026-10-05 09:00")  # git quotes such paths
    commit_all(repo, "2026-10-05 10:00", "News of 5 October")
    _industry(project, "2026-10-06-i01", "2026-10-06 09:00")
    _industry(project, "2026-10-08-i02", "2026-10-08 09:00")
    commit_all(repo, "2026-10-08 18:00", "Two industry items")
    _industry(project, "2026-10-15-i03", "2026-10-15 09:00")
    commit_all(repo, "2026-10-15 11:00", "Industry of 15 October")
    _news(project, "2026-10-14-n03", "2026-10-14 09:00")  # six days after its date: late
    _industry(project, "2026-10-21-i04", "2026-10-21 09:00", draft=True)
    # late, and taken off the site since: counted, never named on the site
    _industry(project, "2026-09-10-i09", "2026-09-10 09:00", expire="2026-10-31 00:00")
    commit_all(repo, "2026-10-20 17:00", "Late news; an industry draft")
    _industry(project, "2026-10-27-i05", "2026-10-27 09:00")
    commit_all(repo, "2026-10-27 10:00", "Industry of 27 October")
    _industry(project, "2026-10-21-i04", "2026-10-21 09:00", draft=False)  # published a week on
    commit_all(repo, "2026-10-28 09:00", "Publish the draft of 21 October")
    repo.git.checkout("-b", "expo")
    _news(project, "2026-11-02-n04", "2026-11-02 09:00")
    commit_all(repo, "2026-11-02 10:00", "News of 2 November")
    repo.git.checkout("main")
    _industry(project, "2026-11-03-i06", "2026-11-03 09:00")
    commit_all(repo, "2026-11-03 09:30", "Industry of 3 November")
    repo.git.merge(
        "--no-ff", "expo", "-m", "Merge pull request #7 from expo", env=_env("2026-11-03 15:00")
    )
    _news(project, "2026-11-03-n05", "2026-11-03 09:00", draft=True)
    _news(project, "2026-11-10-n06", "2026-11-10 09:00")  # scheduled: its date is to come
    posts = "content/industry/posts/2026"
    repo.git.mv(f"{posts}/2026-10-27-i05.md", f"{posts}/2026-10-27-moved-i05.md")
    commit_all(repo, "2026-11-03 16:00", "A draft and a scheduled item; a file renamed")
    _industry(project, "2026-11-01-i07", "2026-11-01 09:00")  # written, not committed
    return project


def _env(when: str) -> dict:
    from conftest import git_dates

    return git_dates(when)


def _json(project: Project, *args: str) -> dict:
    result = project.cli("stats", "--now", NOW, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _cells(data: dict, section: str) -> dict[str, dict]:
    entry = next(s for s in data["sections"] if s["name"] == section)
    return {cell["period"]: cell for cell in entry["periods"]}


def test_months_counted_against_targets(scripted):
    data = _json(scripted)
    assert data["period"] == "month" and data["history"] is True
    assert [p["label"] for p in data["periods"]] == ["2026-09", "2026-10", "2026-11"]
    news, industry = _cells(data, "news"), _cells(data, "industry")
    assert [(news[m]["published"], news[m]["state"]) for m in news] == [
        (0, "missed"),
        (2, "missed"),
        (1, "in-progress"),
    ]
    assert [(industry[m]["published"], industry[m]["state"]) for m in industry] == [
        (1, "missed"),  # an expired item was published: it counts
        (5, "met"),
        (2, "in-progress"),  # the uncommitted item counts: it is in the content
    ]
    assert {m: c["target"] for m, c in news.items()} == {m: 3 for m in news}
    assert data["missed"] == [
        {"section": "news", "period": "2026-09"},
        {"section": "news", "period": "2026-10"},
        {"section": "industry", "period": "2026-09"},
    ]


def test_iso_weeks_in_the_site_time_zone(scripted):
    data = _json(scripted, "--period", "week", "--from", "2026-W41", "--to", "2026-W46")
    assert [p["label"] for p in data["periods"]] == [f"2026-W{w}" for w in range(41, 47)]
    assert data["periods"][0] == {
        "label": "2026-W41",
        "first_day": "2026-10-05",
        "last_day": "2026-10-11",
    }
    industry = _cells(data, "industry")
    assert {w: (c["published"], c["state"]) for w, c in industry.items()} == {
        "2026-W41": (2, "met"),
        "2026-W42": (1, "missed"),
        "2026-W43": (1, "missed"),
        "2026-W44": (2, "met"),  # 27 October and Sunday 1 November
        "2026-W45": (1, "in-progress"),
        "2026-W46": (0, "upcoming"),
    }
    news = _cells(data, "news")
    assert {c["state"] for c in news.values()} == {"none"}  # news has no weekly target
    assert news["2026-W45"]["published"] == 1


def test_an_item_late_at_night_counts_in_its_local_week(scripted):
    # Sunday 23:30 in Beijing is Sunday 15:30 UTC: still week 44, never week 45
    _industry(scripted, "2026-11-01-i08", "2026-11-01T23:30:00+08:00")
    try:
        data = _json(scripted, "--period", "week", "--last", "2")
        industry = _cells(data, "industry")
        assert industry["2026-W44"]["published"] == 3
        assert industry["2026-W45"]["published"] == 1
    finally:
        (scripted.content / "industry/posts/2026/2026-11-01-i08.md").unlink()


def test_landing_on_main_late_imported_merged_and_uncommitted(scripted):
    data = _json(scripted)
    items = {
        Path(i["path"]).stem: i for s in data["sections"] for c in s["periods"] for i in c["items"]
    }
    assert items["2026-10-05-开放日n02"]["landed"] == "2026-10-05T10:00:00+08:00"
    assert items["2026-10-05-开放日n02"]["late"] is False
    assert items["2026-10-14-n03"]["late"] is True  # landed six days after its date
    # a draft lands when it is published, not when the draft was committed
    assert items["2026-10-21-i04"]["landed"] == "2026-10-28T09:00:00+08:00"
    assert items["2026-10-21-i04"]["late"] is True
    # a pull request lands with its merge commit
    assert items["2026-11-02-n04"]["landed"] == "2026-11-03T15:00:00+08:00"
    assert items["2026-11-02-n04"]["late"] is False
    # a renamed file keeps its first landing
    assert items["2026-10-27-moved-i05"]["landed"] == "2026-10-27T10:00:00+08:00"
    assert items["2026-11-01-i07"]["landed"] is None
    assert items["2026-11-01-i07"]["late"] is False
    months = _json(scripted, "--from", "2026-08", "--to", "2026-08")
    imported = _cells(months, "news")["2026-08"]["items"][0]
    assert imported["imported"] is True and imported["late"] is False


def test_drafts_and_scheduled_items_waiting(scripted):
    data = _json(scripted)
    waiting = [(w["section"], w["state"], Path(w["path"]).stem) for w in data["waiting"]]
    assert waiting == [
        ("news", "draft", "2026-11-03-n05"),
        ("news", "scheduled", "2026-11-10-n06"),
    ]
    scheduled = data["waiting"][1]
    assert scheduled["title"] == "澜石科技新闻测试06号"
    assert scheduled["goes_live"] == "2026-11-10T09:00:00+08:00"


def test_terminal_table_in_chinese_and_english(scripted):
    zh = scripted.cli("stats", "--now", NOW)
    assert zh.exit_code == 0, zh.output
    for text in (
        "各栏目发布数量（按月）",
        "公司新闻",
        "目标 ≥3/月",
        "2 ✗ 未达标",
        "5 ✓ 达标",
        "进行中",
        "待发布",
        "草稿",
        "定时发布",
        "澜石科技新闻测试06号",
        "content/news/posts/2026/2026-10-14-n03.md",
        "迟发",
    ):
        assert text in zh.output, text
    en = scripted.cli("--lang", "en", "stats", "--now", NOW, "--period", "week")
    assert en.exit_code == 0, en.output
    for text in (
        "Items published per week",
        "target ≥2 a week",
        "2 ✓ met",
        "1 ✗ missed",
        "in progress",
        "Waiting (drafts and scheduled)",
        "scheduled",
        "Published late",
        "1 item(s) have not reached main yet",
    ):
        assert text in en.output, text
    assert scripted.cli("stats", "--lang", "en", "--now", NOW).output.count("missed") >= 3


def test_csv_one_row_per_section_and_period(scripted):
    result = scripted.cli("--lang", "en", "stats", "--now", NOW, "--format", "csv")
    assert result.exit_code == 0
    assert result.output.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.output.lstrip("\ufeff"))))
    assert rows[0] == [
        "section",
        "title",
        "period",
        "start",
        "end",
        "published",
        "target",
        "state",
        "late",
    ]
    assert rows[1:3] == [
        ["news", "公司新闻", "2026-09", "2026-09-01", "2026-09-30", "0", "3", "missed", "0"],
        ["news", "公司新闻", "2026-10", "2026-10-01", "2026-10-31", "2", "3", "missed", "1"],
    ]
    assert len(rows) == 1 + 2 * 3


def test_check_fails_only_on_a_finished_period_that_missed(scripted):
    failed = scripted.cli("stats", "--now", NOW, "--check")
    assert failed.exit_code == 1
    assert "3 个已结束的周期没有达到目标" in failed.output
    assert "公司新闻 2026-10" in failed.output
    # October's industry target was met; November is still in progress, not missed
    recent = scripted.cli("stats", "--now", NOW, "--check", "--from", "2026-10", "--to", "2026-11")
    assert recent.exit_code == 1 and "1 个已结束的周期" in recent.output  # news in October
    industry_only = scripted.cli(
        "--lang", "en", "stats", "--now", NOW, "--check", "--period", "week", "--last", "1"
    )
    assert industry_only.exit_code == 0, industry_only.output
    assert "Every finished period met its target." in industry_only.output


def test_bad_periods_are_usage_errors(scripted):
    bad = scripted.cli("stats", "--now", NOW, "--from", "2026-13")
    assert bad.exit_code == 2
    assert "--from" in bad.output and "2026-13" in bad.output and "2026-11" in bad.output
    wrong_kind = scripted.cli("--lang", "en", "stats", "--period", "week", "--from", "2026-10")
    assert wrong_kind.exit_code == 2 and "2026-W47" in wrong_kind.output
    order = scripted.cli("stats", "--now", NOW, "--from", "2026-11", "--to", "2026-10")
    assert order.exit_code == 2 and "交换 --from 和 --to" in order.output
    both = scripted.cli("stats", "--from", "2026-09", "--to", "2026-10", "--last", "2")
    assert both.exit_code == 2 and "--last 只能和 --from 或 --to 中的一个一起用" in both.output
    assert "Traceback" not in bad.output + wrong_kind.output + order.output


def test_figures_page_built_unlisted_and_deterministic(scripted):
    result = scripted.cli("build", "--now", NOW)
    assert result.exit_code == 0, result.output
    page = scripted.html("stats/", preview=True)
    for text in (
        "发布统计",
        "各栏目发布数量（按月）",
        "各栏目发布数量（按周）",
        "2 ✗ 未达标",
        "5 ✓ 达标",
        "待发布",
        "<td>公司新闻</td>\n<td>1</td>\n<td>1</td>",  # one draft, one scheduled: counts only
        "迟发",
        "澜石科技新闻测试03号",  # published late: named
    ):
        assert text in page, text
    # what is not published yet appears nowhere on the site, not even on this page
    assert "澜石科技新闻测试05号" not in page and "2026-11-03-n05" not in page
    assert "澜石科技新闻测试06号" not in page and "2026-11-10-n06" not in page
    assert "行业资讯测试文章09号" not in page  # expired, though late
    assert "行业资讯测试文章09号" in scripted.cli("stats", "--now", NOW).output
    home = scripted.html("", preview=True)
    assert "stats/" not in home  # not linked from the navigation
    index = json.loads((scripted.preview / "search/search_index.json").read_text("utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("stats/")]
    assert (scripted.content / "stats.md").exists() is False  # generated, never in the sources

    # the same content and history give the same page, byte for byte, all day long: a
    # rebuild a few minutes later (CI, an archive) must not differ from the first build
    again = scripted.cli("build", "--now", "2026-11-04 12:07")
    assert again.exit_code == 0, again.output
    assert scripted.html("stats/", preview=True) == page
    assert "统计截至 2026-11-04（" in page


def test_last_counts_from_the_first_period(scripted):
    data = _json(scripted, "--from", "2026-09", "--last", "2")
    assert [p["label"] for p in data["periods"]] == ["2026-09", "2026-10"]
    default = _json(scripted, "--to", "2026-10")  # months: 3 in stats.yml
    assert [p["label"] for p in default["periods"]] == ["2026-08", "2026-09", "2026-10"]


def test_plain_folder_without_git_counts_from_content(project: Project):
    data = _json(project, "--from", "2026-01", "--to", "2026-06")
    assert data["history"] is False
    news = _cells(data, "news")
    assert [news[m]["published"] for m in news] == [1, 0, 1, 0, 1, 0]
    assert news["2026-01"]["items"][0]["landed"] is None
    table = project.cli("stats", "--now", NOW)
    assert "没有可用的 git 历史" in table.output and "这个文件夹不在 git 仓库里" in table.output


def test_page_in_the_navigation_when_configured(project: Project):
    project.write(
        "site_config/stats.yml",
        "page:\n  in_nav: true\n  publish: true\n  path: team/figures\n  title: 栏目发布统计\n",
    )
    result = project.cli("build")
    assert result.exit_code == 0, result.output
    home = project.html("")
    assert "team/figures/" in home and "栏目发布统计" in home
    index = json.loads((project.site / "search/search_index.json").read_text("utf-8"))
    assert [d for d in index["docs"] if d["location"].startswith("team/figures/")]
    assert "未设目标" in project.html("team/figures/")  # no targets configured


def test_page_disabled_and_page_that_clashes(project: Project):
    project.write("site_config/stats.yml", "page:\n  path: about\n")
    result = project.cli("build")
    assert result.exit_code == 2 or result.exit_code == 1
    assert "site_config/stats.yml:2" in result.output
    assert "content/about.md" in result.output


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("period: month\ntarget:\n  news: {per_week: 1}\n", 2, "是不是想写“targets”"),
        ("targets:\n  nwes:\n    per_week: 1\n", 2, "是不是想写“news”"),
        ("targets:\n  news:\n    per_wek: 1\n", 3, "是不是想写“per_week”"),
        ("targets:\n  industry:\n    per_month: 0\n", 3, "targets.industry.per_month"),
        ("targets:\n  industry:\n    per_week: many\n", 3, "应为正整数"),
        ("period: weak\n", 1, "是不是想写“week”"),
        ("weeks: 0\n", 1, "1 到 520 之间的整数"),
        ("late_tolerance_days: -1\n", 1, "0 到 365 之间的天数"),
        ("page:\n  enabled: true\n  in_nav: yes please\n", 3, "page.in_nav"),
        ("page:\n  path: ../secret\n", 2, "../secret"),
        ("page:\n  pth: stats\n", 2, "是不是想写“path”"),
    ],
)
def test_config_errors_name_file_line_and_fix(project: Project, text, line, expected):
    project.write("site_config/stats.yml", text)
    result = project.cli("stats")
    assert result.exit_code == 2
    assert f"site_config/stats.yml:{line}" in result.output
    assert expected in result.output
    assert "Traceback" not in result.output


def test_item_with_errors_is_named_not_counted(project: Project):
    project.write_item("news", "2026-01-20-broken", date="2026-01-20", author="nobody")
    table = project.cli("stats", "--now", NOW, "--from", "2026-01", "--to", "2026-01")
    assert table.exit_code == 0
    assert "1 篇文章有错误，没有计入：content/news/posts/2026/2026-01-20-broken.md" in table.output
    data = _json(project, "--from", "2026-01", "--to", "2026-01")
    assert data["skipped"] == ["content/news/posts/2026/2026-01-20-broken.md"]
    assert _cells(data, "news")["2026-01"]["published"] == 1


def test_the_sample_site_against_its_targets(tmp_path: Path):
    """What docs/administrator-guide.md promises of the sample site: 7 of the 20 finished
    months missed, and industry met its weekly target in 17 of the 44 weeks to the end of
    October."""
    for name in ("mkdocs.yml", "site_config", "content"):
        source = REPO / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, tmp_path / name)
    sample = Project(tmp_path)
    now = "2026-11-21 12:00"
    months = sample.cli("stats", "--now", now, "--from", "2026-01", "--to", "2026-10", "--check")
    assert months.exit_code == 1  # finished months missed: --check fails
    data = _json(sample, "--from", "2026-01", "--to", "2026-10")
    missed = {
        section["name"]: [c["period"] for c in section["periods"] if c["state"] == "missed"]
        for section in data["sections"]
    }
    assert missed == {
        "news": ["2026-02", "2026-04", "2026-06", "2026-09"],
        "industry": ["2026-02", "2026-05", "2026-08"],
    }
    assert sum(s["total"] for s in data["sections"]) == 33  # every sample item counted once
    assert "7 个已结束的周期没有达到目标" in months.output
    weeks = _json(sample, "--period", "week", "--from", "2026-W01", "--to", "2026-W44")
    industry = _cells(weeks, "industry")
    assert len(industry) == 44
    assert sum(cell["state"] == "met" for cell in industry.values()) == 17
