"""Compares two nodes' databases row for row (every table but the per-node ones) and their applied migrations.

Usage: python3 scripts/rolling/tables_equal.py PREFIX A.db B.db
Prints "PREFIX N tables equal row for row on both nodes" and exits 0, or prints what differs on stderr and exits 1.
Shared by scripts/rolling-upgrade and scripts/e2e/migration-shipping.
"""
import sqlite3
import sys

# Per node by design: the role and applied position (replication_node), when each migration ran (applied_at).
PER_NODE = {"replication_node", "schema_migrations"}


def main():
    prefix, path_a, path_b = sys.argv[1:4]
    a = sqlite3.connect(f"file:{path_a}?mode=ro", uri=True)
    b = sqlite3.connect(f"file:{path_b}?mode=ro", uri=True)
    names = lambda db: [row[0] for row in db.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    tables_a, tables_b = names(a), names(b)
    different = [] if tables_a == tables_b else [f"table lists differ: {sorted(set(tables_a) ^ set(tables_b))}"]
    for table in tables_b:
        if table in PER_NODE or table not in tables_a:
            continue
        rows_a = sorted(map(repr, a.execute(f'SELECT * FROM "{table}"')))
        rows_b = sorted(map(repr, b.execute(f'SELECT * FROM "{table}"')))
        if rows_a != rows_b:
            different.append(f"{table} ({len(rows_a)} vs {len(rows_b)} rows)")
    versions = lambda db: [tuple(r) for r in db.execute("SELECT version, checksum FROM schema_migrations ORDER BY version")]
    if versions(a) != versions(b):
        different.append("schema_migrations (applied versions or checksums)")
    if different:
        print(f"{prefix} tables differ: " + ", ".join(different), file=sys.stderr)
        return 1
    print(f"{prefix} {len(tables_b) - len(PER_NODE)} tables equal row for row on both nodes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
