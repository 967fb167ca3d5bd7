"""A local stand-in for the Hugging Face Hub's file endpoint, for download tests.

It answers ``HEAD``/``GET /{repo}/resolve/{revision}/{path}`` the way the Hub
does for the headers huggingface_hub reads: the commit, the ETag (git blob
SHA-1 for small files, SHA-256 for large "LFS" files) and the size. Only
loopback is used; nothing leaves the machine.
"""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LFS_SUFFIXES = (".bin", ".safetensors")


def git_blob_sha1(data: bytes) -> str:
    return hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest()


class FakeHub:
    def __init__(self, repo: str, revision: str, files: dict[str, bytes]):
        self.repo, self.revision, self.files = repo, revision, dict(files)
        self.etag_override: dict[str, str] = {}
        self.requests: list[str] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _find(self):
                hub.requests.append(f"{self.command} {self.path}")
                prefix = f"/{hub.repo}/resolve/{hub.revision}/"
                if not self.path.startswith(prefix):
                    return None
                return self.path[len(prefix):]

            def _headers(self, name: str, data: bytes) -> None:
                self.send_response(200)
                if name.endswith(LFS_SUFFIXES):
                    etag = hashlib.sha256(data).hexdigest()
                    self.send_header("X-Linked-Etag", f'"{hub.etag_override.get(name, etag)}"')
                    self.send_header("X-Linked-Size", str(len(data)))
                etag = hub.etag_override.get(name, git_blob_sha1(data) if not name.endswith(LFS_SUFFIXES) else hashlib.sha256(data).hexdigest())
                self.send_header("ETag", f'"{etag}"')
                self.send_header("X-Repo-Commit", hub.revision)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Content-Type", "application/octet-stream")
                self.end_headers()

            def do_HEAD(self):
                name = self._find()
                if name is None or name not in hub.files:
                    self.send_response(404)
                    self.send_header("X-Error-Code", "EntryNotFound")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self._headers(name, hub.files[name])

            def do_GET(self):
                name = self._find()
                if name is None or name not in hub.files:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self._headers(name, hub.files[name])
                self.wfile.write(hub.files[name])

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "FakeHub":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def model_files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir() if p.is_file()}
