"""HTML as the archive draws it: text escaped, and pieces put together into safe HTML.

Django's format_html() and conditional_escape() look at every argument for a lazy
translation and go through two wrappers per call; a race page draws thousands of cells of
a few pieces each, so the drawing code uses these instead. They escape exactly as Django
does (html.escape, which its escape() calls) and return Django's SafeString, so what they
draw goes into templates and django-tables2 as it is.
"""

import html as _html

from django.utils.safestring import SafeString


def escape(value) -> str:
    """`value` as HTML: what is HTML already (it has __html__) as it is, anything else escaped."""
    if isinstance(value, SafeString):
        return value
    if hasattr(value, "__html__"):
        return value.__html__()
    return _html.escape(str(value))


def html(template: str, *args) -> SafeString:
    """`template` (HTML, with `{}` places) filled with `args`, each escaped: format_html() without its overhead."""
    return SafeString(template.format(*[escape(arg) for arg in args]))


def joined(pieces, separator: str = "") -> SafeString:
    """Pieces of HTML (or text, escaped) one after the other."""
    return SafeString(separator.join(escape(piece) for piece in pieces))


def attributes(attrs: dict) -> str:
    """HTML attributes, `name="value"` each, in order; an attribute whose value is None is left out."""
    return " ".join(f'{name}="{escape(value)}"' for name, value in attrs.items() if value is not None)
