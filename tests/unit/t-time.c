/*
 * t-time.c - parsing and printing dates and times, and the calendar.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xf.h"
#include "xf-private.h"
#include "test.h"

#define CST	480	/* China Standard Time, +08:00 */

#define NOT_DATE	"not a date or time (2017/07/21 or 2017年7月21日, " \
			"with an optional time)"

/*
 * Each input is parsed in zone tz; what it gave is shown in the offset
 * it was told in (out.off).
 */
static const struct {
	const char	*in;
	int		 tz;
	const char	*want;		/* xf_time_format(out, out.off) */
	const char	*why;		/* or the reason it is refused */
} stamps[] = {
	/* ISO 8601 */
	{ "2017-07-21", CST, "2017-07-21T00:00:00+08:00", NULL },
	{ "2017-07-21T13:50", CST, "2017-07-21T13:50:00+08:00", NULL },
	{ "2017-07-21T13:50:05", CST, "2017-07-21T13:50:05+08:00", NULL },
	{ "2017-07-21T13:50:05.123", CST, "2017-07-21T13:50:05+08:00", NULL },
	{ "2017-07-21T13:50:05.999999", CST, "2017-07-21T13:50:05+08:00",
	    NULL },
	{ "2017-07-21T13:50:05Z", CST, "2017-07-21T13:50:05+00:00", NULL },
	{ "2017-07-21T13:50z", CST, "2017-07-21T13:50:00+00:00", NULL },
	{ "2017-07-21T13:50:05+08:00", 0, "2017-07-21T13:50:05+08:00", NULL },
	{ "2017-07-21T13:50:05+0800", 0, "2017-07-21T13:50:05+08:00", NULL },
	{ "2017-07-21T13:50:05+08", 0, "2017-07-21T13:50:05+08:00", NULL },
	{ "2017-07-21T13:50:05-05:00", CST, "2017-07-21T13:50:05-05:00", NULL },
	{ "2017-07-21T13:50-0330", CST, "2017-07-21T13:50:00-03:30", NULL },
	{ "2017-07-21T13:50+05:30", CST, "2017-07-21T13:50:00+05:30", NULL },
	{ "2017-07-21T13:50:05.5+05:45", CST, "2017-07-21T13:50:05+05:45",
	    NULL },
	{ "2017-07-21T13:50+14:00", CST, "2017-07-21T13:50:00+14:00", NULL },
	{ "2017-07-21T13:50-14:00", CST, "2017-07-21T13:50:00-14:00", NULL },
	{ "2017-07-21T13:50-00:00", CST, "2017-07-21T13:50:00+00:00", NULL },
	{ "2017-07-21 13:50:05", CST, "2017-07-21T13:50:05+08:00", NULL },
	{ "2017-07-21 13:50:05 +0800", 0, "2017-07-21T13:50:05+08:00", NULL },
	{ "2017-07-21  13:50", CST, "2017-07-21T13:50:00+08:00", NULL },
	{ "  2017-07-21\t", CST, "2017-07-21T00:00:00+08:00", NULL },
	{ "2017-07-21", 0, "2017-07-21T00:00:00+00:00", NULL },
	{ "2017-07-21", -300, "2017-07-21T00:00:00-05:00", NULL },
	/* slashes, dots, one digit */
	{ "2017/7/21", CST, "2017-07-21T00:00:00+08:00", NULL },
	{ "2017/07/21 13:50", CST, "2017-07-21T13:50:00+08:00", NULL },
	{ "2017/7/21 13:50:05", CST, "2017-07-21T13:50:05+08:00", NULL },
	{ "2017-7-21 9:05", CST, "2017-07-21T09:05:00+08:00", NULL },
	{ "2017-7-1 0:00", CST, "2017-07-01T00:00:00+08:00", NULL },
	{ "2017.7.21", CST, "2017-07-21T00:00:00+08:00", NULL },
	{ "2017.07.21 9:05:30", CST, "2017-07-21T09:05:30+08:00", NULL },
	/* in Chinese */
	{ "2017年7月21日", CST, "2017-07-21T00:00:00+08:00", NULL },
	{ "2017年07月21日 13:50", CST, "2017-07-21T13:50:00+08:00", NULL },
	{ "2017年7月21日13时50分", CST, "2017-07-21T13:50:00+08:00", NULL },
	{ "2017年7月21日 13时50分05秒", CST, "2017-07-21T13:50:05+08:00",
	    NULL },
	{ "2017年7月21日9时5分5秒", CST, "2017-07-21T09:05:05+08:00", NULL },
	/* as offices write them */
	{ "2017/07/21 下午 3:05", CST, "2017-07-21T15:05:00+08:00", NULL },
	{ "2017/7/21 上午 9:05", CST, "2017-07-21T09:05:00+08:00", NULL },
	{ "2017/07/21 下午3:05", CST, "2017-07-21T15:05:00+08:00", NULL },
	{ "2017/07/21下午3:05", CST, "2017-07-21T15:05:00+08:00", NULL },
	{ "2017/07/21 下午 3:05:30", CST, "2017-07-21T15:05:30+08:00", NULL },
	{ "2017年7月21日下午3:05", CST, "2017-07-21T15:05:00+08:00", NULL },
	{ "2017年7月21日 下午3时5分", CST, "2017-07-21T15:05:00+08:00", NULL },
	{ "2017年7月21日下午3点", CST, "2017-07-21T15:00:00+08:00", NULL },
	{ "2017年7月21日下午3点半", CST, "2017-07-21T15:30:00+08:00", NULL },
	{ "2017年7月21日15时5分", CST, "2017-07-21T15:05:00+08:00", NULL },
	{ "2017年7月21日 15时", CST, "2017-07-21T15:00:00+08:00", NULL },
	{ "2017年7月21日13时", CST, "2017-07-21T13:00:00+08:00", NULL },
	{ "2017年7月21日15点30分", CST, "2017-07-21T15:30:00+08:00", NULL },
	{ "2017年7月21号", CST, "2017-07-21T00:00:00+08:00", NULL },
	{ "2017年7月21号 15:05", CST, "2017-07-21T15:05:00+08:00", NULL },
	{ "2017.07.21 15:05", CST, "2017-07-21T15:05:00+08:00", NULL },
	{ "2017.7.21 下午 3:05", CST, "2017-07-21T15:05:00+08:00", NULL },
	{ "2017-07-21 下午 3:05", CST, "2017-07-21T15:05:00+08:00", NULL },
	{ "2017/07/21 下午 3:05 +08:00", 0, "2017-07-21T15:05:00+08:00",
	    NULL },
	/* the halves of the day */
	{ "2017/07/21 下午 12:30", CST, "2017-07-21T12:30:00+08:00", NULL },
	{ "2017/07/21 下午 15:05", CST, "2017-07-21T15:05:00+08:00", NULL },
	{ "2017/07/21 下午 11:59", CST, "2017-07-21T23:59:00+08:00", NULL },
	{ "2017/07/21 上午 12:30", CST, "2017-07-21T00:30:00+08:00", NULL },
	{ "2017/07/21 上午 0:30", CST, "2017-07-21T00:30:00+08:00", NULL },
	{ "2017/07/21 上午 11:59", CST, "2017-07-21T11:59:00+08:00", NULL },
	{ "2017/07/21 凌晨 2:00", CST, "2017-07-21T02:00:00+08:00", NULL },
	{ "2017/07/21 早上 8:00", CST, "2017-07-21T08:00:00+08:00", NULL },
	{ "2017/07/21 中午 12:10", CST, "2017-07-21T12:10:00+08:00", NULL },
	{ "2017/07/21 中午 11:50", CST, "2017-07-21T11:50:00+08:00", NULL },
	{ "2017/07/21 中午 1:10", CST, "2017-07-21T13:10:00+08:00", NULL },
	{ "2017/07/21 傍晚 6:00", CST, "2017-07-21T18:00:00+08:00", NULL },
	{ "2017/07/21 晚上 8:00", CST, "2017-07-21T20:00:00+08:00", NULL },
	{ "2017/07/21 晚上 21:00", CST, "2017-07-21T21:00:00+08:00", NULL },
	{ "2017/7/21 3:05 PM", CST, "2017-07-21T15:05:00+08:00", NULL },
	{ "2017/7/21 3:05pm", CST, "2017-07-21T15:05:00+08:00", NULL },
	{ "2017/7/21 12:05 AM", CST, "2017-07-21T00:05:00+08:00", NULL },
	{ "2017/7/21 12:05 PM", CST, "2017-07-21T12:05:00+08:00", NULL },
	{ "2017/7/21 9:05 am", CST, "2017-07-21T09:05:00+08:00", NULL },
	/* full-width, the spaces of a Chinese font, an apostrophe */
	{ "２０１７年７月２１日", CST, "2017-07-21T00:00:00+08:00", NULL },
	{ "２０１７－０７－２１　１３：５０", CST, "2017-07-21T13:50:00+08:00",
	    NULL },
	{ "２０１７-07-21", CST, "2017-07-21T00:00:00+08:00", NULL },
	{ "\xe3\x80\x80" "2017/07/21" "\xe3\x80\x80", CST,
	    "2017-07-21T00:00:00+08:00", NULL },
	{ "\xc2\xa0" "2017/07/21 13:50" "\xc2\xa0", CST,
	    "2017-07-21T13:50:00+08:00", NULL },
	{ "'2017-07-21", CST, "2017-07-21T00:00:00+08:00", NULL },
	{ "'42937", CST, "2017-07-21T00:00:00+08:00", NULL },
	/* eight digits */
	{ "20170721", CST, "2017-07-21T00:00:00+08:00", NULL },
	{ "20000229", CST, "2000-02-29T00:00:00+08:00", NULL },
	/* Excel serial numbers */
	{ "42937", CST, "2017-07-21T00:00:00+08:00", NULL },
	{ "43302", CST, "2018-07-21T00:00:00+08:00", NULL },
	{ "043302", CST, "2018-07-21T00:00:00+08:00", NULL },
	{ "43302.5", CST, "2018-07-21T12:00:00+08:00", NULL },
	{ "43302.25", CST, "2018-07-21T06:00:00+08:00", NULL },
	{ "43302.333333333", CST, "2018-07-21T08:00:00+08:00", NULL },
	{ "43302.999999999", CST, "2018-07-22T00:00:00+08:00", NULL },
	{ "43302.00001", CST, "2018-07-21T00:00:01+08:00", NULL },
	{ "43302.5", 0, "2018-07-21T12:00:00+00:00", NULL },
	{ "25569", 0, "1970-01-01T00:00:00+00:00", NULL },
	{ "10000", CST, "1927-05-18T00:00:00+08:00", NULL },
	{ "2958465", CST, "9999-12-31T00:00:00+08:00", NULL },
	{ "2958465.75", CST, "9999-12-31T18:00:00+08:00", NULL },
	/* month ends and leap years */
	{ "2017-01-31", CST, "2017-01-31T00:00:00+08:00", NULL },
	{ "2017-02-28", CST, "2017-02-28T00:00:00+08:00", NULL },
	{ "2017-04-30", CST, "2017-04-30T00:00:00+08:00", NULL },
	{ "2017-12-31T23:59:59", CST, "2017-12-31T23:59:59+08:00", NULL },
	{ "2000-02-29", CST, "2000-02-29T00:00:00+08:00", NULL },
	{ "2016-02-29", CST, "2016-02-29T00:00:00+08:00", NULL },
	{ "2400-02-29", CST, "2400-02-29T00:00:00+08:00", NULL },
	{ "0001-01-01", 0, "0001-01-01T00:00:00+00:00", NULL },
	{ "9999-12-31T23:59:59", 0, "9999-12-31T23:59:59+00:00", NULL },

	/* refused */
	{ "", CST, NULL, NOT_DATE },
	{ "   ", CST, NULL, NOT_DATE },
	{ "abc", CST, NULL, NOT_DATE },
	{ "2017", CST, NULL, NOT_DATE },
	{ "2017-07", CST, NULL, NOT_DATE },
	{ "2017-07-", CST, NULL, NOT_DATE },
	{ "17-07-21", CST, NULL, NOT_DATE },
	{ "20170-07-21", CST, NULL, NOT_DATE },
	{ "2017/07-21", CST, NULL, NOT_DATE },
	{ "2017-07/21", CST, NULL, NOT_DATE },
	{ "2017-007-21", CST, NULL, NOT_DATE },
	{ "2017-07-21x", CST, NULL, NOT_DATE },
	{ "2017-07-21+08:00", CST, NULL, NOT_DATE },
	{ "2017-07-2113:50", CST, NULL, NOT_DATE },
	{ "下午3:05", CST, NULL, NOT_DATE },
	{ "15:05", CST, NULL, NOT_DATE },
	{ "2017/07/21 下午", CST, NULL, "bad time" },
	{ "2017/07/21 下午 0:30", CST, NULL, "bad time" },
	{ "2017/07/21 上午 13:00", CST, NULL, "bad time" },
	{ "2017/07/21 中午 3:00", CST, NULL, "bad time" },
	{ "2017/07/21 晚上 12:00", CST, NULL, "bad time" },
	{ "2017/07/21 晚上 1:00", CST, NULL, "bad time" },
	{ "2017/07/21 下午 3:05 PM", CST, NULL, "bad time" },
	{ "2017/07/21 15:05 PM", CST, NULL, "bad time" },
	{ "2017/07/21 0:05 AM", CST, NULL, "bad time" },
	{ "2017/07/21 3:05 XM", CST, NULL, "bad time" },
	{ "2017/07/21T下午3:05", CST, NULL, "bad time" },
	{ "2017/07/21 下 午 3:05", CST, NULL, "bad time" },
	{ "2017年7月21日下午3点半钟", CST, NULL, "bad time" },
	{ "2017年7月21日下午3点30", CST, NULL, "bad time" },
	{ "2017年7月21", CST, NULL, NOT_DATE },
	{ "2017年7-21日", CST, NULL, NOT_DATE },
	{ "2017-13-01", CST, NULL, "no such day" },
	{ "2017-00-10", CST, NULL, "no such day" },
	{ "2017-07-00", CST, NULL, "no such day" },
	{ "2017-07-32", CST, NULL, "no such day" },
	{ "2017-04-31", CST, NULL, "no such day" },
	{ "2017-02-29", CST, NULL, "no such day" },
	{ "1900-02-29", CST, NULL, "no such day" },
	{ "2100-02-29", CST, NULL, "no such day" },
	{ "0000-01-01", CST, NULL, "no such day" },
	{ "2017年13月1日", CST, NULL, "no such day" },
	{ "20171321", CST, NULL, "no such day" },
	{ "20170230", CST, NULL, "no such day" },
	{ "00000101", CST, NULL, "no such day" },
	{ "2017-07-21T", CST, NULL, "bad time" },
	{ "2017-07-21 abc", CST, NULL, "bad time" },
	{ "2017-07-21T24:00", CST, NULL, "bad time" },
	{ "2017-07-21T24:00:00", CST, NULL, "bad time" },
	{ "2017-07-21T23:60", CST, NULL, "bad time" },
	{ "2017-07-21T23:59:60", CST, NULL, "bad time" },
	{ "2017-07-21T13:5", CST, NULL, "bad time" },
	{ "2017-07-21T13", CST, NULL, "bad time" },
	{ "2017-07-21T135005", CST, NULL, "bad time" },
	{ "2017-07-21T13:50:05.", CST, NULL, "bad time" },
	{ "2017-07-21T13:50.5", CST, NULL, "bad time" },
	{ "2017-07-21 13:50:05 CST", CST, NULL, "bad time" },
	{ "2017年7月21日25时", CST, NULL, "bad time" },
	{ "2017年7月21日13时50分5", CST, NULL, "bad time" },
	{ "2017年7月21日x", CST, NULL, "bad time" },
	{ "2017-07-21T13:50+15:00", CST, NULL, "bad offset" },
	{ "2017-07-21T13:50+14:01", CST, NULL, "bad offset" },
	{ "2017-07-21T13:50-14:30", CST, NULL, "bad offset" },
	{ "2017-07-21T13:50+08:60", CST, NULL, "bad offset" },
	{ "2017-07-21T13:50+8", CST, NULL, "bad offset" },
	{ "2017-07-21T13:50+08:0", CST, NULL, "bad offset" },
	{ "2017-07-21T13:50+", CST, NULL, "bad offset" },
	{ "2017-07-21T13:50+08:00x", CST, NULL, "bad offset" },
	{ "2017-07-21T13:50Zulu", CST, NULL, "bad offset" },
	/* numbers that are no serial: too short, 60 (29 Feb 1900), ... */
	{ "60", CST, NULL, NOT_DATE },
	{ "61", CST, NULL, NOT_DATE },
	{ "1", CST, NULL, NOT_DATE },
	{ "9999", CST, NULL, NOT_DATE },
	{ "9999.5", CST, NULL, NOT_DATE },
	{ "2958466", CST, NULL, NOT_DATE },
	{ "9999999", CST, NULL, NOT_DATE },
	{ "12345678901", CST, NULL, NOT_DATE },
	{ "43302.", CST, NULL, NOT_DATE },
	{ ".5", CST, NULL, NOT_DATE },
	{ "20170721.5", CST, NULL, NOT_DATE },
	{ "43302.5.5", CST, NULL, NOT_DATE },
};

static void
test_stamps(void)
{
	struct xf_time at;
	char buf[32];
	const char *why;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(stamps) / sizeof(stamps[0]); i++) {
		why = NULL;
		rc = xf_time_parse(stamps[i].in, stamps[i].tz, &at, &why);
		if (rc != (stamps[i].want != NULL ? 0 : -1))
			printf("input: '%s'\n", stamps[i].in);
		if (stamps[i].want != NULL) {
			CHECK(rc == 0);
			CHECK_STR(rc == 0 ? xf_time_format(at, at.off, buf,
			    sizeof(buf)) : why, stamps[i].want);
		} else {
			CHECK(rc == -1);
			CHECK_STR(why, stamps[i].why);
		}
	}
}

/* The same instant told in several forms and zones. */
static void
test_zones(void)
{
	struct xf_time a, b;
	char buf[32];
	const char *why;

	CHECK(xf_time_parse("2017-07-21T13:50:05+08:00", 0, &a, &why) == 0);
	CHECK(a.t == 1500616205);
	CHECK(a.off == CST);
	CHECK(xf_time_parse("2017-07-21 05:50:05Z", CST, &b, &why) == 0);
	CHECK(b.t == a.t);
	CHECK(b.off == 0);
	CHECK(xf_time_parse("2017年7月21日 13时50分05秒", CST, &b, &why) == 0);
	CHECK(b.t == a.t);
	CHECK(xf_time_parse("2017-07-21T00:50:05-05:00", 0, &b, &why) == 0);
	CHECK(b.t == a.t);
	CHECK(b.off == -300);

	/* 00:30 in Beijing is the evening before in Greenwich. */
	CHECK(xf_time_parse("2018-01-01 00:30+08:00", 0, &a, &why) == 0);
	CHECK_STR(xf_time_day(a, 0, buf, sizeof(buf)), "2017-12-31");
	CHECK_STR(xf_time_day(a, CST, buf, sizeof(buf)), "2018-01-01");
	CHECK_STR(xf_time_format(a, 0, buf, sizeof(buf)),
	    "2017-12-31T16:30:00+00:00");
	CHECK_STR(xf_time_format(a, CST, buf, sizeof(buf)),
	    "2018-01-01T00:30:00+08:00");
	CHECK_STR(xf_time_format(a, -300, buf, sizeof(buf)),
	    "2017-12-31T11:30:00-05:00");
	CHECK_STR(xf_time_format(a, 345, buf, sizeof(buf)),
	    "2017-12-31T22:15:00+05:45");
	CHECK_STR(xf_time_format(a, -570, buf, sizeof(buf)),
	    "2017-12-31T07:00:00-09:30");
	/* The digits by hand, and snprintf()'s where they do not fit. */
	{
		struct xf_time	 far = { (int64_t)2932897 * 86400, 0 };
		struct xf_time	 early = { 0, 0 };
		char		 small[25];

		CHECK_STR(xf_time_format(early, 0, buf, sizeof(buf)),
		    "1970-01-01T00:00:00+00:00");
		CHECK_STR(xf_time_format(early, -1, buf, sizeof(buf)),
		    "1969-12-31T23:59:00-00:01");
		CHECK(xf_time_format(a, 0, small, sizeof small) == NULL);
		CHECK_STR(xf_time_format(far, 0, buf, sizeof(buf)),
		    "10000-01-01T00:00:00+00:00");
	}
	CHECK(xf_time_parse("2018-01-01 00:30", CST, &b, &why) == 0);
	CHECK(b.t == a.t);
	CHECK(xf_time_parse("2018-01-01 00:30", -300, &b, &why) == 0);
	CHECK(b.t == a.t + 13 * 3600);
	CHECK(b.off == -300);

	/* Excel: 2018-07-21 12:00 in the office's zone. */
	CHECK(xf_time_parse("43302.5", CST, &a, &why) == 0);
	CHECK(a.t == 1532145600);
	CHECK(a.off == CST);

	/* Around the epoch, and before it. */
	CHECK(xf_time_parse("1970-01-01T00:00:00Z", CST, &a, &why) == 0);
	CHECK(a.t == 0);
	CHECK(xf_time_parse("1969-12-31T23:59:59Z", CST, &a, &why) == 0);
	CHECK(a.t == -1);
	CHECK_STR(xf_time_format(a, 0, buf, sizeof(buf)),
	    "1969-12-31T23:59:59+00:00");
	CHECK_STR(xf_time_day(a, 0, buf, sizeof(buf)), "1969-12-31");
	CHECK_STR(xf_time_day(a, CST, buf, sizeof(buf)), "1970-01-01");
	CHECK_STR(xf_time_day(a, -1, buf, sizeof(buf)), "1969-12-31");
	CHECK(xf_time_parse("1900-01-01", 0, &a, &why) == 0);
	CHECK(a.t == -2208988800LL);

	/* Buffers: 26 bytes for a time, 11 for a day. */
	CHECK(xf_time_format(a, CST, buf, 26) == buf);
	CHECK(xf_time_format(a, CST, buf, 25) == NULL);
	CHECK(xf_time_format(a, CST, NULL, 0) == NULL);
	CHECK(xf_time_day(a, CST, buf, 11) == buf);
	CHECK(xf_time_day(a, CST, buf, 10) == NULL);
}

/* Both ways, every day from 1900 to 2200, against a plain count. */
static void
test_calendar(void)
{
	int64_t z;
	int y, m, d, cy, cm, cd, bad;

	CHECK(xf_days_from_civil(1970, 1, 1) == 0);
	CHECK(xf_days_from_civil(1969, 12, 31) == -1);
	CHECK(xf_days_from_civil(2000, 3, 1) == 11017);
	CHECK(xf_days_from_civil(1900, 1, 1) == -25567);
	CHECK(xf_days_from_civil(2018, 7, 21) == 17733);
	CHECK(xf_days_from_civil(1, 1, 1) == -719162);
	CHECK(xf_days_from_civil(9999, 12, 31) == 2932896);
	xf_civil_from_days(-719162, &y, &m, &d);
	CHECK(y == 1 && m == 1 && d == 1);
	xf_civil_from_days(2932896, &y, &m, &d);
	CHECK(y == 9999 && m == 12 && d == 31);

	CHECK(xf_days_in_month(2000, 2) == 29);
	CHECK(xf_days_in_month(1900, 2) == 28);
	CHECK(xf_days_in_month(2100, 2) == 28);
	CHECK(xf_days_in_month(2016, 2) == 29);
	CHECK(xf_days_in_month(2017, 2) == 28);
	CHECK(xf_days_in_month(2017, 4) == 30);
	CHECK(xf_days_in_month(2017, 12) == 31);
	CHECK(xf_days_in_month(2017, 0) == 0);
	CHECK(xf_days_in_month(2017, 13) == 0);

	bad = 0;
	y = 1900;
	m = 1;
	d = 1;
	for (z = -25567; y <= 2200; z++) {
		if (xf_days_from_civil(y, m, d) != z)
			bad++;
		xf_civil_from_days(z, &cy, &cm, &cd);
		if (cy != y || cm != m || cd != d)
			bad++;
		if (++d > xf_days_in_month(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	CHECK(z == xf_days_from_civil(2201, 1, 1));
	CHECK(bad == 0);

	/* 1900 to 2200 has 301 years, 73 of them leap years. */
	CHECK(xf_days_from_civil(2201, 1, 1) - xf_days_from_civil(1900, 1, 1)
	    == 301 * 365 + 73);
}

/* A fixed sequence of pseudo-random numbers, the same on every run. */
static uint64_t
next_random(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return *state >> 33;
}

/* Format and parse again many instants in many zones. */
static void
test_round_trips(void)
{
	struct xf_time at, back;
	uint64_t state, span, r;
	int64_t lo, local, days;
	char buf[32], day[16], other[64];
	const char *why;
	int i, tz, y, m, d, secs, bad;

	state = 20170721;
	lo = xf_days_from_civil(2, 1, 1) * 86400;
	span = (uint64_t)(xf_days_from_civil(9998, 12, 31) * 86400 - lo);
	bad = 0;
	for (i = 0; i < 20000; i++) {
		r = next_random(&state) << 31;
		r ^= next_random(&state);
		at.t = lo + (int64_t)(r % span);
		tz = ((int)(next_random(&state) % 113) - 56) * 15;
		at.off = tz;

		if (xf_time_format(at, tz, buf, sizeof(buf)) == NULL ||
		    xf_time_parse(buf, 0, &back, &why) != 0 ||
		    back.t != at.t || back.off != tz) {
			printf("round trip: %s\n", buf);
			bad++;
		}
		if (xf_time_day(at, tz, day, sizeof(day)) == NULL ||
		    strncmp(buf, day, 10) != 0)
			bad++;

		/* The same instant written the Chinese way, in zone tz. */
		local = at.t + tz * 60;
		days = (local >= 0 ? local : local - 86399) / 86400;
		secs = (int)(local - days * 86400);
		xf_civil_from_days(days, &y, &m, &d);
		snprintf(other, sizeof(other), "%04d年%d月%d日%d时%d分%d秒",
		    y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
		if (xf_time_parse(other, tz, &back, &why) != 0 ||
		    back.t != at.t || back.off != tz) {
			printf("round trip: %s\n", other);
			bad++;
		}
	}
	CHECK(bad == 0);
}

static void
test_now(void)
{
	struct xf_time now;
	const char *why;
	time_t before, after;

	CHECK(setenv("XF_NOW", "2017-07-21 13:50:05", 1) == 0);
	CHECK(xf_time_now(CST, &now, &why) == 0);
	CHECK(now.t == 1500616205);
	CHECK(now.off == CST);
	CHECK(xf_time_now(0, &now, &why) == 0);
	CHECK(now.t == 1500616205 + 8 * 3600);
	CHECK(now.off == 0);

	CHECK(setenv("XF_NOW", "2017-07-21T13:50:05-05:00", 1) == 0);
	CHECK(xf_time_now(CST, &now, &why) == 0);
	CHECK(now.off == -300);

	CHECK(setenv("XF_NOW", "43302.5", 1) == 0);
	CHECK(xf_time_now(CST, &now, &why) == 0);
	CHECK(now.t == 1532145600);

	why = NULL;
	CHECK(setenv("XF_NOW", "yesterday", 1) == 0);
	CHECK(xf_time_now(CST, &now, &why) == -1);
	CHECK_STR(why, NOT_DATE);
	CHECK(setenv("XF_NOW", "2017-02-29", 1) == 0);
	CHECK(xf_time_now(CST, &now, &why) == -1);
	CHECK_STR(why, "no such day");

	/* Empty or unset: the clock. */
	CHECK(setenv("XF_NOW", "", 1) == 0);
	before = time(NULL);
	CHECK(xf_time_now(CST, &now, &why) == 0);
	after = time(NULL);
	CHECK(now.t >= before && now.t <= after);
	CHECK(now.off == CST);
	CHECK(unsetenv("XF_NOW") == 0);
	before = time(NULL);
	CHECK(xf_time_now(-300, &now, &why) == 0);
	after = time(NULL);
	CHECK(now.t >= before && now.t <= after);
	CHECK(now.off == -300);
}

/* Excel's serial numbers: its 1900-02-29, 1900-01-00 and the ends. */
static void
test_excel(void)
{
	int	 y, m, d, secs;

#define EXCEL(v, w, yy, mm, dd, ss) do { \
	y = m = d = secs = -1; \
	CHECK(xf_excel_date(v, w, &y, &m, &d, &secs) == 0); \
	CHECK(y == (yy) && m == (mm) && d == (dd) && secs == (ss)); \
} while (0)
	EXCEL(0, 0, 1900, 1, 0, 0);
	EXCEL(0.5, 0, 1900, 1, 0, 43200);
	EXCEL(1, 0, 1900, 1, 1, 0);
	EXCEL(59, 0, 1900, 2, 28, 0);
	EXCEL(60, 0, 1900, 2, 29, 0);
	EXCEL(61, 0, 1900, 3, 1, 0);
	EXCEL(45356.604166666664, 0, 2024, 3, 5, 52200);
	EXCEL(45657.9999976852, 0, 2025, 1, 1, 0);	/* rounded up */
	EXCEL(2958465.9999884, 0, 9999, 12, 31, 86399);
	EXCEL(0, 1, 1904, 1, 1, 0);
	EXCEL(43894, 1, 2024, 3, 5, 0);
#undef EXCEL
	CHECK(xf_excel_date(-0.5, 0, &y, &m, &d, &secs) == -1);
	CHECK(xf_excel_date(2958466, 0, &y, &m, &d, &secs) == -1);
	CHECK(xf_excel_date(2958465.999999, 0, &y, &m, &d, &secs) == -1);
	CHECK(xf_excel_date(INFINITY, 0, &y, &m, &d, &secs) == -1);
	CHECK(xf_excel_date(NAN, 1, &y, &m, &d, &secs) == -1);
}

int
main(void)
{
	test_stamps();
	test_zones();
	test_calendar();
	test_excel();
	test_round_trips();
	test_now();
	return test_done("t-time");
}
