/*
 * fuzz-xlsx.c - the .xlsx reader (lib/xlsx.c over minizip and expat):
 * the input written to a file, opened with xf_xlsx_open(), every row of
 * every sheet read.  Rows must come in increasing order, each cell in
 * column order within A to XFD, text NUL-terminated at its length and
 * valid UTF-8, a date in one of its three forms; a failure must say why.
 *
 * An input that starts with "PK" is the zip itself.  Any other is a list
 * of parts, zipped here so that their checksums are right and the XML
 * is what the fuzzer mutates:
 *
 *	== xl/workbook.xml
 *	<workbook>...</workbook>
 *	== xl/worksheets/sheet1.xml
 *	...
 *
 * a line "== NAME" starting each part (stored, or deflated when the
 * name ends in '~').
 */
#include <minizip/zip.h>

#include "fuzz.h"

/* Zip the parts the input lists into the file at path. */
static void
fuzz_xlsx_zip(const char *path, const uint8_t *data, size_t len)
{
	const char	*p = (const char *)data, *end = p + len, *nl, *next;
	char		 name[256];
	zipFile		 zf;
	zip_fileinfo	 zi;
	size_t		 n;
	int		 zipped;

	FUZZ_ASSERT((zf = zipOpen64(path, APPEND_STATUS_CREATE)) != NULL);
	memset(&zi, 0, sizeof(zi));
	while (p + 3 <= end && memcmp(p, "== ", 3) == 0) {
		p += 3;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n >= sizeof(name))
			n = sizeof(name) - 1;
		memcpy(name, p, n);
		name[n] = '\0';
		if (memchr(name, '\0', n) != NULL || n == 0)
			snprintf(name, sizeof(name), "x");
		zipped = name[strlen(name) - 1] == '~';
		if (zipped)
			name[strlen(name) - 1] = '\0';
		p = nl < end ? nl + 1 : end;
		for (next = p; next < end; next++)
			if (next[0] == '\n' && end - next > 3 &&
			    memcmp(next + 1, "== ", 3) == 0)
				break;
		FUZZ_ASSERT(zipOpenNewFileInZip(zf, name, &zi, NULL, 0, NULL,
		    0, NULL, zipped ? Z_DEFLATED : 0, 1) == ZIP_OK);
		FUZZ_ASSERT(zipWriteInFileInZip(zf, p, (unsigned)(next - p)) ==
		    ZIP_OK);
		FUZZ_ASSERT(zipCloseFileInZip(zf) == ZIP_OK);
		p = next < end ? next + 1 : end;
	}
	FUZZ_ASSERT(zipClose(zf, NULL) == ZIP_OK);
}

/* fuzz_cell(), and what the .xlsx reader promises besides. */
static void
fuzz_xlsx_cell(const struct xf_cell *c, int prev)
{
	FUZZ_ASSERT(c->col > prev && c->col < 16384);
	fuzz_cell(c);
	if (c->type == XF_CELL_TEXT || c->type == XF_CELL_ERROR)
		FUZZ_ASSERT(c->len > 0 && strlen(c->s) == c->len);
	else if (c->type == XF_CELL_BOOL)
		FUZZ_ASSERT(c->num == 0 || c->num == 1);
	else if (c->type == XF_CELL_NUMBER)
		FUZZ_ASSERT(c->num == c->num);	/* not NaN */
}

int
FUZZ_ENTRY(const uint8_t *data, size_t len)
{
	struct xf_book		*b;
	const struct xf_cell	*cells;
	const char		*path, *name;
	char			 err[512];
	size_t			 n, i;
	long			 row, last;
	int			 s, rc, prev;

	if (len >= 2 && data[0] == 'P' && data[1] == 'K')
		path = fuzz_file("input", data, len);
	else {
		path = fuzz_file("input", "", 0);
		fuzz_xlsx_zip(path, data, len);
	}
	err[0] = '\0';
	if ((b = xf_xlsx_open(path, err, sizeof err)) == NULL) {
		FUZZ_ASSERT(err[0] != '\0');
		return 0;
	}
	FUZZ_ASSERT(strcmp(b->ops->name, "xlsx") == 0);
	for (s = 0; s < b->ops->nsheets(b) && s < 64; s++) {
		name = b->ops->sheet_name(b, s);
		FUZZ_ASSERT(name != NULL);
		FUZZ_ASSERT(xf_utf8_valid(name, strlen(name), 0, NULL));
		err[0] = '\0';
		if (b->ops->sheet_open(b, s, err, sizeof err) == -1) {
			FUZZ_ASSERT(err[0] != '\0');
			FUZZ_ASSERT(b->ops->row_next(b, &row, &cells, &n, err,
			    sizeof err) == -1);
			continue;
		}
		FUZZ_ASSERT(b->ops->sheet_width(b) >= -1 &&
		    b->ops->sheet_width(b) <= 16384);
		last = 0;
		while ((rc = b->ops->row_next(b, &row, &cells, &n, err,
		    sizeof err)) == 1) {
			FUZZ_ASSERT(row > last && row <= 1048576);
			FUZZ_ASSERT(n <= 16384);
			last = row;
			prev = -1;
			for (i = 0; i < n; i++) {
				fuzz_xlsx_cell(&cells[i], prev);
				prev = cells[i].col;
			}
		}
		FUZZ_ASSERT(rc == 0 || (rc == -1 && err[0] != '\0'));
		/* Stuck where it ended. */
		FUZZ_ASSERT(b->ops->row_next(b, &row, &cells, &n, err,
		    sizeof err) == rc);
	}
	b->ops->close(b);
	return 0;
}
