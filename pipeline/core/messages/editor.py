"""Messages of the web editor (/admin/, `pipeline edit`): its settings, the labels and
error texts of the generated Decap CMS configuration, and fetching its pinned packages."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = {
    "editor/bad-backend": {
        "zh": (
            "编辑后台的 backend 不认识：{value}",
            "写 {choices} 之一；不写 backend 时，编辑后台只能通过 `pipeline edit` 在本机使用。",
        ),
        "en": (
            "unknown editor backend: {value}",
            "write one of {choices}; without backend the editor works only on this computer "
            "through `pipeline edit`.",
        ),
    },
    "editor/backend-needs": {
        "zh": (
            "编辑后台使用 {backend} 时必须写 {key}",
            "在 editor.yml 中加上 {key}（见管理员指南“编辑后台”一节）。",
        ),
        "en": (
            "the {backend} editor backend needs {key}",
            "add {key} to editor.yml (administrator guide, section 'The web editor').",
        ),
    },
    "editor/bad-repo": {
        "zh": ("仓库名称不对：{value}", "写成“所有者/仓库名”，例如 lanshi/website。"),
        "en": ("not a repository name: {value}", "write owner/name, e.g. lanshi/website."),
    },
    "editor/bad-url": {
        "zh": (
            "{key} 不是 http(s) 网址：{value}",
            "写完整的网址，例如 https://gitlab.example.com。",
        ),
        "en": (
            "{key} is not an http(s) URL: {value}",
            "write a full URL, e.g. https://gitlab.example.com.",
        ),
    },
    "editor/bad-port": {
        "zh": ("{key} 必须是 1024 到 65535 之间的整数", "例如 local_port: 8081。"),
        "en": ("{key} must be a whole number from 1024 to 65535", "e.g. local_port: 8081."),
    },
}

UI: dict[str, dict[str, str]] = {
    "editor.page-title": {"zh": "编辑后台 · {site}", "en": "Editor · {site}"},
    "editor.collection.pages": {"zh": "固定页面", "en": "Fixed pages"},
    "editor.field.title": {"zh": "标题", "en": "Title"},
    "editor.field.summary": {"zh": "摘要", "en": "Summary"},
    "editor.field.date": {"zh": "日期", "en": "Date"},
    "editor.field.author": {"zh": "作者", "en": "Author"},
    "editor.field.categories": {"zh": "分类", "en": "Categories"},
    "editor.field.keywords": {"zh": "关键词", "en": "Keywords"},
    "editor.field.tags": {"zh": "标签", "en": "Tags"},
    "editor.field.cover": {"zh": "封面图片", "en": "Cover image"},
    "editor.field.slug": {"zh": "网址名（slug）", "en": "URL slug"},
    "editor.field.draft": {"zh": "草稿（不发布）", "en": "Draft (not published)"},
    "editor.field.pin": {"zh": "置顶", "en": "Pinned"},
    "editor.field.publish": {"zh": "定时发布时间", "en": "Publish at"},
    "editor.field.expire": {"zh": "下线时间", "en": "Expires at"},
    "editor.field.updated": {"zh": "更新时间", "en": "Updated"},
    "editor.field.source": {"zh": "来源", "en": "Source"},
    "editor.field.source-name": {"zh": "来源名称", "en": "Source name"},
    "editor.field.source-url": {"zh": "来源网址", "en": "Source URL"},
    "editor.field.allow-terms": {"zh": "敏感词例外", "en": "Term exceptions"},
    "editor.field.term": {"zh": "词语", "en": "Term"},
    "editor.field.reason": {"zh": "理由", "en": "Reason"},
    "editor.field.hide": {"zh": "隐藏的页面部分", "en": "Hidden parts of the page"},
    "editor.field.body": {"zh": "正文", "en": "Body"},
    "editor.field.template": {"zh": "页面模板", "en": "Page template"},
    "editor.field.banner": {"zh": "首页横幅", "en": "Home page banner"},
    "editor.field.highlights": {"zh": "首页亮点卡片", "en": "Home page cards"},
    "editor.field.icon": {"zh": "图标", "en": "Icon"},
    "editor.field.text": {"zh": "文字", "en": "Text"},
    "editor.field.link": {"zh": "链接", "en": "Link"},
    "editor.field.link-text": {"zh": "链接文字", "en": "Link text"},
    "editor.field.link-url": {"zh": "链接地址", "en": "Link address"},
    "editor.hint.icon": {
        "zh": "图标和图片二选一。",
        "en": "Either an icon or an image.",
    },
    "editor.hint.link-url": {
        "zh": "网站内的页面写文件名（例如 about.md），外部网站写完整网址。",
        "en": "A page of the site by its file (e.g. about.md), another site by its full address.",
    },
    "editor.field.image": {"zh": "图片", "en": "Image"},
    "editor.field.alt": {"zh": "图片说明（替代文字）", "en": "Alt text"},
    "editor.hint.summary": {
        "zh": "一两句话说明这篇文章讲什么，会显示在列表、搜索结果和分享卡片里。",
        "en": "One or two sentences on what the item is about; lists, search results and "
        "shared links show it.",
    },
    "editor.hint.date": {
        "zh": "北京时间（网站所在时区）。文件名里的日期取自这里。",
        "en": "In the site's time zone. The file name's date is taken from here.",
    },
    "editor.hint.slug": {
        "zh": "只用小写字母、数字和连字符，例如 new-gateway。不填则保存时自动用标题的拼音。",
        "en": "Lower-case letters, digits and hyphens only, e.g. new-gateway. Left empty, "
        "the title in pinyin is used when the item is saved.",
    },
    "editor.hint.draft": {
        "zh": "勾选后即使合并也不会发布；审核流程中的文章本来就不会发布，一般不用勾选。",
        "en": "Checked, the item is not published even when merged; items in review are "
        "not published anyway, so this is rarely needed.",
    },
    "editor.hint.cover": {
        "zh": "上传的图片与文章保存在同一文件夹。",
        "en": "Uploaded images are stored in the item's own folder.",
    },
    "editor.hint.allow-terms": {
        "zh": "只有审核人同意时才填写：被内容检查拦下、但在这里确实需要的词语和理由。",
        "en": "Only with a reviewer's agreement: a term the content guard stops that this "
        "item really needs, and why.",
    },
    "editor.hint.list": {
        "zh": "用逗号分隔多个词语。",
        "en": "Separate several words with commas.",
    },
    "editor.hint.body": {
        "zh": "插入图片时必须填写图片说明，让看不到图片的读者也知道图片的内容。",
        "en": "Every inserted image needs its alt text, for readers who cannot see it.",
    },
    "editor.hint.alt": {
        "zh": "描述图片的内容，例如“澜石科技杭州总部办公楼外景”。",
        "en": "Say what the picture shows, e.g. 'the head office in Hangzhou from outside'.",
    },
    "editor.error.length": {
        "zh": "：{label}须为 {min} 到 {max} 个字",  # after Decap's "“摘要”不满足模式"
        "en": "{label} must be {min} to {max} characters long",
    },
    "editor.error.slug": {
        "zh": "网址名只能用小写字母、数字和连字符（-），例如 new-gateway",
        "en": "the slug may hold only lower-case letters, digits and hyphens, e.g. new-gateway",
    },
    "editor.error.alt": {
        "zh": "正文里有图片没有图片说明（替代文字）：点图片，填写“图片说明”后再保存",
        "en": "an image in the body has no alt text: open the image and fill in its alt text",
    },
    "editor.error.url": {
        "zh": "请填写以 http:// 或 https:// 开头的完整网址",
        "en": "write a full address starting with http:// or https://",
    },
    "editor.vendor-download": {
        "zh": "无法下载编辑后台（{url}）：{reason}",
        "en": "cannot download the editor ({url}): {reason}",
    },
    "editor.vendor-integrity": {
        "zh": "下载的编辑后台与锁定文件的校验值不符（{url}），已丢弃",
        "en": "the downloaded editor does not match the lock's integrity ({url}); discarded",
    },
    "editor.vendor-bad-file": {
        "zh": "编辑后台软件包中的 {file} 与锁定文件不符",
        "en": "{file} in the editor's package does not match the lock",
    },
    "editor.no-node": {
        "zh": "没有找到 Node.js：`pipeline edit` 需要 Node.js {minimum} 或更新版本（含 npm），"
        "请先安装（https://nodejs.org/ 或系统的软件包，例如 sudo apt-get install nodejs npm）",
        "en": "Node.js was not found: `pipeline edit` needs Node.js {minimum} or newer (with "
        "npm); install it first (https://nodejs.org/ or your system's package, e.g. sudo "
        "apt-get install nodejs npm)",
    },
    "editor.old-node": {
        "zh": "Node.js 版本过旧（{version}）：`pipeline edit` 需要 {minimum} 或更新版本",
        "en": "Node.js {version} is too old: `pipeline edit` needs {minimum} or newer",
    },
    "editor.npm-failed": {
        "zh": "安装编辑后台的本地代理失败（npm ci）：\n{reason}",
        "en": "installing the editor's local proxy failed (npm ci):\n{reason}",
    },
    "editor.not-installed": {
        "zh": "编辑后台（/admin/）没有生成：锁定的 Decap CMS 尚未下载，运行 python3 dev.py site",
        "en": "the editor (/admin/) was not built: the pinned Decap CMS is not fetched yet; "
        "run python3 dev.py site",
    },
    "editor.proxy-failed": {
        "zh": "编辑后台的本地代理没有启动（端口 {port}）：\n{reason}",
        "en": "the editor's local proxy did not start (port {port}):\n{reason}",
    },
    "editor.ready": {
        "zh": "编辑后台：{url}（本地代理在端口 {port}，直接提交到 {repo}）。按 Ctrl+C 结束。",
        "en": "The editor: {url} (local proxy on port {port}, committing to {repo}). "
        "Press Ctrl+C to stop.",
    },
}
