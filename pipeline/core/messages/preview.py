"""Messages of the live preview's own pages: the banner on every page when the check found
errors, the findings page, and the stand-in shown in place of a refused file."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = {}

UI: dict[str, dict[str, str]] = {
    "preview.banner": {
        "zh": "预览发现 {errors} 个错误[[、{warnings} 个警告]]，发布前须修正",
        "en": "The preview found {errors} error(s)[[ and {warnings} warning(s)]]: fix them "
        "before publishing",
    },
    "preview.banner-link": {"zh": "查看全部", "en": "See all"},
    "preview.findings-title": {"zh": "预览发现的问题", "en": "Problems found in the preview"},
    "preview.findings-lead": {
        "zh": "以下是检查发现的问题。错误会阻止发布，必须修正；警告请编辑和审核人留意。"
        "修改文件并保存后，预览会自动更新。",
        "en": "These are the problems the check found. Errors block publishing and must be "
        "fixed; warnings are for editors and reviewers to consider. Save the fixed file and "
        "the preview updates itself.",
    },
    "preview.none": {"zh": "检查没有发现问题。", "en": "The check found no problems."},
    "preview.errors-heading": {"zh": "错误（{count}）", "en": "Errors ({count})"},
    "preview.warnings-heading": {"zh": "警告（{count}）", "en": "Warnings ({count})"},
    "preview.gate-heading": {
        "zh": "发布检查（对生成的网页）发现的问题（{count}）",
        "en": "Problems the publish gate found in the built pages ({count})",
    },
    "preview.open-standin": {"zh": "打开此页的预览", "en": "Open this page in the preview"},
    "preview.standin-lead": {
        "zh": "此文件有 {errors} 个错误，修正前不会发布。预览中这一页只显示下面的问题，不显示正文。",
        "en": "This file has {errors} error(s) and is not published until they are fixed. "
        "In the preview this page shows the problems below instead of the content.",
    },
    "preview.all-findings": {
        "zh": "查看预览发现的全部问题",
        "en": "See every problem the preview found",
    },
    "preview.hidden": {
        "zh": "（这段文字含有发布检查会拦截的内容，预览中不显示）",
        "en": "(this text holds what the publish gate blocks; the preview does not show it)",
    },
}
