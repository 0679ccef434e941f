"""The QR code of a page's address, made at build time (微信扫码分享).

segno writes it as SVG text: the page shows it inline, so sharing needs no request to
another host and no script.
"""

from __future__ import annotations

import io

import segno

# Choosing the best of the eight masks is 90 % of segno's time (40 ms a code, minutes at
# thousands of items); every mask gives a valid code that any reader decodes.
MASK = 0


def qr_code(url: str):
    """The QR code of ``url``: error correction M, mask ``MASK``."""
    return segno.make(url, error="m", micro=False, mask=MASK, boost_error=False)


def qr_svg(url: str, label: str) -> str:
    """An SVG QR code of ``url``, sized by CSS through its viewBox; ``label`` is its
    accessible name."""
    return labelled(bare_svg(url), label)


def bare_svg(url: str) -> str:
    """The SVG QR code of ``url`` without its accessible name (``labelled`` adds it)."""
    code = qr_code(url)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=1,
        border=2,
        omitsize=True,
        svgclass="pipeline-qr",
        lineclass=None,
        title=None,
        dark="#000",
        light="#fff",
    )
    return out.getvalue().decode("ascii")


def bare_svgs(urls: list[str]) -> list[str]:
    """``bare_svg`` of each of ``urls``, in order (a worker process's batch)."""
    return [bare_svg(url) for url in urls]


def labelled(svg: str, label: str) -> str:
    """``svg`` (from ``bare_svg``) named ``label`` for screen readers."""
    escaped = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escaped}" ', 1)
