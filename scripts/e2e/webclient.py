"""The player test of scripts/e2e/webclient: two players in two browser contexts against a fresh demo node.

Run by scripts/e2e/webclient, which starts the node and passes WG_* in the environment. Every step waits on a
condition with a deadline (playwright's expect), never on a fixed sleep; the whole run stays under about 2 minutes.
"""
import json, logging, os, re, threading, time
logging.basicConfig(level=logging.DEBUG if os.environ.get("WG_DEBUG") else logging.WARNING)
from playwright.sync_api import expect
from browser_pages import DESKTOP, PHONE, SCREENSHOTS, STARTED, call, header_gold, run_pages, shoot, token

BASE = os.environ["WG_BASE"]
HAS_DEMO_AUCTIONS = os.environ.get("WG_DEMO_AUCTIONS", "0") != "0"
SEALED = ("blind", "vickrey")
checked, skipped = [], []


def register(page, name):
    page.goto(BASE + "/")
    page.fill("#login-username", name)
    page.fill("#login-password", "wrong-password")
    page.click("#login-form button[type=submit]")
    expect(page.locator("#auth-message")).to_contain_text("(invalid_credentials)", timeout=10000)
    page.fill("#register-username", name)
    page.fill("#register-password", "password-" + name)
    page.click("#register-form button[type=submit]")
    expect(page.locator("#game")).to_be_visible(timeout=15000)
    expect(page.locator("#who")).to_have_text(name)
    expect(page.locator("#header-gold")).to_contain_text("gold", timeout=10000)
    page.evaluate("window.__noReload = 'still here'")


def player_id(page):
    return page.evaluate("window.worldgame.player.id")


def api_gold(page):
    status, me = call("GET", "/api/me", token=token(page))
    assert status == 200, (status, me)
    return me["balances"]["gold"]


def expect_gold(page, amount, timeout=10000):
    """The header shows `amount` gold (live, without a reload) and the API agrees."""
    expect(page.locator("#header-gold")).to_have_attribute("data-gold", str(amount), timeout=timeout)
    assert api_gold(page) == amount, (api_gold(page), amount)


def check_map(page):
    page.wait_for_function("Number(document.querySelector('#map-canvas').dataset.squares || 0) > 0", timeout=15000)
    box = page.locator("#map-canvas").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("#square-title")).to_contain_text("Square #", timeout=10000)
    expect(page.locator("#square-details dd[data-field=owner]")).not_to_be_empty()


def goto_square(page, square):
    page.click("#tab-map")
    page.fill("#goto-x", str(square["x"]))
    page.fill("#goto-y", str(square["y"]))
    page.click("#goto-form button[type=submit]")
    expect(page.locator("#square-title")).to_have_attribute("data-square-id", str(square["id"]), timeout=10000)


def open_auction(page, auction_id):
    page.click("#tab-auctions")
    card = page.locator(f"li[data-auction-id='{auction_id}'] button")
    expect(card).to_be_visible(timeout=15000)
    card.click()
    expect(page.locator("#auction-detail h3")).to_have_text(f"Auction #{auction_id}", timeout=10000)


def bid(page, amount):
    page.fill("#bid-amount", str(amount))
    page.click(".bid-form button[type=submit]")
    expect(page.locator("#bid-message")).to_contain_text(f"Your bid of {amount} gold was accepted", timeout=10000)


def fact(page, field):
    return page.locator(f"#auction-facts dd[data-field={field}]")


def client_rules(page):
    """Prices come from GET /api/rules (not copies): the farm upgrade to level 2 and a two-square merge."""
    status, rules = call("GET", "/api/rules")
    assert status == 200, (status, rules)
    result = page.evaluate("""async () => {
        const owner = await import('/owner.js');
        const market = await import('/market.js');
        const map = await import('/map.js');
        const rules = window.worldgame.rules;
        const farm = owner.upgradeOffer({ resource: { kind: 'farm', level: 1 } }, rules);
        const top = owner.upgradeOffer({ resource: { kind: 'farm', level: rules.upgrades.maxFarmLevel } }, rules);
        const merge = owner.mergeOffer(2, rules);
        const colours = new Set(Array.from({ length: 60 }, (_, i) => map.ownerColor(i + 1).toLowerCase()));
        const resources = Object.values(map.RESOURCE_COLORS).map((c) => c.toLowerCase());
        const order = (status, trades, remaining) => market.describeOrder({ side: 'buy', quantity: 5, resource: 'wheat', price: 12 },
            { order: { status, remaining }, trades });
        return { farm, top, merge, clash: resources.filter((c) => colours.has(c)),
                 filled: order('filled', [{ quantity: 5, price: 12 }], 0), resting: order('open', [], 5),
                 partial: order('open', [{ quantity: 2, price: 12 }], 3) };
    }""")
    g, r = rules["upgrades"]["goldPerLevel"], rules["upgrades"]["resourcePerLevel"]
    assert result["farm"]["price"] == {"gold": 2 * g, "resource": "wheat", "amount": 2 * r}, result["farm"]
    assert result["top"]["atMaximum"], result["top"]
    m = rules["merge"]
    assert result["merge"]["gold"] == 2 * m["goldPerSquare"] and result["merge"]["bonus"] == m["bonusPercentPerSquare"], result["merge"]
    assert result["clash"] == [], f"owner colours equal to resource colours: {result['clash']}"
    assert result["filled"].startswith("Filled at once"), result["filled"]
    assert result["resting"].startswith("Order placed"), result["resting"]
    assert result["partial"].startswith("Partly filled at once"), result["partial"]
    checked.append(f"prices from /api/rules (farm to level 2: {2 * g} gold + {2 * r} wheat; merge of 2: "
                   f"{2 * m['goldPerSquare']} gold, +{m['bonusPercentPerSquare']} %); no owner colour is a resource colour")


def wait_for_auctions(alice):
    """An open auction and a sealed one (blind or Vickrey) within 90 s of the node's start: the demo's, or on a node
    without the demo cadence, two made by the operator."""
    if not HAS_DEMO_AUCTIONS:
        create_operator_auctions()
    deadline = STARTED + 90
    while True:
        status, data = call("GET", "/api/auctions?status=open", token=token(alice))
        assert status == 200, (status, data)
        auctions = data["auctions"]
        sealed = sorted((a for a in auctions if a["auctionType"] in SEALED), key=lambda a: a["endTime"])
        opened = [a for a in auctions if a["auctionType"] == "open"]
        if sealed and opened:
            break
        assert time.time() < deadline, f"no open and sealed auction within 90 s of the start: {auctions}"
        alice.wait_for_timeout(500)
    seconds = time.time() - STARTED
    alice.click("#tab-auctions")
    expect(alice.locator(f"li[data-auction-id='{sealed[0]['id']}']")).to_be_visible(timeout=max(1000, int((deadline - time.time()) * 1000)))
    source = "demo" if HAS_DEMO_AUCTIONS else "operator (this binary has no demo auction flags)"
    checked.append(f"{len(auctions)} {source} auctions listed in the page {seconds:.0f} s after the node started")
    return sealed[0], opened[0]


def create_operator_auctions():
    status, login = call("POST", "/api/auth/login", {"username": "operator", "password": os.environ["WG_ADMIN_PASSWORD"]})
    assert status == 200, f"admin login: {status} {login}"
    _, regions = call("GET", "/api/regions")
    region = next(r for r in regions["regions"] if r["isOpen"])
    _, area = call("GET", f"/api/land-squares?minX={region['minX']}&minY={region['minY']}&maxX={region['minX'] + 15}&maxY={region['minY'] + 15}")
    free = [s for s in area["squares"] if s["ownerId"] is None and not s["isLocked"]]
    for square, kind, seconds in ((free[0], "vickrey", 30), (free[1], "open", 120)):
        status, auction = call("POST", "/api/admin/auctions", {"landSquares": [square["id"]], "auctionType": kind,
                               "durationSeconds": seconds, "reservePrice": 10, "minIncrement": 1}, login["token"])
        assert status == 201, f"create auction: {status} {auction}"


def auction_scenario(alice, bob, alice_name, bob_name):
    sealed, opened = wait_for_auctions(alice)
    card = alice.locator(f"li[data-auction-id='{sealed['id']}'] .holds")
    expect(card).to_contain_text(re.compile(r"at \(-?\d+, -?\d+\)"), timeout=10000)
    checked.append(f"auction cards say what the square holds ({card.inner_text()!r})")

    # The open auction: an outbid replaces "accepted" in the outbid player's page, with the bidder's name.
    open_auction(alice, opened["id"])
    open_auction(bob, opened["id"])
    low = max(opened["reservePrice"], (opened.get("highBid") or 0) + 1, 1)
    bid(alice, low)
    expect(fact(bob, "high-bid")).to_contain_text(f"{low} gold by {alice_name}", timeout=5000)
    bid(bob, low + 15)
    expect(alice.locator("#bid-message")).to_contain_text("You were outbid", timeout=5000)
    expect(alice.locator("#bid-message")).not_to_contain_text("accepted")
    expect(fact(alice, "high-bid")).to_contain_text(f"{low + 15} gold by {bob_name}", timeout=5000)
    expect(fact(bob, "high-bid")).to_contain_text(f"{low + 15} gold (yours)", timeout=5000)
    checked.append("open auction: live high bid in both pages with the bidder's name; the outbid page says "
                   "'You were outbid' and no longer 'accepted'")
    alice.screenshot(path=os.path.join(SCREENSHOTS, "screenshot-auctions.png"))

    # The sealed auction: both bid, it settles live in both pages.
    open_auction(alice, sealed["id"])
    open_auction(bob, sealed["id"])
    bid(alice, 40)
    bid(bob, 70)
    bob_id = player_id(bob)
    square_id = sealed["landSquares"][0]
    bob.click("#auction-detail button.link")
    expect(bob.locator("#square-title")).to_have_attribute("data-square-id", str(square_id), timeout=10000)
    wait_ms = int(max(5, (parse_time(sealed["endTime"]) / 1000 - time.time()) + 30) * 1000)
    expect(bob.locator("#square-title")).to_have_attribute("data-owner-id", str(bob_id), timeout=wait_ms)
    expect(bob.locator("#square-details dd[data-field=owner]")).to_contain_text("You", timeout=5000)
    expect(bob.locator("#square-details dd[data-field=next-auction]")).to_have_count(0)
    expect(fact(alice, "result")).to_contain_text(f"won by {bob_name}", timeout=15000)
    price = 40 if sealed["auctionType"] == "vickrey" else 70
    expect(fact(alice, "result")).to_contain_text(f"for {price} gold")
    for page in (alice, bob):
        assert page.evaluate("window.__noReload") == "still here", "the page reloaded"
    checked.append(f"{sealed['auctionType']} auction: both bid, it settled live in both pages (won by {bob_name} for "
                   f"{price} gold); the winner's map changed owner, no 'Next auction' on owned land")
    _, square = call("GET", f"/api/land-squares/{square_id}")
    return square


def listing_scenario(alice, bob, square, bob_name):
    """Bob lists the square he won from the map; it appears live in Alice's market; she buys it after a confirmation;
    both headers show the new gold without a reload."""
    alice.click("#tab-market")
    expect(alice.locator("#market-holdings li[data-asset=gold]")).to_be_visible(timeout=10000)
    wait_settled_gold(alice)
    wait_settled_gold(bob)
    alice_before, bob_before = header_gold(alice), header_gold(bob)
    price = 200
    goto_square(bob, square)
    bob.click("#sell-box summary")
    bob.fill("#sell-price", str(price))
    bob.click("form[aria-label='List this square for sale'] button[type=submit]")
    expect(bob.locator("#square-action-message")).to_contain_text(f"listed for {price} gold", timeout=10000)
    row = alice.locator(f"#listings li[data-square-id='{square['id']}']")
    expect(row).to_contain_text(f"sold by {bob_name}", timeout=5000)
    checked.append("the listing appeared live in the other page's market (market:land) with the seller's name")
    row.locator("button[data-action=buy]").click()
    expect(row).to_contain_text(f"Buy square #{square['id']} for {price} gold?")
    assert header_gold(alice) == alice_before, "bought before the confirmation"
    alice.evaluate("window.scrollTo(0, 0)")
    shoot(alice, "screenshot-market.png")
    row.locator("button[data-action=confirm-buy]").click()
    expect(alice.locator("#market-message")).to_contain_text(f"You bought square #{square['id']} for {price} gold", timeout=10000)
    fee = price // 100
    expect_gold(alice, alice_before - price)
    expect_gold(bob, bob_before + price - fee)
    for page in (alice, bob):
        assert page.evaluate("window.__noReload") == "still here", "the page reloaded"
    checked.append(f"bought after a confirmation; gold without a reload: buyer {alice_before} -> {alice_before - price}, "
                   f"seller {bob_before} -> {bob_before + price - fee} (fee {fee})")


def wait_settled_gold(page):
    """Header and API agree (no refresh in flight) before a 'before' figure is taken."""
    deadline = time.time() + 10
    while header_gold(page) != api_gold(page):
        assert time.time() < deadline, f"header gold {header_gold(page)} never matched the API's {api_gold(page)}"
        page.wait_for_timeout(200)


def order_scenario(alice):
    alice.click("#tab-market")
    alice.select_option("#market-resource", "wheat")
    alice.fill("#order-price", "1")
    alice.fill("#order-quantity", "1")
    alice.click("#order-form button[type=submit]")
    expect(alice.locator("#market-message")).to_contain_text("Order placed", timeout=10000)
    status, book = call("GET", "/api/marketplace/book/wheat", token=token(alice))
    sell = (book.get("stablePrices") or {}).get("sell") if status == 200 else None
    if sell:
        alice.fill("#order-price", str(sell))
        alice.click("#order-form button[type=submit]")
        expect(alice.locator("#market-message")).to_contain_text("Filled at once: bought 1 wheat", timeout=10000)
        expect(alice.locator("#market-holdings li[data-asset=wheat] strong")).to_have_text("1", timeout=10000)
        checked.append("a resting order says 'Order placed', one that matched the market maker 'Filled at once'; "
                       "the market shows the player's own stock")
    else:
        checked.append("a resting order says 'Order placed' (no market maker quote to fill against)")


def owner_auction_scenario(alice, bob, square):
    """Alice, now the owner, puts the square up for auction from the map; Bob sees it in his auction list live."""
    goto_square(alice, square)
    expect(alice.locator("#square-details dd[data-field=owner]")).to_contain_text("You", timeout=10000)
    alice.click("#sell-box summary")
    alice.select_option("#owner-auction-type", "open")
    alice.fill("#owner-auction-minutes", "10")
    alice.fill("#owner-auction-reserve", "25")
    alice.click("form[aria-label='Put this square up for auction'] button[type=submit]")
    message = alice.locator("#square-action-message")
    expect(message).not_to_be_empty(timeout=10000)
    if "Not available on this server" in message.inner_text():
        skipped.append("owner-initiated auction: POST /api/land-squares/{id}/auctions is not on this server")
        return
    expect(message).to_contain_text("is open (reserve 25 gold)")
    auction_id = re.search(r"Auction #(\d+)", message.inner_text()).group(1)
    bob.click("#tab-auctions")
    expect(bob.locator(f"li[data-auction-id='{auction_id}']")).to_be_visible(timeout=10000)
    checked.append(f"the owner put her square up for auction from the map (#{auction_id}); it appeared in the other page")


def profile_scenario(alice, alice_name):
    alice.click("#tab-account")
    expect(alice.locator("#balances")).to_be_visible(timeout=10000)
    old = token(alice)
    alice.fill("#current-password", "password-" + alice_name)
    alice.fill("#new-password", "new-password-" + alice_name)
    alice.fill("#repeat-password", "new-password-" + alice_name)
    alice.click("#password-form button[type=submit]")
    message = alice.locator("#profile-message")
    expect(message).not_to_be_empty(timeout=15000)
    if "Not available on this server" in message.inner_text():
        skipped.append("profile: POST /api/me/password and /api/me/sessions/revoke are not on this server")
        shoot(alice, "screenshot-account.png", full_page=True)
        return
    expect(message).to_contain_text("Password changed")
    assert token(alice) != old, "no fresh token after the password change"
    status, _ = call("GET", "/api/me", token=old)
    assert status == 401, f"the token from before the password change still works ({status})"
    second = call("POST", "/api/auth/login", {"username": alice_name, "password": "new-password-" + alice_name})
    assert second[0] == 200, second
    alice.click("#revoke-sessions")
    expect(message).to_contain_text("Every other session is signed out", timeout=15000)
    assert call("GET", "/api/me", token=second[1]["token"])[0] == 401, "the other session still works"
    expect(alice.locator("#balances")).to_be_visible()
    assert call("GET", "/api/me", token=token(alice))[0] == 200, "this page's own session was signed out"
    expect(alice.locator("#live")).to_have_attribute("data-state", "live", timeout=15000)
    checked.append("profile: password changed and other sessions signed out; the page keeps working on its fresh "
                   "token (live again), the old tokens answer 401")
    shoot(alice, "screenshot-account.png", full_page=True)


def scenario(browser, pages):
    alice, bob = pages["alice"], pages["bob"]
    suffix = str(int(time.time()) % 100000)
    alice_name, bob_name = "alice" + suffix, "bob" + suffix
    register(alice, alice_name)
    register(bob, bob_name)
    checked.append("two players registered in two browser contexts (desktop and phone-sized)")
    status, icon = call("GET", "/favicon.ico")
    assert status == 200 and icon[:4] == b"<svg", (status, icon[:40])
    check_map(alice)
    check_map(bob)
    checked.append("map renders squares; clicking a square shows its details; /favicon.ico answers 200")
    client_rules(alice)
    socket_protocol_check(bob)
    play(alice, bob, alice_name, bob_name)
    checked.append(f"screenshots of the four views in {SCREENSHOTS}/")


def main():
    run_pages("webclient", [("alice", DESKTOP), ("bob", PHONE)], scenario, checked, skipped)


def play(alice, bob, alice_name, bob_name):
    """The scenarios in order; each waits on conditions with deadlines."""
    square = auction_scenario(alice, bob, alice_name, bob_name)
    goto_square(bob, square)
    bob.wait_for_timeout(300)
    listing_scenario(alice, bob, square, bob_name)
    goto_square(alice, square)
    expect(alice.locator("#square-details dd[data-field=owner]")).to_contain_text("You", timeout=10000)
    expect(alice.locator("#upgrade-button, #merge-start").first).to_be_visible()
    alice.wait_for_timeout(300)
    shoot(alice, "screenshot-map.png")
    order_scenario(alice)
    owner_auction_scenario(alice, bob, square)
    profile_scenario(alice, alice_name)

    alice.click("#logout")
    expect(alice.locator("#login-form")).to_be_visible()
    assert alice.evaluate("sessionStorage.getItem('worldgame.token')") is None, "token kept after logout"
    checked.append("API error codes shown (wrong password); logout forgets the token")


def socket_protocol_check(page):
    """LiveSocket against a scripted gateway: auth, subscribe, events, drop, resume from the last seq (duplicates
    ignored), resync, a bid answered by requestId; and the URL rule (direct port vs same-origin /ws)."""
    import socket as net
    from websockets.sync.server import serve
    listener = net.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()
    seen, connections = [], []

    def handler(ws):
        connections.append(ws)
        number = len(connections)
        auth = json.loads(ws.recv(timeout=10))
        seen.append(auth)
        ws.send(json.dumps({"type": "authenticated", "playerId": 1, "expiresAt": 0}))
        first = json.loads(ws.recv(timeout=10))
        seen.append(first)
        def event(seq, high):
            return json.dumps({"type": "event", "topic": "auction:7", "seq": seq, "event": "bid_placed",
                               "data": {"auctionId": 7, "highBid": high}})
        if number == 1:
            ws.send(json.dumps({"type": "subscribed", "topics": ["auction:7"], "latestSeq": {"auction:7": 4}}))
            ws.send(event(5, 10))
            ws.send(event(6, 20))
            ws.close(1011, "test drop")
            return
        ws.send(json.dumps({"type": "subscribed", "topics": ["auction:7"], "latestSeq": {"auction:7": 7}}))
        ws.send(event(6, 20))
        ws.send(event(7, 30))
        ws.send(json.dumps({"type": "resync", "topic": "auction:7", "latestSeq": 20}))
        ws.send(event(21, 40))
        request = json.loads(ws.recv(timeout=20))
        seen.append(request)
        ws.send(json.dumps({"type": "result", "requestId": request.get("requestId"), "data": {"accepted": True}}))
        try:
            ws.recv(timeout=30)
        except Exception:
            pass

    server = serve(handler, "127.0.0.1", port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.evaluate("""async (url) => {
            const m = await import('/socket.js');
            const s = new m.LiveSocket(() => 'test-token', url);
            window.__sock = { s, events: [], resyncs: [] };
            s.listen('auction:7', (e) => window.__sock.events.push([e.seq, e.type, e.data.highBid]));
            s.onResync((topic) => window.__sock.resyncs.push(topic));
            s.start();
        }""", f"ws://127.0.0.1:{port}/ws")
        try:
            page.wait_for_function("window.__sock.events.length >= 4", timeout=20000)
        except Exception:
            raise AssertionError(f"scripted gateway: saw {seen}, page events {page.evaluate('window.__sock.events')}, "
                                 f"state {page.evaluate('window.__sock.s.state')}")
        events = page.evaluate("window.__sock.events")
        assert events == [[5, "bid_placed", 10], [6, "bid_placed", 20], [7, "bid_placed", 30], [21, "bid_placed", 40]], events
        assert page.evaluate("window.__sock.resyncs") == ["auction:7"]
        result = page.evaluate("window.__sock.s.bid(7, 50)")
        assert result == {"accepted": True}, result
        assert seen[0] == {"type": "auth", "token": "test-token"}, seen
        assert seen[1] == {"type": "subscribe", "topics": ["auction:7"]}, seen
        assert seen[3] == {"type": "resume", "topic": "auction:7", "fromSeq": 6}, seen
        assert seen[4]["type"] == "bid" and seen[4]["auctionId"] == 7 and seen[4]["amount"] == 50, seen
        page.evaluate("window.__sock.s.stop()")
        urls = page.evaluate("""async () => {
            const m = await import('/socket.js');
            const doc = { querySelector: (q) => ({ getAttribute: () => q.includes('api-port') ? '4000' : '4001' }) };
            const at = (protocol, hostname, port) => m.socketURL({ protocol, hostname, port, host: port ? `${hostname}:${port}` : hostname }, doc);
            return [at('http:', 'example.org', '4000'), at('https:', 'example.org', ''), at('http:', 'example.org', '8080')];
        }""")
        assert urls == ["ws://example.org:4001/ws", "wss://example.org/ws", "ws://example.org:8080/ws"], urls
    finally:
        server.shutdown()
    checked.append("socket protocol against a scripted gateway: auth, subscribe, resume after a drop from the last seq, "
                   "duplicate dropped, resync, bid result by requestId; WebSocket URL direct vs same-origin")


def parse_time(value):
    if isinstance(value, (int, float)):
        return value
    from datetime import datetime
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() * 1000


if __name__ == "__main__":
    main()
