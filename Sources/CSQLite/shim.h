// The session extension's prototypes are only declared when these are defined before sqlite3.h.
// Debian's libsqlite3 is built with both; Store checks sqlite3_compileoption_used at start-up.
#ifndef WORLDGAME_CSQLITE_SHIM_H
#define WORLDGAME_CSQLITE_SHIM_H
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>
#endif
