"""Text normalisation shared by the indicators and the statistical model.

Posts that exploit children are written to slip past filters: fancy Unicode letters, leetspeak
("b4yi"), stretched words ("donasiii"), emoji instead of words. The normaliser undoes that so one
pattern covers the variants. It is deliberately conservative with digits: phone and account numbers
are read from the *original* text by ``entities``, never from this output.
"""

from __future__ import annotations

import re
import unicodedata

# Longer texts are screened on their beginning and end: a 1 MB caption is a paste or an attack, and
# the evidence in a long appeal sits in its opening and its closing call to action.
MAX_SCREENED_CHARS = 20_000

# Emoji carry meaning in these posts (a gift, a baby, money, praying hands): they become words that
# the patterns and the model can use. Everything else non-textual is dropped.
EMOJI_WORDS = {
    "🎁": " gift ",
    "🌹": " gift mawar ",
    "🦁": " gift singa ",
    "🪙": " koin ",
    "💰": " uang ",
    "💸": " uang ",
    "💵": " uang ",
    "🤑": " uang ",
    "👶": " bayi ",
    "🍼": " bayi ",
    "🤰": " hamil ",
    "🙏": " mohon ",
    "😭": " menangis ",
    "😢": " menangis ",
    "🥺": " sedih ",
    "👉": " ",
    "📲": " wa ",
    "📞": " telp ",
    "☎": " telp ",
    "🔴": " live ",
    "🏦": " rekening ",
    "🔞": " dewasa ",
    "💦": " basah ",
    "👅": " jilat ",
}

_LEET = str.maketrans({"4": "a", "1": "i", "3": "e", "0": "o", "5": "s", "7": "t", "@": "a", "$": "s"})
# Whole tokens of at most 40 characters with a letter next to a digit or look-alike symbol: the only
# candidates for leetspeak. Bounded, so a 20,000-character "word" costs linear time, not quadratic.
_TOKEN = re.compile(r"(?<!\S)(?=\S{0,39}?(?:[a-z][0-9@$]|[0-9@$][a-z]))\S{1,40}(?!\S)")
_LETTER_RUNS = re.compile(r"([a-z])\1{2,}")
_SPACES = re.compile(r"\s+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def clip(text: str) -> str:
    if len(text) <= MAX_SCREENED_CHARS:
        return text
    half = MAX_SCREENED_CHARS // 2
    return text[:half] + "\n…\n" + text[-half:]


def _unleet(match: re.Match[str]) -> str:
    token = match.group(0)
    letters = sum(c.isalpha() for c in token)
    digits = sum(c.isdigit() for c in token)
    # Only a word that is mostly letters is leetspeak ("b4yi", "4d0psi"); "2jt", "15th", "08123" stay.
    if digits and letters > digits and letters >= 2 and not token.startswith(("@", "#", "http")):
        return token.translate(_LEET)
    return token


def normalise(text: str) -> str:
    """Lower-case, plain-letter, emoji-as-words text for matching.

    ``"B4YI 👶 dijual!!"`` becomes ``"bayi bayi dijual!!"``."""
    text = unicodedata.normalize("NFKC", clip(text))
    for emoji, word in EMOJI_WORDS.items():
        if emoji in text:
            text = text.replace(emoji, word)
    # Accents and fancy letters fold to ASCII; symbols outside letters, digits and basic punctuation go.
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = _NON_ASCII.sub(" ", "".join(c for c in text if not unicodedata.combining(c)))
    text = text.lower()
    text = _TOKEN.sub(_unleet, text)
    text = _LETTER_RUNS.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


def is_only_symbols(text: str) -> bool:
    """True for a post with no letters or digits at all (emoji only, punctuation only)."""
    return not any(c.isalnum() for c in unicodedata.normalize("NFKC", text))
