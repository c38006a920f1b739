-- lib/store/pg-day.sql - step 15 of the PostgreSQL ledger: xf_day(), the
-- day some days on that date() of pg-compat.sql works out in the
-- statement for '+N days' (a day past a month's end rolls on, as in
-- SQLite).  It is inlined into the statement, as date() is, only if it
-- calls no function that takes its day more than once: the day's text
-- is therefore made here, not by a function of the day (xf_ymd() of
-- schema 14, which PostgreSQL called once a row: 2.6 us of date()'s
-- 4 on 100,000 items, the rates 1.95 -> 1.64 s).  The store runs this
-- on a ledger of version 14, and before pg-compat.sql on a new one.

CREATE OR REPLACE FUNCTION xf_day(t text, n int) RETURNS text
  LANGUAGE sql IMMUTABLE AS
  $$SELECT lpad(date_part('year', make_date(substr(t, 1, 4)::int,
    substr(t, 6, 2)::int, 1) + (substr(t, 9, 2)::int - 1 + n))::int::text,
    4, '0') || '-' || lpad(date_part('month', make_date(substr(t, 1, 4)::int,
    substr(t, 6, 2)::int, 1) + (substr(t, 9, 2)::int - 1 + n))::int::text,
    2, '0') || '-' || lpad(date_part('day', make_date(substr(t, 1, 4)::int,
    substr(t, 6, 2)::int, 1) + (substr(t, 9, 2)::int - 1 + n))::int::text,
    2, '0')$$;
DROP FUNCTION IF EXISTS xf_ymd(date);
