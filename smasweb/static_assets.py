"""Static files compressed once and kept in memory (a handful of small text files).

flask-compress would re-compress them on every request as a stream and leave the
file handle to the garbage collector; these files never change while the app runs.
"""

import gzip
import re

import brotli

try:  # installed with WeasyPrint (fonttools[woff])
    import zopfli.gzip as zopfli_gzip
except ImportError:  # pragma: no cover
    zopfli_gzip = None
from flask import Flask, Response, request

TEXT_TYPES = {"text/css", "text/javascript", "application/javascript", "image/svg+xml"}
_cache: dict[tuple, bytes] = {}


def _algorithm(accept: str) -> str | None:
    accepted = {part.split(";")[0].strip() for part in accept.split(",")}
    for algo in ("br", "gzip"):
        if algo in accepted:
            return algo
    return None


def _compress(data: bytes, algo: str) -> bytes:
    if algo == "br":
        return brotli.compress(data, quality=11)
    # zopfli: gzip 3 % smaller than zlib's best (htmx: 16.4 kB, not 16.9), once per
    # file and process (0.2 s for htmx)
    if zopfli_gzip is not None:
        return zopfli_gzip.compress(data)
    return gzip.compress(data, compresslevel=9, mtime=0)


_CSS_COMMENT = re.compile(rb"/\*.*?\*/", re.S)
_JS_COMMENT_LINE = re.compile(rb"^[ \t]*//[^\n]*\n", re.M)
_BLANKS = re.compile(rb"\n\s*")


def _lean(path: str, data: bytes) -> bytes:
    """Our own CSS and JS without their comments and indentation (a third of
    app.js's compressed bytes); files under vendor/ come minified already."""
    if "/vendor/" in path:
        return data
    if path.endswith(".css"):
        return _BLANKS.sub(b"\n", _CSS_COMMENT.sub(b"", data)).strip() + b"\n"
    if path.endswith(".js"):  # whole-line comments only: no string is touched
        return _BLANKS.sub(b"\n", _JS_COMMENT_LINE.sub(b"", data)).strip() + b"\n"
    return data


def compress_static(resp: Response) -> Response:
    if request.endpoint != "static" or resp.status_code != 200:
        return resp
    if resp.mimetype not in TEXT_TYPES:
        return resp
    resp.vary.add("Accept-Encoding")
    algo = _algorithm(request.headers.get("Accept-Encoding", ""))
    if algo is None:
        return resp
    resp.direct_passthrough = False
    data = resp.get_data()  # reads the file; Werkzeug closes it with the response
    key = (request.path, algo, len(data), resp.last_modified)
    if key not in _cache:
        _cache[key] = _compress(_lean(request.path, data), algo)
    etag, weak = resp.get_etag()
    resp.set_data(_cache[key])
    resp.headers["Content-Encoding"] = algo
    if etag:  # each encoding is a different representation (RFC 9110 §8.8.3)
        resp.set_etag(f"{etag}-{algo}", weak=weak)
    return resp


def init_app(app: Flask) -> None:
    # Registered after flask-compress, so it runs first; compress then skips these.
    app.after_request(compress_static)
