"""Is a cached chart what matplotlib wrote for these charts, and nothing else?

Cached charts are published as they are, and ``build/.cache`` is not to be trusted (a
pull request can commit files there), so each cached SVG is checked before it is used:
matplotlib's own prolog, then only the elements, attributes and CSS its SVG backend
writes for these charts — no script, ``foreignObject``, link, image or event attribute,
links only to an id in the same file. A chart that fails is drawn again.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

# What matplotlib's SVG backend writes for these charts (charts._save), and nothing else: no
# script, foreignObject, link, image or event attribute; links only to an id in the same file.
SVG_PROLOG = (
    b'<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
    b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n'
    b'  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
)
MAX_SVG_BYTES = 4_000_000  # a chart is some 20 KB
_SVG, _XLINK, _XML = (
    "{http://www.w3.org/2000/svg}",
    "{http://www.w3.org/1999/xlink}",
    "{http://www.w3.org/XML/1998/namespace}",
)
_RDF, _CC, _DC = (
    "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}",
    "{http://creativecommons.org/ns#}",
    "{http://purl.org/dc/elements/1.1/}",
)
SVG_ELEMENTS = frozenset(
    [_SVG + name for name in ("svg", "g", "defs", "path", "use", "clipPath", "rect", "pattern", "text", "tspan")]
    + [_SVG + name for name in ("style", "title", "desc", "metadata")]
    + [_RDF + "RDF", _CC + "Work", _DC + "type", _DC + "format", _DC + "title"]
)
_PLAIN = re.compile(r"[\w\s#.,%+-]*", re.ASCII)  # numbers, path data, ids, colours, lengths
_SAME_FILE = re.compile(r"#[\w.:-]+", re.ASCII)
_URL = re.compile(r"url\(#[\w.:-]+\)", re.ASCII)
_ATTRIBUTES: dict[str, re.Pattern[str]] = {
    **{name: _PLAIN for name in ("id", "d", "x", "y", "width", "height", "viewBox", "version", "fill", "stroke")},
    **{name: _PLAIN for name in ("patternUnits", "aria-labelledby", "clip-path", _XML + "space")},
    "transform": re.compile(r"[\w\s.,()+-]*", re.ASCII),
    "href": _SAME_FILE,
    _XLINK + "href": _SAME_FILE,
    "role": re.compile("img"),
    "type": re.compile("text/css"),
    _RDF + "resource": re.compile(re.escape("http://purl.org/dc/dcmitype/StillImage")),
}
_CSS_PROPERTY = re.compile(
    r"\s*(fill(-opacity)?|stroke(-(width|opacity|linejoin|linecap|dasharray|dashoffset|miterlimit))?"
    r"|opacity|clip-path|font-(size|family|style|weight)|text-anchor)\s*"
)
_CSS_VALUE = re.compile(r"[\w\s#.,%+'\"-]*", re.ASCII)  # no function but url(#id), no escape, no @rule
_CSS_RULE = re.compile(r"\s*[\w\s*#.,-]+\{([^{}]*)\}\s*", re.ASCII)


def _safe_declarations(text: str) -> bool:
    """CSS declarations (a style attribute, a rule's body) of known properties with plain values."""
    for declaration in text.split(";"):
        if not declaration.strip():
            continue
        name, colon, value = declaration.partition(":")
        if not colon or not _CSS_PROPERTY.fullmatch(name) or not _CSS_VALUE.fullmatch(_URL.sub("", value)):
            return False
    return True


def _safe_stylesheet(text: str) -> bool:
    end = 0
    for rule in _CSS_RULE.finditer(text):
        if rule.start() != end or not _safe_declarations(rule.group(1)):
            return False
        end = rule.end()
    return end == len(text)


def _safe_value(name: str, value: str) -> bool:
    if name == "style":
        return _safe_declarations(value)
    allowed = _ATTRIBUTES.get(name)
    return allowed is not None and allowed.fullmatch(_URL.sub("", value) if allowed is _PLAIN else value) is not None


def safe_svg(svg: bytes) -> bool:
    """Whether ``svg`` holds only what matplotlib writes for a chart, so it can be published as it is.

    The bytes must open with matplotlib's own prolog and then hold no other declaration
    (no DOCTYPE, ENTITY or processing instruction); every element and attribute must be
    on the lists above, links must point inside the file, and CSS may use no function
    but ``url(#id)``. Anything else is a cache miss, and the chart is drawn again.
    """
    if len(svg) > MAX_SVG_BYTES or not svg.startswith(SVG_PROLOG + b"<svg "):
        return False
    body = svg[len(SVG_PROLOG) :]
    if b"<!" in body or b"<?" in body:
        return False
    try:
        root = ElementTree.fromstring(body)  # after the prolog: expat sees no DTD at all
    except ElementTree.ParseError:
        return False
    if root.tag != _SVG + "svg":
        return False
    checked: set[tuple[str, str]] = set()  # styles and ids repeat: check each pair once
    for element in root.iter():
        if element.tag not in SVG_ELEMENTS:
            return False
        if element.tag == _SVG + "style" and (len(element) or not _safe_stylesheet(element.text or "")):
            return False  # a child's tail would be part of the stylesheet too
        for pair in element.attrib.items():
            if pair not in checked:
                if pair[0].lower().startswith("on") or not _safe_value(*pair):
                    return False
                checked.add(pair)
    return True
