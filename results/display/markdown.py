"""Editors' Markdown as HTML, sanitised: a report's text, as fans read it."""

from urllib.parse import urlsplit

import markdown as markdown_lib
import nh3
from django.conf import settings
from django.utils.safestring import mark_safe

# Markdown's own extras that an editor's report may use; raw HTML is left to nh3 to clean.
MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "smarty"]


def markdown(text):
    """An editor's Markdown as HTML, sanitised: scripts, handlers and styles never reach the page,
    nor an image from another site (see `shown_image`)."""
    html = markdown_lib.markdown(text or "", extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return mark_safe(nh3.clean(html, attribute_filter=_attribute))  # safe: nh3 has just cleaned it


def _attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "img" and name == "src":
        return value if shown_image(value) else None
    return value


def shown_image(src: str) -> bool:
    """Whether a report may show the image at `src`: one of this site, or of a host the site
    names (REPORT_IMAGE_HOSTS). An image from anywhere else would tell its host who reads
    the report, and when; it is dropped, its alt text left in its place."""
    # Browsers read a backslash as a slash ("/\\evil.example" is "//evil.example") and
    # skip control characters and spaces, which urlsplit does not: such a src is refused.
    if not src or any(char == "\\" or char.isspace() or ord(char) < 32 for char in src):
        return False
    try:
        where = urlsplit(src)
        port = where.port
    except ValueError:
        return False
    if not where.scheme and not where.netloc:
        return not src.startswith("//")  # a path on this site
    return where.scheme == "https" and port is None and where.hostname in settings.REPORT_IMAGE_HOSTS
