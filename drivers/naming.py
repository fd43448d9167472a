"""Names: search keys, slugs, and splitting a written driver name into given and family.

One place for the rules so that the admin, the importers and the search page agree
that "Kevin Estre", "KÉVIN ESTRE" and "Kévin  Estre" are the same person.
"""

import unicodedata

from anyascii import anyascii
from django.utils.text import slugify

# Words that start a family name when written in lower case: "Renger van der Zande".
FAMILY_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "le", "la"}
# Words that end a family name: "Al Unser Jr." is not "Al Unser".
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def fold(text: str) -> str:
    """ASCII lower case with single spaces: the key that matches names across accents and case.

    Letters are transliterated, not dropped: "Łukasz" is "lukasz", "Kærsgaard"
    "kaersgaard", "Đorđe" "dorde". Stripping the accents Unicode decomposes would lose
    every letter that is a letter of its own (Ł, Æ, Đ, Ø), so a library keeps the table.
    Other signs beyond ASCII (★, —, ’) are left out, as words are matched, not symbols.
    """
    if not text:
        return ""
    if text.isascii():  # most names, and the importers fold every name of every row: the C path alone
        return " ".join(text.lower().split())
    return " ".join("".join(_folded(ch) for ch in text).lower().split())


def person_name(given: str, family: str) -> str:
    """A driver's name as written: "Kevin Estre"; the family name alone when the given is unknown."""
    return f"{given} {family}".strip()


def name_sort_key(given: str, family: str) -> str:
    """Where a reader looks for a driver in a list: the family name without a particle written
    in lower case, a generational suffix or accents, then the given name.

    "de Courcelles" files under C, "van Lennep" under L, "Étancelin" under E and "Fangio II"
    under F; a particle written as part of the name ("De Angelis") stays, as the driver
    writes it. ASCII lower case, so every database sorts it alike, whatever its collation.
    """
    words = family.split()
    while len(words) > 1 and words[0] in FAMILY_PARTICLES:
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in NAME_SUFFIXES:
        words = words[:-1]
    return f"{fold(' '.join(words))} | {fold(given)}"


def car_name(make: str, model: str, engine_make: str = "") -> str:
    """A car as the sport writes it: "Porsche 963", and with another make's engine "March 83G-Porsche"."""
    return f"{make} {model}-{engine_make}" if engine_make else f"{make} {model}"


def _folded(ch: str) -> str:
    if ch.isascii():
        return ch
    kind = unicodedata.category(ch)[0]
    if kind in "LMN":  # letters, their marks, numerals; "ʻ" and "ь" are letters anyascii writes as quotes
        return "".join(c for c in anyascii(ch) if c.isalnum() or c == " ")
    return " " if kind == "Z" else ""


def refold(model, text_of, *, related=()) -> None:
    """Fold the search key of every `model` again from `text_of(obj)`, for a data migration.

    Only the keys that change are written, a thousand to a statement.
    """
    changed = []
    for obj in model.objects.select_related(*related).iterator(chunk_size=2000):
        key = fold(text_of(obj))
        if key != obj.search_key:
            obj.search_key = key
            changed.append(obj)
    model.objects.bulk_update(changed, ["search_key"], batch_size=1000)


def slug_base(text: str) -> str:
    return slugify(fold(text))[:80] or "item"


def unique_slug(model, text: str, *, scope: dict | None = None, exclude_pk=None) -> str:
    """A slug for `text` not yet used by `model` within `scope` ("porsche-963", "porsche-963-2")."""
    base = slug_base(text)
    candidate, n = base, 1
    taken = model.objects.filter(**(scope or {}))
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    while taken.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def unique_slugs(model, texts: list[str]) -> list[str]:
    """Slugs for many new objects of `model` at once, as unique_slug makes them one by one.

    One query finds which of the first few candidates are taken (a name taken more often
    asks the database again); the slugs are also unique among themselves.
    """

    def candidate(base: str, n: int) -> str:
        return f"{base}-{n}" if n > 1 else base

    bases = [slug_base(text) for text in texts]
    first = {candidate(base, n) for base in bases for n in range(1, _FIRST_CANDIDATES + 1)}
    taken = set(model.objects.filter(slug__in=first).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        n = 1
        while candidate(base, n) in taken or (
            n > _FIRST_CANDIDATES and model.objects.filter(slug=candidate(base, n)).exists()
        ):
            n += 1
        taken.add(candidate(base, n))
        slugs.append(candidate(base, n))
    return slugs


_FIRST_CANDIDATES = 5


def _is_upper_word(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def recase_family(family: str) -> str:
    """Readable case for a family name a timing sheet wrote in capitals ("VAN DER ZANDE").

    Particles stay lower case, each part of a hyphenated name is capitalised and
    "Mc"/"O'" prefixes keep their capital: used only when the archive has never seen the
    driver, since a name already held is always matched and kept as written.
    """

    def one(word: str) -> str:
        if word.lower() in FAMILY_PARTICLES:
            return word.lower()
        if word.lower().rstrip(".") in {"ii", "iii", "iv"}:
            return word.upper()
        parts = []
        for part in word.split("-"):
            part = part[:1].upper() + part[1:].lower()
            if part.startswith("Mc") and len(part) > 2:
                part = "Mc" + part[2].upper() + part[3:]
            if part.startswith("O'") and len(part) > 2:
                part = "O'" + part[2].upper() + part[3:]
            parts.append(part)
        return "-".join(parts)

    words = family.split()
    recased = [one(w) for w in words]
    if recased and recased[0] in FAMILY_PARTICLES:
        recased[0] = recased[0]  # "van der Zande": the particle stays lower even first
    return " ".join(recased)


def split_name(written: str) -> tuple[str, str]:
    """Split "Given Family" or "Given FAMILY" into (given, family).

    - Upper-case words are the family name: "Renger VAN DER ZANDE" -> ("Renger", "van der Zande").
    - Otherwise the family name is the last word, with the lower-case particles before it
      and a suffix after it: "Renger van der Zande", "Al Unser Jr.".
    """
    words = written.split()
    if not words:
        return "", ""
    if len(words) == 1:
        return "", words[0]
    # "II" is written in capitals and is no family name: "Juan Manuel Fangio II" is a Fangio.
    upper = [i for i, w in enumerate(words) if _is_upper_word(w) and w.lower() not in NAME_SUFFIXES]
    if upper and upper[0] > 0 and upper == list(range(upper[0], upper[-1] + 1)):
        start, end = upper[0], upper[-1] + 1
        family_words = words[start:end]
        tail = words[end:]
        if all(w.lower() in NAME_SUFFIXES for w in tail):
            return " ".join(words[:start]), recase_family(" ".join(family_words + tail))
    end = len(words)
    while end > 1 and words[end - 1].lower() in NAME_SUFFIXES:
        end -= 1
    start = end - 1
    while start > 1 and words[start - 1].lower() in FAMILY_PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])
