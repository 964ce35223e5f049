/* status.c: messages and exit codes of enum rd_status. */
#include "repeatdesk/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int code;
	const char *msg;
} status_info[] = {
#define RD_STATUS_INFO(name, code, msg) { #name, code, msg },
	RD_STATUS_TABLE(RD_STATUS_INFO)
#undef RD_STATUS_INFO
};

const char *rd_status_message(enum rd_status st)
{
	if ((unsigned)st >= RD_STATUS_COUNT)
		return "unknown error";
	return status_info[st].msg;
}

int rd_status_exit_code(enum rd_status st)
{
	if ((unsigned)st >= RD_STATUS_COUNT)
		return 4;
	return status_info[st].code;
}

const char *rd_status_name(enum rd_status st)
{
	if ((unsigned)st >= RD_STATUS_COUNT)
		return "RD_UNKNOWN";
	return status_info[st].name;
}

enum rd_status rd_error_set(struct rd_error *err, enum rd_status st,
			    const char *fmt, ...)
{
	if (err) {
		va_list ap;

		err->status = st;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return st;
}

void rd_error_clear(struct rd_error *err)
{
	if (err) {
		err->status = RD_OK;
		err->msg[0] = '\0';
	}
}

/* Copies at most 24 bytes of untrusted input for a message: control
 * characters become '?', a cut never splits a UTF-8 sequence. */
const char *rd_quote_input(const char *s, size_t len, char *buf, size_t size)
{
	size_t max = size - 4, n = len, i;

	if (max > 24)
		max = 24;
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (n < len) {
		memcpy(buf + i, "...", 3);
		i += 3;
	}
	buf[i] = '\0';
	return buf;
}
