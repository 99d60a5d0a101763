"""Vietnamese text as users expect it: NFC storage, diacritic-blind search, name order.

- ``clean``: every stored string goes through it (phones may send decomposed Unicode).
- ``search_key``: lower case, no diacritics, Đ/đ folded to d (Unicode does not decompose Đ).
- ``name_sort_key``: sorts by the given name (the last word), then family and middle names,
  in the Vietnamese alphabet (a ă â b c d đ e ê ...) with the tones as a tie-break.
"""
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_CONTROL = {"Cc", "Cf", "Cs", "Co", "Cn"}

BREVE, CIRCUMFLEX, HORN = "\u0306", "\u0302", "\u031b"
# Dictionary order of the tones: ngang, huyền, hỏi, ngã, sắc, nặng.
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_ALPHABET = [
    "a", "a" + BREVE, "a" + CIRCUMFLEX, "b", "c", "d", "đ", "e", "e" + CIRCUMFLEX, "f", "g", "h",
    "i", "j", "k", "l", "m", "n", "o", "o" + CIRCUMFLEX, "o" + HORN, "p", "q", "r", "s", "t",
    "u", "u" + HORN, "v", "w", "x", "y", "z",
]
# Two decimal digits per character, never starting with "0" (the word separator), so that a
# shorter word sorts before a longer one: digits 10-19, letters from 20, anything else 99.
_RANK = {letter: f"{20 + i:02d}" for i, letter in enumerate(_ALPHABET)}
_RANK.update({str(d): f"1{d}" for d in range(10)})


def clean(value):
    """NFC, no control characters, single spaces, stripped. None stays None."""
    if value is None:
        return None
    value = unicodedata.normalize("NFC", str(value))
    value = "".join(ch if unicodedata.category(ch) not in _CONTROL else " " for ch in value)
    return _SPACES.sub(" ", value).strip()


def strip_diacritics(value):
    decomposed = unicodedata.normalize("NFD", value)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return bare.replace("đ", "d").replace("Đ", "D")


def search_key(*parts):
    """The form of text that searches compare: 'NGUYỄN Mạnh  Cường' -> 'nguyen manh cuong'."""
    text = " ".join(clean(p) for p in parts if p)
    return _SPACES.sub(" ", strip_diacritics(text).casefold()).strip()


def matches(query, key):
    """True when every word of the query appears in the key (both diacritic-blind)."""
    words = search_key(query).split()
    return all(word in key for word in words)


def _letters(word):
    """Yields (letter, tone) for each letter of a word, the letter with its vowel mark, lower case."""
    for cluster in re.findall(r".[\u0300-\u036f]*", unicodedata.normalize("NFD", word.casefold())):
        base, marks = cluster[0], cluster[1:]
        modifier = "".join(m for m in marks if m in (BREVE, CIRCUMFLEX, HORN))
        tone = max((TONES.get(m, 0) for m in marks), default=0)
        yield base + modifier, tone


def word_key(word):
    primary, tones = [], []
    for letter, tone in _letters(word):
        primary.append(_RANK.get(letter, "99"))
        tones.append(str(tone))
    return "".join(primary), "".join(tones)


def name_sort_key(full_name):
    """A string of digits that sorts Vietnamese names by given name, then family and middle names.

    Made only of digits so that any database collation orders it as plain bytes do.
    """
    words = (clean(full_name) or "").split()
    if not words:
        return ""
    ordered = [words[-1]] + words[:-1]
    keys = [word_key(w) for w in ordered]
    primary = "0".join(k[0] for k in keys)
    tones = "".join(k[1] for k in keys)
    return f"{primary}0{tones}"[:250]


def text_sort_key(text):
    """Vietnamese alphabetical order for other text (organisations, booths' cooperatives)."""
    words = (clean(text) or "").split()
    keys = [word_key(w) for w in words]
    return ("0".join(k[0] for k in keys) + "0" + "".join(k[1] for k in keys))[:250]


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text, max_length=80):
    """'Ngày hội Hợp tác xã Hải Phòng 2025' -> 'ngay-hoi-hop-tac-xa-hai-phong-2025' (for URLs)."""
    slug = _NOT_SLUG.sub("-", search_key(text or "")).strip("-")
    return slug[:max_length].rstrip("-")
