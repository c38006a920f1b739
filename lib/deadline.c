/*
 * deadline.c - days, the working-day calendar (public holidays and the
 * weekend days made working days, 调休), the last day of a legal period,
 * and where a case stands against it (DOMAIN.md §2)
 */
#include <stdlib.h>
#include <string.h>

#include "xf-private.h"

#define DAY		86400

/* The days taken: those of years 1 to 9999, as xf_time_parse reads. */
#define DAY_MIN		(-719162)	/* 0001-01-01 */
#define DAY_MAX		2932896		/* 9999-12-31 */

/* Bytes of a bitmap of the days of a year. */
#define YEAR_BYTES	((366 + 7) / 8)

/* A known year: which of its days are holidays, which made working days. */
struct year {
	int		 y;
	xf_day		 jan1;
	unsigned char	 holiday[YEAR_BYTES];
	unsigned char	 workday[YEAR_BYTES];
};

struct xf_calendar {
	struct year	*years;		/* sorted by y */
	size_t		 n;
	size_t		 cap;
};

static const struct {
	const char	*token;
	const char	*zh;
} dues[] = {
	[XF_DUE_ON_TIME] = { "on_time", "未到期" },
	[XF_DUE_SOON] = { "due_soon", "即将到期" },
	[XF_DUE_OVERDUE] = { "overdue", "已超期" },
	[XF_DUE_VERY_OVERDUE] = { "very_overdue", "严重超期" },
};

static int
in_range(xf_day d)
{
	return d >= DAY_MIN && d <= DAY_MAX;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int
xf_day_parse(const char *s, int tz, xf_day *out, const char **why)
{
	struct xf_time	 at;
	xf_day		 d;

	if (xf_time_parse(s, tz, &at, why) == -1)
		return -1;
	d = floor_div(at.t + (int64_t)tz * 60, DAY);
	if (!in_range(d))
		return xf_fail(why, "day out of range");
	*out = d;
	return 0;
}

char *
xf_day_format(xf_day d, char *buf, size_t len)
{
	int	 y, m, dd, n;

	if (!in_range(d))
		return NULL;
	xf_civil_from_days(d, &y, &m, &dd);
	n = snprintf(buf, len, "%04d-%02d-%02d", y, m, dd);
	if (n < 0 || (size_t)n >= len)
		return NULL;
	return buf;
}

/* ------------------------------------------------------------------ */
/* The calendar                                                        */

static int
year_cmp(const void *key, const void *elem)
{
	int	 y = *(const int *)key, e = ((const struct year *)elem)->y;

	return (y > e) - (y < e);
}

static struct year *
year_find(const struct xf_calendar *c, int y)
{
	if (c->n == 0)
		return NULL;
	return bsearch(&y, c->years, c->n, sizeof *c->years, year_cmp);
}

/* The year y, added in its place if new; NULL when out of memory. */
static struct year *
year_get(struct xf_calendar *c, int y)
{
	struct year	*p;
	size_t		 i;

	if ((p = year_find(c, y)) != NULL)
		return p;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		p = realloc(c->years, c->cap * sizeof *p);
		if (p == NULL)
			return NULL;
		c->years = p;
	}
	for (i = c->n; i > 0 && c->years[i - 1].y > y; i--)
		;
	memmove(c->years + i + 1, c->years + i,
	    (c->n - i) * sizeof *c->years);
	c->n++;
	p = &c->years[i];
	memset(p, 0, sizeof *p);
	p->y = y;
	p->jan1 = xf_days_from_civil(y, 1, 1);
	return p;
}

static int
bit(const unsigned char *map, int64_t i)
{
	return map[i / 8] >> (i % 8) & 1;
}

/* The date of a line: exactly YYYY-MM-DD, years from 1; -1 if not. */
static int
line_date(const char *s, size_t len, int *y, int *m, int *d)
{
	static const char	 shape[] = "dddd-dd-dd";
	size_t			 i;

	if (len != sizeof shape - 1)
		return -1;
	for (i = 0; i < len; i++)
		if (shape[i] == 'd' ? !xf_isdigit(s[i]) : s[i] != '-')
			return -1;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    s[3] - '0';
	*m = (s[5] - '0') * 10 + s[6] - '0';
	*d = (s[8] - '0') * 10 + s[9] - '0';
	if (*y < 1 || *d < 1 || *d > xf_days_in_month(*y, *m))
		return -1;
	return 0;
}

/* A field of a line, quoted for a message, into q. */
static const char *
quote_field(const char *s, size_t len, char *q, size_t qlen)
{
	char	 field[256];

	snprintf(field, sizeof field, "%.*s", (int)(len < 255 ? len : 255), s);
	return xf_quote(field, q, qlen);
}

/* One line "date\tkind[\tholiday\tholiday_en]" into the calendar. */
static int
add_line(struct xf_calendar *c, const char *line, size_t len,
    const char *file, long lineno, char *err, size_t errlen)
{
	const char	*end = line + len, *date_end, *kind, *kind_end;
	char		 q[80];
	struct year	*yr;
	int64_t		 i;
	int		 y, m, d, holiday;

	if ((date_end = memchr(line, '\t', len)) == NULL)
		date_end = end;
	kind = date_end < end ? date_end + 1 : end;
	if ((kind_end = memchr(kind, '\t', (size_t)(end - kind))) == NULL)
		kind_end = end;
	if (line_date(line, (size_t)(date_end - line), &y, &m, &d) == -1) {
		xf_errf(err, errlen, "%s:%ld: date '%s': not a date "
		    "(YYYY-MM-DD)", file, lineno, quote_field(line,
		    (size_t)(date_end - line), q, sizeof q));
		return -1;
	}
	if (kind_end - kind == 7 && memcmp(kind, "holiday", 7) == 0)
		holiday = 1;
	else if (kind_end - kind == 7 && memcmp(kind, "workday", 7) == 0)
		holiday = 0;
	else {
		xf_errf(err, errlen, "%s:%ld: kind '%s': neither holiday nor "
		    "workday", file, lineno, quote_field(kind,
		    (size_t)(kind_end - kind), q, sizeof q));
		return -1;
	}
	if ((yr = year_get(c, y)) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return -1;
	}
	i = xf_days_from_civil(y, m, d) - yr->jan1;
	if (bit(yr->holiday, i) || bit(yr->workday, i)) {
		xf_errf(err, errlen, "%s:%ld: date '%.10s': listed twice",
		    file, lineno, line);
		return -1;
	}
	(holiday ? yr->holiday : yr->workday)[i / 8] |= 1 << (i % 8);
	return 0;
}

static struct xf_calendar *
parse(const char *text, size_t len, const char *file, char *err,
    size_t errlen)
{
	struct xf_calendar	*c;
	size_t			 i = 0, j, e;
	long			 lineno = 0;

	if ((c = calloc(1, sizeof *c)) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	while (i < len) {
		for (j = i; j < len && text[j] != '\n'; j++)
			;
		lineno++;
		e = j;
		if (e > i && text[e - 1] == '\r')
			e--;
		if (e > i && text[i] != '#') {
			if (!xf_utf8_valid(text + i, e - i, 0, NULL)) {
				xf_errf(err, errlen, "%s:%ld: not valid UTF-8",
				    file, lineno);
				goto fail;
			}
			if (add_line(c, text + i, e - i, file, lineno, err,
			    errlen) == -1)
				goto fail;
		}
		i = j + 1;
	}
	if (c->n == 0) {
		xf_errf(err, errlen, "%s: no days", file);
		goto fail;
	}
	return c;
fail:
	xf_calendar_free(c);
	return NULL;
}

struct xf_calendar *
xf_calendar_new(const char *path, char *err, size_t errlen)
{
	struct xf_calendar	*c = NULL;
	struct xf_buf		 text = { 0 };

	if (path == NULL)
		return parse(xf_data_holidays, xf_data_holidays_len,
		    "built-in holiday calendar", err, errlen);
	if (xf_file_read(path, &text, err, errlen) == 0)
		c = parse(text.p ? text.p : "", text.len, path, err, errlen);
	xf_buf_release(&text);
	return c;
}

void
xf_calendar_free(struct xf_calendar *c)
{
	if (c == NULL)
		return;
	free(c->years);
	free(c);
}

int
xf_calendar_workday(const struct xf_calendar *c, xf_day d, const char **why)
{
	/*
	 * The message naming a missing year: the calendar is const and may
	 * be shared, so the text lives with the calling thread instead.
	 */
	static _Thread_local char	 missing[64];
	const struct year		*yr;
	int				 y, m, dd;
	int64_t				 i;

	if (!in_range(d))
		return xf_fail(why, "day out of range");
	xf_civil_from_days(d, &y, &m, &dd);
	if ((yr = year_find(c, y)) == NULL) {
		snprintf(missing, sizeof missing,
		    "the holiday calendar has no year %d", y);
		return xf_fail(why, missing);
	}
	i = d - yr->jan1;
	if (bit(yr->holiday, i))
		return 0;
	if (bit(yr->workday, i))
		return 1;
	/* 1970-01-01 was a Thursday: Monday is 0, Saturday 5, Sunday 6. */
	return (d + 3) - floor_div(d + 3, 7) * 7 < 5;
}

int
xf_calendar_add_workdays(const struct xf_calendar *c, xf_day start, int n,
    xf_day *out, const char **why)
{
	xf_day	 d = start;
	int	 w;

	if (n < 0)
		return xf_fail(why, "a negative number of days");
	if (!in_range(start))
		return xf_fail(why, "day out of range");
	while (n > 0) {
		if ((w = xf_calendar_workday(c, ++d, why)) == -1)
			return -1;
		n -= w;
	}
	*out = d;
	return 0;
}

int
xf_calendar_next_workday(const struct xf_calendar *c, xf_day d, xf_day *out,
    const char **why)
{
	int	 w;

	while ((w = xf_calendar_workday(c, d, why)) == 0)
		d++;
	if (w == -1)
		return -1;
	*out = d;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Deadlines and where a case stands                                   */

int
xf_deadline(const struct xf_calendar *c, xf_day start, int n,
    enum xf_count count, int roll, xf_day *out, const char **why)
{
	if (n < 0)
		return xf_fail(why, "a negative number of days");
	if (!in_range(start))
		return xf_fail(why, "day out of range");
	if (c == NULL && (count == XF_COUNT_WORKDAYS || roll))
		return xf_fail(why, "no working-day calendar");
	if (count == XF_COUNT_WORKDAYS)
		return xf_calendar_add_workdays(c, start, n, out, why);
	if (!in_range(start + n))
		return xf_fail(why, "day out of range");
	if (roll)
		return xf_calendar_next_workday(c, start + n, out, why);
	*out = start + n;
	return 0;
}

enum xf_due
xf_due_state(xf_day today, xf_day due, int limit, int soon_days)
{
	if (today > due + limit)
		return XF_DUE_VERY_OVERDUE;
	if (today > due)
		return XF_DUE_OVERDUE;
	if (due - today <= soon_days)
		return XF_DUE_SOON;
	return XF_DUE_ON_TIME;
}

const char *
xf_due_token(enum xf_due s)
{
	if ((int)s < XF_DUE_ON_TIME || (int)s > XF_DUE_VERY_OVERDUE)
		return NULL;
	return dues[s].token;
}

const char *
xf_due_token_zh(enum xf_due s)
{
	if ((int)s < XF_DUE_ON_TIME || (int)s > XF_DUE_VERY_OVERDUE)
		return NULL;
	return dues[s].zh;
}

int
xf_due_parse(const char *token, enum xf_due *out)
{
	int	 s;

	for (s = XF_DUE_ON_TIME; s <= XF_DUE_VERY_OVERDUE; s++)
		if (strcmp(token, dues[s].token) == 0 ||
		    strcmp(token, dues[s].zh) == 0) {
			*out = (enum xf_due)s;
			return 0;
		}
	return -1;
}
