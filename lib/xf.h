/*
 * xf.h - libxf, the petition (信访) data model and ledger
 *
 * Ownership, in one sentence: every pointer a function returns is borrowed
 * from the handle it came from and stays valid until that handle is next
 * changed or freed, except what a function named *_new or *_open returns,
 * which the caller owns and releases with the matching *_free or *_close
 * (which accept NULL).
 *
 * The library never prints and never exits.  Functions return 0 on success
 * and -1 on failure, keeping a message on the handle (xf_reader_errmsg(),
 * xf_ledger_errmsg(), ...); constructors return NULL and, where they take
 * an error buffer, write the reason there.  Strings are UTF-8.
 */
#ifndef XF_H
#define XF_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What this header declares is libxf's interface: exported, the rest not. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

#define XF_VERSION_MAJOR	0
#define XF_VERSION_MINOR	1
#define XF_VERSION_PATCH	0
#define XF_VERSION		"0.1.0"
#define XF_VERSION_NUMBER	\
	(XF_VERSION_MAJOR * 10000 + XF_VERSION_MINOR * 100 + XF_VERSION_PATCH)

/* The version of the library linked at run time. */
const char	*xf_version(void);
int		 xf_version_number(void);

/*
 * FNV-1a, 32 bits, of len bytes: the hash of the library's tables and of
 * the cross-validation folds (stable: a fold is the same on every run).
 */
uint32_t	 xf_hash(const void *s, size_t len);

/*
 * True when the library linked at run time can serve a program compiled
 * against this header: same major version, and no older.
 */
#define XF_VERSION_OK()	(xf_version_number() / 10000 == XF_VERSION_MAJOR && \
			 xf_version_number() >= XF_VERSION_NUMBER)

/* Exit status of every program (see the EXIT STATUS of each man page). */
enum xf_exit {
	XF_EXIT_OK = 0,		/* success */
	XF_EXIT_DATA = 1,	/* bad data, or a runtime error */
	XF_EXIT_USAGE = 2,	/* bad options or arguments */
	XF_EXIT_CONFIG = 3	/* bad settings or reference data */
};

/* ------------------------------------------------------------------ */
/* Settings                                                            */

/* Administrative levels, in ascending order. */
enum xf_level {
	XF_LEVEL_VILLAGE, XF_LEVEL_TOWNSHIP, XF_LEVEL_COUNTY,
	XF_LEVEL_CITY, XF_LEVEL_PROVINCE, XF_LEVEL_NATIONAL
};

typedef struct xf_settings xf_settings;

/*
 * The built-in defaults, then the file at path if path is not NULL.
 * Returns NULL with the reason in err ("file:line: ...") on failure.
 */
xf_settings	*xf_settings_new(const char *path, char *err, size_t errlen);
void		 xf_settings_free(xf_settings *);

/* Office code used as the id prefix ("" for none). */
const char	*xf_settings_office(const xf_settings *);
/* Replace the office code (from --office); 0, or -1 if not [A-Za-z0-9]. */
int		 xf_settings_set_office(xf_settings *, const char *);
enum xf_level	 xf_settings_level(const xf_settings *);
/* Offset of the office's time zone from UTC, in minutes (480 = +08:00). */
int		 xf_settings_tz(const xf_settings *);
int		 xf_settings_collective(const xf_settings *);
int		 xf_settings_repeat_days(const xf_settings *);
/*
 * Minutes a receipt time may be later than now, for clocks that differ
 * (clock_skew, 0 to 1440; 10 by default): later than that is refused.
 */
int		 xf_settings_clock_skew(const xf_settings *);
/*
 * The i-th entry (from 0) of the personal_columns setting, as
 * "KIND:PATTERN" with KIND an English field name, for
 * xf_writer_personal(); NULL after the last.
 */
const char	*xf_settings_personal_column(const xf_settings *, int i);
/* Whether a channel token (see xf-record(5)) counts as online. */
int		 xf_settings_online(const xf_settings *, const char *channel);
/* Milliseconds a writer waits for another writer's lock. */
int		 xf_settings_busy_ms(const xf_settings *);
/* The category catalogue in force (built-in or the office's file). */
const struct xf_catalog *xf_settings_catalog(const xf_settings *);

/* The limits of the casework, in days (xf(7) SETTINGS). */
enum xf_limit {
	XF_LIM_ACCEPT,		/* accept_days: 15 from receipt */
	XF_LIM_REPLY,		/* reply_days: 60 from acceptance */
	XF_LIM_EXTENSION,	/* max_extension: 30, once */
	XF_LIM_REVIEW_WINDOW,	/* review_window: 30 after a reply */
	XF_LIM_DECISION,	/* decision_days: 30 for a review */
	XF_LIM_DUE_SOON,	/* due_soon: 7 days left */
	XF_LIM_EVALUATION,	/* evaluation_window: 30 after a reply */
	XF_LIM_VISIT_AFTER,	/* visit_after: 7 days after a reply */
	XF_LIM_LEAD_VISIT,	/* lead_visit_days: 15 */
	XF_LIM_SIMPLIFIED,	/* simplified_days: 10 working days */
	XF_LIM_RESOLUTION,	/* resolution_window: 90 without a repeat */
	XF_LIM_COUNT
};
int		 xf_settings_limit(const xf_settings *, enum xf_limit);
/* Whether a calendar-day deadline on a day off moves to a working day. */
int		 xf_settings_roll(const xf_settings *);
/*
 * The office's villages and communities (the villages setting), as a
 * JSON array of {"code": 12 digits, "name"}, or NULL when none is set.
 */
const char	*xf_settings_villages(const xf_settings *);
/*
 * The key persons' settings (xf-person(1)): whether cat is one of the
 * person_categories (1 when none is set); the hours between contacts,
 * normal or in a sensitive period (contact_normal_hours, 168;
 * contact_sensitive_hours, 8); the sensitive period (sensitive_period
 * FROM TO NAME) day "YYYY-MM-DD" falls in, by its name (or its first
 * day), or NULL.
 */
int		 xf_settings_person_category(const xf_settings *,
		    const char *cat);
int		 xf_settings_contact_hours(const xf_settings *, int sensitive);
const char	*xf_settings_sensitive(const xf_settings *, const char *day);
/* The working-day calendar in force (built-in or the office's file). */
const struct xf_calendar *xf_settings_calendar(const xf_settings *);
/* The rung after rung on the mediation ladder; NULL at the top. */
const char	*xf_settings_next_rung(const xf_settings *, const char *rung);
/*
 * The rates of the named set (the rate_set.NAME settings; 三率 and 五率
 * built in) as " name name ... ", or NULL when there is no such set.
 */
const char	*xf_settings_rate_set(const xf_settings *, const char *name);
/* The name of the i-th set, from 0; NULL after the last. */
const char	*xf_settings_rate_set_name(const xf_settings *, int i);
/* A rate's target in percent (target.RATE): 1 with *pct, 0 if none. */
int		 xf_settings_target(const xf_settings *, const char *rate,
		    double *pct);

/* ------------------------------------------------------------------ */
/* Fields of the petition item                                         */

/* Every field of the item, in output order. */
enum xf_field {
	XF_F_ID, XF_F_REF, XF_F_RECEIVED_AT, XF_F_CHANNEL, XF_F_SOURCE,
	XF_F_LODGED_LEVEL, XF_F_IRREGULAR,
	/* The leader who received a visit (领导接访), and the leader's level. */
	XF_F_RECEIVED_BY, XF_F_RECEIVED_LEVEL,
	XF_F_NAME, XF_F_ID_NUMBER,
	XF_F_PHONE, XF_F_ADDRESS, XF_F_PEOPLE, XF_F_FIRST, XF_F_REPEAT_OF,
	XF_F_NOT_AGAIN,
	XF_F_REGION, XF_F_TITLE, XF_F_CONTENT, XF_F_PURPOSE, XF_F_CATEGORY,
	/* The classification (xf-classify) besides purpose and category: */
	XF_F_CLAIM, XF_F_RISK, XF_F_KEY_CASE,
	XF_F_COLLECTIVE, XF_F_JOINT_LETTER, XF_F_SKIP_LEVEL, XF_F_STATUS,
	XF_F_UNIT, XF_F_REGISTERED_AT,
	/* An item voided (xf-edit), and the one it was merged into. */
	XF_F_VOIDED_AT, XF_F_MERGED_INTO,
	/*
	 * The casework (xf-assign, xf-close) of the handling in force (办理
	 * 轮次): its number, absent for the first, and when the reopening
	 * that began it was; the earlier handlings are kept in the ledger
	 * as they ended.
	 */
	XF_F_HANDLING, XF_F_REOPENED_AT, XF_F_DECIDED_AT,
	XF_F_ACCEPTED_AT, XF_F_TRANSFERRED_TO, XF_F_REFUSAL_ROUTE,
	XF_F_ASSIGNED_AT, XF_F_UNIT_ACCEPTED_AT, XF_F_UNIT_DECLINED_AT,
	XF_F_HANDLER, XF_F_LEAD,
	XF_F_RUNG, XF_F_EXTENDED_DAYS, XF_F_EXTENSION_REASON, XF_F_REPLY_DUE,
	XF_F_REPLIED_AT, XF_F_REPLY,
	XF_F_REPLY_ON_TIME, XF_F_REPLY_DELIVERED_AT, XF_F_REVIEW_AT,
	XF_F_REVIEWED_AT,
	XF_F_REVIEW_RESULT, XF_F_REREVIEW_AT, XF_F_HEARING_DAYS,
	XF_F_REREVIEWED_AT, XF_F_REREVIEW_RESULT, XF_F_CLOSED_AT,
	XF_F_CLOSE_BASIS,
	/* The returning visits (xf-visit): the last evaluation. */
	XF_F_SATISFACTION,
	/* The deadline in force: its last day and its length in days. */
	XF_F_DUE, XF_F_DUE_DAYS,
	/* Worked out when read, never stored: */
	XF_F_DUE_STATE, XF_F_EVALUATION,
	XF_F_COUNT
};

/* The fields stored as columns of the ledger: all before this one. */
#define XF_F_STORED	XF_F_DUE_STATE

enum xf_type { XF_T_TEXT, XF_T_INT, XF_T_BOOL, XF_T_ENUM };

/* The field whose name or Chinese column name is s (len bytes), or -1. */
int		 xf_field_find(const char *s, size_t len);
const char	*xf_field_name(int field);
/* The Chinese column name used by --header zh. */
const char	*xf_field_zh(int field);
enum xf_type	 xf_field_type(int field);
/* Whether the field may come from input (derived fields may not). */
int		 xf_field_input(int field);
/*
 * The English token of an enumerated value given as a token or one of
 * its Chinese words, or NULL if the field has no such value.
 */
const char	*xf_field_token(int field, const char *value, size_t len);
/* The Chinese word for an English token, for --lang zh. */
const char	*xf_field_token_zh(int field, const char *token);

/* ------------------------------------------------------------------ */
/* Records                                                             */

/*
 * A record is an ordered list of (key, value) pairs as read or to be
 * written.  A value is text, or with raw set a JSON literal (number,
 * true, false, object, array) kept as its JSON text.  field is the
 * xf_field the key names, or -1 for a column the model does not know.
 */
typedef struct xf_record xf_record;

xf_record	*xf_record_new(void);
void		 xf_record_free(xf_record *);
void		 xf_record_clear(xf_record *);
/* Append a pair; the record copies key and value.  0, or -1 (memory). */
int		 xf_record_add(xf_record *, const char *key, size_t klen,
		    const char *val, size_t vlen, int raw);
/* Set field's value, replacing it if present (appended otherwise). */
int		 xf_record_set(xf_record *, int field, const char *val,
		    size_t vlen, int raw);
size_t		 xf_record_count(const xf_record *);
const char	*xf_record_key(const xf_record *, size_t i);
const char	*xf_record_value(const xf_record *, size_t i, size_t *len);
int		 xf_record_raw(const xf_record *, size_t i);
int		 xf_record_field(const xf_record *, size_t i);
/* The value of a field (NUL-terminated), or NULL when absent. */
const char	*xf_record_get(const xf_record *, int field);
/* The value of the key (exact match), or NULL when absent. */
const char	*xf_record_get_key(const xf_record *, const char *key);
/* Where the record came from: file name ("-" for stdin) and line. */
void		 xf_record_set_origin(xf_record *, const char *file, long line);
const char	*xf_record_file(const xf_record *);
/* The line, or for a record read from a workbook its row (from 1). */
long		 xf_record_line(const xf_record *);
/*
 * A record read from a workbook: the sheet it came from (NULL: none, as
 * for a text file; the origin's file and line reset it) and the
 * spreadsheet column of pair i (from 1: A is 1; 0 when unknown).
 */
void		 xf_record_set_sheet(xf_record *, const char *sheet);
const char	*xf_record_sheet(const xf_record *);
void		 xf_record_set_column(xf_record *, size_t i, int col);
int		 xf_record_column(const xf_record *, size_t i);
/*
 * Where the record came from, for a message: "file:17" for a line of a
 * text file; "file: sheet!F23" for the cell of a workbook that holds
 * field (an xf_field, or -1 for the row), "file: sheet: row 23" when
 * there is no such cell.  Returns buf.
 */
char		*xf_record_where(const xf_record *, int field, char *buf,
		    size_t len);
/* The column name of a spreadsheet column from 1 ("A", "Z", "AA"). */
char		*xf_column_name(int col, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* Reading records                                                     */

enum xf_format {
	XF_FORMAT_AUTO,		/* input: told apart by the first byte */
	XF_FORMAT_JSON,		/* NDJSON, one object a line */
	XF_FORMAT_CSV,		/* RFC 4180 with a header row */
	XF_FORMAT_TABLE,	/* output only: aligned for a terminal */
	XF_FORMAT_IDS,		/* bare ids, one a line */
	XF_FORMAT_XLSX,		/* an Office Open XML workbook (.xlsx) */
	XF_FORMAT_XLS		/* input only: an Excel 97-2003 workbook */
};

typedef struct xf_reader xf_reader;

/*
 * Open path ("-" or NULL for standard input) in format, converting from
 * encoding (NULL or "utf-8" for none; "gb18030", "gbk", ... via iconv).
 * NULL on failure with the reason in err.
 */
xf_reader	*xf_reader_open(const char *path, enum xf_format,
		    const char *encoding, char *err, size_t errlen);
/* What xf_reader_next() returns besides 1, 0 and -1. */
#define XF_READ_BAD	2

/*
 * Read the next record into r (cleared first).  Returns 1 for a record,
 * 0 at the end, -1 on an error: the message (with line) is in
 * xf_reader_errmsg() and the reader cannot go on.  XF_READ_BAD for a row
 * that cannot be taken as it is (a value beyond the header's columns; a
 * malformed CSV row, handed out as the one pair "raw", its lines as
 * read; a row of a reject file whose "raw" is not empty): r holds what
 * was read of it, with its origin, the reason is in xf_reader_errmsg(),
 * and reading goes on with the next row.  A file with a column, or
 * NDJSON member, named "error" is a reject file: its columns error,
 * sheet and row are not read, nor raw when empty.
 *
 * Blank rows (every cell empty or spaces) and total rows (合计, 总计 or
 * 小计 in the first cell that holds something) are skipped and counted.
 * A workbook (.xlsx, .xls) is told apart by its first bytes (a zip, an
 * OLE2 file): a sheet's header is found below title and note rows, a
 * cell becomes text (a date cell "2017-07-21 15:05:00" in no zone, a
 * number its digits, or up to 15 significant digits as "1.10101199003071E+17"
 * when it has more), and its record knows its sheet and columns.
 */
int		 xf_reader_next(xf_reader *, xf_record *r);
/*
 * A workbook's sheets to read, called before the first xf_reader_next():
 * by name, or by number from 1 when the argument is all digits and no
 * sheet has it as its name; repeatable, read in the order given.  The
 * first sheet when none is named.  0, or -1 (memory).
 */
int		 xf_reader_add_sheet(xf_reader *, const char *sheet);
/* Read every sheet of a workbook, in the workbook's order. */
void		 xf_reader_all_sheets(xf_reader *);
/*
 * The header is row n (from 1) of every sheet read, instead of the
 * first row at least two of whose cells name fields.
 */
void		 xf_reader_header_row(xf_reader *, long n);
/*
 * Something the user should know about what was read (the header was
 * found below the first row, a sheet was empty), once; NULL when there
 * is nothing new.  Valid until the next call on the reader.
 */
const char	*xf_reader_notice(xf_reader *);
/* The format in use once the first byte has been seen. */
enum xf_format	 xf_reader_format(const xf_reader *);
/* Bytes consumed so far and the input's size (0 if not a regular file). */
void		 xf_reader_progress(const xf_reader *, uint64_t *done,
		    uint64_t *total);
const char	*xf_reader_errmsg(const xf_reader *);
void		 xf_reader_close(xf_reader *);

/* ------------------------------------------------------------------ */
/* Writing records                                                     */

enum xf_writer_flag {
	XF_W_BOM = 1 << 0,		/* CSV: start with a UTF-8 BOM */
	XF_W_HEADER_ZH = 1 << 1,	/* CSV/table: Chinese column names */
	XF_W_LANG_ZH = 1 << 2,		/* values as Chinese words */
	XF_W_REVEAL = 1 << 3,		/* do not mask personal data */
	XF_W_RAW_CSV = 1 << 4		/* CSV: formulas not neutralised */
};

typedef struct xf_writer xf_writer;

/*
 * A writer to out (borrowed) in JSON, CSV, a table or a workbook
 * (XF_FORMAT_XLSX: one sheet, typed cells, as many more sheets as
 * 1,048,576 rows need).  For CSV and a workbook the columns are the
 * item's fields followed by every other key any record has, in the
 * order first seen: the records are kept in a private temporary file
 * ($TMPDIR) and written at xf_writer_finish(), as is a table, whose
 * columns are some of the item's fields.
 */
xf_writer	*xf_writer_new(FILE *out, enum xf_format, unsigned flags);
/*
 * Write records of another shape: the columns are every key of the
 * records (of the first, for a table).
 */
xf_writer	*xf_writer_new_plain(FILE *out, enum xf_format, unsigned flags);
/*
 * The values of a plain writer's column key are percentages (93.3 is
 * 93.3%): a workbook has them as such, as fractions with the format
 * 0.0%; other formats as they are.  0, or -1 (memory).
 */
int		 xf_writer_percent(xf_writer *, const char *key);
/*
 * Columns the model does not know whose names hold PATTERN (ASCII
 * letters in any case) hold personal data of KIND, given as
 * "KIND:PATTERN" (KIND: name, id_number, phone, address, or a Chinese
 * column name of one): masked as such unless XF_W_REVEAL, besides the
 * built-in patterns (xf(7) SETTINGS, personal_columns).  Called before
 * the first xf_writer_put().  0, or -1 with errno EINVAL (not
 * KIND:PATTERN) or ENOMEM.
 */
int		 xf_writer_personal(xf_writer *, const char *kind_pattern);
/*
 * 0, or -1 with errno set when the output failed (EPIPE, ENOSPC, ...),
 * or with a message in xf_writer_errmsg() when the writer failed for
 * another reason (a temporary file; a value longer than a workbook's
 * cell holds).
 */
int		 xf_writer_put(xf_writer *, const xf_record *);
int		 xf_writer_finish(xf_writer *);
/* Why the last put or finish failed, or NULL when errno says it all. */
const char	*xf_writer_errmsg(const xf_writer *);
void		 xf_writer_free(xf_writer *);

/* The masked form of a personal value (name, id_number, phone, address). */
const char	*xf_mask(int field, const char *value, char *buf, size_t len);
/*
 * Whether a spreadsheet would take the CSV cell s (len bytes) for a
 * formula: after any apostrophes it begins with = + - @, TAB or CR and
 * is not a plain number such as -12.5.  The CSV writer puts an
 * apostrophe before such a cell unless XF_W_RAW_CSV; a reader takes
 * one off a cell that begins with an apostrophe when the rest is one.
 */
int		 xf_csv_formula(const char *s, size_t len);

/* ------------------------------------------------------------------ */
/* Checks and conversions of single values                             */

/*
 * Each returns 0 and writes the normalised value to out, or -1 and sets
 * *why to a static reason ("bad check digit").
 */
int	xf_check_id_number(const char *s, char out[19], const char **why);
int	xf_check_phone(const char *s, char *out, size_t outlen,
	    const char **why);
int	xf_check_region(const char *s, const char **why);
/* "是/否", "yes/no", "true/false", "1/0", "初件/重件" ... as 1 or 0. */
int	xf_check_bool(const char *s, int *out, const char **why);

/* A point in time: seconds since the epoch and the offset it is told in. */
struct xf_time {
	int64_t	t;		/* seconds since 1970-01-01T00:00:00Z */
	int	off;		/* offset in minutes */
};

/*
 * Parse a date or date and time in any form of xf-record(5): ISO 8601,
 * 2017/7/21 13:50, 2017-07-21 13:50, 2017年7月21日, an Excel serial
 * number.  A time without an offset is in tz (minutes east of UTC).
 */
int	xf_time_parse(const char *s, int tz, struct xf_time *out,
	    const char **why);
/* "2017-07-21T13:50:00+08:00" in zone tz; buf of 26 bytes at least. */
char	*xf_time_format(struct xf_time, int tz, char *buf, size_t len);
/* The calendar day "2017-07-21" in zone tz; buf of 11 bytes at least. */
char	*xf_time_day(struct xf_time, int tz, char *buf, size_t len);
/* Now: $XF_NOW when set (any form xf_time_parse takes), else the clock. */
int	xf_time_now(int tz, struct xf_time *out, const char **why);

/* ------------------------------------------------------------------ */
/* The category catalogue                                              */

struct xf_catalog;

/* The built-in catalogue, or one from a file of the same TSV shape. */
struct xf_catalog *xf_catalog_new(const char *path, char *err, size_t errlen);
void	xf_catalog_free(struct xf_catalog *);
/*
 * Whether path ("城乡建设/城市建设和市政管理", levels joined by '/')
 * names a node of any level.  When not, and near is not NULL, write the
 * nearest known paths, separated by ", ", to near.
 */
int	xf_catalog_has(const struct xf_catalog *, const char *path,
	    char *near, size_t nearlen);

/* ------------------------------------------------------------------ */
/* Items: from an input record to a normalised one                     */

/*
 * Normalise in (as read) into out: known columns mapped to fields,
 * values checked and given in canonical form, defaults and derived
 * fields set; unknown columns carried over.  Returns 0, or -1 with the
 * reason ("id_number: bad check digit") in err.
 */
int	xf_item_normalize(const xf_settings *, const xf_record *in,
	    xf_record *out, char *err, size_t errlen);

/* ------------------------------------------------------------------ */
/* Deadlines                                                           */

/* A calendar day as days since 1970-01-01 (the office's zone). */
typedef int64_t xf_day;

/*
 * "2017-07-21" (also any form xf_time_parse takes, in zone tz) as a day:
 * the day in zone tz of the moment given.  Days of years 1 to 9999.
 */
int	xf_day_parse(const char *s, int tz, xf_day *out, const char **why);
/* "2017-07-21"; buf of 11 bytes at least.  NULL outside years 1-9999. */
char	*xf_day_format(xf_day, char *buf, size_t len);

/*
 * The working-day calendar: public holidays and the weekend days made
 * working days (调休).  A year is known when the calendar has a line of
 * it; in a known year a holiday is not a working day, a made working day
 * is one even on a weekend, and otherwise Monday to Friday are.
 */
struct xf_calendar;

/*
 * The built-in calendar (lib/data/holidays.tsv) when path is NULL, else
 * a file of the same shape: "date<TAB>kind<TAB>holiday<TAB>holiday_en"
 * lines, kind "holiday" or "workday", '#' comments, blank lines.  NULL
 * with "file:line: reason" in err.
 */
struct xf_calendar *xf_calendar_new(const char *path, char *err, size_t errlen);
void	xf_calendar_free(struct xf_calendar *);

/*
 * The functions below fail on a day of a year the calendar lacks with
 * *why "the holiday calendar has no year 2031", a message in a buffer
 * of the calling thread that the next such failure in that thread
 * overwrites; every other *why is static.
 */

/* 1 working day, 0 not, -1 when the calendar lacks the day's year. */
int	xf_calendar_workday(const struct xf_calendar *, xf_day,
	    const char **why);
/*
 * The day n working days after start (start not counted; n = 0 gives
 * start); -1 when a year the count crosses is missing.
 */
int	xf_calendar_add_workdays(const struct xf_calendar *, xf_day start,
	    int n, xf_day *out, const char **why);
/* The next working day on or after d; -1 as above. */
int	xf_calendar_next_workday(const struct xf_calendar *, xf_day d,
	    xf_day *out, const char **why);

/* How a limit is counted. */
enum xf_count { XF_COUNT_CALENDAR, XF_COUNT_WORKDAYS };

/*
 * The last day of a period of n days starting on start (the start day
 * not counted; the period ends at 24:00 of its last day): calendar days,
 * or working days; with roll (calendar days only; a last working day is
 * one already) a last day that is not a working day moves to the next
 * working day.  The calendar may be NULL for calendar days without roll.
 * 0, or -1 with *why (a missing calendar year is a configuration error
 * for the caller).
 */
int	xf_deadline(const struct xf_calendar *, xf_day start, int n,
	    enum xf_count, int roll, xf_day *out, const char **why);

/* Where a case stands against a due day, worked out when read. */
enum xf_due {
	XF_DUE_NONE,		/* no deadline running */
	XF_DUE_ON_TIME,
	XF_DUE_SOON,		/* at most soon_days left (default 7) */
	XF_DUE_OVERDUE,		/* past the due day */
	XF_DUE_VERY_OVERDUE	/* past the due day by more than the limit
				   itself (twice the limit from the start) */
};

/*
 * today and due are days; limit is the period's length in days (for
 * very_overdue).  The due day itself is on time.  Never XF_DUE_NONE:
 * the caller knows when no deadline runs.
 */
enum xf_due xf_due_state(xf_day today, xf_day due, int limit, int soon_days);
/*
 * "on_time", "due_soon", "overdue", "very_overdue" (NULL for
 * XF_DUE_NONE); and the Chinese words 未到期, 即将到期, 已超期, 严重超期.
 */
const char *xf_due_token(enum xf_due);
const char *xf_due_token_zh(enum xf_due);
/* A token or its Chinese word; -1 if neither. */
int	 xf_due_parse(const char *token, enum xf_due *out);

/* ------------------------------------------------------------------ */
/* The ledger                                                          */

typedef struct xf_ledger xf_ledger;

enum xf_ledger_flag {
	XF_L_READONLY = 1 << 0	/* open an existing ledger to read */
};

/*
 * Open (creating with mode 0600 unless XF_L_READONLY) the ledger at path
 * and bring its schema up to date.  NULL with the reason in err.  A
 * ledger is used by one thread at a time (its connection keeps no lock
 * of its own); threads open their own.
 */
xf_ledger	*xf_ledger_open(const char *path, const xf_settings *,
		    unsigned flags, char *err, size_t errlen);
void		 xf_ledger_close(xf_ledger *);
const char	*xf_ledger_errmsg(const xf_ledger *);
/*
 * When the message is of a write sent without waiting (PostgreSQL's
 * pipeline, outside a record's mark), met by a later statement: the id
 * of the item written, which may be an earlier record's; else NULL.
 */
const char	*xf_ledger_err_item(const xf_ledger *);
/* The default path: $XF_DB, else "xf.db". */
const char	*xf_ledger_default_path(void);
/*
 * The place of a ledger (or any text holding one, an option as given)
 * as it may be shown, in buf: a URI's password, as user:secret@ or
 * password=secret, replaced by "***".
 */
const char	*xf_ledger_shown(const char *place, char *buf, size_t size);

/*
 * The store the ledger is kept in ("sqlite"), the version of its schema,
 * and in *was the version it had when opened (before it was migrated).
 */
const char	*xf_ledger_store(const xf_ledger *);
int		 xf_ledger_version(const xf_ledger *, int *was);

/*
 * Whether the items voided (xf-edit(1) --void) are in the lists, counts
 * and reports of the ledger: by default not.
 */
int		 xf_ledger_include_void(xf_ledger *, int on);

/* Who and what the events written from now on name. */
void		 xf_ledger_set_actor(xf_ledger *, const char *actor,
		    const char *program);

/*
 * What the batches begun from now on record of the run (xf-query
 * --batches): its arguments and its files, each a JSON array, or NULL.
 */
int		 xf_ledger_set_batch(xf_ledger *, const char *args,
		    const char *files);
/*
 * A batch: one transaction, begun with BEGIN IMMEDIATE, numbered; its
 * events, visits and handlings kept name its number.  A batch that
 * wrote no event leaves no number behind.
 */
int		 xf_ledger_begin(xf_ledger *);
/* The number of the batch begun, or 0 outside one. */
int64_t		 xf_ledger_batch(const xf_ledger *);
/*
 * 1 when the batch failed on a deadlock with another writer's batch
 * (PostgreSQL lets one on and fails the other): rolled back and run
 * again from its start, it may pass; else 0.
 */
int		 xf_ledger_conflict(const xf_ledger *);
/*
 * The batches begun from now on run alone: each waits for the other
 * writers' batches in to end, and keeps new ones out until it ends,
 * so that it meets none in a deadlock (a batch run again after one).
 */
void		 xf_ledger_alone(xf_ledger *);
int		 xf_ledger_commit(xf_ledger *);
int		 xf_ledger_rollback(xf_ledger *);
/* Inside a batch: a savepoint around one record, for --keep-going. */
int		 xf_ledger_mark(xf_ledger *);
int		 xf_ledger_release(xf_ledger *);
int		 xf_ledger_undo(xf_ledger *);

enum xf_register {
	XF_REG_NEW = 0,		/* registered */
	XF_REG_DUPLICATE = 1,	/* registered already, nothing differs */
	XF_REG_UPDATED = 2,	/* registered already: corrected (XF_REG_UPDATE) */
	XF_REG_DIFFERS = 3,	/* registered already with other values, or a
				   near duplicate: refused, the message says */
	XF_REG_ERROR = -1,
	XF_REG_CONFIG = -2	/* as XF_STEP_CONFIG */
};

/* How xf_ledger_register() takes an item registered already. */
enum xf_register_flag {
	XF_REG_UPDATE = 1 << 0,	/* correct the item on the values given */
	XF_REG_AS_NEW = 1 << 1	/* a near duplicate is another item */
};

/*
 * Register a normalised item (from xf_item_normalize) inside a batch.
 * An item registered already is found by its id, its ref, or else the
 * fingerprint of the row as imported (xf-intake(1)); a near duplicate
 * (the same petitioner and text, received at another time) by its
 * likeness.  A new item is given an id when it has none, first/repeat
 * by receipt time (later chains relinked to it, with events), the
 * finality flag (not_again) when it repeats a case closed as final;
 * it is stored with its event.  item is completed in place with what
 * the ledger decided, or (XF_REG_UPDATED) is the item as corrected,
 * xf_ledger_errmsg() then naming the fields corrected.
 * When registered already, existing_id is set to the id that holds it
 * (borrowed until the next call).
 */
enum xf_register xf_ledger_register(xf_ledger *, xf_record *item,
		    unsigned flags, const char **existing_id);

/* What to select; NULL and -1 members select everything. */
struct xf_filter {
	const char	*id;
	const char	*ref;
	const char	*channel;
	const char	*source;
	const char	*lodged_level;
	const char	*status;
	const char	*unit;
	const char	*category;	/* prefix of the path */
	const char	*region;	/* prefix of the code */
	const char	*from;		/* received on or after this day */
	const char	*to;		/* received on or before this day */
	const char	*text;		/* in title or content */
	const char	*claim;		/* the 三到位一处理 class */
	const char	*risk;		/* "1", "2" or "3" */
	const char	*handler;	/* the responsible person, exactly */
	const char	*lead;		/* the lead official, exactly */
	/*
	 * A petitioner's items: by ID number (and the name and phone of
	 * those items where no ID number was taken), or by name and phone
	 * (and the ID numbers of those items); values as normalised.
	 */
	const char	*person_id;
	const char	*person_name;
	const char	*person_phone;	/* with person_name */
	int		 first;		/* 1 first items, 0 repeats */
	int		 collective;
	int		 skip_level;
	int		 key_case;	/* 1 key cases, 0 the others */
	/*
	 * 1 the cases with a visit (of any kind, any time) where the
	 * petitioner threatened to escalate, 0 the others.
	 */
	int		 threat;
	const char	*due_state;	/* on_time, due_soon, overdue, ... */
	int		 due_within;	/* due within this many days; -1 */
	long		 limit;		/* at most this many; -1 for all */
};

void		 xf_filter_init(struct xf_filter *);

typedef struct xf_cursor xf_cursor;

/* Items matching the filter, oldest first.  NULL on error. */
xf_cursor	*xf_ledger_select(xf_ledger *, const struct xf_filter *);
/* The events of one case, oldest first ("seq, at, actor, program, ..."). */
xf_cursor	*xf_ledger_history(xf_ledger *, const char *id);
/* 1 with the next row in r, 0 at the end, -1 on error (ledger's msg). */
int		 xf_cursor_next(xf_cursor *, xf_record *r);
void		 xf_cursor_free(xf_cursor *);
int		 xf_ledger_count(xf_ledger *, const struct xf_filter *,
		    int64_t *n);
/* 1 if an item with this id exists, 0 if not, -1 on error. */
int		 xf_ledger_exists(xf_ledger *, const char *id);
/*
 * The id of the case a user names as id: where the ledger has an office
 * (the settings', else the connection's: a PostgreSQL office's role)
 * and id has the form an office-less ledger numbers
 * (YYYYMMDD-NNNN: eight digits, '-', four or more), the office's
 * OFFICE-YYYYMMDD-NNNN, in buf; any other id as given (so the id of
 * another office's case too), as is one that does not fit in size (65
 * bytes hold any id of a ledger).
 */
const char	*xf_ledger_case_id(const xf_ledger *, const char *id,
		    char *buf, size_t size);

/*
 * A table of a ledger (xf-ledger(1) check): its rows, and a digest of
 * them that is the same in two ledgers holding the same rows, whatever
 * their stores and the order of the rows or columns (the office and a
 * row's place in its table aside).
 */
struct xf_census {
	const char	*table;
	int64_t		 rows;
	uint64_t	 digest;
};
/* Every table of the ledger, at most n: how many, or -1. */
int		 xf_ledger_census(xf_ledger *, struct xf_census *, int n);
/*
 * What is wrong in the ledger, as plain rows (problem, key): the
 * store's check of its own, then what xf never leaves (an event of no
 * case, an item with no register event, a repeat, merge, visit or
 * handling of no item, an event of no batch).  None: no row.
 */
xf_cursor	*xf_ledger_problems(xf_ledger *);
/*
 * Copy the whole ledger from into to, a ledger of either store, in one
 * transaction: every table, the voided items, the events, batches and
 * undo images.  Into an empty ledger every row keeps its number; into
 * one in use the case ids, refs and key persons are kept (one to holds
 * already refuses the copy), the batches and the rows' own numbers
 * (events, visits, documents, measures, contacts) go on after to's
 * largest, and the day's sequences are merged.  What each table of to
 * gained is checked against from's rows, renumbered (rows and digest),
 * before it commits.  0, or -1 with the message in to.  from then
 * includes the voided items.
 */
int		 xf_ledger_copy(xf_ledger *from, xf_ledger *to);

/* ------------------------------------------------------------------ */
/* Casework: the steps of a case (the state diagram of xf(7))          */

enum xf_action {
	XF_ACT_ACCEPT,		/* registered -> accepted (受理) */
	XF_ACT_TRANSFER,	/* -> transferred to a competent body (转送) */
	XF_ACT_REFUSE,		/* registered -> refused, with the route (不予受理) */
	XF_ACT_ASSIGN,		/* -> assigned: unit, handler, lead (交办) */
	XF_ACT_UNIT_ACCEPT,	/* the unit assigned accepts the case */
	XF_ACT_UNIT_DECLINE,	/* or declines it, with notice */
	XF_ACT_EXTEND,		/* assigned -> extended, once, <= 30 days (延期) */
	XF_ACT_ESCALATE,	/* the next rung of the mediation ladder */
	XF_ACT_REPLY,		/* assigned/extended -> replied (办结答复) */
	XF_ACT_REVIEW,		/* replied -> review, within 30 days (复查) */
	XF_ACT_REVIEW_REPLY,	/* review -> reviewed */
	XF_ACT_REREVIEW,	/* reviewed -> re-review, within 30 days (复核) */
	XF_ACT_HEARING,		/* re-review: a hearing pauses the clock (听证) */
	XF_ACT_REREVIEW_REPLY,	/* re-review -> final (三级终结) */
	XF_ACT_CLOSE,		/* -> closed, with a basis (结案销号) */
	XF_ACT_REOPEN		/* closed -> reopened, with a reason */
};

/* A step; members a step does not use are NULL or 0. */
struct xf_step {
	enum xf_action	 action;
	const char	*at;	  /* when it happened (any date form); NULL: now */
	const char	*unit;	  /* assign: the unit; transfer: the body */
	const char	*handler; /* assign: the responsible person */
	const char	*lead;	  /* assign: the lead official (包案领导) */
	const char	*reason;  /* refuse: the route; extend, reopen: why */
	const char	*result;  /* the answer of a reply (supported,
				     explained, not-supported), the basis
				     of a closure (xf-close(1)), or the rung
				     an escalation goes to (NULL: the next) */
	int		 days;	  /* extend, hearing */
	int		 simplified; /* accept, assign: simplified handling
				     (简易办理): the reply is due
				     simplified_days working days after the
				     acceptance, not reply_days */
	const char	*new_facts; /* accept: the new facts that let a
				     repeat of a final case be accepted */
};

void		 xf_step_init(struct xf_step *, enum xf_action);
/* The step's name ("accept", "re-review-reply", ...), for messages. */
const char	*xf_action_name(enum xf_action);

enum xf_applied {
	XF_APPLIED = 0,		/* done, and its event written */
	XF_ALREADY = 1,		/* the case already stands so: nothing written */
	XF_REFUSED = 2,		/* the case's state does not allow it */
	XF_STEP_ERROR = -1,	/* a runtime error */
	XF_STEP_CONFIG = -2	/* the settings cannot serve it (a holiday
				   calendar without the year): exit 3 */
};

/*
 * Apply a step to case id inside a batch.  item receives the case as it
 * stands afterwards (also when refused: as it stands).  When refused,
 * the message says why: "cannot close: no reply yet".
 */
enum xf_applied	 xf_ledger_step(xf_ledger *, const char *id,
		    const struct xf_step *, xf_record *item);

/* A returning visit (回访). */
struct xf_visit {
	const char	*at;		/* when (any date form); NULL: now */
	const char	*visitor;
	const char	*kind;		/* phone, in-person, three-party, lead */
	const char	*participants;
	const char	*outcome;	/* satisfied, basic, unsatisfied,
					   unreachable */
	const char	*notes;
	int		 threat;	/* threatened to escalate (扬言) */
};

/* Record a visit; XF_ALREADY when the same visit is there already. */
enum xf_applied	 xf_ledger_visit(xf_ledger *, const char *id,
		    const struct xf_visit *, xf_record *item);
/* The visits of a case, oldest first. */
xf_cursor	*xf_ledger_visits(xf_ledger *, const char *id);
/*
 * The handlings (办理轮次) of the cases the filter selects, in their
 * order, each case's oldest first; n > 0: only handling n, and only the
 * cases that have it.  A row: id, handling (1, 2, ...), reopened_at (the
 * reopening that began it; NULL for the first), then its status, unit,
 * decided_at, ... due, due_days (xf-record(5)), as it ended, or as it
 * stands for the handling in force.
 */
xf_cursor	*xf_ledger_handlings(xf_ledger *, const struct xf_filter *,
		    int n);
/*
 * What is owed, a row per case: id, owed ("visit", "lead-visit",
 * "three-party"), since (the day it became owed), unit, handler, lead.
 */
xf_cursor	*xf_ledger_visits_due(xf_ledger *);
/*
 * Closed cases that a later repeat asks to reopen: id, closed_at,
 * close_basis, repeat (the repeat's id), received_at (the repeat's).
 */
xf_cursor	*xf_ledger_reopen_due(xf_ledger *);
/* Open cases of a handler or lead (column "handler" or "lead"). */
int		 xf_ledger_load(xf_ledger *, const char *column,
		    const char *name, int64_t *n);

/* ------------------------------------------------------------------ */
/* Mending (xf-edit)                                                   */

enum xf_edit_op {
	XF_EDIT_SET,		/* correct fields: field[], value[] */
	XF_EDIT_VOID,		/* void an item entered by mistake */
	XF_EDIT_UNVOID,
	XF_EDIT_MERGE,		/* a duplicate of target: voided, linked */
	XF_EDIT_REPEAT_OF,	/* a repeat of target's chain */
	XF_EDIT_FIRST		/* a first item, heading its own chain */
};

struct xf_edit {
	enum xf_edit_op	 op;
	/*
	 * XF_EDIT_SET: n fields (names of xf-record(5), or visit.outcome,
	 * visit.notes, visit.visitor, visit.participants for the case's
	 * latest visit, or the one at visit_at) and their values ("" to
	 * clear one given at intake).
	 */
	const char *const *field;
	const char *const *value;
	int		 n;
	const char	*visit_at;
	const char	*target;	/* the other item's id */
	const char	*reason;	/* why: in the event */
};

/*
 * Mend case id inside a batch, with one event naming every old and new
 * value and the reason; item receives the case as it stands after.
 * XF_REFUSED with the reason in the message: a field xf works out, a
 * step's value not recorded in the handling in force, a masked value,
 * a voided case, a ref another item holds now.
 */
enum xf_applied	 xf_ledger_edit(xf_ledger *, const char *id,
		    const struct xf_edit *, xf_record *item);
/*
 * Undo batch n inside a batch of its own, for a reason: its
 * registrations voided
 * (their refs released), every item it changed put back as it stood
 * before, its visits and the handlings it kept removed.  each is called
 * with every case undone, as it stands after; a non-zero return stops.
 * -1 with the message (a batch already undone, a later batch that
 * changed the same cases: named), else the number of cases.
 */
int		 xf_ledger_undo_batch(xf_ledger *, int64_t n,
		    const char *reason, int (*each)(void *, const xf_record *),
		    void *arg);
/*
 * The batches, oldest first: batch, at, actor, program, args, files,
 * items (how many cases its events name), events (a JSON object: how
 * many of each action), undoes, undone_by, undone_at.
 */
xf_cursor	*xf_ledger_batches(xf_ledger *);

/* ------------------------------------------------------------------ */
/* Routing and rosters                                                 */

/*
 * A routing table (xf-assign(1) --routes): a CSV file, UTF-8, whose
 * header names the columns category, region and unit (or 内容分类,
 * 问题属地, 责任单位).  A row sends the cases under a path of the
 * catalogue in force (levels joined by '/'; empty for any) whose region
 * code starts with a prefix (digits; empty for any) to a unit.  NULL
 * with "file:line: reason" in err: an empty unit, a category not in the
 * catalogue, a region not of digits, a category and region given twice.
 */
struct xf_routes;

struct xf_routes *xf_routes_new(const char *path, const xf_settings *,
	    char *err, size_t errlen);
void	xf_routes_free(struct xf_routes *);
/*
 * The unit of the most specific row matching a case's category and
 * region (either NULL for none): the row matching the most category
 * levels, then the longest region prefix (no two rows have the same
 * category and region, so one row wins); NULL when no row matches.
 */
const char *xf_routes_match(const struct xf_routes *, const char *category,
	    const char *region);

/*
 * A roster (xf-assign(1) --roster): a CSV file, UTF-8, with the columns
 * unit, role and name (or 单位, 角色, 姓名); role is handler (具体责任人)
 * or lead (包案领导).  NULL with "file:line: reason" in err.
 */
struct xf_roster;

struct xf_roster *xf_roster_new(const char *path, char *err, size_t errlen);
void	xf_roster_free(struct xf_roster *);
/*
 * Of the unit's people of role ("handler" or "lead"), the one with the
 * fewest open cases in the ledger, the earlier in the file on a tie: a
 * person's counted once (xf_ledger_load()), then kept by the steps told
 * to xf_roster_stepped().  0 with *name set (borrowed from the roster),
 * 1 when the unit has nobody of that role, -1 on an error (the ledger's
 * message).
 */
int	xf_roster_pick(struct xf_roster *, xf_ledger *,
	    const char *unit, const char *role, const char **name);
/*
 * A step applied to a case, as it was before and is after: the open
 * cases of its handler and lead as the roster keeps them, moved.
 */
void	xf_roster_stepped(struct xf_roster *, const xf_record *before,
	    const xf_record *after);

/* ------------------------------------------------------------------ */
/* Statistics                                                          */

/* The period a summary is compared with. */
enum xf_compare {
	XF_COMPARE_YEAR,	/* the same days one year earlier (同比) */
	XF_COMPARE_PREVIOUS	/* as many days just before (环比) */
};

/*
 * The reports of xf-stats(1), as cursors of plain rows (see the page
 * for the measures and their definitions).  Days are "YYYY-MM-DD" in the
 * office's zone.  NULL on an error, with the reason in err.
 */
/*
 * measure, items, people, previous_items, previous_people, change_pct
 * (on items), people_change_pct
 */
xf_cursor	*xf_stats_summary(xf_ledger *, const xf_settings *,
		    const char *from, const char *to, enum xf_compare,
		    char *err, size_t errlen);
/*
 * Items, people and batches by dimensions (by: names joined by ',';
 * see xf_stats_dimension()), of the items the filter selects (only its
 * from, to, channel, category, region and status are used); a region
 * counts by its first region_digits digits.
 */
xf_cursor	*xf_stats_count(xf_ledger *, const xf_settings *,
		    const char *by, const struct xf_filter *,
		    int region_digits, char *err, size_t errlen);
/*
 * Items, people and batches of every day from f->from to f->to (both
 * needed), the days without an item too, with zeros; the other filters
 * as xf_stats_count().
 */
xf_cursor	*xf_stats_count_days(xf_ledger *, const xf_settings *,
		    const struct xf_filter *, char *err, size_t errlen);
/*
 * Items, people and batches by village (region:12) of every village of
 * the villages setting, those without an item too, with zeros: region,
 * name, listed (true), items, people, batches; then, listed false, the
 * places items have that are no village of the list: a code of 6 or 9
 * digits (an item placed only to the county or a township), another
 * code, or none (region empty).  The filters as xf_stats_count().
 */
xf_cursor	*xf_stats_count_villages(xf_ledger *, const xf_settings *,
		    const struct xf_filter *, char *err, size_t errlen);
/*
 * Whether name (len bytes) is a dimension of xf_stats_count(): 0 if not,
 * else the number of the column it prints, the same for two names of
 * one column (level and lodged_level, region and region:N).
 */
int		 xf_stats_dimension(const char *name, size_t len);
/*
 * stage (acceptance: the items overdue for their acceptance decision;
 * handling: the open cases of a unit; total), unit, open, due_soon,
 * overdue, very_overdue, extended, key_overdue.
 */
xf_cursor	*xf_stats_backlog(xf_ledger *, const xf_settings *,
		    char *err, size_t errlen);
/* The measures of one day (NULL: yesterday): date, measure, items, people. */
xf_cursor	*xf_stats_daily(xf_ledger *, const xf_settings *,
		    const char *day, char *err, size_t errlen);
/*
 * The rates of the period (rate, numerator, denominator, value, target,
 * open, settles; value NULL when the denominator is 0, target NULL when
 * none is set) of a named set (which: a set of the settings, "三率" and
 * "五率" built in; NULL or "all": every rate), counted as the cases stood
 * at the end of the period; by NULL, or a dimension of xf_stats_count()
 * whose column follows rate, a row per value.  A rate is open, and may
 * still change, until settles (a day), when the windows of its cases
 * have closed.
 */
xf_cursor	*xf_stats_rates(xf_ledger *, const xf_settings *,
		    const char *from, const char *to, const char *which,
		    const char *by, char *err, size_t errlen);
/*
 * xf_stats_rates() as it could have been computed at the time recorded
 * (a date, to its end, or a time, in any form of xf_time_parse()): from
 * the items registered by then and their fields as the events recorded
 * by then left them, each step and visit by the time it was recorded,
 * today being recorded's day.  by cannot be due_state.
 */
xf_cursor	*xf_stats_rates_recorded(xf_ledger *, const xf_settings *,
		    const char *from, const char *to, const char *which,
		    const char *by, const char *recorded, char *err,
		    size_t errlen);
/* Whether name is a set of rates of the settings ("all": every rate). */
int		 xf_stats_rate_set(const xf_settings *, const char *name);
/* The number of a rate of xf_stats_rates() by name (len bytes), or -1. */
int		 xf_stats_rate(const char *name, size_t len);
/* The Chinese name of a rate (及时受理率, ...), or NULL. */
const char	*xf_stats_rate_zh(const char *name);
/*
 * The Chinese name of a row's name in a report's column "measure"
 * (来访, ...), "rate" (满意率, ...) or "stage" (合计, ...), or NULL.
 */
const char	*xf_stats_zh(const char *column, const char *value);

/* ------------------------------------------------------------------ */
/* Charts                                                              */

/*
 * A chart of labelled values as one SVG element (chart.c), for reports
 * a person opens in a browser: bars across, one a label, or a line over
 * the labels in order.  Text is UTF-8 and XML-escaped; nothing outside
 * the element is referred to (no fonts, styles, scripts or links).
 */
enum xf_chart_kind {
	XF_CHART_BAR,
	XF_CHART_LINE
};

typedef struct xf_chart xf_chart;

/* unit follows each value ("%": the scale runs to 100); may be NULL. */
xf_chart	*xf_chart_new(enum xf_chart_kind, const char *title,
		    const char *unit);
/*
 * A point: label, value (a number as text; NULL or "": none, drawn as a
 * gap) and target (NULL or "": none, else a mark).  0, or -1 (memory,
 * or a value that is not a number).
 */
int		 xf_chart_add(xf_chart *, const char *label,
		    const char *value, const char *target);
/* The chart to fp as an <svg> element: 0, or -1 when writing failed. */
int		 xf_chart_svg(const xf_chart *, FILE *fp);
void		 xf_chart_free(xf_chart *);

/* ------------------------------------------------------------------ */
/* The papers of a case (xf-notice)                                    */

/* The documents a decision is handed to the petitioner in (文书). */
enum xf_doc {
	XF_DOC_ACCEPTANCE,	/* 受理告知书 */
	XF_DOC_REACCEPTANCE,	/* 重新受理告知书: a reopened case */
	XF_DOC_REFUSAL,		/* 不予受理告知书, with the legal route */
	XF_DOC_NOT_AGAIN,	/* 不再受理告知书: a repeat of a final case */
	XF_DOC_TRANSFER,	/* 转送告知书 */
	XF_DOC_EXTENSION,	/* 延期告知书, with the reason */
	XF_DOC_OPINION,		/* 信访事项处理意见书 */
	XF_DOC_REVIEW,		/* 复查意见书 */
	XF_DOC_REREVIEW,	/* 复核意见书 */
	XF_DOC_AGREEMENT,	/* 息诉息访协议书 */
	XF_DOC_RECEIPT,		/* 送达回执, of the document the case calls for */
	XF_DOC_COUNT
};

/* "acceptance", "re-acceptance", ... and back (-1: no such kind). */
const char	*xf_doc_name(enum xf_doc);
int		 xf_doc_parse(const char *name);
/* The document's Chinese title (受理告知书, ...). */
const char	*xf_doc_zh(enum xf_doc);
/*
 * The document a case's last decision calls for (a receipt never):
 * 0 with *doc, or -1 with *why (static) when it calls for none.
 */
int		 xf_doc_due(const xf_record *item, enum xf_doc *doc,
		    const char **why);
/*
 * NULL when the case has the decision doc hands out, else why not
 * (static): "no reply yet".
 */
const char	*xf_doc_unmet(const xf_record *item, enum xf_doc doc);
/*
 * "二〇二六年十二月五日" for the day of s (any form of xf_time_parse(),
 * zone tz); buf of 64 bytes at least.  NULL for a bad date.
 */
char		*xf_date_zh(const char *s, int tz, char *buf, size_t len);

/* A document issued: its number (文号) and its delivery (送达). */
struct xf_document {
	enum xf_doc	 kind;
	int		 handling;	/* 办理轮次, from 1 */
	char		 number[256];
	char		 issued_at[32];
	char		 delivered_at[32];	/* "" when not delivered */
	char		 method[16];		/* in-person, post, ... */
	int		 refused_to_sign;
	/* A receipt: the document it is the receipt of. */
	enum xf_doc	 of;
	char		 of_number[256];
};

/*
 * Issue document kind for case id inside a batch (XF_DOC_COUNT: the
 * one the case calls for, xf_doc_due(); a receipt: that of the
 * document the case calls for, which is issued too): the number in
 * force for the case's handling and the kind when there is one
 * (XF_ALREADY), else the next of the kind and year in the office's
 * pattern, with an event (XF_APPLIED); reason not NULL: a new number in
 * place of the one in force, with that reason.  XF_REFUSED with the
 * message when the case has no such decision.  item receives the case.
 */
enum xf_applied	 xf_ledger_issue(xf_ledger *, const char *id, enum xf_doc,
		    const char *reason, xf_record *item,
		    struct xf_document *doc);
/*
 * Record the delivery of the document of kind in force for the case's
 * handling: at (a date), method (in-person, post, online,
 * announcement), refused_to_sign; an event.  XF_ALREADY when so
 * recorded, XF_REFUSED when the document was not issued or was
 * delivered otherwise.  item receives the case.
 */
enum xf_applied	 xf_ledger_deliver(xf_ledger *, const char *id, enum xf_doc,
		    const char *at, const char *method, int refused_to_sign,
		    xf_record *item);
/*
 * The papers the cases' decisions call for that are not issued, or
 * issued and not delivered: id, handling, document, state ("not
 * issued", "not delivered"), number, issued_at.
 */
xf_cursor	*xf_ledger_documents_owed(xf_ledger *);
/*
 * The decisions not delivered (issued or not): the rows of
 * xf_ledger_documents_owed() but receipts.
 */
xf_cursor	*xf_ledger_undelivered(xf_ledger *);

/* ------------------------------------------------------------------ */
/* Measures against unlawful petitioning (依法处理)                     */

enum xf_measure_kind {
	XF_MEASURE_ADMONITION,	/* 训诫 */
	XF_MEASURE_DETENTION,	/* 行政拘留, 治安处罚 */
	XF_MEASURE_ARREST,	/* 逮捕, 刑事强制措施 */
	XF_MEASURE_OTHER,	/* 其他 */
	XF_MEASURE_COUNT
};

/* The token of a kind ("admonition", ...), its Chinese word; NULL. */
const char	*xf_measure_kind(int kind);
const char	*xf_measure_zh(int kind);
/* The kind named by a token or a Chinese word (len bytes), or -1. */
int		 xf_measure_parse(const char *s, size_t len);

/* A measure taken on a case. */
struct xf_lawful {
	enum xf_measure_kind kind;
	const char	*at;		/* the day (any date form); NULL: today */
	long		 people;	/* the persons it concerned, 1 or more */
	const char	*notes;
};

/*
 * Record a measure on case id inside a batch, with an event "measure":
 * XF_ALREADY when the case has one of the kind on the day; XF_REFUSED
 * with the message for a voided case, a day in the future or before
 * the item was received, fewer than one person.  item receives the
 * case.
 */
enum xf_applied	 xf_ledger_measure(xf_ledger *, const char *id,
		    const struct xf_lawful *, xf_record *item);
/* The measures of a case: id, handling, kind, at, people, notes. */
xf_cursor	*xf_ledger_measures(xf_ledger *, const char *id);

/* ------------------------------------------------------------------ */
/* Key persons (重点人员): the registry, contacts, contacts owed        */

/* The five duties (五包), in this order. */
enum xf_duty {
	XF_DUTY_RECEPTION,	/* 包接待 */
	XF_DUTY_COORDINATION,	/* 包协调 */
	XF_DUTY_HANDLING,	/* 包处理 */
	XF_DUTY_SETTLEMENT,	/* 包息访 */
	XF_DUTY_CONTROL,	/* 包稳控: the official who keeps contact */
	XF_DUTY_COUNT
};

/* The column of a duty ("duty_reception", ...), its Chinese name. */
const char	*xf_duty_name(int duty);
const char	*xf_duty_zh(int duty);

/* A key person as given; NULL: not given (kept as it is). */
struct xf_person {
	const char	*name;
	const char	*id_number;
	const char	*phone;
	const char	*grade;		/* 1, 2, 3, 一级, 二级, 三级 */
	const char	*categories;	/* separated by 、 , ; / or spaces */
	const char	*unit;		/* 责任单位 */
	const char	*lead;		/* 包案领导 */
	const char	*duty[XF_DUTY_COUNT];
};

/*
 * Register a person inside a batch (event "person-register"), or, one
 * with the same ID number (else name and phone) there already, change
 * the values given that differ (event "person-update"; XF_ALREADY when
 * none does); its id ("P17") into id.  XF_REFUSED with the message for
 * a bad value, a category not in the settings, no way to tell who it
 * is, no grade for a new one.
 */
enum xf_applied	 xf_ledger_person(xf_ledger *, const struct xf_person *,
		    char *id, size_t idlen);

/* A contact made with a key person (见面). */
struct xf_contact {
	const char	*at;		/* when (any date form); NULL: now */
	const char	*official;	/* NULL: the person's 包稳控, else lead */
	const char	*how;
	const char	*notes;
};

/*
 * Record a contact with person id inside a batch (event "contact");
 * XF_ALREADY when the same one is there.
 */
enum xf_applied	 xf_ledger_contact(xf_ledger *, const char *id,
		    const struct xf_contact *);
/*
 * The registry (id NULL), or one person: id, name, id_number, phone,
 * grade, categories, unit, lead, the duties' officials, registered_at,
 * last_contact, items (the live items of the same ID number, else name
 * and phone).
 */
xf_cursor	*xf_ledger_persons(xf_ledger *, const char *id);
/* The person of an item (the same ID number, else name and phone). */
xf_cursor	*xf_ledger_person_of(xf_ledger *, const char *item);
/* The contacts of a person: id, at, official, how, notes. */
xf_cursor	*xf_ledger_person_contacts(xf_ledger *, const char *id);
/* The events of a person: id, at, actor, program, action, details, batch. */
xf_cursor	*xf_ledger_person_history(xf_ledger *, const char *id);
/*
 * The contacts owed now, by official: official, id, name, grade,
 * categories, last_contact, due, period ("normal", or the sensitive
 * period in force).
 */
xf_cursor	*xf_ledger_contacts_owed(xf_ledger *);

/*
 * A template of a document: HTML with {{name}} placeholders, name a
 * field of xf-record(5) (English or its Chinese column name), an office
 * setting, or a name of the document (xf-notice(1) PLACEHOLDERS).
 */
typedef struct xf_template xf_template;

/*
 * The office's template of kind (KIND.html in the settings'
 * template_dir, when it has one) or the built-in one.  NULL with the
 * reason in err: "acceptance.html:12: unknown placeholder 'foo'".
 */
xf_template	*xf_template_new(const xf_settings *, enum xf_doc,
		    char *err, size_t errlen);
/* A template from text; name stands for the file in messages. */
xf_template	*xf_template_parse(const char *text, size_t len,
		    const char *name, char *err, size_t errlen);
void		 xf_template_free(xf_template *);
/*
 * The document filled in for a case, HTML-escaped, as a section that
 * begins a new page, to fp (personal
 * data whole: the document is the petitioner's): 0, or -1 when
 * writing failed.
 */
int		 xf_template_html(const xf_template *, const xf_settings *,
		    const xf_record *item, const struct xf_document *,
		    FILE *fp);
/*
 * The value of placeholder name (len bytes) for a case and document,
 * as text (an enumerated value as its Chinese word, a date as
 * 2018年1月15日); "" when the case has none; NULL when name is no
 * placeholder (item NULL: only that is told).  Valid until the next
 * call with the same buf.
 */
const char	*xf_placeholder(const xf_settings *, const xf_record *item,
		    const struct xf_document *, const char *name, size_t len,
		    char *buf, size_t buflen);
/*
 * An office's .docx template (its 红头 document): word/document.xml's
 * paragraphs with {{name}} placeholders as xf_template's, found even
 * when Word split them across runs of text.  NULL with the reason in
 * err: not a .docx, or "opinion.docx:3: unknown placeholder 'x'", the
 * number that of the paragraph.
 */
typedef struct xf_docx xf_docx;

xf_docx		*xf_docx_open(const char *path, char *err, size_t errlen);
/*
 * The document filled in for a case, after those added before, on a
 * new page; 0, or -1 with err.
 */
int		 xf_docx_add(xf_docx *, const xf_settings *,
		    const xf_record *item, const struct xf_document *,
		    char *err, size_t errlen);
/* The .docx of the cases added to fp; 0, or -1 with err. */
int		 xf_docx_write(xf_docx *, FILE *fp, char *err, size_t errlen);
/* Forget the cases added. */
void		 xf_docx_reset(xf_docx *);
void		 xf_docx_free(xf_docx *);

/*
 * The page around the documents of a run, each of which begins a new
 * page: head (A4, margins, CJK fonts) and end; 0, or -1.
 */
int		 xf_html_begin(FILE *fp, const char *title);
int		 xf_html_end(FILE *fp);

/* The office's settings of the documents (xf(7) SETTINGS): or NULL. */
const char	*xf_settings_doc(const xf_settings *, const char *key);

/* ------------------------------------------------------------------ */
/* The learned classifier                                              */

/*
 * A linear classifier over the hashed character n-grams of a UTF-8
 * text (model.c): TF-IDF features, a linear SVM, and a confidence made
 * a probability by a fitted temperature.  Chinese needs no word
 * segmentation.  A model keeps the examples it learned (about 1 KB
 * each) and trains at the first prediction or save after a change;
 * training and prediction are deterministic.  A loaded model predicts
 * but cannot learn.  A model is used by one thread at a time, even to
 * predict.
 */
typedef struct xf_model xf_model;

xf_model	*xf_model_new(void);
void		 xf_model_free(xf_model *);
/*
 * Learn one example: its label (UTF-8, 1 to 1,024 bytes; at most 1,024
 * labels) and its text (NULL if len is 0; for an item, the title and
 * the content with a newline between).  0, or -1 for a bad label, one
 * label too many, or no memory, and nothing learned.
 */
int		 xf_model_learn(xf_model *, const char *label,
		    const char *text, size_t len);
/*
 * Forget one example learned before, exactly (for cross-validation:
 * the model of every fold but one).  0, or -1 and the model unchanged
 * if it was not learned (or the model was loaded).  An example ranked
 * out of the sample (below) was never held: forgetting it is 0.
 */
int		 xf_model_unlearn(xf_model *, const char *label,
		    const char *text, size_t len);
/*
 * The number of examples held (those it trains on), and of labels that
 * have examples.  A model holds at most 64 MB of examples (4 bytes a
 * distinct gram of a text, and 64 bytes an example besides;
 * xf_model_budget() sets another bound, letting go of examples at once
 * if it must); past that, a
 * sample by a hash of each example, the same whatever the order they
 * were learned in: xf_model_left_out() counts the examples learned and
 * not held.
 */
size_t		 xf_model_examples(const xf_model *);
size_t		 xf_model_labels(const xf_model *);
uint64_t	 xf_model_left_out(const xf_model *);
void		 xf_model_budget(xf_model *, size_t bytes);
/*
 * The most probable label of a text (borrowed from the model), with its
 * posterior probability from 0 to 1 in *confidence (when not NULL);
 * NULL when the model has no examples (or no memory).  Ties go to the
 * label that sorts first (strcmp).  The first prediction after learning
 * or forgetting trains the model again (seconds for thousands of
 * examples): change a model in batches, not one example between two
 * predictions.
 */
const char	*xf_model_predict(const xf_model *, const char *text,
		    size_t len, double *confidence);
/*
 * The labels of one text by n models at once, in labels[i] and
 * confidence[i] (when confidence is not NULL) as xf_model_predict()
 * gives each (NULL for a NULL model): the text's grams made once.
 */
void		 xf_model_predict_n(const xf_model *const *models, size_t n,
		    const char *text, size_t len, const char **labels,
		    double *confidence);
/*
 * The model as bytes (malloc'd, in *data and *len): 0, or -1 (memory).
 * The same examples, learned in any order, give the same bytes.
 */
int		 xf_model_save(const xf_model *, void **data, size_t *len);
/* A model from xf_model_save()'s bytes; NULL with the reason in err. */
xf_model	*xf_model_load(const void *data, size_t len, char *err,
		    size_t errlen);

/* ------------------------------------------------------------------ */
/* Classification (xf-classify)                                        */

/* The fields xf-classify sets. */
enum xf_cfield {
	XF_C_CATEGORY, XF_C_PURPOSE, XF_C_CLAIM, XF_C_RISK, XF_C_KEY_CASE,
	XF_C_COUNT
};
/* The item field (XF_F_*) of a classification field, and back; -1. */
int		 xf_cfield_field(enum xf_cfield);
int		 xf_cfield_of(int field);

/*
 * Who set a classification value.  A source replaces a value set by a
 * source of its rank or below (a person's value only by a person),
 * unless forced.  A value with no recorded source is a person's.
 */
enum xf_source { XF_SRC_NONE, XF_SRC_MODEL, XF_SRC_RULE, XF_SRC_PERSON };
/* "model", "rule", "person" ("none"); and back (XF_SRC_NONE if none). */
const char	*xf_source_name(enum xf_source);
enum xf_source	 xf_source_parse(const char *);

/*
 * The canonical form of a value of a classification field (XF_F_*)
 * given as text: a catalogue path of any level, a token or its Chinese
 * word, a risk 1-3 (低/中/高), a boolean.  0 with the value in out, or
 * -1 with the reason in err (for a category not in the catalogue, the
 * nearest ones).
 */
int		 xf_class_value(const xf_settings *, int field, const char *s,
		    char *out, size_t outlen, char *err, size_t errlen);

/*
 * Keyword rules (xf-classify(1) RULES): priority, pattern and field
 * values, a rule a line.  NULL with "file:line: reason" in err.
 */
typedef struct xf_rules xf_rules;

xf_rules	*xf_rules_new(const char *path, const xf_settings *,
		    char *err, size_t errlen);
/* The same from text in memory; name stands for the file in messages. */
xf_rules	*xf_rules_parse(const char *text, size_t len, const char *name,
		    const xf_settings *, char *err, size_t errlen);
void		 xf_rules_free(xf_rules *);
size_t		 xf_rules_count(const xf_rules *);

/* The rule that gave a field its value (all NULL when none did). */
struct xf_rule_hit {
	const char	*value;		/* canonical */
	const char	*rule;		/* "file:line" */
	const char	*pattern;	/* as written */
	int		 priority;
};

/*
 * The values the rules give a title and content (either NULL): for each
 * field, the matching rule of highest priority, the earlier line on a
 * tie.  The number of fields given.  Strings are borrowed from the
 * rules; matching uses scratch space in them (one thread at a time).
 */
int		 xf_rules_match(xf_rules *, const char *title, size_t tlen,
		    const char *content, size_t clen,
		    struct xf_rule_hit hits[XF_C_COUNT]);

/* What classifying a case applies, in this order of precedence. */
struct xf_classifier {
	const char	*set[XF_C_COUNT];	/* a person's values, canonical */
	xf_rules	*rules;			/* or NULL */
	const xf_model	*model[2];		/* category levels 1, 2; NULL */
	const xf_model	*fields[XF_C_COUNT];	/* the others' models; NULL */
	double		 min_confidence;	/* below: left for a person */
	int		 force;			/* replace a person's values */
};

/* What classifying one case did. */
struct xf_class_result {
	int		 changed[XF_C_COUNT];	/* this run changed it */
	int		 kept[XF_C_COUNT];	/* a stronger source's value kept */
	enum xf_source	 source[XF_C_COUNT];	/* who set it, as it stands */
	const char	*value[XF_C_COUNT];	/* what this run proposed */
	const char	*why[XF_C_COUNT];	/* the rule that fired */
	const char	*pattern[XF_C_COUNT];	/* its pattern */
	int		 asked;			/* the model was asked */
	int		 left;			/* not confident: for a person */
	const char	*guess;			/* its best label, or NULL */
	double		 confidence;		/* of the guess */
	double		 conf[XF_C_COUNT];	/* of a model's value[] */
};

/*
 * Classify case id inside a batch: XF_APPLIED with an event when a
 * value or its source changed, XF_ALREADY when nothing did, XF_REFUSED
 * when there is no such case.  item receives the case as it stands.
 */
enum xf_applied	 xf_ledger_classify(xf_ledger *, const char *id,
		    struct xf_classifier *, xf_record *item,
		    struct xf_class_result *);

/* The fold (0 to k-1) of an item id in k-fold cross-validation. */
int		 xf_fold(const char *id, int k);
/*
 * The items with a classification field a person set: rows of id,
 * title, content, category, purpose, claim, risk and key_case (each ""
 * unless a person set it), oldest first; with k > 0 only those of fold
 * (of k).
 */
xf_cursor	*xf_ledger_training(xf_ledger *, int k, int fold);
/* Store a model under name, inside a batch: 0, or -1. */
int		 xf_ledger_model_put(xf_ledger *, const char *name,
		    const xf_model *);
/* Remove the model stored under name, inside a batch: 1, 0 none, -1. */
int		 xf_ledger_model_drop(xf_ledger *, const char *name);
/*
 * The model stored under name: 1 with *model (the caller's, to free)
 * and when it was trained (buf of 32 bytes) on how many examples; 0
 * when there is none; 2 when it is of an earlier version, not read (to
 * learn again; the ledger's message says so); -1 on an error (the
 * ledger's message).
 */
int		 xf_ledger_model_get(xf_ledger *, const char *name,
		    xf_model **model, char *trained_at, size_t len,
		    int64_t *examples);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif

#endif /* XF_H */
