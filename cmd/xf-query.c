/*
 * xf-query - select items from the ledger, count them, list their ids,
 * print the handlings of the cases, or a case's history
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define USAGE "[-h] [--actor NAME] [--batches] [--bom] [--category PREFIX]\n" \
	"\t[--channel CHANNEL] [--claim CLAIM] [--collective]\n" \
	"\t[--config FILE] [--count] [--db FILE] [--due-within DAYS]\n" \
	"\t[-f json|csv|table|xlsx] [--first] [--from DATE]\n" \
	"\t[--handler NAME] [--handling N] [--handlings]\n" \
	"\t[--header en|zh] [--history ID] [--id ID] [--ids]\n" \
	"\t[--include-void] [--key-case]\n" \
	"\t[--lang en|zh] [--lead NAME] [--level LEVEL] [--limit N]\n" \
	"\t[-o FILE] [--overdue]\n" \
	"\t[--person ID_NUMBER | --person 'NAME PHONE'] [--raw-csv]\n" \
	"\t[--ref REF] [--region PREFIX] [--repeat] [--reveal]\n" \
	"\t[--risk 1|2|3] [--skip-level] [--source SOURCE]\n" \
	"\t[--state STATE] [--status STATUS] [--text TEXT] [--threat]\n" \
	"\t[--to DATE] [--undelivered] [--unit UNIT] [--version]"

enum {
	OPT_CATEGORY = OPT_FIRST_PROGRAM_OPTION, OPT_CHANNEL, OPT_COLLECTIVE,
	OPT_COUNT, OPT_FIRST, OPT_FROM, OPT_HISTORY, OPT_ID, OPT_IDS,
	OPT_LEVEL, OPT_LIMIT, OPT_REF, OPT_REGION, OPT_REPEAT, OPT_SKIP_LEVEL,
	OPT_SOURCE, OPT_STATUS, OPT_TEXT, OPT_TO, OPT_UNIT, OPT_OVERDUE,
	OPT_DUE_WITHIN, OPT_STATE, OPT_CLAIM, OPT_KEY_CASE, OPT_RISK,
	OPT_PERSON, OPT_HANDLER, OPT_LEAD, OPT_THREAT, OPT_HANDLING,
	OPT_HANDLINGS, OPT_BATCHES, OPT_INCLUDE_VOID, OPT_UNDELIVERED
};

/* The value of an option that names someone: not empty. */
static const char *
name(struct cmd *c, const char *opt, const char *arg)
{
	if (*arg == '\0')
		cmd_usage_error(c, "%s: empty", opt);
	return arg;
}

/* The English token of an enumerated filter value, or a usage error. */
static const char *
token(struct cmd *c, int field, const char *opt, const char *arg)
{
	const char *t = xf_field_token(field, arg, strlen(arg));

	if (t == NULL)
		cmd_usage_error(c, "%s '%s': not a %s", opt, arg,
		    xf_field_name(field));
	return t;
}

/* A day in any form xf-record(5) takes, as YYYY-MM-DD in the office zone. */
static char *
day(struct cmd *c, const char *opt, const char *arg, char *buf)
{
	struct xf_time	 t;
	const char	*why;

	if (xf_time_parse(arg, xf_settings_tz(c->set), &t, &why) == -1)
		cmd_usage_error(c, "%s '%s': %s", opt, arg, why);
	return xf_time_day(t, xf_settings_tz(c->set), buf, 11);
}

/*
 * --person: an ID number, or a name and a phone number after it
 * (separated by a space, a comma or a slash), as the ledger holds them.
 * A personal value is never quoted in a message.
 */
static void
person(struct cmd *c, const char *arg, struct xf_filter *f, char id[19],
    char *name, size_t namelen, char *phone, size_t phonelen)
{
	const char	*why, *sep = NULL, *p;
	size_t		 n;

	if (xf_check_id_number(arg, id, &why) == 0) {
		f->person_id = id;
		return;
	}
	for (p = arg; *p != '\0' && sep == NULL; p++)
		if (*p == ' ' || *p == ',' || *p == '/')
			sep = p;
	n = sep != NULL ? (size_t)(sep - arg) : 0;
	while (n > 0 && (arg[n - 1] == ' ' || arg[n - 1] == ','))
		n--;
	if (sep == NULL || n == 0 || n >= namelen ||
	    xf_check_phone(sep + 1, phone, phonelen, &why) == -1)
		cmd_usage_error(c, "--person: not an ID number, nor a name and "
		    "a phone number (\"张三 13800138000\")");
	memcpy(name, arg, n);
	name[n] = '\0';
	f->person_name = name;
	f->person_phone = phone;
}

static int
select_items(struct cmd *c, const struct xf_filter *f, int ids)
{
	xf_cursor	*cur;
	xf_record	*r;
	const char	*id;
	int		 rc, bad = 0;

	if ((cur = xf_ledger_select(c->ledger, f)) == NULL)
		cmd_die(c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(c->ledger));
	if ((r = xf_record_new()) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	if (!ids)
		cmd_output(c, 0);
	while ((rc = xf_cursor_next(cur, r)) == 1) {
		if (ids) {
			id = xf_record_get(r, XF_F_ID);
			if (printf("%s\n", id) < 0)
				break;
		} else if (cmd_put(c, r) == -1) {
			bad = 1;
			break;
		} else if (c->out_gone)
			break;
	}
	if (rc == -1)
		cmd_warn(c, "%s", xf_ledger_errmsg(c->ledger));
	xf_cursor_free(cur);
	xf_record_free(r);
	return rc == -1 || bad || cmd_finish(c) == -1 ? XF_EXIT_DATA :
	    XF_EXIT_OK;
}

/*
 * Print the handlings of the cases f selects (n > 0: handling n only),
 * or their number.
 */
static int
select_handlings(struct cmd *c, const struct xf_filter *f, int n, int count)
{
	xf_cursor	*cur;
	xf_record	*r;
	long long	 rows = 0;
	int		 rc;

	cur = xf_ledger_handlings(c->ledger, f, n);
	if (!count)
		return cmd_print(c, cur);
	if (cur == NULL)
		cmd_die(c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(c->ledger));
	if ((r = xf_record_new()) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	while ((rc = xf_cursor_next(cur, r)) == 1)
		rows++;
	xf_cursor_free(cur);
	xf_record_free(r);
	if (rc == -1)
		cmd_die(c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(c->ledger));
	printf("%lld\n", rows);
	return cmd_finish(c) == -1 ? XF_EXIT_DATA : XF_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CMD_OPTIONS,
		{ "batches", no_argument, NULL, OPT_BATCHES },
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "channel", required_argument, NULL, OPT_CHANNEL },
		{ "claim", required_argument, NULL, OPT_CLAIM },
		{ "collective", no_argument, NULL, OPT_COLLECTIVE },
		{ "count", no_argument, NULL, OPT_COUNT },
		{ "due-within", required_argument, NULL, OPT_DUE_WITHIN },
		{ "first", no_argument, NULL, OPT_FIRST },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "handler", required_argument, NULL, OPT_HANDLER },
		{ "handling", required_argument, NULL, OPT_HANDLING },
		{ "handlings", no_argument, NULL, OPT_HANDLINGS },
		{ "history", required_argument, NULL, OPT_HISTORY },
		{ "id", required_argument, NULL, OPT_ID },
		{ "include-void", no_argument, NULL, OPT_INCLUDE_VOID },
		{ "ids", no_argument, NULL, OPT_IDS },
		{ "lead", required_argument, NULL, OPT_LEAD },
		{ "level", required_argument, NULL, OPT_LEVEL },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "overdue", no_argument, NULL, OPT_OVERDUE },
		{ "ref", required_argument, NULL, OPT_REF },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "repeat", no_argument, NULL, OPT_REPEAT },
		{ "skip-level", no_argument, NULL, OPT_SKIP_LEVEL },
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ "state", required_argument, NULL, OPT_STATE },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "text", required_argument, NULL, OPT_TEXT },
		{ "threat", no_argument, NULL, OPT_THREAT },
		{ "to", required_argument, NULL, OPT_TO },
		{ "undelivered", no_argument, NULL, OPT_UNDELIVERED },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "key-case", no_argument, NULL, OPT_KEY_CASE },
		{ "risk", required_argument, NULL, OPT_RISK },
		{ "person", required_argument, NULL, OPT_PERSON },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd		 c;
	struct xf_filter	 f;
	const char		*hist = NULL, *from = NULL, *to = NULL;
	const char		*channel = NULL, *source = NULL, *level = NULL;
	const char		*status = NULL;
	char			 fromday[11], today[11], *end;
	char			 pid[19], pname[256], pphone[64];
	char			 histid[128], itemid[128];
	int			 ch, count = 0, ids = 0, handlings = -1, rc;
	int			 batches = 0, include_void = 0, undelivered = 0;
	int64_t			 n;

	cmd_init(&c, argv, "xf-query", USAGE);
	xf_filter_init(&f);
	while ((ch = getopt_long(argc, argv, "f:ho:", longopts,
	    NULL)) != -1) {
		if (cmd_option(&c, ch, optarg))
			continue;
		switch (ch) {
		case OPT_CATEGORY:
			f.category = optarg;
			break;
		case OPT_CHANNEL:
			channel = optarg;
			break;
		case OPT_CLAIM:
			f.claim = token(&c, XF_F_CLAIM, "--claim", optarg);
			break;
		case OPT_COLLECTIVE:
			f.collective = 1;
			break;
		case OPT_KEY_CASE:
			f.key_case = 1;
			break;
		case OPT_RISK:
			if (strcmp(optarg, "1") && strcmp(optarg, "2") &&
			    strcmp(optarg, "3"))
				cmd_usage_error(&c, "--risk '%s': not 1 (low), "
				    "2 (medium) or 3 (high)", optarg);
			f.risk = optarg;
			break;
		case OPT_COUNT:
			count = 1;
			break;
		case OPT_FIRST:
			f.first = 1;
			break;
		case OPT_FROM:
			from = optarg;
			break;
		case OPT_HANDLER:
			f.handler = name(&c, "--handler", optarg);
			break;
		case OPT_HANDLING:
			handlings = (int)cmd_number(&c, "--handling", optarg,
			    1, INT_MAX, "a handling number (1, 2, ...)");
			break;
		case OPT_HANDLINGS:
			if (handlings < 0)
				handlings = 0;
			break;
		case OPT_HISTORY:
			hist = optarg;
			break;
		case OPT_BATCHES:
			batches = 1;
			break;
		case OPT_INCLUDE_VOID:
			include_void = 1;
			break;
		case OPT_UNDELIVERED:
			undelivered = 1;
			break;
		case OPT_ID:
			f.id = optarg;
			break;
		case OPT_IDS:
			ids = 1;
			break;
		case OPT_LEAD:
			f.lead = name(&c, "--lead", optarg);
			break;
		case OPT_LEVEL:
			level = optarg;
			break;
		case OPT_LIMIT:
			f.limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || f.limit < 0)
				cmd_usage_error(&c, "--limit '%s': not a "
				    "number", optarg);
			break;
		case OPT_REF:
			f.ref = optarg;
			break;
		case OPT_REGION:
			f.region = optarg;
			break;
		case OPT_REPEAT:
			f.first = 0;
			break;
		case OPT_SKIP_LEVEL:
			f.skip_level = 1;
			break;
		case OPT_SOURCE:
			source = optarg;
			break;
		case OPT_STATUS:
			status = optarg;
			break;
		case OPT_TEXT:
			f.text = optarg;
			break;
		case OPT_THREAT:
			f.threat = 1;
			break;
		case OPT_PERSON:
			person(&c, optarg, &f, pid, pname, sizeof pname, pphone,
			    sizeof pphone);
			break;
		case OPT_TO:
			to = optarg;
			break;
		case OPT_UNIT:
			f.unit = optarg;
			break;
		case OPT_OVERDUE:
			f.due_state = "overdue";
			break;
		case OPT_STATE:
			f.due_state = token(&c, XF_F_DUE_STATE, "--state",
			    optarg);
			break;
		case OPT_DUE_WITHIN:
			f.due_within = (int)cmd_number(&c, "--due-within",
			    optarg, 0, 3650, "a number of days");
			break;
		}
	}
	if (optind < argc)
		cmd_usage_error(&c, "'%s': no operands are taken",
		    argv[optind]);
	if (count + ids + (hist != NULL) + batches > 1)
		cmd_usage_error(&c, "--count, --ids, --history and --batches "
		    "exclude each other");
	if (undelivered && (count + ids + (hist != NULL) + batches > 0 ||
	    handlings >= 0))
		cmd_usage_error(&c, "--undelivered excludes --count, --ids, "
		    "--history, --batches and --handlings");
	if (handlings >= 0 && (ids || hist != NULL))
		cmd_usage_error(&c, "--handlings and --handling exclude --ids "
		    "and --history");
	if (channel != NULL)
		f.channel = token(&c, XF_F_CHANNEL, "--channel", channel);
	if (source != NULL)
		f.source = token(&c, XF_F_SOURCE, "--source", source);
	if (level != NULL)
		f.lodged_level = token(&c, XF_F_LODGED_LEVEL, "--level", level);
	if (status != NULL)
		f.status = token(&c, XF_F_STATUS, "--status", status);
	cmd_settings(&c);
	if (from != NULL)
		f.from = day(&c, "--from", from, fromday);
	if (to != NULL)
		f.to = day(&c, "--to", to, today);
	cmd_ledger(&c, XF_L_READONLY);
	if (hist != NULL)
		hist = xf_ledger_case_id(c.ledger, hist, histid, sizeof histid);
	if (f.id != NULL)
		f.id = xf_ledger_case_id(c.ledger, f.id, itemid, sizeof itemid);
	if (include_void && xf_ledger_include_void(c.ledger, 1) == -1)
		cmd_die(&c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(c.ledger));

	if (batches)
		rc = cmd_print(&c, xf_ledger_batches(c.ledger));
	else if (hist != NULL)
		rc = cmd_print(&c, xf_ledger_history(c.ledger, hist));
	else if (undelivered)
		rc = cmd_print(&c, xf_ledger_undelivered(c.ledger));
	else if (handlings >= 0)
		rc = select_handlings(&c, &f, handlings, count);
	else if (count) {
		if (xf_ledger_count(c.ledger, &f, &n) == -1)
			cmd_die(&c, XF_EXIT_DATA, "%s",
			    xf_ledger_errmsg(c.ledger));
		printf("%lld\n", (long long)n);
		rc = cmd_finish(&c) == -1 ? XF_EXIT_DATA : XF_EXIT_OK;
	} else
		rc = select_items(&c, &f, ids);
	cmd_free(&c);
	return rc;
}
