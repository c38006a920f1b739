/*
 * store.h - the stores a ledger is kept in, behind one table of
 * operations (as git's struct ref_storage_be is for its reference back
 * ends).  Private to libxf: the ledger (ledger.c) and the modules that
 * keep records of their own (documents, measures, persons) call these,
 * never a database library.
 *
 * A store owns its connection, its transactions and savepoints, what
 * its errors mean, and its schema with the steps that migrate it
 * forward.  Statements are run through it: prepared, bound by position
 * (?1 ... ?n), stepped row by row and read by column.
 */
#ifndef XF_STORE_H
#define XF_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/*
 * A connection to a store, and a statement prepared on one: each store's
 * own begin with these, so that the calls below find their store.
 */
struct xf_db {
	const struct xf_store_be *be;
};
struct xf_stmt {
	const struct xf_store_be *be;
};

/* What a statement's step gives. */
enum xf_step_rc { XF_DB_ERROR = -1, XF_DB_DONE = 0, XF_DB_ROW = 1 };

/* What a column holds. */
enum xf_col_type {
	XF_V_NULL, XF_V_INT, XF_V_FLOAT, XF_V_TEXT, XF_V_BLOB
};

/* What went wrong, for the ledger's message. */
enum xf_db_fault {
	XF_DB_OTHER,
	XF_DB_FULL,	/* no room to write */
	XF_DB_ABORTED,	/* the batch was rolled back by an earlier error */
	XF_DB_BUSY,	/* another writer held the lock past the timeout */
	XF_DB_CONFLICT,	/* a deadlock with another writer's batch, which
			   was let on: this one, run again, may pass */
	XF_DB_NOTADB	/* the file is no database */
};

/* open() flags */
#define XF_DB_READONLY	0x1	/* never create it */

/*
 * A scalar function the store's statements may call, its arguments as
 * text (NULL for null): its result in *n or *text (static), and which
 * it is: XF_V_INT, XF_V_TEXT, XF_V_NULL, or -1 when out of memory.
 */
typedef int	xf_fn_impl(int argc, const char *const *argv, int64_t *n,
		    const char **text);

/*
 * A store's check of place_days against the items (by: the columns a
 * count is kept by before the day; key: the text naming a wrong one).
 */
#define XF_PLACES_CHECK(by, key) "SELECT 'a place''s count of a day not" \
	" that of its items' AS problem, " key " AS key FROM (SELECT " by \
	", substr(received_at, 1, 10) AS day, CASE WHEN voided_at IS NULL" \
	" THEN 1 ELSE 0 END AS live, 1 AS items FROM items WHERE region IS" \
	" NOT NULL UNION ALL SELECT " by ", day, -live, -items FROM" \
	" place_days) AS c GROUP BY " by ", day HAVING sum(live) <> 0 OR" \
	" sum(items) <> 0"

struct xf_store_be {
	const char	*name;
	/* Whether where (a path, a URI) names a ledger of this store. */
	int		 (*claims)(const char *where);
	/*
	 * Open or create the ledger at where, waiting up to busy_ms for
	 * another writer; NULL with the reason in err.
	 */
	struct xf_db	*(*open)(const char *where, unsigned flags, int busy_ms,
			    char *err, size_t errlen);
	void		 (*close)(struct xf_db *);
	/*
	 * The office the connection writes for (the settings' office):
	 * what a store of many offices gives the rows it adds.
	 */
	int		 (*office)(struct xf_db *, const char *office);
	/*
	 * The office of the connection itself (a PostgreSQL office's
	 * role), known once the version was read: the office of a
	 * session whose settings name none; NULL: none.
	 */
	const char	*(*own_office)(struct xf_db *);
	/* The batch just numbered n: what the images are kept under. */
	int		 (*batch)(struct xf_db *, int64_t n);

	/*
	 * A batch: one write transaction.  Inside it, nothing commits but
	 * commit(), even after an error that rolled the store back.
	 */
	int		 (*begin)(struct xf_db *);
	int		 (*commit)(struct xf_db *);
	int		 (*rollback)(struct xf_db *);
	int		 (*in_transaction)(struct xf_db *);
	/* One savepoint, a record's: set, kept, or rolled back to. */
	int		 (*mark)(struct xf_db *);
	int		 (*release)(struct xf_db *);
	int		 (*undo)(struct xf_db *);

	/*
	 * The schema: its version, and the step from version v to v+1;
	 * NULL for a step the store has not (a store whose history starts
	 * later: its step from 0 makes the whole schema).
	 */
	int		 schema_version;
	const char	*(*migration)(int v);
	int		 (*version)(struct xf_db *, int *v);
	int		 (*set_version)(struct xf_db *, int v);
	/*
	 * What the store makes from the columns of the tables, made anew
	 * after every migration: SQLite's triggers that keep, the first
	 * time a batch changes an item, the value it had (the images an
	 * undo puts back); PostgreSQL's views (views()).
	 */
	int		 (*remake)(struct xf_db *);
	/*
	 * The views every report and list reads: live_items (the items
	 * but the voided, unless include_void), live_handlings and
	 * live_visits (as the ledger as recorded names its own).
	 */
	int		 (*views)(struct xf_db *, int include_void);

	/*
	 * A SELECT of the store's own check of the ledger, a row (problem,
	 * key) for each thing wrong; NULL: none.
	 */
	const char	*integrity_sql;
	/*
	 * Whether the items read in the order of their rowid is a read of
	 * the table as it lies (SQLite's b-tree), so that a list can stream
	 * that way; else that order is a sort.
	 */
	int		 rowid_order;
	/*
	 * Whether the store keeps how many items each place received each
	 * day (place_days: region, day, live, items), so that a place's
	 * count adds those (else it counts the items), and who writes them.
	 */
	enum {
		XF_PLACES_NONE,
		XF_PLACES_WRITTEN,	/* by the ledger: batches, changes */
		XF_PLACES_KEPT		/* a batch's by it, changes by the store */
	}		 place_days;
	/*
	 * Whether the ledger keeps the image of a case's sources of its
	 * classification ('$classified' in images) before it writes them
	 * (else the store's trigger does): a trigger on classified made
	 * SQLite keep a statement journal of each write's 64 KB pages.
	 */
	int		 sources_images;
	/*
	 * Whether an item's row is written with the columns that changed
	 * alone (read back first: SQLite, in the process), else all of
	 * them (PostgreSQL, a round trip away, compares them itself).
	 */
	int		 update_changed;
	/*
	 * After rows were copied in with their numbers: number on from
	 * them, and count what the store keeps counted (place_days).
	 */
	int		 (*copied)(struct xf_db *);
	/*
	 * Items are being added (said at the first and now and then): a
	 * store that caches the pages of its indexes in the program may
	 * size its cache to the ledger; else nothing.
	 */
	int		 (*adding)(struct xf_db *);

	/*
	 * Serialise the transaction, until it ends, with every other one
	 * that locks any of the n keys (hashes of what they stand for, as
	 * a person's ID number): a store that lets one writer in at a
	 * time has nothing to do.  Each key is taken in the order given.
	 */
	int		 (*lock)(struct xf_db *, const int64_t *keys, size_t n);
	/*
	 * Serialise the transaction, until it ends, with every other one
	 * that locks the item id (to change it): as lock(), on the row.
	 */
	int		 (*lock_item)(struct xf_db *, const char *id);
	/*
	 * Let the batch begun in among the writers' batches; alone: once
	 * no other is in, and none other until it ends (a batch run again
	 * after a deadlock, so that it meets none).
	 */
	int		 (*enter)(struct xf_db *, int alone);

	/* Statements. */
	int		 (*exec)(struct xf_db *, const char *sql);
	/* persistent: kept for the whole connection, run many times */
	struct xf_stmt	*(*prepare)(struct xf_db *, const char *sql,
			    int persistent);
	/*
	 * A statement adding rows to table, the n columns named in cols
	 * bound as its parameters 1 to n, a row a step_later(): an INSERT,
	 * or what the store loads many rows with (PostgreSQL's COPY),
	 * whose error, as step_later()'s, may come from what runs next.
	 */
	struct xf_stmt	*(*rows)(struct xf_db *, const char *table,
			    const char *const *cols, int n);
	int		 (*params)(struct xf_stmt *);
	/* text must live until the statement is reset: bind_copy copies */
	void		 (*bind_text)(struct xf_stmt *, int, const char *);
	void		 (*bind_copy)(struct xf_stmt *, int, const char *);
	void		 (*bind_int)(struct xf_stmt *, int, int64_t);
	/* the store frees data with free() when done */
	void		 (*bind_blob)(struct xf_stmt *, int, void *data,
			    size_t len);
	int		 (*step)(struct xf_stmt *);
	/*
	 * Run a statement that gives no rows, perhaps later: in a batch a
	 * store may send it without waiting, its error then coming from
	 * whatever is run next, and failing the batch; its changes are
	 * not counted.  failed_later: whether the batch failed so.
	 */
	int		 (*step_later)(struct xf_stmt *);
	int		 (*failed_later)(struct xf_db *);
	/*
	 * Start a statement whose rows its first step reads: a store may
	 * send it now, with others, for one round trip (PostgreSQL), or
	 * do nothing till then.  Bound again with other values, or reset,
	 * it is as if never sent.
	 */
	int		 (*send)(struct xf_stmt *);
	int		 (*count)(struct xf_stmt *);
	const char	*(*colname)(struct xf_stmt *, int);
	enum xf_col_type (*type)(struct xf_stmt *, int);
	const char	*(*text)(struct xf_stmt *, int);
	int64_t		 (*int64)(struct xf_stmt *, int);
	const void	*(*blob)(struct xf_stmt *, int);
	size_t		 (*bytes)(struct xf_stmt *, int);
	void		 (*reset)(struct xf_stmt *);
	void		 (*finalize)(struct xf_stmt *);
	/* Rows the last statement changed; the key of the last insert. */
	int64_t		 (*changes)(struct xf_db *);
	int64_t		 (*last_id)(struct xf_db *);
	/* Make fn callable as name(nargs arguments) in statements. */
	int		 (*function)(struct xf_db *, const char *name,
			    int nargs, xf_fn_impl *fn);

	enum xf_db_fault (*fault)(struct xf_db *);
	const char	*(*errmsg)(struct xf_db *);
};

/*
 * The operations, called on a connection or a statement.  A statement
 * that could not be prepared (NULL) is bound to nothing, and each step
 * of it fails, the store's message saying why.
 */
static inline int xf_db_exec(struct xf_db *d, const char *sql)
{ return d->be->exec(d, sql); }
static inline struct xf_stmt *xf_db_prepare(struct xf_db *d, const char *sql)
{ return d->be->prepare(d, sql, 0); }
static inline int xf_db_lock(struct xf_db *d, const int64_t *k, size_t n)
{ return d->be->lock(d, k, n); }
static inline int64_t xf_db_changes(struct xf_db *d)
{ return d->be->changes(d); }
static inline int64_t xf_db_last_id(struct xf_db *d)
{ return d->be->last_id(d); }
static inline int xf_db_params(struct xf_stmt *s)
{ return s->be->params(s); }
static inline void xf_db_bind_text(struct xf_stmt *s, int i, const char *v)
{ if (s != NULL) s->be->bind_text(s, i, v); }
static inline void xf_db_bind_copy(struct xf_stmt *s, int i, const char *v)
{ if (s != NULL) s->be->bind_copy(s, i, v); }
static inline void xf_db_bind_int(struct xf_stmt *s, int i, int64_t v)
{ if (s != NULL) s->be->bind_int(s, i, v); }
static inline void xf_db_bind_blob(struct xf_stmt *s, int i, void *p, size_t n)
{ if (s != NULL) s->be->bind_blob(s, i, p, n); else free(p); }
static inline int xf_db_step(struct xf_stmt *s)
{ return s != NULL ? s->be->step(s) : XF_DB_ERROR; }
static inline int xf_db_step_later(struct xf_stmt *s)
{ return s != NULL ? s->be->step_later(s) : XF_DB_ERROR; }
static inline int xf_db_send(struct xf_stmt *s)
{ return s != NULL ? s->be->send(s) : -1; }
static inline int xf_db_count(struct xf_stmt *s)
{ return s->be->count(s); }
static inline const char *xf_db_colname(struct xf_stmt *s, int i)
{ return s->be->colname(s, i); }
static inline enum xf_col_type xf_db_type(struct xf_stmt *s, int i)
{ return s->be->type(s, i); }
static inline const char *xf_db_text(struct xf_stmt *s, int i)
{ return s->be->text(s, i); }
static inline int64_t xf_db_int(struct xf_stmt *s, int i)
{ return s->be->int64(s, i); }
static inline const void *xf_db_blob(struct xf_stmt *s, int i)
{ return s->be->blob(s, i); }
static inline size_t xf_db_bytes(struct xf_stmt *s, int i)
{ return s->be->bytes(s, i); }
static inline void xf_db_reset(struct xf_stmt *s)
{ if (s != NULL) s->be->reset(s); }
static inline void xf_db_finalize(struct xf_stmt *s)
{ if (s != NULL) s->be->finalize(s); }

extern const struct xf_store_be xf_store_sqlite, xf_store_pg;

/* The store that claims where; NULL, saying why in err, when none. */
const struct xf_store_be *xf_store_for(const char *where, char *err,
	    size_t errlen);
/*
 * where as it may be shown: a URI's password, as user:secret@ or as
 * password=secret, replaced by "***".
 */
const char	*xf_store_shown(const char *where, char *buf, size_t size);
/* rows() as an INSERT prepared on d: a store's with nothing faster. */
struct xf_stmt	*xf_store_insert(struct xf_db *d, const char *table,
		    const char *const *cols, int n);

#endif
