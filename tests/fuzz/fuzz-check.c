/*
 * fuzz-check.c - the checks of single values: the ID number, the phone
 * number, the region code and the yes/no words
 *
 * A normalised value must pass its own check again, unchanged.
 */
#include "fuzz.h"

int
FUZZ_ENTRY(const uint8_t *data, size_t len)
{
	const char	*why;
	char		*s, id[19], id2[19], ph[64], ph2[64];
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
	if (xf_check_bool(s, &b, &why) == 0)
		FUZZ_ASSERT(b == 0 || b == 1);
	else
		FUZZ_ASSERT(why != NULL);
	free(s);
	return 0;
}
