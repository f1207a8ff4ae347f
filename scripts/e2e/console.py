"""The operator test of scripts/e2e/console: the operator console in a headless browser against a fresh node.

Run by scripts/e2e/console, which starts the node and passes WG_* in the environment. Every step waits on a condition
with a deadline (playwright's expect), never on a fixed sleep; the whole run stays under about 2 minutes.
"""
import json, os, re, threading, time
from playwright.sync_api import expect
from websockets.sync.client import connect
from websockets.exceptions import ConnectionClosed
from browser_pages import API, PHONE, SCREENSHOTS, call, header_gold, run_pages, token
import browser_pages

WS = os.environ["WG_WS"]
ADMIN_PASSWORD = os.environ["WG_ADMIN_PASSWORD"]
VIEWS = ["health", "jobs", "auctions", "players", "economy", "audit"]
checked = []


def shoot(page, view):
    """The console view as docs/screenshot-admin-<view>.png."""
    browser_pages.shoot(page, f"screenshot-admin-{view}.png", full_page=True)


def register(page, name):
    page.goto(API + "/")
    page.fill("#register-username", name)
    page.fill("#register-password", "password-" + name)
    page.click("#register-form button[type=submit]")
    expect(page.locator("#who")).to_have_text(name, timeout=15000)
    expect(page.locator("#header-gold")).to_contain_text("gold", timeout=10000)
    expect(page.locator("#live")).to_have_attribute("data-state", "live", timeout=15000)
    page.evaluate("window.__noReload = 'still here'")


def login_operator(page):
    page.goto(API + "/")
    page.fill("#login-username", "operator")
    page.fill("#login-password", ADMIN_PASSWORD)
    page.click("#login-form button[type=submit]")
    expect(page.locator("#tab-admin")).to_be_visible(timeout=15000)


def view(page, name):
    page.click("#tab-admin")
    page.click(f"#admin-tab-{name}")
    expect(page.locator(f"#admin-{name}")).to_be_visible()


def health_scenario(op, alice):
    expect(alice.locator("#tab-admin")).to_be_hidden()
    status, body = call("GET", "/api/admin/health", token=token(alice))
    assert status == 403 and body["error"]["code"] == "forbidden", (status, body)
    view(op, "health")
    expect(op.locator("#health-node dd[data-field=role]")).to_have_text("primary", timeout=10000)
    expect(op.locator("#health-node dd[data-field=ready]")).to_have_text("yes")
    expect(op.locator("#health-node dd[data-field=version]")).to_contain_text(re.compile(r"release [^?]"))
    expect(op.locator("#health-storage dd[data-field=free-storage]")).to_contain_text("iB")
    shoot(op, "health")
    checked.append("operator logged in (account from `worldgame admin create`), the Admin tab shown only to them (a "
                   "player's token gets 403); health shows role primary, ready, versions, free storage")


def treasury_short_check(op):
    """A fresh world's treasury holds no gold: the top-up is refused and the page shows the server's error."""
    view(op, "economy")
    expect(op.locator("#top-up-form")).to_be_visible(timeout=10000)
    if int(op.locator("#treasury").get_attribute("data-gold")) > 0:
        checked.append("treasury not empty at start: the refused top-up was not shown")
        return
    op.select_option("#top-up-resource", "wheat")
    op.fill("#top-up-quantity", "10")
    op.click("#top-up-form button[type=submit]")
    op.click("#top-up-confirm button[data-action=yes]")
    expect(op.locator("#economy-status")).to_contain_text("(treasury_short)", timeout=10000)
    checked.append(f"a top-up the treasury cannot pay shows the server's error ({op.locator('#economy-status').inner_text()!r})")


def fund_treasury(op, suffix):
    """The treasury gets gold the way the game gives it: a short auction of unowned land that a third player (Carol,
    over the API, so the two pages' gold stays theirs) wins. Anti-sniping makes it end a minute after her bid."""
    status, carol = call("POST", "/api/auth/register", {"username": "carol" + suffix, "password": "password-carol" + suffix})
    assert status in (200, 201), (status, carol)
    square = free_squares(1)[0]
    status, auction = call("POST", "/api/admin/auctions", {"landSquares": [square["id"]], "auctionType": "open",
                           "durationSeconds": 2, "reservePrice": 10}, token(op))
    assert status == 201, (status, auction)
    status, body = call("POST", f"/api/auctions/{auction['id']}/bid", {"amount": 300}, carol["token"])
    assert status in (200, 201), (status, body)
    return auction["id"], square["id"]


def wait_for_settlement(op, auction_id):
    """Before the top-up: Carol's auction settled and paid the treasury."""
    deadline = time.time() + 120
    while True:
        status, auction = call("GET", f"/api/auctions/{auction_id}", token=token(op))
        if status == 200 and auction["status"] not in ("scheduled", "in-progress"):
            break
        assert time.time() < deadline, f"auction #{auction_id} not settled: {auction}"
        op.wait_for_timeout(250)
    status, maker = call("GET", "/api/admin/market-maker", token=token(op))
    assert status == 200 and maker["treasury"] > 0, (status, maker)


def free_squares(count, exclude=()):
    """Unowned, unlocked squares near the middle of an open region (where the map opens), but those in `exclude`."""
    _, regions = call("GET", "/api/regions")
    region = next(r for r in regions["regions"] if r["isOpen"])
    cx, cy = (region["minX"] + region["maxX"]) // 2, (region["minY"] + region["maxY"]) // 2
    _, area = call("GET", f"/api/land-squares?minX={cx - 4}&minY={cy - 4}&maxX={cx + 4}&maxY={cy + 4}")
    free = [s for s in area["squares"] if s["ownerId"] is None and not s["isLocked"] and s["id"] not in exclude]
    assert len(free) >= count, area
    return free[:count]


def goto(page, square):
    page.fill("#goto-x", str(square["x"]))
    page.fill("#goto-y", str(square["y"]))
    page.click("#goto-form button[type=submit]")
    page.wait_for_function(f"window.worldgame.map.byId.has({square['id']})", timeout=10000)
    page.click("#goto-form button[type=submit]")
    expect(page.locator("#square-title")).to_have_attribute("data-square-id", str(square["id"]), timeout=10000)


def create_auction(op, exclude):
    """Squares picked on the map: one by a click on the canvas, one with the keyboard (Enter on the selected one)."""
    first, second = free_squares(2, exclude)
    view(op, "auctions")
    op.click("#admin-pick")
    expect(op.locator("#map-pick")).to_be_visible()
    goto(op, first)
    box = op.locator("#map-canvas").bounding_box()
    op.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(op.locator("#map-pick-text")).to_contain_text(f"#{first['id']}", timeout=5000)
    goto(op, second)
    op.focus("#map-canvas")
    op.keyboard.press("Enter")
    expect(op.locator("#map-pick-text")).to_contain_text(f"#{second['id']}", timeout=5000)
    op.click("#map-pick-done")
    expect(op.locator("#admin-auction-squares")).to_have_value(f"{first['id']}, {second['id']}")
    op.fill("#admin-auction-type", "blind")
    op.fill("#admin-auction-minutes", "10")
    op.fill("#admin-auction-reserve", "10")
    op.click("#admin-auction-form button[type=submit]")
    status = op.locator("#admin-auctions-status")
    expect(status).to_contain_text(re.compile(r"Auction #\d+ \(blind\) started"), timeout=10000)
    auction_id = int(re.search(r"Auction #(\d+)", status.inner_text()).group(1))
    expect(op.locator(f"#admin-open-auctions tr[data-auction-id='{auction_id}']")).to_be_visible(timeout=10000)
    checked.append(f"blind auction #{auction_id} started from the console on squares picked on the map (a click and "
                   "the keyboard)")
    return auction_id


def bid(page, auction_id, amount):
    page.click("#tab-auctions")
    card = page.locator(f"li[data-auction-id='{auction_id}'] button")
    expect(card).to_be_visible(timeout=15000)
    card.click()
    expect(page.locator("#auction-detail h3")).to_have_text(f"Auction #{auction_id}", timeout=10000)
    page.fill("#bid-amount", str(amount))
    page.click(".bid-form button[type=submit]")
    expect(page.locator("#bid-message")).to_contain_text(f"Your bid of {amount} gold was accepted", timeout=10000)


def cancel_scenario(op, alice, bob, auction_id):
    before = {"alice": header_gold(alice), "bob": header_gold(bob)}
    bid(alice, auction_id, 30)
    bid(bob, auction_id, 45)
    expect(alice.locator("#header-gold")).to_have_attribute("data-gold", str(before["alice"] - 30), timeout=10000)
    expect(bob.locator("#header-gold")).to_have_attribute("data-gold", str(before["bob"] - 45), timeout=10000)
    view(op, "auctions")
    row = op.locator(f"#admin-open-auctions tr[data-auction-id='{auction_id}']")
    row.locator("button[data-action=cancel]").click()
    # The box moves focus to its reason in the next task; Escape before that would go to the button behind it.
    expect(op.locator(f"#cancel-auction-{auction_id}-reason")).to_be_focused()
    op.keyboard.press("Escape")   # the confirmation says no: nothing happens
    expect(op.locator(f"#cancel-auction-{auction_id}")).to_have_count(0)
    row.locator("button[data-action=cancel]").click()
    op.locator(f"#cancel-auction-{auction_id} button[data-action=yes]").click()   # no reason: refused in the page
    expect(op.locator(f"#cancel-auction-{auction_id}-reason")).to_be_focused()
    op.fill(f"#cancel-auction-{auction_id}-reason", "squares mispriced")
    op.click(f"#cancel-auction-{auction_id} button[data-action=yes]")
    expect(op.locator("#admin-auctions-status")).to_contain_text(f"Auction #{auction_id} is cancelled", timeout=10000)
    for page, name in ((alice, "alice"), (bob, "bob")):
        expect(page.locator("#header-gold")).to_have_attribute("data-gold", str(before[name]), timeout=10000)
        expect(page.locator("#toasts")).to_contain_text(re.compile(f"auction #{auction_id}.*(cancel|released|free again)", re.I), timeout=10000)
        assert page.evaluate("window.__noReload") == "still here", f"{name}'s page reloaded"
        status, me = call("GET", "/api/me", token=token(page))
        assert status == 200 and me["balances"]["gold"] == before[name] and not me.get("escrow", {}).get("gold"), me
    closed = op.locator(f"#admin-closed-auctions tr[data-auction-id='{auction_id}']")
    expect(closed).to_contain_text("cancelled", timeout=10000)
    closed.locator("button[data-action=bids]").click()
    bids = op.locator("#admin-bid-table tbody tr")
    expect(bids).to_have_count(2, timeout=10000)
    expect(op.locator("#admin-bid-table")).to_contain_text("45 gold")
    expect(op.locator("#admin-bid-table")).to_contain_text("30 gold")
    shoot(op, "auctions")
    checked.append(f"auction #{auction_id} cancelled with a reason after two bids: both pages show the refund live "
                   "(header gold back, a notice, no reload) and the API agrees (no escrow); the full bid list shown")


def watch_socket(bob_token):
    """A Python client on Bob's token, subscribed to player:me; returns the close code it sees (in a list)."""
    seen, ready = [], threading.Event()

    def read():
        with connect(WS, open_timeout=10) as ws:
            ws.send(json.dumps({"type": "auth", "token": bob_token}))
            assert json.loads(ws.recv(timeout=10))["type"] == "authenticated"
            ws.send(json.dumps({"type": "subscribe", "topics": ["player:me"]}))
            ready.set()
            try:
                while True:
                    ws.recv(timeout=60)
            except ConnectionClosed as closed:
                seen.append((closed.rcvd.code, closed.rcvd.reason) if closed.rcvd else (None, ""))
            except TimeoutError:
                seen.append(("timeout", ""))
    threading.Thread(target=read, daemon=True).start()
    assert ready.wait(15), "the Python client did not authenticate"
    return seen


def suspend_scenario(op, bob, bob_name):
    bob_token = token(bob)
    socket_close = watch_socket(bob_token)
    view(op, "players")
    op.fill("#player-query", bob_name)
    op.click("#player-search button[type=submit]")
    op.locator(f"#player-table tr:has-text('{bob_name}') button[data-action=open]").click()
    expect(op.locator("#player-title")).to_contain_text(bob_name, timeout=10000)
    op.click("#player-suspend")
    op.fill("#suspend-confirm-reason", "bidding with a stolen account")
    op.click("#suspend-confirm button[data-action=yes]")
    expect(op.locator("#players-status")).to_contain_text("is suspended", timeout=10000)
    expect(op.locator("#player-title")).to_have_attribute("data-suspended", "true", timeout=10000)
    expect(bob.locator("#auth-message")).to_contain_text("suspended", timeout=10000)
    close = bob.evaluate("window.worldgame.socket.lastClose")
    assert close and close["code"] == 4003, f"page socket close: {close}"
    deadline = time.time() + 10
    while not socket_close and time.time() < deadline:
        time.sleep(0.05)
    assert socket_close and socket_close[0][0] == 4003, f"Python socket close: {socket_close}"
    status, body = call("GET", "/api/me", token=bob_token)
    assert status == 401, (status, body)
    status, body = call("POST", "/api/auth/login", {"username": bob_name, "password": "password-" + bob_name})
    assert status in (401, 403), (status, body)
    shoot(op, "players")
    checked.append(f"player suspended with a reason: their page's socket and a Python client's closed with 4003 "
                   f"({socket_close[0][1]!r}), the page says so ({bob.locator('#auth-message').inner_text()!r}), "
                   f"the token answers 401 and login is refused ({status})")


def top_up_scenario(op):
    view(op, "economy")
    expect(op.locator("#verify-verdict")).to_have_attribute("data-ok", "true", timeout=15000)
    expect(op.locator("#maker-table tbody tr").first).to_be_visible(timeout=10000)
    expect(op.locator("#treasury")).not_to_have_attribute("data-gold", "0", timeout=10000)   # the sale paid it
    treasury = int(op.locator("#treasury").get_attribute("data-gold"))
    resource = "wheat"
    op.select_option("#top-up-resource", resource)
    stock_cell = op.locator(f"#maker-table tr[data-resource='{resource}'] td[data-field=stock]")
    stock = int(stock_cell.inner_text())
    op.fill("#top-up-quantity", "10")
    op.click("#top-up-form button[type=submit]")
    op.click("#top-up-confirm button[data-action=yes]")
    expect(op.locator("#economy-status")).to_contain_text(f"Topped up 10 {resource}", timeout=10000)
    expect(stock_cell).to_have_text(str(stock + 10), timeout=10000)
    after = int(op.locator("#treasury").get_attribute("data-gold"))
    assert after < treasury, f"the treasury did not pay: {treasury} -> {after}"
    op.click("#verify-run")
    expect(op.locator("#verify-verdict")).to_have_attribute("data-ok", "true", timeout=15000)
    shoot(op, "economy")
    checked.append(f"verify checks pass live; market maker topped up with 10 {resource} ({stock} -> {stock + 10}), "
                   f"the treasury paid {treasury - after} gold; the checks still pass")


def jobs_scenario(op):
    view(op, "jobs")
    expect(op.locator("#schedule-table tbody tr").first).to_be_visible(timeout=10000)
    expect(op.locator("#job-table")).to_be_visible(timeout=10000)
    expect(op.locator("#dead-table")).to_be_visible(timeout=10000)
    shoot(op, "jobs")
    count = op.locator("#schedule-table tbody tr").count()
    checked.append(f"schedules and jobs: {count} schedules listed, jobs by state and dead letters")


def audit_scenario(op, auction_id, bob_name):
    view(op, "audit")
    table = op.locator("#audit-table")
    expect(table.locator("tbody tr").first).to_be_visible(timeout=10000)
    rows = table.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => ({ action: r.dataset.action, cells: [...r.cells].map(c => c.textContent) }))")
    actions = [r["action"] or "" for r in rows]
    found = {}
    for label, pattern in (("cancel", r"cancel"), ("suspend", r"suspend"), ("top-up", r"top.?up")):
        match = next((r for r in rows if re.search(pattern, r["action"] or "", re.I) and "job" not in (r["action"] or "")), None)
        assert match, f"no {label} action in the audit trail: {actions}"
        found[label] = match
        assert match["cells"][1] == "operator", match
        assert match["cells"][6], f"no request id: {match}"
    assert str(auction_id) in found["cancel"]["cells"][3] + found["cancel"]["cells"][4], found["cancel"]
    order = [rows.index(found[k]) for k in ("top-up", "suspend", "cancel")]
    assert order == sorted(order), f"not newest first: {actions}"
    shoot(op, "audit")
    checked.append(f"the audit trail lists the three actions newest first with the admin, target and request id "
                   f"({', '.join(found[k]['action'] for k in ('cancel', 'suspend', 'top-up'))})")


def phone_scenario(browser):
    """Every console view on a phone-sized screen: nothing wider than the screen (tables scroll in their box)."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    login_operator(page)
    for name in VIEWS:
        view(page, name)
        page.wait_for_timeout(300)
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1] + 1, f"{name} view wider than a phone: {width}"
    context.close()
    checked.append("every console view fits a 390 px wide phone screen")


def scenario(browser, pages):
    op, alice, bob = pages["operator"], pages["alice"], pages["bob"]
    suffix = str(int(time.time()) % 100000)
    alice_name, bob_name = "alice" + suffix, "bob" + suffix
    register(alice, alice_name)
    register(bob, bob_name)
    login_operator(op)
    funding, funding_square = fund_treasury(op, suffix)   # settles about a minute later
    health_scenario(op, alice)
    treasury_short_check(op)
    auction_id = create_auction(op, {funding_square})
    cancel_scenario(op, alice, bob, auction_id)
    suspend_scenario(op, bob, bob_name)
    wait_for_settlement(op, funding)
    top_up_scenario(op)
    jobs_scenario(op)
    audit_scenario(op, auction_id, bob_name)
    phone_scenario(browser)
    checked.append(f"screenshots of the six console views in {SCREENSHOTS}/")


def main():
    operator = {"viewport": {"width": 1280, "height": 900}}
    alice = {"viewport": {"width": 1100, "height": 800}}
    run_pages("console", [("operator", operator), ("alice", alice), ("bob", PHONE)], scenario, checked)


if __name__ == "__main__":
    main()
