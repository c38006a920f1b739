# stores: sqlite pg
# Many offices writing at once: 8 writers from 4 offices (two each), each
# registering its batches one after another, while two readers count.
# The petitioners are few and the same in every office (a person who
# petitions the township, the county and the city at once), so that
# the batches wait for each other on the same person, and two batches
# that each hold a person the other needs meet in a deadlock, which
# PostgreSQL breaks by failing one: that one is run again, unseen.
#
# Afterwards: every writer succeeded and said nothing; each item is
# there once, with its office's id (gap-free by office and day) and one
# register event; the repeats are those of the same batches registered
# one after another, whichever office registered which (the chains
# cross offices); every reading saw whole batches only.
. "$TOP/tests/cli/lib.sh"

n=40		# items a batch
k=4		# batches a writer
offices="131028 131029 131030 131031"
if [ -n "${XF_VALGRIND:-}" ]; then
	n=10
	k=2
	echo "# under valgrind: $k batches of $n a writer"
fi
total=$((8 * k * n))

# The items, their petitioners replaced by one of 24 (the first 24
# rows' own, valid ID numbers), in every office's batches.
sh "$TOP/scripts/gen-items" -n $total -s 825 --from 2017-11-01 \
    --to 2017-12-31 > all.csv
awk -F, -v OFS=, '
NR == 1 { print; next }
/^SRC/ && NR <= 25 { p[NR - 2] = $7 "," $8 "," $9 }
/^SRC/ { i = (NR * 7) % 24; if (i in p) { split(p[i], q, ","); $7 = q[1]; $8 = q[2]; $9 = q[3] } }
{ print }' all.csv > people.csv
head -n 1 people.csv > header
w=0
for o in $offices; do
	cat ${XF_CONFIG:-/dev/null} > $o.conf
	echo "office = $o" >> $o.conf
	for half in a b; do
		j=1
		while [ $j -le $k ]; do
			first=$((2 + (w * k + j - 1) * n))
			{ cat header; sed -n "${first},$((first + n - 1))p" people.csv; } \
			    > $o$half$j.csv
			j=$((j + 1))
		done
		w=$((w + 1))
	done
done
t_eq "the batches cover the items" "$(cat 13*.csv | grep -c '^SRC')" $total

writer() {
	o=$1
	half=$2
	j=1
	while [ $j -le $k ]; do
		XF_CONFIG=$o.conf xf-intake $o$half$j.csv > /dev/null \
		    2>> $o$half.err
		echo "$? $o$half$j" >> $o$half.status
		j=$((j + 1))
	done
}
readers() {
	while [ ! -e writers.done ]; do
		xf-query --count > q.one 2>> query.err
		echo "$? $(cat q.one)" >> query.out
		xf-stats count --by status -f csv > s.one 2>> stats.err
		echo "$? $(tr -d '\r' < s.one | awk -F, 'NR > 1 { t += $2 }
		    END { print t + 0 }')" >> stats.out
	done
}

# The ledger made first, so that the writers race on items only.
t_ok "the ledger made" xf-ledger create
readers &
r=$!
pids=""
for o in $offices; do
	writer $o a &
	pids="$pids $!"
	writer $o b &
	pids="$pids $!"
done
wait $pids
: > writers.done
wait $r

cat 13*.status > all.status
t_eq "every writer's run ended" "$(wc -l < all.status)" $((8 * k))
t_eq "every writer succeeded" "$(grep -vc '^0 ' all.status)" 0
cat 13*.err > writers.err
t_eq "no writer said anything" "$(cat writers.err)" ""
if [ -n "$t_pgdb" ]; then
	echo "# deadlocks broken (batches run again): $(t_sql "SELECT
	    deadlocks FROM pg_stat_database WHERE datname =
	    current_database()")"
fi

# The items: each once, by its office, numbered without a gap.
t_eq "no item lost or doubled" "$(t_sql 'SELECT count(*), count(DISTINCT
    ref), count(DISTINCT id) FROM items')" "$total|$total|$total"
grep -h '^SRC' 13*.csv | cut -d, -f1 | sort > want.refs
t_sql 'SELECT ref FROM items' | sort > got.refs
t_cmp "the refs of the inputs" got.refs want.refs
t_eq "each office its own" "$(t_sql "SELECT o || ':' || count(*) FROM
    (SELECT substr(id, 1, 6) AS o FROM items) AS x GROUP BY o ORDER BY o" |
    tr '\n' ' ')" \
    "131028:$((2 * k * n)) 131029:$((2 * k * n)) 131030:$((2 * k * n)) 131031:$((2 * k * n)) "
t_eq "every id its office's" "$(t_sql "SELECT count(*) FROM items WHERE
    substr(id, 7, 1) <> '-'")" 0
[ -z "$t_pgdb" ] || t_eq "in its office's rows" "$(t_sql "SELECT count(*)
    FROM items WHERE substr(id, 1, 7) <> office || '-'")" 0
# PostgreSQL numbers each office's day; SQLite the ledger's day, which
# the offices share.
if [ -n "$t_pgdb" ]; then
	t_eq "numbered without gaps, by office" "$(t_sql "SELECT count(*) FROM
	    (SELECT office, substr(id, 8, 8) AS d, count(*) AS c,
	    max(CAST(substr(id, 17) AS INTEGER)) AS m FROM items GROUP BY
	    office, substr(id, 8, 8)) AS x WHERE c <> m")" 0
else
	t_eq "numbered without gaps, by day" "$(t_sql "SELECT count(*) FROM
	    (SELECT substr(id, 8, 8) AS d, count(*) AS c, max(CAST(substr(id,
	    17) AS INTEGER)) AS m FROM items GROUP BY d) AS x WHERE c <> m")" 0
fi
t_eq "the days' sequences" "$(t_sql 'SELECT sum(n) FROM day_seq')" $total
t_eq "one register event an item" "$(t_sql "SELECT count(*), count(DISTINCT
    item) FROM events WHERE action = 'register'")" "$total|$total"

# Two writers of each office accepting the office's cases at once, one
# in the order of the ids and one the other way round: each case is
# accepted once, the writer that comes second finds it so.
for o in $offices; do
	t_sql "SELECT id FROM items WHERE id LIKE '$o-%' ORDER BY id" > $o.ids
	sort -r $o.ids > $o.rids
done
pids=""
for o in $offices; do
	XF_CONFIG=$o.conf xf-assign --accept $o.ids > /dev/null 2> $o.up.err &
	pids="$pids $!"
	XF_CONFIG=$o.conf xf-assign --accept $o.rids > /dev/null 2> $o.down.err &
	pids="$pids $!"
done
st=0
for p in $pids; do
	wait $p || st=$?
done
t_eq "the accepting writers succeeded" $st 0
t_eq "and said nothing" "$(cat 13*.up.err 13*.down.err)" ""
t_eq "each case accepted once" "$(t_sql "SELECT count(*), count(DISTINCT
    item) FROM events WHERE action = 'accept'")" "$total|$total"

# The repeats, by ref: as when the same batches are registered one
# after another (the ids differ, the chains do not).
chains() {
	t_sql "SELECT i.ref || ' ' || i.\"first\" || ' ' || IFNULL(r.ref, '-')
	    FROM items i LEFT JOIN items r ON r.id = i.repeat_of" | sort
}
chains > got.chains
t_eq "repeats found across offices" "$(t_sql "SELECT count(*) FROM items i
    JOIN items r ON r.id = i.repeat_of WHERE substr(r.id, 1, 6) <>
    substr(i.id, 1, 6)" |
    awk '{ print ($1 > 0) ? "yes" : $1 }')" yes
t_fresh
for o in $offices; do
	for f in $o[ab]*.csv; do
		XF_CONFIG=$o.conf xf-intake $f > /dev/null 2>> serial.err
	done
done
t_eq "registered one after another" "$(cat serial.err)" ""
chains > want.chains
t_cmp "the same repeats" got.chains want.chains

# The readers: every reading succeeded and saw whole batches.
t_eq "readers never failed" "$(cat query.err stats.err | wc -c)" 0
t_eq "xf-query readings whole" "$(awk -v n=$n '$1 != 0 || $2 % n != 0 ||
    $2 < last { print "bad: " $0 } { last = $2 }' query.out)" ""
t_eq "xf-stats readings whole" "$(awk -v n=$n '$1 != 0 || $2 % n != 0 ||
    $2 < last { print "bad: " $0 } { last = $2 }' stats.out)" ""
echo "# readings: $(wc -l < query.out) by xf-query, $(wc -l < stats.out) by xf-stats"

t_done
