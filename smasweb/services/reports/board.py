"""What the reports' tracking pages read: the progress board, a school's submission
page and the diff between two frozen versions of its report (or one and live data).

The board is for district offices (their schools), the Department's divisions (the
schools at their levels; they approve only those directly under the Department) and
administrators (all). For the province it counts by middle unit, each a link to that
unit's own board, and lists the schools directly under the Department; a middle
unit's board lists its schools, PER_PAGE to a page. Its statements do not grow with
the number of schools: schools, non-school units, submissions, and completeness's
five grouped queries.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import ReportPeriod, Unit, User
from smasweb.models.reports import ReportSnapshot, ReportSubmission, SubmissionEvent
from smasweb.services import policy, tree
from smasweb.services.errors import NotFound, PermissionDenied
from smasweb.services.reports import approvals, completeness, official
from smasweb.services.reports.scope import LEVELS, ReportScope
from smasweb.services.reports.tables import ReportData, cell_changes

PER_PAGE = 50
STATUSES = ("not_started", "draft", "sent", "approved", "rejected")
LABELS = {"not_started": "Chưa bắt đầu", **approvals.STATUS_LABELS}
COLORS = {
    "not_started": "#8a8f98",
    "draft": "#b7791f",
    "sent": "#1d5fbf",
    "approved": "#2f7d32",
    "rejected": "#c0392b",
}
LEVEL_SHORT = {"01": "MN", "02": "TH", "03": "THCS", "04": "THPT", "05": "GDTX"}


@dataclass
class BoardRow:
    school: Unit
    level: str
    status: str
    row: ReportSubmission | None
    missing: list[str]
    decidable: bool
    group: Unit | None = None  # the middle unit holding the school (province board)

    @property
    def status_label(self) -> str:
        return LABELS[self.status]

    @property
    def level_label(self) -> str:
        return LEVEL_SHORT.get(self.level, self.level)


@dataclass
class Group:
    """A middle unit on the province board (unit None: schools under the Department)."""

    unit: Unit | None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Board:
    unit: Unit
    period: ReportPeriod
    level: str  # "" = every level
    levels: list[str]
    status: str  # "" = every status
    counts: dict[str, int]
    groups: list[Group]
    rows: list[BoardRow]
    total: int
    page: int
    pages: int

    @property
    def is_province(self) -> bool:
        return self.unit.kind == "department"

    def bars(self, width: int = 300) -> list[dict]:
        """The chart's horizontal bars: one per status, scaled to the largest."""
        top = max(self.counts.values(), default=0) or 1
        return [
            {
                "status": s,
                "label": LABELS[s],
                "count": n,
                "color": COLORS[s],
                "width": round(width * n / top),
                "y": i * 30,
            }
            for i, (s, n) in enumerate(self.counts.items())
        ]


def board_unit(actor: User, unit_id: int | None) -> Unit:
    """The unit whose board is asked for (default: the actor's office or the
    province). Raises PermissionDenied (school roles), NotFound (out of scope)."""
    if not policy.has_permission(actor, "reports.review"):
        raise PermissionDenied()
    if unit_id is None:
        unit = policy.subtree_root(actor) or db.session.scalar(
            select(Unit).where(Unit.kind == "department")
        )
    else:
        unit = db.session.get(Unit, unit_id)
    if unit is None or unit.is_school or not policy.in_scope(actor, unit):
        raise NotFound()
    return unit


def board_levels(actor: User) -> list[str]:
    return [c for c in LEVELS if policy.reads_level(actor, c)]


def _status(sub: ReportSubmission | None, started: bool) -> str:
    if sub is not None and sub.status != "draft":
        return sub.status
    return "draft" if started else "not_started"


def _key(unit: Unit | None) -> str:
    return unit.sort_key if unit else ""


def _group_of(school: Unit, offices: dict[int, Unit]) -> Unit | None:
    """The middle unit right under the Department that holds the school (None:
    the school is directly under the Department)."""
    node = school
    while (up := offices.get(node.parent_id)) is not None and up.kind != "department":
        node = up
    return None if node is school else node


def build_board(
    actor: User,
    unit_id=None,
    period_id=None,
    level="",
    status="",
    page=1,
    per_page: int = PER_PAGE,
    every_school: bool = False,
) -> Board:
    """The board of one unit (see module doc); `every_school` lists the schools of
    the middle units too (the export). Raises PermissionDenied, NotFound."""
    unit = board_unit(actor, unit_id)
    period = approvals.get_period(period_id)
    levels = board_levels(actor)
    if level and level not in levels:
        raise NotFound()
    status = status if status in STATUSES else ""
    ids = tree.subtree_ids(unit.id)
    # Every office in one query, held here so that the approver check's walk up the
    # tree (school.parent …) finds them in the session, not the database.
    offices = {
        u.id: u for u in db.session.scalars(select(Unit).where(Unit.kind != "school"))
    }
    schools = db.session.scalars(
        select(Unit)
        .where(Unit.kind == "school", Unit.closed_on.is_(None), Unit.id.in_(ids))
        .order_by(Unit.sort_key, Unit.id)
    ).all()
    subs = {
        (s.school_id, s.level): s
        for s in db.session.scalars(
            select(ReportSubmission).where(
                ReportSubmission.report_code == approvals.code_of(period),
                ReportSubmission.period_id == period.id,
                ReportSubmission.school_id.in_(ids),
            )
        )
    }
    found = completeness.for_schools(ids, period.year)
    wanted = [level] if level else levels
    province = unit.kind == "department"
    counts = dict.fromkeys(STATUSES, 0)
    groups: dict[int | None, Group] = {}
    listed = []
    for school in schools:
        done = found.get(school.id, completeness.Completeness())
        group = _group_of(school, offices) if province else None
        for lv in official.period_levels(period, school):
            if lv not in wanted:
                continue
            st = _status(subs.get((school.id, lv)), done.started)
            counts[st] += 1
            if province:
                key = group.id if group else None
                groups.setdefault(key, Group(group)).counts[st] += 1
            if (group is None or every_school) and status in ("", st):
                listed.append((school, lv, st, done, group))
    pages = max(1, -(-len(listed) // per_page))
    page = min(max(1, page), pages)
    rows = [
        BoardRow(
            s,
            lv,
            st,
            subs.get((s.id, lv)),
            done.messages(),
            policy.approves_report(actor, s, lv),
            group,
        )
        for s, lv, st, done, group in listed[(page - 1) * per_page : page * per_page]
    ]
    ordered = sorted(groups.values(), key=lambda g: (g.unit is None, _key(g.unit)))
    return Board(
        unit,
        period,
        level,
        levels,
        status,
        counts,
        ordered,
        rows,
        len(listed),
        page,
        pages,
    )


def board_row(actor: User, row: ReportSubmission) -> BoardRow:
    """One school's board row, after a decision swapped it."""
    year = db.session.get(ReportPeriod, row.period_id).year
    found = completeness.for_schools([row.school_id], year)
    done = found.get(row.school_id, completeness.Completeness())
    return BoardRow(
        row.school,
        row.level,
        _status(row, done.started),
        row,
        done.messages(),
        policy.approves_report(actor, row.school, row.level),
    )


@dataclass
class SubmissionPage:
    """A school's report in the chain: status, history, who may act now."""

    school: Unit
    level: str
    levels: list[str]
    period: ReportPeriod
    row: ReportSubmission | None
    official: ReportSnapshot | None
    events: list[SubmissionEvent]
    frozen: bool
    may_send: bool
    may_decide: bool

    @property
    def status(self) -> str:
        return self.row.status if self.row else "draft"

    @property
    def status_label(self) -> str:
        return approvals.STATUS_LABELS[self.status]


def history(row: ReportSubmission | None) -> list[SubmissionEvent]:
    if row is None:
        return []
    stmt = select(SubmissionEvent).where(SubmissionEvent.submission_id == row.id)
    return list(
        db.session.scalars(
            stmt.order_by(SubmissionEvent.at.desc(), SubmissionEvent.id.desc())
        )
    )


def submission_page(actor: User, school_id, level, period_id) -> SubmissionPage:
    """The school's place in the chain for one level and period. Raises NotFound."""
    period = approvals.get_period(period_id)
    school, level = approvals.get_school(actor, school_id, level, period)
    row = approvals.find_submission(approvals.code_of(period), period, school, level)
    official_id = row.official_snapshot_id if row else None
    return SubmissionPage(
        school,
        level,
        approvals.levels_for(actor, school, period),
        period,
        row,
        db.session.get(ReportSnapshot, official_id) if official_id else None,
        history(row),
        official.is_frozen(period),
        approvals.may_send(actor, school),
        policy.approves_report(actor, school, level),
    )


@dataclass
class Diff:
    school: Unit
    level: str
    period: ReportPeriod
    before: ReportSnapshot
    after: ReportSnapshot | None  # None: the live numbers
    changes: list[dict]


def _snapshot(value, school: Unit, level: str, period: ReportPeriod):
    snap = db.session.get(ReportSnapshot, int(value)) if str(value).isdigit() else None
    if snap is None or (snap.report_code, snap.period_id, snap.unit_id, snap.level) != (
        approvals.code_of(period),
        period.id,
        school.id,
        level,
    ):
        raise NotFound()
    return snap


def diff(actor: User, school_id, level, period_id, a, b) -> Diff:
    """The cells that differ between snapshot `a` and snapshot `b` (or "live").
    Raises NotFound (a school, level or snapshot the actor may not read)."""
    period = approvals.get_period(period_id)
    school, level = approvals.get_school(actor, school_id, level, period)
    before = _snapshot(a, school, level, period)
    if b == "live":
        after = None
        scope = ReportScope(school, level, period.year, period, [school])
        new = approvals.definition(approvals.code_of(period)).build(scope)
    else:
        after = _snapshot(b, school, level, period)
        new = ReportData.from_json(after.data)
    changes = cell_changes(ReportData.from_json(before.data), new)
    return Diff(school, level, period, before, after, changes)
