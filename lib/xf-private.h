/*
 * xf-private.h - what the modules of libxf share; never installed.
 */
#ifndef XF_PRIVATE_H
#define XF_PRIVATE_H

#include <stdarg.h>
#include "xf.h"

/* Reference data built into the library (scripts/embed). */
extern const char xf_data_categories[];
extern const size_t xf_data_categories_len;
extern const char xf_data_holidays[];
extern const size_t xf_data_holidays_len;

/* A growable byte buffer; always NUL-terminated once anything is added. */
struct xf_buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

int	xf_buf_add(struct xf_buf *, const void *, size_t);
int	xf_buf_addc(struct xf_buf *, int);
int	xf_buf_adds(struct xf_buf *, const char *);
int	xf_buf_printf(struct xf_buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	xf_buf_reset(struct xf_buf *);
void	xf_buf_release(struct xf_buf *);

/* The whole file at path appended to b; 0, or -1 with "path: why". */
int	xf_file_read(const char *path, struct xf_buf *b, char *err,
	    size_t errlen);

/* snprintf into an error buffer (NULL or 0 length allowed). */
void	xf_errf(char *buf, size_t len, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	xf_verrf(char *buf, size_t len, const char *fmt, va_list);

/*
 * Whether s[0..len) is valid UTF-8 (no overlongs, surrogates or code
 * points past U+10FFFF).  When not, *bad is the offset of the first
 * byte of the bad sequence.  An incomplete sequence at the very end
 * counts as bad unless partial_ok, then *bad is where it starts.
 */
int	xf_utf8_valid(const char *s, size_t len, int partial_ok, size_t *bad);

/* Set *why (when not NULL) to a static reason; always -1. */
static inline int
xf_fail(const char **why, const char *reason)
{
	if (why != NULL)
		*why = reason;
	return -1;
}

/* An ASCII digit, whatever the locale. */
static inline int
xf_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

/* Append s as the inside of a JSON string (RFC 8259 escapes). */
int	xf_json_escape(struct xf_buf *, const char *s, size_t len);

/*
 * Apply a step to a case as read (status and fields), at now (the
 * batch's time): 0 (XF_APPLIED) with the fields changed and the event's
 * details (a JSON object) in details; XF_ALREADY; XF_REFUSED or
 * XF_STEP_ERROR with the reason in err.  The case module: no SQL.
 */
enum xf_applied xf_case_apply(const xf_settings *, xf_record *item,
	    const struct xf_step *, const char *now, struct xf_buf *details,
	    char *err, size_t errlen);
/* Set the fields worked out when read: due_state, evaluation. */
void	xf_case_derive(const xf_settings *, xf_record *item, xf_day today);

/* Quote a value for a message: at most 60 bytes, cut on a character. */
const char *xf_quote(const char *s, char *buf, size_t len);

/* xf_record_add when the caller knows the field the key names. */
int	xf_record_add_field(xf_record *, const char *key, size_t klen,
	    int field, const char *val, size_t vlen, int raw);

/*
 * Put the pairs of known fields first, in field order, and then the
 * others in the order they came.
 */
void	xf_record_sort(xf_record *);

/* The rank of a level token ("county" -> XF_LEVEL_COUNTY), or -1. */
int	xf_level_of(const char *token);
/* Whether a field is personal data (DOMAIN.md §6): masked, never quoted. */
int	xf_personal(int field);
const char *xf_level_token(enum xf_level);

/* The days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t	xf_days_from_civil(int y, int m, int d);
void	xf_civil_from_days(int64_t z, int *y, int *m, int *d);
int	xf_days_in_month(int y, int m);

/*
 * Decide a case's classification (classify.c, no SQL): the values cl
 * gives, applied to item where their source may replace the value's
 * (prov: by field, updated).  The number of fields changed, with the
 * event's details (a JSON object) in details; -1 (memory).
 */
int	xf_class_decide(struct xf_classifier *, const xf_settings *,
	    xf_record *item, enum xf_source prov[XF_C_COUNT],
	    struct xf_class_result *, struct xf_buf *details);

#endif
