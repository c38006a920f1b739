/*
 * ledger-util.h - what the unit tests of the ledger share: valid ID
 * numbers, items made from key/value pairs, registering one, the ids
 * a filter selects, a record's keys, removing a ledger.  Included by
 * the unit tests after test.h.
 */
#ifndef XF_LEDGER_UTIL_H
#define XF_LEDGER_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xf.h"
#include "test.h"

/* Valid ID numbers of GB 11643, their check digits worked out by hand. */
#define ID_A	"11010519491231002X"
#define ID_B	"410102198001014561"
#define ID_C	"131022197506153312"
#define ID_D	"131022197506153320"
#define ID_E	"131022197506153339"
#define ID_F	"131022197506153347"
#define ID_G	"131022197506153355"
#define ID_H	"131022197506153363"
#define ID_I	"131022197506153371"
#define ID_J	"13102219750615338X"
#define ID_K	"131022197506153398"
#define ID_L	"110101199003070011"
#define ID_M	"11010119900307803X"
#define ID_N	"41010219800101123X"

#define NOW	"2017-07-25T09:00:00+08:00"

/*
 * Remove a ledger and what SQLite keeps beside it; a PostgreSQL one
 * (postgresql:///NAME), its database.
 */
static inline void
remove_ledger(const char *path)
{
	char	 side[300];

	if (strncmp(path, "postgresql:///", 14) == 0) {
		snprintf(side, sizeof(side), "dropdb '%s'", path + 14);
		if (system(side) != 0)
			printf("%s: failed\n", side);
		return;
	}
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

/*
 * A normalised item from key/value pairs ended by NULL, noted as coming
 * from line of items.csv.
 */
static inline xf_record *
item(const xf_settings *set, long line, const char *key, ...)
{
	xf_record	*in = xf_record_new(), *out = xf_record_new();
	const char	*val;
	char		 err[512];
	va_list		 ap;

	va_start(ap, key);
	for (; key != NULL; key = va_arg(ap, const char *)) {
		val = va_arg(ap, const char *);
		xf_record_add(in, key, strlen(key), val, strlen(val), 0);
	}
	va_end(ap);
	xf_record_set_origin(in, "items.csv", line);
	if (xf_item_normalize(set, in, out, err, sizeof(err)) == -1) {
		printf("normalize: %s\n", err);
		test_failed++;
	}
	xf_record_free(in);
	return out;
}

/* Register it; the id it got (or the error) into buf, the item freed. */
static inline const char *
reg(xf_ledger *l, xf_record *it, char *buf, size_t size)
{
	const char	*existing = "unset";
	enum xf_register rc;

	rc = xf_ledger_register(l, it, 0, &existing);
	if (rc == XF_REG_NEW)
		snprintf(buf, size, "%s", xf_record_get(it, XF_F_ID));
	else if (rc == XF_REG_DUPLICATE)
		snprintf(buf, size, "duplicate of %s", existing);
	else
		snprintf(buf, size, "error: %s", xf_ledger_errmsg(l));
	xf_record_free(it);
	return buf;
}

/* The keys of r joined by ','. */
static inline const char *
keys(const xf_record *r, char *buf, size_t size)
{
	size_t	 i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < xf_record_count(r) && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
		    i > 0 ? "," : "", xf_record_key(r, i));
	return buf;
}

/* The ids selected by f, joined by ' ', or "error: ...". */
static inline const char *
ids(xf_ledger *l, const struct xf_filter *f, char *buf, size_t size)
{
	xf_cursor	*c;
	xf_record	*r = xf_record_new();
	size_t		 used = 0;
	int		 rc;

	buf[0] = '\0';
	if ((c = xf_ledger_select(l, f)) == NULL) {
		snprintf(buf, size, "error: %s", xf_ledger_errmsg(l));
		xf_record_free(r);
		return buf;
	}
	while ((rc = xf_cursor_next(c, r)) == 1 && used < size)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
		    used > 0 ? " " : "", xf_record_get(r, XF_F_ID));
	if (rc == -1)
		snprintf(buf, size, "error: %s", xf_ledger_errmsg(l));
	xf_cursor_free(c);
	xf_record_free(r);
	return buf;
}

#endif
