/*
 * sqlite-schema.c - the schema of a ledger kept in SQLite: each step
 * from version N-1 to N (PRAGMA user_version), applied in order by
 * migrate() in ledger.c through the store's operations.
 */
#include <stddef.h>

#include "xf-private.h"
#include "store/sqlite.h"

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
	/* Narrow indexes for repeats: a person has few items. */
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
	") WITHOUT ROWID;",

	/* 2: the casework: acceptance to closure, deadlines, visits */
	"ALTER TABLE items ADD COLUMN accepted_at TEXT;"
	"ALTER TABLE items ADD COLUMN transferred_to TEXT;"
	"ALTER TABLE items ADD COLUMN refusal_route TEXT;"
	"ALTER TABLE items ADD COLUMN handler TEXT;"
	"ALTER TABLE items ADD COLUMN lead TEXT;"
	"ALTER TABLE items ADD COLUMN rung TEXT;"
	"ALTER TABLE items ADD COLUMN extended_days INTEGER;"
	"ALTER TABLE items ADD COLUMN extension_reason TEXT;"
	"ALTER TABLE items ADD COLUMN replied_at TEXT;"
	"ALTER TABLE items ADD COLUMN reply TEXT;"
	"ALTER TABLE items ADD COLUMN reply_on_time INTEGER;"
	"ALTER TABLE items ADD COLUMN review_at TEXT;"
	"ALTER TABLE items ADD COLUMN reviewed_at TEXT;"
	"ALTER TABLE items ADD COLUMN review_result TEXT;"
	"ALTER TABLE items ADD COLUMN rereview_at TEXT;"
	"ALTER TABLE items ADD COLUMN hearing_days INTEGER;"
	"ALTER TABLE items ADD COLUMN rereviewed_at TEXT;"
	"ALTER TABLE items ADD COLUMN rereview_result TEXT;"
	"ALTER TABLE items ADD COLUMN closed_at TEXT;"
	"ALTER TABLE items ADD COLUMN close_basis TEXT;"
	"ALTER TABLE items ADD COLUMN satisfaction TEXT;"
	"ALTER TABLE items ADD COLUMN due TEXT;"
	"ALTER TABLE items ADD COLUMN due_days INTEGER;"
	/* Items registered before: the acceptance deadline, 15 days. */
	"UPDATE items SET due = date(substr(received_at, 1, 10), '+15 days'),"
	"  due_days = 15"
	"  WHERE status = 'registered';"
	"CREATE INDEX items_due ON items(due) WHERE due IS NOT NULL;"
	"CREATE INDEX items_unit ON items(unit) WHERE unit IS NOT NULL;"
	/* The load of a handler or a lead official, for rosters. */
	"CREATE INDEX items_handler ON items(handler, status)"
	"  WHERE handler IS NOT NULL;"
	"CREATE INDEX items_lead ON items(lead, status) WHERE lead IS NOT NULL;"
	"CREATE TABLE visits ("
	"  seq INTEGER PRIMARY KEY,"
	"  item TEXT NOT NULL REFERENCES items(id),"
	"  at TEXT NOT NULL,"
	"  visitor TEXT,"
	"  kind TEXT NOT NULL,"
	"  participants TEXT,"
	"  outcome TEXT,"
	"  notes TEXT,"
	"  threat INTEGER NOT NULL,"
	"  UNIQUE (item, at, kind)"
	");",

	/* 3: classification */
	"ALTER TABLE items ADD COLUMN claim TEXT;"
	"ALTER TABLE items ADD COLUMN risk INTEGER;"
	"ALTER TABLE items ADD COLUMN key_case INTEGER;"
	/*
	 * Who set a classification field: person, rule or model.  A value
	 * without a row here came from a person (xf-intake, or before
	 * version 3); rules and the model never replace a person's value
	 * unless forced.
	 */
	"CREATE TABLE classified ("
	"  item TEXT NOT NULL REFERENCES items(id),"
	"  field TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  PRIMARY KEY (item, field)"
	") WITHOUT ROWID;"
	/* The learned classifiers (xf-classify --learn), as xf_model_save(). */
	"CREATE TABLE models ("
	"  name TEXT PRIMARY KEY,"
	"  trained_at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  examples INTEGER NOT NULL,"
	"  labels INTEGER NOT NULL,"
	"  data BLOB NOT NULL"
	");"
	/*
	 * The day's report (xf-stats daily) counts the day's steps, and
	 * their people, from these indexes alone, without reading an item:
	 * under 200 ms on 10M items.  items_due grows for the same reason.
	 */
	"CREATE INDEX items_accepted ON items(accepted_at, people)"
	"  WHERE accepted_at IS NOT NULL;"
	"CREATE INDEX items_replied ON items(replied_at, people)"
	"  WHERE replied_at IS NOT NULL;"
	"CREATE INDEX items_closed ON items(closed_at, people)"
	"  WHERE closed_at IS NOT NULL;"
	"DROP INDEX items_due;"
	"CREATE INDEX items_due ON items(due, status, people)"
	"  WHERE due IS NOT NULL;"
	"CREATE INDEX visits_at ON visits(at);"
	/* The repeats of an item (one-time resolution, xf-stats rates). */
	"CREATE INDEX items_repeat_of ON items(repeat_of)"
	"  WHERE repeat_of IS NOT NULL;",

	/*
	 * 4: the identity of an item as imported (xf_identity()), so that
	 * a row without a ref is registered once; a repeat of a case
	 * closed as final (不再受理).  Items registered before get theirs
	 * from the values they hold.
	 */
	"ALTER TABLE items ADD COLUMN not_again INTEGER;"
	"ALTER TABLE items ADD COLUMN fingerprint INTEGER;"
	"ALTER TABLE items ADD COLUMN likeness INTEGER;"
	"UPDATE items SET fingerprint = xf_identity(1, received_at, id_number,"
	"  name, phone, title, content), likeness = xf_identity(0,"
	"  received_at, id_number, name, phone, title, content);"
	"CREATE INDEX items_likeness ON items(likeness, fingerprint)"
	"  WHERE likeness IS NOT NULL;",

	/*
	 * 5: an item's likeness looked up through the index of its
	 * petitioner, whose pages a batch reads anyway for repeats: an
	 * index of likeness alone, random keys, made a batch of 1M items
	 * 25% slower once it outgrew the page cache.  Only the items
	 * without an ID number or phone keep one.
	 */
	"DROP INDEX items_likeness;"
	"CREATE INDEX items_likeness ON items(likeness)"
	"  WHERE likeness IS NOT NULL AND id_number IS NULL AND phone IS NULL;",

	/*
	 * 6: handlings (办理轮次).  A reopened case is handled anew, and
	 * its earlier handling is kept as it ended: a report over a past
	 * period counts the case as it stood then.  The times of the
	 * acceptance decision, the assignment and the unit's acceptance.
	 * Ledgers made before take them, and their earlier handlings, from
	 * the events (handlings_from_events()).
	 */
	"ALTER TABLE items ADD COLUMN handling INTEGER;"
	"ALTER TABLE items ADD COLUMN reopened_at TEXT;"
	"ALTER TABLE items ADD COLUMN decided_at TEXT;"
	"ALTER TABLE items ADD COLUMN assigned_at TEXT;"
	"ALTER TABLE items ADD COLUMN unit_accepted_at TEXT;"
	"ALTER TABLE items ADD COLUMN reply_due TEXT;"
	"CREATE TABLE handlings ("
	"  item TEXT NOT NULL REFERENCES items(id),"
	"  n INTEGER NOT NULL,"
	"  opened_at TEXT,"
	"  status TEXT NOT NULL,"
	"  unit TEXT,"
	"  decided_at TEXT,"
	"  accepted_at TEXT,"
	"  transferred_to TEXT,"
	"  refusal_route TEXT,"
	"  assigned_at TEXT,"
	"  unit_accepted_at TEXT,"
	"  handler TEXT,"
	"  lead TEXT,"
	"  rung TEXT,"
	"  extended_days INTEGER,"
	"  extension_reason TEXT,"
	"  reply_due TEXT,"
	"  replied_at TEXT,"
	"  reply TEXT,"
	"  reply_on_time INTEGER,"
	"  review_at TEXT,"
	"  reviewed_at TEXT,"
	"  review_result TEXT,"
	"  rereview_at TEXT,"
	"  hearing_days INTEGER,"
	"  rereviewed_at TEXT,"
	"  rereview_result TEXT,"
	"  closed_at TEXT,"
	"  close_basis TEXT,"
	"  satisfaction TEXT,"
	"  due TEXT,"
	"  due_days INTEGER,"
	"  PRIMARY KEY (item, n)"
	") WITHOUT ROWID;"
	"CREATE TRIGGER handlings_never_changed BEFORE UPDATE ON handlings"
	"  BEGIN SELECT RAISE(ABORT, 'handlings are never changed'); END;"
	"CREATE TRIGGER handlings_never_deleted BEFORE DELETE ON handlings"
	"  BEGIN SELECT RAISE(ABORT, 'handlings are never deleted'); END;"
	"UPDATE items SET assigned_at = (SELECT max(at) FROM events"
	"  WHERE item = items.id AND action = 'assign') WHERE unit IS NOT NULL;"
	"UPDATE items SET handling = 1 + (SELECT count(*) FROM events"
	"  WHERE item = items.id AND action = 'reopen'),"
	"  reopened_at = (SELECT max(at) FROM events WHERE item = items.id"
	"  AND action = 'reopen') WHERE id IN (SELECT item FROM events"
	"  WHERE action = 'reopen');"
	"UPDATE items SET reply_due = (SELECT json_extract(details, '$.due')"
	"  FROM events WHERE item = items.id AND action IN ('accept',"
	"  'assign', 'extend') AND json_extract(details, '$.due') <> ''"
	"  AND seq > IFNULL((SELECT max(seq) FROM events WHERE item ="
	"  items.id AND action = 'reopen'), 0) ORDER BY seq DESC LIMIT 1)"
	"  WHERE accepted_at IS NOT NULL;"
	"UPDATE items SET decided_at = IFNULL(accepted_at, (SELECT min(at)"
	"  FROM events WHERE item = items.id AND action IN ('transfer',"
	"  'refuse'))) WHERE handling IS NULL AND status <> 'registered';",

	/* 7: the day's decisions (xf-stats daily), from the index alone. */
	"CREATE INDEX items_decided ON items(decided_at, people)"
	"  WHERE decided_at IS NOT NULL;",

	/* 8: a unit's refusal of a case, with notice, as its decision. */
	"ALTER TABLE items ADD COLUMN unit_declined_at TEXT;"
	"ALTER TABLE handlings ADD COLUMN unit_declined_at TEXT;",

	/*
	 * 9: batches (xf-edit).  Every run that writes is a numbered batch
	 * its events, visits and kept handlings name; each column of an
	 * item as it stood before a batch first changed it (its image,
	 * kept by the triggers of images_trigger()) lets the batch be
	 * undone.
	 * An item voided stays, out of every count (the views live_*);
	 * one merged into another names it.  A handling kept by a batch
	 * that was undone is the only one ever deleted.
	 */
	"CREATE TABLE batches ("
	"  n INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  program TEXT NOT NULL,"
	"  args TEXT,"
	"  files TEXT,"
	"  ended INTEGER,"
	"  undoes INTEGER,"
	"  undone_by INTEGER,"
	"  undone_at TEXT"
	");"
	"ALTER TABLE events ADD COLUMN batch INTEGER;"
	"CREATE INDEX events_batch ON events(batch) WHERE batch IS NOT NULL;"
	"ALTER TABLE visits ADD COLUMN batch INTEGER;"
	"ALTER TABLE handlings ADD COLUMN batch INTEGER;"
	"ALTER TABLE items ADD COLUMN voided_at TEXT;"
	"ALTER TABLE items ADD COLUMN merged_into TEXT;"
	"CREATE TABLE images ("
	"  batch INTEGER NOT NULL,"
	"  item TEXT NOT NULL,"
	"  col TEXT NOT NULL,"
	"  value,"
	"  PRIMARY KEY (batch, item, col)"
	") WITHOUT ROWID;"
	"DROP TRIGGER handlings_never_deleted;"
	"CREATE TRIGGER handlings_never_deleted BEFORE DELETE ON handlings"
	"  WHEN NOT EXISTS (SELECT 1 FROM batches WHERE n = OLD.batch AND"
	"  undone_by IS NOT NULL)"
	"  BEGIN SELECT RAISE(ABORT, 'handlings are never deleted'); END;",

	/*
	 * 10: the papers of a case (xf-notice): each document issued, of a
	 * handling, with its number (文号), a sequence per kind and year,
	 * and its delivery (送达).  A document reissued keeps its row,
	 * replaced by the row of the new number.
	 */
	"CREATE TABLE documents ("
	"  seq INTEGER PRIMARY KEY,"
	"  item TEXT NOT NULL REFERENCES items(id),"
	"  handling INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  number TEXT NOT NULL,"
	"  issued_at TEXT NOT NULL,"
	"  reason TEXT,"
	"  replaced_by INTEGER REFERENCES documents(seq),"
	"  delivered_at TEXT,"
	"  method TEXT,"
	"  refused_to_sign INTEGER,"
	"  batch INTEGER,"
	"  UNIQUE (kind, year, n)"
	");"
	"CREATE INDEX documents_item ON documents(item, handling, kind);",

	/*
	 * 11: when the reply (处理意见书) was delivered, from which the
	 * evaluation window runs; from the documents delivered before.
	 */
	"ALTER TABLE items ADD COLUMN reply_delivered_at TEXT;"
	"ALTER TABLE handlings ADD COLUMN reply_delivered_at TEXT;"
	"UPDATE items SET reply_delivered_at = (SELECT d.delivered_at FROM"
	"  documents d WHERE d.item = items.id AND d.kind = 'opinion' AND"
	"  d.handling = IFNULL(items.handling, 1) AND d.replaced_by IS NULL)"
	"  WHERE id IN (SELECT item FROM documents WHERE kind = 'opinion' AND"
	"  delivered_at IS NOT NULL);",

	/*
	 * 12: the leader who received a visit (领导接访), and the
	 * measures taken against unlawful petitioning (依法处理: 训诫,
	 * 行政拘留, 逮捕, ...) on a case, each on its day with the number
	 * of persons it concerned (xf-close --measure).
	 */
	"ALTER TABLE items ADD COLUMN received_by TEXT;"
	"ALTER TABLE items ADD COLUMN received_level TEXT;"
	"CREATE TABLE lawful_measures ("
	"  seq INTEGER PRIMARY KEY,"
	"  item TEXT NOT NULL REFERENCES items(id),"
	"  handling INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  people INTEGER NOT NULL,"
	"  notes TEXT,"
	"  batch INTEGER,"
	"  UNIQUE (item, kind, at)"
	");"
	"CREATE INDEX lawful_measures_at ON lawful_measures(at);"
	/*
	 * The key persons (重点人员, xf-person): one row a person, by ID
	 * number, else by name and phone (the key); the grade, the
	 * categories, the unit and the officials of the five duties (五包);
	 * the contacts made (见面), like visits.
	 */
	"CREATE TABLE persons ("
	"  seq INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE,"
	"  name TEXT,"
	"  id_number TEXT,"
	"  phone TEXT,"
	"  grade INTEGER NOT NULL,"
	"  categories TEXT,"
	"  unit TEXT,"
	"  lead TEXT,"
	"  duty_reception TEXT,"
	"  duty_coordination TEXT,"
	"  duty_handling TEXT,"
	"  duty_settlement TEXT,"
	"  duty_control TEXT,"
	"  registered_at TEXT NOT NULL,"
	"  batch INTEGER"
	");"
	"CREATE TABLE person_contacts ("
	"  seq INTEGER PRIMARY KEY,"
	"  person INTEGER NOT NULL REFERENCES persons(seq),"
	"  at TEXT NOT NULL,"
	"  official TEXT NOT NULL,"
	"  how TEXT,"
	"  notes TEXT,"
	"  batch INTEGER,"
	"  UNIQUE (person, at, official)"
	");"
	/* A person as it stood before a batch first changed it. */
	"CREATE TABLE person_images ("
	"  batch INTEGER NOT NULL,"
	"  person INTEGER NOT NULL,"
	"  row TEXT NOT NULL,"
	"  PRIMARY KEY (batch, person)"
	") WITHOUT ROWID;",

	/*
	 * 13: the items of a place (xf-query --region, a region's counts)
	 * by an index, not a scan of the table; with whether each is
	 * voided, which every list asks (live_items), and when it was
	 * received, so that a count, or a place within a month, reads the
	 * index alone: 7-10 ms where a scan took 300 on 1M items.
	 */
	"CREATE INDEX items_region ON items(region, voided_at, received_at)"
	"  WHERE region IS NOT NULL;",

	/*
	 * 14: a unit's cases by their deadline (xf-query --unit U
	 * --overdue --count, a unit's backlog) from the index alone: on
	 * 1M items 10 ms where items_unit, with a look at each row, took
	 * 250.  items_unit stays: it gives a unit's cases in the order
	 * they were registered, so that a list streams its first rows.
	 */
	"CREATE INDEX items_unit_due ON items(unit, voided_at, due)"
	"  WHERE unit IS NOT NULL;",

	/*
	 * 15: nothing here; on PostgreSQL the day arithmetic of date()
	 * made inline (lib/store/pg-day.sql).
	 */
	NULL,

	/*
	 * 16: a person's open cases (xf-assign --roster's load, for each
	 * case and each person of the unit) counted from the index alone,
	 * with whether each is voided: where each row was read, which made
	 * a roster's batch quadratic (8,000 cases of a 100,000 ledger: 3.2
	 * s of counting, 0.6 with these).
	 */
	"DROP INDEX items_handler;"
	"CREATE INDEX items_handler ON items(handler, status, voided_at)"
	"  WHERE handler IS NOT NULL;"
	"DROP INDEX items_lead;"
	"CREATE INDEX items_lead ON items(lead, status, voided_at)"
	"  WHERE lead IS NOT NULL;",

	/*
	 * 17: how many items each place received each day, the voided
	 * apart: a place's count (xf-query --region --count), over days or
	 * all, adds a row a day where items_region's entries were read one
	 * by one (a county of 550,000 items on 1M: 48 ms), and a list
	 * finds how many it is choosing among (place_plan() in ledger.c).
	 * The day is received_at's as written, as --from and --to compare
	 * it.  Kept by each write that adds an item or changes its place,
	 * day or voiding (placed() in ledger.c), not by triggers: a trigger
	 * on items made every write of the table keep a statement journal
	 * of its 64 KB pages (an intake of 100,000 took 9.3 s, not 4.0).
	 */
	"CREATE TABLE place_days ("
	"  region TEXT NOT NULL,"
	"  day TEXT NOT NULL,"
	"  live INTEGER NOT NULL,"
	"  items INTEGER NOT NULL,"
	"  PRIMARY KEY (region, day)"
	") WITHOUT ROWID;"
	XF_SQLITE_PLACE_DAYS,

	/*
	 * 18: the triggers of the images made again (sq_images() in
	 * sqlite.c), as every step does: an image kept already left by OR
	 * IGNORE, where each looked for it first.  The image
	 * of the sources of a classification kept by the ledger
	 * (sources_image() in ledger.c), not by triggers on classified.
	 */
	"DROP TRIGGER IF EXISTS classified_image_0;"
	"DROP TRIGGER IF EXISTS classified_image_1;"
	"DROP TRIGGER IF EXISTS classified_image_2;",
};

const char *
xf_sqlite_migration(int v)
{
	if (v < 0 || v >= (int)(sizeof migrations / sizeof migrations[0]))
		return NULL;
	return migrations[v];
}
