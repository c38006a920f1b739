/*
 * document.c - the documents issued for a case (xf-notice): their
 * numbers (文号), a sequence per kind and year, and their delivery
 * (送达), in the ledger's documents table, each change with its event
 */
#include <stdlib.h>
#include <string.h>


#include "xf-private.h"
#include "store/store.h"

/* The word of each kind in the default number: 信受字〔2018〕1号. */
static const char *const words[XF_DOC_COUNT] = {
	[XF_DOC_ACCEPTANCE] = "受",
	[XF_DOC_REACCEPTANCE] = "重受",
	[XF_DOC_REFUSAL] = "不受",
	[XF_DOC_NOT_AGAIN] = "不再受",
	[XF_DOC_TRANSFER] = "转",
	[XF_DOC_EXTENSION] = "延",
	[XF_DOC_OPINION] = "处",
	[XF_DOC_REVIEW] = "复查",
	[XF_DOC_REREVIEW] = "复核",
	[XF_DOC_AGREEMENT] = "协",
	[XF_DOC_RECEIPT] = "回",
};

/* The case id as it stands; 1, 0 when there is none (message), -1. */
static int
read_item(xf_ledger *l, const char *id, xf_record *item)
{
	struct xf_filter f;
	xf_cursor	*c;
	int		 rc;

	xf_filter_init(&f);
	f.id = id;
	if ((c = xf_ledger_select(l, &f)) == NULL)
		return -1;
	rc = xf_cursor_next(c, item);
	xf_cursor_free(c);
	if (rc == 0)
		xf_ledger_fail(l, "no item '%s' in the ledger", id);
	return rc;
}

static int
handling(const xf_record *item)
{
	const char *v = xf_record_get(item, XF_F_HANDLING);

	return v != NULL && *v != '\0' ? atoi(v) : 1;
}

static void
copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src != NULL ? (const char *)src : "");
}

/*
 * The document of kind in force for the case's handling: 1 with doc
 * (and *seq), 0 when none was issued, -1.
 */
static int
in_force(xf_ledger *l, const xf_record *item, enum xf_doc kind,
    struct xf_document *doc, int64_t *seq)
{
	struct xf_stmt	*s;
	int		 rc;

	if ((s = xf_db_prepare(xf_ledger_db(l), "SELECT seq, number,"
	    " issued_at, delivered_at, method, refused_to_sign FROM documents"
	    " WHERE item = ?1 AND handling = ?2 AND kind = ?3 AND"
	    " replaced_by IS NULL")) == NULL)
		return xf_ledger_dberr(l, "reading the documents");
	xf_db_bind_text(s, 1, xf_record_get(item, XF_F_ID));
	xf_db_bind_int(s, 2, handling(item));
	xf_db_bind_text(s, 3, xf_doc_name(kind));
	memset(doc, 0, sizeof *doc);
	doc->kind = kind;
	doc->handling = handling(item);
	rc = xf_db_step(s);
	if (rc == XF_DB_ROW) {
		*seq = xf_db_int(s, 0);
		copy(doc->number, sizeof doc->number,
		    xf_db_text(s, 1));
		copy(doc->issued_at, sizeof doc->issued_at,
		    xf_db_text(s, 2));
		copy(doc->delivered_at, sizeof doc->delivered_at,
		    xf_db_text(s, 3));
		copy(doc->method, sizeof doc->method,
		    xf_db_text(s, 4));
		doc->refused_to_sign = xf_db_int(s, 5);
		rc = 1;
	} else if (rc == XF_DB_DONE)
		rc = 0;
	else
		rc = xf_ledger_dberr(l, "reading the documents");
	xf_db_finalize(s);
	return rc;
}

int
xf_document_delivered(xf_ledger *l, const xf_record *item, enum xf_doc kind,
    xf_day *day)
{
	struct xf_document doc;
	const char	*why;
	int64_t		 seq;
	int		 rc;

	if ((rc = in_force(l, item, kind, &doc, &seq)) != 1)
		return rc;
	if (doc.delivered_at[0] == '\0' || xf_day_parse(doc.delivered_at,
	    xf_settings_tz(xf_ledger_settings(l)), day, &why) == -1)
		return 0;
	return 1;
}

/*
 * The number of the n-th document of kind in year, in the office's
 * pattern (doc_number.KIND, doc_number, or 信{kind}字〔{year}〕{n}号):
 * 0, or -1 for a pattern with a name it does not know.
 */
static int
number(xf_ledger *l, enum xf_doc kind, int year, int64_t n, char *out,
    size_t len)
{
	const xf_settings *set = xf_ledger_settings(l);
	struct xf_buf	 b = { 0 }, key = { 0 };
	const char	*p, *e, *pat;
	int		 rc = 0;

	if (xf_buf_printf(&key, "doc_number.%s", xf_doc_name(kind)) == -1)
		return xf_ledger_fail(l, "out of memory");
	pat = xf_settings_doc(set, key.p);
	xf_buf_release(&key);
	if (pat == NULL)
		pat = xf_settings_doc(set, "doc_number");
	if (pat == NULL)
		pat = "信{kind}字〔{year}〕{n}号";
	for (p = pat; *p != '\0' && rc == 0; p = e + 1) {
		if (*p != '{' || (e = strchr(p, '}')) == NULL) {
			e = p;
			rc = xf_buf_addc(&b, *p);
		} else if (e - p == 5 && strncmp(p, "{year}", 6) == 0)
			rc = xf_buf_printf(&b, "%d", year);
		else if (e - p == 2 && strncmp(p, "{n}", 3) == 0)
			rc = xf_buf_printf(&b, "%lld", (long long)n);
		else if (e - p == 5 && strncmp(p, "{kind}", 6) == 0)
			rc = xf_buf_adds(&b, words[kind]);
		else {
			xf_buf_release(&b);
			return xf_ledger_fail(l, "doc_number '%s': unknown "
			    "name '%.*s' (not {year}, {n} or {kind})", pat,
			    (int)(e - p + 1), p);
		}
	}
	if (rc == 0 && (b.p == NULL || b.len >= len))
		rc = -1;
	if (rc == 0)
		memcpy(out, b.p, b.len + 1);
	xf_buf_release(&b);
	return rc == 0 ? 0 : xf_ledger_fail(l, "doc_number '%s': too long, "
	    "or out of memory", pat);
}

/* The next number of kind in year: 0 with *n, or -1. */
static int
next_n(xf_ledger *l, enum xf_doc kind, int year, int64_t *n)
{
	struct xf_stmt	*s;
	int		 rc;

	if ((s = xf_db_prepare(xf_ledger_db(l), "SELECT IFNULL(max(n), 0) + 1"
	    " FROM documents WHERE kind = ?1 AND year = ?2")) == NULL)
		return xf_ledger_dberr(l, "numbering the document");
	xf_db_bind_text(s, 1, xf_doc_name(kind));
	xf_db_bind_int(s, 2, year);
	rc = xf_db_step(s);
	if (rc == XF_DB_ROW)
		*n = xf_db_int(s, 0);
	xf_db_finalize(s);
	return rc == XF_DB_ROW ? 0 : xf_ledger_dberr(l, "numbering the "
	    "document");
}

/* Run sql with text params (NULL: SQL NULL); 0, or -1. */
static int
run(xf_ledger *l, const char *sql, const char *const *params, int n,
    const char *what)
{
	struct xf_stmt	*s;
	int		 i, rc;

	if ((s = xf_db_prepare(xf_ledger_db(l), sql)) == NULL)
		return xf_ledger_dberr(l, what);
	for (i = 0; i < n; i++)
		if (params[i] == NULL)
			xf_db_bind_text(s, i + 1, NULL);
		else
			xf_db_bind_text(s, i + 1, params[i]);
	rc = xf_db_step(s);
	xf_db_finalize(s);
	return rc == XF_DB_DONE ? 0 : xf_ledger_dberr(l, what);
}

/* The event of a document: {"document": kind, "handling": n, ...}. */
static int
doc_event(xf_ledger *l, const xf_record *item, const char *action,
    const struct xf_document *doc, const char *key, const char *val,
    const char *key2, const char *val2)
{
	struct xf_buf	 b = { 0 };
	int		 rc;

	rc = xf_buf_printf(&b, "{\"document\":\"%s\",\"handling\":%d,"
	    "\"number\":\"", xf_doc_name(doc->kind), doc->handling);
	rc |= xf_json_escape(&b, doc->number, strlen(doc->number));
	rc |= xf_buf_addc(&b, '"');
	if (key != NULL && val != NULL) {
		rc |= xf_buf_printf(&b, ",\"%s\":\"", key);
		rc |= xf_json_escape(&b, val, strlen(val));
		rc |= xf_buf_addc(&b, '"');
	}
	if (key2 != NULL && val2 != NULL) {
		rc |= xf_buf_printf(&b, ",\"%s\":\"", key2);
		rc |= xf_json_escape(&b, val2, strlen(val2));
		rc |= xf_buf_addc(&b, '"');
	}
	rc |= xf_buf_addc(&b, '}');
	if (rc == 0)
		rc = xf_ledger_event(l, xf_record_get(item, XF_F_ID), action,
		    b.p);
	else
		rc = xf_ledger_fail(l, "out of memory");
	xf_buf_release(&b);
	return rc;
}

/* Issue kind for the case as read. */
static enum xf_applied
issue(xf_ledger *l, const xf_record *item, enum xf_doc kind,
    const char *reason, struct xf_document *doc)
{
	const char	*unmet, *now = xf_ledger_now(l);
	char		 seq_s[24], year_s[8], n_s[24], h_s[12], old[256];
	char		 batch_s[24];
	int64_t		 seq = 0, n = 0;
	int		 rc, year = atoi(now);

	if ((unmet = xf_doc_unmet(item, kind)) != NULL) {
		xf_ledger_fail(l, "no %s: %s", xf_doc_name(kind), unmet);
		return XF_REFUSED;
	}
	if ((rc = in_force(l, item, kind, doc, &seq)) == -1)
		return XF_STEP_ERROR;
	if (rc == 1 && reason == NULL)
		return XF_ALREADY;
	if (reason != NULL && rc == 0) {
		xf_ledger_fail(l, "cannot reissue the %s: not issued yet",
		    xf_doc_name(kind));
		return XF_REFUSED;
	}
	snprintf(old, sizeof old, "%s", doc->number);
	if (next_n(l, kind, year, &n) == -1)
		return XF_STEP_ERROR;
	if (number(l, kind, year, n, doc->number, sizeof doc->number) == -1)
		return XF_STEP_CONFIG;
	snprintf(doc->issued_at, sizeof doc->issued_at, "%s", now);
	doc->delivered_at[0] = doc->method[0] = '\0';
	doc->refused_to_sign = 0;
	snprintf(year_s, sizeof year_s, "%d", year);
	snprintf(n_s, sizeof n_s, "%lld", (long long)n);
	snprintf(h_s, sizeof h_s, "%d", doc->handling);
	snprintf(batch_s, sizeof batch_s, "%lld", (long long)xf_ledger_batch(l));
	{
		const char *p[] = { xf_record_get(item, XF_F_ID), h_s,
		    xf_doc_name(kind), year_s, n_s, doc->number, now, reason,
		    batch_s };

		if (run(l, "INSERT INTO documents (item, handling, kind, year,"
		    " n, number, issued_at, reason, batch) VALUES (?1, ?2, ?3,"
		    " ?4, ?5, ?6, ?7, ?8, CAST(?9 AS INTEGER))", p, 9,
		    "storing the document") == -1)
			return XF_STEP_ERROR;
	}
	if (seq != 0) {
		const char *p[] = { seq_s };
		const char *q[] = { xf_record_get(item, XF_F_ID) };

		snprintf(seq_s, sizeof seq_s, "%lld", (long long)seq);
		if (run(l, "UPDATE documents SET replaced_by = (SELECT max(seq)"
		    " FROM documents) WHERE seq = ?1", p, 1,
		    "replacing the document") == -1)
			return XF_STEP_ERROR;
		/* A reply reissued is delivered anew. */
		if (kind == XF_DOC_OPINION && run(l, "UPDATE items SET"
		    " reply_delivered_at = NULL WHERE id = ?1", q, 1,
		    "replacing the document") == -1)
			return XF_STEP_ERROR;
	}
	if (doc_event(l, item, "issue", doc, "reason", reason, "replaces",
	    seq != 0 ? old : NULL) == -1)
		return XF_STEP_ERROR;
	return XF_APPLIED;
}

enum xf_applied
xf_ledger_issue(xf_ledger *l, const char *id, enum xf_doc kind,
    const char *reason, xf_record *item, struct xf_document *doc)
{
	struct xf_document of;
	const char	*why;
	enum xf_applied	 rc, orc;
	int		 r;

	if ((r = read_item(l, id, item)) != 1)
		return r == 0 ? XF_REFUSED : XF_STEP_ERROR;
	if (reason != NULL && *reason == '\0') {
		xf_ledger_fail(l, "a reissue needs a reason");
		return XF_REFUSED;
	}
	if (kind == XF_DOC_COUNT && xf_doc_due(item, &kind, &why) == -1) {
		xf_ledger_fail(l, "no document: %s", why);
		return XF_REFUSED;
	}
	if (kind != XF_DOC_RECEIPT)
		return issue(l, item, kind, reason, doc);
	/* A receipt goes with the document the case calls for. */
	if (xf_doc_due(item, &of.kind, &why) == -1) {
		xf_ledger_fail(l, "no receipt: %s", why);
		return XF_REFUSED;
	}
	orc = issue(l, item, of.kind, NULL, &of);
	if (orc != XF_APPLIED && orc != XF_ALREADY)
		return orc;
	rc = issue(l, item, kind, reason, doc);
	doc->of = of.kind;
	snprintf(doc->of_number, sizeof doc->of_number, "%s", of.number);
	snprintf(doc->method, sizeof doc->method, "%s", of.method);
	snprintf(doc->delivered_at, sizeof doc->delivered_at, "%s",
	    of.delivered_at);
	return rc == XF_ALREADY && orc == XF_APPLIED ? XF_APPLIED : rc;
}

static int
method_ok(const char *m)
{
	static const char *const methods[] = {
		"in-person", "post", "online", "announcement", NULL
	};
	int	 i;

	for (i = 0; methods[i] != NULL; i++)
		if (strcmp(m, methods[i]) == 0)
			return 1;
	return 0;
}

enum xf_applied
xf_ledger_deliver(xf_ledger *l, const char *id, enum xf_doc kind,
    const char *at, const char *method, int refused_to_sign,
    xf_record *item)
{
	const xf_settings *set = xf_ledger_settings(l);
	struct xf_document doc;
	const char	*why;
	char		 day[16], seq_s[24];
	xf_day		 d, issued, today;
	int64_t		 seq;
	int		 rc;

	if ((rc = read_item(l, id, item)) != 1)
		return rc == 0 ? XF_REFUSED : XF_STEP_ERROR;
	if (kind == XF_DOC_RECEIPT) {
		xf_ledger_fail(l, "a receipt is not delivered: it comes back "
		    "signed");
		return XF_REFUSED;
	}
	if (method == NULL || !method_ok(method)) {
		xf_ledger_fail(l, "delivery method '%s': not in-person, post, "
		    "online or announcement", method ? method : "");
		return XF_REFUSED;
	}
	if (at == NULL || xf_day_parse(at, xf_settings_tz(set), &d,
	    &why) == -1) {
		xf_ledger_fail(l, "delivery date '%s': %s", at ? at : "",
		    at ? why : "none");
		return XF_REFUSED;
	}
	if ((rc = in_force(l, item, kind, &doc, &seq)) == -1)
		return XF_STEP_ERROR;
	if (rc == 0) {
		xf_ledger_fail(l, "cannot record the delivery: no %s issued "
		    "for handling %d", xf_doc_name(kind), handling(item));
		return XF_REFUSED;
	}
	xf_day_format(d, day, sizeof day);
	xf_day_parse(doc.issued_at, xf_settings_tz(set), &issued, &why);
	xf_day_parse(xf_ledger_now(l), xf_settings_tz(set), &today, &why);
	if (doc.delivered_at[0] != '\0') {
		if (strcmp(doc.delivered_at, day) == 0 &&
		    strcmp(doc.method, method) == 0 &&
		    doc.refused_to_sign == refused_to_sign)
			return XF_ALREADY;
		xf_ledger_fail(l, "cannot record the delivery: the %s %s was "
		    "delivered on %s (%s)", xf_doc_name(kind), doc.number,
		    doc.delivered_at, doc.method);
		return XF_REFUSED;
	}
	if (d < issued || d > today) {
		xf_ledger_fail(l, "cannot record the delivery: %s is %s", day,
		    d < issued ? "before the document was issued" :
		    "in the future");
		return XF_REFUSED;
	}
	snprintf(seq_s, sizeof seq_s, "%lld", (long long)seq);
	{
		const char *p[] = { seq_s, day, method,
		    refused_to_sign ? "1" : "0" };

		if (run(l, "UPDATE documents SET delivered_at = ?2, method ="
		    " ?3, refused_to_sign = ?4 WHERE seq = ?1", p, 4,
		    "recording the delivery") == -1)
			return XF_STEP_ERROR;
	}
	/* The reply's delivery: the evaluation window runs from it. */
	if (kind == XF_DOC_OPINION) {
		const char *p[] = { id, day };

		if (run(l, "UPDATE items SET reply_delivered_at = ?2 WHERE id ="
		    " ?1", p, 2, "recording the delivery") == -1 ||
		    read_item(l, id, item) != 1)
			return XF_STEP_ERROR;
	}
	if (doc_event(l, item, "deliver", &doc, "delivered_at", day,
	    "method", method) == -1)
		return XF_STEP_ERROR;
	return XF_APPLIED;
}

/* The rows of what is owed: receipts too, or not. */
static xf_cursor *
owed(xf_ledger *l, int receipts)
{
	struct xf_buf	 b = { 0 };
	xf_cursor	*c = NULL;

	/*
	 * A receipt is owed with its document, until the document is
	 * delivered: the receipt is what comes back signed.
	 */
	if (xf_buf_adds(&b, "WITH due AS (SELECT id, IFNULL(handling, 1) AS"
	    " handling, ") == -1 || xf_doc_due_sql(&b) == -1 ||
	    xf_buf_adds(&b, receipts ?
	    " AS kind FROM live_items), owed AS (SELECT due.id, due.handling,"
	    " due.kind, d.number, d.issued_at FROM due LEFT JOIN documents d"
	    " ON d.item = due.id AND d.handling = due.handling AND d.kind ="
	    " due.kind AND d.replaced_by IS NULL WHERE due.kind IS NOT NULL"
	    " AND d.delivered_at IS NULL)"
	    " SELECT id, handling, document, state, number, issued_at FROM"
	    " (SELECT id, handling, kind AS document, CASE WHEN number IS"
	    " NULL THEN 'not issued' ELSE 'not delivered' END AS state,"
	    " number, issued_at, 0 AS o FROM owed UNION ALL SELECT owed.id,"
	    " owed.handling, 'receipt', 'not issued', NULL, NULL, 1 FROM owed"
	    " WHERE NOT EXISTS (SELECT 1 FROM documents r WHERE r.item ="
	    " owed.id AND r.handling = owed.handling AND r.kind = 'receipt'"
	    " AND r.replaced_by IS NULL)) ORDER BY id, handling, o" :
	    " AS kind FROM live_items) SELECT due.id, due.handling, due.kind"
	    " AS document, CASE WHEN d.number IS NULL THEN 'not issued' ELSE"
	    " 'not delivered' END AS state, d.number, d.issued_at FROM due"
	    " LEFT JOIN documents d ON d.item = due.id AND d.handling ="
	    " due.handling AND d.kind = due.kind AND d.replaced_by IS NULL"
	    " WHERE due.kind IS NOT NULL AND d.delivered_at IS NULL"
	    " ORDER BY due.id") == -1)
		xf_ledger_fail(l, "out of memory");
	else
		c = xf_ledger_query(l, b.p, NULL, 0);
	xf_buf_release(&b);
	return c;
}

xf_cursor *
xf_ledger_documents_owed(xf_ledger *l)
{
	return owed(l, 1);
}

xf_cursor *
xf_ledger_undelivered(xf_ledger *l)
{
	return owed(l, 0);
}
