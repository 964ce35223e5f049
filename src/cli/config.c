/* config.c: the per-user configuration file,
 * ${XDG_CONFIG_HOME:-~/.config}/repeatdesk/config (INI).
 *
 * It holds what belongs to one terminal: which database, the report
 * database, where LISTEN goes (a direct or session-pooled connection
 * behind a transaction-pooling PgBouncer), whether statements are
 * prepared (not through such a pool), the postal-code endpoint,
 * colours, the language. Business
 * rules live in the database's settings table so that every terminal
 * agrees. */
#include "repeatdesk/cluster.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/ini.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"
#include "cli_internal.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

struct known_key {
	const char *section;
	const char *key;
	size_t offset;
	size_t size;
};

#define KEY(sec, k, field) \
	{ sec, k, offsetof(struct cli_config, field), sizeof(((struct cli_config *)0)->field) }

static const struct known_key known[] = {
	KEY("database", "conninfo", database),
	KEY("database", "report", report_db),
	KEY("database", "listen", listen_db),
	KEY("database", "prepare", prepare),
	KEY("database", "login", login),
	KEY("postal", "endpoint", postal_url),
	KEY("postal", "timeout_ms", postal_timeout_ms),
	KEY("ui", "colors", colors),
	KEY("ui", "language", language),
	KEY("ui", "ambiguous_width", ambiguous_width),
};

static enum rd_status on_entry(void *ctx, const char *section, const char *key,
			       const char *value, unsigned line, struct rd_error *err)
{
	struct cli_config *cfg = ctx;

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(section ? section : "", known[i].section) == 0 &&
		    strcmp(key, known[i].key) == 0) {
			if (strlen(value) >= known[i].size)
				return rd_error_set(err, RD_INVALID,
					_("%s line %u: the value of %s is too long"),
					cfg->path, line, key);
			snprintf((char *)cfg + known[i].offset, known[i].size, "%s", value);
			return RD_OK;
		}
	}
	return rd_error_set(err, RD_INVALID,
		_("%s line %u: unknown setting '%s' in section [%s]"),
		cfg->path, line, key, section ? section : "");
}

/* [ui] ambiguous_width = 1|2: how this terminal shows ※ ○ ① ─ ×. Without
 * it, what the C library's wcwidth() says for ※ under the locale (set by
 * the caller), i.e. what the terminal's locale expects. */
static enum rd_status apply_ambiguous_width(const struct cli_config *cfg,
					    struct rd_error *err)
{
	const char *v = cfg->ambiguous_width;

	if (!*v) {
		width_set_ambiguous(wcwidth(0x203B) == 2 ? 2 : 1);
		return RD_OK;
	}
	if (strcmp(v, "1") != 0 && strcmp(v, "2") != 0)
		return rd_error_set(err, RD_INVALID,
			_("%s: ambiguous_width in [ui] must be 1 or 2, not '%s'"),
			cfg->path, v);
	width_set_ambiguous(v[0] - '0');
	return RD_OK;
}

enum rd_status cli_config_load(struct cli_config *cfg, struct rd_error *err)
{
	const char *env = getenv("REPEATDESK_CONFIG");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	char *buf;
	FILE *f;
	long n;
	enum rd_status st;

	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->colors, sizeof(cfg->colors), "auto");
	apply_ambiguous_width(cfg, NULL);   /* the locale's, until the file says */
	if (env && *env)
		snprintf(cfg->path, sizeof(cfg->path), "%s", env);
	else if (xdg && *xdg)
		snprintf(cfg->path, sizeof(cfg->path), "%s/repeatdesk/config", xdg);
	else if (home && *home)
		snprintf(cfg->path, sizeof(cfg->path), "%s/.config/repeatdesk/config", home);
	else
		return RD_OK;
	f = fopen(cfg->path, "r");
	if (!f) {
		if (errno == ENOENT && !(env && *env)) {
			cfg->path[0] = '\0';
			return RD_OK;
		}
		return rd_error_set(err, RD_INVALID, _("cannot read the configuration file %s: %s"),
				    cfg->path, strerror(errno));
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || n > 1 << 20 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return rd_error_set(err, RD_INVALID, _("the configuration file %s is not readable or too large"),
				    cfg->path);
	}
	buf = xmalloc((size_t)n + 1);
	n = (long)fread(buf, 1, (size_t)n, f);
	fclose(f);
	buf[n] = '\0';
	/* a conninfo with a password is a secret: owner-only, as .pgpass */
	if (strstr(buf, "password") && (st = cluster_check_secret(cfg->path, err)) != RD_OK) {
		free(buf);
		return st;
	}
	st = ini_parse(buf, (size_t)n, on_entry, cfg, err);
	free(buf);
	if (st == RD_OK)
		st = apply_ambiguous_width(cfg, err);
	return st;
}
