# Sourced by scripts/e2e/webclient and scripts/e2e/console: what a headless-browser test of a fresh node needs before
# and after its Python script (chromium, the venv with playwright and websockets, a work folder, free ports, an
# operator account made the documented way, the node, and its log when the script fails).
#
# Sets: binary, venv, work, api_port, ws_port, admin_password, started (after browser_test_serve).
# The node started by browser_test_serve stops when the calling script exits, and by itself after 10 minutes at most.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

browser_test_cleanup() {
    if [ -n "${pid:-}" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}

# browser_test_setup NAME BINARY: the browser, the venv, the work folder, two free ports and the operator account
# (`worldgame admin create operator`, password on stdin, in the work folder's data dir).
browser_test_setup() {
    test_name=$1
    binary=$2
    [ -x "$binary" ] || { echo "$test_name: no binary at $binary (build it: swift build -c release --product worldgame)" >&2; exit 1; }
    venv=${WORLDGAME_VENV:-$HOME/.cache/worldgame-venv}
    if [ ! -x /usr/bin/chromium ]; then
        echo "$test_name: installing chromium" >&2
        apt-get install -y chromium >/dev/null || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
    fi
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/python" -c 'import playwright, websockets' 2>/dev/null || "$venv/bin/pip" install --quiet playwright websockets
    work=$(mktemp -d)
    pid=""
    trap browser_test_cleanup EXIT
    api_port=$(free_port)
    ws_port=$(free_port)
    admin_password="operator-password-$RANDOM$RANDOM"
    printf '%s\n' "$admin_password" | "$binary" admin create operator --data-dir "$work/data" --password-iterations 1000 \
        >"$work/admin.log" 2>&1 || { echo "$test_name: FAIL: admin create" >&2; cat "$work/admin.log" >&2; exit 1; }
}

# browser_test_serve [OPTION...]: starts the node on the two ports (internal listener on port 0, OPTIONs after those)
# and waits up to 15 s for /ready.
browser_test_serve() {
    started=$(date +%s)
    timeout 600 "$binary" serve --data-dir "$work/data" --api-port "$api_port" --ws-port "$ws_port" --internal-port 0 \
        --password-iterations 1000 "$@" >"$work/log" 2>&1 &
    pid=$!
    for _ in $(seq 1 150); do
        curl -fsS "http://127.0.0.1:$api_port/ready" >/dev/null 2>&1 && break
        sleep 0.1
    done
    curl -fsS "http://127.0.0.1:$api_port/ready" >/dev/null || { echo "$test_name: FAIL: node not ready" >&2; cat "$work/log" >&2; exit 1; }
}

# browser_test_run COMMAND...: runs the Python test; when it fails, prints the server log's last lines and exits with
# its status.
browser_test_run() {
    local status=0
    "$@" || status=$?
    if [ "$status" -ne 0 ]; then
        echo "$test_name: FAIL (exit $status); last server log lines:" >&2
        tail -n 30 "$work/log" >&2
        exit "$status"
    fi
}
