/* db_messages.h: the database's refusals in the reader's language.
 *
 * The database words its refusals in English (RAISE EXCEPTION in
 * db/migrations). tools/db-messages extracts every template into
 * src/store/db_messages.inc, which the catalogue translates like any
 * other msgid. A message is matched against the templates ONLY to
 * translate it: what an error means (its status) comes from its SQLSTATE,
 * never from its text. */
#ifndef REPEATDESK_DB_MESSAGES_H
#define REPEATDESK_DB_MESSAGES_H

#include <stdbool.h>
#include <stddef.h>

/* Writes msg in the reader's language into out (outsz > 0): the template
 * it matches, translated, with the arguments the database put in, those
 * that are words of the database translated too. Returns false (and out
 * is msg) when no template matches. */
bool db_message_translate(const char *msg, char *out, size_t outsz);

/* How many templates the table holds (tests). */
size_t db_message_count(void);

#endif
