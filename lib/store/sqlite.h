/*
 * sqlite.h - the SQLite store's own: shared by its files only.
 */
#ifndef XF_STORE_SQLITE_H
#define XF_STORE_SQLITE_H

/* The schema version this library writes (PRAGMA user_version). */
#define XF_SQLITE_SCHEMA	16

/*
 * The step from version v to v+1, or NULL past the last or for a step
 * that changes nothing here (one of another store alone).
 */
const char	*xf_sqlite_migration(int v);

#endif
