/*
 * xf-intake - register petition items from CSV or NDJSON in the ledger
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define USAGE "[-hkn] [--actor NAME] [--bom] [--config FILE] [--db FILE]\n" \
	"\t[--dry-run] [--encoding ENC] [-f json|csv|table|xlsx]\n" \
	"\t[--header en|zh] [--input-format auto|json|csv]\n" \
	"\t[--all-sheets] [--header-row N] [--sheet NAME|N] [--keep-going]\n" \
	"\t[--lang en|zh] [-o FILE] [--office CODE] [--raw-csv]\n" \
	"\t[--reject FILE] [--reveal] [--version] [FILE ...]"

enum { OPT_OFFICE = OPT_FIRST_PROGRAM_OPTION };

/* The rows of one file seen so far, by a 64-bit hash of their cells. */
struct seen {
	uint64_t	*hash;	/* 0 = empty slot */
	long		*line;
	size_t		 n;
	size_t		 cap;
};

struct intake {
	struct seen	 seen;
	int		 file_no;	/* the file the rows seen are from */
};

static uint64_t
row_hash(const xf_record *r)
{
	uint64_t	 h = 14695981039346656037ULL;
	size_t		 i, j, len;
	const char	*v;

	for (i = 0; i < xf_record_count(r); i++) {
		v = xf_record_value(r, i, &len);
		for (j = 0; j < len; j++)
			h = (h ^ (unsigned char)v[j]) * 1099511628211ULL;
		h = (h ^ 0x1f) * 1099511628211ULL;	/* cell separator */
	}
	return h ? h : 1;
}

/* The line of an identical earlier row, or 0 (and remember this one). */
static long
seen_before(struct cmd_batch *b, struct intake *t, const xf_record *r)
{
	struct seen	*s = &t->seen;
	uint64_t	 h = row_hash(r);
	size_t		 i, k, cap;

	if (s->n * 2 >= s->cap) {
		struct seen	 g;

		cap = s->cap ? s->cap * 2 : 4096;
		g.hash = calloc(cap, sizeof *g.hash);
		g.line = calloc(cap, sizeof *g.line);
		if (g.hash == NULL || g.line == NULL)
			cmd_die(b->c, XF_EXIT_DATA, "out of memory");
		for (i = 0; i < s->cap; i++) {
			if (s->hash[i] == 0)
				continue;
			for (k = s->hash[i] & (cap - 1); g.hash[k] != 0;
			    k = (k + 1) & (cap - 1))
				;
			g.hash[k] = s->hash[i];
			g.line[k] = s->line[i];
		}
		free(s->hash);
		free(s->line);
		s->hash = g.hash;
		s->line = g.line;
		s->cap = cap;
	}
	for (k = h & (s->cap - 1); s->hash[k] != 0; k = (k + 1) & (s->cap - 1))
		if (s->hash[k] == h)
			return s->line[k];
	s->hash[k] = h;
	s->line[k] = xf_record_line(r);
	s->n++;
	return 0;
}

static void
seen_reset(struct seen *s)
{
	free(s->hash);
	free(s->line);
	memset(s, 0, sizeof *s);
}

static int
take(struct cmd_batch *b, void *arg)
{
	struct intake	*t = arg;
	char		 err[1024];
	const char	*existing, *ref;
	long		 line;
	int		 rc;

	/* Identical rows are looked for within one file. */
	if (t->file_no != b->file_no) {
		seen_reset(&t->seen);
		t->file_no = b->file_no;
	}
	/* A row with a ref is told apart by its ref, in the ledger. */
	ref = xf_record_get(b->in, XF_F_REF);
	if ((ref == NULL || *ref == '\0') &&
	    (line = seen_before(b, t, b->in)) != 0) {
		cmd_warn(b->c, "%s: identical to %s %ld, skipped",
		    cmd_where(b, -1), xf_record_sheet(b->in) != NULL ? "row" :
		    "line", line);
		b->already++;
		return 1;
	}
	if (xf_item_normalize(b->c->set, b->in, b->item, err,
	    sizeof err) == -1) {
		cmd_reject(b, err);
		return -1;
	}
	rc = xf_ledger_register(b->c->ledger, b->item, &existing);
	if (rc == XF_REG_CONFIG) {
		cmd_warn(b->c, "%s: %s", cmd_where(b, -1),
		    xf_ledger_errmsg(b->c->ledger));
		b->failed = XF_EXIT_CONFIG;
		return -1;
	}
	if (rc == XF_REG_ERROR) {
		cmd_reject(b, xf_ledger_errmsg(b->c->ledger));
		return -1;
	}
	if (rc == XF_REG_DUPLICATE) {
		cmd_warn(b->c, "%s: ref '%s' already registered as %s, "
		    "skipped", cmd_where(b, XF_F_REF),
		    xf_record_get(b->item, XF_F_REF), existing);
		b->already++;
		return 1;
	}
	b->done++;
	/* Once the batch is bound to be rolled back, print no more. */
	if ((b->rejected == 0 || b->c->keep_going) &&
	    cmd_put(b->c, b->item) == -1)
		b->failed = 1;
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CMD_OPTIONS, CMD_INPUT_OPTIONS, CMD_WRITE_OPTIONS,
		{ "office", required_argument, NULL, OPT_OFFICE },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd	 c;
	struct cmd_batch b;
	struct intake	 t = { 0 };
	const char	*office = NULL;
	int		 ch, status;

	cmd_init(&c, "xf-intake", USAGE);
	while ((ch = getopt_long(argc, argv, "f:hkno:", longopts,
	    NULL)) != -1) {
		if (cmd_option(&c, ch, optarg))
			continue;
		if (ch == OPT_OFFICE)
			office = optarg;
	}
	argc -= optind;
	argv += optind;
	cmd_settings(&c);
	if (office != NULL && xf_settings_set_office(c.set, office) == -1)
		cmd_usage_error(&c, "--office '%s': letters and digits "
		    "only, at most 31", office);
	cmd_batch_begin(&b, &c, argc, argv);
	cmd_batch_read(&b, argc, argv, take, &t);
	if (isatty(STDERR_FILENO))
		cmd_warn(&c, "%ld %sregistered, %ld duplicates, %ld "
		    "rejected", b.done, c.dry_run ? "would be " : "",
		    b.already, b.rejected);
	status = cmd_batch_end(&b, "registered");
	seen_reset(&t.seen);
	cmd_free(&c);
	return status;
}
