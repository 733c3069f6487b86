"""What a class's printed results documents hold: the phiếu báo kết quả and the
học bạ pages of the year (one page per pupil), and the class's bảng tổng hợp.

The numbers are the ones the school confirmed (Chốt kết quả: the stored rows,
services/assessment/results_confirmed), today's (class_results.compute) where a
term or a pupil is not confirmed yet; each paper says which (Paper.status: a
draft line when not confirmed or changed since). Beside them what only paper
shows: the homeroom teacher's and the subject comments, the re-test marks, the
school's signer and the place and date line.
Per-pupil documents carry personal data: only the school's own roles (who see the
names on the results page) may print them; officers get PermissionDenied.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import StaffMember, User
from smasweb.models.assessment import ConductResult, Mark, PrimaryEvaluation
from smasweb.services.assessment import (
    class_results,
    primary_results,
    results_changes,
    tt22,
    tt27,
)
from smasweb.services.assessment import results_confirmed as confirmed
from smasweb.services.assessment.class_results import ClassResults, PupilRow
from smasweb.services.assessment.results_access import get_class
from smasweb.services.errors import NotFound, PermissionDenied
from smasweb.services.reports import documents as report_docs
from smasweb.services.reports import pdf_layout
from smasweb.services.reports.pdf import Signer

TERMS = {"hk1": "Học kỳ I", "cn": "Cả năm học"}
# the primary evaluation a term's document prints (TT 27/2020 Điều 6)
PRIMARY_TERM_OF = {"hk1": "ck1", "cn": primary_results.YEAR_TERM}
LEVEL_ORDER = (tt22.GOOD, tt22.FAIR, tt22.PASS, tt22.FAIL)
CONFIRMED, CHANGED, DRAFT = confirmed.CONFIRMED, confirmed.CHANGED, confirmed.DRAFT


@dataclass
class Paper:
    """One pupil's page: its results and what only the paper shows."""

    row: PupilRow
    conduct_comments: dict[int, str] = field(default_factory=dict)  # semester →
    item_comments: dict[str, str] = field(default_factory=dict)  # primary item →
    retest_marks: dict[str, Decimal | str] = field(default_factory=dict)  # subject →
    status: str | None = None  # CONFIRMED, CHANGED, DRAFT; None: not confirmable

    @property
    def student(self):
        return self.row.student

    @property
    def result(self):
        return self.row.result


@dataclass
class ResultDocument:
    results: ClassResults
    term: str  # TERMS
    papers: list[Paper]
    signer: Signer
    homeroom: str  # the homeroom teacher's name, "" when not recorded
    printed_on: date
    place_date: str
    confirmable: bool = False  # the class confirms the term (not primary hk1)
    confirmed_on: date | None = None  # of the term, when confirmed

    def count(self, status: str) -> int:
        return sum(p.status == status for p in self.papers)

    @property
    def cls(self):
        return self.results.cls

    @property
    def school_year(self) -> str:
        return f"{self.cls.year}-{self.cls.year + 1}"


def check_term(term: str) -> str:
    """Raises NotFound for a term the documents do not print."""
    if term not in TERMS:
        raise NotFound()
    return term


def homeroom_name(cls) -> str:
    """The homeroom teacher's name: its staff record's, else the name typed in."""
    if cls.homeroom_staff_id is not None:
        staff = db.session.get(StaffMember, cls.homeroom_staff_id)
        if staff is not None:
            return staff.full_name
    return (cls.homeroom_teacher or "").strip()


def _comments(papers: dict[int, Paper], year: int, primary_term: str) -> None:
    ids = list(papers)
    conduct = select(
        ConductResult.student_id, ConductResult.semester, ConductResult.comment
    ).where(ConductResult.student_id.in_(ids), ConductResult.year == year)
    for sid, semester, comment in db.session.execute(conduct):
        if comment:
            papers[sid].conduct_comments[semester] = comment
    items = select(
        PrimaryEvaluation.student_id, PrimaryEvaluation.item, PrimaryEvaluation.comment
    ).where(
        PrimaryEvaluation.student_id.in_(ids),
        PrimaryEvaluation.year == year,
        PrimaryEvaluation.term == primary_term,
    )
    for sid, item, comment in db.session.execute(items):
        if comment:
            papers[sid].item_comments[item] = comment
    retests = select(
        Mark.student_id, Mark.subject_code, Mark.score, Mark.verdict
    ).where(Mark.student_id.in_(ids), Mark.year == year, Mark.kind == "kl")
    for sid, code, score, verdict in db.session.execute(retests):
        papers[sid].retest_marks[code] = score if score is not None else verdict


def _primary_term_rows(results: ClassResults, term: str) -> None:
    """Semester I of a primary class: its end-of-semester evaluations (ck1) in
    place of the year's; the year's result is not printed for it."""
    ids = [r.student.id for r in results.rows]
    stmt = select(
        PrimaryEvaluation.student_id,
        PrimaryEvaluation.item,
        PrimaryEvaluation.level,
        PrimaryEvaluation.test_score,
    ).where(
        PrimaryEvaluation.student_id.in_(ids),
        PrimaryEvaluation.year == results.cls.year,
        PrimaryEvaluation.term == PRIMARY_TERM_OF[term],
    )
    found = primary_results.evaluations_of(db.session.execute(stmt))
    for row in results.rows:
        row.result = primary_results.pupil_result(
            results.subjects, results.cls.grade, found.get(row.student.id, {})
        )


def build(
    actor: User, class_id: int, term: str, *, student_id=None, personal=True
) -> ResultDocument:
    """A class's document of a term; `student_id` keeps one pupil, `personal`
    says the document names pupils (per-pupil documents).

    Raises:
        NotFound: no such class in the actor's scope, an unknown term, or a
            pupil not on the class's roster.
        PermissionDenied: the actor does not open the class, or (`personal`) does
            not see its pupils' names.
    """
    check_term(term)
    access = get_class(actor, class_id)
    if personal and not access.personal:
        raise PermissionDenied()
    results = class_results.compute(access)
    changes = results_changes.changes(results)
    statuses = confirmed.statuses(results, changes, term)
    if results.primary and term != "cn" and results.rows:
        _primary_term_rows(results, term)
    else:
        confirmed.print_confirmed(results, changes)
    rows = results.rows
    if student_id is not None:
        rows = [r for r in rows if r.student.id == student_id]
        if not rows:
            raise NotFound()
    papers = {r.student.id: Paper(r, status=statuses.get(r.student.id)) for r in rows}
    if papers and personal:
        _comments(papers, results.cls.year, PRIMARY_TERM_OF[term])
    today = clock.today()
    place = report_docs.province_name(access.school)
    return ResultDocument(
        results=results,
        term=term,
        papers=list(papers.values()),
        signer=report_docs.signer(access.school, results.cls.year),
        homeroom=homeroom_name(results.cls),
        printed_on=today,
        place_date=pdf_layout.place_date(place, today),
        confirmable=term in changes.terms,
        confirmed_on=results.confirmed_on(term) if term in changes.terms else None,
    )


def level_counts(doc: ResultDocument, what: str) -> dict[str, int]:
    """{level: pupils} of the learning or conduct results of the document's term
    (Tốt, Khá, Đạt, Chưa đạt, then "" for not yet computable)."""
    counts = Counter(getattr(p.result, what)[doc.term] for p in doc.papers)
    out = {level: counts.get(level, 0) for level in LEVEL_ORDER}
    out[""] = counts.get(None, 0)
    return out


def subject_average(doc: ResultDocument, code: str) -> Decimal | None:
    """The class's mean of a scored subject's results of the term (one decimal),
    over the pupils who have one."""
    values = [p.result.subjects[code][doc.term] for p in doc.papers]
    scores = [v for v in values if isinstance(v, Decimal)]
    if not scores:
        return None
    return tt22.round_score(sum(scores) / len(scores))


def subject_levels(doc: ResultDocument, code: str) -> tuple[int, int, int]:
    """A primary subject's pupils at Hoàn thành tốt, Hoàn thành, Chưa hoàn thành."""
    counts = Counter(p.result.subjects[code].level for p in doc.papers)
    return tuple(counts.get(level, 0) for level in reversed(tt27.SUBJECT_LEVELS))


def verdict_count(doc: ResultDocument, code: str, verdict: str) -> int:
    return sum(p.result.subjects[code][doc.term] == verdict for p in doc.papers)


TALLIES = {
    "decision": lambda r: r.final or r.decision,  # after the summer when known
    "award": lambda r: r.award,
    "result": lambda r: r.result,  # primary
}


def tally(doc: ResultDocument, what: str) -> list[tuple[str, int]]:
    """(value, pupils) of a TALLIES key over the pupils, in first-seen order,
    leaving out the pupils without one."""
    counts = Counter(TALLIES[what](p.result) for p in doc.papers)
    return [(value, n) for value, n in counts.items() if value]


def percent(part: int, whole: int) -> Decimal:
    """part / whole in percent, one decimal (0 for an empty class)."""
    if not whole:
        return Decimal(0)
    return tt22.round_score(Decimal(100 * part) / whole)
