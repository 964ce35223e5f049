/* bizlang.h: the business's language, for the texts kept for people to
 * read later (a request's summary, a subscription's last change, a reason
 * the program writes itself).
 *
 * The language is a database setting (rd.settings business_language, ja
 * by default; only a supervisor may change it, 0100). A stored text is made
 * between bizlang_enter and bizlang_leave: inside, _() on the calling
 * thread answers from the business's catalogue, whatever the terminal's
 * language; outside, nothing changed. See doc/notes/language.md. */
#ifndef REPEATDESK_BIZLANG_H
#define REPEATDESK_BIZLANG_H

#include "repeatdesk/db.h"

#define BIZLANG_SIZE 8

/* What bizlang_enter hands back to bizlang_leave. */
struct bizlang_scope {
	const struct rd_catalog *prev;
};

/* Reads the business's language ("ja" or "en") into lang. Errors: those
 * of the database. */
enum rd_status bizlang_read(struct rd_db *db, char lang[BIZLANG_SIZE],
			    struct rd_error *err);

/* The catalogue of lang: "en" answers every msgid with itself; another
 * language is read once from <dir>/<lang>/LC_MESSAGES/repeatdesk.mo, dir
 * being where the text domain is bound (bindtextdomain); a language with
 * no catalogue there answers in English. Never freed. Thread-safe. */
const struct rd_catalog *bizlang_catalog(const char *lang);

/* From here to bizlang_leave, _() on this thread answers in lang. */
void bizlang_enter(const char *lang, struct bizlang_scope *sc);
void bizlang_leave(struct bizlang_scope *sc);

/* Reads the language and enters it (on an error, nothing is entered:
 * leave is then harmless too). */
enum rd_status bizlang_enter_db(struct rd_db *db, struct bizlang_scope *sc,
				struct rd_error *err);

/* Writes msgid (an N_() text), translated into the business's language
 * and formatted with the arguments, into out: a reason or note the
 * program writes itself. Errors: those of reading the language (out is
 * then the terminal's translation, for the caller that goes on). */
enum rd_status bizlang_printf(struct rd_db *db, char *out, size_t outsz,
			      struct rd_error *err, const char *msgid, ...)
	__attribute__((format(printf, 5, 6)));

/* Forgets (frees) the catalogues read so far, for a test that writes one:
 * no text looked up in them may be in use. */
void bizlang_reset(void);

#endif
