# stores: pg
# A province's ledger on PostgreSQL written by its offices' own roles
# (lib/store/pg-roles.sql) through the programs, not by SQL: an office's
# role registers under its office (ids prefixed with it, a bare id given
# to a program its own case), reads its own cases and those it is let
# read; another office's case is no case to it, or, one it reads, a case
# it cannot change, and it is told so; the province reads all and
# changes none; its documents' numbers, key persons and models are its
# own.  The same through the ledger's views (schema 19, made on
# PostgreSQL 15 and later, each security_invoker) and through the TEMP
# views a session makes where there are none.  Needs a server, as t950.
. "$TOP/tests/cli/lib.sh"

if [ -z "$t_pgdb" ]; then
	echo "t956-pg-offices: skipped: not on the pg tier (XF_STORE=pg)"
	t_done
fi

# Roles are the cluster's: this run's own, dropped at the end.
A=t956_a_$$	# office 131028, a county
B=t956_b_$$	# 131029, another county, reads nothing else
C=t956_c_$$	# 131000, the city, reads 131028
P=t956_p_$$	# 130000, the province, reads all
trap 'cd /; t_cleanup; for r in $A $B $C $P; do
	psql -X -q -c "DROP ROLE IF EXISTS $r" postgres; done' EXIT
as() {	# as ROLE CMD...: CMD connected as the office's role
	r=$1
	shift
	env PGUSER="$r" PGPASSWORD=t956pw "$@"
}

# The administrator makes the ledger and the offices.
head -n 1 "$DATA/items.csv" > empty.csv
t_ok "the administrator makes the ledger" xf-intake empty.csv
t_ok "the offices' roles" t_sql "SELECT xf_office_add('$A', '131028', '{}');
    SELECT xf_office_add('$B', '131029', '{}');
    SELECT xf_office_add('$C', '131000', '{131028}');
    SELECT xf_office_add('$P', '130000', '{*}');
    ALTER ROLE $A PASSWORD 't956pw'; ALTER ROLE $B PASSWORD 't956pw';
    ALTER ROLE $C PASSWORD 't956pw'; ALTER ROLE $P PASSWORD 't956pw'"

# Each county registers the same file: its own numbers, its office's ids
# (no office in the settings: the role's).
t_ok "A registers" as "$A" xf-intake "$DATA/items.csv"
t_grep "under its office" '^\{"id":"131028-20170721-0001",' "$OUT"
t_ok "B registers" as "$B" xf-intake "$DATA/items.csv"
t_grep "under its own" '^\{"id":"131029-20170721-0001",' "$OUT"
t_eq "each office its rows" "$(t_sql "SELECT office || ' ' || count(*) FROM
    items GROUP BY office ORDER BY office" | tr '\n' ' ')" \
    "131028 5 131029 5 "

# What each reads, and what it may change.  $1 names the views.
reads() {
	v=$1
	t_ok "A counts ($v)" as "$A" xf-query --count
	t_eq "A reads its own ($v)" "$(cat "$OUT")" 5
	t_ok "B counts ($v)" as "$B" xf-query --count
	t_eq "B reads its own ($v)" "$(cat "$OUT")" 5
	t_ok "the city counts ($v)" as "$C" xf-query --count
	t_eq "the city reads A's ($v)" "$(cat "$OUT")" 5
	t_ok "the province lists ($v)" as "$P" xf-query --ids
	t_eq "the province reads all ($v)" "$(cut -c1-6 "$OUT" | sort |
	    uniq -c | awk '{ printf "%s %s ", $2, $1 }')" "131028 5 131029 5 "
	# A place counted from place_days: each reads the counts of the
	# offices it reads, as it reads their items.
	t_ok "A counts a place ($v)" as "$A" xf-query --region 13 --count
	t_eq "A's own ($v)" "$(cat "$OUT")" 5
	t_ok "B counts a place ($v)" as "$B" xf-query --region 13 --count
	t_eq "B's own ($v)" "$(cat "$OUT")" 5
	t_ok "the province counts a place ($v)" as "$P" xf-query --region 13 \
	    --count
	t_eq "all of it ($v)" "$(cat "$OUT")" 10
	t_ok "A's by a bare id ($v)" as "$A" xf-query --id 20170802-0001
	t_grep "its own ($v)" '^\{"id":"131028-20170802-0001",' "$OUT"
	t_fail 1 "B steps A's case ($v)" as "$B" xf-assign --unit 县人社局 \
	    --date 2017-07-25 a1.txt
	t_grep "no case to B ($v)" \
	    "131028-20170721-0001: no item '131028-20170721-0001' in the ledger" "$ERR"
	t_fail 1 "the city steps A's case ($v)" as "$C" xf-assign \
	    --unit 县人社局 --date 2017-07-25 a1.txt
	t_grep "told so ($v)" \
	    "131028-20170721-0001: storing the case: office 131000 cannot change the cases of office 131028$" "$ERR"
	t_fail 1 "the province steps A's case ($v)" as "$P" xf-assign \
	    --unit 县人社局 --date 2017-07-25 a1.txt
	t_grep "told so ($v)" \
	    "office 130000 cannot change the cases of office 131028$" "$ERR"
	t_eq "A's case as it was ($v)" "$(t_sql "SELECT status || ' ' ||
	    (SELECT count(*) FROM events WHERE item = i.id) FROM items i
	    WHERE id = '131028-20170721-0001'")" "registered 1"
}
t_eq "the counts by office" "$(t_sql "SELECT office || ' ' || sum(items)
    FROM place_days GROUP BY office ORDER BY office" | tr '\n' ' ')" \
    "131028 5 131029 5 "
t_fail 1 "an office counts no other's" as "$A" psql -X -q -v ON_ERROR_STOP=1 \
    -d "$t_pgdb" -c "INSERT INTO place_days (office, region, day, live,
    items) VALUES ('131029', '131029', '2017-07-21', 1, 1)"
t_grep "told so" 'new row violates row-level security policy for table "place_days"' "$ERR"
printf '%s\n' 131028-20170721-0001 > a1.txt
printf '%s\n' 20170721-0001 > bare.txt
printf '%s\n' 20170802-0001 > a2.txt

if [ "$(t_sql "SHOW server_version_num")" -ge 150000 ]; then
	t_eq "the ledger's views" "$(t_sql "SELECT string_agg(n.nspname ||
	    '.' || c.relname || ' ' || array_to_string(c.reloptions, ','),
	    ' ' ORDER BY n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid =
	    c.relnamespace WHERE n.nspname LIKE 'xf\_%' AND c.relkind = 'v'")" \
	    "xf_all.live_items security_invoker=true xf_live.live_items security_invoker=true xf_own.day_seq security_invoker=true xf_own.documents security_invoker=true xf_own.live_handlings security_invoker=true xf_own.live_visits security_invoker=true xf_own.models security_invoker=true xf_own.persons security_invoker=true"
	reads "the ledger's views"
	t_ok "the views gone" t_sql "DROP SCHEMA xf_own, xf_live, xf_all CASCADE"
fi
reads "TEMP views"

# What is an office's own: its cases' steps by a bare id, its models.
t_ok "B steps its case by a bare id" as "$B" xf-assign --unit 县人社局 \
    --date 2017-07-25 bare.txt
t_grep "its own" '^\{"id":"131029-20170721-0001",.*"status":"assigned"' "$OUT"
t_ok "A steps its own" as "$A" xf-assign --unit 县人社局 --date 2017-07-25 \
    a1.txt
t_eq "each its own case stepped" "$(t_sql "SELECT id FROM items WHERE
    status = 'assigned' ORDER BY id" | tr '\n' ' ')" \
    "131028-20170721-0001 131029-20170721-0001 "
t_ok "A accepts another" as "$A" xf-assign --accept --date 2017-08-03 a2.txt
t_ok "A issues its decision" as "$A" xf-notice a2.txt
t_eq "its document numbered, A's" "$(t_sql "SELECT office || ' ' ||
    count(*) FROM documents GROUP BY office")" "131028 1"
printf '%s\n' '姓名,联系电话,等级,类别,责任单位,包稳控' \
    '梁英,13800138000,一级,涉军,县退役军人事务局,周所长' > persons.csv
t_ok "A imports its key persons" as "$A" xf-person persons.csv
t_eq "A's persons" "$(t_sql "SELECT office || ' ' || count(*) FROM persons
    GROUP BY office")" "131028 1"
t_ok "A lists its key persons" as "$A" xf-person --list -f csv
t_grep "its own" '^P1,梁\*,' "$OUT"
t_ok "B lists its key persons" as "$B" xf-person --list -f csv
t_eq "none of A's" "$(wc -l < "$OUT")" 0
# Settings that name another office than the role's: refused before
# anything is written, said so; reading is let.
printf 'office = 131029\n' > b.conf
t_fail 1 "A with B's office in its settings" as "$A" env XF_CONFIG=b.conf \
    xf-intake "$DATA/items.csv"
t_grep "said" "^xf-intake: the settings name office 131029, but the connection's role is office 131028's, which writes only its own cases$" "$ERR"
t_eq "nothing registered" "$(t_sql "SELECT count(*) FROM items")" 10
t_ok "it reads" as "$A" env XF_CONFIG=b.conf xf-query --count
t_ok "A learns its models" as "$A" xf-classify --learn
t_eq "A's models, A's rows" "$(t_sql "SELECT DISTINCT office FROM models")" \
    131028
t_fail 1 "B has none" as "$B" xf-classify --model bare.txt
t_grep "said" "no model in the ledger" "$ERR"
t_done
