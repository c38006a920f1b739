/*
 * fuzz-xls.c - the .xls reader (lib/xls.c over libfreexl): the input
 * written to a file, opened with xf_xls_open(), every row of every sheet
 * read.  Each cell must be what the interface says: a column in the
 * sheet's width, in order, text NUL-terminated at its length and valid
 * UTF-8, a date in one of its three forms.
 */
#include "fuzz.h"

int
FUZZ_ENTRY(const uint8_t *data, size_t len)
{
	struct xf_book		*b;
	const struct xf_cell	*cells;
	const char		*path, *name;
	char			 err[512];
	size_t			 n, i;
	long			 row, last;
	int			 s, rc, width, prev;

	path = fuzz_file("input", data, len);
	err[0] = '\0';
	if ((b = xf_xls_open(path, err, sizeof err)) == NULL) {
		FUZZ_ASSERT(err[0] != '\0');
		return 0;
	}
	for (s = 0; s < b->ops->nsheets(b); s++) {
		name = b->ops->sheet_name(b, s);
		FUZZ_ASSERT(name != NULL);
		FUZZ_ASSERT(xf_utf8_valid(name, strlen(name), 0, NULL));
		err[0] = '\0';
		if (b->ops->sheet_open(b, s, err, sizeof err) == -1) {
			FUZZ_ASSERT(err[0] != '\0');
			continue;
		}
		width = b->ops->sheet_width(b);
		last = 0;
		while ((rc = b->ops->row_next(b, &row, &cells, &n, err,
		    sizeof err)) == 1) {
			FUZZ_ASSERT(row > last);
			last = row;
			prev = -1;
			for (i = 0; i < n; i++) {
				FUZZ_ASSERT(cells[i].col > prev);
				FUZZ_ASSERT(width < 0 || cells[i].col < width);
				fuzz_cell(&cells[i]);
				prev = cells[i].col;
			}
		}
		FUZZ_ASSERT(rc == 0 || err[0] != '\0');
	}
	b->ops->close(b);
	return 0;
}
