# stores: sqlite pg
# Personal data in columns the model does not know: a column whose name
# says it holds names, ID numbers, phones or addresses (共同信访人,
# 联系人电话, ...) is masked in every output, in every format, unless
# --reveal; a column such as 备注 is left as it is; the ledger keeps
# every value whole.  The office names more such columns in its settings
# (personal_columns); a bad entry is a configuration error.
. "$TOP/tests/cli/lib.sh"

tmo() {
	timeout 60 "$@"
}

CO=李四、王五
CO_MASKED='李\*、王\*'
TEL=13912345678
TEL_MASKED='139\*\*\*\*5678'
NOTE='回电 13700001111'
printf '%s\n' 'ref,received_at,channel,name,phone,people,title,category,共同信访人,联系人电话,备注' \
    "P1,2018-01-10,visit,张三丰,13812345678,3,拖欠工资,劳动和社会保障,$CO,$TEL,$NOTE" > in.csv

# masked DESC FILE: the extra columns masked, 备注 whole.
masked() {
	t_nogrep "$1: no co-petitioner" '李四|王五' "$2"
	t_nogrep "$1: no contact phone" "$TEL" "$2"
	t_grep "$1: co-petitioners masked" "$CO_MASKED" "$2"
	t_grep "$1: contact phone masked" "$TEL_MASKED" "$2"
	t_grep "$1: 备注 whole" "$NOTE" "$2"
}

# ------------------------------------------------------------------
# xf-intake's own output, and the ledger.

t_ok "xf-intake" tmo xf-intake in.csv
masked "xf-intake json" "$OUT"
t_grep "xf-intake json: the members" "\"共同信访人\":\"$CO_MASKED\",\"联系人电话\":\"$TEL_MASKED\",\"备注\":\"$NOTE\"" "$OUT"
t_eq "the ledger keeps them whole" \
    "$(t_sql "SELECT json_extract(extra, '\$.共同信访人') || '|' || json_extract(extra, '\$.联系人电话') || '|' || json_extract(extra, '\$.备注') FROM items")" \
    "$CO|$TEL|$NOTE"

for fm in csv table; do
	t_fresh
	t_ok "xf-intake -f $fm" tmo xf-intake -f "$fm" in.csv
	if [ "$fm" = csv ]; then
		masked "xf-intake csv" "$OUT"
		t_grep "xf-intake csv: the header" ',共同信访人,联系人电话,备注' "$OUT"
	else
		# An item's table shows none of them.
		t_nogrep "xf-intake table: nothing whole" "李四|$TEL" "$OUT"
	fi
done
t_fresh
t_ok "xf-intake --reveal" tmo xf-intake --reveal in.csv
t_grep "revealed" "\"共同信访人\":\"$CO\",\"联系人电话\":\"$TEL\"" "$OUT"

# ------------------------------------------------------------------
# xf-query, every format.

t_ok "xf-query json" tmo xf-query
masked "xf-query json" "$OUT"
t_ok "xf-query csv" tmo xf-query -f csv
masked "xf-query csv" "$OUT"
t_grep "xf-query csv: the cells" ",$CO_MASKED,$TEL_MASKED,$NOTE" "$OUT"
t_ok "xf-query csv, Chinese" tmo xf-query -f csv --header zh --lang zh --bom
masked "xf-query csv zh" "$OUT"
t_ok "xf-query table" tmo xf-query -f table
t_nogrep "xf-query table: nothing whole" "李四|$TEL" "$OUT"
t_grep "xf-query table: the petitioner masked" '  张\*\*  ' "$OUT"
t_ok "xf-query xlsx" tmo xf-query -f xlsx -o out.xlsx
python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():
    sys.stdout.write(z.read(n).decode("utf-8", "replace") + "\n")' out.xlsx > xlsx.txt
masked "xf-query xlsx" xlsx.txt
t_ok "xf-query --reveal" tmo xf-query --reveal -f csv
t_grep "whole with --reveal (CSV)" ",$CO,$TEL,$NOTE" "$OUT"
t_ok "xf-query --reveal json" tmo xf-query --reveal
t_grep "whole with --reveal (JSON)" "\"共同信访人\":\"$CO\",\"联系人电话\":\"$TEL\"" "$OUT"

# ------------------------------------------------------------------
# NDJSON: a number and an array in such columns; names, ID numbers,
# addresses; a phone column whose name has a name's pattern too.

t_fresh
printf '%s\n' '{"ref":"J1","received_at":"2018-01-10","channel":"letter","title":"噪音","联系人电话":13912345678,"共同信访人":["李四","王五"],"代理人身份证号":"13102819800101001X","户籍地址":"河北省廊坊市大厂县某村12号","备注":"无"}' > in.ndjson
t_ok "NDJSON extras" tmo xf-intake in.ndjson
t_grep "a number masked, as a string" "\"联系人电话\":\"$TEL_MASKED\"" "$OUT"
t_grep "an array masked" "\"共同信访人\":\\[\"李\\*\",\"王\\*\"\\]" "$OUT"
t_grep "an ID number masked" '"代理人身份证号":"131028\*\*\*\*\*\*\*\*001X"' "$OUT"
t_grep "an address masked" '"户籍地址":"河北省廊坊市\*\*\*\*\*\*\*\*"' "$OUT"
t_nogrep "nothing whole" "$TEL|李四|13102819800101001X|大厂县" "$OUT"
t_ok "NDJSON extras, queried" tmo xf-query
t_grep "the number masked" "\"联系人电话\":\"$TEL_MASKED\"" "$OUT"
t_nogrep "nothing whole, queried" "$TEL|李四|13102819800101001X|大厂县" "$OUT"
t_ok "NDJSON extras, revealed" tmo xf-query --reveal
t_grep "the number as given" "\"联系人电话\":$TEL," "$OUT"
t_grep "the array as given" '"共同信访人":\["李四","王五"\]' "$OUT"

# ------------------------------------------------------------------
# The office's columns (personal_columns), by --config and XF_CONFIG.

t_fresh
cat > office.conf <<'EOF'
# Columns of personal data the built-in names do not cover.
personal_columns = name:担保人, 电话:紧急联系
personal_columns = id_number:Passport
clock_skew = 30
EOF
printf '%s\n' 'ref,received_at,channel,title,担保人,担保人电话,紧急联系,passport_no,备注' \
    'G1,2018-01-10,visit,拖欠工资,赵六,13812341234,13912345678,E12345678,赵六' > office.csv
t_ok "without the setting" tmo xf-intake office.csv
t_grep "担保人 is no name of the built-in ones" '"担保人":"赵六"' "$OUT"
t_grep "but 担保人电话 is a phone" '"担保人电话":"138\*\*\*\*1234"' "$OUT"
t_grep "紧急联系 is nothing" '"紧急联系":"13912345678"' "$OUT"
for fm in json csv; do
	t_ok "--config, -f $fm" tmo xf-query --config office.conf -f "$fm"
	t_nogrep "--config, -f $fm: nothing whole" '赵六.*赵六|13812341234|13912345678|E12345678' "$OUT"
done
t_grep "--config: the cells, 备注 whole" ",赵\\*,138\\*\\*\\*\\*1234,139\\*\\*\\*\\*5678,\\*\\*\\*\\*\\*5678,赵六$(printf '\r')\$" "$OUT"
t_ok "XF_CONFIG" tmo env XF_CONFIG=office.conf xf-query
t_grep "XF_CONFIG: masked" '"担保人":"赵\*","担保人电话":"138\*\*\*\*1234","紧急联系":"139\*\*\*\*5678","passport_no":"\*\*\*\*\*5678","备注":"赵六"' "$OUT"
t_ok "--config --reveal" tmo xf-query --config office.conf --reveal
t_grep "revealed" '"担保人":"赵六","担保人电话":"13812341234","紧急联系":"13912345678","passport_no":"E12345678"' "$OUT"

# Bad settings: exit 3, the file and line.
printf '%s\n' '# personal data' 'personal_columns = phone:紧急联系 紧急联系' > bad1.conf
t_fail 3 "an entry without its kind" tmo xf-query --config bad1.conf
t_grep "file:line, the entry" "^xf-query: bad1.conf:2: personal_columns '紧急联系': not KIND:PATTERN \\(KIND: name, id_number, phone or address\\)$" "$ERR"
printf '%s\n' 'personal_columns = title:标题' > bad2.conf
t_fail 3 "a kind that is not personal" tmo xf-intake --config bad2.conf office.csv
t_grep "file:line" "^xf-intake: bad2.conf:1: personal_columns 'title:标题': not KIND:PATTERN" "$ERR"
printf '%s\n' 'personal_columns = phone:' > bad3.conf
t_fail 3 "an empty pattern" tmo xf-query --config bad3.conf
t_grep "file:line" "^xf-query: bad3.conf:1: personal_columns 'phone:': " "$ERR"
printf '%s\n' 'clock_skew = 1441' > bad4.conf
t_fail 3 "clock_skew past a day" tmo xf-query --config bad4.conf
t_grep "file:line" "^xf-query: bad4.conf:1: clock_skew '1441': bad value$" "$ERR"
printf '%s\n' 'clock_skew = soon' > bad5.conf
t_fail 3 "clock_skew not a number" tmo xf-query --config bad5.conf
t_grep "file:line" "^xf-query: bad5.conf:1: clock_skew 'soon': bad value$" "$ERR"
printf '%s\n' 'clock_skew = 0' 'clock_skew = 1440' > skew.conf
t_ok "clock_skew 0 and 1440" tmo xf-query --config skew.conf --count

t_done
