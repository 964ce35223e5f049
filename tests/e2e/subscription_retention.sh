#!/bin/sh
# subscription_retention.sh: "I want to cancel". The agent types 4 next to
# the subscription: the retention step shows the customer's commitment
# (deliveries still owed, the early-cancel fee, the discount lost, the
# count starting again) and the alternatives. The customer accepts a
# pause instead: the agent records the outcome, reads the preview of the
# pause, adjusts it (F4: until a date rather than open-ended), confirms. The subscription is paused (not cancelled), and
# rd.retention_offers records what was offered and that the pause was
# taken; rd.history has the offer and the pause by the agent with the
# reason.
. "$(dirname "$0")/lib.sh"

e2e_init subscription_retention
e2e_db_setup
. "$(dirname "$0")/subscription_lib.sh"

# 2 deliveries made, the minimum before cancelling is 3: one still owed
subs_new 30 2
fee=$(psql1 "select to_char(value::int, 'FM999,999') from rd.settings where key = 'early_cancel_fee'")

subs_open_list suzuki
e2e_type 4
e2e_send Enter
e2e_expect "Cancel: the retention step" "4 and Enter open the retention step"
e2e_assert_screen_has "The customer's commitment" "the commitment is shown"
e2e_assert_screen_has "1 still owed: early-cancel fee ¥$fee" "deliveries owed and the fee"
e2e_assert_screen_has "discount lost" "the discount the customer loses"
e2e_assert_screen_has "Alternatives to offer" "the alternatives are listed"
e2e_assert_eq "$(psql1 "select count(*) from rd.retention_offers where subscription_id = $sub")" "0" \
	"nothing is recorded yet"

# the offers are marked as offered; the outcome: the customer takes the pause
e2e_send Tab Tab Tab Tab Tab
e2e_type p
e2e_expect "Outcome *" "the outcome field"
subs_assert_line "Outcome *" "pause" "p picks 'pause' as the outcome"
e2e_send Tab Tab Tab Tab Space
e2e_send F5
e2e_expect "Preview" "F5 shows the preview of the pause"
e2e_assert_screen_has "pause" "the preview is of the pause"
e2e_assert_screen_lacks "Early-cancel fee" "no fee: nothing is cancelled"
# the customer wants it paused until a date rather than open-ended: F4
# adjusts the alternative in the pause form, still recorded as retention
until=$(psql1 "select (date '$next' + 40)::text")
e2e_send F4
e2e_expect "Pause instead of cancelling" "F4 opens the pause form to adjust the alternative"
e2e_assert_screen_has "open-ended" "it starts as the alternative offered"
e2e_type u
e2e_send Tab
e2e_type "$until"
e2e_send F5
e2e_expect "pause until $(shown_day "$until")" "the preview of the adjusted pause"
e2e_assert_eq "$(psql1 "select count(*) from rd.retention_offers where subscription_id = $sub")" "0" \
	"still nothing recorded before the confirmation"
e2e_send y
e2e_expect "retention offer #" "y confirms; the retention offer is recorded"
e2e_assert_eq "$(psql1 "select status || ' ' || paused_until from rd.subscriptions where id = $sub")" \
	"paused $until" "rd.subscriptions: paused until the date agreed, not cancelled"
e2e_assert_eq "$(psql1 "select outcome || ' ' || accepted || ' ' || ('pause' = any(offered)) || ' ' || deliveries_owed
		from rd.retention_offers where subscription_id = $sub")" \
	"changed pause true 1" "rd.retention_offers: the pause offered and taken, one delivery owed"
e2e_assert_eq "$(subs_history retention_offers INSERT)" "suzuki|surplus" \
	"rd.history: the offer recorded by suzuki with the reason"
e2e_assert_eq "$(subs_history subscriptions UPDATE)" "suzuki|surplus" \
	"rd.history: the pause by suzuki with the reason"
e2e_finish
