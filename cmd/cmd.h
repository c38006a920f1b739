/*
 * cmd.h - what every xf program shares: the common options, messages,
 * opening the settings and the ledger, the output, progress
 */
#ifndef XF_CMD_H
#define XF_CMD_H

#include <getopt.h>
#include <stdint.h>

#include "xf.h"

/* Long options every program takes; values above any short option. */
enum {
	OPT_ACTOR = 256, OPT_BOM, OPT_CONFIG, OPT_DB, OPT_ENCODING,
	OPT_HEADER, OPT_INPUT_FORMAT, OPT_LANG, OPT_REVEAL, OPT_VERSION,
	OPT_REJECT, OPT_RAW_CSV, OPT_SHEET, OPT_ALL_SHEETS, OPT_HEADER_ROW,
	OPT_FIRST_PROGRAM_OPTION
};

#define CMD_OPTIONS \
	{ "actor", required_argument, NULL, OPT_ACTOR }, \
	{ "bom", no_argument, NULL, OPT_BOM }, \
	{ "config", required_argument, NULL, OPT_CONFIG }, \
	{ "db", required_argument, NULL, OPT_DB }, \
	{ "format", required_argument, NULL, 'f' }, \
	{ "header", required_argument, NULL, OPT_HEADER }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "lang", required_argument, NULL, OPT_LANG }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "raw-csv", no_argument, NULL, OPT_RAW_CSV }, \
	{ "reveal", no_argument, NULL, OPT_REVEAL }, \
	{ "version", no_argument, NULL, OPT_VERSION }

/* Options of programs that read records. */
#define CMD_INPUT_OPTIONS \
	{ "encoding", required_argument, NULL, OPT_ENCODING }, \
	{ "input-format", required_argument, NULL, OPT_INPUT_FORMAT }, \
	{ "sheet", required_argument, NULL, OPT_SHEET }, \
	{ "all-sheets", no_argument, NULL, OPT_ALL_SHEETS }, \
	{ "header-row", required_argument, NULL, OPT_HEADER_ROW }

/* Options of programs that write to the ledger. */
#define CMD_WRITE_OPTIONS \
	{ "dry-run", no_argument, NULL, 'n' }, \
	{ "keep-going", no_argument, NULL, 'k' }, \
	{ "reject", required_argument, NULL, OPT_REJECT }

struct cmd {
	char		**argv;		/* as main() was given them */
	const char	*prog;
	const char	*usage;		/* the SYNOPSIS, after the name */
	const char	*config;
	const char	*db;
	const char	*actor;
	const char	*encoding;
	char		**sheets;	/* --sheet, in order */
	int		 nsheets;
	int		 all_sheets;
	long		 header_row;	/* --header-row, or 0 */
	const char	*reject;
	enum xf_format	 input_format;
	enum xf_format	 format;
	unsigned	 wflags;	/* enum xf_writer_flag */
	int		 dry_run;
	int		 keep_going;
	int		 no_input;	/* a batch that reads no records */
	xf_settings	*set;
	xf_ledger	*ledger;
	xf_writer	*out;
	const char	*output;	/* -o FILE, or NULL: standard output */
	const char *const *percent;	/* plain columns of percentages */
	int		 hold_output;	/* -o: renamed by cmd_batch_end() */
	int		 real_stdout;	/* a batch's standard output, spooled */
	int		 out_gone;	/* the reader of stdout went away */
	uint64_t	 progress_at;	/* ms of the last progress line */
};

/*
 * Set up: the arguments (to run the program again), program name,
 * SIGPIPE, the run-time library check.
 */
void	cmd_init(struct cmd *, char *argv[], const char *prog,
	    const char *usage);
/*
 * Handle a common option; 1 if it was one, 0 if not.  Exits with a
 * usage error on a bad value, and after --help or --version.
 */
int	cmd_option(struct cmd *, int c, const char *arg);
/* Exit with status 2 after a message and the usage line. */
void	cmd_usage_error(struct cmd *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), noreturn));
/*
 * The number arg of option opt ("--folds"), from lo to hi, or exit with
 * a usage error: "--folds 'x': not " what ("a number from 2 to 100").
 */
long	cmd_number(struct cmd *, const char *opt, const char *arg, long lo,
	    long hi, const char *what);
/* "prog: message" on standard error. */
void	cmd_warn(const struct cmd *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	cmd_die(const struct cmd *, int status, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4), noreturn));

/*
 * Load the settings (--config, $XF_CONFIG) or exit 3.  Then, the options
 * read, standard output is made ready: with -o FILE, a new file (mode
 * 0600) in FILE's directory that cmd_finish() renames to FILE and that
 * is removed if the program fails; -f xlsx for a terminal is a usage
 * error.
 */
void	cmd_settings(struct cmd *);
/* Open the ledger (--db, $XF_DB, xf.db) or exit 1. */
void	cmd_ledger(struct cmd *, unsigned flags);
/*
 * The writer for standard output in the chosen format (a plain writer's
 * columns of percentages: c->percent).
 */
void	cmd_output(struct cmd *, int plain);
/*
 * Write a record to standard output.  0, or -1 when the output failed
 * for a reason other than a reader that went away (then out_gone is
 * set and later records are dropped quietly).
 */
int	cmd_put(struct cmd *, const xf_record *);
/*
 * After a write to standard output failed (errno set, or the writer's
 * message): 0 for a reader that went away (out_gone set), else -1 with
 * a message.
 */
int	cmd_output_failed(struct cmd *);
/*
 * Print the rows of a cursor (taken over; NULL after a ledger error
 * dies with the ledger's message) with a plain writer; the exit status.
 */
int	cmd_print(struct cmd *, xf_cursor *);
/* A usage error unless date is NULL or a date in a form xf-record(5) takes. */
void	cmd_check_date(struct cmd *, const char *opt, const char *date);
/*
 * A file the program writes itself (--reject): created, or truncated
 * and made, mode 0600 whatever the umask, as it may hold personal data;
 * exits 1 when it cannot.
 */
FILE	*cmd_create_private(const struct cmd *, const char *path);
/*
 * Finish and flush standard output, and with -o put the file in place
 * (in a batch, cmd_batch_end() does once the ledger has committed); 0,
 * or -1 after a message.
 */
int	cmd_finish(struct cmd *);
/* Release everything. */
void	cmd_free(struct cmd *);

/*
 * The batch of a program that writes to the ledger: every record of the
 * inputs in one transaction, all or nothing unless --keep-going (then a
 * savepoint around each record); bad records reported, and kept in
 * --reject FILE in the format of their input.
 */
struct cmd_batch {
	struct cmd	*c;
	xf_record	*in;		/* the record read */
	xf_record	*item;		/* the item or case after the step */
	xf_reader	*reader;
	int		 file_no;	/* which input, from 1 */
	FILE		*reject_fp;
	xf_writer	*reject;
	long		 records;
	long		 done;		/* registered, or steps applied */
	long		 already;	/* duplicates, or steps already so */
	long		 updated;	/* items corrected (xf-intake --update) */
	long		 rejected;
	int		 failed;	/* a runtime error: roll back */
	char		 where[512];	/* of cmd_where() */
	char		 taken_where[512];	/* of the last record taken, */
	char		 taken_id[128];		/* and its item */
	char		 id[128];	/* of cmd_record_id() */
};

/*
 * What a program does with one record: 0 taken, 1 skipped, -1 rejected
 * (after cmd_reject).  A runtime error sets b->failed.
 */
typedef int cmd_take_fn(struct cmd_batch *, void *arg);

/*
 * Open the ledger and the output, begin the batch; the inputs (argc,
 * argv as for cmd_batch_read) tell whether standard input is read.
 * Standard output goes to an unlinked temporary file until the batch
 * ends, so that only what the ledger kept is printed.
 */
void	cmd_batch_begin(struct cmd_batch *, struct cmd *, int argc,
	    char *argv[]);
/* Read the files (standard input when none), calling take for each record. */
void	cmd_batch_read(struct cmd_batch *, int argc, char *argv[],
	    cmd_take_fn *take, void *arg);
/*
 * Where the record read came from, for a message: "file:17", or in a
 * workbook "file: sheet!F23" (the cell of field; -1: "file: sheet: row
 * 23"); valid until the next call.  When the ledger's error is of a
 * write of the last record taken (xf_ledger_err_item()), that record's.
 */
const char *cmd_where(struct cmd_batch *, int field);
/*
 * A record that cannot be taken: "where: why" (the cell of the field
 * why begins with), and --reject.
 */
void	cmd_reject(struct cmd_batch *, const char *why);
/*
 * A record taken already: "where: why, skipped", where names the cell
 * of the field why begins with; counted.
 */
void	cmd_skip(struct cmd_batch *, const char *why);
/*
 * Commit, or roll back (what: "registered", "changed"); then print
 * what the batch printed if it was kept (or was a dry run), else
 * nothing; the exit status.
 */
int	cmd_batch_end(struct cmd_batch *, const char *what);
/*
 * The step programs' take: apply st to the case the record names
 * (its id), print the case as it stands after.
 */
int	cmd_take_step(struct cmd_batch *, const struct xf_step *st);
int	cmd_take_visit(struct cmd_batch *, const struct xf_visit *v);
/*
 * The id of the case the record names, with the office of the settings
 * when it has none (xf_ledger_case_id()), or NULL after rejecting the
 * record.
 */
const char *cmd_record_id(struct cmd_batch *);
/*
 * What a step left (rc of an xf_ledger_step() and the like): count and
 * print the case, reject the record, or fail the batch.  0 applied,
 * 1 already so, -1 not.
 */
int	cmd_applied(struct cmd_batch *, const char *id, enum xf_applied rc);
/* The same, counted, the case not printed. */
int	cmd_counted(struct cmd_batch *, const char *id, enum xf_applied rc);

/* A line of progress on a terminal, at most twice a second. */
void	cmd_progress(struct cmd *, const xf_reader *, long records);
void	cmd_progress_end(struct cmd *);

#endif
