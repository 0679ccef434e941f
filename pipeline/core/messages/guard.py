"""Messages of the content guard (issue 3): terms, markings, personal data, secrets, HTML."""

from __future__ import annotations

_MASKED_ZH = "（报告中已打码）"
_MASKED_EN = " (masked in this report)"
# where in an attachment: only the part that applies is shown
_WHERE_ZH = (
    "[[第 {page} 页]][[工作表“{sheet}”]][[单元格 {cell} 的批注]][[第 {slide} 张幻灯片]]"
    "[[第 {comment_slide} 张幻灯片的批注]][[没有挂在任何工作表或幻灯片上的批注 {member}]]"
    "[[表单字段“{form_field}”的填写内容]][[Word 文件的 {part} 部分]][[文档属性 {field}]]"
)
# how to fix what is in a comment or a form field, before the general hint
_FIX_ZH = (
    "[[在原程序中删除或改写单元格 {cell} 的批注；]][[在原程序中删除或改写第 {comment_slide} 张幻灯片的批注；]]"
    "[[用解压工具打开附件可以看到 {member}，在原程序中删除全部批注（“检查文档”）；]]"
    "[[在原程序中清空或改写表单字段“{form_field}”；]]"
)
_FIX_EN = (
    "[[delete or rewrite the comment on cell {cell} in the original program; ]][[delete or "
    "rewrite the comment on slide {comment_slide} in the original program; ]][[{member} is "
    "seen by anyone who unzips the file: remove all comments (Inspect Document); ]][[clear or "
    "rewrite the form field '{form_field}' in the original program; ]]"
)
_WHERE_EN = (
    "[[ on page {page}]][[ in sheet '{sheet}']][[ in the comment on cell {cell}]][[ on slide "
    "{slide}]][[ in a comment on slide {comment_slide}]][[ in the comment part {member}, "
    "attached to no sheet or slide]][[ in the value of the form field '{form_field}']][[ in "
    "the Word part {part}]][[ in the property {field}]]"
)

CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = {
    # --- sensitive terms -------------------------------------------------------------
    "guard/term": {
        "zh": (
            "“{found}”命中{category}中的“{term}”",
            "[[建议：{replacement}。]][[“{locked}”词表的词不能豁免：删除或改写这段文字，"
            "任何例外都不能放行。]][[确属必要时，请安全角色在 {waivers} 中为这个文件批准一条例外"
            "（file、term、reason）；front matter 和行内的例外不能放行这个词表。]]"
            "[[确属必要时，在 front matter 的 allow_terms 中写明词语和理由，"
            "或在这一行写 <!-- guard:allow {inline_term} 理由 -->。]]（词表：{list}）",
        ),
        "en": (
            "'{found}' matches '{term}' of the list '{category}'",
            "[[suggestion: {replacement}. ]][[The list '{locked}' cannot be waived: remove or "
            "rewrite this text; no exception can let it through. ]][[If it is truly needed, "
            "the security role approves an exception for this file in {waivers} (file, term, "
            "reason); front-matter and inline exceptions cannot waive this list. ]][[If it is "
            "truly needed, add the term and a reason to allow_terms in the front matter, or "
            "write <!-- guard:allow {inline_term} reason --> on this line. ]](list: {list})",
        ),
    },
    # --- customer personal data ----------------------------------------------------------
    "guard/id-number": {
        "zh": (
            f"疑似客户身份证号 {{value}}{_MASKED_ZH}",
            "删除身份证号；公开页面不能出现客户个人信息。",
        ),
        "en": (
            f"a resident identity number {{value}}{_MASKED_EN}",
            "remove it: customer personal data must never be published.",
        ),
    },
    "guard/mobile": {
        "zh": (
            f"疑似个人手机号 {{value}}{_MASKED_ZH}",
            "删除手机号，或改用公司的公开服务电话。",
        ),
        "en": (
            f"a personal mobile number {{value}}{_MASKED_EN}",
            "remove it, or give the company's public service number instead.",
        ),
    },
    "guard/bank-card": {
        "zh": (f"疑似银行卡号 {{value}}{_MASKED_ZH}", "删除银行卡号。"),
        "en": (f"a bank card number {{value}}{_MASKED_EN}", "remove the card number."),
    },
    "guard/email": {
        "zh": (
            f"个人电子邮件地址 {{value}}{_MASKED_ZH}",
            "改用公司邮箱；公开的服务邮箱请加入 site_config/guard.yml 的 public_addresses。",
        ),
        "en": (
            f"a personal e-mail address {{value}}{_MASKED_EN}",
            "use a company address; list public service addresses under public_addresses in "
            "site_config/guard.yml.",
        ),
    },
    # --- secrets -------------------------------------------------------------------------
    "guard/private-key": {
        "zh": ("私钥内容出现在文章中", "立即删除，并请管理员作废这把密钥、重新生成。"),
        "en": (
            "a private key block",
            "remove it now and have the administrator revoke and replace the key.",
        ),
    },
    "guard/password": {
        "zh": (f"疑似密码 {{value}}{_MASKED_ZH}", "删除密码；如果它是真实密码，请立即修改。"),
        "en": (
            f"what looks like a password {{value}}{_MASKED_EN}",
            "remove it; if it is a real password, change it now.",
        ),
    },
    "guard/token": {
        "zh": (
            f"疑似访问密钥（{{kind}}）{{value}}{_MASKED_ZH}",
            "删除它，并请管理员在对应平台作废这个密钥。",
        ),
        "en": (
            f"an access token ({{kind}}) {{value}}{_MASKED_EN}",
            "remove it and have the administrator revoke it on that platform.",
        ),
    },
    "guard/high-entropy": {
        "zh": (
            f"key/secret/token 旁边出现随机字符串 {{value}}{_MASKED_ZH}",
            "如果是真实密钥，删除并作废；示例请写成 your-api-key 之类的占位文字。",
        ),
        "en": (
            f"a random-looking value next to a key/secret/token word {{value}}{_MASKED_EN}",
            "if it is a real secret, remove and revoke it; write examples as placeholders "
            "such as your-api-key.",
        ),
    },
    # --- unsafe HTML ---------------------------------------------------------------------
    "guard/html-tag": {
        "zh": ("不允许使用 <{tag}> 标签", "删除它；视频、地图等嵌入内容请联系网站管理员。"),
        "en": (
            "the <{tag}> tag is not allowed",
            "remove it; ask the site administrator about embedding videos or maps.",
        ),
    },
    "guard/published-as-is": {
        "zh": (
            "[[{name} ]]可以在网站域名下运行脚本（HTML、XHTML、JavaScript、.svgz 或按网页显示的 XML），不能原样发布",
            "把内容写成 Markdown 文章或页面，文档转成 PDF，矢量图导出为 .svg；确实需要独立网页或脚本时，请联系网站管理员。",
        ),
        "en": (
            "[[{name} ]]can run script on the site's domain (HTML, XHTML, JavaScript, .svgz or "
            "XML shown as a page) and cannot be published as it is",
            "write the content as a Markdown item or page, convert documents to PDF, export "
            "vector graphics as .svg; ask the site administrator if a standalone page or "
            "script is truly needed.",
        ),
    },
    "guard/html-event": {
        "zh": ("<{tag}> 上的事件属性“{detail}”会执行脚本", "删除这个属性。"),
        "en": ("the event attribute '{detail}' on <{tag}> runs script", "remove the attribute."),
    },
    "guard/html-url": {
        "zh": (
            "<{tag}> 的地址“{detail}”是 javascript:/data: 链接",
            "改用 https:// 链接或本站文件。",
        ),
        "en": (
            "<{tag}> has a javascript:/data: URL '{detail}'",
            "use an https:// link or a file of the site.",
        ),
    },
    "guard/link-url": {
        "zh": ("链接地址“{detail}”是 javascript:/data: 链接", "改用 https:// 链接或本站文件。"),
        "en": (
            "the link target '{detail}' is a javascript:/data: URL",
            "use an https:// link or a file of the site.",
        ),
    },
    "guard/html-not-allowed": {
        "zh": (
            "HTML“{tag}”不在允许列表中",
            "改用 Markdown 写法，或删除它（允许的标签和属性见 docs/editor-guide.md 的“内容安全检查”）。",
        ),
        "en": (
            "the HTML '{tag}' is not on the allow-list",
            "write it in Markdown or remove it (docs/editor-guide.md, 内容安全检查, lists the allowed tags and attributes).",
        ),
    },
    # --- exceptions ----------------------------------------------------------------------
    "guard/exception-used": {
        "zh": ("例外：允许“{term}”（{count} 处），理由：{reason}", None),
        "en": ("exception: '{term}' allowed ({count}×), reason: {reason}", None),
    },
    "guard/exception-unused": {
        "zh": ("例外“{term}”没有用到", "删除这条例外，以免以后掩盖真正的问题。"),
        "en": (
            "the exception for '{term}' is not used",
            "delete it, so that it cannot hide a real problem later.",
        ),
    },
    "guard/exception-no-reason": {
        "zh": (
            "例外“{term}”没有写理由",
            "写明为什么可以使用，例如 <!-- guard:allow {term} 引用客户原话 -->。",
        ),
        "en": (
            "the exception for '{term}' gives no reason",
            "say why it is acceptable, e.g. <!-- guard:allow {term} quoting the customer -->.",
        ),
    },
    "guard/bad-allow-terms": {
        "zh": (
            "allow_terms 的每一项都要写 term（词语）和 reason（理由）",
            "例如：allow_terms: [{{term: 第一, reason: 引用第三方评测结果原文}}]",
        ),
        "en": (
            "every allow_terms entry needs a term and a reason",
            "for example: allow_terms: [{{term: 第一, reason: quoting a third-party test}}]",
        ),
    },
    # --- who may waive what (pipeline.guard.exceptions, pipeline.guard.waivers) ----------
    "guard/exception-not-waivable": {
        "zh": (
            "“{term}”属于不能豁免的词表“{category}”，这条例外不能放行它",
            "删除这条例外，并删除或改写正文中的这个词[[（建议：{replacement}）]]；"
            "任何例外都不能让它发布（词表：{list}）。",
        ),
        "en": (
            "'{term}' is on the list '{category}', which cannot be waived: this exception "
            "cannot let it through",
            "delete this exception and remove or rewrite the text[[ (suggestion: "
            "{replacement})]]; no exception can let it be published (list: {list}).",
        ),
    },
    "guard/exception-personal-data": {
        "zh": (
            f"例外写的是个人信息 {{term}}{_MASKED_ZH}，个人信息不能豁免",
            "删除这条例外，并删除正文中的个人信息；任何例外都不能让它发布。",
        ),
        "en": (
            f"the exception names personal data {{term}}{_MASKED_EN}, which cannot be waived",
            "delete this exception and remove the personal data from the text; no exception "
            "can let it be published.",
        ),
    },
    "guard/exception-needs-approval": {
        "zh": (
            "“{term}”属于阻止发布的词表“{category}”，编辑自己写的例外不能放行它",
            "删除这条例外并改写正文；确属必要时，请安全角色在 {waivers} 中为这个文件批准一条例外"
            "（file、term、reason）（词表：{list}）。",
        ),
        "en": (
            "'{term}' is on the blocking list '{category}': an exception written in the file "
            "cannot let it through",
            "delete this exception and rewrite the text; if it is truly needed, the security "
            "role approves an exception for this file in {waivers} (file, term, reason) "
            "(list: {list}).",
        ),
    },
    "guard/waiver-used": {
        "zh": (
            "安全例外：允许“{term}”（{count} 处），理由：{reason}"
            "（{waivers} 第 {entry} 行[[，批准人 {approved_by}]]）",
            None,
        ),
        "en": (
            "security exception: '{term}' allowed ({count}×), reason: {reason} "
            "({waivers} line {entry}[[, approved by {approved_by}]])",
            None,
        ),
    },
    "guard/waiver-unused": {
        "zh": (
            "安全例外“{term}”在 {file} 中没有用到",
            "删除这条例外，以免以后掩盖真正的问题。",
        ),
        "en": (
            "the security exception for '{term}' is not used in {file}",
            "delete it, so that it cannot hide a real problem later.",
        ),
    },
    "guard/waiver-no-file": {
        "zh": (
            "安全例外针对的文件 {file} 不存在",
            "文件改名后把这里的 file 改成新路径；文件已删除就删除这条例外。",
        ),
        "en": (
            "the security exception is for {file}, which does not exist",
            "if the file was renamed, write its new path as file; if it was deleted, delete "
            "the exception.",
        ),
    },
    "guard/waiver-not-mapping": {
        "zh": (
            "{entry} 应该是一条例外，写成 file、term、reason 三项",
            "例如：- {{file: content/news/posts/2026/x.md, term: LX-900, reason: 产品已发布}}",
        ),
        "en": (
            "{entry} must be an exception with a file, a term and a reason",
            "for example: - {{file: content/news/posts/2026/x.md, term: LX-900, reason: launched}}",
        ),
    },
    "guard/waiver-missing": {
        "zh": (
            "{entry} 缺少“{key}”或它是空的",
            "每条例外都要写 file（内容文件的路径）、term（词语）和 reason（理由），"
            "approved_by 可选。",
        ),
        "en": (
            "{entry} has no '{key}' or it is empty",
            "every exception needs file (the content file's path), term and reason; "
            "approved_by is optional.",
        ),
    },
    "guard/waiver-bad-file": {
        "zh": (
            "{entry} 的 file“{file}”不是项目里的相对路径",
            "从项目根目录写起，用 /，例如 content/news/posts/2026/x.md。",
        ),
        "en": (
            "{entry}: the file '{file}' is not a path inside the project",
            "write it from the project's folder with /, e.g. content/news/posts/2026/x.md.",
        ),
    },
    "guard/waivers-too-many": {
        "zh": ("安全例外有 {count} 条，超过上限 {limit} 条", "删除不再需要的例外。"),
        "en": (
            "{count} security exceptions, more than the limit of {limit}",
            "delete the ones no longer needed.",
        ),
    },
    # --- configuration -------------------------------------------------------------------
    "guard/bad-level": {
        "zh": ("“{key}”只能是 block 或 warn", "block：阻止发布；warn：提醒审核人。"),
        "en": ("'{key}' must be block or warn", "block stops publishing; warn tells reviewers."),
    },
    "guard/no-term-file": {
        "zh": ("配置了“{key}”，但词表文件 {file} 不存在", "创建这个文件，或删除这项配置。"),
        "en": (
            "'{key}' is configured but its term file {file} does not exist",
            "create the file or remove the setting.",
        ),
    },
    "guard/empty-term": {
        "zh": ("词表中的“{term}”只有符号或空白，无法匹配", "删除这一行，或写上真正的词语。"),
        "en": (
            "'{term}' in the term list is only symbols or blanks and can never match",
            "delete the line or write a real term.",
        ),
    },
    # --- files published as they are (pipeline.guard.filekinds, pipeline.guard.attachments)
    "guard/file-private": {
        "zh": (
            "{name} 是配置文件、日志、数据库导出、密钥、脚本或备份文件（{suffix}），会原样公开",
            "不要把配置文件放进 content/：删除它；需要公开的说明写成文章或页面。",
        ),
        "en": (
            "{name} is a configuration, log, database export, key, script or backup file "
            "({suffix}) and would be published as it is",
            "do not put configuration files in content/: delete it; write what the public "
            "should read as an item or page.",
        ),
    },
    "guard/file-office": {
        "zh": (
            "{name} 是旧版或非 Office Open XML 格式（{suffix}），无法检查其中的内容",
            "把它另存为 .docx、.xlsx、.pptx，或者转成 PDF 再发布。",
        ),
        "en": (
            "{name} is in an old or non-OOXML office format ({suffix}) whose text cannot be "
            "checked",
            "save it as .docx, .xlsx or .pptx, or convert it to PDF, and publish that.",
        ),
    },
    "guard/file-image-unsupported": {
        "zh": (
            "{name} 是网站不直接使用的图片格式（{suffix}），不能原样发布",
            "把它转成 JPG 或 PNG 再放进 content/，图片会自动压缩并去掉拍摄信息。",
        ),
        "en": (
            "{name} is an image format the site does not serve ({suffix}) and cannot be "
            "published as it is",
            "convert it to JPG or PNG: images are then compressed and stripped of camera data.",
        ),
    },
    "guard/file-unknown": {
        "zh": (
            "{name} 的类型（{suffix}）无法检查，不能原样发布",
            "把它转成 PDF 再发布；如果这种文件确实需要原样公开，请网站管理员把扩展名加入 "
            "site_config/guard.yml 的 publish_as_is。",
        ),
        "en": (
            "{name} is of a kind ({suffix}) that cannot be checked and is not published as it is",
            "convert it to PDF; if files of this kind must be published as they are, ask the "
            "site administrator to add the extension to publish_as_is in site_config/guard.yml.",
        ),
    },
    "guard/file-mismatch": {
        "zh": (
            "{name} 的扩展名是 {suffix}，但内容不是 {suffix} 文件",
            "用原来的程序重新导出为真正的 {suffix} 文件，或改成正确的扩展名。",
        ),
        "en": (
            "{name} is named {suffix} but its content is not a {suffix} file",
            "export it again as a real {suffix} file, or give it its right extension.",
        ),
    },
    "guard/file-name-term": {
        "zh": (
            "文件名中的“{found}”命中{category}中的“{term}”",
            "给文件改名，并修改链接到它的地方；文件名会出现在网址里。",
        ),
        "en": (
            "the file name's '{found}' matches '{term}' of the list '{category}'",
            "rename the file and the links to it: a file name is part of its address.",
        ),
    },
    "guard/file-name-personal": {
        "zh": (
            f"文件名中疑似含有个人信息 {{value}}{_MASKED_ZH}",
            "给文件改名，并修改链接到它的地方；文件名会出现在网址里。",
        ),
        "en": (
            f"the file name holds personal data {{value}}{_MASKED_EN}",
            "rename the file and the links to it: a file name is part of its address.",
        ),
    },
    "guard/folder-name-term": {
        "zh": (
            "文件夹名中的“{found}”命中{category}中的“{term}”（文件夹 {name}）",
            "给文件夹改名，并修改链接到其中文件的地方；文件夹名会出现在其中每个文件的网址里。",
        ),
        "en": (
            "the folder name's '{found}' matches '{term}' of the list '{category}' (folder {name})",
            "rename the folder and the links to the files in it: a folder name is part of "
            "the address of every file in it.",
        ),
    },
    "guard/folder-name-personal": {
        "zh": (
            f"文件夹名中疑似含有个人信息 {{value}}{_MASKED_ZH}",
            "给文件夹改名，并修改链接到其中文件的地方；文件夹名会出现在其中每个文件的网址里。",
        ),
        "en": (
            f"the folder name holds personal data {{value}}{_MASKED_EN}",
            "rename the folder and the links to the files in it: a folder name is part of "
            "the address of every file in it.",
        ),
    },
    "guard/docs-dir-link": {
        "zh": (
            "内容文件夹 {name} 是一个符号链接（指向 {target}），它指向的所有文件都会被原样发布",
            "删除这个链接，把内容放回项目里真实的 {name} 文件夹（git clone 得到的就是）；"
            "在检查通过之前不会构建。",
        ),
        "en": (
            "the content folder {name} is a symbolic link (to {target}): every file it points "
            "to would be published as it is",
            "remove the link and keep the content in a real {name} folder of the project (as "
            "git clone makes it); nothing is built until then.",
        ),
    },
    "guard/docs-dir-outside": {
        "zh": (
            "内容文件夹 {name} 实际位于项目之外（{target}），那里的所有文件都会被原样发布",
            "在 mkdocs.yml 中把 docs_dir 设为项目里的 content 文件夹；在检查通过之前不会构建。",
        ),
        "en": (
            "the content folder {name} is really outside the project ({target}): every file "
            "there would be published as it is",
            "set docs_dir in mkdocs.yml to the project's content folder; nothing is built "
            "until then.",
        ),
    },
    "guard/hardlink": {
        "zh": (
            "这个文件在磁盘上还有别的名字（硬链接，共 {count} 个）；发布的是检查过的这份内容，"
            "但在别处修改它也会改变网站上的文件",
            "如果不是有意为之，复制一份普通文件代替它（cp 文件 临时名 && mv 临时名 文件）；"
            "git 里保存的总是普通文件。",
        ),
        "en": (
            "this file has other names on disk ({count} hard links): what is published is this "
            "checked content, but an edit under another name changes the site's file too",
            "unless that is intended, replace it with a plain copy (cp file tmp && mv tmp "
            "file); git always stores a plain file.",
        ),
    },
    "guard/attachment-term": {
        "zh": (
            _WHERE_ZH + "中的“{found}”命中{category}中的“{term}”",
            _FIX_ZH + "[[建议：{replacement}。]]修改原文件后重新导出，再替换这个附件。",
        ),
        "en": (
            "'{found}'" + _WHERE_EN + " matches '{term}' of the list '{category}'",
            _FIX_EN
            + "[[suggestion: {replacement}. ]]edit the original, export it again and replace "
            "this attachment.",
        ),
    },
    "guard/attachment-personal": {
        "zh": (
            _WHERE_ZH + f"中疑似含有个人信息 {{value}}{_MASKED_ZH}",
            _FIX_ZH + "删除身份证号、个人手机号、银行卡号等客户个人信息后重新导出附件。",
        ),
        "en": (
            f"personal data {{value}}{_MASKED_EN}" + _WHERE_EN,
            _FIX_EN + "remove identity, mobile and card numbers and export the attachment again.",
        ),
    },
    "guard/attachment-secret": {
        "zh": (
            _WHERE_ZH + f"中疑似含有密码、密钥或令牌 {{value}}{_MASKED_ZH}",
            _FIX_ZH + "删除后重新导出附件；已经泄露的密码或密钥请立即更换。",
        ),
        "en": (
            f"a password, key or token {{value}}{_MASKED_EN}" + _WHERE_EN,
            _FIX_EN
            + "remove it and export the attachment again; change any password or key that leaked.",
        ),
    },
    "guard/attachment-metadata": {
        "zh": (
            "附件的文档属性会随文件公开：[[作者: {author}；]][[公司: {company}；]][[经理: {manager}；]]"
            "[[最后修改者: {modified_by}；]][[备注: {comments}；]][[批注作者: {comment_authors}；]]",
            "确认这些信息可以公开；否则在原程序的“文件 > 信息 > 属性”（或“检查文档”）中删除后重新导出。",
        ),
        "en": (
            "the attachment's properties are published with it:[[ author: {author};]][[ "
            "company: {company};]][[ manager: {manager};]][[ last modified by: {modified_by};]]"
            "[[ comments: {comments};]][[ comment authors: {comment_authors};]]",
            "make sure they may be public; otherwise remove them in the program's File > Info > "
            "Properties (or Inspect Document) and export again.",
        ),
    },
    "guard/attachment-unreadable": {
        "zh": (
            "打不开：文件损坏或加了密码（{reason}）",
            "去掉密码或重新导出一份完好的文件；无法检查内容的附件不能发布。",
        ),
        "en": (
            "cannot be opened: the file is damaged or protected by a password ({reason})",
            "remove the password or export an intact copy: an attachment that cannot be checked "
            "is not published.",
        ),
    },
    "guard/attachment-too-large": {
        "zh": (
            "文件有 {size}，超过了检查上限 {limit}",
            "压缩或拆分文件；确实需要时，请网站管理员调整 guard.yml 的 attachment_max_mb。",
        ),
        "en": (
            "the file is {size}, over the checking limit of {limit}",
            "compress or split it; if needed, ask the site administrator to raise "
            "attachment_max_mb in guard.yml.",
        ),
    },
    "guard/attachment-bomb": {
        "zh": (
            "文件解压后有 {size}，异常地大（疑似压缩炸弹），没有打开",
            "用原程序重新导出一份正常的文件。",
        ),
        "en": (
            "the file inflates to {size}, abnormally large (a zip bomb?), and was not opened",
            "export a normal copy from the original program.",
        ),
    },
    "guard/attachment-limit": {
        "zh": (
            "文件超过了检查上限（{limit}），内容没有检查完",
            "拆分成几个较小的文件再发布。",
        ),
        "en": (
            "the file is over the checking limit ({limit}) and was not fully checked",
            "split it into smaller files.",
        ),
    },
    "guard/bad-setting": {
        "zh": ("“{key}”必须是 1 到 500 之间的整数（单位 MB）", "例如 attachment_max_mb: 20。"),
        "en": (
            "'{key}' must be a whole number from 1 to 500 (MB)",
            "for example attachment_max_mb: 20.",
        ),
    },
    "guard/bad-suffix": {
        "zh": (
            "“{key}”中的“{value}”不是扩展名",
            '写成以点开头的扩展名，例如 publish_as_is: [".ics"]。',
        ),
        "en": (
            "'{value}' in '{key}' is not a file name extension",
            'write extensions with their dot, for example publish_as_is: [".ics"].',
        ),
    },
    "guard/suffix-never-as-is": {
        "zh": (
            "“{value}”文件可以在网站域名下运行脚本，不能加入 publish_as_is",
            "从 publish_as_is 中删除它；网页内容写成 Markdown，文档转成 PDF。",
        ),
        "en": (
            "'{value}' files can run script on the site's domain and cannot be in publish_as_is",
            "remove it from publish_as_is; write pages in Markdown and convert documents to PDF.",
        ),
    },
}

UI: dict[str, dict[str, str]] = {
    "severity.note": {"zh": "说明", "en": "note"},
    "summary.notes": {
        "zh": "另有 {count} 条例外说明，请审核人过目。",
        "en": " {count} exceptions are noted above for reviewers.",
    },
    "github.more": {
        "zh": "另有 {errors} 个错误、{warnings} 个警告未标注（GitHub 每步最多显示 10 个），见完整报告。",
        "en": "{errors} more errors and {warnings} more warnings not annotated (GitHub shows at "
        "most 10 of each per step); see the full report.",
    },
    "md.title": {"zh": "内容检查结果", "en": "Content check"},
    "md.counts": {
        "zh": "{files} 个文件：{errors} 个错误，{warnings} 个警告，{notes} 条例外说明。",
        "en": "{files} files: {errors} errors, {warnings} warnings, {notes} exceptions noted.",
    },
    "md.blocking": {"zh": "**有错误，不能发布。**", "en": "**Errors block publishing.**"},
    "md.clean": {"zh": "可以发布。", "en": "Nothing blocks publishing."},
    "md.by-rule": {"zh": "按规则统计", "en": "By rule"},
    "md.rule": {"zh": "规则", "en": "rule"},
    "md.count": {"zh": "数量", "en": "count"},
    "md.problems": {"zh": "问题", "en": "Problems"},
    "md.where": {"zh": "位置", "en": "where"},
    "md.severity": {"zh": "级别", "en": "severity"},
    "md.message": {"zh": "说明", "en": "message"},
    "md.more": {"zh": "另有 {count} 条未列出。", "en": "{count} more not listed."},
    "md.exceptions": {"zh": "使用的例外", "en": "Exceptions used"},
    "md.term": {"zh": "词语", "en": "term"},
    "md.reason": {"zh": "理由", "en": "reason"},
    "terms.ok": {
        "zh": "词表自测通过：{categories} 个词表，{cases} 条句子。",
        "en": "term lists pass their self-tests: {categories} lists, {cases} sentences.",
    },
    "terms.failed": {
        "zh": "词表自测失败：{failures} 条句子的结果不对。",
        "en": "term list self-tests failed: {failures} sentences.",
    },
    "terms.must-match": {
        "zh": "应当命中[[“{expected}”]]，实际{found}",
        "en": "must match[[ '{expected}']], found {found}",
    },
    "terms.must-not-match": {
        "zh": "不应命中，实际命中 {found}",
        "en": "must not match, found {found}",
    },
    "terms.bad-line": {
        "zh": "无法识别：句子行以“+ ”（应命中）或“- ”（不应命中）开头",
        "en": "not understood: start sentence lines with '+ ' (must match) or '- ' (must not)",
    },
    "terms.nothing": {"zh": "（没有命中）", "en": "(nothing)"},
    "terms.no-tests": {
        "zh": "词表 {path} 没有自测文件 {test}",
        "en": "the list {path} has no self-test file {test}",
    },
}
