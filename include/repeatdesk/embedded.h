/* embedded.h: files compiled into the binary by tools/embed (migrations,
 * forms). */
#ifndef REPEATDESK_EMBEDDED_H
#define REPEATDESK_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;      /* file name without directory and extension */
	const char *contents;
};

/* the files of db/migrations, in order */
extern const struct embedded_file migrations_builtin[];
extern const size_t migrations_builtin_count;

/* the files of forms/, by name: "customer", "filter" */
extern const struct embedded_file forms_builtin[];
extern const size_t forms_builtin_count;

/* db/demo/postal_sample.csv (KEN_ALL layout, UTF-8), loaded by db seed */
extern const struct embedded_file postal_sample_builtin[];
extern const size_t postal_sample_builtin_count;

#endif
