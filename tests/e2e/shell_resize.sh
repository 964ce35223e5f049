#!/bin/sh
# shell_resize.sh: below 80x24 a clear message replaces the screen; the
# screen comes back whole when the terminal is large enough again, and
# keys still work afterwards.
. "$(dirname "$0")/lib.sh"

e2e_init shell_resize
e2e_db_setup

e2e_start "$RD_BIN" --as takahashi
e2e_wait_line -1 "F10 Quit" || e2e_finish

e2e_resize 60 20
e2e_expect "Terminal too small: 60x20 — need at least 80x24" \
	"60x20 shows the too-small message"
e2e_assert_screen_lacks "F10 Quit" "no garbage of the screen is left"
e2e_assert_screen_lacks "高橋" "no part of the home screen is drawn"

e2e_resize 80 24
e2e_wait_line -1 "F10 Quit" && e2e_pass "80x24: the legend is on the last line"
e2e_wait_line 1 "高橋 美咲 (takahashi, supervisor)" &&
	e2e_pass "80x24: the top line is whole"
e2e_assert_screen_lacks "too small" "80x24 is large enough"
e2e_assert_screen_has "Logged in as" "80x24: the home screen is back"

e2e_resize 120 40
e2e_wait_line 40 "F10 Quit" && e2e_pass "120x40: the legend moves to line 40"
e2e_wait_line 1 "DB ok" && e2e_pass "120x40: the top line is whole"
# right-aligned: "DB ok" ends one column before the edge
width=$(e2e_line 1 | sed 's/ *$//' | wc -L)
e2e_assert_eq "$width" 119 "120x40: the top line spans the width"
e2e_assert_eq "$(e2e_line 1 | sed 's/ *$//; s/.* //')" "ok" \
	"120x40: the database state ends the top line"

# Keys still work after resizing (function key sequences intact).
e2e_resize 79 24
e2e_expect "Terminal too small: 79x24" "one column short is too small"
e2e_send F1 # nothing happens while the screen cannot be seen
e2e_resize 100 30
e2e_wait_line -1 "F10 Quit" || e2e_finish
e2e_assert_screen_lacks "Keys of every screen" \
	"keys pressed while too small were not acted on"
e2e_send F1
e2e_expect "Keys of every screen" "F1 works after resizing"
e2e_send Escape
e2e_wait_gone "Keys of every screen"
e2e_send F10
e2e_wait_gone "F10 Quit" && e2e_pass "F10 quits after resizing"
e2e_finish
