"""The address the site is published at, taken from the environment the build runs in.

On a GitHub Pages *project* site the pages live under a sub-path
(``https://org.github.io/repo/``). MkDocs needs that address as ``site_url``: without
it ``sitemap.xml`` lists no page, and ``404.html`` — served for any unknown address,
at any depth — links to ``/assets/…`` at the domain root, which is another site. The
publishing workflow reads the address from ``actions/configure-pages`` and passes it as
``SITE_URL``; a site can also set ``site_url`` in its own ``mkdocs.yml``, and the
environment wins, because it knows where this build is going.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from .problems import InputError, Problem, Where

SITE_URL = "SITE_URL"


def site_url_from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """``SITE_URL`` ending in one slash, or None when unset; an address MkDocs cannot use is a problem."""
    environ = os.environ if environ is None else environ
    value = environ.get(SITE_URL, "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise InputError(
            [
                Problem(
                    Where(SITE_URL),
                    f"'{value}' is not the address of a site; set {SITE_URL} to one such as "
                    f"https://org.github.io/repo/ or leave it unset",
                )
            ]
        )
    return value.rstrip("/") + "/"
