/* bizlang.c: the business's language read from the database, and its
 * catalogue read apart from gettext's (see repeatdesk/bizlang.h). */
#include "repeatdesk/bizlang.h"
#include "repeatdesk/catalog.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/xalloc.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BIZLANG_MAX 8
#define BIZLANG_FILE_MAX (64u << 20)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* Catalogues read so far, by language; kept to the end of the process
 * (a stored text may still point into one). */
static struct {
	char lang[BIZLANG_SIZE];
	struct rd_catalog *cat;   /* NULL: none there, answers in English */
} cache[BIZLANG_MAX];
static int ncache;

static bool valid_lang(const char *lang)
{
	size_t n = lang ? strlen(lang) : 0;

	if (n < 2 || n >= BIZLANG_SIZE)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((lang[i] >= 'a' && lang[i] <= 'z') || lang[i] == '_' ||
		      (lang[i] >= 'A' && lang[i] <= 'Z')))
			return false;
	return true;
}

enum rd_status bizlang_read(struct rd_db *db, char lang[BIZLANG_SIZE],
			    struct rd_error *err)
{
	enum rd_status st = db_query_value(db, "SELECT rd.business_language()", 0, NULL,
					   lang, BIZLANG_SIZE, NULL, err);

	if (st == RD_OK && !valid_lang(lang))
		snprintf(lang, BIZLANG_SIZE, "ja");
	return st;
}

static struct rd_catalog *load(const char *lang)
{
	const char *dir = bindtextdomain(RD_TEXTDOMAIN, NULL);
	char *path;
	FILE *f;
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, got;
	struct rd_catalog *cat = NULL;

	if (!dir)
		return NULL;
	path = xasprintf("%s/%s/LC_MESSAGES/%s.mo", dir, lang, RD_TEXTDOMAIN);
	f = fopen(path, "rb");
	free(path);
	if (!f)
		return NULL;
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > BIZLANG_FILE_MAX)
				goto out;
			buf = xrealloc(buf, cap);
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	if (!ferror(f))
		cat = rd_catalog_new(buf, len);
out:
	fclose(f);
	free(buf);
	return cat;
}

const struct rd_catalog *bizlang_catalog(const char *lang)
{
	const struct rd_catalog *found = NULL;
	bool known = false;

	if (!valid_lang(lang) || strcmp(lang, "en") == 0)
		return rd_catalog_msgids();
	pthread_mutex_lock(&lock);
	for (int i = 0; i < ncache; i++)
		if (strcmp(cache[i].lang, lang) == 0) {
			found = cache[i].cat;
			known = true;
			break;
		}
	if (!known && ncache < BIZLANG_MAX) {
		struct rd_catalog *cat = load(lang);

		snprintf(cache[ncache].lang, sizeof(cache[0].lang), "%s", lang);
		cache[ncache++].cat = cat;
		found = cat;
	}
	pthread_mutex_unlock(&lock);
	return found ? found : rd_catalog_msgids();
}

void bizlang_enter(const char *lang, struct bizlang_scope *sc)
{
	sc->prev = rd_i18n_override(bizlang_catalog(lang));
}

void bizlang_leave(struct bizlang_scope *sc)
{
	rd_i18n_override(sc->prev);
}

enum rd_status bizlang_enter_db(struct rd_db *db, struct bizlang_scope *sc,
				struct rd_error *err)
{
	char lang[BIZLANG_SIZE];
	enum rd_status st = bizlang_read(db, lang, err);

	/* on an error the scope hands back what is in force now */
	sc->prev = rd_i18n_override(NULL);
	rd_i18n_override(sc->prev);
	if (st == RD_OK)
		bizlang_enter(lang, sc);
	return st;
}

enum rd_status bizlang_printf(struct rd_db *db, char *out, size_t outsz,
			      struct rd_error *err, const char *msgid, ...)
{
	struct bizlang_scope sc;
	enum rd_status st = bizlang_enter_db(db, &sc, err);
	va_list ap;

	va_start(ap, msgid);
	vsnprintf(out, outsz, _(msgid), ap);
	va_end(ap);
	if (st == RD_OK)
		bizlang_leave(&sc);
	return st;
}

void bizlang_reset(void)
{
	pthread_mutex_lock(&lock);
	for (int i = 0; i < ncache; i++)
		rd_catalog_free(&cache[i].cat);
	ncache = 0;
	pthread_mutex_unlock(&lock);
}
