# xf-ledger: create, migrate, check, and copy a ledger with its whole
# history; the copy is compared table by table with the sqlite3 shell.
. "$TOP/tests/cli/lib.sh"

WAGE=劳动和社会保障/工资福利
LAND=国土资源/土地征收

t_ok "help" xf-ledger --help
t_grep "usage" "^usage: xf-ledger " "$OUT"
t_fail 2 "no command" xf-ledger
t_grep "no command named" "no command: create, migrate, check or copy" "$ERR"
t_fail 2 "an unknown command" xf-ledger mend
t_grep "unknown command named" "'mend': no such command" "$ERR"
t_fail 2 "copy without TO" xf-ledger copy a.db
t_grep "copy's arguments" "copy takes FROM and TO" "$ERR"
t_fail 2 "check with an argument" xf-ledger check a.db
t_fail 2 "copy with --db" xf-ledger --db x.db copy a.db b.db
t_fail 2 "an unknown option" xf-ledger --frobnicate check

# create
t_ok "create" xf-ledger --db new.db create
t_grep "created, said" "new.db: a new sqlite ledger, schema 18" "$ERR"
t_eq "mode 0600" "$(stat -c %a new.db)" 600
t_fail 1 "create again" xf-ledger --db new.db create
t_grep "there already" "new.db: a ledger is there already" "$ERR"

# migrate
t_fail 1 "migrate no ledger" xf-ledger --db none.db migrate
t_grep "no ledger" "none.db: no ledger there" "$ERR"
t_eq "none created" "$(ls none.db 2>/dev/null)" ""
t_ok "migrate, up to date" xf-ledger --db new.db migrate
t_grep "up to date" "new.db: schema 18, up to date" "$ERR"
sqlite3 new.db "DROP INDEX items_unit_due; DROP TABLE place_days;
    PRAGMA user_version = 13"
t_ok "migrate from 12" xf-ledger --db new.db migrate
t_grep "migrated" "new.db: schema 18, migrated from 13" "$ERR"
t_eq "the index back" "$(sqlite3 new.db "SELECT count(*) FROM
    sqlite_master WHERE name IN ('items_unit_due', 'place_days')")" 2

# A ledger with a history: items, steps, a visit, a void, an undone
# batch, a model.
{
	i=1
	while [ $i -le 10 ]; do
		printf '{"received_at":"2017-07-%02d 10:00","name":"张%s","phone":"1380000%04d","title":"拖欠工资","content":"老板拖欠工资不给","category":"%s"}\n' $i $i $i $WAGE
		printf '{"received_at":"2017-08-%02d 10:00","title":"征地补偿","content":"征地补偿款没有到位","category":"%s"}\n' $i $LAND
		i=$((i + 1))
	done
} > fixture.ndjson
t_ok "register" xf-intake fixture.ndjson
xf-query --ids > ids
for n in 1 2 3 4; do sed -n ${n}p ids > id$n; done
t_ok "accept" xf-assign --accept --date 2017-09-01 ids
t_ok "assign" xf-assign --unit 区人社局 --date 2017-09-02 ids
t_ok "reply" xf-close --reply supported --date 2017-09-20 ids
t_ok "visit" xf-visit --outcome satisfied --date 2017-09-25 \
    id1
t_ok "void" xf-edit --void --reason "a duplicate" id2
t_ok "correct" xf-edit --set title=欠薪 --reason typo id3
t_ok "undo the correction" xf-edit --undo-batch \
    "$(sqlite3 xf.db "SELECT max(n) FROM batches")" --reason "not so"
t_ok "learn" xf-classify --learn

t_ok "check a whole ledger" xf-ledger check -f csv
t_grep "census header" "^table,rows,digest" "$OUT"
t_grep "items counted, the voided too" "^items,20," "$OUT"
t_grep "the models" "^models,2," "$OUT"
t_eq "no problem" "$(cat "$ERR")" ""
cp "$OUT" census.csv

t_ok "copy" xf-ledger -f csv copy xf.db copy.db
t_cmp "the copy's census is the ledger's" "$OUT" census.csv
t_eq "mode 0600" "$(stat -c %a copy.db)" 600
# place_days is SQLite's count of the items, made by their triggers in
# the copy: not the ledger's own, not in the census.
for t in $(sqlite3 xf.db "SELECT name FROM sqlite_master WHERE type =
    'table' AND name <> 'place_days' ORDER BY name"); do
	sqlite3 xf.db "SELECT rowid, * FROM $t ORDER BY 1" > a.txt
	sqlite3 copy.db "SELECT rowid, * FROM $t ORDER BY 1" > b.txt
	t_cmp "table $t copied exactly" b.txt a.txt
done
t_eq "every table in the census" \
    "$(sqlite3 xf.db "SELECT name FROM sqlite_master WHERE type = 'table'
    AND name <> 'place_days' ORDER BY name")" \
    "$(sed 1d census.csv | cut -d, -f1 | sort)"
t_eq "the places' counts made again by the copy" \
    "$(sqlite3 copy.db 'SELECT * FROM place_days ORDER BY 1, 2')" \
    "$(sqlite3 xf.db 'SELECT * FROM place_days ORDER BY 1, 2')"
t_eq "which are the items'" "$(sqlite3 xf.db 'SELECT ifnull(sum(items), 0),
    ifnull(sum(live), 0) FROM place_days')" "$(sqlite3 xf.db 'SELECT count(*), count(*) -
    count(voided_at) FROM items WHERE region IS NOT NULL')"
t_ok "check the copy" xf-ledger --db copy.db check -f csv
t_cmp "its census" "$OUT" census.csv
xf-stats --db xf.db --by unit > a.txt
xf-stats --db copy.db --by unit > b.txt
t_cmp "the same statistics" b.txt a.txt
xf-query --db xf.db --include-void --history "$(sed -n 2p ids)" > a.txt
xf-query --db copy.db --include-void --history "$(sed -n 2p ids)" > b.txt
t_cmp "the same history" b.txt a.txt
t_ok "the copy goes on: a new batch" xf-edit --db copy.db --set \
    title=欠薪 --reason typo id3
t_eq "numbered after the copied" "$(sqlite3 copy.db "SELECT max(n)
    FROM batches")" "$(($(sqlite3 xf.db "SELECT max(n) FROM batches") + 1))"

# A copy of more rows than the copy looks at its cache after (4,096:
# sized to what the copy holds, as xf-intake's): the same census.
sh "$TOP/scripts/gen-items" -n 4500 --to 2017-12-31 > many.csv
t_ok "a ledger of 4,500" xf-intake --db many.db many.csv
t_ok "its census" xf-ledger --db many.db check -f csv
mv "$OUT" many.census
t_grep "4,500 items" "^items,4500," many.census
t_ok "copied" xf-ledger copy many.db many-copy.db
t_ok "the copy's census" xf-ledger --db many-copy.db check -f csv
t_cmp "the same" "$OUT" many.census
t_fail 1 "copy into a ledger holding the same cases" xf-ledger copy xf.db copy.db
t_grep "refused" "copy.db: case '$(head -n 1 ids)' is in the ledger copied into already \(22 clashes of case ids, refs, persons, documents or models in all\): nothing copied" "$ERR"
t_fail 1 "copy from no ledger" xf-ledger copy none.db c2.db
t_grep "from no ledger" "none.db: no ledger there" "$ERR"
t_eq "nothing made" "$(ls c2.db 2>/dev/null)" ""
t_fail 1 "copy to a store nobody has" xf-ledger copy xf.db \
    'nosuch://u:secret@host/db'
t_grep "no store" "nosuch://u:\*\*\*@host/db: no store" "$ERR"
t_nogrep "no password shown" "secret" "$ERR"

# A password in an argument is never kept in the batches.
echo '{"received_at":"2017-01-01","title":"x"}' > one.json
t_ok "an argument holding a URI" xf-intake --db pw.db \
    --actor 'postgresql://u:topsecret@h/db?password=zz' one.json
t_ok "the batches" xf-query --db pw.db --batches
t_grep "kept without its password" 'postgresql://u:\*\*\*@h/db\?password=\*\*\*' "$OUT"
grep -o '"args":".*","files"' "$OUT" > args.txt
t_nogrep "never the password in the arguments" 'topsecret|=zz' args.txt

# check finds what xf never leaves.
sqlite3 xf.db "INSERT INTO events (item, at, actor, program, action)
    VALUES ('nobody', '2018-01-01', 'x', 'x', 'register')"
sqlite3 xf.db "UPDATE items SET repeat_of = 'gone' WHERE id =
    '$(sed -n 4p ids)'"
t_fail 1 "check a broken ledger" xf-ledger check -f csv
t_grep "an event of no case" "xf.db: an event of no case: nobody" "$ERR"
t_grep "a repeat of no item" "xf.db: a repeat of no item: $(sed -n 4p ids)" "$ERR"
t_grep "SQLite's own check" "xf.db: a row naming no items row: items" "$ERR"
t_grep "counted" "xf.db: 3 problems found" "$ERR"
t_grep "the census still printed" "^items,20," "$OUT"

t_done
