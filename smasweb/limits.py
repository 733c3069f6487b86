"""Request limits set once for the whole app: integers in URLs."""

from flask import Flask
from werkzeug.routing import IntegerConverter

from smasweb.blueprints.query_args import MAX_INT


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` up to PostgreSQL's INTEGER: /students/99999999999999999999 is a
    404 like any missing id, not an overflow in the database (500)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Call before the blueprints register: their rules bind the converter then."""
    app.url_map.converters["int"] = BoundedIntConverter
