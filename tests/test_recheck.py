"""The warm re-check of a long-lived process (pipeline.recheck) equals a fresh check.

A copy of the sample site is checked once by a CheckSession; then a series of edits
(body text, a blocked term and an identity number, a broken image reference and its fix,
a title that duplicates another, a slug that does, a new and a removed item, an added and
a removed image, site_config edits) is made, and after every edit the session's result
is compared with ``check_project`` of the same files: every finding with its parameters,
and the loaded site (items, pages, assets, files that failed). A second test makes a
random series of the same edits (a fixed seed per run, so a failure can be repeated).
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from conftest import REPO, SHANGHAI, Project, make_jpeg

from pipeline.engine.project import open_project
from pipeline.recheck import Changes, CheckSession
from pipeline.stages import CheckResult, check_project

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=SHANGHAI)
GATEWAY = "news/posts/2026/2026-03-12-new-gateway.md"
MEETING = "news/posts/2026/2026-01-08-annual-meeting.md"
EXPO = "news/posts/2026/2026-05-13-industrial-expo.md"
ID_NUMBER = "11010519491231002X"  # a valid identity number: the guard blocks it


@pytest.fixture
def sample(tmp_path: Path) -> Project:
    """A copy of the repository's sample site."""
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "site_config", tmp_path / "site_config")
    shutil.copytree(REPO / "content", tmp_path / "content")
    return Project(tmp_path)


class Editor:
    """Edits to the sample's files, each with a later modification time than the last
    (an editor does not save twice within the file system's clock tick)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.clock = 1_900_000_000 * 10**9

    def path(self, docs_path: str) -> Path:
        return self.project.content / docs_path

    def touch(self, path: Path) -> None:
        self.clock += 10**9
        os.utime(path, ns=(self.clock, self.clock))

    def write(self, docs_path: str, text: str) -> None:
        path = self.path(docs_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.touch(path)

    def write_bytes(self, docs_path: str, data: bytes) -> None:
        path = self.path(docs_path)
        path.write_bytes(data)
        self.touch(path)

    def read(self, docs_path: str) -> str:
        return self.path(docs_path).read_text(encoding="utf-8")

    def replace(self, docs_path: str, old: str, new: str) -> None:
        text = self.read(docs_path)
        assert old in text, (docs_path, old)
        self.write(docs_path, text.replace(old, new, 1))

    def append(self, docs_path: str, text: str) -> None:
        self.write(docs_path, self.read(docs_path) + text)

    def remove(self, docs_path: str) -> None:
        self.path(docs_path).unlink()

    def config(self, rel: str, old: str, new: str) -> None:
        path = self.project.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        self.touch(path)


def _findings(result: CheckResult) -> list[tuple]:
    return [
        (
            f.path,
            f.line,
            f.column,
            f.rule,
            f.severity,
            f.key,
            f.span,
            sorted(map(str, f.params.items())),
        )
        for f in result.findings
    ]


def _site(result: CheckResult) -> tuple:
    site = result.site
    return (
        site.items,
        site.pages,
        sorted(site.assets),
        sorted(site.failed),
        site.invalid,
        sorted(site.through_links),
    )


def assert_as_fresh(session: CheckSession, result: CheckResult, root: Path) -> CheckResult:
    """The session's result equals a fresh check of the same files (the project opened
    again, so a site_config edit is read the same way)."""
    fresh = check_project(open_project(root / "mkdocs.yml"), NOW, disk_memo=False)
    assert _findings(result) == _findings(fresh)
    assert _site(result) == _site(fresh)
    assert result.file_count == fresh.file_count
    return fresh


def start(project: Project) -> CheckSession:
    mkdocs_yml = project.root / "mkdocs.yml"
    session = CheckSession.start(open_project(mkdocs_yml), NOW, lambda: open_project(mkdocs_yml))
    assert session.result is not None
    assert_as_fresh(session, session.result, project.root)
    return session


def rules_of(result: CheckResult, docs_path: str) -> set[str]:
    return {f.rule for f in result.findings if f.path == f"content/{docs_path}"}


def test_a_series_of_edits_checks_as_a_fresh_check(sample: Project) -> None:
    edit = Editor(sample)
    session = start(sample)
    first = session.result
    assert first is not None

    def again() -> CheckResult:
        result = session.check(NOW)
        assert_as_fresh(session, result, sample.root)
        return result

    # nothing changed: nothing is read again, every loaded file is the same object
    result = again()
    assert not session.changes
    assert all(a is b for a, b in zip(result.site.items, first.site.items, strict=True))

    # saved again without a change: read again, but nothing to render again
    edit.touch(edit.path(GATEWAY))
    result = again()
    assert not session.changes.reread and not session.changes

    # a body edit: only that file is read again, and it is said to be a body edit
    edit.append(GATEWAY, "\n新增一段关于网关的正文。\n")
    result = again()
    assert session.changes.body_only == {GATEWAY}
    assert session.changes.reread == {GATEWAY}
    assert not session.changes.front_matter
    kept = [i for i in result.site.items if i.docs_path != GATEWAY]
    assert all(any(k is i for i in first.site.items) for k in kept)

    # a blocked term and an identity number in a body: errors of that file
    edit.append(GATEWAY, f"\n我们的网关是业内最佳产品。身份证号{ID_NUMBER}。\n")
    result = again()
    assert {"guard/term", "guard/id-number"} <= rules_of(result, GATEWAY)

    # a broken image reference, then its fix
    edit.append(MEETING, "\n![会场照片](no-such-photo.jpg)\n")
    result = again()
    assert "ref/missing-image" in rules_of(result, MEETING)
    edit.replace(MEETING, "no-such-photo.jpg", "../../../assets/images/rd-lab.jpg")
    result = again()
    assert "ref/missing-image" not in rules_of(result, MEETING)
    assert session.changes.body_only == {MEETING}

    # a title that another item has: a front-matter edit, duplicate titles on both
    title = next(i.title for i in result.site.items if i.docs_path == EXPO)
    old_title = next(i.title for i in result.site.items if i.docs_path == MEETING)
    edit.replace(MEETING, f"title: {old_title}", f"title: {title}")
    result = again()
    assert session.changes.front_matter == {MEETING}
    assert not session.changes.body_only
    assert "seo/duplicate-title" in rules_of(result, EXPO)

    # a slug that another item has
    edit.replace(MEETING, "slug: annual-meeting-2026", "slug: new-iot-gateway")
    result = again()
    assert "slug/duplicate" in rules_of(result, GATEWAY)

    # a new item, then it goes away
    new_item = "news/posts/2026/2026-10-30-new-office.md"
    expo = edit.read(EXPO)
    edit.write(
        new_item,
        expo.replace("title: 澜石科技参加2026长三角", "title: 澜石科技新办公楼启用暨2026长三角"),
    )
    result = again()
    assert session.changes.added == {new_item}
    assert new_item in session.changes.reread
    assert any(i.docs_path == new_item for i in result.site.items)
    edit.remove(new_item)
    result = again()
    assert session.changes.removed == {new_item}

    # an image nothing references; an item's cover goes away: the item is judged again
    make_jpeg(edit.path("assets/images/unused.jpg"))
    edit.touch(edit.path("assets/images/unused.jpg"))
    result = again()
    assert session.changes.added == {"assets/images/unused.jpg"}
    assert "images/unreferenced" in {f.rule for f in result.findings}
    cover = "news/posts/2026/2026-03-12-new-gateway.jpg"
    edit.remove(cover)
    result = again()
    assert session.changes.removed == {cover}
    assert GATEWAY in session.changes.revalidated
    assert GATEWAY in result.site.failed
    make_jpeg(edit.path(cover))
    edit.touch(edit.path(cover))
    result = again()
    assert any(i.docs_path == GATEWAY for i in result.site.items)
    # an image's contents change
    make_jpeg(edit.path(cover), size=(800, 450))
    edit.touch(edit.path(cover))
    again()
    assert session.changes.assets_changed == {cover}

    # site_config: a term list and the title bounds
    edit.config("site_config/terms/advertising.txt", "最佳\n", "最佳\n全国领先\n")
    edit.append(EXPO, "\n这是全国领先的方案。\n")
    result = again()
    assert session.changes.config_changed
    assert "guard/term" in rules_of(result, EXPO)
    edit.config("site_config/site.yml", "title: {min: 4, max: 40}", "title: {min: 4, max: 12}")
    result = again()
    assert session.changes.config_changed
    assert "schema/too-long" in {f.rule for f in result.findings}


def _edits(edit: Editor, rng: random.Random) -> list[Callable[[], None]]:
    """Edits a random series picks from: each changes the site in a way checks notice."""
    items = sorted(
        p.relative_to(edit.project.content).as_posix()
        for p in edit.project.content.glob("news/posts/2026/*.md")
    )
    counter = iter(range(10_000))

    def body() -> None:
        edit.append(rng.choice(items), f"\n又一段正文{next(counter)}。\n")

    def term() -> None:
        edit.append(rng.choice(items), "\n这是最佳的选择。\n")

    def identity() -> None:
        edit.append(rng.choice(items), f"\n证件号码{ID_NUMBER}。\n")

    def broken_image() -> None:
        edit.append(rng.choice(items), f"\n![图片](missing-{next(counter)}.jpg)\n")

    def title() -> None:
        path = rng.choice(items)
        text = edit.read(path)
        if "title: " in text:
            other = rng.choice(items)
            line = next((x for x in edit.read(other).split("\n") if x.startswith("title: ")), None)
            if line:
                old = next(x for x in text.split("\n") if x.startswith("title: "))
                edit.replace(path, old, line)

    def new_item() -> None:
        name = f"news/posts/2026/2026-10-{rng.randint(1, 28):02d}-added-{next(counter)}.md"
        text = edit.read(rng.choice(items))
        edit.write(name, text)  # same slug as its model: a duplicate slug
        items.append(name)

    def remove_item() -> None:
        if len(items) > 3:
            path = items.pop(rng.randrange(len(items)))
            edit.remove(path)

    def image() -> None:
        name = f"assets/images/added-{next(counter)}.jpg"
        make_jpeg(edit.path(name))
        edit.touch(edit.path(name))

    def broken_front_matter() -> None:
        edit.replace(rng.choice(items), "---\n", "---\nunknown_key: 1\n")

    return [
        body,
        term,
        identity,
        broken_image,
        title,
        new_item,
        remove_item,
        image,
        broken_front_matter,
    ]


def test_a_random_series_of_edits_checks_as_a_fresh_check(sample: Project) -> None:
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    edit = Editor(sample)
    session = start(sample)
    edits = _edits(edit, rng)
    for step in range(8):
        chosen = rng.sample(edits, rng.randint(1, 3))
        for change in chosen:
            change()
        result = session.check(NOW)
        try:
            assert_as_fresh(session, result, sample.root)
        except AssertionError as failure:
            names = [c.__name__ for c in chosen]
            raise AssertionError(f"seed {seed}, step {step}, edits {names}") from failure


def test_changes_say_what_to_render_again() -> None:
    changes = Changes(
        body_only=frozenset({"a.md"}),
        front_matter=frozenset({"b.md"}),
        added=frozenset({"c.md", "d.jpg"}),
    )
    assert changes.reread == {"a.md", "b.md", "c.md"}
    assert changes
    assert not Changes()
    assert Changes(config_changed=True)
