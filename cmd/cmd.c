/*
 * cmd.c - what every xf program shares
 */
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"

void
cmd_init(struct cmd *c, const char *prog, const char *usage)
{
	memset(c, 0, sizeof *c);
	c->prog = prog;
	c->usage = usage;
	c->format = XF_FORMAT_JSON;
	c->input_format = XF_FORMAT_AUTO;
	/* A reader that goes away is seen as EPIPE, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	if (!XF_VERSION_OK())
		cmd_die(c, XF_EXIT_CONFIG, "libxf %s is not compatible with "
		    "this program (built for %s)", xf_version(), XF_VERSION);
}

static void
vwarn(const struct cmd *c, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", c->prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
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

static void
help(const struct cmd *c)
{
	printf("usage: %s %s\n", c->prog, c->usage);
	printf("See %s(1) for the options; xf(7) for the toolkit.\n",
	    c->prog);
	if (fflush(stdout) != 0 || ferror(stdout))
		cmd_die(c, XF_EXIT_DATA, "standard output: %s",
		    strerror(errno));
	exit(XF_EXIT_OK);
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
	if (input && strcmp(arg, "auto") == 0)
		return XF_FORMAT_AUTO;
	cmd_usage_error(c, "%s '%s': not %s", input ? "--input-format" :
	    "--format", arg, input ? "auto, json or csv" :
	    "json, csv or table");
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
	case OPT_INPUT_FORMAT:
		c->input_format = format_arg(c, arg, 1);
		break;
	case OPT_LANG:
		if (en_zh(c, "--lang", arg))
			c->wflags |= XF_W_LANG_ZH;
		else
			c->wflags &= ~(unsigned)XF_W_LANG_ZH;
		break;
	case OPT_REVEAL:
		c->wflags |= XF_W_REVEAL;
		break;
	case OPT_VERSION:
		printf("%s (xf) %s\n", c->prog, xf_version());
		exit(XF_EXIT_OK);
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
	c->out = plain ? xf_writer_new_plain(stdout, c->format, c->wflags) :
	    xf_writer_new(stdout, c->format, c->wflags);
	if (c->out == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
}

/* After a failed write: a reader that went away, or an error. */
static int
output_failed(struct cmd *c)
{
	if (errno == EPIPE) {
		c->out_gone = 1;
		return 0;
	}
	cmd_warn(c, "standard output: %s", strerror(errno));
	return -1;
}

int
cmd_put(struct cmd *c, const xf_record *r)
{
	if (c->out_gone || xf_writer_put(c->out, r) == 0)
		return 0;
	return output_failed(c);
}

int
cmd_finish(struct cmd *c)
{
	if (c->out_gone || c->out == NULL || xf_writer_finish(c->out) == 0)
		return 0;
	return output_failed(c);
}

void
cmd_free(struct cmd *c)
{
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
