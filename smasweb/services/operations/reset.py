"""Empty the database completely (every table, the Alembic revision included), so a
demo can be built again from the migrations on another day (`smas demo --reset`)."""

from sqlalchemy import inspect

from smasweb.extensions import db


def drop_everything() -> list[str]:
    """Drop every table of the current database; return their names."""
    db.session.remove()
    engine = db.engine
    tables = inspect(engine).get_table_names()
    quote = engine.dialect.identifier_preparer.quote
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            # no foreign-key checks while dropping, outside any transaction
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            try:
                for name in tables:
                    conn.exec_driver_sql(f"DROP TABLE {quote(name)}")
                conn.commit()
            finally:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        else:
            for name in tables:
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {quote(name)} CASCADE")
            conn.commit()
    engine.dispose()  # pooled connections may hold the old schema's statements
    return tables
