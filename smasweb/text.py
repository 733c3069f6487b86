"""Vietnamese text helpers: input cleaning, diacritics-free search keys, name
collation, and the one way numbers and dates are written (pages, Excel files, PDF
reports and messages all call these)."""

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal

from smasweb import clock

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
# Marks that make a new letter (ă â ê ô ơ ư), as opposed to tone marks.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_KEY_LENGTH = 250
# C0 (but tab and line feed), DEL, C1, and the two non-characters XML 1.0 forbids.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029]")
_TAB_OR_BREAK = re.compile("[\t\n]")
# A name part starts after a space, a hyphen or an apostrophe (Ê Đê names: "H'Hen Niê").
_NAME_PART = re.compile(r"([\s\-'’]+)")
DATE_FORMAT = "%d/%m/%Y"  # how dates are typed, read from Excel and shown


def clean_text(text: str | None, multiline: bool = False) -> str | None:
    """Text as typed or pasted, made fit to store: control characters removed
    (a NUL or ESC once broke the Excel exports; multi-line text keeps its line
    breaks and tabs, single-line text gets a space for them), NFC (one code point
    per accented letter, as Vietnamese keyboards and search keys expect), trimmed."""
    if text is None:
        return None
    text = _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))
    if not multiline:
        text = _TAB_OR_BREAK.sub(" ", text)
    return unicodedata.normalize("NFC", text).strip()


def person_name(text: str | None) -> str | None:
    """A person's name as it is written: cleaned (clean_text: NFC, no control
    characters), single spaces, each word capitalised the Vietnamese way
    ("nguyễn thị  mai anh" → "Nguyễn Thị Mai Anh", "ĐẶNG VĂN A" → "Đặng Văn A");
    None for no name. The one normaliser of every person-name field (pupils,
    parents and guardians, staff, accounts), on forms and in Excel imports."""
    text = " ".join((clean_text(text) or "").split())
    if not text:
        return None
    parts = _NAME_PART.split(text)
    return "".join(
        p if i % 2 else p[:1].upper() + p[1:].lower() for i, p in enumerate(parts)
    )


def fold(text: str | None) -> str:
    """Lower-case, drop diacritics (đ → d), control characters (PostgreSQL refuses
    a NUL in a search parameter) and squeeze spaces: the search key."""
    if not text:
        return ""
    text = _CONTROL.sub("", text)
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


def _letters(word: str) -> list[tuple[str, int]]:
    """Split a word into (letter, tone) pairs in Vietnamese terms."""
    out: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES and out:
            out[-1] = (out[-1][0], _TONES[ch])
        elif ch in _LETTER_MARKS and out:
            out[-1] = (unicodedata.normalize("NFC", out[-1][0] + ch), out[-1][1])
        elif not unicodedata.combining(ch):
            out.append((ch, 0))
    return out


def collation_key(text: str | None) -> str:
    """A digits-only key that sorts text in Vietnamese alphabet order in any collation.

    Letters first (a < ă < â < b … đ after d), tones only break ties.
    """
    primary: list[str] = []
    tones: list[str] = []
    for word in (text or "").split():
        for letter, tone in _letters(word):
            rank = _ALPHABET.find(letter)
            if rank < 0:
                rank = (
                    40 + (ord(letter) % 50)
                    if not letter.isdigit()
                    else 30 + int(letter)
                )
            primary.append(f"{rank + 1:02d}")
            tones.append(str(tone))
        primary.append("00")
    return ("".join(primary) + "00" + "".join(tones))[:_KEY_LENGTH]


def name_sort_key(full_name: str | None) -> str:
    """Vietnamese person order: given name (last word), then family and middle names."""
    words = (full_name or "").split()
    if not words:
        return ""
    return collation_key(" ".join([words[-1], *words[:-1]]))


def vn_number(value: int | float | None) -> str:
    """Thousands with "." (12.345); no value is printed as "0", as in the reports;
    a rate (a float) with its decimals after "," (0,25)."""
    if isinstance(value, float):
        return vn_decimal(value)
    return f"{value or 0:,}".replace(",", ".")


def vn_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy, or "" for no date; a moment (datetime) in Vietnam time with hh:mm
    (a naive one is UTC, as SQLite hands it back)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return clock.local(value).strftime(f"{DATE_FORMAT} %H:%M")
    return value.strftime(DATE_FORMAT)


def vn_day_month(value: date) -> str:
    """dd/mm, where the year is plain from the context (the first day of a range
    whose last day shows it, a calendar of one school year)."""
    return value.strftime("%d/%m")


def vn_decimal(value: Decimal | float | None) -> str:
    """Vietnamese number format: 1234.5 → "1.234,5", 48.50 → "48,5", 100 → "100"."""
    if value is None:
        return ""
    whole, _, frac = f"{Decimal(str(value)):f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-') or 0):,}".replace(",", ".")
    frac = frac.rstrip("0")
    return f"{sign}{whole},{frac}" if frac else f"{sign}{whole}"
