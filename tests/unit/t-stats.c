/*
 * t-stats.c - the statistics of lib/stats.c and lib/rates.c, and the
 * handlings of xf_ledger_handlings(), over a small ledger built through
 * the library, every figure worked out by hand in the comments
 *
 * "Now" is $XF_NOW, set before each batch: a step is recorded (its
 * event's at) when its batch runs, and here each step is recorded at the
 * time it is dated unless said otherwise, as an office that keeps its
 * ledger up to date would.  The settings are the built-in ones: accept
 * 15 days, reply 60, evaluation window 30, resolution window 90, a
 * county office, online channels online and email, collective from 5.
 *
 * The ledger (the period of the rates is October 2026):
 *
 *	item	received	channel	people	name/phone	category	region
 *	B	08-15 10:00	online	2	李四 …002	劳动和社会保障/工资福利 330106002
 *	C	08-20 09:00	visit	6	王五 …003	城乡建设/城乡规划	330108001
 *	D	08-31 09:00	phone	1	赵六 …004	劳动和社会保障/劳动关系 330106001
 *	H	09-10 09:00	letter	1	郑十 …008	城乡建设/城乡规划	330106001 key case
 *	A	09-20 09:00	letter	1	张三 …001	城乡建设/城乡规划	330106001
 *	E	09-25 09:00	letter	1	孙七 …005	城乡建设/城乡规划	330108002
 *	F	09-28 09:00	visit	1	周八 …006	城乡建设/城乡规划	330106001
 *	G	10-01 09:00	online	1	吴九 …007	劳动和社会保障/工资福利 330108001
 *	I	10-08 09:00	visit	3	郑十 …008	城乡建设/城乡规划	330106002 key case,
 *								repeat of H
 *	A2	12-01 09:00	letter	1	张三 …001	城乡建设/城乡规划	330106001 repeat of A
 *
 * registered in this order (so ordered by the ledger), each at its
 * receipt + 30 minutes.  The steps (2026 unless said):
 *
 *	B: accept 08-20; assign 08-21 区人社局 钱科员 (reply_due 08-20+60 =
 *	   10-19); reply 10-15 explained; visit 10-20 unsatisfied; visit
 *	   11-10 basic.
 *	C: assign 08-25 区住建局 王科长 (accepts: reply_due 10-24); reply
 *	   10-28 supported (late); close 10-30 supported-done; visit 11-05
 *	   unsatisfied.
 *	D: accept 09-01 (reply_due 10-31); assign 09-18 区人社局 钱科员;
 *	   unit-decline 10-02 (the unit's limit 09-18+15 = 10-03).
 *	H: assign 09-20 区城管局 赵科长 lead 李副区长 (reply_due 11-19);
 *	   unit-accept 10-09 (its limit 10-05: late).
 *	A: assign 09-25 区住建局 王科长 (reply_due 11-24; acceptance limit
 *	   09-20+15 = 10-05, unit's 09-25+15 = 10-10); unit-accept 09-28;
 *	   reply 10-12 supported; visit 10-15 satisfied; close 10-20
 *	   supported-done.
 *	E: transfer 10-12 to 市人社局 (limit 10-10: late).
 *	F: refuse 10-12 (limit 10-13: in time).
 *	I: assign 10-12 区城管局 赵科长 lead 李副区长 (unit's limit 10-27,
 *	   never decided); reply 10-20 supported; visit 10-22 satisfied;
 *	   close 10-25 agreement.
 *	G: assign 11-03 区住建局 王科长 (limit 10-16: not accepted in
 *	   October; due 11-03+60 = 2027-01-02).
 *
 * Later, dated after October (phase 3): A reopened 12-05, assigned 12-06
 * 区城管局 赵科长 (reply_due 2027-02-04), replied 12-20 supported,
 * visited 12-28 satisfied, closed 2027-01-05 supported-done; B visited
 * 11-20 unsatisfied (after its window); G unit-accept 11-25, reply 12-15.
 * Then (phase 4) a reply of D dated 10-30, recorded 2027-02-15 11:00.
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

static char tmpdir[] = "/tmp/t-stats.XXXXXX";
static xf_settings *defaults;
static char path[256];
static xf_record *got;

/* The items, by their letters in the comments above. */
static char A[32], B[32], C[32], D[32], E[32], F[32], G[32], H[32], I[32],
    A2[32];

/* Move "today": the next batch and the next read see this time. */
static void
now(const char *t)
{
	if (setenv("XF_NOW", t, 1) == -1) {
		perror("setenv");
		exit(1);
	}
}

/*
 * Register an item received at a time, recorded 30 minutes later (now
 * given), with more key/value pairs ended by NULL; its id into id.
 */
static void
add(xf_ledger *l, char *id, const char *recorded, const char *received, ...)
{
	xf_record	*in = xf_record_new(), *it = xf_record_new();
	const char	*key, *val, *existing;
	char		 err[512];
	va_list		 ap;

	now(recorded);
	xf_record_add(in, "received_at", 11, received, strlen(received), 0);
	va_start(ap, received);
	while ((key = va_arg(ap, const char *)) != NULL) {
		val = va_arg(ap, const char *);
		xf_record_add(in, key, strlen(key), val, strlen(val), 0);
	}
	va_end(ap);
	snprintf(id, 32, "(not registered)");
	if (xf_item_normalize(defaults, in, it, err, sizeof(err)) == -1) {
		printf("normalize: %s\n", err);
		test_failed++;
	} else if (xf_ledger_begin(l) == -1 ||
	    xf_ledger_register(l, it, 0, &existing) != XF_REG_NEW ||
	    xf_ledger_commit(l) == -1) {
		printf("register: %s\n", xf_ledger_errmsg(l));
		test_failed++;
		xf_ledger_rollback(l);
	} else {
		snprintf(id, 32, "%s", xf_record_get(it, XF_F_ID));
		test_passed++;
	}
	xf_record_free(in);
	xf_record_free(it);
}

/* A person marks a case as a key case (重点信访件). */
static void
key_case(xf_ledger *l, const char *id)
{
	struct xf_classifier	 cl;
	struct xf_class_result	 res;

	memset(&cl, 0, sizeof(cl));
	cl.set[XF_C_KEY_CASE] = "1";
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_classify(l, id, &cl, got, &res) == XF_APPLIED);
	CHECK(xf_ledger_commit(l) == 0);
	CHECK_STR(xf_record_get(got, XF_F_KEY_CASE), "1");
}

/* Apply a step in a batch of its own, recorded at $XF_NOW. */
static void
step(xf_ledger *l, const char *id, const struct xf_step *st, int line)
{
	enum xf_applied	 rc;

	CHECK(xf_ledger_begin(l) == 0);
	rc = xf_ledger_step(l, id, st, got);
	if (rc != XF_APPLIED)
		printf("line %d: %s %s: %d: %s\n", line,
		    xf_action_name(st->action), id, rc, xf_ledger_errmsg(l));
	CHECK(rc == XF_APPLIED);
	if (rc < 0)
		xf_ledger_rollback(l);
	else
		CHECK(xf_ledger_commit(l) == 0);
}

/* A step dated when, and recorded then. */
#define STEP(id, when, ...) do { \
	now(when); \
	step(l, (id), &(struct xf_step){ .at = (when), __VA_ARGS__ }, \
	    __LINE__); \
} while (0)

static void
visit(xf_ledger *l, const char *id, const struct xf_visit *v, int line)
{
	enum xf_applied	 rc;

	CHECK(xf_ledger_begin(l) == 0);
	rc = xf_ledger_visit(l, id, v, got);
	if (rc != XF_APPLIED)
		printf("line %d: visit %s: %d: %s\n", line, id, rc,
		    xf_ledger_errmsg(l));
	CHECK(rc == XF_APPLIED);
	if (rc < 0)
		xf_ledger_rollback(l);
	else
		CHECK(xf_ledger_commit(l) == 0);
}

#define VISIT(id, when, ...) do { \
	now(when); \
	visit(l, (id), &(struct xf_visit){ .at = (when), __VA_ARGS__ }, \
	    __LINE__); \
} while (0)

/*
 * The rows of a report as text, a row a line, its values joined by '|',
 * NULL (an empty raw value) as '-'; the cursor freed.  "error: ..."
 * when there is no cursor.
 */
static const char *
rows(xf_cursor *c, const char *err)
{
	static char	 buf[8][8192];
	static int	 next;
	char		*out = buf[next++ % 8];
	xf_record	*r;
	size_t		 used = 0, i, len;
	const char	*v;
	int		 rc;

	out[0] = '\0';
	if (c == NULL) {
		snprintf(out, sizeof(buf[0]), "error: %s", err);
		return out;
	}
	r = xf_record_new();
	while ((rc = xf_cursor_next(c, r)) == 1 && used < sizeof(buf[0]))
		for (i = 0; i < xf_record_count(r) && used < sizeof(buf[0]);
		    i++) {
			v = xf_record_value(r, i, &len);
			used += (size_t)snprintf(out + used, sizeof(buf[0]) -
			    used, "%s%s%s", i ? "|" : "",
			    xf_record_raw(r, i) && len == 0 ? "-" : v,
			    i + 1 == xf_record_count(r) ? "\n" : "");
		}
	if (rc == -1)
		snprintf(out, sizeof(buf[0]), "error: reading");
	xf_cursor_free(c);
	xf_record_free(r);
	return out;
}

/* The column names of a report's first row, joined by ','. */
static const char *
header(xf_cursor *c)
{
	static char	 buf[1024];
	xf_record	*r = xf_record_new();
	size_t		 i, used = 0;

	buf[0] = '\0';
	if (c != NULL && xf_cursor_next(c, r) == 1)
		for (i = 0; i < xf_record_count(r); i++)
			used += (size_t)snprintf(buf + used, sizeof(buf) -
			    used, "%s%s", i ? "," : "", xf_record_key(r, i));
	xf_cursor_free(c);
	xf_record_free(r);
	return buf;
}

/*
 * Compare the rows of a report with the lines wanted, a check a line
 * (so that a failure names the row) and one for their number.
 */
static void
expect(const char *got_rows, const char *const *want, size_t n, int line)
{
	char		 copy[8192], *p, *e;
	size_t		 k = 0;

	snprintf(copy, sizeof(copy), "%s", got_rows);
	for (p = copy; *p != '\0'; p = e + 1, k++) {
		if ((e = strchr(p, '\n')) == NULL)
			break;
		*e = '\0';
		if (k >= n) {
			printf("line %d: row %zu more: %s\n", line, k + 1, p);
			continue;
		}
		if (strcmp(p, want[k]) != 0)
			printf("line %d: row %zu\n", line, k + 1);
		CHECK_STR(p, want[k]);
	}
	CHECK(k == n);
	for (; k < n; k++)
		printf("line %d: row %zu missing: %s\n", line, k + 1,
		    want[k]);
	if (strncmp(got_rows, "error: ", 7) == 0)
		printf("line %d: %s\n", line, got_rows);
	CHECK(strncmp(got_rows, "error: ", 7) != 0);
}

#define EXPECT(got_rows, ...) do { \
	static const char *const want_[] = { __VA_ARGS__ }; \
	expect((got_rows), want_, sizeof(want_) / sizeof(want_[0]), \
	    __LINE__); \
} while (0)

static const char *
rates(xf_ledger *l, const char *from, const char *to, const char *which,
    const char *by)
{
	char	 err[512] = "";

	return rows(xf_stats_rates(l, defaults, from, to, which, by, err,
	    sizeof(err)), err);
}

static const char *
recorded(xf_ledger *l, const char *from, const char *to, const char *which,
    const char *by, const char *when)
{
	char	 err[512] = "";

	return rows(xf_stats_rates_recorded(l, defaults, from, to, which, by,
	    when, err, sizeof(err)), err);
}

static const char *
daily(xf_ledger *l, const char *day)
{
	char	 err[512] = "";

	return rows(xf_stats_daily(l, defaults, day, err, sizeof(err)), err);
}

static const char *
backlog(xf_ledger *l)
{
	char	 err[512] = "";

	return rows(xf_stats_backlog(l, defaults, err, sizeof(err)), err);
}

static const char *
count(xf_ledger *l, const char *by, const struct xf_filter *f)
{
	char	 err[512] = "";

	return rows(xf_stats_count(l, defaults, by, f, 6, err, sizeof(err)),
	    err);
}

/* ------------------------------------------------------------------ */

/* Phase 1: the items and their steps through October and a little after. */
static void
build(xf_ledger *l)
{
	add(l, B, "2026-08-15 10:30", "2026-08-15 10:00", "channel", "online",
	    "people", "2", "name", "李四", "phone", "13800138002",
	    "category", "劳动和社会保障/工资福利", "region", "330106002",
	    NULL);
	add(l, C, "2026-08-20 09:30", "2026-08-20 09:00", "channel", "visit",
	    "people", "6", "name", "王五", "phone", "13800138003",
	    "category", "城乡建设/城乡规划", "region", "330108001", NULL);
	add(l, D, "2026-08-31 09:30", "2026-08-31 09:00", "channel", "phone",
	    "name", "赵六", "phone", "13800138004",
	    "category", "劳动和社会保障/劳动关系", "region", "330106001",
	    NULL);
	add(l, H, "2026-09-10 09:30", "2026-09-10 09:00", "channel", "letter",
	    "name", "郑十", "phone", "13800138008",
	    "category", "城乡建设/城乡规划", "region", "330106001", NULL);
	key_case(l, H);
	add(l, A, "2026-09-20 09:30", "2026-09-20 09:00", "channel", "letter",
	    "name", "张三", "phone", "13800138001",
	    "category", "城乡建设/城乡规划", "region", "330106001", NULL);
	add(l, E, "2026-09-25 09:30", "2026-09-25 09:00", "channel", "letter",
	    "name", "孙七", "phone", "13800138005",
	    "category", "城乡建设/城乡规划", "region", "330108002", NULL);
	add(l, F, "2026-09-28 09:30", "2026-09-28 09:00", "channel", "visit",
	    "name", "周八", "phone", "13800138006",
	    "category", "城乡建设/城乡规划", "region", "330106001", NULL);
	add(l, G, "2026-10-01 09:30", "2026-10-01 09:00", "channel", "online",
	    "name", "吴九", "phone", "13800138007",
	    "category", "劳动和社会保障/工资福利", "region", "330108001",
	    NULL);
	add(l, I, "2026-10-08 09:30", "2026-10-08 09:00", "channel", "visit",
	    "people", "3", "name", "郑十", "phone", "13800138008",
	    "category", "城乡建设/城乡规划", "region", "330106002", NULL);
	key_case(l, I);
	/* First items and the repeat: I repeats H, same person and class. */
	CHECK_STR(xf_record_get(got, XF_F_FIRST), "0");
	CHECK_STR(xf_record_get(got, XF_F_REPEAT_OF), H);

	STEP(B, "2026-08-20 09:00", .action = XF_ACT_ACCEPT);
	STEP(B, "2026-08-21 09:00", .action = XF_ACT_ASSIGN,
	    .unit = "区人社局", .handler = "钱科员");
	CHECK_STR(xf_record_get(got, XF_F_REPLY_DUE), "2026-10-19");
	STEP(B, "2026-10-15 10:00", .action = XF_ACT_REPLY,
	    .result = "explained");
	VISIT(B, "2026-10-20 10:00", .kind = "phone",
	    .outcome = "unsatisfied");
	VISIT(B, "2026-11-10 10:00", .kind = "in-person", .outcome = "basic");

	STEP(C, "2026-08-25 09:00", .action = XF_ACT_ASSIGN,
	    .unit = "区住建局", .handler = "王科长");
	CHECK_STR(xf_record_get(got, XF_F_REPLY_DUE), "2026-10-24");
	STEP(C, "2026-10-28 10:00", .action = XF_ACT_REPLY,
	    .result = "supported");
	CHECK_STR(xf_record_get(got, XF_F_REPLY_ON_TIME), "0");
	STEP(C, "2026-10-30 10:00", .action = XF_ACT_CLOSE,
	    .result = "supported-done");
	VISIT(C, "2026-11-05 10:00", .kind = "phone",
	    .outcome = "unsatisfied");

	STEP(D, "2026-09-01 09:00", .action = XF_ACT_ACCEPT);
	CHECK_STR(xf_record_get(got, XF_F_REPLY_DUE), "2026-10-31");
	STEP(D, "2026-09-18 09:00", .action = XF_ACT_ASSIGN,
	    .unit = "区人社局", .handler = "钱科员");
	STEP(D, "2026-10-02 09:00", .action = XF_ACT_UNIT_DECLINE,
	    .reason = "不属本单位职责");
	CHECK_STR(xf_record_get(got, XF_F_UNIT_DECLINED_AT),
	    "2026-10-02T09:00:00+08:00");

	STEP(H, "2026-09-20 10:00", .action = XF_ACT_ASSIGN,
	    .unit = "区城管局", .handler = "赵科长", .lead = "李副区长");
	CHECK_STR(xf_record_get(got, XF_F_REPLY_DUE), "2026-11-19");
	STEP(H, "2026-10-09 09:00", .action = XF_ACT_UNIT_ACCEPT);

	STEP(A, "2026-09-25 10:00", .action = XF_ACT_ASSIGN,
	    .unit = "区住建局", .handler = "王科长");
	CHECK_STR(xf_record_get(got, XF_F_REPLY_DUE), "2026-11-24");
	STEP(A, "2026-09-28 09:00", .action = XF_ACT_UNIT_ACCEPT);
	STEP(A, "2026-10-12 10:00", .action = XF_ACT_REPLY,
	    .result = "supported");
	CHECK_STR(xf_record_get(got, XF_F_REPLY_ON_TIME), "1");
	VISIT(A, "2026-10-15 10:00", .kind = "phone", .outcome = "satisfied");
	STEP(A, "2026-10-20 10:00", .action = XF_ACT_CLOSE,
	    .result = "supported-done");

	STEP(E, "2026-10-12 11:00", .action = XF_ACT_TRANSFER,
	    .unit = "市人社局");
	STEP(F, "2026-10-12 14:00", .action = XF_ACT_REFUSE,
	    .reason = "向人民法院提起诉讼");

	STEP(I, "2026-10-12 09:00", .action = XF_ACT_ASSIGN,
	    .unit = "区城管局", .handler = "赵科长", .lead = "李副区长");
	STEP(I, "2026-10-20 11:00", .action = XF_ACT_REPLY,
	    .result = "supported");
	VISIT(I, "2026-10-22 10:00", .kind = "phone", .outcome = "satisfied");
	STEP(I, "2026-10-25 10:00", .action = XF_ACT_CLOSE,
	    .result = "agreement");

	STEP(G, "2026-11-03 09:00", .action = XF_ACT_ASSIGN,
	    .unit = "区住建局", .handler = "王科长");
	CHECK_STR(xf_record_get(got, XF_F_DUE), "2027-01-02");

	/* A repeat of A, in the 90 days after its closure. */
	add(l, A2, "2026-12-01 09:30", "2026-12-01 09:00", "channel", "letter",
	    "name", "张三", "phone", "13800138001",
	    "category", "城乡建设/城乡规划", "region", "330106001", NULL);
}

/* Phase 3: steps dated after October. */
static void
later(xf_ledger *l)
{
	STEP(A, "2026-12-05 10:00", .action = XF_ACT_REOPEN,
	    .reason = "重复来信反映同一问题");
	CHECK_STR(xf_record_get(got, XF_F_HANDLING), "2");
	STEP(A, "2026-12-06 09:00", .action = XF_ACT_ASSIGN,
	    .unit = "区城管局", .handler = "赵科长");
	CHECK_STR(xf_record_get(got, XF_F_REPLY_DUE), "2027-02-04");
	STEP(A, "2026-12-20 10:00", .action = XF_ACT_REPLY,
	    .result = "supported");
	VISIT(A, "2026-12-28 10:00", .kind = "phone", .outcome = "satisfied");
	STEP(A, "2027-01-05 10:00", .action = XF_ACT_CLOSE,
	    .result = "supported-done");
	VISIT(B, "2026-11-20 10:00", .kind = "phone",
	    .outcome = "unsatisfied");
	STEP(G, "2026-11-25 09:00", .action = XF_ACT_UNIT_ACCEPT);
	STEP(G, "2026-12-15 10:00", .action = XF_ACT_REPLY,
	    .result = "supported");
}

/* ------------------------------------------------------------------ */

/*
 * The rates of October 2026, read on 2027-02-15 (every window closed),
 * before the later steps.  Over the handlings (each item's one, A's
 * first):
 *
 * timely_acceptance: first items, first handling, received 09-16 to
 *   10-16 (limit in October): A, E, F, G = 4.  Decided by the limit:
 *   A 09-25 <= 10-05 yes, E 10-12 > 10-10 no, F 10-12 <= 10-13 yes,
 *   G (11-03) no: 2, 50.0.
 * accepted_late: decided after the limit, by 10-31: E: 1/4, 25.0.
 * not_accepted: not decided by 10-31: G: 1/4, 25.0 (2 + 1 + 1 = 4).
 * timely_acceptance_unit: assigned + 15 in October: A (10-10), D
 *   (10-03), H (10-05), I (10-27); B 09-05, C 09-09, G 11-18 not.
 *   Decided by then: A 09-28 yes, D declined 10-02 yes, H 10-09 no, I
 *   never: 2/4, 50.0.
 * on_time_completion: reply_due in October: B 10-19, C 10-24, D 10-31
 *   (A 11-24, H 11-19, I 12-11, G 2027-01-02 not): B replied 10-15 yes,
 *   C replied 10-28 and closed 10-30 no, D not: 1/3, 33.3.
 * evaluation_participation: replied in October, window closed: A 10-12,
 *   B 10-15, C 10-28, I 10-20 = 4; evaluated in the window: A 10-15, B
 *   10-20, C 11-05, I 10-22: 4/4, 100.0.
 * satisfaction: of those evaluated, the last in the window satisfied or
 *   basic: A satisfied, B basic (11-10, in 10-15..11-14), C
 *   unsatisfied, I satisfied: 3/4, 75.0.
 * first_satisfaction: the same without I (a repeat): 2/3, 66.7.
 * online_share: received in October: G, I; online: G: 1/2, 50.0.
 * repeat_rate: I: 1/2, 50.0.
 * one_time_resolution: first items closed in October, +90 days before
 *   today: A (10-20), C (10-30) = 2; no repeat in the window: A has A2
 *   (12-01 <= 2027-01-18), C none: 1/2, 50.0.
 * resolution: received in October: G, I; closed by 10-31: I: 1/2, 50.0.
 * key_case_resolution: key cases with a lead received in October: I,
 *   closed: 1/1, 100.0.
 * settles: 10-31 + 1 = 11-01; + 31 = 12-01 (the evaluation window);
 *   + 91 = 2027-01-30 (the resolution window); open: none, today being
 *   2027-02-15.  No target is set.
 */
static const char *const october[] = {
	"timely_acceptance|2|4|50.0|-|false|2026-11-01",
	"accepted_late|1|4|25.0|-|false|2026-11-01",
	"not_accepted|1|4|25.0|-|false|2026-11-01",
	"timely_acceptance_unit|2|4|50.0|-|false|2026-11-01",
	"on_time_completion|1|3|33.3|-|false|2026-11-01",
	"evaluation_participation|4|4|100.0|-|false|2026-12-01",
	"satisfaction|3|4|75.0|-|false|2026-12-01",
	"first_satisfaction|2|3|66.7|-|false|2026-12-01",
	"online_share|1|2|50.0|-|false|2026-11-01",
	"repeat_rate|1|2|50.0|-|false|2026-11-01",
	"one_time_resolution|1|2|50.0|-|false|2027-01-30",
	"resolution|1|2|50.0|-|false|2026-11-01",
	"key_case_resolution|1|1|100.0|-|false|2026-11-01",
};
#define NOCT	(sizeof(october) / sizeof(october[0]))

static void
test_rates(xf_ledger *l, char *before, size_t len)
{
	char		 err[512];
	xf_cursor	*c;

	now("2027-02-15 09:00");
	CHECK_STR(header(xf_stats_rates(l, defaults, "2026-10-01",
	    "2026-10-31", NULL, NULL, err, sizeof(err))),
	    "rate,numerator,denominator,value,target,open,settles");
	snprintf(before, len, "%s", rates(l, "2026-10-01", "2026-10-31",
	    NULL, NULL));
	expect(before, october, NOCT, __LINE__);
	/* "all" is every rate too. */
	CHECK_STR(rates(l, "2026-10-01", "2026-10-31", "all", NULL), before);

	/* 三率: timely acceptance, on-time completion, satisfaction. */
	EXPECT(rates(l, "2026-10-01", "2026-10-31", "三率", NULL),
	    "timely_acceptance|2|4|50.0|-|false|2026-11-01",
	    "on_time_completion|1|3|33.3|-|false|2026-11-01",
	    "satisfaction|3|4|75.0|-|false|2026-12-01");
	/* 五率: and participation, one-time resolution. */
	EXPECT(rates(l, "2026-10-01", "2026-10-31", "五率", NULL),
	    "timely_acceptance|2|4|50.0|-|false|2026-11-01",
	    "on_time_completion|1|3|33.3|-|false|2026-11-01",
	    "evaluation_participation|4|4|100.0|-|false|2026-12-01",
	    "satisfaction|3|4|75.0|-|false|2026-12-01",
	    "one_time_resolution|1|2|50.0|-|false|2027-01-30");

	/*
	 * By unit (each handling's own; NULL first, then 区人社局 (人
	 * U+4EBA) < 区住建局 (住 U+4F4F) < 区城管局 (城 U+57CE)).  Units:
	 * A, C, G 区住建局; B, D 区人社局; H, I 区城管局; E, F none.
	 *   timely: none {E no, F yes} 1/2; 区住建局 {A yes, G no} 1/2.
	 *   late: none {E} 1/2; 区住建局 0/2.  not: none 0/2; 区住建局 {G} 1/2.
	 *   unit: 区人社局 {D} 1/1; 区住建局 {A} 1/1; 区城管局 {H, I} 0/2.
	 *   on time: 区人社局 {B yes, D no} 1/2; 区住建局 {C} 0/1.
	 *   participation: 区人社局 {B} 1/1; 区住建局 {A, C} 2/2;
	 *     区城管局 {I} 1/1.
	 *   satisfaction: 区人社局 1/1; 区住建局 {A yes, C no} 1/2; 区城管局 1/1.
	 *   first: 区人社局 1/1; 区住建局 1/2.
	 *   online: 区住建局 {G} 1/1; 区城管局 {I} 0/1.
	 *   repeat: 区住建局 0/1; 区城管局 1/1.
	 *   one-time: 区住建局 {A no, C yes} 1/2.
	 *   resolution: 区住建局 {G} 0/1; 区城管局 {I} 1/1.  key: 区城管局 1/1.
	 */
	CHECK_STR(header(xf_stats_rates(l, defaults, "2026-10-01",
	    "2026-10-31", NULL, "unit", err, sizeof(err))),
	    "rate,unit,numerator,denominator,value,target,open,settles");
	EXPECT(rates(l, "2026-10-01", "2026-10-31", NULL, "unit"),
	    "timely_acceptance|-|1|2|50.0|-|false|2026-11-01",
	    "timely_acceptance|区住建局|1|2|50.0|-|false|2026-11-01",
	    "accepted_late|-|1|2|50.0|-|false|2026-11-01",
	    "accepted_late|区住建局|0|2|0.0|-|false|2026-11-01",
	    "not_accepted|-|0|2|0.0|-|false|2026-11-01",
	    "not_accepted|区住建局|1|2|50.0|-|false|2026-11-01",
	    "timely_acceptance_unit|区人社局|1|1|100.0|-|false|2026-11-01",
	    "timely_acceptance_unit|区住建局|1|1|100.0|-|false|2026-11-01",
	    "timely_acceptance_unit|区城管局|0|2|0.0|-|false|2026-11-01",
	    "on_time_completion|区人社局|1|2|50.0|-|false|2026-11-01",
	    "on_time_completion|区住建局|0|1|0.0|-|false|2026-11-01",
	    "evaluation_participation|区人社局|1|1|100.0|-|false|2026-12-01",
	    "evaluation_participation|区住建局|2|2|100.0|-|false|2026-12-01",
	    "evaluation_participation|区城管局|1|1|100.0|-|false|2026-12-01",
	    "satisfaction|区人社局|1|1|100.0|-|false|2026-12-01",
	    "satisfaction|区住建局|1|2|50.0|-|false|2026-12-01",
	    "satisfaction|区城管局|1|1|100.0|-|false|2026-12-01",
	    "first_satisfaction|区人社局|1|1|100.0|-|false|2026-12-01",
	    "first_satisfaction|区住建局|1|2|50.0|-|false|2026-12-01",
	    "online_share|区住建局|1|1|100.0|-|false|2026-11-01",
	    "online_share|区城管局|0|1|0.0|-|false|2026-11-01",
	    "repeat_rate|区住建局|0|1|0.0|-|false|2026-11-01",
	    "repeat_rate|区城管局|1|1|100.0|-|false|2026-11-01",
	    "one_time_resolution|区住建局|1|2|50.0|-|false|2027-01-30",
	    "resolution|区住建局|0|1|0.0|-|false|2026-11-01",
	    "resolution|区城管局|1|1|100.0|-|false|2026-11-01",
	    "key_case_resolution|区城管局|1|1|100.0|-|false|2026-11-01");
	/* A set by unit: 三率. */
	EXPECT(rates(l, "2026-10-01", "2026-10-31", "三率", "unit"),
	    "timely_acceptance|-|1|2|50.0|-|false|2026-11-01",
	    "timely_acceptance|区住建局|1|2|50.0|-|false|2026-11-01",
	    "on_time_completion|区人社局|1|2|50.0|-|false|2026-11-01",
	    "on_time_completion|区住建局|0|1|0.0|-|false|2026-11-01",
	    "satisfaction|区人社局|1|1|100.0|-|false|2026-12-01",
	    "satisfaction|区住建局|1|2|50.0|-|false|2026-12-01",
	    "satisfaction|区城管局|1|1|100.0|-|false|2026-12-01");

	/*
	 * June 2026: nothing in it (no limit, deadline, reply, closure or
	 * receipt falls in June): every denominator 0, every value NULL,
	 * never 0 or 100.  Settled: 07-01, 07-31, 09-29.
	 */
	EXPECT(rates(l, "2026-06-01", "2026-06-30", NULL, NULL),
	    "timely_acceptance|0|0|-|-|false|2026-07-01",
	    "accepted_late|0|0|-|-|false|2026-07-01",
	    "not_accepted|0|0|-|-|false|2026-07-01",
	    "timely_acceptance_unit|0|0|-|-|false|2026-07-01",
	    "on_time_completion|0|0|-|-|false|2026-07-01",
	    "evaluation_participation|0|0|-|-|false|2026-07-31",
	    "satisfaction|0|0|-|-|false|2026-07-31",
	    "first_satisfaction|0|0|-|-|false|2026-07-31",
	    "online_share|0|0|-|-|false|2026-07-01",
	    "repeat_rate|0|0|-|-|false|2026-07-01",
	    "one_time_resolution|0|0|-|-|false|2026-09-29",
	    "resolution|0|0|-|-|false|2026-07-01",
	    "key_case_resolution|0|0|-|-|false|2026-07-01");
	/* By unit, no case: no row at all. */
	CHECK_STR(rates(l, "2026-06-01", "2026-06-30", NULL, "unit"), "");

	/*
	 * Read on 2026-11-20 instead: the evaluation windows (to 12-01)
	 * and the resolution window (to 2027-01-30) are open.  The windows
	 * closed by 11-20 (replied + 30 < 11-20): A (11-11), B (11-14), I
	 * (11-19), not C (11-27): participation 3/3; satisfaction A, B, I
	 * 3/3; first A, B 2/2.  One-time: no closure + 90 before 11-20:
	 * 0/0.
	 */
	now("2026-11-20 09:00");
	EXPECT(rates(l, "2026-10-01", "2026-10-31", "五率", NULL),
	    "timely_acceptance|2|4|50.0|-|false|2026-11-01",
	    "on_time_completion|1|3|33.3|-|false|2026-11-01",
	    "evaluation_participation|3|3|100.0|-|true|2026-12-01",
	    "satisfaction|3|3|100.0|-|true|2026-12-01",
	    "one_time_resolution|0|0|-|-|true|2027-01-30");

	/* Errors: NULL, with the message. */
	now("2027-02-15 09:00");
	err[0] = '\0';
	c = xf_stats_rates(l, defaults, "2026-10-31", "2026-10-01", NULL,
	    NULL, err, sizeof(err));
	CHECK(c == NULL);
	CHECK_STR(err, "the period ends (2026-10-01) before it begins "
	    "(2026-10-31)");
	xf_cursor_free(c);
	c = xf_stats_rates(l, defaults, "2026-10-01", "2026-10-31", "四率",
	    NULL, err, sizeof(err));
	CHECK(c == NULL);
	CHECK_STR(err, "'四率': not a set of rates");
	xf_cursor_free(c);
	c = xf_stats_rates(l, defaults, "2026-10-01", "2026-10-31", NULL,
	    "colour", err, sizeof(err));
	CHECK(c == NULL);
	CHECK_STR(err, "'colour': not a dimension");
	xf_cursor_free(c);
	c = xf_stats_rates(l, defaults, "2026-10-01", "2026-13-01", NULL,
	    NULL, err, sizeof(err));
	CHECK(c == NULL);
	CHECK_STR(err, "'2026-13-01': not a day (YYYY-MM-DD)");
	xf_cursor_free(c);
	c = xf_stats_rates(l, defaults, NULL, "2026-10-31", NULL, NULL, err,
	    sizeof(err));
	CHECK(c == NULL);
	CHECK_STR(err, "'': not a day (YYYY-MM-DD)");
	xf_cursor_free(c);
	c = xf_stats_rates_recorded(l, defaults, "2026-10-01", "2026-10-31",
	    NULL, "due_state", "2026-11-05", err, sizeof(err));
	CHECK(c == NULL);
	CHECK_STR(err, "'due_state': not known as recorded");
	xf_cursor_free(c);
	c = xf_stats_rates_recorded(l, defaults, "2026-10-31", "2026-10-01",
	    NULL, NULL, "2026-11-05", err, sizeof(err));
	CHECK(c == NULL);
	CHECK_STR(err, "the period ends (2026-10-01) before it begins "
	    "(2026-10-31)");
	xf_cursor_free(c);
	c = xf_stats_rates_recorded(l, defaults, "2026-10-01", "2026-10-31",
	    NULL, NULL, "昨天", err, sizeof(err));
	CHECK(c == NULL);
	CHECK(strncmp(err, "'昨天': ", strlen("'昨天': ")) == 0);
	xf_cursor_free(c);

	/* The sets and the names. */
	CHECK(xf_stats_rate_set(defaults, "三率") == 1);
	CHECK(xf_stats_rate_set(defaults, "五率") == 1);
	CHECK(xf_stats_rate_set(defaults, "all") == 1);
	CHECK(xf_stats_rate_set(defaults, "四率") == 0);
	CHECK(xf_stats_rate("timely_acceptance", 17) == 0);
	CHECK(xf_stats_rate("key_case_resolution", 19) == 12);
	CHECK(xf_stats_rate("timely", 6) == -1);
	CHECK_STR(xf_stats_rate_zh("satisfaction"), "满意率");
	CHECK_STR(xf_stats_zh("rate", "on_time_completion"), "按期办结率");
	CHECK_STR(xf_stats_zh("stage", "total"), "合计");
	CHECK_STR(xf_stats_zh("measure", "visits"), "来访");
	CHECK(xf_stats_zh("unit", "total") == NULL);
	CHECK(xf_stats_rate_zh("colour") == NULL);
}

/*
 * Stability: after the steps dated after October (a reopening of A and
 * its second handling, a visit of B after its window, G's unit and
 * reply), the rates of October are the same, every row and column: A's
 * first handling, as it ended, still counts (its reply, evaluation,
 * closure); its second is in force only from 12-05.  Then a reply of D
 * dated 10-30 and recorded on 2027-02-15 changes them: on_time_completion
 * B and D by 10-31: 2/3, 66.7; evaluation_participation D replied in
 * October, its window closed, not evaluated: 4/5, 80.0; the rest as
 * before.
 */
static void
test_stability(xf_ledger *l, const char *before, char *after, size_t len)
{
	char	 changed[8192];
	size_t	 i;

	later(l);
	now("2027-02-15 09:00");
	CHECK_STR(rates(l, "2026-10-01", "2026-10-31", NULL, NULL), before);
	expect(rates(l, "2026-10-01", "2026-10-31", NULL, NULL), october,
	    NOCT, __LINE__);

	/* Phase 4: a back-dated reply, recorded late. */
	now("2027-02-15 11:00");
	step(l, D, &(struct xf_step){ .action = XF_ACT_REPLY,
	    .at = "2026-10-30 10:00", .result = "explained" }, __LINE__);
	CHECK_STR(xf_record_get(got, XF_F_REPLY_ON_TIME), "1");
	now("2027-02-15 12:00");
	snprintf(after, len, "%s", rates(l, "2026-10-01", "2026-10-31", NULL,
	    NULL));
	CHECK(strcmp(after, before) != 0);
	snprintf(changed, sizeof(changed), "%s", after);
	{
		const char *want[NOCT];

		for (i = 0; i < NOCT; i++)
			want[i] = october[i];
		want[4] = "on_time_completion|2|3|66.7|-|false|2026-11-01";
		want[5] =
		    "evaluation_participation|4|5|80.0|-|false|2026-12-01";
		expect(changed, want, NOCT, __LINE__);
	}
}

/*
 * The rates as recorded.
 *
 * On 2026-11-05 (to its end): the items registered by then (not A2),
 * the steps recorded by then (not B's visit of 11-10, nothing of phase 3
 * or 4; C's visit of 11-05 and G's assignment of 11-03 yes); today
 * 11-05.  Acceptance, units, completion, shares, resolution as in
 * october[]; no evaluation window closed (replied + 30: A 11-11, B
 * 11-14, C 11-27, I 11-19, all >= 11-05): 0/0, NULL, open; no
 * resolution window either: 0/0, NULL, open.
 *
 * On 2027-02-15 10:30: everything but D's late reply (recorded 11:00):
 * the rates before it (today the same day).  On 2027-02-15, a day to
 * its end: with it, the rates of today.
 */
static void
test_recorded(xf_ledger *l, const char *before, const char *after)
{
	now("2027-02-15 12:00");
	EXPECT(recorded(l, "2026-10-01", "2026-10-31", NULL, NULL,
	    "2026-11-05"),
	    "timely_acceptance|2|4|50.0|-|false|2026-11-01",
	    "accepted_late|1|4|25.0|-|false|2026-11-01",
	    "not_accepted|1|4|25.0|-|false|2026-11-01",
	    "timely_acceptance_unit|2|4|50.0|-|false|2026-11-01",
	    "on_time_completion|1|3|33.3|-|false|2026-11-01",
	    "evaluation_participation|0|0|-|-|true|2026-12-01",
	    "satisfaction|0|0|-|-|true|2026-12-01",
	    "first_satisfaction|0|0|-|-|true|2026-12-01",
	    "online_share|1|2|50.0|-|false|2026-11-01",
	    "repeat_rate|1|2|50.0|-|false|2026-11-01",
	    "one_time_resolution|0|0|-|-|true|2027-01-30",
	    "resolution|1|2|50.0|-|false|2026-11-01",
	    "key_case_resolution|1|1|100.0|-|false|2026-11-01");
	CHECK_STR(recorded(l, "2026-10-01", "2026-10-31", NULL, NULL,
	    "2027-02-15 10:30"), before);
	CHECK_STR(recorded(l, "2026-10-01", "2026-10-31", NULL, NULL,
	    "2027-02-15"), after);
	/*
	 * December 2026, today 2027-02-15: A's second handling in it.
	 *   timely: first items received 11-16 to 12-16: none (A2 is a
	 *     repeat): 0/0.
	 *   unit: A's second handling, assigned 12-06 (+15 = 12-21), no
	 *     decision of 区城管局: 0/1.  (G: 11-18, not in it.)
	 *   on time: reply_due in December: I 12-11, closed 10-25: 1/1.
	 *   participation: replied in December: A (second, 12-20) and G
	 *     (12-15); evaluated: A (12-28 satisfied): 1/2; satisfaction
	 *     1/1; first 1/1.
	 *   online, repeat: received: A2, a letter, a repeat: 0/1, 1/1.
	 *   one-time: no first item closed in December: 0/0.
	 *   resolution: A2, not closed: 0/1.  key: 0/0.
	 *   settles 2027-01-01, 01-31, 04-01 (+91: open on 02-15).
	 */
	EXPECT(rates(l, "2026-12-01", "2026-12-31", NULL, NULL),
	    "timely_acceptance|0|0|-|-|false|2027-01-01",
	    "accepted_late|0|0|-|-|false|2027-01-01",
	    "not_accepted|0|0|-|-|false|2027-01-01",
	    "timely_acceptance_unit|0|1|0.0|-|false|2027-01-01",
	    "on_time_completion|1|1|100.0|-|false|2027-01-01",
	    "evaluation_participation|1|2|50.0|-|false|2027-01-31",
	    "satisfaction|1|1|100.0|-|false|2027-01-31",
	    "first_satisfaction|1|1|100.0|-|false|2027-01-31",
	    "online_share|0|1|0.0|-|false|2027-01-01",
	    "repeat_rate|1|1|100.0|-|false|2027-01-01",
	    "one_time_resolution|0|0|-|-|true|2027-04-01",
	    "resolution|0|1|0.0|-|false|2027-01-01",
	    "key_case_resolution|0|0|-|-|false|2027-01-01");
	/*
	 * Everything recorded: the same as the ledger today, by unit too
	 * (A's second handling 区城管局, the first 区住建局), and for the
	 * period of A's second handling (December: its reply 12-20, its
	 * visit 12-28, G's reply 12-15).
	 */
	CHECK_STR(recorded(l, "2026-10-01", "2026-10-31", NULL, "unit",
	    "2027-02-15"), rates(l, "2026-10-01", "2026-10-31", NULL, "unit"));
	CHECK_STR(recorded(l, "2026-12-01", "2026-12-31", NULL, "unit",
	    "2027-02-15"), rates(l, "2026-12-01", "2026-12-31", NULL, "unit"));
	CHECK_STR(recorded(l, "2026-12-01", "2026-12-31", NULL, NULL,
	    "2027-02-15"), rates(l, "2026-12-01", "2026-12-31", NULL, NULL));
	/*
	 * As recorded on 2026-11-30, by unit, 三率: the windows of A, B, I
	 * closed (C's 11-27 too: 10-28 + 30 = 11-27 < 11-30), B's visit of
	 * 11-10 recorded: satisfaction as in october[] by unit.
	 */
	EXPECT(recorded(l, "2026-10-01", "2026-10-31", "三率", "unit",
	    "2026-11-30"),
	    "timely_acceptance|-|1|2|50.0|-|false|2026-11-01",
	    "timely_acceptance|区住建局|1|2|50.0|-|false|2026-11-01",
	    "on_time_completion|区人社局|1|2|50.0|-|false|2026-11-01",
	    "on_time_completion|区住建局|0|1|0.0|-|false|2026-11-01",
	    "satisfaction|区人社局|1|1|100.0|-|true|2026-12-01",
	    "satisfaction|区住建局|1|2|50.0|-|true|2026-12-01",
	    "satisfaction|区城管局|1|1|100.0|-|true|2026-12-01");
	/*
	 * As recorded on 2026-11-09: B's visit of 11-10 not yet: B's last
	 * evaluation in its window is then 10-20 unsatisfied.  Windows
	 * closed by 11-09: none of A (11-11), B (11-14), I (11-19), C: 0/0.
	 * As recorded on 2026-11-15: A and B closed: A satisfied, B (only
	 * the visits recorded by 11-15: 10-20 unsatisfied, 11-10 basic)
	 * basic: 2/2.
	 */
	EXPECT(recorded(l, "2026-10-01", "2026-10-31", "三率", NULL,
	    "2026-11-09"),
	    "timely_acceptance|2|4|50.0|-|false|2026-11-01",
	    "on_time_completion|1|3|33.3|-|false|2026-11-01",
	    "satisfaction|0|0|-|-|true|2026-12-01");
	EXPECT(recorded(l, "2026-10-01", "2026-10-31", "三率", NULL,
	    "2026-11-15"),
	    "timely_acceptance|2|4|50.0|-|false|2026-11-01",
	    "on_time_completion|1|3|33.3|-|false|2026-11-01",
	    "satisfaction|2|2|100.0|-|true|2026-12-01");
	/*
	 * As recorded on 2026-10-20 at 10:30: A's closure (10:00) in, I's
	 * reply (11:00) and closure (10-25) not: resolution G, I: 0/2; key
	 * I: 0/1; today 10-20, before the period ends: open.  I and G are
	 * registered; A2 is not.
	 */
	EXPECT(recorded(l, "2026-10-01", "2026-10-31", "all", NULL,
	    "2026-10-20 10:30"),
	    "timely_acceptance|2|4|50.0|-|true|2026-11-01",
	    "accepted_late|1|4|25.0|-|true|2026-11-01",
	    "not_accepted|1|4|25.0|-|true|2026-11-01",
	    "timely_acceptance_unit|2|4|50.0|-|true|2026-11-01",
	    "on_time_completion|1|3|33.3|-|true|2026-11-01",
	    "evaluation_participation|0|0|-|-|true|2026-12-01",
	    "satisfaction|0|0|-|-|true|2026-12-01",
	    "first_satisfaction|0|0|-|-|true|2026-12-01",
	    "online_share|1|2|50.0|-|true|2026-11-01",
	    "repeat_rate|1|2|50.0|-|true|2026-11-01",
	    "one_time_resolution|0|0|-|-|true|2027-01-30",
	    "resolution|0|2|0.0|-|true|2026-11-01",
	    "key_case_resolution|0|1|0.0|-|true|2026-11-01");
}

/* ------------------------------------------------------------------ */

/* The handlings, read after phases 3 and 4. */
static void
test_handlings(xf_ledger *l)
{
	struct xf_filter f;
	xf_cursor	*c;
	xf_record	*r = xf_record_new();
	char		 list[1024];
	size_t		 used, i;
	int		 rc;

#define LIST(f, n) do { \
	used = 0; \
	list[0] = '\0'; \
	c = xf_ledger_handlings(l, (f), (n)); \
	CHECK(c != NULL); \
	while (c != NULL && (rc = xf_cursor_next(c, r)) == 1) \
		used += (size_t)snprintf(list + used, sizeof(list) - used, \
		    "%s%s/%s", used ? " " : "", \
		    xf_record_get_key(r, "id") == NULL ? "?" : \
		    strcmp(xf_record_get_key(r, "id"), A) == 0 ? "A" : \
		    strcmp(xf_record_get_key(r, "id"), A2) == 0 ? "A2" : \
		    strcmp(xf_record_get_key(r, "id"), B) == 0 ? "B" : \
		    strcmp(xf_record_get_key(r, "id"), C) == 0 ? "C" : \
		    strcmp(xf_record_get_key(r, "id"), D) == 0 ? "D" : \
		    strcmp(xf_record_get_key(r, "id"), E) == 0 ? "E" : \
		    strcmp(xf_record_get_key(r, "id"), F) == 0 ? "F" : \
		    strcmp(xf_record_get_key(r, "id"), G) == 0 ? "G" : \
		    strcmp(xf_record_get_key(r, "id"), H) == 0 ? "H" : \
		    strcmp(xf_record_get_key(r, "id"), I) == 0 ? "I" : "?", \
		    xf_record_get_key(r, "handling")); \
	xf_cursor_free(c); \
} while (0)

	now("2027-02-15 12:00");
	/* Every handling, the cases in the ledger's order, A's two. */
	xf_filter_init(&f);
	LIST(&f, 0);
	CHECK_STR(list, "B/1 C/1 D/1 H/1 A/1 A/2 E/1 F/1 G/1 I/1 A2/1");
	/* Handling 2: A's alone; handling 3: none. */
	LIST(&f, 2);
	CHECK_STR(list, "A/2");
	LIST(&f, 3);
	CHECK_STR(list, "");
	/* By unit, the unit in force: H, A (区城管局 now) and I. */
	f.unit = "区城管局";
	LIST(&f, 0);
	CHECK_STR(list, "H/1 A/1 A/2 I/1");
	LIST(&f, 1);
	CHECK_STR(list, "H/1 A/1 I/1");
	/* The limit counts cases: five cases, six handlings. */
	xf_filter_init(&f);
	f.limit = 5;
	LIST(&f, 0);
	CHECK_STR(list, "B/1 C/1 D/1 H/1 A/1 A/2");

	/* By id: A's two handlings, column by column. */
	xf_filter_init(&f);
	f.id = A;
	c = xf_ledger_handlings(l, &f, 0);
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK(xf_cursor_next(c, r) == 1);
		used = 0;
		list[0] = '\0';
		for (i = 0; i < 5; i++)
			used += (size_t)snprintf(list + used, sizeof(list) -
			    used, "%s%s", i ? "," : "", xf_record_key(r, i));
		CHECK_STR(list, "id,handling,reopened_at,status,unit");
		CHECK_STR(xf_record_get_key(r, "id"), A);
		CHECK_STR(xf_record_get_key(r, "handling"), "1");
		CHECK_STR(xf_record_get_key(r, "reopened_at"), "");
		CHECK_STR(xf_record_get_key(r, "status"), "closed");
		CHECK_STR(xf_record_get_key(r, "unit"), "区住建局");
		CHECK_STR(xf_record_get_key(r, "handler"), "王科长");
		CHECK_STR(xf_record_get_key(r, "decided_at"),
		    "2026-09-25T10:00:00+08:00");
		CHECK_STR(xf_record_get_key(r, "accepted_at"),
		    "2026-09-25T10:00:00+08:00");
		CHECK_STR(xf_record_get_key(r, "assigned_at"),
		    "2026-09-25T10:00:00+08:00");
		CHECK_STR(xf_record_get_key(r, "unit_accepted_at"),
		    "2026-09-28T09:00:00+08:00");
		CHECK_STR(xf_record_get_key(r, "reply_due"), "2026-11-24");
		CHECK_STR(xf_record_get_key(r, "replied_at"),
		    "2026-10-12T10:00:00+08:00");
		CHECK_STR(xf_record_get_key(r, "reply"), "supported");
		CHECK_STR(xf_record_get_key(r, "reply_on_time"), "1");
		CHECK_STR(xf_record_get_key(r, "closed_at"),
		    "2026-10-20T10:00:00+08:00");
		CHECK_STR(xf_record_get_key(r, "close_basis"),
		    "supported-done");
		CHECK_STR(xf_record_get_key(r, "satisfaction"), "satisfied");
		CHECK_STR(xf_record_get_key(r, "due"), "");

		CHECK(xf_cursor_next(c, r) == 1);
		CHECK_STR(xf_record_get_key(r, "handling"), "2");
		CHECK_STR(xf_record_get_key(r, "reopened_at"),
		    "2026-12-05T10:00:00+08:00");
		CHECK_STR(xf_record_get_key(r, "status"), "closed");
		CHECK_STR(xf_record_get_key(r, "unit"), "区城管局");
		CHECK_STR(xf_record_get_key(r, "handler"), "赵科长");
		CHECK_STR(xf_record_get_key(r, "decided_at"), "");
		CHECK_STR(xf_record_get_key(r, "accepted_at"),
		    "2026-09-25T10:00:00+08:00");
		CHECK_STR(xf_record_get_key(r, "assigned_at"),
		    "2026-12-06T09:00:00+08:00");
		CHECK_STR(xf_record_get_key(r, "unit_accepted_at"), "");
		CHECK_STR(xf_record_get_key(r, "reply_due"), "2027-02-04");
		CHECK_STR(xf_record_get_key(r, "replied_at"),
		    "2026-12-20T10:00:00+08:00");
		CHECK_STR(xf_record_get_key(r, "closed_at"),
		    "2027-01-05T10:00:00+08:00");
		CHECK_STR(xf_record_get_key(r, "satisfaction"), "satisfied");
		CHECK(xf_cursor_next(c, r) == 0);
		xf_cursor_free(c);
	}
	/* D's declined unit, with handling 1 asked for. */
	f.id = D;
	c = xf_ledger_handlings(l, &f, 1);
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK(xf_cursor_next(c, r) == 1);
		CHECK_STR(xf_record_get_key(r, "unit_declined_at"),
		    "2026-10-02T09:00:00+08:00");
		CHECK_STR(xf_record_get_key(r, "status"), "replied");
		CHECK(xf_cursor_next(c, r) == 0);
		xf_cursor_free(c);
	}
	/* No such case: no row; a bad number: NULL, with the message. */
	f.id = "20260101-9999";
	LIST(&f, 0);
	CHECK_STR(list, "");
	xf_filter_init(&f);
	CHECK(xf_ledger_handlings(l, &f, -1) == NULL);
	CHECK_STR(xf_ledger_errmsg(l), "-1: not a handling number");
	xf_record_free(r);
#undef LIST
}

/*
 * The daily report, read after every phase.
 *
 * 2026-10-08: I received (a visit, 3 people, not collective): registered
 *   and visits 1/3; nothing else.
 * 2026-10-12: accepted I (accepted_at 10-12; 3 people); transferred E;
 *   refused F; replied A, in its first handling (kept in the handlings
 *   since the reopening); nothing closed or visited; fell_overdue (due
 *   10-11): none.
 * 2026-10-20: replied I (3 people); closed A, its first handling; the
 *   visit to B (people empty).
 * 2026-11-01, read before D's late reply: fell_overdue D (due 10-31,
 *   still assigned), 1 person.
 */
static void
test_daily(xf_ledger *l)
{
	char	 err[512];

	now("2027-02-15 12:00");
	EXPECT(daily(l, "2026-10-08"),
	    "2026-10-08|registered|1|3", "2026-10-08|letters|0|0",
	    "2026-10-08|visits|1|3", "2026-10-08|online|0|0",
	    "2026-10-08|phone|0|0", "2026-10-08|collective_visits|0|0",
	    "2026-10-08|skip_level|0|0", "2026-10-08|accepted|0|0",
	    "2026-10-08|transferred|0|0", "2026-10-08|refused|0|0",
	    "2026-10-08|replied|0|0", "2026-10-08|closed|0|0",
	    "2026-10-08|visits_made|0|-", "2026-10-08|fell_overdue|0|0");
	EXPECT(daily(l, "2026-10-12"),
	    "2026-10-12|registered|0|0", "2026-10-12|letters|0|0",
	    "2026-10-12|visits|0|0", "2026-10-12|online|0|0",
	    "2026-10-12|phone|0|0", "2026-10-12|collective_visits|0|0",
	    "2026-10-12|skip_level|0|0", "2026-10-12|accepted|1|3",
	    "2026-10-12|transferred|1|1", "2026-10-12|refused|1|1",
	    "2026-10-12|replied|1|1", "2026-10-12|closed|0|0",
	    "2026-10-12|visits_made|0|-", "2026-10-12|fell_overdue|0|0");
	EXPECT(daily(l, "2026-10-20"),
	    "2026-10-20|registered|0|0", "2026-10-20|letters|0|0",
	    "2026-10-20|visits|0|0", "2026-10-20|online|0|0",
	    "2026-10-20|phone|0|0", "2026-10-20|collective_visits|0|0",
	    "2026-10-20|skip_level|0|0", "2026-10-20|accepted|0|0",
	    "2026-10-20|transferred|0|0", "2026-10-20|refused|0|0",
	    "2026-10-20|replied|1|3", "2026-10-20|closed|1|1",
	    "2026-10-20|visits_made|1|-", "2026-10-20|fell_overdue|0|0");
	/* Yesterday by default. */
	now("2026-10-21 08:00");
	CHECK_STR(daily(l, NULL), daily(l, "2026-10-20"));
	CHECK(xf_stats_daily(l, defaults, "2026-10-32", err, sizeof(err)) ==
	    NULL);
	CHECK_STR(err, "'2026-10-32': not a day (YYYY-MM-DD)");
}

/*
 * The backlog, read before the later steps.
 *
 * On 2026-11-18: none registered and overdue (A2 is due 12-16); open: D
 *   (区人社局, due 10-31: overdue, not by 60 more), G (区住建局, due
 *   2027-01-02: on time), H (区城管局, due 11-19: due soon).
 * On 2027-02-15: A2 registered, due 12-16 + 15 = 12-31 past: very
 *   overdue; D very (10-31 + 60 = 12-30), G overdue (+60 = 03-03 not
 *   past), H very (11-19 + 60 = 2027-01-18) and a key case: key_overdue.
 */
static void
test_backlog(xf_ledger *l)
{
	now("2026-11-18 09:00");
	EXPECT(backlog(l),
	    "acceptance|-|0|0|0|0|0|0",
	    "handling|区人社局|1|0|1|0|0|0",
	    "handling|区住建局|1|0|0|0|0|0",
	    "handling|区城管局|1|1|0|0|0|0",
	    "total|-|3|1|1|0|0|0");
	now("2027-02-15 09:00");
	EXPECT(backlog(l),
	    "acceptance|-|1|0|1|1|0|0",
	    "handling|区人社局|1|0|1|1|0|0",
	    "handling|区住建局|1|0|1|0|0|0",
	    "handling|区城管局|1|0|1|1|0|1",
	    "total|-|4|0|4|3|0|1");
	/* The daily's fell_overdue on 11-01: D, due 10-31, still open. */
	CHECK(strstr(daily(l, "2026-11-01"), "2026-11-01|fell_overdue|1|1\n")
	    != NULL);
}

/*
 * The counts, read after every phase: units A 区城管局 (its second
 * handling), B, D 区人社局, C, G 区住建局, H, I 区城管局; E, F, A2 none.
 *   unit: none E, F, A2: 3 items, 3 people, 1 batch (F a visit);
 *   区人社局 B 2 + D 1: 2, 3, 0; 区住建局 C 6 + G 1: 2, 7, 1 (C);
 *   区城管局 A 1 + H 1 + I 3: 3, 5, 1 (I).
 *   region:6,category:1: 330106 劳动和社会保障 B, D: 2, 3, 0;
 *   330106 城乡建设 A, F, H, I, A2: 5, 7, 2 (F, I); 330108 劳动和社会保障
 *   G: 1, 1, 0; 330108 城乡建设 C, E: 2, 7, 1 (劳 U+52B3 < 城 U+57CE).
 *   unit,due_state on 2026-11-18: every deadline ended but H's (11-19:
 *   due soon) and A2's (12-16: on time).
 */
static void
test_count(xf_ledger *l)
{
	struct xf_filter f;
	char		 err[512];
	xf_cursor	*c;

	now("2027-02-15 12:00");
	xf_filter_init(&f);
	CHECK_STR(header(xf_stats_count(l, defaults, "unit", &f, 6, err,
	    sizeof(err))), "unit,items,people,batches");
	EXPECT(count(l, "unit", &f),
	    "-|3|3|1", "区人社局|2|3|0", "区住建局|2|7|1", "区城管局|3|5|1");
	CHECK_STR(header(xf_stats_count(l, defaults, "region:6,category:1", &f,
	    6, err, sizeof(err))), "region,category1,items,people,batches");
	EXPECT(count(l, "region:6,category:1", &f),
	    "330106|劳动和社会保障|2|3|0", "330106|城乡建设|5|7|2",
	    "330108|劳动和社会保障|1|1|0", "330108|城乡建设|2|7|1");
	/* region:9: the township. */
	EXPECT(count(l, "region:9", &f),
	    "330106001|5|5|1", "330106002|2|5|1", "330108001|2|7|1",
	    "330108002|1|1|0");
	now("2026-11-18 09:00");
	EXPECT(count(l, "unit,due_state", &f),
	    "-|-|2|2|1", "-|on_time|1|1|0", "区人社局|-|2|3|0",
	    "区住建局|-|2|7|1", "区城管局|-|2|4|1", "区城管局|due_soon|1|1|0");
	/* Filtered: received in October, by channel: G online, I visit. */
	f.from = "2026-10-01";
	f.to = "2026-10-31";
	EXPECT(count(l, "channel", &f), "online|1|1|0", "visit|1|3|1");
	/* Nothing counted: no row. */
	f.from = "2026-06-01";
	f.to = "2026-06-30";
	CHECK_STR(count(l, "unit", &f), "");

	/* Bad dimensions: NULL with the message. */
	xf_filter_init(&f);
	c = xf_stats_count(l, defaults, "colour", &f, 6, err, sizeof(err));
	CHECK(c == NULL);
	CHECK_STR(err, "'colour': not a dimension");
	xf_cursor_free(c);
	c = xf_stats_count(l, defaults, "unit,unit", &f, 6, err, sizeof(err));
	CHECK(c == NULL);
	CHECK_STR(err, "'unit': the column 'unit' a second time");
	xf_cursor_free(c);
	c = xf_stats_count(l, defaults, "region:6,region:9", &f, 6, err,
	    sizeof(err));
	CHECK(c == NULL);
	CHECK_STR(err, "'region:9': the column 'region' a second time");
	xf_cursor_free(c);
	c = xf_stats_count(l, defaults, "region:13", &f, 6, err, sizeof(err));
	CHECK(c == NULL);
	CHECK_STR(err, "'region:13': not a dimension");
	xf_cursor_free(c);
	c = xf_stats_count(l, defaults, "category:4", &f, 6, err, sizeof(err));
	CHECK(c == NULL);
	CHECK_STR(err, "'category:4': not a dimension");
	xf_cursor_free(c);
	c = xf_stats_count(l, defaults, "unit", &f, 13, err, sizeof(err));
	CHECK(c == NULL);
	CHECK_STR(err, "region digits: not from 1 to 12");
	xf_cursor_free(c);
	CHECK(xf_stats_dimension("region:9", 8) ==
	    xf_stats_dimension("region", 6));
	CHECK(xf_stats_dimension("level", 5) ==
	    xf_stats_dimension("lodged_level", 12));
	CHECK(xf_stats_dimension("colour", 6) == 0);
}

/*
 * The summary of October 2026 against the 31 days before (08-31 to
 * 09-30: D phone, H, A, E letters, F a visit; 5 items, 5 people) and
 * against October 2025 (nothing).  October: G online 1, I a visit (a
 * repeat) 3.
 *   visits: 1/3 against F 1/1: change 0.0, people (3 - 1) / 1 = 200.0.
 *   first_visits: 0/0 against F 1/1: -100.0, -100.0.
 *   letters: 0 against 3/3: -100.0.  phone: 0 against 1: -100.0.
 *   online: 1/1 against 0: NULL, NULL.
 *   all: 2/4 against 5/5: (2 - 5) / 5 = -60.0, (4 - 5) / 5 = -20.0.
 */
static void
test_summary(xf_ledger *l)
{
	char		 err[512];
	const char	*s;
	xf_cursor	*c;

	now("2027-02-15 12:00");
	CHECK_STR(header(xf_stats_summary(l, defaults, "2026-10-01",
	    "2026-10-31", XF_COMPARE_PREVIOUS, err, sizeof(err))),
	    "measure,items,people,previous_items,previous_people,change_pct,"
	    "people_change_pct");
	s = rows(xf_stats_summary(l, defaults, "2026-10-01", "2026-10-31",
	    XF_COMPARE_PREVIOUS, err, sizeof(err)), err);
	EXPECT(s,
	    "visits|1|3|1|1|0.0|200.0",
	    "first_visits|0|0|1|1|-100.0|-100.0",
	    "collective_visits|0|0|0|0|-|-",
	    "first_collective_visits|0|0|0|0|-|-",
	    "online_from_above|0|0|0|0|-|-",
	    "skip_level|0|0|0|0|-|-",
	    "skip_level_national|0|0|0|0|-|-",
	    "skip_level_province|0|0|0|0|-|-",
	    "skip_level_city|0|0|0|0|-|-",
	    "irregular_national|0|0|0|0|-|-",
	    "letters|0|0|3|3|-100.0|-100.0",
	    "phone|0|0|1|1|-100.0|-100.0",
	    "online|1|1|0|0|-|-",
	    "all|2|4|5|5|-60.0|-20.0",
	    /* No leader received a visit, no measure was taken. */
	    "leader_receptions|0|0|0|0|-|-",
	    "leader_receptions_county|0|0|0|0|-|-",
	    "leader_receptions_township|0|0|0|0|-|-",
	    "leader_receptions_village|0|0|0|0|-|-",
	    "leader_receptions_collective|0|0|0|0|-|-",
	    "lawful_measures|0|0|0|0|-|-",
	    "lawful_admonition|0|0|0|0|-|-",
	    "lawful_detention|0|0|0|0|-|-",
	    "lawful_arrest|0|0|0|0|-|-",
	    "lawful_other|0|0|0|0|-|-");
	/* A year before: nothing in October 2025, no change. */
	s = rows(xf_stats_summary(l, defaults, "2026-10-01", "2026-10-31",
	    XF_COMPARE_YEAR, err, sizeof(err)), err);
	CHECK(strstr(s, "all|2|4|0|0|-|-\n") != NULL);
	CHECK(strstr(s, "visits|1|3|0|0|-|-\n") != NULL);
	/*
	 * August 2026 against July (31 days: 07-01 to 07-31, nothing): B
	 * online 2, C a collective first visit 6, D phone 1.
	 */
	s = rows(xf_stats_summary(l, defaults, "2026-08-01", "2026-08-31",
	    XF_COMPARE_PREVIOUS, err, sizeof(err)), err);
	CHECK(strstr(s, "collective_visits|1|6|0|0|-|-\n") != NULL);
	CHECK(strstr(s, "first_collective_visits|1|6|0|0|-|-\n") != NULL);
	CHECK(strstr(s, "all|3|9|0|0|-|-\n") != NULL);
	/* September against August: 4 items (H A E F), 4 people, against 3/9. */
	s = rows(xf_stats_summary(l, defaults, "2026-09-01", "2026-09-30",
	    XF_COMPARE_PREVIOUS, err, sizeof(err)), err);
	CHECK(strstr(s, "all|4|4|3|9|33.3|-55.6\n") != NULL);

	c = xf_stats_summary(l, defaults, "2026-10-31", "2026-10-01",
	    XF_COMPARE_YEAR, err, sizeof(err));
	CHECK(c == NULL);
	CHECK_STR(err, "the period ends (2026-10-01) before it begins "
	    "(2026-10-31)");
	xf_cursor_free(c);
	c = xf_stats_summary(l, defaults, "2026-02-30", "2026-10-31",
	    XF_COMPARE_YEAR, err, sizeof(err));
	CHECK(c == NULL);
	CHECK_STR(err, "'2026-02-30': not a day (YYYY-MM-DD)");
	xf_cursor_free(c);
}

/* A measure against unlawful petitioning, in a batch of its own. */
static void
measure(xf_ledger *l, const char *id, enum xf_measure_kind kind,
    const char *at, long people)
{
	struct xf_lawful m = { .kind = kind, .at = at, .people = people };

	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_measure(l, id, &m, got) == XF_APPLIED);
	CHECK(xf_ledger_commit(l) == 0);
}

/*
 * What the county reports count beyond items (issue 16), over a ledger
 * of its own whose settings list three villages:
 *	330106001001 甲村, 330106001002 乙村, 330106002001 丙村.
 *
 *	item	received	channel	people	region		leader
 *	K1	2026-05-01	visit	6	330106001001	县长, county
 *	K2	2026-05-02	visit	1	330106001	(none), township
 *	K3	2026-05-03	letter	1	330106		-
 *	K4	2025-05-01	visit	2	330106002001	村书记, village
 *
 * Measures: K1 训诫 2026-05-05 2 persons, K1 逮捕 2026-05-06 1; K4
 * 行政拘留 2025-05-10 3.
 */
static void
test_county(void)
{
	char		 conf[300], list[300], lpath[300], err[512];
	char		 K1[32], K2[32], K3[32], K4[32];
	const char	*s;
	xf_settings	*set;
	xf_ledger	*l;
	FILE		*fp;

	snprintf(list, sizeof(list), "%s/villages.txt", tmpdir);
	snprintf(conf, sizeof(conf), "%s/county.conf", tmpdir);
	snprintf(lpath, sizeof(lpath), "%s/county.db", tmpdir);
	fp = fopen(list, "w");
	fputs("# 城关镇\n330106001001,甲村\n330106001002\t乙村\n"
	    "330106002001 丙村\n", fp);
	fclose(fp);
	fp = fopen(conf, "w");
	fputs("villages = villages.txt\n", fp);
	fclose(fp);
	set = xf_settings_new(conf, err, sizeof(err));
	CHECK(set != NULL);
	if (set == NULL)
		return;
	CHECK_STR(xf_settings_villages(set), "[{\"code\":\"330106001001\","
	    "\"name\":\"甲村\"},{\"code\":\"330106001002\",\"name\":\"乙村\"},"
	    "{\"code\":\"330106002001\",\"name\":\"丙村\"}]");
	CHECK(xf_measure_parse("训诫", strlen("训诫")) == XF_MEASURE_ADMONITION);
	CHECK(xf_measure_parse("治安处罚", strlen("治安处罚")) ==
	    XF_MEASURE_DETENTION);
	CHECK(xf_measure_parse("fine", 4) == -1);
	l = xf_ledger_open(lpath, set, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL) {
		xf_settings_free(set);
		return;
	}
	xf_ledger_set_actor(l, "tester", "t-stats");
	add(l, K1, "2026-05-01 09:30", "2026-05-01 09:00", "channel", "visit",
	    "people", "6", "region", "330106001001", "received_by", "县长",
	    "received_level", "county", NULL);
	add(l, K2, "2026-05-02 09:30", "2026-05-02 09:00", "channel", "visit",
	    "region", "330106001", "接访领导层级", "乡镇", NULL);
	add(l, K3, "2026-05-03 09:30", "2026-05-03 09:00", "channel",
	    "letter", "region", "330106", NULL);
	add(l, K4, "2025-05-01 09:30", "2025-05-01 09:00", "channel", "visit",
	    "people", "2", "region", "330106002001", "接访领导", "村书记",
	    "lodged_level", "village", NULL);
	now("2026-05-10 12:00");
	measure(l, K1, XF_MEASURE_ADMONITION, "2026-05-05", 2);
	measure(l, K1, XF_MEASURE_ARREST, "2026-05-06", 1);
	measure(l, K4, XF_MEASURE_DETENTION, "2025-05-10", 3);
	now("2027-02-01 12:00");

	/*
	 * 2026 against 2025:
	 *   leader_receptions: K1 6, K2 1 -> 2, 7; K4 -> 1, 2;
	 *       (2 - 1) / 1 = 100.0, (7 - 2) / 2 = 250.0
	 *   county K1; township K2; village none against K4 (-100.0);
	 *   collective: K1 (6 people).
	 *   lawful_measures: 2, 2 + 1 = 3 against 1, 3: 100.0, 0.0
	 *   admonition 1, 2; detention 0 against 1, 3; arrest 1, 1.
	 */
	s = rows(xf_stats_summary(l, set, "2026-01-01", "2026-12-31",
	    XF_COMPARE_YEAR, err, sizeof(err)), err);
	CHECK(strstr(s, "\nleader_receptions|2|7|1|2|100.0|250.0\n"
	    "leader_receptions_county|1|6|0|0|-|-\n"
	    "leader_receptions_township|1|1|0|0|-|-\n"
	    "leader_receptions_village|0|0|1|2|-100.0|-100.0\n"
	    "leader_receptions_collective|1|6|0|0|-|-\n"
	    "lawful_measures|2|3|1|3|100.0|0.0\n"
	    "lawful_admonition|1|2|0|0|-|-\n"
	    "lawful_detention|0|0|1|3|-100.0|-100.0\n"
	    "lawful_arrest|1|1|0|0|-|-\n"
	    "lawful_other|0|0|0|0|-|-\n") != NULL);
	/*
	 * Villages in 2026: 甲村 had K1; 乙村 none; 丙村 only K4 of 2025:
	 * 2 of 3, 66.7.  K2 (9 digits) and K3 (6) given to no village: 2 of
	 * the 3 items of 2026, 66.7.
	 */
	s = rows(xf_stats_rates(l, set, "2026-01-01", "2026-12-31", NULL,
	    NULL, err, sizeof(err)), err);
	CHECK(strstr(s, "\npetition_free_villages|2|3|66.7|-|false|"
	    "2027-01-01\nunplaced_items|2|3|66.7|-|false|2027-01-01\n") !=
	    NULL);
	/* Without the list, all leaves them out. */
	s = rows(xf_stats_rates(l, defaults, "2026-01-01", "2026-12-31", NULL,
	    NULL, err, sizeof(err)), err);
	CHECK(strstr(s, "villages") == NULL && strstr(s, "unplaced") == NULL);
	CHECK(strstr(s, "\nrepeat_rate|0|3|0.0|") != NULL);
	{
		struct xf_filter f;
		static const char *const want[] = {
			"330106001001|甲村|true|1|6|1",
			"330106001002|乙村|true|0|0|0",
			"330106002001|丙村|true|0|0|0",
			"330106|-|false|1|1|0",
			"330106001|-|false|1|1|1",
		};

		xf_filter_init(&f);
		f.from = "2026-01-01";
		f.to = "2026-12-31";
		expect(rows(xf_stats_count_villages(l, set, &f, err,
		    sizeof(err)), err), want, sizeof(want) / sizeof(want[0]),
		    __LINE__);
		CHECK(strncmp(rows(xf_stats_count_villages(l, defaults, &f,
		    err, sizeof(err)), err), "error: the villages without an "
		    "item: no villages setting", 50) == 0);
	}
	xf_ledger_close(l);
	xf_settings_free(set);
	/* A list that is not one. */
	fp = fopen(list, "w");
	fputs("330106001001\n33010600100\n", fp);
	fclose(fp);
	CHECK(xf_settings_new(conf, err, sizeof(err)) == NULL);
	CHECK(strstr(err, "villages.txt:2: '33010600100': not a 12-digit "
	    "division code") != NULL);
	unlink(list);
	unlink(conf);
	unlink(lpath);
	snprintf(lpath, sizeof(lpath), "%s/county.db-wal", tmpdir);
	unlink(lpath);
	snprintf(lpath, sizeof(lpath), "%s/county.db-shm", tmpdir);
	unlink(lpath);
}

/* Bad input to the library: NULL-safe frees, a bad XF_NOW. */
static void
test_bad_input(xf_ledger *l)
{
	char		 err[512];
	xf_cursor	*c;

	xf_cursor_free(NULL);
	xf_record_free(NULL);
	xf_ledger_close(NULL);
	xf_settings_free(NULL);
	xf_chart_free(NULL);
	test_passed++;		/* reached: none of them crashed */
	now("not a time");
	err[0] = '\0';
	c = xf_stats_rates(l, defaults, "2026-10-01", "2026-10-31", NULL,
	    NULL, err, sizeof(err));
	CHECK(c == NULL);
	CHECK(strncmp(err, "XF_NOW: ", 8) == 0);
	xf_cursor_free(c);
	c = xf_stats_backlog(l, defaults, err, sizeof(err));
	CHECK(c == NULL);
	CHECK(strncmp(err, "XF_NOW: ", 8) == 0);
	xf_cursor_free(c);
	now("2027-02-15 12:00");
}

int
main(void)
{
	char		 err[256], before[8192], after[8192], side[300];
	xf_ledger	*l;

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
	snprintf(path, sizeof(path), "%s/stats.db", tmpdir);
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	if (l == NULL)
		printf("open: %s\n", err);
	CHECK(l != NULL);
	if (l != NULL) {
		xf_ledger_set_actor(l, "tester", "t-stats");
		build(l);
		test_backlog(l);
		test_rates(l, before, sizeof(before));
		test_stability(l, before, after, sizeof(after));
		test_recorded(l, before, after);
		test_handlings(l);
		test_daily(l);
		test_count(l);
		test_summary(l);
		test_bad_input(l);
		xf_ledger_close(l);
	}
	test_county();
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	xf_record_free(got);
	xf_settings_free(defaults);
	if (rmdir(tmpdir) == -1)
		printf("rmdir %s: %s\n", tmpdir, strerror(errno));
	return test_done("t-stats");
}
