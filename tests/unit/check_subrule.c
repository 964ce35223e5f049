/* check_subrule.c: business rules and previews of subscription requests.
 * Edge cases first: the cut-off day itself, the message that names the
 * first delivery that can still be skipped, skips in a row counted across
 * the last delivery, the minimum deliveries and the override, the longest
 * pause; then each request's effect on dates, numbers, skips and price,
 * reservations, the shipment run's advance, and requests as json. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "repeatdesk/cycle.h"
#include "repeatdesk/date.h"
#include "repeatdesk/subrule.h"

Suite *subrule_suite(void);

static int32_t ymd(int y, int m, int d)
{
	ck_assert_msg(date_ymd_valid(y, m, d), "test date %04d-%02d-%02d", y, m, d);
	return date_from_ymd(y, m, d);
}

static const char *iso(int32_t day)
{
	static char buf[8][DATE_ISO_SIZE];
	static int next;

	if (day == SUBRULE_NO_DATE)
		return "none";
	next = (next + 1) % 8;
	return date_format_iso(day, buf[next]);
}

#define ck_date(got, want) \
	ck_assert_msg((got) == (want), "%s: got %s, want %s", #got, iso(got), iso(want))

static struct subrule_rules rules;

static void setup(void)
{
	subrule_rules_default(&rules);
}

static struct cycle cyc(const char *spec)
{
	struct cycle c;
	struct rd_error err;

	ck_assert_msg(cycle_parse(spec, &c, &err) == RD_OK, "%s: %s", spec, err.msg);
	return c;
}

static void line(struct subrule_line *l, const char *sku, int qty, int price,
		 int list, int tax)
{
	memset(l, 0, sizeof(*l));
	snprintf(l->sku, sizeof(l->sku), "%s", sku);
	snprintf(l->name, sizeof(l->name), "product %s", sku);
	l->quantity = qty;
	l->unit_price = price;
	l->list_price = list;
	l->tax_rate = tax;
}

/* Every month on the 15th; three deliveries made, the 4th on 2026-12-15;
 * two packs of 青汁 at 3,480 (3,980 one-off), 8%, cash on delivery. */
static struct subrule_sub monthly(void)
{
	struct subrule_sub s;

	memset(&s, 0, sizeof(s));
	s.status = SUBRULE_ACTIVE;
	s.cycle = cyc("1m:15");
	s.next_date = ymd(2026, 12, 15);
	s.delivery_count = 3;
	s.paused_until = SUBRULE_NO_DATE;
	line(&s.lines[0], "AOJIRU-30", 2, 3480, 3980, 8);
	s.nlines = 1;
	s.payment = SUBRULE_PAY_COD;
	s.time_slot = SUBRULE_TIME_NONE;
	return s;
}

static void add_skip(struct subrule_sub *s, int32_t date, int number)
{
	s->skips[s->nskips].date = date;
	s->skips[s->nskips].number = number;
	s->nskips++;
}

/* The usual "today" of these tests: a Friday, 25 days before 12/15. */
static int32_t nov20(void)
{
	return ymd(2026, 11, 20);
}

static struct subrule_preview pv;

static enum rd_status preview(const struct subrule_sub *s,
			      const struct subrule_request *q, int32_t today)
{
	return subrule_preview(s, &rules, q, today, &pv);
}

static void expect_ok(const struct subrule_sub *s, const struct subrule_request *q,
		      int32_t today)
{
	enum rd_status st = preview(s, q, today);

	ck_assert_msg(st == RD_OK, "refused (%s): %s", pv.rule, pv.message);
}

static void expect_refused(const struct subrule_sub *s, const struct subrule_request *q,
			   int32_t today, enum rd_status want, const char *rule)
{
	enum rd_status st = preview(s, q, today);

	ck_assert_msg(st == want, "status %s (%s), want %s: %s", rd_status_name(st),
		      pv.rule, rd_status_name(want), pv.message);
	ck_assert_str_eq(pv.rule, rule);
	ck_assert_msg(pv.message[0] != '\0', "a refusal says why");
	ck_assert_int_eq(pv.nskip_ops, 0);
}

/* ---- the cut-off ------------------------------------------------------ */

START_TEST(a_delivery_is_changeable_until_the_day_before_its_cut_off)
{
	struct subrule_sub s = monthly();
	struct subrule_slot sl[SUBRULE_SHOW];
	struct rd_error err;

	/* 12/15 - 5 days = 12/10: picking starts; 12/09 is the last day */
	ck_assert_int_eq(subrule_slots(&s, &rules, ymd(2026, 12, 9), sl, 2, &err), 2);
	ck_assert(sl[0].changeable);
	ck_assert_int_eq(subrule_slots(&s, &rules, ymd(2026, 12, 10), sl, 2, &err), 2);
	ck_assert(!sl[0].changeable);
	ck_assert(sl[1].changeable);
	ck_assert_int_eq(sl[0].number, 4);
	ck_assert_int_eq(sl[1].number, 5);
	ck_date(sl[1].date, ymd(2027, 1, 15));
}
END_TEST

START_TEST(skip_past_cut_off_names_the_first_delivery_that_can_be_skipped)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	s.next_date = ymd(2026, 12, 1);
	s.cycle = cyc("1m:1");
	subrule_request_init(&q, SUBRULE_SKIP);
	expect_refused(&s, &q, ymd(2026, 11, 28), RD_REFUSED, "cutoff_days");
	ck_assert_str_eq(pv.message,
			 "Delivery 4 (12/01) is past its cut-off; the first you can skip is 01/01.");
}
END_TEST

START_TEST(changes_past_cut_off_point_to_a_reservation)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	subrule_request_init(&q, SUBRULE_CHANGE);
	q.change = SUBRULE_CH_TIME;
	q.time_slot = SUBRULE_TIME_14_16;
	expect_refused(&s, &q, ymd(2026, 12, 12), RD_REFUSED, "cutoff_days");
	ck_assert_msg(strstr(pv.message, "from delivery 5 (01/15): reserve it") != NULL, "%s", pv.message);

	subrule_request_init(&q, SUBRULE_CANCEL);
	expect_refused(&s, &q, ymd(2026, 12, 12), RD_REFUSED, "cutoff_days");
	ck_assert_msg(strstr(pv.message, "will still be delivered") != NULL, "%s", pv.message);

	subrule_request_init(&q, SUBRULE_PAUSE);
	q.pause_mode = SUBRULE_PAUSE_OPEN;
	expect_refused(&s, &q, ymd(2026, 12, 12), RD_REFUSED, "cutoff_days");

	/* the cycle changes only the steps after the next delivery */
	subrule_request_init(&q, SUBRULE_CHANGE);
	q.change = SUBRULE_CH_CYCLE;
	q.cycle = cyc("2m:15");
	expect_ok(&s, &q, ymd(2026, 12, 12));
	ck_date(pv.next[0].date, ymd(2026, 12, 15));
	ck_date(pv.next[1].date, ymd(2027, 2, 15));
}
END_TEST

/* ---- skips --------------------------------------------------------------- */

START_TEST(skipping_the_next_delivery_moves_next_date_and_numbers)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	subrule_request_init(&q, SUBRULE_SKIP);
	expect_ok(&s, &q, nov20());
	ck_assert_str_eq(pv.summary, "skip delivery 4 (12/15)");
	ck_date(pv.after.next_date, ymd(2027, 1, 15));
	ck_assert_int_eq(pv.after.delivery_count, 3);
	ck_assert_int_eq(pv.nskip_ops, 1);
	ck_assert_int_eq(pv.skip_ops[0].op, SUBRULE_SKIP_ADD);
	ck_date(pv.skip_ops[0].date, ymd(2026, 12, 15));
	ck_assert_int_eq(pv.skip_ops[0].number, 4);
	/* delivery 4 is now on 01/15, 5 on 02/15 ... */
	ck_assert_int_ge(pv.naffected, 5);
	ck_assert_int_eq(pv.affected[0].number, 4);
	ck_date(pv.affected[0].old_date, ymd(2026, 12, 15));
	ck_date(pv.affected[0].new_date, ymd(2027, 1, 15));
	ck_assert_int_eq(pv.nnext, 3);
	ck_assert_int_eq(pv.next[0].number, 4);
	ck_date(pv.next[0].date, ymd(2027, 1, 15));
	ck_date(pv.next[2].date, ymd(2027, 3, 15));
	/* one delivery less in the window of six */
	ck_assert_int_eq(pv.window_before, 6);
	ck_assert_int_eq(pv.window_after, 5);
	ck_assert_int_eq(pv.window_before_total - pv.window_after_total,
			 pv.before_amount.total);
}
END_TEST

START_TEST(skipping_a_chosen_delivery_by_number_or_date)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	subrule_request_init(&q, SUBRULE_SKIP);
	q.delivery = 5;
	expect_ok(&s, &q, nov20());
	ck_date(pv.after.next_date, ymd(2026, 12, 15));
	ck_assert_int_eq(pv.after.nskips, 1);
	ck_date(pv.after.skips[0].date, ymd(2027, 1, 15));
	ck_assert_int_eq(pv.after.skips[0].number, 5);
	ck_assert_int_eq(pv.affected[0].number, 5);
	ck_date(pv.affected[0].new_date, ymd(2027, 2, 15));

	subrule_request_init(&q, SUBRULE_SKIP);
	q.date = ymd(2027, 2, 15);
	expect_ok(&s, &q, nov20());
	ck_assert_str_eq(pv.summary, "skip delivery 6 (02/15)");
}
END_TEST

START_TEST(skip_refuses_shipped_unknown_and_already_skipped_deliveries)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	subrule_request_init(&q, SUBRULE_SKIP);
	q.delivery = 3;
	expect_refused(&s, &q, nov20(), RD_REFUSED, "shipped");

	subrule_request_init(&q, SUBRULE_SKIP);
	q.date = ymd(2026, 12, 20);
	expect_refused(&s, &q, nov20(), RD_INVALID, "date");
	ck_assert_msg(strstr(pv.message, "12/15, 01/15") != NULL, "%s", pv.message);

	subrule_request_init(&q, SUBRULE_SKIP);
	q.date = ymd(2026, 11, 15);
	expect_refused(&s, &q, nov20(), RD_REFUSED, "shipped");

	add_skip(&s, ymd(2027, 1, 15), 5);
	subrule_request_init(&q, SUBRULE_SKIP);
	q.date = ymd(2027, 1, 15);
	expect_refused(&s, &q, nov20(), RD_REFUSED, "already_skipped");

	s.status = SUBRULE_CANCELLED;
	s.next_date = SUBRULE_NO_DATE;
	subrule_request_init(&q, SUBRULE_SKIP);
	expect_refused(&s, &q, nov20(), RD_REFUSED, "status");
}
END_TEST

START_TEST(at_most_k_skips_in_a_row_counting_those_since_the_last_delivery)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	/* two ahead: 01/15 and 02/15 in a row, a third is refused */
	add_skip(&s, ymd(2027, 1, 15), 5);
	add_skip(&s, ymd(2027, 2, 15), 5);
	subrule_request_init(&q, SUBRULE_SKIP);
	q.date = ymd(2027, 3, 15);
	expect_refused(&s, &q, nov20(), RD_REFUSED, "max_consecutive_skips");
	ck_assert_msg(strstr(pv.message, "would make 3 in a row") != NULL, "%s", pv.message);
	/* the next delivery joins them: 12/15, 01/15, 02/15 */
	subrule_request_init(&q, SUBRULE_SKIP);
	expect_refused(&s, &q, nov20(), RD_REFUSED, "max_consecutive_skips");

	/* two skipped just before the next delivery (since the last one):
	 * skipping the next delivery makes three */
	s = monthly();
	add_skip(&s, ymd(2026, 10, 15), 4);
	add_skip(&s, ymd(2026, 11, 15), 4);
	subrule_request_init(&q, SUBRULE_SKIP);
	expect_refused(&s, &q, nov20(), RD_REFUSED, "max_consecutive_skips");
	/* a later one is fine: delivery 4 breaks the row */
	q.delivery = 5;
	expect_ok(&s, &q, nov20());

	rules.max_consecutive_skips = 3;
	subrule_request_init(&q, SUBRULE_SKIP);
	expect_ok(&s, &q, nov20());
	ck_date(pv.after.next_date, ymd(2027, 1, 15));
}
END_TEST

START_TEST(undoing_a_skip_of_the_next_delivery_brings_it_back)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	/* 12/15 skipped: next is 01/15 (still delivery 4); 02/15 skipped as 5 */
	s.next_date = ymd(2027, 1, 15);
	add_skip(&s, ymd(2026, 12, 15), 4);
	add_skip(&s, ymd(2027, 2, 15), 5);
	subrule_request_init(&q, SUBRULE_UNSKIP);
	expect_ok(&s, &q, nov20());
	ck_date(pv.after.next_date, ymd(2026, 12, 15));
	ck_assert_int_eq(pv.nskip_ops, 2);
	/* 12/15 deleted; 02/15 is now in the place of delivery 6 */
	for (int i = 0; i < pv.nskip_ops; i++) {
		if (pv.skip_ops[i].op == SUBRULE_SKIP_DELETE)
			ck_date(pv.skip_ops[i].date, ymd(2026, 12, 15));
		else {
			ck_assert_int_eq(pv.skip_ops[i].op, SUBRULE_SKIP_RENUMBER);
			ck_date(pv.skip_ops[i].date, ymd(2027, 2, 15));
			ck_assert_int_eq(pv.skip_ops[i].number, 6);
		}
	}
	ck_assert_int_eq(pv.next[0].number, 4);
	ck_date(pv.next[0].date, ymd(2026, 12, 15));

	/* past its cut-off it stays skipped */
	subrule_request_init(&q, SUBRULE_UNSKIP);
	q.date = ymd(2026, 12, 15);
	expect_refused(&s, &q, ymd(2026, 12, 11), RD_REFUSED, "cutoff_days");
	subrule_request_init(&q, SUBRULE_UNSKIP);
	q.date = ymd(2026, 12, 16);
	expect_refused(&s, &q, nov20(), RD_INVALID, "date");
	s = monthly();
	subrule_request_init(&q, SUBRULE_UNSKIP);
	expect_refused(&s, &q, nov20(), RD_REFUSED, "no_skip");
}
END_TEST

START_TEST(closed_days_move_deliveries_and_a_skip_finds_them_by_either_date)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;
	struct subrule_slot sl[3];
	struct calendar_day holidays[1] = { { ymd(2027, 1, 15), CALENDAR_ONEOFF, "棚卸" } };

	/* 2027-02-15 is a Monday; closing Mondays moves it to the 16th;
	 * 01/15 is closed: the 16th (Saturday); each slot says why */
	rules.cal.closed_wdays = 1u << DATE_MON;
	rules.cal.days = holidays;
	rules.cal.ndays = 1;
	ck_assert_int_eq(subrule_slots(&s, &rules, nov20(), sl, 3, NULL), 3);
	ck_assert_str_eq(sl[0].moved, "");
	ck_date(sl[1].date, ymd(2027, 1, 16));
	ck_date(sl[1].nominal, ymd(2027, 1, 15));
	ck_assert_str_eq(sl[1].moved, "棚卸");
	ck_date(sl[2].date, ymd(2027, 2, 16));
	ck_assert_str_eq(sl[2].moved, "closed on Mondays");
	subrule_request_init(&q, SUBRULE_SKIP);
	q.date = ymd(2027, 2, 16);
	expect_ok(&s, &q, nov20());
	ck_date(pv.after.skips[0].date, ymd(2027, 2, 15));
}
END_TEST

START_TEST(the_first_interval_follows_the_first_delivery_not_a_skipped_slot)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;
	struct subrule_slot sl[3];

	s.cycle = cyc("90d");
	s.has_first = true;
	s.first = cyc("45d");
	s.delivery_count = 0;
	s.next_date = ymd(2027, 1, 1);
	ck_assert_int_eq(subrule_slots(&s, &rules, nov20(), sl, 3, NULL), 3);
	ck_date(sl[1].date, ymd(2027, 1, 1) + 45);
	ck_date(sl[2].date, ymd(2027, 1, 1) + 135);
	subrule_request_init(&q, SUBRULE_SKIP);
	expect_ok(&s, &q, nov20());
	ck_date(pv.next[0].date, ymd(2027, 1, 1) + 90);
	ck_date(pv.next[1].date, ymd(2027, 1, 1) + 135);
	ck_assert_int_eq(pv.next[1].number, 2);
}
END_TEST

/* ---- pause and resume ------------------------------------------------------- */

START_TEST(pause_until_a_date_within_the_longest_pause)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	subrule_request_init(&q, SUBRULE_PAUSE);
	q.pause_mode = SUBRULE_PAUSE_UNTIL;
	q.until = ymd(2027, 2, 1);
	expect_ok(&s, &q, nov20());
	ck_assert_int_eq(pv.after.status, SUBRULE_PAUSED);
	ck_date(pv.after.paused_until, ymd(2027, 2, 1));
	ck_date(pv.after.next_date, ymd(2027, 2, 15));
	ck_assert_int_eq(pv.affected[0].number, 4);
	ck_date(pv.affected[0].new_date, ymd(2027, 2, 15));

	/* three months from the first delivery paused (12/15): 03/15 */
	q.until = ymd(2027, 3, 15);
	expect_ok(&s, &q, nov20());
	q.until = ymd(2027, 3, 16);
	expect_refused(&s, &q, nov20(), RD_REFUSED, "max_pause_months");
	ck_assert_msg(strstr(pv.message, "at most 3 months") != NULL, "%s", pv.message);
	q.until = ymd(2026, 12, 10);
	expect_refused(&s, &q, nov20(), RD_INVALID, "until");
}
END_TEST

START_TEST(pause_for_n_deliveries_or_open_ended)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	add_skip(&s, ymd(2027, 1, 15), 5);
	subrule_request_init(&q, SUBRULE_PAUSE);
	q.pause_mode = SUBRULE_PAUSE_DELIVERIES;
	q.count = 2;
	expect_ok(&s, &q, nov20());
	/* 12/15 and 02/15 (01/15 was skipped already) are not made */
	ck_date(pv.after.next_date, ymd(2027, 3, 15));
	ck_assert_int_eq(pv.after.nskips, 0);
	ck_assert_int_eq(pv.nskip_ops, 1);
	ck_assert_int_eq(pv.skip_ops[0].op, SUBRULE_SKIP_DELETE);

	s = monthly();
	q.count = 4;
	expect_refused(&s, &q, nov20(), RD_REFUSED, "max_pause_months");

	subrule_request_init(&q, SUBRULE_PAUSE);
	q.pause_mode = SUBRULE_PAUSE_OPEN;
	expect_ok(&s, &q, nov20());
	ck_date(pv.after.paused_until, ymd(2027, 3, 15));
	ck_assert_int_eq(pv.nnotes, 1);
	ck_assert_msg(strstr(pv.notes[0], "Open-ended") != NULL, "%s", pv.notes[0]);

	s.status = SUBRULE_PAUSED;
	s.paused_until = ymd(2027, 1, 1);
	expect_refused(&s, &q, nov20(), RD_REFUSED, "status");
}
END_TEST

START_TEST(resume_proposes_the_first_slot_after_the_lead_and_the_agent_may_choose)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	subrule_request_init(&q, SUBRULE_RESUME);
	expect_refused(&s, &q, nov20(), RD_REFUSED, "status");
	ck_assert_msg(strstr(pv.message, "not paused") != NULL, "%s", pv.message);

	s.status = SUBRULE_PAUSED;
	s.paused_until = ymd(2027, 3, 1);
	s.next_date = ymd(2027, 3, 15);
	/* today 11/20 + 7 days = 11/27: the first 15th on or after is 12/15 */
	ck_date(subrule_resume_proposal(&s, &rules, nov20()), ymd(2026, 12, 15));
	ck_date(subrule_resume_proposal(&s, &rules, ymd(2026, 12, 8)), ymd(2026, 12, 15));
	ck_date(subrule_resume_proposal(&s, &rules, ymd(2026, 12, 9)), ymd(2027, 1, 15));
	expect_ok(&s, &q, nov20());
	ck_assert_int_eq(pv.after.status, SUBRULE_ACTIVE);
	ck_date(pv.after.next_date, ymd(2026, 12, 15));
	ck_date(pv.after.paused_until, SUBRULE_NO_DATE);

	s.cycle = cyc("2w:fri");
	ck_date(subrule_resume_proposal(&s, &rules, nov20()), ymd(2026, 11, 27));
	s.cycle = cyc("45d");
	ck_date(subrule_resume_proposal(&s, &rules, nov20()), ymd(2026, 11, 27));

	q.resume_date = ymd(2026, 11, 25);
	expect_refused(&s, &q, nov20(), RD_REFUSED, "cutoff_days");
	ck_assert_msg(strstr(pv.message, "2026/11/26(") != NULL, "%s", pv.message);
	q.resume_date = ymd(2026, 11, 26);
	expect_ok(&s, &q, nov20());

	s.status = SUBRULE_CANCELLED;
	expect_refused(&s, &q, nov20(), RD_REFUSED, "status");
}
END_TEST

/* ---- cancel and retention -------------------------------------------------- */

START_TEST(no_cancel_before_the_minimum_unless_a_supervisor_overrides)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	s.delivery_count = 2;
	subrule_request_init(&q, SUBRULE_CANCEL);
	expect_refused(&s, &q, nov20(), RD_REFUSED, "min_deliveries_before_cancel");
	ck_assert_msg(strstr(pv.message, "2 of 3 deliveries made, 1 still owed") != NULL, "%s", pv.message);
	ck_assert_msg(strstr(pv.message, "¥2,000") != NULL, "%s", pv.message);
	ck_assert(pv.has_retention);
	ck_assert_int_eq(pv.retention.deliveries_owed, 1);
	ck_assert_int_eq(pv.retention.fee, 2000);

	q.override = true;
	expect_refused(&s, &q, nov20(), RD_REFUSED, "min_deliveries_before_cancel");
	ck_assert_msg(strstr(pv.message, "Only a supervisor") != NULL, "%s", pv.message);

	q.is_supervisor = true;
	expect_ok(&s, &q, nov20());
	ck_assert(pv.fee_applies);
	ck_assert_int_eq(pv.fee, 2000);
	ck_assert_int_eq(pv.after.status, SUBRULE_CANCELLED);
}
END_TEST

START_TEST(cancel_drops_every_delivery_ahead_and_cannot_be_repeated)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	add_skip(&s, ymd(2027, 2, 15), 6);
	subrule_request_init(&q, SUBRULE_CANCEL);
	expect_ok(&s, &q, nov20());
	ck_assert(!pv.fee_applies);
	ck_date(pv.after.next_date, SUBRULE_NO_DATE);
	ck_assert_int_eq(pv.nnext, 0);
	ck_assert_int_eq(pv.naffected, SUBRULE_SHOW);
	for (int i = 0; i < pv.naffected; i++)
		ck_date(pv.affected[i].new_date, SUBRULE_NO_DATE);
	ck_assert_int_eq(pv.nskip_ops, 1);
	ck_assert_int_eq(pv.window_after, 0);
	ck_assert_int_eq(pv.window_after_total, 0);

	s.status = SUBRULE_CANCELLED;
	s.next_date = SUBRULE_NO_DATE;
	expect_refused(&s, &q, nov20(), RD_REFUSED, "status");
	ck_assert_str_eq(pv.message, "This subscription is already cancelled.");
	subrule_request_init(&q, SUBRULE_KEEP);
	expect_refused(&s, &q, nov20(), RD_REFUSED, "status");
}
END_TEST

START_TEST(retention_shows_the_commitment_and_offers_alternatives)
{
	struct subrule_sub s = monthly();
	struct subrule_retention r;

	s.delivery_count = 1;
	subrule_retention(&s, &rules, nov20(), &r);
	ck_assert_int_eq(r.deliveries_made, 1);
	ck_assert_int_eq(r.deliveries_owed, 2);
	ck_assert_int_eq(r.fee, 2000);
	/* one-off 2 x 3,980 + 8% = 8,596; subscription 2 x 3,480 + 8% = 7,516 */
	ck_assert_int_eq(r.discount_lost, 8596 - 7516);
	ck_assert(r.count_restarts);
	ck_assert(r.alts[SUBRULE_ALT_SKIP].available);
	ck_assert_int_eq(r.alts[SUBRULE_ALT_SKIP].request.delivery, 2);
	ck_assert(r.alts[SUBRULE_ALT_PAUSE].available);
	ck_assert(r.alts[SUBRULE_ALT_LONGER_CYCLE].available);
	ck_assert_int_eq(r.alts[SUBRULE_ALT_LONGER_CYCLE].request.cycle.n, 2);
	ck_assert(r.alts[SUBRULE_ALT_FEWER_ITEMS].available);
	ck_assert_str_eq(r.alts[SUBRULE_ALT_FEWER_ITEMS].text, "AOJIRU-30: 1 instead of 2");
	ck_assert(r.alts[SUBRULE_ALT_DISCOUNT].available);

	s.lines[0].quantity = 1;
	s.discount_percent = 10;
	s.discount_remaining = 1;
	subrule_retention(&s, &rules, nov20(), &r);
	ck_assert(!r.alts[SUBRULE_ALT_FEWER_ITEMS].available);
	ck_assert(!r.alts[SUBRULE_ALT_DISCOUNT].available);
}
END_TEST

/* ---- changes ----------------------------------------------------------------- */

START_TEST(a_new_cycle_keeps_the_next_date_and_drops_skips_off_the_schedule)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	add_skip(&s, ymd(2027, 1, 15), 5);
	subrule_request_init(&q, SUBRULE_CHANGE);
	q.change = SUBRULE_CH_CYCLE;
	q.cycle = cyc("1m:20");
	expect_ok(&s, &q, nov20());
	ck_date(pv.after.next_date, ymd(2026, 12, 15));
	ck_date(pv.next[1].date, ymd(2027, 1, 20));
	ck_assert_int_eq(pv.after.nskips, 0);
	ck_assert_int_eq(pv.nnotes, 1);
	ck_assert_msg(strstr(pv.notes[0], "skip of 01/15 is removed") != NULL, "%s", pv.notes[0]);

	q.cycle = cyc("1m:15");
	expect_refused(&s, &q, nov20(), RD_INVALID, "cycle");
}
END_TEST

START_TEST(a_new_next_date_must_be_after_the_cut_off)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	subrule_request_init(&q, SUBRULE_CHANGE);
	q.change = SUBRULE_CH_NEXT_DATE;
	q.next_date = ymd(2026, 11, 24);
	expect_refused(&s, &q, nov20(), RD_REFUSED, "cutoff_days");
	ck_assert_msg(strstr(pv.message, "11/26 at the earliest") != NULL, "%s", pv.message);
	q.next_date = ymd(2026, 12, 1);
	expect_ok(&s, &q, nov20());
	ck_date(pv.after.next_date, ymd(2026, 12, 1));
	ck_date(pv.affected[0].old_date, ymd(2026, 12, 15));
	ck_date(pv.affected[0].new_date, ymd(2026, 12, 1));
	/* the monthly rule snaps back onto the 15th */
	ck_date(pv.next[1].date, ymd(2027, 1, 15));
}
END_TEST

START_TEST(quantities_out_of_range_and_unknown_products_are_refused)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	subrule_request_init(&q, SUBRULE_CHANGE);
	q.change = SUBRULE_CH_LINES;
	q.nline_ops = 1;
	q.line_ops[0].op = SUBRULE_LINE_SET;
	snprintf(q.line_ops[0].sku, sizeof(q.line_ops[0].sku), "AOJIRU-30");
	q.line_ops[0].quantity = 0;
	expect_refused(&s, &q, nov20(), RD_INVALID, "max_quantity_per_line");
	q.line_ops[0].quantity = 21;
	expect_refused(&s, &q, nov20(), RD_INVALID, "max_quantity_per_line");
	ck_assert_msg(strstr(pv.message, "1 to 20 per product") != NULL, "%s", pv.message);

	snprintf(q.line_ops[0].sku, sizeof(q.line_ops[0].sku), "NOPE");
	q.line_ops[0].quantity = 1;
	expect_refused(&s, &q, nov20(), RD_INVALID, "product");

	q.line_ops[0].op = SUBRULE_LINE_REMOVE;
	snprintf(q.line_ops[0].sku, sizeof(q.line_ops[0].sku), "AOJIRU-30");
	expect_refused(&s, &q, nov20(), RD_REFUSED, "lines");
}
END_TEST

START_TEST(product_changes_show_the_price_effect)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	/* 2 x 3,480 = 6,960 + 8% (556) = 7,516: ships free; COD 330 */
	ck_assert_int_eq(subrule_amount(&s, &rules, &pv.before_amount, NULL), RD_OK);
	ck_assert_int_eq(pv.before_amount.total, 7516 + 330);
	subrule_request_init(&q, SUBRULE_CHANGE);
	q.change = SUBRULE_CH_LINES;
	q.nline_ops = 2;
	q.line_ops[0].op = SUBRULE_LINE_SET;
	snprintf(q.line_ops[0].sku, sizeof(q.line_ops[0].sku), "AOJIRU-30");
	q.line_ops[0].quantity = 1;
	q.line_ops[1].op = SUBRULE_LINE_SET;
	snprintf(q.line_ops[1].sku, sizeof(q.line_ops[1].sku), "SERUM");
	q.line_ops[1].quantity = 1;
	line(&q.line_ops[1].product, "SERUM", 0, 4000, 5000, 10);
	expect_ok(&s, &q, nov20());
	ck_assert_int_eq(pv.after.nlines, 2);
	/* 3,480 + 8% (278) = 3,758; 4,000 + 10% = 4,400; 8,158 + COD */
	ck_assert_int_eq(pv.after_amount.total, 3758 + 4400 + 330);
	ck_assert_int_eq(pv.after_amount.tax, 278 + 400);
	ck_assert(pv.affected[0].contents);
	ck_date(pv.affected[0].old_date, pv.affected[0].new_date);

	/* swap keeps the quantity */
	subrule_request_init(&q, SUBRULE_CHANGE);
	q.change = SUBRULE_CH_LINES;
	q.nline_ops = 1;
	q.line_ops[0].op = SUBRULE_LINE_SWAP;
	snprintf(q.line_ops[0].sku, sizeof(q.line_ops[0].sku), "AOJIRU-30");
	line(&q.line_ops[0].product, "AOJIRU-60", 0, 6480, 7480, 8);
	expect_ok(&s, &q, nov20());
	ck_assert_str_eq(pv.after.lines[0].sku, "AOJIRU-60");
	ck_assert_int_eq(pv.after.lines[0].quantity, 2);

	/* one item under the free-shipping threshold ships free when the
	 * setting gives subscriptions free shipping (as the shipment run
	 * charges it), and pays shipping when it does not */
	s.lines[0].quantity = 1;
	s.payment = SUBRULE_PAY_BANK;
	ck_assert(rules.subscription_free_shipping);
	ck_assert_int_eq(subrule_amount(&s, &rules, &pv.before_amount, NULL), RD_OK);
	ck_assert_int_eq(pv.before_amount.shipping, 0);
	ck_assert_int_eq(pv.before_amount.total, 3758);
	ck_assert_int_eq(pv.before_amount.goods_total, 3758);
	rules.subscription_free_shipping = false;
	ck_assert_int_eq(subrule_amount(&s, &rules, &pv.before_amount, NULL), RD_OK);
	ck_assert_int_eq(pv.before_amount.total, 3758 + 600);
	rules.subscription_free_shipping = true;
}
END_TEST

START_TEST(card_payment_takes_a_token_never_a_card_number)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	subrule_request_init(&q, SUBRULE_CHANGE);
	q.change = SUBRULE_CH_PAYMENT;
	q.payment = SUBRULE_PAY_CARD;
	expect_refused(&s, &q, nov20(), RD_INVALID, "card");
	snprintf(q.card_token, sizeof(q.card_token), "4111-1111-1111-1111");
	snprintf(q.card_last4, sizeof(q.card_last4), "1111");
	expect_refused(&s, &q, nov20(), RD_INVALID, "card");
	ck_assert_msg(strstr(pv.message, "never a card number") != NULL, "%s", pv.message);
	snprintf(q.card_token, sizeof(q.card_token), "tok_9f8e7d6c5b4a");
	expect_ok(&s, &q, nov20());
	ck_assert(pv.after.has_card);
	ck_assert_int_eq(pv.after_amount.cod_fee, 0);
	ck_assert_int_eq(pv.before_amount.total - pv.after_amount.total, 330);

	s.payment = SUBRULE_PAY_CARD;
	s.has_card = true;
	q.payment = SUBRULE_PAY_COD;
	q.card_token[0] = '\0';
	expect_ok(&s, &q, nov20());
	ck_assert(!pv.after.has_card);
}
END_TEST

START_TEST(the_retention_discount_applies_to_the_next_deliveries)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	subrule_request_init(&q, SUBRULE_CHANGE);
	q.change = SUBRULE_CH_DISCOUNT;
	expect_ok(&s, &q, nov20());
	ck_assert_int_eq(pv.after.discount_percent, 10);
	ck_assert_int_eq(pv.after.discount_remaining, 1);
	/* 6,960 - 696 = 6,264 + 8% (501) = 6,765 + COD 330 */
	ck_assert_int_eq(pv.after_amount.discount, 696);
	ck_assert_int_eq(pv.after_amount.total, 6264 + 501 + 330);
	/* only the first delivery in the window is cheaper */
	ck_assert_int_eq(pv.window_before_total - pv.window_after_total,
			 pv.before_amount.total - pv.after_amount.total);
	rules.retention_discount_percent = 0;
	expect_refused(&s, &q, nov20(), RD_REFUSED, "retention_discount_percent");
}
END_TEST

/* ---- reservations ------------------------------------------------------------- */

START_TEST(a_reserved_cancel_keeps_the_deliveries_before_it)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	subrule_request_init(&q, SUBRULE_CANCEL);
	q.from_delivery = 5;
	expect_ok(&s, &q, nov20());
	ck_assert(pv.reserved);
	ck_date(pv.from_date, ymd(2027, 1, 15));
	ck_assert_int_eq(pv.after.status, SUBRULE_ACTIVE);
	ck_date(pv.after.next_date, s.next_date);
	ck_assert_int_eq(pv.nskip_ops, 0);
	ck_assert_int_eq(pv.affected[0].number, 5);
	ck_date(pv.affected[0].new_date, SUBRULE_NO_DATE);
	ck_assert_int_eq(pv.nnext, 1);
	ck_date(pv.next[0].date, ymd(2026, 12, 15));
	ck_assert_msg(strncmp(pv.summary, "from delivery 5 (01/15): cancel after delivery 4", 48) == 0,
		      "%s", pv.summary);

	/* a reservation starts where a change is still possible */
	q.from_delivery = 4;
	expect_refused(&s, &q, ymd(2026, 12, 12), RD_REFUSED, "cutoff_days");
	ck_assert_msg(strstr(pv.message, "reservation can start from is 5 (01/15)") != NULL, "%s", pv.message);
	q.from_delivery = 3;
	expect_refused(&s, &q, nov20(), RD_REFUSED, "shipped");

	/* the minimum counts the deliveries made by then */
	s.delivery_count = 1;
	s.next_date = ymd(2026, 12, 15);
	q.from_delivery = 3;
	expect_refused(&s, &q, nov20(), RD_REFUSED, "min_deliveries_before_cancel");
	q.from_delivery = 4;
	expect_ok(&s, &q, nov20());

	subrule_request_init(&q, SUBRULE_SKIP);
	q.from_delivery = 5;
	expect_refused(&s, &q, nov20(), RD_INVALID, "reserve");
}
END_TEST

START_TEST(a_reserved_change_shows_its_effect_from_that_delivery)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	subrule_request_init(&q, SUBRULE_CHANGE);
	q.change = SUBRULE_CH_CYCLE | SUBRULE_CH_TIME;
	q.cycle = cyc("2m:15");
	q.time_slot = SUBRULE_TIME_MORNING;
	q.from_delivery = 5;
	expect_ok(&s, &q, nov20());
	ck_assert(pv.reserved);
	/* 4 on 12/15, 5 on 01/15 (new contents), then every two months */
	ck_date(pv.next[0].date, ymd(2026, 12, 15));
	ck_date(pv.next[1].date, ymd(2027, 1, 15));
	ck_date(pv.next[2].date, ymd(2027, 3, 15));
	ck_assert_int_eq(pv.affected[0].number, 5);
	ck_assert(pv.affected[0].contents);
	ck_assert_int_eq(pv.affected[1].number, 6);
	ck_date(pv.affected[1].new_date, ymd(2027, 3, 15));
}
END_TEST

START_TEST(applying_a_reservation_ignores_the_cut_off_it_was_checked_against)
{
	struct subrule_sub s = monthly();
	struct subrule_request q;

	subrule_request_init(&q, SUBRULE_CANCEL);
	q.applying = true;
	expect_ok(&s, &q, ymd(2026, 12, 12));
	ck_assert_int_eq(pv.after.status, SUBRULE_CANCELLED);
}
END_TEST

/* ---- the shipment run ---------------------------------------------------------- */

START_TEST(advance_counts_the_delivery_and_steps_over_skips)
{
	struct subrule_sub s = monthly(), a;
	struct rd_error err;

	add_skip(&s, ymd(2027, 1, 15), 5);
	ck_assert_int_eq(subrule_advance(&s, &rules, &a, &err), RD_OK);
	ck_assert_int_eq(a.delivery_count, 4);
	ck_date(a.next_date, ymd(2027, 2, 15));
	ck_assert_int_eq(a.nskips, 1);

	s = monthly();
	s.status = SUBRULE_PAUSED;
	s.paused_until = ymd(2026, 12, 1);
	s.discount_percent = 10;
	s.discount_remaining = 1;
	ck_assert_int_eq(subrule_advance(&s, &rules, &a, &err), RD_OK);
	ck_assert_int_eq(a.status, SUBRULE_ACTIVE);
	ck_date(a.paused_until, SUBRULE_NO_DATE);
	ck_assert_int_eq(a.discount_remaining, 0);
	ck_assert_int_eq(a.discount_percent, 0);

	s.status = SUBRULE_CANCELLED;
	s.next_date = SUBRULE_NO_DATE;
	ck_assert_int_eq(subrule_advance(&s, &rules, &a, &err), RD_INVALID);
}
END_TEST

/* ---- json and names -------------------------------------------------------------- */

START_TEST(requests_read_back_from_json)
{
	struct subrule_request q, back;
	struct rd_error err;
	struct sbuf sb;

	subrule_request_init(&q, SUBRULE_CHANGE);
	q.change = SUBRULE_CH_CYCLE | SUBRULE_CH_LINES | SUBRULE_CH_TIME |
		   SUBRULE_CH_PAYMENT | SUBRULE_CH_NEXT_DATE | SUBRULE_CH_DISCOUNT;
	q.cycle = cyc("1m:lastfri");
	q.next_date = ymd(2027, 1, 29);
	q.time_slot = SUBRULE_TIME_19_21;
	q.payment = SUBRULE_PAY_DEFERRED;
	q.nline_ops = 2;
	q.line_ops[0].op = SUBRULE_LINE_SWAP;
	snprintf(q.line_ops[0].sku, sizeof(q.line_ops[0].sku), "A\"B");
	snprintf(q.line_ops[0].product.sku, sizeof(q.line_ops[0].product.sku), "C");
	q.line_ops[1].op = SUBRULE_LINE_REMOVE;
	snprintf(q.line_ops[1].sku, sizeof(q.line_ops[1].sku), "青汁");
	q.from_delivery = 7;
	sbuf_init(&sb);
	subrule_request_to_json(&q, &sb);
	ck_assert_msg(subrule_request_from_json(sb.buf, sb.len, &back, &err) == RD_OK,
		      "%s: %s", sb.buf, err.msg);
	ck_assert_int_eq(back.kind, SUBRULE_CHANGE);
	ck_assert_int_eq(back.change, q.change);
	ck_assert(cycle_equal(&back.cycle, &q.cycle));
	ck_date(back.next_date, q.next_date);
	ck_assert_int_eq(back.time_slot, SUBRULE_TIME_19_21);
	ck_assert_int_eq(back.payment, SUBRULE_PAY_DEFERRED);
	ck_assert_int_eq(back.nline_ops, 2);
	ck_assert_str_eq(back.line_ops[0].sku, "A\"B");
	ck_assert_str_eq(back.line_ops[0].product.sku, "C");
	ck_assert_str_eq(back.line_ops[1].sku, "青汁");
	ck_assert_int_eq(back.from_delivery, 7);

	sbuf_reset(&sb);
	subrule_request_init(&q, SUBRULE_PAUSE);
	q.pause_mode = SUBRULE_PAUSE_UNTIL;
	q.until = ymd(2027, 3, 1);
	subrule_request_to_json(&q, &sb);
	ck_assert_int_eq(subrule_request_from_json(sb.buf, sb.len, &back, &err), RD_OK);
	ck_assert_int_eq(back.pause_mode, SUBRULE_PAUSE_UNTIL);
	ck_date(back.until, ymd(2027, 3, 1));
	sbuf_done(&sb);

	ck_assert_int_eq(subrule_request_from_json("{\"kind\":\"explode\"}", 18, &back, &err),
			 RD_INVALID);
	ck_assert_int_eq(subrule_request_from_json("{\"kind\":\"change\",\"cycle\":\"9x\"}", 30,
						   &back, &err), RD_INVALID);
	ck_assert_int_eq(subrule_request_from_json("[", 1, &back, &err), RD_INVALID);
}
END_TEST

START_TEST(names_and_lists_parse_strictly)
{
	unsigned m;
	enum subrule_payment p;
	enum subrule_slot_time t;
	struct rd_error err;

	ck_assert_int_eq(subrule_alts_parse("skip, pause,CYCLE", &m, &err), RD_OK);
	ck_assert_uint_eq(m, SUBRULE_ALT_BIT(SUBRULE_ALT_SKIP) | SUBRULE_ALT_BIT(SUBRULE_ALT_PAUSE) |
			  SUBRULE_ALT_BIT(SUBRULE_ALT_LONGER_CYCLE));
	ck_assert_int_eq(subrule_alts_parse("none", &m, &err), RD_OK);
	ck_assert_uint_eq(m, 0);
	ck_assert_int_eq(subrule_alts_parse("skip,bribe", &m, &err), RD_INVALID);
	ck_assert_msg(strstr(err.msg, "'bribe'") != NULL, "%s", err.msg);
	ck_assert_int_eq(subrule_wdays_parse("sat,sun", &m, &err), RD_OK);
	ck_assert_uint_eq(m, (1u << DATE_SAT) | (1u << DATE_SUN));
	ck_assert_int_eq(subrule_wdays_parse("", &m, &err), RD_OK);
	ck_assert_uint_eq(m, 0);
	ck_assert_int_eq(subrule_wdays_parse("sunday", &m, &err), RD_INVALID);
	ck_assert_int_eq(subrule_payment_parse("cod", &p), 0);
	ck_assert_int_eq(p, SUBRULE_PAY_COD);
	ck_assert_int_eq(subrule_payment_parse("cash", &p), -1);
	ck_assert_int_eq(subrule_time_parse("14-16", &t), 0);
	ck_assert_str_eq(subrule_time_name(t), "14-16");
	ck_assert_int_eq(subrule_time_parse("14:00", &t), -1);
}
END_TEST

Suite *subrule_suite(void)
{
	Suite *s = suite_create("subrule");
	TCase *edge = tcase_create("edges");
	TCase *req = tcase_create("requests");
	TCase *res = tcase_create("reservations");

	tcase_add_checked_fixture(edge, setup, NULL);
	tcase_add_test(edge, a_delivery_is_changeable_until_the_day_before_its_cut_off);
	tcase_add_test(edge, skip_past_cut_off_names_the_first_delivery_that_can_be_skipped);
	tcase_add_test(edge, changes_past_cut_off_point_to_a_reservation);
	tcase_add_test(edge, skip_refuses_shipped_unknown_and_already_skipped_deliveries);
	tcase_add_test(edge, at_most_k_skips_in_a_row_counting_those_since_the_last_delivery);
	tcase_add_test(edge, no_cancel_before_the_minimum_unless_a_supervisor_overrides);
	tcase_add_test(edge, cancel_drops_every_delivery_ahead_and_cannot_be_repeated);
	tcase_add_test(edge, closed_days_move_deliveries_and_a_skip_finds_them_by_either_date);
	tcase_add_test(edge, the_first_interval_follows_the_first_delivery_not_a_skipped_slot);
	tcase_add_test(edge, names_and_lists_parse_strictly);
	suite_add_tcase(s, edge);

	tcase_add_checked_fixture(req, setup, NULL);
	tcase_add_test(req, skipping_the_next_delivery_moves_next_date_and_numbers);
	tcase_add_test(req, skipping_a_chosen_delivery_by_number_or_date);
	tcase_add_test(req, undoing_a_skip_of_the_next_delivery_brings_it_back);
	tcase_add_test(req, pause_until_a_date_within_the_longest_pause);
	tcase_add_test(req, pause_for_n_deliveries_or_open_ended);
	tcase_add_test(req, resume_proposes_the_first_slot_after_the_lead_and_the_agent_may_choose);
	tcase_add_test(req, retention_shows_the_commitment_and_offers_alternatives);
	tcase_add_test(req, a_new_cycle_keeps_the_next_date_and_drops_skips_off_the_schedule);
	tcase_add_test(req, a_new_next_date_must_be_after_the_cut_off);
	tcase_add_test(req, quantities_out_of_range_and_unknown_products_are_refused);
	tcase_add_test(req, product_changes_show_the_price_effect);
	tcase_add_test(req, card_payment_takes_a_token_never_a_card_number);
	tcase_add_test(req, the_retention_discount_applies_to_the_next_deliveries);
	suite_add_tcase(s, req);

	tcase_add_checked_fixture(res, setup, NULL);
	tcase_add_test(res, a_reserved_cancel_keeps_the_deliveries_before_it);
	tcase_add_test(res, a_reserved_change_shows_its_effect_from_that_delivery);
	tcase_add_test(res, applying_a_reservation_ignores_the_cut_off_it_was_checked_against);
	tcase_add_test(res, advance_counts_the_delivery_and_steps_over_skips);
	tcase_add_test(res, requests_read_back_from_json);
	suite_add_tcase(s, res);
	return s;
}
