"""SMAS Web: the application factory."""

import os

from flask import Flask

from smasweb import config as cfg
from smasweb.extensions import compress, csrf, db, htmx, login_manager, migrate


def create_app(config_overrides: dict | None = None) -> Flask:
    """Build the app: config → extensions → security → blueprints → errors → CLI."""
    instance = os.environ.get("SMAS_INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=os.path.abspath(instance) if instance else None,
    )
    overrides = dict(config_overrides or {})
    env = overrides.get("ENV_NAME") or os.environ.get("SMAS_ENV", "development")
    if env not in cfg.CONFIGS:
        raise RuntimeError(f"SMAS_ENV must be one of {', '.join(cfg.CONFIGS)}")
    app.config.from_object(cfg.CONFIGS[env])
    app.config.from_prefixed_env("SMAS", loads=str)
    app.config.update(overrides)
    _configure_database(app)
    _configure_secret(app)
    _configure_public_url(app)
    _configure_clock(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=_migrations_dir(), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    compress.init_app(app)

    from smasweb import (
        cli,
        errors,
        jinja,
        limits,
        metrics,
        request_log,
        security,
        statement_timeout,
        static_assets,
    )
    from smasweb.blueprints import register_blueprints
    from smasweb.services import guard, guard_core

    guard.install()
    guard_core.install()
    statement_timeout.install()

    request_log.init_app(app)
    security.init_app(app)
    metrics.init_app(app)
    static_assets.init_app(app)
    limits.init_app(app)  # before the blueprints: their <int:…> rules
    register_blueprints(app)
    errors.init_app(app)
    jinja.init_app(app)
    cli.init_app(app)
    return app


def _configure_database(app: Flask) -> None:
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        if app.config["ENV_NAME"] == "production":
            raise RuntimeError("SMAS_DATABASE_URL is required in production.")
        os.makedirs(app.instance_path, exist_ok=True)
        url = cfg.sqlite_url(app.instance_path)
    url = cfg.normalize_db_url(url)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    options = cfg.engine_options(url)
    options.update(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _configure_secret(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if app.config["ENV_NAME"] == "production":
        raise RuntimeError("SMAS_SECRET_KEY is required in production.")
    os.makedirs(app.instance_path, exist_ok=True)
    app.config["SECRET_KEY"] = cfg.local_secret_key(app.instance_path)


def _configure_public_url(app: Flask) -> None:
    # Verify links printed into official PDFs, which are cached and handed to
    # others: never taken from a request's Host header in production.
    if app.config["ENV_NAME"] == "production" and not app.config.get("PUBLIC_URL"):
        raise RuntimeError("SMAS_PUBLIC_URL is required in production.")


def _configure_clock(app: Flask) -> None:
    from smasweb.clock import parse_pinned

    app.config["TODAY"] = parse_pinned(app.config.get("TODAY"))
    if app.config["TODAY"] and app.config["ENV_NAME"] == "production":
        raise RuntimeError(
            "SMAS_TODAY pins the date for demos; unset it in production."
        )


def _migrations_dir() -> str:
    return os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")
