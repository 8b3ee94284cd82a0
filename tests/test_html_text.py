"""The one reading of HTML as the text a reader sees, that the other tests compare words against."""

from __future__ import annotations

import pytest

from .html_text import visible_text


@pytest.mark.parametrize(
    ("html", "seen"),
    [
        ("<p><strong>Not</strong> met</p>", "Not met"),
        ("<p>£<span>13</span>m in 2013<sup>th</sup></p>", "£13m in 2013th"),
        ('<p>see <a href="x/">the <abbr title="Better Care Fund">BCF</abbr></a>.</p>', "see the BCF."),
        ("<p>long<wbr>word</p>", "longword"),
    ],
)
def test_inline_elements_join_the_text_around_them(html: str, seen: str) -> None:
    assert visible_text(html) == seen


@pytest.mark.parametrize(
    ("html", "seen"),
    [
        ("<tr><td>2013</td><td>77.9</td></tr>", "2013 77.9"),
        ("<h2>Aims</h2><p>First</p><ul><li>one</li><li>two</li></ul>", "Aims First one two"),
        ("<p>Town Hall<br>Example Street</p>", "Town Hall Example Street"),
        ("<div>a</div>b<p>c</p>", "a b c"),
    ],
)
def test_block_elements_and_line_breaks_separate_their_text(html: str, seen: str) -> None:
    assert visible_text(html) == seen


def test_the_heading_permalink_is_dropped() -> None:
    html = '<h2 id="aims">Our aims<a class="headerlink" href="#aims" title="Permanent link">&para;</a></h2><p>Go</p>'
    assert visible_text(html) == "Our aims Go"


def test_entities_are_decoded_and_white_space_collapses() -> None:
    html = "<p>\n  Fish &amp; chips&nbsp;&nbsp;for&#160;&pound;5 &ndash; Luton&rsquo;s &lt;best&gt;\t</p>"
    assert visible_text(html) == "Fish & chips for £5 – Luton’s <best>"


def test_scripts_styles_templates_and_drawings_are_not_text() -> None:
    html = (
        "<head><title>Home</title><style>p { color: red }</style></head>"
        '<body><script>var x = "<p>hidden</p>";</script><p>Shown</p>'
        "<template><p>later</p></template>"
        '<svg viewBox="0 0 1 1"><title>icon</title><text>0</text></svg><p>too</p></body>'
    )
    assert visible_text(html) == "Home Shown too"


def test_a_fragment_with_nothing_to_see_is_empty() -> None:
    assert visible_text("") == ""
    assert visible_text('<a class="headerlink" href="#x">¶</a> <script>1</script>') == ""
