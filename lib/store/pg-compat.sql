-- lib/store/pg-compat.sql - SQLite's functions, as the ledger's
-- statements call them, on PostgreSQL: the PostgreSQL store runs the
-- same statements on both (lib/store/pg.c), and loads this after
-- pg-schema.sql and pg-roles.sql.  What SQLite gives is given here too:
-- NULL for a time it cannot read, times in UTC, a date as YYYY-MM-DD.
-- Only what the ledger uses: the modifiers '+N days' (day, hour,
-- minute, second, month, year), 'start of day/month/year', 'weekday N'.

CREATE FUNCTION ifnull(anycompatible, anycompatible) RETURNS anycompatible
  LANGUAGE sql IMMUTABLE AS 'SELECT coalesce($1, $2)';

CREATE FUNCTION instr(text, text) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT AS 'SELECT strpos($1, $2)';

-- A time as SQLite reads it, in UTC; NULL when it is none.
CREATE FUNCTION xf_time(t text) RETURNS timestamp
  LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE
    WHEN t ~ '^\d{4}-\d\d-\d\d([ T]\d\d:\d\d(:\d\d(\.\d+)?)?)?([Zz]|[+-]\d\d:?\d\d)?$'
    THEN (CASE WHEN t ~ '([Zz]|[+-]\d\d:?\d\d)$'
      THEN (t::timestamptz AT TIME ZONE 'UTC')
      ELSE t::timestamp END)
    WHEN t ~ '^\d+(\.\d+)?$'
    THEN timestamp '4714-11-24 12:00:00 BC' + t::float8 * interval '1 day'
  END
$$;

-- A modifier applied.
CREATE FUNCTION xf_modify(t timestamp, m text) RETURNS timestamp
  LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  p text[];
  n float8;
  u text;
BEGIN
  IF t IS NULL OR m IS NULL THEN
    RETURN NULL;
  END IF;
  m := lower(btrim(m));
  p := regexp_match(m, '^([+-]?\d+(?:\.\d+)?)\s+(day|hour|minute|second|month|year)s?$');
  IF p IS NOT NULL THEN
    n := p[1]::float8;
    u := p[2];
    IF u IN ('month', 'year') THEN
      RETURN t + (n::int || ' ' || u)::interval;
    END IF;
    RETURN t + n * ('1 ' || u)::interval;
  END IF;
  IF m = 'start of day' THEN RETURN date_trunc('day', t); END IF;
  IF m = 'start of month' THEN RETURN date_trunc('month', t); END IF;
  IF m = 'start of year' THEN RETURN date_trunc('year', t); END IF;
  p := regexp_match(m, '^weekday\s+([0-6])$');
  IF p IS NOT NULL THEN
    RETURN t + ((p[1]::int - extract(dow FROM t)::int + 7) % 7) *
      interval '1 day';
  END IF;
  IF m IN ('utc', 'localtime', 'unixepoch') THEN RETURN t; END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION xf_time(t text, VARIADIC mods text[]) RETURNS timestamp
  LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  r timestamp := xf_time(t);
  m text;
BEGIN
  FOREACH m IN ARRAY mods LOOP
    r := xf_modify(r, m);
  END LOOP;
  RETURN r;
END
$$;

CREATE FUNCTION date(text) RETURNS text LANGUAGE sql IMMUTABLE AS
  $$SELECT to_char(xf_time($1), 'YYYY-MM-DD')$$;
CREATE FUNCTION xf_date(text, VARIADIC text[]) RETURNS text
  LANGUAGE sql IMMUTABLE AS
  $$SELECT to_char(xf_time($1, VARIADIC $2), 'YYYY-MM-DD')$$;
-- A day some days on ('+3 days', '-1 day'), the reports' modifier, is
-- worked out in the statement (xf_day(), pg-day.sql), by operators
-- PostgreSQL takes as immutable, so that these are inlined, and still
-- folded where their arguments are constants; any other time or
-- modifier by xf_date.
CREATE FUNCTION date(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS
  $$SELECT CASE WHEN $1 ~ '^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$'
    AND $2 ~ '^[+-]?\d+ days?$'
    THEN xf_day($1, split_part($2, ' ', 1)::int)
    ELSE xf_date($1, $2) END$$;
CREATE FUNCTION date(text, text, text) RETURNS text LANGUAGE sql
  IMMUTABLE AS
  $$SELECT CASE WHEN $1 ~ '^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$'
    AND $2 ~ '^[+-]?\d+ days?$' AND $3 ~ '^[+-]?\d+ days?$'
    THEN xf_day($1, split_part($2, ' ', 1)::int + split_part($3, ' ', 1)::int)
    ELSE xf_date($1, $2, $3) END$$;
CREATE FUNCTION datetime(text) RETURNS text LANGUAGE sql IMMUTABLE AS
  $$SELECT to_char(xf_time($1), 'YYYY-MM-DD HH24:MI:SS')$$;
CREATE FUNCTION datetime(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS
  $$SELECT to_char(xf_time($1, $2), 'YYYY-MM-DD HH24:MI:SS')$$;
CREATE FUNCTION datetime(text, text, text) RETURNS text LANGUAGE sql
  IMMUTABLE AS
  $$SELECT to_char(xf_time($1, $2, $3), 'YYYY-MM-DD HH24:MI:SS')$$;
CREATE FUNCTION julianday(text) RETURNS float8 LANGUAGE sql IMMUTABLE AS
  $$SELECT extract(epoch FROM xf_time($1))::float8 / 86400 + 2440587.5$$;
CREATE FUNCTION julianday(text, text) RETURNS float8 LANGUAGE sql
  IMMUTABLE AS
  $$SELECT extract(epoch FROM xf_time($1, $2))::float8 / 86400 + 2440587.5$$;

-- strftime: %Y %m %d %H %M %S %j %w %W %%.
CREATE FUNCTION strftime(f text, t text, VARIADIC mods text[] DEFAULT '{}')
  RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  x timestamp := xf_time(t, VARIADIC mods);
  r text := '';
  i int := 1;
  c text;
BEGIN
  IF x IS NULL OR f IS NULL THEN
    RETURN NULL;
  END IF;
  WHILE i <= length(f) LOOP
    c := substr(f, i, 1);
    IF c = '%' AND i < length(f) THEN
      i := i + 1;
      c := substr(f, i, 1);
      r := r || CASE c
        WHEN 'Y' THEN to_char(x, 'YYYY')
        WHEN 'm' THEN to_char(x, 'MM')
        WHEN 'd' THEN to_char(x, 'DD')
        WHEN 'H' THEN to_char(x, 'HH24')
        WHEN 'M' THEN to_char(x, 'MI')
        WHEN 'S' THEN to_char(x, 'SS')
        WHEN 'j' THEN to_char(x, 'DDD')
        WHEN 'w' THEN extract(dow FROM x)::int::text
        WHEN 'W' THEN lpad(((extract(doy FROM x)::int - 1 + 7 -
          ((extract(dow FROM x)::int + 6) % 7)) / 7)::text, 2, '0')
        WHEN '%' THEN '%'
        ELSE '%' || c END;
    ELSE
      r := r || c;
    END IF;
    i := i + 1;
  END LOOP;
  RETURN r;
END
$$;

-- JSON as SQLite's functions give it: text, compact.
CREATE FUNCTION xf_json(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS
  'SELECT $1::json::text';
CREATE FUNCTION json_extract(text, text) RETURNS text LANGUAGE sql
  IMMUTABLE STRICT AS $$
  SELECT $1::json #>> CASE WHEN $2 = '$' THEN '{}'::text[]
    ELSE ARRAY(SELECT coalesce(m[1], m[2]) FROM
      regexp_matches(substr($2, 2), '"([^"]*)"|([^.\[\]"]+)', 'g') AS m)
    END
$$;
CREATE FUNCTION xf_json_each(text) RETURNS TABLE (key text, value text,
  type text, atom text, id bigint) LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT (a.o - 1)::text, a.e #>> '{}', json_typeof(a.e),
    CASE WHEN json_typeof(a.e) IN ('object', 'array') THEN NULL
      ELSE a.e #>> '{}' END, a.o
  FROM json_array_elements(CASE WHEN json_typeof($1::json) = 'array'
    THEN $1::json ELSE '[]' END) WITH ORDINALITY AS a (e, o)
  UNION ALL
  SELECT b.k, b.v #>> '{}', json_typeof(b.v),
    CASE WHEN json_typeof(b.v) IN ('object', 'array') THEN NULL
      ELSE b.v #>> '{}' END, 0
  FROM json_each(CASE WHEN json_typeof($1::json) = 'object'
    THEN $1::json ELSE '{}' END) AS b (k, v)
$$;
CREATE FUNCTION xf_json_group_step(s text, k text, v anyelement)
  RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN s IS NULL THEN '' ELSE s || ',' END ||
    to_json(k)::text || ':' || coalesce(to_json(v)::text, 'null')
$$;
CREATE FUNCTION xf_json_group_end(s text) RETURNS text LANGUAGE sql
  IMMUTABLE AS $$SELECT '{' || coalesce(s, '') || '}'$$;
CREATE AGGREGATE json_group_object(text, anyelement) (
  sfunc = xf_json_group_step, stype = text, finalfunc = xf_json_group_end
);

-- SQLite counts a comparison as 1 or 0: sum(x = y).
CREATE FUNCTION xf_sum_bool(s bigint, b boolean) RETURNS bigint
  LANGUAGE sql IMMUTABLE AS 'SELECT coalesce(s, 0) + CASE WHEN b THEN 1 ELSE 0 END';
CREATE AGGREGATE sum(boolean) (sfunc = xf_sum_bool, stype = bigint);

-- group_concat(x): string_agg(x, ',') in the rows' order.
CREATE FUNCTION xf_concat_step(s text, v text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL THEN s WHEN s IS NULL THEN v
    ELSE s || ',' || v END
$$;
CREATE AGGREGATE group_concat(text) (
  sfunc = xf_concat_step, stype = text
);
CREATE FUNCTION xf_concat_step(s text, v text, sep text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL THEN s WHEN s IS NULL THEN v
    ELSE s || sep || v END
$$;
CREATE AGGREGATE group_concat(text, text) (
  sfunc = xf_concat_step, stype = text
);
CREATE FUNCTION xf_concat_any(s text, v anyelement) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL THEN s WHEN s IS NULL THEN v::text
    ELSE s || ',' || v::text END
$$;
CREATE AGGREGATE group_concat(anyelement) (
  sfunc = xf_concat_any, stype = text
);

-- hex(x): its bytes (UTF-8), in upper-case hexadecimal.
CREATE FUNCTION hex(text) RETURNS text LANGUAGE sql IMMUTABLE AS
  $$SELECT coalesce(upper(encode(convert_to($1, 'UTF8'), 'hex')), '')$$;

-- json_each(x) as SQLite's, for statements not the store's (psql).
CREATE FUNCTION json_each(text) RETURNS TABLE (key text, value text,
  type text, atom text, id bigint) LANGUAGE sql IMMUTABLE STRICT AS
  'SELECT * FROM xf_json_each($1)';

-- xf_fold(id, k): the fold of k an item falls in, as lib/ledger.c's
-- xf_fold() (FNV-1a of the id's bytes, its high bits folded in), which
-- the SQLite store calls from C; -1 for no id.
CREATE FUNCTION xf_fold(id text, k integer) RETURNS integer
  LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  b bytea := convert_to(id, 'UTF8');
  h bigint := 2166136261;
BEGIN
  IF id IS NULL THEN
    RETURN -1;
  END IF;
  IF k IS NULL OR k <= 1 THEN
    RETURN 0;
  END IF;
  FOR i IN 0 .. length(b) - 1 LOOP
    h := ((h # get_byte(b, i)) * 16777619) & 4294967295;
  END LOOP;
  h := h # (h >> 15);
  RETURN (h % k)::integer;
END
$$;
CREATE FUNCTION hex(bytea) RETURNS text LANGUAGE sql IMMUTABLE AS
  $$SELECT coalesce(upper(encode($1, 'hex')), '')$$;
