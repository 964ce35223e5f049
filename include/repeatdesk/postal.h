/* postal.h: the postal-code service over HTTP (net/postal.c, libcurl).
 *
 * Asks a configurable endpoint for the address of a 7-digit postal code:
 *
 *     GET <endpoint>?zipcode=1000001     (&zipcode=... when the endpoint
 *                                         already has a query)
 *
 * and reads the answer in the format of the widely used public zip-code
 * API (zipcloud):
 *
 *     {"message":null,"status":200,"results":[{"address1":"東京都",
 *      "address2":"千代田区","address3":"千代田","zipcode":"1000001",...}]}
 *
 * "results": null (or empty) means the service knows no such code.
 *
 * Blocking: postal_fetch blocks the calling thread for at most
 * timeout_ms (default POSTAL_TIMEOUT_MS, about 2 s), connecting
 * included (and name resolution, with a libcurl built with an
 * asynchronous resolver: curl-config --features says AsynchDNS, as
 * Debian's does); it never retries. The UI may call it on its own thread: a
 * service that is down, slow or answers garbage costs at most that long,
 * and the operator types the address instead. The answer body is read up
 * to max_body bytes; a longer one is refused as garbage.
 *
 * libcurl needs curl_global_init once per program before threads start:
 * postal_global_init does it (postal_fetch calls it too, which is safe
 * with libcurl 7.84 and later). No curl type leaves net/. */
#ifndef REPEATDESK_POSTAL_H
#define REPEATDESK_POSTAL_H

#include <stdbool.h>
#include <stddef.h>

#include "repeatdesk/status.h"

#define POSTAL_TIMEOUT_MS 2000L
#define POSTAL_CONNECT_TIMEOUT_MS 1000L
#define POSTAL_MAX_BODY (64u * 1024u)
#define POSTAL_MAX_ADDRESSES 16      /* towns one code may name */

#define POSTAL_ENDPOINT_SIZE 512
#define POSTAL_CODE_SIZE 8           /* 7 digits and the NUL */
#define POSTAL_PREFECTURE_SIZE 16    /* 神奈川県 and the NUL */
#define POSTAL_CITY_SIZE 241         /* 60 characters */
#define POSTAL_TOWN_SIZE 481         /* 120 characters */
#define POSTAL_CITY_CHARS 60
#define POSTAL_TOWN_CHARS 120

struct postal_config {
	char endpoint[POSTAL_ENDPOINT_SIZE];  /* "": no service configured */
	long timeout_ms;                      /* whole request, 100..30000 */
	long connect_timeout_ms;              /* <= timeout_ms */
	size_t max_body;
};

/* Defaults: no endpoint, POSTAL_TIMEOUT_MS, POSTAL_CONNECT_TIMEOUT_MS,
 * POSTAL_MAX_BODY. */
void postal_config_init(struct postal_config *cfg);

/* Sets the endpoint (http:// or https:// URL) and, when timeout_ms is not
 * NULL or "", the timeout from text (the [postal] section of the config
 * file). RD_INVALID with a message naming the setting otherwise. */
enum rd_status postal_config_set(struct postal_config *cfg, const char *endpoint,
				 const char *timeout_ms, struct rd_error *err);

struct postal_address {
	char postal_code[POSTAL_CODE_SIZE];       /* 7 digits */
	char prefecture[POSTAL_PREFECTURE_SIZE];  /* 東京都 */
	char city[POSTAL_CITY_SIZE];              /* 千代田区 */
	char town[POSTAL_TOWN_SIZE];              /* 千代田; "" when the code
						   * covers the whole city */
};

struct postal_answer {
	struct postal_address addr[POSTAL_MAX_ADDRESSES];
	size_t n;
};

/* Initializes libcurl for the program (once; later calls do nothing). */
void postal_global_init(void);

/* Asks the service for code (exactly 7 ASCII digits) and fills out.
 * Returns RD_OK (out->n >= 1); RD_NOT_FOUND when the service knows no
 * such code (empty results, or HTTP 404); RD_NETWORK when no service is
 * configured, it cannot be reached, is slower than the timeout, answers
 * with another HTTP error (500...) or with something that is not such an
 * answer; RD_INVALID for a code that is not 7 digits. Each message says
 * what happened and that the address can be typed. */
enum rd_status postal_fetch(const struct postal_config *cfg, const char *code,
			    struct postal_answer *out, struct rd_error *err);

/* Reads an answer body (len bytes) for code into out: what postal_fetch
 * does after the transfer. Every value is checked: a real prefecture,
 * the code asked for, a city, lengths, no control characters. Pure; for
 * tests. */
enum rd_status postal_parse_answer(const char *body, size_t len, const char *code,
				   struct postal_answer *out, struct rd_error *err);

/* True when s is one of the 47 prefectures, spelled in full (東京都). */
bool postal_prefecture_valid(const char *s);

#endif
