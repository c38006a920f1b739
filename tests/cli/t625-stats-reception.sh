# stores: sqlite pg
# What the county reports count beyond items (issue 16): leaders'
# receptions (领导接访) by level, the measures against unlawful
# petitioning (依法处理) with their 同比, and petition-free villages
# (无上访村): every figure worked out by hand in the comments from the
# ledger built here.
. "$TOP/tests/cli/lib.sh"

# CSV lines end in CRLF (RFC 4180): t_csv runs as t_ok, then drops the CRs.
t_csv() {
	t_ok "$@"
	tr -d '\r' < "$OUT" > "$TMP/lf" && cat "$TMP/lf" > "$OUT"
}

# The county's four villages; a header row, a comment, CRLF lines.
printf '区划代码,名称\r\n# 城关镇\r\n131028100001,东村\r\n131028100002\t西村\r\n131028101001 南村\r\n131028101002,北村\r\n' > villages.txt
echo "villages = villages.txt" > office.conf

# ------------------------------------------------------------------
# Reception: received_by and received_level (接访领导, 接访领导层级).
# A leader named without a level is of the level the visit was lodged
# at; only a visit is received.
cat > letter.csv <<'CSV'
received_at,channel,接访领导
2017-03-01,letter,张县长
CSV
t_fail 1 "a letter is not received by a leader" xf-intake letter.csv
t_grep "says why" "received_by '张县长': a leader receives visits, and the channel is not visit" "$ERR"
cat > level.csv <<'CSV'
received_at,channel,接访领导,接访领导层级
2017-03-01,visit,张县长,县长
CSV
t_fail 1 "a level that is none" xf-intake level.csv
t_grep "names the levels" "received_level '县长': not a level" "$ERR"

# R01..R07 in 2017, R08 R09 in 2016; R07 is voided below.
cat > items.csv <<'CSV'
ref,received_at,channel,lodged_level,people,region,接访领导,接访领导层级
R01,2017-03-01 09:00,visit,county,1,131028100001,张县长,县
R02,2017-03-02 09:00,visit,county,6,131028100001,李副县长,
R03,2017-04-01 09:00,visit,township,2,131028101,王镇长,
R04,2017-05-01 09:00,visit,village,5,131028100002,赵书记,村
R05,2017-06-01 09:00,letter,county,1,131028,,
R06,2017-07-01 09:00,online,county,1,,,
R07,2017-08-01 09:00,visit,county,1,131028101002,,
R08,2016-03-01 09:00,visit,county,3,131028100001,张县长,county
R09,2016-04-01 09:00,visit,county,1,131028101001,,
CSV
t_ok "register" xf-intake items.csv
id() {
	t_sql "SELECT id FROM items WHERE ref = '$1'"
}
t_eq "the levels stored, defaults from the lodged level" \
    "$(t_sql "SELECT group_concat(ref || ':' || IFNULL(received_level, '-'), ' ') FROM (SELECT * FROM items ORDER BY ref) AS s")" \
    "R01:county R02:county R03:township R04:village R05:- R06:- R07:- R08:county R09:-"
t_ok "a leader in the record" xf-query --id "$(id R02)"
t_grep "received_by and its level" '"received_by":"李副县长","received_level":"county"' "$OUT"
t_ok "the level corrected" sh -c "echo $(id R08) | xf-edit --set received_level=乡镇 --reason 'a township leader'"
t_grep "to township" '"received_level":"township"' "$OUT"
t_ok "and put back" sh -c "echo $(id R08) | xf-edit --set received_level=county --reason 'the county after all'"
r07=$(id R07)	# a voided item gives up its ref
# A leader set on the record later takes the visit's level too.
t_ok "a leader set later" sh -c "echo $(id R09) | xf-edit --set 接访领导=钱镇长 --reason 'received at the office'"
t_grep "with the lodged level" '"received_by":"钱镇长","received_level":"county"' "$OUT"
t_ok "and taken back" sh -c "echo $(id R09) | xf-edit --set received_by= --set received_level= --reason 'not so'"
t_nogrep "none left" '"received_(by|level)"' "$OUT"
t_ok "void R07" sh -c "echo $r07 | xf-edit --void --reason 'registered by mistake'"

# summary of 2017 against 2016:
#   leader_receptions: R01 1, R02 6, R03 2, R04 5 -> 4 items, 14
#       people; 2016: R08 -> 1, 3; (4 - 1) / 1 = 300.0,
#       (14 - 3) / 3 = 366.7
#   county: R01, R02 -> 2, 7; R08 -> 1, 3; 100.0, 133.3
#   township: R03 -> 1, 2; none before: empty
#   village: R04 -> 1, 5
#   collective (批次, 5 people or more): R02, R04 -> 2, 11
t_csv "summary of 2017" xf-stats summary --from 2017-01-01 --to 2017-12-31 -f csv
t_grep "leader receptions" '^leader_receptions,4,14,1,3,300.0,366.7$' "$OUT"
t_grep "by county leaders" '^leader_receptions_county,2,7,1,3,100.0,133.3$' "$OUT"
t_grep "by township leaders" '^leader_receptions_township,1,2,0,0,,$' "$OUT"
t_grep "by village leaders" '^leader_receptions_village,1,5,0,0,,$' "$OUT"
t_grep "collective visits received, 批次" '^leader_receptions_collective,2,11,0,0,,$' "$OUT"
t_csv "in Chinese" xf-stats summary --from 2017-01-01 --to 2017-12-31 \
    --lang zh -f csv
t_grep "县级领导接访" '^县级领导接访,2,7,1,3,100.0,133.3$' "$OUT"

# count by level, 2017: no leader R05, R06 (R07 voided) -> 2 items, 2
# people, no visit; county 2, 7, 2 visits; township 1, 2, 1; village
# 1, 5, 1.
t_csv "count by received_level" xf-stats count --by received_level \
    --from 2017-01-01 --to 2017-12-31 -f csv
cat > want.csv <<'CSV'
received_level,items,people,batches
,2,2,0
county,2,7,2
township,1,2,1
village,1,5,1
CSV
t_cmp "by level" "$OUT" want.csv
t_csv "count by received_by" xf-stats count --by received_by,received_level \
    --from 2016-01-01 --to 2017-12-31 -f csv
t_grep "张县长, both years" '^张县长,county,2,4,2$' "$OUT"
t_grep "王镇长" '^王镇长,township,1,2,1$' "$OUT"

# ------------------------------------------------------------------
# Measures against unlawful petitioning (xf-close --measure).
t_fail 2 "a kind that is none" xf-close --measure fine
t_grep "names the kinds" "not admonition, detention, arrest or other" "$ERR"
t_fail 2 "persons without a measure" xf-close --reply supported --persons 2
t_fail 2 "a measure with a reply" xf-close --measure 训诫 --reply supported
t_grep "alone or with lawful-handling" "alone, or with --close lawful-handling" "$ERR"
t_fail 2 "no persons" xf-close --measure arrest --persons 0
t_fail 1 "in the future" sh -c "echo $(id R03) | xf-close --measure arrest --date 2018-02-01"
t_grep "refused" "cannot record the measure: 2018-02-01 is in the future" "$ERR"
t_fail 1 "before the item" sh -c "echo $(id R03) | xf-close --measure arrest --date 2017-03-01"
t_grep "refused too" "2017-03-01 is before the item was received" "$ERR"
t_fail 1 "on a voided item" sh -c "echo $r07 | xf-close --measure admonition --date 2017-08-05"
t_grep "voided" "cannot record the measure: $r07 is voided" "$ERR"

t_ok "训诫 of 3 on R02" sh -c "echo $(id R02) | xf-close --measure 训诫 --persons 3 --date 2017-03-10 --notes 当场训诫"
t_ok "the same again" sh -c "echo $(id R02) | xf-close --measure admonition --persons 3 --date 2017-03-10"
t_eq "recorded once" "$(t_sql "SELECT count(*) FROM lawful_measures")" 1
t_ok "行政拘留 of 2 on R02, with its closure" sh -c "echo $(id R02) | xf-close --measure 行政拘留 --persons 2 --date 2017-03-20 --close lawful-handling"
t_grep "closed" '"close_basis":"lawful-handling"' "$OUT"
t_ok "逮捕 of 1 on R03" sh -c "echo $(id R03) | xf-close --measure arrest --date 2017-04-20"
t_ok "训诫 of 1 on R08, 2016" sh -c "echo $(id R08) | xf-close --measure admonition --date 2016-03-05"
t_ok "another on R01, 2018" sh -c "echo $(id R01) | xf-close --measure other --date 2018-01-10"
# R07 voided: its measure, put in by hand as a ledger made before would
# hold it, counts with --include-void only.
t_sql "INSERT INTO lawful_measures (item, handling, kind, at, people) VALUES ('$r07', 1, 'admonition', '2017-08-05', 4)"
t_ok "the history of R02" xf-query --history "$(id R02)"
t_grep "an event for each" '"action":"measure".*"kind":"admonition","at":"2017-03-10","people":3,"handling":1,"notes":"当场训诫"' "$OUT"
t_grep "the closure's" '"action":"close"' "$OUT"

# summary of 2017 against 2016, by the day each was taken:
#   lawful_measures: R02 训诫 3, R02 拘留 2, R03 逮捕 1 -> 3, 6;
#       2016: R08 训诫 1 -> 1, 1; 200.0, 500.0
#   admonition: 1, 3; 1, 1; 0.0, 200.0
#   detention: 1, 2; arrest: 1, 1; none before
#   other: R01's is of 2018 -> 0
t_csv "summary of 2017, the measures" xf-stats summary --from 2017-01-01 --to 2017-12-31 -f csv
t_grep "all measures" '^lawful_measures,3,6,1,1,200.0,500.0$' "$OUT"
t_grep "训诫" '^lawful_admonition,1,3,1,1,0.0,200.0$' "$OUT"
t_grep "行政拘留" '^lawful_detention,1,2,0,0,,$' "$OUT"
t_grep "逮捕" '^lawful_arrest,1,1,0,0,,$' "$OUT"
t_grep "other" '^lawful_other,0,0,0,0,,$' "$OUT"
# With R07: admonition 1 + 1, 3 + 4 = 7; all 4, 10.
t_csv "with the voided" xf-stats summary --from 2017-01-01 --to 2017-12-31 --include-void -f csv
t_grep "R07's counted" '^lawful_admonition,2,7,1,1,100.0,600.0$' "$OUT"
t_grep "in all" '^lawful_measures,4,10,1,1,300.0,900.0$' "$OUT"

# The batch of the arrest undone: the measure goes.
b=$(t_sql "SELECT batch FROM lawful_measures WHERE kind = 'arrest'")
t_ok "undo the arrest's batch" xf-edit --undo-batch "$b" --reason "wrong case"
t_eq "the measure gone" "$(t_sql "SELECT count(*) FROM lawful_measures WHERE kind = 'arrest'")" 0
t_eq "an undo event" "$(t_sql "SELECT count(*) FROM events WHERE item = '$(id R03)' AND action = 'undo'")" 1
t_csv "summary after" xf-stats summary --from 2017-01-01 --to 2017-12-31 -f csv
t_grep "no arrest" '^lawful_arrest,0,0,0,0,,$' "$OUT"
t_grep "2 measures, 5 persons" '^lawful_measures,2,5,1,1,100.0,400.0$' "$OUT"

# ------------------------------------------------------------------
# Petition-free villages.  Without the list, every rate leaves them
# out; a set that names them has them empty.
t_csv "no villages listed" xf-stats rates --from 2017-01-01 --to 2017-12-31 -f csv
t_nogrep "not among all" '^petition_free_villages' "$OUT"
t_grep "but the others" '^repeat_rate,' "$OUT"
echo "rate_set.村 = petition_free_villages unplaced_items" > set.conf
t_csv "a set naming them" xf-stats rates --config set.conf --set 村 \
    --from 2017-01-01 --to 2017-12-31 -f csv
t_grep "empty, not 0% or 100%" '^petition_free_villages,0,0,,,' "$OUT"
t_fail 1 "no list to count by" xf-stats count --by region:12 --zeros
t_grep "says which setting" "no villages setting" "$ERR"
XF_CONFIG=$TMP/office.conf
export XF_CONFIG
# 2017: 东村 (R01 R02) and 西村 (R04) had items; 南村 had none (R09 is
# of 2016); 北村 only R07, voided: 2 of 4, 50.0.  R03 (9 digits), R05
# (6) and R06 (none) are given to no village: 3 of the 6 items, 50.0.
t_csv "rates of 2017" xf-stats rates --from 2017-01-01 --to 2017-12-31 -f csv
t_grep "petition-free villages" '^petition_free_villages,2,4,50.0,,' "$OUT"
t_grep "the items given to no village" '^unplaced_items,3,6,50.0,,' "$OUT"
# With R07, 北村 had one: 1 of 4; R07 is placed: 3 of 7, 42.9.
t_csv "with the voided" xf-stats rates --from 2017-01-01 --to 2017-12-31 --include-void -f csv
t_grep "25.0" '^petition_free_villages,1,4,25.0,,' "$OUT"
t_grep "42.9" '^unplaced_items,3,7,42.9,,' "$OUT"
# 2016: 东村 (R08) and 南村 (R09): 2 of 4; every item placed: 0 of 2.
t_csv "rates of 2016" xf-stats rates --from 2016-01-01 --to 2016-12-31 -f csv
t_grep "2016" '^petition_free_villages,2,4,50.0,,' "$OUT"
t_grep "0.0" '^unplaced_items,0,2,0.0,,' "$OUT"
t_csv "in Chinese" xf-stats rates --from 2016-01-01 --to 2016-12-31 --lang zh -f csv
t_grep "its Chinese name" '^无上访村\(社区\)比率,2,4,50.0,,' "$OUT"
# By township (region:9): 131028100 东村 西村, both had items, 0 of 2;
# 131028101 南村 北村, neither, 2 of 2.
t_csv "rates by township" xf-stats rates --from 2017-01-01 --to 2017-12-31 --by region:9 -f csv
t_grep "城关 100" '^petition_free_villages,131028100,0,2,0.0,,' "$OUT"
t_grep "101" '^petition_free_villages,131028101,2,2,100.0,,' "$OUT"
# By channel: the villages are not grouped, one row.
t_csv "rates by channel" xf-stats rates --from 2017-01-01 --to 2017-12-31 --by channel -f csv
t_grep "one row" '^petition_free_villages,,2,4,50.0,,' "$OUT"

# The villages with their items, those without too; then apart the
# places that are no village: none (R06), the county (R05), a township
# (R03).
t_csv "count by village" xf-stats count --by region:12 --zeros \
    --from 2017-01-01 --to 2017-12-31 -f csv
cat > want.csv <<'CSV'
region,village,listed,items,people,batches
131028100001,东村,true,2,7,2
131028100002,西村,true,1,5,1
131028101001,南村,true,0,0,0
131028101002,北村,true,0,0,0
,,false,1,1,0
131028,,false,1,1,0
131028101,,false,1,2,1
CSV
t_cmp "every village, and the rest apart" "$OUT" want.csv
t_fail 2 "zeros by another dimension" xf-stats count --by region:9 --zeros

# A list that is not one.
printf '131028100001,东村\n13102810001,西村\n' > bad.txt
echo "villages = bad.txt" > bad.conf
t_fail 3 "a code of 11 digits" xf-stats rates --config bad.conf \
    --from 2017-01-01 --to 2017-12-31
t_grep "the line named" "bad.conf:1: villages: .*bad.txt:2: '13102810001': not a 12-digit division code" "$ERR"
printf '131028100001,东村\n131028100002,西村\n131028100001,东村\n' > twice.txt
echo "villages = twice.txt" > twice.conf
t_fail 3 "a village twice" xf-stats rates --config twice.conf \
    --from 2017-01-01 --to 2017-12-31
t_grep "both lines" "twice.txt:3: 131028100001: listed twice \(line 1\)" "$ERR"
t_done
