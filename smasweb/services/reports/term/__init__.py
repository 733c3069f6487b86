"""The term reports: sơ kết học kỳ I (semester1.py) and tổng kết năm học
(school_year.py), for a school, a middle unit or the province, per level, as of
the period's data date (31/12, 31/05).

Secondary (TT 22/2021): the pupils by learning and by conduct result of the term
(the StudentResult rows Chốt kết quả stored: results.py), and for the year the
decisions (lên lớp, kiểm tra lại, rèn luyện hè, ở lại lớp, and what the re-test
and the summer decided) and the awards; the subject averages the school
confirmed with them (SubjectResult) and their distribution (scores.py). Primary
(TT 27/2020): the year's education result, the completion of the grade and the
awards; the periodic test scores of the term.
Every count by grade, with Nữ and Dân tộc thiểu số, and its rate (tables.py).
"""

from smasweb.services.assessment import tt22, tt27
from smasweb.services.assessment.primary_results import COMPLETED, NOT_COMPLETED
from smasweb.services.assessment.tt22_decisions import AWARD_LABELS, Decision
from smasweb.services.reports import parallel, query_settings
from smasweb.services.reports.scope import ReportScope
from smasweb.services.reports.tables import ReportData
from smasweb.services.reports.term import results, scores, tables

PRIMARY = "02"
TERM_OF = {"semester1": "hk1", "school_year": "cn"}
TEST_TERM_OF = {"semester1": "ck1", "school_year": "ck2"}
WORDS = {"semester1": "học kỳ I", "school_year": "cả năm"}


def _levels(labels: dict, field: str, order) -> list[tuple[str, dict]]:
    return [(labels[code], {field: code}) for code in reversed(order)]


def _secondary_tables(code: str, grades, found) -> list:
    words = WORDS[code]
    learning = _levels(tt22.LEARNING_LABELS, "learning", tt22.LEVELS)
    conduct = _levels(tt22.CONDUCT_LABELS, "conduct", tt22.LEVELS)
    out = [
        tables.results_table(
            "learning", f"I. Kết quả học tập {words}", grades, found, learning
        ),
        tables.results_table(
            "conduct", f"II. Kết quả rèn luyện {words}", grades, found, conduct
        ),
    ]
    if code == "school_year":
        decided = [
            (label, {"decision": str(d)})
            for d, label in (
                (Decision.PROMOTED, "Lên lớp (hoàn thành chương trình)"),
                (Decision.RETEST, "Kiểm tra lại trong hè"),
                (Decision.SUMMER_TRAINING, "Rèn luyện trong hè"),
                (Decision.REPEAT, "Ở lại lớp"),
            )
        ]
        decided += [
            ("Sau kiểm tra lại, rèn luyện hè: lên lớp",
             {"after": str(Decision.PROMOTED)}),
            ("Sau kiểm tra lại, rèn luyện hè: ở lại lớp",
             {"after": str(Decision.REPEAT)}),
        ]  # fmt: skip
        decided += [(label, {"award": c}) for c, label in AWARD_LABELS.items()]
        title = "III. Lên lớp, kiểm tra lại, rèn luyện hè, ở lại lớp; khen thưởng"
        out.append(tables.results_table("decisions", title, grades, found, decided))
    return out


def _primary_tables(grades, found) -> list:
    learning = _levels(tt27.RESULT_LABELS, "learning", tt27.RESULTS)
    decided = [
        ("Hoàn thành chương trình lớp học", {"decision": COMPLETED}),
        ("Chưa hoàn thành chương trình lớp học", {"decision": NOT_COMPLETED}),
        *((label, {"award": c}) for c, label in tt27.AWARD_LABELS.items()),
    ]
    title = "I. Kết quả giáo dục cả năm học"
    return [
        tables.results_table("learning", title, grades, found, learning),
        tables.results_table(
            "decisions", "II. Hoàn thành chương trình; khen thưởng", grades, found,
            decided,
        ),
    ]  # fmt: skip


def _score_table(code: str, scope: ReportScope, found: dict):
    if scope.level == PRIMARY:
        term = TEST_TERM_OF[code]
        subjects = scores.tested_subjects(scope.grades, term)
        when = "cuối học kỳ I" if code == "semester1" else "cuối năm học"
        title = f"Điểm kiểm tra định kỳ {when}"
    else:
        subjects = scores.scored_subjects(scope.grades)
        mean = "ĐTBmhk" if code == "semester1" else "ĐTBmcn"
        title = f"Điểm trung bình môn {WORDS[code]} ({mean})"
    return tables.score_table("scores", title, scope.grades, subjects, found)


def _query(code: str, scope: ReportScope) -> dict:
    ids, grades, day = scope.school_ids, scope.grades, scope.day
    year = scope.year
    primary = scope.level == PRIMARY
    jobs = {}
    if not (primary and code == "semester1"):  # TT 27 decides at the year's end
        jobs["results"] = lambda: results.counts(ids, grades, year, TERM_OF[code], day)
    if primary and code == "semester1":
        test = TEST_TERM_OF[code]
        jobs["scores"] = lambda: scores.primary(ids, grades, year, test, day)
    elif primary:
        jobs["scores"] = lambda: scores.primary_year(ids, grades, year, day)
    else:
        term = TERM_OF[code]
        jobs["scores"] = lambda: scores.secondary(ids, grades, year, term, day)
    if not ids:
        return {name: {} for name in jobs}
    return parallel.run(jobs, prepare=query_settings.for_report, schools=len(ids))


def build(code: str, title: str, scope: ReportScope) -> ReportData:
    got = _query(code, scope)
    out = []
    if "results" in got:
        found = got["results"]
        out.append(tables.status_table(len(scope.schools), found))
        if scope.level == PRIMARY:
            out += _primary_tables(scope.grades, found)
        else:
            out += _secondary_tables(code, scope.grades, found)
    score = _score_table(code, scope, got["scores"])
    number = ["I", "II", "III", "IV", "V"][len(out) - 1 if out else 0]
    score.title = f"{number}. {score.title}"
    out.append(score)
    data = scope.report(code, title, out, title)
    return derive(data)


def derive(data: ReportData) -> ReportData:
    """Recompute the rates and the averages from the counts."""
    for table in data.tables:
        if table.key == "scores":
            tables.derive_scores(table)
        elif table.key != "status":
            tables.derive_results(table)
    return data
