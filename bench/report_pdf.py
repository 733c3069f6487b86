"""Render time of the official report PDF, next to WeasyPrint's bare render.

    .venv/bin/python bench/report_pdf.py [--runs 7] [--long-tables 25] [--save DIR]
                                         [--sample]

1. A school's report: the real after-opening report of the small demo's largest
   primary school (the demo is loaded into a throwaway SQLite database first), or
   with --sample a hand-made one (three tables, one wide: 45 rows × 15 numbers):
   median of --runs renders through `render_pdf` (Jinja + QR + WeasyPrint; goal
   ≤ 1 s) and of WeasyPrint alone on the same HTML with the same fetcher
   (`weasyprint.HTML(string=…).write_pdf()`), so the difference is ours.
2. A long document (the same plus --long-tables more wide tables, ~40 pages): one
   render, pages and pages/s. Large reports belong in a background job
   (docs/performance-notes.md "PDFs").

The long document is hand-made (tests/services/test_report_pdf.py `sample_report`).
The first render (WeasyPrint import, template compilation) is timed apart.
In-process only: no server, no network.
"""

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from smasweb.services import years as school_years  # noqa: E402
from smasweb.services.reports import pdf  # noqa: E402
from tests.services.test_report_pdf import (  # noqa: E402
    CODE,
    ISSUED,
    SIGNER,
    VERIFY_URL,
    sample_report,
)

OPTIONS = dict(
    signer=SIGNER,
    draft=False,
    number="15/BC-SGDĐT",
    issued_on=ISSUED,
    verification_code=CODE,
    verify_url=VERIFY_URL,
)


def demo_school_report():
    """The after-opening report (primary) of the small demo's largest primary school."""
    import tempfile

    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from smasweb import create_app
    from smasweb.extensions import db
    from smasweb.models import Student, Unit
    from smasweb.services.reports import after_opening
    from smasweb.services.reports.scope import ReportScope

    folder = tempfile.mkdtemp(prefix="smas-bench-pdf-")
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{folder}/demo.sqlite3", "SECRET_KEY": "bench"}
    )
    app.instance_path = folder
    with app.app_context():
        upgrade()
        demo = ["smas", "demo", "--password", "Bench2019x", "--scale", "small"]
        assert app.test_cli_runner().invoke(args=demo).exit_code == 0
        school = db.session.scalars(
            select(Unit)
            .join(Student, Student.school_id == Unit.id)
            .where(Unit.levels == "02")
            .group_by(Unit.id)
            .order_by(func.count().desc())
        ).first()
        year = school_years.current_year()
        return after_opening.build(ReportScope(school, "02", year, None, [school]))


def timed(fn) -> tuple[float, float, bytes]:
    """(wall seconds, CPU seconds of this process, result)."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def bare(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(
        string=html,
        base_url=pdf.STATIC_ROOT.as_uri() + "/",
        url_fetcher=pdf.static_fetcher(),
    ).write_pdf()


def page_count(data: bytes) -> int:
    info = subprocess.run(
        ["pdfinfo", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--long-tables", type=int, default=25)
    parser.add_argument("--save", type=Path, help="write the PDFs into this folder")
    parser.add_argument("--sample", action="store_true", help="a hand-made report")
    args = parser.parse_args()

    school = sample_report() if args.sample else demo_school_report()
    print(f"school report: {school.unit_name}, {len(school.tables)} tables")
    first, first_cpu, out = timed(lambda: pdf.render_pdf(school, **OPTIONS))
    print(
        f"first render (imports, template compile): {first:.2f} s, CPU {first_cpu:.2f} s"
    )
    html = pdf.render_html(school, **OPTIONS)
    runs: dict[str, list[tuple[float, float]]] = {
        "render_pdf": [],
        "bare": [],
        "html": [],
    }
    for _ in range(args.runs):  # interleaved, so load from elsewhere hits all alike
        runs["render_pdf"].append(timed(lambda: pdf.render_pdf(school, **OPTIONS))[:2])
        runs["bare"].append(timed(lambda: bare(html))[:2])
        runs["html"].append(timed(lambda: pdf.render_html(school, **OPTIONS))[:2])
    wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
    print(
        f"school report, {page_count(out)} pages, {len(out) // 1024} KB, "
        f"median of {args.runs} (wall / CPU of this process):\n"
        f"  render_pdf        {wall['render_pdf']:.3f} s / {cpu['render_pdf']:.3f} s"
        f"  (goal ≤ 1 s: {'met' if wall['render_pdf'] <= 1 else 'NOT met'})\n"
        f"  bare WeasyPrint   {wall['bare']:.3f} s / {cpu['bare']:.3f} s"
        f"  (render_pdf / bare = {cpu['render_pdf'] / cpu['bare']:.2f} in CPU)\n"
        f"  of which HTML     {wall['html']:.3f} s / {cpu['html']:.3f} s (Jinja + QR)"
    )

    long = sample_report(extra_wide_tables=args.long_tables)
    seconds, cpu_s, long_pdf = timed(lambda: pdf.render_pdf(long, **OPTIONS))
    pages = page_count(long_pdf)
    print(
        f"long report: {pages} pages, {len(long_pdf) // 1024} KB in {seconds:.2f} s "
        f"(CPU {cpu_s:.2f} s) = {pages / seconds:.1f} pages/s "
        f"({pages / cpu_s:.1f} per CPU second)"
    )
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        (args.save / "school.pdf").write_bytes(out)
        (args.save / "long.pdf").write_bytes(long_pdf)


if __name__ == "__main__":
    main()
