"""What the browser end-to-end tests (console.py, webclient.py) share: the node's API called as JSON, a page's token
and header gold, screenshots for docs/, and one run of named pages in headless Chromium.

The scripts that start the node (scripts/e2e/console, scripts/e2e/webclient) pass WG_API, WG_SCREENSHOTS and
WG_STARTED in the environment. A run fails on any JavaScript error or missing page file in any page, and keeps a
screenshot of every page when a step fails.
"""
import json, os, time, urllib.error, urllib.request
from playwright.sync_api import sync_playwright

API = os.environ["WG_API"]
SCREENSHOTS = os.environ["WG_SCREENSHOTS"]
STARTED = int(os.environ["WG_STARTED"])
DESKTOP = {"viewport": {"width": 1280, "height": 860}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def call(method, path, body=None, token=None):
    """One API request: (status, the JSON body, or the raw bytes when the answer is not JSON)."""
    request = urllib.request.Request(API + path, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
            return response.status, (json.loads(raw) if raw and "json" in response.headers.get("content-type", "") else raw)
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw or b"null")
        except ValueError:
            return error.code, raw


def token(page):
    return page.evaluate("sessionStorage.getItem('worldgame.token')")


def header_gold(page):
    return int(page.locator("#header-gold").get_attribute("data-gold") or "-1")


def shoot(page, name, full_page=False):
    """A screenshot of the view as SCREENSHOTS/name; notices of earlier steps are cleared first."""
    page.evaluate("document.querySelector('#toasts').replaceChildren()")
    page.screenshot(path=os.path.join(SCREENSHOTS, name), full_page=full_page)


def run_pages(test, contexts, scenario, checked, skipped=()):
    """Opens one page per (name, context options) in headless Chromium and calls scenario(browser, pages by name).

    Fails when scenario raises (after a screenshot of every page in TMPDIR), or when any page had a JavaScript error
    or a 404 for a page file; on success prints the checks it `skipped`, then `checked` (what the run showed) with the
    time since WG_STARTED.
    """
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"], headless=True)
        pages = {name: browser.new_context(**options).new_page() for name, options in contexts}
        errors, missing = [], []
        for page in pages.values():
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("response", lambda r: missing.append(r.url) if r.status == 404 and "/api/" not in r.url else None)
        try:
            scenario(browser, pages)
        except Exception:
            for name, page in pages.items():
                path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"{test}-failure-{name}.png")
                page.screenshot(path=path, full_page=True)
                print(f"{test}: {name}'s page at the failure: {path}")
            raise
        if errors:
            raise AssertionError(f"JavaScript errors in the pages: {errors}")
        if missing:
            raise AssertionError(f"404 for page files: {missing}")
        browser.close()
    for line in skipped:
        print(f"{test}: SKIP {line}")
    print(f"{test}: ok in {time.time() - STARTED:.0f} s (" + "; ".join(checked) + ")")
