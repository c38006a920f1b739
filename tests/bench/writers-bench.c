/*
 * writers-bench.c - one writer of many: small write transactions, one
 * item registered in each, as fast as the ledger takes them
 *
 *	make build/bench/writers-bench
 *	build/bench/writers-bench PLACE CONFIG N SEED
 *
 * Registers N items into the ledger at PLACE (a file, or a URI of
 * another store) with the settings of CONFIG (its office), each in a
 * batch of its own (begin, register, commit), each item a different
 * petitioner (SEED keeps the writers' apart), and prints one "name
 * value" line per figure: transactions, seconds (wall), transactions a
 * second, and the longest and median time a transaction took, in ms
 * (which include any wait for another writer's lock).
 * scripts/bench-writers runs several at once and adds them up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xf.h"

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
by_value(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The item of writer seed's i-th transaction, normalised. */
static xf_record *
item(const xf_settings *set, long seed, long i, char *err, size_t errlen)
{
	xf_record	*in = xf_record_new(), *out = xf_record_new();
	char		 name[64], phone[32], title[96];
	int		 rc = 0;

	if (in == NULL || out == NULL)
		goto fail;
	snprintf(name, sizeof name, "写者%ld号%ld", seed, i);
	snprintf(phone, sizeof phone, "13%03ld%06ld", seed % 1000, i % 1000000);
	snprintf(title, sizeof title, "第%ld号写者的第%ld件", seed, i);
	rc |= xf_record_add(in, "received_at", 11, "2017-12-04 10:00", 16, 0);
	rc |= xf_record_add(in, "name", 4, name, strlen(name), 0);
	rc |= xf_record_add(in, "phone", 5, phone, strlen(phone), 0);
	rc |= xf_record_add(in, "title", 5, title, strlen(title), 0);
	if (rc != 0 || xf_item_normalize(set, in, out, err, errlen) == -1)
		goto fail;
	xf_record_free(in);
	return out;
fail:
	xf_record_free(in);
	xf_record_free(out);
	return NULL;
}

int
main(int argc, char *argv[])
{
	xf_settings	*set;
	xf_ledger	*l;
	xf_record	*it;
	const char	*existing;
	char		 err[512];
	double		*took, start, t;
	long		 n, seed, i;

	if (argc != 5 || (n = atol(argv[3])) <= 0) {
		fprintf(stderr, "usage: writers-bench PLACE CONFIG N SEED\n");
		return 2;
	}
	seed = atol(argv[4]);
	if ((set = xf_settings_new(argv[2], err, sizeof err)) == NULL) {
		fprintf(stderr, "writers-bench: %s\n", err);
		return 3;
	}
	if ((l = xf_ledger_open(argv[1], set, 0, err, sizeof err)) == NULL) {
		fprintf(stderr, "writers-bench: %s\n", err);
		return 1;
	}
	xf_ledger_set_actor(l, "bench", "writers-bench");
	if ((took = calloc((size_t)n, sizeof *took)) == NULL)
		return 1;
	start = now();
	for (i = 0; i < n; i++) {
		if ((it = item(set, seed, i, err, sizeof err)) == NULL) {
			fprintf(stderr, "writers-bench: %s\n", err);
			return 1;
		}
		t = now();
		if (xf_ledger_begin(l) == -1 ||
		    xf_ledger_register(l, it, 0, &existing) != XF_REG_NEW ||
		    xf_ledger_commit(l) == -1) {
			fprintf(stderr, "writers-bench: %s\n",
			    xf_ledger_errmsg(l));
			return 1;
		}
		took[i] = (now() - t) * 1000;
		xf_record_free(it);
	}
	t = now() - start;
	qsort(took, (size_t)n, sizeof *took, by_value);
	printf("transactions %ld\nseconds %.3f\nper_second %.1f\n"
	    "max_ms %.1f\nmedian_ms %.2f\n", n, t, n / t, took[n - 1],
	    took[n / 2]);
	free(took);
	xf_ledger_close(l);
	xf_settings_free(set);
	return 0;
}
