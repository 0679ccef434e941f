"""Messages of editorial targets (issue 8): `pipeline stats`, site_config/stats.yml, /stats/."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = {
    "stats/bad-period": {
        "zh": (
            "统计周期“{value}”不可用",
            "[[是不是想写“{suggestion}”？]]写 week（周）或 month（月）。",
        ),
        "en": ("'{value}' is not a period", "[[did you mean '{suggestion}'? ]]use week or month."),
    },
    "stats/bad-count": {
        "zh": (
            "“{key}”应为 {minimum} 到 {maximum} 之间的整数，而不是“{value}”",
            "它是 pipeline stats 默认显示的周期个数（到当前周期为止）。",
        ),
        "en": (
            "'{key}' must be a whole number from {minimum} to {maximum}, not '{value}'",
            "it is how many periods pipeline stats shows by default, up to the current one.",
        ),
    },
    "stats/bad-target": {
        "zh": (
            "目标“{key}”应为正整数（至少发布多少篇），而不是“{value}”",
            "例如 per_week: 1 表示每周至少 1 篇；不设目标就删掉这一行。",
        ),
        "en": (
            "target '{key}' must be a positive whole number (items at least), not '{value}'",
            "for example per_week: 1 means at least one item a week; delete the line for no target.",
        ),
    },
    "stats/unknown-section": {
        "zh": (
            "目标写给了不存在的栏目“{section}”",
            "[[是不是想写“{suggestion}”？]]栏目在 site_config/site.yml 中配置：{known}。",
        ),
        "en": (
            "targets name a section that does not exist: '{section}'",
            "[[did you mean '{suggestion}'? ]]sections are configured in site_config/site.yml: "
            "{known}.",
        ),
    },
    "stats/bad-days": {
        "zh": (
            "“{key}”应为 0 到 365 之间的天数，而不是“{value}”",
            "文章合并到主分支的时间晚于文章日期超过这么多天，就算作迟发；可以写小数，如 0.5。",
        ),
        "en": (
            "'{key}' must be a number of days from 0 to 365, not '{value}'",
            "an item that reaches main more than this many days after its date counts as late; "
            "fractions such as 0.5 are fine.",
        ),
    },
    "stats/bad-page-path": {
        "zh": (
            "统计页面的网址“{value}”不可用",
            "写相对网址，不带 .md 或 .html，也不要用 ..，例如 stats 或 team/stats。",
        ),
        "en": (
            "'{value}' cannot be the figures page's path",
            "give a relative path without .md, .html or '..', e.g. stats or team/stats.",
        ),
    },
    "stats/page-clash": {
        "zh": (
            "统计页面的网址“{page_path}”已被 content/{docs_path} 占用",
            "在 site_config/stats.yml 的 page.path 换一个网址，或者改名那个文件。",
        ),
        "en": (
            "the figures page's path '{page_path}' is taken by content/{docs_path}",
            "choose another page.path in site_config/stats.yml, or rename that file.",
        ),
    },
    "stats/bad-range": {
        "zh": ("无法理解周期“{value}”", "写成 {example} 的形式，或写一个日期（如 2026-03-12）。"),
        "en": (
            "cannot read the period '{value}'",
            "write it like {example}, or give a date (2026-03-12).",
        ),
    },
    "stats/range-order": {
        "zh": ("起始周期 {first} 晚于结束周期 {last}", "交换 --from 和 --to。"),
        "en": ("the first period {first} comes after the last one {last}", "swap --from and --to."),
    },
}

UI: dict[str, dict[str, str]] = {
    "stats.heading": {
        "zh": "各栏目发布数量（按{period}）",
        "en": "Items published per {period}",
    },
    "stats.week": {"zh": "周", "en": "week"},
    "stats.month": {"zh": "月", "en": "month"},
    "stats.as-of": {
        "zh": "统计截至 {now}（{timezone}）；按文章日期计数，草稿和未到时间的定时文章不计。",
        "en": "As of {now} ({timezone}); counted by each item's date, drafts and scheduled items "
        "left out.",
    },
    "stats.col-period": {"zh": "周期", "en": "Period"},
    "stats.col-days": {"zh": "日期", "en": "Days"},
    "stats.target": {"zh": "目标 ≥{count}/{period}", "en": "target ≥{count} a {period}"},
    "stats.no-target": {"zh": "未设目标", "en": "no target"},
    "stats.total": {"zh": "合计", "en": "Total"},
    "stats.state.met": {"zh": "达标", "en": "met"},
    "stats.state.missed": {"zh": "未达标", "en": "missed"},
    "stats.state.in-progress": {"zh": "进行中", "en": "in progress"},
    "stats.state.upcoming": {"zh": "未开始", "en": "not started"},
    "stats.state.none": {"zh": "", "en": ""},
    "stats.late-count": {"zh": "迟发 {count}", "en": "{count} late"},
    "stats.skipped": {
        "zh": "{count} 篇文章有错误，没有计入：{files}（运行 pipeline check 查看怎样修改）",
        "en": "{count} item(s) have errors and are not counted: {files} (pipeline check says "
        "how to fix them)",
    },
    "stats.waiting-heading": {
        "zh": "待发布（草稿和定时发布）",
        "en": "Waiting (drafts and scheduled)",
    },
    "stats.waiting-none": {
        "zh": "没有草稿，也没有定时发布的文章。",
        "en": "No drafts and no scheduled items.",
    },
    "stats.waiting-command": {
        "zh": "标题和日期不在网站上显示（发布之前不公开）；在仓库里运行 pipeline stats 查看。",
        "en": "Titles and dates are not shown on the site (nothing is public before it is "
        "published); run pipeline stats in the repository to see them.",
    },
    "stats.col-section": {"zh": "栏目", "en": "Section"},
    "stats.col-date": {"zh": "文章日期", "en": "Date"},
    "stats.col-title": {"zh": "标题", "en": "Title"},
    "stats.col-file": {"zh": "文件", "en": "File"},
    "stats.col-landed": {"zh": "合并到主分支", "en": "Reached main"},
    # the CSV's header row (`pipeline stats --csv`)
    "stats.csv.section": {"zh": "栏目", "en": "section"},
    "stats.csv.title": {"zh": "栏目名称", "en": "title"},
    "stats.csv.period": {"zh": "周期", "en": "period"},
    "stats.csv.start": {"zh": "开始", "en": "start"},
    "stats.csv.end": {"zh": "结束", "en": "end"},
    "stats.csv.published": {"zh": "发布数", "en": "published"},
    "stats.csv.target": {"zh": "目标", "en": "target"},
    "stats.csv.state": {"zh": "状态", "en": "state"},
    "stats.csv.late": {"zh": "迟发", "en": "late"},
    "stats.waiting.draft": {"zh": "草稿", "en": "draft"},
    "stats.waiting.scheduled": {"zh": "定时发布", "en": "scheduled"},
    "stats.late-heading": {
        "zh": "迟发：合并到主分支的时间晚于文章日期超过 {days} 天",
        "en": "Published late: reached main more than {days} day(s) after the item's date",
    },
    "stats.late-none": {
        "zh": "迟发（合并到主分支的时间晚于文章日期 {days} 天以上）：没有。",
        "en": "Published late (reached main more than {days} day(s) after the item's date): none.",
    },
    "stats.imported": {
        "zh": "{count} 篇随仓库的第一次提交导入，合并时间不代表是否及时，不计迟发。",
        "en": "{count} item(s) came with the repository's first commit: their landing time says "
        "nothing about punctuality and they are not counted as late.",
    },
    "stats.unlanded": {
        "zh": "{count} 篇还没有合并到主分支（在其他分支上或尚未提交）。",
        "en": "{count} item(s) have not reached main yet (on another branch or not committed).",
    },
    "stats.no-history": {
        "zh": "没有可用的 git 历史，只按文章内容统计，不统计合并时间：{reason}",
        "en": "No git history to read, so figures come from the content only, without landing "
        "times: {reason}",
    },
    "stats.why.records/not-a-repo": {
        "zh": "这个文件夹不在 git 仓库里",
        "en": "this folder is not in a git repository",
    },
    "stats.why.records/shallow": {
        "zh": "这是浅克隆，只有部分历史（在 GitHub Actions 中给 actions/checkout 加上 fetch-depth: 0）",
        "en": "this is a shallow clone with part of the history (in GitHub Actions give "
        "actions/checkout fetch-depth: 0)",
    },
    "stats.why.records/no-branch": {
        "zh": "仓库里没有主分支“{branch}”（site_config/records.yml 的 branch）",
        "en": "the repository has no main branch '{branch}' (branch in site_config/records.yml)",
    },
    "stats.last-with-both": {
        "zh": "--last 只能和 --from 或 --to 中的一个一起用：--from 2026-01 --last 3 表示从 1 月起 3 个月。",
        "en": "--last goes with one of --from and --to, not both: --from 2026-01 --last 3 means "
        "three months from January.",
    },
    "stats.check-missed": {
        "zh": "{count} 个已结束的周期没有达到目标：{periods}",
        "en": "{count} finished period(s) missed their target: {periods}",
    },
    "stats.check-ok": {
        "zh": "已结束的周期都达到了目标。",
        "en": "Every finished period met its target.",
    },
    "stats.page-title": {"zh": "发布统计", "en": "Publishing figures"},
    "stats.page-description": {
        "zh": "网站团队的发布统计：各栏目每周、每月的发布数量与目标。",
        "en": "The website team's figures: items published per section, week and month, "
        "against targets.",
    },
    "stats.page-intro": {
        "zh": "网站团队内部参考：各栏目每周、每月发布了多少篇文章，对照 site_config/stats.yml "
        "中的目标。由网站内容和 git 历史自动生成，不需要手工填写。",
        "en": "For the website team: items published per section, week and month, against the "
        "targets in site_config/stats.yml. Written from the content and git history, never by "
        "hand.",
    },
}
