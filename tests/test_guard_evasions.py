"""Evasions of the term lists (issue 15): each class caught with its exact original span,
lists of words kept apart, pinyin and repeated letters only where a list asks for them,
findings placed on the original line and column, and the publish gate agreeing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.gate.text import shown_problems
from pipeline.guard.matcher import PINYIN_LATIN_MIN, Matcher, pinyin_forms
from pipeline.guard.normalize import Squeezed, fold, fold_term
from pipeline.guard.settings import load_guard_config
from tests.conftest import REPO, Project

EVIL = "content/news/posts/2026/2026-04-01-evil.md"
GUARD_YML = """\
categories:
  secrets:
    title: secrets
    pinyin: {pinyin}
  names:
    title: names
    repeated_letters: {repeated}
"""
SECRETS = "内部资料\n天枢芯片\n五星红旗\n902498354455\n涉密\n"
NAMES = "Falcon\nassert\n"


def matcher_for(tmp_path: Path, *, pinyin: bool = True, repeated: bool = True) -> Matcher:
    """A Matcher over real term files and a real guard.yml, read by the settings reader."""
    config_dir = tmp_path / "site_config"
    (config_dir / "terms").mkdir(parents=True, exist_ok=True)
    yml = GUARD_YML.format(pinyin=str(pinyin).lower(), repeated=str(repeated).lower())
    (config_dir / "guard.yml").write_text(yml, "utf-8")
    (config_dir / "terms" / "secrets.txt").write_text(SECRETS, "utf-8")
    (config_dir / "terms" / "names.txt").write_text(NAMES, "utf-8")
    return Matcher(load_guard_config(config_dir, tmp_path))


def spans(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    return [(text[h.start : h.end], h.term) for h in matcher.find(text)]


@pytest.mark.parametrize(
    ("text", "span", "term"),
    [
        # 、 between single characters
        ("五、星、红、旗", "五、星、红、旗", "五星红旗"),
        ("本报告为内、部、资、料，请勿转发", "内、部、资、料", "内部资料"),
        # variation selectors, tag characters, combining marks
        ("内\ufe0f部\ufe0f资料", "内\ufe0f部\ufe0f资料", "内部资料"),
        ("内\U000e0100部资料", "内\U000e0100部资料", "内部资料"),
        ("x内\U000e0020部\U000e007f资料", "内\U000e0020部\U000e007f资料", "内部资料"),
        ("内\u0332部\u0332资料", "内\u0332部\u0332资料", "内部资料"),
        ("新品 F\u0301alcon 发布", "F\u0301alcon", "Falcon"),
        ("新品 Fàlcón 发布", "Fàlcón", "Falcon"),
        # Kangxi and CJK radicals (text copied from PDFs)
        ("天枢芯\u2f5a的样品", "天枢芯\u2f5a", "天枢芯片"),
        # enclosed and mathematical letters
        ("Ⓕⓐⓛⓒⓞⓝ 发布", "Ⓕⓐⓛⓒⓞⓝ", "Falcon"),
        ("⒡⒜⒧⒞⒪⒩ 发布", "⒡⒜⒧⒞⒪⒩", "Falcon"),
        ("𝐅𝐚𝐥𝐜𝐨𝐧 发布", "𝐅𝐚𝐥𝐜𝐨𝐧", "Falcon"),
        ("𝔣𝔞𝔩𝔠𝔬𝔫 发布", "𝔣𝔞𝔩𝔠𝔬𝔫", "Falcon"),
        ("🅕🅐🅛🅒🅞🅝 发布", "🅕🅐🅛🅒🅞🅝", "Falcon"),
        # number forms
        ("微信：9⓿二肆⁹₈③⑸⒋➃㈤㊄", "9⓿二肆⁹₈③⑸⒋➃㈤㊄", "902498354455"),
        # emoji between the characters
        ("内🎉部😀资👍🏽料", "内🎉部😀资👍🏽料", "内部资料"),
        ("天枢✨芯片", "天枢✨芯片", "天枢芯片"),
        # a right-to-left override: stored reversed, shown in order
        ("这是\u202e料资部内\u202c的文件", "料资部内", "内部资料"),
        # a Markdown link between the halves of a term
        ("这份[内部](https://example.com/a)资料", "内部](https://example.com/a)资料", "内部资料"),
        ("这份内部[资料](files/a.pdf)", "内部[资料", "内部资料"),
        # percent-encoded in a URL or a file name
        (
            "见 https://example.com/%E5%86%85%E9%83%A8%E8%B5%84%E6%96%99.pdf",
            "%E5%86%85%E9%83%A8%E8%B5%84%E6%96%99",
            "内部资料",
        ),
        ("天枢%E8%8A%AF%E7%89%87-规格书.pdf", "天枢%E8%8A%AF%E7%89%87", "天枢芯片"),
        # pinyin: whole, initials, mixed with the characters
        ("这是 neibuziliao 请勿转发", "neibuziliao", "内部资料"),
        ("Tian Shu Xin Pian 的进展", "Tian Shu Xin Pian", "天枢芯片"),
        ("这是 NBZL 请勿转发", "NBZL", "内部资料"),
        ("内部ziliao", "内部ziliao", "内部资料"),
        ("天枢xp", "天枢xp", "天枢芯片"),
        ("she密文件", "she密", "涉密"),
        # repeated letters
        ("Faaalcooon 发布", "Faaalcooon", "Falcon"),
        ("asssert all", "asssert", "assert"),
    ],
)
def test_each_evasion_is_caught_with_its_original_span(tmp_path, text, span, term) -> None:
    assert spans(matcher_for(tmp_path), text) == [(span, term)]


@pytest.mark.parametrize(
    "text",
    [
        "公司产品包括五金、星级酒店用品、红木家具和旗袍面料。",  # words of a list stay apart
        "会议讨论了内部控制、资料归档和保密培训。",
        "五、星级服务\n六、红旗渠精神",  # numbered headings, different lines
        "公司内部🎉。资料显示营收增长",  # an emoji does not bridge a sentence
        "我们支持 NB-IoT 和 ZLIB 压缩",  # letters that are not a term's initials
        "订单号 902498354456 已发货",
        "详见[年度报告](reports/2026.md)和[内部审计](audit.md)说明",
        "搜索 https://example.com/?q=%E5%B9%B4%E6%8A%A5 查看年报",  # 年报, not a term
        "阿拉伯语页面使用 \u202bRTL\u202c 排版",
        "The committee will assess the design.",  # assess is not assert
        "a typo: asert",  # fewer letters than the term is not a repeat
        "Falcn is a typo",  # a letter missing
        "京 北",
    ],
)
def test_near_misses_are_not_flagged(tmp_path, text) -> None:
    assert spans(matcher_for(tmp_path), text) == []


def test_pinyin_and_repeated_letters_only_where_the_list_asks(tmp_path) -> None:
    texts = ["这是 neibuziliao", "这是 NBZL", "内部ziliao", "Faaalcon", "asssert"]
    plain = matcher_for(tmp_path, pinyin=False, repeated=False)
    assert [spans(plain, t) for t in texts] == [[], [], [], [], []]
    pinyin_only = matcher_for(tmp_path, pinyin=True, repeated=False)
    assert [bool(spans(pinyin_only, t)) for t in texts] == [True, True, True, False, False]
    repeats_only = matcher_for(tmp_path, pinyin=False, repeated=True)
    assert [bool(spans(repeats_only, t)) for t in texts] == [False, False, False, True, True]


def test_short_terms_get_no_letter_only_initials() -> None:
    assert PINYIN_LATIN_MIN == 4
    short = pinyin_forms(fold_term("涉密"))
    assert "sm" not in short and "shemi" in short and "s密" in short
    assert "nbzl" in pinyin_forms(fold_term("内部资料"))
    assert "nbzl" not in pinyin_forms(fold_term("内部资料"), latin_min=5)
    assert pinyin_forms(fold_term("Falcon")) == []  # no Chinese, no pinyin
    assert fold_term("内部资料") not in pinyin_forms(fold_term("内部资料"))


def test_pinyin_forms_are_whole_words(tmp_path) -> None:
    matcher = matcher_for(tmp_path)
    assert spans(matcher, "xnbzl and nbzlx") == []
    assert spans(matcher, "(nbzl)") == [("nbzl", "内部资料")]


def test_folding_keeps_one_unit_for_one_unit_and_terms_fold_as_text_does() -> None:
    for text in ["Ⓕⓤc⒦", "9⓿二肆⁹₈③⑸⒋➃㈤㊄", "天枢芯\u2f5a", "ＦＡＬＣＯＮ", "國家級"]:
        assert len(fold(text)) == len(text)
    for term in ["内部资料", "𝐅𝐚𝐥𝐜𝐨𝐧", "内\ufe0f部", "F\u0301alcon", "第①"]:
        assert Squeezed(term).data.decode("utf-16-le") == fold_term(term)
    assert fold_term("第一") == fold_term("第1") == fold_term("第壹") == "第1"
    assert fold_term("二○二六") == fold_term("二〇二六") == "2026"  # ○ is a zero, not a shape


def test_findings_point_at_the_original_line_and_column(project: Project) -> None:
    body = (
        "第一段正常。\n\n"
        "这是\u202e料资部内\u202c的文件。\n\n"
        "下载[说明](https://example.com/%E5%86%85%E9%83%A8%E8%B5%84%E6%96%99.pdf)。\n\n"
        "芯片🎉内部\u2f42件样品，neibuziliao。\n\n"
        "本报告为内、部、资、料。\n"
    )
    project.write_item("news", "2026-04-01-evil", body=body)
    result = project.cli("--lang", "en", "check", "--format", "json")
    found = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "guard/term"]
    assert result.exit_code == 1
    lines = (project.root / EVIL).read_text("utf-8").split("\n")
    placed = []
    for finding in found:
        assert finding["path"] == EVIL
        line = lines[finding["line"] - 1]
        start = finding["column"] - 1
        assert line[start : start + len(finding["span"])] == finding["span"]
        placed.append((finding["span"], term_in(finding["message"])))
    assert placed == [
        ("料资部内", "内部资料"),
        ("%E5%86%85%E9%83%A8%E8%B5%84%E6%96%99", "内部资料"),
        ("内部\u2f42件", "内部文件"),
        ("neibuziliao", "内部资料"),
        ("内、部、资、料", "内部资料"),
    ]


def term_in(message: str) -> str:
    """The listed term a finding's message names."""
    return next(t for t in ("内部资料", "内部文件") if t in message)


def test_a_bad_option_value_names_the_file_and_line(project: Project) -> None:
    guard = project.root / "site_config/guard.yml"
    text = guard.read_text("utf-8")
    guard.write_text(text.replace("pinyin: true", "pinyin: 是"), "utf-8")
    result = project.cli("--lang", "en", "check")
    assert result.exit_code == 2
    line = next(n for n, s in enumerate(text.splitlines(), 1) if "pinyin: true" in s)
    assert f"site_config/guard.yml:{line}:" in result.stderr
    assert "categories.classified.pinyin" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_publish_gate_finds_the_same_terms() -> None:
    config = load_guard_config(REPO / "site_config", REPO)
    matcher = Matcher(config)
    texts = [
        "这是\u202e料资部内\u202c的文件",
        "内🎉部😀资👍🏽料",
        "这是 NBZL 的文件",
        "本报告为内、部、资、料",
        "内\ufe0f部\U000e0020资\u0332料",
        "下载 https://example.com/%E5%86%85%E9%83%A8%E8%B5%84%E6%96%99.pdf",
    ]
    page = "\n".join(texts)
    shown = [s for s in shown_problems(page, config, matcher, ()) if s.rule == "gate/term"]
    assert [s.params["term"] for s in shown] == ["内部资料"] * len(texts)
    assert [s.params["term"] for s in shown] == [
        hit.term for text in texts for hit in matcher.find(text)
    ]
    assert list(shown_problems(page, config, matcher, [fold_term("内部资料")])) == []


def test_work_stays_bounded_on_long_adversarial_lines(tmp_path) -> None:
    matcher = matcher_for(tmp_path)
    line = "内、部、资、料 " * 20_000
    assert len(matcher.find(line)) == 20_000
    # unclosed links, lone percent runs, overrides without an end: each read once
    hostile = "](" * 50_000 + "%E5" * 30_000 + "\u202e" + "料资部内" * 10_000
    hits = matcher.find(hostile)
    assert [h.term for h in hits] == ["内部资料"] * 10_000
    stretched = "F" + "a" * 50_000 + "lcon " + "ss" * 50_000
    assert spans(matcher, stretched) == [(stretched[:50_005], "Falcon")]


LOADS_PYPINYIN = """\
import sys
from pathlib import Path
from pipeline.guard.matcher import Matcher
from pipeline.guard.settings import load_guard_config
root = Path(sys.argv[1])
matcher = Matcher(load_guard_config(root / "site_config", root))
found = [text[hit.start : hit.end] for text in ["(nbzl)"] for hit in matcher.find(text)]
print(found, "pypinyin.constants" in sys.modules)
"""


def test_the_terms_pinyin_is_kept_so_a_second_matcher_does_not_load_pypinyin(tmp_path) -> None:
    matcher_for(tmp_path)  # writes the lists; its readings are kept in .cache
    kept = tmp_path / ".cache" / "pipeline" / "guard-pinyin.json"
    data = json.loads(kept.read_text("utf-8"))
    assert data["readings"]["split:内部资料"] == ["nei", "bu", "zi", "liao"]

    def run() -> str:
        command = [sys.executable, "-c", LOADS_PYPINYIN, str(tmp_path)]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()

    assert run() == "['nbzl'] False"  # the kept readings: the same forms, pypinyin not loaded
    kept.write_text(json.dumps({**data, "pypinyin": "0.0.1"}), "utf-8")
    assert run() == "['nbzl'] True"  # another pypinyin's readings are read again
    kept.write_text("{damaged", "utf-8")
    assert run() == "['nbzl'] True"
    assert json.loads(kept.read_text("utf-8"))["readings"]["split:内部资料"][0] == "nei"
