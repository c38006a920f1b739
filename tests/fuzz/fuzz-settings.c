/*
 * fuzz-settings.c - the settings file, and the catalogue and holiday
 * calendar files it may name
 *
 * The input is cut at NUL bytes (which none of the three files may
 * hold): the settings, then catalogue.tsv, then holidays.tsv, all in
 * one directory, so that "catalogue = catalogue.tsv" and "calendar =
 * holidays.tsv" in the settings read the other two parts.
 */
#include "fuzz.h"

static void
fuzz_settings_use(const xf_settings *s)
{
	const struct xf_calendar	*cal;
	const char			*rung, *why;
	char				 near[256];
	xf_day				 start, end;
	int				 i, n;

	(void)xf_catalog_has(xf_settings_catalog(s), "城乡建设", near,
	    sizeof near);
	(void)xf_catalog_has(xf_settings_catalog(s), "城乡/建设x", near,
	    sizeof near);
	(void)xf_settings_online(s, "online");
	/* Climb the ladder; a bound, in case it goes round. */
	rung = "village";
	for (i = 0; i < 64 && rung != NULL; i++)
		rung = xf_settings_next_rung(s, rung);
	cal = xf_settings_calendar(s);
	if (xf_day_parse("2017-07-21", 0, &start, &why) == -1)
		abort();
	for (n = 0; n < 200; n += 37) {
		if (xf_deadline(cal, start, n, XF_COUNT_WORKDAYS, 0, &end,
		    &why) == 0)
			FUZZ_ASSERT(end >= start + n);
		if (xf_deadline(cal, start, n, XF_COUNT_CALENDAR, 1, &end,
		    &why) == 0)
			FUZZ_ASSERT(end >= start + n);
	}
	for (i = 0; i < XF_LIM_COUNT; i++)
		(void)xf_settings_limit(s, (enum xf_limit)i);
}

int
FUZZ_ENTRY(const uint8_t *data, size_t len)
{
	static const char *const names[3] = {
		"settings.conf", "catalogue.tsv", "holidays.tsv"
	};
	const uint8_t	*p = data, *e = data + len, *nul;
	const char	*path = NULL;
	xf_settings	*s;
	char		 err[1024], conf[128];
	int		 i;

	for (i = 0; i < 3; i++) {
		if ((nul = memchr(p, '\0', (size_t)(e - p))) == NULL)
			nul = e;
		path = fuzz_file(names[i], p, (size_t)(nul - p));
		if (i == 0)
			snprintf(conf, sizeof conf, "%s", path);
		p = nul < e ? nul + 1 : e;
	}
	(void)path;
	err[0] = '\0';
	if ((s = xf_settings_new(conf, err, sizeof err)) == NULL)
		FUZZ_ASSERT(err[0] != '\0');
	else
		fuzz_settings_use(s);
	xf_settings_free(s);
	return 0;
}
