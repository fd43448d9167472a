"""The path of an object's page, as reverse() gives it, fast enough for the links of a whole table.

A race page links every driver, team and car of every session, and reverse() walks the
URL patterns for each. The shape of a URL ("/drivers/{slug}/") depends only on
the URL configuration, so it is worked out once per pattern and configuration by
reverse() itself, and each path is that shape with the values filled in and quoted as
reverse() quotes them. What is remembered is configuration, never the archive's data.
"""

import functools
import re
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, reverse

# What reverse() leaves unquoted in a path's values (django.urls.resolvers).
SAFE = "!$&'()*+,;=" + "/~:@"
# A value of these characters alone (every slug, every year) is its own quoted form.
_NEEDS_QUOTING = re.compile(r"[^A-Za-z0-9_.\-" + re.escape(SAFE) + "]")


def page_path(name: str, **kwargs) -> str:
    """reverse(name, kwargs=kwargs); the values must be what the pattern accepts (a slug, a year)."""
    if not all(value not in ("", None) for value in kwargs.values()):
        return reverse(name, kwargs=kwargs)  # reverse() says which value is wrong
    kinds = tuple((key, isinstance(value, int)) for key, value in kwargs.items())
    # The site sets no URLconf per request (request.urlconf), so the request's is ROOT_URLCONF.
    shape = _shape(name, kinds, get_script_prefix(), settings.ROOT_URLCONF)
    return shape.format_map({key: _quoted(str(value)) for key, value in kwargs.items()})


def _quoted(value: str) -> str:
    return quote(value, safe=SAFE) if _NEEDS_QUOTING.search(value) else value


@functools.cache
def _shape(name: str, kinds: tuple, script_prefix: str, urlconf: str) -> str:
    """The path of `name` with a `{key}` where each value goes, from reverse() with marks for the values."""
    marks = {key: 10**15 + i if is_int else f"mark{i}mark" for i, (key, is_int) in enumerate(kinds)}
    path = reverse(name, kwargs=marks, urlconf=urlconf).replace("{", "{{").replace("}", "}}")
    for key, mark in marks.items():
        path = path.replace(str(mark), "{" + key + "}")
    return path
