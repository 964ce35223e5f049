/* catalog.h: a message catalogue read apart from gettext's, and _() that
 * answers from it on one thread for a while.
 *
 * Texts the program stores for people to read later are written in the
 * business's language, whatever the terminal's (doc/notes/language.md).
 * gettext picks its language once per process (the locale, LANGUAGE), so a
 * stored text is made with the thread's _() pointed at the business's own
 * catalogue: rd_i18n_override(cat) … rd_i18n_override(prev). Only the
 * calling thread is affected; the screens keep the terminal's language. */
#ifndef REPEATDESK_CATALOG_H
#define REPEATDESK_CATALOG_H

#include <stddef.h>

struct rd_catalog;

/* Parses a compiled catalogue (.mo image; the bytes are copied). Returns
 * NULL when data is not one. Free with rd_catalog_free. */
struct rd_catalog *rd_catalog_new(const void *data, size_t len);
void rd_catalog_free(struct rd_catalog **pcat);

/* The catalogue with no translations: every msgid answers itself
 * (English). Static: never freed. */
const struct rd_catalog *rd_catalog_msgids(void);

/* The translation of msgid in cat, or NULL when cat has none. */
const char *rd_catalog_lookup(const struct rd_catalog *cat, const char *msgid);

/* From now on _() on this thread answers from cat (a msgid cat lacks
 * answers itself); NULL gives _() back to gettext. Returns the catalogue
 * that was in force, to hand back when done. cat must outlive its use. */
const struct rd_catalog *rd_i18n_override(const struct rd_catalog *cat);

#endif
