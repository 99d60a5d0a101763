"""When two cooperative records are the same unit: the rule duplicates and imports share."""
import re

from ..text import search_key

# Legal-form words that people write or leave out at will: "HTX Tân Dương" is "Hợp tác xã Tân Dương".
_FORMS = (
    ("lien hiep hop tac xa", "lhhtx"), ("lien hiep htx", "lhhtx"), ("hop tac xa", "htx"),
    ("quy tin dung nhan dan", "qtdnd"), ("to hop tac", "tht"),
)
_PUNCTUATION = re.compile(r"[^\w\s]")


def match_key(name: str | None, district: str | None = "") -> str:
    """'Hợp tác xã Nông nghiệp Tân Dương', 'Thủy Nguyên' and 'HTX nong nghiep Tan Duong',
    'thuy nguyen' give the same key: diacritics, case, punctuation and legal-form spelling aside."""
    folded = _PUNCTUATION.sub(" ", search_key(name or ""))
    folded = " ".join(folded.split())
    for long, short in _FORMS:
        folded = re.sub(rf"\b{long}\b", short, folded)
    place = " ".join(_PUNCTUATION.sub(" ", search_key(district or "")).split())
    return f"{folded}|{place}"


# The legal form at the start of a name, which every cooperative shares: a label drops it.
LEGAL_PREFIX = re.compile(r"^\s*(liên hiệp hợp tác xã|liên hiệp htx|lhhtx|hợp tác xã|htx|quỹ tín dụng nhân dân|qtdnd|"
                          r"tổ hợp tác)\b[\s:,.-]*", re.IGNORECASE)


def plain_name(name: str | None) -> str:
    """'HTX Dịch vụ tổng hợp Vĩnh An' -> 'Dịch vụ tổng hợp Vĩnh An' (a name that is only the legal
    form stays as it is)."""
    rest = LEGAL_PREFIX.sub("", name or "", count=1).strip()
    return rest or (name or "").strip()
