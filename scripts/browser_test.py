#!/usr/bin/env python3
"""Real-browser tests of the default theme and the built-in search.

Builds this repository's sample archive with the sitegen binary, serves it on a
loopback port, and drives Chromium (headless, through chromedriver and selenium):

- home, a briefing, a tag, a month, a year, a story, the stories, tags, archive,
  search and 404 pages load with no console error, carry the landmarks and the
  site navigation, and have no horizontal scroll at 320 and 375 px;
- typing on /search/ shows the matching briefings (checked against a Python
  reference of the client's matching rules), with case and diacritics folded,
  prefixes, tag and date filters, and the query kept in the URL;
- the theme switches with prefers-color-scheme: dark (emulated over the DevTools
  protocol), and its main text colours meet WCAG AA contrast in both schemes;
- the skip link is the first thing the keyboard reaches, and is visible then;
- with a corpus (gen_corpus.py, 1,000 briefings by default) built too, search
  finds its newest, oldest and middle briefings, and a common word stops after
  the first files of the index.

Screenshots (375 and 1280 px, home and briefing, plus dark mode and search) go to
--screenshots; --update-docs copies them to docs/screenshots/. Prints one line per
check and ends with "N passed, N failed"; exits 1 if any failed.

Run it through scripts/browser-test.sh, which installs chromium, chromium-driver and
selenium when they are missing.
"""

import argparse
import base64
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import unicodedata
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
NAV = ["/", "/archive/", "/tags/", "/stories/", "/search/", "/feed.xml"]
SCREENSHOTS = [  # name, path key, width, height, scheme
    ("home-1280", "home", 1280, 900, "light"),
    ("briefing-1280", "briefing", 1280, 900, "light"),
    ("home-375", "home", 375, 812, "light"),
    ("briefing-375", "briefing", 375, 812, "light"),
    ("briefing-375-dark", "briefing", 375, 812, "dark"),
    ("search-1280", "search-erdogan", 1280, 900, "light"),
]


# ---------------------------------------------------------------- reporting

class Results:
    def __init__(self):
        self.passed = 0
        self.failed = []

    def check(self, name, function, *args, **kwargs):
        try:
            detail = function(*args, **kwargs)
        except (AssertionError, TimeoutException, WebDriverException) as error:
            message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            self.failed.append(name)
            print(f"FAIL {name}: {message}", flush=True)
            if os.environ.get("BROWSER_TEST_TRACE"):
                traceback.print_exc()
            return None
        self.passed += 1
        print(f"ok   {name}" + (f" ({detail})" if isinstance(detail, str) and detail else ""), flush=True)
        return detail


# ---------------------------------------------------------------- the site

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Server:
    """A static server for a built site on an ephemeral loopback port."""

    def __init__(self, root):
        handler = functools.partial(QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def build(binary, source, output):
    started = time.time()
    subprocess.run([str(binary), "build", "--source", str(source), "--output", str(output), "--quiet"], check=True)
    return time.time() - started


# ------------------------------------------------- reference of search matching

SPECIAL = {"ı": "i", "ø": "o", "ß": "ss", "đ": "d", "ð": "d", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th", "ħ": "h", "ŀ": "l"}


def fold(text):
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    text = "".join(SPECIAL.get(c, c) for c in text)
    return re.sub(r"['’ʼ]", "", text)


def words(text):
    return [w for w in re.split(r"[\W_]+", fold(text)) if w]


class Index:
    """The search index as written to disk, and what a query should find in it."""

    def __init__(self, public):
        self.public = Path(public)
        self.manifest = json.loads((self.public / "search/index.json").read_text(encoding="utf-8"))
        self.names = {slug: name for slug, name, _ in self.manifest["tags"]}
        self.entries = []
        for part in self.manifest["files"]:
            data = json.loads((self.public / part["url"].lstrip("/")).read_text(encoding="utf-8"))
            self.entries += data["entries"]

    def sizes(self):
        files = [self.public / "search/index.json"] + [self.public / f["url"].lstrip("/") for f in self.manifest["files"]]
        return [(f.name, f.stat().st_size) for f in files]

    def matches(self, query="", tag="", start="", end=""):
        terms = words(query)
        found = []
        for url, title, date, tags, summary in self.entries:
            hay = words(" ".join([title, summary] + [self.names.get(t, t) for t in tags]))
            if start and date < start or end and date > end or tag and tag not in tags:
                continue
            if all(any(w.startswith(t) for w in hay) for t in terms):
                found.append(url)
        return found


# ---------------------------------------------------------------- the browser

def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--hide-scrollbars",
                     "--window-size=1280,900", "--force-device-scale-factor=1", "--lang=en-GB", "--no-first-run",
                     "--disable-extensions", "--disable-background-networking"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    return driver


class Browser:
    def __init__(self, driver):
        self.driver = driver
        self.base = ""

    def viewport(self, width, height=900):
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})

    def scheme(self, value):
        features = [{"name": "prefers-color-scheme", "value": value}] if value else []
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": features})

    def open(self, path):
        self.console()  # Drops what earlier pages logged.
        self.driver.get(self.base + path)
        WebDriverWait(self.driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def console(self):
        """Console messages at error level since the last call."""
        return [e["message"] for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def screenshot(self, path):
        data = self.driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def wait(self, condition, timeout=20, message=""):
        return WebDriverWait(self.driver, timeout).until(lambda d: condition(), message)


def luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def parse_rgb(css):
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)[:3]]
    assert len(numbers) == 3, f"not a colour: {css}"
    return numbers


def contrast(a, b):
    la, lb = sorted([luminance(parse_rgb(a)), luminance(parse_rgb(b))], reverse=True)
    return (la + 0.05) / (lb + 0.05)


# ---------------------------------------------------------------- the checks

PAGE_SHAPE = """
const nav = [...document.querySelectorAll('nav.site a')].map(a => a.getAttribute('href'));
return {
  lang: document.documentElement.lang,
  title: document.title,
  header: !!document.querySelector('body > header'),
  main: !!document.querySelector('main#main'),
  footer: !!document.querySelector('body > footer'),
  skip: (document.querySelector('a.skip') || {}).hash || '',
  nav: nav,
  h1: document.querySelectorAll('h1').length,
  timesWithoutDatetime: [...document.querySelectorAll('time')].filter(t => !t.getAttribute('datetime')).length,
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
};
"""


def check_page(browser, path):
    browser.viewport(1280)
    browser.open(path)
    shape = browser.js(PAGE_SHAPE)
    errors = browser.console()
    assert not errors, f"console errors on {path}: {errors}"
    assert shape["lang"], "no <html lang>"
    assert shape["header"] and shape["main"] and shape["footer"], f"landmarks missing: {shape}"
    assert shape["skip"] == "#main", "no skip link to #main"
    assert all(link in shape["nav"] for link in NAV), f"navigation {shape['nav']} lacks one of {NAV}"
    assert shape["h1"] == 1, f"{shape['h1']} <h1> elements"
    assert shape["timesWithoutDatetime"] == 0, "a <time> without datetime"
    for width in (375, 320):
        browser.viewport(width, 800)
        shape = browser.js(PAGE_SHAPE)
        assert shape["scrollWidth"] <= shape["innerWidth"], f"horizontal scroll at {width} px: {shape['scrollWidth']} wide"
    browser.viewport(1280)
    return shape["title"]


def discover(browser):
    """Finds one page of each kind by following the site's own links."""
    pages = {"home": "/", "tags": "/tags/", "archive": "/archive/", "stories": "/stories/", "search": "/search/",
             "404": "/404.html"}

    def first(path, selector):
        browser.open(path)
        return browser.driver.find_element(By.CSS_SELECTOR, selector).get_attribute("pathname")

    pages["briefing"] = first("/", "main ol.list h2 a")
    pages["tag"] = first(pages["briefing"], "article ul.tags a")
    pages["month"] = first("/archive/", "main ul.grid a")
    pages["year"] = first("/archive/", "main h2 a")
    pages["story"] = first("/stories/", "main ol.list h2 a")
    browser.console()
    return pages


def result_urls(browser):
    return browser.js("return [...document.querySelectorAll('#results > li h2 a')].map(a => a.pathname)")


def search_settled(browser):
    return browser.js("""
        const status = document.getElementById('status').textContent;
        return !/^(Loading|Searching)/.test(status) ? status : null;""")


def run_search(browser, query_string):
    """Opens /search/?… and waits for the search to finish (or pause for "Show more")."""
    browser.open("/search/" + query_string)
    return browser.wait(lambda: search_settled(browser), message=f"search {query_string} did not finish")


def check_typing(browser, index):
    browser.viewport(1280)
    browser.open("/search/")
    browser.wait(lambda: search_settled(browser), message="the index did not load")
    expected = index.matches("erdogan")
    assert expected, "the sample has no briefing about Erdoğan"
    box = browser.driver.find_element(By.ID, "q")
    box.send_keys("erdogan")
    browser.wait(lambda: set(result_urls(browser)) == set(expected) and search_settled(browser),
                 message=f"typing 'erdogan' did not show {expected}; showed {result_urls(browser)}")
    assert "q=erdogan" in browser.js("return location.search"), "the query is not in the URL"
    assert browser.js("return document.querySelectorAll('#results mark').length") > 0, "no highlighted words"
    titles = browser.js("return [...document.querySelectorAll('#results h2 a')].map(a => a.textContent)")
    assert any("Erdoğan" in t for t in titles), f"no title with 'Erdoğan' among {titles}"
    errors = browser.console()
    assert not errors, f"console errors: {errors}"
    return f"{len(expected)} briefings, e.g. “{titles[0]}”"


def check_query(browser, index, query_string, query="", tag="", start="", end=""):
    expected = index.matches(query, tag, start, end)
    status = run_search(browser, query_string)
    shown = result_urls(browser)
    if len(expected) <= 25:
        assert shown == expected, f"{query_string}: showed {shown}, expected {expected}"
    else:
        assert shown == expected[:25], f"{query_string}: first page differs from the expected newest 25"
    errors = browser.console()
    assert not errors, f"console errors: {errors}"
    return f"{len(expected)} found; “{status}”"


def check_tag_select(browser, index):
    tag = max(index.manifest["tags"], key=lambda t: (t[2] if t[2] <= 25 else 0, t[0]))
    browser.open("/search/")
    browser.wait(lambda: search_settled(browser))
    Select(browser.driver.find_element(By.ID, "tag")).select_by_value(tag[0])
    expected = index.matches(tag=tag[0])
    browser.wait(lambda: result_urls(browser) == expected and search_settled(browser),
                 message=f"choosing tag {tag[0]} did not show its {len(expected)} briefings")
    assert f"tag={tag[0]}" in browser.js("return location.search")
    return f"{tag[1]}: {len(expected)}"


def check_dark_mode(browser, pages):
    browser.viewport(1280)
    report = []
    colours = {}
    for scheme in ("light", "dark"):
        browser.scheme(scheme)
        browser.open(pages["briefing"])
        colours[scheme] = browser.js("""
            const css = (selector, property) => getComputedStyle(document.querySelector(selector))[property];
            return {paper: css('body', 'backgroundColor'), ink: css('body', 'color'), muted: css('article .meta', 'color'),
                    link: css('.content a, .box a', 'color'), nav: css('nav.site a', 'color'), card: css('.box', 'backgroundColor'),
                    cardLink: css('.box a', 'color'), chip: css('.tags a', 'backgroundColor'), chipText: css('.tags a', 'color')};""")
        c = colours[scheme]
        pairs = {"text": (c["ink"], c["paper"]), "muted": (c["muted"], c["paper"]), "link": (c["link"], c["paper"]),
                 "nav": (c["nav"], c["paper"]), "link on box": (c["cardLink"], c["card"]), "tag": (c["chipText"], c["chip"])}
        for name, (fore, back) in pairs.items():
            ratio = contrast(fore, back)
            assert ratio >= 4.5, f"{scheme}: {name} contrast {ratio:.2f} < 4.5 ({fore} on {back})"
        report.append(f"{scheme} text {contrast(c['ink'], c['paper']):.1f}:1, muted {contrast(c['muted'], c['paper']):.1f}:1")
    browser.scheme("")
    assert colours["light"]["paper"] != colours["dark"]["paper"], "the background did not change in dark mode"
    assert luminance(parse_rgb(colours["dark"]["paper"])) < 0.05, f"dark background is not dark: {colours['dark']['paper']}"
    assert luminance(parse_rgb(colours["light"]["paper"])) > 0.8, f"light background is not light: {colours['light']['paper']}"
    return "; ".join(report)


def check_skip_link(browser):
    browser.viewport(1280)
    browser.open("/")
    browser.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.js("""
        const a = document.activeElement, box = a.getBoundingClientRect();
        return {cls: a.className, top: box.top, height: box.height, outline: getComputedStyle(a).outlineStyle};""")
    assert focused["cls"] == "skip", f"the first Tab reached {focused}"
    assert focused["top"] >= 0 and focused["height"] > 0, f"the focused skip link is off screen: {focused}"
    browser.driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert browser.js("return location.hash") == "#main"
    browser.open("/")
    browser.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB, Keys.TAB)
    outline = browser.js("const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]")
    assert outline[0] != "none" and outline[1] != "0px", f"no visible focus outline on the second link: {outline}"
    return ""


def take_screenshots(browser, pages, folder, briefing=None):
    folder.mkdir(parents=True, exist_ok=True)
    targets = dict(pages, **{"search-erdogan": "/search/?q=erdogan"})
    if briefing:
        targets["briefing"] = briefing
    for name, key, width, height, scheme in SCREENSHOTS:
        browser.viewport(width, height)
        browser.scheme(scheme)
        if key.startswith("search"):
            run_search(browser, "?q=erdogan")
        else:
            browser.open(targets[key])
        browser.js("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
        time.sleep(0.2)
        browser.screenshot(folder / f"{name}.png")
    browser.scheme("")
    browser.viewport(1280)
    return f"{len(SCREENSHOTS)} in {folder}"


# ------------------------------------------------------------------ the corpus

def build_corpus(binary, script, count, work):
    site = work / "corpus"
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([sys.executable, str(script), "--count", str(count), "--out", str(site / "content")], check=True)
    (site / "site.yml").write_text('title: "Corpus"\n', encoding="utf-8")
    seconds = build(binary, site, site / "public")
    return site / "public", seconds


def fetched_index_files(browser):
    return browser.js("""
        return performance.getEntriesByType('resource').map(r => new URL(r.name).pathname)
          .filter(p => /^\\/search\\/\\d{4}(-\\d\\d)?\\.json$/.test(p));""")


def find_in_corpus(browser, index, entry):
    url, title = entry[0], entry[1]
    browser.viewport(1280)
    status = run_search(browser, "?q=" + title.replace(" ", "+"))
    for _ in range(200):
        if url in result_urls(browser):
            break
        more = browser.driver.find_element(By.ID, "more")
        assert more.is_displayed(), f"“{title}” not found; status “{status}”"
        more.click()
        status = browser.wait(lambda: search_settled(browser))
    assert url in result_urls(browser)
    errors = browser.console()
    assert not errors, f"console errors: {errors}"
    return f"“{title[:40]}…” → {url}, {len(fetched_index_files(browser))} index files read"


def check_common_word_stops_early(browser, index):
    counts = {}
    for entry in index.entries:
        for word in set(words(entry[1])):
            counts[word] = counts.get(word, 0) + 1
    word = max(sorted(counts), key=counts.get)
    run_search(browser, "?q=" + word)
    shown = result_urls(browser)
    fetched = fetched_index_files(browser)
    total = len(index.manifest["files"])
    assert len(shown) == 25, f"'{word}' showed {len(shown)} results"
    assert shown == index.matches(word)[:25], f"'{word}': the first page is not the newest 25 matches"
    assert browser.driver.find_element(By.ID, "more").is_displayed(), "no Show more button"
    assert len(fetched) < total, f"'{word}' fetched all {total} index files before showing a page"
    return f"'{word}' ({counts[word]} titles): first 25 shown after {len(fetched)} of {total} index files"


# -------------------------------------------------------------------- main

def default_binary():
    for candidate in [ROOT / ".build/release/sitegen", ROOT / ".build/debug/sitegen"]:
        if candidate.exists():
            return candidate
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", type=Path, default=default_binary(), help="sitegen binary (default .build/release/sitegen)")
    parser.add_argument("--source", type=Path, default=ROOT, help="site to test (default: this repository's sample)")
    parser.add_argument("--screenshots", type=Path, default=ROOT / ".build-browser/screenshots")
    parser.add_argument("--update-docs", action="store_true", help="also copy the screenshots to docs/screenshots/")
    parser.add_argument("--screenshot-briefing", default="/2025/05/16/istanbul-talks-open/",
                        help="briefing to photograph, when the site has it (default: a sample briefing with a story, "
                             "author and sources); otherwise the newest")
    parser.add_argument("--corpus", type=int, default=1000, help="briefings in the generated corpus; 0 skips it")
    parser.add_argument("--corpus-script", type=Path, default=ROOT.parent / "shared/bench/gen_corpus.py")
    args = parser.parse_args()
    if not args.binary or not args.binary.exists():
        sys.exit("no sitegen binary: run `make release` first, or pass --binary")

    results = Results()
    work = Path(tempfile.mkdtemp(prefix="sitegen-browser-"))
    servers = []
    driver = None
    try:
        public = work / "sample"
        results.check("the sample archive builds", lambda: f"{build(args.binary, args.source, public):.2f} s")
        index = Index(public)
        server = Server(public)
        servers.append(server)
        driver = make_driver()
        browser = Browser(driver)
        browser.base = server.base
        pages = results.check("pages of every kind are found by following links", discover, browser) or {}
        for kind, path in pages.items():
            results.check(f"{kind} page {path} loads cleanly, with landmarks, navigation, no scroll at 320/375 px",
                          check_page, browser, path)
        results.check("typing 'erdogan' on /search/ shows the Erdoğan briefings", check_typing, browser, index)
        queries = [
            ("?q=ERDO%C4%9EAN", dict(query="ERDOĞAN")),
            ("?q=turkiye", dict(query="turkiye")),
            ("?q=istanb+prisoner", dict(query="istanb prisoner")),
            ("?q=zelenskys", dict(query="zelenskys")),
            ("?q=xyzzy", dict(query="xyzzy")),
        ]
        for query_string, query in queries:
            results.check(f"/search/{query_string} shows exactly the expected briefings", check_query, browser, index,
                          query_string, **query)
        newest = max(e[2] for e in index.entries)
        month = newest[:7]
        results.check(f"/search/ filters by date range ({month})", check_query, browser, index,
                      f"?from={month}-01&to={month}-31", "", "", f"{month}-01", f"{month}-31")
        tag = index.manifest["tags"][0][0]
        results.check(f"/search/?tag={tag} filters by tag", check_query, browser, index, f"?tag={tag}", "", tag)
        results.check("choosing a tag in the form filters the results", check_tag_select, browser, index)
        if pages:
            results.check("prefers-color-scheme: dark switches the theme; contrast is AA in both", check_dark_mode, browser, pages)
        results.check("the skip link is reached first and focus is visible", check_skip_link, browser)
        if pages:
            shown = args.screenshot_briefing
            if not (public / shown.strip("/") / "index.html").exists():
                shown = None
            shots = results.check("screenshots saved", take_screenshots, browser, pages, args.screenshots, shown)
            if shots and args.update_docs:
                target = ROOT / "docs/screenshots"
                target.mkdir(parents=True, exist_ok=True)
                for name, *_ in SCREENSHOTS:
                    shutil.copyfile(args.screenshots / f"{name}.png", target / f"{name}.png")
                print(f"     copied to {target}")

        if args.corpus and args.corpus_script.exists():
            built = results.check(f"a {args.corpus}-briefing corpus builds", lambda: build_corpus(
                args.binary, args.corpus_script, args.corpus, work))
            if built:
                corpus_public, seconds = built
                corpus = Index(corpus_public)
                sizes = corpus.sizes()
                print(f"     built in {seconds:.2f} s; search index: {len(sizes)} files, {sum(s for _, s in sizes) / 1024:.0f} KB "
                      f"(manifest {sizes[0][1] / 1024:.1f} KB, largest part {max(s for _, s in sizes[1:]) / 1024:.0f} KB)")
                corpus_server = Server(corpus_public)
                servers.append(corpus_server)
                browser.base = corpus_server.base
                ordered = sorted(corpus.entries, key=lambda e: e[2])
                for label, entry in [("newest", ordered[-1]), ("oldest", ordered[0]), ("middle", ordered[len(ordered) // 2])]:
                    results.check(f"corpus: search finds the {label} briefing by its title", find_in_corpus, browser, corpus, entry)
                results.check("corpus: a common word shows the newest matches without reading the whole index",
                              check_common_word_stops_early, browser, corpus)
        elif args.corpus:
            print(f"skip corpus checks: {args.corpus_script} not found")
    finally:
        if driver:
            driver.quit()
        for server in servers:
            server.close()
        shutil.rmtree(work, ignore_errors=True)

    print(f"{results.passed} passed, {len(results.failed)} failed")
    sys.exit(1 if results.failed else 0)


if __name__ == "__main__":
    main()
