-- lib/store/pg-places.sql - step 21 of the PostgreSQL ledger: place_days,
-- how many items each office's places received each day (live: not
-- voided), as SQLite's schema 17 keeps them, so that a place's count
-- adds a row a day where it read an index entry an item (the county's
-- count of 1M items: 72 ms).  A batch's registrations are counted by
-- the ledger, in memory, and written once when it ends (places_put() in
-- lib/ledger.c), by the office's role under its own office; an item
-- voided, moved or deleted is counted out and in by the triggers below,
-- as the table's owner.  The office is part of the key, so that two
-- offices never wait for each other on a count; within an office a
-- count of a day is written when the batch registering that day ends,
-- whose day_seq row is locked until then anyway.

CREATE TABLE place_days (
  office text NOT NULL DEFAULT xf_session_office(),
  region text NOT NULL,
  day text NOT NULL,
  live bigint NOT NULL,
  items bigint NOT NULL,
  -- The place first, as a count reads it (the office first, a county's
  -- count read every row: 5 ms of 1M items' 65,000; 2.6 ms so).
  PRIMARY KEY (region, day, office)
);

-- An item removed, or moved (a place, a day or its voiding changed):
-- counted out as it was and in as it is.  Out makes a row of negative
-- counts where there is none: an item registered by the batch that
-- moves it is counted in when the batch ends.
CREATE FUNCTION xf_places() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  cur items;	-- the item as it is: none when removed
BEGIN
  IF TG_OP = 'UPDATE' THEN
    cur := NEW;
  END IF;
  INSERT INTO place_days AS p (office, region, day, live, items)
    SELECT o, r, substr(t, 1, 10), sum(CASE WHEN v IS NULL THEN n ELSE 0
      END), sum(n)
    FROM (VALUES (OLD.office, OLD.region, OLD.received_at, OLD.voided_at,
      -1), (cur.office, cur.region, cur.received_at, cur.voided_at, 1))
      AS c (o, r, t, v, n)
    WHERE r IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (region, day, office) DO UPDATE SET live = p.live +
      excluded.live, items = p.items + excluded.items;
  RETURN NULL;
END
$$;

CREATE TRIGGER places_removed AFTER DELETE ON items
  FOR EACH ROW EXECUTE FUNCTION xf_places();
CREATE TRIGGER places_moved AFTER UPDATE OF region, received_at, voided_at
  ON items FOR EACH ROW WHEN (OLD.region IS DISTINCT FROM NEW.region OR
    substr(OLD.received_at, 1, 10) IS DISTINCT FROM
    substr(NEW.received_at, 1, 10) OR
    (OLD.voided_at IS NULL) <> (NEW.voided_at IS NULL))
  EXECUTE FUNCTION xf_places();

-- All counted again from the items: now, and after a copy into the
-- ledger (pg_copied() in pg.c; rows copied in are not a batch's).
CREATE FUNCTION xf_places_recount() RETURNS void LANGUAGE sql AS $$
  DELETE FROM place_days;
  INSERT INTO place_days (office, region, day, live, items)
    SELECT office, region, substr(received_at, 1, 10),
      count(*) FILTER (WHERE voided_at IS NULL), count(*)
    FROM items WHERE region IS NOT NULL GROUP BY 1, 2, 3
$$;
SELECT xf_places_recount();

ALTER TABLE place_days ENABLE ROW LEVEL SECURITY;
CREATE POLICY office_reads ON place_days FOR SELECT
  USING (office = ANY ((SELECT xf_reads())::text[])
    OR '*' = ANY ((SELECT xf_reads())::text[]));
CREATE POLICY office_inserts ON place_days FOR INSERT
  WITH CHECK (office = (SELECT xf_office()));
CREATE POLICY office_updates ON place_days FOR UPDATE
  USING (office = (SELECT xf_office()))
  WITH CHECK (office = (SELECT xf_office()));
REVOKE ALL ON place_days FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON place_days TO xf_office;
