/* sbuf.c: growable NUL-terminated buffer. */
#include "repeatdesk/sbuf.h"
#include "repeatdesk/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sbuf_init(struct sbuf *sb)
{
	sb->cap = 64;
	sb->len = 0;
	sb->buf = xmalloc(sb->cap);
	sb->buf[0] = '\0';
}

void sbuf_done(struct sbuf *sb)
{
	XFREE(sb->buf);
	sb->len = sb->cap = 0;
}

/* A zeroed buffer (struct sbuf sb = {0}) or one that sbuf_done finished
 * has no storage and capacity 0: it gets its first block here, so doubling
 * can never start from zero. */
static void grow(struct sbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;

	if (!sb->buf) {
		sb->len = 0;
		sb->cap = 0;
	}
	if (need <= sb->cap)
		return;
	if (sb->cap < 64)
		sb->cap = 64;
	while (sb->cap < need)
		sb->cap *= 2;
	sb->buf = xrealloc(sb->buf, sb->cap);
	if (sb->len == 0)
		sb->buf[0] = '\0';
}

void sbuf_reset(struct sbuf *sb)
{
	grow(sb, 0);
	sb->len = 0;
	sb->buf[0] = '\0';
}

void sbuf_add(struct sbuf *sb, const char *s, size_t n)
{
	grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sbuf_adds(struct sbuf *sb, const char *s)
{
	sbuf_add(sb, s, strlen(s));
}

void sbuf_addc(struct sbuf *sb, char c)
{
	sbuf_add(sb, &c, 1);
}

void sbuf_vprintf(struct sbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	grow(sb, 0);
	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= sb->cap - sb->len) {
		grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	}
	sb->len += (size_t)n;
}

void sbuf_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

char *sbuf_detach(struct sbuf *sb)
{
	char *p = sb->buf;

	sbuf_init(sb);
	return p;
}
