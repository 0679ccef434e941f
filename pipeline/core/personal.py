"""Customer personal data: identity numbers, mobile numbers, bank cards, e-mail addresses.

Each finder returns (start, end, kind, masked value). Numbers are found in every common
written form (plain, grouped with spaces or dashes as 6-8-4, 3-4-4, 4-4-4-4 and the like,
full-width digits and separators) and then judged twice:

- by themselves: resident ID numbers by python-stdnum's ``cn.ric`` (check digit, birth
  date; the 15-digit form by its birth date and a known region code), mobiles by
  phonenumbers (a mainland mobile range), cards by the Luhn check digit (stdnum.luhn) and
  an issuer's prefix and length (UnionPay, Visa, Mastercard, Amex, JCB, ...);
- by their context: a number glued to letters is a product code, one with a money sign or
  unit next to it is an amount, one labelled 订单号/合同号/发票号/编号/流水号/批号 ... is not
  a person's, while a card or account label (卡号/银行卡/账号/账户) lets a Luhn-valid number
  without a known issuer prefix count as a card, and an ID label (身份证号 ...) an
  ID-shaped number whose check digit is wrong (a typo still identifies the person);
  unlabelled, 18 digits that read as a region and a birth date are no card even when
  they pass Luhn.

Landline numbers are not reported: on a company's site they are its own switchboards.

Speed: one regular expression finds the digit runs (and one the ``@`` signs); everything
else runs only on runs of at least 11 characters, and its work per run is bounded by
the run's length, so a scan is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

import phonenumbers
from stdnum import luhn as _luhn
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

# --- finding runs of digits ----------------------------------------------------------

_GAP = "[ \u00a0\u3000]"  # spaces that may stand between groups: plain, no-break, ideographic
_DASH = "[\\-\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d]"  # hyphens, dashes, minus
_X = "[Xx\uff38\uff58]"  # an ID number's check character X, also full-width
# a run of digit groups, each group digits (and an X, only at the end of an ID), between
# groups one or two spaces or a dash with up to two spaces around it
_RUN = re.compile(rf"\d+{_X}?(?:(?:{_GAP}{{0,2}}{_DASH}{_GAP}{{0,2}}|{_GAP}{{1,2}})\d+{_X}?)*")
_GROUP = re.compile(rf"\d+{_X}?")
_FOLD = str.maketrans("０１２３４５６７８９ｘＸx", "0123456789XXX")
_SHORTEST = 11  # characters of the shortest run worth judging (a mobile)
_LONGEST = 19  # digits of the longest number (a card)

# --- what a number's context says -----------------------------------------------------

# labels that say a number is not a person's (orders, documents, products, companies) or
# is an amount, and labels of personal numbers; the label just before a number counts, and
# of two labels ending there the longer one, so 身份证编号 beats 编号
_NOT_PERSONAL_LABELS = (
    "订单号", "订单编号", "单号", "运单号", "快递单号", "物流单号", "工单号", "账单号",
    "合同号", "合同编号", "发票号", "发票号码", "发票代码", "票号", "编号", "序号", "流水号",
    "交易号", "交易单号", "交易流水", "凭证号", "批号", "批次号", "批准文号", "文号", "序列号",
    "证书号", "证书编号", "许可证号", "注册号", "登记号", "备案号", "统一社会信用代码",
    "信用代码", "组织机构代码", "税号", "纳税人识别号", "识别号", "项目编号", "招标编号",
    "专利号", "申请号", "条码", "条形码", "货号", "型号", "编码", "代码", "股票代码",
    "证券代码", "版本号", "报告编号", "资产编号", "设备编号", "客户编号", "会员号", "会员卡号",
    "会员卡", "积分卡", "礼品卡", "购物卡", "SIM卡", "SIM卡号", "物联网卡", "工号", "对公账户",
    "对公账号", "单位账户", "单位账号", "公司账户", "公司账号", "基本户", "ISBN", "ISSN", "SKU",
    "参考号", "受理号", "回执号", "跟踪号", "追踪码", "取件码", "提货码", "兑换码", "券码",
    "验证码", "准考证号", "考生号", "学号",
    "SN", "S/N", "P/N", "PN", "No.", "NO", "No", "Model", "IMEI", "ICCID", "VIN",
)  # fmt: skip
_MONEY_LABELS = (
    "金额", "价款", "价格", "总价", "单价", "售价", "报价", "合计", "总计", "总额", "营收",
    "收入", "利润", "市值", "投资", "融资", "募资", "注册资本", "资本", "预算", "费用", "成本",
    "余额", "人民币", "资金", "货款", "中标价", "销售额", "交易额", "成交额", "产值", "税额",
    "价值", "规模", "总股本", "股本", "RMB", "CNY", "USD", "HKD", "EUR",
)  # fmt: skip
_ID_LABELS = (
    "身份证", "身份证号", "身份证号码", "身份证编号", "居民身份证", "公民身份号码", "身份号码",
    "证件号", "证件号码", "证件编号", "身份证件号码",
)  # fmt: skip
_CARD_LABELS = (
    "卡号", "银行卡", "银行卡号", "信用卡", "信用卡号", "借记卡", "储蓄卡", "银行账号",
    "银行账户", "账号", "帐号", "账户", "帐户", "收款账号", "收款账户", "开户账号", "工资卡",
)  # fmt: skip
_PHONE_LABELS = (
    "手机", "手机号", "手机号码", "电话", "联系电话", "电话号码", "移动电话", "联系方式",
    "联系人", "微信", "Tel", "TEL", "Mobile", "Phone", "Cell",
)  # fmt: skip
_LABEL_KINDS = {
    **{label: "not-personal" for label in _NOT_PERSONAL_LABELS},
    **{label: "money" for label in _MONEY_LABELS},
    **{label: "id" for label in _ID_LABELS},
    **{label: "card" for label in _CARD_LABELS},
    **{label: "phone" for label in _PHONE_LABELS},
}
_LABEL_LENGTHS = sorted({len(label) for label in _LABEL_KINDS}, reverse=True)
_WINDOW = 30  # characters before a number searched for its label
# what may stand between a label and its number, read backwards from the number: a code's
# start (编号：HX-2026-...), the list items before it (订单号：A001、A002、...), then
# punctuation and a few words (为, 分别为); written reversed, as the window is read from
# its end
_ITEM = r"[0-9A-Za-z０-９\-－_/.]"
_FILLER_REVERSED = re.compile(
    rf"{_ITEM}{{0,24}}+(?:[\s、，,;；和及与或]{{1,3}}+{_ITEM}{{1,24}}+){{0,4}}"
    r"(?:[\s:：=＝#＃(（\[【\"“'‘]|为别分|是别分|为次依|下如|为|是|约|达|计共|达高){0,6}"
)
# a currency sign or code just before a number makes it an amount (spaces may follow it)
_MONEY_BEFORE = re.compile(r"(?:[￥¥$＄€£]|RMB|CNY|USD|HKD|EUR)[ \u00a0\u3000]{0,2}+\Z")
# a unit just after a number makes it an amount or a quantity, not a person's number
_UNIT_AFTER = re.compile(
    "[ \u00a0\u3000]{0,2}+(?:"
    "[元圆块亿股次吨件台套位名户份辆倍度克秒年月日%％‰]|号(?!码)|人(?!工)|个(?!人)|"
    "万(?![先女经老总])|"
    "千米|千克|千瓦|公里|公斤|平方|立方|小时|百万|千万|美元|港元|欧元|日元|英镑|"
    "(?:RMB|CNY|USD|HKD|EUR|kWh|km|kg|KB|MB|GB|TB)(?![A-Za-z]))"
)
# ASCII letters just before a number that are a phone or ID label, not a product code
_LETTERS_AT_END = re.compile(r"[A-Za-z]{1,8}+\Z")
_LETTER_LABELS = frozenset({"tel", "mob", "mobile", "phone", "cell", "fax", "id", "card"})

# --- judging the numbers themselves --------------------------------------------------

_PROVINCES = frozenset(
    ("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
     "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
     "63", "64", "65", "71", "81", "82", "83", "91")
)  # fmt: skip
_CN_MOBILE = (phonenumbers.PhoneNumberType.MOBILE,)
_LABELLED_MOBILE = re.compile(r"1[3-9]\d{9}\Z")


def mask(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    if len(value) <= keep_start + keep_end + 1:  # too short to show any of it
        return "*" * max(len(value), 3)
    tail = value[len(value) - keep_end :]
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + tail


def luhn(number: str) -> bool:
    return number.isdigit() and _luhn.checksum(number) == 0


def _birth_date(number18: str, today: date) -> date | None:
    try:
        born = ric.get_birth_date(number18)
    except (ValueError, ValidationError):  # no date at all: stdnum's InvalidComponent
        return None
    return born if date(1900, 1, 1) <= born <= today else None


@lru_cache(maxsize=4096)
def _known_region(code: str) -> bool:
    """A county code listed in stdnum's table of China's administrative divisions (at any
    time: a number keeps the code of where it was first issued)."""
    return any(len(part) == 4 and "county" in props for part, props in _regions().info(code))


@lru_cache(maxsize=1)
def _regions():
    return numdb.get("cn/loc")


def id_shaped(number: str, today: date) -> bool:
    """18 characters that read as an ID number's region and birth date."""
    return (
        len(number) == 18
        and number[:17].isdigit()
        and number[:2] in _PROVINCES
        and _birth_date(number, today) is not None
    )


def valid_id_number(number: str, today: date) -> bool:
    """An 18-digit resident ID number: province, birth date and check digit.

    stdnum's own ``ric.validate`` also wants the county code to have existed in the birth
    year; real numbers often carry a code created later (it is where the card was first
    issued), so that part of it is left out here."""
    number = number.upper()
    return id_shaped(number, today) and ric.calc_check_digit(number) == number[17]


def valid_old_id_number(number: str, today: date) -> bool:
    """A 15-digit resident ID number (issued until 2004): region, then YYMMDD of a 19xx
    birth date, then a sequence number; no check digit, so the region must be a known
    county code."""
    if len(number) != 15 or not number.isdigit() or number[:2] not in _PROVINCES:
        return False
    return _birth_date(number[:6] + "19" + number[6:] + "0", today) is not None and (
        _known_region(number[:6])
    )


@lru_cache(maxsize=4096)
def valid_mobile(number: str) -> bool:
    """11 digits in a mainland mobile range (phonenumbers' metadata: 13x, 145, 15x, 16x,
    17x, 18x, 19x ..., not the unassigned ones)."""
    if len(number) != 11 or number[0] != "1" or not number.isdigit():
        return False
    parsed = phonenumbers.PhoneNumber(country_code=86, national_number=int(number))
    return phonenumbers.number_type(parsed) in _CN_MOBILE


def card_issuer(number: str) -> str | None:
    """The card scheme whose prefix and length ``number`` has (the Luhn digit aside)."""
    n = len(number)
    p2, p3, p4 = int(number[:2]), int(number[:3]), int(number[:4])
    if number[0] == "4":
        return "visa" if n in (16, 19) else None
    if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:
        return "mastercard" if n == 16 else None
    if p2 in (34, 37):
        return "amex" if n == 15 else None
    if n < 16 and not (n == 14 and (300 <= p3 <= 305 or p4 == 3095 or p2 in (36, 38, 39))):
        return None
    if p2 in (62, 81):
        return "unionpay"
    if 3528 <= p4 <= 3589:
        return "jcb"
    if p4 == 6011 or 644 <= p3 <= 649 or p2 == 65:
        return "discover"
    if 300 <= p3 <= 305 or p4 == 3095 or p2 in (36, 38, 39):
        return "diners" if n in (14, 16) else None
    if 2200 <= p4 <= 2204:
        return "mir"
    if p2 in (50, 56, 57, 58, 60, 63, 67) or p4 in (9555, 9558, 9559):
        return "debit"  # Maestro, RuPay and the Chinese banks' older debit ranges
    return None


def _fold(group: str) -> str:
    """ASCII digits (and X) for a group written in full-width or other digits."""
    folded = group.translate(_FOLD)
    if folded.isascii():
        return folded
    return "".join(c if c == "X" else str(int(c)) for c in folded)


# --- a run of digits: its groups, its context, the numbers in it ---------------------


class _Run:
    """One run of digit groups and what its surroundings say about it."""

    __slots__ = ("after_end", "end", "groups", "label", "start", "text")

    def __init__(self, text: str, start: int, end: int, raw: str) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.groups = [
            (start + m.start(), start + m.end(), _fold(m.group())) for m in _GROUP.finditer(raw)
        ]
        self.label = _label_before(text, start)
        self.after_end = _after(text, end)

    def before_start(self) -> str | None:
        """Why the run's first group is not a person's number, from what stands before it."""
        text, start = self.text, self.start
        before = text[max(0, start - 8) : start]
        if _MONEY_BEFORE.search(before):
            return "money"
        if not before:
            return None
        last = before[-1]
        if last == "第":
            return "ordinal"  # 第13800138000位
        if last.isascii() and last.isalpha():
            letters = _LETTERS_AT_END.search(before)
            word = letters.group().lower() if letters else ""
            return None if word in _LETTER_LABELS else "code"  # SN13800138000
        joined = before[-2:-1]
        if last not in "-_#./\\" or not (joined.isascii() and joined.isalnum()):
            return None
        letters = _LETTERS_AT_END.search(before, 0, len(before) - 1)
        if letters and letters.group().lower() in _LETTER_LABELS:
            return None  # Tel.13800138000
        if last in "/\\" and joined.isdigit():
            return None  # a list: 13800138000/13900139000
        return "code"  # HX-138..., v1.13800138000, 0.13800138000, example.com/13800138000


def _label_before(text: str, start: int) -> str | None:
    """The kind of the label that introduces the number at ``start``: the label just
    before it, with nothing but filler (or the list items before it) in between; of two
    labels ending there the longer (身份证编号, not 编号)."""
    window = text[max(0, start - _WINDOW) : start]
    end = len(window) - _FILLER_REVERSED.match(window[::-1]).end()
    for size in _LABEL_LENGTHS:
        label = window[end - size : end] if size <= end else ""
        kind = _LABEL_KINDS.get(label)
        before = window[end - size - 1] if end > size else ""
        if kind and not (label.isascii() and before.isascii() and before.isalpha()):
            return kind  # (SN in ASN is the end of a longer word)
    return None


def _after(text: str, end: int) -> str | None:
    """Why a number ending at ``end`` is not a person's, from what follows it."""
    following = text[end : end + 8]
    if not following:
        return None
    if _UNIT_AFTER.match(following):
        return "unit"
    first = following[0]
    if first in "@＠":
        return "email"  # the local part of an address, reported as the address
    if first in ".．" and len(following) > 1 and following[1].isdigit():
        return "decimal"
    if first.isascii() and first.isalpha():
        return "code"  # 13800138000A
    if first in "-_/" and following[1:2].isascii() and following[1:2].isalpha():
        return "code"  # 13800138000-A
    return None


def _judge(number: str, label: str | None, today: date) -> str | None:
    """The kind of personal number ``number`` (ASCII digits, maybe a final X) is."""
    size = len(number)
    if size == 11:
        if valid_mobile(number):
            return "mobile"
        # labelled a phone, a range phonenumbers does not know yet counts too (149 ...)
        return "mobile" if label == "phone" and _LABELLED_MOBILE.match(number) else None
    if size == 18:
        if valid_id_number(number, today):
            return "id-number"
        if label == "id" and id_shaped(number, today):
            return "id-number"  # a typo in a labelled ID still identifies the person
    if size == 15 and valid_old_id_number(number, today):
        return "id-number"
    if not 14 <= size <= _LONGEST or not luhn(number):
        return None
    if label == "card":
        return "bank-card"
    if size == 18 and id_shaped(number, today):
        return None  # an ID number with a wrong check digit, not a UnionPay card
    return "bank-card" if card_issuer(number) else None


def _numbers_in(run: _Run, today: date) -> Iterator[tuple[int, int, str, str]]:
    """The personal numbers in a run, each made of whole groups; from each group the
    longest number that starts there wins, and the search goes on after it."""
    groups = run.groups
    last = len(groups) - 1
    index = 0
    while index <= last:
        best = None
        size = 0
        number = ""
        for stop in range(index, last + 1):
            piece = groups[stop][2]
            if len(piece) < 2:
                break  # a one-digit group belongs to no number (ISBNs, dates, lists)
            number += piece
            size += len(piece)
            if size > _LONGEST:
                break
            kind = _judge(number, run.label, today)
            if kind is None and stop == index and size in (13, 15):
                kind = _prefixed_mobile(number)
                if kind:
                    best = (stop, kind, number[size - 11 :], groups[index][1] - 11)
                    continue
            if kind:
                best = (stop, kind, number, groups[index][0])
            if number[-1] == "X":
                break  # only an ID number ends in X
        if best is None:
            index += 1
            continue
        stop, kind, number, start = best
        end = groups[stop][1]
        if _excluded(run, index, stop):
            pass
        elif kind == "id-number":
            yield start, end, "id-number", mask(number, 3, 4)
        elif kind == "mobile":
            yield start, end, "mobile", mask(number, 3, 4)
        else:
            yield start, end, "bank-card", mask(number, 4, 4)
        index = stop + 1


def _prefixed_mobile(number: str) -> str | None:
    """8613800138000 or 008613800138000: the country code written into the number."""
    national = number[2:] if number.startswith("86") else number[4:]
    if not number.startswith(("86", "0086")) or len(national) != 11:
        return None
    return "mobile" if valid_mobile(national) else None


def _excluded(run: _Run, first: int, last: int) -> bool:
    """Whether the context says the number made of groups first..last is not a person's."""
    if run.label in ("not-personal", "money") or run.before_start():
        return True  # what stands before the run holds for all of it (HX-2026-13800138000)
    return last == len(run.groups) - 1 and run.after_end is not None


# --- e-mail addresses ----------------------------------------------------------------

_AT = re.compile("[@＠]")
_LOCAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}+\Z")
# only where a run of letters and digits starts (after the @), so a scan stays linear
_DOMAIN = re.compile(r"(?<![A-Za-z0-9-])[A-Za-z0-9][A-Za-z0-9-]*+(?:\.[A-Za-z0-9-]++)+")
_NOT_TLD = frozenset(
    ("png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "pdf", "doc", "docx", "xls",
     "xlsx", "ppt", "pptx", "zip", "js", "css", "html", "htm", "txt", "md", "json", "xml",
     "yaml", "yml", "py")
)  # fmt: skip


def _emails(
    text: str, company_domains: tuple[str, ...], public_addresses: tuple[str, ...]
) -> Iterator[tuple[int, int, str, str]]:
    for at in _AT.finditer(text):
        position = at.start()
        local_match = _LOCAL.search(text, max(0, position - 64), position)
        domain_match = _DOMAIN.match(text, position + 1)
        if local_match is None or domain_match is None:
            continue
        local = local_match.group().rstrip(".")
        if local != local_match.group() or ".." in local:
            continue
        start = local_match.start()
        previous = text[start - 1] if start else ""
        if previous and (previous in "._%+-" or (previous.isascii() and previous.isalnum())):
            continue  # a local part that starts with a symbol, or longer than 64 characters
        domain = domain_match.group().lower().rstrip("-")
        tld = domain.rsplit(".", 1)[-1]
        if not tld.isalpha() or len(tld) < 2 or tld in _NOT_TLD:
            continue  # logo@2x.png, package@1.2.3
        address = f"{local.lower()}@{domain}"
        if address in public_addresses or any(
            domain == d or domain.endswith("." + d) for d in company_domains
        ):
            continue
        yield start, domain_match.start() + len(domain), "email", f"{mask(local, 1, 0)}@{domain}"


# --- the finders ---------------------------------------------------------------------


def find_personal_numbers(text: str, today: date | None = None) -> Iterator:
    """(start, end, kind, masked) for each ID, mobile and card number in ``text``."""
    today = today or date.today()
    for match in _RUN.finditer(text):
        if match.end() - match.start() < _SHORTEST:
            continue
        run = _Run(text, match.start(), match.end(), match.group())
        yield from _numbers_in(run, today)


def find_personal_data(
    text: str, company_domains: tuple[str, ...], public_addresses: tuple[str, ...]
) -> Iterator[tuple[int, int, str, str]]:
    yield from find_personal_numbers(text)
    if "@" in text or "＠" in text:
        yield from _emails(text, company_domains, public_addresses)


def mask_personal_numbers(text: str) -> str:
    """``text`` with every identity, mobile and card number masked.

    The safety net for messages of other checks, which repeat what an editor wrote
    (an unknown category, a link target): no report may show such a number.
    """
    found = list(find_personal_numbers(text))
    for start, end, _kind, masked in sorted(found, reverse=True):
        text = text[:start] + masked + text[end:]
    return text
