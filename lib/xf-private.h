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

/*
 * The 64-bit FNV-1a hash of len bytes at s, on from h (the offset
 * basis XF_HASH64 to begin).
 */
#define XF_HASH64	0xcbf29ce484222325ULL
uint64_t xf_hash64(uint64_t h, const void *s, size_t len);

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

/*
 * Make room for need elements of size bytes in p, which holds *cap
 * (doubling from 16): p or its replacement, or NULL (p left as it was).
 */
void	*xf_grow(void *p, size_t *cap, size_t need, size_t size);

/* The folder for temporary files: $TMPDIR, else /tmp. */
const char *xf_tmp_dir(void);
/*
 * A new private temporary file there (mode 0600, close-on-exec): its
 * descriptor.  With path NULL it is unlinked at once; else its name is
 * in *path (the caller's to unlink and free), for a library that opens
 * a file by name.  -1 with "a temporary file in DIR: why" in err.
 */
int	xf_tmp_file(char **path, char *err, size_t errlen);

/* Code point cp (not a surrogate, at most U+10FFFF) as UTF-8: length. */
size_t	xf_utf8_put(char out[4], unsigned long cp);

/*
 * src into dst of size bytes (size > 0), cut to fit and NUL-terminated,
 * as snprintf(dst, size, "%s", src) does at a tenth of its cost.
 */
void	xf_copy(char *dst, size_t size, const char *src);

/* The length of a space at s: ASCII white space, U+00A0, U+3000; or 0. */
size_t	xf_space_len(const char *s, size_t len);

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

/*
 * The form of a value in a field that expects ASCII (xf-record(5)):
 * the full-width forms U+FF01-U+FF5E as the ASCII characters they stand
 * for, the ideographic space U+3000 and the no-break space U+00A0 as
 * spaces; then the white space around it off, and one apostrophe at its
 * start (how a spreadsheet keeps digits as text) with the white space
 * after that.  Writes out (room for len + 1 bytes; out may be s), NUL-
 * terminated, and returns its length, never more than len.
 */
size_t	xf_ascii_fold(const char *s, size_t len, char *out);
/* The ASCII character of the full-width form (3 bytes) at s, or 0. */
int	xf_fullwidth(const char *s, size_t len);

/*
 * Whether s (len bytes) is a number in scientific notation, as a
 * spreadsheet shows a long number: digits, maybe a '.' and more
 * digits, 'E' or 'e', maybe '+', and one to three digits
 * ("1.31028E+17").
 */
int	xf_sci_number(const char *s, size_t len);

/*
 * xf_check_id_number(), and when a first-generation number of 15
 * digits was given (and converted to 18), that number in old (else "").
 */
int	xf_check_id_number_old(const char *s, char out[19], char old[16],
	    const char **why);

/*
 * A number of people: digits, or Chinese numerals up to 九十九 (两 for
 * 2, 〇 and 零 for 0), maybe with 人 or 名 after it.  0 with the number
 * (1 to 1,000,000) in *out, or -1 with *why.
 */
int	xf_check_people(const char *s, long *out, const char **why);

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

/*
 * Append s as XML (and HTML) character data or attribute value: the
 * five specials escaped, the control characters XML 1.0 forbids left
 * out (chart.c).
 */
int	xf_xml_escape(struct xf_buf *, const char *s);

/* The name inside {{ }} (s, len bytes), its spaces trimmed (notice.c). */
void	xf_placeholder_trim(const char **s, size_t *len);

/*
 * Append xf_doc_due() as an SQL expression over the columns status,
 * not_again, handling and close_basis of items: the document's name
 * (xf_doc_name()), or NULL when the case calls for none (notice.c).
 */
int	xf_doc_due_sql(struct xf_buf *);

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
/*
 * The statistics' shared parts (stats.c), for the rates (rates.c): run
 * sql (released) with n params, and NULL with err if bad or it fails;
 * a day YYYY-MM-DD; a period of two, in order; today in the office's zone (11 bytes); the channels
 * counted as online as an SQL list; the expression of a dimension of
 * xf_stats_count() (?now today) and the name of its column, or NULL.
 */
xf_cursor	*xf_stats_run(xf_ledger *, struct xf_buf *sql,
		    const char *const *params, int n, int bad, char *err,
		    size_t errlen);
int		 xf_stats_day(const char *, xf_day *, char *err,
		    size_t errlen);
int		 xf_stats_period(const char *from, const char *to, xf_day *,
		    xf_day *, char *err, size_t errlen);
int		 xf_stats_today(const xf_settings *, char *buf, char *err,
		    size_t errlen);
void		 xf_stats_online(const xf_settings *, char *buf, size_t len);
const char	*xf_stats_group(struct xf_buf *sql, const xf_settings *,
		    const char *name, int now, char *err, size_t errlen);

/*
 * The columns of a handling (办理轮次) besides its case and number, as
 * the items table holds the handling in force and the handlings table
 * each earlier one, as it ended.
 */
/* The rates of xf-stats(1) rates, in their order (ratenames.c, rates.c). */
enum xf_rate {
	XF_R_TIMELY_ACCEPTANCE, XF_R_ACCEPTED_LATE, XF_R_NOT_ACCEPTED,
	XF_R_TIMELY_ACCEPTANCE_UNIT, XF_R_ON_TIME_COMPLETION, XF_R_EVALUATION,
	XF_R_SATISFACTION, XF_R_FIRST_SATISFACTION, XF_R_ONLINE_SHARE,
	XF_R_REPEAT, XF_R_ONE_TIME, XF_R_RESOLUTION, XF_R_KEY_CASE,
	XF_R_PETITION_FREE, XF_R_UNPLACED,
	XF_R_COUNT
};
/* The name of rate r (xf_stats_rate() goes back). */
const char	*xf_rate_name(int r);

/*
 * The statuses of a case, in one place, as SQL lists (the checks of
 * case.c read them too): a handling whose answer is owed; and a case
 * still being handled in the office's sense, its review and re-review
 * included (the backlog, the visits owed).
 */
#define XF_OWED_STATUSES	"'accepted', 'assigned', 'extended', 'reopened'"
#define XF_HANDLED_STATUSES	XF_OWED_STATUSES ", 'review', 're-review'"

/*
 * The rows of a SELECT (sql, with params bound as text to ?1 ... ?n),
 * as plain rows: how the statistics module and the papers, measures
 * and persons run the SQL they build.  NULL with the ledger's message
 * on an error.  Not part of the interface: no SQL crosses it.
 */
xf_cursor	*xf_ledger_query(xf_ledger *, const char *sql,
		    const char *const *params, int nparams);

#define HANDLING_COLUMNS "status, unit, decided_at, accepted_at," \
	" transferred_to, refusal_route, assigned_at, unit_accepted_at," \
	" unit_declined_at, handler, lead, rung, extended_days, extension_reason, reply_due," \
	" replied_at," \
	" reply, reply_on_time, review_at, reviewed_at, review_result," \
	" rereview_at, hearing_days, rereviewed_at, rereview_result," \
	" closed_at, close_basis, satisfaction, due, due_days," \
	" reply_delivered_at"

/*
 * The ledger as recorded before a time (ISO 8601 with its offset): the
 * TEMP tables recorded_items, recorded_handlings and recorded_visits,
 * shaped as items, handlings and visits, of the items registered
 * before it, their fields as the events recorded before it left them
 * (a later correction, relinking or classification taken back; the
 * steps and visits recorded before it replayed, each by its event); 0,
 * or -1 with the message in the ledger.
 */
int	xf_ledger_recorded(xf_ledger *, const char *before);

/*
 * The status step a leads a case in status to, as the step sets it, or
 * NULL when the status stays (a unit's acceptance, an escalation, a
 * hearing, an extended case assigned again).
 */
const char	*xf_case_leads_to(enum xf_action a, const char *status);
/* Whether a reopening clears field f: the new handling's own. */
int	xf_case_cleared(int f);
/* Set the fields worked out when read: due_state, evaluation. */
void	xf_case_derive(const xf_settings *, xf_record *item, xf_day today);

/*
 * xf_case_apply() for a case whose answer contested by a review or
 * re-review was delivered on day delivered (-1: not delivered): the
 * window runs from the delivery, not the answer.
 */
enum xf_applied xf_case_apply_delivered(const xf_settings *, xf_record *item,
	    const struct xf_step *, const char *now, xf_day delivered,
	    struct xf_buf *details, char *err, size_t errlen);

/*
 * The ledger's own, for the modules that keep SQL of their own
 * (document.c): its store (store/store.h), the batch's time and
 * settings, an event of the batch, a message (always -1), the store's
 * error as the message.
 */
struct xf_db	*xf_ledger_db(xf_ledger *);
const char	*xf_ledger_now(const xf_ledger *);
const xf_settings *xf_ledger_settings(const xf_ledger *);
int		 xf_ledger_event(xf_ledger *, const char *id,
		    const char *action, const char *details);
/* Put back the key persons batch n changed as they stood (person.c). */
int		 xf_person_undo(xf_ledger *, int64_t n);
/* Case id as it stands, voided or not: 1, 0 (none: message), -1. */
int		 xf_ledger_read(xf_ledger *, const char *id, xf_record *item);
int		 xf_ledger_fail(xf_ledger *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
int		 xf_ledger_dberr(xf_ledger *, const char *what);
/*
 * One item (or row of a copy) more is being added: the store told at
 * the first and each 4,096th after, so that it may size its cache to
 * the ledger (store.h, adding()).  0, or -1 with the message.
 */
int		 xf_ledger_adding(xf_ledger *);
/*
 * The day the document of kind in force for the case's handling was
 * delivered: 1 with *day, 0 when it was not (*day left), -1 on an
 * error.
 */
int		 xf_document_delivered(xf_ledger *, const xf_record *item,
		    enum xf_doc kind, xf_day *day);

/*
 * The villages file at path (villages.c) as the JSON array of
 * xf_settings_villages(), to be freed; NULL with the reason in err.
 */
char		*xf_villages_load(const char *path, char *err, size_t errlen);

/* Quote a value for a message: at most 60 bytes, cut on a character. */
const char *xf_quote(const char *s, char *buf, size_t len);

/* xf_record_add when the caller knows the field the key names. */
int	xf_record_add_field(xf_record *, const char *key, size_t klen,
	    int field, const char *val, size_t vlen, int raw);

/*
 * The value a field had as given, when normalising made another value
 * of it (a 15-digit ID number made 18 digits): what xf_item_normalize()
 * hands xf_ledger_register() for the register event.  It is not a pair
 * of the record, so it is never written out nor stored as a column;
 * clearing the record drops it.  0, or -1 (memory).
 */
int	xf_record_set_given(xf_record *, int field, const char *val);
/* That value, or NULL. */
const char *xf_record_given(const xf_record *, int field);
/*
 * A field whose value the input did not give (a default, or worked out
 * from others): a row imported again does not differ from an item on
 * it.  Clearing the record drops the mark.
 */
void	xf_record_set_implied(xf_record *, int field);
/* Set the value of the pair named key, or add one; 0, or -1 (memory). */
int	xf_record_set_key(xf_record *, const char *key, const char *val,
	    size_t vlen, int raw);
int	xf_record_implied(const xf_record *, int field);

/*
 * The identity of an item as imported (xf-intake(1)): its fingerprint,
 * of the receipt time, the petitioner (ID number, else name and phone)
 * and the text (title and content, white space and full-width forms
 * folded); its likeness, the same without the receipt time.  Returns
 * what the item has of these: XF_ID_PERSON, XF_ID_TEXT.  An item with
 * neither has no identity (it is registered each time it comes); one
 * with both has near duplicates.  Stored at intake and never worked out
 * again.
 */
#define XF_ID_PERSON	1
#define XF_ID_TEXT	2
int	xf_identity(const char *received_at, const char *id_number,
	    const char *name, const char *phone, const char *title,
	    const char *content, int64_t *fingerprint, int64_t *likeness);
int	xf_item_identity(const xf_record *, int64_t *fingerprint,
	    int64_t *likeness);
/*
 * The flags worked out from other fields of an item (collective, joint
 * letter, skip-level), set on it anew; 0, or -1 (memory).
 */
int	xf_item_derive(const xf_settings *, xf_record *);
/* Whether a personal value is a masked one (xf_mask(): "张*"). */
int	xf_masked(const char *value);

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
 * An Excel serial date-time v (1 is 1900-01-01 and 60 Excel's 1900-02-29
 * that never was; with date1904, 0 is 1904-01-01), rounded to the
 * second: its day in *y, *m, *d (1900-01-00, *d 0, for serial 0 of the
 * 1900 system, as Excel shows it) and the seconds into that day in
 * *secs.  0, or -1 when v is not from 0 to 9999-12-31 23:59:59.
 */
int	xf_excel_date(double v, int date1904, int *y, int *m, int *d,
	    int *secs);

/*
 * Decide a case's classification (classify.c, no SQL): the values cl
 * gives, applied to item where their source may replace the value's
 * (prov: by field, updated).  The number of fields changed, with the
 * event's details (a JSON object) in details; -1 (memory).
 */
int	xf_class_decide(struct xf_classifier *, const xf_settings *,
	    xf_record *item, enum xf_source prov[XF_C_COUNT],
	    struct xf_class_result *, struct xf_buf *details);

/* ------------------------------------------------------------------ */
/* Workbooks: the sheets of an .xlsx (xlsx.c) or .xls (xls.c) as rows of
 * typed cells, read by reader.c behind one table of operations. */

enum xf_cell_type {
	XF_CELL_TEXT,		/* s: the text (a shared or inline string) */
	XF_CELL_NUMBER,		/* num: a number not formatted as a date */
	XF_CELL_DATE,		/* s: "YYYY-MM-DD", "YYYY-MM-DD hh:mm:ss" or
				   "hh:mm:ss", in no zone (the office's) */
	XF_CELL_BOOL,		/* num: 0 or 1 */
	XF_CELL_ERROR		/* s: the error's text, "#N/A", "#DIV/0!" */
};

/*
 * A cell that holds something (a formula cell: the value last computed).
 * s is UTF-8, NUL-terminated at s[len], borrowed until the next row.
 */
struct xf_cell {
	int			 col;	/* from 0: A is 0 */
	enum xf_cell_type	 type;
	const char		*s;
	size_t			 len;
	double			 num;
};

struct xf_book;

struct xf_book_ops {
	const char	*name;		/* "xlsx", "xls" */
	/* The number of sheets, and the name of sheet i (from 0). */
	int		 (*nsheets)(struct xf_book *);
	const char	*(*sheet_name)(struct xf_book *, int i);
	/* Start reading sheet i at its first row; 0, or -1 with err. */
	int		 (*sheet_open)(struct xf_book *, int i, char *err,
			    size_t errlen);
	/* The columns the open sheet declares it spans, or -1 if unknown. */
	int		 (*sheet_width)(struct xf_book *);
	/*
	 * The next row of the open sheet, in order: 1 with its number
	 * (from 1) and the cells that hold something, in column order
	 * (a merged range's value in each of its cells); 0 after the last
	 * row; -1 with the reason in err.  A row with no such cell may be
	 * given with ncells 0 or left out.
	 */
	int		 (*row_next)(struct xf_book *, long *row,
			    const struct xf_cell **cells, size_t *ncells,
			    char *err, size_t errlen);
	void		 (*close)(struct xf_book *);
};

/* Each kind of book begins with this; close() frees the whole. */
struct xf_book {
	const struct xf_book_ops	*ops;
};

/*
 * Open the workbook in the regular file path.  NULL with the reason in
 * err, which says what to do for a file of another kind (an .ods or
 * .numbers in a zip; an encrypted workbook or a WPS .et in OLE2).
 */
struct xf_book	*xf_xlsx_open(const char *path, char *err, size_t errlen);
struct xf_book	*xf_xls_open(const char *path, char *err, size_t errlen);

/* Whether bytes are a model of an earlier version, not read (model.c). */
int		 xf_model_outdated(const void *data, size_t len);

#endif
