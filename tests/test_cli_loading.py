"""The `pipeline` group loads a command's module only when that command runs, and
`pipeline deploy` opens the project without the engine (MkDocs, Material, Jinja2).

Each command starts in a fresh interpreter here, as it does for people, and the modules
it imported are read from ``sys.modules``. `pipeline --help` lists every command with its
own short help.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner
from conftest import REPO, Project

from pipeline.cli.main import COMMANDS, cli
from pipeline.cli.shared import load_named
from pipeline.content.opening import open_without_engine
from pipeline.engine.project import open_project

ENGINE = ("mkdocs", "material", "properdocs", "jinja2")

PROBE = """
import json, sys
from pipeline.cli.main import cli
try:
    cli.main(args=sys.argv[1:], prog_name="pipeline")
except SystemExit as exit:
    status = exit.code
loaded = sorted({name.split(".")[0] for name in sys.modules} & set(%r))
commands = sorted(name for name in sys.modules if name.endswith(".commands")
                  or name.startswith("pipeline.cli."))
print("\\nPROBE" + json.dumps({"status": status, "engine": loaded, "commands": commands}))
"""


def sample(root: Path) -> Project:
    """A copy of the sample project (not built)."""
    for name in ("content", "site_config"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return Project(root)


def probe(*args: str, cwd: Path = REPO) -> dict:
    """`pipeline ARGS` in a fresh interpreter: exit status, engine packages imported, and
    the command modules imported."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE % (ENGINE,), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )
    return json.loads(done.stdout.rsplit("\nPROBE", 1)[1])


def test_the_group_loads_nothing_until_a_command_runs() -> None:
    found = probe("--version")
    assert found["status"] == 0 and found["engine"] == []
    assert found["commands"] == ["pipeline.cli.main", "pipeline.cli.shared"]


def test_group_help_lists_every_command_with_its_own_short_help() -> None:
    result = CliRunner().invoke(cli, ["--help"], terminal_width=100)
    assert result.exit_code == 0
    listed = result.output.split("Commands:\n", 1)[1]
    for name, spec in COMMANDS.items():
        command = load_named(spec)
        assert isinstance(command, click.Command) and command.name == name
        line = next(line for line in listed.splitlines() if line.startswith(f"  {name} "))
        assert line.split(None, 1)[1] == command.get_short_help_str(100 - 6 - 7)
    assert len(listed.strip().splitlines()) == len(COMMANDS)


def test_deploy_loads_neither_the_engine_nor_other_commands(tmp_path: Path) -> None:
    found = probe("deploy", "--help")
    assert found["status"] == 0 and found["engine"] == []
    assert "pipeline.deploy.commands" in found["commands"]
    assert not any(name.startswith(("pipeline.cli.build", "pipeline.ci.")) for name in
                   found["commands"])  # fmt: skip
    # a real run: the project opened, deploy.yml read, no site built: refused, no engine
    project = sample(tmp_path / "site-project")
    project.write("site_config/deploy.yml", "target: s3\nbucket: lanshi-www\n")
    run = probe("--lang", "en", "deploy", "history", cwd=project.root)
    assert run["status"] == 1 and run["engine"] == []


def test_other_commands_still_load_and_open_with_the_engine(tmp_path: Path) -> None:
    project = sample(tmp_path / "site-project")
    found = probe("--lang", "en", "roles", cwd=project.root)
    assert found["status"] == 0
    assert "mkdocs" in found["engine"] or "properdocs" in found["engine"]
    for name in sorted(COMMANDS):
        assert CliRunner().invoke(cli, [name, "--help"]).exit_code == 0, name


def test_the_project_opened_without_the_engine_is_the_engines(tmp_path: Path) -> None:
    project = sample(tmp_path / "site-project")
    config = project.root / "mkdocs.yml"
    assert open_without_engine(config) == open_project(config)
    # the keys in a parent file (INHERIT), some of them overridden
    (project.root / "base.yml").write_bytes(config.read_bytes())
    project.write(
        "mkdocs.yml", "INHERIT: base.yml\nsite_dir: public\nsite_url: https://x.example\n"
    )
    plain, engine = open_without_engine(config), open_project(config)
    assert plain == engine
    assert plain.site_dir == project.root / "public"
    assert plain.site_url == "https://x.example/"


def test_the_program_ends_without_teardown_but_with_its_exit_handlers_output_and_status(
    tmp_path: Path,
) -> None:
    """`python -m pipeline` (as the console script) ends the process once its exit handlers
    ran and its output is flushed, without freeing every object first: its status, its
    whole output (piped, so block-buffered) and what an exit handler writes all arrive."""
    marker, freed = tmp_path / "exit-handler-ran", tmp_path / "object-freed"
    script = (
        "import atexit, pathlib, sys\n"
        f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'ran')\n"
        "class Witness:\n"
        f"    def __del__(self): pathlib.Path({str(freed)!r}).write_text('freed')\n"
        "kept = Witness()  # freed when the interpreter tears its modules down\n"
        "from pipeline.cli.main import run\n"
        "sys.argv = ['pipeline', *sys.argv[1:]]\n"
        "run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "no-such-command"], capture_output=True, text=True
    )
    assert done.returncode == 2, done.stderr  # click's usage error
    assert "no-such-command" in done.stderr
    assert marker.read_text() == "ran"
    assert not freed.exists()  # no teardown
    listed = subprocess.run(
        [sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True
    )
    assert listed.returncode == 0
    assert all(name in listed.stdout for name in COMMANDS)  # every line, flushed
