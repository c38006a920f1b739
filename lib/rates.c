/*
 * rates.c - the rates of xf-stats(1) rates (../shared DOMAIN.md §3):
 * each a numerator and a denominator over items or handlings, counted
 * as the cases stood at the end of the period, by the dates of their
 * steps; the SQL built here and run by the ledger
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-private.h"

/*
 * What a rate counts: items received in the period, or handlings (the
 * case's handling in force, from items, and its earlier ones, from the
 * handlings table).
 */
enum over { OVER_ITEMS, OVER_HANDLINGS, OVER_VILLAGES };

/*
 * A rate (named in ratenames.c, in the same order): what it counts, the conditions of its denominator and numerator, and
 * how long after the period it may still change (its window, a limit of
 * the settings, or -1: none).
 *
 * The conditions are SQL over a row H that has the columns of items,
 * those of the casework being the handling's, and n, the handling's
 * number, opened_at, when the reopening that began it was (NULL: the
 * first), next_at, when the next one began (NULL: none); or, over the
 * villages of the settings, a row H of one column, region, a village's
 * 12-digit code, the list bound as ?4.  $A is the
 * acceptance limit in days, $W the rate's window in days, $ONLINE the
 * condition of an online item, $T what the names of the tables items,
 * handlings and visits begin with (the ledger's, or those of the ledger
 * as recorded, xf_ledger_recorded());
 * ?1 and ?2 are the period's first and last day, ?3 today.
 */
struct rate {
	enum over	 over;
	const char	*den;
	const char	*num;
	int		 window;	/* XF_LIM_*, or -1 */
	int		 known;		/* of den, only where num is not NULL */
};

/* The day of a stored time. */
#define DAY(x)		"substr(" x ", 1, 10)"
/* A stored time's day in the period (a range, for the time's index). */
#define IN_PERIOD(x)	x " >= ?1 AND " x " < date(?2, '+1 day')"
/*
 * The first handling of a first item whose acceptance limit ended in
 * the period (the receipt as a range, for its index).
 */
#define ACCEPT_DUE	"\"first\" = 1 AND n = 1 AND received_at >=" \
			" date(?1, '-$A days') AND received_at <" \
			" date(?2, '-$A days', '+1 day')"
#define ACCEPT_LIMIT	"date(" DAY("received_at") ", '+$A days')"
/*
 * A unit's limit runs from its assignment, or for an item a higher
 * level sent (转送, 交办), from its arrival.
 */
#define UNIT_FROM	"(CASE WHEN source IN ('transferred', 'assigned')" \
			" AND n = 1 THEN " DAY("received_at") " ELSE " \
			DAY("assigned_at") " END)"
/*
 * The evaluations of the handling's reply, in its window: from the
 * reply's delivery (xf-notice) when there is one, else from the reply.
 */
#define EVALUATIONS	"FROM $Tvisits v WHERE v.item = H.id AND v.outcome IN" \
			" ('satisfied', 'basic', 'unsatisfied') AND " \
			DAY("v.at") " BETWEEN " DAY("H.replied_at") " AND" \
			" date(" DAY("IFNULL(H.reply_delivered_at," \
			" H.replied_at)") ", '+$W days') AND" \
			" (H.next_at IS NULL OR v.at < H.next_at)"
#define EVALUATED	"EXISTS (SELECT 1 " EVALUATIONS ")"
#define LAST_EVALUATION	"(SELECT v.outcome " EVALUATIONS " ORDER BY v.at" \
			" DESC, v.seq DESC LIMIT 1)"
/*
 * Replied in the period, the evaluation window closed by today (the
 * days counted on today's side: once a statement, not once a row).
 */
#define REPLIED_SETTLED	"replied_at IS NOT NULL AND " \
			IN_PERIOD("replied_at") " AND " \
			DAY("IFNULL(reply_delivered_at, replied_at)") \
			" < date(?3, '-$W days')"
/* The handling in force at the end of the period. */
#define IN_FORCE	"IFNULL(" DAY("opened_at") ", '') <= ?2 AND" \
			" (next_at IS NULL OR " DAY("next_at") " > ?2)"
#define CLOSED_BY_END	"closed_at IS NOT NULL AND " DAY("closed_at") \
			" <= ?2"

static const struct rate rates[XF_R_COUNT] = {
	/* 及时受理率: the office's acceptance decision, in its 15 days. */
	{ OVER_HANDLINGS,
	    ACCEPT_DUE, "decided_at IS NOT NULL AND " DAY("decided_at")
	    " <= " ACCEPT_LIMIT, -1, 0 },
	/* Its other two states: decided late, not decided by the end. */
	{ OVER_HANDLINGS, ACCEPT_DUE,
	    "decided_at IS NOT NULL AND " DAY("decided_at") " > "
	    ACCEPT_LIMIT " AND " DAY("decided_at") " <= ?2", -1, 0 },
	{ OVER_HANDLINGS, ACCEPT_DUE,
	    "decided_at IS NULL OR " DAY("decided_at") " > ?2", -1, 0 },
	/* 责任单位及时受理率: the unit's own acceptance, in its 15 days. */
	{ OVER_HANDLINGS,
	    "unit IS NOT NULL AND assigned_at IS NOT NULL AND " UNIT_FROM
	    " BETWEEN date(?1, '-$A days') AND date(?2, '-$A days')",
	    DAY("IFNULL(unit_accepted_at, unit_declined_at)") " <= date("
	    UNIT_FROM ", '+$A days')", -1, 0 },
	/* 按期办结率: the handlings due in the period, done by the day. */
	{ OVER_HANDLINGS,
	    "reply_due BETWEEN ?1 AND ?2 AND status <> 'transferred'",
	    "(replied_at IS NOT NULL AND " DAY("replied_at") " <= reply_due)"
	    " OR (closed_at IS NOT NULL AND " DAY("closed_at") " <="
	    " reply_due)", -1, 0 },
	/* 参评率, 满意率: replies of the period, once their window closed. */
	{ OVER_HANDLINGS,
	    REPLIED_SETTLED, EVALUATED, XF_LIM_EVALUATION, 0 },
	/*
	 * Of those evaluated: where the last evaluation is none, num is
	 * NULL (one lookup a reply, not an EXISTS and then the last).
	 */
	{ OVER_HANDLINGS, REPLIED_SETTLED,
	    LAST_EVALUATION " IN ('satisfied', 'basic')", XF_LIM_EVALUATION,
	    1 },
	{ OVER_HANDLINGS, "\"first\" = 1 AND " REPLIED_SETTLED,
	    LAST_EVALUATION " IN ('satisfied', 'basic')", XF_LIM_EVALUATION,
	    1 },
	/* 网信占比, 重复信访率: the items received in the period. */
	{ OVER_ITEMS, IN_PERIOD("received_at"),
	    "$ONLINE", -1, 0 },
	{ OVER_ITEMS, IN_PERIOD("received_at"),
	    "\"first\" = 0", -1, 0 },
	/* 一次性化解率: first items closed, no repeat in the window. */
	{ OVER_HANDLINGS,
	    "\"first\" = 1 AND closed_at IS NOT NULL AND "
	    IN_PERIOD("closed_at") " AND " DAY("closed_at") " < date(?3,"
	    " '-$W days')", "NOT EXISTS (SELECT 1 FROM $Titems r WHERE"
	    " r.repeat_of = H.id AND " DAY("r.received_at") " BETWEEN "
	    DAY("H.closed_at") " AND date(" DAY("H.closed_at") ", '+$W"
	    " days'))", XF_LIM_RESOLUTION, 0 },
	/* 化解率, 包案化解率: received in the period, closed by its end. */
	{ OVER_HANDLINGS,
	    IN_PERIOD("received_at") " AND " IN_FORCE, CLOSED_BY_END, -1, 0 },
	{ OVER_HANDLINGS,
	    "key_case = 1 AND lead IS NOT NULL AND "
	    IN_PERIOD("received_at") " AND " IN_FORCE, CLOSED_BY_END, -1, 0 },
	/*
	 * 无上访村(社区)合格率: the villages listed where no item of the
	 * period is placed (问题属地, to 12 digits); an item placed only to
	 * the county or a township (6 or 9 digits), or nowhere, is given
	 * to no village: the next rate counts those apart.
	 */
	{ OVER_VILLAGES, "1 = 1",
	    "H.region NOT IN (SELECT substr(region, 1, 12) FROM $Titems"
	    " WHERE " IN_PERIOD("received_at") " AND length(region) >= 12)",
	    -1, 0 },
	{ OVER_ITEMS,
	    IN_PERIOD("received_at"), "region IS NULL OR length(region) < 12",
	    -1, 0 },
};

#define RBIT(r)	(1u << (r))

/*
 * The rates of a set of the settings (NULL or "all": every rate, so
 * timely acceptance with its other two states), or 0 if there is none.
 * The settings checked every name of a set.
 */
static unsigned
rate_set(const xf_settings *set, const char *name)
{
	const char	*p, *e;
	unsigned	 bits = 0;
	int		 r;

	/* The villages' rates when the office lists its villages. */
	if (name == NULL || strcmp(name, "all") == 0)
		return (RBIT(XF_R_COUNT) - 1) & (xf_settings_villages(set) !=
		    NULL ? ~0u : ~(RBIT(XF_R_PETITION_FREE) |
		    RBIT(XF_R_UNPLACED)));
	if ((p = xf_settings_rate_set(set, name)) == NULL)
		return 0;
	for (; *p != '\0'; p = e) {
		p += strspn(p, " ");
		e = p + strcspn(p, " ");
		if (e > p && (r = xf_stats_rate(p, (size_t)(e - p))) != -1)
			bits |= RBIT(r);
	}
	return bits;
}

int
xf_stats_rate_set(const xf_settings *set, const char *name)
{
	return rate_set(set, name) != 0;
}

/* What the conditions of a rate are written with: $A, $W, $ONLINE, $T. */
struct subst {
	int		 accept;
	int		 window;
	const char	*online;
	const char	*tables;
};

/* s into b, with the values of su put in. */
static int
put(struct xf_buf *b, const char *s, const struct subst *su)
{
	const char	*p;
	int		 rc = 0;

	while ((p = strchr(s, '$')) != NULL) {
		rc |= xf_buf_add(b, s, (size_t)(p - s));
		if (strncmp(p, "$ONLINE", 7) == 0) {
			rc |= xf_buf_adds(b, su->online);
			s = p + 7;
			continue;
		}
		if (p[1] == 'T')
			rc |= xf_buf_adds(b, su->tables);
		else
			rc |= xf_buf_printf(b, "%d", p[1] == 'A' ?
			    su->accept : su->window);
		s = p + 2;
	}
	return rc | xf_buf_adds(b, s);
}

/*
 * Rate j counts the rows rate i counts: the same den over the same rows,
 * with the same window, so that they are read once for both.
 */
static int
same_rows(int i, int j)
{
	return rates[i].over == rates[j].over && rates[i].over !=
	    OVER_VILLAGES && rates[i].window == rates[j].window &&
	    strcmp(rates[i].den, rates[j].den) == 0;
}

/* The days of rate i's window, in the settings (0: it has none). */
static int
window_of(const xf_settings *set, int i)
{
	return rates[i].window >= 0 ? xf_settings_limit(set,
	    rates[i].window) : 0;
}

/*
 * What rate i's rows are grouped by (column, in SQL group), if anything:
 * the villages have a region alone.
 */
static const char *
grouping(int i, const char *column, const char *group)
{
	if (column == NULL || (rates[i].over == OVER_VILLAGES &&
	    strcmp(column, "region") != 0))
		return NULL;
	return group;
}

/* The num of each of the n rates of, as ok0, ok1, ... */
static int
oks(struct xf_buf *b, const int *of, int n, const struct subst *su)
{
	int	 k, rc = 0;

	for (k = 0; k < n; k++) {
		rc |= xf_buf_adds(b, ", (");
		rc |= put(b, rates[of[k]].num, su);
		rc |= xf_buf_printf(b, ") AS ok%d", k);
	}
	return rc;
}

/*
 * The handlings as rows H: the handling in force, from items, and (when
 * the rates of count handlings) each earlier one, with the columns of its
 * item, from the handlings table; with the n rates' oks.
 */
static int
handlings(struct xf_buf *b, const int *of, int n, const char *group,
    const struct subst *su)
{
	static const char hcols[] = ", " HANDLING_COLUMNS ",";
	const struct rate *r = &rates[of[0]];
	char		 key[64];
	const char	*name;
	int		 arm, f, rc = 0;

	if (r->over == OVER_VILLAGES) {
		rc |= xf_buf_printf(b, "SELECT %s AS g", group != NULL ?
		    group : "NULL");
		rc |= oks(b, of, n, su);
		rc |= xf_buf_adds(b, " FROM (SELECT json_extract(value,"
		    " '$.code') AS region FROM json_each(?4)) AS H WHERE ");
		return rc | put(b, r->den, su);
	}
	for (arm = 0; arm < (r->over == OVER_ITEMS ? 1 : 2); arm++) {
		rc |= xf_buf_printf(b, "%sSELECT %s AS g", arm ? " UNION ALL "
		    : "", group != NULL ? group : "NULL");
		rc |= oks(b, of, n, su);
		if (arm == 0)
			rc |= put(b, " FROM (SELECT *, IFNULL(handling,"
			    " 1) AS n, reopened_at AS opened_at, NULL AS"
			    " next_at FROM $Titems) AS H WHERE ", su);
		else {
			rc |= put(b, " FROM (SELECT h.n AS n,"
			    " h.opened_at AS opened_at, IFNULL((SELECT"
			    " opened_at FROM $Thandlings x WHERE x.item ="
			    " h.item AND x.n = h.n + 1), i.reopened_at) AS"
			    " next_at", su);
			for (f = 0; f < XF_F_STORED; f++) {
				name = xf_field_name(f);
				snprintf(key, sizeof key, ", %s,", name);
				rc |= xf_buf_printf(b, ", %c.\"%s\"",
				    strstr(hcols, key) ? 'h' : 'i', name);
			}
			rc |= put(b, " FROM $Thandlings h JOIN $Titems i ON"
			    " i.id = h.item) AS H WHERE ", su);
		}
		rc |= put(b, r->den, su);
	}
	return rc;
}

/*
 * The rates over the tables whose names begin with tables, today being
 * the day today.
 */
static xf_cursor *
rates_of(xf_ledger *l, const xf_settings *set, const char *from,
    const char *to, const char *which, const char *by, const char *tables,
    const char *today, char *err, size_t errlen)
{
	struct xf_buf	 sql = { 0 }, group = { 0 };
	struct subst	 su = { .tables = tables };
	const char	*params[4], *column = NULL;
	char		 list[96], online[128], target[32];
	unsigned	 want;
	xf_day		 f, t;
	double		 pct;
	int		 lead[XF_R_COUNT], slot[XF_R_COUNT], size[XF_R_COUNT];
	int		 of[XF_R_COUNT];
	int		 i, j, with = 0, n = 0, rc = 0;

	if ((want = rate_set(set, which)) == 0) {
		xf_errf(err, errlen, "'%s': not a set of rates", which);
		return NULL;
	}
	if (xf_stats_period(from, to, &f, &t, err, errlen) == -1)
		return NULL;
	if (by != NULL && (column = xf_stats_group(&group, set, by, 3, err,
	    errlen)) == NULL) {
		xf_buf_release(&group);
		return NULL;
	}
	params[0] = from;
	params[1] = to;
	params[2] = today;
	params[3] = xf_settings_villages(set) != NULL ?
	    xf_settings_villages(set) : "[]";
	xf_stats_online(set, list, sizeof list);
	snprintf(online, sizeof online, "channel IN (%s)", list);
	su.online = online;
	su.accept = xf_settings_limit(set, XF_LIM_ACCEPT);

	/*
	 * The rates that count the same rows read them once: the first of
	 * them (its lead) makes them, with the oks of all, a table s<lead>.
	 */
	for (i = 0; i < XF_R_COUNT; i++) {
		size[i] = 0;
		if (!(want & RBIT(i)))
			continue;
		for (j = 0; j < i && !((want & RBIT(j)) && lead[j] == j &&
		    same_rows(i, j)); j++)
			continue;
		lead[i] = j;
		slot[i] = size[j]++;
	}
	for (i = 0; i < XF_R_COUNT; i++) {
		if (size[i] < 2)
			continue;
		su.window = window_of(set, i);
		for (j = i; j < XF_R_COUNT; j++)
			if ((want & RBIT(j)) && lead[j] == i)
				of[slot[j]] = j;
		rc |= xf_buf_printf(&sql, "%s s%d AS MATERIALIZED (", with++ ?
		    "," : "WITH", i);
		rc |= handlings(&sql, of, size[i], grouping(i, column, group.p),
		    &su);
		rc |= xf_buf_adds(&sql, ")");
	}
	/*
	 * A rate settles the day after its period, or after the window of
	 * its last item; until then it is open, and may still change.
	 */
	rc |= xf_buf_adds(&sql, " SELECT rate, ");
	if (column != NULL)
		rc |= xf_buf_printf(&sql, "g AS \"%s\", ", column);
	rc |= xf_buf_adds(&sql, "numerator, denominator, CASE WHEN"
	    " denominator = 0 THEN NULL ELSE round(numerator * 100.0 /"
	    " denominator, 1) END AS value, target, json(CASE WHEN settles >"
	    " ?3 THEN 'true' ELSE 'false' END) AS open, settles FROM (");
	for (i = 0; i < XF_R_COUNT; i++) {
		if (!(want & RBIT(i)))
			continue;
		su.window = window_of(set, i);
		/* typed, for the union with a target's number */
		snprintf(target, sizeof target, "CAST(NULL AS NUMERIC)");
		if (xf_settings_target(set, xf_rate_name(i), &pct))
			snprintf(target, sizeof target, "%g", pct);
		rc |= xf_buf_printf(&sql, "%sSELECT %d AS ord, '%s' AS rate,"
		    " min(g) AS g, count(CASE WHEN ok%d THEN 1 END) AS"
		    " numerator, count(", n++ ? " UNION ALL " : "", i,
		    xf_rate_name(i), slot[i]);
		rc |= rates[i].known ? xf_buf_printf(&sql, "ok%d", slot[i]) :
		    xf_buf_adds(&sql, "*");
		rc |= xf_buf_printf(&sql, ") AS denominator, %s AS target,"
		    " date(?2, '+%d days') AS settles FROM ", target,
		    rates[i].window >= 0 ? su.window + 1 : 1);
		if (size[lead[i]] > 1)
			rc |= xf_buf_printf(&sql, "s%d", lead[i]);
		else {
			rc |= xf_buf_adds(&sql, "(");
			rc |= handlings(&sql, &i, 1, grouping(i, column,
			    group.p), &su);
			rc |= xf_buf_adds(&sql, ")");
		}
		/* A group none of whose rows is of den is none. */
		if (by != NULL)
			rc |= xf_buf_adds(&sql, " GROUP BY g");
		if (by != NULL && rates[i].known)
			rc |= xf_buf_printf(&sql, " HAVING count(ok%d) > 0",
			    slot[i]);
	}
	/* no group first, as SQLite orders NULL */
	rc |= xf_buf_printf(&sql, ") ORDER BY ord%s", by != NULL ?
	    ", g IS NOT NULL, g" : "");
	xf_buf_release(&group);
	return xf_stats_run(l, &sql, params, 4, rc != 0, err, errlen);
}

xf_cursor *
xf_stats_rates(xf_ledger *l, const xf_settings *set, const char *from,
    const char *to, const char *which, const char *by, char *err,
    size_t errlen)
{
	char	 day[11];

	if (xf_stats_today(set, day, err, errlen) == -1)
		return NULL;
	return rates_of(l, set, from, to, which, by, "live_", day, err,
	    errlen);
}

xf_cursor *
xf_stats_rates_recorded(xf_ledger *l, const xf_settings *set,
    const char *from, const char *to, const char *which, const char *by,
    const char *recorded, char *err, size_t errlen)
{
	struct xf_time	 t;
	const char	*why;
	char		 day[11], before[32];
	int		 tz = xf_settings_tz(set);

	if (xf_time_parse(recorded, tz, &t, &why) == -1) {
		xf_errf(err, errlen, "'%s': %s", recorded, why);
		return NULL;
	}
	if (by != NULL && strcmp(by, "due_state") == 0) {
		xf_errf(err, errlen, "'%s': not known as recorded", by);
		return NULL;
	}
	/* A time, to its second; a day (no hour), to its end. */
	xf_time_day(t, tz, day, sizeof day);
	if (strchr(recorded, ':') != NULL)
		t.t++;
	else if (xf_time_parse(day, tz, &t, &why) == 0)
		t.t += 86400;
	xf_time_format(t, tz, before, sizeof before);
	if (xf_ledger_recorded(l, before) == -1) {
		xf_errf(err, errlen, "%s", xf_ledger_errmsg(l));
		return NULL;
	}
	return rates_of(l, set, from, to, which, by, "temp.recorded_", day,
	    err, errlen);
}
