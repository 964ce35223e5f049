/* lookup_screen.c: the customer lookup (lookup_screen.h).
 *
 * The search runs once the operator pauses typing (DEBOUNCE_LOOKUP_MS,
 * debounce.h, on the screen's timer) or presses Enter: a name typed
 * character by character costs one search, not one per character. Keys
 * typed while a search runs wait in the terminal and are read after it
 * (nothing is lost); while a search is owed for the text as it is now,
 * the list of older text is not shown ("Searching..."). A search is one
 * keyset page of the store and, when the page is full, a count bounded
 * at LOOKUP_COUNT_MAX ("more than 1,000 customers"): what a search reads
 * is bounded by the page and the limit, not by the size of the table. Results
 * are held a page (LOOKUP_PAGE rows) at a time: moving past either end
 * reads the next or previous page from the cursor where it starts, so
 * memory stays the same whatever the size of the result; the start
 * cursors of the pages seen are kept (a few bytes each) to go back.
 *
 * The search line has the keyboard all the time: letters go into it,
 * Up/Down/PgUp/PgDn move in the list, Enter opens the card. F5 (for
 * supervisors) makes a call list of every customer the list finds. */
#include "lookup_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/customer.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/live.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

#include "calllist_screen.h"
#include "customer_form_screen.h"
#include "customer_screen.h"
#include "customer_text.h"
#include "debounce.h"
#include "filter_screen.h"
#include "form.h"
#include "screen_keys.h"

/* Rows read at a time: more than the tallest screen shows. A search
 * that matches one character anywhere in a name (level "contains", in
 * code order) reads rows until the page is full: at 1% of the customers
 * matching, a page of 50 reads ~4,000 rows where 100 read ~8,400
 * (doc/notes/desk-speed.md). */
#define LOOKUP_PAGE 50
/* The count is exact up to this, then "more than 1,000 customers". */
#define LOOKUP_COUNT_MAX 1000
/* lines above the list: search, what it was taken for, filters, count,
 * column heading */
#define HEAD_LINES 5


enum lookup_status {
	LK_IDLE,     /* nothing to search for */
	LK_RESULTS,  /* rows (maybe none) */
	LK_INVALID,  /* what was typed cannot be searched: note says why */
	LK_DOWN,     /* the database is away: searched when it is back */
	LK_ERROR,    /* the store refused: note says why */
};

struct lookup_state {
	struct formspec spec;
	struct form line;
	bool have_spec;

	struct customer_query filters;   /* from the panel */
	char *filter_summary;            /* NULL: no filter */
	struct customer_query q;         /* what the rows are for */

	struct customer_row *rows;       /* one page */
	int nrows;
	struct customer_cursor *starts;  /* start of each page seen */
	size_t nstarts;
	size_t page_no;
	bool more;                       /* a page after this one */
	int sel;                         /* selected row within the page */
	int top;                         /* first row shown */
	int shown;                       /* rows the last draw had room for */

	struct customer_count_bound count;
	struct debounce typing;          /* a search owed for the text */
	enum lookup_status status;
	char note[512];
	bool pop;                        /* open the card on a single match */

	/* args of the screens opened from here: valid while they are open */
	char open_code[CUSTOMER_CODE_SIZE];
	struct customer_form_arg form_arg;
	char prefill[CUSTOMER_QUERY_SIZE];
	struct filter_arg filter_arg;
	bool supervisor;                 /* F5 makes a call list */
	struct calllist_screen_arg calllist_arg;
	char calllist_what[CUSTOMER_QUERY_SIZE * 2 + 256];
};

static const char *search_text(const struct lookup_state *st)
{
	return form_get(&st->line, 0);
}

/* True when s holds nothing but spaces (also the full-width U+3000). */
static bool blank_text(const char *s)
{
	while (*s) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if (strncmp(s, "\xE3\x80\x80", 3) == 0)
			s += 3;
		else
			return false;
	}
	return true;
}

static void clear_results(struct lookup_state *st)
{
	st->nrows = 0;
	st->nstarts = 1;
	memset(&st->starts[0], 0, sizeof(st->starts[0]));
	st->page_no = 0;
	st->more = false;
	st->sel = st->top = 0;
	memset(&st->count, 0, sizeof(st->count));
}

/* Reads page k (whose start cursor is known). */
static enum rd_status load_page(struct lookup_state *st, struct ui_app *app,
				size_t k, struct rd_error *err)
{
	struct customer_cursor next;
	int n = 0;
	enum rd_status rc;

	rc = customer_find(ui_db(app), &st->q, k ? &st->starts[k] : NULL,
			   st->rows, LOOKUP_PAGE, &n, &next, err);
	if (rc != RD_OK)
		return rc;
	st->page_no = k;
	st->nrows = n;
	st->more = next.code[0] != '\0';
	if (st->more && st->nstarts == k + 1) {
		st->starts = xreallocarray(st->starts, st->nstarts + 1,
					   sizeof(*st->starts));
		st->starts[st->nstarts++] = next;
	}
	return RD_OK;
}

static void fail(struct lookup_state *st, enum rd_status rc,
		 const struct rd_error *err)
{
	clear_results(st);
	if (rc == RD_UNAVAILABLE || rc == RD_RETRY) {
		st->status = LK_DOWN;
		snprintf(st->note, sizeof(st->note), "%s",
			 _("The database is unavailable: the search runs again when it is back."));
	} else {
		st->status = rc == RD_INVALID || rc == RD_USAGE ? LK_INVALID : LK_ERROR;
		snprintf(st->note, sizeof(st->note), "%s",
			 err->msg[0] ? err->msg : _(rd_status_message(rc)));
	}
}

/* Runs the search for the search line and the filters from the first
 * page, and counts. */
static void search(struct lookup_state *st, struct ui_app *app)
{
	const char *text = search_text(st);
	bool have_text = !blank_text(text);
	struct customer_guess g;
	struct rd_error err;
	enum rd_status rc;

	rd_error_clear(&err);
	debounce_cancel(&st->typing);
	clear_results(st);
	st->note[0] = '\0';
	st->q = st->filters;
	if (!have_text && customer_query_empty(&st->filters)) {
		st->status = LK_IDLE;
		return;
	}
	if (have_text) {
		if (customer_classify(text, &g, &err) != RD_OK) {
			fail(st, RD_INVALID, &err);
			return;
		}
		{
			struct sbuf sb;

			sbuf_init(&sb);
			lookup_guess_text(&sb, &g);
			/* TRANSLATORS: %s says what the search line was taken
			 * for: "phone number 090-1234-5678". */
			snprintf(st->note, sizeof(st->note), _("Looking for: %s"), sb.buf);
			sbuf_done(&sb);
		}
		if ((rc = customer_query_set(&st->q, CUSTOMER_Q_ANY, text, &err)) != RD_OK) {
			fail(st, rc, &err);
			return;
		}
	}
	if (!ui_db_ok(app)) {
		fail(st, RD_UNAVAILABLE, &err);
		return;
	}
	if ((rc = load_page(st, app, 0, &err)) != RD_OK) {
		fail(st, rc, &err);
		return;
	}
	st->status = LK_RESULTS;
	if (!st->more) {
		/* the whole result is in hand: no need to ask */
		st->count.n = st->nrows;
		st->count.more = false;
	} else if ((rc = customer_count_upto(ui_db(app), &st->q, LOOKUP_COUNT_MAX, &st->count,
					     &err)) != RD_OK) {
		st->count.n = -1;
	}
}

/* The search owed for what was typed, run now (Enter, moving in the list,
 * F5): true when it ran. */
static bool search_owed(struct lookup_state *st, struct ui_app *app)
{
	if (!debounce_flush(&st->typing))
		return false;
	search(st, app);
	return true;
}

static unsigned open_card(struct lookup_state *st, struct ui_app *app,
			  const char *code)
{
	snprintf(st->open_code, sizeof(st->open_code), "%s", code);
	ui_push(app, &customer_screen_ops, st->open_code);
	return UI_REDRAW;
}

/* The screen pop: one match opens its card, once. */
static unsigned maybe_pop(struct lookup_state *st, struct ui_app *app)
{
	if (!st->pop || st->status == LK_DOWN)
		return UI_NONE;
	st->pop = false;
	if (st->status == LK_RESULTS && st->nrows == 1 && !st->more)
		return open_card(st, app, st->rows[0].code);
	return UI_NONE;
}

static unsigned lookup_open(struct screen *s, struct ui_app *app,
			    const void *arg)
{
	struct lookup_state *st = s->state;
	const struct lookup_arg *a = arg;
	struct rd_error err;

	if (form_spec_builtin("lookup", &st->spec, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_CLOSE;
	}
	st->have_spec = true;
	st->supervisor = ui_opts(app)->role && strcmp(ui_opts(app)->role, "supervisor") == 0;
	form_init(&st->line, &st->spec);
	debounce_init(&st->typing, DEBOUNCE_LOOKUP_MS);
	customer_query_init(&st->filters);
	customer_query_init(&st->q);
	st->rows = xcalloc(LOOKUP_PAGE, sizeof(*st->rows));
	st->starts = xcalloc(1, sizeof(*st->starts));
	clear_results(st);
	if (a && a->query) {
		/* a segment of the reports: its customers, as filters the
		 * panel (F3) can still change */
		st->filters = *a->query;
		st->filter_summary = xstrdup(a->title && *a->title ? a->title
						       : _("the report's segment"));
		search(st, app);
		return UI_REDRAW;
	}
	if (a && a->text) {
		form_set(&st->line, 0, a->text);
		st->pop = a->pop;
		search(st, app);
		return UI_REDRAW | maybe_pop(st, app);
	}
	return UI_REDRAW;
}

static void lookup_close(struct screen *s, struct ui_app *app)
{
	struct lookup_state *st = s->state;

	(void)app;
	if (st->have_spec) {
		form_done(&st->line);
		formspec_done(&st->spec);
	}
	XFREE(st->rows);
	XFREE(st->starts);
	XFREE(st->filter_summary);
}

static unsigned lookup_reload(struct screen *s, struct ui_app *app)
{
	struct lookup_state *st = s->state;

	if (st->status == LK_IDLE)
		return UI_REDRAW;
	search(st, app);
	return UI_REDRAW | maybe_pop(st, app);
}

/* --- moving in the list --- */

static unsigned page_error(struct ui_app *app, enum rd_status rc,
			   const struct rd_error *err)
{
	if (rc == RD_UNAVAILABLE)
		ui_error(app, "%s", _("Database unavailable: try again once the top line says DB ok."));
	else
		ui_error(app, "%s", err->msg);
	return UI_REDRAW;
}

/* Moves the selection by delta rows, reading other pages as needed. */
static unsigned move(struct lookup_state *st, struct ui_app *app, int delta)
{
	struct rd_error err;
	enum rd_status rc;
	int target = st->sel + delta;

	rd_error_clear(&err);
	if (st->status != LK_RESULTS || st->nrows == 0)
		return UI_NONE;
	if (target >= st->nrows) {
		int over = target - st->nrows;

		if (!st->more) {
			st->sel = st->nrows - 1;
			return UI_REDRAW;
		}
		if (!ui_db_ok(app))
			return page_error(app, RD_UNAVAILABLE, &err);
		if ((rc = load_page(st, app, st->page_no + 1, &err)) != RD_OK)
			return page_error(app, rc, &err);
		st->sel = over < st->nrows ? over : st->nrows - 1;
		st->top = st->sel;
		return UI_REDRAW;
	}
	if (target < 0) {
		if (st->page_no == 0) {
			st->sel = 0;
			return UI_REDRAW;
		}
		if (!ui_db_ok(app))
			return page_error(app, RD_UNAVAILABLE, &err);
		if ((rc = load_page(st, app, st->page_no - 1, &err)) != RD_OK)
			return page_error(app, rc, &err);
		st->sel = st->nrows + target;
		if (st->sel < 0)
			st->sel = 0;
		st->top = st->sel;
		return UI_REDRAW;
	}
	st->sel = target;
	return UI_REDRAW;
}

/* --- opening other screens --- */

static unsigned lookup_saved(struct ui_app *app, void *ctx,
			     const struct customer *saved)
{
	struct lookup_state *st = ctx;

	/* the list shows the new customer when the search finds it */
	search(st, app);
	return open_card(st, app, saved->code);
}

static unsigned register_new(struct lookup_state *st, struct ui_app *app)
{
	const char *text = search_text(st);
	struct customer_guess g;
	const char *column = NULL;

	memset(&st->form_arg, 0, sizeof(st->form_arg));
	st->prefill[0] = '\0';
	if (!blank_text(text) && customer_classify(text, &g, NULL) == RD_OK) {
		switch (g.kind) {
		case CUSTOMER_KIND_PHONE:
		case CUSTOMER_KIND_PHONE_FRAGMENT:
			column = "phone1";
			break;
		case CUSTOMER_KIND_POSTAL_OR_PHONE:
		case CUSTOMER_KIND_POSTAL:
			column = "postal_code";
			break;
		case CUSTOMER_KIND_EMAIL:
			column = "email";
			break;
		case CUSTOMER_KIND_KANA:
			column = "name_kana";
			break;
		case CUSTOMER_KIND_NAME:
			column = "name";
			break;
		case CUSTOMER_KIND_CODE:
		case CUSTOMER_KIND_ORDER:
		default:
			break;
		}
		if (column)
			snprintf(st->prefill, sizeof(st->prefill), "%s", text);
	}
	st->form_arg.prefill_column = column;
	st->form_arg.prefill_value = st->prefill;
	st->form_arg.on_saved = lookup_saved;
	st->form_arg.ctx = st;
	ui_push(app, &customer_form_screen_ops, &st->form_arg);
	return UI_REDRAW;
}

static unsigned filters_applied(struct ui_app *app, void *ctx)
{
	struct lookup_state *st = ctx;

	search(st, app);
	return UI_REDRAW;
}

static unsigned open_filters(struct lookup_state *st, struct ui_app *app)
{
	st->filter_arg.query = &st->filters;
	st->filter_arg.summary = &st->filter_summary;
	st->filter_arg.on_apply = filters_applied;
	st->filter_arg.ctx = st;
	ui_push(app, &filter_screen_ops, &st->filter_arg);
	return UI_REDRAW;
}

/* F5: a call list of every customer found (supervisors; the database
 * refuses anyone else too). */
static unsigned make_call_list(struct lookup_state *st, struct ui_app *app)
{
	const char *text = search_text(st);

	if (!st->supervisor) {
		ui_error(app, "%s", _("Only a supervisor makes a call list."));
		return UI_REDRAW;
	}
	if (st->status != LK_RESULTS || st->nrows == 0) {
		ui_message(app, "%s", _("Find the customers first: a search, filters (F3) or a saved filter (F7)."));
		return UI_REDRAW;
	}
	/* the list's source in words: what was typed, then the filters */
	snprintf(st->calllist_what, sizeof(st->calllist_what), "%s%s%s",
		 blank_text(text) ? "" : text,
		 !blank_text(text) && st->filter_summary ? " / " : "",
		 st->filter_summary ? st->filter_summary : "");
	st->calllist_arg.q = &st->q;
	st->calllist_arg.what = st->calllist_what;
	ui_push(app, &calllist_screen_ops, &st->calllist_arg);
	return UI_REDRAW;
}

/* --- keys --- */

static unsigned edited(struct lookup_state *st, struct ui_app *app,
		       enum form_result r)
{
	switch (r) {
	case FORM_EDITED:
		/* searched once the typing pauses (lookup_timer) */
		(void)app;
		debounce_edit(&st->typing, live_now_ms());
		return UI_REDRAW;
	case FORM_MOVED:
		return UI_REDRAW;
	case FORM_REFUSED:
	case FORM_SUBMIT:
	case FORM_IGNORED:
	default:
		return UI_NONE;
	}
}

static unsigned lookup_request(struct screen *s, struct ui_app *app,
			       enum ui_request req)
{
	struct lookup_state *st = s->state;
	int page = st->shown > 1 ? st->shown - 1 : 1;

	/* what acts on the list acts on the list of the text as it is */
	switch (req) {
	case REQ_UP:
	case REQ_DOWN:
	case REQ_PAGE_UP:
	case REQ_PAGE_DOWN:
	case REQ_ENTER:
	case REQ_SAVE:
		if (search_owed(st, app) && req != REQ_ENTER && req != REQ_SAVE)
			return UI_REDRAW;
		break;
	default:
		break;
	}
	switch (req) {
	case REQ_UP:
		return move(st, app, -1);
	case REQ_DOWN:
		return move(st, app, +1);
	case REQ_PAGE_UP:
		return move(st, app, -page);
	case REQ_PAGE_DOWN:
		return move(st, app, +page);
	case REQ_ENTER:
		if (st->status == LK_RESULTS && st->nrows > 0)
			return open_card(st, app, st->rows[st->sel].code);
		if (st->status == LK_RESULTS)
			ui_message(app, "%s", _("No customer found: F6 registers a new one with what you typed."));
		else if (st->status == LK_IDLE)
			ui_message(app, "%s", _("Type a phone, name, reading, customer or order number, e-mail or postal code."));
		else
			ui_error(app, "%s", st->note);
		return UI_REDRAW;
	case REQ_NEW:
		return register_new(st, app);
	case REQ_FILTERS:
		return open_filters(st, app);
	case REQ_SAVE:
		return make_call_list(st, app);
	case REQ_CLEAR:
		form_set(&st->line, 0, "");
		customer_query_init(&st->filters);
		XFREE(st->filter_summary);
		search(st, app);
		return UI_REDRAW;
	case REQ_LEFT:
	case REQ_RIGHT:
	case REQ_FIRST:
	case REQ_LAST:
	case REQ_BACKSPACE:
	case REQ_DELETE_CHAR:
	case REQ_CLEAR_FIELD:
		return edited(st, app, form_request(&st->line, req));
	default:
		return UI_UNHANDLED;
	}
}

static unsigned lookup_input(struct screen *s, struct ui_app *app,
			     uint32_t cp)
{
	struct lookup_state *st = s->state;
	enum form_result r = form_input(&st->line, cp);

	if (r == FORM_REFUSED)
		ui_error(app, _("The search holds at most %d characters."),
			 st->spec.fields[0].max_chars);
	return edited(st, app, r) | UI_REDRAW;
}

/* --- drawing --- */

static void lookup_draw(struct screen *s, struct ui_app *app,
			struct layout_text *body, int cols, int rows)
{
	struct lookup_state *st = s->state;
	struct lookup_columns c;
	struct layout_line *l;
	struct sbuf sb;
	int label_w;

	(void)app;
	sbuf_init(&sb);
	/* the search line takes the width there is */
	l = layout_text_add(body, LAYOUT_NORMAL);
	label_w = layout_line_add(l, " ", LAYOUT_NORMAL);
	label_w += layout_line_add(l, _("Search"), LAYOUT_HEADING);
	label_w += layout_line_add(l, "  ", LAYOUT_NORMAL);
	st->spec.fields[0].width = cols - label_w - 1 > 10 ? cols - label_w - 1 : 10;
	form_box(&st->line, 0, true, l);

	/* what it was taken for, or why it cannot be searched */
	l = layout_text_add(body, LAYOUT_NORMAL);
	layout_line_pad(l, 1);
	if (debounce_pending(&st->typing)) {
		/* the rows are of older text: never shown for the new one */
		layout_line_add(l, _("Searching..."), LAYOUT_DIM);
		sbuf_done(&sb);
		return;
	}
	if (st->status == LK_IDLE)
		layout_line_add(l, _("Type a phone number, name, reading, customer or order number, e-mail or postal code."),
				LAYOUT_DIM);
	else
		layout_line_add(l, st->note,
				st->status == LK_RESULTS ? LAYOUT_DIM : LAYOUT_ERROR);

	l = layout_text_add(body, LAYOUT_NORMAL);
	layout_line_pad(l, 1);
	layout_line_add(l, _("Filters: "), LAYOUT_DIM);
	layout_line_add(l, st->filter_summary ? st->filter_summary
					      : _("none (F3 sets them)"),
			st->filter_summary ? LAYOUT_HEADING : LAYOUT_DIM);

	l = layout_text_add(body, LAYOUT_NORMAL);
	layout_line_pad(l, 1);
	if (st->status == LK_RESULTS) {
		sbuf_reset(&sb);
		if (st->count.n >= 0 && st->count.more)
			lookup_count_more_text(&sb, st->count.n);
		else if (st->count.n >= 0)
			lookup_count_text(&sb, st->count.n, false);
		layout_line_add(l, sb.buf, LAYOUT_HEADING);
		if (st->nrows > 0) {
			struct sbuf pos;

			sbuf_init(&pos);
			/* TRANSLATORS: the selected line's number in the list. */
			sbuf_printf(&pos, _("line %zu"),
				    st->page_no * LOOKUP_PAGE + (size_t)st->sel + 1);
			if (layout_line_width(l) + width_str(pos.buf) + 2 <= cols) {
				layout_line_pad(l, cols - layout_line_width(l) - width_str(pos.buf));
				layout_line_add(l, pos.buf, LAYOUT_DIM);
			}
			sbuf_done(&pos);
		}
	}

	if (st->status == LK_RESULTS && st->nrows == 0) {
		layout_text_add(body, LAYOUT_NORMAL);
		layout_text_wrap(body, LAYOUT_NORMAL, 1,
				 _("No customer matches. F6 registers a new customer with what you typed filled in."),
				 cols - 2);
	} else if (st->status == LK_RESULTS) {
		lookup_columns_compute(&c, cols);
		lookup_header(layout_text_add(body, LAYOUT_NORMAL), &c);
		st->shown = rows - HEAD_LINES > 1 ? rows - HEAD_LINES : 1;
		if (st->sel < st->top)
			st->top = st->sel;
		if (st->sel >= st->top + st->shown)
			st->top = st->sel - st->shown + 1;
		if (st->top > 0 && st->top + st->shown > st->nrows)
			st->top = st->nrows > st->shown ? st->nrows - st->shown : 0;
		for (int i = st->top; i < st->nrows && i < st->top + st->shown; i++)
			lookup_row(layout_text_add(body, LAYOUT_NORMAL), &c, &st->rows[i],
				   i == st->sel);
	}
	sbuf_done(&sb);
}

static const enum ui_request lookup_requests[] = {
	REQ_FILTERS, REQ_NEW, REQ_CLEAR, REQ_ENTER, REQ_UP, REQ_DOWN,
	REQ_PAGE_UP, REQ_PAGE_DOWN, REQ_LEFT, REQ_RIGHT, REQ_FIRST, REQ_LAST,
	REQ_BACKSPACE, REQ_DELETE_CHAR, REQ_CLEAR_FIELD, REQ_NONE
};

/* F5 is a supervisor's key only: the legend and help of anyone else do
 * not offer it. */
static void lookup_handles(const struct screen *s, struct keys_set *set)
{
	const struct lookup_state *st = s->state;

	keys_set_add_list(set, lookup_requests);
	if (st->supervisor)
		set->on[REQ_SAVE] = true;
}

/* The search owed once the typing paused. */
static long long lookup_due(const struct screen *s)
{
	const struct lookup_state *st = s->state;

	return debounce_due(&st->typing);
}

static unsigned lookup_timer(struct screen *s, struct ui_app *app)
{
	struct lookup_state *st = s->state;

	/* shell_timer calls this only once the time it was given has come
	 * (due <= now): the search owed runs */
	if (!debounce_flush(&st->typing))
		return UI_NONE;
	search(st, app);
	return UI_REDRAW;
}

const struct screen_ops lookup_screen_ops = {
	.name = "lookup",
	.title = N_("Customer lookup"),
	.state_size = sizeof(struct lookup_state),
	.handles = lookup_handles,
	.keys = lookup_keys,
	.open = lookup_open,
	.request = lookup_request,
	.input = lookup_input,
	.draw = lookup_draw,
	.reload = lookup_reload,
	.due = lookup_due,
	.timer = lookup_timer,
	.close = lookup_close,
};
