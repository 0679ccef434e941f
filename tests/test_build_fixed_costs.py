"""What a one-edit `pipeline build` no longer does again, and what it still must do.

- The blog's copies of the items (``.cache/pipeline/copies/site``): an unchanged copy is
  neither made nor written again (its modification time stays), a changed one is
  rewritten, a copy changed by anything else is made again.
- The publish gate's memo of the generated files' lines (``lines.json`` beside the gate's
  ``pages.json``): a build that finds every page and every line judged before still
  blocks a term a late plugin puts into one page and into the search index.
- The search index's texts segmented by the last build (``TextCache``): taken for the
  same text under the same dictionary and code, never under another dictionary; a
  damaged file is ignored.
- The build's stamp, written from the publish gate's walk of the new site with the
  hashes of unchanged files kept: the digest of the tree as it is.

Real `pipeline build` runs on the small sample site (tests/conftest.py); what slips past
the checks is played by a real MkDocs hook, as in tests/test_gate_files.py.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import jinja2
from conftest import Project
from test_gate_files import late_hook

from pipeline.content.copies import WRITTEN
from pipeline.core import safepickle
from pipeline.core.cachefile import read_pickled_dict
from pipeline.deploy.stamp import tree_digest
from pipeline.engine.speedups import segmentation

COPIES = Path(".cache/pipeline/copies/site")
GATE = Path(".cache/pipeline/gate/site")
EDITED = "news/posts/2026/2026-05-28-high-tech.md"  # docs path of the item edited
KEPT = "news/posts/2026/2026-01-08-annual-meeting.md"  # one left as it is


def build_json(project: Project) -> tuple[int, list[dict]]:
    # --force: a build with nothing changed is the up-to-date answer otherwise
    result = project.cli("--lang", "en", "build", "--force", "--format", "json")
    payload = json.loads(result.stdout)
    return result.exit_code, payload["findings"]


def built_twice(project: Project) -> Project:
    """Built cold, then again: every cache of the build is filled."""
    for _ in range(2):
        code, findings = build_json(project)
        assert code == 0, findings
    return project


def test_an_unchanged_copy_keeps_its_time_and_a_changed_one_is_rewritten(project: Project):
    built_twice(project)
    copies = project.root / COPIES
    kept, edited = copies / KEPT, copies / EDITED
    kept_before, edited_before = kept.stat().st_mtime_ns, edited.stat().st_mtime_ns
    assert (copies / WRITTEN).is_file()
    source = project.content / EDITED
    source.write_text(source.read_text("utf-8") + "\n补充一段新的说明。\n", "utf-8")
    code, findings = build_json(project)
    assert code == 0, findings
    assert kept.stat().st_mtime_ns == kept_before
    assert edited.stat().st_mtime_ns != edited_before
    assert "补充一段新的说明。" in edited.read_text("utf-8")
    assert "补充一段新的说明。" in (project.site / "news/2026/05/28/").joinpath(
        next(p.name for p in (project.site / "news/2026/05/28").iterdir()), "index.html"
    ).read_text("utf-8")


def test_a_copy_changed_by_anything_else_is_made_again(project: Project):
    built_twice(project)
    kept = project.root / COPIES / KEPT
    right = kept.read_bytes()
    # the same size, other bytes: only the note's time tells, then the bytes compared
    kept.write_bytes(right.replace("年度".encode(), "季度".encode(), 1))
    assert kept.read_bytes() != right and len(kept.read_bytes()) == len(right)
    code, findings = build_json(project)
    assert code == 0, findings
    assert kept.read_bytes() == right


def test_a_broken_copies_note_is_ignored(project: Project):
    built_twice(project)
    copies = project.root / COPIES
    (copies / WRITTEN).write_text("{not json", "utf-8")
    (copies / KEPT).write_text("damaged", "utf-8")
    code, findings = build_json(project)
    assert code == 0, findings
    assert (
        (copies / KEPT)
        .read_text("utf-8")
        .startswith("---\ntitle: 澜石科技召开二〇二六年度工作会议")
    )
    assert json.loads((copies / WRITTEN).read_text("utf-8"))["copies"][KEPT]


def test_a_term_put_into_a_page_and_the_index_after_a_cached_build_still_blocks(
    project: Project,
):
    built_twice(project)
    lines = json.loads((project.root / GATE / "lines.json").read_text("utf-8"))["pages"]
    # the generated files' lines were judged and kept: the next gate reads them from here
    assert any("new-gateway" in line for line in lines)
    before = {p: p.read_bytes() for p in project.site.rglob("*") if p.is_file()}
    late_hook(
        project,
        "page = site / 'about/index.html'",
        "page.write_text(page.read_text('utf-8').replace('</h1>', '内部资料</h1>', 1), 'utf-8')",
        "path = site / 'search/search_index.json'",
        "index = json.loads(path.read_text('utf-8'))",
        "index['docs'][-1]['title'] += '内部资料'",
        "path.write_text(json.dumps(index, ensure_ascii=False), 'utf-8')",
    )
    code, findings = build_json(project)
    assert code == 1
    terms = {f["path"] for f in findings if f["rule"] == "gate/term"}
    assert "site/search/search_index.json" in terms, findings
    assert "content/about.md" in terms or "site/about/index.html" in terms, findings
    after = {p: p.read_bytes() for p in project.site.rglob("*") if p.is_file()}
    assert after == before  # the previous site stays


def test_a_broken_lines_memo_is_judged_again(project: Project):
    built_twice(project)
    memo = project.root / GATE / "lines.json"
    memo.write_text('{"format": 1, "rules": "other", "pages": {"x": [1]}}', "utf-8")
    late_hook(
        project,
        "path = site / 'sitemap.xml'",
        "path.write_text(path.read_text('utf-8').replace('<loc>', '<loc>内部资料', 1), 'utf-8')",
    )
    code, findings = build_json(project)
    assert code == 1
    assert any(f["rule"] == "gate/term" and f["path"] == "site/sitemap.xml" for f in findings), (
        findings
    )


# -- the search index's texts (pipeline.engine.speedups.segmentation.TextCache) ----------

WORDS = Path(".cache/pipeline/search-words")


def texts_file(project: Project) -> Path:
    (found,) = (project.root / WORDS).glob(f"*{segmentation.TEXTS_SUFFIX}")
    return found


def poison_texts(project: Project) -> Path:
    """Every text the last build segmented, in its cache, replaced by a marker that no page
    holds: a build that takes texts from this cache shows the marker in its index."""
    path = texts_file(project)
    header = path.read_bytes().split(b"\n", 2)
    header = header[0] + b"\n" + header[1] + b"\n"
    texts = read_pickled_dict(path, header)
    assert texts, "the cache holds the last build's texts"
    poisoned = {digest: f"POISONED {n}" for n, digest in enumerate(texts)}
    path.write_bytes(header + safepickle.dumps(poisoned))
    return path


def search_index(project: Project) -> str:
    """Every title and text of the built search index, one a line."""
    index = json.loads((project.site / "search/search_index.json").read_text("utf-8"))
    return "\n".join(f"{doc['title']}\n{doc['text']}" for doc in index["docs"])


def test_the_texts_cache_is_taken_for_the_same_texts_under_the_same_dictionary(
    project: Project,
):
    built_twice(project)
    poison_texts(project)
    code, findings = build_json(project)
    assert code == 0, findings
    # the same texts, the same dictionary and code: taken from the cache (which is why
    # it must never be restored from anywhere a pull request can write)
    assert "POISONED" in search_index(project)


def test_a_changed_dictionary_segments_every_text_again(project: Project):
    built_twice(project)
    right = search_index(project)
    poison_texts(project)
    (project.root / "userdict.txt").write_text("年度工作会议 1000000\n", "utf-8")
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace(
            "      lang: zh\n", "      lang: zh\n      jieba_dict_user: userdict.txt\n", 1
        ),
        "utf-8",
    )
    code, findings = build_json(project)
    assert code == 0, findings
    index = search_index(project)
    assert "POISONED" not in index
    assert index != right  # the user's word joined as one
    assert "年度工作会议" in index and "年度工作会议" not in right.replace("\u200b", "|")


def test_a_damaged_texts_cache_is_ignored(project: Project):
    built_twice(project)
    right = search_index(project)
    path = texts_file(project)
    path.write_bytes(path.read_bytes()[:-40])  # truncated
    code, findings = build_json(project)
    assert code == 0, findings
    assert search_index(project) == right
    path.write_bytes(b"not a cache at all")
    code, findings = build_json(project)
    assert code == 0, findings
    assert search_index(project) == right


# -- the stamp written from the gate's walk of the new site -------------------------------


def test_the_stamp_of_a_one_edit_build_is_the_trees_digest(project: Project):
    built_twice(project)
    source = project.content / EDITED
    source.write_text(source.read_text("utf-8") + "\n补充一段新的说明。\n", "utf-8")
    code, findings = build_json(project)
    assert code == 0, findings
    files = {}
    for path in sorted(project.site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            files[path.relative_to(project.site).as_posix()] = (
                len(data),
                hashlib.sha256(data).hexdigest(),
            )
    stamped = json.loads((project.root / ".cache/pipeline/builds/site.json").read_text("utf-8"))
    assert stamped["tree"] == tree_digest(files)
    # the hash record holds the edited source as it is now (recorded by the build before
    # it read it), so the next verdict does not read it again; the new pages too
    record = json.loads((project.root / ".cache/pipeline/builds/hashes.json").read_text("utf-8"))
    info = source.stat()
    size, mtime, sha = record[f"content/{EDITED}"]
    assert [size, mtime] == [info.st_size, info.st_mtime_ns]
    assert sha == hashlib.sha256(source.read_bytes()).hexdigest()
    assert all(f"site/{rel}" in record for rel in files)


def test_compiled_templates_are_kept_and_an_edited_template_is_compiled_again(project: Project):
    """Jinja's bytecode cache (speedups/templatecache.py): the compiled templates are kept
    on disk, an edited template is compiled again (its checksum changed), and damaged
    entries are compiled again rather than used."""
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1),
        "utf-8",
    )
    override = (
        '{% extends "main.html" %}\n{% block content %}<h1>找不到页面：VERSION</h1>{% endblock %}\n'
    )
    project.write("overrides/404.html", override.replace("VERSION", "第一版"))
    assert project.pipeline("build", "--force").returncode == 0
    kept = list((project.root / ".cache/pipeline/templates").glob("*/*.cache"))
    assert len(kept) > 10
    assert "第一版" in (project.site / "404.html").read_text("utf-8")
    project.write("overrides/404.html", override.replace("VERSION", "第二版"))
    assert project.pipeline("build", "--force").returncode == 0
    page = (project.site / "404.html").read_text("utf-8")
    assert "第二版" in page and "第一版" not in page
    for entry in kept:
        entry.write_bytes(b"not a compiled template")
    assert project.pipeline("build", "--force").returncode == 0
    assert (project.site / "404.html").read_text("utf-8") == page


def test_a_process_compiles_each_template_once(project: Project, tmp_path_factory, monkeypatch):
    """A process that builds again (the preview) or builds many projects keeps what does not
    depend on the project: compiled templates (also those of the blog's translations,
    which make environments of their own). An edited template is compiled again; the
    output equals a build that kept nothing. (The web editor's pinyin table ships with the
    pipeline: tests/test_editor_config.py.)"""
    compiled: list[str] = []
    compile_template = jinja2.Environment.compile

    def counting_compile(env, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return compile_template(env, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting_compile)
    other = Project(tmp_path_factory.mktemp("other") / "project")
    shutil.copytree(project.root, other.root)

    assert project.cli("build").exit_code == 0
    table = (project.site / "admin/editor-data.json").read_text("utf-8")
    # the first build in this process may compile (another test ran before it)
    compiled.clear()
    result = other.cli("build")  # another project, nothing kept on its disk
    assert result.exit_code == 0, result.output
    assert compiled == []
    assert (other.site / "admin/editor-data.json").read_text("utf-8") == table
    assert sorted(p.relative_to(other.site) for p in other.site.rglob("*.html")) == sorted(
        p.relative_to(project.site) for p in project.site.rglob("*.html")
    )

    page = other.site / "index.html"
    before = page.read_text("utf-8")
    theme = other.root / "mkdocs.yml"
    theme.write_text(
        theme.read_text("utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1
        ),
        "utf-8",
    )
    other.write(
        "overrides/404.html",
        '{% extends "main.html" %}\n{% block content %}找不到{% endblock %}\n',
    )
    assert other.cli("build").exit_code == 0
    assert "404.html" in compiled
    assert "找不到" in (other.site / "404.html").read_text("utf-8")
    assert page.read_text("utf-8") == before


def test_the_theme_files_found_with_one_pattern_are_mkdocs_own(project: Project):
    """``compat.theme_static_files``: the same theme files, in the same order, from the same
    folders as MkDocs' ``add_files_from_theme``, a file of the site's own shadowing the
    theme's and a theme override folder included."""
    from contextlib import ExitStack

    from mkdocs.structure.files import File, Files

    from pipeline.engine import compat
    from pipeline.engine.project import load_mkdocs_config

    project.write("overrides/assets/stylesheets/extra.css", "body { color: #333; }\n")
    project.write("overrides/README.md", "not a theme file\n")
    project.write("overrides/.hidden.js", "hidden\n")
    text = (project.root / "mkdocs.yml").read_text("utf-8")
    (project.root / "mkdocs.yml").write_text(
        text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1),
        "utf-8",
    )
    config = load_mkdocs_config(project.root / "mkdocs.yml")
    env = config.theme.get_env()
    own = File("assets/images/favicon.png", config.docs_dir, config.site_dir, True)

    def found() -> list[tuple[str, str]]:
        files = Files([own])
        files.add_files_from_theme(env, config)
        return [(f.src_uri, f.abs_src_path) for f in files]

    by_mkdocs = found()
    with ExitStack() as stack:
        compat.theme_static_files(stack)
        by_pattern = found()
    assert by_pattern == by_mkdocs
    assert found() == by_mkdocs  # MkDocs' own method is back
    uris = [uri for uri, _ in by_mkdocs]
    assert "assets/stylesheets/extra.css" in uris and len(uris) > 30
    assert uris.count(own.src_uri) == 1 and (own.src_uri, own.abs_src_path) in by_mkdocs
    assert not [u for u in uris if u.endswith((".html", ".md")) or "/." in u or u[0] == "."]
