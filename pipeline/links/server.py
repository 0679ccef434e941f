"""The built site on 127.0.0.1, for linkchecker: started on a free port, stopped afterwards.

Over file:// linkchecker reads folders as directory listings and cannot resolve the
site's pretty URLs (`about/` is `about/index.html` only on a web server), so the folder
is served over HTTP, as a host would serve it.
"""

from __future__ import annotations

import functools
import io
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pipeline.links.anchors import blank_same_page_links


class _Handler(SimpleHTTPRequestHandler):
    def send_head(self):
        """HTML as linkchecker should see it: links within the page left out (anchors.py)."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if path.suffix != ".html" or not path.is_file():
            return super().send_head()
        data = blank_same_page_links(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)

    # linkchecker waits 0.1-0.6 s between two requests to a host unless the host answers
    # with this header; then `maxrequestspersecond` alone limits the rate (1,309 pages:
    # 450 s throttled against 23 s)
    def end_headers(self) -> None:
        self.send_header("LinkChecker", "local")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def handle_error(self, request, client_address) -> None:
        # linkchecker hangs up once it has what it needs (the headers of an image, say)
        pass


@contextmanager
def serve_folder(folder: Path, handler_class: type[SimpleHTTPRequestHandler] = _Handler):
    """Yield the base URL (``http://127.0.0.1:PORT/``) of ``folder`` served over HTTP,
    by default as linkchecker should see it."""
    handler = functools.partial(handler_class, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="links-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
