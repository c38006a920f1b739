/*
 * xf-visit - record returning visits (回访) and their evaluations; list
 * the visits owed, or the visits of a case
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define USAGE "[-hkn] [--actor NAME] [--bom] [--config FILE] [--date DATE]\n" \
	"\t[--db FILE] [--dry-run] [--due] [--encoding ENC]\n" \
	"\t[-f json|csv|table|xlsx] [--header en|zh]\n" \
	"\t[--input-format auto|json|csv]\n" \
	"\t[--all-sheets] [--header-row N] [--sheet NAME|N] [--keep-going]\n" \
	"\t[--kind phone|in-person|three-party|lead] [--lang en|zh]\n" \
	"\t[--list ID] [--notes TEXT]\n" \
	"\t[--outcome satisfied|basic|unsatisfied|unreachable] [-o FILE]\n" \
	"\t[--participants TEXT] [--raw-csv] [--reject FILE] [--reveal]\n" \
	"\t[--threat] [--version] [--visitor NAME] [FILE ...]"

enum {
	OPT_DATE = OPT_FIRST_PROGRAM_OPTION, OPT_DUE, OPT_KIND, OPT_LIST,
	OPT_NOTES, OPT_OUTCOME, OPT_PARTICIPANTS, OPT_THREAT, OPT_VISITOR
};

static const char *
kind(struct cmd *c, const char *arg)
{
	static const char *const kinds[] = {
		"phone", "in-person", "three-party", "lead"
	};
	size_t	 i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(arg, kinds[i]) == 0)
			return kinds[i];
	cmd_usage_error(c, "--kind '%s': not phone, in-person, three-party "
	    "or lead", arg);
}

/* An outcome as its token: an evaluation (English or Chinese), or none. */
static const char *
outcome(struct cmd *c, const char *arg)
{
	const char *t;

	if (strcmp(arg, "unreachable") == 0 || strcmp(arg, "联系不上") == 0)
		return "unreachable";
	t = xf_field_token(XF_F_SATISFACTION, arg, strlen(arg));
	if (t == NULL)
		cmd_usage_error(c, "--outcome '%s': not satisfied, basic, "
		    "unsatisfied or unreachable", arg);
	return t;
}

static int
take(struct cmd_batch *b, void *arg)
{
	return cmd_take_visit(b, arg);
}

/* --due and --list: rows of the ledger, as they come. */
static int
list(struct cmd *c, const char *id)
{
	char	 buf[128];

	cmd_ledger(c, XF_L_READONLY);
	if (id == NULL)
		return cmd_print(c, xf_ledger_visits_due(c->ledger));
	return cmd_print(c, xf_ledger_visits(c->ledger,
	    xf_ledger_case_id(c->ledger, id, buf, sizeof buf)));
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CMD_OPTIONS, CMD_INPUT_OPTIONS, CMD_WRITE_OPTIONS,
		{ "date", required_argument, NULL, OPT_DATE },
		{ "due", no_argument, NULL, OPT_DUE },
		{ "kind", required_argument, NULL, OPT_KIND },
		{ "list", required_argument, NULL, OPT_LIST },
		{ "notes", required_argument, NULL, OPT_NOTES },
		{ "outcome", required_argument, NULL, OPT_OUTCOME },
		{ "participants", required_argument, NULL, OPT_PARTICIPANTS },
		{ "threat", no_argument, NULL, OPT_THREAT },
		{ "visitor", required_argument, NULL, OPT_VISITOR },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd	 c;
	struct cmd_batch b;
	struct xf_visit	 v = { .kind = "phone" };
	const char	*id = NULL;
	int		 ch, li, due = 0, visit_options = 0, status;

	cmd_init(&c, argv, "xf-visit", USAGE);
	while ((ch = getopt_long(argc, argv, "f:hkno:", longopts,
	    &li)) != -1) {
		if (cmd_option(&c, ch, optarg))
			continue;
		/* Every option of xf-visit's own names something. */
		if (optarg != NULL && *optarg == '\0')
			cmd_usage_error(&c, "--%s: empty", longopts[li].name);
		if (ch != OPT_DUE && ch != OPT_LIST)
			visit_options = 1;
		switch (ch) {
		case OPT_DATE:
			v.at = optarg;
			break;
		case OPT_DUE:
			due = 1;
			break;
		case OPT_KIND:
			v.kind = kind(&c, optarg);
			break;
		case OPT_LIST:
			id = optarg;
			break;
		case OPT_NOTES:
			v.notes = optarg;
			break;
		case OPT_OUTCOME:
			v.outcome = outcome(&c, optarg);
			break;
		case OPT_PARTICIPANTS:
			v.participants = optarg;
			break;
		case OPT_THREAT:
			v.threat = 1;
			break;
		case OPT_VISITOR:
			v.visitor = optarg;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (due && id != NULL)
		cmd_usage_error(&c, "--due and --list exclude each other");
	if ((due || id != NULL) && visit_options)
		cmd_usage_error(&c, "%s records no visit", due ? "--due" :
		    "--list");
	if ((due || id != NULL) && argc > 0)
		cmd_usage_error(&c, "'%s': %s reads no input", argv[0],
		    due ? "--due" : "--list");
	cmd_settings(&c);
	if (due || id != NULL) {
		status = list(&c, id);
		cmd_free(&c);
		return status;
	}
	cmd_check_date(&c, "--date", v.at);
	cmd_batch_begin(&b, &c, argc, argv);
	cmd_batch_read(&b, argc, argv, take, &v);
	if (isatty(STDERR_FILENO))
		cmd_warn(&c, "%ld %srecorded, %ld recorded before, %ld "
		    "rejected", b.done, c.dry_run ? "would be " : "",
		    b.already, b.rejected);
	status = cmd_batch_end(&b, "recorded");
	cmd_free(&c);
	return status;
}
