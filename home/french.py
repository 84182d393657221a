"""French typography of interpolated names: "de Angers" → "d'Angers", "de Le Lion-d'Angers"
→ "du Lion-d'Angers", "à Les Garennes" → "aux Garennes". Interface strings are written
with a placeholder (`de %(name)s`); this puts the elision and contraction right once the
name is known. Only capitalised words (names) are touched: ordinary French text is
already correct ("avant de le faire" stays)."""

import re

from django.utils import translation

VOWELS = "AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸ"
_ELISION = re.compile(rf"\b([dD]e|[qQ]ue|[jJ]usque) (?=[{VOWELS}])")
_CONTRACTIONS = [
    (re.compile(r"\b([dD])e Les (?=\w)"), lambda m: f"{m.group(1)}es "),
    (re.compile(r"\b([dD])e Le (?=\w)"), lambda m: f"{m.group(1)}u "),
    (re.compile(r"(^|\s)à Les (?=\w)"), lambda m: f"{m.group(1)}aux "),
    (re.compile(r"(^|\s)à Le (?=\w)"), lambda m: f"{m.group(1)}au "),
]


def elide(text, language=None):
    """Elisions and contractions before names, in French only."""
    language = language or translation.get_language() or ""
    if not text or not language.startswith("fr"):
        return text
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return _ELISION.sub(lambda m: m.group(1)[:-1] + "'", text)
