/* media_cost_screen.c: the supervisors' media costs (media_cost_screen.h).
 *
 * Media codes down, six months across (the current month last when it
 * opens; PgUp/PgDn move six months), each cell the cost entered for that
 * code and month or "—" when none is. Enter (or F4) edits the selected
 * cell in a small form below the grid (cost, note, reason); F5 saves it
 * naming the version that was read, so a cost someone else changed
 * meanwhile is refused and the grid shows what is there now. Only
 * supervisors get this far: the database refuses the others, and the
 * screen says so and closes. */
#include "media_cost_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/media_cost.h"
#include "repeatdesk/money.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/width.h"

#include "form.h"
#include "screen_keys.h"

#define MC_MONTHS 6
#define MC_CODE_COLS 8
#define MC_CELL_COLS 12
#define NO_COST "\xe2\x80\x94"  /* — */

struct mc_state {
	int32_t first;              /* the first month shown (its first day) */
	struct media_cost *cells;   /* ncodes x MC_MONTHS, by code then month */
	int ncodes;
	int row, col, top, page;
	bool editing;
	struct formspec spec;
	struct form form;
	bool have_form;
	struct media_cost edit;     /* the cell being edited, as read */
};

static struct media_cost *cell(struct mc_state *st, int row, int col)
{
	return &st->cells[row * MC_MONTHS + col];
}

static unsigned load(struct mc_state *st, struct ui_app *app)
{
	struct rd_error err;
	int n = 0;

	free(st->cells);
	st->cells = NULL;
	st->ncodes = 0;
	if (!ui_db_ok(app)) {
		ui_error(app, "%s", _("Database unavailable: the costs are not shown."));
		return UI_REDRAW;
	}
	if (media_cost_list(ui_db(app), NULL, st->first,
			    date_add_months(st->first, MC_MONTHS - 1), true,
			    &st->cells, &n, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return err.status == RD_PERMISSION ? UI_CLOSE : UI_REDRAW;
	}
	st->ncodes = n / MC_MONTHS;
	if (st->row >= st->ncodes)
		st->row = st->ncodes > 0 ? st->ncodes - 1 : 0;
	return UI_REDRAW;
}

static unsigned mc_open(struct screen *s, struct ui_app *app, const void *arg)
{
	struct mc_state *st = s->state;
	struct rd_error err;
	int32_t month = 0;

	(void)arg;
	if (form_spec_builtin("media_cost", &st->spec, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_CLOSE;
	}
	form_init(&st->form, &st->spec);
	st->have_form = true;
	if (!ui_db_ok(app) || media_cost_this_month(ui_db(app), &month, &err) != RD_OK) {
		ui_error(app, "%s", ui_db_ok(app) ? err.msg
			 : _("Database unavailable: the costs are not shown."));
		return UI_CLOSE;
	}
	st->first = date_add_months(month, -(MC_MONTHS - 1));
	st->col = MC_MONTHS - 1;
	return load(st, app);
}

static void mc_close(struct screen *s, struct ui_app *app)
{
	struct mc_state *st = s->state;

	(void)app;
	free(st->cells);
	if (st->have_form) {
		form_done(&st->form);
		formspec_done(&st->spec);
	}
}

static unsigned mc_reload(struct screen *s, struct ui_app *app)
{
	return load(s->state, app);
}

static void start_edit(struct mc_state *st)
{
	char amount[MONEY_YEN_SIZE];

	st->edit = *cell(st, st->row, st->col);
	form_done(&st->form);
	form_init(&st->form, &st->spec);
	snprintf(amount, sizeof(amount), "%lld", (long long)st->edit.amount);
	form_load(&st->form, form_index(&st->form, "amount"), st->edit.set ? amount : "");
	form_load(&st->form, form_index(&st->form, "note"), st->edit.note);
	form_focus(&st->form, form_index(&st->form, "amount"));
	st->editing = true;
}

static unsigned save(struct mc_state *st, struct ui_app *app)
{
	struct rd_error err;
	int64_t amount = 0;
	int version = 0;
	char month[DATE_SHORT_SIZE], yen[MONEY_YEN_SIZE];

	if (!ui_db_ok(app)) {
		ui_error(app, "%s", _("Database unavailable: nothing saved, input kept. Press F5 again once DB ok."));
		return UI_REDRAW;
	}
	if (form_validate(&st->form) >= 0) {
		ui_error(app, "%s", _("Fill in what is marked first."));
		return UI_REDRAW;
	}
	if (money_parse(form_get_named(&st->form, "amount"), &amount, &err) != RD_OK || amount < 0) {
		form_set_error(&st->form, form_index(&st->form, "amount"),
			       _("a cost is 0 yen or more"));
		return UI_REDRAW;
	}
	if (media_cost_set(ui_db(app), st->edit.code, st->edit.month, amount,
			   st->edit.version, form_get_named(&st->form, "note"),
			   form_get_named(&st->form, "reason"), NULL, &version, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		if (err.status == RD_CONFLICT) {
			/* show what is there now; the form starts again from it */
			st->editing = false;
			return load(st, app);
		}
		return UI_REDRAW;
	}
	date_format_short(st->edit.month, month);
	ui_message(app, _("The cost of %s for %s is %s (version %d)."), st->edit.code,
		   month, money_yen(amount, yen), version);
	st->editing = false;
	return load(st, app);
}

static unsigned grid_request(struct mc_state *st, struct ui_app *app, enum ui_request req)
{
	switch (req) {
	case REQ_UP:
		if (st->row > 0)
			st->row--;
		return UI_REDRAW;
	case REQ_DOWN:
		if (st->row + 1 < st->ncodes)
			st->row++;
		return UI_REDRAW;
	case REQ_LEFT:
		if (st->col > 0)
			st->col--;
		return UI_REDRAW;
	case REQ_RIGHT:
		if (st->col + 1 < MC_MONTHS)
			st->col++;
		return UI_REDRAW;
	case REQ_FIRST:
		st->row = 0;
		return UI_REDRAW;
	case REQ_LAST:
		st->row = st->ncodes > 0 ? st->ncodes - 1 : 0;
		return UI_REDRAW;
	case REQ_PAGE_UP:
		st->first = date_add_months(st->first, -MC_MONTHS);
		return load(st, app);
	case REQ_PAGE_DOWN:
		st->first = date_add_months(st->first, MC_MONTHS);
		return load(st, app);
	case REQ_ENTER:
	case REQ_EDIT:
		if (st->ncodes == 0) {
			ui_message(app, "%s", _("There is no media code to enter a cost for."));
			return UI_REDRAW;
		}
		start_edit(st);
		return UI_REDRAW;
	case REQ_BACK:
		return UI_CLOSE;
	default:
		return UI_UNHANDLED;
	}
}

static unsigned mc_request(struct screen *s, struct ui_app *app, enum ui_request req)
{
	struct mc_state *st = s->state;

	if (!st->editing)
		return grid_request(st, app, req);
	if (req == REQ_SAVE)
		return save(st, app);
	if (req == REQ_BACK) {
		/* typed text: the global Esc asks first (has_unsaved) */
		if (form_changed(&st->form))
			return UI_UNHANDLED;
		st->editing = false;
		return UI_REDRAW;
	}
	switch (form_request(&st->form, req)) {
	case FORM_SUBMIT:
		return save(st, app);
	case FORM_IGNORED:
		return UI_UNHANDLED;
	case FORM_REFUSED:
		return UI_NONE;
	default:
		return UI_REDRAW;
	}
}

static unsigned mc_input(struct screen *s, struct ui_app *app, uint32_t cp)
{
	struct mc_state *st = s->state;

	if (!st->editing) {
		ui_message(app, "%s", _("Enter edits the selected cost."));
		return UI_REDRAW;
	}
	form_type(&st->form, app, cp);
	return UI_REDRAW;
}

/* One row of the grid: the code, then each month's cost right-aligned;
 * the selected cell drawn as the cursor. */
static void grid_row(struct mc_state *st, struct layout_text *body, int row)
{
	struct layout_line *l = layout_text_add(body, LAYOUT_NORMAL);
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_adds(&sb, " ");
	width_fit(&sb, cell(st, row, 0)->code, MC_CODE_COLS - 1);
	layout_line_add(l, sb.buf, row == st->row ? LAYOUT_HEADING : LAYOUT_NORMAL);
	for (int c = 0; c < MC_MONTHS; c++) {
		const struct media_cost *k = cell(st, row, c);
		char yen[MONEY_YEN_SIZE];

		sbuf_reset(&sb);
		width_fit_right(&sb, k->set ? money_yen(k->amount, yen) : NO_COST, MC_CELL_COLS);
		layout_line_add(l, sb.buf, row == st->row && c == st->col ? LAYOUT_CURSOR
					   : k->set ? LAYOUT_NORMAL : LAYOUT_DIM);
	}
	sbuf_done(&sb);
}

static void mc_draw(struct screen *s, struct ui_app *app, struct layout_text *body,
		    int cols, int rows)
{
	struct mc_state *st = s->state;
	struct layout_line *l;
	struct sbuf sb;
	int list_rows;

	(void)app;
	layout_text_addf(body, LAYOUT_HEADING, " %s",
			 _("Media costs by month: what each advertisement cost (used by the media report)"));
	l = layout_text_add(body, LAYOUT_DIM);
	sbuf_init(&sb);
	width_fit(&sb, " ", MC_CODE_COLS);
	for (int c = 0; c < MC_MONTHS; c++) {
		char month[DATE_ISO_SIZE];

		date_format_iso(date_add_months(st->first, c), month);
		month[7] = '\0';
		width_fit_right(&sb, month, MC_CELL_COLS);
	}
	layout_line_add(l, sb.buf, LAYOUT_DIM);
	sbuf_done(&sb);

	list_rows = rows - (int)body->n - (st->editing ? 8 : 4);
	if (list_rows < 3)
		list_rows = 3;
	st->page = list_rows;
	if (st->row < st->top)
		st->top = st->row;
	if (st->row >= st->top + list_rows)
		st->top = st->row - list_rows + 1;
	if (st->ncodes == 0)
		layout_text_addf(body, LAYOUT_DIM, " %s", _("No media codes yet."));
	for (int r = st->top; r < st->ncodes && r < st->top + list_rows; r++)
		grid_row(st, body, r);
	layout_text_add(body, LAYOUT_NORMAL);
	if (st->ncodes > 0) {
		const struct media_cost *k = cell(st, st->row, st->col);
		char month[DATE_SHORT_SIZE], yen[MONEY_YEN_SIZE];

		date_format_short(k->month, month);
		layout_text_addf(body, LAYOUT_NORMAL, " %s %s  %s: %s%s%s", k->code, k->name, month,
				 k->set ? money_yen(k->amount, yen) : _("no cost entered"),
				 k->note[0] ? "  " : "", k->note);
	}
	if (!st->editing) {
		layout_text_addf(body, LAYOUT_DIM, " %s",
				 _("Enter edits the selected cost; PgUp/PgDn show earlier or later months; Esc goes back."));
		return;
	}
	layout_text_addf(body, LAYOUT_DIM, " %s",
			 _("Tab moves, F5 saves the cost with its reason, Esc leaves it as it was."));
	form_layout(&st->form, body, cols, rows - (int)body->n);
}

static bool mc_unsaved(const struct screen *s)
{
	const struct mc_state *st = s->state;

	return st->editing && st->have_form && form_changed(&st->form);
}

static void mc_handles(const struct screen *s, struct keys_set *set)
{
	static const enum ui_request grid[] = {
		REQ_ENTER, REQ_EDIT, REQ_UP, REQ_DOWN, REQ_LEFT, REQ_RIGHT, REQ_FIRST,
		REQ_LAST, REQ_PAGE_UP, REQ_PAGE_DOWN, REQ_BACK, REQ_NONE
	};
	const struct mc_state *st = s->state;

	keys_set_add_list(set, st->editing ? screen_form_requests : grid);
}

const struct screen_ops media_cost_screen_ops = {
	.name = "media_cost",
	.title = N_("Media costs"),
	.state_size = sizeof(struct mc_state),
	.handles = mc_handles,
	.keys = form_screen_keys,
	.open = mc_open,
	.request = mc_request,
	.input = mc_input,
	.draw = mc_draw,
	.reload = mc_reload,
	.has_unsaved = mc_unsaved,
	.close = mc_close,
};
