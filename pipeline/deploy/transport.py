"""The site's objects on the wire: one keep-alive HTTP/1.1 connection per uploading thread.

A cold deploy is one PUT per file, thousands of them, on two cores shared with the S3
server: what a request costs in Python is what the deploy costs. urllib3's pool (through
botocore's session) spends about as much CPU choosing, checking and wrapping a connection
and its answer as the request itself; here each thread keeps its own socket, writes the
request line, the signed headers and a small body in one ``sendall`` (one packet, no
Nagle delay: ``TCP_NODELAY`` as boto3's clients set it) and reads the answer with a small
HTTP/1.1 reader (``read_answer``: a tenth of http.client's CPU, whose header parsing goes
through the ``email`` package). The signature is botocore's (``pipeline.deploy.store``);
this module only carries the bytes.

What stays as botocore's session does it: the timeouts (10 s to connect, 60 s to read),
TLS verified against ``AWS_CA_BUNDLE`` / ``REQUESTS_CA_BUNDLE`` or botocore's bundled
certificates, and every failure raised as the botocore exception that session raises
(``EndpointConnectionError``, ``ConnectTimeoutError``, ``ReadTimeoutError``,
``ConnectionClosedError``, ``SSLError``), so it is described the same way. An endpoint
reached through a proxy (``HTTPS_PROXY``/``HTTP_PROXY``, unless ``NO_PROXY`` names it) is
not served here: the caller keeps botocore's session for it.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
from urllib.parse import urlsplit

from botocore.exceptions import (
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
    SSLError,
)
from botocore.httpsession import get_cert_path
from urllib3.util.wait import wait_for_read

SMALL = 64 * 1024  # bodies up to this size go out in the same send as the headers
IDLE = 1.0  # seconds a connection may rest before it is checked for the server's close


class Connections:
    """Keep-alive connections to one endpoint (``base``: scheme://host[:port]/…), one
    per thread that sends through it. ``verify``: the CA bundle to trust, or True for
    botocore's."""

    def __init__(self, base: str, verify: str | bool, timeouts: tuple[float, float]) -> None:
        parts = urlsplit(base)
        self.https = parts.scheme == "https"
        self.host = parts.hostname or ""
        self.port = parts.port or (443 if self.https else 80)
        default = 443 if self.https else 80
        bracketed = f"[{self.host}]" if ":" in self.host else self.host
        # as botocore's signer and http.client write it: the port only when not the default
        self.host_header = bracketed if self.port == default else f"{bracketed}:{self.port}"
        self.base = base
        self.timeouts = timeouts
        self._context: ssl.SSLContext | None = None
        self._unusable: OSError | None = None  # a bundle that cannot be read: told on use
        if self.https:
            # as botocore's session: only the bundle named (or botocore's own) is trusted
            self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            try:
                self._context.load_verify_locations(cafile=get_cert_path(verify))
            except OSError as exc:
                self._unusable = exc
        self._local = threading.local()

    def _open(self, url: str) -> socket.socket:
        if self._unusable is not None:
            raise SSLError(endpoint_url=url, error=self._unusable)
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeouts[0])
        except TimeoutError as exc:
            raise ConnectTimeoutError(endpoint_url=url, error=exc) from None
        except OSError as exc:  # refused, unknown host, no route
            raise EndpointConnectionError(endpoint_url=url, error=exc) from None
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self._context is not None:
                sock = self._context.wrap_socket(sock, server_hostname=self.host)
        except ssl.SSLError as exc:
            sock.close()
            raise SSLError(endpoint_url=url, error=exc) from None
        except TimeoutError as exc:
            sock.close()
            raise ConnectTimeoutError(endpoint_url=url, error=exc) from None
        except OSError as exc:
            sock.close()
            raise EndpointConnectionError(endpoint_url=url, error=exc) from None
        sock.settimeout(self.timeouts[1])
        return sock

    def _socket(self, url: str) -> tuple[socket.socket, bool]:
        """This thread's connection and whether it served a request before; one idle for a
        while that the server closed (readable: its end of stream waiting) is opened
        again. (In a burst of uploads the check is skipped; a connection closed under a
        request anyway is retried once by ``send``.)"""
        sock = getattr(self._local, "sock", None)
        if sock is not None:
            if time.monotonic() - getattr(self._local, "used", 0.0) < IDLE:
                return sock, True
            try:
                readable = wait_for_read(sock, timeout=0)  # poll(): any descriptor number
            except OSError:
                readable = True
            if not readable:
                return sock, True
            self.close()
        sock = self._open(url)
        self._local.sock = sock
        return sock, False

    def close(self) -> None:
        sock = getattr(self._local, "sock", None)
        self._local.sock = None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.close()

    def send(self, url: str, head: bytes, body: bytes) -> tuple[int, bytes]:
        """One request (``head``: request line and headers, ending in a blank line) and its
        answer: (status, body). A connection found closed by the server before it answered
        is opened again once (a PUT may be repeated); other failures raise."""
        sock, reused = self._socket(url)
        try:
            return self._exchange(sock, url, head, body)
        except ConnectionClosedError:
            if not reused:
                raise
        sock, _ = self._socket(url)
        return self._exchange(sock, url, head, body)

    def _exchange(self, sock: socket.socket, url: str, head: bytes, body: bytes):
        try:
            if len(body) <= SMALL:
                sock.sendall(head + body)
            else:
                sock.sendall(head)
                sock.sendall(body)
            status, data, close = read_answer(sock)
            if close:
                self.close()
            self._local.used = time.monotonic()
            return status, data
        except TimeoutError as exc:
            self.close()
            raise ReadTimeoutError(endpoint_url=url, error=exc) from None
        except ssl.SSLError as exc:
            self.close()
            raise SSLError(endpoint_url=url, error=exc) from None
        except (OSError, http.client.HTTPException, ValueError) as exc:
            self.close()
            raise ConnectionClosedError(endpoint_url=url, error=exc) from None


LIMIT = 1 << 16  # bytes of an answer's status line and headers


class _Reader:
    """The bytes of one answer as they arrive."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock, self.buffer = sock, b""

    def more(self) -> None:
        chunk = self.sock.recv(LIMIT)
        if not chunk:
            raise http.client.RemoteDisconnected("the server closed the connection")
        self.buffer += chunk

    def until(self, mark: bytes, limit: int = LIMIT) -> bytes:
        """The bytes before ``mark`` (taken, with it)."""
        while (end := self.buffer.find(mark)) < 0:
            if len(self.buffer) > limit:
                raise http.client.LineTooLong("an answer's header")
            self.more()
        found, self.buffer = self.buffer[:end], self.buffer[end + len(mark) :]
        return found

    def take(self, count: int) -> bytes:
        while len(self.buffer) < count:
            self.more()
        found, self.buffer = self.buffer[:count], self.buffer[count:]
        return found

    def rest(self) -> bytes:
        """Everything until the server closes the connection."""
        while True:
            chunk = self.sock.recv(LIMIT)
            if not chunk:
                return self.buffer
            self.buffer += chunk


def read_answer(sock: socket.socket) -> tuple[int, bytes, bool]:
    """An HTTP/1.1 answer to a PUT: (status, body, whether the connection must be closed).
    Informational answers (``100 Continue``) are skipped; the body is delimited by
    Content-Length, chunked transfer coding or the connection's end (RFC 9112, 6.3)."""
    reader = _Reader(sock)
    while True:
        lines = reader.until(b"\r\n\r\n").decode("latin-1").split("\r\n")
        version, _, rest = lines[0].partition(" ")
        code = rest[:3]
        if not version.startswith("HTTP/") or not code.isdigit():
            raise http.client.BadStatusLine(lines[0])
        status = int(code)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if 100 <= status < 200:
            continue
        tokens = {t.strip() for t in headers.get("connection", "").lower().split(",")}
        close = "close" in tokens or (version == "HTTP/1.0" and "keep-alive" not in tokens)
        if "chunked" in headers.get("transfer-encoding", "").lower():
            parts = []
            while size := int(reader.until(b"\r\n").split(b";", 1)[0].strip(), 16):
                parts.append(reader.take(size))
                if reader.take(2) != b"\r\n":
                    raise ValueError("a chunk longer than its size")
            while reader.until(b"\r\n"):  # trailer fields, up to an empty line
                pass
            return status, b"".join(parts), close
        if "content-length" in headers:
            return status, reader.take(int(headers["content-length"])), close
        if status in (204, 304):
            return status, b"", close
        return status, reader.rest(), True
