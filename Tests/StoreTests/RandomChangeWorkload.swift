import Store
import TestSupport

/// Random batches of writes for `SQLiteChangeRecorderTests`' schema, drawn from a seed: inserts, updates, deletes and
/// replaces on an INTEGER key, a TEXT key (NULL keys too) and a composite WITHOUT ROWID key; key changes;
/// delete-then-reinsert and update-then-delete; statements that fail midway (a CHECK on the third row, a foreign key at
/// the statement's end); savepoints rolled back; trigger and cascade writes (indirect changes); bulk writes that grow
/// the hash table; ANALYZE (`sqlite_stat1`); writes to a table without a key, an excluded table and a temp table.
/// Rollbacks of changes the pre-update hook already saw: a trigger's RAISE(ABORT) on a middle row, savepoints rolled
/// back, the whole transaction rolled back and the batch run again (`RecorderPair.Step.rerun`, the writer's path after
/// a broken promise). Statements that stop midway and keep their first rows (UPDATE OR FAIL), skip rows (OR IGNORE)
/// or turn into updates (UPSERT). Keys that are the rowid (`a`, `audit`) and one that is not though it reads
/// `INTEGER PRIMARY KEY` (`d`, DESC).
/// Values mix NULLs, small and extreme integers, reals (-0.0, 1e300), text (empty, non-ASCII, long) and blobs.
///
/// The statements do not depend on the database's state, so both sides of a `RecorderPair` get the same ones.
enum RandomChangeWorkload {
    typealias Step = RecorderPair.Step

    /// One batch of 1 to 30 steps, savepoints closed at the end.
    static func batch(_ random: inout SplitMix64) -> [Step] {
        var steps: [Step] = []
        var savepoints = 0
        for _ in 0..<Int.random(in: 1...30, using: &random) {
            let roll = Int.random(in: 0..<120, using: &random)
            if roll == 119 && savepoints == 0 {
                // The transaction rolls back and its steps run again in a new one, as the writer reruns a batch.
                let replayed = steps[((steps.lastIndex { $0.isRerun }).map { $0 + 1 } ?? 0)...]
                steps += [.rerun] + replayed
            } else if roll < 6 {
                if savepoints > 0 && Bool.random(using: &random) {
                    steps += closeSavepoint(savepoints, rollingBack: Bool.random(using: &random))
                    savepoints -= 1
                } else {
                    savepoints += 1
                    steps.append(Step("SAVEPOINT sp\(savepoints)"))
                }
            } else {
                steps += write(roll, &random)
            }
        }
        while savepoints > 0 {
            steps += closeSavepoint(savepoints, rollingBack: Bool.random(using: &random))
            savepoints -= 1
        }
        return steps
    }

    /// Mostly commit; sometimes roll back after building the changesets, or without building them.
    static func ending(_ random: inout SplitMix64) -> RecorderPair.Ending {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: .rollback
        case 1: .discard
        default: .commit
        }
    }

    private static func closeSavepoint(_ depth: Int, rollingBack: Bool) -> [Step] {
        rollingBack ? [Step("ROLLBACK TO sp\(depth)"), Step("RELEASE sp\(depth)")] : [Step("RELEASE sp\(depth)")]
    }

    private static func write(_ roll: Int, _ random: inout SplitMix64) -> [Step] {
        let id = SQLiteValue.integer(Int64.random(in: 1...40, using: &random))
        let otherID = SQLiteValue.integer(Int64.random(in: 1...40, using: &random))
        switch roll {
        case 6..<16:
            let verb = ["INSERT", "INSERT OR REPLACE", "INSERT OR IGNORE", "REPLACE"].randomElement(using: &random) ?? ""
            let key = Int.random(in: 0..<20, using: &random) == 0 ? extremeInteger(&random) : id
            return [Step("\(verb) INTO a(id, n, r, t, b) VALUES (?, ?, ?, ?, ?)",
                         [key, integer(&random), value(&random), value(&random), value(&random)])]
        case 16..<26:
            return [Step("UPDATE a SET n = ?, r = ?, t = ? WHERE id = ?",
                         [integer(&random), value(&random), value(&random), id])]
        case 26..<29:
            let verb = ["UPDATE", "UPDATE OR REPLACE"].randomElement(using: &random) ?? ""
            return [Step("\(verb) a SET id = ? WHERE id = ?", [otherID, id])]
        case 29..<34:
            return [Step("DELETE FROM a WHERE id = ?", [id])]
        case 34..<41:
            let verb = ["INSERT", "INSERT OR REPLACE", "INSERT OR IGNORE"].randomElement(using: &random) ?? ""
            return [Step("\(verb) INTO s(name, amount, parent) VALUES (?, ?, ?)",
                         [name(&random), integer(&random), parent(&random)])]
        case 41..<46:
            return Bool.random(using: &random)
                ? [Step("UPDATE s SET amount = ?, name = coalesce(?, name) WHERE name IS ?",
                        [integer(&random), name(&random), name(&random)])]
                : [Step("DELETE FROM s WHERE name IS ?", [name(&random)])]
        case 46..<54:
            return compositeKeyWrite(&random)
        case 54..<58:
            return [Step("""
                UPDATE a SET n = CASE WHEN id = (SELECT id FROM a ORDER BY id LIMIT 1 OFFSET 2) THEN 13
                ELSE coalesce(n, 0) + 1 END WHERE id IN (SELECT id FROM a ORDER BY id LIMIT 5)
                """)]
        case 58..<61:
            return [Step("""
                UPDATE s SET amount = coalesce(amount, 0) + 1, parent = CASE WHEN name = (SELECT name FROM s
                WHERE name IS NOT NULL ORDER BY name LIMIT 1 OFFSET 2) THEN 999999 ELSE parent END
                """)]
        case 61..<66:
            // Delete then reinsert the same key; update then delete.
            return [Step("DELETE FROM a WHERE id = ?", [id]),
                    Step("INSERT OR IGNORE INTO a(id, n, t) VALUES (?, ?, ?)", [id, integer(&random), value(&random)]),
                    Step("UPDATE a SET t = ? WHERE id = ?", [value(&random), otherID]),
                    Step("DELETE FROM a WHERE id = ?", [otherID])]
        case 66..<69:
            let count = Int64.random(in: 100...400, using: &random)
            let offset = Int64.random(in: 0...3, using: &random) * 500
            return [Step("""
                WITH RECURSIVE k(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM k WHERE x < ?)
                INSERT OR IGNORE INTO a(id, n, t) SELECT ? + x * 7, x, 'bulk ' || x FROM k
                """, [.integer(count), .integer(100 + offset)])]
        case 69..<71:
            return [Step("DELETE FROM a WHERE id > 100 AND id % ? = 0", [.integer(Int64.random(in: 2...5, using: &random))])]
        case 71..<74:
            // A direct write to a row a trigger inserted makes its change direct.
            return [Step("UPDATE audit SET n = coalesce(n, 0) + 1 WHERE seq = (SELECT max(seq) FROM audit)")]
        case 74..<79:
            return [Step("INSERT INTO nokey(x, y) VALUES (?, ?)", [value(&random), value(&random)]),
                    Step("INSERT OR REPLACE INTO excluded(id, v) VALUES (?, ?)", [id, value(&random)]),
                    Step("INSERT OR REPLACE INTO scratch(id, v) VALUES (?, ?)", [id, value(&random)])]
        case 79..<81:
            return [Step("ANALYZE")]
        case 81..<85:
            // Cascades to c and sets s.parent to NULL: indirect changes.
            return [Step("DELETE FROM a WHERE id IN (SELECT owner FROM c WHERE owner IS NOT NULL LIMIT 1)")]
        case 85..<89:
            // Fails on its third row and keeps the rows before it (OR FAIL), or skips it (OR IGNORE).
            let verb = ["UPDATE OR FAIL", "UPDATE OR IGNORE"].randomElement(using: &random) ?? ""
            return [Step("""
                \(verb) a SET n = CASE WHEN id = (SELECT id FROM a ORDER BY id LIMIT 1 OFFSET 2) THEN 13
                ELSE coalesce(n, 0) + 2 END, t = ? WHERE id IN (SELECT id FROM a ORDER BY id LIMIT 5)
                """, [value(&random)])]
        case 89..<93:
            // A trigger refuses a middle row: the rows before it roll back with the statement.
            return [Step("""
                UPDATE s SET amount = CASE WHEN name = (SELECT name FROM s WHERE name IS NOT NULL ORDER BY name
                LIMIT 1 OFFSET 1) THEN 777 ELSE coalesce(amount, 0) + 3 END
                """)]
        case 93..<97:
            return [Step("""
                INSERT INTO a(id, n, t) VALUES (?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET n = excluded.n, t = coalesce(t, '') || 'u'
                """, [id, integer(&random), value(&random)])]
        case 97..<103:
            return keyNotRowidWrite(id, otherID, &random)
        case 103..<106:
            // Many rows inserted, then one of them refused: the statement rolls every row back.
            return [Step("""
                WITH RECURSIVE k(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM k WHERE x < 30)
                INSERT INTO a(id, n) SELECT 3000 + x, CASE WHEN x = 20 THEN 13 ELSE x END FROM k
                """)]
        default:
            return [Step("UPDATE a SET n = ? WHERE id = ?", [integer(&random), id])]
        }
    }

    /// Writes to `d`, whose `INTEGER PRIMARY KEY DESC` is an ordinary column with an index, not the rowid.
    private static func keyNotRowidWrite(_ id: SQLiteValue, _ otherID: SQLiteValue,
                                         _ random: inout SplitMix64) -> [Step] {
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            let verb = ["INSERT OR REPLACE", "INSERT OR IGNORE"].randomElement(using: &random) ?? ""
            return [Step("\(verb) INTO d(id, v) VALUES (?, ?)", [id, value(&random)])]
        case 1:
            return [Step("UPDATE d SET v = ? WHERE id = ?", [value(&random), id])]
        case 2:
            return [Step("UPDATE OR REPLACE d SET id = ? WHERE id = ?", [otherID, id])]
        default:
            return [Step("DELETE FROM d WHERE id = ?", [id])]
        }
    }

    private static func compositeKeyWrite(_ random: inout SplitMix64) -> [Step] {
        let k = SQLiteValue.text(["k1", "k2", "k3", "", "ключ"].randomElement(using: &random) ?? "")
        let j = SQLiteValue.integer(Int64.random(in: -2...5, using: &random))
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            let verb = ["INSERT", "INSERT OR REPLACE"].randomElement(using: &random) ?? ""
            return [Step("\(verb) INTO c(k, j, v, w, owner) VALUES (?, ?, ?, ?, ?)",
                         [k, j, value(&random), real(&random), parent(&random)])]
        case 1:
            return [Step("UPDATE c SET v = ?, w = ? WHERE k = ? AND j = ?", [value(&random), real(&random), k, j])]
        case 2:
            return [Step("UPDATE c SET j = j + 1 WHERE k = ?", [k])]
        default:
            return [Step("DELETE FROM c WHERE k = ? AND j = ?", [k, j])]
        }
    }

    private static func value(_ random: inout SplitMix64) -> SQLiteValue {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: .null
        case 1: integer(&random)
        case 2: real(&random)
        case 3: text(&random)
        default: .blob(blob(&random))
        }
    }

    private static func integer(_ random: inout SplitMix64) -> SQLiteValue {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: extremeInteger(&random)
        case 1: .null
        case 2: .integer(13)
        default: .integer(Int64.random(in: -5...50, using: &random))
        }
    }

    private static func extremeInteger(_ random: inout SplitMix64) -> SQLiteValue {
        .integer([Int64.max, Int64.min, -1, 0, 1 << 40, -(1 << 53)].randomElement(using: &random) ?? 0)
    }

    private static func real(_ random: inout SplitMix64) -> SQLiteValue {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: .null
        case 1: .real(-0.0)
        case 2: .real(1e300)
        case 3: .real(-2.5e-300)
        default: .real(Double(Int.random(in: -100...100, using: &random)) / 8)
        }
    }

    private static func text(_ random: inout SplitMix64) -> SQLiteValue {
        switch Int.random(in: 0..<5, using: &random) {
        case 0: .text("")
        case 1: .text("héllo, мир ✓")
        case 2: .text(String(repeating: "long text ", count: Int.random(in: 13...40, using: &random)))
        default: .text("t\(Int.random(in: 0...9, using: &random))")
        }
    }

    private static func blob(_ random: inout SplitMix64) -> [UInt8] {
        let count = [0, 1, 8, 200].randomElement(using: &random) ?? 0
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    private static func name(_ random: inout SplitMix64) -> SQLiteValue {
        Int.random(in: 0..<12, using: &random) == 0
            ? .null : .text(["alpha", "beta", "gamma", "δέλτα", "", "e", "f"].randomElement(using: &random) ?? "")
    }

    private static func parent(_ random: inout SplitMix64) -> SQLiteValue {
        Int.random(in: 0..<3, using: &random) == 0 ? .null : .integer(Int64.random(in: 1...45, using: &random))
    }
}
