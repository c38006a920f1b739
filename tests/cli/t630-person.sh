# stores: sqlite pg
# xf-person: the key persons' registry imported from an office's
# spreadsheet, idempotently; the contacts made and those owed by
# official, at the edge of a sensitive period; the watch list exported,
# masked; every change an event; the batch undone.
. "$TOP/tests/cli/lib.sh"

t_csv() {
	t_ok "$@"
	tr -d '\r' < "$OUT" > "$TMP/lf" && cat "$TMP/lf" > "$OUT"
}

cat > office.conf <<'EOF'
person_categories = 涉军 问题楼盘 原民办教师 非法集资
sensitive_period = 2018-03-03 2018-03-20 全国两会
EOF
XF_CONFIG=$TMP/office.conf
XF_NOW=2018-03-02T23:00:00+08:00
export XF_CONFIG XF_NOW

t_fail 2 "two lists" xf-person --owed --list
t_fail 2 "contact options without --contact" xf-person --official 某 reg.csv

# 张三 by ID number; 李四 by name and phone (no ID number).
cat > reg.csv <<'CSV'
姓名,身份证号,联系电话,等级,类别,责任单位,包案领导,包接待,包协调,包处理,包息访,包稳控
张三,131028199811089860,13800138000,一级,涉军、问题楼盘,县退役军人事务局,李副县长,王主任,赵科长,钱科长,孙书记,周所长
李四,,13900139000,三级,非法集资,县金融办,吴副县长,,,,,
CSV
t_ok "import the registry" xf-person reg.csv
t_eq "two persons" "$(wc -l < "$OUT" | tr -d ' ')" 2
t_grep "masked, the grade a number, the five duties" '^\{"id":"P1","name":"张\*","id_number":"131028\*\*\*\*\*\*\*\*9860","phone":"138\*\*\*\*8000","grade":1,"categories":"涉军、问题楼盘","unit":"县退役军人事务局","lead":"李副县长","duty_reception":"王主任","duty_coordination":"赵科长","duty_handling":"钱科长","duty_settlement":"孙书记","duty_control":"周所长",' "$OUT"
t_ok "the same file again" xf-person reg.csv
t_eq "nobody twice" "$(t_sql 'SELECT count(*) FROM persons')" 2
t_eq "no new event" "$(t_sql "SELECT group_concat(action) FROM events WHERE item LIKE 'P%'")" \
    "person-register,person-register"
# A change: 李四 made 二级, and given a 包稳控 official.
printf 'name,phone,grade,包稳控\n李四,13900139000,二级,郑站长\n' > change.csv
t_ok "a change" xf-person change.csv
t_grep "changed" '"id":"P2".*"grade":2,.*"duty_control":"郑站长"' "$OUT"
t_grep "the rest kept" '"unit":"县金融办"' "$OUT"
t_grep "no ID number: null, not a masked empty string" '"id":"P2","name":"李\*","id_number":null,' "$OUT"
t_eq "an event for it" "$(t_sql "SELECT details FROM events WHERE item = 'P2' AND action = 'person-update'")" '{"changed":2}'
t_ok "its history" xf-person --history P2 -f csv
t_grep "registered, then changed" 'person-update' "$OUT"

printf 'name,phone,grade,类别\n王五,13700137000,二级,上访专业户\n' > bad.csv
t_fail 1 "a category not in the settings" xf-person bad.csv
t_grep "says which" "category '上访专业户': not one of the person_categories setting" "$ERR"
printf 'name,grade\n王五,二级\n' > who.csv
t_fail 1 "no way to tell who" xf-person who.csv
t_grep "who is it" "no ID number, nor name and phone" "$ERR"
printf 'name,phone\n王五,13700137000\n' > nograde.csv
t_fail 1 "a new person without a grade" xf-person nograde.csv
t_grep "grade asked" "grade: missing" "$ERR"

# The person's items, and the other way the registry counts them.
printf 'received_at,channel,name,id_number,title\n2018-01-05,visit,张三,131028199811089860,安置\n2018-02-01,letter,张三,131028199811089860,补偿\n' > items.csv
t_ok "his items" xf-intake items.csv
t_ok "reachable from the registry" xf-person --items P1 -f csv
t_eq "both" "$(tr -d '\r' < "$OUT" | sed 1d | cut -d, -f1 | tr '\n' ' ')" "20180105-0001 20180201-0001 "
t_ok "and the other way" xf-person --of 20180201-0001
t_grep "the item's person" '^\{"id":"P1",' "$OUT"
printf 'received_at,channel,name,phone,title\n2018-01-07,phone,李四,13900139000,集资款\n2018-01-08,phone,李四,13911139111,集资款\n' > li.csv
t_ok "李四's item, and a namesake's" xf-intake li.csv
t_ok "by name and phone" xf-person --of 20180107-0001
t_grep "P2" '^\{"id":"P2",' "$OUT"
t_ok "another phone: nobody" xf-person --of 20180108-0001
t_eq "nobody" "$(cat "$OUT")" ""
t_ok "the registry counts them" xf-person --list P1
t_grep "items 2" '"items":2\}$' "$OUT"

# Contacts.  張三's official (包稳控) is 周所长 by default.
t_ok "a contact" sh -c "echo P1 | xf-person --contact --how 见面 --date '2018-03-02 20:00'"
t_grep "the last contact" '"last_contact":"2018-03-02T20:00:00\+08:00"' "$OUT"
t_ok "again" sh -c "echo P1 | xf-person --contact --how 见面 --date '2018-03-02 20:00'"
t_eq "once" "$(t_sql 'SELECT count(*) FROM person_contacts')" 1
t_eq "by his official" "$(t_sql 'SELECT official FROM person_contacts')" 周所长
t_fail 1 "in the future" sh -c "echo P1 | xf-person --contact --date '2018-03-05'"
t_grep "refused" "in the future" "$ERR"
t_fail 1 "no such person" sh -c "echo P9 | xf-person --contact"
t_grep "named" "no person 'P9' in the registry" "$ERR"

# Owed at 2018-03-02 23:00, before the sensitive period (a week):
# P1 last seen 03-02 20:00, due 03-09 20:00; P2 registered 03-02 23:00,
# due 03-09 23:00: nothing owed.
t_csv "owed, normal time" xf-person --owed -f csv
t_eq "nothing" "$(cat "$OUT")" ""
# At 2018-03-03 05:00, in the sensitive period (全国两会, 8 hours): P1
# due 03-03 04:00, owed; P2 due 03-03 07:00, not yet.
t_csv "owed at 05:00 on the first sensitive day" env XF_NOW=2018-03-03T05:00:00+08:00 xf-person --owed -f csv
cat > want.csv <<'CSV'
official,id,name,grade,categories,last_contact,due,period
周所长,P1,张*,1,涉军、问题楼盘,2018-03-02T20:00:00+08:00,2018-03-03T04:00:00+08:00,全国两会
CSV
t_cmp "P1 only" "$OUT" want.csv
# At 07:00 exactly P2 is due too; by official.
t_csv "owed at 07:00" env XF_NOW=2018-03-03T07:00:00+08:00 xf-person --owed -f csv --reveal
t_grep "P2 by 郑站长, revealed" '^郑站长,P2,李四,2,非法集资,,2018-03-03T07:00:00\+08:00,全国两会$' "$OUT"
t_eq "two" "$(sed 1d "$OUT" | wc -l | tr -d ' ')" 2
# After the period (03-21), a week again: P1 due 03-09 20:00, owed.
t_csv "owed after" env XF_NOW=2018-03-21T09:00:00+08:00 xf-person --owed -f csv
t_grep "normal" '^周所长,P1,.*,2018-03-09T20:00:00\+08:00,normal$' "$OUT"

# The watch list for the officials, as a workbook.
t_ok "the watch list" xf-person --list -f xlsx -o watch.xlsx
t_ok "a workbook" test -s watch.xlsx
# The watch list revealed, as the officials may edit it, imported again:
# a workbook read as the registry, and nothing changes.
t_ok "revealed" xf-person --list -f xlsx --reveal -o full.xlsx
n=$(t_sql 'SELECT count(*) FROM events')
t_ok "imported again" xf-person full.xlsx
t_eq "both read" "$(wc -l < "$OUT" | tr -d ' ')" 2
t_eq "no event" "$(t_sql 'SELECT count(*) FROM events')" "$n"
t_eq "nobody new" "$(t_sql 'SELECT count(*) FROM persons')" 2
t_csv "as CSV, masked" xf-person --list -f csv
t_nogrep "no ID number whole" '131028199811089860' "$OUT"
t_nogrep "no phone whole" '13800138000' "$OUT"

# The contact's batch undone: the contact goes.
b=$(t_sql 'SELECT batch FROM person_contacts')
t_ok "undo the contact" xf-edit --undo-batch "$b" --reason 记错
t_eq "gone" "$(t_sql 'SELECT count(*) FROM person_contacts')" 0
t_eq "an undo event" "$(t_sql "SELECT count(*) FROM events WHERE item = 'P1' AND action = 'undo'")" 1
t_csv "owed again at 05:00" env XF_NOW=2018-03-03T05:00:00+08:00 xf-person --owed -f csv
t_eq "P1 never seen: due from its registration, 03-03 07:00" "$(cat "$OUT")" ""
# The change's batch undone: 李四 as he was (三级, no 包稳控 official).
b=$(t_sql "SELECT batch FROM events WHERE item = 'P2' AND action = 'person-update'")
t_ok "undo the change" xf-edit --undo-batch "$b" --reason 改错了
t_eq "put back" "$(t_sql "SELECT grade || ',' || IFNULL(duty_control, '-') || ',' || unit FROM persons WHERE seq = 2")" "3,-,县金融办"
t_eq "registered still" "$(t_sql 'SELECT count(*) FROM persons')" 2
t_done
