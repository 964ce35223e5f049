/* db_messages.c: the database's refusals translated for the reader (see
 * repeatdesk/db_messages.h).
 *
 * A template is English with %s for each argument. Matching walks the
 * template against the message; an argument takes the shortest text that
 * lets the rest match (the last one takes what is left). Of the templates
 * that match, the one with the most literal text wins ("cannot revert
 * #%s: the reservation is no longer pending" over "cannot revert #%s: %s").
 * The translation places the arguments by position: %s in order, or %N$s
 * where the translator reordered them. The translated template is never
 * handed to printf. */
#include "repeatdesk/db_messages.h"
#include "repeatdesk/i18n.h"

#include <stdio.h>
#include <string.h>

#define DBM_MAX_ARGS 9
#define DBM_ARG_SIZE 512

enum dbm_kind { DBM_RAISE, DBM_WORDS, DBM_SERVER };

static const struct dbm {
	enum dbm_kind kind;
	const char *en;
} table[] = {
#define DB_MESSAGE(kind, text) { kind, text },
#include "db_messages.inc"
#undef DB_MESSAGE
};

/* The text of a table entry without its context ("ctx\004text", NC_). */
static const char *plain(const char *en)
{
	const char *c = strchr(en, '\004');

	return c ? c + 1 : en;
}

struct span {
	const char *at;
	size_t len;
};

/* Matches template t against s; caps receives the arguments. */
static bool match(const char *t, const char *s, struct span *caps, int ncap)
{
	while (*t) {
		if (t[0] == '%' && t[1] == '%') {
			if (*s != '%')
				return false;
			t += 2;
			s++;
		} else if (t[0] == '%' && t[1] == 's') {
			if (ncap >= DBM_MAX_ARGS)
				return false;
			t += 2;
			if (!*t) {
				caps[ncap].at = s;
				caps[ncap].len = strlen(s);
				return true;
			}
			for (const char *e = s; ; e++) {
				caps[ncap].at = s;
				caps[ncap].len = (size_t)(e - s);
				if (match(t, e, caps, ncap + 1))
					return true;
				if (!*e)
					return false;
			}
		} else {
			if (*t != *s)
				return false;
			t++;
			s++;
		}
	}
	return *s == '\0';
}

static int count_args(const char *t)
{
	int n = 0;

	for (; *t; t++)
		if (t[0] == '%' && (t[1] == 's' || t[1] == '%')) {
			n += t[1] == 's';
			t++;
		}
	return n;
}

static size_t literal_len(const char *t)
{
	return strlen(t) - 2 * (size_t)count_args(t);
}

/* The best template of the kinds wanted that matches s, or NULL. */
static const struct dbm *find(const char *s, bool words, struct span *caps, int *ncaps)
{
	const struct dbm *best = NULL;
	size_t best_len = 0;
	struct span tmp[DBM_MAX_ARGS];

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const struct dbm *d = &table[i];
		size_t lit;

		if ((d->kind == DBM_WORDS) != words)
			continue;
		lit = literal_len(plain(d->en));
		if (best && lit <= best_len)
			continue;
		if (match(plain(d->en), s, tmp, 0)) {
			best = d;
			best_len = lit;
			*ncaps = count_args(plain(d->en));
			memcpy(caps, tmp, sizeof(tmp));
		}
	}
	return best;
}

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + 1 >= o->size)
		return;
	if (n > o->size - 1 - o->len) {
		n = o->size - 1 - o->len;
		/* never cut a UTF-8 character in two */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

/* Writes the translation of template en with args into o. */
static void render(const char *en, char args[][DBM_ARG_SIZE], int nargs, struct out *o)
{
	const char *t = _(en);
	int next = 0;

	while (*t) {
		const char *pct = strchr(t, '%');

		if (!pct) {
			put(o, t, strlen(t));
			break;
		}
		put(o, t, (size_t)(pct - t));
		t = pct + 1;
		if (*t == '%') {
			put(o, "%", 1);
			t++;
		} else if (*t == 's') {
			if (next < nargs)
				put(o, args[next], strlen(args[next]));
			next++;
			t++;
		} else if (*t >= '1' && *t <= '9' && t[1] == '$' && t[2] == 's') {
			int k = *t - '1';

			if (k < nargs)
				put(o, args[k], strlen(args[k]));
			t += 3;
		} else {
			put(o, "%", 1);
		}
	}
}

static void argument(const struct span *sp, char out[DBM_ARG_SIZE]);

/* Whether the first len bytes of s are a word of the database. */
static bool find_word(const char *s, size_t len)
{
	char w[DBM_ARG_SIZE];
	struct span caps[DBM_MAX_ARGS];
	int n;

	if (len >= sizeof(w))
		return false;
	memcpy(w, s, len);
	w[len] = '\0';
	return find(w, true, caps, &n) != NULL;
}

/* An argument as the reader reads it: words of the database translated
 * (one level: a status, a revert's reason), anything else as it is. */
static void argument(const struct span *sp, char out[DBM_ARG_SIZE])
{
	char raw[DBM_ARG_SIZE];
	struct span caps[DBM_MAX_ARGS];
	char inner[DBM_MAX_ARGS][DBM_ARG_SIZE];
	int n = 0;
	size_t len = sp->len < sizeof(raw) - 1 ? sp->len : sizeof(raw) - 1;
	const struct dbm *d;
	struct out o = { out, DBM_ARG_SIZE, 0 };

	memcpy(raw, sp->at, len);
	raw[len] = '\0';
	out[0] = '\0';
	d = find(raw, true, caps, &n);
	if (!d) {
		/* a word with a tail the database appended (" (reopen it
		 * first)"): each translated */
		for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
			const char *tail = plain(table[i].en);
			size_t tl = strlen(tail);
			struct span head = { raw, len - tl };

			if (table[i].kind != DBM_WORDS || tail[0] != ' ' || tl >= len ||
			    strcmp(raw + len - tl, tail) != 0 || count_args(tail) != 0 ||
			    !find_word(raw, len - tl))
				continue;
			argument(&head, inner[0]);
			put(&o, inner[0], strlen(inner[0]));
			put(&o, _(table[i].en), strlen(_(table[i].en)));
			return;
		}
		put(&o, raw, len);
		return;
	}
	for (int i = 0; i < n; i++) {
		size_t l = caps[i].len < DBM_ARG_SIZE - 1 ? caps[i].len : DBM_ARG_SIZE - 1;

		memcpy(inner[i], caps[i].at, l);
		inner[i][l] = '\0';
	}
	render(d->en, inner, n, &o);
}

bool db_message_translate(const char *msg, char *out, size_t outsz)
{
	struct span caps[DBM_MAX_ARGS];
	char args[DBM_MAX_ARGS][DBM_ARG_SIZE];
	int n = 0;
	const struct dbm *d;
	struct out o = { out, outsz, 0 };

	if (!outsz)
		return false;
	out[0] = '\0';
	if (!msg)
		msg = "";
	d = find(msg, false, caps, &n);
	if (!d) {
		put(&o, msg, strlen(msg));
		return false;
	}
	for (int i = 0; i < n; i++)
		argument(&caps[i], args[i]);
	render(d->en, args, n, &o);
	return true;
}

size_t db_message_count(void)
{
	return sizeof(table) / sizeof(table[0]);
}
