/*
 * sqlite.h - the SQLite store's own: shared by its files only.
 */
#ifndef XF_STORE_SQLITE_H
#define XF_STORE_SQLITE_H

/* The schema version this library writes (PRAGMA user_version). */
#define XF_SQLITE_SCHEMA	18

/*
 * The step from version v to v+1, or NULL past the last or for a step
 * that changes nothing here (one of another store alone).
 */
const char	*xf_sqlite_migration(int v);

/*
 * The name of SQLite's files as this store opens them (sqlite-vfs.c),
 * registered at the first call; NULL if it could not be.
 */
const char	*xf_sqlite_vfs(void);

/*
 * SQLite's allocator, keeping a block of PIECE bytes (a statement
 * journal's piece in memory) for the next (sqlite-mem.c); said before
 * SQLite starts.  -1 if SQLite had started.
 */
int		 xf_sqlite_mem(int piece);

/* place_days (17) made afresh from the items: at 17, and after a copy. */
#define XF_SQLITE_PLACE_DAYS \
	"DELETE FROM place_days;" \
	"INSERT INTO place_days SELECT region, substr(received_at, 1, 10)," \
	"  sum(voided_at IS NULL), count(*) FROM items" \
	"  WHERE region IS NOT NULL GROUP BY 1, 2;"

#endif
