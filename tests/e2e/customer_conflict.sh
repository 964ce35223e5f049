#!/bin/sh
# customer_conflict.sh: two terminals, sato and suzuki, edit the same
# customer at the same time. sato saves first; suzuki's save finds the
# record changed, nothing is overwritten: the conflict view shows both
# versions of the changed fields side by side, suzuki keeps their own
# e-mail and takes sato's phone, and saves again against the new version.
# The database ends with both intended values and the version bumped twice.
. "$(dirname "$0")/lib.sh"

e2e_init customer_conflict
e2e_db_setup

psql1() {
	"$RD_BIN" db psql -At -c "$1"
}

# The second terminal: a session of its own in the same tmux server,
# with the environment of the first (lib.sh's e2e_term_start).
t2_start() {
	e2e_term_start t2 "$RD_BIN" --as suzuki
}
t2_send() {
	e2e_tmux send-keys -t t2 "$@"
}
t2_type() {
	e2e_tmux send-keys -t t2 -l -- "$*"
}
t2_screen() {
	e2e_tmux capture-pane -p -t t2
}
# t2_expect TEXT DESCRIPTION
t2_expect() {
	_t2_tries=$((E2E_TIMEOUT * 10))
	while [ "$_t2_tries" -gt 0 ]; do
		if t2_screen | grep -qF -- "$1"; then
			e2e_pass "$2"
			return 0
		fi
		sleep 0.1
		_t2_tries=$((_t2_tries - 1))
	done
	e2e_fail "$2 (suzuki's terminal waited for: $1)"
	t2_screen | sed 's/^/| /'
	return 1
}

# t2_expect_line A B DESCRIPTION: waits for a line holding both A and B
t2_expect_line() {
	_t2_tries=$((E2E_TIMEOUT * 10))
	while [ "$_t2_tries" -gt 0 ]; do
		if t2_screen | grep -F -- "$1" | grep -qF -- "$2"; then
			e2e_pass "$3"
			return 0
		fi
		sleep 0.1
		_t2_tries=$((_t2_tries - 1))
	done
	e2e_fail "$3 (suzuki's terminal waited for a line with: $1 … $2)"
	t2_screen | sed 's/^/| /'
	return 1
}

old_email=$(psql1 "select coalesce(email, '') from rd.customers where code = 'C0000002'")

# both open the card of C0000002 and its form
e2e_start "$RD_BIN" --as sato
e2e_wait_line 1 "DB ok" || e2e_finish
t2_start
t2_expect "DB ok" "a second terminal runs as suzuki" || e2e_finish

e2e_send F2
e2e_type "c2"
e2e_expect "1 customer" "sato finds C0000002 by its short code"
e2e_send Enter F4
e2e_expect "Edit customer C0000002" "sato edits C0000002"

t2_send F2
t2_type "C0000002"
t2_expect "1 customer" "suzuki finds C0000002"
t2_send Enter F4
t2_expect "Edit customer C0000002" "suzuki edits C0000002 too"

# sato changes the phone and saves first
e2e_send Tab Tab C-u
e2e_type "090-7777-0002"
e2e_send F5
e2e_expect "Reason for change: required" "sato is asked for a reason"
e2e_type "番号変更"
e2e_send F5
e2e_expect "version 2" "sato's save goes through: version 2"

# suzuki, still on version 1, changes the e-mail
t2_send Tab Tab Tab Tab C-u
t2_type "new.mail@example.jp"
t2_send F5
t2_expect "Reason for change: required" "suzuki is asked for a reason"
t2_type "メール変更"
t2_send F5
t2_expect "Someone else saved this customer while you were editing" \
	"suzuki's save finds the record changed: the conflict view"
t2_expect "was changed by sato" "it says who changed it"
t2_expect_line "090-7777-0002" "take theirs" \
	"sato's phone is shown as theirs, taken by default"
t2_expect_line "new.mail@example.jp" "keep mine" \
	"suzuki's e-mail is shown beside the stored one, kept by default"
e2e_assert_eq "$(psql1 "select version || ' ' || coalesce(email, '') from rd.customers where code = 'C0000002'")" \
	"2 $old_email" "nothing of suzuki's was written before the choice"

# the picks: Left/Right switch a field; switch the phone twice (back)
t2_send Right
t2_expect_line "090-7777-0002" "keep mine" "Right switches the pick of the selected field"
t2_send Left
t2_expect_line "090-7777-0002" "take theirs" "Left switches it back"
t2_send F5
t2_expect "version 3" "F5 saves the picks against the new version"
t2_expect "E-mail: " "suzuki's card shows the e-mail change"

e2e_assert_eq "$(psql1 "select phone1 || ' ' || email || ' ' || version from rd.customers where code = 'C0000002'")" \
	"09077770002 new.mail@example.jp 3" "the database has both intended values, version 3"
e2e_assert_eq "$(psql1 "select string_agg(h.actor || ':' || array_to_string(h.changed, ','), ' ' order by h.id)
		from rd.history h join rd.customers c on h.row_key = c.id::text
		where c.code = 'C0000002' and h.table_name = 'customers' and h.op = 'UPDATE'")" \
	"sato:phone1 suzuki:email" "history: sato changed the phone, suzuki the e-mail"

# sato's card catches up when it is read again (F4 and back)
e2e_send F4
e2e_expect "version 3" "sato's form opens on the latest version"
e2e_send Escape
e2e_finish
