/*
 * xls.c - the sheets of an Excel 97-2003 workbook (.xls) as rows of typed
 * cells (struct xf_book_ops), read with libfreexl.
 *
 * Memory: freexl_open() parses the whole workbook and keeps every cell of
 * every sheet in memory (16 bytes a cell of the declared range, and the
 * text).  An .xls sheet has at most 65,536 rows and 256 columns, so that
 * is bounded and acceptable; a workbook whose declared ranges add up to
 * more than XLS_MAX_CELLS is refused before freexl sees it.
 *
 * What freexl 1.0.6 gives, and what we make of it:
 * - INT and DOUBLE: XF_CELL_NUMBER (a NaN or an infinity, which no
 *   spreadsheet writes, as XF_CELL_ERROR "#NUM!").
 * - TEXT and SST_TEXT: XF_CELL_TEXT, UTF-8.
 * - DATE "YYYY-MM-DD", DATETIME "YYYY-MM-DD hh:mm:ss", TIME "hh:mm:ss":
 *   XF_CELL_DATE in the same forms, mended: freexl counts every fourth
 *   year as a leap year (2100-03-01 comes out as 2100-02-29), and rounds a
 *   time up to "24:00:00" (2024-12-31 23:59:59.8 comes out as
 *   "2024-12-31 24:00:00"); we recount the date from the serial number
 *   freexl's calendar implies, in the proleptic Gregorian calendar (Excel's
 *   own up to its fictitious 1900-02-29, serial 60), and carry the 24th
 *   hour into the next day ("00:00:00" for a time alone).  A date past
 *   9999-12-31 is refused before freexl sees it (xls_scan_number()).
 * - Booleans and errors: freexl reads a BOOLERR record as INT 1 or 0
 *   (an error as 1, #NULL! as 0), and skips FORMULA records, so that a
 *   formula's cell would be empty.  Our own pass over the records (see
 *   xls_scan_records()) takes both: a BOOLERR cell is XF_CELL_BOOL or
 *   XF_CELL_ERROR ("#N/A", "#DIV/0!", ...), a formula's cell its last
 *   computed value: a number (a date or a time by its format, as freexl
 *   would), text (BIFF8 only: an Excel 95 formula's text, in a code
 *   page, is left out), a boolean or an error.  LibreOffice writes
 *   booleans as the numbers 1 and 0, so those stay numbers.
 * - Merged cells: freexl does not report MERGEDCELLS; our pass takes
 *   them (each sheet's ranges, 12 bytes a range) and xls_row_next() gives
 *   every cell of a range, in the sheet's declared columns, the value of
 *   its top-left cell, as xlsx.c does: what else the range holds is
 *   dropped, and its rows that hold no cell of their own are given too.
 *   Only the ranges covering the row being read keep a value (a date's
 *   text copied, other text borrowed from freexl or the scan).
 *
 * Hostile files: freexl trusts much of what the file says.  Before handing
 * a file over we check, with our own bounds-checked reading of the
 * compound file (CFB) and of the workbook stream's records, everything we
 * found that makes freexl read out of bounds, loop, allocate without
 * limit or spend seconds a cell; see xls_check().  The directory also
 * tells an encrypted .xlsx, a Word or PowerPoint document from a workbook.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <freexl.h>

#include "xf-private.h"

/* What to do with a workbook we cannot read. */
#define XLS_RESAVE	"open it in Excel or WPS, save it as .xlsx and " \
	"give that file"
#define XLS_ENCRYPTED	"an encrypted workbook: open it in Excel or WPS, " \
	"remove the password, save it as .xlsx and give that file"

/* The cells freexl may hold for all the sheets of a workbook. */
#define XLS_MAX_CELLS	(32L * 1024 * 1024)
/*
 * freexl turns a date serial into a date one day at a time: about 0.7 ns
 * a day, 2 ms for 9999-12-31.  The days it may count for one workbook
 * (some 15 seconds): a full .xls sheet of dates in this century is 3e9.
 */
#define XLS_MAX_DAYS	(20LL * 1000 * 1000 * 1000)
/* Excel's last date, 9999-12-31, as a 1900-system serial. */
#define XLS_MAX_SERIAL	2958465.0
/* Room for a date's text, whatever the compiler fears of its numbers. */
#define XLS_DATE_LEN	64
/* The largest BIFF record freexl takes whole. */
#define XLS_MAX_RECORD	8224
/* A BIFF8 sheet's last column, IV. */
#define XLS_MAX_COL	255
/*
 * The merged ranges of a workbook, and the cells they cover (overlaps
 * counted again): what the rows are given is bounded by these.
 */
#define XLS_MAX_MERGES	1000000
#define XLS_MAX_MERGE_AREA (1L << 24)
/* The longest date's text, "YYYY-MM-DD hh:mm:ss", and its NUL. */
#define XLS_DATE_TEXT	20

/* ------------------------------------------------------------------ */
/* The compound file (CFB, [MS-CFB]): just enough to check it and to read
 * the directory and a stream. */

#define CFB_FREE	0xFFFFFFFFu
#define CFB_END		0xFFFFFFFEu

struct cfb {
	int		 fd;
	uint64_t	 fsize;
	uint32_t	 ssz;		/* sector size: 512 or 4096 */
	uint32_t	 nsect;		/* sectors after the header */
	uint32_t	*fat;
	uint32_t	 nfat;		/* entries in fat */
	uint32_t	 cutoff;	/* streams up to this size are mini */
	uint32_t	 dir_start;
};

/* A directory entry, its name reduced to ASCII ('?' for the rest). */
struct cfb_entry {
	char		 name[33];
	unsigned	 name_size;	/* bytes, as the entry says */
	int		 type;		/* 1 storage, 2 stream, 5 root */
	uint32_t	 start;
	uint32_t	 size;
};

static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* Read sector k into buf (ssz bytes, zero-filled past the end); 0 or -1. */
static int
cfb_sector(const struct cfb *c, uint32_t k, unsigned char *buf)
{
	uint64_t	 off = ((uint64_t)k + 1) * c->ssz;
	ssize_t		 n;
	size_t		 got = 0;

	if (k >= c->nsect)
		return -1;
	while (got < c->ssz) {
		n = pread(c->fd, buf + got, c->ssz - got, (off_t)(off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got == 0)
		return -1;
	memset(buf + got, 0, c->ssz - got);
	return 0;
}

/*
 * The header and the FAT; 0, or -1 with *why.  Besides what the format
 * needs, what freexl needs: it reads the DIFAT chain for as many sectors
 * as the header says, whatever loops, and every FAT sector listed.
 */
static int
cfb_load(struct cfb *c, const unsigned char *h, const char **why)
{
	unsigned char	*buf = NULL;
	uint32_t	 shift, nfatsect, ndif, dif, k, i, per, n = 0;
	uint32_t	*sect = NULL;
	int		 rc = -1;

	if (le16(h + 0x1c) != 0xfffe)
		return xf_fail(why, "a damaged compound file (byte order)");
	shift = le16(h + 0x1e);
	if (shift != 9 && shift != 12)
		return xf_fail(why, "a damaged compound file (sector size)");
	c->ssz = 1u << shift;
	c->nsect = c->fsize > c->ssz ?
	    (uint32_t)((c->fsize - c->ssz + c->ssz - 1) / c->ssz) : 0;
	if (c->fsize / c->ssz > UINT32_MAX / 2)
		return xf_fail(why, "a compound file too large");
	nfatsect = le32(h + 0x2c);
	c->dir_start = le32(h + 0x30);
	c->cutoff = le32(h + 0x38);
	dif = le32(h + 0x44);
	ndif = le32(h + 0x48);
	per = c->ssz / 4;
	if (nfatsect > c->nsect || ndif > c->nsect)
		return xf_fail(why, "a damaged compound file (FAT size)");
	if ((buf = malloc(c->ssz)) == NULL ||
	    (sect = malloc(((size_t)c->nsect + 109) * sizeof *sect)) == NULL) {
		*why = "out of memory";
		goto out_free;
	}
	/* The FAT sectors: 109 in the header, then the DIFAT chain. */
	for (i = 0; i < 109; i++) {
		k = le32(h + 0x4c + 4 * i);
		if (k == CFB_FREE)
			continue;
		if (k >= c->nsect || n >= c->nsect) {
			*why = "a damaged compound file (FAT sector)";
			goto out_free;
		}
		sect[n++] = k;
	}
	for (i = 0; i < ndif; i++) {
		uint32_t	 j;

		if (cfb_sector(c, dif, buf) == -1) {
			*why = "a damaged compound file (DIFAT sector)";
			goto out_free;
		}
		for (j = 0; j < per - 1; j++) {
			k = le32(buf + 4 * j);
			if (k == CFB_END)
				goto fat;
			if (k == CFB_FREE)
				continue;
			if (k >= c->nsect || n >= c->nsect) {
				*why = "a damaged compound file (FAT sector)";
				goto out_free;
			}
			sect[n++] = k;
		}
		dif = le32(buf + 4 * (per - 1));
	}
fat:
	if (n == 0) {
		*why = "a damaged compound file (no FAT)";
		goto out_free;
	}
	c->nfat = n * per;
	if ((c->fat = malloc((size_t)c->nfat * 4)) == NULL) {
		*why = "out of memory";
		goto out_free;
	}
	for (i = 0; i < n; i++) {
		uint32_t	 j;

		if (cfb_sector(c, sect[i], buf) == -1) {
			*why = "a damaged compound file (FAT sector)";
			goto out_free;
		}
		for (j = 0; j < per; j++)
			c->fat[i * per + j] = le32(buf + 4 * j);
	}
	rc = 0;
out_free:
	free(sect);
	free(buf);
	return rc;
}

static void
cfb_entry_parse(const unsigned char *p, struct cfb_entry *e)
{
	unsigned	 i, n;
	uint16_t	 ch;

	e->name_size = le16(p + 0x40);
	n = e->name_size <= 64 ? e->name_size / 2 : 32;
	for (i = 0; i < n && i < 32; i++) {
		ch = le16(p + 2 * i);
		if (ch == 0)
			break;
		e->name[i] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	e->name[i] = '\0';
	e->type = p[0x42];
	e->start = le32(p + 0x74);
	e->size = le32(p + 0x78);
}

/*
 * The directory: every entry, in *ents (malloc'd), and how many of them
 * lie in its first sector (all freexl looks at).  0, or -1 with *why.
 */
static int
cfb_dir(const struct cfb *c, struct cfb_entry **ents, size_t *nents,
    size_t *nfirst, const char **why)
{
	unsigned char	*buf;
	struct cfb_entry *e = NULL, *ne;
	size_t		 n = 0, cap = 0, per = c->ssz / 128, i;
	uint32_t	 k = c->dir_start, steps = 0;

	*ents = NULL;
	*nfirst = 0;
	if ((buf = malloc(c->ssz)) == NULL)
		return xf_fail(why, "out of memory");
	while (k != CFB_END) {
		if (steps++ > c->nsect || cfb_sector(c, k, buf) == -1) {
			free(buf);
			free(e);
			return xf_fail(why,
			    "a damaged compound file (directory)");
		}
		if (n + per > cap) {
			cap = cap ? cap * 2 : 64;
			if ((ne = realloc(e, cap * sizeof *e)) == NULL) {
				free(buf);
				free(e);
				return xf_fail(why, "out of memory");
			}
			e = ne;
		}
		for (i = 0; i < per; i++)
			cfb_entry_parse(buf + 128 * i, &e[n++]);
		if (steps == 1)
			*nfirst = n;
		k = k < c->nfat ? c->fat[k] : CFB_FREE;
		if (k == CFB_FREE)
			break;
	}
	free(buf);
	*ents = e;
	*nents = n;
	return 0;
}

/*
 * The first len bytes of the stream whose chain starts at sector start,
 * into *out (malloc'd).  With exact, the chain must end right after them
 * (freexl reads a stream's chain to its end, past its size).
 */
static int
cfb_stream(const struct cfb *c, uint32_t start, uint32_t len, int exact,
    unsigned char **out, const char **why)
{
	unsigned char	*p;
	uint32_t	 k = start, got = 0, n;

	*out = NULL;
	if (len > c->fsize)
		return xf_fail(why, "a damaged compound file (stream size)");
	if ((p = malloc(len ? len : 1)) == NULL)
		return xf_fail(why, "out of memory");
	if (len == 0 && exact && k != CFB_END && k != CFB_FREE)
		goto bad;
	while (got < len) {
		if (k >= c->nfat)
			goto bad;
		if (len - got >= c->ssz) {
			if (cfb_sector(c, k, p + got) == -1)
				goto bad;
			n = c->ssz;
		} else {
			unsigned char	*tmp = malloc(c->ssz);

			if (tmp == NULL) {
				free(p);
				return xf_fail(why, "out of memory");
			}
			n = len - got;
			if (cfb_sector(c, k, tmp) == -1) {
				free(tmp);
				goto bad;
			}
			memcpy(p + got, tmp, n);
			free(tmp);
		}
		got += n;
		k = c->fat[k];
	}
	if (exact && len > 0 && k != CFB_END)
		goto bad;
	*out = p;
	return 0;
bad:
	free(p);
	return xf_fail(why, "a damaged compound file (stream chain)");
}

/* ------------------------------------------------------------------ */
/* The workbook stream's records, read before freexl reads them. */

/* A number format as freexl classes it. */
enum xls_kind { XLS_NUMBER, XLS_DATE, XLS_DATETIME, XLS_TIME };

struct xls_fmt {
	uint16_t	 index;
	enum xls_kind	 kind;
};

/*
 * A cell freexl does not give, or gives wrong, taken from the records:
 * a formula's last value (freexl skips FORMULA records), a boolean or an
 * error (freexl makes a BOOLERR record the INT 1 or 0).
 */
struct xls_extra {
	int		 sheet;
	unsigned	 row;
	unsigned	 col;
	enum xf_cell_type type;
	double		 num;
	char		*s;		/* malloc'd UTF-8, or NULL */
	size_t		 len;
	size_t		 seq;		/* the record's place */
};

/* A merged range of a sheet (MERGEDCELLS), rows and columns from 0. */
struct xls_merge {
	int		 sheet;
	uint16_t	 r1, r2;
	uint16_t	 c1, c2;
};

struct xls_scan {
	unsigned char	 rec[XLS_MAX_RECORD];	/* as freexl's, kept */
	int		 encrypted;
	int		 overrun;		/* text past its record */
	int		 biff8;
	long		 cells;
	long long	 days;
	uint16_t	*xf;			/* format of each XF */
	size_t		 nxf, capxf;
	struct xls_fmt	*fmt;
	size_t		 nfmt, capfmt;
	int		 sheet;			/* substream, 0 globals */
	int		 inbof;			/* in one, as freexl sees */
	unsigned	 bad_row, bad_col;	/* a date past 9999 */
	int		 bad_sheet;
	int		 mode1904;
	uint32_t	*bound;			/* BOUNDSHEET offsets */
	unsigned	*ndim;			/* DIMENSIONs of each */
	size_t		 nbound, capbound;
	int		 cur;			/* freexl's sheet, or -1 */
	struct xls_extra *ext;
	size_t		 next, capext;
	uint64_t	*keys;			/* sheet, row, col of cells */
	size_t		 nkeys, capkeys;
	struct xls_extra *pending;		/* awaiting its STRING */
	size_t		 pend_left;		/* characters to come */
	struct xls_merge *merge;		/* by sheet, row, column */
	size_t		 nmerge, capmerge;
	uint64_t	 marea;			/* cells they cover */
	int		 merge_sheet;		/* a MERGEDCELLS record that */
	unsigned	 merge_count;		/* counts more ranges than */
	size_t		 merge_room;		/* it holds, or 0 */
	int		 merge_many;		/* 1 ranges, 2 cells too many */
};

/* What freexl takes a number with this XF for. */
static enum xls_kind
xls_scan_kind(const struct xls_scan *s, uint16_t xf)
{
	size_t		 i;
	uint16_t	 f;

	if (xf >= s->nxf)
		return XLS_NUMBER;
	f = s->xf[xf];
	if (f >= 14 && f <= 17)
		return XLS_DATE;
	if (f == 22)
		return XLS_DATETIME;
	if ((f >= 18 && f <= 21) || (f >= 45 && f <= 47))
		return XLS_TIME;
	for (i = 0; i < s->nfmt; i++)
		if (s->fmt[i].index == f)
			return s->fmt[i].kind;
	return XLS_NUMBER;
}

/* Whether freexl counts days for a number with this XF. */
static int
xls_scan_isdate(const struct xls_scan *s, uint16_t xf)
{
	enum xls_kind	 k;

	/* Past Excel's 4,050 XFs freexl reads beyond its table. */
	if (xf >= 4050)
		return 1;
	k = xls_scan_kind(s, xf);
	return k == XLS_DATE || k == XLS_DATETIME;
}

/* A number in a cell with XF xf: count the days freexl would count. */
static void
xls_scan_number(struct xls_scan *s, unsigned row, unsigned col, uint16_t xf,
    double v)
{
	if (!xls_scan_isdate(s, xf) || !(v >= 1.0))
		return;
	if (!(v < XLS_MAX_SERIAL + 1.0)) {
		if (s->bad_sheet == 0) {
			s->bad_sheet = s->sheet > 0 ? s->sheet : 1;
			s->bad_row = row;
			s->bad_col = col;
		}
		return;
	}
	s->days += (long long)v;
}

/*
 * A cell record freexl stores: noted, since freexl leaks the text of a
 * cell another record overwrites.  0, or -1 when out of memory.
 */
static int
xls_scan_key(struct xls_scan *s, unsigned row, unsigned col)
{
	uint64_t	*nk;

	if (s->cur < 0)
		return 0;
	if (s->nkeys == s->capkeys) {
		s->capkeys = s->capkeys ? s->capkeys * 2 : 256;
		if ((nk = realloc(s->keys, s->capkeys * sizeof *nk)) == NULL)
			return -1;
		s->keys = nk;
	}
	s->keys[s->nkeys++] = (uint64_t)s->cur << 40 | (uint64_t)row << 16 |
	    (col & 0xffff);
	return 0;
}

static int
xls_key_cmp(const void *a, const void *b)
{
	uint64_t	 x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* An RK number ([MS-XLS] 2.5.217). */
static double
xls_rk(uint32_t rk)
{
	double		 v;
	uint64_t	 bits;

	if (rk & 2)
		v = (double)((int32_t)rk >> 2);
	else {
		bits = (uint64_t)(rk & 0xfffffffcu) << 32;
		memcpy(&v, &bits, sizeof v);
	}
	return rk & 1 ? v / 100 : v;
}

/* Whether a format string is a date freexl counts days for. */
static void
xls_scan_format(struct xls_scan *s, const unsigned char *r)
{
	struct xls_fmt	*nf;
	const unsigned char *p;
	size_t		 n, i, step = 1, avail;
	int		 y = 0, m = 0, d = 0, h = 0, sec = 0, c;

	if (s->biff8) {
		n = le16(r + 2);
		p = r + 5;
		if (r[4] & 0x08)
			p += 2;
		if (r[4] & 0x04)
			p += 4;
		if (r[4] & 0x01)
			step = 2;
	} else {
		n = r[2];
		p = r + 3;
	}
	/* freexl reads as many as the record counts, within its buffer. */
	avail = (size_t)(r + XLS_MAX_RECORD - p) / step;
	if (n > avail)
		n = avail;
	for (i = 0; i < n; i++) {
		c = p[i * step];
		if (step == 2 && p[i * step + 1] != 0)
			continue;
		switch (c) {
		case 'Y': case 'y': y++; break;
		case 'M': case 'm': m++; break;
		case 'D': case 'd': d++; break;
		case 'H': case 'h': h++; break;
		case 'S': case 's': sec++; break;
		}
	}
	if (s->nfmt == s->capfmt) {
		s->capfmt = s->capfmt ? s->capfmt * 2 : 32;
		if ((nf = realloc(s->fmt, s->capfmt * sizeof *nf)) == NULL) {
			s->capfmt = s->nfmt;
			return;
		}
		s->fmt = nf;
	}
	s->fmt[s->nfmt].index = le16(r);
	/* freexl's rules (check_format()). */
	if (y && m && d && h)
		s->fmt[s->nfmt].kind = XLS_DATETIME;
	else if ((y && m) || (m && d))
		s->fmt[s->nfmt].kind = XLS_DATE;
	else if ((h && m) || (m && sec))
		s->fmt[s->nfmt].kind = XLS_TIME;
	else
		s->fmt[s->nfmt].kind = XLS_NUMBER;
	s->nfmt++;
}

/* A new extra cell of the current sheet; NULL when out of memory. */
static struct xls_extra *
xls_scan_extra(struct xls_scan *s, unsigned row, unsigned col)
{
	struct xls_extra *ne;

	if (s->next == s->capext) {
		s->capext = s->capext ? s->capext * 2 : 64;
		if ((ne = realloc(s->ext, s->capext * sizeof *ne)) == NULL)
			return NULL;
		s->ext = ne;
	}
	ne = &s->ext[s->next++];
	memset(ne, 0, sizeof *ne);
	ne->sheet = s->cur;
	ne->row = row;
	ne->col = col;
	ne->seq = s->next;
	return ne;
}

/*
 * A MERGEDCELLS record of the current sheet ([MS-XLS] 2.4.168): a count,
 * then that many ranges of rowFirst, rowLast, colFirst, colLast.  Its
 * ranges are added, a range of one cell left out; a count the record
 * cannot hold, or ranges past the limits, are noted for xls_check() to
 * refuse.  0, or -1 when out of memory.
 */
static int
xls_scan_merges(struct xls_scan *s, const unsigned char *r, size_t len)
{
	struct xls_merge *nm, m;
	const unsigned char *p;
	size_t		 n, i;
	uint16_t	 t;

	n = len >= 2 ? le16(r) : 0;
	if (len < 2 || n > (len - 2) / 8) {
		if (s->merge_sheet == 0) {
			s->merge_sheet = s->cur + 1;
			s->merge_count = (unsigned)n;
			s->merge_room = len < 2 ? 0 : (len - 2) / 8;
		}
		return 0;
	}
	for (i = 0; i < n && s->merge_many == 0; i++) {
		p = r + 2 + 8 * i;
		m.sheet = s->cur;
		m.r1 = le16(p);
		m.r2 = le16(p + 2);
		m.c1 = le16(p + 4);
		m.c2 = le16(p + 6);
		if (m.r1 > m.r2) {
			t = m.r1;
			m.r1 = m.r2;
			m.r2 = t;
		}
		if (m.c1 > m.c2) {
			t = m.c1;
			m.c1 = m.c2;
			m.c2 = t;
		}
		if (m.c1 > XLS_MAX_COL)
			continue;
		if (m.c2 > XLS_MAX_COL)
			m.c2 = XLS_MAX_COL;
		if (m.r1 == m.r2 && m.c1 == m.c2)
			continue;
		if (s->nmerge == XLS_MAX_MERGES) {
			s->merge_many = 1;
			break;
		}
		s->marea += (uint64_t)(m.r2 - m.r1 + 1) *
		    (uint64_t)(m.c2 - m.c1 + 1);
		if (s->marea > (uint64_t)XLS_MAX_MERGE_AREA) {
			s->merge_many = 2;
			break;
		}
		if (s->nmerge == s->capmerge) {
			s->capmerge = s->capmerge ? s->capmerge * 2 : 16;
			nm = realloc(s->merge, s->capmerge * sizeof *nm);
			if (nm == NULL)
				return -1;
			s->merge = nm;
		}
		s->merge[s->nmerge++] = m;
	}
	return 0;
}

static const char *
xls_error_text(unsigned code)
{
	switch (code) {
	case 0x00: return "#NULL!";
	case 0x07: return "#DIV/0!";
	case 0x0f: return "#VALUE!";
	case 0x17: return "#REF!";
	case 0x1d: return "#NAME?";
	case 0x24: return "#NUM!";
	case 0x2a: return "#N/A";
	default: return "#VALUE!";
	}
}

/* Set e to a copy of text; -1 when out of memory. */
static int
xls_extra_text(struct xls_extra *e, enum xf_cell_type type, const char *text)
{
	e->type = type;
	e->len = strlen(text);
	if ((e->s = strdup(text)) == NULL)
		return -1;
	return 0;
}

/*
 * A number in a cell of the given kind as e: a date or a time in our
 * forms when the serial is one Excel shows, else the number.
 */
static void
xls_serial(struct xls_extra *e, enum xls_kind kind, double v, int mode1904)
{
	char		 buf[XLS_DATE_LEN];
	int		 y, m, d, secs;

	e->type = XF_CELL_NUMBER;
	e->num = v;
	if (kind == XLS_NUMBER ||
	    xf_excel_date(v, mode1904, &y, &m, &d, &secs) == -1)
		return;
	if (kind == XLS_TIME)
		snprintf(buf, sizeof buf, "%02d:%02d:%02d", secs / 3600,
		    secs / 60 % 60, secs % 60);
	else if (d == 0)
		return;		/* Excel's 1900-01-00 */
	else if (kind == XLS_DATE)
		snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	else
		snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", y,
		    m, d, secs / 3600, secs / 60 % 60, secs % 60);
	if (xls_extra_text(e, XF_CELL_DATE, buf) == -1) {
		e->type = XF_CELL_NUMBER;
		e->len = 0;
	}
}

/* Append a code point as UTF-8 (U+FFFD for a lone surrogate). */
static int
xls_put_utf8(struct xf_buf *b, unsigned cp)
{
	char	 u[4];

	if (cp >= 0xd800 && cp <= 0xdfff)
		cp = 0xfffd;
	return xf_buf_add(b, u, xf_utf8_put(u, cp));
}

/*
 * Characters of a BIFF8 string at p (up to end), wide or compressed, to
 * the pending formula's text: how many were taken, or -1 (memory).
 */
static long
xls_scan_chars(struct xls_scan *s, const unsigned char *p,
    const unsigned char *end, int wide)
{
	struct xf_buf	 b = { NULL, 0, 0 };
	struct xls_extra *e = s->pending;
	size_t		 i, n = s->pend_left, avail;
	unsigned	 cp, lo;

	avail = (size_t)(end - p) / (wide ? 2 : 1);
	if (n > avail)
		n = avail;
	if (e->s != NULL && xf_buf_add(&b, e->s, e->len) == -1)
		goto out_nomem;
	for (i = 0; i < n; i++) {
		if (!wide)
			cp = p[i];
		else {
			cp = le16(p + 2 * i);
			if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < n &&
			    (lo = le16(p + 2 * i + 2)) >= 0xdc00 &&
			    lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				i++;
				s->pend_left--;
			}
		}
		if (xls_put_utf8(&b, cp) == -1)
			goto out_nomem;
	}
	if (xf_buf_addc(&b, '\0') == -1)
		goto out_nomem;
	free(e->s);
	e->s = b.p;
	e->len = b.len - 1;
	s->pend_left -= n;
	return (long)n;
out_nomem:
	xf_buf_release(&b);
	return -1;
}

/*
 * Go through the records of a workbook stream as freexl will, noting
 * what freexl cannot give: 0, or -1 when out of memory.
 */
static int
xls_scan_records(struct xls_scan *s, const unsigned char *p, size_t n)
{
	const unsigned char *r = s->rec;
	struct xls_extra *e;
	size_t		 off = 0, len, o, i, at;
	unsigned	 type, code;
	uint16_t	*nx;
	uint32_t	*nb;
	unsigned	*nd;

	s->cur = -1;
	while (off + 4 <= n) {
		at = off;
		type = le16(p + off);
		len = le16(p + off + 2);
		off += 4;
		if ((type == 0 && len == 0) || len > XLS_MAX_RECORD ||
		    len > n - off)
			break;
		memcpy(s->rec, p + off, len);
		off += len;
		switch (type) {
		case 0x0203:			/* NUMBER */
		case 0x027e:			/* RK */
		case 0x00fd:			/* LABELSST */
		case 0x0205:			/* BOOLERR */
			if (xls_scan_key(s, le16(r), le16(r + 2)) == -1)
				return -1;
			break;
		case 0x0204:			/* LABEL */
		case 0x041e:			/* FORMAT */
			/*
			 * freexl copies the characters the record counts,
			 * however many it holds.
			 */
			if (s->biff8) {
				o = type == 0x0204 ? 6 : 2;
				if (len < o + 3 || o + 3 + (size_t)le16(r + o) *
				    (r[o + 2] & 1 ? 2 : 1) + (r[o + 2] & 0x08 ?
				    2 : 0) + (r[o + 2] & 0x04 ? 4 : 0) > len)
					s->overrun = 1;
			}
			if (type == 0x0204 &&
			    xls_scan_key(s, le16(r), le16(r + 2)) == -1)
				return -1;
			break;
		case 0x00bd:			/* MULRK */
			for (o = 4; o + 6 < len; o += 6)
				if (xls_scan_key(s, le16(r), (unsigned)le16(r +
				    2) + (unsigned)(o - 4) / 6) == -1)
					return -1;
			break;
		}
		if (s->pending != NULL && type != 0x0207 && type != 0x003c)
			s->pending = NULL;	/* no STRING: no text */
		switch (type) {
		case 0x0809:			/* BOF */
			if (le16(r) == 0x0600)
				s->biff8 = 1;
			/*
			 * freexl takes a BOF only after an EOF: one within
			 * a substream (a sheet without its EOF) is ignored,
			 * the sheet's records going on to the last one's.
			 */
			if (s->inbof)
				break;
			s->inbof = 1;
			if (le16(r + 2) != 0x0005)
				s->sheet++;
			/* freexl's sheet: the one whose offset this is. */
			s->cur = -1;
			for (i = 0; i < s->nbound; i++)
				if (s->bound[i] == at) {
					s->cur = (int)i;
					break;
				}
			break;
		case 0x000a:			/* EOF */
			s->inbof = 0;
			break;
		case 0x0085:			/* BOUNDSHEET */
			if (s->nbound == s->capbound) {
				s->capbound = s->capbound ? s->capbound * 2 :
				    16;
				nb = realloc(s->bound, s->capbound *
				    sizeof *nb);
				if (nb == NULL)
					return -1;
				s->bound = nb;
				nd = realloc(s->ndim, s->capbound *
				    sizeof *nd);
				if (nd == NULL)
					return -1;
				s->ndim = nd;
			}
			s->ndim[s->nbound] = 0;
			s->bound[s->nbound++] = le32(r);
			break;
		case 0x00e5:			/* MERGEDCELLS */
			/* BIFF8's; those of a chart or the globals go. */
			if (s->cur < 0 || !s->biff8)
				break;
			if (xls_scan_merges(s, r, len) == -1)
				return -1;
			break;
		case 0x0022:			/* DATEMODE */
			s->mode1904 = le16(r) == 1;
			break;
		case 0x002f:			/* FILEPASS */
			s->encrypted = 1;
			break;
		case 0x041e:			/* FORMAT */
			xls_scan_format(s, r);
			break;
		case 0x00e0:			/* XF */
			if (s->nxf == s->capxf) {
				s->capxf = s->capxf ? s->capxf * 2 : 64;
				nx = realloc(s->xf, s->capxf * sizeof *nx);
				if (nx == NULL)
					return -1;
				s->xf = nx;
			}
			s->xf[s->nxf++] = le16(r + 2);
			break;
		case 0x0200: {			/* DIMENSION */
			uint64_t rows, cols;

			/* freexl's active sheet: the last BOF's. */
			if (s->cur >= 0)
				s->ndim[s->cur]++;
			rows = s->biff8 ? le32(r + 4) : le16(r + 2);
			cols = s->biff8 ? le16(r + 10) : le16(r + 6);
			if (rows * cols > (uint64_t)XLS_MAX_CELLS)
				s->cells = XLS_MAX_CELLS + 1;
			else
				s->cells += (long)(rows * cols);
			if (s->cells > XLS_MAX_CELLS)
				s->cells = XLS_MAX_CELLS + 1;
			break;
		}
		case 0x0203: {			/* NUMBER */
			double v;

			memcpy(&v, r + 6, sizeof v);
			xls_scan_number(s, le16(r), le16(r + 2),
			    le16(r + 4), v);
			break;
		}
		case 0x027e:			/* RK */
			xls_scan_number(s, le16(r), le16(r + 2), le16(r + 4),
			    xls_rk(le32(r + 6)));
			break;
		case 0x00bd:			/* MULRK */
			for (o = 4; o + 6 < len; o += 6)
				xls_scan_number(s, le16(r),
				    (unsigned)le16(r + 2) + (unsigned)(o - 4) / 6,
				    le16(r + o), xls_rk(le32(r + o + 2)));
			break;
		case 0x0205:			/* BOOLERR */
			if (s->cur < 0 || len < 8)
				break;
			if ((e = xls_scan_extra(s, le16(r), le16(r + 2))) ==
			    NULL)
				return -1;
			if (r[7] == 0) {
				e->type = XF_CELL_BOOL;
				e->num = r[6] != 0;
			} else if (xls_extra_text(e, XF_CELL_ERROR,
			    xls_error_text(r[6])) == -1)
				return -1;
			break;
		case 0x0006: {			/* FORMULA */
			double v;

			if (s->cur < 0 || len < 14)
				break;
			if ((e = xls_scan_extra(s, le16(r), le16(r + 2))) ==
			    NULL)
				return -1;
			if (le16(r + 12) != 0xffff) {
				memcpy(&v, r + 6, sizeof v);
				xls_serial(e, xls_scan_kind(s, le16(r + 4)),
				    v, s->mode1904);
				break;
			}
			code = r[8];
			switch (r[6]) {
			case 0:			/* text, in a STRING */
				e->type = XF_CELL_TEXT;
				if (s->biff8)
					s->pending = e;
				else
					s->next--;	/* code page text */
				break;
			case 1:
				e->type = XF_CELL_BOOL;
				e->num = code != 0;
				break;
			case 2:
				if (xls_extra_text(e, XF_CELL_ERROR,
				    xls_error_text(code)) == -1)
					return -1;
				break;
			default:		/* an empty string */
				s->next--;
				break;
			}
			break;
		}
		case 0x0207:			/* STRING */
			if (s->pending == NULL || len < 3)
				break;
			s->pend_left = le16(r);
			o = 3;
			if (r[2] & 0x08)
				o += 2;
			if (r[2] & 0x04)
				o += 4;
			if (o > len || xls_scan_chars(s, r + o, r + len,
			    r[2] & 1) == -1)
				return -1;
			if (s->pend_left == 0)
				s->pending = NULL;
			break;
		case 0x003c:			/* CONTINUE */
			if (s->pending == NULL || len < 1)
				break;
			if (xls_scan_chars(s, r + 1, r + len, r[0] & 1) == -1)
				return -1;
			if (s->pend_left == 0)
				s->pending = NULL;
			break;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Telling what a file is, before freexl reads it. */

static const unsigned char cfb_magic[8] = {
	0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1
};

static int
cfb_has(const struct cfb_entry *e, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if ((e[i].type == 1 || e[i].type == 2) &&
		    strcmp(e[i].name, name) == 0)
			return 1;
	return 0;
}

static void
xls_scan_free(struct xls_scan *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->next; i++)
		free(s->ext[i].s);
	free(s->ext);
	free(s->bound);
	free(s->ndim);
	free(s->keys);
	free(s->xf);
	free(s->fmt);
	free(s->merge);
	free(s);
}

/* Extra cells in order of sheet, row and column, the last of a cell last. */
static int
xls_extra_cmp(const void *a, const void *b)
{
	const struct xls_extra *x = a, *y = b;

	if (x->sheet != y->sheet)
		return x->sheet < y->sheet ? -1 : 1;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Merged ranges by sheet, first row and column, then extent. */
static int
xls_merge_cmp(const void *a, const void *b)
{
	const struct xls_merge *x = a, *y = b;

	if (x->sheet != y->sheet)
		return x->sheet < y->sheet ? -1 : 1;
	if (x->r1 != y->r1)
		return x->r1 < y->r1 ? -1 : 1;
	if (x->c1 != y->c1)
		return x->c1 < y->c1 ? -1 : 1;
	if (x->r2 != y->r2)
		return x->r2 < y->r2 ? -1 : 1;
	return (x->c2 > y->c2) - (x->c2 < y->c2);
}

/*
 * Whether path is a workbook freexl can be given: 0 with what its records
 * say in *scan (the caller frees it with xls_scan_free()), or -1 with the
 * reason in err.
 */
static int
xls_check(const char *path, struct xls_scan **scan, char *err, size_t errlen)
{
	struct cfb	 c;
	struct cfb_entry *ents = NULL, *wb = NULL, *root = NULL;
	struct xls_scan	*s = NULL;
	struct stat	 st;
	unsigned char	 h[512], *data = NULL;
	size_t		 nents = 0, nfirst = 0, i, dup;
	const char	*why = NULL;
	ssize_t		 n;
	int		 rc = -1;

	memset(&c, 0, sizeof c);
	if ((c.fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		xf_errf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	if (fstat(c.fd, &st) == -1) {
		xf_errf(err, errlen, "%s", strerror(errno));
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		xf_errf(err, errlen, "not a regular file");
		goto out_close;
	}
	c.fsize = (uint64_t)st.st_size;
	n = pread(c.fd, h, sizeof h, 0);
	if (n < 0) {
		xf_errf(err, errlen, "%s", strerror(errno));
		goto out_close;
	}
	if (n < 8 || memcmp(h, cfb_magic, 8) != 0) {
		if (n >= 4 && memcmp(h, "PK\3\4", 4) == 0)
			xf_errf(err, errlen, "not an .xls workbook: a zip "
			    "file (an .xlsx is read as one)");
		else if (n >= 2 && h[1] <= 0x04 && (h[0] == 0x09) &&
		    (h[1] == 0x00 || h[1] == 0x02 || h[1] == 0x04))
			/* freexl reads these too, but loosely. */
			xf_errf(err, errlen, "an Excel 2.x-4.0 worksheet, "
			    "which is not read: " XLS_RESAVE);
		else
			xf_errf(err, errlen, "not an .xls workbook (no "
			    "compound file signature)");
		goto out_close;
	}
	if ((size_t)n < sizeof h) {
		xf_errf(err, errlen, "not a readable .xls workbook: the "
		    "file is cut short");
		goto out_close;
	}
	if (cfb_load(&c, h, &why) == -1 ||
	    cfb_dir(&c, &ents, &nents, &nfirst, &why) == -1) {
		xf_errf(err, errlen, "not a readable .xls workbook: %s", why);
		goto out_free;
	}

	/* What the compound file holds, by its streams' names. */
	if (cfb_has(ents, nents, "EncryptionInfo") ||
	    cfb_has(ents, nents, "EncryptedPackage")) {
		xf_errf(err, errlen, "%s", XLS_ENCRYPTED);
		goto out_free;
	}
	if (!cfb_has(ents, nents, "Workbook") &&
	    !cfb_has(ents, nents, "Book")) {
		if (cfb_has(ents, nents, "WordDocument"))
			xf_errf(err, errlen, "not a workbook: a Word "
			    "document (.doc)");
		else if (cfb_has(ents, nents, "PowerPoint Document"))
			xf_errf(err, errlen, "not a workbook: a PowerPoint "
			    "presentation (.ppt)");
		else if (cfb_has(ents, nents, "VisioDocument"))
			xf_errf(err, errlen, "not a workbook: a Visio "
			    "drawing");
		else
			xf_errf(err, errlen, "not a workbook: a compound "
			    "document with no workbook stream in it (a WPS "
			    ".et file must be saved as .xlsx in WPS)");
		goto out_free;
	}

	/*
	 * The entries freexl reads: those of the first directory sector
	 * up to the first "Workbook" or "Book", the last "Root Entry"
	 * among them giving the mini stream.
	 */
	for (i = 0; i < nfirst; i++) {
		if (ents[i].name_size > 64) {
			xf_errf(err, errlen, "not a readable .xls workbook: "
			    "a damaged compound file (directory name)");
			goto out_free;
		}
		if (strcmp(ents[i].name, "Root Entry") == 0)
			root = &ents[i];
		if (strcmp(ents[i].name, "Workbook") == 0 ||
		    strcmp(ents[i].name, "Book") == 0) {
			wb = &ents[i];
			break;
		}
	}
	if (wb == NULL) {
		xf_errf(err, errlen, "not a readable .xls workbook: its "
		    "workbook stream is not where freexl looks for it: "
		    XLS_RESAVE);
		goto out_free;
	}
	if (wb->size <= c.cutoff) {
		/* freexl takes the stream as the mini stream's start. */
		if (root == NULL || root->size > c.fsize ||
		    wb->size > root->size ||
		    cfb_stream(&c, root->start, root->size, 0, &data,
		    &why) == -1) {
			xf_errf(err, errlen, "not a readable .xls workbook: "
			    "%s", why ? why : "a damaged compound file "
			    "(mini stream)");
			goto out_free;
		}
	} else if (cfb_stream(&c, wb->start, wb->size, 1, &data,
	    &why) == -1) {
		xf_errf(err, errlen, "not a readable .xls workbook: %s", why);
		goto out_free;
	}
	if (root != NULL && root->size > c.fsize) {
		xf_errf(err, errlen, "not a readable .xls workbook: a "
		    "damaged compound file (mini stream size)");
		goto out_free;
	}

	if ((s = calloc(1, sizeof *s)) == NULL ||
	    xls_scan_records(s, data, wb->size) == -1) {
		xf_errf(err, errlen, "out of memory");
		goto out_free;
	}
	/*
	 * freexl makes up the range of a sheet without a DIMENSION record
	 * on a second pass, which allocates it for the wrong sheet (and
	 * leaks that one's cells); a second DIMENSION leaks the first's.
	 */
	for (i = 0; i < s->nbound && !s->encrypted; i++)
		if (s->ndim[i] != 1)
			break;
	if (s->nkeys > 1)
		qsort(s->keys, s->nkeys, sizeof *s->keys, xls_key_cmp);
	for (dup = 1; dup < s->nkeys; dup++)
		if (s->keys[dup] == s->keys[dup - 1])
			break;
	if (s->encrypted)
		xf_errf(err, errlen, "%s", XLS_ENCRYPTED);
	else if (s->overrun)
		xf_errf(err, errlen, "not a readable .xls workbook: text "
		    "that runs past its record");
	else if (i < s->nbound)
		xf_errf(err, errlen, "not a readable .xls workbook: sheet "
		    "%zu has %s DIMENSION record, which freexl cannot read "
		    "right: " XLS_RESAVE, i + 1, s->ndim[i] == 0 ? "no" :
		    "more than one");
	else if (dup < s->nkeys) {
		char	 col[8];

		xf_errf(err, errlen, "not a readable .xls workbook: sheet "
		    "%u, cell %s%u: given twice", (unsigned)(s->keys[dup] >>
		    40) + 1, xf_column_name((int)(s->keys[dup] & 0xffff) + 1,
		    col, sizeof col),
		    (unsigned)(s->keys[dup] >> 16 & 0xffffff) + 1);
	}
	else if (s->bad_sheet != 0) {
		char	 col[8];

		xf_errf(err, errlen, "not a readable .xls workbook: sheet "
		    "%d, cell %s%u: a date past 9999-12-31, which freexl "
		    "cannot convert: mend the cell, or " XLS_RESAVE,
		    s->bad_sheet, xf_column_name((int)s->bad_col + 1, col,
		    sizeof col), s->bad_row + 1);
	} else if (s->merge_sheet != 0)
		xf_errf(err, errlen, "not a readable .xls workbook: sheet "
		    "%d: a MERGEDCELLS record counts %u merged ranges and "
		    "holds %zu", s->merge_sheet, s->merge_count,
		    s->merge_room);
	else if (s->merge_many == 1)
		xf_errf(err, errlen, "not a readable .xls workbook: more "
		    "than %d merged ranges", XLS_MAX_MERGES);
	else if (s->merge_many == 2)
		xf_errf(err, errlen, "not a readable .xls workbook: more "
		    "than %ld cells in merged ranges", XLS_MAX_MERGE_AREA);
	else if (s->cells > XLS_MAX_CELLS)
		xf_errf(err, errlen, "not a readable .xls workbook: its "
		    "sheets declare more than %ld cells", XLS_MAX_CELLS);
	else if (s->days > XLS_MAX_DAYS)
		xf_errf(err, errlen, "not a readable .xls workbook: too "
		    "many dates for freexl to convert in reasonable time: "
		    XLS_RESAVE);
	else {
		/* The cells' order; of the same cell, the last wins. */
		if (s->next > 1)
			qsort(s->ext, s->next, sizeof *s->ext,
			    xls_extra_cmp);
		if (s->nmerge > 1)
			qsort(s->merge, s->nmerge, sizeof *s->merge,
			    xls_merge_cmp);
		*scan = s;
		s = NULL;
		rc = 0;
	}
out_free:
	xls_scan_free(s);
	free(data);
	free(ents);
	free(c.fat);
out_close:
	close(c.fd);
	return rc;
}

/* A freexl error code in words. */
static const char *
xls_strerror(int code)
{
	switch (code) {
	case FREEXL_FILE_NOT_FOUND:
		return "the file cannot be opened";
	case FREEXL_INSUFFICIENT_MEMORY:
		return "out of memory, or a sheet or string table larger "
		    "than freexl takes";
	case FREEXL_INVALID_CFBF_HEADER:
	case FREEXL_CFBF_INVALID_SIGNATURE:
	case FREEXL_CFBF_INVALID_SECTOR_SIZE:
		return "a damaged compound file header";
	case FREEXL_CFBF_READ_ERROR:
	case FREEXL_CFBF_SEEK_ERROR:
	case FREEXL_CFBF_EMPTY_FAT_CHAIN:
	case FREEXL_CFBF_ILLEGAL_FAT_ENTRY:
	case FREEXL_INVALID_MINI_STREAM:
	case FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY:
		return "a damaged compound file (its sectors do not add up)";
	case FREEXL_BIFF_INVALID_BOF:
		return "the workbook stream is not an Excel 5.0-2003 "
		    "workbook";
	case FREEXL_BIFF_INVALID_SST:
	case FREEXL_BIFF_ILLEGAL_SST_INDEX:
		return "a damaged shared string table";
	case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
		return "no workbook stream";
	case FREEXL_BIFF_ILLEGAL_SHEET_INDEX:
		return "a sheet that is not there";
	case FREEXL_INVALID_CHARACTER:
		return "text that cannot be converted to UTF-8";
	case FREEXL_UNSUPPORTED_CHARSET:
		return "text in a code page freexl cannot convert";
	case FREEXL_ILLEGAL_CELL_ROW_COL:
		return "a cell outside its sheet's declared range";
	case FREEXL_ILLEGAL_RK_VALUE:
		return "a damaged number record";
	case FREEXL_CRAFTED_FILE:
		return "damaged or crafted records";
	default:
		return "a record freexl cannot read";
	}
}

/* ------------------------------------------------------------------ */
/* The book. */

/*
 * A merged range covering the row being read, with the value of its
 * top-left cell (none when that cell is empty or was never read): its
 * text borrowed from freexl or the scan, a date's copied.
 */
struct xls_act {
	const struct xls_merge *m;
	int		 has;
	struct xf_cell	 v;
	int		 own;		/* v.s is date */
	char		 date[XLS_DATE_TEXT];
};

struct xls_book {
	struct xf_book	 base;
	const void	*xl;		/* the freexl handle */
	int		 nsheets;
	const char	**names;	/* borrowed from xl */
	int		 mode1904;
	int		 sheet;		/* the open sheet, or -1 */
	unsigned	 rows;		/* of the open sheet */
	unsigned	 cols;
	unsigned	 row;		/* the next to read, from 0 */
	struct xf_cell	*cells;		/* cols of them */
	char		*dates;		/* XLS_DATE_LEN bytes a column */
	struct xls_scan	*scan;		/* the cells freexl does not give */
	size_t		 ext;		/* the open sheet's next in scan */
	unsigned	 last;		/* rows to read, merged ones too */
	const struct xls_merge *m;	/* the open sheet's ranges, in scan */
	size_t		 nm;
	size_t		 mnext;		/* the next to come in force */
	struct xls_act	*act;		/* those in force, by first column */
	size_t		 nact, capact;
	struct xf_cell	*out;		/* cols of them: the row with ranges */
};

/* Days from 0001-01-01 in freexl's calendar: every fourth year leaps. */
static long long
xls_freexl_days(long long y, int m, int d)
{
	static const int before[12] = {
		0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
	};
	long long	 n;

	n = 365 * (y - 1) + (y - 1) / 4 + before[m - 1] + d;
	if (m > 2 && y % 4 == 0)
		n++;
	return n;
}

/* Parse n digits at s; -1 if they are not. */
static long long
xls_digits(const char *s, size_t n)
{
	long long	 v = 0;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (!xf_isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * freexl's date (and time) text s as a cell: a date in our forms, or
 * the serial number when past 9999 (the scan keeps those out); 0, or -1
 * if s is not what freexl writes.  The date is recounted from the serial
 * freexl's calendar implies (its 24th hour too).
 */
static int
xls_date(struct xls_book *b, int type, const char *s, char *out,
    struct xf_cell *cell)
{
	size_t		 len = strlen(s), ylen = 0;
	long long	 y = 0, serial;
	int		 m = 0, d = 0, hh = 0, mm = 0, ss = 0, yy, mo, dd, secs;
	double		 v;
	const char	*t = s;

	if (type != FREEXL_CELL_TIME) {
		while (ylen < len && xf_isdigit((unsigned char)s[ylen]))
			ylen++;
		if (ylen < 4 || ylen > 12 || len < ylen + 6 ||
		    s[ylen] != '-' || s[ylen + 3] != '-')
			return -1;
		y = xls_digits(s, ylen);
		m = (int)xls_digits(s + ylen + 1, 2);
		d = (int)xls_digits(s + ylen + 4, 2);
		if (m < 1 || m > 12 || d < 1 || d > 31)
			return -1;
		t = s + ylen + 6;
		if (type == FREEXL_CELL_DATETIME) {
			if (*t != ' ')
				return -1;
			t++;
		} else if (*t != '\0')
			return -1;
	}
	if (type != FREEXL_CELL_DATE) {
		if (strlen(t) != 8 || t[2] != ':' || t[5] != ':')
			return -1;
		hh = (int)xls_digits(t, 2);
		mm = (int)xls_digits(t + 3, 2);
		ss = (int)xls_digits(t + 6, 2);
		if (hh < 0 || hh > 24 || mm < 0 || mm > 59 || ss < 0 ||
		    ss > 59)
			return -1;
	}
	cell->type = XF_CELL_DATE;
	if (type == FREEXL_CELL_TIME) {
		snprintf(out, XLS_DATE_LEN, "%02d:%02d:%02d", hh % 24, mm, ss);
		cell->s = out;
		cell->len = 8;
		return 0;
	}

	/* The serial freexl counted from, and the true date of it. */
	if (b->mode1904)
		serial = xls_freexl_days(y, m, d) -
		    xls_freexl_days(1904, 1, 1);
	else
		serial = xls_freexl_days(y, m, d) -
		    xls_freexl_days(1900, 1, 1) + 1;
	v = (double)serial + (hh * 3600 + mm * 60 + ss) / 86400.0;
	if (xf_excel_date(v, b->mode1904, &yy, &mo, &dd, &secs) == -1 ||
	    dd == 0) {
		cell->type = XF_CELL_NUMBER;
		cell->num = v;
		cell->s = NULL;
		cell->len = 0;
		return 0;
	}
	if (type == FREEXL_CELL_DATE) {
		snprintf(out, XLS_DATE_LEN, "%04d-%02d-%02d", yy, mo, dd);
		cell->len = 10;
	} else {
		snprintf(out, XLS_DATE_LEN, "%04d-%02d-%02d %02d:%02d:%02d",
		    yy, mo, dd, secs / 3600, secs / 60 % 60, secs % 60);
		cell->len = 19;
	}
	cell->s = out;
	return 0;
}

static int
xls_nsheets(struct xf_book *book)
{
	return ((struct xls_book *)book)->nsheets;
}

static const char *
xls_sheet_name(struct xf_book *book, int i)
{
	struct xls_book	*b = (struct xls_book *)book;

	if (i < 0 || i >= b->nsheets)
		return NULL;
	return b->names[i];
}

static int
xls_sheet_open(struct xf_book *book, int i, char *err, size_t errlen)
{
	struct xls_book	*b = (struct xls_book *)book;
	FreeXL_CellValue v;
	unsigned int	 rows;
	unsigned short	 cols;
	struct xf_cell	*cells;
	char		*dates;
	size_t		 k;
	int		 rc;

	b->sheet = -1;
	if (i < 0 || i >= b->nsheets) {
		xf_errf(err, errlen, "no sheet %d", i + 1);
		return -1;
	}
	rc = freexl_select_active_worksheet(b->xl, (unsigned short)i);
	if (rc == FREEXL_OK)
		rc = freexl_worksheet_dimensions(b->xl, &rows, &cols);
	if (rc != FREEXL_OK) {
		xf_errf(err, errlen, "sheet '%s': %s", b->names[i],
		    xls_strerror(rc));
		return -1;
	}
	/*
	 * freexl may declare a range and keep no cells for it (a sheet
	 * without a DIMENSION record in a workbook of several).
	 */
	if (rows > 0 && cols > 0 &&
	    freexl_get_cell_value(b->xl, 0, 0, &v) != FREEXL_OK) {
		xf_errf(err, errlen, "sheet '%s': freexl kept none of its "
		    "cells: " XLS_RESAVE, b->names[i]);
		return -1;
	}
	if (cols > 0) {
		if ((cells = realloc(b->cells, cols * sizeof *cells)) == NULL)
			goto out_nomem;
		b->cells = cells;
		dates = realloc(b->dates, (size_t)cols * XLS_DATE_LEN);
		if (dates == NULL)
			goto out_nomem;
		b->dates = dates;
	}
	b->ext = 0;
	while (b->ext < b->scan->next && b->scan->ext[b->ext].sheet < i)
		b->ext++;
	b->rows = cols > 0 ? rows : 0;
	b->cols = cols;
	b->row = 0;
	b->last = b->rows;
	b->nact = 0;
	b->mnext = 0;
	/*
	 * The sheet's merged ranges; those whose top-left cell is in the
	 * declared range may hold a value, given down to their last row.
	 */
	b->m = NULL;
	b->nm = 0;
	for (k = 0; k < b->scan->nmerge && b->scan->merge[k].sheet < i; k++)
		continue;
	for (; k < b->scan->nmerge && b->scan->merge[k].sheet == i; k++) {
		if (b->nm++ == 0)
			b->m = &b->scan->merge[k];
		if (b->scan->merge[k].r1 < b->rows &&
		    b->scan->merge[k].c1 < b->cols &&
		    b->scan->merge[k].r2 >= b->last)
			b->last = (unsigned)b->scan->merge[k].r2 + 1;
	}
	if (b->nm > 0 && b->rows > 0) {
		if ((cells = realloc(b->out, cols * sizeof *cells)) == NULL)
			goto out_nomem;
		b->out = cells;
	} else
		b->nm = 0;
	b->sheet = i;
	return 0;
out_nomem:
	xf_errf(err, errlen, "out of memory");
	return -1;
}

static int
xls_sheet_width(struct xf_book *book)
{
	struct xls_book	*b = (struct xls_book *)book;

	return b->sheet < 0 ? -1 : (int)b->cols;
}

/*
 * The cells freexl and the scan give for row b->row, in b->cells: how
 * many in *np; 0, or -1 with err.
 */
static int
xls_row_read(struct xls_book *b, size_t *np, char *err, size_t errlen)
{
	FreeXL_CellValue v;
	struct xf_cell	*c;
	struct xls_extra *x;
	size_t		 n;
	unsigned	 col;
	char		 cn[8];
	int		 rc;

	n = 0;
	while (b->ext < b->scan->next &&
	    b->scan->ext[b->ext].sheet == b->sheet &&
	    b->scan->ext[b->ext].row < b->row)
		b->ext++;
	for (col = 0; col < b->cols; col++) {
		x = NULL;
		while (b->ext < b->scan->next &&
		    b->scan->ext[b->ext].sheet == b->sheet &&
		    b->scan->ext[b->ext].row == b->row &&
		    b->scan->ext[b->ext].col <= col) {
			if (b->scan->ext[b->ext].col == col)
				x = &b->scan->ext[b->ext];
			b->ext++;
		}
		if (x != NULL) {
			c = &b->cells[n++];
			c->col = (int)col;
			c->type = x->type;
			c->s = x->s != NULL ? x->s : "";
			c->len = x->len;
			c->num = x->num;
			continue;
		}
		rc = freexl_get_cell_value(b->xl, b->row,
		    (unsigned short)col, &v);
		if (rc != FREEXL_OK) {
			xf_errf(err, errlen, "sheet '%s', cell %s%u: "
			    "%s", b->names[b->sheet],
			    xf_column_name((int)col + 1, cn, sizeof cn),
			    b->row + 1, xls_strerror(rc));
			return -1;
		}
		c = &b->cells[n];
		c->col = (int)col;
		c->s = NULL;
		c->len = 0;
		c->num = 0;
		switch (v.type) {
		case FREEXL_CELL_NULL:
			continue;
		case FREEXL_CELL_INT:
			c->type = XF_CELL_NUMBER;
			c->num = v.value.int_value;
			break;
		case FREEXL_CELL_DOUBLE:
			c->type = XF_CELL_NUMBER;
			c->num = v.value.double_value;
			if (!isfinite(c->num)) {
				c->type = XF_CELL_ERROR;
				c->s = "#NUM!";
				c->len = 5;
				c->num = 0;
			}
			break;
		case FREEXL_CELL_TEXT:
		case FREEXL_CELL_SST_TEXT:
			if (v.value.text_value == NULL)
				continue;
			c->type = XF_CELL_TEXT;
			c->s = v.value.text_value;
			c->len = strlen(c->s);
			if (!xf_utf8_valid(c->s, c->len, 0, NULL)) {
				xf_errf(err, errlen, "sheet '%s', "
				    "cell %s%u: text not valid UTF-8",
				    b->names[b->sheet],
				    xf_column_name((int)col + 1, cn,
				    sizeof cn), b->row + 1);
				return -1;
			}
			break;
		case FREEXL_CELL_DATE:
		case FREEXL_CELL_DATETIME:
		case FREEXL_CELL_TIME:
			if (v.value.text_value == NULL ||
			    xls_date(b, v.type, v.value.text_value,
			    b->dates + XLS_DATE_LEN * (size_t)col, c) == -1) {
				xf_errf(err, errlen, "sheet '%s', "
				    "cell %s%u: a date freexl gives "
				    "as '%s'", b->names[b->sheet],
				    xf_column_name((int)col + 1, cn,
				    sizeof cn), b->row + 1,
				    v.value.text_value ?
				    v.value.text_value : "");
				return -1;
			}
			break;
		default:
			continue;
		}
		n++;
	}
	*np = n;
	return 0;
}

/* Take the ranges that end before row b->row out of those in force. */
static void
xls_merge_retire(struct xls_book *b)
{
	size_t	 i, k = 0;

	for (i = 0; i < b->nact; i++)
		if (b->act[i].m->r2 >= b->row)
			b->act[k++] = b->act[i];
	b->nact = k;
}

/* In force by first column, then by their order in the scan. */
static int
xls_act_cmp(const void *a, const void *b)
{
	const struct xls_act *x = a, *y = b;

	if (x->m->c1 != y->m->c1)
		return x->m->c1 < y->m->c1 ? -1 : 1;
	return (x->m > y->m) - (x->m < y->m);
}

/*
 * Put the ranges that start on row b->row in force, with the value of
 * their top-left cell among the row's n cells.  0, or -1 (memory).
 */
static int
xls_merge_activate(struct xls_book *b, size_t n)
{
	const struct xls_merge *m;
	const struct xf_cell *c;
	struct xls_act	*a;
	size_t		 before = b->nact, lo, hi, mid, cap;

	for (; b->mnext < b->nm && b->m[b->mnext].r1 <= b->row; b->mnext++) {
		m = &b->m[b->mnext];
		if (m->r2 < b->row || m->c1 >= b->cols)
			continue;
		if (b->nact == b->capact) {
			cap = b->capact ? b->capact * 2 : 16;
			if ((a = realloc(b->act, cap * sizeof *a)) == NULL)
				return -1;
			b->act = a;
			b->capact = cap;
		}
		a = &b->act[b->nact++];
		a->m = m;
		a->has = 0;
		a->own = 0;
		if (m->r1 != b->row)
			continue;
		c = NULL;
		for (lo = 0, hi = n; lo < hi && c == NULL; ) {
			mid = lo + (hi - lo) / 2;
			if (b->cells[mid].col == m->c1)
				c = &b->cells[mid];
			else if (b->cells[mid].col < m->c1)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (c == NULL)
			continue;
		a->has = 1;
		a->v = *c;
		if (c->type == XF_CELL_DATE) {
			/* The text of a date of freexl's is the row's. */
			if (a->v.len >= sizeof a->date)
				a->v.len = sizeof a->date - 1;
			memcpy(a->date, c->s, a->v.len);
			a->date[a->v.len] = '\0';
			a->own = 1;
		}
	}
	if (b->nact > before && b->nact > 1)
		qsort(b->act, b->nact, sizeof *b->act, xls_act_cmp);
	return 0;
}

/*
 * The row's n cells with the ranges in force, in b->out: every cell of a
 * range in the sheet's width has the value of its top-left one, and
 * what else the row has in it is dropped; where ranges overlap, the one
 * that starts further left (or first) wins.  How many.
 */
static size_t
xls_merge_compose(struct xls_book *b, size_t n)
{
	const struct xls_act *a;
	struct xf_cell	*o;
	size_t		 i, k = 0, no = 0;
	long		 covered = -1, c, c2;

	for (i = 0; i < b->nact; i++) {
		a = &b->act[i];
		for (; k < n && b->cells[k].col < a->m->c1; k++)
			if (b->cells[k].col > covered)
				b->out[no++] = b->cells[k];
		c2 = a->m->c2 < b->cols ? a->m->c2 : (long)b->cols - 1;
		if (a->has)
			for (c = a->m->c1 > covered ? a->m->c1 : covered + 1;
			    c <= c2; c++) {
				o = &b->out[no++];
				*o = a->v;
				o->col = (int)c;
				if (a->own)
					o->s = a->date;
			}
		if (c2 > covered)
			covered = c2;
	}
	for (; k < n; k++)
		if (b->cells[k].col > covered)
			b->out[no++] = b->cells[k];
	return no;
}

static int
xls_row_next(struct xf_book *book, long *row, const struct xf_cell **cells,
    size_t *ncells, char *err, size_t errlen)
{
	struct xls_book	*b = (struct xls_book *)book;
	const struct xf_cell *give;
	size_t		 n, ngive;

	if (b->sheet < 0) {
		xf_errf(err, errlen, "no sheet open");
		return -1;
	}
	for (; b->row < b->last; b->row++) {
		n = 0;
		if (b->row < b->rows && xls_row_read(b, &n, err, errlen) == -1)
			return -1;
		give = b->cells;
		ngive = n;
		if (b->nm > 0) {
			xls_merge_retire(b);
			if (xls_merge_activate(b, n) == -1) {
				xf_errf(err, errlen, "out of memory");
				return -1;
			}
			if (b->nact > 0) {
				give = b->out;
				ngive = xls_merge_compose(b, n);
			}
		}
		if (ngive > 0) {
			*row = (long)b->row + 1;
			*cells = give;
			*ncells = ngive;
			b->row++;
			return 1;
		}
	}
	return 0;
}

static void
xls_close(struct xf_book *book)
{
	struct xls_book	*b = (struct xls_book *)book;

	if (b == NULL)
		return;
	if (b->xl != NULL)
		freexl_close(b->xl);
	free(b->names);
	free(b->cells);
	free(b->dates);
	free(b->act);
	free(b->out);
	xls_scan_free(b->scan);
	free(b);
}

static const struct xf_book_ops xls_ops = {
	.name = "xls",
	.nsheets = xls_nsheets,
	.sheet_name = xls_sheet_name,
	.sheet_open = xls_sheet_open,
	.sheet_width = xls_sheet_width,
	.row_next = xls_row_next,
	.close = xls_close,
};

struct xf_book *
xf_xls_open(const char *path, char *err, size_t errlen)
{
	struct xls_book	*b;
	struct xls_scan	*scan = NULL;
	const void	*xl = NULL;
	unsigned int	 info;
	const char	*name;
	int		 rc, i;

	if (xls_check(path, &scan, err, errlen) == -1)
		return NULL;
	if ((b = calloc(1, sizeof *b)) == NULL) {
		xls_scan_free(scan);
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	b->base.ops = &xls_ops;
	b->scan = scan;
	b->sheet = -1;
	/*
	 * freexl_open() frees what it made and gives NULL on most
	 * failures, but not when it cannot open the file; and it may fail
	 * with FREEXL_OK and NULL (a record it cannot parse).
	 */
	rc = freexl_open(path, &xl);
	if (rc != FREEXL_OK || xl == NULL) {
		if (xl != NULL)
			freexl_close(xl);
		xf_errf(err, errlen, "not a readable .xls workbook: %s "
		    "(freexl error %d); if it opens in Excel or WPS, save it "
		    "as .xlsx and give that file", xls_strerror(rc), rc);
		goto out_close;
	}
	b->xl = xl;
	/*
	 * freexl 1.0.6 says FREEXL_BIFF_PLAIN, or something else for a
	 * FILEPASS record (the scan finds those first).
	 */
	if (freexl_get_info(xl, FREEXL_BIFF_PASSWORD, &info) != FREEXL_OK ||
	    info != FREEXL_BIFF_PLAIN) {
		xf_errf(err, errlen, "%s", XLS_ENCRYPTED);
		goto out_close;
	}
	if (freexl_get_info(xl, FREEXL_BIFF_DATEMODE, &info) != FREEXL_OK) {
		xf_errf(err, errlen, "not a readable .xls workbook: no date "
		    "system");
		goto out_close;
	}
	b->mode1904 = info == FREEXL_BIFF_DATEMODE_1904;
	if (freexl_get_info(xl, FREEXL_BIFF_SHEET_COUNT, &info) !=
	    FREEXL_OK) {
		xf_errf(err, errlen, "not a readable .xls workbook: no "
		    "sheets");
		goto out_close;
	}
	/* freexl numbers sheets with an unsigned short. */
	b->nsheets = info > USHRT_MAX ? USHRT_MAX + 1 : (int)info;
	if (b->nsheets > 0 &&
	    (b->names = calloc((size_t)b->nsheets, sizeof *b->names)) ==
	    NULL) {
		xf_errf(err, errlen, "out of memory");
		goto out_close;
	}
	for (i = 0; i < b->nsheets; i++) {
		rc = freexl_get_worksheet_name(xl, (unsigned short)i, &name);
		if (rc != FREEXL_OK) {
			xf_errf(err, errlen, "not a readable .xls workbook: "
			    "sheet %d: %s", i + 1, xls_strerror(rc));
			goto out_close;
		}
		if (name == NULL ||
		    !xf_utf8_valid(name, strlen(name), 0, NULL))
			name = "";
		b->names[i] = name;
	}
	return &b->base;
out_close:
	xls_close(&b->base);
	return NULL;
}
