"""Text helpers every backend shares, so that folding and typo tolerance mean the same thing everywhere.

``fold`` is the comparison key of a word or a name (lowercase, accents and ligatures dropped, punctuation as
single spaces); ``tokens`` splits a user's query into folded words and ``query_words`` picks the ones a search
looks for: they are the only part of a user's text any backend ever puts into a full-text query (FTS5
``MATCH``, ``tsquery``, Elasticsearch), so punctuation, operators, emoji, invisible marks or NUL can never reach
a query syntax. ``words`` gives the same words as typed (accents and case kept) for a search engine that
folds by itself (Wagtail's page search). ``max_edits`` is the typo allowance of a
word, the same rule as Elasticsearch's ``fuzziness: AUTO`` (0 edits up to 2 letters, 1 up to 5, then 2), and
``within_edits`` checks it (Damerau–Levenshtein: a swap of two neighbouring letters is one edit); ``stem`` is the
French word-form key (singular and plural, masculine and feminine) the database backend matches forms by.
"""

import re
import unicodedata
from collections import Counter
from functools import lru_cache

import snowballstemmer

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_WORD = re.compile(r"[a-z0-9]+")
_TYPED_WORD = re.compile(r"[^\W_]+")
# Format characters (Unicode category Cf: zero-width spaces and joiners, direction marks, soft hyphens):
# invisible, so a word pasted with one inside is still that word.
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
# A query is a few words; bounding them bounds the SQL or JSON a hostile query can make a backend build.
MAX_QUERY_WORDS = 16
MAX_WORD_LENGTH = 64

# Words too common to say anything about a text; used to pick the distinctive words of "more like this".
STOPWORDS = frozenset(
    [
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "eux",
        "il",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "lui",
        "ma",
        "mais",
        "me",
        "meme",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "c",
        "d",
        "j",
        "l",
        "a",
        "m",
        "n",
        "s",
        "t",
        "y",
        "ete",
        "etre",
        "avoir",
        "est",
        "sont",
        "plus",
        "tout",
        "tous",
        "toute",
        "toutes",
        "cette",
        "cet",
        "aussi",
        "comme",
    ]
)


def fold(text: str) -> str:
    """``"Péronne-en-Mélantois"`` → ``"peronne en melantois"``."""
    visible = _INVISIBLE.sub("", text or "")
    decomposed = unicodedata.normalize("NFKD", visible.casefold().translate(_LIGATURES))
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_WORD.findall(ascii_only))


def tokens(text: str) -> list[str]:
    """The folded words of ``text``, in order, duplicates removed."""
    return list(dict.fromkeys(fold(text).split()))


def query_words(text: str) -> list[str]:
    """The folded words a search looks for: stopwords dropped (unless there is nothing else), at most
    ``MAX_QUERY_WORDS`` of at most ``MAX_WORD_LENGTH`` letters. Empty when ``text`` has no letter or digit: such a query is no text at all."""
    found = [word[:MAX_WORD_LENGTH] for word in tokens(text)]
    return ([w for w in found if w not in STOPWORDS] or found)[:MAX_QUERY_WORDS]


def words(text: str) -> list[str]:
    """The words of ``text`` as typed (letters and digits, accents and case kept), everything else dropped."""
    visible = unicodedata.normalize("NFC", _INVISIBLE.sub("", text or ""))
    return list(dict.fromkeys(_TYPED_WORD.findall(visible)))[:MAX_QUERY_WORDS]


_FRENCH = snowballstemmer.stemmer("french")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The French word-form key of a folded word: the same for its singular and plural, masculine and
    feminine (``jardin``/``jardins``, ``partage``/``partagees``, ``velo``/``velos``).

    Snowball's French stemmer expects accents, which folding removed: the plural ``s``/``x`` and a feminine
    ``e`` are dropped first so that every form of a word reaches it the same way.
    """
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return _FRENCH.stemWord(word)


def max_edits(word: str) -> int:
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2


def within_edits(a: str, b: str, limit: int) -> bool:
    """Whether ``a`` and ``b`` are at most ``limit`` edits apart (optimal string alignment distance)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit


def distinctive_words(text: str, limit: int = 12) -> list[str]:
    """The most frequent non-stopword words of ``text`` (4 letters or more), most frequent first."""
    counts = Counter(word for word in fold(text).split() if len(word) >= 4 and word not in STOPWORDS)
    return [word for word, _count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]]
