/*
 * measure.c - the measures taken against unlawful petitioning (依法处理:
 * 训诫, 行政拘留, 逮捕, ...) on a case, each on its day with the number of
 * persons it concerned, in the ledger's lawful_measures table, each with
 * its event
 */
#include <stdlib.h>
#include <string.h>


#include "xf-private.h"
#include "store/store.h"

/* In the order of enum xf_measure_kind: the token, then Chinese words. */
static const struct {
	const char	*token;
	const char	*zh[3];
} kinds[XF_MEASURE_COUNT] = {
	{ "admonition", { "训诫", "训诫教育" } },
	{ "detention", { "行政拘留", "治安处罚", "拘留" } },
	{ "arrest", { "逮捕", "刑事强制措施", "刑事拘留" } },
	{ "other", { "其他" } },
};

const char *
xf_measure_kind(int kind)
{
	return kind >= 0 && kind < XF_MEASURE_COUNT ? kinds[kind].token :
	    NULL;
}

const char *
xf_measure_zh(int kind)
{
	return kind >= 0 && kind < XF_MEASURE_COUNT ? kinds[kind].zh[0] :
	    NULL;
}

int
xf_measure_parse(const char *s, size_t len)
{
	int	 k, w;

	for (k = 0; k < XF_MEASURE_COUNT; k++) {
		if (strlen(kinds[k].token) == len &&
		    memcmp(kinds[k].token, s, len) == 0)
			return k;
		for (w = 0; w < 3 && kinds[k].zh[w] != NULL; w++)
			if (strlen(kinds[k].zh[w]) == len &&
			    memcmp(kinds[k].zh[w], s, len) == 0)
				return k;
	}
	return -1;
}

/* The event of measure m, taken on day. */
static int
measure_event(xf_ledger *l, const char *id, const struct xf_lawful *m,
    int handling, const char *day)
{
	struct xf_buf	 b = { 0 };
	int		 rc;

	rc = xf_buf_printf(&b, "{\"kind\":\"%s\",\"at\":\"%s\",\"people\":%ld,"
	    "\"handling\":%d", kinds[m->kind].token, day, m->people,
	    handling);
	if (m->notes != NULL) {
		rc |= xf_buf_adds(&b, ",\"notes\":\"");
		rc |= xf_json_escape(&b, m->notes, strlen(m->notes));
		rc |= xf_buf_addc(&b, '"');
	}
	rc |= xf_buf_addc(&b, '}');
	rc = rc == 0 ? xf_ledger_event(l, id, "measure", b.p) :
	    xf_ledger_fail(l, "out of memory");
	xf_buf_release(&b);
	return rc;
}

enum xf_applied
xf_ledger_measure(xf_ledger *l, const char *id, const struct xf_lawful *m,
    xf_record *item)
{
	const xf_settings *set = xf_ledger_settings(l);
	struct xf_stmt	*s;
	struct xf_time	 t;
	const char	*why, *v;
	char		 day[11], today[11], received[11];
	int		 rc, handling;

	if ((rc = xf_ledger_read(l, id, item)) != 1)
		return rc == 0 ? XF_REFUSED : XF_STEP_ERROR;
	if (xf_record_get(item, XF_F_VOIDED_AT) != NULL) {
		xf_ledger_fail(l, "cannot record the measure: %s is voided "
		    "(xf-edit --unvoid brings it back)", id);
		return XF_REFUSED;
	}
	if ((int)m->kind < 0 || m->kind >= XF_MEASURE_COUNT) {
		xf_ledger_fail(l, "cannot record the measure: no such kind");
		return XF_REFUSED;
	}
	if (m->people < 1) {
		xf_ledger_fail(l, "cannot record the measure: persons '%ld': "
		    "not 1 or more", m->people);
		return XF_REFUSED;
	}
	if (xf_time_parse(m->at != NULL ? m->at : xf_ledger_now(l),
	    xf_settings_tz(set), &t, &why) == -1) {
		xf_ledger_fail(l, "cannot record the measure: date '%s': %s",
		    m->at, why);
		return XF_REFUSED;
	}
	xf_time_day(t, xf_settings_tz(set), day, sizeof day);
	if (xf_time_parse(xf_ledger_now(l), xf_settings_tz(set), &t,
	    &why) == -1) {
		xf_ledger_fail(l, "now: %s", why);
		return XF_STEP_ERROR;
	}
	xf_time_day(t, xf_settings_tz(set), today, sizeof today);
	snprintf(received, sizeof received, "%s",
	    xf_record_get(item, XF_F_RECEIVED_AT));
	if (strcmp(day, today) > 0 || strcmp(day, received) < 0) {
		xf_ledger_fail(l, "cannot record the measure: %s is %s", day,
		    strcmp(day, today) > 0 ? "in the future" :
		    "before the item was received");
		return XF_REFUSED;
	}
	v = xf_record_get(item, XF_F_HANDLING);
	handling = v != NULL && *v != '\0' ? atoi(v) : 1;
	if ((s = xf_db_prepare(xf_ledger_db(l), "INSERT INTO lawful_measures"
	    " (item, handling, kind, at, people, notes, batch) VALUES (?1, ?2,"
	    " ?3, ?4, ?5, ?6, ?7) ON CONFLICT (item, kind, at) DO NOTHING")) == NULL)
		goto dberr;
	xf_db_bind_copy(s, 1, id);
	xf_db_bind_int(s, 2, handling);
	xf_db_bind_text(s, 3, kinds[m->kind].token);
	xf_db_bind_copy(s, 4, day);
	xf_db_bind_int(s, 5, m->people);
	if (m->notes != NULL)
		xf_db_bind_copy(s, 6, m->notes);
	xf_db_bind_int(s, 7, xf_ledger_batch(l));
	rc = xf_db_step(s);
	xf_db_finalize(s);
	if (rc != XF_DB_DONE)
		goto dberr;
	if (xf_db_changes(xf_ledger_db(l)) == 0)
		return XF_ALREADY;
	return measure_event(l, id, m, handling, day) == -1 ? XF_STEP_ERROR :
	    XF_APPLIED;
dberr:
	xf_ledger_dberr(l, "storing the measure");
	return XF_STEP_ERROR;
}

xf_cursor *
xf_ledger_measures(xf_ledger *l, const char *id)
{
	const char	*params[1] = { id };

	return xf_ledger_query(l, "SELECT item AS id, handling, kind, at,"
	    " people, notes FROM lawful_measures WHERE item = ?1 ORDER BY at,"
	    " seq", params, 1);
}
