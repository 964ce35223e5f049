/* status.h: the one error idiom of repeatdesk.
 *
 * Every function that can fail returns an enum rd_status. The table below
 * generates the enum, its default message for operators, and the process
 * exit code that the command line uses (DESIGN.md: 0 done, 1 refused or not
 * found, 2 bad usage or input, 3 database or network unavailable). */
#ifndef REPEATDESK_STATUS_H
#define REPEATDESK_STATUS_H

#include <stddef.h>

/* X(name, exit code, default message) */
#define RD_STATUS_TABLE(X) \
	X(RD_OK,           0, "done") \
	X(RD_NOT_FOUND,    1, "not found") \
	X(RD_REFUSED,      1, "refused by a business rule") \
	X(RD_CONFLICT,     1, "someone else changed this record meanwhile") \
	X(RD_DUPLICATE,    1, "this already exists") \
	X(RD_PERMISSION,   1, "your role is not allowed to do this") \
	X(RD_USAGE,        2, "bad usage") \
	X(RD_INVALID,      2, "invalid input") \
	X(RD_UNAVAILABLE,  3, "the database is unavailable") \
	X(RD_AUTH,         3, "login refused") \
	X(RD_NETWORK,      3, "the network service is unavailable") \
	X(RD_RETRY,        3, "the database asked to retry the transaction") \
	X(RD_CANCELLED,    1, "stopped before it finished") \
	X(RD_INTERNAL,     4, "internal error")

enum rd_status {
#define RD_STATUS_ENUM(name, code, msg) name,
	RD_STATUS_TABLE(RD_STATUS_ENUM)
#undef RD_STATUS_ENUM
	RD_STATUS_COUNT
};

/* An error value with a message fit for an operator. Embedded by callers;
 * no heap memory. */
struct rd_error {
	enum rd_status status;
	char msg[512];
};

/* Default message of a status (static string, untranslated). */
const char *rd_status_message(enum rd_status st);

/* Process exit code for a status (DESIGN.md's contract). */
int rd_status_exit_code(enum rd_status st);

/* Name of the status ("RD_NOT_FOUND") for tests and logs. */
const char *rd_status_name(enum rd_status st);

/* Sets err (if not NULL) to st with a printf-style message and returns st,
 * so that callers can write: return rd_error_set(err, RD_INVALID, "..."). */
enum rd_status rd_error_set(struct rd_error *err, enum rd_status st,
			    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Copies at most 24 bytes of untrusted input (len bytes at s) into buf for
 * a message: control characters become '?', a cut never splits a UTF-8
 * sequence and is shown as "...". size must be at least 5. Returns buf. */
const char *rd_quote_input(const char *s, size_t len, char *buf, size_t size);

/* Clears err to RD_OK with an empty message. */
void rd_error_clear(struct rd_error *err);

#endif
