"""Every model module, imported once so Alembic and the app see all tables."""

from smasweb.models.accounts import (
    LoginThrottle,
    PasswordResetRequest,
    User,
    UserSession,
)
from smasweb.models.accreditation import Accreditation
from smasweb.models.assessment import (
    ClassSubject,
    ConductResult,
    Mark,
    OutstandingPupil,
    PrimaryEvaluation,
    StudentResult,
    SubjectResult,
    TeachingAssignment,
)
from smasweb.models.attendance import AttendanceRecord, ClassTeacher
from smasweb.models.audit import AuditEntry, ExportLog
from smasweb.models.base import SchoolOwned
from smasweb.models.calendar import (
    PeriodRule,
    ReportPeriod,
    SchoolHoliday,
    UnlockRequest,
)
from smasweb.models.facilities import EquipmentItem, Room
from smasweb.models.finance import BudgetLine
from smasweb.models.graduation import ThcsDecision, ThcsDossier, ThcsGraduate
from smasweb.models.graduation_thpt import ExamResult
from smasweb.models.health import HealthCheck
from smasweb.models.imports import ImportUpload
from smasweb.models.jobs import JobRun, Notice
from smasweb.models.reports import (
    IssuedDocument,
    RenderJob,
    ReportSnapshot,
    ReportSubmission,
    SubmissionEvent,
)
from smasweb.models.schools import Campus, ClassGroup, SchoolProfile, SchoolYear
from smasweb.models.settings import Setting
from smasweb.models.staff import StaffMember, StaffTransfer, StaffYear
from smasweb.models.students import Enrollment, Movement, Student, SupportGrant
from smasweb.models.units import Unit, UnitLink

# Every governed model (a SchoolOwned subclass): the calendar and audit govern these.
SCHOOL_DATA_MODELS = tuple(SchoolOwned.governed().values())

__all__ = [
    "SCHOOL_DATA_MODELS",
    "Accreditation",
    "AttendanceRecord",
    "AuditEntry",
    "ClassSubject",
    "ClassTeacher",
    "ConductResult",
    "ExportLog",
    "IssuedDocument",
    "RenderJob",
    "ReportSnapshot",
    "ReportSubmission",
    "SubmissionEvent",
    "JobRun",
    "Notice",
    "PeriodRule",
    "ReportPeriod",
    "SchoolHoliday",
    "Setting",
    "UnlockRequest",
    "BudgetLine",
    "ExamResult",
    "HealthCheck",
    "ThcsDecision",
    "ThcsDossier",
    "ThcsGraduate",
    "ImportUpload",
    "Mark",
    "OutstandingPupil",
    "PrimaryEvaluation",
    "Campus",
    "ClassGroup",
    "EquipmentItem",
    "Room",
    "SchoolProfile",
    "SchoolYear",
    "StaffMember",
    "StaffTransfer",
    "StaffYear",
    "Student",
    "StudentResult",
    "SubjectResult",
    "TeachingAssignment",
    "Enrollment",
    "Movement",
    "SupportGrant",
    "Unit",
    "UnitLink",
    "User",
    "UserSession",
    "PasswordResetRequest",
    "LoginThrottle",
]
