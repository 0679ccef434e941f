"""Messages of the search-engine stage: SEO warnings and the settings behind the head tags."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = {
    "seo/title-keywords": {
        "zh": (
            "标题里没有任何一个关键词（{keywords}）",
            "把最重要的关键词写进标题，例如在标题中加入“{keywords}”中的一个；"
            "或者修改 keywords，让它们和标题说的是同一件事。",
        ),
        "en": (
            "the title contains none of the keywords ({keywords})",
            "put the most important keyword into the title, or change keywords so that they "
            "match what the title is about.",
        ),
    },
    "seo/keyword-not-in-body": {
        "zh": (
            "关键词“{keyword}”在正文中一次也没有出现",
            "在正文里自然地写到“{keyword}”；如果文章并不讲这个内容，就从 keywords 中删掉它。",
        ),
        "en": (
            "the keyword '{keyword}' never appears in the body",
            "mention '{keyword}' in the text where it fits; if the item is not about it, "
            "remove it from keywords.",
        ),
    },
    "seo/summary-short": {
        "zh": (
            "摘要偏短：{length} 个字，搜索结果里的摘要建议 {min}–{max} 个字",
            "补充一两句：谁、做了什么、有什么意义。摘要会显示在搜索结果和分享卡片里。",
        ),
        "en": (
            "the summary is short: {length} characters; search results show {min}–{max} best",
            "add a sentence or two: who, what, why it matters. The summary is what search "
            "results and shared links show.",
        ),
    },
    "seo/summary-long": {
        "zh": (
            "摘要偏长：{length} 个字，搜索结果里的摘要建议 {min}–{max} 个字，多出的部分会被截掉",
            "删去次要的内容，把最重要的信息放在前面。",
        ),
        "en": (
            "the summary is long: {length} characters; search results show {min}–{max} and "
            "cut the rest",
            "drop the details and say the most important thing first.",
        ),
    },
    "seo/duplicate-title": {
        "zh": (
            "标题和其他文章重复：{others}",
            "给每篇文章起不同的标题，例如加上时间、地点或产品名，搜索引擎才能把它们区分开。",
        ),
        "en": (
            "another item has the same title: {others}",
            "give each item its own title (add the date, place or product) so search engines "
            "can tell them apart.",
        ),
    },
    "seo/no-image": {
        "zh": (
            "文章没有图片：既没有封面（cover），正文里也没有图片",
            "在 front matter 中加一行 cover: 图片文件名.jpg（图片放在文章旁边），"
            "或在正文中插入 ![图片说明](图片文件名.jpg)。图文并茂的文章更容易被搜索和分享。",
        ),
        "en": (
            "the item has no picture: no cover and no image in the body",
            "add 'cover: picture.jpg' to the front matter (the image next to the item) or an "
            "image in the body: ![what it shows](picture.jpg).",
        ),
    },
    "seo/updated-before-date": {
        "zh": (
            "更新时间（updated）早于文章日期（date）",
            "updated 写文章最后一次实质修改的时间，应该晚于 date；没有改过就删掉这一行。",
        ),
        "en": (
            "the update time (updated) is before the item's date",
            "updated is when the item last really changed, after its date; remove the line "
            "if it never changed.",
        ),
    },
    "seo/heading-skip": {
        "zh": (
            "小标题跳级：上一级是 {previous} 级，这里直接用了 {level} 级",
            "改成 {expected} 开头（文章标题是 1 级，正文的小标题从 ## 开始，逐级往下）。",
        ),
        "en": (
            "the heading skips a level: level {level} right after level {previous}",
            "start it with {expected} (the title is level 1; body headings start at ## and go "
            "down one level at a time).",
        ),
    },
    "seo/image-missing": {
        "zh": (
            "site_config/seo.yml 中的图片“{image}”在 content/ 中不存在",
            "路径相对于 content/ 文件夹，例如 assets/images/logo.png；确认图片已加入并且文件名一致。",
        ),
        "en": (
            "the image '{image}' named in site_config/seo.yml is not in content/",
            "the path is relative to content/, e.g. assets/images/logo.png; check that the "
            "image is there and the name matches.",
        ),
    },
    "config/bad-base-url": {
        "zh": (
            "base_url“{value}”不是网站的完整地址",
            "写成以 http:// 或 https:// 开头、以 / 结尾的地址，例如 https://www.example.com/",
        ),
        "en": (
            "base_url '{value}' is not the site's full address",
            "write an address that starts with http:// or https:// and ends with /, "
            "e.g. https://www.example.com/",
        ),
    },
    "config/seo-image-format": {
        "zh": (
            "“{key}”的图片“{value}”格式不适合分享卡片和搜索引擎",
            "用 JPEG、PNG、GIF 或 WebP 图片（不能用 SVG）。",
        ),
        "en": (
            "the image '{value}' of '{key}' cannot be used for link previews and search engines",
            "use a JPEG, PNG, GIF or WebP image (not SVG).",
        ),
    },
}

UI: dict[str, dict[str, str]] = {
    "seo.archive": {"zh": "{section} · {year} 年归档", "en": "{section} · {year} archive"},
    "seo.category": {"zh": "{section} · {category}", "en": "{section} · {category}"},
    "seo.page": {"zh": "第 {number} 页", "en": "page {number}"},
}
