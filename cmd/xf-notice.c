/*
 * xf-notice - the papers of a case (文书): the notices, opinions and
 * receipts its decisions call for, from the office's templates, with
 * their numbers (文号); their delivery (送达); the papers owed
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define USAGE "[-hkn] [--doc KIND] [--docx | --pdf]\n" \
	"\t[--reissue --reason TEXT]\n" \
	"\t[--delivered DATE --doc KIND --method " \
	"in-person|post|online|announcement\n" \
	"\t[--refused-to-sign]] [--owed] [--actor NAME] [--config FILE]\n" \
	"\t[--db FILE] [--dir DIR] [--dry-run] [--encoding ENC]\n" \
	"\t[--input-format auto|json|csv]\n" \
	"\t[--all-sheets] [--header-row N] [--sheet NAME|N] [--keep-going]\n" \
	"\t[-o FILE] [--reject FILE] [--version] [FILE ...]"

enum {
	OPT_DOC = OPT_FIRST_PROGRAM_OPTION, OPT_REISSUE, OPT_REASON,
	OPT_DELIVERED, OPT_METHOD, OPT_REFUSED_TO_SIGN, OPT_OWED, OPT_DIR,
	OPT_DOCX, OPT_PDF
};

struct notice {
	int		 kind;		/* --doc, or XF_DOC_COUNT */
	const char	*reason;	/* --reissue --reason */
	const char	*dir;		/* --dir */
	xf_template	*t[XF_DOC_COUNT];
	int		 docx;		/* --docx: the office's .docx */
	int		 pdf;		/* --pdf: through Chromium */
	xf_docx		*dx[XF_DOC_COUNT];
	FILE		*html;		/* --pdf: the HTML of the run */
	char		 html_path[PATH_MAX];
	int		 printed;	/* documents on standard output */
	char		**files;	/* --dir: temporary, final, ... */
	size_t		 nfiles;	/* names in files */
	size_t		 cap;
};

/* The template of kind, loaded once; NULL after a message. */
static xf_template *
template(struct cmd *c, struct notice *n, enum xf_doc kind)
{
	char	 err[1024];

	if (n->t[kind] == NULL &&
	    (n->t[kind] = xf_template_new(c->set, kind, err, sizeof err)) ==
	    NULL)
		cmd_warn(c, "%s", err);
	return n->t[kind];
}

/* The office's .docx of kind, TEMPLATE_DIR/KIND.docx; NULL after a message. */
static xf_docx *
docx(struct cmd *c, struct notice *n, enum xf_doc kind)
{
	const char	*dir = xf_settings_doc(c->set, "template_dir");
	char		 err[1024], path[PATH_MAX];

	if (n->dx[kind] != NULL)
		return n->dx[kind];
	snprintf(path, sizeof path, "%s/%s.docx", dir, xf_doc_name(kind));
	if ((n->dx[kind] = xf_docx_open(path, err, sizeof err)) == NULL)
		cmd_warn(c, "%s", err);
	return n->dx[kind];
}

/* The Chromium to print with: $XF_CHROMIUM, or one on the PATH. */
static const char *
chromium(void)
{
	static const char *const names[] = {
		"chromium", "chromium-browser", "google-chrome", NULL
	};
	static char	 found[PATH_MAX];
	const char	*path = getenv("PATH"), *p, *e, *env;
	int		 i;

	if ((env = getenv("XF_CHROMIUM")) != NULL && *env != '\0')
		return env;
	for (i = 0; names[i] != NULL; i++)
		for (p = path; p != NULL && *p != '\0'; p = *e ? e + 1 : e) {
			e = strchr(p, ':');
			if (e == NULL)
				e = p + strlen(p);
			snprintf(found, sizeof found, "%.*s/%s", (int)(e - p),
			    p, names[i]);
			if (access(found, X_OK) == 0)
				return found;
		}
	return NULL;
}

/*
 * The HTML file at html printed to the PDF file at pdf by headless
 * Chromium (as root without its sandbox, which needs a user); 0, or
 * -1 after a message.
 */
static int
print_pdf(struct cmd *c, const char *html, const char *pdf)
{
	const char	*bin = chromium();
	char		 url[PATH_MAX + 8], out[PATH_MAX + 16], abs[PATH_MAX];
	struct stat	 st;
	pid_t		 pid;
	int		 status, fd;

	if (bin == NULL) {
		cmd_warn(c, "--pdf: no Chromium (chromium, chromium-browser, "
		    "google-chrome, or $XF_CHROMIUM): install Debian's "
		    "chromium");
		return -1;
	}
	if (realpath(html, abs) == NULL) {
		cmd_warn(c, "%s: %s", html, strerror(errno));
		return -1;
	}
	snprintf(url, sizeof url, "file://%s", abs);
	snprintf(out, sizeof out, "--print-to-pdf=%s", pdf);
	unlink(pdf);
	if ((pid = fork()) == -1) {
		cmd_warn(c, "--pdf: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		/* The PDF may hold personal data: its owner's only. */
		umask(077);
		/* Chromium talks on both: only the PDF matters. */
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, STDIN_FILENO);
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		if (geteuid() == 0)
			execl(bin, bin, "--headless", "--no-sandbox",
			    "--disable-gpu", "--no-pdf-header-footer",
			    out, url, (char *)NULL);
		else
			execl(bin, bin, "--headless", "--disable-gpu",
			    "--no-pdf-header-footer", out, url, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			cmd_warn(c, "--pdf: %s", strerror(errno));
			return -1;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    stat(pdf, &st) == -1 || st.st_size == 0) {
		cmd_warn(c, "--pdf: %s did not print %s (status %d)", bin, pdf,
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	return 0;
}

/* Copy the file at path to standard output; 0, or -1. */
static int
cat_file(struct cmd *c, const char *path)
{
	char	 buf[65536];
	size_t	 k;
	FILE	*in;
	int	 rc = 0;

	if ((in = fopen(path, "rb")) == NULL) {
		cmd_warn(c, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (!c->out_gone && (k = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, k, stdout) != k) {
			rc = cmd_output_failed(c);
			break;
		}
	fclose(in);
	return rc;
}

/* A temporary file named with suffix, in TMPDIR: open, or NULL. */
static FILE *
tmp_named(struct cmd *c, char *path, size_t len, const char *suffix)
{
	const char	*dir = getenv("TMPDIR");
	int		 fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	snprintf(path, len, "%s/xf-notice.XXXXXX%s", dir, suffix);
	if ((fd = mkstemps(path, (int)strlen(suffix))) == -1) {
		cmd_warn(c, "a temporary file: %s", strerror(errno));
		return NULL;
	}
	return fdopen(fd, "w");
}

/*
 * --dir: a new file (mode 0600) for final, under a temporary name in
 * its directory, put in place by dir_end() once the batch is kept;
 * NULL after a message.
 */
static FILE *
dir_file(struct cmd *c, struct notice *n, const char *final, char *tmp,
    size_t len)
{
	const char	*base = strrchr(final, '/') + 1;
	char		**f;
	FILE		*fp;
	int		 fd;

	snprintf(tmp, len, "%.*s.%s.XXXXXX", (int)(base - final), final,
	    base);
	if ((f = reallocarray(n->files, n->nfiles + 2, sizeof *f)) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	n->files = f;
	if ((fd = mkstemp(tmp)) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		cmd_warn(c, "%s: %s", final, strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(tmp);
		}
		return NULL;
	}
	if ((f[n->nfiles] = strdup(tmp)) == NULL ||
	    (f[n->nfiles + 1] = strdup(final)) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	n->nfiles += 2;
	return fp;
}

/*
 * The files of --dir put in place when the batch was kept, else
 * removed: no file holds a number the ledger does not.  0, or -1.
 */
static int
dir_end(struct cmd *c, struct notice *n, int kept)
{
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < n->nfiles; i += 2) {
		if (kept && rc == 0 && rename(n->files[i], n->files[i + 1]) ==
		    -1) {
			cmd_warn(c, "%s: %s", n->files[i + 1],
			    strerror(errno));
			rc = -1;
		}
		if (!kept || rc == -1)
			unlink(n->files[i]);
		free(n->files[i]);
		free(n->files[i + 1]);
	}
	free(n->files);
	return rc;
}

/* --dir: the case's document as a file of its own, DIR/ID-KIND.html. */
static int
put_file(struct cmd_batch *b, struct notice *n, const xf_template *t,
    const struct xf_document *doc)
{
	const char	*id = xf_record_get(b->item, XF_F_ID);
	char		 path[PATH_MAX], tmp[PATH_MAX], html[PATH_MAX];
	char		 err[1024];
	FILE		*fp;
	int		 rc;

	if (strchr(id, '/') != NULL || strcmp(id, "..") == 0) {
		cmd_warn(b->c, "%s: not an id for a file name", id);
		return -1;
	}
	snprintf(path, sizeof path, "%s/%s-%s.%s", n->dir, id,
	    xf_doc_name(doc->kind), n->docx ? "docx" : n->pdf ? "pdf" :
	    "html");
	if (n->docx) {
		xf_docx_reset(n->dx[doc->kind]);
		if ((fp = dir_file(b->c, n, path, tmp, sizeof tmp)) == NULL)
			return -1;
		rc = xf_docx_add(n->dx[doc->kind], b->c->set, b->item, doc,
		    err, sizeof err) == -1 || xf_docx_write(n->dx[doc->kind],
		    fp, err, sizeof err) == -1 ? -1 : 0;
		if (fclose(fp) != 0 && rc == 0)
			snprintf(err, sizeof err, "%s", strerror(errno));
		else if (rc == 0)
			return 0;
		cmd_warn(b->c, "%s: %s", path, err);
		return -1;
	}
	if ((fp = dir_file(b->c, n, path, tmp, sizeof tmp)) == NULL)
		return -1;
	/* A PDF: the file Chromium writes to. */
	if (n->pdf) {
		fclose(fp);
		if ((fp = tmp_named(b->c, html, sizeof html, ".html")) == NULL)
			return -1;
	}
	rc = xf_html_begin(fp, xf_doc_zh(doc->kind)) == -1 ||
	    xf_template_html(t, b->c->set, b->item, doc, fp) == -1 ||
	    xf_html_end(fp) == -1 ? -1 : 0;
	if (fclose(fp) != 0)
		rc = -1;
	if (rc == -1)
		cmd_warn(b->c, "%s: %s", n->pdf ? html : path,
		    strerror(errno));
	if (rc == 0 && n->pdf)
		rc = print_pdf(b->c, html, tmp);
	if (n->pdf)
		unlink(html);
	return rc;
}

/* The document to standard output, after the page's head. */
static int
put(struct cmd_batch *b, struct notice *n, const xf_template *t,
    const struct xf_document *doc)
{
	FILE	*fp = n->pdf ? n->html : stdout;
	char	 err[1024];

	if (n->docx) {
		n->printed++;
		if (xf_docx_add(n->dx[doc->kind], b->c->set, b->item, doc, err,
		    sizeof err) == 0)
			return 0;
		cmd_warn(b->c, "%s", err);
		return -1;
	}
	if (b->c->out_gone)
		return 0;
	if ((n->printed++ == 0 && xf_html_begin(fp, "信访文书") == -1) ||
	    xf_template_html(t, b->c->set, b->item, doc, fp) == -1)
		return n->pdf ? -1 : cmd_output_failed(b->c);
	return 0;
}

static int
take(struct cmd_batch *b, void *arg)
{
	struct notice		*n = arg;
	struct xf_document	 doc;
	const char		*id = cmd_record_id(b);
	const xf_template	*t = NULL;
	enum xf_applied		 rc;

	if (id == NULL)
		return -1;
	rc = xf_ledger_issue(b->c->ledger, id, (enum xf_doc)n->kind,
	    n->reason, b->item, &doc);
	if (cmd_counted(b, id, rc) == -1)
		return -1;
	if (n->docx ? docx(b->c, n, doc.kind) == NULL :
	    (t = template(b->c, n, doc.kind)) == NULL) {
		b->failed = XF_EXIT_CONFIG;
		return -1;
	}
	/* Once the batch is bound to be rolled back, print no more. */
	if (b->rejected > 0 && !b->c->keep_going)
		return 0;
	if ((n->dir != NULL ? put_file(b, n, t, &doc) : put(b, n, t, &doc)) ==
	    -1)
		b->failed = 1;
	return rc == XF_APPLIED ? 0 : 1;
}

/*
 * The end of a run to standard output: the page's end; with --pdf the
 * page printed by Chromium, with --docx the document, to standard
 * output.  0, or -1 after a message.
 */
static int
finish(struct cmd *c, struct notice *n)
{
	char	 err[1024], pdf[PATH_MAX];
	FILE	*fp;
	int	 rc;

	if (n->docx) {
		if (n->dir != NULL || c->out_gone)
			return 0;
		if (xf_docx_write(n->dx[n->kind], stdout, err, sizeof err) ==
		    0)
			return 0;
		cmd_warn(c, "%s", err);
		return -1;
	}
	if (n->dir != NULL)
		return 0;
	if (!n->pdf)
		return c->out_gone || xf_html_end(stdout) == 0 ? 0 :
		    cmd_output_failed(c);
	if (xf_html_end(n->html) == -1 || fflush(n->html) == EOF) {
		cmd_warn(c, "%s: %s", n->html_path, strerror(errno));
		return -1;
	}
	if ((fp = tmp_named(c, pdf, sizeof pdf, ".pdf")) == NULL)
		return -1;
	fclose(fp);
	rc = print_pdf(c, n->html_path, pdf);
	if (rc == 0)
		rc = cat_file(c, pdf);
	unlink(pdf);
	return rc;
}

struct delivery {
	int		 kind;
	const char	*at;
	const char	*method;
	int		 refused;
};

static int
take_delivery(struct cmd_batch *b, void *arg)
{
	struct delivery	*d = arg;
	const char	*id = cmd_record_id(b);

	if (id == NULL)
		return -1;
	return cmd_applied(b, id, xf_ledger_deliver(b->c->ledger, id,
	    (enum xf_doc)d->kind, d->at, d->method, d->refused, b->item));
}

static int
doc_kind(struct cmd *c, const char *arg)
{
	int	 k = xf_doc_parse(arg);

	if (k == -1)
		cmd_usage_error(c, "--doc '%s': not acceptance, re-acceptance, "
		    "refusal, not-again, transfer, extension, opinion, review, "
		    "re-review, agreement or receipt", arg);
	return k;
}

static const char *
method(struct cmd *c, const char *arg)
{
	static const char *const methods[] = {
		"in-person", "post", "online", "announcement"
	};
	size_t	 i;

	for (i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strcmp(arg, methods[i]) == 0)
			return methods[i];
	cmd_usage_error(c, "--method '%s': not in-person, post, online or "
	    "announcement", arg);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CMD_OPTIONS, CMD_INPUT_OPTIONS, CMD_WRITE_OPTIONS,
		{ "doc", required_argument, NULL, OPT_DOC },
		{ "reissue", no_argument, NULL, OPT_REISSUE },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "delivered", required_argument, NULL, OPT_DELIVERED },
		{ "method", required_argument, NULL, OPT_METHOD },
		{ "refused-to-sign", no_argument, NULL, OPT_REFUSED_TO_SIGN },
		{ "owed", no_argument, NULL, OPT_OWED },
		{ "dir", required_argument, NULL, OPT_DIR },
		{ "docx", no_argument, NULL, OPT_DOCX },
		{ "pdf", no_argument, NULL, OPT_PDF },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd	 c;
	struct cmd_batch b;
	struct notice	 n = { .kind = XF_DOC_COUNT };
	struct delivery	 d = { .kind = XF_DOC_COUNT };
	struct stat	 st;
	int		 ch, li, i, owed = 0, reissue = 0, status;

	cmd_init(&c, argv, "xf-notice", USAGE);
	while ((ch = getopt_long(argc, argv, "f:hkno:", longopts,
	    &li)) != -1) {
		if (cmd_option(&c, ch, optarg))
			continue;
		if (optarg != NULL && *optarg == '\0')
			cmd_usage_error(&c, "--%s: empty", longopts[li].name);
		switch (ch) {
		case OPT_DOC:
			n.kind = d.kind = doc_kind(&c, optarg);
			break;
		case OPT_REISSUE:
			reissue = 1;
			break;
		case OPT_REASON:
			n.reason = optarg;
			break;
		case OPT_DELIVERED:
			d.at = optarg;
			break;
		case OPT_METHOD:
			d.method = method(&c, optarg);
			break;
		case OPT_REFUSED_TO_SIGN:
			d.refused = 1;
			break;
		case OPT_OWED:
			owed = 1;
			break;
		case OPT_DIR:
			n.dir = optarg;
			break;
		case OPT_DOCX:
			n.docx = 1;
			break;
		case OPT_PDF:
			n.pdf = 1;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (reissue != (n.reason != NULL))
		cmd_usage_error(&c, reissue ? "--reissue needs --reason" :
		    "--reason goes with --reissue");
	if ((d.method != NULL || d.refused) && d.at == NULL)
		cmd_usage_error(&c, "--method and --refused-to-sign go with "
		    "--delivered");
	if (d.at != NULL && (d.kind == XF_DOC_COUNT || d.method == NULL))
		cmd_usage_error(&c, "--delivered needs --doc and --method");
	if (d.at != NULL && d.kind == XF_DOC_RECEIPT)
		cmd_usage_error(&c, "--doc receipt: a receipt is not "
		    "delivered, it comes back signed");
	if (d.at != NULL && (reissue || n.dir != NULL))
		cmd_usage_error(&c, "--delivered prints no document");
	if (n.docx && n.pdf)
		cmd_usage_error(&c, "--docx and --pdf exclude each other");
	if ((n.docx || n.pdf) && (owed || d.at != NULL))
		cmd_usage_error(&c, "--%s prints documents", n.docx ? "docx" :
		    "pdf");
	if (n.docx && n.dir == NULL && n.kind == XF_DOC_COUNT)
		cmd_usage_error(&c, "--docx: one .docx holds documents of one "
		    "kind: give --doc, or --dir");
	if (owed && (d.at != NULL || reissue || n.dir != NULL ||
	    n.kind != XF_DOC_COUNT))
		cmd_usage_error(&c, "--owed lists, and takes no other option "
		    "of xf-notice");
	if (owed && argc > 0)
		cmd_usage_error(&c, "'%s': --owed reads no input", argv[0]);
	if (n.dir != NULL && c.output != NULL)
		cmd_usage_error(&c, "--dir and -o exclude each other");
	if (n.dir != NULL && (stat(n.dir, &st) == -1 || !S_ISDIR(st.st_mode)))
		cmd_usage_error(&c, "--dir '%s': not a directory", n.dir);
	if (!owed && d.at == NULL && n.dir == NULL && c.output == NULL &&
	    isatty(STDOUT_FILENO))
		cmd_usage_error(&c, "standard output is a terminal: redirect "
		    "it to a file, or give -o FILE or --dir DIR");
	cmd_settings(&c);
	if (owed) {
		cmd_ledger(&c, XF_L_READONLY);
		status = cmd_print(&c, xf_ledger_documents_owed(c.ledger));
		cmd_free(&c);
		return status;
	}
	if (d.at != NULL) {
		cmd_check_date(&c, "--delivered", d.at);
		cmd_batch_begin(&b, &c, argc, argv);
		cmd_batch_read(&b, argc, argv, take_delivery, &d);
		status = cmd_batch_end(&b, "recorded");
		cmd_free(&c);
		return status;
	}
	if (n.docx && xf_settings_doc(c.set, "template_dir") == NULL)
		cmd_die(&c, XF_EXIT_CONFIG, "--docx: no template_dir in the "
		    "settings");
	/* A template named is checked before anything is read. */
	if (n.kind != XF_DOC_COUNT && (n.docx ? docx(&c, &n,
	    (enum xf_doc)n.kind) == NULL : template(&c, &n,
	    (enum xf_doc)n.kind) == NULL))
		exit(XF_EXIT_CONFIG);
	if (n.pdf && n.dir == NULL && (n.html = tmp_named(&c, n.html_path,
	    sizeof n.html_path, ".html")) == NULL)
		exit(XF_EXIT_DATA);
	cmd_batch_begin(&b, &c, argc, argv);
	cmd_batch_read(&b, argc, argv, take, &n);
	if (n.printed > 0 && !b.failed && (b.rejected == 0 || c.keep_going) &&
	    finish(&c, &n) == -1)
		b.failed = 1;
	if (n.html != NULL) {
		fclose(n.html);
		unlink(n.html_path);
	}
	if (isatty(STDERR_FILENO))
		cmd_warn(&c, "%ld %sissued, %ld issued before, %ld refused",
		    b.done, c.dry_run ? "would be " : "", b.already,
		    b.rejected);
	status = cmd_batch_end(&b, "issued");
	if (dir_end(&c, &n, !b.failed && (b.rejected == 0 || c.keep_going) &&
	    !c.dry_run) == -1)
		status = XF_EXIT_DATA;
	for (i = 0; i < XF_DOC_COUNT; i++) {
		xf_template_free(n.t[i]);
		xf_docx_free(n.dx[i]);
	}
	cmd_free(&c);
	return status;
}
