/*
 * t-fuzz-regress.c - replay the fuzz inputs without libFuzzer: every
 * seed (tests/fuzz/corpus/TARGET) and every input that once crashed,
 * leaked or hung (tests/fuzz/regress/TARGET) goes through the target's
 * entry point, here built by gcc with the sanitizers of make check.  A
 * crash or a leak fails the test through the sanitizer's exit status; a
 * missing directory of seeds fails it too, so that the test cannot pass
 * by finding nothing.
 */
#include <dirent.h>
#include <sys/stat.h>

#include "test.h"

#define FUZZ_ENTRY	fuzz_csv
#include "../fuzz/fuzz-csv.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY	fuzz_ndjson
#include "../fuzz/fuzz-ndjson.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY	fuzz_time
#include "../fuzz/fuzz-time.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY	fuzz_check
#include "../fuzz/fuzz-check.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY	fuzz_settings
#include "../fuzz/fuzz-settings.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY	fuzz_model
#include "../fuzz/fuzz-model.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY	fuzz_rules
#include "../fuzz/fuzz-rules.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY	fuzz_xls
#include "../fuzz/fuzz-xls.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY	fuzz_xlsx
#include "../fuzz/fuzz-xlsx.c"
#undef FUZZ_ENTRY

static const struct {
	const char	*name;
	int		(*entry)(const uint8_t *, size_t);
} targets[] = {
	{ "csv", fuzz_csv },
	{ "ndjson", fuzz_ndjson },
	{ "time", fuzz_time },
	{ "check", fuzz_check },
	{ "settings", fuzz_settings },
	{ "model", fuzz_model },
	{ "rules", fuzz_rules },
	{ "xls", fuzz_xls },
	{ "xlsx", fuzz_xlsx },
};

static int
slurp(const char *path, uint8_t **data, size_t *len)
{
	FILE	*fp;
	long	 n;

	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	if (fseek(fp, 0, SEEK_END) == -1 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) == -1 ||
	    (*data = malloc((size_t)n + 1)) == NULL) {
		fclose(fp);
		return -1;
	}
	*len = fread(*data, 1, (size_t)n, fp);
	fclose(fp);
	return *len == (size_t)n ? 0 : -1;
}

/* Every file of dir through entry; the number replayed, or -1. */
static int
replay(const char *dir, int (*entry)(const uint8_t *, size_t))
{
	DIR		*d;
	struct dirent	*de;
	char		 path[1024];
	uint8_t		*data;
	size_t		 len;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		data = NULL;
		if (slurp(path, &data, &len) == -1) {
			printf("FAIL cannot read %s\n", path);
			test_failed++;
		} else {
			/* The entry returns 0 or aborts. */
			CHECK(entry(data, len) == 0);
			n++;
		}
		free(data);
	}
	closedir(d);
	return n;
}

int
main(void)
{
	const char	*top = getenv("TOP");
	char		 dir[1024];
	size_t		 i;
	int		 n;

	if (top == NULL || *top == '\0')
		top = ".";
	for (i = 0; i < sizeof targets / sizeof targets[0]; i++) {
		snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", top,
		    targets[i].name);
		n = replay(dir, targets[i].entry);
		if (n <= 0)
			printf("FAIL no seeds in %s\n", dir);
		CHECK(n > 0);
		snprintf(dir, sizeof dir, "%s/tests/fuzz/regress/%s", top,
		    targets[i].name);
		(void)replay(dir, targets[i].entry);
	}
	return test_done("t-fuzz-regress");
}
