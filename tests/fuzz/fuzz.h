/*
 * fuzz.h - what the fuzz targets share
 *
 * Each tests/fuzz/fuzz-NAME.c defines one entry point, FUZZ_ENTRY, which
 * is LLVMFuzzerTestOneInput when built for libFuzzer (make fuzz) and a
 * name of its own when tests/unit/t-fuzz-regress.c includes every target
 * to replay the seeds and the crashing inputs under gcc (make check).
 *
 * The readers and the settings take a path, not bytes: the input is
 * written to a file in a directory made once per process.
 */
#ifndef XF_FUZZ_H
#define XF_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xf-private.h"

#ifndef FUZZ_ENTRY
#define FUZZ_ENTRY	LLVMFuzzerTestOneInput
#endif

int	FUZZ_ENTRY(const uint8_t *, size_t);

static char	fuzz_dir[64];

static inline void
fuzz_cleanup(void)
{
	static const char *const names[] = {
		"input", "settings.conf", "catalogue.tsv", "holidays.tsv"
	};
	char	 path[128];
	size_t	 i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", fuzz_dir, names[i]);
		unlink(path);
	}
	rmdir(fuzz_dir);
}

/* The path of name in the process's directory, the file holding data. */
static inline const char *
fuzz_file(const char *name, const void *data, size_t len)
{
	static char	 path[128];
	const char	*tmp;
	FILE		*fp;

	if (fuzz_dir[0] == '\0') {
		if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
			tmp = "/tmp";
		snprintf(fuzz_dir, sizeof fuzz_dir, "%s/xf-fuzz.XXXXXX", tmp);
		if (mkdtemp(fuzz_dir) == NULL) {
			perror(fuzz_dir);
			abort();
		}
		atexit(fuzz_cleanup);
	}
	snprintf(path, sizeof path, "%s/%s", fuzz_dir, name);
	if ((fp = fopen(path, "wb")) == NULL ||
	    (len > 0 && fwrite(data, 1, len, fp) != len) || fclose(fp) != 0) {
		perror(path);
		abort();
	}
	return path;
}

/* The bytes as a NUL-terminated string (malloc'd); NULL only on ENOMEM. */
static inline char *
fuzz_string(const uint8_t *data, size_t len)
{
	char	*s;

	if ((s = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(s, data, len);
	s[len] = '\0';
	return s;
}

/* A check that holds whatever the input: abort (a crash) when not. */
#define FUZZ_ASSERT(c) do { \
	if (!(c)) { \
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); \
		abort(); \
	} \
} while (0)

/*
 * What any cell of a workbook must be (xf-private.h): text and errors
 * NUL-terminated at their length and valid UTF-8, a date in one of its
 * three forms.
 */
static inline void
fuzz_cell(const struct xf_cell *c)
{
	size_t	 n;

	switch (c->type) {
	case XF_CELL_TEXT:
	case XF_CELL_ERROR:
		FUZZ_ASSERT(c->s != NULL && c->s[c->len] == '\0');
		FUZZ_ASSERT(xf_utf8_valid(c->s, c->len, 0, NULL));
		break;
	case XF_CELL_DATE:
		FUZZ_ASSERT(c->s != NULL && c->s[c->len] == '\0');
		n = c->len;
		FUZZ_ASSERT(n == 8 || n == 10 || n == 19);
		if (n == 8)
			FUZZ_ASSERT(c->s[2] == ':' && c->s[5] == ':' &&
			    c->s[0] <= '2');
		else
			FUZZ_ASSERT(c->s[4] == '-' && c->s[7] == '-');
		if (n == 19)
			FUZZ_ASSERT(c->s[10] == ' ' && c->s[13] == ':');
		break;
	case XF_CELL_NUMBER:
	case XF_CELL_BOOL:
		break;
	default:
		FUZZ_ASSERT(0);
	}
}

#endif
