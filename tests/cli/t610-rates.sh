# stores: sqlite pg
# xf-stats rates: every rate of the period from a hand-built ledger, an
# empty denominator, the named sets, usage errors.  Every figure is
# worked out by hand in the comments.
. "$TOP/tests/cli/lib.sh"

# CSV lines end in CRLF (RFC 4180): t_csv runs as t_ok, then drops the CRs.
t_csv() {
	t_ok "$@"
	tr -d '\r' < "$OUT" > "$TMP/lf" && cat "$TMP/lf" > "$OUT"
}

t_fail 1 "no ledger yet" xf-stats rates --from 2017-10-01 --to 2018-01-31
t_fail 2 "no --from" xf-stats rates --to 2018-01-31
t_grep "needs the period" "rates needs --from and --to" "$ERR"
t_fail 2 "no --to" xf-stats rates --from 2017-10-01
t_fail 2 "not a set" xf-stats rates --set 四率 --from 2017-10-01 --to 2018-01-31
t_grep "the set named" "not a set of rates" "$ERR"
t_fail 2 "--set with another report" xf-stats summary --set 三率 --from 2017-10-01 --to 2018-01-31

# The period is 2017-10-01 to 2018-01-31; XF_NOW is 2018-01-15.  Accept
# days 15, reply days 60, evaluation window 30, online: online and email
# (the defaults).  R9 (same name and phone as R2) is found a repeat of R2.
cat > items.csv <<'CSV'
ref,received_at,channel,source,lodged_level,irregular,people,first,category,region,name,phone
R1,2017-08-01 09:00,visit,direct,county,no,1,yes,,,甲,13800000001
R2,2017-09-20 09:00,letter,direct,county,no,1,yes,,,乙,13800000002
R3,2017-10-10 09:00,online,direct,county,no,1,yes,,,丙,13800000003
R4,2017-11-20 09:00,email,direct,county,no,1,yes,,,丁,13800000004
R5,2017-11-25 09:00,letter,direct,county,no,1,yes,,,戊,13800000005
R6,2017-10-05 09:00,letter,direct,county,no,1,yes,,,己,13800000006
R7,2018-01-05 09:00,phone,direct,county,no,1,yes,,,庚,13800000007
R8,2017-10-20 09:00,visit,direct,county,no,1,no,,,辛,13800000008
R10,2017-12-15 09:00,visit,direct,county,no,1,yes,,,壬,13800000010
CSV
t_ok "register" xf-intake items.csv
cat > repeat.csv <<'CSV'
ref,received_at,channel,source,lodged_level,irregular,people,first,category,region,name,phone
R9,2017-12-20 09:00,letter,direct,county,no,1,,,,乙,13800000002
CSV
t_ok "register the repeat" xf-intake repeat.csv
t_eq "R9 is a repeat of R2" \
    "$(t_sql "SELECT \"first\", repeat_of FROM items WHERE ref = 'R9'")" \
    "0|20170920-0001"

# The casework:
#   R1 assigned 2017-08-02: due 2017-10-01, open and overdue;
#   R2 assigned 2017-09-25, declined by the unit 10-08, replied
#       2017-11-01 (due 11-24: on time), visited satisfied 11-05, closed
#       11-06 (R9 comes 12-20, within 90 days);
#   R3 assigned 2017-10-30, replied 2017-12-01 (due 12-29: on time),
#       never evaluated (window ended 12-31);
#   R4 never accepted;
#   R5 assigned 2017-11-26: due 2018-01-25, open, not yet due;
#   R6 assigned 2017-10-06, replied 2017-12-20 (due 12-05: late),
#       visited basic 12-22, closed 12-23 (no repeat);
#   R7 assigned 2018-01-06, replied 2018-01-10 (on time), still inside
#       the evaluation window (to 02-09);
#   R8, R9 stay registered;
#   R10 assigned 2017-12-16, replied 2017-12-28 (on time), visited
#       unsatisfied 12-29, not closed.
step() {
	id=$1
	shift
	t_ok "$* $id" sh -c "echo $id | $*"
}
step 20170801-0001 xf-assign --unit 县人社局 --date 2017-08-02
step 20170920-0001 xf-assign --unit 县人社局 --date 2017-09-25
step 20170920-0001 xf-assign --unit-decline 不属本单位职责 --date 2017-10-08
step 20170920-0001 xf-close --reply supported --date 2017-11-01
step 20170920-0001 xf-visit --kind phone --outcome satisfied --date 2017-11-05
step 20170920-0001 xf-close --close agreement --date 2017-11-06
step 20171010-0001 xf-assign --unit 县人社局 --date 2017-10-30
step 20171010-0001 xf-close --reply supported --date 2017-12-01
step 20171125-0001 xf-assign --unit 县人社局 --date 2017-11-26
step 20171005-0001 xf-assign --unit 县人社局 --date 2017-10-06
step 20171005-0001 xf-close --reply supported --date 2017-12-20
step 20171005-0001 xf-visit --kind phone --outcome basic --date 2017-12-22
step 20171005-0001 xf-close --close agreement --date 2017-12-23
step 20180105-0001 xf-assign --unit 县人社局 --date 2018-01-06
step 20180105-0001 xf-close --reply supported --date 2018-01-10
step 20171215-0001 xf-assign --unit 县人社局 --date 2017-12-16
step 20171215-0001 xf-close --reply supported --date 2017-12-28
step 20171215-0001 xf-visit --kind phone --outcome unsatisfied --date 2017-12-29

# Each rate as the cases stood at the end of the period, by the dates
# of their steps (xf-stats(1)); today is 2018-01-15, so the rates whose
# window runs past today are open.
# timely_acceptance: first items (any source) whose acceptance limit
#   (received day + 15) ends from 10-01 to 01-31: R2 (10-05), R3 (10-25),
#   R4 (12-05), R5 (12-10), R6 (10-20), R7 (01-20), R10 (12-30) -> 7
#   (R1's ended 08-16; R8, R9 are repeats); decided by then: R2, R5, R6,
#   R7, R10 -> 5; 5 / 7 = 71.4; accepted_late: R3 (10-30) -> 1 / 7 =
#   14.3; not_accepted (by 01-31): R4 -> 1 / 7 = 14.3
# timely_acceptance_unit: the units' limits (assignment + 15) ending in
#   the period: R2 (10-10), R3 (11-14), R5 (12-11), R6 (10-21), R7
#   (01-21), R10 (12-31) -> 6 (R1's ended 08-17); R2's unit declined it
#   with notice on 10-08, a decision in time; no other unit decided ->
#   1 / 6 = 16.7
# on_time_completion: handling deadlines (acceptance + 60) in the
#   period: R1 (10-01), R2 (11-24), R3 (12-29), R5 (01-25), R6 (12-05)
#   -> 5 (R7's is 03-07, R10's 02-14); replied by them R2, R3 -> 2; R1,
#   R5 open, R6 late -> 2 / 5 = 40.0
# evaluation_participation: replied in the period, the 30-day window
#   closed by today (replied before 12-16): R2 (evaluated 11-05), R3
#   (none) -> 1 / 2 = 50.0; R6, R7, R10 still in their window
# satisfaction, first_satisfaction: of those, evaluated: R2, satisfied
#   -> 1 / 1 = 100.0; all settle on 03-03 (01-31 + 30 + 1)
# online_share: received in the period R3-R10 -> 8; online or email R3,
#   R4 -> 2; 25.0
# repeat_rate: R8, R9 -> 2 / 8 = 25.0
# one_time_resolution: first items closed in the period whose 90 days
#   have passed: R2 (11-06: to 02-04), R6 (12-23) not yet -> 0 / 0,
#   settles 05-02
# resolution: of the 8 received, closed by 01-31: R6 -> 1 / 8 = 12.5
# key_case_resolution: no item has a lead official: 0 / 0, empty
# target: none is set: empty
cat > want.csv <<'CSV'
rate,numerator,denominator,value,target,open,settles
timely_acceptance,5,7,71.4,,true,2018-02-01
accepted_late,1,7,14.3,,true,2018-02-01
not_accepted,1,7,14.3,,true,2018-02-01
timely_acceptance_unit,1,6,16.7,,true,2018-02-01
on_time_completion,2,5,40.0,,true,2018-02-01
evaluation_participation,1,2,50.0,,true,2018-03-03
satisfaction,1,1,100.0,,true,2018-03-03
first_satisfaction,1,1,100.0,,true,2018-03-03
online_share,2,8,25.0,,true,2018-02-01
repeat_rate,2,8,25.0,,true,2018-02-01
one_time_resolution,0,0,,,true,2018-05-02
resolution,1,8,12.5,,true,2018-02-01
key_case_resolution,0,0,,,true,2018-02-01
CSV
t_csv "every rate" xf-stats rates --from 2017-10-01 --to 2018-01-31 -f csv
t_cmp "every rate's figures" "$OUT" want.csv
t_ok "rates as JSON" xf-stats rates --from 2017-10-01 --to 2018-01-31
t_grep "an empty denominator is null" '^\{"rate":"key_case_resolution","numerator":0,"denominator":0,"value":null,"target":null,"open":true,"settles":"2018-02-01"\}$' "$OUT"

# 三率: timely acceptance, on-time completion, satisfaction.
cat > want3.csv <<'CSV'
rate,numerator,denominator,value,target,open,settles
timely_acceptance,5,7,71.4,,true,2018-02-01
on_time_completion,2,5,40.0,,true,2018-02-01
satisfaction,1,1,100.0,,true,2018-03-03
CSV
t_csv "--set 三率" xf-stats rates --set 三率 --from 2017-10-01 --to 2018-01-31 -f csv
t_cmp "the three rates" "$OUT" want3.csv
# 五率: the three, evaluation participation, one-time resolution.
t_csv "--set 五率" xf-stats rates --set 五率 --from 2017-10-01 --to 2018-01-31 -f csv
t_eq "the five rates" "$(sed 1d "$OUT" | cut -d, -f1 | tr '\n' ' ')" \
    "timely_acceptance on_time_completion evaluation_participation satisfaction one_time_resolution "

# Later, every window closed (2018-06-30): R2 closed 11-06, R9 repeated
# it 12-20 (44 days on): not at one time; R6 closed 12-23, no repeat:
# 1 / 2.  Evaluations: R2, R3, R6 (basic 12-22), R7 (none: window
# closed 02-09), R10 (unsatisfied 12-29) -> 3 / 5; satisfied or basic
# R2, R6 -> 2 / 3.  Settled: open false.
t_csv "every window closed" env XF_NOW=2018-06-30T09:00:00+08:00 xf-stats rates --from 2017-10-01 --to 2018-01-31 -f csv
t_grep "one-time" '^one_time_resolution,1,2,50.0,,false,2018-05-02$' "$OUT"
t_grep "participation" '^evaluation_participation,3,5,60.0,,false,2018-03-03$' "$OUT"
t_grep "satisfaction" '^satisfaction,2,3,66.7,,false,2018-03-03$' "$OUT"
t_grep "the acceptance as it was" '^timely_acceptance,5,7,71.4,,false,2018-02-01$' "$OUT"
# A resolution window of 30 days: R9 came 44 days after R2's closure,
# outside it: 2 / 2.
printf 'resolution_window = 30\n' > window.conf
t_csv "--config resolution_window = 30" env XF_NOW=2018-06-30T09:00:00+08:00 xf-stats rates --config window.conf --from 2017-10-01 --to 2018-01-31 -f csv
t_grep "R9 outside the window" '^one_time_resolution,2,2,100.0,,false,2018-03-03$' "$OUT"

# By unit, region, channel: a row per rate and value, sorted.  R4 was
# never assigned: its unit is empty.
t_csv "--by unit" xf-stats rates --set 三率 --by unit --from 2017-10-01 --to 2018-01-31 -f csv
cat > wantu.csv <<'CSV'
rate,unit,numerator,denominator,value,target,open,settles
timely_acceptance,,0,1,0.0,,true,2018-02-01
timely_acceptance,县人社局,5,6,83.3,,true,2018-02-01
on_time_completion,县人社局,2,5,40.0,,true,2018-02-01
satisfaction,县人社局,1,1,100.0,,true,2018-03-03
CSV
t_cmp "by unit" "$OUT" wantu.csv
# online_share by channel: letter 0/3 (R5, R6, R9), online 1/1 (R3),
# email 1/1 (R4), phone 0/1 (R7), visit 0/2 (R8, R10).
printf 'rate_set.web = online_share\n' > web.conf
t_csv "--by channel" xf-stats rates --config web.conf --set web --by channel --from 2017-10-01 --to 2018-01-31 -f csv
t_eq "a row per channel" "$(sed 1d "$OUT" | cut -d, -f2-4 | tr '\n' ' ')" \
    "email,1,1 letter,0,3 online,1,1 phone,0,1 visit,0,2 "
# The evaluations by channel, every window closed: replies R2, R6
# (letter: satisfied, basic), R3 (online: none), R7 (phone: none), R10
# (visit: unsatisfied).  Participation 2/2, 0/1, 0/1, 1/1; satisfaction
# of the evaluated alone: letter 2/2, visit 0/1, no row for a channel
# none of whose replies was evaluated.
printf 'rate_set.eval = evaluation_participation satisfaction\n' > eval.conf
t_csv "the evaluations by channel" env XF_NOW=2018-06-30T09:00:00+08:00 xf-stats rates --config eval.conf --set eval --by channel --from 2017-10-01 --to 2018-01-31 -f csv
t_eq "no satisfaction where none evaluated" "$(sed 1d "$OUT" | cut -d, -f1-4 | tr '\n' ' ')" \
    "evaluation_participation,letter,2,2 evaluation_participation,online,0,1 evaluation_participation,phone,0,1 evaluation_participation,visit,1,1 satisfaction,letter,2,2 satisfaction,visit,0,1 "
t_fail 2 "--by two dimensions" xf-stats rates --by unit,channel --from 2017-10-01 --to 2018-01-31
t_grep "one dimension" "rates by one dimension" "$ERR"
t_fail 2 "--by not a dimension" xf-stats rates --by colour --from 2017-10-01 --to 2018-01-31

# An empty period: every denominator 0, every value empty.
t_csv "an empty period" xf-stats rates --from 2014-01-01 --to 2014-12-31 -f csv
t_eq "every value empty" "$(sed 1d "$OUT" | cut -d, -f2-4 | sort -u)" "0,0,"

t_done
