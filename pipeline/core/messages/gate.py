"""Messages of the publish gate: the built pages, checked before they replace the site."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = {
    "gate/script": {
        "zh": (
            "生成的网页 {page} 里有一段不属于网站模板的脚本：{detail}",
            "网页里不能带脚本。删掉文件里的 <script> 标签（包括标题、标签等 front matter 字段里的）；需要交互功能请联系管理员。",
        ),
        "en": (
            "the built page {page} has a script that is not the theme's own: {detail}",
            "pages cannot carry scripts: remove the <script> tag from the file (front matter "
            "fields such as title or tags included); ask an administrator for interactive features.",
        ),
    },
    "gate/element": {
        "zh": (
            "生成的网页 {page} 里有不允许发布的元素 {detail}",
            "删掉这个 HTML 元素：网页不能嵌入其他网页、插件或表单，也不能用 <base> 改变链接的去向。要展示外部内容，请写成普通链接。",
        ),
        "en": (
            "the built page {page} has an element that cannot be published: {detail}",
            "remove the element: pages cannot embed other pages, plug-ins or forms, nor change "
            "where links go with <base>. Link to outside content with an ordinary link instead.",
        ),
    },
    "gate/refresh": {
        "zh": (
            "生成的网页 {page} 里有自动跳转或改变浏览器设置的 <meta {detail}>",
            "删掉这个 <meta> 标签。要把读者引到别处，请写一个普通链接。",
        ),
        "en": (
            "the built page {page} has a <meta {detail}> that redirects or changes the browser's settings",
            "remove the <meta> tag; to send readers elsewhere, write an ordinary link.",
        ),
    },
    "gate/animate": {
        "zh": (
            "生成的网页 {page} 里有能改写链接地址的 SVG 动画 {detail}",
            "删掉这个 SVG 动画元素；要放动图，请用图片文件。",
        ),
        "en": (
            "the built page {page} has an SVG animation that can change a link's address: {detail}",
            "remove the SVG animation element; use an image file for animated pictures.",
        ),
    },
    "gate/handler": {
        "zh": (
            "生成的网页 {page} 里有事件处理属性 {detail}，它会在读者的浏览器里执行脚本",
            "删掉以 on 开头的属性（例如 onclick、onerror）；也检查 {{: … }} 属性写法和 front matter 字段。",
        ),
        "en": (
            "the built page {page} has an event handler attribute {detail}, which runs script in readers' browsers",
            "remove attributes starting with 'on' (onclick, onerror …); check {{: … }} attribute "
            "lists and front matter fields too.",
        ),
    },
    "gate/srcdoc": {
        "zh": (
            "生成的网页 {page} 里有 srcdoc 属性：{detail}",
            "删掉 srcdoc 属性：它会把一整个网页嵌进当前页面。",
        ),
        "en": (
            "the built page {page} has a srcdoc attribute: {detail}",
            "remove the srcdoc attribute: it embeds a whole page into this one.",
        ),
    },
    "gate/url": {
        "zh": (
            "生成的网页 {page} 里有会执行脚本的地址 {detail}",
            "链接和图片只能用 https:// 开头的地址或站内地址；删掉 javascript:、vbscript:、data:text/html 这类地址。",
        ),
        "en": (
            "the built page {page} has an address that runs script: {detail}",
            "links and images may only use https:// or the site's own addresses; remove "
            "javascript:, vbscript: and data:text/html addresses.",
        ),
    },
    "gate/comment": {
        "zh": (
            "生成的网页 {page} 里留有 HTML 注释 <!-- … -->，任何人查看网页源代码都能看到",
            "这是流水线的问题，不是您的文件的问题：请把这条信息转给管理员。",
        ),
        "en": (
            "the built page {page} still holds an HTML comment <!-- … -->, which anyone can read in "
            "the page source",
            "this is a fault of the pipeline, not of your file: please pass this message to an "
            "administrator.",
        ),
    },
    "gate/term": {
        "zh": (
            "生成的网页 {page} 上显示出了“{found}”（{category}：{term}），源文件里它被标记或编码拆开了，检查时没有认出",
            "改写这处文字：{replacement}。别用 HTML 标签、注释、字符实体或换行把词拆开，读者看到的仍然是这个词。",
        ),
        "en": (
            "the built page {page} shows '{found}' ({category}: {term}); in the source it was split "
            "or encoded by markup, so the check did not see it",
            "rewrite the text: {replacement}. Tags, comments, character references or line breaks "
            "inside a word do not hide it from readers.",
        ),
    },
    "gate/personal": {
        "zh": (
            "生成的网页 {page} 上显示出了个人信息 {value}",
            "从文件中删掉这项个人信息（包括被标签、注释或字符实体拆开的写法），或换成公司的公开联系方式。",
        ),
        "en": (
            "the built page {page} shows personal data {value}",
            "remove it from the file (also where tags, comments or character references split "
            "it), or use the company's public contact details.",
        ),
    },
    "gate/secret": {
        "zh": (
            "生成的网页 {page} 上显示出了疑似密码或密钥的内容 {value}（{kind}）",
            "从文件中删掉它，并请管理员立即更换这个密码或密钥：它可能已经泄露。",
        ),
        "en": (
            "the built page {page} shows what looks like a password or key {value} ({kind})",
            "remove it from the file and have an administrator replace the password or key at "
            "once: it may have leaked.",
        ),
    },
    "gate/not-allowed": {
        "zh": (
            "生成的网页 {page} 的正文区里有不在允许清单内的 HTML：{detail}",
            "删掉这个 HTML 标签、属性或样式，改用 Markdown 写法（例如 **加粗**、表格、图片）；需要新的排版方式请联系管理员。",
        ),
        "en": (
            "the content of the built page {page} has HTML outside the allow-list: {detail}",
            "remove the tag, attribute or style and write it in Markdown (**bold**, tables, "
            "images); ask an administrator for new layouts.",
        ),
    },
    "gate/unaccounted": {
        "zh": (
            "生成的网站里有文件 {file}，它不是由任何检查过的内容、模板或图片生成的",
            "不能发布来历不明的文件。请管理员查看是哪个插件或脚本写入了它（mkdocs.yml 的 plugins），去掉它，或把需要发布的文件放进 content/ 让检查覆盖。",
        ),
        "en": (
            "the built site has a file {file} that no checked content, theme or image made",
            "a file of unknown origin cannot be published: an administrator should find the "
            "plugin or script that writes it (plugins in mkdocs.yml) and remove it, or put "
            "the file under content/ where the checks cover it.",
        ),
    },
    "gate/refused-file": {
        "zh": (
            "这个文件不能原样发布，但它出现在了生成的网站里：{file}",
            "删掉这个文件，或按“发布附件和图片”一节换一种格式；请管理员检查 mkdocs.yml 里是否有插件绕过了检查。",
        ),
        "en": (
            "this file cannot be published as it is, yet it reached the built site: {file}",
            "remove the file or publish it in another format (see publishing attachments and "
            "images); an administrator should check mkdocs.yml for a plugin that bypasses the checks.",
        ),
    },
    "gate/changed-copy": {
        "zh": (
            "生成的网站里的 {file} 与检查过的这个文件内容不同",
            "发布的必须是检查过的文件。请管理员检查 mkdocs.yml 里是否有插件在生成时改写了文件，然后重新生成。",
        ),
        "en": (
            "{file} in the built site differs from this file as it was checked",
            "what is published must be the file that was checked: an administrator should look "
            "for a plugin in mkdocs.yml that rewrites files during the build, then build again.",
        ),
    },
    "gate/unreadable": {
        "zh": (
            "生成的文件 {file} 无法按它的格式读出（损坏、过大或格式不对），因此无法检查",
            "重新生成一次；如果仍然出现，请管理员检查生成它的插件。",
        ),
        "en": (
            "the generated file {file} cannot be read as its format says (damaged, too large "
            "or malformed), so it cannot be checked",
            "build again; if it happens again, an administrator should check the plugin that writes it.",
        ),
    },
}

UI: dict[str, dict[str, str]] = {}
