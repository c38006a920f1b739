/*
 * xf-intake - register petition items from CSV or NDJSON in the ledger
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define USAGE "[-hkn] [--actor NAME] [--bom] [--config FILE] [--db FILE]\n" \
	"\t[--dry-run] [--encoding ENC] [-f json|csv|table] [--header en|zh]\n" \
	"\t[--input-format auto|json|csv] [--keep-going] [--lang en|zh]\n" \
	"\t[--office CODE] [--reject FILE] [--reveal] [--version] [FILE ...]"

/* Without --keep-going, stop reading after this many bad records. */
#define MAX_ERRORS	100

enum { OPT_OFFICE = OPT_FIRST_PROGRAM_OPTION };

/* The rows of one file seen so far, by a 64-bit hash of their cells. */
struct seen {
	uint64_t	*hash;	/* 0 = empty slot */
	long		*line;
	size_t		 n;
	size_t		 cap;
};

struct intake {
	struct cmd	 c;
	xf_record	*in;
	xf_record	*item;
	xf_reader	*reader;	/* the file being read */
	FILE		*reject_fp;
	xf_writer	*reject;
	struct seen	 seen;
	long		 records;
	long		 registered;
	long		 duplicates;
	long		 rejected;
	int		 failed;	/* a fatal error: roll back */
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
seen_before(struct intake *t, const xf_record *r)
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
			cmd_die(&t->c, XF_EXIT_DATA, "out of memory");
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

/* A record that cannot be taken: say so, and keep it aside or fail. */
static void
bad(struct intake *t, const char *why)
{
	cmd_warn(&t->c, "%s:%ld: %s", xf_record_file(t->in),
	    xf_record_line(t->in), why);
	t->rejected++;
	if (t->reject_fp == NULL)
		return;
	/* Rejects are written in the format of the input. */
	if (t->reject == NULL && (t->reject = xf_writer_new_plain(
	    t->reject_fp, xf_reader_format(t->reader), XF_W_REVEAL)) == NULL)
		cmd_die(&t->c, XF_EXIT_DATA, "out of memory");
	if (xf_record_add(t->in, "error", 5, why, strlen(why), 0) == -1 ||
	    xf_writer_put(t->reject, t->in) == -1) {
		cmd_warn(&t->c, "%s: %s", t->c.reject, strerror(errno));
		t->failed = 1;
	}
}

static void
take(struct intake *t)
{
	char		 err[1024];
	const char	*existing, *ref;
	long		 line;
	int		 rc;

	/* A row with a ref is told apart by its ref, in the ledger. */
	ref = xf_record_get(t->in, XF_F_REF);
	if ((ref == NULL || *ref == '\0') &&
	    (line = seen_before(t, t->in)) != 0) {
		cmd_warn(&t->c, "%s:%ld: identical to line %ld, skipped",
		    xf_record_file(t->in), xf_record_line(t->in), line);
		t->duplicates++;
		return;
	}
	if (xf_item_normalize(t->c.set, t->in, t->item, err,
	    sizeof err) == -1) {
		bad(t, err);
		return;
	}
	if (t->c.keep_going && xf_ledger_mark(t->c.ledger) == -1) {
		cmd_warn(&t->c, "%s", xf_ledger_errmsg(t->c.ledger));
		t->failed = 1;
		return;
	}
	rc = xf_ledger_register(t->c.ledger, t->item, &existing);
	if (rc == XF_REG_ERROR) {
		snprintf(err, sizeof err, "%s", xf_ledger_errmsg(t->c.ledger));
		if (t->c.keep_going && xf_ledger_undo(t->c.ledger) == -1) {
			cmd_warn(&t->c, "%s", xf_ledger_errmsg(t->c.ledger));
			t->failed = 1;
		}
		bad(t, err);
		return;
	}
	if (t->c.keep_going && xf_ledger_release(t->c.ledger) == -1) {
		cmd_warn(&t->c, "%s", xf_ledger_errmsg(t->c.ledger));
		t->failed = 1;
		return;
	}
	if (rc == XF_REG_DUPLICATE) {
		cmd_warn(&t->c, "%s:%ld: ref '%s' already registered as %s, "
		    "skipped", xf_record_file(t->in), xf_record_line(t->in),
		    xf_record_get(t->item, XF_F_REF), existing);
		t->duplicates++;
		return;
	}
	t->registered++;
	/* Once the batch is bound to be rolled back, print no more. */
	if (t->rejected > 0 && !t->c.keep_going)
		return;
	if (cmd_put(&t->c, t->item) == -1)
		t->failed = 1;
}

static void
read_file(struct intake *t, const char *path)
{
	xf_reader	*r;
	char		 err[512];
	int		 rc = 0;

	t->reader = r = xf_reader_open(path, t->c.input_format,
	    t->c.encoding, err, sizeof err);
	if (r == NULL) {
		cmd_warn(&t->c, "%s: %s", path, err);
		t->failed = 1;
		return;
	}
	seen_reset(&t->seen);
	while (!t->failed && (rc = xf_reader_next(r, t->in)) == 1) {
		t->records++;
		cmd_progress(&t->c, r, t->records);
		take(t);
		if (!t->c.keep_going && t->rejected >= MAX_ERRORS) {
			cmd_warn(&t->c, "%s: too many bad records, stopping",
			    path);
			break;
		}
	}
	if (!t->failed && rc == -1) {
		cmd_warn(&t->c, "%s: %s%s", strcmp(path, "-") ? path : "-",
		    xf_reader_errmsg(r), t->c.keep_going ?
		    "; the rest of the file was not read" : "");
		t->rejected++;
	}
	xf_reader_close(r);
	t->reader = NULL;
}

static void
open_reject(struct intake *t)
{
	int	 fd;

	fd = open(t->c.reject, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600);
	if (fd == -1 || (t->reject_fp = fdopen(fd, "w")) == NULL)
		cmd_die(&t->c, XF_EXIT_DATA, "%s: %s", t->c.reject,
		    strerror(errno));
}

static int
close_reject(struct intake *t)
{
	int	 rc = 0;

	if (t->reject != NULL && xf_writer_finish(t->reject) == -1)
		rc = -1;
	if (t->reject_fp != NULL && fclose(t->reject_fp) != 0)
		rc = -1;
	if (rc == -1)
		cmd_warn(&t->c, "%s: %s", t->c.reject, strerror(errno));
	xf_writer_free(t->reject);
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CMD_OPTIONS, CMD_INPUT_OPTIONS, CMD_WRITE_OPTIONS,
		{ "office", required_argument, NULL, OPT_OFFICE },
		{ NULL, 0, NULL, 0 }
	};
	struct intake	 t = { 0 };
	const char	*office = NULL;
	int		 ch, i, status;

	cmd_init(&t.c, "xf-intake", USAGE);
	while ((ch = getopt_long(argc, argv, "f:hkn", longopts, NULL)) != -1) {
		if (cmd_option(&t.c, ch, optarg))
			continue;
		if (ch == OPT_OFFICE)
			office = optarg;
	}
	argc -= optind;
	argv += optind;
	if (t.c.reject != NULL && !t.c.keep_going)
		cmd_usage_error(&t.c, "--reject needs --keep-going");
	cmd_settings(&t.c);
	if (office != NULL && xf_settings_set_office(t.c.set, office) == -1)
		cmd_usage_error(&t.c, "--office '%s': letters and digits "
		    "only, at most 31", office);
	cmd_ledger(&t.c, 0);
	if ((t.in = xf_record_new()) == NULL ||
	    (t.item = xf_record_new()) == NULL)
		cmd_die(&t.c, XF_EXIT_DATA, "out of memory");
	if (t.c.reject != NULL)
		open_reject(&t);
	cmd_output(&t.c, 0);
	if (xf_ledger_begin(t.c.ledger) == -1)
		cmd_die(&t.c, XF_EXIT_DATA, "%s",
		    xf_ledger_errmsg(t.c.ledger));
	if (argc == 0)
		read_file(&t, "-");
	for (i = 0; i < argc && !t.failed; i++)
		read_file(&t, argv[i]);
	cmd_progress_end(&t.c);

	if (cmd_finish(&t.c) == -1 || (t.reject_fp != NULL &&
	    close_reject(&t) == -1))
		t.failed = 1;
	if (t.failed || (t.rejected > 0 && !t.c.keep_going) || t.c.dry_run) {
		if (xf_ledger_rollback(t.c.ledger) == -1)
			cmd_warn(&t.c, "%s", xf_ledger_errmsg(t.c.ledger));
		if (!t.c.dry_run || t.failed)
			cmd_warn(&t.c, "nothing registered: the batch was "
			    "rolled back");
	} else if (xf_ledger_commit(t.c.ledger) == -1) {
		cmd_warn(&t.c, "%s", xf_ledger_errmsg(t.c.ledger));
		t.failed = 1;
	}
	if (isatty(STDERR_FILENO))
		cmd_warn(&t.c, "%ld %sregistered, %ld duplicates, %ld "
		    "rejected", t.registered, t.c.dry_run ? "would be " : "",
		    t.duplicates, t.rejected);
	status = t.failed || t.rejected > 0 ? XF_EXIT_DATA : XF_EXIT_OK;
	seen_reset(&t.seen);
	xf_record_free(t.in);
	xf_record_free(t.item);
	cmd_free(&t.c);
	return status;
}
