/*
 * t-model.c - the learned classifier: a linear model over hashed
 * character n-grams (lib/model.c), trained as a linear SVM with its
 * scores made probabilities by a fitted temperature.
 *
 * The figures of a trained model are not worked out by hand here (the
 * fit is many thousand steps of float arithmetic); what is checked is
 * what the comment at the top of model.c promises: the right label on
 * texts that say it plainly, confidences from 0 to 1, the same bytes
 * from the same examples in any order, forgetting that is exact, a
 * saved model that loads to the same bytes and predictions, a sample
 * past the model's budget that does not depend on the order, and a
 * loader that refuses bad bytes with a reason.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"
#include "test.h"

static int
learn(xf_model *m, const char *label, const char *text)
{
	return xf_model_learn(m, label, text, strlen(text));
}

static int
unlearn(xf_model *m, const char *label, const char *text)
{
	return xf_model_unlearn(m, label, text, strlen(text));
}

static const char *
predict(const xf_model *m, const char *text, double *conf)
{
	return xf_model_predict(m, text, strlen(text), conf);
}

/* Whether two models save the same bytes. */
static int
same_bytes(const xf_model *a, const xf_model *b)
{
	void	*pa, *pb;
	size_t	 na, nb;
	int	 same;

	if (xf_model_save(a, &pa, &na) == -1 ||
	    xf_model_save(b, &pb, &nb) == -1)
		return 0;
	same = na == nb && memcmp(pa, pb, na) == 0;
	free(pa);
	free(pb);
	return same;
}

static const char *const wages[] = {
	"某公司拖欠工资三个月，多次讨要无果",
	"老板拖欠农民工工资不给",
	"工地拖欠工资，要求支付劳动报酬",
	"单位不给缴纳社会保险，拖欠工资",
	"讨要工资被拒，请求劳动监察介入",
	"包工头拖欠工资半年",
};
static const char *const land[] = {
	"征地补偿款没有到位",
	"村里征地补偿标准太低",
	"土地被征收，补偿款被截留",
	"征收土地未依法补偿安置",
	"征地拆迁补偿不公",
	"集体土地征收补偿费分配不公",
};
#define NTEXTS	(sizeof wages / sizeof wages[0])

/* A model of the texts above, learned in one order or the reverse. */
static xf_model *
fixture(int reverse)
{
	xf_model	*m = xf_model_new();
	size_t		 i, k;

	for (i = 0; i < NTEXTS; i++) {
		k = reverse ? NTEXTS - 1 - i : i;
		CHECK(learn(m, reverse ? "国土" : "劳动", reverse ? land[k] :
		    wages[k]) == 0);
		CHECK(learn(m, reverse ? "劳动" : "国土", reverse ? wages[k] :
		    land[k]) == 0);
	}
	return m;
}

static void
test_empty(void)
{
	xf_model	*m = xf_model_new();
	double		 conf = 1;

	CHECK(m != NULL);
	CHECK(xf_model_examples(m) == 0);
	CHECK(xf_model_labels(m) == 0);
	CHECK(predict(m, "x", &conf) == NULL);
	CHECK(conf == 0);
	xf_model_free(m);
	xf_model_free(NULL);
}

static void
test_chinese(void)
{
	xf_model	*m = fixture(0);
	double		 conf;

	CHECK(xf_model_examples(m) == 2 * NTEXTS);
	CHECK(xf_model_labels(m) == 2);
	CHECK_STR(predict(m, "公司拖欠工资", &conf), "劳动");
	CHECK(conf > 0.5 && conf <= 1);
	CHECK_STR(predict(m, "征地补偿", &conf), "国土");
	CHECK(conf > 0.5 && conf <= 1);
	/* Width and case fold: full-width forms are ASCII. */
	CHECK_STR(predict(m, "拖欠ＡＢ工资", &conf), "劳动");
	/* A title before a line feed: counted as well. */
	CHECK_STR(predict(m, "征地\n补偿款", &conf), "国土");
	CHECK(predict(m, "", &conf) != NULL);
	CHECK(conf >= 0 && conf <= 1);
	CHECK(xf_model_predict(m, NULL, 0, &conf) != NULL);
	CHECK(xf_model_predict(m, NULL, 1, &conf) == NULL);
	xf_model_free(m);
}

/*
 * Several models asked of one text at once (the text's grams made once,
 * by the first model that can answer): each answer what it alone gives,
 * to the bit; none from a model missing or with no examples.
 */
static void
test_predict_n(void)
{
	static const char *const texts[] = { "公司拖欠工资", "征地补偿",
	    "拖欠ＡＢ工资", "征地\n补偿款", "", "另一件事" };
	xf_model	*a = fixture(0), *b = xf_model_new();
	xf_model	*none = xf_model_new();
	const xf_model	*ms[4] = { none, a, NULL, b };
	const char	*label[4], *one;
	double		 conf[4], c1;
	size_t		 i, t;

	for (i = 0; i < NTEXTS; i++) {
		CHECK(learn(b, "demand", wages[i]) == 0);
		CHECK(learn(b, "consult", land[i]) == 0);
		CHECK(learn(b, "consult", wages[i] + 3 * (i % 2)) == 0);
	}
	for (t = 0; t < sizeof texts / sizeof texts[0]; t++) {
		xf_model_predict_n(ms, 4, texts[t], strlen(texts[t]), label,
		    conf);
		CHECK(label[0] == NULL && conf[0] == 0);
		CHECK(label[2] == NULL && conf[2] == 0);
		for (i = 1; i < 4; i += 2) {
			one = predict(ms[i], texts[t], &c1);
			CHECK(one != NULL && label[i] != NULL);
			if (one != NULL && label[i] != NULL)
				CHECK_STR(label[i], one);
			CHECK(memcmp(&conf[i], &c1, sizeof c1) == 0);
		}
		/* Without confidences. */
		xf_model_predict_n(ms, 4, texts[t], strlen(texts[t]), label,
		    NULL);
		CHECK(label[1] != NULL && label[3] != NULL);
	}
	xf_model_predict_n(ms, 4, NULL, 1, label, conf);
	for (i = 0; i < 4; i++)
		CHECK(label[i] == NULL && conf[i] == 0);
	xf_model_free(a);
	xf_model_free(b);
	xf_model_free(none);
}

/* The same examples in any order: the same bytes. */
static void
test_determinism(void)
{
	xf_model	*a = fixture(0), *b = fixture(1);

	CHECK(same_bytes(a, b));
	CHECK(same_bytes(a, a));
	xf_model_free(a);
	xf_model_free(b);
}

/* Forgetting is exact: as if never learned. */
static void
test_unlearn(void)
{
	xf_model	*a = fixture(0), *b = fixture(0);
	const char	*extra = "拖欠工资，另有征地补偿的问题";

	CHECK(learn(a, "国土", extra) == 0);
	CHECK(predict(a, extra, NULL) != NULL);
	CHECK(xf_model_examples(a) == 2 * NTEXTS + 1);
	CHECK(unlearn(a, "劳动", extra) == -1);	/* not under that label */
	CHECK(unlearn(a, "国土", "没学过") == -1);
	CHECK(unlearn(a, "其他", extra) == -1);
	CHECK(unlearn(a, "国土", extra) == 0);
	CHECK(unlearn(a, "国土", extra) == -1);	/* once only */
	CHECK(xf_model_examples(a) == 2 * NTEXTS);
	CHECK(same_bytes(a, b));
	CHECK(unlearn(a, NULL, "x") == -1);
	xf_model_free(a);
	xf_model_free(b);
}

/*
 * Text i of the sample's examples: 1 to 20 code points of CJK from i,
 * so that texts differ in their grams and in how many they have (1 to
 * 39: the unigrams and bigrams).  Were they alike in size, letting go
 * of the highest ranks would keep the same examples in any order even
 * without the cut (checked: without it, a, b and c differ).
 */
#define NSAMPLE		600
#define SAMPLE_BUDGET	6000		/* grams: about 160 of the 600 */

static void
sample_text(size_t i, char *buf)
{
	uint32_t	 c;
	size_t		 j;
	char		*p = buf;

	for (j = 0; j < 1 + i % 20; j++) {
		c = 0x4E00 + (uint32_t)((i * 37 + j * 101 + j * j * i) % 8000);
		*p++ = (char)(0xE0 | c >> 12);
		*p++ = (char)(0x80 | (c >> 6 & 0x3F));
		*p++ = (char)(0x80 | (c & 0x3F));
	}
	*p = '\0';
}

static const char *
sample_label(size_t i)
{
	return i % 3 == 0 ? "甲" : i % 3 == 1 ? "乙" : "丙";
}

/*
 * A model of the sample's examples, learned in the order of step,
 * holding at most grams of them.
 */
static xf_model *
sample(size_t step, size_t grams)
{
	xf_model	*m = xf_model_new();
	char		 t[64];
	size_t		 i, k;

	xf_model_budget(m, grams * 4);
	for (i = 0; i < NSAMPLE; i++) {
		k = i * step % NSAMPLE;		/* step prime to NSAMPLE */
		sample_text(k, t);
		CHECK(learn(m, sample_label(k), t) == 0);
	}
	return m;
}

/*
 * Past its budget a model holds a sample of what it learned, the same
 * whatever the order: the same bytes learned forwards, backwards and
 * shuffled; forgetting a third and learning it again gives the same
 * model back; forgetting everything leaves nothing.  The samples hold
 * more than 100 examples, so that over 20 are held out for the
 * temperature, whose fit must not depend on the order either.
 */
static void
test_sample(void)
{
	xf_model	*a = sample(1, SAMPLE_BUDGET);
	xf_model	*b = sample(NSAMPLE - 1, SAMPLE_BUDGET);
	xf_model	*c = sample(7, SAMPLE_BUDGET);
	xf_model	*all = sample(1, SIZE_MAX / 4), *all7;
	char		 t[64];
	size_t		 i, held = xf_model_examples(a);

	/*
	 * 20 grams an example on average and 16 for its own bytes: about
	 * 160 fit in 6,000.
	 */
	CHECK(held >= 100 && held < NSAMPLE / 2);
	CHECK(held + xf_model_left_out(a) == NSAMPLE);
	CHECK(xf_model_examples(b) == held && xf_model_examples(c) == held);
	CHECK(same_bytes(a, b));
	CHECK(same_bytes(a, c));
	for (i = 0; i < NSAMPLE; i += 3) {
		sample_text(i, t);
		CHECK(unlearn(a, sample_label(i), t) == 0);
	}
	CHECK(xf_model_examples(a) < held);
	for (i = 0; i < NSAMPLE; i += 3) {
		sample_text(i, t);
		CHECK(learn(a, sample_label(i), t) == 0);
	}
	CHECK(xf_model_examples(a) == held);
	CHECK(xf_model_left_out(a) == NSAMPLE - held);
	CHECK(same_bytes(a, b));
	for (i = 0; i < NSAMPLE; i++) {
		sample_text(i, t);
		CHECK(unlearn(a, sample_label(i), t) == 0);
	}
	CHECK(xf_model_examples(a) == 0 && xf_model_left_out(a) == 0);
	CHECK(predict(a, t, NULL) == NULL);
	/* Within the budget, every example is held, in any order alike. */
	all7 = sample(7, SIZE_MAX / 4);
	CHECK(xf_model_examples(all) == NSAMPLE && xf_model_left_out(all) == 0);
	CHECK(same_bytes(all, all7));
	CHECK(!same_bytes(all, b));
	/* A bound set after learning lets go of the same examples. */
	xf_model_budget(all, SAMPLE_BUDGET * 4);
	CHECK(xf_model_examples(all) == held);
	CHECK(same_bytes(all, b));
	xf_model_free(a);
	xf_model_free(b);
	xf_model_free(c);
	xf_model_free(all);
	xf_model_free(all7);
}

static void
test_bad_labels(void)
{
	xf_model	*m = xf_model_new();
	char		 name[16];
	int		 i;

	CHECK(xf_model_learn(m, NULL, "x", 1) == -1);
	CHECK(xf_model_learn(m, "A", NULL, 1) == -1);
	CHECK(learn(m, "", "x") == -1);
	CHECK(learn(m, "\xff", "x") == -1);
	CHECK(xf_model_examples(m) == 0);
	for (i = 0; i < 1024; i++) {
		snprintf(name, sizeof name, "L%04d", i);
		CHECK(learn(m, name, "x") == 0);
	}
	CHECK(learn(m, "one more", "x") == -1);
	CHECK(xf_model_labels(m) == 1024);
	xf_model_free(m);
}

/* A label of at most 1,024 bytes. */
static void
test_label_length(void)
{
	xf_model	*m = xf_model_new();
	char		 name[1026];

	memset(name, 'a', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	CHECK(learn(m, name, "x") == -1);		/* 1,025 bytes */
	name[1024] = '\0';
	CHECK(learn(m, name, "x") == 0);		/* 1,024 */
	CHECK(xf_model_examples(m) == 1);
	xf_model_free(m);
}

/* Learn the k-th of the texts made of three of texts[]. */
static int
learn3(xf_model *m, const char *label, const char *const *texts, size_t k)
{
	char	 text[256];

	snprintf(text, sizeof text, "%s，%s，%s", texts[k / NTEXTS / NTEXTS],
	    texts[k / NTEXTS % NTEXTS], texts[k % NTEXTS]);
	return learn(m, label, text);
}

/*
 * Enough examples that a fifth (at least 20) is held out to fit the
 * temperature: the same bytes in any order still, a temperature other
 * than the one used with fewer (0.5, at byte 24 of the saved form), and
 * texts that say their label plainly predicted with a confidence above
 * a half.
 */
static void
test_temperature(void)
{
	xf_model	*a = xf_model_new(), *b = xf_model_new();
	size_t		 k, n = NTEXTS * NTEXTS * NTEXTS, len;
	double		 conf;
	void		*data;
	float		 t = 0.5f;

	for (k = 0; k < n; k++) {
		CHECK(learn3(a, "劳动", wages, k) == 0);
		CHECK(learn3(a, "国土", land, k) == 0);
	}
	for (k = n; k-- > 0; ) {
		CHECK(learn3(b, "国土", land, k) == 0);
		CHECK(learn3(b, "劳动", wages, k) == 0);
	}
	CHECK(xf_model_examples(a) == 2 * n);
	CHECK(same_bytes(a, b));
	CHECK(xf_model_save(a, &data, &len) == 0);
	CHECK(len > 28);
	if (len > 28)
		memcpy(&t, (unsigned char *)data + 24, 4);	/* little-endian */
	CHECK(t != 0.5f && t > 0);
	free(data);
	CHECK_STR(predict(a, "公司拖欠工资", &conf), "劳动");
	CHECK(conf > 0.5 && conf <= 1);
	CHECK_STR(predict(a, "征地补偿", &conf), "国土");
	CHECK(conf > 0.5 && conf <= 1);
	xf_model_free(a);
	xf_model_free(b);
}

/* Saved and loaded: the same bytes, predictions and confidences. */
static void
test_round_trip(void)
{
	xf_model	*m = fixture(0), *l, *e = xf_model_new();
	void		*data, *d2;
	size_t		 len, l2, i;
	double		 c1, c2;
	char		 err[256];

	CHECK(xf_model_save(m, &data, &len) == 0);
	CHECK(memcmp(data, "XFLM", 4) == 0);
	l = xf_model_load(data, len, err, sizeof err);
	CHECK(l != NULL);
	if (l == NULL)
		return;
	CHECK(xf_model_examples(l) == 2 * NTEXTS);
	CHECK(xf_model_labels(l) == 2);
	for (i = 0; i < NTEXTS; i++) {
		CHECK_STR(predict(l, wages[i], &c2), predict(m, wages[i],
		    &c1));
		CHECK(c1 == c2);
	}
	CHECK(xf_model_save(l, &d2, &l2) == 0);
	CHECK(l2 == len && memcmp(d2, data, len) == 0);
	/* A loaded model has no examples to learn with. */
	CHECK(learn(l, "劳动", "拖欠工资") == -1);
	free(d2);
	free(data);
	xf_model_free(l);
	/* The empty model too. */
	CHECK(xf_model_save(e, &data, &len) == 0);
	l = xf_model_load(data, len, err, sizeof err);
	CHECK(l != NULL);
	CHECK(l != NULL && xf_model_examples(l) == 0);
	CHECK(l != NULL && predict(l, "x", NULL) == NULL);
	free(data);
	xf_model_free(l);
	xf_model_free(e);
	xf_model_free(m);
}

/* The format's checks, and the old naive Bayes model's message. */
static void
test_format(void)
{
	static const unsigned char old[] = "XFNB\1\0\0\0\20\0\0\0\0\0\0\0";
	static const unsigned char v3[] = "XFLM\3\0\0\0\0\0\0\0\0\0\0\0";
	/* magic, version, bits, labels, examples, temperature, idf0 */
	static const unsigned char v3head[] = "XFLM\3\0\0\0\0\0\0\0"
	    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x80\x3f\0\0\x80\x3f";
	char		 err[256];

	CHECK(xf_model_load(old, sizeof old - 1, err, sizeof err) == NULL);
	CHECK(strstr(err, "naive Bayes") != NULL);
	CHECK(strstr(err, "xf-classify --learn again") != NULL);
	CHECK(xf_model_load("JUNK", 4, err, sizeof err) == NULL);
	CHECK(strstr(err, "not a model") != NULL);
	CHECK(xf_model_load(v3, sizeof v3 - 1, err, sizeof err) == NULL);
	CHECK(strstr(err, "truncated") != NULL);
	/* A whole header, of a version this one does not read. */
	CHECK(xf_model_load(v3head, sizeof v3head - 1, err,
	    sizeof err) == NULL);
	CHECK_STR(err, "model version 3 not supported (2 is)");
}

/* Every prefix of a saved model, and every byte changed, is refused. */
static void
test_corrupt(void)
{
	xf_model	*m = xf_model_new(), *l;
	unsigned char	*data, *copy;
	void		*p;
	size_t		 len, i;
	char		 err[128];
	int		 bit, refused = 0, reasons = 0, total = 0;

	CHECK(learn(m, "劳动", "单位拖欠工资，多次讨要无果。") == 0);
	CHECK(learn(m, "城建", "小区停水停电，物业不管。") == 0);
	CHECK(xf_model_save(m, &p, &len) == 0);
	data = p;
	copy = malloc(len);
	for (i = 0; i < len; i++) {
		/* A copy of exactly i bytes, so ASan sees any overread. */
		memcpy(copy, data, i);
		err[0] = '\0';
		total++;
		l = xf_model_load(i ? copy : NULL, i, err, sizeof err);
		refused += l == NULL;
		reasons += err[0] != '\0';
		xf_model_free(l);
	}
	for (i = 0; i < len; i++)
		for (bit = (int)(i % 8); bit < 8; bit += 8) {
			memcpy(copy, data, len);
			copy[i] ^= (unsigned char)(1 << bit);
			err[0] = '\0';
			total++;
			l = xf_model_load(copy, len, err, sizeof err);
			refused += l == NULL;
			reasons += err[0] != '\0';
			xf_model_free(l);
		}
	CHECK(refused == total);
	CHECK(reasons == total);
	memcpy(copy, data, len);
	l = xf_model_load(copy, len, err, sizeof err);
	CHECK(l != NULL);
	xf_model_free(l);
	free(copy);
	free(data);
	xf_model_free(m);
}

int
main(void)
{
	test_empty();
	test_chinese();
	test_predict_n();
	test_determinism();
	test_unlearn();
	test_sample();
	test_bad_labels();
	test_label_length();
	test_temperature();
	test_round_trip();
	test_format();
	test_corrupt();
	return test_done("t-model");
}
