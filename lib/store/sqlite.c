/*
 * sqlite.c - the SQLite store: a ledger in one file, created readable
 * by its owner only, in WAL mode so that readers never block the one
 * writer; a batch is one BEGIN IMMEDIATE transaction.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "xf-private.h"
#include "store/store.h"
#include "store/sqlite.h"

struct sq_db {
	struct xf_db	 base;
	sqlite3		*db;
	int		 busy_ms;
	int		 batch;		/* between begin and its end */
	int		 committing;	/* the batch's own COMMIT */
	int64_t		 cache_kb;	/* sq_adding()'s */
	int		 loading;	/* a first load's batch: load_begin() */
};

struct sq_stmt {
	struct xf_stmt	 base;
	sqlite3_stmt	*s;
};

#define D(d)	((struct sq_db *)(d))
#define S(st)	(((struct sq_stmt *)(st))->s)

/*
 * In a batch, the one commit is the batch's own.  An error that makes
 * SQLite roll the batch back (a full disk when the cache spills) would
 * leave the batch's later statements to run, and commit, each on its
 * own: refused here, so that a batch is never kept in part.
 */
static int
batch_guard(void *arg)
{
	const struct sq_db	*d = arg;

	return d->batch && !d->committing;
}

static int
sq_claims(const char *where)
{
	/* Anything that is no URI of another store is a file. */
	return strstr(where, "://") == NULL;
}

static int
sq_exec(struct xf_db *d, const char *sql)
{
	return sqlite3_exec(D(d)->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 :
	    -1;
}

/*
 * Changing the journal mode takes a lock that SQLite does not wait for:
 * retry while another process holds it, up to the busy timeout.
 */
static int
exec_waiting(struct xf_db *d, const char *sql)
{
	struct timespec	 pause = { 0, 10 * 1000 * 1000 };
	int		 waited = 0, rc;

	while ((rc = sqlite3_exec(D(d)->db, sql, NULL, NULL, NULL)) != SQLITE_OK &&
	    (rc & 0xff) == SQLITE_BUSY && waited < D(d)->busy_ms) {
		nanosleep(&pause, NULL);
		waited += 10;
	}
	return rc == SQLITE_OK ? 0 : -1;
}

/* The number the statement sql gives into *v; 0, or -1. */
static int
sq_int(struct xf_db *d, const char *sql, int *v)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(D(d)->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int
sq_version(struct xf_db *d, int *v)
{
	return sq_int(d, "PRAGMA user_version", v);
}

static int
sq_set_version(struct xf_db *d, int v)
{
	char	 sql[64];

	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
	return sq_exec(d, sql);
}

static enum xf_db_fault
sq_fault(struct xf_db *d)
{
	int	 code = sqlite3_extended_errcode(D(d)->db);

	if (code == SQLITE_FULL || code == SQLITE_IOERR_WRITE ||
	    code == SQLITE_IOERR_FSYNC || code == SQLITE_IOERR_SHMSIZE)
		return XF_DB_FULL;
	if (code == SQLITE_CONSTRAINT_COMMITHOOK)
		return XF_DB_ABORTED;
	if ((code & 0xff) == SQLITE_BUSY)
		return XF_DB_BUSY;
	if ((code & 0xff) == SQLITE_NOTADB)
		return XF_DB_NOTADB;
	return XF_DB_OTHER;
}

static const char *
sq_errmsg(struct xf_db *d)
{
	return sqlite3_errmsg(D(d)->db);
}

/* Opening failed at what: the reason in err, as the ledger says it. */
static void
open_failed(struct xf_db *d, const char *path, const char *what, char *err,
    size_t errlen)
{
	enum xf_db_fault f = sq_fault(d);

	xf_errf(err, errlen, "%s: %s%s: %s%s", path, f == XF_DB_NOTADB ?
	    "not a ledger: " : "", what, sqlite3_errmsg(D(d)->db),
	    f == XF_DB_FULL ? " (is the disk full?)" : "");
}

/* Create an empty file readable by its owner only. */
static int
create_private(const char *path, char *err, size_t errlen)
{
	int	 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1 && errno != EEXIST) {
		xf_errf(err, errlen, "%s: cannot create: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fd != -1)
		close(fd);
	return 0;
}

static void
sq_close(struct xf_db *d)
{
	if (d == NULL)
		return;
	sqlite3_close(D(d)->db);
	free(d);
}

/*
 * SQLite's settings of the process, said once before SQLite starts
 * (SQLITE_MISUSE after, when a program started it first, is harmless).
 *
 * A statement that fires a trigger (the images' on items and classified)
 * keeps the pages it changes in a statement journal, to undo it alone
 * if it fails.  SQLite keeps 64 KB of it in memory, then writes it to a
 * file: a page of this ledger is 64 KB, so every such statement wrote
 * its pages, each step and each classification (30,000 items
 * classified: 1.4 GB to a file later removed).  In memory up to 4 MB
 * (a statement's own pages, freed as it ends), past that to a file in
 * pieces (sqlite-vfs.c).  100,000 items classified by rules 2.82 ->
 * 2.52 s; 20,000 accepted 2.61 -> 1.93 s.  SQLite takes that memory at
 * each statement that journals and gives it back as it ends: kept for
 * the next (sqlite-mem.c).
 *
 * No statistics of memory: kept, they take a mutex at every
 * allocation, and nothing here reads them.
 */
#define JOURNAL_IN_MEMORY	(4 << 20)

static void
sqlite_settings(void)
{
	static int	 said;

	if (!said) {
		(void)sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL,
		    JOURNAL_IN_MEMORY);
		(void)xf_sqlite_mem(JOURNAL_IN_MEMORY);
		(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
	said = 1;
}

static struct xf_db *
sq_open(const char *path, unsigned flags, int busy_ms, char *err,
    size_t errlen)
{
	struct sq_db	*q;
	struct xf_db	*d;
	struct stat	 st;
	const char	*files;
	int		 fresh, v;

	if (sqlite3_libversion_number() < 3035000) {
		xf_errf(err, errlen, "SQLite %s is too old: 3.35 or later is "
		    "needed", sqlite3_libversion());
		return NULL;
	}
	fresh = stat(path, &st) == -1;
	if (fresh && (flags & XF_DB_READONLY)) {
		xf_errf(err, errlen, "%s: no ledger there (xf-intake creates "
		    "one)", path);
		return NULL;
	}
	if (fresh && create_private(path, err, errlen) == -1)
		return NULL;
	if ((q = calloc(1, sizeof *q)) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	d = &q->base;
	d->be = &xf_store_sqlite;
	q->busy_ms = busy_ms;
	sqlite_settings();
	if ((files = xf_sqlite_vfs()) == NULL) {
		xf_errf(err, errlen, "%s: SQLite's files could not be set up",
		    path);
		goto fail;
	}
	/* No mutex of the connection: a ledger is one thread's (xf.h). */
	if (sqlite3_open_v2(path, &D(d)->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, files) != SQLITE_OK) {
		xf_errf(err, errlen, "%s: %s", path, D(d)->db ?
		    sqlite3_errmsg(D(d)->db) : "cannot open");
		goto fail;
	}
	sqlite3_extended_result_codes(D(d)->db, 1);
	sqlite3_busy_timeout(D(d)->db, busy_ms);
	sqlite3_commit_hook(q->db, batch_guard, q);
	/*
	 * Only a file that is no database is "not a ledger": a full disk,
	 * with no room for the shared-memory file, is said as such.
	 */
	if (sq_version(d, &v) == -1) {
		open_failed(d, path, "reading the schema version", err,
		    errlen);
		goto fail;
	}
	/*
	 * Large pages cut write calls; set before the first table.  The
	 * page cache, taken only as pages are read: 32 MB (sq_adding()).
	 */
	if ((v == 0 && exec_waiting(d, "PRAGMA page_size = 65536") == -1) ||
	    exec_waiting(d, "PRAGMA journal_mode = WAL") == -1 ||
	    sq_exec(d, "PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA cache_size = -32768;") == -1) {
		open_failed(d, path, "setting up", err, errlen);
		goto fail;
	}
	return d;
fail:
	sq_close(d);
	return NULL;
}

/*
 * One office, one file, one writer at a time: nothing to say of the
 * office, nor to lock of an item (office, lock_item).
 */
/* A statement is run by its step, in the same process: nothing sent. */
static int
sq_send(struct xf_stmt *s)
{
	(void)s;
	return 0;
}

/* What SQLite runs it runs at once: nothing fails later. */
static int
sq_never(struct xf_db *d)
{
	(void)d;
	return 0;
}

static int
sq_nothing(struct xf_db *d, const char *s)
{
	(void)d;
	(void)s;
	return 0;
}

/* A file has no office of its own: the settings' alone. */
static const char *
sq_no_office(struct xf_db *d)
{
	(void)d;
	return NULL;
}

/* One writer at a time: the batch is serialised with every other. */
static int
sq_lock(struct xf_db *d, const int64_t *keys, size_t n)
{
	(void)d;
	(void)keys;
	(void)n;
	return 0;
}

/* Every batch is alone. */
static int
sq_enter(struct xf_db *d, int alone)
{
	(void)d;
	(void)alone;
	return 0;
}

/* The images' triggers take the newest batch not ended. */
static int
sq_batch(struct xf_db *d, int64_t n)
{
	(void)d;
	(void)n;
	return 0;
}

/*
 * To register items, a cache of an eighth of the ledger (with its WAL,
 * as a batch grows it), from 32 MB to 256: an index that outgrows the
 * cache (the ID numbers', the phones', in no order) is read back from
 * the system and written to the WAL a 64 KB page a change, and the
 * indexes are about an eighth of a ledger.  100,000 items into a ledger
 * of 5,000,000 (8.8 GB): 16.8 s with 32 MB, 9.3 with 256, 8.0 with 512;
 * of 1,000,000 (1.8 GB): 10.4, 5.6, 5.8 (README).  Never made smaller.
 */
static int
sq_adding(struct xf_db *d)
{
	const char	*path = sqlite3_db_filename(D(d)->db, "main");
	char		 sql[64], wal[4096];
	struct stat	 st;
	int64_t		 kb = 0;

	if (path == NULL || *path == '\0')
		return 0;
	if (stat(path, &st) == 0)
		kb += st.st_size / 1024;
	if ((size_t)snprintf(wal, sizeof wal, "%s-wal", path) < sizeof wal &&
	    stat(wal, &st) == 0)
		kb += st.st_size / 1024;
	kb /= 8;
	kb = kb < 32768 ? 32768 : kb > 262144 ? 262144 : kb;
	if (kb <= D(d)->cache_kb)
		return 0;
	D(d)->cache_kb = kb;
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%lld", (long long)kb);
	return sq_exec(d, sql);
}

static int
sq_in_transaction(struct xf_db *d)
{
	return !sqlite3_get_autocommit(D(d)->db);
}

/*
 * A batch on a ledger that holds no items (a first load: a county's
 * ledgers brought in from its spreadsheets, a province's history)
 * writes through a rollback journal, not the WAL.  Its pages are all
 * new, so the journal holds next to nothing, and each page is written
 * to the file once where the WAL took it, read it back each time the
 * cache had let it go, and copied it into the file at the checkpoint:
 * the rows and indexes of 1,000,000 items (scripts/bench-floor's, by
 * the sqlite3 shell) took 28.5-30.3 s in WAL, 15.3-17.7 so, the system's
 * time 16 -> 3 s.  Only when no other connection has the ledger open
 * (else it stays in WAL); synchronous FULL meanwhile, as a rollback
 * journal needs to survive a power cut; WAL again as the batch ends
 * (load_end(); a batch that cannot begin leaves that to the next
 * open).  Meanwhile readers wait for the batch as writers do.
 */
static void
load_begin(struct xf_db *d)
{
	sqlite3_stmt	*s;
	int		 empty;

	if (sq_int(d, "SELECT NOT EXISTS (SELECT 1 FROM items)", &empty) ==
	    -1 || !empty || sqlite3_prepare_v2(D(d)->db,
	    "PRAGMA journal_mode = DELETE", -1, &s, NULL) != SQLITE_OK)
		return;
	/* The mode it is in after: still WAL when another has it open. */
	if (sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_stricmp((const char *)sqlite3_column_text(s, 0),
	    "delete") == 0)
		D(d)->loading = 1;
	sqlite3_finalize(s);
	if (D(d)->loading)
		(void)sq_exec(d, "PRAGMA synchronous = FULL");
}

/*
 * After a first load's batch (committed or not), WAL again, waiting
 * for readers; one that cannot leaves it to the next program to open
 * the ledger (sq_open()), which sets WAL as it opens.
 */
static void
load_end(struct xf_db *d)
{
	if (!D(d)->loading || !sqlite3_get_autocommit(D(d)->db))
		return;
	D(d)->loading = 0;
	(void)sq_exec(d, "PRAGMA synchronous = NORMAL");
	(void)exec_waiting(d, "PRAGMA journal_mode = WAL");
}

static int
sq_begin(struct xf_db *d)
{
	load_begin(d);
	if (sq_exec(d, "BEGIN IMMEDIATE") == -1)
		return -1;
	D(d)->batch = 1;
	return 0;
}

static int
sq_commit(struct xf_db *d)
{
	int	 rc;

	D(d)->committing = 1;
	rc = sq_exec(d, "COMMIT");
	D(d)->committing = 0;
	if (sqlite3_get_autocommit(D(d)->db))
		D(d)->batch = 0;
	/* (Not after a failure: its message is the connection's.) */
	if (rc == 0)
		load_end(d);
	return rc;
}

static int
sq_rollback(struct xf_db *d)
{
	int	 rc = 0;

	D(d)->batch = 0;
	/* SQLite may have rolled back already. */
	if (!sqlite3_get_autocommit(D(d)->db))
		rc = sq_exec(d, "ROLLBACK");
	if (rc == 0)
		load_end(d);
	return rc;
}

static int
sq_mark(struct xf_db *d)
{
	return sq_exec(d, "SAVEPOINT record");
}

static int
sq_release(struct xf_db *d)
{
	return sq_exec(d, "RELEASE record");
}

static int
sq_undo(struct xf_db *d)
{
	return sq_exec(d, "ROLLBACK TO record; RELEASE record");
}

static struct xf_stmt *
sq_prepare(struct xf_db *d, const char *sql, int persistent)
{
	struct sq_stmt	*st;

	if ((st = malloc(sizeof *st)) == NULL)
		return NULL;
	st->base.be = &xf_store_sqlite;
	if (sqlite3_prepare_v3(D(d)->db, sql, -1, persistent ?
	    SQLITE_PREPARE_PERSISTENT : 0, &st->s, NULL) != SQLITE_OK) {
		free(st);
		return NULL;
	}
	return &st->base;
}

static int
sq_params(struct xf_stmt *s)
{
	return sqlite3_bind_parameter_count(S(s));
}

static void
sq_bind_text(struct xf_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(S(s), i);
	else
		sqlite3_bind_text(S(s), i, v, -1, SQLITE_STATIC);
}

static void
sq_bind_copy(struct xf_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(S(s), i);
	else
		sqlite3_bind_text(S(s), i, v, -1, SQLITE_TRANSIENT);
}

static void
sq_bind_int(struct xf_stmt *s, int i, int64_t v)
{
	sqlite3_bind_int64(S(s), i, v);
}

static void
sq_bind_blob(struct xf_stmt *s, int i, void *data, size_t len)
{
	sqlite3_bind_blob64(S(s), i, data, len, free);
}

static int
sq_step(struct xf_stmt *s)
{
	int	 rc = sqlite3_step(S(s));

	if (rc == SQLITE_ROW)
		return XF_DB_ROW;
	return rc == SQLITE_DONE ? XF_DB_DONE : XF_DB_ERROR;
}

static int
sq_count(struct xf_stmt *s)
{
	return sqlite3_column_count(S(s));
}

static const char *
sq_name(struct xf_stmt *s, int i)
{
	return sqlite3_column_name(S(s), i);
}

static enum xf_col_type
sq_type(struct xf_stmt *s, int i)
{
	switch (sqlite3_column_type(S(s), i)) {
	case SQLITE_NULL:
		return XF_V_NULL;
	case SQLITE_INTEGER:
		return XF_V_INT;
	case SQLITE_FLOAT:
		return XF_V_FLOAT;
	case SQLITE_BLOB:
		return XF_V_BLOB;
	default:
		return XF_V_TEXT;
	}
}

static const char *
sq_text(struct xf_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(S(s), i);
}

static int64_t
sq_int64(struct xf_stmt *s, int i)
{
	return sqlite3_column_int64(S(s), i);
}

static const void *
sq_blob(struct xf_stmt *s, int i)
{
	return sqlite3_column_blob(S(s), i);
}

static size_t
sq_bytes(struct xf_stmt *s, int i)
{
	return (size_t)sqlite3_column_bytes(S(s), i);
}

static void
sq_reset(struct xf_stmt *s)
{
	sqlite3_reset(S(s));
}

static void
sq_finalize(struct xf_stmt *s)
{
	sqlite3_finalize(S(s));
	free(s);
}

static int64_t
sq_changes(struct xf_db *d)
{
	return sqlite3_changes64(D(d)->db);
}

static int64_t
sq_last_id(struct xf_db *d)
{
	return sqlite3_last_insert_rowid(D(d)->db);
}

/* Call a function of the library's with its arguments as text. */
static void
call_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	xf_fn_impl	*fn = (xf_fn_impl *)sqlite3_user_data(ctx);
	const char	*args[8], *text = NULL;
	int64_t		 n = 0;
	int		 i;

	for (i = 0; i < argc && i < 8; i++)
		args[i] = (const char *)sqlite3_value_text(argv[i]);
	switch (fn(argc, args, &n, &text)) {
	case XF_V_INT:
		sqlite3_result_int64(ctx, n);
		break;
	case XF_V_TEXT:
		sqlite3_result_text(ctx, text, -1, SQLITE_STATIC);
		break;
	case XF_V_NULL:
		sqlite3_result_null(ctx);
		break;
	default:
		sqlite3_result_error_nomem(ctx);
		break;
	}
}

static int
sq_function(struct xf_db *d, const char *name, int nargs, xf_fn_impl *fn)
{
	if (nargs > 8)
		return -1;
	return sqlite3_create_function(D(d)->db, name, nargs, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, (void *)fn, call_fn, NULL, NULL) ==
	    SQLITE_OK ? 0 : -1;
}

/* The columns of the items table, as NUL-terminated names in b. */
static int
item_columns(struct xf_db *d, struct xf_buf *b)
{
	sqlite3_stmt	*s;
	const char	*name;
	int		 rc;

	xf_buf_reset(b);
	if (sqlite3_prepare_v2(D(d)->db, "SELECT name FROM pragma_table_info("
	    "'items') ORDER BY cid", -1, &s, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(s, 0);
		if (xf_buf_add(b, name, strlen(name) + 1) == -1)
			break;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Whether items' column c holds a classification (xf-classify's). */
static int
classifying(const char *c)
{
	int	 k;

	for (k = 0; k < XF_C_COUNT; k++)
		if (strcmp(xf_field_name(xf_cfield_field(k)), c) == 0)
			return 1;
	return 0;
}

/*
 * The trigger that keeps the image of the columns of cols that are
 * (class) or are not classifications, fired by an UPDATE naming one.
 * An image already kept for the batch, item and column is the key of
 * the new one, which OR IGNORE leaves: where each column looked for its
 * image first (NOT EXISTS), xf-classify --rules took a third more
 * instructions (below).  Not ON CONFLICT DO NOTHING: a trigger's upsert
 * makes the UPDATE that fires it keep a statement journal of the 64 KB
 * pages it changes (1.26 -> 1.68 G below).  OR IGNORE holds while no
 * statement that fires it names a policy of its own, which would
 * override the trigger's: no UPDATE OR ... or upsert of the items (the
 * sources' upsert did, when triggers on classified kept their image:
 * UNIQUE constraint failed).
 */
static int
image_trigger(struct xf_buf *sql, const char *name, const struct xf_buf *cols,
    int class)
{
	const char	*c;
	size_t		 off;
	int		 rc = 0, n = 0;

	rc |= xf_buf_printf(sql, " DROP TRIGGER IF EXISTS %1$s; CREATE TRIGGER"
	    " %1$s BEFORE UPDATE OF ", name);
	for (off = 0; off < cols->len; off += strlen(c) + 1)
		if (classifying(c = cols->p + off) == class)
			rc |= xf_buf_printf(sql, "%s\"%s\"", n++ ? ", " : "", c);
	rc |= xf_buf_adds(sql, " ON items WHEN (SELECT ended IS NULL FROM"
	    " batches ORDER BY n DESC LIMIT 1) BEGIN INSERT OR IGNORE INTO"
	    " images (batch, item, col, value) SELECT (SELECT max(n) FROM"
	    " batches), OLD.id, x.c, x.v FROM (");
	n = 0;
	for (off = 0; off < cols->len; off += strlen(c) + 1)
		if (classifying(c = cols->p + off) == class)
			rc |= xf_buf_printf(sql, "%sSELECT '%s' AS c, OLD.\"%s\""
			    " AS v WHERE OLD.\"%s\" IS NOT NEW.\"%s\"", n++ ?
			    " UNION ALL " : "", c, c, c, c);
	rc |= xf_buf_adds(sql, ") AS x; END;");
	return rc;
}

/*
 * The triggers that keep, the first time a batch changes a column of an
 * item, the value it had: its image, from which xf_ledger_undo_batch()
 * puts it back.  Made from the columns the items have.  The
 * classifications have a trigger of their own: xf-classify's UPDATE,
 * which names them alone, compares their 5 columns, not all 70
 * (100,000 items classified by rules, --dry-run: 2.99 -> 2.82 s).
 * Instructions of xf-classify --rules --dry-run of 10,000 items of a
 * 100,000 ledger (callgrind): 2.44 G with the triggers that looked for
 * an image before keeping one and kept the sources' (below); 1.26 G
 * since.  The image of the sources of a classification ('$classified')
 * the ledger keeps (sources_image() in ledger.c): the triggers on
 * classified that kept it made each write of a source keep a statement
 * journal, and schema 18 drops them.
 */
static int
sq_images(struct xf_db *d)
{
	struct xf_buf	 cols = { 0 }, sql = { 0 };
	int		 rc = 0, ret = -1;

	if (item_columns(d, &cols) == -1)
		goto out;
	rc |= image_trigger(&sql, "items_image", &cols, 0);
	rc |= image_trigger(&sql, "items_class_image", &cols, 1);
	if (rc == 0)
		ret = sq_exec(d, sql.p);
out:
	xf_buf_release(&cols);
	xf_buf_release(&sql);
	return ret;
}

/*
 * A view over one table costs no index.  A voided item is still read
 * by its id from the items.  The reports read handlings and visits
 * through the items they belong to, joined.
 */
static int
sq_views(struct xf_db *d, int include_void)
{
	char	 sql[512];

	snprintf(sql, sizeof sql, "DROP VIEW IF EXISTS temp.live_items;"
	    " CREATE TEMP VIEW live_items AS SELECT rowid AS rowid, * FROM"
	    " main.items%s;"
	    " CREATE TEMP VIEW IF NOT EXISTS live_handlings AS SELECT * FROM"
	    " main.handlings;"
	    " CREATE TEMP VIEW IF NOT EXISTS live_visits AS SELECT * FROM"
	    " main.visits", include_void ? "" : " WHERE voided_at IS NULL");
	return sq_exec(d, sql);
}

/*
 * A row's number is its key: nothing to number.  The places' counts made
 * again from the items, the copied and any there before.
 */
static int
sq_copied(struct xf_db *d)
{
	return sq_exec(d, XF_SQLITE_PLACE_DAYS);
}

const struct xf_store_be xf_store_sqlite = {
	.name = "sqlite",
	.claims = sq_claims,
	.open = sq_open,
	.close = sq_close,
	.office = sq_nothing,
	.own_office = sq_no_office,
	.batch = sq_batch,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.in_transaction = sq_in_transaction,
	.mark = sq_mark,
	.release = sq_release,
	.undo = sq_undo,
	.schema_version = XF_SQLITE_SCHEMA,
	.migration = xf_sqlite_migration,
	.version = sq_version,
	.set_version = sq_set_version,
	.remake = sq_images,
	.views = sq_views,
	.rowid_order = 1,
	.place_days = XF_PLACES_WRITTEN,
	.sources_images = 1,
	.update_changed = 1,
	.integrity_sql = "SELECT 'the file: ' || quick_check AS problem, NULL AS"
	    " key FROM"
	    " pragma_quick_check WHERE quick_check <> 'ok' UNION ALL SELECT"
	    " 'a row naming no ' || \"parent\" || ' row', \"table\" FROM"
	    " pragma_foreign_key_check UNION ALL "
	    XF_PLACES_CHECK("region", "region || ' ' || day"),
	.copied = sq_copied,
	.adding = sq_adding,
	.lock = sq_lock,
	.lock_item = sq_nothing,
	.enter = sq_enter,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.rows = xf_store_insert,
	.params = sq_params,
	.bind_text = sq_bind_text,
	.bind_copy = sq_bind_copy,
	.bind_int = sq_bind_int,
	.bind_blob = sq_bind_blob,
	.step = sq_step,
	.step_later = sq_step,
	.failed_later = sq_never,
	.send = sq_send,
	.count = sq_count,
	.colname = sq_name,
	.type = sq_type,
	.text = sq_text,
	.int64 = sq_int64,
	.blob = sq_blob,
	.bytes = sq_bytes,
	.reset = sq_reset,
	.finalize = sq_finalize,
	.changes = sq_changes,
	.last_id = sq_last_id,
	.function = sq_function,
	.fault = sq_fault,
	.errmsg = sq_errmsg,
};
