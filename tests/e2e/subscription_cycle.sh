#!/bin/sh
# subscription_cycle.sh: "send it every two months instead". The agent
# types 2 next to the subscription (change), replaces the cycle, types a
# reason in words, and reads the preview: the deliveries that move (old
# date -> new date) and the next three dates. A cycle that does not parse
# is refused on its field first; nothing is written before y. Another
# agent changes the subscription before y: the conflict view says who,
# nothing is written, and F5 previews the change again. Afterwards
# the list shows the new cycle in words, and rd.subscriptions and
# rd.history (actor, reason) have the change.
. "$(dirname "$0")/lib.sh"

e2e_init subscription_cycle
e2e_db_setup
. "$(dirname "$0")/subscription_lib.sh"

subs_new 20 4
day=${cycle#1m:}
set -- $("$RD_BIN" cycle dates "2m:$day" --from "$next" --count 2)
new2=$1
new3=$2
old2=$("$RD_BIN" cycle dates "$cycle" --from "$next" --count 1)

subs_open_list suzuki
e2e_type 2
e2e_send Enter
e2e_expect "Change the subscription" "2 and Enter open the change form"
e2e_assert_screen_has "$cycle" "the form starts with the stored cycle"
e2e_send C-u
e2e_type "every two months"
e2e_send F5
e2e_expect "Cycle: " "a cycle that does not parse is refused on its field"
# (the legend, the last line, names F5 "Preview": the body has none)
e2e_assert_eq "$(e2e_screen | sed '$d' | grep -c 'Preview')" 0 "no preview for a bad cycle"
e2e_send C-u
e2e_type "2m:$day"
# down to the reason in words (the last field)
e2e_send Up
e2e_type "隔月にしたい"
e2e_send F5
e2e_expect "Preview" "F5 shows the preview"
e2e_assert_screen_has "every 2 months" "the preview says the new cycle"
subs_assert_line "$(shown_day "$old2")" "→ $(shown_day "$new2")" "delivery 6 moves from $old2 to $new2"
e2e_assert_screen_has "5 on $(shown_day "$next")" "the next delivery stays"
e2e_assert_screen_has "6 on $(shown_day "$new2")" "the next three deliveries follow the new cycle"
e2e_assert_screen_has "7 on $(shown_day "$new3")" "the third one as well"
e2e_assert_eq "$(psql1 "select cycle from rd.subscriptions where id = $sub")" "$cycle" \
	"the preview wrote nothing"

# meanwhile another agent changes the time slot from the command line:
# y finds the subscription changed, writes nothing, says who did what
"$RD_BIN" --as takahashi subscription change "$sub" --time-slot morning \
	--reason 午前希望 >"$E2E_TMP/cli.out" 2>&1 ||
	e2e_fail "takahashi's change from the command line: $(cat "$E2E_TMP/cli.out")"
e2e_send y
e2e_expect "Someone else changed this subscription" "y finds it changed: the conflict view"
e2e_assert_screen_has "takahashi" "the conflict view says who changed it"
e2e_assert_screen_has "Now: version 2" "and the version stored now"
e2e_assert_eq "$(psql1 "select cycle || ' ' || version from rd.subscriptions where id = $sub")" \
	"$cycle 2" "nothing of suzuki's was written"
e2e_send F5
e2e_expect "Preview" "F5 previews the request again on version 2"
e2e_assert_screen_has "6 on $(shown_day "$new2")" "the same new dates"
e2e_send y
e2e_expect "Done:" "y confirms"
e2e_expect "every 2 months on the" "the list shows the new cycle in words"
e2e_assert_eq "$(psql1 "select cycle || ' ' || next_date || ' ' || version from rd.subscriptions where id = $sub")" \
	"2m:$day $next 3" "rd.subscriptions: the new cycle, the same next delivery, version 3"
e2e_assert_eq "$(psql1 "select time_slot from rd.subscriptions where id = $sub")" "morning" \
	"takahashi's change is kept"
e2e_assert_eq "$(subs_history subscriptions UPDATE)" "suzuki|隔月にしたい" \
	"rd.history: the change by suzuki with the typed reason"
e2e_finish
