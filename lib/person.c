/*
 * person.c - the key persons (重点人员) kept under watch: the registry,
 * by ID number, else by name and phone; grade, categories, the unit and
 * the officials of the five duties (五包); the contacts made, and those
 * owed by the schedule of the settings (平常期, 敏感期), each change
 * with its event
 */
#include <stdlib.h>
#include <string.h>


#include "xf-private.h"
#include "store/store.h"

static const struct {
	const char	*name;
	const char	*zh;
} duties[XF_DUTY_COUNT] = {
	{ "duty_reception", "包接待" },
	{ "duty_coordination", "包协调" },
	{ "duty_handling", "包处理" },
	{ "duty_settlement", "包息访" },
	{ "duty_control", "包稳控" },
};

const char *
xf_duty_name(int duty)
{
	return duty >= 0 && duty < XF_DUTY_COUNT ? duties[duty].name : NULL;
}

const char *
xf_duty_zh(int duty)
{
	return duty >= 0 && duty < XF_DUTY_COUNT ? duties[duty].zh : NULL;
}

/* The columns of a person row after seq and key, in this order. */
#define PERSON_COLUMNS	"name, id_number, phone, grade, categories, unit," \
			" lead, duty_reception, duty_coordination," \
			" duty_handling, duty_settlement, duty_control"
#define NCOLS		12
/* The same as the members of a JSON object: the image of a person. */
#define IMAGE		"'name', name, 'id_number', id_number, 'phone'," \
			" phone, 'grade', grade, 'categories', categories," \
			" 'unit', unit, 'lead', lead, 'duty_reception'," \
			" duty_reception, 'duty_coordination'," \
			" duty_coordination, 'duty_handling', duty_handling," \
			" 'duty_settlement', duty_settlement, 'duty_control'," \
			" duty_control"

/* A grade: 1, 2, 3, 一级, 二级, 三级; 0 if none. */
static int
grade_of(const char *s)
{
	static const char *const words[3][3] = {
		{ "1", "一级", "一" }, { "2", "二级", "二" },
		{ "3", "三级", "三" }
	};
	int	 g, k;

	for (g = 0; g < 3; g++)
		for (k = 0; k < 3; k++)
			if (strcmp(s, words[g][k]) == 0)
				return g + 1;
	return 0;
}

/*
 * The categories separated by 、 , ， ; ； / or spaces, each one of the
 * settings', joined by 、 into b; -1 with the message.
 */
static int
categories(xf_ledger *l, const char *s, struct xf_buf *b)
{
	static const char *const seps[] = {
		"、", "，", "；", ",", ";", "/", " ", "\t", NULL
	};
	char		 cat[128];
	const char	*p = s, *best;
	size_t		 n, k, blen;

	while (*p != '\0') {
		best = NULL;
		blen = 0;
		for (k = 0; seps[k] != NULL; k++) {
			const char *q = strstr(p, seps[k]);

			if (q != NULL && (best == NULL || q < best)) {
				best = q;
				blen = strlen(seps[k]);
			}
		}
		n = best != NULL ? (size_t)(best - p) : strlen(p);
		if (n > 0) {
			if (n >= sizeof cat)
				return xf_ledger_fail(l, "categories: too long");
			memcpy(cat, p, n);
			cat[n] = '\0';
			if (!xf_settings_person_category(xf_ledger_settings(l),
			    cat))
				return xf_ledger_fail(l, "category '%s': not one "
				    "of the person_categories setting", cat);
			if ((b->len > 0 && xf_buf_adds(b, "、") == -1) ||
			    xf_buf_adds(b, cat) == -1)
				return xf_ledger_fail(l, "out of memory");
		}
		p += n + (best != NULL ? blen : 0);
	}
	return 0;
}

/* A statement, or NULL after the message. */
static struct xf_stmt *
prepare(xf_ledger *l, const char *sql, const char *what)
{
	struct xf_stmt	*s;

	if ((s = xf_db_prepare(xf_ledger_db(l), sql)) == NULL) {
		xf_ledger_dberr(l, what);
		return NULL;
	}
	return s;
}

static void
bind(struct xf_stmt *s, int i, const char *v)
{
	if (v != NULL)
		xf_db_bind_copy(s, i, v);
	else
		xf_db_bind_text(s, i, NULL);
}

/* "P17" as its seq, or 0. */
static int64_t
person_seq(const char *id)
{
	char		*end;
	long long	 n;

	if (id == NULL || id[0] != 'P' || id[1] < '1' || id[1] > '9')
		return 0;
	n = strtoll(id + 1, &end, 10);
	return *end == '\0' ? n : 0;
}

enum xf_applied
xf_ledger_person(xf_ledger *l, const struct xf_person *p, char *id,
    size_t idlen)
{
	struct xf_buf	 key = { 0 }, cats = { 0 }, ev = { 0 };
	struct xf_stmt	*s = NULL;
	const char	*v[NCOLS], *why;
	char		 idn[19], phone[32], grade[12];
	int		 i, rc, changed = 0, g;
	enum xf_applied	 ret = XF_STEP_ERROR;

	memset(v, 0, sizeof v);
	v[0] = p->name;
	if (p->id_number != NULL) {
		if (xf_check_id_number(p->id_number, idn, &why) == -1) {
			xf_ledger_fail(l, "id_number: %s", why);
			return XF_REFUSED;
		}
		v[1] = idn;
	}
	if (p->phone != NULL) {
		if (xf_check_phone(p->phone, phone, sizeof phone, &why) ==
		    -1) {
			xf_ledger_fail(l, "phone: %s", why);
			return XF_REFUSED;
		}
		v[2] = phone;
	}
	if (v[1] == NULL && (v[0] == NULL || v[2] == NULL)) {
		xf_ledger_fail(l, "no ID number, nor name and phone: who is it");
		return XF_REFUSED;
	}
	if (p->grade != NULL && (g = grade_of(p->grade)) != 0) {
		snprintf(grade, sizeof grade, "%d", g);
		v[3] = grade;
	} else if (p->grade != NULL) {
		xf_ledger_fail(l, "grade '%.20s': not 一级, 二级 or 三级",
		    p->grade);
		return XF_REFUSED;
	}
	if (p->categories != NULL) {
		if (categories(l, p->categories, &cats) == -1) {
			ret = XF_REFUSED;
			goto out;
		}
		v[4] = cats.p;
	}
	v[5] = p->unit;
	v[6] = p->lead;
	for (i = 0; i < XF_DUTY_COUNT; i++)
		v[7 + i] = p->duty[i];
	if ((v[1] != NULL ? xf_buf_printf(&key, "I:%s", v[1]) :
	    xf_buf_printf(&key, "N:%s|%s", v[0], v[2])) == -1) {
		xf_ledger_fail(l, "out of memory");
		goto out;
	}
	if ((s = prepare(l, "SELECT seq, " PERSON_COLUMNS " FROM persons"
	    " WHERE key = ?1", "reading the person")) == NULL)
		goto out;
	bind(s, 1, key.p);
	rc = xf_db_step(s);
	if (rc == XF_DB_ROW) {
		int64_t seq = xf_db_int(s, 0);

		snprintf(id, idlen, "P%lld", (long long)seq);
		xf_buf_addc(&ev, '{');
		for (i = 0; i < NCOLS; i++) {
			const char *old = xf_db_text(s,
			    i + 1);

			if (v[i] == NULL || (old != NULL && strcmp(old, v[i]) ==
			    0))
				continue;
			/* What changed, named; personal values never told. */
			xf_buf_printf(&ev, "%s\"%d\"", changed++ ? "," : "", i);
		}
		xf_db_finalize(s);
		s = NULL;
		if (changed == 0) {
			ret = XF_ALREADY;
			goto out;
		}
		/* Its image, once a batch, for xf_person_undo(). */
		if ((s = prepare(l, "INSERT OR IGNORE INTO person_images (batch,"
		    " person, row) SELECT ?1, seq, json_object(" IMAGE ") FROM"
		    " persons WHERE seq = ?2", "keeping the person")) == NULL)
			goto out;
		xf_db_bind_int(s, 1, xf_ledger_batch(l));
		xf_db_bind_int(s, 2, seq);
		rc = xf_db_step(s);
		xf_db_finalize(s);
		s = NULL;
		if (rc != XF_DB_DONE) {
			xf_ledger_dberr(l, "keeping the person");
			goto out;
		}
		xf_buf_reset(&ev);
		xf_buf_adds(&ev, "UPDATE persons SET ");
		for (i = 0; i < NCOLS; i++) {
			static const char *const names[NCOLS] = {
				"name", "id_number", "phone", "grade",
				"categories", "unit", "lead", "duty_reception",
				"duty_coordination", "duty_handling",
				"duty_settlement", "duty_control"
			};

			xf_buf_printf(&ev, "%s%s = IFNULL(?%d, %s)", i ? ", " :
			    "", names[i], i + 2, names[i]);
		}
		xf_buf_adds(&ev, " WHERE seq = ?1");
		if ((s = prepare(l, ev.p, "updating the person")) == NULL)
			goto out;
		xf_db_bind_int(s, 1, seq);
		for (i = 0; i < NCOLS; i++)
			bind(s, i + 2, v[i]);
		if (xf_db_step(s) != XF_DB_DONE) {
			xf_ledger_dberr(l, "updating the person");
			goto out;
		}
		xf_buf_reset(&ev);
		xf_buf_printf(&ev, "{\"changed\":%d}", changed);
		ret = xf_ledger_event(l, id, "person-update", ev.p) == -1 ?
		    XF_STEP_ERROR : XF_APPLIED;
		goto out;
	}
	if (rc != XF_DB_DONE) {
		xf_ledger_dberr(l, "reading the person");
		goto out;
	}
	xf_db_finalize(s);
	if (v[3] == NULL) {
		s = NULL;
		xf_ledger_fail(l, "grade: missing (一级, 二级 or 三级)");
		ret = XF_REFUSED;
		goto out;
	}
	if ((s = prepare(l, "INSERT INTO persons (key, registered_at, batch, "
	    PERSON_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	    " ?11, ?12, ?13, ?14, ?15)", "registering the person")) == NULL)
		goto out;
	bind(s, 1, key.p);
	bind(s, 2, xf_ledger_now(l));
	xf_db_bind_int(s, 3, xf_ledger_batch(l));
	for (i = 0; i < NCOLS; i++)
		bind(s, i + 4, v[i]);
	if (xf_db_step(s) != XF_DB_DONE) {
		xf_ledger_dberr(l, "registering the person");
		goto out;
	}
	snprintf(id, idlen, "P%lld",
	    (long long)xf_db_last_id(xf_ledger_db(l)));
	xf_buf_reset(&ev);
	xf_buf_printf(&ev, "{\"grade\":%s}", v[3]);
	ret = xf_ledger_event(l, id, "person-register", ev.p) == -1 ?
	    XF_STEP_ERROR : XF_APPLIED;
out:
	xf_db_finalize(s);
	xf_buf_release(&key);
	xf_buf_release(&cats);
	xf_buf_release(&ev);
	return ret;
}

enum xf_applied
xf_ledger_contact(xf_ledger *l, const char *id, const struct xf_contact *c)
{
	const xf_settings *set = xf_ledger_settings(l);
	struct xf_buf	 ev = { 0 };
	struct xf_stmt	*s;
	struct xf_time	 t, now;
	const char	*why;
	char		 at[40], official[256];
	int64_t	 seq = person_seq(id);
	int		 rc;
	enum xf_applied	 ret = XF_STEP_ERROR;

	if ((s = prepare(l, "SELECT IFNULL(?2, IFNULL(duty_control, lead))"
	    " FROM persons WHERE seq = ?1", "reading the person")) == NULL)
		return XF_STEP_ERROR;
	xf_db_bind_int(s, 1, seq);
	bind(s, 2, c->official);
	rc = xf_db_step(s);
	if (rc == XF_DB_ROW && xf_db_type(s, 0) != XF_V_NULL)
		snprintf(official, sizeof official, "%s",
		    xf_db_text(s, 0));
	xf_db_finalize(s);
	if (rc != XF_DB_ROW) {
		xf_ledger_fail(l, "no person '%s' in the registry", id);
		return XF_REFUSED;
	}
	if (c->official == NULL && rc == XF_DB_ROW && official[0] == '\0') {
		xf_ledger_fail(l, "cannot record the contact: the person has "
		    "no official of 包稳控 nor a lead: --official");
		return XF_REFUSED;
	}
	if (xf_time_parse(c->at != NULL ? c->at : xf_ledger_now(l),
	    xf_settings_tz(set), &t, &why) == -1) {
		xf_ledger_fail(l, "cannot record the contact: date '%s': %s",
		    c->at, why);
		return XF_REFUSED;
	}
	if (xf_time_parse(xf_ledger_now(l), xf_settings_tz(set), &now,
	    &why) == 0 && t.t > now.t) {
		xf_ledger_fail(l, "cannot record the contact: it is in the "
		    "future");
		return XF_REFUSED;
	}
	xf_time_format(t, xf_settings_tz(set), at, sizeof at);
	if ((s = prepare(l, "INSERT INTO person_contacts (person, at, official,"
	    " how, notes, batch) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT"
	    " (person, at, official) DO NOTHING", "storing the contact")) ==
	    NULL)
		return XF_STEP_ERROR;
	xf_db_bind_int(s, 1, seq);
	bind(s, 2, at);
	bind(s, 3, official);
	bind(s, 4, c->how);
	bind(s, 5, c->notes);
	xf_db_bind_int(s, 6, xf_ledger_batch(l));
	rc = xf_db_step(s);
	xf_db_finalize(s);
	if (rc != XF_DB_DONE) {
		xf_ledger_dberr(l, "storing the contact");
		return XF_STEP_ERROR;
	}
	if (xf_db_changes(xf_ledger_db(l)) == 0)
		return XF_ALREADY;
	rc = xf_buf_adds(&ev, "{\"at\":\"");
	rc |= xf_json_escape(&ev, at, strlen(at));
	rc |= xf_buf_adds(&ev, "\",\"official\":\"");
	rc |= xf_json_escape(&ev, official, strlen(official));
	rc |= xf_buf_adds(&ev, "\"}");
	if (rc != 0)
		xf_ledger_fail(l, "out of memory");
	else if (xf_ledger_event(l, id, "contact", ev.p) == 0)
		ret = XF_APPLIED;
	xf_buf_release(&ev);
	return ret;
}

/* The rows of a person: the registry's columns, contacts and items. */
#define PERSON_ROW	"'P' || p.seq AS id, " PERSON_COLUMNS ", registered_at," \
	" (SELECT max(at) FROM person_contacts c WHERE c.person = p.seq) AS" \
	" last_contact, (SELECT count(*) FROM live_items i WHERE" \
	" (p.id_number IS NOT NULL AND i.id_number = p.id_number) OR" \
	" (p.id_number IS NULL AND i.name = p.name AND i.phone = p.phone))" \
	" AS items"

int
xf_person_undo(xf_ledger *l, int64_t n)
{
	static const char *const cols[] = {
		"name", "id_number", "phone", "grade", "categories", "unit",
		"lead", "duty_reception", "duty_coordination", "duty_handling",
		"duty_settlement", "duty_control", NULL
	};
	struct xf_buf	 sql = { 0 };
	struct xf_stmt	*s = NULL;
	int		 i, rc = 0;

	rc |= xf_buf_adds(&sql, "UPDATE persons SET ");
	for (i = 0; cols[i] != NULL; i++)
		/* the grade a number, as its column says to every store */
		rc |= xf_buf_printf(&sql, "%s%s = (SELECT %sjson_extract(m.row,"
		    " '$.%s')%s FROM person_images m WHERE m.batch = ?1 AND"
		    " m.person = persons.seq)", i ? ", " : "", cols[i],
		    strcmp(cols[i], "grade") == 0 ? "CAST(" : "", cols[i],
		    strcmp(cols[i], "grade") == 0 ? " AS INTEGER)" : "");
	rc |= xf_buf_adds(&sql, " WHERE seq IN (SELECT person FROM"
	    " person_images WHERE batch = ?1)");
	if (rc != 0)
		rc = xf_ledger_fail(l, "out of memory");
	else if ((s = prepare(l, sql.p, "putting back the persons")) == NULL)
		rc = -1;
	else {
		xf_db_bind_int(s, 1, n);
		if (xf_db_step(s) != XF_DB_DONE)
			rc = xf_ledger_dberr(l, "putting back the persons");
	}
	xf_db_finalize(s);
	xf_buf_release(&sql);
	return rc;
}

xf_cursor *
xf_ledger_persons(xf_ledger *l, const char *id)
{
	char		 seq[24];
	const char	*params[1] = { seq };

	snprintf(seq, sizeof seq, "%lld", (long long)person_seq(id));
	return xf_ledger_query(l, id != NULL ? "SELECT " PERSON_ROW " FROM"
	    " persons p WHERE seq = CAST(?1 AS INTEGER)" : "SELECT "
	    PERSON_ROW " FROM persons p ORDER BY grade, seq", params,
	    id != NULL);
}

xf_cursor *
xf_ledger_person_of(xf_ledger *l, const char *item)
{
	const char	*params[1] = { item };

	return xf_ledger_query(l, "SELECT " PERSON_ROW " FROM persons p WHERE"
	    " EXISTS (SELECT 1 FROM items x WHERE x.id = ?1 AND"
	    " ((p.id_number IS NOT NULL AND p.id_number = x.id_number) OR"
	    " (p.id_number IS NULL AND p.name = x.name AND p.phone ="
	    " x.phone))) ORDER BY p.seq", params, 1);
}

xf_cursor *
xf_ledger_person_contacts(xf_ledger *l, const char *id)
{
	char		 seq[24];
	const char	*params[1] = { seq };

	snprintf(seq, sizeof seq, "%lld", (long long)person_seq(id));
	return xf_ledger_query(l, "SELECT 'P' || person AS id, at, official,"
	    " how, notes FROM person_contacts WHERE person = CAST(?1 AS"
	    " INTEGER) ORDER BY at, seq", params, 1);
}

xf_cursor *
xf_ledger_person_history(xf_ledger *l, const char *id)
{
	const char	*params[1] = { id };

	return xf_ledger_query(l, "SELECT item AS id, at, actor, program,"
	    " action, details, batch FROM events WHERE item = ?1 ORDER BY"
	    " seq", params, 1);
}

xf_cursor *
xf_ledger_contacts_owed(xf_ledger *l)
{
	const xf_settings *set = xf_ledger_settings(l);
	struct xf_time	 now;
	const char	*why, *period, *params[4];
	char		 today[11], hours[16], tz[16], sql[1400], at[40];
	int		 m = xf_settings_tz(set);

	if (xf_time_now(m, &now, &why) == -1) {
		xf_ledger_fail(l, "XF_NOW: %s", why);
		return NULL;
	}
	xf_time_format(now, m, at, sizeof at);
	xf_time_day(now, m, today, sizeof today);
	period = xf_settings_sensitive(set, today);
	snprintf(hours, sizeof hours, "+%d hours",
	    xf_settings_contact_hours(set, period != NULL));
	snprintf(tz, sizeof tz, "%+d minutes", m);
	params[0] = at;
	params[1] = hours;
	params[2] = period != NULL ? period : "normal";
	params[3] = tz;
	/*
	 * Owed: the last contact (else the registration) and the interval
	 * of the period now in force are past; the due time in the office's
	 * zone.
	 */
	snprintf(sql, sizeof sql, "SELECT official, id, name, grade,"
	    " categories, last_contact, replace(datetime(base, ?2, ?4), ' ',"
	    " 'T') || '%c%02d:%02d' AS due, ?3 AS period FROM (SELECT"
	    " IFNULL(duty_control, lead) AS official, 'P' || p.seq AS id,"
	    " name, grade, categories, (SELECT max(at) FROM person_contacts c"
	    " WHERE c.person = p.seq) AS last_contact, IFNULL((SELECT max(at)"
	    " FROM person_contacts c WHERE c.person = p.seq), registered_at)"
	    " AS base, seq FROM persons p) WHERE datetime(base, ?2) <="
	    " datetime(?1) ORDER BY official, datetime(base), seq",
	    m < 0 ? '-' : '+', abs(m) / 60, abs(m) % 60);
	return xf_ledger_query(l, sql, params, 4);
}
