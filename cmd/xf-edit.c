/*
 * xf-edit - mend the ledger on the record: correct a case's fields,
 * void an item entered by mistake, merge a duplicate, link a repeat by
 * hand, undo a whole batch
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define USAGE "[-hkn] {--set FIELD=VALUE ... | --void | --unvoid |\n" \
	"\t--merge-into ID | --repeat-of ID | --first} --reason TEXT\n" \
	"\t[--visit DATE] [--actor NAME] [--bom] [--config FILE]\n" \
	"\t[--db FILE] [--dry-run] [--encoding ENC] [-f json|csv|table|xlsx]\n" \
	"\t[--header en|zh] [--input-format auto|json|csv] [--all-sheets]\n" \
	"\t[--header-row N] [--sheet NAME|N] [--keep-going] [--lang en|zh]\n" \
	"\t[-o FILE] [--raw-csv] [--reject FILE] [--reveal] [--version]\n" \
	"\t[FILE ...]\n" \
	"       xf-edit --undo-batch N --reason TEXT [--dry-run] [options]"

enum {
	OPT_SET = OPT_FIRST_PROGRAM_OPTION, OPT_VOID, OPT_UNVOID, OPT_MERGE,
	OPT_REPEAT_OF, OPT_FIRST, OPT_UNDO, OPT_REASON, OPT_VISIT
};

/* The option of each action, in the order of the enum from OPT_SET. */
static const char *const options[] = {
	"--set", "--void", "--unvoid", "--merge-into", "--repeat-of",
	"--first", "--undo-batch"
};

/* The edit of every record read. */
struct edit {
	struct xf_edit	 e;
	const char	*fields[64];
	const char	*values[64];
};

static int
take(struct cmd_batch *b, void *arg)
{
	const struct edit	*ed = arg;
	const char		*id = cmd_record_id(b);

	if (id == NULL)
		return -1;
	return cmd_applied(b, id, xf_ledger_edit(b->c->ledger, id, &ed->e,
	    b->item));
}

/* Each case an undo put back, printed as it stands. */
static int
undone(void *arg, const xf_record *item)
{
	struct cmd_batch	*b = arg;

	b->done++;
	if (cmd_put(b->c, item) == -1) {
		b->failed = 1;
		return 1;
	}
	return 0;
}

/* --set FIELD=VALUE: the field's name copied, the value in place. */
static void
set_option(struct cmd *c, struct edit *ed, const char *arg)
{
	const char	*eq = strchr(arg, '=');
	char		*name;

	if (eq == NULL || eq == arg)
		cmd_usage_error(c, "--set '%s': not FIELD=VALUE", arg);
	if (ed->e.n == (int)(sizeof ed->fields / sizeof ed->fields[0]))
		cmd_usage_error(c, "--set: more than %zu fields",
		    sizeof ed->fields / sizeof ed->fields[0]);
	if ((name = strndup(arg, (size_t)(eq - arg))) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	ed->fields[ed->e.n] = name;
	ed->values[ed->e.n++] = eq + 1;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CMD_OPTIONS, CMD_INPUT_OPTIONS, CMD_WRITE_OPTIONS,
		{ "first", no_argument, NULL, OPT_FIRST },
		{ "merge-into", required_argument, NULL, OPT_MERGE },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "repeat-of", required_argument, NULL, OPT_REPEAT_OF },
		{ "set", required_argument, NULL, OPT_SET },
		{ "undo-batch", required_argument, NULL, OPT_UNDO },
		{ "unvoid", no_argument, NULL, OPT_UNVOID },
		{ "visit", required_argument, NULL, OPT_VISIT },
		{ "void", no_argument, NULL, OPT_VOID },
		{ NULL, 0, NULL, 0 }
	};
	static const enum xf_edit_op ops[] = {
		XF_EDIT_SET, XF_EDIT_VOID, XF_EDIT_UNVOID, XF_EDIT_MERGE,
		XF_EDIT_REPEAT_OF, XF_EDIT_FIRST
	};
	struct cmd	 c;
	struct cmd_batch b;
	struct edit	 ed;
	long long	 batch = 0;
	char		*end, target[128];
	int		 ch, action = 0, status, r;

	memset(&ed, 0, sizeof ed);
	ed.e.field = ed.fields;
	ed.e.value = ed.values;
	cmd_init(&c, argv, "xf-edit", USAGE);
	while ((ch = getopt_long(argc, argv, "f:hkno:", longopts,
	    NULL)) != -1) {
		if (cmd_option(&c, ch, optarg))
			continue;
		switch (ch) {
		case OPT_REASON:
			if (*optarg == '\0')
				cmd_usage_error(&c, "--reason: empty");
			ed.e.reason = optarg;
			continue;
		case OPT_VISIT:
			ed.e.visit_at = optarg;
			continue;
		case OPT_SET:
			set_option(&c, &ed, optarg);
			break;
		case OPT_MERGE:
		case OPT_REPEAT_OF:
			if (*optarg == '\0')
				cmd_usage_error(&c, "%s: empty",
				    options[ch - OPT_SET]);
			ed.e.target = optarg;
			break;
		case OPT_UNDO:
			errno = 0;
			batch = strtoll(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg ||
			    batch < 1)
				cmd_usage_error(&c, "--undo-batch '%s': not a "
				    "batch number", optarg);
			break;
		case OPT_VOID:
		case OPT_UNVOID:
		case OPT_FIRST:
			break;
		default:
			exit(XF_EXIT_USAGE);
		}
		if (action != 0 && action != ch)
			cmd_usage_error(&c, "%s and %s exclude each other",
			    options[action - OPT_SET], options[ch - OPT_SET]);
		action = ch;
	}
	argc -= optind;
	argv += optind;
	if (action == 0)
		cmd_usage_error(&c, "no action: --set, --void, --unvoid, "
		    "--merge-into, --repeat-of, --first or --undo-batch");
	if (ed.e.reason == NULL)
		cmd_usage_error(&c, "%s needs --reason: every mending says why",
		    options[action - OPT_SET]);
	if (ed.e.visit_at != NULL && action != OPT_SET)
		cmd_usage_error(&c, "--visit goes with --set visit.NAME=VALUE");
	if (action == OPT_UNDO && argc > 0)
		cmd_usage_error(&c, "'%s': --undo-batch reads no input",
		    argv[0]);
	if (action == OPT_UNDO && (c.keep_going || c.reject != NULL))
		cmd_usage_error(&c, "--undo-batch is one whole: no "
		    "--keep-going or --reject");
	cmd_settings(&c);
	if (action == OPT_UNDO) {
		c.no_input = 1;
		cmd_batch_begin(&b, &c, 0, argv);
		if ((r = xf_ledger_undo_batch(c.ledger, batch, ed.e.reason,
		    undone, &b)) == -1) {
			cmd_warn(&c, "%s", xf_ledger_errmsg(c.ledger));
			b.failed = 1;
		}
		if (isatty(STDERR_FILENO) && r >= 0)
			cmd_warn(&c, "batch %lld: %d case%s %sput back", batch,
			    r, r == 1 ? "" : "s", c.dry_run ? "would be " :
			    "");
		status = cmd_batch_end(&b, "undone");
		cmd_free(&c);
		return status;
	}
	ed.e.op = ops[action - OPT_SET];
	cmd_batch_begin(&b, &c, argc, argv);
	if (ed.e.target != NULL)
		ed.e.target = xf_ledger_case_id(c.ledger, ed.e.target, target,
		    sizeof target);
	cmd_batch_read(&b, argc, argv, take, &ed);
	if (isatty(STDERR_FILENO))
		cmd_warn(&c, "%ld %schanged, %ld unchanged, %ld rejected",
		    b.done, c.dry_run ? "would be " : "", b.already,
		    b.rejected);
	status = cmd_batch_end(&b, "changed");
	while (ed.e.n > 0)
		free((char *)ed.fields[--ed.e.n]);
	cmd_free(&c);
	return status;
}
