"""The school's page for one year: profile summary, campuses and classes by grade."""

from smasweb import codelists
from smasweb.codelists import LEVEL_GROUPS, admin_units
from smasweb.models import SchoolProfile, User
from smasweb.models.schools import PROFILE_FLAGS
from smasweb.services import policy, school_data
from smasweb.services import years as school_years
from smasweb.services.schools import campuses as schools_campuses
from smasweb.services.schools import classes as schools_classes
from smasweb.services.schools.records import find_profile
from smasweb.text import vn_decimal


def school_page(actor: User, school_id: int, year: int) -> dict:
    """Everything the school's page shows for one year, each part within the scope."""
    school = school_data.readable_school(actor, "schools", school_id)
    profile = find_profile(actor, school, year)
    can_classes = policy.can(actor, "data.read", unit=school, field="classes")
    return {
        "school": school,
        "year": year,
        "years": school_years.known_years(),
        "profile": profile,
        "labels": profile_labels(profile) if profile else {},
        "previous": find_profile(actor, school, year - 1),
        "campuses": schools_campuses.list_campuses(actor, school),
        "can_classes": can_classes,
        "class_summary": (
            schools_classes.summary_by_grade(actor, school, year) if can_classes else []
        ),
    }


def profile_labels(profile: SchoolProfile) -> dict:
    """The profile's codes as the labels the page shows."""
    names = {u.code: u.name for u in admin_units.admin_units()}
    place = [profile.address, names.get(profile.commune_code or "")]
    place.append(names.get(profile.district_code or ""))
    return {
        "level_group": LEVEL_GROUPS.get(profile.level_group, ("",))[0],
        "ownership": codelists.label("ownerships", profile.ownership),
        "school_type": codelists.label("school_types", profile.school_type),
        "standard_level": codelists.label("standard_levels", profile.standard_level),
        "address": ", ".join(p for p in place if p),
        "land_area": vn_decimal(profile.land_area),
        "flags": [label for k, label in PROFILE_FLAGS.items() if getattr(profile, k)],
    }
