/*
 * t-store-sqlite.c - what is about the SQLite file itself and no other
 * store: the file's mode and journal, the schema version and its
 * columns, a newer schema or a file that is no database refused, the
 * triggers that keep the events append-only against raw SQL, the day
 * counter, the row images that undoing a batch restores exactly, how a
 * value is typed in a column, and the migrations from older schemas
 * (made by downgrading a ledger with SQL).  What the ledger does is
 * checked through the public API alone in t-ledger, t-case and
 * t-classify, the suite every store must pass; this file may read the
 * file with SQLite.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "xf.h"
#include "xf-private.h"
#include "store/store.h"
#include "store/sqlite.h"
#include "test.h"
#include "ledger-util.h"

static char tmpdir[] = "/tmp/t-store-sqlite.XXXXXX";
static xf_settings *defaults;

static const char *
path_of(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", tmpdir, name);
	return buf;
}







/* A number from the ledger file, read with SQLite itself; -1 on error. */
static long long
sql_int(const char *path, const char *sql)
{
	sqlite3		*db = NULL;
	sqlite3_stmt	*s = NULL;
	long long	 v = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK && sqlite3_prepare_v2(db, sql, -1, &s, NULL) ==
	    SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	else
		printf("sql: %s: %s\n", sql, db ? sqlite3_errmsg(db) : "?");
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static const char *
sql_text(const char *path, const char *sql, char *buf, size_t size)
{
	sqlite3		*db = NULL;
	sqlite3_stmt	*s = NULL;

	snprintf(buf, size, "(error)");
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK && sqlite3_prepare_v2(db, sql, -1, &s, NULL) ==
	    SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		snprintf(buf, size, "%s", sqlite3_column_text(s, 0) ?
		    (const char *)sqlite3_column_text(s, 0) : "(null)");
	sqlite3_finalize(s);
	sqlite3_close(db);
	return buf;
}

/* Run SQL on the file with a connection of its own; SQLite's result. */
static int
sql_exec(const char *path, const char *sql)
{
	sqlite3	*db = NULL;
	int	 rc;

	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}



/* Every column of item id, quoted, joined by '|': the row, exactly. */
static const char *
row_of(const char *path, const char *id, char *buf, size_t size)
{
	sqlite3		*db;
	sqlite3_stmt	*s;
	size_t		 used = 0;
	int		 i;

	buf[0] = '\0';
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return buf;
	if (sqlite3_prepare_v2(db, "SELECT * FROM items WHERE id = ?1", -1,
	    &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			for (i = 0; i < sqlite3_column_count(s) && used < size;
			    i++)
				used += (size_t)snprintf(buf + used, size - used,
				    "%s=%s|", sqlite3_column_name(s, i),
				    sqlite3_column_type(s, i) == SQLITE_NULL ?
				    "NULL" : (const char *)sqlite3_column_text(s,
				    i));
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return buf;
}


/*
 * The schema of version 1, as xf 0.1 wrote it: frozen history, copied
 * from the first step of migrations[] in lib/ledger.c.
 */
static const char schema_v1[] =
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
	"CREATE INDEX items_id_number ON items(id_number)"
	"  WHERE id_number IS NOT NULL;"
	"CREATE INDEX items_phone ON items(phone) WHERE phone IS NOT NULL;"
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
	") WITHOUT ROWID;";

/* Two items as xf 0.1 stored them, one still registered. */
static const char items_v1[] =
	"INSERT INTO items (id, received_at, channel, source, lodged_level,"
	" irregular, name, people, \"first\", title, collective,"
	" joint_letter, skip_level, status, registered_at, extra) VALUES"
	" ('20170721-0001', '2017-07-21T09:30:00+08:00', 'visit', 'direct',"
	" 'county', 0, '张三', 1, 1, '拖欠工资', 0, 0, 0, 'registered',"
	" '2017-07-21T10:00:00+08:00', '{\"备注\":\"加急\"}'),"
	" ('20170721-0002', '2017-07-21T11:00:00+08:00', 'letter', 'direct',"
	" 'county', 0, '李四', 1, 1, '征地补偿', 0, 0, 0, 'accepted',"
	" '2017-07-21T11:05:00+08:00', NULL),"
	/*
	 * Received on a day given without a time (xf-intake stores its
	 * midnight): the deadline counts from that day, in the office's
	 * zone.
	 */
	" ('20170722-0001', '2017-07-22T00:00:00+08:00', 'phone', 'direct',"
	" 'county', 0, '王五', 1, 1, '噪音', 0, 0, 0, 'registered',"
	" '2017-07-22T08:00:00+08:00', NULL);"
	"INSERT INTO events (item, at, actor, program, action, details)"
	" VALUES ('20170721-0001', '2017-07-21T10:00:00+08:00', 'alice',"
	" 'xf-intake', 'register', '{}'),"
	" ('20170721-0002', '2017-07-21T11:05:00+08:00', 'alice',"
	" 'xf-intake', 'register', '{}'),"
	" ('20170722-0001', '2017-07-22T08:00:00+08:00', 'alice',"
	" 'xf-intake', 'register', '{}');"
	"INSERT INTO day_seq (day, n) VALUES ('2017-07-21', 2),"
	" ('2017-07-22', 1);"
	"PRAGMA user_version = 1;";

/* A ledger of version 1 opened by this xf: brought up to version 2. */
static void
test_migrate_v1(void)
{
	char		 path[256], buf[512], err[512];
	struct xf_filter f;
	struct xf_step	 st;
	xf_ledger	*l;
	xf_record	*r;
	xf_cursor	*c;

	path_of("v1.db", path, sizeof(path));
	CHECK(sql_exec(path, schema_v1) == SQLITE_OK);
	CHECK(sql_exec(path, items_v1) == SQLITE_OK);
	CHECK(sql_int(path, "PRAGMA user_version") == 1);
	CHECK(sql_int(path, "SELECT count(*) FROM items") == 3);

	err[0] = '\0';
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	CHECK_STR(err, "");
	if (l == NULL) {
		remove_ledger(path);
		return;
	}
	CHECK(sql_int(path, "PRAGMA user_version") ==
	    XF_SQLITE_SCHEMA);
	CHECK(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE "
	    "type = 'table' AND name = 'visits'") == 1);
	CHECK(sql_int(path, "SELECT count(*) FROM pragma_table_info('items')")
	    == XF_F_STORED + 3);
	/* The items and their events are all there. */
	CHECK(sql_int(path, "SELECT count(*) FROM items") == 3);
	CHECK(sql_int(path, "SELECT count(*) FROM events") == 3);
	xf_filter_init(&f);
	CHECK_STR(ids(l, &f, buf, sizeof(buf)),
	    "20170721-0001 20170721-0002 20170722-0001");

	/* The registered items: acceptance due 15 days after receipt. */
	CHECK_STR(sql_text(path, "SELECT due FROM items WHERE id = "
	    "'20170721-0001'", buf, sizeof(buf)), "2017-08-05");
	CHECK(sql_int(path, "SELECT due_days FROM items WHERE id = "
	    "'20170721-0001'") == 15);
	/* The day in the office's zone, not in UTC (a day early). */
	CHECK_STR(sql_text(path, "SELECT due FROM items WHERE id = "
	    "'20170722-0001'", buf, sizeof(buf)), "2017-08-06");
	CHECK(sql_int(path, "SELECT due_days FROM items WHERE id = "
	    "'20170722-0001'") == 15);
	/* The other one has no deadline running. */
	CHECK(sql_int(path, "SELECT count(*) FROM items WHERE id = "
	    "'20170721-0002' AND due IS NULL AND due_days IS NULL") == 1);

	/* Read back: the deadline and its state (today 2017-07-25). */
	r = xf_record_new();
	f.id = "20170721-0001";
	c = xf_ledger_select(l, &f);
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK(xf_cursor_next(c, r) == 1);
		CHECK_STR(keys(r, buf, sizeof(buf)), "id,received_at,channel,"
		    "source,lodged_level,irregular,name,people,first,title,"
		    "collective,joint_letter,skip_level,status,registered_at,"
		    "due,due_days,due_state,备注");
		CHECK_STR(xf_record_get(r, XF_F_DUE), "2017-08-05");
		CHECK_STR(xf_record_get(r, XF_F_DUE_STATE), "on_time");
		CHECK(xf_cursor_next(c, r) == 0);
		xf_cursor_free(c);
	}
	f.id = "20170721-0002";
	c = xf_ledger_select(l, &f);
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK(xf_cursor_next(c, r) == 1);
		CHECK_STR(xf_record_get(r, XF_F_STATUS), "accepted");
		CHECK(xf_record_get(r, XF_F_DUE) == NULL);
		CHECK(xf_record_get(r, XF_F_DUE_STATE) == NULL);
		xf_cursor_free(c);
	}

	/* Registering and stepping work on the migrated ledger. */
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(reg(l, item(defaults, 2, "received_at", "2017-07-21 15:00",
	    NULL), buf, sizeof(buf)), "20170721-0003");
	xf_step_init(&st, XF_ACT_ACCEPT);
	st.at = "2017-07-24 10:00";
	CHECK(xf_ledger_step(l, "20170721-0001", &st, r) == XF_APPLIED);
	CHECK_STR(xf_record_get(r, XF_F_STATUS), "accepted");
	CHECK_STR(xf_record_get(r, XF_F_ACCEPTED_AT),
	    "2017-07-24T10:00:00+08:00");
	CHECK_STR(xf_record_get(r, XF_F_DUE), "2017-09-22");
	CHECK_STR(xf_record_get(r, XF_F_DUE_DAYS), "60");
	CHECK_STR(xf_record_get_key(r, "备注"), "加急");
	CHECK(xf_ledger_commit(l) == 0);
	CHECK_STR(sql_text(path, "SELECT due FROM items WHERE id = "
	    "'20170721-0003'", buf, sizeof(buf)), "2017-08-05");
	CHECK(sql_int(path, "SELECT count(*) FROM events WHERE action = "
	    "'accept' AND item = '20170721-0001'") == 1);
	CHECK_STR(sql_text(path, "SELECT extra FROM items WHERE id = "
	    "'20170721-0001'", buf, sizeof(buf)), "{\"备注\":\"加急\"}");
	xf_record_free(r);
	xf_ledger_close(l);

	/* Opened again: nothing more to do. */
	l = xf_ledger_open(path, defaults, XF_L_READONLY, err, sizeof(err));
	CHECK(l != NULL);
	xf_ledger_close(l);
	CHECK(sql_int(path, "PRAGMA user_version") ==
	    XF_SQLITE_SCHEMA);
	CHECK(sql_int(path, "SELECT count(*) FROM items") == 4);
	remove_ledger(path);
}

static xf_rules *
rules(const char *text, char *err, size_t len)
{
	err[0] = '\0';
	return xf_rules_parse(text, strlen(text), "r.tsv", defaults, err,
	    len);
}


/* Register an item of title, content and category (may be NULL). */
static void
add_item(xf_ledger *l, const char *title, const char *content,
    const char *category)
{
	xf_record	*in = xf_record_new(), *out = xf_record_new();
	const char	*existing;
	char		 err[512];

	static int	 n;
	char		 at[32];

	/* Each a minute later: two alike are two petitions, not one row. */
	snprintf(at, sizeof(at), "2017-07-21 10:%02d", n++ % 60);
	xf_record_add(in, "received_at", 11, at, strlen(at), 0);
	xf_record_add(in, "title", 5, title, strlen(title), 0);
	xf_record_add(in, "content", 7, content, strlen(content), 0);
	if (category != NULL)
		xf_record_add(in, "category", 8, category, strlen(category),
		    0);
	if (xf_item_normalize(defaults, in, out, err, sizeof(err)) == -1) {
		printf("normalize: %s\n", err);
		test_failed++;
	} else
		CHECK(xf_ledger_register(l, out, 0, &existing) == XF_REG_NEW);
	xf_record_free(in);
	xf_record_free(out);
}

/* Classify id with cl; "applied", "already", ... and the fields. */
static const char *
classify(xf_ledger *l, const char *id, struct xf_classifier *cl, char *buf,
    size_t len)
{
	static const char *const names[] = { "applied", "already",
	    "refused" };
	struct xf_class_result res;
	xf_record	*r = xf_record_new();
	enum xf_applied	 rc;
	const char	*v;
	size_t		 used;
	int		 c;

	rc = xf_ledger_classify(l, id, cl, r, &res);
	if (rc < 0) {
		snprintf(buf, len, "error: %s", xf_ledger_errmsg(l));
		xf_record_free(r);
		return buf;
	}
	used = (size_t)snprintf(buf, len, "%s", names[rc]);
	for (c = 0; c < XF_C_COUNT; c++)
		if ((v = xf_record_get(r, xf_cfield_field(c))) != NULL)
			used += (size_t)snprintf(buf + used, len - used,
			    " %s=%s(%s%s)", xf_field_name(xf_cfield_field(c)),
			    v, xf_source_name(res.source[c]),
			    res.kept[c] ? ",kept" : "");
	xf_record_free(r);
	return buf;
}

/* Drop the indexes that schema 2 did not have. */
static int
drop_indexes_v3(const char *path)
{
	sqlite3		*db;
	sqlite3_stmt	*s;
	char		 sql[4096];
	size_t		 used = 0;
	int		 rc = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	sql[0] = '\0';
	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE "
	    "type = 'index' AND sql IS NOT NULL AND name NOT IN "
	    "('items_received', 'items_id_number', 'items_phone', "
	    "'events_item', 'items_due', 'items_unit', 'items_handler', "
	    "'items_lead')", -1, &s, NULL) == SQLITE_OK) {
		while (sqlite3_step(s) == SQLITE_ROW && used < 3500)
			used += (size_t)snprintf(sql + used, sizeof(sql) - used,
			    "DROP INDEX \"%s\";", sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 :
		    -1;
	}
	sqlite3_close(db);
	return rc;
}

/*
 * A ledger of schema 2 (made from one of 3 by taking away what version
 * 3 added) opened by this xf: migrated, its items intact and
 * classifiable.
 */
static void
test_migrate_v2(void)
{
	char			 path[256], err[512], b[1024];
	struct xf_classifier	 cl;
	xf_ledger		*l;

	path_of("v2.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL)
		return;
	CHECK(xf_ledger_begin(l) == 0);
	add_item(l, "讨薪", "公司拖欠工资", "劳动和社会保障");
	CHECK(xf_ledger_commit(l) == 0);
	xf_ledger_close(l);
	/* What version 3 added, indexes of other modules included. */
	CHECK(drop_indexes_v3(path) == 0);
	/* and version 3's indexes of a load, as they were until 16 */
	CHECK(sql_exec(path, "DROP TABLE place_days;"
	    " DROP INDEX items_handler; CREATE INDEX"
	    " items_handler ON items(handler, status) WHERE handler IS NOT"
	    " NULL; DROP INDEX items_lead; CREATE INDEX items_lead ON"
	    " items(lead, status) WHERE lead IS NOT NULL;"
	    "DROP TRIGGER items_image; DROP TRIGGER items_class_image;"
	    "DROP TABLE images;"
	    "ALTER TABLE items DROP COLUMN reply_delivered_at;"
	    "DROP INDEX IF EXISTS events_batch;"
	    "ALTER TABLE events DROP COLUMN batch;"
	    "ALTER TABLE visits DROP COLUMN batch;"
	    "ALTER TABLE items DROP COLUMN voided_at;"
	    "ALTER TABLE items DROP COLUMN merged_into;"
	    "DROP TABLE classified; DROP TABLE models;"
	    "DROP INDEX IF EXISTS items_likeness;"
	    "DROP TABLE handlings;"
	    "DROP TABLE documents;"
	    "DROP TABLE lawful_measures;"
	    "DROP TABLE person_contacts;"
	    "DROP TABLE persons;"
	    "DROP TABLE person_images;"
	    "ALTER TABLE items DROP COLUMN received_by;"
	    "ALTER TABLE items DROP COLUMN received_level;"
	    "ALTER TABLE items DROP COLUMN handling;"
	    "ALTER TABLE items DROP COLUMN reopened_at;"
	    "ALTER TABLE items DROP COLUMN decided_at;"
	    "ALTER TABLE items DROP COLUMN assigned_at;"
	    "ALTER TABLE items DROP COLUMN unit_accepted_at;"
	    "ALTER TABLE items DROP COLUMN unit_declined_at;"
	    "ALTER TABLE items DROP COLUMN reply_due;"
	    "ALTER TABLE items DROP COLUMN not_again;"
	    "ALTER TABLE items DROP COLUMN fingerprint;"
	    "ALTER TABLE items DROP COLUMN likeness;"
	    "ALTER TABLE items DROP COLUMN claim;"
	    "ALTER TABLE items DROP COLUMN risk;"
	    "ALTER TABLE items DROP COLUMN key_case;"
	    "DROP TABLE batches;"
	    "PRAGMA user_version = 2;") == SQLITE_OK);
	CHECK(sql_int(path, "SELECT count(*) FROM pragma_table_info('items') "
	    "WHERE name = 'risk'") == 0);

	err[0] = '\0';
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK_STR(err, "");
	CHECK(l != NULL);
	if (l == NULL)
		return;
	CHECK(sql_int(path, "PRAGMA user_version") >= 3);
	CHECK(sql_int(path, "SELECT count(*) FROM pragma_table_info('items') "
	    "WHERE name IN ('claim', 'risk', 'key_case')") == 3);
	CHECK(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name "
	    "IN ('classified', 'models')") == 2);
	CHECK(sql_int(path, "SELECT count(*) FROM classified") == 0);
	memset(&cl, 0, sizeof(cl));
	cl.set[XF_C_KEY_CASE] = "1";
	cl.set[XF_C_CATEGORY] = "劳动和社会保障/工资福利";
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(classify(l, "20170721-0001", &cl, b, sizeof(b)),
	    "applied category=劳动和社会保障/工资福利(person) "
	    "key_case=1(person)");
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(sql_int(path, "SELECT key_case FROM items") == 1);
	CHECK_STR(sql_text(path, "SELECT group_concat(field || ':' || source)"
	    " FROM classified", b, sizeof(b)), "category:person,"
	    "key_case:person");
	xf_ledger_close(l);
	remove_ledger(path);
}

/* ------------------------------------------------------------------ */

/*
 * The file: created with mode 0600 whatever the umask (0 here), in WAL
 * mode, at the schema version this xf writes, every stored field a
 * column; none made when a ledger is opened to read and is not there; a
 * newer schema, or a file that is no database, refused and left alone.
 */
static void
test_file(void)
{
	char		 path[256], side[300], err[512], want[600], buf[64];
	struct stat	 st;
	xf_ledger	*l;
	FILE		*fp;
	int		 i;

	path_of("open.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	CHECK(stat(path, &st) == 0);
	CHECK(S_ISREG(st.st_mode));
	CHECK((st.st_mode & 07777) == 0600);
	xf_ledger_close(l);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600);

	/* What SQLite itself sees in the file. */
	CHECK(sql_int(path, "PRAGMA user_version") ==
	    XF_SQLITE_SCHEMA);
	CHECK_STR(sql_text(path, "PRAGMA journal_mode", buf, sizeof(buf)),
	    "wal");
	CHECK(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE "
	    "type = 'table' AND name IN ('items', 'events', 'visits')") == 3);
	/* Every stored field is a column; extra, fingerprint, likeness. */
	CHECK(sql_int(path, "SELECT count(*) FROM pragma_table_info('items')")
	    == XF_F_STORED + 3);
	CHECK(sql_int(path, "SELECT count(*) FROM pragma_table_info('items')"
	    " WHERE name IN ('accepted_at', 'satisfaction', 'due', "
	    "'due_days')") == 4);
	CHECK(sql_int(path, "SELECT count(*) FROM pragma_table_info('items')"
	    " WHERE name IN ('due_state', 'evaluation')") == 0);
	CHECK(sql_int(path, "SELECT count(*) FROM items") == 0);

	/* Opened again to write and to read: the version stays. */
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	xf_ledger_close(l);
	l = xf_ledger_open(path, defaults, XF_L_READONLY, err, sizeof(err));
	CHECK(l != NULL);
	xf_ledger_close(l);
	CHECK(sql_int(path, "PRAGMA user_version") ==
	    XF_SQLITE_SCHEMA);

	/*
	 * A ledger of 17, whose image triggers looked for an image before
	 * keeping one, and whose sources had one: made again by the
	 * migration to 18, each of the items' two with OR IGNORE, the
	 * sources' gone (the ledger keeps their image).
	 */
	CHECK(sql_exec(path, "DROP TRIGGER items_class_image;"
	    " CREATE TRIGGER items_class_image BEFORE UPDATE OF category ON"
	    " items BEGIN INSERT INTO images (batch, item, col, value)"
	    " SELECT 1, OLD.id, 'category', OLD.category WHERE NOT EXISTS"
	    " (SELECT 1 FROM images WHERE batch = 1 AND item = OLD.id AND"
	    " col = 'category'); END; CREATE TRIGGER classified_image_1"
	    " BEFORE UPDATE ON classified BEGIN SELECT 1; END;"
	    " PRAGMA user_version = 17") == SQLITE_OK);
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	xf_ledger_close(l);
	CHECK(sql_int(path, "PRAGMA user_version") == XF_SQLITE_SCHEMA);
	CHECK(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE type ="
	    " 'trigger' AND sql LIKE '%INSERT OR IGNORE INTO images%'") == 2);
	CHECK(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE type ="
	    " 'trigger' AND tbl_name = 'classified'") == 0);
	CHECK(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE type ="
	    " 'trigger' AND name LIKE '%image%' AND sql LIKE '%NOT EXISTS%'")
	    == 0);
	remove_ledger(path);

	/* To read, a ledger that is not there: no file, nothing beside. */
	path_of("none.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, XF_L_READONLY, err, sizeof(err));
	CHECK(l == NULL);
	xf_ledger_close(l);
	errno = 0;
	CHECK(stat(path, &st) == -1 && errno == ENOENT);
	snprintf(side, sizeof(side), "%s-wal", path);
	CHECK(stat(side, &st) == -1);
	snprintf(side, sizeof(side), "%s-shm", path);
	CHECK(stat(side, &st) == -1);

	/* A ledger from a newer xf is refused, to write and to read. */
	path_of("newer.db", path, sizeof(path));
	CHECK(sql_exec(path, "PRAGMA user_version = 99") == SQLITE_OK);
	CHECK(sql_int(path, "PRAGMA user_version") == 99);
	snprintf(want, sizeof(want), "%s: the ledger's schema (version 99) "
	    "is newer than this xf knows (%d): upgrade xf", path,
	    XF_SQLITE_SCHEMA);
	for (i = 0; i < 2; i++) {
		err[0] = '\0';
		l = xf_ledger_open(path, defaults, i ? XF_L_READONLY : 0, err,
		    sizeof(err));
		CHECK(l == NULL);
		CHECK_STR(err, want);
		xf_ledger_close(l);
	}
	CHECK(sql_int(path, "PRAGMA user_version") == 99);
	CHECK(sql_int(path, "SELECT count(*) FROM sqlite_master") == 0);
	remove_ledger(path);

	/* A file that is not a database, left as it was. */
	path_of("text.db", path, sizeof(path));
	fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (fp != NULL) {
		for (i = 0; i < 64; i++)
			fputs("信访件编号,信访日期,信访形式,信访人\n", fp);
		CHECK(fclose(fp) == 0);
	}
	CHECK(stat(path, &st) == 0);
	for (i = 0; i < 2; i++) {
		err[0] = '\0';
		l = xf_ledger_open(path, defaults, i ? XF_L_READONLY : 0, err,
		    sizeof(err));
		CHECK(l == NULL);
		snprintf(want, sizeof(want), "%s: not a ledger: ", path);
		CHECK(strncmp(err, want, strlen(want)) == 0);
		CHECK(strstr(err, "file is not a database") != NULL);
		xf_ledger_close(l);
	}
	{
		struct stat after;

		CHECK(stat(path, &after) == 0);
		CHECK(after.st_size == st.st_size);
		CHECK(after.st_size == 64 * (off_t)strlen(
		    "信访件编号,信访日期,信访形式,信访人\n"));
	}
	remove_ledger(path);
}

/* The journal mode of the ledger at path, as a new connection finds it. */
static const char *
mode_of(const char *path, char *buf, size_t size)
{
	return sql_text(path, "PRAGMA journal_mode", buf, size);
}

/*
 * A batch of l (the ledger at path) registering the item of row, given
 * the id want: the journal mode a second connection finds during it
 * is during; after it, kept or not (keep), WAL.
 */
static void
load_batch(xf_ledger *l, const char *path, int row, const char *want,
    const char *during, int keep)
{
	char	 buf[512], mode[32];

	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(reg(l, item(defaults, row, "received_at", "2017-07-21",
	    NULL), buf, sizeof(buf)), want);
	CHECK_STR(mode_of(path, mode, sizeof(mode)), during);
	CHECK((keep ? xf_ledger_commit(l) : xf_ledger_rollback(l)) == 0);
	CHECK_STR(mode_of(path, mode, sizeof(mode)), "wal");
}

/*
 * A batch on a ledger without items writes through a rollback journal,
 * then the ledger is in WAL again, whether the batch was kept or not;
 * a batch on a ledger with items, or one that another connection has
 * open, stays in WAL.
 */
static void
test_first_load(void)
{
	char		 path[256], mode[32], err[512];
	sqlite3		*other = NULL;
	xf_ledger	*l;

	path_of("first.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL)
		return;
	CHECK_STR(mode_of(path, mode, sizeof(mode)), "wal");
	/* Rolled back: nothing kept; then kept; then with an item in it. */
	load_batch(l, path, 2, "20170721-0001", "delete", 0);
	CHECK(sql_int(path, "SELECT count(*) FROM items") == 0);
	load_batch(l, path, 2, "20170721-0001", "delete", 1);
	CHECK(sql_int(path, "SELECT count(*) FROM items") == 1);
	load_batch(l, path, 3, "20170721-0002", "wal", 1);
	xf_ledger_close(l);
	remove_ledger(path);

	/* Another connection has the new ledger open: WAL throughout. */
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL)
		return;
	CHECK(sqlite3_open_v2(path, &other, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK);
	CHECK(sqlite3_exec(other, "SELECT count(*) FROM items", NULL, NULL,
	    NULL) == SQLITE_OK);
	load_batch(l, path, 2, "20170721-0001", "wal", 1);
	sqlite3_close(other);
	CHECK(sql_int(path, "SELECT count(*) FROM items") == 1);
	xf_ledger_close(l);
	remove_ledger(path);
}

/*
 * While a ledger is open, SQLite's log beside it is private too; the
 * events refuse UPDATE and DELETE, even in raw SQL (triggers).
 */
static void
test_events_file(void)
{
	char		 path[256], side[300], buf[512], err[512];
	struct stat	 st;
	xf_ledger	*l;

	path_of("events.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL)
		return;
	xf_ledger_set_actor(l, "alice", "t-store-sqlite");
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(reg(l, item(defaults, 2, "received_at", "2017-07-21",
	    NULL), buf, sizeof(buf)), "20170721-0001");
	CHECK_STR(reg(l, item(defaults, 3, "received_at", "2017-07-21",
	    NULL), buf, sizeof(buf)), "20170721-0002");
	xf_ledger_set_actor(l, "bob", "xf-intake");
	CHECK_STR(reg(l, item(defaults, 4, "received_at", "2017-07-22",
	    NULL), buf, sizeof(buf)), "20170722-0001");
	CHECK(xf_ledger_commit(l) == 0);
	/* (A first load writes no WAL: test_first_load(); the next does.) */
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(reg(l, item(defaults, 5, "received_at", "2017-07-23",
	    NULL), buf, sizeof(buf)), "20170723-0001");

	snprintf(side, sizeof(side), "%s-wal", path);
	CHECK(stat(side, &st) == 0 && (st.st_mode & 07777) == 0600);
	CHECK(xf_ledger_rollback(l) == 0);

	CHECK(sql_int(path, "SELECT count(*) FROM events") == 3);
	CHECK(sql_exec(path, "UPDATE events SET actor = 'eve'") != SQLITE_OK);
	CHECK(sql_exec(path, "DELETE FROM events") != SQLITE_OK);
	CHECK(sql_int(path, "SELECT count(*) FROM events WHERE actor = "
	    "'alice'") == 2);
	CHECK(sql_int(path, "SELECT count(*) FROM events") == 3);
	xf_ledger_close(l);
	remove_ledger(path);
}

/*
 * The day's counter (day_seq): a batch rolled back leaves no number
 * taken; a savepoint undone gives its number back.
 */
static void
test_day_seq(void)
{
	char		 path[256], buf[512], err[512];
	xf_ledger	*l;

	path_of("dayseq.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL)
		return;
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(reg(l, item(defaults, 2, "received_at", "2017-07-11",
	    "ref", "X", NULL), buf, sizeof(buf)), "20170711-0001");
	CHECK(xf_ledger_rollback(l) == 0);
	CHECK(sql_int(path, "SELECT count(*) FROM items") == 0);
	CHECK(sql_int(path, "SELECT count(*) FROM events") == 0);
	CHECK(sql_int(path, "SELECT count(*) FROM day_seq") == 0);

	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_mark(l) == 0);
	CHECK_STR(reg(l, item(defaults, 2, "received_at", "2017-07-12",
	    "ref", "I1", NULL), buf, sizeof(buf)), "20170712-0001");
	CHECK(xf_ledger_release(l) == 0);
	CHECK(xf_ledger_mark(l) == 0);
	CHECK_STR(reg(l, item(defaults, 3, "received_at", "2017-07-12",
	    "ref", "I2", NULL), buf, sizeof(buf)), "20170712-0002");
	CHECK(xf_ledger_undo(l) == 0);
	CHECK(xf_ledger_mark(l) == 0);
	CHECK_STR(reg(l, item(defaults, 4, "received_at", "2017-07-12",
	    "ref", "I3", NULL), buf, sizeof(buf)), "20170712-0002");
	CHECK(xf_ledger_release(l) == 0);
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(sql_int(path, "SELECT n FROM day_seq WHERE day = "
	    "'2017-07-12'") == 2);
	CHECK(sql_int(path, "SELECT count(*) FROM events WHERE details = "
	    "'{\"file\":\"items.csv\",\"line\":3}'") == 0);
	/* Past 9999 a day, the number grows a digit (day_id()). */
	CHECK(sql_exec(path, "UPDATE day_seq SET n = 9999 WHERE day = "
	    "'2017-07-12'") == SQLITE_OK);
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(reg(l, item(defaults, 5, "received_at", "2017-07-12",
	    "ref", "I4", NULL), buf, sizeof(buf)), "20170712-10000");
	CHECK(xf_ledger_commit(l) == 0);
	xf_ledger_close(l);
	remove_ledger(path);
}

/*
 * Undoing batches puts the row back exactly, every column of it (extra,
 * fingerprint and likeness included, which the public API does not
 * show); the batches table says who undid whom; a void clears the ref
 * and the fingerprint of the row.
 */
static void
test_row_image(void)
{
	char		 path[256], buf[512], err[512], before[4096];
	char		 after[4096];
	const char	*fields[] = { "people", "name" };
	const char	*values[] = { "6", "张三丰" };
	struct xf_edit	 e;
	struct xf_step	 st;
	xf_ledger	*l;
	xf_record	*r = xf_record_new();

	path_of("image.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL || r == NULL) {
		xf_record_free(r);
		xf_ledger_close(l);
		return;
	}
	xf_ledger_set_actor(l, "tester", "t-store-sqlite");
	CHECK(xf_ledger_set_batch(l, "[\"a.csv\"]", "[\"a.csv\"]") == 0);
	CHECK(xf_ledger_begin(l) == 0);
	CHECK_STR(reg(l, item(defaults, 2, "received_at", "2017-07-11",
	    "ref", "M1", "name", "张三", "channel", "visit", "备注", "加急",
	    NULL), buf, sizeof(buf)), "20170711-0001");
	CHECK_STR(reg(l, item(defaults, 3, "received_at", "2017-07-12",
	    "ref", "M2", "name", "李四", NULL), buf, sizeof(buf)),
	    "20170712-0001");
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(sql_int(path, "SELECT count(*) FROM batches") == 1);
	CHECK(sql_int(path, "SELECT count(*) FROM events WHERE batch = 1") ==
	    2);

	/* Batch 2 corrects, batch 3 accepts; 4 undoes 3, 5 undoes 2. */
	row_of(path, "20170711-0001", before, sizeof(before));
	CHECK(strstr(before, "fingerprint=") != NULL);
	memset(&e, 0, sizeof(e));
	e.op = XF_EDIT_SET;
	e.field = fields;
	e.value = values;
	e.n = 2;
	e.reason = "登记错误";
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_edit(l, "20170711-0001", &e, r) == XF_APPLIED);
	CHECK(xf_ledger_commit(l) == 0);
	xf_step_init(&st, XF_ACT_ACCEPT);
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_step(l, "20170711-0001", &st, r) == XF_APPLIED);
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(strcmp(row_of(path, "20170711-0001", after, sizeof(after)),
	    before) != 0);
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_undo_batch(l, 3, "误受理", NULL, NULL) == 1);
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_undo_batch(l, 2, "改回", NULL, NULL) == 1);
	CHECK(xf_ledger_commit(l) == 0);
	CHECK_STR(row_of(path, "20170711-0001", after, sizeof(after)), before);
	CHECK(sql_int(path, "SELECT undone_by FROM batches WHERE n = 2") == 5);
	CHECK(sql_int(path, "SELECT undoes FROM batches WHERE n = 4") == 3);

	/*
	 * Each change writes the columns that changed: a statement a set
	 * of them, 8 kept.  Ten sets in one batch, then the first again
	 * (made anew): every value where it belongs.
	 */
	{
		const char	*f1[] = { "name" }, *v1[] = { "甲" };
		const char	*sets[][2] = { { "people", "2" },
				    { "address", "某地" }, { "title", "标题" },
				    { "content", "内容" }, { "channel", "letter" },
				    { "lodged_level", "township" },
				    { "region", "110101" },
				    { "phone", "13800000000" }, { "name", "乙" } };
		size_t		 i;

		memset(&e, 0, sizeof(e));
		e.op = XF_EDIT_SET;
		e.reason = "x";
		e.n = 1;
		CHECK(xf_ledger_begin(l) == 0);
		e.field = f1;
		e.value = v1;
		CHECK(xf_ledger_edit(l, "20170712-0001", &e, r) ==
		    XF_APPLIED);
		for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
			e.field = &sets[i][0];
			e.value = &sets[i][1];
			CHECK(xf_ledger_edit(l, "20170712-0001", &e, r) ==
			    XF_APPLIED);
		}
		e.field = f1;
		e.value = v1;
		CHECK(xf_ledger_edit(l, "20170712-0001", &e, r) ==
		    XF_APPLIED);
		CHECK(xf_ledger_commit(l) == 0);
		CHECK_STR(sql_text(path, "SELECT name || people || address ||"
		    " title || content || channel || lodged_level || region ||"
		    " phone || ref FROM items WHERE id = '20170712-0001'", buf,
		    sizeof(buf)), "甲2某地标题内容lettertownship110101"
		    "13800000000M2");
	}

	/* Voided: the ref and the fingerprint go from the row. */
	memset(&e, 0, sizeof(e));
	e.op = XF_EDIT_VOID;
	e.reason = "重复";
	CHECK(xf_ledger_begin(l) == 0);
	CHECK(xf_ledger_edit(l, "20170712-0001", &e, r) == XF_APPLIED);
	CHECK(xf_ledger_commit(l) == 0);
	CHECK(sql_int(path, "SELECT ref IS NULL AND fingerprint IS NULL FROM "
	    "items WHERE id = '20170712-0001'") == 1);
	xf_record_free(r);
	xf_ledger_close(l);
	remove_ledger(path);
}

/*
 * A risk the rules set is stored as an integer, and who set each value
 * in the table classified; an undo puts the sources back.
 */
static void
test_class_columns(void)
{
	char			 path[256], err[512], b[1024], e[1024];
	struct xf_classifier	 cl;
	xf_ledger		*l;

	path_of("risk.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	if (l == NULL)
		return;
	CHECK(xf_ledger_begin(l) == 0);
	add_item(l, "讨薪", "公司拖欠工资", NULL);
	CHECK(xf_ledger_commit(l) == 0);
	memset(&cl, 0, sizeof(cl));
	cl.rules = rules("50\t拖欠工资\tcategory=劳动和社会保障/工资福利\t"
	    "risk=2\n10\t讨薪\trisk=1 claim=reasonable\n", e, sizeof(e));
	CHECK(cl.rules != NULL);
	if (cl.rules != NULL) {
		CHECK(xf_ledger_begin(l) == 0);
		CHECK_STR(classify(l, "20170721-0001", &cl, b, sizeof(b)),
		    "applied category=劳动和社会保障/工资福利(rule) "
		    "claim=reasonable(rule) risk=2(rule)");
		CHECK(xf_ledger_commit(l) == 0);
		CHECK(sql_int(path, "SELECT risk FROM items WHERE id = "
		    "'20170721-0001'") == 2);
		CHECK(sql_int(path, "SELECT typeof(risk) = 'integer' FROM "
		    "items WHERE id = '20170721-0001'") == 1);
		CHECK(sql_int(path, "SELECT count(*) FROM classified WHERE "
		    "source = 'rule'") == 3);
		/*
		 * Their image (the ledger's, no trigger's): undone, no
		 * source; the undo undone, the rules' again.
		 */
		CHECK_STR(sql_text(path, "SELECT value FROM images WHERE batch"
		    " = 2 AND col = '$classified'", b, sizeof(b)), "{}");
		CHECK(xf_ledger_begin(l) == 0);
		CHECK(xf_ledger_undo_batch(l, 2, "错", NULL, NULL) == 1);
		CHECK(xf_ledger_commit(l) == 0);
		CHECK(sql_int(path, "SELECT count(*) FROM classified") == 0);
		CHECK(sql_int(path, "SELECT risk IS NULL FROM items") == 1);
		CHECK(xf_ledger_begin(l) == 0);
		CHECK(xf_ledger_undo_batch(l, 3, "错", NULL, NULL) == 1);
		CHECK(xf_ledger_commit(l) == 0);
		CHECK_STR(sql_text(path, "SELECT group_concat(field || ':' ||"
		    " source, ' ') FROM (SELECT * FROM classified ORDER BY"
		    " field)", b, sizeof(b)), "category:rule claim:rule"
		    " risk:rule");
		CHECK(sql_int(path, "SELECT risk FROM items") == 2);
		xf_rules_free(cl.rules);
	}
	xf_ledger_close(l);
	remove_ledger(path);
}

/* The store's page cache, in KB, as SQLite has it. */
static int64_t
cache_kb(struct xf_db *d)
{
	struct xf_stmt	*s = xf_db_prepare(d, "PRAGMA cache_size");
	int64_t		 n = 0;

	if (s != NULL && xf_db_step(s) == XF_DB_ROW)
		n = -xf_db_int(s, 0);
	xf_db_finalize(s);
	return n;
}

/*
 * The page cache to register items: an eighth of the ledger (a file of
 * 1 GB, sparse, as stat() sees it), from 32 MB to 256, never smaller.
 */
static void
test_cache(void)
{
	static const int64_t	 mb[] = { 0, 1024, 4096, 1024 };
	static const int64_t	 want[] = { 32768, 131072, 262144, 262144 };
	char			 path[256], err[256];
	struct xf_db		*d;
	xf_ledger		*l;
	size_t			 i;

	path_of("cache.db", path, sizeof(path));
	l = xf_ledger_open(path, defaults, 0, err, sizeof(err));
	CHECK(l != NULL);
	xf_ledger_close(l);
	d = xf_store_sqlite.open(path, 0, 1000, err, sizeof(err));
	CHECK(d != NULL);
	if (d == NULL)
		return;
	CHECK(cache_kb(d) == 32768);
	for (i = 0; i < sizeof(mb) / sizeof(mb[0]); i++) {
		if (mb[i] > 0)
			CHECK(truncate(path, mb[i] * 1024 * 1024) == 0);
		CHECK(xf_store_sqlite.adding(d) == 0);
		CHECK(cache_kb(d) == want[i]);
	}
	xf_store_sqlite.close(d);
	/* A reader's stays 32 MB. */
	d = xf_store_sqlite.open(path, XF_DB_READONLY, 1000, err,
	    sizeof(err));
	CHECK(d != NULL && cache_kb(d) == 32768);
	xf_store_sqlite.close(d);
	remove_ledger(path);
}

/*
 * A statement whose journal outgrows the 4 MB SQLite holds in memory:
 * its pages written to a temporary file (in pieces, sqlite-vfs.c), the
 * statement done.  200 rows of 30,000 bytes, about 100 pages of 64 KB,
 * each changed by one UPDATE inside a transaction (a unique column: the
 * statement may fail halfway, so SQLite journals it): 6.5 MB of
 * journal.  SQLite's own files wrote nothing of the 4 MB in one call:
 * "database or disk is full".  Undone whole by the transaction's
 * rollback.
 */
static void
test_statement_journal(void)
{
	char		 path[256], err[256], b[64];
	struct xf_db	*d;

	path_of("journal.db", path, sizeof(path));
	d = xf_store_sqlite.open(path, 0, 1000, err, sizeof(err));
	CHECK(d != NULL);
	if (d == NULL)
		return;
	CHECK(xf_db_exec(d, "CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT,"
	    " u INTEGER UNIQUE); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
	    " SELECT i + 1 FROM n WHERE i < 200) INSERT INTO t SELECT i,"
	    " printf('%.*c', 30000, 'x'), i FROM n") == 0);
	CHECK(xf_store_sqlite.begin(d) == 0);
	CHECK(xf_db_exec(d, "UPDATE t SET u = u + 1000, v = v || 'y'") == 0);
	CHECK(xf_db_exec(d, "UPDATE t SET u = u + 1000, v = v || 'z'") == 0);
	CHECK(xf_store_sqlite.rollback(d) == 0);
	xf_store_sqlite.close(d);
	CHECK(sql_int(path, "SELECT count(*) FROM t WHERE u = k AND"
	    " length(v) = 30000") == 200);
	CHECK_STR(sql_text(path, "PRAGMA page_size", b, sizeof(b)), "65536");
	remove_ledger(path);
}

int
main(void)
{
	char	 err[256];

	umask(0);
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	if (setenv("XF_NOW", "2017-07-25 09:00:00", 1) == -1) {
		perror("setenv");
		return 1;
	}
	defaults = xf_settings_new(NULL, err, sizeof(err));
	if (defaults == NULL) {
		printf("settings: %s\n", err);
		return 1;
	}
	test_file();
	test_cache();
	test_statement_journal();
	test_events_file();
	test_first_load();
	test_day_seq();
	test_row_image();
	test_migrate_v1();
	test_class_columns();
	test_migrate_v2();
	xf_settings_free(defaults);
	if (rmdir(tmpdir) == -1)
		printf("rmdir %s: %s\n", tmpdir, strerror(errno));
	return test_done("t-store-sqlite");
}
