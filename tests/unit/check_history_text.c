/* check_history_text.c: history rows in words (core/history_text). Edge
 * cases first: bad rows, NULLs, unknown tables and columns; then each kind
 * of value and the summaries. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/history_text.h"

Suite *history_text_suite(void);

static char *words(const char *table, const char *column, const char *json)
{
	struct sbuf sb;
	char *text;

	sbuf_init(&sb);
	history_value_words(table, column, json, &sb);
	text = sbuf_detach(&sb);
	sbuf_done(&sb);
	return text;
}

#define WORDS_EQ(table, column, json, want)                                   \
	do {                                                                  \
		char *w_ = words(table, column, json);                        \
		ck_assert_str_eq(w_, want);                                   \
		free(w_);                                                     \
	} while (0)

/* issue 10 §4: ids said as people know them; retention outcomes in words */
START_TEST(ids_and_outcomes_in_words)
{
	struct history_words w;
	struct sbuf sb;

	ck_assert_int_eq(history_words_make("orders", "UPDATE", "{\"customer_id\":2,\"assignee_id\":5}",
					    "{\"customer_id\":2,\"assignee_id\":7}",
					    "customer_id,assignee_id", &w, NULL), RD_OK);
	history_words_refs(&w, "{\"customer_id\":{\"2\":\"C0000002\"},"
			   "\"assignee_id\":{\"5\":\"鈴木 一郎\",\"7\":\"佐藤 花子\"}}");
	ck_assert_str_eq(w.fields[0].new_text, "C0000002");
	ck_assert_str_eq(w.fields[1].old_text, "鈴木 一郎");
	ck_assert_str_eq(w.fields[1].new_text, "佐藤 花子");
	history_words_done(&w);
	/* no refs, or bad ones: the values stay */
	ck_assert_int_eq(history_words_make("orders", "INSERT", NULL, "{\"customer_id\":3}",
					    "customer_id", &w, NULL), RD_OK);
	history_words_refs(&w, "not json");
	history_words_refs(&w, "{\"customer_id\":{\"2\":\"C0000002\"}}");
	ck_assert_str_eq(w.fields[0].new_text, "3");
	history_words_done(&w);
	sbuf_init(&sb);
	history_value_words("retention_offers", "outcome", "\"refused\"", &sb);
	ck_assert_str_eq(sb.buf, "refused by rule");
	sbuf_reset(&sb);
	history_value_words("retention_offers", "outcome", "\"not_cancelled\"", &sb);
	ck_assert_str_eq(sb.buf, "not cancelled");
	sbuf_done(&sb);
}
END_TEST

START_TEST(an_operation_without_its_rows_is_invalid)
{
	struct history_words w;
	struct rd_error err;

	ck_assert_int_eq(history_words_make("subscriptions", "UPDATE", NULL, "{}", "x", &w, &err),
			 RD_INVALID);
	history_words_done(&w);
	ck_assert_int_eq(history_words_make("subscriptions", "TRUNCATE", "{}", "{}", "", &w, &err),
			 RD_INVALID);
	history_words_done(&w);
	ck_assert_int_eq(history_words_make("subscriptions", "INSERT", NULL, "[1]", "", &w, &err),
			 RD_INVALID);
	history_words_done(&w);
	ck_assert_int_eq(history_words_make("subscriptions", "INSERT", NULL, "{", "", &w, &err),
			 RD_INVALID);
	history_words_done(&w);
	ck_assert_ptr_null(w.summary);
}
END_TEST

START_TEST(null_empty_and_unknown_values)
{
	WORDS_EQ("subscriptions", "paused_until", "null", "(none)");
	WORDS_EQ("customers", "notes", "\"\"", "(empty)");
	WORDS_EQ("nosuch", "nosuch", "\"abc\"", "abc");
	WORDS_EQ("customers", "notes", "not json", "not json");
	WORDS_EQ("customers", "payload", "{\"a\":1}", "(details)");
	ck_assert_str_eq(history_column_label("nosuch", "frobs"), "frobs");
	ck_assert_str_eq(history_table_label("nosuch"), "nosuch");
	ck_assert(!history_table_known("nosuch"));
	ck_assert(!history_table_known(""));
	ck_assert(history_table_known("subscription_skips"));
}
END_TEST

START_TEST(values_in_words)
{
	WORDS_EQ("subscriptions", "next_date", "\"2026-12-06\"", "2026/12/06(Sun)");
	WORDS_EQ("orders", "total", "1234", "¥1,234");
	WORDS_EQ("orders", "total", "0", "¥0");
	WORDS_EQ("subscriptions", "status", "\"cancelled\"", "cancelled");
	WORDS_EQ("inquiries", "status", "\"waiting_customer\"", "waiting on the customer");
	WORDS_EQ("subscriptions", "payment", "\"cod\"", "cash on delivery");
	WORDS_EQ("subscriptions", "time_slot", "\"none\"", "any time");
	WORDS_EQ("subscriptions", "card_token", "\"tok_123\"", "(hidden)");
	WORDS_EQ("customers", "no_dm", "true", "yes");
	WORDS_EQ("customers", "no_dm", "false", "no");
	WORDS_EQ("subscriptions", "cycle", "\"1m:15\"", "every month on the 15th (1m:15)");
	WORDS_EQ("subscriptions", "cycle", "\"zz\"", "zz");
	WORDS_EQ("subscriptions", "discount_percent", "10", "10%");
	WORDS_EQ("inquiries", "callback_at", "\"2026-11-23T14:05:09.5+09:00\"", "2026/11/23(Mon) 14:05");
	WORDS_EQ("customers", "phone1", "\"0473841234\"", "047-384-1234");
	WORDS_EQ("customers", "phone2", "\"\"", "(empty)");
	WORDS_EQ("subscription_skips", "delivery_no", "3", "3");
	/* an unknown status value stays as it is */
	WORDS_EQ("orders", "status", "\"frozen\"", "frozen");
}
END_TEST

START_TEST(labels_prefer_the_table_of_their_own)
{
	ck_assert_str_eq(history_column_label("subscriptions", "next_date"), "next delivery");
	ck_assert_str_eq(history_column_label("subscription_skips", "date"), "skipped date");
	ck_assert_str_eq(history_column_label("holidays", "date"), "closed day");
	ck_assert_str_eq(history_column_label("orders", "date"), "date");
	ck_assert_str_eq(history_table_label("subscription_skips"), "skipped delivery");
}
END_TEST

START_TEST(label_lists)
{
	struct sbuf sb;

	sbuf_init(&sb);
	history_table_names(&sb);
	ck_assert_ptr_nonnull(strstr(sb.buf, "customers, customer_addresses, subscriptions,"));
	sbuf_done(&sb);

	sbuf_init(&sb);
	history_labels("subscriptions", "next_date,time_slot", &sb);
	ck_assert_str_eq(sb.buf, "next delivery, delivery time");
	sbuf_reset(&sb);
	history_labels("subscriptions", "", &sb);
	ck_assert_str_eq(sb.buf, "");
	sbuf_done(&sb);
}
END_TEST

START_TEST(an_update_lists_each_changed_field_old_to_new)
{
	struct history_words w;

	ck_assert_int_eq(history_words_make("subscriptions", "UPDATE",
		"{\"id\":7,\"next_date\":\"2026-12-06\",\"time_slot\":\"none\",\"version\":1}",
		"{\"id\":7,\"next_date\":\"2027-01-05\",\"time_slot\":\"morning\",\"version\":2}",
		"next_date,time_slot", &w, NULL), RD_OK);
	ck_assert_str_eq(w.summary, "subscription 7 changed");
	ck_assert_int_eq(w.nfields, 2);
	ck_assert_str_eq(w.fields[0].column, "next_date");
	ck_assert_str_eq(w.fields[0].label, "next delivery");
	ck_assert_str_eq(w.fields[0].old_text, "2026/12/06(Sun)");
	ck_assert_str_eq(w.fields[0].new_text, "2027/01/05(Tue)");
	ck_assert_str_eq(w.fields[1].old_text, "any time");
	ck_assert_str_eq(w.fields[1].new_text, "morning");
	history_words_done(&w);
	ck_assert_int_eq(w.nfields, 0);
}
END_TEST

START_TEST(a_skip_says_which_delivery)
{
	struct history_words w;
	const char *row = "{\"id\":9,\"subscription_id\":7,\"delivery_no\":2,\"date\":\"2026-12-06\"}";

	ck_assert_int_eq(history_words_make("subscription_skips", "INSERT", NULL, row,
					    "id,subscription_id,delivery_no,date", &w, NULL), RD_OK);
	ck_assert_str_eq(w.summary, "delivery 2 on 2026/12/06(Sun) skipped");
	/* the key is left out of an insert's fields */
	ck_assert_int_eq(w.nfields, 3);
	ck_assert_str_eq(w.fields[0].label, "subscription");
	ck_assert_str_eq(w.fields[0].old_text, "");
	ck_assert_str_eq(w.fields[2].new_text, "2026/12/06(Sun)");
	history_words_done(&w);
	ck_assert_int_eq(history_words_make("subscription_skips", "DELETE", row, NULL,
					    "id,subscription_id,delivery_no,date", &w, NULL), RD_OK);
	ck_assert_str_eq(w.summary, "skip of delivery 2 on 2026/12/06(Sun) undone");
	ck_assert_str_eq(w.fields[2].old_text, "2026/12/06(Sun)");
	ck_assert_str_eq(w.fields[2].new_text, "");
	history_words_done(&w);
}
END_TEST

START_TEST(summaries_name_the_thing)
{
	struct history_words w;

	ck_assert_int_eq(history_words_make("orders", "INSERT", NULL,
		"{\"id\":3,\"order_no\":\"O00000003\",\"total\":5400}", "id,order_no,total", &w, NULL), RD_OK);
	ck_assert_str_eq(w.summary, "order O00000003 added");
	ck_assert_str_eq(w.fields[1].new_text, "¥5,400");
	history_words_done(&w);
	ck_assert_int_eq(history_words_make("subscription_lines", "INSERT", NULL,
		"{\"id\":3,\"sku\":\"AOJIRU\",\"quantity\":2}", "id,sku,quantity", &w, NULL), RD_OK);
	ck_assert_str_eq(w.summary, "subscription product AOJIRU x2 added");
	history_words_done(&w);
	ck_assert_int_eq(history_words_make("settings", "UPDATE", "{\"key\":\"cutoff_days\",\"value\":\"3\"}",
		"{\"key\":\"cutoff_days\",\"value\":\"4\"}", "value", &w, NULL), RD_OK);
	ck_assert_str_eq(w.summary, "setting cutoff_days changed");
	ck_assert_str_eq(w.fields[0].old_text, "3");
	history_words_done(&w);
	/* a request's record says what was asked (the wrap-up's list of the
	 * call's changes showed "request log 1 added") */
	ck_assert_int_eq(history_words_make("subscription_requests", "INSERT", NULL,
		"{\"id\":1,\"kind\":\"skip\",\"subscription_id\":306,"
		"\"result\":{\"summary\":\"skip delivery 3 (12/13)\"}}",
		"id,kind,subscription_id,result", &w, NULL), RD_OK);
	ck_assert_str_eq(w.summary, "subscription 306: skip delivery 3 (12/13)");
	history_words_done(&w);
}
END_TEST

/* history keeps codes (a status, the alternatives offered), never words:
 * each is read in the reader's words, so a history reads in any language */
START_TEST(codes_are_read_in_words)
{
	struct sbuf sb;

	sbuf_init(&sb);
	history_value_words("inquiry_entries", "from_status", "\"in_progress\"", &sb);
	ck_assert_str_eq(sb.buf, "in progress");
	sbuf_reset(&sb);
	history_value_words("inquiry_entries", "to_status", "\"waiting_customer\"", &sb);
	ck_assert_str_eq(sb.buf, "waiting on the customer");
	sbuf_reset(&sb);
	history_value_words("retention_offers", "offered", "[\"skip\",\"cycle\",\"fewer\"]", &sb);
	ck_assert_str_eq(sb.buf, "skip, longer cycle, fewer items");
	sbuf_reset(&sb);
	history_value_words("retention_offers", "accepted", "\"discount\"", &sb);
	ck_assert_str_eq(sb.buf, "discount");
	sbuf_reset(&sb);
	history_value_words("subscriptions", "payment", "\"cod\"", &sb);
	ck_assert_str_eq(sb.buf, "cash on delivery");
	sbuf_done(&sb);
}
END_TEST

Suite *history_text_suite(void)
{
	Suite *s = suite_create("history_text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, an_operation_without_its_rows_is_invalid);
	tcase_add_test(tc, null_empty_and_unknown_values);
	tcase_add_test(tc, values_in_words);
	tcase_add_test(tc, labels_prefer_the_table_of_their_own);
	tcase_add_test(tc, label_lists);
	tcase_add_test(tc, an_update_lists_each_changed_field_old_to_new);
	tcase_add_test(tc, a_skip_says_which_delivery);
	tcase_add_test(tc, summaries_name_the_thing);
	tcase_add_test(tc, ids_and_outcomes_in_words);
	tcase_add_test(tc, codes_are_read_in_words);
	suite_add_tcase(s, tc);
	return s;
}
