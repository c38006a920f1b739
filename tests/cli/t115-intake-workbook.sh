# stores: sqlite pg
# xf-intake: workbooks (.xlsx, .xls) read directly, as LibreOffice saved
# them (scripts/make-fixtures): told apart by content, sheets by name and
# number, the header found below a title, blank and total rows skipped,
# date cells, ID numbers typed as numbers, formulas, merged cells, messages
# naming the cell, rejects as a workbook; the step programs given a
# workbook of ids; what is not a workbook refused; -f xlsx read back by xf
# and by LibreOffice.  What each row must give is in
# tests/data/台账-2017.expected.
. "$TOP/tests/cli/lib.sh"

EXP=$DATA/台账-2017.expected
X=台账-2017.xlsx
L=台账-2017.xls
cp "$DATA/$X" "$DATA/$L" "$DATA/ids.xlsx" .

have_python=0
command -v python3 > /dev/null 2>&1 && have_python=1
have_soffice=0
t_have_calc && have_soffice=1

# The items of a ledger as the expected file lists them, one a line:
# of the SQLite file $1, else of the test's ledger (psql on the pg tier).
items() {
	q="SELECT ref, id, received_at,
	    coalesce(channel, ''), name, coalesce(id_number, ''), phone,
	    people, collective, joint_letter, \"first\",
	    coalesce(repeat_of, '') FROM items ORDER BY ref"
	if [ -z "${1:-}" ] && [ -n "$t_pgdb" ]; then
		psql -X -q -A -t -F '	' -v ON_ERROR_STOP=1 -d "$t_pgdb" \
		    -c "$q"
	else
		sqlite3 -separator '	' "${1:-$XF_DB}" "$q"
	fi
}

# The expected items of format $1 (xlsx or xls), of sheet $2 or all.
expected_items() {
	awk -F '	' -v k="$1" -v s="${2:-}" '
	($1 == "item" || $1 == k) && (s == "" || $2 == s) {
		line = $4
		for (i = 5; i <= 15; i++)
			line = line "\t" $i
		print line
	}' "$EXP" | LC_ALL=C sort
}

# February registered alone: 张三's item is a first item, not a repeat.
alone() {
	sed 's/	0	20170103-0001$/	1	/'
}

# The messages the expected file lists for file $1, sheet $2 (or all):
# one extended regular expression a line.
expected_messages() {
	f=$(printf '%s' "$1" | sed 's/[.[\*^$()+?{|]/\\&/g')
	awk -F '	' -v f="$f" -v s="${2:-}" '
	$1 == "refused" && (s == "" || $2 == s) {
		print "^xf-intake: " f ": " $4 ": " $5 "$"
	}
	$1 == "notice" && (s == "" || $2 == s) {
		print "^xf-intake: " f ": " $2 ": " $3 "$"
	}' "$EXP"
}

# Every expected message of file $1 (sheet $2) is in $ERR.
t_messages() {
	expected_messages "$1" "${2:-}" > "$TMP/want-messages"
	while IFS= read -r re; do
		t_grep "message of $1${2:+ ($2)}" "$re" "$ERR"
	done < "$TMP/want-messages"
}

# A workbook's first sheet as lines of tab-separated cells (-t: each
# cell's type instead: s text, n number, d date, b boolean, e error),
# by Python's zipfile and ElementTree, not by xf.
cat > xlsx.py <<'PY'
import datetime, re, sys, zipfile
import xml.etree.ElementTree as ET
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
types = sys.argv[1] == "-t"
z = zipfile.ZipFile(sys.argv[-1])
wb = ET.fromstring(z.read("xl/workbook.xml"))
rid = wb.find(M + "sheets")[0].get(R + "id")
rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
target = [r.get("Target") for r in rels if r.get("Id") == rid][0]
target = target[1:] if target.startswith("/") else "xl/" + target
sst = []
if "xl/sharedStrings.xml" in z.namelist():
	for si in ET.fromstring(z.read("xl/sharedStrings.xml")):
		sst.append("".join(t.text or "" for t in si.iter(M + "t")))
dates = set()
if "xl/styles.xml" in z.namelist():
	st = ET.fromstring(z.read("xl/styles.xml"))
	fmts = {}
	nf = st.find(M + "numFmts")
	for f in (nf if nf is not None else []):
		fmts[int(f.get("numFmtId"))] = f.get("formatCode")
	for i, xf in enumerate(st.find(M + "cellXfs")):
		n = int(xf.get("numFmtId", "0"))
		code = re.sub(r'"[^"]*"|\[[^]]*\]|\\.', "", fmts.get(n, ""))
		if 14 <= n <= 22 or 45 <= n <= 47 or re.search("[ymdhs]", code, re.I):
			dates.add(i)
def col(ref):
	n = 0
	for ch in re.match("[A-Z]+", ref).group(0):
		n = n * 26 + ord(ch) - 64
	return n - 1
for row in ET.fromstring(z.read(target)).iter(M + "row"):
	cells = {}
	for c in row.iter(M + "c"):
		t = c.get("t", "n")
		v = c.find(M + "v")
		v = v.text if v is not None else None
		if t == "s":
			val, k = sst[int(v)], "s"
		elif t == "inlineStr":
			val = "".join(x.text or "" for x in c.iter(M + "t"))
			k = "s"
		elif t == "str":
			val, k = v or "", "s"
		elif t == "b":
			val, k = v, "b"
		elif t == "e":
			val, k = v, "e"
		elif v is None:
			continue
		elif int(c.get("s", "0")) in dates:
			d = datetime.datetime(1899, 12, 30) + \
			    datetime.timedelta(seconds=round(float(v) * 86400))
			val, k = d.isoformat(sep=" "), "d"
		else:
			f = float(v)
			val, k = (str(int(f)) if f == int(f) else v), "n"
		cells[col(c.get("r"))] = k if types else val
	if cells:
		print("\t".join(cells.get(i, "") for i in range(max(cells) + 1)))
PY
xlsx() {
	python3 "$TMP/xlsx.py" "$@" 2>> "$TMP/python.err"
}

# ---------------------------------------------------------------------
# The first sheet by default; one bad row stops the batch; messages name
# the cell, or the row; the header found in row 3 and said so; blank rows
# and the total row skipped and counted.
t_fail 1 "bad rows stop the batch" xf-intake "$X"
t_eq "nothing registered" "$(t_sql 'SELECT count(*) FROM items')" 0
t_messages "$X" 2017年1月
t_grep "rolled back" "^xf-intake: nothing registered: the batch was rolled back$" "$ERR"
t_nogrep "the second sheet is not read by default" "2017年2月" "$ERR"
t_nogrep "no personal value in a message" "131028199003051231|131028198511200033|张三" "$ERR"
t_nogrep "no 'line' for a workbook" ":[0-9]+: |line [0-9]" "$ERR"
t_eq "one line for each: 2 refusals, 2 notices, rollback" "$(wc -l < "$ERR")" 5

t_fail 1 "--keep-going registers the good rows" xf-intake -k --reveal "$X"
expected_items xlsx 2017年1月 > want
items > got
t_cmp "January's items, as the expected file says" got want
t_eq "eight printed" "$(wc -l < "$OUT")" 8
t_messages "$X" 2017年1月
t_eq "a date cell with a time" "$(t_sql "SELECT received_at FROM items WHERE ref = 'DC1701001'")" 2017-01-03T09:30:00+08:00
t_eq "15:05 kept as 42755.6284722222, read to the second" "$(t_sql "SELECT received_at FROM items WHERE ref = 'DC1701007'")" 2017-01-20T15:05:00+08:00
t_eq "a date typed as text read as CSV reads it" "$(t_sql "SELECT received_at FROM items WHERE ref = 'DC1701003'")" 2017-01-09T14:20:00+08:00
t_eq "a 15-digit ID number typed as a number: 18 digits" "$(t_sql "SELECT id_number FROM items WHERE ref = 'DC1701005'")" 131028196608120451
t_eq "a formula gives its value" "$(t_sql "SELECT CAST(people AS text) || CAST(collective AS text) FROM items WHERE ref = 'DC1701007'")" 51
t_eq "a merged cell's value in each of its cells" "$(t_sql "SELECT group_concat(channel) FROM items WHERE ref IN ('DC1701008', 'DC1701009')")" visit,visit
t_eq "a phone typed as a number" "$(t_sql "SELECT phone FROM items WHERE ref = 'DC1701010'")" 13700000002
t_eq "an unknown number column kept as written" "$(t_sql "SELECT json_extract(extra, '\$.序号') FROM items WHERE ref = 'DC1701007'")" 7
t_eq "an unknown text column kept" "$(t_sql "SELECT json_extract(extra, '\$.备注') FROM items WHERE ref = 'DC1701002'")" 联名
t_sql "SELECT json_extract(extra, '\$.接待时间') FROM items WHERE ref = 'DC1701001'" > tod
t_grep "a time of day kept" "^09:30" tod
t_eq "no title, note, blank or total row taken" "$(t_sql "SELECT count(*) FROM items WHERE ref IS NULL OR extra LIKE '%台账%' OR extra LIKE '%合计%'")" 0
t_grep "printed with the workbook's values" '"ref":"DC1701005".*"id_number":"131028196608120451"' "$OUT"

# The same file again: nothing registered twice, the ref's cell named.
t_fail 1 "again" xf-intake -k "$X"
t_grep "the ref's cell" "^xf-intake: 台账-2017\\.xlsx: 2017年1月!B4: ref 'DC1701001' already registered as 20170103-0001, skipped$" "$ERR"
t_eq "still eight" "$(t_sql 'SELECT count(*) FROM items')" 8

# ---------------------------------------------------------------------
# Sheets: --all-sheets, --sheet by name and by number, repeated.
t_fresh
t_fail 1 "--all-sheets" xf-intake -k --all-sheets "$X"
expected_items xlsx > want
items > got
t_cmp "both sheets' items" got want
t_messages "$X"
t_eq "sixteen printed" "$(wc -l < "$OUT")" 16
t_eq "a repeat across sheets" "$(t_sql "SELECT repeat_of FROM items WHERE ref = 'DC1702001'")" 20170103-0001
t_eq "总计 in the second cell is a total too" "$(t_sql "SELECT count(*) FROM items WHERE received_at LIKE '2017-02%'")" 8

t_fresh
t_fail 1 "--sheet by name" xf-intake -k --sheet 2017年2月 "$X"
expected_items xlsx 2017年2月 | alone > want
items > got
t_cmp "February's items" got want
t_messages "$X" 2017年2月
t_nogrep "January not read" "2017年1月" "$ERR"
t_eq "a date typed in Chinese" "$(t_sql "SELECT received_at FROM items WHERE ref = 'DC1702002'")" 2017-02-08T00:00:00+08:00
t_eq "people typed as text" "$(t_sql "SELECT people FROM items WHERE ref = 'DC1702006'")" 2

t_fresh
t_fail 1 "--sheet by number" xf-intake -k --sheet 2 "$X"
items > got
t_cmp "sheet 2 is February" got want

t_fresh
t_fail 1 "--sheet twice, in the order given" xf-intake -k --sheet 2 --sheet 2017年1月 "$X"
t_eq "sixteen" "$(t_sql 'SELECT count(*) FROM items')" 16
head -n 1 "$OUT" > first
t_grep "February first" '"ref":"DC1702001"' first

# An unknown sheet: an error naming it (status 1 or 2: see the report).
t_fresh
t_run xf-intake --sheet 2017年3月 "$X"
case $t_status in
1|2) t_pass ;;
*) t_failure "unknown sheet: status $t_status, want 1 or 2" "$ERR" ;;
esac
echo "# t115: unknown sheet: status $t_status: $(head -n 1 "$ERR")"
t_grep "names the sheet" "2017年3月" "$ERR"
t_eq "nothing registered" "$(t_sql 'SELECT count(*) FROM items' 2> /dev/null || echo 0)" 0
t_run xf-intake --sheet 3 "$X"
case $t_status in
1|2) t_pass ;;
*) t_failure "sheet 3 of 2: status $t_status, want 1 or 2" "$ERR" ;;
esac
t_grep "sheet 3: names it" "3" "$ERR"

# ---------------------------------------------------------------------
# --header-row: the header named; a wrong one refuses the rows.
t_fresh
t_fail 1 "--header-row 2 of February" xf-intake -k --sheet 2 --header-row 2 "$X"
items > got
expected_items xlsx 2017年2月 | alone > want
t_cmp "the same items" got want
t_fail 1 "--header-row 1: the title is no header" xf-intake --db h1.db --header-row 1 "$X"
t_eq "nothing registered" "$(sqlite3 h1.db 'SELECT count(*) FROM items')" 0
t_fail 2 "--header-row 0" xf-intake --db h2.db --header-row 0 "$X"
t_fail 2 "--header-row x" xf-intake --db h2.db --header-row x "$X"

# The office's zone: a cell's wall time is in it.
printf 'timezone = +06:00\n' > tz.conf
t_fail 1 "another zone" xf-intake --db tz.db --config tz.conf -k "$X"
t_eq "15:05 in +06:00" "$(sqlite3 tz.db "SELECT received_at FROM items WHERE ref = 'DC1701007'")" 2017-01-20T15:05:00+06:00

# ---------------------------------------------------------------------
# The .xls: the same rows, but for the merged cell (see the expected file).
t_fresh
t_fail 1 "xls: bad rows stop the batch" xf-intake "$L"
t_messages "$L" 2017年1月
t_eq "xls: nothing registered" "$(t_sql 'SELECT count(*) FROM items')" 0
t_fail 1 "xls: --all-sheets --keep-going" xf-intake -k --all-sheets "$L"
expected_items xls > want
items > got
t_cmp "xls: both sheets' items" got want
t_messages "$L"
t_fail 1 "xls: --sheet by name" xf-intake --db xls2.db -k --sheet 2017年2月 "$L"
items xls2.db > got
expected_items xls 2017年2月 | alone > want
t_cmp "xls: February's items" got want

# ---------------------------------------------------------------------
# Told apart by content: from standard input, and named .csv.
t_fresh
t_fail 1 "xlsx on standard input" sh -c "xf-intake -k < '$X'"
expected_items xlsx 2017年1月 > want
items > got
t_cmp "the same items from standard input" got want
t_grep "the cell named" "2017年1月!F10: id_number: bad check digit$" "$ERR"
t_fail 1 "xls on standard input" sh -c "xf-intake --db stdin-xls.db -k < '$L'"
items stdin-xls.db > got
expected_items xls 2017年1月 > want
t_cmp "the same items from an .xls on standard input" got want

cp "$X" ledger.csv
t_fail 1 "a workbook named .csv" xf-intake --db named.db -k ledger.csv
items named.db > got
expected_items xlsx 2017年1月 > want
t_cmp "the same items from ledger.csv" got want
t_messages ledger.csv 2017年1月
cp "$L" ledger2.csv
t_fail 1 "an .xls named .csv" xf-intake --db named2.db -k ledger2.csv
t_eq "eight" "$(sqlite3 named2.db 'SELECT count(*) FROM items')" 8
cp "$DATA/items.csv" items.xlsx
t_ok "a CSV named .xlsx is CSV" xf-intake --db named3.db items.xlsx
t_eq "five" "$(sqlite3 named3.db 'SELECT count(*) FROM items')" 5

# ---------------------------------------------------------------------
# --reject: the refused rows as an .xlsx, same columns, with the error,
# the sheet and the row.
t_fresh
umask 022
t_fail 1 "--reject of a workbook" xf-intake -k --all-sheets --reject rej.xlsx "$X"
t_eq "sixteen registered" "$(t_sql 'SELECT count(*) FROM items')" 16
t_eq "reject file mode 0600" "$(ls -l rej.xlsx | cut -c 1-10)" -rw-------
t_eq "reject file is a zip" "$(head -c 2 rej.xlsx)" PK
if [ $have_python = 1 ]; then
	: > python.err
	xlsx -v rej.xlsx > rej.tsv
	t_eq "read by Python" "$(tail -n 1 python.err)" ""
	head -n 1 rej.tsv | tr '\t' '\n' > rej-cols
	t_grep "the header keeps 来源编号" "^来源编号$" rej-cols
	t_grep "the header keeps 身份证号" "^身份证号$" rej-cols
	t_grep "the header keeps 序号" "^序号$" rej-cols
	t_grep "an error column" "^error$" rej-cols
	t_grep "a sheet column" "^sheet$" rej-cols
	t_grep "a row column" "^row$" rej-cols
	t_eq "four rows refused" "$(tail -n +2 rej.tsv | wc -l)" 4
	# ref, error, sheet, row of each refused row
	awk -F '	' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    { print $c["来源编号"] "|" $c["sheet"] "|" $c["row"] "|" $c["error"] }' \
	    rej.tsv > rej-rows
	t_grep "F8's row" "^DC1701004\\|2017年1月\\|8\\|id_number: " rej-rows
	t_grep "F10's row" "^DC1701006\\|2017年1月\\|10\\|id_number: bad check digit$" rej-rows
	t_grep "February's row 7" "^DC1702005\\|2017年2月\\|7\\|received_at: missing$" rej-rows
	t_grep "D10's row" "^DC1702007\\|2017年2月\\|10\\|channel '自行车': not a channel" rej-rows
	awk -F '	' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    { print $c["来源编号"] "|" $c["身份证号"] "|" $c["信访人"] }' \
	    rej.tsv > rej-people
	t_grep "kept whole, unmasked" "^DC1701006\\|131028198511200033\\|孙七$" rej-people
	xlsx -t rej.xlsx | awk -F '	' 'NR > 1 { print $6 }' | sort -u > rej-types
	t_grep "ID numbers as text" "^s$" rej-types
else
	echo "# t115: python3 not found: the reject file's cells not checked"
fi
# The reject read back by xf-intake: the same rows refused again.
t_fail 1 "the reject read back" xf-intake --db rej.db -k rej.xlsx
t_eq "nothing of it registered" "$(sqlite3 rej.db 'SELECT count(*) FROM items')" 0
t_grep "the check digit refused again" "bad check digit" "$ERR"
# From an .xls, the reject is an .xlsx too.
t_fail 1 "--reject of an .xls" xf-intake --db rejxls.db -k --reject rejxls.out "$L"
t_eq "the .xls's reject is an .xlsx" "$(head -c 2 rejxls.out)" PK

# scripts/sample.xlsx, the demo's workbook, gives the ledger that
# scripts/sample.csv gives, value for value.
t_ok "sample.csv" xf-intake --db sample-csv.db --encoding gb18030 "$TOP/scripts/sample.csv"
t_ok "sample.xlsx" xf-intake --db sample-xlsx.db "$TOP/scripts/sample.xlsx"
t_eq "one notice: the header in row 3" "$(cat "$ERR")" "xf-intake: $TOP/scripts/sample.xlsx: 台账: header in row 3"
t_eq "the register event names the sheet and its row" \
    "$(sqlite3 sample-xlsx.db "SELECT details FROM events ORDER BY seq LIMIT 1")" \
    "{\"file\":\"$TOP/scripts/sample.xlsx\",\"line\":4,\"sheet\":\"台账\"}"
t_eq "the same ledger" "$(sqlite3 sample-csv.db "ATTACH 'sample-xlsx.db' AS x;
    SELECT count(*) FROM (SELECT * FROM main.items EXCEPT SELECT * FROM x.items) AS s;
    SELECT count(*) FROM (SELECT * FROM x.items EXCEPT SELECT * FROM main.items) AS s;
    SELECT count(*) FROM x.items" | tr '\n' ' ')" "0 0 300 "

# The issue's ledger: scripts/sample.csv opened in LibreOffice and saved
# as .xlsx as a new user would, the ID numbers turned into numbers: the
# 275 whose digits were lost refused, each naming its cell and saying
# what to do; the 25 ending in X, left as text, registered.
if [ $have_soffice = 1 ]; then
	iconv -f GB18030 -t UTF-8 "$TOP/scripts/sample.csv" > issue.csv
	soffice -env:UserInstallation=file://$TMP/lo-profile --headless \
	    --infilter='Text - txt - csv (StarCalc):44,34,76,1' \
	    --convert-to xlsx issue.csv > lo.log 2>&1
	t_fail 1 "the issue's ledger" xf-intake --db issue.db -k issue.xlsx
	t_eq "25 registered" "$(sqlite3 issue.db 'SELECT count(*) FROM items')" 25
	t_eq "275 refused, each by its cell, saying to use text" \
	    "$(grep -Ec '^xf-intake: issue\.xlsx: issue!H[0-9]+: id_number: .*text.*again$' "$ERR")" 275
else
	echo "# t115: LibreOffice Calc not found: the issue's ledger not checked"
fi

# ---------------------------------------------------------------------
# The step programs take a workbook of ids (one column: one header name
# is enough).
t_fresh
t_fail 1 "register January" xf-intake -k "$X"
t_ok "xf-assign --accept ids.xlsx" xf-assign --accept ids.xlsx --date 2017-01-10
t_eq "three accepted" "$(t_sql "SELECT group_concat(id) FROM (SELECT id FROM items WHERE status = 'accepted' ORDER BY id) AS s")" 20170103-0001,20170105-0001,20170109-0001
t_eq "three printed" "$(wc -l < "$OUT")" 3
t_nogrep "header in row 1: no notice" "header in row" "$ERR"
t_nogrep "nothing skipped: no line" "skipped" "$ERR"
t_ok "again from standard input: already done" sh -c "xf-assign --accept --date 2017-01-10 < ids.xlsx"
t_eq "still three" "$(t_sql "SELECT count(*) FROM items WHERE status = 'accepted'")" 3
t_eq "one acceptance each" "$(t_sql "SELECT count(*) FROM events WHERE action = 'accept'")" 3

# ---------------------------------------------------------------------
# What is not a workbook xf reads: a clear message, status 1, nothing kept.
if [ $have_soffice = 1 ]; then
	soffice -env:UserInstallation=file://$TMP/lo-profile --headless \
	    --convert-to ods "$X" > lo.log 2>&1
	t_fail 1 "an .ods" xf-intake --db ods.db 台账-2017.ods
	t_grep "says OpenDocument" "台账-2017\\.ods: .*(OpenDocument|\\.ods|ods)" "$ERR"
	echo "# t115: .ods: $(head -n 1 "$ERR")"
else
	echo "# t115: LibreOffice Calc not found: the .ods refusal not checked"
fi
if [ $have_python = 1 ]; then
	python3 -c 'import zipfile
z = zipfile.ZipFile("random.xlsx", "w")
z.writestr("readme.txt", "not a workbook\n")
z.writestr("data/x.bin", bytes(range(256)) * 4)
z.close()'
	t_fail 1 "a zip that is no workbook" xf-intake --db zip.db random.xlsx
	t_grep "says so" "random\\.xlsx: " "$ERR"
	echo "# t115: random zip: $(head -n 1 "$ERR")"
	# An encrypted workbook as Excel saves one with a password: an OLE2
	# compound file holding EncryptionInfo and EncryptedPackage.
	python3 - <<'PY'
import struct
END, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
hdr = bytearray(512)
hdr[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
struct.pack_into("<HHHHH", hdr, 24, 0x3E, 3, 0xFFFE, 9, 6)
struct.pack_into("<IIIIIIIII", hdr, 40, 0, 1, 1, 0, 4096, END, 0, END, 0)
difat = [0] + [FREE] * 108
struct.pack_into("<109I", hdr, 76, *difat)
fat = [FATSECT, END] + list(range(3, 10)) + [END] + \
    list(range(11, 18)) + [END]
fat += [FREE] * (128 - len(fat))
def entry(name, kind, left, right, child, start, size):
	e = bytearray(128)
	n = name.encode("utf-16-le") + b"\0\0"
	e[0:len(n)] = n
	struct.pack_into("<HBBIII", e, 64, len(n), kind, 1, left, right, child)
	struct.pack_into("<II", e, 116, start, size)
	return bytes(e)
d = entry("Root Entry", 5, NOSTREAM, NOSTREAM, 1, END, 0) + \
    entry("EncryptionInfo", 2, NOSTREAM, 2, NOSTREAM, 2, 4096) + \
    entry("EncryptedPackage", 2, NOSTREAM, NOSTREAM, NOSTREAM, 10, 4096) + \
    entry("", 0, NOSTREAM, NOSTREAM, NOSTREAM, 0, 0)
info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + \
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' \
    b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">' \
    b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" ' \
    b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" ' \
    b'hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>' \
    b'</encryption>'
pkg = struct.pack("<Q", 9241) + bytes((i * 37) & 255 for i in range(4088))
with open("encrypted.xlsx", "wb") as f:
	f.write(bytes(hdr))
	f.write(struct.pack("<128I", *fat))
	f.write(d)
	f.write(info.ljust(4096, b"\0"))
	f.write(pkg)
PY
	t_fail 1 "an encrypted workbook" xf-intake --db enc.db encrypted.xlsx
	t_grep "says it is encrypted" "encrypted\\.xlsx: .*(encrypt|password)" "$ERR"
	echo "# t115: encrypted: $(head -n 1 "$ERR")"
	cp encrypted.xlsx encrypted.xls
	t_fail 1 "an encrypted workbook named .xls" xf-intake --db enc.db encrypted.xls
	t_grep "says it is encrypted" "encrypted\\.xls: .*(encrypt|password)" "$ERR"
else
	echo "# t115: python3 not found: the zip and encrypted files not checked"
fi
head -c 3000 "$X" > cut.xlsx
t_fail 1 "a cut .xlsx" xf-intake --db cut.db cut.xlsx
t_grep "names the file" "cut\\.xlsx: " "$ERR"
head -c 5000 "$L" > cut.xls
t_fail 1 "a cut .xls" xf-intake --db cut.db cut.xls
t_grep "names the file" "cut\\.xls: " "$ERR"
for f in ods zip enc cut; do
	[ -f $f.db ] || continue
	t_eq "$f: nothing registered" "$(sqlite3 $f.db 'SELECT count(*) FROM items' 2> /dev/null || echo 0)" 0
done

# ---------------------------------------------------------------------
# -f xlsx: typed cells, ID numbers as text; read back by xf-intake into
# another ledger, every value the same; and by LibreOffice, as CSV.
t_fresh
t_fail 1 "a ledger: the workbook" xf-intake -k --all-sheets "$X"
t_ok "and the sample" xf-intake --encoding gb18030 "$TOP/scripts/sample.csv"
t_eq "316 items" "$(t_sql 'SELECT count(*) FROM items')" 316
t_ok "xf-query -f xlsx --reveal" sh -c "xf-query -f xlsx --reveal > out.xlsx"
t_eq "a zip" "$(head -c 2 out.xlsx)" PK
t_ok "-o FILE" xf-query -f xlsx --reveal -o out2.xlsx
t_eq "-o: nothing on standard output" "$(wc -c < "$OUT")" 0
t_eq "-o: a zip" "$(head -c 2 out2.xlsx 2> /dev/null)" PK
if [ $have_python = 1 ]; then
	xlsx -v out.xlsx > out.tsv
	xlsx -t out.xlsx > out.types
	t_eq "a header and 316 rows" "$(wc -l < out.tsv)" 317
	col() {
		head -n 1 out.tsv | tr '\t' '\n' | grep -n -x "$1" | cut -d: -f1
	}
	c_idn=$(col id_number)
	c_rec=$(col received_at)
	c_ppl=$(col people)
	c_id=$(col id)
	t_eq "ID numbers: text cells" "$(awk -F '	' -v c="$c_idn" 'NR > 1 && $c != "" { print $c }' out.types | sort -u)" s
	t_eq "ids: text cells" "$(awk -F '	' -v c="$c_id" 'NR > 1 { print $c }' out.types | sort -u)" s
	t_eq "dates: date cells" "$(awk -F '	' -v c="$c_rec" 'NR > 1 { print $c }' out.types | sort -u)" d
	t_eq "people: numbers" "$(awk -F '	' -v c="$c_ppl" 'NR > 1 { print $c }' out.types | sort -u)" n
	t_grep "an ID number whole" "	131028196608120451	" out.tsv
	t_grep "a date cell's value" "	2017-01-20 15:05:00	" out.tsv
	t_ok "masked by default" sh -c "xf-query -f xlsx > masked.xlsx"
	xlsx -v masked.xlsx > masked.tsv
	t_nogrep "no ID number whole" "131028196608120451" masked.tsv
	t_grep "masked" "131028\\*+0451" masked.tsv
else
	echo "# t115: python3 not found: the cells of -f xlsx not checked"
fi

# Read back by xf: every value the same.  On the pg tier the ledger is
# first copied into a SQLite file (xf-ledger copy), to attach the other.
COLS="id, ref, received_at, channel, source, lodged_level, irregular, name,
    id_number, phone, address, people, \"first\", repeat_of, region, title,
    content, purpose, category, collective, joint_letter, skip_level"
same() {
	main=$XF_DB
	if [ -n "$t_pgdb" ]; then
		rm -f pg-copy.db
		xf-ledger copy "$XF_DB" pg-copy.db > /dev/null || return
		main=pg-copy.db
	fi
	sqlite3 "$main" "ATTACH '$1' AS b;
	    SELECT count(*) FROM (SELECT $COLS FROM main.items
	    EXCEPT SELECT $COLS FROM b.items) AS s;
	    SELECT count(*) FROM (SELECT $COLS FROM b.items
	    EXCEPT SELECT $COLS FROM main.items) AS s;
	    SELECT count(*) FROM main.items m JOIN b.items o USING (id)
	    WHERE coalesce(json_extract(m.extra, '\$.序号'), '')
	        != coalesce(json_extract(o.extra, '\$.序号'), '')
	    OR coalesce(json_extract(m.extra, '\$.备注'), '')
	        != coalesce(json_extract(o.extra, '\$.备注'), '');
	    SELECT count(*) FROM b.items" | tr '\n' ' '
}
t_ok "read back" xf-intake --db back.db out.xlsx
t_eq "every value back" "$(same back.db)" "0 0 0 316 "
t_nogrep "the header in row 1" "header in row" "$ERR"

if [ $have_soffice = 1 ]; then
	soffice -env:UserInstallation=file://$TMP/lo-profile --headless \
	    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' \
	    --outdir lo out.xlsx > lo.log 2>&1
	t_eq "LibreOffice read it" "$(test -s lo/out.csv && echo yes)" yes
	t_nogrep "no number in E notation" "[0-9]E\\+[0-9]" lo/out.csv
	t_grep "an ID number whole" ",\"?131028196608120451\"?," lo/out.csv
	t_ok "LibreOffice's CSV read by xf" xf-intake --db lo.db lo/out.csv
	t_eq "every value through LibreOffice" "$(same lo.db)" "0 0 0 316 "
else
	echo "# t115: LibreOffice Calc not found: -f xlsx not read back by LibreOffice"
fi

t_done
