# stores: pg
# xf-intake on PostgreSQL: a person's earlier items (repeats) are found
# by the person's index (items_id_number, items_phone), never by the
# days' (items_received), whatever the statistics say.  Without any (a
# ledger not yet analysed, as one just filled is for a minute), the
# planner chose items_received for the window of days, and read every
# item of the window for each item registered: 10,000 items into such a
# ledger of 2,000 took 13.4 s, where 4.0 (lib/ledger.c, S_BY_ID_NUMBER).
. "$TOP/tests/cli/lib.sh"

if [ -z "$t_pgdb" ]; then
	echo "t957-pg-lookups: skipped: not on the pg tier (XF_STORE=pg)"
	t_done
fi

sh "$TOP/scripts/gen-items" -n 2000 -s 957 --to 2017-06-30 > a.csv
sh "$TOP/scripts/gen-items" -n 400 -s 958 --first 2001 --from 2017-07-01 \
    --to 2017-12-31 > b.csv
t_ok "2,000 items" xf-intake a.csv
# No statistics, ever: as before autovacuum's first analysis.
t_sql "ALTER TABLE items SET (autovacuum_enabled = false)"
t_eq "none" "$(t_sql "SELECT reltuples < 0 FROM pg_class WHERE relname =
    'items'")" t
scans() {
	t_sql "SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname =
	    '$1'"
}
days=$(scans items_received)
people=$(scans items_id_number)
t_ok "400 more" xf-intake b.csv
t_eq "as many as registered" "$(t_sql "SELECT count(*) FROM items")" 2400
t_eq "the days' index not read" "$(scans items_received)" "$days"
t_eq "the ID numbers' read" "$([ "$(scans items_id_number)" -gt "$people" ] &&
    echo yes)" yes
t_eq "the repeats found" "$(t_sql "SELECT count(*) > 0 FROM items WHERE
    repeat_of IS NOT NULL")" t

t_done
