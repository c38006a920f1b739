/*
 * item.c - the petition item: from a record as read to a normalised one
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xf-private.h"

struct norm {
	const xf_settings	*set;
	char			*err;
	size_t			 errlen;
	/* Normalised values, by field; NULL when not given. */
	char			*val[XF_F_COUNT];
	/* A 15-digit ID number given, made one of 18; else "". */
	char			 id_old[16];
	/* The fields given a default. */
	unsigned char		 implied[XF_F_COUNT];
};

#define REF_SCI	"a number in scientific notation: the spreadsheet stored " \
		"the ref as a number and lost digits; format the column " \
		"as text and enter the numbers again"

/*
 * "region '99': not a region code"; a personal value is never quoted,
 * only its field is named: "phone: not a phone number".
 */
static int
bad(struct norm *n, int field, const char *value, const char *why)
{
	char	 q[64];

	if (xf_personal(field)) {
		xf_errf(n->err, n->errlen, "%s: %s", xf_field_name(field),
		    why);
		return -1;
	}
	xf_quote(value, q, sizeof q);
	xf_errf(n->err, n->errlen, "%s '%s': %s", xf_field_name(field), q,
	    why);
	return -1;
}

/* Surrounding ASCII white space off, into a fresh string. */
static char *
trimmed(const char *s, size_t len)
{
	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	return strndup(s, len);
}

/*
 * Whether a field expects ASCII (xf-record(5)): its values are numbers,
 * codes, dates or enumerated words, so full-width forms are folded and
 * an apostrophe before it is dropped (xf_ascii_fold()).  Free text is
 * left as it is.
 */
static int
ascii_field(int f)
{
	switch (f) {
	case XF_F_ID:
	case XF_F_REF:
	case XF_F_RECEIVED_AT:
	case XF_F_CHANNEL:
	case XF_F_SOURCE:
	case XF_F_LODGED_LEVEL:
	case XF_F_IRREGULAR:
	case XF_F_RECEIVED_LEVEL:
	case XF_F_ID_NUMBER:
	case XF_F_PHONE:
	case XF_F_PEOPLE:
	case XF_F_FIRST:
	case XF_F_REGION:
	case XF_F_PURPOSE:
		return 1;
	default:
		return 0;
	}
}

static int
has_control(const char *s, int lines_ok)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == 0x7F || (c < 0x20 && !(lines_ok &&
		    (c == '\n' || c == '\r' || c == '\t'))))
			return 1;
	}
	return 0;
}

/* The number of UTF-8 characters in s. */
static size_t
chars(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		n += (*s & 0xC0) != 0x80;
	return n;
}

static int
id_ok(const char *s)
{
	size_t	 n = strlen(s);

	if (n == 0 || n > 64)
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return 0;
	return 1;
}

/* Replace *v by a copy of s. */
static int
replace(char **v, const char *s)
{
	char	*c = strdup(s);

	if (c == NULL)
		return -1;
	free(*v);
	*v = c;
	return 0;
}

static int
category(struct norm *n, char **v)
{
	struct xf_buf	 path = { 0 };
	char		 near[512];
	const char	*s = *v, *e;
	int		 rc = 0;

	/* Levels joined by '/', each trimmed. */
	while (*s != '\0') {
		char	*level;

		e = strchr(s, '/');
		if (e == NULL)
			e = s + strlen(s);
		level = trimmed(s, (size_t)(e - s));
		if (level == NULL || *level == '\0' ||
		    (path.len > 0 && xf_buf_addc(&path, '/') == -1) ||
		    xf_buf_adds(&path, level) == -1) {
			free(level);
			xf_buf_release(&path);
			return bad(n, XF_F_CATEGORY, *v, "empty level");
		}
		free(level);
		s = *e == '/' ? e + 1 : e;
	}
	if (path.len == 0 || *(s - 1) == '/')
		rc = bad(n, XF_F_CATEGORY, *v, "empty level");
	else if (!xf_catalog_has(xf_settings_catalog(n->set), path.p, near,
	    sizeof near)) {
		char why[600];

		snprintf(why, sizeof why, "not in the catalogue%s%s%s",
		    near[0] ? " (nearest: " : "", near, near[0] ? ")" : "");
		rc = bad(n, XF_F_CATEGORY, *v, why);
	} else
		rc = replace(v, path.p);
	xf_buf_release(&path);
	return rc;
}

/* Check and normalise one given value in place. */
static int
field_value(struct norm *n, int f)
{
	char		**v = &n->val[f];
	const char	*why = NULL, *tok;
	struct xf_time	 t;
	char		 out[64], old[16];
	int		 b;
	long		 people;

	/* A masked value (an export without --reveal) is the ledger's to judge. */
	if (xf_personal(f) && xf_masked(*v))
		return 0;
	switch (f) {
	case XF_F_ID:
		if (!id_ok(*v))
			return bad(n, f, *v, "not an id (letters, digits, "
			    "'-' and '_', at most 64)");
		return 0;
	case XF_F_REF:
		/* A ref of 16 digits or more, stored as a number. */
		if (xf_sci_number(*v, strlen(*v)))
			return bad(n, f, *v, REF_SCI);
		if (chars(*v) > 128 || has_control(*v, 0))
			return bad(n, f, *v, "not a reference (at most 128 "
			    "characters, no control characters)");
		return 0;
	case XF_F_RECEIVED_AT:
		if (xf_time_parse(*v, xf_settings_tz(n->set), &t, &why) == -1)
			return bad(n, f, *v, why);
		return replace(v, xf_time_format(t, xf_settings_tz(n->set),
		    out, sizeof out));
	case XF_F_CHANNEL:
	case XF_F_SOURCE:
	case XF_F_LODGED_LEVEL:
	case XF_F_RECEIVED_LEVEL:
	case XF_F_PURPOSE:
		if ((tok = xf_field_token(f, *v, strlen(*v))) == NULL)
			return bad(n, f, *v, f == XF_F_CHANNEL ?
			    "not a channel (letter, visit, online, phone, "
			    "fax, email)" : f == XF_F_SOURCE ?
			    "not a source (direct, transferred, assigned, "
			    "screening)" : f != XF_F_PURPOSE ?
			    "not a level (village, township, county, city, "
			    "province, national)" :
			    "not a purpose (appeal, demand, accusation, "
			    "suggestion, consult, other)");
		return replace(v, tok);
	case XF_F_IRREGULAR:
	case XF_F_FIRST:
		if (xf_check_bool(*v, &b, &why) == -1)
			return bad(n, f, *v, why);
		return replace(v, b ? "1" : "0");
	case XF_F_ID_NUMBER:
		if (xf_check_id_number_old(*v, out, old, &why) == -1)
			return bad(n, f, *v, why);
		if (old[0] != '\0')
			memcpy(n->id_old, old, sizeof old);
		return replace(v, out);
	case XF_F_PHONE:
		if (xf_check_phone(*v, out, sizeof out, &why) == -1)
			return bad(n, f, *v, why);
		return replace(v, out);
	case XF_F_REGION:
		if (xf_check_region(*v, &why) == -1)
			return bad(n, f, *v, why);
		return 0;
	case XF_F_PEOPLE:
		if (xf_check_people(*v, &people, &why) == -1)
			return bad(n, f, *v, why);
		snprintf(out, sizeof out, "%ld", people);
		return replace(v, out);
	case XF_F_CATEGORY:
		return category(n, v);
	case XF_F_NAME:
	case XF_F_ADDRESS:
	case XF_F_RECEIVED_BY:
		if (has_control(*v, 0))
			return bad(n, f, *v, "has control characters");
		return 0;
	default:	/* title, content */
		return 0;
	}
}

/*
 * A leader receives visitors (领导接访): only a visit is received, and a
 * leader named without a level is one of the level the visit was
 * lodged at.  0, or -1 with the message.
 */
static int
reception(struct norm *n)
{
	const char	*ch = n->val[XF_F_CHANNEL];
	int		 f = n->val[XF_F_RECEIVED_BY] != NULL ?
			    XF_F_RECEIVED_BY : XF_F_RECEIVED_LEVEL;

	if (n->val[f] == NULL)
		return 0;
	if (ch != NULL && strcmp(ch, "visit") != 0)
		return bad(n, f, n->val[f], "a leader receives visits, and "
		    "the channel is not visit");
	if (n->val[XF_F_RECEIVED_LEVEL] == NULL &&
	    (n->val[XF_F_RECEIVED_LEVEL] =
	    strdup(n->val[XF_F_LODGED_LEVEL])) == NULL) {
		xf_errf(n->err, n->errlen, "out of memory");
		return -1;
	}
	n->implied[XF_F_RECEIVED_LEVEL] = 1;
	return 0;
}

/* The flags worked out from the channel, the people and the level. */
static void
flags_of(const xf_settings *set, const char *ch, const char *people,
    const char *lodged, const char *flag[3])
{
	long	 n = people != NULL ? strtol(people, NULL, 10) : 1;
	int	 level = lodged != NULL ? xf_level_of(lodged) : -1;

	flag[0] = ch != NULL && strcmp(ch, "visit") == 0 &&
	    n >= xf_settings_collective(set) ? "1" : "0";
	flag[1] = ch != NULL && strcmp(ch, "letter") == 0 && n > 1 ? "1" : "0";
	flag[2] = level > (int)xf_settings_level(set) ? "1" : "0";
}

static const int derived[3] = {
	XF_F_COLLECTIVE, XF_F_JOINT_LETTER, XF_F_SKIP_LEVEL
};

static void
derive(struct norm *n)
{
	const char	*flag[3];
	int		 i;

	flags_of(n->set, n->val[XF_F_CHANNEL], n->val[XF_F_PEOPLE],
	    n->val[XF_F_LODGED_LEVEL], flag);
	for (i = 0; i < 3; i++)
		n->val[derived[i]] = (char *)flag[i];
}

int
xf_item_derive(const xf_settings *set, xf_record *r)
{
	const char	*flag[3];
	int		 i;

	flags_of(set, xf_record_get(r, XF_F_CHANNEL),
	    xf_record_get(r, XF_F_PEOPLE), xf_record_get(r,
	    XF_F_LODGED_LEVEL), flag);
	for (i = 0; i < 3; i++)
		if (xf_record_set(r, derived[i], flag[i], 1, 0) == -1)
			return -1;
	return 0;
}

int
xf_masked(const char *value)
{
	return value != NULL && strchr(value, '*') != NULL;
}

/* The lead bytes of no-break space, ideographic space, full-width forms. */
#define HASH_LEADS	(1ULL << (0xC2 - 0xC0) | 1ULL << (0xE3 - 0xC0) | \
			    1ULL << (0xEF - 0xC0))

/* FNV-1a of s, white space left out, full-width ASCII folded, a separator. */
static uint64_t
hash_text(uint64_t h, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = s != NULL ? strlen(s) : 0, r = 0, k;
	int			 c;

	while (r < len) {
		c = p[r];
		/*
		 * Only these bytes start white space or a full-width form:
		 * those to ' ', and of 0xC0 and over a lead in HASH_LEADS.
		 */
		if (c <= ' ' || (c >= 0xC0 && (HASH_LEADS >> (c - 0xC0) & 1))) {
			if ((k = xf_space_len(s + r, len - r)) > 0) {
				r += k;
				continue;
			}
			if ((k = (size_t)xf_fullwidth(s + r, len - r)) != 0) {
				c = (int)k;
				r += 2;
			}
		}
		r++;
		h = (h ^ (unsigned)c) * 1099511628211ULL;
	}
	return (h ^ 0x1f) * 1099511628211ULL;
}

/* A 64-bit hash well mixed (splitmix64's finaliser), as stored. */
static int64_t
hash_final(uint64_t h)
{
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
	return (int64_t)(h ^ (h >> 31));
}

int
xf_identity(const char *received_at, const char *id_number, const char *name,
    const char *phone, const char *title, const char *content,
    int64_t *fingerprint, int64_t *likeness)
{
	uint64_t	 h = 14695981039346656037ULL;
	int		 known;

	if (id_number != NULL && *id_number != '\0') {
		h = hash_text(h, "I");
		h = hash_text(h, id_number);
	} else {
		h = hash_text(h, "N");
		h = hash_text(h, name);
		h = hash_text(h, phone);
	}
	h = hash_text(h, title);
	h = hash_text(h, content);
	known = ((id_number != NULL && *id_number != '\0') ||
	    (name != NULL && *name != '\0') || (phone != NULL &&
	    *phone != '\0') ? XF_ID_PERSON : 0) | ((title != NULL &&
	    *title != '\0') || (content != NULL && *content != '\0') ?
	    XF_ID_TEXT : 0);
	*likeness = hash_final(h);
	*fingerprint = hash_final(hash_text(h, received_at));
	return known;
}

int
xf_item_identity(const xf_record *r, int64_t *fingerprint, int64_t *likeness)
{
	return xf_identity(xf_record_get(r, XF_F_RECEIVED_AT),
	    xf_record_get(r, XF_F_ID_NUMBER), xf_record_get(r, XF_F_NAME),
	    xf_record_get(r, XF_F_PHONE), xf_record_get(r, XF_F_TITLE),
	    xf_record_get(r, XF_F_CONTENT), fingerprint, likeness);
}

/* A default for a field not given, marked as such on the item. */
static int
set_default(struct norm *n, int f, const char *v)
{
	if (n->val[f] != NULL)
		return 0;
	n->implied[f] = 1;
	return (n->val[f] = strdup(v)) == NULL ? -1 : 0;
}

int
xf_item_normalize(const xf_settings *set, const xf_record *in,
    xf_record *out, char *err, size_t errlen)
{
	struct norm	 n = { .set = set, .err = err, .errlen = errlen };
	size_t		 i, count = xf_record_count(in), vlen;
	const char	*v;
	char		*t, *prev;
	int		 f, rc = -1;

	xf_record_clear(out);
	xf_record_set_origin(out, xf_record_file(in), xf_record_line(in));
	xf_record_set_sheet(out, xf_record_sheet(in));
	for (i = 0; i < count; i++) {
		f = xf_record_field(in, i);
		if (f < 0 || !xf_field_input(f))
			continue;	/* derived fields are worked out anew */
		v = xf_record_value(in, i, &vlen);
		if (memchr(v, '\0', vlen) != NULL) {
			xf_errf(err, errlen, "%s: has a NUL character",
			    xf_field_name(f));
			goto out;
		}
		if ((t = trimmed(v, vlen)) == NULL)
			goto nomem;
		if (ascii_field(f))
			xf_ascii_fold(t, strlen(t), t);
		if (*t == '\0') {
			free(t);	/* empty: not given */
			continue;
		}
		/* Given twice (two column names): fine if both agree. */
		prev = n.val[f];
		n.val[f] = t;
		if (field_value(&n, f) == -1) {
			free(prev);
			goto out;
		}
		if (prev != NULL) {
			int same = strcmp(prev, n.val[f]) == 0;

			free(prev);
			if (!same) {
				xf_errf(err, errlen, "%s: given twice, with "
				    "two values", xf_field_name(f));
				goto out;
			}
		}
	}
	if (n.val[XF_F_RECEIVED_AT] == NULL) {
		xf_errf(err, errlen, "received_at: missing");
		goto out;
	}
	if (set_default(&n, XF_F_SOURCE, "direct") == -1 ||
	    set_default(&n, XF_F_LODGED_LEVEL,
	    xf_level_token(xf_settings_level(set))) == -1 ||
	    set_default(&n, XF_F_PEOPLE, "1") == -1 ||
	    set_default(&n, XF_F_IRREGULAR, "0") == -1)
		goto nomem;
	if (reception(&n) == -1)
		goto out;
	derive(&n);
	for (f = 0; f < XF_F_COUNT; f++) {
		if (n.val[f] != NULL && xf_record_set(out, f, n.val[f],
		    strlen(n.val[f]), 0) == -1)
			goto nomem;
		if (n.implied[f])
			xf_record_set_implied(out, f);
	}
	/* For the register event: the ID number as it was given. */
	if (n.id_old[0] != '\0' && xf_record_set_given(out, XF_F_ID_NUMBER,
	    n.id_old) == -1)
		goto nomem;
	for (i = 0; i < count; i++) {
		if (xf_record_field(in, i) >= 0)
			continue;
		v = xf_record_value(in, i, &vlen);
		if (xf_record_add(out, xf_record_key(in, i),
		    strlen(xf_record_key(in, i)), v, vlen,
		    xf_record_raw(in, i)) == -1)
			goto nomem;
	}
	rc = 0;
	goto out;
nomem:
	xf_errf(err, errlen, "out of memory");
out:
	for (f = 0; f < XF_F_COUNT; f++)
		if (f != XF_F_COLLECTIVE && f != XF_F_JOINT_LETTER &&
		    f != XF_F_SKIP_LEVEL)
			free(n.val[f]);
	return rc;
}
