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
	"       xf-classify --learn [-n] [--actor NAME] [--config FILE]\n" \
	"\t[--db FILE] [-f json|csv|table|xlsx] [-o FILE]\n" \
	"       xf-classify --evaluate [--confusion] [--folds K]\n" \
	"\t[--min-confidence P] [--config FILE] [--db FILE]\n" \
	"\t[-f json|csv|table|xlsx] [-o FILE]"

enum {
	OPT_SET = OPT_FIRST_PROGRAM_OPTION, OPT_RULES, OPT_MODEL,
	OPT_MIN_CONFIDENCE, OPT_FORCE, OPT_EXPLAIN, OPT_UNCLASSIFIED,
	OPT_LEARN, OPT_EVALUATE, OPT_FOLDS, OPT_CONFUSION
};

/* The names of the stored models, by level of the category. */
static const char *const model_names[2] = { "category-1", "category-2" };

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
			    id, name, v, res->confidence,
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

/* The stored models, for --model. */
static void
load_models(struct cmd *c, struct xf_classifier *cl, xf_model *m[2])
{
	int	 i, found = 0, rc;

	for (i = 0; i < 2; i++) {
		rc = xf_ledger_model_get(c->ledger, model_names[i], &m[i],
		    NULL, 0, NULL);
		if (rc == -1)
			cmd_die(c, XF_EXIT_DATA, "%s",
			    xf_ledger_errmsg(c->ledger));
		found += rc;
		cl->model[i] = m[i];
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
	xf_model	*m[2] = { NULL, NULL };
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
	xf_model_free(m[0]);
	xf_model_free(m[1]);
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

enum pass { P_LEARN, P_UNLEARN, P_PREDICT };

struct counts;
static void count(struct cmd *, struct counts *, int level,
    const char *actual, const char *predicted, int confident);

/*
 * One pass over the items a person classified (of one fold when k > 0):
 * learn, forget, or predict and count, at both levels.
 */
static void
pass(struct cmd *c, xf_model *m[2], enum pass what, int k, int fold,
    struct counts *counts, double min_conf, long *n)
{
	xf_cursor	*cur;
	xf_record	*row;
	struct text	 text = { 0 };
	const char	*t, *cat, *p;
	char		 label[1024];
	size_t		 len;
	double		 conf;
	int		 rc, lv;

	if ((cur = xf_ledger_training(c->ledger, k, fold)) == NULL)
		cmd_die(c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(c->ledger));
	if ((row = xf_record_new()) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	while ((rc = xf_cursor_next(cur, row)) == 1) {
		cat = xf_record_get_key(row, "category");
		if ((t = model_text(row, &text, &len)) == NULL)
			cmd_die(c, XF_EXIT_DATA, "out of memory");
		(*n)++;
		for (lv = 0; lv < 2; lv++) {
			if (!levels(cat, lv + 1, label, sizeof label))
				continue;
			if (what == P_LEARN)
				rc = xf_model_learn(m[lv], label, t, len);
			else if (what == P_UNLEARN)
				rc = xf_model_unlearn(m[lv], label, t, len);
			else {
				p = xf_model_predict(m[lv], t, len, &conf);
				count(c, counts, lv, label, p ? p : "",
				    p != NULL && conf >= min_conf);
				rc = 0;
			}
			if (rc == -1)
				cmd_die(c, XF_EXIT_DATA, "the model: out of "
				    "memory, or too many categories");
		}
	}
	if (rc == -1)
		cmd_die(c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(c->ledger));
	xf_cursor_free(cur);
	xf_record_free(row);
	free(text.p);
}

static void
new_models(struct cmd *c, xf_model *m[2])
{
	if ((m[0] = xf_model_new()) == NULL || (m[1] = xf_model_new()) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
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
learn(struct cmd *c)
{
	xf_model	*m[2];
	xf_record	*r;
	char		 ex[32], lb[32], at[32];
	long		 n = 0;
	int		 i, status;

	cmd_ledger(c, 0);
	new_models(c, m);
	/* Read, then take the writer's lock only to store the models. */
	pass(c, m, P_LEARN, 0, 0, NULL, 0, &n);
	if (n == 0)
		cmd_die(c, XF_EXIT_DATA, "no item whose category a person set: "
		    "nothing to learn from");
	if (xf_ledger_begin(c->ledger) == -1)
		cmd_die(c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(c->ledger));
	if ((r = xf_record_new()) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	cmd_output(c, 1);
	for (i = 0; i < 2; i++) {
		if (xf_model_examples(m[i]) > 0 &&
		    xf_ledger_model_put(c->ledger, model_names[i], m[i]) == -1)
			cmd_die(c, XF_EXIT_DATA, "%s",
			    xf_ledger_errmsg(c->ledger));
		snprintf(ex, sizeof ex, "%zu", xf_model_examples(m[i]));
		snprintf(lb, sizeof lb, "%zu", xf_model_labels(m[i]));
		snprintf(at, sizeof at, "%d", i + 1);
		put_row(c, r, (const char *const[]){ "model", model_names[i],
		    NULL, "level", at, "", "examples", ex, "",
		    "categories", lb, "" }, 12);
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
	xf_model_free(m[0]);
	xf_model_free(m[1]);
	return status;
}

/*
 * The counts of an evaluation: per level, per actual category (items,
 * correct, confident, confident and correct), and per pair of actual
 * and predicted category.  Kept in arrays searched with a hash table;
 * categories are few.
 */
struct entry {
	char	*key;
	long	 n[4];
};

struct table {
	struct entry	*e;
	size_t		 n, cap;
	size_t		*slot;		/* index + 1, or 0 */
	size_t		 nslots;
};

struct counts {
	struct table	 cat[2];
	struct table	 pair[2];
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

static void
count(struct cmd *c, struct counts *cs, int level, const char *actual,
    const char *predicted, int confident)
{
	struct entry	*e;
	char		 pair[2100];
	int		 right = strcmp(actual, predicted) == 0;

	if ((e = lookup(&cs->cat[level], actual)) == NULL)
		goto nomem;
	e->n[0]++;
	e->n[1] += right;
	e->n[2] += confident;
	e->n[3] += confident && right;
	snprintf(pair, sizeof pair, "%s\t%s", actual, predicted);
	if ((e = lookup(&cs->pair[level], pair)) == NULL)
		goto nomem;
	e->n[0]++;
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
fraction(char *buf, size_t len, long num, long den)
{
	if (den == 0)
		buf[0] = '\0';
	else
		snprintf(buf, len, "%.4f", (double)num / (double)den);
}

static void
report(struct cmd *c, struct counts *cs, int confusion)
{
	xf_record	*r;
	struct entry	*e, all;
	char		 lv[16], n[4][32], acc[32], cacc[32], actual[1100];
	const char	*tab;
	size_t		 i;
	int		 level, k;

	if ((r = xf_record_new()) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	for (level = 0; level < 2; level++) {
		struct table *t = confusion ? &cs->pair[level] :
		    &cs->cat[level];

		snprintf(lv, sizeof lv, "%d", level + 1);
		qsort(t->e, t->n, sizeof *t->e, entry_cmp);
		if (confusion) {
			for (i = 0; i < t->n; i++) {
				e = &t->e[i];
				tab = strchr(e->key, '\t');
				snprintf(actual, sizeof actual, "%.*s",
				    (int)(tab - e->key), e->key);
				snprintf(n[0], sizeof n[0], "%ld", e->n[0]);
				put_row(c, r, (const char *const[]){
				    "level", lv, "",
				    "actual", actual, NULL,
				    "predicted", tab + 1, NULL,
				    "items", n[0], "" }, 12);
			}
			continue;
		}
		if (t->n == 0)
			continue;
		memset(&all, 0, sizeof all);
		for (i = 0; i < t->n; i++)
			for (k = 0; k < 4; k++)
				all.n[k] += t->e[i].n[k];
		all.key = "(all)";
		for (i = 0; i <= t->n; i++) {
			e = i == 0 ? &all : &t->e[i - 1];
			for (k = 0; k < 4; k++)
				snprintf(n[k], sizeof n[k], "%ld", e->n[k]);
			fraction(acc, sizeof acc, e->n[1], e->n[0]);
			fraction(cacc, sizeof cacc, e->n[3], e->n[2]);
			put_row(c, r, (const char *const[]){
			    "level", lv, "",
			    "category", e->key, NULL,
			    "items", n[0], "",
			    "correct", n[1], "",
			    "accuracy", acc, "",
			    "confident", n[2], "",
			    "confident_correct", n[3], "",
			    "confident_accuracy", cacc, "",
			}, 24);
		}
	}
	xf_record_free(r);
}

static void
counts_free(struct counts *cs)
{
	struct table	*t;
	size_t		 i;
	int		 k;

	for (k = 0; k < 4; k++) {
		t = k < 2 ? &cs->cat[k] : &cs->pair[k - 2];
		for (i = 0; i < t->n; i++)
			free(t->e[i].key);
		free(t->e);
		free(t->slot);
	}
}

/*
 * k-fold cross-validation: learn every item, then for each fold forget
 * its items, predict them, and learn them again.  Each item is
 * predicted by a model that never saw it.
 */
static int
evaluate(struct cmd *c, int folds, double min_conf, int confusion)
{
	struct counts	 cs;
	xf_model	*m[2];
	long		 n = 0, dummy = 0;
	int		 f, status;

	memset(&cs, 0, sizeof cs);
	cmd_ledger(c, XF_L_READONLY);
	new_models(c, m);
	pass(c, m, P_LEARN, 0, 0, NULL, 0, &n);
	if (n == 0)
		cmd_die(c, XF_EXIT_DATA, "no item whose category a person set: "
		    "nothing to evaluate");
	for (f = 0; f < folds; f++) {
		pass(c, m, P_UNLEARN, folds, f, NULL, 0, &dummy);
		pass(c, m, P_PREDICT, folds, f, &cs, min_conf, &dummy);
		pass(c, m, P_LEARN, folds, f, NULL, 0, &dummy);
	}
	cmd_output(c, 1);
	report(c, &cs, confusion);
	status = cmd_finish(c) == -1 ? XF_EXIT_DATA : XF_EXIT_OK;
	counts_free(&cs);
	xf_model_free(m[0]);
	xf_model_free(m[1]);
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
		{ "confusion", no_argument, NULL, OPT_CONFUSION },
		{ "evaluate", no_argument, NULL, OPT_EVALUATE },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "folds", required_argument, NULL, OPT_FOLDS },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "learn", no_argument, NULL, OPT_LEARN },
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
	char		*sets[XF_C_COUNT * 4], *end, err[768];
	const char	*rules = NULL;
	int		 ch, i, nsets = 0, use_model = 0, learning = 0;
	int		 evaluating = 0, folds = 5, confusion = 0, status;
	int		 min_given = 0;
	long		 v;

	memset(&k, 0, sizeof k);
	k.cl.min_confidence = MIN_CONFIDENCE;
	cmd_init(&c, "xf-classify", USAGE);
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
			confusion = 1;
			break;
		case OPT_FOLDS:
			v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v < 2 || v > 100)
				cmd_usage_error(&c, "--folds '%s': not a "
				    "number from 2 to 100", optarg);
			folds = (int)v;
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
	if (!evaluating && (confusion || folds != 5))
		cmd_usage_error(&c, "--confusion and --folds go with "
		    "--evaluate");
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
		status = learn(&c);
		cmd_free(&c);
		return status;
	}
	if (evaluating) {
		status = evaluate(&c, folds, k.cl.min_confidence, confusion);
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
