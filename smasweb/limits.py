"""Request limits set once for the whole app: upload size (413) and URL integers."""

from flask import Flask, Response, current_app
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import IntegerConverter

from smasweb.error_pages import MESSAGES, error_response

# The largest id (and any integer) a URL or query string may carry: PostgreSQL's
# INTEGER. Anything larger answers like a missing id, never a database overflow.
MAX_INT = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` up to PostgreSQL's INTEGER: /students/99999999999999999999 is a
    404 like any missing id, not an overflow in the database (500)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


def upload_limit_mb(app: Flask) -> int:
    """SMAS_MAX_UPLOAD_MB (environment values arrive as text)."""
    return int(app.config["MAX_UPLOAD_MB"])


def _too_large(exc: RequestEntityTooLarge) -> Response:
    message = MESSAGES[413].format(mb=upload_limit_mb(current_app))
    return error_response(413, message)


def init_app(app: Flask) -> None:
    """Call before the blueprints register: their rules bind the converter then."""
    app.url_map.converters["int"] = BoundedIntConverter
    # werkzeug refuses a longer body (413) when the form is parsed, unread
    app.config["MAX_CONTENT_LENGTH"] = upload_limit_mb(app) * 1024 * 1024
    app.register_error_handler(413, _too_large)
