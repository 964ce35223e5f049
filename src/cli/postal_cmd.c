/* postal_cmd.c: `repeatdesk postal lookup|import`.
 *
 * lookup uses the database's postal-code table first and then the service
 * of the configuration file's [postal] section (endpoint, timeout_ms);
 * REPEATDESK_POSTAL_ENDPOINT overrides the endpoint. Without a database
 * it still asks the service. import loads KEN_ALL.CSV (UTF-8) as the
 * cluster owner (embedded) or the --as login (central: a supervisor). */
#include "repeatdesk/i18n.h"
#include "repeatdesk/normalize.h"
#include "repeatdesk/postal.h"
#include "repeatdesk/postal_store.h"
#include "cli_internal.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void postal_usage(FILE *out)
{
	fputs(_("Usage: repeatdesk postal lookup CODE [--endpoint URL] [--format table|json|csv]\n"
		"       repeatdesk postal import FILE|- [--format table|json|csv]\n"
		"\n"
		"lookup gives prefecture, city and town of a postal code: from the\n"
		"imported national file, else from the postal-code service of the\n"
		"configuration file ([postal] endpoint, timeout_ms; about 2 seconds at\n"
		"most), whose answers are kept. import replaces the national rows with\n"
		"Japan Post's KEN_ALL.CSV converted to UTF-8:\n"
		"  iconv -f CP932 -t UTF-8 KEN_ALL.CSV > ken_all.csv\n"), out);
}

static int parse_opts(struct cli *cli, const char *cmd, int argc, char **argv,
		      enum table_format *fmt, const char **endpoint, const char **arg)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "endpoint", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	*fmt = TABLE_FMT_TABLE;
	*arg = NULL;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
			if (cli_parse_format(cli, optarg, fmt) != 0)
				return 2;
			break;
		case 'e':
			if (!endpoint)
				return cli_fail(cli, RD_USAGE, _("postal %s does not take --endpoint"), cmd);
			*endpoint = optarg;
			break;
		case 'h':
			postal_usage(stdout);
			return -1;
		default:
			return cli_fail(cli, RD_USAGE, _("unknown option '%s' for postal %s"),
					argv[optind - 1], cmd);
		}
	}
	if (optind != argc - 1)
		return cli_fail(cli, RD_USAGE, _("postal %s needs exactly one %s"), cmd,
				strcmp(cmd, "lookup") == 0 ? "CODE" : "FILE");
	*arg = argv[optind];
	return 0;
}

static int cmd_lookup(struct cli *cli, int argc, char **argv)
{
	struct postal_config cfg;
	struct postal_answer ans;
	enum postal_source src = POSTAL_SOURCE_SERVICE;
	const char *endpoint = NULL, *code, *env = getenv("REPEATDESK_POSTAL_ENDPOINT");
	enum table_format fmt;
	struct rd_db *db = NULL;
	struct rd_error err;
	struct table *t;
	int rc;

	if ((rc = parse_opts(cli, "lookup", argc, argv, &fmt, &endpoint, &code)) != 0)
		return rc < 0 ? 0 : rc;
	postal_config_init(&cfg);
	if (!endpoint)
		endpoint = env && *env ? env : cli->cfg.postal_url;
	if (postal_config_set(&cfg, endpoint, cli->cfg.postal_timeout_ms, &err) != RD_OK)
		return cli_fail_err(cli, &err);
	postal_global_init();
	/* the table is only the first place to look: without a database the
	 * service still answers */
	if (cli_resolve(cli, &err) == RD_OK)
		cli_connect(cli, CLI_LOGIN_AGENT, &db, &err);
	if (postal_store_lookup(db, &cfg, code, &ans, &src, &err) != RD_OK) {
		db_free(&db);
		return cli_fail_err(cli, &err);
	}
	db_free(&db);
	t = table_new();
	table_add_column(t, "postal_code", _("postal code"), TABLE_TEXT);
	table_add_column(t, "prefecture", _("prefecture"), TABLE_TEXT);
	table_add_column(t, "city", _("city"), TABLE_TEXT);
	table_add_column(t, "town", _("town"), TABLE_TEXT);
	table_add_column(t, "source", _("source"), TABLE_TEXT);
	for (size_t i = 0; i < ans.n; i++) {
		struct sbuf pc;

		sbuf_init(&pc);
		normalize_postal_format(&pc, ans.addr[i].postal_code);
		table_add_row(t);
		table_set(t, 0, pc.buf);
		table_set(t, 1, ans.addr[i].prefecture);
		table_set(t, 2, ans.addr[i].city);
		table_set(t, 3, ans.addr[i].town);
		table_set(t, 4, postal_source_name(src));
		sbuf_done(&pc);
	}
	cli_print(t, fmt, false);
	table_free(&t);
	return 0;
}

static int cmd_import(struct cli *cli, int argc, char **argv)
{
	struct postal_import_stats stats;
	enum table_format fmt;
	const char *path;
	struct rd_db *db = NULL;
	struct rd_error err;
	struct table *t;
	FILE *f;
	int rc;

	if ((rc = parse_opts(cli, "import", argc, argv, &fmt, NULL, &path)) != 0)
		return rc < 0 ? 0 : rc;
	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return cli_fail(cli, RD_INVALID, _("cannot read %s: %s"), path, strerror(errno));
	if (cli_resolve(cli, &err) != RD_OK || cli_connect(cli, CLI_LOGIN_ADMIN, &db, &err) != RD_OK) {
		if (f != stdin)
			fclose(f);
		return cli_fail_err(cli, &err);
	}
	if (postal_store_import(db, f, &stats, &err) != RD_OK) {
		if (f != stdin)
			fclose(f);
		db_free(&db);
		return cli_fail(cli, err.status, "%s: %s", path, err.msg);
	}
	if (f != stdin)
		fclose(f);
	db_free(&db);
	t = table_new();
	table_add_column(t, "records", _("records read"), TABLE_INT);
	table_add_column(t, "joined", _("continued lines joined"), TABLE_INT);
	table_add_column(t, "addresses", _("addresses"), TABLE_INT);
	table_add_column(t, "replaced", _("rows replaced"), TABLE_INT);
	table_add_column(t, "bulk", _("bulk load"), TABLE_BOOL);
	table_add_row(t);
	table_setf(t, 0, "%lld", stats.records);
	table_setf(t, 1, "%lld", stats.joined);
	table_setf(t, 2, "%lld", stats.addresses);
	table_setf(t, 3, "%lld", stats.replaced);
	table_set(t, 4, stats.bulk ? "true" : "false");
	cli_print(t, fmt, true);
	table_free(&t);
	return 0;
}

int cli_cmd_postal(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub || cli_is_help(sub)) {
		postal_usage(sub ? stdout : stderr);
		return sub ? 0 : 2;
	}
	if (strcmp(sub, "lookup") == 0)
		return cmd_lookup(cli, argc - 1, argv + 1);
	if (strcmp(sub, "import") == 0)
		return cmd_import(cli, argc - 1, argv + 1);
	return cli_fail(cli, RD_USAGE, _("unknown postal command '%s' (see repeatdesk postal --help)"), sub);
}
