/* postal_store.c: postal codes from the database, then the service, and
 * the KEN_ALL import (postal_store.h). */
#include "repeatdesk/postal_store.h"
#include "repeatdesk/csv.h"
#include "repeatdesk/bizlang.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/normalize.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/width.h"
#include "repeatdesk/timeouts.h"

#include <stdlib.h>
#include <string.h>

#define KEN_ALL_FIELDS 15
#define KEN_CODE 2
#define KEN_PREFECTURE 6
#define KEN_CITY 7
#define KEN_TOWN 8
/* a joined town name longer than this is a broken file */
#define KEN_TOWN_MAX 2048
#define COPY_CHUNK (1u << 20)

const char *postal_source_name(enum postal_source s)
{
	switch (s) {
	case POSTAL_SOURCE_KEN_ALL: return "ken_all";
	case POSTAL_SOURCE_CACHE: return "cache";
	case POSTAL_SOURCE_SERVICE: return "service";
	}
	return "?";
}

/* ---- lookup ------------------------------------------------------------ */

static enum rd_status read_table(struct rd_db *db, const char *code,
				 struct postal_answer *out, enum postal_source *source,
				 struct rd_error *err)
{
	const char *p[1] = { code };
	struct db_rows r;
	enum rd_status st;

	out->n = 0;
	st = db_query(db,
		"SELECT postal_code, prefecture, city, town, source FROM rd.postal_codes"
		" WHERE postal_code = $1"
		"   AND (source = 'ken_all' OR updated_at > now() - make_interval(days =>"
		"        coalesce((SELECT CASE WHEN value ~ '^[0-9]{1,5}$' THEN value::int END"
		"                    FROM rd.settings WHERE key = 'postal_cache_days'), 365)))"
		" ORDER BY source = 'ken_all' DESC, id LIMIT 16", 1, p, &r, err);
	if (st != RD_OK)
		return st;
	for (int i = 0; i < r.nrows && out->n < POSTAL_MAX_ADDRESSES; i++) {
		struct postal_address *a = &out->addr[out->n];
		bool ken = strcmp(db_rows_get(&r, i, 4), "ken_all") == 0;

		if (i == 0)
			*source = ken ? POSTAL_SOURCE_KEN_ALL : POSTAL_SOURCE_CACHE;
		else if (ken != (*source == POSTAL_SOURCE_KEN_ALL))
			break;  /* national rows win over cached ones */
		utf8_copy(a->postal_code, sizeof(a->postal_code), db_rows_get(&r, i, 0));
		utf8_copy(a->prefecture, sizeof(a->prefecture), db_rows_get(&r, i, 1));
		utf8_copy(a->city, sizeof(a->city), db_rows_get(&r, i, 2));
		utf8_copy(a->town, sizeof(a->town), db_rows_get(&r, i, 3));
		out->n++;
	}
	db_rows_free(&r);
	return RD_OK;
}

enum rd_status postal_store_lookup(struct rd_db *db, const struct postal_config *cfg,
				   const char *code, struct postal_answer *out,
				   enum postal_source *source, struct rd_error *err)
{
	char digits[NORMALIZE_POSTAL_SIZE];
	enum postal_source src = POSTAL_SOURCE_SERVICE;
	struct rd_error derr;
	bool db_ok = true;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	if (normalize_postal(code ? code : "", digits, sizeof(digits), err) != RD_OK) {
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		return rd_error_set(err, RD_INVALID, _("postal code: %s"), msg);
	}
	st = read_table(db, digits, out, &src, &derr);
	if (st == RD_OK && out->n > 0) {
		if (source)
			*source = src;
		return RD_OK;
	}
	if (st != RD_OK)
		db_ok = false;   /* still ask the service: the operator waits */
	if (!cfg || !cfg->endpoint[0]) {
		if (!db_ok)
			return rd_error_set(err, derr.status, "%s", derr.msg);
		return rd_error_set(err, RD_NOT_FOUND,
			_("postal code %.3s-%.4s is not in the postal-code table and no postal-code service is configured; type the address"),
			digits, digits + 3);
	}
	st = postal_fetch(cfg, digits, out, err);
	if (st != RD_OK)
		return st;
	if (source)
		*source = POSTAL_SOURCE_SERVICE;
	/* caching is an optimisation: a failure costs the next lookup a
	 * request, never this answer */
	for (size_t i = 0; db_ok && i < out->n; i++) {
		const struct postal_address *a = &out->addr[i];
		const char *p[4] = { a->postal_code, a->prefecture, a->city, a->town };

		if (db_exec(db, "SELECT rd.postal_cache($1, $2, $3, $4)", 4, p, NULL,
			    &derr) != RD_OK)
			break;
	}
	return RD_OK;
}

/* ---- KEN_ALL ------------------------------------------------------------ */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

void postal_clean_town(const char *town, char *out, size_t outsz)
{
	char buf[KEN_TOWN_MAX + 1];
	char *paren;

	utf8_copy(buf, sizeof(buf), town);
	/* notes in full-width parentheses: ranges of block numbers, floors,
	 * "次のビルを除く", ... (also when KEN_ALL left one unclosed) */
	if ((paren = strstr(buf, "（")) != NULL)
		*paren = '\0';
	if (strcmp(buf, "以下に掲載がない場合") == 0 ||
	    ends_with(buf, "の次に番地がくる場合") ||
	    ends_with(buf, "の次に番地がくる場合。") ||
	    (ends_with(buf, "一円") && strcmp(buf, "一円") != 0))
		buf[0] = '\0';
	utf8_copy(out, outsz, buf);
}

struct importer {
	struct rd_db *db;
	struct sbuf copy;          /* COPY text not yet sent */
	struct postal_import_stats *stats;
	/* a town name that continues on the next records */
	bool open;
	unsigned long open_line;
	char code[8];
	char prefecture[POSTAL_PREFECTURE_SIZE];
	char city[POSTAL_CITY_SIZE];
	struct sbuf town;
};

static void copy_field(struct sbuf *sb, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': sbuf_adds(sb, "\\\\"); break;
		case '\t': sbuf_adds(sb, "\\t"); break;
		case '\n': sbuf_adds(sb, "\\n"); break;
		case '\r': sbuf_adds(sb, "\\r"); break;
		default: sbuf_addc(sb, *s);
		}
	}
}

static enum rd_status flush_copy(struct importer *im, bool force, struct rd_error *err)
{
	enum rd_status st = RD_OK;

	if (im->copy.len && (force || im->copy.len >= COPY_CHUNK)) {
		st = db_copy_send(im->db, im->copy.buf, im->copy.len, err);
		sbuf_reset(&im->copy);
	}
	return st;
}

static enum rd_status emit(struct importer *im, const char *code, const char *pref,
			   const char *city, const char *town, struct rd_error *err)
{
	char clean[POSTAL_TOWN_SIZE];

	postal_clean_town(town, clean, sizeof(clean));
	copy_field(&im->copy, code);
	sbuf_addc(&im->copy, '\t');
	copy_field(&im->copy, pref);
	sbuf_addc(&im->copy, '\t');
	copy_field(&im->copy, city);
	sbuf_addc(&im->copy, '\t');
	copy_field(&im->copy, clean);
	sbuf_addc(&im->copy, '\n');
	return flush_copy(im, false, err);
}

static enum rd_status emit_open(struct importer *im, struct rd_error *err)
{
	if (!im->open)
		return RD_OK;
	im->open = false;
	return emit(im, im->code, im->prefecture, im->city, im->town.buf, err);
}

static bool utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned char c = p[i];
		size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
			   : (c & 0xF8) == 0xF0 ? 4 : 0;

		if (len == 0 || (len == 2 && c < 0xC2) || i + len > n)
			return false;
		for (size_t k = 1; k < len; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
		i += len;
	}
	return true;
}

static enum rd_status on_record(void *ctx, const struct csv_record *rec,
				struct rd_error *err)
{
	struct importer *im = ctx;
	const char *code, *pref, *city, *town;
	enum rd_status st;

	im->stats->records++;
	if (rec->nfields != KEN_ALL_FIELDS)
		return rd_error_set(err, RD_INVALID,
			_("line %lu: a KEN_ALL record has %d fields, this one has %zu; is this KEN_ALL.CSV?"),
			rec->line, KEN_ALL_FIELDS, rec->nfields);
	for (size_t i = 0; i < rec->nfields; i++)
		if (!utf8_valid(rec->fields[i], rec->lens[i]) ||
		    strlen(rec->fields[i]) != rec->lens[i])
			return rd_error_set(err, RD_INVALID,
				_("line %lu: the text is not UTF-8; convert the file first (iconv -f CP932 -t UTF-8 KEN_ALL.CSV)"),
				rec->line);
	code = rec->fields[KEN_CODE];
	pref = rec->fields[KEN_PREFECTURE];
	city = rec->fields[KEN_CITY];
	town = rec->fields[KEN_TOWN];
	if (strlen(code) != 7 || strspn(code, "0123456789") != 7)
		return rd_error_set(err, RD_INVALID,
			_("line %lu: the postal code (field 3) is not 7 digits"), rec->line);
	if (!postal_prefecture_valid(pref))
		return rd_error_set(err, RD_INVALID,
			_("line %lu: field 7 is not a prefecture; is this KEN_ALL.CSV in UTF-8?"),
			rec->line);
	if (!*city || strlen(city) >= POSTAL_CITY_SIZE)
		return rd_error_set(err, RD_INVALID,
			_("line %lu: the city (field 8) is empty or too long"), rec->line);

	if (im->open) {
		if (strcmp(code, im->code) == 0 && strcmp(city, im->city) == 0) {
			/* the town name goes on */
			im->stats->joined++;
			sbuf_adds(&im->town, town);
			if (im->town.len > KEN_TOWN_MAX)
				return rd_error_set(err, RD_INVALID,
					_("line %lu: the town name that starts there never ends"),
					im->open_line);
			if (strstr(town, "）"))
				return emit_open(im, err);
			return RD_OK;
		}
		/* unclosed: keep what there was */
		if ((st = emit_open(im, err)) != RD_OK)
			return st;
	}
	if (strstr(town, "（") && !strstr(town, "）")) {
		im->open = true;
		im->open_line = rec->line;
		utf8_copy(im->code, sizeof(im->code), code);
		utf8_copy(im->prefecture, sizeof(im->prefecture), pref);
		utf8_copy(im->city, sizeof(im->city), city);
		sbuf_reset(&im->town);
		sbuf_adds(&im->town, town);
		return RD_OK;
	}
	return emit(im, code, pref, city, town, err);
}

static enum rd_status import_rows(struct importer *im, FILE *f, struct rd_error *err)
{
	struct csv_parser *p = csv_parser_new(on_record, im);
	char *buf = malloc(64 * 1024);
	enum rd_status st = RD_OK;
	size_t n;

	if (!buf) {
		csv_parser_free(&p);
		return rd_error_set(err, RD_INTERNAL, _("out of memory"));
	}
	while (st == RD_OK && (n = fread(buf, 1, 64 * 1024, f)) > 0)
		st = csv_parser_feed(p, buf, n, err);
	if (st == RD_OK && ferror(f))
		st = rd_error_set(err, RD_INVALID, _("cannot read the file"));
	if (st == RD_OK)
		st = csv_parser_finish(p, err);
	if (st == RD_OK)
		st = emit_open(im, err);
	if (st == RD_OK && im->stats->records == 0)
		st = rd_error_set(err, RD_INVALID, _("the file is empty"));
	if (st == RD_OK)
		st = flush_copy(im, true, err);
	csv_parser_free(&p);
	free(buf);
	return st;
}

enum rd_status postal_store_import(struct rd_db *db, FILE *f,
				   struct postal_import_stats *out, struct rd_error *err)
{
	struct importer im;
	char flag[16], num[32], reason[64];
	bool in_tx = false;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	memset(&im, 0, sizeof(im));
	im.db = db;
	im.stats = out;
	sbuf_init(&im.copy);
	sbuf_init(&im.town);

	/* the history's reason, in the business's language */
	bizlang_printf(db, reason, sizeof(reason), err, N_("postal import"));
	if ((st = db_begin(db, reason, NULL, err)) != RD_OK)
		goto out;
	in_tx = true;
	/* KEN_ALL is 124,000 rows: no time limit; a second import waits */
	if ((st = timeouts_long_job(db, TIMEOUTS_LOCKS_MINUTE, err)) != RD_OK)
		goto out;
	/* lookups go on; a second import waits */
	if ((st = db_exec(db, "LOCK TABLE rd.postal_codes IN SHARE ROW EXCLUSIVE MODE", 0,
			  NULL, NULL, err)) != RD_OK)
		goto out;
	if ((st = db_query_value(db, "SELECT current_setting('is_superuser')", 0, NULL, flag,
				 sizeof(flag), NULL, err)) != RD_OK)
		goto out;
	out->bulk = strcmp(flag, "on") == 0;
	if (out->bulk &&
	    (st = db_exec(db, "SET LOCAL session_replication_role = replica", 0, NULL, NULL,
			  err)) != RD_OK)
		goto out;
	if ((st = db_exec(db,
			  "CREATE TEMP TABLE postal_import (postal_code text, prefecture text,"
			  " city text, town text) ON COMMIT DROP", 0, NULL, NULL, err)) != RD_OK)
		goto out;
	if ((st = db_copy_begin(db, "COPY postal_import FROM STDIN", err)) != RD_OK)
		goto out;
	st = import_rows(&im, f, err);
	if (st != RD_OK) {
		struct rd_error ignore;

		/* end the COPY so the connection can roll back */
		db_copy_end(db, &ignore);
		goto out;
	}
	if ((st = db_copy_end(db, err)) != RD_OK)
		goto out;
	if ((st = db_query_value(db,
			"WITH d AS (DELETE FROM rd.postal_codes WHERE source = 'ken_all' RETURNING 1)"
			" SELECT count(*) FROM d", 0, NULL, num, sizeof(num), NULL, err)) != RD_OK)
		goto out;
	out->replaced = strtoll(num, NULL, 10);
	if ((st = db_query_value(db,
			"WITH i AS (INSERT INTO rd.postal_codes (postal_code, prefecture, city,"
			"           town, source)"
			"  SELECT DISTINCT postal_code, prefecture, city, town, 'ken_all'"
			"    FROM postal_import ORDER BY 1, 2, 3, 4"
			"  ON CONFLICT DO NOTHING RETURNING 1)"
			" SELECT count(*) FROM i", 0, NULL, num, sizeof(num), NULL, err)) != RD_OK)
		goto out;
	out->addresses = strtoll(num, NULL, 10);
	if ((st = db_exec(db,
			"DELETE FROM rd.postal_codes s WHERE s.source = 'service'"
			"   AND EXISTS (SELECT 1 FROM rd.postal_codes k"
			"                WHERE k.source = 'ken_all' AND k.postal_code = s.postal_code)",
			0, NULL, NULL, err)) != RD_OK)
		goto out;
	if (out->bulk) {
		char rows[32], records[32];
		const char *p[2] = { rows, records };

		snprintf(rows, sizeof(rows), "%lld", out->addresses);
		snprintf(records, sizeof(records), "%lld", out->records);
		st = db_exec(db, "SET LOCAL session_replication_role = origin", 0, NULL, NULL, err);
		if (st == RD_OK)
			st = db_exec(db,
				"INSERT INTO rd.history (table_name, row_key, op, new_row, reason)"
				" VALUES ('postal_codes', '*bulk*', 'INSERT',"
				"  jsonb_build_object('rows', $1::bigint, 'records', $2::bigint,"
				"                     'source', 'ken_all'),"
				"  nullif(current_setting('repeatdesk.reason', true), ''))",
				2, p, NULL, err);
		if (st != RD_OK)
			goto out;
	}
	st = db_commit(db, err);
	in_tx = false;
	if (st == RD_OK && out->bulk)
		db_exec(db, "ANALYZE rd.postal_codes", 0, NULL, NULL, NULL);
out:
	if (in_tx)
		db_rollback(db);
	sbuf_done(&im.copy);
	sbuf_done(&im.town);
	return st;
}
