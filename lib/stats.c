/*
 * stats.c - the statistics of xf-stats(1): the SQL of each report, built
 * here from the settings and run by the ledger (xf_ledger_query())
 */
#include <stdlib.h>
#include <string.h>

#include "xf-private.h"

/* An item received on or after ?F and on or before ?T (office days). */
#define RECEIVED(f, t)	"received_at >= ?" #f \
			" AND received_at < date(?" #t ", '+1 day')"

/* A measure: its name and the condition an item meets to count. */
struct measure {
	const char	*name;
	char		 cond[256];
};

enum {
	M_VISITS, M_FIRST_VISITS, M_COLLECTIVE, M_FIRST_COLLECTIVE,
	M_ONLINE_ABOVE, M_SKIP, M_SKIP_NATIONAL, M_SKIP_PROVINCE,
	M_SKIP_CITY, M_IRREGULAR, M_LETTERS, M_PHONE, M_ONLINE, M_ALL,
	M_LEADER, M_LEADER_COUNTY, M_LEADER_TOWNSHIP, M_LEADER_VILLAGE,
	M_LEADER_COLLECTIVE, M_COUNT
};

/*
 * The measures against unlawful petitioning (依法处理) of summary, after
 * those of the items: all, then each kind (xf_measure_kind()), counted
 * by the day each was taken.
 */
#define LAWFUL_ROWS	(1 + XF_MEASURE_COUNT)

/*
 * The names of the rows of the reports, with their Chinese names as the
 * offices' reports write them (xf_stats_zh()): the measures of summary
 * in their order, then the other measures of daily and the stages of
 * backlog.  The rates have theirs with them (rate_zh).
 */
static const struct {
	const char	*name;
	const char	*zh;
} names[] = {
	[M_VISITS] = { "visits", "来访" },
	[M_FIRST_VISITS] = { "first_visits", "初访" },
	[M_COLLECTIVE] = { "collective_visits", "集体访" },
	[M_FIRST_COLLECTIVE] = { "first_collective_visits", "集体初访" },
	[M_ONLINE_ABOVE] = { "online_from_above", "上级转交办网信" },
	[M_SKIP] = { "skip_level", "越级访" },
	[M_SKIP_NATIONAL] = { "skip_level_national", "进京访" },
	[M_SKIP_PROVINCE] = { "skip_level_province", "赴省访" },
	[M_SKIP_CITY] = { "skip_level_city", "到市访" },
	[M_IRREGULAR] = { "irregular_national", "进京非正常上访" },
	[M_LETTERS] = { "letters", "来信" },
	[M_PHONE] = { "phone", "来电" },
	[M_ONLINE] = { "online", "网上信访" },
	[M_ALL] = { "all", "信访总量" },
	[M_LEADER] = { "leader_receptions", "领导接访" },
	[M_LEADER_COUNTY] = { "leader_receptions_county", "县级领导接访" },
	[M_LEADER_TOWNSHIP] = { "leader_receptions_township",
	    "乡镇领导接访" },
	[M_LEADER_VILLAGE] = { "leader_receptions_village", "村级干部接访" },
	[M_LEADER_COLLECTIVE] = { "leader_receptions_collective",
	    "领导接待集体访" },
	{ "registered", "登记" },
	{ "accepted", "受理" },
	{ "replied", "答复" },
	{ "transferred", "转送" },
	{ "refused", "不予受理" },
	{ "closed", "销号" },
	{ "visits_made", "回访" },
	{ "fell_overdue", "新增超期" },
	{ "acceptance", "待受理" },
	{ "handling", "办理中" },
	{ "total", "合计" },
};

/* The rows of the measures against unlawful petitioning, in order. */
static const struct {
	const char	*name;
	const char	*zh;
} lawful_names[] = {
	{ "lawful_measures", "依法处理违法信访" },
	{ "lawful_admonition", "训诫" },
	{ "lawful_detention", "行政拘留" },
	{ "lawful_arrest", "逮捕" },
	{ "lawful_other", "其他依法处理" },
};

_Static_assert(sizeof lawful_names / sizeof lawful_names[0] == LAWFUL_ROWS,
    "a name for each row of the measures");

static void
fail(char *err, size_t errlen, const char *msg)
{
	xf_errf(err, errlen, "%s", msg);
}

/* The channels the settings count as online, as an SQL list. */
void
xf_stats_online(const xf_settings *set, char *buf, size_t len)
{
	static const char *const channels[] = {
		"letter", "visit", "online", "phone", "fax", "email", NULL
	};
	size_t	 i, used = 0;

	buf[0] = '\0';
	for (i = 0; channels[i] != NULL; i++) {
		if (!xf_settings_online(set, channels[i]))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s'%s'",
		    used ? ", " : "", channels[i]);
	}
	if (used == 0)
		snprintf(buf, len, "NULL");
}

/* The conditions of the measures for the office's settings. */
static void
measures(const xf_settings *set, struct measure *m)
{
	enum xf_level	 lv = xf_settings_level(set);
	const char	*own = xf_level_token(lv);
	char		 online[96], above[96];
	size_t		 used = 0;
	int		 i;

	xf_stats_online(set, online, sizeof online);
	above[0] = '\0';
	for (i = (int)lv + 1; i <= XF_LEVEL_NATIONAL; i++)
		used += (size_t)snprintf(above + used, sizeof above - used,
		    "%s'%s'", used ? ", " : "",
		    xf_level_token((enum xf_level)i));
	if (used == 0)
		snprintf(above, sizeof above, "NULL");
	for (i = 0; i < M_COUNT; i++)
		m[i].name = names[i].name;
#define VISIT	"channel = 'visit' AND lodged_level = '%s'"
	snprintf(m[M_VISITS].cond, sizeof m->cond, VISIT, own);
	snprintf(m[M_FIRST_VISITS].cond, sizeof m->cond,
	    VISIT " AND \"first\" = 1", own);
	snprintf(m[M_COLLECTIVE].cond, sizeof m->cond,
	    VISIT " AND collective = 1", own);
	snprintf(m[M_FIRST_COLLECTIVE].cond, sizeof m->cond,
	    VISIT " AND collective = 1 AND \"first\" = 1", own);
#undef VISIT
	snprintf(m[M_ONLINE_ABOVE].cond, sizeof m->cond, "channel IN (%s)"
	    " AND source IN ('transferred', 'assigned')", online);
	snprintf(m[M_SKIP].cond, sizeof m->cond,
	    "channel = 'visit' AND lodged_level IN (%s)", above);
	snprintf(m[M_SKIP_NATIONAL].cond, sizeof m->cond,
	    "channel = 'visit' AND lodged_level = 'national'%s",
	    lv < XF_LEVEL_NATIONAL ? "" : " AND 1 = 0");
	snprintf(m[M_SKIP_PROVINCE].cond, sizeof m->cond,
	    "channel = 'visit' AND lodged_level = 'province'%s",
	    lv < XF_LEVEL_PROVINCE ? "" : " AND 1 = 0");
	snprintf(m[M_SKIP_CITY].cond, sizeof m->cond,
	    "channel = 'visit' AND lodged_level = 'city'%s",
	    lv < XF_LEVEL_CITY ? "" : " AND 1 = 0");
	snprintf(m[M_IRREGULAR].cond, sizeof m->cond,
	    "irregular = 1 AND lodged_level = 'national'");
	snprintf(m[M_LETTERS].cond, sizeof m->cond, "channel = 'letter'");
	snprintf(m[M_PHONE].cond, sizeof m->cond, "channel = 'phone'");
	snprintf(m[M_ONLINE].cond, sizeof m->cond, "channel IN (%s)", online);
	snprintf(m[M_ALL].cond, sizeof m->cond, "1 = 1");
	/* 领导接访: the visits a leader received, by the leader's level. */
	snprintf(m[M_LEADER].cond, sizeof m->cond,
	    "received_level IS NOT NULL");
	snprintf(m[M_LEADER_COUNTY].cond, sizeof m->cond,
	    "received_level = 'county'");
	snprintf(m[M_LEADER_TOWNSHIP].cond, sizeof m->cond,
	    "received_level = 'township'");
	snprintf(m[M_LEADER_VILLAGE].cond, sizeof m->cond,
	    "received_level = 'village'");
	snprintf(m[M_LEADER_COLLECTIVE].cond, sizeof m->cond,
	    "received_level IS NOT NULL AND collective = 1");
}

/*
 * Read the ledger through a memory map, as large as SQLite allows.  A
 * report looks items up all over the file, and with the ledger's 64 KB
 * pages each look-up read copies a page; mapped, it copies nothing (a
 * rate of a year of 1M items: 6.2 s read, 1.1 s mapped).  Reading only:
 * SQLite writes as before.  At best: a ledger that will not map is read.
 */
static void
map_reads(xf_ledger *l)
{
	xf_cursor	*c;
	xf_record	*r;

	if ((c = xf_ledger_query(l, "PRAGMA mmap_size = 1099511627776", NULL,
	    0)) == NULL)
		return;
	if ((r = xf_record_new()) != NULL)
		(void)xf_cursor_next(c, r);
	xf_record_free(r);
	xf_cursor_free(c);
}

xf_cursor *
xf_stats_run(xf_ledger *l, struct xf_buf *sql, const char *const *params,
    int n, int bad, char *err, size_t errlen)
{
	xf_cursor	*c = NULL;

	if (bad) {
		fail(err, errlen, "out of memory");
		goto out_sql;
	}
	map_reads(l);
	if ((c = xf_ledger_query(l, sql->p, params, n)) == NULL)
		fail(err, errlen, xf_ledger_errmsg(l));
out_sql:
	xf_buf_release(sql);
	return c;
}

int
xf_stats_day(const char *s, xf_day *d, char *err, size_t errlen)
{
	const char	*why;

	if (s == NULL || strlen(s) != 10 || xf_day_parse(s, 0, d, &why) == -1) {
		xf_errf(err, errlen, "'%s': not a day (YYYY-MM-DD)",
		    s ? s : "");
		return -1;
	}
	return 0;
}

int
xf_stats_period(const char *from, const char *to, xf_day *f, xf_day *t,
    char *err, size_t errlen)
{
	if (xf_stats_day(from, f, err, errlen) == -1 ||
	    xf_stats_day(to, t, err, errlen) == -1)
		return -1;
	if (*f > *t) {
		xf_errf(err, errlen, "the period ends (%s) before it begins "
		    "(%s)", to, from);
		return -1;
	}
	return 0;
}

/* The same day one year earlier; 29 February becomes the 28th. */
static xf_day
year_before(xf_day d)
{
	int	 y, m, dd, last;

	xf_civil_from_days(d, &y, &m, &dd);
	last = xf_days_in_month(y - 1, m);
	return xf_days_from_civil(y - 1, m, dd > last ? last : dd);
}

/*
 * The measures against unlawful petitioning of both periods, on the
 * cases that count, as a table b of the columns the rows of the items'
 * measures have in a (i, p, q, r), numbered from M_COUNT.
 */
static int
lawful(struct xf_buf *sql)
{
	int	 k, rc = 0;

	rc |= xf_buf_adds(sql, " l AS (SELECT m.kind AS kind, m.people AS"
	    " people, m.at >= ?1 AND m.at < date(?2, '+1 day') AS cur FROM"
	    " lawful_measures m WHERE ((m.at >= ?1 AND m.at < date(?2,"
	    " '+1 day')) OR (m.at >= ?3 AND m.at < date(?4, '+1 day'))) AND"
	    " EXISTS (SELECT 1 FROM live_items x WHERE x.id = m.item)),"
	    " b AS MATERIALIZED (SELECT 0");
	for (k = 0; k < LAWFUL_ROWS; k++) {
		char	 c[48];

		if (k == 0)
			snprintf(c, sizeof c, "1 = 1");
		else
			snprintf(c, sizeof c, "kind = '%s'",
			    xf_measure_kind(k - 1));
		rc |= xf_buf_printf(sql, ", count(CASE WHEN cur AND %2$s THEN"
		    " 1 END) AS i%1$d, IFNULL(sum(CASE WHEN cur AND %2$s THEN"
		    " people END), 0) AS p%1$d, count(CASE WHEN NOT cur AND %2$s"
		    " THEN 1 END) AS q%1$d, IFNULL(sum(CASE WHEN NOT cur AND"
		    " %2$s THEN people END), 0) AS r%1$d", M_COUNT + k, c);
	}
	return rc | xf_buf_adds(sql, " FROM l)");
}

xf_cursor *
xf_stats_summary(xf_ledger *l, const xf_settings *set, const char *from,
    const char *to, enum xf_compare cmp, char *err, size_t errlen)
{
	struct measure	 m[M_COUNT];
	struct xf_buf	 sql = { 0 };
	const char	*params[4];
	char		 pfrom[11], pto[11];
	xf_day		 f, t;
	int		 i, rc = 0;

	if (xf_stats_period(from, to, &f, &t, err, errlen) == -1)
		return NULL;
	if (cmp == XF_COMPARE_PREVIOUS) {
		xf_day_format(f - 1 - (t - f), pfrom, sizeof pfrom);
		xf_day_format(f - 1, pto, sizeof pto);
	} else {
		xf_day_format(year_before(f), pfrom, sizeof pfrom);
		xf_day_format(year_before(t), pto, sizeof pto);
	}
	params[0] = from;
	params[1] = to;
	params[2] = pfrom;
	params[3] = pto;
	measures(set, m);

	/* One pass over both periods; then a row a measure. */
	rc |= xf_buf_adds(&sql, "WITH p AS (SELECT people, " RECEIVED(1, 2)
	    " AS cur");
	for (i = 0; i < M_COUNT; i++)
		rc |= xf_buf_printf(&sql, ", (%s) AS c%d", m[i].cond, i);
	rc |= xf_buf_adds(&sql, " FROM live_items WHERE (" RECEIVED(1, 2)
	    ") OR (" RECEIVED(3, 4) ")),"
	    " a AS MATERIALIZED (SELECT 0");
	for (i = 0; i < M_COUNT; i++)
		rc |= xf_buf_printf(&sql, ", count(CASE WHEN cur AND c%1$d"
		    " THEN 1 END) AS i%1$d, IFNULL(sum(CASE WHEN cur AND c%1$d"
		    " THEN people END), 0) AS p%1$d, count(CASE WHEN NOT cur"
		    " AND c%1$d THEN 1 END) AS q%1$d, IFNULL(sum(CASE WHEN NOT"
		    " cur AND c%1$d THEN people END), 0) AS r%1$d", i);
	rc |= xf_buf_adds(&sql, " FROM p),");
	rc |= lawful(&sql);
	rc |= xf_buf_adds(&sql, " SELECT measure, items, people,"
	    " previous_items, previous_people, change_pct, people_change_pct"
	    " FROM (");
	/* The change on items (件次) and on people (人次). */
#define CHANGE(now, was) "CASE WHEN " was "%1$d = 0 THEN NULL ELSE" \
	" round((" now "%1$d - " was "%1$d) * 100.0 / " was "%1$d, 1) END"
	for (i = 0; i < M_COUNT + LAWFUL_ROWS; i++)
		rc |= xf_buf_printf(&sql, "%2$sSELECT %1$d AS ord, '%3$s' AS"
		    " measure, i%1$d AS items, p%1$d AS people, q%1$d AS"
		    " previous_items, r%1$d AS previous_people, "
		    CHANGE("i", "q") " AS change_pct, " CHANGE("p", "r")
		    " AS people_change_pct FROM %4$s", i, i ? " UNION ALL " :
		    "", i < M_COUNT ? m[i].name : lawful_names[i -
		    M_COUNT].name, i < M_COUNT ? "a" : "b");
#undef CHANGE
	rc |= xf_buf_adds(&sql, ") ORDER BY ord");
	return xf_stats_run(l, &sql, params, 4, rc != 0, err, errlen);
}

int
xf_stats_today(const xf_settings *set, char *buf, char *err, size_t errlen)
{
	struct xf_time	 now;
	const char	*why;

	if (xf_time_now(xf_settings_tz(set), &now, &why) == -1) {
		xf_errf(err, errlen, "XF_NOW: %s", why);
		return -1;
	}
	xf_time_day(now, xf_settings_tz(set), buf, 11);
	return 0;
}

/*
 * The deadline state of an item as SQL, ?n being today: the rule of
 * xf_due_state() with its tokens and the due_soon setting, over the due
 * day and due_days as xf_case_derive() reads them (no due_days: 0);
 * NULL when no deadline runs.  Never stored: worked out when read.
 */
static int
due_state(struct xf_buf *sql, const xf_settings *set, int n)
{
	return xf_buf_printf(sql, "CASE WHEN due IS NULL OR due = '' THEN"
	    " NULL WHEN date(due, '+' || IFNULL(due_days, 0) || ' days') <"
	    " ?%1$d THEN '%2$s' WHEN due < ?%1$d THEN '%3$s' WHEN due <="
	    " date(?%1$d, '+%4$d days') THEN '%5$s' ELSE '%6$s' END", n,
	    xf_due_token(XF_DUE_VERY_OVERDUE), xf_due_token(XF_DUE_OVERDUE),
	    xf_settings_limit(set, XF_LIM_DUE_SOON), xf_due_token(XF_DUE_SOON),
	    xf_due_token(XF_DUE_ON_TIME));
}

/*
 * The dimensions of a count: the name --by takes, the column it prints
 * (NULL: the name) and its SQL ("%d": the digits of the region; NULL:
 * made by dim_expr()).  "category:N" is categoryN and "region:N" the
 * region by N digits (dim_parse()).
 */
static const struct {
	const char	*name;
	const char	*column;
	const char	*expr;
} dims[] = {
	{ "day", NULL, "substr(received_at, 1, 10)" },
	{ "week", NULL, "strftime('%%Y-W%%W', substr(received_at, 1, 10))" },
	{ "month", NULL, "substr(received_at, 1, 7)" },
	{ "quarter", NULL, "substr(received_at, 1, 4) || '-Q' ||"
	    " ((CAST(substr(received_at, 6, 2) AS INTEGER) + 2) / 3)" },
	{ "year", NULL, "substr(received_at, 1, 4)" },
	{ "channel", NULL, "channel" },
	{ "source", NULL, "source" },
	{ "lodged_level", NULL, "lodged_level" },
	{ "level", "lodged_level", "lodged_level" },
	{ "category1", NULL, "substr(category || '/', 1,"
	    " instr(category || '/', '/') - 1)" },
	{ "category2", NULL, "substr(category || '/', 1,"
	    " instr(category || '/', '/') + instr(substr(category || '/',"
	    " instr(category || '/', '/') + 1), '/') - 1)" },
	{ "category3", NULL, NULL },
	{ "region", NULL, "substr(region, 1, %d)" },
	{ "unit", NULL, "unit" },
	{ "handler", NULL, "handler" },
	{ "lead", NULL, "lead" },
	{ "received_by", NULL, "received_by" },
	{ "received_level", NULL, "received_level" },
	{ "status", NULL, "status" },
	{ "due_state", NULL, NULL },
	{ "purpose", NULL, "purpose" },
	{ "claim", NULL, "claim" },
	{ "risk", NULL, "risk" },
	/* Not marked is no key case, as xf-query --key-case selects. */
	{ "key_case", NULL, "IFNULL(key_case, 0)" },
	{ "reply", NULL, "reply" },
	{ "close_basis", NULL, "close_basis" },
	{ "satisfaction", NULL, "satisfaction" },
	{ "first", NULL, "\"first\"" },
	{ "collective", NULL, "collective" },
};

#define NDIMS		(sizeof dims / sizeof dims[0])
#define DIM_COLUMN(d)	(dims[d].column != NULL ? dims[d].column : \
			    dims[d].name)

/*
 * The dimension name (len bytes) is, into *d; for "region:N" N into
 * *digits.  0, or -1 when it is none.
 */
static int
dim_parse(const char *name, size_t len, int *d, int *digits)
{
	char	 level[16];
	size_t	 i;
	int	 n = 0;

	if (len == 10 && memcmp(name, "category:", 9) == 0) {
		/* category:1 to 3; category:4 finds no category4. */
		snprintf(level, sizeof level, "category%c", name[9]);
		name = level;
		len = 9;
	} else if (len > 7 && memcmp(name, "region:", 7) == 0) {
		for (i = 7; i < len && i < 10; i++) {
			if (name[i] < '0' || name[i] > '9')
				return -1;
			n = n * 10 + name[i] - '0';
		}
		if (i < len || name[7] == '0' || n > 12)
			return -1;
		*digits = n;
		name = "region";
		len = 6;
	}
	for (i = 0; i < NDIMS; i++)
		if (strlen(dims[i].name) == len &&
		    memcmp(dims[i].name, name, len) == 0) {
			*d = (int)i;
			return 0;
		}
	return -1;
}

int
xf_stats_dimension(const char *name, size_t len)
{
	int	 d, digits, i;

	if (dim_parse(name, len, &d, &digits) == -1)
		return 0;
	/* The first dimension of its column. */
	for (i = 0; strcmp(DIM_COLUMN(i), DIM_COLUMN(d)) != 0; i++)
		;
	return i + 1;
}

/* The SQL of dimension d; today is ?now. */
static int
dim_expr(struct xf_buf *sql, const xf_settings *set, int d, int digits,
    int now)
{
	/* The end of the second level (i2), then of the third. */
	static const char s[] = "(category || '/')";
	char	 i1[64], i2[256];

	if (strcmp(dims[d].name, "due_state") == 0)
		return due_state(sql, set, now);
	if (strcmp(dims[d].name, "category3") != 0)
		return xf_buf_printf(sql, dims[d].expr, digits);
	snprintf(i1, sizeof i1, "instr(%s, '/')", s);
	snprintf(i2, sizeof i2, "(%s + instr(substr(%s, %s + 1), '/'))", i1,
	    s, i1);
	return xf_buf_printf(sql, "substr(%s, 1, %s + instr(substr(%s, %s +"
	    " 1), '/') - 1)", s, i2, s, i2);
}

const char *
xf_stats_group(struct xf_buf *sql, const xf_settings *set, const char *name,
    int now, char *err, size_t errlen)
{
	int	 d, digits = 6;

	if (dim_parse(name, strlen(name), &d, &digits) == -1) {
		xf_errf(err, errlen, "'%s': not a dimension", name);
		return NULL;
	}
	if (dim_expr(sql, set, d, digits, now) == -1) {
		fail(err, errlen, "out of memory");
		return NULL;
	}
	return DIM_COLUMN(d);
}

/*
 * The count by village of xf_stats_count_villages(): the villages of
 * the list (?n), and the other places of the items the filter (where)
 * selects.
 */
static int
villages(struct xf_buf *sql, const char *where, int n)
{
	if (where == NULL)	/* out of memory */
		return -1;
	return xf_buf_printf(sql, "WITH v AS (SELECT json_extract(value,"
	    " '$.code') AS code, json_extract(value, '$.name') AS village FROM"
	    " json_each(?%1$d)), c AS (SELECT substr(region, 1, 12) AS region,"
	    " count(*) AS items, IFNULL(sum(people), 0) AS people,"
	    " count(CASE WHEN channel = 'visit' THEN 1 END) AS batches FROM"
	    " live_items%2$s GROUP BY 1) SELECT v.code AS region, v.village AS"
	    " village, json('true') AS listed, IFNULL(c.items, 0) AS items,"
	    " IFNULL(c.people, 0) AS people, IFNULL(c.batches, 0) AS batches"
	    " FROM v LEFT JOIN c ON c.region = v.code UNION ALL SELECT"
	    " IFNULL(c.region, ''), NULL, json('false'), c.items, c.people,"
	    " c.batches FROM c WHERE c.region IS NULL OR c.region NOT IN"
	    " (SELECT code FROM v) ORDER BY 3 DESC, 1", n, where);
}

/*
 * The count; with zeros (by "day" alone, from and to given) the days
 * without an item too, so that a chart of the days has no holes.
 */
static xf_cursor *
count(xf_ledger *l, const xf_settings *set, const char *by,
    const struct xf_filter *f, int region_digits, int zeros, char *err,
    size_t errlen)
{
	struct xf_buf	 sql = { 0 }, where = { 0 };
	const char	*params[8], *cols[NDIMS], *p, *e;
	char		 day[11];
	int		 n = 0, nd = 0, now = 0, d, digits, i, rc = 0;
	xf_day		 dd;

	if (region_digits < 1 || region_digits > 12) {
		fail(err, errlen, "region digits: not from 1 to 12");
		return NULL;
	}
	if ((f->from != NULL && xf_stats_day(f->from, &dd, err, errlen) == -1) ||
	    (f->to != NULL && xf_stats_day(f->to, &dd, err, errlen) == -1))
		return NULL;
	if (zeros == 2 && xf_settings_villages(set) == NULL) {
		fail(err, errlen, "the villages without an item: no villages "
		    "setting names the list of the villages");
		return NULL;
	}
	if (zeros == 1 && (f->from == NULL || f->to == NULL)) {
		fail(err, errlen, "the days without an item: by day alone, "
		    "from a first to a last day");
		return NULL;
	}
	/*
	 * The filters, their parameters first: with zeros ?1 and ?2 are the
	 * ends of the period; today, if a dimension needs it, comes after.
	 */
	rc |= xf_buf_adds(&where, " WHERE 1 = 1");
	if (f->from != NULL) {
		params[n++] = f->from;
		rc |= xf_buf_printf(&where, " AND received_at >= ?%d", n);
	}
	if (f->to != NULL) {
		params[n++] = f->to;
		rc |= xf_buf_printf(&where, " AND received_at < date(?%d,"
		    " '+1 day')", n);
	}
	if (f->channel != NULL) {
		params[n++] = f->channel;
		rc |= xf_buf_printf(&where, " AND channel = ?%d", n);
	}
	if (f->status != NULL) {
		params[n++] = f->status;
		rc |= xf_buf_printf(&where, " AND status = ?%d", n);
	}
	if (f->category != NULL) {
		params[n++] = f->category;
		rc |= xf_buf_printf(&where, " AND (category = ?%1$d OR"
		    " substr(category, 1, length(?%1$d) + 1) = ?%1$d || '/')",
		    n);
	}
	if (f->region != NULL) {
		params[n++] = f->region;
		rc |= xf_buf_printf(&where, " AND substr(region, 1,"
		    " length(?%1$d)) = ?%1$d", n);
	}
	if (zeros == 2) {
		params[n++] = xf_settings_villages(set);
		rc |= villages(&sql, where.p, n);
		xf_buf_release(&where);
		return xf_stats_run(l, &sql, params, n, rc != 0, err, errlen);
	}
	/* The days of the period. */
	if (zeros)
		rc |= xf_buf_adds(&sql, "WITH RECURSIVE days(d) AS (SELECT ?1"
		    " UNION ALL SELECT date(d, '+1 day') FROM days WHERE d <"
		    " ?2), c AS (");
	rc |= xf_buf_adds(&sql, "SELECT ");
	for (p = by; ; p = e + 1) {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		digits = region_digits;
		if (dim_parse(p, (size_t)(e - p), &d, &digits) == -1) {
			xf_errf(err, errlen, "'%.*s': not a dimension",
			    (int)(e - p), p);
			goto fail;
		}
		for (i = 0; i < nd; i++)
			if (strcmp(cols[i], DIM_COLUMN(d)) == 0) {
				xf_errf(err, errlen, "'%.*s': the column '%s' "
				    "a second time", (int)(e - p), p, cols[i]);
				goto fail;
			}
		cols[nd++] = DIM_COLUMN(d);
		if (strcmp(dims[d].name, "due_state") == 0 && now == 0) {
			if (xf_stats_today(set, day, err, errlen) == -1)
				goto fail;
			params[n++] = day;
			now = n;
		}
		rc |= dim_expr(&sql, set, d, digits, now);
		rc |= xf_buf_printf(&sql, " AS \"%s\", ", DIM_COLUMN(d));
		if (*e == '\0')
			break;
	}
	rc |= xf_buf_adds(&sql, "count(*) AS items, IFNULL(sum(people), 0)"
	    " AS people, count(CASE WHEN channel = 'visit' THEN 1 END) AS"
	    " batches FROM live_items");
	if (rc == 0)	/* else where.p may be NULL: out of memory */
		rc |= xf_buf_adds(&sql, where.p);
	rc |= xf_buf_adds(&sql, " GROUP BY ");
	for (i = 1; i <= nd; i++)
		rc |= xf_buf_printf(&sql, "%s%d", i > 1 ? ", " : "", i);
	if (zeros)
		rc |= xf_buf_adds(&sql, ") SELECT d AS day, IFNULL(items, 0)"
		    " AS items, IFNULL(people, 0) AS people, IFNULL(batches, 0)"
		    " AS batches FROM days LEFT JOIN c ON c.day = d ORDER BY d");
	else {
		rc |= xf_buf_adds(&sql, " ORDER BY ");
		for (i = 1; i <= nd; i++)
			rc |= xf_buf_printf(&sql, "%s%d", i > 1 ? ", " : "",
			    i);
	}
	xf_buf_release(&where);
	return xf_stats_run(l, &sql, params, n, rc != 0, err, errlen);
fail:
	xf_buf_release(&where);
	xf_buf_release(&sql);
	return NULL;
}

xf_cursor *
xf_stats_count(xf_ledger *l, const xf_settings *set, const char *by,
    const struct xf_filter *f, int region_digits, char *err, size_t errlen)
{
	return count(l, set, by, f, region_digits, 0, err, errlen);
}

xf_cursor *
xf_stats_count_days(xf_ledger *l, const xf_settings *set,
    const struct xf_filter *f, char *err, size_t errlen)
{
	return count(l, set, "day", f, 6, 1, err, errlen);
}

xf_cursor *
xf_stats_count_villages(xf_ledger *l, const xf_settings *set,
    const struct xf_filter *f, char *err, size_t errlen)
{
	return count(l, set, "region", f, 12, 2, err, errlen);
}

xf_cursor *
xf_stats_backlog(xf_ledger *l, const xf_settings *set, char *err,
    size_t errlen)
{
	struct xf_buf	 sql = { 0 };
	const char	*params[1];
	const char	*soon = xf_due_token(XF_DUE_SOON);
	const char	*over = xf_due_token(XF_DUE_OVERDUE);
	const char	*very = xf_due_token(XF_DUE_VERY_OVERDUE);
	char		 day[11], figures[512];
	int		 rc = 0;

	if (xf_stats_today(set, day, err, errlen) == -1)
		return NULL;
	params[0] = day;
	/* The figures of a row, by the deadline state (s) of its items. */
	snprintf(figures, sizeof figures, "count(*) AS open, count(CASE WHEN"
	    " s = '%1$s' THEN 1 END) AS due_soon, count(CASE WHEN s IN"
	    " ('%2$s', '%3$s') THEN 1 END) AS overdue, count(CASE WHEN s ="
	    " '%3$s' THEN 1 END) AS very_overdue, count(CASE WHEN status ="
	    " 'extended' THEN 1 END) AS extended, count(CASE WHEN key_case ="
	    " 1 AND s IN ('%2$s', '%3$s') THEN 1 END) AS key_overdue", soon,
	    over, very);
	/*
	 * The items registered and overdue for their acceptance decision,
	 * the open cases by unit, and the total of both.
	 */
	rc |= xf_buf_adds(&sql, "WITH d AS (SELECT status, unit, key_case, ");
	rc |= due_state(&sql, set, 1);
	rc |= xf_buf_printf(&sql, " AS s FROM live_items WHERE status IN"
	    " ('registered', " XF_HANDLED_STATUSES ")), b AS MATERIALIZED (SELECT *"
	    " FROM d WHERE status <> 'registered' OR s IN ('%s', '%s'))"
	    " SELECT stage, unit, open, due_soon, overdue, very_overdue,"
	    " extended, key_overdue FROM (SELECT 1 AS ord, 'acceptance' AS"
	    " stage, NULL AS unit, %s FROM b WHERE status = 'registered'"
	    " UNION ALL SELECT 2, 'handling', IFNULL(unit, ''), %s FROM b"
	    " WHERE status <> 'registered' GROUP BY 3 UNION ALL SELECT 3,"
	    " 'total', NULL, %s FROM b) ORDER BY ord, unit", over, very,
	    figures, figures, figures);
	return xf_stats_run(l, &sql, params, 1, rc != 0, err, errlen);
}

xf_cursor *
xf_stats_daily(xf_ledger *l, const xf_settings *set, const char *day,
    char *err, size_t errlen)
{
	/* The items received that day: names and measures of the summary. */
	static const struct {
		const char	*name;
		int		 m;	/* -1: every visit */
	} received[] = {
		{ "letters", M_LETTERS }, { "visits", -1 },
		{ "online", M_ONLINE }, { "phone", M_PHONE },
		{ "collective_visits", M_COLLECTIVE },
		{ "skip_level", M_SKIP },
	};
	/*
	 * The steps of the day, by the day each field records, in the
	 * handling in force and (but the acceptance, which a reopening
	 * keeps) the earlier ones: a reopening takes back no step.  A
	 * transfer counts as the acceptance decision.
	 */
	static const struct {
		const char	*name;
		const char	*column;
		const char	*cond;
	} steps[] = {
		{ "accepted", "accepted_at", NULL },
		{ "transferred", "decided_at",
		    "transferred_to IS NOT NULL AND accepted_at IS NULL" },
		{ "refused", "decided_at", "refusal_route IS NOT NULL" },
		{ "replied", "replied_at", "1 = 1" },
		{ "closed", "closed_at", "1 = 1" },
	};
	struct measure	 m[M_COUNT];
	struct xf_buf	 sql = { 0 };
	const char	*params[1];
	char		 buf[11];
	xf_day		 d;
	size_t		 i;
	int		 rc = 0;

	if (day == NULL) {
		if (xf_stats_today(set, buf, err, errlen) == -1 ||
		    xf_stats_day(buf, &d, err, errlen) == -1)
			return NULL;
		xf_day_format(d - 1, buf, sizeof buf);
		day = buf;
	} else if (xf_stats_day(day, &d, err, errlen) == -1)
		return NULL;
	params[0] = day;
	measures(set, m);

	/*
	 * One pass over the day's items for what was received, the steps
	 * by their times as ranges, so that each has its index: a day of
	 * a ledger of 10M items is read in milliseconds.
	 */
	rc |= xf_buf_adds(&sql, "WITH r AS MATERIALIZED (SELECT count(*) AS"
	    " i, IFNULL(sum(people), 0) AS p");
	for (i = 0; i < sizeof received / sizeof received[0]; i++)
		rc |= xf_buf_printf(&sql, ", count(CASE WHEN %1$s THEN 1 END) AS"
		    " i%2$zu, IFNULL(sum(CASE WHEN %1$s THEN people END), 0) AS"
		    " p%2$zu", received[i].m == -1 ? "channel = 'visit'" :
		    m[received[i].m].cond, i);
	rc |= xf_buf_adds(&sql, " FROM live_items WHERE " RECEIVED(1, 1) ")"
	    " SELECT ?1 AS date, 'registered' AS measure, i AS items, p AS"
	    " people FROM r");
	for (i = 0; i < sizeof received / sizeof received[0]; i++)
		rc |= xf_buf_printf(&sql, " UNION ALL SELECT ?1, '%s', i%zu,"
		    " p%zu FROM r", received[i].name, i, i);
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		const char *c = steps[i].cond != NULL ? steps[i].cond : "1 = 1";

		rc |= xf_buf_printf(&sql, " UNION ALL SELECT ?1, '%1$s', sum(n),"
		    " sum(p) FROM (SELECT count(*) AS n, IFNULL(sum(people), 0)"
		    " AS p FROM live_items WHERE %2$s >= ?1 AND %2$s < date(?1,"
		    " '+1 day') AND %3$s", steps[i].name, steps[i].column, c);
		if (steps[i].cond != NULL)
			rc |= xf_buf_printf(&sql, " UNION ALL SELECT count(*),"
			    " IFNULL(sum(people), 0) FROM (SELECT h.*,"
			    " i.people FROM handlings h JOIN live_items i ON"
			    " i.id ="
			    " h.item) WHERE %1$s >= ?1 AND %1$s < date(?1,"
			    " '+1 day') AND %2$s", steps[i].column, c);
		rc |= xf_buf_adds(&sql, ")");
	}
	rc |= xf_buf_adds(&sql, " UNION ALL SELECT ?1, 'visits_made',"
	    " count(*), NULL FROM live_visits v JOIN live_items i ON i.id ="
	    " v.item WHERE at >= ?1 AND"
	    " at < date(?1, '+1 day')");
	rc |= xf_buf_adds(&sql, " UNION ALL SELECT ?1, 'fell_overdue',"
	    " count(*), IFNULL(sum(people), 0) FROM live_items WHERE"
	    " due = date(?1, '-1 day') AND status IN ('registered', "
	    XF_HANDLED_STATUSES ")");
	return xf_stats_run(l, &sql, params, 1, rc != 0, err, errlen);
}

const char *
xf_stats_zh(const char *column, const char *value)
{
	size_t	 i;

	if (strcmp(column, "rate") == 0)
		return xf_stats_rate_zh(value);
	if (strcmp(column, "measure") != 0 && strcmp(column, "stage") != 0)
		return NULL;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i].name, value) == 0)
			return names[i].zh;
	for (i = 0; i < LAWFUL_ROWS; i++)
		if (strcmp(lawful_names[i].name, value) == 0)
			return lawful_names[i].zh;
	return NULL;
}
