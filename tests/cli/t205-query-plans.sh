# stores: sqlite pg
# xf-query: a list of many items of a place or of days (read in the order
# registered) is the list of few (looked up in an index): the same items
# in the same order, whichever way the ledger finds them
. "$TOP/tests/cli/lib.sh"

# 20,000 items of 2016 and 2017 (one county holds about 55%: over the
# 10,000 a listing looks up in an index), then 11,000 of 2015 registered
# after them, out of the order of their days.
sh "$TOP/scripts/gen-items" -n 20000 -s 205 --to 2017-12-31 > a.csv
sh "$TOP/scripts/gen-items" -n 11000 -s 206 --first 20001 --no-header \
    --from 2015-01-01 --to 2015-12-31 > b.csv
cat a.csv b.csv > all.csv
# On PostgreSQL they are registered in SQLite and copied in, the same
# rows in the same order (xf-intake into PostgreSQL, of 300 items, is
# below): in the sanitized build 11 s where their intake took 54.
if [ -n "$t_pgdb" ]; then
	t_ok "31,000 items" xf-intake --db "$TMP/s.db" all.csv
	t_ok "copied in" xf-ledger copy "$TMP/s.db" "$XF_DB"
else
	t_ok "31,000 items" xf-intake all.csv
fi
county=$(t_sql "SELECT substr(region, 1, 6) FROM items WHERE region IS NOT
    NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
town=$(t_sql "SELECT substr(region, 1, 9) FROM items WHERE length(region)
    >= 9 AND substr(region, 1, 6) = '$county' GROUP BY 1 ORDER BY
    count(*) DESC, 1 LIMIT 1")
n=$(t_sql "SELECT count(*) FROM items WHERE substr(region, 1, 6) = '$county'")
t_eq "the county holds over 10,000" "$([ "$n" -gt 10000 ] && echo yes)" yes

# same NAME WHERE OPTIONS...: xf-query's list, whole and its first 100,
# and its count, against the items WHERE in the order registered.
same() {
	name=$1
	w=$2
	shift 2
	t_sql "SELECT id FROM items WHERE voided_at IS NULL AND $w ORDER BY
	    rowid" > want
	t_ok "$name: listed" xf-query --ids "$@"
	t_cmp "$name: the same items in the same order" "$OUT" want
	t_ok "$name: the first 100" xf-query --ids --limit 100 "$@"
	head -n 100 want > want100
	t_cmp "$name: the first 100 the same" "$OUT" want100
	t_ok "$name: counted" xf-query --count "$@"
	t_eq "$name: the count" "$(cat "$OUT")" "$(wc -l < want | tr -d ' ')"
}
same "the county" "substr(region, 1, 6) = '$county'" --region "$county"
same "a township" "substr(region, 1, 9) = '$town'" --region "$town"
same "the county in a month" "substr(region, 1, 6) = '$county' AND
    received_at >= '2017-03-01' AND received_at < '2017-04-01'" \
    --region "$county" --from 2017-03-01 --to 2017-03-31
same "up to a day, the first items among them" "received_at < '2017-07-01'" \
    --to 2017-06-30
same "from a day, the first items not" "received_at >= '2016-10-01'" \
    --from 2016-10-01
same "the days registered last" "received_at < '2016-01-01'" \
    --to 2015-12-31
same "the county in days registered last" "substr(region, 1, 6) =
    '$county' AND received_at >= '2015-03-01' AND received_at <
    '2016-01-01'" --region "$county" --from 2015-03-01 --to 2015-12-31
same "a place of none" "region LIKE '99%'" --region 99

# Mended, the ledger's places and days change: the counts follow them
# (added from place_days, which the ledger's writes keep on SQLite and
# the items' triggers on PostgreSQL),
# voided or not, and xf-ledger check finds them right.
counted() {
	name=$1
	w=$2
	shift 2
	t_ok "$name: counted" xf-query --count "$@"
	t_eq "$name: as many as the items" "$(cat "$OUT")" \
	    "$(t_sql "SELECT count(*) FROM items WHERE voided_at IS NULL AND $w")"
	t_ok "$name: counted with the voided" xf-query --count --include-void "$@"
	t_eq "$name: as many with the voided" "$(cat "$OUT")" \
	    "$(t_sql "SELECT count(*) FROM items WHERE $w")"
}
all() {
	counted "$1: the county" "substr(region, 1, 6) = '$county'" \
	    --region "$county"
	counted "$1: the county in March" "substr(region, 1, 6) = '$county'
	    AND received_at >= '2017-03-01' AND received_at < '2017-04-01'" \
	    --region "$county" --from 2017-03-01 --to 2017-03-31
	counted "$1: a township from April" "substr(region, 1, 9) = '$town'
	    AND received_at >= '2017-04-01'" --region "$town" --from 2017-04-01
	counted "$1: 1101 up to April" "region LIKE '1101%' AND received_at <
	    '2017-05-01'" --region 1101 --to 2017-04-30
	same "$1: the county in March, listed" "substr(region, 1, 6) =
	    '$county' AND received_at >= '2017-03-01' AND received_at <
	    '2017-04-01'" --region "$county" --from 2017-03-01 --to 2017-03-31
	t_ok "$1: checked" xf-ledger check
}
t_sql "SELECT id FROM items WHERE region LIKE '$town%' AND received_at >=
    '2017-03-01' AND received_at < '2017-04-01' ORDER BY rowid LIMIT 30" > m
sed -n 1,10p m > moved
sed -n 11,20p m > redated
sed -n 21,25p m > voided
t_ok "ten moved to another place" xf-edit --set region=110101 --reason 属地错 < moved
moved_in=$(t_sql "SELECT max(n) FROM batches")
all "moved"
t_ok "ten received in April" xf-edit --set "received_at=2017-04-15 09:00" \
    --reason 日期错 < redated
all "redated"
t_ok "five voided" xf-edit --void --reason 重复录入 < voided
all "voided"
sed -n 1p voided | t_ok "one back" xf-edit --unvoid --reason 误作废
all "unvoided"
sed -n 26p m | t_ok "one merged" xf-edit --merge-into "$(sed -n 27p m)" \
    --reason 同一件
all "merged"
t_ok "the move undone" xf-edit --undo-batch "$moved_in" --reason 撤销
all "undone"
sed -n 1,20p m | t_ok "steps taken" xf-assign --accept --date 2017-05-01
all "stepped"
sh "$TOP/scripts/gen-items" -n 300 -s 207 --first 31001 --from 2017-03-01 \
    --to 2017-03-31 > c.csv
t_ok "an import of March" xf-intake c.csv
imported=$(t_sql "SELECT max(n) FROM batches")
all "imported"
t_ok "the import undone" xf-edit --undo-batch "$imported" --reason 错文件
all "import undone"

# Items are registered and voided by the programs, never inserted or
# deleted otherwise; on PostgreSQL items an administrator inserts by SQL
# are not counted (xf-ledger check says so) until xf_places_recount(),
# and those deleted are counted out by the items' trigger.
if [ -n "$t_pgdb" ]; then
	t_sql "CREATE TEMP TABLE x AS SELECT * FROM items WHERE ref IS NOT NULL
	    ORDER BY rowid LIMIT 3; UPDATE x SET id = 'zz-' || id, ref = 'zz-' ||
	    ref, region = 'zz1', rowid = rowid + 1000000, voided_at = CASE WHEN
	    rowid = (SELECT min(rowid) FROM x) THEN '2017-01-01' END;
	    INSERT INTO items OVERRIDING SYSTEM VALUE SELECT * FROM x" > /dev/null
	t_fail 1 "inserted by SQL: not counted" xf-ledger check
	t_grep "said" "a place's count of a day not that of its items: zz1 " "$ERR"
	t_sql "SELECT xf_places_recount()" > /dev/null
	t_eq "counted again: three, one voided" "$(t_sql "SELECT sum(live) ||
	    ' ' || sum(items) FROM place_days WHERE region = 'zz1'")" "2 3"
	counted "recounted" "region = 'zz1'" --region zz1
	t_sql "DELETE FROM items WHERE region = 'zz1'" > /dev/null
	t_eq "deleted, counted out" "$(t_sql "SELECT sum(live) || ' ' ||
	    sum(items) FROM place_days WHERE region = 'zz1'")" "0 0"
	all "deleted"
fi

# A ledger made before place_days (SQLite's 16, PostgreSQL's 20):
# counted when brought to 17 (21).
if [ -z "$t_pgdb" ]; then
	sqlite3 "$XF_DB" "DROP TABLE place_days; PRAGMA user_version = 16"
	t_ok "migrated" xf-ledger migrate
	t_grep "said" "schema 18, migrated from 16" "$ERR"
else
	t_sql "DROP TABLE place_days; DROP FUNCTION xf_places() CASCADE;
	    DROP FUNCTION xf_places_recount(); UPDATE xf_schema SET version = 20"
	t_ok "migrated" xf-ledger migrate
	t_grep "said" "schema 21, migrated from 20" "$ERR"
fi
all "migrated"
day=$(t_sql "SELECT region || ' ' || day FROM place_days ORDER BY region,
    day LIMIT 1")
t_sql "UPDATE place_days SET live = live + 1 WHERE region || ' ' || day =
    '$day'" > /dev/null
t_fail 1 "a count gone wrong" xf-ledger check
t_grep "found" "a place's count of a day not that of its items: $day\$" "$ERR"
t_sql "DELETE FROM place_days WHERE region || ' ' || day = '$day'" > /dev/null
t_fail 1 "a count gone" xf-ledger check
t_grep "found" "a place's count of a day not that of its items: $day\$" "$ERR"
t_eq "back in the township" "$(t_sql "SELECT count(*) FROM items WHERE
    region = '110101'")" 0

t_done
