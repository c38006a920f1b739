# stores: pg
# xf-ledger copy between the stores: a SQLite ledger with a history into
# PostgreSQL and back, each copy's census the original's, the tables of
# the copy back the original's row for row, and the copy in
# PostgreSQL going on with its own numbers.
. "$TOP/tests/cli/lib.sh"

A=$TMP/a.db
B=$TMP/b.db
t_ok "register (SQLite)" xf-intake --db "$A" "$DATA/items.csv"
xf-query --db "$A" --ids > ids
sed -n 1p ids > id1
sed -n 2p ids > id2
t_ok "accept" xf-assign --db "$A" --accept --date 2017-12-20 ids
t_ok "void" xf-edit --db "$A" --void --reason "a duplicate" id2
# What PostgreSQL's COPY escapes (a backslash, a tab, a line feed, a
# carriage return), and the models' bytes.
printf '%s\n' 'ref,received_at,title,content' \
    'E1,2017-12-02,"a \ back	slash","line one' 'line two\N \. end"' \
    > escapes.csv
printf 'E2,2017-12-03,cr,"one\rtwo"\n' >> escapes.csv
t_ok "register what COPY escapes" xf-intake --db "$A" escapes.csv
t_eq "there as read" "$(sqlite3 "$A" "SELECT instr(title, '\') > 0 AND
    instr(title, char(9)) > 0 AND instr(content, char(10)) > 0 FROM items
    WHERE ref = 'E1'")" 1
t_ok "learn" xf-classify --db "$A" --learn
t_eq "models there" "$(sqlite3 "$A" "SELECT count(*) > 0 FROM models")" 1
t_ok "census of the original" xf-ledger --db "$A" check -f csv
cp "$OUT" a.census

t_ok "copy into PostgreSQL" xf-ledger -f csv copy "$A" "$XF_DB"
t_cmp "its census the original's" "$OUT" a.census
t_ok "check it there" xf-ledger check -f csv
t_cmp "the same census read again" "$OUT" a.census
# PostgreSQL counts the places again from the items copied in (no
# batch counted them), as SQLite counted them, a voided item among them.
t_eq "the places' counts there" "$(t_sql "SELECT region, day, live, items
    FROM place_days ORDER BY 1, 2")" "$(sqlite3 "$A" 'SELECT * FROM
    place_days ORDER BY 1, 2')"
t_fail 1 "copy into it again" xf-ledger copy "$A" "$XF_DB"
t_grep "refused" "is in the ledger copied into already .*: nothing copied" "$ERR"

t_ok "copy back into SQLite" xf-ledger -f csv copy "$XF_DB" "$B"
t_cmp "its census the original's" "$OUT" a.census
for t in items events batches images day_seq visits handlings models; do
	sqlite3 "$A" "SELECT * FROM $t ORDER BY 1, 2" > a.txt
	sqlite3 "$B" "SELECT * FROM $t ORDER BY 1, 2" > b.txt
	t_cmp "$t back row for row" b.txt a.txt
done
# The copy carries no place_days: SQLite makes them again from the items.
t_eq "the places' counts made again" "$(sqlite3 "$B" 'SELECT * FROM
    place_days ORDER BY 1, 2')" "$(sqlite3 "$A" 'SELECT * FROM place_days
    ORDER BY 1, 2')"
t_eq "some" "$(sqlite3 "$B" 'SELECT sum(live) > 0 FROM place_days')" 1
t_ok "the copy back checked" xf-ledger --db "$B" check

# The copy goes on: its next batch after the copied ones.
t_ok "a step on the copy" xf-assign --unit 县住建局 --date 2017-12-21 id1
t_eq "numbered after the copied" "$(t_sql "SELECT max(n) FROM batches")" \
    "$(($(sqlite3 "$A" "SELECT max(n) FROM batches") + 1))"
t_ok "the voided stays void" xf-query --include-void --count
t_eq "both counted with --include-void" "$(cat "$OUT")" \
    "$(xf-query --db "$A" --include-void --count)"

# A copy of more rows a table than PostgreSQL is sent at once without
# waiting (256, PG_PIPED in lib/store/pg.c): all there, in order.
sh "$TOP/scripts/gen-items" -n 600 -s 2 --to 2017-12-31 > many.csv
t_ok "600 items (SQLite)" xf-intake --db "$TMP/many.db" many.csv
t_ok "census of it" xf-ledger --db "$TMP/many.db" check -f csv
cp "$OUT" many.census
dropdb --if-exists "${t_pgdb}_many" && createdb "${t_pgdb}_many"
t_ok "copied into PostgreSQL" xf-ledger -f csv copy "$TMP/many.db" \
    "postgresql:///${t_pgdb}_many"
t_cmp "its census the original's" "$OUT" many.census
dropdb "${t_pgdb}_many"

# A row the server refuses fails the copy, whole: the rows sent with
# COPY are all there or none.
t_ok "a census" xf-ledger check -f csv
cp "$OUT" now.census
t_ok "the server refuses a title" t_sql "ALTER TABLE items ADD CONSTRAINT
    t965 CHECK (title <> 'refused')"
printf '%s\n' 'ref,received_at,title' 'R1,2017-12-04,fine' \
    'R2,2017-12-04,refused' > refused.csv
t_ok "a ledger with it (SQLite)" xf-intake --db "$TMP/r.db" refused.csv
t_fail 1 "copy it in" xf-ledger copy "$TMP/r.db" "$XF_DB"
t_grep "the server's reason" 'copying the items: new row for relation "items" violates check constraint "t965"' "$ERR"
t_ok "a census after" xf-ledger check -f csv
t_cmp "nothing copied" "$OUT" now.census
t_done
