# stores: sqlite pg
# xf-intake: a killed import, a full standard output, two imports at
# once, a reader that goes away
. "$TOP/tests/cli/lib.sh"

# A batch of n items: on PostgreSQL, where an item takes six times as
# long, fewer, but more than the 3,339 at which a batch once filled the
# server's lock table.
n=20000
[ -z "$t_pgdb" ] || n=4000
sh "$TOP/scripts/gen-items" -n $n -s 7 --to 2017-12-31 > big.csv

# Whether the import is writing: its WAL grows (SQLite), it holds the
# locks of the petitioners of a hundred items and more (PostgreSQL).
writing() {
	if [ -n "$t_pgdb" ]; then
		[ "$(t_sql "SELECT count(*) FROM pg_locks WHERE locktype =
		    'advisory' AND pid <> pg_backend_pid()")" -gt 100 ]
	else
		[ "$(stat -c %s "$XF_DB-wal" 2>/dev/null || echo 0)" -gt 1000000 ]
	fi
}

# kill -9 in the middle of a large import: the ledger opens, passes the
# integrity check, and holds nothing of that batch.
t_ok "a first batch" xf-intake "$DATA/items.csv"
xf-intake big.csv > /dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 200 ]; do
	writing && break
	sleep 0.05
	i=$((i + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
t_eq "killed mid-import" "$(kill -0 $pid 2>/dev/null && echo alive || echo dead)" dead
t_settle "the kill"
t_integrity "after the kill"
t_eq "only the first batch" "$(t_sql 'SELECT count(*) FROM items')" 5
t_eq "no events of the killed batch" "$(t_sql 'SELECT count(*) FROM events')" 5
t_ok "a re-run completes it" xf-intake big.csv
t_eq "all of it, once" "$(t_sql 'SELECT count(*) FROM items')" $((n + 5))

# Standard output on a full disk: the batch is committed before it is
# printed, so status 1 and a message that says the batch was kept.
t_fresh
t_fail 1 "stdout on /dev/full" sh -c "xf-intake '$DATA/items.csv' > /dev/full"
t_grep "says why" "^xf-intake: standard output: No space left on device \\(the batch was kept\\)$" "$ERR"
t_eq "kept" "$(t_sql 'SELECT count(*) FROM items')" 5
t_fail 1 "query stdout on /dev/full" sh -c "xf-intake -f csv '$DATA/items.csv' > /dev/null && xf-query > /dev/full"
t_grep "query says why" "^xf-query: standard output: No space left on device" "$ERR"

# A reader that goes away: the whole batch is still registered.
t_fresh
t_ok "piped into head" sh -c "xf-intake big.csv | head -n 1 > /dev/null"
t_eq "whole batch registered" "$(t_sql 'SELECT count(*) FROM items')" $n
t_ok "query into head" sh -c "xf-query | head -n 2 > head.out"
t_eq "two lines" "$(wc -l < head.out)" 2

# Two imports at once both land whole, with distinct ids.
t_fresh
sh "$TOP/scripts/gen-items" -n 3000 -s 8 --to 2017-12-31 | sed 's/^SRC/ALT/' > other.csv
xf-intake big.csv > /dev/null 2> a.err &
a=$!
xf-intake other.csv > /dev/null 2> b.err &
b=$!
wait $a
sa=$?
wait $b
sb=$?
t_eq "first import succeeded" "$sa" 0
t_eq "second import succeeded" "$sb" 0
t_eq "both whole" "$(t_sql 'SELECT count(*) FROM items')" $((n + 3000))
t_eq "ids unique" "$(t_sql 'SELECT count(DISTINCT id) FROM items')" $((n + 3000))
t_integrity "after both"


# Standard output is kept in $TMPDIR until the commit, except /dev/null,
# which no one reads: with no $TMPDIR to keep it in, a batch printed to
# a file fails before it starts, one printed to /dev/null is registered.
t_fail 1 "no room to keep the output" env TMPDIR=/nonexistent \
    xf-intake --db spool.db "$DATA/items.csv"
t_grep "said" "^xf-intake: a temporary file: " "$ERR"
t_eq "nothing registered" "$(sqlite3 spool.db 'SELECT count(*) FROM items' 2>/dev/null || echo 0)" 0
t_ok "to /dev/null, nothing kept" sh -c "TMPDIR=/nonexistent xf-intake --db null.db '$DATA/items.csv' > /dev/null"
t_eq "registered" "$(sqlite3 null.db 'SELECT count(*) FROM items')" 5

# A ledger's statements are prepared when first used: one that a broken
# ledger cannot prepare (a table gone) fails that use, saying why, and
# nothing else.
t_ok "a ledger" xf-intake --db broken.db "$DATA/items.csv"
sqlite3 broken.db "DROP TABLE day_seq"
printf 'received_at,name\n2017-07-21,张三\n' > one.csv
t_fail 1 "a number cannot be taken" xf-intake --db broken.db one.csv
t_grep "said" "^xf-intake: one.csv:2: numbering the item: no such table: day_seq$" "$ERR"
t_eq "nothing registered" "$(sqlite3 broken.db 'SELECT count(*) FROM items')" 5
t_ok "read all the same" xf-query --db broken.db --count
t_eq "counted" "$(cat "$OUT")" 5

t_done
