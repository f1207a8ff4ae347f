#!/usr/bin/env python3
"""The table of scripts/bench-compare: reads interleaved `bench all` outputs (=== run N base|rel ...) and prints, per
figure, the before and after values, the means, the before-run spread (the noise) and a verdict."""
import re, sys, statistics
text = open(sys.argv[1]).read()
runs = re.split(r'^=== run (\d+) (\w+) .*$', text, flags=re.M)
data = {}  # figure -> {which: [values]}
order = []
higher_better_words = ('ratio', 'bids/s', 'orders/s', 'req/s')
for i in range(1, len(runs), 3):
    which, body = runs[i + 1], runs[i + 2]
    if 'bench all: summary' not in body:
        continue
    summary = body.split('bench all: summary', 1)[1]
    for line in summary.splitlines():
        m = re.match(r'^(\w+): (.+?): (?:median )?([0-9.]+)\s*(x|ms|MiB|s)?\b', line)
        if not m or 'took' in line or line.startswith('load'):
            continue
        key = f"{m.group(1)}: {m.group(2)}"
        if key not in data:
            data[key] = {}; order.append(key)
        data[key].setdefault(which, []).append(float(m.group(3)))
    for label, pat in [('bids: (b) bids/s', r'^\(b\) HTTP, 1 blind auction\s+(\d+)'),
                       ('market: orders/s', r'^orders x64\s+(\d+)'),
                       ('resources: first run s', r'^1\s+([0-9.]+)\s'),
                       ('http: random areas req/s', r'^100 squares, random areas \(cache misses\)\s+(\d+)')]:
        m = re.search(pat, body, flags=re.M)
        if m:
            if label not in data:
                data[label] = {}; order.append(label)
            data[label].setdefault(which, []).append(float(m.group(1)))
lower_better = lambda k: any(w in k for w in ('p99', 'p50', 'latency', 'RSS', 'start to', 'first run', 'last-client', 'lag'))
print('| figure | before (5 runs) | after (5 runs) | before mean | after mean | noise (before spread) | verdict |')
print('|---|---|---|---:|---:|---:|---|')
for k in order:
    b, a = data[k].get('base', []), data[k].get('rel', [])
    if not b or not a:
        continue
    bm, am = statistics.mean(b), statistics.mean(a)
    spread = (max(b) - min(b)) / bm if bm else 0
    change = (am - bm) / bm if bm else 0
    worse = change > 0 if lower_better(k) else change < 0
    verdict = 'better' if not worse else ('worse, within noise' if abs(change) <= spread else 'WORSE beyond noise')
    fmt = lambda v: ' '.join(f'{x:g}' for x in v)
    print(f'| {k} | {fmt(b)} | {fmt(a)} | {bm:.3g} | {am:.3g} | {spread*100:.0f}% | {verdict} ({change*100:+.0f}%) |')
