"""Who worked in a school on a day: the one answer every report and summary uses.

A staff member counts in their school at the end of day D when they had joined it
by then (joined_school_on on or before D, or not recorded) and were working: their
status is a working one, or they left (nghỉ hưu, thôi việc, chuyển đi …) on a day
after D — a change dated later has not happened yet; one who came (chuyển đến) on
a day after D was not there yet. Not yet followed: a move between two of our
schools dated after D (staff_transfers) takes them out of the new school but does
not count them in the old one on D.
"""

from datetime import date

from sqlalchemy import and_, func, not_, or_

from smasweb.models.staff import StaffMember
from smasweb.services.staff.records import WORKING

ARRIVED = "07"  # chuyển đến


def working_on(day: date):
    """SQL condition on StaffMember: working in their school at the end of `day`."""
    return and_(
        or_(
            StaffMember.joined_school_on.is_(None), StaffMember.joined_school_on <= day
        ),
        or_(
            StaffMember.status.in_(WORKING),
            and_(StaffMember.status_on.is_not(None), StaffMember.status_on > day),
        ),
        not_(
            and_(
                StaffMember.status == ARRIVED,
                func.coalesce(StaffMember.status_on, day) > day,
            )
        ),
    )
