"""URL slugs: readable pinyin for Chinese titles, kept short and valid."""

from __future__ import annotations

import pytest

from pipeline.core.slugs import MAX_SLUG_LENGTH, is_valid_slug, slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("公司新闻", "gong-si-xin-wen"),
        ("澜石科技发布 IoT 网关 2.0", "lan-shi-ke-ji-fa-bu-iot-wang-guan-2-0"),
        ("ISO 27001 认证", "iso-27001-ren-zheng"),
        ("《能源审计》新标准：发布！", "neng-yuan-shen-ji-xin-biao-zhun-fa-bu"),
        ("Café déjà vu", "cafe-deja-vu"),
    ],
)
def test_pinyin_for_chinese_latin_and_digits_kept(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_heteronym_hang_in_hangye() -> None:
    assert slugify("行业") == "hang-ye"
    assert slugify("工业互联网行业报告") == "gong-ye-hu-lian-wang-hang-ye-bao-gao"


def test_long_title_is_cut_at_a_word_boundary() -> None:
    title = "澜石科技发布新一代工业物联网网关并与多家能源企业签署战略合作协议共同推进绿色制造"
    slug = slugify(title)
    assert len(slug) <= MAX_SLUG_LENGTH
    assert slug == "lan-shi-ke-ji-fa-bu-xin-yi-dai-gong-ye-wu-lian-wang-wang"
    full = slugify(title, max_length=1000)
    assert full.startswith(slug + "-")  # nothing cut in the middle of a syllable


def test_one_overlong_word_is_cut_to_the_limit() -> None:
    assert slugify("x" * 100) == "x" * MAX_SLUG_LENGTH


def test_title_without_letters_or_digits_gives_no_slug() -> None:
    assert slugify("！！——？") == ""


@pytest.mark.parametrize(
    ("slug", "valid"),
    [
        ("new-gateway", True),
        ("2026-annual-meeting", True),
        ("New-Gateway", False),
        ("new_gateway", False),
        ("new--gateway", False),
        ("-new", False),
        ("网关", False),
        ("a" * (MAX_SLUG_LENGTH + 1), False),
    ],
)
def test_valid_slugs(slug: str, valid: bool) -> None:
    assert is_valid_slug(slug) is valid


def test_slugify_output_is_always_valid() -> None:
    for title in ("公司新闻", "A/B 测试：第 2 轮", "  空格  ", "行业" * 40):
        assert is_valid_slug(slugify(title))
