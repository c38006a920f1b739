/*
 * fuzz-time.c - the date parsers: xf_time_parse() and xf_day_parse()
 *
 * Whatever they accept must format, and the formatted form must parse
 * back to the same moment (or day).
 */
#include "fuzz.h"

int
FUZZ_ENTRY(const uint8_t *data, size_t len)
{
	static const int zones[] = { 480, 0, -300, 345, -840, 840 };
	struct xf_time	 at, again;
	xf_day		 day, day2;
	const char	*why;
	char		*s, buf[64], dbuf[16];
	size_t		 i;

	if ((s = fuzz_string(data, len)) == NULL)
		return 0;
	for (i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		why = NULL;
		if (xf_time_parse(s, zones[i], &at, &why) == -1) {
			FUZZ_ASSERT(why != NULL);
		} else if (xf_time_format(at, at.off, buf, sizeof buf)
		    != NULL && strlen(buf) == 25) {
			FUZZ_ASSERT(xf_time_parse(buf, 0, &again, &why) == 0);
			FUZZ_ASSERT(again.t == at.t);
			FUZZ_ASSERT(again.off == at.off);
			FUZZ_ASSERT(xf_time_day(at, zones[i], dbuf,
			    sizeof dbuf) != NULL);
		}
		why = NULL;
		if (xf_day_parse(s, zones[i], &day, &why) == -1)
			FUZZ_ASSERT(why != NULL);
		else {
			FUZZ_ASSERT(xf_day_format(day, dbuf, sizeof dbuf)
			    != NULL);
			FUZZ_ASSERT(xf_day_parse(dbuf, 0, &day2, &why) == 0);
			FUZZ_ASSERT(day2 == day);
		}
	}
	free(s);
	return 0;
}
