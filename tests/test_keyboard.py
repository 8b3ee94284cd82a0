"""The site with a keyboard alone, on a phone (390 px) and a narrow window (1024 px; issue 30).

Below 1220 px the theme's menu is a drawer off the left of the screen. Closed, none of its
links may take focus (WCAG 2.4.7, 2.4.11): every Tab stop on the home page, the progress
page, an outcome page and an indicator page must be on the screen, with a size, not hidden
or transparent and not covered by anything else. The menu opens from a real button named
"Menu" that says whether it is open (WCAG 4.1.2); opening it moves focus to its first link,
every stop inside it is seen too, Tab out of it closes it, and Escape closes it and puts
focus back on the button.

Transitions are switched off on each page, so that what is measured is where each thing
ends up rather than a moment of its animation.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from .test_browser import browser, served

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.slow
__all__ = ["browser", "served"]  # the fixtures, shared with the browser tests

SCREENS: dict[int, dict[str, Any]] = {
    390: {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    1024: {"viewport": {"width": 1024, "height": 768}},
}
NO_MOTION = (
    "*, *::before, *::after { transition: none !important; animation: none !important; }"
    " html { scroll-behavior: auto !important; }"
)

# Where focus is and whether a sighted keyboard user can see it. Null when focus is back on
# the page itself or on a stop already seen: the end of the round. A stop that cannot be seen
# is measured `again` a moment later, as the theme opens its search a millisecond after the
# search box takes focus.
# The theme's light/dark switch is a radio button of no size whose focus ring is drawn on
# the label after it, so that label is what must be seen.
FOCUS = """async again => {
    const frame = () => new Promise(done => requestAnimationFrame(done));
    if (again) await new Promise(done => setTimeout(done, 20)).then(frame).then(frame);
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    window.__seen = window.__seen || new Set();
    if (window.__seen.has(element) && !again) return null;
    window.__seen.add(element);
    const describe = node => {
        if (!node) return "nothing";
        const classes = typeof node.className === "string" ? node.className.trim().split(/\\s+/) : [];
        const text = (node.getAttribute("aria-label") || node.textContent || "").trim().replace(/\\s+/g, " ");
        const tag = [node.tagName.toLowerCase() + (node.id ? "#" + node.id : ""), ...classes].join(".");
        return `<${tag}> "${text.slice(0, 50)}"`;
    };
    let shown = element;
    const drawnByLabel = element.matches("input[type=radio], input[type=checkbox]") && element.offsetWidth === 0;
    if (drawnByLabel && element.nextElementSibling && element.nextElementSibling.tagName === "LABEL") {
        shown = element.nextElementSibling;
    }
    const box = shown.getBoundingClientRect();
    const width = document.documentElement.clientWidth, height = window.innerHeight;
    const left = Math.max(box.left, 0), right = Math.min(box.right, width);
    const top = Math.max(box.top, 0), bottom = Math.min(box.bottom, height);
    const problems = [];
    if (box.width < 1 || box.height < 1) problems.push("has no size");
    else if (right - left < 1 || bottom - top < 1) problems.push("is off the screen");
    if (getComputedStyle(shown).visibility !== "visible") problems.push("is hidden");
    for (let node = shown; node; node = node.parentElement) {
        if (getComputedStyle(node).opacity === "0") { problems.push("is transparent"); break; }
    }
    if (problems.length === 0) {
        const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
        if (!hit || !(shown.contains(hit) || hit.contains(shown))) problems.push("is covered by " + describe(hit));
    }
    const [x, y, w, h] = [box.left, box.top, box.width, box.height].map(Math.round);
    const where = `x=${x} y=${y} ${w}×${h}`;
    return {what: describe(element), where, problems, inMenu: !!element.closest("#__menu")};
}"""

MENU_STATE = """() => {
    const button = document.getElementById("__menu_button");
    const menu = document.getElementById(button.getAttribute("aria-controls"));
    return {
        tag: button.tagName,
        expanded: button.getAttribute("aria-expanded"),
        open: document.getElementById("__drawer").checked,
        inert: !!menu.closest("[inert]"),
        focusOnButton: document.activeElement === button,
        focusInMenu: menu.contains(document.activeElement),
    };
}"""


def _pages(site: Path) -> list[str]:
    """The home page, the progress page where there is one, a page in the menu's first section (an outcome,
    or an item of the site's first declared list) and an indicator page."""
    paths = ["/"]
    if (site / "progress" / "index.html").is_file():
        paths.append("/progress/")
    paths.append(_first_section_page(site))
    pages = sorted(p.parent.name for p in (site / "indicators").glob("*/index.html"))
    if pages:
        paths.append(f"/indicators/{pages[0]}/")
    return paths


def _first_section_page(site: Path) -> str:
    """The first page listed in the menu's first section: read from the menu the build wrote, since a site
    gives its lists addresses in its own words (Luton's first outcome, Westfield's first strategic priority)."""
    nav = yaml.safe_load((site.parent / "build" / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    section = next(pages for entry in nav for pages in entry.values() if isinstance(pages, list))
    first = next(entry for entry in section if isinstance(entry, dict))
    path = str(next(iter(first.values())))
    return "/" + path.removesuffix(".md") + "/"


def _load(page: Page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.add_style_tag(content=NO_MOTION)


def _focus(page: Page) -> dict[str, Any] | None:
    stop: dict[str, Any] | None = page.evaluate(FOCUS, False)
    if stop is not None and stop["problems"]:
        stop = page.evaluate(FOCUS, True)
    return stop


def _tab_round(page: Page, path: str, *, limit: int = 400, stop_outside_menu: bool = False) -> list[str]:
    """Tab from where focus is until it comes round again; each stop a sighted user could not see."""
    page.evaluate("window.__seen = new Set()")
    unseen: list[str] = []
    for number in range(1, limit + 1):
        page.keyboard.press("Tab")
        stop = _focus(page)
        if stop is None or (stop_outside_menu and not stop["inMenu"]):
            return unseen
        if stop["problems"]:
            unseen.append(f"{path} Tab {number}: {stop['what']} {', '.join(stop['problems'])} ({stop['where']})")
    pytest.fail(f"{path}: focus did not come round in {limit} Tabs")


@pytest.mark.parametrize("width", list(SCREENS))
def test_every_tab_stop_can_be_seen_and_the_menu_is_a_button(
    browser: Browser, served: tuple[str, Path, str], width: int
) -> None:
    name, site, base = served
    context = browser.new_context(**SCREENS[width])
    page = context.new_page()
    paths = _pages(site)
    unseen: list[str] = []
    for path in paths:
        _load(page, base + path)
        unseen.extend(_tab_round(page, path))
    assert unseen == [], f"{name} at {width} px: focus lands where it cannot be seen"

    # The menu: a button named "Menu", closed, with the menu out of reach until it opens.
    path = paths[-1]
    _load(page, base + path)
    menu_button = page.get_by_role("button", name="Menu", exact=True)
    assert menu_button.count() == 1
    state = page.evaluate(MENU_STATE)
    assert state | {"focusOnButton": None} == {
        "tag": "BUTTON",
        "expanded": "false",
        "open": False,
        "inert": True,
        "focusOnButton": None,
        "focusInMenu": False,
    }
    for _stop in range(2):  # the skip link first, on a page with headings
        page.keyboard.press("Tab")
        if page.evaluate(MENU_STATE)["focusOnButton"]:
            break
    assert page.evaluate(MENU_STATE)["focusOnButton"], "the Menu button is not among the first two Tab stops"

    # Enter opens it and focus goes to its first link, which can be seen, as can every stop after it;
    # Tab out of it closes it.
    page.keyboard.press("Enter")
    state = page.evaluate(MENU_STATE)
    assert (state["expanded"], state["open"], state["inert"], state["focusInMenu"]) == ("true", True, False, True)
    page.evaluate("window.__seen = new Set()")
    first = _focus(page)
    assert first is not None, "opening the menu left focus nowhere"
    assert first["problems"] == [], f"{path}: the menu's first link {first['what']} {first['problems']}"
    unseen = _tab_round(page, path + " (menu open)", stop_outside_menu=True)
    assert unseen == [], f"{name} at {width} px: focus in the open menu lands where it cannot be seen"
    state = page.evaluate(MENU_STATE)
    assert (state["expanded"], state["open"], state["inert"]) == ("false", False, True), "Tab out left the menu open"

    # Space opens it again; Escape closes it and focus goes back to the button.
    menu_button.focus()
    page.keyboard.press("Space")
    assert page.evaluate(MENU_STATE)["expanded"] == "true"
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    state = page.evaluate(MENU_STATE)
    assert state == {
        "tag": "BUTTON",
        "expanded": "false",
        "open": False,
        "inert": True,
        "focusOnButton": True,
        "focusInMenu": False,
    }

    # Wider than 1220 px the menu is the sidebar again: never inert, and the button is not shown.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.wait_for_function("() => !document.getElementById('__menu').closest('[inert]')", timeout=2000)
    assert not menu_button.is_visible()
    context.close()


def test_a_section_of_the_phone_menu_opens_and_closes_from_the_keyboard(
    browser: Browser, served: tuple[str, Path, str]
) -> None:
    """On a phone the theme shows each section of the menu as a panel of its own: the panel of
    the page's section opens with the menu, "Back" leads to the panel above, and focus is seen
    throughout."""
    name, site, base = served
    outcome = _first_section_page(site)
    context = browser.new_context(**SCREENS[390])
    page = context.new_page()
    _load(page, base + outcome)
    page.get_by_role("button", name="Menu", exact=True).press("Enter")
    page.keyboard.press("Shift+Tab")
    back = page.evaluate("document.activeElement.getAttribute('aria-label') || ''")
    assert back.startswith("Back from "), f"{name}: before the panel's first link comes {back!r}"
    page.keyboard.press("Enter")
    page.evaluate("window.__seen = new Set()")
    opener = _focus(page)
    assert opener is not None, "going back left focus nowhere"
    assert opener["problems"] == [] and opener["inMenu"], opener
    unseen = _tab_round(page, outcome + " (menu's top panel)", stop_outside_menu=True)
    assert unseen == []
    context.close()
