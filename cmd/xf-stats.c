/*
 * xf-stats - the reports offices publish: a period's summary with its
 * change on the year before, counts by any dimension, the backlog of
 * the units, the day's report
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define USAGE "summary|count|backlog|daily|rates [-h] [--actor NAME] [--bom]\n" \
	"\t[--by DIM[,DIM...]] [--category PREFIX] [--channel CHANNEL]\n" \
	"\t[--compare year|previous] [--config FILE] [--date DATE]\n" \
	"\t[--db FILE] [-f json|csv|table] [--from DATE] [--header en|zh]\n" \
	"\t[--lang en|zh] [--region PREFIX] [--region-digits N] [--reveal]\n" \
	"\t[--set NAME] [--status STATUS] [--to DATE] [--version]"

enum {
	OPT_BY = OPT_FIRST_PROGRAM_OPTION, OPT_CATEGORY, OPT_CHANNEL,
	OPT_COMPARE, OPT_DATE, OPT_FROM, OPT_REGION, OPT_REGION_DIGITS,
	OPT_SET, OPT_STATUS, OPT_TO
};

enum report { R_SUMMARY, R_COUNT, R_BACKLOG, R_DAILY, R_RATES };

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

	if (arg == NULL)
		return NULL;
	if (xf_time_parse(arg, xf_settings_tz(c->set), &t, &why) == -1)
		cmd_usage_error(c, "%s '%s': %s", opt, arg, why);
	return xf_time_day(t, xf_settings_tz(c->set), buf, 11);
}

/* A usage error unless every name of the list is a dimension. */
static void
check_dimensions(struct cmd *c, const char *by)
{
	const char	*p, *e;

	for (p = by; ; p = e + 1) {
		if ((e = strchr(p, ',')) == NULL)
			e = p + strlen(p);
		if (!xf_stats_dimension(p, (size_t)(e - p)))
			cmd_usage_error(c, "--by '%.*s': not a dimension",
			    (int)(e - p), p);
		if (*e == '\0')
			break;
	}
}

/* Only the options of the report given: a usage error otherwise. */
static void
only(struct cmd *c, const char *report, int given, const char *opt)
{
	if (given)
		cmd_usage_error(c, "%s: not an option of '%s'", opt, report);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CMD_OPTIONS,
		{ "by", required_argument, NULL, OPT_BY },
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "channel", required_argument, NULL, OPT_CHANNEL },
		{ "compare", required_argument, NULL, OPT_COMPARE },
		{ "date", required_argument, NULL, OPT_DATE },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "region-digits", required_argument, NULL, OPT_REGION_DIGITS },
		{ "set", required_argument, NULL, OPT_SET },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "to", required_argument, NULL, OPT_TO },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const reports[] = {
		"summary", "count", "backlog", "daily", "rates", NULL
	};
	struct cmd		 c;
	struct xf_filter	 f;
	enum xf_compare		 cmp = XF_COMPARE_YEAR;
	enum report		 r;
	const char		*by = NULL, *from = NULL, *to = NULL;
	const char		*date = NULL, *channel = NULL, *status = NULL;
	const char		*compare = NULL, *rateset = NULL;
	char			 fromday[11], today[11], dateday[11], *end;
	char			 err[512];
	xf_cursor		*cur = NULL;
	long			 digits = 6;
	int			 ch, i, rc, filters = 0, digits_given = 0;

	cmd_init(&c, "xf-stats", USAGE);
	xf_filter_init(&f);
	while ((ch = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		if (cmd_option(&c, ch, optarg))
			continue;
		switch (ch) {
		case OPT_BY:
			by = optarg;
			break;
		case OPT_CATEGORY:
			f.category = optarg;
			filters = 1;
			break;
		case OPT_CHANNEL:
			channel = optarg;
			filters = 1;
			break;
		case OPT_COMPARE:
			compare = optarg;
			if (strcmp(optarg, "year") == 0)
				cmp = XF_COMPARE_YEAR;
			else if (strcmp(optarg, "previous") == 0)
				cmp = XF_COMPARE_PREVIOUS;
			else
				cmd_usage_error(&c, "--compare '%s': not year "
				    "or previous", optarg);
			break;
		case OPT_DATE:
			date = optarg;
			break;
		case OPT_FROM:
			from = optarg;
			break;
		case OPT_REGION:
			f.region = optarg;
			filters = 1;
			break;
		case OPT_REGION_DIGITS:
			digits = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || digits < 1 ||
			    digits > 12)
				cmd_usage_error(&c, "--region-digits '%s': not "
				    "a number from 1 to 12", optarg);
			digits_given = 1;
			break;
		case OPT_SET:
			rateset = optarg;
			if (!xf_stats_rate_set(optarg))
				cmd_usage_error(&c, "--set '%s': not a set of "
				    "rates (三率 or 五率)", optarg);
			break;
		case OPT_STATUS:
			status = optarg;
			filters = 1;
			break;
		case OPT_TO:
			to = optarg;
			break;
		default:
			cmd_usage_error(&c, "unknown option");
		}
	}
	if (optind >= argc)
		cmd_usage_error(&c, "which report: summary, count, backlog, "
		    "daily or rates");
	for (i = 0; reports[i] != NULL && strcmp(reports[i], argv[optind]);
	    i++)
		;
	if (reports[i] == NULL)
		cmd_usage_error(&c, "'%s': not a report (summary, count, "
		    "backlog, daily or rates)", argv[optind]);
	r = (enum report)i;
	if (optind + 1 < argc)
		cmd_usage_error(&c, "'%s': one report at a time",
		    argv[optind + 1]);

	/* Each report takes its own options. */
	only(&c, reports[r], r != R_COUNT && by != NULL, "--by");
	only(&c, reports[r], r != R_COUNT && (filters || digits_given),
	    "--category, --channel, --region, --region-digits and --status");
	only(&c, reports[r], r != R_SUMMARY && compare != NULL, "--compare");
	only(&c, reports[r], r != R_DAILY && date != NULL, "--date");
	only(&c, reports[r], (r == R_BACKLOG || r == R_DAILY) &&
	    (from != NULL || to != NULL), "--from and --to");
	only(&c, reports[r], r != R_RATES && rateset != NULL, "--set");
	if ((r == R_SUMMARY || r == R_RATES) && (from == NULL || to == NULL))
		cmd_usage_error(&c, "%s needs --from and --to", reports[r]);
	if (r == R_COUNT && by == NULL)
		cmd_usage_error(&c, "count needs --by");
	if (by != NULL)
		check_dimensions(&c, by);
	if (channel != NULL)
		f.channel = token(&c, XF_F_CHANNEL, "--channel", channel);
	if (status != NULL)
		f.status = token(&c, XF_F_STATUS, "--status", status);
	cmd_settings(&c);
	f.from = day(&c, "--from", from, fromday);
	f.to = day(&c, "--to", to, today);
	date = day(&c, "--date", date, dateday);
	if (f.from != NULL && f.to != NULL && strcmp(f.from, f.to) > 0)
		cmd_usage_error(&c, "--from %s is after --to %s", f.from,
		    f.to);
	cmd_ledger(&c, XF_L_READONLY);

	switch (r) {
	case R_SUMMARY:
		cur = xf_stats_summary(c.ledger, c.set, f.from, f.to, cmp,
		    err, sizeof err);
		break;
	case R_COUNT:
		cur = xf_stats_count(c.ledger, c.set, by, &f, (int)digits,
		    err, sizeof err);
		break;
	case R_BACKLOG:
		cur = xf_stats_backlog(c.ledger, c.set, err, sizeof err);
		break;
	case R_DAILY:
		cur = xf_stats_daily(c.ledger, c.set, date, err, sizeof err);
		break;
	case R_RATES:
		cur = xf_stats_rates(c.ledger, c.set, f.from, f.to, rateset,
		    err, sizeof err);
		break;
	}
	if (cur == NULL)
		cmd_die(&c, XF_EXIT_DATA, "%s", err);
	rc = cmd_print(&c, cur);
	cmd_free(&c);
	return rc;
}
