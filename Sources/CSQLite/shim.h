// The session extension's prototypes are only declared when these are defined before sqlite3.h.
// Debian's libsqlite3 is built with both; Store checks sqlite3_compileoption_used at start-up.
#ifndef WORLDGAME_CSQLITE_SHIM_H
#define WORLDGAME_CSQLITE_SHIM_H
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

// sqlite3_db_config is variadic, which Swift cannot call: this sets SQLITE_DBCONFIG_ENABLE_TRIGGER (1 on, 0 off) and
// returns the previous setting (or -1 on error). Replication turns triggers off while applying a changeset, whose
// rows already include what the primary's triggers wrote.
static inline int worldgame_sqlite3_set_triggers(sqlite3 *db, int enabled) {
    int previous = -1;
    if (sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, -1, &previous) != SQLITE_OK) return -1;
    int now = -1;
    if (sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, enabled, &now) != SQLITE_OK) return -1;
    return previous;
}
#endif
