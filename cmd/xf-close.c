/*
 * xf-close - record the reply to a case (办结), the answers of its review
 * and re-review, close it with a basis (销号) or reopen it; record a
 * measure against unlawful petitioning (依法处理) with a closure or on its
 * own; list the closed cases that a later repeat asks to reopen
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define USAGE "[-hkn] {--reply ANSWER | --review-reply ANSWER |\n" \
	"\t--re-review-reply ANSWER | --close BASIS | --reopen REASON |\n" \
	"\t--reopen-due | --measure KIND} [--actor NAME] [--bom]\n" \
	"\t[--config FILE] [--date DATE] [--db FILE] [--dry-run] [--encoding ENC]\n" \
	"\t[-f json|csv|table|xlsx] [--header en|zh]\n" \
	"\t[--input-format auto|json|csv]\n" \
	"\t[--all-sheets] [--header-row N] [--sheet NAME|N] [--keep-going] [--lang en|zh]\n" \
	"\t[--notes TEXT] [-o FILE] [--persons N] [--raw-csv]\n" \
	"\t[--reject FILE] [--reveal] [--version]\n" \
	"\t[FILE ...]"

enum {
	OPT_REPLY = OPT_FIRST_PROGRAM_OPTION, OPT_REVIEW_REPLY,
	OPT_REREVIEW_REPLY, OPT_CLOSE, OPT_REOPEN, OPT_REOPEN_DUE, OPT_DATE,
	OPT_MEASURE, OPT_PERSONS, OPT_NOTES
};

/* What is done to each case: a step, a measure, or both. */
struct todo {
	struct xf_step	 st;
	int		 step;
	struct xf_lawful m;
	int		 measure;
};

/* The option of each action, in the order of the enum from OPT_REPLY. */
static const char *const options[] = {
	"--reply", "--review-reply", "--re-review-reply", "--close",
	"--reopen", "--reopen-due"
};

/* The step an action option asks for, its value checked. */
static void
action_step(struct cmd *c, int opt, const char *arg, struct xf_step *st)
{
	static const enum xf_action steps[] = {
		XF_ACT_REPLY, XF_ACT_REVIEW_REPLY, XF_ACT_REREVIEW_REPLY,
		XF_ACT_CLOSE, XF_ACT_REOPEN
	};
	const char *t;

	xf_step_init(st, steps[opt - OPT_REPLY]);
	if (opt == OPT_REOPEN) {
		if (*arg == '\0')
			cmd_usage_error(c, "--reopen: empty");
		st->reason = arg;
	} else if (opt == OPT_CLOSE) {
		t = xf_field_token(XF_F_CLOSE_BASIS, arg, strlen(arg));
		if (t == NULL)
			cmd_usage_error(c, "--close '%s': not agreement, final, "
			    "reconsideration, litigation, lawful-handling, "
			    "supported-done or unchallenged", arg);
		st->result = t;
	} else {
		t = xf_field_token(XF_F_REPLY, arg, strlen(arg));
		if (t == NULL)
			cmd_usage_error(c, "%s '%s': not supported, explained "
			    "or not-supported", options[opt - OPT_REPLY], arg);
		st->result = t;
	}
}

/*
 * The measure first, then the step (a closure by lawful-handling): the
 * case changed if either changed it.
 */
static int
take(struct cmd_batch *b, void *arg)
{
	struct todo	*t = arg;
	const char	*id;
	enum xf_applied	 rc;

	if (!t->measure)
		return cmd_take_step(b, &t->st);
	if ((id = cmd_record_id(b)) == NULL)
		return -1;
	rc = xf_ledger_measure(b->c->ledger, id, &t->m, b->item);
	if (t->step && (rc == XF_APPLIED || rc == XF_ALREADY)) {
		enum xf_applied s = xf_ledger_step(b->c->ledger, id, &t->st,
		    b->item);

		rc = s == XF_ALREADY ? rc : s;
	}
	return cmd_applied(b, id, rc);
}


int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CMD_OPTIONS, CMD_INPUT_OPTIONS, CMD_WRITE_OPTIONS,
		{ "close", required_argument, NULL, OPT_CLOSE },
		{ "date", required_argument, NULL, OPT_DATE },
		{ "measure", required_argument, NULL, OPT_MEASURE },
		{ "notes", required_argument, NULL, OPT_NOTES },
		{ "persons", required_argument, NULL, OPT_PERSONS },
		{ "re-review-reply", required_argument, NULL,
		    OPT_REREVIEW_REPLY },
		{ "reopen", required_argument, NULL, OPT_REOPEN },
		{ "reopen-due", no_argument, NULL, OPT_REOPEN_DUE },
		{ "reply", required_argument, NULL, OPT_REPLY },
		{ "review-reply", required_argument, NULL, OPT_REVIEW_REPLY },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd	 c;
	struct cmd_batch b;
	struct todo	 t = { .m = { .people = 1 } };
	const char	*date = NULL, *persons = NULL;
	int		 ch, action = 0, status, k;

	cmd_init(&c, argv, "xf-close", USAGE);
	while ((ch = getopt_long(argc, argv, "f:hkno:", longopts,
	    NULL)) != -1) {
		if (cmd_option(&c, ch, optarg))
			continue;
		if (ch == OPT_DATE) {
			date = optarg;
			continue;
		}
		if (ch == OPT_MEASURE) {
			if ((k = xf_measure_parse(optarg, strlen(optarg))) ==
			    -1)
				cmd_usage_error(&c, "--measure '%s': not "
				    "admonition, detention, arrest or other",
				    optarg);
			t.m.kind = (enum xf_measure_kind)k;
			t.measure = 1;
			continue;
		}
		if (ch == OPT_PERSONS) {
			persons = optarg;
			t.m.people = cmd_number(&c, "--persons", optarg, 1,
			    1000000, "a number of persons");
			continue;
		}
		if (ch == OPT_NOTES) {
			if (*optarg == '\0')
				cmd_usage_error(&c, "--notes: empty");
			t.m.notes = optarg;
			continue;
		}
		if (action != 0 && action != ch)
			cmd_usage_error(&c, "%s and %s exclude each other",
			    options[action - OPT_REPLY],
			    options[ch - OPT_REPLY]);
		action = ch;
		if (ch != OPT_REOPEN_DUE)
			action_step(&c, ch, optarg, &t.st);
	}
	argc -= optind;
	argv += optind;
	if (action == 0 && !t.measure)
		cmd_usage_error(&c, "no action: --reply, --review-reply, "
		    "--re-review-reply, --close, --reopen, --reopen-due or "
		    "--measure");
	if ((persons != NULL || t.m.notes != NULL) && !t.measure)
		cmd_usage_error(&c, "--persons and --notes need --measure");
	if (t.measure && action != 0 && (action != OPT_CLOSE ||
	    strcmp(t.st.result, "lawful-handling") != 0))
		cmd_usage_error(&c, "--measure: alone, or with --close "
		    "lawful-handling");
	if (action == OPT_REOPEN_DUE && argc > 0)
		cmd_usage_error(&c, "'%s': --reopen-due reads no input",
		    argv[0]);
	if (action == OPT_REOPEN_DUE && date != NULL)
		cmd_usage_error(&c, "--date: not with --reopen-due");
	cmd_settings(&c);
	if (action == OPT_REOPEN_DUE) {
		/* The closed cases a later repeat asks to reopen. */
		cmd_ledger(&c, XF_L_READONLY);
		status = cmd_print(&c, xf_ledger_reopen_due(c.ledger));
		cmd_free(&c);
		return status;
	}
	cmd_check_date(&c, "--date", date);
	t.st.at = date;
	t.m.at = date;
	t.step = action != 0;
	cmd_batch_begin(&b, &c, argc, argv);
	cmd_batch_read(&b, argc, argv, take, &t);
	if (isatty(STDERR_FILENO))
		cmd_warn(&c, "%ld %schanged, %ld unchanged, %ld rejected",
		    b.done, c.dry_run ? "would be " : "", b.already,
		    b.rejected);
	status = cmd_batch_end(&b, "changed");
	cmd_free(&c);
	return status;
}
