"""Settings: safe defaults, then SMAS_* environment variables, then overrides."""

import os
import secrets
from pathlib import Path


class Config:
    """Defaults for a local install (SQLite in the instance folder)."""

    ENV_NAME = "development"
    SQLALCHEMY_DATABASE_URI = None  # filled from DATABASE_URL or the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600  # static URLs carry a content hash
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
    ]
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_BR_LEVEL = 5
    COMPRESS_MIN_SIZE = 300
    COMPRESS_REGISTER = True
    # argon2id cost (RFC 9106 second recommendation, low-memory variant)
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024
    ARGON2_PARALLELISM = 1
    SESSION_IDLE_MINUTES = 120  # a session unused this long ends (ASVS 3.3.2)
    SESSION_MAX_HOURS = 12  # and any session after this long (a working day)
    TRUSTED_PROXIES = 0  # SMAS_TRUSTED_PROXIES: proxies that set X-Forwarded-*
    PAGE_SIZE = 25
    MAX_UPLOAD_MB = 10  # SMAS_MAX_UPLOAD_MB: larger requests get 413
    IMPORT_TIME_BUDGET_S = 20  # SMAS_IMPORT_TIME_BUDGET_S: an import stops after it
    IMPORT_UPLOAD_MINUTES = 30  # SMAS_IMPORT_UPLOAD_MINUTES: a checked file is kept
    PROVINCE_NAME = "Vĩnh Long"
    TODAY = None  # SMAS_TODAY=YYYY-MM-DD pins the date (demo and training installs)
    LOG_LEVEL = "INFO"
    # SQL statement budgets in seconds (0 = none); see statement_timeout.py
    STATEMENT_TIMEOUT_S = 30
    JOB_STATEMENT_TIMEOUT_S = 0
    METRICS_TOKEN = None  # /metrics answers only a bearer of this token
    # SMAS_SUPPORT_EMAIL / SMAS_SUPPORT_PHONE: the help desk every page's footer names
    SUPPORT_EMAIL = None
    SUPPORT_PHONE = None


class ProdConfig(Config):
    """Production: secrets and the database come from the environment."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


class TestConfig(Config):
    """Tests: cheap hashing; the database URL is given by the test fixtures."""

    ENV_NAME = "testing"
    TESTING = True
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024


CONFIGS = {"development": Config, "production": ProdConfig, "testing": TestConfig}


def sqlite_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "smasweb.sqlite3")


def engine_options(url: str) -> dict:
    """Connection settings per backend (SQLite pragmas are set on connect)."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 15}}
    # JIT off: PostgreSQL 15 compiles the big report GROUP BYs for longer than they
    # run (bench/report_build.py: province primary report 3.4 s with it, 2.2 s without)
    return {
        "pool_pre_ping": True,
        "pool_size": 5,
        "max_overflow": 5,
        "connect_args": {"options": "-c jit=off"},
    }


def normalize_db_url(url: str) -> str:
    """Send plain postgres URLs to the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def local_secret_key(instance_path: str) -> str:
    """Read the instance's secret key, creating it once (safe across workers)."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        tmp = path.with_name(f"secret_key.{os.getpid()}.tmp")
        tmp.write_text(secrets.token_hex(32))
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)  # atomic: the first worker wins
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()
