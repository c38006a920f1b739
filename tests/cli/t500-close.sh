# stores: sqlite pg
# xf-close: the reply, the answers of review and re-review, each basis of
# closure and its precondition, reopening, the cases a repeat asks to
# reopen; all or nothing, --keep-going, --dry-run, re-running
. "$TOP/tests/cli/lib.sh"

t_ok "register" xf-intake "$DATA/items.csv"
A=20170721-0001		# 张三, 劳动和社会保障, received 2017-07-21
B=20170802-0001		# 李四, 城乡建设
C=20170901-0001		# 王五, 城乡建设
D=20171008-0001		# 张三 again: a repeat of A
E=20171111-0001		# 赵六, 环境保护
events() {
	t_sql "SELECT count(*) FROM events WHERE action = '$1'"
}
col() {
	t_sql "SELECT $2 FROM items WHERE id = '$1'"
}

# Usage errors: status 2, the usage line, nothing written.
t_fail 2 "no action" xf-close
t_grep "no action named" "^xf-close: no action: --reply, " "$ERR"
t_grep "usage line" "^usage: xf-close " "$ERR"
t_fail 2 "two actions" xf-close --reply supported --close final
t_grep "two actions named" "^xf-close: --reply and --close exclude each other$" "$ERR"
t_fail 2 "unknown answer" xf-close --reply maybe
t_grep "the answers" "^xf-close: --reply 'maybe': not supported, explained or not-supported$" "$ERR"
t_fail 2 "unknown review answer" xf-close --review-reply maybe
t_grep "review answer named" "^xf-close: --review-reply 'maybe': " "$ERR"
t_fail 2 "unknown re-review answer" xf-close --re-review-reply 可以
t_grep "re-review answer named" "^xf-close: --re-review-reply '可以': " "$ERR"
t_fail 2 "unknown basis" xf-close --close done
t_grep "the bases" "^xf-close: --close 'done': not agreement, final, reconsideration, litigation, lawful-handling, supported-done or unchallenged$" "$ERR"
t_fail 2 "empty reason" xf-close --reopen ''
t_grep "reason asked for" "^xf-close: --reopen: empty$" "$ERR"
t_fail 2 "bad date" xf-close --reply supported --date 2017-02-30
t_grep "bad date named" "^xf-close: --date '2017-02-30': " "$ERR"
t_fail 2 "--reopen-due reads no input" xf-close --reopen-due ids.txt
t_grep "operand named" "^xf-close: 'ids.txt': --reopen-due reads no input$" "$ERR"
t_fail 2 "--reopen-due takes no date" xf-close --reopen-due --date 2018-01-01
t_fail 2 "--reject needs --keep-going" sh -c "echo $A | xf-close --reject r.csv --close litigation"
t_fail 2 "unknown option" xf-close --frobnicate
t_ok "--help" xf-close --help
t_grep "help shows usage" "^usage: xf-close \[-hkn\] \{--reply ANSWER " "$OUT"
t_ok "--version" xf-close --version
t_grep "version" "^xf-close \(xf\) [0-9]+\.[0-9]+\.[0-9]+$" "$OUT"
t_eq "nothing written" "$(t_sql 'SELECT count(*) FROM events')" 5

# Before acceptance: no reply, and only the bases that need none.
t_fail 1 "reply to a case not accepted" sh -c "echo $A | xf-close --reply supported"
t_grep "not accepted yet" "^xf-close: -:1: $A: cannot reply: not accepted yet$" "$ERR"
t_grep "rolled back" "^xf-close: nothing changed: the batch was rolled back$" "$ERR"
t_eq "nothing printed" "$(wc -c < "$OUT")" 0
t_eq "still registered" "$(col $A status)" registered
t_fail 1 "no such case" sh -c "echo 20990101-0001 | xf-close --close litigation"
t_grep "no such case named" "^xf-close: -:1: 20990101-0001: no item '20990101-0001' in the ledger$" "$ERR"
t_fail 1 "a record without an id" sh -c "echo '{\"name\":\"张三\"}' | xf-close --close litigation"
t_grep "no id" "^xf-close: -:1: no id$" "$ERR"
for basis in agreement reconsideration; do
	t_fail 1 "$basis before acceptance" sh -c "echo $A | xf-close --close $basis"
	t_grep "$basis: not accepted" "^xf-close: -:1: $A: cannot close: not accepted$" "$ERR"
done
t_fail 1 "final before re-review" sh -c "echo $A | xf-close --close final"
t_grep "final: no re-review" "cannot close: no re-review decided yet$" "$ERR"
for basis in supported-done unchallenged; do
	t_fail 1 "$basis before a reply" sh -c "echo $A | xf-close --close $basis"
	t_grep "$basis: no reply yet" "^xf-close: -:1: $A: cannot close: no reply yet$" "$ERR"
done
t_fail 1 "reopen a case not closed" sh -c "echo $A | xf-close --reopen 再次来访"
t_grep "reopen: not closed" "^xf-close: -:1: $A: cannot reopen: the case is registered$" "$ERR"
t_fail 1 "a step in the future" sh -c "echo $A | xf-close --close litigation --date 2018-01-16"
t_grep "future named" "cannot close: 2018-01-16T00:00:00\+08:00 is in the future$" "$ERR"
t_fail 1 "review answer without a review" sh -c "echo $A | xf-close --review-reply supported"
t_grep "review answer refused" "cannot answer the review: the case is registered$" "$ERR"
t_fail 1 "re-review answer without a re-review" sh -c "echo $A | xf-close --re-review-reply supported"
t_grep "re-review answer refused" "cannot answer the re-review: the case is registered$" "$ERR"
t_eq "still nothing written" "$(t_sql 'SELECT count(*) FROM events')" 5

# litigation and lawful-handling stand at any time before the closure.
t_ok "litigation, a bare id" sh -c "echo $C | xf-close --close litigation --date 2017-09-10"
t_grep "the case printed closed" "^\{\"id\":\"$C\",.*\"status\":\"closed\",.*\"closed_at\":\"2017-09-10T00:00:00\+08:00\",\"close_basis\":\"litigation\"" "$OUT"
t_eq "closed in the ledger" "$(col $C 'status, closed_at, close_basis, due')" \
	"closed|2017-09-10T00:00:00+08:00|litigation|"
t_eq "one close event" "$(t_sql "SELECT count(*) FROM events WHERE item = '$C' AND action = 'close' AND program = 'xf-close' AND actor = 'tester'")" 1
t_eq "its details" "$(t_sql "SELECT details FROM events WHERE item = '$C' AND action = 'close'")" \
	'{"closed_at":"2017-09-10T00:00:00+08:00","close_basis":"litigation","due":""}'
t_ok "the same closure again" sh -c "echo $C | xf-close --close 进入法律途径 --date 2017-09-10"
t_grep "printed again" "\"id\":\"$C\"" "$OUT"
t_eq "no second event" "$(events close)" 1
t_fail 1 "closed already on another basis" sh -c "echo $C | xf-close --close lawful-handling"
t_grep "closed already named" "^xf-close: -:1: $C: cannot close: closed already \(litigation\)$" "$ERR"
t_ok "lawful-handling, a {\"id\"} line" sh -c "echo '{\"id\":\"$B\"}' | xf-close --close 依法处理 --date 2017-08-20"
t_eq "lawful-handling stored" "$(col $B close_basis)" lawful-handling
t_ok "--lang zh" sh -c "echo $B | xf-close --close lawful-handling --lang zh"
t_grep "Chinese values" '"status":"已销号",.*"close_basis":"依法处理"' "$OUT"

# Reopening: a closed case only; the reason kept in the event.
t_ok "reopen" sh -c "echo $B | xf-close --reopen '再次来访: 补偿未落实' --date 2017-12-01"
t_grep "printed reopened" "\"status\":\"reopened\"" "$OUT"
t_eq "closure cleared" "$(col $B "status || '|' || IFNULL(closed_at, 'null') || '|' || IFNULL(close_basis, 'null')")" \
	"reopened|null|null"
t_eq "reason in the event" "$(t_sql "SELECT json_extract(details, '\$.reason') FROM events WHERE item = '$B' AND action = 'reopen'")" \
	"再次来访: 补偿未落实"
t_ok "reopen again" sh -c "echo $B | xf-close --reopen 'another reason'"
t_eq "one reopen event" "$(events reopen)" 1
t_ok "a reopened case is assigned anew" sh -c "echo $B | xf-assign --unit 县住建局 --date 2017-12-02"
t_eq "with a new deadline" "$(col $B "status, due")" "assigned|2018-01-31"

# The steps that need a case accepted, on cases of their own.
printf '%s\n' ref,received_at,channel,name \
    C1,2017-06-01,visit,甲 C2,2017-06-02,visit,乙 C3,2017-06-03,visit,丙 \
    C4,2017-06-04,visit,丁 C5,2017-06-05,visit,戊 C6,2017-06-06,visit,己 \
    C7,2017-06-07,visit,庚 C8,2017-06-08,visit,辛 > cases.csv
t_ok "register the cases" xf-intake cases.csv
C1=20170601-0001 C2=20170602-0001 C3=20170603-0001 C4=20170604-0001
C5=20170605-0001 C6=20170606-0001 C7=20170607-0001 C8=20170608-0001
printf '%s\n' $C1 $C2 $C3 $C4 $C5 $C7 $C8 > assigned.txt
t_ok "assign them" xf-assign --unit 县人社局 --date 2017-06-10 assigned.txt
t_eq "due 60 days after" "$(col $C1 due)" 2017-08-09
t_ok "transfer one" sh -c "echo $C6 | xf-assign --transfer 市住建局 --date 2017-06-10"

# The reply: on the due day is on time, and the deadline stops.
t_ok "reply on the due day" sh -c "echo $C1 | xf-close --reply supported --date 2017-08-09"
t_grep "printed replied" "^\{\"id\":\"$C1\",.*\"status\":\"replied\",.*\"replied_at\":\"2017-08-09T00:00:00\+08:00\",\"reply\":\"supported\",\"reply_on_time\":true" "$OUT"
t_eq "replied in the ledger" "$(col $C1 "status, replied_at, reply, reply_on_time, IFNULL(due, 'null')")" \
	"replied|2017-08-09T00:00:00+08:00|supported|1|null"
t_eq "one reply event" "$(t_sql "SELECT count(*) FROM events WHERE item = '$C1' AND action = 'reply' AND program = 'xf-close'")" 1
t_ok "the same reply again" sh -c "echo $C1 | xf-close --reply 予以支持 --date 2017-08-09"
t_grep "printed again" "\"id\":\"$C1\",.*\"status\":\"replied\"" "$OUT"
t_eq "no second event" "$(t_sql "SELECT count(*) FROM events WHERE item = '$C1' AND action = 'reply'")" 1
t_fail 1 "another answer" sh -c "echo $C1 | xf-close --reply explained"
t_grep "replied already" "^xf-close: -:1: $C1: cannot reply: replied already \(supported\)$" "$ERR"
t_ok "a day late" sh -c "echo $C2 | xf-close --reply not-supported --date 2017-08-10"
t_eq "late in the ledger" "$(col $C2 "reply, reply_on_time")" "not-supported|0"
t_fail 1 "before the acceptance" sh -c "echo $C3 | xf-close --reply supported --date 2017-06-09"
t_grep "before the acceptance named" "^xf-close: -:1: $C3: cannot reply: 2017-06-09T00:00:00\+08:00 is before the acceptance$" "$ERR"
t_ok "a Chinese answer" sh -c "echo $C3 | xf-close --reply 解释说明 --date 2017-07-01"
t_eq "stored as its token" "$(col $C3 reply)" explained
t_fail 1 "reply to a transferred case" sh -c "echo $C6 | xf-close --reply supported"
t_grep "transferred named" "^xf-close: -:1: $C6: cannot reply: the case is transferred$" "$ERR"
t_fail 1 "close a transferred case" sh -c "echo $C6 | xf-close --close litigation"
t_grep "transferred: not closed" "^xf-close: -:1: $C6: cannot close: the case is transferred$" "$ERR"
t_ok "extend a case" sh -c "echo $C7 | xf-assign --extend 30 --reason 需要现场勘查 --date 2017-08-01"
t_ok "reply within the extension" sh -c "echo $C7 | xf-close --reply supported --date 2017-09-08"
t_eq "on time" "$(col $C7 "status, reply_on_time")" "replied|1"

# unchallenged: the review window, 30 days from the reply, has passed.
t_fail 1 "unchallenged on the window's last day" env XF_NOW=2017-09-08T23:00:00+08:00 \
    sh -c "echo $C1 | xf-close --close unchallenged"
t_grep "window still open" "^xf-close: -:1: $C1: cannot close: the review window is still open$" "$ERR"
t_ok "unchallenged the day after" env XF_NOW=2017-09-09T08:00:00+08:00 \
    sh -c "echo $C1 | xf-close --close 期满未申请复查"
t_eq "closed unchallenged" "$(col $C1 "status, closed_at, close_basis")" \
	"closed|2017-09-09T08:00:00+08:00|unchallenged"

# supported-done: the last answer was supported.
t_fail 1 "supported-done after not-supported" sh -c "echo $C2 | xf-close --close supported-done"
t_grep "not supported named" "^xf-close: -:1: $C2: cannot close: the request was not supported$" "$ERR"
t_ok "supported-done after supported" sh -c "echo $C7 | xf-close --close supported-done --date 2017-10-01"
t_eq "closed supported-done" "$(col $C7 close_basis)" supported-done

# Review and re-review: their answers, and final (三级终结).
t_ok "ask for a review" sh -c "echo $C3 | xf-assign --review --date 2017-07-10"
t_fail 1 "final under review" sh -c "echo $C3 | xf-close --close final"
t_grep "final: no re-review" "^xf-close: -:1: $C3: cannot close: no re-review decided yet$" "$ERR"
t_ok "the review's answer" sh -c "echo $C3 | xf-close --review-reply not-supported --date 2017-08-01"
t_eq "reviewed in the ledger" "$(col $C3 "status, reviewed_at, review_result")" \
	"reviewed|2017-08-01T00:00:00+08:00|not-supported"
t_ok "the same answer again" sh -c "echo $C3 | xf-close --review-reply 不予支持 --date 2017-08-01"
t_eq "one review-reply event" "$(events review-reply)" 1
t_fail 1 "another answer" sh -c "echo $C3 | xf-close --review-reply supported"
t_grep "answered already" "^xf-close: -:1: $C3: cannot answer the review: answered already \(not-supported\)$" "$ERR"
t_fail 1 "unchallenged in the window after the review's answer" env XF_NOW=2017-08-31T12:00:00+08:00 \
    sh -c "echo $C3 | xf-close --close unchallenged"
t_grep "the review's window" "^xf-close: -:1: $C3: cannot close: the review window is still open$" "$ERR"
t_ok "--dry-run: unchallenged after the review's window" env XF_NOW=2017-09-01T12:00:00+08:00 \
    sh -c "echo $C3 | xf-close -n --close unchallenged"
t_grep "would be closed" "\"status\":\"closed\",.*\"close_basis\":\"unchallenged\"" "$OUT"
t_fail 1 "supported-done: the review did not support it" sh -c "echo $C3 | xf-close --close supported-done"
t_grep "review's answer counts" "cannot close: the request was not supported$" "$ERR"
t_fail 1 "re-review answer before a re-review" sh -c "echo $C3 | xf-close --re-review-reply supported"
t_grep "not under re-review" "cannot answer the re-review: the case is reviewed$" "$ERR"
t_ok "ask for a re-review" sh -c "echo $C3 | xf-assign --re-review --date 2017-08-15"
t_ok "the re-review's answer" sh -c "echo $C3 | xf-close --re-review-reply supported --date 2017-09-01"
t_eq "final in the ledger" "$(col $C3 "status, rereviewed_at, rereview_result")" \
	"final|2017-09-01T00:00:00+08:00|supported"
t_fail 1 "unchallenged after the re-review" sh -c "echo $C3 | xf-close --close unchallenged"
t_grep "final, not unchallenged" "^xf-close: -:1: $C3: cannot close: the re-review decided it: close it as final$" "$ERR"
t_ok "--dry-run: supported-done after the re-review" sh -c "echo $C3 | xf-close -n --close supported-done"
t_grep "dry run prints it closed" "\"status\":\"closed\",.*\"close_basis\":\"supported-done\"" "$OUT"
t_eq "dry run says nothing" "$(wc -c < "$ERR")" 0
t_eq "dry run writes nothing" "$(col $C3 status)" final
t_eq "no close event" "$(t_sql "SELECT count(*) FROM events WHERE item = '$C3' AND action = 'close'")" 0
t_ok "final" sh -c "echo $C3 | xf-close --close 三级终结 --date 2017-09-05"
t_eq "closed final" "$(col $C3 "status, close_basis")" "closed|final"
t_fail 1 "reopen a final case" sh -c "echo $C3 | xf-close --reopen 再次来访"
t_grep "final is final" "^xf-close: -:1: $C3: cannot reopen: three-tier finality \(三级终结\): the same matter is not handled again$" "$ERR"
t_ok "reopen a replied case" sh -c "echo $C1 | xf-close --reopen 补偿未落实 --date 2017-10-01"
t_eq "handled anew: the reply cleared" \
	"$(col $C1 "status || '|' || IFNULL(replied_at, 'null') || '|' || IFNULL(reply, 'null') || '|' || IFNULL(CAST(reply_on_time AS TEXT), 'null') || '|' || IFNULL(close_basis, 'null')")" \
	"reopened|null|null|null|null"
t_ok "and replied anew" sh -c "echo $C1 | xf-assign --unit 县人社局 --date 2017-10-02 && echo $C1 | xf-close --reply explained --date 2017-10-20"
t_eq "the new reply" "$(col $C1 "status, replied_at, reply, reply_on_time")" \
	"replied|2017-10-20T00:00:00+08:00|explained|1"

# agreement and reconsideration: after the acceptance, no reply needed;
# CSV and whole records as input.
t_ok "agreement, from CSV" sh -c "printf 'id,note\n$C4,签了协议\n' | xf-close --close agreement --date 2017-07-01"
t_eq "closed on agreement" "$(col $C4 "status, close_basis, IFNULL(replied_at, 'null')")" "closed|agreement|null"
t_ok "reconsideration, from a whole record" sh -c "xf-query --id $C5 | xf-close --close 行政复议 --date 2017-07-01"
t_eq "closed on reconsideration" "$(col $C5 "status, close_basis")" "closed|reconsideration"

# All or nothing; --keep-going and --reject.
printf '{"id":"%s"}\n' $D $C8 > two.ndjson
t_fail 1 "one refused, nothing changed" xf-close --reply supported two.ndjson
t_grep "the refused one named" "^xf-close: two.ndjson:1: $D: cannot reply: not accepted yet$" "$ERR"
t_eq "nothing printed after it" "$(wc -c < "$OUT")" 0
t_eq "the good one unchanged" "$(col $C8 status)" assigned
t_fail 1 "--keep-going" xf-close -k --reject rej.ndjson --reply supported two.ndjson
t_eq "the good one printed" "$(grep -c "\"id\":\"$C8\"" "$OUT")" 1
t_eq "the good one changed" "$(col $C8 status)" replied
t_eq "the refused one unchanged" "$(col $D status)" registered
t_eq "reject mode 0600" "$(stat -c %a rej.ndjson)" 600
t_eq "the refused one with its reason" "$(cat rej.ndjson)" \
	"{\"id\":\"$D\",\"error\":\"$D: cannot reply: not accepted yet\"}"
t_eq "one event per step" "$(events reply)" 6

# The closed cases a later repeat asks to reopen: D repeats A.
t_ok "nothing to reopen yet" xf-close --reopen-due
t_eq "empty list" "$(wc -c < "$OUT")" 0
t_ok "close A before its repeat" sh -c "echo $A | xf-close --close litigation --date 2017-10-01"
t_ok "--reopen-due" xf-close --reopen-due --format csv
t_eq "A, asked by D" "$(tr -d '\r' < "$OUT")" "id,closed_at,close_basis,repeat,received_at
$A,2017-10-01T00:00:00+08:00,litigation,$D,2017-10-08T00:00:00+08:00"
printf '%s\n' received_at,channel,name,id_number,category \
    '2018-01-10 10:00,visit,张三,13102819800101001X,劳动和社会保障/劳动关系' \
    '2018-01-11 10:00,visit,李四,131028197506150021,城乡建设' > again.csv
t_ok "two repeats registered later" xf-intake again.csv
t_ok "--reopen-due lists them" xf-close --reopen-due -f csv
t_eq "both repeats of A; B is open" "$(tr -d '\r' < "$OUT" | cut -d, -f1,4 | tr '\n' ' ')" \
	"id,repeat $A,$D $A,20180110-0001 "
t_fail 1 "--reopen-due without a ledger" xf-close --reopen-due --db "$TMP/none.db"
t_eq "which it does not create" "$(ls "$TMP/none.db" 2>/dev/null)" ""

# Bare ids rejected with --reject come back as CSV: the id and the error.
t_fail 1 "bare ids kept aside" sh -c "printf '20990101-0001\n' | xf-close -k --reject ids-rej.csv --reply supported"
t_eq "as CSV" "$(head -n 1 ids-rej.csv | tr -d '\r')" "id,error"
t_grep "with the reason" "^20990101-0001,.*no item '20990101-0001'" ids-rej.csv

t_done
