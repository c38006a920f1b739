# stores: sqlite pg
# xf-query: every filter, the output formats, --count, --ids, --history
. "$TOP/tests/cli/lib.sh"

t_fail 1 "no ledger yet" xf-query
t_grep "says there is none" "no ledger there" "$ERR"
t_eq "and does not create one" "$(ls "$XF_DB" 2>/dev/null)" ""

t_ok "register" xf-intake "$DATA/items.csv"
refs() {
	sed -n 's/.*"ref":"\([^"]*\)".*/\1/p' "$OUT" | tr '\n' ' '
}
q() {
	t_ok "$1" xf-query $2
	t_eq "$1: selects" "$(refs)" "$3"
}
q "everything" "" "A001 A002 A003 A004 A005 "
q "--id" "--id 20170901-0001" "A003 "
q "--ref" "--ref A002" "A002 "
q "--channel token" "--channel visit" "A001 A003 A004 "
q "--channel Chinese" "--channel 来信" "A002 "
q "--source" "--source assigned" "A005 "
q "--level" "--level national" "A004 "
q "--level Chinese" "--level 市" "A003 "
q "--status" "--status registered" "A001 A002 A003 A004 A005 "
q "--category level 1" "--category 城乡建设" "A002 A003 "
q "--category level 2" "--category 劳动和社会保障/劳动关系" "A004 "
q "--category whole levels only" "--category 城乡" ""
q "--region prefix" "--region 131028001" "A002 "
q "--region the county and what is under it" "--region 131028" "A001 A002 A003 A004 A005 "
q "--region a shorter prefix" "--region 1310" "A001 A002 A003 A004 A005 "
q "--region a township not there" "--region 131028002" ""
q "--region another county" "--region 131029" ""
q "--from" "--from 2017-10-01" "A004 A005 "
q "--to inclusive" "--to 2017-09-01" "A001 A002 A003 "
q "--from/--to other forms" "--from 2017/8/1 --to 2017年10月8日" "A002 A003 A004 "
q "--text" "--text 工资" "A001 A004 "
q "--first" "--first" "A001 A002 A003 A005 "
q "--repeat" "--repeat" "A004 "
q "--collective" "--collective" "A003 "
q "--skip-level" "--skip-level" "A003 A004 "
q "--limit" "--limit 2" "A001 A002 "
q "filters combine" "--channel visit --first --skip-level" "A003 "
q "--unit (none assigned yet)" "--unit 县人社局" ""

# Deadlines, worked out against today.
q "--overdue" "--overdue" "A001 A002 A003 A004 A005 "
q "--state very_overdue" "--state very_overdue" "A001 A002 A003 A004 A005 "
q "--state in Chinese" "--state 已超期" "A001 A002 A003 A004 A005 "
q "--state due_soon" "--state due_soon" ""
t_ok "deadline state when read" env XF_NOW=2017-11-20 xf-query --id 20171111-0001
t_grep "due soon" '"due":"2017-11-26","due_days":15,"due_state":"due_soon"' "$OUT"
t_ok "on time" env XF_NOW=2017-11-12 xf-query --state on_time --ids
t_eq "one on time" "$(cat "$OUT")" 20171111-0001
t_ok "--due-within" env XF_NOW=2017-11-20 xf-query --due-within 7 --ids
t_eq "due within a week" "$(cat "$OUT")" 20171111-0001
t_ok "very overdue past twice the limit" env XF_NOW=2017-12-11 xf-query --state very_overdue --ids --id 20171111-0001
t_eq "not yet very overdue" "$(cat "$OUT")" ""
t_ok "very overdue the day after" env XF_NOW=2017-12-12 xf-query --state very_overdue --ids --id 20171111-0001
t_eq "very overdue" "$(cat "$OUT")" 20171111-0001
t_fail 2 "bad --state" xf-query --state late
t_fail 2 "bad --due-within" xf-query --due-within soon

t_ok "--count" xf-query --count --channel visit
t_eq "count" "$(cat "$OUT")" 3
t_ok "--ids" xf-query --ids --repeat
t_eq "bare id" "$(cat "$OUT")" 20171008-0001

t_ok "--history" xf-query --history 20170721-0001
t_grep "register event" '^\{"seq":1,"item":"20170721-0001","at":"2018-01-15T09:00:00\+08:00","actor":"tester","program":"xf-intake","action":"register","details":\{"file":".*items.csv","line":2\}\}$' "$OUT"
t_ok "--history as CSV" xf-query --history 20170721-0001 -f csv
t_grep "CSV history header" '^seq,item,at,actor,program,action,details' "$OUT"
t_fail 1 "--history of no such case" xf-query --history 20990101-0001
t_grep "no such item" "no item '20990101-0001'" "$ERR"

# Output formats and masking.
t_ok "CSV" xf-query -f csv
t_grep "CSV header" '^id,ref,received_at,channel,source,lodged_level,irregular,received_by,received_level,name,id_number,phone,' "$OUT"
t_grep "CSV masked" ',131028\*\*\*\*\*\*\*\*001X,138\*\*\*\*5678,' "$OUT"
t_ok "CSV --reveal" xf-query -f csv --reveal
t_grep "CSV revealed" ',13102819800101001X,13812345678,' "$OUT"
t_ok "table" xf-query -f table --header zh
t_grep "table in Chinese" '^信访件编号 +信访日期' "$OUT"

# Usage errors.
t_fail 2 "bad channel" xf-query --channel bicycle
t_fail 2 "bad date" xf-query --from 2017-13-01
t_fail 2 "bad limit" xf-query --limit x
t_fail 2 "two modes" xf-query --count --ids
t_fail 2 "operands" xf-query foo

# The handler, the lead official and the threat to escalate:
#   A001  县人社局  李科员  刘副县长  two visits, both threatening
#   A002  县住建局  张科员  刘副县长  a visit, no threat
#   A003  县住建局  张科员  -         no visit
#   A004  县人社局  李科员  王副县长  the lead official's visit, threatening
#   A005  registered only
t_ok "assign A001" sh -c "echo 20170721-0001 | xf-assign --unit 县人社局 --handler 李科员 --lead 刘副县长 --date 2017-07-22"
t_ok "assign A002" sh -c "echo 20170802-0001 | xf-assign --unit 县住建局 --handler 张科员 --lead 刘副县长 --date 2017-08-03"
t_ok "assign A003" sh -c "echo 20170901-0001 | xf-assign --unit 县住建局 --handler 张科员 --date 2017-09-02"
t_ok "assign A004" sh -c "echo 20171008-0001 | xf-assign --unit 县人社局 --handler 李科员 --lead 王副县长 --date 2017-10-09"
t_ok "reply to A001 and A002" sh -c "printf '%s\n' 20170721-0001 20170802-0001 | xf-close --reply explained --date 2017-09-01"
t_ok "A001 threatens" sh -c "echo 20170721-0001 | xf-visit --threat --date 2017-09-05"
t_ok "A001 threatens again" sh -c "echo 20170721-0001 | xf-visit --kind in-person --threat --outcome unsatisfied --date 2017-09-08"
t_ok "A002 does not" sh -c "echo 20170802-0001 | xf-visit --outcome satisfied --date 2017-09-05"
t_ok "A004 threatens the lead official" sh -c "echo 20171008-0001 | xf-visit --kind lead --threat --date 2017-10-20"
t_eq "three threatening visits" "$(t_sql 'SELECT count(*) FROM visits WHERE threat = 1')" 3

q "--handler" "--handler 张科员" "A002 A003 "
q "--handler, another" "--handler 李科员" "A001 A004 "
q "--lead" "--lead 刘副县长" "A001 A002 "
q "--lead, another" "--lead 王副县长" "A004 "
q "--threat, a case once, any kind of visit" "--threat" "A001 A004 "
q "--handler and another filter" "--handler 张科员 --channel visit" "A003 "
q "--lead and another filter" "--lead 刘副县长 --status replied --from 2017-08-01" "A002 "
q "--threat and another filter" "--threat --to 2017-09-30" "A001 "
q "--handler, --lead and --threat" "--handler 李科员 --lead 刘副县长 --threat" "A001 "
q "--unit now assigned" "--unit 县住建局" "A002 A003 "
q "--handler matches whole names" "--handler 李" ""
q "--handler no such person" "--handler 王五" ""
q "--lead not a handler" "--lead 张科员" ""
q "--threat without a match" "--threat --handler 张科员" ""
t_eq "no match prints nothing" "$(cat "$OUT")" ""
t_ok "--threat --count" xf-query --threat --count
t_eq "two cases, three visits" "$(cat "$OUT")" 2
t_ok "--lead --count" xf-query --lead 刘副县长 --count
t_eq "the lead official's two" "$(cat "$OUT")" 2
t_ok "--count without a match" xf-query --lead 王副县长 --handler 张科员 --count
t_eq "zero" "$(cat "$OUT")" 0
t_ok "--handler --ids" xf-query --handler 李科员 --threat --ids
t_eq "bare ids" "$(cat "$OUT")" "20170721-0001
20171008-0001"
t_ok "--threat as CSV" xf-query --threat -f csv --header zh --lang zh
t_eq "a header and two rows" "$(wc -l < "$OUT" | tr -d ' ')" 3
t_grep "CSV in Chinese" '^信访件编号,' "$OUT"
t_ok "--lead as a table" xf-query --lead 王副县长 -f table
t_grep "table row" '^20171008-0001 ' "$OUT"
t_ok "--handler as a workbook" xf-query --handler 张科员 -f xlsx -o cases.xlsx
t_ok "a workbook written" test -s cases.xlsx
t_ok "--threat, no match, as CSV" xf-query --threat --status registered -f csv
t_eq "the header alone" "$(wc -l < "$OUT" | tr -d ' ')" 1

t_fail 2 "an empty --handler" xf-query --handler ''
t_grep "empty handler named" "^xf-query: --handler: empty$" "$ERR"
t_grep "with the usage" "^usage: xf-query " "$ERR"
t_fail 2 "an empty --lead" xf-query --lead=
t_grep "empty lead named" "^xf-query: --lead: empty$" "$ERR"
t_fail 2 "--lead without a name" xf-query --lead
t_fail 2 "--threat takes no value" xf-query --threat=yes
t_ok "--help" xf-query --help
t_grep "--handler in the usage" '\[--handler NAME\]' "$OUT"
t_grep "--lead in the usage" '\[--lead NAME\]' "$OUT"
t_grep "--threat in the usage" '\[--threat\]' "$OUT"

# The ledger is opened, not changed.
before=$(t_sql 'SELECT count(*) FROM events')
t_ok "query again" xf-query --count
t_eq "no events from reading" "$(t_sql 'SELECT count(*) FROM events')" "$before"

t_done
