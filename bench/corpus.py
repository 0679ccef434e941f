"""A generated Chinese corpus for the build-speed benchmark and the incremental-build tests.

    .venv/bin/python bench/corpus.py OUT --items 3000 [--seed 7]

`generate(root, count, seed)` writes a complete project into ROOT: mkdocs.yml and
site_config/ copied from this repository, fixed pages, author avatars, and COUNT items
(about half company news, half industry news) dated 2024-01-01 to 2026-10-31, each with
a title, a summary, 4-12 paragraphs drawn from a sentence bank built from templates and
word lists, h2/h3 headings, tables (about 20 %), lists, links to earlier items (some to
their headings), external links, categories from site_config/site.yml, authors from
site_config/authors.yml, keywords and tags. About 30 % carry an image (a copy, next to
the item, of one of 40 distinct Pillow-made JPEG/PNG images 800-1600 px wide); some use
it as cover. A few items are drafts. The same seed gives the same bytes.

The content passes `pipeline check` without findings (no guard terms: nothing absolute,
nothing that looks like a marking, a phone, ID or card number). Its front matter also
suits a bare MkDocs build without the pipeline plugin: dates are YAML timestamps, and
`categories`, `slug` and `draft` are the blog plugin's keys too. `authors` (the blog's
key) is not written: the pipeline's schema knows `author` only and rejects `authors`.
"""

from __future__ import annotations

import argparse
import io
import posixpath
import random
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import yaml
from corpus_words import (
    ALTS,
    DEFAULT_COVERS,
    FIXED_PAGES,
    HEADINGS,
    KEYWORD_WORDS,
    METRICS,
    SLUG_WORDS,
    SOURCES,
    SUBHEADINGS,
    TAGS,
    TITLES,
    fill,
    sentence_bank,
)
from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parents[1]
FIRST_DAY = datetime(2024, 1, 1)
LAST_DAY = datetime(2026, 10, 31)
IMAGE_POOL = 40
# working hours only: the day of a local time is then the same in any reading of the zone
FIRST_MINUTE, LAST_MINUTE = 8 * 60, 18 * 60


@dataclass
class CorpusItem:
    path: str  # relative to the project root
    section: str
    slug: str
    title: str
    date: datetime
    categories: list[str]
    draft: bool
    headings: list[str]
    image: str | None = None  # file name next to the item

    @property
    def url(self) -> str:
        """The item's URL path, as the blog plugin makes it."""
        return f"{self.section}/{self.date:%Y/%m/%d}/{self.slug}/"


@dataclass
class CorpusInfo:
    root: Path
    seed: int
    items: list[CorpusItem] = field(default_factory=list)
    images: int = 0  # image files written next to items

    def published(self) -> list[CorpusItem]:
        return [i for i in self.items if not i.draft]


# -- images ----------------------------------------------------------------------------


def _image_bytes(index: int, rng: random.Random, widths: tuple[int, int]) -> tuple[str, bytes]:
    """A real photo-like JPEG (or a PNG chart every fifth), ``widths`` px wide."""
    width = rng.randrange(widths[0], widths[1] + 1, 8)
    height = width * rng.choice((9, 10, 12)) // 16
    if index % 5 == 4:  # a chart: flat colours, the way PNGs usually are
        image = Image.new("RGB", (width, height), (250, 250, 250))
        draw = ImageDraw.Draw(image)
        bars = rng.randrange(6, 14)
        step = width // (bars + 1)
        for bar in range(bars):
            top = rng.randrange(height // 5, height // 2)
            colour = (40 + 15 * bar % 200, 110, 170 - 10 * bar % 120)
            box = [step * bar + step // 4, top, step * bar + step, height - height // 8]
            draw.rectangle(box, fill=colour)
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=False)
        return "png", buffer.getvalue()
    y, x = np.mgrid[0:height, 0:width]
    base = np.array([rng.randrange(30, 200) for _ in range(3)], dtype=np.float32)
    pixels = np.empty((height, width, 3), dtype=np.float32)
    for channel in range(3):
        pixels[..., channel] = base[channel] + 50 * np.sin(x / (60 + 20 * channel) + index)
        pixels[..., channel] += 40 * np.cos(y / (45 + 10 * channel))
    noise = np.random.default_rng(index).normal(0, 6, pixels.shape)
    image = Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        left, top = rng.randrange(width * 9 // 10), rng.randrange(height * 9 // 10)
        box = [left, top, left + rng.randrange(8, width // 4), top + rng.randrange(8, height // 4)]
        draw.rectangle(box, fill=tuple(rng.randrange(256) for _ in range(3)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return "jpg", buffer.getvalue()


# -- the project -----------------------------------------------------------------------


def _front_matter(fields: dict) -> str:
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)


def _write_base(root: Path, rng: random.Random) -> None:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site_config", root / "site_config", dirs_exist_ok=True)
    content = root / "content"
    for rel, (title, summary, body) in FIXED_PAGES.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        fields = {"title": title, "summary": summary}
        path.write_text(_front_matter(fields) + "---\n\n" + body, encoding="utf-8")
    # the site's own pictures (logo, avatars, what seo.yml names): shown on the about page
    shutil.copytree(REPO / "content/assets", content / "assets", dirs_exist_ok=True)
    pictures = sorted((content / "assets/images").glob("*.*"))
    gallery = "".join(
        f"\n![澜石科技资料图片：{p.stem}](assets/images/{p.name})\n" for p in pictures
    )
    with (content / "about.md").open("a", encoding="utf-8") as about:
        about.write(gallery)
    authors = yaml.safe_load((root / "site_config/authors.yml").read_text("utf-8"))["authors"]
    for author in authors.values():
        avatar = content / author["avatar"]
        if avatar.is_file():
            continue
        avatar.parent.mkdir(parents=True, exist_ok=True)
        image = Image.new("RGB", (96, 96), (255, 255, 255))
        colour = tuple(rng.randrange(40, 200) for _ in range(3))
        ImageDraw.Draw(image).ellipse([4, 4, 92, 92], fill=colour)
        image.save(avatar, "PNG")


def _dates(count: int, rng: random.Random) -> list[datetime]:
    """``count`` distinct times in working hours, oldest first."""
    days = (LAST_DAY - FIRST_DAY).days + 1
    per_day = LAST_MINUTE - FIRST_MINUTE
    slots = sorted(rng.sample(range(days * per_day), count))
    return [
        FIRST_DAY + timedelta(days=slot // per_day, minutes=FIRST_MINUTE + slot % per_day)
        for slot in slots
    ]


def _rel_link(source: CorpusItem, target: CorpusItem) -> str:
    """The relative path from one item file to another, as editors write it."""
    return posixpath.relpath(target.path, posixpath.dirname(source.path))


class _Writer:
    def __init__(self, root: Path, count: int, seed: int, widths: tuple[int, int]) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.info = CorpusInfo(root, seed)
        self.bank = sentence_bank(self.rng)
        config = yaml.safe_load((root / "site_config/site.yml").read_text("utf-8"))
        self.categories = {
            name: list(section.get("categories") or ())
            for name, section in config["sections"].items()
        }
        self.source_required = {
            name: bool(section.get("source_required"))
            for name, section in config["sections"].items()
        }
        authors_file = root / "site_config/authors.yml"
        self.authors = sorted(yaml.safe_load(authors_file.read_text("utf-8"))["authors"])
        self.count = count
        self.pool = [_image_bytes(n, self.rng, widths) for n in range(IMAGE_POOL)]
        self.titles: set[str] = set()
        for number, docs_path in enumerate(DEFAULT_COVERS.values()):
            path = root / "content" / docs_path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(self.pool[number][1])

    def sentences(self, low: int, high: int) -> str:
        return "".join(self.rng.sample(self.bank, self.rng.randint(low, high)))

    def title(self, category: str, when: datetime) -> str:
        """A title no other item has (duplicates are an SEO warning)."""
        for attempt in range(200):
            text = fill(self.rng.choice(TITLES[category]), self.rng)
            if attempt > 50:  # the templates are getting used up: say when
                text = f"{when.year}年{when.month}月{text}"
            if 4 <= len(text) <= 40 and text not in self.titles:
                self.titles.add(text)
                return text
        raise RuntimeError(f"no unused title left for {category}")

    def summary(self) -> str:
        """Within the SEO recommendation (40-110 characters), itself inside the schema's."""
        while True:
            text = self.sentences(1, 3)
            if 40 <= len(text) <= 110:
                return text

    def keywords(self, title: str, body: str) -> list[str]:
        """One or two words of the title and one or two more of the body: the lead
        paragraph repeats the title, so every keyword is in the body (SEO warnings)."""
        in_title = [w for w in KEYWORD_WORDS if w in title]
        in_body = [w for w in KEYWORD_WORDS if w in body and w not in in_title]
        chosen = self.rng.sample(in_title, min(len(in_title), self.rng.randint(1, 2)))
        return chosen + self.rng.sample(in_body, min(len(in_body), self.rng.randint(1, 2)))

    def run(self) -> CorpusInfo:
        sections = list(self.categories)
        for number, when in enumerate(_dates(self.count, self.rng)):
            section = sections[0] if self.rng.random() < 0.5 else sections[1]
            self.write_item(number, section, when)
        return self.info

    def write_item(self, number: int, section: str, when: datetime) -> None:
        rng = self.rng
        allowed = self.categories[section]
        categories = rng.sample(allowed, 2 if rng.random() < 0.2 else 1)
        slug = f"{rng.choice(SLUG_WORDS)}-{rng.choice(SLUG_WORDS)}-{number:05d}"
        rel = f"content/{section}/posts/{when.year}/{when:%Y-%m-%d}-{slug}.md"
        headings = rng.sample(HEADINGS, rng.randint(2, 4))
        # drafts are rare and never the newest items, which tests and benchmarks edit
        draft = number < self.count - 20 and rng.random() < 0.01
        item = CorpusItem(rel, section, slug, "", when, categories, draft, headings)
        item.title = self.title(categories[0], when)
        fields: dict = {
            "title": item.title,
            "summary": self.summary(),
            "date": when,
            "author": rng.choice(self.authors),
            "categories": categories,
            "keywords": [],
            "tags": rng.sample(TAGS, rng.randint(1, 2)),
            "slug": slug,
        }
        if rng.random() < 0.3:
            kind, data = self.pool[rng.randrange(IMAGE_POOL)]
            item.image = f"{Path(rel).stem}.{kind}"
            path = self.root / Path(rel).parent / item.image
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            self.info.images += 1
            if rng.random() < 0.4:
                fields["cover"] = item.image
        else:
            fields["cover"] = "/" + DEFAULT_COVERS[section]
        body = self.body(item)
        fields["keywords"] = self.keywords(item.title, body)
        if self.source_required[section]:
            fields["source"] = {
                "name": rng.choice(SOURCES),
                "url": f"https://news.example.org/{when:%Y/%m}/{slug}",
            }
        if draft:
            fields["draft"] = True
        text = _front_matter(fields) + "---\n\n" + body
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.info.items.append(item)

    def body(self, item: CorpusItem) -> str:
        rng = self.rng
        blocks = [f"近日，{item.title}。{self.sentences(1, 3)}"]
        if item.image:
            blocks.append(f"![{rng.choice(ALTS)}]({item.image})")
        paragraphs = rng.randint(4, 12) - 1
        per_heading = [1] * len(item.headings)
        for _ in range(paragraphs - len(item.headings)):
            per_heading[rng.randrange(len(per_heading))] += 1
        for index, (heading, count) in enumerate(zip(item.headings, per_heading, strict=True)):
            blocks.append(f"## {heading}")
            for n in range(count):
                if n == 1 and rng.random() < 0.3:
                    blocks.append(f"### {rng.choice(SUBHEADINGS)}")
                blocks.append(self.sentences(2, 5))
            if index == 0 and rng.random() < 0.2:
                blocks.append(self.table())
            if index == 1 and rng.random() < 0.4:
                blocks.append(self.bullets())
        blocks.extend(self.links(item))
        return "\n\n".join(blocks) + "\n"

    def table(self) -> str:
        rng = self.rng
        metrics = rng.sample(METRICS, rng.randint(3, 5))
        rows = ["| 指标 | 改造前 | 改造后 |", "| --- | ---: | ---: |"]
        for metric in metrics:
            before = rng.randrange(40, 400)
            after = before - rng.randrange(1, before // 3 + 2)
            rows.append(f"| {metric} | {before} | {after} |")
        return "\n".join(rows)

    def bullets(self) -> str:
        lines = self.rng.sample(self.bank, self.rng.randint(3, 5))
        if self.rng.random() < 0.5:
            return "\n".join(f"- {line}" for line in lines)
        return "\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1))

    def links(self, item: CorpusItem) -> list[str]:
        rng = self.rng
        blocks = []
        earlier = [i for i in self.info.items[-200:] if not i.draft]
        if earlier and rng.random() < 0.6:
            parts = []
            for target in rng.sample(earlier, min(len(earlier), rng.randint(1, 2))):
                link = _rel_link(item, target)
                if rng.random() < 0.4:
                    heading = rng.choice(target.headings)
                    parts.append(f"[{target.title}中的“{heading}”]({link}#{heading})")
                else:
                    parts.append(f"[{target.title}]({link})")
            blocks.append("相关阅读：" + "；".join(parts) + "。")
        if rng.random() < 0.5:
            url = f"https://www.example.com/{item.section}/{item.date:%Y%m}/{item.slug}.html"
            blocks.append(f"更多信息请参阅[相关报道]({url})。")
        return blocks


def newest_item(info: CorpusInfo, section: str) -> CorpusItem:
    """The newest published item of ``section``: on the first page of every list."""
    return [i for i in info.published() if i.section == section][-1]


def add_sentence(root: Path, item: CorpusItem, sentence: str) -> None:
    """An editor's change: ``sentence`` added to the paragraph under the first heading."""
    path = root / item.path
    lines = path.read_text("utf-8").split("\n")
    heading = lines.index(f"## {item.headings[0]}")
    lines[heading + 2] += sentence
    path.write_text("\n".join(lines), encoding="utf-8")


def generate(
    root: Path, count: int, seed: int = 7, image_widths: tuple[int, int] = (800, 1600)
) -> CorpusInfo:
    """Write a complete project with ``count`` items into ``root`` (created if needed).
    Tests pass small ``image_widths``: encoding 1,600-px images takes seconds each."""
    root = Path(root)
    _write_base(root, random.Random(seed))
    return _Writer(root, count, seed, image_widths).run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    info = generate(args.out, args.items, args.seed)
    drafts = sum(1 for i in info.items if i.draft)
    print(f"{len(info.items)} items ({drafts} drafts), {info.images} images in {args.out}")


if __name__ == "__main__":
    main()
