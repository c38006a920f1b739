-- lib/store/pg-schema.sql - the ledger's schema on PostgreSQL: the tables
-- of SQLite's schema 14 (lib/store/sqlite-schema.c), for many offices in
-- one database.  lib/store/pg-roles.sql adds the offices' roles and their
-- row-level security; the store applies both files, in that order, in one
-- transaction, to a database without them (psql: -1 -v ON_ERROR_STOP=1).
--
-- Loading is not idempotent but refused: the first statement creates
-- xf_schema, so a second load fails on it ('relation "xf_schema" already
-- exists') and, in its transaction, changes nothing.  The store reads
-- xf_schema.version to decide, as SQLite's migrate() reads user_version.
--
-- Version numbers: the PostgreSQL store numbers its schema as SQLite's.
-- This file is version 14, the same tables, columns and meanings as
-- SQLite's user_version 14; a later step of the ledger is one number in
-- both stores, made by a SQLite migration and its PostgreSQL twin, so a
-- ledger of version N copies to the other store's version N.  There is
-- no PostgreSQL version 1 to 12.
--
-- The same column names and meanings as SQLite, so the same programs read
-- them: integers as integer or bigint (ids of rows, batches and hashes as
-- bigint, SQLite's 64 bits), flags as integer 0/1 (not boolean),
-- timestamps and days as text, ISO 8601 exactly as SQLite keeps them, so
-- that outputs are byte for byte the same; BLOB as bytea.
--
-- Many offices: every table of case data has an office column (the
-- office code, as '131028'), and the office is part of every key: the
-- primary keys are (office, ...), each UNIQUE of SQLite is (office, ...),
-- each foreign key is (office, column) to (office, key).  So the tables
-- can be distributed by office on Citus:
--   SELECT create_distributed_table('items', 'office');  -- each table
--   SELECT create_reference_table('office_roles');
--   SELECT create_reference_table('xf_schema');
-- with items first and the others colocated with it; every foreign key
-- then joins rows of one shard.  (The identity columns are bigint, as
-- Citus requires of them.)  Only xf_schema and office_roles (in
-- pg-roles.sql) have no office: reference tables, the same on each node.
-- tests/cli/t950-pg-schema.sh proves from the catalog that every primary
-- key, unique index and foreign key of the others includes office.
--
-- No row is shared by offices: the day's sequence of ids is a row per
-- office and day, so two offices registering on the same day never wait
-- for each other; within an office, ids stay gap-free per day.  Row
-- numbers (seq of events, visits, ...; n of batches) come from identity
-- sequences: unique in the ledger, in the order of their taking, not
-- gap-free (a rolled-back batch leaves a hole).  A copy into another
-- ledger keeps the case ids and renumbers events and batches.
--
-- A repeat may be of another office's item (a person petitions at the
-- township, the county and the city: 越级), so repeat_of, an item's full
-- id, is no foreign key here: Citus cannot check a key across shards.
-- merged_into is none in SQLite either.

CREATE TABLE xf_schema (
  version integer NOT NULL
);
INSERT INTO xf_schema (version) VALUES (14);

CREATE TABLE items (
  office text NOT NULL,
  id text NOT NULL,
  ref text,
  received_at text NOT NULL,
  channel text,
  source text NOT NULL,
  lodged_level text NOT NULL,
  irregular integer NOT NULL,
  name text,
  id_number text,
  phone text,
  address text,
  people integer NOT NULL,
  "first" integer NOT NULL,
  repeat_of text,
  region text,
  title text,
  content text,
  purpose text,
  category text,
  collective integer NOT NULL,
  joint_letter integer NOT NULL,
  skip_level integer NOT NULL,
  status text NOT NULL,
  unit text,
  registered_at text NOT NULL,
  extra text,
  -- 2
  accepted_at text,
  transferred_to text,
  refusal_route text,
  handler text,
  lead text,
  rung text,
  extended_days integer,
  extension_reason text,
  replied_at text,
  reply text,
  reply_on_time integer,
  review_at text,
  reviewed_at text,
  review_result text,
  rereview_at text,
  hearing_days integer,
  rereviewed_at text,
  rereview_result text,
  closed_at text,
  close_basis text,
  satisfaction text,
  due text,
  due_days integer,
  -- 3
  claim text,
  risk integer,
  key_case integer,
  -- 4
  not_again integer,
  fingerprint bigint,
  likeness bigint,
  -- 6
  handling integer,
  reopened_at text,
  decided_at text,
  assigned_at text,
  unit_accepted_at text,
  reply_due text,
  -- 8
  unit_declined_at text,
  -- 9
  voided_at text,
  merged_into text,
  -- 11
  reply_delivered_at text,
  -- 12
  received_by text,
  received_level text,
  PRIMARY KEY (office, id),
  UNIQUE (office, ref)
);
CREATE INDEX items_received ON items (received_at);
CREATE INDEX items_id_number ON items (id_number)
  WHERE id_number IS NOT NULL;
CREATE INDEX items_phone ON items (phone) WHERE phone IS NOT NULL;
CREATE INDEX items_unit ON items (unit) WHERE unit IS NOT NULL;
-- A unit's cases by their deadline, from the index alone (schema 14).
CREATE INDEX items_unit_due ON items (unit, voided_at, due)
  WHERE unit IS NOT NULL;
CREATE INDEX items_handler ON items (handler, status)
  WHERE handler IS NOT NULL;
CREATE INDEX items_lead ON items (lead, status) WHERE lead IS NOT NULL;
CREATE INDEX items_accepted ON items (accepted_at, people)
  WHERE accepted_at IS NOT NULL;
CREATE INDEX items_replied ON items (replied_at, people)
  WHERE replied_at IS NOT NULL;
CREATE INDEX items_closed ON items (closed_at, people)
  WHERE closed_at IS NOT NULL;
CREATE INDEX items_due ON items (due, status, people)
  WHERE due IS NOT NULL;
CREATE INDEX items_repeat_of ON items (repeat_of)
  WHERE repeat_of IS NOT NULL;
CREATE INDEX items_likeness ON items (likeness)
  WHERE likeness IS NOT NULL AND id_number IS NULL AND phone IS NULL;
CREATE INDEX items_decided ON items (decided_at, people)
  WHERE decided_at IS NOT NULL;
CREATE INDEX items_region ON items (region, voided_at, received_at)
  WHERE region IS NOT NULL;

-- The event log: appended to, never changed nor deleted (the triggers
-- below, and pg-roles.sql grants no UPDATE or DELETE on it).  item is no
-- foreign key: an event may name a key person, not an item.
CREATE TABLE events (
  office text NOT NULL,
  seq bigint GENERATED BY DEFAULT AS IDENTITY,
  item text NOT NULL,
  at text NOT NULL,
  actor text NOT NULL,
  program text NOT NULL,
  action text NOT NULL,
  details text,
  batch bigint,
  PRIMARY KEY (office, seq)
);
CREATE INDEX events_item ON events (item);
CREATE INDEX events_batch ON events (batch) WHERE batch IS NOT NULL;

CREATE FUNCTION xf_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER events_never_changed BEFORE UPDATE ON events
  FOR EACH ROW EXECUTE FUNCTION xf_refuse('events are never changed');
CREATE TRIGGER events_never_deleted BEFORE DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION xf_refuse('events are never deleted');
-- TRUNCATE fires no row trigger: refused as a statement.
CREATE TRIGGER events_never_truncated BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION xf_refuse('events are never deleted');

-- The day's sequence of ids, a row per office and day.
CREATE TABLE day_seq (
  office text NOT NULL,
  day text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (office, day)
);

CREATE TABLE visits (
  office text NOT NULL,
  seq bigint GENERATED BY DEFAULT AS IDENTITY,
  item text NOT NULL,
  at text NOT NULL,
  visitor text,
  kind text NOT NULL,
  participants text,
  outcome text,
  notes text,
  threat integer NOT NULL,
  batch bigint,
  PRIMARY KEY (office, seq),
  UNIQUE (office, item, at, kind),
  FOREIGN KEY (office, item) REFERENCES items (office, id)
);
CREATE INDEX visits_at ON visits (at);

-- Who set a classification field: person, rule or model.
CREATE TABLE classified (
  office text NOT NULL,
  item text NOT NULL,
  field text NOT NULL,
  source text NOT NULL,
  PRIMARY KEY (office, item, field),
  FOREIGN KEY (office, item) REFERENCES items (office, id)
);

-- The learned classifiers, an office's own (learned from its cases).
CREATE TABLE models (
  office text NOT NULL,
  name text NOT NULL,
  trained_at text NOT NULL,
  actor text NOT NULL,
  examples integer NOT NULL,
  labels integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (office, name)
);

-- Handlings (办理轮次): each kept as it ended, never changed; deleted
-- only when the batch that kept it was undone.
CREATE TABLE handlings (
  office text NOT NULL,
  item text NOT NULL,
  n integer NOT NULL,
  opened_at text,
  status text NOT NULL,
  unit text,
  decided_at text,
  accepted_at text,
  transferred_to text,
  refusal_route text,
  assigned_at text,
  unit_accepted_at text,
  handler text,
  lead text,
  rung text,
  extended_days integer,
  extension_reason text,
  reply_due text,
  replied_at text,
  reply text,
  reply_on_time integer,
  review_at text,
  reviewed_at text,
  review_result text,
  rereview_at text,
  hearing_days integer,
  rereviewed_at text,
  rereview_result text,
  closed_at text,
  close_basis text,
  satisfaction text,
  due text,
  due_days integer,
  unit_declined_at text,
  batch bigint,
  reply_delivered_at text,
  PRIMARY KEY (office, item, n),
  FOREIGN KEY (office, item) REFERENCES items (office, id)
);
CREATE TRIGGER handlings_never_changed BEFORE UPDATE ON handlings
  FOR EACH ROW EXECUTE FUNCTION xf_refuse('handlings are never changed');

-- Batches: every run that writes; numbered from a sequence, so two
-- writers of one office each have their own.
CREATE TABLE batches (
  office text NOT NULL,
  n bigint GENERATED BY DEFAULT AS IDENTITY,
  at text NOT NULL,
  actor text NOT NULL,
  program text NOT NULL,
  args text,
  files text,
  ended integer,
  undoes bigint,
  undone_by bigint,
  undone_at text,
  PRIMARY KEY (office, n)
);

CREATE FUNCTION xf_handling_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM batches WHERE office = OLD.office
      AND n = OLD.batch AND undone_by IS NOT NULL) THEN
    RAISE EXCEPTION 'handlings are never deleted'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN OLD;
END
$$;
CREATE TRIGGER handlings_never_deleted BEFORE DELETE ON handlings
  FOR EACH ROW EXECUTE FUNCTION xf_handling_deleted();

-- Each column of an item as it stood before a batch first changed it,
-- as text (SQLite's column has no type; PostgreSQL reads it back into
-- the column's type); '$classified', the sources of its classification
-- as a JSON object.
CREATE TABLE images (
  office text NOT NULL,
  batch bigint NOT NULL,
  item text NOT NULL,
  col text NOT NULL,
  value text,
  PRIMARY KEY (office, batch, item, col)
);

-- The images are kept by triggers, as SQLite's images_trigger() makes
-- them, but for the batch the transaction names: the store says
-- SET LOCAL xf.batch = N when it opens batch N.  SQLite takes the newest
-- batch not ended; here batches of several writers are open at once.
CREATE FUNCTION xf_batch() RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('xf.batch', true), '')::bigint
$$;
CREATE FUNCTION xf_item_image() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF xf_batch() IS NOT NULL THEN
    INSERT INTO images (office, batch, item, col, value)
      SELECT OLD.office, xf_batch(), OLD.id, o.key, o.value #>> '{}'
      FROM jsonb_each(to_jsonb(OLD)) o
      JOIN jsonb_each(to_jsonb(NEW)) n ON n.key = o.key
      WHERE o.value IS DISTINCT FROM n.value
      ON CONFLICT (office, batch, item, col) DO NOTHING;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER items_image BEFORE UPDATE ON items
  FOR EACH ROW EXECUTE FUNCTION xf_item_image();
CREATE FUNCTION xf_classified_image() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  IF xf_batch() IS NOT NULL THEN
    INSERT INTO images (office, batch, item, col, value)
      SELECT r.office, xf_batch(), r.item, '$classified',
        coalesce((SELECT jsonb_object_agg(field, source)::text
          FROM classified WHERE office = r.office AND item = r.item), '{}')
      ON CONFLICT (office, batch, item, col) DO NOTHING;
  END IF;
  RETURN r;
END
$$;
CREATE TRIGGER classified_image BEFORE INSERT OR UPDATE OR DELETE
  ON classified FOR EACH ROW EXECUTE FUNCTION xf_classified_image();

-- The papers of a case (xf-notice): numbers (文号) per office, kind and
-- year.
CREATE TABLE documents (
  office text NOT NULL,
  seq bigint GENERATED BY DEFAULT AS IDENTITY,
  item text NOT NULL,
  handling integer NOT NULL,
  kind text NOT NULL,
  year integer NOT NULL,
  n integer NOT NULL,
  number text NOT NULL,
  issued_at text NOT NULL,
  reason text,
  replaced_by bigint,
  delivered_at text,
  method text,
  refused_to_sign integer,
  batch bigint,
  PRIMARY KEY (office, seq),
  UNIQUE (office, kind, year, n),
  FOREIGN KEY (office, item) REFERENCES items (office, id),
  FOREIGN KEY (office, replaced_by) REFERENCES documents (office, seq)
);
CREATE INDEX documents_item ON documents (item, handling, kind);

-- The measures taken against unlawful petitioning (依法处理).
CREATE TABLE lawful_measures (
  office text NOT NULL,
  seq bigint GENERATED BY DEFAULT AS IDENTITY,
  item text NOT NULL,
  handling integer NOT NULL,
  kind text NOT NULL,
  at text NOT NULL,
  people integer NOT NULL,
  notes text,
  batch bigint,
  PRIMARY KEY (office, seq),
  UNIQUE (office, item, kind, at),
  FOREIGN KEY (office, item) REFERENCES items (office, id)
);
CREATE INDEX lawful_measures_at ON lawful_measures (at);

-- The key persons (重点人员) of an office, and the contacts made.
CREATE TABLE persons (
  office text NOT NULL,
  seq bigint GENERATED BY DEFAULT AS IDENTITY,
  key text NOT NULL,
  name text,
  id_number text,
  phone text,
  grade integer NOT NULL,
  categories text,
  unit text,
  lead text,
  duty_reception text,
  duty_coordination text,
  duty_handling text,
  duty_settlement text,
  duty_control text,
  registered_at text NOT NULL,
  batch bigint,
  PRIMARY KEY (office, seq),
  UNIQUE (office, key)
);

CREATE TABLE person_contacts (
  office text NOT NULL,
  seq bigint GENERATED BY DEFAULT AS IDENTITY,
  person bigint NOT NULL,
  at text NOT NULL,
  official text NOT NULL,
  how text,
  notes text,
  batch bigint,
  PRIMARY KEY (office, seq),
  UNIQUE (office, person, at, official),
  FOREIGN KEY (office, person) REFERENCES persons (office, seq)
);

-- A person as it stood before a batch first changed it.
CREATE TABLE person_images (
  office text NOT NULL,
  batch bigint NOT NULL,
  person bigint NOT NULL,
  "row" text NOT NULL,
  PRIMARY KEY (office, batch, person)
);
