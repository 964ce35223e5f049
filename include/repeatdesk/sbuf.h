/* sbuf.h: a growable byte buffer, always NUL-terminated.
 *
 * Embedded by value: sbuf_init before use, sbuf_done to free. A zeroed
 * struct sbuf, or one that sbuf_done finished, may be written to again: it
 * takes fresh storage (and must be finished with sbuf_done again). */
#ifndef REPEATDESK_SBUF_H
#define REPEATDESK_SBUF_H

#include <stdarg.h>
#include <stddef.h>

struct sbuf {
	char *buf;  /* always NUL-terminated once initialised */
	size_t len;
	size_t cap;
};

void sbuf_init(struct sbuf *sb);
void sbuf_done(struct sbuf *sb);
void sbuf_reset(struct sbuf *sb);
void sbuf_add(struct sbuf *sb, const char *s, size_t n);
void sbuf_adds(struct sbuf *sb, const char *s);
void sbuf_addc(struct sbuf *sb, char c);
void sbuf_printf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_vprintf(struct sbuf *sb, const char *fmt, va_list ap);
/* Takes the buffer out (caller frees) and leaves sb empty but usable. */
char *sbuf_detach(struct sbuf *sb);

#endif
