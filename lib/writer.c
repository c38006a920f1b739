/*
 * writer.c - records out as NDJSON, CSV or an aligned table
 *
 * A line is built in a buffer and written with one fwrite(), so a record
 * is never left half written by the writer, and a failed write is seen at
 * once with errno as stdio set it.  A table is kept whole until
 * xf_writer_finish(), as its columns are as wide as their widest value.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xf-private.h"

#define TABLE_MAX	40	/* columns of a table cell before it is cut */

/* A column of CSV or table output. */
struct col {
	char	*key;		/* matched by key; NULL: by field */
	int	 field;		/* for the header, and matching when no key */
};

/* The value the record being written has for a column. */
struct cell {
	const char	*v;	/* NULL when the record has none */
	size_t		 len;
	int		 field;
	int		 raw;
};

/* A key and its place: of a record, or of a column. */
struct keyref {
	const char	*key;
	size_t		 i;
};

/* A cell of a table, its text kept in the writer until the end. */
struct tcell {
	size_t	 off;
	size_t	 len;
	size_t	 width;
};

struct xf_writer {
	FILE		*out;
	enum xf_format	 format;
	unsigned	 flags;
	int		 plain;
	int		 started;	/* columns set */
	int		 header;	/* header built (CSV) or kept (table) */
	int		 done;		/* table written */
	int		 fcol[XF_F_COUNT];	/* column of a field, or -1 */
	struct col	*cols;
	struct keyref	*byname;	/* columns matched by key, sorted */
	size_t		 ncols;
	size_t		 nitem;		/* columns matched by field */
	struct cell	*cells;		/* ncols */
	size_t		*widths;	/* ncols, of the table */
	struct xf_buf	 line;
	char		*scratch;	/* for masked values */
	size_t		 scratchcap;
	struct tcell	*tab;		/* rows of ncols cells, header first */
	size_t		 ntab;
	size_t		 tabcap;
	struct xf_buf	 text;		/* the text of the table's cells */
};

/* The columns of an item's table. */
static const int table_fields[] = {
	XF_F_ID, XF_F_RECEIVED_AT, XF_F_CHANNEL, XF_F_NAME, XF_F_PEOPLE,
	XF_F_STATUS, XF_F_CATEGORY, XF_F_TITLE
};

static xf_writer *
writer_new(FILE *out, enum xf_format format, unsigned flags, int plain)
{
	struct xf_writer	*w;

	if (format != XF_FORMAT_JSON && format != XF_FORMAT_CSV &&
	    format != XF_FORMAT_TABLE) {
		errno = EINVAL;
		return NULL;
	}
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	w->out = out;
	w->format = format;
	w->flags = flags;
	w->plain = plain;
	return w;
}

xf_writer *
xf_writer_new(FILE *out, enum xf_format format, unsigned flags)
{
	return writer_new(out, format, flags, 0);
}

xf_writer *
xf_writer_new_plain(FILE *out, enum xf_format format, unsigned flags)
{
	return writer_new(out, format, flags, 1);
}

/* ------------------------------------------------------------------ */
/* Values                                                              */

/* Whether s is a JSON integer: -?(0|[1-9][0-9]*). */
static int
is_int(const char *s, size_t len)
{
	size_t	 i = 0;

	if (i < len && s[i] == '-')
		i++;
	if (i == len || (s[i] == '0' && i + 1 != len))
		return 0;
	for (; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* 1 for "1" or "true", 0 for "0" or "false", else -1. */
static int
boolean(const char *s, size_t len)
{
	if ((len == 1 && s[0] == '1') ||
	    (len == 4 && memcmp(s, "true", 4) == 0))
		return 1;
	if ((len == 1 && s[0] == '0') ||
	    (len == 5 && memcmp(s, "false", 5) == 0))
		return 0;
	return -1;
}

static char *
writer_scratch(struct xf_writer *w, size_t len)
{
	char	*p;

	if (len > w->scratchcap) {
		if ((p = realloc(w->scratch, len)) == NULL)
			return NULL;
		w->scratch = p;
		w->scratchcap = len;
	}
	return w->scratch;
}

/*
 * The text a value is written as, in *s and *slen: masked, a Chinese
 * word, a boolean spelt for the format.  Returns 1 when it is JSON text,
 * 0 when it is a string, -1 when out of memory.
 */
static int
value_form(struct xf_writer *w, const struct cell *c, int json,
    const char **s, size_t *slen)
{
	const char	*t;
	char		*buf;
	int		 b;

	*s = c->v;
	*slen = c->len;
	if (c->field < 0)
		return c->raw;
	if (xf_personal(c->field) && !(w->flags & XF_W_REVEAL)) {
		/* A masked value is never longer than the value. */
		if ((buf = writer_scratch(w, c->len + 1)) == NULL)
			return -1;
		*s = xf_mask(c->field, c->v, buf, c->len + 1);
		*slen = strlen(*s);
		return 0;
	}
	switch (xf_field_type(c->field)) {
	case XF_T_INT:
		if (is_int(c->v, c->len))
			return 1;
		break;
	case XF_T_BOOL:
		if ((b = boolean(c->v, c->len)) == -1)
			break;
		if (json || !(w->flags & XF_W_LANG_ZH))
			t = b ? "true" : "false";
		else
			t = b ? "是" : "否";
		*s = t;
		*slen = strlen(t);
		return json;
	case XF_T_ENUM:
		if (c->raw || !(w->flags & XF_W_LANG_ZH))
			break;
		if ((t = xf_field_token_zh(c->field, c->v)) != NULL) {
			*s = t;
			*slen = strlen(t);
		}
		break;
	case XF_T_TEXT:
		break;
	}
	return c->raw;
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */

/* The bytes a JSON string escapes: control characters, '"' and '\\'. */
static const unsigned char json_escaped[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1
};

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/*
 * Whether one of the 8 bytes of x is escaped: a byte below 0x20, or one
 * that xor '"' or '\\' makes zero.  Exact: no borrow crosses a byte
 * unless a lower byte already matched.
 */
static int
word_escaped(uint64_t x)
{
	uint64_t	 q = x ^ (ONES * '"'), b = x ^ (ONES * '\\');

	return ((((x - ONES * 0x20) & ~x) | ((q - ONES) & ~q) |
	    ((b - ONES) & ~b)) & HIGHS) != 0;
}

/* Add s escaped for a JSON string, without the quotes. */
int
xf_json_escape(struct xf_buf *b, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	char			 e[6] = { '\\', 'u', '0', '0' };
	size_t			 i = 0, run = 0, elen;
	uint64_t		 x;
	unsigned char		 c;

	while (i < len) {
		if (len - i >= 8) {
			memcpy(&x, s + i, 8);
			if (!word_escaped(x)) {
				i += 8;
				continue;
			}
		}
		c = (unsigned char)s[i++];
		if (!json_escaped[c])
			continue;
		elen = 2;
		switch (c) {
		case '"':
		case '\\':
			e[1] = (char)c;
			break;
		case '\b':
			e[1] = 'b';
			break;
		case '\f':
			e[1] = 'f';
			break;
		case '\n':
			e[1] = 'n';
			break;
		case '\r':
			e[1] = 'r';
			break;
		case '\t':
			e[1] = 't';
			break;
		default:
			e[1] = 'u';
			e[4] = hex[c >> 4];
			e[5] = hex[c & 0xf];
			elen = 6;
			break;
		}
		if (xf_buf_add(b, s + run, i - 1 - run) == -1 ||
		    xf_buf_add(b, e, elen) == -1)
			return -1;
		run = i;
	}
	return xf_buf_add(b, s + run, len - run);
}

static int
json_record(struct xf_writer *w, const xf_record *r)
{
	struct xf_buf	*b = &w->line;
	struct cell	 c;
	const char	*key, *s;
	size_t		 i, n, slen;
	int		 lit;

	n = xf_record_count(r);
	for (i = 0; i < n; i++) {
		key = xf_record_key(r, i);
		c.v = xf_record_value(r, i, &c.len);
		c.field = xf_record_field(r, i);
		c.raw = xf_record_raw(r, i);
		if ((lit = value_form(w, &c, 1, &s, &slen)) == -1)
			return -1;
		if (lit && slen == 0) {
			/* An empty raw value would not be JSON. */
			s = "null";
			slen = 4;
		}
		/* The names of fields have nothing to escape. */
		if (xf_buf_add(b, i > 0 ? ",\"" : "{\"", 2) == -1 ||
		    (c.field >= 0 ? xf_buf_adds(b, key) :
		    xf_json_escape(b, key, strlen(key))) == -1 ||
		    xf_buf_add(b, lit ? "\":" : "\":\"", lit ? 2 : 3) == -1 ||
		    (lit ? xf_buf_add(b, s, slen) : xf_json_escape(b, s, slen)) ||
		    (!lit && xf_buf_addc(b, '"') == -1))
			return -1;
	}
	return n > 0 ? xf_buf_add(b, "}\n", 2) : xf_buf_add(b, "{}\n", 3);
}

/* ------------------------------------------------------------------ */
/* Columns, for CSV and tables                                         */

static int
keyref_cmp(const void *a, const void *b)
{
	const struct keyref	*x = a, *y = b;
	int			 c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int
keyref_key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct keyref *)a)->key,
	    ((const struct keyref *)b)->key);
}

/*
 * The column named key among the columns matched by key, trying guess
 * first (the next column, when records keep their keys in order), then
 * the columns sorted by name: never a scan of them all, which made a
 * million columns in another order take hours.
 */
static size_t
col_find(const struct xf_writer *w, const char *key, size_t guess)
{
	const struct keyref	*k, want = { key, 0 };

	if (guess >= w->nitem && guess < w->ncols &&
	    strcmp(w->cols[guess].key, key) == 0)
		return guess;
	if (w->ncols == w->nitem)
		return SIZE_MAX;
	k = bsearch(&want, w->byname, w->ncols - w->nitem, sizeof(*k),
	    keyref_key_cmp);
	return k != NULL ? k->i : SIZE_MAX;
}

/* Sort the columns matched by key by their names, for col_find(). */
static int
col_index(struct xf_writer *w)
{
	size_t	 i, n = w->ncols - w->nitem;

	if (n == 0)
		return 0;
	if ((w->byname = reallocarray(NULL, n, sizeof(*w->byname))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		w->byname[i].key = w->cols[w->nitem + i].key;
		w->byname[i].i = w->nitem + i;
	}
	qsort(w->byname, n, sizeof(*w->byname), keyref_cmp);
	return 0;
}

static int
col_add(struct xf_writer *w, const char *key, int field)
{
	struct col	*c = &w->cols[w->ncols];

	c->key = NULL;
	if (key != NULL && (c->key = strdup(key)) == NULL)
		return -1;
	c->field = field;
	if (key == NULL)
		w->fcol[field] = (int)w->ncols;
	w->ncols++;
	return 0;
}

static void
writer_columns_release(struct xf_writer *w)
{
	size_t	 i;

	for (i = 0; i < w->ncols; i++)
		free(w->cols[i].key);
	free(w->cols);
	free(w->byname);
	free(w->cells);
	free(w->widths);
	w->byname = NULL;
	w->cols = NULL;
	w->cells = NULL;
	w->widths = NULL;
	w->ncols = 0;
}

/*
 * Mark in twice[] (n, zeroed) each key of r that an earlier key of r
 * repeats.  Sorted, not compared pairwise: a record of a million keys
 * takes a second, not hours.
 */
static int
keys_twice(const xf_record *r, size_t n, char *twice)
{
	struct keyref	*v;
	size_t		 i;

	if (n < 2)
		return 0;
	if ((v = reallocarray(NULL, n, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		v[i].key = xf_record_key(r, i);
		v[i].i = i;
	}
	qsort(v, n, sizeof(*v), keyref_cmp);
	for (i = 1; i < n; i++)
		if (strcmp(v[i - 1].key, v[i].key) == 0)
			twice[v[i].i] = 1;
	free(v);
	return 0;
}

/*
 * Set the columns from the first record (r NULL if there is none): the
 * item's fields, or the table's choice of them, then for CSV the unknown
 * keys of r; for a plain writer, every key of r.
 */
static int
writer_columns(struct xf_writer *w, const xf_record *r)
{
	size_t	 i, n = 0;
	char	*twice;
	int	 f;

	/* Columns by key: plain records, and CSV's unknown keys. */
	if (r != NULL && (w->plain || w->format == XF_FORMAT_CSV))
		n = xf_record_count(r);
	if ((twice = calloc(n + 1, 1)) == NULL)
		return -1;
	if (keys_twice(r, n, twice) == -1 ||
	    (w->cols = calloc(XF_F_COUNT + n, sizeof(*w->cols))) == NULL) {
		free(twice);
		return -1;
	}
	for (f = 0; f < XF_F_COUNT; f++)
		w->fcol[f] = -1;
	if (!w->plain && w->format == XF_FORMAT_TABLE) {
		for (i = 0; i < sizeof(table_fields) / sizeof(*table_fields);
		    i++)
			if (col_add(w, NULL, table_fields[i]) == -1)
				goto out_cols;
	} else if (!w->plain) {
		for (f = 0; f < XF_F_COUNT; f++)
			if (col_add(w, NULL, f) == -1)
				goto out_cols;
	}
	w->nitem = w->ncols;
	for (i = 0; i < n; i++) {
		f = xf_record_field(r, i);
		if ((!w->plain && f >= 0) || twice[i])
			continue;
		if (col_add(w, xf_record_key(r, i), f) == -1)
			goto out_cols;
	}
	w->cells = calloc(w->ncols + 1, sizeof(*w->cells));
	w->widths = calloc(w->ncols + 1, sizeof(*w->widths));
	if (w->cells == NULL || w->widths == NULL || col_index(w) == -1)
		goto out_cols;
	free(twice);
	w->started = 1;
	return 0;

out_cols:
	free(twice);
	writer_columns_release(w);
	return -1;
}

/* Put the values of r in the cells of their columns; the first wins. */
static void
writer_cells(struct xf_writer *w, const xf_record *r)
{
	struct cell	*c;
	size_t		 i, k, n, guess = w->nitem;
	int		 f;

	for (k = 0; k < w->ncols; k++)
		w->cells[k].v = NULL;
	n = xf_record_count(r);
	for (i = 0; i < n; i++) {
		f = xf_record_field(r, i);
		if (!w->plain && f >= 0)
			k = w->fcol[f] >= 0 ? (size_t)w->fcol[f] : SIZE_MAX;
		else {
			k = col_find(w, xf_record_key(r, i), guess);
			guess = k + 1;
		}
		if (k == SIZE_MAX || w->cells[k].v != NULL)
			continue;
		c = &w->cells[k];
		c->v = xf_record_value(r, i, &c->len);
		c->field = f;
		c->raw = xf_record_raw(r, i);
	}
}

/* The header of column i. */
static const char *
col_name(const struct xf_writer *w, size_t i)
{
	const struct col	*c = &w->cols[i];
	const char		*zh;

	if ((w->flags & XF_W_HEADER_ZH) && c->field >= 0 &&
	    (zh = xf_field_zh(c->field)) != NULL)
		return zh;
	return c->key != NULL ? c->key : xf_field_name(c->field);
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */

/*
 * Whether s is a plain decimal number, [+-]digits[.digits][e[+-]digits]
 * (or .digits): a spreadsheet reads it as a number, never as a formula.
 */
static int
is_number(const char *s, size_t len)
{
	size_t	 i = 0, digits = 0;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < len && s[i] == '.')
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (digits == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		if (i == len || s[i] < '0' || s[i] > '9')
			return 0;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return i == len;
}

/*
 * OWASP's list of the first characters that make a spreadsheet evaluate
 * a cell: = + - @, and TAB and CR, which some spreadsheets drop before
 * looking.  Apostrophes are looked through, so that a value that really
 * begins with one gets a second: a reader that takes one apostrophe off
 * a cell whose rest is a formula then gives back exactly what was
 * written (see cmd.c).
 */
int
xf_csv_formula(const char *s, size_t len)
{
	size_t	 i = 0;

	while (i < len && s[i] == '\'')
		i++;
	if (i == len || memchr("=+-@\t\r", s[i], 6) == NULL)
		return 0;
	return !is_number(s + i, len - i);
}

/* Add a CSV cell, quoted when it must be, neutralised unless raw. */
static int
csv_field(struct xf_buf *b, const char *s, size_t len, int raw)
{
	size_t	 i, run;
	int	 quote, neutral;

	neutral = !raw && xf_csv_formula(s, len);
	quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
	for (i = 0; i < len && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' ||
		    s[i] == '\n';
	if ((quote && xf_buf_addc(b, '"') == -1) ||
	    (neutral && xf_buf_addc(b, '\'') == -1))
		return -1;
	if (!quote)
		return xf_buf_add(b, s, len);
	/* Each quote ends one run and starts the next: it is doubled. */
	for (i = run = 0; i < len; i++)
		if (s[i] == '"') {
			if (xf_buf_add(b, s + run, i + 1 - run) == -1)
				return -1;
			run = i;
		}
	if (xf_buf_add(b, s + run, len - run) == -1)
		return -1;
	return xf_buf_addc(b, '"');
}

static int
csv_header(struct xf_writer *w)
{
	const char	*name;
	size_t		 i;

	if ((w->flags & XF_W_BOM) &&
	    xf_buf_add(&w->line, "\xef\xbb\xbf", 3) == -1)
		return -1;
	for (i = 0; i < w->ncols; i++) {
		name = col_name(w, i);
		if ((i > 0 && xf_buf_addc(&w->line, ',') == -1) ||
		    csv_field(&w->line, name, strlen(name),
		    w->flags & XF_W_RAW_CSV) == -1)
			return -1;
	}
	return xf_buf_add(&w->line, "\r\n", 2);
}

static int
csv_record(struct xf_writer *w)
{
	const char	*s;
	size_t		 i, slen;

	for (i = 0; i < w->ncols; i++) {
		if (i > 0 && xf_buf_addc(&w->line, ',') == -1)
			return -1;
		if (w->cells[i].v == NULL)
			continue;
		if (value_form(w, &w->cells[i], 0, &s, &slen) == -1 ||
		    csv_field(&w->line, s, slen,
		    w->flags & XF_W_RAW_CSV) == -1)
			return -1;
	}
	return xf_buf_add(&w->line, "\r\n", 2);
}

/* ------------------------------------------------------------------ */
/* Tables                                                              */

/*
 * Decode one UTF-8 character of s (n > 0 bytes).  A bad byte, and the
 * first byte of an overlong form, a surrogate or a code point above
 * U+10FFFF, is U+FFFD on its own: 1 byte long.
 */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t		 len, i;
	uint32_t	 c = s[0];

	*cp = 0xfffd;
	if (c < 0x80)
		len = 1;
	else if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
	} else
		return 1;
	if (len > n)
		return 1;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 1;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (c >= 0xd800 && c <= 0xdfff) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 1;
	*cp = c;
	return len;
}

/* The columns a character takes on a terminal. */
static size_t
char_width(uint32_t c)
{
	static const uint32_t	 wide[][2] = {
		{ 0x1100, 0x115f }, { 0x2e80, 0xa4cf }, { 0xac00, 0xd7a3 },
		{ 0xf900, 0xfaff }, { 0xfe30, 0xfe4f }, { 0xff00, 0xff60 },
		{ 0xffe0, 0xffe6 }, { 0x20000, 0x3fffd }
	};
	size_t			 i;

	if (c >= 0x300 && c <= 0x36f)
		return 0;
	for (i = 0; i < sizeof(wide) / sizeof(*wide); i++)
		if (c >= wide[i][0] && c <= wide[i][1])
			return 2;
	return 1;
}

/*
 * Add a cell to the table: control characters (C0, DEL and C1, such as
 * ESC and CSI, which would drive the terminal) become spaces, a byte
 * that is not UTF-8 becomes U+FFFD, and a value wider than TABLE_MAX
 * columns is cut to fit with an ellipsis.
 */
static int
table_cell(struct xf_writer *w, const char *s, size_t len)
{
	struct xf_buf	*b = &w->text;
	struct tcell	*t;
	size_t		 i, n, cw, cap, width = 0, cut, cutwidth = 0;
	uint32_t	 cp;
	int		 ctl;

	if (w->ntab == w->tabcap) {
		cap = w->tabcap != 0 ? w->tabcap * 2 : 256;
		if ((t = reallocarray(w->tab, cap, sizeof(*t))) == NULL)
			return -1;
		w->tab = t;
		w->tabcap = cap;
	}
	t = &w->tab[w->ntab];
	t->off = cut = b->len;
	for (i = 0; i < len; i += n) {
		n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		ctl = cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
		cw = ctl ? 1 : char_width(cp);
		if (width + cw > TABLE_MAX) {
			b->len = cut;
			if (xf_buf_add(b, "…", strlen("…")) == -1)
				return -1;
			width = cutwidth + 1;
			break;
		}
		if (ctl ? xf_buf_addc(b, ' ') : cp == 0xfffd && n == 1 ?
		    xf_buf_add(b, "\xef\xbf\xbd", 3) : xf_buf_add(b, s + i, n))
			return -1;
		width += cw;
		if (width < TABLE_MAX) {
			cut = b->len;
			cutwidth = width;
		}
	}
	t->len = b->len - t->off;
	t->width = width;
	w->ntab++;
	return 0;
}

/* Add a row, the header or the record's cells, whole or not at all. */
static int
table_row(struct xf_writer *w, int header)
{
	const char	*s;
	size_t		 i, slen, ntab = w->ntab, textlen = w->text.len;

	for (i = 0; i < w->ncols; i++) {
		s = "";
		slen = 0;
		if (header) {
			s = col_name(w, i);
			slen = strlen(s);
		} else if (w->cells[i].v != NULL &&
		    value_form(w, &w->cells[i], 0, &s, &slen) == -1)
			goto out_row;
		if (table_cell(w, s, slen) == -1)
			goto out_row;
	}
	return 0;

out_row:
	w->ntab = ntab;
	w->text.len = textlen;
	return -1;
}

static int
add_repeat(struct xf_buf *b, char c, size_t n)
{
	char	 run[32];
	size_t	 k;

	memset(run, c, sizeof(run));
	for (; n > 0; n -= k) {
		k = n < sizeof(run) ? n : sizeof(run);
		if (xf_buf_add(b, run, k) == -1)
			return -1;
	}
	return 0;
}

/* Build one line of the table in w->line: row's cells, or dashes. */
static int
table_line(struct xf_writer *w, const struct tcell *row)
{
	struct xf_buf	*b = &w->line;
	size_t		 i, width;

	xf_buf_reset(b);
	for (i = 0; i < w->ncols; i++) {
		if (i > 0 && xf_buf_add(b, "  ", 2) == -1)
			return -1;
		if (row == NULL) {
			if (add_repeat(b, '-', w->widths[i]) == -1)
				return -1;
			continue;
		}
		width = row[i].width;
		if (xf_buf_add(b, w->text.p + row[i].off, row[i].len) == -1 ||
		    (i + 1 < w->ncols &&
		    add_repeat(b, ' ', w->widths[i] - width) == -1))
			return -1;
	}
	while (b->len > 0 && b->p[b->len - 1] == ' ')
		b->len--;
	return xf_buf_addc(b, '\n');
}

static int
table_print(struct xf_writer *w)
{
	const struct tcell	*row;
	size_t			 i, k, nrows;

	if (w->ncols == 0)
		return 0;
	nrows = w->ntab / w->ncols;
	for (i = 0; i < w->ntab; i++) {
		k = i % w->ncols;
		if (w->tab[i].width > w->widths[k])
			w->widths[k] = w->tab[i].width;
	}
	for (i = 0; i < nrows; i++) {
		row = w->tab + i * w->ncols;
		if (table_line(w, row) == -1 ||
		    fwrite(w->line.p, 1, w->line.len, w->out) != w->line.len)
			return -1;
		if (i == 0 && (table_line(w, NULL) == -1 ||
		    fwrite(w->line.p, 1, w->line.len, w->out) != w->line.len))
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */

static int
writer_flush_line(struct xf_writer *w)
{
	if (w->line.len == 0)
		return 0;
	if (fwrite(w->line.p, 1, w->line.len, w->out) != w->line.len)
		return -1;
	return 0;
}

/*
 * Set the columns from the first record (r, or NULL) and make the header:
 * in the line for CSV, as the first row of a table.
 */
static int
writer_start(struct xf_writer *w, const xf_record *r)
{
	if (!w->started && writer_columns(w, r) == -1)
		return -1;
	if (w->header)
		return 0;
	if ((w->format == XF_FORMAT_CSV ? csv_header(w) : table_row(w, 1)) ==
	    -1)
		return -1;
	w->header = 1;
	return 0;
}

int
xf_writer_put(xf_writer *w, const xf_record *r)
{
	xf_buf_reset(&w->line);
	switch (w->format) {
	case XF_FORMAT_JSON:
		if (json_record(w, r) == -1)
			return -1;
		break;
	case XF_FORMAT_CSV:
		if (writer_start(w, r) == -1)
			return -1;
		writer_cells(w, r);
		if (csv_record(w) == -1)
			return -1;
		break;
	default:
		if (writer_start(w, r) == -1)
			return -1;
		writer_cells(w, r);
		return table_row(w, 0);
	}
	return writer_flush_line(w);
}

/*
 * Without a record, CSV still has its header and an item's table its
 * header line; a plain writer knows no columns and writes nothing.
 */
int
xf_writer_finish(xf_writer *w)
{
	xf_buf_reset(&w->line);
	if (w->format != XF_FORMAT_JSON && (w->started || !w->plain) &&
	    (writer_start(w, NULL) == -1 || writer_flush_line(w) == -1))
		return -1;
	if (w->format == XF_FORMAT_TABLE && !w->done) {
		w->done = 1;
		if (table_print(w) == -1)
			return -1;
	}
	if (fflush(w->out) == EOF)
		return -1;
	return 0;
}

void
xf_writer_free(xf_writer *w)
{
	if (w == NULL)
		return;
	writer_columns_release(w);
	free(w->scratch);
	free(w->tab);
	xf_buf_release(&w->line);
	xf_buf_release(&w->text);
	free(w);
}

/* ------------------------------------------------------------------ */
/* Masking                                                             */

/* Output into a fixed buffer, cut on a character when it is full. */
struct mask_out {
	char	*p;
	size_t	 room;		/* bytes left, counting the NUL */
};

static void
mask_put(struct mask_out *o, const char *s, size_t n)
{
	if (n >= o->room) {
		n = o->room - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		o->room = n + 1;
	}
	memcpy(o->p, s, n);
	o->p += n;
	o->room -= n;
}

static void
mask_stars(struct mask_out *o, size_t n)
{
	size_t	 k;

	for (; n > 0; n -= k) {
		k = n < 8 ? n : 8;
		mask_put(o, "********", k);
	}
}

/* The byte offset of character k of s (n bytes), or n. */
static size_t
char_offset(const char *s, size_t n, size_t k)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && k-- == 0)
			return i;
	return n;
}

static int
all_digits(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * For a field that is not personal, the value itself; else buf, cut on a
 * character if it is too small (NULL when buf is NULL or len is 0).
 */
const char *
xf_mask(int field, const char *value, char *buf, size_t len)
{
	struct mask_out	 o = { buf, len };
	const char	*dash;
	size_t		 n, nchars, k;

	if (!xf_personal(field))
		return value;
	if (buf == NULL || len == 0)
		return NULL;
	n = strlen(value);
	for (nchars = k = 0; k < n; k++)
		if (((unsigned char)value[k] & 0xc0) != 0x80)
			nchars++;
	dash = field == XF_F_PHONE ? strchr(value, '-') : NULL;
	if (field == XF_F_NAME) {
		/* The family name, the given name starred: 张**. */
		k = nchars > 1 ? char_offset(value, n, 1) : 0;
		mask_put(&o, value, k);
		mask_stars(&o, nchars > 1 ? nchars - 1 : nchars);
	} else if (field == XF_F_ADDRESS) {
		/*
		 * The first half, at most 6 characters (province, city,
		 * county), the rest starred: 河北省廊坊市*****.
		 */
		k = nchars / 2 < 6 ? nchars / 2 : 6;
		mask_put(&o, value, char_offset(value, n, k));
		mask_stars(&o, nchars - k);
	} else if (field == XF_F_ID_NUMBER && nchars == 18) {
		mask_put(&o, value, char_offset(value, n, 6));
		mask_stars(&o, 8);
		k = char_offset(value, n, 14);
		mask_put(&o, value + k, n - k);
	} else if (field == XF_F_PHONE && n == 11 && value[0] == '1' &&
	    all_digits(value, n)) {
		mask_put(&o, value, 3);
		mask_stars(&o, 4);
		mask_put(&o, value + 7, 4);
	} else if (dash != NULL && dash > value &&
	    all_digits(value, (size_t)(dash - value)) &&
	    strlen(dash + 1) > 4 && all_digits(dash + 1, strlen(dash + 1))) {
		/* A landline, AREA-NUMBER. */
		k = (size_t)(dash + 1 - value);
		mask_put(&o, value, k);
		mask_stars(&o, n - k - 4);
		mask_put(&o, value + n - 4, 4);
	} else {
		k = nchars > 4 ? nchars - 4 : 0;
		mask_stars(&o, k);
		k = char_offset(value, n, k);
		mask_put(&o, value + k, n - k);
	}
	*o.p = '\0';
	return buf;
}
