/*
 * rules-bench.c - how fast the keyword rules of xf-classify (lib/classify.c)
 * match items such as scripts/gen-items makes
 *
 *	make build/bench/rules-bench
 *	sh scripts/gen-items -n 100000 > items.csv
 *	build/bench/rules-bench scripts/rules-example.tsv items.csv
 *
 * Items are read ahead in batches; only the time inside xf_rules_match()
 * is counted, as CPU time (the machine may be shared).  It prints one
 * "name value" line per figure: rules, keywords matched against, items,
 * bytes of title and content, seconds, items a second, MB a second, the
 * items some rule gave a value, and peak memory (max RSS, the reader's
 * included).
 */
#include <sys/resource.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xf.h"

#define BATCH	1024

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *
copy(const char *s, size_t *len)
{
	char	*p;

	*len = s ? strlen(s) : 0;
	if ((p = malloc(*len + 1)) == NULL) {
		perror("rules-bench");
		exit(1);
	}
	memcpy(p, s ? s : "", *len + 1);
	return p;
}

int
main(int argc, char *argv[])
{
	static char	*title[BATCH], *content[BATCH];
	static size_t	 tlen[BATCH], clen[BATCH];
	struct xf_rule_hit h[XF_C_COUNT];
	struct rusage	 ru;
	xf_settings	*set;
	xf_rules	*rules;
	xf_reader	*rd;
	xf_record	*r;
	char		 err[1024];
	size_t		 n = 0, i, b, bytes = 0, hit = 0;
	double		 t, secs = 0;
	int		 rc = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: rules-bench RULES ITEMS\n");
		return 2;
	}
	if ((set = xf_settings_new(NULL, err, sizeof err)) == NULL ||
	    (rules = xf_rules_new(argv[1], set, err, sizeof err)) == NULL ||
	    (rd = xf_reader_open(argv[2], XF_FORMAT_AUTO, NULL, err,
	    sizeof err)) == NULL || (r = xf_record_new()) == NULL) {
		fprintf(stderr, "rules-bench: %s\n", err);
		return 1;
	}
	do {
		for (b = 0; b < BATCH && (rc = xf_reader_next(rd, r)) == 1;
		    b++) {
			title[b] = copy(xf_record_get(r, XF_F_TITLE), &tlen[b]);
			content[b] = copy(xf_record_get(r, XF_F_CONTENT),
			    &clen[b]);
			bytes += tlen[b] + clen[b];
		}
		t = now();
		for (i = 0; i < b; i++)
			hit += xf_rules_match(rules, title[i], tlen[i],
			    content[i], clen[i], h) > 0;
		secs += now() - t;
		for (i = 0; i < b; i++) {
			free(title[i]);
			free(content[i]);
		}
		n += b;
	} while (rc == 1);
	if (rc == -1) {
		fprintf(stderr, "rules-bench: %s\n", xf_reader_errmsg(rd));
		return 1;
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("rules %zu\n", xf_rules_count(rules));
	printf("items %zu\n", n);
	printf("bytes %zu\n", bytes);
	printf("seconds %.3f\n", secs);
	printf("items_per_second %.0f\n", secs > 0 ? (double)n / secs : 0);
	printf("mb_per_second %.1f\n", secs > 0 ? bytes / 1e6 / secs : 0);
	printf("items_matched %zu\n", hit);
	printf("max_rss_mb %.1f\n", ru.ru_maxrss / 1024.0);
	xf_record_free(r);
	xf_reader_close(rd);
	xf_rules_free(rules);
	xf_settings_free(set);
	return 0;
}
