"""The outermost WSGI layer: only requests under the served prefix reach wsgidav.

- The first path segment of the raw request target must equal the secret prefix (compared in
  constant time); anything else gets a bare 404 that says nothing about what is served.
  `/` answers OPTIONS (Windows' WebClient probes it) and a PROPFIND that lists nothing.
- Inside the prefix, the raw target is decoded once, here: encoded slashes or backslashes
  (`%2f`, `%5c`, `\\`), `.`/`..` segments in any encoding, NUL, and bytes that are not UTF-8
  are refused (403) before wsgidav sees them. Names are mapped to NFC (macOS sends NFD).
- Destination (COPY/MOVE) gets the same checks and must name this server's prefix; absolute
  URIs for another host are refused. X-Forwarded-* headers are dropped (no proxy in front).
- POST is refused (405). Once stopped, every request gets 404.
- macOS Finder's chunked PUT with X-Expected-Entity-Length: the length is checked against the
  body that arrived (a short upload never replaces the file).
"""

from __future__ import annotations

import hmac
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]

_ROOT_PROPFIND = (
    b'<?xml version="1.0" encoding="utf-8"?>\n'
    b'<D:multistatus xmlns:D="DAV:"><D:response><D:href>/</D:href><D:propstat><D:prop>'
    b"<D:resourcetype><D:collection/></D:resourcetype></D:prop>"
    b"<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>\n"
)


class BadTarget(ValueError):
    """A request target (or Destination) that must not reach the provider."""


def _respond(
    start_response: StartResponse,
    status: str,
    body: bytes = b"",
    headers: Iterable[tuple[str, str]] = (),
) -> list[bytes]:
    start_response(
        status,
        [("Content-Length", str(len(body))), ("Content-Type", "text/plain"), *headers],
    )
    return [body]


def _raw_path(target: str) -> str:
    """The path part of a request target as sent (percent-encoded), query dropped."""
    if "://" in target.split("/", 1)[0] + "/" or target.lower().startswith(("http:", "https:")):
        target = urlsplit(target).path or "/"
    return target.split("?", 1)[0].split("#", 1)[0]


def decode_path(raw: str) -> str:
    """Percent-decoded, validated, NFC path (with its leading '/', trailing '/' kept)."""
    if "\\" in raw:
        raise BadTarget("backslash")
    segments = raw.split("/")
    decoded = []
    for segment in segments:
        try:
            name = unquote_to_bytes(segment).decode("utf-8")
        except UnicodeDecodeError:
            raise BadTarget("not UTF-8") from None
        if "/" in name or "\\" in name or "\0" in name or name in (".", ".."):
            raise BadTarget("bad segment")
        decoded.append(unicodedata.normalize("NFC", name))
    return "/".join(decoded)


class PrefixGuard:
    def __init__(self, app: WsgiApp, prefix: str) -> None:
        self._app = app
        self._prefix = prefix
        self.serving = True

    def _split_prefix(self, raw: str) -> str | None:
        """The raw rest after '/<prefix>' ('' or '/...'), or None when the prefix differs."""
        if not raw.startswith("/"):
            return None
        first, sep, rest = raw[1:].partition("/")
        if not hmac.compare_digest(first.encode("latin-1"), self._prefix.encode("ascii")):
            return None
        return sep + rest

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if not self.serving:
            return _respond(start_response, "404 Not Found", headers=[("Connection", "close")])
        for key in [k for k in environ if k.startswith("HTTP_X_FORWARDED")]:
            del environ[key]
        method = environ.get("REQUEST_METHOD", "")
        raw = _raw_path(environ.get("REQUEST_URI") or environ.get("PATH_INFO", "/"))
        if raw in ("/", "", "*"):
            return self._root(method, environ, start_response)
        rest = self._split_prefix(raw)
        if rest is None:
            return _respond(start_response, "404 Not Found")
        if method == "POST":
            return _respond(start_response, "405 Method Not Allowed", headers=[("Allow", "")])
        try:
            path = decode_path(rest) or "/"
            self._check_destination(environ)
            self._note_expected_length(environ)
        except BadTarget:
            return _respond(start_response, "403 Forbidden")
        environ["SCRIPT_NAME"] = "/" + self._prefix
        # wsgidav re-decodes PATH_INFO from latin-1 to UTF-8 (PEP 3333): hand it over that way.
        environ["PATH_INFO"] = path.encode("utf-8").decode("latin-1")
        return self._app(environ, start_response)

    def _root(self, method: str, environ: Environ, start_response: StartResponse) -> list[bytes]:
        """Windows' WebClient asks OPTIONS and PROPFIND on '/' before the real path."""
        if method == "OPTIONS":
            return _respond(
                start_response,
                "200 OK",
                headers=[("DAV", "1, 2"), ("Allow", "OPTIONS, PROPFIND"), ("MS-Author-Via", "DAV")],
            )
        if method == "PROPFIND":
            start_response(
                "207 Multi-Status",
                [
                    ("Content-Type", "application/xml; charset=utf-8"),
                    ("Content-Length", str(len(_ROOT_PROPFIND))),
                ],
            )
            return [_ROOT_PROPFIND]
        return _respond(start_response, "404 Not Found")

    def _check_destination(self, environ: Environ) -> None:
        destination = environ.get("HTTP_DESTINATION")
        if destination is None:
            return
        parts = urlsplit(destination)
        if parts.scheme or parts.netloc:
            host = environ.get("HTTP_HOST", "").lower()
            if parts.scheme.lower() != environ.get("wsgi.url_scheme", "http") or (
                parts.netloc.lower() != host
            ):
                raise BadTarget("another server")
        rest = self._split_prefix(parts.path)
        if rest is None:
            raise BadTarget("outside the prefix")
        path = decode_path(rest) or "/"
        # wsgidav unquotes Destination once more: hand it the decoded path re-quoted.
        from urllib.parse import quote

        environ["HTTP_DESTINATION"] = quote(f"/{self._prefix}{path}", safe="/")

    @staticmethod
    def _note_expected_length(environ: Environ) -> None:
        expected = environ.get("HTTP_X_EXPECTED_ENTITY_LENGTH")
        if expected is None:
            return
        if not expected.strip().isdigit():
            raise BadTarget("bad X-Expected-Entity-Length")
        environ["strongroom.expected_length"] = int(expected)
