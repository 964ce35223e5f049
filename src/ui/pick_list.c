/* pick_list.c: a list narrowed as the operator types (pick_list.h). */
#include "pick_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/i18n.h"
#include "repeatdesk/normalize.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

/* --- matching --- */

void pick_fold(struct sbuf *out, const char *s)
{
	struct sbuf k;
	struct rd_error err;
	size_t from = out->len;

	sbuf_init(&k);
	if (normalize_kana(s ? s : "", NORMALIZE_SPACE_REMOVE, &k, &err) == RD_OK)
		sbuf_adds(out, k.buf);
	else
		sbuf_adds(out, s ? s : "");
	sbuf_done(&k);
	for (size_t i = from; i < out->len; i++)
		if (out->buf[i] >= 'A' && out->buf[i] <= 'Z')
			out->buf[i] = (char)(out->buf[i] - 'A' + 'a');
}

/* Katakana ァ (U+30A1) .. ヶ (U+30F6) read as romaji (Hepburn); "" for
 * the small ッ, which doubles what follows. */
static const char *const kana_romaji[] = {
	"a", "a", "i", "i", "u", "u", "e", "e", "o", "o",
	"ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go",
	"sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo",
	"ta", "da", "chi", "ji", "", "tsu", "zu", "te", "de", "to", "do",
	"na", "ni", "nu", "ne", "no",
	"ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu",
	"he", "be", "pe", "ho", "bo", "po",
	"ma", "mi", "mu", "me", "mo",
	"ya", "ya", "yu", "yu", "yo", "yo",
	"ra", "ri", "ru", "re", "ro",
	"wa", "wa", "i", "e", "o", "n", "vu", "ka", "ke",
};
#define KANA_FIRST 0x30A1u
#define KANA_LAST 0x30F6u

static bool small_y(uint32_t cp)
{
	return cp == 0x30E3 || cp == 0x30E5 || cp == 0x30E7;   /* ャュョ */
}

static bool small_vowel(uint32_t cp)
{
	return cp == 0x30A1 || cp == 0x30A3 || cp == 0x30A5 || cp == 0x30A7 || cp == 0x30A9;
}

/* ou, oo → o; uu → u: how logins write long vowels (sato, ono, yuki). */
static void collapse(struct sbuf *sb, size_t from)
{
	size_t w = from;

	for (size_t r = from; r < sb->len; r++) {
		char c = sb->buf[r];

		if (w > from && (c == 'u' || c == 'o') &&
		    (sb->buf[w - 1] == 'o' || (c == 'u' && sb->buf[w - 1] == 'u')))
			continue;
		sb->buf[w++] = c;
	}
	sb->len = w;
	sb->buf[w] = '\0';
}

bool pick_romaji(struct sbuf *out, const char *s)
{
	size_t from = out->len, n = strlen(s), i = 0;
	bool twice = false;    /* after a small ッ */

	if (!n)
		return false;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		const char *r;

		if (!len)
			goto refuse;
		i += len;
		if (cp == 0x30FC)       /* ー: the vowel before, long */
			continue;
		if (cp < KANA_FIRST || cp > KANA_LAST)
			goto refuse;
		r = kana_romaji[cp - KANA_FIRST];
		if (small_y(cp) && out->len > from && out->buf[out->len - 1] == 'i') {
			/* キャ kya, シャ sha, チャ cha, ジャ ja */
			out->len--;
			if (!(out->len >= from + 2 && (strncmp(out->buf + out->len - 2, "sh", 2) == 0 ||
						       strncmp(out->buf + out->len - 2, "ch", 2) == 0)) &&
			    !(out->len >= from + 1 && out->buf[out->len - 1] == 'j'))
				sbuf_addc(out, 'y');
			sbuf_addc(out, r[1]);
			continue;
		}
		if (small_vowel(cp) && out->len > from &&
		    strchr("aiueo", out->buf[out->len - 1])) {
			/* ファ fa, ティ ti, ウェ we */
			out->len--;
			sbuf_adds(out, r);
			continue;
		}
		if (!*r) {
			twice = true;
			continue;
		}
		if (twice) {
			sbuf_addc(out, r[0] == 'c' ? 't' : r[0]);
			twice = false;
		}
		sbuf_adds(out, r);
	}
	collapse(out, from);
	return true;
refuse:
	out->len = from;
	out->buf[from] = '\0';
	return false;
}

bool pick_matches(const char *words, const char *typed)
{
	struct sbuf t, r, w;
	bool found;

	sbuf_init(&t);
	pick_fold(&t, typed);
	if (!t.len) {
		sbuf_done(&t);
		return true;
	}
	found = strstr(words, t.buf) != NULL;
	if (!found) {
		/* kana typed for a name written in romaji (a login) */
		sbuf_init(&r);
		sbuf_init(&w);
		if (pick_romaji(&r, t.buf)) {
			sbuf_adds(&w, words);
			collapse(&w, 0);
			found = strstr(w.buf, r.buf) != NULL;
		}
		sbuf_done(&r);
		sbuf_done(&w);
	}
	sbuf_done(&t);
	return found;
}

/* --- the list --- */

void pick_list_init(struct pick_list *p)
{
	memset(p, 0, sizeof(*p));
	sbuf_init(&p->typed);
}

static void items_free(struct pick_list *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->items[i].label);
		free(p->items[i].detail);
		free(p->items[i].words);
		free(p->items[i].value);
	}
	p->n = 0;
}

void pick_list_done(struct pick_list *p)
{
	items_free(p);
	free(p->items);
	free(p->shown);
	sbuf_done(&p->typed);
	memset(p, 0, sizeof(*p));
}

void pick_list_clear(struct pick_list *p)
{
	items_free(p);
	sbuf_reset(&p->typed);
	p->nshown = 0;
	p->sel = 0;
	p->top = 0;
}

/* Shows the items that match what is typed; the selection stays on the
 * same item when it still shows, else goes to the first. */
static void narrow(struct pick_list *p)
{
	size_t was = p->nshown ? p->shown[p->sel] : (size_t)-1;

	p->nshown = 0;
	p->sel = 0;
	for (size_t i = 0; i < p->n; i++) {
		if (!pick_matches(p->items[i].words, p->typed.buf))
			continue;
		if (i == was)
			p->sel = p->nshown;
		p->shown[p->nshown++] = i;
	}
	if (p->top > p->sel)
		p->top = p->sel;
}

void pick_list_add(struct pick_list *p, const char *label, const char *detail,
		   const char *words, const char *value, int kind)
{
	struct pick_item *it;
	struct sbuf w;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->items = xrealloc(p->items, p->cap * sizeof(*p->items));
		p->shown = xrealloc(p->shown, p->cap * sizeof(*p->shown));
	}
	it = &p->items[p->n++];
	it->label = xstrdup(label ? label : "");
	it->detail = xstrdup(detail ? detail : "");
	it->value = xstrdup(value ? value : "");
	it->kind = kind;
	sbuf_init(&w);
	pick_fold(&w, it->label);
	sbuf_addc(&w, '\n');
	pick_fold(&w, it->detail);
	sbuf_addc(&w, '\n');
	pick_fold(&w, words);
	it->words = sbuf_detach(&w);
	sbuf_done(&w);   /* detach leaves w empty but allocated */
	narrow(p);
}

const struct pick_item *pick_list_selected(const struct pick_list *p)
{
	return p->nshown ? &p->items[p->shown[p->sel]] : NULL;
}

static enum pick_result move(struct pick_list *p, long by)
{
	long to = (long)p->sel + by;

	if (!p->nshown)
		return PICK_REFUSED;
	if (to < 0)
		to = 0;
	if (to >= (long)p->nshown)
		to = (long)p->nshown - 1;
	if ((size_t)to == p->sel)
		return PICK_REFUSED;
	p->sel = (size_t)to;
	return PICK_MOVED;
}

/* Drops the last character typed (with its combining marks). */
static bool backspace(struct sbuf *sb)
{
	size_t i = 0, last = 0;

	if (!sb->len)
		return false;
	while (i < sb->len) {
		uint32_t cp;
		size_t len = utf8_decode(sb->buf + i, sb->len - i, &cp);

		if (!len)
			len = 1;
		if (width_cp(cp) != 0 || i == 0)
			last = i;
		i += len;
	}
	sb->len = last;
	sb->buf[last] = '\0';
	return true;
}

enum pick_result pick_list_request(struct pick_list *p, enum ui_request req)
{
	long page = p->page > 1 ? p->page - 1 : 1;

	switch (req) {
	case REQ_UP: return move(p, -1);
	case REQ_DOWN: return move(p, 1);
	case REQ_PAGE_UP: return move(p, -page);
	case REQ_PAGE_DOWN: return move(p, page);
	case REQ_FIRST: return move(p, -(long)p->nshown);
	case REQ_LAST: return move(p, (long)p->nshown);
	case REQ_ENTER: return p->nshown ? PICK_CHOSEN : PICK_REFUSED;
	case REQ_BACKSPACE:
		if (!backspace(&p->typed))
			return PICK_REFUSED;
		narrow(p);
		return PICK_NARROWED;
	case REQ_CLEAR_FIELD:
		if (!p->typed.len)
			return PICK_REFUSED;
		sbuf_reset(&p->typed);
		narrow(p);
		return PICK_NARROWED;
	default:
		return PICK_IGNORED;
	}
}

enum pick_result pick_list_input(struct pick_list *p, uint32_t cp)
{
	char b[8];

	if (cp < 0x20 || cp == 0x7F || p->typed.len > 120)
		return PICK_REFUSED;
	sbuf_add(&p->typed, b, utf8_encode(cp, b));
	narrow(p);
	return PICK_NARROWED;
}

void pick_list_layout(struct pick_list *p, struct layout_text *out, int cols, int rows)
{
	struct layout_line *l;
	int room = rows - 1;
	struct sbuf sb;

	if (rows < 1)
		return;
	l = layout_text_add(out, LAYOUT_NORMAL);
	layout_line_pad(l, 1);
	/* TRANSLATORS: before what the operator types to narrow a list. */
	layout_line_add(l, _("Find:"), LAYOUT_KEY);
	layout_line_pad(l, 1);
	layout_line_add(l, p->typed.buf, LAYOUT_NORMAL);
	layout_line_add(l, " ", LAYOUT_BAR);   /* the cursor */
	layout_line_clip(l, cols);
	if (room < 1)
		return;
	p->page = room;
	if (!p->nshown) {
		layout_text_addf(out, LAYOUT_ERROR, "   %s", _("No match: Backspace widens the list."));
		return;
	}
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)room)
		p->top = p->sel - (size_t)room + 1;
	sbuf_init(&sb);
	for (size_t k = p->top; k < p->nshown && k < p->top + (size_t)room; k++) {
		const struct pick_item *it = &p->items[p->shown[k]];
		bool sel = k == p->sel;
		int w;

		l = layout_text_add(out, LAYOUT_NORMAL);
		layout_line_add(l, sel ? " > " : "   ", sel ? LAYOUT_BAR : LAYOUT_NORMAL);
		sbuf_reset(&sb);
		w = width_fit(&sb, it->label, 24);
		layout_line_add(l, sb.buf, sel ? LAYOUT_BAR : LAYOUT_NORMAL);
		(void)w;
		layout_line_pad(l, 2);
		layout_line_add(l, it->detail, LAYOUT_DIM);
		layout_line_clip(l, cols);
	}
	sbuf_done(&sb);
}
