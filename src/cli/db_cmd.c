/* db_cmd.c: `repeatdesk db start|stop|status|init|migrate|seed|psql`. */
#include "repeatdesk/agent.h"
#include "repeatdesk/cluster.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/migrate.h"
#include "repeatdesk/seed.h"
#include "repeatdesk/textcheck.h"
#include "repeatdesk/xalloc.h"
#include "cli_internal.h"
#include "progress.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The demo desk: one agent of each role (DESIGN.md). */
static const struct {
	const char *login;
	const char *name;
	const char *role;
} demo_agents[] = {
	{ "sato", "佐藤 花子", "operator" },
	{ "suzuki", "鈴木 一郎", "agent" },
	{ "takahashi", "高橋 美咲", "supervisor" },
};

static void db_usage(FILE *out)
{
	fputs(_("Usage: repeatdesk db COMMAND\n"
		"\n"
		"  init [--fast]      create the embedded database (and migrate it)\n"
		"  start              start the embedded database\n"
		"  stop               stop the embedded database\n"
		"  status [--format table|json|csv]\n"
		"                     where the database is, whether it runs, migrations\n"
		"  migrate            apply pending schema migrations\n"
		"  seed --customers N [--seed S] [--subscription-rate PCT]\n"
		"                     load demo data (and the demo agents) into an empty database\n"
		"  psql [ARGS...]     open psql on the database\n"
		"\n"
		"The embedded database lives in $REPEATDESK_HOME (default\n"
		"$XDG_DATA_HOME/repeatdesk). With --db, REPEATDESK_DB or PG* set, the\n"
		"commands act on that central database and start nothing.\n"), out);
}

static int need_embedded(struct cli *cli, const char *what)
{
	if (cli->embedded)
		return 0;
	return cli_fail(cli, RD_USAGE,
		_("'db %s' manages the embedded database; a central database is run by its administrators"),
		what);
}

static void migrate_progress(const char *version, void *arg)
{
	(void)arg;
	fprintf(stderr, _("applying migration %s\n"), version);
}

static int do_migrate(struct cli *cli, bool quiet)
{
	struct rd_db *db = NULL;
	struct rd_error err;
	int applied = 0;
	enum rd_status st;

	st = cli_connect(cli, CLI_LOGIN_ADMIN, &db, &err);
	if (st != RD_OK)
		return cli_fail_err(cli, &err);
	st = migrate_apply(db, &applied, quiet ? NULL : migrate_progress, NULL, &err);
	db_free(&db);
	if (st != RD_OK)
		return cli_fail_err(cli, &err);
	if (!quiet)
		printf(applied ? _("%d migration(s) applied\n")
			       : _("the schema is up to date (%d applied)\n"), applied);
	return 0;
}

static int cmd_init(struct cli *cli, int argc, char **argv)
{
	struct rd_error err;
	bool fast = false;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--fast") == 0)
			fast = true;
		else if (cli_is_help(argv[i])) {
			puts(_("Usage: repeatdesk db init [--fast]\n"
			       "Creates the embedded database, starts it and applies the migrations.\n"
			       "--fast turns fsync off: for throwaway test databases only."));
			return 0;
		} else
			return cli_fail(cli, RD_USAGE, _("unknown option '%s' for db init"), argv[i]);
	}
	if (need_embedded(cli, "init"))
		return 2;
	if (cluster_init(&cli->cluster, fast, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	printf(_("created the embedded database in %s\n"), cli->cluster.home);
	return do_migrate(cli, true);
}

static int cmd_start_stop(struct cli *cli, bool start)
{
	struct rd_error err;
	enum rd_status st;

	if (need_embedded(cli, start ? "start" : "stop"))
		return 2;
	if (!cluster_exists(&cli->cluster))
		return cli_fail(cli, RD_UNAVAILABLE,
			_("no database in %s: run 'repeatdesk db init' (or scripts/demo) first"),
			cli->cluster.home);
	st = start ? cluster_start(&cli->cluster, &err) : cluster_stop(&cli->cluster, &err);
	if (st != RD_OK)
		return cli_fail_err(cli, &err);
	printf(start ? _("the embedded database is running (socket in %s)\n")
		     : _("the embedded database is stopped (%s)\n"),
	       start ? cli->cluster.rundir : cli->cluster.home);
	return 0;
}

static int cmd_status(struct cli *cli, int argc, char **argv)
{
	enum table_format fmt = TABLE_FMT_TABLE;
	struct table *t;
	struct rd_db *db = NULL;
	struct rd_error err;
	struct migrate_list ml = { 0 };
	bool running = true;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			if (cli_parse_format(cli, argv[++i], &fmt) != 0)
				return 2;
		} else if (strncmp(argv[i], "--format=", 9) == 0) {
			if (cli_parse_format(cli, argv[i] + 9, &fmt) != 0)
				return 2;
		} else if (cli_is_help(argv[i])) {
			puts(_("Usage: repeatdesk db status [--format table|json|csv]"));
			return 0;
		} else
			return cli_fail(cli, RD_USAGE, _("unknown option '%s' for db status"), argv[i]);
	}
	if (cli->embedded) {
		if (!cluster_exists(&cli->cluster)) {
			fprintf(stderr, _("repeatdesk: no database in %s: run 'repeatdesk db init' (or scripts/demo)\n"),
				cli->cluster.home);
			return 1;
		}
		running = cluster_running(&cli->cluster);
	}
	if (running) {
		struct cli tmp = *cli;

		/* status looks, it does not start the server */
		if (cli_connect(&tmp, CLI_LOGIN_ADMIN, &db, &err) != RD_OK) {
			if (!cli->embedded)
				return cli_fail_err(cli, &err);
			running = false;
		} else if (migrate_status(db, &ml, &err) != RD_OK) {
			rc = cli_fail_err(cli, &err);
		}
	}
	t = table_new();
	table_add_column(t, "kind", _("kind"), TABLE_TEXT);
	table_add_column(t, "name", C_("db status", "name"), TABLE_TEXT);
	table_add_column(t, "state", C_("db status", "state"), TABLE_TEXT);
	table_add_column(t, "detail", C_("db status", "detail"), TABLE_TEXT);
	table_add_row(t);
	table_set_code(t, 0, "database", _("database"));
	table_set_code(t, 1, cli->embedded ? "embedded" : "central",
		       cli->embedded ? _("embedded") : _("central"));
	table_set_code(t, 2, running ? "running" : "stopped",
		       running ? C_("database", "running") : C_("database", "stopped"));
	if (cli->embedded) {
		table_set(t, 3, cli->cluster.home);
	} else {
		char shown[1024];

		/* a conninfo may carry a password: never print it */
		db_conninfo_redact(cli->conninfo, shown, sizeof(shown));
		table_set(t, 3, shown);
	}
	if (cli_listen_conninfo(cli)) {
		char shown[1024];

		/* where the terminals LISTEN (live updates), redacted too */
		db_conninfo_redact(cli_listen_conninfo(cli), shown, sizeof(shown));
		table_add_row(t);
		table_set_code(t, 0, "listen", _("live updates connection"));
		table_set(t, 1, getenv("REPEATDESK_LISTEN_DB") && *getenv("REPEATDESK_LISTEN_DB")
					? "REPEATDESK_LISTEN_DB" : "[database] listen");
		table_set_code(t, 2, "configured", C_("database", "configured"));
		table_set(t, 3, shown);
	}
	if (db) {
		table_add_row(t);
		table_set_code(t, 0, "server", _("database server"));
		table_set(t, 1, "postgresql");
		table_set_code(t, 2, "ok", C_("database", "connected"));
		table_set(t, 3, db_server_version(db));
	}
	for (int i = 0; i < ml.count; i++) {
		table_add_row(t);
		table_set_code(t, 0, "migration", _("migration"));
		table_set(t, 1, ml.items[i].version);
		table_set_code(t, 2, ml.items[i].applied ? "applied" : "pending",
			       ml.items[i].applied ? C_("migration", "applied")
						   : C_("migration", "pending"));
		table_set(t, 3, ml.items[i].applied_at);
	}
	cli_print(t, fmt, false);
	table_free(&t);
	migrate_list_free(&ml);
	db_free(&db);
	return rc;
}

static void seed_progress(long long done, long long total, const char *phase, void *arg)
{
	progress_update(arg, done, total, phase);
}

static int ensure_demo_agents(struct cli *cli, struct rd_db *db)
{
	struct rd_error err;

	for (size_t i = 0; i < sizeof(demo_agents) / sizeof(demo_agents[0]); i++) {
		char password[25];
		char exists[8];
		const char *params[1] = { demo_agents[i].login };

		if (db_query_value(db, "SELECT count(*) > 0 FROM pg_roles WHERE rolname = $1",
				   1, params, exists, sizeof(exists), NULL, &err) != RD_OK)
			return cli_fail_err(cli, &err);
		if (strcmp(exists, "t") == 0)
			continue;
		if (cluster_random_password(password, sizeof(password), &err) != RD_OK ||
		    agent_add(db, demo_agents[i].login, demo_agents[i].name,
			      demo_agents[i].role, password, &err) != RD_OK)
			return cli_fail_err(cli, &err);
		if (cli->embedded &&
		    cluster_save_password(&cli->cluster, demo_agents[i].login, password, &err) != RD_OK)
			return cli_fail_err(cli, &err);
		if (!cli->embedded)
			printf(_("demo agent %s (%s): password %s\n"), demo_agents[i].login,
			       demo_agents[i].role, password);
		memset(password, 0, sizeof(password));
	}
	if (cli->embedded) {
		char dummy[64];

		if (cluster_default_login(&cli->cluster, dummy, sizeof(dummy)) != RD_OK &&
		    cluster_set_default_login(&cli->cluster, demo_agents[0].login, &err) != RD_OK)
			return cli_fail_err(cli, &err);
	}
	return 0;
}

static int cmd_seed(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "customers", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "subscription-rate", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct seed_options so = { .customers = 1000, .seed = 1 };
	struct rd_db *db = NULL;
	struct rd_error err;
	struct progress pr;
	char count[32];
	char *end;
	long long customers, rate;
	int c, rc;

	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if ((rc = cli_number(cli, "--customers", optarg, 0, 10000000, &customers)) != 0)
				return rc;
			so.customers = (long)customers;
			break;
		case 's':
			so.seed = strtoull(optarg, &end, 10);
			if (*end || !*optarg)
				return cli_fail(cli, RD_USAGE, _("--seed needs a number, not '%s'"), optarg);
			break;
		case 'r':
			/* the shared reader, with words that say what a rate is */
			if (!textcheck_whole(optarg, 1, 100, &rate))
				return cli_fail(cli, RD_USAGE,
					_("--subscription-rate needs a percentage from 1 to 100, not '%s'"),
					optarg);
			so.subscription_rate = (int)rate;
			break;
		case 'h':
			/* printed with puts: a % here is a percent sign */
			/* xgettext:no-c-format */
			puts(_("Usage: repeatdesk db seed --customers N [--seed S] [--subscription-rate PCT]\n"
			       "Loads deterministic demo data and the demo agents sato (operator),\n"
			       "suzuki (agent) and takahashi (supervisor) into an empty database.\n"
			       "--subscription-rate PCT gives PCT% of the customers a subscription\n"
			       "that stays active (default: the usual mix, about 5.6% active)."));
			return 0;
		default:
			return cli_fail(cli, RD_USAGE, _("unknown option '%s' for db seed"), argv[optind - 1]);
		}
	}
	if (cli_connect(cli, CLI_LOGIN_ADMIN, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (db_query_value(db, "SELECT count(*) FROM (SELECT 1 FROM rd.customers LIMIT 1) x",
			   0, NULL, count, sizeof(count), NULL, &err) != RD_OK) {
		db_free(&db);
		return cli_fail(cli, err.status, _("cannot read the customers (is the schema migrated? run 'repeatdesk db migrate'): %s"), err.msg);
	}
	if (strcmp(count, "0") != 0) {
		db_free(&db);
		return cli_fail(cli, RD_REFUSED,
			_("the database already has customers; demo data is loaded only into an empty database"));
	}
	rc = ensure_demo_agents(cli, db);
	if (rc != 0) {
		db_free(&db);
		return rc;
	}
	progress_init(&pr);
	so.progress = seed_progress;
	so.progress_arg = &pr;
	if (seed_run(db, &so, &err) != RD_OK) {
		progress_done(&pr);
		db_free(&db);
		return cli_fail_err(cli, &err);
	}
	progress_done(&pr);
	printf(_("loaded demo data: %ld customers in %.1f s\n"), so.customers,
	       progress_elapsed(&pr));
	db_free(&db);
	return 0;
}

static int cmd_psql(struct cli *cli, int argc, char **argv)
{
	char password[256];
	struct rd_error err;
	const char *login;
	char **args;
	int n = 0;

	if (cli->embedded) {
		if (cluster_start(&cli->cluster, &err) != RD_OK)
			return cli_fail_err(cli, &err);
		login = cli->as ? cli->as : CLUSTER_ADMIN;
		if (cluster_password(&cli->cluster, login, password, sizeof(password), &err) != RD_OK)
			return cli_fail_err(cli, &err);
		setenv("PGPASSWORD", password, 1);
		memset(password, 0, sizeof(password));
	} else {
		login = cli->as;
	}
	args = xcalloc((size_t)argc + 6, sizeof(char *));
	args[n++] = "psql";
	args[n++] = "-d";
	args[n++] = cli->conninfo[0] ? cli->conninfo : "";
	if (login) {
		args[n++] = "-U";
		args[n++] = (char *)login;
	}
	for (int i = 1; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	execvp("psql", args);
	free(args);
	return cli_fail(cli, RD_UNAVAILABLE, _("cannot run psql: apt-get install postgresql-client"));
}

int cli_cmd_db(struct cli *cli, int argc, char **argv)
{
	struct rd_error err;
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub || cli_is_help(sub)) {
		db_usage(sub ? stdout : stderr);
		return sub ? 0 : 2;
	}
	if (cli_resolve(cli, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (argc > 2 && cli_is_help(argv[2]) && strcmp(sub, "init") != 0 &&
	    strcmp(sub, "status") != 0 && strcmp(sub, "seed") != 0) {
		db_usage(stdout);
		return 0;
	}
	if (strcmp(sub, "init") == 0)
		return cmd_init(cli, argc - 1, argv + 1);
	if (strcmp(sub, "start") == 0)
		return cmd_start_stop(cli, true);
	if (strcmp(sub, "stop") == 0)
		return cmd_start_stop(cli, false);
	if (strcmp(sub, "status") == 0)
		return cmd_status(cli, argc - 1, argv + 1);
	if (strcmp(sub, "migrate") == 0)
		return do_migrate(cli, false);
	if (strcmp(sub, "seed") == 0)
		return cmd_seed(cli, argc - 1, argv + 1);
	if (strcmp(sub, "psql") == 0)
		return cmd_psql(cli, argc - 1, argv + 1);
	return cli_fail(cli, RD_USAGE, _("unknown db command '%s' (see repeatdesk db --help)"), sub);
}
