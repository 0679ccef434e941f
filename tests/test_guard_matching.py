"""The content guard's detectors on the real term lists of site_config/: evasions are caught
with their exact original span, innocent words and checksum-failing numbers are not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from pipeline.core.personal import find_personal_data, luhn, valid_id_number
from pipeline.guard.htmlsafety import find_unsafe_html
from pipeline.guard.matcher import Matcher
from pipeline.guard.secrets import find_secrets
from pipeline.guard.selftest import run_self_tests
from pipeline.guard.settings import load_guard_config
from tests.conftest import REPO

CONFIG = load_guard_config(REPO / "site_config", REPO)
MATCHER = Matcher(CONFIG)


def spans(text: str, matcher: Matcher = MATCHER) -> list[tuple[str, str]]:
    return [(text[h.start : h.end], h.term) for h in matcher.find(text)]


@pytest.mark.parametrize(
    ("text", "span", "term"),
    [
        ("资料：内部资料，请勿外传", "内部资料", "内部资料"),
        ("本報告為內部資料", "內部資料", "内部资料"),  # traditional
        ("这是内 部*资.料哦", "内 部*资.料", "内部资料"),  # symbols and spaces inserted
        ("x内\u200b部\u200d资\ufeff料y", "内\u200b部\u200d资\ufeff料", "内部资料"),  # invisible
        ("这是内　部资料", "内　部资料", "内部资料"),  # ideographic space
        ("行业第１", "第１", "第一"),  # full-width digit
        ("行业第①", "第①", "第一"),  # circled digit
        ("行业第壹", "第壹", "第一"),  # financial numeral
        ("行业第1", "第1", "第一"),
        ("國家級實驗室", "國家級", "国家级"),
        ("新品 ＦＡＬＣＯＮ 发布", "ＦＡＬＣＯＮ", "Falcon"),  # full-width, upper case
        ("新品 Fаlcοn 发布", "Fаlcοn", "Falcon"),  # Cyrillic а, Greek ο
        ("新品 F.a.l.c.o.n 发布", "F.a.l.c.o.n", "Falcon"),
        ("代号Falcon即将发布", "Falcon", "Falcon"),  # Chinese around a Latin word
        ("新型号 lx900", "lx900", "LX-900"),
        ("蓝鲸2代", "蓝鲸2代", "蓝鲸二代"),
        ("【机密】年度预算", "机密", "机密"),
        ("密级：秘密", "秘密", "秘密"),
        ("秘密★1年", "秘密", "秘密"),
        ("绝密", "绝密", "绝密"),
    ],
)
def test_evasions_are_caught_with_the_exact_original_span(text, span, term) -> None:
    assert spans(text) == [(span, term)]


@pytest.mark.parametrize(
    "text",
    [
        "公司内部。资料显示，营收增长",  # sentence punctuation is never bridged
        "公司内部\n资料显示",
        "公司内部，资料显示",
        "我们重视客户的商业秘密保护",
        "有机密封圈的使用寿命更长",
        "机密性、完整性和可用性",
        "秘密武器是持续投入研发",
        "第一季度营收同比增长",  # allowed phrase
        "第1季度营收同比增长",  # allowed phrase, other number form
        "事故发生后第一时间响应",
        "falconry is an old sport",  # Latin terms are whole words
        "Falcons fly high",
        "请把文件放进内部文件夹",
    ],
)
def test_innocent_text_is_not_flagged(text) -> None:
    assert spans(text) == []


def test_longest_term_is_reported() -> None:
    assert spans("Project Falcon 进展顺利") == [("Project Falcon", "Project Falcon")]


def test_allowed_phrase_suppresses_a_term_anywhere_inside_it() -> None:
    # 第一 starts one character after the allowed phrase 争取第一名, not where it starts
    config = replace(CONFIG, allowed_phrases=("争取第一名",))
    assert spans("我们争取第一名", Matcher(config)) == []
    assert spans("我们获得第一名", Matcher(config)) == [("第一", "第一")]


def test_latin_whole_words_judged_on_the_original_text() -> None:
    config = replace(CONFIG, categories={})
    from pipeline.guard.settings import Category, Term

    adult = Category("adult", "adult", "block", "", REPO, "x", (Term("sex", 1),))
    matcher = Matcher(replace(config, categories={"adult": adult}))
    assert spans("Essex is in England", matcher) == []
    assert spans("a s e x b", matcher) == [("s e x", "sex")]
    assert spans("Sussex sex SEX", matcher) == [("sex", "sex"), ("SEX", "sex")]


def test_shipped_term_lists_pass_their_self_tests() -> None:
    result = run_self_tests(CONFIG, MATCHER)
    assert result.failures == []
    assert result.categories == 3 and result.cases >= 30
    assert result.untested == []


# --- personal data ------------------------------------------------------------------


def personal(text: str) -> list[tuple[str, str]]:
    found = find_personal_data(text, CONFIG.company_domains, CONFIG.public_addresses)
    return [(kind, masked) for _s, _e, kind, masked in found]


def test_identity_numbers_need_a_valid_check_digit_and_birth_date() -> None:
    assert valid_id_number("11010519491231002X", date(2026, 1, 1))
    assert not valid_id_number("110105194912310021", date(2026, 1, 1))  # check digit
    assert personal("身份证 11010519491231002X。") == [("id-number", "110***********002X")]
    assert personal("订单号 110105194912310021") == []  # fails the check digit
    assert personal("编号 110105194913310028") == []  # month 13


@pytest.mark.parametrize(
    "text", ["13812345678", "+86 138 1234 5678", "+86-138-1234-5678", "１３８１２３４５６７８"]
)
def test_mobile_numbers_in_every_writing(text) -> None:
    assert personal(f"电话 {text} 。") == [("mobile", "138****5678")]


def test_numbers_that_are_not_mobiles_or_cards() -> None:
    assert personal("座机 0571-8690 1234") == []
    assert personal("订单 123813812345678999") == []  # a mobile inside a longer digit run
    assert personal("流水号 4111111111111112") == []  # fails Luhn


def test_bank_cards_pass_luhn_and_stand_alone() -> None:
    assert luhn("4111111111111111")
    assert personal("卡号 6222 0212 3456 7890 128") == [("bank-card", "6222***********0128")]
    assert personal("编号 94111111111111111") == []  # not part of a longer run: 17 digits fail


def test_personal_email_is_masked_company_addresses_are_allowed() -> None:
    assert personal("写信给 zhangsan@gmail.com") == [("email", "z*******@gmail.com")]
    assert personal("写信给 a@gmail.com") == [("email", "***@gmail.com")]  # nothing of it shown
    assert personal("联系 contact@lanshi-tech.example 或 hr@cn.lanshi-tech.example") == []


# --- secrets -------------------------------------------------------------------------


def secrets(text: str) -> list[tuple[str, str]]:
    return [(kind, masked) for _s, _e, kind, masked in find_secrets(text)]


def test_secrets_are_found_and_masked() -> None:
    found = secrets(
        "-----BEGIN RSA PRIVATE KEY-----\n"
        "密码：Lx9#kq2Wz!\n"
        "password = hunter2hunter\n"
        "token: ghp_0123456789abcdefghijABCDEFGHIJ012345\n"
        "AK LTAI5tQ8xYz9KmN3pR7w\n"
        "api_key = 'q8Zr2Lw9Xk4Pm7Nt3Vb6Yc1D'\n"
    )
    kinds = [kind for kind, _ in found]
    assert kinds == [
        "private-key",
        "github",
        "alibaba-cloud",
        "password",
        "password",
        "high-entropy",
    ]
    masked = dict(found[3:5])
    assert "Lx9#kq2Wz!" not in str(found) and "hunter2hunter" not in str(found)
    assert [m for kind, m in found if kind == "password"] == ["********", "********"]
    assert masked["password"] == "********"


def test_placeholders_and_prose_are_not_secrets() -> None:
    assert secrets("密码：至少八位，包含字母和数字") == []
    assert secrets("password: ******** and token: your-api-token-here") == []
    assert secrets("AWS 示例 AKIAIOSFODNN7EXAMPLE") == []
    assert secrets("secret = aaaaaaaaaaaaaaaaaaaa") == []


# --- unsafe HTML ----------------------------------------------------------------------


def html_kinds(body: str) -> list[tuple[int, int, str, str]]:
    return [(line, col, kind, tag) for line, col, kind, tag, _ in find_unsafe_html(body, 0, 1)]


def test_unsafe_html_is_judged_by_a_parser() -> None:
    body = (
        "<script>alert(1)</script>\n"
        '<a href="JaVaScRiPt:alert(1)">x</a>\n'
        '<img src="x.png" onerror="alert(1)">\n'
        '<a href="jav&#x09;ascript:alert(1)">x</a>\n'
        '<iframe src="https://example.com"></iframe>\n'
        "[x](&#106;avascript:alert(1)) ![y](data:image/png;base64,AAAA)\n"
        '[z](https://example.com){ onclick="alert(1)" }\n'
        "<STYLE>body{}</STYLE> <form></form> <object></object> <embed>\n"
    )
    assert html_kinds(body) == [
        (1, 1, "tag", "script"),
        (2, 1, "url", "a"),
        (3, 1, "event", "img"),
        (4, 1, "url", "a"),
        (5, 1, "tag", "iframe"),
        (8, 1, "tag", "style"),
        (8, 23, "tag", "form"),
        (8, 37, "tag", "object"),
        (8, 55, "tag", "embed"),
        (2, 10, "link", ""),
        (4, 10, "link", ""),
        (6, 5, "link", ""),
        (6, 36, "link", ""),
        (7, 27, "event", "attr_list"),
    ]


def test_html_in_code_and_safe_html_are_fine() -> None:
    body = (
        "```html\n<script>alert(1)</script>\n```\n"
        "Use `<iframe>` for maps.\n"
        '<div class="note" markdown>**ok**</div> <img src="a.png" alt="a" width="10">\n'
        "<!-- a comment with <script> inside -->\n"
    )
    assert html_kinds(body) == []


def test_tags_outside_the_allow_list_are_reported() -> None:
    assert html_kinds('<marquee>hi</marquee> <p title="x" foo="1">') == [
        (1, 1, "tag-not-allowed", "marquee"),
        (1, 23, "attr-not-allowed", "p"),
    ]
