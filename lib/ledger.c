/*
 * ledger.c - the ledger: one SQLite file holding the items and the event
 * log.  All of the toolkit's SQL lives here.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "xf-private.h"

/* The schema version this library writes (PRAGMA user_version). */
#define SCHEMA_VERSION	1

/* Each step of the schema, from version N-1 to N; index N-1. */
static const char *const migrations[] = {
	/* 1: the items, the event log, the daily id sequence */
	"CREATE TABLE items ("
	"  id TEXT NOT NULL UNIQUE,"
	"  ref TEXT UNIQUE,"
	"  received_at TEXT NOT NULL,"
	"  channel TEXT,"
	"  source TEXT NOT NULL,"
	"  lodged_level TEXT NOT NULL,"
	"  irregular INTEGER NOT NULL,"
	"  name TEXT,"
	"  id_number TEXT,"
	"  phone TEXT,"
	"  address TEXT,"
	"  people INTEGER NOT NULL,"
	"  \"first\" INTEGER NOT NULL,"
	"  repeat_of TEXT REFERENCES items(id),"
	"  region TEXT,"
	"  title TEXT,"
	"  content TEXT,"
	"  purpose TEXT,"
	"  category TEXT,"
	"  collective INTEGER NOT NULL,"
	"  joint_letter INTEGER NOT NULL,"
	"  skip_level INTEGER NOT NULL,"
	"  status TEXT NOT NULL,"
	"  unit TEXT,"
	"  registered_at TEXT NOT NULL,"
	"  extra TEXT"
	");"
	"CREATE INDEX items_received ON items(received_at);"
	"CREATE INDEX items_id_number ON items(id_number, received_at)"
	"  WHERE id_number IS NOT NULL;"
	"CREATE INDEX items_name_phone ON items(name, phone, received_at)"
	"  WHERE phone IS NOT NULL;"
	"CREATE TABLE events ("
	"  seq INTEGER PRIMARY KEY,"
	"  item TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  program TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  details TEXT"
	");"
	"CREATE INDEX events_item ON events(item);"
	"CREATE TRIGGER events_never_changed BEFORE UPDATE ON events"
	"  BEGIN SELECT RAISE(ABORT, 'events are never changed'); END;"
	"CREATE TRIGGER events_never_deleted BEFORE DELETE ON events"
	"  BEGIN SELECT RAISE(ABORT, 'events are never deleted'); END;"
	"CREATE TABLE day_seq ("
	"  day TEXT PRIMARY KEY,"
	"  n INTEGER NOT NULL"
	") WITHOUT ROWID;"
};

/* The statements a batch uses for every item, prepared once. */
enum stmt {
	S_INSERT, S_EVENT, S_BY_REF, S_EXISTS, S_NEXT_SEQ, S_BY_ID_NUMBER,
	S_BY_NAME_PHONE, S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
	[S_INSERT] = "INSERT INTO items (id, ref, received_at, channel,"
	    " source, lodged_level, irregular, name, id_number, phone,"
	    " address, people, \"first\", repeat_of, region, title, content,"
	    " purpose, category, collective, joint_letter, skip_level,"
	    " status, unit, registered_at, extra) VALUES (?1, ?2, ?3, ?4,"
	    " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
	    " ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
	[S_EVENT] = "INSERT INTO events (item, at, actor, program, action,"
	    " details) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[S_BY_REF] = "SELECT id FROM items WHERE ref = ?1",
	[S_EXISTS] = "SELECT 1 FROM items WHERE id = ?1",
	[S_NEXT_SEQ] = "INSERT INTO day_seq (day, n) VALUES (?1, 1)"
	    " ON CONFLICT (day) DO UPDATE SET n = n + 1 RETURNING n",
	[S_BY_ID_NUMBER] = "SELECT id, repeat_of FROM items"
	    " WHERE id_number = ?1 AND received_at >= ?2"
	    " AND received_at <= ?3 AND " "IFNULL(substr(category, 1,"
	    " instr(category || '/', '/') - 1), '') = ?4"
	    " ORDER BY received_at DESC LIMIT 1",
	[S_BY_NAME_PHONE] = "SELECT id, repeat_of FROM items"
	    " WHERE name = ?1 AND phone = ?2 AND received_at >= ?3"
	    " AND received_at <= ?4 AND IFNULL(substr(category, 1,"
	    " instr(category || '/', '/') - 1), '') = ?5"
	    " AND (?6 IS NULL OR id_number IS NULL)"
	    " ORDER BY received_at DESC LIMIT 1",
};

struct xf_ledger {
	sqlite3			*db;
	const xf_settings	*set;
	sqlite3_stmt		*stmt[S_COUNT];
	char			*actor;
	char			*program;
	char			 now[32];	/* the batch's time */
	char			 existing[72];	/* id holding a ref */
	char			 msg[512];
};

struct xf_cursor {
	xf_ledger	*l;
	sqlite3_stmt	*stmt;
	int		 items;		/* rows are items, else events */
};

static void
seterr(xf_ledger *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
seterr(xf_ledger *l, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(l->msg, sizeof l->msg, fmt, ap);
	va_end(ap);
}

/* The SQLite error as the ledger's message; always -1. */
static int
dberr(xf_ledger *l, const char *what)
{
	int	 code = sqlite3_extended_errcode(l->db);

	if (code == SQLITE_FULL || code == SQLITE_IOERR_WRITE ||
	    code == SQLITE_IOERR_FSYNC)
		seterr(l, "%s: %s (is the disk full?)", what,
		    sqlite3_errmsg(l->db));
	else if ((code & 0xff) == SQLITE_BUSY)
		seterr(l, "%s: the ledger is locked by another writer "
		    "(waited %d ms)", what, xf_settings_busy_ms(l->set));
	else
		seterr(l, "%s: %s", what, sqlite3_errmsg(l->db));
	return -1;
}

static int
exec(xf_ledger *l, const char *sql, const char *what)
{
	if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return dberr(l, what);
	return 0;
}

/*
 * Changing the journal mode takes a lock that SQLite does not wait for:
 * retry while another process holds it, up to the busy timeout.
 */
static int
exec_waiting(xf_ledger *l, const char *sql, const char *what)
{
	struct timespec	 pause = { 0, 10 * 1000 * 1000 };
	int		 waited = 0, rc;

	while ((rc = sqlite3_exec(l->db, sql, NULL, NULL, NULL)) != SQLITE_OK &&
	    (rc & 0xff) == SQLITE_BUSY && waited < xf_settings_busy_ms(l->set)) {
		nanosleep(&pause, NULL);
		waited += 10;
	}
	return rc == SQLITE_OK ? 0 : dberr(l, what);
}

static int
user_version(xf_ledger *l, int *v)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(l->db, "PRAGMA user_version", -1, &s,
	    NULL) != SQLITE_OK)
		return dberr(l, "reading the schema version");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : dberr(l, "reading the schema version");
}

/* Bring the schema up to SCHEMA_VERSION, one transaction a step. */
static int
migrate(xf_ledger *l)
{
	char	 sql[64];
	int	 v;

	if (user_version(l, &v) == -1)
		return -1;
	if (v > SCHEMA_VERSION) {
		seterr(l, "the ledger's schema (version %d) is newer than "
		    "this xf knows (%d): upgrade xf", v, SCHEMA_VERSION);
		return -1;
	}
	while (v < SCHEMA_VERSION) {
		if (exec(l, "BEGIN IMMEDIATE", "migrating the ledger") == -1)
			return -1;
		/* Another process may have migrated while we waited. */
		if (user_version(l, &v) == -1)
			goto fail;
		if (v >= SCHEMA_VERSION) {
			exec(l, "COMMIT", "migrating the ledger");
			break;
		}
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if (exec(l, migrations[v], "migrating the ledger") == -1 ||
		    exec(l, sql, "migrating the ledger") == -1 ||
		    exec(l, "COMMIT", "migrating the ledger") == -1)
			goto fail;
		v++;
	}
	return 0;
fail:
	sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

const char *
xf_ledger_default_path(void)
{
	const char *p = getenv("XF_DB");

	return p != NULL && *p != '\0' ? p : "xf.db";
}

/* Create an empty file readable by its owner only. */
static int
create_private(const char *path, char *err, size_t errlen)
{
	int	 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1 && errno != EEXIST) {
		xf_errf(err, errlen, "%s: cannot create: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fd != -1)
		close(fd);
	return 0;
}

xf_ledger *
xf_ledger_open(const char *path, const xf_settings *set, unsigned flags,
    char *err, size_t errlen)
{
	xf_ledger	*l;
	struct stat	 st;
	int		 fresh, i, v;

	if (sqlite3_libversion_number() < 3035000) {
		xf_errf(err, errlen, "SQLite %s is too old: 3.35 or later is "
		    "needed", sqlite3_libversion());
		return NULL;
	}
	fresh = stat(path, &st) == -1;
	if (fresh && (flags & XF_L_READONLY)) {
		xf_errf(err, errlen, "%s: no ledger there (xf-intake creates "
		    "one)", path);
		return NULL;
	}
	if (fresh && create_private(path, err, errlen) == -1)
		return NULL;
	if ((l = calloc(1, sizeof *l)) == NULL) {
		xf_errf(err, errlen, "out of memory");
		return NULL;
	}
	l->set = set;
	if (sqlite3_open_v2(path, &l->db, SQLITE_OPEN_READWRITE,
	    NULL) != SQLITE_OK) {
		xf_errf(err, errlen, "%s: %s", path, l->db ?
		    sqlite3_errmsg(l->db) : "cannot open");
		goto fail;
	}
	sqlite3_extended_result_codes(l->db, 1);
	sqlite3_busy_timeout(l->db, xf_settings_busy_ms(set));
	if (user_version(l, &v) == -1) {
		xf_errf(err, errlen, "%s: not a ledger: %s", path, l->msg);
		goto fail;
	}
	/* Large pages cut write calls; set before the first table. */
	if (v == 0 && exec_waiting(l, "PRAGMA page_size = 65536",
	    "setting up") == -1)
		goto failmsg;
	if (exec_waiting(l, "PRAGMA journal_mode = WAL", "setting up") == -1 ||
	    exec(l, "PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA cache_size = -32768;", "setting up") == -1 ||
	    migrate(l) == -1)
		goto failmsg;
	for (i = 0; i < S_COUNT; i++)
		if (sqlite3_prepare_v3(l->db, stmt_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &l->stmt[i], NULL) != SQLITE_OK) {
			dberr(l, "preparing");
			goto failmsg;
		}
	xf_ledger_set_actor(l, "unknown", "xf");
	return l;
failmsg:
	xf_errf(err, errlen, "%s: %s", path, l->msg);
fail:
	xf_ledger_close(l);
	return NULL;
}

void
xf_ledger_close(xf_ledger *l)
{
	int	 i;

	if (l == NULL)
		return;
	for (i = 0; i < S_COUNT; i++)
		sqlite3_finalize(l->stmt[i]);
	sqlite3_close(l->db);
	free(l->actor);
	free(l->program);
	free(l);
}

const char *
xf_ledger_errmsg(const xf_ledger *l)
{
	return l->msg;
}

void
xf_ledger_set_actor(xf_ledger *l, const char *actor, const char *program)
{
	char	*a = strdup(actor), *p = strdup(program);

	if (a == NULL || p == NULL) {
		free(a);
		free(p);
		return;
	}
	free(l->actor);
	free(l->program);
	l->actor = a;
	l->program = p;
}

int
xf_ledger_begin(xf_ledger *l)
{
	struct xf_time	 now;
	const char	*why;

	if (xf_time_now(xf_settings_tz(l->set), &now, &why) == -1) {
		seterr(l, "XF_NOW: %s", why);
		return -1;
	}
	xf_time_format(now, xf_settings_tz(l->set), l->now, sizeof l->now);
	return exec(l, "BEGIN IMMEDIATE", "starting the batch");
}

int
xf_ledger_commit(xf_ledger *l)
{
	return exec(l, "COMMIT", "committing the batch");
}

int
xf_ledger_rollback(xf_ledger *l)
{
	if (sqlite3_get_autocommit(l->db))
		return 0;	/* SQLite rolled back already */
	return exec(l, "ROLLBACK", "rolling back the batch");
}

int
xf_ledger_mark(xf_ledger *l)
{
	return exec(l, "SAVEPOINT record", "marking the record");
}

int
xf_ledger_release(xf_ledger *l)
{
	return exec(l, "RELEASE record", "keeping the record");
}

int
xf_ledger_undo(xf_ledger *l)
{
	return exec(l, "ROLLBACK TO record; RELEASE record",
	    "undoing the record");
}

/* Run a statement that returns at most one row; 1 row, 0 none, -1. */
static int
step_row(xf_ledger *l, sqlite3_stmt *s, const char *what)
{
	int	 rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		return 1;
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	return dberr(l, what);
}

static void
bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

int
xf_ledger_exists(xf_ledger *l, const char *id)
{
	sqlite3_stmt	*s = l->stmt[S_EXISTS];
	int		 rc;

	bind_text(s, 1, id);
	rc = step_row(l, s, "looking up an id");
	sqlite3_reset(s);
	return rc;
}

/* A fresh id for an item received on day "YYYY-MM-DD". */
static int
new_id(xf_ledger *l, const char *received_at, char *id, size_t len)
{
	sqlite3_stmt	*s = l->stmt[S_NEXT_SEQ];
	const char	*office = xf_settings_office(l->set);
	char		 day[11];
	int64_t		 n;
	int		 rc;

	memcpy(day, received_at, 10);
	day[10] = '\0';
	do {
		bind_text(s, 1, day);
		if (step_row(l, s, "numbering the item") != 1)
			return -1;
		n = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		snprintf(id, len, "%s%s%.4s%.2s%.2s-%04lld", office,
		    *office ? "-" : "", day, day + 5, day + 8, (long long)n);
		/* An id given in some input may have taken this one. */
		if ((rc = xf_ledger_exists(l, id)) == -1)
			return -1;
	} while (rc == 1);
	return 0;
}

/* The level-1 category of a path, into buf ("" for none). */
static const char *
level1(const char *category, char *buf, size_t len)
{
	size_t	 n;

	if (category == NULL)
		return "";
	n = strcspn(category, "/");
	if (n >= len)
		n = len - 1;
	memcpy(buf, category, n);
	buf[n] = '\0';
	return buf;
}

/*
 * The first item this one repeats, by ID number or else name and phone,
 * in the same level-1 category within the repeat window.  0 with
 * first[0] == '\0' when it repeats none.
 */
static int
find_repeat(xf_ledger *l, const xf_record *item, char *first, size_t len)
{
	const char	*idn = xf_record_get(item, XF_F_ID_NUMBER);
	const char	*name = xf_record_get(item, XF_F_NAME);
	const char	*phone = xf_record_get(item, XF_F_PHONE);
	const char	*at = xf_record_get(item, XF_F_RECEIVED_AT);
	const char	*why, *hit, *cat;
	char		 from[32], l1[256];
	struct xf_time	 t;
	sqlite3_stmt	*s;
	int		 rc, pass;

	first[0] = '\0';
	if (xf_time_parse(at, xf_settings_tz(l->set), &t, &why) == -1) {
		seterr(l, "received_at '%s': %s", at, why);
		return -1;
	}
	t.t -= (int64_t)xf_settings_repeat_days(l->set) * 86400;
	xf_time_format(t, xf_settings_tz(l->set), from, sizeof from);
	cat = level1(xf_record_get(item, XF_F_CATEGORY), l1, sizeof l1);
	for (pass = 0; pass < 2; pass++) {
		if (pass == 0) {
			if (idn == NULL)
				continue;
			s = l->stmt[S_BY_ID_NUMBER];
			bind_text(s, 1, idn);
			bind_text(s, 2, from);
			bind_text(s, 3, at);
			bind_text(s, 4, cat);
		} else {
			if (name == NULL || phone == NULL)
				continue;
			s = l->stmt[S_BY_NAME_PHONE];
			bind_text(s, 1, name);
			bind_text(s, 2, phone);
			bind_text(s, 3, from);
			bind_text(s, 4, at);
			bind_text(s, 5, cat);
			bind_text(s, 6, idn);
		}
		if ((rc = step_row(l, s, "looking for repeats")) == -1)
			return -1;
		if (rc == 1) {
			/* Point at the chain's first item, never a repeat. */
			hit = (const char *)sqlite3_column_text(s, 1);
			if (hit == NULL)
				hit = (const char *)sqlite3_column_text(s, 0);
			snprintf(first, len, "%s", hit);
			sqlite3_reset(s);
			return 0;
		}
	}
	return 0;
}

/* The unknown columns of the item as a JSON object, or NULL for none. */
static char *
extra_json(const xf_record *item, int *err)
{
	cJSON		*o = NULL, *v;
	size_t		 i, n = xf_record_count(item), len;
	const char	*val;
	char		*out = NULL;

	*err = 0;
	for (i = 0; i < n; i++) {
		if (xf_record_field(item, i) >= 0)
			continue;
		if (o == NULL && (o = cJSON_CreateObject()) == NULL)
			goto fail;
		val = xf_record_value(item, i, &len);
		v = xf_record_raw(item, i) ? cJSON_CreateRaw(val) :
		    cJSON_CreateString(val);
		if (v == NULL)
			goto fail;
		cJSON_AddItemToObject(o, xf_record_key(item, i), v);
	}
	if (o == NULL)
		return NULL;
	if ((out = cJSON_PrintUnformatted(o)) == NULL)
		goto fail;
	cJSON_Delete(o);
	return out;
fail:
	cJSON_Delete(o);
	*err = 1;
	return NULL;
}

static int
event(xf_ledger *l, const char *id, const char *action, const char *details)
{
	sqlite3_stmt	*s = l->stmt[S_EVENT];

	bind_text(s, 1, id);
	bind_text(s, 2, l->now);
	bind_text(s, 3, l->actor);
	bind_text(s, 4, l->program);
	bind_text(s, 5, action);
	bind_text(s, 6, details);
	return step_row(l, s, "writing the event") == 0 ? 0 : -1;
}

enum xf_register
xf_ledger_register(xf_ledger *l, xf_record *item, const char **existing)
{
	sqlite3_stmt	*s;
	const char	*ref = xf_record_get(item, XF_F_REF);
	const char	*id = xf_record_get(item, XF_F_ID);
	char		 newid[72], first[72], *extra = NULL, *text;
	cJSON		*details = NULL;
	int		 f, rc, bad;

	*existing = NULL;
	if (ref != NULL) {
		s = l->stmt[S_BY_REF];
		bind_text(s, 1, ref);
		if ((rc = step_row(l, s, "looking up the ref")) == -1)
			return XF_REG_ERROR;
		if (rc == 1) {
			snprintf(l->existing, sizeof l->existing, "%s",
			    sqlite3_column_text(s, 0));
			sqlite3_reset(s);
			*existing = l->existing;
			return XF_REG_DUPLICATE;
		}
	}
	if (id == NULL) {
		if (new_id(l, xf_record_get(item, XF_F_RECEIVED_AT), newid,
		    sizeof newid) == -1)
			return XF_REG_ERROR;
		if (xf_record_set(item, XF_F_ID, newid, strlen(newid),
		    0) == -1)
			goto nomem;
	} else if ((rc = xf_ledger_exists(l, id)) != 0) {
		if (rc == 1)
			seterr(l, "id '%s': already in the ledger", id);
		return XF_REG_ERROR;
	}
	if (find_repeat(l, item, first, sizeof first) == -1)
		return XF_REG_ERROR;
	if (xf_record_get(item, XF_F_FIRST) == NULL &&
	    xf_record_set(item, XF_F_FIRST, first[0] ? "0" : "1", 1, 0) == -1)
		goto nomem;
	if (strcmp(xf_record_get(item, XF_F_FIRST), "0") == 0 && first[0] &&
	    xf_record_set(item, XF_F_REPEAT_OF, first, strlen(first),
	    0) == -1)
		goto nomem;
	if (xf_record_set(item, XF_F_STATUS, "registered", 10, 0) == -1 ||
	    xf_record_set(item, XF_F_REGISTERED_AT, l->now, strlen(l->now),
	    0) == -1)
		goto nomem;
	xf_record_sort(item);
	extra = extra_json(item, &bad);
	if (bad)
		goto nomem;
	s = l->stmt[S_INSERT];
	for (f = 0; f < XF_F_COUNT; f++)
		bind_text(s, f + 1, xf_record_get(item, f));
	bind_text(s, XF_F_COUNT + 1, extra);
	rc = step_row(l, s, "storing the item");
	cJSON_free(extra);
	if (rc != 0)
		return XF_REG_ERROR;
	id = xf_record_get(item, XF_F_ID);
	if ((details = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(details, "file", xf_record_file(item) ?
	    xf_record_file(item) : "-") == NULL ||
	    cJSON_AddNumberToObject(details, "line",
	    (double)xf_record_line(item)) == NULL ||
	    (text = cJSON_PrintUnformatted(details)) == NULL)
		goto nomem;
	cJSON_Delete(details);
	rc = event(l, id, "register", text);
	cJSON_free(text);
	return rc == 0 ? XF_REG_NEW : XF_REG_ERROR;
nomem:
	cJSON_Delete(details);
	seterr(l, "out of memory");
	return XF_REG_ERROR;
}

void
xf_filter_init(struct xf_filter *f)
{
	memset(f, 0, sizeof *f);
	f->first = f->collective = f->skip_level = -1;
	f->limit = -1;
}

static int
is_day(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	size_t	 i;

	for (i = 0; i < sizeof shape - 1; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') :
		    s[i] != '-')
			return 0;
	return s[i] == '\0';
}

/*
 * The WHERE clause of a filter, and its parameters in order.  Each
 * clause names its parameter ?%1$d, numbered as it is added.
 */
static int
where(xf_ledger *l, const struct xf_filter *f, struct xf_buf *sql,
    const char **params, int *nparams)
{
	static const struct {
		size_t		 off;
		const char	*clause;
	} eq[] = {
		{ offsetof(struct xf_filter, id), "id = ?%1$d" },
		{ offsetof(struct xf_filter, ref), "ref = ?%1$d" },
		{ offsetof(struct xf_filter, channel), "channel = ?%1$d" },
		{ offsetof(struct xf_filter, source), "source = ?%1$d" },
		{ offsetof(struct xf_filter, lodged_level),
		    "lodged_level = ?%1$d" },
		{ offsetof(struct xf_filter, status), "status = ?%1$d" },
		{ offsetof(struct xf_filter, unit), "unit = ?%1$d" },
		{ offsetof(struct xf_filter, category),
		    "(category = ?%1$d OR substr(category, 1,"
		    " length(?%1$d) + 1) = ?%1$d || '/')" },
		{ offsetof(struct xf_filter, region),
		    "substr(region, 1, length(?%1$d)) = ?%1$d" },
		{ offsetof(struct xf_filter, from), "received_at >= ?%1$d" },
		{ offsetof(struct xf_filter, to),
		    "received_at < date(?%1$d, '+1 day')" },
		{ offsetof(struct xf_filter, text),
		    "(instr(title, ?%1$d) > 0 OR instr(content, ?%1$d) > 0)" },
	};
	static const struct {
		size_t		 off;
		const char	*column;
	} flags[] = {
		{ offsetof(struct xf_filter, first), "\"first\"" },
		{ offsetof(struct xf_filter, collective), "collective" },
		{ offsetof(struct xf_filter, skip_level), "skip_level" },
	};
	size_t	 i;
	int	 n = 0, any = 0, rc = 0;

	if ((f->from != NULL && !is_day(f->from)) ||
	    (f->to != NULL && !is_day(f->to))) {
		seterr(l, "a date range needs days as YYYY-MM-DD");
		return -1;
	}
	for (i = 0; i < sizeof eq / sizeof eq[0]; i++) {
		const char *v = *(const char *const *)((const char *)f +
		    eq[i].off);

		if (v == NULL)
			continue;
		params[n++] = v;
		rc |= xf_buf_adds(sql, any++ ? " AND " : " WHERE ");
		rc |= xf_buf_printf(sql, eq[i].clause, n);
	}
	for (i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		int v = *(const int *)((const char *)f + flags[i].off);

		if (v < 0)
			continue;
		rc |= xf_buf_printf(sql, " %s %s = %d", any++ ? "AND" :
		    "WHERE", flags[i].column, v != 0);
	}
	*nparams = n;
	if (rc != 0) {
		seterr(l, "out of memory");
		return -1;
	}
	return 0;
}

static sqlite3_stmt *
prepare_filtered(xf_ledger *l, const char *head, const struct xf_filter *f,
    int limit)
{
	struct xf_buf	 sql = { 0 };
	const char	*params[16];
	sqlite3_stmt	*s = NULL;
	int		 n, i;

	if (xf_buf_adds(&sql, head) == -1 ||
	    where(l, f, &sql, params, &n) == -1)
		goto out;
	if (limit && f->limit >= 0)
		xf_buf_printf(&sql, " ORDER BY rowid LIMIT %ld", f->limit);
	else if (limit)
		xf_buf_adds(&sql, " ORDER BY rowid");
	if (sqlite3_prepare_v2(l->db, sql.p, -1, &s, NULL) != SQLITE_OK) {
		dberr(l, "selecting");
		goto out;
	}
	for (i = 0; i < n; i++)
		sqlite3_bind_text(s, i + 1, params[i], -1, SQLITE_TRANSIENT);
out:
	xf_buf_release(&sql);
	return s;
}

xf_cursor *
xf_ledger_select(xf_ledger *l, const struct xf_filter *f)
{
	xf_cursor	*c;
	sqlite3_stmt	*s;

	s = prepare_filtered(l, "SELECT id, ref, received_at, channel, source,"
	    " lodged_level, irregular, name, id_number, phone, address, people,"
	    " \"first\", repeat_of, region, title, content, purpose, category,"
	    " collective, joint_letter, skip_level, status, unit,"
	    " registered_at, extra FROM items", f, 1);
	if (s == NULL)
		return NULL;
	if ((c = calloc(1, sizeof *c)) == NULL) {
		sqlite3_finalize(s);
		seterr(l, "out of memory");
		return NULL;
	}
	c->l = l;
	c->stmt = s;
	c->items = 1;
	return c;
}

int
xf_ledger_count(xf_ledger *l, const struct xf_filter *f, int64_t *n)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = prepare_filtered(l, "SELECT count(*) FROM items", f,
	    0)) == NULL)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*n = sqlite3_column_int64(s, 0);
		if (f->limit >= 0 && *n > f->limit)
			*n = f->limit;
	} else
		dberr(l, "counting");
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : -1;
}

xf_cursor *
xf_ledger_history(xf_ledger *l, const char *id)
{
	xf_cursor	*c;
	sqlite3_stmt	*s;
	int		 rc;

	if ((rc = xf_ledger_exists(l, id)) != 1) {
		if (rc == 0)
			seterr(l, "no item '%s' in the ledger", id);
		return NULL;
	}
	if (sqlite3_prepare_v2(l->db, "SELECT seq, item, at, actor, program,"
	    " action, details FROM events WHERE item = ?1 ORDER BY seq", -1,
	    &s, NULL) != SQLITE_OK) {
		dberr(l, "reading the history");
		return NULL;
	}
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	if ((c = calloc(1, sizeof *c)) == NULL) {
		sqlite3_finalize(s);
		seterr(l, "out of memory");
		return NULL;
	}
	c->l = l;
	c->stmt = s;
	return c;
}

/*
 * The end of the JSON value at p, in text cJSON printed (no white
 * space): the ',' or '}' that follows it.
 */
static const char *
json_value_end(const char *p)
{
	int	 depth = 0, in_string = 0;

	for (; *p != '\0'; p++) {
		if (in_string) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			else if (*p == '"')
				in_string = 0;
			continue;
		}
		if (*p == '"')
			in_string = 1;
		else if (*p == '[' || *p == '{')
			depth++;
		else if ((*p == ']' || *p == '}') && depth-- == 0)
			return p;
		else if (*p == ',' && depth == 0)
			return p;
	}
	return p;
}

/*
 * Add the members of the extra column's JSON object to r.  Strings come
 * from cJSON; any other value is kept as the text stored, so a number
 * keeps every digit.
 */
static int
add_extra(xf_record *r, const char *json)
{
	cJSON		*o, *m;
	const char	*p, *v, *e;
	int		 rc = 0;

	if ((o = cJSON_Parse(json)) == NULL || !cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return -1;
	}
	p = json + 1;
	for (m = o->child; m != NULL && rc == 0; m = m->next) {
		/* The key's string, then ':', then the value. */
		for (e = p + 1; *e != '\0'; e++)
			if (*e == '\\')
				e++;
			else if (*e == '"')
				break;
		if (e[0] != '"' || e[1] != ':') {
			rc = -1;
			break;
		}
		v = e + 2;
		e = json_value_end(v);
		if (cJSON_IsString(m))
			rc = xf_record_add(r, m->string, strlen(m->string),
			    m->valuestring, strlen(m->valuestring), 0);
		else
			rc = xf_record_add(r, m->string, strlen(m->string), v,
			    (size_t)(e - v), 1);
		p = e + 1;
	}
	cJSON_Delete(o);
	return rc;
}

int
xf_cursor_next(xf_cursor *c, xf_record *r)
{
	sqlite3_stmt	*s = c->stmt;
	int		 rc, i, n;
	const char	*v;

	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return dberr(c->l, "reading");
	xf_record_clear(r);
	n = sqlite3_column_count(s);
	for (i = 0; i < n; i++) {
		if (sqlite3_column_type(s, i) == SQLITE_NULL)
			continue;
		v = (const char *)sqlite3_column_text(s, i);
		if (c->items && i == XF_F_COUNT)
			rc = add_extra(r, v);
		else if (c->items)
			rc = xf_record_set(r, i, v,
			    (size_t)sqlite3_column_bytes(s, i), 0);
		else {
			const char *k = sqlite3_column_name(s, i);

			rc = xf_record_add(r, k, strlen(k), v,
			    (size_t)sqlite3_column_bytes(s, i),
			    i == 0 || strcmp(k, "details") == 0);
		}
		if (rc == -1) {
			seterr(c->l, "out of memory, or a bad stored value");
			return -1;
		}
	}
	return 1;
}

void
xf_cursor_free(xf_cursor *c)
{
	if (c == NULL)
		return;
	sqlite3_finalize(c->stmt);
	free(c);
}
