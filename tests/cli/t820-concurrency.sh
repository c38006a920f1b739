# stores: sqlite pg
# Concurrency: five writers and two readers on one ledger at once, with
# the ledger's default settings (a busy timeout of 60 s; 15 minutes
# under Valgrind, which lib.sh sets).  Writers:
# two xf-intake, each importing its own batches one after another (the
# second also imports one of the first one's batches again); xf-assign
# accepting and xf-close closing cases registered before, in chunks
# (xf-assign applies one chunk twice); xf-edit correcting the cases
# xf-assign accepts, in the same chunks.  Readers: xf-query --count and
# xf-stats count --by status, in a loop until the writers are done.
#
# Afterwards: every writer succeeded and none saw a locked ledger; each
# item is there once, with one register event, the refs are exactly
# the refs of the inputs; the steps are applied once each.  Every
# reading saw whole batches only, and never fewer items than before.
. "$TOP/tests/cli/lib.sh"

n=200		# items a batch
k=6		# batches (and chunks) a writer
if [ -n "${XF_VALGRIND:-}" ]; then
	# Under Valgrind a batch takes 30 times as long.
	n=40
	k=4
	echo "# under valgrind: $k batches of $n a writer"
fi
base=$((6 * n))	# registered before: half for xf-assign, half xf-close

batch() {
	sh "$TOP/scripts/gen-items" -n $1 -s $2 --first $3 --to 2017-12-31 \
	    > $4
}
batch $base 820 1 base.csv
i=1
while [ $i -le $k ]; do
	batch $n $((820 + i)) $((100000 + i * 1000)) a$i.csv
	batch $n $((840 + i)) $((200000 + i * 1000)) b$i.csv
	i=$((i + 1))
done
t_ok "the cases registered before" xf-intake base.csv
t_sql 'SELECT id FROM items ORDER BY id' > ids
# Chunks of half a batch: p1..pk to accept, q1..qk to close.
i=1
while [ $i -le $k ]; do
	sed -n "$(( (i - 1) * n / 2 + 1 )),$(( i * n / 2 ))p" ids > p$i
	sed -n "$(( base / 2 + (i - 1) * n / 2 + 1 )),$(( base / 2 + i * n / 2 ))p" ids > q$i
	i=$((i + 1))
done

# A writer: run each command line in turn; one status line each.
writer() {
	IFS=' '
	w=$1
	shift
	for cmd in "$@"; do
		$cmd > /dev/null 2>> $w.err
		st=$?
		echo "$st $cmd" >> $w.status
	done
}
list() {
	pre=$1
	post=${2:-}
	i=1
	while [ $i -le $k ]; do
		printf '%s\n' "$pre$i$post"
		i=$((i + 1))
	done
}

# The readers: a line for each reading, until the writers are done.
# Reading: the number of items; or total, accepted, closed, registered.
read_query() {
	while [ ! -e writers.done ]; do
		xf-query --count > q.one 2>> query.err
		st=$?
		echo "$st $(cat q.one)" >> query.out
	done
}
read_stats() {
	while [ ! -e writers.done ]; do
		xf-stats count --by status -f csv > s.one 2>> stats.err
		st=$?
		echo "$st $(tr -d '\r' < s.one | awk -F, '
		    NR > 1 { t += $2; c[$1] = $2 }
		    END { print t + 0, c["accepted"] + 0, c["closed"] + 0,
		    c["registered"] + 0 }')" >> stats.out
	done
}

read_query &
r1=$!
read_stats &
r2=$!
IFS_SAVE=$IFS
IFS='
'
writer intake1 $(list "xf-intake a" .csv) &
w1=$!
writer intake2 $(list "xf-intake b" .csv) "xf-intake a3.csv" &
w2=$!
writer assign $(list "xf-assign --accept p") "xf-assign --accept p1" &
w3=$!
writer close $(list "xf-close --close litigation q") &
w4=$!
writer edit $(list "xf-edit --set people=97 --reason 人数更正 p") &
w5=$!
IFS=$IFS_SAVE
wait $w1 $w2 $w3 $w4 $w5
: > writers.done
wait $r1 $r2

# The writers: all succeeded, none found the ledger locked.
cat intake1.status intake2.status assign.status close.status edit.status \
    > all.status
t_eq "every writer's run ended" "$(wc -l < all.status)" $((5 * k + 2))
t_eq "every writer succeeded" "$(grep -vc '^0 ' all.status)" 0
cat intake1.err intake2.err assign.err close.err edit.err > writers.err
t_nogrep "no writer found the ledger locked" "locked|busy" writers.err
t_nogrep "no writer failed" "rolled back|Sanitizer|runtime error" writers.err

# The items: each once, the refs those of the inputs, one register event
# an item, the daily numbers without a gap.
total=$((base + 2 * k * n))
[ -n "$t_pgdb" ] || t_eq "integrity" "$(t_sql 'PRAGMA integrity_check')" ok
t_eq "no item lost or doubled" "$(t_sql 'SELECT count(*), count(DISTINCT ref),
    count(DISTINCT id) FROM items')" "$total|$total|$total"
cat base.csv a[0-9]*.csv b[0-9]*.csv | sed -n 's/^\(SRC[0-9]*\),.*/\1/p' | sort > want.refs
t_sql 'SELECT ref FROM items ORDER BY ref' | sort > got.refs
t_cmp "the refs of the inputs" got.refs want.refs
t_eq "one register event an item" "$(t_sql "SELECT count(*), count(DISTINCT
    item) FROM events WHERE action = 'register'")" "$total|$total"
t_eq "numbered without gaps" "$(t_sql 'SELECT count(*) FROM day_seq
    WHERE n != (SELECT count(*) FROM items
    WHERE substr(received_at, 1, 10) = day)')" 0
t_eq "the doubled batch skipped once" "$(grep -c 'already registered' \
    intake1.err intake2.err | awk -F: '{ s += $2 } END { print s }')" $n

# The steps: each chunk applied once, the chunk given twice once.
t_eq "accepted, once" "$(t_sql "SELECT count(*), count(DISTINCT item) FROM
    events WHERE action = 'accept'")" "$((k * n / 2))|$((k * n / 2))"
t_eq "closed, once" "$(t_sql "SELECT count(*), count(DISTINCT item) FROM
    events WHERE action = 'close'")" "$((k * n / 2))|$((k * n / 2))"
# Relinks depend on which writer committed first (an item received
# earlier but registered later heads its chain): not counted here.
t_eq "corrected, once" "$(t_sql "SELECT count(*), count(DISTINCT item) FROM
    events WHERE action = 'correct'")" "$((k * n / 2))|$((k * n / 2))"
t_eq "each correction a batch of its own" "$(t_sql "SELECT count(*) FROM
    batches WHERE program = 'xf-edit'")" $k
t_eq "the events add up" "$(t_sql "SELECT count(*) FROM events
    WHERE action <> 'relink'")" $((total + k * n + k * n / 2))
t_eq "statuses add up" "$(t_sql "SELECT group_concat(status || ':' || c)
    FROM (SELECT status, count(*) AS c FROM items GROUP BY status
    ORDER BY status) AS s")" \
    "accepted:$((k * n / 2)),closed:$((k * n / 2)),registered:$((total - k * n))"

# The readers: every reading succeeded and saw whole batches (of n
# items, of n/2 steps), never fewer than the reading before.
t_eq "xf-query read" "$([ -s query.out ] && echo yes)" yes
t_eq "xf-stats read" "$([ -s stats.out ] && echo yes)" yes
t_eq "readers never failed" "$(cat query.err stats.err | wc -c)" 0
t_eq "xf-query readings consistent" "$(awk -v base=$base -v n=$n '
    $1 != 0 || ($2 - base) % n != 0 || $2 < last { print "bad: " $0 }
    { last = $2 }' query.out)" ""
t_eq "xf-stats readings consistent" "$(awk -v base=$base -v n=$n '
    $1 != 0 || ($2 - base) % n != 0 || $3 % (n / 2) != 0 ||
    $4 % (n / 2) != 0 || $2 != $3 + $4 + $5 || $2 < last ||
    $3 < acc || $4 < clo { print "bad: " $0 }
    { last = $2; acc = $3; clo = $4 }' stats.out)" ""
t_eq "the readers read while the writers wrote" "$(awk '{ print $2 }' \
    query.out | sort -u | wc -l | awk '{ print ($1 > 1) ? "yes" : $1 }')" yes
echo "# readings: $(wc -l < query.out) by xf-query," \
    "$(wc -l < stats.out) by xf-stats"

t_done
