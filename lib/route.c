/*
 * route.c - the routing table, which names the responsible unit of a
 * case by its category and region, and the roster of each unit's
 * handlers and lead officials, from which cases are given out by load
 */
#include <stdlib.h>
#include <string.h>

#include "xf-private.h"

/* A column of a table file: its English and its Chinese name. */
struct column {
	const char	*en;
	const char	*zh;
};

/* Both tables have three columns. */
#define NCOLS	3

/*
 * Take one row of a table, its values in the order of its columns:
 * 0, or -1 with "file:line: reason" in err.
 */
typedef int take_row(void *arg, const char *const v[NCOLS],
    const char *file, long line, char *err, size_t errlen);

/*
 * Read the CSV file at path, with a header naming the columns, and hand
 * each row to take.  0, or -1 with the reason in err; a file without
 * rows is an error ("file: empty").
 */
static int
read_table(const char *path, const struct column cols[NCOLS],
    take_row *take, void *arg, char *err, size_t errlen)
{
	xf_reader	*rd;
	xf_record	*r;
	const char	*v[NCOLS];
	char		 why[512];
	long		 rows = 0;
	int		 i, rc;

	if ((rd = xf_reader_open(path, XF_FORMAT_CSV, NULL, why,
	    sizeof why)) == NULL) {
		xf_errf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	if ((r = xf_record_new()) == NULL) {
		xf_errf(err, errlen, "out of memory");
		rc = -1;
		goto out_reader;
	}
	while ((rc = xf_reader_next(rd, r)) == 1) {
		for (i = 0; i < NCOLS; i++) {
			v[i] = xf_record_get_key(r, cols[i].en);
			if (v[i] == NULL)
				v[i] = xf_record_get_key(r, cols[i].zh);
			if (v[i] == NULL) {
				xf_errf(err, errlen, "%s:1: no column '%s' "
				    "(%s)", path, cols[i].en, cols[i].zh);
				rc = -1;
				goto out_record;
			}
		}
		if (take(arg, v, path, xf_record_line(r), err, errlen) == -1) {
			rc = -1;
			goto out_record;
		}
		rows++;
	}
	if (rc == XF_READ_BAD) {
		xf_errf(err, errlen, "%s:%ld: %s", path, xf_record_line(r),
		    xf_reader_errmsg(rd));
		rc = -1;
	} else if (rc == -1)
		xf_errf(err, errlen, "%s: %s", path, xf_reader_errmsg(rd));
	else if (rows == 0) {
		xf_errf(err, errlen, "%s: empty", path);
		rc = -1;
	}
out_record:
	xf_record_free(r);
out_reader:
	xf_reader_close(rd);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The routing table                                                   */

struct route {
	char	*category;	/* a path of the catalogue; "" for any */
	char	*region;	/* a prefix of a division code; "" for any */
	char	*unit;
	int	 levels;	/* of the category */
	size_t	 rlen;		/* of the region */
	long	 line;
};

struct xf_routes {
	struct route	*v;
	size_t		 n;
	size_t		 cap;
};

/* What reading a routing table needs. */
struct routes_load {
	struct xf_routes		*rt;
	const struct xf_catalog		*catalog;
};

static int
route_row(void *arg, const char *const v[NCOLS], const char *file,
    long line, char *err, size_t errlen)
{
	struct routes_load	*ld = arg;
	struct xf_routes	*rt = ld->rt;
	struct route		*r;
	const char		*cat = v[0], *reg = v[1], *unit = v[2];
	char			 near[512];
	size_t			 i;

	if (*unit == '\0') {
		xf_errf(err, errlen, "%s:%ld: empty unit", file, line);
		return -1;
	}
	if (*cat != '\0' && !xf_catalog_has(ld->catalog, cat, near,
	    sizeof near)) {
		xf_errf(err, errlen, "%s:%ld: category '%s': not in the "
		    "catalogue%s%s%s", file, line, cat, near[0] ?
		    " (nearest: " : "", near, near[0] ? ")" : "");
		return -1;
	}
	if (strspn(reg, "0123456789") != strlen(reg) || strlen(reg) > 12) {
		xf_errf(err, errlen, "%s:%ld: region '%s': not the start of "
		    "a division code", file, line, reg);
		return -1;
	}
	for (i = 0; i < rt->n; i++)
		if (strcmp(rt->v[i].category, cat) == 0 &&
		    strcmp(rt->v[i].region, reg) == 0) {
			xf_errf(err, errlen, "%s:%ld: the same category and "
			    "region as line %ld", file, line, rt->v[i].line);
			return -1;
		}
	if ((r = xf_grow(rt->v, &rt->cap, rt->n + 1, sizeof *r)) == NULL)
		goto nomem;
	rt->v = r;
	r += rt->n;
	r->category = strdup(cat);
	r->region = strdup(reg);
	r->unit = strdup(unit);
	rt->n++;
	if (r->category == NULL || r->region == NULL || r->unit == NULL)
		goto nomem;
	r->levels = 0;
	if (*cat != '\0')
		for (r->levels = 1; *cat != '\0'; cat++)
			r->levels += *cat == '/';
	r->rlen = strlen(reg);
	r->line = line;
	return 0;
nomem:
	xf_errf(err, errlen, "out of memory");
	return -1;
}

struct xf_routes *
xf_routes_new(const char *path, const xf_settings *set, char *err,
    size_t errlen)
{
	static const struct column cols[NCOLS] = {
		{ "category", "内容分类" },
		{ "region", "问题属地" },
		{ "unit", "责任单位" }
	};
	struct routes_load	 ld;

	if ((ld.rt = calloc(1, sizeof *ld.rt)) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	ld.catalog = xf_settings_catalog(set);
	if (read_table(path, cols, route_row, &ld, err, errlen) == -1) {
		xf_routes_free(ld.rt);
		return NULL;
	}
	return ld.rt;
}

void
xf_routes_free(struct xf_routes *rt)
{
	size_t	 i;

	if (rt == NULL)
		return;
	for (i = 0; i < rt->n; i++) {
		free(rt->v[i].category);
		free(rt->v[i].region);
		free(rt->v[i].unit);
	}
	free(rt->v);
	free(rt);
}

/* Whether path is prefix, or lies under it, by whole levels. */
static int
under(const char *path, const char *prefix)
{
	size_t	 n = strlen(prefix);

	return strncmp(path, prefix, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

const char *
xf_routes_match(const struct xf_routes *rt, const char *category,
    const char *region)
{
	const struct route	*r, *best = NULL;
	size_t			 i;

	if (category == NULL)
		category = "";
	if (region == NULL)
		region = "";
	for (i = 0; i < rt->n; i++) {
		r = &rt->v[i];
		if ((r->levels > 0 && !under(category, r->category)) ||
		    strncmp(region, r->region, r->rlen) != 0)
			continue;
		if (best == NULL || r->levels > best->levels ||
		    (r->levels == best->levels && r->rlen > best->rlen))
			best = r;
	}
	return best != NULL ? best->unit : NULL;
}

/* ------------------------------------------------------------------ */
/* The roster                                                          */

struct person {
	char		*unit;
	char		*name;
	const char	*role;		/* "handler" or "lead" */
	int64_t		 load;		/* open cases, once counted */
	int		 counted;
};

struct xf_roster {
	struct person	*v;
	size_t		 n;
	size_t		 cap;
};

static int
person_row(void *arg, const char *const v[NCOLS], const char *file,
    long line, char *err, size_t errlen)
{
	struct xf_roster	*ro = arg;
	struct person		*p;
	const char		*unit = v[0], *role = v[1], *name = v[2];

	if (*unit == '\0' || *name == '\0') {
		xf_errf(err, errlen, "%s:%ld: empty %s", file, line,
		    *unit == '\0' ? "unit" : "name");
		return -1;
	}
	if (strcmp(role, "handler") == 0 || strcmp(role, "具体责任人") == 0)
		role = "handler";
	else if (strcmp(role, "lead") == 0 || strcmp(role, "包案领导") == 0)
		role = "lead";
	else {
		xf_errf(err, errlen, "%s:%ld: role '%s': not handler "
		    "(具体责任人) or lead (包案领导)", file, line, role);
		return -1;
	}
	if ((p = xf_grow(ro->v, &ro->cap, ro->n + 1, sizeof *p)) == NULL)
		goto nomem;
	ro->v = p;
	p += ro->n;
	memset(p, 0, sizeof *p);
	p->unit = strdup(unit);
	p->name = strdup(name);
	p->role = role;
	ro->n++;
	if (p->unit == NULL || p->name == NULL)
		goto nomem;
	return 0;
nomem:
	xf_errf(err, errlen, "out of memory");
	return -1;
}

struct xf_roster *
xf_roster_new(const char *path, char *err, size_t errlen)
{
	static const struct column cols[NCOLS] = {
		{ "unit", "单位" },
		{ "role", "角色" },
		{ "name", "姓名" }
	};
	struct xf_roster	*ro;

	if ((ro = calloc(1, sizeof *ro)) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	if (read_table(path, cols, person_row, ro, err, errlen) == -1) {
		xf_roster_free(ro);
		return NULL;
	}
	return ro;
}

void
xf_roster_free(struct xf_roster *ro)
{
	size_t	 i;

	if (ro == NULL)
		return;
	for (i = 0; i < ro->n; i++) {
		free(ro->v[i].unit);
		free(ro->v[i].name);
	}
	free(ro->v);
	free(ro);
}

int
xf_roster_pick(struct xf_roster *ro, xf_ledger *l, const char *unit,
    const char *role, const char **name)
{
	struct person	*p;
	int64_t		 least = 0;
	size_t		 i;

	*name = NULL;
	for (i = 0; i < ro->n; i++) {
		p = &ro->v[i];
		if (strcmp(p->unit, unit) != 0 || strcmp(p->role, role) != 0)
			continue;
		/* Counted once: a count a case made assigning quadratic. */
		if (!p->counted && xf_ledger_load(l, role, p->name,
		    &p->load) == -1)
			return -1;
		p->counted = 1;
		if (*name == NULL || p->load < least) {
			*name = p->name;
			least = p->load;
		}
	}
	return *name != NULL ? 0 : 1;
}

/* Whether case r is open, owed by its handler and lead, and not voided. */
static int
owed(const xf_record *r)
{
	const char	*status = xf_record_get(r, XF_F_STATUS);
	const char	*voided = xf_record_get(r, XF_F_VOIDED_AT);
	char		 quoted[64];

	if (status == NULL || (voided != NULL && *voided != '\0') ||
	    snprintf(quoted, sizeof quoted, "'%s'", status) >=
	    (int)sizeof quoted)
		return 0;
	return strstr(XF_OWED_STATUSES, quoted) != NULL;
}

/* The open cases of name in role, as counted, moved by n. */
static void
moved(struct xf_roster *ro, const char *role, const char *name, int n)
{
	size_t	 i;

	if (name == NULL)
		return;
	for (i = 0; i < ro->n; i++)
		if (ro->v[i].counted && strcmp(ro->v[i].role, role) == 0 &&
		    strcmp(ro->v[i].name, name) == 0)
			ro->v[i].load += n;
}

void
xf_roster_stepped(struct xf_roster *ro, const xf_record *before,
    const xf_record *after)
{
	static const int	 fields[] = { XF_F_HANDLER, XF_F_LEAD };
	int			 was = owed(before), is = owed(after);
	size_t			 i;

	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (was)
			moved(ro, xf_field_name(fields[i]),
			    xf_record_get(before, fields[i]), -1);
		if (is)
			moved(ro, xf_field_name(fields[i]),
			    xf_record_get(after, fields[i]), 1);
	}
}
