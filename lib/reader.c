/*
 * reader.c - reading records: CSV, NDJSON or bare ids, in any encoding
 *
 * The input is read in chunks with read(2), converted to UTF-8 with
 * iconv(3) when an encoding is given, checked to be UTF-8, and handed to
 * the parser of its format.  Memory holds a chunk and the longest line
 * (NDJSON, ids) or row (CSV), never the whole input.  The text of the
 * CSV row being parsed is kept (up to RAW_MAX bytes), so that a row
 * found malformed can be handed out as it was written and the lines
 * after it parsed again (csv_resync()).
 *
 * The text buffer: text[0, tpos) is consumed, text[tpos, tend) is checked
 * UTF-8 waiting to be parsed, text[tend, tlen) the start of a character
 * whose end has not been read yet.  Line numbers are physical lines: a
 * line feed ends a line, a carriage return alone does not.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <csv.h>

#include "xf-private.h"

#define READ_CHUNK	65536	/* bytes asked of each read(2) */
#define READ_CHUNK_MAX	(16 * 1024 * 1024)
#define RAW_MAX		(16 * 1024 * 1024)	/* a malformed row kept */

#define CSV_OPTIONS	(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | \
			 CSV_APPEND_NULL)

static const char utf8_why[] =
    "not valid UTF-8 (if the file is GB18030, give --encoding gb18030)";
static const char raw_why[] =
    "raw: a record rejected as malformed CSV: put its values in the "
    "columns and empty this cell";

/*
 * What a column is to the record.  In a reject file, one with a column
 * named "error" (cmd_reject() adds it), the columns error, sheet and row
 * are dropped, and raw is dropped when empty.
 */
enum col_kind {
	COL_VALUE,		/* a pair of the record */
	COL_DROP,		/* not read */
	COL_RAW			/* a malformed row's text: bad unless empty */
};

/* A piece of a buffer: a CSV cell or a column name. */
struct span {
	size_t	off;
	size_t	len;
};

/* A CSV row parsed and not yet handed out. */
struct row {
	size_t	first;		/* its first cell in cells */
	size_t	n;		/* its number of cells */
	long	line;		/* the line it starts on */
};

struct xf_reader {
	int		 fd;
	int		 ownfd;		/* opened here, so closed here */
	char		*file;		/* the name for origins: path or "-" */
	enum xf_format	 format;
	size_t		 chunk;		/* bytes asked of each read(2) */
	uint64_t	 done;
	uint64_t	 total;

	iconv_t		 cd;		/* (iconv_t)-1 for UTF-8 input */
	char		*encoding;	/* as given, for messages */
	char		*raw;		/* input iconv has not converted yet */
	size_t		 rlen;
	size_t		 rcap;
	int		 rmore;		/* iconv needs more input to go on */

	char		*text;		/* UTF-8 text, see above */
	size_t		 tcap;
	size_t		 tpos;
	size_t		 tend;
	size_t		 tlen;
	size_t		 scan;		/* bytes after tpos without a LF */
	int		 eof;		/* read(2) has returned 0 */
	int		 bomdone;	/* the start was checked for a BOM */
	char		 why[128];	/* why the text stops at tend */
	int		 whyline;	/* whether the line belongs with why */

	long		 line;		/* physical line of text[tpos] */
	int		 stuck;		/* an error was reported */
	char		 msg[256];

	struct csv_parser csv;
	size_t		 csvblk;	/* what libcsv adds when it grows */
	int		 csvstop;	/* a callback ran out of memory */
	int		 csvend;	/* csv_fini has been called */
	int		 csvbad;	/* libcsv's error, once rows are out */
	long		 csvbadline;
	const char	*csvbadwhy;	/* what was malformed */
	size_t		 keep;		/* text[keep] starts the row parsed */
	int		 keeping;	/* and text[keep, tpos) is still there */
	int		 rowcr;		/* a carriage return ended a row */
	struct xf_buf	 cellbuf;	/* text of the cells below */
	struct span	*cells;
	size_t		 ncells;
	size_t		 cellcap;
	size_t		 rowfirst;	/* first cell of the row being parsed */
	long		 rowline;	/* line of the row being parsed */
	int		 rownext;	/* the next row starts a line */
	struct row	*rows;
	size_t		 nrows;
	size_t		 rowpos;	/* rows before this are handed out */
	size_t		 rowcap;
	int		 header;	/* the header row has been read */
	struct xf_buf	 names;		/* column names, NUL-terminated */
	struct span	*cols;
	int		*colfield;	/* the field each column names, or -1 */
	enum col_kind	*colkind;
	size_t		 ncols;

	char		 push[8];	/* a pipe's first bytes, looked at */
	size_t		 npush;
	size_t		 pushpos;
	long		 blank;		/* rows skipped in this file or */
	long		 totals;	/* sheet: blank ones, totals */
	struct xf_buf	 notes;		/* notices not handed out yet */
	size_t		 notepos;

	/* A workbook: */
	struct xf_book	*book;
	char		**sel;		/* the sheets asked for */
	size_t		 nsel;
	int		 allsheets;
	long		 headrow;	/* the header's row, or 0: found */
	int		*plan;		/* the sheets to read, in order */
	size_t		 nplan;
	size_t		 planpos;
	int		 sheetopen;
	int		 sheetrows;	/* the open sheet held a row */
	const char	*sheet;		/* its name (the book's) */
	int		*colat;		/* the sheet column of each column */
	long		 lastrow;	/* the row read last */
};

/* Keep a message, "line N: " first when line is not 0, and get stuck. */
static int
reader_fail(struct xf_reader *rd, long line, const char *fmt, ...)
{
	va_list	 ap;
	int	 n = 0;

	if (line > 0)
		n = snprintf(rd->msg, sizeof(rd->msg), "line %ld: ", line);
	va_start(ap, fmt);
	xf_verrf(rd->msg + n, sizeof(rd->msg) - n, fmt, ap);
	va_end(ap);
	rd->stuck = 1;
	return -1;
}

/* Report why the text stopped, at line. */
static int
reader_stop(struct xf_reader *rd, long line)
{
	return reader_fail(rd, rd->whyline ? line : 0, "%s", rd->why);
}

/*
 * A row that cannot be taken as it is: the message (without the line,
 * which the record's origin gives), and reading goes on.
 */
static int
reader_bad(struct xf_reader *rd, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	xf_verrf(rd->msg, sizeof(rd->msg), fmt, ap);
	va_end(ap);
	return XF_READ_BAD;
}

/* Queue a notice for xf_reader_notice(); dropped when out of memory. */
static void
reader_note(struct xf_reader *rd, const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[512];

	va_start(ap, fmt);
	xf_verrf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (xf_buf_add(&rd->notes, buf, strlen(buf) + 1) == -1)
		xf_buf_reset(&rd->notes);
}

/* The rows skipped in a file or sheet (prefix: "" or "sheet: "). */
static void
reader_note_skipped(struct xf_reader *rd, const char *prefix)
{
	if (rd->blank > 0 && rd->totals > 0)
		reader_note(rd, "%s%ld blank row%s and %ld total row%s "
		    "skipped", prefix, rd->blank, rd->blank > 1 ? "s" : "",
		    rd->totals, rd->totals > 1 ? "s" : "");
	else if (rd->blank > 0)
		reader_note(rd, "%s%ld blank row%s skipped", prefix,
		    rd->blank, rd->blank > 1 ? "s" : "");
	else if (rd->totals > 0)
		reader_note(rd, "%s%ld total row%s skipped", prefix,
		    rd->totals, rd->totals > 1 ? "s" : "");
	rd->blank = rd->totals = 0;
}

/* Take the spaces off both ends of s (len bytes). */
static void
text_trim(const char **s, size_t *len)
{
	const unsigned char	*e;
	size_t			 k;

	while (*len > 0 && (k = xf_space_len(*s, *len)) > 0) {
		*s += k;
		*len -= k;
	}
	for (;;) {
		e = (const unsigned char *)*s + *len;
		if (*len >= 1 && xf_space_len((const char *)e - 1, 1) == 1)
			*len -= 1;
		else if (*len >= 2 && e[-2] == 0xC2 && e[-1] == 0xA0)
			*len -= 2;
		else if (*len >= 3 && e[-3] == 0xE3 && e[-2] == 0x80 &&
		    e[-1] == 0x80)
			*len -= 3;
		else
			break;
	}
}

/* Whether a cell holds nothing but spaces. */
static int
text_blank(const char *s, size_t len)
{
	text_trim(&s, &len);
	return len == 0;
}

/*
 * Whether the first cell of a row that holds something marks a total
 * row: 合计, 总计 or 小计, spaces between the characters allowed.
 */
static int
text_total(const char *s, size_t len)
{
	static const char *const words[] = { "合计", "总计", "小计" };
	char	 t[6];
	size_t	 i, k, n = 0;

	while (len > 0 && n < sizeof(t)) {
		if ((k = xf_space_len(s, len)) == 0) {
			t[n++] = *s;
			k = 1;
		}
		s += k;
		len -= k;
	}
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (n == sizeof(t) && memcmp(t, words[i], sizeof(t)) == 0)
			return 1;
	return 0;
}

static ssize_t
reader_read(struct xf_reader *rd, char *buf, size_t len)
{
	ssize_t	 n;

	/* The first bytes of a pipe, read to tell a workbook apart. */
	if (rd->pushpos < rd->npush) {
		n = (ssize_t)(rd->npush - rd->pushpos);
		if ((size_t)n > len)
			n = (ssize_t)len;
		memcpy(buf, rd->push + rd->pushpos, (size_t)n);
		rd->pushpos += (size_t)n;
		rd->done += (uint64_t)n;
		return n;
	}
	do
		n = read(rd->fd, buf, len);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		snprintf(rd->why, sizeof(rd->why), "read error: %s",
		    strerror(errno));
		rd->whyline = 0;
		return -1;
	}
	if (n == 0)
		rd->eof = 1;
	rd->done += (uint64_t)n;
	return n;
}

/*
 * Convert what iconv has been given, reading another chunk first when it
 * needs more; the UTF-8 goes to text[tlen...].  Returns 0 (a read error
 * or bad input is left in why), or -1 when out of memory.
 */
static int
reader_convert(struct xf_reader *rd)
{
	char	*in, *out;
	size_t	 inleft, outleft, r = 0;
	ssize_t	 n;
	int	 e = 0;

	if (rd->rmore) {
		in = xf_grow(rd->raw, &rd->rcap, rd->rlen + rd->chunk, 1);
		if (in == NULL)
			return -1;
		rd->raw = in;
		n = reader_read(rd, rd->raw + rd->rlen, rd->chunk);
		if (n == -1)
			return 0;
		rd->rlen += (size_t)n;
	}
	in = rd->raw;
	inleft = rd->rlen;
	out = rd->text + rd->tlen;
	outleft = rd->tcap - rd->tlen - 1;
	if (inleft > 0) {
		r = iconv(rd->cd, &in, &inleft, &out, &outleft);
		e = errno;
	}
	if (r == (size_t)-1 && (e == EILSEQ || (e == EINVAL && rd->eof))) {
		snprintf(rd->why, sizeof(rd->why), "not valid %s",
		    rd->encoding);
		rd->whyline = 1;
	}
	rd->rmore = r != (size_t)-1 || e != E2BIG;
	if (rd->eof && inleft == 0)
		iconv(rd->cd, NULL, NULL, &out, &outleft);
	rd->tlen = (size_t)(out - rd->text);
	if (inleft > 0)
		memmove(rd->raw, in, inleft);
	rd->rlen = inleft;
	return 0;
}

/*
 * Make more text available after tend, keeping what is not consumed
 * (and the CSV row being parsed, from keep).  Returns 1 when there may
 * be more (look, and call again if not), 0 at the end of the input, -1
 * when the text stops at tend for the reason in why.
 */
static int
reader_fill(struct xf_reader *rd)
{
	size_t	 room, old, bad, base;
	ssize_t	 n;
	char	*p;

	for (;;) {
		if (rd->why[0] != '\0')
			return -1;
		if (rd->eof && rd->rlen == 0)
			return 0;
		base = rd->keeping ? rd->keep : rd->tpos;
		if (base > 0) {
			memmove(rd->text, rd->text + base, rd->tlen - base);
			rd->tend -= base;
			rd->tlen -= base;
			rd->tpos -= base;
			if (rd->keeping)
				rd->keep -= base;
		}
		/* Any encoding takes at most 4 bytes of UTF-8 per byte. */
		room = rd->cd == (iconv_t)-1 ? rd->chunk : 4 * rd->chunk + 16;
		p = xf_grow(rd->text, &rd->tcap, rd->tlen + room + 1, 1);
		if (p == NULL) {
			snprintf(rd->why, sizeof(rd->why), "out of memory");
			rd->whyline = 0;
			return -1;
		}
		rd->text = p;
		old = rd->tend;
		if (rd->cd == (iconv_t)-1) {
			n = reader_read(rd, rd->text + rd->tlen, rd->chunk);
			if (n > 0)
				rd->tlen += (size_t)n;
		} else if (reader_convert(rd) == -1) {
			snprintf(rd->why, sizeof(rd->why), "out of memory");
			rd->whyline = 0;
			return -1;
		}
		bad = rd->tlen - rd->tend;
		if (!xf_utf8_valid(rd->text + rd->tend, rd->tlen - rd->tend,
		    !rd->eof, &bad)) {
			rd->tlen = rd->tend + bad;
			snprintf(rd->why, sizeof(rd->why), "%s", utf8_why);
			rd->whyline = 1;
		}
		rd->tend += bad;
		if (!rd->bomdone && rd->tend > 0) {
			rd->bomdone = 1;
			if (rd->tend >= 3 && memcmp(rd->text, "\xEF\xBB\xBF",
			    3) == 0)
				rd->tpos = 3;
		}
		if (rd->tend > old)
			return 1;
	}
}

/*
 * The next line, NUL-terminated in place of its line feed.  Returns 1,
 * 0 at the end, or -1 on error.
 */
static int
reader_line(struct xf_reader *rd, char **s, size_t *len, long *line)
{
	char	*nl = NULL;
	size_t	 n;
	int	 k;

	for (;;) {
		n = rd->tend - rd->tpos - rd->scan;
		if (n > 0)
			nl = memchr(rd->text + rd->tpos + rd->scan, '\n', n);
		if (nl != NULL)
			break;
		rd->scan += n;
		k = reader_fill(rd);
		if (k == -1)
			return reader_stop(rd, rd->line);
		if (k == 0) {
			if (rd->tpos == rd->tend)
				return 0;
			nl = rd->text + rd->tend;
			break;
		}
	}
	*s = rd->text + rd->tpos;
	*len = (size_t)(nl - *s);
	rd->tpos += *len;
	if (rd->tpos < rd->tend)
		rd->tpos++;	/* the line feed */
	*nl = '\0';
	*line = rd->line++;
	rd->scan = 0;
	return 1;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int
is_idchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/*
 * Tell the format from the start of the input: '{' first is NDJSON; a
 * first line of one word of [A-Za-z0-9_-] that names no field is a bare
 * id; anything else CSV.  Empty input leaves the format undecided.
 */
static void
reader_detect(struct xf_reader *rd)
{
	size_t	 i = 0, start = 0, end;
	int	 c, k, inword = 0;

	for (;;) {
		for (; rd->tpos + i < rd->tend; i++) {
			c = (unsigned char)rd->text[rd->tpos + i];
			if (!inword) {
				if (is_blank(c) || c == '\n')
					continue;
				if (c == '{') {
					rd->format = XF_FORMAT_JSON;
					return;
				}
				inword = 1;
				start = i;
			}
			if (c == '\n')
				break;
			if (!is_idchar(c) && !is_blank(c)) {
				rd->format = XF_FORMAT_CSV;
				return;
			}
		}
		if (rd->tpos + i < rd->tend)
			break;
		k = reader_fill(rd);
		if (k == -1) {
			/* The CSV reader meets the error on its line. */
			rd->format = XF_FORMAT_CSV;
			return;
		}
		if (k == 0) {
			if (!inword)
				return;
			break;
		}
	}
	end = i;
	while (end > start &&
	    is_blank((unsigned char)rd->text[rd->tpos + end - 1]))
		end--;
	for (i = start; i < end; i++)
		if (!is_idchar((unsigned char)rd->text[rd->tpos + i]))
			break;
	if (i == end && xf_field_find(rd->text + rd->tpos + start,
	    end - start) == -1)
		rd->format = XF_FORMAT_IDS;
	else
		rd->format = XF_FORMAT_CSV;
}

/* libcsv's field callback: copy the cell to the row being parsed. */
static void
csv_cell(void *s, size_t len, void *arg)
{
	struct xf_reader	*rd = arg;
	struct span		*p;

	if (rd->csvstop)
		return;
	p = xf_grow(rd->cells, &rd->cellcap, rd->ncells + 1, sizeof(*p));
	if (p == NULL || xf_buf_add(&rd->cellbuf, s, len) == -1) {
		rd->csvstop = 1;
		return;
	}
	rd->cells = p;
	rd->cells[rd->ncells].off = rd->cellbuf.len - len;
	rd->cells[rd->ncells].len = len;
	rd->ncells++;
}

/*
 * libcsv's row callback: queue the row unless it is blank.  c is the
 * character that ended it, or -1 at the end of the input.
 */
static void
csv_row(int c, void *arg)
{
	struct xf_reader	*rd = arg;
	struct row		*p;

	if (rd->csvstop)
		return;
	if (rd->ncells > rd->rowfirst) {
		p = xf_grow(rd->rows, &rd->rowcap, rd->nrows + 1, sizeof(*p));
		if (p == NULL) {
			rd->csvstop = 1;
			return;
		}
		rd->rows = p;
		rd->rows[rd->nrows].first = rd->rowfirst;
		rd->rows[rd->nrows].n = rd->ncells - rd->rowfirst;
		rd->rows[rd->nrows].line = rd->rowline;
		rd->nrows++;
		rd->rowfirst = rd->ncells;
	}
	if (c == CSV_LF)
		rd->rownext = 1;
	else {
		rd->rowline = rd->line;
		rd->rowcr = c == CSV_CR;
	}
}

/*
 * All queued rows are handed out: start the queue again, moving the
 * cells of a row still being parsed to the front.
 */
static void
csv_compact(struct xf_reader *rd)
{
	size_t	 i, base;

	rd->nrows = rd->rowpos = 0;
	if (rd->rowfirst == rd->ncells) {
		rd->ncells = rd->rowfirst = 0;
		xf_buf_reset(&rd->cellbuf);
		return;
	}
	if (rd->rowfirst == 0)
		return;
	base = rd->cells[rd->rowfirst].off;
	memmove(rd->cellbuf.p, rd->cellbuf.p + base, rd->cellbuf.len - base);
	rd->cellbuf.len -= base;
	for (i = rd->rowfirst; i < rd->ncells; i++) {
		rd->cells[i - rd->rowfirst].off = rd->cells[i].off - base;
		rd->cells[i - rd->rowfirst].len = rd->cells[i].len;
	}
	rd->ncells -= rd->rowfirst;
	rd->rowfirst = 0;
}

/*
 * Parse the available text up to and including the next line feed, or
 * a carriage return not before it: one may end a row, and the next
 * row's text is kept from where it starts.
 */
static int
csv_feed(struct xf_reader *rd)
{
	char	*s = rd->text + rd->tpos, *nl, *cr;
	size_t	 len = rd->tend - rd->tpos;

	nl = memchr(s, '\n', len);
	if (nl != NULL)
		len = (size_t)(nl - s) + 1;
	cr = memchr(s, '\r', len);
	if (cr != NULL && cr + 1 < s + len && cr + 1 != nl) {
		len = (size_t)(cr - s) + 1;
		nl = NULL;
	}
	if (rd->rownext) {
		rd->rowline = rd->line;
		rd->rownext = 0;
		rd->keep = rd->tpos;
		rd->keeping = 1;
	}
	/* Let libcsv grow its buffer geometrically for a huge cell. */
	if (csv_get_buffer_size(&rd->csv) > rd->csvblk) {
		rd->csvblk = csv_get_buffer_size(&rd->csv);
		csv_set_blk_size(&rd->csv, rd->csvblk);
	}
	if (csv_parse(&rd->csv, s, len, csv_cell, csv_row, rd) != len) {
		/*
		 * The rows that ended before the error are handed out
		 * first, as they are when the text comes in smaller
		 * chunks: what is read must not depend on the chunk size.
		 */
		rd->csvbad = csv_error(&rd->csv);
		rd->csvbadline = rd->line;
		/*
		 * Strict mode fails on a quote in an unquoted cell, or on
		 * what follows the closing quote of a quoted one.
		 */
		rd->csvbadwhy = rd->csv.quoted ? "text after a closing quote" :
		    "a quote inside an unquoted cell";
		return 0;
	}
	if (rd->csvstop)
		return reader_fail(rd, 0, "out of memory");
	rd->tpos += len;
	if (nl != NULL)
		rd->line++;
	if (rd->rowcr) {
		rd->rowcr = 0;
		rd->keep = rd->tpos;
		rd->keeping = 1;
	} else if (rd->keeping && rd->tpos - rd->keep > RAW_MAX)
		rd->keeping = 0;
	return 0;
}

/* A column name, for finding one that appears twice. */
struct colname {
	const char	*s;
	size_t		 len;
};

static int
colname_cmp(const void *a, const void *b)
{
	const struct colname	*x = a, *y = b;
	int			 c;

	c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
	if (c != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/*
 * A column name that appears twice among the n of the header, or NULL
 * (or NULL with *nomem set).  Sorted, not compared pairwise: a header
 * of a million columns takes a second, not hours.
 */
static const char *
csv_header_twice(struct xf_reader *rd, size_t n, int *nomem)
{
	struct colname	*v;
	const char	*twice = NULL;
	size_t		 i;

	*nomem = 0;
	if (n < 2)
		return NULL;
	if ((v = reallocarray(NULL, n, sizeof(*v))) == NULL) {
		*nomem = 1;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		v[i].s = rd->names.p + rd->cols[i].off;
		v[i].len = rd->cols[i].len;
	}
	qsort(v, n, sizeof(*v), colname_cmp);
	for (i = 1; i < n && twice == NULL; i++)
		if (colname_cmp(&v[i - 1], &v[i]) == 0)
			twice = v[i].s;
	free(v);
	return twice;
}

/*
 * What each of the ncols columns is: in a reject file, one with a column
 * named "error", error, sheet and row are dropped and raw is checked.
 */
static void
reject_columns(struct xf_reader *rd)
{
	static const char *const drop[] = { "error", "sheet", "row" };
	const char	*name;
	size_t		 i, j;
	int		 reject = 0;

	for (i = 0; i < rd->ncols && !reject; i++)
		reject = strcmp(rd->names.p + rd->cols[i].off, "error") == 0;
	for (i = 0; i < rd->ncols; i++) {
		name = rd->names.p + rd->cols[i].off;
		rd->colkind[i] = COL_VALUE;
		if (!reject)
			continue;
		if (strcmp(name, "raw") == 0)
			rd->colkind[i] = COL_RAW;
		for (j = 0; j < sizeof(drop) / sizeof(drop[0]); j++)
			if (strcmp(name, drop[j]) == 0)
				rd->colkind[i] = COL_DROP;
	}
}

/* The header row: column names, trimmed, none empty, none twice. */
static int
csv_header(struct xf_reader *rd, const struct row *row)
{
	const char	*s;
	char		 q[40];
	size_t		 i, len;
	int		 nomem;

	rd->cols = calloc(row->n, sizeof(*rd->cols));
	rd->colfield = calloc(row->n, sizeof(*rd->colfield));
	rd->colkind = calloc(row->n, sizeof(*rd->colkind));
	if (rd->cols == NULL || rd->colfield == NULL || rd->colkind == NULL)
		return reader_fail(rd, 0, "out of memory");
	for (i = 0; i < row->n; i++) {
		s = rd->cellbuf.p + rd->cells[row->first + i].off;
		len = rd->cells[row->first + i].len;
		while (len > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			len--;
		}
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		if (len == 0)
			return reader_fail(rd, row->line,
			    "empty column name in column %zu", i + 1);
		rd->cols[i].off = rd->names.len;
		rd->cols[i].len = len;
		rd->colfield[i] = xf_field_find(s, len);
		if (xf_buf_add(&rd->names, s, len) == -1 ||
		    xf_buf_addc(&rd->names, '\0') == -1)
			return reader_fail(rd, 0, "out of memory");
	}
	if ((s = csv_header_twice(rd, row->n, &nomem)) != NULL)
		return reader_fail(rd, row->line, "column '%s' appears twice",
		    xf_quote(s, q, sizeof(q)));
	if (nomem)
		return reader_fail(rd, 0, "out of memory");
	rd->ncols = row->n;
	reject_columns(rd);
	rd->header = 1;
	return 0;
}

/* Count a row skipped, a total row or a blank one; 1. */
static int
skip_row(struct xf_reader *rd, int total)
{
	if (total)
		rd->totals++;
	else
		rd->blank++;
	return 1;
}

/*
 * Whether a data row is skipped: blank (every cell spaces), or a total
 * row; counted.
 */
static int
csv_skipped(struct xf_reader *rd, const struct row *row)
{
	const struct span	*c;
	size_t			 i;

	for (i = 0; i < row->n; i++) {
		c = &rd->cells[row->first + i];
		if (text_blank(rd->cellbuf.p + c->off, c->len))
			continue;
		return text_total(rd->cellbuf.p + c->off, c->len) &&
		    skip_row(rd, 1);
	}
	return skip_row(rd, 0);
}

/*
 * Column i's value into r, unless it is a reject file's column that is
 * dropped (a "raw" value sets *raw); 1 added, 0 dropped, -1 (memory).
 */
static int
put_cell(struct xf_reader *rd, xf_record *r, size_t i, const char *v,
    size_t len, int *raw)
{
	if (rd->colkind[i] == COL_DROP ||
	    (rd->colkind[i] == COL_RAW && text_blank(v, len)))
		return 0;
	if (rd->colkind[i] == COL_RAW)
		*raw = 1;
	if (xf_record_add_field(r, rd->names.p + rd->cols[i].off,
	    rd->cols[i].len, rd->colfield[i], v, len, 0) == -1)
		return reader_fail(rd, 0, "out of memory");
	return 1;
}

/*
 * A data row as a record: one pair per column, missing cells empty.
 * Empty cells past the last column are what a spreadsheet leaves; a
 * value there makes the row bad, as does a raw cell of a reject file
 * that is not empty.
 */
static int
csv_record(struct xf_reader *rd, const struct row *row, xf_record *r)
{
	const struct span	*c;
	const char		*v;
	size_t			 i, vlen, n = row->n;
	int			 raw = 0;

	while (n > rd->ncols && text_blank(rd->cellbuf.p +
	    rd->cells[row->first + n - 1].off, rd->cells[row->first + n - 1].len))
		n--;
	for (i = 0; i < rd->ncols; i++) {
		c = &rd->cells[row->first + i];
		v = i < row->n ? rd->cellbuf.p + c->off : "";
		vlen = i < row->n ? c->len : 0;
		if (put_cell(rd, r, i, v, vlen, &raw) == -1)
			return -1;
	}
	xf_record_set_origin(r, rd->file, row->line);
	if (raw)
		return reader_bad(rd, "%s", raw_why);
	if (n > rd->ncols)
		return reader_bad(rd, "%zu fields, the header has %zu", n,
		    rd->ncols);
	return 1;
}

/* What a line parsed alone gives (csv_wellformed()). */
struct probe {
	size_t	cells;		/* of the row being parsed */
	size_t	full;		/* its last cell that holds something */
	size_t	rows;		/* rows with a cell */
	size_t	rowcells;	/* and of the last of them: its cells */
	size_t	rowfull;
};

static void
probe_cell(void *s, size_t len, void *arg)
{
	struct probe	*p = arg;

	p->cells++;
	if (!text_blank(s, len))
		p->full = p->cells;
}

static void
probe_row(int c, void *arg)
{
	struct probe	*p = arg;

	(void)c;
	if (p->cells > 0) {
		p->rows++;
		p->rowcells = p->cells;
		p->rowfull = p->full;
	}
	p->cells = p->full = 0;
}

/*
 * Whether a line (len bytes, with its line feed) is on its own a
 * well-formed record: one row that parses without error and leaves no
 * quote open, of the header's number of cells (more when those past it
 * are blank, as csv_record() takes them).  1, 0, or -1 (memory).
 */
static int
csv_wellformed(struct xf_reader *rd, const char *s, size_t len)
{
	struct csv_parser	 csv;
	struct probe		 p = { 0 };
	int			 ok;

	csv_init(&csv, CSV_OPTIONS);
	csv_set_blk_size(&csv, len + 2);
	ok = csv_parse(&csv, s, len, probe_cell, probe_row, &p) == len;
	if (!ok && csv_error(&csv) != CSV_EPARSE) {
		csv_free(&csv);
		return -1;
	}
	ok = ok && csv_fini(&csv, probe_cell, probe_row, &p) == 0 &&
	    p.rows == 1 && (p.rowcells == rd->ncols ||
	    (p.rowcells > rd->ncols && p.rowfull <= rd->ncols));
	csv_free(&csv);
	return ok;
}

/* The number of line feeds in s[0, len). */
static long
count_lf(const char *s, size_t len)
{
	const char	*e = s + len;
	long		 n = 0;

	while ((s = memchr(s, '\n', (size_t)(e - s))) != NULL) {
		n++;
		s++;
	}
	return n;
}

/*
 * After a structural error in a data row (csvbad, csvbadwhy), hand out
 * the malformed record and set parsing to go on after it.  Its text is
 * from where its row starts (keep, on line rowline) to the end of the
 * line where the error was found (for a quote open at the end of the
 * input: of the last line), cut before the first of those lines after
 * its first that is on its own a well-formed record (csv_wellformed())
 * if one is; parsing starts again after it, on a new parser.  Returns
 * XF_READ_BAD with the text, without its last line end, as the pair
 * raw; or -1 when the text would be longer than RAW_MAX, or an error
 * stops the reading.
 */
static int
csv_resync(struct xf_reader *rd, xf_record *r)
{
	const char	*s, *nl, *why;
	size_t		 seen, end, at, cut, len;
	long		 last;
	int		 k;

	if (!rd->keeping)
		return reader_fail(rd, rd->csvbadline, "malformed CSV (%s) "
		    "in a record over %d MiB", rd->csvbadwhy, RAW_MAX >> 20);
	/* The rest of the line of the error, which starts before tpos. */
	seen = rd->tpos - rd->keep;
	for (;;) {
		s = rd->text + rd->keep;
		nl = memchr(s + seen, '\n', rd->tend - rd->keep - seen);
		end = nl != NULL ? (size_t)(nl - s) + 1 : rd->tend - rd->keep;
		if (nl != NULL || end > RAW_MAX)
			break;
		seen = end;
		k = reader_fill(rd);
		if (k == -1)
			return reader_stop(rd, rd->line);
		if (k == 0)
			break;
	}
	if (end > RAW_MAX)
		return reader_fail(rd, rd->csvbadline, "malformed CSV (%s) "
		    "in a record over %d MiB", rd->csvbadwhy, RAW_MAX >> 20);
	/* Where the first well-formed line after the first begins. */
	s = rd->text + rd->keep;
	cut = end;
	nl = memchr(s, '\n', end);
	for (at = nl != NULL ? (size_t)(nl - s) + 1 : end; at < end;
	    at += len) {
		nl = memchr(s + at, '\n', end - at);
		len = nl != NULL ? (size_t)(nl - s) + 1 - at : end - at;
		k = csv_wellformed(rd, s + at, len);
		if (k == -1)
			return reader_fail(rd, 0, "out of memory");
		if (k == 1) {
			cut = at;
			break;
		}
	}
	last = rd->rowline + count_lf(s, cut) - (cut > 0 && s[cut - 1] ==
	    '\n');
	len = cut;
	if (len > 0 && s[len - 1] == '\n')
		len--;
	if (len > 0 && s[len - 1] == '\r' && len < cut)
		len--;
	if (xf_record_add(r, "raw", 3, s, len, 0) == -1)
		return reader_fail(rd, 0, "out of memory");
	xf_record_set_origin(r, rd->file, rd->rowline);
	/*
	 * Cut short, before the line of the error, the record ends inside
	 * a quoted cell: had its last line feed been outside one, it would
	 * have ended the row there.
	 */
	why = cut < end ? "a quoted cell is not closed" : rd->csvbadwhy;
	if (last > rd->rowline)
		reader_bad(rd, "malformed CSV (%s) in lines %ld-%ld: the "
		    "record was not read", why, rd->rowline, last);
	else
		reader_bad(rd, "malformed CSV (%s) in line %ld: the record "
		    "was not read", why, rd->rowline);
	/* Parse again from the line after it, with nothing of it left. */
	rd->tpos = rd->keep + cut;
	rd->line = last + 1;
	rd->keeping = 0;
	rd->rownext = 1;
	rd->rowcr = 0;
	rd->csvbad = 0;
	rd->csvend = 0;
	rd->nrows = rd->rowpos = 0;
	rd->ncells = rd->rowfirst = 0;
	xf_buf_reset(&rd->cellbuf);
	csv_free(&rd->csv);
	csv_init(&rd->csv, CSV_OPTIONS);
	rd->csvblk = READ_CHUNK;
	csv_set_blk_size(&rd->csv, rd->csvblk);
	return XF_READ_BAD;
}

static int
csv_next(struct xf_reader *rd, xf_record *r)
{
	const struct row	*row;
	int			 k;

	for (;;) {
		if (rd->rowpos < rd->nrows) {
			row = &rd->rows[rd->rowpos++];
			if (rd->header && csv_skipped(rd, row))
				continue;
			if (rd->header)
				return csv_record(rd, row, r);
			if (csv_header(rd, row) == -1)
				return -1;
			continue;
		}
		/* Malformed: the header stops the reading, a row does not. */
		if (rd->csvbad == CSV_EPARSE && rd->header)
			return csv_resync(rd, r);
		if (rd->csvbad == CSV_EPARSE)
			return reader_fail(rd, rd->csvbadline,
			    "malformed CSV (%s)", rd->csvbadwhy);
		if (rd->csvbad != 0)
			return reader_fail(rd, rd->csvbadline, "%s",
			    csv_strerror(rd->csvbad));
		csv_compact(rd);
		if (rd->csvend) {
			reader_note_skipped(rd, "");
			return 0;
		}
		if (rd->tpos < rd->tend) {
			if (csv_feed(rd) == -1)
				return -1;
			continue;
		}
		k = reader_fill(rd);
		if (k == -1)
			return reader_stop(rd, rd->line);
		if (k == 0) {
			rd->csvend = 1;
			if (csv_fini(&rd->csv, csv_cell, csv_row, rd) != 0) {
				rd->csvbad = CSV_EPARSE;
				rd->csvbadline = rd->rowline;
				rd->csvbadwhy = "a quoted cell is not closed at "
				    "the end of the input";
				continue;
			}
			if (rd->csvstop)
				return reader_fail(rd, 0, "out of memory");
		}
	}
}

/* The column of at in s, counted in characters from 1. */
static size_t
json_column(const char *s, const char *at)
{
	size_t	 col = 1;

	for (; s < at; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			col++;
	return col;
}

/* Where cJSON stopped, as "at column N" (in characters). */
static int
json_bad(struct xf_reader *rd, long line, const char *s, size_t len,
    const char *end)
{
	if (end == NULL || end < s || end >= s + len)
		return reader_fail(rd, line, "bad JSON (the line ends too "
		    "soon)");
	return reader_fail(rd, line, "bad JSON at column %zu",
	    json_column(s, end));
}

/*
 * Where the line escapes a NUL (\u0000), or NULL: cJSON would end the
 * string there and the rest would be lost without a word.
 */
static const char *
json_escapes_nul(const char *s, size_t len)
{
	const char	*p = s, *e = s + len;

	while ((p = memchr(p, '\\', (size_t)(e - p))) != NULL &&
	    e - p >= 2) {
		if (p[1] == 'u' && e - p >= 6 && memcmp(p + 2, "0000", 4) == 0)
			return p;
		p += 2;		/* past the escaped character, perhaps '\\' */
	}
	return NULL;
}

/*
 * Whether a member of an object of a reject file (one with a member
 * "error") is left out: error, sheet, row, and raw when it is empty.
 * Sets *raw when raw is not.
 */
static int
json_dropped(const cJSON *m, int *raw)
{
	if (strcmp(m->string, "error") == 0 ||
	    strcmp(m->string, "sheet") == 0 || strcmp(m->string, "row") == 0)
		return 1;
	if (strcmp(m->string, "raw") != 0)
		return 0;
	if (cJSON_IsString(m) && text_blank(m->valuestring,
	    strlen(m->valuestring)))
		return 1;
	*raw = 1;
	return 0;
}

/*
 * One NDJSON line as a record: strings as text, null as nothing, any
 * other value as its JSON text.
 */
static int
json_record(struct xf_reader *rd, const char *s, size_t len, long line,
    xf_record *r)
{
	cJSON		*root, *m;
	const char	*end, *nul;
	char		*t;
	int		 k, reject, raw = 0;

	/* cJSON would cut a string at a NUL byte, or skip it as a space. */
	end = s + strlen(s);
	if (end != s + len)
		return json_bad(rd, line, s, len, end);
	root = cJSON_ParseWithLengthOpts(s, len + 1, &end, 1);
	if (root == NULL)
		return json_bad(rd, line, s, len, end);
	if ((nul = json_escapes_nul(s, len)) != NULL) {
		cJSON_Delete(root);
		return reader_fail(rd, line, "a NUL character (\\u0000) in a "
		    "string at column %zu", json_column(s, nul));
	}
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return reader_fail(rd, line, "not a JSON object");
	}
	reject = cJSON_GetObjectItemCaseSensitive(root, "error") != NULL;
	for (m = root->child; m != NULL; m = m->next) {
		if (cJSON_IsNull(m) || (reject && json_dropped(m, &raw)))
			continue;
		if (cJSON_IsString(m))
			k = xf_record_add(r, m->string, strlen(m->string),
			    m->valuestring, strlen(m->valuestring), 0);
		else {
			t = cJSON_PrintUnformatted(m);
			if (t == NULL)
				k = -1;
			else {
				k = xf_record_add(r, m->string,
				    strlen(m->string), t, strlen(t), 1);
				cJSON_free(t);
			}
		}
		if (k == -1) {
			cJSON_Delete(root);
			return reader_fail(rd, 0, "out of memory");
		}
	}
	cJSON_Delete(root);
	xf_record_set_origin(r, rd->file, line);
	if (raw)
		return reader_bad(rd, "%s", raw_why);
	return 1;
}

static int
json_next(struct xf_reader *rd, xf_record *r)
{
	char	*s;
	size_t	 len, i;
	long	 line;
	int	 k;

	for (;;) {
		k = reader_line(rd, &s, &len, &line);
		if (k != 1)
			return k;
		for (i = 0; i < len && is_blank((unsigned char)s[i]); i++)
			continue;
		if (i < len)
			return json_record(rd, s, len, line, r);
	}
}

static int
ids_next(struct xf_reader *rd, xf_record *r)
{
	char	*s;
	size_t	 len;
	long	 line;
	int	 k;

	for (;;) {
		k = reader_line(rd, &s, &len, &line);
		if (k != 1)
			return k;
		while (len > 0 && is_blank((unsigned char)*s)) {
			s++;
			len--;
		}
		while (len > 0 && is_blank((unsigned char)s[len - 1]))
			len--;
		if (len == 0)
			continue;
		if (xf_record_add(r, "id", 2, s, len, 0) == -1)
			return reader_fail(rd, 0, "out of memory");
		xf_record_set_origin(r, rd->file, line);
		return 1;
	}
}

/* ------------------------------------------------------------------ */
/* Workbooks                                                           */

#define HEADER_SCAN	100	/* rows looked at for a header */

static const char zip_magic[4] = "PK\x03\x04";
static const char ole2_magic[8] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/* The kind of file its first bytes tell: a workbook's, or AUTO. */
static enum xf_format
magic_format(const char *p, size_t n)
{
	if (n >= sizeof(zip_magic) && memcmp(p, zip_magic,
	    sizeof(zip_magic)) == 0)
		return XF_FORMAT_XLSX;
	if (n >= sizeof(ole2_magic) && memcmp(p, ole2_magic,
	    sizeof(ole2_magic)) == 0)
		return XF_FORMAT_XLS;
	return XF_FORMAT_AUTO;
}

/*
 * Copy a pipe, from the bytes already read, to a private temporary file
 * for the workbook readers, which open a file by name: its name in
 * *path.  0, or -1 with err.
 */
static int
book_spool(struct xf_reader *rd, char **path, char *err, size_t errlen)
{
	char	 buf[65536];
	ssize_t	 n;
	int	 fd;

	if ((fd = xf_tmp_file(path, err, errlen)) == -1)
		return -1;
	while ((n = reader_read(rd, buf, sizeof(buf))) > 0)
		if (write(fd, buf, (size_t)n) != n)
			break;
	if (n != 0 || close(fd) == -1) {
		xf_errf(err, errlen, "a temporary file in %s: %s",
		    xf_tmp_dir(), n == -1 ? rd->why : strerror(errno));
		if (n != 0)
			close(fd);
		unlink(*path);
		free(*path);
		return -1;
	}
	return 0;
}

/*
 * Look at the first bytes for a workbook's, and open the workbook: a
 * named regular file itself, else a copy.  What was read of a pipe or
 * standard input is read again by the text readers.  0, or -1 with err.
 */
static int
book_sniff(struct xf_reader *rd, const char *path, int regular, char *err,
    size_t errlen)
{
	char	*spool = NULL;
	ssize_t	 n;
	size_t	 got = 0;

	while (got < sizeof(rd->push)) {
		if (regular)
			n = pread(rd->fd, rd->push + got,
			    sizeof(rd->push) - got, (off_t)got);
		else
			n = read(rd->fd, rd->push + got,
			    sizeof(rd->push) - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			xf_errf(err, errlen, "%s", strerror(errno));
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (!regular)
		rd->npush = got;
	rd->format = magic_format(rd->push, got);
	if (rd->format == XF_FORMAT_AUTO)
		return 0;
	if (!regular) {
		if (book_spool(rd, &spool, err, errlen) == -1)
			return -1;
		path = spool;
	}
	rd->book = rd->format == XF_FORMAT_XLSX ?
	    xf_xlsx_open(path, err, errlen) : xf_xls_open(path, err, errlen);
	if (spool != NULL) {
		unlink(spool);
		free(spool);
	}
	return rd->book == NULL ? -1 : 0;
}

/* The sheets to read, from what was asked; 0, or -1 (stuck). */
static int
book_plan(struct xf_reader *rd)
{
	struct xf_book	*bk = rd->book;
	struct xf_buf	 names = { 0 };
	const char	*name;
	char		*end;
	size_t		 i;
	long		 k;
	int		 j, n = bk->ops->nsheets(bk);

	rd->plan = calloc(n > 0 ? (size_t)n + rd->nsel : 1, sizeof(int));
	if (rd->plan == NULL)
		return reader_fail(rd, 0, "out of memory");
	if (rd->allsheets || rd->nsel == 0) {
		for (j = 0; j < n && (rd->allsheets || j < 1); j++)
			rd->plan[rd->nplan++] = j;
		return 0;
	}
	for (i = 0; i < rd->nsel; i++) {
		for (j = 0; j < n; j++) {
			name = bk->ops->sheet_name(bk, j);
			if (name != NULL && strcmp(name, rd->sel[i]) == 0)
				break;
		}
		if (j == n && xf_isdigit((unsigned char)rd->sel[i][0])) {
			errno = 0;
			k = strtol(rd->sel[i], &end, 10);
			if (errno == 0 && *end == '\0' && k >= 1 && k <= n)
				j = (int)k - 1;
		}
		if (j < n) {
			rd->plan[rd->nplan++] = j;
			continue;
		}
		for (j = 0; j < n; j++) {
			name = bk->ops->sheet_name(bk, j);
			xf_buf_printf(&names, "%s'%s'", j > 0 ? ", " : "",
			    name != NULL ? name : "");
		}
		reader_fail(rd, 0, "no sheet '%s' in the workbook (its sheets: "
		    "%s)", rd->sel[i], names.p != NULL ? names.p : "none");
		xf_buf_release(&names);
		return -1;
	}
	return 0;
}

/*
 * A cell as text: a date as the book gives it, a number as its digits up
 * to 15 of them, else as Excel shows a number of more digits than it
 * keeps (1.10101199003071E+17).
 */
static const char *
book_text(const struct xf_cell *c, char *buf, size_t len, size_t *outlen)
{
	char	*e, *m;

	switch (c->type) {
	case XF_CELL_NUMBER:
		if (c->num == 0)
			snprintf(buf, len, "0");
		else if (c->num == trunc(c->num) && fabs(c->num) < 1e15)
			snprintf(buf, len, "%.0f", c->num);
		else if (c->num == trunc(c->num)) {
			snprintf(buf, len, "%.14E", c->num);
			/* 1.10000000000000E+17 as 1.1E+17 */
			if ((e = strchr(buf, 'E')) != NULL) {
				for (m = e; m[-1] == '0'; m--)
					continue;
				if (m[-1] == '.')
					m--;
				memmove(m, e, strlen(e) + 1);
			}
		} else
			snprintf(buf, len, "%.15G", c->num);
		*outlen = strlen(buf);
		return buf;
	case XF_CELL_BOOL:
		snprintf(buf, len, "%s", c->num != 0 ? "TRUE" : "FALSE");
		*outlen = strlen(buf);
		return buf;
	default:
		*outlen = c->len;
		return c->s != NULL ? c->s : "";
	}
}

/* Whether a cell holds nothing but spaces. */
static int
cell_blank(const struct xf_cell *c)
{
	return (c->type == XF_CELL_TEXT || c->type == XF_CELL_ERROR) &&
	    text_blank(c->s, c->len);
}

/* Open the next sheet of the plan; 1, 0 after the last, -1 (stuck). */
static int
book_next_sheet(struct xf_reader *rd)
{
	struct xf_book	*bk = rd->book;
	char		 err[256];
	int		 j;

	if (rd->planpos == rd->nplan)
		return 0;
	j = rd->plan[rd->planpos++];
	rd->sheet = bk->ops->sheet_name(bk, j);
	if (rd->sheet == NULL)
		rd->sheet = "";
	if (bk->ops->sheet_open(bk, j, err, sizeof(err)) == -1)
		return reader_fail(rd, 0, "%s: %s", rd->sheet, err);
	rd->sheetopen = 1;
	rd->sheetrows = 0;
	rd->lastrow = 0;
	rd->header = 0;
	rd->ncols = 0;
	rd->blank = rd->totals = 0;
	xf_buf_reset(&rd->names);
	return 1;
}

/*
 * Whether a row is the header: at least two of its cells name fields,
 * or its only cell does on a sheet one column wide.
 */
static int
book_is_header(struct xf_reader *rd, const struct xf_cell *cells, size_t n)
{
	char	 buf[64];
	size_t	 i, len, m = 0;
	int	 k = 0, width;
	const char *s;

	for (i = 0; i < n; i++) {
		if (cell_blank(&cells[i]))
			continue;
		m++;
		s = book_text(&cells[i], buf, sizeof(buf), &len);
		text_trim(&s, &len);
		if (xf_field_find(s, len) != -1)
			k++;
	}
	width = rd->book->ops->sheet_width(rd->book);
	return k >= 2 || (k == 1 && m == 1 && width <= 1);
}

/* Take a row as the header: its cells that hold something name columns. */
static int
book_header(struct xf_reader *rd, const struct xf_cell *cells, size_t n,
    long row)
{
	char	 buf[64], q[40];
	const char *s;
	size_t	 i, len;
	int	 nomem;

	free(rd->cols);
	free(rd->colfield);
	free(rd->colkind);
	free(rd->colat);
	rd->cols = calloc(n + 1, sizeof(*rd->cols));
	rd->colfield = calloc(n + 1, sizeof(*rd->colfield));
	rd->colkind = calloc(n + 1, sizeof(*rd->colkind));
	rd->colat = calloc(n + 1, sizeof(*rd->colat));
	if (rd->cols == NULL || rd->colfield == NULL || rd->colkind == NULL ||
	    rd->colat == NULL)
		return reader_fail(rd, 0, "out of memory");
	rd->ncols = 0;
	for (i = 0; i < n; i++) {
		if (cell_blank(&cells[i]))
			continue;
		s = book_text(&cells[i], buf, sizeof(buf), &len);
		text_trim(&s, &len);
		rd->cols[rd->ncols].off = rd->names.len;
		rd->cols[rd->ncols].len = len;
		rd->colfield[rd->ncols] = xf_field_find(s, len);
		rd->colat[rd->ncols] = cells[i].col;
		if (xf_buf_add(&rd->names, s, len) == -1 ||
		    xf_buf_addc(&rd->names, '\0') == -1)
			return reader_fail(rd, 0, "out of memory");
		rd->ncols++;
	}
	if (rd->ncols == 0)
		return reader_fail(rd, 0, "%s: row %ld is empty: it cannot be "
		    "the header", rd->sheet, row);
	if ((s = csv_header_twice(rd, rd->ncols, &nomem)) != NULL)
		return reader_fail(rd, 0, "%s: row %ld: column '%s' appears "
		    "twice", rd->sheet, row, xf_quote(s, q, sizeof(q)));
	if (nomem)
		return reader_fail(rd, 0, "out of memory");
	reject_columns(rd);
	rd->header = 1;
	if (row != 1)
		reader_note(rd, "%s: header in row %ld", rd->sheet, row);
	return 0;
}

/*
 * A data row as a record; XF_READ_BAD for a value outside the columns,
 * or in the raw column of a reject file.
 */
static int
book_record(struct xf_reader *rd, const struct xf_cell *cells, size_t n,
    long row, xf_record *r)
{
	char		 buf[64], col[8];
	const char	*v;
	size_t		 i, j = 0, len, k = 0;
	int		 outside = -1, raw = 0, rc;

	for (i = 0; i < rd->ncols; i++) {
		for (; j < n && cells[j].col < rd->colat[i]; j++)
			if (outside == -1 && !cell_blank(&cells[j]))
				outside = cells[j].col;
		if (j < n && cells[j].col == rd->colat[i]) {
			v = book_text(&cells[j], buf, sizeof(buf), &len);
			j++;
		} else {
			v = "";
			len = 0;
		}
		if ((rc = put_cell(rd, r, i, v, len, &raw)) == -1)
			return -1;
		if (rc == 1)
			xf_record_set_column(r, k++, rd->colat[i] + 1);
	}
	for (; j < n && outside == -1; j++)
		if (!cell_blank(&cells[j]))
			outside = cells[j].col;
	xf_record_set_origin(r, rd->file, row);
	xf_record_set_sheet(r, rd->sheet);
	if (raw)
		return reader_bad(rd, "%s", raw_why);
	if (outside != -1)
		return reader_bad(rd, "a value in column %s, which has no "
		    "header", xf_column_name(outside + 1, col, sizeof(col)));
	return 1;
}

/* Whether a data row is skipped: blank, or a total row; counted. */
static int
book_skipped(struct xf_reader *rd, const struct xf_cell *cells, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (cell_blank(&cells[i]))
			continue;
		return cells[i].type == XF_CELL_TEXT &&
		    text_total(cells[i].s, cells[i].len) && skip_row(rd, 1);
	}
	return skip_row(rd, 0);
}

/* The end of the open sheet: what it skipped, or why it had no records. */
static int
book_end_sheet(struct xf_reader *rd)
{
	char	 prefix[300];

	rd->sheetopen = 0;
	if (!rd->header && !rd->sheetrows) {
		reader_note(rd, "%s: empty", rd->sheet);
		return 0;
	}
	if (!rd->header && rd->headrow > 0)
		return reader_fail(rd, 0, "%s: row %ld is empty: it cannot be "
		    "the header", rd->sheet, rd->headrow);
	if (!rd->header && rd->allsheets) {
		reader_note(rd, "%s: no header row (a row naming two fields "
		    "or more, such as 信访人 and 信访日期), skipped", rd->sheet);
		return 0;
	}
	if (!rd->header)
		return reader_fail(rd, 0, "%s: no header row (a row naming "
		    "two fields or more, such as 信访人 and 信访日期): give "
		    "--header-row N", rd->sheet);
	snprintf(prefix, sizeof(prefix), "%s: ", rd->sheet);
	reader_note_skipped(rd, prefix);
	return 0;
}

static int
book_next(struct xf_reader *rd, xf_record *r)
{
	struct xf_book		*bk = rd->book;
	const struct xf_cell	*cells;
	char			 err[256];
	size_t			 n;
	long			 row;
	int			 k;

	if (rd->plan == NULL && book_plan(rd) == -1)
		return -1;
	for (;;) {
		if (!rd->sheetopen) {
			k = book_next_sheet(rd);
			if (k != 1)
				return k;
		}
		k = bk->ops->row_next(bk, &row, &cells, &n, err, sizeof(err));
		if (k == -1)
			return reader_fail(rd, 0, "%s: %s", rd->sheet, err);
		if (k == 0) {
			if (book_end_sheet(rd) == -1)
				return -1;
			continue;
		}
		if (n > 0)
			rd->sheetrows = 1;
		/* Rows a sheet leaves out between two rows are blank too. */
		if (rd->header && row > rd->lastrow + 1)
			rd->blank += row - rd->lastrow - 1;
		rd->lastrow = row;
		if (rd->header) {
			if (book_skipped(rd, cells, n))
				continue;
			return book_record(rd, cells, n, row, r);
		}
		if (rd->headrow > 0 ? row == rd->headrow :
		    book_is_header(rd, cells, n)) {
			if (book_header(rd, cells, n, row) == -1)
				return -1;
			continue;
		}
		if (rd->headrow > 0 && row > rd->headrow)
			return reader_fail(rd, 0, "%s: row %ld is empty: it "
			    "cannot be the header", rd->sheet, rd->headrow);
		if (rd->headrow == 0 && row >= HEADER_SCAN && rd->sheetrows)
			return reader_fail(rd, 0, "%s: no header row in the "
			    "first %d rows (a row naming two fields or more, "
			    "such as 信访人 and 信访日期): give --header-row N",
			    rd->sheet, HEADER_SCAN);
	}
}

int
xf_reader_add_sheet(xf_reader *rd, const char *sheet)
{
	char	**p, *s;

	if ((s = strdup(sheet)) == NULL)
		return -1;
	if ((p = reallocarray(rd->sel, rd->nsel + 1, sizeof(*p))) == NULL) {
		free(s);
		return -1;
	}
	rd->sel = p;
	rd->sel[rd->nsel++] = s;
	return 0;
}

void
xf_reader_all_sheets(xf_reader *rd)
{
	rd->allsheets = 1;
}

void
xf_reader_header_row(xf_reader *rd, long n)
{
	rd->headrow = n > 0 ? n : 0;
}

const char *
xf_reader_notice(xf_reader *rd)
{
	const char	*p;

	if (rd->notepos >= rd->notes.len) {
		xf_buf_reset(&rd->notes);
		rd->notepos = 0;
		return NULL;
	}
	p = rd->notes.p + rd->notepos;
	rd->notepos += strlen(p) + 1;
	return p;
}

/*
 * The chunk size: READ_CHUNK, or $XF_READ_CHUNK when it is set to a
 * number of bytes.  The variable is a testing knob: the tests read the
 * same input in every small chunk size, so that CSV rows, lines and
 * multibyte characters are split at every place.
 */
static size_t
reader_chunk(void)
{
	const char	*s;
	char		*end;
	unsigned long	 n;

	s = getenv("XF_READ_CHUNK");
	if (s == NULL || *s == '\0')
		return READ_CHUNK;
	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || n == 0 || n > READ_CHUNK_MAX)
		return READ_CHUNK;
	return n;
}

xf_reader *
xf_reader_open(const char *path, enum xf_format format, const char *encoding,
    char *err, size_t errlen)
{
	struct xf_reader	*rd;
	struct stat		 st;
	char			 q[40];

	rd = calloc(1, sizeof(*rd));
	if (rd == NULL) {
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	rd->fd = -1;
	rd->cd = (iconv_t)-1;
	csv_init(&rd->csv, CSV_OPTIONS);
	rd->csvblk = READ_CHUNK;
	csv_set_blk_size(&rd->csv, rd->csvblk);
	rd->format = format;
	rd->chunk = reader_chunk();
	rd->line = 1;
	rd->rowline = 1;
	rd->rownext = 1;
	if (format != XF_FORMAT_AUTO && format != XF_FORMAT_JSON &&
	    format != XF_FORMAT_CSV && format != XF_FORMAT_IDS) {
		xf_errf(err, errlen, "not an input format");
		goto fail;
	}
	if (encoding != NULL && strcasecmp(encoding, "utf-8") != 0 &&
	    strcasecmp(encoding, "utf8") != 0) {
		rd->cd = iconv_open("UTF-8", encoding);
		if (rd->cd == (iconv_t)-1) {
			xf_errf(err, errlen, "unknown encoding '%s'",
			    xf_quote(encoding, q, sizeof(q)));
			goto fail;
		}
		rd->encoding = strdup(encoding);
		if (rd->encoding == NULL) {
			xf_errf(err, errlen, "out of memory");
			goto fail;
		}
		rd->rmore = 1;
	}
	if (path == NULL || strcmp(path, "-") == 0) {
		rd->fd = STDIN_FILENO;
		path = "-";
	} else {
		rd->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (rd->fd == -1) {
			xf_errf(err, errlen, "%s", strerror(errno));
			goto fail;
		}
		rd->ownfd = 1;
	}
	if (fstat(rd->fd, &st) == -1) {
		xf_errf(err, errlen, "%s", strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		xf_errf(err, errlen, "%s", strerror(EISDIR));
		goto fail;
	}
	if (S_ISREG(st.st_mode))
		rd->total = (uint64_t)st.st_size;
	rd->file = strdup(path);
	if (rd->file == NULL) {
		xf_errf(err, errlen, "out of memory");
		goto fail;
	}
	if (format == XF_FORMAT_AUTO && book_sniff(rd, path,
	    S_ISREG(st.st_mode) && rd->ownfd, err, errlen) == -1)
		goto fail;
	return rd;
fail:
	xf_reader_close(rd);
	return NULL;
}

int
xf_reader_next(xf_reader *rd, xf_record *r)
{
	if (rd->stuck)
		return -1;
	xf_record_clear(r);
	if (rd->format == XF_FORMAT_AUTO)
		reader_detect(rd);
	switch (rd->format) {
	case XF_FORMAT_XLSX:
	case XF_FORMAT_XLS:
		return book_next(rd, r);
	case XF_FORMAT_CSV:
		return csv_next(rd, r);
	case XF_FORMAT_JSON:
		return json_next(rd, r);
	case XF_FORMAT_IDS:
		return ids_next(rd, r);
	default:
		return 0;	/* empty input */
	}
}

enum xf_format
xf_reader_format(const xf_reader *rd)
{
	return rd->format;
}

void
xf_reader_progress(const xf_reader *rd, uint64_t *done, uint64_t *total)
{
	if (done != NULL)
		*done = rd->done;
	if (total != NULL)
		*total = rd->total;
}

const char *
xf_reader_errmsg(const xf_reader *rd)
{
	return rd->msg;
}

void
xf_reader_close(xf_reader *rd)
{
	if (rd == NULL)
		return;
	if (rd->ownfd)
		close(rd->fd);
	if (rd->cd != (iconv_t)-1)
		iconv_close(rd->cd);
	csv_free(&rd->csv);
	if (rd->book != NULL)
		rd->book->ops->close(rd->book);
	while (rd->nsel > 0)
		free(rd->sel[--rd->nsel]);
	free(rd->sel);
	free(rd->plan);
	free(rd->colat);
	xf_buf_release(&rd->notes);
	xf_buf_release(&rd->cellbuf);
	xf_buf_release(&rd->names);
	free(rd->cells);
	free(rd->rows);
	free(rd->cols);
	free(rd->colfield);
	free(rd->colkind);
	free(rd->raw);
	free(rd->text);
	free(rd->encoding);
	free(rd->file);
	free(rd);
}
