/*
 * t-notice.c - the papers of a case at the library level: the kinds,
 * the document a case calls for and the refusals, the same in SQL, the
 * Chinese date, templates and their placeholders, the built-in
 * templates
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "xf-private.h"
#include "test.h"

static xf_settings *set;

/* A case from "field=value" pairs. */
static xf_record *
case_of(const char *const *pairs)
{
	xf_record	*r = xf_record_new();
	const char	*eq;
	int		 f;

	for (; *pairs != NULL; pairs++) {
		eq = strchr(*pairs, '=');
		f = xf_field_find(*pairs, (size_t)(eq - *pairs));
		xf_record_set(r, f, eq + 1, strlen(eq + 1), 0);
	}
	return r;
}

static void
test_kinds(void)
{
	int	 i;

	for (i = 0; i < XF_DOC_COUNT; i++) {
		CHECK(xf_doc_parse(xf_doc_name(i)) == i);
		CHECK(xf_doc_parse(xf_doc_zh(i)) == i);
	}
	CHECK(xf_doc_parse("letter") == -1);
	CHECK(xf_doc_parse("") == -1);
	CHECK_STR(xf_doc_zh(XF_DOC_OPINION), "信访事项处理意见书");
	CHECK_STR(xf_doc_name(XF_DOC_REREVIEW), "re-review");
}

/* The document of each status, and of none. */
static void
test_due(void)
{
	static const struct {
		const char	*status;
		const char	*more;	/* another field=value, or NULL */
		int		 doc;	/* -1: none */
		const char	*why;
	} cases[] = {
		{ "registered", NULL, -1, "no acceptance decision yet" },
		{ "registered", "not_again=1", XF_DOC_NOT_AGAIN, NULL },
		{ "refused", "not_again=1", XF_DOC_NOT_AGAIN, NULL },
		{ "refused", NULL, XF_DOC_REFUSAL, NULL },
		{ "accepted", NULL, XF_DOC_ACCEPTANCE, NULL },
		{ "assigned", NULL, XF_DOC_ACCEPTANCE, NULL },
		{ "assigned", "handling=2", XF_DOC_REACCEPTANCE, NULL },
		{ "reopened", "handling=2", XF_DOC_REACCEPTANCE, NULL },
		{ "transferred", NULL, XF_DOC_TRANSFER, NULL },
		{ "extended", NULL, XF_DOC_EXTENSION, NULL },
		{ "replied", NULL, XF_DOC_OPINION, NULL },
		{ "review", NULL, -1, "the review is not decided yet" },
		{ "reviewed", NULL, XF_DOC_REVIEW, NULL },
		{ "re-review", NULL, -1, "the re-review is not decided yet" },
		{ "final", NULL, XF_DOC_REREVIEW, NULL },
		{ "closed", "close_basis=agreement", XF_DOC_AGREEMENT, NULL },
		{ "closed", "close_basis=final", -1,
		    "the case is closed: name the document" },
	};
	const char	*pairs[3], *why;
	char		 st[64];
	enum xf_doc	 doc;
	size_t		 i;
	xf_record	*r;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(st, sizeof st, "status=%s", cases[i].status);
		pairs[0] = st;
		pairs[1] = cases[i].more;
		pairs[2] = NULL;
		r = case_of(pairs);
		why = NULL;
		if (cases[i].doc == -1) {
			CHECK(xf_doc_due(r, &doc, &why) == -1);
			CHECK_STR(why, cases[i].why);
		} else {
			CHECK(xf_doc_due(r, &doc, &why) == 0);
			CHECK(doc == (enum xf_doc)cases[i].doc);
			if (doc != (enum xf_doc)cases[i].doc)
				printf("  %s: got %s\n", cases[i].status,
				    xf_doc_name(doc));
		}
		xf_record_free(r);
	}
}

/*
 * The document of a case, -1 standing for NULL in not_again and
 * handling: xf_doc_due()'s and that of the SQL of s, the same.
 */
static void
due_both(sqlite3_stmt *s, const char *status, int not_again, int handling,
    const char *basis)
{
	xf_record	*r = xf_record_new();
	const char	*why, *want, *got;
	char		 v[16];
	enum xf_doc	 doc;

	if (status != NULL)
		xf_record_set(r, XF_F_STATUS, status, strlen(status), 0);
	if (not_again != -1) {
		snprintf(v, sizeof v, "%d", not_again);
		xf_record_set(r, XF_F_NOT_AGAIN, v, strlen(v), 0);
	}
	if (handling != -1) {
		snprintf(v, sizeof v, "%d", handling);
		xf_record_set(r, XF_F_HANDLING, v, strlen(v), 0);
	}
	if (basis != NULL)
		xf_record_set(r, XF_F_CLOSE_BASIS, basis, strlen(basis), 0);
	want = xf_doc_due(r, &doc, &why) == 0 ? xf_doc_name(doc) : NULL;
	xf_record_free(r);

	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, status, -1, SQLITE_STATIC);
	if (not_again == -1)
		sqlite3_bind_null(s, 2);
	else
		sqlite3_bind_int(s, 2, not_again);
	if (handling == -1)
		sqlite3_bind_null(s, 3);
	else
		sqlite3_bind_int(s, 3, handling);
	sqlite3_bind_text(s, 4, basis, -1, SQLITE_STATIC);
	CHECK(sqlite3_step(s) == SQLITE_ROW);
	got = (const char *)sqlite3_column_text(s, 0);
	CHECK_STR(got, want);
	if ((got == NULL) != (want == NULL) || (got != NULL &&
	    strcmp(got, want) != 0))
		printf("  status %s, not_again %d, handling %d, close_basis "
		    "%s\n", status ? status : "NULL", not_again, handling,
		    basis ? basis : "NULL");
}

/*
 * xf_doc_due_sql() in SQLite gives the document xf_doc_due() does, for
 * every status with every not_again, handling and close_basis.
 */
static void
test_due_sql(void)
{
	static const char *const statuses[] = {
		NULL, "", "registered", "accepted", "assigned", "reopened",
		"transferred", "refused", "extended", "replied", "review",
		"reviewed", "re-review", "final", "closed", "voided"
	};
	static const char *const bases[] = { NULL, "agreement", "final" };
	static const int	 flags[] = { -1, 0, 1 };
	static const int	 handlings[] = { -1, 1, 2, 3 };
	struct xf_buf	 b = { 0 };
	sqlite3		*db = NULL;
	sqlite3_stmt	*s = NULL;
	size_t		 i, j, k, m;

	CHECK(xf_buf_adds(&b, "SELECT ") == 0 && xf_doc_due_sql(&b) == 0 &&
	    xf_buf_adds(&b, " FROM (SELECT ?1 AS status, ?2 AS not_again,"
	    " ?3 AS handling, ?4 AS close_basis)") == 0);
	CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db, b.p, -1, &s, NULL) == SQLITE_OK);
	if (s == NULL) {
		printf("  %s: %s\n", b.p, sqlite3_errmsg(db));
		goto out;
	}
	for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		for (j = 0; j < sizeof flags / sizeof flags[0]; j++)
			for (k = 0; k < sizeof handlings / sizeof handlings[0];
			    k++)
				for (m = 0; m < sizeof bases / sizeof bases[0];
				    m++)
					due_both(s, statuses[i], flags[j],
					    handlings[k], bases[m]);
out:
	sqlite3_finalize(s);
	sqlite3_close(db);
	xf_buf_release(&b);
}

/* What a case lacks for a document named. */
static void
test_unmet(void)
{
	const char	*replied[] = { "status=replied",
	    "accepted_at=2017-11-02T00:00:00+08:00",
	    "replied_at=2017-12-01T00:00:00+08:00", "reply=explained", NULL };
	const char	*registered[] = { "status=registered", NULL };
	xf_record	*r;

	r = case_of(replied);
	CHECK(xf_doc_unmet(r, XF_DOC_OPINION) == NULL);
	CHECK(xf_doc_unmet(r, XF_DOC_ACCEPTANCE) == NULL);
	CHECK_STR(xf_doc_unmet(r, XF_DOC_REVIEW), "no review decided");
	CHECK_STR(xf_doc_unmet(r, XF_DOC_REFUSAL), "not refused");
	CHECK_STR(xf_doc_unmet(r, XF_DOC_REACCEPTANCE), "not reopened");
	CHECK_STR(xf_doc_unmet(r, XF_DOC_AGREEMENT),
	    "not closed by an agreement");
	CHECK(xf_doc_unmet(r, XF_DOC_RECEIPT) == NULL);
	xf_record_free(r);
	r = case_of(registered);
	CHECK_STR(xf_doc_unmet(r, XF_DOC_OPINION), "no reply yet");
	CHECK_STR(xf_doc_unmet(r, XF_DOC_RECEIPT),
	    "no acceptance decision yet");
	CHECK_STR(xf_doc_unmet(r, XF_DOC_NOT_AGAIN),
	    "not a repeat of a case closed as final");
	xf_record_free(r);
}

static void
test_date(void)
{
	char	 buf[64];

	CHECK_STR(xf_date_zh("2026-12-05", 480, buf, sizeof buf),
	    "二〇二六年十二月五日");
	CHECK_STR(xf_date_zh("2018-01-15T09:00:00+08:00", 480, buf,
	    sizeof buf), "二〇一八年一月十五日");
	CHECK_STR(xf_date_zh("2020-10-20", 480, buf, sizeof buf),
	    "二〇二〇年十月二十日");
	CHECK_STR(xf_date_zh("2019-11-30", 480, buf, sizeof buf),
	    "二〇一九年十一月三十日");
	CHECK_STR(xf_date_zh("2019-03-31", 480, buf, sizeof buf),
	    "二〇一九年三月三十一日");
	CHECK_STR(xf_date_zh("2000-02-29", 480, buf, sizeof buf),
	    "二〇〇〇年二月二十九日");
	/* The day in the office's zone. */
	CHECK_STR(xf_date_zh("2018-01-14T17:00:00Z", 480, buf, sizeof buf),
	    "二〇一八年一月十五日");
	CHECK(xf_date_zh("2018-02-30", 480, buf, sizeof buf) == NULL);
	CHECK(xf_date_zh("", 480, buf, sizeof buf) == NULL);
	CHECK(xf_date_zh("2026-12-05", 480, buf, 10) == NULL);
}

/* A template filled in, to a string (malloc'd). */
static char *
fill(const char *text, const xf_record *r, const struct xf_document *d)
{
	xf_template	*t;
	char		 err[256], *out = NULL;
	size_t		 len = 0;
	FILE		*fp;

	t = xf_template_parse(text, strlen(text), "t.html", err, sizeof err);
	if (t == NULL) {
		printf("  %s\n", err);
		return NULL;
	}
	fp = open_memstream(&out, &len);
	CHECK(xf_template_html(t, set, r, d, fp) == 0);
	fclose(fp);
	xf_template_free(t);
	return out;
}

static void
test_templates(void)
{
	const char	*pairs[] = { "name=张<三>", "channel=visit",
	    "first=1", "received_at=2017-11-01T10:00:00+08:00",
	    "id_number=110101199003071233", "reply=supported", NULL };
	struct xf_document d = { .kind = XF_DOC_OPINION, .handling = 1,
	    .number = "信处字〔2018〕1号",
	    .issued_at = "2018-01-15T09:00:00+08:00" };
	char		 err[256], *s;
	xf_record	*r = case_of(pairs);
	const char	*text;
	xf_template	*t;

	s = fill("{{信访人}}|{{ name }}|{{信访形式}}|{{初信初访}}|{{信访日期}}|"
	    "{{身份证号}}|{{文号}}|{{成文日期}}|{{文书名称}}|{{联系电话}}|"
	    "{{机关名称}}|{{复查机关}}", r, &d);
	CHECK_STR(s, "<section class=\"doc opinion\">\n"
	    "张&lt;三&gt;|张&lt;三&gt;|来访|是|2017年11月1日|"
	    "110101199003071233|信处字〔2018〕1号|二〇一八年一月十五日|"
	    "信访事项处理意见书||（机关名称）|"
	    "原办理机关、单位的上一级机关、单位</section>\n");
	free(s);
	s = fill("{{处理意见说明}}", r, &d);
	CHECK(s != NULL && strstr(s, "予以支持") != NULL);
	free(s);
	/* Unknown names, with their line; an open placeholder. */
	text = "a\n\nb {{信访人}}\n{{受理日子}}\n";
	t = xf_template_parse(text, strlen(text), "o.html", err, sizeof err);
	CHECK(t == NULL);
	CHECK_STR(err, "o.html:4: unknown placeholder '受理日子'");
	t = xf_template_parse("{{}}", 4, "e.html", err, sizeof err);
	CHECK(t == NULL);
	CHECK_STR(err, "e.html:1: unknown placeholder ''");
	text = "x\n{{信访人\n}}";
	t = xf_template_parse(text, strlen(text), "n.html", err, sizeof err);
	CHECK(t == NULL);
	CHECK_STR(err, "n.html:2: '{{' without '}}'");
	t = xf_template_parse("\xff", 1, "b.html", err, sizeof err);
	CHECK(t == NULL);
	CHECK_STR(err, "b.html: not valid UTF-8 text");
	t = xf_template_parse("no placeholders {", 17, "p.html", err,
	    sizeof err);
	CHECK(t != NULL);
	xf_template_free(t);
	xf_record_free(r);
}

/* Every built-in template loads: its placeholders are all known. */
static void
test_builtin(void)
{
	char		 err[256];
	xf_template	*t;
	int		 i;

	for (i = 0; i < XF_DOC_COUNT; i++) {
		t = xf_template_new(set, i, err, sizeof err);
		CHECK(t != NULL);
		if (t == NULL)
			printf("  %s: %s\n", xf_doc_name(i), err);
		xf_template_free(t);
	}
}

int
main(void)
{
	char	 err[256];

	set = xf_settings_new(NULL, err, sizeof err);
	test_kinds();
	test_due();
	test_due_sql();
	test_unmet();
	test_date();
	test_templates();
	test_builtin();
	xf_settings_free(set);
	return test_done("t-notice");
}
