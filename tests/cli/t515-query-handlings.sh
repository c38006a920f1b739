# stores: sqlite pg
# xf-query --handlings and --handling N: the handlings (办理轮次) of the
# cases selected, each case's oldest first, the earlier ones as they
# ended and the one in force from the item; the filters select the cases
# as they stand now; every format; --count counts handlings; usage errors
. "$TOP/tests/cli/lib.sh"

A=20170721-0001
B=20170802-0001
step() {
	id=$1
	shift
	echo "$id" | "$@" > /dev/null 2> step.err || { echo "step failed: $*"; cat step.err; }
}
# CSV output without the CR of its line ends.
csv() {
	xf-query -f csv "$@" | tr -d '\r'
}
# The ids and numbers of the handlings printed, "id:n id:n ...".
hs() {
	csv "$@" | sed 1d | cut -d , -f 1,2 | tr , : | paste -s -d ' ' -
}
HEAD=id,handling,reopened_at,status,unit,decided_at,accepted_at,transferred_to,refusal_route,assigned_at,unit_accepted_at,unit_declined_at,handler,lead,rung,extended_days,extension_reason,reply_due,replied_at,reply,reply_on_time,review_at,reviewed_at,review_result,rereview_at,hearing_days,rereviewed_at,rereview_result,closed_at,close_basis,satisfaction,due,due_days,reply_delivered_at

t_ok "register" xf-intake "$DATA/items.csv"

# B is handled once: its one handling is the item's.
t_eq "B handled" "$(
	step $B xf-assign --unit 县人社局 --handler 李科员 --date 2017-08-05
	step $B xf-close --reply explained --date 2017-09-01)" ""
t_ok "the handlings of a case never reopened" xf-query --handlings --id $B -f csv
cat > want <<EOF
$HEAD
$B,1,,replied,县人社局,2017-08-05T00:00:00+08:00,2017-08-05T00:00:00+08:00,,,2017-08-05T00:00:00+08:00,,,李科员,,,,,2017-10-04,2017-09-01T00:00:00+08:00,explained,true,,,,,,,,,,,,,
EOF
tr -d '\r' < "$OUT" > got
t_cmp "one handling, from the item" got want

# A: handled, closed, reopened; handled again and replied.
t_eq "A's first handling, reopened, the second replied" "$(
	step $A xf-assign --unit 县住建局 --handler 王科员 --lead 刘副县长 --date 2017-07-25
	step $A xf-assign --unit-accept --date 2017-07-26
	step $A xf-close --reply supported --date 2017-08-20
	step $A xf-visit --outcome satisfied --date 2017-08-25
	step $A xf-close --close agreement --date 2017-08-30
	step $A xf-close --reopen 补偿未落实 --date 2017-10-10
	step $A xf-assign --unit 县住建局 --handler 张科员 --date 2017-10-11
	step $A xf-assign --extend 20 --reason 情况复杂 --date 2017-11-20
	step $A xf-close --reply explained --date 2017-12-15)" ""
t_eq "the first reply kept after the second" \
    "$(csv --handlings --id $A | cut -d , -f 2,4,20,29)" \
    "handling,status,reply,closed_at
1,closed,supported,2017-08-30T00:00:00+08:00
2,replied,explained,"

# Closed and reopened again, and assigned to another unit: three.
t_eq "A closed, reopened, assigned anew" "$(
	step $A xf-visit --outcome unsatisfied --date 2017-12-18
	step $A xf-close --close litigation --date 2017-12-20
	step $A xf-close --reopen 再次来访 --date 2018-01-05
	step $A xf-assign --unit 县人社局 --handler 李科员 --date 2018-01-08)" ""
t_ok "the handlings of a case reopened twice" xf-query --handlings --id $A -f csv
cat > want <<EOF
$HEAD
$A,1,,closed,县住建局,2017-07-25T00:00:00+08:00,2017-07-25T00:00:00+08:00,,,2017-07-25T00:00:00+08:00,2017-07-26T00:00:00+08:00,,王科员,刘副县长,,,,2017-09-23,2017-08-20T00:00:00+08:00,supported,true,,,,,,,,2017-08-30T00:00:00+08:00,agreement,satisfied,,,
$A,2,2017-10-10T00:00:00+08:00,closed,县住建局,,2017-07-25T00:00:00+08:00,,,2017-10-11T00:00:00+08:00,,,张科员,刘副县长,,20,情况复杂,2017-12-30,2017-12-15T00:00:00+08:00,explained,true,,,,,,,,2017-12-20T00:00:00+08:00,litigation,unsatisfied,,,
$A,3,2018-01-05T00:00:00+08:00,assigned,县人社局,,2017-07-25T00:00:00+08:00,,,2018-01-08T00:00:00+08:00,,,李科员,刘副县长,,,,2018-03-09,,,,,,,,,,,,,,2018-03-09,60,
EOF
tr -d '\r' < "$OUT" > got
t_cmp "three handlings, oldest first, as each ended" got want
t_eq "the handling in force is the item" \
    "$(csv --id $A | head -n 1 | tr , '\n' | grep -c '^handling$')" 1

# --handling N: the cases as they stood in their handling N.
t_eq "--handling 1: every case" "$(hs --handling 1)" \
    "$A:1 $B:1 20170901-0001:1 20171008-0001:1 20171111-0001:1"
t_eq "--handling 1 of A as it ended" "$(csv --handling 1 --id $A | sed 1d)" \
    "$(sed -n 2p want)"
t_eq "--handling 2: the earlier kept" "$(csv --handling 2 | sed 1d)" \
    "$(sed -n 3p want)"
t_eq "--handling 3: in force" "$(csv --handling 3 | sed 1d)" \
    "$(sed -n 4p want)"
t_ok "--handling 4: none" xf-query --handling 4
t_eq "nothing printed" "$(wc -c < "$OUT")" 0
t_eq "--handlings --handling 2 is --handling 2" "$(hs --handlings --handling 2)" "$A:2"
t_eq "in either order" "$(hs --handling 2 --handlings)" "$A:2"
t_eq "--handlings: every case, each oldest first" "$(hs --handlings)" \
    "$A:1 $A:2 $A:3 $B:1 20170901-0001:1 20171008-0001:1 20171111-0001:1"

# Every filter selects the cases, by their handling in force.
t_eq "--unit: the cases the unit handles now, every handling" \
    "$(hs --handlings --unit 县人社局)" "$A:1 $A:2 $A:3 $B:1"
t_eq "--unit of an earlier handling only: none" "$(hs --handlings --unit 县住建局)" ""
t_eq "--handler, --handling 2" "$(hs --handling 2 --handler 李科员)" "$A:2"
t_eq "--from" "$(hs --handlings --from 2017-08-01)" \
    "$B:1 20170901-0001:1 20171008-0001:1 20171111-0001:1"
t_eq "--from, --to" "$(hs --handlings --from 2017-07-01 --to 2017年7月31日)" \
    "$A:1 $A:2 $A:3"
t_eq "--unit, --from" "$(hs --handlings --unit 县人社局 --from 2017-08-01)" "$B:1"
t_eq "--status" "$(hs --handlings --status 已交办)" "$A:1 $A:2 $A:3"
t_eq "--repeat" "$(hs --handlings --repeat)" "20171008-0001:1"
t_eq "--ref" "$(hs --handlings --ref A001)" "$A:1 $A:2 $A:3"
t_eq "--limit counts cases" "$(hs --handlings --limit 2)" "$A:1 $A:2 $A:3 $B:1"
t_eq "--limit, --handling 2" "$(hs --handling 2 --limit 2)" "$A:2"
t_eq "--limit 0" "$(hs --handlings --limit 0)" ""

# --count: the handlings that would be printed.
t_eq "--count" "$(xf-query --handlings --count)" 7
t_eq "--count, --unit" "$(xf-query --handlings --unit 县人社局 --count)" 4
t_eq "--count, --handling 2: the cases ever reopened" "$(xf-query --handling 2 --count)" 1
t_eq "--count, --handling 4" "$(xf-query --handling 4 --count)" 0
t_eq "items are still counted" "$(xf-query --count)" 5

# Every format.
t_ok "JSON" xf-query --handlings --id $A
t_eq "a line a handling" "$(wc -l < "$OUT")" 3
t_eq "JSON: numbers, booleans, null for what a handling lacks" "$(head -n 1 "$OUT")" \
    '{"id":"20170721-0001","handling":1,"reopened_at":null,"status":"closed","unit":"县住建局","decided_at":"2017-07-25T00:00:00+08:00","accepted_at":"2017-07-25T00:00:00+08:00","transferred_to":null,"refusal_route":null,"assigned_at":"2017-07-25T00:00:00+08:00","unit_accepted_at":"2017-07-26T00:00:00+08:00","unit_declined_at":null,"handler":"王科员","lead":"刘副县长","rung":null,"extended_days":null,"extension_reason":null,"reply_due":"2017-09-23","replied_at":"2017-08-20T00:00:00+08:00","reply":"supported","reply_on_time":true,"review_at":null,"reviewed_at":null,"review_result":null,"rereview_at":null,"hearing_days":null,"rereviewed_at":null,"rereview_result":null,"closed_at":"2017-08-30T00:00:00+08:00","close_basis":"agreement","satisfaction":"satisfied","due":null,"due_days":null,"reply_delivered_at":null}'
t_grep "JSON: the extension a number" '"handling":2,"reopened_at":"2017-10-10T00:00:00\+08:00",.*"extended_days":20,"extension_reason":"情况复杂"' "$OUT"
t_grep "JSON: the deadline in force" '"handling":3,.*"due":"2018-03-09","due_days":60,"reply_delivered_at":null}$' "$OUT"
t_ok "--lang zh, --header zh" xf-query --handlings --id $A -f csv --header zh --lang zh
tr -d '\r' < "$OUT" > got
t_eq "Chinese names" "$(head -n 1 got)" \
    信访件编号,办理轮次,重新办理时间,状态,责任单位,受理决定时间,受理时间,转送机关,告知途径,交办时间,责任单位受理时间,责任单位不予受理时间,具体责任人,包案领导,调解层级,延期天数,延期理由,答复期限,答复时间,处理意见,按期办结,复查申请时间,复查答复时间,复查意见,复核申请时间,听证天数,复核答复时间,复核意见,销号时间,销号依据,满意度,办理期限,期限天数,答复送达时间
t_eq "Chinese values" "$(sed 1d got | cut -d , -f 2,4,20,21,30,31)" \
    "1,已销号,予以支持,是,息诉息访协议书,满意
2,已销号,解释说明,是,进入法律途径,不满意
3,已交办,,,,"
t_ok "--lang zh, JSON" xf-query --handling 2 --lang zh
t_grep "JSON: Chinese values" '"status":"已销号",.*"reply":"解释说明","reply_on_time":true,' "$OUT"
t_ok "table" xf-query --handlings --id $A -f table
t_grep "table header" '^id +handling +reopened_at +status +unit +decided_at ' "$OUT"
t_grep "table rows" "^$A +2 +2017-10-10T00:00:00\+08:00 +closed +县住建局 " "$OUT"
t_eq "table: a header, a rule, three rows" "$(wc -l < "$OUT")" 5
t_ok "xlsx" xf-query --handlings --id $A -f xlsx -o h.xlsx
python3 - h.xlsx > cells <<'PY'
import re, sys, zipfile
import xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
ws = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
head = {}
for c in ws.iterfind('m:sheetData/m:row/m:c', ns):
    col = re.match(r'[A-Z]+', c.get('r')).group(0)
    row = int(c.get('r')[len(col):])
    t = c.get('t', 'n')
    if t == 'inlineStr':
        v = ''.join(x.text or '' for x in c.iterfind('.//m:t', ns))
    else:
        v = c.find('m:v', ns).text
    if row == 1:
        head[col] = v
    else:
        print(row, head[col], t, c.get('s', '0'), v)
PY
t_grep "xlsx: ids as text" "^2 id inlineStr 0 $A$" cells
t_grep "xlsx: the number a number" "^4 handling n 0 3$" cells
t_grep "xlsx: reopened_at a time" "^3 reopened_at n [1-9][0-9]* [0-9]+\.?[0-9]*$" cells
t_eq "xlsx: in the style of replied_at" "$(awk '$1 == 3 && $2 == "reopened_at" { print $4 }' cells)" \
    "$(awk '$1 == 3 && $2 == "replied_at" { print $4 }' cells)"
t_grep "xlsx: a flag a boolean" "^2 reply_on_time b 0 1$" cells
t_grep "xlsx: a value" "^3 reply inlineStr 0 explained$" cells
t_ok "-o FILE, CSV" xf-query --handlings --id $A -f csv -o h.csv
tr -d '\r' < h.csv > got
t_cmp "-o FILE, CSV: the same" got want

# No personal data in a handling: nothing to mask, nothing revealed.
t_ok "--reveal" xf-query --handlings --reveal -f csv
t_nogrep "no name, ID number nor phone" '张三|李四|13102819800101001X|13812345678' "$OUT"

# A ledger of schema 4, its earlier handlings from its events.
sqlite3 old.db < "$DATA/ledger-v4.sql"
t_eq "a ledger brought up to date" "$(csv --db old.db --handlings --id $A | cut -d , -f 2-4,20)" \
    "handling,reopened_at,status,reply
1,,closed,supported
2,2017-10-10T10:00:00+08:00,closed,explained
3,2017-12-01T10:00:00+08:00,reopened,"

# Usage errors.
for n in 0 -1 x '' 2x 1.5 99999999999; do
	t_fail 2 "--handling '$n'" xf-query --handling "$n"
done
t_grep "named" "^xf-query: --handling '99999999999': not a handling number \(1, 2, \.\.\.\)$" "$ERR"
t_fail 2 "--handlings --ids" xf-query --handlings --ids
t_grep "refused" "^xf-query: --handlings and --handling exclude --ids and --history$" "$ERR"
t_fail 2 "--handling 2 --ids" xf-query --handling 2 --ids
t_fail 2 "--handlings --history" xf-query --handlings --history $A
t_fail 1 "no ledger" xf-query --db nowhere.db --handlings

t_done
