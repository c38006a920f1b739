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
#   R2 assigned 2017-09-25, replied 2017-11-01 (due 11-24: on time),
#       visited satisfied 11-05, closed 11-06 (R9 comes 12-20, within
#       90 days);
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

# timely_acceptance: first items of the office's own intake (every item
#   here is direct) whose acceptance period (received day +
#   15) ends from 10-01 to 01-31: R2 (10-05), R3 (10-25), R4 (12-05),
#   R5 (12-10), R6 (10-20), R7 (01-20), R10 (12-30) -> 7 (R1 ended
#   08-16; R8, R9 are repeats); accepted by then: R2, R5, R6, R7, R10
#   -> 5 (R3 on 10-30, R4 never); 5 / 7 = 71.4
# on_time_completion: replied in the period R2, R3, R6, R7, R10; open
#   with due in the period R1 (10-01, overdue), R5 (01-25, not yet due)
#   -> 7; replied on time R2, R3, R7, R10 -> 4; 4 / 7 = 57.1
# evaluation_participation: replied in the period R2 (satisfied), R3
#   (window over, none), R6 (basic), R7 (inside the window: left out),
#   R10 (unsatisfied) -> 4; evaluated 3; 3 / 4 = 75.0
# satisfaction: evaluated R2, R6, R10 -> 3; satisfied or basic R2, R6
#   -> 2; 66.7; first_satisfaction: all three are first: 2 / 3 = 66.7
# online_share: received in the period R3-R10 -> 8; online or email R3,
#   R4 -> 2; 25.0
# repeat_rate: R8, R9 -> 2 / 8 = 25.0
# one_time_resolution: first items closed in the period R2 (11-06), R6
#   (12-23) -> 2; R9 repeats R2 on 12-20 (44 days on) -> 1; 50.0
# resolution: closed among the 8 received: R6 -> 1 / 8 = 12.5
# key_case_resolution: no item has a lead official: 0 / 0, empty
# timely_acceptance_unit: no item came transferred or assigned from
#   above: 0 / 0, empty (t620-report.sh has one with figures)
# target: none is set: empty
cat > want.csv <<'CSV'
rate,numerator,denominator,value,target
timely_acceptance,5,7,71.4,
timely_acceptance_unit,0,0,,
on_time_completion,4,7,57.1,
evaluation_participation,3,4,75.0,
satisfaction,2,3,66.7,
first_satisfaction,2,3,66.7,
online_share,2,8,25.0,
repeat_rate,2,8,25.0,
one_time_resolution,1,2,50.0,
resolution,1,8,12.5,
key_case_resolution,0,0,,
CSV
t_csv "every rate" xf-stats rates --from 2017-10-01 --to 2018-01-31 -f csv
t_cmp "every rate's figures" "$OUT" want.csv
t_ok "rates as JSON" xf-stats rates --from 2017-10-01 --to 2018-01-31
t_grep "an empty denominator is null" '^\{"rate":"key_case_resolution","numerator":0,"denominator":0,"value":null,"target":null\}$' "$OUT"

# 三率: timely acceptance, on-time completion, satisfaction.
cat > want3.csv <<'CSV'
rate,numerator,denominator,value,target
timely_acceptance,5,7,71.4,
on_time_completion,4,7,57.1,
satisfaction,2,3,66.7,
CSV
t_csv "--set 三率" xf-stats rates --set 三率 --from 2017-10-01 --to 2018-01-31 -f csv
t_cmp "the three rates" "$OUT" want3.csv
# 五率: the three, evaluation participation, one-time resolution.
t_csv "--set 五率" xf-stats rates --set 五率 --from 2017-10-01 --to 2018-01-31 -f csv
t_eq "the five rates" "$(sed 1d "$OUT" | cut -d, -f1 | tr '\n' ' ')" \
    "timely_acceptance on_time_completion evaluation_participation satisfaction one_time_resolution "

# A resolution window of 30 days: R9 came 44 days after R2's closure,
# outside it, so both R2 and R6 were resolved at one time: 2 / 2.
printf 'resolution_window = 30\n' > window.conf
t_csv "--config resolution_window = 30" xf-stats rates --config window.conf --from 2017-10-01 --to 2018-01-31 -f csv
t_grep "R9 outside the window" '^one_time_resolution,2,2,100.0,$' "$OUT"

# An empty period: every denominator 0, every value empty.
t_csv "an empty period" xf-stats rates --from 2014-01-01 --to 2014-12-31 -f csv
t_eq "every value empty" "$(sed 1d "$OUT" | cut -d, -f2- | sort -u)" "0,0,,"

t_done
