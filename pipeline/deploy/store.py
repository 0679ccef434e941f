"""The bucket: one S3 client (botocore's, the core of boto3), and every failure turned into
a message people can act on.

Alibaba Cloud OSS and Tencent Cloud COS are reached through their S3-compatible endpoints
(``https://s3.oss-<region>.aliyuncs.com``, ``https://cos.<region>.myqcloud.com``) with
virtual-hosted addressing and SigV4; a local server on an IP address or localhost (the
tests' SeaweedFS) with path-style addressing. Credentials come from the environment only:
``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` / ``AWS_SESSION_TOKEN``, else the
provider's own names (OSS: ``ALIBABA_CLOUD_ACCESS_KEY_ID`` …, COS: ``TENCENTCLOUD_SECRET_ID``
…). They are handed to botocore and never printed, logged or written.

Every request goes through the client but the objects of the site: their PUTs are signed
by botocore's own S3 signer (SigV4) and sent on a keep-alive connection of the sending
thread (``pipeline.deploy.transport``), or on botocore's own HTTP session when a proxy
stands between (``Uploader``). The client's request pipeline (parameter validation,
serialization, some twenty event hooks, response parsing) costs about three times the CPU
of the request itself, urllib3's pool as much again, and a cold deploy is one PUT per
file, on two cores shared with everything else.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import random
import re
import socket
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import botocore.session
from botocore.auth import SIGNED_HEADERS_BLACKLIST, S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionError,
    EndpointConnectionError,
    HTTPClientError,
    NoCredentialsError,
    PartialCredentialsError,
    SSLError,
)
from botocore.handlers import add_expect_header
from botocore.httpsession import URLLib3Session
from botocore.utils import get_environ_proxies

from pipeline.deploy.errors import DeployError
from pipeline.deploy.settings import DeploySettings
from pipeline.deploy.transport import Connections

STATE = ".deploy"  # under the prefix: manifests, the live pointer, kept object versions

# target -> the environment variables of its credentials, in order of preference
CREDENTIAL_NAMES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "s3": (("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"),),
    "oss": (
        ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"),
        (
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "ALIBABA_CLOUD_SECURITY_TOKEN",
        ),
        ("OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET", "OSS_SESSION_TOKEN"),
    ),
    "cos": (
        ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"),
        ("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SESSION_TOKEN"),
        ("COS_SECRET_ID", "COS_SECRET_KEY", "COS_SESSION_TOKEN"),
    ),
}
CREDENTIAL_NAMES["github-pages"] = CREDENTIAL_NAMES["s3"]

# S3 error codes (AWS, OSS, COS, SeaweedFS) -> catalogue rule
_CODES = {
    "InvalidAccessKeyId": "deploy/bad-credentials",
    "SignatureDoesNotMatch": "deploy/bad-credentials",
    "InvalidToken": "deploy/bad-credentials",
    "ExpiredToken": "deploy/bad-credentials",
    "TokenRefreshRequired": "deploy/bad-credentials",
    "InvalidSecurity": "deploy/bad-credentials",
    "NoSuchBucket": "deploy/no-bucket",
    "AccessDenied": "deploy/access-denied",
    "AllAccessDisabled": "deploy/access-denied",
    "AccountProblem": "deploy/access-denied",
    "QuotaExceeded": "deploy/quota",
    "InsufficientStorage": "deploy/quota",
    "StorageQuotaExceeded": "deploy/quota",
    "ServiceQuotaExceeded": "deploy/quota",
    "TooManyBuckets": "deploy/quota",
    "InsufficientBalance": "deploy/quota",
    "AccountArrears": "deploy/quota",
}


@dataclass(frozen=True)
class Target:
    """Where one deploy goes: bucket, prefix, endpoint, region, addressing."""

    kind: str  # s3, oss, cos
    bucket: str
    prefix: str = ""
    endpoint: str | None = None
    region: str | None = None
    addressing: str = "auto"

    def key(self, path: str) -> str:
        return f"{self.prefix}/{path}" if self.prefix else path

    def state_key(self, name: str) -> str:
        return self.key(f"{STATE}/{name}")

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"


def parse_target(
    url: str | None,
    settings: DeploySettings,
    endpoint: str | None = None,
    region: str | None = None,
) -> Target:
    """``s3://BUCKET[/PREFIX]`` (else deploy.yml's bucket and prefix), endpoint and region
    from the options or deploy.yml, then the provider's defaults."""
    kind = settings.target if settings.target in ("oss", "cos") else "s3"
    if url is None:
        if settings.bucket is None:
            raise DeployError("deploy/no-target", file=settings.file)
        bucket, prefix = settings.bucket, settings.prefix
    else:
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc or parts.query or parts.fragment:
            raise DeployError("deploy/bad-target", value=url)
        bucket, prefix = parts.netloc, parts.path.strip("/")
        if ".." in prefix.split("/"):
            raise DeployError("deploy/bad-target", value=url)
    region = region or settings.region
    endpoint = (endpoint or settings.endpoint or _default_endpoint(kind, region) or "").rstrip("/")
    return Target(kind, bucket, prefix, endpoint or None, region, settings.addressing)


def _default_endpoint(kind: str, region: str | None) -> str | None:
    if region and kind == "oss":
        return f"https://s3.oss-{region.removeprefix('oss-')}.aliyuncs.com"
    if region and kind == "cos":
        return f"https://cos.{region}.myqcloud.com"
    return None


def find_credentials(kind: str, environ: Mapping[str, str]) -> tuple[str, str, str | None] | None:
    for key_name, secret_name, token_name in CREDENTIAL_NAMES[kind]:
        key, secret = environ.get(key_name), environ.get(secret_name)
        if key and secret:
            return key, secret, environ.get(token_name) or None
    return None


def _addressing(target: Target) -> str:
    if target.addressing != "auto":
        return target.addressing
    host = urlsplit(target.endpoint).hostname if target.endpoint else None
    if host is None:
        return "virtual"
    try:
        ipaddress.ip_address(host)
        return "path"
    except ValueError:
        return "path" if host == "localhost" else "virtual"


def describe(exc: BaseException, target: Target) -> DeployError:
    """Any failure of boto3 as the message that names what to fix."""
    params = {"bucket": target.bucket, "endpoint": target.endpoint or "AWS S3"}
    if isinstance(exc, DeployError):
        return exc
    if isinstance(exc, NoCredentialsError | PartialCredentialsError):
        return DeployError("deploy/no-credentials", **params)
    if isinstance(exc, EndpointConnectionError | ConnectionError):
        return DeployError("deploy/unreachable", **params, detail=str(exc))
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        rule = _CODES.get(code)
        if rule is None and code in ("404", "NotFound") and exc.operation_name == "HeadBucket":
            rule = "deploy/no-bucket"
        if rule is None and status == 403:
            rule = "deploy/access-denied"
        if rule is not None:
            return DeployError(rule, **params, code=code)
        message = str(error.get("Message", "")) or str(exc)
        return DeployError("deploy/s3-error", **params, code=code or str(status), detail=message)
    if isinstance(exc, BotoCoreError):
        return DeployError("deploy/s3-error", **params, code=type(exc).__name__, detail=str(exc))
    if isinstance(exc, OSError):
        return DeployError("deploy/unreachable", **params, detail=str(exc))
    raise exc


TIMEOUTS = (10, 60)  # seconds: connecting, reading an answer
ATTEMPTS = 3  # of one request, as boto3's "standard" retry mode
# what is worth another attempt: the server busy or failing, not the request wrong
_RETRY_STATUS = (500, 502, 503, 504)
_RETRY_CODES = ("SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable")
_ERROR_PART = re.compile(rb"<(Code|Message)>([^<]*)</\1>")


class _SignedHeaders(dict):
    """The headers to sign as botocore's signer reads them (lower-case name -> value), in
    a plain dict instead of its ``email.message``-based map."""

    def get_all(self, name: str) -> list[str]:
        return [self[name]]


class KnownPayloadSigner(S3SigV4Auth):
    """botocore's SigV4 signer of S3 requests, given the body's SHA-256 (``Uploader.put``
    has hashed it) instead of hashing it a second time; for the site's objects
    (``_Signed``: headers named once each, ``host`` among them) the headers to sign are
    picked as botocore picks them, into a plain dict: about half the signer's CPU."""

    def payload(self, request: AWSRequest) -> str:
        return request.context.get("sha256") or super().payload(request)

    def headers_to_sign(self, request):
        if not isinstance(request, _Signed):
            return super().headers_to_sign(request)
        return _SignedHeaders(
            (name.lower(), value)
            for name, value in request.headers.items()
            if name.lower() not in SIGNED_HEADERS_BLACKLIST
        )


def _error_of(body: bytes) -> tuple[str, str]:
    """The S3 error document's code and message."""
    parts = {name.decode(): value.decode("utf-8", "replace") for name, value in
             _ERROR_PART.findall(body[:4096])}  # fmt: skip
    return parts.get("Code", ""), parts.get("Message", "")


class _Signed:
    """What botocore's signer reads and writes of a request: an ``AWSRequest`` without its
    case-folding header map and its preparation for sending (``Uploader`` writes the
    headers as they are named here)."""

    __slots__ = ("body", "context", "headers", "method", "params", "url")

    def __init__(self, url: str, headers: dict[str, str], body: bytes, sha256: str) -> None:
        self.method, self.url, self.headers, self.body = "PUT", url, headers, body
        self.context: dict[str, Any] = {"sha256": sha256}
        self.params: dict = {}


class Uploader:
    """PUTs of objects: signed by botocore's S3 signer, sent on a keep-alive connection of
    the sending thread (``pipeline.deploy.transport``) or, for an endpoint reached through
    a proxy, on botocore's HTTP session (the pooled urllib3 connections, proxies and
    certificate checks of a boto3 client); retried like boto3's standard mode; failures
    described as the client's are. ``fresh()`` gives another process its own connections."""

    def __init__(
        self, target: Target, credentials: Credentials, region: str, base: str, environ
    ) -> None:
        self.target, self.base, self._environ = target, base, environ
        self._credentials, self._region = credentials, region
        self._signer = KnownPayloadSigner(credentials, "s3", region)
        verify = environ.get("AWS_CA_BUNDLE") or environ.get("REQUESTS_CA_BUNDLE") or True
        proxies = get_environ_proxies(base)
        self._direct: Connections | None = None
        self._http: URLLib3Session | None = None
        if proxies.get(urlsplit(base).scheme):
            self._http = URLLib3Session(
                verify=verify,
                proxies=proxies,
                timeout=TIMEOUTS,
                max_pool_connections=64,
                # as boto3's clients: no Nagle delay between the headers and a body's last bytes
                socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
            )
        else:
            self._direct = Connections(base, verify, TIMEOUTS)
        parts = urlsplit(base)
        self._path = parts.path  # the bucket's part of each object's path (path-style)
        self._host = self._direct.host_header if self._direct else ""

    def fresh(self) -> Uploader:
        return Uploader(self.target, self._credentials, self._region, self.base, self._environ)

    def put(self, path: str, data: bytes, content_type: str, cache: str, sha256: str) -> None:
        """``data`` published at ``path`` if its SHA-256 is ``sha256``, the manifest's: a
        file changed since the site was checked (a build running meanwhile) stops the
        deploy instead of being published under another file's hash."""
        if hashlib.sha256(data).hexdigest() != sha256:
            raise DeployError("deploy/site-changed", path=path)
        quoted = quote(self.target.key(path), safe="/~")
        url = self.base + quoted
        for attempt in range(1, ATTEMPTS + 1):
            try:
                status, body = self._send(url, quoted, data, content_type, cache, sha256)
            except (HTTPClientError, ConnectionError) as exc:  # no answer: refused, reset, …
                if attempt == ATTEMPTS or isinstance(exc, SSLError):
                    raise describe(exc, self.target) from None
                _pause(attempt)
                continue
            if 200 <= status < 300:
                return
            code, message = _error_of(body)
            again = status in _RETRY_STATUS or code in _RETRY_CODES
            if again and attempt < ATTEMPTS:
                _pause(attempt)
                continue
            answer = {"Error": {"Code": code or str(status), "Message": message},
                      "ResponseMetadata": {"HTTPStatusCode": status}}  # fmt: skip
            raise describe(ClientError(answer, "PutObject"), self.target)

    def _send(self, url: str, quoted: str, data: bytes, content_type: str, cache: str,
              sha256: str) -> tuple[int, bytes]:  # fmt: skip
        headers = {"Content-Type": content_type, "Cache-Control": cache,
                   "x-amz-meta-sha256": sha256}  # fmt: skip
        if self._direct is None:
            request = AWSRequest("PUT", url, headers, data)
            request.context["sha256"] = sha256
            self._signer.add_auth(request)
            response = self._http.send(request.prepare())
            return response.status_code, response.content or b""
        headers["host"] = self._host
        self._signer.add_auth(_Signed(url, headers, data, sha256))
        lines = [f"PUT {self._path}{quoted} HTTP/1.1"]
        lines.extend(f"{name}: {value}" for name, value in headers.items())
        lines.append(f"Content-Length: {len(data)}\r\n\r\n")
        text = "\r\n".join(lines)
        try:  # a header value is one line of Latin-1 (as http.client demands)
            if text.count("\n") != len(lines) + 1:
                raise ValueError("a line break in a header value")
            head = text.encode("latin-1")
        except ValueError as exc:
            raise DeployError("deploy/s3-error", bucket=self.target.bucket, code="header",
                              endpoint=self.target.endpoint or "AWS S3",
                              detail=f"{url}: {exc}") from None  # fmt: skip
        return self._direct.send(url, head, data)


def _pause(attempt: int) -> None:
    """Exponential back-off with jitter before another attempt (as boto3's)."""
    time.sleep(random.uniform(0, min(20.0, 0.5 * 2**attempt)))


class Bucket:
    """The operations a deploy needs, each raising DeployError on failure."""

    def __init__(self, target: Target, environ: Mapping[str, str], workers: int = 16) -> None:
        self.target = target
        found = find_credentials(target.kind, environ)
        if found is None:
            raise DeployError(
                "deploy/no-credentials", bucket=target.bucket, endpoint=target.endpoint or "AWS S3"
            )
        key, secret, token = found
        config = Config(
            s3={"addressing_style": _addressing(target)},
            signature_version="s3v4",
            # OSS and COS reject the CRC checksums newer boto3 adds to every upload
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=10,
            read_timeout=60,
            max_pool_connections=max(10, workers + 4),
        )
        # botocore's session, as boto3's clients are made (without boto3's own layer:
        # its transfer manager and resources, a tenth of a second to import, are not used)
        session = botocore.session.Session()
        session.set_credentials(key, secret, token)
        self.client = session.create_client(
            "s3",
            endpoint_url=target.endpoint,
            region_name=target.region or "us-east-1",
            config=config,
        )
        # small objects: no "Expect: 100-continue" round trip before each body
        self.client.meta.events.unregister("before-call.s3", add_expect_header)
        # where the client sends an object's requests (its addressing, its endpoint
        # rules): from a URL it signs without sending anything
        probe = self.client.generate_presigned_url(
            "put_object", Params={"Bucket": target.bucket, "Key": "k"}, ExpiresIn=60
        )
        base = probe.split("?", 1)[0].removesuffix("k")
        region = self.client.meta.region_name
        self.uploader = Uploader(target, Credentials(key, secret, token), region, base, environ)

    def _call(self, operation: str, **kwargs) -> Any:
        try:
            return getattr(self.client, operation)(Bucket=self.target.bucket, **kwargs)
        except Exception as exc:
            raise describe(exc, self.target) from None

    def check(self) -> None:
        """The bucket exists and these credentials may read it (a GET, not HEAD: its
        answer carries the error code that tells bad keys from missing rights)."""
        self._call("list_objects_v2", Prefix=self.target.state_key(""), MaxKeys=1)

    def read_json(self, name: str) -> Any | None:
        """A state object (manifest, pointer) or None when it does not exist."""
        try:
            body = self.client.get_object(
                Bucket=self.target.bucket, Key=self.target.state_key(name)
            )
            return json.loads(body["Body"].read())
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return None
            raise describe(exc, self.target) from None
        except ValueError:
            raise DeployError("deploy/bad-state", key=self.target.state_key(name)) from None
        except Exception as exc:
            raise describe(exc, self.target) from None

    def write_json(self, name: str, data: Any) -> None:
        """A state object, PUT as the site's objects are (a manifest is megabytes: the
        client's request pipeline would cost more than the request)."""
        body = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
        sha256 = hashlib.sha256(body).hexdigest()
        self.uploader.put(f"{STATE}/{name}", body, "application/json; charset=utf-8",
                          "no-store", sha256)  # fmt: skip

    def delete_state(self, name: str) -> None:
        self._call("delete_object", Key=self.target.state_key(name))

    def list_state(self, folder: str) -> list[str]:
        """Names of the state objects under ``folder/``."""
        prefix = self.target.state_key(folder + "/")
        names: list[str] = []
        token = None
        while True:
            extra = {"ContinuationToken": token} if token else {}
            page = self._call("list_objects_v2", Prefix=prefix, **extra)
            names.extend(item["Key"][len(prefix) :] for item in page.get("Contents", []))
            token = page.get("NextContinuationToken")
            if not page.get("IsTruncated") or not token:
                return names

    def upload(self, path: str, data: bytes, content_type: str, cache: str, sha256: str) -> None:
        """One object of the site, with its headers and its SHA-256 as metadata."""
        self.uploader.put(path, data, content_type, cache, sha256)

    def copy(self, source_key: str, key: str, content_type: str, cache: str, sha256: str) -> None:
        """A server-side copy (no bytes through this machine) with the headers given."""
        self._call(
            "copy_object",
            Key=key,
            CopySource={"Bucket": self.target.bucket, "Key": source_key},
            MetadataDirective="REPLACE",
            ContentType=content_type,
            CacheControl=cache,
            Metadata={"sha256": sha256},
        )

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.target.bucket, Key=key)
            return True
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return False
            raise describe(exc, self.target) from None
        except Exception as exc:
            raise describe(exc, self.target) from None

    def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        for start in range(0, len(keys), 1000):
            batch = [{"Key": key} for key in keys[start : start + 1000]]
            answer = self._call("delete_objects", Delete={"Objects": batch, "Quiet": True})
            errors = answer.get("Errors") or []
            if errors:
                first = errors[0]
                raise DeployError(
                    "deploy/s3-error",
                    bucket=self.target.bucket,
                    endpoint=self.target.endpoint or "AWS S3",
                    code=str(first.get("Code", "")),
                    detail=f"{first.get('Key', '')}: {first.get('Message', '')}",
                )
