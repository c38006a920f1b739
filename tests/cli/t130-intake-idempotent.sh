# stores: sqlite pg
# xf-intake: re-running an import registers nothing twice
. "$TOP/tests/cli/lib.sh"

t_ok "first import" xf-intake "$DATA/items.csv"
t_ok "same file again" xf-intake "$DATA/items.csv"
t_eq "nothing new" "$(t_sql 'SELECT count(*) FROM items')" 5
t_eq "nothing printed" "$(wc -l < "$OUT")" 0
t_grep "duplicate reported" "^xf-intake: .*items.csv:2: ref 'A001' already registered as 20170721-0001, skipped$" "$ERR"
t_eq "one event an item" "$(t_sql 'SELECT count(*) FROM events')" 5

# A correction by --update undone: the note, an extra column, and the
# rest of the row as they were (put back with the row's other columns
# by one UPDATE).
row="SELECT extra, received_at, status, due FROM items WHERE ref = 'A001'"
before=$(t_sql "$row")
sed '2s/walk-in/again/' "$DATA/items.csv" > corrected.csv
t_ok "a correction by --update" xf-intake --update corrected.csv
t_eq "corrected" "$(t_sql "SELECT count(*) FROM items WHERE ref = 'A001' AND CAST(extra AS TEXT) LIKE '%again%'")" 1
t_ok "the correction undone" xf-edit --undo-batch "$(t_sql 'SELECT max(n) FROM batches')" --reason 改错
t_eq "the row as before" "$(t_sql "$row")" "$before"

# The same ref twice in one batch, the second with another value: not
# skipped in silence but refused, naming what differs; --update takes it
# as a correction.
{ cat "$DATA/items.csv"; sed -n 2p "$DATA/items.csv" | sed 's/walk-in/again/'; } > twice.csv
t_fail 1 "ref twice in a file, differing" xf-intake --db t.db twice.csv
t_grep "difference reported" "twice.csv:7: ref 'A001' registered as 20170721-0001 with a different note: --update corrects it$" "$ERR"
t_eq "nothing registered" "$(sqlite3 t.db "SELECT count(*) FROM items")" 0
t_ok "twice, with --update" xf-intake --db t.db --update twice.csv
t_eq "registered once" "$(sqlite3 t.db "SELECT count(*) FROM items WHERE ref = 'A001'")" 1
t_eq "corrected" "$(sqlite3 t.db "SELECT json_extract(extra, '$.note') FROM items WHERE ref = 'A001'")" again
t_eq "the correction's event" "$(sqlite3 t.db "SELECT details FROM events WHERE action = 'update'")" \
    '{"note":{"old":"walk-in","new":"again"},"file":"twice.csv","line":7}'
{ cat "$DATA/items.csv"; sed -n 2p "$DATA/items.csv"; } > same-ref.csv
t_ok "the same row twice" xf-intake --db u.db same-ref.csv
t_grep "second reported" "same-ref.csv:7: ref 'A001' already registered as 20170721-0001, skipped$" "$ERR"

# Identical rows in one file (no ref): the second is the same item.
printf 'received_at,name\n2017-07-21,张三\n2017-07-22,李四\n2017-07-21,张三\n' > same.csv
t_ok "identical rows" xf-intake --db s.db same.csv
t_eq "two registered" "$(sqlite3 s.db 'SELECT count(*) FROM items')" 2
t_grep "identical reported" "^xf-intake: same.csv:4: already registered as 20170721-0001 \\(the same receipt time, petitioner and text\\), skipped$" "$ERR"

# An id given in the input is kept; generated ids skip it.
printf 'id,received_at\n20170721-0002,2017-07-21\n' > withid.csv
t_ok "given id" xf-intake --db i.db withid.csv
printf 'received_at,name\n2017-07-21,甲\n2017-07-21,乙\n' > noid.csv
t_ok "generated ids" xf-intake --db i.db noid.csv
t_eq "ids skip the given one" "$(sqlite3 i.db 'SELECT group_concat(id) FROM (SELECT id FROM items ORDER BY rowid) AS s')" 20170721-0002,20170721-0001,20170721-0003
t_ok "a given id already there" xf-intake --db i.db withid.csv
t_grep "id named" "id '20170721-0002' already registered, skipped" "$ERR"
printf 'id,received_at\n20170721-0002,2017-07-20\n' > withid2.csv
t_fail 1 "a given id, another date" xf-intake --db i.db withid2.csv
t_grep "what differs" "withid2.csv:2: id '20170721-0002' registered with a different received_at: --update corrects it" "$ERR"

t_done
