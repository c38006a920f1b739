/*
 * time.c - dates and times: the forms xf-record(5) accepts, ISO 8601
 * out, and the proleptic Gregorian calendar underneath.  A zone is a
 * fixed offset in minutes east of UTC; the C library's time zones are
 * never consulted.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xf-private.h"

#define DAY		86400

/* Days in 400, 100 and 4 years of the Gregorian calendar. */
#define DAYS_400	146097
#define DAYS_100	36524
#define DAYS_4		1461

/* Days from 0000-03-01 to 1970-01-01. */
#define MARCH_0		719468

/* The Excel serial number (1900 date system) of 1970-01-01. */
#define EXCEL_1970	25569

/* The serial numbers taken (see scan_number). */
#define EXCEL_MIN	10000		/* 1927-05-18 */
#define EXCEL_MAX	2958465		/* 9999-12-31 */

/* Digits of a fraction of a day read: enough for 0.1 microsecond. */
#define FRACTION_MAX	12

/* The longest value folded (xf_ascii_fold()) before it is read. */
#define FOLD_MAX	256

#define NOT_DATE	"not a date or time (2017/07/21 or 2017年7月21日, " \
			"with an optional time)"

/* The half of the day a time of day is told in: 上午 3:05, 3:05 PM. */
enum half {
	HALF_NONE,	/* 24 hours */
	HALF_AM,	/* 上午, 早上, 早晨, 凌晨, AM: 12 is 0 */
	HALF_NOON,	/* 中午: 11 and 12 as they are, 1 and 2 after noon */
	HALF_PM,	/* 下午, 傍晚, PM: 12 is noon, 1 to 11 after it */
	HALF_EVENING	/* 晚上: 6 to 11 after noon */
};

static const struct {
	const char	*word;
	enum half	 half;
} halves[] = {
	{ "上午", HALF_AM }, { "早上", HALF_AM }, { "早晨", HALF_AM },
	{ "凌晨", HALF_AM }, { "中午", HALF_NOON }, { "下午", HALF_PM },
	{ "傍晚", HALF_PM }, { "晚上", HALF_EVENING }
};

/* Where a parse has got to in a string. */
struct scan {
	const char	*p;
	const char	*end;
};

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/*
 * Years are counted from March here, so that a leap day is the last
 * day of its year: the first day of month m (0 for March) is then day
 * (153 m + 2) / 5 of the year, whatever the year.
 */
int64_t
xf_days_from_civil(int y, int m, int d)
{
	int64_t years;
	int month;

	years = m <= 2 ? y - 1 : y;
	month = m <= 2 ? m + 9 : m - 3;
	return 365 * years + years / 4 - years / 100 + years / 400 +
	    (153 * month + 2) / 5 + d - 1 - MARCH_0;
}

void
xf_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t n, q400;
	int q100, q4, q1, r, month;

	n = z + MARCH_0;			/* days since 0000-03-01 */
	q400 = floor_div(n, DAYS_400);
	r = (int)(n - q400 * DAYS_400);

	/* The last day of 400 years, or of 4, is a leap day. */
	q100 = r / DAYS_100;
	if (q100 == 4)
		q100 = 3;
	r -= q100 * DAYS_100;
	q4 = r / DAYS_4;
	r -= q4 * DAYS_4;
	q1 = r / 365;
	if (q1 == 4)
		q1 = 3;
	r -= q1 * 365;

	month = (5 * r + 2) / 153;
	*d = r - (153 * month + 2) / 5 + 1;
	*m = month < 10 ? month + 3 : month - 9;
	*y = (int)(400 * q400 + 100 * q100 + 4 * q4 + q1 + (*m <= 2));
}

int
xf_days_in_month(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return days[m - 1];
}

int
xf_excel_date(double v, int date1904, int *y, int *m, int *d, int *secs)
{
	long long	 t, days;

	if (!isfinite(v) || v < 0 || v >= EXCEL_MAX + 1.0)
		return -1;
	t = llround(v * DAY);
	days = t / DAY;
	*secs = (int)(t % DAY);
	if (date1904)
		xf_civil_from_days(xf_days_from_civil(1904, 1, 1) + days, y, m,
		    d);
	else if (days == 0) {
		*y = 1900;	/* Excel's 1900-01-00 */
		*m = 1;
		*d = 0;
	} else if (days == 60) {
		*y = 1900;	/* Excel's 1900-02-29 */
		*m = 2;
		*d = 29;
	} else
		xf_civil_from_days(days - EXCEL_1970 + (days < 60), y, m, d);
	return *y > 9999 ? -1 : 0;
}

/* Read min to max digits as a number; -1 if there are fewer than min. */
static int
scan_digits(struct scan *sc, int min, int max)
{
	int n, v;

	v = 0;
	for (n = 0; n < max && sc->p < sc->end && xf_isdigit(*sc->p); n++)
		v = v * 10 + (*sc->p++ - '0');
	return n < min ? -1 : v;
}

/* Whether s comes next; if so, step over it. */
static int
scan_accept(struct scan *sc, const char *s)
{
	size_t n;

	n = strlen(s);
	if ((size_t)(sc->end - sc->p) < n || memcmp(sc->p, s, n) != 0)
		return 0;
	sc->p += n;
	return 1;
}

/* Step over spaces; whether there were any. */
static int
scan_spaces(struct scan *sc)
{
	const char *p;

	p = sc->p;
	while (sc->p < sc->end && *sc->p == ' ')
		sc->p++;
	return sc->p != p;
}

/*
 * A number alone: 20170721, or an Excel serial number (1900 date
 * system) whose integer part counts days and whose fraction is the
 * time of day, rounded to the second.  Excel takes 1900 for a leap
 * year: serial 60 is a 29 February 1900 that never was, serials 1-59
 * count from 1899-12-31 and those from 61 on from 1899-12-30.  But a
 * number of fewer than five digits is as likely a year or a count as
 * a day, so only serials EXCEL_MIN (1927-05-18) to EXCEL_MAX
 * (9999-12-31) are taken, all of them counted from 1899-12-30.
 */
static const char *
scan_number(struct scan *sc, int64_t *days, int *secs)
{
	const char *dot;
	int64_t num, den;
	int y, m, d, serial, k;

	dot = memchr(sc->p, '.', (size_t)(sc->end - sc->p));
	if (dot == NULL && sc->end - sc->p == 8) {
		y = scan_digits(sc, 4, 4);
		m = scan_digits(sc, 2, 2);
		d = scan_digits(sc, 2, 2);
		if (y < 1 || d < 1 || d > xf_days_in_month(y, m))
			return "no such day";
		*days = xf_days_from_civil(y, m, d);
		return NULL;
	}

	serial = scan_digits(sc, 5, 7);
	if (serial < EXCEL_MIN || serial > EXCEL_MAX ||
	    (sc->p != sc->end && sc->p != dot))
		return NOT_DATE;
	*days = serial - EXCEL_1970;
	if (dot == NULL)
		return NULL;

	sc->p++;
	if (sc->p == sc->end)
		return NOT_DATE;
	num = 0;
	den = 1;
	for (k = 0; sc->p < sc->end; k++, sc->p++)
		if (k < FRACTION_MAX) {
			num = num * 10 + (*sc->p - '0');
			den *= 10;
		}
	*secs = (int)((num * DAY + den / 2) / den);
	return NULL;
}

/* The date: 2017-07-21, 2017/7/21, 2017.7.21, 2017年7月21日 (or 21号). */
static const char *
scan_date(struct scan *sc, int *y, int *m, int *d, int *zh)
{
	char sep[2];

	*y = scan_digits(sc, 4, 4);
	if (*y < 0 || sc->p == sc->end)
		return NOT_DATE;
	*zh = scan_accept(sc, "年");
	if (*zh) {
		*m = scan_digits(sc, 1, 2);
		if (*m < 0 || !scan_accept(sc, "月"))
			return NOT_DATE;
		*d = scan_digits(sc, 1, 2);
		if (*d < 0 || (!scan_accept(sc, "日") &&
		    !scan_accept(sc, "号")))
			return NOT_DATE;
	} else {
		sep[0] = *sc->p;
		sep[1] = '\0';
		if (strchr("-/.", sep[0]) == NULL)
			return NOT_DATE;
		sc->p++;
		*m = scan_digits(sc, 1, 2);
		if (*m < 0 || !scan_accept(sc, sep))
			return NOT_DATE;
		*d = scan_digits(sc, 1, 2);
		if (*d < 0)
			return NOT_DATE;
	}
	if (*y < 1 || *d < 1 || *d > xf_days_in_month(*y, *m))
		return "no such day";
	return NULL;
}

/*
 * The time of day: 13:50, 9:05:00, 13:50:05.123, 13时, 13时50分,
 * 13时50分5秒, 13时半; 点 for 时.  The hour is given as it was written,
 * for the half of the day to make it one of 24.
 */
static const char *
scan_time(struct scan *sc, int *hour, int *secs)
{
	int h, m, s;

	s = 0;
	h = scan_digits(sc, 1, 2);
	if (h < 0)
		return "bad time";
	if (scan_accept(sc, ":")) {
		m = scan_digits(sc, 2, 2);
		if (m < 0)
			return "bad time";
		if (scan_accept(sc, ":")) {
			s = scan_digits(sc, 2, 2);
			if (s < 0)
				return "bad time";
			/* A fraction of a second is dropped. */
			if (scan_accept(sc, ".")) {
				if (sc->p == sc->end || !xf_isdigit(*sc->p))
					return "bad time";
				while (sc->p < sc->end && xf_isdigit(*sc->p))
					sc->p++;
			}
		}
	} else if (scan_accept(sc, "时") || scan_accept(sc, "点")) {
		m = 0;
		if (scan_accept(sc, "半"))
			m = 30;
		else if (sc->p < sc->end && xf_isdigit(*sc->p)) {
			m = scan_digits(sc, 1, 2);
			if (!scan_accept(sc, "分"))
				return "bad time";
			if (sc->p < sc->end && xf_isdigit(*sc->p)) {
				s = scan_digits(sc, 1, 2);
				if (!scan_accept(sc, "秒"))
					return "bad time";
			}
		}
	} else
		return "bad time";
	/* No 24:00, and no leap second. */
	if (h > 23 || m > 59 || s > 59)
		return "bad time";
	*hour = h;
	*secs = m * 60 + s;
	return NULL;
}

/* The half of the day, told before the time in Chinese; HALF_NONE. */
static enum half
scan_half(struct scan *sc)
{
	size_t	 i;

	for (i = 0; i < sizeof(halves) / sizeof(halves[0]); i++)
		if (scan_accept(sc, halves[i].word))
			return halves[i].half;
	return HALF_NONE;
}

/* The hour of 24 that hour h of the half of the day is, or -1. */
static int
hour_of_day(int h, enum half half)
{
	switch (half) {
	case HALF_NONE:
		return h;
	case HALF_AM:
		return h == 12 ? 0 : h < 12 ? h : -1;
	case HALF_NOON:
		return h == 11 || h == 12 ? h : h == 1 || h == 2 ?
		    h + 12 : -1;
	case HALF_PM:
		/* 下午 15:05 is 15:05 still. */
		return h == 0 ? -1 : h < 12 ? h + 12 : h;
	case HALF_EVENING:
		/* 晚上 12 is midnight, of a day the date does not say. */
		return h >= 6 && h <= 11 ? h + 12 : h >= 18 ? h : -1;
	}
	return -1;
}

/* The offset from UTC: Z, +08:00, +0800, +08, -05:00; up to 14 hours. */
static const char *
scan_offset(struct scan *sc, int *off)
{
	int sign, h, m;

	sign = 0;
	h = 0;
	m = 0;
	if (scan_accept(sc, "+"))
		sign = 1;
	else if (scan_accept(sc, "-"))
		sign = -1;
	else if (!scan_accept(sc, "Z") && !scan_accept(sc, "z"))
		return "bad offset";
	if (sign != 0) {
		h = scan_digits(sc, 2, 2);
		if (h < 0)
			return "bad offset";
		if (scan_accept(sc, ":") ||
		    (sc->p < sc->end && xf_isdigit(*sc->p))) {
			m = scan_digits(sc, 2, 2);
			if (m < 0)
				return "bad offset";
		}
	}
	if (m > 59 || h * 60 + m > 14 * 60 || sc->p != sc->end)
		return "bad offset";
	*off = sign * (h * 60 + m);
	return NULL;
}

/*
 * A date, then maybe a time of day, then maybe an offset.  The time
 * may be told in a half of the day: 下午 3:05 (上午, 中午, 晚上, ...)
 * or 3:05 PM.
 */
static const char *
scan_stamp(struct scan *sc, int64_t *days, int *secs, int *off)
{
	const char *reason;
	enum half half;
	int y, m, d, zh, sep, h;

	reason = scan_date(sc, &y, &m, &d, &zh);
	if (reason != NULL)
		return reason;
	*days = xf_days_from_civil(y, m, d);
	if (sc->p == sc->end)
		return NULL;

	/*
	 * Between date and time a 'T', or spaces or a half of the day or
	 * both; after 日 maybe nothing.
	 */
	half = HALF_NONE;
	sep = scan_accept(sc, "T");
	if (!sep) {
		sep = scan_spaces(sc) || zh;
		if ((half = scan_half(sc)) != HALF_NONE) {
			sep = 1;
			scan_spaces(sc);
		}
	}
	if (!sep)
		return NOT_DATE;
	reason = scan_time(sc, &h, secs);
	if (reason != NULL)
		return reason;
	scan_spaces(sc);
	if (half == HALF_NONE) {
		if (scan_accept(sc, "AM") || scan_accept(sc, "am"))
			half = HALF_AM;
		else if (scan_accept(sc, "PM") || scan_accept(sc, "pm"))
			half = HALF_PM;
		/* 3:05 PM, but not 15:05 PM nor 0:05 AM. */
		if (half != HALF_NONE && (h < 1 || h > 12))
			return "bad time";
		scan_spaces(sc);
	}
	if ((h = hour_of_day(h, half)) < 0)
		return "bad time";
	*secs += h * 3600;
	if (sc->p == sc->end)
		return NULL;
	if (strchr("Zz+-", *sc->p) == NULL)
		return "bad time";
	return scan_offset(sc, off);
}

int
xf_time_parse(const char *s, int tz, struct xf_time *out, const char **why)
{
	struct scan sc;
	const char *reason, *p;
	char buf[FOLD_MAX];
	int64_t days;
	size_t len;
	int secs, off, dots;

	/* Full-width digits, U+3000 around it, an apostrophe before it. */
	len = strlen(s);
	if (len < sizeof(buf)) {
		xf_ascii_fold(s, len, buf);
		s = buf;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	sc.p = s;
	sc.end = s + strlen(s);
	while (sc.end > sc.p && (sc.end[-1] == ' ' || sc.end[-1] == '\t'))
		sc.end--;
	if (sc.p == sc.end)
		return xf_fail(why, NOT_DATE);

	/* Digits with at most one '.' make a number, not a date. */
	dots = 0;
	for (p = sc.p; p < sc.end && (xf_isdigit(*p) || *p == '.'); p++)
		dots += *p == '.';
	secs = 0;
	off = tz;
	if (p == sc.end && dots <= 1)
		reason = scan_number(&sc, &days, &secs);
	else
		reason = scan_stamp(&sc, &days, &secs, &off);
	if (reason != NULL)
		return xf_fail(why, reason);
	out->t = days * DAY + secs - (int64_t)off * 60;
	out->off = off;
	return 0;
}

/* v (0 <= v < 10^w) in w digits at buf[n]; the offset after them. */
static int
digits(char *buf, int n, int v, int w)
{
	int i;

	for (i = w - 1; i >= 0; i--, v /= 10)
		buf[n + i] = '0' + v % 10;
	return n + w;
}

char *
xf_time_format(struct xf_time at, int tz, char *buf, size_t len)
{
	int64_t local, days;
	int y, m, d, secs, a, n;

	local = at.t + (int64_t)tz * 60;
	days = floor_div(local, DAY);
	secs = (int)(local - days * DAY);
	xf_civil_from_days(days, &y, &m, &d);
	a = tz < 0 ? -tz : tz;
	if (y < 0 || y > 9999 || a >= 100 * 60 ||
	    len < sizeof "0000-00-00T00:00:00+00:00") {
		n = snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:"
		    "%02d", y, m, d, secs / 3600, secs / 60 % 60, secs % 60,
		    tz < 0 ? '-' : '+', a / 60, a % 60);
		return n < 0 || (size_t)n >= len ? NULL : buf;
	}
	/* Written by hand: snprintf() was 3.5% of xf-intake's time. */
	n = 0;
	n = digits(buf, n, y, 4);
	buf[n++] = '-';
	n = digits(buf, n, m, 2);
	buf[n++] = '-';
	n = digits(buf, n, d, 2);
	buf[n++] = 'T';
	n = digits(buf, n, secs / 3600, 2);
	buf[n++] = ':';
	n = digits(buf, n, secs / 60 % 60, 2);
	buf[n++] = ':';
	n = digits(buf, n, secs % 60, 2);
	buf[n++] = tz < 0 ? '-' : '+';
	n = digits(buf, n, a / 60, 2);
	buf[n++] = ':';
	n = digits(buf, n, a % 60, 2);
	buf[n] = '\0';
	return buf;
}

char *
xf_time_day(struct xf_time at, int tz, char *buf, size_t len)
{
	int y, m, d, n;

	xf_civil_from_days(floor_div(at.t + (int64_t)tz * 60, DAY), &y, &m,
	    &d);
	n = snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
	if (n < 0 || (size_t)n >= len)
		return NULL;
	return buf;
}

int
xf_time_now(int tz, struct xf_time *out, const char **why)
{
	const char *s;
	time_t now;

	s = getenv("XF_NOW");
	if (s != NULL && *s != '\0')
		return xf_time_parse(s, tz, out, why);
	now = time(NULL);
	if (now == (time_t)-1)
		return xf_fail(why, "cannot read the clock");
	out->t = now;
	out->off = tz;
	return 0;
}
