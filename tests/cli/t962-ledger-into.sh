# stores: sqlite pg
# xf-ledger copy into a ledger in use: a county's ledger (office 131029,
# SQLite) with its history copied into a ledger holding another
# office's (131028: the ledger of the tier, SQLite or PostgreSQL).  The
# case ids, refs and key persons are kept; the batches and the events
# go on after the ledger's own, every reference between the rows copied
# kept; the day's sequences merged; a copied batch undone under its new
# number; a copy clashing with what is there refused, nothing copied.
. "$TOP/tests/cli/lib.sh"

printf 'office = 131028\n' > 131028.conf
printf 'office = 131029\n' > 131029.conf
S=$TMP/county.db

# The ledger in use: office 131028, six batches.
export XF_CONFIG=$TMP/131028.conf
t_ok "register (131028)" xf-intake "$DATA/items.csv"
xf-query --ids > ids
t_ok "accept" xf-assign --accept --date 2017-12-20 ids
t_ok "assign" xf-assign --unit 县人社局 --date 2017-12-21 ids
t_ok "reply" sh -c "head -n 1 ids | xf-close --reply supported --date 2017-12-25"
t_ok "visit" sh -c "head -n 1 ids | xf-visit --outcome satisfied --date 2017-12-28"
t_ok "correct" sh -c "sed -n 2p ids | xf-edit --set title=征地 --reason typo"
t_eq "six batches" "$(t_sql "SELECT count(*) FROM batches")" 6

# The county's: office 131029, its own refs, seven batches, one undone,
# a key person; two cases on 2017-07-21 and a day the other has not.
export XF_CONFIG=$TMP/131029.conf
{
	sed 's/^A00/B00/' "$DATA/items.csv"
	echo 'B006,2017-07-21 15:00,visit,direct,county,no,孙七,,13900000007,,1,131029,路灯,村里路灯不亮,demand,城乡建设,'
	echo 'B007,2017-12-01,letter,direct,county,no,周八,,13900000008,,1,131029,道路,道路损坏,demand,城乡建设,'
} > county.csv
t_ok "register (131029)" xf-intake --db "$S" county.csv
xf-query --db "$S" --ids > cids
t_ok "accept" xf-assign --db "$S" --accept --date 2017-12-20 cids
t_ok "reply" sh -c "head -n 1 cids | xf-close --db '$S' --reply explained --date 2017-12-22"
t_ok "visit" sh -c "head -n 1 cids | xf-visit --db '$S' --outcome basic --date 2017-12-26"
t_ok "correct" sh -c "sed -n 3p cids | xf-edit --db '$S' --set title=拆迁 --reason typo"
t_ok "undo it" xf-edit --db "$S" --undo-batch 5 --reason "not so"
t_ok "correct another" sh -c "sed -n 4p cids | xf-edit --db '$S' --set title=进京上访 --reason typo"
printf '%s\n' '姓名,身份证号,联系电话,等级' '周八,,13900000008,二级' > reg.csv
t_ok "a key person" xf-person --db "$S" reg.csv
t_ok "the county's census" xf-ledger --db "$S" check -f csv
cp "$OUT" county.census
t_ok "the census of the ledger in use" xf-ledger check -f csv
cp "$OUT" before.census
nb=$(t_sql "SELECT max(n) FROM batches")
ne=$(t_sql "SELECT max(seq) FROM events")
sb=$(sqlite3 "$S" "SELECT max(n) FROM batches")

t_ok "copy the county in" xf-ledger -f csv copy "$S" "$XF_DB"
t_ok "check the ledger" xf-ledger check -f csv
t_eq "no problem" "$(cat "$ERR")" ""
for t in items events batches visits images persons; do
	t_eq "$t: the ledger's and the county's" \
	    "$(grep "^$t," "$OUT" | cut -d, -f2)" \
	    "$(($(grep "^$t," before.census | cut -d, -f2) + \
	    $(grep "^$t," county.census | cut -d, -f2)))"
done

# Kept: case ids, refs, the person's id; renumbered: events and
# batches, after the ledger's own, in the county's order.
t_eq "the case ids kept" "$(t_sql "SELECT id || ' ' || ref FROM items
    WHERE id LIKE '131029-%' ORDER BY id")" "$(sqlite3 "$S" "SELECT id
    || ' ' || ref FROM items ORDER BY id")"
t_eq "the person's id kept" "$(xf-person --list -f csv | sed 1d | cut -d, -f1)" P1
t_eq "the batches after the ledger's" \
    "$(t_sql "SELECT min(n) || ' ' || max(n) FROM batches WHERE n > $nb")" \
    "$((nb + 1)) $((nb + sb))"
t_eq "the events after the ledger's, in the county's order" \
    "$(t_sql "SELECT item || ' ' || action FROM events WHERE seq > $ne
    ORDER BY seq")" \
    "$(sqlite3 "$S" "SELECT item || ' ' || action FROM events ORDER BY seq")"
q="SELECT e.item, e.action, b.program, b.at, b.args FROM events e JOIN
    batches b ON b.n = e.batch WHERE e.item NOT LIKE '131028-%' ORDER BY
    e.seq"
t_eq "each event's batch the county's" "$(t_sql "$q")" "$(sqlite3 "$S" "$q")"
q="SELECT v.item, v.outcome, b.program, b.at FROM visits v JOIN batches b
    ON b.n = v.batch WHERE v.item LIKE '131029-%' ORDER BY v.at"
t_eq "each visit's batch" "$(t_sql "$q")" "$(sqlite3 "$S" "$q")"
q="SELECT i.item, i.col, i.value, b.program, b.at FROM images i JOIN
    batches b ON b.n = i.batch WHERE i.item LIKE '131029-%' ORDER BY
    i.batch, i.item, i.col"
t_eq "each image's batch" "$(t_sql "$q")" "$(sqlite3 "$S" "$q")"
q="SELECT b.program, b.at, u.args FROM batches b JOIN batches u ON
    u.n = b.undone_by AND b.n = u.undoes"
t_eq "the batch undone and its undo" "$(t_sql "$q")" "$(sqlite3 "$S" "$q")"
t_eq "the undo's events name the new number" "$(t_sql "SELECT count(*)
    FROM events WHERE item LIKE '131029-%' AND details LIKE
    '%\"batch\":$((nb + 5))%'")" "$(sqlite3 "$S" "SELECT count(*) FROM
    events WHERE details LIKE '%\"batch\":5%'")"
t_eq "the person's batch" "$(t_sql "SELECT b.program FROM persons p JOIN
    batches b ON b.n = p.batch WHERE p.seq = 1")" xf-person

# The day's sequences merged (on PostgreSQL the office's own): the
# county's next id of 2017-07-21 after its two.
own=
[ -z "$t_pgdb" ] || own="AND office = '131029'"
t_eq "a day the ledger had too" "$(t_sql "SELECT n FROM day_seq WHERE
    day = '2017-07-21' $own")" 2
t_eq "a day it had not" "$(t_sql "SELECT n FROM day_seq WHERE
    day = '2017-12-01' $own")" 1
echo 'B008,2017-07-21 16:00,visit,direct,county,no,吴九,,13900000009,,1,131029,路灯,又一盏路灯,demand,城乡建设,' |
    cat "$DATA/items.csv" - | sed -n '1p;$p' > one.csv
t_ok "the county goes on" xf-intake one.csv
t_grep "its next id" '"id":"131029-20170721-0003"' "$OUT"
t_eq "its batch after the copied" "$(t_sql "SELECT max(n) FROM batches")" \
    "$((nb + sb + 1))"

# A copied batch undone under its new number.
t_ok "undo the county's last correction" xf-edit --undo-batch \
    "$((nb + 7))" --reason "not so either"
t_eq "its title back" "$(t_sql "SELECT title FROM items WHERE id =
    '$(sed -n 4p cids)'")" 进京
t_ok "the ledger still sound" xf-ledger check
t_eq "no problem" "$(cat "$ERR")" ""

# A copy that clashes is refused, nothing copied.
t_ok "a census" xf-ledger check -f csv
cp "$OUT" now.census
t_fail 1 "copy the county again" xf-ledger copy "$S" "$XF_DB"
t_grep "the first clash named, and how many" "case '131029-20170721-0001' is in the ledger copied into already \(15 clashes of case ids, refs, persons, documents or models in all\): nothing copied" "$ERR"
t_ok "a census after" xf-ledger check -f csv
t_cmp "nothing copied" "$OUT" now.census
printf '%s\n' 'ref,received_at,title' 'B003,2018-01-02,x' 'C001,2018-01-03,y' > clash.csv
t_ok "a ledger with one ref of the county's" xf-intake --db c.db clash.csv
t_fail 1 "copy it in" xf-ledger copy c.db "$XF_DB"
t_grep "the ref named" "ref 'B003' is in the ledger copied into already \(1 clash " "$ERR"
t_ok "a census after" xf-ledger check -f csv
t_cmp "nothing copied" "$OUT" now.census
# Clashes past the first lookups sent at once (64): the first named is
# the first in the order of the ledger copied, and all are counted.
awk 'BEGIN { print "ref,received_at,title"
	for (i = 1; i <= 150; i++) printf "M%03d,2017-11-01,t%d\n", i, i }' \
    > many.csv
t_ok "a ledger of 150" xf-intake --db many.db many.csv
sed -n '1p;72,$p' many.csv | sed 's/2017-11-01/2017-12-01/' > late.csv
t_ok "80 of its refs here" xf-intake late.csv
t_ok "a census" xf-ledger check -f csv
cp "$OUT" now.census
t_fail 1 "copy it in" xf-ledger copy many.db "$XF_DB"
t_grep "the 71st named, 80 counted" "ref 'M071' is in the ledger copied into already \(80 clashes of case ids, refs, persons, documents or models in all\): nothing copied" "$ERR"
t_ok "a census after" xf-ledger check -f csv
t_cmp "nothing copied" "$OUT" now.census
t_done
