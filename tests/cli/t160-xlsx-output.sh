# stores: sqlite pg
# -f xlsx: a workbook of typed cells (ids, ID numbers, phones and refs as
# text, dates as dates, counts as numbers, flags as booleans, rates as
# percentages), never a formula; a bold, frozen header with a filter;
# another sheet past 1,048,576 rows; a cell too long refused.  The
# columns of CSV and xlsx: every key of every record.  -o FILE for every
# format, mode 0600, in place only when the run succeeds.  A workbook is
# not for a terminal.  LibreOffice reads every value back.
. "$TOP/tests/cli/lib.sh"

# xl FILE: the workbook as lines a test can grep: "sheets N", for each
# sheet "frozen S" and "filter S REF", "formulas N", then a line a cell
# of the first sheet, "ROW HEADER: TYPE FORMAT VALUE" (TYPE s text, n
# number, b boolean; FORMAT the number format, or -).
cat > xl.py <<'PY'
import re, sys, zipfile
import xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
st = ET.fromstring(z.read('xl/styles.xml'))
codes = {n.get('numFmtId'): n.get('formatCode')
         for n in st.iterfind('m:numFmts/m:numFmt', ns)}
xfs = [codes.get(x.get('numFmtId'), '-') if x.get('numFmtId') != '0'
       else '-' for x in st.iterfind('m:cellXfs/m:xf', ns)]
bold = [x.get('fontId') for x in st.iterfind('m:cellXfs/m:xf', ns)]
fonts = [f.find('m:b', ns) is not None
         for f in st.iterfind('m:fonts/m:font', ns)]
sheets = sorted(n for n in z.namelist()
                if re.match(r'xl/worksheets/sheet\d+\.xml$', n))
print('sheets', len(sheets))
formulas = 0
for i, name in enumerate(sheets):
    data = z.read(name)
    formulas += data.count(b'<f>') + data.count(b'<f ')
    if len(data) > 1000000:
        # A million rows: the frame only, found in the text.
        if re.search(rb'<pane [^>]*ySplit="1"[^>]*state="frozen"', data):
            print('frozen', i + 1)
        m = re.search(rb'<autoFilter ref="([^"]+)"', data)
        if m:
            print('filter', i + 1, m.group(1).decode())
        continue
    ws = ET.fromstring(data)
    p = ws.find('.//m:pane', ns)
    if p is not None and p.get('state') == 'frozen' and p.get('ySplit') == '1':
        print('frozen', i + 1)
    f = ws.find('m:autoFilter', ns)
    if f is not None:
        print('filter', i + 1, f.get('ref'))
    if i > 0:
        rows = ws.findall('m:sheetData/m:row', ns)
        print('rows', i + 1, len(rows), 'first',
              rows[0].find('m:c/m:is/m:t', ns).text)
        continue
    head = {}
    for c in ws.iterfind('m:sheetData/m:row/m:c', ns):
        ref = c.get('r')
        col = re.match(r'[A-Z]+', ref).group(0)
        row = int(ref[len(col):])
        t = c.get('t', 'n')
        s = int(c.get('s', '0'))
        if t == 'inlineStr':
            v = ''.join(x.text or '' for x in c.iterfind('.//m:t', ns))
            t = 's'
        else:
            v = c.find('m:v', ns).text
        if row == 1:
            head[col] = v
            if fonts[int(bold[s])]:
                print('bold', v)
            continue
        print('%d %s: %s %s %s' % (row, head.get(col, col), t, xfs[s], v))
print('formulas', formulas)
PY
xl() {
	python3 xl.py "$1" > "$2"
}

# The ledger: the items of tests/data (a column "note"), then items whose
# columns 邮编 and 备注 no earlier item has; values that a spreadsheet
# would take for formulas; an item in the first hours of a day.
cp "$DATA/items.csv" items.csv
cat > later.csv <<'CSV'
ref,received_at,channel,name,id_number,phone,people,region,title,content,邮编
B001,2017-12-01 08:00,letter,孙七,131028198808080043,13811112222,2,131028001,=1+2,"=HYPERLINK(""http://x"")",065300
CSV
cat > last.csv <<'CSV'
ref,received_at,channel,title,备注
B002,2017-12-02T00:30:00+08:00,phone,@SUM(A1),后补
CSV
t_ok "register" xf-intake items.csv
t_ok "register more" xf-intake later.csv
t_ok "register the last" xf-intake last.csv

# CSV: the columns of every record, in the order first seen.
t_ok "csv" xf-query -f csv
tr -d '\r' < "$OUT" > q.lf
t_grep "csv: every extra column" '^id,.*,evaluation,note,邮编,备注$' q.lf
t_grep "csv: a later column has its value" '^20171201-0001,.*,065300,$' q.lf
t_grep "csv: the last column too" '^20171202-0001,.*,,后补$' q.lf
t_eq "csv: every row has every column" "$(python3 -c '
import csv, sys
print(sorted(set(len(r) for r in csv.reader(open(sys.argv[1], newline="")))))
' q.lf)" "[69]"
t_ok "csv: --header zh" xf-query -f csv --header zh
t_grep "csv: zh header, every column" '^信访件编号,.*,note,邮编,备注' "$OUT"

# The workbook.
t_ok "xlsx" sh -c 'xf-query -f xlsx > q.xlsx'
t_eq "xlsx: nothing said" "$(cat "$ERR")" ""
xl q.xlsx q.txt
t_grep "one sheet" '^sheets 1$' q.txt
t_grep "frozen header" '^frozen 1$' q.txt
t_grep "a filter over it all" '^filter 1 A1:BQ8$' q.txt
t_grep "bold header" '^bold id$' q.txt
t_grep "the union of columns" '^bold 备注$' q.txt
t_grep "no formula at all" '^formulas 0$' q.txt
t_grep "an id is text" '^2 id: s - 20170721-0001$' q.txt
t_grep "a ref is text" '^2 ref: s - A001$' q.txt
t_grep "a region code is text" '^3 region: s - 131028001$' q.txt
t_grep "an ID number is masked text" \
    '^3 id_number: s - 131028\*\*\*\*\*\*\*\*0021$' q.txt
t_grep "a phone is masked text" '^2 phone: s - 138\*\*\*\*5678$' q.txt
t_grep "a time is a date and time" \
    '^2 received_at: n yyyy-mm-dd hh:mm:ss 42937.57638888889$' q.txt
t_grep "a day with no time is its midnight" \
    '^3 received_at: n yyyy-mm-dd hh:mm:ss 42949$' q.txt
t_grep "the wall time as written, not UTC" \
    '^8 received_at: n yyyy-mm-dd hh:mm:ss 43071.0208333333[0-9]*$' q.txt
t_grep "registered_at a date" '^2 registered_at: n yyyy-mm-dd hh:mm:ss ' q.txt
t_grep "due is a day" '^2 due: n yyyy-mm-dd 42952$' q.txt
t_grep "a count is a number" '^3 people: n - 3$' q.txt
t_grep "due_days a number" '^2 due_days: n - 15$' q.txt
t_grep "a flag is a boolean" '^2 first: b - 1$' q.txt
t_grep "a false flag" '^2 irregular: b - 0$' q.txt
t_grep "=1+2 is text" '^7 title: s - =1\+2$' q.txt
t_grep "=HYPERLINK is text" '^7 content: s - =HYPERLINK\("http://x"\)$' q.txt
t_grep "@SUM is text" '^8 title: s - @SUM\(A1\)$' q.txt
t_grep "an extra column's digits are text" '^7 邮编: s - 065300$' q.txt
t_grep "the last record's column" '^8 备注: s - 后补$' q.txt
t_grep "an enumerated value" '^2 channel: s - visit$' q.txt

t_ok "xlsx --reveal" xf-query -f xlsx --reveal -o r.xlsx
xl r.xlsx r.txt
t_grep "all 18 digits, as text" '^7 id_number: s - 131028198808080043$' r.txt
t_grep "an X as well" '^2 id_number: s - 13102819800101001X$' r.txt
t_grep "the whole phone, as text" '^7 phone: s - 13811112222$' r.txt

t_ok "xlsx --lang zh --header zh" xf-query -f xlsx --lang zh --header zh \
    -o zh.xlsx
xl zh.xlsx zh.txt
t_grep "zh: the header" '^bold 信访件编号$' zh.txt
t_grep "zh: a flag is 是" '^2 初次信访: s - 是$' zh.txt
t_grep "zh: and 否" '^2 非正常上访: s - 否$' zh.txt
t_grep "zh: an enumerated value" '^2 信访形式: s - 来访$' zh.txt
t_grep "zh: dates stay dates" '^2 信访日期: n yyyy-mm-dd hh:mm:ss ' zh.txt

# Reports: numbers, and rates as percentages beside their parts.
t_ok "rates" xf-stats rates --from 2017-01-01 --to 2017-12-31 -f xlsx \
    -o rates.xlsx
xl rates.xlsx rates.txt
t_grep "a rate's name is text" '^[0-9]+ rate: s - online_share$' rates.txt
t_grep "its numerator a number" '^[0-9]+ numerator: n - 1$' rates.txt
t_grep "its denominator a number" '^[0-9]+ denominator: n - 7$' rates.txt
t_grep "its value a percentage" '^[0-9]+ value: n 0.0% 0.143$' rates.txt
t_ok "rates as JSON, unchanged" xf-stats rates --from 2017-01-01 \
    --to 2017-12-31
t_grep "JSON: a number of percent" '"rate":"online_share","numerator":1,"denominator":7,"value":14.3,' "$OUT"
t_ok "rates as CSV, unchanged" xf-stats rates --from 2017-01-01 \
    --to 2017-12-31 -f csv
t_grep "CSV: a number of percent" '^online_share,1,7,14.3,' "$OUT"
cat > targets.conf <<'CONF'
target.online_share = 20
CONF
t_ok "a target" xf-stats rates --config targets.conf --from 2017-01-01 \
    --to 2017-12-31 -f xlsx -o target.xlsx
xl target.xlsx target.txt
t_grep "a target a percentage" '^[0-9]+ target: n 0.0% 0.2$' target.txt
t_ok "summary" xf-stats summary --from 2017-01-01 --to 2017-12-31 \
    --compare previous -f xlsx -o summary.xlsx
xl summary.xlsx summary.txt
t_grep "summary: counts" '^2 items: n - [0-9]+$' summary.txt
t_ok "daily" xf-stats daily --date 2017-12-01 -f xlsx -o daily.xlsx
xl daily.xlsx daily.txt
t_grep "daily: the day a date" '^2 date: n yyyy-mm-dd 43070$' daily.txt
t_ok "history" xf-query --history 20170721-0001 -f xlsx -o hist.xlsx
xl hist.xlsx hist.txt
t_grep "history: at a date" '^2 at: n yyyy-mm-dd hh:mm:ss ' hist.txt
t_grep "history: details as text" '^2 details: s - \{' hist.txt
t_ok "count by region" xf-stats count --by region -f xlsx -o count.xlsx
xl count.xlsx count.txt
t_grep "count: a region code is text" '^[0-9]+ region: s - 131028$' count.txt

# -o FILE: every format, mode 0600, no temporary file left.
mkdir dest
t_ok "-o csv" xf-query -f csv -o dest/q.csv
t_ok "the same on stdout" sh -c 'xf-query -f csv > q.csv'
t_cmp "-o holds what stdout would" dest/q.csv q.csv
t_eq "-o: private" "$(stat -c %a dest/q.csv)" 600
t_ok "--output json" xf-query --output dest/q.ndjson
t_eq "--output: 7 records" "$(wc -l < dest/q.ndjson)" 7
t_ok "-o table" xf-query -f table -o dest/q.txt
t_grep "-o: a table" '^id  ' dest/q.txt
echo old > dest/old.csv
chmod 644 dest/old.csv
t_ok "-o over a file" xf-query -f csv -o dest/old.csv
t_cmp "-o: replaced" dest/old.csv q.csv
t_eq "-o: replaced, private" "$(stat -c %a dest/old.csv)" 600
t_ok "-o --count" xf-query --count -o dest/n
t_eq "-o --count: the count" "$(cat dest/n)" 7
t_ok "-o --ids" xf-query --ids -o dest/ids
t_eq "-o --ids: the ids" "$(wc -l < dest/ids)" 7
t_ok "-o a chart" xf-stats count --by channel --chart bar -o dest/c.svg
t_grep "-o: the chart" '^<svg' dest/c.svg
t_ok "-o a step" sh -c 'echo 20170721-0001 |
    xf-assign --accept --date 2017-07-22 -f xlsx -o dest/step.xlsx'
xl dest/step.xlsx step.txt
t_grep "-o: the step's case" '^2 status: s - accepted$' step.txt
t_grep "-o: the step's date" \
    '^2 accepted_at: n yyyy-mm-dd hh:mm:ss 42938$' step.txt
t_fail 1 "-o a refused step" sh -c 'echo 20170802-0001 |
    xf-close --review-reply supported -f csv -o dest/refused.csv'
t_eq "-o: nothing for a batch rolled back" "$(ls dest | grep refused)" ""
t_ok "-o -: standard output" sh -c 'xf-query -f csv -o - > dash.csv'
t_ok "and without" sh -c 'xf-query -f csv > nodash.csv'
t_cmp "-o -" dash.csv nodash.csv
t_fail 1 "-o in no directory" xf-query -o nowhere/q.csv
t_grep "-o: says why" '^xf-query: nowhere/q.csv: No such file or directory$' \
    "$ERR"
t_fail 1 "-o a directory" xf-query -o dest
t_grep "-o a directory: says why" '^xf-query: dest: Is a directory$' "$ERR"
t_eq "-o: nothing left behind" "$(ls -A dest | tr '\n' ' ')" \
    "c.svg ids n old.csv q.csv q.ndjson q.txt step.xlsx "

# A cell longer than a workbook holds: refused, naming case and field;
# nothing written, no file.
long=$(awk 'BEGIN { while (n++ < 40000) printf "长" }')
printf 'ref,received_at,channel,title,content\nL001,2017-12-03,letter,长,%s\n' \
    "$long" > long.csv
L="env XF_DB=$TMP/long.db"
t_ok "a long content" $L xf-intake long.csv
t_fail 1 "a cell too long" $L sh -c 'xf-query -f xlsx > long.xlsx'
t_grep "names case and field" "^xf-query: 20171203-0001: field 'content': 40000 characters, more than a spreadsheet cell holds \\(32767\\): use -f csv or -f json$" "$ERR"
t_eq "one line" "$(wc -l < "$ERR")" 1
t_eq "nothing written" "$(wc -c < long.xlsx)" 0
t_fail 1 "a cell too long, -o" $L xf-query -f xlsx \
    -o dest/long.xlsx
t_eq "-o: no file" "$(ls -A dest | grep long)" ""
t_ok "CSV holds it" $L xf-query -f csv
t_eq "CSV: all of it" "$(grep -Fc -- "$long" "$OUT")" 1

# A workbook is not for a terminal.
if script -qec true /dev/null > /dev/null 2>&1; then
	t_fail 2 "a terminal" script -qec "xf-query -f xlsx" /dev/null
	t_grep "says to redirect" 'xf-query: -f xlsx: standard output is a terminal: redirect it to a file or give -o FILE' "$OUT"
	t_ok "a terminal with -o" script -qec "xf-query -f xlsx -o t.xlsx" \
	    /dev/null
	t_grep "-o on a terminal: a workbook" '^sheets 1$' \
	    "$(xl t.xlsx t.txt; echo t.txt)"
else
	echo "# no script(1): the terminal is not tried"
fi

# A closed pipe ends quietly; a full disk is an error.
sh "$TOP/scripts/gen-items" -n 400 -s 160 --from 2017-07-01 \
    --to 2017-12-31 > many.csv
t_ok "many" xf-intake many.csv
for f in csv xlsx json; do
	t_ok "$f | head: quiet" sh -c "xf-query -f $f | head -c 10 > /dev/null"
	t_eq "$f | head: nothing said" "$(cat "$ERR")" ""
done
t_fail 1 "xlsx on a full disk" sh -c 'xf-query -f xlsx > /dev/full'
t_grep "says so" '^xf-query: standard output: No space left on device$' \
    "$ERR"
t_fail 1 "a full temporary directory" env TMPDIR=/nonexistent \
    xf-query -f csv
t_grep "names the temporary file" '^xf-query: a temporary file in /nonexistent: No such file or directory$' "$ERR"
t_fail 2 "not a format" xf-query -f xls
t_grep "names the formats" "'xls': not json, csv, table or xlsx" "$ERR"

# Past 1,048,576 rows (the header and 1,048,575 records), a second
# sheet with the same header.
if [ -n "${XF_VALGRIND:-}" ]; then
	echo "# under valgrind: no million rows (too slow)"
else
	t_ok "a million days" xf-stats count --by day --zeros \
	    --from 2000-01-01 --to 4870-11-27 -f xlsx -o days.xlsx
	xl days.xlsx days.txt
	t_grep "two sheets" '^sheets 2$' days.txt
	t_grep "the first full" '^filter 1 A1:D1048576$' days.txt
	t_grep "the second frozen" '^frozen 2$' days.txt
	t_grep "the rest, under the header" '^rows 2 4 first day$' days.txt
	t_grep "the second's filter" '^filter 2 A1:D4$' days.txt
fi

# LibreOffice reads back every value: its CSV of our workbook (cells as
# shown: a time as yyyy-mm-dd hh:mm:ss, a flag as TRUE or FALSE) is our
# CSV.
if t_have_calc; then
	t_ok "raw CSV" sh -c 'xf-query -f csv --raw-csv --reveal > raw.csv'
	t_ok "its workbook" xf-query -f xlsx --reveal -o lo.xlsx
	mkdir lo
	t_ok "soffice" soffice -env:UserInstallation=file://$TMP/lo-profile \
	    --headless --convert-to \
	    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true' \
	    --outdir lo lo.xlsx
	cat > same.py <<'PY'
import csv, re, sys
ours = list(csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))
lo = list(csv.reader(open(sys.argv[2], encoding='utf-8', newline='')))
def shown(v):
    m = re.match(r'^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)[+-]\d\d:\d\d$', v)
    if m:
        return m.group(1) + ' ' + m.group(2)
    return {'true': 'TRUE', 'false': 'FALSE'}.get(v, v)
bad = 0
if len(ours) != len(lo):
    print('rows: ours %d, LibreOffice %d' % (len(ours), len(lo)))
    bad += 1
for i, (a, b) in enumerate(zip(ours, lo)):
    b = b + [''] * (len(a) - len(b))
    for k, v in enumerate(a):
        if shown(v) != b[k]:
            print('row %d column %s: ours %r, LibreOffice %r'
                  % (i + 1, ours[0][k], v[:40], b[k][:40]))
            bad += 1
print('differences', bad)
PY
	python3 same.py raw.csv lo/lo.csv > lo.txt
	t_grep "LibreOffice: every value back" '^differences 0$' lo.txt
else
	echo "# LibreOffice Calc is not installed: LibreOffice's reading is not tried"
fi

t_done
