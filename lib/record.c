/*
 * record.c - a record: an ordered list of (key, value) pairs
 *
 * Keys and values are NUL-terminated copies in one growable arena per
 * record; the entries hold offsets into it, so growing the arena never
 * invalidates an entry.  Clearing a record keeps its memory, so a record
 * reused for every line of a file stops allocating after the first few.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf-private.h"

struct xf_entry {
	size_t	koff;		/* key, in the arena */
	size_t	voff;		/* value, in the arena */
	size_t	vlen;
	int	field;		/* enum xf_field, or -1 */
	int	raw;		/* value is JSON text */
	int	col;		/* spreadsheet column from 1, or 0 */
};

struct xf_record {
	char		*arena;
	size_t		 alen;
	size_t		 acap;
	struct xf_entry	*ent;
	size_t		 n;
	size_t		 ecap;
	size_t		 first[XF_F_COUNT];	/* entry of a field + 1, or 0 */
	char		*file;			/* origin, or NULL when unset */
	size_t		 filecap;
	int		 hasfile;
	long		 line;
	char		*sheet;			/* of a workbook, or NULL */
	size_t		 sheetcap;
	int		 hassheet;
	size_t		 given[XF_F_COUNT];	/* the value as given, in the
						   arena: offset + 1, or 0 */
	unsigned char	 implied[XF_F_COUNT];	/* not given: a default */
};

xf_record *
xf_record_new(void)
{
	return calloc(1, sizeof(struct xf_record));
}

void
xf_record_free(xf_record *r)
{
	if (r == NULL)
		return;
	free(r->arena);
	free(r->ent);
	free(r->file);
	free(r->sheet);
	free(r);
}

void
xf_record_clear(xf_record *r)
{
	r->alen = 0;
	r->n = 0;
	memset(r->first, 0, sizeof(r->first));
	memset(r->given, 0, sizeof(r->given));
	memset(r->implied, 0, sizeof(r->implied));
	r->hasfile = 0;
	r->line = 0;
	r->hassheet = 0;
}

/*
 * The offset of p in the arena if p points into it (the caller copies a
 * value of the same record), else SIZE_MAX.
 */
static size_t
arena_offset(const struct xf_record *r, const char *p)
{
	uintptr_t	 a = (uintptr_t)r->arena, q = (uintptr_t)p;

	if (r->arena != NULL && q >= a && q < a + r->alen)
		return q - a;
	return SIZE_MAX;
}

/* Make room for need more bytes in the arena. */
static int
arena_reserve(struct xf_record *r, size_t need)
{
	size_t	 cap;
	char	*p;

	if (need <= r->acap - r->alen)
		return 0;
	if (need > SIZE_MAX / 2 - r->alen) {
		errno = ENOMEM;
		return -1;
	}
	cap = r->acap != 0 ? r->acap : 256;
	while (cap - r->alen < need)
		cap *= 2;
	if ((p = realloc(r->arena, cap)) == NULL)
		return -1;
	r->arena = p;
	r->acap = cap;
	return 0;
}

/* Copy s (len bytes) and a NUL to the arena; its offset is in *off. */
static void
arena_put(struct xf_record *r, const char *s, size_t len, size_t *off)
{
	*off = r->alen;
	if (len != 0)
		memmove(r->arena + r->alen, s, len);
	r->arena[r->alen + len] = '\0';
	r->alen += len + 1;
}

/*
 * Reserve room for a key (key NULL: none) and a value; either may point
 * into the arena, and is moved along with it.
 */
static int
record_reserve(struct xf_record *r, const char **key, size_t klen,
    const char **val, size_t vlen)
{
	size_t	 ko, vo;

	if (klen > SIZE_MAX / 4 || vlen > SIZE_MAX / 4) {
		errno = ENOMEM;
		return -1;
	}
	ko = key != NULL ? arena_offset(r, *key) : SIZE_MAX;
	vo = arena_offset(r, *val);
	if (arena_reserve(r, klen + vlen + 2) == -1)
		return -1;
	if (ko != SIZE_MAX)
		*key = r->arena + ko;
	if (vo != SIZE_MAX)
		*val = r->arena + vo;
	return 0;
}

int
xf_record_add(xf_record *r, const char *key, size_t klen, const char *val,
    size_t vlen, int raw)
{
	return xf_record_add_field(r, key, klen, xf_field_find(key, klen), val,
	    vlen, raw);
}

int
xf_record_add_field(xf_record *r, const char *key, size_t klen, int field,
    const char *val, size_t vlen, int raw)
{
	struct xf_entry	*e;
	size_t		 cap;

	if (r->n == r->ecap) {
		cap = r->ecap != 0 ? r->ecap * 2 : 32;
		if ((e = reallocarray(r->ent, cap, sizeof(*e))) == NULL)
			return -1;
		r->ent = e;
		r->ecap = cap;
	}
	if (record_reserve(r, &key, klen, &val, vlen) == -1)
		return -1;
	e = &r->ent[r->n];
	e->field = field;
	e->raw = raw != 0;
	e->col = 0;
	e->vlen = vlen;
	arena_put(r, key, klen, &e->koff);
	arena_put(r, val, vlen, &e->voff);
	r->n++;
	if (e->field >= 0 && e->field < XF_F_COUNT && r->first[e->field] == 0)
		r->first[e->field] = r->n;
	return 0;
}

int
xf_record_set(xf_record *r, int field, const char *val, size_t vlen, int raw)
{
	struct xf_entry	*e;
	const char	*name;

	if (field < 0 || field >= XF_F_COUNT) {
		errno = EINVAL;
		return -1;
	}
	if (r->first[field] == 0) {
		if ((name = xf_field_name(field)) == NULL) {
			errno = EINVAL;
			return -1;
		}
		return xf_record_add_field(r, name, strlen(name), field, val,
		    vlen, raw);
	}
	e = &r->ent[r->first[field] - 1];
	if (vlen <= e->vlen) {
		/* Fits where the old value was; val may overlap it. */
		memmove(r->arena + e->voff, val, vlen);
		r->arena[e->voff + vlen] = '\0';
	} else {
		if (record_reserve(r, NULL, 0, &val, vlen) == -1)
			return -1;
		arena_put(r, val, vlen, &e->voff);
	}
	e->vlen = vlen;
	e->raw = raw != 0;
	return 0;
}

size_t
xf_record_count(const xf_record *r)
{
	return r->n;
}

const char *
xf_record_key(const xf_record *r, size_t i)
{
	if (i >= r->n)
		return NULL;
	return r->arena + r->ent[i].koff;
}

const char *
xf_record_value(const xf_record *r, size_t i, size_t *len)
{
	if (i >= r->n)
		return NULL;
	if (len != NULL)
		*len = r->ent[i].vlen;
	return r->arena + r->ent[i].voff;
}

int
xf_record_raw(const xf_record *r, size_t i)
{
	return i < r->n && r->ent[i].raw;
}

int
xf_record_field(const xf_record *r, size_t i)
{
	if (i >= r->n)
		return -1;
	return r->ent[i].field;
}

const char *
xf_record_get(const xf_record *r, int field)
{
	if (field < 0 || field >= XF_F_COUNT || r->first[field] == 0)
		return NULL;
	return r->arena + r->ent[r->first[field] - 1].voff;
}

const char *
xf_record_get_key(const xf_record *r, const char *key)
{
	size_t	 i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->arena + r->ent[i].koff, key) == 0)
			return r->arena + r->ent[i].voff;
	return NULL;
}

/*
 * Copy name to *p (of *cap bytes) unless it is there already: the reader
 * gives every record of a file the same name, so the copy is made only
 * when the name changes.  0, or -1 (memory).
 */
static int
name_keep(char **p, size_t *cap, const char *name)
{
	size_t	 len;
	char	*q;

	if (*p != NULL && strcmp(*p, name) == 0)
		return 0;
	len = strlen(name);
	if (len >= *cap) {
		if ((q = realloc(*p, len + 1)) == NULL)
			return -1;
		*p = q;
		*cap = len + 1;
	}
	memcpy(*p, name, len + 1);
	return 0;
}

void
xf_record_set_origin(xf_record *r, const char *file, long line)
{
	r->line = line;
	r->hassheet = 0;
	/* Out of memory: the record simply has no origin. */
	r->hasfile = file != NULL && name_keep(&r->file, &r->filecap,
	    file) == 0;
}

void
xf_record_set_sheet(xf_record *r, const char *sheet)
{
	r->hassheet = sheet != NULL && name_keep(&r->sheet, &r->sheetcap,
	    sheet) == 0;
}

const char *
xf_record_sheet(const xf_record *r)
{
	return r->hassheet ? r->sheet : NULL;
}

void
xf_record_set_column(xf_record *r, size_t i, int col)
{
	if (i < r->n)
		r->ent[i].col = col;
}

int
xf_record_column(const xf_record *r, size_t i)
{
	return i < r->n ? r->ent[i].col : 0;
}

char *
xf_column_name(int col, char *buf, size_t len)
{
	char	 t[8];
	size_t	 i, n = 0;

	/* Bijective base 26: A..Z, AA..ZZ, AAA... */
	while (col > 0 && n < sizeof(t)) {
		col--;
		t[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	if (len == 0)
		return buf;
	if (n >= len)
		n = len - 1;
	for (i = 0; i < n; i++)
		buf[i] = t[n - 1 - i];
	buf[n] = '\0';
	return buf;
}

char *
xf_record_where(const xf_record *r, int field, char *buf, size_t len)
{
	const char	*file = r->hasfile ? r->file : "-";
	char		 col[8];
	int		 c = 0;

	if (!r->hassheet) {
		snprintf(buf, len, "%s:%ld", file, r->line);
		return buf;
	}
	if (field >= 0 && field < XF_F_COUNT && r->first[field] != 0)
		c = r->ent[r->first[field] - 1].col;
	if (c > 0)
		snprintf(buf, len, "%s: %s!%s%ld", file, r->sheet,
		    xf_column_name(c, col, sizeof(col)), r->line);
	else
		snprintf(buf, len, "%s: %s: row %ld", file, r->sheet, r->line);
	return buf;
}

const char *
xf_record_file(const xf_record *r)
{
	return r->hasfile ? r->file : NULL;
}

long
xf_record_line(const xf_record *r)
{
	return r->line;
}

static int
rank(const struct xf_entry *e)
{
	return e->field >= 0 ? e->field : XF_F_COUNT;
}

void
xf_record_sort(xf_record *r)
{
	struct xf_entry	 e;
	size_t		 i, j;

	/* Insertion sort: stable, and records are short. */
	for (i = 1; i < r->n; i++) {
		e = r->ent[i];
		for (j = i; j > 0 && rank(&r->ent[j - 1]) > rank(&e); j--)
			r->ent[j] = r->ent[j - 1];
		r->ent[j] = e;
	}
	memset(r->first, 0, sizeof(r->first));
	for (i = r->n; i-- > 0;)
		if (r->ent[i].field >= 0)
			r->first[r->ent[i].field] = i + 1;
}

int
xf_record_set_given(xf_record *r, int field, const char *val)
{
	size_t	 len, off;

	if (field < 0 || field >= XF_F_COUNT) {
		errno = EINVAL;
		return -1;
	}
	len = strlen(val);
	if (record_reserve(r, NULL, 0, &val, len) == -1)
		return -1;
	arena_put(r, val, len, &off);
	r->given[field] = off + 1;
	return 0;
}

const char *
xf_record_given(const xf_record *r, int field)
{
	if (field < 0 || field >= XF_F_COUNT || r->given[field] == 0)
		return NULL;
	return r->arena + r->given[field] - 1;
}

void
xf_record_set_implied(xf_record *r, int field)
{
	if (field >= 0 && field < XF_F_COUNT)
		r->implied[field] = 1;
}

int
xf_record_implied(const xf_record *r, int field)
{
	return field >= 0 && field < XF_F_COUNT && r->implied[field];
}

int
xf_record_set_key(xf_record *r, const char *key, const char *val,
    size_t vlen, int raw)
{
	size_t	 i;
	int	 f = xf_field_find(key, strlen(key));

	if (f >= 0)
		return xf_record_set(r, f, val, vlen, raw);
	for (i = 0; i < r->n; i++)
		if (r->ent[i].field < 0 &&
		    strcmp(r->arena + r->ent[i].koff, key) == 0)
			break;
	if (i == r->n)
		return xf_record_add(r, key, strlen(key), val, vlen, raw);
	if (record_reserve(r, NULL, 0, &val, vlen) == -1)
		return -1;
	arena_put(r, val, vlen, &r->ent[i].voff);
	r->ent[i].vlen = vlen;
	r->ent[i].raw = raw != 0;
	return 0;
}
