"""When two cooperative records are the same unit: the rule duplicates and imports share."""
import re

from ..text import search_key

# Legal-form words that people write or leave out at will: "HTX Tân Dương" is "Hợp tác xã Tân Dương".
_FORMS = (
    ("lien hiep hop tac xa", "lhhtx"), ("lien hiep htx", "lhhtx"), ("hop tac xa", "htx"),
    ("quy tin dung nhan dan", "qtdnd"), ("to hop tac", "tht"),
)
_PUNCTUATION = re.compile(r"[^\w\s]")


def match_key(name, district=""):
    """'Hợp tác xã Nông nghiệp Tân Dương', 'Thủy Nguyên' and 'HTX nong nghiep Tan Duong',
    'thuy nguyen' give the same key: diacritics, case, punctuation and legal-form spelling aside."""
    folded = _PUNCTUATION.sub(" ", search_key(name or ""))
    folded = " ".join(folded.split())
    for long, short in _FORMS:
        folded = re.sub(rf"\b{long}\b", short, folded)
    place = " ".join(_PUNCTUATION.sub(" ", search_key(district or "")).split())
    return f"{folded}|{place}"
