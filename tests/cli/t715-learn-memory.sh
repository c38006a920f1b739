# xf-classify --learn --memory: past the memory a model may hold of its
# examples, it learns from a sample, the same whatever the order the
# items were registered in, and says so.  SQLite's alone: the sample is
# the model's (lib/model.c), whatever the store; storing and reading
# models on both is t710's and t720's.
. "$TOP/tests/cli/lib.sh"

# 1,500 generated items, each classified (内容分类) at intake: about 450
# distinct grams (1.8 KB) each, so that 1 MB holds about 580 of them.
sh "$TOP/scripts/gen-items" -n 1500 -s 715 --to 2017-12-31 > items.csv
{
	head -n 1 items.csv
	tail -n +2 items.csv | sort -r
} > reversed.csv

# The stored models, as text: name, examples, and a digest of the bytes.
models() {
	if [ -n "$t_pgdb" ]; then
		t_sql "SELECT string_agg(name || ' ' || examples || ' ' || md5(data), ';' ORDER BY name) FROM models"
	else
		t_sql "SELECT group_concat(name || ' ' || examples || ' ' || hex(data), ';') FROM (SELECT * FROM models ORDER BY name)" | md5sum
	fi
}

# (Within 64 MB every example is learned: t710, t720.)
t_ok "register" xf-intake items.csv
t_ok "learn within 1 MB" xf-classify --learn --memory 1
n1=$(sed -n 's/.*"model":"category-1","examples":\([0-9]*\),.*/\1/p' "$OUT")
t_eq "a sample: between 300 and 1,000 of 1,500" \
    "$([ "${n1:-0}" -ge 300 ] && [ "$n1" -le 1000 ] && echo yes)" yes
t_grep "said for level 1" "^xf-classify: category-1: learned from $n1 of 1500 examples \(a sample that bounds the memory: --memory\)$" "$ERR"
t_grep "said for level 2" "^xf-classify: category-2: learned from [0-9]+ of [0-9]+ examples" "$ERR"
t_eq "stored with the sample's count" \
    "$(t_sql "SELECT examples FROM models WHERE name = 'category-1'")" "$n1"
t_ok "predicts" sh -c "xf-query --limit 5 | xf-classify --model --force --explain --min-confidence 0 --dry-run"
t_grep "with a confidence" "^xf-classify: [0-9-]+: category '.+': model, confidence [01]\.[0-9]+$" "$ERR"
forward=$(models)

# The same items registered in the reverse order: the same sample, the
# same models byte for byte.
t_fresh
t_ok "register reversed" xf-intake reversed.csv
t_ok "learn reversed within 1 MB" xf-classify --learn --memory 1
t_eq "the same models" "$(models)" "$forward"

# Cross-validation on the sample: each fold forgets and learns again.
t_ok "evaluate within 1 MB" xf-classify --evaluate --memory 1 --folds 2
t_grep "the sample said" "^xf-classify: category-1: learned from $n1 of 1500 examples" "$ERR"
t_grep "an accuracy" "accuracy" "$OUT"

t_fail 2 "0 MB" xf-classify --learn --memory 0
t_grep "says why" "^xf-classify: --memory '0': not a number of MB from 1 to 65536$" "$ERR"
t_fail 2 "not a number" xf-classify --evaluate --memory 1x
t_fail 2 "not with --model" xf-classify --model --memory 8
t_grep "says with what" "^xf-classify: --memory goes with --learn or --evaluate$" "$ERR"

t_done
