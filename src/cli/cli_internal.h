/* cli_internal.h: what the subcommands of cli/ share. */
#ifndef REPEATDESK_CLI_INTERNAL_H
#define REPEATDESK_CLI_INTERNAL_H

#include <stdbool.h>

#include "repeatdesk/cluster.h"
#include "repeatdesk/db.h"
#include "repeatdesk/status.h"
#include "repeatdesk/table.h"

struct cli_config {
	char database[1024];     /* [database] conninfo */
	char report_db[1024];    /* [database] report */
	char listen_db[1024];    /* [database] listen */
	char prepare[16];        /* [database] prepare = auto|on|off */
	char login[64];          /* [database] login */
	char postal_url[512];    /* [postal] endpoint */
	char postal_timeout_ms[16];
	char colors[16];         /* [ui] colors = auto|never */
	char language[16];       /* [ui] language = ja|en; "" = the locale */
	char ambiguous_width[4]; /* [ui] ambiguous_width = 1|2, "" = locale */
	char path[1024];         /* file read, "" if none */
};

struct cli {
	const char *prog;
	const char *db_opt;      /* --db */
	const char *as;          /* --as */
	const char *caller;      /* --caller */
	const char *command;     /* the subcommand; NULL: the terminal UI */
	/* where the main connection LISTENs (cli_listen_conninfo), for the
	 * front ends that wait for notifications; NULL: the work connection */
	const char *listen_conninfo;
	bool quiet;
	struct cli_config cfg;
	/* resolved by cli_resolve() */
	bool embedded;
	char conninfo[1200];
	char db_label[256];
	struct cluster cluster;
};

/* A subcommand: argv[0] is the subcommand's name. */
typedef int (*cli_fn)(struct cli *cli, int argc, char **argv);

/* Prints "repeatdesk: MESSAGE" (one line) on stderr and returns the exit
 * code of st. */
int cli_fail(struct cli *cli, enum rd_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Same with an rd_error. */
int cli_fail_err(struct cli *cli, const struct rd_error *err);

/* Decides between the embedded cluster and a central database. */
enum rd_status cli_resolve(struct cli *cli, struct rd_error *err);

enum cli_login {
	CLI_LOGIN_AGENT,   /* --as, config login or the demo default */
	CLI_LOGIN_ADMIN    /* embedded: the cluster superuser; central: --as/PG* */
};

/* Connects as the agent (or admin for maintenance commands); starts the
 * embedded cluster when needed. */
enum rd_status cli_connect(struct cli *cli, enum cli_login who,
			   struct rd_db **out, struct rd_error *err);

/* The report connection's conninfo: REPEATDESK_REPORT_DB, else [database]
 * report; NULL when neither is set (the reports use the main
 * connection). */
const char *cli_report_conninfo(const struct cli *cli);

/* The LISTEN connection's conninfo (live updates, behind a
 * transaction-pooling PgBouncer): REPEATDESK_LISTEN_DB, else [database]
 * listen; NULL when neither is set (LISTEN on the main connection). */
const char *cli_listen_conninfo(const struct cli *cli);

/* Whether the connections prepare their statements (db_params.prepare):
 * REPEATDESK_PREPARE, else [database] prepare: auto (also when neither
 * is set), on or off. auto is off when a LISTEN connection is configured
 * (cli_listen_conninfo: the sign of a transaction-pooling PgBouncer),
 * for every connection of the process, the commands' too. Anything else
 * is a one-line RD_INVALID error naming where it came from. */
enum rd_status cli_prepare(const struct cli *cli, enum db_prepare *out,
			   struct rd_error *err);

/* Opens the report connection (a streaming replica, issue 13) with the
 * same login and password rules as cli_connect, without starting the
 * embedded cluster: the primary may be down. Sets *out to NULL and
 * returns RD_OK when no report connection is configured. */
enum rd_status cli_connect_report(struct cli *cli, struct rd_db **out,
				  struct rd_error *err);

/* Reads s (NULL: missing) as a whole number from lo to hi: decimal digits
 * with an optional '-', nothing else (textcheck_whole). Returns 0 and sets
 * *out, or prints the one-line error naming what ("--limit") and returns
 * its exit code (2). cli_number_int is the same for an int. */
int cli_number(struct cli *cli, const char *what, const char *s, long long lo,
	       long long hi, long long *out);
int cli_number_int(struct cli *cli, const char *what, const char *s, int lo, int hi, int *out);

/* Parses --format; returns 0 or prints usage error and returns -1. */
int cli_parse_format(struct cli *cli, const char *s, enum table_format *out);

/* Writes a rendered table to stdout. */
void cli_print(const struct table *t, enum table_format fmt, bool record);

/* Reads the per-user configuration file (missing file is fine). */
enum rd_status cli_config_load(struct cli_config *cfg, struct rd_error *err);

/* True when s is "-h" or "--help". */
bool cli_is_help(const char *s);

int cli_cmd_db(struct cli *cli, int argc, char **argv);
int cli_cmd_agent(struct cli *cli, int argc, char **argv);
int cli_cmd_customer(struct cli *cli, int argc, char **argv);
int cli_cmd_cycle(struct cli *cli, int argc, char **argv);
int cli_cmd_subscription(struct cli *cli, int argc, char **argv);
int cli_cmd_order(struct cli *cli, int argc, char **argv);
int cli_cmd_postal(struct cli *cli, int argc, char **argv);
int cli_cmd_history(struct cli *cli, int argc, char **argv);
int cli_cmd_shipments(struct cli *cli, int argc, char **argv);
int cli_cmd_inquiry(struct cli *cli, int argc, char **argv);
int cli_cmd_calendar(struct cli *cli, int argc, char **argv);
int cli_cmd_report(struct cli *cli, int argc, char **argv);
int cli_cmd_calllist(struct cli *cli, int argc, char **argv);
int cli_cmd_media(struct cli *cli, int argc, char **argv);
int cli_cmd_ui(struct cli *cli);

#endif
