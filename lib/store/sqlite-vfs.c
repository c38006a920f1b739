/*
 * sqlite-vfs.c - the SQLite store's files: SQLite's own unix files,
 * but for a statement's journal written to a file in pieces of 64 KB.
 *
 * SQLite holds a statement's journal in memory up to a limit
 * (SQLITE_CONFIG_STMTJRNL_SPILL, sqlite.c: 4 MB here), in one piece of
 * that size, and past it writes the piece to a temporary file in one
 * call.  The unix files of SQLite 3.40 take at most 128 KB - 1 a call
 * (seekAndWriteFd() masks the length with 0x1ffff), so that write wrote
 * nothing of the 4 MB and the statement failed, "database or disk is
 * full" (t-store-sqlite's test_statement_journal).  Here those files,
 * and those alone, write in pieces; the rest of their methods, and
 * every other file, are SQLite's as they are.
 */
#include <stdalign.h>
#include <stddef.h>

#include <sqlite3.h>

#include "store/sqlite.h"

/* A write of a statement's journal: at most this much a call. */
#define PIECE	65536

/*
 * A statement's journal is SQLite's own file, at the start of its
 * space, with SQLite's methods copied after it but for the write.
 */
struct pieces {
	sqlite3_io_methods		 methods;
	const sqlite3_io_methods	*real;
};

static sqlite3_vfs	 vfs;
static size_t		 tail;	/* where a file's struct pieces lies */

#define PIECES(f)	((struct pieces *)((char *)(f) + tail))

static int
piece_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	const char	*p = buf;
	int		 k, rc;

	while (n > 0) {
		k = n > PIECE ? PIECE : n;
		if ((rc = PIECES(f)->real->xWrite(f, p, k, off)) != SQLITE_OK)
			return rc;
		p += k;
		off += k;
		n -= k;
	}
	return SQLITE_OK;
}

static int
piece_open(sqlite3_vfs *v, sqlite3_filename name, sqlite3_file *f,
    int flags, int *out)
{
	sqlite3_vfs	*under = v->pAppData;
	struct pieces	*p;
	int		 rc;

	rc = under->xOpen(under, name, f, flags, out);
	if (rc == SQLITE_OK && (flags & SQLITE_OPEN_SUBJOURNAL) &&
	    f->pMethods != NULL) {
		p = PIECES(f);
		p->real = f->pMethods;
		p->methods = *f->pMethods;
		p->methods.xWrite = piece_write;
		f->pMethods = &p->methods;
	}
	return rc;
}

const char *
xf_sqlite_vfs(void)
{
	sqlite3_vfs	*under;
	size_t		 a = alignof(struct pieces);

	if (vfs.zName != NULL)
		return vfs.zName;
	if ((under = sqlite3_vfs_find(NULL)) == NULL)
		return NULL;
	tail = ((size_t)under->szOsFile + a - 1) / a * a;
	vfs = *under;
	vfs.szOsFile = (int)(tail + sizeof(struct pieces));
	vfs.pNext = NULL;
	vfs.zName = "xf-pieces";
	vfs.pAppData = under;
	vfs.xOpen = piece_open;
	if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK) {
		vfs.zName = NULL;
		return NULL;
	}
	return vfs.zName;
}
