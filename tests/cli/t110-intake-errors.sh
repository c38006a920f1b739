# stores: sqlite pg
# xf-intake: bad records, all or nothing, --keep-going, --reject, --dry-run,
# usage and configuration errors
. "$TOP/tests/cli/lib.sh"

head -n 3 "$DATA/items.csv" > good.csv
{
	head -n 1 "$DATA/items.csv"
	echo 'B1,2017-07-21,visit,,,,甲,131028199002290038,13812345678,,1,,,,,,'
	echo 'B2,2017-07-22,visit,,,,乙,13102819800101001X,1381234,,1,,,,,,'
	echo 'B3,2017-02-30,visit,,,,丙,,,,1,,,,,,'
	echo 'B4,2017-07-24,bicycle,,,,丁,,,,1,,,,,,'
	echo 'B5,2017-07-25,visit,,,,戊,,,,0,,,,,,'
	echo 'B6,2017-07-26,visit,,,,己,,,,1,99,,,,,'
	echo 'B7,2017-07-27,visit,,,,庚,,,,1,,,,,城乡建设/城市建设,'
	echo 'B8,,visit,,,,辛,,,,1,,,,,,'
	echo 'B9,2017-07-28,visit,,,,壬,131028197506150022,,,1,,,,,,'
	echo 'B10,2017-07-29,visit,,,,癸,,,,1,,,,,,'
} > bad.csv

t_fail 1 "bad records fail the batch" xf-intake bad.csv
t_eq "nothing stored" "$(t_sql 'SELECT count(*) FROM items')" 0
t_eq "nothing printed" "$(wc -c < "$OUT")" 0
t_grep "bad birth date, no value" "^xf-intake: bad.csv:2: id_number: bad birth date$" "$ERR"
t_grep "bad phone" "^xf-intake: bad.csv:3: phone: " "$ERR"
t_grep "no such day" "^xf-intake: bad.csv:4: received_at '2017-02-30': " "$ERR"
t_grep "bad channel" "^xf-intake: bad.csv:5: channel 'bicycle': not a channel" "$ERR"
t_grep "bad people" "^xf-intake: bad.csv:6: people '0': " "$ERR"
t_grep "bad region" "^xf-intake: bad.csv:7: region '99': " "$ERR"
t_grep "unknown category with the nearest" "^xf-intake: bad.csv:8: category '城乡建设/城市建设': not in the catalogue \(nearest: .*城乡建设/城市建设和市政管理" "$ERR"
t_grep "missing date" "^xf-intake: bad.csv:9: received_at: missing$" "$ERR"
t_grep "bad check digit" "^xf-intake: bad.csv:10: id_number: bad check digit$" "$ERR"
t_grep "rolled back" "nothing registered" "$ERR"
t_nogrep "no personal data in messages" "1310|1381|张三|甲" "$ERR"

# All or nothing across files.
t_fail 1 "a good file and a bad one" xf-intake good.csv bad.csv
t_eq "still nothing stored" "$(t_sql 'SELECT count(*) FROM items')" 0

# --keep-going commits the good ones; --reject keeps the bad ones.
t_fail 1 "--keep-going" xf-intake --keep-going --reject rejects.csv good.csv bad.csv
t_eq "good ones stored" "$(t_sql 'SELECT count(*) FROM items')" 3
t_eq "good ones printed" "$(wc -l < "$OUT")" 3
t_eq "reject mode 0600" "$(stat -c %a rejects.csv)" 600
t_eq "rejects: header and 9 rows" "$(wc -l < rejects.csv)" 10
t_grep "rejects carry an error column" '^ref,received_at,.*,note,error' rejects.csv
t_grep "rejects keep the full values" '^B1,2017-07-21,.*131028199002290038.*bad birth date' rejects.csv
t_fail 2 "--reject needs --keep-going" xf-intake --reject r.csv good.csv

# A fixed reject file can be imported again (minus the error column).
t_fresh
t_fail 1 "reject NDJSON in NDJSON" xf-intake -k --reject rej.ndjson "$TOP/tests/data/bad.ndjson"
t_grep "NDJSON reject" '^\{"ref":"N2",.*"error":"people' rej.ndjson

# --dry-run checks everything and writes nothing.
t_fresh
t_ok "--dry-run" xf-intake --dry-run good.csv
t_eq "dry run prints" "$(wc -l < "$OUT")" 2
t_eq "dry run stores nothing" "$(t_sql 'SELECT count(*) FROM items')" 0
t_fail 1 "--dry-run reports bad records" xf-intake -n bad.csv

# Input that is not there or not text.
t_fail 1 "missing file" xf-intake nosuch.csv
t_grep "missing file named" "^xf-intake: nosuch.csv: " "$ERR"
printf 'ref,received_at\nX1,2017-07-21\nX2,\377\376\n' > binary.csv
t_fail 1 "invalid UTF-8" xf-intake binary.csv
t_grep "line of the bad bytes" "^xf-intake: binary.csv: line 3: not valid UTF-8" "$ERR"

# Usage errors: status 2 and the usage line.
t_fail 2 "unknown option" xf-intake --frobnicate
t_grep "usage line" "^usage: xf-intake " "$ERR"
t_fail 2 "bad --format" xf-intake -f xml good.csv
t_fail 2 "bad --header" xf-intake --header fr good.csv
t_ok "--help" xf-intake --help
t_grep "help shows usage" "^usage: xf-intake " "$OUT"
t_ok "--version" xf-intake --version
t_grep "version" "^xf-intake \(xf\) [0-9]+\.[0-9]+\.[0-9]+$" "$OUT"

# A value past the header's columns: that row refused, the rest read.
printf 'ref,received_at,channel\nW1,2017-07-21,visit\nW2,2017-07-22,visit,,x\nW3,2017-07-23,visit,,\n' > wide.csv
t_fresh
t_fail 1 "--keep-going past a row too wide" xf-intake --keep-going --reject wide.rej wide.csv
t_grep "the row named" "^xf-intake: wide.csv:3: 5 fields, the header has 3$" "$ERR"
t_eq "the rows before and after it kept" "$(t_sql 'SELECT group_concat(ref) FROM items')" W1,W3
t_grep "the row set aside" '^W2,2017-07-22,visit,"5 fields, the header has 3"' wide.rej

# Configuration errors: status 3, file and line.
printf 'office = DC\ncolour = blue\n' > bad.conf
t_fail 3 "unknown setting" xf-intake --config bad.conf good.csv
t_grep "setting named" "^xf-intake: bad.conf:2: unknown setting 'colour'$" "$ERR"
printf 'collective_threshold = many\n' > bad2.conf
t_fail 3 "bad value" env XF_CONFIG=bad2.conf xf-intake good.csv
t_fail 3 "missing config" xf-intake --config nosuch.conf good.csv

# A deadline that needs a calendar year the calendar lacks: status 3.
printf 'roll_to_workday = yes\n' > roll.conf
printf 'received_at\n2027-03-01\n' > future.csv
t_fail 3 "calendar without the year" env XF_NOW=2027-03-02T09:00:00+08:00 \
    xf-intake --db r.db --config roll.conf future.csv
t_grep "year named" "future.csv:2: the holiday calendar has no year 2027" "$ERR"

# Settings change what is derived.
printf 'collective_threshold = 3\noffice_level = city\n' > city.conf
t_fresh
t_ok "settings apply" xf-intake --config city.conf "$DATA/items.csv"
t_eq "collective at 3" "$(t_sql 'SELECT count(*) FROM items WHERE collective = 1')" 1
t_eq "skip-level above a city" "$(t_sql 'SELECT group_concat(ref) FROM items WHERE skip_level = 1')" A004
t_eq "default level is the office's" "$(t_sql "SELECT count(*) FROM items WHERE lodged_level = 'city'")" 1

t_done
