"""The only module-level app: `gunicorn wsgi:app`, `flask --app wsgi …`."""

from smasweb import create_app

app = create_app()
