/*
 * pg.c - the PostgreSQL store (libpq): a ledger in a PostgreSQL
 * database, named by a URI (postgresql://... or postgres://...).
 *
 * The ledger's statements are written in SQLite's dialect.  They run
 * here as they are, but for what prepare() rewrites (?N parameters,
 * ON CONFLICT targets without the office, INSERT OR IGNORE), on the
 * SQLite-compatible functions the schema creates (pg-compat.sql:
 * ifnull, instr, julianday, date, datetime, strftime, json_extract,
 * json_each, json_group_object, ...).  The office of every row is the
 * session's (SET xf.office), the columns' default.
 *
 * A statement is sent on its first step, its parameters as text (a
 * blob as binary), and its rows are then handed out one by one.  In a
 * batch each statement runs under a savepoint of its own, so that an
 * error fails that statement alone, as in SQLite, not the transaction.
 */
#include <ctype.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "xf-private.h"
#include "store/store.h"

/*
 * libpq, loaded when a PostgreSQL ledger is first opened (pq_load()),
 * not when a program starts: linked in, it and the 20 libraries it
 * needs (OpenSSL, GnuTLS, Kerberos, LDAP, ...) took 2.8 ms of the start
 * of every program, its ledger on SQLite or not (1 ms without them).
 * Its functions are called through pq: pq.PQexec(...).
 */
#define PQ_LIBRARY	"libpq.so.5"
#define PQ_FUNCTIONS(X) \
	X(PQclear) X(PQcmdStatus) X(PQcmdTuples) X(PQconnectdb) \
	X(PQenterPipelineMode) X(PQerrorMessage) X(PQescapeLiteral) \
	X(PQexec) X(PQexecPrepared) X(PQexitPipelineMode) X(PQfinish) \
	X(PQfname) X(PQfreemem) X(PQftype) X(PQgetResult) X(PQgetisnull) \
	X(PQgetvalue) X(PQnfields) X(PQntuples) X(PQpipelineStatus) \
	X(PQpipelineSync) X(PQputCopyData) X(PQputCopyEnd) \
	X(PQresultErrorField) X(PQresultStatus) \
	X(PQsendPrepare) X(PQsendQueryParams) X(PQsendQueryPrepared) \
	X(PQserverVersion) X(PQstatus) X(PQtransactionStatus) X(PQunescapeBytea)

static struct {
#define PQ_POINTER(f)	__typeof__(f) *f;
	PQ_FUNCTIONS(PQ_POINTER)
#undef PQ_POINTER
} pq;

/* libpq's functions into pq, once: 0, or -1 with why in err. */
static int
pq_load(char *err, size_t errlen)
{
	static void	*lib;
	void		*h;

	if (lib != NULL)
		return 0;
	if ((h = dlopen(PQ_LIBRARY, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		xf_errf(err, errlen, "%s (the PostgreSQL client library:"
		    " Debian's package libpq5)", dlerror());
		return -1;
	}
#define PQ_LOOKUP(f)							\
	if ((pq.f = (__typeof__(pq.f))dlsym(h, #f)) == NULL) {		\
		xf_errf(err, errlen, "%s has no %s (libpq 14 or later"	\
		    " is needed)", PQ_LIBRARY, #f);			\
		dlclose(h);						\
		return -1;						\
	}
	PQ_FUNCTIONS(PQ_LOOKUP)
#undef PQ_LOOKUP
	lib = h;
	return 0;
}

/* The schema, embedded at build time (scripts/embed). */
extern const char	xf_sql_pg_schema[], xf_sql_pg_roles[],
			xf_sql_pg_day[], xf_sql_pg_places[],
			xf_sql_pg_compat[];

#define PG_SCHEMA	21
#define PG_NAMED	256	/* statements prepared a connection */
#define PG_PIPED	256	/* sent without waiting, at most */

struct pg_db {
	struct xf_db	 base;
	PGconn		*c;
	char		 state[6];	/* SQLSTATE of the last error */
	char		 msg[512];
	int64_t		 changes;
	/*
	 * The statements prepared on the server (named xf_N, N the
	 * index), by their text, with the types each parameter was
	 * given (typed) and was prepared with (types).
	 */
	struct pg_named {
		char	*sql;
		Oid	*typed;
		Oid	*types;
	}		 named[PG_NAMED];
	int		 nnamed;
	struct xf_stmt	*lock_item;	/* pg_lock_item()'s */
	/*
	 * The statements sent without waiting (libpq's pipeline mode),
	 * their results not read yet, in order: each sent to be read later
	 * (pg_send()), or NULL, one whose result is not asked (pg_step_
	 * later()).  The error the first that failed gave (what every
	 * statement after it in the batch then fails with), and whether
	 * it was a write.
	 */
	struct pg_stmt	*sent[PG_PIPED];
	int		 piped;
	char		 later[512];
	char		 later_state[6];
	int		 later_write;
	int		 made;		/* the ledger's views: pg_views() */
	/* The rows of a COPY under way (pg_rows()), not sent yet. */
	struct pg_stmt	*copying;
	struct xf_buf	 copied;
	char		 own[64];	/* the role's office: pg_own_office() */
};

struct pg_stmt {
	struct xf_stmt	 base;
	struct pg_db	*d;
	char		*sql;
	int		 nparams;
	char		**val;		/* the parameters, owned */
	int		*len;
	int		*fmt;
	Oid		*oid;		/* int8 for integers, else text */
	Oid		*typed;		/* a type given, where needed */
	Oid		*types;
	PGresult	*res;
	int		 row;		/* the row handed out, -1 before */
	int		 done;
	char		**conv;		/* a column's text as converted */
	unsigned char	**bin;		/* a column's bytes, unescaped */
	size_t		*binlen;
	int		 ncols;
	char		 name[16];	/* prepared on the server, or "" */
	int		 queued;	/* in d->sent, its result awaited */
	PGresult	*got;		/* that result, not stepped yet */
	int		 copy;		/* a COPY of rows: pg_rows() */
};

#define D(d)	((struct pg_db *)(d))
#define S(s)	((struct pg_stmt *)(s))

static int
pg_claims(const char *where)
{
	return strncmp(where, "postgresql://", 13) == 0 ||
	    strncmp(where, "postgres://", 11) == 0;
}

/* The error a statement sent earlier failed the batch with, if any. */
static int
from_later(struct pg_db *d)
{
	if (d->later[0] == '\0')
		return 0;
	memcpy(d->state, d->later_state, sizeof d->state);
	memcpy(d->msg, d->later, sizeof d->later);
	return 1;
}

/* The error of res (or of the connection) kept as the store's. */
static void
keep_error(struct pg_db *d, const PGresult *res)
{
	const char	*st = res ? pq.PQresultErrorField(res, PG_DIAG_SQLSTATE) :
			    NULL;
	const char	*m = res ? pq.PQresultErrorField(res,
			    PG_DIAG_MESSAGE_PRIMARY) : NULL;
	size_t		 n;

	/* The batch failed on a statement sent earlier: that error. */
	if (st != NULL && strcmp(st, "25P02") == 0 && from_later(d))
		return;
	snprintf(d->state, sizeof d->state, "%s", st ? st : "");
	snprintf(d->msg, sizeof d->msg, "%s", m ? m : pq.PQerrorMessage(d->c));
	n = strlen(d->msg);
	while (n > 0 && d->msg[n - 1] == '\n')
		d->msg[--n] = '\0';
}

/*
 * The pipeline left, after the sync's result (an error aborts it till
 * then); 0, or -1.
 */
static int
pipe_end(struct pg_db *d)
{
	PGresult	*r;
	ExecStatusType	 st;

	if (pq.PQpipelineStatus(d->c) == PQ_PIPELINE_OFF)
		return 0;
	while ((r = pq.PQgetResult(d->c)) != NULL) {
		st = pq.PQresultStatus(r);
		pq.PQclear(r);
		if (st == PGRES_PIPELINE_SYNC)
			break;
	}
	return pq.PQexitPipelineMode(d->c) == 1 ? 0 : -1;
}

/*
 * The results of the statements sent without waiting, after a sync:
 * each awaited one's kept for its step (got), the first error as the
 * store's and the batch's: 0, or -1.
 */
static int
drain(struct pg_db *d)
{
	struct pg_stmt	*s;
	PGresult	*r;
	ExecStatusType	 st;
	int		 i, n = d->piped, rc = 0;

	d->piped = 0;
	if (pq.PQpipelineSync(d->c) != 1) {
		keep_error(d, NULL);
		rc = -1;
	}
	/* Each statement's result, then a null; last, the sync's. */
	for (i = 0; i < n; i++) {
		s = d->sent[i];
		while ((r = pq.PQgetResult(d->c)) != NULL) {
			st = pq.PQresultStatus(r);
			if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
				if (s != NULL && s->got == NULL) {
					s->got = r;
					continue;
				}
			} else if (st != PGRES_PIPELINE_ABORTED && rc == 0) {
				keep_error(d, r);
				memcpy(d->later, d->msg, sizeof d->later);
				memcpy(d->later_state, d->state,
				    sizeof d->later_state);
				d->later_write = s == NULL;
				rc = -1;
			}
			pq.PQclear(r);
		}
		if (s != NULL)
			s->queued = 0;
	}
	if (pipe_end(d) == -1 && rc == 0) {
		keep_error(d, NULL);
		rc = -1;
	}
	return rc;
}

static int	copy_end(struct pg_db *);

/*
 * Send s, prepared on the server with the types it has, in the
 * pipeline: its result awaited (read later by its step) or not.
 */
static int
pipe_send(struct pg_db *d, struct pg_stmt *s, int awaited)
{
	if (d->copying != NULL && copy_end(d) == -1)
		return -1;
	/* Their results wait in the server's buffer: a bound. */
	if (d->piped == PG_PIPED && drain(d) == -1)
		return -1;
	if ((d->piped == 0 && pq.PQenterPipelineMode(d->c) != 1) ||
	    pq.PQsendQueryPrepared(d->c, s->name, s->nparams,
	    (const char *const *)s->val, s->len, s->fmt, 0) != 1) {
		keep_error(d, NULL);
		return -1;
	}
	d->sent[d->piped++] = awaited ? s : NULL;
	s->queued = awaited;
	return 0;
}

/* What was sent of s forgotten: it is bound anew, reset or freed. */
static void
unsend(struct pg_stmt *s)
{
	int	 i;

	if (s->queued)
		for (i = 0; i < s->d->piped; i++)
			if (s->d->sent[i] == s)
				s->d->sent[i] = NULL;
	pq.PQclear(s->got);
	s->got = NULL;
	s->queued = 0;
}

/*
 * The rows of the COPY under way sent, and its result read: 0, or -1
 * with its error kept as the batch's (the transaction is aborted).
 */
static int
copy_end(struct pg_db *d)
{
	PGresult	*r;
	int		 rc = 0;

	d->copying = NULL;
	if ((d->copied.len > 0 && pq.PQputCopyData(d->c, d->copied.p,
	    (int)d->copied.len) != 1) || pq.PQputCopyEnd(d->c, NULL) != 1)
		rc = -1;
	xf_buf_reset(&d->copied);
	while ((r = pq.PQgetResult(d->c)) != NULL) {
		if (pq.PQresultStatus(r) != PGRES_COMMAND_OK && rc == 0)
			rc = -1;
		if (rc == -1 && d->later[0] == '\0') {
			keep_error(d, r);
			memcpy(d->later, d->msg, sizeof d->later);
			memcpy(d->later_state, d->state,
			    sizeof d->later_state);
			d->later_write = 1;
		}
		pq.PQclear(r);
	}
	return rc;
}

/* Before anything else on the connection: what was sent, read. */
static int
settle(struct pg_db *d)
{
	if (d->copying != NULL && copy_end(d) == -1)
		return -1;
	if (d->piped == 0)
		return 0;
	return drain(d);
}

/* Run sql (one or more statements without parameters); 0 or -1. */
static int
run(struct pg_db *d, const char *sql)
{
	PGresult	*r;
	ExecStatusType	 st;
	int		 rc = 0;

	if (settle(d) == -1)
		return -1;
	r = pq.PQexec(d->c, sql);
	st = pq.PQresultStatus(r);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		keep_error(d, r);
		if (getenv("XF_PG_TRACE") != NULL)
			fprintf(stderr, "pg: %s: %s\n", d->msg, sql);
		rc = -1;
	} else if (*pq.PQcmdTuples(r) != '\0')
		d->changes = strtoll(pq.PQcmdTuples(r), NULL, 10);
	pq.PQclear(r);
	return rc;
}

/*
 * Run the statements built in b, unless building them ran out of
 * memory (failed); b released.
 */
static int
run_built(struct pg_db *d, struct xf_buf *b, int failed)
{
	int	 rc;

	if (failed) {
		xf_buf_release(b);
		snprintf(d->msg, sizeof d->msg, "out of memory");
		return -1;
	}
	rc = run(d, b->p);
	xf_buf_release(b);
	return rc;
}

static int
pg_in_transaction(struct xf_db *d)
{
	settle(D(d));
	return pq.PQtransactionStatus(D(d)->c) != PQTRANS_IDLE;
}

static const char *pg_migration(int);
static void	pg_finalize(struct xf_stmt *);
static char	*translate(const char *, int *);

/* The ledger's statements in SQLite's dialect; the schema's as they are. */
static int
pg_exec(struct xf_db *d, const char *sql)
{
	char	*t;
	int	 n, rc, v;

	for (v = 0; v < PG_SCHEMA; v++)
		if (sql == pg_migration(v))
			return run(D(d), sql);
	if ((t = translate(sql, &n)) == NULL) {
		snprintf(D(d)->msg, sizeof D(d)->msg, "out of memory");
		return -1;
	}
	rc = run(D(d), t);
	free(t);
	return rc;
}

static void
pg_close(struct xf_db *d)
{
	int	 i;

	if (d == NULL)
		return;
	if (D(d)->lock_item != NULL)
		pg_finalize(D(d)->lock_item);
	pq.PQfinish(D(d)->c);
	xf_buf_release(&D(d)->copied);
	for (i = 0; i < D(d)->nnamed; i++) {
		free(D(d)->named[i].sql);
		free(D(d)->named[i].typed);
		free(D(d)->named[i].types);
	}
	free(d);
}

/*
 * The reason libpq gave, without the password should it appear in it
 * (it does not, but a future libpq might quote the URI).
 */
static void
open_error(const char *where, const char *why, char *err, size_t errlen)
{
	char		 shown[512], msg[512], secret[256], *p, *nl;
	const char	*pw = NULL, *at, *colon, *scheme = strstr(where, "://");
	size_t		 n = 0;

	snprintf(msg, sizeof msg, "%s", why);
	if ((nl = strchr(msg, '\n')) != NULL && nl[1] == '\0')
		*nl = '\0';
	while ((nl = strchr(msg, '\n')) != NULL)
		*nl = ' ';
	if (scheme != NULL && (at = strchr(scheme + 3, '@')) != NULL &&
	    (colon = strchr(scheme + 3, ':')) != NULL && colon < at) {
		pw = colon + 1;
		n = (size_t)(at - pw);
	}
	if (pw != NULL && n > 3 && n < sizeof secret)
		snprintf(secret, sizeof secret, "%.*s", (int)n, pw);
	if (pw != NULL && n > 3 && n < sizeof secret)
		while ((p = strstr(msg, secret)) != NULL) {
			memmove(p + 3, p + n, strlen(p + n) + 1);
			memcpy(p, "***", 3);
		}
	xf_errf(err, errlen, "%s: %s", xf_store_shown(where, shown,
	    sizeof shown), msg);
}

static struct xf_db *
pg_open(const char *where, unsigned flags, int busy_ms, char *err,
    size_t errlen)
{
	struct pg_db	*d;
	PGresult	*r;
	char		 sql[128], shown[512], why[256];
	int		 there;

	if (pq_load(why, sizeof why) == -1) {
		xf_errf(err, errlen, "%s: %s", xf_store_shown(where, shown,
		    sizeof shown), why);
		return NULL;
	}
	if ((d = calloc(1, sizeof *d)) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	d->base.be = &xf_store_pg;
	d->c = pq.PQconnectdb(where);
	if (d->c == NULL || pq.PQstatus(d->c) != CONNECTION_OK) {
		open_error(where, d->c ? pq.PQerrorMessage(d->c) :
		    "cannot connect", err, errlen);
		goto fail;
	}
	/*
	 * No JIT: a report's statement is large, and compiling it took
	 * most of its time (0.8 s of the rates' 1.6 s on 20,000 items).
	 */
	snprintf(sql, sizeof sql, "SET lock_timeout = %d;"
	    " SET client_min_messages = warning;"
	    " SET datestyle = ISO; SET jit = off", busy_ms > 0 ? busy_ms : 0);
	if (run(d, sql) == -1)
		goto failmsg;
	if (flags & XF_DB_READONLY) {
		r = pq.PQexec(d->c, "SELECT to_regclass('xf_schema') IS NOT NULL");
		there = pq.PQresultStatus(r) == PGRES_TUPLES_OK &&
		    pq.PQntuples(r) == 1 && *pq.PQgetvalue(r, 0, 0) == 't';
		pq.PQclear(r);
		if (!there) {
			xf_errf(err, errlen, "%s: no ledger there (xf-intake "
			    "creates one)", xf_store_shown(where, shown,
			    sizeof shown));
			goto fail;
		}
	}
	return &d->base;
failmsg:
	xf_errf(err, errlen, "%s: %s", xf_store_shown(where, shown,
	    sizeof shown), d->msg);
fail:
	pg_close(&d->base);
	return NULL;
}

static int
pg_office(struct xf_db *d, const char *office)
{
	char		*q;
	char		 sql[128];
	int		 rc;

	if ((q = pq.PQescapeLiteral(D(d)->c, office ? office : "",
	    strlen(office ? office : ""))) == NULL)
		return -1;
	snprintf(sql, sizeof sql, "SET xf.office = %s", q);
	pq.PQfreemem(q);
	rc = run(D(d), sql);
	return rc;
}

static int
pg_batch(struct xf_db *d, int64_t n)
{
	char	 sql[64];

	snprintf(sql, sizeof sql, "SET LOCAL xf.batch = '%lld'", (long long)n);
	return run(D(d), sql);
}

static int
pg_begin(struct xf_db *d)
{
	D(d)->later[0] = '\0';
	return run(D(d), "BEGIN");
}

static int
pg_commit(struct xf_db *d)
{
	PGresult	*r;
	int		 rc = 0;

	if (!pg_in_transaction(d))
		return 0;
	if (pq.PQtransactionStatus(D(d)->c) == PQTRANS_INERROR) {
		run(D(d), "ROLLBACK");
		snprintf(D(d)->state, sizeof D(d)->state, "25P02");
		snprintf(D(d)->msg, sizeof D(d)->msg, "the transaction was "
		    "rolled back after an earlier error");
		from_later(D(d));
		return -1;
	}
	r = pq.PQexec(D(d)->c, "COMMIT");
	if (pq.PQresultStatus(r) != PGRES_COMMAND_OK) {
		keep_error(D(d), r);
		rc = -1;
	} else if (strcmp(pq.PQcmdStatus(r), "ROLLBACK") == 0) {
		snprintf(D(d)->state, sizeof D(d)->state, "25P02");
		snprintf(D(d)->msg, sizeof D(d)->msg, "the transaction was "
		    "rolled back");
		rc = -1;
	}
	pq.PQclear(r);
	return rc;
}

static int
pg_rollback(struct xf_db *d)
{
	if (!pg_in_transaction(d))
		return 0;
	return run(D(d), "ROLLBACK");
}

static int
pg_mark(struct xf_db *d)
{
	return run(D(d), "SAVEPOINT record");
}

static int
pg_release(struct xf_db *d)
{
	return run(D(d), "RELEASE record");
}

static int
pg_undo(struct xf_db *d)
{
	settle(D(d));
	D(d)->later[0] = '\0';
	return run(D(d), "ROLLBACK TO record; RELEASE record");
}

/*
 * Each key a transaction-scoped advisory lock, in the order given (one
 * round trip): a second transaction that locks one waits for the first
 * to end, and then sees what it wrote.  A deadlock between two batches
 * (each holding what the other waits for) lets one on and fails the
 * other, which is then run again (XF_DB_CONFLICT).
 */
static int
pg_lock(struct xf_db *d, const int64_t *keys, size_t n)
{
	struct xf_buf	 b = { 0 };
	size_t		 i;
	int		 rc = 0;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		rc |= xf_buf_printf(&b, "SELECT pg_advisory_xact_lock(%lld);",
		    (long long)keys[i]);
	return run_built(D(d), &b, rc);
}

/*
 * The writers' gate, an advisory lock every batch holds shared, and a
 * batch alone exclusive: it waits for those in to end, and those that
 * come after it wait for it (PostgreSQL grants in turn).
 */
static int
pg_enter(struct xf_db *d, int alone)
{
	return run(D(d), alone ? "SELECT pg_advisory_xact_lock(7867302)" :
	    "SELECT pg_advisory_xact_lock_shared(7867302)");
}

/*
 * The schema: pg-schema.sql (version 14) with the roles, the day
 * arithmetic of step 15 and SQLite's functions that use it; then step
 * 15, for a ledger made before it, and 16 (SQLite's).
 */
static const char *
pg_migration(int v)
{
	static const char *const parts[] = {
		xf_sql_pg_schema, xf_sql_pg_roles, xf_sql_pg_day,
		xf_sql_pg_compat
	};
	static char	*all;
	size_t		 i, n = 1;

	if (v == 14)
		return xf_sql_pg_day;
	/* SQLite's 16, with the office a role's rows are read by. */
	if (v == 15)
		return "DROP INDEX items_handler; CREATE INDEX items_handler"
		    " ON items (handler, status, voided_at, office) WHERE"
		    " handler IS NOT NULL; DROP INDEX items_lead; CREATE INDEX"
		    " items_lead ON items (lead, status, voided_at, office)"
		    " WHERE lead IS NOT NULL;";
	/*
	 * The order a list is printed in (ORDER BY rowid, which translate()
	 * makes NULLS FIRST, as SQLite orders): the first 100 of a broad
	 * filter read from it, where they were sorted out of every match
	 * (the county's first 100 of 550,000 matches: 897 ms).
	 */
	if (v == 16)
		return "CREATE INDEX items_rowid ON items (rowid NULLS FIRST);";
	/*
	 * Days and a place counted from an index alone: a county's month
	 * was the month's items read from the table for their place (77
	 * ms of 1M items; 5 ms from this), where SQLite counts place_days.
	 */
	if (v == 17)
		return "DROP INDEX items_received; CREATE INDEX items_received"
		    " ON items (received_at, region, voided_at);";
	/*
	 * 19: the session's views made the ledger's (pg_remake()); the
	 * offices' roles may take numbers, and their change of another
	 * office's case is refused first by the office's trigger, as
	 * pg-roles.sql does since: before, an office's role could register
	 * nothing, and a change was refused by row-level security on the
	 * images, less clearly.
	 */
	if (v == 18)
		return "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public"
		    " TO xf_office; DO $$ DECLARE t regclass; BEGIN FOR t IN"
		    " SELECT tgrelid::regclass FROM pg_trigger WHERE tgname ="
		    " 'office_own' LOOP EXECUTE format('ALTER TRIGGER office_own"
		    " ON %s RENAME TO a_office_own', t); END LOOP; END $$;";
	/*
	 * 20: the rowids of days in their index, so that a list's first of a
	 * month are found from it alone (prepare_filtered() in ledger.c).
	 */
	if (v == 19)
		return "DROP INDEX items_received; CREATE INDEX items_received"
		    " ON items (received_at, region, voided_at) INCLUDE (rowid);";
	/* 21: a place's items counted a day (pg-places.sql). */
	if (v == 20)
		return xf_sql_pg_places;
	if (v != 0)
		return NULL;
	if (all == NULL) {
		for (i = 0; i < sizeof parts / sizeof parts[0]; i++)
			n += strlen(parts[i]);
		if ((all = malloc(n)) == NULL)
			return NULL;
		*all = '\0';
		for (i = 0; i < sizeof parts / sizeof parts[0]; i++)
			strcat(all, parts[i]);
	}
	return all;
}

static int
pg_version(struct xf_db *d, int *v)
{
	PGresult	*r;
	int		 rc = -1;

	if (settle(D(d)) == -1)
		return -1;
	/*
	 * In the migration's transaction, one writer at a time: another
	 * making the schema at once is waited for, and its version read.
	 */
	if (pq.PQtransactionStatus(D(d)->c) == PQTRANS_INTRANS &&
	    run(D(d), "SELECT pg_advisory_xact_lock(7867301)") == -1)
		return -1;
	r = pq.PQexec(D(d)->c, "SELECT to_regclass('xf_schema') IS NOT NULL");
	if (pq.PQresultStatus(r) != PGRES_TUPLES_OK || pq.PQntuples(r) != 1) {
		keep_error(D(d), r);
		pq.PQclear(r);
		return -1;
	}
	if (*pq.PQgetvalue(r, 0, 0) != 't') {
		pq.PQclear(r);
		*v = 0;
		return 0;
	}
	pq.PQclear(r);
	r = pq.PQexec(D(d)->c, "SELECT max(version), to_regnamespace('xf_live')"
	    " IS NOT NULL, xf_office() FROM xf_schema");
	if (pq.PQresultStatus(r) == PGRES_TUPLES_OK && pq.PQntuples(r) == 1) {
		*v = atoi(pq.PQgetvalue(r, 0, 0));
		D(d)->made = *pq.PQgetvalue(r, 0, 1) == 't';
		snprintf(D(d)->own, sizeof D(d)->own, "%s",
		    pq.PQgetvalue(r, 0, 2));
		rc = 0;
	} else
		keep_error(D(d), r);
	pq.PQclear(r);
	return rc;
}

static int
pg_set_version(struct xf_db *d, int v)
{
	char	 sql[64];

	snprintf(sql, sizeof sql, "UPDATE xf_schema SET version = %d", v);
	return run(D(d), sql);
}

/*
 * The office of the connection's role (office_roles), as read with the
 * version; NULL for a role that is no office's (the administrator).
 */
static const char *
pg_own_office(struct xf_db *d)
{
	return *D(d)->own != '\0' ? D(d)->own : NULL;
}

/* Nothing for the store to do: the server keeps its pages. */
static int
pg_none(struct xf_db *d)
{
	(void)d;
	return 0;
}

/*
 * The tables whose keys are an office's own (the day's sequence of ids,
 * the numbers of documents, the models, the key persons) as the
 * session's office sees them: a TEMP view of each, of that office's
 * rows, which the ledger's statements find first (pg_temp comes first
 * in the search path), and write through.  The cases, events, visits
 * and handlings are the whole ledger's: their ids carry the office.
 */
static const char *const own[] = { "day_seq", "documents", "models",
	"persons" };

/*
 * The views as the ledger's own (schema 19), on PostgreSQL 15 and later:
 * the same views, made once, not by every session (5 ms of each
 * program's 19 ms on a quiet server; and rows written to the catalog,
 * and removed, by every session).  A session finds them by its search
 * path (pg_views()): xf_own (the office's rows of those tables; the
 * handlings and visits), then xf_live (the items but the voided) or
 * xf_all (all), then public.  Each is security_invoker, so that an
 * office's role reads through it what row-level security lets it
 * read, as through a TEMP view of its own; a view made by the owner
 * of the tables without it would show every office's rows.  Before 15
 * (no security_invoker), and where none were made, the TEMP views.
 * Made anew after every migration, as SELECT * is the columns of the
 * table then.  (The images need nothing: the schema's triggers keep
 * them whatever the columns, xf_item_image().)
 */
static int
pg_remake(struct xf_db *d)
{
	struct xf_buf	 b = { 0 };
	size_t		 i;
	int		 rc = 0;
#define PG_VIEW(schema, name, def) \
	xf_buf_printf(&b, "DROP VIEW IF EXISTS " schema ".%1$s; CREATE VIEW " \
	    schema ".%1$s WITH (security_invoker = true) AS %2$s;", name, def)

	if (pq.PQserverVersion(D(d)->c) < 150000)
		return 0;
	rc |= xf_buf_adds(&b, "CREATE SCHEMA IF NOT EXISTS xf_own;"
	    " CREATE SCHEMA IF NOT EXISTS xf_live;"
	    " CREATE SCHEMA IF NOT EXISTS xf_all;");
	for (i = 0; i < sizeof own / sizeof own[0]; i++) {
		char	 def[128];

		snprintf(def, sizeof def, "SELECT * FROM public.%s WHERE"
		    " office = xf_session_office()", own[i]);
		rc |= PG_VIEW("xf_own", own[i], def);
	}
	rc |= PG_VIEW("xf_own", "live_handlings", "SELECT * FROM public.handlings");
	rc |= PG_VIEW("xf_own", "live_visits", "SELECT * FROM public.visits");
	rc |= PG_VIEW("xf_live", "live_items",
	    "SELECT * FROM public.items WHERE voided_at IS NULL");
	rc |= PG_VIEW("xf_all", "live_items", "SELECT * FROM public.items");
#undef PG_VIEW
	rc |= xf_buf_adds(&b, "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles"
	    " WHERE rolname = 'xf_office') THEN GRANT USAGE ON SCHEMA xf_own,"
	    " xf_live, xf_all TO xf_office; GRANT SELECT, INSERT, UPDATE,"
	    " DELETE ON ALL TABLES IN SCHEMA xf_own, xf_live, xf_all TO"
	    " xf_office; END IF; END $$");
	if ((rc = run_built(D(d), &b, rc)) == 0)
		D(d)->made = 1;
	return rc;
}

static int
pg_views(struct xf_db *d, int include_void)
{
	char	 sql[512];
	size_t	 i;

	if (D(d)->made)
		return run(D(d), include_void ? "SET search_path = xf_own,"
		    " xf_all, public" : "SET search_path = xf_own, xf_live,"
		    " public");
	for (i = 0; i < sizeof own / sizeof own[0]; i++) {
		snprintf(sql, sizeof sql, "CREATE OR REPLACE TEMP VIEW %1$s AS"
		    " SELECT * FROM public.%1$s WHERE office ="
		    " xf_session_office()", own[i]);
		if (run(D(d), sql) == -1)
			return -1;
	}
	snprintf(sql, sizeof sql, "CREATE OR REPLACE TEMP VIEW live_items AS"
	    " SELECT * FROM items%s;"
	    " CREATE OR REPLACE TEMP VIEW live_handlings AS SELECT * FROM"
	    " handlings;"
	    " CREATE OR REPLACE TEMP VIEW live_visits AS SELECT * FROM visits",
	    include_void ? "" : " WHERE voided_at IS NULL");
	return run(D(d), sql);
}

/*
 * SQLite's statement as PostgreSQL's: ?N as $N (a bare ? numbered in
 * turn), the target of ON CONFLICT with the office first, INSERT OR
 * IGNORE as ON CONFLICT DO NOTHING; string literals, quoted names and
 * comments as they are.  The number of parameters in *np.
 */
/* Whether the word w starts at p (and ends there). */
static int
word(const char *p, const char *w)
{
	size_t	 n = strlen(w);

	return strncasecmp(p, w, n) == 0 && !isalnum((unsigned char)p[n]) &&
	    p[n] != '_';
}

/* Whether the text before end (in b) ends with the word w. */
static int
after_word(const struct xf_buf *b, const char *w)
{
	size_t	 n = strlen(w), i = b->len;

	while (i > 0 && isspace((unsigned char)b->p[i - 1]))
		i--;
	return i >= n && strncasecmp(b->p + i - n, w, n) == 0 &&
	    (i == n || !(isalnum((unsigned char)b->p[i - n - 1]) ||
	    b->p[i - n - 1] == '_'));
}

/*
 * Whether what follows a subquery in FROM (at p) names it: SQLite lets
 * it go unnamed, PostgreSQL 15 does not.
 */
static int
named(const char *p)
{
	static const char *const kw[] = { "WHERE", "GROUP", "ORDER", "UNION",
	    "JOIN", "ON", "LIMIT", "LEFT", "INNER", "CROSS", "WINDOW",
	    "HAVING", "EXCEPT", "INTERSECT", "NATURAL", "OFFSET", "USING",
	    "RETURNING", NULL };
	int	 i;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0' || *p == ')' || *p == ',' || *p == ';')
		return 0;
	if (!isalpha((unsigned char)*p) && *p != '_' && *p != '"')
		return 1;
	for (i = 0; kw[i] != NULL; i++)
		if (word(p, kw[i]))
			return 0;
	return 1;
}

/*
 * SQLite orders NULL before any value, PostgreSQL after: the term of an
 * ORDER BY just ended (in b from start) says where NULL goes.
 */
static int
nulls(struct xf_buf *b, size_t start)
{
	size_t	 e = b->len;

	while (e > start && isspace((unsigned char)b->p[e - 1]))
		e--;
	if (e == start)
		return 0;
	for (size_t i = start; i + 5 <= e; i++)
		if (strncasecmp(b->p + i, "NULLS", 5) == 0)
			return 0;
	return xf_buf_adds(b, e - start >= 4 &&
	    strncasecmp(b->p + e - 4, "DESC", 4) == 0 &&
	    (e - start == 4 || !isalnum((unsigned char)b->p[e - 5])) ?
	    " NULLS LAST " : " NULLS FIRST ");
}

static char *
translate(const char *sql, int *np)
{
	struct xf_buf	 b = { 0 };
	const char	*p = sql, *q;
	int		 n = 0, k, ignore = 0, rc = 0, depth = 0, aliases = 0;
	unsigned char	 sub[64] = { 0 };	/* a subquery in FROM, by depth */
	unsigned char	 ord[64] = { 0 };	/* in ORDER BY, by depth */
	size_t		 term = 0;
	int		 at_word;
	char		 quote;

	*np = 0;
	while (isspace((unsigned char)*p))
		p++;
	/* SQLite's tuning: nothing here. */
	if (word(p, "PRAGMA"))
		p = "SELECT NULL WHERE false";
	while (*p != '\0') {
		at_word = b.len == 0 || !(isalnum((unsigned char)b.p[b.len -
		    1]) || b.p[b.len - 1] == '_' || b.p[b.len - 1] == '"');
		if (depth < (int)sizeof ord && ord[depth] && (*p == ',' ||
		    *p == ')' || *p == ';' || (at_word && (word(p, "LIMIT") ||
		    word(p, "OFFSET") || word(p, "UNION"))))) {
			rc |= nulls(&b, term);
			if (*p == ',') {
				rc |= xf_buf_add(&b, p, 1);
				p++;
				term = b.len;
				continue;
			}
			ord[depth] = 0;
		}
		if (at_word && word(p, "ORDER") && depth < (int)sizeof ord) {
			q = p + 5;
			while (isspace((unsigned char)*q))
				q++;
			if (word(q, "BY")) {
				rc |= xf_buf_adds(&b, "ORDER BY ");
				p = q + 2;
				ord[depth] = 1;
				term = b.len;
				continue;
			}
		}
		if (*p == '(') {
			q = p + 1;
			while (isspace((unsigned char)*q))
				q++;
			depth++;
			if (depth < (int)sizeof sub)
				sub[depth] = (word(q, "SELECT") ||
				    word(q, "WITH")) && (after_word(&b, "FROM") ||
				    after_word(&b, "JOIN"));
			rc |= xf_buf_add(&b, p, 1);
			p++;
			continue;
		}
		if (*p == ')') {
			rc |= xf_buf_add(&b, p, 1);
			p++;
			if (depth > 0 && depth < (int)sizeof sub && sub[depth] &&
			    !named(p))
				rc |= xf_buf_printf(&b, " AS xf_%d", ++aliases);
			if (depth > 0)
				depth--;
			continue;
		}
		/* x IS NOT 'a' / x IS ?1: SQLite's IS compares values */
		if (word(p, "IS")) {
			q = p + 2;
			while (isspace((unsigned char)*q))
				q++;
			if (word(q, "NOT")) {
				q += 3;
				while (isspace((unsigned char)*q))
					q++;
				if (*q == '\'' || *q == '?') {
					rc |= xf_buf_adds(&b, "IS DISTINCT FROM ");
					p = q;
					continue;
				}
			} else if (*q == '\'' || *q == '?') {
				rc |= xf_buf_adds(&b, "IS NOT DISTINCT FROM ");
				p = q;
				continue;
			}
		}
		if (*p == '\'' || *p == '"') {
			quote = *p;
			q = p + 1;
			for (;;) {
				if (*q == '\0')
					break;
				if (*q == quote && q[1] == quote)
					q += 2;
				else if (*q == quote) {
					q++;
					break;
				} else
					q++;
			}
			rc |= xf_buf_add(&b, p, (size_t)(q - p));
			p = q;
		} else if (p[0] == '-' && p[1] == '-') {
			q = p + strcspn(p, "\n");
			rc |= xf_buf_add(&b, p, (size_t)(q - p));
			p = q;
		} else if (*p == '?') {
			p++;
			if (isdigit((unsigned char)*p)) {
				k = (int)strtol(p, (char **)&q, 10);
				p = q;
			} else
				k = n + 1;
			if (k > n)
				n = k;
			rc |= xf_buf_printf(&b, "$%d", k);
		} else if (word(p, "json_each") && p[9] == '(' &&
		    (b.len == 0 || (!isalnum((unsigned char)b.p[b.len - 1]) &&
		    b.p[b.len - 1] != '_'))) {
			/* pg_catalog's json_each(json) is not SQLite's */
			rc |= xf_buf_adds(&b, "xf_json_each");
			p += 9;
		} else if ((word(p, "json") && p[4] == '(') ||
		    (word(p, "json_object") && p[11] == '(')) {
			/*
			 * json('x') would be a cast to json; json_object()
			 * takes its pairs as json_build_object() does
			 */
			if (b.len > 0 && (isalnum((unsigned char)b.p[b.len -
			    1]) || b.p[b.len - 1] == '_' || b.p[b.len - 1] ==
			    '.'))
				rc |= xf_buf_add(&b, p, 1), p++;
			else if (p[4] == '(') {
				rc |= xf_buf_adds(&b, "xf_json");
				p += 4;
			} else {
				rc |= xf_buf_adds(&b, "json_build_object");
				p += 11;
			}
		} else if (at_word && word(p, "AS") && word(p + 3, "INTEGER") &&
		    p[10] == ')') {
			/* SQLite's integers are 64 bits */
			rc |= xf_buf_adds(&b, "AS BIGINT");
			p += 10;
		} else if (at_word && strncasecmp(p, "temp.", 5) == 0) {
			/* SQLite's schema of temporary tables; an index goes
			 * with its table */
			if (after_word(&b, "INDEX"))
				p += 5;
			else {
				rc |= xf_buf_adds(&b, "pg_temp.");
				p += 5;
			}
		} else if (strncasecmp(p, "ON CONFLICT (", 13) == 0) {
			rc |= xf_buf_adds(&b, "ON CONFLICT (office, ");
			p += 13;
		} else if (strncasecmp(p, "INSERT OR IGNORE ", 17) == 0) {
			rc |= xf_buf_adds(&b, "INSERT ");
			ignore = 1;
			p += 17;
		} else if (strncasecmp(p, "INSERT OR REPLACE ", 18) == 0) {
			/* not used by the ledger: let PostgreSQL say so */
			rc |= xf_buf_add(&b, p, 1);
			p++;
		} else {
			rc |= xf_buf_add(&b, p, 1);
			p++;
		}
	}
	if (depth < (int)sizeof ord && ord[depth])
		rc |= nulls(&b, term);
	if (ignore)
		rc |= xf_buf_adds(&b, " ON CONFLICT DO NOTHING");
	rc |= xf_buf_add(&b, "", 1);
	if (rc != 0) {
		xf_buf_release(&b);
		return NULL;
	}
	*np = n;
	return b.p;
}

/* A statement's prepared one, when its text was prepared before. */
static void
find_named(struct pg_stmt *s)
{
	struct pg_named	*p;
	int		 i;

	for (i = 0; i < s->d->nnamed; i++) {
		p = &s->d->named[i];
		if (strcmp(p->sql, s->sql) != 0)
			continue;
		snprintf(s->name, sizeof s->name, "xf_%d", i);
		if (s->nparams > 0) {
			memcpy(s->typed, p->typed, (size_t)s->nparams *
			    sizeof *s->typed);
			memcpy(s->types, p->types, (size_t)s->nparams *
			    sizeof *s->types);
		}
		return;
	}
}

/*
 * Every statement is parsed and planned once a connection (up to
 * PG_NAMED of them): prepared on the server after its first run, and
 * found by its text the next time it is made.
 */
/* s's parameters, nparams of each: 0, or -1 (memory). */
static int
params_alloc(struct pg_stmt *s)
{
	size_t	 n = (size_t)s->nparams;

	if (n == 0)
		return 0;
	if ((s->val = calloc(n, sizeof *s->val)) == NULL ||
	    (s->len = calloc(n, sizeof *s->len)) == NULL ||
	    (s->fmt = calloc(n, sizeof *s->fmt)) == NULL ||
	    (s->oid = calloc(n, sizeof *s->oid)) == NULL ||
	    (s->typed = calloc(n, sizeof *s->typed)) == NULL ||
	    (s->types = calloc(n, sizeof *s->types)) == NULL)
		return -1;
	return 0;
}

static struct xf_stmt *
pg_prepare(struct xf_db *d, const char *sql, int persistent)
{
	struct pg_stmt	*s;

	(void)persistent;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	s->base.be = &xf_store_pg;
	s->d = D(d);
	s->row = -1;
	if ((s->sql = translate(sql, &s->nparams)) == NULL ||
	    params_alloc(s) == -1)
		goto fail;
	find_named(s);
	return &s->base;
fail:
	snprintf(D(d)->msg, sizeof D(d)->msg, "out of memory");
	pg_finalize(&s->base);
	return NULL;
}

/*
 * Rows into table, of the n columns named: COPY ... FROM STDIN, each
 * step a row written into the stream, which is sent as it grows and
 * ended (its result read) by whatever runs next on the connection
 * (settle()); a row the server refuses fails the transaction, its
 * error the batch's.  No statement a row, and no round trip: xf-ledger
 * copy of 100,000 items took 25.8 s by INSERTs.  Into public's table
 * itself: a COPY cannot go through a view, as those of an office's own
 * rows (pg_views()), whose rows are the table's with the session's
 * office, its default.  An office's role, which row-level security
 * binds, may not COPY: INSERTs, through the views.
 */
static struct xf_stmt *
pg_rows(struct xf_db *d, const char *table, const char *const *cols, int n)
{
	struct pg_stmt	*s;
	struct xf_buf	 sql = { 0 };
	int		 i, rc;

	if (*D(d)->own != '\0')
		return xf_store_insert(d, table, cols, n);
	if ((s = calloc(1, sizeof *s)) == NULL)
		goto fail;
	s->base.be = &xf_store_pg;
	s->d = D(d);
	s->row = -1;
	s->copy = 1;
	s->nparams = n;
	rc = xf_buf_printf(&sql, "COPY public.%s (", table);
	for (i = 0; i < n; i++)
		rc |= xf_buf_printf(&sql, "%s\"%s\"", i ? ", " : "", cols[i]);
	rc |= xf_buf_adds(&sql, ") FROM STDIN");
	s->sql = sql.p;
	if (rc != 0 || params_alloc(s) == -1)
		goto fail;
	return &s->base;
fail:
	snprintf(D(d)->msg, sizeof D(d)->msg, "out of memory");
	if (s != NULL)
		pg_finalize(&s->base);
	else
		xf_buf_release(&sql);
	return NULL;
}

/* The row bound to s written into its COPY, begun if need be: 0 or -1. */
static int
copy_row(struct pg_stmt *s)
{
	static const char hex[] = "0123456789abcdef";
	struct pg_db	*d = s->d;
	struct xf_buf	*b = &d->copied;
	PGresult	*r;
	const unsigned char *v;
	int		 i, k, rc = 0;

	if (d->copying != s) {
		if (settle(d) == -1)
			return -1;
		r = pq.PQexec(d->c, s->sql);
		if (pq.PQresultStatus(r) != PGRES_COPY_IN) {
			keep_error(d, r);
			pq.PQclear(r);
			return -1;
		}
		pq.PQclear(r);
		d->copying = s;
	}
	for (i = 0; i < s->nparams; i++) {
		if (i > 0)
			rc |= xf_buf_addc(b, '\t');
		if ((v = (const unsigned char *)s->val[i]) == NULL) {
			rc |= xf_buf_adds(b, "\\N");
			continue;
		}
		if (s->fmt[i] == 1) {	/* bytea, as \x and hex */
			rc |= xf_buf_adds(b, "\\\\x");
			for (k = 0; k < s->len[i]; k++) {
				rc |= xf_buf_addc(b, hex[v[k] >> 4]);
				rc |= xf_buf_addc(b, hex[v[k] & 15]);
			}
			continue;
		}
		for (; *v != '\0'; v++)
			switch (*v) {
			case '\\':
				rc |= xf_buf_adds(b, "\\\\");
				break;
			case '\n':
				rc |= xf_buf_adds(b, "\\n");
				break;
			case '\r':
				rc |= xf_buf_adds(b, "\\r");
				break;
			case '\t':
				rc |= xf_buf_adds(b, "\\t");
				break;
			default:
				rc |= xf_buf_addc(b, *v);
			}
	}
	rc |= xf_buf_addc(b, '\n');
	if (rc != 0) {
		snprintf(d->msg, sizeof d->msg, "out of memory");
		return -1;
	}
	if (b->len >= 1 << 18) {
		if (pq.PQputCopyData(d->c, b->p, (int)b->len) != 1) {
			keep_error(d, NULL);
			return -1;
		}
		xf_buf_reset(b);
	}
	return 0;
}

static int
pg_params(struct xf_stmt *s)
{
	return S(s)->nparams;
}

/* Let go of the rows and what was converted of them. */
static void
clear_rows(struct pg_stmt *s)
{
	int	 i;

	for (i = 0; i < s->ncols; i++) {
		free(s->conv[i]);
		if (s->bin[i] != NULL)
			pq.PQfreemem(s->bin[i]);
	}
	free(s->conv);
	free(s->bin);
	free(s->binlen);
	s->conv = NULL;
	s->bin = NULL;
	s->binlen = NULL;
	s->ncols = 0;
	pq.PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->done = 0;
	unsend(s);
}

static void
set_param(struct pg_stmt *s, int i, char *v, int len, int fmt, Oid oid)
{
	if (i < 1 || i > s->nparams) {
		free(v);
		return;
	}
	/* Sent already: the same value again keeps what was sent. */
	if (s->queued || s->got != NULL) {
		if (fmt == 0 && s->fmt[i - 1] == 0 && oid == s->oid[i - 1] &&
		    (v == NULL ? s->val[i - 1] == NULL : s->val[i - 1] !=
		    NULL && strcmp(v, s->val[i - 1]) == 0)) {
			free(v);
			return;
		}
		unsend(s);
	}
	free(s->val[i - 1]);
	s->val[i - 1] = v;
	s->len[i - 1] = len;
	s->fmt[i - 1] = fmt;
	s->oid[i - 1] = oid;
}

static void
pg_bind_copy(struct xf_stmt *s, int i, const char *v)
{
	set_param(S(s), i, v ? strdup(v) : NULL, 0, 0, 25);
}

static void
pg_bind_int(struct xf_stmt *s, int i, int64_t v)
{
	char	 buf[32];

	snprintf(buf, sizeof buf, "%lld", (long long)v);
	set_param(S(s), i, strdup(buf), 0, 0, 20);
}

static void
pg_bind_blob(struct xf_stmt *s, int i, void *data, size_t len)
{
	set_param(S(s), i, data, (int)len, 1, 17);
}

/* The types a statement is sent with: a blob's, else those it needs. */
static int
fits(struct pg_stmt *s)
{
	int	 i, same = s->name[0] != '\0';
	Oid	 t;

	for (i = 0; i < s->nparams; i++) {
		t = s->fmt[i] ? 17 : s->typed[i];
		same = same && t == s->types[i];
		s->types[i] = t;
	}
	return same;
}

/* s, prepared on the server as s->name, kept for the next runs. */
static void
named_add(struct pg_stmt *s)
{
	struct pg_db	*d = s->d;
	struct pg_named	*p = &d->named[d->nnamed];
	size_t		 n = (size_t)s->nparams * sizeof (Oid);

	if ((p->sql = strdup(s->sql)) == NULL ||
	    (p->typed = malloc(n + 1)) == NULL ||
	    (p->types = malloc(n + 1)) == NULL) {
		free(p->sql);
		free(p->typed);
		memset(p, 0, sizeof *p);
		return;
	}
	if (n > 0) {
		memcpy(p->typed, s->typed, n);
		memcpy(p->types, s->types, n);
	}
	d->nnamed++;
}

/*
 * A statement's first run on the connection, in one round trip: in a
 * batch (sp) inside a savepoint of its own, so that its failure is
 * undone alone; prepared on the server (while there is room) and run.
 * The result of the run, or of what failed first; NULL, the
 * connection's error.
 */
static PGresult *
first_run(struct pg_stmt *s, int sp)
{
	struct pg_db	*d = s->d;
	PGresult	*r, *res = NULL;
	ExecStatusType	 st;
	const char *const *v = (const char *const *)s->val;
	int		 room = d->nnamed < PG_NAMED, ok, n = 0, named = 0;

	if (room)
		snprintf(s->name, sizeof s->name, "xf_%d", d->nnamed);
	ok = pq.PQenterPipelineMode(d->c) == 1;
	if (ok && sp)
		ok = pq.PQsendQueryParams(d->c, "SAVEPOINT xf_stmt", 0, NULL,
		    NULL, NULL, NULL, 0) == 1 && ++n;
	if (ok && room)
		ok = pq.PQsendPrepare(d->c, s->name, s->sql, s->nparams,
		    s->types) == 1 && ++n && pq.PQsendQueryPrepared(d->c,
		    s->name, s->nparams, v, s->len, s->fmt, 0) == 1 && ++n;
	else if (ok)
		ok = pq.PQsendQueryParams(d->c, s->sql, s->nparams, s->types, v,
		    s->len, s->fmt, 0) == 1 && ++n;
	if (ok && sp)
		ok = pq.PQsendQueryParams(d->c, "RELEASE xf_stmt", 0, NULL,
		    NULL, NULL, NULL, 0) == 1 && ++n;
	if (pq.PQpipelineStatus(d->c) != PQ_PIPELINE_OFF &&
	    pq.PQpipelineSync(d->c) != 1)
		ok = 0;
	/* Each one's result, then a null; the first failure kept. */
	for (int i = 0; i < n; i++)
		while ((r = pq.PQgetResult(d->c)) != NULL) {
			st = pq.PQresultStatus(r);
			if (room && i == sp && st == PGRES_COMMAND_OK)
				named = 1;
			else if (res == NULL && (i == sp + room ||
			    (st != PGRES_COMMAND_OK &&
			    st != PGRES_PIPELINE_ABORTED))) {
				res = r;
				continue;
			}
			pq.PQclear(r);
		}
	if (pipe_end(d) == -1)
		ok = 0;
	if (named)
		named_add(s);
	else
		s->name[0] = '\0';
	if (!ok && res != NULL && (pq.PQresultStatus(res) == PGRES_TUPLES_OK ||
	    pq.PQresultStatus(res) == PGRES_COMMAND_OK)) {
		pq.PQclear(res);
		res = NULL;
	}
	return res;
}

static int
pg_step(struct xf_stmt *st)
{
	struct pg_stmt	*s = S(st);
	struct pg_db	*d = s->d;
	ExecStatusType	 rs;
	const char	*state, *m;
	int		 sp, tries, k, prepared;

	if (s->copy)
		return copy_row(s) == -1 ? XF_DB_ERROR : XF_DB_DONE;
	if (s->res == NULL && !s->done) {
		prepared = fits(s);
		/*
		 * Sent already (pg_send()), or after those sent: read in
		 * the same round trip.  (Sent and failed, it is run again
		 * and meets the batch's error.)
		 */
		if (s->queued || s->got != NULL ||
		    (d->piped > 0 && prepared)) {
			if (!s->queued && s->got == NULL &&
			    pipe_send(d, s, 1) == -1)
				return XF_DB_ERROR;
			if (s->queued)
				drain(d);
			if (s->got == NULL) {
				from_later(d);
				return XF_DB_ERROR;
			}
			s->res = s->got;
			s->got = NULL;
			rs = pq.PQresultStatus(s->res);
			goto ran;
		}
		if (settle(d) == -1)
			return XF_DB_ERROR;
		/*
		 * In a batch, a statement's first run is undone alone when
		 * it fails (and then typed, below); a prepared one's error
		 * fails the batch (or the record of --keep-going, undone).
		 */
		sp = pq.PQtransactionStatus(d->c) == PQTRANS_INTRANS && !prepared;
		s->res = prepared ? pq.PQexecPrepared(d->c, s->name, s->nparams,
		    (const char *const *)s->val, s->len, s->fmt, 0) :
		    first_run(s, sp);
		/*
		 * A parameter of no type the statement tells (as ?1 IS
		 * NULL): given its binding's, text or an integer, and the
		 * statement sent again (kept for the next runs).
		 */
		for (tries = 0; !prepared && tries < s->nparams; tries++) {
			state = pq.PQresultErrorField(s->res, PG_DIAG_SQLSTATE);
			if (state == NULL || (strcmp(state, "42P18") != 0 &&
			    strcmp(state, "42P08") != 0))
				break;
			m = pq.PQresultErrorField(s->res, PG_DIAG_MESSAGE_PRIMARY);
			if (m == NULL || (m = strchr(m, '$')) == NULL)
				break;
			k = atoi(m + 1);
			if (k < 1 || k > s->nparams || s->typed[k - 1] != 0)
				break;
			s->typed[k - 1] = s->oid[k - 1] != 0 ? s->oid[k - 1] :
			    25;
			if (getenv("XF_PG_TRACE") != NULL)
				fprintf(stderr, "pg: $%d typed by its binding:"
				    " %s\n", k, s->sql);
			if (sp)
				pq.PQclear(pq.PQexec(d->c, "ROLLBACK TO xf_stmt;"
				    " RELEASE xf_stmt"));
			pq.PQclear(s->res);
			fits(s);
			s->res = first_run(s, sp);
		}
		rs = pq.PQresultStatus(s->res);
		if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK) {
			keep_error(d, s->res);
			if (getenv("XF_PG_TRACE") != NULL)
				fprintf(stderr, "pg: %s: %s\n", d->msg, s->sql);
			pq.PQclear(s->res);
			s->res = NULL;
			if (sp && pq.PQtransactionStatus(d->c) == PQTRANS_INERROR)
				pq.PQclear(pq.PQexec(d->c, "ROLLBACK TO xf_stmt;"
				    " RELEASE xf_stmt"));
			return XF_DB_ERROR;
		}
ran:
		if (rs == PGRES_COMMAND_OK && *pq.PQcmdTuples(s->res) != '\0')
			d->changes = strtoll(pq.PQcmdTuples(s->res), NULL, 10);
		else if (rs == PGRES_TUPLES_OK &&
		    strncasecmp(pq.PQcmdStatus(s->res), "SELECT", 6) != 0)
			d->changes = strtoll(pq.PQcmdTuples(s->res), NULL, 10);
		s->ncols = pq.PQnfields(s->res);
		if (s->ncols > 0 &&
		    ((s->conv = calloc((size_t)s->ncols, sizeof *s->conv)) ==
		    NULL || (s->bin = calloc((size_t)s->ncols,
		    sizeof *s->bin)) == NULL || (s->binlen =
		    calloc((size_t)s->ncols, sizeof *s->binlen)) == NULL)) {
			snprintf(d->msg, sizeof d->msg, "out of memory");
			return XF_DB_ERROR;
		}
	}
	if (s->done || s->res == NULL)
		return XF_DB_DONE;
	for (int i = 0; i < s->ncols; i++) {
		free(s->conv[i]);
		s->conv[i] = NULL;
		if (s->bin[i] != NULL)
			pq.PQfreemem(s->bin[i]);
		s->bin[i] = NULL;
	}
	if (++s->row >= pq.PQntuples(s->res)) {
		s->done = 1;
		return XF_DB_DONE;
	}
	return XF_DB_ROW;
}

/*
 * Whether s can go in the pipeline: not run nor sent yet, prepared on
 * the server with the types it has, in a batch.
 */
static int
pipeable(struct pg_stmt *s)
{
	return s->res == NULL && !s->done && !s->queued && s->got == NULL &&
	    fits(s) && (s->d->piped > 0 ||
	    pq.PQtransactionStatus(s->d->c) == PQTRANS_INTRANS);
}

/*
 * In a batch, a statement prepared already is sent without waiting for
 * its result (libpq's pipeline mode): read with the next statement's,
 * or by whatever the connection does next.  Else run as pg_step().
 */
static int
pg_step_later(struct xf_stmt *st)
{
	struct pg_stmt	*s = S(st);
	struct pg_db	*d = s->d;

	if (s->copy)
		return copy_row(s) == -1 ? XF_DB_ERROR : XF_DB_DONE;
	if (!pipeable(s))
		return pg_step(st) == XF_DB_ERROR ? XF_DB_ERROR : XF_DB_DONE;
	if (pipe_send(d, s, 0) == -1)
		return XF_DB_ERROR;
	s->done = 1;
	return XF_DB_DONE;
}

/*
 * In a batch, a statement prepared already is sent now, its rows read
 * by its first step: the statements sent so, and those sent without
 * waiting, all go in one round trip.  Else nothing, till its step.
 */
static int
pg_send(struct xf_stmt *st)
{
	struct pg_stmt	*s = S(st);

	if (!pipeable(s))
		return 0;
	return pipe_send(s->d, s, 1) == -1 ? -1 : 0;
}

static int
pg_count(struct xf_stmt *s)
{
	return S(s)->res ? pq.PQnfields(S(s)->res) : 0;
}

static const char *
pg_colname(struct xf_stmt *s, int i)
{
	return S(s)->res ? pq.PQfname(S(s)->res, i) : NULL;
}

static int
has_row(struct pg_stmt *s, int i)
{
	return s->res != NULL && s->row >= 0 && s->row < pq.PQntuples(s->res) &&
	    i >= 0 && i < s->ncols;
}

static enum xf_col_type
pg_type(struct xf_stmt *st, int i)
{
	struct pg_stmt	*s = S(st);
	const char	*v;

	if (!has_row(s, i) || pq.PQgetisnull(s->res, s->row, i))
		return XF_V_NULL;
	switch (pq.PQftype(s->res, i)) {
	case 20: case 21: case 23: case 16: case 26:
		return XF_V_INT;
	case 700: case 701:
		return XF_V_FLOAT;
	case 1700:
		/* a sum of integers is numeric here, an integer in SQLite */
		v = pq.PQgetvalue(s->res, s->row, i);
		return strchr(v, '.') ? XF_V_FLOAT : XF_V_INT;
	case 17:
		return XF_V_BLOB;
	default:
		return XF_V_TEXT;
	}
}

/* A float as SQLite writes it: 15 digits, and ".0" when whole. */
static char *
sqlite_real(const char *v)
{
	char	 buf[64];
	double	 x = strtod(v, NULL);

	snprintf(buf, sizeof buf, "%.15g", x);
	if (strspn(buf, "-0123456789") == strlen(buf))
		strcat(buf, ".0");
	return strdup(buf);
}

static const char *
pg_text(struct xf_stmt *st, int i)
{
	struct pg_stmt	*s = S(st);
	const char	*v;

	if (!has_row(s, i) || pq.PQgetisnull(s->res, s->row, i))
		return NULL;
	v = pq.PQgetvalue(s->res, s->row, i);
	switch (pq.PQftype(s->res, i)) {
	case 16:
		return *v == 't' ? "1" : "0";
	case 700: case 701: case 1700:
		if (pq.PQftype(s->res, i) == 1700 && strchr(v, '.') == NULL)
			return v;
		if (s->conv[i] == NULL)
			s->conv[i] = sqlite_real(v);
		return s->conv[i];
	case 17:
		if (s->bin[i] == NULL)
			s->bin[i] = pq.PQunescapeBytea((const unsigned char *)v,
			    &s->binlen[i]);
		if (s->conv[i] == NULL && s->bin[i] != NULL &&
		    (s->conv[i] = malloc(s->binlen[i] + 1)) != NULL) {
			memcpy(s->conv[i], s->bin[i], s->binlen[i]);
			s->conv[i][s->binlen[i]] = '\0';
		}
		return s->conv[i];
	default:
		return v;
	}
}

static int64_t
pg_int(struct xf_stmt *st, int i)
{
	struct pg_stmt	*s = S(st);
	const char	*v;

	if (!has_row(s, i) || pq.PQgetisnull(s->res, s->row, i))
		return 0;
	v = pq.PQgetvalue(s->res, s->row, i);
	switch (pq.PQftype(s->res, i)) {
	case 16:
		return *v == 't';
	case 700: case 701: case 1700:
		return (int64_t)strtod(v, NULL);
	default:
		return strtoll(v, NULL, 10);
	}
}

static const void *
pg_blob(struct xf_stmt *st, int i)
{
	struct pg_stmt	*s = S(st);

	if (!has_row(s, i) || pq.PQgetisnull(s->res, s->row, i))
		return NULL;
	if (pq.PQftype(s->res, i) != 17)
		return pq.PQgetvalue(s->res, s->row, i);
	if (s->bin[i] == NULL)
		s->bin[i] = pq.PQunescapeBytea((const unsigned char *)
		    pq.PQgetvalue(s->res, s->row, i), &s->binlen[i]);
	return s->bin[i];
}

static size_t
pg_bytes(struct xf_stmt *st, int i)
{
	struct pg_stmt	*s = S(st);

	if (!has_row(s, i) || pq.PQgetisnull(s->res, s->row, i))
		return 0;
	if (pq.PQftype(s->res, i) != 17)
		return strlen(pg_text(st, i));
	if (pg_blob(st, i) == NULL)
		return 0;
	return s->binlen[i];
}

static void
pg_reset(struct xf_stmt *s)
{
	clear_rows(S(s));
}

static void
pg_bind_text(struct xf_stmt *s, int i, const char *v)
{
	pg_bind_copy(s, i, v);
}

static void
pg_finalize(struct xf_stmt *st)
{
	struct pg_stmt	*s = S(st);
	int		 i;

	/* Its rows sent; an error is the transaction's, and kept. */
	if (s->d->copying == s)
		copy_end(s->d);
	clear_rows(s);
	for (i = 0; s->val != NULL && i < s->nparams; i++)
		free(s->val[i]);
	free(s->val);
	free(s->len);
	free(s->fmt);
	free(s->oid);
	free(s->typed);
	free(s->types);
	free(s->sql);
	free(s);
}

static int64_t
pg_changes(struct xf_db *d)
{
	return D(d)->changes;
}

static int64_t
pg_last_id(struct xf_db *d)
{
	PGresult	*r;
	int64_t		 n = 0;

	if (settle(D(d)) == -1)
		return 0;
	r = pq.PQexec(D(d)->c, "SELECT lastval()");

	if (pq.PQresultStatus(r) == PGRES_TUPLES_OK && pq.PQntuples(r) == 1)
		n = strtoll(pq.PQgetvalue(r, 0, 0), NULL, 10);
	else
		keep_error(D(d), r);
	pq.PQclear(r);
	return n;
}

/*
 * A function of the library's cannot be called by the server: those
 * the schema has its own of (pg-compat.sql) are there, the features
 * that need another are not yet.
 */
static int
pg_function(struct xf_db *d, const char *name, int nargs, xf_fn_impl *fn)
{
	(void)fn;
	if (strcmp(name, "xf_fold") == 0 && nargs == 2)
		return 0;
	snprintf(D(d)->state, sizeof D(d)->state, "0A000");
	snprintf(D(d)->msg, sizeof D(d)->msg, "%s() is not available on the "
	    "PostgreSQL store yet", name);
	return -1;
}

static int
pg_failed_later(struct xf_db *d)
{
	return D(d)->later[0] != '\0' && D(d)->later_write;
}

static enum xf_db_fault
pg_fault(struct xf_db *d)
{
	const char	*s = D(d)->state;

	if (strcmp(s, "53100") == 0 || strcmp(s, "53000") == 0)
		return XF_DB_FULL;
	if (strcmp(s, "25P02") == 0)
		return XF_DB_ABORTED;
	if (strcmp(s, "55P03") == 0)
		return XF_DB_BUSY;
	if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0)
		return XF_DB_CONFLICT;
	return XF_DB_OTHER;
}

static const char *
pg_errmsg(struct xf_db *d)
{
	return D(d)->msg;
}

/*
 * After rows were copied in with their numbers (xf-ledger copy): each
 * identity sequence past the largest number its column holds, whatever
 * office's (the table, not the session's view of it), and never back
 * from a number it gave; and the places' items counted again
 * (pg-places.sql).
 */
static int
pg_copied(struct xf_db *d)
{
	return pg_exec(d, "DO $$ DECLARE r record; s regclass; BEGIN FOR r IN"
	    " SELECT table_name AS t, column_name AS c FROM"
	    " information_schema.columns WHERE table_schema ="
	    " 'public' AND is_identity = 'YES' LOOP"
	    " s := pg_get_serial_sequence(format('%I.%I', 'public',"
	    " r.t), r.c); EXECUTE format('SELECT setval(%L, greatest(coalesce("
	    "(SELECT max(%I) FROM %I.%I), 0), coalesce(pg_sequence_last_value("
	    "%L), 0)) + 1, false)', s, r.c, 'public', r.t, s);"
	    " END LOOP; END $$; SELECT xf_places_recount()");
}

/* The item's row, locked to change it (no lock where it is not there). */
static int
pg_lock_item(struct xf_db *d, const char *id)
{
	int	 rc;

	if (D(d)->lock_item == NULL && (D(d)->lock_item = pg_prepare(d,
	    "SELECT 1 FROM items WHERE id = ?1 FOR UPDATE", 1)) == NULL)
		return -1;
	/* The lock sent before, forgotten; this one sent with the read. */
	pg_reset(D(d)->lock_item);
	pg_bind_text(D(d)->lock_item, 1, id);
	if (pg_send(D(d)->lock_item) == -1)
		return -1;
	if (S(D(d)->lock_item)->queued)
		return 0;
	rc = pg_step(D(d)->lock_item);
	pg_reset(D(d)->lock_item);
	return rc == XF_DB_ERROR ? -1 : 0;
}

const struct xf_store_be xf_store_pg = {
	.name = "pg",
	.claims = pg_claims,
	.open = pg_open,
	.close = pg_close,
	.office = pg_office,
	.own_office = pg_own_office,
	.batch = pg_batch,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_transaction = pg_in_transaction,
	.mark = pg_mark,
	.release = pg_release,
	.undo = pg_undo,
	.schema_version = PG_SCHEMA,
	.migration = pg_migration,
	.version = pg_version,
	.set_version = pg_set_version,
	.remake = pg_remake,
	.views = pg_views,
	.integrity_sql = XF_PLACES_CHECK("office, region", "CASE office WHEN"
	    " '' THEN '' ELSE office || ' ' END || region || ' ' || day"),
	.rowid_order = 0,
	.place_days = XF_PLACES_KEPT,
	.sources_images = 0,
	.update_changed = 0,
	.copied = pg_copied,
	.adding = pg_none,
	.lock = pg_lock,
	.lock_item = pg_lock_item,
	.enter = pg_enter,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.rows = pg_rows,
	.params = pg_params,
	.bind_text = pg_bind_text,
	.bind_copy = pg_bind_copy,
	.bind_int = pg_bind_int,
	.bind_blob = pg_bind_blob,
	.step = pg_step,
	.step_later = pg_step_later,
	.send = pg_send,
	.failed_later = pg_failed_later,
	.count = pg_count,
	.colname = pg_colname,
	.type = pg_type,
	.text = pg_text,
	.int64 = pg_int,
	.blob = pg_blob,
	.bytes = pg_bytes,
	.reset = pg_reset,
	.finalize = pg_finalize,
	.changes = pg_changes,
	.last_id = pg_last_id,
	.function = pg_function,
	.fault = pg_fault,
	.errmsg = pg_errmsg,
};
