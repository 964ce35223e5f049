/* money.h: integer yen, consumption tax and order totals.
 *
 * Amounts are int64_t yen; there are no fractions of a yen anywhere.
 * Consumption tax is 10% (standard) or 8% (reduced, food). As DESIGN.md
 * and the invoice rules require, tax is computed once per rate per order,
 * on the sum of that rate's lines, and rounded down; never per line
 * (8% of 1,249 + 8% of 1,249 per line is 99 + 99 = 198, per rate it is
 * floor(199.84) = 199). Rounding down is toward zero, so that the tax of a
 * refund mirrors the tax that was charged (-1,249 at 8% is -99). Every
 * operation checks for int64 overflow and reports it instead of wrapping. */
#ifndef REPEATDESK_MONEY_H
#define REPEATDESK_MONEY_H

#include <stdint.h>

#include "repeatdesk/sbuf.h"
#include "repeatdesk/status.h"

#define MONEY_RATE_STANDARD 10
#define MONEY_RATE_REDUCED 8
#define MONEY_MAX_RATES 4   /* distinct rates in one order */

/* unit_price * quantity into *out. Returns RD_OK, or RD_INVALID when the
 * product does not fit int64 (err says so). */
enum rd_status money_mul(int64_t unit_price, int64_t quantity, int64_t *out,
			 struct rd_error *err);

/* a + b into *out; RD_INVALID on overflow. */
enum rd_status money_add(int64_t a, int64_t b, int64_t *out,
			 struct rd_error *err);

/* a - b into *out; RD_INVALID on overflow. */
enum rd_status money_sub(int64_t a, int64_t b, int64_t *out,
			 struct rd_error *err);

/* Sums n amounts into *out; RD_INVALID when a partial sum overflows
 * (*out untouched). n == 0 gives 0. */
enum rd_status money_sum(const int64_t *amounts, int n, int64_t *out,
			 struct rd_error *err);

/* percent % of amount rounded toward zero (a discount off a subtotal),
 * into *out. percent must be 0..100 (RD_INVALID otherwise); the result
 * cannot overflow. */
enum rd_status money_percent(int64_t amount, int percent, int64_t *out,
			     struct rd_error *err);

/* amount plus its tax at rate_percent (money_tax): the tax-included
 * figure of one amount, such as a unit price (総額表示). RD_INVALID on a
 * rate outside 0..100 or overflow. */
enum rd_status money_tax_included(int64_t amount, int rate_percent,
				  int64_t *out, struct rd_error *err);

/* Tax on the subtotal of one rate: subtotal * rate_percent / 100 rounded
 * toward zero, into *tax. rate_percent must be 0..100 (RD_INVALID
 * otherwise); the result cannot overflow. */
enum rd_status money_tax(int64_t subtotal, int rate_percent, int64_t *tax,
			 struct rd_error *err);

/* Subtotal and tax of one rate within an order. */
struct money_rate_total {
	int rate;          /* percent */
	int64_t subtotal;  /* sum of the lines at this rate, tax excluded */
	int64_t tax;       /* money_tax(subtotal, rate) */
};

/* Totals of an order, embedded by the caller: money_totals_init, then add
 * lines; every field is up to date after each successful add. */
struct money_totals {
	struct money_rate_total rates[MONEY_MAX_RATES]; /* ascending rate */
	int nrates;
	int64_t subtotal;  /* all lines, tax excluded */
	int64_t tax;       /* sum of the per-rate taxes */
	int64_t total;     /* subtotal + tax: what the customer pays */
};

void money_totals_init(struct money_totals *t);

/* Adds a line of quantity at unit_price (tax excluded) taxed at
 * rate_percent. Returns RD_OK, or RD_INVALID (overflow, rate outside
 * 0..100, more than MONEY_MAX_RATES rates) leaving t unchanged. */
enum rd_status money_totals_add_line(struct money_totals *t,
				     int64_t unit_price, int64_t quantity,
				     int rate_percent, struct rd_error *err);

/* Adds an amount at a rate (a fee such as cash on delivery, or a negative
 * discount). Same results as money_totals_add_line. */
enum rd_status money_totals_add(struct money_totals *t, int64_t amount,
				int rate_percent, struct rd_error *err);

/* The totals of one rate, or NULL when the order has no line at it. */
const struct money_rate_total *money_totals_rate(const struct money_totals *t,
						 int rate_percent);

enum money_style {
	MONEY_PLAIN,      /* 12,345 */
	MONEY_YEN_SIGN,   /* ¥12,345 (U+00A5, one column) */
	MONEY_YEN_SUFFIX  /* 12,345円 */
};

/* Appends yen with thousands separators in the given style; negative
 * amounts start with '-' ("-¥1,000", "-1,000円"). INT64_MIN included. */
void money_format(struct sbuf *out, int64_t yen, enum money_style style);

/* Room (with the NUL) for any amount in money_yen: "-¥9,223,372,036,854,775,808". */
#define MONEY_YEN_SIZE 32

/* Writes yen as a person reads it on screens, in CLI tables and messages,
 * "¥7,560", "-¥500" (money_format, MONEY_YEN_SIGN), into buf and returns
 * buf. json and csv keep plain integers. */
char *money_yen(int64_t yen, char buf[MONEY_YEN_SIZE]);

/* Parses an amount as operators type it: optional '-' (or U+2212, U+FF0D),
 * optional '¥' or '￥', ASCII or full-width digits with optional commas in
 * groups of three, optional trailing '円', spaces around. Returns RD_OK
 * with *out set, or RD_INVALID with a message (fractions, stray text,
 * overflow). */
enum rd_status money_parse(const char *s, int64_t *out, struct rd_error *err);

#endif
