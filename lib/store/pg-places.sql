-- lib/store/pg-places.sql - step 21 of the PostgreSQL ledger: place_days,
-- how many items each office's places received each day (live: not
-- voided), as SQLite's schema 17 keeps them, so that a place's count
-- adds a row a day where it read an index entry an item (the county's
-- count of 1M items: 72 ms).  SQLite's are written by the ledger with
-- each write of an item (placed() in lib/ledger.c); these are kept by
-- the triggers below, as the table's owner: an office's role only reads
-- them, under the policy its items are read by.  The office is part of
-- the key, so that two offices never wait for each other on a count;
-- within an office a count is locked as long as its day's sequence of
-- ids (day_seq) is, by the writer registering that day.

CREATE TABLE place_days (
  office text NOT NULL,
  region text NOT NULL,
  day text NOT NULL,
  live bigint NOT NULL,
  items bigint NOT NULL,
  -- The place first, as a count reads it (the office first, a county's
  -- count read every row: 5 ms of 1M items' 65,000; 2.6 ms so).
  PRIMARY KEY (region, day, office)
);

-- The items a statement added (its transition table: a COPY of a whole
-- ledger counted at once, not an upsert a row), or an item removed or
-- moved (a place, a day or its voiding changed), counted out as it was
-- and in as it is.
CREATE FUNCTION xf_places() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO place_days AS p (office, region, day, live, items)
      SELECT office, region, substr(received_at, 1, 10),
        count(*) FILTER (WHERE voided_at IS NULL), count(*)
      FROM added WHERE region IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (region, day, office) DO UPDATE SET live = p.live +
        excluded.live, items = p.items + excluded.items;
    RETURN NULL;
  END IF;
  IF OLD.region IS NOT NULL THEN
    UPDATE place_days SET live = live - (OLD.voided_at IS NULL)::int,
      items = items - 1 WHERE region = OLD.region AND
      day = substr(OLD.received_at, 1, 10) AND office = OLD.office;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.region IS NOT NULL THEN
    INSERT INTO place_days AS p (office, region, day, live, items)
      VALUES (NEW.office, NEW.region, substr(NEW.received_at, 1, 10),
        (NEW.voided_at IS NULL)::int, 1)
      ON CONFLICT (region, day, office) DO UPDATE SET live = p.live +
        excluded.live, items = p.items + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER places_added AFTER INSERT ON items
  REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION xf_places();
CREATE TRIGGER places_removed AFTER DELETE ON items
  FOR EACH ROW EXECUTE FUNCTION xf_places();
CREATE TRIGGER places_moved AFTER UPDATE OF region, received_at, voided_at
  ON items FOR EACH ROW WHEN (OLD.region IS DISTINCT FROM NEW.region OR
    substr(OLD.received_at, 1, 10) IS DISTINCT FROM
    substr(NEW.received_at, 1, 10) OR
    (OLD.voided_at IS NULL) <> (NEW.voided_at IS NULL))
  EXECUTE FUNCTION xf_places();

INSERT INTO place_days (office, region, day, live, items)
  SELECT office, region, substr(received_at, 1, 10),
    count(*) FILTER (WHERE voided_at IS NULL), count(*)
  FROM items WHERE region IS NOT NULL GROUP BY 1, 2, 3;

ALTER TABLE place_days ENABLE ROW LEVEL SECURITY;
CREATE POLICY office_reads ON place_days FOR SELECT
  USING (office = ANY ((SELECT xf_reads())::text[])
    OR '*' = ANY ((SELECT xf_reads())::text[]));
REVOKE ALL ON place_days FROM PUBLIC;
GRANT SELECT ON place_days TO xf_office;
