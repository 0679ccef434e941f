"""Other engines and Material versions, really installed (docs/engines.md).

ProperDocs (the maintained fork of MkDocs 1.6) must build the same site as MkDocs 1.6.1,
byte for byte but for the generator tag, with the build speed-ups on; a Material outside
the tested versions must turn the speed-ups off with one warning and still build the site
as the plugins build it on their own.

Each other environment is an *overlay*: a virtualenv under .cache/engines/<name>/ whose own
site-packages holds only the packages of locks/<name>.lock (``pip install --require-hashes
--no-deps``), plus a .pth file that adds the main environment's site-packages behind them.
The locked packages win; everything else, the pipeline's editable install included, is the
main environment's. An overlay is made again only when its lock file changes (a stamp keeps
the lock's sha256). Overlays and builds are made once per run, however many pytest-xdist
workers ask for them.

The MkDocs build runs in the main environment with MkDocs imported first, which keeps
``pipeline.engine`` on MkDocs even where requirements.lock has ProperDocs too.
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import REPO, Project

from pipeline.engine.compat import TESTED_VERSIONS

pytestmark = pytest.mark.slow

LOCKS = REPO / "locks"
OVERLAYS = REPO / ".cache" / "engines"
STAMP = ".made-from"  # the lock's sha256, the interpreter and the main site-packages
PTH = "_pipeline_main_venv.pth"
# the running interpreter's (the main .venv's) site-packages, which every overlay sees last
MAIN_SITES = tuple(dict.fromkeys(Path(sysconfig.get_path(k)) for k in ("purelib", "platlib")))
SPEEDUPS_OFF = "build/speedups-off"
# what the speed-ups leave in a project's .cache/pipeline/ (none of it without them)
SPEEDUP_CACHES = ("markdown", "pages", "search-words")
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1"}
# `pipeline build` as `python -m pipeline build` runs it, but on MkDocs whatever is installed:
# pipeline.engine keeps the engine already imported
ON_MKDOCS = ("-c", "import mkdocs; from pipeline.cli.main import main; main()")
# the engine of the main environment (and so of an overlay without an engine of its own)
MAIN_ENGINE = "properdocs" if importlib.util.find_spec("properdocs") else "mkdocs"

# Run by an overlay's interpreter outside the repository. pipeline.engine comes first: it
# chooses the engine, and a plain `import mkdocs` before it would be MkDocs'.
PROBE = """
import importlib.metadata as metadata, json, sys, sysconfig
import pipeline, pipeline.engine
import material, mkdocs
from pipeline.engine import compat
support = compat.speedup_support()
print(json.dumps({
    "sys_path": sys.path,
    "own_site": sysconfig.get_path("purelib"),
    "engine": pipeline.engine.ENGINE,
    "engine_version": compat.engine_version(),
    "mkdocs": [mkdocs.__name__, mkdocs.__file__],
    "material": material.__file__,
    "pipeline": pipeline.__file__,
    "speedups": [support.on, support.reason],
    "locked": {
        name: [metadata.version(name), str(metadata.distribution(name).locate_file(""))]
        for name in sys.argv[1:]
    },
}))
"""


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: Path) -> dict[str, str]:
    """Distribution -> version of every ``name==version`` line of a lock file."""
    return {canonical(m[1]): m[2] for m in _PIN.finditer(lock.read_text("utf-8"))}


def interpreter(root: Path) -> Path:
    return root / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False
    )


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """One process at a time (pytest-xdist workers share .cache/engines/)."""
    with path.open("a") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: no lock; workers there may make an overlay twice
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Overlay:
    name: str
    root: Path
    python: Path
    site: Path  # its own site-packages, holding only the lock's packages
    pins: dict[str, str]
    facts: dict  # what PROBE printed

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess:
        return _run(self.python, *args, cwd=cwd)


def _fingerprint(lock: Path) -> str:
    lines = [hashlib.sha256(lock.read_bytes()).hexdigest(), sys.version, *map(str, MAIN_SITES)]
    return "\n".join(lines) + "\n"


def _make(root: Path, lock: Path) -> None:
    """A new virtualenv at ``root``: the lock's packages, then the .pth to the main ones."""
    shutil.rmtree(root, ignore_errors=True)
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt", clear=True).create(root)
    python = interpreter(root)
    asked = _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
    assert asked.returncode == 0, f"the new environment {root} does not run:\n{asked.stderr}"
    site = Path(asked.stdout.strip())
    # the main environment's pip, run for the overlay's interpreter: the overlay needs no
    # pip of its own, and sees nothing of the main environment yet (no .pth until after)
    pip = [sys.executable, "-m", "pip", "--python", python, "--disable-pip-version-check"]
    done = _run(*pip, "install", "--require-hashes", "--no-deps", "--no-input", "-r", lock)
    if done.returncode != 0:
        pytest.fail(f"installing {lock.name} into {root} failed:\n{done.stdout}\n{done.stderr}")
    # addsitedir, not a bare path line: the main site-packages' own .pth files (the
    # pipeline's editable finder) must run too; it appends, so the overlay's own come first
    lines = "".join(f"import site; site.addsitedir({str(p)!r})\n" for p in MAIN_SITES)
    (site / PTH).write_text(lines, encoding="utf-8")


def make_overlay(name: str, workdir: Path) -> Overlay:
    """The overlay for locks/<name>.lock, made unless the one there was made from it."""
    lock = LOCKS / f"{name}.lock"
    root = OVERLAYS / name
    OVERLAYS.mkdir(parents=True, exist_ok=True)
    python = interpreter(root)
    locked = pins(lock)
    with _exclusive(OVERLAYS / f".{name}.lock"):
        wanted, stamp = _fingerprint(lock), root / STAMP
        made = not (python.exists() and stamp.is_file() and stamp.read_text("utf-8") == wanted)
        if made:
            _make(root, lock)
            stamp.write_text(wanted, encoding="utf-8")
        probed = _run(python, "-c", PROBE, *locked, cwd=workdir)
        if probed.returncode != 0 and not made:  # damaged since: make it again, once
            _make(root, lock)
            stamp.write_text(wanted, encoding="utf-8")
            probed = _run(python, "-c", PROBE, *locked, cwd=workdir)
    assert probed.returncode == 0, (
        f"{name}: the overlay does not run the pipeline:\n{probed.stderr}"
    )
    facts = json.loads(probed.stdout)
    return Overlay(name, root, python, Path(facts["own_site"]), locked, facts)


@pytest.fixture(scope="session")
def properdocs(tmp_path_factory) -> Overlay:
    """requirements.lock's packages plus locks/properdocs.lock: ProperDocs beside MkDocs."""
    return make_overlay("properdocs", tmp_path_factory.mktemp("probe-properdocs"))


@pytest.fixture(scope="session")
def material_outside(tmp_path_factory) -> Overlay:
    """requirements.lock's packages, with locks/material-outside.lock's Material instead."""
    return make_overlay("material-outside", tmp_path_factory.mktemp("probe-material"))


# -- builds ---------------------------------------------------------------------------------


@dataclass
class Built:
    project: Project
    output: str  # stdout and stderr

    @property
    def site(self) -> Path:
        return self.project.site


@pytest.fixture(scope="session")
def shared(tmp_path_factory) -> Path:
    """A folder for the whole test run: under pytest-xdist, every worker's basetemp lies in
    it, so each build below runs once, whichever workers ask for it."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def sample(shared) -> Path:
    """The repository's sample site. Copies keep the files' times: the sitemap's lastmod of
    a file outside git is its modification time."""
    root = shared / "engines-sample"
    with _exclusive(shared / ".engines-sample.lock"):
        if not (root / "mkdocs.yml").is_file():
            shutil.rmtree(root, ignore_errors=True)
            for name in ("content", "site_config"):
                shutil.copytree(REPO / name, root / name)
            shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def build(shared: Path, name: str, command: list, sample: Path, *args: str) -> Built:
    """`pipeline build` (``command``, then "build") of a fresh copy of the sample site, once
    per test run; it must succeed."""
    folder = shared / f"engines-build-{name}"
    record = folder / "output.txt"
    with _exclusive(shared / f".engines-build-{name}.lock"):
        if not record.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(sample, folder / "project")
            project = Project(folder / "project")
            done = project.run(*command, "build", *args, env=BUILD_ENV)
            output = done.stdout + done.stderr
            shown = " ".join(map(str, [*command, "build", *args]))
            assert done.returncode == 0, f"{shown}: exit {done.returncode}\n{output}"
            record.write_text(output, encoding="utf-8")
    return Built(Project(folder / "project"), record.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def engine_builds(shared, sample, properdocs) -> dict[str, Built]:
    return {
        "mkdocs": build(shared, "mkdocs", [sys.executable, *ON_MKDOCS], sample),
        "properdocs": build(shared, "properdocs", [properdocs.python, "-m", "pipeline"], sample),
    }


@pytest.fixture(scope="session")
def outside_builds(shared, sample, material_outside) -> dict[str, Built]:
    command = [material_outside.python, "-m", "pipeline"]
    return {
        "default": build(shared, "material-outside", command, sample),
        "no-speedups": build(shared, "material-outside-plain", command, sample, "--no-speedups"),
    }


def tree_differences(
    left: Path, right: Path, normalize: Callable[[bytes], bytes] | None = None
) -> list[str]:
    """Every file only in one tree or with other bytes; .gz files by their content, and
    after ``normalize`` when given."""
    files = {}
    for side, root in (("left", left), ("right", right)):
        files[side] = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    found = [f"only in {left}: {n}" for n in sorted(files["left"] - files["right"])]
    found += [f"only in {right}: {n}" for n in sorted(files["right"] - files["left"])]
    for name in sorted(files["left"] & files["right"]):
        a, b = (left / name).read_bytes(), (right / name).read_bytes()
        if a == b:
            continue
        if name.endswith(".gz"):
            a, b = gzip.decompress(a), gzip.decompress(b)
        if normalize is not None:
            a, b = normalize(a), normalize(b)
        if a != b:
            found.append(f"differs: {name}\n{_first_difference(a, b)}")
    return found


def _first_difference(a: bytes, b: bytes) -> str:
    lines = difflib.unified_diff(
        a.decode("utf-8", "replace").splitlines(),
        b.decode("utf-8", "replace").splitlines(),
        n=0,
        lineterm="",
    )
    return "\n".join(list(lines)[2:8])


def generator_tag(engine: str, material: str) -> str:
    """Material's generator tag: ProperDocs gives its templates "ProperDocs <version>" as
    ``mkdocs_version``, MkDocs its bare version."""
    shown = f"ProperDocs {version(engine)}" if engine == "properdocs" else version(engine)
    return f"mkdocs-{shown}, mkdocs-material-{material}"


def generator_tags(site: Path) -> dict[str, list[str]]:
    """Each theme page's generator tags (the web editor's admin/ page is Decap's, not the
    theme's)."""
    return {
        p.relative_to(site).as_posix(): [m.decode() for m in GENERATOR.findall(p.read_bytes())]
        for p in sorted(site.rglob("*.html"))
        if not p.relative_to(site).as_posix().startswith("admin/")
    }


# -- the overlays -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["properdocs", "material_outside"])
def test_an_overlays_own_packages_come_before_the_main_ones(name, request):
    overlay: Overlay = request.getfixturevalue(name)
    facts = overlay.facts
    assert overlay.pins, f"locks/{overlay.name}.lock pins nothing"
    assert overlay.site.is_relative_to(overlay.root), overlay.site
    path = [Path(p) for p in facts["sys_path"]]
    assert overlay.site in path and all(s in path for s in MAIN_SITES), path
    assert path.index(overlay.site) < min(path.index(s) for s in MAIN_SITES), path
    for distribution, pinned in overlay.pins.items():
        found, where = facts["locked"][distribution]
        assert (found, Path(where)) == (pinned, overlay.site), distribution
    # its own site-packages holds the lock's distributions and nothing else
    own = [p.name.removesuffix(".dist-info") for p in overlay.site.glob("*.dist-info")]
    assert {canonical(n.rsplit("-", 1)[0]) for n in own} == set(overlay.pins), own
    # `python -m pipeline` there is this repository's pipeline (the main editable install)
    assert Path(facts["pipeline"]) == REPO / "pipeline" / "__init__.py"


def test_the_properdocs_overlay_runs_properdocs(properdocs, tmp_path):
    which = "import pipeline.engine, mkdocs; print(pipeline.engine.ENGINE, mkdocs.__name__)"
    shown = properdocs.run("-c", which, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["properdocs", "properdocs"]
    pinned = properdocs.pins["properdocs"]
    assert pinned.startswith(TESTED_VERSIONS["properdocs"])  # else the speed-ups are off
    assert properdocs.facts["engine_version"] == ["properdocs", pinned]
    assert Path(properdocs.facts["mkdocs"][1]).is_relative_to(properdocs.site)
    assert properdocs.facts["speedups"] == [True, ""]


def test_the_material_outside_overlay_runs_an_untested_material(material_outside):
    pinned = material_outside.pins["mkdocs-material"]
    # a Material inside the tested range would prove nothing here
    assert not pinned.startswith(TESTED_VERSIONS["mkdocs-material"]), pinned
    facts = material_outside.facts
    assert facts["engine_version"] == [MAIN_ENGINE, version(MAIN_ENGINE)]
    assert Path(facts["material"]).is_relative_to(material_outside.site)
    on, reason = facts["speedups"]
    assert not on and reason.startswith(f"mkdocs-material {pinned} (tested: "), reason


# -- ProperDocs builds the site MkDocs builds ------------------------------------------------


def test_properdocs_builds_the_same_site_as_mkdocs(engine_builds, properdocs):
    """Only the generator tag differs: ProperDocs names itself as Material's mkdocs_version."""
    material = version("mkdocs-material")
    mkdocs_tag = generator_tag("mkdocs", material)
    properdocs_tag = (
        f"mkdocs-ProperDocs {properdocs.pins['properdocs']}, mkdocs-material-{material}"
    )
    mkdocs_site, properdocs_site = engine_builds["mkdocs"].site, engine_builds["properdocs"].site
    tags = generator_tags(mkdocs_site)
    assert len(tags) > 40 and all(found == [mkdocs_tag] for found in tags.values()), tags
    assert generator_tags(properdocs_site) == {page: [properdocs_tag] for page in tags}

    def one_tag(html: bytes) -> bytes:
        for tag in (mkdocs_tag, properdocs_tag):
            html = html.replace(f'content="{tag}"'.encode(), b'content="GENERATOR"')
        return html

    assert tree_differences(mkdocs_site, properdocs_site, one_tag) == []
    # the HTML pages differ (their tag), and nothing else does, not even a .gz header
    raw = {line.split("\n")[0] for line in tree_differences(mkdocs_site, properdocs_site)}
    assert raw == {f"differs: {name}" for name in tags}


def test_properdocs_builds_with_the_speedups_on(engine_builds):
    for engine, built in engine_builds.items():
        assert SPEEDUPS_OFF not in built.output, engine
        caches = built.project.root / ".cache" / "pipeline"
        assert all((caches / name).is_dir() for name in SPEEDUP_CACHES), (engine, caches)


# -- an untested Material: speed-ups off, the site as the plugins build it --------------------


def test_an_untested_material_turns_the_speedups_off_with_one_warning(
    outside_builds, material_outside
):
    pinned = material_outside.pins["mkdocs-material"]
    default = outside_builds["default"]
    warned = [line for line in default.output.splitlines() if SPEEDUPS_OFF in line]
    assert len(warned) == 1, default.output
    assert f"mkdocs-material {pinned}" in warned[0], warned
    assert default.output.count(SPEEDUPS_OFF) == 1, default.output
    caches = default.project.root / ".cache" / "pipeline"
    assert not any((caches / name).exists() for name in SPEEDUP_CACHES), caches
    # asked for no speed-ups, there is nothing to warn about
    assert SPEEDUPS_OFF not in outside_builds["no-speedups"].output
    expected = generator_tag(MAIN_ENGINE, pinned)  # that Material rendered the pages
    tags = generator_tags(default.site)
    assert tags and all(found == [expected] for found in tags.values()), tags


def test_an_untested_material_builds_the_site_as_without_speedups(outside_builds):
    default, plain = outside_builds["default"].site, outside_builds["no-speedups"].site
    assert sum(1 for _ in default.rglob("*.html")) > 40
    assert tree_differences(default, plain) == []


def test_a_plain_strict_mkdocs_build_with_an_untested_material_still_builds(
    shared, sample, material_outside
):
    """mkdocs.yml sets `strict: true`: the speed-ups notice must not abort the build."""
    folder = shared / "engines-plain-mkdocs-outside"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(sample, folder)
    done = Project(folder).run(
        material_outside.python, "-m", "mkdocs", "build", "--strict", env=BUILD_ENV
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "pipeline: build speed-ups are off: mkdocs-material" in output, output
    assert (folder / "site" / "index.html").is_file()
