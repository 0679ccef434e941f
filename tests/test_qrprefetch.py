"""Share QR codes made ahead in a worker process are the codes a page would make itself."""

from __future__ import annotations

import time

from pipeline.engine.speedups.qrprefetch import BATCH, QrPrefetch
from pipeline.seo.qrcode import bare_svg, labelled, qr_svg


def test_codes_made_ahead_equal_the_codes_made_in_place():
    urls = [f"https://www.example.com.cn/news/2026/item-{n}/" for n in range(BATCH + 7)]
    prefetch = QrPrefetch(urls)
    try:
        deadline = time.monotonic() + 60
        made = {}
        while len(made) < len(urls) and time.monotonic() < deadline:
            for url in urls:
                if url not in made and (svg := prefetch.get(url)) is not None:
                    made[url] = svg
            time.sleep(0.05)
        assert len(made) == len(urls), "the worker made every code"
        assert all(made[url] == bare_svg(url) for url in urls)
        assert prefetch.taken == len(urls)
        assert prefetch.get("https://www.example.com.cn/other/") is None  # not asked for
    finally:
        prefetch.close()


def test_a_labelled_code_is_the_page_code():
    url = "https://www.example.com.cn/news/2026/a/"
    assert labelled(bare_svg(url), "扫码分享") == qr_svg(url, "扫码分享")
    assert 'aria-label="扫码分享"' in qr_svg(url, "扫码分享")


def test_a_closed_prefetch_gives_nothing_more_and_ends():
    urls = [f"https://www.example.com.cn/n/{n}/" for n in range(BATCH * 20)]
    prefetch = QrPrefetch(urls)
    prefetch.close()
    late = [prefetch.get(url) for url in urls[-BATCH:]]  # batches dropped before they began
    assert late == [None] * BATCH
