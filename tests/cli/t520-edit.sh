# stores: sqlite pg
# xf-edit: a case's fields corrected, an item voided and brought back,
# a duplicate merged, a repeat linked by hand, a whole batch undone;
# every mending on the record (an event with its reason, a numbered
# batch), every figure following it, computed here by hand.
. "$TOP/tests/cli/lib.sh"

A=20170721-0001		# A001, 张三, a visit, 1 person
B=20170802-0001		# A002, 李四, a letter, 3 people
C=20170901-0001		# A003, 王五, a visit, 12 people
D=20171008-0001		# A004, 张三 again: a repeat of A
E=20171111-0001		# A005, 赵六, online
col() {
	t_sql "SELECT $2 FROM items WHERE id = '$1'"
}
last() {
	t_sql "SELECT details FROM events WHERE item = '$1' ORDER BY seq DESC LIMIT 1"
}
rate() {	# rate NAME: numerator/denominator over the second half of 2017
	xf-stats rates --from 2017-07-01 --to 2017-12-31 -f csv "$@" |
	    tr -d '\r' > rates.csv
	awk -F, -v r="$RATE" '$1 == r { print $2 "/" $3 }' rates.csv
}
items() {
	xf-query --count "$@"
}

t_ok "register five" xf-intake "$DATA/items.csv"

# Batches: every run that writes is one, numbered, on its events.
t_ok "the batches" xf-query --batches -f json
t_grep "the import is batch 1" '^\{"batch":1,"at":"2018-01-15T09:00:00\+08:00","actor":"tester","program":"xf-intake","args":"\[\\"'"$DATA"'/items.csv\\"\]","files":"\[\\"'"$DATA"'/items.csv\\"\]","items":5,"events":"\{\\"register\\":5\}","undoes":null,"undone_by":null,"undone_at":null\}$' "$OUT"
t_eq "its events name it" "$(t_sql "SELECT count(*) FROM events WHERE batch = 1")" 5
t_ok "a query writes no batch" xf-query --count
t_ok "nor does a run that changes nothing" xf-intake "$DATA/items.csv"
t_eq "still one batch" "$(t_sql "SELECT count(*) FROM batches")" 1

# Usage.
t_fail 2 "no action" xf-edit --reason x
t_grep "the actions named" "^xf-edit: no action: --set, --void, --unvoid, --merge-into, --repeat-of, --first or --undo-batch$" "$ERR"
t_fail 2 "no reason" xf-edit --void
t_grep "a reason asked for" "^xf-edit: --void needs --reason: every mending says why$" "$ERR"
t_fail 2 "an empty reason" xf-edit --void --reason ''
t_fail 2 "two actions" xf-edit --void --first --reason x
t_grep "they exclude each other" "^xf-edit: --void and --first exclude each other$" "$ERR"
t_fail 2 "--set without =" xf-edit --set name --reason x
t_grep "FIELD=VALUE asked for" "^xf-edit: --set 'name': not FIELD=VALUE$" "$ERR"
t_fail 2 "--visit without --set" xf-edit --void --visit 2017-12-01 --reason x
t_fail 2 "a bad batch number" xf-edit --undo-batch 1x --reason x
t_grep "not a number" "^xf-edit: --undo-batch '1x': not a batch number$" "$ERR"
t_fail 2 "--undo-batch reads no input" xf-edit --undo-batch 1 --reason x ids
t_fail 2 "--undo-batch and --keep-going" xf-edit --undo-batch 1 --reason x --keep-going

# A correction: one event with every old and new value and the reason;
# the flags worked out anew (a visit of 5 or more is collective); the
# fingerprint of the row as imported kept; the id unchanged.
fp=$(col $A fingerprint)
t_ok "a dry run" sh -c "echo $A | xf-edit --dry-run --set people=6 --reason 人数登记错误"
t_grep "shows the case corrected" "\"id\":\"$A\".*\"people\":6,.*\"collective\":true" "$OUT"
t_eq "changes nothing" "$(col $A "people || '' || collective")" 10
t_eq "no batch" "$(t_sql "SELECT count(*) FROM batches")" 1
t_ok "people corrected" sh -c "echo $A | xf-edit --set people=6 --reason 人数登记错误"
t_eq "collective now" "$(col $A "people || '|' || collective")" "6|1"
t_eq "one event, old and new, the reason" "$(last $A)" \
    '{"people":{"old":"1","new":"6"},"collective":{"old":"0","new":"1"},"reason":"人数登记错误"}'
t_eq "the event names batch 2, its actor and program" \
    "$(t_sql "SELECT batch || '|' || actor || '|' || program FROM events WHERE item = '$A' AND action = 'correct'")" "$(t_sql 'SELECT max(n) FROM batches')|tester|xf-edit"
t_eq "the fingerprint as imported" "$(col $A fingerprint)" "$fp"
t_ok "the same again" sh -c "echo $A | xf-edit --set people=6 --reason 人数登记错误"
t_eq "changes nothing" "$(t_sql "SELECT count(*) FROM events WHERE action = 'correct'")" 1

# The receipt: the acceptance deadline runs from it (15 days).
t_ok "received_at corrected" sh -c "echo $E | xf-edit --set 'received_at=2017-11-09 08:00' --reason 日期录错"
t_eq "the deadline anew" "$(col $E "received_at || '|' || due")" "2017-11-09T08:00:00+08:00|2017-11-24"
t_eq "named in the event" "$(last $E)" \
    '{"received_at":{"old":"2017-11-11T10:00:00+08:00","new":"2017-11-09T08:00:00+08:00"},"due":{"old":"2017-11-26","new":"2017-11-24"},"reason":"日期录错"}'

# Values are checked as intake checks them; what xf works out is refused.
t_fail 1 "a bad channel" sh -c "echo $E | xf-edit --set channel=pigeon --reason x"
t_grep "said as intake says it" "^xf-edit: -:1: $E: cannot correct: channel 'pigeon'" "$ERR"
t_fail 1 "a masked value" sh -c "echo $E | xf-edit --set 'name=赵*' --reason x"
t_grep "never taken" "^xf-edit: -:1: $E: name: a masked value \(an export made without --reveal\) is never taken$" "$ERR"
t_fail 1 "the id" sh -c "echo $E | xf-edit --set id=X --reason x"
t_grep "an id never changes" "cannot correct id: an id never changes$" "$ERR"
t_fail 1 "the status" sh -c "echo $E | xf-edit --set status=closed --reason x"
t_grep "worked out" "cannot correct status: xf works it out, or a step records it$" "$ERR"
t_fail 1 "first" sh -c "echo $E | xf-edit --set first=0 --reason x"
t_grep "linked by hand instead" "cannot set first: --first or --repeat-of links a chain$" "$ERR"
t_fail 1 "no such field" sh -c "echo $E | xf-edit --set colour=red --reason x"
t_grep "not a field" "cannot correct 'colour': not a field \(xf-record\(5\)\)$" "$ERR"
t_fail 1 "a reply not given yet" sh -c "echo $E | xf-edit --set reply=explained --reason x"
t_grep "not recorded" "cannot correct reply: not recorded in the handling in force$" "$ERR"
t_fail 1 "no such case" sh -c "echo 20170101-0009 | xf-edit --set people=2 --reason x"
t_grep "no such item" "no item '20170101-0009' in the ledger$" "$ERR"
t_eq "nothing of these kept" "$(t_sql "SELECT count(*) FROM batches")" 3

# A person's classification: theirs from now on.
t_ok "claim" sh -c "echo $E | xf-edit --set claim=reasonable --set risk=2 --reason 复核"
t_eq "set" "$(col $E "claim || risk")" reasonable2
t_eq "a person's" "$(t_sql "SELECT group_concat(field || ':' || source) FROM (SELECT * FROM classified WHERE item = '$E' ORDER BY field) AS s")" "claim:person,risk:person"

# The online share: E online, 1 of 5 (1/5); E corrected to a letter:
# 0 of 5.
RATE=online_share
t_eq "online share before" "$(rate)" 1/5
t_ok "channel corrected" sh -c "echo $E | xf-edit --set channel=letter --reason 来信误录为网上"
t_eq "online share after" "$(rate)" 0/5
t_ok "by channel" xf-stats count --by channel -f csv
t_eq "counted as a letter" "$(tr -d '\r' < "$OUT" | grep '^letter,')" "letter,2,4,0"

# The chain: D (张三 again, same ID number, same category) repeats A.
# Its ID number corrected to another's: no longer a repeat, a first
# item of its own, with a relink event; the repeat rate 1/5 -> 0/5.
RATE=repeat_rate
t_eq "repeat rate before" "$(rate)" 1/5
t_ok "another petitioner" sh -c "echo $D | xf-edit --set id_number=131028199001011236 --reason 身份证号录错"
t_eq "a first item now" "$(col $D "\"first\" || '|' || IFNULL(repeat_of, 'none')")" "1|none"
t_eq "relinked on the record" "$(t_sql "SELECT json_extract(details, '$.repeat_of.old') || '|' || json_extract(details, '$.reason') FROM events WHERE item = '$D' AND action = 'relink'")" "$A|身份证号录错"
t_eq "repeat rate after" "$(rate)" 0/5

# Linked by hand, and unlinked.
t_ok "a repeat by hand" sh -c "echo $D | xf-edit --repeat-of $A --reason 同一诉求"
t_eq "in A's chain" "$(col $D "\"first\" || '|' || repeat_of")" "0|$A"
t_eq "repeat rate" "$(rate)" 1/5
t_ok "linked again" sh -c "echo $D | xf-edit --repeat-of $A --reason 同一诉求"
t_eq "nothing new" "$(t_sql "SELECT count(*) FROM events WHERE item = '$D' AND action = 'relink'")" 2
t_fail 1 "to itself" sh -c "echo $D | xf-edit --repeat-of $D --reason x"
t_grep "refused" "cannot link $D to itself$" "$ERR"
t_fail 1 "the head to its own repeat" sh -c "echo $A | xf-edit --repeat-of $D --reason x"
t_grep "it heads the chain" "cannot link $A to $D: it heads that chain$" "$ERR"
t_ok "first again" sh -c "echo $D | xf-edit --first --reason 不同诉求"
t_eq "first" "$(col $D "\"first\" || '|' || IFNULL(repeat_of, 'none')")" "1|none"
t_eq "its reason" "$(last $D)" '{"repeat_of":{"old":"'$A'","new":null},"reason":"不同诉求"}'

# A step's value: the reply's answer and date (on time anew), a
# visit's evaluation (the satisfaction anew).
step() {
	id=$1
	shift
	echo "$id" | "$@" > /dev/null 2> step.err || { echo "step failed: $*"; cat step.err; }
}
t_eq "B handled" "$(
	step $B xf-assign --unit 县住建局 --date 2017-08-03
	step $B xf-close --reply supported --date 2017-09-20)" ""
t_eq "due and on time" "$(col $B "reply_due || '|' || reply_on_time")" "2017-10-02|1"
RATE=on_time_completion
t_eq "on-time completion: B's deadline fell in the period, replied in time: 1 of 1" "$(rate)" 1/1
t_ok "the reply corrected" sh -c "echo $B | xf-edit --set reply=explained --set 'replied_at=2017-10-09' --reason 答复日期录错"
t_eq "late now" "$(col $B "reply || '|' || replied_at || '|' || reply_on_time")" "explained|2017-10-09T00:00:00+08:00|0"
t_eq "on the record" "$(last $B)" '{"reply":{"old":"supported","new":"explained"},"replied_at":{"old":"2017-09-20T00:00:00+08:00","new":"2017-10-09T00:00:00+08:00"},"reply_on_time":{"old":"1","new":"0"},"reason":"答复日期录错"}'
t_eq "on-time completion: replied late now: 0 of 1" "$(rate)" 0/1
t_fail 1 "a reply in the future" sh -c "echo $B | xf-edit --set replied_at=2018-02-01 --reason x"
t_grep "refused" "cannot correct replied_at: 2018-02-01T00:00:00\+08:00 is in the future$" "$ERR"
t_eq "a visit" "$(step $B xf-visit --kind phone --outcome unsatisfied --date 2017-10-12)" ""
RATE=satisfaction
t_eq "satisfaction before: 0 of 1" "$(rate)" 0/1
t_fail 1 "a reply after its visit" sh -c "echo $B | xf-edit --set replied_at=2017-10-13 --reason x"
t_grep "refused" "cannot correct replied_at: 2017-10-13T00:00:00\+08:00 is after the visit of 2017-10-12T00:00:00\+08:00$" "$ERR"
t_fail 1 "an evaluation that is none" sh -c "echo $B | xf-edit --set visit.outcome=happy --reason x"
t_grep "the evaluations named" "cannot correct visit.outcome: 'happy': not satisfied, basic, unsatisfied or unreachable$" "$ERR"
t_fail 1 "a visit that is not there" sh -c "echo $B | xf-edit --set visit.outcome=basic --visit 2017-09-30 --reason x"
t_grep "none at that time" "cannot correct the visit: $B has no visit at 2017-09-30T00:00:00\+08:00$" "$ERR"
t_ok "the visit's evaluation corrected" sh -c "echo $B | xf-edit --set visit.outcome=basic --reason 回访记录录错"
t_eq "the visit" "$(t_sql "SELECT outcome FROM visits WHERE item = '$B'")" basic
t_eq "the satisfaction" "$(col $B satisfaction)" basic
RATE=satisfaction
t_eq "satisfaction after: 1 of 1" "$(rate)" 1/1
t_eq "the visit named in the event" "$(t_sql "SELECT json_extract(details, '$.visit.at') || '|' || json_extract(details, '$.\"visit.outcome\".old') FROM events WHERE item = '$B' AND action = 'correct' ORDER BY seq DESC LIMIT 1")" \
    "2017-10-12T00:00:00+08:00|unsatisfied"

# Voided: out of every count, list and rate; its ref released; its
# steps refused; there again with --include-void.
t_eq "five items" "$(items)" 5
RATE=repeat_rate
t_ok "C voided" sh -c "echo $C | xf-edit --void --reason 重复录入"
t_eq "four items" "$(items)" 4
t_eq "five with the voided" "$(items --include-void)" 5
t_ok "by id" xf-query --id $C --count
t_eq "not listed" "$(cat "$OUT")" 0
t_ok "by id, voided too" xf-query --id $C --include-void -f csv
t_grep "when it was voided" "^$C,,.*,2018-01-15T09:00:00\+08:00,," "$OUT"
t_eq "its ref released" "$(col $C "IFNULL(ref, 'none') || '|' || IFNULL(CAST(fingerprint AS TEXT), 'none') || '|' || voided_at")" "none|none|2018-01-15T09:00:00+08:00"
t_eq "what was released, on the record" "$(t_sql "SELECT json_extract(details, '$.ref') || '|' || json_extract(details, '$.reason') FROM events WHERE item = '$C' AND action = 'void'")" "A003|重复录入"
t_eq "repeat rate over four: 0 of 4" "$(rate)" 0/4
t_eq "with the voided: 0 of 5" "$(rate --include-void)" 0/5
# All items: A 6 people, B 3, D 1, E 1: 4 items, 11 people; C's 12
# with the voided: 5, 23.
t_ok "summary" xf-stats summary --from 2017-07-01 --to 2017-12-31 -f csv
t_grep "its 12 people gone" '^all,4,11,' "$OUT"
t_ok "summary with the voided" xf-stats summary --from 2017-07-01 --to 2017-12-31 -f csv --include-void
t_grep "its 12 people there" '^all,5,23,' "$OUT"
t_fail 1 "no step on it" sh -c "echo $C | xf-assign --accept"
t_grep "voided, said" "$C: $C is voided \(xf-edit --unvoid brings it back\)$" "$ERR"
t_fail 1 "nor a correction" sh -c "echo $C | xf-edit --set people=2 --reason x"
t_ok "voided again" sh -c "echo $C | xf-edit --void --reason x"
t_grep "as it is" '"voided_at":"2018-01-15T09:00:00\+08:00"' "$OUT"
t_eq "once" "$(t_sql "SELECT count(*) FROM events WHERE item = '$C' AND action = 'void'")" 1

# The corrected row imported again: a new item, the ref its own.
head -1 "$DATA/items.csv" > fixed.csv
grep '^A003,' "$DATA/items.csv" | sed 's/,12,/,11,/' >> fixed.csv
t_ok "the corrected row" xf-intake fixed.csv
t_eq "registered anew" "$(t_sql "SELECT id || '|' || people FROM items WHERE ref = 'A003'")" "20170901-0002|11"
t_fail 1 "C cannot come back: its ref is taken" sh -c "echo $C | xf-edit --unvoid --reason x"
t_grep "says who holds it" "cannot unvoid: 20170901-0002 was registered since from the same ref$" "$ERR"
t_ok "the new one voided" sh -c "echo 20170901-0002 | xf-edit --void --reason 改回原件"
t_ok "C back" sh -c "echo $C | xf-edit --unvoid --reason 改回原件"
t_eq "its ref and fingerprint back" "$(col $C "ref || '|' || CAST(fingerprint IS NOT NULL AS INTEGER) || '|' || IFNULL(voided_at, 'live')")" "A003|1|live"
t_eq "five again" "$(items)" 5

# Merged: the duplicate voided, naming the survivor; its row imported
# again is the survivor.
sed 's/^A005,/A105,/' "$DATA/items.csv" | grep -e '^ref' -e '^A105' > dup.csv
t_ok "a duplicate under another ref" xf-intake dup.csv
DUP=$(t_sql "SELECT id FROM items WHERE ref = 'A105'")
t_eq "six" "$(items)" 6
t_fail 1 "not into itself" sh -c "echo $DUP | xf-edit --merge-into $DUP --reason x"
t_fail 1 "not into a voided item" sh -c "echo $DUP | xf-edit --merge-into 20170901-0002 --reason x"
t_grep "said" "cannot merge: 20170901-0002 is voided" "$ERR"
t_ok "merged into E" sh -c "echo $DUP | xf-edit --merge-into $E --reason 同一来信重复登记"
t_eq "five" "$(items)" 5
t_eq "it names E" "$(col $DUP "merged_into || '|' || ref")" "$E|A105"
t_eq "E knows" "$(t_sql "SELECT json_extract(details, '$.from') FROM events WHERE item = '$E' AND action = 'merged'")" "$DUP"
t_ok "its row again" xf-intake dup.csv
t_grep "is E" "^xf-intake: dup.csv:2: already registered as $E \($DUP, merged into it\), skipped$" "$ERR"
t_eq "still five" "$(items)" 5
t_ok "its history readable" xf-query --history $DUP
t_grep "the merge in it" '"action":"merge"' "$OUT"

# Undo an import: what it registered voided, refs released; the row
# imported again is new.
printf 'ref,received_at,channel,name,title,content\nX1,2017-12-01,letter,钱七,征地,补偿款\nX2,2017-12-02,letter,孙八,拆迁,补偿款\n' > wrong.csv
t_ok "a wrong import" xf-intake wrong.csv
N=$(t_sql "SELECT max(n) FROM batches")
t_eq "seven" "$(items)" 7
t_ok "its undo, dry" xf-edit --undo-batch $N --reason 导错文件 --dry-run -f csv
t_eq "shows both, voided" "$(tr -d '\r' < "$OUT" | cut -d, -f1,32 | tail -n +2 | sort | tr '\n' ' ')" \
    "20171201-0001,2018-01-15T09:00:00+08:00 20171202-0001,2018-01-15T09:00:00+08:00 "
t_eq "undoes nothing" "$(items)" 7
t_ok "undone" xf-edit --undo-batch $N --reason 导错文件
t_eq "five" "$(items)" 5
# the undo's number, the next (PostgreSQL's may skip a number)
U=$(t_sql "SELECT undone_by FROM batches WHERE n = $N")
t_eq "marked undone" "$(t_sql "SELECT CAST(undone_by IS NOT NULL AS INTEGER) FROM batches WHERE n = $N") $(t_sql "SELECT undoes FROM batches WHERE n = $U")" "1 $N"
t_eq "refs released" "$(t_sql "SELECT count(*) FROM items WHERE ref IN ('X1', 'X2')")" 0
t_fail 1 "twice" xf-edit --undo-batch $N --reason x
t_grep "said" "^xf-edit: batch $N was undone already \(by batch $U\)$" "$ERR"
t_fail 1 "a batch that is not" xf-edit --undo-batch 999 --reason x
t_grep "said" "^xf-edit: no batch 999 in the ledger$" "$ERR"
t_ok "imported again" xf-intake wrong.csv
t_eq "seven" "$(items)" 7

# A void undone, its ref held by the row imported again since: refused.
t_ok "X1 voided" sh -c "echo 20171201-0002 | xf-edit --void --reason 重复"
V=$(t_sql "SELECT max(n) FROM batches")
t_ok "its row again" xf-intake wrong.csv
t_fail 1 "the void cannot be undone" xf-edit --undo-batch $V --reason x
t_grep "the ref named" "^xf-edit: cannot undo batch $V: the ref 'X1' of 20171201-0002 now names 20171201-0003$" "$ERR"
t_ok "the new one voided, its ref released" sh -c "echo 20171201-0003 | xf-edit --void --reason 重复"
t_ok "now the void undone" xf-edit --undo-batch $V --reason x
t_eq "X1 back under its ref" "$(t_sql "SELECT id FROM items WHERE ref = 'X1'")" 20171201-0002
t_eq "seven" "$(items)" 7

# Undo an assignment: the case back as it stood, registered.
t_ok "A assigned" sh -c "echo $A | xf-assign --unit 县人社局 --date 2017-07-25"
N=$(t_sql "SELECT max(n) FROM batches")
t_eq "accepted" "$(col $A "status || '|' || accepted_at")" "assigned|2017-07-25T00:00:00+08:00"
RATE=timely_acceptance
# Seven first items (A B C D E X1 X2) whose 15 days ended in 2017; B
# was decided in time, and now A.
t_eq "timely acceptance: A and B decided in 15 days, of 7" "$(rate)" 2/7
t_ok "the assignment undone" xf-edit --undo-batch $N --reason 交办错误
t_eq "registered again" "$(col $A "status || '|' || IFNULL(accepted_at, '-') || '|' || IFNULL(unit, '-') || '|' || due")" "registered|-|-|2017-08-05"
t_eq "timely acceptance: B of 7" "$(rate)" 1/7
t_eq "the undo on the record" "$(t_sql "SELECT json_extract(details, '$.status.old') || '>' || json_extract(details, '$.status.new') || '|' || json_extract(details, '$.reason') FROM events WHERE item = '$A' AND action = 'undo'")" "assigned>registered|交办错误"

# Undo a reopening: the handling it kept removed, the case closed.
t_eq "B closed and reopened" "$(
	step $B xf-close --close agreement --date 2017-10-20
	step $B xf-close --reopen 再次来访 --date 2017-12-01)" ""
N=$(t_sql "SELECT max(n) FROM batches")
t_eq "two handlings" "$(col $B "handling || '|' || status") $(t_sql "SELECT count(*) FROM handlings WHERE item = '$B'")" "2|reopened 1"
t_ok "the reopening undone" xf-edit --undo-batch $N --reason 误操作
t_eq "closed again, one handling" "$(col $B "IFNULL(handling, 1) || '|' || status || '|' || close_basis") $(t_sql "SELECT count(*) FROM handlings WHERE item = '$B'")" "1|closed|agreement 0"

# Refused while a later batch changed the same cases.
t_ok "A assigned again" sh -c "echo $A | xf-assign --unit 县人社局 --date 2017-07-26"
N=$(t_sql "SELECT max(n) FROM batches")
t_ok "then extended" sh -c "echo $A | xf-assign --unit 县人社局 --date 2017-07-27 2>/dev/null; echo $A | xf-close --reply supported --date 2017-08-01"
M=$(t_sql "SELECT max(n) FROM batches")
t_fail 1 "undo of the earlier" xf-edit --undo-batch $N --reason x
t_grep "names the later and the case" "^xf-edit: cannot undo batch $N: batch $M changed the same case later \($A\): undo batch $M first$" "$ERR"
t_ok "the later first" xf-edit --undo-batch $M --reason x
t_ok "then the earlier" xf-edit --undo-batch $N --reason x
t_eq "registered" "$(col $A status)" registered

# As recorded: each figure as it stood before a later mending.  Seven
# items (A B C D E X1 X2), none online since E became a letter.
RATE=online_share
t_eq "online share now" "$(rate)" 0/7
t_ok "E online again, on February 1st" sh -c "echo $E | XF_NOW=2018-02-01T09:00:00+08:00 xf-edit --set channel=online --reason 改回"
t_eq "now 1 of 7" "$(rate)" 1/7
t_eq "as recorded on January 20th: 0 of 7" "$(rate --as-recorded 2018-01-20)" 0/7
N=$(t_sql "SELECT max(n) FROM batches")
t_ok "that undone on February 2nd" env XF_NOW=2018-02-02T09:00:00+08:00 xf-edit --undo-batch $N --reason 撤回
t_eq "now 0 of 7" "$(rate)" 0/7
t_eq "as recorded on February 1st, noon: 1 of 7" "$(rate --as-recorded '2018-02-01 12:00')" 1/7
t_ok "X2 voided on February 3rd" sh -c "echo 20171202-0002 | XF_NOW=2018-02-03T09:00:00+08:00 xf-edit --void --reason 误录"
RATE=repeat_rate
t_eq "now over 6" "$(rate)" 0/6
t_eq "as recorded on February 2nd, over 7" "$(rate --as-recorded 2018-02-02)" 0/7

# A voided case's visits leave the daily report too.
daily() {
	xf-stats daily --date 2017-10-12 -f csv "$@" | tr -d '\r' | grep ',visits_made,'
}
t_eq "B's visit of October 12th" "$(daily)" "2017-10-12,visits_made,1,"
t_ok "B voided" sh -c "echo $B | XF_NOW=2018-02-04T09:00:00+08:00 xf-edit --void --reason 误录"
t_eq "none now" "$(daily)" "2017-10-12,visits_made,0,"
t_eq "with the voided" "$(daily --include-void)" "2017-10-12,visits_made,1,"

# Every batch listed, with its counts.
t_ok "the list" xf-query --batches -f csv
t_eq "as many as numbered" "$(tr -d '\r' < "$OUT" | tail -n +2 | wc -l)" "$(t_sql "SELECT count(*) FROM batches")"
tr -d '\r' < "$OUT" > b.csv
t_grep "an undo names what it undid" "^$((N + 1)),2018-02-02T09:00:00\+08:00,tester,xf-edit,.*,$N,,\$" b.csv
t_grep "what it undid, when and by which" "^$N,2018-02-01T09:00:00\+08:00,.*,,$((N + 1)),2018-02-02T09:00:00\+08:00\$" b.csv

t_done
