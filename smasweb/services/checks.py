"""Field checks every domain shares: required values, code-list codes, text, phones,
e-mail addresses, dates and ages. Each raises ValidationFailed next to its field and
returns the value to store; domain rules (a staff code, a pupil's Ministry code, an
address) stay in the domain's own checks module and call these.
"""

import re
from datetime import date
from decimal import Decimal

from smasweb import clock, codelists
from smasweb.services.errors import ValidationFailed

REQUIRED = "Bắt buộc nhập."
NOT_IN_LIST = "Giá trị không có trong danh mục."
# The Vietnamese numbering plan (Bộ TT&TT): mobiles have 10 digits, 0 + 3/5/7/8/9 +
# 8 digits, since the 11-digit 01xx networks moved to 03x/05x/07x/08x (Quyết định
# 798/QĐ-BTTTT, 25/5/2018, done 30/6/2019); landlines have 11 digits, 02 + area code +
# subscriber, since the area codes moved under 02 (Quyết định 2036/QĐ-BTTTT, 2016),
# e.g. 0270 3823456 in Vĩnh Long. +84 is the country code in place of the leading 0.
MOBILE_RE = re.compile(r"^0[35789]\d{8}$")
LANDLINE_RE = re.compile(r"^02\d{9}$")
PHONE_ERROR = (
    "Số điện thoại không hợp lệ: di động 10 số bắt đầu bằng 03, 05, 07, 08, 09 "
    "(ví dụ 0912345678) hoặc số cố định 11 số bắt đầu bằng 02."
)
_PHONE_PUNCTUATION = re.compile(r"[\s.\-()]")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
EMAIL_ERROR = "Địa chỉ thư điện tử không hợp lệ."


def required(value, field: str):
    """The value (trimmed if text); empty text or None is refused."""
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        raise ValidationFailed(REQUIRED, field)
    return value.strip() if isinstance(value, str) else value


def text(value: str | None) -> str | None:
    """Text on one line with single spaces, or None when empty."""
    value = " ".join((value or "").split())
    return value or None


def code(
    codelist: str, value: str | None, field: str, *, required: bool = False
) -> str | None:
    """A code of the code list `codelist`, or None when empty and not required."""
    value = (value or "").strip() or None
    if value is None:
        if required:
            raise ValidationFailed(REQUIRED, field)
        return None
    if value not in codelists.labels(codelist):
        raise ValidationFailed(NOT_IN_LIST, field)
    return value


def codes(codelist: str, values, field: str) -> str | None:
    """Several codes of one list as the stored CSV (policy categories, supports)."""
    picked = [code(codelist, v, field) for v in values or () if v]
    return ",".join(sorted(set(picked))) or None


def not_negative(value: Decimal | int | None, field: str, below: int = 10**9):
    """A value from 0 up to `below` (what its column holds: 10⁹ fits an INTEGER
    and a NUMERIC(12, 2)); a larger one is a 422, not a database overflow."""
    if value is not None and value < 0:
        raise ValidationFailed("Giá trị không được âm.", field)
    if value is not None and value >= below:
        raise ValidationFailed("Giá trị quá lớn, hãy kiểm tra lại.", field)
    return value


def phone(value: str | None, field: str = "phone") -> str | None:
    """A Vietnamese phone number as digits only (0912345678, 02703823456), or None.

    Spaces, dots, dashes and brackets are dropped; +84 becomes the leading 0.
    """
    digits = _PHONE_PUNCTUATION.sub("", value or "")
    if not digits:
        return None
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if not (MOBILE_RE.match(digits) or LANDLINE_RE.match(digits)):
        raise ValidationFailed(PHONE_ERROR, field)
    return digits


def email(value: str | None, field: str = "email") -> str | None:
    """An e-mail address in lower case (at most 120 characters), or None."""
    value = (value or "").strip()
    if not value:
        return None
    if len(value) > 120 or not EMAIL_RE.match(value):
        raise ValidationFailed(EMAIL_ERROR, field)
    return value.lower()


def past_date(value: date | None, field: str) -> date | None:
    """A date not after today (Vietnam time), or None."""
    if value is not None and value > clock.today():
        raise ValidationFailed("Ngày này ở tương lai, hãy kiểm tra lại.", field)
    return value


def age_on(birth: date, day: date) -> int:
    """Whole years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def birth_date(value: date | None, field: str, *, ages: tuple[int, int], who: str):
    """A required birth date giving an age today within `ages` (both ends included);
    `who` names the person in the message ("cán bộ", "học sinh")."""
    required(value, field)
    low, high = ages
    age = age_on(value, clock.today())
    if not low <= age <= high:
        raise ValidationFailed(
            f"Tuổi tính đến hôm nay là {age}: {who} phải từ {low} đến "
            f"{high} tuổi. Hãy kiểm tra ngày sinh.",
            field,
        )
    return value
