#ifndef REPLAY_CSQLITE_SHIM_H
#define REPLAY_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast of -1 to a function pointer: not importable into Swift.
static inline sqlite3_destructor_type replay_sqlite_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_db_config is variadic: wrap the integer-flag form.
static inline int replay_sqlite_db_config_flag(sqlite3 *db, int op, int value) {
    return sqlite3_db_config(db, op, value, (int *)0);
}

// Extended result codes are macros over shifts (`SQLITE_IOERR | (19<<8)`), which Swift does not
// import: named here so no code spells them as numbers.
static const int replay_sqlite_ioerr_shmsize = SQLITE_IOERR_SHMSIZE;
static const int replay_sqlite_readonly_rollback = SQLITE_READONLY_ROLLBACK;
#endif
