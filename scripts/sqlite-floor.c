/*
 * The floor of a bid's and an order's durable SQLite work: exactly the statements the writer runs for a blind bid
 * that replaces the bidder's standing bid (Auctions.placeBid with the command's LedgerAccounts, as on a node's bus),
 * for a limit order that rests and for one that matches it (OrderBook.place), 64 commands to a transaction
 * (BEGIN IMMEDIATE, the commands, the pre-commit step's stale-square probe, COMMIT), synchronous=FULL, WAL, one
 * thread, every statement prepared once: no Swift, no Writer, no HTTP, no event publication.
 *
 * Why it exists: issue 23 asks for 25k bids/s and 15k orders/s on 2 cores; this says what SQLite alone needs per
 * command on the real schema (migrations 0001-0019, created by `worldgame migrate`), so the rest of a request's
 * cost can be set against it. Built and run by scripts/sqlite-floor, which documents the output.
 *
 * Usage: sqlite-floor DB bid|order SECONDS [COMMANDS]
 *   DB        a migrated, empty worldgame.db (the fixture is inserted here)
 *   SECONDS   run for this long (whole transactions)
 *   COMMANDS  when given and > 0: stop after this many commands instead (for callgrind, which counts instructions)
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

enum { PLAYERS = 64, BATCH = 64, SLOTS = 8 };

static sqlite3 *db;
static long long wal_frames_committed;
static long long last_wal_frames;

static void fail(const char *what) {
    fprintf(stderr, "sqlite-floor: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
}

static sqlite3_stmt *prepare(const char *sql) {
    sqlite3_stmt *statement;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL) != SQLITE_OK) fail(sql);
    return statement;
}

static void exec(const char *sql) {
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) fail(sql);
}

/* Steps a statement that returns no row, then resets it. */
static void run(sqlite3_stmt *statement) {
    if (sqlite3_step(statement) != SQLITE_DONE) fail(sqlite3_sql(statement));
    sqlite3_reset(statement);
}

/* The WAL frames each commit appends (the hook reports the WAL's frame count after each commit). */
static int wal_hook(void *context, sqlite3 *connection, const char *name, int frames) {
    (void)context; (void)connection; (void)name;
    wal_frames_committed += frames >= last_wal_frames ? frames - last_wal_frames : frames;
    last_wal_frames = frames;
    return SQLITE_OK;
}

static double now_seconds(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return time.tv_sec + time.tv_nsec / 1e9;
}

static double cpu_seconds(int system) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    struct timeval value = system ? usage.ru_stime : usage.ru_utime;
    return value.tv_sec + value.tv_usec / 1e6;
}

/* A player's eight accounts as LedgerAccounts reads them: (available, escrow) x (gold, oil, ore, wheat). */
struct accounts { int64_t id[SLOTS]; int64_t balance[SLOTS]; };
enum { AVAILABLE_GOLD = 0, AVAILABLE_WHEAT = 3, ESCROW_GOLD = 4, ESCROW_WHEAT = 7 };

static sqlite3_stmt *accounts_statement;

static void read_accounts(int64_t player, struct accounts *accounts) {
    sqlite3_bind_int64(accounts_statement, 1, player);
    int step;
    while ((step = sqlite3_step(accounts_statement)) == SQLITE_ROW) {
        const unsigned char *kind = sqlite3_column_text(accounts_statement, 1);
        const unsigned char *asset = sqlite3_column_text(accounts_statement, 2);
        int offset = kind[0] == 'a' ? 0 : kind[0] == 'e' ? 4 : -1;
        if (offset < 0) continue;
        int slot = offset + (asset[0] == 'g' ? 0 : asset[0] == 'w' ? 3 : asset[1] == 'i' ? 1 : 2);
        accounts->id[slot] = sqlite3_column_int64(accounts_statement, 0);
        accounts->balance[slot] = sqlite3_column_int64(accounts_statement, 3);
    }
    if (step != SQLITE_DONE) fail("accounts");
    sqlite3_reset(accounts_statement);
}

static void insert_fixture(void) {
    exec("BEGIN IMMEDIATE;"
         "INSERT INTO regions (id, region_x, region_y, name, biome, is_open) VALUES (1, 0, 0, 'floor', 'plains', 1);"
         "INSERT INTO land_squares (id, x, y, region_id, is_locked, square_json) VALUES (1, 0, 0, 1, 0, '{}');"
         "INSERT INTO auctions (id, auction_type, status, start_time, end_time, original_end_time, reserve_price,"
         "  min_increment, created_at) VALUES (1, 'blind', 'in-progress', 0, 4000000000000, 4000000000000, 0, 1, 0);"
         "INSERT INTO auction_squares (auction_id, square_id) VALUES (1, 1);");
    const char *kinds[] = {"mint", "fees", "treasury"};
    const char *assets[] = {"gold", "oil", "ore", "wheat"};
    char sql[512];
    for (int kind = 0; kind < 3; kind++) {
        for (int asset = 0; asset < 4; asset++) {
            snprintf(sql, sizeof sql, "INSERT INTO accounts (kind, asset, player_id, balance) VALUES ('%s', '%s', NULL, 0)",
                     kinds[kind], assets[asset]);
            exec(sql);
        }
    }
    for (int player = 1; player <= PLAYERS; player++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO players (id, username, username_key, password_hash, role, created_at, last_active_at)"
                 " VALUES (%d, 'floor%d', 'floor%d', 'x', 'player', 0, 0)", player, player, player);
        exec(sql);
        for (int kind = 0; kind < 2; kind++) {
            for (int asset = 0; asset < 4; asset++) {
                long long balance = kind == 1 ? 0 : asset == 0 ? 1000000000000LL : asset == 3 ? 100000000LL : 0;
                snprintf(sql, sizeof sql,
                         "INSERT INTO accounts (kind, asset, player_id, balance) VALUES ('%s', '%s', %d, %lld)",
                         kind == 0 ? "available" : "escrow", assets[asset], player, balance);
                exec(sql);
            }
        }
        /* A standing bid of 1 per player, so every measured bid replaces one (bench bids' steady state). */
        snprintf(sql, sizeof sql,
                 "INSERT INTO auction_bids (auction_id, player_id, amount, placed_at, status) VALUES (1, %d, 1, 0, 'standing');"
                 "UPDATE accounts SET balance = balance - 1 WHERE player_id = %d AND kind = 'available' AND asset = 'gold';"
                 "UPDATE accounts SET balance = balance + 1 WHERE player_id = %d AND kind = 'escrow' AND asset = 'gold';",
                 player, player, player);
        exec(sql);
    }
    exec("COMMIT");
}

/* Auctions.findForBid's statement (Auctions+Bid.swift), read by column position. */
static const char *for_bid_sql =
    "SELECT a.id AS id, a.auction_type AS auction_type, a.status AS status, a.start_time AS start_time,"
    " a.end_time AS end_time, a.original_end_time AS original_end_time, a.reserve_price AS reserve_price,"
    " a.min_increment AS min_increment, a.seller_id AS seller_id, a.origin AS origin, a.winner_id AS winner_id,"
    " a.final_price AS final_price, a.created_at AS created_at, a.settled_at AS settled_at,"
    " b.id AS own_id, b.amount AS own_amount, b.placed_at AS own_placed_at,"
    " (SELECT count(*) FROM auction_bids WHERE auction_id = a.id AND status = 'standing') AS standing,"
    " q.square_id AS square_id, s.owner_id AS owner_id"
    " FROM auctions a"
    " LEFT JOIN auction_bids b ON b.auction_id = a.id AND b.player_id = ? AND b.status = 'standing'"
    " LEFT JOIN auction_squares q ON q.auction_id = a.id"
    " LEFT JOIN land_squares s ON s.id = q.square_id"
    " WHERE a.id = ?";

static sqlite3_stmt *for_bid, *update_balance, *insert_transfer, *replace_bid, *insert_bid;
static int64_t bid_amounts[PLAYERS + 1];

static void place_bid(int64_t player, int64_t now) {
    sqlite3_bind_int64(for_bid, 1, player);
    sqlite3_bind_int64(for_bid, 2, 1);
    int64_t own_id = 0, own_amount = 0;
    int step;
    while ((step = sqlite3_step(for_bid)) == SQLITE_ROW) {
        for (int column = 0; column < 20; column++) {
            if (sqlite3_column_type(for_bid, column) == SQLITE_TEXT) (void)sqlite3_column_text(for_bid, column);
            else (void)sqlite3_column_int64(for_bid, column);
        }
        own_id = sqlite3_column_int64(for_bid, 14);
        own_amount = sqlite3_column_int64(for_bid, 15);
    }
    if (step != SQLITE_DONE || own_id == 0) fail("findForBid");
    sqlite3_reset(for_bid);
    struct accounts accounts;
    read_accounts(player, &accounts);
    int64_t amount = ++bid_amounts[player];
    int64_t raise = amount - own_amount;
    if (accounts.balance[AVAILABLE_GOLD] < raise) fail("funds");
    sqlite3_bind_int64(update_balance, 1, -raise);
    sqlite3_bind_int64(update_balance, 2, accounts.id[AVAILABLE_GOLD]);
    run(update_balance);
    sqlite3_bind_int64(update_balance, 1, raise);
    sqlite3_bind_int64(update_balance, 2, accounts.id[ESCROW_GOLD]);
    run(update_balance);
    sqlite3_bind_text(insert_transfer, 1, "gold", -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert_transfer, 2, accounts.id[AVAILABLE_GOLD]);
    sqlite3_bind_int64(insert_transfer, 3, accounts.id[ESCROW_GOLD]);
    sqlite3_bind_int64(insert_transfer, 4, raise);
    sqlite3_bind_text(insert_transfer, 5, "auction_bid", -1, SQLITE_STATIC);
    sqlite3_bind_text(insert_transfer, 6, "auction:1", -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert_transfer, 7, now);
    run(insert_transfer);
    sqlite3_bind_int64(replace_bid, 1, own_id);
    run(replace_bid);
    sqlite3_bind_int64(insert_bid, 1, 1);
    sqlite3_bind_int64(insert_bid, 2, player);
    sqlite3_bind_int64(insert_bid, 3, amount);
    sqlite3_bind_int64(insert_bid, 4, now);
    /* The request's W3C trace id, as the bid route passes it. */
    sqlite3_bind_text(insert_bid, 5, "4bf92f3577b34da6a3ce929d0e0e4736", 32, SQLITE_STATIC);
    run(insert_bid);
}

static const char *resting_columns =
    "id, player_id, price, quantity, remaining, escrow, is_immediate_or_cancel, created_at, updated_at, expires_at";
static sqlite3_stmt *best_bid, *best_ask, *insert_order, *close_order, *insert_trade, *credit_fees, *insert_legs;

/* OrderBook.bestResting: the best crossing order's row, read by column position; its id and remaining, or 0. */
static int64_t best_resting(sqlite3_stmt *statement, int64_t limit, int64_t *remaining) {
    sqlite3_bind_text(statement, 1, "wheat", -1, SQLITE_STATIC);
    sqlite3_bind_int64(statement, 2, limit);
    int64_t id = 0;
    int step;
    while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
        for (int column = 0; column < 10; column++) (void)sqlite3_column_int64(statement, column);
        id = sqlite3_column_int64(statement, 0);
        *remaining = sqlite3_column_int64(statement, 4);
    }
    if (step != SQLITE_DONE) fail("bestResting");
    sqlite3_reset(statement);
    return id;
}

static int64_t insert_market_order(int64_t player, const char *side, int64_t price, int64_t quantity,
                                   int64_t remaining, int64_t escrow, const char *status, int64_t now) {
    sqlite3_bind_int64(insert_order, 1, player);
    sqlite3_bind_text(insert_order, 2, "wheat", -1, SQLITE_STATIC);
    sqlite3_bind_text(insert_order, 3, side, -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert_order, 4, price);
    sqlite3_bind_int64(insert_order, 5, quantity);
    sqlite3_bind_int64(insert_order, 6, remaining);
    sqlite3_bind_int64(insert_order, 7, escrow);
    sqlite3_bind_int64(insert_order, 8, 0);
    sqlite3_bind_text(insert_order, 9, status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert_order, 10, now);
    sqlite3_bind_int64(insert_order, 11, now);
    sqlite3_bind_int64(insert_order, 12, now + 7 * 86400000LL);
    run(insert_order);
    return sqlite3_last_insert_rowid(db);
}

static void add_balance(int64_t account, int64_t amount) {
    sqlite3_bind_int64(update_balance, 1, amount);
    sqlite3_bind_int64(update_balance, 2, account);
    run(update_balance);
}

/* A sell of `quantity` wheat at `price` that meets no bid: it rests, its wheat moves to escrow. */
static void place_resting_sell(int64_t seller, int64_t price, int64_t quantity, int64_t now) {
    struct accounts accounts;
    read_accounts(seller, &accounts);
    if (accounts.balance[AVAILABLE_WHEAT] < quantity) fail("wheat");
    int64_t remaining = 0;
    if (best_resting(best_bid, price, &remaining) != 0) fail("a bid crossed");
    int64_t order = insert_market_order(seller, "sell", price, quantity, quantity, quantity, "open", now);
    add_balance(accounts.id[AVAILABLE_WHEAT], -quantity);
    add_balance(accounts.id[ESCROW_WHEAT], quantity);
    char reference[32];
    snprintf(reference, sizeof reference, "order:%lld", (long long)order);
    sqlite3_bind_text(insert_transfer, 1, "wheat", -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert_transfer, 2, accounts.id[AVAILABLE_WHEAT]);
    sqlite3_bind_int64(insert_transfer, 3, accounts.id[ESCROW_WHEAT]);
    sqlite3_bind_int64(insert_transfer, 4, quantity);
    sqlite3_bind_text(insert_transfer, 5, "market_escrow", -1, SQLITE_STATIC);
    sqlite3_bind_text(insert_transfer, 6, reference, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(insert_transfer, 7, now);
    run(insert_transfer);
}

/* A buy that fills the resting sell completely at its price: the OrderMatcher's statements for one fill. */
static void place_matching_buy(int64_t buyer, int64_t seller, int64_t price, int64_t quantity, int64_t now) {
    struct accounts taker;
    read_accounts(buyer, &taker);
    int64_t gold = price * quantity;
    if (taker.balance[AVAILABLE_GOLD] < gold) fail("gold");
    int64_t remaining = 0;
    int64_t resting = best_resting(best_ask, price, &remaining);
    if (resting == 0 || remaining != quantity) fail("no resting sell");
    sqlite3_bind_int64(close_order, 1, 0);
    sqlite3_bind_int64(close_order, 2, 0);
    sqlite3_bind_text(close_order, 3, "filled", -1, SQLITE_STATIC);
    sqlite3_bind_int64(close_order, 4, now);
    sqlite3_bind_int64(close_order, 5, resting);
    run(close_order);
    int64_t order = insert_market_order(buyer, "buy", price, quantity, 0, 0, "filled", now);
    int64_t fee = gold / 10000 * 100 + (gold % 10000) * 100 / 10000;
    sqlite3_bind_text(insert_trade, 1, "wheat", -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert_trade, 2, price);
    sqlite3_bind_int64(insert_trade, 3, quantity);
    sqlite3_bind_int64(insert_trade, 4, fee);
    sqlite3_bind_int64(insert_trade, 5, buyer);
    sqlite3_bind_int64(insert_trade, 6, seller);
    sqlite3_bind_int64(insert_trade, 7, order);
    sqlite3_bind_int64(insert_trade, 8, resting);
    sqlite3_bind_text(insert_trade, 9, "buy", -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert_trade, 10, now);
    run(insert_trade);
    struct accounts maker;
    read_accounts(seller, &maker);
    /* The fees account is a system account: credited by kind and asset (LedgerMoveSQL.credit[system]). */
    sqlite3_bind_int64(credit_fees, 1, fee);
    sqlite3_bind_text(credit_fees, 2, "fees", -1, SQLITE_STATIC);
    sqlite3_bind_text(credit_fees, 3, "gold", -1, SQLITE_STATIC);
    sqlite3_bind_int64(credit_fees, 4, INT64_MAX - fee);
    run(credit_fees);
    /* Debits first, then credits; the buyer's gold escrow nets to zero and is not written. */
    add_balance(taker.id[AVAILABLE_GOLD], -gold);
    add_balance(maker.id[ESCROW_WHEAT], -quantity);
    add_balance(maker.id[AVAILABLE_GOLD], gold - fee);
    add_balance(taker.id[AVAILABLE_WHEAT], quantity);
    char buy_reference[32], sell_reference[32];
    snprintf(buy_reference, sizeof buy_reference, "order:%lld", (long long)order);
    snprintf(sell_reference, sizeof sell_reference, "order:%lld", (long long)resting);
    /* The legs: the taker's escrow, the trade's gold, the fee, the wheat (the zero release leg is dropped). */
    int index = 1;
    struct { const char *asset; int64_t from, to, amount; const char *reason, *reference; } legs[4] = {
        {"gold", taker.id[AVAILABLE_GOLD], taker.id[ESCROW_GOLD], gold, "market_escrow", buy_reference},
        {"gold", taker.id[ESCROW_GOLD], maker.id[AVAILABLE_GOLD], gold - fee, "market_trade", buy_reference},
        {"gold", taker.id[ESCROW_GOLD], 0, fee, "market_fee", buy_reference},
        {"wheat", maker.id[ESCROW_WHEAT], taker.id[AVAILABLE_WHEAT], quantity, "market_trade", sell_reference},
    };
    for (int leg = 0; leg < 4; leg++) {
        sqlite3_bind_text(insert_legs, index++, legs[leg].asset, -1, SQLITE_STATIC);
        sqlite3_bind_int64(insert_legs, index++, legs[leg].from);
        if (leg == 2) {
            sqlite3_bind_text(insert_legs, index++, "fees", -1, SQLITE_STATIC);
            sqlite3_bind_text(insert_legs, index++, "gold", -1, SQLITE_STATIC);
        } else {
            sqlite3_bind_int64(insert_legs, index++, legs[leg].to);
        }
        sqlite3_bind_int64(insert_legs, index++, legs[leg].amount);
        sqlite3_bind_text(insert_legs, index++, legs[leg].reason, -1, SQLITE_STATIC);
        sqlite3_bind_text(insert_legs, index++, legs[leg].reference, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(insert_legs, index++, now);
    }
    run(insert_legs);
}

static void prepare_statements(void) {
    accounts_statement = prepare("SELECT id, kind, asset, balance FROM accounts WHERE player_id = ?");
    update_balance = prepare("UPDATE accounts SET balance = balance + ? WHERE id = ?");
    insert_transfer = prepare("INSERT INTO transfers (asset, from_account_id, to_account_id, amount, reason, reference,"
                              " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for_bid = prepare(for_bid_sql);
    replace_bid = prepare("UPDATE auction_bids SET status = 'replaced' WHERE id = ?");
    insert_bid = prepare("INSERT INTO auction_bids (auction_id, player_id, amount, placed_at, status, trace_id)"
                         " VALUES (?, ?, ?, ?, 'standing', ?)");
    char sql[1024];
    snprintf(sql, sizeof sql, "SELECT %s FROM market_orders WHERE resource = ? AND side = 'buy' AND status = 'open'"
             " AND price >= ? ORDER BY price DESC, id LIMIT 1", resting_columns);
    best_bid = prepare(sql);
    snprintf(sql, sizeof sql, "SELECT %s FROM market_orders WHERE resource = ? AND side = 'sell' AND status = 'open'"
             " AND price <= ? ORDER BY price, id LIMIT 1", resting_columns);
    best_ask = prepare(sql);
    insert_order = prepare("INSERT INTO market_orders (player_id, resource, side, price, quantity, remaining, escrow,"
                           " is_immediate_or_cancel, status, created_at, updated_at, expires_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    close_order = prepare("UPDATE market_orders SET remaining = ?, escrow = ?, status = ?, updated_at = ? WHERE id = ?");
    insert_trade = prepare("INSERT INTO market_trades (resource, price, quantity, fee, buyer_id, seller_id, buy_order_id,"
                           " sell_order_id, taker_side, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    credit_fees = prepare("UPDATE accounts SET balance = balance + ? WHERE player_id IS NULL AND kind = ? AND asset = ?"
                          " AND balance <= ?");
    insert_legs = prepare("INSERT INTO transfers (asset, from_account_id, to_account_id, amount, reason, reference,"
                          " created_at) VALUES (?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?),"
                          " (?, ?, (SELECT id FROM accounts WHERE player_id IS NULL AND kind = ? AND asset = ?), ?, ?, ?, ?),"
                          " (?, ?, ?, ?, ?, ?, ?)");
}

int main(int argc, char **argv) {
    if (argc < 4 || (strcmp(argv[2], "bid") != 0 && strcmp(argv[2], "order") != 0)) {
        fprintf(stderr, "usage: sqlite-floor DB bid|order SECONDS [COMMANDS]\n");
        return 2;
    }
    int is_bid = strcmp(argv[2], "bid") == 0;
    double seconds = atof(argv[3]);
    long long command_limit = argc > 4 ? atoll(argv[4]) : 0;
    /* As Store's SQLiteDatabase opens and Connection configures the write connection (multi-thread mode). */
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) fail("open");
    sqlite3_busy_timeout(db, 5000);
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
    insert_fixture();
    for (int player = 1; player <= PLAYERS; player++) bid_amounts[player] = 1;
    prepare_statements();
    sqlite3_stmt *begin = prepare("BEGIN IMMEDIATE");
    sqlite3_stmt *commit = prepare("COMMIT");
    sqlite3_stmt *probe = prepare("SELECT 1 FROM land_squares INDEXED BY land_squares_json_stale"
                                  " WHERE square_json IS NULL LIMIT 1");
    exec("PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite3_wal_hook(db, wal_hook, NULL);
    double started = now_seconds(), user = cpu_seconds(0), system = cpu_seconds(1);
    long long commands = 0, transactions = 0;
    int64_t pair = 0;
    while (command_limit > 0 ? commands < command_limit : now_seconds() - started < seconds) {
        int64_t now = 1700000000000LL + commands;
        run(begin);
        for (int index = 0; index < BATCH; index++) {
            if (is_bid) {
                place_bid(commands % PLAYERS + 1, now);
            } else if (index % 2 == 0) {
                /* A pair: a sell that rests, then a buy by the next player that fills it (2-10 units at 95-105,
                   so the fee leg is never zero). */
                int64_t seller = pair % PLAYERS + 1;
                place_resting_sell(seller, 95 + pair % 11, 2 + pair % 9, now);
            } else {
                int64_t seller = pair % PLAYERS + 1;
                place_matching_buy(seller % PLAYERS + 1, seller, 95 + pair % 11, 2 + pair % 9, now);
                pair++;
            }
            commands++;
        }
        if (sqlite3_step(probe) == SQLITE_ROW) fail("a stale square");
        sqlite3_reset(probe);
        run(commit);
        transactions++;
    }
    double elapsed = now_seconds() - started;
    double used_user = cpu_seconds(0) - user, used_system = cpu_seconds(1) - system;
    printf("%s: %lld commands in %lld transactions of %d, %.2f s: %.0f %ss/s; CPU %.1f us a command"
           " (user %.1f, system %.1f); %.2f WAL frames a command, %.1f a transaction; %.3f ms a transaction\n",
           argv[2], commands, transactions, BATCH, elapsed, commands / elapsed, argv[2],
           (used_user + used_system) * 1e6 / commands, used_user * 1e6 / commands, used_system * 1e6 / commands,
           (double)wal_frames_committed / commands, (double)wal_frames_committed / transactions,
           elapsed * 1e3 / transactions);
    sqlite3_close(db);
    return 0;
}
