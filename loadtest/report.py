"""Prints the load test's table: per request kind, requests, req/s, p50/p95/p99 (ms, from the exact latencies the
locustfile recorded) and failures, from locust's --csv stats and the latency JSON; then how many bids were refused
because their auction had closed (`auction_ended`, `auction_not_open`), which stays near zero while the load keeps
auctions open and grows when the load bids into a dead game. Exits 1 if anything failed, or if more than
`CLOSED_REFUSAL_LIMIT` of at least 100 bids were refused as closed.
Usage: python3 loadtest/report.py STATS_CSV LATENCY_JSON
"""
import csv
import json
import sys


CLOSED_REFUSAL_LIMIT = 0.10
CLOSED_CODES = ("auction_ended", "auction_not_open")


def is_bid(row):
    """A bid attempt's row: REST `/api/auctions/{id}/bid...` or the socket's `bid...`."""
    return row["Name"].startswith("/api/auctions/{id}/bid") or (row["Type"] == "WS" and row["Name"].startswith("bid"))


def closed_refusals(rows):
    """(bids refused because the auction had closed, all bid attempts) over the per-kind rows."""
    bids = [row for row in rows if row["Name"] != "Aggregated" and is_bid(row)]
    refused = sum(int(row["Request Count"]) for row in bids
                  if any(row["Name"].endswith(f"(refused {code})") for code in CLOSED_CODES))
    return refused, sum(int(row["Request Count"]) for row in bids)


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    index = max(0, min(len(sorted_values) - 1, int(-(-len(sorted_values) * fraction // 1)) - 1))
    return sorted_values[index] / 1000.0


def main(stats_path, latency_path):
    with open(latency_path) as handle:
        latencies = {name: sorted(values) for name, values in json.load(handle).items()}
    rows = list(csv.DictReader(open(stats_path)))
    print(f"{'kind':<64}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'failures':>9}")
    failures = 0
    for row in rows:
        name = row["Name"] if row["Type"] == "" else f"{row['Type']} {row['Name']}"
        values = latencies.get(name, [])
        failed = int(row["Failure Count"])
        if row["Name"] == "Aggregated":
            failures = failed
            values = sorted(v for series in latencies.values() for v in series)
            name = "all"
        print(f"{name[:63]:<64}{row['Request Count']:>9}{float(row['Requests/s']):>9.1f}"
              f"{percentile(values, 0.50):>9.2f}{percentile(values, 0.95):>9.2f}{percentile(values, 0.99):>9.2f}"
              f"{failed:>9}")
    total = sum(int(row["Request Count"]) for row in rows if row["Name"] == "Aggregated")
    if total == 0:
        print("no request completed: the run did not start (see locust's output)")
        return 1
    refused, bids = closed_refusals(rows)
    share = refused / bids if bids else 0.0
    print(f"bids refused because the auction had closed (auction_ended, auction_not_open): {refused} of {bids} "
          f"({share:.1%})")
    if bids >= 100 and share > CLOSED_REFUSAL_LIMIT:
        print(f"the load is bidding into closed auctions (over {CLOSED_REFUSAL_LIMIT:.0%}): the game went dead")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
