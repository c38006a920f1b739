/*
 * xf-ledger - look after a ledger: create it, bring its schema up to
 * date, check it, and copy it with its whole history into another
 * ledger of either store (SQLite ⇄ PostgreSQL), new or in use
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

#define USAGE "[-h] [--config FILE] [--db PLACE] [-f json|csv|table|xlsx]\n" \
	"\t[--header en|zh] [-o FILE] [--version]\n" \
	"\tcreate | migrate | check | copy FROM TO"

/* The ledger a command works on: its place and its store. */
static const char *
place(struct cmd *c)
{
	return c->db != NULL ? c->db : xf_ledger_default_path();
}

static int
create(struct cmd *c)
{
	int	 was;

	cmd_ledger(c, 0);
	xf_ledger_version(c->ledger, &was);
	if (was != 0)
		cmd_die(c, XF_EXIT_DATA, "%s: a ledger is there already",
		    place(c));
	fprintf(stderr, "%s: %s: a new %s ledger, schema %d\n", c->prog,
	    place(c), xf_ledger_store(c->ledger), xf_ledger_version(c->ledger,
	    NULL));
	return XF_EXIT_OK;
}

static int
migrate(struct cmd *c)
{
	int	 was, now;

	cmd_ledger(c, XF_L_READONLY);
	now = xf_ledger_version(c->ledger, &was);
	if (was == now)
		fprintf(stderr, "%s: %s: schema %d, up to date\n", c->prog,
		    place(c), now);
	else
		fprintf(stderr, "%s: %s: schema %d, migrated from %d\n",
		    c->prog, place(c), now, was);
	return XF_EXIT_OK;
}

/* The tables as rows: table, rows, digest; the status on a failure. */
static int
census(struct cmd *c, xf_ledger *l)
{
	struct xf_census t[32];
	xf_record	*r;
	char		 n[32], d[32];
	int		 i, k, rc = 0;

	if ((k = xf_ledger_census(l, t, 32)) == -1)
		cmd_die(c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(l));
	if ((r = xf_record_new()) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	cmd_output(c, 1);
	for (i = 0; i < k && rc == 0; i++) {
		snprintf(n, sizeof n, "%lld", (long long)t[i].rows);
		snprintf(d, sizeof d, "%016llx",
		    (unsigned long long)t[i].digest);
		xf_record_clear(r);
		if (xf_record_add(r, "table", 5, t[i].table,
		    strlen(t[i].table), 0) == -1 ||
		    xf_record_add(r, "rows", 4, n, strlen(n), 1) == -1 ||
		    xf_record_add(r, "digest", 6, d, strlen(d), 0) == -1)
			cmd_die(c, XF_EXIT_DATA, "out of memory");
		rc = cmd_put(c, r);
	}
	xf_record_free(r);
	return rc == 0 ? XF_EXIT_OK : XF_EXIT_DATA;
}

static int
check(struct cmd *c)
{
	xf_cursor	*p;
	xf_record	*r;
	const char	*what, *key;
	long		 found = 0;
	int		 rc, status;

	cmd_ledger(c, XF_L_READONLY);
	if (xf_ledger_include_void(c->ledger, 1) == -1)
		cmd_die(c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(c->ledger));
	if ((p = xf_ledger_problems(c->ledger)) == NULL ||
	    (r = xf_record_new()) == NULL)
		cmd_die(c, XF_EXIT_DATA, "%s", p == NULL ?
		    xf_ledger_errmsg(c->ledger) : "out of memory");
	while ((rc = xf_cursor_next(p, r)) == 1) {
		what = xf_record_get_key(r, "problem");
		key = xf_record_get_key(r, "key");
		cmd_warn(c, "%s: %s%s%s", place(c), what ? what : "?",
		    key && *key ? ": " : "", key ? key : "");
		found++;
	}
	xf_record_free(r);
	xf_cursor_free(p);
	if (rc == -1)
		cmd_die(c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(c->ledger));
	status = census(c, c->ledger);
	if (found > 0) {
		cmd_warn(c, "%s: %ld problem%s found", place(c), found,
		    found == 1 ? "" : "s");
		return XF_EXIT_DATA;
	}
	return status;
}

static int
copy(struct cmd *c, const char *from, const char *to)
{
	xf_ledger	*a, *b;
	char		 err[768];
	int		 was;

	if ((a = xf_ledger_open(from, c->set, XF_L_READONLY, err,
	    sizeof err)) == NULL)
		cmd_die(c, XF_EXIT_DATA, "%s", err);
	if ((b = xf_ledger_open(to, c->set, 0, err, sizeof err)) == NULL) {
		xf_ledger_close(a);
		cmd_die(c, XF_EXIT_DATA, "%s", err);
	}
	xf_ledger_version(a, &was);
	if (was != xf_ledger_version(a, NULL))
		fprintf(stderr, "%s: %s: schema %d, migrated from %d\n",
		    c->prog, from, xf_ledger_version(a, NULL), was);
	if (xf_ledger_copy(a, b) == -1) {
		snprintf(err, sizeof err, "%s", xf_ledger_errmsg(b));
		xf_ledger_close(a);
		xf_ledger_close(b);
		cmd_die(c, XF_EXIT_DATA, "%s: %s", to, err);
	}
	xf_ledger_close(a);
	c->ledger = b;
	return census(c, b);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CMD_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	static const struct {
		const char	*name;
		int		 args;
	} commands[] = {
		{ "create", 0 }, { "migrate", 0 }, { "check", 0 },
		{ "copy", 2 },
	};
	struct cmd	 c;
	size_t		 i;
	int		 ch, status = XF_EXIT_OK;

	cmd_init(&c, argv, "xf-ledger", USAGE);
	while ((ch = getopt_long(argc, argv, "f:ho:", longopts, NULL)) != -1)
		if (!cmd_option(&c, ch, optarg))
			cmd_usage_error(&c, "unknown option");
	argc -= optind;
	argv += optind;
	if (argc == 0)
		cmd_usage_error(&c, "no command: create, migrate, check or "
		    "copy");
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			break;
	if (i == sizeof commands / sizeof commands[0])
		cmd_usage_error(&c, "'%s': no such command", argv[0]);
	if (argc - 1 != commands[i].args)
		cmd_usage_error(&c, "%s takes %s", argv[0], commands[i].args ?
		    "FROM and TO" : "no arguments");
	if (commands[i].args && c.db != NULL)
		cmd_usage_error(&c, "copy names its ledgers: no --db");
	cmd_settings(&c);
	switch (i) {
	case 0:
		status = create(&c);
		break;
	case 1:
		status = migrate(&c);
		break;
	case 2:
		status = check(&c);
		break;
	default:
		status = copy(&c, argv[1], argv[2]);
		break;
	}
	if (cmd_finish(&c) == -1)
		status = XF_EXIT_DATA;
	cmd_free(&c);
	return status;
}
