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
 * and those alone, are SQLite's own files behind a write that goes in
 * pieces; every other file is SQLite's as it is, untouched.
 */
#include <string.h>

#include <sqlite3.h>

#include "store/sqlite.h"

/* A write of a statement's journal: at most this much a call. */
#define PIECE	65536

/* A statement's journal: SQLite's file of it after this header. */
struct piece_file {
	sqlite3_file	 base;
	sqlite3_file	*real;
};

static sqlite3_vfs	 vfs;

#define REAL(f)	(((struct piece_file *)(f))->real)

static int
piece_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}

static int
piece_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

static int
piece_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	const char	*p = buf;
	int		 k, rc;

	while (n > 0) {
		k = n > PIECE ? PIECE : n;
		if ((rc = REAL(f)->pMethods->xWrite(REAL(f), p, k, off)) !=
		    SQLITE_OK)
			return rc;
		p += k;
		off += k;
		n -= k;
	}
	return SQLITE_OK;
}

static int
piece_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int
piece_sync(sqlite3_file *f, int flags)
{
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int
piece_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int
piece_lock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xLock(REAL(f), lock);
}

static int
piece_unlock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), lock);
}

static int
piece_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int
piece_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int
piece_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int
piece_device(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

/* A journal has no shared memory nor mapped pages: version 1. */
static const sqlite3_io_methods piece_methods = {
	1, piece_close, piece_read, piece_write, piece_truncate, piece_sync,
	piece_size, piece_lock, piece_unlock, piece_reserved, piece_control,
	piece_sector, piece_device, NULL, NULL, NULL, NULL, NULL, NULL
};

/*
 * A statement's journal behind the pieces; any other file SQLite's
 * own, made where SQLite makes it, at the start of the space.
 */
static int
piece_open(sqlite3_vfs *v, sqlite3_filename name, sqlite3_file *f,
    int flags, int *out)
{
	sqlite3_vfs		*under = v->pAppData;
	struct piece_file	*p = (struct piece_file *)f;
	int			 rc;

	if (!(flags & SQLITE_OPEN_SUBJOURNAL))
		return under->xOpen(under, name, f, flags, out);
	p->real = (sqlite3_file *)(p + 1);
	rc = under->xOpen(under, name, p->real, flags, out);
	p->base.pMethods = rc == SQLITE_OK && p->real->pMethods != NULL ?
	    &piece_methods : NULL;
	return rc;
}

const char *
xf_sqlite_vfs(void)
{
	sqlite3_vfs	*under;

	if (vfs.zName != NULL)
		return vfs.zName;
	if ((under = sqlite3_vfs_find(NULL)) == NULL)
		return NULL;
	vfs = *under;
	vfs.szOsFile = (int)sizeof(struct piece_file) + under->szOsFile;
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
