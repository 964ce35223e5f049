/* status.c: messages and exit codes of enum rd_status. */
#include "repeatdesk/status.h"

#include <stdarg.h>
#include <stdio.h>

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
