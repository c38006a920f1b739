# stores: sqlite pg
# xf-assign: every action and every refusal, the deadlines it sets, what
# the ledger holds afterwards, re-running, all or nothing, routing tables
# and rosters, review and re-review, usage errors
. "$TOP/tests/cli/lib.sh"

A1=20170721-0001	# received 2017-07-21, 劳动和社会保障/工资福利, 131028
A2=20170802-0001	# received 2017-08-02, 城乡建设, 131028001
A3=20170901-0001	# received 2017-09-01, 城乡建设/集体土地上房屋拆迁与补偿
A4=20171008-0001	# received 2017-10-08, 劳动和社会保障/劳动关系
A5=20171111-0001	# received 2017-11-11, 环境保护

# col ID COLUMNS: the columns of a case, '|'-separated.
col() {
	t_sql "SELECT $2 FROM items WHERE id = '$1'"
}
# actions ID: the actions of the case's events, in order.
actions() {
	t_sql "SELECT group_concat(action) FROM (SELECT action FROM events
	    WHERE item = '$1' ORDER BY seq) AS s"
}
nevents() {
	t_sql "SELECT count(*) FROM events"
}
# assign ID ARGS...: xf-assign with the id on standard input.
assign() {
	id=$1
	shift
	echo "$id" | xf-assign "$@"
}

t_ok "register" xf-intake "$DATA/items.csv"

# --accept: the handling period, 60 days from acceptance, the start day
# not counted.
t_ok "accept" assign $A1 --accept --date 2017-10-01
t_eq "accepted" "$(col $A1 'status, accepted_at, due, due_days')" \
	"accepted|2017-10-01T00:00:00+08:00|2017-11-30|60"
t_eq "one event" "$(actions $A1)" register,accept
t_grep "prints the case as it stands" "^\{\"id\":\"$A1\".*\"status\":\"accepted\".*\"due\":\"2017-11-30\",\"due_days\":60," "$OUT"
t_eq "one line" "$(wc -l < "$OUT")" 1
n=$(nevents)
t_ok "accept again" assign $A1 --accept --date 2017-10-01
t_eq "not applied twice" "$(nevents)" "$n"
t_eq "but printed" "$(wc -l < "$OUT")" 1
t_ok "accept on another day: already so" assign $A1 --accept --date 2017-10-05
t_eq "acceptance kept" "$(col $A1 accepted_at)" 2017-10-01T00:00:00+08:00
t_fail 1 "accept before receipt" assign $A5 --accept --date 2017-11-01
t_grep "says so" "^xf-assign: -:1: $A5: cannot accept: 2017-11-01T00:00:00\+08:00 is before it was received$" "$ERR"
t_grep "rolled back" "^xf-assign: nothing changed: the batch was rolled back$" "$ERR"
t_fail 1 "accept in the future" assign $A5 --accept --date 2018-01-16
t_grep "the future" "$A5: cannot accept: 2018-01-16T00:00:00\+08:00 is in the future" "$ERR"
t_fail 1 "an id not in the ledger" assign 20170101-0009 --accept
t_grep "no such case" "^xf-assign: -:1: 20170101-0009: no item '20170101-0009' in the ledger$" "$ERR"
t_eq "A5 untouched" "$(col $A5 status)" registered

# --unit: assigning an accepted case, with handler and lead official.
t_ok "assign" assign $A1 --unit 县人社局 --handler 李明 --lead 王副县长 --date 2017-10-02
t_eq "assigned" "$(col $A1 'status, unit, handler, lead, accepted_at, due, due_days')" \
	"assigned|县人社局|李明|王副县长|2017-10-01T00:00:00+08:00|2017-11-30|60"
t_eq "an assign event" "$(actions $A1)" register,accept,assign
n=$(nevents)
t_ok "assign again" assign $A1 --unit 县人社局 --handler 李明 --lead 王副县长 --date 2017-10-02
t_eq "not applied twice" "$(nevents)" "$n"
t_ok "the same unit, nothing more said" assign $A1 --unit 县人社局
t_eq "still nothing written" "$(nevents)" "$n"
# A registered case is accepted first: two events.
t_ok "assign a registered case" assign $A2 --unit 县住建局 --handler 张工 --date 2017-10-02
t_eq "accept, then assign" "$(actions $A2)" register,accept,assign
t_eq "accepted on the day" "$(col $A2 'status, accepted_at, due')" \
	"assigned|2017-10-02T00:00:00+08:00|2017-12-01"
t_eq "details of the events" "$(t_sql "SELECT group_concat(details, ' ') FROM (SELECT details FROM events WHERE item = '$A2' AND action != 'register' ORDER BY seq) AS s")" \
	'{"decided_at":"2017-10-02T00:00:00+08:00","accepted_at":"2017-10-02T00:00:00+08:00","due":"2017-12-01","reply_due":"2017-12-01"} {"assigned_at":"2017-10-02T00:00:00+08:00","unit":"县住建局","handler":"张工"}'
t_eq "actor and program" "$(t_sql "SELECT DISTINCT actor || ' ' || program FROM events WHERE item = '$A2' AND action != 'register'")" "tester xf-assign"
t_ok "re-assign to another handler" assign $A2 --unit 县住建局 --handler 赵工 --date 2017-10-03
t_eq "handler changed" "$(col $A2 'unit, handler')" "县住建局|赵工"
t_eq "one more event" "$(actions $A2)" register,accept,assign,assign
t_fail 1 "assign before receipt" assign $A5 --unit 县环保局 --date 2017-11-01
t_grep "the acceptance refused" "$A5: cannot accept: .* before it was received" "$ERR"
t_eq "A5 neither accepted nor assigned" "$(col $A5 status)" registered

# --extend: once, 1 to 30 days, with a reason, before the deadline.
t_ok "extend" assign $A1 --extend 30 --reason 需调查取证 --date 2017-11-20
t_eq "extended" "$(col $A1 'status, due, due_days, extended_days, extension_reason')" \
	"extended|2017-12-30|90|30|需调查取证"
n=$(nevents)
t_ok "extend again, the same" assign $A1 --extend 30 --reason 需调查取证 --date 2017-11-20
t_eq "not applied twice" "$(nevents)" "$n"
t_fail 1 "a second extension" assign $A1 --extend 10 --reason 再延 --date 2017-11-25
t_grep "once only" "$A1: cannot extend: extended once already \(one extension is allowed\)$" "$ERR"
t_fail 1 "more than 30 days" assign $A2 --extend 31 --reason 复杂 --date 2017-11-20
t_grep "at most 30" "$A2: cannot extend: 31 days: from 1 to 30$" "$ERR"
t_fail 1 "after the deadline" assign $A2 --extend 10 --reason 复杂 --date 2017-12-02
t_grep "deadline passed" "$A2: cannot extend: the deadline passed on 2017-12-01$" "$ERR"
t_fail 1 "a case not assigned" assign $A3 --extend 10 --reason 复杂 --date 2017-11-20
t_grep "the state said" "$A3: cannot extend: the case is registered$" "$ERR"
t_ok "re-assign an extended case" assign $A1 --unit 县劳动监察大队 --handler 周强 --date 2017-11-21
t_eq "still extended, the deadline kept" "$(col $A1 'status, unit, handler, due')" \
	"extended|县劳动监察大队|周强|2017-12-30"

# --escalate: up the mediation ladder, one rung a step.
t_ok "escalate" assign $A2 --escalate --date 2017-10-05
t_eq "first rung" "$(col $A2 rung)" village
for i in 2 3 4 5; do
	assign $A2 --escalate --date 2017-10-05 > /dev/null 2>&1
done
t_eq "the top" "$(col $A2 rung)" court
t_fail 1 "past the top" assign $A2 --escalate --date 2017-10-05
t_grep "at the top" "$A2: cannot escalate: at the top of the mediation ladder \(court\)$" "$ERR"
t_fail 1 "escalate a registered case" assign $A3 --escalate
t_grep "the state said" "$A3: cannot escalate: the case is registered$" "$ERR"
# --rung names the rung: applied once.
t_ok "escalate to a rung" assign $A1 --escalate --rung 乡镇调解 --date 2017-11-21
t_eq "that rung" "$(col $A1 rung)" township
n=$(nevents)
t_ok "escalate to it again" assign $A1 --escalate --rung township --date 2017-11-21
t_eq "not applied twice" "$(nevents)" "$n"
t_fail 1 "down the ladder" assign $A1 --escalate --rung village --date 2017-11-21
t_grep "says so" "$A1: cannot escalate: village is not above township on the ladder$" "$ERR"

# --transfer and --refuse: a registered case, once.
t_ok "transfer" assign $A3 --transfer 市住建局 --date 2017-09-05
t_eq "transferred, no deadline" "$(col $A3 'status, transferred_to, CAST(due IS NULL AS INTEGER)')" "transferred|市住建局|1"
n=$(nevents)
t_ok "transfer again" assign $A3 --transfer 市住建局 --date 2017-09-05
t_eq "not applied twice" "$(nevents)" "$n"
t_fail 1 "transfer elsewhere" assign $A3 --transfer 市国土局
t_grep "transferred already" "$A3: cannot transfer: transferred already, to 市住建局$" "$ERR"
t_ok "refuse" assign $A4 --refuse 向人民法院提起诉讼 --date 2017-10-10
t_eq "refused, the route kept" "$(col $A4 'status, refusal_route, CAST(due IS NULL AS INTEGER)')" "refused|向人民法院提起诉讼|1"
n=$(nevents)
t_ok "refuse again" assign $A4 --refuse 向人民法院提起诉讼 --date 2017-10-10
t_eq "not applied twice" "$(nevents)" "$n"
t_fail 1 "refuse an accepted case" assign $A1 --refuse 申请行政复议
t_grep "the state said" "$A1: cannot refuse: the case is extended$" "$ERR"
t_fail 1 "transfer a refused case" assign $A4 --transfer 市人社局
t_grep "the state said" "$A4: cannot transfer: the case is refused$" "$ERR"
t_fail 1 "assign a refused case" assign $A4 --unit 县人社局
t_grep "the state said" "$A4: cannot assign: the case is refused$" "$ERR"

# Today, when --date is not given.
t_ok "accept today" assign $A5 --accept
t_eq "XF_NOW" "$(col $A5 'accepted_at, due')" "2018-01-15T09:00:00+08:00|2018-03-16"

# Inputs: ids from xf-query, {"id":...} lines, CSV with an id column.
t_fresh
xf-intake "$DATA/items.csv" > /dev/null
t_ok "ids from xf-query" sh -c 'xf-query --ids --from 2017-10-01 | xf-assign --accept --date 2017-11-20'
t_eq "two printed" "$(wc -l < "$OUT")" 2
t_eq "those two accepted" "$(t_sql "SELECT group_concat(id) FROM items WHERE status = 'accepted'")" "$A4,$A5"
printf '{"id":"%s"}\n{"id":"%s","note":"x"}\n' $A1 $A2 > in.ndjson
t_ok "NDJSON" xf-assign --accept --date 2017-10-01 in.ndjson
t_eq "both accepted" "$(col $A1 status) $(col $A2 status)" "accepted accepted"
printf '信访件编号,备注\n%s,拆迁\n' $A3 > in.csv
t_ok "CSV with an id column" xf-assign --unit 县住建局 --date 2017-10-01 in.csv
t_eq "accepted and assigned" "$(col $A3 'status, unit')" "assigned|县住建局"
printf 'id,note\n,empty\n' > noid.csv
t_fail 1 "a record without an id" xf-assign --accept noid.csv
t_grep "no id" "^xf-assign: noid.csv:2: no id$" "$ERR"
t_ok "CSV output" sh -c "echo $A3 | xf-assign --unit 县住建局 -f csv --header zh --lang zh"
t_grep "Chinese header" "^信访件编号,来源编号" "$OUT"
t_grep "Chinese state" ",已交办,县住建局," "$OUT"

# All or nothing: one refusal rolls back the batch.
n=$(nevents)
printf '%s\n%s\n' $A3 $A4 > two.ids
t_fail 1 "one case refused" xf-assign --extend 10 --reason 补充材料 --date 2017-11-25 two.ids
t_grep "the refusal" "^xf-assign: two.ids:2: $A4: cannot extend: the case is accepted$" "$ERR"
t_grep "rolled back" "^xf-assign: nothing changed: the batch was rolled back$" "$ERR"
t_eq "nothing written" "$(nevents)" "$n"
t_eq "the good one not extended" "$(col $A3 'status, due')" "assigned|2017-11-30"
# --keep-going commits the good ones; --reject keeps the bad ones.
printf '{"id":"%s"}\n{"id":"%s"}\n{"id":"nope"}\n' $A3 $A4 > three.ndjson
t_fail 1 "--keep-going" xf-assign -k --reject rej.ndjson --extend 10 --reason 补充材料 --date 2017-11-25 three.ndjson
t_eq "the good one printed" "$(wc -l < "$OUT")" 1
t_eq "and committed" "$(col $A3 'status, due, due_days')" "extended|2017-12-10|70"
t_eq "the bad ones set aside" "$(wc -l < rej.ndjson)" 2
t_grep "with the reason" "^\{\"id\":\"$A4\",\"error\":\"$A4: cannot extend: the case is accepted\"\}$" rej.ndjson
t_grep "with the reason" "^\{\"id\":\"nope\",\"error\":\"nope: no item 'nope' in the ledger\"\}$" rej.ndjson
t_fail 2 "--reject without --keep-going" xf-assign --reject rej.ndjson --accept three.ndjson
# --dry-run: everything checked and printed, nothing written.
n=$(nevents)
t_ok "--dry-run" sh -c "echo $A4 | xf-assign -n --unit 县人社局 --date 2017-11-25"
t_grep "prints the case as it would be" "\"status\":\"assigned\"" "$OUT"
t_eq "nothing written" "$(nevents)" "$n"
t_eq "still accepted" "$(col $A4 status)" accepted
t_fail 1 "--dry-run reports refusals" sh -c "echo $A4 | xf-assign -n --extend 10 --reason x"
t_grep "the refusal" "$A4: cannot extend: the case is accepted$" "$ERR"

# A routing table: the most specific row wins, category levels first.
t_fresh
xf-intake "$DATA/items.csv" > /dev/null
printf '%s\n' category,region,unit \
	',,县信访局' \
	',131028,大厂县政府' \
	'劳动和社会保障,,县人社局' \
	'劳动和社会保障/工资福利,,县劳动监察大队' \
	'城乡建设,1310,县住建局' \
	'城乡建设,131028001,夏垫镇' > routes.csv
t_ok "route" sh -c "xf-query --ids | xf-assign --routes routes.csv --date 2017-12-01"
t_eq "the units" "$(t_sql 'SELECT group_concat(unit, '"' '"') FROM items')" \
	"县劳动监察大队 夏垫镇 县住建局 县人社局 大厂县政府"
n=$(nevents)
t_ok "route again" sh -c "xf-query --ids | xf-assign --routes routes.csv --date 2017-12-01"
t_eq "not applied twice" "$(nevents)" "$n"
printf '%s\n' 内容分类,问题属地,责任单位 '劳动和社会保障,,县人社局' > zh.csv
t_fail 1 "a case no route matches" sh -c "xf-query --ids | xf-assign --routes zh.csv --date 2017-12-01"
t_grep "no route" "^xf-assign: -:2: $A2: no route for category '城乡建设' region '131028001'$" "$ERR"
t_eq "nothing changed" "$(nevents)" "$n"
printf '%s\n' category,region,unit '城乡,,县住建局' > bad.csv
t_fail 3 "a category not in the catalogue" xf-assign --routes bad.csv in.csv
t_grep "says which" "^xf-assign: bad.csv:2: category '城乡': not in the catalogue \(nearest: " "$ERR"
printf '%s\n' category,region,unit '城乡建设,131028,' > bad.csv
t_fail 3 "an empty unit" xf-assign --routes bad.csv in.csv
t_grep "says so" "^xf-assign: bad.csv:2: empty unit$" "$ERR"
printf '%s\n' category,region,unit ',13a,县政府' > bad.csv
t_fail 3 "a region not of digits" xf-assign --routes bad.csv in.csv
t_grep "says so" "^xf-assign: bad.csv:2: region '13a': not the start of a division code$" "$ERR"
printf '%s\n' category,region,unit '城乡建设,,甲' '城乡建设,,乙' > bad.csv
t_fail 3 "a row given twice" xf-assign --routes bad.csv in.csv
t_grep "says so" "^xf-assign: bad.csv:3: the same category and region as line 2$" "$ERR"
printf '%s\n' category,region,unit '城乡建设,,甲,乙' > bad.csv
t_fail 3 "a value past the header" xf-assign --routes bad.csv in.csv
t_grep "says so" "^xf-assign: bad.csv:2: 4 fields, the header has 3$" "$ERR"
printf '%s\n' category,unit '城乡建设,甲' > bad.csv
t_fail 3 "a column missing" xf-assign --routes bad.csv in.csv
t_grep "says so" "^xf-assign: bad.csv:1: no column 'region' \(问题属地\)$" "$ERR"
printf '%s\n' category,region,unit > bad.csv
t_fail 3 "no rows" xf-assign --routes bad.csv in.csv
t_grep "says so" "^xf-assign: bad.csv: empty$" "$ERR"
t_fail 3 "no such file" xf-assign --routes nosuch.csv in.csv
t_grep "says so" "^xf-assign: nosuch.csv: " "$ERR"

# A roster: the handler with the fewest open cases, the earlier on a tie;
# the batch counts its own assignments.
t_fresh
xf-intake "$DATA/items.csv" > /dev/null
printf '%s\n' 单位,角色,姓名 县人社局,具体责任人,甲 县人社局,具体责任人,乙 \
	县人社局,包案领导,刘局长 县住建局,handler,丙 > roster.csv
t_ok "four cases, two handlers" sh -c "xf-query --ids | head -n 4 | xf-assign --unit 县人社局 --roster roster.csv --date 2017-12-01"
t_eq "two each, in turn" "$(t_sql "SELECT group_concat(handler, ' ') FROM items WHERE unit = '县人社局'")" "甲 乙 甲 乙"
t_eq "the lead official" "$(t_sql "SELECT DISTINCT lead FROM items WHERE unit = '县人社局'")" 刘局长
n=$(nevents)
t_ok "again" sh -c "xf-query --ids | head -n 4 | xf-assign --unit 县人社局 --roster roster.csv --date 2017-12-01"
t_eq "the same handlers, nothing written" "$(t_sql "SELECT group_concat(handler, ' ') FROM items WHERE unit = '县人社局'") $(nevents)" "甲 乙 甲 乙 $n"
t_ok "a fifth" assign $A5 --unit 县人社局 --roster roster.csv --date 2017-12-01
t_eq "the tie to the earlier" "$(col $A5 handler)" 甲
t_fresh
xf-intake "$DATA/items.csv" > /dev/null
t_ok "the handler given, the lead picked" assign $A1 --unit 县人社局 --handler 李明 --roster roster.csv --date 2017-12-01
t_eq "both" "$(col $A1 'handler, lead')" "李明|刘局长"
t_ok "load counts open cases" assign $A2 --unit 县人社局 --handler 甲 --date 2017-12-01
t_ok "so the other" assign $A3 --unit 县人社局 --roster roster.csv --date 2017-12-01
t_eq "乙" "$(col $A3 handler)" 乙
# Counted from the index alone (schema 16), not a row read a case.
if [ -z "$t_pgdb" ]; then
	t_sql "EXPLAIN QUERY PLAN SELECT count(*) FROM items WHERE voided_at
	    IS NULL AND handler = '甲' AND status IN ('accepted', 'assigned',
	    'extended', 'reopened')" > plan.txt
	t_grep "the load from the index" "COVERING INDEX items_handler" plan.txt
fi
t_ok "a unit with a handler and no lead" assign $A4 --unit 县住建局 --roster roster.csv --date 2017-12-01
t_eq "no lead" "$(col $A4 'handler, CAST(lead IS NULL AS INTEGER)')" "丙|1"
t_fail 1 "a unit nobody in the roster serves" assign $A5 --unit 县环保局 --roster roster.csv --date 2017-12-01
t_grep "says so" "^xf-assign: -:1: $A5: no handler of unit '县环保局' in the roster$" "$ERR"
t_ok "routes and roster together" assign $A4 --routes routes.csv --roster roster.csv --date 2017-12-01
t_eq "another unit, its people picked anew" "$(col $A4 'unit, handler, lead')" "县人社局|甲|刘局长"
t_ok "the lead official stays with the case" assign $A1 --unit 县住建局 --roster roster.csv --date 2017-12-01
t_eq "another handler, the same lead" "$(col $A1 'unit, handler, lead')" "县住建局|丙|刘局长"
printf '%s\n' unit,role,name 县人社局,boss,甲 > bad.csv
t_fail 3 "a role not known" xf-assign --unit 县人社局 --roster bad.csv in.csv
t_grep "says so" "^xf-assign: bad.csv:2: role 'boss': not handler \(具体责任人\) or lead \(包案领导\)$" "$ERR"
printf '%s\n' unit,role,name 县人社局,lead, > bad.csv
t_fail 3 "an empty name" xf-assign --unit 县人社局 --roster bad.csv in.csv
t_grep "says so" "^xf-assign: bad.csv:2: empty name$" "$ERR"

# Review and re-review: a reply first (xf-close).
if command -v xf-close > /dev/null; then
	t_fresh
	xf-intake "$DATA/items.csv" > /dev/null
	assign $A1 --unit 县人社局 --date 2017-10-01 > /dev/null
	echo $A1 | xf-close --reply supported --date 2017-12-10 > /dev/null
	t_eq "replied" "$(col $A1 status)" replied
	t_fail 1 "review 31 days after the reply" assign $A1 --review --date 2018-01-10
	t_grep "too late" "$A1: cannot review: the answer of 2017-12-10T00:00:00\+08:00 is more than 30 days old$" "$ERR"
	t_ok "review 30 days after" assign $A1 --review --date 2018-01-09
	t_eq "under review, decision due in 30 days" "$(col $A1 'status, review_at, due, due_days')" \
		"review|2018-01-09T00:00:00+08:00|2018-02-08|30"
	n=$(nevents)
	t_ok "review again" assign $A1 --review --date 2018-01-09
	t_eq "not applied twice" "$(nevents)" "$n"
	t_fail 1 "review a case not replied" assign $A2 --review
	t_grep "the state said" "$A2: cannot review: the case is registered$" "$ERR"
	t_fail 1 "re-review before the review's answer" assign $A1 --re-review
	t_grep "the state said" "$A1: cannot re-review: the case is review$" "$ERR"
	echo $A1 | xf-close --review-reply not-supported --date 2018-01-12 > /dev/null
	t_fail 1 "review twice" assign $A1 --review --date 2018-01-13
	t_grep "ask for a re-review" "$A1: cannot review: reviewed already: ask for a re-review$" "$ERR"
	t_fail 1 "hearing before a re-review" assign $A1 --hearing 10
	t_grep "the state said" "$A1: cannot record a hearing: the case is reviewed$" "$ERR"
	t_ok "re-review" assign $A1 --re-review --date 2018-01-13
	t_eq "under re-review" "$(col $A1 'status, rereview_at, due, due_days')" \
		"re-review|2018-01-13T00:00:00+08:00|2018-02-12|30"
	t_ok "a hearing of 10 days" assign $A1 --hearing 10 --date 2018-01-14
	t_eq "the clock paused" "$(col $A1 'hearing_days, due, due_days')" "10|2018-02-22|40"
	n=$(nevents)
	t_ok "the same hearing again" assign $A1 --hearing 10 --date 2018-01-14
	t_eq "not applied twice" "$(nevents)" "$n"
	echo $A1 | xf-close --re-review-reply not-supported --date 2018-01-15 > /dev/null
	t_eq "final" "$(col $A1 status)" final
	t_fail 1 "re-review after finality" assign $A1 --re-review
	t_grep "三级终结" "$A1: cannot re-review: three-tier finality \(三级终结\): the same matter is not accepted again$" "$ERR"
	t_fail 1 "review after finality" assign $A1 --review
	t_grep "三级终结" "$A1: cannot review: three-tier finality \(三级终结\)" "$ERR"
	t_eq "the events" "$(actions $A1)" \
		register,accept,assign,reply,review,review-reply,re-review,hearing,re-review-reply
else
	echo "$t_name: xf-close is not there: review and re-review not tested"
fi

# Usage errors: status 2 and the usage line.
t_fail 2 "no action" xf-assign in.csv
t_grep "says so" "^xf-assign: no action: --accept, " "$ERR"
t_grep "usage line" "^usage: xf-assign " "$ERR"
t_fail 2 "two actions" xf-assign --accept --unit 县人社局 in.csv
t_grep "says so" "^xf-assign: --accept and --unit exclude each other$" "$ERR"
t_fail 2 "--extend without --reason" xf-assign --extend 10 in.csv
t_grep "says so" "^xf-assign: --extend needs --reason$" "$ERR"
t_fail 2 "--reason without --extend" xf-assign --accept --reason x in.csv
t_grep "says so" "^xf-assign: --reason goes with --extend$" "$ERR"
t_fail 2 "--extend not a number" xf-assign --extend ten --reason x in.csv
t_grep "says so" "^xf-assign: --extend 'ten': not a number of days$" "$ERR"
t_fail 2 "--hearing 0" xf-assign --hearing 0 in.csv
t_fail 2 "--rung not a rung" xf-assign --escalate --rung moon in.csv
t_grep "says so" "^xf-assign: --rung 'moon': not village, village-again, township, county or court$" "$ERR"
t_fail 2 "--rung without --escalate" xf-assign --accept --rung court in.csv
t_grep "says so" "^xf-assign: --rung goes with --escalate$" "$ERR"
t_fail 2 "bad --date" xf-assign --accept --date 2017-13-45 in.csv
t_grep "says so" "^xf-assign: --date '2017-13-45': " "$ERR"
t_fail 2 "--handler without --unit" xf-assign --accept --handler 李明 in.csv
t_grep "says so" "^xf-assign: --handler, --lead and --roster go with --unit or --routes$" "$ERR"
t_fail 2 "an empty --unit" xf-assign --unit '' in.csv
t_grep "says so" "^xf-assign: --unit: empty$" "$ERR"
t_fail 2 "an unknown option" xf-assign --accept --bogus in.csv
t_ok "--help" xf-assign --help
t_grep "usage" "^usage: xf-assign " "$OUT"

# Simplified handling (简易办理): 10 working days on the holiday calendar.
# Accepted Fri 2017-09-29: Sat 09-30 is a make-up working day (1), 10-01
# to 10-08 are the National Day holidays, then 10-09 .. 10-13 (2-6) and
# 10-16 .. 10-19 (7-10): due Thu 2017-10-19, 20 calendar days.
t_fresh
printf 'ref,received_at,name\nS1,2017-09-28,甲\nS2,2017-09-28,乙\n' > simple.csv
t_ok "register two" xf-intake simple.csv
t_ok "accept, simplified" sh -c "echo 20170928-0001 | xf-assign --accept --simplified --date 2017-09-29"
t_eq "due in working days" "$(t_sql "SELECT due || ' ' || due_days FROM items WHERE ref = 'S1'")" "2017-10-19 20"
t_ok "assign, simplified" sh -c "echo 20170928-0002 | xf-assign --unit 县人社局 --simplified --date 2017-09-29"
t_eq "the implied acceptance too" "$(t_sql "SELECT due FROM items WHERE ref = 'S2'")" 2017-10-19
t_eq "recorded in the events" "$(t_sql "SELECT count(*) FROM events WHERE action = 'accept' AND details LIKE '%\"simplified\":true%'")" 2
printf 'simplified_days = 3\n' > three.conf
t_fresh
t_ok "register again" xf-intake simple.csv
t_ok "3 working days" sh -c "echo 20170928-0001 | xf-assign --config three.conf --accept --simplified --date 2017-09-29"
t_eq "over the holidays" "$(t_sql "SELECT due FROM items WHERE ref = 'S1'")" 2017-10-10
t_fail 2 "--simplified with another action" sh -c "echo 20170928-0001 | xf-assign --extend 3 --reason x --simplified"
# A year the holiday calendar lacks: a configuration error.
t_fresh
printf 'received_at\n2026-12-28\n' > late.csv
t_ok "register at the calendar's end" env XF_NOW=2027-01-15 xf-intake late.csv
t_fail 3 "working days into 2027" sh -c "echo 20261228-0001 | XF_NOW=2027-01-15 xf-assign --accept --simplified --date 2026-12-30"
t_grep "the year named" "the holiday calendar has no year 2027" "$ERR"

# A pipeline of two writers on a fresh ledger: xf-intake holds the lock
# until it has printed everything; xf-assign reads its input to the end
# before it opens the ledger, so neither waits for the other.  Far more
# than a pipe's buffer, and a short busy timeout to fail fast if not.
t_fresh
sh "$TOP/scripts/gen-items" -n 3000 -s 11 --from 2017-01-01 --to 2017-12-31 > many.csv
printf 'busy_timeout = 2000\n' > short.conf
t_ok "xf-intake | xf-assign" sh -c "xf-intake --config short.conf many.csv | xf-assign --config short.conf --unit 县人社局 --date 2018-01-10 > piped.ndjson"
t_eq "all registered and assigned" "$(t_sql "SELECT count(*) FROM items WHERE status = 'assigned'")" 3000
t_eq "all printed" "$(wc -l < piped.ndjson)" 3000

t_done
