/* agent_cmd.c: `repeatdesk agent add|list`. */
#include "repeatdesk/agent.h"
#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "cli_internal.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void agent_usage(FILE *out)
{
	fputs(_("Usage: repeatdesk agent add LOGIN --name NAME --role operator|agent|supervisor\n"
		"                           [--password-file FILE]\n"
		"       repeatdesk agent list [--format table|json|csv]\n"
		"\n"
		"add creates the agent's own database login. Without --password-file a\n"
		"password is generated: it is printed once (central database) or kept in\n"
		"the embedded database's 0600 password file. Only supervisors may add\n"
		"agents; the database enforces it.\n"), out);
}

static int read_password_file(struct cli *cli, const char *path, char *out, size_t outsz)
{
	FILE *f = fopen(path, "r");

	if (!f)
		return cli_fail(cli, RD_INVALID, _("cannot read the password file %s"), path);
	if (!fgets(out, (int)outsz, f)) {
		fclose(f);
		return cli_fail(cli, RD_INVALID, _("the password file %s is empty"), path);
	}
	fclose(f);
	out[strcspn(out, "\r\n")] = '\0';
	if (strlen(out) < 8)
		return cli_fail(cli, RD_INVALID, _("the password must have at least 8 characters"));
	return 0;
}

static int cmd_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "password-file", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *name = NULL, *role = NULL, *pwfile = NULL, *login;
	char password[256];
	struct rd_db *db = NULL;
	struct rd_error err;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 'r': role = optarg; break;
		case 'p': pwfile = optarg; break;
		case 'h': agent_usage(stdout); return 0;
		default:
			return cli_fail(cli, RD_USAGE, _("unknown option '%s' for agent add"), argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_fail(cli, RD_USAGE, _("agent add needs exactly one LOGIN (see repeatdesk agent --help)"));
	login = argv[optind];
	if (!agent_login_valid(login))
		return cli_fail(cli, RD_INVALID,
			_("login '%s' is not valid: 2-31 lowercase letters, digits or _, starting with a letter, not rd_ or pg_"),
			login);
	if (!name || !*name)
		return cli_fail(cli, RD_USAGE, _("agent add needs --name NAME"));
	if (!role)
		return cli_fail(cli, RD_USAGE, _("agent add needs --role operator|agent|supervisor"));
	if (pwfile) {
		if ((rc = read_password_file(cli, pwfile, password, sizeof(password))) != 0)
			return rc;
	} else if (cluster_random_password(password, 21, &err) != RD_OK) {
		return cli_fail_err(cli, &err);
	}
	if (cli_connect(cli, CLI_LOGIN_ADMIN, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (agent_add(db, login, name, role, password, &err) != RD_OK) {
		db_free(&db);
		return cli_fail_err(cli, &err);
	}
	db_free(&db);
	if (cli->embedded && cluster_save_password(&cli->cluster, login, password, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (cli->embedded || pwfile)
		printf(_("agent %s (%s) added\n"), login, role);
	else
		printf(_("agent %s (%s) added; password: %s\n"), login, role, password);
	memset(password, 0, sizeof(password));
	return 0;
}

static int cmd_list(struct cli *cli, int argc, char **argv)
{
	enum table_format fmt = TABLE_FMT_TABLE;
	struct rd_db *db = NULL;
	struct rd_error err;
	struct db_rows rows;
	struct table *t;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			if (cli_parse_format(cli, argv[++i], &fmt) != 0)
				return 2;
		} else if (strncmp(argv[i], "--format=", 9) == 0) {
			if (cli_parse_format(cli, argv[i] + 9, &fmt) != 0)
				return 2;
		} else if (cli_is_help(argv[i])) {
			agent_usage(stdout);
			return 0;
		} else {
			return cli_fail(cli, RD_USAGE, _("unknown option '%s' for agent list"), argv[i]);
		}
	}
	if (cli_connect(cli, CLI_LOGIN_ADMIN, &db, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (agent_list(db, &rows, &err) != RD_OK) {
		db_free(&db);
		return cli_fail_err(cli, &err);
	}
	t = table_new();
	table_add_column(t, "login", _("login"), TABLE_TEXT);
	table_add_column(t, "name", _("name"), TABLE_TEXT);
	table_add_column(t, "role", _("role"), TABLE_TEXT);
	table_add_column(t, "team", _("team"), TABLE_TEXT);
	table_add_column(t, "active", _("in use"), TABLE_BOOL);
	for (int r = 0; r < rows.nrows; r++) {
		const char *role = db_rows_get(&rows, r, 2);

		table_add_row(t);
		for (int col = 0; col < 5; col++)
			table_set(t, col, db_rows_get(&rows, r, col));
		if (role)
			table_set_words(t, 2, history_enum_words("agents", "role", role));
	}
	cli_print(t, fmt, false);
	table_free(&t);
	db_rows_free(&rows);
	db_free(&db);
	return 0;
}

int cli_cmd_agent(struct cli *cli, int argc, char **argv)
{
	struct rd_error err;
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub || cli_is_help(sub)) {
		agent_usage(sub ? stdout : stderr);
		return sub ? 0 : 2;
	}
	if (cli_resolve(cli, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	if (strcmp(sub, "add") == 0)
		return cmd_add(cli, argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return cmd_list(cli, argc - 1, argv + 1);
	return cli_fail(cli, RD_USAGE, _("unknown agent command '%s' (see repeatdesk agent --help)"), sub);
}
