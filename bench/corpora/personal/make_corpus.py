"""Writes the personal-data corpus of bench/bench_personal.py (and tests/test_personal.py).

    .venv/bin/python bench/corpora/personal/make_corpus.py

Deterministic (one seed): the same files each time. Each file is tab-separated, one case
a line: ``form<TAB>expected<TAB>sentence``, where ``form`` names how the value is written
(or, for a near miss, what kind of near miss it is) and ``expected`` lists the personal
values in the sentence as ``kind:value`` separated by spaces (``-`` for none).

- ids.tsv: resident ID numbers: python-stdnum's own test numbers for cn.ric and numbers
  made here (a region code from stdnum's table, a birth date, a sequence, the check digit
  from ``ric.calc_check_digit``), 18- and 15-digit forms.
- mobiles.tsv: mainland mobiles in every range phonenumbers calls MOBILE.
- cards.tsv: public test card numbers from payment providers' documentation (see
  test_cards.tsv) and UnionPay/Visa/Mastercard/Amex/JCB numbers made with stdnum.luhn.
- emails.tsv: personal addresses at the common mail providers.
- near_misses.tsv: corporate-news sentences with numbers that are no person's data.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import phonenumbers
from stdnum import luhn, numdb
from stdnum.cn import ric

HERE = Path(__file__).resolve().parent
RNG = random.Random(20260415)
FW = str.maketrans("0123456789Xx-", "０１２３４５６７８９ＸＸ－")
TODAY = date(2026, 4, 15)

# --- values ---------------------------------------------------------------------------


def region_codes() -> list[str]:
    """County codes (6 digits) from stdnum's table of administrative divisions."""
    codes = []
    path = Path(numdb.__file__).parent / "cn" / "loc.dat"
    province = ""
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        key = line.split()[0]
        if indent == 0:
            province = key
        elif len(key) == 4:
            code = province + key
            if not code.endswith("00"):
                codes.append(code)
    return sorted(set(codes))


REGIONS = region_codes()


def birth(low: int, high: int) -> date:
    start = date(low, 1, 1)
    return start + timedelta(days=RNG.randrange((date(high, 12, 31) - start).days))


def make_id(x_check: bool = False) -> str:
    while True:
        body = RNG.choice(REGIONS) + birth(1940, 2012).strftime("%Y%m%d")
        body += f"{RNG.randrange(1000):03d}"
        number = body + ric.calc_check_digit(body + "0")
        if (number[-1] == "X") == x_check:
            return number


def make_old_id() -> str:
    return RNG.choice(REGIONS) + birth(1930, 1999).strftime("%y%m%d") + f"{RNG.randrange(1000):03d}"


def wrong_check(number: str) -> str:
    """The same ID number with another check character."""
    right = number[-1]
    return number[:-1] + RNG.choice([c for c in "0123456789X" if c != right])


MOBILE_PREFIXES = [
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "145", "147", "150",
    "151", "152", "153", "155", "156", "157", "158", "159", "162", "165", "166", "167",
    "170", "171", "172", "173", "175", "176", "177", "178", "180", "181", "182", "183",
    "184", "185", "186", "187", "188", "189", "190", "191", "192", "193", "195", "196",
    "197", "198", "199",
]  # fmt: skip


def is_mobile(number: str) -> bool:
    parsed = phonenumbers.PhoneNumber(country_code=86, national_number=int(number))
    return phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE


def make_mobile() -> str:
    while True:
        number = RNG.choice(MOBILE_PREFIXES) + f"{RNG.randrange(10**8):08d}"
        if is_mobile(number):
            return number


def with_luhn(prefix: str, length: int) -> str:
    body = prefix + "".join(RNG.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)


def without_luhn(prefix: str, length: int) -> str:
    number = with_luhn(prefix, length)
    return number[:-1] + str((int(number[-1]) + RNG.randrange(1, 10)) % 10)


def stdnum_ids() -> list[str]:
    """The valid numbers in python-stdnum's tests/test_cn_ric.doctest and cn/ric.py."""
    return [
        "360426199101010071",
        "44011320141005001X",
        "412723199010050012",
        "110102199101010078",
        "120110198012010073",
        "120110199212010072",
    ]


def test_cards() -> list[tuple[str, str]]:
    rows = []
    for line in (HERE / "test_cards.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            scheme, number, _source = line.split("\t")
            rows.append((scheme, number))
    return rows


# --- written forms --------------------------------------------------------------------


def grouped(number: str, sizes: tuple[int, ...], sep: str) -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(number[at : at + size])
        at += size
    if at < len(number):
        parts.append(number[at:])
    return sep.join(parts)


ID18_FORMS = {
    "plain": lambda n: n,
    "6-8-4 spaces": lambda n: grouped(n, (6, 8, 4), " "),
    "6-8-4 dashes": lambda n: grouped(n, (6, 8, 4), "-"),
    "6-8-4 full-width": lambda n: grouped(n, (6, 8, 4), "\u3000").translate(FW),
    "6-8-4 spaced dashes": lambda n: grouped(n, (6, 8, 4), " - "),
    "3-3-4-4-4 spaces": lambda n: grouped(n, (3, 3, 4, 4, 4), " "),
    "4-4-4-4-2 spaces": lambda n: grouped(n, (4, 4, 4, 4, 2), " "),
    "6-4-4-4 spaces": lambda n: grouped(n, (6, 4, 4, 4), " "),
    "full-width digits": lambda n: n.translate(FW),
    "lower-case x": lambda n: n.lower(),
}
ID15_FORMS = {
    "15 plain": lambda n: n,
    "15 6-6-3 spaces": lambda n: grouped(n, (6, 6, 3), " "),
    "15 6-6-3 dashes": lambda n: grouped(n, (6, 6, 3), "-"),
    "15 full-width": lambda n: n.translate(FW),
}
MOBILE_FORMS = {
    "plain": lambda n: n,
    "3-4-4 spaces": lambda n: grouped(n, (3, 4, 4), " "),
    "3-4-4 dashes": lambda n: grouped(n, (3, 4, 4), "-"),
    "3-4-4 full-width": lambda n: grouped(n, (3, 4, 4), "－").translate(FW),
    "3-8 spaces": lambda n: grouped(n, (3, 8), " "),
    "4-4-3 spaces": lambda n: grouped(n, (4, 4, 3), " "),
    "+86 3-4-4": lambda n: "+86 " + grouped(n, (3, 4, 4), " "),
    "+86-3-4-4": lambda n: "+86-" + grouped(n, (3, 4, 4), "-"),
    "+86 plain": lambda n: "+86 " + n,
    "+86 glued": lambda n: "+86" + n,
    "(+86) plain": lambda n: "(+86)" + n,
    "0086 plain": lambda n: "0086 " + n,
    "full-width digits": lambda n: n.translate(FW),
    "ideographic spaces": lambda n: grouped(n, (3, 4, 4), "\u3000"),
}
CARD_FORMS = {
    "plain": lambda n: n,
    "4-4-4-4 spaces": lambda n: grouped(n, (4, 4, 4, 4), " "),
    "4-4-4-4 dashes": lambda n: grouped(n, (4, 4, 4, 4), "-"),
    "4-4-4-4 full-width": lambda n: grouped(n, (4, 4, 4, 4), " ").translate(FW),
    "6-rest spaces": lambda n: grouped(n, (6,), " "),
}
AMEX_FORMS = {
    "amex plain": lambda n: n,
    "amex 4-6-5 spaces": lambda n: grouped(n, (4, 6, 5), " "),
    "amex 4-6-5 dashes": lambda n: grouped(n, (4, 6, 5), "-"),
}

# --- sentences ------------------------------------------------------------------------

NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴霞",
         "徐涛", "孙丽", "马超", "朱琳", "胡斌", "郭蕾"]  # fmt: skip

ID_SENTENCES = [
    "经核实，{name}的身份证号为{v}，已完成实名登记。",
    "公民身份号码 {v}，姓名：{name}。",
    "获奖者{name}（身份证号码：{v}）请于5个工作日内领取奖品。",
    "| {name} | {v} | 研发中心 | 2026-03-01 |",
    "报名表：姓名{name}，证件号码{v}，联系地址北京市朝阳区。",
    "请{name}携带居民身份证（{v}）原件到人力资源部办理入职。",
    "{name}，{v}，已通过背景审查。",
    "附件二列出了中奖客户{name} {v} 的兑奖信息。",
    "身份证：{v}",
    "申请人{name}提交的证件号为 {v} ，审核通过。",
]
MOBILE_SENTENCES = [
    "如有疑问，请致电{name}：{v}。",
    "联系电话：{v}",
    "报名热线 {v}（{name}，工作日9:00-17:30）。",
    "客户{name}的手机号为{v}，请回访。",
    "本次活动联系人：{name}，手机{v}，欢迎咨询。",
    "| {name} | 销售部 | {v} |",
    "Tel: {v}",
    "手机/微信同号：{v}",
    "{name} {v} 负责华东区售后服务。",
    "中奖用户（手机尾号不公开）原号码{v}已通知。",
    "请拨打{v}联系{name}领取证书。",
    "紧急联系人{name}，电话{v}。",
]
CARD_SENTENCES = [
    "退款将原路退回客户银行卡 {v}，请注意查收。",
    "持卡人{name}，卡号{v}，已挂失。",
    "信用卡 {v} 的分期申请已通过。",
    "请将奖金汇入{name}的工资卡账号：{v}。",
    "客户{name}使用 {v} 完成了线上支付。",
    "| {name} | 招商银行 | {v} |",
    "收款账号 {v}（开户名：{name}）",
    "{name}提供的借记卡号码为{v}。",
]
EMAIL_SENTENCES = [
    "请将简历发送至{name}的个人邮箱{v}。",
    "联系人：{name}，邮箱：{v}",
    "读者来信（{v}）反映了以下问题。",
    "客户{name}（{v}）已确认收货。",
    "邮箱{v}",
    "如需报名，请发邮件到 {v} ，注明姓名和单位。",
    "| {name} | 市场部 | {v} |",
    "E-mail: {v}",
    "[{name}的邮箱](mailto:{v})",
    "<{v}>",
]
MAIL_DOMAINS = ["163.com", "126.com", "qq.com", "sina.com", "sina.cn", "sohu.com",
                "gmail.com", "outlook.com", "hotmail.com", "foxmail.com", "yeah.net",
                "aliyun.com", "139.com", "189.cn", "pku.edu.cn", "mail.tsinghua.edu.cn",
                "yahoo.com.cn", "icloud.com"]  # fmt: skip
PINYIN = ["zhangwei", "wangfang", "lina", "liuyang", "chenjing", "yanglei", "zhaomin",
          "huangqiang", "zhoujie", "wuxia", "xutao", "sunli", "machao", "zhulin",
          "hubin"]  # fmt: skip


def make_local(index: int) -> str:
    base = RNG.choice(PINYIN)
    style = index % 8
    if style == 0:
        return base
    if style == 1:
        return f"{base}{RNG.randrange(1970, 2010)}"
    if style == 2:
        return base[:2] + "." + base[2:]
    if style == 3:
        return f"{base}_{RNG.randrange(100)}"
    if style == 4:
        return f"{base}-{RNG.choice(['hr', 'sh', 'bj'])}"
    if style == 5:
        return f"{RNG.randrange(10**8, 10**10)}"  # a QQ number
    if style == 6:
        return f"{base}+news"
    return base.capitalize()


def fill(template: str, value: str) -> str:
    return template.format(name=RNG.choice(NAMES), v=value)


def positive_rows(kind: str, numbers, forms: dict, sentences: list[str]) -> list[tuple]:
    rows = []
    names = list(forms)
    for index, number in enumerate(numbers):
        form = names[index % len(names)]
        sentence = fill(sentences[index % len(sentences)], forms[form](number))
        rows.append((form, f"{kind}:{number}", sentence))
    return rows


def ids() -> list[tuple]:
    numbers = [*stdnum_ids(), "11010519491231002X", "511825200503074799"]
    numbers += [make_id(x_check=index % 6 == 0) for index in range(200)]
    rows = positive_rows("id-number", numbers, ID18_FORMS, ID_SENTENCES)
    old = [make_old_id() for _ in range(40)]
    rows += positive_rows("id-number", old, ID15_FORMS, ID_SENTENCES)
    return rows


def mobiles() -> list[tuple]:
    numbers = [make_mobile() for _ in range(224)]
    rows = positive_rows("mobile", numbers, MOBILE_FORMS, MOBILE_SENTENCES)
    # an address whose local part is a mobile number is the address, not the mobile
    return rows


def cards() -> list[tuple]:
    public = [number for _scheme, number in test_cards()]
    made = [with_luhn(RNG.choice(["622202", "621226", "622848", "621700", "622588",
                                  "625998", "628288"]), RNG.choice([16, 19]))
            for _ in range(40)]  # fmt: skip
    made += [with_luhn(RNG.choice(["4367", "4563", "4026", "4212"]), 16) for _ in range(10)]
    made += [with_luhn(RNG.choice(["5187", "5201", "5522", "2223", "2720"]), 16) for _ in range(10)]
    made += [with_luhn(RNG.choice(["3528", "3568"]), 16) for _ in range(4)]
    amex = [n for n in public if len(n) == 15 and n[:2] in ("34", "37")]
    amex += [with_luhn(RNG.choice(["34", "37"]), 15) for _ in range(12)]
    others = [n for n in public + made if n not in amex]
    rows = positive_rows("bank-card", others, CARD_FORMS, CARD_SENTENCES)
    rows += positive_rows("bank-card", amex, AMEX_FORMS, CARD_SENTENCES)
    # cards of no known issuer prefix: the card or account label makes them cards
    labelled = [with_luhn(RNG.choice(["9558", "9559", "603367", "940001"]), 19) for _ in range(8)]
    for number in labelled:
        sentence = fill(RNG.choice(CARD_SENTENCES[:4] + CARD_SENTENCES[6:]), number)
        rows.append(("labelled, no issuer prefix", f"bank-card:{number}", sentence))
    return rows


def emails() -> list[tuple]:
    rows = []
    forms = ["plain", "plain", "glued to Chinese", "full-width at", "upper case"]
    for index in range(110):
        address = f"{make_local(index)}@{RNG.choice(MAIL_DOMAINS)}"
        form = forms[index % len(forms)]
        template = EMAIL_SENTENCES[index % len(EMAIL_SENTENCES)]
        written = address
        if form == "glued to Chinese":
            template = RNG.choice(["邮箱{v}", "请联系{name}邮箱{v}，", "来信请寄{v}"])
        elif form == "full-width at":
            written = address.replace("@", "＠")
        elif form == "upper case":
            written = address.upper()
        rows.append((form, f"email:{address.lower()}", fill(template, written)))
    for _ in range(6):  # a mobile as the local part: one address, no mobile
        address = f"{make_mobile()}@139.com"
        rows.append(("mobile as local part", f"email:{address}", fill("邮箱：{v}", address)))
    return rows


def mixed() -> list[tuple]:
    """Sentences with personal data and near misses side by side."""
    rows = []
    for _ in range(20):
        mobile, order = make_mobile(), f"2026{RNG.randrange(10**10):010d}"
        sentence = f"订单号{order}的收货人{RNG.choice(NAMES)}，手机{mobile}，请尽快发货。"
        rows.append(("mobile after an order number", f"mobile:{mobile}", sentence))
    for _ in range(8):
        first, second = make_mobile(), make_mobile()
        sep = RNG.choice(["、", "/", " / ", "，", "或"])
        sentence = f"联系电话：{first}{sep}{second}"
        rows.append(("two mobiles in a list", f"mobile:{first} mobile:{second}", sentence))
    for _ in range(6):
        mobile = make_mobile()
        sentence = f"点击拨打[{mobile}](tel:+86{mobile})"
        rows.append(("markdown tel: link", f"mobile:{mobile} mobile:{mobile}", sentence))
    for _ in range(6):
        mobile = make_mobile()
        sentence = f"售后专员：**{grouped(mobile, (3, 4, 4), ' ')}**（{RNG.choice(NAMES)}）"
        rows.append(("bold in markdown", f"mobile:{mobile}", sentence))
    for _ in range(10):
        number, amount = make_id(), RNG.randrange(10**9, 10**11)
        sentence = f"{RNG.choice(NAMES)}（身份证号{number}）申请贷款{amount}元。"
        rows.append(("id beside an amount", f"id-number:{number}", sentence))
    return rows


# --- near misses ----------------------------------------------------------------------


def mobile_like() -> str:
    """11 digits in a mobile range: what an amount or a code might look like."""
    return make_mobile()


def card_like() -> str:
    return with_luhn(RNG.choice(["6222", "4111", "5105", "6212"]), 16)


def some_number() -> str:
    return RNG.choice([mobile_like(), card_like(), make_id(), f"2026{RNG.randrange(10**12):012d}"])


def some_code() -> str:
    return RNG.choice([uscc(), make_old_id(), RNG.choice(REGIONS) + f"{RNG.randrange(10**9):09d}"])


def short(low: int, high: int):
    return lambda: (RNG.randrange(low, high), RNG.randrange(low, high), RNG.randrange(10))


def one(make):
    return lambda: (make(),)


def a_date():
    return (birth(2015, 2026) + timedelta(seconds=RNG.randrange(86400)),) * 1


# what a near miss is, how many, the sentences, what fills them
NEAR_MISSES = [
    ("money", 30, ["合同金额为{}元，分三期支付。", "项目总投资{}元。",
                   "本期营业收入{}元，同比增长12%。",
                   "中标价 ￥{} ，含税。", "募集资金总额为人民币{}元。", "货款RMB {}已结清。",
                   "资产规模达{}万元。", "授信额度{}亿元。"], one(lambda: mobile_like())),
    ("money, card-like", 12, ["交易额为￥{}。", "累计成交额{}元。", "资本金RMB{}。"],
     one(lambda: card_like())),
    ("quantity", 20, ["公司总股本{}股。", "平台累计访问量{}次。", "全年发电量{}千瓦时。",
                      "累计服务用户{}人次。", "运输货物{}吨。"], one(lambda: mobile_like())),
    ("order number", 30, ["订单号：{}", "请凭订单编号{}查询物流。", "快递单号 {} 已签收。",
                          "运单号{}。", "工单号{}已关闭。"], one(some_number)),
    ("contract number", 20, ["合同编号：{}", "根据合同号{}的约定，",
                             "合同编号为{}的采购合同已归档。"],
     one(some_number)),
    ("invoice number", 20, ["发票号码：{}", "增值税专用发票号{}已作废。",
                            "发票代码{1}，发票号码{0}。"],
     lambda: (RNG.choice([mobile_like(), card_like()]), f"{RNG.randrange(10**8):08d}")),
    ("serial/batch number", 25, ["编号：{}", "流水号 {}", "产品批号{}，生产日期2026-03-01。",
                                 "序列号：{}", "批次号{}的产品已召回。", "交易流水{}已入账。"],
     one(lambda: RNG.choice([some_number(), grouped(mobile_like(), (3, 4, 4), "-")]))),
    ("order list", 10, ["订单号：{}、{}、{}"],
     lambda: (f"2026{RNG.randrange(10**7):07d}", mobile_like(), card_like())),
    ("product code", 25, ["型号HX{}", "产品型号：XR-{}", "SN{}", "物料编码 {} 已停产。", "SKU: {}",
                          "设备编号{}A", "货号 {}-B", "条形码{}"], one(lambda: mobile_like())),
    ("date", 20, ["{:%Y%m%d}发布。", "会议于{:%Y-%m-%d}召开。", "时间戳 {:%Y%m%d%H%M%S}。",
                  "生效日期：{:%Y年%m月%d日}", "{:%Y-%m-%d %H:%M}更新"], a_date),
    ("landline and hotline", 25, ["客服热线：400-{}-{}", "总机：010-{} {}", "传真 0755-{}{}",
                                  "服务电话95588，或拨打021-{}-{}", "电话：+86 10 {} {}",
                                  "咨询电话 0571-{}{} 转 8001"],
     lambda: (RNG.randrange(100, 999), RNG.randrange(1000, 9999))),
    ("18 digits, wrong check digit", 30, ["数据包{}已归档。", "编码规则示例：{}",
                                          "文件 {} 已上传。",
                                          "查询结果：{}", "| 档案 | {} | 已核销 |"],
     one(lambda: wrong_id_passing_luhn())),
    ("18 digits, wrong check digit, grouped", 10, ["文件号段 {} 已作废。"],
     one(lambda: grouped(wrong_check(make_id()), (6, 8, 4), " "))),
    ("company registration", 20, ["统一社会信用代码：{}", "营业执照注册号：{}", "税号 {}",
                                  "纳税人识别号：{}"], one(some_code)),
    ("isbn, stock, ip, version", 20, ["ISBN 978-7-{}-{}-{}", "股票代码 600{}，",
                                      "服务器 10.{}.{}.{}",
                                      "版本 v{}.{}.{}", "比例为0.{}{}{}"], short(100, 99999)),
    ("decimal amount", 10, ["合计{}.{:02d}"], lambda: (mobile_like(), RNG.randrange(100))),
    ("thousands separators", 8, ["实现利润{:,}元。"], one(lambda: int(mobile_like()))),
    ("not a mobile range", 12, ["数据 {}{:08d} 仅供参考。"],
     lambda: (RNG.choice(["100", "110", "120", "140", "141", "154", "144"]), RNG.randrange(10**8))),
    ("card, Luhn fails", 12, ["券码 {} 已使用。"],
     one(lambda: grouped(without_luhn(RNG.choice(["6222", "4111", "5105"]), 16), (4, 4, 4), " "))),
    ("card-like, no issuer prefix", 12, ["统计数据 {} 请妥善保存。"],
     one(lambda: with_luhn(RNG.choice(["1", "70", "80", "99"]), 16))),
    ("company bank account", 8, ["对公账户：{}，开户行：中国工商银行北京分行。"],
     one(lambda: grouped(with_luhn("6222", 19), (4, 4, 4, 4), " "))),
    ("timestamp", 10, ["接口返回 ts={}", "时间戳：{}"],
     one(lambda: RNG.randrange(16 * 10 ** RNG.choice([8, 11]), 18 * 10**11))),
    ("device serial", 10, ["IMEI：{}", "设备串号IMEI {}", "序列号 {}"],
     one(lambda: with_luhn(RNG.choice(["35", "86"]), 15))),
    ("SIM card", 8, ["SIM卡号：{}", "物联网卡 ICCID {}"],
     one(lambda: grouped(with_luhn("8986", 19), (5, 4, 4, 4), " "))),
    ("masked numbers", 10, ["中奖手机尾号{}****{}", "卡号 6222 **** **** {}{}"],
     lambda: (RNG.randrange(130, 199), RNG.randrange(1000, 9999))),
    ("ordinal", 5, ["本站迎来第{}位访客。"], one(lambda: mobile_like())),
    ("membership card", 6, ["会员卡号{}可累积积分。"], one(lambda: card_like())),
    ("long digit run", 10, ["追踪码 {} 。"], one(lambda: RNG.randrange(10**21, 10**22))),
    ("company and public addresses", 10, ["投稿邮箱：news@lanshi-tech.example",
                                          "招聘：hr@cn.lanshi-tech.example",
                                          "举报邮箱 jubao@12377.cn",
                                          "图标文件logo@2x.png已替换。", "请@张三 确认。",
                                          "依赖 lodash@4.17.21 已升级。", "用户名 admin@localhost"],
     lambda: ()),
]  # fmt: skip


def near_misses() -> list[tuple]:
    rows = []
    for kind, count, templates, values in NEAR_MISSES:
        for _ in range(count):
            rows.append((kind, "-", RNG.choice(templates).format(*values())))
    return rows


def wrong_id_passing_luhn() -> str:
    """An ID number with a wrong check digit that passes Luhn: read as a card before."""
    while True:
        number = wrong_check(make_id())
        if number[-1] != "X" and luhn.is_valid(number):
            return number


def uscc() -> str:
    from stdnum.cn import uscc as module

    body = RNG.choice("159") + RNG.choice("123") + RNG.choice(REGIONS)
    body += "".join(RNG.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return body + module.calc_check_digit(body)


def write(name: str, rows: list[tuple]) -> None:
    lines = ["\t".join(row) for row in rows]
    for line in lines:
        assert line.count("\t") == 2 and "\n" not in line, line
    (HERE / name).write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{name}: {len(rows)} cases")


def main() -> None:
    write("ids.tsv", ids())
    write("mobiles.tsv", mobiles())
    write("cards.tsv", cards())
    write("emails.tsv", emails())
    write("mixed.tsv", mixed())
    write("near_misses.tsv", near_misses())


if __name__ == "__main__":
    main()
