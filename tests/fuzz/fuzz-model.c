/*
 * fuzz-model.c - the model loader, xf_model_load()
 *
 * The input is loaded as it is, and again with its last 8 bytes made
 * the right checksum (FNV-1a, as model.c writes it), so that the fuzzer
 * gets past the checksum to everything the loader checks before it.  A
 * model that loads must save to bytes that load to the same bytes, must
 * predict, and must save the same after learning and forgetting one
 * example (model.c: they are exact inverses).
 */
#include "fuzz.h"

static uint64_t
fuzz_fnv1a(const uint8_t *p, size_t n)
{
	uint64_t h = 0xCBF29CE484222325ULL;

	while (n-- > 0) {
		h ^= *p++;
		h *= 0x100000001B3ULL;
	}
	return h;
}

static void
fuzz_model_use(xf_model *m)
{
	static const char text[] = "某公司拖欠工资三个月，要求支付 2017年";
	xf_model	*m2;
	void		*b1 = NULL, *b2 = NULL, *b3 = NULL;
	size_t		 n1, n2, n3;
	double		 conf;
	const char	*label;
	char		 err[256];

	label = xf_model_predict(m, text, sizeof text - 1, &conf);
	if (xf_model_examples(m) > 0 && label != NULL)
		FUZZ_ASSERT(conf >= 0.0 && conf <= 1.0);
	FUZZ_ASSERT(xf_model_save(m, &b1, &n1) == 0);
	m2 = xf_model_load(b1, n1, err, sizeof err);
	if (m2 == NULL) {
		fprintf(stderr, "saved model does not load: %s\n", err);
		abort();
	}
	FUZZ_ASSERT(xf_model_examples(m2) == xf_model_examples(m));
	FUZZ_ASSERT(xf_model_labels(m2) == xf_model_labels(m));
	FUZZ_ASSERT(xf_model_save(m2, &b2, &n2) == 0);
	FUZZ_ASSERT(n2 == n1 && memcmp(b1, b2, n1) == 0);
	if (xf_model_learn(m2, "劳动和社会保障", text, sizeof text - 1) == 0) {
		(void)xf_model_predict(m2, text, sizeof text - 1, &conf);
		FUZZ_ASSERT(xf_model_unlearn(m2, "劳动和社会保障", text,
		    sizeof text - 1) == 0);
		FUZZ_ASSERT(xf_model_save(m2, &b3, &n3) == 0);
		FUZZ_ASSERT(n3 == n1 && memcmp(b1, b3, n1) == 0);
	}
	free(b1);
	free(b2);
	free(b3);
	xf_model_free(m2);
}

int
FUZZ_ENTRY(const uint8_t *data, size_t len)
{
	xf_model	*m;
	uint8_t		*fixed;
	uint64_t	 h;
	char		 err[256];
	int		 i;

	err[0] = '\0';
	if ((m = xf_model_load(data, len, err, sizeof err)) != NULL) {
		fuzz_model_use(m);
		xf_model_free(m);
	} else
		FUZZ_ASSERT(err[0] != '\0');
	if (len < 12 || (fixed = malloc(len)) == NULL)
		return 0;
	memcpy(fixed, data, len);
	h = fuzz_fnv1a(fixed, len - 8);
	for (i = 0; i < 8; i++)
		fixed[len - 8 + i] = (uint8_t)(h >> (8 * i));
	err[0] = '\0';
	if ((m = xf_model_load(fixed, len, err, sizeof err)) != NULL) {
		fuzz_model_use(m);
		xf_model_free(m);
	} else
		FUZZ_ASSERT(err[0] != '\0');
	free(fixed);
	return 0;
}
