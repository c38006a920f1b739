/*
 * test.h - the unit-test harness: CHECK() counts, test_done() reports.
 * A test program prints a line for each failure and, last, a line
 * "NAME: N passed, N failed"; tests/run adds them up.
 */
#ifndef XF_TEST_H
#define XF_TEST_H

#include <stdio.h>
#include <string.h>

static int test_passed, test_failed;

#define CHECK(cond) do { \
	if (cond) \
		test_passed++; \
	else { \
		test_failed++; \
		printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	} \
} while (0)

/* Compare two strings, NULL-safe, showing both on failure. */
#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if ((g_ == NULL && w_ == NULL) || \
	    (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0)) \
		test_passed++; \
	else { \
		test_failed++; \
		printf("FAIL %s:%d: %s: got '%s', want '%s'\n", __FILE__, \
		    __LINE__, #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
	} \
} while (0)

static int
test_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, test_passed, test_failed);
	return test_failed != 0;
}

#endif
