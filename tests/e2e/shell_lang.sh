#!/bin/sh
# shell_lang.sh: the terminal UI speaks the language asked for: Japanese
# in a ja_JP.UTF-8 terminal (E2E_LANG=ja), English there with --lang en,
# Japanese with --lang ja in a C.UTF-8 terminal; the markers come from the
# catalogue through e2e_msg (the legend's "F10 Quit", "F1 Help").
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034 # read by lib.sh
E2E_LANG=ja
e2e_init shell_lang
e2e_db_setup

quit_ja=$(e2e_msg "Quit")
help_ja=$(e2e_msg "Help")
if [ "$quit_ja" != Quit ] && [ "$help_ja" != Help ]; then
	e2e_pass "e2e_msg finds the Japanese of Quit and Help in the build tree's catalogue"
else
	e2e_fail "e2e_msg: no Japanese for Quit/Help: '$quit_ja' '$help_ja'"
fi

# the locale decides
e2e_start "$RD_BIN" --as sato
e2e_wait_line -1 "F10 $quit_ja" &&
	e2e_pass "LANG=ja_JP.UTF-8: the legend is Japanese (F10 $quit_ja)"
e2e_assert_screen_has "F1 $help_ja" "LANG=ja_JP.UTF-8: F1 $help_ja"
e2e_send F10
e2e_wait_gone "F10 $quit_ja" || e2e_finish

# --lang en: English in the same Japanese terminal
e2e_start "$RD_BIN" --lang en --as sato
e2e_wait_line -1 "F10 Quit" &&
	e2e_pass "--lang en under LANG=ja_JP.UTF-8: the legend is English"
e2e_assert_screen_lacks "F10 $quit_ja" "--lang en: no Japanese in the legend"
e2e_send F10
e2e_wait_gone "F10 Quit" || e2e_finish

# --lang ja in an English (C.UTF-8) terminal
e2e_start env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$RD_BIN" --lang ja --as sato
e2e_wait_line -1 "F10 $quit_ja" &&
	e2e_pass "--lang ja under LANG=C.UTF-8: the legend is Japanese"
e2e_send F10
e2e_wait_gone "F10 $quit_ja" || e2e_finish

e2e_finish
