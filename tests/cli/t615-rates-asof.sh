# stores: sqlite pg
# xf-stats over a past period: the cases as they stood at its end, by
# the dates of their steps.  A report of January is run, then cases are
# reopened, reviewed, visited, answered and closed in later months; the
# report of January comes out the same, byte for byte, and so does the
# daily report of a January day.  A step recorded later but dated in
# January (a reply back-dated) changes January, as the record was wrong.
. "$TOP/tests/cli/lib.sh"

# CSV lines end in CRLF (RFC 4180): t_csv runs as t_ok, then drops the CRs.
t_csv() {
	t_ok "$@"
	tr -d '\r' < "$TMP/out" > "$TMP/lf" && cat "$TMP/lf" > "$TMP/out"
}

# Every window of January has closed by today.
XF_NOW=2018-06-30T09:00:00+08:00
export XF_NOW
step() {
	id=$1
	shift
	echo "$id" | "$@" > /dev/null 2> step.err || { echo "failed: $id $*"; cat step.err; }
}
id() {
	t_sql "SELECT id FROM items WHERE ref = '$1'"
}

# A, B, C, D received in November, assigned two days later: handling
# deadlines (assignment + 60) 01-02, 01-11, 01-20, 01-25.  E and F
# received in January: acceptance limits 01-20 and 01-25.
cat > items.csv <<'CSV'
ref,received_at,channel,name,phone
A,2017-11-01 09:00,letter,甲,13800000001
B,2017-11-10 09:00,letter,乙,13800000002
C,2017-11-19 09:00,letter,丙,13800000003
D,2017-11-24 09:00,letter,丁,13800000004
E,2018-01-05 09:00,letter,戊,13800000005
F,2018-01-10 09:00,letter,己,13800000006
G,2018-01-03 09:00,letter,庚,13800000007
CSV
t_ok "register" xf-intake items.csv
A=$(id A) B=$(id B) C=$(id C) D=$(id D) E=$(id E) F=$(id F) G=$(id G)
t_eq "up to the end of January" "$(
	step $A xf-assign --unit 县人社局 --date 2017-11-03
	step $B xf-assign --unit 县人社局 --date 2017-11-12
	step $C xf-assign --unit 县住建局 --date 2017-11-21
	step $D xf-assign --unit 县住建局 --date 2017-11-26
	step $A xf-close --reply supported --date 2017-12-20
	step $A xf-visit --outcome satisfied --date 2017-12-22
	step $A xf-close --close agreement --date 2017-12-25
	step $B xf-close --reply supported --date 2018-01-05
	step $B xf-close --close agreement --date 2018-01-06
	step $B xf-visit --outcome satisfied --date 2018-01-10
	step $E xf-assign --accept --date 2018-01-10
	step $G xf-assign --refuse 向人民法院起诉 --date 2018-01-06)" ""

# January, by hand:
# timely_acceptance: first items whose 15 days end in January: E
#   (01-20), F (01-25), G (01-18) -> 3; E accepted 01-10, G refused
#   01-06 (a refusal with notice is a decision) -> 2 / 3 = 66.7;
#   not_accepted: F -> 1 / 3 = 33.3
# on_time_completion: deadlines in January A (01-02), B (01-11), C
#   (01-20), D (01-25) -> 4; replied by them A (12-20), B (01-05) ->
#   2 / 4 = 50.0
# evaluation_participation, satisfaction: replied in January: B,
#   visited satisfied 01-10 -> 1 / 1, 1 / 1
# one_time_resolution: first items closed in January: B (01-06), no
#   repeat in 90 days -> 1 / 1
# resolution: received in January E, F, G, none closed by 01-31 -> 0 / 3
report() {
	xf-stats rates --from 2018-01-01 --to 2018-01-31 -f csv
}
t_csv "January's rates" report
cp "$OUT" jan1.csv
t_grep "timely acceptance" '^timely_acceptance,2,3,66\.7,,false,2018-02-01' jan1.csv
t_grep "not accepted" '^not_accepted,1,3,33\.3,' jan1.csv
t_grep "on time" '^on_time_completion,2,4,50\.0,' jan1.csv
t_grep "participation" '^evaluation_participation,1,1,100\.0,' jan1.csv
t_grep "satisfaction" '^satisfaction,1,1,100\.0,' jan1.csv
t_grep "one-time" '^one_time_resolution,1,1,100\.0,,false,2018-05-02' jan1.csv
t_grep "resolution" '^resolution,0,3,0\.0,' jan1.csv
t_csv "the daily of 01-06" xf-stats daily --date 2018-01-06 -f csv
cp "$OUT" day1.csv
t_grep "B closed that day" '^2018-01-06,closed,1,1' day1.csv
t_grep "G refused that day" '^2018-01-06,refused,1,1' day1.csv
t_ok "the summary of January" xf-stats summary --from 2018-01-01 --to 2018-01-31 -f csv
cp "$OUT" sum1.csv

# Later months: A and B reopened and handled anew, A evaluated again;
# C answered late, reviewed, re-reviewed and closed as final; F accepted
# in March; E assigned to a unit, which accepts it.
t_eq "later steps" "$(
	step $A xf-close --reopen 补偿未落实 --date 2018-03-05
	step $A xf-assign --unit 县人社局 --date 2018-03-06
	step $A xf-close --reply explained --date 2018-03-20
	step $A xf-visit --outcome unsatisfied --date 2018-03-25
	step $A xf-close --close litigation --date 2018-03-28
	step $B xf-close --reopen 再次来访 --date 2018-03-07
	step $C xf-close --reply not-supported --date 2018-02-10
	step $C xf-assign --review --date 2018-02-20
	step $C xf-close --review-reply not-supported --date 2018-03-10
	step $C xf-assign --re-review --date 2018-03-15
	step $C xf-close --re-review-reply not-supported --date 2018-04-01
	step $C xf-close --close final --date 2018-04-02
	step $F xf-assign --accept --date 2018-03-01
	step $E xf-assign --unit 县信访局 --date 2018-03-02
	step $E xf-assign --unit-accept --date 2018-03-03)" ""
t_eq "the reopenings kept the handlings" "$(t_sql 'SELECT count(*) FROM handlings')" 2
t_csv "January's rates again" report
t_cmp "January unchanged, byte for byte" "$OUT" jan1.csv
t_csv "the daily of 01-06 again" xf-stats daily --date 2018-01-06 -f csv
t_cmp "the day unchanged" "$OUT" day1.csv
t_ok "the summary again" xf-stats summary --from 2018-01-01 --to 2018-01-31 -f csv
t_cmp "the summary unchanged" "$OUT" sum1.csv
# March, by hand: on_time_completion: E, accepted 01-10, was due 03-11
# and is not answered; A's second deadline is 05-05, F's 04-30 -> 0 / 1.
# timely_acceptance_unit: E's unit assigned 03-02 accepted it 03-03, in
# its 15 days (to 03-17); A's, assigned again 03-06, never did -> 1 / 2.
# satisfaction: A answered 03-20, evaluated unsatisfied 03-25 -> 0 / 1.
t_csv "March's rates" xf-stats rates --from 2018-03-01 --to 2018-03-31 -f csv
t_grep "March: E late" '^on_time_completion,0,1,0\.0,' "$OUT"
t_grep "March: the units" '^timely_acceptance_unit,1,2,50\.0,' "$OUT"
t_grep "March: A unsatisfied" '^satisfaction,0,1,0\.0,' "$OUT"

# A reply recorded now but dated in January: D was answered on 01-20,
# by its deadline (01-25).  January changes: 3 / 4 on time, and D's
# reply, never evaluated, joins the participation: 1 / 2.
step $D xf-close --reply supported --date 2018-01-20
t_csv "January after a back-dated reply" report
t_grep "now 3 of 4 on time" '^on_time_completion,3,4,75\.0,' "$OUT"
t_grep "participation 1 of 2" '^evaluation_participation,1,2,50\.0,' "$OUT"
t_grep "the rest as it was" '^timely_acceptance,2,3,66\.7,' "$OUT"

# A period not over: open, until the day after its end.
t_csv "a period not over" xf-stats rates --from 2018-06-01 --to 2018-07-31 -f csv
t_grep "open" '^timely_acceptance,0,0,,,true,2018-08-01$' "$OUT"

t_done
