# stores: sqlite pg
# Crashes: xf-intake (a first load too), the step programs and xf-edit
# (a correction and its undo) killed with SIGKILL at many
# random points of large batches.  After every kill the ledger passes
# the integrity check and holds the batch whole or not at all; a re-run
# completes it, and completes it once.  What a killed batch printed is
# nothing, or records the ledger holds: a batch prints once committed.
# On PostgreSQL the server rolls back the dead connection's transaction
# (or commits it, when its COMMIT was sent): the checks are the same,
# made once the server is done with the connection.
#
# The kill points come from a seeded generator: XF_CRASH_SEED=N replays
# a run (every failure names its seed).  A delay is drawn between 0 and
# the time the same kind of batch took uninterrupted on this machine,
# so the kills land while the program reads, writes and commits, on any
# machine; some land after the commit, which must change nothing.
. "$TOP/tests/cli/lib.sh"

seed=${XF_CRASH_SEED:-800}
n=2500		# items a batch
batches=4	# of xf-intake, each killed $kills times
kills=4
step_kills=3	# of each step program
if [ -n "${XF_VALGRIND:-}" ]; then
	# Under Valgrind a batch takes 30 times as long: fewer and smaller.
	n=300
	batches=2
	kills=2
	step_kills=1
	echo "# under valgrind: $batches batches of $n, fewer kills"
fi
if [ -n "$t_pgdb" ] && [ $n -gt 250 ]; then
	# On PostgreSQL a batch takes six times as long (some 6 ms an item,
	# a round trip a statement): batches of 250, as many kills, to keep
	# the test near a minute and a half.
	n=250
	echo "# on PostgreSQL: batches of $n"
fi
echo "# seed $seed: XF_CRASH_SEED=$seed replays these kill points"

# The ledger as a reader sees it: on SQLite no checkpoint on closing, so
# that a killed program leaves its WAL for the next program to recover;
# psql on PostgreSQL.
q() {
	if [ -n "$t_pgdb" ]; then
		t_sql "$1"
	else
		sqlite3 -readonly "$XF_DB" "$1"
	fi
}

# The copy of the ledger a calibration runs on, a database of its own on
# PostgreSQL: dropped at exit too.
calib=calib.db
if [ -n "$t_pgdb" ]; then
	calib=${t_pgdb}_calib
	trap 'dropdb --if-exists "$calib" 2> /dev/null; t_cleanup' EXIT
fi

rand=$seed
# R: a pseudo-random number in [0, $1), from the seed alone.
rnd() {
	rand=$(( (rand * 1103515245 + 12345) % 2147483648 ))
	R=$(( rand / 65536 % $1 ))
}

now_ms() {
	date +%s%3N
}

# Run a command in the background and SIGKILL it after $1 ms.  K_STATUS
# is its exit status: 137 when the kill landed, else the program's own.
landed=0
after=0
kill_after() {
	ms=$1
	shift
	"$@" > kill.out 2>> kills.err &
	pid=$!
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -KILL $pid 2> /dev/null
	wait $pid 2> /dev/null
	K_STATUS=$?
	if [ $K_STATUS = 137 ]; then
		landed=$((landed + 1))
	else
		after=$((after + 1))
	fi
	t_settle "a kill of $1"
}

# Run a command to its end; T_MS is how long it took.
timed() {
	start=$(now_ms)
	t_ok "$@"
	T_MS=$(( $(now_ms) - start ))
	[ $T_MS -gt 0 ] || T_MS=1
}


# How long a command takes here, uninterrupted, run on a copy of the
# ledger: T_MS.  On PostgreSQL the copy is a database made with the
# ledger as its template, which no connection may hold then.
calibrate() {
	if [ -n "$t_pgdb" ]; then
		t_settle "copying the ledger"
		createdb -T "$t_pgdb" "$calib" ||
		    t_failure "copying the ledger into $calib"
		db=postgresql:///$calib
	else
		q ".backup $calib"
		db=$calib
	fi
	start=$(now_ms)
	XF_DB=$db "$@" > /dev/null 2> calib.err
	T_MS=$(( $(now_ms) - start + 1 ))
	if [ -n "$t_pgdb" ]; then
		dropdb "$calib"
	else
		rm -f "$calib" "$calib-wal" "$calib-shm"
	fi
}

# The checks after a kill: the integrity of the ledger, and a state that
# is exactly the one before the batch or the one after it.
check_kill() {
	t_integrity "$1"
	case $K_STATUS in
	0|137)
		t_pass ;;
	*)
		t_failure "$1: exit status $K_STATUS, want 0 or 137" \
		    kills.err ;;
	esac
	if [ "$4" = "$2" ] || [ "$4" = "$3" ]; then
		t_pass
	else
		t_failure "$1: the ledger holds '$4': neither the state before the batch '$2' nor after it '$3'"
	fi
}

# What the last killed run printed: nothing when the ledger holds the
# state before its batch ($2 is $3), else only cases the ledger holds.
# Bytes, not characters: a kill may cut the last line inside one.
check_printed() {
	printed=$(LC_ALL=C grep -c '^{"id":"[^"]*"' kill.out)
	if [ "$2" = "$3" ]; then
		t_eq "$1: nothing printed" "$printed" 0
		return
	fi
	ids=$(LC_ALL=C sed -n 's/^{"id":"\([^"]*\)".*/'"'"'\1'"'"',/p' kill.out)
	t_eq "$1: printed only what is stored" "$(q "SELECT count(*) FROM
	    items WHERE id IN (${ids}'')")" "$printed"
}

# A batch of xf-intake: refs SRC<year><b>NNNNN, dates before "now".
batch_csv() {
	sh "$TOP/scripts/gen-items" -n $n -s $((seed + $1)) \
	    --first $(($1 * 100000 + 1)) --from 2016-01-01 --to 2017-06-30 \
	    > batch$1.csv
}
batch_items() {
	echo "FROM items WHERE ref LIKE 'SRC____$1_____'"
}

# A first batch, uninterrupted: the ledger, and the time a batch takes.
batch_csv 0
timed "a first batch" xf-intake batch0.csv
T0=$T_MS
t_eq "first batch registered" "$(q "SELECT count(*) $(batch_items 0)")" $n

# A first load killed (SQLite): a batch into a ledger without items
# writes through a rollback journal, not the WAL.  The next program to
# open the ledger puts it back as it was, empty, and in WAL again; the
# first batch then registers it whole.
if [ -z "$t_pgdb" ]; then
	head -n 1 batch0.csv > header.csv
	k=1
	while [ $k -le $kills ]; do
		rnd $T0
		what="seed $seed, a first load killed after $R ms of $T0"
		rm -f first.db first.db-journal first.db-wal first.db-shm
		t_ok "$what: a new ledger" env XF_DB=first.db xf-intake \
		    header.csv
		kill_after $R env XF_DB=first.db xf-intake batch0.csv
		t_run env XF_DB=first.db xf-query --count
		got="$t_status $(cat "$OUT")"
		case $K_STATUS:$got in
		137:"0 0"|137:"0 $n"|0:"0 $n") t_pass ;;
		*) t_failure "$what: exit status $K_STATUS, then xf-query: '$got', want 0 items or $n" "$ERR" ;;
		esac
		t_eq "$what: integrity" "$(sqlite3 -readonly first.db \
		    'PRAGMA integrity_check')" ok
		t_eq "$what: in WAL again" "$(sqlite3 -readonly first.db \
		    'PRAGMA journal_mode')" wal
		k=$((k + 1))
	done
	t_ok "a first load after the kills" env XF_DB=first.db xf-intake \
	    batch0.csv
	t_eq "a first load after the kills: whole" "$(sqlite3 -readonly \
	    first.db 'SELECT count(*) FROM items')" $n
fi

# xf-intake: each batch killed $kills times, then run to its end, then
# once more, which must add nothing.
intake_state() {
	q "SELECT (SELECT count(*) FROM items) || ' ' ||
	    (SELECT count(*) FROM events WHERE action = 'register') || ' ' ||
	    (SELECT count(*) $(batch_items $1))"
}
# Items whose number the daily sequence has not counted (a number that
# would be given again).
unnumbered() {
	q "SELECT count(*) FROM items LEFT JOIN day_seq
	    ON day = substr(received_at, 1, 10)
	    WHERE n IS NULL OR CAST(substr(id, 10) AS INTEGER) > n"
}
b=1
while [ $b -le $batches ]; do
	batch_csv $b
	items=$(q 'SELECT count(*) FROM items')
	events=$(q "SELECT count(*) FROM events WHERE action = 'register'")
	before=$(intake_state $b)
	k=1
	while [ $k -le $kills ]; do
		rnd $T0
		what="seed $seed, batch $b, kill $k after $R ms of $T0"
		kill_after $R xf-intake batch$b.csv
		after_kill=$(intake_state $b)
		check_kill "$what" "$before" \
		    "$((items + n)) $((events + n)) $n" "$after_kill"
		check_printed "$what" "$before" "$after_kill"
		t_eq "$what: numbering" "$(unnumbered)" 0
		k=$((k + 1))
	done
	what="seed $seed, batch $b"
	t_ok "$what: re-run" xf-intake batch$b.csv
	t_eq "$what: whole, once" "$(q "SELECT count(*), count(DISTINCT ref)
	    $(batch_items $b)")" "$n|$n"
	t_eq "$what: one register event an item" "$(q "SELECT count(*) FROM
	    (SELECT item FROM events WHERE action = 'register' GROUP BY item
	    HAVING count(*) = 1) AS e JOIN items ON item = id
	    WHERE ref LIKE 'SRC____${b}_____'")" $n
	t_eq "$what: nothing else" "$(q 'SELECT count(*) FROM items') $(q \
	    "SELECT count(*) FROM events WHERE action = 'register'")" \
	    "$((items + n)) $((events + n))"
	t_ok "$what: a second re-run" xf-intake batch$b.csv
	t_grep "$what: duplicates skipped" "already registered" "$ERR"
	t_eq "$what: still once" "$(q 'SELECT count(*) FROM items')" \
	    $((items + n))
	b=$((b + 1))
done
t_eq "no item doubled" "$(q 'SELECT count(*) - count(DISTINCT ref) FROM
    items')" 0
t_eq "every batch whole" "$(q 'SELECT count(*) FROM items')" \
    $(( (batches + 1) * n ))

# xf-intake --update: batch 2 corrected (a note added to every row),
# killed $kills times: a correction too is whole or not at all, and
# prints nothing before it is committed.
sed '1s/$/,备注/; 2,$s/$/,更正/' batch2.csv > fix2.csv
update_state() {
	q "SELECT (SELECT count(*) FROM events WHERE action = 'update') || ' ' ||
	    (SELECT count(*) $(batch_items 2) AND extra = '{\"备注\":\"更正\"}')"
}
before=$(update_state)
k=1
while [ $k -le $kills ]; do
	rnd $T0
	what="seed $seed, --update, kill $k after $R ms of $T0"
	kill_after $R xf-intake --update fix2.csv
	after_kill=$(update_state)
	check_kill "$what" "$before" "$n $n" "$after_kill"
	check_printed "$what" "$before" "$after_kill"
	k=$((k + 1))
done
t_ok "seed $seed, --update: re-run" xf-intake --update fix2.csv
t_eq "seed $seed, --update: whole, once" "$(update_state)" "$n $n"
t_ok "seed $seed, --update: a second re-run" xf-intake --update fix2.csv
t_eq "seed $seed, --update: still once" "$(update_state)" "$n $n"
t_eq "seed $seed, --update: nothing registered" \
    "$(q 'SELECT count(*) FROM items')" $(( (batches + 1) * n ))

# The step programs on batch 1: each step killed $step_kills times,
# then run to its end, then once more, which must change nothing.
q "SELECT id $(batch_items 1) ORDER BY id" > ids
t_eq "the ids of batch 1" "$(wc -l < ids)" $n
step_state() {
	q "SELECT (SELECT count(*) FROM events) || ' ' ||
	    (SELECT count(*) FROM events WHERE action = '$1') || ' ' ||
	    (SELECT count(*) FROM visits) || ' ' ||
	    (SELECT group_concat(status || ':' || c) FROM
	    (SELECT status, count(*) AS c $(batch_items 1) GROUP BY status
	    ORDER BY status) AS s)"
}
step() {
	act=$1
	status=$2
	visits=$3
	shift 3
	what="seed $seed, $* on batch 1"
	events=$(q 'SELECT count(*) FROM events')
	nvisits=$(q 'SELECT count(*) FROM visits')
	before=$(step_state $act)
	whole="$((events + n)) $n $((nvisits + visits)) $status:$n"
	calibrate "$@" ids
	k=1
	while [ $k -le $step_kills ]; do
		rnd $T_MS
		kill_after $R "$@" ids
		after_kill=$(step_state $act)
		check_kill "$what, kill $k after $R ms of $T_MS" "$before" \
		    "$whole" "$after_kill"
		check_printed "$what, kill $k" "$before" "$after_kill"
		k=$((k + 1))
	done
	t_ok "$what: re-run" "$@" ids
	t_eq "$what: whole, once" "$(step_state $act)" "$whole"
	t_eq "$what: one event an item" "$(q "SELECT count(*) FROM
	    (SELECT item FROM events WHERE action = '$act' GROUP BY item
	    HAVING count(*) = 1) AS e JOIN items ON item = id
	    WHERE ref LIKE 'SRC____1_____'")" $n
	t_ok "$what: a second re-run" "$@" ids
	t_eq "$what: still once" "$(step_state $act)" "$whole"
}
step accept accepted 0 xf-assign --accept --date 2017-07-01
step assign assigned 0 xf-assign --unit 县人社局 --handler 李科员 \
    --date 2017-07-02
step reply replied 0 xf-close --reply supported --date 2017-08-01
step visit replied $n xf-visit --date 2017-08-05
step close closed 0 xf-close --close agreement --date 2017-08-06
step correct closed 0 xf-edit --set people=97 --reason 人数更正

# xf-edit --undo-batch of that correction, killed $step_kills times:
# every case back as it stood, or none.
undo_state() {
	q "SELECT (SELECT count(*) FROM events) || ' ' ||
	    (SELECT count(*) FROM items WHERE people = 97) || ' ' ||
	    (SELECT count(*) FROM batches WHERE undone_by IS NOT NULL)"
}
N=$(q 'SELECT max(n) FROM batches')
what="seed $seed, xf-edit --undo-batch $N"
before=$(undo_state)
set -- $before
whole="$(($1 + n)) $(($2 - n)) $(($3 + 1))"
calibrate xf-edit --undo-batch $N --reason 撤销
# Once a kill lands after the commit, the batch is undone: an undo
# again is refused (exit 1), so the kills stop there.
k=1
while [ $k -le $step_kills ] && [ "$(undo_state)" = "$before" ]; do
	rnd $T_MS
	kill_after $R xf-edit --undo-batch $N --reason 撤销
	after_kill=$(undo_state)
	check_kill "$what, kill $k after $R ms of $T_MS" "$before" "$whole" \
	    "$after_kill"
	check_printed "$what, kill $k" "$before" "$after_kill"
	k=$((k + 1))
done
if [ "$(undo_state)" = "$before" ]; then
	t_ok "$what: re-run" xf-edit --undo-batch $N --reason 撤销
else
	t_pass
fi
t_eq "$what: whole" "$(undo_state)" "$whole"
t_fail 1 "$what: a second re-run" xf-edit --undo-batch $N --reason 撤销
t_eq "$what: still once" "$(undo_state)" "$whole"
t_eq "the other batches untouched" "$(q "SELECT count(*) FROM items
    WHERE status = 'registered'")" $((batches * n))
t_eq "batch 1 closed, its correction undone" "$(q "SELECT count(*)
    FROM items WHERE status = 'closed' AND people <> 97")" $n
t_integrity "at the end"

echo "# $((landed + after)) kills: $landed during a run, $after after" \
    "its end (seed $seed)"
# Most land during a run; a loaded machine may shift a few past the end.
t_eq "a quarter of the kills or more landed during a run (seed $seed)" \
    "$([ $landed -ge $(( (landed + after) / 4 )) ] && echo yes)" yes
t_done
