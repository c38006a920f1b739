# stores: sqlite pg
# xf-stats: summary (every measure, the year before, the period before),
# count by dimensions, backlog, daily; time-zone edges, empty periods,
# the output formats, usage errors.  Every figure is worked out by hand
# in the comments from the ledger built here.
. "$TOP/tests/cli/lib.sh"

# CSV lines end in CRLF (RFC 4180): t_csv runs as t_ok, then drops the CRs.
t_csv() {
	t_ok "$@"
	tr -d '\r' < "$OUT" > "$TMP/lf" && cat "$TMP/lf" > "$OUT"
}

t_fail 1 "no ledger yet" xf-stats backlog
t_grep "says there is none" "no ledger there" "$ERR"

# The office is a county office (the default); online channels are
# online and email (the default).
cat > items.csv <<'CSV'
ref,received_at,channel,source,lodged_level,irregular,people,first,category,region,name
A00,2015-02-28 10:00,letter,direct,county,no,1,yes,,,甲
A01,2016-01-01T00:30:00+08:00,phone,direct,county,no,1,yes,,,乙
A02,2016-03-01 09:00,visit,direct,county,no,2,yes,,,丙
A03,2016-05-05 09:00,visit,direct,national,yes,1,yes,,,丁
A04,2016-06-03 09:00,online,direct,county,no,1,yes,,,戊
A05,2016-07-01 09:00,letter,direct,county,no,1,yes,,,己
B01,2017-03-01 10:00,visit,direct,county,no,1,yes,劳动和社会保障/工资福利,131028001,庚
B02,2017-03-02 10:00,visit,direct,county,no,6,yes,劳动和社会保障/劳动关系,131028002,辛
B03,2017-04-10 10:00,visit,direct,county,no,5,no,,131082,壬
B04,2017-05-05 10:00,visit,direct,national,yes,2,yes,,,癸
B05,2017-05-06 10:00,visit,direct,province,no,3,no,,,子
B06,2017-06-01 10:00,visit,direct,city,no,1,yes,,,丑
B07,2017-06-02 10:00,letter,direct,county,no,2,yes,城乡建设,,寅
B08,2017-06-03 10:00,online,transferred,county,no,1,yes,,,卯
B09,2017-07-01 10:00,email,assigned,county,no,1,yes,,,辰
B10,2017-07-02 10:00,phone,direct,county,no,1,yes,,,巳
B11,2017-12-31T23:30:00+08:00,letter,direct,county,no,1,yes,,,午
B12,2018-01-01T00:30:00+08:00,visit,direct,county,no,1,yes,,,未
CSV
t_ok "register" xf-intake items.csv

# The casework, for backlog and daily (XF_NOW is 2018-01-15):
#   B01 assigned to 县人社局 on 2017-03-05: due 2017-05-04, very overdue;
#   B02 assigned there, extended by 30 days: due 2017-06-03 (90 days),
#       very overdue, extended;
#   B06 assigned to 县住建局 on 2017-06-02, replied, visited and closed
#       on 2017-06-18: not open;
#   B09 accepted without a unit on 2017-07-05: due 2017-09-03, very
#       overdue;
#   B10 assigned to 县住建局 on 2017-11-17: due 2018-01-16, due soon;
#   B12 assigned to 县住建局 on 2018-01-02: due 2018-03-03, on time;
#   the others stay registered (not open in the backlog's sense).
step() {
	id=$1
	shift
	t_ok "$* $id" sh -c "echo $id | $*"
}
step 20170301-0001 xf-assign --unit 县人社局 --date 2017-03-05
step 20170302-0001 xf-assign --unit 县人社局 --date 2017-03-05
step 20170302-0001 xf-assign --extend 30 --reason 需调查取证 --date 2017-04-01
step 20170601-0001 xf-assign --unit 县住建局 --date "'2017-06-02 10:00'"
step 20170601-0001 xf-close --reply supported --date "'2017-06-18 10:00'"
step 20170601-0001 xf-visit --kind phone --outcome satisfied --date "'2017-06-18 11:00'"
step 20170601-0001 xf-close --close agreement --date "'2017-06-18 12:00'"
step 20170701-0001 xf-assign --accept --date 2017-07-05
step 20170702-0001 xf-assign --unit 县住建局 --date 2017-11-17
step 20180101-0001 xf-assign --unit 县住建局 --date 2018-01-02
# Key cases: B01 (overdue: a 积案 of 县人社局), B12 (on time) and B03
# (registered, overdue for its acceptance decision).
step 20170301-0001 xf-classify --set key_case=yes
step 20180101-0001 xf-classify --set key_case=yes
step 20170410-0001 xf-classify --set key_case=yes

# ------------------------------------------------------------------
# summary of 2017 against 2016.
#   2017 (B01-B11; B12 at 00:30 on 2018-01-01 is 2018, B11 at 23:30 on
#   2017-12-31 is 2017), 2016 (A01-A05; A01 at 00:30 on 2016-01-01,
#   still 2015 in UTC, is 2016); the change on items, then on people:
#   visits at county level: B01 1, B02 6, B03 5 -> 3, 12; A02 -> 1, 2;
#       change (3 - 1) / 1 = 200.0, (12 - 2) / 2 = 500.0
#   first_visits: B01, B02 -> 2, 7; A02 -> 1, 2; 100.0, 250.0
#   collective_visits (5 or more): B02, B03 -> 2, 11; none -> empty
#   first_collective_visits: B02 -> 1, 6; none -> empty
#   online_from_above: B08 (online, transferred), B09 (email, assigned)
#       -> 2, 2; A04 is direct -> 0 -> empty
#   skip_level: B04 national 2, B05 province 3, B06 city 1 -> 3, 6;
#       A03 -> 1, 1; 200.0, 500.0
#   skip_level_national: B04 -> 1, 2; A03 -> 1, 1; 0.0, 100.0
#   skip_level_province: B05 -> 1, 3; empty
#   skip_level_city: B06 -> 1, 1; empty
#   irregular_national: B04 -> 1, 2; A03 -> 1, 1; 0.0, and on people,
#       the figure published (人次), (2 - 1) / 1 = 100.0
#   letters: B07 2, B11 1 -> 2, 3; A05 -> 1, 1; 100.0, 200.0
#   phone: B10 -> 1, 1; A01 -> 1, 1; 0.0, 0.0
#   online (online, email): B08, B09 -> 2, 2; A04 -> 1, 1; 100.0, 100.0
#   all: 11 items, 1+6+5+2+3+1+2+1+1+1+1 = 24 people; 5, 6; 120.0,
#       (24 - 6) / 6 = 300.0
cat > want.csv <<'CSV'
measure,items,people,previous_items,previous_people,change_pct,people_change_pct
visits,3,12,1,2,200.0,500.0
first_visits,2,7,1,2,100.0,250.0
collective_visits,2,11,0,0,,
first_collective_visits,1,6,0,0,,
online_from_above,2,2,0,0,,
skip_level,3,6,1,1,200.0,500.0
skip_level_national,1,2,1,1,0.0,100.0
skip_level_province,1,3,0,0,,
skip_level_city,1,1,0,0,,
irregular_national,1,2,1,1,0.0,100.0
letters,2,3,1,1,100.0,200.0
phone,1,1,1,1,0.0,0.0
online,2,2,1,1,100.0,100.0
all,11,24,5,6,120.0,300.0
leader_receptions,0,0,0,0,,
leader_receptions_county,0,0,0,0,,
leader_receptions_township,0,0,0,0,,
leader_receptions_village,0,0,0,0,,
leader_receptions_collective,0,0,0,0,,
lawful_measures,0,0,0,0,,
lawful_admonition,0,0,0,0,,
lawful_detention,0,0,0,0,,
lawful_arrest,0,0,0,0,,
lawful_other,0,0,0,0,,
CSV
t_csv "summary of 2017" xf-stats summary --from 2017-01-01 --to 2017-12-31 -f csv
t_cmp "every measure" "$OUT" want.csv
t_csv "the same with --compare year and other date forms" \
    xf-stats summary --from 2017/1/1 --to 2017年12月31日 --compare year -f csv
t_cmp "the same figures" "$OUT" want.csv
t_ok "summary as JSON" xf-stats summary --from 2017-01-01 --to 2017-12-31
t_grep "a measure as JSON" '^\{"measure":"visits","items":3,"people":12,"previous_items":1,"previous_people":2,"change_pct":200.0,"people_change_pct":500.0\}$' "$OUT"
t_grep "an empty change is null" '^\{"measure":"collective_visits","items":2,"people":11,"previous_items":0,"previous_people":0,"change_pct":null,"people_change_pct":null\}$' "$OUT"

# 2018 so far: B12 only (00:30 on 2018-01-01); 2017-01-01 to 01-15 had
# nothing: the change is empty, not a division by zero.
t_csv "summary of 2018 so far" xf-stats summary --from 2018-01-01 --to 2018-01-15 -f csv
t_grep "the 00:30 visit is 2018's" '^visits,1,1,0,0,,$' "$OUT"
t_grep "all of 2018" '^all,1,1,0,0,,$' "$OUT"
# The last day of 2017 holds B11 (23:30 +08:00, 15:30 UTC).
t_csv "summary of 2017-12-31" xf-stats summary --from 2017-12-31 --to 2017-12-31 -f csv
t_grep "the 23:30 letter is 2017's" '^letters,1,1,0,0,,$' "$OUT"
t_grep "and nothing else" '^all,1,1,0,0,,$' "$OUT"

# An empty period, and an empty period before it.
t_csv "summary of 2014" xf-stats summary --from 2014-01-01 --to 2014-12-31 -f csv
t_eq "every measure zero" "$(sed 1d "$OUT" | cut -d, -f2- | sort -u)" "0,0,0,0,,"
t_eq "a row a measure" "$(sed 1d "$OUT" | wc -l | tr -d ' ')" 24

# 29 February: the year before is 28 February 2015 (A00).
t_csv "summary of 2016-02-29" xf-stats summary --from 2016-02-29 --to 2016-02-29 -f csv
t_grep "compared with 2015-02-28" '^letters,0,0,1,1,-100.0,-100.0$' "$OUT"

# --compare previous: 2017-05-01 to 06-30 is 61 days, the period before
# is 2017-03-01 to 04-30: now B04-B08 (5 items; visits at county level
# none), before B01-B03 (3 items, 12 people; 3 visits at county level):
# all (5 - 3) / 3 = 66.7, on people (9 - 12) / 12 = -25.0; visits
# (0 - 3) / 3 = -100.0, (0 - 12) / 12 = -100.0.
t_csv "--compare previous" xf-stats summary --from 2017-05-01 --to 2017-06-30 --compare previous -f csv
t_grep "all against the 61 days before" '^all,5,9,3,12,66.7,-25.0$' "$OUT"
t_grep "visits fell" '^visits,0,0,3,12,-100.0,-100.0$' "$OUT"
t_grep "skip-level, none before" '^skip_level,3,6,0,0,,$' "$OUT"

t_ok "table with Chinese headers" xf-stats summary --from 2017-01-01 --to 2017-12-31 -f table --header zh
t_grep "a table row" '^irregular_national +1 +2 +1 +1 +0.0 +100.0$' "$OUT"
t_csv "--bom" xf-stats summary --from 2017-01-01 --to 2017-12-31 -f csv --bom
t_eq "starts with a BOM" "$(head -c 3 "$OUT" | od -An -tx1 | tr -d ' ')" efbbbf

# ------------------------------------------------------------------
# count.  By year and channel (batches: items by visit):
#   2015 letter A00; 2016 letter A05, online A04, phone A01, visit A02
#   and A03 (3 people); 2017 email B09, letter B07 B11 (3 people),
#   online B08, phone B10, visit B01-B06 (1+6+5+2+3+1 = 18 people);
#   2018 visit B12.
cat > want.csv <<'CSV'
year,channel,items,people,batches
2015,letter,1,1,0
2016,letter,1,1,0
2016,online,1,1,0
2016,phone,1,1,0
2016,visit,2,3,2
2017,email,1,1,0
2017,letter,2,3,0
2017,online,1,1,0
2017,phone,1,1,0
2017,visit,6,18,6
2018,visit,1,1,1
CSV
t_csv "count by year and channel" xf-stats count --by year,channel -f csv
t_cmp "by year and channel" "$OUT" want.csv
# The visits of 2017 by first and collective (flags print as false/true): (0,0) B05 3 people;
# (0,1) B03 5; (1,0) B01 B04 B06 1+2+1; (1,1) B02 6.
cat > want.csv <<'CSV'
first,collective,items,people,batches
false,false,1,3,1
false,true,1,5,1
true,false,3,4,3
true,true,1,6,1
CSV
t_csv "count by first and collective" xf-stats count --by first,collective --channel 来访 --from 2017-01-01 --to 2017-12-31 -f csv
t_cmp "by first and collective" "$OUT" want.csv
t_csv "count by day at the year's turn" xf-stats count --by day --from 2017-12-31 --to 2018-01-01 -f csv
t_eq "each on its day in the office's zone" "$(sed 1d "$OUT" | tr '\n' ' ')" \
    "2017-12-31,1,1,0 2018-01-01,1,1,1 "
t_csv "count by month, quarter, week" xf-stats count --by month,quarter,week --from 2017-03-01 --to 2017-03-02 -f csv
t_eq "2017-03-01 is a Wednesday of week 09" "$(sed 1d "$OUT")" "2017-03,2017-Q1,2017-W09,2,7,2"
t_csv "count by category level 1 under a prefix" xf-stats count --by category1,category2 --category 劳动和社会保障 -f csv
t_eq "two second-level categories" "$(sed 1d "$OUT" | tr '\n' ' ')" \
    "劳动和社会保障,劳动和社会保障/劳动关系,1,6,1 劳动和社会保障,劳动和社会保障/工资福利,1,1,1 "
t_csv "count by region prefix" xf-stats count --by region --region-digits 4 --region 1310 -f csv
t_eq "131028... and 131082 under 1310" "$(sed 1d "$OUT" | tr '\n' ' ')" "1310,3,12,3 "
t_csv "count by unit and status" xf-stats count --by unit,status --status assigned -f csv
t_eq "assigned cases by unit" "$(sed 1d "$OUT" | tr '\n' ' ')" \
    "县人社局,assigned,1,1,1 县住建局,assigned,2,2,1 "
t_csv "count by lodged_level and source" xf-stats count --by lodged_level,source --from 2017-05-01 --to 2017-06-30 -f csv
t_eq "levels and sources" "$(sed 1d "$OUT" | tr '\n' ' ')" \
    "city,direct,1,1,1 county,direct,1,2,0 county,transferred,1,1,0 national,direct,1,2,1 province,direct,1,3,1 "
t_csv "count of an empty period" xf-stats count --by year --from 2010-01-01 --to 2010-12-31 -f csv
t_eq "no rows, no header" "$(cat "$OUT")" ""

# ------------------------------------------------------------------
# backlog on 2018-01-15 (due_soon 7 days).
#   acceptance: registered, past the 15 days to decide: A00-A05 and
#   B03 B04 B05 B07 B08, all due by 2017-06-18, very overdue (15 more
#   days); B03 a key case; B11 (due 2018-01-15, today) is not overdue.
#   handling, the open cases (accepted, assigned, extended, reopened,
#   review, re-review) by unit:
#     no unit: B09, overdue since 2017-09-03, very overdue after 11-02;
#     县人社局: B01 and B02, both very overdue, B02 extended;
#     县住建局: B10 due 2018-01-16 (soon), B12 on time; B06 closed.
#   total: open 11 + 1 + 2 + 2 = 16, due soon 1, overdue 11 + 1 + 2 = 14,
#   very overdue 14, extended 1, key cases overdue B03 B01.
cat > want.csv <<'CSV'
stage,unit,open,due_soon,overdue,very_overdue,extended,key_overdue
acceptance,,11,0,11,11,0,1
handling,,1,0,1,1,0,0
handling,县人社局,2,0,2,2,1,1
handling,县住建局,2,1,0,0,0,0
total,,16,1,14,14,1,2
CSV
t_csv "backlog" xf-stats backlog -f csv
t_cmp "per unit" "$OUT" want.csv
t_ok "backlog as JSON" xf-stats backlog
t_grep "no unit for acceptance" '^\{"stage":"acceptance","unit":null,"open":11,' "$OUT"
t_grep "no unit: an empty one" '^\{"stage":"handling","unit":"","open":1,' "$OUT"
t_grep "nor for the total" '^\{"stage":"total","unit":null,"open":16,' "$OUT"
# On 2018-01-17 B10 is overdue (not very overdue: 60 more days), and so
# is B11 for its decision (not very: 15 more days): acceptance 12, 12
# overdue, 11 very; total 17 open, none due soon, 12 + 1 + 2 + 1 = 16
# overdue, 11 + 1 + 2 = 14 very.
t_csv "backlog two days on" env XF_NOW=2018-01-17 xf-stats backlog -f csv
t_grep "B10 overdue" '^handling,县住建局,2,0,1,0,0,0$' "$OUT"
t_grep "B11 overdue" '^acceptance,,12,0,12,11,0,1$' "$OUT"
t_grep "the total" '^total,,17,0,16,14,1,2$' "$OUT"
# Nothing overdue, nothing open: the two rows, with zeros.
t_csv "backlog of an empty ledger" env XF_DB=$TMP/empty.db sh -c \
    'xf-intake /dev/null > /dev/null && xf-stats backlog -f csv'
t_eq "acceptance and total" "$(sed 1d "$OUT" | tr '\n' ' ')" \
    "acceptance,,0,0,0,0,0,0 total,,0,0,0,0,0,0 "

# ------------------------------------------------------------------
# daily.  2017-06-18: B06 replied, visited, closed; B07 (registered,
# due 2017-06-17, 2 people) fell overdue; nothing received.
cat > want.csv <<'CSV'
date,measure,items,people
2017-06-18,registered,0,0
2017-06-18,letters,0,0
2017-06-18,visits,0,0
2017-06-18,online,0,0
2017-06-18,phone,0,0
2017-06-18,collective_visits,0,0
2017-06-18,skip_level,0,0
2017-06-18,accepted,0,0
2017-06-18,transferred,0,0
2017-06-18,refused,0,0
2017-06-18,replied,1,1
2017-06-18,closed,1,1
2017-06-18,visits_made,1,
2017-06-18,fell_overdue,1,2
CSV
t_csv "daily" xf-stats daily --date 2017-06-18 -f csv
t_cmp "the day's measures" "$OUT" want.csv
# 2017-06-02: B07 received (letter, 2 people), B06 accepted.
t_csv "daily of a day with intake" xf-stats daily --date 2017/6/2 -f csv
t_grep "registered" '^2017-06-02,registered,1,2$' "$OUT"
t_grep "a letter" '^2017-06-02,letters,1,2$' "$OUT"
t_grep "accepted" '^2017-06-02,accepted,1,1$' "$OUT"
t_grep "none fell overdue" '^2017-06-02,fell_overdue,0,0$' "$OUT"
# 2017-03-02: B02, a collective visit of 6.
t_csv "daily of a collective visit" xf-stats daily --date 2017-03-02 -f csv
t_grep "a visit" '^2017-03-02,visits,1,6$' "$OUT"
t_grep "collective" '^2017-03-02,collective_visits,1,6$' "$OUT"
# 2017-05-05: B04, a visit in Beijing.
t_csv "daily of a skip-level visit" xf-stats daily --date 2017-05-05 -f csv
t_grep "skip-level" '^2017-05-05,skip_level,1,2$' "$OUT"
t_csv "daily at 00:30" xf-stats daily --date 2018-01-01 -f csv
t_grep "B12 on 2018-01-01" '^2018-01-01,visits,1,1$' "$OUT"
t_csv "daily by default: yesterday" xf-stats daily -f csv
t_grep "2018-01-14" '^2018-01-14,registered,0,0$' "$OUT"
t_eq "a row a measure" "$(sed 1d "$OUT" | wc -l | tr -d ' ')" 14

# ------------------------------------------------------------------
# Usage errors.
t_fail 2 "no report" xf-stats
t_grep "which report" "^xf-stats: which report" "$ERR"
t_fail 2 "unknown report" xf-stats ratios
t_grep "report named" "^xf-stats: 'ratios': not a report" "$ERR"
t_fail 2 "unknown dimension" xf-stats count --by year,colour
t_grep "dimension named" "^xf-stats: --by 'colour': not a dimension$" "$ERR"
t_fail 2 "count without --by" xf-stats count
t_fail 2 "summary without a period" xf-stats summary --from 2017-01-01
t_fail 2 "bad date" xf-stats summary --from 2017-02-30 --to 2017-12-31
t_grep "date named" "^xf-stats: --from '2017-02-30': " "$ERR"
t_fail 2 "--from after --to" xf-stats summary --from 2017-12-31 --to 2017-01-01
t_grep "the order said" "^xf-stats: --from 2017-12-31 is after --to 2017-01-01$" "$ERR"
t_fail 2 "bad --compare" xf-stats summary --from 2017-01-01 --to 2017-12-31 --compare month
t_fail 2 "bad --date" xf-stats daily --date tomorrow
t_fail 2 "bad --region-digits" xf-stats count --by region --region-digits 0
t_fail 2 "bad --channel" xf-stats count --by year --channel pigeon
t_fail 2 "an option of another report" xf-stats backlog --by unit
t_fail 2 "two reports" xf-stats daily backlog
t_fail 1 "no such ledger" xf-stats backlog --db nowhere.db
t_grep "ledger named" "nowhere.db: no ledger there" "$ERR"
t_done
