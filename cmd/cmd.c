/*
 * cmd.c - what every xf program shares
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cmd.h"

#define OUT_BUFFER	65536

void
cmd_init(struct cmd *c, char *argv[], const char *prog, const char *usage)
{
	memset(c, 0, sizeof *c);
	c->argv = argv;
	c->prog = prog;
	c->usage = usage;
	c->format = XF_FORMAT_JSON;
	c->input_format = XF_FORMAT_AUTO;
	/* A reader that goes away is seen as EPIPE, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	/*
	 * Records go out in writes of 64 KB, where stdio makes them of a
	 * pipe's or a file's block (4 KB): a terminal keeps its lines.
	 */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOFBF, OUT_BUFFER);
	if (!XF_VERSION_OK())
		cmd_die(c, XF_EXIT_CONFIG, "libxf %s is not compatible with "
		    "this program (built for %s)", xf_version(), XF_VERSION);
}

/*
 * A batch's messages, held until it ends (as its output is): a batch
 * run again after a deadlock says only what its last run found.  Said
 * at exit, whichever way the program ends.
 */
static FILE	*held;
static char	*held_text;
static size_t	 held_len;

static void
held_say(void)
{
	if (held == NULL)
		return;
	fclose(held);
	held = NULL;
	fwrite(held_text, 1, held_len, stderr);
	free(held_text);
	held_text = NULL;
}

/*
 * "prog: message" on standard error.  A message may quote what the input
 * held (a value, an id): a control character in it, C0, DEL or C1 such
 * as ESC or CSI, is shown as '?', so that no input drives the terminal.
 */
static void
vwarn(const struct cmd *c, const char *fmt, va_list ap)
{
	char		 buf[1024], *big = NULL, *msg = buf;
	unsigned char	*p;
	va_list		 aq;
	int		 n;

	va_copy(aq, ap);
	n = vsnprintf(buf, sizeof buf, fmt, aq);
	va_end(aq);
	if (n < 0)
		buf[0] = '\0';
	else if (n >= (int)sizeof buf &&
	    (big = malloc((size_t)n + 1)) != NULL) {
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		msg = big;
	}
	for (p = (unsigned char *)msg; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			p[0] = '?';
			p[1] = '?';
			p++;
		}
	fprintf(held != NULL ? held : stderr, "%s: %s\n", c->prog, msg);
	free(big);
}

void
cmd_warn(const struct cmd *c, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vwarn(c, fmt, ap);
	va_end(ap);
}

void
cmd_die(const struct cmd *c, int status, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vwarn(c, fmt, ap);
	va_end(ap);
	exit(status);
}

void
cmd_usage_error(struct cmd *c, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vwarn(c, fmt, ap);
	va_end(ap);
	fprintf(stderr, "usage: %s %s\n", c->prog, c->usage);
	exit(XF_EXIT_USAGE);
}

long
cmd_number(struct cmd *c, const char *opt, const char *arg, long lo,
    long hi, const char *what)
{
	char	*end;
	long	 n = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || n < lo || n > hi)
		cmd_usage_error(c, "%s '%s': not %s", opt, arg, what);
	return n;
}

/* Exit after --help or --version: 0 once standard output took it all. */
static void
printed(const struct cmd *c)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		cmd_die(c, XF_EXIT_DATA, "standard output: %s",
		    strerror(errno));
	exit(XF_EXIT_OK);
}

static void
help(const struct cmd *c)
{
	printf("usage: %s %s\n", c->prog, c->usage);
	printf("See %s(1) for the options; xf(7) for the toolkit.\n",
	    c->prog);
	printed(c);
}

static enum xf_format
format_arg(struct cmd *c, const char *arg, int input)
{
	if (strcmp(arg, "json") == 0 || strcmp(arg, "ndjson") == 0)
		return XF_FORMAT_JSON;
	if (strcmp(arg, "csv") == 0)
		return XF_FORMAT_CSV;
	if (!input && strcmp(arg, "table") == 0)
		return XF_FORMAT_TABLE;
	if (!input && strcmp(arg, "xlsx") == 0)
		return XF_FORMAT_XLSX;
	if (input && strcmp(arg, "auto") == 0)
		return XF_FORMAT_AUTO;
	cmd_usage_error(c, "%s '%s': not %s", input ? "--input-format" :
	    "--format", arg, input ? "auto, json or csv" :
	    "json, csv, table or xlsx");
}

static int
en_zh(struct cmd *c, const char *opt, const char *arg)
{
	if (strcmp(arg, "zh") == 0)
		return 1;
	if (strcmp(arg, "en") == 0)
		return 0;
	cmd_usage_error(c, "%s '%s': not en or zh", opt, arg);
}

int
cmd_option(struct cmd *c, int opt, const char *arg)
{
	char	*end;

	switch (opt) {
	case OPT_ACTOR:
		if (*arg == '\0')
			cmd_usage_error(c, "--actor: empty");
		c->actor = arg;
		break;
	case OPT_BOM:
		c->wflags |= XF_W_BOM;
		break;
	case OPT_CONFIG:
		c->config = arg;
		break;
	case OPT_DB:
		c->db = arg;
		break;
	case OPT_ENCODING:
		c->encoding = arg;
		break;
	case 'f':
		c->format = format_arg(c, arg, 0);
		break;
	case OPT_HEADER:
		if (en_zh(c, "--header", arg))
			c->wflags |= XF_W_HEADER_ZH;
		else
			c->wflags &= ~(unsigned)XF_W_HEADER_ZH;
		break;
	case 'h':
		help(c);
		break;
	case OPT_SHEET:
		c->sheets = reallocarray(c->sheets, (size_t)c->nsheets + 1,
		    sizeof(*c->sheets));
		if (c->sheets == NULL)
			cmd_die(c, XF_EXIT_DATA, "out of memory");
		c->sheets[c->nsheets++] = (char *)arg;
		break;
	case OPT_ALL_SHEETS:
		c->all_sheets = 1;
		break;
	case OPT_HEADER_ROW:
		errno = 0;
		c->header_row = strtol(arg, &end, 10);
		if (errno != 0 || *end != '\0' || c->header_row < 1 ||
		    c->header_row > 1048576)
			cmd_usage_error(c, "--header-row '%s': not a row "
			    "number (1 to 1048576)", arg);
		break;
	case OPT_INPUT_FORMAT:
		c->input_format = format_arg(c, arg, 1);
		break;
	case OPT_LANG:
		if (en_zh(c, "--lang", arg))
			c->wflags |= XF_W_LANG_ZH;
		else
			c->wflags &= ~(unsigned)XF_W_LANG_ZH;
		break;
	case 'o':
		if (*arg == '\0')
			cmd_usage_error(c, "-o: empty");
		c->output = strcmp(arg, "-") == 0 ? NULL : arg;
		break;
	case OPT_RAW_CSV:
		c->wflags |= XF_W_RAW_CSV;
		break;
	case OPT_REVEAL:
		c->wflags |= XF_W_REVEAL;
		break;
	case OPT_VERSION:
		printf("%s (xf) %s\n", c->prog, xf_version());
		printed(c);
		break;
	case 'n':
		c->dry_run = 1;
		break;
	case 'k':
		c->keep_going = 1;
		break;
	case OPT_REJECT:
		c->reject = arg;
		break;
	case '?':
		fprintf(stderr, "usage: %s %s\n", c->prog, c->usage);
		exit(XF_EXIT_USAGE);
	default:
		return 0;
	}
	return 1;
}

/* The temporary file of -o until it is renamed into place. */
static char	*output_tmp;

/* At exit: a temporary file of -o not put in place is removed. */
static void
output_remove(void)
{
	if (output_tmp != NULL)
		unlink(output_tmp);
}

/*
 * -o FILE: standard output becomes a new file, mode 0600 as it may hold
 * personal data, in FILE's directory (so that rename() can put it in
 * place at the end, and a failed run leaves no half file).  A workbook
 * is not for a terminal.
 */
static void
output_open(struct cmd *c)
{
	const char	*base;
	struct stat	 st;
	size_t		 len;
	int		 fd;

	if (c->output == NULL) {
		if (c->format == XF_FORMAT_XLSX && isatty(STDOUT_FILENO))
			cmd_usage_error(c, "-f xlsx: standard output is a "
			    "terminal: redirect it to a file or give -o FILE");
		return;
	}
	if (stat(c->output, &st) == 0 && S_ISDIR(st.st_mode))
		cmd_die(c, XF_EXIT_DATA, "%s: %s", c->output,
		    strerror(EISDIR));
	base = strrchr(c->output, '/');
	base = base != NULL ? base + 1 : c->output;
	len = strlen(c->output) + sizeof("..XXXXXX");
	if ((output_tmp = malloc(len)) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	snprintf(output_tmp, len, "%.*s.%s.XXXXXX",
	    (int)(base - c->output), c->output, base);
	if ((fd = mkstemp(output_tmp)) == -1) {
		free(output_tmp);
		output_tmp = NULL;
		cmd_die(c, XF_EXIT_DATA, "%s: %s", c->output,
		    strerror(errno));
	}
	atexit(output_remove);
	if (fflush(stdout) == EOF || dup2(fd, STDOUT_FILENO) == -1)
		cmd_die(c, XF_EXIT_DATA, "%s: %s", c->output,
		    strerror(errno));
	close(fd);
}

/* -o FILE: everything written, put the file in place; 0, or -1. */
static int
output_commit(struct cmd *c)
{
	if (output_tmp == NULL)
		return 0;
	if (fflush(stdout) == EOF || ferror(stdout) ||
	    fsync(STDOUT_FILENO) == -1 || rename(output_tmp, c->output) == -1) {
		cmd_warn(c, "%s: %s", c->output, strerror(errno));
		return -1;
	}
	free(output_tmp);
	output_tmp = NULL;
	return 0;
}

void
cmd_settings(struct cmd *c)
{
	const char	*path = c->config;
	char		 err[512];

	if (path == NULL && (path = getenv("XF_CONFIG")) != NULL &&
	    *path == '\0')
		path = NULL;
	if ((c->set = xf_settings_new(path, err, sizeof err)) == NULL)
		cmd_die(c, XF_EXIT_CONFIG, "%s", err);
	output_open(c);
}

/* --actor, else $XF_ACTOR, else the login name. */
static const char *
actor(const struct cmd *c)
{
	const char	*a = c->actor;
	struct passwd	*pw;

	if (a == NULL && (a = getenv("XF_ACTOR")) != NULL && *a == '\0')
		a = NULL;
	if (a == NULL && (pw = getpwuid(geteuid())) != NULL)
		a = pw->pw_name;
	return a != NULL ? a : "unknown";
}

void
cmd_ledger(struct cmd *c, unsigned flags)
{
	const char	*path = c->db ? c->db : xf_ledger_default_path();
	char		 err[768];

	if ((c->ledger = xf_ledger_open(path, c->set, flags, err,
	    sizeof err)) == NULL)
		cmd_die(c, XF_EXIT_DATA, "%s", err);
	xf_ledger_set_actor(c->ledger, actor(c), c->prog);
}

void
cmd_output(struct cmd *c, int plain)
{
	const char *const	*p;
	const char		*e;
	int			 i;

	c->out = plain ? xf_writer_new_plain(stdout, c->format, c->wflags) :
	    xf_writer_new(stdout, c->format, c->wflags);
	if (c->out == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	for (p = c->percent; plain && p != NULL && *p != NULL; p++)
		if (xf_writer_percent(c->out, *p) == -1)
			cmd_die(c, XF_EXIT_DATA, "out of memory");
	/* The office's columns of personal data (xf(7) SETTINGS). */
	for (i = 0; c->set != NULL &&
	    (e = xf_settings_personal_column(c->set, i)) != NULL; i++)
		if (xf_writer_personal(c->out, e) == -1)
			cmd_die(c, XF_EXIT_DATA, "out of memory");
}

/*
 * After a failed write: a reader that went away, or an error (the
 * writer's own, such as a value too long for a workbook's cell).
 */
int
cmd_output_failed(struct cmd *c)
{
	const char	*msg = c->out != NULL ? xf_writer_errmsg(c->out) :
			    NULL;

	if (msg != NULL) {
		cmd_warn(c, "%s", msg);
		return -1;
	}
	if (errno == EPIPE) {
		c->out_gone = 1;
		return 0;
	}
	cmd_warn(c, "%s: %s", c->output != NULL ? c->output :
	    "standard output", strerror(errno));
	return -1;
}

int
cmd_put(struct cmd *c, const xf_record *r)
{
	if (c->out_gone || xf_writer_put(c->out, r) == 0)
		return 0;
	return cmd_output_failed(c);
}

int
cmd_finish(struct cmd *c)
{
	/* Also what a program printed itself: a count, ids, a chart. */
	if (!c->out_gone && ((c->out != NULL &&
	    xf_writer_finish(c->out) == -1) || fflush(stdout) == EOF ||
	    ferror(stdout)) && cmd_output_failed(c) == -1)
		return -1;
	return c->hold_output ? 0 : output_commit(c);
}

int
cmd_print(struct cmd *c, xf_cursor *cur)
{
	xf_record	*r;
	int		 rc;

	if (cur == NULL)
		cmd_die(c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(c->ledger));
	if ((r = xf_record_new()) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	cmd_output(c, 1);
	while ((rc = xf_cursor_next(cur, r)) == 1)
		if (cmd_put(c, r) == -1 || c->out_gone)
			break;
	if (rc == -1)
		cmd_warn(c, "%s", xf_ledger_errmsg(c->ledger));
	xf_cursor_free(cur);
	xf_record_free(r);
	return rc == -1 || cmd_finish(c) == -1 ? XF_EXIT_DATA : XF_EXIT_OK;
}

void
cmd_check_date(struct cmd *c, const char *opt, const char *date)
{
	struct xf_time	 t;
	const char	*why;

	if (date != NULL && xf_time_parse(date, xf_settings_tz(c->set), &t,
	    &why) == -1)
		cmd_usage_error(c, "%s '%s': %s", opt, date, why);
}

void
cmd_free(struct cmd *c)
{
	free(c->sheets);
	c->sheets = NULL;
	xf_writer_free(c->out);
	xf_ledger_close(c->ledger);
	xf_settings_free(c->set);
	c->out = NULL;
	c->ledger = NULL;
	c->set = NULL;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void
cmd_progress(struct cmd *c, const xf_reader *r, long records)
{
	uint64_t	 done, total, t;

	if ((records & 1023) != 0 || !isatty(STDERR_FILENO))
		return;
	t = now_ms();
	if (t - c->progress_at < 500)
		return;
	c->progress_at = t;
	xf_reader_progress(r, &done, &total);
	if (total > 0)
		fprintf(stderr, "\r%s: %ld records, %d%%", c->prog, records,
		    (int)(done * 100 / total));
	else
		fprintf(stderr, "\r%s: %ld records", c->prog, records);
}

void
cmd_progress_end(struct cmd *c)
{
	if (c->progress_at != 0 && isatty(STDERR_FILENO))
		fprintf(stderr, "\r\033[K");
	c->progress_at = 0;
}

/* An unlinked temporary file, readable by its owner only. */
static int
spool_file(void)
{
	const char	*dir = getenv("TMPDIR");
	char		 path[4096];
	int		 fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if (snprintf(path, sizeof path, "%s/xf.XXXXXX", dir) >=
	    (int)sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkstemp(path)) != -1)
		unlink(path);
	return fd;
}

/* Without --keep-going, stop reading after this many bad records. */
#define MAX_ERRORS	100

/*
 * Standard input from a pipe is read to its end, into a temporary file,
 * before the batch opens the ledger.  A writer upstream (xf-intake |
 * xf-assign) holds the ledger's lock until it has printed everything and
 * committed; taking the lock first would wait for it while it waits for
 * the pipe to drain.
 */
static void
spool_stdin(struct cmd *c, int argc, char *argv[])
{
	struct stat	 st;
	char		 buf[65536];
	ssize_t		 n;
	int		 i, fd, used = argc == 0;

	for (i = 0; i < argc; i++)
		used |= strcmp(argv[i], "-") == 0;
	if (!used || fstat(STDIN_FILENO, &st) == -1 ||
	    !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
		return;
	if ((fd = spool_file()) == -1)
		cmd_die(c, XF_EXIT_DATA, "a temporary file: %s",
		    strerror(errno));
	while ((n = read(STDIN_FILENO, buf, sizeof buf)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			cmd_die(c, XF_EXIT_DATA, "standard input: %s",
			    strerror(errno));
		if (write(fd, buf, (size_t)n) != n)
			cmd_die(c, XF_EXIT_DATA, "a temporary file: %s",
			    strerror(errno));
	}
	if (lseek(fd, 0, SEEK_SET) == -1 || dup2(fd, STDIN_FILENO) == -1)
		cmd_die(c, XF_EXIT_DATA, "a temporary file: %s",
		    strerror(errno));
	close(fd);
}

FILE *
cmd_create_private(const struct cmd *c, const char *path)
{
	struct stat	 st;
	FILE		*fp;
	int		 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || fstat(fd, &st) == -1)
		cmd_die(c, XF_EXIT_DATA, "%s: %s", path, strerror(errno));
	/* A file that was there keeps its mode through O_TRUNC. */
	if (S_ISREG(st.st_mode) && (st.st_mode & 077) != 0 &&
	    fchmod(fd, 0600) == -1)
		cmd_die(c, XF_EXIT_DATA, "%s: cannot make it readable by its "
		    "owner only: %s", path, strerror(errno));
	if ((fp = fdopen(fd, "w")) == NULL)
		cmd_die(c, XF_EXIT_DATA, "%s: %s", path, strerror(errno));
	return fp;
}

/* Whether standard output is /dev/null, where no one reads. */
static int
stdout_null(void)
{
	struct stat	 out, null;

	return fstat(STDOUT_FILENO, &out) == 0 && S_ISCHR(out.st_mode) &&
	    stat("/dev/null", &null) == 0 && S_ISCHR(null.st_mode) &&
	    out.st_rdev == null.st_rdev;
}

/*
 * A batch's standard output (unless -o FILE, itself a file put in
 * place only for a batch kept, or /dev/null) goes to a temporary file,
 * printed once the batch is committed: a batch rolled back or killed
 * prints nothing.  Spooled, 1M items' output is 1.3 GB written and read
 * again.
 */
static void
spool_stdout(struct cmd *c)
{
	int	 fd;

	c->real_stdout = -1;
	if (c->output != NULL || stdout_null())
		return;
	if (fflush(stdout) == EOF || (fd = spool_file()) == -1 ||
	    (c->real_stdout = dup(STDOUT_FILENO)) == -1 ||
	    dup2(fd, STDOUT_FILENO) == -1)
		cmd_die(c, XF_EXIT_DATA, "a temporary file: %s",
		    strerror(errno));
	close(fd);
}

/*
 * The spooled output to the real standard output when print is set,
 * and standard output back; 0, or -1 after a message.
 */
static int
unspool_stdout(struct cmd *c, int print)
{
	char	 buf[65536];
	ssize_t	 n, w, off;
	int	 rc = 0;

	if (c->real_stdout == -1)
		return 0;
	/* What stdio holds goes to the spool, printed or not. */
	if ((fflush(stdout) == EOF && print) ||
	    (print && lseek(STDOUT_FILENO, 0, SEEK_SET) == -1))
		rc = -1;
	while (print && rc == 0 && !c->out_gone &&
	    (n = read(STDOUT_FILENO, buf, sizeof buf)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			rc = -1;
		for (off = 0; rc == 0 && !c->out_gone && off < n; off += w) {
			w = write(c->real_stdout, buf + off, (size_t)(n - off));
			if (w == -1 && errno == EPIPE)
				c->out_gone = 1;
			else if (w == -1 && errno != EINTR)
				rc = -1;
			if (w == -1)
				w = 0;
		}
	}
	if (rc == -1)
		cmd_warn(c, "standard output: %s%s", strerror(errno),
		    c->dry_run ? "" : " (the batch was kept)");
	if (dup2(c->real_stdout, STDOUT_FILENO) == -1 && rc == 0) {
		cmd_warn(c, "standard output: %s", strerror(errno));
		rc = -1;
	}
	close(c->real_stdout);
	c->real_stdout = -1;
	return rc;
}

/*
 * What the batch records of the run (xf-query --batches): its arguments,
 * and its files ("-" for standard input).  The operands argv follow the
 * options, which getopt_long() moved before them.
 */
static void
record_run(struct cmd *c, int argc, char *argv[])
{
	cJSON	*a = cJSON_CreateArray(), *f = cJSON_CreateArray(), *v;
	char	*as = NULL, *fs = NULL, **all = argv - optind, shown[1024];
	int	 i, bad = a == NULL || f == NULL;

	/* A password given in a ledger's URI is never kept. */
	for (i = 1; !bad && i < argc + optind; i++)
		bad = (v = cJSON_CreateString(strstr(all[i], "://") != NULL ||
		    strstr(all[i], "password=") != NULL ? xf_ledger_shown(
		    all[i], shown, sizeof shown) : all[i])) == NULL ||
		    !cJSON_AddItemToArray(a, v);
	for (i = 0; !bad && !c->no_input && i < (argc > 0 ? argc : 1); i++)
		bad = (v = cJSON_CreateString(argc > 0 ? argv[i] : "-")) ==
		    NULL || !cJSON_AddItemToArray(f, v);
	if (bad || (as = cJSON_PrintUnformatted(a)) == NULL ||
	    (fs = cJSON_PrintUnformatted(f)) == NULL ||
	    xf_ledger_set_batch(c->ledger, as, fs) == -1)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	cJSON_free(as);
	cJSON_free(fs);
	cJSON_Delete(a);
	cJSON_Delete(f);
}

void
cmd_batch_begin(struct cmd_batch *b, struct cmd *c, int argc, char *argv[])
{

	memset(b, 0, sizeof *b);
	b->c = c;
	if (!c->no_input)
		spool_stdin(c, argc, argv);
	if (c->reject != NULL && !c->keep_going)
		cmd_usage_error(c, "--reject needs --keep-going");
	cmd_ledger(c, 0);
	if ((b->in = xf_record_new()) == NULL ||
	    (b->item = xf_record_new()) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	if (c->reject != NULL)
		b->reject_fp = cmd_create_private(c, c->reject);
	c->hold_output = 1;
	spool_stdout(c);
	cmd_output(c, 0);
	record_run(c, argc, argv);
	/* Run again after a deadlock: alone, to meet none. */
	if (getenv("XF_RUN_AGAIN") != NULL)
		xf_ledger_alone(c->ledger);
	if (xf_ledger_begin(c->ledger) == -1)
		cmd_die(c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(c->ledger));
	if ((held = open_memstream(&held_text, &held_len)) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	atexit(held_say);
}

/*
 * The field a reason is about, when it begins with one's name
 * ("id_number: bad check digit", "channel 'x': not a channel"), so
 * that a message names its cell.
 */
static int
reason_field(const char *why)
{
	size_t	 n = strspn(why, "abcdefghijklmnopqrstuvwxyz_");

	return n > 0 && (why[n] == ':' || why[n] == ' ') ?
	    xf_field_find(why, n) : -1;
}

const char *
cmd_where(struct cmd_batch *b, int field)
{
	const char	*e = xf_ledger_err_item(b->c->ledger);

	/* The ledger's error is of the last record taken: that one. */
	if (e != NULL && strcmp(e, b->taken_id) == 0)
		return b->taken_where;
	return xf_record_where(b->in, field, b->where, sizeof b->where);
}

void
cmd_skip(struct cmd_batch *b, const char *why)
{
	cmd_warn(b->c, "%s: %s, skipped", cmd_where(b, reason_field(why)),
	    why);
	b->already++;
}

void
cmd_reject(struct cmd_batch *b, const char *why)
{
	enum xf_format	 f;
	const char	*sheet = xf_record_sheet(b->in);
	char		 row[24];

	cmd_warn(b->c, "%s: %s", cmd_where(b, reason_field(why)), why);
	b->rejected++;
	if (b->reject_fp == NULL)
		return;
	/*
	 * Rejects are written in the format of the input (ids as CSV; a
	 * workbook's as a workbook, each row with its sheet and row).
	 */
	f = b->reader != NULL ? xf_reader_format(b->reader) : XF_FORMAT_CSV;
	if (b->reject == NULL) {
		b->reject = xf_writer_new_plain(b->reject_fp,
		    f == XF_FORMAT_JSON ? f : f == XF_FORMAT_XLSX ||
		    f == XF_FORMAT_XLS ? XF_FORMAT_XLSX : XF_FORMAT_CSV,
		    XF_W_REVEAL);
		if (b->reject == NULL)
			cmd_die(b->c, XF_EXIT_DATA, "out of memory");
	}
	snprintf(row, sizeof row, "%ld", xf_record_line(b->in));
	if (xf_record_add(b->in, "error", 5, why, strlen(why), 0) == -1 ||
	    (sheet != NULL && (xf_record_add(b->in, "sheet", 5, sheet,
	    strlen(sheet), 0) == -1 || xf_record_add(b->in, "row", 3, row,
	    strlen(row), 0) == -1)) ||
	    xf_writer_put(b->reject, b->in) == -1) {
		cmd_warn(b->c, "%s: %s", b->c->reject, strerror(errno));
		b->failed = 1;
	}
}

/* One record, inside a savepoint with --keep-going. */
static void
take_one(struct cmd_batch *b, cmd_take_fn *take, void *arg)
{
	xf_ledger	*l = b->c->ledger;
	const char	*id;
	int		 rc;

	if (b->c->keep_going && xf_ledger_mark(l) == -1) {
		cmd_warn(b->c, "%s", xf_ledger_errmsg(l));
		b->failed = 1;
		return;
	}
	rc = take(b, arg);
	/* Its writes may fail at the next record's: see cmd_where(). */
	if (rc == 0 && !b->c->keep_going) {
		id = xf_record_get(b->item, XF_F_ID);
		xf_record_where(b->in, -1, b->taken_where,
		    sizeof b->taken_where);
		snprintf(b->taken_id, sizeof b->taken_id, "%s",
		    id != NULL ? id : "");
	}
	/* A deadlock with another batch: this one is run again. */
	if (rc == -1 && xf_ledger_conflict(l))
		b->failed = 1;
	if (b->c->keep_going && (rc == -1 ? xf_ledger_undo(l) :
	    xf_ledger_release(l)) == -1) {
		cmd_warn(b->c, "%s", xf_ledger_errmsg(l));
		b->failed = 1;
	}
	/*
	 * A record refused on an error that made SQLite roll the whole
	 * batch back (a full disk): the rest is not read.  A savepoint
	 * tells, as the ledger takes none outside its batch.
	 */
	if (!b->c->keep_going && rc == -1 && !b->failed &&
	    (xf_ledger_mark(l) == -1 || xf_ledger_release(l) == -1))
		b->failed = 1;
}

/* How many bytes of a CSV cell are the apostrophe of a neutral formula. */
static size_t
neutral_mark(const char *s, size_t len)
{
	return len > 1 && s[0] == '\'' && xf_csv_formula(s + 1, len - 1);
}

/*
 * A CSV cell written with an apostrophe before a formula (by xf's
 * writer, or by a person in a spreadsheet) has it taken off, so that
 * what was written is read back unchanged; with --raw-csv the cells are
 * kept as they are.  The record is copied only when a cell changes.
 */
static void
unneutralise(struct cmd_batch *b)
{
	xf_record	*r;
	const char	*k, *v;
	size_t		 i, n, len, kl, vl, marks = 0;

	if ((b->c->wflags & XF_W_RAW_CSV) ||
	    xf_reader_format(b->reader) != XF_FORMAT_CSV)
		return;
	n = xf_record_count(b->in);
	for (i = 0; i < n && marks == 0; i++) {
		k = xf_record_key(b->in, i);
		v = xf_record_value(b->in, i, &len);
		marks = neutral_mark(k, strlen(k)) + neutral_mark(v, len);
	}
	if (marks == 0)
		return;
	if ((r = xf_record_new()) == NULL)
		cmd_die(b->c, XF_EXIT_DATA, "out of memory");
	for (i = 0; i < n; i++) {
		k = xf_record_key(b->in, i);
		kl = neutral_mark(k, strlen(k));
		v = xf_record_value(b->in, i, &len);
		vl = neutral_mark(v, len);
		if (xf_record_add(r, k + kl, strlen(k) - kl, v + vl, len - vl,
		    xf_record_raw(b->in, i)) == -1)
			cmd_die(b->c, XF_EXIT_DATA, "out of memory");
	}
	xf_record_set_origin(r, xf_record_file(b->in), xf_record_line(b->in));
	xf_record_free(b->in);
	b->in = r;
}

/* What the reader says of what it read: "prog: file: notice". */
static void
notices(struct cmd *c, xf_reader *rd, const char *path)
{
	const char	*s;

	while ((s = xf_reader_notice(rd)) != NULL) {
		cmd_progress_end(c);
		cmd_warn(c, "%s: %s", path, s);
	}
}

static void
read_one(struct cmd_batch *b, const char *path, cmd_take_fn *take, void *arg)
{
	char	 err[512];
	int	 i, rc = 0;

	b->file_no++;
	b->reader = xf_reader_open(path, b->c->input_format, b->c->encoding,
	    err, sizeof err);
	if (b->reader == NULL) {
		cmd_warn(b->c, "%s: %s", path, err);
		b->failed = 1;
		return;
	}
	for (i = 0; i < b->c->nsheets; i++)
		if (xf_reader_add_sheet(b->reader, b->c->sheets[i]) == -1)
			cmd_die(b->c, XF_EXIT_DATA, "out of memory");
	if (b->c->all_sheets)
		xf_reader_all_sheets(b->reader);
	xf_reader_header_row(b->reader, b->c->header_row);
	while (!b->failed && (rc = xf_reader_next(b->reader, b->in)) >= 1) {
		notices(b->c, b->reader, path);
		b->records++;
		cmd_progress(b->c, b->reader, b->records);
		if (rc == XF_READ_BAD)
			cmd_reject(b, xf_reader_errmsg(b->reader));
		else {
			unneutralise(b);
			take_one(b, take, arg);
		}
		if (!b->c->keep_going && b->rejected >= MAX_ERRORS) {
			cmd_warn(b->c, "%s: too many bad records, stopping",
			    path);
			break;
		}
	}
	notices(b->c, b->reader, path);
	if (!b->failed && rc == -1) {
		cmd_warn(b->c, "%s: %s%s", path, xf_reader_errmsg(b->reader),
		    b->c->keep_going ? "; the rest of the file was not read" :
		    "");
		b->rejected++;
	}
	xf_reader_close(b->reader);
	b->reader = NULL;
}

void
cmd_batch_read(struct cmd_batch *b, int argc, char *argv[],
    cmd_take_fn *take, void *arg)
{
	int	 i;

	if (argc == 0)
		read_one(b, "-", take, arg);
	for (i = 0; i < argc && !b->failed; i++)
		read_one(b, argv[i], take, arg);
	cmd_progress_end(b->c);
}

static int
close_reject(struct cmd_batch *b)
{
	int	 rc = 0;

	if (b->reject != NULL && xf_writer_finish(b->reject) == -1)
		rc = -1;
	if (fclose(b->reject_fp) != 0)
		rc = -1;
	if (rc == -1)
		cmd_warn(b->c, "%s: %s", b->c->reject, strerror(errno));
	xf_writer_free(b->reject);
	return rc;
}

/*
 * A batch that met another's in a deadlock (PostgreSQL fails one of the
 * two), rolled back: the program run again from its start, on the same
 * input, after a pause that grows with each try, up to RUNS_AGAIN
 * times; nothing it held (output, messages) is said.  Returns when the
 * tries are spent, or the program cannot be run again.
 */
#define RUNS_AGAIN	10

static void
run_again(struct cmd *c)
{
	const char	*s = getenv("XF_RUN_AGAIN");
	struct timespec	 pause;
	char		 n[16];
	int		 k = s != NULL ? atoi(s) : 0;

	if (k < 0 || k >= RUNS_AGAIN)
		return;
	snprintf(n, sizeof n, "%d", k + 1);
	if (unspool_stdout(c, 0) == -1 || setenv("XF_RUN_AGAIN", n, 1) == -1 ||
	    (lseek(STDIN_FILENO, 0, SEEK_SET) == -1 && errno != ESPIPE))
		return;
	output_remove();
	xf_ledger_close(c->ledger);
	c->ledger = NULL;
	srand((unsigned)getpid() ^ (unsigned)time(NULL));
	pause.tv_sec = 0;
	pause.tv_nsec = (long)(rand() % 50 + 10) * (k + 1) * 1000000L;
	nanosleep(&pause, NULL);
	execv("/proc/self/exe", c->argv);
	execvp(c->argv[0], c->argv);
	cmd_die(c, XF_EXIT_DATA, "%s: cannot run again after a deadlock: %s",
	    c->argv[0], strerror(errno));
}

int
cmd_batch_end(struct cmd_batch *b, const char *what)
{
	struct cmd	*c = b->c;
	xf_ledger	*l = c->ledger;
	int		 kept = 0;

	if (b->failed && xf_ledger_conflict(l) && xf_ledger_rollback(l) == 0) {
		if (b->reject_fp != NULL)
			fclose(b->reject_fp);
		b->reject_fp = NULL;
		run_again(c);
	}
	if (cmd_finish(c) == -1 || (b->reject_fp != NULL &&
	    close_reject(b) == -1))
		b->failed = 1;
	if (b->failed || (b->rejected > 0 && !c->keep_going) || c->dry_run) {
		if (xf_ledger_rollback(l) == -1)
			cmd_warn(c, "%s", xf_ledger_errmsg(l));
		if (!c->dry_run || b->failed)
			cmd_warn(c, "nothing %s: the batch was rolled back",
			    what);
	} else if (xf_ledger_commit(l) == -1) {
		/* A commit that fails (a full disk) keeps nothing: say so. */
		cmd_warn(c, "%s", xf_ledger_errmsg(l));
		b->failed = 1;
		if (xf_ledger_rollback(l) == -1)
			cmd_warn(c, "%s", xf_ledger_errmsg(l));
		cmd_warn(c, "nothing %s: the batch was rolled back", what);
	} else
		kept = 1;
	/* -o FILE is put in place for a batch kept, or a dry run. */
	c->hold_output = 0;
	if ((kept || (c->dry_run && !b->failed)) && output_commit(c) == -1)
		b->failed = 1;
	if (unspool_stdout(c, kept || (c->dry_run && !b->failed)) == -1)
		b->failed = 1;
	xf_record_free(b->in);
	xf_record_free(b->item);
	held_say();
	if (b->failed == XF_EXIT_CONFIG)
		return XF_EXIT_CONFIG;
	return b->failed || b->rejected > 0 ? XF_EXIT_DATA : XF_EXIT_OK;
}

int
cmd_applied(struct cmd_batch *b, const char *id, enum xf_applied rc)
{
	int	 r = cmd_counted(b, id, rc);

	/* Once the batch is bound to be rolled back, print no more. */
	if (r != -1 && (b->rejected == 0 || b->c->keep_going) &&
	    cmd_put(b->c, b->item) == -1)
		b->failed = 1;
	return r;
}

int
cmd_counted(struct cmd_batch *b, const char *id, enum xf_applied rc)
{
	char	 why[768];

	switch (rc) {
	case XF_APPLIED:
		b->done++;
		return 0;
	case XF_ALREADY:
		b->already++;
		return 1;
	case XF_REFUSED:
		snprintf(why, sizeof why, "%s: %s", id,
		    xf_ledger_errmsg(b->c->ledger));
		cmd_reject(b, why);
		return -1;
	default:
		cmd_warn(b->c, "%s: %s: %s", cmd_where(b, -1), id,
		    xf_ledger_errmsg(b->c->ledger));
		b->failed = rc == XF_STEP_CONFIG ? XF_EXIT_CONFIG :
		    XF_EXIT_DATA;
		return -1;
	}
}

const char *
cmd_record_id(struct cmd_batch *b)
{
	const char *id = xf_record_get(b->in, XF_F_ID);

	if (id == NULL || *id == '\0') {
		cmd_reject(b, "no id");
		return NULL;
	}
	return xf_ledger_case_id(b->c->ledger, id, b->id, sizeof b->id);
}

int
cmd_take_step(struct cmd_batch *b, const struct xf_step *st)
{
	const char *id = cmd_record_id(b);

	if (id == NULL)
		return -1;
	return cmd_applied(b, id, xf_ledger_step(b->c->ledger, id, st, b->item));
}

int
cmd_take_visit(struct cmd_batch *b, const struct xf_visit *v)
{
	const char *id = cmd_record_id(b);

	if (id == NULL)
		return -1;
	return cmd_applied(b, id, xf_ledger_visit(b->c->ledger, id, v, b->item));
}
