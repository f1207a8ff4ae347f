"""Prints the load test's table: per request kind, requests, req/s, p50/p95/p99 (ms, from the exact latencies the
locustfile recorded) and failures, from locust's --csv stats and the latency JSON. Exits 1 if anything failed.
Usage: python3 loadtest/report.py STATS_CSV LATENCY_JSON
"""
import csv
import json
import sys


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    index = max(0, min(len(sorted_values) - 1, int(-(-len(sorted_values) * fraction // 1)) - 1))
    return sorted_values[index] / 1000.0


def main(stats_path, latency_path):
    with open(latency_path) as handle:
        latencies = {name: sorted(values) for name, values in json.load(handle).items()}
    rows = list(csv.DictReader(open(stats_path)))
    print(f"{'kind':<48}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'failures':>9}")
    failures = 0
    for row in rows:
        name = row["Name"] if row["Type"] == "" else f"{row['Type']} {row['Name']}"
        values = latencies.get(name, [])
        failed = int(row["Failure Count"])
        if row["Name"] == "Aggregated":
            failures = failed
            values = sorted(v for series in latencies.values() for v in series)
            name = "all"
        print(f"{name[:47]:<48}{row['Request Count']:>9}{float(row['Requests/s']):>9.1f}"
              f"{percentile(values, 0.50):>9.2f}{percentile(values, 0.95):>9.2f}{percentile(values, 0.99):>9.2f}"
              f"{failed:>9}")
    total = sum(int(row["Request Count"]) for row in rows if row["Name"] == "Aggregated")
    if total == 0:
        print("no request completed: the run did not start (see locust's output)")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
