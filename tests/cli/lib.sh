# tests/cli/lib.sh - the harness of the shell tests, sourced by each
# tests/cli/tNNN-*.sh.  A test script runs commands with
#   t_ok DESC CMD...         expect exit status 0
#   t_fail STATUS DESC CMD... expect exactly that status (1, 2 or 3)
# which keep standard output in $OUT and standard error in $ERR, then
# checks what they left with
#   t_grep DESC PATTERN FILE  FILE has a line matching PATTERN (grep -E)
#   t_nogrep DESC PATTERN FILE
#   t_eq DESC GOT WANT        two strings are equal
#   t_cmp DESC FILE WANTFILE  two files are equal
# and ends with t_done.  A crash or a sanitizer report always fails.
set -u
: "${XF_BIN:?run the tests through tests/run}"
: "${TOP:?run the tests through tests/run}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PATH=$XF_BIN:$PATH
OUT=$TMP/out
ERR=$TMP/err
DATA=$TOP/tests/data
XF_DB=$TMP/xf.db
XF_NOW=2018-01-15T09:00:00+08:00
XF_ACTOR=tester
XF_CONFIG=
# Under Valgrind (make check VALGRIND=1) a program runs 20 to 50 times
# slower, and a writer may wait for another longer than the default
# busy timeout (60 s): allow 15 minutes.
if [ -n "${XF_VALGRIND:-}" ]; then
	echo "busy_timeout = 900000" > "$TMP/valgrind.conf"
	XF_CONFIG=$TMP/valgrind.conf
fi
# The pg tier (tests/run, XF_STORE=pg): a fresh database of the test's
# own in the cluster libpq's variables name, dropped at exit.  A test
# that sets its own trap calls t_cleanup in it.
t_pgdb=""
t_cleanup() {
	[ -z "$t_pgdb" ] || dropdb --if-exists "$t_pgdb" 2> /dev/null
	rm -rf "$TMP"
}
if [ "${XF_STORE:-sqlite}" = pg ]; then
	t_pgdb=xf_$(basename "$0" .sh | tr -c 'a-z0-9\n' '_')_$$
	createdb "$t_pgdb" || exit 1
	XF_DB=postgresql:///$t_pgdb
	trap t_cleanup EXIT
fi
export PATH XF_DB XF_NOW XF_ACTOR XF_CONFIG
t_passed=0
t_failed=0
t_name=$(basename "$0" .sh)
cd "$TMP" || exit 1

t_pass() {
	t_passed=$((t_passed + 1))
}

t_failure() {
	t_failed=$((t_failed + 1))
	echo "FAIL $t_name: $1"
	shift
	for f in "$@"; do
		[ -s "$f" ] && sed 's/^/	| /' "$f" | head -n 15
	done
	return 0
}

# Status of the last command, and whether it crashed or a sanitizer spoke.
t_run() {
	"$@" > "$OUT" 2> "$ERR"
	t_status=$?
	if [ $t_status -ge 90 ] || grep -q 'Sanitizer\|runtime error' "$ERR"
	then
		t_status=crash
	fi
}

t_ok() {
	d=$1
	shift
	t_run "$@"
	if [ "$t_status" = 0 ]; then
		t_pass
	else
		t_failure "$d: status $t_status, want 0" "$ERR"
	fi
}

t_fail() {
	want=$1
	d=$2
	shift 2
	t_run "$@"
	if [ "$t_status" = "$want" ]; then
		t_pass
	else
		t_failure "$d: status $t_status, want $want" "$ERR"
	fi
}

t_grep() {
	if grep -Eq -- "$2" "$3"; then
		t_pass
	else
		t_failure "$1: no line matches '$2'" "$3"
	fi
}

t_nogrep() {
	if grep -Eq -- "$2" "$3"; then
		t_failure "$1: a line matches '$2'" "$3"
	else
		t_pass
	fi
}

t_eq() {
	if [ "$2" = "$3" ]; then
		t_pass
	else
		t_failure "$1: got '$2', want '$3'"
	fi
}

t_cmp() {
	if cmp -s "$2" "$3"; then
		t_pass
	else
		t_failure "$1: files differ" "$2"
		diff "$3" "$2" | head -n 20
	fi
}

# No ledger any more: the next program creates one.
t_fresh() {
	if [ -n "$t_pgdb" ]; then
		dropdb "$t_pgdb" && createdb "$t_pgdb"
	else
		rm -f "$XF_DB"
	fi
}

# The ledger as the sqlite3 shell sees it, or psql on the pg tier
# (unaligned, without headers: the same text for the same rows).
t_sql() {
	if [ -n "$t_pgdb" ]; then
		psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$t_pgdb" -c "$1"
	else
		sqlite3 "$XF_DB" "$1"
	fi
}

# The integrity of the ledger (DESC names the moment): SQLite's checks
# of its file and foreign keys.  PostgreSQL keeps its files whole and
# enforces the foreign keys itself: there, the ledger's own check,
# xf-ledger check, which says each problem on standard error, exits 1.
t_integrity() {
	if [ -n "$t_pgdb" ]; then
		xf-ledger check > /dev/null 2> "$TMP/check.err"
		t_eq "$1: xf-ledger check" "status $?: $(cat "$TMP/check.err")" \
		    "status 0: "
	else
		t_eq "$1: integrity" "$(sqlite3 -readonly "$XF_DB" \
		    'PRAGMA integrity_check')" ok
		t_eq "$1: foreign keys" "$(sqlite3 -readonly "$XF_DB" \
		    'PRAGMA foreign_key_check')" ""
	fi
}

# On the pg tier, after a program was killed: wait (up to 60 s) until
# the server has ended its connection, and so rolled back (or, its
# COMMIT sent, committed) its transaction.  DESC names the moment.
t_settle() {
	[ -n "$t_pgdb" ] || return 0
	t_waited=0
	while [ "$(t_sql "SELECT count(*) FROM pg_stat_activity
	    WHERE datname = current_database() AND pid <> pg_backend_pid()
	    AND backend_type = 'client backend'")" != 0 ]; do
		if [ $t_waited -ge 600 ]; then
			t_failure "$1: a connection still open 60 s after"
			return
		fi
		sleep 0.1
		t_waited=$((t_waited + 1))
	done
}

# Whether LibreOffice can read a spreadsheet: soffice alone does not
# say, as Debian packages Calc apart from Writer.
t_have_calc() {
	command -v soffice > /dev/null 2>&1 || return 1
	printf 'a\n1\n' > "$TMP/calc-probe.csv"
	soffice -env:UserInstallation=file://$TMP/lo-profile --headless \
	    --convert-to xlsx --outdir "$TMP/calc-probe" "$TMP/calc-probe.csv" \
	    > /dev/null 2>&1
	[ -s "$TMP/calc-probe/calc-probe.xlsx" ]
}

t_done() {
	echo "$t_name: $t_passed passed, $t_failed failed"
	[ "$t_failed" -eq 0 ]
	exit $?
}
