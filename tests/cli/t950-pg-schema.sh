# stores: pg
# The PostgreSQL store's schema (lib/store/pg-schema.sql, pg-roles.sql):
# it loads, once; it has SQLite's columns; every key includes the office; events are append-only;
# an office writes only its own cases and reads what it is allowed; the
# day's sequences of two offices are two rows.  Needs a server, through
# libpq's variables (PGHOST, ...), as pg_virtualenv sets them: make check
# runs it so; without, it says it was skipped.
. "$TOP/tests/cli/lib.sh"

if [ -z "${PGHOST:-}" ] || ! command -v psql > /dev/null; then
	echo "t950-pg-schema: skipped: no PostgreSQL server (PGHOST unset; make check runs this under pg_virtualenv)"
	t_done
fi

# A database and roles of this run's own, gone at the end: roles are the
# cluster's, not the database's.
db=t950_$$
A=t950_a_$$	# office 131028, a county
B=t950_b_$$	# 131029, another county, reads nothing else
C=t950_c_$$	# 131000, the city, reads 131028
P=t950_p_$$	# 130000, the province, reads all
trap 'dropdb --if-exists "$db"; for r in $A $B $C $P; do
	psql -X -q -c "DROP ROLE IF EXISTS $r" postgres; done; t_cleanup' EXIT
createdb "$db" || exit 1
sql() {	# sql SQL...: each in turn, as the administrator, in the database
	for s in "$@"; do
		set -- "$@" -c "$s"
		shift
	done
	psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$db" "$@"
}
as() {	# as ROLE SQL...: the same as an office's role
	r=$1
	shift
	sql "SET ROLE $r" "$@"
}
schema="-f $TOP/lib/store/pg-schema.sql -f $TOP/lib/store/pg-roles.sql"

# Loaded into an empty database, in one transaction; a second load is
# refused and changes nothing.
t_ok "the schema loads" psql -X -q -1 -v ON_ERROR_STOP=1 -d "$db" $schema
t_eq "version 14, as SQLite's" "$(sql 'SELECT version FROM xf_schema')" 14
t_fail 3 "a second load is refused" psql -X -q -1 -v ON_ERROR_STOP=1 -d "$db" $schema
t_grep "said" 'relation "xf_schema" already exists' "$ERR"
t_eq "still one version" "$(sql 'SELECT count(*) FROM xf_schema')" 1

# SQLite's tables and columns, with the same names, types (integers as
# integer or bigint, BLOB as bytea) and NOT NULL, and an office: a ledger
# xf made, of the schema this file follows.  The one untyped column of
# SQLite, images.value, is text here.
XF_DB=$TMP/xf.db
t_ok "a SQLite ledger" xf-intake "$DATA/items.csv"
t_eq "SQLite's schema 18 (14's tables: 15 is a step of PostgreSQL's, 16 of indexes, 17 SQLite's place_days, 18 its image triggers)" "$(sqlite3 "$XF_DB" 'PRAGMA user_version')" 18
sqlite3 "$XF_DB" "SELECT m.name || ' ' || p.name || ' ' || CASE p.type WHEN '' THEN
    'TEXT' ELSE p.type END || CASE WHEN p.\"notnull\" OR p.pk > 0 THEN
    ' NOT NULL' ELSE '' END FROM sqlite_master m, pragma_table_info(m.name) p
    WHERE m.type = 'table' AND m.name <> 'place_days'" |
    LC_ALL=C sort > sqlite.columns
sql "SELECT table_name || ' ' || column_name || ' ' || CASE data_type
    WHEN 'integer' THEN 'INTEGER' WHEN 'bigint' THEN 'INTEGER' WHEN 'text'
    THEN 'TEXT' WHEN 'bytea' THEN 'BLOB' ELSE data_type END || CASE
    is_nullable WHEN 'NO' THEN ' NOT NULL' ELSE '' END
    FROM information_schema.columns WHERE table_schema = 'public'
    AND table_name NOT IN ('office_roles', 'xf_schema')
    AND column_name NOT IN ('office', 'rowid')" | LC_ALL=C sort > pg.columns
t_cmp "SQLite's columns" pg.columns sqlite.columns
t_eq "as many" "$(wc -l < pg.columns)" 193

# The catalog: the tables of SQLite's schema, each with an office column
# that may not be null but in the reference table xf_schema; every
# primary key, unique index and foreign key (both its ends) of each
# includes office, but in the reference tables office_roles and
# xf_schema.
t_eq "the tables" "$(sql "SELECT string_agg(relname, ' ' ORDER BY relname)
    FROM pg_class WHERE relnamespace = 'public'::regnamespace
    AND relkind = 'r'")" "batches classified day_seq documents events handlings images items lawful_measures models office_roles person_contacts person_images persons visits xf_schema"
t_eq "an office column in each" "$(sql "SELECT string_agg(relname, ' ')
    FROM pg_class c WHERE relnamespace = 'public'::regnamespace
    AND relkind = 'r' AND NOT EXISTS (SELECT 1 FROM pg_attribute
    WHERE attrelid = c.oid AND attname = 'office' AND attnotnull)")" xf_schema
keys="WITH k (rel, name, cols) AS (
    SELECT indrelid, indexrelid::regclass::text, indkey::int2[]
      FROM pg_index WHERE indisunique
    UNION ALL SELECT conrelid, conname, conkey FROM pg_constraint
      WHERE contype = 'f'
    UNION ALL SELECT confrelid, conname || ' (referenced)', confkey
      FROM pg_constraint WHERE contype = 'f')
  SELECT %s FROM k JOIN pg_class c ON c.oid = k.rel
  WHERE c.relnamespace = 'public'::regnamespace
  AND c.relname NOT IN ('office_roles', 'xf_schema')"
lacking="AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = k.rel
  AND a.attname = 'office' AND a.attnum = ANY (k.cols))"
t_eq "every key includes office" "$(sql "$(printf "$keys" "c.relname || ' ' || k.name") $lacking")" ""
t_eq "the keys read" "$(sql "$(printf "$keys" "count(*)")")" 34
# The same query finds a key without office.
t_eq "a key without office found" "$(sql 'BEGIN' \
    'CREATE TABLE bad (office text NOT NULL, id text UNIQUE)' \
    "$(printf "$keys" "c.relname || ' ' || k.name") $lacking" 'ROLLBACK')" "bad bad_id_key"

# The offices.
t_ok "the offices' roles" sql "SELECT xf_office_add('$A', '131028', '{}')" \
    "SELECT xf_office_add('$B', '131029', '{}')" \
    "SELECT xf_office_add('$C', '131000', '{131028}')" \
    "SELECT xf_office_add('$P', '130000', '{*}')"

# An item of an office, written by its role: the columns SQLite requires.
item() {	# item OFFICE ID: the INSERT
	echo "INSERT INTO items (office, id, received_at, source, lodged_level,
	    irregular, id_number, people, \"first\", collective, joint_letter,
	    skip_level, status, registered_at) VALUES ('$1', '$2',
	    '2017-12-04T09:00:00+08:00', 'intake', 'county', 0,
	    '110101199003071233', 1, 1, 0, 0, 0, 'registered',
	    '2017-12-04T09:05:00+08:00')"
}
a1=131028-20171204-0001
b1=131029-20171204-0001
t_ok "A registers its item" as "$A" "$(item 131028 $a1)" \
    "INSERT INTO day_seq VALUES ('131028', '2017-12-04', 1)" \
    "INSERT INTO events (office, item, at, actor, program, action)
     VALUES ('131028', '$a1', '2017-12-04T09:05:00+08:00', 'a',
     'xf-intake', 'register')" \
    "INSERT INTO visits (office, item, at, kind, threat) VALUES
     ('131028', '$a1', '2017-12-05', 'home', 0)"
t_ok "B registers its item" as "$B" "$(item 131029 $b1)" \
    "INSERT INTO day_seq VALUES ('131029', '2017-12-04', 1)"

# Events: never changed nor deleted, by anyone; an office is not even
# granted it.
t_fail 1 "an event changed" sql "UPDATE events SET actor = 'x'"
t_grep "said" 'ERROR:  events are never changed' "$ERR"
t_fail 1 "an event deleted" sql "DELETE FROM events"
t_grep "said" 'ERROR:  events are never deleted' "$ERR"
t_fail 1 "events truncated" sql "TRUNCATE events"
t_grep "said" 'ERROR:  events are never deleted' "$ERR"
t_fail 1 "an office changes an event" as "$A" "UPDATE events SET actor = 'x'"
t_grep "not granted" 'permission denied for table events' "$ERR"
t_fail 1 "an office deletes an event" as "$A" "DELETE FROM events"
t_grep "not granted" 'permission denied for table events' "$ERR"
t_eq "the event stands" "$(sql "SELECT actor FROM events")" a

# Reading: its own office, and those it is allowed.
t_eq "A reads its own" "$(as "$A" 'SELECT id FROM items')" $a1
t_eq "B reads its own" "$(as "$B" 'SELECT id FROM items')" $b1
t_eq "the city reads A" "$(as "$C" 'SELECT id FROM items')" $a1
t_eq "the province reads all" "$(as "$P" \
    "SELECT string_agg(id, ' ' ORDER BY id) FROM items")" "$a1 $b1"

# Writing another office's case: B, which cannot read A, changes 0 rows,
# as for a case that does not exist; the city, which reads A, is refused
# by name; a row with A's code is refused to all but A.
t_eq "B changes nothing of A" "$(as "$B" "WITH u AS (UPDATE items SET
    status = 'closed' WHERE id = '$a1' RETURNING 1) SELECT count(*) FROM u")" 0
t_eq "B deletes nothing of A" "$(as "$B" "WITH d AS (DELETE FROM visits
    WHERE item = '$a1' RETURNING 1) SELECT count(*) FROM d")" 0
t_fail 1 "the city changes A's case" as "$C" \
    "UPDATE items SET status = 'closed' WHERE id = '$a1'"
t_grep "said" "ERROR:  office 131000 cannot change the cases of office 131028" "$ERR"
t_fail 1 "the city deletes A's visit" as "$C" "DELETE FROM visits"
t_grep "said" "ERROR:  office 131000 cannot change the cases of office 131028" "$ERR"
t_fail 1 "the province changes A's case" as "$P" \
    "UPDATE items SET status = 'closed' WHERE id = '$a1'"
t_grep "said" "ERROR:  office 130000 cannot change the cases of office 131028" "$ERR"
t_fail 1 "B writes with A's code" as "$B" "$(item 131028 131028-20171204-0002)"
t_grep "said" 'new row violates row-level security policy for table "items"' "$ERR"
t_fail 1 "B moves its case to A" as "$B" "UPDATE items SET office = '131028'"
t_grep "said" 'new row violates row-level security policy for table "items"' "$ERR"
t_eq "A's case unchanged" "$(sql "SELECT status || ' ' || (SELECT count(*)
    FROM visits) FROM items WHERE id = '$a1'")" "registered 1"

# A repeat is seen in the whole ledger: B finds A's item of the person.
t_eq "B sees the person's items" "$(as "$B" "SELECT string_agg(id, ' '
    ORDER BY id) FROM xf_person_items('110101199003071233', NULL, NULL)")" \
    "$a1 $b1"

# A's own change, in a batch: the column as it stood is kept.
t_eq "A changes its case" "$(as "$A" 'BEGIN' "INSERT INTO batches (office, at,
    actor, program) VALUES ('131028', '2017-12-06', 'a', 'xf-assign')" \
    "SELECT set_config('xf.batch', (SELECT max(n) FROM batches)::text, true)
     IS NOT NULL" "WITH u AS (UPDATE items SET status = 'accepted' WHERE
     id = '$a1' RETURNING 1) SELECT count(*) FROM u" 'COMMIT')" "t
1"
t_eq "its image" "$(sql "SELECT col || '=' || value FROM images")" \
    "status=registered"

# The day's sequence: a row per office and day.  B holding its row does
# not hold A back; B's other writer waits.
t_eq "two rows" "$(sql "SELECT count(*) FROM day_seq WHERE day = '2017-12-04'")" 2
as "$B" 'BEGIN' "UPDATE day_seq SET n = n + 1 WHERE day = '2017-12-04'" \
    'SELECT pg_sleep(3)' 'COMMIT' > /dev/null 2>&1 &
holder=$!
n=0
until [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname =
    '$db' AND query = 'SELECT pg_sleep(3)'")" = 1 ] || [ $n -ge 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
t_ok "A takes a number meanwhile" as "$A" "SET lock_timeout = '1s'" \
    "UPDATE day_seq SET n = n + 1 WHERE day = '2017-12-04'"
t_fail 1 "B's other writer waits" as "$B" "SET lock_timeout = '1s'" \
    "UPDATE day_seq SET n = n + 1 WHERE day = '2017-12-04'"
t_grep "said" 'lock timeout' "$ERR"
wait $holder
t_eq "the numbers" "$(sql "SELECT string_agg(office || '=' || n, ' ' ORDER
    BY office) FROM day_seq")" "131028=2 131029=2"

t_done
