# stores: sqlite pg
# xf-stats count --by the dimensions an office groups by: due_state
# (worked out when read, as xf-query(1) works it out), satisfaction,
# reply, close_basis, risk, key_case, handler, lead, level, category:N,
# region:N; a column given twice.  Every figure is worked out by hand in
# the comments from the ledger built here.
. "$TOP/tests/cli/lib.sh"

# CSV lines end in CRLF (RFC 4180): t_csv runs as t_ok, then drops the CRs.
t_csv() {
	t_ok "$@"
	tr -d '\r' < "$OUT" > "$TMP/lf" && cat "$TMP/lf" > "$OUT"
}

# Nine first items of nine people; XF_NOW is 2018-01-15, due_soon 7
# days, 15 days to decide on acceptance, 60 to reply.
cat > items.csv <<'CSV'
ref,received_at,channel,source,lodged_level,people,first,category,region,name,phone
C1,2017-12-20 10:00,visit,direct,county,1,yes,劳动和社会保障/城镇居民社会保险/城乡居民养老保险,131028001001,甲,13800000001
C2,2018-01-10 10:00,letter,direct,county,2,yes,劳动和社会保障/城镇居民社会保险/新农村合作医疗,131028001002,乙,13800000002
C3,2018-01-05 10:00,letter,direct,county,1,yes,劳动和社会保障/城镇职工社会保险/职工工伤保险,131028002001,丙,13800000003
C4,2017-06-01 10:00,online,direct,county,3,yes,城乡建设/城市建设和市政管理/城管执法,131082001001,丁,13800000004
C5,2017-10-01 10:00,visit,direct,city,2,yes,城乡建设,131028,戊,13800000005
C6,2017-09-01 10:00,visit,direct,national,1,yes,,,己,13800000006
C7,2017-08-01 10:00,phone,direct,county,1,yes,,,庚,13800000007
C8,2017-07-01 10:00,letter,direct,province,1,yes,,,辛,13800000008
C9,2017-12-25 10:00,email,direct,county,1,yes,,,壬,13800000009
CSV
t_ok "register" xf-intake items.csv

# The casework:
#   C1-C4 stay registered, due to be decided 15 days after receipt:
#     C1 2018-01-04: overdue (not very: 01-04 + 15 = 01-19 >= 01-15);
#     C2 2018-01-25: 10 days left, on time;
#     C3 2018-01-20: 5 days left, due soon;
#     C4 2017-06-16: very overdue;
#   C5 assigned 2017-10-02 to 县人社局, 张三, lead 王局长: due 2017-12-01,
#     overdue (not very: 12-01 + 60 = 2018-01-30); key case, risk 3;
#   C6 assigned to 县住建局, 李四; replied supported, satisfied, closed on
#     an agreement: no deadline; risk 1;
#   C7 assigned to 县住建局, 李四, lead 王局长; replied explained,
#     basically satisfied: no deadline; risk 2;
#   C8 assigned to 县人社局, 张三; replied not supported, unsatisfied,
#     closed as it went to court: no deadline;
#   C9 assigned 2017-12-26 to 县人社局, 张三: due 2018-02-24, on time.
step() {
	id=$1
	shift
	t_ok "$* $id" sh -c "echo $id | $*"
}
step 20171001-0001 xf-assign --unit 县人社局 --handler 张三 --lead 王局长 --date 2017-10-02
step 20170901-0001 xf-assign --unit 县住建局 --handler 李四 --date 2017-09-02
step 20170901-0001 xf-close --reply supported --date 2017-10-15
step 20170901-0001 xf-visit --kind phone --outcome satisfied --date 2017-10-16
step 20170901-0001 xf-close --close agreement --date 2017-10-20
step 20170801-0001 xf-assign --unit 县住建局 --handler 李四 --lead 王局长 --date 2017-08-02
step 20170801-0001 xf-close --reply explained --date 2017-08-20
step 20170801-0001 xf-visit --kind phone --outcome basic --date 2017-08-25
step 20170701-0001 xf-assign --unit 县人社局 --handler 张三 --date 2017-07-02
step 20170701-0001 xf-close --reply not-supported --date 2017-07-20
step 20170701-0001 xf-visit --kind phone --outcome unsatisfied --date 2017-07-25
step 20170701-0001 xf-close --close litigation --date 2017-07-30
step 20171225-0001 xf-assign --unit 县人社局 --handler 张三 --date 2017-12-26
step 20171001-0001 xf-classify --set key_case=yes --set risk=3
step 20170901-0001 xf-classify --set risk=1
step 20170801-0001 xf-classify --set risk=2

# ------------------------------------------------------------------
# due_state (batches: the visits, C1 C5 C6):
#   none: C6 C7 C8 -> 3 items, 3 people, 1 batch (C6);
#   due_soon: C3 -> 1, 1, 0;  on_time: C2 C9 -> 2, 3, 0;
#   overdue: C1 C5 -> 2, 3, 2;  very_overdue: C4 -> 1, 3, 0.
cat > want.csv <<'CSV'
due_state,items,people,batches
,3,3,1
due_soon,1,1,0
on_time,2,3,0
overdue,2,3,2
very_overdue,1,3,0
CSV
t_csv "count by due_state" xf-stats count --by due_state -f csv
t_cmp "each state" "$OUT" want.csv

# The same as xf-query --state, which counts the very overdue as overdue
# too (overdue 2 + very overdue 1 = 3), and as the due_state xf-query
# prints for each item, worked out by the library when read.
state_count() {
	sed -n "s/^$1,\([0-9]*\),.*/\1/p" "$2"
}
cp want.csv bystate.csv
for s in on_time due_soon very_overdue; do
	t_ok "xf-query --state $s --count" xf-query --state $s --count
	t_eq "$s: as xf-query --state" "$(cat "$OUT")" \
	    "$(state_count $s bystate.csv)"
done
t_ok "xf-query --state overdue --count" xf-query --state overdue --count
t_eq "overdue and very overdue: as xf-query --state overdue" \
    "$(cat "$OUT")" \
    "$(($(state_count overdue bystate.csv) + $(state_count very_overdue bystate.csv)))"
t_ok "xf-query, every item" xf-query
for s in on_time due_soon overdue very_overdue; do
	t_eq "$s: as xf-query prints it" \
	    "$(grep -c "\"due_state\":\"$s\"" "$OUT")" \
	    "$(state_count $s bystate.csv)"
done
t_eq "no state: as xf-query prints it" \
    "$(grep -vc '"due_state"' "$OUT")" "$(sed -n 's/^,\([0-9]*\),.*/\1/p' bystate.csv)"

# On 2018-01-20 (C3's due day: due soon still), C1 is very overdue
# (01-19 < 01-20), C2 due soon (5 days left): every state moves with
# today, and stays as xf-query --state has it.
t_csv "two days on" env XF_NOW=2018-01-20T09:00:00+08:00 \
    xf-stats count --by due_state -f csv
cp "$OUT" day20.csv
t_eq "the states of 01-20" "$(sed 1d day20.csv | tr '\n' ' ')" \
    ",3,3,1 due_soon,2,3,0 on_time,1,1,0 overdue,1,2,1 very_overdue,2,4,1 "
for s in on_time due_soon very_overdue; do
	t_ok "xf-query --state $s on 01-20" env \
	    XF_NOW=2018-01-20T09:00:00+08:00 xf-query --state $s --count
	t_eq "$s on 01-20: as xf-query --state" "$(cat "$OUT")" \
	    "$(state_count $s day20.csv)"
done

# due_soon = 10: C2 (10 days left) is due soon, as xf-query has it.
echo "due_soon = 10" > soon.conf
t_csv "count by due_state, due_soon 10" xf-stats count --by due_state \
    --config soon.conf -f csv
t_grep "two due soon" '^due_soon,2,3,0$' "$OUT"
t_grep "one on time" '^on_time,1,1,0$' "$OUT"
t_ok "xf-query, due_soon 10" xf-query --config soon.conf --state due_soon --count
t_eq "the same two" "$(cat "$OUT")" 2

# With a filter, and in Chinese (the states are the words of xf-query).
t_csv "registered items by due_state" xf-stats count --by due_state \
    --status registered -f csv --lang zh --header zh
t_eq "C3; C2; C1; C4" "$(tr '\n' ' ' < "$OUT")" \
    "期限状态,items,人数,batches 即将到期,1,1,0 未到期,1,2,0 已超期,1,1,1 严重超期,1,3,0 "

# ------------------------------------------------------------------
# The fields of the casework.  Not set: C1-C5 and C9 (replies,
# satisfaction), 1+2+1+3+2+1 = 10 people, batches C1 C5.
cat > want.csv <<'CSV'
satisfaction,items,people,batches
,6,10,2
basic,1,1,0
satisfied,1,1,1
unsatisfied,1,1,0
CSV
t_csv "count by satisfaction" xf-stats count --by satisfaction -f csv
t_cmp "by satisfaction" "$OUT" want.csv
t_csv "count by reply" xf-stats count --by reply -f csv
t_eq "by reply" "$(sed 1d "$OUT" | tr '\n' ' ')" \
    ",6,10,2 explained,1,1,0 not-supported,1,1,0 supported,1,1,1 "
# close_basis: not closed: the others, 7 items, 13 - 1 - 1 = 11 people.
t_csv "count by close_basis" xf-stats count --by close_basis -f csv
t_eq "by close basis" "$(sed 1d "$OUT" | tr '\n' ' ')" \
    ",7,11,2 agreement,1,1,1 litigation,1,1,0 "
t_csv "count by close_basis in Chinese" xf-stats count --by close_basis \
    --lang zh -f csv
t_grep "息诉息访" '^息诉息访协议书,1,1,1$' "$OUT"
# risk: none C1-C4 C8 C9: 1+2+1+3+1+1 = 9 people, 1 batch (C1).
t_csv "count by risk" xf-stats count --by risk -f csv
t_eq "by risk" "$(sed 1d "$OUT" | tr '\n' ' ')" \
    ",6,9,1 1,1,1,1 2,1,1,0 3,1,2,1 "
# key_case: C5; the others, not marked, are no key case: 8 items,
# 13 - 2 = 11 people, batches C1 C6.
t_csv "count by key_case" xf-stats count --by key_case -f csv
t_eq "by key case" "$(sed 1d "$OUT" | tr '\n' ' ')" \
    "false,8,11,2 true,1,2,1 "
t_ok "key cases as xf-query has them" xf-query --key-case --count
t_eq "one" "$(cat "$OUT")" 1
# handler: none C1-C4 (7 people, C1); 张三 C5 C8 C9 (2+1+1, C5);
# 李四 C6 C7 (C6).  Sorted by their bytes: 张 (U+5F20) before 李 (U+674E).
t_csv "count by handler" xf-stats count --by handler -f csv
t_eq "by handler" "$(sed 1d "$OUT" | tr '\n' ' ')" \
    ",4,7,1 张三,3,4,1 李四,2,2,1 "
# lead: 王局长 C5 C7 (2+1, C5); the other 7 (13 - 3 = 10, C1 C6).
t_csv "count by lead" xf-stats count --by lead -f csv
t_eq "by lead" "$(sed 1d "$OUT" | tr '\n' ' ')" ",7,10,2 王局长,2,3,1 "
t_csv "by handler and due_state" xf-stats count --by handler,due_state \
    --status assigned -f csv
t_eq "张三's two open cases" "$(sed 1d "$OUT" | tr '\n' ' ')" \
    "张三,on_time,1,1,0 张三,overdue,1,2,1 "

# ------------------------------------------------------------------
# level is the lodged level, as xf-query --level means it: city C5;
# county C1 C2 C3 C4 C7 C9 (1+2+1+3+1+1 = 9, C1); national C6;
# province C8.  Its column is lodged_level.
cat > want.csv <<'CSV'
lodged_level,items,people,batches
city,1,2,1
county,6,9,1
national,1,1,1
province,1,1,0
CSV
t_csv "count by level" xf-stats count --by level -f csv
t_cmp "by level" "$OUT" want.csv
t_csv "count by lodged_level" xf-stats count --by lodged_level -f csv
t_cmp "lodged_level as before" "$OUT" want.csv
t_ok "xf-query --level county" xf-query --level county --count
t_eq "six at the county" "$(cat "$OUT")" 6
t_csv "count by level in Chinese" xf-stats count --by level -f csv \
    --lang zh --header zh
t_grep "the levels' words" '^县,6,9,1$' "$OUT"
t_grep "the header" '^登记层级,items,人数,batches$' "$OUT"

# category:N: the first N levels.  Level 1: none C6-C9 (4, C6);
# 劳动和社会保障 C1-C3 (1+2+1, C1); 城乡建设 C4 C5 (3+2, C5).
t_csv "count by category:1" xf-stats count --by category:1 -f csv
t_eq "by category:1" "$(tr '\n' ' ' < "$OUT")" \
    "category1,items,people,batches ,4,4,1 劳动和社会保障,3,4,1 城乡建设,2,5,1 "
# Level 2: C1 C2 share 城镇居民社会保险; C5 has one level only and
# counts whole.
t_csv "count by category:2" xf-stats count --by category:2 -f csv
t_eq "by category:2" "$(sed 1d "$OUT" | tr '\n' ' ')" \
    ",4,4,1 劳动和社会保障/城镇居民社会保险,2,3,1 劳动和社会保障/城镇职工社会保险,1,1,0 城乡建设,1,2,1 城乡建设/城市建设和市政管理,1,3,0 "
for n in 1 2 3; do
	t_csv "count by category:$n" xf-stats count --by category:$n -f csv
	cp "$OUT" colon.csv
	t_csv "count by category$n" xf-stats count --by category$n -f csv
	t_cmp "category:$n is category$n" colon.csv "$OUT"
done
t_eq "three levels: each item its own" "$(sed 1d colon.csv | wc -l | tr -d ' ')" 6

# region:N: the first N digits.  9 digits: none C6-C9; 131028 (C5, six
# digits only); 131028001 C1 C2; 131028002 C3; 131082001 C4.
t_csv "count by region:9" xf-stats count --by region:9 -f csv
t_eq "by region:9" "$(tr '\n' ' ' < "$OUT")" \
    "region,items,people,batches ,4,4,1 131028,1,2,1 131028001,2,3,1 131028002,1,1,0 131082001,1,3,0 "
cp "$OUT" colon.csv
t_csv "count by region --region-digits 9" xf-stats count --by region \
    --region-digits 9 -f csv
t_cmp "region:9 is region by 9 digits" colon.csv "$OUT"
t_csv "region:N before --region-digits" xf-stats count --by region:4 \
    --region-digits 9 -f csv
t_eq "by 4 digits" "$(sed 1d "$OUT" | tr '\n' ' ')" ",4,4,1 1310,5,9,2 "
t_csv "region:12 and category:1" xf-stats count --by category:1,region:12 \
    --category 城乡建设 -f csv
t_eq "whole codes" "$(sed 1d "$OUT" | tr '\n' ' ')" \
    "城乡建设,131028,1,2,1 城乡建设,131082001001,1,3,0 "

# ------------------------------------------------------------------
# Usage errors.
# (The harness's t_fail keeps its description in d: the loop's is dim.)
for dim in category:0 category:4 category: category:12 region:0 region:13 \
    region:01 region: region:x region:100 level:1 due_states; do
	t_fail 2 "--by $dim" xf-stats count --by "$dim"
	t_grep "$dim: named" "^xf-stats: --by '$dim': not a dimension$" "$ERR"
done
t_fail 2 "a column twice" xf-stats count --by region:6,region:9
t_grep "the two named" "^xf-stats: --by 'region:9': the same column as 'region:6'$" "$ERR"
t_fail 2 "level and lodged_level" xf-stats count --by year,level,lodged_level
t_grep "one column" "^xf-stats: --by 'lodged_level': the same column as 'level'$" "$ERR"
t_fail 2 "category2 and category:2" xf-stats count --by category2,category:2
t_fail 2 "a dimension twice" xf-stats count --by unit,unit
t_done
