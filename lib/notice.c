/*
 * notice.c - the papers of a case (文书): which document a decision
 * calls for, the templates with their {{name}} placeholders, the
 * built-in ones in the wording of the 2022 信访工作条例, and the HTML
 * page they are printed on.  No SQL but the rule of the document due,
 * written out for the ledger's queries: the numbers and deliveries are
 * the ledger's (document.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xf-private.h"

static const struct {
	const char	*name;
	const char	*zh;
} kinds[XF_DOC_COUNT] = {
	[XF_DOC_ACCEPTANCE] = { "acceptance", "受理告知书" },
	[XF_DOC_REACCEPTANCE] = { "re-acceptance", "重新受理告知书" },
	[XF_DOC_REFUSAL] = { "refusal", "不予受理告知书" },
	[XF_DOC_NOT_AGAIN] = { "not-again", "不再受理告知书" },
	[XF_DOC_TRANSFER] = { "transfer", "转送告知书" },
	[XF_DOC_EXTENSION] = { "extension", "延期告知书" },
	[XF_DOC_OPINION] = { "opinion", "信访事项处理意见书" },
	[XF_DOC_REVIEW] = { "review", "信访事项复查意见书" },
	[XF_DOC_REREVIEW] = { "re-review", "信访事项复核意见书" },
	[XF_DOC_AGREEMENT] = { "agreement", "息诉息访协议书" },
	[XF_DOC_RECEIPT] = { "receipt", "送达回执" },
};

const char *
xf_doc_name(enum xf_doc d)
{
	return kinds[d].name;
}

const char *
xf_doc_zh(enum xf_doc d)
{
	return kinds[d].zh;
}

int
xf_doc_parse(const char *name)
{
	int	 i;

	for (i = 0; i < XF_DOC_COUNT; i++)
		if (strcmp(name, kinds[i].name) == 0 ||
		    strcmp(name, kinds[i].zh) == 0)
			return i;
	return -1;
}

static int
has(const xf_record *item, int field)
{
	const char *v = xf_record_get(item, field);

	return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

static int
status_is(const xf_record *item, const char *status)
{
	const char *v = xf_record_get(item, XF_F_STATUS);

	return v != NULL && strcmp(v, status) == 0;
}

/* The handling in force, from 1. */
static int
handling(const xf_record *item)
{
	const char *v = xf_record_get(item, XF_F_HANDLING);

	return v != NULL && *v != '\0' ? atoi(v) : 1;
}

const char *
xf_doc_unmet(const xf_record *item, enum xf_doc doc)
{
	enum xf_doc	 due;
	const char	*why;

	switch (doc) {
	case XF_DOC_ACCEPTANCE:
		return has(item, XF_F_ACCEPTED_AT) ? NULL : "not accepted";
	case XF_DOC_REACCEPTANCE:
		if (handling(item) < 2)
			return "not reopened";
		return has(item, XF_F_ACCEPTED_AT) ||
		    status_is(item, "reopened") ? NULL : "not accepted again";
	case XF_DOC_REFUSAL:
		return status_is(item, "refused") ? NULL : "not refused";
	case XF_DOC_NOT_AGAIN:
		return has(item, XF_F_NOT_AGAIN) ? NULL : "not a repeat of a "
		    "case closed as final";
	case XF_DOC_TRANSFER:
		return has(item, XF_F_TRANSFERRED_TO) ? NULL : "not transferred";
	case XF_DOC_EXTENSION:
		return has(item, XF_F_EXTENDED_DAYS) ? NULL : "not extended";
	case XF_DOC_OPINION:
		return has(item, XF_F_REPLIED_AT) ? NULL : "no reply yet";
	case XF_DOC_REVIEW:
		return has(item, XF_F_REVIEWED_AT) ? NULL : "no review "
		    "decided";
	case XF_DOC_REREVIEW:
		return has(item, XF_F_REREVIEWED_AT) ? NULL : "no re-review "
		    "decided";
	case XF_DOC_AGREEMENT:
		return has(item, XF_F_CLOSE_BASIS) && strcmp(xf_record_get(item,
		    XF_F_CLOSE_BASIS), "agreement") == 0 ? NULL : "not closed "
		    "by an agreement";
	case XF_DOC_RECEIPT:
		return xf_doc_due(item, &due, &why) == 0 ? NULL : why;
	default:
		return "no such document";
	}
}

/*
 * The document a case's last decision calls for: the first rule whose
 * status is the case's and whose condition holds.  xf_doc_due() reads
 * these rules for a case and xf_doc_due_sql() writes them out for the
 * ledger's queries, each condition in C (holds()) and in SQL (when_sql).
 */
enum when {
	ALWAYS,
	NOT_AGAIN,	/* a repeat of a case closed as final (不再受理) */
	REOPENED,	/* a handling after the first: accepted anew */
	AGREEMENT	/* closed by an agreement */
};

static const struct {
	const char	*status;
	enum when	 when;
	enum xf_doc	 doc;
} rules[] = {
	{ "registered", NOT_AGAIN, XF_DOC_NOT_AGAIN },
	{ "refused", NOT_AGAIN, XF_DOC_NOT_AGAIN },
	{ "accepted", REOPENED, XF_DOC_REACCEPTANCE },
	{ "accepted", ALWAYS, XF_DOC_ACCEPTANCE },
	{ "assigned", REOPENED, XF_DOC_REACCEPTANCE },
	{ "assigned", ALWAYS, XF_DOC_ACCEPTANCE },
	{ "reopened", ALWAYS, XF_DOC_REACCEPTANCE },
	{ "transferred", ALWAYS, XF_DOC_TRANSFER },
	{ "refused", ALWAYS, XF_DOC_REFUSAL },
	{ "extended", ALWAYS, XF_DOC_EXTENSION },
	{ "replied", ALWAYS, XF_DOC_OPINION },
	{ "reviewed", ALWAYS, XF_DOC_REVIEW },
	{ "final", ALWAYS, XF_DOC_REREVIEW },
	{ "closed", AGREEMENT, XF_DOC_AGREEMENT },
};

/*
 * The conditions over the columns of items, as has() and handling()
 * read the values: NULL, 0 or no handling the first.
 */
static const char *const when_sql[] = {
	[ALWAYS] = NULL,
	[NOT_AGAIN] = "IFNULL(not_again, 0) <> 0",
	[REOPENED] = "IFNULL(handling, 1) > 1",
	[AGREEMENT] = "close_basis = 'agreement'",
};

static int
holds(const xf_record *item, enum when when)
{
	switch (when) {
	case NOT_AGAIN:
		return has(item, XF_F_NOT_AGAIN);
	case REOPENED:
		return handling(item) > 1;
	case AGREEMENT:
		return xf_doc_unmet(item, XF_DOC_AGREEMENT) == NULL;
	default:
		return 1;
	}
}

int
xf_doc_due(const xf_record *item, enum xf_doc *doc, const char **why)
{
	size_t	 i;

	for (i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (status_is(item, rules[i].status) &&
		    holds(item, rules[i].when)) {
			*doc = rules[i].doc;
			return 0;
		}
	if (status_is(item, "registered"))
		*why = "no acceptance decision yet";
	else if (status_is(item, "review"))
		*why = "the review is not decided yet";
	else if (status_is(item, "re-review"))
		*why = "the re-review is not decided yet";
	else
		*why = "the case is closed: name the document";
	return -1;
}

int
xf_doc_due_sql(struct xf_buf *b)
{
	size_t	 i;
	int	 rc;

	rc = xf_buf_adds(b, "CASE");
	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		rc |= xf_buf_printf(b, " WHEN status = '%s'", rules[i].status);
		if (when_sql[rules[i].when] != NULL)
			rc |= xf_buf_printf(b, " AND %s",
			    when_sql[rules[i].when]);
		rc |= xf_buf_printf(b, " THEN '%s'", xf_doc_name(rules[i].doc));
	}
	rc |= xf_buf_adds(b, " END");
	return rc == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Dates                                                               */

static const char *const digits_zh[] = {
	"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"
};

/* 1 to 31 as 一 ... 十 ... 三十一. */
static void
number_zh(struct xf_buf *b, int n)
{
	if (n >= 20)
		xf_buf_adds(b, digits_zh[n / 10]);
	if (n >= 10)
		xf_buf_adds(b, "十");
	if (n % 10 != 0 || n < 10)
		xf_buf_adds(b, digits_zh[n % 10]);
}

/* The day of s as year, month, day: 0, or -1. */
static int
ymd(const char *s, int tz, int *y, int *m, int *d)
{
	xf_day		 day;
	const char	*why;
	char		 iso[16];

	if (xf_day_parse(s, tz, &day, &why) == -1 ||
	    xf_day_format(day, iso, sizeof iso) == NULL ||
	    sscanf(iso, "%d-%d-%d", y, m, d) != 3)
		return -1;
	return 0;
}

char *
xf_date_zh(const char *s, int tz, char *buf, size_t len)
{
	struct xf_buf	 b = { 0 };
	char		 year[8];
	int		 y, m, d, i;

	if (ymd(s, tz, &y, &m, &d) == -1)
		return NULL;
	snprintf(year, sizeof year, "%d", y);
	for (i = 0; year[i] != '\0'; i++)
		xf_buf_adds(&b, digits_zh[year[i] - '0']);
	xf_buf_adds(&b, "年");
	number_zh(&b, m);
	xf_buf_adds(&b, "月");
	number_zh(&b, d);
	xf_buf_adds(&b, "日");
	if (b.p == NULL || b.len >= len) {
		xf_buf_release(&b);
		return NULL;
	}
	memcpy(buf, b.p, b.len + 1);
	xf_buf_release(&b);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Placeholders                                                        */

enum ph {
	PH_SETTING,		/* an office setting */
	PH_NUMBER,		/* the document's number */
	PH_DATE,		/* its date, in Chinese */
	PH_TITLE,		/* its title */
	PH_OF_TITLE,		/* a receipt: the document's title */
	PH_OF_NUMBER,		/* and number */
	PH_ANSWER,		/* an answer in words (信访工作条例 Art. 32) */
	PH_DELIVERED,		/* when the document was delivered */
	PH_METHOD		/* and how */
};

static const struct name {
	const char	*en;
	const char	*zh;
	enum ph		 what;
	const char	*arg;	/* the setting, or the answer's field */
	const char	*dflt;	/* a setting's value when not set */
} names[] = {
	{ "office_name", "机关名称", PH_SETTING, "office_name",
	    "（机关名称）" },
	{ "office_address", "机关地址", PH_SETTING, "office_address", "" },
	{ "office_phone", "机关电话", PH_SETTING, "office_phone", "" },
	{ "review_body", "复查机关", PH_SETTING, "review_body",
	    "原办理机关、单位的上一级机关、单位" },
	{ "rereview_body", "复核机关", PH_SETTING, "rereview_body",
	    "复查机关、单位的上一级机关、单位" },
	{ "doc_number", "文号", PH_NUMBER, NULL, NULL },
	{ "doc_date", "成文日期", PH_DATE, NULL, NULL },
	{ "doc_title", "文书名称", PH_TITLE, NULL, NULL },
	{ "delivered_doc", "送达文书", PH_OF_TITLE, NULL, NULL },
	{ "delivered_number", "送达文书文号", PH_OF_NUMBER, NULL, NULL },
	{ "reply_text", "处理意见说明", PH_ANSWER, "reply", NULL },
	{ "review_text", "复查意见说明", PH_ANSWER, "review_result", NULL },
	{ "rereview_text", "复核意见说明", PH_ANSWER, "rereview_result",
	    NULL },
	{ "delivered_at", "送达日期", PH_DELIVERED, NULL, NULL },
	{ "delivery_method", "送达方式", PH_METHOD, NULL, NULL },
};

/* What each answer means, in the words of Art. 32. */
static const struct {
	const char	*token;
	const char	*text;
} answers[] = {
	{ "supported", "经调查核实，你反映的问题事实清楚，符合或者部分符合"
	    "法律、法规、规章或者其他有关规定，予以支持" },
	{ "explained", "经调查核实，你提出的请求事由合理，但缺乏法律依据，"
	    "现作出解释说明" },
	{ "not-supported", "经调查核实，你提出的请求缺乏事实根据或者不符合"
	    "法律、法规、规章或者其他有关规定，不予支持" },
};

static const struct {
	const char	*token;
	const char	*zh;
} methods[] = {
	{ "in-person", "直接送达" },
	{ "post", "邮寄送达" },
	{ "online", "网上送达" },
	{ "announcement", "公告送达" },
};

/* The name's entry of names[], or -1 (it may be a field's). */
static int
name_find(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if ((strlen(names[i].en) == len &&
		    memcmp(names[i].en, s, len) == 0) ||
		    (strlen(names[i].zh) == len &&
		    memcmp(names[i].zh, s, len) == 0))
			return (int)i;
	return -1;
}

/* Whether s (len bytes) is a placeholder. */
static int
known(const char *s, size_t len)
{
	return name_find(s, len) != -1 || xf_field_find(s, len) != -1;
}

/* "2018-01-15..." as 2018年1月15日, else NULL. */
static const char *
date_cn(const char *v, int tz, char *buf, size_t len)
{
	int	 y, m, d;

	if (strlen(v) < 10 || v[4] != '-' || v[7] != '-' ||
	    ymd(v, tz, &y, &m, &d) == -1)
		return NULL;
	snprintf(buf, len, "%d年%d月%d日", y, m, d);
	return buf;
}

static const char *
field_value(const xf_settings *set, const xf_record *item, int f, char *buf,
    size_t len)
{
	const char	*v = xf_record_get(item, f), *t;

	if (v == NULL)
		return "";
	switch (xf_field_type(f)) {
	case XF_T_BOOL:
		return strcmp(v, "1") == 0 || strcmp(v, "true") == 0 ? "是" :
		    "否";
	case XF_T_ENUM:
		t = xf_field_token_zh(f, v);
		return t != NULL ? t : v;
	default:
		t = date_cn(v, xf_settings_tz(set), buf, len);
		return t != NULL ? t : v;
	}
}

const char *
xf_placeholder(const xf_settings *set, const xf_record *item,
    const struct xf_document *doc, const char *name, size_t len, char *buf,
    size_t buflen)
{
	const struct name	*n;
	const char		*v;
	size_t			 i;
	int			 k, f;

	if (item == NULL)
		return known(name, len) ? "" : NULL;
	if ((k = name_find(name, len)) == -1) {
		if ((f = xf_field_find(name, len)) == -1)
			return NULL;
		return field_value(set, item, f, buf, buflen);
	}
	n = &names[k];
	switch (n->what) {
	case PH_SETTING:
		v = xf_settings_doc(set, n->arg);
		return v != NULL && *v != '\0' ? v : n->dflt;
	case PH_NUMBER:
		return doc->number;
	case PH_DATE:
		v = xf_date_zh(doc->issued_at, xf_settings_tz(set), buf,
		    buflen);
		return v != NULL ? v : "";
	case PH_TITLE:
		return xf_doc_zh(doc->kind);
	case PH_OF_TITLE:
		return doc->kind == XF_DOC_RECEIPT ? xf_doc_zh(doc->of) : "";
	case PH_OF_NUMBER:
		return doc->kind == XF_DOC_RECEIPT ? doc->of_number : "";
	case PH_ANSWER:
		v = xf_record_get(item, xf_field_find(n->arg,
		    strlen(n->arg)));
		for (i = 0; v != NULL && i < sizeof answers /
		    sizeof answers[0]; i++)
			if (strcmp(v, answers[i].token) == 0)
				return answers[i].text;
		return "";
	case PH_DELIVERED:
		v = date_cn(doc->delivered_at, xf_settings_tz(set), buf,
		    buflen);
		return v != NULL ? v : "";
	case PH_METHOD:
		for (i = 0; i < sizeof methods / sizeof methods[0]; i++)
			if (strcmp(doc->method, methods[i].token) == 0)
				return methods[i].zh;
		return "";
	}
	return "";
}

/* ------------------------------------------------------------------ */
/* Templates                                                           */

/* A piece of a template: text as it is, or a placeholder. */
struct piece {
	const char	*s;
	size_t		 len;
	int		 placeholder;
};

struct xf_template {
	char		*text;
	struct piece	*p;
	size_t		 n;
	size_t		 cap;
};

static int
piece_add(xf_template *t, const char *s, size_t len, int placeholder)
{
	struct piece	*p;

	if (len == 0 && !placeholder)
		return 0;
	if ((p = xf_grow(t->p, &t->cap, t->n + 1, sizeof *p)) == NULL)
		return -1;
	t->p = p;
	p[t->n].s = s;
	p[t->n].len = len;
	p[t->n].placeholder = placeholder;
	t->n++;
	return 0;
}

void
xf_placeholder_trim(const char **s, size_t *len)
{
	size_t	 n;

	while (*len > 0 && (n = xf_space_len(*s, *len)) > 0) {
		*s += n;
		*len -= n;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

xf_template *
xf_template_parse(const char *text, size_t len, const char *name, char *err,
    size_t errlen)
{
	xf_template	*t;
	const char	*start, *p, *open, *close, *end, *nm;
	size_t		 nlen;
	long		 line = 1;

	if ((t = calloc(1, sizeof *t)) == NULL ||
	    (t->text = malloc(len + 1)) == NULL) {
		free(t);
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	memcpy(t->text, text, len);
	t->text[len] = '\0';
	if (!xf_utf8_valid(t->text, len, 0, NULL)) {
		xf_errf(err, errlen, "%s: not valid UTF-8 text", name);
		goto fail;
	}
	end = t->text + len;
	for (start = t->text; start < end; start = close + 2) {
		open = strstr(start, "{{");
		if (open == NULL) {
			if (piece_add(t, start, (size_t)(end - start), 0) == -1)
				goto nomem;
			break;
		}
		for (p = start; p < open; p++)
			if (*p == '\n')
				line++;
		if ((close = strstr(open + 2, "}}")) == NULL ||
		    memchr(open + 2, '\n', (size_t)(close - open - 2)) !=
		    NULL) {
			xf_errf(err, errlen, "%s:%ld: '{{' without '}}'",
			    name, line);
			goto fail;
		}
		nm = open + 2;
		nlen = (size_t)(close - nm);
		xf_placeholder_trim(&nm, &nlen);
		if (!known(nm, nlen)) {
			xf_errf(err, errlen, "%s:%ld: unknown placeholder "
			    "'%.*s'", name, line, (int)nlen, nm);
			goto fail;
		}
		if (piece_add(t, start, (size_t)(open - start), 0) ==
		    -1 || piece_add(t, nm, nlen, 1) == -1)
			goto nomem;
	}
	return t;
nomem:
	xf_errf(err, errlen, "out of memory");
fail:
	xf_template_free(t);
	return NULL;
}

void
xf_template_free(xf_template *t)
{
	if (t == NULL)
		return;
	free(t->text);
	free(t->p);
	free(t);
}

/* The built-in templates, in the order of enum xf_doc. */
#define HEAD(title) \
	"<p class=\"office\">{{机关名称}}</p>\n" \
	"<h1>" title "</h1>\n" \
	"<p class=\"number\">{{文号}}</p>\n" \
	"<p class=\"to\">{{信访人}}：</p>\n"
#define SEAL \
	"<p class=\"seal\">{{机关名称}}（印章）</p>\n" \
	"<p class=\"date\">{{成文日期}}</p>\n"
#define ABOUT \
	"<p>你（你们）于{{信访日期}}以{{信访形式}}形式提出的信访事项" \
	"（编号{{信访件编号}}，{{内容摘要}}）"

static const char *const builtin[XF_DOC_COUNT] = {
	[XF_DOC_ACCEPTANCE] = HEAD("受理告知书")
	    ABOUT "，本机关已收悉。经审查，该事项属于本机关职责范围，"
	    "根据《信访工作条例》第二十二条、第二十三条的规定，本机关决定"
	    "予以受理，于{{受理时间}}受理。</p>\n"
	    "<p>本机关将自受理之日起60日内办结，并书面答复你（你们）；"
	    "情况复杂的，经批准可以适当延长办理期限，但延长期限不超过30日，"
	    "并告知延期理由。</p>\n"
	    "<p>特此告知。</p>\n" SEAL,
	[XF_DOC_REACCEPTANCE] = HEAD("重新受理告知书")
	    ABOUT "，本机关已于{{重新办理时间}}决定重新办理。根据《信访工作"
	    "条例》第二十二条、第二十三条的规定，现予以重新受理。</p>\n"
	    "<p>本机关将自重新受理之日起60日内办结，并书面答复你（你们）；"
	    "情况复杂的，经批准可以适当延长办理期限，但延长期限不超过30日，"
	    "并告知延期理由。</p>\n"
	    "<p>特此告知。</p>\n" SEAL,
	[XF_DOC_REFUSAL] = HEAD("不予受理告知书")
	    ABOUT "，本机关已收悉。经审查，该事项依法应当通过其他法定途径"
	    "解决，根据《信访工作条例》第三十一条的规定，本机关决定不予"
	    "受理。</p>\n"
	    "<p>请你（你们）依法通过以下途径解决：{{告知途径}}。</p>\n"
	    "<p>特此告知。</p>\n" SEAL,
	[XF_DOC_NOT_AGAIN] = HEAD("不再受理告知书")
	    ABOUT "，本机关已收悉。经审查，你（你们）反映的事项已经复查、"
	    "复核，处理终结（初件编号{{初件编号}}）。根据《信访工作条例》"
	    "第三十六条的规定，信访人对复核意见不服，仍然以同一事实和理由"
	    "提出信访请求的，不再受理。</p>\n"
	    "<p>特此告知。</p>\n" SEAL,
	[XF_DOC_TRANSFER] = HEAD("转送告知书")
	    ABOUT "，本机关已收悉。经审查，该事项依照职责应当由{{转送机关}}"
	    "处理。根据《信访工作条例》第二十二条的规定，本机关已将该事项"
	    "转送{{转送机关}}，请你（你们）与其联系。</p>\n"
	    "<p>特此告知。</p>\n" SEAL,
	[XF_DOC_EXTENSION] = HEAD("延期告知书")
	    ABOUT "，本机关已于{{受理时间}}受理。因{{延期理由}}，经本机关"
	    "负责人批准，根据《信访工作条例》第三十四条的规定，办理期限"
	    "延长{{延期天数}}日，至{{办理期限}}。</p>\n"
	    "<p>特此告知。</p>\n" SEAL,
	[XF_DOC_OPINION] = HEAD("信访事项处理意见书")
	    ABOUT "，本机关于{{受理时间}}受理。</p>\n"
	    "<p>你（你们）的请求：{{主要诉求}}</p>\n"
	    "<p>{{处理意见说明}}。根据《信访工作条例》第三十二条的规定，"
	    "处理意见为：{{处理意见}}。</p>\n"
	    "<p>如不服本处理意见，可以自收到本意见书之日起30日内向"
	    "{{复查机关}}请求复查（《信访工作条例》第三十五条）。</p>\n" SEAL,
	[XF_DOC_REVIEW] = HEAD("信访事项复查意见书")
	    "<p>你（你们）对信访事项（编号{{信访件编号}}，{{内容摘要}}）的"
	    "处理意见不服，于{{复查申请时间}}请求复查。</p>\n"
	    "<p>{{复查意见说明}}。根据《信访工作条例》第三十五条的规定，"
	    "复查意见为：{{复查意见}}。</p>\n"
	    "<p>如不服本复查意见，可以自收到本意见书之日起30日内向"
	    "{{复核机关}}请求复核（《信访工作条例》第三十六条）。</p>\n" SEAL,
	[XF_DOC_REREVIEW] = HEAD("信访事项复核意见书")
	    "<p>你（你们）对信访事项（编号{{信访件编号}}，{{内容摘要}}）的"
	    "复查意见不服，于{{复核申请时间}}请求复核。</p>\n"
	    "<p>{{复核意见说明}}。根据《信访工作条例》第三十六条的规定，"
	    "复核意见为：{{复核意见}}。</p>\n"
	    "<p>本复核意见为最终意见。你（你们）对复核意见不服，仍然以同一"
	    "事实和理由提出信访请求的，信访工作机构和其他行政机关不再"
	    "受理。</p>\n" SEAL,
	[XF_DOC_AGREEMENT] = "<p class=\"office\">{{机关名称}}</p>\n"
	    "<h1>息诉息访协议书</h1>\n"
	    "<p class=\"number\">{{文号}}</p>\n"
	    "<p>甲方：{{机关名称}}</p>\n"
	    "<p>乙方（信访人）：{{信访人}}，身份证号{{身份证号}}，"
	    "住址{{住址}}，联系电话{{联系电话}}</p>\n"
	    "<p>乙方于{{信访日期}}提出的信访事项（编号{{信访件编号}}，"
	    "{{内容摘要}}），经双方协商，根据《信访工作条例》第三十三条的"
	    "规定，自愿达成如下协议：</p>\n"
	    "<p class=\"blank\">一、</p>\n<p class=\"blank\">二、</p>\n"
	    "<p>乙方认可上述处理结果，自本协议签订之日起息诉息访，不再就"
	    "同一事实和理由提出信访请求。</p>\n"
	    "<p class=\"sign\">甲方（印章）：　　　　　　乙方（签名）：</p>\n"
	    "<p class=\"date\">{{成文日期}}</p>\n",
	[XF_DOC_RECEIPT] = "<p class=\"office\">{{机关名称}}</p>\n"
	    "<h1>送达回执</h1>\n"
	    "<p class=\"number\">{{文号}}</p>\n"
	    "<table class=\"receipt\">\n"
	    "<tr><th>送达文书</th><td>{{送达文书}}（{{送达文书文号}}）</td></tr>\n"
	    "<tr><th>受送达人</th><td>{{信访人}}</td></tr>\n"
	    "<tr><th>身份证号</th><td>{{身份证号}}</td></tr>\n"
	    "<tr><th>联系电话</th><td>{{联系电话}}</td></tr>\n"
	    "<tr><th>送达地址</th><td>{{住址}}</td></tr>\n"
	    "<tr><th>送达方式</th><td>{{送达方式}}</td></tr>\n"
	    "<tr><th>受送达人签名</th><td class=\"blank\">"
	    "　　　　年　　月　　日</td></tr>\n"
	    "<tr><th>送达人签名</th><td class=\"blank\">"
	    "　　　　年　　月　　日</td></tr>\n"
	    "<tr><th>备注</th><td class=\"blank\"></td></tr>\n"
	    "</table>\n"
	    "<p class=\"date\">{{机关名称}}（印章）　{{成文日期}}</p>\n",
};

xf_template *
xf_template_new(const xf_settings *set, enum xf_doc kind, char *err,
    size_t errlen)
{
	struct xf_buf	 path = { 0 }, text = { 0 };
	const char	*dir = xf_settings_doc(set, "template_dir");
	xf_template	*t = NULL;
	char		 name[64];

	snprintf(name, sizeof name, "%s.html", xf_doc_name(kind));
	if (dir == NULL || *dir == '\0')
		return xf_template_parse(builtin[kind], strlen(builtin[kind]),
		    name, err, errlen);
	if (xf_buf_printf(&path, "%s/%s", dir, name) == -1)
		xf_errf(err, errlen, "out of memory");
	else if (xf_file_read(path.p, &text, err, errlen) == 0)
		t = xf_template_parse(text.p != NULL ? text.p : "", text.len,
		    path.p, err, errlen);
	xf_buf_release(&path);
	xf_buf_release(&text);
	return t;
}

int
xf_template_html(const xf_template *t, const xf_settings *set,
    const xf_record *item, const struct xf_document *doc, FILE *fp)
{
	struct xf_buf	 b = { 0 };
	char		 buf[128];
	const char	*v;
	size_t		 i;
	int		 rc = 0;

	rc |= xf_buf_printf(&b, "<section class=\"doc %s\">\n",
	    xf_doc_name(doc->kind));
	for (i = 0; i < t->n; i++)
		if (!t->p[i].placeholder)
			rc |= xf_buf_add(&b, t->p[i].s, t->p[i].len);
		else {
			v = xf_placeholder(set, item, doc, t->p[i].s,
			    t->p[i].len, buf, sizeof buf);
			rc |= xf_xml_escape(&b, v != NULL ? v : "");
		}
	rc |= xf_buf_adds(&b, "</section>\n");
	if (rc == 0 && fwrite(b.p, 1, b.len, fp) != b.len)
		rc = -1;
	else if (rc != 0)
		errno = ENOMEM;
	xf_buf_release(&b);
	return rc ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* The page                                                            */

int
xf_html_begin(FILE *fp, const char *title)
{
	struct xf_buf	 b = { 0 };
	int		 rc;

	rc = xf_xml_escape(&b, title != NULL ? title : "");
	if (rc == 0 && fprintf(fp, "<!DOCTYPE html>\n"
	    "<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<title>%s</title>\n<style>\n"
	    "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }\n"
	    "body { font-family: \"FangSong\", \"STFangsong\", \"Noto Serif CJK SC\","
	    " \"Noto Sans CJK SC\", \"Source Han Serif SC\", serif;"
	    " font-size: 16pt; line-height: 1.75; margin: 0; }\n"
	    "section.doc + section.doc { break-before: page;"
	    " page-break-before: always; }\n"
	    ".office { text-align: center; color: #c00; font-size: 22pt;"
	    " font-weight: bold; margin: 0; }\n"
	    "h1 { text-align: center; font-size: 22pt; margin: 0.5em 0; }\n"
	    ".number { text-align: center; margin: 0 0 1em; }\n"
	    "p { text-indent: 2em; margin: 0; }\n"
	    ".office, .number, .to, .seal, .date, .sign { text-indent: 0; }\n"
	    ".seal, .date { text-align: right; }\n"
	    ".seal { margin-top: 3em; }\n"
	    ".blank { min-height: 3em; }\n"
	    "table.receipt { width: 100%%; border-collapse: collapse;"
	    " line-height: 1.5; }\n"
	    "table.receipt th, table.receipt td { border: 1px solid #000;"
	    " padding: 0.4em; text-align: left; }\n"
	    "table.receipt th { width: 30%%; }\n"
	    "table.receipt td.blank { height: 3em; }\n"
	    "</style>\n</head>\n<body>\n", b.p != NULL ? b.p : "") < 0)
		rc = -1;
	xf_buf_release(&b);
	return rc ? -1 : 0;
}

int
xf_html_end(FILE *fp)
{
	return fputs("</body>\n</html>\n", fp) == EOF ? -1 : 0;
}
