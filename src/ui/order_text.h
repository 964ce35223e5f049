/* order_text.h: the text of the order screens, built from data.
 *
 * The order entry (its product lines, the totals recomputed on every key,
 * the subscription preview), the confirmation that the operator reads to
 * the caller, a customer's order list and the order screen (lines,
 * status, history) are built here into layout lines from the structs of
 * order.h and pricing.h, so that what they show and the arithmetic behind
 * it are unit-tested without a terminal or a database
 * (tests/unit/check_ui_order.c). Pure: no curses, no I/O, no store calls
 * (core/pricing and core/cycle only). */
#ifndef REPEATDESK_UI_ORDER_TEXT_H
#define REPEATDESK_UI_ORDER_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repeatdesk/layout.h"
#include "repeatdesk/order.h"
#include "repeatdesk/pricing.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/status.h"

/* A product line of the entry form: the product as the store returned it
 * and the quantity as typed (checked when totals are computed). */
struct order_entry_line {
	struct order_product p;
	char qty[8];
};

/* The totals of the entry's lines: each quantity is parsed and checked
 * (1..999), the unit price is the subscription price when subscribe,
 * then core/pricing computes subtotals, tax once per rate rounded down,
 * shipping and COD fees. RD_OK with *out set; RD_INVALID when a line is
 * wrong (*bad_line, may be NULL, its index, -1 otherwise) or there is no
 * line, with the message in err ("item 2: ..."). */
enum rd_status order_entry_totals(const struct order_entry_line *lines,
				  size_t n, enum pricing_payment payment,
				  bool subscribe,
				  const struct pricing_settings *s,
				  struct pricing_totals *out, int *bad_line,
				  struct rd_error *err);

/* The subscription a cycle spec starts, from the first delivery on first:
 * words ("every month on the 15th") appended to words and the dates of
 * deliveries 2, 3 and 4 in next, moved off closed days by cal (the
 * business calendar; NULL: the bare cycle). RD_INVALID (err says what to type) for a
 * spec that does not parse. */
enum rd_status order_cycle_preview(const char *spec, int32_t first,
				   const struct calendar *cal, struct sbuf *words,
				   int32_t next[ORDER_NEXT_DATES],
				   struct rd_error *err);

/* The words of an order status ("received", "cancelled"), translated. */
const char *order_status_word(const char *status);

/* An address on one line: "〒150-0001 東京都 渋谷区神宮前1-2 (recipient)". */
void order_address_text(struct sbuf *out, const struct order_address *a);

/* The entry's product lines: a heading, then one line each (number, SKU,
 * name, quantity as typed, unit price, amount, rate), the selected one
 * (sel) marked with '>'; a line whose quantity is not 1..999 shows "?"
 * for its amount. At most rows lines in all (the selected one stays in
 * view); "no product yet" when n is 0. */
void order_lines_build(struct layout_text *out,
		       const struct order_entry_line *lines, size_t n,
		       int sel, bool subscribe, int cols, int rows);

/* The totals on one or two lines: "8%: ¥6,560 tax ¥524 · 10%: ... ·
 * shipping ¥0 (free) · COD ¥330 · total ¥11,572". */
void order_totals_build(struct layout_text *out, const struct pricing_totals *t,
			int cols);

/* What the confirmation reads back: customer, every line, the totals,
 * delivery (address, date or "earliest possible", time slot), payment
 * (card: last four digits only), media, the subscription in words with
 * its next three dates, the inserts, and the bundling offers with the
 * one chosen (bundle: index into q->offers, -1 none). */
void order_confirm_build(struct layout_text *out, const struct order_quote *q,
			 const struct order_address *addr, int bundle, int cols);

/* The read-back script (復唱): the sentences the operator reads to the
 * caller before saving, polite (です・ます) in Japanese: each product with
 * its quantity and tax-included amount, shipping, the COD fee (代引手数料)
 * when paying cash on delivery, the total, the delivery date (or the
 * earliest possible) and time slot, the address (addr; NULL: the
 * customer's), the phone (digits; "" leaves the sentence out), the
 * payment, a subscription with its next delivery, and the closing
 * question. Word-wrapped to cols, one sentence per line or more. */
void order_readback_build(struct layout_text *out, const struct order_quote *q,
			  const struct order_address *addr, const char *phone,
			  int cols);

/* --- picking by number: payment, date, time slot, media ------------------ */

#define ORDER_CHOICES_MAX 12

/* One entry of a pick list: the value the form field gets and the words
 * the list shows. */
struct order_choice {
	char value[ORDER_CODE_SIZE];     /* "cod", "morning", "2026-12-12", "TV01", "" */
	char label[2 * ORDER_NAME_SIZE];
	bool barred;                     /* shown, not for this customer */
};

/* The payment methods in the order the desk offers them (cash on
 * delivery, card, convenience-store deferred, bank transfer) with the
 * customer's last one (def->has_last) moved first; a barred method is
 * listed with its reason and marked barred. Returns the count. */
size_t order_payment_choices(const struct order_customer_defaults *def,
			     struct order_choice out[ORDER_CHOICES_MAX]);

/* The time slots, unspecified first. Returns the count. */
size_t order_slot_choices(struct order_choice out[ORDER_CHOICES_MAX]);

/* "Earliest possible (date)" (value "") then the n days of days (open
 * delivery days, at most ORDER_CHOICES_MAX - 1 used). Returns the count. */
size_t order_date_choices(int32_t earliest, const int32_t *days, size_t n,
			  struct order_choice out[ORDER_CHOICES_MAX]);

/* The media codes of m, "CODE name" each. Returns the count. */
size_t order_media_choices(const struct order_media *m, size_t n,
			   struct order_choice out[ORDER_CHOICES_MAX]);

/* A pick list: the heading, what was typed to narrow it (narrow; NULL:
 * the list is picked by number and shows them), one line per choice
 * (sel marked '>', a barred one dim), and how to pick. */
void order_choice_build(struct layout_text *out, const char *heading,
			const struct order_choice *c, size_t n, int sel,
			const char *narrow, int cols);

/* The choice whose number key cp ('1'..'9') picks, or -1. */
int order_choice_by_key(size_t n, uint32_t cp);

/* --- previous products (リピート注文) ------------------------------------ */

#define ORDER_PREVIOUS_MAX 9

/* What the order entry shows while its product field is empty: the
 * heading "1-9: previous products" and the customer's previous products
 * (order_previous_products), numbered 1..n (n at most 9) with SKU, price
 * tax included and name, two to a line from 60 columns (names cut to
 * fit, never a character cut), so at most five lines and the heading.
 * Nothing when n is 0. */
void order_previous_build(struct layout_text *out, const struct order_product *p,
			  size_t n, int cols);

/* The previous product the key cp typed into the product field adds: its
 * index for '1'..'9' (or the full-width １..９ of an IME) when nothing is
 * typed yet (typed is "") and there is such a product; -1 otherwise, and
 * the key goes into the field as typed (a SKU, a name; a SKU that starts
 * with a digit after a leading space). */
int order_previous_by_key(size_t n, const char *typed, uint32_t cp);

/* A customer's order list: a heading and one line per order, sel marked. */
void order_list_build(struct layout_text *out, const struct order_summary *o,
		      size_t n, int sel, int cols);

/* The order screen: number, status, dates, delivery, where it goes and
 * to whom (ship_to; NULL: not known), payment, lines, totals, inserts,
 * bundle, then its history oldest first (who, when, what, why). */
void order_detail_build(struct layout_text *out, const struct order *o,
			const struct order_address *ship_to,
			const struct order_event *ev, size_t nev, int cols);

#endif
