/* keys.c: the request table turned into keymaps, the legend and the help.
 *
 * Pure: everything here is derived from UI_REQUEST_TABLE in keys.h. */
#include "repeatdesk/keys.h"

#include <stdio.h>
#include <string.h>

#include "repeatdesk/i18n.h"
#include "repeatdesk/width.h"

static const struct {
	const char *name;
	enum keys_map map;
	int keys[KEYS_PER_REQUEST];
	const char *label;
	const char *help;
} requests[REQ_COUNT] = {
	[REQ_NONE] = { "NONE", KEYS_MAP_GENERIC, { 0, 0, 0 }, NULL, "" },
#define KEYS_REQ_INFO(name, map, k1, k2, k3, label, help) \
	[REQ_##name] = { #name, KEYS_MAP_##map, { k1, k2, k3 }, label, help },
	UI_REQUEST_TABLE(KEYS_REQ_INFO)
#undef KEYS_REQ_INFO
};

static bool valid(enum ui_request req)
{
	return req > REQ_NONE && req < REQ_COUNT;
}

void keys_set_clear(struct keys_set *s)
{
	memset(s, 0, sizeof(*s));
}

void keys_set_add_list(struct keys_set *s, const enum ui_request *list)
{
	for (; list && *list != REQ_NONE; list++)
		if (valid(*list))
			s->on[*list] = true;
}

void keys_set_union(struct keys_set *s, const struct keys_set *other)
{
	for (int i = 0; i < REQ_COUNT; i++)
		s->on[i] = s->on[i] || other->on[i];
}

enum ui_request keys_lookup(enum keys_map map, int key)
{
	if (key == 0)
		return REQ_NONE;
	for (int r = REQ_NONE + 1; r < REQ_COUNT; r++) {
		if (requests[r].map != map)
			continue;
		for (int i = 0; i < KEYS_PER_REQUEST; i++)
			if (requests[r].keys[i] == key)
				return (enum ui_request)r;
	}
	return REQ_NONE;
}

enum ui_request keys_lookup_layered(const enum keys_map *maps, size_t n,
				    int key)
{
	for (size_t i = 0; i < n; i++) {
		enum ui_request r = keys_lookup(maps[i], key);

		if (r != REQ_NONE)
			return r;
	}
	return REQ_NONE;
}

const char *keys_request_name(enum ui_request req)
{
	return valid(req) ? requests[req].name : "NONE";
}

const char *keys_label(enum ui_request req)
{
	return valid(req) ? requests[req].label : NULL;
}

const char *keys_help_text(enum ui_request req)
{
	return valid(req) ? requests[req].help : "";
}

enum keys_map keys_request_map(enum ui_request req)
{
	return valid(req) ? requests[req].map : KEYS_MAP_GENERIC;
}

int keys_key(enum ui_request req, int i)
{
	if (!valid(req) || i < 0 || i >= KEYS_PER_REQUEST)
		return 0;
	return requests[req].keys[i];
}

bool keys_is_function(int key)
{
	return key >= KEYS_F(1) && key <= KEYS_F(63);
}

void keys_name(struct sbuf *out, int key)
{
	static const struct {
		int key;
		const char *name;
	} names[] = {
		{ KEYS_ESC, N_("Esc") },
		{ KEYS_ENTER, N_("Enter") },
		{ KEYS_TAB, N_("Tab") },
		{ ' ', N_("Space") },
		{ KEYS_UP, N_("Up") },
		{ KEYS_DOWN, N_("Down") },
		{ KEYS_LEFT, N_("Left") },
		{ KEYS_RIGHT, N_("Right") },
		{ KEYS_PGUP, N_("PgUp") },
		{ KEYS_PGDN, N_("PgDn") },
		{ KEYS_HOME, NC_("key", "Home") },
		{ KEYS_END, N_("End") },
		{ KEYS_BACKSPACE, N_("Backspace") },
		{ KEYS_DELETE, N_("Delete") },
		{ KEYS_INSERT, N_("Insert") },
		{ KEYS_BTAB, N_("Shift-Tab") },
	};
	char buf[8];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i].key == key) {
			sbuf_adds(out, _(names[i].name));
			return;
		}
	}
	if (keys_is_function(key)) {
		sbuf_printf(out, "F%d", key - KEYS_F(0));
	} else if (key > 0 && key < 0x20) {
		/* TRANSLATORS: a control key, e.g. "Ctrl-L". */
		sbuf_printf(out, _("Ctrl-%c"), key + '@');
	} else if (key >= 0x20 && key < 0x110000) {
		size_t n = utf8_encode((uint32_t)key, buf);

		sbuf_add(out, buf, n);
	} else {
		sbuf_printf(out, "<%#x>", (unsigned)key);
	}
}

void keys_names(struct sbuf *out, enum ui_request req)
{
	bool first = true;

	for (int i = 0; i < KEYS_PER_REQUEST; i++) {
		int k = keys_key(req, i);

		if (!k)
			continue;
		if (!first)
			sbuf_adds(out, ", ");
		keys_name(out, k);
		first = false;
	}
}

void keys_legend(struct layout_line *out, const struct keys_set *handled,
		 int cols)
{
	struct sbuf key;
	int used = 0;

	sbuf_init(&key);
	layout_line_reset(out, LAYOUT_BAR);
	for (int r = REQ_NONE + 1; r < REQ_COUNT; r++) {
		const char *label = requests[r].label;
		int need;

		if (!handled->on[r] || !label)
			continue;
		sbuf_reset(&key);
		keys_name(&key, requests[r].keys[0]);
		label = _(label);
		/* " F1 Help ", one space between entries */
		need = 1 + width_str(key.buf) + 1 + width_str(label) + 1 +
		       (used ? 1 : 0);
		if (used + need > cols)
			continue;
		if (used)
			layout_line_pad(out, 1);
		layout_line_add(out, " ", LAYOUT_KEY);
		layout_line_add(out, key.buf, LAYOUT_KEY);
		layout_line_add(out, " ", LAYOUT_BAR);
		layout_line_add(out, label, LAYOUT_BAR);
		layout_line_pad(out, 1);
		used += need;
	}
	layout_line_fit(out, cols);
	sbuf_done(&key);
}

static int help_group(struct layout_text *out, const char *heading,
		      const struct keys_set *set, const struct keys_set *skip,
		      int key_cols)
{
	struct sbuf names;
	int listed = 0;

	sbuf_init(&names);
	for (int r = REQ_NONE + 1; r < REQ_COUNT; r++) {
		struct layout_line *l;
		int w;

		if (!set->on[r] || (skip && skip->on[r]))
			continue;
		if (!listed) {
			if (out->n)
				layout_text_add(out, LAYOUT_NORMAL);
			layout_text_addf(out, LAYOUT_HEADING, "%s", heading);
		}
		sbuf_reset(&names);
		keys_names(&names, (enum ui_request)r);
		l = layout_text_add(out, LAYOUT_NORMAL);
		layout_line_pad(l, 2);
		w = layout_line_add(l, names.buf, LAYOUT_KEY);
		layout_line_pad(l, key_cols - w + 2);
		layout_line_add(l, _(requests[r].help), LAYOUT_NORMAL);
		listed++;
	}
	sbuf_done(&names);
	return listed;
}

void keys_help(struct layout_text *out, const struct keys_set *screen,
	       const char *screen_title, const struct keys_set *global)
{
	struct sbuf names, heading;
	int key_cols = 0;

	/* One column width for both groups so the texts line up. */
	sbuf_init(&names);
	for (int r = REQ_NONE + 1; r < REQ_COUNT; r++) {
		if (!screen->on[r] && !global->on[r])
			continue;
		sbuf_reset(&names);
		keys_names(&names, (enum ui_request)r);
		if (width_str(names.buf) > key_cols)
			key_cols = width_str(names.buf);
	}
	sbuf_done(&names);

	sbuf_init(&heading);
	if (screen_title && *screen_title)
		/* TRANSLATORS: heading of the F1 help; %s is a screen title. */
		sbuf_printf(&heading, _("Keys of this screen (%s)"),
			    screen_title);
	else
		sbuf_adds(&heading, _("Keys of this screen"));
	if (!help_group(out, heading.buf, screen, NULL, key_cols)) {
		layout_text_addf(out, LAYOUT_HEADING, "%s", heading.buf);
		layout_text_addf(out, LAYOUT_DIM, "  %s",
				 _("None besides the keys of every screen."));
	}
	help_group(out, _("Keys of every screen"), global, screen, key_cols);
	sbuf_done(&heading);
}
