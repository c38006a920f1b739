# stores: sqlite pg
# xf-intake: registering items from CSV, what it prints and what the
# ledger holds afterwards
. "$TOP/tests/cli/lib.sh"

t_ok "register a CSV" xf-intake "$DATA/items.csv"
t_eq "five items printed" "$(wc -l < "$OUT")" 5
t_eq "five items stored" "$(t_sql 'SELECT count(*) FROM items')" 5
if [ -z "$t_pgdb" ]; then
	t_eq "ledger mode 0600" "$(stat -c %a "$XF_DB")" 600
	t_eq "schema version" "$(t_sql 'PRAGMA user_version')" 18
	t_eq "WAL" "$(t_sql 'PRAGMA journal_mode')" wal
else
	t_eq "schema version" "$(t_sql 'SELECT version FROM xf_schema')" 21
fi

# Ids: the day of receipt and a daily sequence.
t_eq "ids" "$(t_sql 'SELECT id FROM items ORDER BY rowid' | tr '\n' ' ')" \
	"20170721-0001 20170802-0001 20170901-0001 20171008-0001 20171111-0001 "
t_grep "first line is A001" '^\{"id":"20170721-0001","ref":"A001","received_at":"2017-07-21T13:50:00\+08:00","channel":"visit"' "$OUT"

# Date forms, normalised to the office zone.
t_eq "received_at" "$(t_sql 'SELECT received_at FROM items ORDER BY rowid' | tr '\n' ' ')" \
	"2017-07-21T13:50:00+08:00 2017-08-02T00:00:00+08:00 2017-09-01T09:05:00+08:00 2017-10-08T00:00:00+08:00 2017-11-11T10:00:00+08:00 "

# Derived fields.
t_eq "collective: the 12-person visit" "$(t_sql 'SELECT ref FROM items WHERE collective = 1')" A003
t_eq "joint letter: the 3-person letter" "$(t_sql 'SELECT ref FROM items WHERE joint_letter = 1')" A002
t_eq "skip-level: city and national" "$(t_sql 'SELECT group_concat(ref) FROM items WHERE skip_level = 1')" A003,A004
t_eq "irregular" "$(t_sql 'SELECT ref FROM items WHERE irregular = 1')" A004
t_eq "status" "$(t_sql 'SELECT DISTINCT status FROM items')" registered
t_eq "registered_at is XF_NOW" "$(t_sql 'SELECT DISTINCT registered_at FROM items')" 2018-01-15T09:00:00+08:00

# Repeats: A004 is 张三 again, same ID number and level-1 category.
t_eq "first items" "$(t_sql 'SELECT group_concat(ref) FROM items WHERE "first" = 1')" A001,A002,A003,A005
t_eq "A004 repeats A001" "$(t_sql "SELECT repeat_of FROM items WHERE ref = 'A004'")" 20170721-0001

# Normalised values: tokens, phone, unknown column kept.
t_eq "landline" "$(t_sql "SELECT phone FROM items WHERE ref = 'A002'")" 0316-8812345
t_eq "unknown column kept" "$(t_sql "SELECT extra FROM items WHERE ref = 'A001'")" '{"note":"walk-in"}'
t_grep "unknown column printed" '"note":"walk-in"' "$OUT"
t_grep "quotes and commas survive" '"content":"征地补偿不到位, 要求\\"公平\\"处理"' "$OUT"

# Masked output, full values in the ledger.
t_grep "id_number masked" '"id_number":"131028\*\*\*\*\*\*\*\*001X"' "$OUT"
t_grep "phone masked" '"phone":"138\*\*\*\*5678"' "$OUT"
t_eq "ledger keeps the full id_number" "$(t_sql "SELECT id_number FROM items WHERE ref = 'A001'")" 13102819800101001X

# The audit trail: one register event per item, actor and program named.
t_eq "events" "$(t_sql "SELECT count(*) FROM events WHERE action = 'register' AND actor = 'tester' AND program = 'xf-intake'")" 5
# Typed JSON output.
t_grep "people is a number" '"people":12,' "$OUT"
t_grep "booleans" '"collective":true' "$OUT"
t_grep "fields in their order, unknown columns last" '"status":"registered","registered_at":"2018-01-15T09:00:00\+08:00","due":"2017-08-05","due_days":15,"due_state":"very_overdue","note":"walk-in"\}$' "$OUT"

# The acceptance deadline: 15 days from receipt, worked out when read.
t_eq "due" "$(t_sql 'SELECT group_concat(due) FROM (SELECT due FROM items ORDER BY rowid) AS s')" \
	2017-08-05,2017-08-17,2017-09-16,2017-10-23,2017-11-26

t_sql "UPDATE events SET actor = 'x'" 2> upd.err
t_grep "events are never changed" "events are never changed" upd.err
t_sql "DELETE FROM events" 2> del.err
t_grep "events are never deleted" "events are never deleted" del.err
t_eq "events intact" "$(t_sql "SELECT count(*) FROM events WHERE actor = 'tester'")" 5

# --reveal shows personal data.
t_fresh
t_ok "register with --reveal" xf-intake --reveal "$DATA/items.csv"
t_grep "full id_number" '"id_number":"13102819800101001X"' "$OUT"

# An office prefix.
t_fresh
t_ok "--office" xf-intake --office DC "$DATA/items.csv"
t_eq "prefixed id" "$(t_sql 'SELECT id FROM items ORDER BY rowid LIMIT 1')" DC-20170721-0001
t_fail 2 "bad --office" xf-intake --office 'D C' "$DATA/items.csv"

# Standard input, and --actor.
t_fresh
t_ok "from standard input" sh -c "xf-intake --actor 王科员 < '$DATA/items.csv'"
t_eq "actor" "$(t_sql 'SELECT DISTINCT actor FROM events')" 王科员
t_eq "file name of standard input" "$(t_sql 'SELECT DISTINCT json_extract(details, '"'"'$.file'"'"') FROM events')" -

# Output formats.
t_ok "CSV output" xf-intake --db "$TMP/b.db" -f csv --bom --header zh "$DATA/items.csv"
t_eq "BOM and Chinese header" "$(head -c 19 "$OUT")" "$(printf '\357\273\277信访件编号,')"
t_eq "CSV rows" "$(wc -l < "$OUT")" 6
t_ok "table output" xf-intake --db "$TMP/c.db" -f table "$DATA/items.csv"
t_grep "table header" '^id +received_at' "$OUT"
t_ok "--lang zh" xf-intake --db "$TMP/d.db" --lang zh "$DATA/items.csv"
t_grep "Chinese values" '"channel":"来访"' "$OUT"

t_done
