/*
 * fuzz-rules.c - the keyword rules of xf-classify: xf_rules_parse() and
 * the matcher, xf_rules_match()
 *
 * The input is cut at NUL bytes (which a rules file may not hold): the
 * rules, then a title, then a content.  Without them the rules' own text
 * is both, so that its keywords occur.  Matching the same texts twice
 * must give the same hits, and every hit must name its rule.
 */
#include "fuzz.h"

static void
fuzz_rules_match(xf_rules *r, const char *t, size_t tlen, const char *c,
    size_t clen)
{
	struct xf_rule_hit	 hits[XF_C_COUNT], again[XF_C_COUNT];
	int			 i, n, m;

	n = xf_rules_match(r, t, tlen, c, clen, hits);
	FUZZ_ASSERT(n >= 0 && n <= XF_C_COUNT);
	for (m = 0, i = 0; i < XF_C_COUNT; i++)
		if (hits[i].value != NULL) {
			FUZZ_ASSERT(hits[i].rule != NULL);
			FUZZ_ASSERT(hits[i].pattern != NULL);
			m++;
		}
	FUZZ_ASSERT(m == n);
	FUZZ_ASSERT(xf_rules_match(r, t, tlen, c, clen, again) == n);
	FUZZ_ASSERT(memcmp(hits, again, sizeof hits) == 0);
}

int
FUZZ_ENTRY(const uint8_t *data, size_t len)
{
	static xf_settings	*settings;
	const char		*text = (const char *)data, *e = text + len;
	const char		*t, *c, *nul;
	size_t			 rlen, tlen, clen;
	xf_rules		*r;
	char			 err[1024];

	if (settings == NULL &&
	    (settings = xf_settings_new(NULL, err, sizeof err)) == NULL) {
		fprintf(stderr, "settings: %s\n", err);
		abort();
	}
	if ((nul = memchr(text, '\0', len)) == NULL) {
		rlen = len;
		t = c = text;
		tlen = clen = len;
	} else {
		rlen = (size_t)(nul - text);
		t = nul + 1;
		if ((nul = memchr(t, '\0', (size_t)(e - t))) == NULL)
			nul = e;
		tlen = (size_t)(nul - t);
		c = nul < e ? nul + 1 : e;
		clen = (size_t)(e - c);
	}
	err[0] = '\0';
	if ((r = xf_rules_parse(text, rlen, "rules.tsv", settings, err,
	    sizeof err)) == NULL) {
		FUZZ_ASSERT(err[0] != '\0');
		return 0;
	}
	FUZZ_ASSERT(xf_rules_count(r) > 0);
	fuzz_rules_match(r, t, tlen, c, clen);
	fuzz_rules_match(r, c, clen, t, tlen);
	fuzz_rules_match(r, NULL, 0, c, clen);
	fuzz_rules_match(r, t, tlen, NULL, 0);
	xf_rules_free(r);
	return 0;
}
