/*
 * xlsx.c - the sheets of an .xlsx workbook as rows of typed cells
 *
 * An .xlsx is a zip of XML parts (ECMA-376, Office Open XML), read here
 * with minizip and parsed with expat as each part is inflated, a chunk
 * at a time: memory holds a chunk, the current row and the merged
 * ranges of the open sheet, never a sheet.  The shared strings are
 * spilled to an unlinked temporary file, with only their offsets and
 * lengths in memory, and read back with pread(2) for the row that uses
 * them.
 *
 * A sheet is read in two passes: a plain scan for its merged ranges
 * (<mergeCells> comes after <sheetData>), then the cells, the parser
 * suspended (XML_StopParser) at the end of each row and resumed for the
 * next.  Elements are matched on their local name, whatever their
 * prefix (x:c) or namespace (transitional and strict OOXML alike).
 *
 * The file may be hostile: every size is bounded (Excel's own limits
 * where it has them), a DOCTYPE is refused so that no entity is ever
 * expanded, and nothing the file says is trusted.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <expat.h>
#include <minizip/unzip.h>

#include "xf-private.h"

#define CHUNK		65536		/* bytes inflated at a time */
#define SCAN_KEEP	4096		/* the longest <mergeCell> tag */
#define MAX_ROWS	1048576L	/* Excel's: rows 1 to 1048576 */
#define MAX_COLS	16384		/* columns A to XFD */
#define MAX_TEXT	32767		/* a cell's text, in UTF-16 units */
#define MAX_RAW		(7 * MAX_TEXT)	/* its bytes before _xHHHH_ escapes */
#define MAX_ROW_TEXT	(32L << 20)	/* the text of one row */
#define MAX_TOKEN	(16 << 20)	/* bytes parsed with no event */
#define MAX_NAME	1024		/* a part's name, a relationship's */
#define MAX_SHEET_NAME	256		/* Excel's: 31 characters */
#define MAX_RELS_BYTES	(16 << 20)	/* the relationships of a part */
#define MAX_DEPTH	1000		/* elements within elements */
#define MAX_SHEETS	65536
#define MAX_RELS	(1 << 17)
#define MAX_STYLES	(1 << 20)	/* cell formats (Excel's: 64000) */
#define MAX_NUMFMTS	(1 << 16)
#define MAX_STRINGS	(1 << 24)	/* shared strings */
#define MAX_MERGES	1000000
#define MAX_MERGE_AREA	(1L << 24)	/* cells of the merged ranges */
#define MAX_MERGE_TEXT	(64L << 20)	/* their text held at a time */
#define SST_LENBITS	17		/* 3 * MAX_TEXT < 2^17 */

#define BAD		"not a readable .xlsx workbook: "
#define SAVE_AS		"save it as .xlsx (Excel 2007-365) and give that file"
#define COPY_TO		"copy the table into a spreadsheet, " SAVE_AS

/* What a number format shows. */
enum fmt {
	FMT_NUMBER,
	FMT_DATE,		/* a date: y, m or d */
	FMT_DATETIME,		/* a date and a time of day */
	FMT_TIME		/* a time, no y, m or d */
};

/* A part being parsed. */
struct xin {
	XML_Parser	 p;
	unzFile		 uf;
	const char	*part;		/* its name, for messages */
	uint64_t	 fed;		/* bytes given to the parser */
	uint64_t	 seen;		/* fed when a handler last ran */
	int		 opened;	/* the part is open in the zip */
	int		 nomem;
	int		 depth;		/* of elements open */
	XML_StartElementHandler start;	/* the part's handlers */
	XML_EndElementHandler end;
	XML_CharacterDataHandler text;
	char		 why[200];	/* a handler's reason to stop */
};

struct rel {
	char	*id;
	char	*type;
	char	*target;
	int	 external;
};

struct sheet {
	char	*name;
	char	*rid;		/* its relationship, until resolved */
	char	*part;		/* NULL: no part (an error when opened) */
	int	 empty;		/* a chart or dialog sheet: no rows */
};

/* A merged range, and the value of its top-left cell once read. */
struct merge {
	long			 r1, r2;	/* rows, from 1 */
	int			 c1, c2;	/* columns, from 0 */
	int			 has;
	enum xf_cell_type	 type;
	double			 num;
	char			*s;
	size_t			 len;
};

enum rstate {
	R_NONE,			/* no sheet open */
	R_PARSE,		/* reading the sheet's XML */
	R_DRAIN,		/* the XML read; merged rows may be left */
	R_END,
	R_ERROR
};

/* The open sheet. */
struct rows {
	struct xin	 in;		/* first: the handlers' argument */
	struct xlsx	*x;
	enum rstate	 state;
	int		 width;		/* from <dimension>, or -1 */
	int		 data;		/* inside <sheetData> */
	int		 datadone;	/* <sheetData> met */
	int		 inrow, inc, inv, inis, int_, rph;
	long		 xrow;		/* the row parsed */
	int		 ready;		/* it is whole, not yet given */
	long		 given;		/* the last row given */
	/* The cell being parsed. */
	int		 col;
	int		 lastcol;
	char		 t;		/* n s i(nline) f(ormula str) b e d */
	unsigned long	 style;
	int		 hasval;
	struct xf_buf	 val;
	/* The row's cells; their text in text, at off. */
	struct xf_cell	*cells;
	size_t		*off;
	size_t		 ncells, cellcap;
	struct xf_buf	 text;
	/* The cells with the merged ranges' (merge_compose()). */
	struct xf_cell	*out;
	size_t		 outcap;
	/* The merged ranges by first row; those covering the row. */
	struct merge	*m;
	size_t		 nm, mcap, mnext;
	uint64_t	 marea;
	struct merge	**act;
	size_t		 nact;
	size_t		 mtext;
	char		 err[256];	/* the reason, once stuck */
};

struct xlsx {
	struct xf_book	 book;		/* first: what reader.c holds */
	unzFile		 uf;
	struct sheet	*sheets;
	int		 nsheets;
	int		 date1904;
	unsigned char	*xfmt;		/* enum fmt of each cell format */
	size_t		 nxf;
	int		 sstfd;		/* the spilled shared strings, or -1 */
	uint64_t	*sst;		/* offset << SST_LENBITS | length */
	size_t		 nsst;
	struct rows	 rows;
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

static const char *
lname(const char *name)
{
	const char	*c = strrchr(name, ':');

	return c != NULL ? c + 1 : name;
}

/* An attribute by its local name, or NULL. */
static const char *
attr(const XML_Char **atts, const char *name)
{
	for (; atts[0] != NULL; atts += 2)
		if (strcmp(lname(atts[0]), name) == 0)
			return atts[1];
	return NULL;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* A copy of s, or NULL when longer than MAX_NAME or out of memory. */
static char *
name_dup(const char *s)
{
	size_t	 n = strnlen(s, MAX_NAME + 1);

	return n > MAX_NAME ? NULL : strndup(s, n);
}

/* Whether a relationship type's last segment is kind. */
static int
type_is(const char *type, const char *kind)
{
	const char	*s;

	if (type == NULL)
		return 0;
	s = strrchr(type, '/');
	return strcmp(s != NULL ? s + 1 : type, kind) == 0;
}

/*
 * A cell reference ("B3", "$B$3") at s: its column (from 0) and row
 * (from 1); the bytes it took, or 0 when none.
 */
static size_t
ref_parse(const char *s, size_t len, int *col, long *row)
{
	size_t	 i = 0, start;
	long	 c = 0, r = 0;
	int	 ch;

	if (i < len && s[i] == '$')
		i++;
	start = i;
	while (i < len && (ch = lower((unsigned char)s[i])) >= 'a' &&
	    ch <= 'z') {
		c = c * 26 + (ch - 'a' + 1);
		if (c > MAX_COLS)
			return 0;
		i++;
	}
	if (i == start)
		return 0;
	if (i < len && s[i] == '$')
		i++;
	start = i;
	while (i < len && xf_isdigit((unsigned char)s[i])) {
		r = r * 10 + (s[i] - '0');
		if (r > MAX_ROWS)
			return 0;
		i++;
	}
	if (i == start || r == 0)
		return 0;
	*col = (int)c - 1;
	*row = r;
	return i;
}

/* The name of a cell, "B3", in buf (at least 16 bytes). */
static const char *
cell_name(int col, long row, char *buf, size_t len)
{
	char	 l[8];

	snprintf(buf, len, "%s%ld", xf_column_name(col + 1, l, sizeof(l)),
	    row);
	return buf;
}

/* A decimal number that fits in an unsigned long: 0, or -1. */
static int
ulong_parse(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long	 v = 0;

	if (!xf_isdigit((unsigned char)*s))
		return -1;
	for (; xf_isdigit((unsigned char)*s); s++) {
		if (v > (max - (unsigned long)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	if (*s != '\0')
		return -1;
	*out = v;
	return 0;
}

static int
hexval(int c)
{
	if (xf_isdigit(c))
		return c - '0';
	c = lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The code unit of an escape "_xHHHH_" at s (n bytes left), or -1. */
static long
xescape(const char *s, size_t n)
{
	long	 u = 0;
	int	 i, h;

	if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
		return -1;
	for (i = 2; i < 6; i++) {
		if ((h = hexval((unsigned char)s[i])) == -1)
			return -1;
		u = u * 16 + h;
	}
	return u;
}

/*
 * Decode in place the escapes of an OOXML string (ST_Xstring): _x000D_
 * is a carriage return, _x005F_ an underscore; a pair of surrogates is
 * one character.  An escape of NUL or of a lone surrogate stays as it
 * is written.  The new length; never longer.
 */
static size_t
xstring_decode(char *s, size_t len)
{
	size_t	 i = 0, o = 0;
	long	 u, lo;

	while (i < len) {
		if (s[i] == '_' && (u = xescape(s + i, len - i)) > 0) {
			if (u >= 0xD800 && u <= 0xDBFF &&
			    (lo = xescape(s + i + 7, len - i - 7)) >= 0xDC00 &&
			    lo <= 0xDFFF) {
				o += xf_utf8_put(s + o, 0x10000 +
				    ((unsigned long)(u - 0xD800) << 10) +
				    (unsigned long)(lo - 0xDC00));
				i += 14;
				continue;
			}
			if (u < 0xD800 || u > 0xDFFF) {
				o += xf_utf8_put(s + o, (unsigned long)u);
				i += 7;
				continue;
			}
		}
		s[o++] = s[i++];
	}
	if (o < len)
		s[o] = '\0';
	return o;
}

/* The length of UTF-8 text in UTF-16 code units, as Excel counts. */
static size_t
utf16_units(const char *s, size_t len)
{
	size_t	 i, n = 0;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c & 0xC0) != 0x80)
			n += c >= 0xF0 ? 2 : 1;
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* Number formats                                                      */

/* What the built-in number format id shows (en-US and zh-CN alike). */
static enum fmt
fmt_builtin(unsigned long id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 ||
	    (id >= 50 && id <= 54) || id == 57 || id == 58)
		return FMT_DATE;
	if (id == 22)
		return FMT_DATETIME;
	if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) ||
	    (id >= 45 && id <= 47) || id == 55 || id == 56)
		return FMT_TIME;
	return FMT_NUMBER;
}

/*
 * Past what a format code holds that is no token at p: a quoted text,
 * an escaped, padding or fill character, a [...] that is not elapsed
 * time, AM/PM.  The next byte to look at; *tok is the token met there,
 * or 0.
 */
static const char *
fmt_skip(const char *p, int *tok)
{
	const char	*q;
	size_t		 n;

	*tok = 0;
	switch (*p) {
	case '"':
		q = strchr(p + 1, '"');
		return q != NULL ? q + 1 : p + strlen(p);
	case '\\':
	case '_':
	case '*':
		return p[1] != '\0' ? p + 2 : p + 1;
	case '[':
		if ((q = strchr(p + 1, ']')) == NULL)
			return p + strlen(p);
		n = (size_t)(q - p - 1);
		if (n > 0 && strspn(p + 1, "hHmMsS") == n)
			*tok = lower((unsigned char)p[1]) == 'm' ? 'M' :
			    lower((unsigned char)p[1]);
		return q + 1;
	}
	if (strncasecmp(p, "AM/PM", 5) == 0) {
		*tok = 'a';
		return p + 5;
	}
	if (strncasecmp(p, "A/P", 3) == 0) {
		*tok = 'a';
		return p + 3;
	}
	switch (lower((unsigned char)*p)) {
	case 'y':
	case 'd':
	case 'h':
	case 's':
	case 'm':
		*tok = lower((unsigned char)*p);
		break;
	}
	return p + 1;
}

/*
 * What a custom format code shows: a date when it has y, m or d, a time
 * when it has h, s, minutes (m after h or before s), [h] or AM/PM,
 * outside quotes, [...] and escapes.  "0.00", "General", "@" and
 * "\"年\"0" are numbers.
 */
static enum fmt
fmt_classify(const char *code)
{
	const char	*p, *q;
	int		 tok, next, date = 0, time = 0, afterh = 0;

	for (p = code; *p != '\0'; ) {
		p = fmt_skip(p, &tok);
		switch (tok) {
		case 'y':
		case 'd':
			date = 1;
			afterh = 0;
			break;
		case 'h':
			time = afterh = 1;
			break;
		case 's':
		case 'a':
		case 'M':		/* [mm]: elapsed minutes */
			time = 1;
			afterh = 0;
			break;
		case 'm':
			while (lower((unsigned char)*p) == 'm')
				p++;
			/* Minutes after an hour or before seconds. */
			for (q = p, next = 0; *q != '\0' && next == 0; )
				q = fmt_skip(q, &next);
			if (afterh || next == 's' || next == 'M')
				time = 1;
			else
				date = 1;
			afterh = 0;
			break;
		}
	}
	if (date)
		return time ? FMT_DATETIME : FMT_DATE;
	return time ? FMT_TIME : FMT_NUMBER;
}

/*
 * The text of a DATE cell for serial v shown in a format of class f:
 * "YYYY-MM-DD", with " hh:mm:ss" when the format shows a time or v has
 * one (to the second); "hh:mm:ss" alone for a time format and v below
 * 1.  The 1900 system has Excel's 1900-02-29 (serial 60) and no day 0
 * (1900-01-00).  0, or -1 when v is no date Excel shows.
 */
static int
serial_text(double v, int date1904, enum fmt f, char *buf, size_t len)
{
	int	 y, m, d, secs;

	if (xf_excel_date(v, date1904, &y, &m, &d, &secs) == -1)
		return -1;
	if (f == FMT_TIME && v < 1) {
		snprintf(buf, len, "%02d:%02d:%02d", secs / 3600,
		    secs / 60 % 60, secs % 60);
		return 0;
	}
	if (d == 0)
		return -1;	/* Excel's 1900-01-00 */
	if (f == FMT_DATETIME || f == FMT_TIME || secs != 0)
		snprintf(buf, len, "%04d-%02d-%02d %02d:%02d:%02d",
		    y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
	else
		snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* n digits at *s as a number; -1 when they are not there. */
static int
digits(const char **s, int n)
{
	int	 v = 0;

	while (n-- > 0) {
		if (!xf_isdigit((unsigned char)**s))
			return -1;
		v = v * 10 + (*(*s)++ - '0');
	}
	return v;
}

/*
 * The text of a DATE cell for an ISO 8601 value (a t="d" cell):
 * "YYYY-MM-DD[Thh:mm[:ss[.fff]]][Z|+hh:mm]" or a time alone; the zone
 * is dropped, the seconds rounded.  0, or -1 when it is none.
 */
static int
iso_text(const char *s, enum fmt f, char *buf, size_t len)
{
	int	 y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
	int	 hasdate = 0, hastime = 0;
	long long t;
	int64_t	 z = 0;
	double	 frac = 0;

	if (strlen(s) > 64)
		return -1;
	if (s[0] != '\0' && s[1] != '\0' && s[2] != ':') {
		if ((y = digits(&s, 4)) < 0 || *s++ != '-' ||
		    (mo = digits(&s, 2)) < 1 || mo > 12 || *s++ != '-' ||
		    (d = digits(&s, 2)) < 1 || d > xf_days_in_month(y, mo))
			return -1;
		hasdate = 1;
		if (*s == 'T' || *s == ' ')
			s++;
		else if (*s != '\0')
			return -1;
	}
	if (*s != '\0') {
		if ((h = digits(&s, 2)) < 0 || h > 23 || *s++ != ':' ||
		    (mi = digits(&s, 2)) < 0 || mi > 59)
			return -1;
		if (*s == ':') {
			s++;
			if ((sec = digits(&s, 2)) < 0 || sec > 59)
				return -1;
			if (*s == '.' || *s == ',') {
				frac = 0.5 * (xf_isdigit((unsigned char)s[1]) &&
				    s[1] >= '5');
				for (s++; xf_isdigit((unsigned char)*s); s++)
					continue;
			}
		}
		if (*s == 'Z')
			s++;
		else if (*s == '+' || *s == '-') {
			s++;
			if (digits(&s, 2) < 0)
				return -1;
			if (*s == ':')
				s++;
			if (*s != '\0' && digits(&s, 2) < 0)
				return -1;
		}
		if (*s != '\0')
			return -1;
		hastime = 1;
	}
	if (!hasdate && !hastime)
		return -1;
	t = (long long)h * 3600 + mi * 60 + sec + (frac > 0);
	if (hasdate)
		z = xf_days_from_civil(y, mo, d) + t / 86400;
	t %= 86400;
	if (!hasdate) {
		snprintf(buf, len, "%02lld:%02lld:%02lld", t / 3600,
		    t / 60 % 60, t % 60);
		return 0;
	}
	xf_civil_from_days(z, &y, &mo, &d);
	if (y > 9999)
		return -1;
	if (f == FMT_DATETIME || f == FMT_TIME || t != 0)
		snprintf(buf, len, "%04d-%02d-%02d %02lld:%02lld:%02lld", y,
		    mo, d, t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(buf, len, "%04d-%02d-%02d", y, mo, d);
	return 0;
}

/* A number as Excel writes it in <v>: 0, or -1 when it is none. */
static int
number_parse(const char *s, double *out)
{
	char	*end;

	if (*s == '\0' || s[strspn(s, "+-.0123456789eE")] != '\0')
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	if (*end != '\0' || !isfinite(*out))
		return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The zip and its parts                                               */

static const char *
zip_why(int rc)
{
	switch (rc) {
	case UNZ_CRCERROR:
		return "damaged (bad checksum)";
	case Z_DATA_ERROR:
		return "damaged (bad compressed data)";
	case Z_MEM_ERROR:
		return "out of memory";
	case UNZ_ERRNO:
		return "read error";
	default:
		return "damaged zip archive";
	}
}

/* Decode %XX in a part name into buf: 0, or -1. */
static int
pct_decode(const char *s, char *buf, size_t len)
{
	size_t	 o = 0;
	int	 hi, lo;

	for (; *s != '\0'; s++) {
		if (o + 1 >= len)
			return -1;
		if (*s == '%' && (hi = hexval((unsigned char)s[1])) != -1 &&
		    (lo = hexval((unsigned char)s[2])) != -1 &&
		    hi * 16 + lo != 0) {
			buf[o++] = (char)(hi * 16 + lo);
			s += 2;
		} else
			buf[o++] = *s;
	}
	buf[o] = '\0';
	return 0;
}

/* Make part the zip's current file: 0, or 1 when it has none. */
static int
zip_find(unzFile uf, const char *part)
{
	char	 dec[MAX_NAME + 1];

	if (unzLocateFile(uf, part, 2) == UNZ_OK)
		return 0;
	if (strchr(part, '%') != NULL &&
	    pct_decode(part, dec, sizeof(dec)) == 0 &&
	    unzLocateFile(uf, dec, 2) == UNZ_OK)
		return 0;
	return 1;
}

/* Open part in the zip for reading: 0, 1 when missing, -1 with err. */
static int
part_open(unzFile uf, const char *part, char *err, size_t errlen)
{
	unz_file_info64	 fi;
	int		 rc;

	if (zip_find(uf, part) != 0)
		return 1;
	rc = unzGetCurrentFileInfo64(uf, &fi, NULL, 0, NULL, 0, NULL, 0);
	if (rc != UNZ_OK) {
		xf_errf(err, errlen, BAD "%s: %s", part, zip_why(rc));
		return -1;
	}
	if (fi.flag & 1) {
		xf_errf(err, errlen, BAD "%s: encrypted in the zip", part);
		return -1;
	}
	if (fi.compression_method != 0 &&
	    fi.compression_method != Z_DEFLATED) {
		xf_errf(err, errlen, BAD "%s: compressed by method %lu, not "
		    "deflate", part, (unsigned long)fi.compression_method);
		return -1;
	}
	if ((rc = unzOpenCurrentFile(uf)) != UNZ_OK) {
		xf_errf(err, errlen, BAD "%s: %s", part, zip_why(rc));
		return -1;
	}
	return 0;
}

/* The first bytes of part into buf (NUL-terminated); -1 if missing. */
static int
part_head(unzFile uf, const char *part, char *buf, size_t len)
{
	int	 n;

	buf[0] = '\0';
	if (part_open(uf, part, NULL, 0) != 0)
		return -1;
	n = unzReadCurrentFile(uf, buf, (unsigned)len - 1);
	(void)unzCloseCurrentFile(uf);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/*
 * The part target names, relative to the folder base ("xl/") or, when
 * it starts with '/', to the package's root, with "." and ".." taken
 * away: 0, or -1 (too long, or out of the package).
 */
static int
part_resolve(const char *base, const char *target, char *buf, size_t len)
{
	char	 path[2 * MAX_NAME + 2];
	char	*seg, *save = NULL;
	size_t	 o = 0, n, stack[MAX_NAME];
	int	 depth = 0;

	if (target[0] == '/')
		n = (size_t)snprintf(path, sizeof(path), "%s", target + 1);
	else
		n = (size_t)snprintf(path, sizeof(path), "%s%s", base, target);
	if (n >= sizeof(path) || len == 0)
		return -1;
	buf[0] = '\0';
	for (seg = strtok_r(path, "/", &save); seg != NULL;
	    seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			if (depth == 0)
				return -1;
			o = stack[--depth];
			buf[o] = '\0';
			continue;
		}
		n = strlen(seg);
		if (o + n + 2 > len || o + n + 1 > MAX_NAME)
			return -1;
		stack[depth++] = o;
		if (o > 0)
			buf[o++] = '/';
		memcpy(buf + o, seg, n);
		o += n;
		buf[o] = '\0';
	}
	return o > 0 ? 0 : -1;
}

/* The folder of part, with its slash ("xl/"), in buf. */
static void
part_folder(const char *part, char *buf, size_t len)
{
	const char	*s = strrchr(part, '/');
	size_t		 n = s != NULL ? (size_t)(s - part) + 1 : 0;

	if (n >= len)
		n = 0;
	memcpy(buf, part, n);
	buf[n] = '\0';
}

/* ------------------------------------------------------------------ */
/* Parsing a part                                                      */

static void
xin_stop(struct xin *in, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Stop parsing for a reason (the first given is kept). */
static void
xin_stop(struct xin *in, const char *fmt, ...)
{
	va_list	 ap;

	if (in->why[0] == '\0') {
		va_start(ap, fmt);
		xf_verrf(in->why, sizeof(in->why), fmt, ap);
		va_end(ap);
		if (in->why[0] == '\0')
			snprintf(in->why, sizeof(in->why), "stopped");
	}
	(void)XML_StopParser(in->p, XML_FALSE);
}

static void
xin_nomem(struct xin *in)
{
	in->nomem = 1;
	xin_stop(in, "out of memory");
}

/*
 * What expat calls, ud beginning with the struct xin: the part's own
 * handlers, unless parsing has been stopped (some calls may still come
 * then), with the depth of elements bounded.
 */
static void XMLCALL
xin_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xin	*in = ud;

	in->seen = in->fed;
	if (in->why[0] != '\0')
		return;
	if (++in->depth > MAX_DEPTH) {
		xin_stop(in, "elements nested more than %d deep", MAX_DEPTH);
		return;
	}
	in->start(ud, name, atts);
}

static void XMLCALL
xin_end_element(void *ud, const XML_Char *name)
{
	struct xin	*in = ud;

	in->seen = in->fed;
	in->depth--;
	if (in->why[0] == '\0' && in->end != NULL)
		in->end(ud, name);
}

static void XMLCALL
xin_text(void *ud, const XML_Char *s, int len)
{
	struct xin	*in = ud;

	in->seen = in->fed;
	if (in->why[0] == '\0')
		in->text(ud, s, len);
}

static void XMLCALL
xin_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int subset)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)subset;
	xin_stop(ud, "a DOCTYPE, which is not allowed");
}

/*
 * Open part and a parser for it, ud the handlers' argument (which
 * begins with in): 0, 1 when the part is missing, -1 with err.
 */
static int
xin_begin(struct xin *in, unzFile uf, const char *part, void *ud,
    XML_StartElementHandler start, XML_EndElementHandler end,
    XML_CharacterDataHandler text, char *err, size_t errlen)
{
	int	 rc;

	memset(in, 0, sizeof(*in));
	in->uf = uf;
	in->part = part;
	if ((rc = part_open(uf, part, err, errlen)) != 0)
		return rc;
	in->opened = 1;
	if ((in->p = XML_ParserCreate(NULL)) == NULL) {
		xf_errf(err, errlen, "out of memory");
		(void)unzCloseCurrentFile(uf);
		in->opened = 0;
		return -1;
	}
	(void)XML_SetParamEntityParsing(in->p,
	    XML_PARAM_ENTITY_PARSING_NEVER);
	XML_SetUserData(in->p, ud);
	XML_SetStartDoctypeDeclHandler(in->p, xin_doctype);
	in->start = start;
	in->end = end;
	in->text = text;
	XML_SetElementHandler(in->p, xin_start, xin_end_element);
	if (text != NULL)
		XML_SetCharacterDataHandler(in->p, xin_text);
	return 0;
}

/*
 * Free the parser and close the part; when whole (read to its end), 0
 * only if its checksum is right, else -1 with err.
 */
static int
xin_end(struct xin *in, int whole, char *err, size_t errlen)
{
	int	 rc = UNZ_OK;

	if (in->p != NULL)
		XML_ParserFree(in->p);
	in->p = NULL;
	if (in->opened)
		rc = unzCloseCurrentFile(in->uf);
	in->opened = 0;
	if (whole && rc != UNZ_OK) {
		xf_errf(err, errlen, BAD "%s: %s", in->part, zip_why(rc));
		return -1;
	}
	return 0;
}

static void
xin_error(struct xin *in, char *err, size_t errlen)
{
	enum XML_Error	 code = XML_GetErrorCode(in->p);

	if (in->nomem || code == XML_ERROR_NO_MEMORY)
		xf_errf(err, errlen, "out of memory");
	else if (code == XML_ERROR_ABORTED && in->why[0] != '\0')
		xf_errf(err, errlen, BAD "%s: %s", in->part, in->why);
	else
		xf_errf(err, errlen, BAD "%s: XML error at line %lu: %s",
		    in->part, (unsigned long)XML_GetCurrentLineNumber(in->p),
		    XML_ErrorString(code));
}

/*
 * Parse on, a chunk or up to the next suspension: 1 when there is more,
 * 2 when a handler suspended the parser, 0 at the end of the part (the
 * parser freed and the part closed), -1 with err.
 */
static int
xin_feed(struct xin *in, char *err, size_t errlen)
{
	XML_ParsingStatus	 st;
	enum XML_Status		 rc;
	void			*buf;
	int			 n;

	XML_GetParsingStatus(in->p, &st);
	if (st.parsing == XML_SUSPENDED)
		rc = XML_ResumeParser(in->p);
	else {
		if ((buf = XML_GetBuffer(in->p, CHUNK)) == NULL) {
			xin_error(in, err, errlen);
			return -1;
		}
		n = unzReadCurrentFile(in->uf, buf, CHUNK);
		if (n < 0) {
			xf_errf(err, errlen, BAD "%s: %s", in->part,
			    zip_why(n));
			return -1;
		}
		in->fed += (unsigned)n;
		rc = XML_ParseBuffer(in->p, n, n == 0);
	}
	if (rc == XML_STATUS_ERROR) {
		xin_error(in, err, errlen);
		return -1;
	}
	if (rc == XML_STATUS_SUSPENDED)
		return 2;
	if (in->fed - in->seen > MAX_TOKEN) {
		xf_errf(err, errlen, BAD "%s: XML error at line %lu: a token "
		    "longer than %d MB", in->part,
		    (unsigned long)XML_GetCurrentLineNumber(in->p),
		    MAX_TOKEN >> 20);
		return -1;
	}
	XML_GetParsingStatus(in->p, &st);
	if (st.parsing != XML_FINISHED)
		return 1;
	return xin_end(in, 1, err, errlen);
}

/*
 * Parse a whole part with these handlers: 0, 1 when the part is
 * missing, -1 with err.
 */
static int
xin_run(struct xin *in, unzFile uf, const char *part, void *ud,
    XML_StartElementHandler start, XML_EndElementHandler end,
    XML_CharacterDataHandler text, char *err, size_t errlen)
{
	int	 rc;

	rc = xin_begin(in, uf, part, ud, start, end, text, err, errlen);
	if (rc != 0)
		return rc;
	while ((rc = xin_feed(in, err, errlen)) > 0)
		continue;
	if (rc == -1)
		(void)xin_end(in, 0, NULL, 0);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The package: relationships, content types, the workbook             */

struct relsrd {
	struct xin	 in;
	struct rel	*v;
	size_t		 n, cap;
	size_t		 bytes;		/* of their strings */
};

static void XMLCALL
rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct relsrd	*r = ud;
	const char	*id, *type, *target, *mode;
	struct rel	*v;

	if (strcmp(lname(name), "Relationship") != 0)
		return;
	id = attr(atts, "Id");
	type = attr(atts, "Type");
	target = attr(atts, "Target");
	mode = attr(atts, "TargetMode");
	if (id == NULL || target == NULL)
		return;
	r->bytes += strlen(id) + strlen(target) +
	    (type != NULL ? strlen(type) : 0);
	if (r->n == MAX_RELS || r->bytes > MAX_RELS_BYTES) {
		xin_stop(&r->in, "more than %d relationships", MAX_RELS);
		return;
	}
	if ((v = xf_grow(r->v, &r->cap, r->n + 1, sizeof(*v))) == NULL) {
		xin_nomem(&r->in);
		return;
	}
	r->v = v;
	v = &r->v[r->n];
	v->id = name_dup(id);
	v->type = type != NULL ? name_dup(type) : NULL;
	v->target = name_dup(target);
	v->external = mode != NULL && strcmp(mode, "External") == 0;
	if (v->id == NULL || v->target == NULL ||
	    (type != NULL && v->type == NULL)) {
		free(v->id);
		free(v->type);
		free(v->target);
		if (strlen(id) > MAX_NAME || strlen(target) > MAX_NAME ||
		    (type != NULL && strlen(type) > MAX_NAME))
			return;		/* not one of ours */
		xin_nomem(&r->in);
		return;
	}
	r->n++;
}

static void
rels_release(struct relsrd *r)
{
	size_t	 i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].id);
		free(r->v[i].type);
		free(r->v[i].target);
	}
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}

/* The relationships of part (its folder's _rels/NAME.rels). */
static int
rels_read(struct xlsx *x, const char *part, struct relsrd *r, char *err,
    size_t errlen)
{
	char		 path[MAX_NAME + 16], dir[MAX_NAME + 1];
	const char	*file = strrchr(part, '/');

	memset(r, 0, sizeof(*r));
	part_folder(part, dir, sizeof(dir));
	file = file != NULL ? file + 1 : part;
	snprintf(path, sizeof(path), "%s_rels/%s.rels", dir, file);
	return xin_run(&r->in, x->uf, path, r, rels_start, NULL, NULL,
	    err, errlen);
}

/* The target of the first internal relationship of a kind, or NULL. */
static const struct rel *
rels_find(const struct relsrd *r, const char *kind)
{
	size_t	 i;

	for (i = 0; i < r->n; i++)
		if (!r->v[i].external && type_is(r->v[i].type, kind))
			return &r->v[i];
	return NULL;
}

struct ctypesrd {
	struct xin	 in;
	char		*workbook;	/* the workbook's part name */
	int		 xlsb;
};

static void XMLCALL
ctypes_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct ctypesrd	*c = ud;
	const char	*part, *ct;
	size_t		 n;

	if (strcmp(lname(name), "Override") != 0 ||
	    c->workbook != NULL)
		return;
	part = attr(atts, "PartName");
	ct = attr(atts, "ContentType");
	if (part == NULL || ct == NULL)
		return;
	if (strstr(ct, "ms-excel.sheet.binary") != NULL) {
		c->xlsb = 1;
		return;
	}
	n = strlen(ct);
	if ((strstr(ct, "spreadsheetml.") == NULL &&
	    strstr(ct, "ms-excel.") == NULL) || n <= 9 ||
	    strcmp(ct + n - 9, ".main+xml") != 0)
		return;
	if (part[0] == '/')
		part++;
	if (strlen(part) > MAX_NAME)
		return;
	if ((c->workbook = strdup(part)) == NULL)
		xin_nomem(&c->in);
}

struct wbrd {
	struct xin	 in;
	struct xlsx	*x;
	int		 root;		/* the root element has been met */
	int		 notwb;		/* it is not a workbook */
	char		 rootname[32];
	size_t		 cap;		/* of x->sheets */
};

static void XMLCALL
wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct wbrd	*w = ud;
	struct xlsx	*x = w->x;
	struct sheet	*s;
	const char	*n = lname(name), *v, *id;

	if (!w->root) {
		w->root = 1;
		if (strcmp(n, "workbook") != 0) {
			snprintf(w->rootname, sizeof(w->rootname), "%s", n);
			w->notwb = 1;
			xin_stop(&w->in, "not a workbook");
		}
		return;
	}
	if (strcmp(n, "workbookPr") == 0) {
		v = attr(atts, "date1904");
		x->date1904 = v != NULL && (strcmp(v, "1") == 0 ||
		    strcmp(v, "true") == 0);
		return;
	}
	if (strcmp(n, "sheet") != 0)
		return;
	v = attr(atts, "name");
	id = attr(atts, "id");
	if (x->nsheets == MAX_SHEETS) {
		xin_stop(&w->in, "more than %d sheets", MAX_SHEETS);
		return;
	}
	s = xf_grow(x->sheets, &w->cap, (size_t)x->nsheets + 1, sizeof(*s));
	if (s == NULL) {
		xin_nomem(&w->in);
		return;
	}
	x->sheets = s;
	s = &x->sheets[x->nsheets];
	memset(s, 0, sizeof(*s));
	if (v == NULL)
		v = "";
	if (strlen(v) > MAX_SHEET_NAME) {
		xin_stop(&w->in, "a sheet name longer than %d bytes",
		    MAX_SHEET_NAME);
		return;
	}
	s->name = strdup(v);
	s->rid = id != NULL ? name_dup(id) : NULL;
	if (s->name == NULL || (id != NULL && s->rid == NULL &&
	    strlen(id) <= MAX_NAME)) {
		free(s->name);
		free(s->rid);
		xin_nomem(&w->in);
		return;
	}
	x->nsheets++;
}

/* ------------------------------------------------------------------ */
/* Styles: which cell formats show dates                               */

struct numfmt {
	unsigned long	 id;
	enum fmt	 f;
};

struct stylesrd {
	struct xin	 in;
	struct numfmt	*fmts;
	size_t		 nfmts, fcap;
	unsigned long	*xfs;		/* numFmtId of each cell format */
	size_t		 nxfs, xcap;
	int		 cellxfs;	/* inside <cellXfs> */
};

static void XMLCALL
styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct stylesrd	*s = ud;
	const char	*n = lname(name), *id, *code;
	unsigned long	 v = 0;
	void		*p;

	if (strcmp(n, "numFmt") == 0) {
		id = attr(atts, "numFmtId");
		code = attr(atts, "formatCode");
		if (id == NULL || code == NULL ||
		    ulong_parse(id, 0xFFFFFFFFUL, &v) == -1)
			return;
		if (s->nfmts == MAX_NUMFMTS) {
			xin_stop(&s->in, "more than %d number formats",
			    MAX_NUMFMTS);
			return;
		}
		p = xf_grow(s->fmts, &s->fcap, s->nfmts + 1, sizeof(*s->fmts));
		if (p == NULL) {
			xin_nomem(&s->in);
			return;
		}
		s->fmts = p;
		s->fmts[s->nfmts].id = v;
		s->fmts[s->nfmts++].f = fmt_classify(code);
	} else if (strcmp(n, "cellXfs") == 0)
		s->cellxfs = 1;
	else if (strcmp(n, "xf") == 0 && s->cellxfs) {
		id = attr(atts, "numFmtId");
		if (id == NULL || ulong_parse(id, 0xFFFFFFFFUL, &v) == -1)
			v = 0;
		if (s->nxfs == MAX_STYLES) {
			xin_stop(&s->in, "more than %d cell formats",
			    MAX_STYLES);
			return;
		}
		p = xf_grow(s->xfs, &s->xcap, s->nxfs + 1, sizeof(*s->xfs));
		if (p == NULL) {
			xin_nomem(&s->in);
			return;
		}
		s->xfs = p;
		s->xfs[s->nxfs++] = v;
	}
}

static void XMLCALL
styles_end(void *ud, const XML_Char *name)
{
	struct stylesrd	*s = ud;

	if (strcmp(lname(name), "cellXfs") == 0)
		s->cellxfs = 0;
}

static int
numfmt_cmp(const void *a, const void *b)
{
	const struct numfmt *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Read the styles: what each cell format shows.  0, or -1 with err. */
static int
styles_read(struct xlsx *x, const char *part, char *err, size_t errlen)
{
	struct stylesrd	 s;
	struct numfmt	 key, *f;
	size_t		 i;
	int		 rc;

	memset(&s, 0, sizeof(s));
	rc = xin_run(&s.in, x->uf, part, &s, styles_start, styles_end, NULL,
	    err, errlen);
	if (rc == 1)
		rc = 0;		/* no styles: no dates */
	if (rc == 0 && s.nxfs > 0) {
		if (s.nfmts > 0)
			qsort(s.fmts, s.nfmts, sizeof(*s.fmts), numfmt_cmp);
		if ((x->xfmt = malloc(s.nxfs)) == NULL) {
			xf_errf(err, errlen, "out of memory");
			rc = -1;
		} else {
			for (i = 0; i < s.nxfs; i++) {
				key.id = s.xfs[i];
				f = s.nfmts > 0 ? bsearch(&key, s.fmts, s.nfmts,
				    sizeof(*s.fmts), numfmt_cmp) : NULL;
				x->xfmt[i] = (unsigned char)(f != NULL ? f->f :
				    fmt_builtin(s.xfs[i]));
			}
			x->nxf = s.nxfs;
		}
	}
	free(s.fmts);
	free(s.xfs);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Shared strings, spilled to a temporary file                         */

struct sstrd {
	struct xin	 in;
	struct xlsx	*x;
	int		 insi, int_, rph;
	struct xf_buf	 s;		/* the string being read */
	size_t		 cap;		/* of x->sst */
	char		*buf;		/* bytes not yet written */
	char		*wbuf;		/* what sst_flush() writes */
	size_t		 wlen;
	uint64_t	 off;		/* the file's length, written or not */
	int		 werr;		/* errno of a failed write */
};

static int
sst_flush(struct sstrd *r)
{
	size_t	 done = 0;
	ssize_t	 n;

	while (done < r->wlen) {
		n = write(r->x->sstfd, r->wbuf + done, r->wlen - done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			r->werr = n == 0 ? EIO : errno;
			return -1;
		}
		done += (size_t)n;
	}
	r->wlen = 0;
	return 0;
}

/* Add the string read to the file and its place to the index. */
static void
sst_put(struct sstrd *r)
{
	struct xlsx	*x = r->x;
	size_t		 len = r->s.len;
	uint64_t	*v;

	if (len > 0)
		len = xstring_decode(r->s.p, len);
	if (utf16_units(r->s.p, len) > MAX_TEXT) {
		xin_stop(&r->in, "string %zu is longer than %d characters",
		    x->nsst, MAX_TEXT);
		return;
	}
	if (x->nsst == MAX_STRINGS ||
	    r->off + len >= (uint64_t)1 << (64 - SST_LENBITS)) {
		xin_stop(&r->in, "more than %d strings", MAX_STRINGS);
		return;
	}
	if ((v = xf_grow(x->sst, &r->cap, x->nsst + 1, sizeof(*v))) == NULL) {
		xin_nomem(&r->in);
		return;
	}
	x->sst = v;
	if (r->wlen + len > CHUNK && sst_flush(r) == -1) {
		xin_stop(&r->in, "a temporary file: %s", strerror(r->werr));
		return;
	}
	if (len > CHUNK) {
		/* Longer than the buffer: written as it is. */
		r->wbuf = r->s.p;
		r->wlen = len;
		if (sst_flush(r) == -1)
			xin_stop(&r->in, "a temporary file: %s",
			    strerror(r->werr));
		r->wbuf = r->buf;
		if (r->werr != 0)
			return;
	} else if (len > 0) {
		memcpy(r->wbuf + r->wlen, r->s.p, len);
		r->wlen += len;
	}
	x->sst[x->nsst++] = r->off << SST_LENBITS | len;
	r->off += len;
}

static void XMLCALL
sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sstrd	*r = ud;
	const char	*n = lname(name);

	(void)atts;
	if (strcmp(n, "si") == 0) {
		r->insi = 1;
		r->int_ = r->rph = 0;
		xf_buf_reset(&r->s);
	} else if (!r->insi)
		return;
	else if (strcmp(n, "rPh") == 0)
		r->rph++;
	else if (strcmp(n, "t") == 0 && r->rph == 0)
		r->int_ = 1;
}

static void XMLCALL
sst_end(void *ud, const XML_Char *name)
{
	struct sstrd	*r = ud;
	const char	*n = lname(name);

	if (!r->insi)
		return;
	if (strcmp(n, "si") == 0) {
		r->insi = 0;
		sst_put(r);
	} else if (strcmp(n, "rPh") == 0 && r->rph > 0)
		r->rph--;
	else if (strcmp(n, "t") == 0)
		r->int_ = 0;
}

static void XMLCALL
sst_text(void *ud, const XML_Char *s, int len)
{
	struct sstrd	*r = ud;

	if (!r->int_ || r->rph > 0)
		return;
	if (r->s.len + (size_t)len > MAX_RAW) {
		xin_stop(&r->in, "string %zu is longer than %d characters",
		    r->x->nsst, MAX_TEXT);
		return;
	}
	if (xf_buf_add(&r->s, s, (size_t)len) == -1)
		xin_nomem(&r->in);
}

/* Read the shared strings into the temporary file: 0, or -1 with err. */
static int
sst_read(struct xlsx *x, const char *part, char *err, size_t errlen)
{
	struct sstrd	 r;
	int		 rc;

	if (zip_find(x->uf, part) != 0)
		return 0;
	memset(&r, 0, sizeof(r));
	r.x = x;
	if ((r.buf = r.wbuf = malloc(CHUNK)) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return -1;
	}
	if ((x->sstfd = xf_tmp_file(NULL, err, errlen)) == -1) {
		free(r.buf);
		return -1;
	}
	rc = xin_run(&r.in, x->uf, part, &r, sst_start, sst_end, sst_text,
	    err, errlen);
	if (rc == 1)
		rc = 0;
	if (rc == 0 && sst_flush(&r) == -1) {
		xf_errf(err, errlen, "a temporary file: %s",
		    strerror(r.werr));
		rc = -1;
	}
	free(r.buf);
	xf_buf_release(&r.s);
	return rc;
}

/* Append shared string i to b: 0, or -1 with the reason in why. */
static int
sst_get(struct xlsx *x, size_t i, struct xf_buf *b, const char **why)
{
	size_t	 len = (size_t)(x->sst[i] & ((1u << SST_LENBITS) - 1));
	off_t	 off = (off_t)(x->sst[i] >> SST_LENBITS);
	size_t	 done = 0;
	ssize_t	 n;
	char	*p;

	if ((p = xf_grow(b->p, &b->cap, b->len + len + 1, 1)) == NULL)
		return xf_fail(why, "out of memory");
	b->p = p;
	p += b->len;
	while (done < len) {
		n = pread(x->sstfd, p + done, len - done, off + (off_t)done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return xf_fail(why, "cannot read back the temporary "
			    "file of shared strings");
		done += (size_t)n;
	}
	b->len += len;
	b->p[b->len] = '\0';
	return 0;
}

/* ------------------------------------------------------------------ */
/* Merged ranges                                                       */

static int
merge_cmp(const void *a, const void *b)
{
	const struct merge *x = a, *y = b;

	if (x->r1 != y->r1)
		return x->r1 < y->r1 ? -1 : 1;
	return (x->c1 > y->c1) - (x->c1 < y->c1);
}

static int
merge_ptr_cmp(const void *a, const void *b)
{
	const struct merge *x = *(struct merge *const *)a;
	const struct merge *y = *(struct merge *const *)b;

	if (x->c1 != y->c1)
		return x->c1 < y->c1 ? -1 : 1;
	return (x > y) - (x < y);
}

/*
 * The attributes of a <mergeCell> tag, s[0, len) after its name and up
 * to its '>': add its range.  0 (also for a tag that is not one, or a
 * range of one cell), -1 with err.
 */
static int
merge_tag(struct rows *r, const char *part, const char *s, size_t len,
    char *err, size_t errlen)
{
	size_t		 i = 0, an, vs, k;
	const char	*a;
	char		 q;
	struct merge	 m, *v;
	int		 c;
	long		 row;

	if (len == 0 || (s[0] != ' ' && s[0] != '\t' && s[0] != '\n' &&
	    s[0] != '\r' && s[0] != '/'))
		return 0;
	for (;;) {
		while (i < len && strchr(" \t\r\n/", s[i]) != NULL)
			i++;
		if (i == len)
			return 0;
		a = s + i;
		for (an = 0; i < len && strchr(" \t\r\n=", s[i]) == NULL; i++)
			an++;
		while (i < len && strchr(" \t\r\n", s[i]) != NULL)
			i++;
		if (i == len || s[i++] != '=')
			return 0;
		while (i < len && strchr(" \t\r\n", s[i]) != NULL)
			i++;
		if (i == len || (s[i] != '"' && s[i] != '\''))
			return 0;
		q = s[i++];
		for (vs = i; i < len && s[i] != q; i++)
			continue;
		if (i == len)
			return 0;
		i++;
		if (an == 3 && memcmp(a, "ref", 3) == 0)
			break;
	}
	memset(&m, 0, sizeof(m));
	k = ref_parse(s + vs, len - vs, &m.c1, &m.r1);
	if (k == 0 || s[vs + k] != ':' ||
	    (an = ref_parse(s + vs + k + 1, len - vs - k - 1, &m.c2,
	    &m.r2)) == 0 || s[vs + k + 1 + an] != q)
		return 0;
	if (m.r1 > m.r2) {
		row = m.r1;
		m.r1 = m.r2;
		m.r2 = row;
	}
	if (m.c1 > m.c2) {
		c = m.c1;
		m.c1 = m.c2;
		m.c2 = c;
	}
	if (m.r1 == m.r2 && m.c1 == m.c2)
		return 0;
	if (r->nm == MAX_MERGES) {
		xf_errf(err, errlen, BAD "%s: more than %d merged ranges",
		    part, MAX_MERGES);
		return -1;
	}
	r->marea += (uint64_t)(m.r2 - m.r1 + 1) * (uint64_t)(m.c2 - m.c1 + 1);
	if (r->marea > MAX_MERGE_AREA) {
		xf_errf(err, errlen, BAD "%s: more than %ld cells in merged "
		    "ranges", part, MAX_MERGE_AREA);
		return -1;
	}
	if ((v = xf_grow(r->m, &r->mcap, r->nm + 1, sizeof(*v))) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return -1;
	}
	r->m = v;
	r->m[r->nm++] = m;
	return 0;
}

/* The first "mergeCell" in s[0, n), or NULL. */
static char *
find_merge(char *s, size_t n)
{
	char	*p, *end = s + n;

	while (n >= 9 && (p = memchr(s, 'm', n - 8)) != NULL) {
		if (memcmp(p, "mergeCell", 9) == 0)
			return p;
		s = p + 1;
		n = (size_t)(end - s);
	}
	return NULL;
}

static int
name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    xf_isdigit(c) || c == '_' || c == '-' || c == '.' || c >= 0x80;
}

/*
 * The first pass over a sheet: find its merged ranges by a plain scan
 * for <mergeCell ref="A1:B2"/> (with any prefix), sorted by first row.
 * 0, or -1 with err.
 */
static int
merge_scan(struct rows *r, unzFile uf, const char *part, char *err,
    size_t errlen)
{
	char		*buf, *q, *gt;
	size_t		 keep = 0, end, pos, from, lt, t, off;
	int		 n, rc;

	if ((rc = part_open(uf, part, err, errlen)) != 0) {
		if (rc == 1)
			xf_errf(err, errlen, BAD "%s: missing from the zip",
			    part);
		return -1;
	}
	if ((buf = malloc(SCAN_KEEP + CHUNK)) == NULL) {
		(void)unzCloseCurrentFile(uf);
		xf_errf(err, errlen, "out of memory");
		return -1;
	}
	for (;;) {
		n = unzReadCurrentFile(uf, buf + keep, CHUNK);
		if (n < 0) {
			xf_errf(err, errlen, BAD "%s: %s", part, zip_why(n));
			goto out_part;
		}
		if (n == 0)
			break;
		end = keep + (size_t)n;
		pos = 0;
		from = end > 64 ? end - 64 : 0;
		while ((q = find_merge(buf + pos, end - pos)) != NULL) {
			off = (size_t)(q - buf);
			pos = off + 9;
			t = off;
			if (t > 0 && buf[t - 1] == ':')
				for (t--; t > 0 && off - t < 40 &&
				    name_char((unsigned char)buf[t - 1]); t--)
					continue;
			if (t == 0 || buf[t - 1] != '<')
				continue;
			lt = t - 1;
			gt = off + 9 < end ? memchr(q + 9, '>', end - off - 9) :
			    NULL;
			if (gt == NULL) {
				/* The tag goes on in the next chunk. */
				if (end - lt <= SCAN_KEEP)
					from = lt;
				break;
			}
			if (merge_tag(r, part, q + 9, (size_t)(gt - q - 9),
			    err, errlen) == -1)
				goto out_part;
			pos = (size_t)(gt - buf) + 1;
			if (pos > from)
				from = pos;
		}
		keep = end - from;
		memmove(buf, buf + from, keep);
	}
	free(buf);
	if ((rc = unzCloseCurrentFile(uf)) != UNZ_OK) {
		xf_errf(err, errlen, BAD "%s: %s", part, zip_why(rc));
		return -1;
	}
	if (r->nm > 1)
		qsort(r->m, r->nm, sizeof(*r->m), merge_cmp);
	return 0;
out_part:
	free(buf);
	(void)unzCloseCurrentFile(uf);
	return -1;
}

/* Take the ranges that end before row out of those in force. */
static void
merge_retire(struct rows *r, long row)
{
	size_t	 i, k = 0;

	for (i = 0; i < r->nact; i++) {
		if (r->act[i]->r2 >= row) {
			r->act[k++] = r->act[i];
			continue;
		}
		r->mtext -= r->act[i]->len;
		free(r->act[i]->s);
		r->act[i]->s = NULL;
	}
	r->nact = k;
}

/* The cell at column col of the row parsed, or NULL. */
static const struct xf_cell *
row_cell(const struct rows *r, int col)
{
	size_t	 lo = 0, hi = r->ncells, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->cells[mid].col == col)
			return &r->cells[mid];
		if (r->cells[mid].col < col)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * Put the ranges that start by row (the one parsed) in force, those
 * starting there with the value of their top-left cell.  0, or -1 with
 * the reason in r->err.
 */
static int
merge_activate(struct rows *r, long row)
{
	const struct xf_cell *c;
	struct merge	*m;
	size_t		 before = r->nact;

	for (; r->mnext < r->nm && r->m[r->mnext].r1 <= row; r->mnext++) {
		m = &r->m[r->mnext];
		if (m->r2 < row)
			continue;
		r->act[r->nact++] = m;
		if (m->r1 != row || (c = row_cell(r, m->c1)) == NULL)
			continue;
		if (r->mtext + c->len > MAX_MERGE_TEXT) {
			xf_errf(r->err, sizeof(r->err), BAD "%s: row %ld: too "
			    "much text in merged cells", r->in.part, row);
			return -1;
		}
		if ((m->s = malloc(c->len + 1)) == NULL) {
			xf_errf(r->err, sizeof(r->err), "out of memory");
			return -1;
		}
		memcpy(m->s, c->s, c->len);
		m->s[c->len] = '\0';
		m->len = c->len;
		r->mtext += c->len;
		m->type = c->type;
		m->num = c->num;
		m->has = 1;
	}
	if (r->nact != before)
		qsort(r->act, r->nact, sizeof(*r->act), merge_ptr_cmp);
	return 0;
}

/*
 * The cells to give for a row, in r->out: the parsed ones (n of them,
 * none for a row the XML leaves out) with the ranges in force: every
 * cell of a range has the value of its top-left one; what else the XML
 * has in it is dropped.  The first range wins where ranges overlap.
 * 0 with their number in *nout, or -1 (out of memory).
 */
static int
merge_compose(struct rows *r, size_t n, size_t *nout)
{
	struct merge	*m;
	struct xf_cell	*p;
	size_t		 i, k = 0, o = 0, need = n;
	int		 covered = -1, c;

	for (i = 0; i < r->nact && need < MAX_COLS; i++)
		if (r->act[i]->has)
			need += (size_t)(r->act[i]->c2 - r->act[i]->c1 + 1);
	if (need > MAX_COLS)
		need = MAX_COLS;
	if ((p = xf_grow(r->out, &r->outcap, need, sizeof(*p))) == NULL)
		return -1;
	r->out = p;

	for (i = 0; i < r->nact; i++) {
		m = r->act[i];
		for (; k < n && r->cells[k].col < m->c1; k++)
			if (r->cells[k].col > covered)
				r->out[o++] = r->cells[k];
		if (m->has)
			for (c = m->c1 > covered ? m->c1 : covered + 1;
			    c <= m->c2; c++) {
				r->out[o].col = c;
				r->out[o].type = m->type;
				r->out[o].s = m->s;
				r->out[o].len = m->len;
				r->out[o].num = m->num;
				o++;
			}
		if (m->c2 > covered)
			covered = m->c2;
	}
	for (; k < n; k++)
		if (r->cells[k].col > covered)
			r->out[o++] = r->cells[k];
	*nout = o;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The cells of a sheet                                                */

static void
row_start(struct rows *r, const XML_Char **atts)
{
	const char	*v = attr(atts, "r");
	unsigned long	 n;
	long		 row;

	if (v != NULL) {
		if (ulong_parse(v, (unsigned long)MAX_ROWS, &n) == -1 ||
		    n == 0) {
			xin_stop(&r->in, "bad row number '%.40s'", v);
			return;
		}
		row = (long)n;
	} else
		row = r->xrow + 1;
	if (row > MAX_ROWS) {
		xin_stop(&r->in, "more than %ld rows", MAX_ROWS);
		return;
	}
	if (row <= r->xrow) {
		xin_stop(&r->in, "row %ld comes after row %ld", row, r->xrow);
		return;
	}
	r->xrow = row;
	r->inrow = 1;
	r->ncells = 0;
	r->lastcol = -1;
	xf_buf_reset(&r->text);
}

static void
cell_start(struct rows *r, const XML_Char **atts)
{
	const char	*ref = attr(atts, "r"), *t = attr(atts, "t");
	const char	*s = attr(atts, "s");
	char		 a[16], b[16];
	long		 row;
	int		 col;

	if (ref != NULL) {
		if (ref_parse(ref, strlen(ref), &col, &row) != strlen(ref)) {
			xin_stop(&r->in, "row %ld: bad cell reference '%.20s'",
			    r->xrow, ref);
			return;
		}
	} else
		col = r->lastcol + 1;
	if (col >= MAX_COLS) {
		xin_stop(&r->in, "row %ld: more than %d columns", r->xrow,
		    MAX_COLS);
		return;
	}
	if (col <= r->lastcol) {
		xin_stop(&r->in, "cell %s comes after cell %s",
		    cell_name(col, r->xrow, a, sizeof(a)),
		    cell_name(r->lastcol, r->xrow, b, sizeof(b)));
		return;
	}
	r->lastcol = r->col = col;
	if (t == NULL || strcmp(t, "n") == 0)
		r->t = 'n';
	else if (strcmp(t, "s") == 0)
		r->t = 's';
	else if (strcmp(t, "inlineStr") == 0)
		r->t = 'i';
	else if (strcmp(t, "str") == 0)
		r->t = 'f';
	else if (strcmp(t, "b") == 0)
		r->t = 'b';
	else if (strcmp(t, "e") == 0)
		r->t = 'e';
	else if (strcmp(t, "d") == 0)
		r->t = 'd';
	else
		r->t = 'n';
	if (s == NULL || ulong_parse(s, 0xFFFFFFFFUL, &r->style) == -1)
		r->style = 0;
	r->inc = 1;
	r->inv = r->inis = r->int_ = r->rph = 0;
	r->hasval = 0;
	xf_buf_reset(&r->val);
}

/* The format class of a cell style. */
static enum fmt
style_fmt(const struct xlsx *x, unsigned long style)
{
	return style < x->nxf ? (enum fmt)x->xfmt[style] : FMT_NUMBER;
}

/* The cell parsed is whole: add it to the row when it holds something. */
static void
cell_end(struct rows *r)
{
	struct xlsx		*x = r->x;
	struct xf_cell		*c;
	enum xf_cell_type	 type = XF_CELL_TEXT;
	const char		*why = NULL;
	char			 name[16], date[32];
	const char		*s = r->val.p != NULL ? r->val.p : "";
	size_t			 len = r->val.len, at, k;
	unsigned long		 i;
	double			 num = 0;
	void			*p;
	int			 added = 0;	/* text added in place */

	if (!r->hasval)
		return;
	cell_name(r->col, r->xrow, name, sizeof(name));
	at = r->text.len;
	switch (r->t) {
	case 's':
		while (len > 0 && s[len - 1] == ' ')
			len--;
		if (len < r->val.len)
			r->val.p[len] = '\0';
		if (ulong_parse(s + strspn(s, " "), (unsigned long)SIZE_MAX,
		    &i) == -1 || i >= x->nsst) {
			xin_stop(&r->in, "cell %s: no shared string '%.20s'", name,
			    s);
			return;
		}
		if (sst_get(x, i, &r->text, &why) == -1) {
			xin_stop(&r->in, "cell %s: %s", name, why);
			return;
		}
		len = r->text.len - at;
		added = 1;
		break;
	case 'i':
	case 'f':
		len = len > 0 ? xstring_decode(r->val.p, len) : 0;
		break;
	case 'e':
		type = XF_CELL_ERROR;
		break;
	case 'b':
		if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0)
			num = 1;
		else if (strcmp(s, "0") != 0 && strcmp(s, "false") != 0)
			break;
		type = XF_CELL_BOOL;
		s = num ? "1" : "0";
		len = 1;
		break;
	case 'd':
		if (iso_text(s, style_fmt(x, r->style), date,
		    sizeof(date)) == 0) {
			type = XF_CELL_DATE;
			s = date;
			len = strlen(date);
		}
		break;
	default:
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
		    s[len - 1] == '\n' || s[len - 1] == '\r'))
			len--;
		if (len < r->val.len)
			r->val.p[len] = '\0';
		k = strspn(s, " \t\r\n");
		s += k;
		len -= k;
		if (number_parse(s, &num) == -1)
			break;	/* not a number: the text */
		type = XF_CELL_NUMBER;
		if (style_fmt(x, r->style) != FMT_NUMBER &&
		    serial_text(num, x->date1904, style_fmt(x, r->style), date,
		    sizeof(date)) == 0) {
			type = XF_CELL_DATE;
			s = date;
			len = strlen(date);
		}
		break;
	}
	if (len == 0) {
		/* An empty text holds nothing. */
		if (added) {
			r->text.len = at;
			r->text.p[at] = '\0';
		}
		return;
	}
	if (!added && type != XF_CELL_NUMBER && type != XF_CELL_BOOL &&
	    utf16_units(s, len) > MAX_TEXT) {
		xin_stop(&r->in, "cell %s: text longer than %d characters", name,
		    MAX_TEXT);
		return;
	}
	if (!added && xf_buf_add(&r->text, s, len) == -1) {
		xin_nomem(&r->in);
		return;
	}
	if ((size_t)r->text.len > MAX_ROW_TEXT) {
		xin_stop(&r->in, "row %ld: more than %ld MB of text", r->xrow,
		    MAX_ROW_TEXT >> 20);
		return;
	}
	if (xf_buf_addc(&r->text, '\0') == -1) {
		xin_nomem(&r->in);
		return;
	}
	k = r->cellcap;
	if ((p = xf_grow(r->off, &k, r->ncells + 1, sizeof(*r->off))) == NULL) {
		xin_nomem(&r->in);
		return;
	}
	r->off = p;
	if ((p = xf_grow(r->cells, &r->cellcap, r->ncells + 1,
	    sizeof(*r->cells))) == NULL) {
		xin_nomem(&r->in);
		return;
	}
	r->cells = p;
	c = &r->cells[r->ncells];
	c->col = r->col;
	c->type = type;
	c->s = NULL;
	c->len = len;
	c->num = num;
	r->off[r->ncells++] = at;
}

static void XMLCALL
sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rows	*r = ud;
	const char	*n = lname(name), *v;
	int		 c1, c2;
	long		 r1, r2;
	size_t		 k, len;

	if (r->inc) {
		if (strcmp(n, "v") == 0)
			r->inv = r->hasval = 1;
		else if (strcmp(n, "is") == 0)
			r->inis = r->hasval = 1;
		else if (strcmp(n, "t") == 0 && r->inis)
			r->int_ = 1;
		else if (strcmp(n, "rPh") == 0)
			r->rph++;
		return;
	}
	if (r->inrow) {
		if (strcmp(n, "c") == 0)
			cell_start(r, atts);
		return;
	}
	if (r->data) {
		if (strcmp(n, "row") == 0)
			row_start(r, atts);
		return;
	}
	if (strcmp(n, "sheetData") == 0 && !r->datadone) {
		r->data = r->datadone = 1;
		/* sheet_open stops here: the dimension is known. */
		(void)XML_StopParser(r->in.p, XML_TRUE);
	} else if (strcmp(n, "dimension") == 0 && !r->datadone &&
	    (v = attr(atts, "ref")) != NULL) {
		len = strlen(v);
		if ((k = ref_parse(v, len, &c1, &r1)) == 0)
			return;
		if (k < len && (v[k] != ':' || ref_parse(v + k + 1,
		    len - k - 1, &c2, &r2) != len - k - 1))
			return;
		r->width = (k < len && c2 > c1 ? c2 : c1) + 1;
	}
}

static void XMLCALL
sheet_end(void *ud, const XML_Char *name)
{
	struct rows	*r = ud;
	const char	*n = lname(name);

	if (r->inc) {
		if (strcmp(n, "v") == 0)
			r->inv = 0;
		else if (strcmp(n, "is") == 0)
			r->inis = 0;
		else if (strcmp(n, "t") == 0)
			r->int_ = 0;
		else if (strcmp(n, "rPh") == 0 && r->rph > 0)
			r->rph--;
		else if (strcmp(n, "c") == 0) {
			r->inc = 0;
			cell_end(r);
		}
		return;
	}
	if (r->inrow) {
		if (strcmp(n, "row") == 0) {
			r->inrow = 0;
			r->ready = 1;
			(void)XML_StopParser(r->in.p, XML_TRUE);
		}
		return;
	}
	if (r->data && strcmp(n, "sheetData") == 0)
		r->data = 0;
}

static void XMLCALL
sheet_text(void *ud, const XML_Char *s, int len)
{
	struct rows	*r = ud;
	char		 name[16];

	if (!r->inv && !(r->inis && r->int_ && r->rph == 0))
		return;
	if (r->val.len + (size_t)len > MAX_RAW) {
		xin_stop(&r->in, "cell %s: text longer than %d characters",
		    cell_name(r->col, r->xrow, name, sizeof(name)), MAX_TEXT);
		return;
	}
	if (xf_buf_add(&r->val, s, (size_t)len) == -1)
		xin_nomem(&r->in);
}

/* Close the open sheet, if any, keeping its buffers. */
static void
rows_close(struct rows *r)
{
	size_t	 i;

	(void)xin_end(&r->in, 0, NULL, 0);
	for (i = 0; i < r->nm; i++)
		free(r->m[i].s);
	free(r->m);
	free(r->act);
	free(r->out);
	r->m = NULL;
	r->act = NULL;
	r->out = NULL;
	r->outcap = 0;
	r->nm = r->mcap = r->mnext = r->nact = r->mtext = 0;
	r->marea = 0;
	r->state = R_NONE;
	r->width = -1;
	r->data = r->datadone = 0;
	r->inrow = r->inc = r->inv = r->inis = r->int_ = r->rph = 0;
	r->xrow = r->given = 0;
	r->ready = 0;
	r->ncells = 0;
	r->err[0] = '\0';
}

static void
rows_release(struct rows *r)
{
	rows_close(r);
	xf_buf_release(&r->val);
	xf_buf_release(&r->text);
	free(r->cells);
	free(r->off);
}

/* ------------------------------------------------------------------ */
/* The operations                                                      */

static int
xlsx_nsheets(struct xf_book *bk)
{
	return ((struct xlsx *)bk)->nsheets;
}

static const char *
xlsx_sheet_name(struct xf_book *bk, int i)
{
	struct xlsx	*x = (struct xlsx *)bk;

	return i >= 0 && i < x->nsheets ? x->sheets[i].name : NULL;
}

static int
xlsx_sheet_open(struct xf_book *bk, int i, char *err, size_t errlen)
{
	struct xlsx	*x = (struct xlsx *)bk;
	struct rows	*r = &x->rows;
	struct sheet	*sh;
	int		 rc;

	rows_close(r);
	if (i < 0 || i >= x->nsheets) {
		xf_errf(err, errlen, "no sheet %d in the workbook", i + 1);
		return -1;
	}
	sh = &x->sheets[i];
	if (sh->empty) {
		r->state = R_END;
		return 0;
	}
	if (sh->part == NULL) {
		xf_errf(err, errlen, BAD "sheet '%s' has no part in the "
		    "workbook", sh->name);
		return -1;
	}
	if (merge_scan(r, x->uf, sh->part, err, errlen) == -1)
		goto out_rows;
	if (r->nm > 0 && (r->act = calloc(r->nm, sizeof(*r->act))) == NULL) {
		xf_errf(err, errlen, "out of memory");
		goto out_rows;
	}
	rc = xin_begin(&r->in, x->uf, sh->part, r, sheet_start, sheet_end,
	    sheet_text, err, errlen);
	if (rc == 1)
		xf_errf(err, errlen, BAD "%s: missing from the zip", sh->part);
	if (rc != 0)
		goto out_rows;
	/* Up to <sheetData>, for the dimension. */
	while ((rc = xin_feed(&r->in, err, errlen)) == 1)
		continue;
	if (rc == -1)
		goto out_rows;
	r->state = rc == 2 ? R_PARSE : R_DRAIN;
	return 0;
out_rows:
	rows_close(r);
	return -1;
}

static int
xlsx_sheet_width(struct xf_book *bk)
{
	struct xlsx	*x = (struct xlsx *)bk;

	return x->rows.state == R_NONE ? -1 : x->rows.width;
}

/* Stick: every call from now gives this error. */
static int
rows_stuck(struct rows *r, char *err, size_t errlen)
{
	(void)xin_end(&r->in, 0, NULL, 0);
	r->state = R_ERROR;
	xf_errf(err, errlen, "%s", r->err);
	return -1;
}

static int
xlsx_row_next(struct xf_book *bk, long *row, const struct xf_cell **cells,
    size_t *ncells, char *err, size_t errlen)
{
	struct xlsx	*x = (struct xlsx *)bk;
	struct rows	*r = &x->rows;
	const struct xf_cell *give;
	long		 next, upto;
	size_t		 i, n;
	int		 rc, value;

	switch (r->state) {
	case R_NONE:
		xf_errf(err, errlen, "no sheet is open");
		return -1;
	case R_ERROR:
		xf_errf(err, errlen, "%s", r->err);
		return -1;
	case R_END:
		return 0;
	default:
		break;
	}
	for (;;) {
		/* The next row of the XML. */
		while (!r->ready && r->state == R_PARSE) {
			rc = xin_feed(&r->in, r->err, sizeof(r->err));
			if (rc == -1)
				return rows_stuck(r, err, errlen);
			if (rc == 0)
				r->state = R_DRAIN;
		}
		/* The rows of merged cells the XML leaves out before it. */
		upto = r->ready ? r->xrow : MAX_ROWS + 1;
		while ((next = r->given + 1) < upto && r->nact > 0) {
			merge_retire(r, next);
			for (i = 0, value = 0; i < r->nact && !value; i++)
				value = r->act[i]->has;
			if (!value)
				break;
			r->given = next;
			if (merge_compose(r, 0, &n) == -1) {
				xf_errf(r->err, sizeof(r->err), "out of memory");
				return rows_stuck(r, err, errlen);
			}
			if (n > 0) {
				*row = r->given;
				*cells = r->out;
				*ncells = n;
				return 1;
			}
		}
		if (!r->ready) {
			r->state = R_END;
			return 0;
		}
		r->ready = 0;
		r->given = r->xrow;
		for (i = 0; i < r->ncells; i++)
			r->cells[i].s = r->text.p + r->off[i];
		give = r->cells;
		n = r->ncells;
		if (r->nm > 0) {
			merge_retire(r, r->xrow);
			if (merge_activate(r, r->xrow) == -1)
				return rows_stuck(r, err, errlen);
			if (r->nact > 0) {
				if (merge_compose(r, r->ncells, &n) == -1) {
					xf_errf(r->err, sizeof(r->err),
					    "out of memory");
					return rows_stuck(r, err, errlen);
				}
				give = r->out;
			}
		}
		if (n > 0) {
			*row = r->given;
			*cells = give;
			*ncells = n;
			return 1;
		}
	}
}

static void
xlsx_close(struct xf_book *bk)
{
	struct xlsx	*x = (struct xlsx *)bk;
	int		 i;

	if (x == NULL)
		return;
	rows_release(&x->rows);
	for (i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
		free(x->sheets[i].part);
	}
	free(x->sheets);
	free(x->xfmt);
	free(x->sst);
	if (x->sstfd != -1)
		close(x->sstfd);
	if (x->uf != NULL)
		(void)unzClose(x->uf);
	free(x);
}

static const struct xf_book_ops xlsx_ops = {
	.name = "xlsx",
	.nsheets = xlsx_nsheets,
	.sheet_name = xlsx_sheet_name,
	.sheet_open = xlsx_sheet_open,
	.sheet_width = xlsx_sheet_width,
	.row_next = xlsx_row_next,
	.close = xlsx_close,
};

/* ------------------------------------------------------------------ */
/* Opening                                                             */

/* Say what a zip that holds no workbook is, and what to do. */
static void
other_kind(struct xlsx *x, char *err, size_t errlen)
{
	static const struct {
		const char	*mime;
		const char	*what;
		const char	*todo;
	} odf[] = {
		{ "spreadsheet", "an OpenDocument spreadsheet (.ods)",
		    SAVE_AS },
		{ "text", "an OpenDocument text document (.odt)", COPY_TO },
		{ "presentation", "an OpenDocument presentation (.odp)",
		    COPY_TO },
		{ "graphics", "an OpenDocument drawing (.odg)", COPY_TO },
	};
	static const char prefix[] = "application/vnd.oasis.opendocument.";
	char		 mime[128];
	size_t		 i, n;

	if (part_head(x->uf, "mimetype", mime, sizeof(mime)) == 0 &&
	    strncmp(mime, prefix, sizeof(prefix) - 1) == 0) {
		for (i = 0; i < sizeof(odf) / sizeof(odf[0]); i++) {
			n = strlen(odf[i].mime);
			if (strncmp(mime + sizeof(prefix) - 1, odf[i].mime,
			    n) == 0 && (mime[sizeof(prefix) - 1 + n] == '\0' ||
			    mime[sizeof(prefix) - 1 + n] == '-')) {
				xf_errf(err, errlen, "%s, not an Excel "
				    "workbook: %s", odf[i].what, odf[i].todo);
				return;
			}
		}
		xf_errf(err, errlen, "an OpenDocument file, not an Excel "
		    "workbook: " COPY_TO);
	} else if (zip_find(x->uf, "Index/Document.iwa") == 0 ||
	    zip_find(x->uf, "Index.zip") == 0)
		xf_errf(err, errlen, "an Apple Numbers file (.numbers), not an "
		    "Excel workbook: export it from Numbers as Excel (.xlsx) "
		    "and give that file");
	else if (zip_find(x->uf, "xl/workbook.bin") == 0)
		xf_errf(err, errlen, "an Excel binary workbook (.xlsb), not "
		    "an .xlsx: " SAVE_AS);
	else if (zip_find(x->uf, "word/document.xml") == 0)
		xf_errf(err, errlen, "a Word document (.docx), not an Excel "
		    "workbook: " COPY_TO);
	else if (zip_find(x->uf, "ppt/presentation.xml") == 0)
		xf_errf(err, errlen, "a PowerPoint presentation (.pptx), not "
		    "an Excel workbook: " COPY_TO);
	else
		xf_errf(err, errlen, "a zip archive that holds no Excel "
		    "workbook, not an .xlsx: save the spreadsheet as .xlsx "
		    "(Excel 2007-365) and give that file");
}

/*
 * The workbook's part: from the package's relationships, else its
 * content types, else where Excel puts it.  The name (malloc'd); NULL
 * with err.
 */
static char *
workbook_find(struct xlsx *x, char *err, size_t errlen)
{
	struct relsrd	 rels;
	struct ctypesrd	 ct;
	const struct rel *rel;
	char		 part[MAX_NAME + 1], *wb = NULL;
	int		 rc, xlsb = 0;

	memset(&rels, 0, sizeof(rels));
	rc = xin_run(&rels.in, x->uf, "_rels/.rels", &rels, rels_start,
	    NULL, NULL, err, errlen);
	if (rc == -1) {
		rels_release(&rels);
		return NULL;
	}
	if ((rel = rels_find(&rels, "officeDocument")) != NULL &&
	    part_resolve("", rel->target, part, sizeof(part)) == 0) {
		if (strlen(part) > 4 &&
		    strcasecmp(part + strlen(part) - 4, ".bin") == 0)
			xlsb = 1;
		else if (zip_find(x->uf, part) == 0 &&
		    (wb = strdup(part)) == NULL) {
			rels_release(&rels);
			xf_errf(err, errlen, "out of memory");
			return NULL;
		}
	}
	rels_release(&rels);
	if (wb == NULL && !xlsb) {
		memset(&ct, 0, sizeof(ct));
		rc = xin_run(&ct.in, x->uf, "[Content_Types].xml", &ct,
		    ctypes_start, NULL, NULL, err, errlen);
		if (rc == -1) {
			free(ct.workbook);
			return NULL;
		}
		xlsb = ct.xlsb;
		if (ct.workbook != NULL && zip_find(x->uf, ct.workbook) == 0)
			wb = ct.workbook;
		else
			free(ct.workbook);
	}
	if (wb == NULL && !xlsb && zip_find(x->uf, "xl/workbook.xml") == 0 &&
	    (wb = strdup("xl/workbook.xml")) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	if (wb == NULL) {
		if (xlsb)
			xf_errf(err, errlen, "an Excel binary workbook (.xlsb), "
			    "not an .xlsx: " SAVE_AS);
		else
			other_kind(x, err, errlen);
	}
	return wb;
}

/*
 * Read the workbook part: its sheets, where they are, the date system,
 * the styles and the shared strings.  0, or -1 with err.
 */
static int
workbook_read(struct xlsx *x, const char *wbpart, char *err, size_t errlen)
{
	struct wbrd	 wb;
	struct relsrd	 rels;
	const struct rel *rel;
	char		 dir[MAX_NAME + 1], part[MAX_NAME + 1];
	size_t		 k;
	int		 i, rc;

	memset(&wb, 0, sizeof(wb));
	wb.x = x;
	rc = xin_run(&wb.in, x->uf, wbpart, &wb, wb_start, NULL, NULL, err,
	    errlen);
	if (rc == -1 && wb.notwb) {
		if (strcmp(wb.rootname, "document") == 0)
			xf_errf(err, errlen, "a Word document (.docx), not an "
			    "Excel workbook: " COPY_TO);
		else if (strcmp(wb.rootname, "presentation") == 0)
			xf_errf(err, errlen, "a PowerPoint presentation "
			    "(.pptx), not an Excel workbook: " COPY_TO);
	}
	if (rc != 0) {
		if (rc == 1)
			xf_errf(err, errlen, BAD "%s: missing from the zip",
			    wbpart);
		return -1;
	}
	if (rels_read(x, wbpart, &rels, err, errlen) == -1)
		goto out_rels;
	part_folder(wbpart, dir, sizeof(dir));
	for (i = 0; i < x->nsheets; i++) {
		rel = NULL;
		for (k = 0; x->sheets[i].rid != NULL && k < rels.n; k++)
			if (strcmp(rels.v[k].id, x->sheets[i].rid) == 0) {
				rel = &rels.v[k];
				break;
			}
		if (rel == NULL || rel->external ||
		    part_resolve(dir, rel->target, part, sizeof(part)) == -1)
			continue;
		if (type_is(rel->type, "chartsheet") ||
		    type_is(rel->type, "dialogsheet")) {
			x->sheets[i].empty = 1;
			continue;
		}
		if ((x->sheets[i].part = strdup(part)) == NULL) {
			xf_errf(err, errlen, "out of memory");
			goto out_rels;
		}
	}
	rel = rels_find(&rels, "styles");
	if ((rel != NULL && part_resolve(dir, rel->target, part,
	    sizeof(part)) == 0) || part_resolve(dir, "styles.xml", part,
	    sizeof(part)) == 0)
		if (styles_read(x, part, err, errlen) == -1)
			goto out_rels;
	rel = rels_find(&rels, "sharedStrings");
	if ((rel != NULL && part_resolve(dir, rel->target, part,
	    sizeof(part)) == 0) || part_resolve(dir, "sharedStrings.xml",
	    part, sizeof(part)) == 0)
		if (sst_read(x, part, err, errlen) == -1)
			goto out_rels;
	rels_release(&rels);
	return 0;
out_rels:
	rels_release(&rels);
	return -1;
}

struct xf_book *
xf_xlsx_open(const char *path, char *err, size_t errlen)
{
	struct xlsx	*x;
	struct stat	 st;
	char		*wb;

	if (stat(path, &st) == -1) {
		xf_errf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		xf_errf(err, errlen, "not a regular file");
		return NULL;
	}
	if ((x = calloc(1, sizeof(*x))) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	x->book.ops = &xlsx_ops;
	x->sstfd = -1;
	x->rows.width = -1;
	x->rows.x = x;
	if ((x->uf = unzOpen64(path)) == NULL) {
		xf_errf(err, errlen, BAD "not a zip archive, or a damaged or "
		    "incomplete one");
		goto out_book;
	}
	if ((wb = workbook_find(x, err, errlen)) == NULL)
		goto out_book;
	if (workbook_read(x, wb, err, errlen) == -1) {
		free(wb);
		goto out_book;
	}
	free(wb);
	return &x->book;
out_book:
	xlsx_close(&x->book);
	return NULL;
}
