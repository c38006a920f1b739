/*
 * fuzz-xls.c - the .xls reader (lib/xls.c over libfreexl): the input
 * written to a file, opened with xf_xls_open(), every row of every sheet
 * read.  Each cell must be what the interface says: a column in the
 * sheet's width, in order, text NUL-terminated at its length and valid
 * UTF-8, a date in one of its three forms.
 */
#include "fuzz.h"
#include "xf-private.h"

static void
fuzz_xls_cell(const struct xf_cell *c, int width, int prev)
{
	size_t	 n;

	FUZZ_ASSERT(c->col > prev);
	FUZZ_ASSERT(width < 0 || c->col < width);
	switch (c->type) {
	case XF_CELL_TEXT:
	case XF_CELL_ERROR:
		FUZZ_ASSERT(c->s != NULL && c->s[c->len] == '\0');
		FUZZ_ASSERT(xf_utf8_valid(c->s, c->len, 0, NULL));
		break;
	case XF_CELL_DATE:
		FUZZ_ASSERT(c->s != NULL && c->s[c->len] == '\0');
		n = c->len;
		FUZZ_ASSERT(n == 8 || n == 10 || n == 19);
		if (n == 8)
			FUZZ_ASSERT(c->s[2] == ':' && c->s[5] == ':' &&
			    c->s[0] <= '2');
		else
			FUZZ_ASSERT(c->s[4] == '-' && c->s[7] == '-');
		break;
	case XF_CELL_NUMBER:
	case XF_CELL_BOOL:
		break;
	default:
		FUZZ_ASSERT(0);
	}
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
				fuzz_xls_cell(&cells[i], width, prev);
				prev = cells[i].col;
			}
		}
		FUZZ_ASSERT(rc == 0 || err[0] != '\0');
	}
	b->ops->close(b);
	return 0;
}
