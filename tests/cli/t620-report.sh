# stores: sqlite pg
# xf-stats for reports: timely acceptance for the office and for the
# responsible unit, sets of rates and targets from the settings, charts
# (--chart, SVG), the days without items (--zeros), and
# scripts/cron-daily.  Every figure is worked out by hand in the
# comments.
. "$TOP/tests/cli/lib.sh"

# CSV lines end in CRLF (RFC 4180): t_csv runs as t_ok, then drops the CRs.
t_csv() {
	t_ok "$@"
	tr -d '\r' < "$OUT" > "$TMP/lf" && cat "$TMP/lf" > "$OUT"
}

# Well-formed XML: by xmllint where there is one, else at least one
# root element, closed, with the namespace of SVG.
t_svg() {
	if command -v xmllint > /dev/null 2>&1; then
		if xmllint --noout "$2" 2> "$TMP/xmllint"; then
			t_pass
		else
			t_failure "$1: not well-formed" "$TMP/xmllint"
		fi
	else
		t_eq "$1: one svg element" "$(grep -c '^<svg xmlns="http://www.w3.org/2000/svg" ' "$2") $(grep -c '^</svg>$' "$2")" "1 1"
	fi
}

# The items, all first items of different people; XF_NOW is 2018-01-15.
#   U1 transferred from above, received 10-01, accepted 10-16: the 15th
#      day, on time;
#   U2 assigned from above, received 10-05, accepted 10-25: late (10-20);
#   U3 transferred, received 12-10, never accepted: its 15 days end 12-25;
#   U4 assigned, received 12-20, accepted 12-21: its 15 days end
#      2018-01-04, after the period;
#   U5 transferred, received 09-10: its 15 days end 09-25, before it;
#   D1 direct, received 10-02, accepted 10-03: on time;
#   D2 from screening, received 11-01, never accepted: 11-16.
cat > items.csv <<'CSV'
ref,received_at,channel,source,lodged_level,people,first,name,phone
U1,2017-10-01 09:00,letter,transferred,county,1,yes,甲,13800000001
U2,2017-10-05 09:00,online,assigned,county,2,yes,乙,13800000002
U3,2017-12-10 09:00,letter,transferred,county,1,yes,丙,13800000003
U4,2017-12-20 09:00,letter,assigned,county,1,yes,丁,13800000004
U5,2017-09-10 09:00,letter,transferred,county,1,yes,戊,13800000005
D1,2017-10-02 09:00,visit,direct,county,3,yes,己,13800000006
D2,2017-11-01 09:00,phone,screening,county,1,yes,庚,13800000007
CSV
t_ok "register" xf-intake items.csv
accept() {
	t_ok "accept $1 on $2" sh -c "echo $1 | xf-assign --accept --date $2"
}
accept 20171001-0001 2017-10-16
accept 20171005-0001 2017-10-25
accept 20171220-0001 2017-12-21
accept 20171002-0001 2017-10-03
t_eq "the acceptances" "$(t_sql "SELECT group_concat(ref || ' ' ||
    substr(accepted_at, 1, 10), ', ') FROM (SELECT * FROM items WHERE
    accepted_at IS NOT NULL ORDER BY ref) AS s")" \
    "D1 2017-10-03, U1 2017-10-16, U2 2017-10-25, U4 2017-12-21"

# Key cases with a lead official: U1 and U2 (D1 has a lead official but
# is no key case); U1 replied 10-20 and closed 10-21.
t_ok "lead officials" sh -c "printf '%s\n' 20171001-0001 20171005-0001 \
    20171002-0001 | xf-assign --unit 县人社局 --lead 王局长 --date 2017-10-16"
# The units record their acceptance: 县人社局 accepts U1 on 10-16 and D1
# on 11-05.
t_ok "the units' acceptances" sh -c "echo 20171001-0001 |
    xf-assign --unit-accept --date 2017-10-16 && echo 20171002-0001 |
    xf-assign --unit-accept --date 2017-11-05"

t_ok "key cases" sh -c "printf '%s\n' 20171001-0001 20171005-0001 |
    xf-classify --set key_case=是"
t_ok "U1 replied" sh -c "echo 20171001-0001 |
    xf-close --reply supported --date 2017-10-20"
t_ok "U1 closed" sh -c "echo 20171001-0001 |
    xf-close --close agreement --date 2017-10-21"
t_eq "the key cases" "$(t_sql "SELECT group_concat(ref, ' ') FROM (SELECT
    ref FROM items WHERE key_case = 1 AND lead IS NOT NULL ORDER BY ref) AS s")" \
    "U1 U2"

# timely_acceptance (the office's decision on every first item): the 15
#   days end in the period for U1 (10-16), U2 (10-20), U3 (12-25), D1
#   (10-17), D2 (11-16) -> 5 (U4's end 2018-01-04, U5's 09-25); decided
#   by then U1 (on its last day), D1 -> 2; 40.0; U2 late (10-25):
#   accepted_late 1 / 5; U3, D2 never: not_accepted 2 / 5
# timely_acceptance_unit: the cases assigned to a unit, U1, U2, D1, the
#   15 days of U1 and U2 (from above) from their arrival, 10-16 and
#   10-20, of D1 from its assignment (10-16), 10-31 -> 3; the unit
#   accepted U1 on 10-16, in time, D1 on 11-05, late -> 1; 33.3
cat > units.conf <<'CONF'
# the county's assessment: the two acceptances
rate_set.县考核 = timely_acceptance, timely_acceptance_unit
rate_set.三率 = satisfaction
target.timely_acceptance_unit = 99.5
target.timely_acceptance = 100
CONF
cat > want.csv <<'CSV'
rate,numerator,denominator,value,target,open,settles
timely_acceptance,2,5,40.0,100,false,2018-01-01
timely_acceptance_unit,1,3,33.3,99.5,false,2018-01-01
CSV
t_csv "a set of the settings" xf-stats rates --config units.conf \
    --set 县考核 --from 2017-10-01 --to 2017-12-31 -f csv
t_cmp "the office's and the units' timely acceptance" "$OUT" want.csv
t_csv "every rate" xf-stats rates --from 2017-10-01 --to 2017-12-31 -f csv
t_grep "the office's, no target" '^timely_acceptance,2,5,40\.0,,false,2018-01-01$' "$OUT"
t_grep "decided late" '^accepted_late,1,5,20\.0,,false,2018-01-01$' "$OUT"
t_grep "not decided" '^not_accepted,2,5,40\.0,,false,2018-01-01$' "$OUT"
t_grep "the unit's, no target" '^timely_acceptance_unit,1,3,33\.3,,false,2018-01-01$' "$OUT"
# key_case_resolution: U1, U2 received in the period -> 2; U1 closed by
# its end: 50.0
t_grep "key cases resolved" '^key_case_resolution,1,2,50\.0,,false,2018-01-01$' "$OUT"
t_csv "--set all" xf-stats rates --set all --from 2017-10-01 \
    --to 2017-12-31 -f csv
t_eq "all is every rate" "$(sed 1d "$OUT" | wc -l | tr -d ' ')" 13
t_ok "as JSON" xf-stats rates --config units.conf --set 县考核 \
    --from 2017-10-01 --to 2017-12-31
t_grep "a target is a number" '"target":99\.5,"open":false,"settles":"2018-01-01"\}$' "$OUT"

# A set redefined by the settings; the built-in 五率 stays.
t_csv "三率 redefined" xf-stats rates --config units.conf --set 三率 \
    --from 2017-10-01 --to 2017-12-31 -f csv
t_eq "only satisfaction" "$(sed 1d "$OUT" | cut -d, -f1)" satisfaction
t_csv "五率 built in" xf-stats rates --config units.conf --set 五率 \
    --from 2017-10-01 --to 2017-12-31 -f csv
t_eq "the five" "$(sed 1d "$OUT" | cut -d, -f1 | tr '\n' ' ')" \
    "timely_acceptance on_time_completion evaluation_participation satisfaction one_time_resolution "
t_fail 2 "a set no one defined" xf-stats rates --config units.conf \
    --set 四率 --from 2017-10-01 --to 2017-12-31
t_grep "the sets there are" "'四率': not a set of rates \(三率, 五率, 县考核, all\)" "$ERR"

# Bad settings: configuration errors, with the line.
bad_setting() {
	printf '%s\n' "$2" > bad.conf
	t_fail 3 "$1" xf-stats rates --config bad.conf --from 2017-10-01 \
	    --to 2017-12-31
	t_grep "$1: the line" "^xf-stats: bad\.conf:1: " "$ERR"
}
bad_setting "a set with an unknown rate" "rate_set.x = satisfaction happiness"
bad_setting "an empty set" "rate_set.x = "
bad_setting "a set named all" "rate_set.all = satisfaction"
bad_setting "a target over 100" "target.satisfaction = 120"
bad_setting "a target not a number" "target.satisfaction = 九十"
bad_setting "a target of no rate" "target.happiness = 90"

# --zeros: every day of the period, those without items too.
cat > want.csv <<'CSV'
day,items,people,batches
2017-10-01,1,1,0
2017-10-02,1,3,1
2017-10-03,0,0,0
2017-10-04,0,0,0
2017-10-05,1,2,0
CSV
t_csv "--zeros" xf-stats count --by day --zeros --from 2017-10-01 \
    --to 2017-10-05 -f csv
t_cmp "the days, with zeros" "$OUT" want.csv
t_csv "--zeros with a filter" xf-stats count --by day --zeros \
    --channel letter --from 2017-10-01 --to 2017-10-03 -f csv
t_eq "letters only" "$(sed 1d "$OUT" | tr '\n' ' ')" \
    "2017-10-01,1,1,0 2017-10-02,0,0,0 2017-10-03,0,0,0 "
t_fail 2 "--zeros by month" xf-stats count --by month --zeros \
    --from 2017-10-01 --to 2017-10-05
t_fail 2 "--zeros without --from" xf-stats count --by day --zeros \
    --to 2017-10-05
t_fail 2 "--zeros with another report" xf-stats rates --zeros \
    --from 2017-10-01 --to 2017-10-05

# Charts.  The rates against their targets, in Chinese: 40.0 of 100
# is a bar of 168 pixels (the scale is 420 wide), 33.3 one of 140; the
# targets are marks at 420 and 418 pixels from the scale's start.
t_ok "a bar chart of rates" xf-stats rates --config units.conf \
    --set 县考核 --from 2017-10-01 --to 2017-12-31 --chart bar --lang zh \
    --title '受理 A&B <x> "q"'
cp "$OUT" rates.svg
t_svg "the rates' chart" rates.svg
t_grep "the office's rate in Chinese" '>信访部门及时受理率</text>' rates.svg
t_grep "the units' rate in Chinese" '>责任单位及时受理率</text>' rates.svg
t_eq "two bars" "$(grep -o '<rect [^>]*width="[0-9]*"' rates.svg |
    sed 's/.*width=//' | tr '\n' ' ')" '"168" "140" '
t_grep "the values, in percent" '>40\.0%</text>' rates.svg
t_grep "the unit's value" '>33\.3%</text>' rates.svg
t_eq "two target marks" "$(grep -c 'stroke="#c0392b" stroke-width="2"/></g>' rates.svg)" 2
t_grep "a tooltip with the target" '<title>责任单位及时受理率: 33\.3% \(target 99\.5%\)</title>' rates.svg
t_grep "the title escaped" '>受理 A&amp;B &lt;x&gt; &quot;q&quot;</text>' rates.svg
t_nogrep "nothing unescaped" 'A&B|<x>' rates.svg

# An empty rate: no bar, a dash.
t_ok "a rate over nothing" xf-stats rates --config units.conf --set 三率 \
    --from 2017-10-01 --to 2017-12-31 --chart bar
t_svg "the empty chart" "$OUT"
t_eq "no bar for an empty value" "$(grep -c '<rect' "$OUT")" 0
t_grep "a dash instead" '<text x="[0-9]*" y="[0-9]*">-</text>' "$OUT"

# A line of the days: five points, one a day, zeros included.
t_ok "a line chart" xf-stats count --by day --zeros --from 2017-10-01 \
    --to 2017-10-05 --chart line
cp "$OUT" days.svg
t_svg "the line chart" days.svg
t_eq "five points" "$(grep -c '^<circle' days.svg)" 5
t_grep "one line through them" '^<polyline fill="none"' days.svg
t_grep "a day's tooltip" '<title>2017-10-03: 0</title>' days.svg
t_ok "people instead of items" xf-stats count --by day --from 2017-10-01 \
    --to 2017-10-05 --chart bar --value people
t_grep "D1's three people" '<title>2017-10-02: 3</title>' "$OUT"
# Counts are whole: a scale of 4 gridded at 0 1 2 3 4, never 0.75.
t_eq "whole ticks for counts" "$(sed -n 's/.*text-anchor="middle">\([0-9.]*\)<\/text>$/\1/p' "$OUT" | tr '\n' ' ')" "0 1 2 3 4 "

# A chart that cannot be written is an error; a reader gone is not.
if [ -w /dev/full ]; then
	t_fail 1 "a full disk" sh -c 'xf-stats backlog --chart bar > /dev/full'
	t_grep "the reason" "standard output: No space left on device" "$ERR"
fi
t_ok "a reader gone" sh -c '{ xf-stats count --by day --zeros \
    --from 2000-01-01 --to 2017-12-31 --chart line; echo $? > status; } |
    head -c 1 > /dev/null'
t_eq "quietly" "$(cat "$ERR") $(cat status)" " 0"

# Chart usage errors.
t_fail 2 "not a kind of chart" xf-stats backlog --chart pie
t_fail 2 "--title without --chart" xf-stats backlog --title x
t_fail 2 "a value that is not a column" xf-stats count --by day \
    --chart bar --value colour
t_grep "the column named" "'colour': not a column" "$ERR"
t_fail 1 "a value that is not a number" xf-stats count --by day \
    --chart bar --value day
t_grep "the value named" "is not a number" "$ERR"

# --lang zh: the measures, the rates and the backlog's stages by their
# Chinese names in every format, the names the charts draw.
# In 2017-10-01 to 12-31 (nothing in 2016): D1 a visit of 3 at the
# county, first; U2 online, assigned from above, 2 people; U1 U3 U4
# letters; D2 phone: 6 items, 1 + 2 + 1 + 1 + 3 + 1 = 9 people.
t_csv "summary in Chinese" xf-stats summary --from 2017-10-01 \
    --to 2017-12-31 --lang zh -f csv
t_eq "every measure by its name" "$(sed 1d "$OUT" | cut -d, -f1 |
    tr '\n' ' ')" "来访 初访 集体访 集体初访 上级转交办网信 越级访 进京访 赴省访 到市访 进京非正常上访 来信 来电 网上信访 信访总量 领导接访 县级领导接访 乡镇领导接访 村级干部接访 领导接待集体访 依法处理违法信访 训诫 行政拘留 逮捕 其他依法处理 "
t_grep "D1" '^来访,1,3,0,0,,$' "$OUT"
t_grep "U2" '^上级转交办网信,1,2,0,0,,$' "$OUT"
t_grep "all" '^信访总量,6,9,0,0,,$' "$OUT"
t_ok "summary in Chinese, a table" xf-stats summary --from 2017-10-01 \
    --to 2017-12-31 --lang zh -f table
t_grep "a table row" '^来信 +3 +3 +0 +0$' "$OUT"
t_ok "summary in Chinese, a workbook" xf-stats summary --from 2017-10-01 \
    --to 2017-12-31 --lang zh -f xlsx -o summary.xlsx
python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(
    "xl/worksheets/sheet1.xml").decode())' summary.xlsx > sheet.xml
t_grep "a measure's cell" '<t>来电</t>' sheet.xml
t_nogrep "no English name" '<t>(phone|all|visits)</t>' sheet.xml
t_ok "a chart of the summary" xf-stats summary --from 2017-10-01 \
    --to 2017-12-31 --lang zh --chart bar
t_grep "the same name" '>来电</text>' "$OUT"
# The day's report as JSON: 2017-10-05, U2 received online (2 people).
t_ok "daily in Chinese" xf-stats daily --date 2017-10-05 --lang zh
t_grep "U2 online" '^\{"date":"2017-10-05","measure":"网上信访","items":1,"people":2\}$' "$OUT"
t_grep "registered" '"measure":"登记","items":1,' "$OUT"
t_nogrep "every measure named" '"measure":"[a-z_]*"' "$OUT"
t_ok "daily in English" xf-stats daily --date 2017-10-05
t_grep "by default the tokens" '"measure":"online","items":1,' "$OUT"
t_ok "a chart of the day" xf-stats daily --date 2017-10-05 --lang zh \
    --chart bar
t_grep "the day's measure" '>登记</text>' "$OUT"
t_csv "rates in Chinese" xf-stats rates --config units.conf --set 县考核 \
    --from 2017-10-01 --to 2017-12-31 --lang zh -f csv
t_grep "as in the chart" '^信访部门及时受理率,' "$OUT"
t_grep "the unit's" '^责任单位及时受理率,' "$OUT"
t_csv "every rate in Chinese" xf-stats rates --from 2017-10-01 \
    --to 2017-12-31 --lang zh -f csv
t_eq "none in English" "$(sed 1d "$OUT" | cut -d, -f1 | grep -c '[a-z]')" 0
t_ok "rates in Chinese, a workbook" xf-stats rates --from 2017-10-01 \
    --to 2017-12-31 --lang zh -f xlsx -o rates.xlsx
python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(
    "xl/worksheets/sheet1.xml").decode())' rates.xlsx > sheet.xml
t_grep "a rate's cell" '<t>按期办结率</t>' sheet.xml
# The backlog on 2018-01-15: U3 (due to be decided 12-25), U5 (09-25)
# and D2 (11-16) still registered, 15 days past that: very overdue.
t_csv "backlog in Chinese" xf-stats backlog --lang zh -f csv
t_grep "awaiting acceptance" '^待受理,,3,0,3,3,0,0$' "$OUT"
t_grep "a unit's" '^办理中,县人社局,' "$OUT"
t_grep "the total" '^合计,,' "$OUT"

# count --by claim: nothing classified so: one empty claim.
t_csv "by claim" xf-stats count --by claim -f csv
t_eq "no claim yet" "$(sed 1d "$OUT")" ",7,10,1"

# scripts/cron-daily: yesterday of 2017-10-03 is 2017-10-02.
mkdir rep
t_ok "cron-daily" env XF_NOW=2017-10-03T08:00:00+08:00 \
    sh "$TOP/scripts/cron-daily" -o rep -t 5
t_eq "nothing printed" "$(cat "$OUT" "$ERR")" ""
t_eq "the day's rows and a header" "$(wc -l < rep/daily.csv | tr -d ' ')" 15
t_grep "2017-10-02: D1, a visit of 3" '^2017-10-02,visits,1,3.$' rep/daily.csv
t_ok "cron-daily for 10-05" sh "$TOP/scripts/cron-daily" -o rep \
    -D 2017-10-05 -t 5
t_ok "cron-daily for 10-05 again" sh "$TOP/scripts/cron-daily" -o rep \
    -D 2017-10-05 -t 5
t_eq "two days appended, once each" "$(wc -l < rep/daily.csv | tr -d ' ')" 29
t_eq "one header" "$(grep -c '^date,measure' rep/daily.csv)" 1
t_grep "2017-10-05: U2, online" '^2017-10-05,online,1,2.$' rep/daily.csv
t_eq "the accepted of 10-16 (U1)" "$(sh "$TOP/scripts/cron-daily" \
    -o rep -D 2017-10-16 -t 5 > /dev/null; grep '^2017-10-16,accepted,' \
    rep/daily.csv | tr -d '\r')" "2017-10-16,accepted,1,1"
h=rep/daily.html
t_grep "a page of the day" '<title>信访日报 daily report 2017-10-16</title>' $h
t_eq "three charts inline" "$(grep -c '^<svg ' $h)" 3
t_eq "every chart closed" "$(grep -c '^</svg>$' $h)" 3
t_grep "the days: 10-12 to 10-16 (-t 5)" 'items registered, 2017-10-12 – 2017-10-16' $h
t_eq "no address but the SVG namespace" "$(grep -o 'https*://[^\" ]*' $h |
    sort -u)" "http://www.w3.org/2000/svg"
t_nogrep "nothing fetched" '<script|<link|<img|src=|href=|@import|url\(' $h
t_grep "the rates in Chinese" '>满意率</text>' $h
mkdir bom
t_ok "cron-daily --bom" sh "$TOP/scripts/cron-daily" -o bom --bom \
    -D 2017-10-02
t_ok "again" sh "$TOP/scripts/cron-daily" -o bom --bom -D 2017-10-05
t_eq "a BOM at the start" "$(head -c 3 bom/daily.csv | od -An -tx1 |
    tr -d ' ')" efbbbf
t_eq "only there" "$(grep -c "$(printf '\357\273\277')" bom/daily.csv)" 1
t_fail 2 "cron-daily: not a directory" sh "$TOP/scripts/cron-daily" \
    -o nowhere
t_fail 2 "cron-daily: a bad option" sh "$TOP/scripts/cron-daily" -x
t_fail 1 "cron-daily: no ledger" env XF_DB=$TMP/none.db \
    sh "$TOP/scripts/cron-daily" -o rep
t_fail 2 "cron-daily: a bad date" sh "$TOP/scripts/cron-daily" -o rep \
    -D 2017-13-01

t_done
