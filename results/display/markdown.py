"""Editors' Markdown as HTML, sanitised: a report's text, as fans read it."""

import markdown as markdown_lib
import nh3
from django.utils.safestring import mark_safe

# Markdown's own extras that an editor's report may use; raw HTML is left to nh3 to clean.
MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "smarty"]


def markdown(text):
    """An editor's Markdown as HTML, sanitised: scripts, handlers and styles never reach the page."""
    html = markdown_lib.markdown(text or "", extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return mark_safe(nh3.clean(html))  # safe: nh3 has just cleaned it
