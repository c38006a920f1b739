/*
 * t-deadline.c - days, the working-day calendar, the last day of a legal
 * period (DOMAIN.md §2) and where a case stands against it.
 *
 * The expected working days are worked out by hand from the built-in
 * calendar (lib/data/holidays.tsv, which knows the years 2004 to 2026);
 * each case says how.  Weekdays checked with date(1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xf.h"
#include "xf-private.h"
#include "test.h"

#define CST	480	/* China Standard Time, +08:00 */

static char tmpdir[] = "/tmp/t-deadline.XXXXXX";

static struct xf_calendar *cal;

/* The day of "YYYY-MM-DD". */
static xf_day
day(const char *s)
{
	xf_day		 d = 0;
	const char	*why = NULL;

	if (xf_day_parse(s, CST, &d, &why) == -1)
		printf("day %s: %s\n", s, why);
	return d;
}

static const char *
fmt(xf_day d)
{
	static char	 buf[16];

	return xf_day_format(d, buf, sizeof buf);
}

/* The last day of n days from start, as text ("-1: why" on failure). */
static const char *
deadline(const char *start, int n, enum xf_count count, int roll)
{
	static char	 buf[128];
	const char	*why = NULL;
	xf_day		 out;

	if (xf_deadline(cal, day(start), n, count, roll, &out, &why) == -1) {
		snprintf(buf, sizeof buf, "-1: %s", why);
		return buf;
	}
	return fmt(out);
}

static const char *
calendar_days(const char *start, int n)
{
	return deadline(start, n, XF_COUNT_CALENDAR, 0);
}

static const char *
workdays(const char *start, int n)
{
	return deadline(start, n, XF_COUNT_WORKDAYS, 0);
}

static const char *
rolled(const char *start, int n)
{
	return deadline(start, n, XF_COUNT_CALENDAR, 1);
}

static int
workday(const struct xf_calendar *c, const char *s)
{
	const char	*why = NULL;

	return xf_calendar_workday(c, day(s), &why);
}

static void
test_day_parse(void)
{
	const char	*why = NULL;
	char		 buf[16];
	xf_day		 d;

	CHECK(day("1970-01-01") == 0);
	CHECK(day("2017-07-21") == xf_days_from_civil(2017, 7, 21));
	CHECK(day("2017年7月21日") == xf_days_from_civil(2017, 7, 21));
	CHECK(day("2017/7/21 13:50") == xf_days_from_civil(2017, 7, 21));
	/* The day is the one in zone tz of the moment given. */
	CHECK(xf_day_parse("2017-07-21T23:30:00Z", CST, &d, &why) == 0);
	CHECK_STR(fmt(d), "2017-07-22");
	CHECK(xf_day_parse("2017-07-21T23:30:00Z", 0, &d, &why) == 0);
	CHECK_STR(fmt(d), "2017-07-21");
	CHECK(xf_day_parse("2017-07-21T01:00:00+08:00", 0, &d, &why) == 0);
	CHECK_STR(fmt(d), "2017-07-20");
	CHECK(xf_day_parse("1969-12-31", CST, &d, &why) == 0 && d == -1);

	CHECK(xf_day_parse("2017-02-29", CST, &d, &why) == -1);
	CHECK_STR(why, "no such day");
	CHECK(xf_day_parse("", CST, &d, &why) == -1);
	CHECK(xf_day_parse("tomorrow", CST, &d, &why) == -1);
	/* The day after 9999-12-31 is out of range. */
	CHECK(xf_day_parse("9999-12-31T20:00:00-08:00", CST, &d, &why) == -1);
	CHECK_STR(why, "day out of range");

	CHECK_STR(fmt(xf_days_from_civil(1, 1, 1)), "0001-01-01");
	CHECK_STR(fmt(xf_days_from_civil(9999, 12, 31)), "9999-12-31");
	CHECK(xf_day_format(xf_days_from_civil(1, 1, 1) - 1, buf,
	    sizeof buf) == NULL);
	CHECK(xf_day_format(xf_days_from_civil(9999, 12, 31) + 1, buf,
	    sizeof buf) == NULL);
	CHECK(xf_day_format(0, buf, 10) == NULL);
	CHECK_STR(xf_day_format(0, buf, 11), "1970-01-01");
}

static void
test_calendar_days(void)
{
	/* DOMAIN.md §2: accepted 2026-10-01, 60 days -> 2026-11-30. */
	CHECK_STR(calendar_days("2026-10-01", 60), "2026-11-30");
	/* and one extension of 30 days more: 90 days. */
	CHECK_STR(calendar_days("2026-10-01", 90), "2026-12-30");

	/* Month ends: January 31 + 30, in a common and in a leap year. */
	CHECK_STR(calendar_days("2025-01-31", 30), "2025-03-02");
	CHECK_STR(calendar_days("2024-01-31", 30), "2024-03-01");
	/* February's last days: leap years by the 4, 100 and 400 rules. */
	CHECK_STR(calendar_days("2024-02-28", 1), "2024-02-29");
	CHECK_STR(calendar_days("2024-02-29", 1), "2024-03-01");
	CHECK_STR(calendar_days("2025-02-28", 1), "2025-03-01");
	CHECK_STR(calendar_days("2000-02-28", 1), "2000-02-29");
	CHECK_STR(calendar_days("1900-02-28", 1), "1900-03-01");
	CHECK_STR(calendar_days("2100-02-28", 1), "2100-03-01");
	CHECK_STR(calendar_days("2023-01-31", 60), "2023-04-01");
	/* The year's end. */
	CHECK_STR(calendar_days("2025-12-31", 1), "2026-01-01");
	CHECK_STR(calendar_days("2024-12-31", 1), "2025-01-01");
	CHECK_STR(calendar_days("2024-01-01", 366), "2025-01-01");
	CHECK_STR(calendar_days("2025-01-01", 365), "2026-01-01");

	/* 15 (acceptance), 30 (review), 60 (handling) days. */
	CHECK_STR(calendar_days("2017-07-21", 15), "2017-08-05");
	CHECK_STR(calendar_days("2017-07-21", 30), "2017-08-20");
	CHECK_STR(calendar_days("2017-07-21", 60), "2017-09-19");
	CHECK_STR(calendar_days("2024-02-15", 15), "2024-03-01");
	CHECK_STR(calendar_days("2024-02-15", 30), "2024-03-16");
	CHECK_STR(calendar_days("2024-02-15", 60), "2024-04-15");
	CHECK_STR(calendar_days("2025-12-20", 15), "2026-01-04");
	CHECK_STR(calendar_days("2025-12-20", 30), "2026-01-19");
	CHECK_STR(calendar_days("2025-12-20", 60), "2026-02-18");
	/* Zero days end on the start day. */
	CHECK_STR(calendar_days("2025-12-20", 0), "2025-12-20");

	/* Calendar days need no calendar, and none for years it lacks. */
	CHECK_STR(calendar_days("2035-03-01", 60), "2035-04-30");
	{
		const char	*why = NULL;
		xf_day		 out;

		CHECK(xf_deadline(NULL, day("2026-10-01"), 60,
		    XF_COUNT_CALENDAR, 0, &out, &why) == 0);
		CHECK_STR(fmt(out), "2026-11-30");
		CHECK(xf_deadline(NULL, day("2026-10-01"), 5,
		    XF_COUNT_WORKDAYS, 0, &out, &why) == -1);
		CHECK_STR(why, "no working-day calendar");
		CHECK(xf_deadline(NULL, day("2026-10-01"), 60,
		    XF_COUNT_CALENDAR, 1, &out, &why) == -1);
		CHECK_STR(why, "no working-day calendar");
	}

	CHECK_STR(calendar_days("2026-10-01", -1),
	    "-1: a negative number of days");
	CHECK_STR(calendar_days("9999-12-01", 31), "-1: day out of range");
}

static void
test_workday(void)
{
	/* Monday to Friday, a weekend. */
	CHECK(workday(cal, "2026-03-09") == 1);		/* Monday */
	CHECK(workday(cal, "2026-03-13") == 1);		/* Friday */
	CHECK(workday(cal, "2026-03-14") == 0);		/* Saturday */
	CHECK(workday(cal, "2026-03-15") == 0);		/* Sunday */
	/* Holidays on weekdays are not working days. */
	CHECK(workday(cal, "2026-10-01") == 0);		/* Thursday */
	CHECK(workday(cal, "2026-01-02") == 0);		/* Friday */
	/* Weekend days made working days are (调休). */
	CHECK(workday(cal, "2026-10-10") == 1);		/* Saturday */
	CHECK(workday(cal, "2026-09-20") == 1);		/* Sunday */
	CHECK(workday(cal, "2026-10-11") == 0);		/* Sunday */
	/* Before 1970 too: 2004-01-17 (Saturday) was made working. */
	CHECK(workday(cal, "2004-01-17") == 1);
	CHECK(workday(cal, "2004-01-19") == 1);		/* Monday */
	CHECK(workday(cal, "2004-01-22") == 0);		/* 春节 */
}

static void
test_next_workday(void)
{
	const char	*why = NULL;
	xf_day		 out;

	/* Holidays 2026-10-01..07; Thursday 10-08 is the next working day. */
	CHECK(xf_calendar_next_workday(cal, day("2026-10-01"), &out,
	    &why) == 0);
	CHECK_STR(fmt(out), "2026-10-08");
	/* A working Saturday (调休) is its own next working day. */
	CHECK(xf_calendar_next_workday(cal, day("2026-10-10"), &out,
	    &why) == 0);
	CHECK_STR(fmt(out), "2026-10-10");
	CHECK(xf_calendar_next_workday(cal, day("2026-10-11"), &out,
	    &why) == 0);
	CHECK_STR(fmt(out), "2026-10-12");
	/* Saturday 2026-12-26 to Monday; Saturday 2027-01-02 is unknown. */
	CHECK(xf_calendar_next_workday(cal, day("2026-12-26"), &out,
	    &why) == 0);
	CHECK_STR(fmt(out), "2026-12-28");
	CHECK(xf_calendar_next_workday(cal, day("2027-01-02"), &out,
	    &why) == -1);
	CHECK_STR(why, "the holiday calendar has no year 2027");
}

static void
test_workdays(void)
{
	/*
	 * The objection rule, 5 working days, from Wednesday 2026-09-30
	 * across National Day: 10-01..10-07 are holidays, then Thu 10-08
	 * (1), Fri 10-09 (2), Sat 10-10 made working (3), Sun 10-11 not,
	 * Mon 10-12 (4), Tue 10-13 (5).
	 */
	CHECK_STR(workdays("2026-09-30", 5), "2026-10-13");
	/*
	 * National Day 2025: Sun 09-28 made working, 10-01..10-08
	 * holidays, Sat 10-11 made working.  From Tuesday 2025-09-30: Thu
	 * 10-09 (1), Fri 10-10 (2), Sat 10-11 (3), Mon 10-13 (4), Tue
	 * 10-14 (5).  From Friday 2025-09-26, 3 days: Sun 09-28 (1), Mon
	 * 09-29 (2), Tue 09-30 (3).
	 */
	CHECK_STR(workdays("2025-09-30", 5), "2025-10-14");
	CHECK_STR(workdays("2025-09-26", 3), "2025-09-30");
	/*
	 * Spring Festival 2025: Sun 01-26 made working, 01-28..02-04
	 * holidays, Sat 02-08 made working.  From Friday 2025-01-24: Sat
	 * 01-25 not, Sun 01-26 (1), Mon 01-27 (2), Wed 02-05 (3), Thu
	 * 02-06 (4), Fri 02-07 (5), Sat 02-08 (6), Mon 02-10 (7), Tue
	 * 02-11 (8), Wed 02-12 (9), Thu 02-13 (10).
	 */
	CHECK_STR(workdays("2025-01-24", 5), "2025-02-07");
	CHECK_STR(workdays("2025-01-24", 10), "2025-02-13");
	/*
	 * Spring Festival 2026, simplified handling (accept within 3,
	 * handle within 10 working days): Sat 02-14 made working,
	 * 02-15..02-23 holidays, Sat 02-28 made working.  From Thursday
	 * 2026-02-12: Fri 02-13 (1), Sat 02-14 (2), Tue 02-24 (3), Wed
	 * 02-25 (4), Thu 02-26 (5), Fri 02-27 (6), Sat 02-28 (7), Mon
	 * 03-02 (8), Tue 03-03 (9), Wed 03-04 (10).
	 */
	CHECK_STR(workdays("2026-02-12", 3), "2026-02-24");
	CHECK_STR(workdays("2026-02-12", 10), "2026-03-04");
	/*
	 * Labour Day 2026: a holiday on a weekday is not counted.  From
	 * Thursday 04-30: Fri 05-01..Tue 05-05 holidays, Wed 05-06 (1).
	 */
	CHECK_STR(workdays("2026-04-30", 1), "2026-05-06");
	/*
	 * Across a year's end: from Tuesday 2025-12-30, Wed 12-31 (1),
	 * 2026-01-01..01-03 holidays, Sun 01-04 made working (2), Mon
	 * 01-05 (3).
	 */
	CHECK_STR(workdays("2025-12-30", 3), "2026-01-05");
	/* An ordinary week: Monday + 5 is the next Monday. */
	CHECK_STR(workdays("2026-03-09", 5), "2026-03-16");
	/* The start is not counted, even a working day; 0 is the start. */
	CHECK_STR(workdays("2026-03-09", 1), "2026-03-10");
	CHECK_STR(workdays("2026-03-14", 1), "2026-03-16");
	CHECK_STR(workdays("2026-03-14", 0), "2026-03-14");
	/* roll changes nothing for working days. */
	CHECK_STR(deadline("2026-09-30", 5, XF_COUNT_WORKDAYS, 1),
	    "2026-10-13");
	/*
	 * The start's year need not be known: from Wednesday 2003-12-31,
	 * 2004-01-01 is a holiday, Friday 01-02 (1).
	 */
	CHECK_STR(workdays("2003-12-31", 1), "2004-01-02");
	CHECK_STR(workdays("2026-03-09", -1),
	    "-1: a negative number of days");
}

static void
test_roll(void)
{
	/* 60 days from 2026-08-02 end on 10-01, National Day. */
	CHECK_STR(calendar_days("2026-08-02", 60), "2026-10-01");
	CHECK_STR(rolled("2026-08-02", 60), "2026-10-08");
	/* 30 days from 2026-02-05 end on Saturday 03-07: to Monday. */
	CHECK_STR(calendar_days("2026-02-05", 30), "2026-03-07");
	CHECK_STR(rolled("2026-02-05", 30), "2026-03-09");
	/* A Saturday made working stays. */
	CHECK_STR(rolled("2026-09-10", 30), "2026-10-10");
	/* A working day stays. */
	CHECK_STR(rolled("2026-10-01", 60), "2026-11-30");
	/* Off by default: the last day stands without the rule. */
	CHECK_STR(calendar_days("2026-02-05", 30), "2026-03-07");
}

static void
test_missing_year(void)
{
	const char	*why = NULL;

	/* The built-in calendar knows 2004 to 2026. */
	CHECK(xf_calendar_workday(cal, day("2035-03-01"), &why) == -1);
	CHECK_STR(why, "the holiday calendar has no year 2035");
	CHECK(xf_calendar_workday(cal, day("2003-06-02"), &why) == -1);
	CHECK_STR(why, "the holiday calendar has no year 2003");
	CHECK(workday(cal, "2026-12-31") == 1);
	CHECK(workday(cal, "2027-01-01") == -1);

	/* From Tuesday 2026-12-29: Wed 12-30 (1), Thu 12-31 (2), then 2027. */
	CHECK_STR(workdays("2026-12-29", 2), "2026-12-31");
	CHECK_STR(workdays("2026-12-29", 5),
	    "-1: the holiday calendar has no year 2027");
	CHECK_STR(workdays("2035-03-01", 5),
	    "-1: the holiday calendar has no year 2035");
	/*
	 * roll: 30 days from 2026-12-05 end on Monday 2027-01-04, which
	 * may be a holiday for all the calendar knows.
	 */
	CHECK_STR(calendar_days("2026-12-05", 30), "2027-01-04");
	CHECK_STR(rolled("2026-12-05", 30),
	    "-1: the holiday calendar has no year 2027");
	CHECK_STR(rolled("2035-03-01", 60),
	    "-1: the holiday calendar has no year 2035");
}

/* Write text to a new file under tmpdir; its path into path. */
static void
write_text(char *path, size_t size, const char *text)
{
	FILE	*fp;
	int	 fd;

	snprintf(path, size, "%s/c.XXXXXX", tmpdir);
	fd = mkstemp(path);
	CHECK(fd != -1);
	if (fd == -1)
		return;
	fp = fdopen(fd, "w");
	CHECK(fp != NULL);
	if (fp == NULL) {
		close(fd);
		return;
	}
	CHECK(fputs(text, fp) != EOF);
	CHECK(fclose(fp) == 0);
}

/* The error of loading text as a calendar, without the file's name. */
static const char *
load_error(const char *text)
{
	static char		 err[256];
	char			 path[64];
	struct xf_calendar	*c;
	size_t			 n;

	write_text(path, sizeof path, text);
	err[0] = '\0';
	c = xf_calendar_new(path, err, sizeof err);
	CHECK(c == NULL);
	xf_calendar_free(c);
	unlink(path);
	n = strlen(path);
	if (strncmp(err, path, n) != 0)
		return err;
	return err + n;
}

static void
test_calendar_file(void)
{
	struct xf_calendar	*c;
	char			 path[64], err[256];
	const char		*why = NULL;

	/* 2030-01-01 is a Tuesday; 01-05 a Saturday made working. */
	write_text(path, sizeof path, "# a county's own calendar\r\n"
	    "# date\tkind\tholiday\tholiday_en\r\n"
	    "\r\n"
	    "2030-01-05\tworkday\t元旦\tNew Year's Day\r\n"
	    "2030-01-01\tholiday\t元旦\tNew Year's Day\r\n"
	    "2029-12-31\tholiday\n"
	    "2032-02-29\tholiday\t\t\n");
	c = xf_calendar_new(path, err, sizeof err);
	unlink(path);
	CHECK(c != NULL);
	if (c == NULL) {
		printf("calendar: %s\n", err);
		return;
	}
	CHECK(workday(c, "2030-01-01") == 0);
	CHECK(workday(c, "2030-01-02") == 1);
	CHECK(workday(c, "2030-01-05") == 1);
	CHECK(workday(c, "2030-01-06") == 0);
	CHECK(workday(c, "2029-12-31") == 0);		/* a Monday */
	CHECK(workday(c, "2029-12-28") == 1);
	CHECK(workday(c, "2032-02-29") == 0);
	CHECK(workday(c, "2032-03-01") == 1);
	CHECK(xf_calendar_workday(c, day("2031-06-02"), &why) == -1);
	CHECK_STR(why, "the holiday calendar has no year 2031");
	xf_calendar_free(c);
	xf_calendar_free(NULL);

	CHECK_STR(load_error("# c\n\n2030-01-01\tholiday\tx\tx\n"
	    "2030-02-30\tholiday\n"),
	    ":4: date '2030-02-30': not a date (YYYY-MM-DD)");
	CHECK_STR(load_error("2030-1-01\tholiday\n"),
	    ":1: date '2030-1-01': not a date (YYYY-MM-DD)");
	CHECK_STR(load_error("0000-01-01\tholiday\n"),
	    ":1: date '0000-01-01': not a date (YYYY-MM-DD)");
	CHECK_STR(load_error("2030-01-01 holiday\n"),
	    ":1: date '2030-01-01 holiday': not a date (YYYY-MM-DD)");
	CHECK_STR(load_error("date\tkind\tholiday\tholiday_en\n"),
	    ":1: date 'date': not a date (YYYY-MM-DD)");
	CHECK_STR(load_error("2030-01-01\tholiday\n2030-01-02\tferie\n"),
	    ":2: kind 'ferie': neither holiday nor workday");
	CHECK_STR(load_error("2030-01-01\tHoliday\n"),
	    ":1: kind 'Holiday': neither holiday nor workday");
	CHECK_STR(load_error("2030-01-01\n"),
	    ":1: kind '': neither holiday nor workday");
	CHECK_STR(load_error("2030-01-01\tholiday\n#\n2030-01-01\tworkday\n"),
	    ":3: date '2030-01-01': listed twice");
	CHECK_STR(load_error("2030-01-01\tholiday\n2030-01-01\tholiday\n"),
	    ":2: date '2030-01-01': listed twice");
	CHECK_STR(load_error("2030-01-01\tholiday\t\xff\n"),
	    ":1: not valid UTF-8");
	CHECK_STR(load_error("# only comments\n\n"), ": no days");
	CHECK_STR(load_error(""), ": no days");

	CHECK(xf_calendar_new("/nonexistent/cal.tsv", err, sizeof err) ==
	    NULL);
	CHECK_STR(err, "/nonexistent/cal.tsv: cannot open: No such file "
	    "or directory");
}

static void
test_due_state(void)
{
	xf_day	 due = day("2026-11-30");

	CHECK(xf_due_state(due - 30, due, 60, 7) == XF_DUE_ON_TIME);
	CHECK(xf_due_state(due - 8, due, 60, 7) == XF_DUE_ON_TIME);
	CHECK(xf_due_state(due - 7, due, 60, 7) == XF_DUE_SOON);
	CHECK(xf_due_state(due - 1, due, 60, 7) == XF_DUE_SOON);
	/* The period ends at 24:00 of the due day. */
	CHECK(xf_due_state(due, due, 60, 7) == XF_DUE_SOON);
	CHECK(xf_due_state(due + 1, due, 60, 7) == XF_DUE_OVERDUE);
	/* Very overdue: past twice the limit from the start. */
	CHECK(xf_due_state(due + 60, due, 60, 7) == XF_DUE_OVERDUE);
	CHECK(xf_due_state(due + 61, due, 60, 7) == XF_DUE_VERY_OVERDUE);
	CHECK(xf_due_state(due + 15, due, 15, 7) == XF_DUE_OVERDUE);
	CHECK(xf_due_state(due + 16, due, 15, 7) == XF_DUE_VERY_OVERDUE);
	/* Other windows for "due soon". */
	CHECK(xf_due_state(due - 3, due, 60, 3) == XF_DUE_SOON);
	CHECK(xf_due_state(due - 4, due, 60, 3) == XF_DUE_ON_TIME);
	CHECK(xf_due_state(due - 1, due, 60, 0) == XF_DUE_ON_TIME);
	CHECK(xf_due_state(due, due, 60, 0) == XF_DUE_SOON);
}

static void
test_due_tokens(void)
{
	static const struct {
		enum xf_due	 s;
		const char	*token;
		const char	*zh;
	} t[] = {
		{ XF_DUE_ON_TIME, "on_time", "未到期" },
		{ XF_DUE_SOON, "due_soon", "即将到期" },
		{ XF_DUE_OVERDUE, "overdue", "已超期" },
		{ XF_DUE_VERY_OVERDUE, "very_overdue", "严重超期" },
	};
	enum xf_due	 s;
	size_t		 i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		CHECK_STR(xf_due_token(t[i].s), t[i].token);
		CHECK_STR(xf_due_token_zh(t[i].s), t[i].zh);
		s = XF_DUE_NONE;
		CHECK(xf_due_parse(t[i].token, &s) == 0 && s == t[i].s);
		s = XF_DUE_NONE;
		CHECK(xf_due_parse(t[i].zh, &s) == 0 && s == t[i].s);
	}
	CHECK(xf_due_token(XF_DUE_NONE) == NULL);
	CHECK(xf_due_token_zh(XF_DUE_NONE) == NULL);
	CHECK(xf_due_parse("", &s) == -1);
	CHECK(xf_due_parse("none", &s) == -1);
	CHECK(xf_due_parse("Overdue", &s) == -1);
	CHECK(xf_due_parse("超期", &s) == -1);
}

int
main(void)
{
	char	 err[256];

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	cal = xf_calendar_new(NULL, err, sizeof err);
	if (cal == NULL) {
		printf("calendar: %s\n", err);
		return 1;
	}
	test_day_parse();
	test_calendar_days();
	test_workday();
	test_next_workday();
	test_workdays();
	test_roll();
	test_missing_year();
	test_calendar_file();
	test_due_state();
	test_due_tokens();
	xf_calendar_free(cal);
	if (rmdir(tmpdir) == -1)
		printf("rmdir %s: %s\n", tmpdir, strerror(errno));
	return test_done("t-deadline");
}
