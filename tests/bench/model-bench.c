/*
 * model-bench.c - how fast the learned classifier (lib/model.c) learns
 * and predicts, and how well, on items such as scripts/gen-items makes
 *
 *	make build/bench/model-bench
 *	sh scripts/gen-items -n 100000 > items.csv
 *	build/bench/model-bench [-l LEVEL] [-k FOLDS] items.csv
 *
 * The text of an item is its title and its content, a newline between
 * them; its label the first LEVEL (default 1) parts of its category
 * (items whose category has fewer parts are not learned, nor counted in
 * the accuracy).
 * Every item whose number modulo FOLDS (default 5) is 0 is held out; the
 * model learns the others (the learn rate counts only the time inside
 * xf_model_learn), then predicts every item of a second read of the
 * file (the predict rate counts only the time inside xf_model_predict;
 * the first prediction, which makes the model's tables, is timed on its
 * own as "prepare").  Times are CPU times of batches of items read
 * ahead, so a busy machine changes them little.  It prints one "name value" line per figure:
 * items, labels, learn seconds and items a second, prepare seconds,
 * predict seconds and items a second, the accuracy on the items held
 * out, the saved size, save and load seconds, and peak memory (max
 * RSS, which includes the reader's).  Reading the file is not timed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "xf.h"

/*
 * CPU time: the machine may be shared, and the time a process waits for
 * a core is not the model's.
 */
static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Items read ahead, so that one pair of clock readings times many. */
#define BATCH	1024

struct batch {
	char	*label[BATCH];	/* NULL when not learned or not scored */
	char	*text[BATCH];
	size_t	 len[BATCH];
	size_t	 n;
};

static void
batch_clear(struct batch *b)
{
	size_t	 i;

	for (i = 0; i < b->n; i++) {
		free(b->label[i]);
		free(b->text[i]);
	}
	b->n = 0;
}

/*
 * The label: the first level parts of the category, in buf; NULL when
 * the category has fewer parts.
 */
static const char *
label_of(const char *category, int level, char *buf, size_t len)
{
	size_t	 n = 0;
	int	 parts = 1;

	if (category == NULL || *category == '\0')
		return NULL;
	while (category[n] != '\0') {
		if (category[n] == '/' && ++parts > level)
			break;
		n++;
	}
	if (parts < level)
		return NULL;
	if (n >= len)
		n = len - 1;
	memcpy(buf, category, n);
	buf[n] = '\0';
	return buf;
}

/* The text of r: title, newline, content (malloc'd); its length. */
static char *
text_of(const xf_record *r, size_t *len)
{
	const char	*title = xf_record_get(r, XF_F_TITLE);
	const char	*content = xf_record_get(r, XF_F_CONTENT);
	size_t		 t, c;
	char		*p;

	t = title ? strlen(title) : 0;
	c = content ? strlen(content) : 0;
	if ((p = malloc(t + c + 2)) == NULL) {
		perror("model-bench");
		exit(1);
	}
	if (t > 0)
		memcpy(p, title, t);
	p[t] = '\n';
	if (c > 0)
		memcpy(p + t + 1, content, c);
	p[t + 1 + c] = '\0';
	*len = t + 1 + c;
	return p;
}

/*
 * Read up to BATCH items into b, the label of item number n (from 0)
 * only when (n % folds == 0) is held; 0 at the end.
 */
static size_t
batch_read(xf_reader *rd, xf_record *r, struct batch *b, int level,
    int folds, int held, size_t *n)
{
	char	 label[1024];
	int	 rc = 0;

	batch_clear(b);
	while (b->n < BATCH && (rc = xf_reader_next(rd, r)) == 1) {
		b->label[b->n] = NULL;
		if ((*n % folds == 0) == held && label_of(xf_record_get(r,
		    XF_F_CATEGORY), level, label, sizeof label) != NULL &&
		    (b->label[b->n] = strdup(label)) == NULL) {
			perror("model-bench");
			exit(1);
		}
		b->text[b->n] = text_of(r, &b->len[b->n]);
		b->n++;
		(*n)++;
	}
	if (b->n < BATCH && rc == -1) {
		fprintf(stderr, "model-bench: %s\n", xf_reader_errmsg(rd));
		exit(1);
	}
	return b->n;
}

static xf_reader *
open_items(const char *path)
{
	xf_reader	*rd;
	char		 err[256];

	if ((rd = xf_reader_open(path, XF_FORMAT_AUTO, NULL, err,
	    sizeof err)) == NULL) {
		fprintf(stderr, "model-bench: %s\n", err);
		exit(1);
	}
	return rd;
}

static void
usage(void)
{
	fprintf(stderr, "usage: model-bench [-l LEVEL] [-k FOLDS] FILE\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	static struct batch b;
	xf_reader	*rd;
	xf_record	*r;
	xf_model	*m, *m2;
	struct rusage	 ru;
	char		 err[256];
	const char	*got;
	size_t		 n = 0, i, learned = 0, held = 0, right = 0;
	size_t		 bytes = 0, size;
	double		 t, tlearn = 0, tpredict = 0, tprep, tsave, tload, conf;
	double		 sumconf = 0;
	void		*blob;
	int		 ch, level = 1, folds = 5;

	while ((ch = getopt(argc, argv, "k:l:")) != -1) {
		switch (ch) {
		case 'k':
			folds = atoi(optarg);
			break;
		case 'l':
			level = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1 || folds < 2 || level < 1)
		usage();
	if ((m = xf_model_new()) == NULL || (r = xf_record_new()) == NULL) {
		perror("model-bench");
		return 1;
	}

	rd = open_items(argv[0]);
	while (batch_read(rd, r, &b, level, folds, 0, &n) > 0) {
		t = now();
		for (i = 0; i < b.n; i++) {
			if (b.label[i] == NULL)
				continue;
			if (xf_model_learn(m, b.label[i], b.text[i],
			    b.len[i]) == -1) {
				fprintf(stderr, "model-bench: cannot learn\n");
				return 1;
			}
			learned++;
			bytes += b.len[i];
		}
		tlearn += now() - t;
	}
	xf_reader_close(rd);

	t = now();
	xf_model_predict(m, "", 0, &conf);
	tprep = now() - t;

	rd = open_items(argv[0]);
	n = 0;
	while (batch_read(rd, r, &b, level, folds, 1, &n) > 0) {
		t = now();
		for (i = 0; i < b.n; i++) {
			got = xf_model_predict(m, b.text[i], b.len[i], &conf);
			if (b.label[i] == NULL)
				continue;
			held++;
			sumconf += conf;
			if (got != NULL && strcmp(got, b.label[i]) == 0)
				right++;
		}
		tpredict += now() - t;
	}
	xf_reader_close(rd);
	batch_clear(&b);
	t = now();
	if (xf_model_save(m, &blob, &size) == -1) {
		fprintf(stderr, "model-bench: cannot save\n");
		return 1;
	}
	tsave = now() - t;
	t = now();
	if ((m2 = xf_model_load(blob, size, err, sizeof err)) == NULL) {
		fprintf(stderr, "model-bench: cannot load: %s\n", err);
		return 1;
	}
	tload = now() - t;
	getrusage(RUSAGE_SELF, &ru);

	printf("items %zu\n", n);
	printf("level %d\n", level);
	printf("labels %zu\n", xf_model_labels(m));
	printf("learned %zu\n", learned);
	printf("learn_bytes %zu\n", bytes);
	printf("learn_s %.3f\n", tlearn);
	printf("learn_per_s %.0f\n", tlearn > 0 ? learned / tlearn : 0);
	printf("prepare_s %.3f\n", tprep);
	printf("predicted %zu\n", n);
	printf("predict_s %.3f\n", tpredict);
	printf("predict_per_s %.0f\n", tpredict > 0 ? n / tpredict : 0);
	printf("held_out %zu\n", held);
	printf("accuracy %.4f\n", held > 0 ? (double)right / held : 0);
	printf("mean_confidence %.4f\n", held > 0 ? sumconf / held : 0);
	printf("model_bytes %zu\n", size);
	printf("save_s %.3f\n", tsave);
	printf("load_s %.3f\n", tload);
	printf("max_rss_mb %.1f\n", ru.ru_maxrss / 1024.0);
	free(blob);
	xf_model_free(m);
	xf_model_free(m2);
	xf_record_free(r);
	return 0;
}
