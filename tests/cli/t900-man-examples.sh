# stores: sqlite pg
#!/bin/sh
# t900-man-examples.sh - the EXAMPLES of every man page really run
#
# For each page under man/, the command lines of its EXAMPLES section
# (lines of a literal block that start with "$ ", with the lines that
# follow a trailing backslash) are run in order, each with sh -e, in a
# fresh scratch directory holding scripts/sample.csv as 台账.csv, with
# XF_DB a fresh ledger there and XF_NOW fixed.  The C program in the
# EXAMPLES of libxf.3 is compiled against lib/xf.h, and every page is
# checked with mandoc -Tlint when mandoc is installed.
#
#   sh tests/cli/t900-man-examples.sh --list   print the commands only

# man_examples PAGE DIR: write the commands of PAGE to DIR/1, DIR/2, ...
# and print how many there are.  The few roff escapes a command may use
# (\e, \&, \-, \(aq, \(dq, \(ti, \(ha) are undone.
man_examples()
{
	awk -v dir="$2" '
	function unescape(s,	out, i, c, n) {
		out = ""
		n = length(s)
		for (i = 1; i <= n; i++) {
			c = substr(s, i, 1)
			if (c != "\\" || i == n) {
				out = out c
				continue
			}
			c = substr(s, ++i, 1)
			if (c == "e")
				out = out "\\"
			else if (c == "-")
				out = out "-"
			else if (c == "&")
				;
			else if (c == "(") {
				c = substr(s, i + 1, 2)
				i += 2
				if (c == "aq")
					out = out "\047"
				else if (c == "dq")
					out = out "\""
				else if (c == "ti")
					out = out "~"
				else if (c == "ha")
					out = out "^"
				else
					out = out "\\(" c
			} else
				out = out "\\" c
		}
		return out
	}
	/^\.Sh / {
		ex = ($0 == ".Sh EXAMPLES")
		lit = 0
		next
	}
	!ex { next }
	/^\.Bd .*-literal/ { lit = 1; next }
	/^\.Ed/ { lit = 0; next }
	!lit { next }
	{
		line = unescape($0)
		if (cont) {
			printf "%s\n", line > file
		} else if (substr(line, 1, 2) == "$ ") {
			file = dir "/" ++n
			printf "%s\n", substr(line, 3) > file
		} else
			next
		cont = (line ~ /\\$/)
		if (!cont)
			close(file)
	}
	END { print n + 0 }
	' "$1"
}

# man_program PAGE: print the C program in the EXAMPLES of PAGE (the
# literal block that starts with #include).
man_program()
{
	awk '
	/^\.Sh / { ex = ($0 == ".Sh EXAMPLES"); next }
	ex && /^\.Bd .*-literal/ { lit = 1; prog = 0; next }
	ex && /^\.Ed/ { lit = 0; next }
	lit && /^#include/ { prog = 1 }
	lit && prog {
		gsub(/\\e/, "\\")
		gsub(/\\&/, "")
		print
	}
	' "$1"
}

if [ "$1" = --list ]; then
	top=$(cd "$(dirname "$0")/../.." && pwd)
	list=$(mktemp -d) || exit 1
	for page in "$top"/man/*.[1-9]; do
		name=$(basename "$page")
		mkdir "$list/$name"
		n=$(man_examples "$page" "$list/$name")
		i=1
		while [ "$i" -le "$n" ]; do
			printf '%s: example %d:\n' "$name" "$i"
			sed 's/^/	/' "$list/$name/$i"
			i=$((i + 1))
		done
	done
	rm -rf "$list"
	exit 0
fi

. "$(dirname "$0")/lib.sh"

here=$(pwd)
XF_NOW=2018-01-15T09:00:00+08:00
export XF_NOW

t_ok "scripts/sample.csv is there" test -f "$TOP/scripts/sample.csv"
for page in "$TOP"/man/*.[1-9]; do
	name=$(basename "$page")
	if command -v mandoc > /dev/null; then
		t_ok "$name: clean under mandoc -Tlint -W warning" \
		    mandoc -Tlint -W warning "$page"
	fi
	dir=$TMP/$name
	mkdir -p "$dir/.commands"
	cp "$TOP/scripts/sample.csv" "$dir/台账.csv"
	XF_DB=$dir/xf.db
	export XF_DB
	n=$(man_examples "$page" "$dir/.commands")
	cd "$dir" || exit 1
	i=1
	while [ "$i" -le "$n" ]; do
		cmd=$(cat ".commands/$i")
		t_ok "$name: example $i" sh -ec "$cmd" </dev/null
		i=$((i + 1))
	done
	cd "$here" || exit 1
done

man_program "$TOP/man/libxf.3" > "$TMP/example.c"
t_ok "libxf.3: the example program compiles" \
    "${CC:-cc}" -std=c11 -Wall -Werror -fsyntax-only -I"$TOP/lib" "$TMP/example.c"

t_done
