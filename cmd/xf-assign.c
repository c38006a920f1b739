/*
 * xf-assign - accept, transfer or refuse cases; assign them to a
 * responsible unit, a handler and a lead official, by hand, by a routing
 * table and by a roster; extend, escalate, and ask for review and
 * re-review
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define USAGE "[-hkn] {--accept | --transfer BODY | --refuse ROUTE |\n" \
	"\t--unit UNIT | --routes FILE | --extend DAYS | --escalate |\n" \
	"\t--review | --re-review | --hearing DAYS | --unit-accept |\n" \
	"\t--unit-decline REASON}\n" \
	"\t[--actor NAME] [--bom]\n" \
	"\t[--config FILE] [--date DATE] [--db FILE] [--dry-run]\n" \
	"\t[--encoding ENC] [-f json|csv|table|xlsx] [--handler NAME]\n" \
	"\t[--header en|zh] [--input-format auto|json|csv]\n" \
	"\t[--all-sheets] [--header-row N] [--sheet NAME|N] [--keep-going]\n" \
	"\t[--lang en|zh] [--lead NAME] [--new-facts TEXT] [-o FILE]\n" \
	"\t[--raw-csv]\n" \
	"\t[--reason TEXT] [--reject FILE] [--reveal] [--roster FILE]\n" \
	"\t[--rung RUNG] [--simplified] [--version] [FILE ...]"

/* The actions first, in the order of options[] and steps[]. */
enum {
	OPT_ACCEPT = OPT_FIRST_PROGRAM_OPTION, OPT_TRANSFER, OPT_REFUSE,
	OPT_UNIT, OPT_ROUTES, OPT_EXTEND, OPT_ESCALATE, OPT_REVIEW,
	OPT_REREVIEW, OPT_HEARING, OPT_UNIT_ACCEPT, OPT_UNIT_DECLINE,
	OPT_DATE, OPT_HANDLER, OPT_LEAD, OPT_REASON, OPT_ROSTER, OPT_RUNG,
	OPT_SIMPLIFIED, OPT_NEW_FACTS
};

static const char *const options[] = {
	"--accept", "--transfer", "--refuse", "--unit", "--routes",
	"--extend", "--escalate", "--review", "--re-review", "--hearing",
	"--unit-accept", "--unit-decline"
};

struct assign {
	struct xf_step	 step;
	struct xf_routes *routes;
	struct xf_roster *roster;
	xf_record	*found;		/* the case before the step */
};

/* The value of an option that names something: not empty. */
static const char *
text(struct cmd *c, const char *opt, const char *arg)
{
	if (*arg == '\0')
		cmd_usage_error(c, "%s: empty", opt);
	return arg;
}

static int
days(struct cmd *c, const char *opt, const char *arg)
{
	return (int)cmd_number(c, opt, arg, 1, 3650, "a number of days");
}

/* The step an action option asks for, its value checked. */
static void
action_step(struct cmd *c, int opt, const char *arg, struct xf_step *st,
    const char **routes)
{
	static const enum xf_action steps[] = {
		XF_ACT_ACCEPT, XF_ACT_TRANSFER, XF_ACT_REFUSE, XF_ACT_ASSIGN,
		XF_ACT_ASSIGN, XF_ACT_EXTEND, XF_ACT_ESCALATE, XF_ACT_REVIEW,
		XF_ACT_REREVIEW, XF_ACT_HEARING, XF_ACT_UNIT_ACCEPT,
		XF_ACT_UNIT_DECLINE
	};
	const char *name = options[opt - OPT_ACCEPT];

	xf_step_init(st, steps[opt - OPT_ACCEPT]);
	switch (opt) {
	case OPT_TRANSFER:
	case OPT_UNIT:
		st->unit = text(c, name, arg);
		break;
	case OPT_REFUSE:
	case OPT_UNIT_DECLINE:
		st->reason = text(c, name, arg);
		break;
	case OPT_ROUTES:
		*routes = arg;
		break;
	case OPT_EXTEND:
	case OPT_HEARING:
		st->days = days(c, name, arg);
		break;
	}
}

/* A runtime error on case id: reported, and the batch rolled back. */
static int
failed(struct cmd_batch *b, const char *id)
{
	cmd_warn(b->c, "%s: %s: %s", cmd_where(b, -1), id,
	    xf_ledger_errmsg(b->c->ledger));
	b->failed = 1;
	return -1;
}

/* Read case id into a->found: 1, 0 when there is no such case, -1. */
static int
find(struct cmd_batch *b, struct assign *a, const char *id)
{
	struct xf_filter f;
	xf_cursor	*cur;
	int		 rc;

	xf_filter_init(&f);
	f.id = id;
	if ((cur = xf_ledger_select(b->c->ledger, &f)) == NULL)
		return failed(b, id);
	rc = xf_cursor_next(cur, a->found);
	xf_cursor_free(cur);
	return rc == -1 ? failed(b, id) : rc;
}

/*
 * The handler or lead (field) of case id at unit: whoever holds it
 * already, so that a step run twice is applied once (a handler only
 * while the case stays at the unit: another unit clears it); else the
 * roster's person of the unit with the fewest open cases.  A handler is
 * needed, a lead official only where the unit has one.  0, or -1 after
 * the record is rejected or an error.
 */
static int
staff(struct cmd_batch *b, struct assign *a, const char *id,
    const char *unit, int field, const char **name)
{
	const char	*held = xf_record_get(a->found, field);
	const char	*at = xf_record_get(a->found, XF_F_UNIT);
	char		 why[512];

	if (held != NULL && *held != '\0' && (field == XF_F_LEAD ||
	    (at != NULL && strcmp(at, unit) == 0))) {
		*name = held;
		return 0;
	}
	switch (xf_roster_pick(a->roster, b->c->ledger, unit,
	    xf_field_name(field), name)) {
	case 0:
		return 0;
	case 1:
		if (field == XF_F_LEAD)
			return 0;
		snprintf(why, sizeof why, "%s: no handler of unit '%s' in the "
		    "roster", id, unit);
		cmd_reject(b, why);
		return -1;
	default:
		return failed(b, id);
	}
}

/*
 * Choose the unit of case id by the routing table, and its handler and
 * lead by the roster, from the case as it stands.  0, or -1 after the
 * record is rejected or an error.  A case the ledger does not have is
 * left for the step to report.
 */
static int
choose(struct cmd_batch *b, struct assign *a, const char *id,
    struct xf_step *st)
{
	const char	*cat, *reg;
	char		 why[1024];
	int		 rc;

	if ((rc = find(b, a, id)) != 1)
		return rc;
	if (a->routes != NULL) {
		cat = xf_record_get(a->found, XF_F_CATEGORY);
		reg = xf_record_get(a->found, XF_F_REGION);
		st->unit = xf_routes_match(a->routes, cat, reg);
		if (st->unit == NULL) {
			snprintf(why, sizeof why, "%s: no route for category "
			    "'%s' region '%s'", id, cat ? cat : "",
			    reg ? reg : "");
			cmd_reject(b, why);
			return -1;
		}
	}
	if (a->roster == NULL)
		return 0;
	if (st->handler == NULL && staff(b, a, id, st->unit, XF_F_HANDLER,
	    &st->handler) == -1)
		return -1;
	if (st->lead == NULL && staff(b, a, id, st->unit, XF_F_LEAD,
	    &st->lead) == -1)
		return -1;
	return 0;
}

static int
take(struct cmd_batch *b, void *arg)
{
	struct assign	*a = arg;
	struct xf_step	 st = a->step;
	const char	*id = cmd_record_id(b);
	enum xf_applied	 rc;

	if (id == NULL)
		return -1;
	if ((a->routes != NULL || a->roster != NULL) &&
	    choose(b, a, id, &st) == -1)
		return -1;
	rc = xf_ledger_step(b->c->ledger, id, &st, b->item);
	/* The roster's counts, as the step left them (a->found: before). */
	if (rc == XF_APPLIED && a->roster != NULL)
		xf_roster_stepped(a->roster, a->found, b->item);
	return cmd_applied(b, id, rc);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CMD_OPTIONS, CMD_INPUT_OPTIONS, CMD_WRITE_OPTIONS,
		{ "accept", no_argument, NULL, OPT_ACCEPT },
		{ "date", required_argument, NULL, OPT_DATE },
		{ "escalate", no_argument, NULL, OPT_ESCALATE },
		{ "extend", required_argument, NULL, OPT_EXTEND },
		{ "handler", required_argument, NULL, OPT_HANDLER },
		{ "hearing", required_argument, NULL, OPT_HEARING },
		{ "lead", required_argument, NULL, OPT_LEAD },
		{ "new-facts", required_argument, NULL, OPT_NEW_FACTS },
		{ "re-review", no_argument, NULL, OPT_REREVIEW },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "refuse", required_argument, NULL, OPT_REFUSE },
		{ "review", no_argument, NULL, OPT_REVIEW },
		{ "roster", required_argument, NULL, OPT_ROSTER },
		{ "routes", required_argument, NULL, OPT_ROUTES },
		{ "rung", required_argument, NULL, OPT_RUNG },
		{ "simplified", no_argument, NULL, OPT_SIMPLIFIED },
		{ "transfer", required_argument, NULL, OPT_TRANSFER },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "unit-accept", no_argument, NULL, OPT_UNIT_ACCEPT },
		{ "unit-decline", required_argument, NULL, OPT_UNIT_DECLINE },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd	 c;
	struct cmd_batch b;
	struct assign	 a = { 0 };
	const char	*date = NULL, *handler = NULL, *lead = NULL;
	const char	*reason = NULL, *routes = NULL, *roster = NULL;
	const char	*rung = NULL, *new_facts = NULL;
	char		 err[768];
	int		 ch, action = 0, status, simplified = 0;

	cmd_init(&c, argv, "xf-assign", USAGE);
	while ((ch = getopt_long(argc, argv, "f:hkno:", longopts,
	    NULL)) != -1) {
		if (cmd_option(&c, ch, optarg))
			continue;
		switch (ch) {
		case OPT_DATE:
			date = optarg;
			break;
		case OPT_HANDLER:
			handler = text(&c, "--handler", optarg);
			break;
		case OPT_LEAD:
			lead = text(&c, "--lead", optarg);
			break;
		case OPT_REASON:
			reason = text(&c, "--reason", optarg);
			break;
		case OPT_ROSTER:
			roster = optarg;
			break;
		case OPT_SIMPLIFIED:
			simplified = 1;
			break;
		case OPT_NEW_FACTS:
			new_facts = text(&c, "--new-facts", optarg);
			break;
		case OPT_RUNG:
			rung = xf_field_token(XF_F_RUNG, optarg, strlen(optarg));
			if (rung == NULL)
				cmd_usage_error(&c, "--rung '%s': not village, "
				    "village-again, township, county or court",
				    optarg);
			break;
		default:
			if (action != 0 && action != ch)
				cmd_usage_error(&c, "%s and %s exclude each "
				    "other", options[action - OPT_ACCEPT],
				    options[ch - OPT_ACCEPT]);
			action = ch;
			action_step(&c, ch, optarg, &a.step, &routes);
		}
	}
	argc -= optind;
	argv += optind;
	if (action == 0)
		cmd_usage_error(&c, "no action: --accept, --transfer, --refuse, "
		    "--unit, --routes, --extend, --escalate, --review, "
		    "--re-review, --hearing, --unit-accept or --unit-decline");
	if ((handler != NULL || lead != NULL || roster != NULL) &&
	    action != OPT_UNIT && action != OPT_ROUTES)
		cmd_usage_error(&c, "--handler, --lead and --roster go with "
		    "--unit or --routes");
	if (action == OPT_EXTEND && reason == NULL)
		cmd_usage_error(&c, "--extend needs --reason");
	if (action != OPT_EXTEND && reason != NULL)
		cmd_usage_error(&c, "--reason goes with --extend");
	if (action != OPT_ESCALATE && rung != NULL)
		cmd_usage_error(&c, "--rung goes with --escalate");
	if (simplified && action != OPT_ACCEPT && action != OPT_UNIT &&
	    action != OPT_ROUTES)
		cmd_usage_error(&c, "--simplified goes with --accept, --unit "
		    "or --routes");
	if (new_facts != NULL && action != OPT_ACCEPT && action != OPT_UNIT &&
	    action != OPT_ROUTES)
		cmd_usage_error(&c, "--new-facts goes with --accept, --unit "
		    "or --routes");
	cmd_settings(&c);
	cmd_check_date(&c, "--date", date);
	a.step.at = date;
	a.step.result = rung;
	a.step.simplified = simplified;
	a.step.new_facts = new_facts;
	a.step.handler = handler;
	a.step.lead = lead;
	if (reason != NULL)
		a.step.reason = reason;
	if (routes != NULL && (a.routes = xf_routes_new(routes, c.set, err,
	    sizeof err)) == NULL)
		cmd_die(&c, XF_EXIT_CONFIG, "%s", err);
	if (roster != NULL && (a.roster = xf_roster_new(roster, err,
	    sizeof err)) == NULL)
		cmd_die(&c, XF_EXIT_CONFIG, "%s", err);
	if ((a.found = xf_record_new()) == NULL)
		cmd_die(&c, XF_EXIT_DATA, "out of memory");
	cmd_batch_begin(&b, &c, argc, argv);
	cmd_batch_read(&b, argc, argv, take, &a);
	if (isatty(STDERR_FILENO))
		cmd_warn(&c, "%ld %schanged, %ld unchanged, %ld rejected",
		    b.done, c.dry_run ? "would be " : "", b.already,
		    b.rejected);
	status = cmd_batch_end(&b, "changed");
	xf_record_free(a.found);
	xf_roster_free(a.roster);
	xf_routes_free(a.routes);
	cmd_free(&c);
	return status;
}
