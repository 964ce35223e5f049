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
	if (!s->local) {
		s->local = other->local;
		s->local_on = other->local_on;
	}
}

static bool local_end(const struct keys_local *e)
{
	return e->req == REQ_NONE && e->key == 0;
}

size_t keys_local_count(const struct keys_local *table)
{
	size_t n = 0;

	while (table && !local_end(&table[n]))
		n++;
	return n;
}

void keys_set_add_local(struct keys_set *s, const struct keys_local *table,
			unsigned mode)
{
	size_t n = keys_local_count(table);

	s->local = table;
	s->local_on = 0;
	for (size_t i = 0; i < n && i < KEYS_LOCAL_MAX; i++) {
		const struct keys_local *e = &table[i];

		if (e->modes && (mode >= 32 || !(e->modes & (1u << mode))))
			continue;
		if (e->req != REQ_NONE && (!valid(e->req) || !s->on[e->req]))
			continue;
		s->local_on |= 1ull << i;
	}
}

static bool local_live(const struct keys_set *s, size_t i)
{
	return s->local && i < KEYS_LOCAL_MAX && (s->local_on & (1ull << i));
}

static bool local_matches(const struct keys_local *e, int key)
{
	if (e->req != REQ_NONE || key <= 0)
		return false;
	if (e->last ? key >= e->key && key <= e->last : key == e->key)
		return true;
	return e->alt && key == e->alt;
}

void keys_local_hint(struct sbuf *out, const struct keys_local *table,
		     unsigned mode)
{
	struct keys_set s;
	size_t n = keys_local_count(table);
	bool first = true;

	keys_set_clear(&s);
	keys_set_add_local(&s, table, mode);
	for (size_t i = 0; i < n; i++) {
		const struct keys_local *e = &table[i];

		if (!local_live(&s, i) || e->req != REQ_NONE || !e->label ||
		    e->action == KEYS_TYPED)
			continue;
		if (!first)
			sbuf_adds(out, "  ");
		first = false;
		keys_local_name(out, e);
		sbuf_addc(out, ' ');
		sbuf_adds(out, _(e->label));
	}
}

const struct keys_local *keys_local_find(const struct keys_set *s, int key)
{
	size_t n = keys_local_count(s->local);

	for (size_t i = 0; i < n; i++)
		if (local_live(s, i) && local_matches(&s->local[i], key))
			return &s->local[i];
	return NULL;
}

const struct keys_local *keys_local_request(const struct keys_set *s,
					    enum ui_request req)
{
	size_t n = keys_local_count(s->local);

	for (size_t i = 0; i < n; i++)
		if (local_live(s, i) && s->local[i].req == req)
			return &s->local[i];
	return NULL;
}

const char *keys_set_label(const struct keys_set *s, enum ui_request req)
{
	const struct keys_local *e = keys_local_request(s, req);

	return e && e->label ? e->label : keys_label(req);
}

const char *keys_set_help(const struct keys_set *s, enum ui_request req)
{
	const struct keys_local *e = keys_local_request(s, req);

	return e && e->help ? e->help : keys_help_text(req);
}

void keys_local_name(struct sbuf *out, const struct keys_local *e)
{
	if (e->req != REQ_NONE) {
		keys_names(out, e->req);
		return;
	}
	keys_name(out, e->key);
	if (e->last) {
		sbuf_addc(out, '-');
		keys_name(out, e->last);
	}
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

/* Adds " KEY Label" to the legend when it fits; returns the columns
 * used. */
static int legend_entry(struct layout_line *out, const char *key,
			const char *label, int used, int cols)
{
	/* " F1 Help ", one space between entries */
	int need = 1 + width_str(key) + 1 + width_str(label) + 1 +
		   (used ? 1 : 0);

	if (used + need > cols)
		return used;
	if (used)
		layout_line_pad(out, 1);
	layout_line_add(out, " ", LAYOUT_KEY);
	layout_line_add(out, key, LAYOUT_KEY);
	layout_line_add(out, " ", LAYOUT_BAR);
	layout_line_add(out, label, LAYOUT_BAR);
	layout_line_pad(out, 1);
	return used + need;
}

void keys_legend(struct layout_line *out, const struct keys_set *handled,
		 int cols)
{
	struct sbuf key;
	size_t n = keys_local_count(handled->local);
	int used = 0;

	sbuf_init(&key);
	layout_line_reset(out, LAYOUT_BAR);
	for (int r = REQ_NONE + 1; r < REQ_COUNT; r++) {
		const char *label = keys_set_label(handled, (enum ui_request)r);

		if (!handled->on[r] || !label)
			continue;
		sbuf_reset(&key);
		keys_name(&key, requests[r].keys[0]);
		used = legend_entry(out, key.buf, _(label), used, cols);
	}
	/* then the screen's own character keys */
	for (size_t i = 0; i < n; i++) {
		const struct keys_local *e = &handled->local[i];

		if (!local_live(handled, i) || e->req != REQ_NONE || !e->label ||
		    e->action == KEYS_TYPED)
			continue;
		sbuf_reset(&key);
		keys_local_name(&key, e);
		used = legend_entry(out, key.buf, _(e->label), used, cols);
	}
	layout_line_fit(out, cols);
	sbuf_done(&key);
}

static void help_heading(struct layout_text *out, const char *heading)
{
	if (out->n)
		layout_text_add(out, LAYOUT_NORMAL);
	layout_text_addf(out, LAYOUT_HEADING, "%s", heading);
}

static void help_line(struct layout_text *out, const char *keys,
		      const char *help, int key_cols, int cols)
{
	struct layout_line *l = layout_text_add(out, LAYOUT_NORMAL);
	int w, text_col = 2 + key_cols + 2;

	layout_line_pad(l, 2);
	w = layout_line_add(l, keys, LAYOUT_KEY);
	layout_line_pad(l, key_cols - w + 2);
	if (cols <= 0 || text_col + width_str(help) <= cols ||
	    cols - text_col < 10) {
		layout_line_add(l, help, LAYOUT_NORMAL);
		return;
	}
	{
		/* too long for the width: wrapped under its own start, never
		 * cut */
		struct layout_text wrapped;

		layout_text_init(&wrapped);
		layout_text_wrap(&wrapped, LAYOUT_NORMAL, 0, help, cols - text_col);
		for (size_t i = 0; i < wrapped.n; i++) {
			if (i) {
				l = layout_text_add(out, LAYOUT_NORMAL);
				layout_line_pad(l, text_col);
			}
			layout_line_add(l, wrapped.lines[i].text.buf, LAYOUT_NORMAL);
		}
		layout_text_done(&wrapped);
	}
}

/* The help text of a character entry: its label, then what it does. */
static void local_help(struct sbuf *out, const struct keys_local *e)
{
	if (e->label && e->help)
		/* TRANSLATORS: a key's legend label, then its help text. */
		sbuf_printf(out, _("%s: %s"), _(e->label), _(e->help));
	else
		sbuf_adds(out, _(e->help ? e->help : e->label ? e->label : ""));
}

/* Lists the requests of set (not in skip) whose legend label is present
 * (labelled) or absent (!labelled). */
static int help_requests(struct layout_text *out, const char *heading,
			 const struct keys_set *set, const struct keys_set *skip,
			 int key_cols, int cols, bool labelled, int listed)
{
	struct sbuf names, text;

	sbuf_init(&names);
	sbuf_init(&text);
	for (int r = REQ_NONE + 1; r < REQ_COUNT; r++) {
		const char *label = keys_set_label(set, (enum ui_request)r);

		if (!set->on[r] || (skip && skip->on[r]) ||
		    (label != NULL) != labelled)
			continue;
		if (!listed++)
			help_heading(out, heading);
		sbuf_reset(&names);
		keys_names(&names, (enum ui_request)r);
		sbuf_reset(&text);
		if (keys_local_request(set, (enum ui_request)r) && label)
			sbuf_printf(&text, _("%s: %s"), _(label),
				    _(keys_set_help(set, (enum ui_request)r)));
		else
			sbuf_adds(&text, _(keys_set_help(set, (enum ui_request)r)));
		help_line(out, names.buf, text.buf, key_cols, cols);
	}
	sbuf_done(&names);
	sbuf_done(&text);
	return listed;
}

/* The keys with a legend label first (function keys, in table order),
 * then the screen's character keys, then the rest (moving, editing). */
static int help_group(struct layout_text *out, const char *heading,
		      const struct keys_set *set, const struct keys_set *skip,
		      int key_cols, int cols)
{
	struct sbuf names, text;
	size_t n = keys_local_count(set->local);
	int listed;

	listed = help_requests(out, heading, set, skip, key_cols, cols, true, 0);
	sbuf_init(&names);
	sbuf_init(&text);
	for (size_t i = 0; i < n; i++) {
		const struct keys_local *e = &set->local[i];

		if (!local_live(set, i) || e->req != REQ_NONE)
			continue;
		if (!listed++)
			help_heading(out, heading);
		sbuf_reset(&names);
		keys_local_name(&names, e);
		sbuf_reset(&text);
		local_help(&text, e);
		help_line(out, names.buf, text.buf, key_cols, cols);
	}
	sbuf_done(&names);
	sbuf_done(&text);
	return help_requests(out, heading, set, skip, key_cols, cols, false, listed);
}

static int names_width(const struct keys_set *set, int key_cols)
{
	struct sbuf names;
	size_t n = keys_local_count(set->local);

	sbuf_init(&names);
	for (int r = REQ_NONE + 1; r < REQ_COUNT; r++) {
		if (!set->on[r])
			continue;
		sbuf_reset(&names);
		keys_names(&names, (enum ui_request)r);
		if (width_str(names.buf) > key_cols)
			key_cols = width_str(names.buf);
	}
	for (size_t i = 0; i < n; i++) {
		if (!local_live(set, i) || set->local[i].req != REQ_NONE)
			continue;
		sbuf_reset(&names);
		keys_local_name(&names, &set->local[i]);
		if (width_str(names.buf) > key_cols)
			key_cols = width_str(names.buf);
	}
	sbuf_done(&names);
	return key_cols;
}

void keys_help(struct layout_text *out, const struct keys_set *screen,
	       const char *screen_title, const struct keys_set *global)
{
	keys_help_fit(out, screen, screen_title, global, 0);
}

void keys_help_fit(struct layout_text *out, const struct keys_set *screen,
		   const char *screen_title, const struct keys_set *global,
		   int cols)
{
	struct sbuf heading;
	struct keys_set question;
	int key_cols;

	/* the answers of every yes/no question a screen may ask */
	keys_set_clear(&question);
	question.on[REQ_YES] = true;
	question.on[REQ_NO] = true;

	/* One column width for every group so the texts line up. */
	key_cols = names_width(screen, 0);
	key_cols = names_width(global, key_cols);
	key_cols = names_width(&question, key_cols);

	sbuf_init(&heading);
	if (screen_title && *screen_title)
		/* TRANSLATORS: heading of the F1 help; %s is a screen title. */
		sbuf_printf(&heading, _("Keys of this screen (%s)"),
			    screen_title);
	else
		sbuf_adds(&heading, _("Keys of this screen"));
	if (!help_group(out, heading.buf, screen, NULL, key_cols, cols)) {
		layout_text_addf(out, LAYOUT_HEADING, "%s", heading.buf);
		layout_text_addf(out, LAYOUT_DIM, "  %s",
				 _("None besides the keys of every screen."));
	}
	help_group(out, _("Keys of every screen"), global, screen, key_cols,
		   cols);
	help_group(out, _("Answering a yes/no question"), &question, NULL,
		   key_cols, cols);
	sbuf_done(&heading);
}
