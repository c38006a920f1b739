/*
 * xf-stats - the reports offices publish: a period's summary with its
 * change on the year before, counts by any dimension, the backlog of
 * the units, the day's report
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define USAGE "summary|count|backlog|daily|rates [-h] [--actor NAME]\n" \
	"\t[--as-recorded DATE] [--bom] [--by DIM[,DIM...]] [--category PREFIX]\n" \
	"\t[--channel CHANNEL]" \
	" [--chart bar|line] [--compare year|previous] [--config FILE]\n" \
	"\t[--date DATE] [--db FILE] [-f json|csv|table|xlsx] [--from DATE]\n" \
	"\t[--header en|zh] [--include-void] [--lang en|zh] [-o FILE]\n" \
	"\t[--raw-csv]\n" \
	"\t[--region PREFIX]\n" \
	"\t[--region-digits N] [--reveal] [--set NAME] [--status STATUS]\n" \
	"\t[--title TEXT] [--to DATE] [--value COLUMN] [--version] [--zeros]"

enum {
	OPT_AS_RECORDED = OPT_FIRST_PROGRAM_OPTION, OPT_BY, OPT_CATEGORY,
	OPT_CHANNEL, OPT_CHART, OPT_COMPARE, OPT_DATE, OPT_FROM, OPT_REGION,
	OPT_REGION_DIGITS, OPT_SET, OPT_STATUS, OPT_TITLE, OPT_TO, OPT_VALUE,
	OPT_ZEROS, OPT_INCLUDE_VOID
};

enum report { R_SUMMARY, R_COUNT, R_BACKLOG, R_DAILY, R_RATES };

/*
 * What a chart of each report draws: its labels are the columns before
 * the first column of figures (but the date of daily), its values a
 * column of figures, by default the first.
 */
static const struct {
	const char	*figures;	/* the first column of figures */
	const char	*value;		/* the column drawn by default */
} charted[] = {
	[R_SUMMARY] = { "items", "items" },
	[R_COUNT] = { "items", "items" },
	[R_BACKLOG] = { "open", "open" },
	[R_DAILY] = { "items", "items" },
	[R_RATES] = { "numerator", "value" },
};

/*
 * The columns of percentages (93.3 for 93.3%): a workbook's cells show
 * them so, and a chart's scale runs to 100.
 */
static const char *const percents[] = { "value", "target", "change_pct",
	"people_change_pct", NULL };

static int
percent(const char *column)
{
	const char *const	*p;

	for (p = percents; *p != NULL; p++)
		if (strcmp(column, *p) == 0)
			return 1;
	return 0;
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

	if (arg == NULL)
		return NULL;
	if (xf_time_parse(arg, xf_settings_tz(c->set), &t, &why) == -1)
		cmd_usage_error(c, "%s '%s': %s", opt, arg, why);
	return xf_time_day(t, xf_settings_tz(c->set), buf, 11);
}

/*
 * A usage error unless every name of the list is a dimension, and each
 * column comes once.
 */
static void
check_dimensions(struct cmd *c, const char *by)
{
	const char	*p, *e, *q, *f;
	int		 col;

	for (p = by; ; p = e + 1) {
		if ((e = strchr(p, ',')) == NULL)
			e = p + strlen(p);
		if ((col = xf_stats_dimension(p, (size_t)(e - p))) == 0)
			cmd_usage_error(c, "--by '%.*s': not a dimension",
			    (int)(e - p), p);
		for (q = by; q < p; q = f + 1) {
			f = strchr(q, ',');
			if (xf_stats_dimension(q, (size_t)(f - q)) == col)
				cmd_usage_error(c, "--by '%.*s': the same "
				    "column as '%.*s'", (int)(e - p), p,
				    (int)(f - q), q);
		}
		if (*e == '\0')
			break;
	}
}

/*
 * The Chinese name of the value v of column k with --lang zh: a
 * measure, a rate, a stage of the backlog; else NULL.
 */
static const char *
zh_name(const struct cmd *c, const char *k, const char *v)
{
	if (!(c->wflags & XF_W_LANG_ZH))
		return NULL;
	return xf_stats_zh(k, v);
}

/* A row's label: its label columns joined by spaces, into b. */
static void
label(struct cmd *c, const xf_record *row, enum report r, char *b,
    size_t len)
{
	const char	*k, *v, *zh;
	size_t		 i, used = 0;
	int		 f;

	b[0] = '\0';
	for (i = 0; i < xf_record_count(row); i++) {
		k = xf_record_key(row, i);
		if (strcmp(k, charted[r].figures) == 0)
			break;
		if (strcmp(k, "date") == 0)
			continue;
		v = xf_record_value(row, i, NULL);
		if (*v == '\0')
			continue;
		/* Names and enumerated values in Chinese with --lang zh. */
		if ((zh = zh_name(c, k, v)) == NULL &&
		    (c->wflags & XF_W_LANG_ZH) &&
		    (f = xf_field_find(k, strlen(k))) != -1)
			zh = xf_field_token_zh(f, v);
		if (zh != NULL)
			v = zh;
		used += (size_t)snprintf(b + used, len - used, "%s%s",
		    used ? " " : "", v);
		if (used >= len)
			break;
	}
}

/*
 * Draw the rows of cur as an SVG chart on standard output instead of
 * printing them; the exit status.
 */
static int
chart(struct cmd *c, xf_cursor *cur, enum report r, enum xf_chart_kind kind,
    const char *value, const char *title)
{
	xf_record	*row;
	xf_chart	*ch;
	char		 lab[512];
	int		 rc, bad = 0;

	if (value == NULL)
		value = charted[r].value;
	if ((row = xf_record_new()) == NULL ||
	    (ch = xf_chart_new(kind, title, percent(value) ? "%" : NULL)) ==
	    NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	while ((rc = xf_cursor_next(cur, row)) == 1) {
		const char *v = xf_record_get_key(row, value);

		if (v == NULL)
			cmd_usage_error(c, "--value '%s': not a column of %s",
			    value, "the report");
		label(c, row, r, lab, sizeof lab);
		if (xf_chart_add(ch, lab, v,
		    xf_record_get_key(row, "target")) == -1) {
			cmd_warn(c, "--value '%s': '%s' is not a number",
			    value, v);
			bad = 1;
			break;
		}
	}
	if (rc == -1)
		cmd_warn(c, "%s", xf_ledger_errmsg(c->ledger));
	/* A reader that went away is no error, as for the rows. */
	if (rc != -1 && !bad && ((xf_chart_svg(ch, stdout) == -1 &&
	    cmd_output_failed(c) == -1) || cmd_finish(c) == -1))
		bad = 1;
	xf_chart_free(ch);
	xf_record_free(row);
	xf_cursor_free(cur);
	return rc == -1 || bad ? XF_EXIT_DATA : XF_EXIT_OK;
}

/*
 * Print the rows of cur (taken over) as cmd_print() does, with --lang zh
 * the names of measures, rates and stages in Chinese; the exit status.
 */
static int
print(struct cmd *c, xf_cursor *cur)
{
	xf_record	*row, *out;
	const char	*k, *v, *zh;
	size_t		 i, len;
	int		 rc;

	if (!(c->wflags & XF_W_LANG_ZH))
		return cmd_print(c, cur);
	if ((row = xf_record_new()) == NULL ||
	    (out = xf_record_new()) == NULL)
		cmd_die(c, XF_EXIT_DATA, "out of memory");
	cmd_output(c, 1);
	while ((rc = xf_cursor_next(cur, row)) == 1) {
		xf_record_clear(out);
		for (i = 0; i < xf_record_count(row); i++) {
			k = xf_record_key(row, i);
			v = xf_record_value(row, i, &len);
			if ((zh = zh_name(c, k, v)) != NULL) {
				v = zh;
				len = strlen(zh);
			}
			if (xf_record_add(out, k, strlen(k), v, len,
			    xf_record_raw(row, i)) == -1)
				cmd_die(c, XF_EXIT_DATA, "out of memory");
		}
		if (cmd_put(c, out) == -1 || c->out_gone)
			break;
	}
	if (rc == -1)
		cmd_warn(c, "%s", xf_ledger_errmsg(c->ledger));
	xf_cursor_free(cur);
	xf_record_free(out);
	xf_record_free(row);
	return rc == -1 || cmd_finish(c) == -1 ? XF_EXIT_DATA : XF_EXIT_OK;
}

/* A usage error naming the sets there are. */
static void
bad_set(struct cmd *c, const char *name)
{
	char		 names[512];
	const char	*n;
	size_t		 used = 0;
	int		 i;

	names[0] = '\0';
	for (i = 0; (n = xf_settings_rate_set_name(c->set, i)) != NULL &&
	    used < sizeof names; i++)
		used += (size_t)snprintf(names + used, sizeof names - used,
		    "%s, ", n);
	cmd_usage_error(c, "--set '%s': not a set of rates (%sall)", name,
	    names);
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
		{ "as-recorded", required_argument, NULL, OPT_AS_RECORDED },
		{ "by", required_argument, NULL, OPT_BY },
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "channel", required_argument, NULL, OPT_CHANNEL },
		{ "chart", required_argument, NULL, OPT_CHART },
		{ "compare", required_argument, NULL, OPT_COMPARE },
		{ "date", required_argument, NULL, OPT_DATE },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "include-void", no_argument, NULL, OPT_INCLUDE_VOID },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "region-digits", required_argument, NULL, OPT_REGION_DIGITS },
		{ "set", required_argument, NULL, OPT_SET },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "to", required_argument, NULL, OPT_TO },
		{ "value", required_argument, NULL, OPT_VALUE },
		{ "zeros", no_argument, NULL, OPT_ZEROS },
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
	const char		*recorded = NULL, *why;
	const char		*kind = NULL, *title = NULL, *value = NULL;
	enum xf_chart_kind	 ck = XF_CHART_BAR;
	char			 fromday[11], today[11], dateday[11];
	char			 err[512];
	struct xf_time		 rt;
	xf_cursor		*cur = NULL;
	long			 digits = 6;
	int			 ch, i, rc, filters = 0, digits_given = 0;
	int			 zeros = 0, include_void = 0;

	cmd_init(&c, argv, "xf-stats", USAGE);
	xf_filter_init(&f);
	while ((ch = getopt_long(argc, argv, "f:ho:", longopts,
	    NULL)) != -1) {
		if (cmd_option(&c, ch, optarg))
			continue;
		switch (ch) {
		case OPT_AS_RECORDED:
			recorded = optarg;
			break;
		case OPT_INCLUDE_VOID:
			include_void = 1;
			break;
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
		case OPT_CHART:
			kind = optarg;
			if (strcmp(optarg, "bar") == 0)
				ck = XF_CHART_BAR;
			else if (strcmp(optarg, "line") == 0)
				ck = XF_CHART_LINE;
			else
				cmd_usage_error(&c, "--chart '%s': not bar or "
				    "line", optarg);
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
			digits = cmd_number(&c, "--region-digits", optarg, 1,
			    12, "a number from 1 to 12");
			digits_given = 1;
			break;
		case OPT_SET:
			rateset = optarg;
			break;
		case OPT_STATUS:
			status = optarg;
			filters = 1;
			break;
		case OPT_TITLE:
			title = optarg;
			break;
		case OPT_TO:
			to = optarg;
			break;
		case OPT_VALUE:
			value = optarg;
			break;
		case OPT_ZEROS:
			zeros = 1;
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
	only(&c, reports[r], r != R_COUNT && r != R_RATES && by != NULL,
	    "--by");
	if (r == R_RATES && by != NULL && strchr(by, ',') != NULL)
		cmd_usage_error(&c, "--by '%s': rates by one dimension", by);
	only(&c, reports[r], r != R_COUNT && (filters || digits_given),
	    "--category, --channel, --region, --region-digits and --status");
	only(&c, reports[r], r != R_SUMMARY && compare != NULL, "--compare");
	only(&c, reports[r], r != R_DAILY && date != NULL, "--date");
	only(&c, reports[r], (r == R_BACKLOG || r == R_DAILY) &&
	    (from != NULL || to != NULL), "--from and --to");
	only(&c, reports[r], r != R_RATES && rateset != NULL, "--set");
	only(&c, reports[r], r != R_RATES && recorded != NULL,
	    "--as-recorded");
	if (recorded != NULL && by != NULL && strcmp(by, "due_state") == 0)
		cmd_usage_error(&c, "--by due_state: not known as recorded");
	if ((r == R_SUMMARY || r == R_RATES) && (from == NULL || to == NULL))
		cmd_usage_error(&c, "%s needs --from and --to", reports[r]);
	if ((title != NULL || value != NULL) && kind == NULL)
		cmd_usage_error(&c, "--title and --value need --chart");
	if (r == R_COUNT && by == NULL)
		cmd_usage_error(&c, "count needs --by");
	only(&c, reports[r], r != R_COUNT && zeros, "--zeros");
	if (zeros && strcmp(by, "region:12") != 0 && (strcmp(by, "day") !=
	    0 || from == NULL || to == NULL))
		cmd_usage_error(&c, "--zeros needs --by day, --from and --to, "
		    "or --by region:12");
	if (by != NULL)
		check_dimensions(&c, by);
	if (channel != NULL)
		f.channel = token(&c, XF_F_CHANNEL, "--channel", channel);
	if (status != NULL)
		f.status = token(&c, XF_F_STATUS, "--status", status);
	cmd_settings(&c);
	if (rateset != NULL && !xf_stats_rate_set(c.set, rateset))
		bad_set(&c, rateset);
	f.from = day(&c, "--from", from, fromday);
	f.to = day(&c, "--to", to, today);
	date = day(&c, "--date", date, dateday);
	if (recorded != NULL && xf_time_parse(recorded,
	    xf_settings_tz(c.set), &rt, &why) == -1)
		cmd_usage_error(&c, "--as-recorded '%s': %s", recorded, why);
	if (f.from != NULL && f.to != NULL && strcmp(f.from, f.to) > 0)
		cmd_usage_error(&c, "--from %s is after --to %s", f.from,
		    f.to);
	cmd_ledger(&c, XF_L_READONLY);
	if (include_void && xf_ledger_include_void(c.ledger, 1) == -1)
		cmd_die(&c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(c.ledger));

	switch (r) {
	case R_SUMMARY:
		cur = xf_stats_summary(c.ledger, c.set, f.from, f.to, cmp,
		    err, sizeof err);
		break;
	case R_COUNT:
		cur = zeros && strcmp(by, "day") != 0 ?
		    xf_stats_count_villages(c.ledger, c.set, &f, err,
		    sizeof err) : zeros ? xf_stats_count_days(c.ledger, c.set,
		    &f, err, sizeof err) : xf_stats_count(c.ledger, c.set, by, &f,
		    (int)digits, err, sizeof err);
		break;
	case R_BACKLOG:
		cur = xf_stats_backlog(c.ledger, c.set, err, sizeof err);
		break;
	case R_DAILY:
		cur = xf_stats_daily(c.ledger, c.set, date, err, sizeof err);
		break;
	case R_RATES:
		cur = recorded != NULL ? xf_stats_rates_recorded(c.ledger,
		    c.set, f.from, f.to, rateset, by, recorded, err,
		    sizeof err) : xf_stats_rates(c.ledger, c.set, f.from, f.to,
		    rateset, by, err, sizeof err);
		break;
	}
	if (cur == NULL)
		cmd_die(&c, XF_EXIT_DATA, "%s", err);
	if (kind != NULL)
		rc = chart(&c, cur, r, ck, value, title);
	else {
		c.percent = percents;
		rc = print(&c, cur);
	}
	cmd_free(&c);
	return rc;
}
