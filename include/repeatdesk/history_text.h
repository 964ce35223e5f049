/* history_text.h: one change-history row in words a supervisor
 * understands (core/history_text.c).
 *
 * Pure code: the store hands over a history row as text (table, operation,
 * old and new row as json, changed columns); this turns it into a summary
 * ("delivery 2 (2026-12-06) skipped") and one line per changed field with
 * a label from a table ("next delivery") and values in words: status
 * values and enumerations in words, money as ¥1,234, dates as dates
 * (2026-12-06 Sun), times in minutes, cycles as the schedule engine
 * describes them, card tokens hidden, NULL as "(none)". */
#ifndef REPEATDESK_HISTORY_TEXT_H
#define REPEATDESK_HISTORY_TEXT_H

#include <stdbool.h>

#include "repeatdesk/sbuf.h"
#include "repeatdesk/status.h"

/* One changed field. Strings are owned by the struct history_words. */
struct history_field {
	char *column;    /* next_date */
	char *label;     /* next delivery */
	char *old_text;  /* "" for an INSERT */
	char *new_text;  /* "" for a DELETE */
};

struct history_words {
	char *summary;               /* one line: what happened to what */
	int nfields;
	struct history_field *fields;
};

/* Describes one history row. op is INSERT, UPDATE or DELETE; old_json and
 * new_json the rows (NULL when the op has none); changed the changed
 * columns separated by commas (UPDATE) or the columns that held a value
 * (INSERT, DELETE). Fields: an UPDATE lists each changed column; an INSERT
 * or DELETE lists the columns that held a value, keys left out. RD_INVALID
 * when a row is not a json object. Free with history_words_done (also
 * after an error). */
enum rd_status history_words_make(const char *table, const char *op,
				  const char *old_json, const char *new_json,
				  const char *changed, struct history_words *out,
				  struct rd_error *err);
void history_words_done(struct history_words *w);

/* Says the ids of w's fields as people know them: refs_json maps a column
 * to {id: words} ({"customer_id": {"2": "C0000002"}}); a field of that
 * column whose value is such an id gets the words. Other fields stay. */
void history_words_refs(struct history_words *w, const char *refs_json);

/* The label of a column ("next delivery"); the column itself when the
 * table does not know it. Static string (translated). */
const char *history_column_label(const char *table, const char *column);

/* What rows of a table are called ("skipped delivery"). Static string. */
const char *history_table_label(const char *table);

/* True when table is a business table the history knows by name. */
bool history_table_known(const char *table);

/* The words of a coded value of table.column, translated ("orders",
 * "status", "cancelled": キャンセル; "subscriptions": 解約済): for messages
 * that name a status. An unknown value is returned as it is. */
const char *history_enum_words(const char *table, const char *column, const char *value);

/* Appends the known table names, separated by ", ". */
void history_table_names(struct sbuf *out);

/* Appends a json value of table.column in words (see above). value_json
 * is one json value as text ("\"2026-12-06\"", "12", "null"). */
void history_value_words(const char *table, const char *column,
			 const char *value_json, struct sbuf *out);

/* The same for a parsed json value (json.h); NULL is "(none)". */
struct json_value;
void history_json_words(const char *table, const char *column,
			const struct json_value *v, struct sbuf *out);

/* The columns of a comma-separated list, labelled and joined with ", "
 * ("next delivery, skipped date"). */
void history_labels(const char *table, const char *columns, struct sbuf *out);

#endif
