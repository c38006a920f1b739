/*
 * fuzz-check.c - the checks of single values: the ID number, the phone
 * number, the region code, the yes/no words, the number of people, and
 * the folding of full-width forms
 *
 * A normalised value must pass its own check again, unchanged.
 */
#include "fuzz.h"
#include "xf-private.h"

int
FUZZ_ENTRY(const uint8_t *data, size_t len)
{
	const char	*why;
	char		*s, *f, id[19], id2[19], old[16], ph[64], ph2[64];
	size_t		 n;
	long		 people;
	int		 b;

	if ((s = fuzz_string(data, len)) == NULL)
		return 0;
	why = NULL;
	if (xf_check_id_number(s, id, &why) == 0) {
		FUZZ_ASSERT(strlen(id) == 18);
		FUZZ_ASSERT(xf_check_id_number(id, id2, &why) == 0);
		FUZZ_ASSERT(strcmp(id, id2) == 0);
	} else
		FUZZ_ASSERT(why != NULL);
	why = NULL;
	if (xf_check_phone(s, ph, sizeof ph, &why) == 0) {
		FUZZ_ASSERT(xf_check_phone(ph, ph2, sizeof ph2, &why) == 0);
		FUZZ_ASSERT(strcmp(ph, ph2) == 0);
	} else
		FUZZ_ASSERT(why != NULL);
	/* A buffer too small must fail, not overflow. */
	(void)xf_check_phone(s, ph, 5, &why);
	why = NULL;
	if (xf_check_region(s, &why) == -1)
		FUZZ_ASSERT(why != NULL);
	why = NULL;
	if (xf_check_id_number_old(s, id, old, &why) == 0)
		FUZZ_ASSERT(old[0] == '\0' || (strlen(old) == 15 &&
		    memcmp(old, id, 6) == 0 && memcmp(old + 6, id + 8, 9) == 0));
	why = NULL;
	if (xf_check_people(s, &people, &why) == 0)
		FUZZ_ASSERT(people >= 1 && people <= 1000000);
	else
		FUZZ_ASSERT(why != NULL);
	/* Folding never lengthens a value, also in place. */
	if ((f = malloc(strlen(s) + 1)) != NULL) {
		n = xf_ascii_fold(s, strlen(s), f);
		FUZZ_ASSERT(n <= strlen(s) && strlen(f) == n);
		memcpy(f, s, strlen(s) + 1);
		FUZZ_ASSERT(xf_ascii_fold(f, strlen(f), f) == n);
		free(f);
	}
	why = NULL;
	if (xf_check_bool(s, &b, &why) == 0)
		FUZZ_ASSERT(b == 0 || b == 1);
	else
		FUZZ_ASSERT(why != NULL);
	free(s);
	return 0;
}
