# stores: sqlite pg
# Hostile input: values that are SQL or shell syntax, control characters,
# bytes that are not UTF-8, a 10 MB field, a million columns, JSON nested
# 100,000 deep, a last line without a newline, a file of only a BOM; and
# CSV cells that a spreadsheet would run as formulas.  Each ends in a
# clean refusal (status 1, file and line named) or is stored byte for
# byte, read back with sqlite3; never a crash, never a hang (each run
# under timeout 60: a hang fails as status 124).
. "$TOP/tests/cli/lib.sh"

tmo() {
	timeout 60 "$@"
}

# The bytes of a string as upper-case hex, as sqlite3's hex() gives them.
hex() {
	printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n' | tr a-f A-F
}

# stored DESC REF COLUMN VALUE: the item of REF holds VALUE exactly.
stored() {
	t_eq "$1" "$(t_sql "SELECT hex($3) FROM items WHERE ref = '$2'")" \
	    "$(hex "$4")"
}

# The extra (unknown) column KEY of REF, exactly.
stored_extra() {
	k=$(printf '%s' "$3" | sed "s/'/''/g")
	t_eq "$1" "$(t_sql "SELECT hex(value) FROM items, json_each(extra)
	    WHERE ref = '$2' AND key = '$k'")" "$(hex "$4")"
}

items() {
	t_sql 'SELECT count(*) FROM items'
}

# ------------------------------------------------------------------
# SQL and shell syntax: stored as text, never run.

sql1="'; DROP TABLE items; --"
sql2='1 OR 1=1'
sql3='Robert"); DELETE FROM events; --'
sh1='$(touch pwned)'
sh2='`touch pwned2`'
sh3='; ls > pwned3 #'
fmt='%s%n%x%p'

# CSV: quotes doubled inside quoted cells.
cat > sql.csv <<'CSV'
ref,received_at,channel,title,content,note
S1,2017-07-21,visit,'; DROP TABLE items; --,1 OR 1=1,"Robert""); DELETE FROM events; --"
S2,2017-07-22,letter,$(touch pwned),`touch pwned2`,; ls > pwned3 #
S3,2017-07-23,visit,%s%n%x%p,%s%n%x%p,%s%n%x%p
CSV
t_ok "SQL and shell syntax in CSV" tmo xf-intake sql.csv
t_eq "three items" "$(items)" 3
stored "SQL in a title" S1 title "$sql1"
stored "SQL in the content" S1 content "$sql2"
stored_extra "SQL in an unknown column" S1 note "$sql3"
stored "shell in a title" S2 title "$sh1"
stored "backquotes in the content" S2 content "$sh2"
stored_extra "shell in an unknown column" S2 note "$sh3"
stored "printf directives in a title" S3 title "$fmt"
if [ -n "$t_pgdb" ]; then
	tables="SELECT count(*) FROM pg_class WHERE relname IN ('items', 'events') AND relkind = 'r'"
else
	tables="SELECT count(*) FROM sqlite_master WHERE name IN ('items', 'events')"
fi
t_eq "the tables are all there" "$(t_sql "$tables")" 2
t_eq "events: one per item" "$(t_sql 'SELECT count(*) FROM events')" 3
t_eq "nothing ran" "$(ls pwned* 2>/dev/null | wc -l)" 0

# NDJSON: the same, escaped as JSON.
cat > sql.ndjson <<'NDJSON'
{"ref":"J1","received_at":"2017-07-21","channel":"visit","title":"'; DROP TABLE items; --","x' OR '1'='1":"Robert\"); DELETE FROM events; --"}
{"ref":"J2","received_at":"2017-07-22","channel":"visit","title":"$(touch pwned)","content":"`touch pwned2`"}
NDJSON
t_ok "SQL and shell syntax in NDJSON" tmo xf-intake sql.ndjson
stored "NDJSON: SQL in a title" J1 title "$sql1"
stored_extra "NDJSON: SQL as a key and a value" J1 "x' OR '1'='1" "$sql3"
stored "NDJSON: shell in a title" J2 title "$sh1"
t_eq "nothing ran (NDJSON)" "$(ls pwned* 2>/dev/null | wc -l)" 0

# Ids, references and filters that are SQL: no match, nothing changed.
t_ok "a ref that is SQL" tmo xf-query --ref "S1' OR '1'='1" --count
t_eq "no item matches" "$(cat "$OUT")" 0
t_ok "a unit that is SQL" tmo xf-query --unit "x' OR 1=1 --" --count
t_eq "no unit matches" "$(cat "$OUT")" 0
t_ok "a LIKE wildcard is a character" tmo xf-query --text '%' --count
t_eq "one title holds %" "$(cat "$OUT")" 1
t_ok "so is the other" tmo xf-query --text '_' --count
t_eq "none holds _" "$(cat "$OUT")" 0
t_ok "the text of a title that is SQL" tmo xf-query --text "DROP TABLE" --count
t_eq "found as text" "$(cat "$OUT")" 2
printf '{"id":"%s"}\n' "20170721-0001' OR '1'='1" > sqlid.ndjson
t_fail 1 "an id that is SQL" tmo xf-close --close litigation sqlid.ndjson
t_grep "refused: no such item" "^xf-close: sqlid.ndjson:1: .*no item" "$ERR"
t_eq "nothing closed" "$(t_sql "SELECT count(*) FROM items WHERE status = 'closed'")" 0
printf '%s\n' 'ref,received_at,channel,people' \
    "X1,2017-07-21,visit' OR '1'='1,1" 'X2,2017-07-21,$(touch pwned),1' \
    "X3,2017-07-21,visit,1; DROP TABLE items" > sqlenum.csv
t_fail 1 "SQL and shell in enumerated and number fields" tmo xf-intake sqlenum.csv
t_grep "channel refused, line named" "^xf-intake: sqlenum.csv:2: channel 'visit' OR '1'='1': not a channel" "$ERR"
t_grep "shell refused, line named" "^xf-intake: sqlenum.csv:3: channel '\\\$\\(touch pwned\\)': not a channel" "$ERR"
t_grep "people refused, line named" "^xf-intake: sqlenum.csv:4: people '1; DROP TABLE items': " "$ERR"
printf '%s\n' '{"ref":"X4","id":"$(touch pwned)","received_at":"2017-07-21","channel":"visit"}' > shid.ndjson
t_fail 1 "an id that is shell syntax" tmo xf-intake shid.ndjson
t_grep "id refused, line named" "^xf-intake: shid.ndjson:1: id '\\\$\\(touch pwned\\)': not an id" "$ERR"
t_eq "still five items" "$(items)" 5
t_eq "nothing ran (enums and ids)" "$(ls pwned* 2>/dev/null | wc -l)" 0
t_ok "a --reject file named with shell syntax" tmo xf-intake -k --reject '$(touch pwned4)' sql.csv
t_eq "named as given" "$(ls -- '$(touch pwned4)' | wc -l)" 1
t_eq "nothing ran (file name)" "$(ls pwned* 2>/dev/null | wc -l)" 0

# ------------------------------------------------------------------
# Control characters.

t_fresh
printf '%s\n' \
    '{"ref":"C1","received_at":"2017-07-21","channel":"visit","title":"a\u001b[31mred\u001b[0m\u0007","content":"form\ffeed\ttab\r\nline"}' \
    > ctl.ndjson
t_ok "ESC, BEL, form feed in text fields: stored" tmo xf-intake ctl.ndjson
stored "ESC and BEL kept" C1 title "$(printf 'a\033[31mred\033[0m\007')"
stored "form feed, tab, CR LF kept" C1 content "$(printf 'form\014feed\ttab\r\nline')"
t_grep "NDJSON escapes them" '"title":"a\\u001b\[31mred\\u001b\[0m\\u0007"' "$OUT"
t_ok "a table of them" tmo xf-query -f table
t_nogrep "no ESC or BEL reaches a terminal" "$(printf '[\033\007]')" "$OUT"
t_grep "shown as spaces" 'a \[31mred \[0m' "$OUT"

# A NUL, escaped in NDJSON or raw in CSV, would cut the value: refused.
for where in '"title":"a\u0000b"' '"ref":"R\u0000X"' '"channel":"visit\u0000"' \
    '"x\u0000y":"1"' '"received_at":"2017-07-21\u0000junk"'; do
	printf '{"received_at":"2017-07-21","channel":"visit",%s}\n' \
	    "$where" > nul.ndjson
	t_fail 1 "NUL in $where" tmo xf-intake nul.ndjson
	t_grep "NUL refused with its line" '^xf-intake: nul.ndjson: line 1: a NUL character' "$ERR"
done
printf '{"ref":"N1","received_at":"2017-07-21","channel":"visit","title":"a\\\\u0000b"}\n' > esc.ndjson
t_ok "an escaped backslash before u0000 is no NUL" tmo xf-intake esc.ndjson
stored "kept as written" N1 title 'a\u0000b'
printf 'ref,received_at,channel,title\nN2,2017-07-21,visit,a\000b\n' > nul.csv
t_fail 1 "a NUL byte in CSV" tmo xf-intake nul.csv
t_grep "named: file, line, field" '^xf-intake: nul.csv:2: title: has a NUL character' "$ERR"

# In enumerated fields, ids, names: refused, and the message shows no
# control character (ESC would drive the terminal).
printf 'ref,received_at,channel\nE1,2017-07-21,vis\033[2Jit\n' > esc.csv
t_fail 1 "ESC in a channel" tmo xf-intake esc.csv
t_grep "file, line, field" "^xf-intake: esc.csv:2: channel 'vis\?\[2Jit': not a channel" "$ERR"
t_nogrep "no ESC in the message" "$(printf '\033')" "$ERR"
printf 'ref,received_at,channel,name\nE2,2017-07-21,visit,张\007三\n' > bel.csv
t_fail 1 "BEL in a name" tmo xf-intake bel.csv
t_grep "the field, not the value" '^xf-intake: bel.csv:2: name: has control characters$' "$ERR"
printf 'ref,received_at,channel\nE3\033,2017-07-21,visit\n' > escref.csv
t_fail 1 "ESC in a ref" tmo xf-intake escref.csv
t_grep "ref refused" '^xf-intake: escref.csv:2: ref .*: not a reference' "$ERR"
printf '{"id":"X\\u001b[2JY\\u009b"}\n' > escid.ndjson
t_fail 1 "ESC and CSI in an id" tmo xf-close --close litigation escid.ndjson
t_grep "id refused with the line" '^xf-close: escid.ndjson:1: X\?\[2JY\?\?: no item' "$ERR"
t_nogrep "no ESC in the message (id)" "$(printf '\033')" "$ERR"
t_nogrep "no CSI in the message (id)" "$(printf '\302\233')" "$ERR"
t_eq "nothing stored after the refusals" "$(items)" 2

# ------------------------------------------------------------------
# Bytes that are not UTF-8: refused with the line, in every place.

t_fresh
n=0
for bad in '\300\257' '\340\200\257' '\355\240\200' '\344\270' '\370\210\200\200\200' \
    '\364\220\200\200' '\377'; do
	n=$((n + 1))
	printf "ref,received_at,channel,title\nU$n,2017-07-21,visit,x${bad}y\n" > u.csv
	t_fail 1 "CSV text field: $bad" tmo xf-intake u.csv
	t_grep "line named ($bad)" '^xf-intake: u.csv: line 2: not valid UTF-8' "$ERR"
	printf "ref,received_at,channel\nU$n,2017-07-21,vis${bad}\n" > u.csv
	t_fail 1 "CSV enum field: $bad" tmo xf-intake u.csv
	printf "ref,received_at,channel,k${bad}\nU$n,2017-07-21,visit,1\n" > u.csv
	t_fail 1 "CSV header: $bad" tmo xf-intake u.csv
	t_grep "header line named ($bad)" '^xf-intake: u.csv: line 1: not valid UTF-8' "$ERR"
	printf "{\"ref\":\"U$n\",\"received_at\":\"2017-07-21\",\"channel\":\"visit\",\"title\":\"x${bad}\"}\n" > u.ndjson
	t_fail 1 "NDJSON string: $bad" tmo xf-intake u.ndjson
	t_grep "NDJSON line named ($bad)" '^xf-intake: u.ndjson: line 1: not valid UTF-8' "$ERR"
	printf "2017-07-21-0001${bad}\n" > u.ids
	t_fail 1 "bare id: $bad" tmo xf-close --close litigation u.ids
done
# A truncated sequence at the very end of the input.
printf 'ref,received_at,channel,title\nU9,2017-07-21,visit,x\344\270' > u.csv
t_fail 1 "truncated at the end of the file" tmo xf-intake u.csv
t_grep "line named (end)" '^xf-intake: u.csv: line 2: not valid UTF-8' "$ERR"
# Surrogates escaped in JSON: a lone half is bad JSON, a pair is a character.
printf '{"ref":"U10","received_at":"2017-07-21","channel":"visit","title":"\\ud800"}\n' > u.ndjson
t_fail 1 "a lone high surrogate" tmo xf-intake u.ndjson
t_grep "bad JSON, line named" '^xf-intake: u.ndjson: line 1: bad JSON' "$ERR"
printf '{"ref":"U11","received_at":"2017-07-21","channel":"visit","title":"\\udc00x"}\n' > u.ndjson
t_fail 1 "a lone low surrogate" tmo xf-intake u.ndjson
t_eq "nothing stored from bad bytes" "$(items)" 0
printf '{"ref":"U12","received_at":"2017-07-21","channel":"visit","title":"\\ud83d\\ude00"}\n' > u.ndjson
t_ok "a surrogate pair" tmo xf-intake u.ndjson
stored "stored as UTF-8" U12 title "$(printf '\360\237\230\200')"

# ------------------------------------------------------------------
# Size: a 10 MB field, a million columns, JSON nested 100,000 deep.

t_fresh
yes 字 | head -n 3495253 | tr -d '\n' > big.txt	# 10,485,759 bytes
t_eq "a 10 MB value" "$(wc -c < big.txt)" 10485759
{
	printf 'ref,received_at,channel,title,note\nB1,2017-07-21,visit,'
	cat big.txt
	printf ','
	cat big.txt
	printf '\n'
} > big.csv
t_ok "10 MB fields in CSV" tmo xf-intake big.csv
{
	printf '{"ref":"B2","received_at":"2017-07-21","channel":"visit","content":"'
	cat big.txt
	printf '"}\n'
} > big.ndjson
t_ok "a 10 MB field in NDJSON" tmo xf-intake big.ndjson
t_sql "SELECT title FROM items WHERE ref = 'B1'" > got.txt
printf '\n' >> big.txt
t_cmp "the CSV title back, byte for byte" got.txt big.txt
t_sql "SELECT json_extract(extra, '\$.note') FROM items WHERE ref = 'B1'" > got.txt
t_cmp "the unknown column back" got.txt big.txt
t_sql "SELECT content FROM items WHERE ref = 'B2'" > got.txt
t_cmp "the NDJSON content back" got.txt big.txt
t_ok "printed as CSV" tmo xf-query -f csv --ref B1
t_eq "header and one row" "$(wc -l < "$OUT")" 2
t_ok "printed as a table" tmo xf-query -f table --ref B1
t_grep "cut to the column's width" '字…$' "$OUT"

# A row of a million fields under a header of four: refused at once.
{
	printf 'ref,received_at,channel,title\nM1,2017-07-21,visit,t'
	yes ,x | head -n 1000000 | tr -d '\n'
	printf '\n'
} > wide.csv
t_fail 1 "a row of 1,000,004 fields" tmo xf-intake wide.csv
t_grep "refused with the line" '^xf-intake: wide.csv:2: 1000004 fields, the header has 4' "$ERR"
# A header of a million columns and its row: stored (this took hours
# when a column was looked for among all those before it).
t_fresh
awk 'BEGIN {
	printf "ref,received_at,channel"
	for (i = 0; i < 1000000; i++) printf ",c%d", i
	printf "\nW1,2017-07-21,visit"
	for (i = 0; i < 1000000; i++) printf ",v%d", i
	printf "\n"
}' > wide.csv
t_ok "a million columns" tmo xf-intake wide.csv
t_eq "a million unknown columns kept" \
    "$(t_sql "SELECT count(*) FROM json_each((SELECT extra FROM items WHERE ref = 'W1'))")" 1000000
t_eq "the last one" "$(t_sql "SELECT json_extract(extra, '\$.c999999') FROM items")" v999999
t_ok "printed back as CSV" tmo xf-query -f csv
t_eq "a million columns in the header" "$(head -n 1 "$OUT" | tr ',' '\n' | grep -c '^c[0-9]')" 1000000
t_grep "the row ends with the last value" ',v999998,v999999.$' "$OUT"
# Records whose unknown keys come in other orders, as NDJSON may have
# them: each cell still lands in its column, without a scan of them all.
t_fresh
awk 'BEGIN {
	printf "{\"ref\":\"O1\",\"received_at\":\"2017-07-21\",\"channel\":\"visit\""
	for (i = 0; i < 100000; i++) printf ",\"k%d\":\"a\"", i
	printf "}\n{\"ref\":\"O2\",\"received_at\":\"2017-07-21\",\"channel\":\"visit\""
	for (i = 99999; i >= 0; i--) printf ",\"k%d\":\"b\"", i
	printf "}\n"
}' > order.ndjson
t_ok "100,000 keys, then the same in reverse" tmo xf-intake -f csv order.ndjson
t_eq "each value under its own column" "$(tr -d '\r' < "$OUT" | awk -F, '
	NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^k[0-9]+$/) k[i] = 1 }
	NR > 1 { for (i in k) if ($i != (NR == 2 ? "a" : "b")) bad++ }
	END { print NR, length(k), bad + 0 }')" "3 100000 0"
t_ok "and from the ledger" tmo xf-query -f csv
t_eq "each value under its own column (query)" "$(tr -d '\r' < "$OUT" | awk -F, '
	NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^k[0-9]+$/) k[i] = 1 }
	NR > 1 { for (i in k) if ($i != (NR == 2 ? "a" : "b")) bad++ }
	END { print NR, length(k), bad + 0 }')" "3 100000 0"
awk 'BEGIN {
	printf "ref,received_at,channel"
	for (i = 0; i < 500000; i++) printf ",c%d", i
	printf ",c7\n"
}' > twice.csv
t_fail 1 "a header naming a column twice" tmo xf-intake twice.csv
t_grep "the column named" "^xf-intake: twice.csv: line 1: column 'c7' appears twice" "$ERR"

t_fresh
awk 'BEGIN {
	printf "{\"ref\":\"D1\",\"received_at\":\"2017-07-21\",\"channel\":\"visit\",\"x\":"
	for (i = 0; i < 100000; i++) printf "["
	for (i = 0; i < 100000; i++) printf "]"
	printf "}\n"
}' > deep.ndjson
t_fail 1 "JSON nested 100,000 deep in a value" tmo xf-intake deep.ndjson
t_grep "bad JSON, with the line" '^xf-intake: deep.ndjson: line 1: bad JSON at column' "$ERR"
awk 'BEGIN {
	for (i = 0; i < 100000; i++) printf "["
	for (i = 0; i < 100000; i++) printf "]"
	printf "\n"
}' > deep2.ndjson
t_fail 1 "nested 100,000 deep, read as NDJSON" tmo xf-intake --input-format json deep2.ndjson
t_grep "bad JSON (bare)" '^xf-intake: deep2.ndjson: line 1: bad JSON' "$ERR"
# Not an object, so told apart as CSV: a header of one column, no rows.
t_ok "the same, format told by its first byte" tmo xf-intake deep2.ndjson
t_eq "nothing stored from deep JSON" "$(items)" 0
{
	printf '{"ref":"D2","received_at":"2017-07-21","channel":"visit","title":"'
	yes '[{' | head -n 100000 | tr -d '\n'
	printf '"}\n'
} > deepstr.ndjson
t_ok "brackets inside a string are text" tmo xf-intake deepstr.ndjson
t_eq "200,000 characters stored" "$(t_sql "SELECT length(title) FROM items WHERE ref = 'D2'")" 200000

# ------------------------------------------------------------------
# Ends of files: no newline at the end, only a BOM, nothing at all.

t_fresh
printf 'ref,received_at,channel,title\r\nL1,2017-07-21,visit,last line' > nonl.csv
t_ok "CSV without a newline at the end" tmo xf-intake nonl.csv
stored "its last row whole" L1 title 'last line'
printf '{"ref":"L2","received_at":"2017-07-21","channel":"visit","title":"last"}' > nonl.ndjson
t_ok "NDJSON without a newline at the end" tmo xf-intake nonl.ndjson
stored "its last line whole" L2 title last
printf '\357\273\277' > bom.csv
t_ok "a file of only a BOM" tmo xf-intake bom.csv
t_eq "prints nothing" "$(wc -c < "$OUT")" 0
printf '\357\273\277ref,received_at,channel\r\n' > bomhead.csv
t_ok "a BOM and a header" tmo xf-intake bomhead.csv
: > empty.csv
t_ok "an empty file" tmo xf-intake empty.csv
t_eq "two items, no more" "$(items)" 2
printf 'ref,received_at,channel,title\nQ1,2017-07-21,visit,"open' > open.csv
t_fail 1 "a quote never closed" tmo xf-intake open.csv
t_grep "says so" '^xf-intake: open\.csv:2: malformed CSV \(a quoted cell is not closed at the end of the input\) in line 2: the record was not read$' "$ERR"

# ------------------------------------------------------------------
# Formulas: neutralised in CSV for spreadsheets, unless --raw-csv;
# never in NDJSON or a table; a plain number stays a number.

t_fresh
cat > f.csv <<'CSV'
ref,received_at,channel,title,content,=cmd
F1,2017-07-21,visit,"=HYPERLINK(""http://x"",""y"")",-12.5,@SUM(A1)
F2,2017-07-22,visit,+1+1,-急,-5
F3,2017-07-23,visit,'=already,'-3,plain
CSV
t_ok "formulas registered" tmo xf-intake f.csv
stored "a formula is stored as it is" F1 title '=HYPERLINK("http://x","y")'
stored_extra "and in a column named like one" F1 '=cmd' '@SUM(A1)'
stored "an apostrophe before a formula is taken off on input" F3 title "=already"
stored "an apostrophe before a number is kept" F3 content "'-3"
t_ok "CSV out" tmo xf-query -f csv
t_grep "the header cell neutralised" ",'=cmd.$" "$OUT"
t_grep "= + - @ get an apostrophe" "^20170721-0001,F1,.*,\"'=HYPERLINK\(\"\"http://x\"\",\"\"y\"\"\)\",-12.5,.*,'@SUM\(A1\).$" "$OUT"
t_grep "a number stays a number" "^20170722-0001,F2,.*,'\+1\+1,'-急,.*,-5.$" "$OUT"
t_grep "an apostrophe before a number kept as it is" "^20170723-0001,F3,.*,'=already,'-3," "$OUT"
t_grep "xf's own numbers too" ',15,very_overdue,' "$OUT"
cp "$OUT" neutral.csv
t_ok "--raw-csv" tmo xf-query -f csv --raw-csv
t_grep "formulas as they are" "^20170721-0001,F1,.*,\"=HYPERLINK\(\"\"http://x\"\",\"\"y\"\"\)\",-12.5,.*,@SUM\(A1\).$" "$OUT"
t_grep "raw header" ',=cmd.$' "$OUT"
t_ok "NDJSON never" tmo xf-query
t_grep "NDJSON as stored" '"title":"=HYPERLINK' "$OUT"
t_ok "a table never" tmo xf-query -f table
t_grep "table as stored" '  =HYPERLINK' "$OUT"
# Read back: what xf wrote comes back exactly as it was.
t_ok "xf's CSV read back" tmo xf-intake --db back.db neutral.csv
for ref in F1 F2 F3; do
	for col in title content extra; do
		t_eq "$ref $col read back unchanged" \
		    "$(sqlite3 back.db "SELECT hex($col) FROM items WHERE ref = '$ref'")" \
		    "$(t_sql "SELECT hex($col) FROM items WHERE ref = '$ref'")"
	done
done
t_ok "--raw-csv out, --raw-csv in" tmo sh -c 'xf-query -f csv --raw-csv | xf-intake --raw-csv --db raw.db'
t_eq "the apostrophe kept with --raw-csv" \
    "$(sqlite3 raw.db "SELECT title FROM items WHERE ref = 'F3'")" "=already"
t_ok "--raw-csv in only" tmo xf-intake --raw-csv --db raw2.db f.csv
t_eq "an apostrophe kept as data" \
    "$(sqlite3 raw2.db "SELECT title FROM items WHERE ref = 'F3'")" "'=already"
t_ok "--raw-csv in --help" xf-query --help
t_grep "named in the usage" '\[--raw-csv\]' "$OUT"

t_done
