/*
 * stats.c - the statistics of xf-stats(1): the SQL of each report, built
 * here from the settings and run by the ledger (xf_ledger_query())
 */
#include <stdlib.h>
#include <string.h>

#include "xf-private.h"

/* The statuses of a case being handled (xf-stats(1) backlog). */
#define OPEN_STATUSES	"'accepted', 'assigned', 'extended', 'reopened'," \
			" 'review', 're-review'"

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
	M_COUNT
};

static const char *const measure_names[M_COUNT] = {
	"visits", "first_visits", "collective_visits",
	"first_collective_visits", "online_from_above", "skip_level",
	"skip_level_national", "skip_level_province", "skip_level_city",
	"irregular_national", "letters", "phone", "online", "all"
};

static void
fail(char *err, size_t errlen, const char *msg)
{
	xf_errf(err, errlen, "%s", msg);
}

/* The channels the settings count as online, as an SQL list. */
static void
online_list(const xf_settings *set, char *buf, size_t len)
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

	online_list(set, online, sizeof online);
	above[0] = '\0';
	for (i = (int)lv + 1; i <= XF_LEVEL_NATIONAL; i++)
		used += (size_t)snprintf(above + used, sizeof above - used,
		    "%s'%s'", used ? ", " : "",
		    xf_level_token((enum xf_level)i));
	if (used == 0)
		snprintf(above, sizeof above, "NULL");
	for (i = 0; i < M_COUNT; i++)
		m[i].name = measure_names[i];
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
	    lv < XF_LEVEL_NATIONAL ? "" : " AND 0");
	snprintf(m[M_SKIP_PROVINCE].cond, sizeof m->cond,
	    "channel = 'visit' AND lodged_level = 'province'%s",
	    lv < XF_LEVEL_PROVINCE ? "" : " AND 0");
	snprintf(m[M_SKIP_CITY].cond, sizeof m->cond,
	    "channel = 'visit' AND lodged_level = 'city'%s",
	    lv < XF_LEVEL_CITY ? "" : " AND 0");
	snprintf(m[M_IRREGULAR].cond, sizeof m->cond,
	    "irregular = 1 AND lodged_level = 'national'");
	snprintf(m[M_LETTERS].cond, sizeof m->cond, "channel = 'letter'");
	snprintf(m[M_PHONE].cond, sizeof m->cond, "channel = 'phone'");
	snprintf(m[M_ONLINE].cond, sizeof m->cond, "channel IN (%s)", online);
	snprintf(m[M_ALL].cond, sizeof m->cond, "1");
}

/* The cursor, or NULL with the ledger's message in err. */
static xf_cursor *
run(xf_ledger *l, struct xf_buf *sql, const char *const *params, int n,
    int bad, char *err, size_t errlen)
{
	xf_cursor	*c = NULL;

	if (bad)
		fail(err, errlen, "out of memory");
	else if ((c = xf_ledger_query(l, sql->p, params, n)) == NULL)
		fail(err, errlen, xf_ledger_errmsg(l));
	xf_buf_release(sql);
	return c;
}

static int
parse_day(const char *s, xf_day *d, char *err, size_t errlen)
{
	const char	*why;

	if (s == NULL || strlen(s) != 10 || xf_day_parse(s, 0, d, &why) == -1) {
		xf_errf(err, errlen, "'%s': not a day (YYYY-MM-DD)",
		    s ? s : "");
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

	if (parse_day(from, &f, err, errlen) == -1 ||
	    parse_day(to, &t, err, errlen) == -1)
		return NULL;
	if (f > t) {
		xf_errf(err, errlen, "the period ends (%s) before it begins "
		    "(%s)", to, from);
		return NULL;
	}
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
	rc |= xf_buf_adds(&sql, " FROM items WHERE (" RECEIVED(1, 2)
	    ") OR (" RECEIVED(3, 4) ")),"
	    " a AS MATERIALIZED (SELECT 0");
	for (i = 0; i < M_COUNT; i++)
		rc |= xf_buf_printf(&sql, ", count(CASE WHEN cur AND c%1$d"
		    " THEN 1 END) AS i%1$d, IFNULL(sum(CASE WHEN cur AND c%1$d"
		    " THEN people END), 0) AS p%1$d, count(CASE WHEN NOT cur"
		    " AND c%1$d THEN 1 END) AS q%1$d, IFNULL(sum(CASE WHEN NOT"
		    " cur AND c%1$d THEN people END), 0) AS r%1$d", i);
	rc |= xf_buf_adds(&sql, " FROM p) SELECT measure, items, people,"
	    " previous_items, previous_people, change_pct FROM (");
	for (i = 0; i < M_COUNT; i++) {
		/* The change in people for irregular visits (人次). */
		const char *now = i == M_IRREGULAR ? "p" : "i";
		const char *was = i == M_IRREGULAR ? "r" : "q";

		rc |= xf_buf_printf(&sql, "%sSELECT %d AS ord, '%s' AS"
		    " measure, i%d AS items, p%d AS people, q%d AS"
		    " previous_items, r%d AS previous_people, CASE WHEN %s%d = 0"
		    " THEN NULL ELSE round((%s%d - %s%d) * 100.0 / %s%d, 1) END"
		    " AS change_pct FROM a", i ? " UNION ALL " : "", i,
		    m[i].name, i, i, i, i, was, i, now, i, was, i, was, i);
	}
	rc |= xf_buf_adds(&sql, ") ORDER BY ord");
	return run(l, &sql, params, 4, rc != 0, err, errlen);
}

/* The dimensions of a count, and the SQL of each ("%d": region digits). */
static const struct {
	const char	*name;
	const char	*expr;
} dims[] = {
	{ "day", "substr(received_at, 1, 10)" },
	{ "week", "strftime('%%Y-W%%W', substr(received_at, 1, 10))" },
	{ "month", "substr(received_at, 1, 7)" },
	{ "quarter", "substr(received_at, 1, 4) || '-Q' ||"
	    " ((CAST(substr(received_at, 6, 2) AS INTEGER) + 2) / 3)" },
	{ "year", "substr(received_at, 1, 4)" },
	{ "channel", "channel" },
	{ "source", "source" },
	{ "lodged_level", "lodged_level" },
	{ "category1", "substr(category || '/', 1,"
	    " instr(category || '/', '/') - 1)" },
	{ "category2", "substr(category || '/', 1,"
	    " instr(category || '/', '/') + instr(substr(category || '/',"
	    " instr(category || '/', '/') + 1), '/') - 1)" },
	{ "category3", NULL },	/* made in dim_expr() */
	{ "region", "substr(region, 1, %d)" },
	{ "unit", "unit" },
	{ "status", "status" },
	{ "purpose", "purpose" },
	{ "first", "\"first\"" },
	{ "collective", "collective" },
};

#define NDIMS	(sizeof dims / sizeof dims[0])

static int
dim_find(const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; i < NDIMS; i++)
		if (strlen(dims[i].name) == len &&
		    memcmp(dims[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

int
xf_stats_dimension(const char *name, size_t len)
{
	return dim_find(name, len) != -1;
}

static int
dim_expr(struct xf_buf *sql, int d, int digits)
{
	/* The end of the second level (i2), then of the third. */
	static const char s[] = "(category || '/')";
	char	 i1[64], i2[256];

	if (strcmp(dims[d].name, "category3") != 0)
		return xf_buf_printf(sql, dims[d].expr, digits);
	snprintf(i1, sizeof i1, "instr(%s, '/')", s);
	snprintf(i2, sizeof i2, "(%s + instr(substr(%s, %s + 1), '/'))", i1,
	    s, i1);
	return xf_buf_printf(sql, "substr(%s, 1, %s + instr(substr(%s, %s +"
	    " 1), '/') - 1)", s, i2, s, i2);
}

xf_cursor *
xf_stats_count(xf_ledger *l, const xf_settings *set, const char *by,
    const struct xf_filter *f, int region_digits, char *err, size_t errlen)
{
	struct xf_buf	 sql = { 0 };
	const char	*params[8], *p, *e;
	int		 n = 0, nd = 0, d, i, rc = 0;
	xf_day		 day;

	(void)set;
	if (region_digits < 1 || region_digits > 12) {
		fail(err, errlen, "region digits: not from 1 to 12");
		return NULL;
	}
	if ((f->from != NULL && parse_day(f->from, &day, err, errlen) == -1) ||
	    (f->to != NULL && parse_day(f->to, &day, err, errlen) == -1))
		return NULL;
	rc |= xf_buf_adds(&sql, "SELECT ");
	for (p = by; ; p = e + 1) {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		if ((d = dim_find(p, (size_t)(e - p))) == -1) {
			xf_errf(err, errlen, "'%.*s': not a dimension",
			    (int)(e - p), p);
			xf_buf_release(&sql);
			return NULL;
		}
		rc |= dim_expr(&sql, d, region_digits);
		rc |= xf_buf_printf(&sql, " AS \"%s\", ", dims[d].name);
		nd++;
		if (*e == '\0')
			break;
	}
	rc |= xf_buf_adds(&sql, "count(*) AS items, IFNULL(sum(people), 0)"
	    " AS people, count(CASE WHEN channel = 'visit' THEN 1 END) AS"
	    " batches FROM items WHERE 1");
	if (f->from != NULL) {
		params[n++] = f->from;
		rc |= xf_buf_printf(&sql, " AND received_at >= ?%d", n);
	}
	if (f->to != NULL) {
		params[n++] = f->to;
		rc |= xf_buf_printf(&sql, " AND received_at < date(?%d,"
		    " '+1 day')", n);
	}
	if (f->channel != NULL) {
		params[n++] = f->channel;
		rc |= xf_buf_printf(&sql, " AND channel = ?%d", n);
	}
	if (f->status != NULL) {
		params[n++] = f->status;
		rc |= xf_buf_printf(&sql, " AND status = ?%d", n);
	}
	if (f->category != NULL) {
		params[n++] = f->category;
		rc |= xf_buf_printf(&sql, " AND (category = ?%1$d OR"
		    " substr(category, 1, length(?%1$d) + 1) = ?%1$d || '/')",
		    n);
	}
	if (f->region != NULL) {
		params[n++] = f->region;
		rc |= xf_buf_printf(&sql, " AND substr(region, 1,"
		    " length(?%1$d)) = ?%1$d", n);
	}
	rc |= xf_buf_adds(&sql, " GROUP BY ");
	for (i = 1; i <= nd; i++)
		rc |= xf_buf_printf(&sql, "%s%d", i > 1 ? ", " : "", i);
	rc |= xf_buf_adds(&sql, " ORDER BY ");
	for (i = 1; i <= nd; i++)
		rc |= xf_buf_printf(&sql, "%s%d", i > 1 ? ", " : "", i);
	return run(l, &sql, params, n, rc != 0, err, errlen);
}

/* Today in the office's zone, into buf (11 bytes). */
static int
today(const xf_settings *set, char *buf, char *err, size_t errlen)
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

xf_cursor *
xf_stats_backlog(xf_ledger *l, const xf_settings *set, char *err,
    size_t errlen)
{
	struct xf_buf	 sql = { 0 };
	const char	*params[1];
	char		 day[11];
	int		 rc;

	if (today(set, day, err, errlen) == -1)
		return NULL;
	params[0] = day;
	rc = xf_buf_printf(&sql, "SELECT IFNULL(unit, '') AS unit,"
	    " count(*) AS open,"
	    " count(CASE WHEN due >= ?1 AND due <= date(?1, '+%d days')"
	    " THEN 1 END) AS due_soon,"
	    " count(CASE WHEN due < ?1 THEN 1 END) AS overdue,"
	    " count(CASE WHEN date(due, '+' || due_days || ' days') < ?1"
	    " THEN 1 END) AS very_overdue,"
	    " count(CASE WHEN status = 'extended' THEN 1 END) AS extended"
	    " FROM items WHERE status IN (" OPEN_STATUSES ")"
	    " GROUP BY 1 ORDER BY 1",
	    xf_settings_limit(set, XF_LIM_DUE_SOON));
	return run(l, &sql, params, 1, rc != 0, err, errlen);
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
	/* The steps of the day, by the day each field records. */
	static const struct {
		const char	*name;
		const char	*column;
	} steps[] = {
		{ "accepted", "accepted_at" },
		{ "replied", "replied_at" },
		{ "closed", "closed_at" },
	};
	struct measure	 m[M_COUNT];
	struct xf_buf	 sql = { 0 };
	const char	*params[1];
	char		 buf[11];
	xf_day		 d;
	size_t		 i;
	int		 rc = 0;

	if (day == NULL) {
		if (today(set, buf, err, errlen) == -1 ||
		    parse_day(buf, &d, err, errlen) == -1)
			return NULL;
		xf_day_format(d - 1, buf, sizeof buf);
		day = buf;
	} else if (parse_day(day, &d, err, errlen) == -1)
		return NULL;
	params[0] = day;
	measures(set, m);

#define ROW(name, from, cond)	"SELECT ?1 AS date, '" name "' AS measure," \
	" count(*) AS items, IFNULL(sum(people), 0) AS people FROM " from \
	" WHERE " cond
	rc |= xf_buf_adds(&sql, ROW("registered", "items", RECEIVED(1, 1)));
	for (i = 0; i < sizeof received / sizeof received[0]; i++)
		rc |= xf_buf_printf(&sql, " UNION ALL SELECT ?1, '%s',"
		    " count(*), IFNULL(sum(people), 0) FROM items WHERE "
		    RECEIVED(1, 1) " AND %s", received[i].name,
		    received[i].m == -1 ? "channel = 'visit'" :
		    m[received[i].m].cond);
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
		rc |= xf_buf_printf(&sql, " UNION ALL SELECT ?1, '%s',"
		    " count(*), IFNULL(sum(people), 0) FROM items WHERE"
		    " substr(%s, 1, 10) = ?1", steps[i].name, steps[i].column);
	rc |= xf_buf_adds(&sql, " UNION ALL SELECT ?1, 'visits_made',"
	    " count(*), NULL FROM visits WHERE substr(at, 1, 10) = ?1");
	rc |= xf_buf_adds(&sql, " UNION ALL " ROW("fell_overdue", "items",
	    "due = date(?1, '-1 day') AND status IN ('registered', "
	    OPEN_STATUSES ")"));
#undef ROW
	return run(l, &sql, params, 1, rc != 0, err, errlen);
}

/* The rates of xf-stats(1) rates, in their order, and the named sets. */
enum {
	R_TIMELY_ACCEPTANCE, R_ON_TIME_COMPLETION, R_EVALUATION,
	R_SATISFACTION, R_FIRST_SATISFACTION, R_ONLINE_SHARE, R_REPEAT,
	R_ONE_TIME, R_RESOLUTION, R_KEY_CASE, R_COUNT
};

static const char *const rate_names[R_COUNT] = {
	"timely_acceptance", "on_time_completion",
	"evaluation_participation", "satisfaction", "first_satisfaction",
	"online_share", "repeat_rate", "one_time_resolution", "resolution",
	"key_case_resolution"
};

#define RBIT(r)	(1u << (r))

/* The rates of a named set (NULL: every rate), or 0 if there is none. */
static unsigned
rate_set(const char *name)
{
	unsigned three = RBIT(R_TIMELY_ACCEPTANCE) |
	    RBIT(R_ON_TIME_COMPLETION) | RBIT(R_SATISFACTION);

	if (name == NULL || strcmp(name, "all") == 0)
		return RBIT(R_COUNT) - 1;
	if (strcmp(name, "三率") == 0)
		return three;
	if (strcmp(name, "五率") == 0)
		return three | RBIT(R_EVALUATION) | RBIT(R_ONE_TIME);
	return 0;
}

int
xf_stats_rate_set(const char *name)
{
	return rate_set(name) != 0;
}

/* A stored time's day in the period ?1 to ?2. */
#define IN_PERIOD(x)	"substr(" x ", 1, 10) BETWEEN ?1 AND ?2"

xf_cursor *
xf_stats_rates(xf_ledger *l, const xf_settings *set, const char *from,
    const char *to, const char *which, char *err, size_t errlen)
{
	struct measure	 m[M_COUNT];
	char		 den[R_COUNT][320], num[R_COUNT][320];
	struct xf_buf	 sql = { 0 };
	const char	*params[3];
	char		 day[11];
	unsigned	 want;
	xf_day		 f, t;
	int		 i, n = 0, rc = 0;
	int		 accept = xf_settings_limit(set, XF_LIM_ACCEPT);
	int		 window = xf_settings_limit(set, XF_LIM_EVALUATION);

	if ((want = rate_set(which)) == 0) {
		xf_errf(err, errlen, "'%s': not a set of rates (三率, 五率)",
		    which);
		return NULL;
	}
	if (parse_day(from, &f, err, errlen) == -1 ||
	    parse_day(to, &t, err, errlen) == -1)
		return NULL;
	if (f > t) {
		xf_errf(err, errlen, "the period ends (%s) before it begins "
		    "(%s)", to, from);
		return NULL;
	}
	if (today(set, day, err, errlen) == -1)
		return NULL;
	params[0] = from;
	params[1] = to;
	params[2] = day;
	measures(set, m);

#define SET(r, d, ...)	do { \
	snprintf(den[r], sizeof den[r], "%s", d); \
	snprintf(num[r], sizeof num[r], __VA_ARGS__); } while (0)
	snprintf(den[R_TIMELY_ACCEPTANCE], sizeof den[0], "\"first\" = 1 AND"
	    " date(substr(received_at, 1, 10), '+%d days') BETWEEN ?1 AND ?2",
	    accept);
	snprintf(num[R_TIMELY_ACCEPTANCE], sizeof num[0], "accepted_at IS NOT"
	    " NULL AND substr(accepted_at, 1, 10) <= date(substr(received_at,"
	    " 1, 10), '+%d days')", accept);
	SET(R_ON_TIME_COMPLETION, "(replied_at IS NOT NULL AND "
	    IN_PERIOD("replied_at") ") OR (replied_at IS NULL AND status IN"
	    " ('accepted', 'assigned', 'extended', 'reopened') AND due"
	    " BETWEEN ?1 AND ?2)", "replied_at IS NOT NULL AND reply_on_time"
	    " = 1");
	SET(R_EVALUATION, "replied_at IS NOT NULL AND " IN_PERIOD("replied_at"),
	    "satisfaction IS NOT NULL");
	snprintf(den[R_EVALUATION] + strlen(den[R_EVALUATION]),
	    sizeof den[0] - strlen(den[R_EVALUATION]), " AND (satisfaction IS"
	    " NOT NULL OR date(substr(replied_at, 1, 10), '+%d days') < ?3)",
	    window);
	SET(R_SATISFACTION, "replied_at IS NOT NULL AND "
	    IN_PERIOD("replied_at") " AND satisfaction IS NOT NULL",
	    "satisfaction IN ('satisfied', 'basic')");
	SET(R_FIRST_SATISFACTION, "\"first\" = 1 AND replied_at IS NOT NULL"
	    " AND " IN_PERIOD("replied_at") " AND satisfaction IS NOT NULL",
	    "satisfaction IN ('satisfied', 'basic')");
	SET(R_ONLINE_SHARE, IN_PERIOD("received_at"), "%s", m[M_ONLINE].cond);
	SET(R_REPEAT, IN_PERIOD("received_at"), "\"first\" = 0");
	SET(R_ONE_TIME, "\"first\" = 1 AND closed_at IS NOT NULL AND "
	    IN_PERIOD("closed_at"), "NOT EXISTS (SELECT 1 FROM items r WHERE"
	    " r.repeat_of = items.id AND substr(r.received_at, 1, 10) BETWEEN"
	    " substr(items.closed_at, 1, 10) AND date(substr(items.closed_at,"
	    " 1, 10), '+90 days'))");
	SET(R_RESOLUTION, IN_PERIOD("received_at"), "closed_at IS NOT NULL");
	SET(R_KEY_CASE, "lead IS NOT NULL AND " IN_PERIOD("received_at"),
	    "closed_at IS NOT NULL");
#undef SET

	rc |= xf_buf_adds(&sql, "SELECT rate, numerator, denominator, CASE"
	    " WHEN denominator = 0 THEN NULL ELSE round(numerator * 100.0 /"
	    " denominator, 1) END AS value FROM (");
	for (i = 0; i < R_COUNT; i++) {
		if (!(want & RBIT(i)))
			continue;
		rc |= xf_buf_printf(&sql, "%sSELECT %d AS ord, '%s' AS rate,"
		    " count(CASE WHEN %s THEN 1 END) AS numerator, count(*) AS"
		    " denominator FROM items WHERE %s", n++ ? " UNION ALL " : "",
		    i, rate_names[i], num[i], den[i]);
	}
	rc |= xf_buf_adds(&sql, ") ORDER BY ord");
	return run(l, &sql, params, 3, rc != 0, err, errlen);
}
