/* benchorder.h: the random order the benchmarks submit (bench_order,
 * bench_desk): one place, so both measure the same mix. */
#ifndef REPEATDESK_BENCHORDER_H
#define REPEATDESK_BENCHORDER_H

#include "repeatdesk/order.h"

/* Fills req for customer code: 1-3 distinct products of skus[0..nskus)
 * (nskus >= 3), 1-3 of each, card, cash on delivery or bank transfer,
 * a desired date within 10 days of ctx's earliest, any time slot, and
 * one order in five starting a subscription (1m:15). Uses rand(). */
void bench_random_order(struct order_request *req, const struct order_context *ctx,
			const char *code, const char (*skus)[ORDER_SKU_SIZE], int nskus);

#endif
