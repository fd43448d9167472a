"""Editors write reports in Markdown; what reaches the page is cleaned HTML."""

from results.display.markdown import markdown


def test_markdown_becomes_html():
    html = markdown("Porsche's **19th** win.\n\n- Nasr\n- Cameron\n\n[IMSA](https://www.imsa.com/)")
    assert "<strong>19th</strong>" in html
    assert "<li>Nasr</li>" in html
    assert '<a href="https://www.imsa.com/" rel="noopener noreferrer">IMSA</a>' in html


def test_scripts_and_script_like_html_never_reach_the_page():
    html = markdown(
        "Hello <script>alert('x')</script>\n\n"
        '<img src="x.png" onerror="alert(1)">\n\n'
        "[click](javascript:alert(1))\n\n"
        '<a href="https://example.org" onclick="steal()">ok</a>\n\n'
        '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>'
    )
    assert "<script" not in html and "alert('x')" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html and "<style" not in html
    assert '<img src="x.png">' in html  # the harmless part stays


def test_an_empty_body_is_empty():
    assert markdown("") == ""
    assert markdown(None) == ""


def test_an_image_from_another_site_is_dropped_unless_the_site_allows_its_host(settings):
    text = (
        "![Podium](https://tracker.example/pixel.gif) ![Start](//tracker.example/p.gif) "
        "![Finish](https://photos.example.org/finish.jpg) ![Grid](/media/grid.jpg)"
    )

    html = markdown(text)
    assert "tracker.example" not in html and "photos.example.org" not in html
    assert '<img alt="Podium">' in html and '<img alt="Grid" src="/media/grid.jpg">' in html

    settings.REPORT_IMAGE_HOSTS = ["photos.example.org"]
    html = markdown(text)
    assert '<img alt="Finish" src="https://photos.example.org/finish.jpg">' in html
    assert "tracker.example" not in html


def test_an_image_address_a_browser_reads_otherwise_than_a_parser_is_dropped(settings):
    settings.REPORT_IMAGE_HOSTS = ["photos.example.org"]
    for src in (
        "/\\evil.example/p.png",
        "https://evil.example\\@photos.example.org/x.jpg",
        "//user[@evil.example/x.png",
        "https://photos.example.org:8443/x.jpg",
        "java\tscript:alert(1)",
    ):
        html = markdown(f"![x]({src})")
        assert "evil" not in html and "8443" not in html and "script" not in html, src
