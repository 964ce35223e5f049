/* benchorder.c: the random order the benchmarks submit. */
#include "benchorder.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bench_random_order(struct order_request *req, const struct order_context *ctx,
			const char *code, const char (*skus)[ORDER_SKU_SIZE], int nskus)
{
	order_request_init(req);
	snprintf(req->customer_code, sizeof(req->customer_code), "%s", code);
	req->nitems = 1 + (size_t)(rand() % 3);
	for (size_t i = 0; i < req->nitems; i++) {
		int s;
		bool dup;

		do {
			s = rand() % nskus;
			dup = false;
			for (size_t j = 0; j < i; j++)
				dup = dup || strcmp(req->items[j].sku, skus[s]) == 0;
		} while (dup);
		snprintf(req->items[i].sku, sizeof(req->items[i].sku), "%s", skus[s]);
		req->items[i].quantity = 1 + rand() % 3;
	}
	switch (rand() % 3) {
	case 0:
		req->payment = PRICING_PAY_CARD;
		snprintf(req->card_token, sizeof(req->card_token), "tok_bench_%08x", (unsigned)rand());
		snprintf(req->card_last4, sizeof(req->card_last4), "4242");
		break;
	case 1: req->payment = PRICING_PAY_COD; break;
	default: req->payment = PRICING_PAY_BANK; break;
	}
	req->desired_date = ctx->earliest + rand() % 10;
	req->slot = (enum pricing_slot)(rand() % PRICING_SLOT_COUNT);
	if (rand() % 5 == 0)
		snprintf(req->cycle, sizeof(req->cycle), "1m:15");
}
