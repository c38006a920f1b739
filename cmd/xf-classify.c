/*
 * xf-classify - classify cases (分类/甄别): category, purpose, the
 * 三到位一处理 class, risk and key case, by explicit values, keyword
 * rules, or a model learned from the ledger's own history
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define USAGE "[-hkn] [--set FIELD=VALUE ...] [--rules FILE] [--model]\n" \
	"\t[--min-confidence P] [--force] [--explain] [--unclassified FILE]\n" \
	"\t[--actor NAME] [--bom] [--config FILE] [--db FILE] [--dry-run]\n" \
	"\t[--encoding ENC] [-f json|csv|table|xlsx] [--header en|zh]\n" \
	"\t[--input-format auto|json|csv]\n" \
	"\t[--all-sheets] [--header-row N] [--sheet NAME|N] [--keep-going] [--lang en|zh]\n" \
	"\t[-o FILE] [--raw-csv] [--reject FILE] [--reveal] [--version]\n" \
	"\t[FILE ...]\n" \
	"       xf-classify --learn [-n] [--memory MB] [--actor NAME]\n" \
	"\t[--config FILE] [--db FILE] [-f json|csv|table|xlsx] [-o FILE]\n" \
	"       xf-classify --evaluate [--confusion | --calibration]\n" \
	"\t[--folds K] [--memory MB] [--min-confidence P] [--config FILE]\n" \
	"\t[--db FILE] [-f json|csv|table|xlsx] [-o FILE]"

enum {
	OPT_SET = OPT_FIRST_PROGRAM_OPTION, OPT_RULES, OPT_MODEL,
	OPT_MIN_CONFIDENCE, OPT_FORCE, OPT_EXPLAIN, OPT_UNCLASSIFIED,
	OPT_LEARN, OPT_EVALUATE, OPT_FOLDS, OPT_CONFUSION, OPT_CALIBRATION,
	OPT_MEMORY
};

/*
 * What the models learn: the category at levels 1 and 2, and the other
 * fields a person classifies; the name each is stored under.
 */
static const struct target {
	const char	*model;		/* its name in the ledger */
	const char	*key;		/* the column of a training row */
	enum xf_cfield	 field;
	int		 level;		/* of the category; 0: the value */
} targets[] = {
	{ "category-1", "category", XF_C_CATEGORY, 1 },
	{ "category-2", "category", XF_C_CATEGORY, 2 },
	{ "purpose", "purpose", XF_C_PURPOSE, 0 },
	{ "claim", "claim", XF_C_CLAIM, 0 },
	{ "risk", "risk", XF_C_RISK, 0 },
	{ "key_case", "key_case", XF_C_KEY_CASE, 0 },
};
#define NTARGETS	((int)(sizeof targets / sizeof targets[0]))

/* The examples a field other than the category needs to be learned. */
#define MIN_EXAMPLES	50

static void free_models(xf_model *[NTARGETS]);

enum pass { P_LEARN, P_UNLEARN, P_PREDICT };
struct counts;

/* Below this confidence the model's category is left for a person. */
#define MIN_CONFIDENCE	0.8

struct classify {
	struct xf_classifier	 cl;
	int			 explain;
	const char		*unclassified;	/* file, or NULL: stderr */
	FILE			*ufp;
	xf_writer		*uw;
	xf_record		*urec;
	long			 left;
};

/* ------------------------------------------------------------------ */
/* Classifying records                                                 */

/* Why a field has its value, for --explain. */
static void
explain(struct cmd_batch *b, struct classify *k, const char *id,
    const struct xf_class_result *res)
{
	const struct xf_classifier *cl = &k->cl;
	const char	*name, *v;
	int		 c, said = 0;

	for (c = 0; c < XF_C_COUNT; c++) {
		name = xf_field_name(xf_cfield_field(c));
		if ((v = res->value[c]) == NULL)
			continue;
		said = 1;
		if (res->kept[c]) {
			cmd_warn(b->c, "%s: %s: kept '%s' (set by a %s) over "
			    "'%s'%s%s (--force replaces it)", id, name,
			    xf_record_get(b->item, xf_cfield_field(c)),
			    xf_source_name(res->source[c]), v,
			    res->why[c] ? " of rule " : "",
			    res->why[c] ? res->why[c] : "");
		} else if (cl->set[c] != NULL)
			cmd_warn(b->c, "%s: %s '%s': given (--set)%s", id, name,
			    v, res->changed[c] ? "" : ", unchanged");
		else if (res->why[c] != NULL)
			cmd_warn(b->c, "%s: %s '%s': rule %s: %s%s", id, name,
			    v, res->why[c], res->pattern[c],
			    res->changed[c] ? "" : ", unchanged");
		else
			cmd_warn(b->c, "%s: %s '%s': model, confidence %.2f%s",
			    id, name, v, res->conf[c],
			    res->changed[c] ? "" : ", unchanged");
	}
	if (!said && cl->rules != NULL && !res->left)
		cmd_warn(b->c, "%s: no rule matched", id);
}

/* A case the model could not classify with confidence: for a person. */
static int
left_for_person(struct cmd_batch *b, struct classify *k, const char *id,
    const struct xf_class_result *res)
{
	const char	*title = xf_record_get(b->item, XF_F_TITLE);
	char		 conf[32];

	k->left++;
	snprintf(conf, sizeof conf, "%.4f", res->confidence);
	if (k->uw == NULL) {
		cmd_warn(b->c, "%s: left for a person: best guess '%s', "
		    "confidence %.2f below %.2f", id, res->guess ? res->guess :
		    "", res->confidence, k->cl.min_confidence);
		return 0;
	}
	xf_record_clear(k->urec);
	if (xf_record_add(k->urec, "id", 2, id, strlen(id), 0) == -1 ||
	    xf_record_add(k->urec, "title", 5, title ? title : "",
	    title ? strlen(title) : 0, 0) == -1 ||
	    xf_record_add(k->urec, "guess", 5, res->guess ? res->guess : "",
	    res->guess ? strlen(res->guess) : 0, 0) == -1 ||
	    xf_record_add(k->urec, "confidence", 10, conf, strlen(conf),
	    1) == -1)
		cmd_die(b->c, XF_EXIT_DATA, "out of memory");
	if (xf_writer_put(k->uw, k->urec) == -1) {
		cmd_warn(b->c, "%s: %s", k->unclassified, strerror(errno));
		return -1;
	}
	return 0;
}

static int
take(struct cmd_batch *b, void *arg)
{
	struct classify		*k = arg;
	struct xf_class_result	 res;
	const char		*id = cmd_record_id(b);
	enum xf_applied		 rc;

	if (id == NULL)
		return -1;
	rc = xf_ledger_classify(b->c->ledger, id, &k->cl, b->item, &res);
	if (rc == XF_APPLIED || rc == XF_ALREADY) {
		if (k->explain)
			explain(b, k, id, &res);
		if (res.left && left_for_person(b, k, id, &res) == -1)
			b->failed = 1;
	}
	return cmd_applied(b, id, rc);
}

static void pass(struct cmd *, xf_model *[NTARGETS], enum pass, int, int,
    struct counts *, double, long *);
static int enough(const xf_model *, int);
static void sampled(struct cmd *, xf_model *[NTARGETS]);

/*
 * The stored models, for --model.  One stored by an earlier version,
 * which this one does not read, is learned again from the ledger and
 * stored in its place, in the batch, with a message.
 */
static void
load_models(struct cmd *c, struct xf_classifier *cl, xf_model *m[NTARGETS])
{
	xf_model	*fresh[NTARGETS] = { NULL };
	long		 n = 0;
	int		 i, found = 0, old = 0, rc;

	for (i = 0; i < NTARGETS; i++) {
		rc = xf_ledger_model_get(c->ledger, targets[i].model, &m[i],
		    NULL, 0, NULL);
		if (rc == -1)
			cmd_die(c, XF_EXIT_DATA, "%s",
			    xf_ledger_errmsg(c->ledger));
		if (rc == 2) {
			cmd_warn(c, "%s: learning it again from the ledger",
			    xf_ledger_errmsg(c->ledger));
			if ((fresh[i] = xf_model_new()) == NULL)
				cmd_die(c, XF_EXIT_DATA, "out of memory");
			old = 1;
		}
		found += rc != 0;
	}
	if (old) {
		pass(c, fresh, P_LEARN, 0, 0, NULL, 0, &n);
		sampled(c, fresh);
	}
	for (i = 0; i < NTARGETS; i++) {
		if (fresh[i] != NULL && enough(fresh[i], i)) {
			if (xf_ledger_model_put(c->ledger, targets[i].model,
			    fresh[i]) == -1)
				cmd_die(c, XF_EXIT_DATA, "%s",
				    xf_ledger_errmsg(c->ledger));
			m[i] = fresh[i];
		} else
			xf_model_free(fresh[i]);
		if (targets[i].level > 0)
			cl->model[targets[i].level - 1] = m[i];
		else
			cl->fields[targets[i].field] = m[i];
	}
	if (found == 0)
		cmd_die(c, XF_EXIT_DATA, "no model in the ledger: "
		    "xf-classify --learn makes one");
}

static int
classify(struct cmd *c, struct classify *k, int use_model, int argc,
    char *argv[])
{
	struct cmd_batch b;
	xf_model	*m[NTARGETS] = { NULL };
	const char	*e;
	int		 status, i;

	if (k->unclassified != NULL) {
		k->ufp = cmd_create_private(c, k->unclassified);
		k->uw = xf_writer_new_plain(k->ufp, c->format ==
		    XF_FORMAT_CSV ? XF_FORMAT_CSV : XF_FORMAT_JSON, c->wflags);
		k->urec = xf_record_new();
		if (k->uw == NULL || k->urec == NULL)
			cmd_die(c, XF_EXIT_DATA, "out of memory");
		for (i = 0; (e = xf_settings_personal_column(c->set, i)) !=
		    NULL; i++)
			if (xf_writer_personal(k->uw, e) == -1)
				cmd_die(c, XF_EXIT_DATA, "out of memory");
	}
	cmd_batch_begin(&b, c, argc, argv);
	if (use_model)
		load_models(c, &k->cl, m);
	cmd_batch_read(&b, argc, argv, take, k);
	if (k->uw != NULL && (xf_writer_finish(k->uw) == -1 ||
	    fclose(k->ufp) != 0)) {
		cmd_warn(c, "%s: %s", k->unclassified, strerror(errno));
		b.failed = 1;
	}
	if (isatty(STDERR_FILENO))
		cmd_warn(c, "%ld %sclassified, %ld unchanged, %ld left for a "
		    "person, %ld rejected", b.done, c->dry_run ? "would be " :
		    "", b.already, k->left, b.rejected);
	status = cmd_batch_end(&b, "classified");
	xf_writer_free(k->uw);
	xf_record_free(k->urec);
	free_models(m);
	return status;
}

/* ------------------------------------------------------------------ */
/* Learning and evaluating                                             */

/* The first n levels of a path into buf; 0 if it has fewer. */
static int
levels(const char *path, int n, char *buf, size_t len)
{
	size_t	 i = 0;
	int	 seen = 1;

	for (; path[i] != '\0'; i++)
		if (path[i] == '/' && seen++ == n)
			break;
	if (seen < n || i >= len)
		return 0;
	memcpy(buf, path, i);
	buf[i] = '\0';
	return 1;
}

/* A growable text. */
struct text {
	char	*p;
	size_t	 len, cap;
};

static int
text_add(struct text *b, const char *s, size_t n)
{
	char	*p;

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		if ((p = realloc(b->p, b->cap)) == NULL)
			return -1;
		b->p = p;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* The text a model reads: title, a line break, content (as xf_ledger_classify). */
static const char *
model_text(const xf_record *row, struct text *b, size_t *len)
{
	const char	*t = xf_record_get_key(row, "title");
	const char	*s = xf_record_get_key(row, "content");

	b->len = 0;
	if (text_add(b, t ? t : "", t ? strlen(t) : 0) == -1 ||
	    text_add(b, "\n", 1) == -1 ||
	    text_add(b, s ? s : "", s ? strlen(s) : 0) == -1)
		return NULL;
	*len = b->len;
	return b->p;
}

static void count(struct cmd *, struct counts *, int target, int fold,
    const char *actual, const char *predicted, double conf,
    int confident);

/* The label of a target in a training row into buf: 0 if it has none. */
static int
target_label(const xf_record *row, int t, char *buf, size_t len)
{
	const char	*v = xf_record_get_key(row, targets[t].key);

	if (v == NULL || *v == '\0')
		return 0;
	if (targets[t].level > 0)
		return levels(v, targets[t].level, buf, len);
	return snprintf(buf, len, "%s", v) < (int)len;
}

/*
 * One pass over the items a person classified (of one fold when k > 0):
 * learn, forget, or predict and count, for every target.
 */
static void
pass(struct cmd *c, xf_model *m[NTARGETS], enum pass what, int k, int fold,
    struct counts *counts, double min_conf, long *n)
{
	xf_cursor	*cur;
	xf_record	*row;
	struct text	 text = { 0 };
	const char	*t, *p;
	char		 label[1024];
	size_t		 len;
	double		 conf;
	int		 rc, i;

	if ((cur = xf_ledger_training(c->ledger, k, fold)) == NULL)
		cmd_die(c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(c->ledger));
	if ((row = xf_record_new()) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	while ((rc = xf_cursor_next(cur, row)) == 1) {
		if ((t = model_text(row, &text, &len)) == NULL)
			cmd_die(c, XF_EXIT_DATA, "out of memory");
		if (target_label(row, 0, label, sizeof label))
			(*n)++;
		for (i = 0; i < NTARGETS; i++) {
			if (m[i] == NULL ||
			    !target_label(row, i, label, sizeof label))
				continue;
			if (what == P_LEARN)
				rc = xf_model_learn(m[i], label, t, len);
			else if (what == P_UNLEARN)
				rc = xf_model_unlearn(m[i], label, t, len);
			else {
				p = xf_model_predict(m[i], t, len, &conf);
				count(c, counts, i, fold, label, p ? p : "",
				    p ? conf : 0, p != NULL && conf >= min_conf);
				rc = 0;
			}
			if (rc == -1)
				cmd_die(c, XF_EXIT_DATA, "the model: out of "
				    "memory, or too many labels");
		}
	}
	if (rc == -1)
		cmd_die(c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(c->ledger));
	xf_cursor_free(cur);
	xf_record_free(row);
	free(text.p);
}

/* Say which models hold a sample of what they learned (xf.h). */
static void
sampled(struct cmd *c, xf_model *m[NTARGETS])
{
	uint64_t	 left;
	size_t		 held;
	int		 i;

	for (i = 0; i < NTARGETS; i++) {
		if (m[i] == NULL || (left = xf_model_left_out(m[i])) == 0 ||
		    !enough(m[i], i))
			continue;
		held = xf_model_examples(m[i]);
		cmd_warn(c, "%s: learned from %zu of %llu examples (a sample "
		    "that bounds the memory: --memory)",
		    targets[i].model, held,
		    (unsigned long long)(held + left));
	}
}

/* Models to learn, each holding at most mb MB of examples (0: 64). */
static void
new_models(struct cmd *c, xf_model *m[NTARGETS], size_t mb)
{
	int	 i;

	for (i = 0; i < NTARGETS; i++) {
		if ((m[i] = xf_model_new()) == NULL)
			cmd_die(c, XF_EXIT_DATA, "out of memory");
		if (mb > 0)
			xf_model_budget(m[i], mb << 20);
	}
}

static void
free_models(xf_model *m[NTARGETS])
{
	int	 i;

	for (i = 0; i < NTARGETS; i++)
		xf_model_free(m[i]);
}

/*
 * Whether a model has enough examples to be stored and used: the
 * category always (when it has any), another field from MIN_EXAMPLES
 * examples of at least two values.
 */
static int
enough(const xf_model *m, int t)
{
	if (targets[t].level > 0)
		return xf_model_examples(m) > 0;
	return xf_model_examples(m) >= MIN_EXAMPLES && xf_model_labels(m) >= 2;
}

/* A row of plain output: keys and values, raw (numbers) when marked. */
static void
put_row(struct cmd *c, xf_record *r, const char *const *kv, size_t n)
{
	size_t	 i;

	xf_record_clear(r);
	for (i = 0; i + 2 < n; i += 3)
		if (xf_record_add(r, kv[i], strlen(kv[i]), kv[i + 1],
		    strlen(kv[i + 1]), kv[i + 2] != NULL) == -1)
			cmd_die(c, XF_EXIT_DATA, "out of memory");
	if (cmd_put(c, r) == -1)
		cmd_die(c, XF_EXIT_DATA, "standard output: %s",
		    strerror(errno));
}

static int
learn(struct cmd *c, size_t mb)
{
	xf_model	*m[NTARGETS];
	xf_record	*r;
	char		 ex[32], lb[32];
	long		 n = 0;
	int		 i, status;

	cmd_ledger(c, 0);
	new_models(c, m, mb);
	/* Read, then take the writer's lock only to store the models. */
	pass(c, m, P_LEARN, 0, 0, NULL, 0, &n);
	if (n == 0)
		cmd_die(c, XF_EXIT_DATA, "no item whose category a person set: "
		    "nothing to learn from");
	sampled(c, m);
	if (xf_ledger_begin(c->ledger) == -1)
		cmd_die(c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(c->ledger));
	if ((r = xf_record_new()) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	cmd_output(c, 1);
	for (i = 0; i < NTARGETS; i++) {
		/* A field too few cases set now: its old model goes. */
		if (targets[i].level == 0 && !enough(m[i], i)) {
			if ((status = xf_ledger_model_drop(c->ledger,
			    targets[i].model)) == -1)
				cmd_die(c, XF_EXIT_DATA, "%s",
				    xf_ledger_errmsg(c->ledger));
			if (status == 1)
				cmd_warn(c, "%s: %zu cases a person set, to %zu "
				    "values (%d of at least two are needed): the "
				    "model learned before is removed",
				    targets[i].model, xf_model_examples(m[i]),
				    xf_model_labels(m[i]), MIN_EXAMPLES);
			continue;
		}
		if (enough(m[i], i) && xf_ledger_model_put(c->ledger,
		    targets[i].model, m[i]) == -1)
			cmd_die(c, XF_EXIT_DATA, "%s",
			    xf_ledger_errmsg(c->ledger));
		snprintf(ex, sizeof ex, "%zu", xf_model_examples(m[i]));
		snprintf(lb, sizeof lb, "%zu", xf_model_labels(m[i]));
		put_row(c, r, (const char *const[]){
		    "model", targets[i].model, NULL,
		    "examples", ex, "", "labels", lb, "" }, 9);
	}
	status = XF_EXIT_OK;
	if (c->dry_run ? xf_ledger_rollback(c->ledger) :
	    xf_ledger_commit(c->ledger)) {
		cmd_warn(c, "%s", xf_ledger_errmsg(c->ledger));
		status = XF_EXIT_DATA;
	}
	if (cmd_finish(c) == -1)
		status = XF_EXIT_DATA;
	xf_record_free(r);
	free_models(m);
	return status;
}

/*
 * The counts of an evaluation, per target: per actual label (items,
 * correct, confident, confident and correct, predicted as it), per pair
 * of actual and predicted label, per fold (items, correct) and per bin
 * of confidence (items, correct, the sum of the confidences).  Labels
 * are kept in arrays searched with a hash table; they are few.
 */
#define NBINS		10
#define MAXFOLDS	100

struct entry {
	char	*key;
	long	 n[5];
};

struct table {
	struct entry	*e;
	size_t		 n, cap;
	size_t		*slot;		/* index + 1, or 0 */
	size_t		 nslots;
};

struct tcounts {
	struct table	 label, pair;
	long		 fold[MAXFOLDS][2];
	long		 bin[NBINS][2];
	double		 binconf[NBINS];
};

struct counts {
	struct tcounts	 t[NTARGETS];
};

static int
rehash(struct table *t)
{
	size_t	 i, j, ns = t->nslots ? t->nslots * 2 : 256;
	size_t	*slot = calloc(ns, sizeof *slot);

	if (slot == NULL)
		return -1;
	for (i = 0; i < t->n; i++) {
		for (j = xf_hash(t->e[i].key, strlen(t->e[i].key)) &
		    (ns - 1); slot[j] != 0; j = (j + 1) & (ns - 1))
			;
		slot[j] = i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->nslots = ns;
	return 0;
}

static struct entry *
lookup(struct table *t, const char *key)
{
	struct entry	*e;
	size_t		 j;

	if ((t->n + 1) * 2 > t->nslots && rehash(t) == -1)
		return NULL;
	for (j = xf_hash(key, strlen(key)) & (t->nslots - 1);
	    t->slot[j] != 0; j = (j + 1) & (t->nslots - 1))
		if (strcmp(t->e[t->slot[j] - 1].key, key) == 0)
			return &t->e[t->slot[j] - 1];
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		if ((e = realloc(t->e, t->cap * sizeof *e)) == NULL)
			return NULL;
		t->e = e;
	}
	e = &t->e[t->n];
	memset(e, 0, sizeof *e);
	if ((e->key = strdup(key)) == NULL)
		return NULL;
	t->slot[j] = ++t->n;
	return e;
}

/* The bin of a confidence: [0, 0.1) is 0, ..., [0.9, 1] is 9. */
static int
bin_of(double conf)
{
	int	 b = (int)(conf * NBINS);

	return b < 0 ? 0 : b >= NBINS ? NBINS - 1 : b;
}

static void
count(struct cmd *c, struct counts *cs, int target, int fold,
    const char *actual, const char *predicted, double conf, int confident)
{
	struct tcounts	*tc = &cs->t[target];
	struct entry	*e;
	char		 pair[2100];
	int		 right = strcmp(actual, predicted) == 0, b;

	if ((e = lookup(&tc->label, actual)) == NULL)
		goto nomem;
	e->n[0]++;
	e->n[1] += right;
	e->n[2] += confident;
	e->n[3] += confident && right;
	if (*predicted != '\0') {
		if ((e = lookup(&tc->label, predicted)) == NULL)
			goto nomem;
		e->n[4]++;
	}
	snprintf(pair, sizeof pair, "%s\t%s", actual, predicted);
	if ((e = lookup(&tc->pair, pair)) == NULL)
		goto nomem;
	e->n[0]++;
	tc->fold[fold][0]++;
	tc->fold[fold][1] += right;
	b = bin_of(conf);
	tc->bin[b][0]++;
	tc->bin[b][1] += right;
	tc->binconf[b] += conf;
	return;
nomem:
	cmd_die(c, XF_EXIT_DATA, "out of memory");
}

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->key,
	    ((const struct entry *)b)->key);
}

static void
fraction(char *buf, size_t len, double num, double den)
{
	if (den == 0)
		buf[0] = '\0';
	else
		snprintf(buf, len, "%.4f", num / den);
}

/* The F1 of a label: 2 tp / (2 tp + fp + fn). */
static double
f1_of(const struct entry *e)
{
	double	 tp = (double)e->n[1];

	return tp == 0 ? 0 : 2 * tp / ((double)e->n[0] + (double)e->n[4]);
}

/*
 * The expected calibration error: the mean, weighted by items, of the
 * gap between the accuracy and the mean confidence of each bin.
 */
static double
ece_of(const struct tcounts *tc, long items)
{
	double	 sum = 0;
	int	 b;

	for (b = 0; b < NBINS; b++)
		sum += fabs((double)tc->bin[b][1] - tc->binconf[b]);
	return items > 0 ? sum / (double)items : 0;
}

/* The standard deviation of the accuracy of the folds (n - 1). */
static double
spread_of(const struct tcounts *tc, int folds)
{
	double	 mean = 0, ss = 0, a;
	int	 f, n = 0;

	for (f = 0; f < folds; f++)
		if (tc->fold[f][0] > 0) {
			mean += (double)tc->fold[f][1] / (double)tc->fold[f][0];
			n++;
		}
	if (n < 2)
		return 0;
	mean /= n;
	for (f = 0; f < folds; f++)
		if (tc->fold[f][0] > 0) {
			a = (double)tc->fold[f][1] / (double)tc->fold[f][0];
			ss += (a - mean) * (a - mean);
		}
	return sqrt(ss / (n - 1));
}

static void
report_confusion(struct cmd *c, xf_record *r, int t, struct table *pairs)
{
	const struct entry *e;
	const char	*tab;
	char		 n[32], actual[1100];
	size_t		 i;

	qsort(pairs->e, pairs->n, sizeof *pairs->e, entry_cmp);
	for (i = 0; i < pairs->n; i++) {
		e = &pairs->e[i];
		tab = strchr(e->key, '\t');
		snprintf(actual, sizeof actual, "%.*s", (int)(tab - e->key),
		    e->key);
		snprintf(n, sizeof n, "%ld", e->n[0]);
		put_row(c, r, (const char *const[]){
		    "model", targets[t].model, NULL,
		    "actual", actual, NULL,
		    "predicted", tab + 1, NULL,
		    "items", n, "" }, 12);
	}
}

static void
report_calibration(struct cmd *c, xf_record *r, int t,
    const struct tcounts *tc)
{
	char		 bin[32], n[2][32], conf[32], acc[32];
	int		 b, k;

	for (b = 0; b < NBINS; b++) {
		if (tc->bin[b][0] == 0)
			continue;
		snprintf(bin, sizeof bin, "%.1f-%.1f", (double)b / NBINS,
		    (double)(b + 1) / NBINS);
		for (k = 0; k < 2; k++)
			snprintf(n[k], sizeof n[k], "%ld", tc->bin[b][k]);
		fraction(conf, sizeof conf, tc->binconf[b],
		    (double)tc->bin[b][0]);
		fraction(acc, sizeof acc, (double)tc->bin[b][1],
		    (double)tc->bin[b][0]);
		put_row(c, r, (const char *const[]){
		    "model", targets[t].model, NULL,
		    "confidence", bin, NULL,
		    "items", n[0], "",
		    "correct", n[1], "",
		    "mean_confidence", conf, "",
		    "accuracy", acc, "" }, 18);
	}
}

static void
report_labels(struct cmd *c, xf_record *r, int t, struct tcounts *tc,
    int folds)
{
	struct table	*lt = &tc->label;
	struct entry	*e, all;
	char		 n[4][32], acc[32], cacc[32], f1[32], ece[32], sd[32];
	double		 macro = 0;
	size_t		 i;
	int		 k;

	qsort(lt->e, lt->n, sizeof *lt->e, entry_cmp);
	memset(&all, 0, sizeof all);
	for (i = 0; i < lt->n; i++) {
		for (k = 0; k < 4; k++)
			all.n[k] += lt->e[i].n[k];
		macro += f1_of(&lt->e[i]);
	}
	all.key = "(all)";
	for (i = 0; i <= lt->n; i++) {
		e = i == 0 ? &all : &lt->e[i - 1];
		if (e->n[0] == 0)
			continue;	/* predicted, never actual */
		for (k = 0; k < 4; k++)
			snprintf(n[k], sizeof n[k], "%ld", e->n[k]);
		fraction(acc, sizeof acc, (double)e->n[1], (double)e->n[0]);
		fraction(cacc, sizeof cacc, (double)e->n[3], (double)e->n[2]);
		fraction(f1, sizeof f1, i == 0 ? macro : f1_of(e),
		    i == 0 ? (double)lt->n : 1);
		ece[0] = sd[0] = '\0';
		if (i == 0) {
			snprintf(ece, sizeof ece, "%.4f",
			    ece_of(tc, all.n[0]));
			snprintf(sd, sizeof sd, "%.4f", spread_of(tc, folds));
		}
		put_row(c, r, (const char *const[]){
		    "model", targets[t].model, NULL,
		    "label", e->key, NULL,
		    "items", n[0], "",
		    "correct", n[1], "",
		    "accuracy", acc, "",
		    "f1", f1, "",
		    "confident", n[2], "",
		    "confident_correct", n[3], "",
		    "confident_accuracy", cacc, "",
		    "ece", ece, "",
		    "accuracy_sd", sd, "",
		}, 33);
	}
}

enum report { R_LABELS, R_CONFUSION, R_CALIBRATION };

static void
report(struct cmd *c, struct counts *cs, enum report what, int folds)
{
	xf_record	*r;
	int		 t;

	if ((r = xf_record_new()) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	for (t = 0; t < NTARGETS; t++) {
		if (cs->t[t].label.n == 0)
			continue;
		if (what == R_CONFUSION)
			report_confusion(c, r, t, &cs->t[t].pair);
		else if (what == R_CALIBRATION)
			report_calibration(c, r, t, &cs->t[t]);
		else
			report_labels(c, r, t, &cs->t[t], folds);
	}
	xf_record_free(r);
}

static void
counts_free(struct counts *cs)
{
	struct table	*tb;
	size_t		 i;
	int		 t, k;

	for (t = 0; t < NTARGETS; t++)
		for (k = 0; k < 2; k++) {
			tb = k == 0 ? &cs->t[t].label : &cs->t[t].pair;
			for (i = 0; i < tb->n; i++)
				free(tb->e[i].key);
			free(tb->e);
			free(tb->slot);
		}
}

/*
 * k-fold cross-validation: learn every item, then for each fold forget
 * its items, predict them, and learn them again.  Each item is
 * predicted by a model that never saw it.  A field with too few
 * examples to be learned (enough()) is not evaluated.
 */
static int
evaluate(struct cmd *c, int folds, double min_conf, enum report what,
    size_t mb)
{
	struct counts	*cs;
	xf_model	*m[NTARGETS];
	long		 n = 0, dummy = 0;
	int		 f, t, status;

	if ((cs = calloc(1, sizeof *cs)) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	cmd_ledger(c, XF_L_READONLY);
	new_models(c, m, mb);
	pass(c, m, P_LEARN, 0, 0, NULL, 0, &n);
	if (n == 0)
		cmd_die(c, XF_EXIT_DATA, "no item whose category a person set: "
		    "nothing to evaluate");
	sampled(c, m);
	for (t = 0; t < NTARGETS; t++)
		if (!enough(m[t], t)) {
			xf_model_free(m[t]);
			m[t] = NULL;
		}
	for (f = 0; f < folds; f++) {
		pass(c, m, P_UNLEARN, folds, f, NULL, 0, &dummy);
		pass(c, m, P_PREDICT, folds, f, cs, min_conf, &dummy);
		pass(c, m, P_LEARN, folds, f, NULL, 0, &dummy);
	}
	cmd_output(c, 1);
	report(c, cs, what, folds);
	status = cmd_finish(c) == -1 ? XF_EXIT_DATA : XF_EXIT_OK;
	counts_free(cs);
	free(cs);
	free_models(m);
	return status;
}

/* ------------------------------------------------------------------ */

/* --set FIELD=VALUE, checked once the settings are known. */
static void
set_value(struct cmd *c, struct xf_classifier *cl, char *arg)
{
	char	*eq = strchr(arg, '='), why[768], canon[1024];
	int	 f, k;

	if (eq == NULL)
		cmd_usage_error(c, "--set '%s': not FIELD=VALUE", arg);
	f = xf_field_find(arg, (size_t)(eq - arg));
	if ((k = xf_cfield_of(f)) < 0)
		cmd_usage_error(c, "--set: '%.*s': not category, purpose, "
		    "claim, risk or key_case", (int)(eq - arg), arg);
	if (xf_class_value(c->set, f, eq + 1, canon, sizeof canon, why,
	    sizeof why) == -1)
		cmd_usage_error(c, "--set: %s", why);
	if (cl->set[k] != NULL)
		cmd_usage_error(c, "--set: %s given twice", xf_field_name(f));
	if ((cl->set[k] = strdup(canon)) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
}

static double
confidence(struct cmd *c, const char *arg)
{
	char	*end;
	double	 p = strtod(arg, &end);

	if (*arg == '\0' || *end != '\0' || !(p >= 0 && p <= 1))
		cmd_usage_error(c, "--min-confidence '%s': not a number from "
		    "0 to 1", arg);
	return p;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CMD_OPTIONS, CMD_INPUT_OPTIONS, CMD_WRITE_OPTIONS,
		{ "calibration", no_argument, NULL, OPT_CALIBRATION },
		{ "confusion", no_argument, NULL, OPT_CONFUSION },
		{ "evaluate", no_argument, NULL, OPT_EVALUATE },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "folds", required_argument, NULL, OPT_FOLDS },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "learn", no_argument, NULL, OPT_LEARN },
		{ "memory", required_argument, NULL, OPT_MEMORY },
		{ "min-confidence", required_argument, NULL,
		    OPT_MIN_CONFIDENCE },
		{ "model", no_argument, NULL, OPT_MODEL },
		{ "rules", required_argument, NULL, OPT_RULES },
		{ "set", required_argument, NULL, OPT_SET },
		{ "unclassified", required_argument, NULL, OPT_UNCLASSIFIED },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd	 c;
	struct classify	 k;
	char		*sets[XF_C_COUNT * 4], err[768];
	const char	*rules = NULL;
	int		 ch, i, nsets = 0, use_model = 0, learning = 0;
	int		 evaluating = 0, folds = 5, status;
	enum report	 what = R_LABELS;
	int		 min_given = 0;
	size_t		 mb = 0;

	memset(&k, 0, sizeof k);
	k.cl.min_confidence = MIN_CONFIDENCE;
	cmd_init(&c, argv, "xf-classify", USAGE);
	while ((ch = getopt_long(argc, argv, "f:hkno:", longopts,
	    NULL)) != -1) {
		if (cmd_option(&c, ch, optarg))
			continue;
		switch (ch) {
		case OPT_SET:
			if (nsets == (int)(sizeof sets / sizeof sets[0]))
				cmd_usage_error(&c, "--set: too many");
			sets[nsets++] = optarg;
			break;
		case OPT_RULES:
			rules = optarg;
			break;
		case OPT_MODEL:
			use_model = 1;
			break;
		case OPT_MIN_CONFIDENCE:
			k.cl.min_confidence = confidence(&c, optarg);
			min_given = 1;
			break;
		case OPT_FORCE:
			k.cl.force = 1;
			break;
		case OPT_EXPLAIN:
			k.explain = 1;
			break;
		case OPT_UNCLASSIFIED:
			k.unclassified = optarg;
			break;
		case OPT_LEARN:
			learning = 1;
			break;
		case OPT_EVALUATE:
			evaluating = 1;
			break;
		case OPT_CONFUSION:
		case OPT_CALIBRATION:
			if (what != R_LABELS)
				cmd_usage_error(&c, "--confusion and "
				    "--calibration exclude each other");
			what = ch == OPT_CONFUSION ? R_CONFUSION :
			    R_CALIBRATION;
			break;
		case OPT_FOLDS:
			folds = (int)cmd_number(&c, "--folds", optarg, 2, 100,
			    "a number from 2 to 100");
			break;
		case OPT_MEMORY:
			mb = (size_t)cmd_number(&c, "--memory", optarg, 1,
			    65536, "a number of MB from 1 to 65536");
			break;
		default:
			fprintf(stderr, "usage: xf-classify %s\n", USAGE);
			exit(XF_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (learning + evaluating > 1)
		cmd_usage_error(&c, "--learn and --evaluate exclude each other");
	if ((learning || evaluating) && (nsets > 0 || rules != NULL ||
	    use_model || k.cl.force || k.explain || k.unclassified != NULL ||
	    argc > 0 || c.keep_going || c.reject != NULL))
		cmd_usage_error(&c, "%s reads the ledger, not records: no "
		    "--set, --rules, --model, --force, --explain, "
		    "--unclassified, --keep-going or files", learning ?
		    "--learn" : "--evaluate");
	if (!learning && !evaluating && mb > 0)
		cmd_usage_error(&c, "--memory goes with --learn or --evaluate");
	if (!evaluating && (what != R_LABELS || folds != 5))
		cmd_usage_error(&c, "--confusion, --calibration and --folds "
		    "go with --evaluate");
	if (learning && min_given)
		cmd_usage_error(&c, "--min-confidence goes with --model or "
		    "--evaluate");
	if (!learning && !evaluating && nsets == 0 && rules == NULL &&
	    !use_model)
		cmd_usage_error(&c, "nothing to do: --set, --rules, --model, "
		    "--learn or --evaluate");
	if (!use_model && !evaluating && (min_given ||
	    k.unclassified != NULL))
		cmd_usage_error(&c, "--min-confidence and --unclassified go "
		    "with --model");
	cmd_settings(&c);
	if (learning) {
		status = learn(&c, mb);
		cmd_free(&c);
		return status;
	}
	if (evaluating) {
		status = evaluate(&c, folds, k.cl.min_confidence, what, mb);
		cmd_free(&c);
		return status;
	}
	for (i = 0; i < nsets; i++)
		set_value(&c, &k.cl, sets[i]);
	if (rules != NULL && (k.cl.rules = xf_rules_new(rules, c.set, err,
	    sizeof err)) == NULL)
		cmd_die(&c, XF_EXIT_CONFIG, "%s", err);
	status = classify(&c, &k, use_model, argc, argv);
	xf_rules_free(k.cl.rules);
	for (i = 0; i < XF_C_COUNT; i++)
		free((char *)k.cl.set[i]);
	cmd_free(&c);
	return status;
}
