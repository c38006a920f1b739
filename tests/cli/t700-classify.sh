# stores: sqlite pg
# xf-classify: explicit values and keyword rules; Chinese text and
# full-width punctuation; priorities; --explain; a person's value kept
# unless --force; events and re-running; bad rules files with their
# lines; usage errors; the new columns in every output format
. "$TOP/tests/cli/lib.sh"

C1=20170721-0001	# 讨薪, no category
C2=20170722-0001	# 征地补偿, category 城乡建设 given at intake (a person)
C3=20170723-0001	# 噪音, no category
C4=20170724-0001	# ＡＴＭ吞卡, full-width letters

col() {
	t_sql "SELECT $2 FROM items WHERE id = '$1'"
}
nevents() {
	t_sql "SELECT count(*) FROM events WHERE action = 'classify'"
}
sources() {
	t_sql "SELECT group_concat(field || ':' || source, ' ') FROM (SELECT
	    field, source FROM classified WHERE item = '$1' ORDER BY field) AS s"
}

cat > items.ndjson <<'EOF'
{"received_at":"2017-07-21 10:00","title":"讨薪","content":"公司拖欠工资三个月，扬言跳楼"}
{"received_at":"2017-07-22 10:00","title":"征地补偿","content":"征地补偿不到位（要求公平处理）","category":"城乡建设"}
{"received_at":"2017-07-23 10:00","title":"噪音","content":"工厂噪音扰民"}
{"received_at":"2017-07-24 10:00","title":"ＡＴＭ吞卡","content":"银行ａｔｍ机吞卡；要求退款"}
EOF
t_ok "register" xf-intake items.ndjson

printf '%s\n' \
    '# priority	pattern	values' \
    '' \
    '50	拖欠工资 | 欠薪，讨薪	category=劳动和社会保障/工资福利	risk=2' \
    '90	自焚、跳楼	风险等级＝高；重点信访=是' \
    '40	征地 （补偿 ｜ 安置） －强拆	category=国土资源/土地征收/安置补偿	claim=诉求合理' \
    '30	ATM 吞卡	category=经济管理/金融财税	purpose=求决' \
    '20	标题：噪音 NOT 内容：施工	category=环境保护/环境污染	claim=reasonable' \
    > rules.tsv

# Rules: each case gets the values of its matching rules.
t_ok "classify by rules" sh -c "xf-query --format json | xf-classify --rules rules.tsv --explain"
t_eq "four cases printed" "$(wc -l < "$OUT")" 4
t_grep "printed with the new fields" "^\{\"id\":\"$C1\".*\"category\":\"劳动和社会保障/工资福利\",\"risk\":3,\"key_case\":true," "$OUT"
t_eq "C1: category and risk" "$(col $C1 'category, claim, risk, key_case')" \
	"劳动和社会保障/工资福利||3|1"
t_eq "C1: the rule of higher priority set the risk" "$(sources $C1)" \
	"category:rule key_case:rule risk:rule"
t_eq "C2: a person's category kept" "$(col $C2 'category, claim')" \
	"城乡建设|reasonable"
t_eq "C2: sources" "$(sources $C2)" "claim:rule"
t_eq "C3: title and not content" "$(col $C3 'category, claim')" \
	"环境保护/环境污染|reasonable"
t_eq "C4: full-width letters match" "$(col $C4 'category, purpose')" \
	"经济管理/金融财税|demand"
t_eq "an event per case changed" "$(nevents)" 4
t_eq "the event says what and why" "$(t_sql "SELECT details FROM events WHERE action = 'classify' AND item = '$C1'")" \
	'{"category":{"to":"劳动和社会保障/工资福利","by":"rule","rule":"rules.tsv:3"},"risk":{"to":"3","by":"rule","rule":"rules.tsv:4"},"key_case":{"to":"1","by":"rule","rule":"rules.tsv:4"}}'
t_grep "explain: the rule that fired" "^xf-classify: $C1: category '劳动和社会保障/工资福利': rule rules.tsv:3: 拖欠工资 \| 欠薪，讨薪$" "$ERR"
t_grep "explain: priority" "^xf-classify: $C1: risk '3': rule rules.tsv:4: 自焚、跳楼$" "$ERR"
t_grep "explain: kept" "^xf-classify: $C2: category: kept '城乡建设' \(set by a person\) over '国土资源/土地征收/安置补偿' of rule rules.tsv:5 \(--force replaces it\)$" "$ERR"
t_ok "history" xf-query --history $C1
t_grep "history shows the classification" '"program":"xf-classify","action":"classify"' "$OUT"

# Re-running changes nothing.
t_ok "again" sh -c "xf-query --format json | xf-classify --rules rules.tsv"
t_eq "no new event" "$(nevents)" 4
t_eq "still printed" "$(wc -l < "$OUT")" 4

# --set: a person's values, over the rules' and kept from them.
t_ok "--set" sh -c "echo $C1 | xf-classify --set risk=1 --set 诉求性质=生活困难"
t_eq "set" "$(col $C1 'risk, claim')" "1|hardship"
t_eq "now a person's" "$(sources $C1)" \
	"category:rule claim:person key_case:rule risk:person"
t_ok "rules again" sh -c "echo $C1 | xf-classify --rules rules.tsv --explain"
t_eq "the person's risk kept" "$(col $C1 risk)" 1
t_grep "explain says kept" "^xf-classify: $C1: risk: kept '1' \(set by a person\) over '3' of rule rules.tsv:4" "$ERR"
n=$(nevents)
t_ok "--force" sh -c "echo $C1 | xf-classify --rules rules.tsv --force"
t_eq "forced" "$(col $C1 risk)" 3
t_eq "risk by the rule again" "$(sources $C1)" \
	"category:rule claim:person key_case:rule risk:rule"
t_eq "one more event" "$(nevents)" $((n + 1))
t_ok "--set the same category" sh -c "echo $C1 | xf-classify --set category=劳动和社会保障/工资福利"
t_eq "the source becomes a person" "$(sources $C1 | cut -d' ' -f1)" \
	"category:person"
t_eq "and an event" "$(nevents)" $((n + 2))

# --dry-run: printed, not kept.
t_ok "dry run" sh -c "echo $C3 | xf-classify --set risk=2 --dry-run"
t_grep "printed as it would be" '"risk":2' "$OUT"
t_eq "not kept" "$(col $C3 risk)" ""

# All or nothing: an id not in the ledger rolls the batch back.
t_fail 1 "an unknown id" sh -c "printf '%s\n' $C3 20990101-0001 | xf-classify --set risk=2"
t_grep "says so" "^xf-classify: -:2: 20990101-0001: no item '20990101-0001' in the ledger$" "$ERR"
t_grep "rolled back" "^xf-classify: nothing classified: the batch was rolled back$" "$ERR"
t_eq "C3 untouched" "$(col $C3 risk)" ""
t_fail 1 "--keep-going: the bad record rejected" sh -c "printf '%s\n' $C3 20990101-0001 | xf-classify --set risk=2 -k"
t_eq "C3 classified" "$(col $C3 risk)" 2

# The new columns in CSV, in Chinese, and their Chinese values.
t_ok "csv" sh -c "echo $C1 | xf-classify --set claim=reasonable -f csv --header zh --lang zh"
t_grep "Chinese header" "内容分类,诉求性质,风险等级,重点信访," "$OUT"
t_grep "Chinese values" "劳动和社会保障/工资福利,诉求合理,3,是," "$OUT"
t_ok "query by the new fields" xf-query --id $C1 -f csv
t_grep "English header" "^id,.*,category,claim,risk,key_case," "$OUT"

# Bad values given with --set: usage errors.
t_fail 2 "an unknown category" xf-classify --set category=劳动和社会保障/工资 $C1
t_grep "the nearest are named" "^xf-classify: --set: category '劳动和社会保障/工资': not in the catalogue \(nearest: 劳动和社会保障/工资福利, " "$ERR"
t_fail 2 "a bad risk" xf-classify --set risk=5
t_grep "says why" "^xf-classify: --set: risk '5': not 1 \(low\), 2 \(medium\) or 3 \(high\)$" "$ERR"
t_fail 2 "not a field" xf-classify --set unit=x
t_grep "names the fields" "^xf-classify: --set: 'unit': not category, purpose, claim, risk or key_case$" "$ERR"
t_fail 2 "not FIELD=VALUE" xf-classify --set risk
t_fail 2 "twice" xf-classify --set risk=1 --set 风险等级=2
t_fail 2 "nothing to do" xf-classify
t_grep "says what to do" "^xf-classify: nothing to do: --set, --rules, --model, --learn or --evaluate$" "$ERR"
t_grep "and the usage" "^usage: xf-classify " "$ERR"
t_fail 2 "--min-confidence without --model" xf-classify --rules rules.tsv --min-confidence 0.5
t_fail 2 "--min-confidence out of range" xf-classify --model --min-confidence 1.5
t_fail 2 "--learn with records" xf-classify --learn items.ndjson
t_fail 2 "--learn and --evaluate" xf-classify --learn --evaluate
t_fail 2 "--folds without --evaluate" xf-classify --rules rules.tsv --folds 3
t_ok "--help" xf-classify --help
t_grep "usage" "^usage: xf-classify \[-hkn\] \[--set FIELD=VALUE" "$OUT"

# Bad rules files: file, line and what is wrong; status 3, nothing read.
bad() {
	printf '%s\n' "$@" > bad.tsv
	echo $C3 | xf-classify --rules bad.tsv
}
n=$(nevents)
t_fail 3 "a missing column" bad '# c' '10	噪音'
t_grep "file and line" "^xf-classify: bad.tsv:2: 2 columns: a rule is a priority, a pattern and field=value, separated by tabs$" "$ERR"
t_fail 3 "a bad priority" bad '# c' '' 'high	噪音	risk=1'
t_grep "the priority" "^xf-classify: bad.tsv:3: priority 'high': not a whole number$" "$ERR"
t_fail 3 "an unknown category" bad '10	噪音	category=环境保护/污染'
t_grep "the nearest" "^xf-classify: bad.tsv:1: category '环境保护/污染': not in the catalogue \(nearest: 环境保护/环境污染" "$ERR"
t_fail 3 "an unclosed parenthesis" bad '10	噪音	risk=1' '10	（噪音 | 污染	risk=1'
t_grep "the parenthesis" "^xf-classify: bad.tsv:2: pattern: '\(' without '\)'$" "$ERR"
t_fail 3 "an operator without a keyword" bad '10	噪音 OR	risk=1'
t_grep "the operator" "^xf-classify: bad.tsv:1: pattern: a keyword expected before the end$" "$ERR"
t_fail 3 "not a field" bad '10	噪音	status=closed'
t_grep "the field" "^xf-classify: bad.tsv:1: 'status': not a field xf-classify sets" "$ERR"
printf '10\t噪\377音\trisk=1\n' > bad.tsv
t_fail 3 "not UTF-8" sh -c "echo $C3 | xf-classify --rules bad.tsv"
t_grep "says so" "^xf-classify: bad.tsv:1: not valid UTF-8" "$ERR"
t_fail 3 "no such file" sh -c "echo $C3 | xf-classify --rules nosuch.tsv"
t_grep "names it" "nosuch.tsv" "$ERR"
t_eq "nothing written" "$(nevents)" "$n"

# The example rules file of the hot areas parses and classifies.
t_ok "the example rules" sh -c "xf-query --format json | xf-classify --rules '$TOP/scripts/rules-example.tsv' --dry-run"
t_grep "wage arrears" "\"id\":\"$C1\".*\"category\":\"劳动和社会保障/工资福利\"" "$OUT"

# xf-query selects by the new fields: of the 4 items, one key case, one
# of high risk, three reasonable (rules above).
t_ok "--key-case" xf-query --key-case --ids
t_eq "the key case" "$(cat "$OUT")" "$(t_sql "SELECT id FROM items WHERE key_case = 1")"
t_eq "one" "$(wc -l < "$OUT")" 1
t_ok "--risk 3" xf-query --risk 3 --ids
t_eq "the high risk" "$(cat "$OUT")" "$(t_sql "SELECT id FROM items WHERE risk = 3")"
t_eq "one" "$(wc -l < "$OUT")" 1
t_ok "--claim in Chinese" xf-query --claim 诉求合理 --count
t_eq "the reasonable" "$(cat "$OUT")" 3
t_ok "--claim and --risk" xf-query --claim reasonable --risk 1 --count
t_eq "none both" "$(cat "$OUT")" "$(t_sql "SELECT count(*) FROM items WHERE claim = 'reasonable' AND risk = 1")"
t_fail 2 "--risk 4" xf-query --risk 4
t_grep "says the range" "^xf-query: --risk '4': not 1 \(low\), 2 \(medium\) or 3 \(high\)$" "$ERR"
t_fail 2 "--claim nonsense" xf-query --claim 合法
t_grep "names the field" "^xf-query: --claim '合法': not a claim$" "$ERR"

# A classification undone: its fields and their sources as they were
# (kept by the classifications' own image trigger on SQLite).
before=$(t_sql "SELECT IFNULL(category, '') || '|' || IFNULL(risk, '') || '|'
    || IFNULL(key_case, '') FROM items WHERE id = '$C4'")
sources=$(t_sql "SELECT count(*) FROM classified WHERE item = '$C4'")
t_ok "--set on C4" sh -c "echo $C4 | xf-classify --set category=城乡建设 --set risk=3 --set key_case=1"
t_eq "set" "$(t_sql "SELECT category || '|' || risk || '|' || key_case FROM items WHERE id = '$C4'")" "城乡建设|3|1"
n=$(t_sql "SELECT max(n) FROM batches")
t_ok "undone" xf-edit --undo-batch "$n" --reason 分类错
t_eq "the fields back" "$(t_sql "SELECT IFNULL(category, '') || '|' || IFNULL(risk, '') || '|'
    || IFNULL(key_case, '') FROM items WHERE id = '$C4'")" "$before"
t_eq "the sources back" "$(t_sql "SELECT count(*) FROM classified WHERE item = '$C4'")" "$sources"

# No model yet.
t_fail 1 "--model before --learn" sh -c "echo $C3 | xf-classify --model"
t_grep "says how" "^xf-classify: no model in the ledger: xf-classify --learn makes one$" "$ERR"

t_done
