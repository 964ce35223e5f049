/* check_ui_keys.c: the request table, keymaps, legend and help. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/keys.h"
#include "repeatdesk/width.h"
#include "screen_keys.h"

Suite *ui_keys_suite(void);

static struct keys_set set_of(const enum ui_request *list)
{
	struct keys_set s;

	keys_set_clear(&s);
	keys_set_add_list(&s, list);
	return s;
}

static char *legend(const enum ui_request *list, int cols)
{
	struct keys_set s = set_of(list);
	struct layout_line l;
	char *text;

	layout_line_init(&l, LAYOUT_BAR);
	keys_legend(&l, &s, cols);
	ck_assert_int_eq(width_str(l.text.buf), cols);
	text = strdup(l.text.buf);
	layout_line_done(&l);
	return text;
}

static char *help_text(const struct keys_set *screen,
		       const struct keys_set *global)
{
	struct layout_text t;
	struct sbuf all;

	layout_text_init(&t);
	sbuf_init(&all);
	keys_help(&t, screen, "Test", global);
	for (size_t i = 0; i < t.n; i++) {
		sbuf_adds(&all, t.lines[i].text.buf);
		sbuf_addc(&all, '\n');
	}
	layout_text_done(&t);
	{
		char *text = sbuf_detach(&all);

		sbuf_done(&all);
		return text;
	}
}

START_TEST(unbound_and_zero_keys_make_no_request)
{
	ck_assert_int_eq(keys_lookup(KEYS_MAP_GENERIC, 0), REQ_NONE);
	ck_assert_int_eq(keys_lookup(KEYS_MAP_GENERIC, KEYS_F(13)), REQ_NONE);
	ck_assert_int_eq(keys_lookup(KEYS_MAP_GENERIC, 'a'), REQ_NONE);
}
END_TEST

START_TEST(letters_are_requests_only_in_the_dialog_keymap)
{
	/* 'y' typed into a form must stay a letter */
	ck_assert_int_eq(keys_lookup(KEYS_MAP_GENERIC, 'y'), REQ_NONE);
	ck_assert_int_eq(keys_lookup(KEYS_MAP_DIALOG, 'y'), REQ_YES);
	ck_assert_int_eq(keys_lookup(KEYS_MAP_DIALOG, 'Y'), REQ_YES);
	ck_assert_int_eq(keys_lookup(KEYS_MAP_DIALOG, 'n'), REQ_NO);
}
END_TEST

START_TEST(layered_lookup_prefers_the_first_map)
{
	enum keys_map dialog[] = { KEYS_MAP_DIALOG, KEYS_MAP_GENERIC };
	enum keys_map generic[] = { KEYS_MAP_GENERIC };

	/* Esc answers no in a question, goes back elsewhere */
	ck_assert_int_eq(keys_lookup_layered(dialog, 2, KEYS_ESC), REQ_NO);
	ck_assert_int_eq(keys_lookup_layered(generic, 1, KEYS_ESC), REQ_BACK);
	/* function keys still reach the generic map under a question */
	ck_assert_int_eq(keys_lookup_layered(dialog, 2, KEYS_CTRL('L')),
			 REQ_REDRAW);
}
END_TEST

START_TEST(default_keys_follow_the_design)
{
	ck_assert_int_eq(keys_lookup(KEYS_MAP_GENERIC, KEYS_F(1)), REQ_HELP);
	ck_assert_int_eq(keys_lookup(KEYS_MAP_GENERIC, KEYS_F(2)), REQ_LOOKUP);
	ck_assert_int_eq(keys_lookup(KEYS_MAP_GENERIC, KEYS_ESC), REQ_BACK);
	ck_assert_int_eq(keys_lookup(KEYS_MAP_GENERIC, KEYS_F(10)), REQ_QUIT);
	ck_assert_int_eq(keys_lookup(KEYS_MAP_GENERIC, KEYS_CTRL('C')),
			 REQ_QUIT);
	ck_assert_int_eq(keys_lookup(KEYS_MAP_GENERIC, KEYS_PGDN),
			 REQ_PAGE_DOWN);
}
END_TEST

START_TEST(no_key_means_two_requests_in_one_keymap)
{
	for (int a = REQ_NONE + 1; a < REQ_COUNT; a++)
		for (int i = 0; i < KEYS_PER_REQUEST; i++) {
			int k = keys_key((enum ui_request)a, i);

			if (!k)
				continue;
			ck_assert_msg(keys_lookup(keys_request_map(
						  (enum ui_request)a), k) ==
					      (enum ui_request)a,
				      "key %d of %s is taken by another request",
				      k, keys_request_name((enum ui_request)a));
		}
}
END_TEST

START_TEST(every_request_has_a_key_and_help)
{
	for (int r = REQ_NONE + 1; r < REQ_COUNT; r++) {
		ck_assert_int_ne(keys_key((enum ui_request)r, 0), 0);
		ck_assert_uint_gt(strlen(keys_help_text((enum ui_request)r)), 0);
	}
	ck_assert_str_eq(keys_request_name(REQ_HELP), "HELP");
	ck_assert_str_eq(keys_request_name((enum ui_request)999), "NONE");
	ck_assert_ptr_null(keys_label(REQ_REDRAW));
}
END_TEST

START_TEST(key_names)
{
	struct sbuf sb;

	sbuf_init(&sb);
	keys_name(&sb, KEYS_F(1));
	ck_assert_str_eq(sb.buf, "F1");
	sbuf_reset(&sb);
	keys_name(&sb, KEYS_F(10));
	ck_assert_str_eq(sb.buf, "F10");
	sbuf_reset(&sb);
	keys_name(&sb, KEYS_ESC);
	ck_assert_str_eq(sb.buf, "Esc");
	sbuf_reset(&sb);
	keys_name(&sb, KEYS_CTRL('L'));
	ck_assert_str_eq(sb.buf, "Ctrl-L");
	sbuf_reset(&sb);
	keys_name(&sb, 0x3042); /* あ */
	ck_assert_str_eq(sb.buf, "\xE3\x81\x82");
	sbuf_reset(&sb);
	keys_names(&sb, REQ_QUIT);
	ck_assert_str_eq(sb.buf, "F10, Ctrl-C");
	sbuf_reset(&sb);
	keys_names(&sb, REQ_NO);
	ck_assert_str_eq(sb.buf, "n, N, Esc");
	sbuf_done(&sb);
}
END_TEST

START_TEST(legend_shows_only_handled_requests)
{
	static const enum ui_request list[] = { REQ_HELP, REQ_QUIT, REQ_NONE };
	char *s = legend(list, 80);

	ck_assert_ptr_nonnull(strstr(s, "F1 Help"));
	ck_assert_ptr_nonnull(strstr(s, "F10 Quit"));
	ck_assert_ptr_null(strstr(s, "F2"));
	ck_assert_ptr_null(strstr(s, "Lookup"));
	ck_assert_ptr_null(strstr(s, "Esc"));
	ck_assert_ptr_null(strstr(s, "Back"));
	free(s);
}
END_TEST

START_TEST(legend_follows_table_order_and_first_key)
{
	static const enum ui_request list[] = { REQ_QUIT, REQ_BACK, REQ_HELP,
						REQ_LOOKUP, REQ_NONE };
	char *s = legend(list, 80);
	char *f1 = strstr(s, "F1 Help"), *f2 = strstr(s, "F2 Lookup"),
	     *esc = strstr(s, "Esc Back"), *f10 = strstr(s, "F10 Quit");

	ck_assert(f1 && f2 && esc && f10);
	ck_assert(f1 < f2 && f2 < esc && esc < f10);
	ck_assert_ptr_null(strstr(s, "Ctrl-C")); /* only the first key */
	free(s);
}
END_TEST

START_TEST(legend_never_shows_requests_without_a_label)
{
	static const enum ui_request list[] = { REQ_REDRAW, REQ_UP,
						REQ_PAGE_DOWN, REQ_NONE };
	char *s = legend(list, 80);

	ck_assert_ptr_null(strstr(s, "Ctrl-L"));
	ck_assert_ptr_null(strstr(s, "PgDn"));
	free(s);
}
END_TEST

START_TEST(legend_leaves_out_whole_entries_when_narrow)
{
	static const enum ui_request list[] = { REQ_HELP, REQ_QUIT, REQ_NONE };
	char *s = legend(list, 12);

	ck_assert_ptr_nonnull(strstr(s, "F1 Help"));
	ck_assert_ptr_null(strstr(s, "F10"));
	ck_assert_ptr_null(strstr(s, "Q"));
	free(s);
	s = legend(list, 0);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(help_lists_every_handled_key_with_its_text)
{
	static const enum ui_request scr[] = { REQ_UP, REQ_DOWN, REQ_NONE };
	static const enum ui_request glob[] = { REQ_HELP, REQ_QUIT, REQ_BACK,
						REQ_REDRAW, REQ_NONE };
	struct keys_set a = set_of(scr), b = set_of(glob);
	char *s = help_text(&a, &b);

	for (int r = REQ_NONE + 1; r < REQ_COUNT; r++) {
		struct sbuf names;
		/* the answers of a yes/no question are always listed */
		bool want = a.on[r] || b.on[r] || r == REQ_YES || r == REQ_NO;

		sbuf_init(&names);
		keys_names(&names, (enum ui_request)r);
		if (want) {
			ck_assert_msg(strstr(s, names.buf) != NULL,
				      "help lacks %s", names.buf);
			ck_assert_msg(strstr(s, keys_help_text(
						     (enum ui_request)r)),
				      "help lacks the text of %s",
				      keys_request_name((enum ui_request)r));
		} else {
			ck_assert_msg(strstr(s, keys_help_text(
						     (enum ui_request)r)) == NULL,
				      "help lists unhandled %s",
				      keys_request_name((enum ui_request)r));
		}
		sbuf_done(&names);
	}
	ck_assert_ptr_nonnull(strstr(s, "Keys of this screen (Test)"));
	ck_assert_ptr_nonnull(strstr(s, "Keys of every screen"));
	free(s);
}
END_TEST

START_TEST(help_lists_a_request_once_when_both_layers_have_it)
{
	static const enum ui_request both[] = { REQ_BACK, REQ_NONE };
	struct keys_set a = set_of(both), b = set_of(both);
	char *s = help_text(&a, &b);
	const char *first = strstr(s, keys_help_text(REQ_BACK));

	ck_assert_ptr_nonnull(first);
	ck_assert_ptr_null(strstr(first + 1, keys_help_text(REQ_BACK)));
	free(s);
}
END_TEST

START_TEST(help_says_so_when_the_screen_has_no_keys)
{
	static const enum ui_request glob[] = { REQ_HELP, REQ_NONE };
	struct keys_set a, b = set_of(glob);
	char *s;

	keys_set_clear(&a);
	s = help_text(&a, &b);
	ck_assert_ptr_nonnull(strstr(s, "None besides the keys of every screen."));
	free(s);
}
END_TEST

START_TEST(help_texts_start_in_one_column)
{
	static const enum ui_request scr[] = { REQ_UP, REQ_NONE };
	static const enum ui_request glob[] = { REQ_HELP, REQ_QUIT, REQ_NONE };
	struct keys_set a = set_of(scr), b = set_of(glob);
	struct layout_text t;
	int col = -1;

	layout_text_init(&t);
	keys_help(&t, &a, "x", &b);
	for (size_t i = 0; i < t.n; i++) {
		for (int r = REQ_NONE + 1; r < REQ_COUNT; r++) {
			const char *h = strstr(t.lines[i].text.buf,
					       keys_help_text((enum ui_request)r));
			int c;

			if (!h || !*keys_help_text((enum ui_request)r))
				continue;
			c = width_strn(t.lines[i].text.buf,
				       (size_t)(h - t.lines[i].text.buf));
			if (col < 0)
				col = c;
			ck_assert_int_eq(c, col);
		}
	}
	ck_assert_int_gt(col, 0);
	layout_text_done(&t);
}
END_TEST

/* The help of table in mode, every request on (so that every request said
 * in the screen's words is live), as one text. */
static char *mode_help(const struct keys_local *table, unsigned mode,
		       struct keys_set *set)
{
	struct keys_set global;

	keys_set_clear(set);
	for (int r = REQ_NONE + 1; r < REQ_COUNT; r++)
		set->on[r] = keys_request_map((enum ui_request)r) == KEYS_MAP_GENERIC;
	keys_set_add_local(set, table, mode);
	keys_set_clear(&global);
	return help_text(set, &global);
}

/* True when one line of text holds both needles. */
static bool line_has_both(const char *text, const char *a, const char *b)
{
	const char *p = text;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, n);
		bool hit = strstr(line, a) && strstr(line, b);

		free(line);
		if (hit)
			return true;
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

START_TEST(every_screen_key_is_in_the_help_of_its_screen)
{
	int checked = 0;

	for (const struct screen_keys_info *i = screen_keys_all; i->name; i++) {
		size_t n = keys_local_count(i->keys);

		ck_assert_msg(n > 0 && n <= KEYS_LOCAL_MAX, "%s: %zu keys", i->name, n);
		for (unsigned m = 0; m < i->nmodes; m++) {
			struct keys_set set;
			char *help = mode_help(i->keys, m, &set);

			for (size_t k = 0; k < n; k++) {
				const struct keys_local *e = &i->keys[k];
				struct sbuf name;
				bool live = !e->modes || (e->modes & SCREEN_KEYS_MODE(m));

				ck_assert_msg(e->help || e->label, "%s: entry %zu says nothing",
					      i->name, k);
				if (!live)
					continue;
				sbuf_init(&name);
				keys_local_name(&name, e);
				ck_assert_msg(line_has_both(help, name.buf, e->help ? e->help : e->label),
					      "%s mode %u: the help lacks %s (%s)", i->name, m,
					      name.buf, e->help ? e->help : e->label);
				if (e->label)
					ck_assert_msg(line_has_both(help, name.buf, e->label),
						      "%s mode %u: the help lacks the label of %s",
						      i->name, m, name.buf);
				if (e->req == REQ_NONE)
					ck_assert_ptr_eq(keys_local_find(&set, e->key), e);
				sbuf_done(&name);
				checked++;
			}
			free(help);
		}
	}
	ck_assert_int_gt(checked, 60);
}
END_TEST

START_TEST(a_character_key_means_one_thing_in_a_mode_and_is_no_request)
{
	for (const struct screen_keys_info *i = screen_keys_all; i->name; i++) {
		size_t n = keys_local_count(i->keys);

		for (unsigned m = 0; m < i->nmodes; m++) {
			for (size_t a = 0; a < n; a++) {
				const struct keys_local *e = &i->keys[a];
				bool live = !e->modes || (e->modes & SCREEN_KEYS_MODE(m));

				if (!live || e->req != REQ_NONE)
					continue;
				/* the generic keymap never takes it first */
				ck_assert_int_eq(keys_lookup(KEYS_MAP_GENERIC, e->key), REQ_NONE);
				if (e->alt)
					ck_assert_int_eq(keys_lookup(KEYS_MAP_GENERIC, e->alt), REQ_NONE);
				for (size_t b = a + 1; b < n; b++) {
					const struct keys_local *f = &i->keys[b];
					bool flive = !f->modes || (f->modes & SCREEN_KEYS_MODE(m));

					if (!flive || f->req != REQ_NONE)
						continue;
					ck_assert_msg(f->key != e->key && f->key != e->alt &&
						      (!f->alt || (f->alt != e->key && f->alt != e->alt)),
						      "%s mode %u: %c twice", i->name, m, f->key);
				}
			}
		}
	}
}
END_TEST

START_TEST(order_entry_says_f4_swaps_and_b_bundles)
{
	struct keys_set set;
	struct layout_line l;
	char *help = mode_help(order_entry_keys, ORDER_ENTRY_KM_EDIT, &set);

	ck_assert(line_has_both(help, "F4", "Swap the selected line for the suggested product"));
	ck_assert(!line_has_both(help, "F4", "Edit what is shown"));
	layout_line_init(&l, LAYOUT_BAR);
	keys_set_clear(&set);
	set.on[REQ_EDIT] = set.on[REQ_SAVE] = true;
	keys_set_add_local(&set, order_entry_keys, ORDER_ENTRY_KM_EDIT);
	keys_legend(&l, &set, 80);
	ck_assert_ptr_nonnull(strstr(l.text.buf, "F4 Swap"));
	ck_assert_ptr_nonnull(strstr(l.text.buf, "F5 Confirm"));
	ck_assert_ptr_null(strstr(l.text.buf, "Edit"));
	free(help);

	/* b is a key of the confirmation only: typed text elsewhere */
	ck_assert_ptr_null(keys_local_find(&set, 'b'));
	keys_set_clear(&set);
	set.on[REQ_SAVE] = true;
	keys_set_add_local(&set, order_entry_keys, ORDER_ENTRY_KM_CONFIRM);
	ck_assert_ptr_nonnull(keys_local_find(&set, 'b'));
	ck_assert_ptr_nonnull(keys_local_find(&set, 'B'));
	keys_legend(&l, &set, 80);
	ck_assert_ptr_nonnull(strstr(l.text.buf, "b Bundle"));
	ck_assert_ptr_nonnull(strstr(l.text.buf, "F5 Place order"));
	layout_line_done(&l);
}
END_TEST

START_TEST(f8_says_cancel_where_it_cancels)
{
	struct keys_set set;
	struct layout_line l;

	layout_line_init(&l, LAYOUT_BAR);
	keys_set_clear(&set);
	set.on[REQ_DELETE] = set.on[REQ_EDIT] = true;
	keys_set_add_local(&set, subs_list_keys, 0);
	keys_legend(&l, &set, 80);
	ck_assert_ptr_nonnull(strstr(l.text.buf, "F8 Cancel"));
	ck_assert_ptr_nonnull(strstr(l.text.buf, "F4 Change"));
	ck_assert_ptr_null(strstr(l.text.buf, "Delete"));
	layout_line_done(&l);
}
END_TEST

START_TEST(a_range_is_named_once_and_takes_every_character_of_it)
{
	struct keys_set set;
	struct sbuf name;

	keys_set_clear(&set);
	keys_set_add_local(&set, inquiry_queue_keys, 0);
	for (int c = '1'; c <= '9'; c++)
		ck_assert_ptr_eq(keys_local_find(&set, c), &inquiry_queue_keys[0]);
	ck_assert_ptr_null(keys_local_find(&set, '0'));
	sbuf_init(&name);
	keys_local_name(&name, &inquiry_queue_keys[0]);
	ck_assert_str_eq(name.buf, "1-9");
	sbuf_done(&name);
}
END_TEST

START_TEST(a_request_in_the_screens_words_needs_the_request)
{
	struct keys_set set;

	/* F4 is not handled: its words are not shown either */
	keys_set_clear(&set);
	keys_set_add_local(&set, order_entry_keys, ORDER_ENTRY_KM_EDIT);
	ck_assert_ptr_null(keys_local_request(&set, REQ_EDIT));
	ck_assert_str_eq(keys_set_label(&set, REQ_EDIT), keys_label(REQ_EDIT));
}
END_TEST

START_TEST(a_screens_hint_is_made_from_its_keys)
{
	struct sbuf hint;

	sbuf_init(&hint);
	keys_local_hint(&hint, inquiry_keys, INQUIRY_KM_VIEW);
	ck_assert_str_eq(hint.buf, "t Take  h Hand off  e Escalate  r Resolve  o Reopen  "
				   "n Note  w Waiting  c Close");
	sbuf_reset(&hint);
	keys_local_hint(&hint, inquiry_keys, INQUIRY_KM_PROMPT);
	ck_assert_str_eq(hint.buf, "");  /* letters are typed text there */
	sbuf_reset(&hint);
	keys_local_hint(&hint, subs_view_keys, 0);
	for (size_t i = 0; i < keys_local_count(subs_view_keys); i++) {
		const struct keys_local *e = &subs_view_keys[i];
		char want[64];

		if (e->req != REQ_NONE)
			continue;
		snprintf(want, sizeof(want), "%c %s", e->key, e->label);
		ck_assert_msg(strstr(hint.buf, want), "hint lacks '%s'", want);
	}
	sbuf_done(&hint);
}
END_TEST

Suite *ui_keys_suite(void)
{
	Suite *s = suite_create("ui_keys");
	TCase *tc = tcase_create("keys");

	tcase_add_test(tc, unbound_and_zero_keys_make_no_request);
	tcase_add_test(tc, letters_are_requests_only_in_the_dialog_keymap);
	tcase_add_test(tc, layered_lookup_prefers_the_first_map);
	tcase_add_test(tc, default_keys_follow_the_design);
	tcase_add_test(tc, no_key_means_two_requests_in_one_keymap);
	tcase_add_test(tc, every_request_has_a_key_and_help);
	tcase_add_test(tc, key_names);
	tcase_add_test(tc, legend_shows_only_handled_requests);
	tcase_add_test(tc, legend_follows_table_order_and_first_key);
	tcase_add_test(tc, legend_never_shows_requests_without_a_label);
	tcase_add_test(tc, legend_leaves_out_whole_entries_when_narrow);
	tcase_add_test(tc, help_lists_every_handled_key_with_its_text);
	tcase_add_test(tc, help_lists_a_request_once_when_both_layers_have_it);
	tcase_add_test(tc, help_says_so_when_the_screen_has_no_keys);
	tcase_add_test(tc, help_texts_start_in_one_column);
	tcase_add_test(tc, every_screen_key_is_in_the_help_of_its_screen);
	tcase_add_test(tc, a_character_key_means_one_thing_in_a_mode_and_is_no_request);
	tcase_add_test(tc, order_entry_says_f4_swaps_and_b_bundles);
	tcase_add_test(tc, f8_says_cancel_where_it_cancels);
	tcase_add_test(tc, a_range_is_named_once_and_takes_every_character_of_it);
	tcase_add_test(tc, a_request_in_the_screens_words_needs_the_request);
	tcase_add_test(tc, a_screens_hint_is_made_from_its_keys);
	suite_add_tcase(s, tc);
	return s;
}
