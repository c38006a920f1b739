/*
 * t-classify.c - classification: the values of the classification
 * fields, the rules file (parsing, errors with their lines, matching
 * Chinese and full-width text, priorities), who may replace whose value
 * in the ledger (the ledger's migration from schema 2 to 3 is in
 * t-store-sqlite)
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

static char tmpdir[] = "/tmp/t-classify.XXXXXX";
static xf_settings *defaults;

/* ------------------------------------------------------------------ */
/* Values                                                              */

static const char *
value(int field, const char *s, char *buf, size_t len)
{
	char	 out[512], err[900];

	if (xf_class_value(defaults, field, s, out, sizeof(out), err,
	    sizeof(err)) == 0)
		snprintf(buf, len, "%s", out);
	else
		snprintf(buf, len, "error: %s", err);
	return buf;
}

static void
test_values(void)
{
	char	 b[1024];

	CHECK_STR(value(XF_F_CATEGORY, "劳动和社会保障", b, sizeof(b)),
	    "劳动和社会保障");
	CHECK_STR(value(XF_F_CATEGORY, " 劳动和社会保障 / 工资福利 ", b,
	    sizeof(b)), "劳动和社会保障/工资福利");
	CHECK_STR(value(XF_F_CATEGORY, "劳动和社会保障/工资福利/工资发放", b,
	    sizeof(b)), "劳动和社会保障/工资福利/工资发放");
	/* Unknown: the nearest known ones are named. */
	CHECK_STR(value(XF_F_CATEGORY, "劳动和社会保障/工资", b, sizeof(b)),
	    "error: category '劳动和社会保障/工资': not in the catalogue "
	    "(nearest: 劳动和社会保障/工资福利, "
	    "劳动和社会保障/城镇职工社会保险, 劳动和社会保障/就业培训)");
	CHECK(strncmp(value(XF_F_CATEGORY, "劳动社保", b, sizeof(b)),
	    "error: category '劳动社保': not in the catalogue (nearest: "
	    "劳动和社会保障", strlen("error: category '劳动社保': not in the "
	    "catalogue (nearest: 劳动和社会保障")) == 0);
	CHECK_STR(value(XF_F_CATEGORY, "民政//优抚", b, sizeof(b)),
	    "error: category '民政//优抚': empty level");
	CHECK_STR(value(XF_F_CATEGORY, "民政/", b, sizeof(b)),
	    "error: category '民政/': empty level");

	CHECK_STR(value(XF_F_CLAIM, "诉求合理", b, sizeof(b)), "reasonable");
	CHECK_STR(value(XF_F_CLAIM, "UNLAWFUL", b, sizeof(b)), "unlawful");
	CHECK_STR(value(XF_F_CLAIM, "生活困难", b, sizeof(b)), "hardship");
	CHECK_STR(value(XF_F_CLAIM, "无理", b, sizeof(b)), "unreasonable");
	CHECK_STR(value(XF_F_CLAIM, "maybe", b, sizeof(b)),
	    "error: claim 'maybe': not reasonable, unreasonable, hardship or "
	    "unlawful");
	CHECK_STR(value(XF_F_PURPOSE, "求决", b, sizeof(b)), "demand");
	CHECK_STR(value(XF_F_RISK, "3", b, sizeof(b)), "3");
	CHECK_STR(value(XF_F_RISK, "高", b, sizeof(b)), "3");
	CHECK_STR(value(XF_F_RISK, "Low", b, sizeof(b)), "1");
	CHECK_STR(value(XF_F_RISK, "4", b, sizeof(b)),
	    "error: risk '4': not 1 (low), 2 (medium) or 3 (high)");
	CHECK_STR(value(XF_F_KEY_CASE, "是", b, sizeof(b)), "1");
	CHECK_STR(value(XF_F_KEY_CASE, "no", b, sizeof(b)), "0");
	CHECK(strncmp(value(XF_F_KEY_CASE, "perhaps", b, sizeof(b)),
	    "error: key_case 'perhaps': ", 26) == 0);
	CHECK_STR(value(XF_F_STATUS, "closed", b, sizeof(b)),
	    "error: 'status': not a field xf-classify sets (category, "
	    "purpose, claim, risk, key_case)");

	CHECK(xf_cfield_field(XF_C_RISK) == XF_F_RISK);
	CHECK(xf_cfield_of(XF_F_KEY_CASE) == XF_C_KEY_CASE);
	CHECK(xf_cfield_of(XF_F_TITLE) == -1);
	CHECK_STR(xf_source_name(XF_SRC_RULE), "rule");
	CHECK(xf_source_parse("person") == XF_SRC_PERSON);
	CHECK(xf_source_parse("robot") == XF_SRC_NONE);
	CHECK_STR(xf_field_token_zh(XF_F_CLAIM, "hardship"), "生活困难");
	CHECK(xf_field_find("风险等级", strlen("风险等级")) == XF_F_RISK);
	CHECK(xf_field_find("重点信访", strlen("重点信访")) == XF_F_KEY_CASE);
}

/* ------------------------------------------------------------------ */
/* Rules files                                                         */

static xf_rules *
rules(const char *text, char *err, size_t len)
{
	err[0] = '\0';
	return xf_rules_parse(text, strlen(text), "r.tsv", defaults, err,
	    len);
}

/* The error of a rules text, or "ok". */
static const char *
rules_err(const char *text, char *err, size_t len)
{
	xf_rules *r = rules(text, err, len);

	if (r != NULL) {
		snprintf(err, len, "ok");
		xf_rules_free(r);
	}
	return err;
}

static void
test_rules_errors(void)
{
	char	 e[1024];

	CHECK_STR(rules_err("# only a comment\n\n", e, sizeof(e)),
	    "r.tsv: no rules");
	CHECK_STR(rules_err("", e, sizeof(e)), "r.tsv: no rules");
	CHECK_STR(rules_err("# c\n10\t工资\n", e, sizeof(e)),
	    "r.tsv:2: 2 columns: a rule is a priority, a pattern and "
	    "field=value, separated by tabs");
	CHECK_STR(rules_err("10 工资 risk=1\n", e, sizeof(e)),
	    "r.tsv:1: 1 column: a rule is a priority, a pattern and "
	    "field=value, separated by tabs");
	CHECK_STR(rules_err("\n\nhigh\t工资\trisk=1\n", e, sizeof(e)),
	    "r.tsv:3: priority 'high': not a whole number");
	CHECK_STR(rules_err("1.5\t工资\trisk=1\n", e, sizeof(e)),
	    "r.tsv:1: priority '1.5': not a whole number");
	CHECK_STR(rules_err("1\t工资\trisk\n", e, sizeof(e)),
	    "r.tsv:1: 'risk': not field=value");
	CHECK_STR(rules_err("1\t工资\tunit=信访局\n", e, sizeof(e)),
	    "r.tsv:1: 'unit': not a field xf-classify sets (category, "
	    "purpose, claim, risk, key_case)");
	CHECK_STR(rules_err("1\t工资\trisk=9\n", e, sizeof(e)),
	    "r.tsv:1: risk '9': not 1 (low), 2 (medium) or 3 (high)");
	CHECK_STR(rules_err("1\t工资\trisk=\n", e, sizeof(e)),
	    "r.tsv:1: risk: no value");
	CHECK_STR(rules_err("1\t工资\trisk=1 风险等级=2\n", e, sizeof(e)),
	    "r.tsv:1: risk: set twice");
	CHECK_STR(rules_err("5\t欠薪\tcategory=劳动和社会保障/工资\n", e,
	    sizeof(e)), "r.tsv:1: category '劳动和社会保障/工资': not in the "
	    "catalogue (nearest: 劳动和社会保障/工资福利, "
	    "劳动和社会保障/城镇职工社会保险, 劳动和社会保障/就业培训)");
	CHECK_STR(rules_err("1\t(工资 | 欠薪\trisk=1\n", e, sizeof(e)),
	    "r.tsv:1: pattern: '(' without ')'");
	CHECK_STR(rules_err("1\t（工资\trisk=1\n", e, sizeof(e)),
	    "r.tsv:1: pattern: '(' without ')'");
	CHECK_STR(rules_err("1\t工资)\trisk=1\n", e, sizeof(e)),
	    "r.tsv:1: pattern: ')' not expected here");
	CHECK_STR(rules_err("1\tAND 工资\trisk=1\n", e, sizeof(e)),
	    "r.tsv:1: pattern: a keyword expected before AND");
	CHECK_STR(rules_err("1\t工资 |\trisk=1\n", e, sizeof(e)),
	    "r.tsv:1: pattern: a keyword expected before the end");
	CHECK_STR(rules_err("1\t工资，，欠薪\trisk=1\n", e, sizeof(e)),
	    "r.tsv:1: pattern: a keyword expected before OR");
	CHECK_STR(rules_err("1\t-\trisk=1\n", e, sizeof(e)),
	    "r.tsv:1: pattern: a keyword expected before the end");
	CHECK_STR(rules_err("1\t“工资\trisk=1\n", e, sizeof(e)),
	    "r.tsv:1: pattern: a quotation mark not closed");
	CHECK_STR(rules_err("1\t\"\"\trisk=1\n", e, sizeof(e)),
	    "r.tsv:1: pattern: an empty keyword");
	CHECK_STR(rules_err("1\ttitle:\trisk=1\n", e, sizeof(e)),
	    "r.tsv:1: pattern: a scope without a keyword");
	CHECK_STR(rules_err("1\t　\trisk=1\n", e, sizeof(e)),
	    "r.tsv:1: an empty pattern");
	CHECK_STR(rules_err("1\t工\xff资\trisk=1\n", e, sizeof(e)),
	    "r.tsv:1: not valid UTF-8 (byte 6)");
	/* The first bad line is the one named; good lines before it pass. */
	CHECK_STR(rules_err("# hot areas\n10\t欠薪\trisk=2\n\n"
	    "20\t征地\tcategory=国土资源/土地\n30\tx\trisk=7\n", e, sizeof(e)),
	    "r.tsv:4: category '国土资源/土地': not in the catalogue "
	    "(nearest: 国土资源/土地征收, 国土资源/土地资源管理, "
	    "国土资源/海洋气象地震)");
	/* A BOM, CRLF, aligned columns and Chinese names are fine. */
	CHECK_STR(rules_err("\xEF\xBB\xBF# 规则\r\n10\t\t欠薪\t\t风险等级＝高"
	    "；重点信访=是\r\n", e, sizeof(e)), "ok");
	CHECK_STR(rules_err("  # indented comment\n-5\tx\tclaim=违法\n", e,
	    sizeof(e)), "ok");
}

/* The values the rules give a text: "field=value@line ...", or "-". */
static const char *
match(xf_rules *r, const char *title, const char *content, char *buf,
    size_t len)
{
	struct xf_rule_hit h[XF_C_COUNT];
	size_t	 used = 0;
	int	 c, n;

	n = xf_rules_match(r, title, title ? strlen(title) : 0, content,
	    content ? strlen(content) : 0, h);
	buf[0] = '\0';
	for (c = 0; c < XF_C_COUNT; c++) {
		if (h[c].value == NULL)
			continue;
		n--;
		used += (size_t)snprintf(buf + used, len - used, "%s%s=%s@%s",
		    used ? " " : "", xf_field_name(xf_cfield_field(c)),
		    h[c].value, strchr(h[c].rule, ':') + 1);
	}
	CHECK(n == 0);
	if (buf[0] == '\0')
		snprintf(buf, len, "-");
	return buf;
}

static void
test_rules_match(void)
{
	char		 b[1024], e[1024];
	xf_rules	*r;

	r = rules(
	    "# priority\tpattern\tvalues\n"
	    /* 2 */ "50\t拖欠工资 | 欠薪，讨薪、工钱；血汗钱\t"
	    "category=劳动和社会保障/工资福利\trisk=2\n"
	    /* 3 */ "90\t自焚 OR 跳楼 OR \"扬言 极端\"\trisk=3 key_case=是\n"
	    /* 4 */ "10\t征地 （补偿 ｜ 安置） －强拆\t"
	    "category=国土资源/土地征收；claim=reasonable\n"
	    /* 5 */ "10\t征地 强拆\tcategory=国土资源/土地征收/土地征占\t"
	    "claim=unlawful\n"
	    /* 6 */ "40\tATM & 吞卡\tcategory=经济管理/金融财税\n"
	    /* 7 */ "40\ttitle:集资 NOT 内容：退款\tcategory=经济管理/金融财税/"
	    "集资融资\trisk=2\n"
	    /* 8 */ "5\t工资\tpurpose=demand\n"
	    /* 9 */ "5\t资\tpurpose=consult\n"
	    /* 10 */ "1\t!信访\tclaim=hardship\n", e, sizeof(e));
	CHECK_STR(e, "");
	if (r == NULL)
		return;
	CHECK(xf_rules_count(r) == 9);

	/* No keyword: only the rule of NOT matches. */
	CHECK_STR(match(r, "问题", "没有关键词", b, sizeof(b)),
	    "claim=hardship@10");
	CHECK_STR(match(r, "信访", "没有关键词", b, sizeof(b)), "-");
	CHECK_STR(match(r, NULL, NULL, b, sizeof(b)), "claim=hardship@10");
	/* Alternatives by every separator; overlapping keywords. */
	CHECK_STR(match(r, "信访", "公司拖欠工资三个月", b, sizeof(b)),
	    "category=劳动和社会保障/工资福利@2 purpose=demand@8 risk=2@2");
	CHECK_STR(match(r, "信访", "讨薪无果", b, sizeof(b)),
	    "category=劳动和社会保障/工资福利@2 risk=2@2");
	CHECK_STR(match(r, "信访", "要回血汗钱", b, sizeof(b)),
	    "category=劳动和社会保障/工资福利@2 risk=2@2");
	CHECK_STR(match(r, "信访", "资金", b, sizeof(b)),
	    "purpose=consult@9");
	/* Priority: risk 3 of line 3 beats risk 2 of line 2. */
	CHECK_STR(match(r, "欠薪扬言跳楼", "信访", b, sizeof(b)),
	    "category=劳动和社会保障/工资福利@2 risk=3@3 key_case=1@3");
	/* A quoted keyword keeps its space. */
	CHECK_STR(match(r, "信访", "扬言极端", b, sizeof(b)), "-");
	CHECK_STR(match(r, "信访", "他扬言 极端行为", b, sizeof(b)),
	    "risk=3@3 key_case=1@3");
	/* Parentheses and NOT; a tie of priority goes to the earlier line. */
	CHECK_STR(match(r, "征地问题", "安置不到位", b, sizeof(b)),
	    "category=国土资源/土地征收@4 claim=reasonable@4");
	CHECK_STR(match(r, "征地问题", "安置不到位，遭强拆", b, sizeof(b)),
	    "category=国土资源/土地征收/土地征占@5 claim=unlawful@5");
	CHECK_STR(match(r, "征地问题", "信访", b, sizeof(b)), "-");
	/* Full-width letters in the text, either case. */
	CHECK_STR(match(r, "信访", "ＡＴＭ机吞卡", b, sizeof(b)),
	    "category=经济管理/金融财税@6");
	CHECK_STR(match(r, "信访", "atm吞卡", b, sizeof(b)),
	    "category=经济管理/金融财税@6");
	CHECK_STR(match(r, "信访", "Atm", b, sizeof(b)), "-");
	/* Scopes: the title only; NOT in the content only. (资: line 9.) */
	CHECK_STR(match(r, "非法集资", "信访", b, sizeof(b)),
	    "category=经济管理/金融财税/集资融资@7 purpose=consult@9 "
	    "risk=2@7");
	CHECK_STR(match(r, "信访", "非法集资", b, sizeof(b)),
	    "purpose=consult@9");
	CHECK_STR(match(r, "非法集资要求退款", "信访", b, sizeof(b)),
	    "category=经济管理/金融财税/集资融资@7 purpose=consult@9 "
	    "risk=2@7");
	CHECK_STR(match(r, "非法集资", "要求退款", b, sizeof(b)),
	    "purpose=consult@9 claim=hardship@10");
	/* The same rules, again: nothing left over from before. */
	CHECK_STR(match(r, "信访", "要回血汗钱", b, sizeof(b)),
	    "category=劳动和社会保障/工资福利@2 risk=2@2");
	xf_rules_free(r);

	/* Full-width punctuation in a keyword matches either width. */
	r = rules("1\t\"（一）\"\trisk=1\n", e, sizeof(e));
	CHECK(r != NULL);
	if (r != NULL) {
		CHECK_STR(match(r, "第(一)条", NULL, b, sizeof(b)),
		    "risk=1@1");
		CHECK_STR(match(r, "第（一）条", NULL, b, sizeof(b)),
		    "risk=1@1");
		CHECK_STR(match(r, "第一条", NULL, b, sizeof(b)), "-");
		xf_rules_free(r);
	}
}

/*
 * The automaton against a plain search: random keywords and texts over
 * a few letters (so that keywords overlap and nest), every rule one
 * keyword, priorities all different.
 */
static void
test_rules_random(void)
{
	static const char *const alpha[] = { "a", "b", "工", "资" };
	char		 text[8192], kw[32][16], e[1024], b[1024];
	struct xf_rule_hit h[XF_C_COUNT];
	xf_rules	*r;
	unsigned	 seed = 12345;
	int		 round, i, k, len, nk, want, bad = 0;

	for (round = 0; round < 200; round++) {
		text[0] = '\0';
		nk = 1 + (int)((seed = seed * 1103515245 + 12345) >> 16) % 20;
		for (k = 0; k < nk; k++) {
			len = 1 + (int)((seed = seed * 1103515245 + 12345) >>
			    16) % 4;
			kw[k][0] = '\0';
			for (i = 0; i < len; i++)
				strcat(kw[k], alpha[((seed = seed *
				    1103515245 + 12345) >> 16) % 4]);
			snprintf(b, sizeof(b), "%d\t\"%s\"\trisk=%d\n",
			    100 - k, kw[k], 1 + k % 3);
			strcat(text, b);
		}
		r = rules(text, e, sizeof(e));
		if (r == NULL) {
			printf("random rules: %s\n", e);
			bad++;
			continue;
		}
		text[0] = '\0';
		len = (int)((seed = seed * 1103515245 + 12345) >> 16) % 30;
		for (i = 0; i < len; i++)
			strcat(text, alpha[((seed = seed * 1103515245 +
			    12345) >> 16) % 4]);
		xf_rules_match(r, NULL, 0, text, strlen(text), h);
		for (want = 0, k = 0; k < nk && want == 0; k++)
			if (strstr(text, kw[k]) != NULL)
				want = 1 + k % 3;
		if (want == 0 ? h[XF_C_RISK].value != NULL :
		    h[XF_C_RISK].value == NULL ||
		    atoi(h[XF_C_RISK].value) != want) {
			printf("random %d: text '%s': got %s, want %d\n",
			    round, text, h[XF_C_RISK].value ?
			    h[XF_C_RISK].value : "none", want);
			bad++;
		}
		xf_rules_free(r);
	}
	CHECK(bad == 0);
}

/* ------------------------------------------------------------------ */
/* The ledger                                                          */

static const char *
path_of(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", tmpdir, name);
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
 * The events of the ledger at path (xf_ledger_history() of every item):
 * those of id (NULL: any item) whose action is as given (NULL: any).
 */
struct ev {
	const char	*id;
	const char	*action;
	const char	*key;		/* its value of the first of them */
	int		 last;		/* of the last (by seq) instead */
};

/*
 * How many such events there are (-1 on error), and into buf the value
 * of key of the first or last of them ("(none)" when there is none).
 */
static long long
ev_find(const char *path, const struct ev *q, char *buf, size_t size)
{
	struct xf_filter f;
	xf_ledger	*l;
	xf_cursor	*c, *h;
	xf_record	*r = xf_record_new(), *e = xf_record_new();
	long long	 n = 0, seq, best = -1;
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
			if (q->action != NULL && ((v = xf_record_get_key(e,
			    "action")) == NULL || strcmp(v, q->action) != 0))
				continue;
			n++;
			v = xf_record_get_key(e, "seq");
			seq = v != NULL ? strtoll(v, NULL, 10) : -1;
			if (buf != NULL && q->key != NULL && (n == 1 ||
			    (q->last && seq > best))) {
				best = seq;
				snprintf(buf, size, "%s", (v =
				    xf_record_get_key(e, q->key)) != NULL ?
				    v : "(null)");
			}
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
 * How many of the classification values of items 20170721-0001 to
 * -000n were set by source, as classifying with nothing to apply finds
 * them (in a batch rolled back); -1 on error.
 */
static int
sources(xf_ledger *l, int n, enum xf_source source)
{
	struct xf_classifier	 none;
	struct xf_class_result	 res;
	xf_record		*r = xf_record_new();
	char			 id[32];
	int			 i, c, count = 0;

	memset(&none, 0, sizeof(none));
	if (r == NULL || xf_ledger_begin(l) == -1)
		count = -1;
	for (i = 1; count != -1 && i <= n; i++) {
		snprintf(id, sizeof(id), "20170721-%04d", i);
		if (xf_ledger_classify(l, id, &none, r, &res) != XF_ALREADY)
			count = -1;
		for (c = 0; count != -1 && c < XF_C_COUNT; c++)
			count += res.source[c] == source;
	}
	if (xf_ledger_batch(l) != 0 && xf_ledger_rollback(l) == -1)
		count = -1;
	xf_record_free(r);
	return count;
}

/* Register an item of title, content and category (may be NULL). */
static void
add_item(xf_ledger *l, const char *title, const char *content,
    const char *category)
{
	xf_record	*in = xf_record_new(), *out = xf_record_new();
	const char	*existing;
	char		 err[512];

	static int	 n;
	char		 at[32];

	/* Each a minute later: two alike are two petitions, not one row. */
	snprintf(at, sizeof(at), "2017-07-21 10:%02d", n++ % 60);
	xf_record_add(in, "received_at", 11, at, strlen(at), 0);
	xf_record_add(in, "title", 5, title, strlen(title), 0);
	xf_record_add(in, "content", 7, content, strlen(content), 0);
	if (category != NULL)
		xf_record_add(in, "category", 8, category, strlen(category),
		    0);
	if (xf_item_normalize(defaults, in, out, err, sizeof(err)) == -1) {
		printf("normalize: %s\n", err);
		test_failed++;
	} else
		CHECK(xf_ledger_register(l, out, 0, &existing) == XF_REG_NEW);
	xf_record_free(in);
	xf_record_free(out);
}

/* Classify id with cl; "applied", "already", ... and the fields. */
static const char *
classify(xf_ledger *l, const char *id, struct xf_classifier *cl, char *buf,
    size_t len)
{
	static const char *const names[] = { "applied", "already",
	    "refused" };
	struct xf_class_result res;
	xf_record	*r = xf_record_new();
	enum xf_applied	 rc;
	const char	*v;
	size_t		 used;
	int		 c;

	rc = xf_ledger_classify(l, id, cl, r, &res);
	if (rc < 0) {
		snprintf(buf, len, "error: %s", xf_ledger_errmsg(l));
		xf_record_free(r);
		return buf;
	}
	used = (size_t)snprintf(buf, len, "%s", names[rc]);
	for (c = 0; c < XF_C_COUNT; c++)
		if ((v = xf_record_get(r, xf_cfield_field(c))) != NULL)
			used += (size_t)snprintf(buf + used, len - used,
			    " %s=%s(%s%s)", xf_field_name(xf_cfield_field(c)),
			    v, xf_source_name(res.source[c]),
			    res.kept[c] ? ",kept" : "");
	xf_record_free(r);
	return buf;
}

static void
test_ledger(void)
{
	char			 path[256], err[512], b[1024], e[1024];
	struct xf_classifier	 cl, person;
	xf_ledger		*l;

	path_of("c.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL)
		return;
	CHECK(xf_ledger_begin(l) == 0);
	add_item(l, "讨薪", "公司拖欠工资", NULL);		/* 0001 */
	add_item(l, "讨薪", "公司拖欠工资",
	    "劳动和社会保障/劳动关系");				/* 0002 */
	add_item(l, "其他", "没有关键词", NULL);			/* 0003 */
	CHECK(xf_ledger_commit(l) == 0);

	memset(&cl, 0, sizeof(cl));
	cl.rules = rules("50\t拖欠工资\tcategory=劳动和社会保障/工资福利\t"
	    "risk=2\n10\t讨薪\trisk=1 claim=reasonable\n", e, sizeof(e));
	CHECK(cl.rules != NULL);
	if (cl.rules == NULL)
		goto out;
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(classify(l, "20170721-0001", &cl, b, sizeof(b)),
	    "applied category=劳动和社会保障/工资福利(rule) "
	    "claim=reasonable(rule) risk=2(rule)");
	/* A person's category (from xf-intake) is kept. */
	CHECK_STR(classify(l, "20170721-0002", &cl, b, sizeof(b)),
	    "applied category=劳动和社会保障/劳动关系(person,kept) "
	    "claim=reasonable(rule) risk=2(rule)");
	CHECK_STR(classify(l, "20170721-0003", &cl, b, sizeof(b)), "already");
	CHECK_STR(classify(l, "20170721-0009", &cl, b, sizeof(b)),
	    "refused");
	CHECK_STR(xf_ledger_errmsg(l), "no item '20170721-0009' in the ledger");
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(EVENTS(.action = "classify") == 2);
	CHECK_STR(EVENT(b, .action = "classify", .id = "20170721-0002",
	    .key = "details"),
	    "{\"claim\":{\"to\":\"reasonable\",\"by\":\"rule\",\"rule\":"
	    "\"r.tsv:2\"},\"risk\":{\"to\":\"2\",\"by\":\"rule\",\"rule\":"
	    "\"r.tsv:1\"}}");
	CHECK_STR(field_of(path, "20170721-0001", XF_F_RISK, b, sizeof(b)),
	    "2");
	/* (Stored as an integer, in t-store-sqlite.) */
	CHECK(sources(l, 3, XF_SRC_RULE) == 5);

	/* Again: nothing changes, no event. */
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(classify(l, "20170721-0001", &cl, b, sizeof(b)),
	    "already category=劳动和社会保障/工资福利(rule) "
	    "claim=reasonable(rule) risk=2(rule)");
	CHECK_STR(classify(l, "20170721-0002", &cl, b, sizeof(b)),
	    "already category=劳动和社会保障/劳动关系(person,kept) "
	    "claim=reasonable(rule) risk=2(rule)");
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(EVENTS(.action = "classify") == 2);

	/* A person sets the risk; then the rules do not replace it... */
	memset(&person, 0, sizeof(person));
	person.set[XF_C_RISK] = "3";
	person.set[XF_C_CLAIM] = "reasonable";
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(classify(l, "20170721-0001", &person, b, sizeof(b)),
	    "applied category=劳动和社会保障/工资福利(rule) "
	    "claim=reasonable(person) risk=3(person)");
	CHECK_STR(classify(l, "20170721-0001", &cl, b, sizeof(b)),
	    "already category=劳动和社会保障/工资福利(rule) "
	    "claim=reasonable(person) risk=3(person,kept)");
	CHECK(xf_ledger_commit(l) == 0);
	CHECK_STR(EVENT(b, .action = "classify", .key = "details", .last = 1),
	    "{\"claim\":{\"from\":\"reasonable\",\"to\":\"reasonable\","
	    "\"by\":\"person\"},\"risk\":{\"from\":\"2\",\"to\":\"3\","
	    "\"by\":\"person\"}}");
	/* ... unless forced; an equal value keeps the stronger source. */
	cl.force = 1;
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(classify(l, "20170721-0001", &cl, b, sizeof(b)),
	    "applied category=劳动和社会保障/工资福利(rule) "
	    "claim=reasonable(person) risk=2(rule)");
	CHECK_STR(classify(l, "20170721-0002", &cl, b, sizeof(b)),
	    "applied category=劳动和社会保障/工资福利(rule) "
	    "claim=reasonable(rule) risk=2(rule)");
	CHECK(xf_ledger_rollback(l) == 0);
	CHECK_STR(field_of(path, "20170721-0001", XF_F_RISK, b, sizeof(b)),
	    "3");
	xf_rules_free(cl.rules);
out:
	xf_ledger_close(l);
	remove_ledger(path);
}

/* The fold of an id: deterministic, in range, spread. */
/*
 * The model of another field than the category: it sets the field when
 * confident, never over a person's value; the training rows keep only
 * the values a person set.
 */
static void
test_field_model(void)
{
	char			 path[256], err[512], b[1024];
	struct xf_classifier	 cl;
	xf_ledger		*l;
	xf_model		*m = xf_model_new();
	xf_cursor		*cur;
	xf_record		*row = xf_record_new();
	const char		*wage = "讨薪\n公司拖欠工资", *bus = "公交\n建议增设线路";
	int			 i, rows = 0, rc;

	path_of("f.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL && m != NULL && row != NULL);
	if (l == NULL || m == NULL || row == NULL)
		goto out;
	for (i = 0; i < 10; i++) {
		CHECK(xf_model_learn(m, "demand", wage, strlen(wage)) == 0);
		CHECK(xf_model_learn(m, "suggestion", bus, strlen(bus)) == 0);
	}
	CHECK(xf_ledger_begin(l) == 0);
	add_item(l, "讨薪", "公司拖欠工资", NULL);		/* 0001 */
	add_item(l, "公交", "建议增设线路", NULL);		/* 0002 */
	CHECK(xf_ledger_commit(l) == 0);

	memset(&cl, 0, sizeof(cl));
	cl.fields[XF_C_PURPOSE] = m;
	cl.min_confidence = 0.8;
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(classify(l, "20170721-0001", &cl, b, sizeof(b)),
	    "applied purpose=demand(model)");
	/* A person's value is not replaced, nor the model asked. */
	memset(&cl, 0, sizeof(cl));
	cl.set[XF_C_PURPOSE] = "consult";
	CHECK_STR(classify(l, "20170721-0002", &cl, b, sizeof(b)),
	    "applied purpose=consult(person)");
	memset(&cl, 0, sizeof(cl));
	cl.fields[XF_C_PURPOSE] = m;
	CHECK_STR(classify(l, "20170721-0002", &cl, b, sizeof(b)),
	    "already purpose=consult(person)");
	/* Above the confidence it can give: nothing, not even its own. */
	cl.min_confidence = 1.01;
	CHECK_STR(classify(l, "20170721-0001", &cl, b, sizeof(b)),
	    "already purpose=demand(model)");
	CHECK(xf_ledger_commit(l) == 0);
	{
		static const char want[] = "{\"purpose\":{\"to\":"
		    "\"demand\",\"by\":\"model\",\"confidence\":0.";

		CHECK(strncmp(EVENT(b, .action = "classify",
		    .id = "20170721-0001", .key = "details"), want,
		    strlen(want)) == 0);
	}

	/* The training rows: the person's purpose only. */
	cur = xf_ledger_training(l, 0, 0);
	CHECK(cur != NULL);
	while (cur != NULL && (rc = xf_cursor_next(cur, row)) == 1) {
		rows++;
		CHECK_STR(xf_record_get_key(row, "id"), "20170721-0002");
		CHECK_STR(xf_record_get_key(row, "purpose"), "consult");
		CHECK_STR(xf_record_get_key(row, "category"), "");
	}
	CHECK(rows == 1);
	xf_cursor_free(cur);
out:
	xf_record_free(row);
	xf_model_free(m);
	xf_ledger_close(l);
	remove_ledger(path);
}

static void
test_fold(void)
{
	char	 id[32];
	int	 n[5] = { 0 }, i, f;

	CHECK(xf_fold("20170721-0001", 1) == 0);
	CHECK(xf_fold("20170721-0001", 5) == xf_fold("20170721-0001", 5));
	for (i = 1; i <= 1000; i++) {
		snprintf(id, sizeof(id), "20170721-%04d", i);
		f = xf_fold(id, 5);
		CHECK(f >= 0 && f < 5);
		if (f >= 0 && f < 5)
			n[f]++;
	}
	for (i = 0; i < 5; i++)
		CHECK(n[i] > 150 && n[i] < 250);
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
	if (setenv("XF_NOW", "2017-07-25 09:00:00", 1) == -1) {
		perror("setenv");
		return 1;
	}
	defaults = xf_settings_new(NULL, err, sizeof(err));
	if (defaults == NULL) {
		printf("settings: %s\n", err);
		return 1;
	}
	test_values();
	test_rules_errors();
	test_rules_match();
	test_rules_random();
	test_ledger();
	test_field_model();
	test_fold();
	xf_settings_free(defaults);
	if (rmdir(tmpdir) == -1)
		printf("rmdir %s: %s\n", tmpdir, strerror(errno));
	return test_done("t-classify");
}
