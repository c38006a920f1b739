/*
 * sqlite-mem.c - SQLite's memory as this store gives it: SQLite's own
 * allocator, but for the piece of a statement's journal, kept from one
 * statement to the next.
 *
 * SQLite holds a statement's journal in memory in one piece of the
 * limit set (4 MB, sqlite.c), taken at the statement's first journalled
 * page and given back as the statement ends: each step, each
 * classification.  The C library maps and unmaps such a block, or
 * hands back the top of its heap; AddressSanitizer maps it afresh each
 * time and marks its 512 KB of shadow twice (t300-assign in the
 * sanitized build: 3,991,187 page faults, 73.5 s of CPU, where SQLite's
 * smaller limit took 890,495 and 31.2 s).  So one such piece given
 * back is kept here for the next: a block of the limit and at most
 * SLACK more (the piece's own header), and no other.
 */
#include <stdatomic.h>
#include <stddef.h>

#include <sqlite3.h>

#include "store/sqlite.h"

#define SLACK	64

static sqlite3_mem_methods	 under;
static _Atomic(void *)		 kept;
static int			 large;

static void *
mem_malloc(int n)
{
	void	*p;

	if (n >= large && n <= large + SLACK &&
	    (p = atomic_exchange(&kept, NULL)) != NULL) {
		if (under.xSize(p) == under.xRoundup(n))
			return p;
		under.xFree(p);
	}
	return under.xMalloc(n);
}

static void
mem_free(void *p)
{
	int	 n;

	if (p != NULL && (n = under.xSize(p)) >= large && n <= large + SLACK)
		p = atomic_exchange(&kept, p);
	if (p != NULL)
		under.xFree(p);
}

static void
mem_shutdown(void *arg)
{
	void	*p;

	if ((p = atomic_exchange(&kept, NULL)) != NULL)
		under.xFree(p);
	under.xShutdown(arg);
}

/* SQLite's own methods, but for the three that keep the piece. */
int
xf_sqlite_mem(int piece)
{
	sqlite3_mem_methods	 mem;

	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &under) != SQLITE_OK)
		return -1;
	large = piece;
	mem = under;
	mem.xMalloc = mem_malloc;
	mem.xFree = mem_free;
	mem.xShutdown = mem_shutdown;
	return sqlite3_config(SQLITE_CONFIG_MALLOC, &mem) == SQLITE_OK ?
	    0 : -1;
}
