/*
 * writer.c - records out as NDJSON, CSV, an aligned table or a workbook
 *
 * A line is built in a buffer and written with one fwrite(), so a record
 * is never left half written by the writer, and a failed write is seen at
 * once with errno as stdio set it.  A table is kept whole until
 * xf_writer_finish(), as its columns are as wide as their widest value.
 *
 * CSV and workbooks have a column for every key any record has, which is
 * known only after the last record: their records go to a spool, an
 * unlinked temporary file, and are written at xf_writer_finish()
 * (memory holds one record and the columns).  CSV rows are spooled as
 * they will be written; a row spooled before a later record brought a
 * new column gets the empty cells it lacks on the way out.  A workbook's
 * records are spooled as cells by column.  A workbook is made by
 * libxlsxwriter, which writes only to a file name: a private temporary
 * file, copied to the output at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include <cjson/cJSON.h>

#include "xf-private.h"

#define TABLE_MAX	40	/* columns of a table cell before it is cut */
#define XLSX_CELL_MAX	32767	/* characters of a workbook cell */
#define XLSX_COLS_MAX	16384	/* columns of a sheet */
#define XLSX_WIDTH_MAX	60	/* the widest column, in characters */

/* How a column's values are taken in a workbook. */
enum col_kind {
	COL_PLAIN,		/* by the field's type, or the value's */
	COL_DATE,		/* a date or time, when the value is one */
	COL_PERCENT		/* a number of percent: 93.3 is 93.3% */
};

/* A column of CSV, table or workbook output. */
struct col {
	char		*key;	/* matched by key; NULL: by field */
	int		 field;	/* for the header, and matching when no key */
	enum col_kind	 kind;
	int		 pkind;	/* personal data it holds, by its name; -1 */
	size_t		 width;	/* of a workbook's column, in characters */
};

/* A pattern of the names of columns that hold personal data. */
struct pcol {
	int		 field;	/* the kind: XF_F_NAME, _ID_NUMBER, ... */
	char		*pattern;	/* ASCII letters in lower case */
};

/* The kind of personal data of a column named key, as last worked out. */
#define KCACHE	256

struct kslot {
	char		*key;
	int		 kind;
};

/* The value the record being written has for a column. */
struct cell {
	const char	*v;	/* NULL when the record has none */
	size_t		 len;
	int		 field;
	int		 raw;
	int		 pkind;	/* personal_kind() of its key, or -1 */
};

/* CSV rows in the spool from off on, of ncols columns. */
struct run {
	uint64_t	 off;
	size_t		 ncols;
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
	int		 header;	/* header kept (table) */
	int		 done;		/* written out (table, CSV, workbook) */
	int		 fcol[XF_F_COUNT];	/* column of a field, or -1 */
	struct col	*cols;
	size_t		 ncols;
	size_t		 colcap;
	size_t		 nitem;		/* columns matched by field */
	size_t		*slots;		/* columns by key: index + 1, or 0 */
	size_t		 nslots;
	struct cell	*cells;		/* colcap */
	char		**percent;	/* keys of columns of percentages */
	size_t		 npercent;
	struct pcol	*pcols;		/* the office's personal columns */
	size_t		 npcols;
	struct kslot	 kcache[KCACHE];	/* JSON: kinds by key */
	FILE		*spool;		/* CSV, workbook: the records */
	uint64_t	 nrec;		/* records spooled */
	uint64_t	 spooled;	/* bytes spooled */
	struct run	*runs;		/* CSV: rows of as many columns */
	size_t		 nruns;
	size_t		 runcap;
	char		*rec;		/* a record read back from the spool */
	size_t		 reccap;
	struct xf_buf	 xtext;		/* a workbook cell's text, made safe */
	char		*book;		/* the workbook's temporary file */
	char		 err[512];	/* why the last call failed, or "" */
	size_t		*widths;	/* ncols, of the table */
	struct xf_buf	 line;
	char		*scratch;	/* for masked values */
	size_t		 scratchcap;
	struct xf_buf	 fold;		/* a value with ASCII forms, to mask */
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

/*
 * The item's fields that hold a moment or a day (xf-record(5): time,
 * day); in plain records also the keys date, day, at, since and any
 * ending in _at.
 */
static const int date_fields[] = {
	XF_F_RECEIVED_AT, XF_F_REGISTERED_AT, XF_F_VOIDED_AT, XF_F_REOPENED_AT,
	XF_F_DECIDED_AT, XF_F_ACCEPTED_AT, XF_F_ASSIGNED_AT,
	XF_F_UNIT_ACCEPTED_AT, XF_F_UNIT_DECLINED_AT, XF_F_REPLY_DUE,
	XF_F_REPLIED_AT, XF_F_REPLY_DELIVERED_AT, XF_F_REVIEW_AT, XF_F_REVIEWED_AT, XF_F_REREVIEW_AT,
	XF_F_REREVIEWED_AT, XF_F_CLOSED_AT, XF_F_DUE
};

static xf_writer *
writer_new(FILE *out, enum xf_format format, unsigned flags, int plain)
{
	struct xf_writer	*w;

	if (format != XF_FORMAT_JSON && format != XF_FORMAT_CSV &&
	    format != XF_FORMAT_TABLE && format != XF_FORMAT_XLSX) {
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

int
xf_writer_percent(xf_writer *w, const char *key)
{
	char	**p;

	if ((p = reallocarray(w->percent, w->npercent + 1,
	    sizeof(*p))) == NULL)
		return -1;
	w->percent = p;
	if ((p[w->npercent] = strdup(key)) == NULL)
		return -1;
	w->npercent++;
	return 0;
}

static void
kcache_clear(struct xf_writer *w)
{
	size_t	 i;

	for (i = 0; i < KCACHE; i++) {
		free(w->kcache[i].key);
		w->kcache[i].key = NULL;
	}
}

/*
 * "KIND:PATTERN": the columns whose names contain PATTERN hold personal
 * data of KIND, a name of a personal field (name, id_number, phone,
 * address, or one of their Chinese column names).
 */
int
xf_writer_personal(xf_writer *w, const char *entry)
{
	struct pcol	*p;
	const char	*colon = strchr(entry, ':');
	char		*pat, *c;
	int		 f;

	if (colon == NULL || colon[1] == '\0' ||
	    (f = xf_field_find(entry, (size_t)(colon - entry))) < 0 ||
	    !xf_personal(f)) {
		errno = EINVAL;
		return -1;
	}
	if ((p = reallocarray(w->pcols, w->npcols + 1, sizeof(*p))) == NULL)
		return -1;
	w->pcols = p;
	if ((pat = strdup(colon + 1)) == NULL)
		return -1;
	for (c = pat; *c != '\0'; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	p[w->npcols].field = f;
	p[w->npcols].pattern = pat;
	w->npcols++;
	kcache_clear(w);
	return 0;
}

const char *
xf_writer_errmsg(const xf_writer *w)
{
	return w->err[0] != '\0' ? w->err : NULL;
}

/* Keep why the call fails; always -1. */
static int
writer_fail(struct xf_writer *w, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	xf_verrf(w->err, sizeof(w->err), fmt, ap);
	va_end(ap);
	return -1;
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

static int column_kind(const struct xf_writer *, const char *);
static int column_mask(struct xf_writer *, int, const char *, size_t,
    char *, size_t *);

/*
 * The kind of personal data (XF_F_NAME, XF_F_ID_NUMBER, XF_F_PHONE,
 * XF_F_ADDRESS) a column the model does not know holds by its name, or
 * -1; kept by key, as JSON has no columns to keep it in.
 */
static int
personal_kind(struct xf_writer *w, const char *key)
{
	struct kslot	*k;
	size_t		 len = strlen(key);

	k = &w->kcache[xf_hash(key, len) & (KCACHE - 1)];
	if (k->key != NULL && strcmp(k->key, key) == 0)
		return k->kind;
	free(k->key);
	k->kind = column_kind(w, key);
	/* Without memory, not kept: worked out again next time. */
	k->key = strdup(key);
	return k->kind;
}

/*
 * v masked as a value of a personal field (bycol 0) or of a column of
 * that kind (bycol 1), in memory to free; NULL (memory).
 */
static char *
mask_dup(struct xf_writer *w, int kind, int bycol, const char *v)
{
	size_t	 len = strlen(v), n;
	char	*buf;

	if ((buf = malloc(len + 1)) == NULL)
		return NULL;
	if (!bycol)
		xf_mask(kind, v, buf, len + 1);
	else if (column_mask(w, kind, v, len, buf, &n) == -1) {
		free(buf);
		return NULL;
	}
	return buf;
}

/*
 * Mask the strings of personal fields and columns anywhere in a JSON
 * tree: a member's by its key, else by kind, that of the member it is
 * in (-1: none).  A number under a personal key becomes the string of
 * its masked digits.  0, or -1 (memory).
 */
static int
json_mask(struct xf_writer *w, cJSON *j, int kind, int bycol, int *changed)
{
	cJSON	*m, *next, *s;
	char	*buf, *t;
	int	 f, mkind, mcol;

	for (m = j->child; m != NULL; m = next) {
		next = m->next;
		mkind = kind;
		mcol = bycol;
		if (m->string != NULL) {
			f = xf_field_find(m->string, strlen(m->string));
			if (f >= 0 && xf_personal(f)) {
				mkind = f;
				mcol = 0;
			} else if (f < 0 &&
			    (f = personal_kind(w, m->string)) >= 0) {
				mkind = f;
				mcol = 1;
			}
		}
		if (cJSON_IsObject(m) || cJSON_IsArray(m)) {
			if (json_mask(w, m, mkind, mcol, changed) == -1)
				return -1;
			continue;
		}
		if (mkind < 0 || (!cJSON_IsString(m) && !cJSON_IsNumber(m)))
			continue;
		if (cJSON_IsString(m)) {
			if ((buf = mask_dup(w, mkind, mcol,
			    m->valuestring)) == NULL)
				return -1;
			cJSON_SetValuestring(m, buf);
			free(buf);
		} else {
			if ((t = cJSON_PrintUnformatted(m)) == NULL)
				return -1;
			buf = mask_dup(w, mkind, mcol, t);
			cJSON_free(t);
			if (buf == NULL)
				return -1;
			s = cJSON_CreateString(buf);
			free(buf);
			if (s == NULL)
				return -1;
			/* The member's key goes with it. */
			s->string = m->string;
			s->type |= m->type & cJSON_StringIsConst;
			m->string = NULL;
			cJSON_ReplaceItemViaPointer(j, m, s);
		}
		*changed = 1;
	}
	return 0;
}

static int column_masked(struct xf_writer *, const struct cell *,
    const char **, size_t *);

/*
 * A JSON object or array c (an event's details, a column's value given
 * as JSON): the values of personal fields and columns in it, such as
 * the ID number as given, masked; every value in it when c's column
 * holds personal data by its name.  Returns 1 (JSON text), -1 when out
 * of memory; what does not parse is masked as text in such a column.
 */
static int
object_masked(struct xf_writer *w, const struct cell *c, const char **s,
    size_t *slen)
{
	cJSON	*j;
	char	*t, *buf;
	int	 changed = 0;

	if ((j = cJSON_ParseWithLength(*s, *slen)) == NULL)
		return c->pkind >= 0 ? column_masked(w, c, s, slen) : 1;
	if (json_mask(w, j, c->pkind, 1, &changed) == -1) {
		cJSON_Delete(j);
		return -1;
	}
	if (!changed) {
		cJSON_Delete(j);
		return 1;
	}
	t = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	if (t == NULL || (buf = writer_scratch(w, strlen(t) + 1)) == NULL) {
		cJSON_free(t);
		return -1;
	}
	memcpy(buf, t, strlen(t) + 1);
	cJSON_free(t);
	*s = buf;
	*slen = strlen(buf);
	return 1;
}

/*
 * The value of a column that holds personal data by its name, masked
 * (a JSON literal, such as a number, becomes the string of its masked
 * digits).  1 (JSON text: true, false, null, a number left whole), 0
 * (a string), -1 when out of memory.
 */
static int
column_masked(struct xf_writer *w, const struct cell *c, const char **s,
    size_t *slen)
{
	char	*buf;
	size_t	 n;

	if (c->raw && (c->len == 0 || (c->len == 4 &&
	    (memcmp(c->v, "true", 4) == 0 || memcmp(c->v, "null", 4) == 0)) ||
	    (c->len == 5 && memcmp(c->v, "false", 5) == 0)))
		return 1;
	/* A masked value is never longer than the value. */
	if ((buf = writer_scratch(w, c->len + 1)) == NULL ||
	    column_mask(w, c->pkind, c->v, c->len, buf, &n) == -1)
		return -1;
	if (c->raw && n == c->len && memcmp(buf, c->v, n) == 0)
		return 1;
	*s = buf;
	*slen = n;
	return 0;
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
	if (c->field < 0 && !(w->flags & XF_W_REVEAL)) {
		if (c->raw && c->len > 0 && (c->v[0] == '{' || c->v[0] == '['))
			return object_masked(w, c, s, slen);
		if (c->pkind >= 0)
			return column_masked(w, c, s, slen);
	}
	if (c->field < 0)
		return c->raw;
	/* A NULL of a report's row (an empty raw value) stays null. */
	if (xf_personal(c->field) && !(w->flags & XF_W_REVEAL) &&
	    !(c->raw && c->len == 0)) {
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
		c.pkind = c.field < 0 ? personal_kind(w, key) : -1;
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
/* Columns, for CSV, tables and workbooks                              */

/* Whether plain records' key names a column of dates. */
static int
date_key(const char *key)
{
	size_t	 n = strlen(key);

	return strcmp(key, "date") == 0 || strcmp(key, "day") == 0 ||
	    strcmp(key, "at") == 0 || strcmp(key, "since") == 0 ||
	    (n > 3 && strcmp(key + n - 3, "_at") == 0);
}

static enum col_kind
col_kind(const struct xf_writer *w, const char *key, int field)
{
	size_t	 i;

	for (i = 0; key != NULL && i < w->npercent; i++)
		if (strcmp(w->percent[i], key) == 0)
			return COL_PERCENT;
	for (i = 0; i < sizeof(date_fields) / sizeof(*date_fields); i++)
		if (field == date_fields[i])
			return COL_DATE;
	return key != NULL && field < 0 && date_key(key) ? COL_DATE :
	    COL_PLAIN;
}

/*
 * The columns matched by key are found through a hash table of their
 * indexes (open addressing, at most half full), never by a scan of them
 * all, which made a million columns in another order take hours.
 */
static size_t *
col_slot(const struct xf_writer *w, const char *key)
{
	size_t	 i, n;

	i = xf_hash(key, strlen(key)) & (w->nslots - 1);
	for (; (n = w->slots[i]) != 0; i = (i + 1) & (w->nslots - 1))
		if (strcmp(w->cols[n - 1].key, key) == 0)
			break;
	return &w->slots[i];
}

static int
col_rehash(struct xf_writer *w)
{
	size_t	 i, n = w->nslots != 0 ? w->nslots * 2 : 64;

	free(w->slots);
	if ((w->slots = calloc(n, sizeof(*w->slots))) == NULL) {
		w->nslots = 0;
		return -1;
	}
	w->nslots = n;
	for (i = w->nitem; i < w->ncols; i++)
		*col_slot(w, w->cols[i].key) = i + 1;
	return 0;
}

/*
 * The column named key among the columns matched by key, trying guess
 * first (the next column, when records keep their keys in order); or
 * SIZE_MAX.
 */
static size_t
col_find(const struct xf_writer *w, const char *key, size_t guess)
{
	size_t	 n;

	if (guess >= w->nitem && guess < w->ncols &&
	    strcmp(w->cols[guess].key, key) == 0)
		return guess;
	if (w->nslots == 0)
		return SIZE_MAX;
	n = *col_slot(w, key);
	return n != 0 ? n - 1 : SIZE_MAX;
}

/* Add a column (matched by key unless key is NULL); 0, or -1 (memory). */
static int
col_add(struct xf_writer *w, const char *key, int field)
{
	struct col	*c;
	struct cell	*cells;
	size_t		 cap;

	if (w->ncols == w->colcap) {
		cap = w->colcap != 0 ? w->colcap * 2 : XF_F_COUNT + 16;
		if ((c = reallocarray(w->cols, cap, sizeof(*c))) == NULL)
			return -1;
		w->cols = c;
		if ((cells = reallocarray(w->cells, cap,
		    sizeof(*cells))) == NULL)
			return -1;
		w->cells = cells;
		w->colcap = cap;
	}
	c = &w->cols[w->ncols];
	c->key = NULL;
	if (key != NULL && (c->key = strdup(key)) == NULL)
		return -1;
	c->field = field;
	c->kind = col_kind(w, key, field);
	c->pkind = key != NULL && field < 0 ? column_kind(w, key) : -1;
	c->width = 0;
	w->cells[w->ncols].v = NULL;
	w->ncols++;
	if (key == NULL) {
		w->fcol[field] = (int)w->ncols - 1;
		return 0;
	}
	if ((w->ncols - w->nitem) * 2 > w->nslots && col_rehash(w) == -1) {
		free(c->key);
		w->ncols--;
		return -1;
	}
	*col_slot(w, key) = w->ncols;
	return 0;
}

static void
writer_columns_release(struct xf_writer *w)
{
	size_t	 i;

	for (i = 0; i < w->ncols; i++)
		free(w->cols[i].key);
	free(w->cols);
	free(w->slots);
	free(w->cells);
	free(w->widths);
	w->cols = NULL;
	w->slots = NULL;
	w->cells = NULL;
	w->widths = NULL;
	w->ncols = w->colcap = w->nslots = 0;
}

/*
 * The columns every record has: the item's fields, or the table's
 * choice of them; none for a plain writer.  Columns matched by key
 * follow as records bring them.
 */
static int
writer_columns(struct xf_writer *w)
{
	size_t	 i;
	int	 f;

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
	w->started = 1;
	return 0;

out_cols:
	writer_columns_release(w);
	return -1;
}

/*
 * The column of pair i of r: of its field, or of its key, added when
 * add is set and no column has it yet (*guess: where to look first).
 * SIZE_MAX for none, and for no memory with errno set.
 */
static size_t
writer_col(struct xf_writer *w, const xf_record *r, size_t i, int add,
    size_t *guess)
{
	const char	*key;
	size_t		 k;
	int		 f = xf_record_field(r, i);

	errno = 0;
	if (!w->plain && f >= 0)
		return w->fcol[f] >= 0 ? (size_t)w->fcol[f] : SIZE_MAX;
	key = xf_record_key(r, i);
	k = col_find(w, key, *guess);
	if (k == SIZE_MAX && add) {
		if (col_add(w, key, f) == -1) {
			errno = ENOMEM;
			return SIZE_MAX;
		}
		k = w->ncols - 1;
	}
	if (k != SIZE_MAX)
		*guess = k + 1;
	return k;
}

/*
 * Put the values of r in the cells of their columns, the first of a key
 * repeated; with add, new keys get columns.  0, or -1 (memory).
 */
static int
writer_cells(struct xf_writer *w, const xf_record *r, int add)
{
	struct cell	*c;
	size_t		 i, k, n, guess = w->nitem;

	for (k = 0; k < w->ncols; k++)
		w->cells[k].v = NULL;
	n = xf_record_count(r);
	for (i = 0; i < n; i++) {
		k = writer_col(w, r, i, add, &guess);
		if (k == SIZE_MAX && errno == ENOMEM)
			return -1;
		if (k == SIZE_MAX || w->cells[k].v != NULL)
			continue;
		c = &w->cells[k];
		c->v = xf_record_value(r, i, &c->len);
		c->field = xf_record_field(r, i);
		c->raw = xf_record_raw(r, i);
		c->pkind = c->field < 0 ? w->cols[k].pkind : -1;
	}
	return 0;
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
/* The spool: CSV's and a workbook's records until the columns are known */

/*
 * A record in the spool: its size (4 bytes), then for each cell its
 * column with the raw flag in the top bit (4 bytes), its length (4
 * bytes) and its value with a NUL, in the byte order of the machine.
 */
#define SPOOL_RAW	0x80000000u

/* A new temporary file: its descriptor, and its name when path is set. */
static int
tmp_file(struct xf_writer *w, char **path)
{
	char	 err[256];
	int	 fd;

	if ((fd = xf_tmp_file(path, err, sizeof(err))) == -1)
		writer_fail(w, "%s", err);
	return fd;
}

static int
spool_open(struct xf_writer *w)
{
	int	 fd;

	if ((fd = tmp_file(w, NULL)) == -1)
		return -1;
	if ((w->spool = fdopen(fd, "w+")) == NULL) {
		close(fd);
		return writer_fail(w, "a temporary file: %s", strerror(errno));
	}
	setvbuf(w->spool, NULL, _IOFBF, 1 << 16);
	return 0;
}

static int xlsx_check(struct xf_writer *, const xf_record *, size_t);

/* Spool a workbook's record r as cells (its new keys become columns). */
static int
spool_put(struct xf_writer *w, const xf_record *r)
{
	struct xf_buf	*b = &w->line;
	const struct cell *c;
	size_t		 k;
	uint32_t	 h[2] = { 0, 0 };

	if (writer_cells(w, r, 1) == -1)
		return -1;
	if (w->ncols > XLSX_COLS_MAX) {
		errno = EFBIG;
		return writer_fail(w, "%zu columns, more than a spreadsheet "
		    "holds (%d): use -f csv or -f json", w->ncols,
		    XLSX_COLS_MAX);
	}
	xf_buf_reset(b);
	if (xf_buf_add(b, h, 4) == -1)
		return -1;
	for (k = 0; k < w->ncols; k++) {
		c = &w->cells[k];
		if (c->v == NULL)
			continue;
		if (xlsx_check(w, r, k) == -1)
			return -1;
		if (c->len >= UINT32_MAX) {
			errno = EFBIG;
			return writer_fail(w, "a value too large to write");
		}
		h[0] = (uint32_t)k | (c->raw ? SPOOL_RAW : 0);
		h[1] = (uint32_t)c->len;
		if (xf_buf_add(b, h, 8) == -1 ||
		    xf_buf_add(b, c->v, c->len) == -1 ||
		    xf_buf_addc(b, '\0') == -1)
			return -1;
	}
	if (b->len - 4 > UINT32_MAX) {
		errno = EFBIG;
		return writer_fail(w, "a record too large to write");
	}
	h[0] = (uint32_t)(b->len - 4);
	memcpy(b->p, h, 4);
	if (fwrite(b->p, 1, b->len, w->spool) != b->len)
		return writer_fail(w, "a temporary file: %s", strerror(errno));
	w->spooled += b->len;
	w->nrec++;
	return 0;
}

static int
spool_rewind(struct xf_writer *w)
{
	if (w->spool != NULL && (fflush(w->spool) == EOF ||
	    fseeko(w->spool, 0, SEEK_SET) == -1))
		return writer_fail(w, "a temporary file: %s", strerror(errno));
	return 0;
}

/* The next record of the spool into the cells. */
static int
spool_next(struct xf_writer *w)
{
	struct cell	*c;
	char		*p, *end;
	uint32_t	 h[2];
	size_t		 k;

	if (fread(h, 4, 1, w->spool) != 1)
		goto out_read;
	if (h[0] + (size_t)1 > w->reccap) {
		if ((p = realloc(w->rec, h[0] + (size_t)1)) == NULL)
			return -1;
		w->rec = p;
		w->reccap = h[0] + (size_t)1;
	}
	if (h[0] > 0 && fread(w->rec, h[0], 1, w->spool) != 1)
		goto out_read;
	for (k = 0; k < w->ncols; k++)
		w->cells[k].v = NULL;
	for (p = w->rec, end = p + h[0]; end - p >= 8; ) {
		memcpy(h, p, 8);
		k = h[0] & ~SPOOL_RAW;
		if (k >= w->ncols || (size_t)(end - p - 8) <= h[1])
			goto out_bad;
		c = &w->cells[k];
		c->v = p + 8;
		c->len = h[1];
		c->field = w->cols[k].field;
		c->raw = (h[0] & SPOOL_RAW) != 0;
		c->pkind = w->cols[k].pkind;
		p += 8 + (size_t)h[1] + 1;
	}
	if (p != end)
		goto out_bad;
	return 0;

out_read:
	if (ferror(w->spool))
		return writer_fail(w, "a temporary file: %s", strerror(errno));
out_bad:
	errno = EIO;
	return writer_fail(w, "a temporary file: cut short");
}

/* ------------------------------------------------------------------ */
/* CSV through the spool                                               */

/* n commas to fp: the empty cells a row lacks. */
static int
add_commas(FILE *fp, size_t n)
{
	char	 run[64];
	size_t	 k;

	memset(run, ',', sizeof(run));
	for (; n > 0; n -= k) {
		k = n < sizeof(run) ? n : sizeof(run);
		if (fwrite(run, 1, k, fp) != k)
			return -1;
	}
	return 0;
}

/* Spool r as a CSV row of the columns so far (and its new keys). */
static int
csv_put(struct xf_writer *w, const xf_record *r)
{
	struct run	*run;
	size_t		 cap;

	if (writer_cells(w, r, 1) == -1)
		return -1;
	if (w->nruns == 0 || w->runs[w->nruns - 1].ncols != w->ncols) {
		if (w->nruns == w->runcap) {
			cap = w->runcap != 0 ? w->runcap * 2 : 16;
			if ((run = reallocarray(w->runs, cap,
			    sizeof(*run))) == NULL)
				return -1;
			w->runs = run;
			w->runcap = cap;
		}
		w->runs[w->nruns].off = w->spooled;
		w->runs[w->nruns++].ncols = w->ncols;
	}
	xf_buf_reset(&w->line);
	if (csv_record(w) == -1)
		return -1;
	if (fwrite(w->line.p, 1, w->line.len, w->spool) != w->line.len)
		return writer_fail(w, "a temporary file: %s", strerror(errno));
	w->spooled += w->line.len;
	w->nrec++;
	return 0;
}

/*
 * Copy len bytes of CSV rows from the spool to the output, adding pad
 * empty cells at the end of each row.  Outside quotes a CR only ends a
 * row (a cell that holds one is quoted); quotes inside a cell are
 * doubled, so counting them tells inside from outside.
 */
static int
csv_copy(struct xf_writer *w, uint64_t len, size_t pad, int *quoted)
{
	char	 buf[65536];
	size_t	 n, i, run;

	for (; len > 0; len -= n) {
		n = len < sizeof(buf) ? (size_t)len : sizeof(buf);
		if (fread(buf, 1, n, w->spool) != n) {
			if (!ferror(w->spool))
				errno = EIO;
			return writer_fail(w, "a temporary file: %s",
			    strerror(errno));
		}
		for (i = run = 0; pad > 0 && i < n; i++) {
			if (buf[i] == '"')
				*quoted = !*quoted;
			else if (buf[i] == '\r' && !*quoted) {
				if (fwrite(buf + run, 1, i - run, w->out) !=
				    i - run || add_commas(w->out, pad) == -1)
					return -1;
				run = i;
			}
		}
		if (fwrite(buf + run, 1, n - run, w->out) != n - run)
			return -1;
	}
	return 0;
}

/* The header, then the rows, each with a cell for every column. */
static int
csv_write(struct xf_writer *w)
{
	uint64_t	 end;
	size_t		 i, pad, have;
	int		 quoted = 0;

	/* A plain writer without a record knows no columns. */
	if (w->plain && w->nrec == 0)
		return 0;
	xf_buf_reset(&w->line);
	if (csv_header(w) == -1 || spool_rewind(w) == -1 ||
	    fwrite(w->line.p, 1, w->line.len, w->out) != w->line.len)
		return -1;
	for (i = 0; i < w->nruns; i++) {
		end = i + 1 < w->nruns ? w->runs[i + 1].off : w->spooled;
		have = w->runs[i].ncols;
		pad = have == 0 ? (w->ncols > 0 ? w->ncols - 1 : 0) :
		    w->ncols - have;
		if (csv_copy(w, end - w->runs[i].off, pad, &quoted) == -1)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Workbooks                                                           */

/* What a workbook's cell is, and its value. */
enum xkind { XK_BLANK, XK_TEXT, XK_NUMBER, XK_PERCENT, XK_BOOL, XK_TIME,
	XK_DAY };

struct xval {
	enum xkind	 kind;
	const char	*s;	/* the text of XK_TEXT (not made safe yet) */
	size_t		 len;
	double		 num;
	lxw_datetime	 dt;
};

/* n digits of s from *i as a number, or -1. */
static int
digits(const char *s, size_t len, size_t *i, int n)
{
	int	 v = 0;

	for (; n > 0; n--, (*i)++) {
		if (*i >= len || !xf_isdigit(s[*i]))
			return -1;
		v = v * 10 + (s[*i] - '0');
	}
	return v;
}

/*
 * A day "YYYY-MM-DD" (2), or a moment "YYYY-MM-DDThh:mm[:ss[.fff]]"
 * (or with a space for the T) with any offset or none (1), as the wall
 * time written: the offset is dropped.  0 for anything else, and for a
 * day before 1900, which a workbook has no date for.
 */
static int
date_value(const char *s, size_t len, lxw_datetime *dt)
{
	size_t	 i = 0;
	int	 y, mo, d, h = 0, mi = 0, sec = 0, f;
	double	 frac = 0, scale = 0.1;

	if ((y = digits(s, len, &i, 4)) < 1900 || i >= len || s[i++] != '-' ||
	    (mo = digits(s, len, &i, 2)) < 1 || mo > 12 || i >= len ||
	    s[i++] != '-' || (d = digits(s, len, &i, 2)) < 1 ||
	    d > xf_days_in_month(y, mo))
		return 0;
	if (i < len) {
		if ((s[i] != 'T' && s[i] != ' ') || (i++,
		    (h = digits(s, len, &i, 2)) < 0) || h > 23 || i >= len ||
		    s[i++] != ':' || (mi = digits(s, len, &i, 2)) < 0 ||
		    mi > 59)
			return 0;
		if (i < len && s[i] == ':' && (i++,
		    (sec = digits(s, len, &i, 2)) < 0 || sec > 59))
			return 0;
		if (i < len && s[i] == '.')
			for (i++; i < len && xf_isdigit(s[i]); i++) {
				frac += (s[i] - '0') * scale;
				scale /= 10;
			}
		if (i < len && s[i] == 'Z')
			i++;
		else if (i < len && (s[i] == '+' || s[i] == '-')) {
			i++;
			if ((f = digits(s, len, &i, 2)) < 0 || f > 23)
				return 0;
			if (i < len && s[i] == ':')
				i++;
			if (i < len && digits(s, len, &i, 2) < 0)
				return 0;
		}
		if (i != len)
			return 0;
	}
	dt->year = y;
	dt->month = (uint8_t)mo;
	dt->day = (uint8_t)d;
	dt->hour = (uint8_t)h;
	dt->min = (uint8_t)mi;
	dt->sec = sec + frac;
	return len == 10 ? 2 : 1;
}

/*
 * How the cell c of column col is written: the text CSV would have
 * (masked, in Chinese, ...), typed.  Text fields (ids, ID numbers,
 * phones, refs, region codes) are always text; dates are dates in a
 * column of dates; booleans are booleans (是/否 in Chinese); integers
 * and JSON numbers are numbers, but for an integer of more digits than
 * a double keeps.  -1 (memory).
 */
static int
xlsx_value(struct xf_writer *w, const struct col *col, const struct cell *c,
    struct xval *x)
{
	char	 num[64], *end;
	size_t	 n;
	int	 lit, text;

	x->kind = XK_TEXT;
	if ((lit = value_form(w, c, 1, &x->s, &x->len)) == -1)
		return -1;
	text = c->field >= 0 && xf_field_type(c->field) == XF_T_TEXT;
	if (x->len == 0 || (lit && x->len == 4 &&
	    memcmp(x->s, "null", 4) == 0))
		x->kind = XK_BLANK;
	else if (col->kind == COL_DATE && !lit)
		switch (date_value(x->s, x->len, &x->dt)) {
		case 1:
			x->kind = XK_TIME;
			break;
		case 2:
			x->kind = XK_DAY;
			break;
		}
	else if (!lit || text)
		;
	else if ((x->len == 4 && memcmp(x->s, "true", 4) == 0) ||
	    (x->len == 5 && memcmp(x->s, "false", 5) == 0)) {
		x->kind = XK_BOOL;
		x->num = x->len == 4;
		if (w->flags & XF_W_LANG_ZH) {
			x->kind = XK_TEXT;
			x->s = x->num ? "是" : "否";
			x->len = strlen(x->s);
		}
	} else if (x->len < sizeof(num) && is_number(x->s, x->len)) {
		memcpy(num, x->s, x->len);
		num[x->len] = '\0';
		x->num = strtod(num, &end);
		n = strspn(num, "-+0");
		if (*end != '\0' || !isfinite(x->num) ||
		    (strspn(num + n, "0123456789") > 15 && num[0] != '.'))
			return 0;
		x->kind = col->kind == COL_PERCENT ? XK_PERCENT : XK_NUMBER;
		if (x->kind == XK_PERCENT)
			x->num /= 100;
	}
	return 0;
}

/* The characters of s (len bytes of UTF-8). */
static size_t
utf8_chars(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* The columns s takes, as a terminal shows it; up to max. */
static size_t
text_width(const char *s, size_t len, size_t max)
{
	size_t		 i, n, width = 0;
	uint32_t	 cp;

	for (i = 0; i < len && width < max; i += n) {
		n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		width += char_width(cp);
	}
	return width;
}

/*
 * At xf_writer_put(): refuse a cell a workbook cannot hold, and widen
 * its column to its value.
 */
static int
xlsx_check(struct xf_writer *w, const xf_record *r, size_t k)
{
	struct col	*col = &w->cols[k];
	struct xval	 x;
	const char	*id;
	char		 rec[32];
	size_t		 n, width = 0;

	if (xlsx_value(w, col, &w->cells[k], &x) == -1)
		return -1;
	switch (x.kind) {
	case XK_BLANK:
		break;
	case XK_TEXT:
		if (x.len > XLSX_CELL_MAX &&
		    (n = utf8_chars(x.s, x.len)) > XLSX_CELL_MAX) {
			/* The case, or the record's place in the output. */
			if ((id = xf_record_get(r, XF_F_ID)) == NULL ||
			    *id == '\0') {
				snprintf(rec, sizeof(rec), "record %llu",
				    (unsigned long long)w->nrec + 1);
				id = rec;
			}
			errno = EFBIG;
			return writer_fail(w, "%s: field '%s': %zu characters, "
			    "more than a spreadsheet cell holds (%d): use -f "
			    "csv or -f json", id, col->key != NULL ? col->key :
			    xf_field_name(col->field), n, XLSX_CELL_MAX);
		}
		width = text_width(x.s, x.len, XLSX_WIDTH_MAX);
		break;
	case XK_NUMBER:
		width = x.len;
		break;
	case XK_PERCENT:
		width = 6;
		break;
	case XK_BOOL:
		width = 5;
		break;
	case XK_TIME:
		width = 19;
		break;
	case XK_DAY:
		width = 10;
		break;
	}
	if (width > col->width)
		col->width = width;
	return 0;
}

/* Whether s[i..] is "_xHHHH_", which a workbook reads as an escape. */
static int
escape_like(const char *s, size_t len, size_t i)
{
	size_t	 k;

	if (len - i < 7 || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_')
		return 0;
	for (k = i + 2; k < i + 6; k++)
		if (!xf_isdigit(s[k]) && !((s[k] | 0x20) >= 'a' &&
		    (s[k] | 0x20) <= 'f'))
			return 0;
	return 1;
}

/*
 * s as the text of a cell, NUL-terminated: bytes that are not UTF-8, a
 * NUL and U+FFFE and U+FFFF (not XML) as U+FFFD; "_xHHHH_" as
 * "_x005F_xHHHH_", so that it is read back as written.  (libxlsxwriter
 * writes the control characters as such escapes.)  NULL (memory).
 */
static const char *
xlsx_text(struct xf_writer *w, const char *s, size_t len)
{
	struct xf_buf	*b = &w->xtext;
	size_t		 i, n;
	uint32_t	 cp;

	for (i = 0; i < len; i += n) {
		n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (cp == 0 || cp == 0xfffe || cp == 0xffff ||
		    (cp == 0xfffd && n == 1) || (cp == '_' &&
		    escape_like(s, len, i)))
			break;
	}
	if (i == len && s[len] == '\0')
		return s;
	xf_buf_reset(b);
	if (xf_buf_add(b, s, i) == -1)
		return NULL;
	for (; i < len; i += n) {
		n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (cp == 0 || cp == 0xfffe || cp == 0xffff ||
		    (cp == 0xfffd && n == 1)) {
			if (xf_buf_add(b, "\xef\xbf\xbd", 3) == -1)
				return NULL;
		} else if (cp == '_' && escape_like(s, len, i)) {
			if (xf_buf_adds(b, "_x005F_") == -1)
				return NULL;
		} else if (xf_buf_add(b, s + i, n) == -1)
			return NULL;
	}
	if (xf_buf_add(b, "", 0) == -1)
		return NULL;
	return b->p;
}

/* The formats of a workbook's cells. */
struct xfmt {
	lxw_format	*header;
	lxw_format	*time;
	lxw_format	*day;
	lxw_format	*percent;
};

static int
xlsx_failed(struct xf_writer *w, lxw_error e)
{
	errno = EIO;
	return writer_fail(w, "the workbook: %s", lxw_strerror(e));
}

/* A new sheet of rows records: widths, header, frozen, filtered. */
static lxw_worksheet *
xlsx_sheet(struct xf_writer *w, lxw_workbook *wb, const struct xfmt *fm,
    uint64_t rows)
{
	lxw_worksheet	*ws;
	const char	*name, *s;
	size_t		 k, width;
	lxw_error	 e = LXW_NO_ERROR;

	if ((ws = workbook_add_worksheet(wb, NULL)) == NULL) {
		writer_fail(w, "the workbook: cannot add a sheet");
		return NULL;
	}
	for (k = 0; k < w->ncols && e == LXW_NO_ERROR; k++) {
		name = col_name(w, k);
		width = text_width(name, strlen(name), XLSX_WIDTH_MAX);
		if (w->cols[k].width > width)
			width = w->cols[k].width;
		if (width > XLSX_WIDTH_MAX)
			width = XLSX_WIDTH_MAX;
		if ((s = xlsx_text(w, name, strlen(name))) == NULL)
			return NULL;
		e = worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k,
		    (double)width + 2, NULL);
		if (e == LXW_NO_ERROR)
			e = worksheet_write_string(ws, 0, (lxw_col_t)k, s,
			    fm->header);
	}
	if (e == LXW_NO_ERROR && w->ncols > 0) {
		worksheet_freeze_panes(ws, 1, 0);
		e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows,
		    (lxw_col_t)(w->ncols - 1));
	}
	if (e != LXW_NO_ERROR) {
		xlsx_failed(w, e);
		return NULL;
	}
	return ws;
}

/* The cells of one record in row of ws. */
static int
xlsx_row(struct xf_writer *w, lxw_worksheet *ws, lxw_row_t row,
    const struct xfmt *fm)
{
	struct xval	 x;
	const char	*s;
	lxw_col_t	 k;
	lxw_error	 e = LXW_NO_ERROR;

	for (k = 0; k < w->ncols; k++) {
		if (w->cells[k].v == NULL)
			continue;
		if (xlsx_value(w, &w->cols[k], &w->cells[k], &x) == -1)
			return -1;
		switch (x.kind) {
		case XK_BLANK:
			break;
		case XK_TEXT:
			/* Text, never a formula, whatever it begins with. */
			if ((s = xlsx_text(w, x.s, x.len)) == NULL)
				return -1;
			e = worksheet_write_string(ws, row, k, s, NULL);
			break;
		case XK_NUMBER:
			e = worksheet_write_number(ws, row, k, x.num, NULL);
			break;
		case XK_PERCENT:
			e = worksheet_write_number(ws, row, k, x.num,
			    fm->percent);
			break;
		case XK_BOOL:
			e = worksheet_write_boolean(ws, row, k, (int)x.num,
			    NULL);
			break;
		case XK_TIME:
		case XK_DAY:
			e = worksheet_write_datetime(ws, row, k, &x.dt,
			    x.kind == XK_TIME ? fm->time : fm->day);
			break;
		}
		if (e != LXW_NO_ERROR)
			return xlsx_failed(w, e);
	}
	return 0;
}

/* Copy the file at path to the output. */
static int
copy_out(struct xf_writer *w, const char *path)
{
	char	 buf[65536];
	ssize_t	 n;
	int	 fd, rc = 0, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return writer_fail(w, "the workbook: %s", strerror(errno));
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			rc = writer_fail(w, "the workbook: %s",
			    strerror(errno));
			break;
		}
		if (fwrite(buf, 1, (size_t)n, w->out) != (size_t)n) {
			rc = -1;
			break;
		}
	}
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/*
 * The workbook, made from the spool in a temporary file by libxlsxwriter
 * in its constant-memory mode (rows in order, strings inline), then
 * copied to the output.  A sheet holds 1,048,576 rows: past them the
 * records go on in another sheet, under the same header.
 */
static int
xlsx_write(struct xf_writer *w)
{
	lxw_workbook_options	 opt = { LXW_TRUE, NULL, LXW_FALSE };
	lxw_workbook		*wb;
	lxw_worksheet		*ws = NULL;
	struct xfmt		 fm;
	const uint64_t		 per = LXW_ROW_MAX - 1;
	uint64_t		 i;
	lxw_error		 e;
	int			 fd, rc = 0;

	if (spool_rewind(w) == -1)
		return -1;
	/*
	 * A part past 4 GB needs the zip's 64-bit extensions: the sheet's
	 * XML may be that once the spool passes 1 GB.
	 */
	opt.use_zip64 = w->spooled > ((uint64_t)1 << 30);
	opt.tmpdir = (char *)xf_tmp_dir();
	if ((fd = tmp_file(w, &w->book)) == -1)
		return -1;
	close(fd);
	if ((wb = workbook_new_opt(w->book, &opt)) == NULL)
		return writer_fail(w, "the workbook: cannot make one");
	fm.header = workbook_add_format(wb);
	fm.time = workbook_add_format(wb);
	fm.day = workbook_add_format(wb);
	fm.percent = workbook_add_format(wb);
	format_set_bold(fm.header);
	format_set_num_format(fm.time, "yyyy-mm-dd hh:mm:ss");
	format_set_num_format(fm.day, "yyyy-mm-dd");
	format_set_num_format(fm.percent, "0.0%");
	for (i = 0; rc == 0 && (i == 0 || i < w->nrec); i++) {
		if (i % per == 0 && (ws = xlsx_sheet(w, wb, &fm,
		    w->nrec - i < per ? w->nrec - i : per)) == NULL)
			rc = -1;
		else if (i < w->nrec && (spool_next(w) == -1 ||
		    xlsx_row(w, ws, (lxw_row_t)(i % per + 1), &fm) == -1))
			rc = -1;
	}
	if ((e = workbook_close(wb)) != LXW_NO_ERROR && rc == 0)
		rc = xlsx_failed(w, e);
	if (rc == 0)
		rc = copy_out(w, w->book);
	return rc;
}

/* ------------------------------------------------------------------ */

/* Set a table's columns, from its first record (r, or NULL), and header. */
static int
table_start(struct xf_writer *w, const xf_record *r)
{
	size_t	 i, n, guess = 0;

	if (writer_columns(w) == -1)
		return -1;
	n = r != NULL && w->plain ? xf_record_count(r) : 0;
	for (i = 0; i < n; i++)
		if (writer_col(w, r, i, 1, &guess) == SIZE_MAX &&
		    errno == ENOMEM)
			return -1;
	if ((w->widths = calloc(w->ncols + 1, sizeof(*w->widths))) == NULL ||
	    table_row(w, 1) == -1)
		return -1;
	w->header = 1;
	return 0;
}

int
xf_writer_put(xf_writer *w, const xf_record *r)
{
	w->err[0] = '\0';
	switch (w->format) {
	case XF_FORMAT_JSON:
		xf_buf_reset(&w->line);
		if (json_record(w, r) == -1)
			return -1;
		if (fwrite(w->line.p, 1, w->line.len, w->out) != w->line.len)
			return -1;
		return 0;
	case XF_FORMAT_CSV:
	case XF_FORMAT_XLSX:
		if (!w->started && writer_columns(w) == -1)
			return -1;
		if (w->spool == NULL && spool_open(w) == -1)
			return -1;
		return w->format == XF_FORMAT_CSV ? csv_put(w, r) :
		    spool_put(w, r);
	default:
		if (!w->header && table_start(w, r) == -1)
			return -1;
		if (writer_cells(w, r, 0) == -1)
			return -1;
		return table_row(w, 0);
	}
}

/*
 * Without a record, CSV still has its header, an item's table its
 * header line and a workbook a sheet; a plain writer knows no columns
 * and writes no CSV nor table.
 */
int
xf_writer_finish(xf_writer *w)
{
	int	 rc = 0, saved;

	w->err[0] = '\0';
	if (w->format != XF_FORMAT_JSON && !w->done) {
		w->done = 1;
		if (w->format == XF_FORMAT_TABLE)
			rc = (w->header || w->plain || table_start(w, NULL) !=
			    -1) && table_print(w) != -1 ? 0 : -1;
		else if (!w->started && writer_columns(w) == -1)
			rc = -1;
		else
			rc = w->format == XF_FORMAT_CSV ? csv_write(w) :
			    xlsx_write(w);
		saved = errno;
		if (w->spool != NULL)
			fclose(w->spool);
		w->spool = NULL;
		if (w->book != NULL)
			unlink(w->book);
		errno = saved;
		if (rc == -1)
			return -1;
	}
	if (fflush(w->out) == EOF)
		return -1;
	return 0;
}

void
xf_writer_free(xf_writer *w)
{
	size_t	 i;

	if (w == NULL)
		return;
	writer_columns_release(w);
	for (i = 0; i < w->npercent; i++)
		free(w->percent[i]);
	free(w->percent);
	for (i = 0; i < w->npcols; i++)
		free(w->pcols[i].pattern);
	free(w->pcols);
	kcache_clear(w);
	if (w->spool != NULL)
		fclose(w->spool);
	if (w->book != NULL)
		unlink(w->book);
	free(w->book);
	free(w->rec);
	free(w->runs);
	free(w->scratch);
	free(w->tab);
	xf_buf_release(&w->xtext);
	xf_buf_release(&w->fold);
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

/* Mask value (n bytes) of a personal field to o. */
static void
mask_value(int field, const char *value, size_t n, struct mask_out *o)
{
	const char	*dash;
	size_t		 nchars, k, rest;

	for (nchars = k = 0; k < n; k++)
		if (((unsigned char)value[k] & 0xc0) != 0x80)
			nchars++;
	dash = field == XF_F_PHONE ? memchr(value, '-', n) : NULL;
	rest = dash != NULL ? n - (size_t)(dash + 1 - value) : 0;
	if (field == XF_F_NAME) {
		/* The family name, the given name starred: 张**. */
		k = nchars > 1 ? char_offset(value, n, 1) : 0;
		mask_put(o, value, k);
		mask_stars(o, nchars > 1 ? nchars - 1 : nchars);
	} else if (field == XF_F_ADDRESS) {
		/*
		 * The first half, at most 6 characters (province, city,
		 * county), the rest starred: 河北省廊坊市*****.
		 */
		k = nchars / 2 < 6 ? nchars / 2 : 6;
		mask_put(o, value, char_offset(value, n, k));
		mask_stars(o, nchars - k);
	} else if (field == XF_F_ID_NUMBER && nchars == 18) {
		mask_put(o, value, char_offset(value, n, 6));
		mask_stars(o, 8);
		k = char_offset(value, n, 14);
		mask_put(o, value + k, n - k);
	} else if (field == XF_F_PHONE && n == 11 && value[0] == '1' &&
	    all_digits(value, n)) {
		mask_put(o, value, 3);
		mask_stars(o, 4);
		mask_put(o, value + 7, 4);
	} else if (dash != NULL && dash > value &&
	    all_digits(value, (size_t)(dash - value)) &&
	    rest > 4 && all_digits(dash + 1, rest)) {
		/* A landline, AREA-NUMBER. */
		k = (size_t)(dash + 1 - value);
		mask_put(o, value, k);
		mask_stars(o, n - k - 4);
		mask_put(o, value + n - 4, 4);
	} else {
		k = nchars > 4 ? nchars - 4 : 0;
		mask_stars(o, k);
		k = char_offset(value, n, k);
		mask_put(o, value + k, n - k);
	}
}

/*
 * For a field that is not personal, the value itself; else buf, cut on a
 * character if it is too small (NULL when buf is NULL or len is 0).
 */
const char *
xf_mask(int field, const char *value, char *buf, size_t len)
{
	struct mask_out	 o = { buf, len };

	if (!xf_personal(field))
		return value;
	if (buf == NULL || len == 0)
		return NULL;
	mask_value(field, value, strlen(value), &o);
	*o.p = '\0';
	return buf;
}

/* ------------------------------------------------------------------ */
/* Columns that hold personal data by their names                      */

/*
 * The names that say a column the model does not know holds personal
 * data, matched as parts of its name (ASCII letters in any case), and
 * the kind of data.  The kinds are tried in the order of kind_order,
 * the office's patterns (xf_writer_personal()) with the built-in ones:
 * "联系人电话" is a phone, "信访人住址" an address, "身份证号码" an ID
 * number.  An address comes first as its mask leaves the least of a
 * value of another kind whole ("住址及电话").
 */
static const int kind_order[] = {
	XF_F_ADDRESS, XF_F_ID_NUMBER, XF_F_PHONE, XF_F_NAME
};

static const struct {
	int		 field;
	const char	*pattern;
} builtin_pcols[] = {
	{ XF_F_ADDRESS, "住址" },
	{ XF_F_ADDRESS, "地址" },
	{ XF_F_ADDRESS, "住所" },
	{ XF_F_ADDRESS, "address" },
	{ XF_F_ID_NUMBER, "身份证" },
	{ XF_F_ID_NUMBER, "证件号" },
	{ XF_F_ID_NUMBER, "id_card" },
	{ XF_F_ID_NUMBER, "idcard" },
	{ XF_F_ID_NUMBER, "id_number" },
	{ XF_F_PHONE, "电话" },
	{ XF_F_PHONE, "手机" },
	{ XF_F_PHONE, "联系方式" },
	{ XF_F_PHONE, "phone" },
	{ XF_F_PHONE, "mobile" },
	{ XF_F_NAME, "姓名" },
	{ XF_F_NAME, "信访人" },
	{ XF_F_NAME, "联系人" },
	{ XF_F_NAME, "代理人" },
	{ XF_F_NAME, "申请人" },
	{ XF_F_NAME, "当事人" },
	{ XF_F_NAME, "petitioner" },
	{ XF_F_NAME, "applicant" },
	{ XF_F_NAME, "complainant" },
	{ XF_F_NAME, "contact_person" },
	{ XF_F_NAME, "contact_name" },
	{ XF_F_NAME, "full_name" }
};

/* Whether s has pat (ASCII letters in lower case) in it, in any case. */
static int
has_part(const char *s, const char *pat)
{
	size_t		 i;
	unsigned char	 c;

	for (; *s != '\0'; s++) {
		for (i = 0; pat[i] != '\0'; i++) {
			c = (unsigned char)s[i];
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			if (c != (unsigned char)pat[i])
				break;
		}
		if (pat[i] == '\0')
			return 1;
	}
	return 0;
}

/* The kind of personal data a column named key holds, or -1. */
static int
column_kind(const struct xf_writer *w, const char *key)
{
	size_t	 i, k;
	int	 f;

	for (k = 0; k < sizeof(kind_order) / sizeof(*kind_order); k++) {
		f = kind_order[k];
		for (i = 0; i < sizeof(builtin_pcols) /
		    sizeof(*builtin_pcols); i++)
			if (builtin_pcols[i].field == f &&
			    has_part(key, builtin_pcols[i].pattern))
				return f;
		for (i = 0; i < w->npcols; i++)
			if (w->pcols[i].field == f &&
			    has_part(key, w->pcols[i].pattern))
				return f;
	}
	return -1;
}

/* The length of what separates two names at s, or 0. */
static size_t
name_sep(const char *s, size_t n)
{
	if (*s == ',' || *s == ';')
		return 1;
	if (n >= 3 && (memcmp(s, "、", 3) == 0 || memcmp(s, "，", 3) == 0 ||
	    memcmp(s, "；", 3) == 0))
		return 3;
	return xf_space_len(s, n);
}

/* Names separated by 、 , ， ; ； or spaces: each masked as a name. */
static void
mask_names(const char *v, size_t len, struct mask_out *o)
{
	size_t	 i, j, k;

	for (i = 0; i < len; i = j) {
		if ((k = name_sep(v + i, len - i)) > 0) {
			mask_put(o, v + i, k);
			j = i + k;
			continue;
		}
		for (j = i; j < len && name_sep(v + j, len - j) == 0; j++)
			;
		mask_value(XF_F_NAME, v + i, j - i, o);
	}
}

static int
is_alnum(char c)
{
	return xf_isdigit(c) || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static size_t
count_digits(const char *s, size_t n)
{
	size_t	 i, d = 0;

	for (i = 0; i < n; i++)
		d += xf_isdigit(s[i]);
	return d;
}

/*
 * ID numbers in a text: a run of ASCII letters and digits with at least
 * 6 digits is masked as an ID number (18 characters: 110101********1234;
 * any other length, a 15-digit one too, keeps its last four).
 */
static void
mask_id_numbers(const char *v, size_t len, struct mask_out *o)
{
	size_t	 i, j;

	for (i = 0; i < len; i = j) {
		if (!is_alnum(v[i])) {
			mask_put(o, v + i, 1);
			j = i + 1;
			continue;
		}
		for (j = i; j < len && is_alnum(v[j]); j++)
			;
		if (count_digits(v + i, j - i) >= 6)
			mask_value(XF_F_ID_NUMBER, v + i, j - i, o);
		else
			mask_put(o, v + i, j - i);
	}
}

/*
 * Phone numbers in a text: a run of digits, '+', '-' and spaces, from a
 * digit (or a '+' before one) to a digit, with at least 5 digits, is
 * masked as a phone number (138****1234, 0371-****5678, else all but
 * the last four); split at its spaces when each part has 7 digits or
 * more ("13812341234 13912341234"), else masked whole ("138 1234 1234").
 */
static void
mask_phones(const char *v, size_t len, struct mask_out *o)
{
	size_t	 i, j, end, k, p;
	int	 split;

	for (i = 0; i < len; i = end) {
		if (!xf_isdigit(v[i]) && !(v[i] == '+' && i + 1 < len &&
		    xf_isdigit(v[i + 1]))) {
			mask_put(o, v + i, 1);
			end = i + 1;
			continue;
		}
		for (j = end = i; j < len && (xf_isdigit(v[j]) ||
		    v[j] == '+' || v[j] == '-' || v[j] == ' '); j++)
			if (xf_isdigit(v[j]))
				end = j + 1;
		if (count_digits(v + i, end - i) < 5) {
			mask_put(o, v + i, end - i);
			continue;
		}
		split = memchr(v + i, ' ', end - i) != NULL;
		for (k = i; split && k < end; k = p) {
			for (p = k; p < end && v[p] != ' '; p++)
				;
			split = p == k || count_digits(v + k, p - k) >= 7;
			for (; p < end && v[p] == ' '; p++)
				;
		}
		if (!split) {
			mask_value(XF_F_PHONE, v + i, end - i, o);
			continue;
		}
		for (k = i; k < end; k = p) {
			for (p = k; p < end && v[p] == ' '; p++)
				;
			mask_put(o, v + k, p - k);
			for (k = p; p < end && v[p] != ' '; p++)
				;
			mask_value(XF_F_PHONE, v + k, p - k, o);
		}
	}
}

/*
 * v (len bytes) of a column of kind masked into out, which has room for
 * len + 1 bytes (what is masked is never longer), NUL-terminated, its
 * length in *outlen.  An ID number's and a phone's column is read with
 * full-width digits as digits (xf_ascii_fold()).  0, or -1 (memory).
 */
static int
column_mask(struct xf_writer *w, int kind, const char *v, size_t len,
    char *out, size_t *outlen)
{
	struct mask_out	 o = { out, len + 1 };
	size_t		 n;

	*outlen = 0;
	*out = '\0';
	if (len == 0)
		return 0;
	switch (kind) {
	case XF_F_NAME:
		mask_names(v, len, &o);
		break;
	case XF_F_ADDRESS:
		mask_value(XF_F_ADDRESS, v, len, &o);
		break;
	default:
		xf_buf_reset(&w->fold);
		if (xf_buf_add(&w->fold, v, len) == -1)
			return -1;
		n = xf_ascii_fold(w->fold.p, len, w->fold.p);
		if (kind == XF_F_ID_NUMBER)
			mask_id_numbers(w->fold.p, n, &o);
		else
			mask_phones(w->fold.p, n, &o);
		break;
	}
	*o.p = '\0';
	*outlen = (size_t)(o.p - out);
	return 0;
}
