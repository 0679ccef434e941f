"""Messages of the link check (issue 6): `pipeline links` and site_config/links.yml."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = {
    "links/broken": {
        "zh": (
            "页面 {page} 上的链接“{link}”打不开：{target} 不存在（{status}）"
            "[[；链接在模板生成的部分，见 {html} 第 {html_line} 行]]"
            "[[；另有 {others} 个页面的同一处也有它]]",
            "检查网址是否写错。链接本站页面请用 Markdown 写法 [文字](文件.md)：网址会自动生成并受到检查；"
            "写在 HTML 标签（<a href=…>）里的 .md 不会被转换。页面改过网址名（slug）或被删除时，"
            "请同时修改链接。",
        ),
        "en": (
            "the link '{link}' on page {page} is broken: {target} does not exist ({status})"
            "[[; it is in the template part of the page, see {html} line {html_line}]]"
            "[[; {others} more page(s) have it in the same place]]",
            "check the address for typos. Link pages of this site the Markdown way, "
            "[text](file.md): the URL is made for you and checked; a .md inside an HTML tag "
            "(<a href=...>) is not converted. When a page's slug changed or it was removed, "
            "update the link too.",
        ),
    },
    "links/missing-anchor": {
        "zh": (
            "页面 {page} 上的链接“{link}”指向的位置“#{anchor}”在目标页面上不存在"
            "[[；链接在模板生成的部分，见 {html} 第 {html_line} 行]]"
            "[[；另有 {others} 个页面的同一处也有它]]",
            "目标页面的标题可能改过或删除了；打开目标页面，点标题旁的 ¶ 复制正确的链接，"
            "或者去掉 # 后面的部分。",
        ),
        "en": (
            "the link '{link}' on page {page} points to '#{anchor}', which the target page "
            "does not have[[; it is in the template part of the page, see {html} line "
            "{html_line}]][[; {others} more page(s) have it in the same place]]",
            "the heading may have been renamed or removed: open the target page, copy the "
            "link from the ¶ next to the heading, or drop the part after #.",
        ),
    },
    "links/external": {
        "zh": (
            "页面 {page} 上的外部链接“{link}”无法访问：{status}"
            "[[；链接在模板生成的部分，见 {html} 第 {html_line} 行]]"
            "[[；另有 {others} 个页面的同一处也有它]]",
            "在浏览器里打开确认；对方网站改版时换成新的网址，网页已删除时去掉链接或改用存档地址；"
            "对方网站不允许自动检查时，把它加入 site_config/links.yml 的 skip_hosts。",
        ),
        "en": (
            "the external link '{link}' on page {page} cannot be reached: {status}"
            "[[; it is in the template part of the page, see {html} line {html_line}]]"
            "[[; {others} more page(s) have it in the same place]]",
            "open it in a browser: if the other site moved the page, use the new address; if "
            "the page is gone, remove the link or use an archived copy; if the site refuses "
            "automated checks, add its host to skip_hosts in site_config/links.yml.",
        ),
    },
    "links/bad-whole-number": {
        "zh": ("“{key}”应为 {minimum} 到 {maximum} 之间的整数，而不是“{value}”", None),
        "en": ("'{key}' must be a whole number from {minimum} to {maximum}, not '{value}'", None),
    },
    "links/bad-number": {
        "zh": ("“{key}”应为不小于 {minimum} 的数（秒），而不是“{value}”", None),
        "en": ("'{key}' must be a number of seconds, at least {minimum}, not '{value}'", None),
    },
    "links/bad-positive": {
        "zh": (
            "“{key}”应为大于 0 的数，而不是“{value}”",
            "rate_per_host 是对同一个网站每秒最多发出的请求数，例如 2 或 0.5。",
        ),
        "en": (
            "'{key}' must be a number above 0, not '{value}'",
            "rate_per_host is the most requests per second sent to one host, e.g. 2 or 0.5.",
        ),
    },
    "links/bad-hosts": {
        "zh": (
            "“{key}”应为主机名的列表，而不是“{value}”",
            "每行写一个主机名，不带 https:// 和路径，例如 - weixin.qq.com（也包括它的子域名）。",
        ),
        "en": (
            "'{key}' must be a list of host names, not '{value}'",
            "one host name per entry, without https:// or a path, e.g. - weixin.qq.com "
            "(its subdomains are included).",
        ),
    },
}

UI: dict[str, dict[str, str]] = {
    "links.no-site": {
        "zh": "找不到已生成的网站 {path}/：请先运行 pipeline build（预览构建在 site-preview/，用 --site-dir 指定）。",
        "en": "No built site in {path}/: run pipeline build first (a preview build is in site-preview/; pass --site-dir).",
    },
    "links.done": {
        "zh": "链接检查：{pages} 个页面[[，外部链接 {external} 个（跳过 {skipped} 个）]]，用时 {seconds:.1f} 秒。",
        "en": "Links checked on {pages} page(s)[[, {external} external link(s) ({skipped} skipped)]] in {seconds:.1f} s.",
    },
    "links.whole-site": {
        "zh": "改动可能影响每个页面（mkdocs.yml、site_config/、pipeline/，或删除了 git 中查不到的页面），检查全部页面。",
        "en": "The change can affect every page (mkdocs.yml, site_config/, pipeline/, or a removed page git does not know): checking the whole site.",
    },
    "links.failed": {
        "zh": "linkchecker 运行失败：{problem}",
        "en": "linkchecker failed: {problem}",
    },
    "links.git-failed": {
        "zh": "无法用 git 找出 {rev} 以来改动的文件：{problem}",
        "en": "git cannot list the files changed since {rev}: {problem}",
    },
    "links.paths-need-changed": {
        "zh": "列出文件时要加 --changed（pipeline links --changed 文件……），或用 --since 提交。",
        "en": "Give files with --changed (pipeline links --changed FILE...), or use --since REV.",
    },
}
