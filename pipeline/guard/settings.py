"""site_config/guard.yml and the term lists of site_config/terms/, loaded and checked.

Problems are configuration errors (exit status 2) that name the file and line.
Term files are read here, up front, so a broken list stops every command the
same way; the automaton is built later, only when something is scanned.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config.base import (
    ConfigError,
    check_keys,
    load_mapping,
    of_type,
    rel_path,
    setting,
    string_list,
    sub_mapping,
    whole_number,
)
from pipeline.core.sourcefile import DecodeError, decode_text
from pipeline.guard.normalize import GUARD_VERSION, fold_term
from pipeline.guard.waivers import WAIVERS_FILE, Waivers, load_waivers

GUARD_FILE = "guard.yml"
TERMS_DIR = "terms"
TEST_SUFFIX = ".test.txt"
LEVELS = ("block", "warn")
CATEGORY_KEYS = ("title", "level", "replacement", "waivable", "pinyin", "repeated_letters")
DETECTORS = ("personal_data", "secrets", "unsafe_html", "html_not_allowed")
MARKING_FLAG = "@marking"
KEYS = (
    "categories",
    "allowed_phrases",
    "company_domains",
    "public_addresses",
    "levels",
    "publish_as_is",
    "attachment_max_mb",
)
# Files a browser runs script from, or renders as XML that can hold XHTML or SVG, on the
# site's own origin: always refused (pipeline.guard.filekinds), whatever publish_as_is says.
# .svgz: a browser inflates it into an SVG the sanitizer never saw; it is refused rather than
# inflated here (export it again as .svg, which is sanitized).
SCRIPT_SUFFIXES = (
    ".html",
    ".htm",
    ".xhtml",
    ".xht",
    ".shtml",
    ".mht",
    ".mhtml",
    ".js",
    ".mjs",
    ".svgz",
    ".xsl",
    ".xslt",
    ".xul",
    ".xbl",
    ".rss",
    ".atom",
    ".rdf",
    ".mml",
    ".hta",
    ".swf",
    ".wasm",
)
NEVER_AS_IS = (*SCRIPT_SUFFIXES, ".xml")  # .xml is checked as a text format
DEFAULT_ATTACHMENT_MAX_MB = 20
_SUFFIX_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-+")


@dataclass(frozen=True)
class Term:
    text: str  # as written in the list
    line: int
    marking: bool = False  # only when used as a classification marking (★, 【】, line start)


@dataclass(frozen=True)
class Category:
    name: str
    title: str
    level: str
    replacement: str
    path: Path
    rel: str
    terms: tuple[Term, ...] = ()
    # False: no exception can let a term of the list through (classification markings)
    waivable: bool = True
    pinyin: bool = False  # its Chinese terms also match in pinyin (full, initials, mixed)
    repeated_letters: bool = False  # its Latin terms also match with letters repeated

    @property
    def test_path(self) -> Path:
        return self.path.with_name(self.name + TEST_SUFFIX)


@dataclass(frozen=True)
class GuardConfig:
    categories: dict[str, Category]
    allowed_phrases: tuple[str, ...] = ()
    company_domains: tuple[str, ...] = ()
    public_addresses: tuple[str, ...] = ()
    levels: dict[str, str] = field(default_factory=dict)
    fingerprint: str = ""
    publish_as_is: tuple[str, ...] = ()  # extensions published unchecked, lower case with "."
    attachment_max_mb: int = DEFAULT_ATTACHMENT_MAX_MB
    # the security file's exceptions (pipeline.guard.waivers)
    waivers: Waivers = field(default_factory=lambda: Waivers(WAIVERS_FILE))
    readings_file: Path | None = None  # the terms' pinyin kept (pipeline.core.pinyin)

    def level(self, detector: str) -> str:
        return self.levels.get(detector, "block")


def load_guard_config(config_dir: Path, root: Path) -> GuardConfig:
    """guard.yml is optional: without it every term list found is a blocking category."""
    path = config_dir / GUARD_FILE
    rel = rel_path(path, root)
    digest = hashlib.sha256(GUARD_VERSION.encode())
    raw: dict = {}
    mapping = None
    if path.is_file():
        mapping = load_mapping(path, rel)
        digest.update(path.read_bytes())
        check_keys(mapping, KEYS, rel)
        raw = mapping.values
    where = (rel, mapping, "guard", None)

    def text_list(key: str) -> tuple[str, ...]:
        if mapping is None:
            return ()
        return setting(raw, key, [], string_list, "config/expected-list", where)

    levels: dict[str, str] = {}
    if mapping is not None and raw.get("levels") is not None:
        spec = sub_mapping(mapping, "levels", rel)
        check_keys(spec, DETECTORS, rel, "levels.")
        for key, value in spec.values.items():
            if value not in LEVELS:
                raise ConfigError(rel, spec.line_of(key), "guard/bad-level", key=f"levels.{key}")
            levels[key] = value
    categories = _load_categories(config_dir, root, mapping, rel, digest)
    waivers = load_waivers(config_dir, root)
    # a changed approval changes what every cached scan and judged page would say
    digest.update(b"\0waivers\0" + waivers.data)
    max_mb = DEFAULT_ATTACHMENT_MAX_MB
    if mapping is not None:
        max_mb = setting(
            raw, "attachment_max_mb", max_mb, whole_number(1, 500), "guard/bad-setting", where
        )
    return GuardConfig(
        categories=categories,
        allowed_phrases=text_list("allowed_phrases"),
        company_domains=tuple(d.lower().lstrip("@") for d in text_list("company_domains")),
        public_addresses=tuple(a.lower() for a in text_list("public_addresses")),
        levels=levels,
        fingerprint=digest.hexdigest(),
        publish_as_is=_suffixes(text_list("publish_as_is"), mapping, rel),
        attachment_max_mb=max_mb,
        waivers=waivers,
        readings_file=root / ".cache" / "pipeline" / "guard-pinyin.json",
    )


def _suffixes(values: tuple[str, ...], mapping, rel: str) -> tuple[str, ...]:
    """publish_as_is: extensions such as ".ics"; never one that can run script."""
    suffixes = []
    for value in values:
        suffix = value.lower()
        line = mapping.line_of("publish_as_is") if mapping is not None else None
        if not suffix.startswith(".") or not set(suffix[1:]) <= _SUFFIX_CHARS or suffix == ".":
            raise ConfigError(rel, line, "guard/bad-suffix", key="publish_as_is", value=value)
        if suffix in NEVER_AS_IS:
            raise ConfigError(rel, line, "guard/suffix-never-as-is", value=value)
        suffixes.append(suffix)
    return tuple(suffixes)


def _load_categories(config_dir: Path, root: Path, mapping, rel: str, digest) -> dict:
    terms_dir = config_dir / TERMS_DIR
    files = {
        p.name[: -len(".txt")]: p
        for p in sorted(terms_dir.glob("*.txt"))
        if not p.name.endswith(TEST_SUFFIX)
    }
    configured = sub_mapping(mapping, "categories", rel) if mapping is not None else None
    settings = configured.values if configured is not None else {}
    categories: dict[str, Category] = {}
    for name in settings:
        if name not in files:
            raise ConfigError(
                rel,
                configured.line_of(name),
                "guard/no-term-file",
                key=f"categories.{name}",
                file=rel_path(terms_dir / f"{name}.txt", root),
            )
    for name, path in files.items():
        body = settings.get(name) or {}
        line = configured.line_of(name) if configured is not None else None
        if not isinstance(body, dict):
            raise ConfigError(rel, line, "config/expected-mapping", key=f"categories.{name}")
        if configured is not None and name in settings:
            spec = sub_mapping(configured, name, rel)
            check_keys(spec, CATEGORY_KEYS, rel, f"categories.{name}.")
        else:
            spec = None
        where = (rel, spec or configured, f"categories.{name}", line)
        level = setting(body, "level", "block", of_type(str), "config/expected-text", where)
        if level not in LEVELS:
            at = spec.line_of("level", line) if spec else line
            raise ConfigError(rel, at, "guard/bad-level", key=f"categories.{name}.level")
        title = setting(body, "title", name, of_type(str), "config/expected-text", where)
        replacement = setting(body, "replacement", "", of_type(str), "config/expected-text", where)
        waivable = setting(body, "waivable", True, of_type(bool), "config/expected-bool", where)
        pinyin = setting(body, "pinyin", False, of_type(bool), "config/expected-bool", where)
        repeated = setting(
            body, "repeated_letters", False, of_type(bool), "config/expected-bool", where
        )
        data = path.read_bytes()
        digest.update(name.encode() + b"\0" + data)
        term_rel = rel_path(path, root)
        categories[name] = Category(
            name,
            title,
            level,
            replacement,
            path,
            term_rel,
            read_terms(data, term_rel),
            waivable,
            pinyin,
            repeated,
        )
    return categories


def read_terms(data: bytes, rel: str) -> tuple[Term, ...]:
    """One term per line; ``#`` starts a comment; ``@marking`` after a term limits it to
    classification markings."""
    try:
        text = decode_text(data, rel)
    except DecodeError as exc:
        raise ConfigError(rel, exc.finding.line, exc.finding.rule) from None
    terms = []
    for number, line in enumerate(text.split("\n"), 1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        marking = entry.endswith(MARKING_FLAG)
        if marking:
            entry = entry[: -len(MARKING_FLAG)].strip()
        if not fold_term(entry):
            raise ConfigError(rel, number, "guard/empty-term", term=entry)
        terms.append(Term(entry, number, marking))
    return tuple(terms)
