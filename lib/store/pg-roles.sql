-- lib/store/pg-roles.sql - the offices of a PostgreSQL ledger: a role per
-- office, and row-level security so that each office writes only its own
-- cases.  Applied after pg-schema.sql, in the same transaction, by the
-- owner of the tables (an administrator, who is no office and whom
-- row-level security does not bind).
--
-- An office is a login role that is a member of the group role xf_office
-- and has a row in office_roles: the office code its rows carry, and
-- the other offices it reads, as the province's settings allow; '*'
-- reads them all (the province's role).  The programs need nothing but
-- the connection's role: xf_office() is the office of current_user, so
-- SET ROLE works as a login does.  A name is not parsed for a code: a
-- table says it, and an office may read others without a new role.
--
--   SELECT xf_office_add('xf_131028', '131028', '{}');       -- a county
--   SELECT xf_office_add('xf_131000', '131000', '{131028}'); -- its city
--   SELECT xf_office_add('xf_130000', '130000', '{*}');      -- province
--
-- What an office's role meets, on every table with an office column:
--   reading: the rows of its office and of those it reads; others are
--   not seen at all (a case of an office it does not read is, to it, no
--   case);
--   inserting a row of another office: an error, 'new row violates
--   row-level security policy for table "items"' (SQLSTATE 42501);
--   updating or deleting a row of an office it reads: an error,
--   'office 131029 cannot change the cases of office 131028' (42501),
--   from the trigger a_office_own, which xf shows as it is (named so
--   as to fire first: a table's triggers fire in the order of their
--   names, and the images' would fail first, less clearly);
--   updating or deleting a row of an office it does not read: 0 rows,
--   as for a case that does not exist.
-- Repeats are the exception to reading: a person's earlier items are
-- seen in the whole ledger, whichever office registered them, through
-- xf_person_items(), which returns only what repeat detection needs.
--
-- Roles are the cluster's, not the database's: xf_office is made once
-- per cluster.  On Citus office_roles is a reference table, and the
-- functions the policies and triggers call must be on every worker too.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'xf_office') THEN
    CREATE ROLE xf_office NOLOGIN;
  END IF;
END
$$;

CREATE TABLE office_roles (
  role name PRIMARY KEY,
  office text NOT NULL,
  reads text[] NOT NULL DEFAULT '{}'
);

-- The office of the connection's role; NULL for a role that is no office.
CREATE FUNCTION xf_office() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT office FROM office_roles WHERE role = current_user
$$;

-- The offices it reads, its own among them.
CREATE FUNCTION xf_reads() RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT reads || office FROM office_roles WHERE role = current_user
$$;

-- Make ROLE an office (a login role, made when missing; its password is
-- the administrator's to set), or change what it reads.
CREATE FUNCTION xf_office_add(r name, o text, rs text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
    EXECUTE format('CREATE ROLE %I LOGIN', r);
  END IF;
  EXECUTE format('GRANT xf_office TO %I', r);
  INSERT INTO office_roles (role, office, reads) VALUES (r, o, rs)
    ON CONFLICT (role) DO UPDATE SET office = o, reads = rs;
END
$$;

-- An office's change to a row of another office it reads, said as such
-- (row-level security would say 0 rows for a delete).
CREATE FUNCTION xf_office_own() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF xf_office() IS NOT NULL AND OLD.office <> xf_office() THEN
    RAISE EXCEPTION 'office % cannot change the cases of office %',
      xf_office(), OLD.office USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;

-- The items of a person in the whole ledger, for repeat detection: by
-- ID number, else by name and phone.  As the tables' owner, whom the
-- policies do not bind.
CREATE FUNCTION xf_person_items(p_id_number text, p_name text, p_phone text)
RETURNS TABLE (office text, id text, repeat_of text, received_at text,
  "first" integer, category text, voided_at text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT i.office, i.id, i.repeat_of, i.received_at, i."first", i.category,
    i.voided_at FROM items i
  WHERE CASE WHEN p_id_number IS NOT NULL THEN i.id_number = p_id_number
    ELSE i.name = p_name AND i.phone = p_phone END
$$;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON FUNCTION xf_person_items(text, text, text),
  xf_office_add(name, text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION xf_person_items(text, text, text) TO xf_office;
GRANT SELECT ON xf_schema, office_roles TO xf_office;

-- The tables of case data: read and written under the policies; events
-- only appended, handlings never updated.
DO $$
DECLARE
  t text;
  -- Its offices taken once a statement (an InitPlan), not once a row.
  readable constant text := 'office = ANY ((SELECT xf_reads())::text[])'
    ' OR ''*'' = ANY ((SELECT xf_reads())::text[])';
BEGIN
  FOR t IN SELECT c.relname FROM pg_class c
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'office'
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
      AND c.relname <> 'office_roles' LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY office_reads ON %I FOR SELECT'
      ' USING (%s)', t, readable);
    EXECUTE format('CREATE POLICY office_inserts ON %I FOR INSERT'
      ' WITH CHECK (office = (SELECT xf_office()))', t);
    EXECUTE format('CREATE POLICY office_updates ON %I FOR UPDATE'
      ' USING (%s) WITH CHECK (office = (SELECT xf_office()))', t,
      readable);
    EXECUTE format('CREATE POLICY office_deletes ON %I FOR DELETE'
      ' USING (%s)', t, readable);
    EXECUTE format('CREATE TRIGGER a_office_own BEFORE UPDATE OR DELETE'
      ' ON %I FOR EACH ROW EXECUTE FUNCTION xf_office_own()', t);
    EXECUTE format('GRANT SELECT, INSERT ON %I TO xf_office', t);
    IF t <> 'events' THEN
      EXECUTE format('GRANT DELETE ON %I TO xf_office', t);
    END IF;
    IF t NOT IN ('events', 'handlings') THEN
      EXECUTE format('GRANT UPDATE ON %I TO xf_office', t);
    END IF;
  END LOOP;
END
$$;
-- Said once more, whatever was granted before: no office changes events.
REVOKE UPDATE, DELETE, TRUNCATE ON events FROM PUBLIC, xf_office;
-- The numbers a row takes (a batch's, an event's, ...) and the one it
-- took (lastval()).
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO xf_office;
