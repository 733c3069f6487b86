"""What the THCS graduation documents print: the list of recognised graduates of
a decision (danh sách công nhận tốt nghiệp THCS), issued by the council's unit
and signed as the decision was, and a graduate's temporary certificate (giấy
chứng nhận tốt nghiệp tạm thời), issued by the school's principal. Both carry
pupils' personal data: only who may see it (policy.can_see_personal) prints them.
"""

from dataclasses import dataclass
from datetime import date

from smasweb import clock
from smasweb.models import User
from smasweb.models.graduation import ThcsDecision
from smasweb.services.errors import NotFound, PermissionDenied
from smasweb.services.graduation import thcs
from smasweb.services.reports import documents
from smasweb.services.reports.pdf import Signer
from smasweb.services.reports.pdf_layout import place_date


@dataclass
class GraduatesPaper:
    grad: thcs.SchoolGraduation
    decision: ThcsDecision
    rows: list[thcs.Candidate]
    issuer: Signer  # the council's unit
    place_date: str


@dataclass
class CertificatePaper:
    grad: thcs.SchoolGraduation
    decision: ThcsDecision
    pupil: thcs.Candidate
    issuer: Signer  # the school, its principal signs
    place_date: str


def _school(actor: User, school_id: int | None, year: int) -> thcs.SchoolGraduation:
    school = thcs.school_for(actor, school_id)
    if not thcs.sees_names(actor, school):
        raise PermissionDenied()
    return thcs.load([school], year)[school.id]


def graduates(
    actor: User, school_id: int | None, year: int, round_: int
) -> GraduatesPaper:
    """The recognised list of a round's decision; NotFound without a decision."""
    grad = _school(actor, school_id, year)
    decision = grad.decisions.get(round_)
    if decision is None:
        raise NotFound()
    unit = decision.council_unit or grad.school
    province = documents.province_name(grad.school)
    return GraduatesPaper(
        grad,
        decision,
        grad.recognised(round_),
        documents.signer(unit, year),
        place_date(province, decision.signed_on),
    )


def certificate(
    actor: User, school_id: int | None, year: int, student_id: int
) -> CertificatePaper:
    """A recognised pupil's temporary certificate, dated today."""
    grad = _school(actor, school_id, year)
    round_ = grad.graduated_round.get(student_id)
    if round_ is None:
        raise NotFound()
    pupil = next(c for c in grad.candidates if c.student.id == student_id)
    province = documents.province_name(grad.school)
    day: date = clock.today()
    return CertificatePaper(
        grad,
        grad.decisions[round_],
        pupil,
        documents.signer(grad.school, year),
        place_date(province, day),
    )
