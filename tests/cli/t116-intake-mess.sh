# stores: sqlite pg
# xf-intake: the values real ledgers carry (full-width forms, apostrophes,
# ideographic spaces, dates and times as offices write them, people in
# Chinese numerals, 15-digit ID numbers), normalised from CSV and NDJSON;
# and what a spreadsheet broke (numbers in scientific notation, a
# landline that lost its 0) refused with the cause, naming no value
. "$TOP/tests/cli/lib.sh"

S=$(printf '\343\200\200')	# U+3000, the ideographic space
NB=$(printf '\302\240')		# U+00A0, the no-break space

# A county office's ledger, saved as CSV with CRLF line ends.
{
	printf '%s\r\n' '来源编号,信访日期,信访形式,信访人,身份证号,联系电话,人数,问题属地,内容摘要'
	printf '%s\r\n' "M1,2017/07/21 下午 3:05,来访$S,张三,'110105491231002, １３８００１３８０００ ,5人,１１０１０１,拖欠工资"
	printf '%s\r\n' "Ｍ２,２０１７年７月２２日,来信,李四,$S１１０１０５１９４９１２３１００２ｘ$S,'13912345678,两人,110101,征地补偿"
	printf '%s\r\n' "M3,2017年7月21日15时5分,来访,王五,,${NB}0371 6123456,十二,'110101,拖欠工资１２万元"
	printf '%s\r\n' "M4,2017.07.21 15:05,网信,赵六,,,九十九,110101,"
	printf '%s\r\n' "M5,2017年7月21日 15时,来电,钱七,,,5 人,110101,"
	printf '%s\r\n' "M6,2017/7/21 上午 12:30,来信,孙八,,,一,110101,"
} > mess.csv

t_ok "a spreadsheet's values" xf-intake mess.csv
t_eq "six stored" "$(t_sql 'SELECT count(*) FROM items')" 6
t_eq "six printed" "$(wc -l < "$OUT")" 6
t_eq "nothing said" "$(wc -c < "$ERR")" 0

t_eq "refs folded" "$(t_sql 'SELECT group_concat(ref) FROM (SELECT ref FROM items ORDER BY rowid) AS s')" \
	M1,M2,M3,M4,M5,M6
t_eq "dates and times" "$(t_sql 'SELECT received_at FROM items ORDER BY rowid' | tr '\n' ' ')" \
	"2017-07-21T15:05:00+08:00 2017-07-22T00:00:00+08:00 2017-07-21T15:05:00+08:00 2017-07-21T15:05:00+08:00 2017-07-21T15:00:00+08:00 2017-07-21T00:30:00+08:00 "
t_eq "channels, U+3000 and all" "$(t_sql 'SELECT group_concat(channel) FROM (SELECT channel FROM items ORDER BY rowid) AS s')" \
	visit,letter,visit,online,phone,letter
t_eq "people" "$(t_sql 'SELECT group_concat(people) FROM (SELECT people FROM items ORDER BY rowid) AS s')" \
	5,2,12,99,5,1
t_eq "collective visits by Chinese numbers" "$(t_sql 'SELECT group_concat(ref) FROM items WHERE collective = 1')" M1,M3
t_eq "joint letter of 两人" "$(t_sql 'SELECT ref FROM items WHERE joint_letter = 1')" M2
t_eq "regions" "$(t_sql 'SELECT DISTINCT region FROM items')" 110101
t_eq "the 15-digit ID number made 18" "$(t_sql "SELECT id_number FROM items WHERE ref = 'M1'")" 11010519491231002X
t_eq "a full-width one folded" "$(t_sql "SELECT id_number FROM items WHERE ref = 'M2'")" 11010519491231002X
t_eq "phones" "$(t_sql 'SELECT phone FROM items ORDER BY rowid LIMIT 3' | tr '\n' ' ')" \
	"13800138000 13912345678 0371-6123456 "
t_eq "free text as it was" "$(t_sql "SELECT title FROM items WHERE ref = 'M3'")" 拖欠工资１２万元
t_eq "no extra columns" "$(t_sql 'SELECT count(*) FROM items WHERE extra IS NOT NULL')" 0
# Both carry the same ID number: the second is a repeat of the first.
t_eq "M2 repeats M1" "$(t_sql "SELECT repeat_of FROM items WHERE ref = 'M2'")" 20170721-0001

# The 15-digit number as given is in the register event, and nowhere else.
t_eq "the original in the event" "$(t_sql "SELECT details FROM events WHERE item = '20170721-0001'")" \
	'{"file":"mess.csv","line":2,"original":{"id_number":"110105491231002"}}'
t_eq "no original for 18 digits" "$(t_sql "SELECT details FROM events WHERE item = '20170722-0001'")" \
	'{"file":"mess.csv","line":3}'
t_nogrep "not printed with the item" '110105491231002' "$OUT"
t_ok "the history" xf-query --history 20170721-0001
t_grep "the register event keeps the 15 digits, masked" '"action":"register","details":\{"file":"mess.csv","line":2,"original":\{"id_number":"\*+1002"\}\}' "$OUT"
t_nogrep "not in full without --reveal" '110105491231002' "$OUT"
t_ok "the history, revealed" xf-query --reveal --history 20170721-0001
t_grep "the register event keeps the 15 digits" '"action":"register","details":\{"file":"mess.csv","line":2,"original":\{"id_number":"110105491231002"\}\}' "$OUT"

# The same from NDJSON: strings and JSON numbers.
t_fresh
cat > mess.ndjson <<EOF
{"ref":"J1","received_at":"2017/7/21 上午 9:05","channel":"来访$S","id_number":"320102901231004","phone":"０３７１－６１２３４５６","people":"二十"}
{"ref":201700000000001,"received_at":"２０１７年７月２１日 下午３点半","channel":"ＶＩＳＩＴ","phone":13812345678,"people":"5 人"}
{"ref":"J3","received_at":42937.5,"channel":"来信","id_number":" '210102850715401","people":"两"}
EOF
t_ok "NDJSON with the same values" xf-intake mess.ndjson
t_eq "three stored" "$(t_sql 'SELECT count(*) FROM items')" 3
t_eq "NDJSON refs" "$(t_sql 'SELECT group_concat(ref) FROM (SELECT ref FROM items ORDER BY rowid) AS s')" \
	J1,201700000000001,J3
t_eq "NDJSON times" "$(t_sql 'SELECT received_at FROM items ORDER BY rowid' | tr '\n' ' ')" \
	"2017-07-21T09:05:00+08:00 2017-07-21T15:30:00+08:00 2017-07-21T12:00:00+08:00 "
t_eq "NDJSON people" "$(t_sql 'SELECT group_concat(people) FROM (SELECT people FROM items ORDER BY rowid) AS s')" 20,5,2
t_eq "NDJSON phones" "$(t_sql "SELECT group_concat(phone) FROM (SELECT phone FROM items WHERE phone IS NOT NULL ORDER BY rowid) AS s")" \
	0371-6123456,13812345678
t_eq "NDJSON ID numbers" "$(t_sql "SELECT group_concat(id_number) FROM (SELECT id_number FROM items WHERE id_number IS NOT NULL ORDER BY rowid) AS s")" \
	320102199012310043,210102198507154011
t_eq "NDJSON originals" "$(t_sql "SELECT group_concat(details, ' ') FROM (SELECT details FROM events ORDER BY seq) AS s")" \
	'{"file":"mess.ndjson","line":1,"original":{"id_number":"320102901231004"}} {"file":"mess.ndjson","line":2} {"file":"mess.ndjson","line":3,"original":{"id_number":"210102850715401"}}'
J3=$(t_sql "SELECT id FROM items WHERE ref = 'J3'")
t_ok "the history of J3" xf-query --reveal --history "$J3"
t_grep "J3's original" '"original":\{"id_number":"210102850715401"\}' "$OUT"

# What a spreadsheet broke: refused with the cause, no value shown.
t_fresh
{
	echo '来源编号,信访日期,信访形式,信访人,身份证号,联系电话,人数'
	echo 'B1,2017-07-21,来访,甲,1.31028E+17,,1'
	echo 'B2,2017-07-21,来访,乙,1.31024195809115E+17,,1'
	echo 'B3,2017-07-21,来访,丙,,1.38001E+10,1'
	echo 'B4,2017-07-21,来访,丁,,3125551234,1'
	echo '1.23456789012346E+19,2017-07-21,来访,戊,,,1'
	echo 'B6,2017-07-21,来访,己,,,一百'
	echo 'B7,下午3:05,来访,庚,,,1'
	echo 'B8,2017/07/21 上午 13:05,来访,辛,,,1'
	echo 'B9,2017-07-21,来访,壬,131028900229003,,1'
	echo 'B10,2017-07-21,来访,癸,,,〇'
	echo 'B11,2017-07-21,来访,子,11010519491231002X,13812345678,1'
} > broken.csv
t_fail 1 "a broken spreadsheet fails the batch" xf-intake broken.csv
t_eq "nothing stored" "$(t_sql 'SELECT count(*) FROM items')" 0
t_eq "nothing printed" "$(wc -c < "$OUT")" 0
t_grep "ID number in scientific notation" '^xf-intake: broken.csv:2: id_number: a number in scientific notation: the spreadsheet stored the ID number as a number and kept only 15 digits; format the column as text and enter the numbers again$' "$ERR"
t_grep "the 15 digits Excel keeps" '^xf-intake: broken.csv:3: id_number: a number in scientific notation: ' "$ERR"
t_grep "phone in scientific notation" '^xf-intake: broken.csv:4: phone: a number in scientific notation: the spreadsheet stored the phone number as a number and lost digits; format the column as text and enter the numbers again$' "$ERR"
t_grep "a landline without its 0" '^xf-intake: broken.csv:5: phone: looks like a landline whose leading 0 was lost when a spreadsheet stored it as a number; format the column as text$' "$ERR"
t_grep "a ref in scientific notation" "^xf-intake: broken.csv:6: ref '1.23456789012346E\\+19': a number in scientific notation: the spreadsheet stored the ref as a number and lost digits; format the column as text and enter the numbers again\$" "$ERR"
t_grep "one hundred in Chinese" "^xf-intake: broken.csv:7: people '一百': Chinese numerals only up to 九十九 \\(99\\): write a larger number in digits\$" "$ERR"
t_grep "a time is no date" "^xf-intake: broken.csv:8: received_at '下午3:05': not a date or time \\(2017/07/21 or 2017年7月21日, with an optional time\\)\$" "$ERR"
t_grep "上午 13:05" "^xf-intake: broken.csv:9: received_at '2017/07/21 上午 13:05': bad time\$" "$ERR"
t_grep "a 15-digit number's birth date" '^xf-intake: broken.csv:10: id_number: bad birth date$' "$ERR"
t_grep "〇 people" "^xf-intake: broken.csv:11: people '〇': not a number of people \\(1 or more\\)\$" "$ERR"
t_eq "ten refused" "$(grep -c '^xf-intake: broken.csv:' "$ERR")" 10
t_nogrep "no personal value in a message" '1\.310|1\.38|3125551234|131028|甲|丁' "$ERR"

# --keep-going: the good row in, the broken ones to the reject file.
t_fail 1 "--keep-going" xf-intake -k --reject rejects.csv broken.csv
t_eq "the good one stored" "$(t_sql 'SELECT ref FROM items')" B11
t_eq "rejects: header and ten rows" "$(wc -l < rejects.csv)" 11
t_grep "a reject keeps its value" '^B1,2017-07-21,来访,甲,1\.31028E\+17,' rejects.csv

# NDJSON: a JSON number too long for a double is text already, but the
# scientific form a spreadsheet export writes is refused.
t_fresh
cat > broken.ndjson <<'EOF'
{"ref":"N1","received_at":"2017-07-21","id_number":1.31028E+17}
{"ref":"N2","received_at":"2017-07-21","phone":3125551234}
{"ref":1.23456789012346E+19,"received_at":"2017-07-21"}
EOF
t_fail 1 "NDJSON numbers a spreadsheet broke" xf-intake broken.ndjson
t_grep "NDJSON ID number" '^xf-intake: broken.ndjson:1: id_number: a number in scientific notation: ' "$ERR"
t_grep "NDJSON landline" '^xf-intake: broken.ndjson:2: phone: looks like a landline whose leading 0 was lost' "$ERR"
t_grep "NDJSON ref" "^xf-intake: broken.ndjson:3: ref '1.23456789012346[eE]\\+19': a number in scientific notation: " "$ERR"
t_eq "NDJSON: nothing stored" "$(t_sql 'SELECT count(*) FROM items')" 0

t_done
