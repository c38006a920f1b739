/*
 * t-model.c - the learned classifier: naive Bayes over character
 * n-grams (lib/model.c).
 *
 * The numbers below follow from the comment at the top of model.c:
 * B = 65536 buckets, Lidstone smoothing a = 0.1, so that
 *
 *	log P(f|c) = log(N_cf + 0.1) - log(N_c + 6553.6),
 *
 * and the penalty of label c for a feature is how far its log P(f|c)
 * falls short of the greatest, in 1/32 nat, rounded, at most 255.  A
 * label's score is its log prior less its penalties.  Letters apart
 * ("x x x") are unigrams only: a space separates runs.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"
#include "test.h"

#define Z(n)	log((n) + 6553.6)	/* log(N_c + a B) */

static int
near(double got, double want)
{
	if (fabs(got - want) < 1e-9)
		return 1;
	printf("  got %.12f, want %.12f\n", got, want);
	return 0;
}

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

/*
 * A learned "x x x", B "y": N_Ax = 3, N_A = 3, N_By = 1, N_B = 1, one
 * example each.
 *
 * "x": log P(x|A) = ln 3.1 - Z(3), log P(x|B) = ln 0.1 - Z(1); B falls
 * short by ln 31 - (Z(3) - Z(1)) = 3.433682 nat = 109.88/32, so B's
 * penalty is 110:
 *	score A - score B = 110/32 = 3.4375
 *	P(A) = 1 / (1 + e^-3.4375) = 0.968856169
 * (exact arithmetic would give 31/6556.6 : 1/6554.6, P(A) = 0.96874).
 *
 * "z", seen by neither: A falls short by Z(3) - Z(1) = 0.0098/32 nat,
 * rounded to 0: a tie, which A wins as it sorts first, P = 1/2.
 *
 * "x y": 110 against B for x; for y, A falls short by ln 11 + Z(3) -
 * Z(1) = 76.74/32, so 77 against A:
 *	score A - score B = (110 - 77)/32 = 1.03125
 *	P(A) = 1 / (1 + e^-1.03125) = 0.737158163
 */
static void
test_by_hand(void)
{
	xf_model	*m = xf_model_new();
	const char	*got;
	double		 conf, d;

	CHECK(m != NULL);
	CHECK(xf_model_examples(m) == 0);
	CHECK(xf_model_labels(m) == 0);
	CHECK(predict(m, "x", &conf) == NULL);
	CHECK(conf == 0);
	CHECK(learn(m, "A", "x x x") == 0);
	CHECK(learn(m, "B", "y") == 0);
	CHECK(xf_model_examples(m) == 2);
	CHECK(xf_model_labels(m) == 2);

	/* The penalties, worked out as above. */
	d = 32 * (log(31) - (Z(3) - Z(1)));
	CHECK(lround(d) == 110);
	d = 32 * (Z(3) - Z(1));
	CHECK(lround(d) == 0);
	d = 32 * (log(11) + Z(3) - Z(1));
	CHECK(lround(d) == 77);

	got = predict(m, "x", &conf);
	CHECK_STR(got, "A");
	CHECK(near(conf, 1 / (1 + exp(-110 / 32.0))));
	CHECK(near(conf, 0.968856169465));

	got = predict(m, "z", &conf);
	CHECK_STR(got, "A");
	CHECK(near(conf, 0.5));

	got = predict(m, "x y", &conf);
	CHECK_STR(got, "A");
	CHECK(near(conf, 1 / (1 + exp(-33 / 32.0))));
	CHECK(near(conf, 0.737158162629));

	/* Case, width and separators fold: "Ｘ", "X" and "x" are one. */
	got = predict(m, "Ｘ", &d);
	CHECK_STR(got, "A");
	CHECK(near(d, predict(m, "X", &conf) ? conf : -1));
	CHECK(near(d, predict(m, "，x。", &conf) ? conf : -1));

	/* No confidence asked for. */
	CHECK_STR(predict(m, "x", NULL), "A");
	xf_model_free(m);
}

/*
 * Penalties stop at 255 (8 nats).  A learned x 4,000 times (N_A =
 * 4000).
 *
 * B learned "y": for x, B falls short by ln(4000.1/0.1) - (Z(4000) -
 * Z(1)) = 323.85/32, capped at 255:
 *	score A - score B = 255/32,	P(A) = 0.999654008
 * B learned "x" instead: ln(4000.1/1.1) - (Z(4000) - Z(1)) = 247.12/32:
 *	score A - score B = 247/32,	P(A) = 0.999555782
 */
static void
test_cap(void)
{
	xf_model	*m = xf_model_new(), *w = xf_model_new();
	char		 text[8001];
	size_t		 i;
	double		 conf;

	for (i = 0; i < 4000; i++) {
		text[2 * i] = 'x';
		text[2 * i + 1] = ' ';
	}
	text[8000] = '\0';
	CHECK(learn(m, "A", text) == 0);
	CHECK(learn(m, "B", "y") == 0);
	CHECK(learn(w, "A", text) == 0);
	CHECK(learn(w, "B", "x") == 0);
	CHECK(32 * (log(40001) - (Z(4000) - Z(1))) > 255);
	CHECK(lround(32 * (log(4000.1 / 1.1) - (Z(4000) - Z(1)))) == 247);
	CHECK_STR(predict(m, "x", &conf), "A");
	CHECK(near(conf, 1 / (1 + exp(-255 / 32.0))));
	CHECK(near(conf, 0.999654008397));
	CHECK_STR(predict(w, "x", &conf), "A");
	CHECK(near(conf, 1 / (1 + exp(-247 / 32.0))));
	CHECK(near(conf, 0.999555781641));
	xf_model_free(m);
	xf_model_free(w);
}

/*
 * Empty texts: only the priors count.  A twice, B once: P(A) = 2/3.
 * A and B once each: a tie, won by A, which sorts first, however the
 * examples came; P = 1/2.
 */
static void
test_priors_and_ties(void)
{
	xf_model	*m = xf_model_new();
	double		 conf;

	CHECK(learn(m, "B", "") == 0);
	CHECK(learn(m, "A", "") == 0);
	CHECK_STR(predict(m, "", &conf), "A");
	CHECK(near(conf, 0.5));
	CHECK_STR(xf_model_predict(m, NULL, 0, &conf), "A");
	CHECK(learn(m, "A", "") == 0);
	CHECK_STR(predict(m, "", &conf), "A");
	CHECK(near(conf, 2 / 3.0));
	/* Nothing but separators is no feature at all. */
	CHECK_STR(predict(m, " ，。、！？\t\n", &conf), "A");
	CHECK(near(conf, 2 / 3.0));
	xf_model_free(m);

	m = xf_model_new();
	CHECK(learn(m, "乙", "") == 0);
	CHECK(learn(m, "甲", "") == 0);
	/* 乙 U+4E59 sorts before 甲 U+7532 in UTF-8 bytes. */
	CHECK_STR(predict(m, "", &conf), "乙");
	CHECK(near(conf, 0.5));
	xf_model_free(m);
}

/*
 * A text longer than the 16-bit sums hold.  A learned "x", B "y y y".
 * For x, B falls short by ln 11 + Z(3) - Z(1) = 76.74/32: 77; for y, A
 * falls short by ln 31 - (Z(3) - Z(1)) = 109.88/32: 110.  The text is x
 * 6,809 times and y 4,766 times:
 *	A's penalties 110 x 4766 = 524260 = 8 x 65536 - 28
 *	B's penalties  77 x 6809 = 524293 = 8 x 65536 + 5
 *	score A - score B = 33/32,	P(A) = 0.737158163
 * (sums kept in 16 bits would have A at 65508 and B at 5).
 */
static void
test_long_text(void)
{
	xf_model	*m = xf_model_new();
	char		*text, *p;
	size_t		 i;
	double		 conf, d;

	CHECK(learn(m, "A", "x") == 0);
	CHECK(learn(m, "B", "y y y") == 0);
	text = p = malloc(2 * (6809 + 4766) + 1);
	for (i = 0; i < 6809; i++) {
		*p++ = 'x';
		*p++ = ' ';
	}
	for (i = 0; i < 4766; i++) {
		*p++ = 'y';
		*p++ = ' ';
	}
	*p = '\0';
	CHECK_STR(predict(m, text, &conf), "A");
	CHECK(near(conf, 1 / (1 + exp(-33 / 32.0))));
	CHECK(near(conf, 0.737158162629));

	/* Learning it counts x 6,809 times: forgetting it is exact. */
	CHECK(xf_model_learn(m, "A", text, strlen(text)) == 0);
	CHECK(xf_model_unlearn(m, "A", text, strlen(text)) == 0);
	CHECK_STR(predict(m, text, &d), "A");
	CHECK(near(d, conf));
	free(text);
	xf_model_free(m);
}

/* Chinese text: petitions about wages against petitions about housing. */
static void
test_chinese(void)
{
	xf_model	*m = xf_model_new(), *w = xf_model_new();
	double		 conf;

	CHECK(learn(m, "劳动和社会保障", "单位拖欠工资，多次讨要无果。") == 0);
	CHECK(learn(m, "劳动和社会保障", "公司不交社会保险，工伤认定难。") == 0);
	CHECK(learn(m, "城乡建设", "小区停水停电，物业不管。") == 0);
	CHECK(learn(m, "城乡建设", "拆迁补偿标准过低，强拆民房。") == 0);
	CHECK_STR(predict(m, "老板拖欠我们的工资", &conf), "劳动和社会保障");
	CHECK(conf > 0.5 && conf <= 1);
	CHECK_STR(predict(m, "物业乱收费，小区又停电", &conf), "城乡建设");
	CHECK(conf > 0.5 && conf <= 1);
	CHECK_STR(predict(m, "拆迁补偿", &conf), "城乡建设");

	/*
	 * Full-width letters and digits are ASCII, digits all '0', any
	 * punctuation a separator: these learn the same counts.
	 */
	CHECK(learn(m, "x", "ＡＢＣ１２３，工资（二〇一七）") == 0);
	CHECK(learn(w, "x", "abc999 工资 二〇一七") == 0);
	CHECK(unlearn(m, "x", "AbC000、工资《二〇一七》") == 0);
	CHECK(unlearn(w, "x", "abc000;工资(二〇一七)") == 0);
	CHECK(learn(w, "劳动和社会保障", "单位拖欠工资，多次讨要无果。") == 0);
	CHECK(learn(w, "劳动和社会保障", "公司不交社会保险，工伤认定难。") == 0);
	CHECK(learn(w, "城乡建设", "小区停水停电，物业不管。") == 0);
	CHECK(learn(w, "城乡建设", "拆迁补偿标准过低，强拆民房。") == 0);
	CHECK(same_bytes(m, w));

	/* A separator breaks the bigram 欠工: not the same counts. */
	CHECK(learn(m, "y", "拖欠工资") == 0);
	CHECK(learn(w, "y", "拖欠，工资") == 0);
	CHECK(!same_bytes(m, w));
	xf_model_free(m);
	xf_model_free(w);
}

/* Same examples, any order: the same bytes, the same answers. */
static void
test_determinism(void)
{
	static const char *ex[][2] = {
		{ "劳动", "单位拖欠工资，多次讨要无果。" },
		{ "城建", "小区停水停电，物业不管。" },
		{ "劳动", "工伤认定难，公司不交社会保险。" },
		{ "环保", "工厂偷排污水，河水发黑发臭。" },
		{ "城建", "" },
	};
	size_t		 n = sizeof(ex) / sizeof(ex[0]), i;
	xf_model	*a = xf_model_new(), *b = xf_model_new();
	const char	*la, *lb;
	double		 ca, cb;

	for (i = 0; i < n; i++) {
		CHECK(learn(a, ex[i][0], ex[i][1]) == 0);
		CHECK(learn(b, ex[n - 1 - i][0], ex[n - 1 - i][1]) == 0);
	}
	CHECK(same_bytes(a, b));
	la = predict(a, "河水污染，工资拖欠", &ca);
	lb = predict(b, "河水污染，工资拖欠", &cb);
	CHECK_STR(la, lb);
	CHECK(ca == cb);
	/* And again: the tables made by the first prediction are kept. */
	CHECK_STR(predict(a, "河水污染，工资拖欠", &cb), la);
	CHECK(ca == cb);
	xf_model_free(a);
	xf_model_free(b);
}

/* Forgetting: exact, and refused for what was not learned. */
static void
test_unlearn(void)
{
	xf_model	*m = xf_model_new(), *empty = xf_model_new();
	xf_model	*two = xf_model_new();
	double		 conf;

	CHECK(learn(m, "A", "拖欠工资 x y") == 0);
	CHECK(learn(m, "B", "小区停水") == 0);
	CHECK(learn(two, "A", "拖欠工资 x y") == 0);
	CHECK(learn(two, "B", "小区停水") == 0);
	CHECK_STR(predict(m, "停水", &conf), "B");

	/* Refused, and nothing changed. */
	CHECK(unlearn(m, "C", "x") == -1);		/* no such label */
	CHECK(unlearn(m, "A", "z") == -1);		/* A never saw z */
	CHECK(unlearn(m, "A", "x y z") == -1);	/* x, y taken, z fails */
	CHECK(unlearn(m, "A", "x x") == -1);	/* x only once */
	CHECK(unlearn(m, "B", "拖欠") == -1);
	CHECK(xf_model_unlearn(m, NULL, "x", 1) == -1);
	CHECK(xf_model_unlearn(m, "A", NULL, 1) == -1);
	CHECK(xf_model_examples(m) == 2);
	CHECK(same_bytes(m, two));

	/* A fold out and back in. */
	CHECK(unlearn(m, "B", "小区停水") == 0);
	CHECK(xf_model_examples(m) == 1);
	CHECK(xf_model_labels(m) == 1);
	CHECK_STR(predict(m, "停水", &conf), "A");
	CHECK(near(conf, 1));
	CHECK(unlearn(m, "B", "小区停水") == -1);	/* no example left */
	CHECK(learn(m, "B", "小区停水") == 0);
	CHECK(same_bytes(m, two));
	CHECK_STR(predict(m, "停水", &conf), "B");

	/* All of it: the empty model again. */
	CHECK(unlearn(m, "A", "拖欠工资 x y") == 0);
	CHECK(unlearn(m, "B", "小区停水") == 0);
	CHECK(xf_model_examples(m) == 0);
	CHECK(xf_model_labels(m) == 0);
	CHECK(predict(m, "停水", &conf) == NULL);
	CHECK(conf == 0);
	CHECK(same_bytes(m, empty));

	/* Empty texts are examples too. */
	CHECK(learn(m, "C", "") == 0);
	CHECK_STR(predict(m, "停水", &conf), "C");
	CHECK(near(conf, 1));
	CHECK(unlearn(m, "C", "") == 0);
	CHECK(same_bytes(m, empty));
	xf_model_free(m);
	xf_model_free(empty);
	xf_model_free(two);
}

static void
test_bad_labels(void)
{
	xf_model	*m = xf_model_new();
	char		 name[1026], buf[16];
	size_t		 i;

	CHECK(xf_model_learn(m, NULL, "x", 1) == -1);
	CHECK(xf_model_learn(m, "A", NULL, 1) == -1);
	CHECK(learn(m, "", "x") == -1);
	CHECK(learn(m, "\xff", "x") == -1);		/* not UTF-8 */
	CHECK(learn(m, "\xe5\xb7", "x") == -1);	/* cut short */
	memset(name, 'a', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	CHECK(learn(m, name, "x") == -1);		/* 1,025 bytes */
	name[1024] = '\0';
	CHECK(learn(m, name, "x") == 0);		/* 1,024 */
	CHECK(xf_model_examples(m) == 1);
	xf_model_free(m);

	/* At most 1,024 labels. */
	m = xf_model_new();
	for (i = 0; i < 1024; i++) {
		snprintf(buf, sizeof buf, "L%04zu", i);
		if (learn(m, buf, "") == -1)
			break;
	}
	CHECK(i == 1024);
	CHECK(learn(m, "L1024", "") == -1);
	CHECK(learn(m, "L0000", "x") == 0);
	CHECK(xf_model_labels(m) == 1024);
	xf_model_free(m);
}

/* Save and load: the same bytes back, the same answers. */
static void
test_round_trip(void)
{
	xf_model	*m = xf_model_new(), *l;
	void		*data, *again;
	size_t		 len, alen;
	char		 err[128];
	double		 c1, c2;

	CHECK(learn(m, "劳动和社会保障", "单位拖欠工资，多次讨要无果。") == 0);
	CHECK(learn(m, "城乡建设", "小区停水停电，物业不管。") == 0);
	CHECK(learn(m, "城乡建设", "") == 0);
	CHECK(learn(m, "gone", "x") == 0);
	CHECK(unlearn(m, "gone", "x") == 0);	/* not saved */
	CHECK(xf_model_save(m, &data, &len) == 0);
	err[0] = '\0';
	l = xf_model_load(data, len, err, sizeof err);
	CHECK(l != NULL);
	CHECK_STR(err, "");
	if (l == NULL)
		return;
	CHECK(xf_model_examples(l) == 3);
	CHECK(xf_model_labels(l) == 2);
	CHECK(xf_model_save(l, &again, &alen) == 0);
	CHECK(alen == len && memcmp(again, data, len) == 0);
	CHECK_STR(predict(l, "工资", &c1), predict(m, "工资", &c2));
	CHECK(c1 == c2);
	CHECK_STR(predict(l, "停电", &c1), "城乡建设");
	/* A loaded model learns and forgets like any other. */
	CHECK(unlearn(l, "城乡建设", "") == 0);
	CHECK(unlearn(m, "城乡建设", "") == 0);
	CHECK(learn(l, "新", "新的") == 0);
	CHECK(learn(m, "新", "新的") == 0);
	CHECK(same_bytes(l, m));
	free(data);
	free(again);
	xf_model_free(l);

	/* The empty model. */
	xf_model_free(m);
	m = xf_model_new();
	CHECK(xf_model_save(m, &data, &len) == 0);
	CHECK(len == 24);	/* magic, version, bits, labels, hash */
	l = xf_model_load(data, len, err, sizeof err);
	CHECK(l != NULL && xf_model_examples(l) == 0);
	CHECK(l != NULL && predict(l, "x", NULL) == NULL);
	free(data);
	xf_model_free(l);
	xf_model_free(m);
}

/* FNV-1a, 64 bits: the hash that ends a saved model. */
static uint64_t
fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 0xCBF29CE484222325ULL;

	while (n-- > 0) {
		h ^= *p++;
		h *= 0x100000001B3ULL;
	}
	return h;
}

/*
 * Load hand-made bytes (hex, spaces ignored), with the right hash added
 * at the end when hash is set: the model, or NULL with err set.
 */
static xf_model *
load_hex(const char *hex, int hash, char *err, size_t errlen)
{
	unsigned char	 b[512];
	const char	*start = hex;
	size_t		 n = 0, i;
	unsigned	 v;
	uint64_t	 h;
	xf_model	*m;

	for (; *hex != '\0'; hex++) {
		if (*hex == ' ')
			continue;
		sscanf(hex, "%2x", &v);
		b[n++] = (unsigned char)v;
		hex++;
	}
	if (hash) {
		h = fnv1a(b, n);
		for (i = 0; i < 8; i++)
			b[n++] = (unsigned char)(h >> (8 * i));
	}
	err[0] = '\0';
	m = xf_model_load(b, n, err, errlen);
	if (m == NULL && err[0] == '\0')
		printf("  no reason given for %s\n", start);
	return m;
}

#define HEAD	"58464e42 01000000 10000000"	/* "XFNB", 1, 16 */

/*
 * The saved form as model.c documents it, written by hand: label "A"
 * with 2 examples and two buckets counted, label "B" with 1 example
 * and none.
 */
static void
test_format(void)
{
	xf_model	*m;
	char		 err[128];
	double		 conf;

	m = load_hex(HEAD " 02000000"
	    " 01000000 41 0200000000000000 02000000 05 03 00 81 01"
	    " 01000000 42 0100000000000000 00000000", 1, err, sizeof err);
	CHECK(m != NULL);
	CHECK_STR(err, "");
	if (m != NULL) {
		CHECK(xf_model_examples(m) == 3);
		CHECK(xf_model_labels(m) == 2);
		/* No text: the priors, 2/3 for A. */
		CHECK_STR(predict(m, "", &conf), "A");
		CHECK(near(conf, 2 / 3.0));
	}
	xf_model_free(m);

	/* Each of these is refused with a reason. */
	CHECK(load_hex("", 0, err, sizeof err) == NULL);
	CHECK(strstr(err, "not a model") != NULL);
	CHECK(load_hex("58464e43 01000000 10000000 00000000", 1, err,
	    sizeof err) == NULL);
	CHECK(strstr(err, "not a model") != NULL);
	CHECK(load_hex("58464e42 02000000 10000000 00000000", 1, err,
	    sizeof err) == NULL);
	CHECK_STR(err, "model version 2 not supported (1 is)");
	CHECK(load_hex("58464e42 01000000 12000000 00000000", 1, err,
	    sizeof err) == NULL);
	CHECK(strstr(err, "2^18 buckets") != NULL);
	CHECK(load_hex(HEAD " 01040000", 1, err, sizeof err) == NULL);
	CHECK_STR(err, "1025 labels, more than 1024");
	CHECK(load_hex(HEAD " 00000000", 0, err, sizeof err) == NULL);
	CHECK(strstr(err, "truncated") != NULL);
	CHECK(load_hex(HEAD " 00000000 0000000000000000", 0, err,
	    sizeof err) == NULL);
	CHECK(strstr(err, "checksum") != NULL);
	CHECK(load_hex(HEAD " 00000000 00", 1, err, sizeof err) == NULL);
	CHECK(strstr(err, "after the end") != NULL);
	/* Names: empty, not UTF-8, a NUL, out of order, repeated. */
	CHECK(load_hex(HEAD " 01000000 00000000", 1, err,
	    sizeof err) == NULL);
	CHECK(strstr(err, "label 1: name of 0 bytes") != NULL);
	CHECK(load_hex(HEAD " 01000000 01000000 ff 0100000000000000"
	    " 00000000", 1, err, sizeof err) == NULL);
	CHECK_STR(err, "label 1: name not UTF-8");
	CHECK(load_hex(HEAD " 01000000 02000000 4100 0100000000000000"
	    " 00000000", 1, err, sizeof err) == NULL);
	CHECK_STR(err, "label 1: name not UTF-8");
	CHECK(load_hex(HEAD " 02000000"
	    " 01000000 42 0100000000000000 00000000"
	    " 01000000 41 0100000000000000 00000000", 1, err,
	    sizeof err) == NULL);
	CHECK_STR(err, "label 2: not in order, or repeated");
	CHECK(load_hex(HEAD " 02000000"
	    " 01000000 41 0100000000000000 00000000"
	    " 01000000 41 0100000000000000 00000000", 1, err,
	    sizeof err) == NULL);
	CHECK_STR(err, "label 2: not in order, or repeated");
	/* No examples; more examples than a uint64 holds in all. */
	CHECK(load_hex(HEAD " 01000000 01000000 41 0000000000000000"
	    " 00000000", 1, err, sizeof err) == NULL);
	CHECK_STR(err, "label 1: bad number of examples");
	CHECK(load_hex(HEAD " 02000000"
	    " 01000000 41 ffffffffffffffff 00000000"
	    " 01000000 42 0100000000000000 00000000", 1, err,
	    sizeof err) == NULL);
	CHECK_STR(err, "label 2: bad number of examples");
	/* Buckets: too many, past the end, a count of 0, too long. */
	CHECK(load_hex(HEAD " 01000000 01000000 41 0100000000000000"
	    " 01000100", 1, err, sizeof err) == NULL);
	CHECK_STR(err, "label 1: 65537 buckets");
	CHECK(load_hex(HEAD " 01000000 01000000 41 0100000000000000"
	    " 01000000 808004 01", 1, err, sizeof err) == NULL);
	CHECK(strstr(err, "bad bucket or count") != NULL);
	CHECK(load_hex(HEAD " 01000000 01000000 41 0100000000000000"
	    " 02000000 feff03 01 01 01", 1, err, sizeof err) == NULL);
	CHECK(strstr(err, "bad bucket or count") != NULL);
	CHECK(load_hex(HEAD " 01000000 01000000 41 0100000000000000"
	    " 01000000 00 00", 1, err, sizeof err) == NULL);
	CHECK(strstr(err, "bad bucket or count") != NULL);
	CHECK(load_hex(HEAD " 01000000 01000000 41 0100000000000000"
	    " 01000000 00 8080808010", 1, err, sizeof err) == NULL);
	CHECK(strstr(err, "bad bucket or count") != NULL);
	m = load_hex(HEAD " 01000000 01000000 41 0100000000000000"
	    " 01000000 00 ffffffff0f", 1, err, sizeof err);
	CHECK(m != NULL);	/* the largest count */
	xf_model_free(m);
	CHECK(load_hex(HEAD " 01000000 01000000 41 0100000000000000"
	    " 01000000 00 808080808001", 1, err, sizeof err) == NULL);
	CHECK(strstr(err, "bad bucket or count") != NULL);
	/* More buckets announced than there are bytes for. */
	CHECK(load_hex(HEAD " 01000000 01000000 41 0100000000000000"
	    " 00010000 00 01", 1, err, sizeof err) == NULL);
	CHECK(strstr(err, "truncated") != NULL);
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
		for (bit = 0; bit < 8; bit++) {
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
	test_by_hand();
	test_priors_and_ties();
	test_cap();
	test_long_text();
	test_chinese();
	test_determinism();
	test_unlearn();
	test_bad_labels();
	test_round_trip();
	test_format();
	test_corrupt();
	return test_done("t-model");
}
