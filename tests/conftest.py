"""Shared fixtures: small real projects in temporary folders, built by real MkDocs.

`project` gives a complete little site (mkdocs.yml and site_config copied from the
repository, so tests exercise the real configuration) with a few items, pages and
real images. Tests add or change files with `write_item` / `write_page`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import git
import pytest
import yaml
from click.testing import CliRunner
from PIL import Image, ImageDraw

from pipeline.images.cache import CACHE_DIR as IMAGE_CACHE_DIR
from pipeline.images.cache import INDEX as IMAGE_INDEX
from pipeline.images.probe import is_image_path
from pipeline.images.runner import process_images
from pipeline.images.settings import load_image_settings

REPO = Path(__file__).resolve().parents[1]
SHANGHAI = ZoneInfo("Asia/Shanghai")
sys.path.insert(0, str(REPO / "bench"))
from corpus import generate  # noqa: E402  (bench/corpus.py, the benchmarks' generator)


def make_jpeg(path: Path, size=(640, 360), color=(40, 110, 170)) -> Path:
    """A real, small JPEG with some structure (not a flat colour)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 40):
        draw.line([(x, 0), (size[0] - x, size[1])], fill=(230, 230, 230), width=2)
    draw.rectangle([size[0] // 4, size[1] // 3, size[0] // 2, size[1] - 20], fill=(200, 80, 40))
    image.save(path, "JPEG", quality=80)
    return path


def make_png(path: Path, size=(96, 96), color=(90, 140, 60)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, (255, 255, 255))
    ImageDraw.Draw(image).ellipse([4, 4, size[0] - 4, size[1] - 4], fill=color)
    image.save(path, "PNG")
    return path


def front_matter(fields: dict) -> str:
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n"


@dataclass
class Project:
    """A site in a temporary folder, with helpers to write content and run the CLI."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def item_fields(self, section: str = "news", **overrides) -> dict:
        fields = {
            "title": "澜石科技发布测试新闻标题",
            "summary": "这是一条用于测试的新闻摘要，长度足够通过摘要长度检查。",
            "date": "2026-03-12 10:00",
            "author": "zhangwei",
            "categories": ["公司动态"] if section == "news" else ["市场动态"],
        }
        if section == "industry":
            fields["source"] = {"name": "测试行业观察", "url": "https://news.example.org/a"}
        fields.update(overrides)
        return {k: v for k, v in fields.items() if v is not None}

    def write_item(self, section: str, name: str, body: str = "正文内容。\n", **fields) -> Path:
        """Write content/<section>/posts/2026/<name>.md; fields override the valid defaults
        (pass a field as None to leave it out)."""
        text = front_matter(self.item_fields(section, **fields)) + "\n" + body
        return self.write(f"content/{section}/posts/2026/{name}.md", text)

    def write_page(self, rel: str, title: str, summary: str, body: str = "") -> Path:
        fields = {"title": title, "summary": summary}
        return self.write(f"content/{rel}", front_matter(fields) + "\n" + body)

    def cli(self, *args: str, env: dict | None = None):
        """Run `pipeline` in-process (click's runner) from the project folder."""
        from pipeline.cli.main import cli

        runner = CliRunner()
        cwd = os.getcwd()
        os.chdir(self.root)
        try:
            return runner.invoke(cli, list(args), env=env, catch_exceptions=False)
        finally:
            os.chdir(cwd)

    def run(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        """Run a real process (the installed `pipeline` or `mkdocs`) in the project folder."""
        full_env = {**os.environ, **(env or {})}
        return subprocess.run(
            [str(a) for a in args],
            cwd=self.root,
            capture_output=True,
            text=True,
            env=full_env,
            check=False,
        )

    def pipeline(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return self.run(sys.executable, "-m", "pipeline", *args, env=env)

    @property
    def preview(self) -> Path:
        """Where preview builds (--drafts, --now) go, never site/."""
        return self.root / "site-preview"

    def html(self, url_path: str, *, preview: bool = False) -> str:
        """The built HTML for a URL path such as 'news/2026/03/12/slug/'."""
        path = (self.preview if preview else self.site) / url_path
        if url_path.endswith("/") or not url_path:
            path = path / "index.html"
        return path.read_text(encoding="utf-8")

    def content_digest(self) -> str:
        """A fingerprint of every file under content/, to prove builds never write there."""
        digest = hashlib.sha256()
        for path in sorted(self.content.rglob("*")):
            digest.update(path.relative_to(self.content).as_posix().encode())
            if path.is_file():
                digest.update(path.read_bytes())
        return digest.hexdigest()


def _base_project(root: Path) -> Project:
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site_config", root / "site_config")
    # the logo and favicon that site_config/brand.yml names (content/assets/brand/)
    shutil.copytree(REPO / "content/assets/brand", root / "content/assets/brand")
    project = Project(root)
    # SEO warnings (keywords, pictures) would fire on these small sites and the sample's
    # seo.yml names images they lack; tests/test_seo.py writes its own seo.yml
    project.write("site_config/seo.yml", "warnings: false\n")
    for author in ("zhangwei", "liuyang", "chenjing"):
        make_png(project.content / "assets" / "authors" / f"{author}.png")
    project.write_page(
        "index.md",
        "澜石科技",
        "澜石智能科技有限公司官方网站，发布公司新闻与行业资讯。",
        "# 澜石科技\n\n## 公司新闻\n\n<!-- pipeline:latest news 5 -->\n\n"
        "## 行业资讯\n\n<!-- pipeline:latest industry 5 -->\n",
    )
    project.write_page(
        "about.md",
        "关于我们",
        "澜石科技专注工业物联网与能源管理，服务制造业客户。",
        "# 关于我们\n\n公司简介。\n",
    )
    project.write_page(
        "contact.md",
        "联系我们",
        "澜石科技的联系地址、电话与电子邮件，欢迎来访。",
        "# 联系我们\n\n电话：0571-8690 1234\n",
    )
    project.write_page(
        "news/index.md", "公司新闻", "澜石科技的公司新闻：产品、荣誉、合作与活动。", "# 公司新闻\n"
    )
    project.write_page(
        "industry/index.md",
        "行业资讯",
        "工业互联网与能源管理领域的政策、市场与技术资讯。",
        "# 行业资讯\n",
    )
    return project


@pytest.fixture
def empty_project(tmp_path: Path) -> Project:
    """Configuration and fixed pages only: no items yet (sections have empty post folders)."""
    project = _base_project(tmp_path)
    for section in ("news", "industry"):
        (project.content / section / "posts").mkdir(parents=True, exist_ok=True)
    return project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A small valid site: three news and two industry items, one with a cover image."""
    project = _base_project(tmp_path)
    make_jpeg(project.content / "news/posts/2026/gateway.jpg")
    project.write_item(
        "news",
        "2026-01-08-annual-meeting",
        title="澜石科技召开二〇二六年度工作会议",
        date="2026-01-08 09:30",
        slug="annual-meeting",
        body="公司在杭州总部召开年度工作会议，回顾经营情况并部署新一年的重点工作。\n",
    )
    project.write_item(
        "news",
        "2026-03-12-new-gateway",
        title="澜石科技发布新一代工业物联网网关",
        date="2026-03-12 10:00",
        slug="new-gateway",
        categories=["产品发布"],
        cover="gateway.jpg",
        body="新一代网关支持更多工业协议。\n\n![网关产品外观](gateway.jpg)\n\n"
        "详见[年度会议](2026-01-08-annual-meeting.md)。\n",
    )
    project.write_item(
        "news",
        "2026-05-28-high-tech",
        title="澜石科技通过高新技术企业认定",
        date="2026-05-28",
        body="公司再次通过高新技术企业认定。\n",
    )
    project.write_item(
        "industry",
        "2026-02-12-energy-standard",
        title="工业企业能源审计新标准发布实施",
        date="2026-02-12 08:00",
        slug="energy-audit-standard",
        categories=["标准规范"],
        body="新标准对工业企业能源审计的范围和方法作出规定。\n",
    )
    project.write_item(
        "industry",
        "2026-06-10-edge-computing",
        title="边缘计算在制造业加速落地",
        date="2026-06-10 14:00",
        categories=["技术趋势"],
        body="边缘计算正在制造业现场加速落地，数字孪生应用随之增加。\n",
    )
    return project


def future(days: int = 30) -> str:
    """A local time string `days` from now in the site's zone, for scheduled items."""
    return (datetime.now(SHANGHAI) + timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


def past(days: int = 30) -> str:
    return (datetime.now(SHANGHAI) - timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: starts real server processes and waits for rebuilds (runs by default)"
    )


# -- scripted git history ------------------------------------------------------------------


def git_dates(when: str, author: str = "张伟") -> dict:
    """Environment for a git command dated ``when`` ("2026-04-01 09:00", Beijing time)."""
    stamp = f"{when}:00 +0800"
    return {
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": "editor@example.com",
    }


def init_repo(root: Path) -> git.Repo:
    """A new repository on ``main`` whose committer is the editor 张伟."""
    repo = git.Repo.init(root, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", "张伟")
        config.set_value("user", "email", "zhangwei@example.com")
    return repo


def commit_all(repo: git.Repo, when: str, message: str, *flags: str, author: str = "张伟") -> str:
    """Commit everything in the working tree, dated ``when``; the new commit's SHA."""
    repo.git.add(A=True)
    repo.git.commit(*flags, "-m", message, env=git_dates(when, author))
    return repo.head.commit.hexsha


# -- a project copy with its own .venv ------------------------------------------------------


def load_dev(root: Path):
    spec = importlib.util.spec_from_file_location(f"dev_{root.name}", root / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def link_venv(root: Path) -> None:
    """``.venv`` in the copy: every entry of this virtualenv linked, and a stamp of its own
    that matches the copy's lock file, so ``python3 dev.py site`` builds without installing."""
    venv = root / ".venv"
    venv.mkdir()
    source = Path(sys.prefix)
    for entry in source.iterdir():
        if entry.name != ".installed-from":
            (venv / entry.name).symlink_to(entry)
    dev = load_dev(root)
    dev.STAMP.write_text(dev.fingerprint())


def stop(process: subprocess.Popen) -> None:
    """End a server the test started: politely, then for sure."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


# -- the generated corpus of the incremental-build tests ------------------------------------

# what a build leaves beside the sources: never copied into a clean build's folder
BUILD_OUTPUTS = shutil.ignore_patterns("site", "site-preview", ".site*", ".cache")
PICTURES = IMAGE_CACHE_DIR  # the image cache, entries keyed by content


def copy_sources(source: Path, target: Path, *, pictures: bool = True) -> None:
    """``source`` without what builds left beside it, into ``target``. ``pictures``: with
    the entries of ``source``'s image cache, each keyed by a picture's bytes and the
    settings (what encoding it again writes: tests/test_images.py), not its index of paths.
    Encoding the 40-item corpus's pictures takes about 6 s of CPU, which every clean build
    of these tests repeated; ``test_incremental.py`` checks once that a build with the
    entries equals one that encodes every picture."""
    shutil.copytree(source, target, ignore=BUILD_OUTPUTS)
    if pictures:
        seed_pictures(source, target)


def seed_pictures(kept: Path, target: Path) -> None:
    """The entries of ``kept``'s image cache copied into ``target``'s (``copy_sources``)."""
    if (kept / PICTURES).is_dir():
        shutil.copytree(
            kept / PICTURES,
            target / PICTURES,
            ignore=shutil.ignore_patterns(IMAGE_INDEX, "tmp"),
            dirs_exist_ok=True,
        )


@pytest.fixture(scope="session")
def sample_pictures(tmp_path_factory) -> Path:
    """A folder whose image cache holds the bundled sample's pictures, encoded once per
    test process with its images.yml, for ``seed_pictures``: a dozen modules build a copy
    of the sample, and each encoded its 18 pictures again (2.3-3.7 CPU s a time).
    ``tests/test_incremental.py`` checks that a build with such entries equals one that
    encodes; ``test_build.py`` and ``test_images_site.py`` build the sample encoding."""
    root = tmp_path_factory.mktemp("sample-pictures")
    settings = load_image_settings(REPO, REPO / "site_config")
    sources = [p for p in sorted((REPO / "content").rglob("*")) if p.is_file()]
    process_images([p for p in sources if is_image_path(p.name)], settings, root / PICTURES)
    return root


def halve_picture(picture: Path) -> int:
    """``picture`` replaced by itself at half its size, in its own format; returns the new
    width (what the pages showing it must say)."""
    with Image.open(picture) as image:
        width, height = image.size
        kind = image.format
        smaller = image.convert("RGB").resize((width // 2, height // 2))
    smaller.save(picture, kind)
    return width // 2


@pytest.fixture(scope="session")
def corpus40(tmp_path_factory):
    """(sources, CorpusInfo): the 40-item generated corpus with small pictures, built once
    (its ``site/`` the reference of a build that encoded every picture; its image cache
    what ``copy_sources`` hands on)."""
    root = tmp_path_factory.mktemp("corpus") / "sources"
    info = generate(root, 40, image_widths=(160, 320))
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "build"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return root, info
