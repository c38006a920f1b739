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

/*
 * The ledger's own numbers, which a copy into a ledger in use
 * renumbers: each numbering goes on after the largest number the ledger
 * copied into holds, the source's first number 1 becoming that plus 1,
 * so that the order of the rows and every reference between them are
 * kept.  Into an empty ledger every number is kept.
 */
enum { N_BATCH, N_EVENT, N_VISIT, N_DOCUMENT, N_MEASURE, N_CONTACT, NNUM };
static const struct numbering {
	const char	*table, *col;	/* whose number it is */
} numberings[NNUM] = {
	[N_BATCH] = { "batches", "n" },
	[N_EVENT] = { "events", "seq" },
	[N_VISIT] = { "visits", "seq" },
	[N_DOCUMENT] = { "documents", "seq" },
	[N_MEASURE] = { "lawful_measures", "seq" },
	[N_CONTACT] = { "person_contacts", "seq" },
};

/*
 * Each column holding one of those numbers: the number of a row, or of
 * the row it names.  An event's details name the batch an undo undid
 * ("batch":N, a member of the object).  The case ids, the key persons'
 * numbers (their ids, P17) and the documents' numbers (文号) are kept.
 */
static const struct renumbered {
	const char	*table, *col;
	int		 numbering;
	int		 member;	/* a JSON object's member "batch" */
} renumbered[] = {
	{ "batches", "n", N_BATCH, 0 },
	{ "batches", "undoes", N_BATCH, 0 },
	{ "batches", "undone_by", N_BATCH, 0 },
	{ "events", "seq", N_EVENT, 0 },
	{ "events", "batch", N_BATCH, 0 },
	{ "events", "details", N_BATCH, 1 },
	{ "visits", "seq", N_VISIT, 0 },
	{ "visits", "batch", N_BATCH, 0 },
	{ "handlings", "batch", N_BATCH, 0 },
	{ "images", "batch", N_BATCH, 0 },
	{ "documents", "seq", N_DOCUMENT, 0 },
	{ "documents", "replaced_by", N_DOCUMENT, 0 },
	{ "documents", "batch", N_BATCH, 0 },
	{ "lawful_measures", "seq", N_MEASURE, 0 },
	{ "lawful_measures", "batch", N_BATCH, 0 },
	{ "persons", "batch", N_BATCH, 0 },
	{ "person_contacts", "seq", N_CONTACT, 0 },
	{ "person_contacts", "batch", N_BATCH, 0 },
	{ "person_images", "batch", N_BATCH, 0 },
};

#define MAXCOLS	128

/* How a copy writes a column: what it adds to its number, if any. */
struct col {
	int64_t		 add;
	int		 member;
};

/* Columns that are the store's, not the ledger's: not compared. */
static int
stores_own(const char *col)
{
	return strcmp(col, "office") == 0 || strcmp(col, "rowid") == 0;
}

/*
 * The number of the batch the JSON object j names as its member
 * "batch" (an undo's event), its digits' length in *len; NULL: none.
 */
static const char *
batch_member(const char *j, size_t *len)
{
	const char	*p, *k;
	int		 depth = 0;

	for (p = j; *p != '\0'; p++) {
		if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']')
			depth--;
		else if (*p == '"') {
			for (k = ++p; *p != '"'; p++)
				if (*p == '\0' || (*p == '\\' && *++p == '\0'))
					return NULL;
			if (depth == 1 && p - k == 5 && strncmp(k, "batch", 5)
			    == 0 && p[1] == ':' && p[2] >= '0' && p[2] <= '9') {
				*len = strspn(p + 2, "0123456789");
				return p + 2;
			}
		}
	}
	return NULL;
}

/*
 * How a copy writes the columns of s, a statement on table: what it
 * adds to each (off, the offset of each numbering; NULL: nothing).
 */
static void
columns_of(struct xf_stmt *s, const char *table, const int64_t *off,
    struct col *cols)
{
	const char	*name;
	size_t		 r;
	int		 c;

	for (c = 0; c < xf_db_count(s) && c < MAXCOLS; c++) {
		cols[c].add = 0;
		cols[c].member = 0;
		name = xf_db_colname(s, c);
		for (r = 0; off != NULL && r < sizeof renumbered /
		    sizeof renumbered[0]; r++)
			if (strcmp(renumbered[r].table, table) == 0 &&
			    strcmp(renumbered[r].col, name) == 0) {
				cols[c].add = off[renumbered[r].numbering];
				cols[c].member = renumbered[r].member;
			}
	}
}

/*
 * A row's hash: each column's name and value, in the order of the names
 * (so the stores may order their columns as they like), NULL apart from
 * any text; each value as a copy writes it (cols; NULL: as it is).
 */
static uint64_t
row_hash(struct xf_stmt *s, const int *order, int n, const struct col *cols)
{
	uint64_t	 h = XF_HASH64;
	const char	*name, *v, *d;
	char		 num[24];
	size_t		 len;
	int		 i, c;

	for (i = 0; i < n; i++) {
		c = order[i];
		name = xf_db_colname(s, c);
		h = xf_hash64(h, name, strlen(name) + 1);
		if (xf_db_type(s, c) == XF_V_NULL)
			h = xf_hash64(h, "\1", 1);
		else if (xf_db_type(s, c) == XF_V_BLOB)
			h = xf_hash64(h, xf_db_blob(s, c), xf_db_bytes(s, c));
		else if (cols != NULL && cols[c].add != 0 && !cols[c].member &&
		    xf_db_type(s, c) == XF_V_INT) {
			snprintf(num, sizeof num, "%lld",
			    (long long)(xf_db_int(s, c) + cols[c].add));
			h = xf_hash64(h, num, strlen(num));
		} else {
			v = xf_db_text(s, c);
			if (cols != NULL && cols[c].add != 0 &&
			    cols[c].member && (d = batch_member(v, &len)) !=
			    NULL) {
				snprintf(num, sizeof num, "%lld",
				    strtoll(d, NULL, 10) + cols[c].add);
				h = xf_hash64(h, v, (size_t)(d - v));
				h = xf_hash64(h, num, strlen(num));
				v = d + len;
			}
			h = xf_hash64(h, v, strlen(v));
		}
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

/*
 * The census of l; with off, of l's rows as a copy renumbering by off
 * writes them.
 */
static int
census(xf_ledger *l, struct xf_census *out, int n, const int64_t *off)
{
	struct xf_stmt	*s;
	struct col	 cols[MAXCOLS];
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
			if (out[t].rows++ == 0) {
				nc = name_order(s, order, MAXCOLS);
				columns_of(s, tables[t].name, off, cols);
			}
			/* A sum: the same whatever the order of the rows. */
			out[t].digest += row_hash(s, order, nc, off ? cols :
			    NULL);
		}
		xf_db_finalize(s);
		if (rc != XF_DB_DONE)
			return xf_ledger_dberr(l, "counting the tables");
	}
	return t;
}

int
xf_ledger_census(xf_ledger *l, struct xf_census *out, int n)
{
	return census(l, out, n, NULL);
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

/*
 * The insert into table of to's columns that from's rows (s) have; the
 * column of s each parameter takes, in map.
 */
static struct xf_stmt *
insert_for(xf_ledger *to, const char *table, struct xf_stmt *s, int *map,
    int *n)
{
	struct xf_db	*db = xf_ledger_db(to);
	struct xf_stmt	*cols, *ins;
	const char	*names[MAXCOLS];
	char		 q[96];
	int		 i, j;

	*n = 0;
	snprintf(q, sizeof q, "SELECT * FROM %s WHERE 1 = 0", table);
	if ((cols = xf_db_prepare(db, q)) == NULL ||
	    xf_db_step(cols) == XF_DB_ERROR) {
		xf_db_finalize(cols);
		xf_ledger_dberr(to, "reading the columns");
		return NULL;
	}
	for (i = 0; i < xf_db_count(cols) && *n < MAXCOLS; i++) {
		names[*n] = xf_db_colname(cols, i);
		if (stores_own(names[*n]))
			continue;
		for (j = 0; j < xf_db_count(s); j++)
			if (strcmp(xf_db_colname(s, j), names[*n]) == 0)
				break;
		if (j == xf_db_count(s))
			continue;	/* to's default */
		map[(*n)++] = j;
	}
	/* (The names are cols's: it is finalized after.) */
	if ((ins = db->be->rows(db, table, names, *n)) == NULL)
		xf_ledger_dberr(to, "copying");
	xf_db_finalize(cols);
	return ins;
}

/*
 * What may be in one ledger only: each a statement on the ledger
 * copied, its first column naming the thing, the others what the
 * statement on the ledger copied into looks for.  A ref, as xf-intake
 * looks one up, in the whole ledger; a key person by number (the id
 * P17) or by key, a paper by its number (文号) and a model by name in
 * the office's own (on PostgreSQL, the office of the settings).
 */
static const struct clash {
	const char	*what;
	const char	*from;
	const char	*to;
} clashes[] = {
	{ "case", "SELECT id, id FROM live_items ORDER BY rowid",
	  "SELECT 1 FROM items WHERE id = ?1" },
	{ "ref", "SELECT ref, ref FROM live_items WHERE ref IS NOT NULL"
	  " ORDER BY rowid", "SELECT 1 FROM items WHERE ref = ?1" },
	{ "person", "SELECT 'P' || seq, seq, key FROM persons ORDER BY seq",
	  "SELECT 1 FROM persons WHERE seq = ?1 OR key = ?2" },
	{ "document", "SELECT number, kind, year, n FROM documents ORDER BY"
	  " seq", "SELECT 1 FROM documents WHERE kind = ?1 AND year = ?2"
	  " AND n = ?3" },
	{ "model", "SELECT name, name FROM models ORDER BY name",
	  "SELECT 1 FROM models WHERE name = ?1" },
};

/* The lookups of clashes a round trip, at most (sent at once). */
#define CHUNK	64

/*
 * Read the n lookups q[0 .. n) of clash c, sent (xf_db_send()): each
 * that finds one counted in *found, the first named in what and first.
 * 0, or -1 with the message in to.
 */
static int
clashes_found(xf_ledger *to, const struct clash *c, struct xf_stmt **q,
    char (*shown)[128], int n, long *found, char *what, char *first)
{
	int	 i, hit;

	for (i = 0; i < n; i++) {
		if ((hit = xf_db_step(q[i])) == XF_DB_ERROR)
			return xf_ledger_dberr(to, "looking for clashes");
		if (hit == XF_DB_ROW && (*found)++ == 0) {
			snprintf(what, 24, "%s", c->what);
			snprintf(first, 128, "%s", shown[i]);
		}
		xf_db_reset(q[i]);
	}
	return 0;
}

/*
 * Refuse, saying the first and how many, what from holds that to holds
 * already; 0 when nothing, -1 with the message in to.  The lookups go
 * CHUNK at once (one round trip on PostgreSQL, where one a row took 14
 * of the 23 s of a copy of 100,000 items): the first alone, so that
 * the others find its statement prepared on the server.
 */
static int
refuse_clashes(xf_ledger *from, xf_ledger *to)
{
	struct xf_stmt	*s, *q[CHUNK];
	char		 first[128] = "", what[24] = "";
	char		 shown[CHUNK][128];
	long		 found = 0;
	size_t		 k;
	int		 i, n, made, ran, rc = XF_DB_DONE, failed = 0;

	for (k = 0; k < sizeof clashes / sizeof clashes[0]; k++) {
		if ((s = xf_db_prepare(xf_ledger_db(from), clashes[k].from)) ==
		    NULL) {
			xf_ledger_dberr(from, "reading the ledger copied");
			return xf_ledger_fail(to, "%s", xf_ledger_errmsg(from));
		}
		n = made = ran = 0;
		while (!failed && (rc = xf_db_step(s)) == XF_DB_ROW) {
			if (n == made && (q[made++] = xf_db_prepare(
			    xf_ledger_db(to), clashes[k].to)) == NULL) {
				made--;
				failed = xf_ledger_dberr(to,
				    "looking for clashes");
				break;
			}
			for (i = 1; i < xf_db_count(s); i++)
				xf_db_bind_copy(q[n], i, xf_db_text(s, i));
			snprintf(shown[n], sizeof shown[n], "%s",
			    xf_db_text(s, 0));
			xf_db_send(q[n++]);
			if (n == CHUNK || !ran) {
				failed = clashes_found(to, &clashes[k], q,
				    shown, n, &found, what, first);
				n = 0;
				ran = 1;
			}
		}
		if (!failed && n > 0)
			failed = clashes_found(to, &clashes[k], q, shown, n,
			    &found, what, first);
		for (i = 0; i < made; i++)
			xf_db_finalize(q[i]);
		xf_db_finalize(s);
		if (failed)
			return -1;
		if (rc != XF_DB_DONE) {
			xf_ledger_dberr(from, "reading the ledger copied");
			return xf_ledger_fail(to, "%s", xf_ledger_errmsg(from));
		}
	}
	if (found == 0)
		return 0;
	return xf_ledger_fail(to, "%s '%s' is in the ledger copied into "
	    "already (%ld clash%s of case ids, refs, persons, documents or "
	    "models in all): nothing copied", what, first, found,
	    found == 1 ? "" : "es");
}

/* Each numbering's offset: the largest number to holds, or 0. */
static int
offsets(xf_ledger *to, int64_t *off)
{
	struct xf_stmt	*s;
	char		 sql[96];
	int		 k, rc;

	for (k = 0; k < NNUM; k++) {
		snprintf(sql, sizeof sql, "SELECT coalesce(max(%s), 0) FROM %s",
		    numberings[k].col, numberings[k].table);
		if ((s = xf_db_prepare(xf_ledger_db(to), sql)) == NULL)
			return xf_ledger_dberr(to, "reading the numbers");
		if ((rc = xf_db_step(s)) == XF_DB_ROW)
			off[k] = xf_db_int(s, 0);
		xf_db_finalize(s);
		if (rc != XF_DB_ROW)
			return xf_ledger_dberr(to, "reading the numbers");
	}
	return 0;
}

/*
 * Bind column c of s, as a copy writes it (col), as parameter i of ins;
 * 0, or -1 with the message in to.
 */
static int
bind_written(xf_ledger *to, struct xf_stmt *ins, int i, struct xf_stmt *s,
    int c, const struct col *col)
{
	const char	*v, *d;
	void		*blob;
	char		*t;
	size_t		 len, at;
	int		 n;

	switch (xf_db_type(s, c)) {
	case XF_V_INT:
		xf_db_bind_int(ins, i, xf_db_int(s, c) + (col->member ? 0 :
		    col->add));
		return 0;
	case XF_V_BLOB:
		/* the store frees it */
		if ((blob = malloc(xf_db_bytes(s, c) + 1)) == NULL)
			return xf_ledger_fail(to, "out of memory");
		memcpy(blob, xf_db_blob(s, c), xf_db_bytes(s, c));
		xf_db_bind_blob(ins, i, blob, xf_db_bytes(s, c));
		return 0;
	case XF_V_NULL:
		xf_db_bind_text(ins, i, NULL);
		return 0;
	default:	/* text, a number as text */
		v = xf_db_text(s, c);
		if (!col->member || col->add == 0 ||
		    (d = batch_member(v, &len)) == NULL) {
			xf_db_bind_text(ins, i, v);
			return 0;
		}
		at = (size_t)(d - v);
		if ((t = malloc(strlen(v) + 24)) == NULL)
			return xf_ledger_fail(to, "out of memory");
		memcpy(t, v, at);
		n = snprintf(t + at, 24, "%lld", strtoll(d, NULL, 10) +
		    col->add);
		memcpy(t + at + n, d + len, strlen(d + len) + 1);
		xf_db_bind_copy(ins, i, t);
		free(t);
		return 0;
	}
}

/*
 * Copy the rows of one table, renumbered by off; 0, or -1 with the
 * message in to.
 */
static int
copy_table(xf_ledger *from, xf_ledger *to, const struct table *t,
    const int64_t *off)
{
	struct xf_stmt	*s, *ins = NULL;
	struct col	 cols[MAXCOLS];
	char		 sql[96], what[64];
	int		 map[MAXCOLS], n = 0, i, rc, failed = 0;

	snprintf(sql, sizeof sql, "SELECT * FROM %s", t->name);
	snprintf(what, sizeof what, "copying the %s", t->name);
	if ((s = xf_db_prepare(xf_ledger_db(from), t->from ? t->from : sql))
	    == NULL) {
		xf_ledger_dberr(from, what);
		return xf_ledger_fail(to, "%s", xf_ledger_errmsg(from));
	}
	while (!failed && (rc = xf_db_step(s)) == XF_DB_ROW) {
		if (ins == NULL) {
			if ((ins = insert_for(to, t->name, s, map, &n)) ==
			    NULL) {
				failed = 1;
				break;
			}
			columns_of(s, t->name, off, cols);
		}
		for (i = 0; i < n && !failed; i++)
			failed = bind_written(to, ins, i + 1, s, map[i],
			    &cols[map[i]]);
		if (!failed && xf_db_step_later(ins) == XF_DB_ERROR)
			failed = xf_ledger_dberr(to, what);
		xf_db_reset(ins);
		if (!failed && xf_ledger_adding(to) == -1)
			failed = 1;
	}
	if (!failed && rc == XF_DB_ERROR) {
		xf_ledger_dberr(from, what);
		failed = xf_ledger_fail(to, "%s", xf_ledger_errmsg(from));
	}
	/* The rows sent later (a COPY) ended: a refused one said as this. */
	xf_db_finalize(ins);
	if (!failed && xf_ledger_db(to)->be->failed_later(xf_ledger_db(to)))
		failed = xf_ledger_dberr(to, what);
	xf_db_finalize(s);
	return failed ? -1 : 0;
}

/*
 * The day's sequences of from merged into to's (on PostgreSQL, the
 * office's): a day to has not, added; a day both have, at the larger
 * number, so that the next id of the day follows every id either gave.
 * What that changes in to's census, in *rows and *digest.
 */
static int
merge_days(xf_ledger *from, xf_ledger *to, int64_t *rows, uint64_t *digest)
{
	struct xf_stmt	*s, *get = NULL, *put = NULL, *raise = NULL, *w;
	int		 order[MAXCOLS], nc = 0, rc, got, failed = 0;

	*rows = 0;
	*digest = 0;
	if ((s = xf_db_prepare(xf_ledger_db(from), "SELECT day, n FROM"
	    " day_seq")) == NULL) {
		xf_ledger_dberr(from, "copying the day_seq");
		return xf_ledger_fail(to, "%s", xf_ledger_errmsg(from));
	}
	if ((get = xf_db_prepare(xf_ledger_db(to), "SELECT day, n FROM day_seq"
	    " WHERE day = ?1")) == NULL ||
	    (put = xf_db_prepare(xf_ledger_db(to), "INSERT INTO day_seq (day,"
	    " n) VALUES (?1, ?2)")) == NULL ||
	    (raise = xf_db_prepare(xf_ledger_db(to), "UPDATE day_seq SET n ="
	    " ?2 WHERE day = ?1")) == NULL) {
		failed = xf_ledger_dberr(to, "copying the day_seq");
		goto out;
	}
	while (!failed && (rc = xf_db_step(s)) == XF_DB_ROW) {
		if (nc == 0)
			nc = name_order(s, order, MAXCOLS);
		xf_db_bind_text(get, 1, xf_db_text(s, 0));
		if ((got = xf_db_step(get)) == XF_DB_ERROR) {
			failed = xf_ledger_dberr(to, "copying the day_seq");
			break;
		}
		if (got == XF_DB_ROW && xf_db_int(get, 1) >= xf_db_int(s, 1)) {
			xf_db_reset(get);
			continue;
		}
		/* A day there raised to the source's n, one not put. */
		if (got == XF_DB_ROW)	/* get names its columns as s does */
			*digest -= row_hash(get, order, nc, NULL);
		else
			(*rows)++;
		xf_db_reset(get);
		w = got == XF_DB_ROW ? raise : put;
		xf_db_bind_text(w, 1, xf_db_text(s, 0));
		xf_db_bind_int(w, 2, xf_db_int(s, 1));
		if (xf_db_step(w) == XF_DB_ERROR)
			failed = xf_ledger_dberr(to, "copying the day_seq");
		xf_db_reset(w);
		*digest += row_hash(s, order, nc, NULL);
	}
	if (!failed && rc == XF_DB_ERROR) {
		xf_ledger_dberr(from, "copying the day_seq");
		failed = xf_ledger_fail(to, "%s", xf_ledger_errmsg(from));
	}
out:
	xf_db_finalize(raise);
	xf_db_finalize(put);
	xf_db_finalize(get);
	xf_db_finalize(s);
	return failed ? -1 : 0;
}

int
xf_ledger_copy(xf_ledger *from, xf_ledger *to)
{
	struct xf_census a[NTABLES], before[NTABLES], after[NTABLES];
	struct xf_db	*db = xf_ledger_db(to);
	uint64_t	 digest;
	int64_t		 off[NNUM], rows;
	int		 t;

	if (xf_ledger_include_void(from, 1) == -1)
		return xf_ledger_fail(to, "%s", xf_ledger_errmsg(from));
	/* Alone: no other writer's batch takes a number meanwhile. */
	if (db->be->begin(db) == -1 || db->be->enter(db, 1) == -1)
		return xf_ledger_dberr(to, "starting the copy");
	if (refuse_clashes(from, to) == -1 || offsets(to, off) == -1 ||
	    census(to, before, NTABLES, NULL) == -1)
		goto fail;
	if (census(from, a, NTABLES, off) == -1) {
		xf_ledger_fail(to, "%s", xf_ledger_errmsg(from));
		goto fail;
	}
	for (t = 0; t < NTABLES; t++) {
		if (strcmp(tables[t].name, "day_seq") != 0) {
			if (copy_table(from, to, &tables[t], off) == -1)
				goto fail;
			continue;
		}
		if (merge_days(from, to, &rows, &digest) == -1)
			goto fail;
		a[t].rows = rows;
		a[t].digest = digest;
	}
	if (db->be->copied(db) == -1) {
		xf_ledger_dberr(to, "numbering the rows copied");
		goto fail;
	}
	/*
	 * The copy holds what was read, exactly, or nothing: what each
	 * table gained is from's rows as renumbered (a sum of the rows'
	 * hashes: the rows to held already count the same before and
	 * after).
	 */
	if (census(to, after, NTABLES, NULL) == -1)
		goto fail;
	for (t = 0; t < NTABLES; t++)
		if (after[t].rows - before[t].rows != a[t].rows ||
		    after[t].digest - before[t].digest != a[t].digest) {
			xf_ledger_fail(to, "the copy of the %s differs from "
			    "them (%lld rows read, %lld written): nothing "
			    "copied", a[t].table, (long long)a[t].rows,
			    (long long)(after[t].rows - before[t].rows));
			goto fail;
		}
	if (db->be->commit(db) == 0)
		return 0;
	xf_ledger_dberr(to, "committing the copy");
fail:
	db->be->rollback(db);
	return -1;
}
