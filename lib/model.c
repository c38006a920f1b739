/*
 * model.c - the learned classifier: a linear support vector machine
 * over hashed character n-grams of a text, calibrated by a temperature
 *
 * Features.  The text is read as UTF-8 code points, folded so that the
 * same word counts the same however it was typed: ASCII and full-width
 * letters (Ａ, ａ) become lower-case ASCII, every digit (ASCII or
 * full-width) becomes '0' (dates and amounts say little about a
 * category), and punctuation, symbols and white space of any width
 * (，。、；：“”《》（）, U+3000, ...) are separators.  Bytes that are not
 * UTF-8 are separators too.  The grams of a text are the unigrams and
 * the bigrams of the code points within each run between separators:
 * "拖欠工资" gives 拖 欠 工 资 拖欠 欠工 工资.  Chinese needs no word
 * segmentation this way, and bigrams carry most of the meaning of its
 * two-character words.
 *
 * Title.  When the text has a line feed, what comes before the first
 * one is the title (xf-classify passes title, line feed, content).  The
 * grams of the title count as the content's, and once more in a space
 * of their own (hashed with a salt), weighted TITLE_WEIGHT: the words
 * of a title say more than those of a body, and the model learns how
 * much more.  A text without a line feed, or with an empty title, is
 * all content.
 *
 * Hashing.  A gram is hashed (multiplicative hashing of its code
 * points) to 20 bits; a model of 2^bits buckets keeps the top bits.
 * The bits are chosen from the number of labels so that the weights
 * of a model take at most 32 MB: 2^20 buckets up to 32 labels, 2^18 at
 * the 127 of level 2 of the catalogue, never below 2^16.
 *
 * The vector of a text.  Its distinct grams, each valued 1 + ln n for
 * a gram seen n times (sublinear term frequency; title grams times
 * TITLE_WEIGHT), the whole divided by its Euclidean length.  One
 * function makes it, for learning and predicting alike (text_vector).
 *
 * Learning.  A model keeps the grams of the examples it learned
 * (4 bytes a distinct gram) and is trained at the first prediction
 * after a change: a linear SVM (squared hinge loss, each label against
 * the rest) with an L2 penalty, fitted by stochastic gradient descent,
 * the step shrinking as eta0 / (1 + eta0 lambda t) (Bottou), over
 * EPOCHS passes (fewer when there are many examples, as each pass then
 * teaches more).  The order
 * of each pass is the order of a hash of each example (its label and
 * its vector) and the pass number: fixed, and the same whatever the
 * order the examples were learned in, so that the same examples give
 * the same model, byte for byte, and forgetting an example is exact
 * (the model is as if it was never learned).  No random numbers.
 *
 * Memory.  A model holds at most HELD_BYTES of examples (64 MB of their
 * grams, and EXAMPLE_OWN grams' worth each of their entry, hash slot,
 * key in the heap and allocation; xf_model_budget() sets another):
 * past that it keeps a sample, the same whatever the order it learned
 * in.  Each example has a rank, a hash of its key; the model holds the
 * examples of the lowest ranks whose grams fit, and none ranked at or
 * above the first it had to let go (the cut), so that what it holds is
 * a function of what it learned, not of the order.  Examples ranked
 * from the cut are counted (xf_model_left_out()) and not kept; one
 * forgotten there was never held.  So forgetting stays exact for the
 * examples held, and a model learned, forgotten in part and learned
 * again holds what it held before.
 *
 * Calibration.  The confidence is the softmax of the scores divided by
 * a temperature T.  T is fitted at training: the examples whose hash
 * falls in one fifth are held out, a model is trained on the rest, and
 * T is the value minimising the log loss of its predictions of the
 * held-out examples (golden-section search); then the model is trained
 * on all.  With fewer than 20 held out, T is TEMP0.  See
 * xf-classify(1), THE MODEL, for what this gives on real text.
 *
 * Weights.  Trained in float, kept as one signed byte per bucket and
 * label with a float scale per bucket (the largest weight of the
 * bucket is 127 of its scale), and a float bias per label.  Buckets no
 * example had are all 0 and are not saved.
 *
 * Saved form (all integers little-endian; varint = LEB128, at most 5
 * bytes; floats IEEE 754 single, as their bits):
 *
 *	"XFLM"  u32 version (2)  u32 bits  u32 number of labels
 *	u64 examples  f32 temperature  f32 the idf of a bucket not saved
 *	per label, in strcmp order of the names:
 *		u32 name length, the name (UTF-8, no NUL),
 *		u64 examples (>= 1), f32 bias
 *	u32 number of buckets saved,
 *	per bucket saved, in increasing order:
 *		varint gap from the previous one (bucket - last - 1,
 *		last = -1 at first), f32 scale, f32 idf, one signed
 *		byte a label
 *	u64 FNV-1a hash of every byte before it
 *
 * A loaded model predicts; it holds no examples, so it cannot learn
 * or forget.  Version 1 ("XFNB", naive Bayes, before this one) is
 * refused with a message to run xf-classify --learn again.  The loader
 * checks every length, order and range before the hash, so corrupt
 * bytes give a reason, never a crash.
 *
 * A model is used by one thread at a time: xf_model_predict() trains
 * and keeps its scratch inside a model it is given as const.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "xf-private.h"

#define MODEL_MAGIC	"XFLM"
#define MODEL_VERSION	2
#define OLD_MAGIC	"XFNB"		/* version 1: naive Bayes */
#define HBITS		20		/* bits of a gram's hash */
#define MINBITS		16
#define MAXWEIGHTS	(1u << 25)	/* buckets x labels at most */
#define MODEL_MAXLABELS	1024
#define MODEL_MAXNAME	1024		/* bytes of a label */
#define MAXCOUNT	2047		/* a gram's count, capped */
#define TITLE_WEIGHT	1.0f
#define TITLE_SALT	0x5F3759DFu
#define LBLOCK		8		/* labels of a weight row, rounded */
#define HELD_BYTES	((size_t)64 << 20)	/* of examples held */
#define EXAMPLE_OWN	16		/* an example's own bytes, in grams */

/* Training (see the top). */
#define LAMBDA		3e-5		/* the L2 penalty */
#define ETA0		0.1		/* the first step */
#define EPOCHS		30		/* passes at most */
#define UPDATES		400000		/* passes x examples, at least */
#define HOLDOUT		5		/* one in HOLDOUT for T */
#define BIASRATE	0.01		/* of the step, for the bias */
#define TEMP0		0.5		/* T when too few are held out */

/* A gram of a vector: hash (20 bits), title (1 bit), count (11 bits). */
#define G_HASH(g)	((g) & 0xFFFFFu)
#define G_TITLE(g)	(((g) >> 20) & 1u)
#define G_COUNT(g)	((g) >> 21)

struct label {
	char		*name;
	uint64_t	 docs;		/* examples */
};

struct example {
	uint64_t	 key;		/* hash of the label and the grams */
	uint32_t	 label;		/* index into labels */
	uint32_t	 n;		/* grams */
	uint32_t	*g;		/* in the order first seen */
};

/* The grams of a text being counted: an open-addressing table. */
struct grams {
	uint32_t	*g;		/* the grams, in order first seen */
	size_t		 n, cap;
	uint32_t	*slot;		/* index + 1, or 0 */
	uint32_t	*stamp;		/* slot in use when == now */
	uint32_t	 now;
	size_t		 nslots;
};

struct xf_model {
	struct label	*labels;	/* in the order first learned */
	size_t		 nlabels, caplabels;
	size_t		 last;		/* the label learned last */
	uint64_t	 examples;

	struct example	*ex;		/* the examples learned */
	size_t		 nex, capex;
	uint32_t	*exslot;	/* hash of ex by key: index + 1 */
	size_t		 nexslots;
	int		 loaded;	/* from bytes: no examples */
	uint64_t	*heap;		/* keys of ex, the highest rank first */
	size_t		 nheap, capheap;
	size_t		 held;		/* grams of ex, and EXAMPLE_OWN each */
	size_t		 budget;	/* at most */
	uint64_t	 cut;		/* no example ranked from it is held */
	int		 cutting;
	uint64_t	 left;		/* examples learned, not held */

	/* The trained model, made by train(). */
	int		 changed;	/* learned or forgot since */
	int		 trained;
	unsigned	 bits;
	size_t		 nclass;	/* labels with examples */
	size_t		 lpad;		/* nclass rounded up to LBLOCK */
	size_t		*order;		/* class -> label, by name */
	float		*bias;		/* lpad */
	float		*scale;		/* 2^bits */
	float		*idf;		/* 2^bits */
	float		 idf0;		/* of a bucket no example had */
	int8_t		*q;		/* 2^bits x lpad */
	float		 temp;

	/* Scratch of a prediction. */
	struct grams	 gr;
	uint32_t	*vb;		/* a vector's buckets */
	float		*vx;		/* and values */
	size_t		 vcap;
	float		*acc;		/* lpad */
	double		*prob;		/* lpad */
};

/* ------------------------------------------------------------------ */
/* Features                                                            */

/*
 * The code point c folded for counting, or 0 when it separates runs:
 * see the comment at the top.
 */
static uint32_t
fold(uint32_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)	/* full-width ASCII */
		c -= 0xFEE0;
	if (c < 0x80) {
		if (c >= 'a' && c <= 'z')
			return c;
		if (c >= 'A' && c <= 'Z')
			return c + ('a' - 'A');
		if (c >= '0' && c <= '9')
			return '0';
		return 0;
	}
	if (c >= 0x4E00 && c <= 0x9FFF)	/* the common case */
		return c;
	if (c <= 0xBF || c == 0xD7 || c == 0xF7)	/* Latin-1 symbols */
		return 0;
	if (c >= 0x2000 && c <= 0x2BFF)	/* punctuation, symbols, arrows */
		return 0;
	if (c >= 0x2E00 && c <= 0x2E7F)	/* supplemental punctuation */
		return 0;
	if (c >= 0x3000 && c <= 0x303F && (c < 0x3005 || c > 0x3007))
		return 0;		/* CJK punctuation, but 々 〆 〇 */
	if ((c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE30 && c <= 0xFE6F))
		return 0;		/* vertical and small forms */
	if ((c >= 0xFF5F && c <= 0xFF65) || (c >= 0xFFE0 && c <= 0xFFEE))
		return 0;		/* half- and full-width symbols */
	if (c == 0xFEFF || (c >= 0xFFF0 && c <= 0xFFFF))
		return 0;		/* byte order mark, specials */
	return c;
}

/*
 * The next code point at *pp, folded; 0 for a separator or a byte that
 * is not UTF-8 (the walk goes on at the next byte).
 */
static uint32_t
next_char(const unsigned char **pp, const unsigned char *end)
{
	const unsigned char	*p = *pp;
	size_t			 n = (size_t)(end - p);
	uint32_t		 c;

	if (p[0] < 0x80) {
		*pp = p + 1;
		return fold(p[0]);
	}
	if (n >= 3 && (p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 &&
	    (p[2] & 0xC0) == 0x80) {
		c = (uint32_t)(p[0] & 0x0F) << 12 |
		    (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		*pp = p + 3;
		if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))
			return 0;	/* overlong, surrogate */
		return fold(c);
	}
	if (n >= 2 && p[0] >= 0xC2 && p[0] <= 0xDF &&
	    (p[1] & 0xC0) == 0x80) {
		*pp = p + 2;
		return fold((uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F));
	}
	if (n >= 4 && p[0] >= 0xF0 && p[0] <= 0xF4 &&
	    (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
	    (p[3] & 0xC0) == 0x80) {
		c = (uint32_t)(p[0] & 0x07) << 18 |
		    (uint32_t)(p[1] & 0x3F) << 12 |
		    (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
		*pp = p + 4;
		if (c < 0x10000 || c > 0x10FFFF)
			return 0;
		return fold(c);
	}
	*pp = p + 1;
	return 0;
}

/* The 20-bit hash of a gram: a unigram (0, c) or a bigram (a, c). */
static inline uint32_t
gram_hash(uint32_t a, uint32_t c, uint32_t salt)
{
	uint64_t k = ((uint64_t)a << 21 | c) ^ (uint64_t)salt << 42;

	return (uint32_t)((k * 0x9E3779B97F4A7C15ULL) >> (64 - HBITS));
}

static void
grams_release(struct grams *gr)
{
	free(gr->g);
	free(gr->slot);
	free(gr->stamp);
	memset(gr, 0, sizeof(*gr));
}

/* Room for n more grams, and a table at most half full: 0, or -1. */
static int
grams_room(struct grams *gr, size_t n)
{
	uint32_t	*g, *slot, *stamp;
	size_t		 ns, i, j;

	if (gr->n + n > gr->cap) {
		gr->cap = (gr->n + n) * 2;
		if ((g = reallocarray(gr->g, gr->cap, sizeof(*g))) == NULL)
			return -1;
		gr->g = g;
	}
	if ((gr->n + n) * 2 <= gr->nslots)
		return 0;
	for (ns = gr->nslots ? gr->nslots : 1024; ns < (gr->n + n) * 2; )
		ns *= 2;
	slot = malloc(ns * sizeof(*slot));
	stamp = calloc(ns, sizeof(*stamp));
	if (slot == NULL || stamp == NULL) {
		free(slot);
		free(stamp);
		return -1;
	}
	for (i = 0; i < gr->n; i++) {
		for (j = G_HASH(gr->g[i]) * 2654435761u & (ns - 1);
		    stamp[j] == 1; j = (j + 1) & (ns - 1))
			;
		stamp[j] = 1;
		slot[j] = (uint32_t)i;
	}
	free(gr->slot);
	free(gr->stamp);
	gr->slot = slot;
	gr->stamp = stamp;
	gr->nslots = ns;
	gr->now = 1;
	return 0;
}

/* Count one more of gram h (20 bits, and the title bit). */
static inline void
grams_add(struct grams *gr, uint32_t h)
{
	size_t	 mask = gr->nslots - 1, j;

	for (j = (h & 0xFFFFFu) * 2654435761u & mask; gr->stamp[j] == gr->now;
	    j = (j + 1) & mask) {
		uint32_t *g = &gr->g[gr->slot[j]];

		if ((*g & 0x1FFFFFu) == h) {
			if (G_COUNT(*g) < MAXCOUNT)
				*g += 1u << 21;
			return;
		}
	}
	gr->stamp[j] = gr->now;
	gr->slot[j] = (uint32_t)gr->n;
	gr->g[gr->n++] = h | 1u << 21;
}

/* The grams of one part of a text, title or content. */
static int
grams_part(struct grams *gr, const char *text, size_t len, uint32_t title)
{
	const unsigned char	*p = (const unsigned char *)text;
	const unsigned char	*end = p + len;
	uint32_t		 c, prev = 0;

	/* At most two grams a byte. */
	if (grams_room(gr, 2 * len) == -1)
		return -1;
	while (p < end) {
		if (p[0] >= 0xE4 && p[0] <= 0xE9 && end - p >= 3 &&
		    (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
			/* U+4000 to U+9FFF, most of Chinese: fold() keeps. */
			c = (uint32_t)(p[0] & 0x0F) << 12 |
			    (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
			p += 3;
		} else
			c = next_char(&p, end);
		if (c == 0) {
			prev = 0;
			continue;
		}
		grams_add(gr, gram_hash(0, c, 0));
		if (prev != 0)
			grams_add(gr, gram_hash(prev, c, 0));
		if (title) {
			grams_add(gr, gram_hash(0, c, TITLE_SALT) | 1u << 20);
			if (prev != 0)
				grams_add(gr, gram_hash(prev, c, TITLE_SALT) |
				    1u << 20);
		}
		prev = c;
	}
	return 0;
}

/*
 * The distinct grams of a text, with their counts, into gr->g[0 ..
 * gr->n): 0, or -1 (memory).
 */
static int
text_grams(struct grams *gr, const char *text, size_t len)
{
	const char	*lf;

	gr->n = 0;
	if (gr->nslots > 0 && ++gr->now == 0) {
		memset(gr->stamp, 0, gr->nslots * sizeof(*gr->stamp));
		gr->now = 1;
	}
	if (text == NULL || len == 0)
		return grams_room(gr, 1);
	lf = memchr(text, '\n', len);
	if (lf != NULL && lf > text) {
		if (grams_room(gr, 4 * len) == -1 ||
		    grams_part(gr, text, (size_t)(lf - text), 1) == -1)
			return -1;
		len -= (size_t)(lf - text);
		text = lf;
	}
	return grams_part(gr, text, len, 0);
}

/* 1 + ln n for the counts most grams have. */
static float
tf(uint32_t n)
{
	static const float small[] = { 0, 1, 1.69314718f, 2.09861229f,
	    2.38629436f, 2.60943791f, 2.79175947f, 2.94591015f, 3.07944154f };

	return n < sizeof small / sizeof small[0] ? small[n] :
	    1 + (float)log((double)n);
}

/*
 * Ask for a row of weights (bytes long), or an entry of idf or scales,
 * to be brought into the cache: the buckets of a text are all over
 * tables too big for it, so the loops over them ask PREFETCH ahead.
 */
static inline void
prefetch_row(const void *row, size_t bytes)
{
#if defined(__GNUC__)
	size_t	 k;

	for (k = 0; k < bytes; k += 64)
		__builtin_prefetch((const char *)row + k);
#else
	(void)row;
	(void)bytes;
#endif
}

#define PREFETCH	8

/*
 * The vector of grams g[0 .. n) in a model of 2^bits buckets: buckets
 * in b, values in x (see the top).  The one place features are made.
 */
static void
text_vector(const uint32_t *g, size_t n, unsigned bits, const float *idf,
    uint32_t *b, float *x)
{
	double	 ss = 0;
	float	 inv;
	size_t	 i;

	for (i = 0; i < n; i++)
		b[i] = G_HASH(g[i]) >> (HBITS - bits);
	for (i = 0; i < n; i++) {
		x[i] = tf(G_COUNT(g[i])) * (G_TITLE(g[i]) ? TITLE_WEIGHT : 1);
		if (idf != NULL) {
			if (i + 4 * PREFETCH < n)
				prefetch_row(idf + b[i + 4 * PREFETCH], 1);
			x[i] *= idf[b[i]];
		}
		ss += (double)x[i] * x[i];
	}
	if (ss <= 0)
		return;
	inv = (float)(1 / sqrt(ss));
	for (i = 0; i < n; i++)
		x[i] *= inv;
}

/* Room for vectors of n grams in the model's scratch: 0, or -1. */
static int
vec_room(xf_model *m, size_t n)
{
	uint32_t	*b;
	float		*x;

	if (n <= m->vcap)
		return 0;
	n = n * 2 + 64;
	if ((b = reallocarray(m->vb, n, sizeof(*b))) == NULL)
		return -1;
	m->vb = b;
	if ((x = reallocarray(m->vx, n, sizeof(*x))) == NULL)
		return -1;
	m->vx = x;
	m->vcap = n;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Learning                                                            */

xf_model *
xf_model_new(void)
{
	xf_model	*m = calloc(1, sizeof(xf_model));

	if (m != NULL) {
		m->temp = 1;
		m->budget = HELD_BYTES / sizeof(uint32_t);
	}
	return m;
}

static void
untrain(xf_model *m)
{
	free(m->order);
	free(m->bias);
	free(m->scale);
	free(m->idf);
	free(m->q);
	free(m->acc);
	free(m->prob);
	m->order = NULL;
	m->bias = m->scale = m->acc = m->idf = NULL;
	m->q = NULL;
	m->prob = NULL;
	m->trained = 0;
	m->nclass = m->lpad = 0;
	m->bits = 0;
}

void
xf_model_free(xf_model *m)
{
	size_t	 i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nlabels; i++)
		free(m->labels[i].name);
	free(m->labels);
	for (i = 0; i < m->nex; i++)
		free(m->ex[i].g);
	free(m->ex);
	free(m->exslot);
	free(m->heap);
	untrain(m);
	grams_release(&m->gr);
	free(m->vb);
	free(m->vx);
	free(m);
}

/* Whether a label can be learned (and saved, and loaded back). */
static int
label_ok(const char *s, size_t len)
{
	return len > 0 && len <= MODEL_MAXNAME &&
	    memchr(s, '\0', len) == NULL && xf_utf8_valid(s, len, 0, NULL);
}

/* The index of the label called name, or -1. */
static long
label_find(const xf_model *m, const char *name)
{
	size_t	 i;

	if (m->last < m->nlabels && strcmp(m->labels[m->last].name,
	    name) == 0)
		return (long)m->last;
	for (i = 0; i < m->nlabels; i++)
		if (strcmp(m->labels[i].name, name) == 0)
			return (long)i;
	return -1;
}

/* A new label (no examples): its index, or -1. */
static long
label_add(xf_model *m, const char *name, size_t len)
{
	struct label	*l;
	size_t		 cap;

	if (m->nlabels >= MODEL_MAXLABELS)
		return -1;
	if (m->nlabels == m->caplabels) {
		cap = m->caplabels ? m->caplabels * 2 : 16;
		l = reallocarray(m->labels, cap, sizeof(*l));
		if (l == NULL)
			return -1;
		m->labels = l;
		m->caplabels = cap;
	}
	l = &m->labels[m->nlabels];
	memset(l, 0, sizeof(*l));
	if ((l->name = malloc(len + 1)) == NULL)
		return -1;
	memcpy(l->name, name, len);
	l->name[len] = '\0';
	return (long)m->nlabels++;
}

static uint64_t
fnv1a_more(uint64_t h, const unsigned char *p, size_t n)
{
	while (n-- > 0) {
		h ^= *p++;
		h *= 0x100000001B3ULL;
	}
	return h;
}

static uint64_t
fnv1a(const unsigned char *p, size_t n)
{
	return fnv1a_more(0xCBF29CE484222325ULL, p, n);
}

static inline uint64_t
mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xFF51AFD7ED558CCDULL;
	x ^= x >> 33;
	x *= 0xC4CEB9FE1A85EC53ULL;
	x ^= x >> 33;
	return x;
}

/* The key of an example: its label's name and its grams. */
static uint64_t
example_key(const char *label, const uint32_t *g, size_t n)
{
	uint64_t h = fnv1a((const unsigned char *)label, strlen(label) + 1);
	size_t	 i;

	for (i = 0; i < n; i++) {
		h ^= g[i];
		h *= 0x100000001B3ULL;
		h ^= h >> 29;
	}
	return h;
}

/* Put example i in the hash of examples (which has room). */
static void
exslot_put(xf_model *m, size_t i)
{
	size_t	 mask = m->nexslots - 1, j;

	for (j = (size_t)m->ex[i].key & mask; m->exslot[j] != 0;
	    j = (j + 1) & mask)
		;
	m->exslot[j] = (uint32_t)(i + 1);
}

static int
exslot_grow(xf_model *m)
{
	size_t	 ns = m->nexslots ? m->nexslots * 2 : 1024, i;
	uint32_t *s = calloc(ns, sizeof(*s));

	if (s == NULL)
		return -1;
	free(m->exslot);
	m->exslot = s;
	m->nexslots = ns;
	for (i = 0; i < m->nex; i++)
		exslot_put(m, i);
	return 0;
}

/* The slot of the hash of examples that holds example i. */
static size_t
exslot_find(const xf_model *m, size_t i)
{
	size_t	 mask = m->nexslots - 1, j;

	for (j = (size_t)m->ex[i].key & mask; m->exslot[j] != i + 1;
	    j = (j + 1) & mask)
		;
	return j;
}

/*
 * Take example i out of the examples, the last taking its place: its
 * slot is emptied by shifting back the slots after it that may move.
 */
static void
example_remove(xf_model *m, size_t i)
{
	size_t	 mask = m->nexslots - 1, j, k, home, last = m->nex - 1;

	j = exslot_find(m, i);
	for (k = j;;) {
		k = (k + 1) & mask;
		if (m->exslot[k] == 0)
			break;
		home = (size_t)m->ex[m->exslot[k] - 1].key & mask;
		if (j <= k ? j < home && home <= k : j < home || home <= k)
			continue;
		m->exslot[j] = m->exslot[k];
		j = k;
	}
	m->exslot[j] = 0;
	free(m->ex[i].g);
	if (i != last) {
		m->exslot[exslot_find(m, last)] = (uint32_t)(i + 1);
		m->ex[i] = m->ex[last];
	}
	m->nex--;
}

/* The rank of an example in the sample the model holds (see the top). */
static uint64_t
rank(uint64_t key)
{
	return mix64(key);
}

/* Move heap entry i up or down to its place: the highest rank first. */
static void
heap_sift(uint64_t *h, size_t n, size_t i)
{
	uint64_t	 k = h[i], r = rank(k);
	size_t		 c;

	while (i > 0 && rank(h[(i - 1) / 2]) < r) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && rank(h[c + 1]) > rank(h[c]))
			c++;
		if (rank(h[c]) <= r)
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = k;
}

/*
 * The key of a held example into the heap: 0, or -1.  Keys of examples
 * forgotten since stay in it until they come to the top; when they are
 * as many as the examples, the heap is made again of the examples.
 */
static int
heap_push(xf_model *m, uint64_t key)
{
	uint64_t	*h;
	size_t		 i, cap;

	if (m->nheap > 2 * m->nex + 64) {
		for (i = 0; i < m->nex; i++)
			m->heap[i] = m->ex[i].key;
		m->nheap = m->nex;
		for (i = m->nheap / 2; i-- > 0;)
			heap_sift(m->heap, m->nheap, i);
	}
	if (m->nheap == m->capheap) {
		cap = m->capheap ? m->capheap * 2 : 256;
		if ((h = reallocarray(m->heap, cap, sizeof(*h))) == NULL)
			return -1;
		m->heap = h;
		m->capheap = cap;
	}
	m->heap[m->nheap++] = key;
	heap_sift(m->heap, m->nheap, m->nheap - 1);
	return 0;
}

/* The example of a key, or -1 (forgotten since its key was pushed). */
static long
example_of(const xf_model *m, uint64_t key)
{
	size_t	 mask = m->nexslots - 1, j;

	for (j = (size_t)key & mask; m->exslot[j] != 0; j = (j + 1) & mask)
		if (m->ex[m->exslot[j] - 1].key == key)
			return (long)m->exslot[j] - 1;
	return -1;
}

/*
 * Let go of the examples of the highest ranks while the grams held are
 * more than the budget, and of any ranked from the cut so made.
 */
static void
trim(xf_model *m)
{
	uint64_t	 key;
	long		 i;

	while (m->nheap > 0 && (m->held > m->budget ||
	    (m->cutting && rank(m->heap[0]) >= m->cut))) {
		key = m->heap[0];
		m->heap[0] = m->heap[--m->nheap];
		if (m->nheap > 0)
			heap_sift(m->heap, m->nheap, 0);
		if ((i = example_of(m, key)) == -1)
			continue;
		if (!m->cutting || rank(key) < m->cut)
			m->cut = rank(key);
		m->cutting = 1;
		m->held -= m->ex[i].n + EXAMPLE_OWN;
		m->labels[m->ex[i].label].docs--;
		m->examples--;
		m->left++;
		m->changed = 1;
		example_remove(m, (size_t)i);
	}
}

/* Learn (sign 1) or forget (sign -1) an example: 0, or -1. */
static int
example(xf_model *m, const char *label, const char *text, size_t len,
    int sign)
{
	struct example	*e;
	size_t		 mask, j;
	uint64_t	 key;
	long		 i;
	size_t		 llen;

	if (label == NULL || (text == NULL && len > 0) || m->loaded)
		return -1;
	if ((i = label_find(m, label)) == -1) {
		llen = strlen(label);
		if (sign < 0 || !label_ok(label, llen) ||
		    (i = label_add(m, label, llen)) == -1)
			return -1;
	}
	if (text_grams(&m->gr, text, len) == -1)
		return -1;
	key = example_key(m->labels[i].name, m->gr.g, m->gr.n);
	if (m->cutting && rank(key) >= m->cut) {
		/* Ranked out of the sample: counted, never held. */
		if (sign > 0)
			m->left++;
		else if (m->left > 0)
			m->left--;
		return 0;
	}
	if (sign < 0) {
		if (m->nexslots == 0)
			return -1;
		mask = m->nexslots - 1;
		for (j = (size_t)key & mask; m->exslot[j] != 0;
		    j = (j + 1) & mask) {
			e = &m->ex[m->exslot[j] - 1];
			if (e->key == key && e->label == (uint32_t)i &&
			    e->n == m->gr.n && (e->n == 0 || memcmp(e->g,
			    m->gr.g, e->n * sizeof(*e->g)) == 0))
				break;
		}
		if (m->exslot[j] == 0)
			return -1;
		m->held -= m->gr.n + EXAMPLE_OWN;
		example_remove(m, m->exslot[j] - 1);
		m->labels[i].docs--;
		m->examples--;
	} else {
		if (m->nex == m->capex) {
			size_t cap = m->capex ? m->capex * 2 : 256;

			if (cap > UINT32_MAX - 1)
				return -1;
			e = reallocarray(m->ex, cap, sizeof(*e));
			if (e == NULL)
				return -1;
			m->ex = e;
			m->capex = cap;
		}
		if ((m->nex + 1) * 2 > m->nexslots && exslot_grow(m) == -1)
			return -1;
		e = &m->ex[m->nex];
		e->key = key;
		e->label = (uint32_t)i;
		e->n = (uint32_t)m->gr.n;
		if ((e->g = malloc((m->gr.n + 1) * sizeof(*e->g))) == NULL)
			return -1;
		memcpy(e->g, m->gr.g, m->gr.n * sizeof(*e->g));
		if (heap_push(m, key) == -1) {
			free(e->g);
			return -1;
		}
		exslot_put(m, m->nex++);
		m->labels[i].docs++;
		m->examples++;
		m->held += m->gr.n + EXAMPLE_OWN;
		trim(m);
	}
	m->changed = 1;
	m->last = (size_t)i;
	return 0;
}

int
xf_model_learn(xf_model *m, const char *label, const char *text,
    size_t len)
{
	return example(m, label, text, len, 1);
}

int
xf_model_unlearn(xf_model *m, const char *label, const char *text,
    size_t len)
{
	return example(m, label, text, len, -1);
}

size_t
xf_model_examples(const xf_model *m)
{
	return (size_t)m->examples;
}

uint64_t
xf_model_left_out(const xf_model *m)
{
	return m->left;
}

void
xf_model_budget(xf_model *m, size_t bytes)
{
	m->budget = bytes / sizeof(uint32_t);
	trim(m);
}

size_t
xf_model_labels(const xf_model *m)
{
	size_t	 i, n = 0;

	for (i = 0; i < m->nlabels; i++)
		if (m->labels[i].docs > 0)
			n++;
	return n;
}

/* ------------------------------------------------------------------ */
/* Training                                                            */

/*
 * Sort the n label indexes of order by name: an insertion sort, as there
 * are few labels and qsort would need the labels in a global.
 */
static void
sort_names(const struct label *labels, size_t *order, size_t n)
{
	size_t	 i, j, t;

	for (i = 1; i < n; i++) {
		t = order[i];
		for (j = i; j > 0 && strcmp(labels[order[j - 1]].name,
		    labels[t].name) > 0; j--)
			order[j] = order[j - 1];
		order[j] = t;
	}
}

/* The bits of a model of n labels: see the top. */
static unsigned
bits_for(size_t n)
{
	unsigned b = HBITS;

	while (b > MINBITS && ((size_t)1 << b) * n > MAXWEIGHTS)
		b--;
	return b;
}

struct sortkey {
	uint64_t	 k;
	uint32_t	 i;
};

static int
sortkey_cmp(const void *a, const void *b)
{
	const struct sortkey *x = a, *y = b;

	if (x->k != y->k)
		return x->k < y->k ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Where the compiler and the C library can pick the code at run time,
 * the loops over the rows of weights are made twice, for AVX2 and for any x86-64.
 */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && \
    defined(__GLIBC__)
#define WIDE	__attribute__((target_clones("avx2", "default")))
#else
#define WIDE
#endif

/*
 * A block of LBLOCK labels of a row, as one vector where the compiler
 * has them (GCC and Clang): the loops over a row go a block at a time,
 * which the compiler makes one instruction each (the compiler left to
 * itself made them two labels at a time).  Each label is still summed
 * in the same order, a product then a sum, so the figures are the same
 * to the bit either way.
 */
#if defined(__GNUC__)
#define BLOCKS	1
typedef float	fblock __attribute__((vector_size(LBLOCK * sizeof(float))));
typedef int32_t	iblock __attribute__((vector_size(LBLOCK * sizeof(int32_t))));
_Static_assert(LBLOCK == 8, "sum_vector() reads a block as 8 bytes");
#endif

#define HUGE_PAGE	((size_t)2 << 20)

/*
 * A table of n elements of size bytes, zeroed, or NULL: a table of
 * weights, scales or idf.  The buckets of a text are all over it, each
 * on a page of its own, so that with the system's small pages nearly
 * every one missed the TLB as well as the cache: a table of a huge page
 * or more is asked to be on huge pages (Linux's transparent huge pages
 * when asked for, madvise(2); elsewhere, or refused, small ones).  It
 * is freed with free().
 */
static void *
table_new(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size > SIZE_MAX / n)
		return NULL;
	if (n * size < HUGE_PAGE)
		return calloc(n, size);
	if (posix_memalign(&p, HUGE_PAGE, n * size) != 0)
		return NULL;
#ifdef MADV_HUGEPAGE
	(void)madvise(p, n * size, MADV_HUGEPAGE);
#endif
	memset(p, 0, n * size);
	return p;
}

/* What a training run works on. */
struct fit {
	xf_model	*m;
	size_t		 nclass, lpad;
	unsigned	 bits;
	uint32_t	*cls;		/* label -> class */
	float		*w;		/* 2^bits x lpad, times wscale */
	double		 wscale;
	double		*bias;
	double		*p;
	float		*g;
	uint32_t	*act;		/* labels of a gradient not 0 */
	uint32_t	*vb;		/* the model's scratch (vec_room) */
	float		*vx;
};

/* The scores of a vector under the weights being fitted, into p. */
WIDE static void
fit_scores(struct fit *f, size_t n)
{
	size_t	 i, c, lpad = f->lpad;
#ifdef BLOCKS
	fblock	 acc[MODEL_MAXLABELS / LBLOCK + 1], r;

	memset(acc, 0, lpad * sizeof(float));
	for (i = 0; i < n; i++) {
		const float *row = f->w + (size_t)f->vb[i] * lpad;
		float x = f->vx[i];

		if (i + PREFETCH < n)
			prefetch_row(f->w + (size_t)f->vb[i + PREFETCH] * lpad,
			    lpad * sizeof(*f->w));
		for (c = 0; c < lpad / LBLOCK; c++) {
			memcpy(&r, row + c * LBLOCK, sizeof(r));
			acc[c] += x * r;
		}
	}
	for (c = 0; c < f->nclass; c++)
		f->p[c] = f->bias[c] + f->wscale * acc[c / LBLOCK][c % LBLOCK];
#else
	float	 acc[MODEL_MAXLABELS + LBLOCK];
	size_t	 k;

	memset(acc, 0, lpad * sizeof(*acc));
	for (i = 0; i < n; i++) {
		const float *row = f->w + (size_t)f->vb[i] * lpad;
		float x = f->vx[i];

		for (c = 0; c < lpad; c += LBLOCK)
			for (k = 0; k < LBLOCK; k++)
				acc[c + k] += x * row[c + k];
	}
	for (c = 0; c < f->nclass; c++)
		f->p[c] = f->bias[c] + f->wscale * acc[c];
#endif
}

/* p = softmax(p / t); returns the log of the sum (for the loss). */
static double
softmax(double *p, size_t n, double t)
{
	double	 top = -HUGE_VAL, sum = 0;
	size_t	 c;

	for (c = 0; c < n; c++)
		if (p[c] > top)
			top = p[c];
	for (c = 0; c < n; c++) {
		p[c] = exp((p[c] - top) / t);
		sum += p[c];
	}
	for (c = 0; c < n; c++)
		p[c] /= sum;
	return log(sum);
}

/* The vector of example e in the model's scratch: its length, or -1. */
static long
fit_vector(struct fit *f, const struct example *e)
{
	if (vec_room(f->m, e->n) == -1)
		return -1;
	f->vb = f->m->vb;
	f->vx = f->m->vx;
	text_vector(e->g, e->n, f->bits, f->m->idf, f->vb, f->vx);
	return (long)e->n;
}

/* w -= x g, over the labels of act only. */
static void
update_sparse(struct fit *f, size_t n, size_t nact)
{
	size_t	 i, k, lpad = f->lpad;

	for (i = 0; i < n; i++) {
		float	*row = f->w + (size_t)f->vb[i] * lpad;
		float	 x = f->vx[i];

		for (k = 0; k < nact; k++)
			row[f->act[k]] -= x * f->g[f->act[k]];
	}
}

/* w -= x g, every label. */
WIDE static void
update_dense(struct fit *f, size_t n)
{
	size_t	 i, c, lpad = f->lpad;
	const float *g = f->g;
#ifdef BLOCKS
	fblock	 gb[MODEL_MAXLABELS / LBLOCK + 1], r;

	memcpy(gb, g, lpad * sizeof(float));
	for (i = 0; i < n; i++) {
		float	*row = f->w + (size_t)f->vb[i] * lpad;
		float	 x = f->vx[i];

		for (c = 0; c < lpad / LBLOCK; c++) {
			memcpy(&r, row + c * LBLOCK, sizeof(r));
			r -= x * gb[c];
			memcpy(row + c * LBLOCK, &r, sizeof(r));
		}
	}
#else
	size_t	 k;

	for (i = 0; i < n; i++) {
		float	*row = f->w + (size_t)f->vb[i] * lpad;
		float	 x = f->vx[i];

		for (c = 0; c < lpad; c += LBLOCK)
			for (k = 0; k < LBLOCK; k++)
				row[c + k] -= x * g[c + k];
	}
#endif
}

/*
 * Fit the weights on the examples for which use(i) (all when skip is
 * 0; else those whose key modulo HOLDOUT is not skip - 1): 0, or -1.
 */
static int
fit_run(struct fit *f, int skip)
{
	xf_model	*m = f->m;
	struct sortkey	*keys;
	size_t		 n = 0, i, c, k, lpad = f->lpad, epochs, nact;
	double		 eta, t = 0, decay;
	long		 len;

	memset(f->w, 0, ((size_t)1 << f->bits) * lpad * sizeof(*f->w));
	memset(f->bias, 0, f->nclass * sizeof(*f->bias));
	f->wscale = 1;
	if ((keys = malloc((m->nex + 1) * sizeof(*keys))) == NULL)
		return -1;
	for (i = 0; i < m->nex; i++)
		if (skip == 0 || m->ex[i].key % HOLDOUT != (uint64_t)skip - 1)
			n++;
	epochs = n == 0 ? 0 : (UPDATES + n - 1) / n;
	if (epochs > EPOCHS)
		epochs = EPOCHS;
	for (k = 0; k < epochs; k++) {
		size_t	 nk = 0;

		for (i = 0; i < m->nex; i++)
			if (skip == 0 || m->ex[i].key % HOLDOUT !=
			    (uint64_t)skip - 1) {
				keys[nk].k = mix64(m->ex[i].key + k *
				    0x9E3779B97F4A7C15ULL);
				keys[nk++].i = (uint32_t)i;
			}
		qsort(keys, nk, sizeof(*keys), sortkey_cmp);
		for (i = 0; i < nk; i++) {
			const struct example *e = &m->ex[keys[i].i];
			size_t	 y = f->cls[e->label];

			if ((len = fit_vector(f, e)) == -1)
				goto fail;
			fit_scores(f, (size_t)len);
			/*
			 * The gradient of the squared hinge of each label
			 * against the rest: 0 for a label beyond the margin.
			 */
			nact = 0;
			for (c = 0; c < f->nclass; c++) {
				double	 sgn = c == y ? 1 : -1;
				double	 mg = 1 - sgn * f->p[c];

				f->p[c] = mg > 0 ? -2 * sgn * mg : 0;
				if (mg > 0)
					f->act[nact++] = (uint32_t)c;
			}
			eta = ETA0 / (1 + ETA0 * LAMBDA * t);
			t++;
			/* The bias learns slower: few examples move it less. */
			for (c = 0; c < f->nclass; c++)
				f->bias[c] -= BIASRATE * eta * f->p[c];
			decay = 1 - eta * LAMBDA;
			f->wscale *= decay;
			for (c = 0; c < lpad; c++)
				f->g[c] = c < f->nclass ?
				    (float)(eta * f->p[c] / f->wscale) : 0;
			if (nact * 4 < lpad)
				update_sparse(f, (size_t)len, nact);
			else
				update_dense(f, (size_t)len);
			if (f->wscale < 1e-4) {
				size_t	 j, nw = ((size_t)1 << f->bits) * lpad;

				for (j = 0; j < nw; j++)
					f->w[j] *= (float)f->wscale;
				f->wscale = 1;
			}
		}
	}
	free(keys);
	return 0;
fail:
	free(keys);
	return -1;
}

/*
 * The log loss of the held-out examples at temperature t, from their
 * scores less the best of each (so that exp cannot overflow).
 */
static double
holdout_loss(size_t nc, double t, const double *scores, size_t n,
    const uint32_t *ys)
{
	double	 loss = 0, sum;
	size_t	 i, c;

	for (i = 0; i < n; i++) {
		const double *s = scores + i * nc;

		sum = 0;
		for (c = 0; c < nc; c++)
			sum += exp(s[c] / t);
		loss += log(sum) - s[ys[i]] / t;
	}
	return loss;
}

/*
 * The temperature: fit on four fifths, score the fifth held out, and
 * search T in [0.05, 5] for the least log loss.  TEMP0 when there are
 * too few examples.  -1 on error.
 */
static double
fit_temperature(struct fit *f)
{
	xf_model	*m = f->m;
	double		*scores = NULL, a, b, x1, x2, l1, l2, t = -1;
	uint32_t	*ys = NULL;
	struct sortkey	*keys = NULL;
	size_t		 n = 0, i, k, it;
	const double	 gr = 0.6180339887498949;
	long		 len;
	double		*s, top;
	size_t		 c;

	for (i = 0; i < m->nex; i++)
		n += m->ex[i].key % HOLDOUT == 0;
	if (n < 20 || f->nclass < 2)
		return TEMP0;
	if (fit_run(f, 1) == -1)
		return -1;
	scores = malloc(n * f->nclass * sizeof(*scores));
	ys = malloc(n * sizeof(*ys));
	keys = malloc(n * sizeof(*keys));
	if (scores == NULL || ys == NULL || keys == NULL)
		goto out;
	/* By key: the loss, a sum, the same whatever the order learned. */
	for (k = 0, i = 0; i < m->nex; i++)
		if (m->ex[i].key % HOLDOUT == 0) {
			keys[k].k = m->ex[i].key;
			keys[k++].i = (uint32_t)i;
		}
	qsort(keys, n, sizeof(*keys), sortkey_cmp);
	for (k = 0; k < n; k++) {
		const struct example *e = &m->ex[keys[k].i];

		if ((len = fit_vector(f, e)) == -1)
			goto out;
		fit_scores(f, (size_t)len);
		s = scores + k * f->nclass;
		top = -HUGE_VAL;
		for (c = 0; c < f->nclass; c++)
			if (f->p[c] > top)
				top = f->p[c];
		for (c = 0; c < f->nclass; c++)
			s[c] = f->p[c] - top;
		ys[k] = f->cls[e->label];
	}
	/* Golden-section search over ln T in [ln 0.05, ln 5]. */
	a = log(0.05);
	b = log(5);
	x1 = b - gr * (b - a);
	x2 = a + gr * (b - a);
	l1 = holdout_loss(f->nclass, exp(x1), scores, n, ys);
	l2 = holdout_loss(f->nclass, exp(x2), scores, n, ys);
	for (it = 0; it < 40; it++) {
		if (l1 < l2) {
			b = x2;
			x2 = x1;
			l2 = l1;
			x1 = b - gr * (b - a);
			l1 = holdout_loss(f->nclass, exp(x1), scores, n, ys);
		} else {
			a = x1;
			x1 = x2;
			l1 = l2;
			x2 = a + gr * (b - a);
			l2 = holdout_loss(f->nclass, exp(x2), scores, n, ys);
		}
	}
	t = exp((a + b) / 2);
out:
	free(scores);
	free(ys);
	free(keys);
	return t;
}

/*
 * The inverse document frequency of each bucket, from the examples:
 * ln((1 + N) / (1 + df)) + 1, as a float.  0, or -1 (memory).
 */
static int
make_idf(xf_model *m)
{
	size_t		 nb = (size_t)1 << m->bits, i, j;
	uint32_t	*df, *seen, b;

	df = calloc(nb, sizeof(*df));
	seen = calloc(nb, sizeof(*seen));
	if (df == NULL || seen == NULL) {
		free(df);
		free(seen);
		return -1;
	}
	for (i = 0; i < m->nex; i++)
		for (j = 0; j < m->ex[i].n; j++) {
			b = G_HASH(m->ex[i].g[j]) >> (HBITS - m->bits);
			if (seen[b] != i + 1) {
				seen[b] = (uint32_t)(i + 1);
				df[b]++;
			}
		}
	m->idf0 = (float)(log(1.0 + (double)m->nex) + 1);
	for (b = 0; b < nb; b++)
		m->idf[b] = (float)(log((1.0 + (double)m->nex) /
		    (1.0 + df[b])) + 1);
	free(df);
	free(seen);
	return 0;
}

/*
 * Train the model on its examples, if they changed since: 0, or -1
 * (memory).
 */
static int
train(xf_model *m)
{
	struct fit	 f;
	size_t		 c, i, b, nb, lpad;
	double		 temp;
	int		 rc = -1;

	if (m->trained && !m->changed)
		return 0;
	if (m->loaded)
		return m->trained ? 0 : -1;
	untrain(m);
	memset(&f, 0, sizeof(f));
	f.m = m;
	if ((m->order = calloc(m->nlabels + 1, sizeof(*m->order))) == NULL)
		return -1;
	for (i = 0; i < m->nlabels; i++)
		if (m->labels[i].docs > 0)
			m->order[m->nclass++] = i;
	sort_names(m->labels, m->order, m->nclass);
	lpad = (m->nclass + LBLOCK - 1) / LBLOCK * LBLOCK;
	m->lpad = lpad;
	m->bits = bits_for(m->nclass);
	nb = (size_t)1 << m->bits;
	f.nclass = m->nclass;
	f.lpad = lpad;
	f.bits = m->bits;
	f.cls = calloc(m->nlabels + 1, sizeof(*f.cls));
	f.w = table_new(nb * lpad, sizeof(*f.w));
	f.bias = calloc(lpad, sizeof(*f.bias));
	f.p = calloc(lpad, sizeof(*f.p));
	f.g = calloc(lpad, sizeof(*f.g));
	f.act = calloc(lpad, sizeof(*f.act));
	m->bias = calloc(lpad, sizeof(*m->bias));
	m->scale = table_new(nb, sizeof(*m->scale));
	m->idf = table_new(nb, sizeof(*m->idf));
	m->q = table_new(nb * lpad, sizeof(*m->q));
	m->acc = calloc(lpad, sizeof(*m->acc));
	m->prob = calloc(lpad, sizeof(*m->prob));
	if (f.cls == NULL || f.w == NULL || f.bias == NULL || f.p == NULL ||
	    f.g == NULL || f.act == NULL || m->bias == NULL || m->scale == NULL ||
	    m->q == NULL || m->acc == NULL || m->prob == NULL ||
	    m->idf == NULL)
		goto out;
	for (c = 0; c < m->nclass; c++)
		f.cls[m->order[c]] = (uint32_t)c;
	if (make_idf(m) == -1)
		goto out;

	if ((temp = fit_temperature(&f)) < 0 || fit_run(&f, 0) == -1)
		goto out;
	m->temp = (float)temp;

	/* The weights, a signed byte each with a scale a bucket. */
	for (b = 0; b < nb; b++) {
		float	*row = f.w + b * lpad, top = 0, s;

		for (c = 0; c < m->nclass; c++) {
			row[c] *= (float)f.wscale;
			if (fabsf(row[c]) > top)
				top = fabsf(row[c]);
		}
		if (!(top > 0))
			continue;
		s = top / 127;
		m->scale[b] = s;
		for (c = 0; c < m->nclass; c++)
			m->q[b * lpad + c] = (int8_t)lrintf(row[c] / s);
	}
	for (c = 0; c < m->nclass; c++)
		m->bias[c] = (float)f.bias[c];
	m->trained = 1;
	m->changed = 0;
	rc = 0;
out:
	free(f.cls);
	free(f.w);
	free(f.bias);
	free(f.p);
	free(f.g);
	free(f.act);
	if (rc == -1)
		untrain(m);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Prediction                                                          */

/* acc = the weights of the vector's buckets times its values. */
WIDE static void
sum_vector(const xf_model *m, const uint32_t *vb, const float *vx,
    size_t n, float *restrict acc)
{
	size_t	 i, c, lpad = m->lpad;
#ifdef BLOCKS
	fblock	 sum[MODEL_MAXLABELS / LBLOCK + 1];

	memset(sum, 0, lpad * sizeof(float));
#else
	size_t	 k;

	memset(acc, 0, lpad * sizeof(*acc));
#endif
	for (i = 0; i < n; i++) {
		const int8_t *restrict row = m->q + (size_t)vb[i] * lpad;
		float	 v = vx[i] * m->scale[vb[i]];

		if (i + PREFETCH < n) {
			prefetch_row(m->q + (size_t)vb[i + PREFETCH] * lpad,
			    lpad);
			prefetch_row(m->scale + vb[i + PREFETCH], 1);
		}
#ifdef BLOCKS
		for (c = 0; c < lpad / LBLOCK; c++) {
			const int8_t *p = row + c * LBLOCK;
			iblock	 w = { p[0], p[1], p[2], p[3], p[4], p[5], p[6],
			    p[7] };

			sum[c] += v * __builtin_convertvector(w, fblock);
		}
#else
		for (c = 0; c < lpad; c += LBLOCK)
			for (k = 0; k < LBLOCK; k++)
				acc[c + k] += v * (float)row[c + k];
#endif
	}
#ifdef BLOCKS
	memcpy(acc, sum, lpad * sizeof(float));
#endif
}

/* Whether a model can predict (trained now if it must be): 1, or 0. */
static int
ready(xf_model *m)
{
	return m->examples > 0 && train(m) == 0 && m->nclass > 0;
}

/* The label of the text whose grams gr holds: as xf_model_predict(). */
static const char *
predict_grams(xf_model *m, const struct grams *gr, double *confidence)
{
	size_t		 c, best = 0;

	if (vec_room(m, gr->n) == -1)
		return NULL;
	text_vector(gr->g, gr->n, m->bits, m->idf, m->vb, m->vx);
	sum_vector(m, m->vb, m->vx, gr->n, m->acc);
	for (c = 0; c < m->nclass; c++) {
		m->prob[c] = (double)m->bias[c] + m->acc[c];
		/* In name order, so that the first of equal scores wins. */
		if (m->prob[c] > m->prob[best])
			best = c;
	}
	if (confidence != NULL) {
		softmax(m->prob, m->nclass, m->temp);
		*confidence = m->prob[best];
		if (!(*confidence >= 0 && *confidence <= 1))
			*confidence = 0;
	}
	return m->labels[m->order[best]].name;
}

const char *
xf_model_predict(const xf_model *cm, const char *text, size_t len,
    double *confidence)
{
	const char	*label;

	xf_model_predict_n(&cm, 1, text, len, &label, confidence);
	return label;
}

void
xf_model_predict_n(const xf_model *const *models, size_t n,
    const char *text, size_t len, const char **labels, double *confidence)
{
	xf_model	*m, *owner = NULL;	/* trains, see the top */
	size_t		 i;

	for (i = 0; i < n; i++) {
		labels[i] = NULL;
		if (confidence != NULL)
			confidence[i] = 0;
	}
	for (i = 0; i < n; i++) {
		if ((m = (xf_model *)models[i]) == NULL || (text == NULL &&
		    len > 0) || !ready(m))
			continue;
		/* The grams, once: the first model's scratch holds them. */
		if (owner == NULL) {
			if (text_grams(&m->gr, text, len) == -1)
				return;
			owner = m;
		}
		labels[i] = predict_grams(m, &owner->gr, confidence != NULL ?
		    &confidence[i] : NULL);
	}
}

/* ------------------------------------------------------------------ */
/* Saving and loading                                                  */

static int
put_u32(struct xf_buf *b, uint32_t v)
{
	unsigned char	 p[4];

	p[0] = v & 0xFF;
	p[1] = (v >> 8) & 0xFF;
	p[2] = (v >> 16) & 0xFF;
	p[3] = (v >> 24) & 0xFF;
	return xf_buf_add(b, p, 4);
}

static int
put_u64(struct xf_buf *b, uint64_t v)
{
	if (put_u32(b, (uint32_t)(v & 0xFFFFFFFF)) == -1)
		return -1;
	return put_u32(b, (uint32_t)(v >> 32));
}

static int
put_f32(struct xf_buf *b, float f)
{
	uint32_t v;

	memcpy(&v, &f, 4);
	return put_u32(b, v);
}

static int
put_varint(struct xf_buf *b, uint32_t v)
{
	unsigned char	 p[5];
	size_t		 n = 0;

	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return xf_buf_add(b, p, n);
}

int
xf_model_save(const xf_model *cm, void **data, size_t *len)
{
	xf_model	*m = (xf_model *)cm;	/* trains, see the top */
	struct xf_buf	 b = { NULL, 0, 0 };
	size_t		 c, nb, i, rows = 0;
	long		 last = -1;
	int		 rc = 0;

	*data = NULL;
	*len = 0;
	if (m->examples > 0 && train(m) == -1)
		return -1;
	nb = m->examples > 0 ? (size_t)1 << m->bits : 0;
	for (i = 0; i < nb; i++)
		rows += m->scale[i] > 0 || m->idf[i] != m->idf0;
	rc |= xf_buf_add(&b, MODEL_MAGIC, 4);
	rc |= put_u32(&b, MODEL_VERSION);
	rc |= put_u32(&b, m->examples > 0 ? m->bits : 0);
	rc |= put_u32(&b, m->examples > 0 ? (uint32_t)m->nclass : 0);
	rc |= put_u64(&b, m->examples);
	rc |= put_f32(&b, m->examples > 0 ? m->temp : 1);
	rc |= put_f32(&b, m->examples > 0 ? m->idf0 : 1);
	for (c = 0; m->examples > 0 && c < m->nclass; c++) {
		const struct label *l = &m->labels[m->order[c]];
		size_t	 n = strlen(l->name);

		rc |= put_u32(&b, (uint32_t)n);
		rc |= xf_buf_add(&b, l->name, n);
		rc |= put_u64(&b, l->docs);
		rc |= put_f32(&b, m->bias[c]);
	}
	rc |= put_u32(&b, (uint32_t)rows);
	for (i = 0; i < nb && rc == 0; i++) {
		if (!(m->scale[i] > 0 || m->idf[i] != m->idf0))
			continue;
		rc |= put_varint(&b, (uint32_t)((long)i - last - 1));
		rc |= put_f32(&b, m->scale[i]);
		rc |= put_f32(&b, m->idf[i]);
		rc |= xf_buf_add(&b, m->q + i * m->lpad, m->nclass);
		last = (long)i;
	}
	if (rc != 0 || put_u64(&b, fnv1a((unsigned char *)b.p, b.len)) == -1) {
		xf_buf_release(&b);
		return -1;
	}
	*data = b.p;
	*len = b.len;
	return 0;
}

/* Reading saved bytes, never past the end. */
struct in {
	const unsigned char	*p;
	size_t			 len;
	size_t			 off;
};

static int
get_u32(struct in *in, uint32_t *v)
{
	const unsigned char	*p = in->p + in->off;

	if (in->len - in->off < 4)
		return -1;
	*v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
	in->off += 4;
	return 0;
}

static int
get_u64(struct in *in, uint64_t *v)
{
	uint32_t	 lo, hi;

	if (in->len - in->off < 8)
		return -1;
	get_u32(in, &lo);
	get_u32(in, &hi);
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

static int
get_f32(struct in *in, float *f)
{
	uint32_t	 v;

	if (get_u32(in, &v) == -1)
		return -1;
	memcpy(f, &v, 4);
	return 0;
}

/* A varint up to max: 0; -1 truncated; -2 too large or too long. */
static int
get_varint(struct in *in, uint32_t max, uint32_t *v)
{
	uint64_t	 x = 0;
	unsigned	 shift = 0;
	unsigned char	 c;

	do {
		if (in->off >= in->len)
			return -1;
		if (shift > 28)
			return -2;
		c = in->p[in->off++];
		x |= (uint64_t)(c & 0x7F) << shift;
		shift += 7;
	} while (c & 0x80);
	if (x > max)
		return -2;
	*v = (uint32_t)x;
	return 0;
}

/* Read one label into m: 0, or -1 with the reason in err. */
static int
load_label(xf_model *m, struct in *in, uint32_t k, char *err, size_t errlen)
{
	struct label	*l;
	uint32_t	 namelen;
	uint64_t	 docs;
	long		 i;
	const char	*name;
	float		 bias;

	if (get_u32(in, &namelen) == -1)
		goto truncated;
	if (namelen == 0 || namelen > MODEL_MAXNAME) {
		xf_errf(err, errlen, "label %u: name of %u bytes", k + 1,
		    namelen);
		return -1;
	}
	if (in->len - in->off < namelen)
		goto truncated;
	name = (const char *)in->p + in->off;
	if (!label_ok(name, namelen)) {
		xf_errf(err, errlen, "label %u: name not UTF-8", k + 1);
		return -1;
	}
	in->off += namelen;
	if ((i = label_add(m, name, namelen)) == -1) {
		xf_errf(err, errlen, "out of memory");
		return -1;
	}
	l = &m->labels[i];
	if (i > 0 && strcmp(m->labels[i - 1].name, l->name) >= 0) {
		xf_errf(err, errlen, "label %u: not in order, or repeated",
		    k + 1);
		return -1;
	}
	if (get_u64(in, &docs) == -1 || get_f32(in, &bias) == -1)
		goto truncated;
	if (docs == 0 || docs > UINT64_MAX - m->examples) {
		xf_errf(err, errlen, "label %u: bad number of examples",
		    k + 1);
		return -1;
	}
	if (!isfinite(bias) || fabsf(bias) > 1e4f) {
		xf_errf(err, errlen, "label %u: bad bias", k + 1);
		return -1;
	}
	l->docs = docs;
	m->examples += docs;
	m->order[k] = (size_t)i;
	m->bias[k] = bias;
	return 0;
truncated:
	xf_errf(err, errlen, "truncated at byte %zu", in->off);
	return -1;
}

int
xf_model_outdated(const void *data, size_t len)
{
	return len >= 4 && memcmp(data, OLD_MAGIC, 4) == 0;
}

xf_model *
xf_model_load(const void *data, size_t len, char *err, size_t errlen)
{
	struct in	 in = { data, len, 0 };
	xf_model	*m;
	uint32_t	 version, bits, nlabels, k, rows, gap;
	uint64_t	 examples, sum;
	long		 last = -1;
	size_t		 nb, lpad;
	float		 temp, s, idf0, idf;
	int		 rc;

	if (xf_model_outdated(data, len)) {
		xf_errf(err, errlen, "a naive Bayes model of an earlier "
		    "version of xf (model version 1), which this one does "
		    "not read: run xf-classify --learn again");
		return NULL;
	}
	if (len < 4 || memcmp(data, MODEL_MAGIC, 4) != 0) {
		xf_errf(err, errlen, "not a model (no \"%s\" at the start)",
		    MODEL_MAGIC);
		return NULL;
	}
	in.off = 4;
	if (get_u32(&in, &version) == -1 || get_u32(&in, &bits) == -1 ||
	    get_u32(&in, &nlabels) == -1 || get_u64(&in, &examples) == -1 ||
	    get_f32(&in, &temp) == -1 || get_f32(&in, &idf0) == -1) {
		xf_errf(err, errlen, "truncated at byte %zu", in.off);
		return NULL;
	}
	if (version != MODEL_VERSION) {
		xf_errf(err, errlen, "model version %u not supported (%d is)",
		    version, MODEL_VERSION);
		return NULL;
	}
	if (nlabels > MODEL_MAXLABELS) {
		xf_errf(err, errlen, "%u labels, more than %d", nlabels,
		    MODEL_MAXLABELS);
		return NULL;
	}
	if (nlabels == 0 ? bits != 0 || examples != 0 :
	    bits != bits_for(nlabels)) {
		xf_errf(err, errlen, "model of 2^%u buckets for %u labels "
		    "not supported", bits, nlabels);
		return NULL;
	}
	if (!(temp >= 0.01f && temp <= 100) || !(idf0 >= 1 && idf0 <= 100)) {
		xf_errf(err, errlen, "bad temperature or weight");
		return NULL;
	}
	if ((m = xf_model_new()) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	m->loaded = 1;
	m->temp = temp;
	m->bits = nlabels > 0 ? bits : 0;
	nb = nlabels > 0 ? (size_t)1 << bits : 0;
	lpad = (nlabels + LBLOCK - 1) / LBLOCK * LBLOCK;
	m->nclass = nlabels;
	m->lpad = lpad;
	m->order = calloc(nlabels + 1, sizeof(*m->order));
	m->bias = calloc(lpad + 1, sizeof(*m->bias));
	m->acc = calloc(lpad + 1, sizeof(*m->acc));
	m->prob = calloc(lpad + 1, sizeof(*m->prob));
	m->scale = table_new(nb + 1, sizeof(*m->scale));
	m->idf = table_new(nb + 1, sizeof(*m->idf));
	m->q = table_new(nb * lpad + 1, sizeof(*m->q));
	if (m->order == NULL || m->bias == NULL || m->acc == NULL ||
	    m->prob == NULL || m->scale == NULL || m->q == NULL ||
	    m->idf == NULL) {
		xf_errf(err, errlen, "out of memory");
		goto out_model;
	}
	m->idf0 = idf0;
	for (k = 0; k <= nb; k++)
		m->idf[k] = idf0;
	for (k = 0; k < nlabels; k++)
		if (load_label(m, &in, k, err, errlen) == -1)
			goto out_model;
	if (m->examples != examples) {
		xf_errf(err, errlen, "the examples of the labels do not add "
		    "up");
		goto out_model;
	}
	if (get_u32(&in, &rows) == -1)
		goto truncated;
	if (rows > nb) {
		xf_errf(err, errlen, "%u buckets, more than %zu", rows, nb);
		goto out_model;
	}
	for (k = 0; k < rows; k++) {
		if ((rc = get_varint(&in, (uint32_t)nb, &gap)) == -1)
			goto truncated;
		if (rc == -2 || last + 1 + (long)gap >= (long)nb) {
			xf_errf(err, errlen, "bad bucket near byte %zu",
			    in.off);
			goto out_model;
		}
		last += 1 + (long)gap;
		if (get_f32(&in, &s) == -1 || get_f32(&in, &idf) == -1)
			goto truncated;
		if (!(s >= 0 && s < 1e3f) || !(idf > 0 && idf <= 100)) {
			xf_errf(err, errlen, "bad scale near byte %zu",
			    in.off);
			goto out_model;
		}
		if (in.len - in.off < nlabels)
			goto truncated;
		m->scale[last] = s;
		m->idf[last] = idf;
		memcpy(m->q + (size_t)last * lpad, in.p + in.off, nlabels);
		in.off += nlabels;
	}
	if (get_u64(&in, &sum) == -1)
		goto truncated;
	if (in.off != len) {
		xf_errf(err, errlen, "%zu bytes after the end of the model",
		    len - in.off);
		goto out_model;
	}
	if (sum != fnv1a(data, len - 8)) {
		xf_errf(err, errlen, "checksum does not match: corrupt model");
		goto out_model;
	}
	m->trained = 1;
	return m;
truncated:
	xf_errf(err, errlen, "truncated at byte %zu", in.off);
out_model:
	xf_model_free(m);
	return NULL;
}
