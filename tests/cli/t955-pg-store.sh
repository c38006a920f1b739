# stores: pg
# The PostgreSQL store (lib/store/pg.c): the same pipeline on SQLite and
# on PostgreSQL prints the same bytes; a failed open never shows the
# password of the URI; two offices registering into one ledger at once
# both succeed, each with its own gap-free ids; SQLite's date() the same
# on both.  Needs a server, as t950.
. "$TOP/tests/cli/lib.sh"

if [ -z "$t_pgdb" ]; then
	echo "t955-pg-store: skipped: not on the pg tier (XF_STORE=pg)"
	t_done
fi
pg=$XF_DB

# The pipeline, on the ledger $XF_DB, its outputs in directory $1.
pipeline() {
	o=$1
	mkdir -p "$o"
	xf-intake "$DATA/items.csv" > "$o/intake" 2>&1 || echo "status $?" >> "$o/intake"
	xf-intake "$DATA/台账-2017.xlsx" > "$o/intake-2017" 2>&1 || echo "status $?" >> "$o/intake-2017"
	echo 20170721-0001 | xf-assign --unit 县人社局 --handler 李科员 --lead 刘副县长 --date '2017-07-25 10:00' > "$o/assign" 2>&1
	echo 20170802-0001 | xf-assign --unit 县住建局 --date 2017-08-03 >> "$o/assign" 2>&1
	echo 20170901-0001 | xf-assign --transfer 市住建局 --date 2017-09-04 >> "$o/assign" 2>&1
	echo 20171111-0001 | xf-assign --refuse --route 向人民法院提起诉讼 --date 2017-11-12 >> "$o/assign" 2>&1
	echo 20170721-0001 | xf-close --reply supported --date '2017-08-20 10:00' > "$o/close" 2>&1
	echo 20170721-0001 | xf-visit --visitor 张科员 --outcome 满意 --date '2017-08-25 10:00' > "$o/visit" 2>&1
	echo 20170721-0001 | xf-close --close --date 2017-09-01 >> "$o/close" 2>&1
	echo 20170802-0001 | xf-close --reply explained --date '2017-08-30 10:00' >> "$o/close" 2>&1
	xf-stats summary --from 2017-01-01 --to 2017-12-31 > "$o/summary" 2>&1
	xf-stats summary --from 2017-01-01 --to 2017-12-31 -f csv --by unit > "$o/summary-unit" 2>&1
	xf-stats backlog > "$o/backlog" 2>&1
	xf-stats rates --from 2017-01-01 --to 2017-12-31 -f csv > "$o/rates" 2>&1
	xf-stats rates --from 2017-01-01 --to 2017-12-31 -f csv --by unit > "$o/rates-unit" 2>&1
	xf-query -f csv > "$o/query" 2>&1
	xf-query --status closed --lang zh > "$o/query-closed" 2>&1
	xf-query --count > "$o/count" 2>&1
}
XF_DB=$TMP/xf.db pipeline sqlite
XF_DB=$pg pipeline pg
for f in sqlite/*; do
	f=${f#sqlite/}
	t_cmp "the same $f" "pg/$f" "sqlite/$f"
done
t_grep "the 2017 table registered" '^' sqlite/intake-2017
t_eq "items in both" "$(cat pg/count)" "$(cat sqlite/count)"

# A password in the URI is never shown, by no message.
t_fail 1 "a wrong password" xf-query --db "postgresql://xfuser:s3cretpw@${PGHOST:-localhost}:${PGPORT:-5432}/nodb_$$"
t_nogrep "no password said" 's3cretpw' "$ERR"
t_grep "the URI said without it" 'postgresql://xfuser:\*\*\*@' "$ERR"
t_fail 1 "a password as a parameter" xf-query --db "postgresql://${PGHOST:-localhost}:${PGPORT:-5432}/nodb_$$?user=xfuser&password=s3cretpw"
t_nogrep "no password said" 's3cretpw' "$ERR"

# Two offices at once, into one fresh ledger (both would make it: one
# does, the other waits): each its own ids (prefixed by the office),
# from 0001 without a gap, in its own rows.
t_fresh
for o in 131028 131029; do
	printf 'office = %s\n' "$o" > "$o.conf"
	awk -F, -v o=$o 'NR == 1 { print; next } { for (i = 1; i <= 20; i++) { $1 = o "-" NR "-" i; print } }' OFS=, "$DATA/items.csv" > "$o.csv"
done
XF_CONFIG=131028.conf xf-intake 131028.csv > a.out 2> a.err &
a=$!
XF_CONFIG=131029.conf xf-intake 131029.csv > b.out 2> b.err &
b=$!
wait $a
t_eq "office 131028 registered" "$?" 0
t_nogrep "nothing said" . a.err
wait $b
t_eq "office 131029 registered" "$?" 0
t_nogrep "nothing said" . b.err
t_eq "each office its items" "$(t_sql "SELECT office || ' ' || count(*) FROM items GROUP BY office ORDER BY office" | tr '\n' ' ')" "131028 100 131029 100 "
t_eq "ids gap-free per office and day" "$(t_sql "SELECT count(*) FROM (SELECT office, substr(id, 8, 8) AS d, count(*) AS n, max(CAST(substr(id, 17) AS INTEGER)) AS m FROM items WHERE id LIKE office || '-%' GROUP BY 1, 2) AS x WHERE n <> m")" 0
t_eq "every id prefixed by its office" "$(t_sql "SELECT count(*) FROM items WHERE id NOT LIKE office || '-%'")" 0
t_eq "the days' sequences" "$(t_sql "SELECT office || ' ' || sum(n) FROM day_seq GROUP BY office ORDER BY office" | tr '\n' ' ')" "131028 100 131029 100 "
# A write sent without waiting (an item's row, its event: libpq's
# pipeline) that the server refuses fails the batch and is told as that
# item's, though met at the next statement: a trigger stands in for the
# server's refusal (a full disk, say).
t_fresh
t_ok "a ledger" xf-intake "$DATA/items.csv"
t_sql "CREATE FUNCTION t_refuse() RETURNS trigger LANGUAGE plpgsql AS
    \$\$ BEGIN IF NEW.ref = 'BAD' THEN RAISE EXCEPTION 'refused here';
    END IF; RETURN NEW; END \$\$;
    CREATE TRIGGER t_refuse BEFORE INSERT ON items FOR EACH ROW EXECUTE
    FUNCTION t_refuse()" > /dev/null
printf '%s\n' 'ref,received_at,channel,name,title,content' \
    'OK1,2017-12-05,letter,甲,路灯,村里路灯不亮' \
    'BAD,2017-12-05,letter,乙,路面,路面破损' \
    'OK2,2017-12-05,letter,丙,积水,下雨积水' > refused.csv
t_fail 1 "refused on the server" xf-intake refused.csv
t_grep "the item and its line named" "^xf-intake: refused.csv:3: storing the item 20171205-0002: refused here$" "$ERR"
t_eq "nothing of the batch" "$(t_sql "SELECT count(*) FROM items WHERE
    received_at LIKE '2017-12-05%'") $(t_sql "SELECT count(*) FROM day_seq
    WHERE day = '2017-12-05'")" "0 0"
# With --keep-going each record's writes run at once, as on SQLite: the
# refused one is its record's error, undone alone, its number given back.
t_fail 1 "--keep-going: one refused" xf-intake --keep-going refused.csv
t_grep "on its line" "^xf-intake: refused.csv:3: storing the item: refused here$" "$ERR"
t_eq "the others registered, gap-free" "$(t_sql "SELECT string_agg(ref ||
    ' ' || id, ', ' ORDER BY id) FROM items WHERE received_at LIKE
    '2017-12-05%'")" "OK1 20171205-0001, OK2 20171205-0002"
t_eq "printed, the refused not" "$(grep -c '"ref":"OK' "$OUT") $(grep -c BAD "$OUT")" "2 0"
t_sql "DROP TRIGGER t_refuse ON items" > /dev/null
# A step's write refused likewise: told on its case's line, wherever met.
t_sql "CREATE FUNCTION t_refuse_event() RETURNS trigger LANGUAGE plpgsql AS
    \$\$ BEGIN IF NEW.item = '20170802-0001' THEN RAISE EXCEPTION
    'refused here'; END IF; RETURN NEW; END \$\$;
    CREATE TRIGGER t_refuse_event BEFORE INSERT ON events FOR EACH ROW
    EXECUTE FUNCTION t_refuse_event()" > /dev/null
t_fail 1 "a step's event refused" sh -c "printf '%s\n' 20170721-0001 20170802-0001 20170901-0001 | xf-assign --unit 县住建局 --date 2017-08-03"
t_grep "on its own line" "^xf-assign: -:2: 20170802-0001: storing the case 20170802-0001: refused here$" "$ERR"
t_sql "DROP TRIGGER t_refuse_event ON events" > /dev/null
t_ok "then registered (the others skipped)" xf-intake refused.csv
t_eq "gap-free" "$(t_sql "SELECT string_agg(id, ' ' ORDER BY id) FROM items
    WHERE received_at LIKE '2017-12-05%'")" \
    "20171205-0001 20171205-0002 20171205-0003"

# Every statement names its parameters' types: one the server cannot
# type (a parameter only tested for NULL, or skipped) is refused, logged
# as an ERROR in the server's log, and sent again typed by its binding
# (XF_PG_TRACE tells it).  Registration by name and phone and by phone
# alone, without refs, then a void, a merge, an item brought back and a
# visit corrected, use each statement that did so.
t_fresh
printf '%s\n' 'received_at,channel,name,phone,title,content' \
    '2017-12-05,letter,甲,13800000001,路灯,村里路灯不亮' \
    '2017-12-06,letter,甲,13800000001,路灯,村里路灯还是不亮' \
    '2017-12-06,letter,,13800000002,路面,路面破损' \
    '2017-12-07,letter,,13800000002,井盖,井盖丢失无人管' \
    '2017-12-07,letter,乙,13800000003,积水,下雨积水' > typed.csv
XF_PG_TRACE=1
export XF_PG_TRACE
t_ok "registered, traced" xf-intake typed.csv
t_nogrep "no parameter typed again" "typed by its binding" "$ERR"
t_eq "the repeat found by name and phone" "$(t_sql "SELECT repeat_of FROM
    items WHERE id = '20171206-0001'")" "20171205-0001"
t_ok "voided" sh -c "echo 20171207-0002 | xf-edit --void --reason 重复录入"
t_nogrep "no parameter typed again" "typed by its binding" "$ERR"
t_ok "merged" sh -c "echo 20171207-0001 | xf-edit --merge-into 20171206-0002 --reason 同一事项"
t_nogrep "no parameter typed again" "typed by its binding" "$ERR"
t_ok "brought back" sh -c "echo 20171207-0002 | xf-edit --unvoid --reason 误作废"
t_nogrep "no parameter typed again" "typed by its binding" "$ERR"
t_fail 1 "no visit to correct" sh -c "echo 20171205-0001 | xf-edit --set visit.outcome=basic --reason x"
t_nogrep "no parameter typed again" "typed by its binding" "$ERR"
unset XF_PG_TRACE

# SQLite's date() as the PostgreSQL store has it (pg-compat.sql): the
# reports' '+N days' worked out inline, a day past a month's end rolled
# on, any other time or modifier the long way; each the same as SQLite's.
for e in "'2017-02-28', '+1 day'" "'2017-02-30', '+0 days'" \
    "'2017-12-31', '+1 day'" "'2017-03-01', '-1 day'" \
    "'2016-02-28', '+1 day'" "'2017-01-15', '-15 days', '+1 day'" \
    "'2017-01-31', '+31 days'" "'2017-01-01T23:00:00+08:00', '+1 day'" \
    "'2017-01-01', '+1 month'" "'2017-01-01 10:00', '+2 days'" \
    "NULL, '+1 day'" "'2017-06-12', NULL"; do
	t_eq "date($e)" "$(t_sql "SELECT date($e)")" \
	    "$(sqlite3 :memory: "SELECT date($e)")"
done
# Inlined whole, xf_day() and all: no function of the day called a row.
t_eq "inlined" "$(t_sql "EXPLAIN VERBOSE SELECT date(received_at, '+15
    days') FROM items" | grep -c 'xf_day\|xf_ymd')" 0
t_eq "two years of days, as SQLite's" "$(t_sql "SELECT string_agg(date(d,
    n || ' days'), ' ' ORDER BY n) FROM (SELECT '2016-02-20' AS d) AS x,
    generate_series(-400, 400, 7) AS n")" "$(sqlite3 :memory: "WITH
    RECURSIVE s(n) AS (SELECT -400 UNION ALL SELECT n + 7 FROM s WHERE n +
    7 <= 400) SELECT group_concat(date('2016-02-20', n || ' days'), ' ')
    FROM s")"

# libpq is loaded when a PostgreSQL ledger is opened: a program that
# cannot load it says so, and a SQLite ledger needs it not.
mkdir -p nolib && echo "not a library" > nolib/libpq.so.5
LD_LIBRARY_PATH=$PWD/nolib
export LD_LIBRARY_PATH
t_fail 1 "no libpq" xf-query --count
t_grep "said" "^xf-query: postgresql:///[a-z0-9_]*: $PWD/nolib/libpq.so.5: .* \(the PostgreSQL client library: Debian's package libpq5\)$" "$ERR"
t_ok "SQLite, without" xf-intake --db sq.db "$DATA/items.csv"
unset LD_LIBRARY_PATH

# A ledger of schema 14 (xf_ymd() made the day's text; no views of its
# own, no numbers for the offices' roles, their trigger named to fire
# after the images'; the days' index without the rowids; no counts of
# places) brought to 21.
t_sql "CREATE FUNCTION xf_ymd(d date) RETURNS text LANGUAGE sql IMMUTABLE AS
    \$\$SELECT lpad(extract(year FROM d)::int::text, 4, '0') || '-' ||
    lpad(extract(month FROM d)::int::text, 2, '0') || '-' ||
    lpad(extract(day FROM d)::int::text, 2, '0')\$\$;
    CREATE OR REPLACE FUNCTION xf_day(t text, n int) RETURNS text LANGUAGE
    sql IMMUTABLE AS \$\$SELECT xf_ymd(make_date(substr(t, 1, 4)::int,
    substr(t, 6, 2)::int, 1) + (substr(t, 9, 2)::int - 1 + n))\$\$;
    DROP INDEX items_rowid; DROP INDEX items_received;
    CREATE INDEX items_received ON items (received_at);
    DROP SCHEMA IF EXISTS xf_own, xf_live, xf_all CASCADE;
    REVOKE USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public FROM xf_office;
    ALTER TRIGGER a_office_own ON items RENAME TO office_own;
    ALTER TRIGGER a_office_own ON visits RENAME TO office_own;
    DROP TABLE place_days; DROP FUNCTION xf_places() CASCADE;
    DROP FUNCTION xf_places_recount();
    UPDATE xf_schema SET version = 14" > /dev/null
t_ok "a program on it" xf-query --count
t_eq "version 21" "$(t_sql 'SELECT version FROM xf_schema')" 21
t_eq "a place's items counted a day (21)" "$(t_sql "SELECT coalesce(sum(live),
    0) || ' ' || coalesce(sum(items), 0) FROM place_days")" "$(t_sql "SELECT
    count(*) FILTER (WHERE
    voided_at IS NULL) || ' ' || count(*) FROM items WHERE region IS NOT
    NULL")"
t_eq "a person's load from the index (16)" "$(t_sql "SELECT
    pg_get_indexdef('items_handler'::regclass) || ' / ' ||
    pg_get_indexdef('items_lead'::regclass)")" "CREATE INDEX items_handler ON public.items USING btree (handler, status, voided_at, office) WHERE (handler IS NOT NULL) / CREATE INDEX items_lead ON public.items USING btree (lead, status, voided_at, office) WHERE (lead IS NOT NULL)"
t_eq "lists in their order from an index (17)" \
    "$(t_sql "SELECT pg_get_indexdef('items_rowid'::regclass)")" \
    "CREATE INDEX items_rowid ON public.items USING btree (rowid NULLS FIRST)"
t_eq "days and a place from an index (18), with the rowids (20)" \
    "$(t_sql "SELECT pg_get_indexdef('items_received'::regclass)")" \
    "CREATE INDEX items_received ON public.items USING btree (received_at, region, voided_at) INCLUDE (rowid)"
t_eq "the offices' roles take numbers (19)" "$(t_sql "SELECT
    has_sequence_privilege('xf_office', 'batches_n_seq', 'USAGE') AND
    has_sequence_privilege('xf_office', 'events_seq_seq', 'USAGE')")" t
t_eq "the office's trigger first (19)" "$(t_sql "SELECT string_agg(tgname,
    ' ' ORDER BY tgname) FROM pg_trigger WHERE tgrelid IN ('items'::regclass,
    'visits'::regclass) AND tgname LIKE '%office_own'")" \
    "a_office_own a_office_own"
if [ "$(t_sql "SHOW server_version_num")" -ge 150000 ]; then
	t_eq "the ledger's views (19)" "$(t_sql "SELECT count(*) FROM pg_views
	    WHERE schemaname IN ('xf_own', 'xf_live', 'xf_all')")" 8
fi
t_eq "xf_ymd gone" "$(t_sql "SELECT count(*) FROM pg_proc WHERE proname =
    'xf_ymd'")" 0
t_eq "the same days" "$(t_sql "SELECT date('2016-02-28', '+1 day') || ' ' ||
    date('2017-12-31', '+1 day')")" "2016-02-29 2018-01-01"
t_done
