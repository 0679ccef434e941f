"""The attachment readers are bound lazily: importing the guard and the build loads none
of them, and reading an attachment loads its reader."""

from __future__ import annotations

import subprocess
import sys

import pypdf
import pytest

from pipeline.core.lazyimport import lazy_module

READERS = ("pypdf", "docx", "openpyxl", "pptx")


def _loaded_after(code: str) -> set[str]:
    """The readers whose code ran in a fresh interpreter that ran ``code``: a package's
    submodules are in sys.modules only once its own code ran (a lazy one has none)."""
    probe = (
        f"{code}\nimport sys\nnames = list(sys.modules)\n"
        f"print(' '.join(r for r in {READERS!r} if any(n.startswith(r + '.') for n in names)))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)  # fmt: skip
    return set(done.stdout.split())


def test_the_build_and_the_guard_load_no_attachment_reader():
    assert _loaded_after("import pipeline.engine.build, pipeline.guard.scan") == set()


def test_a_check_loads_no_gitpython_until_it_is_used(tmp_path):
    """`pipeline check` (the editors' pre-commit hook) imports the new-item module for its
    placeholders; GitPython, which only `pipeline new` needs there (the author), loads on
    first use."""
    probe = (
        "import sys, pipeline.stages\n"
        "print(any(n.startswith('git.') for n in sys.modules))\n"
        "from pathlib import Path\n"
        "from pipeline.content.newitem import git\n"
        f"reader = git.Repo.init(Path({str(tmp_path)!r})).config_writer()\n"
        "reader.set_value('user', 'name', '张伟').release()\n"
        "print(any(n.startswith('git.') for n in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert done.stdout.split() == ["False", "True"]


def test_reading_a_pdf_loads_its_reader_and_reads_it(tmp_path):
    path = tmp_path / "a.pdf"
    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_metadata({"/Author": "张三"})
    writer.write(path)
    code = (
        "from pathlib import Path\n"
        "from pipeline.guard.attachments import extract\n"
        f"result = extract(Path({str(path)!r}), 10_000_000)\n"
        "assert result.problem is None, result.problem\n"
        "assert '张三' in result.metadata.values(), result.metadata\n"
    )
    assert _loaded_after(code) == {"pypdf"}


def test_an_unknown_module_is_refused_at_once():
    with pytest.raises(ModuleNotFoundError):
        lazy_module("pipeline_no_such_module")


def test_the_entry_point_loads_neither_the_content_model_nor_pinyin():
    # spawned workers (QR codes, search segmentation) import the entry as their main
    # module: what it loads, each of them holds in memory
    probe = (
        "import sys, pipeline.cli.main\n"
        "print(' '.join(n for n in ('pypinyin', 'pipeline.content.model', 'mkdocs') "
        "if n in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert done.stdout.split() == []
