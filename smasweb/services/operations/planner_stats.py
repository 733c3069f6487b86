"""Fresh planner statistics for SQLite. Without them SQLite picks an index by its
shape alone: a school's pupils were counted through the `active` flag's index (all
pupils of the province) instead of `school_id`'s, 10 ms instead of 0.1 ms on the
home page. PostgreSQL keeps its own statistics (autovacuum); the demo's bulk loads
analyze their tables themselves."""

from sqlalchemy import text

from smasweb.extensions import db

# Rows sampled per index: approximate statistics in milliseconds, even at
# province scale (SQLite ≥ 3.32; the planner needs the shape, not exact counts).
ANALYSIS_LIMIT = 1000


def needed() -> bool:
    """Only SQLite needs to be told."""
    return db.session.get_bind().dialect.name == "sqlite"


def refresh() -> str:
    """ANALYZE an SQLite database (in the caller's transaction); nothing elsewhere."""
    if not needed():
        return "not SQLite"
    db.session.execute(text(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}"))
    db.session.execute(text("ANALYZE"))
    return "analyzed"
