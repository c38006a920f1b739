/*
 * store.c - the stores a ledger may be kept in, and which one a place
 * names.
 */
#include <stdio.h>
#include <string.h>

#include "xf-private.h"
#include "store/store.h"

static const struct xf_store_be *const stores[] = {
	&xf_store_pg,
	&xf_store_sqlite,
};

const char *
xf_store_shown(const char *where, char *buf, size_t size)
{
	const char	*scheme = strstr(where, "://"), *at, *colon, *pw, *end;
	size_t		 n;

	snprintf(buf, size, "%s", where);
	if (scheme == NULL)
		return buf;
	/* scheme://user:secret@host... */
	at = strchr(scheme + 3, '@');
	colon = strchr(scheme + 3, ':');
	if (at != NULL && colon != NULL && colon < at &&
	    memchr(scheme + 3, '/', (size_t)(at - scheme - 3)) == NULL) {
		n = (size_t)(colon + 1 - where);
		snprintf(buf, size, "%.*s***%s", (int)n, where, at);
	}
	/* ...?password=secret&... */
	if ((pw = strstr(buf, "password=")) != NULL) {
		end = pw + strcspn(pw, "&");
		n = (size_t)(pw + 9 - buf);
		if (n + 3 + strlen(end) < size) {
			memmove(buf + n + 3, end, strlen(end) + 1);
			memcpy(buf + n, "***", 3);
		} else
			buf[n] = '\0';
	}
	return buf;
}

const struct xf_store_be *
xf_store_for(const char *where, char *err, size_t errlen)
{
	char	 shown[512];
	size_t	 i;

	for (i = 0; i < sizeof stores / sizeof stores[0]; i++)
		if (stores[i]->claims(where))
			return stores[i];
	xf_errf(err, errlen, "%s: no store for this kind of ledger",
	    xf_store_shown(where, shown, sizeof shown));
	return NULL;
}

struct xf_stmt *
xf_store_insert(struct xf_db *d, const char *table, const char *const *cols,
    int n)
{
	struct xf_buf	 sql = { 0 };
	struct xf_stmt	*s = NULL;
	int		 i, rc;

	rc = xf_buf_printf(&sql, "INSERT INTO %s (", table);
	for (i = 0; i < n; i++)
		rc |= xf_buf_printf(&sql, "%s\"%s\"", i ? ", " : "", cols[i]);
	rc |= xf_buf_adds(&sql, ") VALUES (");
	for (i = 0; i < n; i++)
		rc |= xf_buf_printf(&sql, "%s?%d", i ? ", " : "", i + 1);
	rc |= xf_buf_adds(&sql, ")");
	if (rc == 0)
		s = d->be->prepare(d, sql.p, 0);
	xf_buf_release(&sql);
	return s;
}
