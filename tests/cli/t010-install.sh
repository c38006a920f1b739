# stores: sqlite pg
# make install and uninstall: PREFIX and DESTDIR honoured, a shared
# library with its soname, a pkg-config file that builds a program
. "$TOP/tests/cli/lib.sh"

build=$(dirname "$XF_BIN")
prefix=$TMP/prefix
t_ok "make install" make -s -C "$TOP" B="$build" PREFIX="$prefix" install
for f in bin/xf-intake bin/xf-query lib/libxf.a lib/libxf.so.0 lib/libxf.so \
    include/xf.h lib/pkgconfig/xf.pc share/man/man1/xf-intake.1 \
    share/man/man1/xf-query.1 share/man/man3/libxf.3 \
    share/man/man5/xf-record.5 share/man/man7/xf.7; do
	t_eq "installed $f" "$(test -e "$prefix/$f" && echo yes)" yes
done
t_grep "soname" 'SONAME.*libxf\.so\.0' "$(readelf -d "$prefix/lib/libxf.so.0" > soname.txt; echo soname.txt)"
t_grep "pc names the prefix" "^prefix=$prefix\$" "$prefix/lib/pkgconfig/xf.pc"

# Only what xf.h declares is exported: no internal function or table.
nm -D --defined-only "$prefix/lib/libxf.so.0" | awk '$3 !~ /^_/ { print $3 }' |
    sort > exported
t_eq "exported: only what xf.h declares" "$(while read -r s; do
	grep -q "[^a-z_0-9]$s(" "$TOP/lib/xf.h" || echo "$s"; done < exported)" ""
t_eq "exported: the interface" "$([ "$(wc -l < exported)" -gt 100 ] && echo yes)" yes

# A program built against the installed library, checking the version.
cat > v.c <<'C'
#include <stdio.h>
#include <xf.h>
int
main(void)
{
	if (!XF_VERSION_OK())
		return 1;
	printf("%s %d\n", xf_version(), xf_field_find("信访日期", 12));
	return 0;
}
C
san=""
nm -D "$prefix/lib/libxf.so.0" | grep -q __asan && san="-fsanitize=address,undefined"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
t_ok "compile with pkg-config" sh -c "cc $san -o v v.c \$(pkg-config --cflags --libs xf)"
t_ok "run it" env LD_LIBRARY_PATH="$prefix/lib" ./v
t_grep "library version and a Chinese column name" '^[0-9]+\.[0-9]+\.[0-9]+ 2$' "$OUT"

# DESTDIR stages under another root.
t_ok "make install DESTDIR" make -s -C "$TOP" B="$build" PREFIX=/usr DESTDIR="$TMP/stage" install
t_eq "staged" "$(test -e "$TMP/stage/usr/bin/xf-intake" && echo yes)" yes
t_grep "staged pc names the real prefix" '^prefix=/usr$' "$TMP/stage/usr/lib/pkgconfig/xf.pc"

t_ok "make uninstall" make -s -C "$TOP" B="$build" PREFIX="$prefix" uninstall
t_eq "nothing left" "$(find "$prefix" -type f | wc -l)" 0

t_done
