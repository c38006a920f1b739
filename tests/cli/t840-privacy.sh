# stores: sqlite pg
# Privacy: every file the tools create is mode 0600 whatever the umask
# (the ledger and its -wal and -shm files, the spooled standard input,
# --reject and --unclassified files, cron-daily's reports); personal data
# (name, ID number, phone, address: DOMAIN.md section 6) is masked in
# every program's output in every format unless --reveal; and an error
# message names the field and the line, never the personal value.
. "$TOP/tests/cli/lib.sh"

tmo() {
	timeout 60 "$@"
}

mode() {
	stat -L -c %a "$1"
}

NAME=张三丰
IDNO=13102819800101001X
PHONE=13812345678
ADDR=河北省廊坊市大厂县某村12号
ID=20180110-0001
printf '%s\n' 'ref,received_at,channel,name,id_number,phone,address,people,title,category' \
    "P1,2018-01-10,visit,$NAME,$IDNO,$PHONE,$ADDR,1,拖欠工资,劳动和社会保障" > in.csv

# leaks DESC FILE: FILE holds none of the personal values whole.
leaks() {
	t_nogrep "$1: no name" "$NAME" "$2"
	t_nogrep "$1: no ID number" "$IDNO" "$2"
	t_nogrep "$1: no phone" "$PHONE" "$2"
	t_nogrep "$1: no address" "$ADDR" "$2"
}

# masked DESC FILE: FILE shows every personal field masked.
masked() {
	leaks "$1" "$2"
	t_grep "$1: name masked" '张\*\*' "$2"
	t_grep "$1: ID number masked" '131028\*\*\*\*\*\*\*\*001X' "$2"
	t_grep "$1: phone masked" '138\*\*\*\*5678' "$2"
	t_grep "$1: address masked" '河北省廊坊市\*\*\*\*\*\*\*\*' "$2"
}

# ------------------------------------------------------------------
# Masked in every output, every format; whole with --reveal.

for fm in json csv table; do
	t_fresh
	t_ok "xf-intake -f $fm" tmo xf-intake -f "$fm" in.csv
	if [ "$fm" = table ]; then
		# A table shows the name only of the personal fields.
		leaks "xf-intake table" "$OUT"
		t_grep "xf-intake table: name masked" '  张\*\*  ' "$OUT"
	else
		masked "xf-intake -f $fm" "$OUT"
	fi
done
t_fresh
t_ok "xf-intake --reveal" tmo xf-intake --reveal in.csv
t_grep "revealed: name" "\"name\":\"$NAME\"" "$OUT"
t_grep "revealed: ID number" "\"id_number\":\"$IDNO\"" "$OUT"
t_grep "revealed: phone" "\"phone\":\"$PHONE\"" "$OUT"
t_grep "revealed: address" "\"address\":\"$ADDR\"" "$OUT"
t_eq "the ledger keeps them whole" \
    "$(t_sql 'SELECT name, id_number, phone, address FROM items')" \
    "$NAME|$IDNO|$PHONE|$ADDR"

# The step programs, the queries, the reports.
for fm in json csv table; do
	t_fresh
	xf-intake in.csv > /dev/null
	t_ok "every program, -f $fm" tmo sh -c 'steps() {
		echo "$1" | xf-assign --unit 县人社局 -f "$2" &&
		echo "$1" | xf-classify --set key_case=yes -f "$2" &&
		echo "$1" | xf-close --reply supported -f "$2" &&
		echo "$1" | xf-visit --kind phone --outcome satisfied -f "$2" &&
		echo "$1" | xf-close --close supported-done -f "$2" &&
		xf-query -f "$2" && xf-query --id "$1" -f "$2" &&
		xf-query --history "$1" -f "$2" && xf-visit --due -f "$2" &&
		xf-visit --list "$1" -f "$2" && xf-stats daily -f "$2" &&
		xf-stats count --by channel -f "$2"
	}; steps "$@"' sh "$ID" "$fm"
	leaks "every program, -f $fm" "$OUT"
	if [ "$fm" = table ]; then
		t_grep "tables: the name masked" '  张\*\*  ' "$OUT"
	else
		masked "every program, -f $fm" "$OUT"
	fi
	t_eq "-f $fm: five steps and two queries printed the case" \
	    "$(grep -c '张\*\*' "$OUT")" 7
done
t_ok "xf-query --reveal" tmo xf-query --reveal -f csv
t_grep "whole with --reveal (CSV)" ",$NAME,$IDNO,$PHONE,$ADDR," "$OUT"
t_ok "xf-query --reveal, table" tmo xf-query --reveal -f table
t_grep "whole with --reveal (table)" "  $NAME  " "$OUT"
t_ok "Chinese headers and values" tmo xf-query -f csv --header zh --lang zh --bom
masked "--header zh --lang zh" "$OUT"

# ------------------------------------------------------------------
# Error messages: the field and the line, never the value.

t_fresh
printf '%s\n' 'ref,received_at,channel,name,id_number,phone,address' \
    "E1,2018-01-10,visit,$NAME,131028198001010010,,"  \
    "E2,2018-01-10,visit,$NAME,,1381234," \
    "E3,2018-01-10,visit,$(printf '张\033三'),,," \
    "E4,2018-01-10,visit,,,,$(printf '河北省\001廊坊市')" \
    "E5,2018-01-10,visit,,11010519491231002,," > bad.csv
t_fail 1 "bad personal values" tmo xf-intake --keep-going --reject rej.csv bad.csv
t_grep "ID number: field and line" '^xf-intake: bad.csv:2: id_number: bad check digit$' "$ERR"
t_grep "phone: field and line" '^xf-intake: bad.csv:3: phone: ' "$ERR"
t_grep "name: field and line" '^xf-intake: bad.csv:4: name: has control characters$' "$ERR"
t_grep "address: field and line" '^xf-intake: bad.csv:5: address: has control characters$' "$ERR"
t_grep "a short ID number: field and line" '^xf-intake: bad.csv:6: id_number: not 18 characters$' "$ERR"
t_nogrep "no ID number, not even its first digits" '1310|1101|1381' "$ERR"
t_nogrep "no name" '张|三' "$ERR"
t_nogrep "no address" '河北|廊坊' "$ERR"
t_grep "the reject file: the reason without the value" ',id_number: bad check digit.$' rej.csv
t_grep "the reject file keeps the record whole, to be fixed" "^E1,.*,131028198001010010," rej.csv
printf '{"ref":"J1","received_at":"2018-01-10","channel":"visit","id_number":"%s"}\n' \
    131028198001010010 > bad.ndjson
t_fail 1 "bad ID number in NDJSON" tmo xf-intake bad.ndjson
t_grep "NDJSON: field and line" '^xf-intake: bad.ndjson:1: id_number: bad check digit$' "$ERR"
t_nogrep "NDJSON: no value" '1310' "$ERR"

# ------------------------------------------------------------------
# Files the tools create: mode 0600 under umask 000.

t_fresh
t_ok "a new ledger under umask 000" tmo sh -c 'umask 000; xf-intake in.csv'
# On the pg tier the ledger is no file of ours: the server keeps it.
if [ -z "$t_pgdb" ]; then
	t_eq "the ledger 0600" "$(mode "$XF_DB")" 600
	for file in "$XF_DB"-wal "$XF_DB"-shm "$XF_DB"-journal; do
		[ -e "$file" ] &&
		    t_eq "$(basename "$file") 0600" "$(mode "$file")" 600
	done
fi

# While a writer holds the ledger open (reading a FIFO that has no
# writer yet), its -wal and -shm files exist: 0600 too.
mkfifo fifo.csv
(umask 000; exec xf-intake fifo.csv > fifo.out 2> fifo.err) &
pid=$!
# On the pg tier there are no -wal and -shm files: the writer goes on.
if [ -z "$t_pgdb" ]; then
	i=0
	while [ ! -e "$XF_DB-shm" ] && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	t_eq "the -wal file 0600" "$(mode "$XF_DB-wal" 2>&1)" 600
	t_eq "the -shm file 0600" "$(mode "$XF_DB-shm" 2>&1)" 600
fi
sed 's/^P1,2018-01-10/P2,2018-01-11/' in.csv > fifo.csv
wait $pid
t_eq "the writer went on" "$?" 0
t_eq "and registered" "$(t_sql 'SELECT count(*) FROM items')" 2

# Standard input from a pipe is spooled to an unlinked temporary file,
# read by its owner only: seen through /proc while the pipe is open.
mkdir spool
mkfifo stdin.fifo
(umask 000; TMPDIR=$TMP/spool exec xf-intake --db spool.db < stdin.fifo > spool.out 2> spool.err) &
pid=$!
exec 3> stdin.fifo
head -n 1 in.csv >&3
spooled=
i=0
while [ -z "$spooled" ] && [ $i -lt 600 ]; do
	for fd in /proc/$pid/fd/*; do
		case $(readlink "$fd" 2>/dev/null) in
		"$TMP"/spool/xf.*) spooled=$fd ;;
		esac
	done
	[ -n "$spooled" ] || sleep 0.1
	i=$((i + 1))
done
t_eq "the spool file 0600" "$([ -n "$spooled" ] && mode "$spooled")" 600
t_eq "the spool file unlinked" "$(ls spool | wc -l)" 0
tail -n 1 in.csv >&3
exec 3>&-
wait $pid
t_eq "the spooled input registered" "$?" 0

# --reject and --unclassified: new, or already there and readable by all.
rm -f rej.csv
t_fail 1 "a new reject file under umask 000" tmo sh -c 'umask 000; xf-intake -k --reject rej.csv bad.csv'
t_eq "the reject file 0600" "$(mode rej.csv)" 600
echo old > rej.csv
chmod 644 rej.csv
t_fail 1 "a reject file that was there, 0644" tmo xf-intake -k --reject rej.csv bad.csv
t_eq "made 0600" "$(mode rej.csv)" 600
t_grep "and written anew" '^ref,' rej.csv
t_ok "a model to classify by" tmo xf-classify --learn
t_ok "--unclassified under umask 000" tmo sh -c "umask 000; echo $ID | xf-classify --model --unclassified un.csv -f csv"
t_eq "the --unclassified file 0600" "$(mode un.csv)" 600
chmod 644 un.csv
t_ok "--unclassified that was there" tmo sh -c "echo $ID | xf-classify --model --unclassified un.csv"
t_eq "the --unclassified file made 0600" "$(mode un.csv)" 600

# cron-daily's reports.
mkdir reports
t_ok "cron-daily under umask 000" tmo sh -c "umask 000; sh '$TOP/scripts/cron-daily' -o reports"
t_eq "daily.csv 0600" "$(mode reports/daily.csv)" 600
t_eq "daily.html 0600" "$(mode reports/daily.html)" 600
leaks "daily.html" reports/daily.html

t_done
