"""Vietnamese text helpers: diacritics-free search keys and name collation."""

import unicodedata
from decimal import Decimal

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
# Marks that make a new letter (ă â ê ô ơ ư), as opposed to tone marks.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_KEY_LENGTH = 250


def fold(text: str | None) -> str:
    """Lower-case, drop diacritics (đ → d) and squeeze spaces: the search key."""
    if not text:
        return ""
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


def vn_decimal(value: Decimal | float | None) -> str:
    """Vietnamese number format: 1234.5 → "1.234,5", 48.50 → "48,5", 100 → "100"."""
    if value is None:
        return ""
    whole, _, frac = f"{Decimal(str(value)):f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-') or 0):,}".replace(",", ".")
    frac = frac.rstrip("0")
    return f"{sign}{whole},{frac}" if frac else f"{sign}{whole}"
