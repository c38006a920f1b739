# stores: sqlite pg
# Handlings (办理轮次): a reopening keeps the handling it ends, as it
# ended; the times of the acceptance decision, the assignment and the
# unit's acceptance (xf-assign --unit-accept); a ledger made before
# handlings gets its earlier ones from its events
. "$TOP/tests/cli/lib.sh"

A=20170721-0001
B=20170802-0001
C=20170901-0001
E=20171111-0001
col() {
	t_sql "SELECT $2 FROM items WHERE id = '$1'"
}
hcol() {
	t_sql "SELECT $3 FROM handlings WHERE item = '$1' AND n = $2"
}
step() {
	id=$1
	shift
	echo "$id" | "$@" > /dev/null 2> step.err || { echo "step failed: $*"; cat step.err; }
}

t_ok "register" xf-intake "$DATA/items.csv"
t_eq "no handling number on a first handling" "$(col $A "IFNULL(CAST(handling AS TEXT), 'none')")" none

# The acceptance decision, whichever it is, keeps its time.
t_eq "steps" "$(
	step $A xf-assign --unit 县人社局 --handler 王科员 --date 2017-07-25
	step $B xf-assign --transfer 市国土局 --date 2017-08-10
	step $C xf-assign --refuse 向人民法院提起诉讼 --date 2017-09-20)" ""
t_eq "accepted" "$(col $A "decided_at || '|' || accepted_at || '|' || assigned_at || '|' || reply_due")" \
    "2017-07-25T00:00:00+08:00|2017-07-25T00:00:00+08:00|2017-07-25T00:00:00+08:00|2017-09-23"
t_eq "transferred" "$(col $B "decided_at || '|' || IFNULL(accepted_at, 'none')")" "2017-08-10T00:00:00+08:00|none"
t_eq "refused" "$(col $C decided_at)" 2017-09-20T00:00:00+08:00

# The unit's acceptance: once, not before the assignment, only while a
# unit handles the case.
t_fail 1 "before the assignment" sh -c "echo $A | xf-assign --unit-accept --date 2017-07-24"
t_grep "refusal named" "^xf-assign: -:1: $A: cannot record the unit's acceptance: 2017-07-24T00:00:00\+08:00 is before the unit was assigned it$" "$ERR"
t_fail 1 "no unit" sh -c "echo $B | xf-assign --unit-accept"
t_grep "no unit named" "cannot record the unit's acceptance: no unit is handling the case \(it is transferred\)$" "$ERR"
t_ok "the unit accepts" sh -c "echo $A | xf-assign --unit-accept --date 2017-07-27"
t_eq "its time" "$(col $A unit_accepted_at)" 2017-07-27T00:00:00+08:00
t_ok "again" sh -c "echo $A | xf-assign --unit-accept --date 2017-07-28"
t_eq "once" "$(t_sql "SELECT count(*) FROM events WHERE action = 'unit-accept'")" 1
t_eq "the first time kept" "$(col $A unit_accepted_at)" 2017-07-27T00:00:00+08:00
t_ok "another unit" sh -c "echo $A | xf-assign --unit 县住建局 --date 2017-07-29"
t_eq "assigned anew, not accepted yet" "$(col $A "assigned_at || '|' || IFNULL(unit_accepted_at, 'none')")" \
    "2017-07-29T00:00:00+08:00|none"

# Or the unit declines the case, with notice (不予受理告知): once; then
# it cannot accept it; another unit decides anew.
E=20171111-0001
t_ok "E assigned" sh -c "echo $E | xf-assign --unit 县住建局 --date 2017-11-12"
t_fail 2 "a refusal without a reason" xf-assign --unit-decline ''
t_grep "reason asked for" "^xf-assign: --unit-decline: empty$" "$ERR"
t_ok "the unit declines" sh -c "echo $E | xf-assign --unit-decline 不属本单位职责 --date 2017-11-14"
t_eq "its time" "$(col $E "IFNULL(unit_accepted_at, '-') || '|' || unit_declined_at")" "-|2017-11-14T00:00:00+08:00"
t_eq "the reason in the event" "$(t_sql "SELECT json_extract(details, '$.reason') FROM events WHERE item = '$E' AND action = 'unit-decline'")" 不属本单位职责
t_ok "declined again" sh -c "echo $E | xf-assign --unit-decline 不属本单位职责"
t_eq "once" "$(t_sql "SELECT count(*) FROM events WHERE action = 'unit-decline'")" 1
t_fail 1 "then accepted" sh -c "echo $E | xf-assign --unit-accept"
t_grep "refused" "^xf-assign: -:1: $E: cannot record the unit's acceptance: the unit declined it already$" "$ERR"
t_ok "another unit" sh -c "echo $E | xf-assign --unit 县人社局 --date 2017-11-20"
t_eq "decides anew" "$(col $E "IFNULL(unit_declined_at, 'none') || '|' || assigned_at")" "none|2017-11-20T00:00:00+08:00"
t_ok "which accepts" sh -c "echo $E | xf-assign --unit-accept --date 2017-11-21"
t_fail 1 "accepted, then declined" sh -c "echo $E | xf-assign --unit-decline 不属本单位职责"
t_grep "accepted named" "cannot record the unit's refusal: the unit accepted it already$" "$ERR"

# A handling ended by a reopening is kept as it ended; the case is
# handled anew, from the reopening.
t_eq "handled and closed" "$(
	step $A xf-assign --unit-accept --date 2017-07-30
	step $A xf-close --reply supported --date 2017-08-20
	step $A xf-visit --outcome satisfied --date 2017-08-25
	step $A xf-close --close agreement --date 2017-08-30)" ""
t_eq "nothing kept before a reopening" "$(t_sql 'SELECT count(*) FROM handlings')" 0
t_ok "reopen" sh -c "echo $A | xf-close --reopen 补偿未落实 --date 2017-10-10"
t_eq "the handling kept" "$(hcol $A 1 "IFNULL(opened_at, 'none') || '|' || status || '|' || unit || '|' || decided_at || '|' || assigned_at || '|' || unit_accepted_at || '|' || reply_due || '|' || replied_at || '|' || reply || '|' || reply_on_time || '|' || closed_at || '|' || close_basis || '|' || satisfaction")" \
    "none|closed|县住建局|2017-07-25T00:00:00+08:00|2017-07-29T00:00:00+08:00|2017-07-30T00:00:00+08:00|2017-09-23|2017-08-20T00:00:00+08:00|supported|1|2017-08-30T00:00:00+08:00|agreement|satisfied"
t_eq "the case handled anew" "$(col $A "status || '|' || handling || '|' || reopened_at || '|' || IFNULL(decided_at, '-') || IFNULL(assigned_at, '-') || IFNULL(unit_accepted_at, '-') || IFNULL(replied_at, '-') || IFNULL(satisfaction, '-') || IFNULL(reply_due, '-')")" \
    "reopened|2|2017-10-10T00:00:00+08:00|------"
t_eq "printed with its number" "$(xf-query --id $A | grep -c '"handling":2,"reopened_at":"2017-10-10T00:00:00+08:00"')" 1
t_fail 1 "a step before the reopening" sh -c "echo $A | xf-assign --unit 县住建局 --date 2017-10-09"
t_grep "refusal named" "^xf-assign: -:1: $A: cannot assign: 2017-10-09T00:00:00\+08:00 is before the reopening \(2017-10-10T00:00:00\+08:00\)$" "$ERR"
t_ok "assigned anew, the same unit" sh -c "echo $A | xf-assign --unit 县住建局 --date 2017-10-11"
t_eq "a new deadline and assignment" "$(col $A "assigned_at || '|' || reply_due || '|' || due")" \
    "2017-10-11T00:00:00+08:00|2017-12-10|2017-12-10"
t_eq "the second handling" "$(
	step $A xf-close --reply explained --date 2017-11-01
	step $A xf-close --close litigation --date 2017-11-06
	step $A xf-close --reopen 再次来访 --date 2017-12-01)" ""
t_eq "two kept" "$(t_sql "SELECT group_concat(n || ':' || IFNULL(opened_at, '') || ':' || reply, ' ') FROM handlings WHERE item = '$A'")" \
    "1::supported 2:2017-10-10T00:00:00+08:00:explained"
t_eq "the third in force" "$(col $A "handling || '|' || reopened_at")" "3|2017-12-01T00:00:00+08:00"
# refused: SQLite's sqlite3 says it by status 19 (a constraint), psql by 1
st=19
[ -z "$t_pgdb" ] || st=1
t_fail $st "handlings are never changed" t_sql "UPDATE handlings SET reply = 'supported'"
t_grep "said" "handlings are never changed" "$ERR"
t_fail $st "nor deleted" t_sql "DELETE FROM handlings"
t_grep "said" "handlings are never deleted" "$ERR"

# A ledger of schema 4: its earlier handlings from its events, the
# times the steps did not keep from when their events were written.
sqlite3 old.db < "$DATA/ledger-v4.sql"
t_ok "a ledger of schema 4" xf-query --db old.db --count
t_eq "brought up to date" "$(sqlite3 old.db 'PRAGMA user_version')" 18
o() {
	sqlite3 old.db "$1"
}
t_eq "handling 1 from the events" "$(o "SELECT IFNULL(opened_at, 'none') || '|' || status || '|' || unit || '|' || decided_at || '|' || assigned_at || '|' || handler || '|' || reply_due || '|' || replied_at || '|' || reply || '|' || closed_at || '|' || close_basis || '|' || satisfaction || '|' || IFNULL(due, 'none') FROM handlings WHERE item = '$A' AND n = 1")" \
    "none|closed|县人社局|2017-07-25T00:00:00+08:00|2017-07-25T10:00:00+08:00|王科员|2017-09-23|2017-08-20T00:00:00+08:00|supported|2017-08-30T00:00:00+08:00|agreement|satisfied|none"
t_eq "handling 2 from the events" "$(o "SELECT opened_at || '|' || unit || '|' || IFNULL(decided_at, 'none') || '|' || assigned_at || '|' || IFNULL(handler, 'none') || '|' || extended_days || '|' || reply_due || '|' || reply || '|' || close_basis || '|' || satisfaction FROM handlings WHERE item = '$A' AND n = 2")" \
    "2017-10-10T10:00:00+08:00|县住建局|none|2017-10-11T10:00:00+08:00|none|20|2017-12-30|explained|litigation|unsatisfied"
t_eq "the third in force" "$(o "SELECT handling || '|' || reopened_at || '|' || status FROM items WHERE id = '$A'")" \
    "3|2017-12-01T10:00:00+08:00|reopened"
t_eq "decisions' times" "$(o "SELECT group_concat(id || '=' || IFNULL(decided_at, '-') || '/' || IFNULL(reply_due, '-'), ' ') FROM (SELECT * FROM items ORDER BY id) AS s")" \
    "$A=-/- $B=2017-08-10T10:00:00+08:00/- $C=2017-09-20T10:00:00+08:00/- 20171008-0001=-/- $E=2017-11-12T00:00:00+08:00/2018-01-11"
t_eq "only reopened items numbered" "$(o "SELECT count(*) FROM items WHERE handling IS NOT NULL")" 1

t_done
