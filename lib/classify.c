/*
 * classify.c - classification (分类/甄别): the values of the fields
 * xf-classify sets, the keyword rules file and its matcher, and the
 * decision of what a case's fields become (who may replace whose value).
 * No SQL: the ledger module reads and stores the case.
 *
 * The rules file (xf-classify(1) RULES): UTF-8 text, a rule a line,
 * columns separated by tabs: a priority (an integer, higher wins), a
 * pattern, and one or more field=value assignments.  '#' starts a
 * comment line.  A pattern is a boolean expression of keywords over the
 * title and the content: OR of AND of (NOT) terms, with parentheses.
 *
 * Matching: every keyword of every rule, deduplicated, goes into one
 * Aho-Corasick automaton over bytes (a dense table of states x classes
 * of bytes), so a text is scanned once, whatever the number of rules.
 * Full-width ASCII forms (U+FF01-FF5E) are folded to ASCII while
 * scanning and ASCII letters match either case, so "ＡＴＭ" matches "atm"
 * and "（" matches "(".
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xf-private.h"

/* ------------------------------------------------------------------ */
/* The classification fields and their values                         */

static const int cfields[XF_C_COUNT] = {
	XF_F_CATEGORY, XF_F_PURPOSE, XF_F_CLAIM, XF_F_RISK, XF_F_KEY_CASE
};

int
xf_cfield_field(enum xf_cfield c)
{
	return (int)c >= 0 && c < XF_C_COUNT ? cfields[c] : -1;
}

int
xf_cfield_of(int field)
{
	int	 c;

	for (c = 0; c < XF_C_COUNT; c++)
		if (cfields[c] == field)
			return c;
	return -1;
}

static const char *const source_names[] = {
	[XF_SRC_NONE] = "none", [XF_SRC_MODEL] = "model",
	[XF_SRC_RULE] = "rule", [XF_SRC_PERSON] = "person"
};

const char *
xf_source_name(enum xf_source s)
{
	return (int)s >= 0 && s <= XF_SRC_PERSON ? source_names[s] : "none";
}

enum xf_source
xf_source_parse(const char *s)
{
	int	 i;

	for (i = XF_SRC_MODEL; i <= XF_SRC_PERSON; i++)
		if (strcmp(s, source_names[i]) == 0)
			return (enum xf_source)i;
	return XF_SRC_NONE;
}

/* A category path with each level trimmed of ASCII white space. */
static int
category_path(const char *s, struct xf_buf *path)
{
	const char	*e, *a, *z;

	while (*s != '\0') {
		e = strchr(s, '/');
		if (e == NULL)
			e = s + strlen(s);
		for (a = s; a < e && isspace((unsigned char)*a); a++)
			;
		for (z = e; z > a && isspace((unsigned char)z[-1]); z--)
			;
		if (a == z)
			return -1;
		if ((path->len > 0 && xf_buf_addc(path, '/') == -1) ||
		    xf_buf_add(path, a, (size_t)(z - a)) == -1)
			return -1;
		if (*e == '\0')
			return 0;
		s = e + 1;
	}
	return -1;		/* empty, or ends in '/' */
}

int
xf_class_value(const xf_settings *set, int field, const char *s, char *out,
    size_t outlen, char *err, size_t errlen)
{
	static const char *const risks[][4] = {
		{ "1", "low", "低", "一般" },
		{ "2", "medium", "中", "较大" },
		{ "3", "high", "高", "重大" },
	};
	struct xf_buf	 path = { 0 };
	const char	*tok, *why;
	char		 near[512], q[80];
	int		 b, i, k, rc = -1;

	xf_quote(s, q, sizeof q);
	switch (field) {
	case XF_F_CATEGORY:
		if (category_path(s, &path) == -1) {
			xf_errf(err, errlen, "category '%s': empty level", q);
			break;
		}
		if (!xf_catalog_has(xf_settings_catalog(set), path.p, near,
		    sizeof near)) {
			xf_errf(err, errlen, "category '%s': not in the "
			    "catalogue%s%s%s", q, near[0] ? " (nearest: " : "",
			    near, near[0] ? ")" : "");
			break;
		}
		if (path.len >= outlen) {
			xf_errf(err, errlen, "category '%s': too long", q);
			break;
		}
		memcpy(out, path.p, path.len + 1);
		rc = 0;
		break;
	case XF_F_PURPOSE:
	case XF_F_CLAIM:
		if ((tok = xf_field_token(field, s, strlen(s))) == NULL) {
			xf_errf(err, errlen, "%s '%s': not %s", xf_field_name(
			    field), q, field == XF_F_PURPOSE ? "appeal, demand, "
			    "accusation, suggestion, consult or other" :
			    "reasonable, unreasonable, hardship or unlawful");
			break;
		}
		xf_errf(out, outlen, "%s", tok);
		rc = 0;
		break;
	case XF_F_RISK:
		for (i = 0; i < 3 && rc == -1; i++)
			for (k = 0; k < 4; k++)
				if (strcasecmp(s, risks[i][k]) == 0) {
					xf_errf(out, outlen, "%d", i + 1);
					rc = 0;
					break;
				}
		if (rc == -1)
			xf_errf(err, errlen, "risk '%s': not 1 (low), 2 "
			    "(medium) or 3 (high)", q);
		break;
	case XF_F_KEY_CASE:
		if (xf_check_bool(s, &b, &why) == -1) {
			xf_errf(err, errlen, "key_case '%s': %s", q, why);
			break;
		}
		xf_errf(out, outlen, "%d", b);
		rc = 0;
		break;
	default:
		xf_errf(err, errlen, "'%s': not a field xf-classify sets "
		    "(category, purpose, claim, risk, key_case)",
		    field >= 0 ? xf_field_name(field) : q);
	}
	xf_buf_release(&path);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Folding: full-width ASCII forms to ASCII, ASCII letters to lower case */

/*
 * The ASCII character the full-width form at p (n bytes left) stands
 * for, or 0: U+FF01-FF3F is EF BC 81-BF, U+FF40-FF5E is EF BD 80-9E.
 */
static inline int
fullwidth(const unsigned char *p, size_t n)
{
	if (n < 3 || p[0] != 0xEF)
		return 0;
	if (p[1] == 0xBC && p[2] >= 0x81 && p[2] <= 0xBF)
		return p[2] - 0x81 + 0x21;
	if (p[1] == 0xBD && p[2] >= 0x80 && p[2] <= 0x9E)
		return p[2] - 0x80 + 0x60;
	return 0;
}

static int
fold(const char *s, size_t len, struct xf_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t	 i = 0;
	int	 c, rc = 0;

	while (i < len) {
		if ((c = fullwidth(p + i, len - i)) != 0)
			i += 3;
		else
			c = p[i++];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		rc |= xf_buf_addc(out, c);
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* The rules                                                           */

enum node_kind { N_TERM, N_AND, N_OR, N_NOT };
enum scope { S_ANY, S_TITLE, S_CONTENT };

struct node {
	enum node_kind	 kind;
	int		 a, b;		/* operands (node indexes) */
	int		 kw;		/* N_TERM: the keyword */
	enum scope	 scope;
};

struct rule {
	int		 priority;
	long		 line;
	char		*where;		/* "file:line" */
	char		*pattern;	/* as written */
	int		 root;		/* node index */
	char		*value[XF_C_COUNT];
};

struct xf_rules {
	struct rule	*rules;		/* by priority, then line */
	size_t		 nrules;
	struct node	*nodes;
	size_t		 nnodes, capnodes;
	char		**kws;		/* the distinct keywords, folded */
	size_t		 nkws, capkws;
	size_t		*kslot;		/* hash of kws: index + 1, or 0 */
	size_t		 nkslots;
	/* The automaton, over classes of bytes (those of no keyword: 0). */
	uint8_t		 cls[256];
	size_t		 ncls;
	/*
	 * nstates x ncls: the next state's row (its number times ncls,
	 * which spares the scan a multiplication a byte).  The states at
	 * which keywords end are numbered last, from out_from, so that the
	 * scan tells them by a comparison.
	 */
	int32_t		*delta;
	uint32_t	*out_off;	/* keywords ending at a state: */
	uint32_t	*out_len;	/* outs[out_off .. + out_len] */
	int32_t		*outs;
	size_t		 nstates;
	int32_t		 out_from;	/* row of the first state with some */
	/* Scratch of a match: where each keyword was seen, by stamp. */
	uint32_t	*seen_title, *seen_content;
	uint32_t	 stamp;
};

/* The parser of one line. */
struct parse {
	xf_rules		*r;
	const xf_settings	*set;
	const char		*file;
	long			 line;
	const char		*p, *end;	/* the pattern left */
	char			*err;
	size_t			 errlen;
	int			 failed;
};

static void
perr(struct parse *ps, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
perr(struct parse *ps, const char *fmt, ...)
{
	char	 msg[512];
	va_list	 ap;

	if (ps->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	xf_errf(ps->err, ps->errlen, "%s:%ld: %s", ps->file, ps->line, msg);
	ps->failed = 1;
}

/* The keywords in a hash table, so that many rules parse in linear time. */
static int
kslots_grow(xf_rules *r)
{
	size_t	 ns = r->nkslots ? r->nkslots * 2 : 256, i, j;
	size_t	*slot = calloc(ns, sizeof *slot);

	if (slot == NULL)
		return -1;
	for (i = 0; i < r->nkws; i++) {
		for (j = xf_hash(r->kws[i], strlen(r->kws[i])) & (ns - 1);
		    slot[j] != 0; j = (j + 1) & (ns - 1))
			;
		slot[j] = i + 1;
	}
	free(r->kslot);
	r->kslot = slot;
	r->nkslots = ns;
	return 0;
}

/* The number of the keyword s (folded), added if new; -1 on error. */
static int
keyword(struct parse *ps, const char *s, size_t len)
{
	xf_rules	*r = ps->r;
	struct xf_buf	 b = { 0 };
	size_t		 j;
	char		**p;

	if (fold(s, len, &b) == -1)
		goto nomem;
	/* An empty keyword (a scope without one) has been reported. */
	if (b.p == NULL) {
		perr(ps, "pattern: an empty keyword");
		return -1;
	}
	if ((r->nkws + 1) * 2 > r->nkslots && kslots_grow(r) == -1)
		goto nomem;
	for (j = xf_hash(b.p, strlen(b.p)) & (r->nkslots - 1);
	    r->kslot[j] != 0; j = (j + 1) & (r->nkslots - 1))
		if (strcmp(r->kws[r->kslot[j] - 1], b.p) == 0) {
			xf_buf_release(&b);
			return (int)(r->kslot[j] - 1);
		}
	if (r->nkws == r->capkws) {
		r->capkws = r->capkws ? r->capkws * 2 : 64;
		if ((p = realloc(r->kws, r->capkws * sizeof *p)) == NULL)
			goto nomem;
		r->kws = p;
	}
	r->kws[r->nkws] = b.p;
	r->kslot[j] = r->nkws + 1;
	return (int)r->nkws++;
nomem:
	xf_buf_release(&b);
	perr(ps, "out of memory");
	return -1;
}

static int
node(struct parse *ps, enum node_kind kind, int a, int b, int kw,
    enum scope scope)
{
	xf_rules	*r = ps->r;
	struct node	*p;

	if (a < 0 || b < -1 || (kind == N_TERM && kw < 0) || ps->failed)
		return -1;
	if (r->nnodes == r->capnodes) {
		r->capnodes = r->capnodes ? r->capnodes * 2 : 256;
		if ((p = realloc(r->nodes, r->capnodes * sizeof *p)) == NULL) {
			perr(ps, "out of memory");
			return -1;
		}
		r->nodes = p;
	}
	r->nodes[r->nnodes] = (struct node){ kind, a, b, kw, scope };
	return (int)r->nnodes++;
}

/* Tokens of a pattern. */
enum tok { T_END, T_TERM, T_AND, T_OR, T_NOT, T_OPEN, T_CLOSE };

/* Characters that are operators, ASCII and full-width or Chinese. */
static const struct {
	const char	*s;
	enum tok	 tok;
} ops[] = {
	{ "&", T_AND }, { "＆", T_AND }, { "+", T_AND }, { "＋", T_AND },
	{ "|", T_OR }, { "｜", T_OR }, { ",", T_OR }, { "，", T_OR },
	{ "、", T_OR }, { ";", T_OR }, { "；", T_OR },
	{ "!", T_NOT }, { "！", T_NOT },
	{ "(", T_OPEN }, { "（", T_OPEN }, { ")", T_CLOSE }, { "）", T_CLOSE },
};

/* Quotation marks: opening, closing. */
static const char *const quotes[][2] = {
	{ "\"", "\"" }, { "“", "”" }, { "「", "」" }, { "『", "』" },
	{ "＂", "＂" },
};

static size_t
prefix(const char *p, const char *end, const char *s)
{
	size_t	 n = strlen(s);

	return (size_t)(end - p) >= n && memcmp(p, s, n) == 0 ? n : 0;
}

/* White space: ASCII blanks and the ideographic space U+3000. */
static size_t
space(const char *p, const char *end)
{
	if (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		return 1;
	return prefix(p, end, "\xE3\x80\x80");
}

static size_t
op(const char *p, const char *end, enum tok *t)
{
	size_t	 i, n;

	for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if ((n = prefix(p, end, ops[i].s)) != 0) {
			*t = ops[i].tok;
			return n;
		}
	return 0;
}

/* The UTF-8 sequence length at p (1 for a stray byte). */
static size_t
seqlen(const char *p, const char *end)
{
	unsigned char c = (unsigned char)*p;
	size_t	 n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 :
		    c >= 0xC0 ? 2 : 1;

	return (size_t)(end - p) < n ? (size_t)(end - p) : n;
}

struct token {
	enum tok	 tok;
	const char	*s;		/* T_TERM: the keyword */
	size_t		 len;
	enum scope	 scope;
};

/* Whether the bare word at p is w, followed by a delimiter. */
static int
word(const char *p, const char *end, const char *w)
{
	size_t	 n = prefix(p, end, w);
	enum tok t;

	return n != 0 && (p + n == end || space(p + n, end) ||
	    op(p + n, end, &t));
}

static void
next_token(struct parse *ps, struct token *t)
{
	const char	*p = ps->p, *end = ps->end, *s;
	size_t		 n, i;

	memset(t, 0, sizeof *t);
	while (p < end && (n = space(p, end)) != 0)
		p += n;
	if (p == end) {
		ps->p = p;
		t->tok = T_END;
		return;
	}
	if ((n = op(p, end, &t->tok)) != 0) {
		ps->p = p + n;
		return;
	}
	/* A leading '-' is NOT, as in a search box. */
	if ((n = prefix(p, end, "-")) != 0 || (n = prefix(p, end, "－")) != 0) {
		ps->p = p + n;
		t->tok = T_NOT;
		return;
	}
	if (word(p, end, "AND") || word(p, end, "OR") || word(p, end, "NOT")) {
		t->tok = *p == 'A' ? T_AND : *p == 'O' ? T_OR : T_NOT;
		ps->p = p + (*p == 'O' ? 2 : 3);
		return;
	}
	/* A scope: title: 标题: content: 内容: (or with '：'). */
	t->tok = T_TERM;
	t->scope = S_ANY;
	{
		static const struct {
			const char	*s;
			enum scope	 sc;
		} scopes[] = {
			{ "title", S_TITLE }, { "标题", S_TITLE },
			{ "content", S_CONTENT }, { "内容", S_CONTENT },
		};
		size_t	 c;

		for (i = 0; i < sizeof scopes / sizeof scopes[0]; i++) {
			if ((n = prefix(p, end, scopes[i].s)) == 0)
				continue;
			if ((c = prefix(p + n, end, ":")) != 0 ||
			    (c = prefix(p + n, end, "：")) != 0) {
				t->scope = scopes[i].sc;
				p += n + c;
				break;
			}
		}
	}
	for (i = 0; i < sizeof quotes / sizeof quotes[0]; i++) {
		if ((n = prefix(p, end, quotes[i][0])) == 0)
			continue;
		s = p + n;
		for (p = s; p < end && prefix(p, end, quotes[i][1]) == 0;
		    p += seqlen(p, end))
			;
		if (p == end) {
			perr(ps, "pattern: a quotation mark not closed");
			t->tok = T_END;
			return;
		}
		t->s = s;
		t->len = (size_t)(p - s);
		ps->p = p + strlen(quotes[i][1]);
		if (t->len == 0)
			perr(ps, "pattern: an empty keyword");
		return;
	}
	s = p;
	while (p < end && !space(p, end) && !op(p, end, &t->tok))
		p += seqlen(p, end);
	t->tok = T_TERM;
	t->s = s;
	t->len = (size_t)(p - s);
	ps->p = p;
	if (t->len == 0)
		perr(ps, "pattern: a scope without a keyword");
}

static const char *
tok_name(enum tok t)
{
	switch (t) {
	case T_END:
		return "the end";
	case T_AND:
		return "AND";
	case T_OR:
		return "OR";
	case T_NOT:
		return "NOT";
	case T_OPEN:
		return "'('";
	case T_CLOSE:
		return "')'";
	default:
		return "a keyword";
	}
}

static int parse_or(struct parse *, struct token *, int depth);

/* unary := NOT unary | '(' or ')' | term */
static int
parse_unary(struct parse *ps, struct token *t, int depth)
{
	int	 a;

	if (depth > 100) {
		perr(ps, "pattern: nested too deep");
		return -1;
	}
	switch (t->tok) {
	case T_NOT:
		next_token(ps, t);
		a = parse_unary(ps, t, depth + 1);
		return node(ps, N_NOT, a, -1, 0, S_ANY);
	case T_OPEN:
		next_token(ps, t);
		a = parse_or(ps, t, depth + 1);
		if (ps->failed)
			return -1;
		if (t->tok != T_CLOSE) {
			perr(ps, "pattern: '(' without ')'");
			return -1;
		}
		next_token(ps, t);
		return a;
	case T_TERM:
		a = node(ps, N_TERM, 0, -1, keyword(ps, t->s, t->len),
		    t->scope);
		next_token(ps, t);
		return a;
	default:
		perr(ps, "pattern: a keyword expected before %s",
		    tok_name(t->tok));
		return -1;
	}
}

/* and := unary ([AND] unary)*: terms side by side are all needed. */
static int
parse_and(struct parse *ps, struct token *t, int depth)
{
	int	 a = parse_unary(ps, t, depth), b;

	while (!ps->failed && (t->tok == T_AND || t->tok == T_TERM ||
	    t->tok == T_NOT || t->tok == T_OPEN)) {
		if (t->tok == T_AND)
			next_token(ps, t);
		b = parse_unary(ps, t, depth);
		a = node(ps, N_AND, a, b, 0, S_ANY);
	}
	return a;
}

static int
parse_or(struct parse *ps, struct token *t, int depth)
{
	int	 a = parse_and(ps, t, depth), b;

	while (!ps->failed && t->tok == T_OR) {
		next_token(ps, t);
		b = parse_and(ps, t, depth);
		a = node(ps, N_OR, a, b, 0, S_ANY);
	}
	return a;
}

static int
parse_pattern(struct parse *ps, const char *s, size_t len)
{
	struct token	 t;
	int		 root;

	ps->p = s;
	ps->end = s + len;
	next_token(ps, &t);
	if (t.tok == T_END) {
		perr(ps, "an empty pattern");
		return -1;
	}
	root = parse_or(ps, &t, 0);
	if (!ps->failed && t.tok != T_END)
		perr(ps, "pattern: %s not expected here", tok_name(t.tok));
	return ps->failed ? -1 : root;
}

/* Assignment separators: white space, ';' and ',' of either width. */
static size_t
assign_sep(const char *p, const char *end)
{
	size_t	 n;

	if ((n = space(p, end)) != 0)
		return n;
	if (p < end && (*p == ';' || *p == ','))
		return 1;
	if ((n = prefix(p, end, "；")) != 0 || (n = prefix(p, end, "，")) != 0)
		return n;
	return 0;
}

/* "field=value" (or '＝'), the field by name or Chinese column name. */
static void
parse_assignment(struct parse *ps, struct rule *ru, const char *s,
    size_t len)
{
	const char	*eq = NULL, *p;
	char		 val[1024], canon[1024], why[700], name[128];
	size_t		 n = 0, vlen;
	int		 f, c;

	for (p = s; p < s + len; p++) {
		if (*p == '=') {
			eq = p;
			n = 1;
			break;
		}
		if ((n = prefix(p, s + len, "＝")) != 0) {
			eq = p;
			break;
		}
	}
	if (eq == NULL) {
		perr(ps, "'%.*s': not field=value", (int)(len > 60 ? 60 : len),
		    s);
		return;
	}
	f = xf_field_find(s, (size_t)(eq - s));
	if ((c = xf_cfield_of(f)) < 0) {
		snprintf(name, sizeof name, "%.*s", (int)(eq - s > 60 ? 60 :
		    eq - s), s);
		perr(ps, "'%s': not a field xf-classify sets (category, "
		    "purpose, claim, risk, key_case)", name);
		return;
	}
	vlen = (size_t)(s + len - (eq + n));
	if (vlen == 0 || vlen >= sizeof val) {
		perr(ps, "%s: %s value", xf_field_name(f), vlen ? "too long a" :
		    "no");
		return;
	}
	memcpy(val, eq + n, vlen);
	val[vlen] = '\0';
	if (xf_class_value(ps->set, f, val, canon, sizeof canon, why,
	    sizeof why) == -1) {
		perr(ps, "%s", why);
		return;
	}
	if (ru->value[c] != NULL) {
		perr(ps, "%s: set twice", xf_field_name(f));
		return;
	}
	if ((ru->value[c] = strdup(canon)) == NULL)
		perr(ps, "out of memory");
}

/* The columns of a line, split at tabs (runs of tabs are one). */
static size_t
columns(const char *s, size_t len, const char **col, size_t *clen,
    size_t max)
{
	size_t	 n = 0, i = 0, j;

	while (i < len) {
		while (i < len && s[i] == '\t')
			i++;
		if (i == len)
			break;
		for (j = i; j < len && s[j] != '\t'; j++)
			;
		if (n < max) {
			col[n] = s + i;
			clen[n] = j - i;
		}
		n++;
		i = j;
	}
	return n;
}

static int
add_rule(struct parse *ps, const char *s, size_t len)
{
	xf_rules	*r = ps->r;
	struct rule	*ru, *p;
	const char	*col[64], *a, *e;
	size_t		 clen[64], ncol, i, n;
	char		 num[32], where[512];
	long		 prio;
	char		*endp;

	ncol = columns(s, len, col, clen, 64);
	if (ncol > 64) {
		perr(ps, "%zu columns: at most 64", ncol);
		return -1;
	}
	if (ncol < 3) {
		perr(ps, "%zu column%s: a rule is a priority, a pattern and "
		    "field=value, separated by tabs", ncol, ncol == 1 ? "" :
		    "s");
		return -1;
	}
	/* Blanks around a column are not part of it. */
	for (i = 0; i < ncol; i++) {
		while (clen[i] > 0 && (n = space(col[i], col[i] + clen[i]))) {
			col[i] += n;
			clen[i] -= n;
		}
		while (clen[i] > 0 && (col[i][clen[i] - 1] == ' ' ||
		    col[i][clen[i] - 1] == '\r'))
			clen[i]--;
	}
	snprintf(num, sizeof num, "%.*s", (int)(clen[0] < 31 ? clen[0] : 31),
	    col[0]);
	errno = 0;
	prio = strtol(num, &endp, 10);
	if (clen[0] == 0 || clen[0] > 30 || *endp != '\0' || errno != 0 ||
	    !(xf_isdigit(num[0]) || num[0] == '-') || prio < -1000000 ||
	    prio > 1000000) {
		perr(ps, "priority '%s': not a whole number", num);
		return -1;
	}
	if (r->nrules % 64 == 0) {
		p = realloc(r->rules, (r->nrules + 64) * sizeof *p);
		if (p == NULL) {
			perr(ps, "out of memory");
			return -1;
		}
		r->rules = p;
	}
	ru = &r->rules[r->nrules];
	memset(ru, 0, sizeof *ru);
	ru->priority = (int)prio;
	ru->line = ps->line;
	snprintf(where, sizeof where, "%s:%ld", ps->file, ps->line);
	ru->where = strdup(where);
	ru->pattern = strndup(col[1], clen[1]);
	r->nrules++;		/* freed with the rules, whatever happens */
	if (ru->where == NULL || ru->pattern == NULL) {
		perr(ps, "out of memory");
		return -1;
	}
	ru->root = parse_pattern(ps, col[1], clen[1]);
	for (i = 2; i < ncol && !ps->failed; i++) {
		a = col[i];
		e = col[i] + clen[i];
		while (a < e && !ps->failed) {
			while (a < e && (n = assign_sep(a, e)) != 0)
				a += n;
			for (n = 0; a + n < e && assign_sep(a + n, e) == 0; )
				n += seqlen(a + n, e);
			if (n > 0)
				parse_assignment(ps, ru, a, n);
			a += n;
		}
	}
	return ps->failed ? -1 : 0;
}

static int
rule_cmp(const void *a, const void *b)
{
	const struct rule *x = a, *y = b;

	if (x->priority != y->priority)
		return x->priority > y->priority ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * Number first the states at which no keyword ends, in their order (the
 * root stays 0), and make each transition its target's row.  0, or -1
 * out of memory.
 */
static int
renumber(xf_rules *r)
{
	size_t		 nc = r->ncls, ns = r->nstates, i, c, quiet = 0, n;
	int32_t		*to, *delta;
	uint32_t	*off, *len;

	to = malloc(ns * sizeof *to);
	delta = malloc(ns * nc * sizeof *delta);
	off = malloc(ns * sizeof *off);
	len = malloc(ns * sizeof *len);
	if (to == NULL || delta == NULL || off == NULL || len == NULL) {
		free(to);
		free(delta);
		free(off);
		free(len);
		return -1;
	}
	for (i = 0; i < ns; i++)
		if (r->out_len[i] == 0)
			to[i] = (int32_t)quiet++;
	for (n = quiet, i = 0; i < ns; i++)
		if (r->out_len[i] != 0)
			to[i] = (int32_t)n++;
	for (i = 0; i < ns; i++) {
		off[to[i]] = r->out_off[i];
		len[to[i]] = r->out_len[i];
		for (c = 0; c < nc; c++)
			delta[(size_t)to[i] * nc + c] =
			    to[r->delta[i * nc + c]] * (int32_t)nc;
	}
	free(to);
	free(r->delta);
	free(r->out_off);
	free(r->out_len);
	r->delta = delta;
	r->out_off = off;
	r->out_len = len;
	r->out_from = (int32_t)(quiet * nc);
	return 0;
}

/* The automaton's largest size: a bigger one is refused. */
#define MAX_AUTOMATON	(64u << 20)

/*
 * Build the automaton of the keywords: a trie, then breadth first the
 * failure links and the full transition table.  Its columns are classes
 * of bytes: each byte that occurs in a keyword has its own (a capital
 * ASCII letter the class of its small one), every other byte class 0.
 * 0, or -1 with the reason in err.
 */
static int
build(xf_rules *r, char *err, size_t errlen)
{
	size_t		 i, k, cap = 1, head, tail, nc, ns, n, cap_outs;
	int32_t		*queue = NULL, *fail = NULL, *term = NULL, *p;
	int32_t		 st, nx;
	uint32_t	 f;
	int		 c, rc = -1;

	memset(r->cls, 0, sizeof r->cls);
	r->ncls = 1;
	for (k = 0; k < r->nkws; k++) {
		const unsigned char *s = (const unsigned char *)r->kws[k];

		cap += strlen(r->kws[k]);
		for (; *s != '\0'; s++)
			if (r->cls[*s] == 0)
				r->cls[*s] = (uint8_t)r->ncls++;
	}
	for (c = 'A'; c <= 'Z'; c++)
		r->cls[c] = r->cls[c + 32];
	nc = r->ncls;
	if (cap > MAX_AUTOMATON / sizeof(int32_t) / nc) {
		xf_errf(err, errlen, "too many keywords: their automaton would "
		    "take %zu MB", cap * nc * sizeof(int32_t) >> 20);
		return -1;
	}
	r->delta = malloc(cap * nc * sizeof *r->delta);
	fail = calloc(cap, sizeof *fail);
	term = malloc(cap * sizeof *term);
	queue = malloc(cap * sizeof *queue);
	r->out_off = calloc(cap, sizeof *r->out_off);
	r->out_len = calloc(cap, sizeof *r->out_len);
	if (r->delta == NULL || fail == NULL || term == NULL ||
	    queue == NULL || r->out_off == NULL || r->out_len == NULL)
		goto nomem;
	memset(r->delta, 0xff, nc * sizeof *r->delta);
	term[0] = -1;
	ns = 1;
	/* The trie. */
	for (k = 0; k < r->nkws; k++) {
		const unsigned char *s = (const unsigned char *)r->kws[k];

		for (st = 0; *s != '\0'; s++) {
			if (r->delta[st * nc + r->cls[*s]] < 0) {
				memset(r->delta + ns * nc, 0xff,
				    nc * sizeof *r->delta);
				term[ns] = -1;
				r->delta[st * nc + r->cls[*s]] = (int32_t)ns++;
			}
			st = r->delta[st * nc + r->cls[*s]];
		}
		term[st] = (int32_t)k;
	}
	r->nstates = ns;
	/* Breadth first: failure links, the full transition table. */
	head = tail = 0;
	for (c = 0; c < (int)nc; c++) {
		if (r->delta[c] < 0)
			r->delta[c] = 0;
		else {
			fail[r->delta[c]] = 0;
			queue[tail++] = r->delta[c];
		}
	}
	while (head < tail) {
		st = queue[head++];
		for (c = 0; c < (int)nc; c++) {
			nx = r->delta[st * nc + c];
			if (nx < 0)
				r->delta[st * nc + c] = r->delta[fail[st] * nc + c];
			else {
				fail[nx] = r->delta[fail[st] * nc + c];
				queue[tail++] = nx;
			}
		}
	}
	/*
	 * The keywords that end at each state: its own, then its failure
	 * state's (made before it, breadth first).
	 */
	cap_outs = r->nkws * 4 + 16;
	n = 0;
	if ((r->outs = malloc(cap_outs * sizeof *r->outs)) == NULL)
		goto nomem;
	for (i = 0; i <= tail; i++) {
		st = i == 0 ? 0 : queue[i - 1];
		f = st == 0 ? 0 : (uint32_t)fail[st];
		k = (term[st] >= 0) + (st == 0 ? 0 : r->out_len[f]);
		if (n + k > cap_outs) {
			while (n + k > cap_outs)
				cap_outs *= 2;
			if ((p = realloc(r->outs, cap_outs * sizeof *p)) == NULL)
				goto nomem;
			r->outs = p;
		}
		r->out_off[st] = (uint32_t)n;
		if (term[st] >= 0)
			r->outs[n++] = term[st];
		if (st != 0 && r->out_len[f] > 0) {
			memcpy(r->outs + n, r->outs + r->out_off[f],
			    r->out_len[f] * sizeof *r->outs);
			n += r->out_len[f];
		}
		r->out_len[st] = (uint32_t)(n - r->out_off[st]);
	}
	if (renumber(r) == -1)
		goto nomem;
	r->seen_title = calloc(r->nkws + 1, sizeof *r->seen_title);
	r->seen_content = calloc(r->nkws + 1, sizeof *r->seen_content);
	if (r->seen_title == NULL || r->seen_content == NULL)
		goto nomem;
	rc = 0;
	goto out;
nomem:
	xf_errf(err, errlen, "out of memory");
out:
	free(queue);
	free(fail);
	free(term);
	return rc;
}

xf_rules *
xf_rules_parse(const char *text, size_t len, const char *name,
    const xf_settings *set, char *err, size_t errlen)
{
	struct parse	 ps = { .set = set, .file = name, .err = err,
			    .errlen = errlen };
	size_t		 i = 0, j, e, k, bad;

	if ((ps.r = calloc(1, sizeof *ps.r)) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	/* A UTF-8 BOM, as editors on Windows write it, is not text. */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && !ps.failed) {
		for (j = i; j < len && text[j] != '\n'; j++)
			;
		ps.line++;
		e = j;
		if (e > i && text[e - 1] == '\r')
			e--;
		if (!xf_utf8_valid(text + i, e - i, 0, &bad))
			perr(&ps, "not valid UTF-8 (byte %zu)", bad + 1);
		else if (memchr(text + i, '\0', e - i) != NULL)
			perr(&ps, "a NUL byte");
		else {
			for (k = i; k < e && (text[k] == ' ' ||
			    text[k] == '\t'); k++)
				;
			if (k < e && text[k] != '#')
				add_rule(&ps, text + i, e - i);
		}
		i = j + 1;
	}
	if (!ps.failed && ps.r->nrules == 0)
		xf_errf(err, errlen, "%s: no rules", name), ps.failed = 1;
	if (!ps.failed) {
		qsort(ps.r->rules, ps.r->nrules, sizeof *ps.r->rules,
		    rule_cmp);
		char	 why[256];

		if (build(ps.r, why, sizeof why) == -1) {
			xf_errf(err, errlen, "%s: %s", name, why);
			ps.failed = 1;
		}
	}
	if (ps.failed) {
		xf_rules_free(ps.r);
		return NULL;
	}
	return ps.r;
}

xf_rules *
xf_rules_new(const char *path, const xf_settings *set, char *err,
    size_t errlen)
{
	struct xf_buf	 text = { 0 };
	xf_rules	*r = NULL;

	if (xf_file_read(path, &text, err, errlen) == 0)
		r = xf_rules_parse(text.p ? text.p : "", text.len, path, set,
		    err, errlen);
	xf_buf_release(&text);
	return r;
}

void
xf_rules_free(xf_rules *r)
{
	size_t	 i;
	int	 c;

	if (r == NULL)
		return;
	for (i = 0; i < r->nrules; i++) {
		free(r->rules[i].where);
		free(r->rules[i].pattern);
		for (c = 0; c < XF_C_COUNT; c++)
			free(r->rules[i].value[c]);
	}
	for (i = 0; i < r->nkws; i++)
		free(r->kws[i]);
	free(r->rules);
	free(r->nodes);
	free(r->kws);
	free(r->kslot);
	free(r->delta);
	free(r->out_off);
	free(r->out_len);
	free(r->outs);
	free(r->seen_title);
	free(r->seen_content);
	free(r);
}

size_t
xf_rules_count(const xf_rules *r)
{
	return r->nrules;
}

/* Mark the keywords that occur in the text. */
static void
scan(xf_rules *r, const char *text, size_t len, uint32_t *seen)
{
	const unsigned char *p = (const unsigned char *)text;
	const int32_t	*delta = r->delta;
	const uint8_t	*cls = r->cls;
	size_t		 nc = r->ncls, i = 0, k, n;
	uint32_t	 stamp = r->stamp;
	int32_t		 st = 0, from = r->out_from;
	int		 c, f;

	while (i < len) {
		c = p[i++];
		if (c == 0xEF && (f = fullwidth(p + i - 1, len - i + 1)) != 0) {
			c = f;
			i += 2;
		}
		st = delta[st + cls[c]];
		if (st < from)
			continue;
		k = (size_t)st / nc;
		for (n = 0; n < r->out_len[k]; n++)
			seen[r->outs[r->out_off[k] + n]] = stamp;
	}
}

/*
 * Whether node n holds.  Chains of AND and OR lean left (a b c is
 * (a b) c), so they are walked in a loop: only parentheses and NOT, whose
 * nesting the parser bounds, recurse.
 */
static int
eval(const xf_rules *r, int n)
{
	const struct node *nd;

	for (;;) {
		nd = &r->nodes[n];
		switch (nd->kind) {
		case N_TERM:
			if (nd->scope == S_TITLE)
				return r->seen_title[nd->kw] == r->stamp;
			if (nd->scope == S_CONTENT)
				return r->seen_content[nd->kw] == r->stamp;
			return r->seen_title[nd->kw] == r->stamp ||
			    r->seen_content[nd->kw] == r->stamp;
		case N_AND:
			if (!eval(r, nd->b))
				return 0;
			n = nd->a;
			break;
		case N_OR:
			if (eval(r, nd->b))
				return 1;
			n = nd->a;
			break;
		default:
			return !eval(r, nd->a);
		}
	}
}

int
xf_rules_match(xf_rules *r, const char *title, size_t tlen,
    const char *content, size_t clen, struct xf_rule_hit hits[XF_C_COUNT])
{
	size_t	 i;
	int	 c, found = 0, wanted;

	memset(hits, 0, XF_C_COUNT * sizeof *hits);
	if (++r->stamp == 0) {
		/* After 2^32 texts: start the stamps afresh. */
		memset(r->seen_title, 0, (r->nkws + 1) * sizeof(uint32_t));
		memset(r->seen_content, 0, (r->nkws + 1) * sizeof(uint32_t));
		r->stamp = 1;
	}
	if (title != NULL)
		scan(r, title, tlen, r->seen_title);
	if (content != NULL)
		scan(r, content, clen, r->seen_content);
	for (i = 0; i < r->nrules && found < XF_C_COUNT; i++) {
		const struct rule *ru = &r->rules[i];

		for (wanted = 0, c = 0; c < XF_C_COUNT; c++)
			wanted |= ru->value[c] != NULL && hits[c].value == NULL;
		if (!wanted || !eval(r, ru->root))
			continue;
		for (c = 0; c < XF_C_COUNT; c++) {
			if (ru->value[c] == NULL || hits[c].value != NULL)
				continue;
			hits[c].value = ru->value[c];
			hits[c].rule = ru->where;
			hits[c].pattern = ru->pattern;
			hits[c].priority = ru->priority;
			found++;
		}
	}
	return found;
}

/* ------------------------------------------------------------------ */
/* Deciding                                                            */

/* The level-1 prefix of a path: its length. */
static size_t
level1_len(const char *path)
{
	return strcspn(path, "/");
}

/*
 * The category from the models' guesses at levels 1 and 2 (said[],
 * with their confidences): the level-2 guess when it is confident and
 * agrees with the level-1 guess, else the level-1 guess when confident;
 * NULL when neither is (then *guess and *best are the best guess there
 * was, for a person).
 */
static const char *
category_of(const struct xf_classifier *cl, const xf_settings *set,
    const char *const said[2], const double conf[2], const char **guess,
    double *best)
{
	const char	*l1 = said[0], *l2 = said[1];
	double		 c1 = conf[0], c2 = conf[1];

	/* A label the catalogue in force no longer has is no answer. */
	if (l1 != NULL && !xf_catalog_has(xf_settings_catalog(set), l1,
	    NULL, 0))
		l1 = NULL;
	if (l2 != NULL && !xf_catalog_has(xf_settings_catalog(set), l2,
	    NULL, 0))
		l2 = NULL;
	if (l2 != NULL && c2 >= cl->min_confidence && (l1 == NULL ||
	    (level1_len(l2) == strlen(l1) &&
	    strncmp(l1, l2, strlen(l1)) == 0))) {
		*guess = l2;
		*best = c2;
		return l2;
	}
	if (l1 != NULL && c1 >= cl->min_confidence) {
		*guess = l1;
		*best = c1;
		return l1;
	}
	*guess = l1 != NULL ? l1 : l2;
	*best = l1 != NULL ? c1 : c2;
	return NULL;
}

/* The event's entry for a field that changed. */
static int
detail(struct xf_buf *d, int field, const char *from, const char *to,
    enum xf_source by, const char *rule, double conf)
{
	int	 rc = 0;

	rc |= xf_buf_addc(d, d->len == 0 ? '{' : ',');
	rc |= xf_buf_printf(d, "\"%s\":{", xf_field_name(field));
	if (from != NULL) {
		rc |= xf_buf_adds(d, "\"from\":\"");
		rc |= xf_json_escape(d, from, strlen(from));
		rc |= xf_buf_adds(d, "\",");
	}
	rc |= xf_buf_adds(d, "\"to\":\"");
	rc |= xf_json_escape(d, to, strlen(to));
	rc |= xf_buf_printf(d, "\",\"by\":\"%s\"", xf_source_name(by));
	if (rule != NULL) {
		rc |= xf_buf_adds(d, ",\"rule\":\"");
		rc |= xf_json_escape(d, rule, strlen(rule));
		rc |= xf_buf_addc(d, '"');
	}
	if (by == XF_SRC_MODEL)
		rc |= xf_buf_printf(d, ",\"confidence\":%.4f", conf);
	rc |= xf_buf_addc(d, '}');
	return rc ? -1 : 0;
}

int
xf_class_decide(struct xf_classifier *cl, const xf_settings *set,
    xf_record *item, enum xf_source prov[XF_C_COUNT],
    struct xf_class_result *res, struct xf_buf *details)
{
	const char	*title = xf_record_get(item, XF_F_TITLE);
	const char	*content = xf_record_get(item, XF_F_CONTENT);
	struct xf_rule_hit hits[XF_C_COUNT];
	const char	*want[XF_C_COUNT], *cur;
	/* The models asked: the category's two levels, then each field's. */
	const xf_model	*ask[2 + XF_C_COUNT] = { NULL };
	const char	*said[2 + XF_C_COUNT];
	double		 conf[2 + XF_C_COUNT];
	enum xf_source	 by[XF_C_COUNT];
	struct xf_buf	 text = { 0 };
	int		 c, f, changes = 0, asks = 0, rc = -1;

	memset(res, 0, sizeof *res);
	xf_buf_reset(details);
	if (cl->rules != NULL)
		xf_rules_match(cl->rules, title, title ? strlen(title) : 0,
		    content, content ? strlen(content) : 0, hits);
	else
		memset(hits, 0, sizeof hits);
	/*
	 * A model is asked for a field nothing given or matched sets, where
	 * its value may replace the one there.  A value with no record of
	 * its source is a person's.
	 */
	for (c = 0; c < XF_C_COUNT; c++) {
		cur = xf_record_get(item, cfields[c]);
		if (cur != NULL && *cur != '\0' && prov[c] == XF_SRC_NONE)
			prov[c] = XF_SRC_PERSON;
		if (cl->set[c] != NULL || hits[c].value != NULL ||
		    (cur != NULL && *cur != '\0' && !cl->force &&
		    prov[c] > XF_SRC_MODEL))
			continue;
		if (c == XF_C_CATEGORY) {
			ask[0] = cl->model[0];
			ask[1] = cl->model[1];
		} else
			ask[2 + c] = cl->fields[c];
	}
	for (c = 0; c < 2 + XF_C_COUNT; c++)
		asks |= ask[c] != NULL;
	/* What the models read: title, a line feed, content. */
	if (asks && ((title != NULL && xf_buf_adds(&text, title) == -1) ||
	    xf_buf_addc(&text, '\n') == -1 ||
	    (content != NULL && xf_buf_adds(&text, content) == -1)))
		goto out;
	if (asks)
		xf_model_predict_n(ask, 2 + XF_C_COUNT, text.p, text.len, said,
		    conf);
	for (c = 0; c < XF_C_COUNT; c++) {
		f = cfields[c];
		cur = xf_record_get(item, f);
		if (cur != NULL && *cur == '\0')
			cur = NULL;
		want[c] = NULL;
		by[c] = XF_SRC_NONE;
		if (cl->set[c] != NULL) {
			want[c] = cl->set[c];
			by[c] = XF_SRC_PERSON;
		} else if (hits[c].value != NULL) {
			want[c] = hits[c].value;
			by[c] = XF_SRC_RULE;
			res->why[c] = hits[c].rule;
			res->pattern[c] = hits[c].pattern;
		} else if (c == XF_C_CATEGORY ? ask[0] != NULL ||
		    ask[1] != NULL : ask[2 + c] != NULL) {
			if (c == XF_C_CATEGORY) {
				res->asked = 1;
				want[c] = category_of(cl, set, said, conf,
				    &res->guess, &res->confidence);
				res->conf[c] = res->confidence;
				if (want[c] == NULL)
					res->left = 1;
			} else {
				/* Not confident: no value, nobody to ask. */
				want[c] = said[2 + c];
				res->conf[c] = conf[2 + c];
				if (res->conf[c] < cl->min_confidence)
					want[c] = NULL;
			}
			if (want[c] != NULL)
				by[c] = XF_SRC_MODEL;
		}
		res->source[c] = prov[c];
		res->value[c] = want[c];
		if (want[c] == NULL)
			continue;
		if (cur != NULL && strcmp(cur, want[c]) == 0) {
			/* The same value: only a stronger source counts. */
			if (by[c] <= prov[c])
				continue;
		} else if (by[c] < prov[c] && !cl->force) {
			res->kept[c] = 1;
			continue;
		}
		/* The details first: setting the field frees cur. */
		if (detail(details, f, cur, want[c], by[c], res->why[c],
		    res->conf[c]) == -1 ||
		    xf_record_set(item, f, want[c], strlen(want[c]), 0) == -1)
			goto out;
		prov[c] = by[c];
		res->source[c] = by[c];
		res->changed[c] = 1;
		changes++;
	}
	if (changes > 0 && xf_buf_addc(details, '}') == -1)
		goto out;
	rc = changes;
out:
	xf_buf_release(&text);
	return rc;
}
