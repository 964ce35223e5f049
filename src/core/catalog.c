/* catalog.c: a compiled message catalogue (.mo) read from memory, and the
 * per-thread override of _() that stored texts are made under.
 *
 * The .mo layout (GNU gettext manual, "The Format of GNU MO Files"): a
 * magic number that also tells the byte order, the number of strings, and
 * two tables of (length, offset) pairs, originals sorted by msgid. No I/O
 * here: store/bizlang.c reads the file. */
#include "repeatdesk/catalog.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MO_MAGIC 0x950412deu
#define MO_MAGIC_SWAPPED 0xde120495u

struct rd_catalog {
	unsigned char *data;
	size_t len;
	uint32_t n;
	uint32_t orig;
	uint32_t trans;
	int swapped;
};

static const struct rd_catalog msgids_only;

/* The thread's override; NULL: gettext. A thread-local, not a global:
 * only the thread that makes a stored text sees it. */
static _Thread_local const struct rd_catalog *override;

static uint32_t word(const struct rd_catalog *c, size_t off)
{
	uint32_t v;

	memcpy(&v, c->data + off, 4);
	if (c->swapped)
		v = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
	return v;
}

/* String i of the table at tab, or NULL when it does not lie in the file
 * or is not NUL-terminated there. */
static const char *string_at(const struct rd_catalog *c, uint32_t tab, uint32_t i)
{
	size_t e = (size_t)tab + (size_t)i * 8;
	uint32_t len, off;

	if (e + 8 > c->len)
		return NULL;
	len = word(c, e);
	off = word(c, e + 4);
	if ((size_t)off + len >= c->len || c->data[(size_t)off + len] != '\0')
		return NULL;
	return (const char *)c->data + off;
}

struct rd_catalog *rd_catalog_new(const void *data, size_t len)
{
	struct rd_catalog *c;
	uint32_t magic;

	if (!data || len < 28)
		return NULL;
	memcpy(&magic, data, 4);
	if (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	/* one byte more, always NUL: a cut file never reads past the end */
	c->data = xmalloc(len + 1);
	memcpy(c->data, data, len);
	c->data[len] = '\0';
	c->len = len;
	c->swapped = magic == MO_MAGIC_SWAPPED;
	c->n = word(c, 8);
	c->orig = word(c, 12);
	c->trans = word(c, 16);
	if ((size_t)c->orig + (size_t)c->n * 8 > len ||
	    (size_t)c->trans + (size_t)c->n * 8 > len) {
		rd_catalog_free(&c);
		return NULL;
	}
	return c;
}

void rd_catalog_free(struct rd_catalog **pcat)
{
	struct rd_catalog *c = *pcat;

	if (!c || c == &msgids_only)
		return;
	free(c->data);
	free(c);
	*pcat = NULL;
}

const struct rd_catalog *rd_catalog_msgids(void)
{
	return &msgids_only;
}

const char *rd_catalog_lookup(const struct rd_catalog *c, const char *msgid)
{
	uint32_t lo = 0, hi;

	if (!c || !c->data || !msgid || !*msgid)
		return NULL;
	hi = c->n;
	/* the originals are sorted (msgfmt sorts them); a file that is not
	 * is searched from end to end */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *o = string_at(c, c->orig, mid);
		int cmp;

		if (!o)
			break;
		cmp = strcmp(msgid, o);
		if (cmp == 0) {
			const char *t = string_at(c, c->trans, mid);

			return t && *t ? t : NULL;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	for (uint32_t i = 0; i < c->n; i++) {
		const char *o = string_at(c, c->orig, i);

		if (o && strcmp(o, msgid) == 0) {
			const char *t = string_at(c, c->trans, i);

			return t && *t ? t : NULL;
		}
	}
	return NULL;
}

const struct rd_catalog *rd_i18n_override(const struct rd_catalog *cat)
{
	const struct rd_catalog *prev = override;

	override = cat;
	return prev;
}

/* An untranslated "context\004text" (C_, NC_) shows as its text. */
static char *strip_context(const char *msgid, const char *t)
{
	const char *ctx_end;

	if (t != msgid || !msgid || !(ctx_end = strchr(msgid, '\004')))
		return (char *)t;
	return (char *)(ctx_end + 1);
}

char *rd_gettext(const char *msgid)
{
	if (!msgid)
		return NULL;
	if (override) {
		const char *t = rd_catalog_lookup(override, msgid);

		return strip_context(msgid, t ? t : msgid);
	}
#ifdef ENABLE_NLS
	return strip_context(msgid, dgettext(RD_TEXTDOMAIN, msgid));
#else
	/* configure --disable-nls: English, whatever catalogue the system
	 * may hold */
	return strip_context(msgid, msgid);
#endif
}
