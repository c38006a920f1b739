# A full disk: the ledger on a small file system that fills during an
# import or a step gives a clear message and status 1, and leaves the
# ledger whole, holding nothing of the failed batch, and usable once
# there is room again.  Then standard output on /dev/full, for every
# program and every kind of output.
#
# Where a file system can be mounted (as root, here), the ledger lives
# on a tmpfs of 16 MB and a file fills it.  Elsewhere (CI) ulimit -f caps
# the size of the files the program writes, so that its writes fail for
# real (EFBIG, SIGXFSZ ignored).  XF_TEST_FULL_DISK=ulimit forces that.
. "$TOP/tests/cli/lib.sh"

n=2500
if [ -n "${XF_VALGRIND:-}" ]; then
	n=1500
fi
sh "$TOP/scripts/gen-items" -n $n -s 810 --to 2017-06-30 > batch.csv
cp "$DATA/items.csv" small.csv

fs=$TMP/fs
mkdir "$fs"
how=${XF_TEST_FULL_DISK:-tmpfs}
if [ "$how" = tmpfs ] &&
    mount -t tmpfs -o size=16m,mode=0700 tmpfs "$fs" 2> /dev/null; then
	trap 'cd /; umount "$fs"; rm -rf "$TMP"' EXIT
	echo "# full disk: a 16 MB tmpfs mounted on $fs, filled with a file"
else
	how=ulimit
	echo "# full disk: no file system can be mounted here;" \
	    "ulimit -f caps the files written instead (EFBIG)"
fi
XF_DB=$fs/xf.db

# full CMD...: run CMD on a disk with about 1 MB left (none: FULL=0).
FULL=1024
full() {
	d=$1
	shift
	if [ $how = tmpfs ]; then
		free=$(df -k --output=avail "$fs" | tail -n 1)
		[ $free -gt $FULL ] && dd if=/dev/zero of="$fs/filler" bs=1k \
		    count=$((free - FULL)) 2> /dev/null
		t_run "$@"
		rm -f "$fs/filler"
	else
		# No file may grow beyond FULL KB (in 512-byte blocks): the
		# WAL, where a batch goes first, fills up.  Standard output
		# is no file here; standard error is, and needs a block.
		blocks=$((FULL * 2))
		[ $blocks -gt 0 ] || blocks=1
		t_run sh -c 'trap "" XFSZ; ulimit -f $1 && shift &&
		    exec "$@" > /dev/null' sh $blocks "$@"
	fi
	if [ "$t_status" = 1 ]; then
		t_pass
	else
		t_failure "$d: status $t_status, want 1" "$ERR"
	fi
}
disk_full='(database or disk is full|disk I/O error) \(is the disk full\?\)$'
count() {
	t_sql 'SELECT count(*) FROM items'
}

# A ledger, then an import that fills the disk.
t_ok "a first batch" xf-intake small.csv
full "an import on a full disk" xf-intake batch.csv
t_grep "says the disk is full" "^xf-intake: .*$disk_full" "$ERR"
t_grep "says nothing was kept" \
    "^xf-intake: nothing registered: the batch was rolled back$" "$ERR"
t_eq "one message a line, no more" "$(wc -l < "$ERR")" 2
t_eq "intact" "$(t_sql 'PRAGMA integrity_check')" ok
t_eq "nothing of the batch" "$(count) $(t_sql 'SELECT count(*) FROM events')" \
    "5 5"
t_eq "the numbering untouched" "$(t_sql 'SELECT sum(n) FROM day_seq')" 5
t_ok "readable once there is room" xf-query --count
t_eq "the first batch" "$(cat "$OUT")" 5
t_ok "the import once there is room" xf-intake batch.csv
t_eq "all of it" "$(count)" $((n + 5))
t_eq "intact after" "$(t_sql 'PRAGMA integrity_check')" ok

# A step on a full disk.
t_sql "SELECT id FROM items WHERE ref LIKE 'SRC%'" > ids
full "a step on a full disk" xf-assign --accept --date 2017-07-01 ids
t_grep "the step says the disk is full" "^xf-assign: .*$disk_full" "$ERR"
t_grep "the step says nothing changed" \
    "^xf-assign: nothing changed: the batch was rolled back$" "$ERR"
t_eq "the step: intact" "$(t_sql 'PRAGMA integrity_check')" ok
t_eq "nothing accepted" "$(t_sql "SELECT count(*) FROM items
    WHERE status = 'registered'") $(t_sql "SELECT count(*) FROM events
    WHERE action = 'accept'")" "$((n + 5)) 0"
t_ok "the step once there is room" xf-assign --accept --date 2017-07-01 ids
t_eq "all accepted, once" "$(t_sql "SELECT count(*) FROM events
    WHERE action = 'accept'")" $n
t_eq "intact after the step" "$(t_sql 'PRAGMA integrity_check')" ok

# A correction on a full disk (its events and undo images), then undone
# once there is room.
images=$(t_sql 'SELECT count(*) FROM images')
full "a correction on a full disk" xf-edit --set people=97 --reason 更正 ids
t_grep "the correction says the disk is full" "^xf-edit: .*$disk_full" "$ERR"
t_grep "the correction says nothing changed" \
    "^xf-edit: nothing changed: the batch was rolled back$" "$ERR"
t_eq "nothing corrected" "$(t_sql "SELECT count(*) FROM items WHERE people = 97") $(t_sql "SELECT count(*) FROM events WHERE action = 'correct'") $(t_sql 'SELECT count(*) FROM images')" "0 0 $images"
t_ok "the correction once there is room" xf-edit --set people=97 --reason 更正 ids
t_eq "all corrected" "$(t_sql "SELECT count(*) FROM items WHERE people = 97")" $n
t_ok "and undone" xf-edit --undo-batch "$(t_sql 'SELECT max(n) FROM batches')" --reason 撤销
t_eq "none left" "$(t_sql "SELECT count(*) FROM items WHERE people = 97")" 0
t_eq "intact after the undo" "$(t_sql 'PRAGMA integrity_check')" ok

# A batch larger than the page cache (32 MB) spills to the WAL while it
# runs, and fills the disk there: SQLite rolls the batch back at once.
# The records after must not be registered one by one on their own.
if [ -n "${XF_VALGRIND:-}" ]; then
	echo "# under valgrind: no batch larger than the cache (too slow)"
else
	sh "$TOP/scripts/gen-items" -n 20000 -s 811 --first 500001 \
	    --to 2017-06-30 > big.csv
	items=$(count)
	events=$(t_sql 'SELECT count(*) FROM events')
	full "a spilling batch on a full disk" xf-intake big.csv
	t_grep "the spill: disk full" "^xf-intake: big.csv:[0-9]+: .*$disk_full" \
	    "$ERR"
	t_grep "the spill: nothing kept" \
	    "^xf-intake: nothing registered: the batch was rolled back$" "$ERR"
	t_eq "the spill: stopped at once" "$(wc -l < "$ERR")" 2
	t_eq "the spill: intact" "$(t_sql 'PRAGMA integrity_check')" ok
	t_eq "the spill: nothing of the batch" "$(count) $(t_sql \
	    'SELECT count(*) FROM events')" "$items $events"
	rm -f big.csv
fi

# A new ledger on a disk with no room at all.
rm -f "$XF_DB" "$XF_DB-wal" "$XF_DB-shm"
FULL=0
full "a new ledger on a full disk" xf-intake small.csv
t_grep "the new ledger: disk full" "^xf-intake: .*$disk_full" "$ERR"
t_ok "a new ledger once there is room" xf-intake small.csv
t_eq "a new ledger: intact" "$(t_sql 'PRAGMA integrity_check')" ok
t_eq "a new ledger: the batch" "$(count)" 5
t_eq "a new ledger: private" "$(stat -c %a "$XF_DB")" 600
echo "# full disk: $how"

# Standard output on a full disk: status 1 and a message from every
# program and every kind of output.  A batch is printed once committed:
# a step's batch is kept, and the message says so.
XF_DB=$TMP/out.db
t_ok "a ledger" xf-intake small.csv
A=20170721-0001
progs="xf-intake xf-assign xf-close xf-visit xf-stats xf-query"
[ -x "$XF_BIN/xf-classify" ] && progs="$progs xf-classify"
for p in $progs; do
	for o in --help --version; do
		t_fail 1 "$p $o on /dev/full" sh -c "$p $o > /dev/full"
		t_grep "$p $o says why" \
		    "^$p: standard output: No space left on device$" "$ERR"
	done
done
events=$(t_sql 'SELECT count(*) FROM events')
dev_full() {
	p=$1
	shift
	t_fail 1 "$p $* on /dev/full" sh -c "$* > /dev/full"
	t_grep "$p $* says why" \
	    "^$p: standard output: No space left on device${KEPT:-}$" "$ERR"
}
steps="xf-assign --accept --date 2017-07-22
xf-close --close litigation --date 2017-07-22"
[ -x "$XF_BIN/xf-classify" ] && steps="$steps
xf-classify --set risk=2"
IFS_SAVE=$IFS
IFS='
'
KEPT=' \(the batch was kept\)'
for s in $steps; do
	IFS=$IFS_SAVE
	dev_full ${s%% *} "echo $A | $s"
	t_eq "${s%% *}: kept" "$(t_sql 'SELECT count(*) FROM events')" \
	    $((events + 1))
	events=$((events + 1))
done
IFS=$IFS_SAVE
t_fresh
t_ok "a ledger again" xf-intake small.csv
t_ok "a reply, and a case in hand" sh -c "echo $A |
    xf-assign --accept --date 2017-07-22 && echo $A |
    xf-close --reply supported --date 2017-07-25 && echo 20170802-0001 |
    xf-assign --unit 县人社局 --date 2017-08-03"
events=$(t_sql 'SELECT count(*) FROM events')
KEPT=
dev_full xf-visit xf-visit --due
KEPT=' \(the batch was kept\)'
dev_full xf-visit "echo $A | xf-visit --date 2017-07-26"
t_eq "the visit kept" "$(t_sql 'SELECT count(*) FROM events')" \
    $((events + 1))
KEPT=
dev_full xf-query xf-query --count
dev_full xf-query xf-query --history $A
dev_full xf-query xf-query -f csv
dev_full xf-query xf-query -f table
for s in "summary --from 2017-01-01 --to 2017-12-31" "count --by status" \
    "backlog" "daily --date 2017-07-21" \
    "rates --from 2017-01-01 --to 2017-12-31"; do
	dev_full xf-stats xf-stats $s
	dev_full xf-stats xf-stats $s -f csv
done

t_done
