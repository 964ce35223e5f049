/* ui_cmd.c: connects as the agent and hands over to the terminal UI. */
#include "repeatdesk/agent.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/ui.h"
#include "cli_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int cli_cmd_ui(struct cli *cli)
{
	struct rd_db *db = NULL, *report_db = NULL;
	struct rd_error err;
	struct agent_info me;
	struct ui_options opt = { 0 };
	int rc;

	if (!isatty(0) || !isatty(1))
		return cli_fail(cli, RD_USAGE,
			_("the terminal UI needs a terminal; for scripts use a command (see repeatdesk --help)"));
	if (cli_resolve(cli, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	/* behind a transaction-pooling PgBouncer, LISTEN needs a connection
	 * of its own (direct or session-pooled) for live updates to arrive */
	cli->listen_conninfo = cli_listen_conninfo(cli);
	if (cli_connect(cli, CLI_LOGIN_AGENT, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (agent_whoami(db, &me, &err) != RD_OK) {
		db_free(&db);
		return cli_fail(cli, RD_AUTH, _("%s: log in as an agent with --as LOGIN"), err.msg);
	}
	if (!me.active) {
		db_free(&db);
		return cli_fail(cli, RD_AUTH, _("agent %s is disabled; ask a supervisor"), me.login);
	}
	opt.db = db;
	opt.login = me.login;
	opt.agent_name = me.display_name;
	opt.role = me.role;
	opt.db_label = cli->db_label;
	opt.caller = cli->caller;
	opt.postal_endpoint = getenv("REPEATDESK_POSTAL_ENDPOINT");
	if (!opt.postal_endpoint || !*opt.postal_endpoint)
		opt.postal_endpoint = cli->cfg.postal_url;
	opt.postal_timeout_ms = getenv("REPEATDESK_POSTAL_TIMEOUT_MS");
	if (!opt.postal_timeout_ms || !*opt.postal_timeout_ms)
		opt.postal_timeout_ms = cli->cfg.postal_timeout_ms;
	/* the reports' replica; without it (none set, or it cannot be
	 * reached) reports read the main database, under their timeout */
	if (cli_connect_report(cli, &report_db, &err) != RD_OK) {
		fprintf(stderr, _("repeatdesk: the report database cannot be reached (%s); reports will read the main database\n"),
			err.msg);
		report_db = NULL;
	}
	opt.report_db = report_db;
	rc = ui_run(&opt);
	db_free(&report_db);
	db_free(&db);
	return rc;
}
