/* fuzz-ndjson.c - the NDJSON reader (see fuzz-read.h) */
#include "fuzz-read.h"

int
FUZZ_ENTRY(const uint8_t *data, size_t len)
{
	return fuzz_read(data, len, XF_FORMAT_JSON);
}
