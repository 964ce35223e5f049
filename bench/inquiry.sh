#!/bin/sh
# bench/inquiry.sh: the inquiry log at scale: queue views and the latency
# of a change seen by a second client.
#
# Usage: bench/inquiry.sh [INQUIRIES [CUSTOMERS [ITERATIONS [CHANGES]]]]
#                                     (default: 1000000 100000 4000 300)
#
# Creates a throwaway embedded cluster in a temporary REPEATDESK_HOME (db
# init, start, migrate), seeds CUSTOMERS demo customers (with their own
# inquiries and timelines), then tops the log up to INQUIRIES inquiries
# spread over a year: 94 in 100 resolved or closed, the rest open, in
# progress, waiting or escalated, held by the demo agents or nobody, in
# their teams, some with a callback. The top-up is bulk data loaded by the
# cluster's owner with triggers off (no history rows, no notifications):
# it is what the queues read, not a trace of work. Then ANALYZE, and
# bench/bench_inquiry as the agent 'suzuki' (queue views, changes) with
# the supervisor 'takahashi' listening on a second connection. Prints one
# markdown table. REPEATDESK_HOME=DIR reuses an existing database (seeded;
# topped up again to INQUIRIES); KEEP=1 keeps the throwaway one.
#
# Environment: RD_BIN (default ./repeatdesk) and BENCH_INQUIRY (default
# ./bench/bench_inquiry): run from the build directory; TMPDIR.
#
# A number to report (DESIGN.md: bench/ is reported, never asserted).
set -eu

inquiries=${1:-1000000}
customers=${2:-100000}
iterations=${3:-4000}
changes=${4:-300}
bin=${RD_BIN:-./repeatdesk}
bench=${BENCH_INQUIRY:-./bench/bench_inquiry}

for f in "$bin" "$bench"; do
	if [ ! -x "$f" ]; then
		echo "bench/inquiry.sh: no program at '$f' (build it, or set RD_BIN / BENCH_INQUIRY)" >&2
		exit 2
	fi
done
case $inquiries$customers$iterations$changes in
*[!0-9]*)
	echo "bench/inquiry.sh: INQUIRIES, CUSTOMERS, ITERATIONS and CHANGES are numbers" >&2
	exit 2
	;;
esac

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_db inquiry "$customers"

have=$("$bin" db psql -At -c "SELECT count(*) FROM rd.inquiries")
need=$((inquiries - have))
if [ "$need" -gt 0 ]; then
	echo "adding $need inquiries (to $inquiries)" >&2
	"$bin" db psql -q -v ON_ERROR_STOP=1 -v need="$need" <<'SQL' >/dev/null
SET session_replication_role = replica;
WITH a AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(team_id ORDER BY id) AS teams
             FROM rd.agents),
     c AS (SELECT min(id) AS lo, max(id) - min(id) + 1 AS n FROM rd.customers),
     g AS (SELECT g, now() - (g % 525600) * interval '1 minute' AS at
             FROM generate_series(1, :need) g)
INSERT INTO rd.inquiries (customer_id, channel, category, priority, status,
			  assignee_id, team_id, callback_at, due_at, subject,
			  opened_by, created_at, updated_at, resolved_at)
SELECT c.lo + (g.g::bigint * 7919) % c.n,
       (ARRAY['inbound_call', 'inbound_call', 'outbound_call', 'email', 'letter'])[1 + g.g % 5],
       (ARRAY['order', 'skip', 'pause', 'cycle_change', 'cancel', 'address_change',
	      'payment_change', 'complaint', 'question', 'other'])[1 + g.g % 10],
       (ARRAY['normal', 'normal', 'normal', 'low', 'high', 'urgent'])[1 + g.g % 6],
       s.status,
       CASE WHEN g.g % 7 = 0 THEN NULL ELSE a.ids[1 + g.g % array_length(a.ids, 1)] END,
       a.teams[1 + g.g % array_length(a.ids, 1)],
       CASE WHEN g.g % 5 = 0 THEN g.at + interval '1 day' END,
       g.at + interval '72 hours',
       'bench inquiry ' || g.g,
       'sato', g.at, g.at,
       CASE WHEN s.status IN ('resolved', 'closed') THEN g.at + interval '1 hour' END
  FROM g CROSS JOIN a CROSS JOIN c
 CROSS JOIN LATERAL (SELECT CASE WHEN g.g % 100 < 94
				 THEN (ARRAY['resolved', 'closed'])[1 + g.g % 2]
				 ELSE (ARRAY['open', 'in_progress', 'waiting_customer',
					     'escalated'])[1 + g.g % 4] END AS status) s;
SET session_replication_role = origin;
ANALYZE rd.inquiries;
SQL
fi

agent_pw=$(sed -n 's/^suzuki://p' "$REPEATDESK_HOME/agents.pass")
sup_pw=$(sed -n 's/^takahashi://p' "$REPEATDESK_HOME/agents.pass")
sock=$REPEATDESK_HOME/server/run
"$bench" --iterations "$iterations" --changes "$changes" \
	"host=$sock dbname=repeatdesk user=suzuki password=$agent_pw" \
	"host=$sock dbname=repeatdesk user=takahashi password=$sup_pw"
