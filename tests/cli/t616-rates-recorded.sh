# stores: sqlite pg
# xf-stats rates --as-recorded DATE: the rates of a period as they
# could have been computed on DATE, from what the ledger had recorded by
# then, each step by the time its event was recorded (XF_NOW when it
# was), not by its own date.  January's rates are published on 02-05;
# in March a reply dated in January, a reopening, a visit, a late
# import and a correction are recorded.  January's rates of today
# change; those as recorded on 02-05 are the published ones, byte for
# byte.
. "$TOP/tests/cli/lib.sh"

# CSV lines end in CRLF (RFC 4180): t_csv runs as t_ok, then drops the CRs.
t_csv() {
	t_ok "$@"
	tr -d '\r' < "$TMP/out" > "$TMP/lf" && cat "$TMP/lf" > "$TMP/out"
}

# A step recorded at a time: at NOW, a step of the case of ref.
step() {
	now=$1 ref=$2
	shift 2
	t_sql "SELECT id FROM items WHERE ref = '$ref'" |
	    XF_NOW=$now "$@" > /dev/null 2> step.err ||
	    { echo "failed: $ref $*"; cat step.err; }
}
report() {
	xf-stats rates --from 2018-01-01 --to 2018-01-31 -f csv "$@"
}

# Recorded on 12-01: A, B, C received in November, assigned two days
# later: handling deadlines (assignment + 60) 01-02, 01-11, 01-20.
cat > nov.csv <<'CSV'
ref,received_at,channel,name,phone
A,2017-11-01 09:00,letter,甲,13800000001
B,2017-11-10 09:00,letter,乙,13800000002
C,2017-11-19 09:00,letter,丙,13800000003
CSV
# Recorded on 01-10: E and G received in January (acceptance limits
# 01-20 and 01-18).
cat > jan.csv <<'CSV'
ref,received_at,channel,name,phone
E,2018-01-05 09:00,letter,戊,13800000005
G,2018-01-03 09:00,letter,庚,13800000007
CSV
t_ok "November's items" env XF_NOW=2017-12-01T09:00:00+08:00 xf-intake nov.csv
t_ok "January's items" env XF_NOW=2018-01-10T09:00:00+08:00 xf-intake jan.csv
t_eq "up to 02-05" "$(
	step 2017-12-01T10:00:00+08:00 A xf-assign --unit 县人社局 --date 2017-11-03
	step 2017-12-01T10:00:00+08:00 B xf-assign --unit 县人社局 --date 2017-11-12
	step 2017-12-01T10:00:00+08:00 C xf-assign --unit 县住建局 --date 2017-11-21
	step 2018-01-10T10:00:00+08:00 A xf-close --reply supported --date 2017-12-20
	step 2018-01-10T10:00:00+08:00 E xf-assign --accept --date 2018-01-10
	step 2018-01-10T10:00:00+08:00 G xf-assign --refuse 向人民法院起诉 --date 2018-01-06
	step 2018-01-25T09:00:00+08:00 B xf-close --reply supported --date 2018-01-05
	step 2018-01-25T09:00:00+08:00 B xf-close --close agreement --date 2018-01-06
	step 2018-01-25T09:00:00+08:00 B xf-visit --outcome satisfied --date 2018-01-10)" ""

# January, published on 02-05 (today 02-05), by hand:
# timely_acceptance: first items whose 15 days end in January: E
#   (01-20), G (01-18) -> 2; E accepted 01-10, G refused 01-06 -> 2 / 2
# on_time_completion: deadlines in January A (01-02), B (01-11), C
#   (01-20) -> 3; replied by them A (12-20), B (01-05) -> 2 / 3 = 66.7
# evaluation_participation, satisfaction: replied in January, window
#   (30 days) closed by 02-05: B (01-05, to 02-04), visited satisfied
#   -> 1 / 1, 1 / 1
# online_share, repeat_rate: received in January E, G -> 0 / 2
# resolution: E, G, none closed -> 0 / 2
XF_NOW=2018-02-05T17:00:00+08:00 t_csv "January's rates, published" report
cp "$OUT" published.csv
t_grep "published: timely" '^timely_acceptance,2,2,100\.0,' published.csv
t_grep "published: on time" '^on_time_completion,2,3,66\.7,' published.csv
t_grep "published: participation" '^evaluation_participation,1,1,100\.0,' published.csv
t_grep "published: online" '^online_share,0,2,0\.0,' published.csv
t_grep "published: open" '^one_time_resolution,0,0,,,true,2018-05-02$' published.csv

# Recorded on 03-10: C's reply, dated 01-20 (by its deadline), and its
# visit of 02-01, unsatisfied; B reopened on 03-05; H, received on
# 01-08, imported late; E's channel corrected: online.
t_eq "recorded in March" "$(
	step 2018-03-10T09:00:00+08:00 C xf-close --reply supported --date 2018-01-20
	step 2018-03-10T09:00:00+08:00 C xf-visit --outcome unsatisfied --date 2018-02-01
	step 2018-03-10T09:00:00+08:00 B xf-close --reopen 再次来访 --date 2018-03-05)" ""
cat > late.csv <<'CSV'
ref,received_at,channel,name,phone
H,2018-01-08 09:00,letter,辛,13800000008
CSV
cat > fix.csv <<'CSV'
ref,received_at,channel,name,phone
E,2018-01-05 09:00,online,戊,13800000005
CSV
t_ok "H imported late" env XF_NOW=2018-03-10T09:00:00+08:00 xf-intake late.csv
t_ok "E corrected" env XF_NOW=2018-03-10T09:00:00+08:00 xf-intake --update fix.csv
t_eq "G classified" "$(step 2018-03-10T09:00:00+08:00 G xf-classify --set category=城乡建设)" ""

# January today (03-10), by hand:
# timely_acceptance: E, G and now H (01-08, limit 01-23), not decided
#   -> 2 / 3; not_accepted 1 / 3
# on_time_completion: C replied 01-20, by 01-20 -> 3 / 3
# evaluation_participation: B and C (01-20, window to 02-19) -> 2 / 2;
#   satisfaction: B satisfied, C unsatisfied -> 1 / 2
# online_share: E online, of E, G, H -> 1 / 3
XF_NOW=2018-03-10T10:00:00+08:00
t_csv "January's rates today" report
t_grep "today: timely" '^timely_acceptance,2,3,66\.7,' "$OUT"
t_grep "today: not accepted" '^not_accepted,1,3,33\.3,' "$OUT"
t_grep "today: on time" '^on_time_completion,3,3,100\.0,' "$OUT"
t_grep "today: participation" '^evaluation_participation,2,2,100\.0,' "$OUT"
t_grep "today: satisfaction" '^satisfaction,1,2,50\.0,' "$OUT"
t_grep "today: online" '^online_share,1,3,33\.3,' "$OUT"

# As recorded on 02-05: the published rates, byte for byte; a day is
# to its end, a time to its second.
t_csv "as recorded on 02-05" report --as-recorded 2018-02-05
t_cmp "the published rates" "$OUT" published.csv
t_csv "as recorded at 02-05 17:00" report --as-recorded '2018-02-05 17:00'
t_cmp "the same at the time" "$OUT" published.csv
t_csv "as recorded in the zh form" report --as-recorded 2018年2月5日
t_cmp "the same in any date form" "$OUT" published.csv

# As recorded at 01-25 08:00, today 01-25: B's reply (recorded at
# 09:00) not yet: on time A only -> 1 / 3; at 10:00 -> 2 / 3.  No
# reply's window has closed: participation 0 / 0.
t_csv "as recorded before B's reply" report --as-recorded '2018-01-25 08:00'
t_grep "A only on time" '^on_time_completion,1,3,33\.3,' "$OUT"
t_grep "no window closed" '^evaluation_participation,0,0,,,true,2018-03-03$' "$OUT"
t_csv "as recorded after B's reply" report --as-recorded '2018-01-25T10:00:00+08:00'
t_grep "A and B on time" '^on_time_completion,2,3,66\.7,' "$OUT"

# As recorded on 03-09: C's reply and visit, H and E's correction not
# yet; today 03-09, so C's window would have closed: the same counts as
# published (participation 1 / 1, online 0 / 2, received E, G).
t_csv "as recorded on 03-09" report --as-recorded 2018-03-09
t_grep "03-09: no late import" '^timely_acceptance,2,2,100\.0,' "$OUT"
t_grep "03-09: no correction" '^online_share,0,2,0\.0,' "$OUT"
t_grep "03-09: no visit of C" '^evaluation_participation,1,1,100\.0,' "$OUT"
t_grep "03-09: B not reopened" '^on_time_completion,2,3,66\.7,' "$OUT"

# By unit as recorded: C's unit with no reply by 02-05.
t_csv "by unit as recorded" report --as-recorded 2018-02-05 --by unit --set 三率
t_grep "县住建局 late" '^on_time_completion,县住建局,0,1,0\.0,' "$OUT"
t_grep "县人社局 on time" '^on_time_completion,县人社局,2,2,100\.0,' "$OUT"

# By category: G classified in March, after 02-05: no category then.
t_csv "by category today" report --by category:1 --set 三率
t_grep "G in 城乡建设 today" '^timely_acceptance,城乡建设,1,1,100\.0,' "$OUT"
t_csv "by category as recorded" report --as-recorded 2018-02-05 --by category:1 --set 三率
t_grep "none then" '^timely_acceptance,,2,2,100\.0,' "$OUT"
t_nogrep "not 城乡建设 then" '城乡建设' "$OUT"

# Before anything was recorded: no item, every rate 0 / 0.
t_csv "before any event" report --as-recorded 2017-11-30
t_eq "13 rates" "$(grep -c ',0,0,,' "$OUT")" 13

# The ledger itself is untouched, and opened to read only.
t_eq "the handling kept" "$(t_sql 'SELECT count(*) FROM handlings')" 1
if [ -n "$t_pgdb" ]; then
	t_eq "no table left" "$(t_sql "SELECT count(*) FROM pg_class WHERE relname LIKE 'recorded%'")" 0
else
	t_eq "no table left" "$(t_sql "SELECT count(*) FROM sqlite_master WHERE name LIKE 'recorded%'")" 0
fi

# Usage errors.
t_fail 2 "a bad date" xf-stats rates --from 2018-01-01 --to 2018-01-31 --as-recorded 2018-13-01
t_grep "said so" "^xf-stats: --as-recorded '2018-13-01': " "$ERR"
t_fail 2 "not with count" xf-stats count --by month --as-recorded 2018-02-05
t_fail 2 "not by due_state" xf-stats rates --from 2018-01-01 --to 2018-01-31 --as-recorded 2018-02-05 --by due_state

t_done
