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
t_grep "CSV header" '^id,ref,received_at,channel,source,lodged_level,irregular,name,id_number,phone,' "$OUT"
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

# The ledger is opened, not changed.
before=$(t_sql 'SELECT count(*) FROM events')
t_ok "query again" xf-query --count
t_eq "no events from reading" "$(t_sql 'SELECT count(*) FROM events')" "$before"

t_done
