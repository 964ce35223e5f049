/* home_screen.h: the first screen, who is logged in and where. */
#ifndef REPEATDESK_UI_HOME_SCREEN_H
#define REPEATDESK_UI_HOME_SCREEN_H

#include <time.h>

#include "screen.h"

extern const struct screen_ops home_screen_ops;

/* What the home screen shows; any field may be NULL. */
struct home_info {
	const char *agent_name;
	const char *login;
	const char *role;        /* translated */
	const char *db_label;    /* "embedded" or host/dbname */
	const char *db_version;  /* "15.18", or NULL */
	bool db_ok;
	const char *today;       /* "2025-01-15 (Wed)" */
	const char *zone;        /* "Asia/Tokyo" */
};

/* Builds the home screen body for cols columns (pure). */
void home_build(struct layout_text *out, const struct home_info *info,
		int cols);

/* Formats the business date of now: "YYYY-MM-DD (Wed)" into buf, and the
 * zone it is in. With TZ set the environment's zone is used, without it
 * Asia/Tokyo (UTC+9, no daylight saving). */
void home_today(time_t now, const char *tz_env, char *buf, size_t n,
		const char **zone);

#endif
