"""The publish gate against an adversarial XSS corpus: what runs in a browser never
reaches site/.

The corpus (tests/corpus/xss/, README.md there) holds the public lists (DOMPurify's
fixtures, the OWASP filter evasion cheat sheet, H5SC, PayloadsAllTheThings) and our own
Markdown-specific cases. Two proofs:

- the browser oracle: every payload is rendered as an item's body with the sample site's
  own Markdown configuration and judged by the gate in a real built page. The fragments
  the gate passes are loaded UNGATED in Chromium, each in a frame of its own, with
  alert/confirm/prompt/print recording which payload called them, every inline event
  handler fired and every script link clicked: none may run. Control payloads that do
  run are loaded with them, so a harness that stopped seeing script run fails.
  ``GATE_CORPUS_ALL=1`` loads every payload instead, for the figures of how many run;
- real builds: a sample of payloads placed in items (body, title, tags, summary), with
  guard.yml as shipped, with each HTML level lowered and with every documented setting
  lowered: each build fails with an error on each payload's file (or, for front matter,
  publishes it only as text) and leaves the previous site/ as it was.

``pytest -s`` prints the figures (docs/internals.md quotes them).
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import re
import time
from collections import Counter
from pathlib import Path

import markdown
import pytest
from browser_support import CHROMIUM_ARGS, require_chromium
from conftest import Project, _base_project
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright
from selectolax.lexbor import LexborHTMLParser

from pipeline.engine.project import load_mkdocs_config
from pipeline.gate.html import check_tree, strip_comments
from pipeline.gate.sanitize import region, removed

CORPUS = Path(__file__).parent / "corpus" / "xss"
SOURCES = ("dompurify", "owasp", "h5sc", "payloadsallthethings", "own")
SLOT = "GATECORPUSSLOT"
BATCH = 200  # payloads per browser page: each in a frame of its own
ORIGIN = "http://oracle.test/"


def _records() -> list[dict]:
    records = []
    for source in SOURCES:
        with (CORPUS / f"{source}.jsonl").open(encoding="utf-8") as lines:
            records.extend(json.loads(line) for line in lines if line.strip())
    return records


RECORDS = _records()


# -- the site the payloads are judged in ------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Project:
    """A small real site, built clean once: its item page is the template payloads are
    judged in, and its site/ is the previous build the failing builds must keep."""
    project = _base_project(tmp_path_factory.mktemp("gate-corpus"))
    project.write_item(
        "news",
        "2026-03-20-slot",
        title="澜石科技测试模板页面",
        date="2026-03-20 10:00",
        slug="slot",
        body=f"{SLOT}\n",
    )
    for section in ("news", "industry"):
        (project.content / section / "posts").mkdir(parents=True, exist_ok=True)
    result = project.cli("--lang", "en", "build")
    assert result.exit_code == 0, result.output
    return project


@pytest.fixture(scope="module")
def page_template(site: Project) -> tuple[str, str]:
    """The built item page split around the paragraph its body became."""
    page = site.html("news/2026/03/20/slot/")
    assert check_tree(LexborHTMLParser(page)) == [], "the template itself must pass the gate"
    before, slot, after = page.partition(f"<p>{SLOT}</p>")
    assert slot, "the item's body paragraph is not in its page"
    return before, after


@pytest.fixture(scope="module")
def render(site: Project):
    """Markdown as the sample site renders an item's body: mkdocs.yml's extensions and
    their settings, then the engine's comment stripping (pipeline.engine.run)."""
    config = load_mkdocs_config(site.root / "mkdocs.yml")
    converter = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )

    def rendered(text: str) -> str:
        converter.reset()
        return strip_comments(converter.convert(text))

    return rendered


def gate_verdict(fragment: str, template: tuple[str, str]) -> list[str]:
    """What the gate finds in the fragment put into a built page (empty: passes)."""
    before, after = template
    tree = LexborHTMLParser(before + fragment + after)
    found = [f"{p.rule} {p.detail}" for p in check_tree(tree)]
    content = region(tree)
    if content is not None:
        found.extend(f"gate/not-allowed {what}" for what, _needle in removed(content.html, content))
    return found


# -- the browser oracle -------------------------------------------------------------------

# In every frame before its own scripts: the dialogs record which payload's frame (the
# nearest ancestor frame element with data-payload) called them, in the top page.
HOOKS = r"""
(() => {
  const owner = () => {
    let w = window;
    try {
      for (let depth = 0; depth < 32; depth++) {
        const frame = w.frameElement;
        if (!frame) return null;
        if (frame.dataset && frame.dataset.payload) return frame.dataset.payload;
        w = w.parent;
      }
    } catch (e) {}
    return null;
  };
  const record = (kind) => function () {
    try { (window.top.__hits = window.top.__hits || []).push([owner(), kind]); } catch (e) {}
  };
  for (const kind of ['alert', 'confirm', 'prompt', 'print']) {
    try { window[kind] = record(kind); } catch (e) {}
  }
})();
"""

# What a reader could do to each frame: every inline handler's event fired on its element
# (mouseover, focus, click, error...), then every link, button and form whose address is
# a script URL (an <a>'s animated href included) clicked. Other links are never clicked:
# they would navigate the frame away.
INTERACT = r"""
() => {
  const scripted = (url) => /^[\s\u0000-\u001f]*(javascript|vbscript|data)\s*:/i.test(url || '');
  for (const frame of document.querySelectorAll('iframe[data-payload]')) {
    let doc;
    try { doc = frame.contentDocument; } catch (e) { continue; }
    if (!doc) continue;
    const win = frame.contentWindow;
    for (const el of Array.from(doc.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes || [])) {
        const name = attr.name.toLowerCase();
        if (name.startsWith('on') && name.length > 2) {
          try { el.dispatchEvent(new win.Event(name.slice(2), {bubbles: false})); } catch (e) {}
        }
      }
    }
  }
  for (const frame of document.querySelectorAll('iframe[data-payload]')) {
    let doc;
    try { doc = frame.contentDocument; } catch (e) { continue; }
    if (!doc) continue;
    for (const el of Array.from(doc.querySelectorAll('a, area, button, input, form'))) {
      let url = '';
      try {
        if (el.href && typeof el.href === 'object') url = el.href.animVal;
        else url = el.href || el.formAction || el.action || (el.form && el.form.action) || '';
      } catch (e) {}
      const animated = el.querySelector && el.querySelector('set, animate');
      if (scripted(url) || animated) {
        try {
          if (el.tagName.toLowerCase() === 'form') el.requestSubmit();
          else el.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));
        } catch (e) {}
      }
    }
  }
}
"""


# every payload's frame has loaded (a frame a payload keeps loading is not waited for)
LOADED = """
() => Array.from(document.querySelectorAll('iframe[data-payload]')).every((frame) => {
  try { return frame.contentDocument && frame.contentDocument.readyState === 'complete'; }
  catch (e) { return true; }
})
"""


def _frame(number: int, fragment: str) -> str:
    document = (
        '<!doctype html><html><head><meta charset="utf-8"></head><body>'
        f'<article class="md-content__inner md-typeset">{fragment}</article></body></html>'
    )
    # no allow-top-navigation and no allow-popups: a payload cannot take the page with it
    return (
        f'<iframe data-payload="{number}" sandbox="allow-scripts allow-same-origin '
        f'allow-modals allow-forms" srcdoc="{html.escape(document, quote=True)}"></iframe>'
    )


def _run_page(page, fragments: dict[int, str], dialogs: list) -> tuple[set[int], bool]:
    """Load the fragments, one frame each, in one page: the payloads that ran, and whether
    a dialog ran that no payload's frame could be named for (``dialogs``: the browser's
    own dialogs so far, which no hook caught)."""
    native = len(dialogs)
    frames = "".join(_frame(number, fragment) for number, fragment in fragments.items())
    document = (
        f'<!doctype html><html><head><meta charset="utf-8"></head><body>{frames}</body></html>'
    )

    def answer(route) -> None:
        if route.request.url == ORIGIN and route.request.resource_type == "document":
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=document)
        else:  # nothing leaves the machine: images fail, which fires their onerror
            route.abort()

    page.route("**/*", answer)
    try:
        page.goto(ORIGIN, wait_until="domcontentloaded")
        # a frame a payload keeps loading (document.write) is read as it is
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(LOADED, timeout=5_000)
        page.wait_for_timeout(250)  # timers, autofocus, SVG animations starting at 0s
        page.evaluate(INTERACT)
        page.wait_for_timeout(250)  # the script links' navigations
        hits = page.evaluate("window.__hits || []")
    finally:
        page.unroute("**/*")
    ran = {int(number) for number, _kind in hits if number is not None}
    return ran, len(dialogs) > native or any(number is None for number, _kind in hits)


# tags Markdown writes with nothing a browser could run: a fragment that is only these and
# text (no other "<" at all) is not loaded
_INERT = re.compile(
    r"</?(?:p|code|pre|em|strong|del|h[1-6]|ul|ol|li|blockquote|br|hr|table|thead|tbody|tr|th"
    r'|td|dl|dt|dd)(?: (?:id|class)="[^"<>]*")? ?/?>'
)


def inert(fragment: str) -> bool:
    return "<" not in _INERT.sub("", fragment)


def _run_batch(page, fragments: dict[int, str], dialogs: list) -> set[int]:
    """The payloads of ``fragments`` that ran. A dialog no frame can be named for (a
    payload's ``top.alert()``) has the page's payloads run again in halves until it is
    found."""
    found, unnamed = _run_page(page, fragments, dialogs)
    if not unnamed:
        return found
    if len(fragments) == 1:
        return set(fragments)
    numbers = sorted(fragments)
    half = len(numbers) // 2
    first = {n: fragments[n] for n in numbers[:half]}
    second = {n: fragments[n] for n in numbers[half:]}
    return found | _run_batch(page, first, dialogs) | _run_batch(page, second, dialogs)


def executed_in_chromium(fragments: dict[int, str]) -> tuple[set[int], int]:
    """The numbers of the fragments whose script ran in Chromium, and how many distinct
    fragments were loaded (each distinct one once; inert ones not at all)."""
    alike: dict[str, list[int]] = {}
    for number, fragment in fragments.items():
        if not inert(fragment):
            alike.setdefault(fragment, []).append(number)
    distinct = {numbers[0]: fragment for fragment, numbers in alike.items()}
    ran = _run_in_chromium(distinct)
    return {n for numbers in alike.values() if numbers[0] in ran for n in numbers}, len(distinct)


def _run_in_chromium(fragments: dict[int, str]) -> set[int]:
    executable = require_chromium()
    ran: set[int] = set()
    numbers = sorted(fragments)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_init_script(HOOKS)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: dialogs.append(dialog.type) or dialog.dismiss())
        for start in range(0, len(numbers), BATCH):
            batch = {n: fragments[n] for n in numbers[start : start + BATCH]}
            ran |= _run_batch(page, batch, dialogs)
        browser.close()
    return ran


# our own cases that run in Chromium: every run loads them, so a harness that stopped
# seeing script run would fail here rather than prove nothing
CONTROLS = (
    "raw-script-in-para",
    "comment-bang",
    "link-javascript",
    "ref-def-in-quote",
    "svg-set-href",
    "svg-animate-values",
    "details-ontoggle",
    "autofocus-onfocus",
    "body-onload",
    "attr-list-handler-para",
    "md-in-html-handler",
    "iframe-srcdoc",
)
# GATE_CORPUS_ALL=1: load every payload, not only those the gate passes, for the figures
# of docs/internals.md (about two minutes more)
EVERY_PAYLOAD = os.environ.get("GATE_CORPUS_ALL", "") not in ("", "0")


def test_every_payload_that_runs_in_chromium_is_flagged_by_the_gate(render, page_template) -> None:
    """What must hold is that no payload the gate passes runs: those are loaded in
    Chromium (with the controls), and none may run."""
    started = time.perf_counter()
    fragments = {number: render(record["payload"]) for number, record in enumerate(RECORDS)}
    flagged = {n for n, f in fragments.items() if gate_verdict(f, page_template)}
    gated = time.perf_counter()
    controls = {n for n, r in enumerate(RECORDS) if r.get("case") in CONTROLS}
    assert len(controls) == len(CONTROLS)
    wanted = set(fragments) if EVERY_PAYLOAD else (set(fragments) - flagged) | controls
    ran, loaded = executed_in_chromium({n: fragments[n] for n in wanted})
    missed = sorted(ran - flagged)

    per_source: dict[str, Counter] = {}
    for number, record in enumerate(RECORDS):
        counts = per_source.setdefault(record["source"], Counter())
        counts["payloads"] += 1
        counts["flagged"] += number in flagged
        counts["ran"] += number in ran
        counts["missed"] += number in ran and number not in flagged
    print(f"\nXSS corpus: {len(RECORDS)} payloads")
    for source, counts in per_source.items():
        ran_text = f"{counts['ran']} ran in Chromium, " if EVERY_PAYLOAD else ""
        print(
            f"  {source}: {counts['payloads']} payloads, {counts['flagged']} flagged by the "
            f"gate, {ran_text}{counts['missed']} ran and not flagged"
        )
    print(
        f"  total: {len(flagged)} flagged; {loaded} distinct fragments loaded in Chromium "
        f"({'all' if EVERY_PAYLOAD else 'those the gate passes, and the controls'}), "
        f"{len(ran)} payloads ran, {len(missed)} ran and not flagged "
        f"(render and gate {gated - started:.1f} s, browser {time.perf_counter() - gated:.1f} s)"
    )
    assert not missed, "\n".join(
        f"{RECORDS[n]['source']}: {RECORDS[n]['payload']!r}\n  rendered: {fragments[n]!r}"
        for n in missed
    )
    not_seen = sorted(RECORDS[n]["case"] for n in controls - ran)
    assert not not_seen, f"the browser oracle did not see these controls run: {not_seen}"


# -- real builds ------------------------------------------------------------------------

MARK = "xssmark"
FRONT_MATTER = ("title", "tags", "summary")
PER_PUBLIC_SOURCE = 5  # payloads of each public list in the builds, besides all our own


def _lowered(text: str, levels: dict[str, str], everything: bool) -> str:
    for detector, level in levels.items():
        assert f"  {detector}: block\n" in text
        text = text.replace(f"  {detector}: block\n", f"  {detector}: {level}\n")
    if everything:  # the remaining documented settings, at their most permissive
        text = text.replace("level: block", "level: warn")
        text = text.replace("publish_as_is: []", 'publish_as_is: [".ics"]')
        text = text.replace("attachment_max_mb: 20", "attachment_max_mb: 500")
    return text


ALL_WARN = dict.fromkeys(("personal_data", "secrets", "unsafe_html", "html_not_allowed"), "warn")
# guard.yml as shipped, each HTML level lowered alone, and every documented setting lowered
GUARD_SETTINGS = {
    "default": ({}, False),
    "unsafe_html-warn": ({"unsafe_html": "warn"}, False),
    "html_not_allowed-warn": ({"html_not_allowed": "warn"}, False),
    "all-lowered": (ALL_WARN, True),
}


@pytest.fixture(scope="module")
def sample(render, page_template) -> list[tuple[int, dict]]:
    """The payloads of the builds: each of our own body cases and the first few of each
    public list that the gate flags in a rendered page (what passes the gate there renders
    to nothing that runs: the oracle shows it)."""
    chosen = []
    taken: Counter = Counter()
    for number, record in enumerate(RECORDS):
        source = record["source"]
        if "field" in record or (source != "own" and taken[source] >= PER_PUBLIC_SOURCE):
            continue
        if gate_verdict(render(record["payload"]), page_template):
            chosen.append((number, record))
            taken[source] += 1
    return chosen


def _site_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _item(site: Project, number: int, body: str, **fields) -> str:
    """A valid item holding a payload; its path as findings name it."""
    defaults = {
        "title": f"澜石科技测试载荷 {MARK}{number}",
        "date": "2026-04-01 10:00",
        "slug": f"{MARK}-{number}",
    }
    path = site.write_item("news", f"2026-04-01-{MARK}-{number}", body=body, **defaults | fields)
    return path.relative_to(site.root).as_posix()


@pytest.fixture
def guard_file(site: Project):
    """site_config/guard.yml, restored and the payload items removed after the test."""
    path = site.root / "site_config/guard.yml"
    shipped = path.read_text("utf-8")
    yield path, shipped
    path.write_text(shipped, "utf-8")
    _remove_items(site)


def _findings(output: str) -> list[dict]:
    data = json.loads(output)
    return data["findings"] if isinstance(data, dict) else data


def _remove_items(site: Project) -> None:
    for item in (site.content / "news/posts/2026").glob(f"*{MARK}*"):
        item.unlink()


@pytest.mark.parametrize("setting", sorted(GUARD_SETTINGS))
def test_payloads_in_items_fail_the_build_and_keep_the_previous_site(
    site: Project, sample, guard_file, setting: str
) -> None:
    """Each payload's file is named by an error. Where the content check stops the build
    before the engine runs (an image without alt text, a missing file), the build is run
    again without the files it named, so that the rest reach the gate."""
    path, shipped = guard_file
    levels, everything = GUARD_SETTINGS[setting]
    path.write_text(_lowered(shipped, levels, everything), "utf-8")
    before = _site_digest(site.site)
    remaining = dict(sample)
    builds = []
    while remaining and len(builds) < 3:
        _remove_items(site)
        files = {
            _item(site, number, f"{MARK}{number} 正文。\n\n{record['payload']}\n"): number
            for number, record in remaining.items()
        }
        started = time.perf_counter()
        result = site.cli("--lang", "en", "build", "--format", "json")
        builds.append(f"{len(files)} items {time.perf_counter() - started:.1f} s")
        assert result.exit_code == 1, result.output
        assert _site_digest(site.site) == before, "site/ changed"
        assert not list(site.root.glob(".site.staging-*"))
        findings = _findings(result.stdout)
        named = {f["path"] for f in findings if f["severity"] == "error"}
        gated = any(f["rule"].startswith("gate/") for f in findings)
        remaining = {n: RECORDS[n] for rel, n in files.items() if rel not in named}
        if gated:  # the engine and the gate ran: nothing was left for later
            break
    unnamed = [f"{number}: {record['payload']!r}" for number, record in remaining.items()]
    assert not unnamed, "no error names these payloads' files:\n" + "\n".join(unnamed)
    for built in site.site.rglob("*"):
        if built.is_file():
            assert MARK.encode() not in built.read_bytes(), built
    print(f"\n{setting}: {len(sample)} payloads, builds: {'; '.join(builds)}")


def test_front_matter_payloads_never_reach_the_site_as_markup(site: Project, guard_file) -> None:
    """With every level lowered: a payload in a title, a tag or a summary either fails the
    build with an error on its file (the feeds carry titles and summaries as HTML), or,
    built again without those files, is published only as text: the templates escape it."""
    path, shipped = guard_file
    path.write_text(_lowered(shipped, ALL_WARN, True), "utf-8")
    remaining = {n: r for n, r in enumerate(RECORDS) if r.get("field") in FRONT_MATTER}
    assert {r["field"] for r in remaining.values()} == set(FRONT_MATTER)
    for _attempt in range(len(remaining) + 1):
        _remove_items(site)
        files = {}
        for number, record in remaining.items():
            payload, field = record["payload"], record["field"]
            value = [payload] if field == "tags" else payload
            files[_item(site, number, f"{MARK}{number} 正文。\n", **{field: value})] = number
        result = site.cli("--lang", "en", "build", "--format", "json")
        if result.exit_code == 0:
            break
        assert result.exit_code == 1, result.output
        named = {f["path"] for f in _findings(result.stdout) if f["severity"] == "error"}
        assert named & set(files), result.stdout  # the build stops on a payload's file
        remaining = {n: RECORDS[n] for rel, n in files.items() if rel not in named}
    published = {RECORDS[n]["payload"] for n in remaining}
    print(f"\nfront matter: {len(published)} payloads published as text")
    pages = list(site.site.rglob("*.html"))
    if published:
        assert any(MARK.encode() in p.read_bytes() for p in pages), "the items were published"
    for page in pages:
        assert check_tree(LexborHTMLParser(page.read_text("utf-8"))) == [], page
    for built in site.site.rglob("*"):
        if built.is_file():
            data = built.read_bytes()
            for payload in published:
                assert payload.encode() not in data, (built, payload)
