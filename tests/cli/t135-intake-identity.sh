# stores: sqlite pg
# xf-intake: rows without a ref known by their fingerprint, near
# duplicates, corrections (--update, --new), first/repeat by receipt
# time, a receipt in the future, finality (not_again), a petitioner's
# history (xf-query --person)
. "$TOP/tests/cli/lib.sh"

items() {
	t_sql "SELECT count(*) FROM items"
}
col() {
	t_sql "SELECT $2 FROM items WHERE id = '$1'"
}
H='received_at,name,id_number,phone,content,category'
ZS='张三,13102819800101001X,13812345678,拖欠工资三个月,劳动和社会保障'

# A township's sheet without refs, imported, then again as it grew.
printf '%s\n' "$H" "2017-12-01 09:00,$ZS" \
    '2017-12-02 10:00,李四,,13900000001,征地补偿不到位,城乡建设' \
    '2017-12-03 11:00,,,,路灯不亮,城乡建设' > month.csv
t_ok "a sheet without refs" xf-intake month.csv
t_eq "three registered" "$(items)" 3
t_eq "fingerprints kept" "$(t_sql 'SELECT count(DISTINCT fingerprint) FROM items')" 3
t_ok "the same sheet again" xf-intake month.csv
t_eq "nothing printed" "$(wc -c < "$OUT")" 0
t_eq "nothing registered twice" "$(items)" 3
t_grep "known by its fingerprint" "^xf-intake: month.csv:2: already registered as 20171201-0001 \(the same receipt time, petitioner and text\), skipped$" "$ERR"
t_eq "no repeats made of copies" "$(t_sql "SELECT count(*) FROM items WHERE first = 0")" 0
cp month.csv grown.csv
printf '%s\n' '2017-12-20 09:00,赵六,131028196610100054,13700000002,噪音扰民,环境保护' >> grown.csv
t_ok "the sheet grown by a row" xf-intake grown.csv
t_eq "the new row only" "$(items)" 4
t_eq "the new row printed" "$(sed 's/,.*//' "$OUT")" '{"id":"20171220-0001"'
t_eq "three reported" "$(grep -c 'already registered' "$ERR")" 3
t_eq "one register event an item" "$(t_sql "SELECT count(*) FROM events WHERE action = 'register'")" 4

# The same row in a file of another shape: the fingerprint is of the
# values after normalising (the date and its form, the ID number's case).
printf '%s\n' 'content,name,received_at,id_number' \
    '拖欠工资三个月,张三,2017年12月1日 9:00,13102819800101001x' > other.csv
t_ok "the same petition, another sheet" xf-intake other.csv
t_grep "known" "^xf-intake: other.csv:2: already registered as 20171201-0001 " "$ERR"
t_eq "still four" "$(items)" 4

# A row with neither petitioner nor text has no identity: each import
# registers it.
printf '%s\n' 'received_at,category' '2017-12-05,城乡建设' > bare.csv
t_ok "no identity" xf-intake --db bare.db bare.csv
t_ok "no identity, again" xf-intake --db bare.db bare.csv
t_eq "registered twice" "$(sqlite3 bare.db "SELECT count(*) FROM items")" 2

# A ledger of schema 3, made before fingerprints, is brought up to date
# when opened: its items get their fingerprints, and a row imported
# again is known.  The old ledger is a SQLite file: on the pg tier, a
# copy of the ledger (xf-ledger copy), whose fingerprints, made again by
# the migration, must be PostgreSQL's.
if [ -n "$t_pgdb" ]; then
	xf-ledger copy "$XF_DB" old.db > /dev/null
else
	cp xf.db old.db
fi
sqlite3 old.db "DROP TABLE place_days; DROP INDEX items_unit_due;
    DROP INDEX items_region;
    DROP INDEX items_handler; CREATE INDEX items_handler ON items(handler,
    status) WHERE handler IS NOT NULL; DROP INDEX items_lead; CREATE INDEX
    items_lead ON items(lead, status) WHERE lead IS NOT NULL;
    DROP TRIGGER items_image; DROP TRIGGER items_class_image;
    DROP TABLE images; ALTER TABLE items DROP COLUMN reply_delivered_at;
    DROP INDEX events_batch; ALTER TABLE events DROP COLUMN batch;
    ALTER TABLE visits DROP COLUMN batch; ALTER TABLE items DROP COLUMN
    voided_at; ALTER TABLE items DROP COLUMN merged_into;
    DROP INDEX items_likeness; ALTER TABLE items DROP COLUMN
    likeness; ALTER TABLE items DROP COLUMN fingerprint; ALTER TABLE items
    DROP COLUMN not_again; DROP TABLE handlings; DROP INDEX items_decided;
    DROP TABLE documents; DROP TABLE lawful_measures; DROP TABLE person_contacts; DROP TABLE persons;
    DROP TABLE person_images;
    ALTER TABLE items DROP COLUMN received_by;
    ALTER TABLE items DROP COLUMN received_level;
    ALTER TABLE items DROP
    COLUMN handling; ALTER TABLE items DROP COLUMN reopened_at; ALTER TABLE
    items DROP COLUMN decided_at; ALTER TABLE items DROP COLUMN assigned_at;
    ALTER TABLE items DROP COLUMN unit_accepted_at; ALTER TABLE items DROP
    COLUMN unit_declined_at; ALTER TABLE items DROP
    COLUMN reply_due; DROP TABLE batches; PRAGMA user_version = 3"
t_ok "a ledger of schema 3" xf-intake --db old.db month.csv
t_eq "brought up to date" "$(sqlite3 old.db 'PRAGMA user_version')" 18
t_eq "its places' items counted by day (17)" "$(sqlite3 old.db 'SELECT ifnull(
    sum(live), 0) FROM place_days')" "$(sqlite3 old.db 'SELECT count(*) FROM
    items WHERE region IS NOT NULL AND voided_at IS NULL')"
t_ok "and found right" xf-ledger --db old.db check
t_eq "a person's load from the index (16)" "$(sqlite3 old.db "SELECT sql FROM
    sqlite_master WHERE name = 'items_handler'")" "CREATE INDEX items_handler ON items(handler, status, voided_at)  WHERE handler IS NOT NULL"
t_eq "fingerprints made" "$(sqlite3 old.db 'SELECT count(*) FROM items WHERE fingerprint IS NOT NULL')" 4
t_eq "nothing registered twice" "$(sqlite3 old.db 'SELECT count(*) FROM items')" 4
t_eq "the same fingerprints" "$(sqlite3 old.db 'SELECT group_concat(fingerprint) FROM (SELECT fingerprint FROM items ORDER BY id) AS s')" \
    "$(t_sql 'SELECT group_concat(fingerprint) FROM (SELECT fingerprint FROM items ORDER BY id) AS s')"
t_eq "likeness kept by the items without ID number or phone" \
    "$(sqlite3 old.db "SELECT sql FROM sqlite_master WHERE name = 'items_likeness'")" \
    "CREATE INDEX items_likeness ON items(likeness)  WHERE likeness IS NOT NULL AND id_number IS NULL AND phone IS NULL"

# A near duplicate: the same petitioner and text, another time.
printf '%s\n' "$H" "2017-12-01 15:00,$ZS" > near.csv
t_fail 1 "a near duplicate" xf-intake near.csv
t_grep "near duplicate named" "^xf-intake: near.csv:2: a near duplicate of 20171201-0001 \(the same petitioner and text, received at 2017-12-01T09:00:00\+08:00\): --update corrects that item, --new registers this one as another$" "$ERR"
t_eq "not registered" "$(items)" 4
t_ok "--update --dry-run" xf-intake -n --update near.csv
t_grep "what would change" "^xf-intake: near.csv:2: 20171201-0001: received_at corrected \(dry run\)$" "$ERR"
t_grep "the item as it would be" '^\{"id":"20171201-0001","received_at":"2017-12-01T15:00:00\+08:00"' "$OUT"
t_eq "the dry run wrote nothing" "$(col 20171201-0001 received_at)" 2017-12-01T09:00:00+08:00
t_eq "no update event" "$(t_sql "SELECT count(*) FROM events WHERE action = 'update'")" 0
t_ok "--update" xf-intake --update near.csv
t_eq "corrected, the id kept" "$(col 20171201-0001 received_at)" 2017-12-01T15:00:00+08:00
t_eq "the deadline anew" "$(col 20171201-0001 due)" 2017-12-16
t_eq "the correction's event" "$(t_sql "SELECT details FROM events WHERE action = 'update'")" \
    '{"received_at":{"old":"2017-12-01T09:00:00+08:00","new":"2017-12-01T15:00:00+08:00"},"file":"near.csv","line":2}'
t_eq "still four" "$(items)" 4
printf '%s\n' "$H" "2017-12-01 18:00,$ZS" > near2.csv
t_ok "--new" xf-intake --new near2.csv
t_eq "a fifth item" "$(items)" 5
t_eq "a repeat of the first" "$(col 20171201-0002 "first || '|' || repeat_of")" "0|20171201-0001"
printf '%s\n' "$H" "2017-12-01 20:00,$ZS" > near3.csv
t_fail 1 "near two items" xf-intake --update near3.csv
t_grep "which is ambiguous" "a near duplicate of 20171201-0001 and 1 other item \(the same petitioner and text, received at other times\): --new registers it as another$" "$ERR"

printf '%s\n' "$H" '2017-12-09 10:00,李四,,13900000001,征地补偿不到位,城乡建设' > near4.csv
t_fail 1 "a near duplicate by name and phone" xf-intake near4.csv
t_grep "found by the phone" "^xf-intake: near4.csv:2: a near duplicate of 20171202-0001 " "$ERR"
printf '%s\n' "$H" '2017-12-09 10:00,李四,,13900000002,征地补偿不到位,城乡建设' > other4.csv
t_ok "another phone, another petitioner" xf-intake --db other.db month.csv
t_ok "so not a near duplicate" xf-intake --db other.db other4.csv

# A masked export, edited and imported again: the change is taken, the
# masked values are never written over the stored ones.
t_ok "export" xf-query -f csv
sed 's/征地补偿不到位/征地补偿一直不到位/' "$OUT" > export.csv
t_grep "masked" '李\*,,139\*\*\*\*0001' export.csv
t_fail 1 "the edited export" xf-intake export.csv
t_grep "difference named" "^xf-intake: export.csv:3: id '20171202-0001' registered with a different content: --update corrects it$" "$ERR"
t_ok "the edited export, --update" xf-intake --update export.csv
t_grep "the correction named" "^xf-intake: export.csv:3: 20171202-0001: content corrected$" "$ERR"
t_eq "one row printed" "$(wc -l < "$OUT")" 1
t_eq "content corrected" "$(col 20171202-0001 content)" 征地补偿一直不到位
t_eq "personal values kept" "$(col 20171202-0001 "name || '|' || phone")" "李四|13900000001"
t_eq "an event for the change only" "$(t_sql "SELECT count(*) FROM events WHERE action = 'update'")" 2
printf '%s\n' 'id,name,received_at' '20171202-0001,王*,2017-12-02 10:00' > masked.csv
t_ok "a masked value given alone" xf-intake --update masked.csv
t_eq "never taken" "$(col 20171202-0001 name)" 李四

# First and repeat by receipt time: an older item imported later becomes
# the first of its chain, and the chain is relinked with events.
printf '%s\n' "$H" '2017-11-20 09:00,赵六,131028196610100054,13700000002,噪音扰民（早先一次）,环境保护' > older.csv
t_ok "an older item imported later" xf-intake older.csv
t_eq "it is the first" "$(col 20171120-0001 "first || '|' || IFNULL(repeat_of, '')")" "1|"
t_eq "the later one its repeat" "$(col 20171220-0001 "first || '|' || repeat_of")" "0|20171120-0001"
t_eq "relinked with an event" "$(t_sql "SELECT details FROM events WHERE action = 'relink' AND item = '20171220-0001'")" \
    '{"repeat_of":{"old":null,"new":"20171120-0001"},"by":"20171120-0001"}'

# A receipt time in the future: refused, beyond the clock skew allowed.
printf '%s\n' "$H" '2018-01-15 09:05,孙七,,13700000009,明天的事,城乡建设' > skew.csv
t_ok "within the clock skew" xf-intake skew.csv
printf '%s\n' "$H" '2018-01-15 09:11,孙七,,13700000009,后天的事,城乡建设' > future.csv
t_fail 1 "in the future" xf-intake future.csv
t_grep "future named" "^xf-intake: future.csv:2: received_at '2018-01-15T09:11:00\+08:00': in the future \(now is 2018-01-15T09:00:00\+08:00\)$" "$ERR"
echo 'clock_skew = 15' > skew.conf
t_ok "a wider clock skew" xf-intake --config skew.conf future.csv

# Finality: a repeat of a case closed as final is flagged, refused at
# acceptance unless the new facts are said, never due for reopening.
F=20171202-0001
step() {
	echo $F | "$@" > /dev/null 2>&1 || echo "step failed: $*"
}
t_eq "drive a case to final" "$(
	step xf-assign --accept --date 2017-12-05
	step xf-close --reply not-supported --date 2017-12-10
	step xf-assign --review --date 2017-12-12
	step xf-close --review-reply not-supported --date 2017-12-20
	step xf-assign --re-review --date 2017-12-22
	step xf-close --re-review-reply not-supported --date 2018-01-02
	step xf-close --close final --date 2018-01-03)" ""
t_eq "closed final" "$(col $F "status || '|' || close_basis")" "closed|final"
printf '%s\n' "$H" '2018-01-10 09:00,李四,,13900000001,征地补偿还是不到位,城乡建设' > again.csv
t_ok "a repeat of the final case" xf-intake again.csv
t_grep "flagged in the output" '"repeat_of":"20171202-0001","not_again":true' "$OUT"
t_eq "flagged in the ledger" "$(col 20180110-0001 "repeat_of || '|' || not_again")" "$F|1"
t_fail 1 "accepted without new facts" sh -c "echo 20180110-0001 | xf-assign --accept"
t_grep "refusal named" "^xf-assign: -:1: 20180110-0001: cannot accept: it repeats $F, closed as final \(三级终结, 不再受理\): accepted only on new facts \(--new-facts\)$" "$ERR"
t_eq "still registered" "$(col 20180110-0001 status)" registered
t_fail 2 "--new-facts with --review" xf-assign --review --new-facts 新证据 ids.txt
t_grep "--new-facts needs an acceptance" "^xf-assign: --new-facts goes with --accept, --unit" "$ERR"
t_ok "accepted on new facts" sh -c "echo 20180110-0001 | xf-assign --accept --new-facts '新的补偿文件'"
t_eq "the new facts in the event" "$(t_sql "SELECT json_extract(details, '$.new_facts') FROM events WHERE item = '20180110-0001' AND action = 'accept'")" 新的补偿文件
t_ok "--reopen-due" xf-close --reopen-due -f csv
t_nogrep "a final case is never due" "^$F," "$OUT"

# A petitioner's history.
t_ok "--person ID_NUMBER" xf-query --person 13102819800101001x --ids
t_eq "every item of 张三" "$(tr '\n' ' ' < "$OUT")" "20171201-0001 20171201-0002 "
t_ok "--person 'NAME PHONE'" xf-query --person '李四 13900000001' -f csv
t_eq "every item of 李四" "$(tr -d '\r' < "$OUT" | cut -d, -f1 | tr '\n' ' ')" "id $F 20180110-0001 "
t_grep "masked" '李\*' "$OUT"
t_ok "--person --reveal" xf-query --person '李四 13900000001' --reveal -f csv
t_grep "revealed" '李四,,13900000001' "$OUT"
# Each way round: an ID number finds the items without one under a name
# and phone its items have; a name and phone, the items of the ID
# numbers its items have. Not another name on the phone, nor the voided.
P=131028197503030024
printf '%s\n' "$H" "2017-11-01 09:00,王五,$P,13800000009,路灯不亮,城乡建设" \
    '2017-11-02 09:00,王五,,13800000009,路灯还是不亮,城乡建设' \
    '2017-11-03 09:00,王六,,13800000009,垃圾没人收,城乡建设' \
    "2017-11-04 09:00,王五,$P,,路灯坏了,城乡建设" \
    "2017-11-05 09:00,王五,$P,13800000009,重复录入,城乡建设" > wang.csv
t_ok "王五's items" xf-intake wang.csv
echo 20171105-0001 | t_ok "one voided" xf-edit --void --reason 重复
t_ok "--person by ID number" xf-query --person $P --ids
t_eq "his, with the one by name and phone" "$(tr '\n' ' ' < "$OUT")" \
    "20171101-0001 20171102-0001 20171104-0001 "
t_ok "counted" xf-query --person $P --count
t_eq "three" "$(cat "$OUT")" 3
t_ok "with the voided" xf-query --person $P --include-void --count
t_eq "four" "$(cat "$OUT")" 4
t_ok "--person by name and phone" xf-query --person '王五 13800000009' --ids
t_eq "his, with the one by ID number alone" "$(tr '\n' ' ' < "$OUT")" \
    "20171101-0001 20171102-0001 20171104-0001 "
t_ok "the other name on the phone" xf-query --person '王六 13800000009' --ids
t_eq "his alone" "$(cat "$OUT")" 20171103-0001
t_ok "no such person" xf-query --person '周八 13000000000'
t_eq "nothing" "$(wc -c < "$OUT")" 0
t_fail 2 "neither an ID number nor a name and phone" xf-query --person 周八
t_grep "bad value named, not quoted" "^xf-query: --person: not an ID number, nor a name and " "$ERR"
t_nogrep "not quoted" "周八" "$ERR"

t_done
