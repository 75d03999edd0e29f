"""The side-by-side HTML in a real browser: Debian Chromium driven headless by Selenium.

Skipped when chromium/chromedriver are missing, failed instead when CI=true (`.ci/run` installs
them). Screenshots land in test-artifacts/ (git-ignored) for a human to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_writers_sample import para, sample_document

from bitext.core.aligned import AlignedDocument
from bitext.writers import WriterOptions, write_outputs
from bitext.core.terms import Term, TermCheck, TermHit

pytestmark = [pytest.mark.browser]

CHROMIUM = Path(os.environ.get("BITEXT_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("BITEXT_CHROMEDRIVER", "/usr/bin/chromedriver"))
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

PAYLOAD = '<script>window.__pwned = 1; alert(1)</script><img src=x onerror="window.__pwned = 2; alert(2)">'


def require_browser() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip)")
    if not missing:
        return
    message = f"browser test needs {', '.join(missing)} (apt-get install -y chromium chromium-driver)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message + " but CI is set: .ci/run must install them")
    pytest.skip(message)


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}", "--window-size=1400,1000",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path keeps Selenium Manager from trying to download one.
    drv = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    drv.set_page_load_timeout(30)
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory) -> Path:
    (path,) = write_outputs(sample_document("review-sample"), tmp_path_factory.mktemp("html"), ["html"]).files
    return path


def open_page(driver, path: Path, width: int = 1400, height: int = 1000):
    driver.set_window_size(width, height)
    driver.get(path.as_uri())
    driver.get_log("browser")  # start each test with an empty console log


def classes(driver, element_id: str) -> set[str]:
    return set(driver.find_element("id", element_id).get_attribute("class").split())


def hover(driver, element_or_id):
    from selenium.webdriver.common.action_chains import ActionChains

    el = driver.find_element("id", element_or_id) if isinstance(element_or_id, str) else element_or_id
    # Scroll first: the page hides its tooltip on scroll, as a move that scrolls would do.
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    ActionChains(driver).move_to_element(el).perform()


def severe(logs) -> list:
    return [entry for entry in logs if entry["level"] == "SEVERE"]


def test_page_loads_without_console_errors(driver, sample_page):
    driver.set_window_size(1400, 1000)
    driver.get(sample_page.as_uri())
    assert driver.title == "review-sample — bitext review"
    assert severe(driver.get_log("browser")) == []
    assert len(driver.find_elements("css selector", "article.row")) == 8


def test_hover_highlights_partner(driver, sample_page):
    open_page(driver, sample_page)
    hover(driver, "p1-zh0")
    assert "hl" in classes(driver, "p1-zh0") and "hl" in classes(driver, "p1-en0")
    assert "hl" not in classes(driver, "p1-en1")
    # n:m bead: hovering the English sentence lights up both Chinese members
    hover(driver, "p2-en0")
    assert {"hl"} <= classes(driver, "p2-zh0") & classes(driver, "p2-zh1")
    assert "hl" not in classes(driver, "p1-en0")
    background = driver.find_element("id", "p2-zh1").value_of_css_property("background-color")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_keyboard_focus_and_click_pin(driver, sample_page):
    from selenium.webdriver.common.keys import Keys

    open_page(driver, sample_page)
    driver.execute_script("document.getElementById('p1-en0').focus()")
    driver.switch_to.active_element.send_keys(Keys.TAB)  # real Tab: the glossary term inside it
    assert driver.switch_to.active_element.tag_name == "mark"
    assert "hl" in classes(driver, "p1-zh0")
    driver.switch_to.active_element.send_keys(Keys.TAB)  # …then the next sentence
    assert driver.switch_to.active_element.get_attribute("id") == "p1-en1"
    assert "hl" in classes(driver, "p1-zh1") and "hl" not in classes(driver, "p1-zh0")
    driver.find_element("id", "p3-zh0").click()
    assert "pin" in classes(driver, "p3-en0")
    driver.find_element("tag name", "body").send_keys(Keys.ESCAPE)
    assert "pin" not in classes(driver, "p3-en0")


def test_term_tooltip(driver, sample_page):
    open_page(driver, sample_page)
    hover(driver, driver.find_element("css selector", "#p1 .zh mark.term"))
    tip = driver.find_element("id", "tooltip")
    assert tip.is_displayed()
    assert "general principle of pursuing progress while ensuring stability" in tip.text
    assert "slogan" in tip.text and "CPC Central Committee, 2023" in tip.text


def test_flagged_filter_and_navigation(driver, sample_page):
    from selenium.webdriver.common.keys import Keys

    open_page(driver, sample_page)
    assert driver.find_element("id", "p1").is_displayed()
    driver.find_element("id", "only-flagged").click()
    shown = [r.get_attribute("id") for r in driver.find_elements("css selector", "article.row") if r.is_displayed()]
    assert shown == ["p2", "p5", "p6"]
    driver.find_element("id", "only-flagged").click()
    assert driver.find_element("id", "p1").is_displayed()

    body = driver.find_element("tag name", "body")
    body.send_keys("n")
    assert "current" in classes(driver, "p2")
    body.send_keys("n")
    assert "current" in classes(driver, "p5") and "current" not in classes(driver, "p2")
    body.send_keys("p")
    assert "current" in classes(driver, "p2")
    # sentence level: four flagged pairs in three paragraphs, p6 holds two of them
    assert driver.find_element("id", "flag-position").text == "flagged 1 of 4"
    assert "current" in classes(driver, "p2-zh0") and "current" not in classes(driver, "p2-zh2")
    body.send_keys("n", "n")
    assert "current" in classes(driver, "p6-zh0") and "current" not in classes(driver, "p6-zh1")
    body.send_keys("n")
    assert "current" in classes(driver, "p6-zh1") and "current" not in classes(driver, "p6-zh0")
    body.send_keys("f")
    assert not driver.find_element("id", "p1").is_displayed()
    body.send_keys(Keys.ESCAPE)


def hostile_document() -> AlignedDocument:
    p = para(0, [PAYLOAD + "。"], ["Safe English " + PAYLOAD])
    term = Term(zh="<script>", en=PAYLOAD, category='"><img src=x onerror=alert(3)>', source=PAYLOAD, note=PAYLOAD)
    p.terms = [TermCheck(TermHit(term, 0, 8), False)]
    p.tm_hint = PAYLOAD
    return AlignedDocument(name=PAYLOAD, paragraphs=[p], meta={"model": PAYLOAD, "date": "</title>" + PAYLOAD})


def test_injected_markup_stays_text_and_runs_nothing(driver, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException

    path = tmp_path / "hostile.html"
    from bitext.writers import html

    path.write_text(html.render(hostile_document(), WriterOptions()), encoding="utf-8")
    open_page(driver, path)
    # hover the term too: the tooltip is built from the payload-laden data attributes
    hover(driver, "p0-zh0")
    hover(driver, driver.find_element("css selector", "mark.term"))
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018
    assert driver.execute_script("return window.__pwned === undefined")
    assert driver.execute_script("return document.images.length") == 0
    assert driver.execute_script("return document.scripts.length") == 2  # the JSON block and ours
    zh_text = driver.execute_script("return document.querySelector('#p0 .zh').textContent")
    assert zh_text == PAYLOAD + "。"
    assert PAYLOAD in driver.find_element("id", "tooltip").get_attribute("textContent")
    assert driver.find_element("tag name", "h1").text == PAYLOAD
    assert severe(driver.get_log("browser")) == []


def test_screenshots(driver, sample_page):
    ARTIFACTS.mkdir(exist_ok=True)
    open_page(driver, sample_page)
    hover(driver, "p1-zh2")
    desktop = ARTIFACTS / "html-review-desktop.png"
    assert driver.save_screenshot(str(desktop))
    assert desktop.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    open_page(driver, sample_page, width=390, height=1200)
    zh = driver.find_element("css selector", "#p1 .zh").rect
    en = driver.find_element("css selector", "#p1 .en").rect
    assert en["y"] >= zh["y"] + zh["height"]  # stacked, not side by side
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
    hover(driver, "p2-zh0")
    phone = ARTIFACTS / "html-review-phone.png"
    assert driver.save_screenshot(str(phone))
    assert phone.stat().st_size > 1000


def test_print_stylesheet(driver, sample_page):
    open_page(driver, sample_page, width=1000, height=1400)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not driver.find_element("css selector", "nav.toolbar").is_displayed()
        assert driver.find_element("id", "p1").is_displayed()
        ARTIFACTS.mkdir(exist_ok=True)
        assert driver.save_screenshot(str(ARTIFACTS / "html-review-print.png"))
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_no_network_requests(driver, sample_page):
    open_page(driver, sample_page)
    entries = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert entries == []
