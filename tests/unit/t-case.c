/*
 * t-case.c - the casework through the public API: every step of the
 * state diagram of xf(7) and every refusal, the deadlines each step sets,
 * idempotence, returning visits and what they owe, and the deadline
 * states worked out when read
 *
 * "Today" is $XF_NOW, set before each batch.  Every step runs in a batch
 * of its own, as the programs run it, and step() checks what the ledger
 * says after it to a reader of its own: one event for a step applied
 * (two when assigning a registered case accepts it first), none and an
 * unchanged case for a step refused or already applied.
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

static char tmpdir[] = "/tmp/t-case.XXXXXX";
static xf_settings *defaults;
static char path[256];		/* the ledger of the test running */
static const xf_settings *path_set; /* its settings */
static xf_ledger *rd;		/* its reader, opened when first needed */
static char msg[512];		/* the message of the last step not applied */
static xf_record *got;		/* the case as the last step left it */

/* Move "today": the next batch and the next read see this time. */
static void
now(const char *t)
{
	if (setenv("XF_NOW", t, 1) == -1) {
		perror("setenv");
		exit(1);
	}
}

static xf_ledger *
ledger_with(const char *name, const xf_settings *set)
{
	xf_ledger	*l;
	char		 err[512];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	path_set = set;
	l = xf_ledger_open(path, set, 0, err, sizeof(err));
	if (l == NULL)
		printf("open: %s\n", err);
	CHECK(l != NULL);
	if (l != NULL)
		xf_ledger_set_actor(l, "tester", "t-case");
	return l;
}

static xf_ledger *
ledger(const char *name)
{
	return ledger_with(name, defaults);
}

static void
ledger_done(xf_ledger *l)
{
	char	 side[300];

	xf_ledger_close(l);
	xf_ledger_close(rd);
	rd = NULL;
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

/*
 * The ledger of the test read through the public API by a connection
 * of its own, as another program would: what is committed, voided items
 * included.  NULL on error, said.
 */
static xf_ledger *
reader(void)
{
	char	 err[512];

	if (rd != NULL)
		return rd;
	if ((rd = xf_ledger_open(path, path_set, XF_L_READONLY, err,
	    sizeof(err))) == NULL)
		printf("reader: %s\n", err);
	else if (xf_ledger_include_void(rd, 1) == -1) {
		printf("reader: %s\n", xf_ledger_errmsg(rd));
		xf_ledger_close(rd);
		rd = NULL;
	}
	return rd;
}

/*
 * The events of case id (xf_ledger_history()) whose action is action
 * (NULL: any): how many (0 for no such case, -1 on error); and into buf
 * (when not NULL) the actions joined by ' ' (the keys NULL), or keys'
 * values (a list joined by ',') of the first of them joined by ' ', or
 * with last of the last; "(none)" when there is none.
 */
static long long
ev_find(const char *id, const char *action, const char *keys, int last,
    char *buf, size_t size)
{
	xf_ledger	*l;
	xf_cursor	*h;
	xf_record	*e = xf_record_new();
	const char	*v, *k, *end;
	char		 key[64];
	long long	 n = 0;
	size_t		 used = 0;
	int		 rc = -1;

	if (buf != NULL)
		snprintf(buf, size, "(none)");
	if ((l = reader()) == NULL || e == NULL)
		goto out;
	if ((h = xf_ledger_history(l, id)) == NULL) {
		if ((rc = xf_ledger_exists(l, id)) == 0)
			n = 0;
		else
			rc = -1;
		goto out;
	}
	while ((rc = xf_cursor_next(h, e)) == 1) {
		if (action != NULL && ((v = xf_record_get_key(e, "action")) ==
		    NULL || strcmp(v, action) != 0))
			continue;
		n++;
		if (buf == NULL || (n > 1 && keys != NULL && !last))
			continue;
		if (keys == NULL) {
			if (n == 1)
				buf[0] = '\0';
			v = xf_record_get_key(e, "action");
			used += (size_t)snprintf(buf + used, size - used,
			    "%s%s", n > 1 ? " " : "", v != NULL ? v : "?");
			if (used >= size)
				used = size - 1;
			continue;
		}
		buf[0] = '\0';
		for (k = keys, used = 0; *k != '\0' && used < size; k = end) {
			end = k + strcspn(k, ",");
			snprintf(key, sizeof(key), "%.*s", (int)(end - k), k);
			v = xf_record_get_key(e, key);
			used += (size_t)snprintf(buf + used, size - used,
			    "%s%s", k != keys ? " " : "", v != NULL ? v :
			    "(null)");
			if (*end == ',')
				end++;
		}
	}
	xf_cursor_free(h);
out:
	if (rc < 0) {
		printf("events of %s: %s\n", id, l != NULL ?
		    xf_ledger_errmsg(l) : "?");
		if (buf != NULL)
			snprintf(buf, size, "(error)");
		n = -1;
	}
	xf_record_free(e);
	return n;
}

/* The events of a case, counted. */
static long long
events(const char *id)
{
	return ev_find(id, NULL, NULL, 0, NULL, 0);
}

/* The events of a case of one action, counted. */
static long long
events_of(const char *id, const char *action)
{
	return ev_find(id, action, NULL, 0, NULL, 0);
}

/* The visits of a case (xf_ledger_visits()), counted; -1 on error. */
static long long
visits(const char *id)
{
	xf_ledger	*l;
	xf_cursor	*c;
	xf_record	*r = xf_record_new();
	long long	 n = 0;
	int		 rc = -1;

	if ((l = reader()) != NULL && r != NULL) {
		if ((c = xf_ledger_visits(l, id)) != NULL) {
			while ((rc = xf_cursor_next(c, r)) == 1)
				n++;
			xf_cursor_free(c);
		} else if ((rc = xf_ledger_exists(l, id)) != 0)
			rc = -1;
	}
	xf_record_free(r);
	return rc == 0 ? n : -1;
}

/* The actions of a case's events, oldest first, joined by ' '. */
static const char *
actions(const char *id)
{
	static char	 buf[4][1024];
	static int	 next;
	char		*out = buf[next++ % 4];

	ev_find(id, NULL, NULL, 0, out, sizeof(buf[0]));
	return out;
}

/*
 * keys' values (joined by ',') of the first event of a case of action
 * (NULL: any), or with last of its last event, joined by ' '.
 */
static const char *
event_of(const char *id, const char *action, const char *keys, int last)
{
	static char	 buf[4][1024];
	static int	 next;
	char		*out = buf[next++ % 4];

	ev_find(id, action, keys, last, out, sizeof(buf[0]));
	return out;
}

/* The details of a case's last event. */
static const char *
last_details(const char *id)
{
	return event_of(id, NULL, "details", 1);
}

/*
 * How many items there are (voided ones too) whose received_at begins
 * with prefix (NULL: every item); -1 on error.
 */
static long long
items(const char *prefix)
{
	struct xf_filter f;
	xf_ledger	*l;
	xf_cursor	*c;
	xf_record	*r = xf_record_new();
	const char	*v;
	long long	 n = 0;
	int		 rc = -1;

	xf_filter_init(&f);
	if ((l = reader()) != NULL && r != NULL &&
	    (c = xf_ledger_select(l, &f)) != NULL) {
		while ((rc = xf_cursor_next(c, r)) == 1)
			n += prefix == NULL || ((v = xf_record_get(r,
			    XF_F_RECEIVED_AT)) != NULL && strncmp(v, prefix,
			    strlen(prefix)) == 0);
		xf_cursor_free(c);
	}
	xf_record_free(r);
	return rc == 0 ? n : -1;
}

/* A record as text: "key=value" lines. */
static const char *
text_of(const xf_record *r, char *buf, size_t size)
{
	size_t	 i, used = 0, len;

	buf[0] = '\0';
	for (i = 0; i < xf_record_count(r) && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s=%s\n",
		    xf_record_key(r, i), xf_record_value(r, i, &len));
	return buf;
}

/* The case as xf_ledger_select reads it, into r; 0 if not there. */
static int
read_case(xf_ledger *l, const char *id, xf_record *r)
{
	struct xf_filter f;
	xf_cursor	*c;
	int		 rc;

	xf_filter_init(&f);
	f.id = id;
	xf_record_clear(r);
	if ((c = xf_ledger_select(l, &f)) == NULL) {
		printf("select: %s\n", xf_ledger_errmsg(l));
		test_failed++;
		return 0;
	}
	rc = xf_cursor_next(c, r);
	CHECK(rc >= 0);
	if (rc == 1)
		CHECK(xf_cursor_next(c, r) == 0);
	xf_cursor_free(c);
	return rc == 1;
}

/* The case as read, as text ("" when it is not there). */
static const char *
snapshot(xf_ledger *l, const char *id, char *buf, size_t size)
{
	xf_record *r = xf_record_new();

	buf[0] = '\0';
	if (read_case(l, id, r))
		text_of(r, buf, size);
	xf_record_free(r);
	return buf;
}

/* A field of the case as read, or NULL. */
static const char *
F(xf_ledger *l, const char *id, int field)
{
	static char	 buf[8][512];
	static int	 next;
	char		*out = buf[next++ % 8];
	xf_record	*r = xf_record_new();
	const char	*v = NULL;

	if (read_case(l, id, r) && (v = xf_record_get(r, field)) != NULL) {
		snprintf(out, sizeof(buf[0]), "%s", v);
		v = out;
	}
	xf_record_free(r);
	return v;
}

/*
 * Register an item received on a day, with more key/value pairs ended
 * by NULL, in a batch of its own; its id (kept until the end).
 */
static const char *
add(xf_ledger *l, const char *received_at, ...)
{
	static char	 ids[512][32];
	static int	 next;
	char		*id = ids[next++ % 512];
	xf_record	*in = xf_record_new(), *it = xf_record_new();
	const char	*key, *val, *existing;
	char		 err[512];
	va_list		 ap;

	xf_record_add(in, "received_at", 11, received_at,
	    strlen(received_at), 0);
	va_start(ap, received_at);
	while ((key = va_arg(ap, const char *)) != NULL) {
		val = va_arg(ap, const char *);
		xf_record_add(in, key, strlen(key), val, strlen(val), 0);
	}
	va_end(ap);
	snprintf(id, sizeof(ids[0]), "(not registered)");
	if (xf_item_normalize(defaults, in, it, err, sizeof(err)) == -1) {
		printf("normalize: %s\n", err);
		test_failed++;
	} else if (xf_ledger_begin(l) == -1 ||
	    xf_ledger_register(l, it, 0, &existing) != XF_REG_NEW ||
	    xf_ledger_commit(l) == -1) {
		printf("register: %s\n", xf_ledger_errmsg(l));
		test_failed++;
		xf_ledger_rollback(l);
	} else
		snprintf(id, sizeof(ids[0]), "%s", xf_record_get(it,
		    XF_F_ID));
	xf_record_free(in);
	xf_record_free(it);
	return id;
}

/*
 * Apply a step in a batch of its own; the case afterwards in got, the
 * message of a step not applied in msg.  Checks what the ledger holds.
 */
static enum xf_applied
step(xf_ledger *l, const char *id, const struct xf_step *st, int line)
{
	char		 before[8192], after[8192], status[32];
	const char	*s;
	long long	 ev0, ev1, want;
	enum xf_applied	 rc;

	snapshot(l, id, before, sizeof(before));
	s = F(l, id, XF_F_STATUS);
	snprintf(status, sizeof(status), "%s", s ? s : "");
	ev0 = events(id);
	msg[0] = '\0';
	if (xf_ledger_begin(l) == -1) {
		printf("line %d: begin: %s\n", line, xf_ledger_errmsg(l));
		test_failed++;
		return XF_STEP_ERROR;
	}
	rc = xf_ledger_step(l, id, st, got);
	if (rc != XF_APPLIED)
		snprintf(msg, sizeof(msg), "%s", xf_ledger_errmsg(l));
	if (rc == XF_STEP_ERROR)
		printf("line %d: %s: %s\n", line, xf_action_name(st->action),
		    msg);
	if (rc < 0)
		CHECK(xf_ledger_rollback(l) == 0);
	else
		CHECK(xf_ledger_commit(l) == 0);
	ev1 = events(id);
	snapshot(l, id, after, sizeof(after));
	/* The case handed back is the case as it stands, applied or not. */
	if (*after != '\0' && rc >= 0) {
		char	 back[8192];

		if (strcmp(text_of(got, back, sizeof(back)), after) != 0)
			printf("line %d: the case handed back is not the case "
			    "as stored\n", line);
		CHECK_STR(back, after);
	}
	if (rc == XF_APPLIED) {
		want = ev0 + 1 + (st->action == XF_ACT_ASSIGN &&
		    strcmp(status, "registered") == 0);
		if (ev1 != want)
			printf("line %d: %lld events, want %lld\n", line, ev1,
			    want);
		CHECK(ev1 == want);
	} else {
		/* Nothing written, and the case as it was. */
		if (ev1 != ev0 || strcmp(before, after) != 0)
			printf("line %d: a step not applied changed the "
			    "case\n", line);
		CHECK(ev1 == ev0);
		CHECK_STR(after, before);
	}
	return rc;
}

#define STEP(id, ...)	step(l, (id), &(struct xf_step){ __VA_ARGS__ }, \
			    __LINE__)

/* Record a visit in a batch of its own, checking the ledger likewise. */
static enum xf_applied
visit(xf_ledger *l, const char *id, const struct xf_visit *v, int line)
{
	char		 before[8192], after[8192];
	long long	 ev0, ev1, n0, n1;
	enum xf_applied	 rc;

	snapshot(l, id, before, sizeof(before));
	ev0 = events(id);
	n0 = visits(id);
	msg[0] = '\0';
	if (xf_ledger_begin(l) == -1) {
		printf("line %d: begin: %s\n", line, xf_ledger_errmsg(l));
		test_failed++;
		return XF_STEP_ERROR;
	}
	rc = xf_ledger_visit(l, id, v, got);
	if (rc != XF_APPLIED)
		snprintf(msg, sizeof(msg), "%s", xf_ledger_errmsg(l));
	if (rc == XF_STEP_ERROR) {
		printf("line %d: visit: %s\n", line, msg);
		CHECK(xf_ledger_rollback(l) == 0);
	} else
		CHECK(xf_ledger_commit(l) == 0);
	ev1 = events(id);
	n1 = visits(id);
	snapshot(l, id, after, sizeof(after));
	if (*after != '\0' && rc != XF_STEP_ERROR) {
		char	 back[8192];

		if (strcmp(text_of(got, back, sizeof(back)), after) != 0)
			printf("line %d: the case handed back is not the case "
			    "as stored\n", line);
		CHECK_STR(back, after);
	}
	if (rc == XF_APPLIED) {
		if (ev1 != ev0 + 1 || n1 != n0 + 1)
			printf("line %d: %lld events, %lld visits\n", line,
			    ev1 - ev0, n1 - n0);
		CHECK(ev1 == ev0 + 1);
		CHECK(n1 == n0 + 1);
	} else {
		if (ev1 != ev0 || n1 != n0 || strcmp(before, after) != 0)
			printf("line %d: a visit not recorded changed the "
			    "case\n", line);
		CHECK(ev1 == ev0);
		CHECK(n1 == n0);
		CHECK_STR(after, before);
	}
	return rc;
}

#define VISIT(id, ...)	visit(l, (id), &(struct xf_visit){ __VA_ARGS__ }, \
			    __LINE__)

/* What is owed, "id owed since" joined by "; ", or "error: ...". */
static const char *
owed(xf_ledger *l)
{
	static char	 buf[2048];
	xf_cursor	*c;
	xf_record	*r = xf_record_new();
	size_t		 used = 0;
	int		 rc;

	buf[0] = '\0';
	if ((c = xf_ledger_visits_due(l)) == NULL) {
		snprintf(buf, sizeof(buf), "error: %s", xf_ledger_errmsg(l));
		xf_record_free(r);
		return buf;
	}
	while ((rc = xf_cursor_next(c, r)) == 1 && used < sizeof(buf))
		used += (size_t)snprintf(buf + used, sizeof(buf) - used,
		    "%s%s %s %s", used > 0 ? "; " : "",
		    xf_record_get_key(r, "id"), xf_record_get_key(r, "owed"),
		    xf_record_get_key(r, "since"));
	if (rc == -1)
		snprintf(buf, sizeof(buf), "error: %s", xf_ledger_errmsg(l));
	xf_cursor_free(c);
	xf_record_free(r);
	return buf;
}

/* The ids a filter selects, joined by ' ', or "error: ...". */
static const char *
selected(xf_ledger *l, const struct xf_filter *f)
{
	static char	 buf[2048];
	xf_cursor	*c;
	xf_record	*r = xf_record_new();
	size_t		 used = 0;
	int64_t		 n = -1, k = 0;
	int		 rc;

	buf[0] = '\0';
	if ((c = xf_ledger_select(l, f)) == NULL) {
		snprintf(buf, sizeof(buf), "error: %s", xf_ledger_errmsg(l));
		xf_record_free(r);
		return buf;
	}
	while ((rc = xf_cursor_next(c, r)) == 1 && used < sizeof(buf)) {
		used += (size_t)snprintf(buf + used, sizeof(buf) - used,
		    "%s%s", used > 0 ? " " : "", xf_record_get(r, XF_F_ID));
		k++;
	}
	if (rc == -1)
		snprintf(buf, sizeof(buf), "error: %s", xf_ledger_errmsg(l));
	xf_cursor_free(c);
	xf_record_free(r);
	/* count agrees with select. */
	CHECK(xf_ledger_count(l, f, &n) == 0);
	CHECK(n == k);
	return buf;
}

/* Ids joined by ' ', ended by NULL. */
static const char *
join(const char *id, ...)
{
	static char	 buf[4][1024];
	static int	 next;
	char		*out = buf[next++ % 4];
	size_t		 used = 0;
	va_list		 ap;

	out[0] = '\0';
	va_start(ap, id);
	for (; id != NULL; id = va_arg(ap, const char *))
		used += (size_t)snprintf(out + used, sizeof(buf[0]) - used,
		    "%s%s", used > 0 ? " " : "", id);
	va_end(ap);
	return out;
}

/* An accepted case, assigned to a unit: the usual start. */
static const char *
assigned(xf_ledger *l, const char *received, const char *at)
{
	const char *id = add(l, received, NULL);

	CHECK(STEP(id, .action = XF_ACT_ASSIGN, .at = at, .unit = "区住建局",
	    .handler = "王科长") == XF_APPLIED);
	return id;
}

/* A case replied to with an answer at a time. */
static const char *
replied(xf_ledger *l, const char *received, const char *accepted,
    const char *answer, const char *at)
{
	const char *id = assigned(l, received, accepted);

	CHECK(STEP(id, .action = XF_ACT_REPLY, .at = at, .result = answer) ==
	    XF_APPLIED);
	return id;
}

/* ------------------------------------------------------------------ */
/* The steps                                                           */

static void
test_accept(void)
{
	xf_ledger	*l = ledger("accept.db");
	const char	*a, *b, *c, *d, *e, *g;

	if (l == NULL)
		return;
	now("2026-10-01 12:00");
	/* Registered: acceptance due 15 days after receipt. */
	a = add(l, "2026-09-20", NULL);
	CHECK_STR(F(l, a, XF_F_STATUS), "registered");
	CHECK_STR(F(l, a, XF_F_DUE), "2026-10-05");
	CHECK_STR(F(l, a, XF_F_DUE_DAYS), "15");
	CHECK_STR(F(l, a, XF_F_DUE_STATE), "due_soon");
	CHECK(events(a) == 1);

	/* Not before it was received. */
	CHECK(STEP(a, .action = XF_ACT_ACCEPT, .at = "2026-09-19 23:59") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot accept: 2026-09-19T23:59:00+08:00 is before "
	    "it was received");

	/* The example of the law: accepted 2026-10-01, due 2026-11-30. */
	CHECK(STEP(a, .action = XF_ACT_ACCEPT, .at = "2026-10-01 10:00") ==
	    XF_APPLIED);
	CHECK_STR(xf_record_get(got, XF_F_STATUS), "accepted");
	CHECK_STR(xf_record_get(got, XF_F_ACCEPTED_AT),
	    "2026-10-01T10:00:00+08:00");
	CHECK_STR(xf_record_get(got, XF_F_DUE), "2026-11-30");
	CHECK_STR(xf_record_get(got, XF_F_DUE_DAYS), "60");
	CHECK_STR(xf_record_get(got, XF_F_DUE_STATE), "on_time");
	CHECK_STR(F(l, a, XF_F_STATUS), "accepted");
	CHECK_STR(F(l, a, XF_F_ACCEPTED_AT), "2026-10-01T10:00:00+08:00");
	CHECK_STR(F(l, a, XF_F_DUE), "2026-11-30");
	CHECK_STR(F(l, a, XF_F_DUE_DAYS), "60");
	CHECK_STR(F(l, a, XF_F_DUE_STATE), "on_time");
	CHECK_STR(actions(a), "register accept");
	/* The event: who, and what changed (not status, not due_days). */
	CHECK_STR(last_details(a), "{\"decided_at\":"
	    "\"2026-10-01T10:00:00+08:00\",\"accepted_at\":"
	    "\"2026-10-01T10:00:00+08:00\",\"due\":\"2026-11-30\","
	    "\"reply_due\":\"2026-11-30\"}");
	CHECK_STR(event_of(a, "accept", "actor,program,at", 0),
	    "tester t-case 2026-10-01T12:00:00+08:00");

	/* Twice: nothing more, at the same time or another. */
	CHECK(STEP(a, .action = XF_ACT_ACCEPT, .at = "2026-10-01 10:00") ==
	    XF_ALREADY);
	CHECK(STEP(a, .action = XF_ACT_ACCEPT, .at = "2026-10-01 11:00") ==
	    XF_ALREADY);
	CHECK_STR(xf_record_get(got, XF_F_ACCEPTED_AT),
	    "2026-10-01T10:00:00+08:00");
	CHECK(events(a) == 2);

	/* No time given: now. */
	b = add(l, "2026-09-30", NULL);
	CHECK(STEP(b, .action = XF_ACT_ACCEPT) == XF_APPLIED);
	CHECK_STR(F(l, b, XF_F_ACCEPTED_AT), "2026-10-01T12:00:00+08:00");
	CHECK_STR(F(l, b, XF_F_DUE), "2026-11-30");
	/* A day without a time: its midnight, the same deadline. */
	c = add(l, "2026-09-30", NULL);
	CHECK(STEP(c, .action = XF_ACT_ACCEPT, .at = "2026-10-01") ==
	    XF_APPLIED);
	CHECK_STR(F(l, c, XF_F_ACCEPTED_AT), "2026-10-01T00:00:00+08:00");
	CHECK_STR(F(l, c, XF_F_DUE), "2026-11-30");
	/* In Chinese. */
	d = add(l, "2026-09-30", NULL);
	CHECK(STEP(d, .action = XF_ACT_ACCEPT, .at = "2026年9月30日") ==
	    XF_APPLIED);
	CHECK_STR(F(l, d, XF_F_DUE), "2026-11-29");

	/* A month end: 2026-12-31 + 60 days, across February. */
	now("2027-01-05 09:00");
	e = add(l, "2026-12-20", NULL);
	CHECK(STEP(e, .action = XF_ACT_ACCEPT, .at = "2026-12-31 16:00") ==
	    XF_APPLIED);
	CHECK_STR(F(l, e, XF_F_DUE), "2027-03-01");
	/* A common year, and a leap year. */
	now("2028-01-05 09:00");
	e = add(l, "2027-01-01", NULL);
	CHECK(STEP(e, .action = XF_ACT_ACCEPT, .at = "2027-01-01 08:00") ==
	    XF_APPLIED);
	CHECK_STR(F(l, e, XF_F_DUE), "2027-03-02");
	e = add(l, "2027-12-25", NULL);
	CHECK(STEP(e, .action = XF_ACT_ACCEPT, .at = "2027-12-31") ==
	    XF_APPLIED);
	CHECK_STR(F(l, e, XF_F_DUE), "2028-02-29");
	g = add(l, "2028-01-01", NULL);
	CHECK(STEP(g, .action = XF_ACT_ACCEPT, .at = "2028-01-01 08:00") ==
	    XF_APPLIED);
	CHECK_STR(F(l, g, XF_F_DUE), "2028-03-01");
	/* The acceptance deadline of 15 days across a leap day. */
	now("2028-03-01 09:00");
	g = add(l, "2028-02-20", NULL);
	CHECK_STR(F(l, g, XF_F_DUE), "2028-03-06");
	ledger_done(l);
}

static void
test_transfer(void)
{
	xf_ledger	*l = ledger("transfer.db");
	const char	*a, *b, *c;

	if (l == NULL)
		return;
	now("2026-12-15 09:00");
	a = add(l, "2026-10-01", NULL);
	CHECK(STEP(a, .action = XF_ACT_TRANSFER, .at = "2026-10-02") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot transfer: no body to transfer to");
	CHECK(STEP(a, .action = XF_ACT_TRANSFER, .at = "2026-10-02 09:00",
	    .unit = "市人社局") == XF_APPLIED);
	CHECK_STR(xf_record_get(got, XF_F_STATUS), "transferred");
	CHECK_STR(F(l, a, XF_F_STATUS), "transferred");
	CHECK_STR(F(l, a, XF_F_TRANSFERRED_TO), "市人社局");
	/* No deadline of ours runs any more. */
	CHECK(F(l, a, XF_F_DUE) == NULL);
	CHECK(F(l, a, XF_F_DUE_DAYS) == NULL);
	CHECK(F(l, a, XF_F_DUE_STATE) == NULL);
	CHECK_STR(last_details(a), "{\"decided_at\":"
	    "\"2026-10-02T09:00:00+08:00\",\"transferred_to\":\"市人社局\","
	    "\"due\":\"\"}");
	CHECK(STEP(a, .action = XF_ACT_TRANSFER, .at = "2026-10-02 09:00",
	    .unit = "市人社局") == XF_ALREADY);
	CHECK(STEP(a, .action = XF_ACT_TRANSFER, .at = "2026-10-03",
	    .unit = "市人社局") == XF_ALREADY);
	CHECK(STEP(a, .action = XF_ACT_TRANSFER, .at = "2026-10-03",
	    .unit = "市住建局") == XF_REFUSED);
	CHECK_STR(msg, "cannot transfer: transferred already, to 市人社局");
	/* Nothing else happens to a transferred case here. */
	CHECK(STEP(a, .action = XF_ACT_ACCEPT, .at = "2026-10-03") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot accept: the case is transferred");
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-10-03",
	    .unit = "区住建局") == XF_REFUSED);
	CHECK_STR(msg, "cannot assign: the case is transferred");
	CHECK(STEP(a, .action = XF_ACT_REFUSE, .at = "2026-10-03",
	    .reason = "诉讼") == XF_REFUSED);
	CHECK_STR(msg, "cannot refuse: the case is transferred");
	CHECK(STEP(a, .action = XF_ACT_CLOSE, .at = "2026-10-03",
	    .result = "litigation") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: the case is transferred");

	/* A case being handled may be transferred to another unit's body. */
	b = assigned(l, "2026-10-01", "2026-10-02 09:00");
	CHECK(STEP(b, .action = XF_ACT_TRANSFER, .at = "2026-10-05",
	    .unit = "市住建局") == XF_APPLIED);
	CHECK_STR(F(l, b, XF_F_STATUS), "transferred");
	CHECK(F(l, b, XF_F_DUE) == NULL);
	/* Not once it is answered. */
	c = replied(l, "2026-10-01", "2026-10-02", "explained", "2026-10-20");
	CHECK(STEP(c, .action = XF_ACT_TRANSFER, .at = "2026-10-21",
	    .unit = "市住建局") == XF_REFUSED);
	CHECK_STR(msg, "cannot transfer: the case is replied");
	ledger_done(l);
}

static void
test_refuse(void)
{
	xf_ledger	*l = ledger("refuse.db");
	const char	*a, *b;

	if (l == NULL)
		return;
	now("2026-12-15 09:00");
	a = add(l, "2026-10-01", NULL);
	CHECK(STEP(a, .action = XF_ACT_REFUSE, .at = "2026-10-02") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot refuse: no route to tell the petitioner");
	CHECK(STEP(a, .action = XF_ACT_REFUSE, .at = "2026-10-02",
	    .reason = "向人民法院提起诉讼") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_STATUS), "refused");
	CHECK_STR(F(l, a, XF_F_REFUSAL_ROUTE), "向人民法院提起诉讼");
	CHECK(F(l, a, XF_F_DUE) == NULL);
	CHECK(F(l, a, XF_F_DUE_STATE) == NULL);
	CHECK(STEP(a, .action = XF_ACT_REFUSE, .at = "2026-10-02",
	    .reason = "向人民法院提起诉讼") == XF_ALREADY);
	CHECK(STEP(a, .action = XF_ACT_REFUSE, .at = "2026-10-02",
	    .reason = "申请行政复议") == XF_REFUSED);
	CHECK_STR(msg, "cannot refuse: refused already");
	CHECK(STEP(a, .action = XF_ACT_ACCEPT, .at = "2026-10-03") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot accept: the case is refused");
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-10-03",
	    .unit = "区住建局") == XF_REFUSED);
	CHECK_STR(msg, "cannot assign: the case is refused");
	CHECK(STEP(a, .action = XF_ACT_CLOSE, .at = "2026-10-03",
	    .result = "agreement") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: the case is refused");
	CHECK(STEP(a, .action = XF_ACT_TRANSFER, .at = "2026-10-03",
	    .unit = "市人社局") == XF_REFUSED);
	CHECK_STR(msg, "cannot transfer: the case is refused");

	/* Only a case not yet accepted is refused. */
	b = add(l, "2026-10-01", NULL);
	CHECK(STEP(b, .action = XF_ACT_ACCEPT, .at = "2026-10-02") ==
	    XF_APPLIED);
	CHECK(STEP(b, .action = XF_ACT_REFUSE, .at = "2026-10-03",
	    .reason = "向人民法院提起诉讼") == XF_REFUSED);
	CHECK_STR(msg, "cannot refuse: the case is accepted");
	ledger_done(l);
}

static void
test_assign(void)
{
	xf_ledger	*l = ledger("assign.db");
	const char	*a, *b, *c;

	if (l == NULL)
		return;
	now("2026-10-10 09:00");
	a = add(l, "2026-10-01", NULL);
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-10-02") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot assign: no unit");
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-10-02",
	    .handler = "王科长") == XF_REFUSED);
	CHECK_STR(msg, "cannot assign: no unit");
	CHECK_STR(F(l, a, XF_F_STATUS), "registered");

	/* A registered case is accepted first: two events. */
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-10-02 09:00",
	    .unit = "区住建局", .handler = "王科长", .lead = "李副区长") ==
	    XF_APPLIED);
	CHECK_STR(actions(a), "register accept assign");
	CHECK_STR(xf_record_get(got, XF_F_STATUS), "assigned");
	CHECK_STR(F(l, a, XF_F_STATUS), "assigned");
	CHECK_STR(F(l, a, XF_F_ACCEPTED_AT), "2026-10-02T09:00:00+08:00");
	CHECK_STR(F(l, a, XF_F_DUE), "2026-12-01");
	CHECK_STR(F(l, a, XF_F_DUE_DAYS), "60");
	CHECK_STR(F(l, a, XF_F_UNIT), "区住建局");
	CHECK_STR(F(l, a, XF_F_HANDLER), "王科长");
	CHECK_STR(F(l, a, XF_F_LEAD), "李副区长");
	CHECK_STR(last_details(a), "{\"assigned_at\":"
	    "\"2026-10-02T09:00:00+08:00\",\"unit\":\"区住建局\",\"handler\":"
	    "\"王科长\",\"lead\":\"李副区长\"}");
	/* The same again, or the same unit alone: nothing more. */
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-10-02 09:00",
	    .unit = "区住建局", .handler = "王科长", .lead = "李副区长") ==
	    XF_ALREADY);
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-10-03",
	    .unit = "区住建局") == XF_ALREADY);
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-10-03",
	    .unit = "区住建局", .handler = "王科长") == XF_ALREADY);
	CHECK(events(a) == 3);

	/* Re-assignment: another unit; the deadline and lead stay. */
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-10-05",
	    .unit = "区城管局", .handler = "赵科长") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_STATUS), "assigned");
	CHECK_STR(F(l, a, XF_F_UNIT), "区城管局");
	CHECK_STR(F(l, a, XF_F_HANDLER), "赵科长");
	CHECK_STR(F(l, a, XF_F_LEAD), "李副区长");
	CHECK_STR(F(l, a, XF_F_ACCEPTED_AT), "2026-10-02T09:00:00+08:00");
	CHECK_STR(F(l, a, XF_F_DUE), "2026-12-01");
	CHECK_STR(actions(a), "register accept assign assign");
	/* Another handler in the same unit; another lead. */
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-10-06",
	    .unit = "区城管局", .handler = "钱科员") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_HANDLER), "钱科员");
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-10-06",
	    .unit = "区城管局", .lead = "孙区长") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_LEAD), "孙区长");
	CHECK_STR(F(l, a, XF_F_HANDLER), "钱科员");

	/* An accepted case: one event, the deadline of its acceptance. */
	b = add(l, "2026-10-01", NULL);
	CHECK(STEP(b, .action = XF_ACT_ACCEPT, .at = "2026-10-01 15:00") ==
	    XF_APPLIED);
	CHECK(STEP(b, .action = XF_ACT_ASSIGN, .at = "2026-10-03",
	    .unit = "区住建局") == XF_APPLIED);
	CHECK_STR(actions(b), "register accept assign");
	CHECK_STR(F(l, b, XF_F_DUE), "2026-11-30");
	CHECK(F(l, b, XF_F_HANDLER) == NULL);
	CHECK(F(l, b, XF_F_LEAD) == NULL);

	/* Before receipt the acceptance it implies is refused. */
	c = add(l, "2026-10-05", NULL);
	CHECK(STEP(c, .action = XF_ACT_ASSIGN, .at = "2026-10-04",
	    .unit = "区住建局") == XF_REFUSED);
	CHECK_STR(F(l, c, XF_F_STATUS), "registered");

	/* Not once answered. */
	c = replied(l, "2026-10-01", "2026-10-02", "supported", "2026-10-08");
	CHECK(STEP(c, .action = XF_ACT_ASSIGN, .at = "2026-10-09",
	    .unit = "区城管局") == XF_REFUSED);
	CHECK_STR(msg, "cannot assign: the case is replied");
	ledger_done(l);
}

static void
test_extend(void)
{
	xf_ledger	*l = ledger("extend.db");
	const char	*a, *b, *c;

	if (l == NULL)
		return;
	now("2026-12-15 09:00");
	a = add(l, "2026-09-28", NULL);
	CHECK(STEP(a, .action = XF_ACT_ACCEPT, .at = "2026-10-01 10:00") ==
	    XF_APPLIED);
	/* Only a case assigned to a unit. */
	CHECK(STEP(a, .action = XF_ACT_EXTEND, .at = "2026-11-01",
	    .days = 10, .reason = "需现场勘查") == XF_REFUSED);
	CHECK_STR(msg, "cannot extend: the case is accepted");
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-10-01 10:00",
	    .unit = "区住建局") == XF_APPLIED);
	/* 1 to 30 days, with a reason. */
	CHECK(STEP(a, .action = XF_ACT_EXTEND, .at = "2026-11-01",
	    .days = 0, .reason = "需现场勘查") == XF_REFUSED);
	CHECK_STR(msg, "cannot extend: 0 days: from 1 to 30");
	CHECK(STEP(a, .action = XF_ACT_EXTEND, .at = "2026-11-01",
	    .days = 31, .reason = "需现场勘查") == XF_REFUSED);
	CHECK_STR(msg, "cannot extend: 31 days: from 1 to 30");
	CHECK(STEP(a, .action = XF_ACT_EXTEND, .at = "2026-11-01",
	    .days = -5, .reason = "需现场勘查") == XF_REFUSED);
	CHECK_STR(msg, "cannot extend: -5 days: from 1 to 30");
	CHECK(STEP(a, .action = XF_ACT_EXTEND, .at = "2026-11-01",
	    .days = 30) == XF_REFUSED);
	CHECK_STR(msg, "cannot extend: no reason to tell the petitioner");

	/* On the due day itself: 30 days more. */
	CHECK(STEP(a, .action = XF_ACT_EXTEND, .at = "2026-11-30 17:00",
	    .days = 30, .reason = "需现场勘查") == XF_APPLIED);
	CHECK_STR(xf_record_get(got, XF_F_STATUS), "extended");
	CHECK_STR(F(l, a, XF_F_STATUS), "extended");
	CHECK_STR(F(l, a, XF_F_EXTENDED_DAYS), "30");
	CHECK_STR(F(l, a, XF_F_EXTENSION_REASON), "需现场勘查");
	CHECK_STR(F(l, a, XF_F_DUE), "2026-12-30");
	CHECK_STR(F(l, a, XF_F_DUE_DAYS), "90");
	CHECK_STR(last_details(a), "{\"extended_days\":\"30\","
	    "\"extension_reason\":\"需现场勘查\",\"due\":\"2026-12-30\","
	    "\"reply_due\":\"2026-12-30\"}");
	/* Once. */
	CHECK(STEP(a, .action = XF_ACT_EXTEND, .at = "2026-11-30 17:00",
	    .days = 30, .reason = "需现场勘查") == XF_ALREADY);
	CHECK(STEP(a, .action = XF_ACT_EXTEND, .at = "2026-12-01",
	    .days = 10, .reason = "需现场勘查") == XF_REFUSED);
	CHECK_STR(msg, "cannot extend: extended once already (one extension "
	    "is allowed)");
	CHECK(STEP(a, .action = XF_ACT_EXTEND, .at = "2026-12-01",
	    .days = 30, .reason = "另有原因") == XF_REFUSED);
	CHECK_STR(F(l, a, XF_F_DUE), "2026-12-30");
	/* Re-assigned, it stays extended. */
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-12-02",
	    .unit = "区城管局") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_STATUS), "extended");
	CHECK_STR(F(l, a, XF_F_UNIT), "区城管局");
	CHECK_STR(F(l, a, XF_F_DUE), "2026-12-30");
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-12-02",
	    .unit = "区城管局") == XF_ALREADY);

	/* Not after the deadline passed. */
	b = assigned(l, "2026-09-28", "2026-10-01 10:00");
	CHECK(STEP(b, .action = XF_ACT_EXTEND, .at = "2026-12-01 08:00",
	    .days = 1, .reason = "需现场勘查") == XF_REFUSED);
	CHECK_STR(msg, "cannot extend: the deadline passed on 2026-11-30");
	/* One day. */
	CHECK(STEP(b, .action = XF_ACT_EXTEND, .at = "2026-11-30",
	    .days = 1, .reason = "需现场勘查") == XF_APPLIED);
	CHECK_STR(F(l, b, XF_F_DUE), "2026-12-01");
	CHECK_STR(F(l, b, XF_F_DUE_DAYS), "61");
	/* Across a month end. */
	c = assigned(l, "2026-09-28", "2026-10-01 10:00");
	CHECK(STEP(c, .action = XF_ACT_EXTEND, .at = "2026-11-15",
	    .days = 15, .reason = "需现场勘查") == XF_APPLIED);
	CHECK_STR(F(l, c, XF_F_DUE), "2026-12-15");
	/* An answered case is not extended. */
	CHECK(STEP(c, .action = XF_ACT_REPLY, .at = "2026-12-10",
	    .result = "supported") == XF_APPLIED);
	CHECK(STEP(c, .action = XF_ACT_EXTEND, .at = "2026-12-11",
	    .days = 5, .reason = "x") == XF_REFUSED);
	ledger_done(l);
}

static void
test_escalate(void)
{
	static const char *const ladder[] = {
		"village", "village-again", "township", "county", "court"
	};
	xf_ledger	*l = ledger("escalate.db");
	const char	*a, *b;
	char		 at[32];
	size_t		 i;

	if (l == NULL)
		return;
	now("2026-12-15 09:00");
	a = add(l, "2026-10-01", NULL);
	CHECK(STEP(a, .action = XF_ACT_ESCALATE, .at = "2026-10-02") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot escalate: the case is registered");
	CHECK(STEP(a, .action = XF_ACT_ACCEPT, .at = "2026-10-02") ==
	    XF_APPLIED);
	CHECK(F(l, a, XF_F_RUNG) == NULL);
	/* Up the ladder, a rung a step. */
	for (i = 0; i < sizeof(ladder) / sizeof(ladder[0]); i++) {
		snprintf(at, sizeof(at), "2026-10-%02d 10:00", (int)i + 3);
		CHECK(STEP(a, .action = XF_ACT_ESCALATE, .at = at) ==
		    XF_APPLIED);
		CHECK_STR(F(l, a, XF_F_RUNG), ladder[i]);
		CHECK_STR(xf_record_get(got, XF_F_RUNG), ladder[i]);
	}
	CHECK_STR(last_details(a), "{\"rung\":\"court\"}");
	CHECK(STEP(a, .action = XF_ACT_ESCALATE, .at = "2026-10-20") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot escalate: at the top of the mediation ladder "
	    "(court)");
	CHECK(events(a) == 7);

	/*
	 * An escalation that names its rung is applied once; one that
	 * does not climbs a rung each time.
	 */
	b = assigned(l, "2026-10-01", "2026-10-02");
	CHECK(STEP(b, .action = XF_ACT_ESCALATE, .at = "2026-10-05 10:00",
	    .result = "village") == XF_APPLIED);
	CHECK_STR(F(l, b, XF_F_RUNG), "village");
	CHECK(STEP(b, .action = XF_ACT_ESCALATE, .at = "2026-10-05 10:00",
	    .result = "村级调解") == XF_ALREADY);
	CHECK_STR(F(l, b, XF_F_RUNG), "village");
	CHECK(STEP(b, .action = XF_ACT_ESCALATE, .at = "2026-10-05 10:00",
	    .result = "village") == XF_ALREADY);
	CHECK(STEP(b, .action = XF_ACT_ESCALATE, .at = "2026-10-05 10:00",
	    .result = "county") == XF_APPLIED);
	CHECK_STR(F(l, b, XF_F_RUNG), "county");
	CHECK(STEP(b, .action = XF_ACT_ESCALATE, .at = "2026-10-05 10:00",
	    .result = "township") == XF_REFUSED);
	CHECK(STEP(b, .action = XF_ACT_ESCALATE, .at = "2026-10-05 10:00",
	    .result = "moon") == XF_REFUSED);
	CHECK(STEP(b, .action = XF_ACT_ESCALATE, .at = "2026-10-05 10:00") ==
	    XF_APPLIED);
	CHECK_STR(F(l, b, XF_F_RUNG), "court");
	/* Not once answered. */
	CHECK(STEP(b, .action = XF_ACT_REPLY, .at = "2026-10-10",
	    .result = "explained") == XF_APPLIED);
	CHECK(STEP(b, .action = XF_ACT_ESCALATE, .at = "2026-10-11") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot escalate: the case is replied");
	ledger_done(l);
}

static void
test_reply(void)
{
	xf_ledger	*l = ledger("reply.db");
	const char	*a, *b, *c, *d, *e;
	char		 stored[8192], back[8192];

	if (l == NULL)
		return;
	now("2026-12-15 09:00");
	a = add(l, "2026-09-28", NULL);
	CHECK(STEP(a, .action = XF_ACT_REPLY, .at = "2026-10-02",
	    .result = "supported") == XF_REFUSED);
	CHECK_STR(msg, "cannot reply: not accepted yet");
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-10-01 10:00",
	    .unit = "区住建局") == XF_APPLIED);
	CHECK(STEP(a, .action = XF_ACT_REPLY, .at = "2026-11-01") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot reply: no answer (supported, explained, "
	    "not-supported)");
	CHECK(STEP(a, .action = XF_ACT_REPLY, .at = "2026-11-01",
	    .result = "agreed") == XF_REFUSED);
	CHECK_STR(msg, "cannot reply: no answer (supported, explained, "
	    "not-supported)");
	CHECK(STEP(a, .action = XF_ACT_REPLY, .at = "2026-09-30",
	    .result = "supported") == XF_REFUSED);
	CHECK_STR(msg, "cannot reply: 2026-09-30T00:00:00+08:00 is before the "
	    "acceptance");

	/* On the due day: on time.  In Chinese. */
	CHECK(STEP(a, .action = XF_ACT_REPLY, .at = "2026-11-30 18:00",
	    .result = "予以支持") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_STATUS), "replied");
	CHECK_STR(F(l, a, XF_F_REPLIED_AT), "2026-11-30T18:00:00+08:00");
	CHECK_STR(F(l, a, XF_F_REPLY), "supported");
	CHECK_STR(F(l, a, XF_F_REPLY_ON_TIME), "1");
	/* The clock stops; the evaluation window opens. */
	CHECK(F(l, a, XF_F_DUE) == NULL);
	CHECK(F(l, a, XF_F_DUE_DAYS) == NULL);
	CHECK(F(l, a, XF_F_DUE_STATE) == NULL);
	CHECK_STR(F(l, a, XF_F_EVALUATION), "pending");
	CHECK_STR(xf_record_get(got, XF_F_STATUS), "replied");
	CHECK_STR(xf_record_get(got, XF_F_EVALUATION), "pending");
	/*
	 * The case the step hands back is the case as stored: no due_state
	 * left from before the step, no due or due_days emptied.
	 */
	CHECK(xf_record_get(got, XF_F_DUE_STATE) == NULL);
	text_of(got, back, sizeof(back));
	CHECK_STR(back, snapshot(l, a, stored, sizeof(stored)));

	/* Twice: the same answer, in any of its words. */
	CHECK(STEP(a, .action = XF_ACT_REPLY, .at = "2026-11-30 18:00",
	    .result = "supported") == XF_ALREADY);
	CHECK(STEP(a, .action = XF_ACT_REPLY, .at = "2026-12-01",
	    .result = "支持") == XF_ALREADY);
	CHECK(STEP(a, .action = XF_ACT_REPLY, .at = "2026-12-01",
	    .result = "explained") == XF_REFUSED);
	CHECK_STR(msg, "cannot reply: replied already (supported)");

	/* The day after the due day: late. */
	b = assigned(l, "2026-09-28", "2026-10-01 10:00");
	CHECK(STEP(b, .action = XF_ACT_REPLY, .at = "2026-12-01 08:00",
	    .result = "解释说明") == XF_APPLIED);
	CHECK_STR(F(l, b, XF_F_REPLY), "explained");
	CHECK_STR(F(l, b, XF_F_REPLY_ON_TIME), "0");

	/* An accepted case may be answered without a unit. */
	c = add(l, "2026-09-28", NULL);
	CHECK(STEP(c, .action = XF_ACT_ACCEPT, .at = "2026-10-01 10:00") ==
	    XF_APPLIED);
	CHECK(STEP(c, .action = XF_ACT_REPLY, .at = "2026-10-01 09:00",
	    .result = "不予支持") == XF_APPLIED);
	CHECK_STR(F(l, c, XF_F_REPLY), "not-supported");
	CHECK_STR(F(l, c, XF_F_REPLY_ON_TIME), "1");

	/* Extended: on time up to the new due day, late after it. */
	d = assigned(l, "2026-09-28", "2026-10-01 10:00");
	CHECK(STEP(d, .action = XF_ACT_EXTEND, .at = "2026-11-20",
	    .days = 10, .reason = "需鉴定") == XF_APPLIED);
	CHECK(STEP(d, .action = XF_ACT_REPLY, .at = "2026-12-10 23:59",
	    .result = "not-supported") == XF_APPLIED);
	CHECK_STR(F(l, d, XF_F_REPLY_ON_TIME), "1");
	e = assigned(l, "2026-09-28", "2026-10-01 10:00");
	CHECK(STEP(e, .action = XF_ACT_EXTEND, .at = "2026-11-20",
	    .days = 10, .reason = "需鉴定") == XF_APPLIED);
	CHECK(STEP(e, .action = XF_ACT_REPLY, .at = "2026-12-11",
	    .result = "not-supported") == XF_APPLIED);
	CHECK_STR(F(l, e, XF_F_REPLY_ON_TIME), "0");

	/* A transferred case is answered by the body it went to. */
	e = add(l, "2026-09-28", NULL);
	CHECK(STEP(e, .action = XF_ACT_TRANSFER, .at = "2026-10-01",
	    .unit = "市人社局") == XF_APPLIED);
	CHECK(STEP(e, .action = XF_ACT_REPLY, .at = "2026-10-02",
	    .result = "supported") == XF_REFUSED);
	CHECK_STR(msg, "cannot reply: the case is transferred");
	ledger_done(l);
}

/* Review, re-review, hearing, and three-tier finality. */
static void
test_review(void)
{
	xf_ledger	*l = ledger("review.db");
	const char	*a, *b;

	if (l == NULL)
		return;
	now("2027-06-01 09:00");
	a = replied(l, "2026-09-28", "2026-10-01 10:00", "not-supported",
	    "2026-11-01 10:00");
	/* Each decision needs its request first. */
	CHECK(STEP(a, .action = XF_ACT_REVIEW_REPLY, .at = "2026-11-05",
	    .result = "supported") == XF_REFUSED);
	CHECK_STR(msg, "cannot answer the review: the case is replied");
	CHECK(STEP(a, .action = XF_ACT_REREVIEW, .at = "2026-11-05") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot re-review: the case is replied");
	CHECK(STEP(a, .action = XF_ACT_HEARING, .at = "2026-11-05",
	    .days = 5) == XF_REFUSED);
	CHECK_STR(msg, "cannot record a hearing: the case is replied");
	CHECK(STEP(a, .action = XF_ACT_REREVIEW_REPLY, .at = "2026-11-05",
	    .result = "supported") == XF_REFUSED);
	CHECK_STR(msg, "cannot answer the re-review: the case is replied");

	/* A review: within 30 days of the reply. */
	CHECK(STEP(a, .action = XF_ACT_REVIEW, .at = "2026-10-31") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot review: 2026-10-31T00:00:00+08:00 is before "
	    "the answer it contests");
	CHECK(STEP(a, .action = XF_ACT_REVIEW, .at = "2026-12-02 09:00") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot review: the answer of 2026-11-01T10:00:00+08:00"
	    " is more than 30 days old");
	CHECK(STEP(a, .action = XF_ACT_REVIEW, .at = "2026-12-01 16:00") ==
	    XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_STATUS), "review");
	CHECK_STR(F(l, a, XF_F_REVIEW_AT), "2026-12-01T16:00:00+08:00");
	/* The decision is due 30 days later. */
	CHECK_STR(F(l, a, XF_F_DUE), "2026-12-31");
	CHECK_STR(F(l, a, XF_F_DUE_DAYS), "30");
	CHECK(STEP(a, .action = XF_ACT_REVIEW, .at = "2026-12-01 16:00") ==
	    XF_ALREADY);
	CHECK(STEP(a, .action = XF_ACT_REREVIEW, .at = "2026-12-02") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot re-review: the case is review");

	/* Its decision. */
	CHECK(STEP(a, .action = XF_ACT_REVIEW_REPLY, .at = "2026-12-20") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot answer the review: no answer (supported, explained, "
	    "not-supported)");
	CHECK(STEP(a, .action = XF_ACT_REVIEW_REPLY, .at = "2026-12-20",
	    .result = "解释说明") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_STATUS), "reviewed");
	CHECK_STR(F(l, a, XF_F_REVIEWED_AT), "2026-12-20T00:00:00+08:00");
	CHECK_STR(F(l, a, XF_F_REVIEW_RESULT), "explained");
	CHECK(F(l, a, XF_F_DUE) == NULL);
	/* The reply stays as it was. */
	CHECK_STR(F(l, a, XF_F_REPLY), "not-supported");
	CHECK(STEP(a, .action = XF_ACT_REVIEW_REPLY, .at = "2026-12-20",
	    .result = "explained") == XF_ALREADY);
	CHECK(STEP(a, .action = XF_ACT_REVIEW_REPLY, .at = "2026-12-21",
	    .result = "supported") == XF_REFUSED);
	CHECK_STR(msg, "cannot answer the review: answered already (explained)");
	CHECK(STEP(a, .action = XF_ACT_REVIEW, .at = "2026-12-21") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot review: reviewed already: ask for a "
	    "re-review");

	/* A re-review: within 30 days of the review's decision. */
	CHECK(STEP(a, .action = XF_ACT_REREVIEW, .at = "2027-01-20") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot re-review: the answer of "
	    "2026-12-20T00:00:00+08:00 is more than 30 days old");
	CHECK(STEP(a, .action = XF_ACT_REREVIEW, .at = "2027-01-19 17:00") ==
	    XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_STATUS), "re-review");
	CHECK_STR(F(l, a, XF_F_REREVIEW_AT), "2027-01-19T17:00:00+08:00");
	CHECK_STR(F(l, a, XF_F_DUE), "2027-02-18");
	CHECK_STR(F(l, a, XF_F_DUE_DAYS), "30");
	CHECK(STEP(a, .action = XF_ACT_REREVIEW, .at = "2027-01-19 17:00") ==
	    XF_ALREADY);

	/* A hearing pauses the clock: the decision moves by its days. */
	CHECK(STEP(a, .action = XF_ACT_HEARING, .at = "2027-01-25") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot record a hearing: no days of hearing");
	CHECK(STEP(a, .action = XF_ACT_HEARING, .at = "2027-01-25",
	    .days = 10) == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_STATUS), "re-review");
	CHECK_STR(F(l, a, XF_F_HEARING_DAYS), "10");
	CHECK_STR(F(l, a, XF_F_DUE), "2027-02-28");
	CHECK_STR(F(l, a, XF_F_DUE_DAYS), "40");
	CHECK(STEP(a, .action = XF_ACT_HEARING, .at = "2027-01-25",
	    .days = 10) == XF_ALREADY);

	/* The re-review's decision: final (三级终结). */
	CHECK(STEP(a, .action = XF_ACT_REREVIEW_REPLY, .at = "2027-02-25",
	    .result = "不予支持") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_STATUS), "final");
	CHECK_STR(F(l, a, XF_F_REREVIEWED_AT), "2027-02-25T00:00:00+08:00");
	CHECK_STR(F(l, a, XF_F_REREVIEW_RESULT), "not-supported");
	CHECK(F(l, a, XF_F_DUE) == NULL);
	CHECK(F(l, a, XF_F_DUE_STATE) == NULL);
	CHECK(STEP(a, .action = XF_ACT_REREVIEW_REPLY, .at = "2027-02-25",
	    .result = "not-supported") == XF_ALREADY);
	/* The same matter is not accepted again. */
	CHECK(STEP(a, .action = XF_ACT_REVIEW, .at = "2027-02-26") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot review: three-tier finality (三级终结): the same"
	    " matter is not accepted again");
	CHECK(STEP(a, .action = XF_ACT_REREVIEW, .at = "2027-02-26") ==
	    XF_REFUSED);
	CHECK(strstr(msg, "三级终结") != NULL);
	CHECK(STEP(a, .action = XF_ACT_HEARING, .at = "2027-02-26",
	    .days = 3) == XF_REFUSED);
	CHECK_STR(actions(a), "register accept assign reply review "
	    "review-reply re-review hearing re-review-reply");

	/* On the 30th day still in time; the window counts days. */
	b = replied(l, "2026-09-28", "2026-10-01", "explained",
	    "2026-11-01 23:00");
	CHECK(STEP(b, .action = XF_ACT_REVIEW, .at = "2026-12-01 23:59") ==
	    XF_APPLIED);
	CHECK(STEP(b, .action = XF_ACT_REVIEW_REPLY, .at = "2026-12-05 10:00",
	    .result = "supported") == XF_APPLIED);
	CHECK(STEP(b, .action = XF_ACT_REREVIEW, .at = "2027-01-04 08:00") ==
	    XF_APPLIED);
	CHECK_STR(F(l, b, XF_F_DUE), "2027-02-03");
	ledger_done(l);
}

static void
test_close(void)
{
	xf_ledger	*l = ledger("close.db");
	const char	*r, *t, *f, *a, *c, *s;

	if (l == NULL)
		return;
	now("2027-06-01 09:00");
	r = add(l, "2026-09-28", NULL);
	CHECK(STEP(r, .action = XF_ACT_CLOSE, .at = "2026-10-02") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot close: no basis (agreement, final, "
	    "reconsideration, litigation, lawful-handling, supported-done, "
	    "unchallenged)");
	CHECK(STEP(r, .action = XF_ACT_CLOSE, .at = "2026-10-02",
	    .result = "withdrawn") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: no basis (agreement, final, "
	    "reconsideration, litigation, lawful-handling, supported-done, "
	    "unchallenged)");
	/* A registered case: only the ways out of the petition system. */
	CHECK(STEP(r, .action = XF_ACT_CLOSE, .at = "2026-10-02",
	    .result = "agreement") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: not accepted");
	CHECK(STEP(r, .action = XF_ACT_CLOSE, .at = "2026-10-02",
	    .result = "reconsideration") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: not accepted");
	CHECK(STEP(r, .action = XF_ACT_CLOSE, .at = "2026-10-02",
	    .result = "supported-done") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: no reply yet");
	CHECK(STEP(r, .action = XF_ACT_CLOSE, .at = "2026-10-02",
	    .result = "unchallenged") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: no reply yet");
	CHECK(STEP(r, .action = XF_ACT_CLOSE, .at = "2026-10-02",
	    .result = "final") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: no re-review decided yet");
	CHECK(STEP(r, .action = XF_ACT_CLOSE, .at = "2026-10-02 10:00",
	    .result = "进入法律途径") == XF_APPLIED);
	CHECK_STR(F(l, r, XF_F_STATUS), "closed");
	CHECK_STR(F(l, r, XF_F_CLOSE_BASIS), "litigation");
	CHECK_STR(F(l, r, XF_F_CLOSED_AT), "2026-10-02T10:00:00+08:00");
	CHECK(F(l, r, XF_F_DUE) == NULL);
	CHECK(F(l, r, XF_F_DUE_STATE) == NULL);
	CHECK(STEP(r, .action = XF_ACT_CLOSE, .at = "2026-10-02 10:00",
	    .result = "litigation") == XF_ALREADY);
	CHECK(STEP(r, .action = XF_ACT_CLOSE, .at = "2026-10-03",
	    .result = "agreement") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: closed already (litigation)");
	r = add(l, "2026-09-28", NULL);
	CHECK(STEP(r, .action = XF_ACT_CLOSE, .at = "2026-10-02",
	    .result = "依法处理") == XF_APPLIED);
	CHECK_STR(F(l, r, XF_F_CLOSE_BASIS), "lawful-handling");

	/* Transferred or refused: not ours to close. */
	t = add(l, "2026-09-28", NULL);
	CHECK(STEP(t, .action = XF_ACT_TRANSFER, .at = "2026-10-02",
	    .unit = "市人社局") == XF_APPLIED);
	CHECK(STEP(t, .action = XF_ACT_CLOSE, .at = "2026-10-03",
	    .result = "lawful-handling") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: the case is transferred");
	f = add(l, "2026-09-28", NULL);
	CHECK(STEP(f, .action = XF_ACT_REFUSE, .at = "2026-10-02",
	    .reason = "向人民法院提起诉讼") == XF_APPLIED);
	CHECK(STEP(f, .action = XF_ACT_CLOSE, .at = "2026-10-03",
	    .result = "litigation") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: the case is refused");

	/* Being handled: an agreement or reconsideration, not the rest. */
	a = assigned(l, "2026-09-28", "2026-10-01");
	CHECK(STEP(a, .action = XF_ACT_CLOSE, .at = "2026-10-05",
	    .result = "supported-done") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: no reply yet");
	CHECK(STEP(a, .action = XF_ACT_CLOSE, .at = "2026-10-05",
	    .result = "unchallenged") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: no reply yet");
	CHECK(STEP(a, .action = XF_ACT_CLOSE, .at = "2026-10-05",
	    .result = "final") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: no re-review decided yet");
	CHECK(STEP(a, .action = XF_ACT_CLOSE, .at = "2026-10-05",
	    .result = "息诉息访协议书") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_CLOSE_BASIS), "agreement");
	CHECK_STR(last_details(a), "{\"closed_at\":"
	    "\"2026-10-05T00:00:00+08:00\",\"close_basis\":\"agreement\","
	    "\"due\":\"\"}");
	a = add(l, "2026-09-28", NULL);
	CHECK(STEP(a, .action = XF_ACT_ACCEPT, .at = "2026-10-01") ==
	    XF_APPLIED);
	CHECK(STEP(a, .action = XF_ACT_CLOSE, .at = "2026-10-05",
	    .result = "行政复议") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_CLOSE_BASIS), "reconsideration");

	/* Supported and carried out: the last decision counts. */
	s = replied(l, "2026-09-28", "2026-10-01", "supported", "2026-10-20");
	CHECK(STEP(s, .action = XF_ACT_CLOSE, .at = "2026-10-25",
	    .result = "支持事项已落实") == XF_APPLIED);
	CHECK_STR(F(l, s, XF_F_CLOSE_BASIS), "supported-done");
	s = replied(l, "2026-09-28", "2026-10-01", "explained", "2026-10-20");
	CHECK(STEP(s, .action = XF_ACT_CLOSE, .at = "2026-10-25",
	    .result = "supported-done") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: the request was not supported");
	CHECK(STEP(s, .action = XF_ACT_REVIEW, .at = "2026-10-26") ==
	    XF_APPLIED);
	/* Under review the case has a reply, not yet the last word. */
	CHECK(STEP(s, .action = XF_ACT_CLOSE, .at = "2026-10-27",
	    .result = "supported-done") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: the case is under review");
	CHECK(STEP(s, .action = XF_ACT_REVIEW_REPLY, .at = "2026-11-10",
	    .result = "supported") == XF_APPLIED);
	CHECK(STEP(s, .action = XF_ACT_CLOSE, .at = "2026-11-20",
	    .result = "supported-done") == XF_APPLIED);
	s = replied(l, "2026-09-28", "2026-10-01", "supported", "2026-10-20");
	CHECK(STEP(s, .action = XF_ACT_REVIEW, .at = "2026-10-26") ==
	    XF_APPLIED);
	CHECK(STEP(s, .action = XF_ACT_REVIEW_REPLY, .at = "2026-11-10",
	    .result = "not-supported") == XF_APPLIED);
	CHECK(STEP(s, .action = XF_ACT_CLOSE, .at = "2026-11-20",
	    .result = "supported-done") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: the request was not supported");

	/* Unchallenged: once the review window has passed. */
	now("2027-05-01 09:00");
	c = replied(l, "2027-03-20", "2027-03-21", "explained",
	    "2027-04-01 10:00");
	CHECK(STEP(c, .action = XF_ACT_CLOSE, .result = "unchallenged") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot close: the review window is still open");
	now("2027-05-02 09:00");
	CHECK(STEP(c, .action = XF_ACT_CLOSE, .result = "期满未申请复查") ==
	    XF_APPLIED);
	CHECK_STR(F(l, c, XF_F_CLOSE_BASIS), "unchallenged");
	CHECK_STR(F(l, c, XF_F_CLOSED_AT), "2027-05-02T09:00:00+08:00");
	/*
	 * Reviewed: the window for a re-review runs from the review's
	 * decision.
	 */
	now("2027-04-19 09:00");
	c = replied(l, "2027-02-20", "2027-02-21", "explained",
	    "2027-03-01 10:00");
	CHECK(STEP(c, .action = XF_ACT_REVIEW, .at = "2027-03-05") ==
	    XF_APPLIED);
	/* Under review: no closure for want of a challenge. */
	CHECK(STEP(c, .action = XF_ACT_CLOSE, .result = "unchallenged") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot close: the case is under review");
	CHECK(STEP(c, .action = XF_ACT_REVIEW_REPLY, .at = "2027-03-20 10:00",
	    .result = "explained") == XF_APPLIED);
	CHECK(STEP(c, .action = XF_ACT_CLOSE, .result = "unchallenged") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot close: the review window is still open");
	now("2027-04-20 09:00");
	CHECK(STEP(c, .action = XF_ACT_CLOSE, .result = "unchallenged") ==
	    XF_APPLIED);
	CHECK_STR(F(l, c, XF_F_CLOSE_BASIS), "unchallenged");
	/*
	 * Dated on a day the window was still open, entered later: refused.
	 * The window is measured to the day of the closure, not to today.
	 */
	now("2027-06-01 09:00");
	c = replied(l, "2027-03-20", "2027-03-21", "explained",
	    "2027-04-01 10:00");
	CHECK(STEP(c, .action = XF_ACT_CLOSE, .at = "2027-04-15",
	    .result = "unchallenged") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: the review window is still open");

	/* Final: only after the re-review's decision. */
	s = replied(l, "2026-09-28", "2026-10-01", "not-supported",
	    "2026-10-20");
	CHECK(STEP(s, .action = XF_ACT_REVIEW, .at = "2026-10-26") ==
	    XF_APPLIED);
	CHECK(STEP(s, .action = XF_ACT_REVIEW_REPLY, .at = "2026-11-10",
	    .result = "not-supported") == XF_APPLIED);
	CHECK(STEP(s, .action = XF_ACT_CLOSE, .at = "2026-11-20",
	    .result = "final") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: no re-review decided yet");
	CHECK(STEP(s, .action = XF_ACT_REREVIEW, .at = "2026-11-20") ==
	    XF_APPLIED);
	CHECK(STEP(s, .action = XF_ACT_CLOSE, .at = "2026-11-25",
	    .result = "final") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: no re-review decided yet");
	CHECK(STEP(s, .action = XF_ACT_REREVIEW_REPLY, .at = "2026-12-10",
	    .result = "supported") == XF_APPLIED);
	/* Decided by the re-review: final, not unchallenged. */
	CHECK(STEP(s, .action = XF_ACT_CLOSE, .at = "2027-05-10",
	    .result = "unchallenged") == XF_REFUSED);
	CHECK_STR(msg, "cannot close: the re-review decided it: close it as "
	    "final");
	CHECK(STEP(s, .action = XF_ACT_CLOSE, .at = "2026-12-11",
	    .result = "三级终结") == XF_APPLIED);
	CHECK_STR(F(l, s, XF_F_STATUS), "closed");
	CHECK_STR(F(l, s, XF_F_CLOSE_BASIS), "final");
	CHECK(STEP(s, .action = XF_ACT_CLOSE, .at = "2026-12-11",
	    .result = "final") == XF_ALREADY);
	/* Closed as final, it is never handled again. */
	CHECK(STEP(s, .action = XF_ACT_REOPEN, .at = "2027-01-05",
	    .reason = "信访人再次来访") == XF_REFUSED);
	CHECK_STR(msg, "cannot reopen: three-tier finality (三级终结): the "
	    "same matter is not handled again");
	CHECK(STEP(s, .action = XF_ACT_REVIEW, .at = "2026-12-20") ==
	    XF_REFUSED);
	/* Supported at last by the re-review: carried out, closed so. */
	s = replied(l, "2026-09-28", "2026-10-01", "not-supported",
	    "2026-10-20");
	CHECK(STEP(s, .action = XF_ACT_REVIEW, .at = "2026-10-26") ==
	    XF_APPLIED);
	CHECK(STEP(s, .action = XF_ACT_REVIEW_REPLY, .at = "2026-11-10",
	    .result = "not-supported") == XF_APPLIED);
	CHECK(STEP(s, .action = XF_ACT_REREVIEW, .at = "2026-11-20") ==
	    XF_APPLIED);
	CHECK(STEP(s, .action = XF_ACT_REREVIEW_REPLY, .at = "2026-12-10",
	    .result = "supported") == XF_APPLIED);
	CHECK(STEP(s, .action = XF_ACT_CLOSE, .at = "2026-12-20",
	    .result = "supported-done") == XF_APPLIED);
	ledger_done(l);
}

static void
test_reopen(void)
{
	xf_ledger	*l = ledger("reopen.db");
	const char	*a;
	char		 want[256];

	if (l == NULL)
		return;
	now("2027-06-01 09:00");
	a = assigned(l, "2026-09-28", "2026-10-01");
	CHECK(STEP(a, .action = XF_ACT_REOPEN, .at = "2026-10-05",
	    .reason = "协议未履行") == XF_REFUSED);
	CHECK_STR(msg, "cannot reopen: the case is assigned");
	CHECK(STEP(a, .action = XF_ACT_CLOSE, .at = "2026-10-05",
	    .result = "agreement") == XF_APPLIED);
	CHECK(STEP(a, .action = XF_ACT_REOPEN, .at = "2026-11-05") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot reopen: no reason");
	CHECK(STEP(a, .action = XF_ACT_REOPEN, .at = "2026-11-05",
	    .reason = "协议未履行") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_STATUS), "reopened");
	CHECK(F(l, a, XF_F_CLOSED_AT) == NULL);
	CHECK(F(l, a, XF_F_CLOSE_BASIS) == NULL);
	/* Who handles it and since when stay; the rest is done anew. */
	CHECK_STR(F(l, a, XF_F_UNIT), "区住建局");
	CHECK_STR(F(l, a, XF_F_HANDLER), "王科长");
	CHECK_STR(F(l, a, XF_F_ACCEPTED_AT), "2026-10-01T00:00:00+08:00");
	CHECK(strstr(last_details(a), "\"reason\":\"协议未履行\"") != NULL);
	CHECK(STEP(a, .action = XF_ACT_REOPEN, .at = "2026-11-05",
	    .reason = "协议未履行") == XF_ALREADY);
	/* Handled anew: a new deadline from the new assignment. */
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-11-06",
	    .unit = "区城管局") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_STATUS), "assigned");
	CHECK_STR(F(l, a, XF_F_DUE), "2027-01-05");
	CHECK_STR(F(l, a, XF_F_DUE_DAYS), "60");
	CHECK(STEP(a, .action = XF_ACT_REPLY, .at = "2026-12-01",
	    .result = "supported") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_REPLIED_AT), "2026-12-01T00:00:00+08:00");
	CHECK(STEP(a, .action = XF_ACT_CLOSE, .at = "2026-12-10",
	    .result = "supported-done") == XF_APPLIED);
	CHECK_STR(actions(a), "register accept assign close reopen assign "
	    "reply close");

	/*
	 * A case reviewed, closed, reopened and answered anew may be
	 * reviewed anew: the first review's decision does not answer the
	 * second.
	 */
	a = replied(l, "2026-09-28", "2026-10-01", "explained", "2026-10-20");
	CHECK(STEP(a, .action = XF_ACT_REVIEW, .at = "2026-10-25") ==
	    XF_APPLIED);
	CHECK(STEP(a, .action = XF_ACT_REVIEW_REPLY, .at = "2026-11-10",
	    .result = "explained") == XF_APPLIED);
	CHECK(STEP(a, .action = XF_ACT_EXTEND, .at = "2026-11-10",
	    .days = 5, .reason = "x") == XF_REFUSED);
	CHECK(VISIT(a, .kind = "phone", .at = "2026-11-12",
	    .outcome = "unsatisfied") == XF_APPLIED);
	CHECK(STEP(a, .action = XF_ACT_CLOSE, .at = "2026-11-20",
	    .result = "agreement") == XF_APPLIED);
	CHECK(STEP(a, .action = XF_ACT_REOPEN, .at = "2027-01-05",
	    .reason = "协议未履行") == XF_APPLIED);
	/* The earlier handling is in the events, no more on the case. */
	CHECK(F(l, a, XF_F_REPLIED_AT) == NULL);
	CHECK(F(l, a, XF_F_REPLY) == NULL);
	CHECK(F(l, a, XF_F_REPLY_ON_TIME) == NULL);
	CHECK(F(l, a, XF_F_REVIEW_AT) == NULL);
	CHECK(F(l, a, XF_F_REVIEWED_AT) == NULL);
	CHECK(F(l, a, XF_F_REVIEW_RESULT) == NULL);
	CHECK(F(l, a, XF_F_SATISFACTION) == NULL);
	CHECK(F(l, a, XF_F_EVALUATION) == NULL);
	CHECK_STR(actions(a), "register accept assign reply review "
	    "review-reply visit close reopen");
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2027-01-06",
	    .unit = "区住建局") == XF_APPLIED);
	CHECK(STEP(a, .action = XF_ACT_REPLY, .at = "2027-02-01 10:00",
	    .result = "explained") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_REPLIED_AT), "2027-02-01T10:00:00+08:00");
	/*
	 * The new reply is owed its returning visit.  LIB BUG (see the
	 * report): the visit of the earlier handling counts for it.
	 */
	now("2027-02-08 09:00");
	CHECK_STR(F(l, a, XF_F_EVALUATION), "pending");
	snprintf(want, sizeof(want), "%s visit 2027-02-08", a);
	if (strstr(owed(l), want) == NULL)
		printf("owed: '%s', want '%s' in it\n", owed(l), want);
	CHECK(strstr(owed(l), want) != NULL);
	/*
	 * Nobody reached: the new reply has no evaluation yet.  LIB BUG
	 * (see the report): the evaluation of the earlier handling's
	 * visit comes back.
	 */
	CHECK(VISIT(a, .kind = "phone", .at = "2027-02-08 08:00",
	    .outcome = "unreachable") == XF_APPLIED);
	CHECK(F(l, a, XF_F_SATISFACTION) == NULL);
	CHECK_STR(F(l, a, XF_F_EVALUATION), "pending");
	now("2027-06-01 09:00");
	CHECK(STEP(a, .action = XF_ACT_REVIEW, .at = "2027-02-10") ==
	    XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_REVIEW_AT), "2027-02-10T00:00:00+08:00");
	CHECK(STEP(a, .action = XF_ACT_REVIEW_REPLY, .at = "2027-03-01",
	    .result = "explained") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_STATUS), "reviewed");
	CHECK_STR(F(l, a, XF_F_REVIEWED_AT), "2027-03-01T00:00:00+08:00");
	ledger_done(l);
}

/* Steps in the future, on no case, at no date; what a refusal leaves. */
static void
test_refusals(void)
{
	xf_ledger	*l = ledger("refusals.db");
	const char	*a;
	char		 before[8192], after[8192];

	if (l == NULL)
		return;
	now("2026-10-01 09:00");
	a = add(l, "2026-09-25", NULL);
	CHECK(STEP(a, .action = XF_ACT_ACCEPT, .at = "2026-10-02 08:00") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot accept: 2026-10-02T08:00:00+08:00 is in the "
	    "future");
	CHECK(STEP(a, .action = XF_ACT_ACCEPT, .at = "2027-01-01") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot accept: 2027-01-01T00:00:00+08:00 is in the "
	    "future");
	/* The case as it stands comes back with the refusal. */
	CHECK_STR(xf_record_get(got, XF_F_ID), a);
	CHECK_STR(xf_record_get(got, XF_F_STATUS), "registered");
	CHECK(STEP(a, .action = XF_ACT_ACCEPT, .at = "昨天") == XF_REFUSED);
	CHECK(strncmp(msg, "date '昨天': ", strlen("date '昨天': ")) == 0);
	CHECK(STEP(a, .action = XF_ACT_ACCEPT, .at = "2026-02-30") ==
	    XF_REFUSED);
	CHECK(strncmp(msg, "date '2026-02-30': ",
	    strlen("date '2026-02-30': ")) == 0);

	/* No such case. */
	CHECK(STEP("20260101-9999", .action = XF_ACT_ACCEPT,
	    .at = "2026-09-30") == XF_REFUSED);
	CHECK_STR(msg, "no item '20260101-9999' in the ledger");
	CHECK(STEP("20260101-9999", .action = XF_ACT_CLOSE,
	    .result = "litigation") == XF_REFUSED);
	CHECK_STR(msg, "no item '20260101-9999' in the ledger");
	CHECK(events("20260101-9999") == 0);
	CHECK(items(NULL) == 1);

	/* A step refused in a batch leaves the batch usable. */
	CHECK(STEP(a, .action = XF_ACT_ACCEPT, .at = "2026-10-01 08:00") ==
	    XF_APPLIED);
	/* Every kind of refusal leaves the case as it was. */
	snapshot(l, a, before, sizeof(before));
	CHECK(STEP(a, .action = XF_ACT_EXTEND, .at = "2026-10-01",
	    .days = 5, .reason = "x") == XF_REFUSED);
	CHECK(STEP(a, .action = XF_ACT_REVIEW, .at = "2026-10-01") ==
	    XF_REFUSED);
	CHECK(STEP(a, .action = XF_ACT_CLOSE, .at = "2026-10-01",
	    .result = "final") == XF_REFUSED);
	CHECK(STEP(a, .action = XF_ACT_REOPEN, .at = "2026-10-01",
	    .reason = "x") == XF_REFUSED);
	CHECK(STEP(a, .action = XF_ACT_TRANSFER, .at = "2026-10-01") ==
	    XF_REFUSED);
	CHECK_STR(snapshot(l, a, after, sizeof(after)), before);
	CHECK(events(a) == 2);

	/* Refused within a batch of several, the others still commit. */
	CHECK(xf_ledger_begin(l) == 0);
	{
		struct xf_step	 st;

		xf_step_init(&st, XF_ACT_ASSIGN);
		st.at = "2026-10-01 09:00";
		st.unit = "区住建局";
		CHECK(xf_ledger_step(l, a, &st, got) == XF_APPLIED);
		xf_step_init(&st, XF_ACT_REFUSE);
		st.reason = "x";
		CHECK(xf_ledger_step(l, a, &st, got) == XF_REFUSED);
		CHECK_STR(xf_ledger_errmsg(l), "cannot refuse: the case is "
		    "assigned");
		CHECK_STR(xf_record_get(got, XF_F_STATUS), "assigned");
		CHECK_STR(xf_record_get(got, XF_F_UNIT), "区住建局");
	}
	CHECK(xf_ledger_commit(l) == 0);
	CHECK_STR(F(l, a, XF_F_STATUS), "assigned");
	CHECK(events(a) == 3);

	/* The names of the steps, for messages. */
	CHECK_STR(xf_action_name(XF_ACT_ACCEPT), "accept");
	CHECK_STR(xf_action_name(XF_ACT_REVIEW_REPLY), "review-reply");
	CHECK_STR(xf_action_name(XF_ACT_REREVIEW), "re-review");
	CHECK_STR(xf_action_name(XF_ACT_REREVIEW_REPLY), "re-review-reply");
	CHECK_STR(xf_action_name(XF_ACT_REOPEN), "reopen");
	ledger_done(l);
}

/*
 * With roll_to_workday, a calendar-day deadline ending on a day off
 * moves to the next working day; a year the calendar lacks is then a
 * configuration error, not a guess.
 */
static void
test_roll(void)
{
	xf_settings	*set;
	xf_ledger	*l;
	xf_record	*in, *it;
	const char	*a, *b, *existing;
	char		 conf[256], err[512];
	FILE		*fp;

	snprintf(conf, sizeof(conf), "%s/roll.conf", tmpdir);
	fp = fopen(conf, "w");
	CHECK(fp != NULL);
	if (fp == NULL)
		return;
	fputs("roll_to_workday = yes\n", fp);
	CHECK(fclose(fp) == 0);
	set = xf_settings_new(conf, err, sizeof(err));
	unlink(conf);
	CHECK(set != NULL);
	if (set == NULL)
		return;
	CHECK(xf_settings_roll(set) == 1);
	l = ledger_with("roll.db", set);
	if (l == NULL) {
		xf_settings_free(set);
		return;
	}
	/* 15 days from 09-16 is National Day (10-01 to 10-07). */
	now("2026-10-20 09:00");
	a = add(l, "2026-09-16", NULL);
	CHECK_STR(F(l, a, XF_F_DUE), "2026-10-08");
	CHECK_STR(F(l, a, XF_F_DUE_DAYS), "15");
	/* 60 days from 08-02 too. */
	CHECK(STEP(a, .action = XF_ACT_ACCEPT, .at = "2026-08-02") ==
	    XF_REFUSED);
	b = add(l, "2026-07-30", NULL);
	CHECK(STEP(b, .action = XF_ACT_ACCEPT, .at = "2026-08-02") ==
	    XF_APPLIED);
	CHECK_STR(F(l, b, XF_F_DUE), "2026-10-08");
	/* A working day stays. */
	CHECK(STEP(a, .action = XF_ACT_ACCEPT, .at = "2026-10-09") ==
	    XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_DUE), "2026-12-08");

	/* 2027 is not in the built-in calendar. */
	now("2026-12-21 09:00");
	b = add(l, "2026-10-15", NULL);
	CHECK_STR(F(l, b, XF_F_DUE), "2026-10-30");
	CHECK(STEP(b, .action = XF_ACT_ACCEPT, .at = "2026-11-20") ==
	    XF_STEP_CONFIG);
	CHECK_STR(msg, "the holiday calendar has no year 2027");
	CHECK_STR(F(l, b, XF_F_STATUS), "registered");
	CHECK(events(b) == 1);
	in = xf_record_new();
	it = xf_record_new();
	xf_record_add(in, "received_at", 11, "2026-12-20", 10, 0);
	CHECK(xf_item_normalize(set, in, it, err, sizeof(err)) == 0);
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_register(l, it, 0, &existing) == XF_REG_CONFIG);
	CHECK_STR(xf_ledger_errmsg(l), "the holiday calendar has no year "
	    "2027");
	CHECK(xf_ledger_rollback(l) == 0);
	CHECK(items("2026-12-20") == 0);
	xf_record_free(in);
	xf_record_free(it);
	ledger_done(l);
	xf_settings_free(set);
}

/* ------------------------------------------------------------------ */
/* Returning visits                                                    */

static void
test_visit(void)
{
	xf_ledger	*l = ledger("visit.db");
	const char	*a, *b, *t;
	xf_cursor	*c;
	xf_record	*r;
	char		 row[1024];
	size_t		 len;

	if (l == NULL)
		return;
	now("2026-10-12 09:00");
	a = add(l, "2026-09-28", NULL);
	CHECK(VISIT(a, .kind = "lead", .at = "2026-10-01",
	    .visitor = "李副区长") == XF_REFUSED);
	CHECK_STR(msg, "cannot visit: the case is not being handled");
	CHECK(STEP(a, .action = XF_ACT_ASSIGN, .at = "2026-10-01 10:00",
	    .unit = "区住建局", .handler = "王科长", .lead = "李副区长") ==
	    XF_APPLIED);
	/* Before the reply: only the lead official's visits. */
	CHECK(VISIT(a, .kind = "phone", .at = "2026-10-05",
	    .outcome = "satisfied") == XF_REFUSED);
	CHECK_STR(msg, "cannot visit: no reply yet");
	CHECK(VISIT(a, .kind = "in-person", .at = "2026-10-05") ==
	    XF_REFUSED);
	CHECK_STR(msg, "cannot visit: no reply yet");
	CHECK(VISIT(a, .kind = "lead", .at = "2026-10-05 15:00",
	    .visitor = "李副区长", .notes = "走访了解情况") == XF_APPLIED);
	CHECK(F(l, a, XF_F_SATISFACTION) == NULL);
	CHECK(F(l, a, XF_F_EVALUATION) == NULL);
	/* Kinds and outcomes. */
	CHECK(VISIT(a, .kind = "sms", .at = "2026-10-05") == XF_REFUSED);
	CHECK_STR(msg, "cannot visit: kind 'sms': not phone, in-person, "
	    "three-party or lead");
	CHECK(VISIT(a, .at = "2026-10-05") == XF_REFUSED);
	CHECK_STR(msg, "cannot visit: kind '': not phone, in-person, "
	    "three-party or lead");
	CHECK(VISIT(a, .kind = "lead", .at = "2026-10-05",
	    .outcome = "happy") == XF_REFUSED);
	CHECK_STR(msg, "cannot visit: outcome 'happy': not satisfied, basic, "
	    "unsatisfied or unreachable");

	CHECK(STEP(a, .action = XF_ACT_REPLY, .at = "2026-10-10",
	    .result = "explained") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_EVALUATION), "pending");
	CHECK(VISIT(a, .kind = "phone", .at = "2026-10-09 20:00",
	    .outcome = "satisfied") == XF_REFUSED);
	CHECK_STR(msg, "cannot visit: 2026-10-09T20:00:00+08:00 is before the "
	    "reply");
	CHECK(VISIT(a, .kind = "phone", .at = "2026-10-13",
	    .outcome = "satisfied") == XF_REFUSED);
	CHECK_STR(msg, "cannot visit: 2026-10-13T00:00:00+08:00 is in the "
	    "future");
	CHECK(VISIT("20260101-9999", .kind = "phone", .at = "2026-10-11",
	    .outcome = "satisfied") == XF_REFUSED);
	CHECK_STR(msg, "no item '20260101-9999' in the ledger");

	/* Unreachable: a visit, but no evaluation. */
	CHECK(VISIT(a, .kind = "phone", .at = "2026-10-11 10:00",
	    .visitor = "王科长", .outcome = "unreachable") == XF_APPLIED);
	CHECK(F(l, a, XF_F_SATISFACTION) == NULL);
	CHECK_STR(F(l, a, XF_F_EVALUATION), "pending");
	CHECK(xf_record_get(got, XF_F_SATISFACTION) == NULL);
	CHECK_STR(last_details(a), "{\"at\":\"2026-10-11T10:00:00+08:00\","
	    "\"visitor\":\"王科长\",\"kind\":\"phone\",\"outcome\":"
	    "\"unreachable\",\"threat\":false}");
	/* The same visit twice: once. */
	CHECK(VISIT(a, .kind = "phone", .at = "2026-10-11 10:00",
	    .visitor = "王科长", .outcome = "unreachable") == XF_ALREADY);
	/* An evaluation. */
	CHECK(VISIT(a, .kind = "in-person", .at = "2026-10-12 08:00",
	    .visitor = "王科长", .participants = "村委会主任",
	    .outcome = "basic", .notes = "基本认可", .threat = 1) ==
	    XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_SATISFACTION), "basic");
	CHECK_STR(F(l, a, XF_F_EVALUATION), "evaluated");
	CHECK_STR(xf_record_get(got, XF_F_SATISFACTION), "basic");
	CHECK_STR(xf_record_get(got, XF_F_EVALUATION), "evaluated");
	/* The same visit again, told otherwise: it is there already. */
	CHECK(VISIT(a, .kind = "in-person", .at = "2026-10-12 08:00",
	    .outcome = "satisfied") == XF_ALREADY);
	CHECK_STR(F(l, a, XF_F_SATISFACTION), "basic");
	/* The last evaluation is the satisfaction; unreachable is none. */
	CHECK(VISIT(a, .kind = "phone", .at = "2026-10-12 08:30",
	    .outcome = "unsatisfied") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_SATISFACTION), "unsatisfied");
	CHECK(VISIT(a, .kind = "phone", .at = "2026-10-12 08:45",
	    .outcome = "unreachable") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_SATISFACTION), "unsatisfied");
	CHECK(VISIT(a, .kind = "three-party", .at = "2026-10-12 08:50",
	    .participants = "信访人、责任单位、信访局",
	    .outcome = "satisfied") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_SATISFACTION), "satisfied");
	/* A visit without an outcome changes nothing of it. */
	CHECK(VISIT(a, .kind = "lead", .at = "2026-10-12 08:55") ==
	    XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_SATISFACTION), "satisfied");
	CHECK(events_of(a, "visit") == 7);

	/* The visits of the case, in the order they happened. */
	c = xf_ledger_visits(l, a);
	CHECK(c != NULL);
	r = xf_record_new();
	if (c != NULL) {
		static const char *const want[] = {
			"2026-10-05T15:00:00+08:00 lead - false",
			"2026-10-11T10:00:00+08:00 phone unreachable false",
			"2026-10-12T08:00:00+08:00 in-person basic true",
			"2026-10-12T08:30:00+08:00 phone unsatisfied false",
			"2026-10-12T08:45:00+08:00 phone unreachable false",
			"2026-10-12T08:50:00+08:00 three-party satisfied false",
			"2026-10-12T08:55:00+08:00 lead - false",
		};
		size_t i;

		for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
			CHECK(xf_cursor_next(c, r) == 1);
			snprintf(row, sizeof(row), "%s %s %s %s",
			    xf_record_get_key(r, "at"),
			    xf_record_get_key(r, "kind"),
			    xf_record_get_key(r, "outcome") != NULL &&
			    *xf_record_get_key(r, "outcome") != '\0' ?
			    xf_record_get_key(r, "outcome") : "-",
			    xf_record_get_key(r, "threat"));
			CHECK_STR(row, want[i]);
			if (i == 2) {
				row[0] = '\0';
				for (len = 0; len < xf_record_count(r); len++)
					snprintf(row + strlen(row),
					    sizeof(row) - strlen(row), "%s%s",
					    len ? "," : "",
					    xf_record_key(r, len));
				CHECK_STR(row, "id,at,visitor,kind,"
				    "participants,outcome,notes,threat");
				CHECK_STR(xf_record_get_key(r, "id"), a);
				CHECK_STR(xf_record_get_key(r,
				    "participants"), "村委会主任");
				CHECK_STR(xf_record_get_key(r, "notes"),
				    "基本认可");
			}
		}
		CHECK(xf_cursor_next(c, r) == 0);
		xf_cursor_free(c);
	}
	CHECK(xf_ledger_visits(l, "20260101-9999") == NULL);
	CHECK_STR(xf_ledger_errmsg(l), "no item '20260101-9999' in the ledger");

	/* Not for a case that is not ours. */
	t = add(l, "2026-09-28", NULL);
	CHECK(STEP(t, .action = XF_ACT_TRANSFER, .at = "2026-10-01",
	    .unit = "市人社局") == XF_APPLIED);
	CHECK(VISIT(t, .kind = "lead", .at = "2026-10-02") == XF_REFUSED);
	CHECK_STR(msg, "cannot visit: the case is not being handled");
	CHECK(VISIT(t, .kind = "phone", .at = "2026-10-02") == XF_REFUSED);
	CHECK_STR(msg, "cannot visit: no reply yet");

	/*
	 * Visits entered out of order: the satisfaction is the last
	 * evaluation in time, not the last one recorded.
	 */
	b = replied(l, "2026-09-28", "2026-10-01", "supported", "2026-10-10");
	CHECK(VISIT(b, .kind = "in-person", .at = "2026-10-12 08:00",
	    .outcome = "satisfied") == XF_APPLIED);
	CHECK(VISIT(b, .kind = "phone", .at = "2026-10-11 08:00",
	    .outcome = "unsatisfied") == XF_APPLIED);
	CHECK_STR(F(l, b, XF_F_SATISFACTION), "satisfied");
	xf_record_free(r);
	ledger_done(l);
}

/* Evaluation: pending, evaluated, or expired, across its window. */
static void
test_evaluation(void)
{
	xf_ledger	*l = ledger("evaluation.db");
	const char	*a, *b;

	if (l == NULL)
		return;
	now("2026-10-10 12:00");
	a = assigned(l, "2026-09-28", "2026-10-01");
	CHECK(F(l, a, XF_F_EVALUATION) == NULL);
	CHECK(STEP(a, .action = XF_ACT_REPLY, .at = "2026-10-10 10:00",
	    .result = "supported") == XF_APPLIED);
	b = replied(l, "2026-09-28", "2026-10-01", "explained",
	    "2026-10-10 10:00");
	CHECK_STR(F(l, a, XF_F_EVALUATION), "pending");
	now("2026-11-09 23:00");
	CHECK_STR(F(l, a, XF_F_EVALUATION), "pending");
	now("2026-11-10 00:00");
	CHECK_STR(F(l, a, XF_F_EVALUATION), "expired");
	CHECK_STR(F(l, b, XF_F_EVALUATION), "expired");
	/* An unreachable petitioner has not evaluated. */
	CHECK(VISIT(a, .kind = "phone", .at = "2026-10-20",
	    .outcome = "unreachable") == XF_APPLIED);
	CHECK_STR(F(l, a, XF_F_EVALUATION), "expired");
	CHECK(VISIT(b, .kind = "phone", .at = "2026-11-09 10:00",
	    .outcome = "unsatisfied") == XF_APPLIED);
	CHECK_STR(F(l, b, XF_F_EVALUATION), "evaluated");
	CHECK_STR(F(l, b, XF_F_SATISFACTION), "unsatisfied");
	/* Evaluated, it stays so. */
	now("2027-06-01 09:00");
	CHECK_STR(F(l, b, XF_F_EVALUATION), "evaluated");
	CHECK_STR(F(l, a, XF_F_EVALUATION), "expired");
	ledger_done(l);
}

/* What is owed: visits, lead officials' visits, three-party visits. */
static void
test_visits_due(void)
{
	xf_ledger	*l = ledger("due.db");
	const char	*p, *q, *m;
	char		 want[512];
	xf_cursor	*c;
	xf_record	*r;
	size_t		 i;

	if (l == NULL)
		return;
	now("2026-10-01 09:00");
	p = add(l, "2026-09-25", NULL);
	q = add(l, "2026-09-25", NULL);
	m = add(l, "2026-09-25", NULL);
	CHECK(STEP(p, .action = XF_ACT_ASSIGN, .at = "2026-10-01 08:00",
	    .unit = "区住建局", .handler = "王科长", .lead = "李副区长") ==
	    XF_APPLIED);
	CHECK(STEP(q, .action = XF_ACT_ASSIGN, .at = "2026-10-01 08:00",
	    .unit = "区城管局", .handler = "赵科长") == XF_APPLIED);
	CHECK(STEP(m, .action = XF_ACT_ASSIGN, .at = "2026-10-01 08:00",
	    .unit = "区城管局", .handler = "赵科长") == XF_APPLIED);
	CHECK_STR(owed(l), "");
	now("2026-10-10 12:00");
	CHECK(STEP(q, .action = XF_ACT_REPLY, .at = "2026-10-10 10:00",
	    .result = "explained") == XF_APPLIED);
	/* A reply on a day given without a time. */
	CHECK(STEP(m, .action = XF_ACT_REPLY, .at = "2026-10-10",
	    .result = "explained") == XF_APPLIED);

	/* The lead official: 15 days after acceptance. */
	now("2026-10-15 09:00");
	CHECK_STR(owed(l), "");
	/*
	 * A visit: 7 days after the reply, counted in the office's days: m,
	 * replied at midnight, is not owed a day early (its day in UTC).
	 */
	now("2026-10-16 09:00");
	snprintf(want, sizeof(want), "%s lead-visit 2026-10-16", p);
	CHECK_STR(owed(l), want);
	now("2026-10-17 09:00");
	snprintf(want, sizeof(want), "%s lead-visit 2026-10-16; "
	    "%s visit 2026-10-17; %s visit 2026-10-17", p, q, m);
	CHECK_STR(owed(l), want);
	/* The whole row. */
	c = xf_ledger_visits_due(l);
	CHECK(c != NULL);
	r = xf_record_new();
	if (c != NULL) {
		CHECK(xf_cursor_next(c, r) == 1);
		want[0] = '\0';
		for (i = 0; i < xf_record_count(r); i++)
			snprintf(want + strlen(want), sizeof(want) -
			    strlen(want), "%s%s", i ? "," : "",
			    xf_record_key(r, i));
		CHECK_STR(want, "id,owed,since,unit,handler,lead");
		CHECK_STR(xf_record_get_key(r, "id"), p);
		CHECK_STR(xf_record_get_key(r, "unit"), "区住建局");
		CHECK_STR(xf_record_get_key(r, "handler"), "王科长");
		CHECK_STR(xf_record_get_key(r, "lead"), "李副区长");
		xf_cursor_free(c);
	}
	xf_record_free(r);

	/* Visits pay what is owed; a lead's visit is no returning visit. */
	CHECK(VISIT(p, .kind = "lead", .at = "2026-10-17 10:00",
	    .visitor = "李副区长") == XF_APPLIED);
	CHECK(VISIT(q, .kind = "phone", .at = "2026-10-17 10:00",
	    .outcome = "satisfied") == XF_APPLIED);
	CHECK(VISIT(m, .kind = "lead", .at = "2026-10-17 10:00") ==
	    XF_APPLIED);
	now("2026-10-18 09:00");
	snprintf(want, sizeof(want), "%s visit 2026-10-17", m);
	CHECK_STR(owed(l), want);
	/* Unsatisfied: a three-party visit is owed. */
	CHECK(VISIT(m, .kind = "phone", .at = "2026-10-18 08:00",
	    .outcome = "unsatisfied") == XF_APPLIED);
	snprintf(want, sizeof(want), "%s three-party 2026-10-18", m);
	CHECK_STR(owed(l), want);
	/* An unreachable visit after it owes it still. */
	CHECK(VISIT(m, .kind = "phone", .at = "2026-10-18 08:30",
	    .outcome = "unreachable") == XF_APPLIED);
	CHECK_STR(owed(l), want);
	now("2026-10-19 09:00");
	CHECK(VISIT(m, .kind = "three-party", .at = "2026-10-19 08:00",
	    .outcome = "basic") == XF_APPLIED);
	CHECK_STR(owed(l), "");
	/* Unsatisfied again: the three-party visit before it is no help. */
	CHECK(VISIT(m, .kind = "phone", .at = "2026-10-19 08:30",
	    .outcome = "unsatisfied") == XF_APPLIED);
	snprintf(want, sizeof(want), "%s three-party 2026-10-19", m);
	CHECK_STR(owed(l), want);
	/* A three-party visit made pays it, whoever was reached. */
	CHECK(VISIT(m, .kind = "three-party", .at = "2026-10-19 08:45",
	    .outcome = "unreachable") == XF_APPLIED);
	CHECK_STR(F(l, m, XF_F_SATISFACTION), "unsatisfied");
	CHECK_STR(owed(l), "");
	/* The lead official again, 15 days after the last visit. */
	now("2026-10-31 09:00");
	CHECK_STR(owed(l), "");
	now("2026-11-01 09:00");
	snprintf(want, sizeof(want), "%s lead-visit 2026-11-01", p);
	CHECK_STR(owed(l), want);
	/* Replied, the lead official owes nothing; a visit is owed. */
	CHECK(STEP(p, .action = XF_ACT_REPLY, .at = "2026-11-01 08:00",
	    .result = "supported") == XF_APPLIED);
	CHECK_STR(owed(l), "");
	now("2026-11-08 09:00");
	snprintf(want, sizeof(want), "%s visit 2026-11-08", p);
	CHECK_STR(owed(l), want);
	ledger_done(l);
}

/*
 * Days of times told in the office's zone, early in the morning: what is
 * owed counts from the office's day, not from the day in UTC (a day
 * early before 08:00 in Beijing).
 */
static void
test_visits_due_early(void)
{
	xf_ledger	*l = ledger("early.db");
	const char	*n, *o;
	char		 want[512];

	if (l == NULL)
		return;
	now("2026-10-10 12:00");
	n = add(l, "2026-09-25", NULL);
	o = add(l, "2026-09-25", NULL);
	CHECK(STEP(n, .action = XF_ACT_ASSIGN, .at = "2026-10-01 07:00",
	    .unit = "区住建局", .lead = "李副区长") == XF_APPLIED);
	CHECK(STEP(o, .action = XF_ACT_ASSIGN, .at = "2026-10-01 10:00",
	    .unit = "区住建局") == XF_APPLIED);
	CHECK(STEP(o, .action = XF_ACT_REPLY, .at = "2026-10-10 10:00",
	    .result = "explained") == XF_APPLIED);
	/* Accepted on 10-01: the lead official owes a visit from 10-16. */
	now("2026-10-15 09:00");
	CHECK_STR(owed(l), "");
	now("2026-10-16 09:00");
	snprintf(want, sizeof(want), "%s lead-visit 2026-10-16", n);
	CHECK_STR(owed(l), want);
	CHECK(VISIT(n, .kind = "lead", .at = "2026-10-16 10:00") ==
	    XF_APPLIED);
	/* Unsatisfied on 10-20: a three-party visit owed from 10-20. */
	now("2026-10-20 09:00");
	CHECK(VISIT(o, .kind = "phone", .at = "2026-10-20 07:30",
	    .outcome = "unsatisfied") == XF_APPLIED);
	snprintf(want, sizeof(want), "%s three-party 2026-10-20", o);
	CHECK_STR(owed(l), want);
	ledger_done(l);
}

/* ------------------------------------------------------------------ */
/* Deadlines when read                                                 */

static void
test_due_state(void)
{
	xf_ledger	*l = ledger("state.db");
	const char	*a, *d, *b, *e, *f, *h, *g, *t, *x, *y, *z;
	struct xf_filter flt;
	xf_cursor	*c;

	if (l == NULL)
		return;
	now("2026-10-01 09:00");
	a = add(l, "2026-09-30 10:00", NULL);	/* due 10-15: 14 days left */
	d = add(l, "2026-09-24", NULL);		/* due 10-09: 8 left */
	b = add(l, "2026-09-23", NULL);		/* due 10-08: 7 left */
	e = add(l, "2026-09-16", NULL);		/* due 10-01: today */
	f = add(l, "2026-09-15", NULL);		/* due 09-30: a day past */
	h = add(l, "2026-09-01", NULL);		/* due 09-16: 15 days past */
	g = add(l, "2026-08-31", NULL);		/* due 09-15: 16 days past */
	t = add(l, "2026-09-20", NULL);
	CHECK(STEP(t, .action = XF_ACT_TRANSFER, .at = "2026-09-21",
	    .unit = "市人社局") == XF_APPLIED);
	/* Handling: 60 days, very overdue 60 days after its due day. */
	x = add(l, "2026-06-30", NULL);
	CHECK(STEP(x, .action = XF_ACT_ACCEPT, .at = "2026-07-01") ==
	    XF_APPLIED);			/* due 08-30: 32 past */
	y = add(l, "2026-05-30", NULL);
	CHECK(STEP(y, .action = XF_ACT_ACCEPT, .at = "2026-06-01") ==
	    XF_APPLIED);			/* due 07-31: 62 past */
	/* Extended: its limit is 60 + the extension. */
	z = add(l, "2026-05-30", NULL);
	CHECK(STEP(z, .action = XF_ACT_ASSIGN, .at = "2026-06-01",
	    .unit = "区住建局") == XF_APPLIED);
	CHECK(STEP(z, .action = XF_ACT_EXTEND, .at = "2026-07-20",
	    .days = 10, .reason = "需鉴定") == XF_APPLIED);
						/* due 08-10: 52 past of 70 */

	CHECK_STR(F(l, a, XF_F_DUE_STATE), "on_time");
	CHECK_STR(F(l, d, XF_F_DUE_STATE), "on_time");
	CHECK_STR(F(l, b, XF_F_DUE_STATE), "due_soon");
	CHECK_STR(F(l, e, XF_F_DUE_STATE), "due_soon");
	CHECK_STR(F(l, f, XF_F_DUE_STATE), "overdue");
	CHECK_STR(F(l, h, XF_F_DUE_STATE), "overdue");
	CHECK_STR(F(l, g, XF_F_DUE_STATE), "very_overdue");
	CHECK(F(l, t, XF_F_DUE_STATE) == NULL);
	CHECK_STR(F(l, x, XF_F_DUE_STATE), "overdue");
	CHECK_STR(F(l, y, XF_F_DUE_STATE), "very_overdue");
	CHECK_STR(F(l, z, XF_F_DUE_STATE), "overdue");
	CHECK_STR(F(l, z, XF_F_DUE_DAYS), "70");

	/* The filter agrees with what is worked out. */
	xf_filter_init(&flt);
	CHECK(flt.due_state == NULL && flt.due_within == -1);
	flt.due_state = "on_time";
	CHECK_STR(selected(l, &flt), join(a, d, NULL));
	flt.due_state = "due_soon";
	CHECK_STR(selected(l, &flt), join(b, e, NULL));
	/* Overdue: every case past its due day, very overdue ones too. */
	flt.due_state = "overdue";
	CHECK_STR(selected(l, &flt), join(f, h, g, x, y, z, NULL));
	flt.due_state = "very_overdue";
	CHECK_STR(selected(l, &flt), join(g, y, NULL));
	flt.due_state = "late";
	c = xf_ledger_select(l, &flt);
	CHECK(c == NULL);
	CHECK_STR(xf_ledger_errmsg(l), "'late': not a deadline state");
	xf_cursor_free(c);
	/* Due within some days: from today on. */
	xf_filter_init(&flt);
	flt.due_within = 0;
	CHECK_STR(selected(l, &flt), join(e, NULL));
	flt.due_within = 7;
	CHECK_STR(selected(l, &flt), join(b, e, NULL));
	flt.due_within = 8;
	CHECK_STR(selected(l, &flt), join(d, b, e, NULL));
	flt.due_within = 14;
	CHECK_STR(selected(l, &flt), join(a, d, b, e, NULL));
	flt.due_within = 365;
	CHECK_STR(selected(l, &flt), join(a, d, b, e, NULL));
	/* With the other members. */
	xf_filter_init(&flt);
	flt.due_state = "overdue";
	flt.status = "registered";
	CHECK_STR(selected(l, &flt), join(f, h, g, NULL));
	flt.status = "accepted";
	CHECK_STR(selected(l, &flt), join(x, y, NULL));
	flt.limit = 1;
	CHECK_STR(selected(l, &flt), join(x, NULL));
	xf_filter_init(&flt);
	flt.due_state = "due_soon";
	flt.due_within = 0;
	CHECK_STR(selected(l, &flt), join(e, NULL));

	/* Tomorrow: each moves on. */
	now("2026-10-02 09:00");
	CHECK_STR(F(l, e, XF_F_DUE_STATE), "overdue");
	CHECK_STR(F(l, h, XF_F_DUE_STATE), "very_overdue");
	CHECK_STR(F(l, d, XF_F_DUE_STATE), "due_soon");
	xf_filter_init(&flt);
	flt.due_state = "very_overdue";
	CHECK_STR(selected(l, &flt), join(h, g, y, NULL));
	flt.due_state = "overdue";
	CHECK_STR(selected(l, &flt), join(e, f, h, g, x, y, z, NULL));
	ledger_done(l);
}

int
main(void)
{
	char	 err[256];

	umask(077);
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	defaults = xf_settings_new(NULL, err, sizeof(err));
	if (defaults == NULL) {
		printf("settings: %s\n", err);
		return 1;
	}
	got = xf_record_new();
	test_accept();
	test_transfer();
	test_refuse();
	test_assign();
	test_extend();
	test_escalate();
	test_reply();
	test_review();
	test_close();
	test_reopen();
	test_refusals();
	test_roll();
	test_visit();
	test_evaluation();
	test_visits_due();
	test_visits_due_early();
	test_due_state();
	xf_record_free(got);
	xf_settings_free(defaults);
	if (rmdir(tmpdir) == -1)
		printf("rmdir %s: %s\n", tmpdir, strerror(errno));
	return test_done("t-case");
}
