"""Messages of the foundation: encoding, YAML, front-matter schema, references, config, build."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = {
    # --- reading files -------------------------------------------------------------
    "encoding/gbk": {
        "zh": (
            "文件不是 UTF-8 编码，看起来是用 GBK（Windows 默认）保存的",
            "请把文件另存为 UTF-8：记事本选“另存为”，编码选“UTF-8”；VS Code 点右下角的“GBK”，"
            "选“通过编码保存”→“UTF-8”。",
        ),
        "en": (
            "the file is not UTF-8; it looks like it was saved as GBK (the Windows default)",
            "re-save it as UTF-8: in Notepad use Save As and choose encoding UTF-8; in VS Code "
            "click 'GBK' in the status bar, then 'Save with Encoding' → 'UTF-8'.",
        ),
    },
    "encoding/not-utf8": {
        "zh": ("文件不是 UTF-8 编码的文本", "请用文本编辑器把文件另存为 UTF-8 编码。"),
        "en": ("the file is not UTF-8 text", "re-save the file as UTF-8 text in your editor."),
    },
    "content/symlink": {
        "zh": (
            "这是一个快捷方式（符号链接），指向“{target}”；content 里的符号链接不会被跟随，"
            "它和它下面的任何文件都不会发布",
            "不要在 content 里放快捷方式/符号链接，把文件本身复制进来。",
        ),
        "en": (
            "this is a shortcut (symbolic link) to '{target}'; links under content/ are never "
            "followed, and neither it nor anything below it is published",
            "do not put shortcuts or symbolic links in content/: copy the file itself in.",
        ),
    },
    "content/reserved-name": {
        "zh": (
            "网站会自动生成“{name}”（robots.txt、站点地图、订阅源、搜索索引、错误页或主题文件），"
            "content 里的同名文件不能替换它",
            "删除或改名这个文件；需要改变自动生成的内容时，请联系网站管理员。",
        ),
        "en": (
            "the site generates '{name}' (robots.txt, sitemap, feed, search index, error page "
            "or theme file); a file in content/ cannot replace it",
            "delete or rename this file; to change what is generated, ask the site administrator.",
        ),
    },
    # --- bounded work: limits in site.yml, checked before anything parses the file -----
    "limit/file-size": {
        "zh": (
            "文件有 {size}，超过了每个文件的上限 {limit}，没有继续检查",
            "把内容拆成几篇，或把大段表格、数据做成附件；确需放宽时请管理员修改 "
            "site_config/site.yml 的 limits.file_size_kb。",
        ),
        "en": (
            "the file is {size}, over the limit of {limit} per file; it was not read further",
            "split it into several items or move large tables and data into an attachment; "
            "the administrator sets limits.file_size_kb in site_config/site.yml.",
        ),
    },
    "limit/line-length": {
        "zh": (
            "这一行有 {found} 个字符，超过了单行上限 {limit}，文件没有继续检查",
            "在句子之间换行，或把长段落分成几段（段落之间空一行）；"
            "上限在 site_config/site.yml 的 limits.line_length。",
        ),
        "en": (
            "this line has {found} characters, over the limit of {limit}; the file was not "
            "read further",
            "break the line between sentences or split the paragraph (a blank line between "
            "paragraphs); the limit is limits.line_length in site_config/site.yml.",
        ),
    },
    "limit/list-depth": {
        "zh": (
            "这一行的列表或引用（-、*、1.、>）嵌套了 {found} 层，超过上限 {limit}，文件没有继续检查",
            "减少缩进和层级：正文列表一般不超过三层；上限在 site_config/site.yml 的 "
            "limits.nesting_depth。",
        ),
        "en": (
            "lists or quotes (-, *, 1., >) nest {found} levels deep on this line, over the "
            "limit of {limit}; the file was not read further",
            "use less indentation and fewer levels (three are usually enough); the limit is "
            "limits.nesting_depth in site_config/site.yml.",
        ),
    },
    "limit/bracket-depth": {
        "zh": (
            "方括号或花括号（[ {{）在这一段里嵌套到了 {found} 层，超过上限 {limit}，文件没有继续检查",
            "检查是否多打或漏关了 [ 或 {{；大段数据请放进代码块（``` 包起来）或做成附件。",
        ),
        "en": (
            "brackets ([ or {{) nest {found} levels deep in this paragraph, over the limit of "
            "{limit}; the file was not read further",
            "look for [ or {{ typed too often or never closed; put data in a fenced code block "
            "(```) or an attachment.",
        ),
    },
    "limit/html-depth": {
        "zh": (
            "HTML 标签在这一段里嵌套了 {found} 层没有关闭，超过上限 {limit}，文件没有继续检查",
            "正文请用 Markdown 写；确需 HTML 时，每个 <标签> 都要有对应的 </标签>。",
        ),
        "en": (
            "HTML tags nest {found} levels deep in this paragraph without being closed, over "
            "the limit of {limit}; the file was not read further",
            "write the text in Markdown; where HTML is needed, close every <tag> with </tag>.",
        ),
    },
    "limit/yaml-depth": {
        "zh": (
            "front matter 在这一行嵌套了 {found} 层，超过上限 {limit}，文件没有继续检查",
            "front matter 只需要“字段: 值”和简单列表，不要层层缩进或套括号；"
            "上限在 site_config/site.yml 的 limits.yaml_depth。",
        ),
        "en": (
            "the front matter nests {found} levels deep on this line, over the limit of "
            "{limit}; the file was not read further",
            "front matter needs only 'key: value' lines and simple lists, not deep indentation "
            "or brackets; the limit is limits.yaml_depth in site_config/site.yml.",
        ),
    },
    "yaml/syntax": {
        "zh": (
            "文件开头的 front matter（两行 --- 之间）写法有误：{problem}",
            "检查这一行：冒号后要有空格；值里有冒号、# 或以 [ {{ 开头时，用英文引号把整个值括起来。",
        ),
        "en": (
            "the front matter (between the two --- lines) is not valid YAML: {problem}",
            "check this line: put a space after each colon; quote the whole value when it "
            "contains a colon or #, or starts with [ or {{.",
        ),
    },
    "yaml/not-a-mapping": {
        "zh": ("front matter 应该是“字段: 值”的形式", "每行写一个字段，例如 title: 公司新闻标题"),
        "en": (
            "the front matter must be a list of 'key: value' lines",
            "write one key per line, for example: title: My headline",
        ),
    },
    # slips a newcomer makes in front matter: reported by the character and its line, and
    # repaired in memory so that the rest of the file is still checked
    "yaml/full-width-colon": {
        "zh": (
            "第 {line_number} 行用了全角冒号“：”，请改成半角冒号“:”",
            "把“{key}：”改成“{key}: ”：英文冒号，后面加一个空格（切换到英文输入法再输入）。",
        ),
        "en": (
            "line {line_number} uses the full-width colon '：'; change it to the ASCII colon ':'",
            "write '{key}: ' instead of '{key}：': an ASCII colon followed by a space.",
        ),
    },
    "yaml/tab": {
        "zh": (
            "第 {line_number} 行用了制表符（Tab），front matter 里只能用空格",
            "把这个 Tab 换成空格：缩进时同一层的字段左边对齐，下一层多缩进两个空格；"
            "冒号后面空一个空格。",
        ),
        "en": (
            "line {line_number} has a tab; front matter may use spaces only",
            "replace the tab with spaces: keys of one level line up, a nested level is "
            "indented by two more spaces, and one space follows a colon.",
        ),
    },
    "yaml/colon-in-value": {
        "zh": (
            "第 {line_number} 行“{key}”的值里有冒号加空格“: ”，会被误当成新的字段",
            "用英文双引号把整个值括起来：{key}: {quoted}",
        ),
        "en": (
            "the value of '{key}' on line {line_number} contains a colon and a space ': ', which "
            "reads as a new key",
            "put the whole value in double quotes: {key}: {quoted}",
        ),
    },
    "yaml/list-dash-space": {
        "zh": (
            "第 {line_number} 行的列表项“-{item}”在“-”后面少了一个空格",
            "写成“- {item}”：短横线后面加一个空格，否则这一行不算列表项。",
        ),
        "en": (
            "the list item '-{item}' on line {line_number} needs a space after '-'",
            "write '- {item}': without the space the line is not a list item.",
        ),
    },
    "yaml/lone-surrogate": {
        "zh": (
            "“{problem}”的值里有一个 \\u 转义只写了半个字符（D800–DFFF 之间的代理项），网页和搜索索引都存不下它",
            "直接写出这个字符本身；表情等字符要么直接粘贴，要么写成一个 \\U 转义（如 \\U0001F600），不要拆成两个 \\u。",
        ),
        "en": (
            "the value of '{problem}' has a \\u escape that makes half a character (a surrogate, "
            "D800–DFFF), which no page or search index can hold",
            "write the character itself, or one \\U escape for it (e.g. \\U0001F600) instead of "
            "two \\u escapes.",
        ),
    },
    "yaml/duplicate-key": {
        "zh": ("“{problem}”写了两次", "删掉多余的一行，只保留一个“{problem}”。"),
        "en": (
            "'{problem}' is written twice",
            "delete one of the lines: keep a single '{problem}'.",
        ),
    },
    # --- front matter ----------------------------------------------------------------
    "schema/no-front-matter": {
        "zh": (
            "页面缺少 front matter",
            "在文件最前面加上：---、title: 标题、summary: 摘要、--- 四行。",
        ),
        "en": (
            "the page has no front matter",
            "start the file with: ---, title: ..., summary: ..., --- (four lines).",
        ),
    },
    "schema/no-front-matter-item": {
        "zh": (
            "文章缺少 front matter（标题、摘要、日期等）",
            "用 `pipeline new` 新建文章，或从同目录的其他文章复制开头两行 --- 之间的内容再修改。",
        ),
        "en": (
            "the item has no front matter (title, summary, date, ...)",
            "create items with `pipeline new`, or copy the block between the --- lines of "
            "another item and edit it.",
        ),
    },
    "schema/unknown-key": {
        "zh": ("不认识的字段“{key}”", "[[是不是想写“{suggestion}”？]]可用的字段：{known}"),
        "en": ("unknown key '{key}'", "[[did you mean '{suggestion}'? ]]known keys: {known}"),
    },
    "schema/required": {
        "zh": (
            "缺少必填字段“{key}”，或者它的值是空的",
            "在 front matter 中写上一行：{key}: ……；值以 # 开头时要用英文引号括起来，否则会被当成注释。",
        ),
        "en": (
            "required key '{key}' is missing or empty",
            "add a line to the front matter: {key}: ...; quote a value that starts with #, "
            "or it is read as a comment.",
        ),
    },
    "schema/expected-text": {
        "zh": ("“{key}”应该是一段文字", "写成：{key}: 文字内容"),
        "en": ("'{key}' must be text", "write it as: {key}: some text"),
    },
    "schema/expected-bool": {
        "zh": ("“{key}”只能是 true 或 false，现在是“{value}”", "写成：{key}: true 或 {key}: false"),
        "en": (
            "'{key}' must be true or false, not '{value}'",
            "write: {key}: true or {key}: false",
        ),
    },
    "schema/expected-list": {
        "zh": ("“{key}”应该是一个列表", "写成：{key}: [第一项, 第二项]"),
        "en": ("'{key}' must be a list", "write it as: {key}: [first, second]"),
    },
    "schema/expected-text-in-list": {
        "zh": (
            "“{key}”列表里的每一项都应该是文字",
            "删除空项或嵌套的内容，写成：{key}: [第一项, 第二项]",
        ),
        "en": ("each entry of '{key}' must be text", "write it as: {key}: [first, second]"),
    },
    "schema/too-short": {
        "zh": ("“{key}”太短：{length} 个字，至少要 {min} 个字", "把内容写完整一些。"),
        "en": (
            "'{key}' is too short: {length} characters, at least {min} needed",
            "write a fuller text.",
        ),
    },
    "schema/too-long": {
        "zh": ("“{key}”太长：{length} 个字，最多 {max} 个字", "精简到 {max} 个字以内。"),
        "en": (
            "'{key}' is too long: {length} characters, at most {max} allowed",
            "shorten it to {max} characters or fewer.",
        ),
    },
    "schema/bad-date": {
        "zh": (
            "“{key}”不是有效的日期或时间：“{value}”",
            "写成 2026-03-12 或 2026-03-12 09:30（按站点时区理解），检查月份和日期是否存在。",
        ),
        "en": (
            "'{key}' is not a valid date or time: '{value}'",
            "write 2026-03-12 or 2026-03-12 09:30 (site time zone); check that the day exists.",
        ),
    },
    "schema/unknown-author": {
        "zh": (
            "作者“{value}”不在 site_config/authors.yml 中",
            "[[是不是“{suggestion}”？]]可用的作者编号：{known}；新作者请先加到 site_config/authors.yml。",
        ),
        "en": (
            "author '{value}' is not in site_config/authors.yml",
            "[[did you mean '{suggestion}'? ]]known author ids: {known}; add new authors to "
            "site_config/authors.yml first.",
        ),
    },
    "schema/unknown-category": {
        "zh": (
            "分类“{value}”不在栏目“{section}”允许的分类中",
            "[[是不是“{suggestion}”？]]可用的分类：{allowed}（在 site_config/site.yml 中配置）。",
        ),
        "en": (
            "category '{value}' is not allowed in section '{section}'",
            "[[did you mean '{suggestion}'? ]]allowed: {allowed} (set in site_config/site.yml).",
        ),
    },
    "schema/image-not-local": {
        "zh": (
            "“{key}”必须是本站的图片文件，不能是网址：{value}",
            "把图片下载后放在文章旁边，写相对路径。",
        ),
        "en": (
            "'{key}' must be an image file of this site, not a URL: {value}",
            "save the image next to the item and give its relative path.",
        ),
    },
    "schema/not-image": {
        "zh": ("“{key}”不是图片文件：{value}", "使用 .jpg、.png、.webp、.gif 或 .svg 文件。"),
        "en": (
            "'{key}' is not an image file: {value}",
            "use a .jpg, .png, .webp, .gif or .svg file.",
        ),
    },
    "schema/image-missing": {
        "zh": (
            "找不到图片“{value}”",
            "[[是不是“{suggestion}”？]]路径相对于本文件所在的文件夹；请确认图片已放入并且文件名大小写一致。",
        ),
        "en": (
            "image '{value}' does not exist",
            "[[did you mean '{suggestion}'? ]]the path is relative to this file's folder; "
            "check the image is there and the name's case matches.",
        ),
    },
    "schema/bad-slug": {
        "zh": ("slug“{value}”只能包含小写字母、数字和连字符", "[[例如：{suggestion}]]"),
        "en": (
            "slug '{value}' may contain only lowercase letters, digits and hyphens",
            "[[for example: {suggestion}]]",
        ),
    },
    "schema/slug-needed": {
        "zh": (
            "无法从标题生成网址（slug）",
            "加一行 slug: 英文或拼音单词，用连字符连接，例如 slug: company-news",
        ),
        "en": (
            "no URL slug can be made from the title",
            "add a line slug: words-joined-by-hyphens, for example slug: company-news",
        ),
    },
    "schema/bad-source": {
        "zh": (
            "“source”要写明来源名称和网址",
            "写成两行：source: 下一行缩进写 name: 来源名称，再下一行 url: https://……",
        ),
        "en": (
            "'source' must give the name and URL of where the news came from",
            "write: source: with indented lines name: Publication and url: https://...",
        ),
    },
    "schema/bad-url": {
        "zh": ("来源网址无效：“{value}”", "写完整的网址，以 https:// 或 http:// 开头。"),
        "en": (
            "invalid source URL: '{value}'",
            "give a full address starting with https:// or http://.",
        ),
    },
    "schema/bad-choice": {
        "zh": ("“{key}”不支持“{value}”", "[[是不是“{suggestion}”？]]可选值：{allowed}"),
        "en": (
            "'{key}' does not accept '{value}'",
            "[[did you mean '{suggestion}'? ]]choices: {allowed}",
        ),
    },
    "schema/expire-before-publish": {
        "zh": ("下线时间（expire）早于或等于上线时间", "把 expire 改到 publish（或 date）之后。"),
        "en": (
            "'expire' is not after the time the item goes live",
            "set expire later than publish (or date).",
        ),
    },
    "schema/placeholder": {
        "zh": ("“{key}”还是新建文章时的模板文字", "换成真正的内容；还没写完就保留 draft: true。"),
        "en": (
            "'{key}' still holds the template text of a new item",
            "replace it with the real text, or keep draft: true until it is written.",
        ),
    },
    # --- across files ------------------------------------------------------------------
    "slug/duplicate": {
        "zh": (
            "栏目“{section}”中的网址名（slug）“{slug}”重复，同样用于：{others}",
            "给其中一篇加上不同的 slug，例如 slug: {slug}-2",
        ),
        "en": (
            "slug '{slug}' is used more than once in section '{section}', also by: {others}",
            "give one of them a different slug, for example slug: {slug}-2",
        ),
    },
    "url/duplicate": {
        "zh": ("网址 {url} 重复，同样生成于：{others}", "修改其中一个文件的 slug 或文件名。"),
        "en": (
            "URL {url} is produced more than once, also by: {others}",
            "change the slug or file name of one of them.",
        ),
    },
    "ref/absolute-link": {
        "zh": (
            "链接“{target}”以 / 开头，离线归档和预览中会失效",
            "改成指向 .md 文件的相对路径，例如 ../about.md",
        ),
        "en": (
            "link '{target}' starts with /, which breaks in previews and offline archives",
            "link to the .md file with a relative path instead, for example ../about.md",
        ),
    },
    "ref/outside-content": {
        "zh": ("链接“{target}”指向 content 文件夹之外", "只能链接 content/ 中的文件。"),
        "en": (
            "link '{target}' points outside the content folder",
            "link only to files under content/.",
        ),
    },
    "ref/missing-page": {
        "zh": (
            "链接的页面“{target}”不存在",
            "[[是不是“{suggestion}”？]]路径相对于本文件所在的文件夹。",
        ),
        "en": (
            "linked page '{target}' does not exist",
            "[[did you mean '{suggestion}'? ]]the path is relative to this file's folder.",
        ),
    },
    "ref/unpublished-target": {
        "zh": (
            "链接的文章“{target}”尚未发布（{state}），发布后的网站上会是断链",
            "等那篇文章发布后再加链接，或先删去这个链接。",
        ),
        "en": (
            "linked item '{target}' is not published ({state}), so the link would be broken",
            "add the link once that item is published, or remove it for now.",
        ),
    },
    "ref/missing-image": {
        "zh": (
            "图片“{target}”不存在",
            "[[是不是“{suggestion}”？]]路径相对于本文件所在的文件夹；确认图片已加入并且文件名一致。",
        ),
        "en": (
            "image '{target}' does not exist",
            "[[did you mean '{suggestion}'? ]]the path is relative to this file's folder.",
        ),
    },
    "ref/missing-file": {
        "zh": (
            "链接的文件“{target}”不存在",
            "[[是不是“{suggestion}”？]]确认文件已放入 content/ 并且路径正确。",
        ),
        "en": (
            "linked file '{target}' does not exist",
            "[[did you mean '{suggestion}'? ]]check the file is under content/ and the path is right.",
        ),
    },
    "ref/link-to-url": {
        "zh": (
            "链接“{target}”写的是网址而不是文件",
            "改成链接文件：{suggestion}，网址会自动生成。",
        ),
        "en": (
            "link '{target}' is written as a URL, not a file",
            "link the file instead: {suggestion}; the URL is generated.",
        ),
    },
    "page/unknown-section": {
        "zh": (
            "最新文章列表标记中的栏目“{value}”不存在",
            "[[是不是“{suggestion}”？]]可用的栏目：{known}",
        ),
        "en": (
            "the latest-items marker names an unknown section '{value}'",
            "[[did you mean '{suggestion}'? ]]sections: {known}",
        ),
    },
    # --- the build ----------------------------------------------------------------------
    "build/mkdocs-warning": {
        "zh": (
            "构建时 MkDocs 报告：{text}",
            "按提示修改对应文件；链接和锚点要指向存在的 .md 文件和标题。",
        ),
        "en": (
            "MkDocs reported while building: {text}",
            "fix the file it names; links and anchors must point at existing .md files and headings.",
        ),
    },
    "build/speedups-off": {
        "zh": (
            "构建加速已关闭：{reason}。网站照常生成，只是慢一些",
            "这是依赖版本与测试过的版本不同所致；在 requirements.lock 中固定测试过的版本，或更新 pipeline/engine/compat.py 并运行全部测试。",
        ),
        "en": (
            "build speed-ups are off: {reason}. The site is built as usual, only slower",
            "a dependency differs from the tested version: pin the tested one in requirements.lock, or update pipeline/engine/compat.py and run the whole test suite.",
        ),
    },
    # --- configuration --------------------------------------------------------------------
    "config/missing-file": {
        "zh": ("找不到配置文件", "从仓库的示例中恢复这个文件。"),
        "en": ("the configuration file does not exist", "restore it from the repository's sample."),
    },
    "config/yaml-syntax": {
        "zh": ("配置文件的 YAML 写法有误：{problem}", "检查这一行的缩进、冒号后的空格和引号。"),
        "en": (
            "the configuration is not valid YAML: {problem}",
            "check this line's indentation, the space after the colon and the quotes.",
        ),
    },
    "config/unknown-key": {
        "zh": ("不认识的配置项“{key}”", "[[是不是想写“{suggestion}”？]]可用的配置项：{known}"),
        "en": (
            "unknown setting '{key}'",
            "[[did you mean '{suggestion}'? ]]known settings: {known}",
        ),
    },
    "config/not-a-mapping": {
        "zh": ("配置文件应该由“名称: 值”的行组成", "参照仓库里的示例恢复这个文件的结构。"),
        "en": (
            "the configuration file must consist of 'name: value' lines",
            "restore its structure from the repository's sample.",
        ),
    },
    "config/expected-mapping": {
        "zh": ("配置项“{key}”应该包含下一级设置", "在它下面缩进写“名称: 值”。"),
        "en": ("setting '{key}' must hold nested settings", "indent 'name: value' lines under it."),
    },
    "config/expected-list": {
        "zh": ("配置项“{key}”应该是列表", "写成：[第一项, 第二项]"),
        "en": ("setting '{key}' must be a list", "write it as: [first, second]"),
    },
    "config/expected-text": {
        "zh": ("配置项“{key}”应该是文字", None),
        "en": ("setting '{key}' must be text", None),
    },
    "config/expected-bool": {
        "zh": ("配置项“{key}”只能是 true 或 false", None),
        "en": ("setting '{key}' must be true or false", None),
    },
    "config/bad-bounds": {
        "zh": ("“{key}”要写成 {{min: 数字, max: 数字}}，且 min 不大于 max", None),
        "en": ("'{key}' must be {{min: number, max: number}} with min not above max", None),
    },
    "config/bad-limit": {
        "zh": (
            "“{key}”要写成一个整数，而且不能太小",
            "最小值：file_size_kb 为 1，line_length 为 80，nesting_depth 和 yaml_depth 为 3；"
            "不写时用默认值（1024、10000、20、20）。",
        ),
        "en": (
            "'{key}' must be a whole number, and not too small",
            "the lowest values are 1 for file_size_kb, 80 for line_length, 3 for nesting_depth "
            "and yaml_depth; left out, the defaults are 1024, 10000, 20 and 20.",
        ),
    },
    "config/no-sections": {
        "zh": ("没有配置任何栏目（sections）", "至少配置一个栏目，例如 news。"),
        "en": ("no sections are configured", "configure at least one section, for example news."),
    },
    "config/no-authors": {
        "zh": ("没有配置任何作者", "在 authors: 下至少写一位作者。"),
        "en": ("no authors are configured", "add at least one author under authors:."),
    },
    "config/missing-key": {
        "zh": ("缺少配置项“{key}”", None),
        "en": ("setting '{key}' is missing", None),
    },
    "config/bad-language": {
        "zh": ("不支持的语言“{value}”", "写 zh 或 en。"),
        "en": ("unsupported language '{value}'", "use zh or en."),
    },
    "config/bad-timezone": {
        "zh": ("未知的时区“{value}”", "写 IANA 时区名，例如 Asia/Shanghai。"),
        "en": ("unknown time zone '{value}'", "use an IANA zone name such as Asia/Shanghai."),
    },
    "config/section-without-blog": {
        "zh": (
            "栏目“{section}”在 site_config/site.yml 中有配置，但 mkdocs.yml 中没有 blog_dir: {section} 的博客插件",
            "在 mkdocs.yml 的 plugins 中为它加一个 blog 插件，或从 site.yml 删掉这个栏目。",
        ),
        "en": (
            "section '{section}' is in site_config/site.yml but mkdocs.yml has no blog plugin "
            "with blog_dir: {section}",
            "add a blog plugin for it in mkdocs.yml, or remove the section from site.yml.",
        ),
    },
    "config/blog-without-section": {
        "zh": (
            "mkdocs.yml 中的博客 {section} 没有在 site_config/site.yml 的 sections 中配置",
            "在 site.yml 的 sections 下加上 {section}（标题和分类）。",
        ),
        "en": (
            "blog '{section}' in mkdocs.yml is not configured under sections in site_config/site.yml",
            "add {section} with its title and categories under sections in site.yml.",
        ),
    },
    "config/missing-section-folder": {
        "zh": ("栏目“{section}”缺少 {target}", "创建它（栏目首页要有 title 和 summary）。"),
        "en": (
            "section '{section}' is missing {target}",
            "create it (a section index needs title and summary).",
        ),
    },
    "config/mkdocs": {
        "zh": ("mkdocs.yml 配置有误：{problem}", "按提示修改 mkdocs.yml。"),
        "en": ("mkdocs.yml is not valid: {problem}", "fix mkdocs.yml as the message says."),
    },
    "config/no-project": {
        "zh": (
            "在当前目录和上级目录中找不到 mkdocs.yml",
            "在网站仓库里运行，或用 -f 指定 mkdocs.yml。",
        ),
        "en": (
            "no mkdocs.yml here or in any parent folder",
            "run inside the site's repository, or pass -f path/to/mkdocs.yml.",
        ),
    },
    "config/bad-now": {
        "zh": ("无法理解时间“{value}”", "写成 2026-03-12 或 2026-03-12 09:30。"),
        "en": ("cannot read the time '{value}'", "write 2026-03-12 or 2026-03-12 09:30."),
    },
}

UI: dict[str, dict[str, str]] = {
    "summary.clean": {
        "zh": "检查通过：{files} 个文件，没有发现问题。",
        "en": "All clear: {files} files checked, nothing found.",
    },
    "summary.counts": {
        "zh": "{files} 个文件中发现 {errors} 个错误、{warnings} 个警告。",
        "en": "{errors} error(s) and {warnings} warning(s) in {files} file(s).",
    },
    "summary.blocking": {
        "zh": "有错误，不能发布。请按上面的提示修改后再试。",
        "en": "Errors block publishing. Fix them as suggested above and try again.",
    },
    "summary.warnings-only": {
        "zh": "只有警告，可以发布；请审核人留意。",
        "en": "Warnings only: publishing can go ahead; reviewers, please look.",
    },
    "summary.line": {"zh": "{counts}{verdict}", "en": "{counts} {verdict}"},
    "severity.error": {"zh": "错误", "en": "error"},
    "severity.warning": {"zh": "警告", "en": "warning"},
    "fix": {"zh": "修改建议", "en": "fix"},
    # joining a list of names or phrases in running text
    "separator.list": {"zh": "、", "en": ", "},
    "separator.clause": {"zh": "；", "en": "; "},
    # the state of a linked item that is not published (ref/unpublished-target's {state})
    "ref.state.draft": {"zh": "草稿", "en": "a draft"},
    "ref.state.scheduled": {"zh": "定时发布，时间未到", "en": "scheduled for later"},
    "ref.state.expired": {"zh": "已过期下线", "en": "expired"},
    "more-like-this": {
        "zh": "…… 另有 {count} 条相同的“{rule}”警告未列出",
        "en": "... {count} more '{rule}' warnings not shown",
    },
    "build.done": {
        "zh": "网站已生成：{path}（{pages} 个页面，用时 {seconds:.1f} 秒）",
        "en": "Site built in {path} ({pages} pages, {seconds:.1f} s)",
    },
    "build.preview": {
        "zh": "本地预览：pipeline serve（或 python -m http.server -d {path}）",
        "en": "Preview it: pipeline serve (or python -m http.server -d {path})",
    },
    "build.pages-reused": {
        "zh": "页面：重新生成 {rendered} 个，与上次相同而直接沿用 {reused} 个",
        "en": "Pages: {rendered} rendered, {reused} unchanged and taken from the last build",
    },
    "build.pages-relinked": {
        "zh": "页面：重新生成 {rendered} 个，只更新上一篇、下一篇和相关阅读 {relinked} 个，"
        "与上次相同而直接沿用 {reused} 个",
        "en": "Pages: {rendered} rendered, {relinked} with only their previous/next and related "
        "links updated, {reused} unchanged and taken from the last build",
    },
    "build.failed": {
        "zh": "构建失败，原来的网站（{path}）保持不变。",
        "en": "The build failed; the previous site in {path} is unchanged.",
    },
    "build.preview-only": {
        "zh": "这是预览构建（含草稿或指定了 --now），放在 {path}/，不要发布它。",
        "en": "This is a preview build (drafts or --now) in {path}/: do not publish it.",
    },
    "build.rendering": {"zh": "生成页面", "en": "Rendering pages"},
    "build.up-to-date": {
        "zh": "站点已是最新（{path}，{pages} 页）：自上次生成以来源文件、设置和程序都没有变化；"
        "要强制重新生成，用 --force",
        "en": "The site is up to date ({path}, {pages} pages): sources, settings and programs "
        "are unchanged since the last build; to build it anyway, use --force",
    },
    "new.created": {
        "zh": "已新建：{path}\n写好正文和摘要、确认无误后，把 draft: true 改为 draft: false 再提交。",
        "en": "Created {path}\nWrite the body and summary, then set draft: false before "
        "you commit it for publishing.",
    },
    "new.exists": {
        "zh": "文件已存在，没有覆盖：{path}",
        "en": "Not overwritten: {path} already exists",
    },
    "new.no-author": {
        "zh": "无法确定作者：请用 --author 指定作者的编号或姓名，可用的作者：{known}",
        "en": "Cannot tell the author: pass --author with an author's id or name, one of: {known}",
    },
    "new.unknown-author": {
        "zh": "作者“{value}”不在 site_config/authors.yml 中[[，是不是“{suggestion}”？]]。"
        "可用的作者（写编号或姓名都可以）：{known}",
        "en": "author '{value}' is not in site_config/authors.yml[[; did you mean '{suggestion}'?]]. "
        "Known authors (give the id or the name): {known}",
    },
    "new.ambiguous-author": {
        "zh": "有几位作者都叫“{value}”，请用编号指定：{known}",
        "en": "several authors are called '{value}': give the id, one of: {known}",
    },
    "new.author-choice": {"zh": "{id}（{name}）", "en": "{id} ({name})"},
    # template text of a new item: an editor must replace it (schema/placeholder otherwise)
    "new.placeholder.summary": {
        "zh": "请在这里用一两句话概括这篇文章，它会显示在列表页和搜索结果中。",
        "en": "Replace this with one or two sentences that sum up the item for lists and search.",
    },
    "new.placeholder.body": {
        "zh": "请在这里写正文。第一段最好说清楚谁、在什么时候、做了什么。",
        "en": "Write the body here. The first paragraph should say who did what, and when.",
    },
    "new.placeholder.source-name": {"zh": "请填写来源名称", "en": "Name of the source"},
    "new.no-slug": {
        "zh": "无法从标题生成网址，请用 --slug 指定",
        "en": "No slug can be made from the title: pass --slug",
    },
    "new.unknown-section": {
        "zh": "未知的栏目“{value}”，可用：{known}",
        "en": "unknown section '{value}'; choose: {known}",
    },
    "new.bad-title": {
        "zh": "标题有 {length} 个字，应在 {min} 到 {max} 个字之间（site_config/site.yml 的 limits.title）",
        "en": "the title has {length} characters; it must have {min} to {max} (limits.title in site_config/site.yml)",
    },
    "serve.building": {"zh": "正在生成预览……", "en": "Building the preview ..."},
    "serve.stopped": {"zh": "预览已停止。", "en": "The preview has stopped."},
    "serve.pages-rebuilt": {
        "zh": "预览已更新：重新生成了 {pages} 个页面，用时 {seconds} 秒。",
        "en": "Preview updated: {pages} pages rendered again in {seconds} s.",
    },
    "serve.site-rebuilt": {
        "zh": "预览已更新：整个网站重新生成（{pages} 个页面），用时 {seconds} 秒。",
        "en": "Preview updated: the whole site built again ({pages} pages) in {seconds} s.",
    },
    "serve.symlinks": {
        "zh": "content 里有快捷方式（符号链接），预览暂停更新：按上面的提示删掉它们，预览会自动继续。",
        "en": "content/ holds symbolic links: the preview is not updated until they are removed (see above); it resumes by itself.",
    },
    "page.source-label": {"zh": "来源：", "en": "Source: "},
    "page.home": {"zh": "首页", "en": "Home"},
    "page.archive-year": {"zh": "{year} 年", "en": "{year}"},
    "page.qr-label": {
        "zh": "本页网址的二维码，微信扫一扫即可分享",
        "en": "QR code of this page's address: scan it to share the page",
    },
    "serve.address-in-use": {
        "zh": "无法在 {address} 上启动预览：{reason}。换一个端口试试，例如 -a 127.0.0.1:8001",
        "en": "cannot start the preview on {address}: {reason}. Try another port, e.g. -a 127.0.0.1:8001",
    },
    "serve.left-out": {
        "zh": "预览中暂时略过这些有错误的文件：{files}。修正后保存，预览会自动刷新。",
        "en": "The preview leaves out these files until their errors are fixed: {files}. Save a fix and it reloads.",
    },
    "check.no-such-path": {
        "zh": "找不到要检查的路径：{paths}",
        "en": "no such file or folder to check: {paths}",
    },
    "serve.findings": {
        "zh": "预览继续运行；以下问题需要修正：",
        "en": "The preview keeps running; fix these:",
    },
}
