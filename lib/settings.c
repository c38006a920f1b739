/*
 * settings.c - the office's settings: built-in defaults, overridden by a
 * plain-text file of "key = value" lines
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "xf-private.h"

/* A named set of rates (rate_set.NAME) and a rate's target (target.RATE). */
#define MAX_SETS	16
#define MAX_TARGETS	32
/* Entries of personal_columns, and the bytes of a pattern. */
#define MAX_PERSONAL	32
#define PATTERN_MAX	63
/* The documents' settings (xf-notice). */
#define MAX_DOCS	24

struct rate_set {
	char	 name[64];
	char	 rates[320];	/* " timely_acceptance satisfaction " */
};

struct target {
	char	 rate[40];
	double	 pct;
};

/* The sets of the county reports (DOMAIN.md §3), until an office says. */
static const struct rate_set default_sets[] = {
	{ "三率", " timely_acceptance on_time_completion satisfaction " },
	{ "五率", " timely_acceptance on_time_completion satisfaction"
	    " evaluation_participation one_time_resolution " },
};

struct xf_settings {
	char			 office[32];
	enum xf_level		 level;
	int			 tz;		/* minutes east of UTC */
	int			 collective;
	int			 repeat_days;
	int			 clock_skew;	/* minutes */
	char			 online[128];	/* " online email " */
	int			 busy_ms;
	struct xf_catalog	*catalog;
	int			 limit[XF_LIM_COUNT];
	int			 roll;
	struct xf_calendar	*calendar;
	char			*villages;	/* JSON: [{"code", "name"}] */
	/* The key persons' (xf-person): " 涉军 问题楼盘 ", hours, periods. */
	char			 categories[512];
	int			 contact_hours[2];	/* normal, sensitive */
	struct sensitive {
		char	 from[11], to[11], name[64];
	}			 sensitive[32];
	int			 nsensitive;
	char			 ladder[128];	/* " village township ... " */
	struct rate_set		 sets[MAX_SETS];
	int			 nsets;
	struct target		 targets[MAX_TARGETS];
	int			 ntargets;
	/* "phone:紧急联系方式": KIND an English field name. */
	char			 personal[MAX_PERSONAL][PATTERN_MAX + 16];
	int			 npersonal;
	/* The documents' settings (office_name, doc_number.KIND, ...). */
	struct doc_setting {
		char	 key[40];
		char	 val[512];
	}			 docs[MAX_DOCS];
	int			 ndocs;
};

/* The names of the limits, in the order of enum xf_limit, and defaults. */
static const struct {
	const char	*key;
	int		 days;
} limits[XF_LIM_COUNT] = {
	{ "accept_days", 15 },
	{ "reply_days", 60 },
	{ "max_extension", 30 },
	{ "review_window", 30 },
	{ "decision_days", 30 },
	{ "due_soon", 7 },
	{ "evaluation_window", 30 },
	{ "visit_after", 7 },
	{ "lead_visit_days", 15 },
	{ "simplified_days", 10 },
	{ "resolution_window", 90 },
};

static int
office_ok(const char *s)
{
	size_t	 n = strlen(s);

	if (n >= sizeof ((struct xf_settings *)0)->office)
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s))
			return 0;
	return 1;
}

/* A positive integer up to max, or -1. */
static long
number(const char *s, long max)
{
	char	*end;
	long	 v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v > max)
		return -1;
	return v;
}

/* "+08:00", "+0800", "+08", "-05:00", "Z" as minutes east of UTC. */
static int
offset(const char *s, int *out)
{
	int	 sign, h, m = 0;

	if (strcmp(s, "Z") == 0 || strcmp(s, "UTC") == 0) {
		*out = 0;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
		return -1;
	h = (s[0] - '0') * 10 + s[1] - '0';
	s += 2;
	if (*s == ':')
		s++;
	if (*s != '\0') {
		if (!isdigit((unsigned char)s[0]) ||
		    !isdigit((unsigned char)s[1]) || s[2] != '\0')
			return -1;
		m = (s[0] - '0') * 10 + s[1] - '0';
	}
	if (h > 14 || m > 59 || h * 60 + m > 14 * 60)
		return -1;
	*out = sign * (h * 60 + m);
	return 0;
}

static int
online_set(struct xf_settings *s, const char *list)
{
	char	 copy[128], *tok, *save;
	size_t	 used;

	if (strlen(list) >= sizeof copy)
		return -1;
	strcpy(copy, list);
	strcpy(s->online, " ");
	for (tok = strtok_r(copy, " \t,", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t,", &save)) {
		const char *t = xf_field_token(XF_F_CHANNEL, tok, strlen(tok));

		if (t == NULL)
			return -1;
		used = strlen(s->online);
		if (used + strlen(t) + 2 > sizeof s->online)
			return -1;
		strcat(s->online, t);
		strcat(s->online, " ");
	}
	return 0;
}

static int
ladder_set(struct xf_settings *s, const char *list)
{
	char	 copy[128], *tok, *save;

	if (strlen(list) >= sizeof copy)
		return -1;
	strcpy(copy, list);
	strcpy(s->ladder, " ");
	for (tok = strtok_r(copy, " \t,", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t,", &save)) {
		const char *t = xf_field_token(XF_F_RUNG, tok, strlen(tok));

		if (t == NULL ||
		    strlen(s->ladder) + strlen(t) + 2 > sizeof s->ladder)
			return -1;
		strcat(s->ladder, t);
		strcat(s->ladder, " ");
	}
	return strcmp(s->ladder, " ") == 0 ? -1 : 0;
}

/*
 * rate_set.NAME = RATE ...: define or redefine a set; the rates are
 * names of xf_stats_rates(), separated by spaces or commas.
 */
static int
rate_set_put(struct xf_settings *s, const char *name, const char *list)
{
	struct rate_set	 set;
	char		 copy[sizeof set.rates], *tok, *save;
	int		 i;

	if (*name == '\0' || strlen(name) >= sizeof set.name ||
	    strlen(list) >= sizeof copy || strcmp(name, "all") == 0)
		return -1;
	snprintf(set.name, sizeof set.name, "%s", name);
	strcpy(copy, list);
	strcpy(set.rates, " ");
	for (tok = strtok_r(copy, " \t,", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t,", &save)) {
		if (xf_stats_rate(tok, strlen(tok)) == -1 ||
		    strlen(set.rates) + strlen(tok) + 2 > sizeof set.rates)
			return -1;
		strcat(set.rates, tok);
		strcat(set.rates, " ");
	}
	if (strcmp(set.rates, " ") == 0)
		return -1;
	for (i = 0; i < s->nsets; i++)
		if (strcmp(s->sets[i].name, name) == 0)
			break;
	if (i == MAX_SETS)
		return -1;
	if (i == s->nsets)
		s->nsets++;
	s->sets[i] = set;
	return 0;
}

/*
 * personal_columns = KIND:PATTERN ...: the entries, separated by spaces
 * or commas, add to those of earlier lines.  KIND names a personal field
 * (name, id_number, phone, address, or a Chinese column name of one);
 * PATTERN is a part of a column's name, up to PATTERN_MAX bytes.
 * 0, or -1 with the reason in why.
 */
static int
personal_add(struct xf_settings *s, const char *list, char *why,
    size_t whylen)
{
	const char	*p = list, *colon, *q;
	char		 entry[256], qbuf[80];
	size_t		 n;
	int		 f;

	while (*p != '\0') {
		if (*p == ' ' || *p == '\t' || *p == ',') {
			p++;
			continue;
		}
		n = strcspn(p, " \t,");
		/* The entry quoted in a message. */
		snprintf(entry, sizeof entry, "%.*s", (int)n, p);
		q = xf_quote(entry, qbuf, sizeof qbuf);
		colon = memchr(p, ':', n);
		if (colon == NULL || colon == p || colon + 1 == p + n ||
		    (f = xf_field_find(p, (size_t)(colon - p))) < 0 ||
		    !xf_personal(f)) {
			xf_errf(why, whylen, "'%s': not KIND:PATTERN (KIND: "
			    "name, id_number, phone or address)", q);
			return -1;
		}
		if ((size_t)(p + n - colon - 1) > PATTERN_MAX) {
			xf_errf(why, whylen, "'%s': a pattern of more than "
			    "%d bytes", q, PATTERN_MAX);
			return -1;
		}
		if (s->npersonal == MAX_PERSONAL) {
			xf_errf(why, whylen, "'%s': more than %d entries", q,
			    MAX_PERSONAL);
			return -1;
		}
		snprintf(s->personal[s->npersonal++], sizeof s->personal[0],
		    "%s:%.*s", xf_field_name(f), (int)(p + n - colon - 1),
		    colon + 1);
		p += n;
	}
	return 0;
}

/* target.RATE = PERCENT: a number from 0 to 100. */
static int
target_put(struct xf_settings *s, const char *rate, const char *val)
{
	char	*end;
	double	 pct;
	int	 i;

	if (xf_stats_rate(rate, strlen(rate)) == -1 ||
	    !isdigit((unsigned char)*val))
		return -1;
	errno = 0;
	pct = strtod(val, &end);
	if (errno != 0 || *end != '\0' || pct < 0 || pct > 100)
		return -1;
	for (i = 0; i < s->ntargets; i++)
		if (strcmp(s->targets[i].rate, rate) == 0)
			break;
	if (i == MAX_TARGETS)
		return -1;
	if (i == s->ntargets)
		s->ntargets++;
	snprintf(s->targets[i].rate, sizeof s->targets[i].rate, "%s", rate);
	s->targets[i].pct = pct;
	return 0;
}

static char *
trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* A path named in the settings, relative to the settings file's directory. */
static int
relative(struct xf_buf *full, const char *file, const char *path)
{
	const char	*slash = strrchr(file, '/');

	if (path[0] != '/' && slash != NULL &&
	    xf_buf_add(full, file, (size_t)(slash - file + 1)) == -1)
		return -1;
	return xf_buf_adds(full, path);
}

static struct xf_catalog *
catalog_at(const char *file, const char *path, char *err, size_t errlen)
{
	struct xf_buf		 full = { 0 };
	struct xf_catalog	*c = NULL;

	if (relative(&full, file, path) == -1)
		xf_errf(err, errlen, "out of memory");
	else
		c = xf_catalog_new(full.p, err, errlen);
	xf_buf_release(&full);
	return c;
}

static struct xf_calendar *
calendar_at(const char *file, const char *path, char *err, size_t errlen)
{
	struct xf_buf		 full = { 0 };
	struct xf_calendar	*c = NULL;

	if (relative(&full, file, path) == -1)
		xf_errf(err, errlen, "out of memory");
	else
		c = xf_calendar_new(full.p, err, errlen);
	xf_buf_release(&full);
	return c;
}

/* The keys of the documents' settings; doc_number.KIND besides. */
static const char *const doc_keys[] = {
	"office_name", "office_address", "office_phone", "review_body",
	"rereview_body", "template_dir", "doc_number", NULL
};

/* A setting of the documents: 1 taken, 0 not one, -1 bad. */
static int
doc_put(struct xf_settings *s, const char *file, const char *key,
    const char *val)
{
	struct xf_buf	 full = { 0 };
	int		 i;

	for (i = 0; doc_keys[i] != NULL && strcmp(key, doc_keys[i]) != 0;
	    i++)
		;
	if (doc_keys[i] == NULL && (strncmp(key, "doc_number.", 11) != 0 ||
	    xf_doc_parse(key + 11) == -1))
		return 0;
	for (i = 0; i < s->ndocs && strcmp(s->docs[i].key, key) != 0; i++)
		;
	if (i == MAX_DOCS || strlen(key) >= sizeof s->docs[i].key)
		return -1;
	/* The template directory, relative to the settings file's. */
	if (strcmp(key, "template_dir") == 0) {
		if (relative(&full, file, val) == -1 ||
		    full.len >= sizeof s->docs[i].val) {
			xf_buf_release(&full);
			return -1;
		}
		val = full.p;
	}
	if (strlen(val) >= sizeof s->docs[i].val) {
		xf_buf_release(&full);
		return -1;
	}
	strcpy(s->docs[i].key, key);
	strcpy(s->docs[i].val, val);
	if (i == s->ndocs)
		s->ndocs++;
	xf_buf_release(&full);
	return 1;
}

static int
limit_of(const char *key)
{
	int	 i;

	for (i = 0; i < XF_LIM_COUNT; i++)
		if (strcmp(key, limits[i].key) == 0)
			return i;
	return -1;
}

static int
apply(struct xf_settings *s, const char *file, long line, const char *key,
    const char *val, char *err, size_t errlen)
{
	long	 v;
	int	 lv;

	if (strcmp(key, "office") == 0) {
		if (!office_ok(val))
			goto bad;
		strcpy(s->office, val);
	} else if (strcmp(key, "office_level") == 0) {
		const char *t = xf_field_token(XF_F_LODGED_LEVEL, val,
		    strlen(val));

		if (t == NULL || (lv = xf_level_of(t)) == -1)
			goto bad;
		s->level = (enum xf_level)lv;
	} else if (strcmp(key, "timezone") == 0) {
		if (offset(val, &s->tz) == -1)
			goto bad;
	} else if (strcmp(key, "collective_threshold") == 0) {
		if ((v = number(val, 1000000)) == -1)
			goto bad;
		s->collective = (int)v;
	} else if (strcmp(key, "repeat_window") == 0) {
		if ((v = number(val, 36500)) == -1)
			goto bad;
		s->repeat_days = (int)v;
	} else if (strcmp(key, "clock_skew") == 0) {
		/* 0 too: no time later than now. */
		if (strcmp(val, "0") == 0)
			s->clock_skew = 0;
		else if ((v = number(val, 1440)) == -1)
			goto bad;
		else
			s->clock_skew = (int)v;
	} else if (strcmp(key, "personal_columns") == 0) {
		char	 why[256];

		if (personal_add(s, val, why, sizeof why) == -1) {
			xf_errf(err, errlen, "%s:%ld: personal_columns %s",
			    file, line, why);
			return -1;
		}
	} else if (strcmp(key, "online_channels") == 0) {
		if (online_set(s, val) == -1)
			goto bad;
	} else if (strcmp(key, "busy_timeout") == 0) {
		if ((v = number(val, INT_MAX)) == -1)
			goto bad;
		s->busy_ms = (int)v;
	} else if (strcmp(key, "roll_to_workday") == 0) {
		const char	*why;

		if (xf_check_bool(val, &s->roll, &why) == -1)
			goto bad;
	} else if (strcmp(key, "mediation_ladder") == 0) {
		if (ladder_set(s, val) == -1)
			goto bad;
	} else if (strcmp(key, "calendar") == 0) {
		char			 why[512];
		struct xf_calendar	*c = calendar_at(file, val, why,
		    sizeof why);

		if (c == NULL) {
			xf_errf(err, errlen, "%s:%ld: calendar: %s", file,
			    line, why);
			return -1;
		}
		xf_calendar_free(s->calendar);
		s->calendar = c;
	} else if (strcmp(key, "villages") == 0) {
		struct xf_buf	 full = { 0 };
		char		 why[512], *list = NULL;

		if (relative(&full, file, val) == -1)
			snprintf(why, sizeof why, "out of memory");
		else
			list = xf_villages_load(full.p, why, sizeof why);
		xf_buf_release(&full);
		if (list == NULL) {
			xf_errf(err, errlen, "%s:%ld: villages: %s", file,
			    line, why);
			return -1;
		}
		free(s->villages);
		s->villages = list;
	} else if (strcmp(key, "person_categories") == 0) {
		if (strlen(val) + 3 > sizeof s->categories)
			goto bad;
		snprintf(s->categories, sizeof s->categories, " %s ", val);
		for (char *p = s->categories; *p != '\0'; p++)
			if (*p == ',')
				*p = ' ';
	} else if (strcmp(key, "contact_normal_hours") == 0 ||
	    strcmp(key, "contact_sensitive_hours") == 0) {
		if ((v = number(val, 24 * 366)) == -1)
			goto bad;
		s->contact_hours[key[8] == 's'] = (int)v;
	} else if (strcmp(key, "sensitive_period") == 0) {
		struct sensitive *p = &s->sensitive[s->nsensitive];
		const char	*why;
		xf_day		 d1, d2;
		int		 n = 0;

		if (s->nsensitive == 32 || sscanf(val, "%10s %10s %n", p->from,
		    p->to, &n) != 2 || xf_day_parse(p->from, 0, &d1, &why) ==
		    -1 || xf_day_parse(p->to, 0, &d2, &why) == -1 || d1 > d2 ||
		    strlen(p->from) != 10 || strlen(p->to) != 10)
			goto bad;
		snprintf(p->name, sizeof p->name, "%s", val + n);
		s->nsensitive++;
	} else if (strncmp(key, "rate_set.", 9) == 0) {
		if (rate_set_put(s, key + 9, val) == -1)
			goto bad;
	} else if (strncmp(key, "target.", 7) == 0) {
		if (target_put(s, key + 7, val) == -1)
			goto bad;
	} else if ((lv = doc_put(s, file, key, val)) != 0) {
		if (lv == -1)
			goto bad;
	} else if ((lv = limit_of(key)) >= 0) {
		if ((v = number(val, 3650)) == -1)
			goto bad;
		s->limit[lv] = (int)v;
	} else if (strcmp(key, "catalogue") == 0) {
		char			 why[512];
		struct xf_catalog	*c = catalog_at(file, val, why,
		    sizeof why);

		if (c == NULL) {
			xf_errf(err, errlen, "%s:%ld: catalogue: %s", file,
			    line, why);
			return -1;
		}
		xf_catalog_free(s->catalog);
		s->catalog = c;
	} else {
		xf_errf(err, errlen, "%s:%ld: unknown setting '%s'", file,
		    line, key);
		return -1;
	}
	return 0;
bad:
	xf_errf(err, errlen, "%s:%ld: %s '%s': bad value", file, line, key,
	    val);
	return -1;
}

static int
load(struct xf_settings *s, const char *path, char *err, size_t errlen)
{
	FILE	*fp;
	char	*line = NULL, *key, *val, *eq;
	size_t	 cap = 0;
	ssize_t	 n;
	long	 lineno = 0;
	int	 rc = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		xf_errf(err, errlen, "%s: cannot open: %s", path,
		    strerror(errno));
		return -1;
	}
	while ((n = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (memchr(line, '\0', (size_t)n) != NULL ||
		    !xf_utf8_valid(line, (size_t)n, 0, NULL)) {
			xf_errf(err, errlen, "%s:%ld: not valid UTF-8 text",
			    path, lineno);
			rc = -1;
			break;
		}
		if ((eq = strchr(line, '#')) != NULL)
			*eq = '\0';
		key = trim(line);
		if (*key == '\0')
			continue;
		if ((eq = strchr(key, '=')) == NULL) {
			xf_errf(err, errlen, "%s:%ld: not 'key = value'",
			    path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		key = trim(key);
		val = trim(eq + 1);
		if (apply(s, path, lineno, key, val, err, errlen) == -1) {
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(fp)) {
		xf_errf(err, errlen, "%s: cannot read", path);
		rc = -1;
	}
	free(line);
	fclose(fp);
	return rc;
}

xf_settings *
xf_settings_new(const char *path, char *err, size_t errlen)
{
	struct xf_settings	*s;
	int			 i;

	if ((s = calloc(1, sizeof *s)) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	s->level = XF_LEVEL_COUNTY;
	s->tz = 8 * 60;
	s->collective = 5;
	s->repeat_days = 365;
	s->clock_skew = 10;
	strcpy(s->online, " online email ");
	s->busy_ms = 60000;
	s->contact_hours[0] = 7 * 24;	/* 平常期一周一见面 */
	s->contact_hours[1] = 8;	/* 特护期一天三见面 */
	for (i = 0; i < XF_LIM_COUNT; i++)
		s->limit[i] = limits[i].days;
	strcpy(s->ladder, " village village-again township county court ");
	for (i = 0; i < (int)(sizeof default_sets / sizeof default_sets[0]);
	    i++)
		s->sets[s->nsets++] = default_sets[i];
	if (path != NULL && load(s, path, err, errlen) == -1)
		goto fail;
	if (s->catalog == NULL &&
	    (s->catalog = xf_catalog_new(NULL, err, errlen)) == NULL)
		goto fail;
	if (s->calendar == NULL &&
	    (s->calendar = xf_calendar_new(NULL, err, errlen)) == NULL)
		goto fail;
	if (s->limit[XF_LIM_EXTENSION] > 30) {
		xf_errf(err, errlen, "%s: max_extension: the law allows 30 "
		    "days at most", path);
		goto fail;
	}
	return s;
fail:
	xf_settings_free(s);
	return NULL;
}

void
xf_settings_free(xf_settings *s)
{
	if (s == NULL)
		return;
	xf_catalog_free(s->catalog);
	xf_calendar_free(s->calendar);
	free(s->villages);
	free(s);
}

const char *
xf_settings_office(const xf_settings *s)
{
	return s->office;
}

int
xf_settings_set_office(xf_settings *s, const char *office)
{
	if (!office_ok(office))
		return -1;
	strcpy(s->office, office);
	return 0;
}

enum xf_level
xf_settings_level(const xf_settings *s)
{
	return s->level;
}

int
xf_settings_tz(const xf_settings *s)
{
	return s->tz;
}

int
xf_settings_collective(const xf_settings *s)
{
	return s->collective;
}

int
xf_settings_repeat_days(const xf_settings *s)
{
	return s->repeat_days;
}

int
xf_settings_clock_skew(const xf_settings *s)
{
	return s->clock_skew;
}

const char *
xf_settings_personal_column(const xf_settings *s, int i)
{
	return i >= 0 && i < s->npersonal ? s->personal[i] : NULL;
}

int
xf_settings_online(const xf_settings *s, const char *channel)
{
	char	 key[32];

	if (snprintf(key, sizeof key, " %s ", channel) >= (int)sizeof key)
		return 0;
	return strstr(s->online, key) != NULL;
}

int
xf_settings_busy_ms(const xf_settings *s)
{
	return s->busy_ms;
}

const struct xf_catalog *
xf_settings_catalog(const xf_settings *s)
{
	return s->catalog;
}

int
xf_settings_limit(const xf_settings *s, enum xf_limit l)
{
	return s->limit[l];
}

int
xf_settings_roll(const xf_settings *s)
{
	return s->roll;
}

int
xf_settings_person_category(const xf_settings *s, const char *cat)
{
	char	 word[130];

	if (s->categories[0] == '\0')
		return 1;
	snprintf(word, sizeof word, " %s ", cat);
	return strstr(s->categories, word) != NULL;
}

int
xf_settings_contact_hours(const xf_settings *s, int sensitive)
{
	return s->contact_hours[sensitive != 0];
}

const char *
xf_settings_sensitive(const xf_settings *s, const char *day)
{
	int	 i;

	for (i = 0; i < s->nsensitive; i++)
		if (strncmp(day, s->sensitive[i].from, 10) >= 0 &&
		    strncmp(day, s->sensitive[i].to, 10) <= 0)
			return s->sensitive[i].name[0] != '\0' ?
			    s->sensitive[i].name : s->sensitive[i].from;
	return NULL;
}

const char *
xf_settings_villages(const xf_settings *s)
{
	return s->villages;
}

const struct xf_calendar *
xf_settings_calendar(const xf_settings *s)
{
	return s->calendar;
}

const char *
xf_settings_next_rung(const xf_settings *s, const char *rung)
{
	char		 key[40], out[40];
	const char	*at, *next;

	if (rung == NULL)
		at = s->ladder;
	else {
		if (snprintf(key, sizeof key, " %s ", rung) >= (int)sizeof key ||
		    (at = strstr(s->ladder, key)) == NULL)
			return NULL;
		at += strlen(key) - 1;
	}
	next = at + 1;
	if (*next == '\0')
		return NULL;
	snprintf(out, sizeof out, "%.*s", (int)strcspn(next, " "), next);
	return xf_field_token(XF_F_RUNG, out, strlen(out));
}

const char *
xf_settings_rate_set(const xf_settings *s, const char *name)
{
	int	 i;

	for (i = 0; i < s->nsets; i++)
		if (strcmp(s->sets[i].name, name) == 0)
			return s->sets[i].rates;
	return NULL;
}

const char *
xf_settings_rate_set_name(const xf_settings *s, int i)
{
	return i >= 0 && i < s->nsets ? s->sets[i].name : NULL;
}

int
xf_settings_target(const xf_settings *s, const char *rate, double *pct)
{
	int	 i;

	for (i = 0; i < s->ntargets; i++)
		if (strcmp(s->targets[i].rate, rate) == 0) {
			*pct = s->targets[i].pct;
			return 1;
		}
	return 0;
}

const char *
xf_settings_doc(const xf_settings *s, const char *key)
{
	int	 i;

	for (i = 0; i < s->ndocs; i++)
		if (strcmp(s->docs[i].key, key) == 0)
			return s->docs[i].val;
	return NULL;
}
