# stores: sqlite pg
# xf-intake: a spreadsheet saved in a Chinese office (Chinese headers,
# GB18030, CRLF, mixed and Excel dates), NDJSON, BOM, format detection
. "$TOP/tests/cli/lib.sh"

t_fail 1 "GB18030 refused without --encoding" xf-intake "$DATA/台账.csv"
t_grep "says to give the encoding" "line 1: not valid UTF-8 .*--encoding gb18030" "$ERR"
t_ok "GB18030 with --encoding" xf-intake --encoding gb18030 "$DATA/台账.csv"
t_eq "five items" "$(t_sql 'SELECT count(*) FROM items')" 5
t_eq "Chinese values to tokens" "$(t_sql 'SELECT group_concat(channel) FROM items')" visit,letter,visit,visit,online
t_eq "sources" "$(t_sql 'SELECT group_concat(source) FROM items')" direct,transferred,direct,direct,assigned
t_eq "purposes" "$(t_sql 'SELECT DISTINCT purpose FROM items ORDER BY 1' | tr '\n' ' ')" "demand suggestion "
t_eq "dates, one an Excel serial" "$(t_sql 'SELECT group_concat(substr(received_at, 1, 16)) FROM items')" \
	2017-07-21T13:50,2017-08-02T00:00,2017-09-05T00:00,2017-10-08T00:00,2017-11-11T10:00
t_eq "mobile with spaces" "$(t_sql "SELECT phone FROM items WHERE ref = 'ZH001'")" 13812345678
t_eq "quoted comma and quotes" "$(t_sql "SELECT content FROM items WHERE ref = 'ZH003'")" '七人反映"拆迁"问题'
cr=$(printf '\r')
t_eq "no CR left in values" "$(t_sql "SELECT count(*) FROM items WHERE extra LIKE '%$cr%' OR category LIKE '%$cr%'")" 0
t_eq "unknown Chinese column kept" "$(t_sql "SELECT json_extract(extra, '\$.备注') FROM items WHERE ref = 'ZH002'")" 联名
t_eq "collective: 7 visitors" "$(t_sql 'SELECT group_concat(ref) FROM items WHERE collective = 1')" ZH003
t_eq "repeat by ID number" "$(t_sql "SELECT repeat_of FROM items WHERE ref = 'ZH004'")" 20170721-0001

# Queried back as a spreadsheet: BOM, Chinese header and values.
t_ok "export" xf-query -f csv --bom --header zh --lang zh
t_grep "Chinese header" '^.*信访件编号,来源编号,信访日期,信访形式' "$OUT"
t_grep "Chinese values" ',来访,本级,' "$OUT"
t_grep "CRLF rows" "$(printf '\r')\$" "$OUT"

# The same data as NDJSON, told apart by the first byte.
cat > items.ndjson <<'NDJSON'
{"ref":"J1","received_at":"2017-07-21 13:50","channel":"来访","name":"张三","people":2,"first":"初件","tags":["a","b"],"score":1.5}

{"ref":"J2","received_at":"2017-07-22","channel":"letter","name":"李四","irregular":false,"people":1,"nothing":null}
NDJSON
t_fresh
t_ok "NDJSON" xf-intake items.ndjson
t_eq "two items" "$(t_sql 'SELECT count(*) FROM items')" 2
t_grep "raw JSON values come back as JSON" '"tags":\["a","b"\],"score":1.5' "$OUT"
t_eq "first given" "$(t_sql "SELECT \"first\" FROM items WHERE ref = 'J1'")" 1
t_ok "NDJSON forced" xf-intake --db n2.db --input-format json items.ndjson
t_fail 1 "CSV read as NDJSON" xf-intake --db n3.db --input-format json "$DATA/items.csv"
t_grep "line named" "items.csv: line 1: " "$ERR"
printf '{"ref":"K1","received_at":"2017-07-21"}\n{"ref":"K2",\n' > broken.ndjson
t_fail 1 "broken NDJSON line" xf-intake --db n4.db broken.ndjson
t_grep "bad JSON on line 2" "broken.ndjson: line 2: " "$ERR"
printf '[1,2]\n' > array.ndjson
t_fail 1 "not an object" xf-intake --db n5.db --input-format json array.ndjson

# A UTF-8 BOM and CRLF, as Excel writes "CSV UTF-8".
{ printf '\357\273\277'; sed 's/$/\r/' "$DATA/items.csv"; } > bom.csv
t_ok "BOM and CRLF" xf-intake --db bom.db bom.csv
t_eq "BOM dropped from the first column" "$(sqlite3 bom.db 'SELECT count(*) FROM items WHERE ref IS NOT NULL')" 5

# Empty input registers nothing and is no error.
: > empty.csv
t_ok "empty file" xf-intake --db e.db empty.csv
t_ok "header only" sh -c "head -n 1 '$DATA/items.csv' | xf-intake --db e.db"

t_done
