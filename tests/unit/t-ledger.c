/*
 * t-ledger.c - the ledger: creating and opening it, registering items
 * (ids, refs, repeats, events), batches and savepoints, selecting,
 * counting and the history of a case
 *
 * Through the public API alone (xf.h), what is stored read back by a
 * reader of its own: the suite every store must pass.  What is about
 * the SQLite file itself is in t-store-sqlite.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xf.h"
#include "test.h"
#include "ledger-util.h"


static char tmpdir[] = "/tmp/t-ledger.XXXXXX";
static xf_settings *defaults;

static const char *
path_of(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", tmpdir, name);
	return buf;
}

/*
 * Where the ledger name.db is: a file of tmpdir, or, with XF_TEST_STORE
 * "pg" (the suite's pg tier, libpq's variables naming the server), an
 * empty database of its own, made afresh by createdb: so that these
 * tests, which speak the public API alone, are the PostgreSQL store's
 * too.  remove_ledger() drops it.
 */
static const char *
ledger_of(const char *name, char *buf, size_t size)
{
	const char	*store = getenv("XF_TEST_STORE");
	char		 cmd[256];

	if (store == NULL || strcmp(store, "pg") != 0)
		return path_of(name, buf, size);
	snprintf(buf, size, "postgresql:///t_ledger_%ld_%.*s", (long)getpid(),
	    (int)strcspn(name, "."), name);
	snprintf(cmd, sizeof(cmd), "dropdb --if-exists '%s' 2> /dev/null;"
	    " createdb '%s'", buf + 14, buf + 14);
	if (system(cmd) != 0)
		printf("%s: failed\n", cmd);
	return buf;
}




/* first, and repeat_of when there is one, of a registered item. */
static const char *
reg_first(xf_ledger *l, xf_record *it, char *buf, size_t size)
{
	const char	*existing;
	const char	*rep;

	if (xf_ledger_register(l, it, 0, &existing) != XF_REG_NEW)
		snprintf(buf, size, "error: %s", xf_ledger_errmsg(l));
	else {
		rep = xf_record_get(it, XF_F_REPEAT_OF);
		snprintf(buf, size, "%s%s%s", xf_record_get(it, XF_F_FIRST),
		    rep != NULL ? " of " : "", rep != NULL ? rep : "");
	}
	xf_record_free(it);
	return buf;
}


/*
 * What the ledger at path holds, read through the public API by a
 * reader of its own, as the SQL of another connection would: what is
 * committed, voided items included.
 */
static xf_ledger *
reader(const char *path)
{
	xf_ledger	*l;
	char		 err[512];

	if ((l = xf_ledger_open(path, defaults, XF_L_READONLY, err,
	    sizeof(err))) == NULL)
		printf("reader: %s\n", err);
	else if (xf_ledger_include_void(l, 1) == -1) {
		printf("reader: %s\n", xf_ledger_errmsg(l));
		xf_ledger_close(l);
		l = NULL;
	}
	return l;
}

/* How many items pass f (NULL: every item); -1 on error. */
static long long
items(const char *path, const struct xf_filter *f)
{
	struct xf_filter all;
	xf_ledger	*l;
	int64_t		 n = -1;

	xf_filter_init(&all);
	if ((l = reader(path)) != NULL &&
	    xf_ledger_count(l, f != NULL ? f : &all, &n) == -1) {
		printf("count: %s\n", xf_ledger_errmsg(l));
		n = -1;
	}
	xf_ledger_close(l);
	return n;
}

/* A field of item id, "(null)" when it has none, "(error)". */
static const char *
field_of(const char *path, const char *id, int field, char *buf,
    size_t size)
{
	struct xf_filter f;
	xf_ledger	*l;
	xf_cursor	*c = NULL;
	xf_record	*r = xf_record_new();
	const char	*v;

	snprintf(buf, size, "(error)");
	xf_filter_init(&f);
	f.id = id;
	if ((l = reader(path)) != NULL && r != NULL &&
	    (c = xf_ledger_select(l, &f)) != NULL &&
	    xf_cursor_next(c, r) == 1)
		snprintf(buf, size, "%s", (v = xf_record_get(r, field)) !=
		    NULL ? v : "(null)");
	xf_cursor_free(c);
	xf_record_free(r);
	xf_ledger_close(l);
	return buf;
}

/*
 * The field of the first item (in the order of registration) received
 * at exactly at (as stored), "(null)" when it has none, "(none)" when
 * no item was, "(error)".
 */
static const char *
received_field(const char *path, const char *at, int field, char *buf,
    size_t size)
{
	struct xf_filter f;
	xf_ledger	*l;
	xf_cursor	*c = NULL;
	xf_record	*r = xf_record_new();
	const char	*v;
	int		 rc = -1;

	snprintf(buf, size, "(error)");
	xf_filter_init(&f);
	if ((l = reader(path)) == NULL || r == NULL ||
	    (c = xf_ledger_select(l, &f)) == NULL)
		goto out;
	while ((rc = xf_cursor_next(c, r)) == 1)
		if ((v = xf_record_get(r, XF_F_RECEIVED_AT)) != NULL &&
		    strcmp(v, at) == 0)
			break;
	if (rc == 1)
		snprintf(buf, size, "%s", (v = xf_record_get(r, field)) !=
		    NULL ? v : "(null)");
	else if (rc == 0)
		snprintf(buf, size, "(none)");
out:
	xf_cursor_free(c);
	xf_record_free(r);
	xf_ledger_close(l);
	return buf;
}

/*
 * Every pair of item id as read back, "key=value|" (a JSON literal
 * marked by a '#' before its value): the item, exactly, as the API
 * shows it.
 */
static const char *
image_of(const char *path, const char *id, char *buf, size_t size)
{
	struct xf_filter f;
	xf_ledger	*l;
	xf_cursor	*c = NULL;
	xf_record	*r = xf_record_new();
	size_t		 i, used = 0;

	snprintf(buf, size, "(error)");
	xf_filter_init(&f);
	f.id = id;
	if ((l = reader(path)) != NULL && r != NULL &&
	    (c = xf_ledger_select(l, &f)) != NULL &&
	    xf_cursor_next(c, r) == 1)
		for (i = 0, buf[0] = '\0'; i < xf_record_count(r) &&
		    used < size; i++)
			used += (size_t)snprintf(buf + used, size - used,
			    "%s=%s%s|", xf_record_key(r, i),
			    xf_record_raw(r, i) ? "#" : "",
			    xf_record_value(r, i, NULL));
	xf_cursor_free(c);
	xf_record_free(r);
	xf_ledger_close(l);
	return buf;
}

/* How many items have at least one event; -1 on error. */
static long long
items_with_events(const char *path)
{
	struct xf_filter f;
	xf_ledger	*l;
	xf_cursor	*c = NULL, *h;
	xf_record	*r = xf_record_new(), *e = xf_record_new();
	long long	 n = 0;
	int		 rc = -1;

	xf_filter_init(&f);
	if ((l = reader(path)) == NULL || r == NULL || e == NULL ||
	    (c = xf_ledger_select(l, &f)) == NULL)
		goto out;
	while ((rc = xf_cursor_next(c, r)) == 1) {
		if ((h = xf_ledger_history(l, xf_record_get(r, XF_F_ID))) ==
		    NULL) {
			rc = -1;
			break;
		}
		if ((rc = xf_cursor_next(h, e)) == 1)
			n++;
		xf_cursor_free(h);
		if (rc == -1)
			break;
	}
out:
	if (rc != 0)
		n = -1;
	xf_cursor_free(c);
	xf_record_free(r);
	xf_record_free(e);
	xf_ledger_close(l);
	return n;
}

/*
 * The events of the ledger at path, item by item in the order of
 * registration, each oldest first: those of id (NULL: any item) whose
 * action, actor and program are as given (NULL: any).
 */
struct ev {
	const char	*id;
	const char	*action;
	const char	*actor;
	const char	*program;
	const char	*details;
	const char	*key;		/* its value of the first of them */
};

static int
ev_match(const xf_record *r, const struct ev *q)
{
	const char	*want[] = { q->action, q->actor, q->program,
			    q->details };
	const char	*key[] = { "action", "actor", "program", "details" };
	const char	*v;
	size_t		 i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (want[i] != NULL && ((v = xf_record_get_key(r, key[i])) ==
		    NULL || strcmp(v, want[i]) != 0))
			return 0;
	return 1;
}

/*
 * How many such events there are (-1 on error), and into buf the value
 * of key of the first of them ("(none)" when there is none).
 */
static long long
ev_find(const char *path, const struct ev *q, char *buf, size_t size)
{
	struct xf_filter f;
	xf_ledger	*l;
	xf_cursor	*c, *h;
	xf_record	*r = xf_record_new(), *e = xf_record_new();
	long long	 n = 0;
	const char	*v;
	int		 rc = -1;

	if (buf != NULL)
		snprintf(buf, size, "(none)");
	if ((l = reader(path)) == NULL || r == NULL || e == NULL)
		goto out;
	xf_filter_init(&f);
	f.id = q->id;
	if ((c = xf_ledger_select(l, &f)) == NULL)
		goto out;
	while ((rc = xf_cursor_next(c, r)) == 1) {
		if ((h = xf_ledger_history(l, xf_record_get(r, XF_F_ID))) ==
		    NULL)
			break;
		while ((rc = xf_cursor_next(h, e)) == 1) {
			if (!ev_match(e, q))
				continue;
			if (n++ == 0 && buf != NULL && q->key != NULL)
				snprintf(buf, size, "%s", (v =
				    xf_record_get_key(e, q->key)) != NULL ?
				    v : "(null)");
		}
		xf_cursor_free(h);
		if (rc != 0) {
			rc = -1;
			break;
		}
	}
	xf_cursor_free(c);
out:
	if (rc != 0) {
		printf("events: %s\n", l != NULL ? xf_ledger_errmsg(l) : "?");
		n = -1;
	}
	xf_record_free(r);
	xf_record_free(e);
	xf_ledger_close(l);
	return n;
}

#define EVENTS(...)	ev_find(path, &(struct ev){ __VA_ARGS__ }, NULL, 0)
#define EVENT(buf, ...)	(ev_find(path, &(struct ev){ __VA_ARGS__ }, \
			    (buf), sizeof(buf)), (const char *)(buf))

/*
 * How many batches there are (-1 on error); and into buf the values of
 * batch n's keys (a list joined by ',') as xf_ledger_batches() gives
 * them, joined with nothing between, "(none)" without such a batch.
 */
static long long
batch_of(const char *path, int64_t n, const char *keys, char *buf,
    size_t size)
{
	xf_ledger	*l;
	xf_cursor	*c = NULL;
	xf_record	*r = xf_record_new();
	const char	*v, *k, *end;
	char		 key[64];
	size_t		 used;
	long long	 count = 0;
	int		 rc = -1;

	if (buf != NULL)
		snprintf(buf, size, "(none)");
	if ((l = reader(path)) == NULL || r == NULL ||
	    (c = xf_ledger_batches(l)) == NULL)
		goto out;
	while ((rc = xf_cursor_next(c, r)) == 1) {
		count++;
		if (buf == NULL || (v = xf_record_get_key(r, "batch")) ==
		    NULL || strtoll(v, NULL, 10) != n)
			continue;
		buf[0] = '\0';
		for (k = keys, used = 0; *k != '\0' && used < size; k = end) {
			end = k + strcspn(k, ",");
			snprintf(key, sizeof(key), "%.*s", (int)(end - k), k);
			v = xf_record_get_key(r, key);
			used += (size_t)snprintf(buf + used, size - used, "%s",
			    v != NULL ? v : "(null)");
			if (*end == ',')
				end++;
		}
	}
out:
	if (rc != 0) {
		count = -1;
		if (buf != NULL)
			snprintf(buf, size, "(error)");
	}
	xf_cursor_free(c);
	xf_record_free(r);
	xf_ledger_close(l);
	return count;
}

/* The sum of the numbers of a JSON object of counts ({"a":2,"b":1}). */
static long long
json_sum(const char *s)
{
	long long	 n = 0;

	while ((s = strchr(s, ':')) != NULL)
		n += strtoll(++s, NULL, 10);
	return n;
}


/* How many ids a list of them has. */
static int64_t
nids(const char *list)
{
	int64_t	 n = 0;

	if (*list == '\0')
		return 0;
	for (n = 1; *list != '\0'; list++)
		n += *list == ' ';
	return n;
}

/* ------------------------------------------------------------------ */

static void
test_open(void)
{
	char		 path[256], err[512], want[600];
	xf_ledger	*l;

	/* Created (its file, in t-store-sqlite), empty. */
	ledger_of("open.db", path, sizeof(path));
	err[0] = '\0';
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	CHECK_STR(err, "");
	xf_ledger_close(l);
	xf_ledger_close(NULL);
	CHECK(items(path, NULL) == 0);

	/* Opened again, and to read. */
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	xf_ledger_close(l);
	l = xf_ledger_open(path, defaults, XF_L_READONLY, err, sizeof(err));
	CHECK(l != NULL);
	if (l != NULL)
		CHECK(xf_ledger_exists(l, "20170721-0001") == 0);
	xf_ledger_close(l);
	remove_ledger(path);

	/* To read, a ledger that is not there: an error (and no file). */
	ledger_of("none.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, XF_L_READONLY, err, sizeof(err));
	CHECK(l == NULL);
	snprintf(want, sizeof(want), "%s: no ledger there (xf-intake "
	    "creates one)", path);
	CHECK_STR(err, want);
	xf_ledger_close(l);
}

static void
test_register(void)
{
	char		 path[256], buf[512], k[1024];
	struct xf_filter f;
	xf_ledger	*l;
	xf_record	*a, *r;
	xf_cursor	*c;
	const char	*existing;
	size_t		 len;
	char		 err[512];

	ledger_of("register.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL)
		return;
	xf_ledger_set_actor(l, "alice", "t-ledger");
	CHECK(xf_ledger_begin(l) == 0);

	/* The first item: numbered, first, registered, completed in place. */
	a = item(defaults, 2, "received_at", "2017-07-21 09:00",
	    "备注", "加急", "channel", "visit", "name", "张三",
	    "id_number", ID_A, "category", "劳动和社会保障/工资福利", NULL);
	existing = "unset";
	CHECK(xf_ledger_register(l, a, 0, &existing) == XF_REG_NEW);
	CHECK(existing == NULL);
	CHECK_STR(xf_record_get(a, XF_F_ID), "20170721-0001");
	CHECK_STR(xf_record_get(a, XF_F_FIRST), "1");
	CHECK(xf_record_get(a, XF_F_REPEAT_OF) == NULL);
	CHECK_STR(xf_record_get(a, XF_F_STATUS), "registered");
	CHECK_STR(xf_record_get(a, XF_F_REGISTERED_AT), NOW);
	/*
	 * Stored fields in field order (the acceptance deadline last of
	 * them), the deadline's state worked out for today, and the
	 * unknown columns at the end.
	 */
	CHECK_STR(keys(a, k, sizeof(k)), "id,received_at,channel,source,"
	    "lodged_level,irregular,name,id_number,people,first,category,"
	    "collective,joint_letter,skip_level,status,registered_at,due,"
	    "due_days,due_state,备注");
	CHECK_STR(xf_record_value(a, 19, &len), "加急");
	/* Registered: acceptance is due 15 days after receipt. */
	CHECK_STR(xf_record_get(a, XF_F_DUE), "2017-08-05");
	CHECK_STR(xf_record_get(a, XF_F_DUE_DAYS), "15");
	/* Today (NOW) is 2017-07-25: 11 days left. */
	CHECK_STR(xf_record_get(a, XF_F_DUE_STATE), "on_time");
	CHECK(xf_record_get(a, XF_F_EVALUATION) == NULL);
	CHECK_STR(xf_record_file(a), "items.csv");
	CHECK(xf_record_line(a) == 2);
	xf_record_free(a);

	/* Ids by day of receipt, in the office's zone. */
	CHECK_STR(reg(l, item(defaults, 3, "received_at", "2017-07-21 10:00",
	    "channel", "letter", NULL), buf, sizeof(buf)), "20170721-0002");
	CHECK_STR(reg(l, item(defaults, 4, "received_at", "2017-07-22 08:00",
	    NULL), buf, sizeof(buf)), "20170722-0001");
	/* A given id is kept, and the sequence steps over it. */
	CHECK_STR(reg(l, item(defaults, 5, "received_at", "2017-07-21",
	    "id", "20170721-0004", NULL), buf, sizeof(buf)), "20170721-0004");
	CHECK_STR(reg(l, item(defaults, 6, "received_at", "2017-07-21",
	    NULL), buf, sizeof(buf)), "20170721-0003");
	CHECK_STR(reg(l, item(defaults, 7, "received_at", "2017-07-21",
	    NULL), buf, sizeof(buf)), "20170721-0005");
	CHECK_STR(reg(l, item(defaults, 8, "received_at",
	    "2017-07-21 23:59:59", NULL), buf, sizeof(buf)), "20170721-0006");
	/* 16:30 in Greenwich is 00:30 the next day in Beijing. */
	CHECK_STR(reg(l, item(defaults, 9, "received_at",
	    "2017-07-21T16:30:00Z", NULL), buf, sizeof(buf)),
	    "20170722-0002");
	CHECK_STR(reg(l, item(defaults, 10, "received_at", "2017-07-20",
	    "id", "X-1", NULL), buf, sizeof(buf)), "X-1");
	/*
	 * A given id that is taken is that item: refused when it differs,
	 * naming what; it uses up nothing.
	 */
	CHECK_STR(reg(l, item(defaults, 11, "received_at", "2017-07-21",
	    "id", "20170721-0001", NULL), buf, sizeof(buf)),
	    "error: id '20170721-0001' registered with a different "
	    "received_at: --update corrects it");
	CHECK_STR(reg(l, item(defaults, 12, "received_at", "2017-07-21",
	    "id", "X-1", NULL), buf, sizeof(buf)),
	    "error: id 'X-1' registered with a different received_at: "
	    "--update corrects it");
	CHECK_STR(reg(l, item(defaults, 12, "received_at", "2017-07-20",
	    "id", "X-1", NULL), buf, sizeof(buf)), "duplicate of X-1");

	/* A ref already held: a duplicate, naming the id that holds it. */
	CHECK_STR(reg(l, item(defaults, 13, "received_at", "2017-07-23",
	    "ref", "WX-1", NULL), buf, sizeof(buf)), "20170723-0001");
	CHECK_STR(reg(l, item(defaults, 14, "received_at", "2017-07-23",
	    "ref", "WX-1", NULL), buf, sizeof(buf)),
	    "duplicate of 20170723-0001");
	CHECK_STR(reg(l, item(defaults, 15, "received_at", "2017-07-23",
	    "ref", "WX-1", "id", "Y-1", NULL), buf, sizeof(buf)),
	    "duplicate of 20170723-0001");
	CHECK_STR(reg(l, item(defaults, 15, "received_at", "2017-07-24",
	    "ref", "WX-1", NULL), buf, sizeof(buf)),
	    "error: ref 'WX-1' registered as 20170723-0001 with a different "
	    "received_at: --update corrects it");
	CHECK_STR(reg(l, item(defaults, 16, "received_at", "2017-07-23",
	    "ref", "WX-2", NULL), buf, sizeof(buf)), "20170723-0002");

	/* The actor changes for what follows. */
	xf_ledger_set_actor(l, "bob", "xf-intake");
	CHECK_STR(reg(l, item(defaults, 17, "received_at", "2017-07-24",
	    NULL), buf, sizeof(buf)), "20170724-0001");
	CHECK(xf_ledger_commit(l) == 0);

	CHECK(xf_ledger_exists(l, "20170721-0001") == 1);
	CHECK(xf_ledger_exists(l, "Y-1") == 0);
	CHECK(xf_ledger_exists(l, "20170721-0007") == 0);
	/* Without an office, the id a user names is taken as given. */
	CHECK_STR(xf_ledger_case_id(l, "20170721-0001", buf, sizeof(buf)),
	    "20170721-0001");
	CHECK(items(path, NULL) == 12);
	xf_filter_init(&f);
	f.ref = "WX-1";
	CHECK(items(path, &f) == 1);
	/* One event a registered item, none for the refused. */
	CHECK(EVENTS(0) == 12);
	CHECK(items_with_events(path) == 12);
	CHECK(EVENTS(.action = "register") == 12);
	CHECK(EVENTS(.actor = "bob", .program = "xf-intake") == 1);
	CHECK_STR(EVENT(buf, .actor = "bob", .key = "item"), "20170724-0001");
	CHECK_STR(EVENT(buf, .id = "20170723-0002", .key = "details"),
	    "{\"file\":\"items.csv\",\"line\":16}");
	/* (That raw SQL cannot change or delete them: t-store-sqlite.) */
	CHECK(EVENTS(.actor = "alice") == 11);

	/* The history of the first item. */
	c = xf_ledger_history(l, "20170721-0001");
	CHECK(c != NULL);
	r = xf_record_new();
	if (c != NULL) {
		CHECK(xf_cursor_next(c, r) == 1);
		CHECK_STR(keys(r, k, sizeof(k)),
		    "seq,item,at,actor,program,action,details");
		CHECK(xf_record_raw(r, 0) == 1);
		CHECK_STR(xf_record_get_key(r, "item"), "20170721-0001");
		CHECK(xf_record_raw(r, 1) == 0);
		CHECK_STR(xf_record_get_key(r, "at"), NOW);
		CHECK_STR(xf_record_get_key(r, "actor"), "alice");
		CHECK_STR(xf_record_get_key(r, "program"), "t-ledger");
		CHECK_STR(xf_record_get_key(r, "action"), "register");
		CHECK_STR(xf_record_get_key(r, "details"),
		    "{\"file\":\"items.csv\",\"line\":2}");
		CHECK(xf_record_raw(r, 6) == 1);
		CHECK(xf_cursor_next(c, r) == 0);
		xf_cursor_free(c);
	}
	c = xf_ledger_history(l, "20170724-0001");
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK(xf_cursor_next(c, r) == 1);
		CHECK_STR(xf_record_get_key(r, "actor"), "bob");
		CHECK_STR(xf_record_get_key(r, "program"), "xf-intake");
		CHECK_STR(xf_record_get_key(r, "details"),
		    "{\"file\":\"items.csv\",\"line\":17}");
		CHECK(xf_cursor_next(c, r) == 0);
		xf_cursor_free(c);
	}
	/* No such case: NULL, and the reason. */
	c = xf_ledger_history(l, "20170721-0099");
	CHECK(c == NULL);
	CHECK_STR(xf_ledger_errmsg(l), "no item '20170721-0099' in the ledger");
	/* Not of a write sent without waiting (t955 has one). */
	CHECK(xf_ledger_err_item(l) == NULL);
	xf_cursor_free(c);
	xf_record_free(r);
	xf_ledger_close(l);

	/* After closing, the numbering carries on where it stopped. */
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l != NULL) {
		CHECK(xf_ledger_begin(l) == 0);
		CHECK_STR(reg(l, item(defaults, 2, "received_at",
		    "2017-07-21", NULL), buf, sizeof(buf)), "20170721-0007");
		CHECK_STR(reg(l, item(defaults, 3, "received_at", "2017-07-23",
		    "ref", "WX-2", NULL), buf, sizeof(buf)),
		    "duplicate of 20170723-0002");
		CHECK(xf_ledger_commit(l) == 0);
		xf_ledger_close(l);
	}
	remove_ledger(path);
}

/*
 * The office code prefixes the ids, and an id named without an office
 * is one of the office's.
 */
static void
test_office(void)
{
	static const char *const ids[][2] = {
		{ "20170721-0001", "DC-20170721-0001" },
		{ "20170721-12345", "DC-20170721-12345" },
		{ "DC-20170721-0001", "DC-20170721-0001" },
		{ "XY-20170721-0001", "XY-20170721-0001" },
		{ "20170721-001", "20170721-001" },
		{ "2017072-10001", "2017072-10001" },
		{ "20170721-0001-", "20170721-0001-" },
		{ "20170721_0001", "20170721_0001" },
		{ "P17", "P17" }
	};
	char		 path[256], buf[256], err[512];
	size_t		 i;
	xf_settings	*dc;
	xf_ledger	*l;

	dc = xf_settings_new(NULL, err, sizeof(err));
	CHECK(dc != NULL);
	if (dc == NULL)
		return;
	CHECK(xf_settings_set_office(dc, "DC") == 0);
	ledger_of("office.db", path, sizeof(path));
	l = xf_ledger_open(path, dc, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l != NULL) {
		CHECK(xf_ledger_begin(l) == 0);
		CHECK_STR(reg(l, item(dc, 2, "received_at", "2017-07-21",
		    NULL), buf, sizeof(buf)), "DC-20170721-0001");
		CHECK_STR(reg(l, item(dc, 3, "received_at", "2017-07-21",
		    NULL), buf, sizeof(buf)), "DC-20170721-0002");
		CHECK_STR(reg(l, item(dc, 4, "received_at", "2017-07-24",
		    NULL), buf, sizeof(buf)), "DC-20170724-0001");
		CHECK(xf_ledger_commit(l) == 0);
		for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
			CHECK_STR(xf_ledger_case_id(l, ids[i][0], buf,
			    sizeof(buf)), ids[i][1]);
		/* One that does not fit is taken as given. */
		CHECK_STR(xf_ledger_case_id(l, "20170721-0001", buf, 16),
		    "20170721-0001");
		xf_ledger_close(l);
	}
	remove_ledger(path);
	xf_settings_free(dc);
}

static void
test_repeats(void)
{
	char		 path[256], buf[256], err[512], p1[80], c3[80], n1[80];
	char		 n3[80], q2[80];
	struct xf_filter f;
	xf_ledger	*l;
	xf_settings	*s = defaults;

	ledger_of("repeats.db", path, sizeof(path));
	l = xf_ledger_open(path, s, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL)
		return;
	/* Now, for receipts up to 2018. */
	setenv("XF_NOW", "2018-06-01T09:00:00+08:00", 1);
	CHECK(xf_ledger_begin(l) == 0);

	/* A chain: every repeat names its first item, never a repeat. */
	snprintf(p1, sizeof(p1), "%s", reg(l, item(s, 2, "received_at",
	    "2017-01-10", "id_number", ID_A, "category",
	    "劳动和社会保障/工资福利", NULL), buf, sizeof(buf)));
	CHECK_STR(p1, "20170110-0001");
	CHECK_STR(reg_first(l, item(s, 3, "received_at", "2017-03-01",
	    "id_number", ID_A, "category", "劳动和社会保障/劳动关系", NULL),
	    buf, sizeof(buf)), "0 of 20170110-0001");
	CHECK_STR(reg_first(l, item(s, 4, "received_at", "2017-05-01",
	    "id_number", ID_A, "category", "劳动和社会保障", NULL),
	    buf, sizeof(buf)), "0 of 20170110-0001");
	CHECK_STR(reg_first(l, item(s, 5, "received_at", "2017-05-02",
	    "id_number", ID_A, "category", "劳动和社会保障/工资福利/工资发放",
	    NULL), buf, sizeof(buf)), "0 of 20170110-0001");

	/* The window: 364 and 365 days before are in it, 366 not. */
	CHECK_STR(reg_first(l, item(s, 6, "received_at", "2017-01-01 10:00",
	    "id_number", ID_B, "category", "城乡建设/城乡规划", NULL),
	    buf, sizeof(buf)), "1");
	CHECK_STR(reg_first(l, item(s, 7, "received_at", "2017-12-31 10:00",
	    "id_number", ID_B, "category", "城乡建设/城乡规划", NULL),
	    buf, sizeof(buf)), "0 of 20170101-0001");
	CHECK_STR(reg_first(l, item(s, 8, "received_at", "2017-01-01 10:00",
	    "id_number", ID_C, "category", "城乡建设/城乡规划", NULL),
	    buf, sizeof(buf)), "1");
	CHECK_STR(reg_first(l, item(s, 9, "received_at", "2018-01-01 10:00",
	    "id_number", ID_C, "category", "城乡建设/城乡规划", NULL),
	    buf, sizeof(buf)), "0 of 20170101-0002");
	CHECK_STR(reg_first(l, item(s, 10, "received_at", "2017-01-01 10:00",
	    "id_number", ID_D, "category", "城乡建设/城乡规划", NULL),
	    buf, sizeof(buf)), "1");
	CHECK_STR(reg_first(l, item(s, 11, "received_at", "2018-01-02 10:00",
	    "id_number", ID_D, "category", "城乡建设/城乡规划", NULL),
	    buf, sizeof(buf)), "1");

	/* Another first-level category is another matter. */
	snprintf(c3, sizeof(c3), "%s", reg(l, item(s, 12, "received_at",
	    "2017-02-01", "id_number", ID_E, "category", "城乡建设/城乡规划",
	    NULL), buf, sizeof(buf)));
	CHECK_STR(reg_first(l, item(s, 13, "received_at", "2017-02-10",
	    "id_number", ID_E, "category", "劳动和社会保障/工资福利", NULL),
	    buf, sizeof(buf)), "1");
	CHECK_STR(reg_first(l, item(s, 14, "received_at", "2017-02-15",
	    "id_number", ID_E, "category", "城乡建设", NULL),
	    buf, sizeof(buf)), "0 of 20170201-0001");
	/* Two items without a category match each other. */
	snprintf(c3, sizeof(c3), "%s", reg(l, item(s, 15, "received_at",
	    "2017-02-20", "id_number", ID_E, NULL), buf, sizeof(buf)));
	CHECK_STR(c3, "20170220-0001");
	CHECK_STR(reg_first(l, item(s, 16, "received_at", "2017-02-25",
	    "id_number", ID_E, NULL), buf, sizeof(buf)),
	    "0 of 20170220-0001");

	/* Name and phone, when either side lacks an ID number. */
	snprintf(n1, sizeof(n1), "%s", reg(l, item(s, 17, "received_at",
	    "2017-04-01", "name", "王五", "phone", "13700137000",
	    "id_number", ID_F, "category", "政法", NULL), buf, sizeof(buf)));
	CHECK_STR(n1, "20170401-0001");
	CHECK_STR(reg_first(l, item(s, 18, "received_at", "2017-04-05",
	    "name", "王五", "phone", "137 0013 7000", "category", "政法",
	    NULL), buf, sizeof(buf)), "0 of 20170401-0001");
	snprintf(n3, sizeof(n3), "%s", reg(l, item(s, 19, "received_at",
	    "2017-04-01", "name", "王六", "phone", "13600136000",
	    "category", "政法", NULL), buf, sizeof(buf)));
	CHECK_STR(n3, "20170401-0002");
	CHECK_STR(reg_first(l, item(s, 20, "received_at", "2017-04-03",
	    "name", "王六", "phone", "13600136000", "id_number", ID_G,
	    "category", "政法", NULL), buf, sizeof(buf)),
	    "0 of 20170401-0002");
	/* The same name alone, or the same phone alone, is not enough. */
	CHECK_STR(reg_first(l, item(s, 21, "received_at", "2017-04-04",
	    "name", "王六", "phone", "13600136001", "category", "政法",
	    NULL), buf, sizeof(buf)), "1");
	CHECK_STR(reg_first(l, item(s, 22, "received_at", "2017-04-04",
	    "name", "王七", "phone", "13600136000", "category", "政法",
	    NULL), buf, sizeof(buf)), "1");
	/* Both with ID numbers, and different ones: two people. */
	CHECK_STR(reg_first(l, item(s, 23, "received_at", "2017-04-01",
	    "name", "赵七", "phone", "13500135000", "id_number", ID_H,
	    "category", "政法", NULL), buf, sizeof(buf)), "1");
	CHECK_STR(reg_first(l, item(s, 24, "received_at", "2017-04-02",
	    "name", "赵七", "phone", "13500135000", "id_number", ID_I,
	    "category", "政法", NULL), buf, sizeof(buf)), "1");

	/* What the input says about first is kept. */
	CHECK_STR(reg_first(l, item(s, 25, "received_at", "2017-06-01",
	    "id_number", ID_J, NULL), buf, sizeof(buf)), "1");
	CHECK_STR(reg_first(l, item(s, 26, "received_at", "2017-06-02",
	    "id_number", ID_J, "first", "初件", NULL), buf, sizeof(buf)), "1");
	CHECK_STR(reg_first(l, item(s, 27, "received_at", "2017-06-03",
	    "id_number", ID_J, "first", "yes", NULL), buf, sizeof(buf)), "1");
	/* A chain starts again at an item said to be first. */
	CHECK_STR(reg_first(l, item(s, 28, "received_at", "2017-06-04",
	    "id_number", ID_J, NULL), buf, sizeof(buf)),
	    "0 of 20170603-0001");
	/* A repeat by declaration with nothing to repeat: no repeat_of. */
	CHECK_STR(reg_first(l, item(s, 29, "received_at", "2017-06-01",
	    "id_number", ID_K, "first", "重件", NULL), buf, sizeof(buf)), "0");

	/* Only what was received before it: a later item is no first. */
	snprintf(q2, sizeof(q2), "%s", reg(l, item(s, 30, "received_at",
	    "2017-03-01", "id_number", ID_L, NULL), buf, sizeof(buf)));
	CHECK_STR(q2, "20170301-0002");
	CHECK_STR(reg_first(l, item(s, 31, "received_at", "2017-02-01",
	    "id_number", ID_L, NULL), buf, sizeof(buf)), "1");
	CHECK(xf_ledger_commit(l) == 0);

	/* Across batches, from what is stored. */
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(reg_first(l, item(s, 2, "received_at", "2017-06-01",
	    "id_number", ID_A, "category", "劳动和社会保障", NULL),
	    buf, sizeof(buf)), "0 of 20170110-0001");
	CHECK(xf_ledger_commit(l) == 0);
	CHECK_STR(received_field(path, "2017-12-31T10:00:00+08:00",
	    XF_F_REPEAT_OF, buf, sizeof(buf)), "20170101-0001");
	/* The one received before q2 and registered after heads its chain. */
	CHECK_STR(field_of(path, "20170301-0002", XF_F_REPEAT_OF, buf,
	    sizeof(buf)), "20170201-0002");
	CHECK_STR(EVENT(buf, .action = "relink", .key = "details"),
	    "{\"repeat_of\":{\"old\":null,"
	    "\"new\":\"20170201-0002\"},\"by\":\"20170201-0002\"}");
	xf_filter_init(&f);
	f.first = 0;
	CHECK(items(path, &f) == 13);
	xf_ledger_close(l);
	remove_ledger(path);
	setenv("XF_NOW", "2017-07-25 09:00:00", 1);
}

/* The repeat window from the settings. */
static void
test_repeat_window(void)
{
	char		 path[256], conf[256], buf[256], err[512];
	xf_settings	*s;
	xf_ledger	*l;
	FILE		*fp;

	path_of("window.conf", conf, sizeof(conf));
	fp = fopen(conf, "w");
	CHECK(fp != NULL);
	if (fp == NULL)
		return;
	fputs("repeat_window = 30\n", fp);
	CHECK(fclose(fp) == 0);
	s = xf_settings_new(conf, err, sizeof(err));
	CHECK(s != NULL);
	unlink(conf);
	if (s == NULL)
		return;
	ledger_of("window.db", path, sizeof(path));
	l = xf_ledger_open(path, s, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l != NULL) {
		CHECK(xf_ledger_begin(l) == 0);
		CHECK_STR(reg_first(l, item(s, 2, "received_at", "2017-01-01",
		    "id_number", ID_M, NULL), buf, sizeof(buf)), "1");
		CHECK_STR(reg_first(l, item(s, 3, "received_at", "2017-01-31",
		    "id_number", ID_M, NULL), buf, sizeof(buf)),
		    "0 of 20170101-0001");
		CHECK_STR(reg_first(l, item(s, 4, "received_at", "2017-01-01",
		    "id_number", ID_N, NULL), buf, sizeof(buf)), "1");
		CHECK_STR(reg_first(l, item(s, 5, "received_at", "2017-02-01",
		    "id_number", ID_N, NULL), buf, sizeof(buf)), "1");
		CHECK(xf_ledger_commit(l) == 0);
		xf_ledger_close(l);
	}
	remove_ledger(path);
	xf_settings_free(s);
}

/* How many items of place region (a prefix) the ledger counts. */
static int64_t
placed(xf_ledger *l, const char *region)
{
	struct xf_filter f;
	int64_t		 n = -1;

	xf_filter_init(&f);
	f.region = region;
	if (xf_ledger_count(l, &f, &n) == -1)
		return -1;
	return n;
}

/*
 * A place's items of a day, as a batch counts them (in memory, written
 * when it ends): a record undone counted out, a batch rolled back not
 * counted, many places (the batch's table grown while a record's mark
 * holds some), an item registered outside a batch counted at once.
 */
static void
test_places(void)
{
	char		 path[256], buf[512], err[512], region[16], ref[16];
	const char	*field[] = { "region" }, *value[] = { "137777" };
	struct xf_edit	 e = { 0 };
	xf_record	*r;
	xf_ledger	*l;
	int		 i;

	ledger_of("places.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL)
		return;
	CHECK(xf_ledger_begin(l) == 0);
	for (i = 0; i < 150; i++) {
		snprintf(region, sizeof(region), "1310%02d", i % 100);
		snprintf(ref, sizeof(ref), "P%d", i);
		CHECK(xf_ledger_mark(l) == 0);
		CHECK(reg(l, item(defaults, i + 2, "received_at", i % 2 ?
		    "2017-07-12" : "2017-07-13", "region", region, "ref", ref,
		    NULL), buf, sizeof(buf)) != NULL);
		/* Every third undone: 100 stay, 50 each of the two days. */
		CHECK((i % 3 == 2 ? xf_ledger_undo(l) : xf_ledger_release(l)) ==
		    0);
	}
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(placed(l, "1310") == 100);
	/* Each of 131000-131049 twice (i, i + 100), less those undone. */
	CHECK(placed(l, "131000") == 2);
	CHECK(placed(l, "131001") == 1);	/* 101 undone */
	CHECK(placed(l, "131002") == 1);	/* 2 undone */
	CHECK(placed(l, "131050") == 0);	/* 50 undone */
	CHECK(placed(l, "131051") == 1);

	CHECK(xf_ledger_begin(l) == 0);
	CHECK(reg(l, item(defaults, 2, "received_at", "2017-07-12", "region",
	    "139999", "ref", "R1", NULL), buf, sizeof(buf)) != NULL);
	CHECK(xf_ledger_rollback(l) == 0);
	CHECK(placed(l, "139999") == 0);

	CHECK_STR(reg(l, item(defaults, 2, "received_at", "2017-07-14",
	    "region", "139999", "ref", "O1", NULL), buf, sizeof(buf)),
	    "20170714-0001");
	CHECK(placed(l, "139999") == 1);
	CHECK(placed(l, "13") == 101);

	/*
	 * Registered and mended in one batch: counted out of its place
	 * before the batch counts it in (a row of negative counts till then).
	 */
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(reg(l, item(defaults, 2, "received_at", "2017-07-15",
	    "region", "138888", "ref", "M1", NULL), buf, sizeof(buf)),
	    "20170715-0001");
	CHECK_STR(reg(l, item(defaults, 3, "received_at", "2017-07-15",
	    "region", "138888", "ref", "M2", NULL), buf, sizeof(buf)),
	    "20170715-0002");
	r = xf_record_new();
	e.op = XF_EDIT_VOID;
	e.reason = "entered twice";
	CHECK(xf_ledger_edit(l, "20170715-0001", &e, r) == XF_APPLIED);
	e.op = XF_EDIT_SET;
	e.field = field;
	e.value = value;
	e.n = 1;
	e.reason = "the wrong place";
	CHECK(xf_ledger_edit(l, "20170715-0002", &e, r) == XF_APPLIED);
	xf_record_free(r);
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(placed(l, "138888") == 0);
	CHECK(placed(l, "137777") == 1);
	CHECK(placed(l, "13") == 102);
	xf_ledger_close(l);
	remove_ledger(path);
}

static void
test_batches(void)
{
	char		 path[256], buf[512], err[512];
	struct xf_filter f;
	xf_ledger	*l;

	ledger_of("batches.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL)
		return;
	xf_filter_init(&f);

	/* Rolled back: nothing stays, not even the number it took. */
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(reg(l, item(defaults, 2, "received_at", "2017-07-11",
	    "ref", "X", NULL), buf, sizeof(buf)), "20170711-0001");
	CHECK(xf_ledger_exists(l, "20170711-0001") == 1);
	CHECK(xf_ledger_rollback(l) == 0);
	CHECK(xf_ledger_exists(l, "20170711-0001") == 0);
	CHECK_STR(ids(l, &f, buf, sizeof(buf)), "");
	CHECK(items(path, NULL) == 0);
	CHECK(EVENTS(0) == 0);
	/* (The day's counter left as it was: t-store-sqlite.) */

	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(reg(l, item(defaults, 2, "received_at", "2017-07-11",
	    "ref", "X", NULL), buf, sizeof(buf)), "20170711-0001");
	CHECK(xf_ledger_commit(l) == 0);

	/* Savepoints: the one undone goes, the others stay. */
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_mark(l) == 0);
	CHECK_STR(reg(l, item(defaults, 2, "received_at", "2017-07-12",
	    "ref", "I1", NULL), buf, sizeof(buf)), "20170712-0001");
	CHECK(xf_ledger_release(l) == 0);
	CHECK(xf_ledger_mark(l) == 0);
	CHECK_STR(reg(l, item(defaults, 3, "received_at", "2017-07-12",
	    "ref", "I2", NULL), buf, sizeof(buf)), "20170712-0002");
	CHECK(xf_ledger_undo(l) == 0);
	CHECK(xf_ledger_mark(l) == 0);
	CHECK_STR(reg(l, item(defaults, 4, "received_at", "2017-07-12",
	    "ref", "I3", NULL), buf, sizeof(buf)), "20170712-0002");
	CHECK(xf_ledger_release(l) == 0);
	/* A duplicate undone, as --keep-going does, changes nothing. */
	CHECK(xf_ledger_mark(l) == 0);
	CHECK_STR(reg(l, item(defaults, 5, "received_at", "2017-07-12",
	    "ref", "I1", NULL), buf, sizeof(buf)),
	    "duplicate of 20170712-0001");
	CHECK(xf_ledger_undo(l) == 0);
	CHECK(xf_ledger_commit(l) == 0);

	CHECK_STR(ids(l, &f, buf, sizeof(buf)),
	    "20170711-0001 20170712-0001 20170712-0002");
	f.ref = "I3";
	CHECK_STR(ids(l, &f, buf, sizeof(buf)), "20170712-0002");
	f.ref = "I2";
	CHECK_STR(ids(l, &f, buf, sizeof(buf)), "");
	CHECK(EVENTS(0) == 3);
	CHECK(EVENTS(.details = "{\"file\":\"items.csv\",\"line\":3}") ==
	    0);
	/* (The day's counter at 2: t-store-sqlite.) */

	/* A batch with everything undone, committed: nothing. */
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_mark(l) == 0);
	CHECK_STR(reg(l, item(defaults, 2, "received_at", "2017-07-13",
	    NULL), buf, sizeof(buf)), "20170713-0001");
	CHECK(xf_ledger_undo(l) == 0);
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(items(path, NULL) == 3);

	/*
	 * The batch counts a day's numbers itself: a day begun by a record
	 * undone begins again, and each day's last number is kept.
	 */
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_mark(l) == 0);
	CHECK_STR(reg(l, item(defaults, 2, "received_at", "2017-07-13",
	    NULL), buf, sizeof(buf)), "20170713-0001");
	CHECK_STR(reg(l, item(defaults, 3, "received_at", "2017-07-12",
	    "ref", "I4", NULL), buf, sizeof(buf)), "20170712-0003");
	CHECK(xf_ledger_undo(l) == 0);
	CHECK_STR(reg(l, item(defaults, 4, "received_at", "2017-07-12",
	    "ref", "I5", NULL), buf, sizeof(buf)), "20170712-0003");
	CHECK_STR(reg(l, item(defaults, 5, "received_at", "2017-07-13",
	    "ref", "I6", NULL), buf, sizeof(buf)), "20170713-0001");
	CHECK_STR(reg(l, item(defaults, 6, "received_at", "2017-07-12",
	    "ref", "I7", NULL), buf, sizeof(buf)), "20170712-0004");
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(reg(l, item(defaults, 7, "received_at", "2017-07-13",
	    "ref", "I8", NULL), buf, sizeof(buf)), "20170713-0002");
	CHECK_STR(reg(l, item(defaults, 8, "received_at", "2017-07-12",
	    "ref", "I9", NULL), buf, sizeof(buf)), "20170712-0005");
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(items(path, NULL) == 8);
	xf_ledger_close(l);
	remove_ledger(path);
}

/*
 * The census, the problems and the copy: a copy holds the same rows as
 * its original, table by table, and a ledger in use is no copy's target.
 */
static void
test_copy(void)
{
	struct xf_census a[32], b[32];
	char		 p1[256], p2[256], buf[512], err[512];
	xf_ledger	*l, *c;
	xf_cursor	*cur;
	xf_record	*r;
	int		 n, m, i, was;

	ledger_of("census.db", p1, sizeof(p1));
	ledger_of("copy.db", p2, sizeof(p2));
	l = xf_ledger_open(p1, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL)
		return;
	CHECK(xf_ledger_version(l, &was) > 0);
	CHECK(was == 0);
	CHECK_STR(xf_ledger_store(l), getenv("XF_TEST_STORE") != NULL ?
	    getenv("XF_TEST_STORE") : "sqlite");
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(reg(l, item(defaults, 2, "received_at", "2017-07-11",
	    "id_number", ID_A, "title", "工资", NULL), buf, sizeof(buf)),
	    "20170711-0001");
	CHECK_STR(reg(l, item(defaults, 3, "received_at", "2017-07-12",
	    "id_number", ID_A, "title", "又来反映工资", NULL), buf,
	    sizeof(buf)), "20170712-0001");
	CHECK(xf_ledger_commit(l) == 0);

	n = xf_ledger_census(l, a, 32);
	CHECK(n >= 14);
	for (i = 0; i < n; i++) {
		if (strcmp(a[i].table, "items") == 0)
			CHECK(a[i].rows == 2);
		else if (strcmp(a[i].table, "events") == 0)
			CHECK(a[i].rows == 2);
		else if (strcmp(a[i].table, "batches") == 0)
			CHECK(a[i].rows == 1);
		else if (strcmp(a[i].table, "visits") == 0)
			CHECK(a[i].rows == 0 && a[i].digest == 0);
	}
	/* At most n tables. */
	CHECK(xf_ledger_census(l, b, 2) == 2);

	r = xf_record_new();
	cur = xf_ledger_problems(l);
	CHECK(cur != NULL);
	CHECK(cur != NULL && xf_cursor_next(cur, r) == 0);
	xf_cursor_free(cur);

	c = xf_ledger_open(p2, defaults, 0, err, sizeof(err));
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK(xf_ledger_copy(l, c) == 0);
		m = xf_ledger_census(c, b, 32);
		CHECK(m == n);
		for (i = 0; i < n && i < m; i++) {
			CHECK_STR(b[i].table, a[i].table);
			CHECK(b[i].rows == a[i].rows);
			CHECK(b[i].digest == a[i].digest);
		}
		/* Read back: the repeat and its head. */
		CHECK_STR(field_of(p2, "20170712-0001", XF_F_REPEAT_OF, buf,
		    sizeof(buf)), "20170711-0001");
		/* A ledger holding the same cases refuses them, keeps its. */
		CHECK(xf_ledger_copy(l, c) == -1);
		CHECK(strstr(xf_ledger_errmsg(c), "is in the ledger copied "
		    "into already") != NULL);
		CHECK(xf_ledger_census(c, b, 32) == n && b[1].rows == 2);
		xf_ledger_close(c);
	}
	/* A digest tells rows apart: a third item changes the items'. */
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(reg(l, item(defaults, 4, "received_at", "2017-07-13",
	    NULL), buf, sizeof(buf)), "20170713-0001");
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(xf_ledger_census(l, b, 32) == n);
	CHECK(b[1].rows == 3 && b[1].digest != a[1].digest);
	xf_record_free(r);
	xf_ledger_close(l);
	remove_ledger(p1);
	remove_ledger(p2);
}

/* Count the cases undone (xf_ledger_undo_batch()'s each). */
static int
count_undone(void *arg, const xf_record *item)
{
	(void)item;
	++*(int *)arg;
	return 0;
}

/* Batch n undone by a batch of its own, for reason: that batch's number. */
static int64_t
undone(xf_ledger *l, int64_t n, const char *reason)
{
	int64_t	 u;

	CHECK(xf_ledger_begin(l) == 0);
	u = xf_ledger_batch(l);
	CHECK(xf_ledger_undo_batch(l, n, reason, NULL, NULL) == 1);
	CHECK(xf_ledger_commit(l) == 0);
	return u;
}

/*
 * Mending: numbered batches, a correction on the record, a void out of
 * every count, a merge, and undoing a batch back to the row exactly.
 */
static void
test_mending(void)
{
	char		 path[256], buf[512], err[512], before[4096];
	char		 after[4096], want[256];
	const char	*fields[] = { "people", "name" };
	const char	*values[] = { "6", "张三丰" };
	const char	*existing;
	struct xf_edit	 e;
	struct xf_step	 st;
	struct xf_filter f;
	xf_ledger	*l;
	xf_record	*r = xf_record_new(), *dup;
	int64_t		 n, b2, b3, b4, b5;
	int		 k;

	ledger_of("mending.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL || r == NULL)
		return;
	xf_filter_init(&f);
	xf_ledger_set_actor(l, "tester", "t-ledger");
	CHECK(xf_ledger_set_batch(l, "[\"a.csv\"]", "[\"a.csv\"]") == 0);

	/* Batch 1 registers two; a batch that writes nothing leaves none. */
	CHECK(xf_ledger_batch(l) == 0);
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_batch(l) == 1);
	CHECK_STR(reg(l, item(defaults, 2, "received_at", "2017-07-11",
	    "ref", "M1", "name", "张三", "channel", "visit", NULL), buf,
	    sizeof(buf)), "20170711-0001");
	CHECK_STR(reg(l, item(defaults, 3, "received_at", "2017-07-12",
	    "ref", "M2", "name", "李四", NULL), buf, sizeof(buf)),
	    "20170712-0001");
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(xf_ledger_batch(l) == 0);
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(batch_of(path, 1, "", NULL, 0) == 1);
	batch_of(path, 1, "program,args,files", buf, sizeof(buf));
	CHECK_STR(buf, "t-ledger[\"a.csv\"][\"a.csv\"]");
	batch_of(path, 1, "events", buf, sizeof(buf));
	CHECK(json_sum(buf) == 2);

	/* Batch 2 corrects: one event, every old and new value, why. */
	CHECK(strncmp(image_of(path, "20170711-0001", before, sizeof(before)),
	    "id=20170711-0001|ref=M1|", 24) == 0);
	memset(&e, 0, sizeof(e));
	e.op = XF_EDIT_SET;
	e.field = fields;
	e.value = values;
	e.n = 2;
	e.reason = "登记错误";
	CHECK(xf_ledger_begin(l) == 0);
	b2 = xf_ledger_batch(l);
	CHECK(xf_ledger_edit(l, "20170711-0001", &e, r) == XF_APPLIED);
	CHECK_STR(xf_record_get(r, XF_F_COLLECTIVE), "1");
	CHECK(xf_ledger_edit(l, "20170711-0001", &e, r) == XF_ALREADY);
	CHECK(xf_ledger_commit(l) == 0);
	CHECK_STR(EVENT(buf, .action = "correct", .key = "details"), "{\"name\":{\"old\":\"张三\","
	    "\"new\":\"张三丰\"},\"people\":{\"old\":\"1\",\"new\":\"6\"},"
	    "\"collective\":{\"old\":\"0\",\"new\":\"1\"},\"reason\":"
	    "\"登记错误\"}");

	/*
	 * Batch 3 accepts it.  (On SQLite the batches are 2, 3, ...; on
	 * PostgreSQL an identity's numbers, the empty batch's taken.)
	 */
	xf_step_init(&st, XF_ACT_ACCEPT);
	CHECK(xf_ledger_begin(l) == 0);
	b3 = xf_ledger_batch(l);
	CHECK(b3 > b2 && b2 > 1);
	CHECK(xf_ledger_step(l, "20170711-0001", &st, r) == XF_APPLIED);
	CHECK(xf_ledger_commit(l) == 0);

	/* Batch 2 cannot be undone before batch 3. */
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_undo_batch(l, b2, "x", NULL, NULL) == -1);
	snprintf(want, sizeof(want), "cannot undo batch %lld: batch %lld"
	    " changed the same case later (20170711-0001): undo batch %lld"
	    " first", (long long)b2, (long long)b3, (long long)b3);
	CHECK_STR(xf_ledger_errmsg(l), want);
	CHECK(xf_ledger_rollback(l) == 0);
	/* Batch 4 undoes 3, batch 5 undoes 2: the row exactly as it was. */
	CHECK(xf_ledger_begin(l) == 0);
	b4 = xf_ledger_batch(l);
	k = 0;
	CHECK(xf_ledger_undo_batch(l, b3, "误受理", count_undone, &k) == 1);
	CHECK(k == 1);
	CHECK(xf_ledger_commit(l) == 0);
	b5 = undone(l, b2, "改回");
	/* (The row, every column of it: t-store-sqlite.) */
	CHECK_STR(image_of(path, "20170711-0001", after, sizeof(after)),
	    before);
	batch_of(path, b2, "undone_by", buf, sizeof(buf));
	snprintf(want, sizeof(want), "%lld", (long long)b5);
	CHECK_STR(buf, want);
	batch_of(path, b4, "undoes", buf, sizeof(buf));
	snprintf(want, sizeof(want), "%lld", (long long)b3);
	CHECK_STR(buf, want);
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_undo_batch(l, b2, "x", NULL, NULL) == -1);
	snprintf(want, sizeof(want), "batch %lld was undone already (by"
	    " batch %lld)", (long long)b2, (long long)b5);
	CHECK_STR(xf_ledger_errmsg(l), want);
	CHECK(xf_ledger_undo_batch(l, 99, "x", NULL, NULL) == -1);
	CHECK_STR(xf_ledger_errmsg(l), "no batch 99 in the ledger");
	CHECK(xf_ledger_rollback(l) == 0);

	/* Voided: out of counts and lists, unless included; ref released. */
	memset(&e, 0, sizeof(e));
	e.op = XF_EDIT_VOID;
	e.reason = "重复";
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_edit(l, "20170712-0001", &e, r) == XF_APPLIED);
	CHECK(xf_ledger_edit(l, "20170712-0001", &e, r) == XF_ALREADY);
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(xf_ledger_count(l, &f, &n) == 0 && n == 1);
	CHECK_STR(ids(l, &f, buf, sizeof(buf)), "20170711-0001");
	CHECK(xf_ledger_include_void(l, 1) == 0);
	CHECK(xf_ledger_count(l, &f, &n) == 0 && n == 2);
	CHECK(xf_ledger_include_void(l, 0) == 0);
	/* (Its fingerprint cleared too: t-store-sqlite.) */
	CHECK_STR(field_of(path, "20170712-0001", XF_F_REF, buf, sizeof(buf)),
	    "(null)");
	xf_step_init(&st, XF_ACT_ACCEPT);
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_step(l, "20170712-0001", &st, r) == XF_REFUSED);
	CHECK_STR(xf_ledger_errmsg(l), "20170712-0001 is voided (xf-edit "
	    "--unvoid brings it back)");
	/* Its row again: a new item. */
	CHECK_STR(reg(l, item(defaults, 3, "received_at", "2017-07-12",
	    "ref", "M2", "name", "李四", NULL), buf, sizeof(buf)),
	    "20170712-0002");
	/* That one merged into the first: its row names the survivor. */
	memset(&e, 0, sizeof(e));
	e.op = XF_EDIT_MERGE;
	e.target = "20170711-0001";
	e.reason = "同一件";
	CHECK(xf_ledger_edit(l, "20170712-0002", &e, r) == XF_APPLIED);
	CHECK_STR(xf_record_get(r, XF_F_MERGED_INTO), "20170711-0001");
	existing = NULL;
	dup = item(defaults, 3, "received_at", "2017-07-12", "ref", "M2",
	    "name", "李四", NULL);
	CHECK(xf_ledger_register(l, dup, 0, &existing) == XF_REG_DUPLICATE);
	xf_record_free(dup);
	CHECK_STR(existing, "20170711-0001");
	CHECK_STR(xf_ledger_errmsg(l), "already registered as 20170711-0001 "
	    "(20170712-0002, merged into it)");
	CHECK(xf_ledger_commit(l) == 0);
	xf_record_free(r);
	xf_ledger_close(l);
	remove_ledger(path);
}

/*
 * A batch that changes the same fields of a case twice keeps their
 * first images alone (the image triggers leave the later ones, and a
 * second source of a classification written in the same batch finds
 * its image kept): undone, the row is as before the batch, not as
 * between its two changes.
 */
static void
test_undo_twice(void)
{
	char		 path[256], buf[512], err[512], before[4096];
	char		 after[4096], twice[4096];
	const char	*fields1[] = { "name", "category", "risk" };
	const char	*values1[] = { "张三丰", "城乡建设", "2" };
	const char	*fields2[] = { "name", "category" };
	const char	*values2[] = { "张三峰", "劳动和社会保障" };
	struct xf_edit	 e;
	xf_ledger	*l;
	xf_record	*r = xf_record_new();
	int64_t		 b, u;

	ledger_of("twice.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL || r == NULL)
		return;
	xf_ledger_set_actor(l, "tester", "t-ledger");
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(reg(l, item(defaults, 2, "received_at", "2017-07-11",
	    "name", "张三", NULL), buf, sizeof(buf)), "20170711-0001");
	CHECK(xf_ledger_commit(l) == 0);
	image_of(path, "20170711-0001", before, sizeof(before));
	CHECK(strstr(before, "name=张三|") != NULL);

	memset(&e, 0, sizeof(e));
	e.op = XF_EDIT_SET;
	e.reason = "登记错误";
	CHECK(xf_ledger_begin(l) == 0);
	b = xf_ledger_batch(l);
	e.field = fields1;
	e.value = values1;
	e.n = 3;
	CHECK(xf_ledger_edit(l, "20170711-0001", &e, r) == XF_APPLIED);
	e.field = fields2;
	e.value = values2;
	e.n = 2;
	CHECK(xf_ledger_edit(l, "20170711-0001", &e, r) == XF_APPLIED);
	CHECK(xf_ledger_commit(l) == 0);
	image_of(path, "20170711-0001", twice, sizeof(twice));
	CHECK(strstr(twice, "name=张三峰|") != NULL);
	CHECK(strstr(twice, "category=劳动和社会保障|") != NULL);
	CHECK(strstr(twice, "risk=2|") != NULL);

	u = undone(l, b, "改回");
	CHECK_STR(image_of(path, "20170711-0001", after, sizeof(after)),
	    before);
	/* The undo undone: as the batch left it. */
	undone(l, u, "撤销改回");
	CHECK_STR(image_of(path, "20170711-0001", after, sizeof(after)),
	    twice);
	memset(&e, 0, sizeof(e));
	e.op = XF_EDIT_SET;
	e.reason = "x";
	e.field = fields2;
	e.value = values2;
	e.n = 2;
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_edit(l, "20170711-0001", &e, r) == XF_ALREADY);
	CHECK(xf_ledger_rollback(l) == 0);
	xf_record_free(r);
	xf_ledger_close(l);
	remove_ledger(path);
}

/* ------------------------------------------------------------------ */

/* A filter, its expected selection, and a name to tell it by. */
static void
check_select(xf_ledger *l, const struct xf_filter *f, const char *want,
    int line)
{
	char	 buf[512];
	int64_t	 n = -1;

	ids(l, f, buf, sizeof(buf));
	if (strcmp(buf, want) != 0)
		printf("select at line %d: got '%s', want '%s'\n", line, buf,
		    want);
	CHECK_STR(buf, want);
	/* count agrees with select. */
	CHECK(xf_ledger_count(l, f, &n) == 0);
	if (n != nids(want))
		printf("count at line %d: got %lld, want %lld\n", line,
		    (long long)n, (long long)nids(want));
	CHECK(n == nids(want));
}

#define SELECT(want)	check_select(l, &f, (want), __LINE__)

static void
test_select(void)
{
	char		 path[256], buf[512], err[512], k[1024];
	struct xf_filter f;
	struct xf_step	 st;
	xf_ledger	*l;
	xf_record	*it, *r;
	xf_cursor	*c;
	int64_t		 n;
	size_t		 len, i;

	ledger_of("select.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL)
		return;
	/* Registered at the end of August: no receipt is in the future. */
	setenv("XF_NOW", "2017-08-31 09:00:00", 1);
	CHECK(xf_ledger_begin(l) == 0);
	it = item(defaults, 2, "id", "S1", "ref", "R-1",
	    "received_at", "2017-07-01 08:00", "channel", "visit",
	    "people", "6", "region", "110101", "title", "拖欠工资",
	    "content", "要求支付三个月工资", "id_number", ID_A,
	    "category", "劳动和社会保障/工资福利/工资发放",
	    "备注", "加急", NULL);
	CHECK(xf_record_add(it, "件数", strlen("件数"), "3", 1, 1) == 0);
	CHECK(xf_record_add(it, "tags", 4, "[\"a\",\"b\"]", 9, 1) == 0);
	CHECK(xf_record_add(it, "big", 3, "12345678901234567890", 20, 1) == 0);
	CHECK(xf_record_add(it, "flag", 4, "true", 4, 0) == 0);
	CHECK(xf_record_add(it, "done", 4, "false", 5, 1) == 0);
	CHECK_STR(reg(l, it, buf, sizeof(buf)), "S1");
	CHECK_STR(reg(l, item(defaults, 3, "id", "S2", "ref", "R-2",
	    "received_at", "2017-07-15 12:00", "channel", "letter",
	    "source", "transferred", "lodged_level", "city", "people", "2",
	    "region", "110102", "title", "房屋拆迁补偿",
	    "content", "补偿标准过低",
	    "category", "城乡建设/国有土地上房屋征收与补偿/房屋拆迁", NULL),
	    buf, sizeof(buf)), "S2");
	CHECK_STR(reg(l, item(defaults, 4, "id", "S3",
	    "received_at", "2017-07-31 23:59:59", "channel", "online",
	    "source", "assigned", "region", "130102", "title", "夜间施工噪音",
	    "content", "工地因拆迁夜间施工", "category", "城乡建设/城乡规划",
	    NULL), buf, sizeof(buf)), "S3");
	CHECK_STR(reg(l, item(defaults, 5, "id", "S4",
	    "received_at", "2017-08-01 00:00:00", "channel", "visit",
	    "lodged_level", "province", "people", "4", "region", "410102",
	    "title", "征地", "content", "征地补偿", "category", "城乡建设",
	    NULL), buf, sizeof(buf)), "S4");
	/* Received before all the others, registered after. */
	CHECK_STR(reg(l, item(defaults, 6, "id", "S5",
	    "received_at", "2017-06-30 23:59", "channel", "phone",
	    "region", "110105", "title", "工资", "content", "讨薪",
	    "id_number", ID_A, "category", "劳动和社会保障/工资福利", NULL),
	    buf, sizeof(buf)), "S5");
	CHECK_STR(reg(l, item(defaults, 7, "id", "S6",
	    "received_at", "2017-08-10", "channel", "letter",
	    "title", "劳动合同", "content", "解除合同", "id_number", ID_A,
	    "category", "劳动和社会保障/劳动关系", NULL), buf, sizeof(buf)),
	    "S6");
	/* S2 assigned to a unit, S3 accepted. */
	r = xf_record_new();
	xf_step_init(&st, XF_ACT_ASSIGN);
	st.unit = "区住建局";
	CHECK(xf_ledger_step(l, "S2", &st, r) == XF_APPLIED);
	xf_step_init(&st, XF_ACT_ACCEPT);
	CHECK(xf_ledger_step(l, "S3", &st, r) == XF_APPLIED);
	xf_record_free(r);
	CHECK(xf_ledger_commit(l) == 0);
	setenv("XF_NOW", "2017-07-25 09:00:00", 1);

	xf_filter_init(&f);
	CHECK(f.id == NULL && f.text == NULL && f.first == -1 &&
	    f.collective == -1 && f.skip_level == -1 && f.limit == -1);
	/* Everything, in the order of registration. */
	SELECT("S1 S2 S3 S4 S5 S6");

	f.id = "S2";
	SELECT("S2");
	f.id = "S7";
	SELECT("");
	f.id = "s2";
	SELECT("");
	xf_filter_init(&f);
	f.ref = "R-2";
	SELECT("S2");
	f.ref = "R-";
	SELECT("");
	xf_filter_init(&f);
	f.channel = "visit";
	SELECT("S1 S4");
	f.channel = "letter";
	SELECT("S2 S6");
	f.channel = "fax";
	SELECT("");
	xf_filter_init(&f);
	f.source = "transferred";
	SELECT("S2");
	f.source = "direct";
	SELECT("S1 S4 S5 S6");
	f.source = "assigned";
	SELECT("S3");
	xf_filter_init(&f);
	f.lodged_level = "city";
	SELECT("S2");
	f.lodged_level = "county";
	SELECT("S1 S3 S5 S6");
	f.lodged_level = "province";
	SELECT("S4");
	xf_filter_init(&f);
	f.status = "registered";
	SELECT("S1 S4 S5 S6");
	f.status = "accepted";
	SELECT("S3");
	f.status = "assigned";
	SELECT("S2");
	xf_filter_init(&f);
	f.unit = "区住建局";
	SELECT("S2");
	f.unit = "区住建";
	SELECT("");

	/* Categories by whole levels. */
	xf_filter_init(&f);
	f.category = "城乡建设";
	SELECT("S2 S3 S4");
	f.category = "城乡建设/城乡规划";
	SELECT("S3");
	f.category = "城乡";
	SELECT("");
	f.category = "城乡建设/城乡";
	SELECT("");
	f.category = "劳动和社会保障";
	SELECT("S1 S5 S6");
	f.category = "劳动和社会保障/工资福利";
	SELECT("S1 S5");
	f.category = "劳动和社会保障/工资福利/工资发放";
	SELECT("S1");
	f.category = "劳动和社会保障/工资福利/工资";
	SELECT("");

	/* Regions by prefix. */
	xf_filter_init(&f);
	f.region = "1101";
	SELECT("S1 S2 S5");
	f.region = "110101";
	SELECT("S1");
	f.region = "13";
	SELECT("S3");
	f.region = "1101011";
	SELECT("");

	/* Days, inclusive, in the office's zone. */
	xf_filter_init(&f);
	f.from = "2017-07-15";
	SELECT("S2 S3 S4 S6");
	f.from = "2017-07-16";
	SELECT("S3 S4 S6");
	xf_filter_init(&f);
	f.to = "2017-07-31";
	SELECT("S1 S2 S3 S5");
	f.to = "2017-07-14";
	SELECT("S1 S5");
	f.from = f.to = "2017-07-31";
	SELECT("S3");
	f.from = f.to = "2017-08-01";
	SELECT("S4");
	f.from = f.to = "2017-07-01";
	SELECT("S1");
	f.from = f.to = "2017-06-30";
	SELECT("S5");
	f.from = "2017-07-02";
	f.to = "2017-07-14";
	SELECT("");
	f.from = "2017-08-01";
	f.to = "2017-07-01";
	SELECT("");
	f.from = "2017-01-01";
	f.to = "2017-12-31";
	SELECT("S1 S2 S3 S4 S5 S6");
	/* A day of no calendar: refused by the ledger, whatever its store. */
	f.to = "2017-13-01";
	CHECK(xf_ledger_count(l, &f, &n) == -1);
	CHECK_STR(xf_ledger_errmsg(l), "'2017-13-01': no such day");
	CHECK(xf_ledger_select(l, &f) == NULL);
	f.to = "2017-02-29";
	CHECK(xf_ledger_count(l, &f, &n) == -1);

	/* Text in the title or the content. */
	xf_filter_init(&f);
	f.text = "拆迁";
	SELECT("S2 S3");
	f.text = "工资";
	SELECT("S1 S5");
	f.text = "合同";
	SELECT("S6");
	f.text = "信访";
	SELECT("");

	/* Flags. */
	xf_filter_init(&f);
	/* S5, received first and registered after, heads S1 and S6. */
	f.first = 1;
	SELECT("S2 S3 S4 S5");
	f.first = 0;
	SELECT("S1 S6");
	xf_filter_init(&f);
	f.collective = 1;
	SELECT("S1");
	f.collective = 0;
	SELECT("S2 S3 S4 S5 S6");
	xf_filter_init(&f);
	f.skip_level = 1;
	SELECT("S2 S4");
	f.skip_level = 0;
	SELECT("S1 S3 S5 S6");

	/* Together: an item passes them all. */
	xf_filter_init(&f);
	f.channel = "visit";
	f.skip_level = 1;
	SELECT("S4");
	xf_filter_init(&f);
	f.category = "城乡建设";
	f.from = "2017-07-20";
	SELECT("S3 S4");
	xf_filter_init(&f);
	f.region = "1101";
	f.text = "工资";
	f.first = 1;
	SELECT("S5");

	/* A limit: the first n of those selected. */
	xf_filter_init(&f);
	f.limit = 2;
	CHECK_STR(ids(l, &f, buf, sizeof(buf)), "S1 S2");
	f.limit = 0;
	CHECK_STR(ids(l, &f, buf, sizeof(buf)), "");
	f.limit = 10;
	CHECK_STR(ids(l, &f, buf, sizeof(buf)), "S1 S2 S3 S4 S5 S6");
	f.limit = 1;
	f.channel = "letter";
	CHECK_STR(ids(l, &f, buf, sizeof(buf)), "S2");
	/* count agrees with select under a limit too. */
	xf_filter_init(&f);
	f.limit = 2;
	n = -1;
	CHECK(xf_ledger_count(l, &f, &n) == 0);
	if (n != 2)
		printf("count with limit 2: %lld\n", (long long)n);
	CHECK(n == 2);
	f.limit = 0;
	n = -1;
	CHECK(xf_ledger_count(l, &f, &n) == 0);
	CHECK(n == 0);

	/* Days not as YYYY-MM-DD. */
	{
		static const char *const bad[] = {
			"2017-7-1", "20170701", "2017/07/01",
			"2017-07-01T00:00", "2017-07-01 ", "", "2017年7月1日"
		};

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			xf_filter_init(&f);
			f.from = bad[i];
			c = xf_ledger_select(l, &f);
			CHECK(c == NULL);
			CHECK_STR(xf_ledger_errmsg(l),
			    "a date range needs days as YYYY-MM-DD");
			xf_cursor_free(c);
			xf_filter_init(&f);
			f.to = bad[i];
			CHECK(xf_ledger_select(l, &f) == NULL);
			CHECK(xf_ledger_count(l, &f, &n) == -1);
			CHECK_STR(xf_ledger_errmsg(l),
			    "a date range needs days as YYYY-MM-DD");
		}
	}

	/* An item read back: its fields, then its unknown columns. */
	xf_filter_init(&f);
	f.id = "S1";
	r = xf_record_new();
	c = xf_ledger_select(l, &f);
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK(xf_cursor_next(c, r) == 1);
		CHECK_STR(keys(r, k, sizeof(k)), "id,ref,received_at,channel,"
		    "source,lodged_level,irregular,id_number,people,first,"
		    "repeat_of,region,title,content,category,collective,joint_letter,"
		    "skip_level,status,registered_at,due,due_days,due_state,"
		    "备注,件数,tags,big,flag,done");
		CHECK_STR(xf_record_get(r, XF_F_DUE), "2017-07-16");
		CHECK_STR(xf_record_get(r, XF_F_DUE_DAYS), "15");
		/* Past its due day (2017-07-16) by 9 days, of 15. */
		CHECK_STR(xf_record_get(r, XF_F_DUE_STATE), "overdue");
		CHECK_STR(xf_record_get(r, XF_F_RECEIVED_AT),
		    "2017-07-01T08:00:00+08:00");
		CHECK_STR(xf_record_get(r, XF_F_PEOPLE), "6");
		CHECK_STR(xf_record_get(r, XF_F_COLLECTIVE), "1");
		CHECK_STR(xf_record_get(r, XF_F_STATUS), "registered");
		CHECK_STR(xf_record_get(r, XF_F_REGISTERED_AT),
		    "2017-08-31T09:00:00+08:00");
		CHECK_STR(xf_record_get(r, XF_F_ID_NUMBER), ID_A);
		CHECK(xf_record_raw(r, 0) == 0);
		CHECK_STR(xf_record_get_key(r, "备注"), "加急");
		CHECK(xf_record_raw(r, 23) == 0);
		CHECK_STR(xf_record_get_key(r, "件数"), "3");
		CHECK(xf_record_raw(r, 24) == 1);
		CHECK_STR(xf_record_get_key(r, "tags"), "[\"a\",\"b\"]");
		CHECK(xf_record_raw(r, 25) == 1);
		/* A JSON number is kept as its text, every digit of it. */
		CHECK_STR(xf_record_value(r, 26, &len),
		    "12345678901234567890");
		CHECK(xf_record_raw(r, 26) == 1);
		CHECK_STR(xf_record_get_key(r, "flag"), "true");
		CHECK(xf_record_raw(r, 27) == 0);
		CHECK_STR(xf_record_get_key(r, "done"), "false");
		CHECK(xf_record_raw(r, 28) == 1);
		CHECK(xf_record_field(r, 23) == -1);
		CHECK(xf_cursor_next(c, r) == 0);
		xf_cursor_free(c);
	}
	/* A repeat read back. */
	f.id = "S6";
	c = xf_ledger_select(l, &f);
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK(xf_cursor_next(c, r) == 1);
		CHECK_STR(xf_record_get(r, XF_F_FIRST), "0");
		CHECK_STR(xf_record_get(r, XF_F_REPEAT_OF), "S5");
		CHECK_STR(xf_record_get(r, XF_F_JOINT_LETTER), "0");
		CHECK(xf_record_get_key(r, "备注") == NULL);
		CHECK(xf_cursor_next(c, r) == 0);
		xf_cursor_free(c);
	}
	f.id = "S2";
	c = xf_ledger_select(l, &f);
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK(xf_cursor_next(c, r) == 1);
		CHECK_STR(xf_record_get(r, XF_F_UNIT), "区住建局");
		CHECK_STR(xf_record_get(r, XF_F_JOINT_LETTER), "1");
		CHECK_STR(xf_record_get(r, XF_F_SKIP_LEVEL), "1");
		CHECK(xf_cursor_next(c, r) == 0);
		xf_cursor_free(c);
	}
	xf_record_free(r);

	/* The history of one of them. */
	c = xf_ledger_history(l, "S5");
	CHECK(c != NULL);
	r = xf_record_new();
	if (c != NULL) {
		CHECK(xf_cursor_next(c, r) == 1);
		CHECK_STR(xf_record_get_key(r, "item"), "S5");
		CHECK_STR(xf_record_get_key(r, "seq"), "5");
		CHECK_STR(xf_record_get_key(r, "details"),
		    "{\"file\":\"items.csv\",\"line\":6}");
		CHECK(xf_cursor_next(c, r) == 0);
		xf_cursor_free(c);
	}
	xf_record_free(r);
	CHECK(xf_ledger_history(l, "S7") == NULL);
	CHECK_STR(xf_ledger_errmsg(l), "no item 'S7' in the ledger");
	xf_ledger_close(l);

	/* Read only, the same answers. */
	l = xf_ledger_open(path, defaults, XF_L_READONLY, err, sizeof(err));
	CHECK(l != NULL);
	if (l != NULL) {
		xf_filter_init(&f);
		f.category = "城乡建设";
		SELECT("S2 S3 S4");
		xf_ledger_close(l);
	}
	remove_ledger(path);
}

/* A case as xf_roster_stepped() is told it: status, handler, voided. */
static void
case_as(xf_record *r, const char *status, const char *handler,
    const char *voided)
{
	xf_record_clear(r);
	if (status != NULL)
		xf_record_set(r, XF_F_STATUS, status, strlen(status), 0);
	if (handler != NULL)
		xf_record_set(r, XF_F_HANDLER, handler, strlen(handler), 0);
	if (voided != NULL)
		xf_record_set(r, XF_F_VOIDED_AT, voided, strlen(voided), 0);
}

/*
 * A roster's people counted once from the ledger, then kept by the
 * steps it is told: a case taken, moved from one to the other, closed,
 * voided.
 */
static void
test_roster(void)
{
	struct xf_roster *ro;
	xf_record	*was, *is;
	xf_ledger	*l;
	const char	*name;
	char		 path[256], rpath[256], err[512];
	FILE		*fp;

	ledger_of("roster.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	path_of("roster.csv", rpath, sizeof(rpath));
	if ((fp = fopen(rpath, "w")) != NULL) {
		fputs("unit,role,name\nU,handler,甲\nU,handler,乙\n"
		    "V,handler,甲\n", fp);
		fclose(fp);
	}
	ro = xf_roster_new(rpath, err, sizeof(err));
	CHECK(ro != NULL);
	was = xf_record_new();
	is = xf_record_new();
	if (l == NULL || ro == NULL || was == NULL || is == NULL)
		goto out;
	/* Nobody has a case: the earlier on the tie. */
	CHECK(xf_roster_pick(ro, l, "U", "handler", &name) == 0);
	CHECK_STR(name, "甲");
	CHECK(xf_roster_pick(ro, l, "W", "handler", &name) == 1);
	/* 甲 takes one (as one person in both units): 乙 next. */
	case_as(was, "registered", NULL, NULL);
	case_as(is, "assigned", "甲", NULL);
	xf_roster_stepped(ro, was, is);
	CHECK(xf_roster_pick(ro, l, "U", "handler", &name) == 0);
	CHECK_STR(name, "乙");
	CHECK(xf_roster_pick(ro, l, "V", "handler", &name) == 0);
	CHECK_STR(name, "甲");
	/* 乙 takes one, then it moves to 甲: 甲 2, 乙 0. */
	case_as(is, "assigned", "乙", NULL);
	xf_roster_stepped(ro, was, is);
	case_as(was, "assigned", "乙", NULL);
	case_as(is, "extended", "甲", NULL);
	xf_roster_stepped(ro, was, is);
	CHECK(xf_roster_pick(ro, l, "U", "handler", &name) == 0);
	CHECK_STR(name, "乙");
	/* One of 甲's closed, one voided: 甲 0, 乙 0: 甲 on the tie. */
	case_as(was, "assigned", "甲", NULL);
	case_as(is, "closed", "甲", NULL);
	xf_roster_stepped(ro, was, is);
	case_as(is, "assigned", "甲", "2017-07-25T09:00:00+08:00");
	xf_roster_stepped(ro, was, is);
	CHECK(xf_roster_pick(ro, l, "U", "handler", &name) == 0);
	CHECK_STR(name, "甲");
out:
	xf_record_free(was);
	xf_record_free(is);
	xf_roster_free(ro);
	xf_ledger_close(l);
	remove_ledger(path);
	unlink(rpath);
}

int
main(void)
{
	char	 err[256];

	umask(0);
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	if (setenv("XF_NOW", "2017-07-25 09:00:00", 1) == -1) {
		perror("setenv");
		return 1;
	}
	defaults = xf_settings_new(NULL, err, sizeof(err));
	if (defaults == NULL) {
		printf("settings: %s\n", err);
		return 1;
	}
	test_open();
	test_register();
	test_office();
	test_repeats();
	test_repeat_window();
	test_batches();
	test_places();
	test_copy();
	test_mending();
	test_undo_twice();
	test_select();
	test_roster();
	xf_settings_free(defaults);
	if (rmdir(tmpdir) == -1)
		printf("rmdir %s: %s\n", tmpdir, strerror(errno));
	return test_done("t-ledger");
}
