# stores: sqlite pg
# xf-visit: returning visits after the reply, the lead official's visits,
# the evaluation (pending, evaluated, expired), the visits owed, the
# visits of a case; all or nothing, --keep-going, --dry-run, re-running
. "$TOP/tests/cli/lib.sh"

printf '%s\n' ref,received_at,channel,name \
    V1,2017-11-01,visit,甲 V2,2017-11-02,visit,乙 V3,2017-11-03,visit,丙 \
    V4,2017-11-04,visit,丁 V5,2017-11-05,visit,戊 > cases.csv
t_ok "register" xf-intake cases.csv
V1=20171101-0001	# a lead official, replied 2017-12-01
V2=20171102-0001	# replied 2017-12-20
V3=20171103-0001	# a lead official, being handled
V4=20171104-0001	# registered only
V5=20171105-0001	# transferred
t_ok "assign V1" sh -c "echo $V1 | xf-assign --unit 县人社局 --handler 李科员 --lead 刘副县长 --date '2017-11-02 10:00'"
t_ok "assign V2" sh -c "echo $V2 | xf-assign --unit 县人社局 --handler 张科员 --date '2017-11-03 10:00'"
t_ok "assign V3" sh -c "echo $V3 | xf-assign --unit 县住建局 --lead 王副县长 --date '2017-12-20 10:00'"
t_ok "transfer V5" sh -c "echo $V5 | xf-assign --transfer 市住建局 --date 2017-11-06"
t_ok "reply to V1" sh -c "echo $V1 | xf-close --reply supported --date '2017-12-01 10:00'"
t_ok "reply to V2" sh -c "echo $V2 | xf-close --reply explained --date '2017-12-20 10:00'"
visits() {
	t_sql "SELECT count(*) FROM visits"
}
events() {
	t_sql "SELECT count(*) FROM events WHERE action = 'visit'"
}
field() {
	sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" "$OUT"
}

# Usage errors: status 2, nothing written.
t_fail 2 "unknown kind" xf-visit --kind letter
t_grep "the kinds" "^xf-visit: --kind 'letter': not phone, in-person, three-party or lead$" "$ERR"
t_grep "usage line" "^usage: xf-visit " "$ERR"
t_fail 2 "unknown outcome" xf-visit --outcome happy
t_grep "the outcomes" "^xf-visit: --outcome 'happy': not satisfied, basic, unsatisfied or unreachable$" "$ERR"
t_fail 2 "an empty visitor" xf-visit --visitor ''
t_grep "empty named" "^xf-visit: --visitor: empty$" "$ERR"
t_fail 2 "empty notes" xf-visit --notes=
t_grep "empty notes named" "^xf-visit: --notes: empty$" "$ERR"
t_fail 2 "bad date" xf-visit --date 2017-12-32
t_grep "bad date named" "^xf-visit: --date '2017-12-32': " "$ERR"
t_fail 2 "--due and --list" xf-visit --due --list $V1
t_grep "exclude each other" "^xf-visit: --due and --list exclude each other$" "$ERR"
t_fail 2 "--due with a visit's option" xf-visit --due --kind lead
t_grep "--due records nothing" "^xf-visit: --due records no visit$" "$ERR"
t_fail 2 "--list with a visit's option" xf-visit --list $V1 --outcome basic
t_fail 2 "--list reads no input" xf-visit --list $V1 ids.txt
t_grep "operand named" "^xf-visit: 'ids.txt': --list reads no input$" "$ERR"
t_fail 2 "--reject needs --keep-going" sh -c "echo $V1 | xf-visit --reject r.csv"
t_ok "--help" xf-visit --help
t_grep "help shows usage" "^usage: xf-visit \[-hkn\] " "$OUT"
t_ok "--version" xf-visit --version
t_grep "version" "^xf-visit \(xf\) [0-9]+\.[0-9]+\.[0-9]+$" "$OUT"
t_eq "nothing written" "$(visits)" 0

# What a case allows.
t_fail 1 "no reply yet" sh -c "echo $V4 | xf-visit"
t_grep "no reply named" "^xf-visit: -:1: $V4: cannot visit: no reply yet$" "$ERR"
t_grep "rolled back" "^xf-visit: nothing recorded: the batch was rolled back$" "$ERR"
t_fail 1 "a lead's visit to a case not accepted" sh -c "echo $V4 | xf-visit --kind lead"
t_grep "not handled" "^xf-visit: -:1: $V4: cannot visit: the case is not being handled$" "$ERR"
t_fail 1 "a lead's visit to a transferred case" sh -c "echo $V5 | xf-visit --kind lead"
t_grep "transferred: not handled" "cannot visit: the case is not being handled$" "$ERR"
t_fail 1 "before the reply" sh -c "echo $V1 | xf-visit --date 2017-11-30"
t_grep "before the reply named" "^xf-visit: -:1: $V1: cannot visit: 2017-11-30T00:00:00\+08:00 is before the reply$" "$ERR"
t_fail 1 "in the future" sh -c "echo $V1 | xf-visit --date 2018-01-16"
t_grep "future named" "cannot visit: 2018-01-16T00:00:00\+08:00 is in the future$" "$ERR"
t_fail 1 "no such case" sh -c "echo 20990101-0001 | xf-visit"
t_grep "no such case named" "no item '20990101-0001' in the ledger$" "$ERR"
t_eq "still nothing written" "$(visits)" 0

# The visits owed: a returning visit 7 days after the reply, a lead
# official's visit every 15 days, from the acceptance.
t_ok "--due" xf-visit --due -f csv
t_eq "three owed" "$(tr -d '\r' < "$OUT")" "id,owed,since,unit,handler,lead
$V1,visit,2017-12-08,县人社局,李科员,刘副县长
$V2,visit,2017-12-27,县人社局,张科员,
$V3,lead-visit,2018-01-04,县住建局,,王副县长"
t_ok "the day before V2's is owed" env XF_NOW=2017-12-26T12:00:00+08:00 xf-visit --due -f csv
t_eq "V1 only" "$(tr -d '\r' < "$OUT" | cut -d, -f1,2 | tr '\n' ' ')" "id,owed $V1,visit "
t_ok "the day it is" env XF_NOW=2017-12-27T12:00:00+08:00 xf-visit --due -f csv
t_eq "V1 and V2" "$(tr -d '\r' < "$OUT" | cut -d, -f1 | tr '\n' ' ')" "id $V1 $V2 "

# A lead official's visit, before the reply: no evaluation.
t_ok "a lead's visit" sh -c "echo $V3 | xf-visit --kind lead --visitor 王副县长 --notes 访情日记 --date '2018-01-10 10:00'"
t_eq "printed, not evaluated" "$(field status)|$(field satisfaction)|$(field evaluation)" "assigned||"
t_eq "stored" "$(t_sql "SELECT item, at, visitor, kind, notes, threat FROM visits")" \
	"$V3|2018-01-10T10:00:00+08:00|王副县长|lead|访情日记|0"
t_ok "--due" xf-visit --due -f csv
t_nogrep "no lead's visit owed for 15 days" "^$V3," "$OUT"

# A returning visit with an evaluation.
t_ok "a phone call, satisfied" sh -c "echo $V1 | xf-visit --visitor 张科员 --outcome 满意 --date '2018-01-05 10:00'"
t_eq "printed evaluated" "$(field satisfaction)|$(field evaluation)" "satisfied|evaluated"
t_eq "the case's satisfaction" "$(t_sql "SELECT satisfaction FROM items WHERE id = '$V1'")" satisfied
t_eq "the visit" "$(t_sql "SELECT at, visitor, kind, outcome FROM visits WHERE item = '$V1'")" \
	"2018-01-05T10:00:00+08:00|张科员|phone|satisfied"
t_eq "its event" "$(t_sql "SELECT program || ' ' || details FROM events WHERE item = '$V1' AND action = 'visit'")" \
	'xf-visit {"at":"2018-01-05T10:00:00+08:00","visitor":"张科员","kind":"phone","outcome":"satisfied","threat":false}'
t_ok "the same visit again" sh -c "echo $V1 | xf-visit --visitor 张科员 --outcome satisfied --date '2018-01-05 10:00'"
t_grep "printed again" "\"id\":\"$V1\"" "$OUT"
t_eq "not recorded twice" "$(visits)|$(events)" "2|2"
t_ok "--lang zh" xf-query --id $V1 --lang zh
t_grep "Chinese words" '"satisfaction":"满意",.*"evaluation":"已评价"' "$OUT"

# The evaluation window: 30 days from the day of the reply (V2: 12-20).
t_ok "read V2" xf-query --id $V2
t_eq "pending" "$(field evaluation)" pending
t_ok "read V2 on the window's last day" env XF_NOW=2018-01-19T23:00:00+08:00 xf-query --id $V2
t_eq "still pending" "$(field evaluation)" pending
t_ok "read V2 the day after" env XF_NOW=2018-01-20T08:00:00+08:00 xf-query --id $V2
t_eq "expired" "$(field evaluation)" expired
t_ok "read V4" xf-query --id $V4
t_nogrep "no evaluation without a reply" '"evaluation"' "$OUT"

# Unreachable is no evaluation; unsatisfied asks for a three-party visit.
t_ok "unreachable" sh -c "echo $V2 | xf-visit --outcome 联系不上 --visitor 张科员 --participants 村委会 --notes 电话无人接听 --date '2018-01-08 10:00'"
t_eq "still pending" "$(field satisfaction)|$(field evaluation)" "|pending"
t_eq "stored unreachable" "$(t_sql "SELECT outcome FROM visits WHERE item = '$V2'")" unreachable
t_ok "--due" xf-visit --due -f csv
t_nogrep "no returning visit owed after one" "^$V2," "$OUT"
t_ok "unsatisfied, with a threat" sh -c "echo $V2 | xf-visit --kind in-person --outcome unsatisfied --threat --notes 扬言进京 --date '2018-01-10 10:00'"
t_eq "evaluated unsatisfied" "$(field satisfaction)|$(field evaluation)" "unsatisfied|evaluated"
t_eq "the threat stored" "$(t_sql "SELECT threat FROM visits WHERE item = '$V2' AND kind = 'in-person'")" 1
t_ok "--due" xf-visit --due -f csv
t_grep "a three-party visit owed" "^$V2,three-party,2018-01-10,县人社局,张科员" "$OUT"
t_ok "the three-party visit" sh -c "echo $V2 | xf-visit --kind three-party --participants 县人社局、镇政府、村委会 --outcome basic --date '2018-01-12 10:00'"
t_eq "basically satisfied" "$(field satisfaction)" basic
t_ok "--due" xf-visit --due -f csv
t_nogrep "no three-party visit owed after it" "^$V2," "$OUT"

# The visits of a case, oldest first.
t_ok "--list" xf-visit --list $V2 -f csv
t_eq "three visits" "$(tr -d '\r' < "$OUT")" "id,at,visitor,kind,participants,outcome,notes,threat
$V2,2018-01-08T10:00:00+08:00,张科员,phone,村委会,unreachable,电话无人接听,false
$V2,2018-01-10T10:00:00+08:00,,in-person,,unsatisfied,扬言进京,true
$V2,2018-01-12T10:00:00+08:00,,three-party,县人社局、镇政府、村委会,basic,,false"
t_ok "--list of a case without visits" xf-visit --list $V4
t_eq "empty" "$(wc -c < "$OUT")" 0
t_fail 1 "--list of no case" xf-visit --list 20990101-0001
t_grep "no case named" "^xf-visit: no item '20990101-0001' in the ledger$" "$ERR"
t_fail 1 "--due without a ledger" xf-visit --due --db "$TMP/none.db"
t_eq "which it does not create" "$(ls "$TMP/none.db" 2>/dev/null)" ""

# All or nothing; --keep-going and --reject; --dry-run.
before=$(visits)
printf 'id,note\n%s,x\n%s,y\n' $V4 $V1 > two.csv
t_fail 1 "one refused, nothing recorded" xf-visit --kind in-person --date '2018-01-13 10:00' two.csv
t_grep "the refused one named" "^xf-visit: two.csv:2: $V4: cannot visit: no reply yet$" "$ERR"
t_eq "nothing recorded" "$(visits)" "$before"
t_fail 1 "--keep-going" xf-visit -k --reject rej.csv --kind in-person --date '2018-01-13 10:00' two.csv
t_eq "the good one printed" "$(grep -c "\"id\":\"$V1\"" "$OUT")" 1
t_eq "the good one recorded" "$(visits)" $((before + 1))
t_eq "the refused one kept" "$(tr -d '\r' < rej.csv)" "id,note,error
$V4,x,$V4: cannot visit: no reply yet"
t_ok "--dry-run" sh -c "echo $V1 | xf-visit -n --kind in-person --date '2018-01-14 10:00'"
t_grep "dry run prints the case" "\"id\":\"$V1\"" "$OUT"
t_eq "dry run records nothing" "$(visits)" $((before + 1))
t_eq "one event per visit" "$(events)" "$(visits)"

t_done
