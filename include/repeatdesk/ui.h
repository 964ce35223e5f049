/* ui.h: the terminal user interface, entry point for main/cli.
 *
 * The UI owns the terminal between ui_run()'s start and its return, and
 * restores it on every way out (normal exit, signals, crash signals). */
#ifndef REPEATDESK_UI_H
#define REPEATDESK_UI_H

#include "repeatdesk/db.h"

struct ui_options {
	struct rd_db *db;            /* an open connection (the UI keeps it) */
	/* the reports' read-only connection ([database] report or
	 * REPEATDESK_REPORT_DB: a streaming replica), or NULL: reports read
	 * through db with a statement timeout. Owned by the caller. */
	struct rd_db *report_db;
	const char *login;           /* agent login (session user) */
	const char *agent_name;      /* display name, may be Japanese */
	const char *role;            /* "operator", "agent", "supervisor" */
	const char *db_label;        /* "embedded" or host/dbname for the top line */
	const char *caller;          /* --caller NUMBER or NULL */
	/* the postal-code service (REPEATDESK_POSTAL_ENDPOINT, else the
	 * configuration file's [postal] endpoint; NULL or "": none) and its
	 * timeout in milliseconds as text (NULL: the default, about 2 s) */
	const char *postal_endpoint;
	const char *postal_timeout_ms;
};

/* Runs the UI until the user quits. Returns a process exit code. */
int ui_run(const struct ui_options *opt);

#endif
