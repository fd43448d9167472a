"""Reading a rendered page as a user sees it: its words, a section, a table's rows, a CSV."""

import csv
import io
import re
from html import unescape


def text_of(html: str) -> str:
    """The words of some HTML, tags dropped and spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html: str, ident: str) -> str:
    """The inside of the element with id=`ident`, up to the end of its section."""
    start = html.index(">", html.index(f'id="{ident}"')) + 1
    return html[start : html.index("</section>", start)]


def rows_of(html: str, part: str = "tbody") -> list[str]:
    """The words of each row of the first table body (or foot) in `html`."""
    body = html[html.index(f"<{part}") : html.index(f"</{part}>")]
    return [text_of(row) for row in re.findall(r"<tr[^>]*>.*?</tr>", body, flags=re.S)]


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
