/*
 * model.c - the learned classifier: multinomial naive Bayes over the
 * character n-grams of a text
 *
 * Features.  The text is read as UTF-8 code points, folded so that the
 * same word counts the same however it was typed: ASCII and full-width
 * letters (Ａ, ａ) become lower-case ASCII, every digit (ASCII or
 * full-width) becomes '0' (dates and amounts say little about a
 * category), and punctuation, symbols and white space of any width
 * (，。、；：“”《》（）, U+3000, ...) are separators.  Bytes that are not
 * UTF-8 are separators too.  The features of a text are the unigrams
 * and the bigrams of the code points within each run between separators:
 * "拖欠工资" gives 拖 欠 工 资 拖欠 欠工 工资.  Chinese needs no word
 * segmentation this way, and bigrams carry most of the meaning of its
 * two-character words.
 *
 * Hashing.  A feature is hashed (multiplicative hashing of the code
 * points) into one of MODEL_BUCKETS = 2^16 buckets, so memory depends on
 * the number of labels, never on the number of examples or the size of
 * the vocabulary.
 *
 * Counts.  Per label, the number of times each bucket was seen (uint32,
 * one dense row of 256 KB, allocated when the label is first learned),
 * the sum of the row N_c and the number of examples D_c.  All are
 * integers, so learning and forgetting an example are exact inverses and
 * nothing depends on the order the examples came in: the saved bytes of
 * two models that learned the same examples in any order are the same.
 *
 * Prediction.  The score of label c for a text whose features are f_1
 * .. f_n (repeats counted) is its log posterior up to a constant:
 *
 *	log D_c/D + sum_i log P(f_i|c),
 *	P(f|c) = (N_cf + a) / (N_c + a B)	(Lidstone smoothing, a = 0.1)
 *
 * Adding the same amount to the score of every label changes neither the
 * best label nor the posteriors, so for each bucket only how far the
 * log P(f|c) of a label falls short of the greatest over the labels
 * counts: its penalty, rounded to 1/32 nat and capped at 255 (8 nats: a
 * feature counts at most e^8, about 3,000 times, against a label, so no
 * one n-gram outweighs a whole text).  The penalties are a table of
 * bytes, a row per bucket with the labels side by side, made from the
 * counts at the first prediction after a change (in some 30 ms at 127
 * labels).  Scoring a text is then one addition of a row of bytes per
 * feature into 16-bit sums, emptied into 64-bit ones every FEATBUF
 * features before they could overflow: a few vector instructions,
 * summed exactly in integers, so the same text gets the same answer from
 * the same counts, whatever the order they were learned in.  Rounding
 * moves a score by at most 1/64 nat a feature.  The confidence is the
 * posterior of the best label normalised over all labels (a softmax of
 * the scores, from the best one down so it cannot overflow).  Equal
 * scores go to the label whose name sorts first (strcmp).
 *
 * Smoothing.  a B is the mass the smoothing gives a label, and when it
 * is not small beside N_c, a label with few examples is penalised for
 * every common n-gram of a text, and rarely wins.  Learning four fifths
 * of 100,000 items of scripts/gen-items and predicting the other fifth
 * (tests/bench/model-bench.c), a = 1 was right for 66% at level 2 of the
 * catalogue and 43% at level 3; a = 0.1 for 92% and 79% (a = 0.01 gave
 * 94% and 89%, but leans harder on n-grams seen once or twice, which
 * real text has more of than generated text).  Level 1 was 100% with
 * all of them.  More buckets would make a B larger too: 2^18 at a = 0.1
 * gave 84% and 50%, at four times the memory.
 *
 * Size.  Counts take 256 KB a label, weights 64 KB (labels rounded up to
 * 16): the 17 labels of level 1 of the catalogue take 6.5 MB, the 127 of
 * level 2 41 MB, the 421 of level 3 136 MB; at most MODEL_MAXLABELS
 * labels.  Saved, only the counts that are not 0 are written: 180 KB
 * for level 1 learned from 80,000 items.
 *
 * Saved form (all integers little-endian; varint = LEB128, at most 5
 * bytes):
 *
 *	"XFNB"  u32 version (1)  u32 bits (16)  u32 number of labels
 *	per label, in strcmp order of the names:
 *		u32 name length, the name (UTF-8, no NUL),
 *		u64 examples (D_c >= 1), u32 number of buckets counted,
 *		per bucket counted, in increasing order:
 *			varint gap from the previous one (bucket - last - 1,
 *			last = -1 at first), varint count (>= 1)
 *	u64 FNV-1a hash of every byte before it
 *
 * Labels whose examples were all forgotten are not saved.  The loader
 * checks every length, order and range before the hash, so corrupt bytes
 * give a reason, never a crash.
 *
 * A model is used by one thread at a time: xf_model_predict() makes the
 * weights inside a model it is given as const.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xf-private.h"

#define MODEL_MAGIC	"XFNB"
#define MODEL_VERSION	1
#define MODEL_BITS	16
#define MODEL_BUCKETS	(1u << MODEL_BITS)
#define MODEL_ALPHA	0.1		/* Lidstone smoothing */
#define MODEL_SCALE	32		/* weight units per nat */
#define MODEL_CAP	255		/* the largest weight, a uint8 */
#define MODEL_MAXLABELS	1024
#define MODEL_MAXNAME	1024		/* bytes of a label */
#define MODEL_QTAB	65536		/* counts with a tabled weight */
#define LBLOCK		16		/* labels of a weight row, rounded */
#define FEATBUF		256		/* features made at a time */
_Static_assert(FEATBUF * MODEL_CAP <= UINT16_MAX, "16-bit sums overflow");

#define PREFETCH	16		/* rows of weights asked for ahead */

struct label {
	char		*name;
	uint32_t	*counts;	/* MODEL_BUCKETS; NULL while none */
	uint64_t	 total;		/* N_c: the sum of counts */
	uint64_t	 docs;		/* D_c: examples */
};

struct xf_model {
	struct label	*labels;	/* in the order first learned */
	size_t		 nlabels;
	size_t		 caplabels;
	size_t		 last;		/* the label learned last */
	uint64_t	 examples;

	/*
	 * Made from the counts by prepare().  weights is MODEL_BUCKETS
	 * rows of lpad bytes, row b holding the penalty of bucket b for
	 * label c at c.
	 */
	uint8_t		*weights;
	size_t		 lpad;		/* 0: no weights yet */
	int		 changed;	/* learned or forgot since made */
	double		*logs;		/* log(N + a) for N < MODEL_QTAB */
	size_t		*order;		/* labels with examples, by name */
	size_t		 nactive;
	double		*prior;		/* log D_c/D */
	double		*norm;		/* log(N_c + a B) */
	double		*score;		/* a text's scores */
	uint16_t	*acc;		/* lpad: a text's weights */
	uint64_t	*sum;
};

/* ------------------------------------------------------------------ */
/* Features                                                            */

/* Walks a text, making the buckets of its features. */
struct feat {
	const unsigned char	*p;
	const unsigned char	*end;
	uint32_t		 prev;	/* the code point before, 0 if none */
};

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
 * The next code point at f->p, folded; 0 for a separator or a byte that
 * is not UTF-8 (the walk goes on at the next byte).
 */
static uint32_t
next_char(struct feat *f)
{
	const unsigned char	*p = f->p;
	size_t			 n = (size_t)(f->end - p);
	uint32_t		 c;

	if (p[0] < 0x80) {
		f->p = p + 1;
		return fold(p[0]);
	}
	if (n >= 3 && (p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 &&
	    (p[2] & 0xC0) == 0x80) {
		c = (uint32_t)(p[0] & 0x0F) << 12 |
		    (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		f->p = p + 3;
		if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))
			return 0;	/* overlong, surrogate */
		return fold(c);
	}
	if (n >= 2 && p[0] >= 0xC2 && p[0] <= 0xDF &&
	    (p[1] & 0xC0) == 0x80) {
		f->p = p + 2;
		return fold((uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F));
	}
	if (n >= 4 && p[0] >= 0xF0 && p[0] <= 0xF4 &&
	    (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
	    (p[3] & 0xC0) == 0x80) {
		c = (uint32_t)(p[0] & 0x07) << 18 |
		    (uint32_t)(p[1] & 0x3F) << 12 |
		    (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
		f->p = p + 4;
		if (c < 0x10000 || c > 0x10FFFF)
			return 0;
		return fold(c);
	}
	f->p = p + 1;
	return 0;
}

/* The bucket of a feature: a unigram (0, c) or a bigram (a, c). */
static inline uint32_t
bucket(uint32_t a, uint32_t c)
{
	uint64_t k = (uint64_t)a << 21 | c;

	return (uint32_t)((k * 0x9E3779B97F4A7C15ULL) >> (64 - MODEL_BITS));
}

static void
feat_init(struct feat *f, const char *text, size_t len)
{
	if (text == NULL)
		text = "";	/* and len is 0 */
	f->p = (const unsigned char *)text;
	f->end = f->p + len;
	f->prev = 0;
}

/*
 * The buckets of the next features of the text, at most FEATBUF in out;
 * how many, 0 at the end.
 */
static size_t
feat_next(struct feat *f, uint32_t *out)
{
	const unsigned char	*p;
	size_t			 n = 0;
	uint32_t		 c;

	while (n + 2 <= FEATBUF && f->p < f->end) {
		p = f->p;
		if (p[0] >= 0xE4 && p[0] <= 0xE9 && f->end - p >= 3 &&
		    (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
			/* U+4000 to U+9FFF, most of Chinese: fold() keeps. */
			c = (uint32_t)(p[0] & 0x0F) << 12 |
			    (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
			f->p = p + 3;
		} else
			c = next_char(f);
		if (c == 0) {
			f->prev = 0;
			continue;
		}
		out[n++] = bucket(0, c);
		if (f->prev != 0)
			out[n++] = bucket(f->prev, c);
		f->prev = c;
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* Learning                                                            */

xf_model *
xf_model_new(void)
{
	return calloc(1, sizeof(xf_model));
}

void
xf_model_free(xf_model *m)
{
	size_t	 i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nlabels; i++) {
		free(m->labels[i].name);
		free(m->labels[i].counts);
	}
	free(m->labels);
	free(m->weights);
	free(m->logs);
	free(m->order);
	free(m->prior);
	free(m->norm);
	free(m->score);
	free(m->acc);
	free(m->sum);
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

/* A new label (no examples, no counts): its index, or -1. */
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

/*
 * Add (sign 1) or take away (sign -1) the features of a text to the
 * counts of label l.  If a count would leave the range of a uint32, the
 * counts changed so far are put back and it fails.  Returns the number
 * of features, or -1.
 */
static int64_t
count_text(struct label *l, const char *text, size_t len, int sign)
{
	struct feat	 f;
	uint32_t	 buf[FEATBUF];
	uint64_t	 done = 0, undo;
	size_t		 n, i;

	feat_init(&f, text, len);
	while ((n = feat_next(&f, buf)) > 0) {
		if (l->counts == NULL) {
			/* The first features of the label: a row for them. */
			if (sign < 0 || (l->counts = calloc(MODEL_BUCKETS,
			    sizeof(*l->counts))) == NULL)
				return -1;
		}
		for (i = 0; i < n; i++) {
			uint32_t b = buf[i];

			if (sign > 0 ? l->counts[b] == UINT32_MAX :
			    l->counts[b] == 0)
				goto undo;
			l->counts[b] += (uint32_t)sign;
			done++;
		}
	}
	return (int64_t)done;
undo:
	feat_init(&f, text, len);
	undo = done;
	while (undo > 0 && (n = feat_next(&f, buf)) > 0)
		for (i = 0; i < n && undo > 0; i++, undo--)
			l->counts[buf[i]] -= (uint32_t)sign;
	return -1;
}

/* Learn (sign 1) or forget (sign -1) an example: 0, or -1. */
static int
example(xf_model *m, const char *label, const char *text, size_t len,
    int sign)
{
	struct label	*l;
	long		 i;
	int64_t		 n;
	size_t		 llen;

	if (label == NULL || (text == NULL && len > 0))
		return -1;
	if ((i = label_find(m, label)) == -1) {
		llen = strlen(label);
		if (sign < 0 || !label_ok(label, llen) ||
		    (i = label_add(m, label, llen)) == -1)
			return -1;
	}
	l = &m->labels[i];
	if (sign < 0 ? l->docs == 0 : m->examples == UINT64_MAX)
		return -1;	/* (a loaded model may hold that many) */
	if ((n = count_text(l, text, len, sign)) == -1)
		return -1;
	if (sign > 0) {
		l->total += (uint64_t)n;
		l->docs++;
		m->examples++;
	} else {
		l->total -= (uint64_t)n;
		l->docs--;
		m->examples--;
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
/* Prediction                                                          */

/* log(N + a), from the table when it has it. */
static inline double
log_count(const xf_model *m, uint32_t n)
{
	if (n < MODEL_QTAB)
		return m->logs[n];
	return log((double)n + MODEL_ALPHA);
}

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

/*
 * Make the penalties of bucket b from the counts: how far log P(b|c)
 * falls short of the greatest over the labels with examples, in 1/S
 * nat, at most MODEL_CAP.
 */
static void
make_row(xf_model *m, uint32_t b)
{
	uint8_t		*row = m->weights + (size_t)b * m->lpad;
	double		 lp[MODEL_MAXLABELS], top = -HUGE_VAL, d;
	size_t		 i, c;
	const struct label *l;

	memset(row, 0, m->lpad);
	for (i = 0; i < m->nactive; i++) {
		c = m->order[i];
		l = &m->labels[c];
		lp[c] = log_count(m, l->counts == NULL ? 0 : l->counts[b]) -
		    m->norm[c];
		if (lp[c] > top)
			top = lp[c];
	}
	for (i = 0; i < m->nactive; i++) {
		c = m->order[i];
		d = MODEL_SCALE * (top - lp[c]);
		row[c] = d >= MODEL_CAP ? MODEL_CAP : (uint8_t)(d + 0.5);
	}
}

/*
 * Bring the tables prediction reads up to date with the counts: 0, or
 * -1 (memory).
 */
static int
prepare(xf_model *m)
{
	size_t		 c, lpad, i;
	uint32_t	 b;
	uint64_t	 docs = 0;

	if (!m->changed && m->lpad > 0)
		return 0;
	if (m->logs == NULL) {
		if ((m->logs = malloc(MODEL_QTAB * sizeof(*m->logs))) == NULL)
			return -1;
		for (i = 0; i < MODEL_QTAB; i++)
			m->logs[i] = log((double)i + MODEL_ALPHA);
	}
	lpad = (m->nlabels + LBLOCK - 1) / LBLOCK * LBLOCK;
	if (lpad != m->lpad) {
		uint8_t		*w;
		size_t		*o;
		double		*p, *q, *r;
		uint16_t	*a;
		uint64_t	*s;

		m->lpad = 0;	/* until all is there */
		w = reallocarray(m->weights, MODEL_BUCKETS, lpad);
		if (w != NULL)
			m->weights = w;
		o = reallocarray(m->order, lpad, sizeof(*o));
		if (o != NULL)
			m->order = o;
		p = reallocarray(m->prior, lpad, sizeof(*p));
		if (p != NULL)
			m->prior = p;
		q = reallocarray(m->norm, lpad, sizeof(*q));
		if (q != NULL)
			m->norm = q;
		r = reallocarray(m->score, lpad, sizeof(*r));
		if (r != NULL)
			m->score = r;
		a = reallocarray(m->acc, lpad, sizeof(*a));
		if (a != NULL)
			m->acc = a;
		s = reallocarray(m->sum, lpad, sizeof(*s));
		if (s != NULL)
			m->sum = s;
		if (w == NULL || o == NULL || p == NULL || q == NULL ||
		    r == NULL || a == NULL || s == NULL)
			return -1;
	}

	m->nactive = 0;
	for (c = 0; c < m->nlabels; c++)
		if (m->labels[c].docs > 0) {
			m->order[m->nactive++] = c;
			docs += m->labels[c].docs;
		}
	sort_names(m->labels, m->order, m->nactive);
	for (i = 0; i < m->nactive; i++) {
		const struct label *l = &m->labels[m->order[i]];

		c = m->order[i];
		m->prior[c] = log((double)l->docs) - log((double)docs);
		m->norm[c] = log((double)l->total +
		    MODEL_ALPHA * MODEL_BUCKETS);
	}
	m->lpad = lpad;
	for (b = 0; b < MODEL_BUCKETS; b++)
		make_row(m, b);
	m->changed = 0;
	return 0;
}

/*
 * Ask for a row of weights to be brought into the cache: the rows of a
 * text are all over a table too big for the cache, and most of the
 * time of a prediction went into waiting for them.
 */
static inline void
prefetch_row(const uint8_t *row, size_t lpad)
{
#if defined(__GNUC__)
	size_t	 k;

	for (k = 0; k < lpad; k += 64)
		__builtin_prefetch(row + k);
#else
	(void)row;
	(void)lpad;
#endif
}

/* acc += the weights of bucket b, LBLOCK labels at a time. */
static inline void
add_row(uint16_t *restrict acc, const uint8_t *restrict row, size_t lpad)
{
	size_t	 c, k;

	for (c = 0; c < lpad; c += LBLOCK)
		for (k = 0; k < LBLOCK; k++)
			acc[c + k] += row[c + k];
}

/*
 * Where the compiler and the C library can pick the code at run time,
 * the loop that adds rows is made twice, for AVX2 (twice as wide) and
 * for any x86-64: 15% more predictions a second at 127 labels.
 */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && \
    defined(__GLIBC__)
#define WIDE	__attribute__((target_clones("avx2", "default")))
#else
#define WIDE
#endif

/* m->sum = the penalties of the features of a text. */
WIDE static void
sum_text(xf_model *m, const char *text, size_t len)
{
	struct feat	 f;
	uint32_t	 buf[FEATBUF];
	size_t		 n, i, c, lpad = m->lpad;

	memset(m->acc, 0, lpad * sizeof(*m->acc));
	memset(m->sum, 0, lpad * sizeof(*m->sum));
	feat_init(&f, text, len);
	while ((n = feat_next(&f, buf)) > 0) {
		for (i = 0; i < n; i++) {
			if (i + PREFETCH < n)
				prefetch_row(m->weights +
				    (size_t)buf[i + PREFETCH] * lpad, lpad);
			add_row(m->acc, m->weights + (size_t)buf[i] * lpad,
			    lpad);
		}
		/* FEATBUF x MODEL_CAP fits in a uint16: empty them now. */
		for (c = 0; c < lpad; c++) {
			m->sum[c] += m->acc[c];
			m->acc[c] = 0;
		}
	}
}

const char *
xf_model_predict(const xf_model *cm, const char *text, size_t len,
    double *confidence)
{
	xf_model	*m = (xf_model *)cm;	/* the tables change, see top */
	size_t		 i, c;
	double		 s, best = 0, total;
	long		 top = -1;

	if (confidence != NULL)
		*confidence = 0;
	if (m->examples == 0 || (text == NULL && len > 0))
		return NULL;
	if (prepare(m) == -1)
		return NULL;
	sum_text(m, text, len);

	/* In name order, so that the first of equal scores wins. */
	for (i = 0; i < m->nactive; i++) {
		c = m->order[i];
		s = m->prior[c] - (double)m->sum[c] / MODEL_SCALE;
		m->score[c] = s;
		if (top == -1 || s > best) {
			best = s;
			top = (long)c;
		}
	}
	if (top == -1)
		return NULL;
	if (confidence != NULL) {
		total = 0;
		for (i = 0; i < m->nactive; i++) {
			/* Below e^-50 a label adds nothing a double keeps. */
			s = m->score[m->order[i]] - best;
			if (s > -50)
				total += exp(s);
		}
		*confidence = 1 / total;
	}
	return m->labels[top].name;
}

/* ------------------------------------------------------------------ */
/* Saving and loading                                                  */

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

static int
save_label(struct xf_buf *b, const struct label *l)
{
	uint32_t	 i, nnz = 0;
	long		 last = -1;
	size_t		 len = strlen(l->name);

	if (l->counts != NULL)
		for (i = 0; i < MODEL_BUCKETS; i++)
			if (l->counts[i] != 0)
				nnz++;
	if (put_u32(b, (uint32_t)len) == -1 ||
	    xf_buf_add(b, l->name, len) == -1 ||
	    put_u64(b, l->docs) == -1 || put_u32(b, nnz) == -1)
		return -1;
	for (i = 0; i < MODEL_BUCKETS && nnz > 0; i++) {
		if (l->counts[i] == 0)
			continue;
		if (put_varint(b, (uint32_t)((long)i - last - 1)) == -1 ||
		    put_varint(b, l->counts[i]) == -1)
			return -1;
		last = i;
	}
	return 0;
}

int
xf_model_save(const xf_model *m, void **data, size_t *len)
{
	struct xf_buf	 b = { NULL, 0, 0 };
	size_t		*order, i, n = 0;

	*data = NULL;
	*len = 0;
	if ((order = calloc(m->nlabels + 1, sizeof(*order))) == NULL)
		return -1;
	for (i = 0; i < m->nlabels; i++)
		if (m->labels[i].docs > 0)
			order[n++] = i;
	sort_names(m->labels, order, n);
	if (xf_buf_add(&b, MODEL_MAGIC, 4) == -1 ||
	    put_u32(&b, MODEL_VERSION) == -1 ||
	    put_u32(&b, MODEL_BITS) == -1 || put_u32(&b, (uint32_t)n) == -1)
		goto out_free;
	for (i = 0; i < n; i++)
		if (save_label(&b, &m->labels[order[i]]) == -1)
			goto out_free;
	if (put_u64(&b, fnv1a((unsigned char *)b.p, b.len)) == -1)
		goto out_free;
	free(order);
	*data = b.p;
	*len = b.len;
	return 0;
out_free:
	free(order);
	xf_buf_release(&b);
	return -1;
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
	uint32_t	 namelen, nnz, gap, count, j;
	uint64_t	 docs;
	long		 last = -1, i;
	const char	*name;
	int		 rc;

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
	if (get_u64(in, &docs) == -1 || get_u32(in, &nnz) == -1)
		goto truncated;
	if (docs == 0 || docs > UINT64_MAX - m->examples) {
		xf_errf(err, errlen, "label %u: bad number of examples",
		    k + 1);
		return -1;
	}
	l->docs = docs;
	m->examples += docs;
	if (nnz > MODEL_BUCKETS) {
		xf_errf(err, errlen, "label %u: %u buckets", k + 1, nnz);
		return -1;
	}
	if (nnz > 0 && in->len - in->off < 2 * (size_t)nnz)
		goto truncated;	/* before allocating for them */
	if (nnz > 0 && (l->counts = calloc(MODEL_BUCKETS,
	    sizeof(*l->counts))) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return -1;
	}
	for (j = 0; j < nnz; j++) {
		if ((rc = get_varint(in, MODEL_BUCKETS, &gap)) == -1)
			goto truncated;
		if (rc == -2 || last + 1 + (long)gap >= (long)MODEL_BUCKETS)
			goto range;
		last += 1 + (long)gap;
		if ((rc = get_varint(in, UINT32_MAX, &count)) == -1)
			goto truncated;
		if (rc == -2 || count == 0)
			goto range;
		l->counts[last] = count;
		l->total += count;	/* at most 2^16 x 2^32: no overflow */
	}
	return 0;
truncated:
	xf_errf(err, errlen, "truncated at byte %zu", in->off);
	return -1;
range:
	xf_errf(err, errlen, "label %u: bad bucket or count near byte %zu",
	    k + 1, in->off);
	return -1;
}

xf_model *
xf_model_load(const void *data, size_t len, char *err, size_t errlen)
{
	struct in	 in = { data, len, 0 };
	xf_model	*m;
	uint32_t	 version, bits, nlabels, k;
	uint64_t	 sum;

	if (len < 4 || memcmp(data, MODEL_MAGIC, 4) != 0) {
		xf_errf(err, errlen, "not a model (no \"%s\" at the start)",
		    MODEL_MAGIC);
		return NULL;
	}
	in.off = 4;
	if (get_u32(&in, &version) == -1 || get_u32(&in, &bits) == -1 ||
	    get_u32(&in, &nlabels) == -1) {
		xf_errf(err, errlen, "truncated at byte %zu", in.off);
		return NULL;
	}
	if (version != MODEL_VERSION) {
		xf_errf(err, errlen, "model version %u not supported (%d is)",
		    version, MODEL_VERSION);
		return NULL;
	}
	if (bits != MODEL_BITS) {
		xf_errf(err, errlen, "model of 2^%u buckets not supported "
		    "(2^%d is)", bits, MODEL_BITS);
		return NULL;
	}
	if (nlabels > MODEL_MAXLABELS) {
		xf_errf(err, errlen, "%u labels, more than %d", nlabels,
		    MODEL_MAXLABELS);
		return NULL;
	}
	if ((m = xf_model_new()) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	for (k = 0; k < nlabels; k++)
		if (load_label(m, &in, k, err, errlen) == -1)
			goto out_model;
	if (get_u64(&in, &sum) == -1) {
		xf_errf(err, errlen, "truncated at byte %zu", in.off);
		goto out_model;
	}
	if (in.off != len) {
		xf_errf(err, errlen, "%zu bytes after the end of the model",
		    len - in.off);
		goto out_model;
	}
	if (sum != fnv1a(data, len - 8)) {
		xf_errf(err, errlen, "checksum does not match: corrupt model");
		goto out_model;
	}
	return m;
out_model:
	xf_model_free(m);
	return NULL;
}
