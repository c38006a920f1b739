# xf-intake: progress and a summary on a terminal, never otherwise
. "$TOP/tests/cli/lib.sh"

sh "$TOP/scripts/gen-items" -n 30000 -s 5 --to 2017-12-31 > big.csv
# script(1) gives the program a terminal for standard error.
t_ok "on a terminal" script -qec "xf-intake big.csv > /dev/null" tty.log
t_grep "progress with a percentage" 'xf-intake: [0-9]+ records, [0-9]+%' tty.log
t_grep "summary" 'xf-intake: 30000 registered, 0 corrected, 0 already registered, 0 rejected' tty.log
t_ok "not on a terminal" xf-intake --db other.db big.csv
t_eq "standard error quiet" "$(wc -c < "$ERR")" 0

t_done
