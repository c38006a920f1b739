/*
 * ledger.c - the ledger: the items, their handlings and visits, and the
 * event log, kept in a store (store/store.h) that owns the connection,
 * the transactions and savepoints, the errors and the schema.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "xf-private.h"
#include "store/store.h"

/* The statements a batch uses for every item, prepared once. */
enum stmt {
	S_INSERT, S_READ, S_EVENT, S_BY_REF, S_EXISTS, S_SEQ_TAKE,
	S_SEQ_PUT, S_BY_ID_NUMBER, S_BY_NAME_PHONE, S_VISIT,
	S_LAST_OUTCOME, S_LOAD, S_PROV_GET, S_PROV_PUT, S_CLASS_PUT,
	S_PRINT_ID, S_PRINT_PHONE, S_PRINT_ANON, S_FINAL_CHAIN, S_RELINK,
	S_CHAIN, S_KEEP_HANDLING, S_PLACE_MOVE, S_SOURCES_IMAGE,
	S_COUNT
};

/* What counts of a place and day add to the row there, or make it. */
#define PLACES_ADDED	" ON CONFLICT (region, day) DO UPDATE SET live =" \
	" place_days.live + excluded.live, items = place_days.items +" \
	" excluded.items"
#define PLACES_ROWS	128	/* a batch's counts written at once */

/* Statements made from the field table: NULL here, built at open. */
static const char *const stmt_sql[S_COUNT] = {
	[S_EVENT] = "INSERT INTO events (item, at, actor, program, action,"
	    " details, batch) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_BY_REF] = "SELECT id FROM items WHERE ref = ?1",
	[S_EXISTS] = "SELECT 1 FROM items WHERE id = ?1",
	/*
	 * A day's last number, its row taken (locked on PostgreSQL) until
	 * the batch ends, and the batch's last written back: day_counter().
	 */
	[S_SEQ_TAKE] = "INSERT INTO day_seq (day, n) VALUES (?1, 0)"
	    " ON CONFLICT (day) DO UPDATE SET n = day_seq.n RETURNING n",
	[S_SEQ_PUT] = "UPDATE day_seq SET n = ?2 WHERE day = ?1",
	/*
	 * The items of a person in the same level-1 category received
	 * between two times: repeats, and the chains an item received
	 * earlier but registered later heads.  Found by the person's index,
	 * never by the days' (|| '' hides received_at from it): PostgreSQL,
	 * without statistics, chose items_received, and read every item of
	 * the window for each (10,000 items into a new ledger of 2,000,
	 * not yet analysed: 13.4 s, where 4.0).
	 */
	[S_BY_ID_NUMBER] = "SELECT id, repeat_of, received_at, \"first\""
	    " FROM live_items WHERE id_number = ?1 AND received_at || '' >= ?2"
	    " AND received_at || '' <= ?3 AND IFNULL(substr(category, 1,"
	    " instr(category || '/', '/') - 1), '') = ?4 AND id <> ?5"
	    " ORDER BY received_at, id",
	[S_BY_NAME_PHONE] = "SELECT id, repeat_of, received_at, \"first\""
	    " FROM live_items WHERE phone = ?2 AND name = ?1 AND"
	    " received_at || '' >= ?3"
	    " AND received_at || '' <= ?4 AND IFNULL(substr(category, 1,"
	    " instr(category || '/', '/') - 1), '') = ?5 AND (CAST(?6 AS"
	    " TEXT) IS NULL OR id_number IS NULL) AND id <> ?7"
	    " ORDER BY received_at, id",
	[S_VISIT] = "INSERT INTO visits (item, at, visitor, kind,"
	    " participants, outcome, notes, threat, batch) VALUES (?1, ?2,"
	    " ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (item, at, kind)"
	    " DO NOTHING",
	/* Visits of an earlier handling (before a reopening) do not count. */
	[S_LAST_OUTCOME] = "SELECT outcome FROM visits WHERE item = ?1 AND"
	    " outcome IN ('satisfied', 'basic', 'unsatisfied') AND at >="
	    " (SELECT replied_at FROM items WHERE id = ?1)"
	    " ORDER BY at DESC, seq DESC LIMIT 1",
	[S_LOAD] = "SELECT (SELECT count(*) FROM live_items WHERE ?1 ="
	    " 'handler'"
	    " AND handler = ?2 AND status IN (" XF_OWED_STATUSES ")) + (SELECT"
	    " count(*) FROM live_items WHERE ?1 = 'lead' AND lead = ?2 AND"
	    " status IN (" XF_OWED_STATUSES "))",
	[S_PROV_GET] = "SELECT field, source FROM classified WHERE item = ?1",
	[S_PROV_PUT] = "INSERT INTO classified (item, field, source)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT (item, field)"
	    " DO UPDATE SET source = excluded.source",
	/* SQLite's dialect: a store that keeps them so (sources_image()). */
	[S_SOURCES_IMAGE] = "INSERT INTO images (batch, item, col, value)"
	    " VALUES (?1, ?2, '$classified', (SELECT json_group_object(field,"
	    " source) FROM classified WHERE item = ?2)) ON CONFLICT DO NOTHING",
	/* Only these columns: the indexes of the others stay untouched. */
	[S_CLASS_PUT] = "UPDATE items SET category = ?2, purpose = ?3,"
	    " claim = ?4, risk = ?5, key_case = ?6 WHERE id = ?1",
	/* The items imported with the same petitioner and text. */
	[S_PRINT_ID] = "SELECT id, fingerprint, received_at, ref IS NOT NULL"
	    " FROM items WHERE id_number = ?2 AND likeness = ?1"
	    " ORDER BY received_at, id",
	[S_PRINT_PHONE] = "SELECT id, fingerprint, received_at, ref IS NOT"
	    " NULL FROM items WHERE phone = ?2 AND id_number IS NULL AND"
	    " likeness = ?1 ORDER BY received_at, id",
	[S_PRINT_ANON] = "SELECT id, fingerprint, received_at, ref IS NOT"
	    " NULL FROM items WHERE likeness = ?1 AND likeness IS NOT NULL"
	    " AND id_number IS NULL AND phone IS NULL"
	    " ORDER BY received_at, id",
	/* Whether a chain holds a case closed as final (三级终结). */
	[S_FINAL_CHAIN] = "SELECT 1 FROM live_items WHERE (id = ?1 OR"
	    " repeat_of = ?1) AND (status = 'final' OR close_basis = 'final')"
	    " LIMIT 1",
	[S_RELINK] = "UPDATE items SET \"first\" = ?2, repeat_of = ?3"
	    " WHERE id = ?1",
	[S_CHAIN] = "SELECT id FROM live_items WHERE repeat_of = ?1"
	    " ORDER BY received_at, id",
	/* The handling in force, as it ended: before a reopening. */
	[S_KEEP_HANDLING] = "INSERT INTO handlings (item, n, opened_at, "
	    HANDLING_COLUMNS ", batch) SELECT id, IFNULL(handling, 1),"
	    " reopened_at, " HANDLING_COLUMNS ", ?2 FROM items WHERE id = ?1",
	/*
	 * An item counted in (?2 1) as it stands, or out (-1), a row made
	 * if none (its registration may be counted later, when the batch
	 * ends: places_put()): placed().
	 */
	[S_PLACE_MOVE] = "INSERT INTO place_days (region, day, live, items)"
	    " SELECT region, substr(received_at, 1, 10), CASE WHEN voided_at"
	    " IS NULL THEN ?2 ELSE 0 END, ?2 FROM items WHERE id = ?1 AND"
	    " region IS NOT NULL" PLACES_ADDED,
};

/* The columns of the items table in field order, then extra. */
enum cols { C_NAMES, C_PARAMS };

/* Column f of the items table (f <= XF_F_STORED). */
static const char *
column_name(int f)
{
	return f < XF_F_STORED ? xf_field_name(f) : "extra";
}

static int
columns(struct xf_buf *b, enum cols what)
{
	int	 f, rc = 0;

	for (f = 0; f <= XF_F_STORED; f++) {
		if (f > 0)
			rc |= xf_buf_adds(b, ", ");
		if (what == C_NAMES)
			rc |= xf_buf_printf(b, "\"%s\"", column_name(f));
		else
			rc |= xf_buf_printf(b, "?%d", f + 1);
	}
	return rc;
}

/* The statements made from the field table. */
static char *
made_sql(enum stmt which)
{
	struct xf_buf	 b = { 0 };
	int		 rc = 0;

	switch (which) {
	case S_INSERT:
		rc |= xf_buf_adds(&b, "INSERT INTO items (");
		rc |= columns(&b, C_NAMES);
		rc |= xf_buf_adds(&b, ", fingerprint, likeness) VALUES (");
		rc |= columns(&b, C_PARAMS);
		rc |= xf_buf_printf(&b, ", ?%d, ?%d)", XF_F_STORED + 2,
		    XF_F_STORED + 3);
		break;
	case S_READ:
		rc |= xf_buf_adds(&b, "SELECT ");
		rc |= columns(&b, C_NAMES);
		rc |= xf_buf_adds(&b, " FROM items WHERE id = ?1");
		break;
	default:
		break;
	}
	if (rc != 0) {
		xf_buf_release(&b);
		return NULL;
	}
	return b.p;
}

/*
 * The locks a registration takes where several write at once: buckets
 * of keys, numbered from LOCK_BASE (beside the store's own).
 */
#define LOCKS		512
#define LOCK_BASE	((int64_t)0x7866 << 32)

/*
 * A day's numbers as the batch took them: new_id() counts in memory
 * and the batch writes the last back once (day_counts_put()).
 */
struct day_count {
	char	 day[11];
	int64_t	 n;		/* the last number given */
	int64_t	 stored;	/* day_seq's, as taken */
	int64_t	 marked;	/* n at the record's mark */
};

/*
 * The items a batch registered in a place on a day, counted in memory
 * and written once when it ends (places_put()): a row updated with each
 * item is, on PostgreSQL, a new version of it each time, and every
 * lookup of it in the same transaction walks them all (40,000 items of
 * one township's day: 12.1 s without counting, 32.7 s with a trigger
 * counting each).
 */
struct place_count {
	char	*region;	/* NULL: a free slot */
	char	 day[11];
	int64_t	 n;
	uint64_t hash;
};

/*
 * An UPDATE of the items naming the columns of a set alone (bits by
 * column, as columns() numbers them): update_row()'s, a few kept.
 */
#define UPDATES	8
struct row_update {
	uint64_t	 cols[2];
	struct xf_stmt	*stmt;
};
_Static_assert(XF_F_STORED < 128, "a set of columns fits cols");

/* Column f added to a set, and whether a set holds it. */
static void
col_add(uint64_t cols[2], int f)
{
	cols[f / 64] |= (uint64_t)1 << (f % 64);
}

static int
col_has(const uint64_t cols[2], int f)
{
	return cols[f / 64] >> (f % 64) & 1;
}

struct xf_ledger {
	struct xf_db		*db;
	const xf_settings	*set;
	const char		*office;	/* of its ids: own_office() */
	struct xf_stmt		*stmt[S_COUNT];
	struct row_update	 updates[UPDATES];	/* update_row()'s */
	unsigned		 next_update;	/* the one to replace */
	char			*actor;
	char			*program;
	char			 now[32];	/* the batch's time */
	int64_t			 now_t;		/* it, in seconds */
	char			 today[16];	/* its day, for filters */
	char			 existing[72];	/* id holding an item */
	xf_record		*old;		/* it, as stored */
	struct xf_buf		 ids;		/* a chain relinked */
	struct xf_buf		 details;	/* a step's event */
	int			 batch;		/* between begin and its end */
	int64_t			 batch_n;	/* its number (batches.n) */
	char			*args;		/* its arguments, JSON */
	char			*files;		/* its files, JSON */
	int			 include_void;	/* live_items: voided too */
	int			 found;		/* the version opened */
	int			 conflict;	/* the batch met another's */
	int			 alone;		/* the next batch: no other */
	unsigned char		 held[LOCKS / 8];	/* serialise()'s */
	struct day_count	*days;		/* the batch's numbers */
	size_t			 ndays, maxdays;
	size_t			 ndays_marked;	/* at the record's mark */
	size_t			 day_last;	/* day_found()'s last */
	struct place_count	*places;	/* the batch's, hashed */
	size_t			 nplaces, maxplaces;	/* a power of 2 */
	struct place_count	*placed;	/* the record's, since its mark */
	size_t			 nplaced, maxplaced;
	int			 marked;	/* a record's mark is set */
	unsigned		 added;		/* xf_ledger_adding()'s */
	char			 locked[72];	/* the case read_case() locked */
	const char		*later_what;	/* what later() ran first */
	char			 later_id[72];	/* for the item it last ran for */
	int			 earlier;	/* msg: later_id's, run later */
	char			 msg[512];
};

/*
 * Statement which, prepared the first time it is asked for, not when the
 * ledger is opened (23 of them, a millisecond of every program's start,
 * most programs using few).  NULL if the store cannot prepare it: its
 * steps then fail, with the store's message (store.h).
 */
static struct xf_stmt *
stmt(xf_ledger *l, enum stmt which)
{
	char	*made;

	if (l->stmt[which] == NULL) {
		made = stmt_sql[which] != NULL ? NULL : made_sql(which);
		if (made != NULL || stmt_sql[which] != NULL)
			l->stmt[which] = l->db->be->prepare(l->db, made != NULL ?
			    made : stmt_sql[which], 1);
		free(made);
	}
	return l->stmt[which];
}

struct xf_cursor {
	xf_ledger	*l;
	struct xf_stmt	*stmt;
	int		 items;		/* rows are items, else plain */
	xf_day		 today;		/* for what is worked out when read */
};

static void
seterr(xf_ledger *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
seterr(xf_ledger *l, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(l->msg, sizeof l->msg, fmt, ap);
	va_end(ap);
	l->earlier = 0;
}

/* The store's error as the ledger's message; always -1. */
static int
dberr(xf_ledger *l, const char *what)
{
	char	 was[sizeof l->later_id + 64];
	int	 earlier = 0;

	/* A statement run later failed: that one. */
	if (l->db->be->failed_later(l->db) && l->later_what != NULL) {
		snprintf(was, sizeof was, "%s %s", l->later_what,
		    l->later_id);
		what = was;
		earlier = 1;
	}
	switch (l->db->be->fault(l->db)) {
	case XF_DB_FULL:
		seterr(l, "%s: %s (is the disk full?)", what,
		    l->db->be->errmsg(l->db));
		break;
	case XF_DB_ABORTED:
		seterr(l, "%s: the batch was rolled back after an earlier "
		    "error", what);
		break;
	case XF_DB_BUSY:
		seterr(l, "%s: the ledger is locked by another writer "
		    "(waited %d ms)", what, xf_settings_busy_ms(l->set));
		break;
	case XF_DB_CONFLICT:
		l->conflict = 1;
		seterr(l, "%s: a deadlock with another writer's batch (this "
		    "batch, run again, may pass)", what);
		break;
	default:
		seterr(l, "%s: %s", what, l->db->be->errmsg(l->db));
		break;
	}
	l->earlier = earlier;
	return -1;
}

static int
oom(xf_ledger *l)
{
	seterr(l, "out of memory");
	return -1;
}

static int
exec(xf_ledger *l, const char *sql, const char *what)
{
	if (xf_db_exec(l->db, sql) == -1)
		return dberr(l, what);
	return 0;
}

static int	step_row(xf_ledger *, struct xf_stmt *, const char *);
static int	day_counts_put(xf_ledger *);
static void	places_clear(xf_ledger *);
static int	places_put(xf_ledger *);
static void	places_undo(xf_ledger *);
static void	bind_text(struct xf_stmt *, int, const char *);

/* The columns of a handling, parsed from HANDLING_COLUMNS. */
#define HANDLING_NCOLS	31

/* The first two of HANDLING_COLUMNS: the status and the unit. */
#define HC_STATUS	0
#define HC_UNIT		1

/*
 * The status a step (action, by its name) leads a case in status cur
 * to; NULL when it stays (a unit's acceptance, an escalation, a
 * hearing, an extended case assigned again, a visit).
 */
static const char *
status_after(const char *action, const char *cur)
{
	int	 a;

	for (a = XF_ACT_ACCEPT; a <= XF_ACT_REOPEN; a++)
		if (strcmp(action, xf_action_name((enum xf_action)a)) == 0)
			return xf_case_leads_to((enum xf_action)a, cur);
	return NULL;
}

/*
 * Whether an event (action, details d, written at) set field f of its
 * handling, where f was cur and the unit unit, and to what: *s, NULL to
 * clear it.  A step's details hold the fields it set ("": cleared) but
 * its status, the one it leads to; a visit's its evaluation; a
 * reopening clears the handling's own.  The events of a ledger made
 * before version 6 did not keep some times (the decision of a transfer
 * or refusal, the assignment to a unit): when they were written; nor
 * the handling's deadline: the deadline they set.
 */
static int
replayed(const char *action, int f, const cJSON *d, const char *at,
    const char *cur, const char *unit, const char **s)
{
	const cJSON	*v, *u;
	const char	*key;
	int		 act = strcmp(action, "accept") == 0 ||
			    strcmp(action, "assign") == 0 ||
			    strcmp(action, "extend") == 0;

	*s = NULL;
	/* A correction (xf-edit --set) of a step's value: its new one. */
	if (strcmp(action, "correct") == 0) {
		v = cJSON_GetObjectItemCaseSensitive(d, xf_field_name(f));
		if (!cJSON_IsObject(v))
			return 0;
		v = cJSON_GetObjectItemCaseSensitive(v, "new");
		*s = cJSON_IsString(v) ? v->valuestring : NULL;
		return 1;
	}
	if (f == XF_F_STATUS)
		return (*s = status_after(action, cur)) != NULL;
	/* The reply delivered (xf-notice), or reissued: delivered anew. */
	if (strcmp(action, "deliver") == 0 || strcmp(action, "issue") == 0) {
		v = cJSON_GetObjectItemCaseSensitive(d, "document");
		if (f != XF_F_REPLY_DELIVERED_AT || !cJSON_IsString(v) ||
		    strcmp(v->valuestring, "opinion") != 0)
			return 0;
		if (strcmp(action, "issue") == 0)
			return cJSON_GetObjectItemCaseSensitive(d,
			    "replaces") != NULL;
		v = cJSON_GetObjectItemCaseSensitive(d, "delivered_at");
		*s = cJSON_IsString(v) ? v->valuestring : NULL;
		return 1;
	}
	if (strcmp(action, "reopen") == 0)
		return xf_case_cleared(f);
	key = xf_field_name(f);
	/* What the event did not keep: before version 6, and a visit. */
	if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(d, key))) {
		if ((f == XF_F_DECIDED_AT && cur == NULL &&
		    (strcmp(action, "transfer") == 0 ||
		    strcmp(action, "refuse") == 0)) ||
		    (f == XF_F_ASSIGNED_AT && strcmp(action, "assign") == 0 &&
		    cJSON_IsString(u = cJSON_GetObjectItemCaseSensitive(d,
		    "unit")) && (unit == NULL ||
		    strcmp(unit, u->valuestring) != 0))) {
			*s = at;
			return 1;
		}
		if (f == XF_F_DECIDED_AT && cur == NULL &&
		    strcmp(action, "accept") == 0)
			key = "accepted_at";
		else if (f == XF_F_REPLY_DUE && act)
			key = "due";
		else if (f == XF_F_SATISFACTION &&
		    strcmp(action, "visit") == 0)
			key = "outcome";
		else
			return 0;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(d, key)) == NULL ||
	    !cJSON_IsString(v))
		return 0;
	if (*v->valuestring != '\0')
		*s = v->valuestring;
	/* A visit without an evaluation, a deadline ended: no change. */
	if (f == XF_F_SATISFACTION)
		return *s != NULL && strcmp(*s, "unreachable") != 0;
	return *s != NULL || f != XF_F_REPLY_DUE;
}

/*
 * Replay an event on the fields of a handling (val, in the order of
 * HANDLING_COLUMNS, whose names are name), from the last: the time of
 * an assignment reads the unit before it.  0, or -1 (memory).
 */
static int
replay(const char *action, const cJSON *d, const char *at,
    const char *const *name, char **val)
{
	const char	*s;
	int		 i;

	for (i = HANDLING_NCOLS - 1; i >= 0; i--) {
		if (!replayed(action, xf_field_find(name[i], strlen(name[i])),
		    d, at, val[i], val[HC_UNIT], &s))
			continue;
		free(val[i]);
		val[i] = NULL;
		if (s != NULL && (val[i] = strdup(s)) == NULL)
			return -1;
	}
	return 0;
}

/* The names of HANDLING_COLUMNS, cut out of names (a copy of them). */
static void
handling_names(char names[sizeof HANDLING_COLUMNS],
    const char *name[HANDLING_NCOLS])
{
	char	*p, *e;
	int	 i;

	memcpy(names, HANDLING_COLUMNS, sizeof HANDLING_COLUMNS);
	for (i = 0, p = names; i < HANDLING_NCOLS; i++, p = e + 2) {
		name[i] = p;
		if ((e = strchr(p, ',')) == NULL)
			break;
		*e = '\0';
	}
}

/*
 * INSERT INTO table (item, n, opened_at, HANDLING_COLUMNS) VALUES
 * (?1, ...) into b; 0, or -1 (memory).
 */
static int
handling_insert(struct xf_buf *b, const char *table)
{
	int	 i, rc = 0;

	rc |= xf_buf_printf(b, "INSERT INTO %s (item, n, opened_at, "
	    HANDLING_COLUMNS ") VALUES (?1, ?2, ?3", table);
	for (i = 0; i < HANDLING_NCOLS; i++)
		rc |= xf_buf_printf(b, ", ?%d", i + 4);
	rc |= xf_buf_addc(b, ')');
	return rc ? -1 : 0;
}

/*
 * Replay the events of ev (item, action, at, details; by item, in the
 * order they were written) on the handlings of their items: a step's
 * details hold the fields it set, a visit's its evaluation, and a
 * reopening ends the handling, which ins (handling_insert()) keeps;
 * upd, when not NULL, stores each item's handling in force (id,
 * handling, reopened_at, then HANDLING_COLUMNS).  0, or -1.
 */
static int
replay_events(xf_ledger *l, struct xf_stmt *ev, struct xf_stmt *ins,
    struct xf_stmt *upd, const char *what)
{
	const char	*name[HANDLING_NCOLS], *item, *action, *at;
	char		*val[HANDLING_NCOLS] = { 0 }, *opened = NULL, id[72];
	char		 names[sizeof HANDLING_COLUMNS];
	const cJSON	*r;
	cJSON		*d = NULL;
	int		 i, n = 1, rc, ret = -1;

	handling_names(names, name);
	id[0] = '\0';
	for (;;) {
		rc = xf_db_step(ev);
		item = rc == XF_DB_ROW ? xf_db_text(ev,
		    0) : "";
		/* An item's events all replayed: the item as they left it. */
		if (id[0] != '\0' && strcmp(item, id) != 0) {
			if (upd != NULL) {
				bind_text(upd, 1, id);
				if (n > 1)
					xf_db_bind_int(upd, 2, n);
				else
					xf_db_bind_text(upd, 2, NULL);
				bind_text(upd, 3, opened);
				for (i = 0; i < HANDLING_NCOLS; i++)
					bind_text(upd, i + 4, val[i]);
				if (step_row(l, upd, what) != 0)
					goto out;
			}
			for (i = 0; i < HANDLING_NCOLS; i++) {
				free(val[i]);
				val[i] = NULL;
			}
			free(opened);
			opened = NULL;
			n = 1;
		}
		if (rc != XF_DB_ROW)
			break;
		snprintf(id, sizeof id, "%s", item);
		action = xf_db_text(ev, 1);
		at = xf_db_text(ev, 2);
		cJSON_Delete(d);
		d = cJSON_Parse(xf_db_text(ev, 3));
		if (strcmp(action, "reopen") == 0) {
			bind_text(ins, 1, id);
			xf_db_bind_int(ins, 2, n++);
			bind_text(ins, 3, opened);
			for (i = 0; i < HANDLING_NCOLS; i++)
				bind_text(ins, i + 4, val[i]);
			if (step_row(l, ins, what) != 0)
				goto out;
			/* Before version 6: when the reopening was written. */
			free(opened);
			r = cJSON_GetObjectItemCaseSensitive(d, "reopened_at");
			if ((opened = strdup(cJSON_IsString(r) ?
			    r->valuestring : at)) == NULL)
				goto nomem;
		}
		if (replay(action, d, at, name, val) == -1)
			goto nomem;
	}
	if (rc != XF_DB_DONE) {
		dberr(l, what);
		goto out;
	}
	ret = 0;
	goto out;
nomem:
	seterr(l, "out of memory");
out:
	for (i = 0; i < HANDLING_NCOLS; i++)
		free(val[i]);
	free(opened);
	cJSON_Delete(d);
	return ret;
}

/*
 * The earlier handlings of a ledger made before version 6, from the
 * events of the items reopened.  The times the steps before version 6
 * did not keep (the acceptance decision of a transfer or refusal, the
 * assignment, the reopening) are when their events were written.
 */
static int
handlings_from_events(xf_ledger *l)
{
	struct xf_stmt	*ev = NULL, *ins = NULL;
	struct xf_buf	 sql = { 0 };
	int		 ret = -1;

	if (handling_insert(&sql, "handlings") == -1) {
		seterr(l, "out of memory");
		goto out;
	}
	if ((ins = xf_db_prepare(l->db, sql.p)) == NULL ||
	    (ev = xf_db_prepare(l->db, "SELECT item, action, at, details FROM"
	    " events WHERE item IN (SELECT item FROM events WHERE action ="
	    " 'reopen') ORDER BY item, seq")) == NULL) {
		dberr(l, "migrating the handlings");
		goto out;
	}
	ret = replay_events(l, ev, ins, NULL, "migrating the handlings");
out:
	xf_db_finalize(ev);
	xf_db_finalize(ins);
	xf_buf_release(&sql);
	return ret;
}

/* Run sql with ?1 bound to v, to its end; 0, or -1. */
static int
run_with(xf_ledger *l, const char *sql, const char *v, const char *what)
{
	struct xf_stmt	*s;
	int		 rc;

	if ((s = xf_db_prepare(l->db, sql)) == NULL)
		return dberr(l, what);
	bind_text(s, 1, v);
	while ((rc = xf_db_step(s)) == XF_DB_ROW)
		;
	xf_db_finalize(s);
	return rc == XF_DB_DONE ? 0 : dberr(l, what);
}

/*
 * Run sql with ?1 and ?2 bound to the numbers a and b (batches) and ?3,
 * when it has one, to the batch's time, to its end; 0, or -1.
 */
static int
run_n(xf_ledger *l, const char *sql, int64_t a, int64_t b, const char *what)
{
	struct xf_stmt	*s;
	int		 rc;

	if ((s = xf_db_prepare(l->db, sql)) == NULL)
		return dberr(l, what);
	xf_db_bind_int(s, 1, a);
	if (xf_db_params(s) >= 2)
		xf_db_bind_int(s, 2, b);
	if (xf_db_params(s) >= 3)
		bind_text(s, 3, l->now);
	while ((rc = xf_db_step(s)) == XF_DB_ROW)
		;
	xf_db_finalize(s);
	return rc == XF_DB_DONE ? 0 : dberr(l, what);
}

/*
 * Take back, in the items as recorded, the changes of the fields of an
 * item that events recorded at or after before made (an update, a
 * relinking, a classification: each says the value it replaced), the
 * last first.
 */
static int
recorded_undo(xf_ledger *l, const char *before)
{
	struct xf_stmt	*ev = NULL, *s = NULL;
	const cJSON	*c, *old;
	const char	*action;
	struct xf_buf	 sql = { 0 };
	cJSON		*d = NULL;
	int		 f, rc, ret = -1;

	if ((ev = xf_db_prepare(l->db, "SELECT item, action, details FROM"
	    " events WHERE action IN ('update', 'relink', 'classify',"
	    " 'correct', 'undo') AND"
	    " julianday(at) >= julianday(?1) AND item IN (SELECT id FROM"
	    " temp.recorded_items) ORDER BY seq DESC")) == NULL) {
		dberr(l, "reading the corrections");
		goto out;
	}
	bind_text(ev, 1, before);
	while ((rc = xf_db_step(ev)) == XF_DB_ROW) {
		action = xf_db_text(ev, 1);
		cJSON_Delete(d);
		d = cJSON_Parse(xf_db_text(ev, 2));
		cJSON_ArrayForEach(c, d) {
			f = xf_field_find(c->string, strlen(c->string));
			if (!cJSON_IsObject(c) || f < 0 || f >= XF_F_STORED ||
			    strcmp(xf_field_name(f), c->string) != 0)
				continue;
			old = cJSON_GetObjectItemCaseSensitive(c,
			    strcmp(action, "classify") == 0 ? "from" : "old");
			xf_buf_reset(&sql);
			/* A chain's head is a first item. */
			if (xf_buf_printf(&sql, "UPDATE temp.recorded_items"
			    " SET \"%s\" = ?1%s WHERE id = ?2", c->string,
			    strcmp(action, "relink") == 0 ? ", \"first\" ="
			    " ?1 IS NULL" : "") == -1)
				goto nomem;
			if ((s = xf_db_prepare(l->db, sql.p)) == NULL) {
				dberr(l, "taking back a correction");
				goto out;
			}
			bind_text(s, 1, cJSON_IsString(old) ?
			    old->valuestring : NULL);
			bind_text(s, 2, xf_db_text(ev,
			    0));
			rc = step_row(l, s, "taking back a correction");
			xf_db_finalize(s);
			s = NULL;
			if (rc != 0)
				goto out;
		}
	}
	if (rc != XF_DB_DONE) {
		dberr(l, "reading the corrections");
		goto out;
	}
	ret = 0;
	goto out;
nomem:
	seterr(l, "out of memory");
out:
	cJSON_Delete(d);
	xf_db_finalize(ev);
	xf_buf_release(&sql);
	return ret;
}

/*
 * The casework of the items as recorded: each as registered, then its
 * steps and visits recorded before before replayed, in the order they
 * were recorded; a reopening keeps the handling it ends.
 */
static int
recorded_steps(xf_ledger *l, const char *before)
{
	const char	*name[HANDLING_NCOLS];
	char		 names[sizeof HANDLING_COLUMNS];
	struct xf_stmt	*ev = NULL, *ins = NULL, *upd = NULL;
	struct xf_buf	 sql = { 0 };
	int		 a, i, rc, ret = -1;

	handling_names(names, name);
	rc = xf_buf_adds(&sql, "UPDATE temp.recorded_items SET handling ="
	    " NULL, reopened_at = NULL");
	for (i = 0; i < HANDLING_NCOLS; i++)
		rc |= xf_buf_printf(&sql, ", %s = %s", name[i],
		    i == HC_STATUS ? "'registered'" : "NULL");
	if (rc != 0)
		goto nomem;
	if (exec(l, sql.p, "replaying the steps") == -1)
		goto out;
	xf_buf_reset(&sql);
	rc = xf_buf_adds(&sql, "UPDATE temp.recorded_items SET handling ="
	    " ?2, reopened_at = ?3");
	for (i = 0; i < HANDLING_NCOLS; i++)
		rc |= xf_buf_printf(&sql, ", %s = ?%d", name[i], i + 4);
	rc |= xf_buf_adds(&sql, " WHERE id = ?1");
	if (rc != 0)
		goto nomem;
	if ((upd = xf_db_prepare(l->db, sql.p)) == NULL) {
		dberr(l, "replaying the steps");
		goto out;
	}
	xf_buf_reset(&sql);
	if (handling_insert(&sql, "temp.recorded_handlings") == -1)
		goto nomem;
	if ((ins = xf_db_prepare(l->db, sql.p)) == NULL) {
		dberr(l, "replaying the steps");
		goto out;
	}
	xf_buf_reset(&sql);
	rc = xf_buf_adds(&sql, "SELECT item, action, at, details FROM events"
	    " WHERE action IN ('visit', 'correct', 'deliver', 'issue'");
	for (a = XF_ACT_ACCEPT; a <= XF_ACT_REOPEN; a++)
		rc |= xf_buf_printf(&sql, ", '%s'",
		    xf_action_name((enum xf_action)a));
	/* A batch undone by then did nothing. */
	rc |= xf_buf_adds(&sql, ") AND julianday(at) < julianday(?1) AND"
	    " item IN (SELECT id FROM temp.recorded_items) AND NOT EXISTS"
	    " (SELECT 1 FROM batches b WHERE b.n = events.batch AND"
	    " julianday(b.undone_at) < julianday(?1)) ORDER BY item, seq");
	if (rc != 0)
		goto nomem;
	if ((ev = xf_db_prepare(l->db, sql.p)) == NULL) {
		dberr(l, "replaying the steps");
		goto out;
	}
	bind_text(ev, 1, before);
	ret = replay_events(l, ev, ins, upd, "replaying the steps");
	goto out;
nomem:
	seterr(l, "out of memory");
out:
	xf_db_finalize(ev);
	xf_db_finalize(ins);
	xf_db_finalize(upd);
	xf_buf_release(&sql);
	return ret;
}

int
xf_ledger_recorded(xf_ledger *l, const char *before)
{
	if (exec(l, "DROP TABLE IF EXISTS temp.recorded_items;"
	    " DROP TABLE IF EXISTS temp.recorded_handlings;"
	    " DROP TABLE IF EXISTS temp.recorded_visits; BEGIN",
	    "replaying the ledger") == -1)
		return -1;
	if (run_with(l, l->include_void ? "CREATE TEMP TABLE recorded_items"
	    " AS SELECT * FROM items WHERE julianday(registered_at) <"
	    " julianday(?1)" : "CREATE TEMP TABLE recorded_items AS SELECT *"
	    " FROM items WHERE julianday(registered_at) < julianday(?1) AND"
	    " (voided_at IS NULL OR julianday(voided_at) >= julianday(?1))",
	    before,
	    "replaying the items") == -1 ||
	    exec(l, "CREATE INDEX temp.recorded_items_id ON"
	    " recorded_items(id); CREATE INDEX temp.recorded_items_repeat_of"
	    " ON recorded_items(repeat_of); CREATE TEMP TABLE"
	    " recorded_handlings AS SELECT * FROM handlings WHERE 1 = 0",
	    "replaying the items") == -1 ||
	    recorded_undo(l, before) == -1 ||
	    recorded_steps(l, before) == -1 ||
	    run_with(l, "CREATE TEMP TABLE recorded_visits AS SELECT * FROM"
	    " visits v WHERE item IN (SELECT id FROM temp.recorded_items) AND"
	    " EXISTS (SELECT 1 FROM events e WHERE e.item = v.item AND"
	    " e.action = 'visit' AND julianday(e.at) < julianday(?1) AND"
	    " json_extract(e.details, '$.at') = v.at AND"
	    " json_extract(e.details, '$.kind') = v.kind)", before,
	    "replaying the visits") == -1 ||
	    exec(l, "CREATE INDEX temp.recorded_visits_item ON"
	    " recorded_visits(item); COMMIT", "replaying the visits") == -1) {
		xf_db_exec(l->db, "ROLLBACK");
		return -1;
	}
	return 0;
}

/*
 * The items that count: all but the voided, unless the ledger includes
 * them (xf_ledger_include_void()).  Every report and list reads them
 * (live_items), and the handlings and visits (live_handlings,
 * live_visits, as the tables of the ledger as recorded are named).
 */
static int
live_views(xf_ledger *l)
{
	if (l->db->be->views(l->db, l->include_void) == -1)
		return dberr(l, "setting up");
	return 0;
}

int
xf_ledger_include_void(xf_ledger *l, int on)
{
	l->include_void = on != 0;
	return live_views(l);
}

/*
 * Bring the schema up to SCHEMA_VERSION, in one transaction: the steps
 * from the ledger's version, then, for a ledger made before handlings
 * (version 6), its earlier handlings from its events, in the columns
 * they have now.
 */
static int
migrate(xf_ledger *l)
{
	const struct xf_store_be *be = l->db->be;
	int	 v, from;

	if (be->version(l->db, &v) == -1)
		return dberr(l, "reading the schema version");
	l->found = v;
	if (v > be->schema_version) {
		seterr(l, "the ledger's schema (version %d) is newer than "
		    "this xf knows (%d): upgrade xf", v, be->schema_version);
		return -1;
	}
	if (v == be->schema_version)
		return 0;
	if (be->begin(l->db) == -1)
		return dberr(l, "migrating the ledger");
	/* Another process may have migrated while we waited. */
	if (be->version(l->db, &v) == -1) {
		dberr(l, "reading the schema version");
		goto fail;
	}
	if (v >= be->schema_version)
		goto commit;
	for (from = v; v < be->schema_version; v++)
		if (be->migration(v) != NULL &&
		    exec(l, be->migration(v), "migrating the ledger") == -1)
			goto fail;
	/* A new ledger has no events to make handlings from. */
	if (from > 0 && from < 6 && handlings_from_events(l) == -1)
		goto fail;
	if (be->remake(l->db) == -1) {
		dberr(l, "migrating the ledger");
		goto fail;
	}
	if (be->set_version(l->db, be->schema_version) == -1) {
		dberr(l, "migrating the ledger");
		goto fail;
	}
commit:
	if (be->commit(l->db) == 0)
		return 0;
	dberr(l, "migrating the ledger");
fail:
	be->rollback(l->db);
	return -1;
}

const char *
xf_ledger_default_path(void)
{
	const char *p = getenv("XF_DB");

	return p != NULL && *p != '\0' ? p : "xf.db";
}

/* xf_identity(fingerprint?, received_at, id_number, name, phone, title,
 * content): the fingerprint (1) or the likeness (0) of an item. */
static int
identity_sql(int argc, const char *const *v, int64_t *n, const char **text)
{
	int64_t		 fp, like;

	(void)argc;
	(void)text;
	if (xf_identity(v[1], v[2], v[3], v[4], v[5], v[6], &fp, &like) == 0)
		return XF_V_NULL;
	*n = v[0] != NULL && strcmp(v[0], "0") != 0 ? fp : like;
	return XF_V_INT;
}

xf_ledger *
xf_ledger_open(const char *path, const xf_settings *set, unsigned flags,
    char *err, size_t errlen)
{
	const struct xf_store_be *be;
	xf_ledger	*l;

	if ((be = xf_store_for(path, err, errlen)) == NULL)
		return NULL;
	if ((l = calloc(1, sizeof *l)) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	l->set = set;
	if ((l->db = be->open(path, flags & XF_L_READONLY ? XF_DB_READONLY :
	    0, xf_settings_busy_ms(set), err, errlen)) == NULL)
		goto fail;
	if ((l->old = xf_record_new()) == NULL) {
		xf_errf(err, errlen, "out of memory");
		goto fail;
	}
	if (be->office(l->db, xf_settings_office(set)) == -1) {
		dberr(l, "setting up");
		goto failmsg;
	}
	/* For migration 4: the identity of the items registered before. */
	if (be->migration(4) != NULL &&
	    be->function(l->db, "xf_identity", 7, identity_sql) == -1) {
		dberr(l, "setting up");
		goto failmsg;
	}
	if (migrate(l) == -1 || live_views(l) == -1)
		goto failmsg;
	/* The settings' office, else the connection's (its role's). */
	l->office = xf_settings_office(set);
	if (*l->office == '\0' && be->own_office(l->db) != NULL)
		l->office = be->own_office(l->db);
	xf_ledger_set_actor(l, "unknown", "xf");
	return l;
failmsg:
	xf_errf(err, errlen, "%s: %s", path, l->msg);
fail:
	xf_ledger_close(l);
	return NULL;
}

void
xf_ledger_close(xf_ledger *l)
{
	int	 i;

	if (l == NULL)
		return;
	for (i = 0; i < S_COUNT; i++)
		xf_db_finalize(l->stmt[i]);
	for (i = 0; i < UPDATES; i++)
		xf_db_finalize(l->updates[i].stmt);
	if (l->db != NULL)
		l->db->be->close(l->db);
	xf_buf_release(&l->details);
	xf_buf_release(&l->ids);
	xf_record_free(l->old);
	free(l->days);
	places_clear(l);
	free(l->places);
	free(l->placed);
	free(l->args);
	free(l->files);
	free(l->actor);
	free(l->program);
	free(l);
}

const char *
xf_ledger_shown(const char *place, char *buf, size_t size)
{
	return xf_store_shown(place, buf, size);
}

const char *
xf_ledger_store(const xf_ledger *l)
{
	return l->db->be->name;
}

int
xf_ledger_version(const xf_ledger *l, int *was)
{
	if (was != NULL)
		*was = l->found;
	return l->db->be->schema_version;
}

const char *
xf_ledger_errmsg(const xf_ledger *l)
{
	return l->msg;
}

const char *
xf_ledger_err_item(const xf_ledger *l)
{
	return l->earlier ? l->later_id : NULL;
}

void
xf_ledger_set_actor(xf_ledger *l, const char *actor, const char *program)
{
	char	*a = strdup(actor), *p = strdup(program);

	if (a == NULL || p == NULL) {
		free(a);
		free(p);
		return;
	}
	free(l->actor);
	free(l->program);
	l->actor = a;
	l->program = p;
}

/* Now ($XF_NOW or the clock) and its day, in the office's zone. */
static int
set_now(xf_ledger *l)
{
	struct xf_time	 now;
	const char	*why;
	int		 tz = xf_settings_tz(l->set);

	if (xf_time_now(tz, &now, &why) == -1) {
		seterr(l, "XF_NOW: %s", why);
		return -1;
	}
	xf_time_format(now, tz, l->now, sizeof l->now);
	xf_time_day(now, tz, l->today, sizeof l->today);
	l->now_t = now.t;
	return 0;
}

/* The day of the batch (after set_now). */
static xf_day
today(const xf_ledger *l)
{
	const char	*why;
	xf_day		 d = 0;

	xf_day_parse(l->today, xf_settings_tz(l->set), &d, &why);
	return d;
}

int
xf_ledger_set_batch(xf_ledger *l, const char *args, const char *files)
{
	char	*a = args ? strdup(args) : NULL, *f = files ? strdup(files) :
		    NULL;

	if ((args != NULL && a == NULL) || (files != NULL && f == NULL)) {
		free(a);
		free(f);
		seterr(l, "out of memory");
		return -1;
	}
	free(l->args);
	free(l->files);
	l->args = a;
	l->files = f;
	return 0;
}

/* The batch's row in batches, numbered: what its events will name. */
static int
batch_row(xf_ledger *l)
{
	struct xf_stmt	*s;
	int		 rc;

	if ((s = xf_db_prepare(l->db, "INSERT INTO batches (at, actor,"
	    " program, args, files) VALUES (?1, ?2, ?3, ?4, ?5)")) == NULL)
		return dberr(l, "numbering the batch");
	bind_text(s, 1, l->now);
	bind_text(s, 2, l->actor);
	bind_text(s, 3, l->program);
	bind_text(s, 4, l->args);
	bind_text(s, 5, l->files);
	rc = xf_db_step(s);
	xf_db_finalize(s);
	if (rc != XF_DB_DONE)
		return dberr(l, "numbering the batch");
	l->batch_n = xf_db_last_id(l->db);
	if (l->db->be->batch(l->db, l->batch_n) == -1)
		return dberr(l, "numbering the batch");
	return 0;
}

int
xf_ledger_begin(xf_ledger *l)
{
	const char	*own = l->db->be->own_office(l->db);

	/* A role writes its own office's cases: said before it tries. */
	if (own != NULL && strcmp(own, l->office) != 0) {
		seterr(l, "the settings name office %s, but the connection's "
		    "role is office %s's, which writes only its own cases",
		    l->office, own);
		return -1;
	}
	if (set_now(l) == -1)
		return -1;
	l->conflict = 0;
	memset(l->held, 0, sizeof l->held);
	l->locked[0] = '\0';
	l->ndays = 0;
	places_clear(l);
	if (l->db->be->begin(l->db) == -1)
		return dberr(l, "starting the batch");
	if (l->db->be->enter(l->db, l->alone) == -1) {
		dberr(l, "waiting for the other writers");
		xf_ledger_rollback(l);
		return -1;
	}
	l->batch = 1;
	if (batch_row(l) == -1) {
		xf_ledger_rollback(l);
		return -1;
	}
	return 0;
}

int
xf_ledger_conflict(const xf_ledger *l)
{
	return l->conflict;
}

void
xf_ledger_alone(xf_ledger *l)
{
	l->alone = 1;
}

int64_t
xf_ledger_batch(const xf_ledger *l)
{
	return l->batch_n;
}

/*
 * The batch ended: kept in batches if it wrote an event, else no batch
 * at all (a run that found everything so already).
 */
static int
batch_end(xf_ledger *l)
{
	if (run_n(l, "UPDATE batches SET ended = 1 WHERE n = ?1 AND EXISTS"
	    " (SELECT 1 FROM events WHERE batch = ?1)", l->batch_n, 0,
	    "ending the batch") == -1)
		return -1;
	return run_n(l, "DELETE FROM batches WHERE n = ?1 AND ended IS NULL",
	    l->batch_n, 0, "ending the batch");
}

int
xf_ledger_commit(xf_ledger *l)
{
	const struct xf_store_be *be = l->db->be;
	int	 rc = 0;

	if (l->batch && be->in_transaction(l->db) &&
	    (day_counts_put(l) == -1 || places_put(l) == -1 ||
	    batch_end(l) == -1))
		return -1;
	if (be->commit(l->db) == -1)
		rc = dberr(l, "committing the batch");
	if (!be->in_transaction(l->db)) {
		l->batch = 0;
		l->batch_n = 0;
	}
	return rc;
}

int
xf_ledger_rollback(xf_ledger *l)
{
	l->batch = 0;
	l->batch_n = 0;
	l->ndays = 0;
	places_clear(l);
	if (l->db->be->rollback(l->db) == -1)
		return dberr(l, "rolling back the batch");
	return 0;
}

/*
 * Not a record's savepoint outside a batch that the store rolled back
 * after an error: -1 with the message then.
 */
static int
check_batch(xf_ledger *l, const char *what)
{
	if (!l->batch || l->db->be->in_transaction(l->db))
		return 0;
	seterr(l, "%s: the batch was rolled back after an earlier error",
	    what);
	return -1;
}

int
xf_ledger_mark(xf_ledger *l)
{
	size_t	 i;

	if (check_batch(l, "marking the record") == -1)
		return -1;
	if (l->db->be->mark(l->db) == -1)
		return dberr(l, "marking the record");
	for (i = 0; i < l->ndays; i++)
		l->days[i].marked = l->days[i].n;
	l->ndays_marked = l->ndays;
	l->nplaced = 0;
	l->marked = 1;
	return 0;
}

int
xf_ledger_release(xf_ledger *l)
{
	l->marked = 0;
	if (l->db->be->release(l->db) == -1)
		return dberr(l, "keeping the record");
	return 0;
}

int
xf_ledger_undo(xf_ledger *l)
{
	size_t	 i;

	l->marked = 0;
	if (check_batch(l, "undoing the record") == -1)
		return -1;
	if (l->db->be->undo(l->db) == -1)
		return dberr(l, "undoing the record");
	/* The locks the record took may have gone with it. */
	memset(l->held, 0, sizeof l->held);
	l->locked[0] = '\0';
	/* And the numbers it took, and the days it began. */
	l->ndays = l->ndays_marked;
	for (i = 0; i < l->ndays; i++)
		l->days[i].n = l->days[i].marked;
	places_undo(l);
	return 0;
}

/*
 * Run a statement that returns no rows, for the item id, perhaps later
 * (a store may send it without waiting): its error may be met by the
 * next statement, and is told as the first thing run so for the item.
 * Inside a record's mark (--keep-going) it runs now: its error is the
 * record's, met before the record is told done, and undone with it.
 */
static int
later(xf_ledger *l, struct xf_stmt *s, const char *what, const char *id)
{
	int	 rc = l->marked ? xf_db_step(s) : xf_db_step_later(s);

	xf_db_reset(s);
	if (strcmp(l->later_id, id) != 0) {
		l->later_what = what;
		xf_copy(l->later_id, sizeof l->later_id, id);
	}
	return rc == XF_DB_ERROR ? dberr(l, what) : 0;
}

/*
 * In a store whose place_days the ledger writes, item id counted in its
 * place and day as it stands (in), or no more (before a write that may
 * change its place, day or voiding); 0, or -1 with the message.
 */
static int
placed(xf_ledger *l, const char *id, int in)
{
	struct xf_stmt	*s;

	if (l->db->be->place_days != XF_PLACES_WRITTEN)
		return 0;
	bind_text(s = stmt(l, S_PLACE_MOVE), 1, id);
	xf_db_bind_int(s, 2, in ? 1 : -1);
	return later(l, s, "counting the place's items", id);
}

/* The batch's counts forgotten (written, or rolled back). */
static void
places_clear(xf_ledger *l)
{
	size_t	 i;

	for (i = 0; i < l->maxplaces; i++) {
		free(l->places[i].region);
		l->places[i].region = NULL;
	}
	l->nplaces = l->nplaced = 0;
}

/* The slot of region and day (hash h) in places: its own, or free. */
static struct place_count *
place_slot(struct place_count *places, size_t max, const char *region,
    const char *day, uint64_t h)
{
	size_t	 i = (size_t)h & (max - 1);

	while (places[i].region != NULL && (places[i].hash != h ||
	    strcmp(places[i].region, region) != 0 ||
	    strcmp(places[i].day, day) != 0))
		i = (i + 1) & (max - 1);
	return &places[i];
}

/* Room for one more place and day: 0, or -1 out of memory. */
static int
places_grow(xf_ledger *l)
{
	struct place_count *p, *o;
	size_t	 i, max = l->maxplaces ? l->maxplaces * 2 : 64;

	if (2 * (l->nplaces + 1) <= l->maxplaces)
		return 0;
	if ((p = calloc(max, sizeof *p)) == NULL)
		return -1;
	for (i = 0; i < l->maxplaces; i++) {
		o = &l->places[i];
		if (o->region != NULL)
			*place_slot(p, max, o->region, o->day, o->hash) = *o;
	}
	free(l->places);
	l->places = p;
	l->maxplaces = max;
	return 0;
}

/* The record's count of p journalled, for places_undo(): 0, or -1. */
static int
place_journal(xf_ledger *l, const struct place_count *p)
{
	struct place_count *r;
	size_t	 max = l->maxplaced ? l->maxplaced * 2 : 4;

	if (l->nplaced == l->maxplaced) {
		if ((r = reallocarray(l->placed, max, sizeof *r)) == NULL)
			return -1;
		l->placed = r;
		l->maxplaced = max;
	}
	l->placed[l->nplaced++] = *p;
	return 0;
}

/*
 * Item just registered counted in its place and day (by the batch, in
 * memory; outside one, written now): 0, or -1 with the message.
 */
static int
place_added(xf_ledger *l, const xf_record *item)
{
	const char	*region = xf_record_get(item, XF_F_REGION);
	const char	*at = xf_record_get(item, XF_F_RECEIVED_AT);
	struct place_count *p;
	char		 day[11];
	uint64_t	 h;

	if (l->db->be->place_days == XF_PLACES_NONE || region == NULL ||
	    *region == '\0' || at == NULL)
		return 0;
	xf_copy(day, sizeof day, at);
	h = (uint64_t)xf_hash(region, strlen(region)) * 0x9e3779b97f4a7c15ULL ^
	    xf_hash(day, strlen(day));
	h ^= h >> 29;
	if (places_grow(l) == -1)
		goto nomem;
	p = place_slot(l->places, l->maxplaces, region, day, h);
	if (p->region == NULL) {
		if ((p->region = strdup(region)) == NULL)
			goto nomem;
		memcpy(p->day, day, sizeof p->day);
		p->hash = h;
		p->n = 0;
		l->nplaces++;
	}
	if (l->marked && place_journal(l, p) == -1)
		goto nomem;
	p->n++;
	return l->batch ? 0 : places_put(l);
nomem:
	seterr(l, "out of memory");
	return -1;
}

/* The record's counts taken back (undone). */
static void
places_undo(xf_ledger *l)
{
	struct place_count *r;

	while (l->nplaced > 0) {
		r = &l->placed[--l->nplaced];
		place_slot(l->places, l->maxplaces, r->region, r->day,
		    r->hash)->n--;
	}
}

/* Run a statement that returns at most one row; 1 row, 0 none, -1. */
static int
step_row(xf_ledger *l, struct xf_stmt *s, const char *what)
{
	int	 rc = xf_db_step(s);

	if (rc == XF_DB_ROW)
		return 1;
	xf_db_reset(s);
	if (rc == XF_DB_DONE)
		return 0;
	return dberr(l, what);
}

/*
 * The batch's counts written, a row a place and day, PLACES_ROWS of
 * them a statement (a round trip each: a row a statement, 30,000 places
 * and days of 100,000 items took 3 s of a PostgreSQL batch's 30); 0, or
 * -1 with the message.
 */
static int
places_put(xf_ledger *l)
{
	struct xf_buf	 sql = { 0 };
	struct xf_stmt	*s = NULL;
	struct place_count *row[PLACES_ROWS];
	size_t		 i = 0, k, n, made = 0;
	int		 rc = 0;

	while (rc == 0) {
		/* The next PLACES_ROWS counts, or as many as are left. */
		for (n = 0; i < l->maxplaces && n < PLACES_ROWS; i++)
			if (l->places[i].region != NULL && l->places[i].n != 0)
				row[n++] = &l->places[i];
		if (n == 0)
			break;
		if (n != made) {
			xf_db_finalize(s);
			sql.len = 0;
			rc = xf_buf_adds(&sql, "INSERT INTO place_days (region,"
			    " day, live, items) VALUES ");
			for (k = 0; k < n; k++)
				rc |= xf_buf_printf(&sql, "%s(?%zu, ?%zu, ?%zu,"
				    " ?%zu)", k ? ", " : "", 3 * k + 1,
				    3 * k + 2, 3 * k + 3, 3 * k + 3);
			rc |= xf_buf_adds(&sql, PLACES_ADDED);
			rc |= xf_buf_add(&sql, "", 1);
			if (rc != 0) {
				seterr(l, "out of memory");
				rc = -1;
				break;
			}
			if ((s = xf_db_prepare(l->db, sql.p)) == NULL) {
				rc = dberr(l, "counting the places' items");
				break;
			}
			made = n;
		}
		for (k = 0; k < n; k++) {
			bind_text(s, 3 * (int)k + 1, row[k]->region);
			bind_text(s, 3 * (int)k + 2, row[k]->day);
			xf_db_bind_int(s, 3 * (int)k + 3, row[k]->n);
		}
		rc = step_row(l, s, "counting the places' items") == 0 ? 0 : -1;
	}
	xf_db_finalize(s);
	xf_buf_release(&sql);
	if (rc == 0)
		places_clear(l);
	return rc;
}

static void
bind_text(struct xf_stmt *s, int i, const char *v)
{
	if (v == NULL)
		xf_db_bind_text(s, i, NULL);
	else
		xf_db_bind_text(s, i, v);
}

/* Whether statement which finds a row for key: 1, 0, or -1. */
static int
has_row(xf_ledger *l, enum stmt which, const char *key, const char *what)
{
	struct xf_stmt	*s = stmt(l, which);
	int		 rc;

	bind_text(s, 1, key);
	rc = step_row(l, s, what);
	xf_db_reset(s);
	return rc;
}

int
xf_ledger_exists(xf_ledger *l, const char *id)
{
	return has_row(l, S_EXISTS, id, "looking up an id");
}

/* The numbers of the day of received_at, if the batch took them. */
static struct day_count *
day_found(xf_ledger *l, const char *received_at)
{
	size_t	 i;

	/* Items come by day: the day found last first. */
	if (l->day_last < l->ndays && strncmp(l->days[l->day_last].day,
	    received_at, 10) == 0)
		return &l->days[l->day_last];
	for (i = 0; i < l->ndays; i++)
		if (strncmp(l->days[i].day, received_at, 10) == 0) {
			l->day_last = i;
			return &l->days[i];
		}
	return NULL;
}

/*
 * The numbers of the day of received_at as the batch has them: the
 * first time, day_seq's row taken (a writer of the same office waits
 * there until the batch ends, so that the numbers stay gap-free).
 */
static struct day_count *
day_counter(xf_ledger *l, const char *received_at)
{
	struct day_count *d;
	struct xf_stmt	*s = stmt(l, S_SEQ_TAKE);
	size_t		 i;

	if ((d = day_found(l, received_at)) != NULL)
		return d;
	if (l->ndays == l->maxdays) {
		i = l->maxdays ? l->maxdays * 2 : 16;
		if ((d = reallocarray(l->days, i, sizeof *d)) == NULL) {
			seterr(l, "out of memory");
			return NULL;
		}
		l->days = d;
		l->maxdays = i;
	}
	d = &l->days[l->ndays];
	memcpy(d->day, received_at, 10);
	d->day[10] = '\0';
	bind_text(s, 1, d->day);
	if (step_row(l, s, "numbering the item") != 1)
		return NULL;
	d->n = d->stored = d->marked = xf_db_int(s, 0);
	xf_db_reset(s);
	l->day_last = l->ndays++;
	return d;
}

/* The id of number n of day d, of the ledger's office (l->office). */
static void
day_id(const xf_ledger *l, const struct day_count *d, int64_t n, char *id,
    size_t len)
{
	char		 s[128], num[24];
	size_t		 k = 0, w = strnlen(l->office, 64);
	uint64_t	 v = (uint64_t)n;

	/*
	 * OFFICE-YYYYMMDD-NNNN (no "OFFICE-" without one), by hand: two
	 * snprintf calls an item were 1.4% of a registration's work.
	 */
	do
		num[k++] = (char)('0' + v % 10);
	while ((v /= 10) > 0 || k < 4);
	memcpy(s, l->office, w);
	if (w > 0)
		s[w++] = '-';
	memcpy(s + w, d->day, 4);
	memcpy(s + w + 4, d->day + 5, 2);
	memcpy(s + w + 6, d->day + 8, 2);
	w += 8;
	s[w++] = '-';
	while (k > 0)
		s[w++] = num[--k];
	s[w] = '\0';
	xf_copy(id, len, s);
}

/* The batch's last numbers into day_seq; 0 or -1. */
static int
day_counts_put(xf_ledger *l)
{
	struct xf_stmt	*s = stmt(l, S_SEQ_PUT);
	size_t		 i;

	for (i = 0; i < l->ndays; i++) {
		if (l->days[i].n == l->days[i].stored)
			continue;
		bind_text(s, 1, l->days[i].day);
		xf_db_bind_int(s, 2, l->days[i].n);
		if (step_row(l, s, "numbering the items") != 0)
			return -1;
		l->days[i].stored = l->days[i].n;
	}
	return 0;
}

/* A fresh id for an item received on day "YYYY-MM-DD". */
static int
new_id(xf_ledger *l, const char *received_at, char *id, size_t len)
{
	struct day_count *d;
	int		 rc;

	if ((d = day_counter(l, received_at)) == NULL)
		return -1;
	do {
		day_id(l, d, ++d->n, id, len);
		/* An id given in some input may have taken this one. */
		if ((rc = xf_ledger_exists(l, id)) == -1)
			return -1;
	} while (rc == 1);
	/* Outside a batch each number is written as it is given. */
	if (!l->batch) {
		rc = day_counts_put(l);
		l->ndays = 0;
		return rc;
	}
	return 0;
}

/*
 * Whether id has the form new_id() gives when the ledger has no
 * office: eight digits (the day), '-' and four or more (its number).
 */
static int
officeless(const char *id)
{
	size_t	 n;

	if (strspn(id, "0123456789") != 8 || id[8] != '-')
		return 0;
	n = strspn(id + 9, "0123456789");
	return n >= 4 && id[9 + n] == '\0';
}

const char *
xf_ledger_case_id(const xf_ledger *l, const char *id, char *buf,
    size_t size)
{
	const char	*office = l->office;
	int		 n;

	if (*office == '\0' || !officeless(id))
		return id;
	n = snprintf(buf, size, "%s-%s", office, id);
	return n >= 0 && (size_t)n < size ? buf : id;
}

/* The level-1 category of a path, into buf ("" for none). */
static const char *
level1(const char *category, char *buf, size_t len)
{
	size_t	 n;

	if (category == NULL)
		return "";
	n = strcspn(category, "/");
	if (n >= len)
		n = len - 1;
	memcpy(buf, category, n);
	buf[n] = '\0';
	return buf;
}

static int	event(xf_ledger *, const char *, const char *, const char *);
static int	read_case(xf_ledger *, const char *, xf_record *);

/* Set a field, or clear it if it is there (value NULL). */
static int
put(xf_ledger *l, xf_record *r, int f, const char *v)
{
	if (v == NULL && xf_record_get(r, f) == NULL)
		return 0;
	if (xf_record_set(r, f, v != NULL ? v : "", v != NULL ? strlen(v) :
	    0, 0) == -1)
		return oom(l);
	return 0;
}

/*
 * The window of kin() for item, the repeat window either side of its
 * receipt, and its level-1 category into l1; 0, or -1.
 */
static int
kin_window(xf_ledger *l, const xf_record *item, char from[32], char to[32],
    char *l1, size_t len)
{
	const char	*at = xf_record_get(item, XF_F_RECEIVED_AT), *why;
	int64_t		 w = (int64_t)xf_settings_repeat_days(l->set) * 86400;
	struct xf_time	 t, u;

	if (xf_time_parse(at, xf_settings_tz(l->set), &t, &why) == -1) {
		seterr(l, "received_at '%s': %s", at, why);
		return -1;
	}
	u = t;
	t.t -= w;
	u.t += w;
	xf_time_format(t, xf_settings_tz(l->set), from, 32);
	xf_time_format(u, xf_settings_tz(l->set), to, 32);
	l1[0] = '\0';
	level1(xf_record_get(item, XF_F_CATEGORY), l1, len);
	return 0;
}

/*
 * kin()'s statement for pass 0 (by ID number) or 1 (by name and phone)
 * bound for item, which is self, in the window from-to and category
 * cat; NULL when item has not the fields.
 */
static struct xf_stmt *
kin_bound(xf_ledger *l, const xf_record *item, int pass, const char *from,
    const char *to, const char *cat, const char *self)
{
	const char	*idn = xf_record_get(item, XF_F_ID_NUMBER);
	const char	*name = xf_record_get(item, XF_F_NAME);
	const char	*phone = xf_record_get(item, XF_F_PHONE);
	struct xf_stmt	*s;

	if (pass == 0) {
		if (idn == NULL)
			return NULL;
		s = stmt(l, S_BY_ID_NUMBER);
		bind_text(s, 1, idn);
		bind_text(s, 2, from);
		bind_text(s, 3, to);
		bind_text(s, 4, cat);
		bind_text(s, 5, self);
		return s;
	}
	if (name == NULL || phone == NULL)
		return NULL;
	s = stmt(l, S_BY_NAME_PHONE);
	bind_text(s, 1, name);
	bind_text(s, 2, phone);
	bind_text(s, 3, from);
	bind_text(s, 4, to);
	bind_text(s, 5, cat);
	bind_text(s, 6, idn);
	bind_text(s, 7, self);
	return s;
}

/*
 * The kin of an item (its petitioner's items in the same level-1
 * category within the repeat window either side of its receipt): the
 * first item of the chain it repeats (the latest received up to it),
 * into head ("" for none), and the first items received after it, as
 * NUL-terminated ids in l->ids.  0, or -1.
 */
static int
kin(xf_ledger *l, const xf_record *item, char *head, size_t len)
{
	const char	*at = xf_record_get(item, XF_F_RECEIVED_AT);
	const char	*id, *rep, *when;
	char		 from[32], to[32], l1[256];
	struct xf_stmt	*s;
	int		 rc, pass, by_id = 0;

	head[0] = '\0';
	xf_buf_reset(&l->ids);
	if (kin_window(l, item, from, to, l1, sizeof l1) == -1)
		return -1;
	for (pass = 0; pass < 2; pass++) {
		if ((s = kin_bound(l, item, pass, from, to, l1,
		    xf_record_get(item, XF_F_ID))) == NULL)
			continue;
		while ((rc = step_row(l, s, "looking for repeats")) == 1) {
			id = xf_db_text(s, 0);
			rep = xf_db_text(s, 1);
			when = xf_db_text(s, 2);
			/* The latest by ID number, else by name and phone. */
			if (strcmp(when, at) <= 0) {
				if (pass == 0 || !by_id)
					xf_copy(head, len,
					    rep != NULL ? rep : id);
			} else if (xf_db_int(s, 3) == 1 &&
			    xf_buf_add(&l->ids, id, strlen(id) + 1) == -1) {
				xf_db_reset(s);
				seterr(l, "out of memory");
				return -1;
			}
		}
		if (rc == -1)
			return -1;
		by_id = head[0] != '\0';
	}
	return 0;
}

/* A JSON string, or null, into b. */
static int
json_string(struct xf_buf *b, const char *v)
{
	if (v == NULL)
		return xf_buf_adds(b, "null");
	return xf_buf_addc(b, '"') | xf_json_escape(b, v, strlen(v)) |
	    xf_buf_addc(b, '"');
}

/*
 * A member "key":{"old":…,"new":…} of the object b holds ("{" and its
 * members so far).
 */
static int
change_member(struct xf_buf *b, const char *key, const char *old,
    const char *new)
{
	int	 rc = 0;

	if (b->len > 1)
		rc |= xf_buf_addc(b, ',');
	rc |= json_string(b, key);
	rc |= xf_buf_adds(b, ":{\"old\":");
	rc |= json_string(b, old);
	rc |= xf_buf_adds(b, ",\"new\":");
	rc |= json_string(b, new);
	rc |= xf_buf_addc(b, '}');
	return rc ? -1 : 0;
}

/* An event whose details are one change: {"field":{"old":…,"new":…}}. */
static int
change_event(xf_ledger *l, const char *id, const char *action,
    const char *key, const char *old, const char *new, const char *more)
{
	struct xf_buf	*b = &l->details;
	int		 rc = 0;

	xf_buf_reset(b);
	rc |= xf_buf_addc(b, '{');
	rc |= change_member(b, key, old, new);
	if (more != NULL)
		rc |= xf_buf_printf(b, ",%s", more);
	rc |= xf_buf_addc(b, '}');
	if (rc != 0) {
		seterr(l, "out of memory");
		return -1;
	}
	return event(l, id, action, b->p);
}

/*
 * Put item id in the chain of head (or make it a first item: head
 * NULL), with an event; 0, or -1.
 */
static int
relink_one(xf_ledger *l, const char *id, const char *was, const char *head,
    const char *by)
{
	struct xf_stmt	*s = stmt(l, S_RELINK);
	char		 more[128];

	bind_text(s, 1, id);
	xf_db_bind_int(s, 2, head == NULL);
	bind_text(s, 3, head);
	if (step_row(l, s, "relinking a chain") != 0)
		return -1;
	snprintf(more, sizeof more, "\"by\":\"%s\"", by);
	return change_event(l, id, "relink", "repeat_of", was, head, more);
}

/*
 * The chains whose first items l->ids holds (received after the item by,
 * within the window) become part of the chain of head: they repeat it.
 */
static int
relink_later(xf_ledger *l, const char *head, const char *by)
{
	struct xf_stmt	*s = stmt(l, S_CHAIN);
	const char	*first, *id;
	struct xf_buf	 chain = { 0 };
	size_t		 off, k;
	int		 rc = 0;

	for (off = 0; rc == 0 && off < l->ids.len; off += strlen(first) + 1) {
		first = l->ids.p + off;
		xf_buf_reset(&chain);
		bind_text(s, 1, first);
		while ((rc = step_row(l, s, "relinking a chain")) == 1) {
			id = xf_db_text(s, 0);
			if (xf_buf_add(&chain, id, strlen(id) + 1) == -1) {
				xf_db_reset(s);
				rc = oom(l);
				break;
			}
		}
		if (rc == -1)
			break;
		rc = relink_one(l, first, NULL, head, by);
		for (k = 0; rc == 0 && k < chain.len; k += strlen(id) + 1) {
			id = chain.p + k;
			rc = relink_one(l, id, first, head, by);
		}
	}
	xf_buf_release(&chain);
	return rc;
}

/*
 * First or repeat, by receipt time (unless the input said), the chain's
 * finality, for an item about to be stored; its head into head ("" when
 * it heads none: a repeat of no item known).
 */
static int
chain_link(xf_ledger *l, xf_record *item, char *head, size_t len)
{
	const char	*first;
	int		 rc;

	if (kin(l, item, head, len) == -1)
		return -1;
	first = xf_record_get(item, XF_F_FIRST);
	if (first == NULL || xf_record_implied(item, XF_F_FIRST)) {
		if (put(l, item, XF_F_FIRST, head[0] ? "0" : "1") == -1)
			return -1;
		xf_record_set_implied(item, XF_F_FIRST);
		first = xf_record_get(item, XF_F_FIRST);
	}
	if (strcmp(first, "0") != 0 || head[0] == '\0') {
		if (strcmp(first, "0") != 0)
			xf_copy(head, len, xf_record_get(item, XF_F_ID));
		else
			head[0] = '\0';
		return put(l, item, XF_F_REPEAT_OF, NULL) == -1 ||
		    put(l, item, XF_F_NOT_AGAIN, NULL) == -1 ? -1 : 0;
	}
	/* A chain that holds a case closed as final: not again. */
	if (put(l, item, XF_F_REPEAT_OF, head) == -1 || (rc = has_row(l,
	    S_FINAL_CHAIN, head, "looking at the chain")) == -1)
		return -1;
	return put(l, item, XF_F_NOT_AGAIN, rc ? "1" : NULL);
}

/*
 * Work out anew whether item (stored as id) is a first item or which
 * chain it repeats, with a relink event (more: its other members) when
 * that changed; the head of its chain into head, for relink_later().
 */
static int
rechain(xf_ledger *l, xf_record *item, const char *id, const char *more,
    char *head, size_t len)
{
	const char	*v;
	char		*was = NULL;
	int		 rc = -1;

	if ((v = xf_record_get(item, XF_F_REPEAT_OF)) != NULL &&
	    (was = strdup(v)) == NULL)
		return oom(l);
	if (chain_link(l, item, head, len) == -1)
		goto out;
	v = xf_record_get(item, XF_F_REPEAT_OF);
	if ((was != NULL || v != NULL) && (was == NULL || v == NULL ||
	    strcmp(was, v) != 0) && change_event(l, id, "relink",
	    "repeat_of", was, v, more) == -1)
		goto out;
	rc = 0;
out:
	free(was);
	return rc;
}

/* The unknown columns of the item as a JSON object, or NULL for none. */
static char *
extra_json(const xf_record *item, int *err)
{
	cJSON		*o = NULL, *v;
	size_t		 i, n = xf_record_count(item), len;
	const char	*val;
	char		*out = NULL;

	*err = 0;
	for (i = 0; i < n; i++) {
		if (xf_record_field(item, i) >= 0)
			continue;
		if (o == NULL && (o = cJSON_CreateObject()) == NULL)
			goto fail;
		val = xf_record_value(item, i, &len);
		v = xf_record_raw(item, i) ? cJSON_CreateRaw(val) :
		    cJSON_CreateString(val);
		if (v == NULL)
			goto fail;
		cJSON_AddItemToObject(o, xf_record_key(item, i), v);
	}
	if (o == NULL)
		return NULL;
	if ((out = cJSON_PrintUnformatted(o)) == NULL)
		goto fail;
	cJSON_Delete(o);
	return out;
fail:
	cJSON_Delete(o);
	*err = 1;
	return NULL;
}

static int
event(xf_ledger *l, const char *id, const char *action, const char *details)
{
	struct xf_stmt	*s = stmt(l, S_EVENT);

	bind_text(s, 1, id);
	bind_text(s, 2, l->now);
	bind_text(s, 3, l->actor);
	bind_text(s, 4, l->program);
	bind_text(s, 5, action);
	bind_text(s, 6, details);
	if (l->batch_n > 0)
		xf_db_bind_int(s, 7, l->batch_n);
	else
		xf_db_bind_text(s, 7, NULL);
	return later(l, s, "writing the event of", id);
}

/* Column f's value in item, as stored: NULL for none (extra: given). */
static const char *
stored_value(const xf_record *item, int f, const char *extra)
{
	const char	*v;

	if (f == XF_F_STORED)
		return extra;
	v = xf_record_get(item, f);
	return v != NULL && *v != '\0' ? v : NULL;
}

/* Bind the stored fields of item, and extra, to s and run it. */
static int
store(xf_ledger *l, struct xf_stmt *s, const xf_record *item,
    const char *extra, const char *what)
{
	int	 f;

	for (f = 0; f <= XF_F_STORED; f++)
		bind_text(s, f + 1, stored_value(item, f, extra));
	return later(l, s, what, xf_record_get(item, XF_F_ID));
}

/*
 * The statement that sets the columns of cols of an item, ?1 its id,
 * then their values in column order: made once for a set, a few kept.
 */
static struct xf_stmt *
update_stmt(xf_ledger *l, const uint64_t cols[2])
{
	struct row_update	*u;
	struct xf_buf		 sql = { 0 };
	unsigned		 i;
	int			 f, n = 1, rc = 0;

	for (i = 0; i < UPDATES; i++) {
		u = &l->updates[i];
		if (u->stmt != NULL && u->cols[0] == cols[0] &&
		    u->cols[1] == cols[1])
			return u->stmt;
	}
	rc |= xf_buf_adds(&sql, "UPDATE items SET ");
	for (f = 0; f <= XF_F_STORED; f++)
		if (col_has(cols, f)) {
			rc |= xf_buf_printf(&sql, "%s\"%s\" = ?%d", n > 1 ?
			    ", " : "", column_name(f), n + 1);
			n++;
		}
	rc |= xf_buf_adds(&sql, " WHERE id = ?1");
	u = &l->updates[l->next_update++ % UPDATES];
	xf_db_finalize(u->stmt);
	u->stmt = rc == 0 ? l->db->be->prepare(l->db, sql.p, 1) : NULL;
	u->cols[0] = cols[0];
	u->cols[1] = cols[1];
	xf_buf_release(&sql);
	return u->stmt;
}

/*
 * Store item, changed, in its row: the columns whose values differ from
 * the row's alone, where the store asks (update_changed).  SQLite
 * rewrites the entries of every index of a column an UPDATE names,
 * changed or not, and keeps a statement journal of each page it
 * touches: naming every column (at 22e7382), xf-assign --accept
 * --dry-run of 3,000 cases of a 100,000 ledger took 3.54 G
 * instructions (callgrind), 2.25 G so.
 */
static int
update_row(xf_ledger *l, const xf_record *item, const char *extra,
    const char *what)
{
	struct xf_stmt	*s = NULL;
	uint64_t	 cols[2] = { 0, 0 };
	const char	*id = xf_record_get(item, XF_F_ID), *v, *o;
	int		 f, n, rc = XF_DB_DONE;

	if (l->db->be->update_changed) {
		s = stmt(l, S_READ);
		bind_text(s, 1, id);
		rc = xf_db_step(s);
	}
	for (f = 0; f <= XF_F_STORED; f++) {
		if (f == XF_F_ID)
			continue;
		v = stored_value(item, f, extra);
		/* Without the row (or a store's), every column. */
		o = rc == XF_DB_ROW && xf_db_type(s, f) != XF_V_NULL ?
		    xf_db_text(s, f) : NULL;
		if (rc != XF_DB_ROW || (v == NULL) != (o == NULL) ||
		    (v != NULL && strcmp(v, o) != 0))
			col_add(cols, f);
	}
	xf_db_reset(s);
	if (rc == XF_DB_ERROR)
		return dberr(l, what);
	if (cols[0] == 0 && cols[1] == 0)
		return 0;
	if ((s = update_stmt(l, cols)) == NULL)
		return dberr(l, what);
	bind_text(s, 1, id);
	for (f = 0, n = 2; f <= XF_F_STORED; f++)
		if (col_has(cols, f))
			bind_text(s, n++, stored_value(item, f, extra));
	return later(l, s, what, id);
}

/*
 * The deadline of a new item: its acceptance, accept_days from receipt.
 * 0, XF_REG_ERROR, or XF_REG_CONFIG when the calendar lacks the year.
 */
static int
acceptance_due(xf_ledger *l, xf_record *item)
{
	int		 n = xf_settings_limit(l->set, XF_LIM_ACCEPT);
	const char	*why;
	char		 day[16], days[16];
	xf_day		 d;

	if (xf_day_parse(xf_record_get(item, XF_F_RECEIVED_AT),
	    xf_settings_tz(l->set), &d, &why) == -1 ||
	    xf_deadline(xf_settings_calendar(l->set), d, n, XF_COUNT_CALENDAR,
	    xf_settings_roll(l->set), &d, &why) == -1) {
		seterr(l, "%s", why);
		return XF_REG_CONFIG;
	}
	snprintf(days, sizeof days, "%d", n);
	if (xf_record_set(item, XF_F_DUE, xf_day_format(d, day, sizeof day),
	    10, 0) == -1 ||
	    xf_record_set(item, XF_F_DUE_DAYS, days, strlen(days), 0) == -1) {
		seterr(l, "out of memory");
		return -1;
	}
	return 0;
}

/*
 * Where a row came from, as JSON members added to b ("file", "line", a
 * workbook's "sheet"): what a register or correction event says.
 */
static int
origin_details(struct xf_buf *b, const xf_record *item)
{
	const char	*file = xf_record_file(item), *sheet;

	if (xf_buf_adds(b, "\"file\":\"") == -1 ||
	    xf_json_escape(b, file ? file : "-", strlen(file ? file : "-")) ==
	    -1 || xf_buf_printf(b, "\",\"line\":%ld", xf_record_line(item)) ==
	    -1)
		return -1;
	if ((sheet = xf_record_sheet(item)) != NULL &&
	    (xf_buf_adds(b, ",\"sheet\":\"") == -1 ||
	    xf_json_escape(b, sheet, strlen(sheet)) == -1 ||
	    xf_buf_addc(b, '"') == -1))
		return -1;
	return 0;
}

/*
 * The register event's details: where the item came from, and the
 * values normalising made others of, as given ("original": a 15-digit
 * ID number made one of 18).
 */
static int
register_details(struct xf_buf *b, const xf_record *item)
{
	const char	*v;
	int		 f, n = 0;

	xf_buf_reset(b);
	if (xf_buf_addc(b, '{') == -1 || origin_details(b, item) == -1)
		return -1;
	for (f = 0; f < XF_F_COUNT; f++) {
		if ((v = xf_record_given(item, f)) == NULL)
			continue;
		if (xf_buf_adds(b, n++ == 0 ? ",\"original\":{\"" :
		    ",\"") == -1 ||
		    xf_buf_adds(b, xf_field_name(f)) == -1 ||
		    xf_buf_adds(b, "\":\"") == -1 ||
		    xf_json_escape(b, v, strlen(v)) == -1 ||
		    xf_buf_addc(b, '"') == -1)
			return -1;
	}
	if (n > 0 && xf_buf_addc(b, '}') == -1)
		return -1;
	return xf_buf_addc(b, '}');
}

/* How an item registered already was found. */
enum match { M_NONE, M_ID, M_REF, M_PRINT, M_NEAR };

/*
 * find_same()'s lookup of the items like item (a likeness of the ID
 * number, else of the name and phone), bound.
 */
static struct xf_stmt *
print_bound(xf_ledger *l, const xf_record *item, int64_t like)
{
	const char	*idn = xf_record_get(item, XF_F_ID_NUMBER);
	const char	*phone = xf_record_get(item, XF_F_PHONE);
	struct xf_stmt	*s;

	s = stmt(l, idn != NULL ? S_PRINT_ID : phone != NULL ? S_PRINT_PHONE :
	    S_PRINT_ANON);
	xf_db_bind_int(s, 1, like);
	if (idn != NULL || phone != NULL)
		bind_text(s, 2, idn != NULL ? idn : phone);
	return s;
}

/*
 * The lookups the registration of item makes, sent at once where the
 * store can (PostgreSQL: one round trip for them all, and the writes
 * of the item before), each bound as find_same(), new_id() and kin()
 * bind it, so that theirs read what was sent: its id's (or, on a day
 * the batch numbers, the next number's), its ref's, its likeness's,
 * and its kin's.  Where any of them binds another value, that one is
 * run then.
 */
static void
prefetch(xf_ledger *l, const xf_record *item, int64_t like, int known)
{
	const char	*id = xf_record_get(item, XF_F_ID);
	const char	*ref = xf_record_get(item, XF_F_REF);
	struct day_count *d;
	char		 next[72], from[32], to[32], l1[256];
	struct xf_stmt	*s;
	int		 pass;

	if (id == NULL && (d = day_found(l,
	    xf_record_get(item, XF_F_RECEIVED_AT))) != NULL) {
		day_id(l, d, d->n + 1, next, sizeof next);
		id = next;
	}
	if (id != NULL) {
		bind_text(s = stmt(l, S_EXISTS), 1, id);
		xf_db_send(s);
	}
	if (ref != NULL) {
		bind_text(s = stmt(l, S_BY_REF), 1, ref);
		xf_db_send(s);
	}
	if (known)
		xf_db_send(print_bound(l, item, like));
	if (id == NULL || kin_window(l, item, from, to, l1, sizeof l1) == -1)
		return;
	for (pass = 0; pass < 2; pass++)
		if ((s = kin_bound(l, item, pass, from, to, l1, id)) != NULL)
			xf_db_send(s);
}

/*
 * The item registered already that item is, into l->existing: by its id,
 * its ref, or (a ref not registered) the fingerprint of an item without
 * one; a row without a ref also by likeness, a near duplicate (*more:
 * how many others are).  Returns the match, or -1.
 */
static int
find_same(xf_ledger *l, const xf_record *item, int64_t fp, int64_t like,
    int known, int *more)
{
	const char	*ref = xf_record_get(item, XF_F_REF);
	const char	*id = xf_record_get(item, XF_F_ID);
	struct xf_stmt	*s;
	int		 rc, m = M_NONE;

	*more = 0;
	if (id != NULL && (rc = xf_ledger_exists(l, id)) != 0) {
		if (rc == -1)
			return -1;
		snprintf(l->existing, sizeof l->existing, "%s", id);
		return M_ID;
	}
	if (ref != NULL) {
		s = stmt(l, S_BY_REF);
		bind_text(s, 1, ref);
		if ((rc = step_row(l, s, "looking up the ref")) == -1)
			return -1;
		if (rc == 1) {
			snprintf(l->existing, sizeof l->existing, "%s",
			    xf_db_text(s, 0));
			xf_db_reset(s);
			return M_REF;
		}
	}
	if (known == 0)
		return m;
	s = print_bound(l, item, like);
	while ((rc = step_row(l, s, "looking up the fingerprint")) == 1) {
		/* A row with a ref is another's only if that has none. */
		if (ref != NULL && xf_db_int(s, 3))
			continue;
		if (xf_db_int(s, 1) == fp) {
			snprintf(l->existing, sizeof l->existing, "%s",
			    xf_db_text(s, 0));
			xf_db_reset(s);
			return M_PRINT;
		}
		if (ref != NULL || known != (XF_ID_PERSON | XF_ID_TEXT))
			continue;
		if (m == M_NEAR)
			++*more;
		else {
			m = M_NEAR;
			snprintf(l->existing, sizeof l->existing, "%s",
			    xf_db_text(s, 0));
		}
	}
	return rc == -1 ? -1 : m;
}

/*
 * Whether input field f of item (not its id) differs from the stored
 * case: a correction.
 */
static int
differs(const xf_record *item, const xf_record *old, int f)
{
	const char	*v = xf_record_get(item, f), *o;

	if (f == XF_F_ID || !xf_field_input(f) || v == NULL || *v == '\0' ||
	    xf_record_implied(item, f) || (xf_personal(f) && xf_masked(v)))
		return 0;
	o = xf_record_get(old, f);
	return o == NULL || strcmp(o, v) != 0;
}

/* Whether an extra column of item (pair i) differs from the stored one. */
static int
extra_differs(const xf_record *item, const xf_record *old, size_t i)
{
	size_t		 len;
	const char	*v = xf_record_value(item, i, &len), *o;

	if (xf_record_field(item, i) >= 0 || len == 0)
		return 0;
	o = xf_record_get_key(old, xf_record_key(item, i));
	return o == NULL || strcmp(o, v) != 0;
}

/* The fields whose change moves an item in or out of a chain. */
static int
chain_field(int f)
{
	return f == XF_F_RECEIVED_AT || f == XF_F_ID_NUMBER ||
	    f == XF_F_NAME || f == XF_F_PHONE || f == XF_F_CATEGORY ||
	    f == XF_F_FIRST;
}

/*
 * What differs between item and the case it is, l->old, named in the
 * message ("received_at, phone"); how many things differ.
 */
static int
differences(xf_ledger *l, const xf_record *item, char *list, size_t len)
{
	size_t	 i, n = 0, used = 0;
	int	 f, count = 0;
	const char *name;

	list[0] = '\0';
	for (f = 0; f < XF_F_COUNT; f++) {
		if (!differs(item, l->old, f))
			continue;
		name = xf_field_name(f);
		if (used < len)
			used += (size_t)snprintf(list + used, len - used,
			    "%s%s", count++ ? ", " : "", name);
	}
	n = xf_record_count(item);
	for (i = 0; i < n; i++) {
		if (!extra_differs(item, l->old, i))
			continue;
		name = xf_record_key(item, i);
		if (used < len)
			used += (size_t)snprintf(list + used, len - used,
			    "%s%s", count++ ? ", " : "", name);
	}
	return count;
}

/*
 * The case l->old corrected on what item gives: each change an event,
 * the flags, the acceptance deadline and the chain worked out anew; the
 * case as stored into item.
 */
static enum xf_register
update(xf_ledger *l, xf_record *item)
{
	struct xf_buf	 where = { 0 };
	char		 id[72], head[72], *extra = NULL;
	const char	*v, *o, *status;
	size_t		 i, n, len;
	int		 f, bad, chain = 0, rc = XF_REG_ERROR;

	snprintf(id, sizeof id, "%s", l->existing);
	if (origin_details(&where, item) == -1)
		goto nomem;
	for (f = 0; f < XF_F_COUNT; f++) {
		if (!differs(item, l->old, f))
			continue;
		v = xf_record_get(item, f);
		o = xf_record_get(l->old, f);
		if (change_event(l, id, "update", xf_field_name(f), o, v,
		    where.p) == -1)
			goto out;
		if (xf_record_set(l->old, f, v, strlen(v), 0) == -1)
			goto nomem;
		chain |= chain_field(f);
	}
	n = xf_record_count(item);
	for (i = 0; i < n; i++) {
		if (!extra_differs(item, l->old, i))
			continue;
		v = xf_record_value(item, i, &len);
		o = xf_record_get_key(l->old, xf_record_key(item, i));
		if (change_event(l, id, "update", xf_record_key(item, i), o, v,
		    where.p) == -1)
			goto out;
		if (xf_record_set_key(l->old, xf_record_key(item, i), v, len,
		    xf_record_raw(item, i)) == -1)
			goto nomem;
	}
	if (xf_item_derive(l->set, l->old) == -1)
		goto nomem;
	status = xf_record_get(l->old, XF_F_STATUS);
	if (status != NULL && strcmp(status, "registered") == 0 &&
	    (rc = acceptance_due(l, l->old)) != 0)
		goto out;
	rc = XF_REG_ERROR;
	if (chain) {
		/* The input's first is kept; else worked out anew. */
		if (xf_record_get(item, XF_F_FIRST) == NULL)
			xf_record_set_implied(l->old, XF_F_FIRST);
		if (rechain(l, l->old, id, where.p, head, sizeof head) == -1)
			goto out;
	}
	xf_record_sort(l->old);
	extra = extra_json(l->old, &bad);
	if (bad)
		goto nomem;
	if (placed(l, id, 0) == -1 || update_row(l, l->old, extra,
	    "correcting the item") == -1 || placed(l, id, 1) == -1)
		goto out;
	if (chain && head[0] != '\0' && relink_later(l, head, id) == -1)
		goto out;
	rc = read_case(l, id, item) == 1 ? XF_REG_UPDATED : XF_REG_ERROR;
	goto out;
nomem:
	oom(l);
out:
	cJSON_free(extra);
	xf_buf_release(&where);
	return rc;
}

/*
 * An item registered already (match m, the case in l->old): nothing to
 * do, a correction, or a refusal that says what differs.
 */
static enum xf_register
registered(xf_ledger *l, xf_record *item, unsigned flags, int m, int more)
{
	const char	*ref = xf_record_get(item, XF_F_REF), *into;
	char		 list[256], q[72];
	int		 rc;

	if ((rc = read_case(l, l->existing, l->old)) != 1)
		return XF_REG_ERROR;
	/* A duplicate merged into another (xf-edit --merge-into) is that. */
	if ((into = xf_record_get(l->old, XF_F_MERGED_INTO)) != NULL) {
		snprintf(q, sizeof q, "%s", l->existing);
		snprintf(l->existing, sizeof l->existing, "%s", into);
		seterr(l, "already registered as %s (%s, merged into it)",
		    l->existing, q);
		return XF_REG_DUPLICATE;
	}
	if (xf_record_get(l->old, XF_F_VOIDED_AT) != NULL) {
		seterr(l, "id '%s' is voided: xf-edit --unvoid brings it "
		    "back", l->existing);
		return XF_REG_DIFFERS;
	}
	if (m == M_NEAR && more > 0) {
		seterr(l, "a near duplicate of %s and %d other item%s (the "
		    "same petitioner and text, received at other times): "
		    "--new registers it as another", l->existing, more,
		    more > 1 ? "s" : "");
		return XF_REG_DIFFERS;
	}
	if (differences(l, item, list, sizeof list) == 0) {
		if (m == M_ID)
			seterr(l, "id '%s' already registered", l->existing);
		else if (m == M_REF)
			seterr(l, "ref '%s' already registered as %s",
			    xf_quote(ref, q, sizeof q), l->existing);
		else
			seterr(l, "already registered as %s (the same "
			    "receipt time, petitioner and text)",
			    l->existing);
		return XF_REG_DUPLICATE;
	}
	if (flags & XF_REG_UPDATE) {
		if ((rc = update(l, item)) == XF_REG_UPDATED)
			seterr(l, "%s: %s corrected", l->existing, list);
		return rc;
	}
	switch (m) {
	case M_ID:
		seterr(l, "id '%s' registered with a different %s: "
		    "--update corrects it", l->existing, list);
		break;
	case M_REF:
		seterr(l, "ref '%s' registered as %s with a different %s: "
		    "--update corrects it", xf_quote(ref, q, sizeof q),
		    l->existing, list);
		break;
	case M_PRINT:
		seterr(l, "registered as %s (the same receipt time, "
		    "petitioner and text) with a different %s: --update "
		    "corrects it", l->existing, list);
		break;
	default:
		seterr(l, "a near duplicate of %s (the same petitioner and "
		    "text, received at %s): --update corrects that item, "
		    "--new registers this one as another", l->existing,
		    xf_record_get(l->old, XF_F_RECEIVED_AT));
		break;
	}
	return XF_REG_DIFFERS;
}

/* A receipt time after now (and the clock skew allowed); 0, or -1. */
static int
future(xf_ledger *l, const xf_record *item)
{
	const char	*at = xf_record_get(item, XF_F_RECEIVED_AT), *why;
	struct xf_time	 t;
	char		 q[64];

	if (xf_time_parse(at, xf_settings_tz(l->set), &t, &why) == -1) {
		seterr(l, "received_at '%s': %s", xf_quote(at, q, sizeof q),
		    why);
		return -1;
	}
	if (t.t > l->now_t + (int64_t)xf_settings_clock_skew(l->set) * 60) {
		seterr(l, "received_at '%s': in the future (now is %s)",
		    xf_quote(at, q, sizeof q), l->now);
		return -1;
	}
	return 0;
}

/* A lock's key: the hash of what it stands for, a kind and a value. */
static unsigned
lock_key(char kind, const void *v, size_t len)
{
	return (unsigned)(xf_hash64(xf_hash64(XF_HASH64, &kind, 1), v, len) %
	    LOCKS);
}

/*
 * Where several write at once (PostgreSQL): the registration of item
 * serialised with every other one of the same id, ref, fingerprint, ID
 * number or phone, whichever office's, until the batch ends, so that
 * the identity and repeat lookups that follow see them all.  The keys
 * fall in LOCKS buckets (two registrations may wait for each other
 * without need, never one for itself): a batch, however large, holds
 * at most LOCKS locks, taken once each, in the order of their numbers
 * for each item.
 */
static int
serialise(xf_ledger *l, const xf_record *item, int64_t fp, int known)
{
	static const struct {
		char	 kind;
		int	 field;
	} by[] = {
		{ 'd', XF_F_ID }, { 'r', XF_F_REF }, { 'i', XF_F_ID_NUMBER },
		{ 'p', XF_F_PHONE },
	};
	unsigned	 b[5], k;
	int64_t		 keys[5];
	const char	*v;
	char		 f[24];
	size_t		 i, j, n = 0, m = 0;

	for (i = 0; i < sizeof by / sizeof by[0]; i++) {
		if ((v = xf_record_get(item, by[i].field)) != NULL)
			b[n++] = lock_key(by[i].kind, v, strlen(v));
		if (by[i].field == XF_F_REF && known)
			b[n++] = lock_key('f', f, (size_t)snprintf(f,
			    sizeof f, "%lld", (long long)fp));
	}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && b[j - 1] > b[j]; j--) {
			k = b[j];
			b[j] = b[j - 1];
			b[j - 1] = k;
		}
	/* Those held already not again (a batch that fails lets all go). */
	for (i = 0; i < n; i++)
		if (!(l->held[b[i] / 8] & 1 << b[i] % 8)) {
			l->held[b[i] / 8] |= 1 << b[i] % 8;
			keys[m++] = LOCK_BASE + b[i];
		}
	if (xf_db_lock(l->db, keys, m) == -1)
		return dberr(l, "waiting for the batches of the same petitioner");
	return 0;
}

/*
 * The lookups prefetch() sent that the registration did not read (it
 * ended before): forgotten, so that the next, bound alike, reads the
 * ledger as it is then.
 */
static void
unfetch(xf_ledger *l)
{
	static const enum stmt sent[] = { S_EXISTS, S_BY_REF, S_PRINT_ID,
	    S_PRINT_PHONE, S_PRINT_ANON, S_BY_ID_NUMBER, S_BY_NAME_PHONE };
	size_t	 i;

	/* (One never prepared was never sent.) */
	for (i = 0; i < sizeof sent / sizeof sent[0]; i++)
		xf_db_reset(l->stmt[sent[i]]);
}

static enum xf_register
register_item(xf_ledger *l, xf_record *item, unsigned flags,
    const char **existing)
{
	const char	*id = xf_record_get(item, XF_F_ID);
	struct xf_stmt	*s;
	char		 newid[72], head[72], *extra = NULL;
	int64_t		 fp, like;
	int		 rc, bad, f, m, more, known;

	*existing = NULL;
	if (future(l, item) == -1)
		return XF_REG_ERROR;
	known = xf_item_identity(item, &fp, &like);
	if (serialise(l, item, fp, known) == -1)
		return XF_REG_ERROR;
	prefetch(l, item, like, known);
	if ((m = find_same(l, item, fp, like, known, &more)) == -1)
		return XF_REG_ERROR;
	if (m != M_NONE && !(m == M_NEAR && (flags & XF_REG_AS_NEW))) {
		*existing = l->existing;
		return registered(l, item, flags, m, more);
	}
	for (f = 0; f < XF_F_COUNT; f++)
		if (xf_personal(f) && xf_masked(xf_record_get(item, f))) {
			seterr(l, "%s: a masked value (an export made without "
			    "--reveal) is not registered", xf_field_name(f));
			return XF_REG_ERROR;
		}
	if (id == NULL) {
		if (new_id(l, xf_record_get(item, XF_F_RECEIVED_AT), newid,
		    sizeof newid) == -1)
			return XF_REG_ERROR;
		if (xf_record_set(item, XF_F_ID, newid, strlen(newid),
		    0) == -1)
			goto nomem;
	}
	if (chain_link(l, item, head, sizeof head) == -1)
		return XF_REG_ERROR;
	if (xf_record_set(item, XF_F_STATUS, "registered", 10, 0) == -1 ||
	    xf_record_set(item, XF_F_REGISTERED_AT, l->now, strlen(l->now),
	    0) == -1)
		goto nomem;
	if ((rc = acceptance_due(l, item)) != 0)
		return rc;
	xf_record_sort(item);
	extra = extra_json(item, &bad);
	if (bad)
		goto nomem;
	s = stmt(l, S_INSERT);
	if (known) {
		xf_db_bind_int(s, XF_F_STORED + 2, fp);
		xf_db_bind_int(s, XF_F_STORED + 3, like);
	} else {
		bind_text(s, XF_F_STORED + 2, NULL);
		bind_text(s, XF_F_STORED + 3, NULL);
	}
	rc = store(l, s, item, extra, "storing the item");
	cJSON_free(extra);
	if (rc != 0)
		return XF_REG_ERROR;
	xf_case_derive(l->set, item, today(l));
	xf_record_sort(item);
	id = xf_record_get(item, XF_F_ID);
	if (register_details(&l->details, item) == -1)
		goto nomem;
	if (place_added(l, item) == -1 ||
	    event(l, id, "register", l->details.p) == -1)
		return XF_REG_ERROR;
	/* Chains of items received after it, in its window, join its own. */
	if (head[0] != '\0' && l->ids.len > 0 &&
	    relink_later(l, head, id) == -1)
		return XF_REG_ERROR;
	return XF_REG_NEW;
nomem:
	seterr(l, "out of memory");
	return XF_REG_ERROR;
}

enum xf_register
xf_ledger_register(xf_ledger *l, xf_record *item, unsigned flags,
    const char **existing)
{
	enum xf_register rc;

	if (xf_ledger_adding(l) == -1)
		return XF_REG_ERROR;
	rc = register_item(l, item, flags, existing);
	unfetch(l);
	return rc;
}

int
xf_ledger_adding(xf_ledger *l)
{
	if ((l->added++ & 4095) == 0 && l->db->be->adding(l->db) == -1)
		return dberr(l, "sizing the ledger's cache");
	return 0;
}

void
xf_filter_init(struct xf_filter *f)
{
	memset(f, 0, sizeof *f);
	f->first = f->collective = f->skip_level = f->key_case = -1;
	f->threat = -1;
	f->due_within = -1;
	f->limit = -1;
}

static int
is_day(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	size_t	 i;

	for (i = 0; i < sizeof shape - 1; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') :
		    s[i] != '-')
			return 0;
	return s[i] == '\0';
}

/* sql prepared with its n parameters bound, or NULL (what failed). */
static struct xf_stmt *
prepare_bound(xf_ledger *l, const char *sql, const char *const *params,
    int n, const char *what)
{
	struct xf_stmt	*s;
	int		 i;

	if ((s = xf_db_prepare(l->db, sql)) == NULL) {
		dberr(l, what);
		return NULL;
	}
	for (i = 0; i < n; i++)
		xf_db_bind_copy(s, i + 1, params[i]);
	return s;
}

/*
 * A filter's place and days (--region, --from, --to), each clause
 * naming its parameter ?%1$d, as an index can serve them (items_region,
 * items_received) or as a scan of the items in the order registered
 * tests them (the column hidden from the indexes: || '').  A code's
 * prefix is a range: codes are digits.
 */
static const struct {
	size_t		 off;
	const char	*indexed;
	const char	*scanned;
} place[] = {
	{ offsetof(struct xf_filter, region),
	    "region BETWEEN ?%1$d AND ?%1$d || '~'",
	    "region || '' BETWEEN ?%1$d AND ?%1$d || '~'" },
	{ offsetof(struct xf_filter, from), "received_at >= ?%1$d",
	    "received_at || '' >= ?%1$d" },
	{ offsetof(struct xf_filter, to), "received_at < date(?%1$d, '+1 day')",
	    "received_at || '' < date(?%1$d, '+1 day')" },
};

/*
 * Append f's place clauses (scanned or indexed) to sql, their values
 * to params from *n, each joined by AND or, first, WHERE (*any).
 */
static int
place_clauses(const struct xf_filter *f, int scanned, struct xf_buf *sql,
    const char **params, int *n, int *any)
{
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < sizeof place / sizeof place[0]; i++) {
		const char *v = *(const char *const *)((const char *)f +
		    place[i].off);

		if (v == NULL)
			continue;
		params[(*n)++] = v;
		rc |= xf_buf_adds(sql, (*any)++ ? " AND " : " WHERE ");
		rc |= xf_buf_printf(sql, scanned ? place[i].scanned :
		    place[i].indexed, *n);
	}
	return rc;
}

/*
 * How a list in the order registered finds the items of a place or of
 * days.  Few of them (under PLACE_FEW) are looked up in their index,
 * then read by rowid in order, the first rows after a sort of that many
 * rowids.  Many (a county: 550,000 of 1M) are found by reading the
 * items in order, the rowids bounded by those of the days (when the
 * days hold at most PLACE_DAYS items, else not at all), when the first
 * PLACE_RUN rows of that read hold 100 of them: the first rows come at
 * once, where the sort of a county's rowids took a second.  Else (the
 * days unbounded, the items registered out of order) as before: a
 * place from its index, days as the store chooses.  A store whose
 * rowid order is no order of its table (PostgreSQL) is given the filter
 * as it is: there a read in order is a scan of the whole table, and the
 * lookup in the index a sort of all it finds.
 */
#define PLACE_FEW	10000
#define PLACE_DAYS	50000
#define PLACE_RUN	5000

struct place_plan {
	int	 few;	/* under PLACE_FEW */
	int	 scanned;	/* read in order */
	int64_t	 lo, hi;	/* the rowids of the days */
};

/*
 * The lowest and highest rowid of f's days (given) into p, or of all
 * items when the days hold more than PLACE_DAYS.
 */
static int
days_bounds(xf_ledger *l, const struct xf_filter *f, struct place_plan *p)
{
	struct xf_filter days;
	struct xf_buf	 sql = { 0 };
	struct xf_stmt	*s;
	const char	*params[sizeof place / sizeof place[0]];
	int		 n = 0, any = 0, rc = 0, more;

	xf_filter_init(&days);
	days.from = f->from;
	days.to = f->to;
	rc |= xf_buf_adds(&sql, "SELECT min(r), max(r), count(*) FROM"
	    " (SELECT rowid AS r FROM items");
	rc |= place_clauses(&days, 0, &sql, params, &n, &any);
	rc |= xf_buf_printf(&sql, " LIMIT %d) AS d", PLACE_DAYS + 1);
	if (rc != 0 || (s = prepare_bound(l, sql.p, params, n,
	    "selecting")) == NULL) {
		if (rc != 0)
			seterr(l, "out of memory");
		xf_buf_release(&sql);
		return -1;
	}
	xf_buf_release(&sql);
	if (xf_db_step(s) != XF_DB_ROW) {
		dberr(l, "selecting");
		xf_db_finalize(s);
		return -1;
	}
	more = xf_db_int(s, 2) > PLACE_DAYS;
	if (!more) {
		p->lo = xf_db_int(s, 0);
		p->hi = xf_db_int(s, 1);
	}
	xf_db_finalize(s);
	return 0;
}

/*
 * The integer the statement in sql (rc: whether building it failed)
 * gives with its n params, or -1 with the message; sql released.
 */
static int64_t
int_of(xf_ledger *l, struct xf_buf *sql, int rc, const char **params, int n,
    const char *what)
{
	struct xf_stmt	*s;
	int64_t		 c = -1;

	if (rc != 0) {
		xf_buf_release(sql);
		seterr(l, "out of memory");
		return -1;
	}
	s = prepare_bound(l, sql->p, params, n, what);
	xf_buf_release(sql);
	if (s == NULL)
		return -1;
	if (xf_db_step(s) == XF_DB_ROW)
		c = xf_db_int(s, 0);
	else
		dberr(l, what);
	xf_db_finalize(s);
	return c;
}

/*
 * How many of f's items the place clauses (scanned or indexed) and then
 * tail find, or -1 (an error).
 */
static int64_t
place_count(xf_ledger *l, const struct xf_filter *f, int scanned,
    const char *tail)
{
	struct xf_buf	 sql = { 0 };
	const char	*params[sizeof place / sizeof place[0]];
	int		 n = 0, any = 0, rc = 0;

	rc |= xf_buf_adds(&sql, "SELECT count(*) FROM (SELECT 1 FROM"
	    " live_items");
	rc |= place_clauses(f, scanned, &sql, params, &n, &any);
	rc |= xf_buf_adds(&sql, tail);
	rc |= xf_buf_adds(&sql, ") AS p");
	return int_of(l, &sql, rc, params, n, "selecting");
}

/*
 * How many items of f's place (region, given) and days a store that
 * keeps place_days counts there (none: -2), or -1 (an error): a row a
 * place and day, where the items' index gives an entry an item.
 */
static int64_t
place_days_count(xf_ledger *l, const struct xf_filter *f)
{
	struct xf_buf	 sql = { 0 };
	const char	*params[3];
	int		 n = 0, rc;

	if (l->db->be->place_days == XF_PLACES_NONE || f->region == NULL)
		return -2;
	params[n++] = f->region;
	rc = xf_buf_printf(&sql, "SELECT ifnull(sum(%s), 0) FROM place_days"
	    " WHERE region BETWEEN ?1 AND ?1 || '~'", l->include_void ?
	    "items" : "live");
	if (f->from != NULL) {
		params[n++] = f->from;
		rc |= xf_buf_printf(&sql, " AND day >= ?%d", n);
	}
	if (f->to != NULL) {
		params[n++] = f->to;
		rc |= xf_buf_printf(&sql, " AND day <= ?%d", n);
	}
	return int_of(l, &sql, rc, params, n, "counting");
}

/*
 * Whether the PLACE_RUN rows from rowid p->lo hold 100 of f's items
 * (1), not (0), or an error (-1).
 */
static int
place_run(xf_ledger *l, const struct xf_filter *f,
    const struct place_plan *p)
{
	char	 tail[80];
	int64_t	 c;

	snprintf(tail, sizeof tail, " AND rowid BETWEEN %lld AND %lld LIMIT"
	    " 100", (long long)p->lo, (long long)p->lo + PLACE_RUN);
	c = place_count(l, f, 1, tail);
	return c < 0 ? -1 : c == 100;
}

/*
 * How f's place is found (p), -1 on an error: the index probed, else a
 * read in order from the first item of the days (given, and holding at
 * most PLACE_DAYS), or of all.  How many a place holds, from place_days
 * where the store keeps it.
 */
static int
place_plan(xf_ledger *l, const struct xf_filter *f, struct place_plan *p)
{
	char	 tail[32];
	int64_t	 c;
	int	 rc;

	p->few = p->scanned = 0;
	p->lo = 0;
	p->hi = INT64_MAX;
	snprintf(tail, sizeof tail, " LIMIT %d", PLACE_FEW);
	if ((c = place_days_count(l, f)) == -2)
		c = place_count(l, f, 0, tail);
	if (c < PLACE_FEW) {
		p->few = 1;
		return c < 0 ? -1 : 0;
	}
	if ((f->from != NULL || f->to != NULL) && days_bounds(l, f, p) == -1)
		return -1;
	if ((rc = place_run(l, f, p)) == -1)
		return -1;
	p->scanned = rc == 1;
	return 0;
}

/*
 * The WHERE clause of a filter, and its parameters in order.  Each
 * clause names its parameter ?%1$d, numbered as it is added.  A count
 * reads the indexes as they are; a list in the order registered
 * (listing) finds a place and its days as place_plan() chooses.
 * *others (unless NULL): whether f asks more than a place and days.
 */
static int
where(xf_ledger *l, const struct xf_filter *f, struct xf_buf *sql,
    const char **params, int *nparams, int listing, int *others)
{
	static const struct {
		size_t		 off;
		const char	*clause;
	} eq[] = {
		{ offsetof(struct xf_filter, id), "id = ?%1$d" },
		{ offsetof(struct xf_filter, ref), "ref = ?%1$d" },
		{ offsetof(struct xf_filter, channel), "channel = ?%1$d" },
		{ offsetof(struct xf_filter, source), "source = ?%1$d" },
		{ offsetof(struct xf_filter, lodged_level),
		    "lodged_level = ?%1$d" },
		{ offsetof(struct xf_filter, status), "status = ?%1$d" },
		{ offsetof(struct xf_filter, unit), "unit = ?%1$d" },
		{ offsetof(struct xf_filter, category),
		    "(category = ?%1$d OR substr(category, 1,"
		    " length(?%1$d) + 1) = ?%1$d || '/')" },
		{ offsetof(struct xf_filter, text),
		    "(instr(title, ?%1$d) > 0 OR instr(content, ?%1$d) > 0)" },
		{ offsetof(struct xf_filter, claim), "claim = ?%1$d" },
		{ offsetof(struct xf_filter, risk), "risk = ?%1$d" },
		/* Served by items_handler and items_lead. */
		{ offsetof(struct xf_filter, handler), "handler = ?%1$d" },
		{ offsetof(struct xf_filter, lead), "lead = ?%1$d" },
	};
	static const struct {
		size_t		 off;
		const char	*column;
	} flags[] = {
		{ offsetof(struct xf_filter, first), "\"first\"" },
		{ offsetof(struct xf_filter, collective), "collective" },
		{ offsetof(struct xf_filter, skip_level), "skip_level" },
		{ offsetof(struct xf_filter, key_case), "IFNULL(key_case, 0)" },
	};
	size_t	 i;
	struct place_plan plan = { 0, 0, 0, 0 };
	int	 n = 0, any = 0, rc = 0, planned, places;

	if ((f->from != NULL && !is_day(f->from)) ||
	    (f->to != NULL && !is_day(f->to))) {
		seterr(l, "a date range needs days as YYYY-MM-DD");
		return -1;
	}
	/* A day of the calendar: no store is asked of a '2017-13-01'. */
	for (i = 0; i < 2; i++) {
		const char	*day = i == 0 ? f->from : f->to, *why;
		xf_day		 d;

		if (day != NULL && xf_day_parse(day, xf_settings_tz(l->set),
		    &d, &why) == -1) {
			seterr(l, "'%s': %s", day, why);
			return -1;
		}
	}
	/*
	 * Where the order registered is a sort anyway, the filter as it is:
	 * the store's planner, with its statistics, chooses.
	 */
	planned = listing && l->db->be->rowid_order && (f->region != NULL ||
	    f->from != NULL || f->to != NULL);
	if (planned && place_plan(l, f, &plan) == -1)
		return -1;
	if (plan.scanned) {
		rc |= place_clauses(f, 1, sql, params, &n, &any);
		rc |= xf_buf_printf(sql, " AND rowid BETWEEN %lld AND %lld",
		    (long long)plan.lo, (long long)plan.hi);
	} else if (planned && (f->region != NULL || plan.few)) {
		rc |= xf_buf_adds(sql, " WHERE rowid IN (SELECT rowid FROM"
		    " live_items");
		rc |= place_clauses(f, 0, sql, params, &n, &any);
		rc |= xf_buf_adds(sql, ")");
	} else
		rc |= place_clauses(f, 0, sql, params, &n, &any);
	places = any;
	for (i = 0; i < sizeof eq / sizeof eq[0]; i++) {
		const char *v = *(const char *const *)((const char *)f +
		    eq[i].off);

		if (v == NULL)
			continue;
		params[n++] = v;
		rc |= xf_buf_adds(sql, any++ ? " AND " : " WHERE ");
		rc |= xf_buf_printf(sql, eq[i].clause, n);
	}
	/*
	 * A petitioner's items, each way of finding them a lookup in an
	 * index: as an OR of the two, PostgreSQL read every item (a person
	 * of a 1M ledger 338 ms there, 0.6 ms of 100,000 as these).
	 */
	if (f->person_id != NULL) {
		params[n++] = f->person_id;
		rc |= xf_buf_adds(sql, any++ ? " AND " : " WHERE ");
		rc |= xf_buf_printf(sql, "id IN (SELECT id FROM live_items WHERE"
		    " id_number = ?%1$d UNION ALL SELECT id FROM live_items WHERE"
		    " id_number IS NULL AND phone IS NOT NULL AND (name, phone) IN"
		    " (SELECT name, phone FROM live_items WHERE id_number = ?%1$d"
		    " AND phone IS NOT NULL))", n);
	}
	if (f->person_name != NULL && f->person_phone != NULL) {
		params[n++] = f->person_name;
		params[n++] = f->person_phone;
		rc |= xf_buf_adds(sql, any++ ? " AND " : " WHERE ");
		rc |= xf_buf_printf(sql, "id IN (SELECT id FROM live_items WHERE"
		    " name = ?%1$d AND phone = ?%2$d UNION ALL SELECT id FROM"
		    " live_items WHERE id_number IN (SELECT id_number FROM"
		    " live_items WHERE name = ?%1$d AND phone = ?%2$d AND"
		    " id_number IS NOT NULL))", n - 1, n);
	}
	for (i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		int v = *(const int *)((const char *)f + flags[i].off);

		if (v < 0)
			continue;
		rc |= xf_buf_printf(sql, " %s %s = %d", any++ ? "AND" :
		    "WHERE", flags[i].column, v != 0);
	}
	/*
	 * A case once, however many of its visits threatened; the visits
	 * so marked, few, lead to the cases by their primary key.
	 */
	if (f->threat >= 0)
		rc |= xf_buf_printf(sql, " %s id %sIN (SELECT item FROM visits"
		    " WHERE threat = 1)", any++ ? "AND" : "WHERE",
		    f->threat ? "" : "NOT ");
	if (f->due_state != NULL || f->due_within >= 0) {
		const char *clause = NULL;

		if (set_now(l) == -1)
			return -1;
		params[n++] = l->today;
		if (f->due_within >= 0)
			rc |= xf_buf_printf(sql, " %s due >= ?%d AND due <= "
			    "date(?%d, '+%d days')", any++ ? "AND" : "WHERE",
			    n, n, f->due_within);
		if (f->due_state == NULL)
			;
		else if (strcmp(f->due_state, "on_time") == 0)
			clause = "due > date(?%1$d, '+%2$d days')";
		else if (strcmp(f->due_state, "due_soon") == 0)
			clause = "due >= ?%1$d AND due <= date(?%1$d, "
			    "'+%2$d days')";
		else if (strcmp(f->due_state, "overdue") == 0)
			clause = "due < ?%1$d";
		else if (strcmp(f->due_state, "very_overdue") == 0)
			clause = "date(due, '+' || due_days || ' days') < ?%1$d";
		else {
			seterr(l, "'%s': not a deadline state", f->due_state);
			return -1;
		}
		if (clause != NULL) {
			rc |= xf_buf_adds(sql, any++ ? " AND " : " WHERE ");
			rc |= xf_buf_printf(sql, clause, n,
			    xf_settings_limit(l->set, XF_LIM_DUE_SOON));
		}
	}
	*nparams = n;
	if (others != NULL)
		*others = any > places;
	if (rc != 0) {
		seterr(l, "out of memory");
		return -1;
	}
	return 0;
}

/*
 * What a list of f's items is ordered by: the order registered.  Where
 * that is an index's (PostgreSQL's items_rowid), not the table's, days
 * are looked up in theirs and sorted: read in the order of rowid, as
 * the planner chose, a month of 2017 was looked for from the first item
 * of 2016 (0.38 s of 1M items where the sort took 0.08).
 */
static int
days_sorted(const xf_ledger *l, const struct xf_filter *f)
{
	return !l->db->be->rowid_order && (f->from != NULL || f->to != NULL);
}

static const char *
list_order(const xf_ledger *l, const struct xf_filter *f)
{
	return days_sorted(l, f) ? "rowid + 0" : "rowid";
}

static struct xf_stmt *
prepare_filtered(xf_ledger *l, const char *head, const struct xf_filter *f,
    int limit)
{
	struct xf_buf	 sql = { 0 };
	const char	*params[24], *order = list_order(l, f);
	struct xf_stmt	*s = NULL;
	int		 n, first = limit && f->limit >= 0 && days_sorted(l, f);

	/*
	 * The first of days sorted: their rowids first, from the days'
	 * index alone (PostgreSQL's items_received holds them, schema 20),
	 * then those rows.  The days' rows read whole to be sorted took 50
	 * of the 62 ms of a county's month's first 100 (16,000 of 1M).
	 */
	if (xf_buf_adds(&sql, head) == -1 || (first && xf_buf_adds(&sql,
	    " WHERE rowid IN (SELECT rowid FROM live_items") == -1) ||
	    where(l, f, &sql, params, &n, limit, NULL) == -1)
		goto out;
	if (first)
		xf_buf_printf(&sql, " ORDER BY %s LIMIT %ld) ORDER BY rowid",
		    order, f->limit);
	else if (limit && f->limit >= 0)
		xf_buf_printf(&sql, " ORDER BY %s LIMIT %ld", order, f->limit);
	else if (limit)
		xf_buf_printf(&sql, " ORDER BY %s", order);
	s = prepare_bound(l, sql.p, params, n, "selecting");
out:
	xf_buf_release(&sql);
	return s;
}

static xf_cursor *cursor(xf_ledger *, struct xf_stmt *, int);

xf_cursor *
xf_ledger_select(xf_ledger *l, const struct xf_filter *f)
{
	struct xf_stmt	*s;

	struct xf_buf	 head = { 0 };

	if (xf_buf_adds(&head, "SELECT ") == -1 ||
	    columns(&head, C_NAMES) == -1 ||
	    xf_buf_adds(&head, " FROM live_items") == -1) {
		xf_buf_release(&head);
		seterr(l, "out of memory");
		return NULL;
	}
	s = prepare_filtered(l, head.p, f, 1);
	xf_buf_release(&head);
	if (s == NULL)
		return NULL;
	return cursor(l, s, 1);
}

/* A cursor over the rows of s (taken over); items or plain rows. */
static xf_cursor *
cursor(xf_ledger *l, struct xf_stmt *s, int items)
{
	xf_cursor	*c;
	const char	*why;

	if (set_now(l) == -1 || (c = calloc(1, sizeof *c)) == NULL) {
		xf_db_finalize(s);
		seterr(l, "out of memory");
		return NULL;
	}
	c->l = l;
	c->stmt = s;
	c->items = items;
	xf_day_parse(l->today, xf_settings_tz(l->set), &c->today, &why);
	return c;
}

int
xf_ledger_count(xf_ledger *l, const struct xf_filter *f, int64_t *n)
{
	struct xf_buf	 sql = { 0 };
	const char	*params[24];
	int64_t		 c = -2;
	int		 np, others;

	if (xf_buf_adds(&sql, "SELECT count(*) FROM live_items") == -1) {
		seterr(l, "out of memory");
		return -1;
	}
	if (where(l, f, &sql, params, &np, 0, &others) == -1) {
		xf_buf_release(&sql);
		return -1;
	}
	/* A place (and days) alone: as many as its days' counts add. */
	if (!others && (c = place_days_count(l, f)) != -2)
		xf_buf_release(&sql);
	else
		c = int_of(l, &sql, 0, params, np, "counting");
	if (c == -1)
		return -1;
	*n = f->limit >= 0 && c > f->limit ? f->limit : c;
	return 0;
}

/* The rows sql (with ?1 the case's id) gives for case id. */
static xf_cursor *
case_rows(xf_ledger *l, const char *id, const char *sql, const char *what)
{
	struct xf_stmt	*s;
	int		 rc;

	if ((rc = xf_ledger_exists(l, id)) != 1) {
		if (rc == 0)
			seterr(l, "no item '%s' in the ledger", id);
		return NULL;
	}
	if ((s = xf_db_prepare(l->db, sql)) == NULL) {
		dberr(l, what);
		return NULL;
	}
	xf_db_bind_copy(s, 1, id);
	return cursor(l, s, 0);
}

xf_cursor *
xf_ledger_history(xf_ledger *l, const char *id)
{
	return case_rows(l, id, "SELECT seq, item, at, actor, program, action,"
	    " details FROM events WHERE item = ?1 ORDER BY seq",
	    "reading the history");
}

/*
 * The end of the JSON value at p, in text cJSON printed (no white
 * space): the ',' or '}' that follows it.
 */
static const char *
json_value_end(const char *p)
{
	int	 depth = 0, in_string = 0;

	for (; *p != '\0'; p++) {
		if (in_string) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			else if (*p == '"')
				in_string = 0;
			continue;
		}
		if (*p == '"')
			in_string = 1;
		else if (*p == '[' || *p == '{')
			depth++;
		else if ((*p == ']' || *p == '}') && depth-- == 0)
			return p;
		else if (*p == ',' && depth == 0)
			return p;
	}
	return p;
}

/*
 * Add the members of the extra column's JSON object to r.  Strings come
 * from cJSON; any other value is kept as the text stored, so a number
 * keeps every digit.
 */
static int
add_extra(xf_record *r, const char *json)
{
	cJSON		*o, *m;
	const char	*p, *v, *e;
	int		 rc = 0;

	if ((o = cJSON_Parse(json)) == NULL || !cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return -1;
	}
	p = json + 1;
	for (m = o->child; m != NULL && rc == 0; m = m->next) {
		/* The key's string, then ':', then the value. */
		for (e = p + 1; *e != '\0'; e++)
			if (*e == '\\')
				e++;
			else if (*e == '"')
				break;
		if (e[0] != '"' || e[1] != ':') {
			rc = -1;
			break;
		}
		v = e + 2;
		e = json_value_end(v);
		if (cJSON_IsString(m))
			rc = xf_record_add(r, m->string, strlen(m->string),
			    m->valuestring, strlen(m->valuestring), 0);
		else
			rc = xf_record_add(r, m->string, strlen(m->string), v,
			    (size_t)(e - v), 1);
		p = e + 1;
	}
	cJSON_Delete(o);
	return rc;
}

int
xf_cursor_next(xf_cursor *c, xf_record *r)
{
	struct xf_stmt	*s = c->stmt;
	int		 rc, i, n, type;
	const char	*v;

	rc = xf_db_step(s);
	if (rc == XF_DB_DONE)
		return 0;
	if (rc != XF_DB_ROW)
		return dberr(c->l, "reading");
	xf_record_clear(r);
	n = xf_db_count(s);
	for (i = 0; i < n; i++) {
		type = xf_db_type(s, i);
		if (type == XF_V_NULL && c->items)
			continue;
		v = type == XF_V_NULL ? "" :
		    xf_db_text(s, i);
		if (c->items && i == XF_F_STORED)
			rc = add_extra(r, v);
		else if (c->items)
			rc = xf_record_set(r, i, v,
			    (size_t)xf_db_bytes(s, i), 0);
		else {
			/*
			 * Plain rows keep every column, so CSV keeps its
			 * shape: NULL is an empty raw value (JSON null);
			 * numbers, the JSON details and the booleans of
			 * the reports (a visit's threat, an open rate) are
			 * raw too.
			 */
			const char *k = xf_db_colname(s, i);

			rc = xf_record_add(r, k, strlen(k), v,
			    (size_t)xf_db_bytes(s, i),
			    type == XF_V_NULL || type == XF_V_INT ||
			    type == XF_V_FLOAT || strcmp(k, "details") == 0 ||
			    ((strcmp(k, "threat") == 0 || strcmp(k, "open") ==
			    0) && (strcmp(v, "true") == 0 || strcmp(v,
			    "false") == 0)));
		}
		if (rc == -1) {
			seterr(c->l, "out of memory, or a bad stored value");
			return -1;
		}
	}
	if (c->items) {
		xf_case_derive(c->l->set, r, c->today);
		xf_record_sort(r);
	}
	return 1;
}

void
xf_cursor_free(xf_cursor *c)
{
	if (c == NULL)
		return;
	xf_db_finalize(c->stmt);
	free(c);
}

/* ------------------------------------------------------------------ */
/* Casework                                                            */

static int
same_text(const char *a, const char *b)
{
	return b != NULL && strcmp(a, b) == 0;
}

/* The event of a visit: what was recorded, as a JSON object. */
static int
visit_details(struct xf_buf *b, const char *at, const struct xf_visit *v)
{
	const char	*keys[] = { "at", "visitor", "kind", "participants",
			    "outcome", "notes" };
	const char	*vals[] = { at, v->visitor, v->kind, v->participants,
			    v->outcome, v->notes };
	size_t		 i;
	int		 rc = xf_buf_addc(b, '{');

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (vals[i] == NULL)
			continue;
		rc |= xf_buf_printf(b, "%s\"%s\":\"", b->len > 1 ? "," : "",
		    keys[i]);
		rc |= xf_json_escape(b, vals[i], strlen(vals[i]));
		rc |= xf_buf_addc(b, '"');
	}
	rc |= xf_buf_printf(b, ",\"threat\":%s}", v->threat ? "true" :
	    "false");
	return rc ? -1 : 0;
}

/*
 * Read case id into item; 1 found, 0 not (message set), -1 error.  In
 * a batch, the batch is first serialised with every other that reads
 * the case to change it (where several write at once), so that what
 * is read is what the last of them left, and two never apply a step
 * to the same state.  also, bound or NULL: a statement of the case the
 * caller reads next, sent with the case's (xf_db_send()).
 */
static int
read_case_also(xf_ledger *l, const char *id, xf_record *item,
    struct xf_stmt *also)
{
	struct xf_stmt	*s = stmt(l, S_READ);
	xf_cursor	 c = { .l = l, .stmt = s, .items = 1,
			    .today = today(l) };
	int		 rc;

	if (l->batch && strcmp(id, l->locked) != 0) {
		if (l->db->be->lock_item(l->db, id) == -1)
			return dberr(l, "waiting for the batches changing "
			    "the case");
		xf_copy(l->locked, sizeof l->locked, id);
	}
	if (also != NULL)
		xf_db_send(also);
	bind_text(s, 1, id);
	rc = xf_cursor_next(&c, item);
	xf_db_reset(s);
	if (rc == 0)
		seterr(l, "no item '%s' in the ledger", id);
	return rc;
}

static int
read_case(xf_ledger *l, const char *id, xf_record *item)
{
	return read_case_also(l, id, item, NULL);
}

/* Read case id, not voided, into item: as read_case_also(). */
static int
live_case_also(xf_ledger *l, const char *id, xf_record *item,
    struct xf_stmt *also)
{
	int	 rc;

	if ((rc = read_case_also(l, id, item, also)) != 1)
		return rc;
	if (xf_record_get(item, XF_F_VOIDED_AT) == NULL)
		return 1;
	seterr(l, "%s is voided (xf-edit --unvoid brings it back)", id);
	return 0;
}

static int
live_case(xf_ledger *l, const char *id, xf_record *item)
{
	return live_case_also(l, id, item, NULL);
}

/* Store the case as changed. */
static int
save_row(xf_ledger *l, xf_record *item)
{
	char	*extra;
	int	 bad, rc;

	xf_record_sort(item);
	extra = extra_json(item, &bad);
	if (bad) {
		seterr(l, "out of memory");
		return -1;
	}
	rc = update_row(l, item, extra, "storing the case");
	cJSON_free(extra);
	return rc;
}

/* Store the case as changed, and the step's event. */
static int
save_case(xf_ledger *l, xf_record *item, const char *action,
    const char *details)
{
	if (save_row(l, item) == -1)
		return -1;
	return event(l, xf_record_get(item, XF_F_ID), action, details);
}

static enum xf_applied
apply(xf_ledger *l, xf_record *item, const struct xf_step *st)
{
	enum xf_applied	 rc;
	xf_day		 delivered = -1;

	/* A review window runs from the delivery of the answer contested. */
	if ((st->action == XF_ACT_REVIEW || st->action == XF_ACT_REREVIEW) &&
	    xf_document_delivered(l, item, st->action == XF_ACT_REVIEW ?
	    XF_DOC_OPINION : XF_DOC_REVIEW, &delivered) == -1)
		return XF_STEP_ERROR;
	rc = xf_case_apply_delivered(l->set, item, st, l->now, delivered,
	    &l->details, l->msg, sizeof l->msg);
	if (rc != XF_APPLIED)
		return rc;
	/* The ledger still holds the handling a reopening ends. */
	if (st->action == XF_ACT_REOPEN) {
		struct xf_stmt *s = stmt(l, S_KEEP_HANDLING);

		bind_text(s, 1, xf_record_get(item, XF_F_ID));
		xf_db_bind_int(s, 2, l->batch_n);
		if (step_row(l, s, "keeping the handling") != 0)
			return XF_STEP_ERROR;
	}
	if (save_case(l, item, xf_action_name(st->action), l->details.p) == -1)
		return XF_STEP_ERROR;
	return rc;
}

enum xf_applied
xf_ledger_step(xf_ledger *l, const char *id, const struct xf_step *st,
    xf_record *item)
{
	struct xf_step	 accept;
	const char	*status;
	enum xf_applied	 rc;

	if ((rc = live_case(l, id, item)) != 1)
		return rc == 0 ? XF_REFUSED : XF_STEP_ERROR;
	/* Assigning a registered case accepts it first: two events. */
	status = xf_record_get(item, XF_F_STATUS);
	if (st->action == XF_ACT_ASSIGN && status != NULL &&
	    strcmp(status, "registered") == 0 && st->unit != NULL) {
		xf_step_init(&accept, XF_ACT_ACCEPT);
		accept.at = st->at;
		accept.simplified = st->simplified;
		accept.new_facts = st->new_facts;
		if ((rc = apply(l, item, &accept)) != XF_APPLIED)
			return rc;
	}
	rc = apply(l, item, st);
	/* What is printed is the case as stored, worked out anew. */
	if (rc == XF_APPLIED && read_case(l, id, item) != 1)
		return XF_STEP_ERROR;
	return rc;
}

enum xf_applied
xf_ledger_visit(xf_ledger *l, const char *id, const struct xf_visit *v,
    xf_record *item)
{
	static const char *const kinds[] = {
		"phone", "in-person", "three-party", "lead", NULL
	};
	static const char *const outcomes[] = {
		"satisfied", "basic", "unsatisfied", "unreachable", NULL
	};
	struct xf_stmt	*s = stmt(l, S_VISIT);
	struct xf_time	 t;
	const char	*why, *status, *o;
	char		 at[32];
	xf_day		 day, replied;
	int		 i, rc;

	if ((rc = live_case(l, id, item)) != 1)
		return rc == 0 ? XF_REFUSED : XF_STEP_ERROR;
	for (i = 0; kinds[i] != NULL && !same_text(kinds[i], v->kind); i++)
		;
	if (kinds[i] == NULL) {
		seterr(l, "cannot visit: kind '%s': not phone, in-person, "
		    "three-party or lead", v->kind ? v->kind : "");
		return XF_REFUSED;
	}
	for (i = 0; outcomes[i] != NULL && !same_text(outcomes[i],
	    v->outcome); i++)
		;
	if (v->outcome != NULL && outcomes[i] == NULL) {
		seterr(l, "cannot visit: outcome '%s': not satisfied, basic, "
		    "unsatisfied or unreachable", v->outcome);
		return XF_REFUSED;
	}
	if (xf_time_parse(v->at ? v->at : l->now, xf_settings_tz(l->set), &t,
	    &why) == -1) {
		seterr(l, "cannot visit: date '%s': %s", v->at, why);
		return XF_REFUSED;
	}
	xf_time_format(t, xf_settings_tz(l->set), at, sizeof at);
	xf_day_parse(at, xf_settings_tz(l->set), &day, &why);
	if (day > today(l)) {
		seterr(l, "cannot visit: %s is in the future", at);
		return XF_REFUSED;
	}
	/* A lead official visits while the case is handled; others after the reply. */
	status = xf_record_get(item, XF_F_STATUS);
	if (strcmp(v->kind, "lead") == 0 ? strcmp(status, "registered") == 0 ||
	    strcmp(status, "transferred") == 0 ||
	    strcmp(status, "refused") == 0 :
	    xf_record_get(item, XF_F_REPLIED_AT) == NULL) {
		seterr(l, "cannot visit: %s", strcmp(v->kind, "lead") == 0 ?
		    "the case is not being handled" : "no reply yet");
		return XF_REFUSED;
	}
	if (strcmp(v->kind, "lead") != 0 &&
	    (xf_day_parse(xf_record_get(item, XF_F_REPLIED_AT),
	    xf_settings_tz(l->set), &replied, &why) == -1 || day < replied)) {
		seterr(l, "cannot visit: %s is before the reply", at);
		return XF_REFUSED;
	}
	bind_text(s, 1, id);
	bind_text(s, 2, at);
	bind_text(s, 3, v->visitor);
	bind_text(s, 4, v->kind);
	bind_text(s, 5, v->participants);
	bind_text(s, 6, v->outcome);
	bind_text(s, 7, v->notes);
	xf_db_bind_int(s, 8, v->threat != 0);
	xf_db_bind_int(s, 9, l->batch_n);
	if (step_row(l, s, "storing the visit") != 0)
		return XF_STEP_ERROR;
	if (xf_db_changes(l->db) == 0)
		return XF_ALREADY;
	/* The satisfaction is the evaluation of the latest visit that got one. */
	s = stmt(l, S_LAST_OUTCOME);
	bind_text(s, 1, id);
	if ((rc = step_row(l, s, "reading the evaluation")) == -1)
		return XF_STEP_ERROR;
	o = rc == 1 ? xf_db_text(s, 0) : NULL;
	rc = o != NULL && xf_record_set(item, XF_F_SATISFACTION, o, strlen(o),
	    0) == -1;
	xf_db_reset(s);
	if (rc) {
		seterr(l, "out of memory");
		return XF_STEP_ERROR;
	}
	xf_buf_reset(&l->details);
	if (visit_details(&l->details, at, v) == -1) {
		seterr(l, "out of memory");
		return XF_STEP_ERROR;
	}
	if (save_case(l, item, "visit", l->details.p) == -1 ||
	    read_case(l, id, item) != 1)
		return XF_STEP_ERROR;
	return XF_APPLIED;
}

xf_cursor *
xf_ledger_visits(xf_ledger *l, const char *id)
{
	return case_rows(l, id, "SELECT item AS id, at, visitor, kind,"
	    " participants, outcome, notes, json(CASE threat WHEN 1 THEN"
	    " 'true' ELSE 'false' END) AS threat FROM visits WHERE item = ?1"
	    " ORDER BY at, seq", "reading the visits");
}

/*
 * The cases of the filter (s, its limit the first cases) joined with
 * their earlier handlings, as they ended, and with the items for the
 * one in force.
 */
xf_cursor *
xf_ledger_handlings(xf_ledger *l, const struct xf_filter *f, int n)
{
	struct xf_buf	 sql = { 0 };
	const char	*params[24];
	struct xf_stmt	*s = NULL;
	int		 np, rc;

	if (n < 0) {
		seterr(l, "%d: not a handling number", n);
		return NULL;
	}
	if (xf_buf_adds(&sql, "WITH s AS (SELECT rowid AS seq, id FROM"
	    " live_items") == -1) {
		seterr(l, "out of memory");
		goto out;
	}
	if (where(l, f, &sql, params, &np, 0, NULL) == -1)
		goto out;
	rc = f->limit >= 0 ? xf_buf_printf(&sql, " ORDER BY %s LIMIT %ld",
	    list_order(l, f), f->limit) : 0;
	rc |= xf_buf_adds(&sql, ") SELECT id, handling, opened_at AS"
	    " reopened_at, " HANDLING_COLUMNS " FROM (SELECT seq, item AS id,"
	    " n AS handling,"
	    " opened_at, " HANDLING_COLUMNS " FROM s JOIN handlings"
	    " ON item = s.id");
	if (n > 0)
		rc |= xf_buf_printf(&sql, " AND n = %d", n);
	rc |= xf_buf_adds(&sql, " UNION ALL SELECT seq, id, IFNULL(handling,"
	    " 1), reopened_at, " HANDLING_COLUMNS " FROM s JOIN live_items"
	    " USING (id)");
	if (n > 0)
		rc |= xf_buf_printf(&sql, " WHERE IFNULL(handling, 1) = %d", n);
	rc |= xf_buf_adds(&sql, ") ORDER BY seq, handling");
	if (rc != 0) {
		seterr(l, "out of memory");
		goto out;
	}
	s = prepare_bound(l, sql.p, params, np, "reading the handlings");
out:
	xf_buf_release(&sql);
	return s != NULL ? cursor(l, s, 0) : NULL;
}

xf_cursor *
xf_ledger_visits_due(xf_ledger *l)
{
	struct xf_stmt	*s;
	char		 sql[2048];

	if (set_now(l) == -1)
		return NULL;
	snprintf(sql, sizeof sql,
	    /* Replied, and no returning visit yet. */
	    "SELECT * FROM (SELECT id, 'visit' AS owed, date(substr(replied_at,"
	    " 1, 10), '+%d days') AS since, unit, handler, lead FROM live_items"
	    " i WHERE replied_at IS NOT NULL AND NOT EXISTS"
	    " (SELECT 1 FROM visits v WHERE v.item = i.id AND v.kind !="
	    " 'lead' AND v.at >= i.replied_at)) AS a WHERE since <= ?1"
	    " UNION ALL"
	    /* A lead official, no visit of theirs in lead_visit_days. */
	    " SELECT * FROM (SELECT id, 'lead-visit' AS owed, date(substr("
	    "IFNULL((SELECT max(at) FROM visits v WHERE v.item = i.id AND"
	    " v.kind = 'lead'), accepted_at), 1, 10), '+%d days') AS since,"
	    " unit, handler, lead FROM live_items i WHERE lead IS NOT NULL AND"
	    " status IN (" XF_HANDLED_STATUSES ")) AS b WHERE since <= ?1"
	    " UNION ALL"
	    /* Unsatisfied, and no three-party visit since. */
	    " SELECT id, 'three-party', substr(u.at, 1, 10) AS since, unit,"
	    " handler,"
	    " lead FROM live_items i JOIN (SELECT item, max(at) AS at FROM visits"
	    " WHERE outcome = 'unsatisfied' GROUP BY item) u ON u.item = i.id"
	    " WHERE i.satisfaction = 'unsatisfied' AND NOT EXISTS (SELECT 1"
	    " FROM visits v WHERE v.item = i.id AND v.kind = 'three-party'"
	    " AND v.at > u.at)"
	    " ORDER BY since, id",
	    xf_settings_limit(l->set, XF_LIM_VISIT_AFTER),
	    xf_settings_limit(l->set, XF_LIM_LEAD_VISIT));
	if ((s = xf_db_prepare(l->db, sql)) == NULL) {
		dberr(l, "listing the visits due");
		return NULL;
	}
	xf_db_bind_copy(s, 1, l->today);
	return cursor(l, s, 0);
}

int
xf_ledger_load(xf_ledger *l, const char *column, const char *name,
    int64_t *n)
{
	struct xf_stmt	*s = stmt(l, S_LOAD);
	int		 rc;

	bind_text(s, 1, column);
	bind_text(s, 2, name);
	if ((rc = step_row(l, s, "counting open cases")) != 1)
		return -1;
	*n = xf_db_int(s, 0);
	xf_db_reset(s);
	return 0;
}

xf_cursor *
xf_ledger_reopen_due(xf_ledger *l)
{
	struct xf_stmt	*s;

	if ((s = xf_db_prepare(l->db, "SELECT c.id, c.closed_at,"
	    " c.close_basis, r.id AS repeat, r.received_at FROM live_items r"
	    " JOIN live_items c ON r.repeat_of = c.id WHERE c.status = 'closed'"
	    " AND c.close_basis IS NOT 'final'"
	    " AND r.received_at > c.closed_at ORDER BY r.received_at, r.id")) == NULL) {
		dberr(l, "listing the cases to reopen");
		return NULL;
	}
	return cursor(l, s, 0);
}

xf_cursor *
xf_ledger_query(xf_ledger *l, const char *sql, const char *const *params,
    int nparams)
{
	struct xf_stmt	*s;
	int		 i;

	if ((s = xf_db_prepare(l->db, sql)) == NULL) {
		dberr(l, "counting");
		return NULL;
	}
	for (i = 0; i < nparams; i++)
		xf_db_bind_copy(s, i + 1, params[i]);
	return cursor(l, s, 0);
}

/* What the modules with SQL of their own (document.c) use. */
struct xf_db *
xf_ledger_db(xf_ledger *l)
{
	return l->db;
}

const char *
xf_ledger_now(const xf_ledger *l)
{
	return l->now;
}

const xf_settings *
xf_ledger_settings(const xf_ledger *l)
{
	return l->set;
}

int
xf_ledger_event(xf_ledger *l, const char *id, const char *action,
    const char *details)
{
	return event(l, id, action, details);
}

int
xf_ledger_read(xf_ledger *l, const char *id, xf_record *item)
{
	return read_case(l, id, item);
}

int
xf_ledger_fail(xf_ledger *l, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(l->msg, sizeof l->msg, fmt, ap);
	va_end(ap);
	return -1;
}

int
xf_ledger_dberr(xf_ledger *l, const char *what)
{
	return dberr(l, what);
}

/* ------------------------------------------------------------------ */
/* Classification                                                      */

/* The recorded sources of a case's classification fields. */
static int
read_sources(xf_ledger *l, const char *id, enum xf_source prov[XF_C_COUNT])
{
	struct xf_stmt	*s = stmt(l, S_PROV_GET);
	const char	*field, *source;
	int		 rc, c;

	for (c = 0; c < XF_C_COUNT; c++)
		prov[c] = XF_SRC_NONE;
	bind_text(s, 1, id);
	while ((rc = xf_db_step(s)) == XF_DB_ROW) {
		field = xf_db_text(s, 0);
		source = xf_db_text(s, 1);
		c = field ? xf_cfield_of(xf_field_find(field, strlen(field))) :
		    -1;
		if (c >= 0 && source != NULL)
			prov[c] = xf_source_parse(source);
	}
	xf_db_reset(s);
	return rc == XF_DB_DONE ? 0 : dberr(l, "reading the sources");
}

/*
 * Before the sources of case id's classification change: where the
 * ledger keeps their image (else the store's trigger does), the first
 * time the batch changes them, the sources as they stand, as a JSON
 * object, which an undo puts back (restore()).
 */
static int
sources_image(xf_ledger *l, const char *id)
{
	struct xf_stmt	*s;

	if (!l->db->be->sources_images || !l->batch)
		return 0;
	s = stmt(l, S_SOURCES_IMAGE);
	xf_db_bind_int(s, 1, l->batch_n);
	bind_text(s, 2, id);
	return later(l, s, "keeping the sources of", id);
}

static int
write_source(xf_ledger *l, const char *id, int field, enum xf_source src)
{
	struct xf_stmt	*s = stmt(l, S_PROV_PUT);

	if (sources_image(l, id) == -1)
		return -1;
	bind_text(s, 1, id);
	bind_text(s, 2, xf_field_name(field));
	bind_text(s, 3, xf_source_name(src));
	return later(l, s, "storing the sources of", id);
}

enum xf_applied
xf_ledger_classify(xf_ledger *l, const char *id, struct xf_classifier *cl,
    xf_record *item, struct xf_class_result *res)
{
	enum xf_source	 prov[XF_C_COUNT];
	struct xf_stmt	*s;
	int		 rc, c, n;

	memset(res, 0, sizeof *res);
	bind_text(s = stmt(l, S_PROV_GET), 1, id);
	rc = live_case_also(l, id, item, s);
	if (rc != 1) {
		/* The sources sent with it, not read: forgotten. */
		xf_db_reset(s);
		return rc == 0 ? XF_REFUSED : XF_STEP_ERROR;
	}
	if (read_sources(l, id, prov) == -1)
		return XF_STEP_ERROR;
	if ((n = xf_class_decide(cl, l->set, item, prov, res,
	    &l->details)) == -1) {
		seterr(l, "out of memory");
		return XF_STEP_ERROR;
	}
	if (n == 0)
		return XF_ALREADY;
	for (c = 0; c < XF_C_COUNT; c++)
		if (res->changed[c] && write_source(l, id, xf_cfield_field(c),
		    prov[c]) == -1)
			return XF_STEP_ERROR;
	s = stmt(l, S_CLASS_PUT);
	bind_text(s, 1, id);
	for (c = 0; c < XF_C_COUNT; c++) {
		const char *v = xf_record_get(item, xf_cfield_field(c));

		bind_text(s, c + 2, v != NULL && *v != '\0' ? v : NULL);
	}
	if (later(l, s, "storing the classification of", id) == -1 ||
	    event(l, id, "classify", l->details.p) == -1)
		return XF_STEP_ERROR;
	/* Nothing worked out when read depends on these fields. */
	xf_record_sort(item);
	return XF_APPLIED;
}

int
xf_fold(const char *id, int k)
{
	uint32_t h = xf_hash(id, strlen(id));

	if (k <= 1)
		return 0;
	/* FNV's low bits mix poorly: fold the high ones in. */
	h ^= h >> 15;
	return (int)(h % (uint32_t)k);
}

static int
fold_sql(int argc, const char *const *v, int64_t *n, const char **text)
{
	(void)argc;
	(void)text;
	*n = v[0] == NULL ? -1 : xf_fold(v[0], v[1] ? atoi(v[1]) : 0);
	return XF_V_INT;
}

/* A field of an item in the training rows: its value when a person's. */
#define PERSONS(f) \
	" CASE WHEN " f " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM" \
	" classified c WHERE c.item = i.id AND c.field = '" f "' AND" \
	" c.source != 'person') THEN " f " END AS " f

xf_cursor *
xf_ledger_training(xf_ledger *l, int k, int fold)
{
	struct xf_stmt	*s;
	const char	*sql = "SELECT id, title, content, category, purpose,"
	    " claim, risk, key_case FROM (SELECT i.rowid AS r, id, title,"
	    " content," PERSONS("category") "," PERSONS("purpose") ","
	    PERSONS("claim") "," PERSONS("risk") "," PERSONS("key_case")
	    " FROM live_items i WHERE ?1 <= 0 OR xf_fold(id, ?1) = ?2)"
	    " AS t WHERE category IS NOT NULL OR purpose IS NOT NULL OR claim"
	    " IS NOT NULL OR risk IS NOT NULL OR key_case IS NOT NULL"
	    " ORDER BY r";

	if (l->db->be->function(l->db, "xf_fold", 2, fold_sql) == -1 ||
	    (s = xf_db_prepare(l->db, sql)) == NULL) {
		dberr(l, "reading the classified items");
		return NULL;
	}
	xf_db_bind_int(s, 1, k);
	xf_db_bind_int(s, 2, fold);
	return cursor(l, s, 0);
}

int
xf_ledger_model_drop(xf_ledger *l, const char *name)
{
	if (run_with(l, "DELETE FROM models WHERE name = ?1", name,
	    "removing the model") == -1)
		return -1;
	return xf_db_changes(l->db) > 0;
}

int
xf_ledger_model_put(xf_ledger *l, const char *name, const xf_model *m)
{
	struct xf_stmt	*s;
	void		*data;
	size_t		 len;
	int		 rc;

	if (set_now(l) == -1)
		return -1;
	if (xf_model_save(m, &data, &len) == -1) {
		seterr(l, "out of memory");
		return -1;
	}
	if ((s = xf_db_prepare(l->db, "INSERT INTO models (name, trained_at,"
	    " actor, examples, labels, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT (name) DO UPDATE SET trained_at = excluded.trained_at,"
	    " actor = excluded.actor, examples = excluded.examples,"
	    " labels = excluded.labels, data = excluded.data")) == NULL) {
		free(data);
		return dberr(l, "storing the model");
	}
	bind_text(s, 1, name);
	bind_text(s, 2, l->now);
	bind_text(s, 3, l->actor);
	xf_db_bind_int(s, 4, (int64_t)xf_model_examples(m));
	xf_db_bind_int(s, 5, (int64_t)xf_model_labels(m));
	xf_db_bind_blob(s, 6, data, len);
	rc = xf_db_step(s) == XF_DB_DONE ? 0 : dberr(l, "storing the model");
	xf_db_finalize(s);
	return rc;
}

int
xf_ledger_model_get(xf_ledger *l, const char *name, xf_model **model,
    char *trained_at, size_t len, int64_t *examples)
{
	struct xf_stmt	*s;
	char		 why[256];
	int		 rc, old;

	*model = NULL;
	if ((s = xf_db_prepare(l->db, "SELECT data, trained_at, examples"
	    " FROM models WHERE name = ?1")) == NULL)
		return dberr(l, "reading the model");
	bind_text(s, 1, name);
	rc = xf_db_step(s);
	if (rc == XF_DB_DONE) {
		xf_db_finalize(s);
		return 0;
	}
	if (rc != XF_DB_ROW) {
		dberr(l, "reading the model");
		xf_db_finalize(s);
		return -1;
	}
	*model = xf_model_load(xf_db_blob(s, 0),
	    (size_t)xf_db_bytes(s, 0), why, sizeof why);
	old = xf_model_outdated(xf_db_blob(s, 0),
	    (size_t)xf_db_bytes(s, 0));
	if (trained_at != NULL)
		xf_errf(trained_at, len, "%s", xf_db_text(s, 1));
	if (examples != NULL)
		*examples = xf_db_int(s, 2);
	xf_db_finalize(s);
	if (*model == NULL) {
		seterr(l, "the stored model '%s': %s", name, why);
		return old ? 2 : -1;
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* Mending (xf-edit)                                                   */

/* The values of a step a person corrects, once recorded. */
static const int step_values[] = {
	XF_F_REPLY, XF_F_REPLIED_AT, XF_F_EXTENSION_REASON,
	XF_F_REVIEW_RESULT, XF_F_REREVIEW_RESULT, XF_F_CLOSE_BASIS
};

/* The columns of a visit a person corrects, as visit.NAME. */
static const char *const visit_columns[] = {
	"outcome", "notes", "visitor", "participants"
};

static enum xf_applied
refused(xf_ledger *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static enum xf_applied
refused(xf_ledger *l, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(l->msg, sizeof l->msg, fmt, ap);
	va_end(ap);
	return XF_REFUSED;
}

/*
 * Field f of item becomes v (NULL: cleared), a member of the changes
 * chg when it differs; 1 changed, 0 not, -1 (memory).
 */
static int
set_change(xf_ledger *l, struct xf_buf *chg, xf_record *item, int f,
    const char *v)
{
	const char	*o = xf_record_get(item, f);
	char		*old;
	int		 rc;

	if (v != NULL && *v == '\0')
		v = NULL;
	if (o != NULL && *o == '\0')
		o = NULL;
	if ((o == NULL && v == NULL) || (o != NULL && v != NULL &&
	    strcmp(o, v) == 0))
		return 0;
	if (o != NULL && (old = strdup(o)) == NULL)
		return oom(l);
	if (o == NULL)
		old = NULL;
	rc = change_member(chg, xf_field_name(f), old, v);
	free(old);
	if (rc == -1 || put(l, item, f, v) == -1)
		return oom(l);
	return 1;
}

/*
 * A step's value given by a person, in the form the step would record
 * (an answer's token, a time with its offset) into buf; NULL refused.
 */
static const char *
step_value(xf_ledger *l, const xf_record *item, int f, const char *v,
    char *buf, size_t len)
{
	struct xf_time	 t;
	struct xf_stmt	*s;
	const char	*why, *tok;
	xf_day		 day, acc;
	int		 r;

	if (*v == '\0') {
		refused(l, "cannot clear %s: a step recorded it (undo its "
		    "batch)", xf_field_name(f));
		return NULL;
	}
	if (f == XF_F_EXTENSION_REASON)
		return v;
	if (f != XF_F_REPLIED_AT) {
		if ((tok = xf_field_token(f, v, strlen(v))) == NULL)
			refused(l, "cannot correct %s: '%s' is not one of its "
			    "values (xf-record(5))", xf_field_name(f), v);
		return tok;
	}
	if (xf_time_parse(v, xf_settings_tz(l->set), &t, &why) == -1) {
		refused(l, "cannot correct replied_at: '%s': %s", v, why);
		return NULL;
	}
	xf_time_format(t, xf_settings_tz(l->set), buf, len);
	xf_day_parse(buf, xf_settings_tz(l->set), &day, &why);
	if (day > today(l)) {
		refused(l, "cannot correct replied_at: %s is in the future",
		    buf);
		return NULL;
	}
	if (xf_day_parse(xf_record_get(item, XF_F_ACCEPTED_AT),
	    xf_settings_tz(l->set), &acc, &why) == 0 && day < acc) {
		refused(l, "cannot correct replied_at: %s is before the "
		    "acceptance", buf);
		return NULL;
	}
	/* A returning visit comes after the reply (xf-visit). */
	if ((s = xf_db_prepare(l->db, "SELECT at FROM visits WHERE item = ?1"
	    " AND kind <> 'lead' AND at >= ?2 AND substr(at, 1, 10) <"
	    " substr(?3, 1, 10) ORDER BY at LIMIT 1")) == NULL) {
		dberr(l, "reading the visits");
		return NULL;
	}
	bind_text(s, 1, xf_record_get(item, XF_F_ID));
	bind_text(s, 2, xf_record_get(item, XF_F_REPLIED_AT));
	bind_text(s, 3, buf);
	if ((r = step_row(l, s, "reading the visits")) == 1)
		refused(l, "cannot correct replied_at: %s is after the visit "
		    "of %s", buf, xf_db_text(s, 0));
	xf_db_finalize(s);
	return r == 0 ? buf : NULL;
}

/* The reason of a mending, a member added to the object b holds. */
static int
reason_member(struct xf_buf *b, const char *reason)
{
	int	 rc = 0;

	if (b->len > 1)
		rc |= xf_buf_addc(b, ',');
	rc |= xf_buf_adds(b, "\"reason\":");
	rc |= json_string(b, reason);
	return rc ? -1 : 0;
}

/*
 * The visit of case id a correction names (the latest, or the one at
 * at) into its seq and the changes of its columns (names n of the
 * correction, visit.NAME, values v) into chg; 1 changed, 0 not, -1
 * error, XF_REFUSED - 10 (-8) refused.
 */
static int
correct_visit(xf_ledger *l, const char *id, const struct xf_edit *e,
    struct xf_buf *chg)
{
	static const char *const outcomes[] = {
		"satisfied", "basic", "unsatisfied", "unreachable"
	};
	struct xf_stmt	*s = NULL, *u = NULL;
	struct xf_time	 t;
	const char	*why, *name, *v, *o;
	char		 at[32], sql[160], *vat = NULL, *kind = NULL;
	int64_t		 seq;
	size_t		 c, k;
	int		 i, n = 0, rc = -1;

	if (e->visit_at != NULL) {
		if (xf_time_parse(e->visit_at, xf_settings_tz(l->set), &t,
		    &why) == -1) {
			refused(l, "cannot correct the visit: '%s': %s",
			    e->visit_at, why);
			return -8;
		}
		xf_time_format(t, xf_settings_tz(l->set), at, sizeof at);
	}
	if ((s = xf_db_prepare(l->db, "SELECT seq, at, kind, outcome, notes,"
	    " visitor, participants FROM visits WHERE item = ?1 AND"
	    " (CAST(?2 AS TEXT) IS NULL OR at = ?2) ORDER BY at DESC, seq"
	    " DESC LIMIT 1")) == NULL)
		return dberr(l, "reading the visit");
	bind_text(s, 1, id);
	bind_text(s, 2, e->visit_at != NULL ? at : NULL);
	if ((i = step_row(l, s, "reading the visit")) != 1) {
		xf_db_finalize(s);
		if (i == 0) {
			refused(l, "cannot correct the visit: %s has no visit%s%s",
			    id, e->visit_at ? " at " : "", e->visit_at ? at : "");
			return -8;
		}
		return -1;
	}
	seq = xf_db_int(s, 0);
	if ((vat = strdup(xf_db_text(s, 1))) == NULL ||
	    (kind = strdup(xf_db_text(s, 2))) == NULL)
		goto nomem;
	for (i = 0; i < e->n; i++) {
		if (strncmp(e->field[i], "visit.", 6) != 0)
			continue;
		name = e->field[i] + 6;
		v = *e->value[i] != '\0' ? e->value[i] : NULL;
		for (c = 0; c < sizeof visit_columns / sizeof *visit_columns;
		    c++)
			if (strcmp(name, visit_columns[c]) == 0)
				break;
		if (c == sizeof visit_columns / sizeof *visit_columns) {
			refused(l, "cannot correct %s: a visit's outcome, "
			    "notes, visitor or participants are", e->field[i]);
			rc = -8;
			goto out;
		}
		if (c == 0 && v != NULL) {
			for (k = 0; k < 4 && strcmp(v, outcomes[k]) != 0; k++)
				;
			if (k == 4) {
				refused(l, "cannot correct visit.outcome: '%s': "
				    "not satisfied, basic, unsatisfied or "
				    "unreachable", v);
				rc = -8;
				goto out;
			}
		}
		o = xf_db_text(s, 3 + (int)c);
		if ((o == NULL && v == NULL) || (o != NULL && v != NULL &&
		    strcmp(o, v) == 0))
			continue;
		if (change_member(chg, e->field[i], o, v) == -1)
			goto nomem;
		snprintf(sql, sizeof sql, "UPDATE visits SET %s = ?1 WHERE"
		    " seq = ?2", visit_columns[c]);
		if ((u = xf_db_prepare(l->db, sql)) == NULL) {
			dberr(l, "correcting the visit");
			goto out;
		}
		bind_text(u, 1, v);
		xf_db_bind_int(u, 2, seq);
		k = (size_t)step_row(l, u, "correcting the visit");
		xf_db_finalize(u);
		if (k != 0)
			goto out;
		n++;
	}
	if (n > 0 && (xf_buf_adds(chg, ",\"visit\":{\"at\":") == -1 ||
	    json_string(chg, vat) == -1 ||
	    xf_buf_adds(chg, ",\"kind\":") == -1 ||
	    json_string(chg, kind) == -1 || xf_buf_addc(chg, '}') == -1))
		goto nomem;
	rc = n > 0;
	goto out;
nomem:
	oom(l);
out:
	xf_db_finalize(s);
	free(vat);
	free(kind);
	return rc;
}

/* Whether the correction names field f. */
static int
names(const struct xf_edit *e, int f)
{
	int	 i;

	for (i = 0; i < e->n; i++)
		if (xf_field_find(e->field[i], strlen(e->field[i])) == f)
			return 1;
	return 0;
}

/* xf-edit --set: the fields of case id corrected (item: as read). */
static enum xf_applied
correct(xf_ledger *l, const char *id, const struct xf_edit *e,
    xf_record *item)
{
	static const int derived[] = {
		XF_F_COLLECTIVE, XF_F_JOINT_LETTER, XF_F_SKIP_LEVEL
	};
	struct xf_buf	 chg = { 0 };
	xf_record	*in = NULL, *out = NULL;
	const char	*v, *name, *status;
	char		 err[256], head[72], buf[256];
	size_t		 k;
	int		 i, f, r, chain = 0, visit = 0, reply = 0, moved;
	enum xf_applied	 rc = XF_STEP_ERROR;

	if ((in = xf_record_new()) == NULL || (out = xf_record_new()) ==
	    NULL || xf_buf_addc(&chg, '{') == -1)
		goto nomem;
	for (f = 0; f < XF_F_COUNT; f++)
		if (xf_field_input(f) && f != XF_F_ID &&
		    (v = xf_record_get(item, f)) != NULL &&
		    xf_record_set(in, f, v, strlen(v), 0) == -1)
			goto nomem;
	for (i = 0; i < e->n; i++) {
		name = e->field[i];
		v = e->value[i];
		if (strncmp(name, "visit.", 6) == 0) {
			visit = 1;
			continue;
		}
		if ((f = xf_field_find(name, strlen(name))) < 0) {
			rc = refused(l, "cannot correct '%s': not a field "
			    "(xf-record(5))", name);
			goto out;
		}
		if (xf_personal(f) && xf_masked(v)) {
			rc = refused(l, "%s: a masked value (an export made "
			    "without --reveal) is never taken",
			    xf_field_name(f));
			goto out;
		}
		if (f == XF_F_ID) {
			rc = refused(l, "cannot correct id: an id never "
			    "changes");
			goto out;
		}
		if (f == XF_F_FIRST || f == XF_F_REPEAT_OF) {
			rc = refused(l, "cannot set %s: --first or --repeat-of "
			    "links a chain", xf_field_name(f));
			goto out;
		}
		if (xf_field_input(f)) {
			if (xf_record_set(in, f, v, strlen(v), 0) == -1)
				goto nomem;
			continue;
		}
		if (xf_cfield_of(f) >= 0) {
			if (*v != '\0' && xf_class_value(l->set, f, v, buf,
			    sizeof buf, err, sizeof err) == -1) {
				rc = refused(l, "cannot correct %s: %s",
				    xf_field_name(f), err);
				goto out;
			}
			if ((r = set_change(l, &chg, item, f, *v ? buf :
			    NULL)) == -1)
				goto out;
			if (r && write_source(l, id, f, XF_SRC_PERSON) == -1)
				goto out;
			continue;
		}
		for (k = 0; k < sizeof step_values / sizeof *step_values; k++)
			if (step_values[k] == f)
				break;
		if (k == sizeof step_values / sizeof *step_values) {
			rc = refused(l, "cannot correct %s: xf works it out, or "
			    "a step records it", xf_field_name(f));
			goto out;
		}
		if (xf_record_get(item, f) == NULL) {
			rc = refused(l, "cannot correct %s: not recorded in "
			    "the handling in force", xf_field_name(f));
			goto out;
		}
		if ((v = step_value(l, item, f, v, buf, sizeof buf)) == NULL) {
			rc = XF_REFUSED;
			goto out;
		}
		if ((r = set_change(l, &chg, item, f, v)) == -1)
			goto out;
		reply |= r && f == XF_F_REPLIED_AT;
	}
	/* The fields given at intake, normalised together as intake does. */
	if (xf_item_normalize(l->set, in, out, err, sizeof err) == -1) {
		rc = refused(l, "cannot correct: %s", err);
		goto out;
	}
	for (f = 0; f < XF_F_COUNT; f++) {
		/* A leader named takes a level as intake gives it. */
		if (!xf_field_input(f) || f == XF_F_ID || (!names(e, f) &&
		    !(f == XF_F_RECEIVED_LEVEL && names(e, XF_F_RECEIVED_BY))))
			continue;
		if ((r = set_change(l, &chg, item, f, xf_record_get(out,
		    f))) == -1)
			goto out;
		chain |= r && chain_field(f);
	}
	for (k = 0; k < sizeof derived / sizeof *derived; k++)
		if (set_change(l, &chg, item, derived[k], xf_record_get(out,
		    derived[k])) == -1)
			goto out;
	if (reply) {
		v = xf_record_get(item, XF_F_REPLY_DUE);
		if (set_change(l, &chg, item, XF_F_REPLY_ON_TIME, v == NULL ||
		    strncmp(xf_record_get(item, XF_F_REPLIED_AT), v, 10) <= 0 ?
		    "1" : "0") == -1)
			goto out;
	}
	if (visit) {
		if ((r = correct_visit(l, id, e, &chg)) < 0) {
			rc = r == -8 ? XF_REFUSED : XF_STEP_ERROR;
			goto out;
		}
		/* The evaluation: that of the latest visit that got one. */
		if (r) {
			struct xf_stmt *s = stmt(l, S_LAST_OUTCOME);

			bind_text(s, 1, id);
			if ((r = step_row(l, s, "reading the evaluation")) ==
			    -1)
				goto out;
			v = r ? xf_db_text(s, 0) : NULL;
			snprintf(buf, sizeof buf, "%s", v ? v : "");
			xf_db_reset(s);
			if (set_change(l, &chg, item, XF_F_SATISFACTION,
			    buf) == -1)
				goto out;
		}
	}
	if (chg.len == 1) {
		rc = XF_ALREADY;
		goto out;
	}
	/* The acceptance deadline runs from the receipt. */
	status = xf_record_get(item, XF_F_STATUS);
	if (names(e, XF_F_RECEIVED_AT) && strcmp(status, "registered") == 0) {
		v = xf_record_get(item, XF_F_DUE);
		snprintf(buf, sizeof buf, "%s", v != NULL ? v : "");
		if ((r = acceptance_due(l, item)) != 0) {
			rc = r == XF_REG_CONFIG ? XF_STEP_CONFIG : XF_STEP_ERROR;
			goto out;
		}
		v = xf_record_get(item, XF_F_DUE);
		if (strcmp(buf, v) != 0 && change_member(&chg, "due", *buf ?
		    buf : NULL, v) == -1)
			goto nomem;
	}
	if (reason_member(&chg, e->reason) == -1 ||
	    xf_buf_addc(&chg, '}') == -1)
		goto nomem;
	if (event(l, id, "correct", chg.p) == -1)
		goto out;
	head[0] = '\0';
	if (chain) {
		xf_record_set_implied(item, XF_F_FIRST);
		xf_buf_reset(&chg);
		if (xf_buf_addc(&chg, '{') == -1 ||
		    reason_member(&chg, e->reason) == -1)
			goto nomem;
		if (rechain(l, item, id, chg.p + 1, head, sizeof head) == -1)
			goto out;
	}
	moved = names(e, XF_F_REGION) || names(e, XF_F_RECEIVED_AT);
	if ((moved && placed(l, id, 0) == -1) || save_row(l, item) == -1 ||
	    (moved && placed(l, id, 1) == -1))
		goto out;
	if (chain && head[0] != '\0' && relink_later(l, head, id) == -1)
		goto out;
	rc = XF_APPLIED;
	goto out;
nomem:
	oom(l);
out:
	xf_record_free(in);
	xf_record_free(out);
	xf_buf_release(&chg);
	return rc;
}

/* The ids of the live items that repeat id, by receipt, into b. */
static int
repeats_of(xf_ledger *l, const char *id, struct xf_buf *b)
{
	struct xf_stmt	*s = stmt(l, S_CHAIN);
	const char	*r;
	int		 rc;

	xf_buf_reset(b);
	bind_text(s, 1, id);
	while ((rc = step_row(l, s, "reading the chain")) == 1) {
		r = xf_db_text(s, 0);
		if (xf_buf_add(b, r, strlen(r) + 1) == -1) {
			xf_db_reset(s);
			return oom(l);
		}
	}
	return rc;
}

/*
 * The repeats of an item voided find their chain anew, the earliest
 * first: each with a relink event naming the reason.
 */
static int
rechain_repeats(xf_ledger *l, const char *id, const char *reason)
{
	struct xf_buf	 ids = { 0 }, more = { 0 };
	const char	*r;
	char		 head[72];
	size_t		 off;
	int		 rc = -1;

	if (repeats_of(l, id, &ids) == -1)
		goto out;
	if (xf_buf_addc(&more, '{') == -1 ||
	    reason_member(&more, reason) == -1) {
		oom(l);
		goto out;
	}
	for (off = 0; off < ids.len; off += strlen(r) + 1) {
		r = ids.p + off;
		if (read_case(l, r, l->old) != 1)
			goto out;
		xf_record_set_implied(l->old, XF_F_FIRST);
		if (rechain(l, l->old, r, more.p + 1, head, sizeof head) ==
		    -1 || save_row(l, l->old) == -1)
			goto out;
	}
	rc = 0;
out:
	xf_buf_release(&ids);
	xf_buf_release(&more);
	return rc;
}

/*
 * Void case id (item as read, not voided): out of every count and
 * list; its ref and fingerprint released, or kept to name the item it
 * was merged into (into).  The event (void, or merge) names what was
 * released, the batch undone (undoing, or 0) and the reason; its
 * repeats find their chain anew.
 */
static int
void_item(xf_ledger *l, const char *id, const xf_record *item,
    const char *reason, const char *into, int64_t undoing)
{
	struct xf_buf	 d = { 0 };
	struct xf_stmt	*s = NULL;
	char		 fp[2][24];
	int		 i, rc = -1;

	if ((s = xf_db_prepare(l->db, "SELECT fingerprint, likeness FROM"
	    " items WHERE id = ?1")) == NULL)
		return dberr(l, "voiding");
	bind_text(s, 1, id);
	if (step_row(l, s, "voiding") != 1)
		goto out;
	for (i = 0; i < 2; i++)
		snprintf(fp[i], sizeof fp[i], "%s",
		    xf_db_type(s, i) == XF_V_NULL ? "" :
		    xf_db_text(s, i));
	xf_db_finalize(s);
	s = NULL;
	if (xf_buf_addc(&d, '{') == -1 || reason_member(&d, reason) == -1 ||
	    xf_buf_adds(&d, ",\"ref\":") == -1 ||
	    json_string(&d, xf_record_get(item, XF_F_REF)) == -1 ||
	    xf_buf_adds(&d, ",\"fingerprint\":") == -1 ||
	    json_string(&d, *fp[0] ? fp[0] : NULL) == -1 ||
	    xf_buf_adds(&d, ",\"likeness\":") == -1 ||
	    json_string(&d, *fp[1] ? fp[1] : NULL) == -1 ||
	    (into != NULL && (xf_buf_adds(&d, ",\"into\":") == -1 ||
	    json_string(&d, into) == -1)) ||
	    (undoing > 0 && xf_buf_printf(&d, ",\"batch\":%lld",
	    (long long)undoing) == -1) || xf_buf_addc(&d, '}') == -1) {
		oom(l);
		goto out;
	}
	if ((s = xf_db_prepare(l->db, "UPDATE items SET voided_at = ?2,"
	    " merged_into = CAST(?3 AS TEXT), ref = CASE WHEN ?3 IS NULL THEN"
	    " NULL ELSE ref END, fingerprint = CASE WHEN ?3 IS NULL THEN NULL"
	    " ELSE fingerprint END, likeness = CASE WHEN ?3 IS NULL THEN NULL"
	    " ELSE likeness END WHERE id = ?1")) == NULL) {
		dberr(l, "voiding");
		goto out;
	}
	bind_text(s, 1, id);
	bind_text(s, 2, l->now);
	bind_text(s, 3, into);
	if (placed(l, id, 0) == -1 || step_row(l, s, "voiding") != 0 ||
	    placed(l, id, 1) == -1 ||
	    event(l, id, into != NULL ? "merge" : "void", d.p) == -1)
		goto out;
	if (into != NULL) {
		xf_buf_reset(&d);
		if (xf_buf_addc(&d, '{') == -1 ||
		    reason_member(&d, reason) == -1 ||
		    xf_buf_adds(&d, ",\"from\":") == -1 ||
		    json_string(&d, id) == -1 || xf_buf_addc(&d, '}') == -1) {
			oom(l);
			goto out;
		}
		if (event(l, into, "merged", d.p) == -1)
			goto out;
	}
	rc = rechain_repeats(l, id, reason);
out:
	xf_db_finalize(s);
	xf_buf_release(&d);
	return rc;
}

/*
 * Bring back case id, voided (item as read): its ref and fingerprint
 * as the last void released them, unless another item holds them now;
 * its chain found anew.
 */
static enum xf_applied
unvoid(xf_ledger *l, const char *id, xf_record *item, const char *reason)
{
	struct xf_stmt	*s = NULL;
	struct xf_buf	 d = { 0 };
	const cJSON	*ref, *fp, *like;
	cJSON		*ev = NULL;
	char		 head[72];
	enum xf_applied	 rc = XF_STEP_ERROR;
	int		 r;

	if (xf_record_get(item, XF_F_VOIDED_AT) == NULL)
		return XF_ALREADY;
	if ((s = xf_db_prepare(l->db, "SELECT details FROM events WHERE"
	    " item = ?1 AND action IN ('void', 'merge') ORDER BY seq DESC"
	    " LIMIT 1")) == NULL)
		return dberr(l, "unvoiding");
	bind_text(s, 1, id);
	if ((r = step_row(l, s, "unvoiding")) == -1)
		goto out;
	ev = r ? cJSON_Parse(xf_db_text(s, 0)) : NULL;
	xf_db_finalize(s);
	s = NULL;
	ref = cJSON_GetObjectItemCaseSensitive(ev, "ref");
	fp = cJSON_GetObjectItemCaseSensitive(ev, "fingerprint");
	like = cJSON_GetObjectItemCaseSensitive(ev, "likeness");
	/* Another item registered since, from the same ref or row. */
	if ((s = xf_db_prepare(l->db, "SELECT id FROM items WHERE id <> ?3"
	    " AND voided_at IS NULL AND (ref = ?1 OR (fingerprint = ?2 AND"
	    " ((CAST(?4 AS TEXT) IS NOT NULL AND id_number = ?4) OR (?4 IS"
	    " NULL AND CAST(?5 AS TEXT) IS NOT NULL AND phone = ?5 AND"
	    " id_number IS NULL) OR (?4 IS NULL"
	    " AND ?5 IS NULL AND likeness = ?6 AND id_number IS NULL AND"
	    " phone IS NULL)))) LIMIT 1")) == NULL) {
		dberr(l, "unvoiding");
		goto out;
	}
	bind_text(s, 1, cJSON_IsString(ref) ? ref->valuestring : NULL);
	bind_text(s, 2, cJSON_IsString(fp) ? fp->valuestring : NULL);
	bind_text(s, 3, id);
	bind_text(s, 4, xf_record_get(item, XF_F_ID_NUMBER));
	bind_text(s, 5, xf_record_get(item, XF_F_PHONE));
	bind_text(s, 6, cJSON_IsString(like) ? like->valuestring : NULL);
	if ((r = step_row(l, s, "unvoiding")) == -1)
		goto out;
	if (r == 1) {
		rc = refused(l, "cannot unvoid: %s was registered since from "
		    "the same %s", xf_db_text(s, 0),
		    cJSON_IsString(ref) ? "ref" : "row");
		xf_db_reset(s);
		goto out;
	}
	xf_db_finalize(s);
	if ((s = xf_db_prepare(l->db, "UPDATE items SET voided_at = NULL,"
	    " merged_into = NULL, ref = IFNULL(ref, ?2), fingerprint ="
	    " IFNULL(fingerprint, CAST(?3 AS INTEGER)), likeness ="
	    " IFNULL(likeness, CAST(?4 AS INTEGER)) WHERE id = ?1")) == NULL) {
		s = NULL;
		dberr(l, "unvoiding");
		goto out;
	}
	bind_text(s, 1, id);
	bind_text(s, 2, cJSON_IsString(ref) ? ref->valuestring : NULL);
	bind_text(s, 3, cJSON_IsString(fp) ? fp->valuestring : NULL);
	bind_text(s, 4, cJSON_IsString(like) ? like->valuestring : NULL);
	if (placed(l, id, 0) == -1 || step_row(l, s, "unvoiding") != 0 ||
	    placed(l, id, 1) == -1)
		goto out;
	if (xf_buf_addc(&d, '{') == -1 || reason_member(&d, reason) == -1 ||
	    xf_buf_adds(&d, ",\"ref\":") == -1 || json_string(&d,
	    cJSON_IsString(ref) ? ref->valuestring : NULL) == -1 ||
	    xf_buf_addc(&d, '}') == -1) {
		oom(l);
		goto out;
	}
	if (event(l, id, "unvoid", d.p) == -1 || read_case(l, id, item) != 1)
		goto out;
	xf_buf_reset(&d);
	if (xf_buf_addc(&d, '{') == -1 || reason_member(&d, reason) == -1) {
		oom(l);
		goto out;
	}
	xf_record_set_implied(item, XF_F_FIRST);
	if (rechain(l, item, id, d.p + 1, head, sizeof head) == -1 ||
	    save_row(l, item) == -1 ||
	    (head[0] != '\0' && relink_later(l, head, id) == -1))
		goto out;
	rc = XF_APPLIED;
out:
	xf_db_finalize(s);
	cJSON_Delete(ev);
	xf_buf_release(&d);
	return rc;
}

/*
 * Link case id (item as read) by hand: a repeat of target's chain, or
 * (target NULL) a first item; the items repeating it follow it.
 */
static enum xf_applied
link_chain(xf_ledger *l, const char *id, xf_record *item,
    const char *target, const char *reason)
{
	struct xf_buf	 more = { 0 }, ids = { 0 };
	const char	*was = xf_record_get(item, XF_F_REPEAT_OF), *r;
	char		 head[72], old[72];
	size_t		 off;
	int		 fin;
	enum xf_applied	 rc = XF_STEP_ERROR;

	snprintf(old, sizeof old, "%s", was ? was : "");
	head[0] = '\0';
	if (target != NULL) {
		if ((fin = live_case(l, target, l->old)) != 1) {
			memcpy(head, l->msg, sizeof head - 1);
			head[sizeof head - 1] = '\0';
			return fin == 0 ? refused(l, "cannot link: %s", head) :
			    XF_STEP_ERROR;
		}
		r = xf_record_get(l->old, XF_F_REPEAT_OF);
		snprintf(head, sizeof head, "%s", r ? r : target);
		if (strcmp(head, id) == 0)
			return refused(l, "cannot link %s to %s: it heads that "
			    "chain", id, target);
		if (strcmp(head, old) == 0)
			return XF_ALREADY;
	} else if (old[0] == '\0')
		return XF_ALREADY;
	if (xf_buf_addc(&more, '{') == -1 || reason_member(&more, reason) ==
	    -1) {
		oom(l);
		goto out;
	}
	if (target != NULL) {
		if ((fin = has_row(l, S_FINAL_CHAIN, head, "looking at the "
		    "chain")) == -1 ||
		    put(l, item, XF_F_FIRST, "0") == -1 ||
		    put(l, item, XF_F_REPEAT_OF, head) == -1 ||
		    put(l, item, XF_F_NOT_AGAIN, fin ? "1" : NULL) == -1)
			goto out;
		/* Its own repeats now repeat the chain it joins. */
		if (repeats_of(l, id, &ids) == -1)
			goto out;
		for (off = 0; off < ids.len; off += strlen(r) + 1) {
			r = ids.p + off;
			if (relink_one(l, r, id, head, id) == -1)
				goto out;
		}
	} else if (put(l, item, XF_F_FIRST, "1") == -1 ||
	    put(l, item, XF_F_REPEAT_OF, NULL) == -1 ||
	    put(l, item, XF_F_NOT_AGAIN, NULL) == -1)
		goto out;
	if (change_event(l, id, "relink", "repeat_of", old[0] ? old : NULL,
	    target ? head : NULL, more.p + 1) == -1 || save_row(l, item) == -1)
		goto out;
	rc = XF_APPLIED;
out:
	xf_buf_release(&more);
	xf_buf_release(&ids);
	return rc;
}

enum xf_applied
xf_ledger_edit(xf_ledger *l, const char *id, const struct xf_edit *e,
    xf_record *item)
{
	enum xf_applied	 rc;
	int		 r;

	char		 why[sizeof l->msg];

	r = e->op == XF_EDIT_UNVOID || e->op == XF_EDIT_VOID ?
	    read_case(l, id, item) : live_case(l, id, item);
	if (r != 1)
		return r == 0 ? XF_REFUSED : XF_STEP_ERROR;
	if (e->op == XF_EDIT_VOID && xf_record_get(item, XF_F_VOIDED_AT))
		return XF_ALREADY;
	switch (e->op) {
	case XF_EDIT_SET:
		rc = correct(l, id, e, item);
		break;
	case XF_EDIT_VOID:
		rc = void_item(l, id, item, e->reason, NULL, 0) == 0 ?
		    XF_APPLIED : XF_STEP_ERROR;
		break;
	case XF_EDIT_MERGE:
		if (strcmp(e->target, id) == 0)
			return refused(l, "cannot merge %s into itself", id);
		if ((r = live_case(l, e->target, l->old)) != 1) {
			memcpy(why, l->msg, sizeof why);
			return r == 0 ? refused(l, "cannot merge: %s", why) :
			    XF_STEP_ERROR;
		}
		rc = void_item(l, id, item, e->reason, e->target, 0) == 0 ?
		    XF_APPLIED : XF_STEP_ERROR;
		break;
	case XF_EDIT_UNVOID:
		rc = unvoid(l, id, item, e->reason);
		break;
	case XF_EDIT_REPEAT_OF:
		if (strcmp(e->target, id) == 0)
			return refused(l, "cannot link %s to itself", id);
		rc = link_chain(l, id, item, e->target, e->reason);
		break;
	default:
		rc = link_chain(l, id, item, NULL, e->reason);
		break;
	}
	if (rc == XF_APPLIED && read_case(l, id, item) != 1)
		return XF_STEP_ERROR;
	return rc;
}

/*
 * The statements an undo runs for the items it puts back, by their
 * text, each made once for all of them (an undo of 3,000 cases spent
 * 73% of its time making them a case).
 */
struct undo_stmt {
	char		*sql;
	struct xf_stmt	*stmt;
};
#define UNDO_STMTS	(XF_F_STORED + 8)	/* a column each, the sources */

/* The statement of sql in u (UNDO_STMTS of them), made the first time. */
static struct xf_stmt *
undo_stmt(xf_ledger *l, struct undo_stmt *u, const char *sql)
{
	size_t	 i;

	for (i = 0; i < UNDO_STMTS && u[i].sql != NULL; i++)
		if (strcmp(u[i].sql, sql) == 0)
			return u[i].stmt;
	if (i == UNDO_STMTS) {
		seterr(l, "putting the item back: too many columns");
		return NULL;
	}
	if ((u[i].sql = strdup(sql)) == NULL) {
		oom(l);
		return NULL;
	}
	if ((u[i].stmt = xf_db_prepare(l->db, sql)) == NULL)
		dberr(l, "putting the item back");
	return u[i].stmt;
}

/* Run the statement of sql in u for item id (?1) and value v (?2, if). */
static int
undo_run(xf_ledger *l, struct undo_stmt *u, const char *sql, const char *id,
    struct xf_stmt *img, int has_value)
{
	struct xf_stmt	*s;
	int		 r;

	if ((s = undo_stmt(l, u, sql)) == NULL)
		return -1;
	bind_text(s, 1, id);
	/* The value as kept: a number stays a number. */
	if (has_value && xf_db_type(img, 1) == XF_V_INT)
		xf_db_bind_int(s, 2, xf_db_int(img, 1));
	else if (has_value)
		bind_text(s, 2, xf_db_text(img, 1));
	r = step_row(l, s, "putting the item back");
	xf_db_reset(s);
	return r == 0 ? 0 : -1;
}

/*
 * Put item id back as its image in batch n says (statement img: its
 * columns and values), with an undo event naming each field changed,
 * its value read from the row first; u, the statements made for it.
 * The columns of the fields and extra are put back by one UPDATE
 * (update_stmt()), each other (the fingerprint, the likeness) by its
 * own: an UPDATE a column made an undo of 20,000 accepted cases take
 * 1.72 s, 1.31 so, and 0.96 with each field's value read from the row
 * once, not by a SELECT of its own.
 */
static int
restore(xf_ledger *l, struct xf_stmt *img, struct undo_stmt *u,
    const char *id, int64_t n, const char *reason)
{
	struct xf_buf	 d = { 0 }, sql = { 0 };
	struct xf_stmt	*s;
	const char	*col, *v;
	char		*val[XF_F_STORED + 1] = { NULL };
	int64_t		 num[XF_F_STORED + 1];
	char		 isnum[XF_F_STORED + 1];
	int		 order[XF_F_STORED + 1];	/* as the images came */
	uint64_t	 cols[2] = { 0, 0 };
	int		 f, k, norder = 0, rc;

	if (xf_buf_printf(&d, "{\"batch\":%lld", (long long)n) == -1)
		return oom(l);
	if (placed(l, id, 0) == -1) {
		xf_buf_release(&d);
		return -1;
	}
	xf_db_bind_int(img, 1, n);
	bind_text(img, 2, id);
	while ((rc = step_row(l, img, "reading the image")) == 1) {
		col = xf_db_text(img, 0);
		v = xf_db_text(img, 1);
		if (strcmp(col, "$classified") == 0) {
			if (sources_image(l, id) == -1 || undo_run(l, u,
			    "DELETE FROM classified WHERE item = ?1", id, img,
			    0) == -1 || undo_run(l, u, "INSERT INTO classified"
			    " (item, field, source) SELECT ?1, key, value FROM"
			    " json_each(?2)", id, img, 1) == -1)
				break;
			continue;
		}
		f = xf_field_find(col, strlen(col));
		if (f < 0 || strcmp(xf_field_name(f), col) != 0)
			f = strcmp(col, "extra") == 0 ? XF_F_STORED : -1;
		if (f >= 0 && f != XF_F_ID && !col_has(cols, f)) {
			/* Put back with the others, after. */
			col_add(cols, f);
			order[norder++] = f;
			if ((isnum[f] = xf_db_type(img, 1) == XF_V_INT))
				num[f] = xf_db_int(img, 1);
			if (v != NULL && (val[f] = strdup(v)) == NULL) {
				oom(l);
				break;
			}
			continue;
		}
		xf_buf_reset(&sql);
		if (xf_buf_printf(&sql, "UPDATE items SET \"%s\" = ?2 WHERE id"
		    " = ?1", col) == -1) {
			oom(l);
			break;
		}
		if (undo_run(l, u, sql.p, id, img, 1) == -1)
			break;
	}
	if (rc == 1)
		xf_db_reset(img);
	if (rc == 0 && norder > 0) {
		/* What the fields are now, for the event. */
		s = stmt(l, S_READ);
		bind_text(s, 1, id);
		if (xf_db_step(s) != XF_DB_ROW)
			rc = dberr(l, "putting the item back");
		for (k = 0; rc == 0 && k < norder; k++)
			if ((f = order[k]) < XF_F_STORED &&
			    change_member(&d, xf_field_name(f), xf_db_type(s,
			    f) == XF_V_NULL ? NULL : xf_db_text(s, f),
			    val[f]) == -1)
				rc = oom(l);
		xf_db_reset(s);
	}
	if (rc == 0 && norder > 0) {
		if ((s = update_stmt(l, cols)) == NULL)
			rc = dberr(l, "putting the item back");
		else
			bind_text(s, 1, id);
		for (f = 0, k = 2; s != NULL && f <= XF_F_STORED; f++) {
			if (!col_has(cols, f))
				continue;
			if (isnum[f])
				xf_db_bind_int(s, k++, num[f]);
			else
				bind_text(s, k++, val[f]);
		}
		if (s != NULL && step_row(l, s, "putting the item back") != 0)
			rc = -1;
		xf_db_reset(s);
	}
	for (f = 0; f <= XF_F_STORED; f++)
		free(val[f]);
	xf_buf_release(&sql);
	if (rc == 0 && placed(l, id, 1) == -1)
		rc = -1;
	if (rc == 0 && reason_member(&d, reason) == 0 &&
	    xf_buf_addc(&d, '}') == 0)
		rc = event(l, id, "undo", d.p);
	else if (rc == 0)
		rc = oom(l);
	else
		rc = -1;
	xf_buf_release(&d);
	return rc;
}

/*
 * The visits a batch n corrected (xf-edit --set visit.NAME) put back:
 * each correct event names the visit and its old values.
 */
static int
restore_visits(xf_ledger *l, int64_t n)
{
	struct xf_stmt	*ev = NULL, *u = NULL;
	const cJSON	*vis, *at, *kind, *c, *old;
	cJSON		*d = NULL;
	char		 sql[160];
	int		 rc;

	if ((ev = xf_db_prepare(l->db, "SELECT item, details FROM events"
	    " WHERE batch = ?1 AND action = 'correct' AND"
	    " json_extract(details, '$.visit') IS NOT NULL ORDER BY seq DESC")) == NULL)
		return dberr(l, "putting the visits back");
	xf_db_bind_int(ev, 1, n);
	while ((rc = xf_db_step(ev)) == XF_DB_ROW) {
		cJSON_Delete(d);
		d = cJSON_Parse(xf_db_text(ev, 1));
		vis = cJSON_GetObjectItemCaseSensitive(d, "visit");
		at = cJSON_GetObjectItemCaseSensitive(vis, "at");
		kind = cJSON_GetObjectItemCaseSensitive(vis, "kind");
		cJSON_ArrayForEach(c, d) {
			if (strncmp(c->string, "visit.", 6) != 0)
				continue;
			old = cJSON_GetObjectItemCaseSensitive(c, "old");
			/* The names were checked when corrected. */
			snprintf(sql, sizeof sql, "UPDATE visits SET \"%s\" = ?1"
			    " WHERE item = ?2 AND at = ?3 AND kind = ?4",
			    c->string + 6);
			if ((u = xf_db_prepare(l->db, sql)) == NULL)
				goto fail;
			bind_text(u, 1, cJSON_IsString(old) ? old->valuestring :
			    NULL);
			bind_text(u, 2, xf_db_text(ev,
			    0));
			bind_text(u, 3, cJSON_IsString(at) ? at->valuestring :
			    NULL);
			bind_text(u, 4, cJSON_IsString(kind) ?
			    kind->valuestring : NULL);
			rc = xf_db_step(u);
			xf_db_finalize(u);
			if (rc != XF_DB_DONE)
				goto fail;
		}
	}
	if (rc != XF_DB_DONE)
		goto fail;
	xf_db_finalize(ev);
	cJSON_Delete(d);
	return 0;
fail:
	dberr(l, "putting the visits back");
	xf_db_finalize(ev);
	cJSON_Delete(d);
	return -1;
}

/*
 * Whether the batch in course wrote an event of item id: looked up by
 * the item (+batch: not by the batch, whose events grow with the undo,
 * which made undoing 20,000 registrations take 19 s, 100,000 > 10 min).
 */
static int
undone(xf_ledger *l, const char *id)
{
	struct xf_stmt	*s;
	int		 rc;

	if ((s = xf_db_prepare(l->db, "SELECT 1 FROM events WHERE item = ?2"
	    " AND +batch = ?1")) == NULL)
		return dberr(l, "reading the batch");
	xf_db_bind_int(s, 1, l->batch_n);
	bind_text(s, 2, id);
	rc = xf_db_step(s) == XF_DB_ROW;
	xf_db_finalize(s);
	return rc;
}

/* The ids sql selects (?1: batch n), NUL-terminated, into b. */
static int
batch_ids(xf_ledger *l, const char *sql, int64_t n, struct xf_buf *b,
    const char *what)
{
	struct xf_stmt	*s;
	const char	*id;
	int		 rc;

	if ((s = xf_db_prepare(l->db, sql)) == NULL)
		return dberr(l, what);
	xf_db_bind_int(s, 1, n);
	while ((rc = step_row(l, s, what)) == 1) {
		id = xf_db_text(s, 0);
		if (xf_buf_add(b, id, strlen(id) + 1) == -1) {
			rc = oom(l);
			break;
		}
	}
	xf_db_finalize(s);
	return rc;
}

/* Refused unless no later batch, still in force, changed n's cases. */
static int
undo_refused(xf_ledger *l, int64_t n)
{
	struct xf_stmt	*s;
	struct xf_buf	 b = { 0 };
	int64_t		 later = 0;
	int		 rc, k = 0;

	if ((s = xf_db_prepare(l->db, "SELECT DISTINCT e.batch, e.item FROM"
	    " events e WHERE e.batch > ?1 AND e.batch <> ?2 AND e.item IN"
	    " (SELECT item FROM events WHERE batch = ?1) AND NOT EXISTS"
	    " (SELECT 1 FROM batches b WHERE b.n = e.batch AND (b.undone_by"
	    " IS NOT NULL OR b.undoes > ?1)) ORDER BY e.batch DESC, e.item")) == NULL)
		return dberr(l, "reading the later batches");
	xf_db_bind_int(s, 1, n);
	xf_db_bind_int(s, 2, l->batch_n);
	while ((rc = xf_db_step(s)) == XF_DB_ROW) {
		if (later == 0)
			later = xf_db_int(s, 0);
		else if (xf_db_int(s, 0) != later)
			continue;
		if (k++ < 5)
			xf_buf_printf(&b, "%s%s", k > 1 ? ", " : "",
			    xf_db_text(s, 1));
	}
	xf_db_finalize(s);
	if (rc != XF_DB_DONE)
		return dberr(l, "reading the later batches");
	if (later != 0) {
		seterr(l, "cannot undo batch %lld: batch %lld changed the same "
		    "case%s later (%s%s): undo batch %lld first",
		    (long long)n, (long long)later, k > 1 ? "s" : "",
		    b.p ? b.p : "", k > 5 ? ", ..." : "", (long long)later);
		xf_buf_release(&b);
		return -1;
	}
	xf_buf_release(&b);
	return 0;
}

int
xf_ledger_undo_batch(xf_ledger *l, int64_t n, const char *reason,
    int (*each)(void *, const xf_record *), void *arg)
{
	struct xf_stmt		*s = NULL;
	struct undo_stmt	*u = NULL;
	struct xf_buf		 ids = { 0 }, regs = { 0 }, why = { 0 };
	const char		*id;
	char			 ref[72];
	size_t			 off, i;
	int			 rc, count = 0, ret = -1;

	if ((s = xf_db_prepare(l->db, "SELECT undone_by FROM batches WHERE"
	    " n = ?1 AND n <> ?2")) == NULL)
		return dberr(l, "reading the batch");
	xf_db_bind_int(s, 1, n);
	xf_db_bind_int(s, 2, l->batch_n);
	if ((rc = step_row(l, s, "reading the batch")) != 1) {
		xf_db_finalize(s);
		if (rc == 0)
			seterr(l, "no batch %lld in the ledger", (long long)n);
		return -1;
	}
	if (xf_db_type(s, 0) != XF_V_NULL) {
		seterr(l, "batch %lld was undone already (by batch %lld)",
		    (long long)n, (long long)xf_db_int(s, 0));
		xf_db_finalize(s);
		return -1;
	}
	xf_db_finalize(s);
	s = NULL;
	if (undo_refused(l, n) == -1)
		return -1;
	/* Marked first: the handlings it kept may go then. */
	if (run_n(l, "UPDATE batches SET undone_by = ?2, undone_at = ?3 WHERE"
	    " n = ?1", n, l->batch_n, "marking the batch undone") == -1 ||
	    run_n(l, "UPDATE batches SET undoes = ?1 WHERE n = ?2", n,
	    l->batch_n, "marking the batch undone") == -1)
		return -1;
	/* A ref it released that another item holds now. */
	if ((s = xf_db_prepare(l->db, "SELECT m.item, m.value, i.id FROM images"
	    " m JOIN items i ON i.ref = m.value AND i.id <> m.item WHERE"
	    " m.batch = ?1 AND m.col = 'ref' LIMIT 1")) == NULL) {
		dberr(l, "reading the images");
		goto out;
	}
	xf_db_bind_int(s, 1, n);
	if ((rc = step_row(l, s, "reading the images")) != 0) {
		if (rc == 1) {
			snprintf(ref, sizeof ref, "%s",
			    xf_db_text(s, 1));
			seterr(l, "cannot undo batch %lld: the ref '%s' of %s "
			    "now names %s", (long long)n, ref,
			    xf_db_text(s, 0), xf_db_text(s,
			    2));
			xf_db_reset(s);
		}
		goto out;
	}
	xf_db_finalize(s);
	/* The items it changed, put back as they stood. */
	s = NULL;
	/*
	 * Each side read once: a NOT EXISTS of the events for each item
	 * read all the batch's events each time, by events_batch (an
	 * accept of 20,000 cases undone in 189 s).
	 */
	if (batch_ids(l, "SELECT item FROM images WHERE batch = ?1 EXCEPT"
	    " SELECT item FROM events WHERE batch = ?1 AND action IN"
	    " ('register', 'unvoid') ORDER BY item", n, &ids,
	    "reading the images") == -1)
		goto out;
	if ((s = xf_db_prepare(l->db, "SELECT col, value FROM images WHERE"
	    " batch = ?1 AND item = ?2 ORDER BY col")) == NULL) {
		s = NULL;
		dberr(l, "reading the images");
		goto out;
	}
	if ((u = calloc(UNDO_STMTS, sizeof *u)) == NULL) {
		oom(l);
		goto out;
	}
	for (off = 0; off < ids.len; off += strlen(id) + 1) {
		id = ids.p + off;
		if (restore(l, s, u, id, n, reason) == -1)
			goto out;
	}
	xf_db_finalize(s);
	s = NULL;
	/* What it registered (or brought back) is voided. */
	if (xf_buf_printf(&why, "undo of batch %lld: %s", (long long)n,
	    reason) == -1) {
		oom(l);
		goto out;
	}
	if (batch_ids(l, "SELECT e.item FROM events e JOIN items i ON"
	    " i.id = e.item WHERE e.batch = ?1 AND e.action IN ('register',"
	    " 'unvoid') AND i.voided_at IS NULL GROUP BY e.item,"
	    " i.received_at ORDER BY i.received_at DESC, e.item", n, &regs,
	    "reading the registrations") == -1)
		goto out;
	for (off = 0; off < regs.len; off += strlen(id) + 1) {
		id = regs.p + off;
		if (read_case(l, id, l->old) != 1 ||
		    void_item(l, id, l->old, why.p, NULL, n) == -1)
			goto out;
	}
	/*
	 * The documents it issued go, those they replaced are in force
	 * again; the deliveries it recorded are taken back.
	 */
	if (restore_visits(l, n) == -1 ||
	    run_n(l, "UPDATE documents SET replaced_by = NULL WHERE"
	    " replaced_by IN (SELECT seq FROM documents WHERE batch = ?1)", n,
	    0, "taking back the documents") == -1 ||
	    run_n(l, "DELETE FROM documents WHERE batch = ?1", n, 0,
	    "taking back the documents") == -1 ||
	    run_n(l, "UPDATE documents SET delivered_at = NULL, method = NULL,"
	    " refused_to_sign = NULL WHERE number IN (SELECT"
	    " json_extract(details, '$.number') FROM events WHERE batch = ?1"
	    " AND action = 'deliver')", n, 0,
	    "taking back the deliveries") == -1 ||
	    run_n(l, "DELETE FROM visits WHERE batch = ?1", n, 0,
	    "removing the visits") == -1 ||
	    run_n(l, "DELETE FROM lawful_measures WHERE batch = ?1", n, 0,
	    "taking back the measures") == -1 ||
	    xf_person_undo(l, n) == -1 ||
	    run_n(l, "DELETE FROM person_contacts WHERE batch = ?1 OR person IN"
	    " (SELECT seq FROM persons WHERE batch = ?1)", n, 0,
	    "taking back the contacts") == -1 ||
	    run_n(l, "DELETE FROM persons WHERE batch = ?1", n, 0,
	    "taking back the persons") == -1 ||
	    run_n(l, "DELETE FROM handlings WHERE batch = ?1", n, 0,
	    "removing the handlings") == -1)
		goto out;
	/*
	 * Every case its events name, as it stands; an undo event for
	 * those no item changed of (a document issued).
	 */
	xf_buf_reset(&why);
	if (xf_buf_printf(&why, "{\"batch\":%lld", (long long)n) == -1 ||
	    reason_member(&why, reason) == -1 || xf_buf_addc(&why, '}') == -1) {
		oom(l);
		goto out;
	}
	/* A key person (xf-person) is no item: an undo event, unprinted. */
	xf_buf_reset(&regs);
	if (batch_ids(l, "SELECT DISTINCT item FROM events WHERE batch = ?1"
	    " ORDER BY item", n, &regs, "reading the batch") == -1)
		goto out;
	for (off = 0; off < regs.len; off += strlen(id) + 1) {
		id = regs.p + off;
		if ((rc = read_case(l, id, l->old)) == -1 || (!(rc == 1 &&
		    undone(l, id)) && event(l, id, "undo", why.p) == -1))
			goto out;
		if (rc == 0)
			continue;
		count++;
		if (each != NULL && each(arg, l->old) != 0)
			break;
	}
	ret = count;
out:
	xf_db_finalize(s);
	for (i = 0; u != NULL && i < UNDO_STMTS; i++) {
		xf_db_finalize(u[i].stmt);
		free(u[i].sql);
	}
	free(u);
	xf_buf_release(&ids);
	xf_buf_release(&regs);
	xf_buf_release(&why);
	return ret;
}

xf_cursor *
xf_ledger_batches(xf_ledger *l)
{
	struct xf_stmt	*s;

	if ((s = xf_db_prepare(l->db, "SELECT n AS batch, at, actor, program,"
	    " args, files, (SELECT count(DISTINCT item) FROM events WHERE"
	    " batch = b.n) AS items, (SELECT json_group_object(action, k) FROM"
	    " (SELECT action, count(*) AS k FROM events WHERE batch = b.n"
	    " GROUP BY action ORDER BY action)) AS events, undoes, undone_by,"
	    " undone_at FROM batches b ORDER BY n")) == NULL) {
		dberr(l, "reading the batches");
		return NULL;
	}
	return cursor(l, s, 0);
}
