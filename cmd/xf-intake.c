/*
 * xf-intake - register petition items from CSV or NDJSON in the ledger
 */
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
	"\t[--new] [--reject FILE] [--reveal] [--update] [--version]\n" \
	"\t[FILE ...]"

enum { OPT_OFFICE = OPT_FIRST_PROGRAM_OPTION, OPT_UPDATE, OPT_NEW };

static int
take(struct cmd_batch *b, void *arg)
{
	unsigned	*flags = arg;
	char		 err[1024];
	const char	*existing;
	int		 rc;

	if (xf_item_normalize(b->c->set, b->in, b->item, err,
	    sizeof err) == -1) {
		cmd_reject(b, err);
		return -1;
	}
	rc = xf_ledger_register(b->c->ledger, b->item, *flags, &existing);
	switch (rc) {
	case XF_REG_CONFIG:
		cmd_warn(b->c, "%s: %s", cmd_where(b, -1),
		    xf_ledger_errmsg(b->c->ledger));
		b->failed = XF_EXIT_CONFIG;
		return -1;
	case XF_REG_ERROR:
	case XF_REG_DIFFERS:
		cmd_reject(b, xf_ledger_errmsg(b->c->ledger));
		return -1;
	case XF_REG_DUPLICATE:
		cmd_skip(b, xf_ledger_errmsg(b->c->ledger));
		return 1;
	case XF_REG_UPDATED:
		cmd_warn(b->c, "%s: %s%s", cmd_where(b, -1),
		    xf_ledger_errmsg(b->c->ledger),
		    b->c->dry_run ? " (dry run)" : "");
		b->updated++;
		break;
	default:
		b->done++;
		break;
	}
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
		{ "update", no_argument, NULL, OPT_UPDATE },
		{ "new", no_argument, NULL, OPT_NEW },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd	 c;
	struct cmd_batch b;
	unsigned	 flags = 0;
	const char	*office = NULL;
	int		 ch, status;

	cmd_init(&c, argv, "xf-intake", USAGE);
	while ((ch = getopt_long(argc, argv, "f:hkno:", longopts,
	    NULL)) != -1) {
		if (cmd_option(&c, ch, optarg))
			continue;
		if (ch == OPT_OFFICE)
			office = optarg;
		else if (ch == OPT_UPDATE)
			flags |= XF_REG_UPDATE;
		else if (ch == OPT_NEW)
			flags |= XF_REG_AS_NEW;
	}
	argc -= optind;
	argv += optind;
	cmd_settings(&c);
	if (office != NULL && xf_settings_set_office(c.set, office) == -1)
		cmd_usage_error(&c, "--office '%s': letters and digits "
		    "only, at most 31", office);
	cmd_batch_begin(&b, &c, argc, argv);
	cmd_batch_read(&b, argc, argv, take, &flags);
	if (isatty(STDERR_FILENO))
		cmd_warn(&c, "%ld %sregistered, %ld %scorrected, %ld "
		    "already registered, %ld rejected", b.done,
		    c.dry_run ? "would be " : "", b.updated,
		    c.dry_run ? "would be " : "", b.already, b.rejected);
	status = cmd_batch_end(&b, "registered");
	cmd_free(&c);
	return status;
}
