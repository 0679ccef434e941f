"""Customer personal data (issue 15): ID numbers, mobiles, bank cards and e-mail addresses in
every written form, judged by their context, and the corpus of bench/bench_personal.py."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest

from pipeline.core.personal import (
    card_issuer,
    find_personal_data,
    mask_personal_numbers,
    valid_id_number,
    valid_mobile,
    valid_old_id_number,
)
from tests.conftest import Project

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpora" / "personal"
DOMAINS = ("lanshi-tech.example", "example.com", "example.org")
PUBLIC = ("jubao@12377.cn",)  # as a site might list it
TODAY = date(2026, 4, 15)


def found(text: str) -> list[tuple[str, str]]:
    """(kind, the text found) for each finding."""
    return [(kind, text[s:e]) for s, e, kind, _m in find_personal_data(text, DOMAINS, PUBLIC)]


def kinds(text: str) -> list[str]:
    return [kind for kind, _span in found(text)]


# --- written forms ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "511825200503074799",
        "511825 20050307 4799",  # 6-8-4
        "511825-20050307-4799",
        "511825 - 20050307 - 4799",
        "511 825 2005 0307 4799",  # 3-3-4-4-4
        "5118 2520 0503 0747 99",  # 4-4-4-4-2
        "５１１８２５\u3000２００５０３０７\u3000４７９９",  # full-width, ideographic spaces
        "５１１８２５－２００５０３０７－４７９９",
    ],
)
def test_id_numbers_in_every_written_form(written: str) -> None:
    assert found(f"公民身份号码 {written}，请核对。") == [("id-number", written)]


@pytest.mark.parametrize(
    "written", ["11010519491231002X", "11010519491231002x", "110105 19491231 002Ｘ"]
)
def test_id_numbers_ending_in_x(written: str) -> None:
    assert found(f"身份证：{written}。") == [("id-number", written)]


@pytest.mark.parametrize("written", ["370102820315123", "370102 820315 123", "370102-820315-123"])
def test_fifteen_digit_id_numbers(written: str) -> None:
    assert found(f"旧身份证号为{written}。") == [("id-number", written)]
    assert found(f"档案：{written}") == [("id-number", written)]  # valid without a label too


def test_fifteen_digit_id_numbers_need_a_known_region_and_a_birth_date() -> None:
    assert valid_old_id_number("370102820315123", TODAY)
    assert not valid_old_id_number("370199820315123", TODAY)  # no such county
    assert not valid_old_id_number("990102820315123", TODAY)  # no such province
    assert not valid_old_id_number("370102821315123", TODAY)  # month 13
    assert kinds("编码 370199820315123") == []


def test_id_numbers_use_stdnum_and_its_test_numbers() -> None:
    for number in ("360426199101010071", "44011320141005001X", "412723199010050012"):
        assert valid_id_number(number, TODAY)
    assert not valid_id_number("36042619910102009X", TODAY)  # check digit
    assert not valid_id_number("360426199113010079", TODAY)  # month 13
    assert not valid_id_number("990426199112010074", TODAY)  # no such province
    assert not valid_id_number("110105205001010011", TODAY)  # born in the future


@pytest.mark.parametrize(
    "written",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "138－1234－5678",
        "138\u30001234\u30005678",
        "１３８１２３４５６７８",
        "138 12345678",
        "1381 2345 678",
    ],
)
def test_mobiles_in_every_written_form(written: str) -> None:
    assert found(f"联系电话：{written}。") == [("mobile", written)]


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("+86 138 1234 5678", "138 1234 5678"),
        ("+86-138-1234-5678", "138-1234-5678"),
        ("+8613812345678", "13812345678"),
        ("(+86)13812345678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("008613812345678", "13812345678"),
    ],
)
def test_mobiles_with_the_country_code(written: str, number: str) -> None:
    assert found(f"电话 {written} 。") == [("mobile", number)]
    assert [m for *_x, m in find_personal_data(f"电话 {written}", (), ())] == ["138****5678"]


def test_mobile_ranges_come_from_phonenumbers() -> None:
    assert valid_mobile("16212345678") and valid_mobile("19212345678")
    assert not valid_mobile("14012345678") and not valid_mobile("12345678901")
    assert kinds("数据 14012345678 仅供参考") == []
    assert kinds("手机：14912345678") == ["mobile"]  # labelled, a range phonenumbers lacks
    assert kinds("编号：14912345678") == kinds("数据 14912345678") == []


@pytest.mark.parametrize(
    "written",
    [
        "6222 0212 3456 7890 128",  # UnionPay, 19 digits
        "6200000000000005",
        "4242-4242-4242-4242",
        "5555 5555 5555 4444",
        "2223 0031 2200 3222",  # Mastercard 2-series
        "3782 822463 10005",  # Amex, 15 digits, 4-6-5
        "371449635398431",
        "3530 1113 3330 0000",  # JCB
        "30569309025904",  # Diners, 14 digits
        "８１７１ ９９９９ ２７６６ ００００",  # UnionPay 81, full-width
    ],
)
def test_cards_in_every_written_form(written: str) -> None:
    assert found(f"客户使用 {written} 完成支付。") == [("bank-card", written)]


def test_cards_need_an_issuer_prefix_or_a_card_label() -> None:
    assert card_issuer("6200000000000005") == "unionpay"
    assert card_issuer("378282246310005") == "amex"
    assert card_issuer("3782822463100050") is None  # Amex numbers have 15 digits
    assert card_issuer("1234567890123452") is None
    assert kinds("统计数据 1234567890123452 请保存") == []  # passes Luhn, no issuer
    assert kinds("银行卡号 1234567890123452") == ["bank-card"]
    assert kinds("收款账号：9558 8012 3456 7890 128") == ["bank-card"]
    assert kinds("请转入账户 1234567890123452") == ["bank-card"]


def test_eighteen_digits_with_a_wrong_id_check_digit_are_not_cards() -> None:
    number = "620102198001010002"  # Gansu region, a birth date, passes Luhn, wrong check digit
    assert not valid_id_number(number, TODAY) and card_issuer(number) == "unionpay"
    assert kinds(f"文件 {number} 已上传。") == []
    assert kinds(f"信用卡号：{number}") == ["bank-card"]  # labelled a card, it is one
    assert kinds(f"身份证号：{number}") == ["id-number"]  # a typo still names the person


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("邮箱zhangsan@163.com。", "zhangsan@163.com"),  # glued to Chinese
        ("联系：zhang.san_01@sina.com.cn", "zhang.san_01@sina.com.cn"),
        ("邮箱：lisi＠qq.com", "lisi＠qq.com"),  # full-width at sign
        ("E-mail: WANGWU@GMAIL.COM", "WANGWU@GMAIL.COM"),
        ("[写信](mailto:li+news@outlook.com)", "li+news@outlook.com"),
    ],
)
def test_email_addresses_in_every_written_form(text: str, address: str) -> None:
    assert found(text) == [("email", address)]


def test_email_addresses_that_are_not_personal() -> None:
    assert kinds("投稿：news@lanshi-tech.example，招聘：hr@cn.lanshi-tech.example") == []
    assert kinds("图标 logo@2x.png，依赖 lodash@4.17.21，请@张三 确认，admin@localhost") == []
    assert kinds("举报邮箱 jubao@12377.cn") == []
    assert list(find_personal_data("举报邮箱 jubao@12377.cn", DOMAINS, ())) != []


def test_a_mobile_as_an_address_is_the_address_only() -> None:
    assert found("邮箱：13812345678@139.com") == [("email", "13812345678@139.com")]


# --- context ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "合同金额为15937299868元",
        "项目总投资15937299868 元。",
        "授信额度15937299868万元",
        "市值15937299868亿元",
        "中标价 ￥15937299868，含税",
        "货款RMB 15937299868已结清",
        "募集资金总额为人民币15937299868元",
        "交易额为￥6222021234567890。",
        "合计15937299868.50",
        "实现利润15,937,299,868元",
    ],
)
def test_money_amounts_are_not_personal(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    ["公司总股本15937299868股", "累计访问量13812345678次", "全年发电量18612345678千瓦时",
     "本站迎来第13812345678位访客", "累计服务用户13812345678人次"],
)  # fmt: skip
def test_quantities_and_ordinals_are_not_personal(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    "label", ["订单号", "订单编号", "单号", "运单号", "合同号", "合同编号", "发票号", "发票号码",
              "编号", "流水号", "批号", "批次号", "序列号", "型号", "SKU", "No."],
)  # fmt: skip
@pytest.mark.parametrize("number", ["13812345678", "6222021234567890", "11010519491231002X"])
def test_labelled_order_and_document_numbers_are_not_personal(label: str, number: str) -> None:
    assert kinds(f"{label}：{number}") == []
    assert kinds(f"{label}{number}已归档。") == []


def test_a_label_covers_the_list_it_introduces_but_not_the_next_clause() -> None:
    assert kinds("订单号：20260318001、13812345678、6222021234567890") == []
    assert kinds("订单号分别为20260318001和13812345678") == []
    assert kinds("订单号20260318001的收货人王某，手机13812345678") == ["mobile"]
    assert kinds("编号为A001的活动中，张三留下13812345678") == ["mobile"]
    assert kinds("身份证编号：11010519491231002X") == ["id-number"]  # the longer label wins


def test_a_label_must_introduce_the_number() -> None:
    assert kinds("欢迎投资者来电咨询：13812345678") == ["mobile"]  # 投资 is no label of it
    assert kinds("欢迎办理会员卡，热线13812345678") == ["mobile"]


@pytest.mark.parametrize(
    "text",
    ["型号HX13812345678", "产品型号：XR-13812345678", "SN13812345678", "设备13812345678A",
     "货号 13812345678-B", "编号：HX-2026-13812345678", "版本 v1.13812345678",
     "比例0.13812345678"],
)  # fmt: skip
def test_numbers_glued_to_codes_are_not_personal(text: str) -> None:
    assert kinds(text) == []


def test_letters_that_are_a_phone_label_are_not_a_code() -> None:
    assert kinds("TEL13812345678") == ["mobile"]
    assert kinds("Tel.13812345678") == ["mobile"]
    assert kinds("Mobile:138-1234-5678") == ["mobile"]


def test_sim_cards_and_other_cards_that_are_not_bank_cards() -> None:
    assert kinds("SIM卡号：89860 0123 4567 8901 230") == []  # an ICCID passes Luhn too
    assert kinds("ICCID 8986001234567890123，会员卡号6222021234567890") == []
    assert kinds("工资卡 1234567890123452") == ["bank-card"]


def test_a_unit_after_a_number_is_not_a_surname() -> None:
    assert kinds("请联系13812345678万先生") == ["mobile"]
    assert kinds("授信13812345678万，期限三年") == []


def test_landlines_hotlines_dates_and_other_numbers_are_not_personal() -> None:
    for text in (
        "客服热线：400-810-1380",
        "总机：010-6234 5678 转 8021",
        "电话：+86 10 6234 5678",
        "服务电话95588",
        "会议于2026-03-18 13:30召开，时间戳 20260318133000。",
        "ISBN 978-7-111-54742-6",
        "服务器 192.168.138.100",
        "追踪码 1525276338894274845880",
        "发票代码 044002100111，发票号码 13800138",
        "统一社会信用代码：91330106MA2H3K4L5P",
        "券码 4111 1111 1111 1112 已使用。",  # fails Luhn
        "中奖手机尾号138****5678",
    ):
        assert kinds(text) == [], text


def test_several_numbers_in_one_run_of_groups() -> None:
    text = "联系电话：13812345678 13987654321 或 6222 0212 3456 7890 128"
    assert kinds(text) == ["mobile", "mobile", "bank-card"]
    assert kinds("联系电话：13812345678/13987654321") == ["mobile", "mobile"]


def test_masking_stays_as_it_was() -> None:
    assert [m for *_x, m in find_personal_data("身份证 511825 20050307 4799", (), ())] == [
        "511***********4799"
    ]
    assert mask_personal_numbers("客户 138-1234-5678 的卡 6222 0212 3456 7890 128") == (
        "客户 138****5678 的卡 6222***********0128"
    )
    assert mask_personal_numbers("合同金额为15937299868元") == "合同金额为15937299868元"


def test_the_finders_stay_linear_on_adversarial_text() -> None:
    for text in ("11 " * 33_000, "1" * 100_000, "138 0013 8000 " * 7000, "a@" * 50_000,
                 "订单号：1、" * 15_000, "6222 " * 20_000):  # fmt: skip
        started = time.process_time()
        list(find_personal_data(text, DOMAINS, ()))
        assert time.process_time() - started < 3.0, text[:12]


# --- the corpus ------------------------------------------------------------------------


def corpus(name: str) -> list[tuple[str, list[tuple[str, str]], str]]:
    cases = []
    for line in (CORPUS / name).read_text("utf-8").splitlines():
        form, expected, sentence = line.split("\t")
        values = [] if expected == "-" else [tuple(e.split(":", 1)) for e in expected.split()]
        cases.append((form, values, sentence))
    return cases


def value_of(kind: str, span: str) -> str:
    if kind == "email":
        return span.replace("＠", "@").lower()
    folded = "".join(str(int(c)) if c.isdigit() else c.upper() for c in span if c.isalnum())
    return folded.replace("Ｘ", "X")


def test_no_near_miss_of_the_corpus_is_flagged() -> None:
    flagged = [s for _f, _v, s in corpus("near_misses.tsv") if found(s)]
    assert len(corpus("near_misses.tsv")) >= 300
    assert flagged == []


@pytest.mark.parametrize(
    "name", ["ids.tsv", "mobiles.tsv", "cards.tsv", "emails.tsv", "mixed.tsv", "handwritten.tsv"]
)
def test_every_value_of_the_corpus_is_found_and_nothing_else(name: str) -> None:
    wrong = []
    for form, values, sentence in corpus(name):
        got = sorted((kind, value_of(kind, span)) for kind, span in found(sentence))
        if got != sorted(values):
            wrong.append(f"{form}: {sentence} -> {got}")
    assert wrong == []


def test_the_corpus_has_the_cases_the_issue_asks_for() -> None:
    counts: dict[str, int] = {}
    for name in ("ids.tsv", "mobiles.tsv", "cards.tsv", "emails.tsv"):
        for _form, values, _s in corpus(name):
            for kind, _v in values:
                counts[kind] = counts.get(kind, 0) + 1
    assert counts["id-number"] >= 200 and counts["mobile"] >= 200
    assert counts["bank-card"] >= 100 and counts["email"] >= 100


# --- through `pipeline check` -----------------------------------------------------------

BODY = """第一段是公司新闻，合同金额为15937299868元，订单号：202603181380013800。

获奖客户王某，公民身份号码 511825 20050307 4799，请于月底前领奖。

联系电话：+86 138-1234-5678（王女士）。

退款已转入客户银行卡 6222 0212 3456 7890 128。

客户邮箱zhangsan@163.com，公司邮箱 news@lanshi-tech.example。

型号 HX-13812345678，总股本15937299868股，热线 400-810-1380。
"""


def test_check_reports_each_kind_at_its_line(project: Project) -> None:
    path = project.write_item("news", "2026-04-01-customers", body=BODY)
    result = project.cli("--lang", "en", "check", "--format", "json")
    payload = json.loads(result.stdout)
    rel = "content/news/posts/2026/2026-04-01-customers.md"
    got = sorted(
        (f["line"], f["column"], f["rule"], f["span"])
        for f in payload["findings"]
        if f["rule"].startswith("guard/") and f["path"] == rel
    )
    lines = path.read_text("utf-8").split("\n")

    def at(needle: str) -> tuple[int, int]:
        number = next(n for n, line in enumerate(lines, 1) if needle in line)
        return number, lines[number - 1].index(needle) + 1

    assert got == [
        (*at("511825 2005"), "guard/id-number", "511***********4799"),
        (*at("138-1234"), "guard/mobile", "138****5678"),
        (*at("6222 0212"), "guard/bank-card", "6222***********0128"),
        (*at("zhangsan@"), "guard/email", "z*******@163.com"),
    ]
    assert result.exit_code == 1
    for fmt in ("text", "json", "sarif", "github"):
        output = project.cli("check", "--format", fmt).stdout
        for raw in ("20050307", "138-1234-5678", "3456 7890", "zhangsan@163.com"):
            assert raw not in output
