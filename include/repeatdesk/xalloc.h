/* xalloc.h: allocation that never returns NULL.
 *
 * Out of memory is not a condition an operator can act on: these functions
 * abort the program (after a one-line message) instead of returning NULL. */
#ifndef REPEATDESK_XALLOC_H
#define REPEATDESK_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array of count elements of size bytes, checking for overflow. */
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Frees *p and sets it to NULL. */
#define XFREE(p) do { free(p); (p) = NULL; } while (0)

#endif
