# stores: sqlite pg
# Case ids and offices: with the office setting every id made carries
# the office (131028-20170721-0001); an id given without one
# (20170721-0001) names a case of the settings' office, a full id is
# taken as given, another office's too; without the setting ids are as
# they always were.
. "$TOP/tests/cli/lib.sh"

printf 'office = 131028\n' > 131028.conf
printf 'office = 131029\n' > 131029.conf
printf '%s\n' 'ref,received_at,channel,source,lodged_level,irregular,name,phone,people,region,title,content,purpose,category' \
    'B001,2017-12-04,visit,direct,county,no,孙七,13900000002,1,131029,路灯,村里路灯不亮,demand,城乡建设' > 131029.csv

# The ids made carry the office.
t_ok "register, office 131028" xf-intake --config 131028.conf "$DATA/items.csv"
t_grep "an id with its office" '"id":"131028-20170721-0001"' "$OUT"
t_eq "every id with its office" "$(t_sql "SELECT count(*) FROM items WHERE id LIKE '131028-%'")" 5
t_ok "register, office 131029" xf-intake --config 131029.conf 131029.csv
t_grep "the other office's id" '"id":"131029-20171204-0001"' "$OUT"
A=20170721-0001
B=20170802-0001
C=20170901-0001
D=20171008-0001

# An id without the office is the office's case; what is printed is
# the id as stored.
t_ok "xf-query --id without the office" xf-query --config 131028.conf --ids --id $A
t_eq "the case found" "$(cat "$OUT")" 131028-$A
t_ok "xf-query --id with it" xf-query --config 131028.conf --ids --id 131028-$A
t_eq "the same case" "$(cat "$OUT")" 131028-$A
t_ok "xf-query --history" xf-query --config 131028.conf --history $A
t_grep "its history" "131028-$A.*register" "$OUT"
t_ok "xf-assign" sh -c "echo $A | xf-assign --config 131028.conf --accept --date 2017-10-01"
t_grep "accepted, the id as stored" "\"id\":\"131028-$A\".*\"status\":\"accepted\"" "$OUT"
t_ok "xf-assign, a {\"id\"} line" sh -c "echo '{\"id\":\"$B\"}' | xf-assign --config 131028.conf --unit 县住建局 --date 2017-10-02"
t_grep "assigned" "\"id\":\"131028-$B\".*\"unit\":\"县住建局\"" "$OUT"
t_ok "xf-close" sh -c "echo $C | xf-close --config 131028.conf --close litigation --date 2017-09-10"
t_grep "closed" "\"id\":\"131028-$C\".*\"status\":\"closed\"" "$OUT"
t_ok "xf-edit" sh -c "echo $A | xf-edit --config 131028.conf --set people=6 --reason 人数登记错误"
t_grep "corrected" "\"id\":\"131028-$A\".*\"people\":6" "$OUT"
t_ok "xf-edit --repeat-of without the office" sh -c "echo $D | xf-edit --config 131028.conf --repeat-of $A --reason 同一诉求"
t_grep "linked" "\"id\":\"131028-$D\"" "$OUT"
t_ok "xf-visit --list" xf-visit --config 131028.conf --list $A
t_eq "the events, each of the full id" "$(t_sql "SELECT count(*) FROM events WHERE item NOT LIKE '13102_-%'")" 0
printf '%s\n' '姓名,身份证号,联系电话,等级' '张三,13102819800101001X,13812345678,一级' > reg.csv
t_ok "a key person" xf-person --config 131028.conf reg.csv
t_ok "xf-person --of" xf-person --config 131028.conf --of $A
t_grep "the petitioner" '^\{"id":"P1",' "$OUT"

# A full id is taken as given, another office's too; an id without an
# office is never another office's case.
t_ok "the other office's case by its full id" xf-query --config 131028.conf --ids --id 131029-20171204-0001
t_eq "found" "$(cat "$OUT")" 131029-20171204-0001
t_ok "not by the id without it" xf-query --config 131028.conf --ids --id 20171204-0001
t_eq "nothing found" "$(cat "$OUT")" ""
t_fail 1 "a step on it" sh -c "echo 20171204-0001 | xf-close --config 131028.conf --close litigation"
t_grep "the id looked up named" "131028-20171204-0001: no item '131028-20171204-0001'" "$ERR"
t_ok "the other office's own" sh -c "echo 20171204-0001 | xf-close --config 131029.conf --close litigation --date 2017-12-10"
t_grep "its case" '"id":"131029-20171204-0001".*"status":"closed"' "$OUT"
t_fail 1 "no history of it" xf-query --config 131028.conf --history 20171204-0001
t_grep "the id looked up" "131028-20171204-0001" "$ERR"
t_ok "an id of another form, as given" xf-query --config 131028.conf --ids --id X-20171204-0001
t_eq "none" "$(cat "$OUT")" ""

# Without the office setting, ids are as they were.
t_fresh
t_ok "register, no office" xf-intake "$DATA/items.csv"
t_grep "an id without an office" "\"id\":\"$A\"" "$OUT"
t_ok "xf-assign" sh -c "echo $A | xf-assign --accept --date 2017-10-01"
t_grep "accepted" "\"id\":\"$A\".*\"status\":\"accepted\"" "$OUT"
t_ok "xf-query --id" xf-query --ids --id $A
t_eq "found" "$(cat "$OUT")" $A
t_ok "xf-query --id with an office" xf-query --ids --id 131028-$A
t_eq "not found" "$(cat "$OUT")" ""

t_done
