"""Planner settings for one report build's transaction (PostgreSQL only).

A province report groups hundreds of thousands of pupils or children: its hash
(about 25 MB for the primary pupils) goes to disk in batches with the default 4 MB
work_mem, and its cost passes jit_above_cost although compiling takes longer than
running (~15 %; bench/report_build.py). SET LOCAL ends with the transaction.
"""

from sqlalchemy import text

from smasweb.extensions import db

# Section III's pupils join in parallel only when handing ~340,000 rows to the
# leader looks cheap: the planner expects as many groups as rows (issue 15)
SETTINGS = {
    "work_mem": "64MB",
    "jit": "off",
    "parallel_setup_cost": "0",
    "parallel_tuple_cost": "0.01",
}
# Sections of comparable size side by side already keep the cores busy: parallel
# workers inside each query only add copies of the same hash joins (preschool
# province report on 2 cores: 1.2 → 0.9 s). The after-opening report of the other
# levels keeps them: its pupils query alone is most of the work.
SERIAL = SETTINGS | {"max_parallel_workers_per_gather": "0"}


def _setter(settings: dict[str, str]):
    # set_config(..., true) is SET LOCAL: all of them in one round trip
    names = ", ".join(f"set_config('{name}', :{name}, true)" for name in settings)
    statement = text(f"SELECT {names}")

    def apply() -> None:
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.execute(statement, settings)

    return apply


for_report = _setter(SETTINGS)
for_side_by_side = _setter(SERIAL)  # each section's queries on one core
