/*
 * census.c - a ledger as a whole: its tables counted and digested, the
 * checks of its own consistency, and a copy of it, with its whole
 * history, into another ledger of either store (xf-ledger(1)).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-private.h"
#include "store/store.h"

/*
 * The tables of a ledger, in the order a copy fills them: what a row
 * names comes before it.  The items in the order they were registered
 * (live_items' rowid, the voided included), so that what is read in
 * that order (the training rows) reads the same in the copy.
 */
static const struct table {
	const char	*name;
	const char	*from;		/* what a copy reads */
} tables[] = {
	{ "batches", NULL },
	{ "items", "SELECT * FROM live_items ORDER BY rowid" },
	{ "events", NULL },
	{ "day_seq", NULL },
	{ "visits", NULL },
	{ "handlings", NULL },
	{ "classified", NULL },
	{ "models", NULL },
	{ "images", NULL },
	{ "documents", NULL },
	{ "lawful_measures", NULL },
	{ "persons", NULL },
	{ "person_contacts", NULL },
	{ "person_images", NULL },
};
#define NTABLES	(int)(sizeof tables / sizeof tables[0])

/* Columns that are the store's, not the ledger's: not compared. */
static int
stores_own(const char *col)
{
	return strcmp(col, "office") == 0 || strcmp(col, "rowid") == 0;
}

/*
 * A row's hash: each column's name and value, in the order of the names
 * (so the stores may order their columns as they like), NULL apart from
 * any text.
 */
static uint64_t
row_hash(struct xf_stmt *s, const int *order, int n)
{
	uint64_t	 h = XF_HASH64;
	const char	*name;
	int		 i, c;

	for (i = 0; i < n; i++) {
		c = order[i];
		name = xf_db_colname(s, c);
		h = xf_hash64(h, name, strlen(name) + 1);
		if (xf_db_type(s, c) == XF_V_NULL)
			h = xf_hash64(h, "\1", 1);
		else if (xf_db_type(s, c) == XF_V_BLOB)
			h = xf_hash64(h, xf_db_blob(s, c), xf_db_bytes(s, c));
		else
			h = xf_hash64(h, xf_db_text(s, c), strlen(xf_db_text(s,
			    c)));
		h = xf_hash64(h, "", 1);
	}
	return h;
}

static struct xf_stmt *
cmp_stmt;

static int
by_name(const void *a, const void *b)
{
	return strcmp(xf_db_colname(cmp_stmt, *(const int *)a),
	    xf_db_colname(cmp_stmt, *(const int *)b));
}

/* The columns of s that are the ledger's, in the order of their names. */
static int
name_order(struct xf_stmt *s, int *order, int max)
{
	int	 i, n = 0;

	for (i = 0; i < xf_db_count(s) && n < max; i++)
		if (!stores_own(xf_db_colname(s, i)))
			order[n++] = i;
	cmp_stmt = s;
	qsort(order, (size_t)n, sizeof *order, by_name);
	return n;
}

#define MAXCOLS	128

int
xf_ledger_census(xf_ledger *l, struct xf_census *out, int n)
{
	struct xf_stmt	*s;
	char		 sql[96];
	int		 order[MAXCOLS], t, nc = 0, rc;

	for (t = 0; t < NTABLES && t < n; t++) {
		snprintf(sql, sizeof sql, "SELECT * FROM %s", tables[t].name);
		if ((s = xf_db_prepare(xf_ledger_db(l), sql)) == NULL)
			return xf_ledger_dberr(l, "counting the tables");
		out[t].table = tables[t].name;
		out[t].rows = 0;
		out[t].digest = 0;
		while ((rc = xf_db_step(s)) == XF_DB_ROW) {
			if (out[t].rows++ == 0)
				nc = name_order(s, order, MAXCOLS);
			/* A sum: the same whatever the order of the rows. */
			out[t].digest += row_hash(s, order, nc);
		}
		xf_db_finalize(s);
		if (rc != XF_DB_DONE)
			return xf_ledger_dberr(l, "counting the tables");
	}
	return t;
}

/*
 * What a ledger of xf never holds: each a row (problem, key).  The
 * store's own check of its file comes first.
 */
static const char *const problems[] = {
	"SELECT 'an event of no case' AS problem, item AS key FROM events e"
	" WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = e.item) AND"
	" NOT EXISTS (SELECT 1 FROM persons p WHERE 'P' || p.seq = e.item)",
	"SELECT 'an item with no register event', id FROM items i WHERE NOT"
	" EXISTS (SELECT 1 FROM events e WHERE e.item = i.id AND e.action ="
	" 'register')",
	"SELECT 'a repeat of no item', id FROM items i WHERE repeat_of IS NOT"
	" NULL AND NOT EXISTS (SELECT 1 FROM items f WHERE f.id = i.repeat_of)",
	"SELECT 'a merge into no item', id FROM items i WHERE merged_into IS"
	" NOT NULL AND NOT EXISTS (SELECT 1 FROM items f WHERE f.id ="
	" i.merged_into)",
	"SELECT 'an event of no batch', item FROM events e WHERE batch IS NOT"
	" NULL AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.n = e.batch)",
	"SELECT 'a visit of no item', item FROM visits v WHERE NOT EXISTS"
	" (SELECT 1 FROM items i WHERE i.id = v.item)",
	"SELECT 'a handling of no item', item FROM handlings h WHERE NOT"
	" EXISTS (SELECT 1 FROM items i WHERE i.id = h.item)",
};

xf_cursor *
xf_ledger_problems(xf_ledger *l)
{
	struct xf_db	*db = xf_ledger_db(l);
	struct xf_buf	 sql = { 0 };
	xf_cursor	*c;
	size_t		 i;
	int		 rc = 0;

	if (db->be->integrity_sql != NULL)
		rc |= xf_buf_printf(&sql, "%s UNION ALL ",
		    db->be->integrity_sql);
	for (i = 0; i < sizeof problems / sizeof problems[0]; i++)
		rc |= xf_buf_printf(&sql, "%s%s", i ? " UNION ALL " : "",
		    problems[i]);
	if (rc != 0) {
		xf_buf_release(&sql);
		xf_ledger_fail(l, "out of memory");
		return NULL;
	}
	c = xf_ledger_query(l, sql.p, NULL, 0);
	xf_buf_release(&sql);
	return c;
}

/* Whether the ledger holds nothing yet: 1, 0, or -1. */
static int
empty(xf_ledger *l)
{
	struct xf_stmt	*s;
	int		 rc;

	if ((s = xf_db_prepare(xf_ledger_db(l), "SELECT 1 FROM items UNION"
	    " ALL SELECT 1 FROM events UNION ALL SELECT 1 FROM batches UNION"
	    " ALL SELECT 1 FROM persons UNION ALL SELECT 1 FROM models"))
	    == NULL)
		return xf_ledger_dberr(l, "reading the ledger");
	rc = xf_db_step(s);
	xf_db_finalize(s);
	if (rc == XF_DB_ERROR)
		return xf_ledger_dberr(l, "reading the ledger");
	return rc == XF_DB_DONE;
}

/*
 * The insert into table of to's columns that from's rows (s) have; the
 * column of s each parameter takes, in map.
 */
static struct xf_stmt *
insert_for(xf_ledger *to, const char *table, struct xf_stmt *s, int *map,
    int *n)
{
	struct xf_stmt	*cols;
	struct xf_buf	 sql = { 0 };
	const char	*name;
	char		 q[96];
	int		 i, j, rc = 0;

	*n = 0;
	snprintf(q, sizeof q, "SELECT * FROM %s WHERE 1 = 0", table);
	if ((cols = xf_db_prepare(xf_ledger_db(to), q)) == NULL ||
	    xf_db_step(cols) == XF_DB_ERROR) {
		xf_db_finalize(cols);
		xf_ledger_dberr(to, "reading the columns");
		return NULL;
	}
	rc |= xf_buf_printf(&sql, "INSERT INTO %s (", table);
	for (i = 0; i < xf_db_count(cols) && *n < MAXCOLS; i++) {
		name = xf_db_colname(cols, i);
		if (stores_own(name))
			continue;
		for (j = 0; j < xf_db_count(s); j++)
			if (strcmp(xf_db_colname(s, j), name) == 0)
				break;
		if (j == xf_db_count(s))
			continue;	/* to's default */
		map[(*n)++] = j;
		rc |= xf_buf_printf(&sql, "%s\"%s\"", *n > 1 ? ", " : "",
		    name);
	}
	rc |= xf_buf_adds(&sql, ") VALUES (");
	for (i = 0; i < *n; i++)
		rc |= xf_buf_printf(&sql, "%s?%d", i ? ", " : "", i + 1);
	rc |= xf_buf_adds(&sql, ")");
	xf_db_finalize(cols);
	if (rc != 0) {
		xf_buf_release(&sql);
		xf_ledger_fail(to, "out of memory");
		return NULL;
	}
	cols = xf_db_prepare(xf_ledger_db(to), sql.p);
	xf_buf_release(&sql);
	if (cols == NULL)
		xf_ledger_dberr(to, "copying");
	return cols;
}

/* Copy the rows of one table; 0, or -1 with the message in to. */
static int
copy_table(xf_ledger *from, xf_ledger *to, const struct table *t)
{
	struct xf_stmt	*s, *ins = NULL;
	char		 sql[96], what[64];
	void		*blob;
	int		 map[MAXCOLS], n = 0, i, c, rc, failed = 0;

	snprintf(sql, sizeof sql, "SELECT * FROM %s", t->name);
	snprintf(what, sizeof what, "copying the %s", t->name);
	if ((s = xf_db_prepare(xf_ledger_db(from), t->from ? t->from : sql))
	    == NULL) {
		xf_ledger_dberr(from, what);
		return xf_ledger_fail(to, "%s", xf_ledger_errmsg(from));
	}
	while (!failed && (rc = xf_db_step(s)) == XF_DB_ROW) {
		if (ins == NULL && (ins = insert_for(to, t->name, s, map,
		    &n)) == NULL) {
			failed = 1;
			break;
		}
		for (i = 0; i < n && !failed; i++) {
			c = map[i];
			switch (xf_db_type(s, c)) {
			case XF_V_INT:
				xf_db_bind_int(ins, i + 1, xf_db_int(s, c));
				break;
			case XF_V_BLOB:
				/* the store frees it */
				if ((blob = malloc(xf_db_bytes(s, c) + 1)) ==
				    NULL) {
					failed = xf_ledger_fail(to, "out of "
					    "memory");
					break;
				}
				memcpy(blob, xf_db_blob(s, c), xf_db_bytes(s,
				    c));
				xf_db_bind_blob(ins, i + 1, blob, xf_db_bytes(s,
				    c));
				break;
			default:	/* text, NULL, a number as text */
				xf_db_bind_text(ins, i + 1, xf_db_text(s, c));
				break;
			}
		}
		if (!failed && xf_db_step(ins) == XF_DB_ERROR)
			failed = xf_ledger_dberr(to, what);
		xf_db_reset(ins);
	}
	if (!failed && rc == XF_DB_ERROR) {
		xf_ledger_dberr(from, what);
		failed = xf_ledger_fail(to, "%s", xf_ledger_errmsg(from));
	}
	xf_db_finalize(ins);
	xf_db_finalize(s);
	return failed ? -1 : 0;
}

int
xf_ledger_copy(xf_ledger *from, xf_ledger *to)
{
	struct xf_census a[NTABLES], b[NTABLES];
	struct xf_db	*db = xf_ledger_db(to);
	int		 t, rc;

	if ((rc = empty(to)) != 1)
		return rc == -1 ? -1 : xf_ledger_fail(to, "the ledger copied "
		    "into holds items, events or batches already: a copy "
		    "goes into a new ledger");
	if (xf_ledger_include_void(from, 1) == -1 ||
	    xf_ledger_census(from, a, NTABLES) == -1)
		return xf_ledger_fail(to, "%s", xf_ledger_errmsg(from));
	if (db->be->begin(db) == -1)
		return xf_ledger_dberr(to, "starting the copy");
	for (t = 0; t < NTABLES; t++)
		if (copy_table(from, to, &tables[t]) == -1)
			goto fail;
	if (db->be->copied(db) == -1) {
		xf_ledger_dberr(to, "numbering the rows copied");
		goto fail;
	}
	/* The copy holds what was read, exactly, or nothing. */
	if (xf_ledger_census(to, b, NTABLES) == -1)
		goto fail;
	for (t = 0; t < NTABLES; t++)
		if (a[t].rows != b[t].rows || a[t].digest != b[t].digest) {
			xf_ledger_fail(to, "the copy of the %s differs from "
			    "them (%lld rows read, %lld written): nothing "
			    "copied", a[t].table, (long long)a[t].rows,
			    (long long)b[t].rows);
			goto fail;
		}
	if (db->be->commit(db) == 0)
		return 0;
	xf_ledger_dberr(to, "committing the copy");
fail:
	db->be->rollback(db);
	return -1;
}
