"""Messages of the brand stage (site_config/brand.yml) and the home page's front matter."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = {
    "brand/bad-hosting": {
        "zh": ("hosting 的值“{value}”无效", "可选：{allowed}。服务器在中国大陆时写 mainland。"),
        "en": (
            "hosting '{value}' is not valid",
            "choose one of: {allowed}. Write mainland when the servers are in mainland China.",
        ),
    },
    "brand/bad-year": {
        "zh": (
            "since 应该是四位年份，不是“{value}”",
            "写公司开始使用本网站的年份，例如 since: 2016",
        ),
        "en": ("since must be a four-digit year, not '{value}'", "for example: since: 2016"),
    },
    "brand/bad-image": {
        "zh": (
            "{key} 的图片“{value}”无效",
            "写 content/ 下的相对路径，格式为 {allowed}，例如 assets/brand/logo.svg",
        ),
        "en": (
            "{key} image '{value}' is not valid",
            "write a path under content/ of type {allowed}, e.g. assets/brand/logo.svg",
        ),
    },
    "brand/bad-color": {
        "zh": ("颜色“{key}”的值“{value}”无效", '写成十六进制颜色，例如 "#0b5cad"（带引号）。'),
        "en": (
            "colour '{key}' has the invalid value '{value}'",
            'write a hex colour in quotes, e.g. "#0b5cad".',
        ),
    },
    "brand/bad-email": {
        "zh": ("电子邮件地址“{value}”格式不对", "写成 name@example.com 的形式。"),
        "en": ("'{value}' is not an e-mail address", "write it as name@example.com."),
    },
    "brand/bad-icp": {
        "zh": (
            "ICP 备案号“{value}”格式不对",
            "照工信部备案系统里的写法填写，例如 浙ICP备2026000000号-1",
        ),
        "en": (
            "ICP filing number '{value}' is not in the usual form",
            "copy it as the MIIT filing system shows it, e.g. 浙ICP备2026000000号-1",
        ),
    },
    "brand/bad-police": {
        "zh": (
            "公安联网备案号“{value}”格式不对",
            "照公安备案系统里的写法填写，例如 浙公网安备33010602000000号",
        ),
        "en": (
            "public-security filing number '{value}' is not in the usual form",
            "copy it as the filing system shows it, e.g. 浙公网安备33010602000000号",
        ),
    },
    "brand/image-missing": {
        "zh": (
            "{key} 指向的图片 {image} 不存在",
            "把图片放到 content/{image}，或者改正 site_config/brand.yml 中的路径。",
        ),
        "en": (
            "the {key} image {image} does not exist",
            "put the file at content/{image} or correct the path in site_config/brand.yml.",
        ),
    },
    "brand/contact-missing": {
        "zh": ("页脚的联系方式缺少“{key}”", "在 site_config/brand.yml 的 contact 下补上这一项。"),
        "en": (
            "the footer's contact block lacks '{key}'",
            "add it under contact in site_config/brand.yml.",
        ),
    },
    "brand/filing-missing": {
        "zh": (
            "缺少备案号“{key}”：网站在中国大陆上线前必须在页脚展示它",
            "在 site_config/brand.yml 的 filing 下填写；hosting: mainland 的正式构建会因此失败。",
        ),
        "en": (
            "the filing number '{key}' is missing: a site in mainland China must show it",
            "fill it in under filing in site_config/brand.yml; a production build with "
            "hosting: mainland fails without it.",
        ),
    },
    "brand/filing-required": {
        "zh": (
            "缺少备案号“{key}”，网站托管在中国大陆（hosting: mainland），不能正式发布",
            "在 site_config/brand.yml 的 filing 下填写 ICP 备案号（icp）和公安联网备案号"
            "（police）；预览构建（--drafts 或 --now）不受影响。",
        ),
        "en": (
            "the filing number '{key}' is missing and the site is hosted in mainland China "
            "(hosting: mainland): it cannot be published",
            "fill in icp and police under filing in site_config/brand.yml; preview builds "
            "(--drafts or --now) are not affected.",
        ),
    },
    "home/bad-banner": {
        "zh": (
            "横幅 banner 的“{field}”缺少或写法不对",
            "banner 下缩进写 image（content/ 下的图片）、title、text 和 link；"
            "link 下写 text 和 url（站内页面写 about.md 这样的路径，站外写 https:// 地址）。",
        ),
        "en": (
            "banner's '{field}' is missing or not valid",
            "indent image (a picture under content/), title, text and link under banner; "
            "link holds text and url (a page such as about.md, or an https:// address).",
        ),
    },
    "home/bad-highlights": {
        "zh": (
            "亮点卡片 highlights 第 {number} 项的“{field}”缺少或写法不对",
            "每一项写 title、text、link（含 text 和 url），再写 icon 或 image 之一；"
            "icon 可选：{icons}",
        ),
        "en": (
            "highlights entry {number}: '{field}' is missing or not valid",
            "give each entry title, text, link (with text and url) and either icon or image; "
            "icons: {icons}",
        ),
    },
}

UI: dict[str, dict[str, str]] = {}
