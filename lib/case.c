/*
 * case.c - the state of a case: which steps each state allows, their
 * preconditions, and what a step changes.  The ledger reads the case,
 * calls xf_case_apply(), and stores the case and the step's event in
 * one transaction; this file holds no SQL.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-private.h"

static const char *const action_names[] = {
	[XF_ACT_ACCEPT] = "accept",
	[XF_ACT_TRANSFER] = "transfer",
	[XF_ACT_REFUSE] = "refuse",
	[XF_ACT_ASSIGN] = "assign",
	[XF_ACT_UNIT_ACCEPT] = "unit-accept",
	[XF_ACT_UNIT_DECLINE] = "unit-decline",
	[XF_ACT_EXTEND] = "extend",
	[XF_ACT_ESCALATE] = "escalate",
	[XF_ACT_REPLY] = "reply",
	[XF_ACT_REVIEW] = "review",
	[XF_ACT_REVIEW_REPLY] = "review-reply",
	[XF_ACT_REREVIEW] = "re-review",
	[XF_ACT_HEARING] = "hearing",
	[XF_ACT_REREVIEW_REPLY] = "re-review-reply",
	[XF_ACT_CLOSE] = "close",
	[XF_ACT_REOPEN] = "reopen",
};

/* The status a step leads to (xf_case_leads_to()). */
static const char *const leads_to[] = {
	[XF_ACT_ACCEPT] = "accepted",
	[XF_ACT_TRANSFER] = "transferred",
	[XF_ACT_REFUSE] = "refused",
	[XF_ACT_ASSIGN] = "assigned",
	[XF_ACT_EXTEND] = "extended",
	[XF_ACT_REPLY] = "replied",
	[XF_ACT_REVIEW] = "review",
	[XF_ACT_REVIEW_REPLY] = "reviewed",
	[XF_ACT_REREVIEW] = "re-review",
	[XF_ACT_REREVIEW_REPLY] = "final",
	[XF_ACT_CLOSE] = "closed",
	[XF_ACT_REOPEN] = "reopened",
};

/* What a refusal says cannot be done. */
static const char *const verbs[] = {
	[XF_ACT_ACCEPT] = "accept",
	[XF_ACT_TRANSFER] = "transfer",
	[XF_ACT_REFUSE] = "refuse",
	[XF_ACT_ASSIGN] = "assign",
	[XF_ACT_UNIT_ACCEPT] = "record the unit's acceptance",
	[XF_ACT_UNIT_DECLINE] = "record the unit's refusal",
	[XF_ACT_EXTEND] = "extend",
	[XF_ACT_ESCALATE] = "escalate",
	[XF_ACT_REPLY] = "reply",
	[XF_ACT_REVIEW] = "review",
	[XF_ACT_REVIEW_REPLY] = "answer the review",
	[XF_ACT_REREVIEW] = "re-review",
	[XF_ACT_HEARING] = "record a hearing",
	[XF_ACT_REREVIEW_REPLY] = "answer the re-review",
	[XF_ACT_CLOSE] = "close",
	[XF_ACT_REOPEN] = "reopen",
};

void
xf_step_init(struct xf_step *st, enum xf_action action)
{
	memset(st, 0, sizeof *st);
	st->action = action;
}

const char *
xf_action_name(enum xf_action a)
{
	return action_names[a];
}

const char *
xf_case_leads_to(enum xf_action a, const char *status)
{
	/* An extended case assigned again stays extended. */
	if (a == XF_ACT_ASSIGN && status != NULL &&
	    strcmp(status, leads_to[XF_ACT_EXTEND]) == 0)
		return NULL;
	return leads_to[a];
}

/* What a step sees and leaves: the case, the settings, the time. */
struct ctx {
	const xf_settings	*set;
	xf_record		*item;
	const struct xf_step	*st;
	char			 status[16];	/* before the step */
	char			 at[32];	/* when the step happened */
	xf_day			 day;		/* its day */
	xf_day			 today;
	xf_day			 delivered;	/* the answer contested, or -1 */
	struct xf_buf		*details;	/* the event's details */
	char			*err;
	size_t			 errlen;
};

static int
is(const struct ctx *c, const char *status)
{
	return strcmp(c->status, status) == 0;
}

/* Whether a name ends at p: at the end of a list, or a separator. */
#define LIST_SEP(ch)	((ch) == ' ' || (ch) == ',' || (ch) == '\'' || \
			(ch) == '\0')

/*
 * One of a list of states: names separated by spaces, or an SQL list
 * ('a', 'b') as xf-private.h defines them.
 */
static int
in(const struct ctx *c, const char *states)
{
	size_t	 n = strlen(c->status);
	const char *p;

	for (p = states; (p = strstr(p, c->status)) != NULL; p += n)
		if ((p == states || LIST_SEP(p[-1])) && LIST_SEP(p[n]))
			return 1;
	return 0;
}

static enum xf_applied
refuse(struct ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "cannot close: no reply yet" */
static enum xf_applied
refuse(struct ctx *c, const char *fmt, ...)
{
	char	 why[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	xf_errf(c->err, c->errlen, "cannot %s: %s", verbs[c->st->action], why);
	return XF_REFUSED;
}

static enum xf_applied
nomem(struct ctx *c)
{
	xf_errf(c->err, c->errlen, "out of memory");
	return XF_STEP_ERROR;
}

static const char *
get(const struct ctx *c, int field)
{
	const char *v = xf_record_get(c->item, field);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* Set a field, and note it in the event's details. */
static int
set(struct ctx *c, int field, const char *v)
{
	if (v == NULL)
		v = "";
	if (xf_record_set(c->item, field, v, strlen(v), 0) == -1)
		return -1;
	if (field == XF_F_STATUS || field == XF_F_DUE_DAYS)
		return 0;
	return xf_buf_printf(c->details, "%s\"%s\":\"", c->details->len > 1 ?
	    "," : "", xf_field_name(field)) == -1 ||
	    xf_json_escape(c->details, v, strlen(v)) == -1 ||
	    xf_buf_addc(c->details, '"') == -1 ? -1 : 0;
}

static int
set_int(struct ctx *c, int field, long v)
{
	char	 buf[24];

	snprintf(buf, sizeof buf, "%ld", v);
	return set(c, field, buf);
}

/* The day of a stored time ("2017-07-21T..."), or -1. */
static xf_day
day_of(const struct ctx *c, int field)
{
	const char	*v = get(c, field), *why;
	xf_day		 d;

	if (v == NULL || xf_day_parse(v, xf_settings_tz(c->set), &d,
	    &why) == -1)
		return -1;
	return d;
}

/*
 * Start the deadline of n days from day start, counted as calendar days
 * or working days (due_days is then the calendar days it spans): 0, -1
 * out of memory, or XF_STEP_CONFIG when the calendar lacks the year.
 */
static int
due_counted(struct ctx *c, xf_day start, int n, enum xf_count count)
{
	const char	*why;
	char		 day[16];
	xf_day		 d;

	if (xf_deadline(xf_settings_calendar(c->set), start, n, count,
	    xf_settings_roll(c->set), &d, &why) == -1) {
		xf_errf(c->err, c->errlen, "%s", why);
		return XF_STEP_CONFIG;
	}
	if (set(c, XF_F_DUE, xf_day_format(d, day, sizeof day)) == -1 ||
	    set_int(c, XF_F_DUE_DAYS, (long)(d - start)) == -1)
		return nomem(c);
	return 0;
}

static int
due_from(struct ctx *c, xf_day start, int n)
{
	return due_counted(c, start, n, XF_COUNT_CALENDAR);
}

/*
 * The deadline in force is the handling's (办理期限): kept as such, as
 * the reply and the closure end the one in force.
 */
static int
reply_due(struct ctx *c)
{
	char	 day[16];

	snprintf(day, sizeof day, "%s", get(c, XF_F_DUE) ? get(c, XF_F_DUE) :
	    "");
	return set(c, XF_F_REPLY_DUE, day);
}

/* What a due_from() that failed means for the step. */
static enum xf_applied
due_failed(int rc)
{
	return rc == XF_STEP_CONFIG ? XF_STEP_CONFIG : XF_STEP_ERROR;
}

static int
no_due(struct ctx *c)
{
	if (get(c, XF_F_DUE) == NULL)
		return 0;
	return set(c, XF_F_DUE, NULL) == -1 || set(c, XF_F_DUE_DAYS, NULL) ==
	    -1 ? -1 : 0;
}

/* The acceptance decision (受理, 转送, 不予受理): its time, once. */
static int
decided(struct ctx *c)
{
	if (get(c, XF_F_DECIDED_AT) != NULL)
		return 0;
	return set(c, XF_F_DECIDED_AT, c->at);
}

/* The day of the case's latest dated step (receipt at the least). */
static xf_day
last_step(const struct ctx *c)
{
	static const int dated[] = {
		XF_F_RECEIVED_AT, XF_F_REOPENED_AT, XF_F_DECIDED_AT,
		XF_F_ACCEPTED_AT, XF_F_REPLIED_AT, XF_F_REVIEW_AT,
		XF_F_REVIEWED_AT, XF_F_REREVIEW_AT, XF_F_REREVIEWED_AT
	};
	xf_day	 last = -1, d;
	size_t	 i;

	for (i = 0; i < sizeof dated / sizeof dated[0]; i++)
		if ((d = day_of(c, dated[i])) > last)
			last = d;
	return last;
}

static int
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* An answer (supported, explained, not-supported) as its token. */
static const char *
answer(struct ctx *c)
{
	const char *r = c->st->result;

	return r == NULL ? NULL : xf_field_token(XF_F_REPLY, r, strlen(r));
}

#define OPEN	XF_OWED_STATUSES
#define AFTER_ACCEPTANCE \
	OPEN " replied review reviewed re-review final"

static enum xf_applied
accept(struct ctx *c)
{
	int	 rc;

	if (in(c, AFTER_ACCEPTANCE " closed"))
		return XF_ALREADY;
	if (!is(c, "registered"))
		return refuse(c, "the case is %s", c->status);
	if (c->day < day_of(c, XF_F_RECEIVED_AT))
		return refuse(c, "%s is before it was received", c->at);
	/* A repeat of a case closed as final, only on new facts. */
	if (same(get(c, XF_F_NOT_AGAIN), "1")) {
		if (c->st->new_facts == NULL)
			return refuse(c, "it repeats %s, closed as final "
			    "(三级终结, 不再受理): accepted only on new facts "
			    "(--new-facts)", get(c, XF_F_REPEAT_OF));
		if (xf_buf_printf(c->details, "%s\"new_facts\":\"",
		    c->details->len > 1 ? "," : "") == -1 ||
		    xf_json_escape(c->details, c->st->new_facts,
		    strlen(c->st->new_facts)) == -1 ||
		    xf_buf_addc(c->details, '"') == -1)
			return nomem(c);
	}
	if (set(c, XF_F_STATUS, leads_to[XF_ACT_ACCEPT]) == -1 ||
	    decided(c) == -1 || set(c, XF_F_ACCEPTED_AT, c->at) == -1)
		return nomem(c);
	/* Simplified handling counts working days (简易办理). */
	rc = c->st->simplified ? due_counted(c, c->day, xf_settings_limit(
	    c->set, XF_LIM_SIMPLIFIED), XF_COUNT_WORKDAYS) : due_from(c, c->day,
	    xf_settings_limit(c->set, XF_LIM_REPLY));
	if (rc != 0)
		return due_failed(rc);
	if (reply_due(c) == -1)
		return nomem(c);
	if (c->st->simplified && xf_buf_adds(c->details,
	    ",\"simplified\":true") == -1)
		return nomem(c);
	return XF_APPLIED;
}

static enum xf_applied
transfer(struct ctx *c)
{
	const char *body = c->st->unit;

	if (body == NULL)
		return refuse(c, "no body to transfer to");
	if (is(c, "transferred"))
		return same(get(c, XF_F_TRANSFERRED_TO), body) ? XF_ALREADY :
		    refuse(c, "transferred already, to %s",
		    get(c, XF_F_TRANSFERRED_TO));
	if (!in(c, "registered " OPEN))
		return refuse(c, "the case is %s", c->status);
	if (set(c, XF_F_STATUS, leads_to[XF_ACT_TRANSFER]) == -1 || decided(c) == -1 ||
	    set(c, XF_F_TRANSFERRED_TO, body) == -1 || no_due(c) == -1)
		return nomem(c);
	return XF_APPLIED;
}

static enum xf_applied
refuse_case(struct ctx *c)
{
	const char *route = c->st->reason;

	if (route == NULL)
		return refuse(c, "no route to tell the petitioner");
	if (is(c, "refused"))
		return same(get(c, XF_F_REFUSAL_ROUTE), route) ? XF_ALREADY :
		    refuse(c, "refused already");
	if (!is(c, "registered"))
		return refuse(c, "the case is %s", c->status);
	if (set(c, XF_F_STATUS, leads_to[XF_ACT_REFUSE]) == -1 || decided(c) == -1 ||
	    set(c, XF_F_REFUSAL_ROUTE, route) == -1 || no_due(c) == -1)
		return nomem(c);
	return XF_APPLIED;
}

static enum xf_applied
assign(struct ctx *c)
{
	const struct xf_step	*st = c->st;
	int			 rc;

	if (st->unit == NULL)
		return refuse(c, "no unit");
	if (!in(c, OPEN))
		return refuse(c, "the case is %s", c->status);
	if (in(c, "assigned extended") && same(get(c, XF_F_UNIT), st->unit) &&
	    (st->handler == NULL || same(get(c, XF_F_HANDLER), st->handler)) &&
	    (st->lead == NULL || same(get(c, XF_F_LEAD), st->lead)))
		return XF_ALREADY;
	/* A reopened case is handled anew. */
	if (is(c, "reopened") && ((rc = due_from(c, c->day,
	    xf_settings_limit(c->set, XF_LIM_REPLY))) != 0 ||
	    reply_due(c) == -1))
		return rc != 0 ? due_failed(rc) : nomem(c);
	/*
	 * Another unit: its own handler, not the last unit's, and its own
	 * acceptance, from the day it is assigned the case; the lead
	 * official (包案领导) answers for the case whatever the unit.
	 */
	if (!same(get(c, XF_F_UNIT), st->unit) && ((get(c, XF_F_HANDLER) !=
	    NULL && set(c, XF_F_HANDLER, NULL) == -1) ||
	    set(c, XF_F_ASSIGNED_AT, c->at) == -1 ||
	    (get(c, XF_F_UNIT_ACCEPTED_AT) != NULL &&
	    set(c, XF_F_UNIT_ACCEPTED_AT, NULL) == -1) ||
	    (get(c, XF_F_UNIT_DECLINED_AT) != NULL &&
	    set(c, XF_F_UNIT_DECLINED_AT, NULL) == -1)))
		return nomem(c);
	/* The same unit again, in a new handling. */
	if (get(c, XF_F_ASSIGNED_AT) == NULL &&
	    set(c, XF_F_ASSIGNED_AT, c->at) == -1)
		return nomem(c);
	if ((xf_case_leads_to(XF_ACT_ASSIGN, c->status) != NULL &&
	    set(c, XF_F_STATUS, leads_to[XF_ACT_ASSIGN]) == -1) ||
	    set(c, XF_F_UNIT, st->unit) == -1 ||
	    (st->handler != NULL && set(c, XF_F_HANDLER, st->handler) == -1) ||
	    (st->lead != NULL && set(c, XF_F_LEAD, st->lead) == -1))
		return nomem(c);
	return XF_APPLIED;
}

/*
 * The unit assigned the case decides whether to accept it (责任单位受理)
 * or declines it with notice (不予受理告知, a reason), within 15 days of
 * receiving it by law: the decision its own timely acceptance is
 * counted by (xf-stats(1)); once for a unit.
 */
static enum xf_applied
unit_decide(struct ctx *c, int field)
{
	int	 other = field == XF_F_UNIT_ACCEPTED_AT ?
		    XF_F_UNIT_DECLINED_AT : XF_F_UNIT_ACCEPTED_AT;

	if (get(c, field) != NULL)
		return XF_ALREADY;
	if (get(c, other) != NULL)
		return refuse(c, "the unit %s it already", other ==
		    XF_F_UNIT_ACCEPTED_AT ? "accepted" : "declined");
	if (get(c, XF_F_UNIT) == NULL || !in(c, OPEN))
		return refuse(c, "no unit is handling the case (it is %s)",
		    c->status);
	if (c->day < day_of(c, XF_F_ASSIGNED_AT))
		return refuse(c, "%s is before the unit was assigned it",
		    c->at);
	if (field == XF_F_UNIT_DECLINED_AT && c->st->reason == NULL)
		return refuse(c, "no reason to tell");
	if (set(c, field, c->at) == -1)
		return nomem(c);
	if (field == XF_F_UNIT_DECLINED_AT && (xf_buf_printf(c->details,
	    ",\"reason\":\"") == -1 || xf_json_escape(c->details,
	    c->st->reason, strlen(c->st->reason)) == -1 ||
	    xf_buf_addc(c->details, '"') == -1))
		return nomem(c);
	return XF_APPLIED;
}

static enum xf_applied
extend(struct ctx *c)
{
	const struct xf_step	*st = c->st;
	int			 max = xf_settings_limit(c->set, XF_LIM_EXTENSION);
	xf_day			 due = day_of(c, XF_F_DUE);
	const char		*why;
	char			 day[16];

	if (is(c, "extended")) {
		if (strtol(get(c, XF_F_EXTENDED_DAYS) ? get(c,
		    XF_F_EXTENDED_DAYS) : "0", NULL, 10) == st->days &&
		    same(get(c, XF_F_EXTENSION_REASON), st->reason))
			return XF_ALREADY;
		return refuse(c, "extended once already (one extension is "
		    "allowed)");
	}
	if (!is(c, "assigned"))
		return refuse(c, "the case is %s", c->status);
	if (st->days < 1 || st->days > max)
		return refuse(c, "%d days: from 1 to %d", st->days, max);
	if (st->reason == NULL)
		return refuse(c, "no reason to tell the petitioner");
	if (due >= 0 && c->day > due)
		return refuse(c, "the deadline passed on %s",
		    get(c, XF_F_DUE));
	if (xf_deadline(xf_settings_calendar(c->set), due, st->days,
	    XF_COUNT_CALENDAR, xf_settings_roll(c->set), &due, &why) == -1) {
		xf_errf(c->err, c->errlen, "%s", why);
		return XF_STEP_CONFIG;
	}
	if (set(c, XF_F_STATUS, leads_to[XF_ACT_EXTEND]) == -1 ||
	    set_int(c, XF_F_EXTENDED_DAYS, st->days) == -1 ||
	    set(c, XF_F_EXTENSION_REASON, st->reason) == -1 ||
	    set(c, XF_F_DUE, xf_day_format(due, day, sizeof day)) == -1 ||
	    set_int(c, XF_F_DUE_DAYS, strtol(get(c, XF_F_DUE_DAYS) ?
	    get(c, XF_F_DUE_DAYS) : "0", NULL, 10) + st->days) == -1 ||
	    reply_due(c) == -1)
		return nomem(c);
	return XF_APPLIED;
}

/*
 * One rung up the ladder, or to the rung named (result): naming it makes
 * the step safe to run again.
 */
static enum xf_applied
escalate(struct ctx *c)
{
	const char	*rung = get(c, XF_F_RUNG), *to = c->st->result, *r;
	const char	*next = xf_settings_next_rung(c->set, rung);

	if (to != NULL && (to = xf_field_token(XF_F_RUNG, to,
	    strlen(to))) == NULL)
		return refuse(c, "'%s': not a rung of the mediation ladder",
		    c->st->result);
	if (to != NULL && same(rung, to))
		return XF_ALREADY;
	if (!in(c, OPEN))
		return refuse(c, "the case is %s", c->status);
	if (next == NULL)
		return refuse(c, "at the top of the mediation ladder (%s)",
		    rung);
	/* A rung named must be above the case's, on the ladder. */
	for (r = next; to != NULL && r != NULL && !same(r, to);
	    r = xf_settings_next_rung(c->set, r))
		;
	if (to != NULL && r == NULL)
		return refuse(c, "%s is not above %s on the ladder", to,
		    rung ? rung : "the first rung");
	return set(c, XF_F_RUNG, to ? to : next) == -1 ? nomem(c) :
	    XF_APPLIED;
}

static enum xf_applied
reply(struct ctx *c)
{
	const char	*a = answer(c);
	xf_day		 due = day_of(c, XF_F_DUE);

	if (a == NULL)
		return refuse(c, "no answer (supported, explained, "
		    "not-supported)");
	if (in(c, "replied review reviewed re-review final closed"))
		return same(get(c, XF_F_REPLY), a) ? XF_ALREADY :
		    refuse(c, "replied already (%s)", get(c, XF_F_REPLY));
	if (!in(c, OPEN))
		return refuse(c, is(c, "registered") ? "not accepted yet" :
		    "the case is %s", c->status);
	if (c->day < day_of(c, XF_F_ACCEPTED_AT))
		return refuse(c, "%s is before the acceptance", c->at);
	if (set(c, XF_F_STATUS, leads_to[XF_ACT_REPLY]) == -1 ||
	    set(c, XF_F_REPLIED_AT, c->at) == -1 ||
	    set(c, XF_F_REPLY, a) == -1 ||
	    set(c, XF_F_REPLY_ON_TIME, due < 0 || c->day <= due ? "1" : "0") ==
	    -1 || no_due(c) == -1)
		return nomem(c);
	return XF_APPLIED;
}

/*
 * A review or re-review asked for: within the window after the answer
 * it contests; the decision is due decision_days later.
 */
static enum xf_applied
contest(struct ctx *c, const char *from, int answered_field, int at_field,
    const char *to)
{
	int	 window = xf_settings_limit(c->set, XF_LIM_REVIEW_WINDOW), rc;
	xf_day	 answered = day_of(c, answered_field), start = answered;
	char	 since[16];

	if (is(c, to))
		return XF_ALREADY;
	if (is(c, "final"))
		return refuse(c, "three-tier finality (三级终结): the same "
		    "matter is not accepted again");
	if (!is(c, from))
		return refuse(c, is(c, "reviewed") ? "reviewed already: ask "
		    "for a re-review" : "the case is %s", c->status);
	if (c->day < answered)
		return refuse(c, "%s is before the answer it contests", c->at);
	/* 30 days from the day the petitioner received it (Art. 35). */
	if (c->delivered >= answered)
		start = c->delivered;
	if (c->day > start + window && start == answered)
		return refuse(c, "the answer of %s is more than %d days old",
		    get(c, answered_field), window);
	if (c->day > start + window)
		return refuse(c, "the answer delivered on %s is more than %d "
		    "days old", xf_day_format(start, since, sizeof since),
		    window);
	if (set(c, XF_F_STATUS, to) == -1 || set(c, at_field, c->at) == -1)
		return nomem(c);
	if ((rc = due_from(c, c->day, xf_settings_limit(c->set,
	    XF_LIM_DECISION))) != 0)
		return due_failed(rc);
	return XF_APPLIED;
}

static enum xf_applied
decide(struct ctx *c, const char *from, int at_field, int result_field,
    const char *to)
{
	const char *a = answer(c);

	if (a == NULL)
		return refuse(c, "no answer (supported, explained, "
		    "not-supported)");
	if (get(c, result_field) != NULL)
		return same(get(c, result_field), a) ? XF_ALREADY :
		    refuse(c, "answered already (%s)", get(c, result_field));
	if (!is(c, from))
		return refuse(c, "the case is %s", c->status);
	if (c->day < last_step(c))
		return refuse(c, "%s is before the request it answers", c->at);
	if (set(c, XF_F_STATUS, to) == -1 || set(c, at_field, c->at) == -1 ||
	    set(c, result_field, a) == -1 || no_due(c) == -1)
		return nomem(c);
	return XF_APPLIED;
}

static enum xf_applied
hearing(struct ctx *c)
{
	const struct xf_step	*st = c->st;
	xf_day			 at = day_of(c, XF_F_REREVIEW_AT);
	int			 rc;

	if (!is(c, "re-review"))
		return refuse(c, "the case is %s", c->status);
	if (st->days < 1)
		return refuse(c, "no days of hearing");
	if (strtol(get(c, XF_F_HEARING_DAYS) ? get(c, XF_F_HEARING_DAYS) :
	    "0", NULL, 10) == st->days)
		return XF_ALREADY;
	if (set_int(c, XF_F_HEARING_DAYS, st->days) == -1)
		return nomem(c);
	/* Hearing time does not count: the decision moves that much. */
	if ((rc = due_from(c, at, xf_settings_limit(c->set, XF_LIM_DECISION) +
	    st->days)) != 0)
		return due_failed(rc);
	return XF_APPLIED;
}

/* The precondition of each basis of closure, or NULL when it holds. */
static const char *
basis_unmet(struct ctx *c, const char *basis)
{
	int	 window = xf_settings_limit(c->set, XF_LIM_REVIEW_WINDOW);
	const char *last;

	if (strcmp(basis, "final") == 0)
		return is(c, "final") ? NULL : "no re-review decided yet";
	if (strcmp(basis, "litigation") == 0 ||
	    strcmp(basis, "lawful-handling") == 0)
		return NULL;
	if (strcmp(basis, "agreement") == 0 ||
	    strcmp(basis, "reconsideration") == 0)
		return in(c, AFTER_ACCEPTANCE) ? NULL : "not accepted";
	if (in(c, "review re-review"))
		return "the case is under review";
	if (!in(c, "replied reviewed final"))
		return "no reply yet";
	if (strcmp(basis, "supported-done") == 0) {
		last = get(c, XF_F_REREVIEW_RESULT);
		if (last == NULL)
			last = get(c, XF_F_REVIEW_RESULT);
		if (last == NULL)
			last = get(c, XF_F_REPLY);
		return same(last, "supported") ? NULL : "the request was not "
		    "supported";
	}
	/* unchallenged: the last answer was not contested in its window */
	if (is(c, "final"))
		return "the re-review decided it: close it as final";
	return c->day > day_of(c, is(c, "replied") ? XF_F_REPLIED_AT :
	    XF_F_REVIEWED_AT) + window ? NULL : "the review window is still "
	    "open";
}

static enum xf_applied
close_case(struct ctx *c)
{
	const char	*b = c->st->result, *basis, *unmet;

	basis = b == NULL ? NULL : xf_field_token(XF_F_CLOSE_BASIS, b,
	    strlen(b));
	if (basis == NULL)
		return refuse(c, "no basis (agreement, final, "
		    "reconsideration, litigation, lawful-handling, "
		    "supported-done, unchallenged)");
	if (is(c, "closed"))
		return same(get(c, XF_F_CLOSE_BASIS), basis) ? XF_ALREADY :
		    refuse(c, "closed already (%s)",
		    get(c, XF_F_CLOSE_BASIS));
	if (in(c, "transferred refused"))
		return refuse(c, "the case is %s", c->status);
	if ((unmet = basis_unmet(c, basis)) != NULL)
		return refuse(c, "%s", unmet);
	if (c->day < last_step(c))
		return refuse(c, "%s is before the case's last step", c->at);
	if (set(c, XF_F_STATUS, leads_to[XF_ACT_CLOSE]) == -1 ||
	    set(c, XF_F_CLOSED_AT, c->at) == -1 ||
	    set(c, XF_F_CLOSE_BASIS, basis) == -1 || no_due(c) == -1)
		return nomem(c);
	return XF_APPLIED;
}

/* What a handling decides, which the next one decides anew. */
static const int handled[] = {
	XF_F_DECIDED_AT, XF_F_ASSIGNED_AT, XF_F_UNIT_ACCEPTED_AT,
	XF_F_UNIT_DECLINED_AT, XF_F_EXTENDED_DAYS, XF_F_EXTENSION_REASON, XF_F_REPLY_DUE,
	XF_F_REPLIED_AT,
	XF_F_REPLY, XF_F_REPLY_ON_TIME, XF_F_REPLY_DELIVERED_AT,
	XF_F_REVIEW_AT, XF_F_REVIEWED_AT,
	XF_F_REVIEW_RESULT, XF_F_REREVIEW_AT, XF_F_HEARING_DAYS,
	XF_F_REREVIEWED_AT, XF_F_REREVIEW_RESULT, XF_F_CLOSED_AT,
	XF_F_CLOSE_BASIS, XF_F_SATISFACTION
};

int
xf_case_cleared(int f)
{
	size_t	 i;

	for (i = 0; i < sizeof handled / sizeof handled[0]; i++)
		if (handled[i] == f)
			return 1;
	return 0;
}

static enum xf_applied
reopen(struct ctx *c)
{
	const char	*n = get(c, XF_F_HANDLING);
	long		 next = (n != NULL ? strtol(n, NULL, 10) : 1) + 1;
	int		 f;

	if (is(c, "reopened"))
		return XF_ALREADY;
	if (!is(c, "closed"))
		return refuse(c, "the case is %s", c->status);
	if (c->st->reason == NULL)
		return refuse(c, "no reason");
	if (same(get(c, XF_F_CLOSE_BASIS), "final"))
		return refuse(c, "three-tier finality (三级终结): the same "
		    "matter is not handled again");
	if (xf_buf_printf(c->details, "%s\"reason\":\"", c->details->len > 1 ?
	    "," : "") == -1 || xf_json_escape(c->details, c->st->reason,
	    strlen(c->st->reason)) ==
	    -1 || xf_buf_addc(c->details, '"') == -1 ||
	    set(c, XF_F_STATUS, leads_to[XF_ACT_REOPEN]) == -1 ||
	    set_int(c, XF_F_HANDLING, next) == -1 ||
	    set(c, XF_F_REOPENED_AT, c->at) == -1)
		return nomem(c);
	/* Handled anew: the ledger keeps the handling as it ended. */
	for (f = 0; f < (int)(sizeof handled / sizeof handled[0]); f++)
		if (get(c, handled[f]) != NULL && set(c, handled[f], NULL) == -1)
			return nomem(c);
	return XF_APPLIED;
}

enum xf_applied
xf_case_apply(const xf_settings *set, xf_record *item,
    const struct xf_step *st, const char *now, struct xf_buf *details,
    char *err, size_t errlen)
{
	return xf_case_apply_delivered(set, item, st, now, -1, details, err,
	    errlen);
}

enum xf_applied
xf_case_apply_delivered(const xf_settings *set, xf_record *item,
    const struct xf_step *st, const char *now, xf_day delivered,
    struct xf_buf *details, char *err, size_t errlen)
{
	struct ctx	 c = { .set = set, .item = item, .st = st,
			    .delivered = delivered, .details = details,
			    .err = err, .errlen = errlen };
	struct xf_time	 t;
	const char	*why, *v;
	enum xf_applied	 rc;

	/* A copy: setting a field may move the record's values. */
	if ((v = xf_record_get(item, XF_F_STATUS)) == NULL ||
	    strlen(v) >= sizeof c.status) {
		xf_errf(err, errlen, "the case has no status");
		return XF_STEP_ERROR;
	}
	memcpy(c.status, v, strlen(v) + 1);
	if (xf_day_parse(now, xf_settings_tz(set), &c.today, &why) == -1 ||
	    xf_time_parse(st->at != NULL ? st->at : now, xf_settings_tz(set),
	    &t, &why) == -1) {
		xf_errf(err, errlen, "date '%s': %s", st->at ? st->at : now,
		    why);
		return XF_REFUSED;
	}
	xf_time_format(t, xf_settings_tz(set), c.at, sizeof c.at);
	xf_day_parse(c.at, xf_settings_tz(set), &c.day, &why);
	if (c.day > c.today) {
		xf_errf(err, errlen, "cannot %s: %s is in the future",
		    verbs[st->action], c.at);
		return XF_REFUSED;
	}
	xf_buf_reset(details);
	if (xf_buf_addc(details, '{') == -1)
		return nomem(&c);
	/* A handling begun by a reopening: nothing of it before that. */
	if (st->action != XF_ACT_REOPEN && c.day < day_of(&c, XF_F_REOPENED_AT))
		return refuse(&c, "%s is before the reopening (%s)", c.at,
		    get(&c, XF_F_REOPENED_AT));
	switch (st->action) {
	case XF_ACT_ACCEPT:
		rc = accept(&c);
		break;
	case XF_ACT_TRANSFER:
		rc = transfer(&c);
		break;
	case XF_ACT_REFUSE:
		rc = refuse_case(&c);
		break;
	case XF_ACT_ASSIGN:
		rc = assign(&c);
		break;
	case XF_ACT_UNIT_ACCEPT:
		rc = unit_decide(&c, XF_F_UNIT_ACCEPTED_AT);
		break;
	case XF_ACT_UNIT_DECLINE:
		rc = unit_decide(&c, XF_F_UNIT_DECLINED_AT);
		break;
	case XF_ACT_EXTEND:
		rc = extend(&c);
		break;
	case XF_ACT_ESCALATE:
		rc = escalate(&c);
		break;
	case XF_ACT_REPLY:
		rc = reply(&c);
		break;
	case XF_ACT_REVIEW:
		rc = contest(&c, leads_to[XF_ACT_REPLY], XF_F_REPLIED_AT,
		    XF_F_REVIEW_AT, leads_to[XF_ACT_REVIEW]);
		break;
	case XF_ACT_REVIEW_REPLY:
		rc = decide(&c, leads_to[XF_ACT_REVIEW], XF_F_REVIEWED_AT,
		    XF_F_REVIEW_RESULT, leads_to[XF_ACT_REVIEW_REPLY]);
		break;
	case XF_ACT_REREVIEW:
		rc = contest(&c, leads_to[XF_ACT_REVIEW_REPLY],
		    XF_F_REVIEWED_AT, XF_F_REREVIEW_AT,
		    leads_to[XF_ACT_REREVIEW]);
		break;
	case XF_ACT_HEARING:
		rc = hearing(&c);
		break;
	case XF_ACT_REREVIEW_REPLY:
		rc = decide(&c, leads_to[XF_ACT_REREVIEW], XF_F_REREVIEWED_AT,
		    XF_F_REREVIEW_RESULT, leads_to[XF_ACT_REREVIEW_REPLY]);
		break;
	case XF_ACT_CLOSE:
		rc = close_case(&c);
		break;
	case XF_ACT_REOPEN:
		rc = reopen(&c);
		break;
	default:
		xf_errf(err, errlen, "unknown step %d", (int)st->action);
		return XF_STEP_ERROR;
	}
	if (rc == XF_APPLIED && xf_buf_addc(details, '}') == -1)
		return nomem(&c);
	return rc;
}

void
xf_case_derive(const xf_settings *set, xf_record *item, xf_day today)
{
	const char	*due = xf_record_get(item, XF_F_DUE);
	const char	*days = xf_record_get(item, XF_F_DUE_DAYS);
	const char	*replied, *t, *why;
	xf_day		 d;

	if (due != NULL && *due != '\0' &&
	    xf_day_parse(due, xf_settings_tz(set), &d, &why) == 0) {
		t = xf_due_token(xf_due_state(today, d, days ? atoi(days) : 0,
		    xf_settings_limit(set, XF_LIM_DUE_SOON)));
		if (t != NULL)
			xf_record_set(item, XF_F_DUE_STATE, t, strlen(t), 0);
	}
	/*
	 * Setting a field may move the values: the reply's read after.
	 * The evaluation window runs from the reply's delivery (送达,
	 * xf-notice) when there is one, else from the reply.
	 */
	if ((replied = xf_record_get(item, XF_F_REPLY_DELIVERED_AT)) == NULL)
		replied = xf_record_get(item, XF_F_REPLIED_AT);
	if (xf_record_get(item, XF_F_SATISFACTION) != NULL)
		t = "evaluated";
	else if (replied == NULL ||
	    xf_day_parse(replied, xf_settings_tz(set), &d, &why) == -1)
		return;
	else
		t = today <= d + xf_settings_limit(set, XF_LIM_EVALUATION) ?
		    "pending" : "expired";
	xf_record_set(item, XF_F_EVALUATION, t, strlen(t), 0);
}
