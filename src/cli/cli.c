/* cli.c: global options, the subcommand table, and the connection rules
 * shared by every subcommand (embedded cluster or central database). */
#include "repeatdesk/cli.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/lang.h"
#include "repeatdesk/xalloc.h"
#include "cli_internal.h"

#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const struct {
	const char *name;
	cli_fn fn;
	const char *summary;
} commands[] = {
	{ "db", cli_cmd_db, N_("manage the database: start, stop, status, init, migrate, seed, psql") },
	{ "agent", cli_cmd_agent, N_("manage agents (logins): add, list") },
	{ "customer", cli_cmd_customer, N_("find, show, add and edit customers") },
	{ "cycle", cli_cmd_cycle, N_("describe a delivery cycle or list its dates (no database needed)") },
	{ "subscription", cli_cmd_subscription, N_("show a subscription; skip, pause, resume, change, cancel, reserve") },
	{ "order", cli_cmd_order, N_("take an order; show, list, change, cancel and return orders") },
	{ "history", cli_cmd_history, N_("the change history of a customer, order, subscription or agent; as of a time; revert a change") },
	{ "postal", cli_cmd_postal, N_("look up a postal code; import the national postal-code file") },
	{ "shipments", cli_cmd_shipments, N_("make the orders of the subscription deliveries due (the shipment run)") },
	{ "calendar", cli_cmd_calendar, N_("the business calendar: closed days and why; close or open a day") },
	{ "report", cli_cmd_report, N_("the supervisors' reports: continuation, media, retention, workload, segments") },
	{ "media", cli_cmd_media, N_("media codes and what each cost per month (supervisors enter costs)") },
	{ "inquiry", cli_cmd_inquiry, N_("the shared inquiry log: open, show, list, note, take, hand off, escalate, resolve, reopen") },
	{ "calllist", cli_cmd_calllist, N_("outbound call lists: make one from a saved filter, a search or a preset; progress; call outcomes") },
};

static void usage(FILE *out)
{
	fprintf(out, _(
		"Usage: repeatdesk [--db CONNINFO] [--as LOGIN] [--caller NUMBER]\n"
		"       repeatdesk [--db CONNINFO] [--as LOGIN] COMMAND [ARGS...]\n"
		"\n"
		"Without a command, opens the terminal UI of the phone desk.\n"
		"\n"
		"Options:\n"
		"  --db CONNINFO    use this central PostgreSQL database (libpq conninfo\n"
		"                   or URI); also REPEATDESK_DB, the config file, or PG*\n"
		"  --as LOGIN       log in as this agent\n"
		"  --caller NUMBER  open on the customer lookup for this caller number\n"
		"  -h, --help       show this help\n"
		"  -V, --version    show the version\n"
		"\n"
		"Commands:\n"));
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(out, _(
		"\n"
		"Run 'repeatdesk COMMAND --help' for a command's options.\n"
		"Exit codes: 0 done, 1 refused or not found, 2 bad usage or input,\n"
		"3 database or network unavailable.\n"));
	fprintf(out, _(
		"\n"
		"Language: --lang ja or --lang en (before the command); otherwise\n"
		"[ui] language = ja|en in the configuration file; otherwise the locale\n"
		"(LANG=ja_JP.UTF-8 speaks Japanese).\n"));
}

int cli_fail(struct cli *cli, enum rd_status st, const char *fmt, ...)
{
	va_list ap;

	(void)cli;
	fputs("repeatdesk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return rd_status_exit_code(st);
}

int cli_fail_err(struct cli *cli, const struct rd_error *err)
{
	return cli_fail(cli, err->status, "%s",
			err->msg[0] ? err->msg : _(rd_status_message(err->status)));
}

bool cli_is_help(const char *s)
{
	return s && (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0);
}

int cli_parse_format(struct cli *cli, const char *s, enum table_format *out)
{
	if (table_format_parse(s, out) != 0) {
		cli_fail(cli, RD_USAGE, _("unknown format '%s': use table, json or csv"), s);
		return -1;
	}
	return 0;
}

void cli_print(const struct table *t, enum table_format fmt, bool record)
{
	struct sbuf sb;

	sbuf_init(&sb);
	if (record)
		table_render_record(t, fmt, &sb);
	else
		table_render(t, fmt, &sb);
	fwrite(sb.buf, 1, sb.len, stdout);
	sbuf_done(&sb);
}

static bool pg_env_set(void)
{
	static const char *const vars[] = { "PGHOST", "PGHOSTADDR", "PGSERVICE",
					    "PGDATABASE", "PGPORT", NULL };

	for (int i = 0; vars[i]; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return true;
	}
	return false;
}

enum rd_status cli_resolve(struct cli *cli, struct rd_error *err)
{
	const char *env = getenv("REPEATDESK_DB");
	const char *central = NULL;

	if (cli->db_opt)
		central = cli->db_opt;
	else if (env && *env)
		central = env;
	else if (cli->cfg.database[0])
		central = cli->cfg.database;
	if (central || pg_env_set()) {
		cli->embedded = false;
		snprintf(cli->conninfo, sizeof(cli->conninfo), "%s", central ? central : "");
		snprintf(cli->db_label, sizeof(cli->db_label), "%s",
			 central && *central ? "central" : "central (PG*)");
		return RD_OK;
	}
	cli->embedded = true;
	if (cluster_locate(&cli->cluster, NULL, err) != RD_OK)
		return err->status;
	cluster_conninfo(&cli->cluster, cli->conninfo, sizeof(cli->conninfo));
	snprintf(cli->db_label, sizeof(cli->db_label), "%s", _("embedded"));
	return RD_OK;
}

/* Reads a password from the terminal without echo. */
static bool prompt_password(const char *login, char *out, size_t outsz)
{
	struct termios old, quiet;
	FILE *tty = fopen("/dev/tty", "r+");
	bool ok = false;

	if (!tty)
		return false;
	fprintf(tty, _("Password for %s: "), login);
	fflush(tty);
	if (tcgetattr(fileno(tty), &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
		ok = fgets(out, (int)outsz, tty) != NULL;
		tcsetattr(fileno(tty), TCSAFLUSH, &old);
		fputc('\n', tty);
	}
	fclose(tty);
	if (ok)
		out[strcspn(out, "\r\n")] = '\0';
	return ok;
}

/* Opens conninfo as cli_connect's login. The main connection starts the
 * embedded cluster when needed; the report connection (a replica) only
 * borrows the embedded cluster's login and stored password. */
static enum rd_status connect_to(struct cli *cli, enum cli_login who,
				 const char *conninfo, bool main_db,
				 struct rd_db **out, struct rd_error *err)
{
	char password[256] = "";
	char login[64] = "";
	char appname[64], what[48];
	struct db_params p = { .conninfo = conninfo, .application_name = appname };
	enum rd_status st;

	*out = NULL;
	if (cli->as)
		snprintf(login, sizeof(login), "%s", cli->as);
	else if (who == CLI_LOGIN_AGENT && cli->cfg.login[0])
		snprintf(login, sizeof(login), "%s", cli->cfg.login);

	if (cli->embedded) {
		if (!cluster_exists(&cli->cluster))
			return rd_error_set(err, RD_UNAVAILABLE,
				_("no database set up in %s: run scripts/demo, or 'repeatdesk db init', or give --db"),
				cli->cluster.home);
		if (main_db && (st = cluster_start(&cli->cluster, err)) != RD_OK)
			return st;
		if (!login[0]) {
			if (who == CLI_LOGIN_ADMIN)
				snprintf(login, sizeof(login), "%s", CLUSTER_ADMIN);
			else if (cluster_default_login(&cli->cluster, login, sizeof(login)) != RD_OK)
				return rd_error_set(err, RD_USAGE,
					_("say who you are: repeatdesk --as LOGIN (see 'repeatdesk agent list')"));
		}
		if (cluster_password(&cli->cluster, login, password, sizeof(password), err) != RD_OK)
			return rd_error_set(err, RD_AUTH,
				_("no stored password for '%s' in this embedded database (known logins: 'repeatdesk agent list')"),
				login);
		p.password = password;
	}
	if (login[0])
		p.user = login;
	/* a DBA tells terminals apart in pg_stat_activity: the UI by its
	 * login, host and tty, a command by its name (PGAPPNAME and the
	 * conninfo's application_name still win) */
	if (cli->command)
		snprintf(what, sizeof(what), "repeatdesk-cli %s", cli->command);
	else
		snprintf(what, sizeof(what), "repeatdesk");
	db_app_name(appname, sizeof(appname), what, login[0] ? login : NULL, !cli->command);
	if (main_db)
		p.listen_conninfo = cli->listen_conninfo;
	if ((st = cli_prepare(cli, &p.prepare, err)) != RD_OK)
		return st;
	st = db_open(out, &p, err);
	if (st == RD_AUTH && !cli->embedded && isatty(0) &&
	    prompt_password(login[0] ? login : "you", password, sizeof(password))) {
		p.password = password;
		st = db_open(out, &p, err);
	}
	memset(password, 0, sizeof(password));
	return st;
}

enum rd_status cli_connect(struct cli *cli, enum cli_login who,
			   struct rd_db **out, struct rd_error *err)
{
	return connect_to(cli, who, cli->conninfo, true, out, err);
}

/* A connection string that the environment gives, else the config file,
 * else none (NULL). */
static const char *env_or_config(const char *var, const char *configured)
{
	const char *env = getenv(var);

	if (env && *env)
		return env;
	return configured[0] ? configured : NULL;
}

const char *cli_listen_conninfo(const struct cli *cli)
{
	return env_or_config("REPEATDESK_LISTEN_DB", cli->cfg.listen_db);
}

enum rd_status cli_prepare(const struct cli *cli, enum db_prepare *out,
			   struct rd_error *err)
{
	const char *env = getenv("REPEATDESK_PREPARE");
	const char *v = env && *env ? env : cli->cfg.prepare;

	if (!*v || strcmp(v, "auto") == 0)
		/* a command goes through the same pool as the terminal even
		 * though it opens no LISTEN connection of its own */
		*out = cli_listen_conninfo(cli) ? DB_PREPARE_OFF : DB_PREPARE_AUTO;
	else if (strcmp(v, "on") == 0)
		*out = DB_PREPARE_ON;
	else if (strcmp(v, "off") == 0)
		*out = DB_PREPARE_OFF;
	else if (env && *env)
		return rd_error_set(err, RD_INVALID,
			_("REPEATDESK_PREPARE is '%s': use auto, on or off"), v);
	else
		return rd_error_set(err, RD_INVALID,
			_("%s: [database] prepare is '%s': use auto, on or off"),
			cli->cfg.path, v);
	return RD_OK;
}

const char *cli_report_conninfo(const struct cli *cli)
{
	return env_or_config("REPEATDESK_REPORT_DB", cli->cfg.report_db);
}

enum rd_status cli_connect_report(struct cli *cli, struct rd_db **out,
				  struct rd_error *err)
{
	const char *conninfo = cli_report_conninfo(cli);

	*out = NULL;
	if (!conninfo)
		return RD_OK;
	return connect_to(cli, CLI_LOGIN_AGENT, conninfo, false, out, err);
}

/* The language: --lang, else [ui] language, else the locale. Returns 0,
 * or an exit code after saying what is wrong (in the locale's language). */
static int setup_language(struct cli *cli, const char *lang_opt, bool cfg_ok)
{
	enum lang_choice choice = LANG_FROM_LOCALE;
	const char *bad = NULL;
	const char *warning;

	if (lang_opt && lang_parse(lang_opt, &choice) != 0)
		bad = lang_opt;
	else if (!lang_opt && cfg_ok && cli->cfg.language[0] &&
		 lang_parse(cli->cfg.language, &choice) != 0)
		bad = cli->cfg.language;
	warning = lang_setup(choice);
	if (bad && lang_opt)
		return cli_fail(cli, RD_USAGE, _("unknown language '%s' for --lang: use ja or en"), bad);
	if (bad)
		return cli_fail(cli, RD_INVALID, _("%s: [ui] language is '%s': use ja or en"),
				cli->cfg.path, bad);
	if (warning)
		fprintf(stderr, "repeatdesk: %s\n", warning);
	return 0;
}

int cli_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "as", required_argument, NULL, 'a' },
		{ "caller", required_argument, NULL, 'c' },
		{ "lang", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli cli = { .prog = "repeatdesk" };
	struct rd_error err;
	const char *lang_opt = NULL;
	const char *bad_opt = NULL;
	int bad_kind = 0;
	bool help = false;
	bool version = false;
	bool cfg_ok;
	int c, rc;

	opterr = 0;
	/* '+': stop at the first non-option, the subcommand. Nothing is said
	 * before the language is known: errors wait for the end of the loop. */
	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			cli.db_opt = optarg;
			break;
		case 'a':
			cli.as = optarg;
			break;
		case 'c':
			cli.caller = optarg;
			break;
		case 'l':
			lang_opt = optarg;
			break;
		case 'h':
			help = true;
			break;
		case 'V':
			version = true;
			break;
		default:
			if (!bad_opt) {
				bad_opt = argv[optind - 1];
				bad_kind = c;
			}
			break;
		}
		if (help || version)
			break;
	}
	cfg_ok = cli_config_load(&cli.cfg, &err) == RD_OK;
	if ((rc = setup_language(&cli, lang_opt, cfg_ok)) != 0)
		return rc;
	if (bad_opt && bad_kind == ':')
		return cli_fail(&cli, RD_USAGE, _("option '%s' needs a value (see repeatdesk --help)"),
				bad_opt);
	if (bad_opt)
		return cli_fail(&cli, RD_USAGE, _("unknown option '%s' (see repeatdesk --help)"),
				bad_opt);
	if (help) {
		usage(stdout);
		return 0;
	}
	if (version) {
		printf("repeatdesk %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (!cfg_ok)
		return cli_fail_err(&cli, &err);
	if (optind >= argc)
		return cli_cmd_ui(&cli);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[optind], commands[i].name) == 0) {
			int sub_argc = argc - optind;
			char **sub_argv = argv + optind;

			optind = 0;  /* glibc: full reinitialisation for the subcommand */
			cli.command = commands[i].name;
			return commands[i].fn(&cli, sub_argc, sub_argv);
		}
	}
	return cli_fail(&cli, RD_USAGE, _("unknown command '%s' (see repeatdesk --help)"),
			argv[optind]);
}
