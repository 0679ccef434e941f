"""Writes cases.jsonl: the evasion cases of the sensitive-word libraries' test suites, the
cases tried by hand for issue 15, and near misses (expect null: nothing may match).

    .venv/bin/python bench/corpora/evasions/make_cases.py

Each case: source (repository and test file, or "hand"), class (what it evades with),
expect (the term of site_config/terms/ it must report, or null) and text. Invisible
characters are written as \\u escapes so the file can be read and reviewed.
"""

from __future__ import annotations

import json
from pathlib import Path

HOUBB = "houbb/sensitive-word src/test/java/com/github/houbb/sensitive/word/"
TOOLGOOD = "toolgood/ToolGood.Words csharp/ToolGood.Words.Test/"
IMPORTCJJ = "importcjj/sensitive filter_test.go"
NEWS = "near miss: company news written for this corpus"

CASES = [
    # houbb/sensitive-word
    (
        HOUBB + "bs/SensitiveWordBsTest.java",
        "plain",
        "五星红旗",
        "五星红旗迎风飘扬，毛主席的画像屹立在天安门前。",
    ),
    (
        HOUBB + "bs/SensitiveWordBsTest.java",
        "plain",
        "毛主席",
        "五星红旗迎风飘扬，毛主席的画像屹立在天安门前。",
    ),
    (
        HOUBB + "bs/SensitiveWordBsTest.java",
        "plain",
        "天安门",
        "五星红旗迎风飘扬，毛主席的画像屹立在天安门前。",
    ),
    (HOUBB + "bs/SensitiveWordBsTest.java", "case", "fuck", "fuCK the bad words."),
    (HOUBB + "bs/SensitiveWordBsTest.java", "width", "fuck", "ｆｕｃｋ the bad words."),
    (
        HOUBB + "bs/SensitiveWordBsChineseTest.java",
        "traditional",
        "五星红旗",
        "我爱我的祖国和五星紅旗。",
    ),
    (HOUBB + "bs/SensitiveWordBsEnglishTest.java", "enclosed", "fuck", "Ⓕⓤc⒦ the bad words"),
    (HOUBB + "bs/SensitiveWordBsRepeatTest.java", "repeated", "fuck", "ⒻⒻⒻfⓤuⓤ⒰cⓒ⒦ the bad words"),
    (
        HOUBB + "bs/SensitiveWordBsNumTest.java",
        "number-forms",
        "902498354455",
        "这个是我的微信：9⓿二肆⁹₈③⑸⒋➃㈤㊄",
    ),
    (HOUBB + "bs/SensitiveWordBsIgnoreCharTest.java", "symbols", "傻冒", "傻@冒，狗+东西"),
    (HOUBB + "bs/SensitiveWordBsIgnoreCharTest.java", "symbols", "狗东西", "傻@冒，狗+东西"),
    (HOUBB + "bs/SensitiveWordBsIgnoreCharTest.java", "html", "傻逼", "<p>傻逼</p>"),
    (HOUBB + "bugs/b105/Bug105Test.java", "symbols", "毛主席", "毛---主---席"),
    (HOUBB + "bugs/b20260323/AddWordBugTest.java", "plain", "弹药", "a弹药b"),
    (HOUBB + "bugs/b20260323/EnglishWordMatchTest.java", "plain", "av", "av is bad"),
    (HOUBB + "bugs/b20260323/EnglishWordMatchTest.java", "plain", "sex", "test sex test"),
    (HOUBB + "bugs/b20260323/EnglishWordMatchTest.java", "whole-word", None, "have"),
    (HOUBB + "bs/SensitiveWordBsResultConditionTest.java", "whole-word", None, "cpm"),
    (
        HOUBB + "bugs/b32/MyWordDenyChineseTest.java",
        "plain",
        "三三九乘元功",
        "和我练习三三九乘元功、一军两策",
    ),
    (
        HOUBB + "bugs/b32/MyWordDenyChineseTest.java",
        "plain",
        "一军两策",
        "和我练习三三九乘元功、一军两策",
    ),
    (
        HOUBB + "bugs/b54/Bug84Test.java",
        "number-forms",
        "下三滥",
        "花豹用下3滥招式对付疣猪，没想到疣猪居然也有绝招",
    ),
    (
        HOUBB + "bugs/b55/Bug55Test.java",
        "enumeration-comma",
        None,
        "以个人账户或现金收取资金、现场或即时交付本金即给予部分提成、分红、利息;",
    ),
    # ToolGood.Words: IllegalWordsTest.cs
    (TOOLGOOD + "IllegalWords/IllegalWordsTest.cs", "plain", "中国", "我是中国人"),
    (TOOLGOOD + "IllegalWords/IllegalWordsTest.cs", "plain", "zg人", "我是中国zg人"),
    (TOOLGOOD + "IllegalWords/IllegalWordsTest.cs", "plain", "zg人", "中间国zg人"),
    (TOOLGOOD + "IllegalWords/IllegalWordsTest.cs", "symbols", "all", "fuck al[]l"),
    (TOOLGOOD + "IllegalWords/IllegalWordsTest.cs", "plain", "ToolGood", "http://ToolGood.com"),
    (TOOLGOOD + "IllegalWords/IllegalWordsTest.cs", "repeated", "assert", "asssert all"),
    (TOOLGOOD + "IllegalWords/IllegalWordsTest.cs", "repeated", "all", "asssert allll"),
    (TOOLGOOD + "IllegalWords/IllegalWordsTest.cs", "repeated", "all", "zgasssert aallll"),
    (TOOLGOOD + "IllegalWords/IllegalWordsTest.cs", "symbols", "中国", "我是【中]国【人"),
    (TOOLGOOD + "IllegalWords/IllegalWordsTest.cs", "symbols", "国人", "我是【中国【人"),
    # ToolGood.Words: PinyinMatchTest.cs (its prefix look-ups "S", "Su", "Sdo" and "h 江" are
    # search-box completion, not evasions, and are left out)
    (TOOLGOOD + "PinyinMatchTest/PinyinMatchTest.cs", "pinyin-initials", "北京", "BJ"),
    (TOOLGOOD + "PinyinMatchTest/PinyinMatchTest.cs", "pinyin-mixed", "北京", "北J"),
    (TOOLGOOD + "PinyinMatchTest/PinyinMatchTest.cs", "pinyin-prefix", "北京", "北Ji"),
    (TOOLGOOD + "PinyinMatchTest/PinyinMatchTest.cs", "pinyin-mixed", "山东", "Sdong"),
    (TOOLGOOD + "PinyinMatchTest/PinyinMatchTest.cs", "pinyin-mixed", "山东", "S东"),
    (TOOLGOOD + "PinyinMatchTest/PinyinMatchTest.cs", "pinyin-mixed", "山东", "S 东"),
    (TOOLGOOD + "PinyinMatchTest/PinyinMatchTest.cs", "symbols", "黑龙江", "黑龙 江"),
    (TOOLGOOD + "PinyinMatchTest/PinyinMatchTest.cs", "symbols", "黑龙江", "黑 龙 江"),
    (TOOLGOOD + "PinyinMatchTest/PinyinMatchTest.cs", "reordered", None, "京 北"),
    (TOOLGOOD + "PinyinMatchTest/PinyinMatchTest.cs", "reordered", None, "黑龙 龙江"),
    (TOOLGOOD + "PinyinMatchTest/PinyinMatchTest.cs", "reordered", None, "江 黑"),
    # importcjj/sensitive
    (IMPORTCJJ, "symbols", "一个", "我有一@ |个东东西"),
    # tried by hand (issue 15)
    ("hand", "enumeration-comma", "五星红旗", "五、星、红、旗"),
    ("hand", "enumeration-comma", "内部资料", "本报告为内、部、资、料，请勿转发"),
    ("hand", "variation-selector", "内部资料", "内\ufe0f部\ufe0f资\ufe0f料"),
    ("hand", "variation-selector", "内部资料", "内\U000e0100部\U000e0100资料"),
    ("hand", "tag-characters", "内部资料", "内\U000e0020部\U000e0061资\U000e007f料"),
    ("hand", "combining", "falcon", "新品 F\u0301a\u0308l\u0327con 发布"),
    ("hand", "combining", "内部资料", "内\u0332部\u0332资\u0332料"),
    ("hand", "kangxi", "天枢芯片", "天枢芯\u2f5a"),
    ("hand", "radicals", "天枢芯片", "天枢芯⽚的样品"),
    ("hand", "bidi", "内部资料", "这是\u202e料资部内\u202c的文件"),
    ("hand", "emoji", "内部资料", "内🎉部😀资👍🏽料"),
    ("hand", "emoji", "天枢芯片", "天枢✨芯片"),
    ("hand", "markdown-link", "内部资料", "这份[内部](https://example.com/a)资料"),
    ("hand", "markdown-link", "内部资料", "这份内部[资料](files/report.pdf)请勿转发"),
    (
        "hand",
        "percent-url",
        "内部资料",
        "下载 https://example.com/%E5%86%85%E9%83%A8%E8%B5%84%E6%96%99.pdf",
    ),
    ("hand", "percent-file-name", "天枢芯片", "天枢%E8%8A%AF%E7%89%87-规格书.pdf"),
    ("hand", "mathematical", "falcon", "𝐅𝐚𝐥𝐜𝐨𝐧 发布会"),
    ("hand", "mathematical", "falcon", "𝔣𝔞𝔩𝔠𝔬𝔫 发布会"),
    ("hand", "enclosed", "falcon", "🅕🅐🅛🅒🅞🅝 发布会"),
    ("hand", "enclosed", "falcon", "🄵🄰🄻🄲🄾🄽 发布会"),
    ("hand", "repeated", "falcon", "Faaalcooon 发布会"),
    ("hand", "pinyin-full", "内部资料", "这是 neibuziliao 请勿转发"),
    ("hand", "pinyin-full", "天枢芯片", "Tian Shu Xin Pian 的进展"),
    ("hand", "pinyin-initials", "内部资料", "这是 NBZL 请勿转发"),
    ("hand", "pinyin-initials", "注意保密", "zybm！"),
    ("hand", "pinyin-mixed", "内部资料", "内部ziliao"),
    ("hand", "pinyin-mixed", "天枢芯片", "天枢xp"),
    ("hand", "pinyin-mixed", "天枢芯片", "tian枢芯pian"),
    # near misses: ordinary sentences that share characters or letters with the terms
    (NEWS, "enumeration-comma", None, "公司产品包括五金、星级酒店用品、红木家具和旗袍面料。"),
    (NEWS, "enumeration-comma", None, "机密性、完整性和可用性是信息安全的三要素。"),
    (NEWS, "enumeration-comma", None, "我们在华东、华北、西南设有分公司。"),
    (NEWS, "enumeration-comma", None, "会议讨论了内部控制、资料归档和保密培训。"),
    (NEWS, "enumeration-comma", None, "一、公司概况\n二、主要业务"),
    (NEWS, "whole-word", None, "The Essex office opened in May."),
    (NEWS, "whole-word", None, "We have a new avatar for the team."),
    (NEWS, "whole-word", None, "The assessment was completed on time."),
    (NEWS, "whole-word", None, "Installation guide for the smallest model."),
    (NEWS, "pinyin", None, "我们的网关支持 NB-IoT 和 LoRa 两种连接方式。"),
    (NEWS, "pinyin", None, "固件支持 ZLIB 压缩和 TLS 1.3。"),
    (NEWS, "pinyin", None, "新款 SD 卡槽位于设备背面。"),
    (NEWS, "pinyin", None, "Java SDK 已发布到 Maven 中央仓库。"),
    (NEWS, "pinyin", None, "合作伙伴大会上，CEO 介绍了 KPI 和 OKR 的区别。"),
    (NEWS, "pinyin", None, "公司申请了 ISO 27001 认证。"),
    (NEWS, "pinyin", None, "新员工入职培训安排在周一。"),
    (NEWS, "number-forms", None, "订单号 902498354456 已发货。"),
    (NEWS, "number-forms", None, "营收增长 25%，毛利率 38%。"),
    (
        NEWS,
        "percent-url",
        None,
        "访问 https://example.com/news/2026%20annual-report.html 了解详情。",
    ),
    (NEWS, "percent-url", None, "搜索 https://example.com/?q=%E5%B9%B4%E6%8A%A5 查看年报。"),
    (NEWS, "emoji", None, "新品发布🎉，欢迎体验！"),
    (NEWS, "symbols", None, "公司内部。资料显示，营收增长。"),
    (NEWS, "symbols", None, "我们重视客户的商业秘密保护。"),
    (NEWS, "symbols", None, "天枢项目组，芯片团队和测试团队都参加了评审。"),
    (NEWS, "markdown-link", None, "详见[年度报告](reports/2026.md)和[内部审计](audit.md)说明。"),
    (NEWS, "plain", None, "中间件团队发布了新版本。"),
    (NEWS, "plain", None, "北方的客户更关注京津冀的交付周期。"),
    (NEWS, "plain", None, "新领域、新市场：国际人才交流会在深圳举行。"),
    (NEWS, "bidi", None, "阿拉伯语版本的网站使用 \u202bRTL\u202c 排版。"),
    (NEWS, "kangxi", None, "⽇常运维由平台团队负责。"),
    (NEWS, "repeated", None, "Google and Facebook attended the summit."),
    (NEWS, "repeated", None, "The committee will assess the booth design."),
]


def _escaped(line: str) -> str:
    return "".join(
        c if c.isprintable() or c == "\n" else json.dumps(c).strip('"') for c in line
    ).replace("\n", "\\n")


def main() -> None:
    lines = []
    for source, kind, expect, text in CASES:
        record = {"source": source, "class": kind, "expect": expect, "text": text}
        lines.append(_escaped(json.dumps(record, ensure_ascii=False)))
    out = Path(__file__).with_name("cases.jsonl")
    out.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{out}: {len(lines)} cases")


if __name__ == "__main__":
    main()
