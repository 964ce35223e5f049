/* report_screen.c: the reports menu and a report's result
 * (report_screen.h).
 *
 * A report runs inside a key handler: report_run blocks until the
 * database answers, and its watch (called about every 100 ms) repaints
 * the message line with ui_busy and reads the keyboard with
 * ui_cancel_requested, so Esc stops the query (PQcancel) and the screen
 * says that nothing was changed. A run that fails leaves the screen as it
 * was (the period that was asked for goes back too), so what is shown
 * and the period line always belong together. */
#include "report_screen.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "repeatdesk/customer.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/report.h"
#include "repeatdesk/table.h"
#include "repeatdesk/width.h"

#include "form.h"
#include "lookup_screen.h"
#include "media_cost_screen.h"
#include "report_text.h"
#include "screen_keys.h"

#define ITEMS_MAX (REPORT_KIND_COUNT * REPORT_VIEWS_MAX)
#define PATH_SIZE 1100

enum report_mode { RM_MENU, RM_RESULT, RM_FILTER, RM_EXPORT };

struct report_item {
	enum report_kind kind;
	int view;
};

struct report_state {
	enum report_mode mode;
	enum report_mode back;         /* where the filter form returns */
	struct report_params p;        /* period and filters asked for */
	int32_t today;

	struct report_item items[ITEMS_MAX];
	int nitems, sel;

	bool have;                     /* a result is shown */
	struct report_result r;
	struct report_params ran;      /* what r was run with */
	int scroll;                    /* first line shown */
	int row;                       /* the selected row (segments) */
	int page, nlines;              /* remembered by draw */

	struct formspec fspec, espec;
	struct form filter, path;
	bool have_fspec, have_espec;

	/* while a report runs */
	struct ui_app *app;
	int shown_secs;
	bool stopped;

	char target[PATH_SIZE];        /* the file being written */
	struct customer_query seg;     /* the segment opened */
	char seg_title[256];
	struct lookup_arg seg_arg;
};

static const struct report_info *cur_info(const struct report_state *st,
					  const struct report_params *p)
{
	(void)st;
	return report_info(p->kind);
}

static const struct report_view *cur_view(const struct report_state *st,
					  const struct report_params *p)
{
	const struct report_info *info = cur_info(st, p);

	return info ? report_view_find(info, p->view) : NULL;
}

/* --- running ------------------------------------------------------------ */

static void say_running(struct report_state *st, int secs)
{
	char text[160];

	/* TRANSLATORS: the message line while a report runs. */
	snprintf(text, sizeof(text), _("Counting\xE2\x80\xA6 %d s   Esc stops it"), secs);
	ui_busy(st->app, text);
}

static bool watch_wait(void *ctx, double elapsed)
{
	struct report_state *st = ctx;
	int secs = elapsed > 0 ? (int)elapsed : 0;

	if (secs != st->shown_secs) {
		st->shown_secs = secs;
		say_running(st, secs);
	}
	if (ui_cancel_requested(st->app)) {
		st->stopped = true;
		return true;
	}
	return false;
}

/* Runs p (its kind and view, the filters the view takes) and shows the
 * result; on failure says why and leaves what is shown as it was. */
static enum rd_status run(struct report_state *st, struct ui_app *app,
			  const struct report_params *asked)
{
	struct report_params p;
	struct report_result r;
	struct report_watch w = { .wait = watch_wait, .ctx = st };
	struct rd_error err;
	enum rd_status rc;

	report_params_for_view(asked, cur_view(st, asked), &p);
	if (!ui_db_ok(app)) {
		ui_error(app, "%s", _("The database is unavailable: run the report again when it is back."));
		return RD_UNAVAILABLE;
	}
	rd_error_clear(&err);
	st->app = app;
	st->stopped = false;
	st->shown_secs = 0;
	say_running(st, 0);
	rc = report_run(ui_report_db(app), &p, &w, &r, &err);
	if (rc == RD_OK) {
		report_result_free(&st->r);
		st->r = r;
		st->ran = p;
		st->have = true;
		st->mode = RM_RESULT;
		st->scroll = 0;
		st->row = 0;
		ui_message(app, "%s", "");
		return RD_OK;
	}
	if (rc == RD_CANCELLED)
		ui_message(app, "%s", st->stopped
			   ? _("Stopped; nothing was changed.")
			   : _("The report took longer than its time limit and was stopped; nothing was changed."));
	else
		ui_error(app, "%s", err.msg[0] ? err.msg : _(rd_status_message(rc)));
	return rc;
}

/* The period (and filters) changed: a shown report runs again; when it
 * cannot, the period goes back to the one shown. */
static unsigned params_changed(struct report_state *st, struct ui_app *app,
			       const struct report_params *old)
{
	if (st->mode == RM_RESULT && st->have) {
		struct report_params p = st->p;

		p.kind = st->ran.kind;
		snprintf(p.view, sizeof(p.view), "%s", st->ran.view);
		if (run(st, app, &p) != RD_OK)
			st->p = *old;
	}
	return UI_REDRAW;
}

static unsigned shift_period(struct report_state *st, struct ui_app *app, int months)
{
	struct report_params old = st->p;

	report_period_shift(&st->p.from, &st->p.to, months);
	return params_changed(st, app, &old);
}

/* Tab: the next view of the shown report (dir -1: the previous). */
static unsigned switch_view(struct report_state *st, struct ui_app *app, int dir)
{
	const struct report_info *info = cur_info(st, &st->ran);
	struct report_params p = st->p;
	int n = 0, at = 0;

	if (!info)
		return UI_NONE;
	while (n < REPORT_VIEWS_MAX && info->views[n].name) {
		if (strcmp(info->views[n].name, st->ran.view) == 0)
			at = n;
		n++;
	}
	if (n < 2) {
		ui_message(app, "%s", _("This report has one view."));
		return UI_REDRAW;
	}
	p.kind = st->ran.kind;
	snprintf(p.view, sizeof(p.view), "%s", info->views[(at + dir + n) % n].name);
	run(st, app, &p);
	return UI_REDRAW;
}

static unsigned run_selected(struct report_state *st, struct ui_app *app)
{
	const struct report_item *it;
	struct report_params p = st->p;

	if (st->sel < 0 || st->sel >= st->nitems)
		return UI_NONE;
	it = &st->items[st->sel];
	p.kind = it->kind;
	snprintf(p.view, sizeof(p.view), "%s", report_info(it->kind)->views[it->view].name);
	run(st, app, &p);
	return UI_REDRAW;
}

/* --- the filter form ----------------------------------------------------- */

static void load_filters(struct report_state *st)
{
	char iso[DATE_ISO_SIZE];
	struct form *f = &st->filter;

	form_load(f, form_index(f, "from"), date_format_iso(st->p.from, iso));
	form_load(f, form_index(f, "to"), date_format_iso(st->p.to, iso));
	form_load(f, form_index(f, "by"), st->p.by);
	form_load(f, form_index(f, "product"), st->p.product);
	form_load(f, form_index(f, "media"), st->p.media);
	form_load(f, form_index(f, "payment"), st->p.payment);
	form_load(f, form_index(f, "agent"), st->p.agent);
	form_focus(f, 0);
}

static unsigned open_filters(struct report_state *st)
{
	st->back = st->mode;
	load_filters(st);
	st->mode = RM_FILTER;
	return UI_REDRAW;
}

static void copy_field(char *dst, size_t n, const struct form *f, const char *name)
{
	const char *v = form_get_named(f, name);

	while (*v == ' ')
		v++;
	snprintf(dst, n, "%s", v);
}

static unsigned apply_filters(struct report_state *st, struct ui_app *app)
{
	struct report_params old = st->p;
	struct rd_error err;
	int32_t from, to;
	int bad = form_validate(&st->filter);

	if (bad >= 0) {
		ui_error(app, "%s", _("Fill in what is marked first."));
		return UI_REDRAW;
	}
	if (form_parse_date(form_get_named(&st->filter, "from"), &from, &err) != RD_OK ||
	    form_parse_date(form_get_named(&st->filter, "to"), &to, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_REDRAW;
	}
	if (from > to) {
		form_set_error(&st->filter, form_index(&st->filter, "to"),
			       _("the period ends before it starts"));
		form_focus(&st->filter, form_index(&st->filter, "to"));
		ui_error(app, "%s", _("The period ends before it starts."));
		return UI_REDRAW;
	}
	st->p.from = from;
	st->p.to = to;
	copy_field(st->p.by, sizeof(st->p.by), &st->filter, "by");
	copy_field(st->p.product, sizeof(st->p.product), &st->filter, "product");
	copy_field(st->p.media, sizeof(st->p.media), &st->filter, "media");
	copy_field(st->p.payment, sizeof(st->p.payment), &st->filter, "payment");
	copy_field(st->p.agent, sizeof(st->p.agent), &st->filter, "agent");
	st->mode = st->back;
	return params_changed(st, app, &old);
}

/* --- export ---------------------------------------------------------------- */

static unsigned open_export(struct report_state *st, struct ui_app *app)
{
	char def[PATH_SIZE];

	if (!st->have)
		return UI_NONE;
	report_export_default(report_info(st->ran.kind)->name, st->today, def, sizeof(def));
	form_load(&st->path, 0, def);
	form_focus(&st->path, 0);
	st->mode = RM_EXPORT;
	(void)app;
	return UI_REDRAW;
}

/* Writes the CSV next to target and renames it over target, so a reader
 * never sees half a file and a failure leaves the old one. */
static unsigned write_csv(struct report_state *st, struct ui_app *app)
{
	struct table_csv_options o = { .bom = true, .crlf = true, .spreadsheet = true };
	char tmp[PATH_SIZE + 16];
	struct sbuf sb;
	size_t done = 0;
	mode_t mask;
	int fd, saved = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", st->target) >= (int)sizeof(tmp)) {
		ui_error(app, "%s", _("The file name is too long."));
		return UI_REDRAW;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		ui_error(app, _("Cannot write %s: %s"), st->target, strerror(errno));
		return UI_REDRAW;
	}
	/* mkstemp makes it private; a report file is as readable as any
	 * file the user makes */
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	sbuf_init(&sb);
	table_render_csv(st->r.table, &o, &sb);
	while (done < sb.len) {
		ssize_t w = write(fd, sb.buf + done, sb.len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			saved = errno ? errno : EIO;
			break;
		}
		done += (size_t)w;
	}
	sbuf_done(&sb);
	if (!saved && fsync(fd) != 0)
		saved = errno;
	if (close(fd) != 0 && !saved)
		saved = errno;
	if (!saved && rename(tmp, st->target) != 0)
		saved = errno;
	if (saved) {
		unlink(tmp);
		ui_error(app, _("Cannot write %s: %s"), st->target, strerror(saved));
		return UI_REDRAW;
	}
	st->mode = RM_RESULT;
	/* TRANSLATORS: after an export: the file, then the rows of data
	 * (the header line is not counted). */
	ui_message(app, _("Wrote %s: %d rows and a header line (CSV for a spreadsheet)."),
		   st->target, table_rows(st->r.table));
	return UI_REDRAW;
}

static unsigned replace_yes(struct ui_app *app, void *arg)
{
	return write_csv(arg, app);
}

static unsigned export_to(struct report_state *st, struct ui_app *app)
{
	struct stat sb;
	char question[PATH_SIZE + 128];

	if (report_path_expand(form_get(&st->path, 0), getenv("HOME"), st->target,
			       sizeof(st->target)) != 0) {
		ui_error(app, "%s", _("Give the file to write, e.g. ~/report.csv."));
		return UI_REDRAW;
	}
	if (stat(st->target, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			ui_error(app, _("%s is a directory: give a file name."), st->target);
			return UI_REDRAW;
		}
		snprintf(question, sizeof(question),
			 _("%s exists. Replace it?"), st->target);
		ui_confirm(app, question, replace_yes, st);
		return UI_REDRAW;
	}
	return write_csv(st, app);
}

/* --- segments ------------------------------------------------------------ */

/* "LTV ¥5,000–¥9,999", "RFM R 5 F 4": the view, then the columns that
 * name the row (those before the count of customers): amounts as a
 * range, the others as title and value. */
static void segment_title(struct report_state *st, char *buf, size_t n)
{
	const struct report_view *v = cur_view(st, &st->ran);
	char shown[TABLE_SHOWN_SIZE];
	struct sbuf sb;
	bool money = false;

	sbuf_init(&sb);
	for (int c = 0; c < table_cols(st->r.table); c++) {
		enum table_type type = table_col_type(st->r.table, c);
		const char *s;

		if (type == TABLE_JSON || strcmp(table_col_name(st->r.table, c), "customers") == 0)
			break;
		s = table_cell_shown(st->r.table, st->row, c, shown);
		if (type == TABLE_MONEY) {
			sbuf_adds(&sb, money ? "\xE2\x80\x93" : sb.len ? " " : "");
			money = true;
		} else {
			if (sb.len)
				sbuf_adds(&sb, " ");
			sbuf_printf(&sb, "%s ", table_col_title(st->r.table, c));
			money = false;
		}
		sbuf_adds(&sb, s ? s : "");
	}
	/* TRANSLATORS: the lookup's filter line for a segment of a
	 * report: "Segment: LTV ¥5,000–¥9,999". */
	snprintf(buf, n, _("Segment: %s %s"), v ? _(v->title) : "", sb.len ? sb.buf : "");
	sbuf_done(&sb);
}

static unsigned open_segment(struct report_state *st, struct ui_app *app)
{
	int col = report_table_col(st->r.table, "query");
	const char *json;
	struct rd_error err;

	if (st->ran.kind != REPORT_SEGMENTS || col < 0) {
		ui_message(app, "%s", _("Enter opens a segment's customers, on the segments report."));
		return UI_REDRAW;
	}
	if (st->row < 0 || st->row >= table_rows(st->r.table))
		return UI_NONE;
	json = table_cell(st->r.table, st->row, col);
	if (!json || !*json) {
		ui_message(app, "%s", _("This line is not a segment of customers."));
		return UI_REDRAW;
	}
	if (customer_query_from_json(json, strlen(json), &st->seg, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_REDRAW;
	}
	segment_title(st, st->seg_title, sizeof(st->seg_title));
	memset(&st->seg_arg, 0, sizeof(st->seg_arg));
	st->seg_arg.query = &st->seg;
	st->seg_arg.title = st->seg_title;
	ui_push(app, &lookup_screen_ops, &st->seg_arg);
	return UI_REDRAW;
}

/* --- the screen -------------------------------------------------------- */

static unsigned report_open(struct screen *s, struct ui_app *app, const void *arg)
{
	struct report_state *st = s->state;
	struct rd_error err;

	(void)arg;
	if (form_spec_builtin("report_filter", &st->fspec, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_CLOSE;
	}
	st->have_fspec = true;
	if (form_spec_builtin("report_export", &st->espec, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_CLOSE;
	}
	st->have_espec = true;
	form_init(&st->filter, &st->fspec);
	form_init(&st->path, &st->espec);
	/* the database's business day, as the command line asks; this
	 * terminal's clock (Asia/Tokyo) only when the database cannot say */
	if (report_business_today(ui_report_db(app), &st->today, NULL, &err) != RD_OK)
		st->today = report_today_local(time(NULL));
	report_params_init(&st->p, REPORT_CONTINUATION, st->today);
	for (int k = 0; k < REPORT_KIND_COUNT; k++) {
		const struct report_info *info = report_info((enum report_kind)k);

		for (int v = 0; info && v < REPORT_VIEWS_MAX && info->views[v].name; v++)
			st->items[st->nitems++] = (struct report_item){ (enum report_kind)k, v };
	}
	st->mode = RM_MENU;
	return UI_REDRAW;
}

static void report_close(struct screen *s, struct ui_app *app)
{
	struct report_state *st = s->state;

	(void)app;
	report_result_free(&st->r);
	if (st->have_fspec) {
		form_done(&st->filter);
		formspec_done(&st->fspec);
	}
	if (st->have_espec) {
		form_done(&st->path);
		formspec_done(&st->espec);
	}
}

static unsigned scroll_to(struct report_state *st, int line)
{
	int max = st->nlines - st->page;

	if (line > max)
		line = max;
	if (line < 0)
		line = 0;
	st->scroll = line;
	return UI_REDRAW;
}

static bool has_rows(const struct report_state *st)
{
	return st->ran.kind == REPORT_SEGMENTS && st->have &&
	       report_table_col(st->r.table, "query") >= 0 &&
	       table_rows(st->r.table) > 0;
}

/* Segments move a selection over the rows; the others scroll. */
static unsigned move(struct report_state *st, int by)
{
	if (has_rows(st)) {
		int n = table_rows(st->r.table);

		st->row += by;
		if (st->row >= n)
			st->row = n - 1;
		if (st->row < 0)
			st->row = 0;
		return UI_REDRAW;  /* draw keeps it in sight */
	}
	return scroll_to(st, st->scroll + by);
}

static unsigned report_request(struct screen *s, struct ui_app *app, enum ui_request req)
{
	struct report_state *st = s->state;
	int page = st->page > 2 ? st->page - 1 : 1;
	enum form_result r;

	switch (st->mode) {
	case RM_FILTER:
		if (req == REQ_BACK) {
			st->mode = st->back;
			return UI_REDRAW;
		}
		if (req == REQ_SAVE)
			return apply_filters(st, app);
		if (req == REQ_CLEAR) {
			static const char *const names[] = {
				"by", "product", "media", "payment", "agent"
			};

			for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
				form_set(&st->filter, form_index(&st->filter, names[i]), "");
			return UI_REDRAW;
		}
		r = form_request(&st->filter, req);
		if (r == FORM_SUBMIT)
			return apply_filters(st, app);
		return r == FORM_IGNORED ? UI_NONE : UI_REDRAW;
	case RM_EXPORT:
		if (req == REQ_BACK) {
			st->mode = RM_RESULT;
			return UI_REDRAW;
		}
		if (req == REQ_ENTER)
			return export_to(st, app);
		r = form_request(&st->path, req);
		return r == FORM_IGNORED ? UI_NONE : UI_REDRAW;
	case RM_RESULT:
		switch (req) {
		case REQ_BACK:
			st->mode = RM_MENU;
			return UI_REDRAW;
		case REQ_UP:
			return move(st, -1);
		case REQ_DOWN:
			return move(st, 1);
		case REQ_PAGE_UP:
			return move(st, -page);
		case REQ_PAGE_DOWN:
			return move(st, page);
		case REQ_FIRST:
			st->row = 0;
			return scroll_to(st, 0);
		case REQ_LAST:
			st->row = has_rows(st) ? table_rows(st->r.table) - 1 : 0;
			return scroll_to(st, st->nlines);
		case REQ_NEXT_FIELD:
			return switch_view(st, app, 1);
		case REQ_PREV_FIELD:
			return switch_view(st, app, -1);
		case REQ_LEFT:
			return shift_period(st, app, -1);
		case REQ_RIGHT:
			return shift_period(st, app, 1);
		case REQ_FILTERS:
			return open_filters(st);
		case REQ_ENTER:
			return open_segment(st, app);
		default:
			return UI_UNHANDLED;
		}
	case RM_MENU:
	default:
		switch (req) {
		case REQ_UP:
			if (st->sel > 0)
				st->sel--;
			return UI_REDRAW;
		case REQ_DOWN:
			if (st->sel + 1 < st->nitems)
				st->sel++;
			return UI_REDRAW;
		case REQ_FIRST:
			st->sel = 0;
			return UI_REDRAW;
		case REQ_LAST:
			st->sel = st->nitems ? st->nitems - 1 : 0;
			return UI_REDRAW;
		case REQ_ENTER:
			return run_selected(st, app);
		case REQ_LEFT:
			return shift_period(st, app, -1);
		case REQ_RIGHT:
			return shift_period(st, app, 1);
		case REQ_FILTERS:
			return open_filters(st);
		default:
			return UI_UNHANDLED;
		}
	}
}

static unsigned report_action(struct screen *s, struct ui_app *app, int action, uint32_t cp)
{
	struct report_state *st = s->state;

	(void)cp;
	if (action == 'e' && st->mode == RM_RESULT)
		return open_export(st, app);
	if (action == 'c' && st->mode == RM_MENU) {
		/* the costs the media report divides by (supervisors write
		 * them; the database refuses the others) */
		ui_push(app, &media_cost_screen_ops, NULL);
		return UI_NONE;
	}
	return UI_NONE;
}

static unsigned report_input(struct screen *s, struct ui_app *app, uint32_t cp)
{
	struct report_state *st = s->state;

	if (st->mode == RM_FILTER)
		return form_type(&st->filter, app, cp) == FORM_IGNORED ? UI_NONE : UI_REDRAW;
	if (st->mode == RM_EXPORT)
		return form_type(&st->path, app, cp) == FORM_IGNORED ? UI_NONE : UI_REDRAW;
	ui_message(app, "%s", st->mode == RM_MENU
		   ? _("Enter runs the selected report; Left/Right move the period, F3 changes it.")
		   : _("Tab: next view  Left/Right: period  F3: filters  e: CSV  Esc: the reports"));
	return UI_REDRAW;
}

static unsigned report_keys_mode_of(const struct screen *s)
{
	const struct report_state *st = s->state;

	switch (st->mode) {
	case RM_RESULT:
		return REPORT_KM_RESULT;
	case RM_FILTER:
		return REPORT_KM_FILTER;
	case RM_EXPORT:
		return REPORT_KM_EXPORT;
	case RM_MENU:
	default:
		return REPORT_KM_MENU;
	}
}

static void report_handles(const struct screen *s, struct keys_set *set)
{
	const struct report_state *st = s->state;
	static const enum ui_request menu[] = {
		REQ_ENTER, REQ_UP, REQ_DOWN, REQ_FIRST, REQ_LAST, REQ_LEFT, REQ_RIGHT,
		REQ_FILTERS, REQ_NONE
	};
	static const enum ui_request result[] = {
		REQ_BACK, REQ_ENTER, REQ_UP, REQ_DOWN, REQ_PAGE_UP, REQ_PAGE_DOWN,
		REQ_FIRST, REQ_LAST, REQ_NEXT_FIELD, REQ_PREV_FIELD, REQ_LEFT, REQ_RIGHT,
		REQ_FILTERS, REQ_NONE
	};
	/* a form, and F9 empties it */
	static const enum ui_request clear[] = { REQ_CLEAR, REQ_NONE };

	switch (st->mode) {
	case RM_RESULT:
		keys_set_add_list(set, result);
		break;
	case RM_FILTER:
		keys_set_add_list(set, screen_form_requests);
		keys_set_add_list(set, clear);
		break;
	case RM_EXPORT:
		keys_set_add_list(set, screen_line_requests);
		break;
	case RM_MENU:
	default:
		keys_set_add_list(set, menu);
		break;
	}
}

/* --- drawing ------------------------------------------------------------- */

static void period_lines(struct layout_text *body,
			 const struct report_params *p, const struct report_view *v)
{
	char period[REPORT_PERIOD_SIZE];
	struct layout_line *l;
	struct sbuf sb;

	report_period_text(p->from, p->to, period);
	l = layout_text_add(body, LAYOUT_NORMAL);
	layout_line_add(l, " ", LAYOUT_NORMAL);
	layout_line_add(l, _("Period"), LAYOUT_DIM);
	layout_line_add(l, "  ", LAYOUT_NORMAL);
	layout_line_add(l, period, LAYOUT_HEADING);
	sbuf_init(&sb);
	if (v)
		report_filters_text(p, v, &sb);
	if (sb.len) {
		layout_line_add(l, "   ", LAYOUT_NORMAL);
		layout_line_add(l, sb.buf, LAYOUT_NORMAL);
	}
	sbuf_done(&sb);
}

static void hint(struct layout_text *body, const char *text)
{
	layout_text_addf(body, LAYOUT_DIM, " %s", text);
}

static void draw_menu(struct report_state *st, struct layout_text *body, int cols, int rows)
{
	const struct report_item *it = st->nitems ? &st->items[st->sel] : NULL;
	const struct report_view *v = it ? &report_info(it->kind)->views[it->view] : NULL;
	int list_rows, top;

	layout_text_addf(body, LAYOUT_HEADING, " %s", _("Reports for supervisors"));
	period_lines(body, &st->p, v);
	layout_text_add(body, LAYOUT_NORMAL);
	list_rows = rows - (int)body->n - 2;
	if (list_rows < 1)
		list_rows = 1;
	top = st->sel >= list_rows ? st->sel - list_rows + 1 : 0;
	for (int i = top; i < st->nitems && i < top + list_rows; i++) {
		const struct report_info *info = report_info(st->items[i].kind);
		const struct report_view *iv = &info->views[st->items[i].view];
		enum layout_attr a = i == st->sel ? LAYOUT_BAR : LAYOUT_NORMAL;
		struct layout_line *l = layout_text_add(body, a);
		char text[256];

		snprintf(text, sizeof(text), "%s %s \xE2\x80\x94 %s", i == st->sel ? ">" : " ",
			 _(info->title), _(iv->title));
		layout_line_add(l, text, a);
		layout_line_pad(l, 34 - layout_line_width(l) > 2 ? 34 - layout_line_width(l) : 2);
		if (st->items[i].view == 0 || i == st->sel)
			layout_line_add(l, _(info->summary), i == st->sel ? a : LAYOUT_DIM);
	}
	while ((int)body->n < rows - 1)
		layout_text_add(body, LAYOUT_NORMAL);
	(void)cols;
	hint(body, _("Enter: run   Left/Right: a month back/forward   F3: period and filters   Esc: back"));
}

/* The views of the shown report, the current one in brackets; when they
 * do not fit, the first ones give way so that the current one shows. */
static void views_line(struct report_state *st, struct layout_text *body, int cols)
{
	const struct report_info *info = cur_info(st, &st->ran);
	struct layout_line *l = layout_text_add(body, LAYOUT_NORMAL);
	char text[REPORT_VIEWS_MAX][160];
	int n = 0, at = 0, start = 0, width = 0;

	for (; info && n < REPORT_VIEWS_MAX && info->views[n].name; n++) {
		bool on = strcmp(info->views[n].name, st->ran.view) == 0;

		snprintf(text[n], sizeof(text[n]), on ? "[%s] " : " %s  ", _(info->views[n].title));
		if (on)
			at = n;
		width += width_str(text[n]);
	}
	while (start < at && width + (start ? 2 : 0) > cols - 2)
		width -= width_str(text[start++]);
	layout_line_add(l, start ? " \xE2\x80\xA6 " : " ", LAYOUT_DIM);
	for (int v = start; v < n; v++)
		layout_line_add(l, text[v], v == at ? LAYOUT_BAR : LAYOUT_DIM);
}

static void draw_result(struct report_state *st, struct layout_text *body, int cols, int rows)
{
	const struct report_info *info = cur_info(st, &st->ran);
	const struct report_view *v = cur_view(st, &st->ran);
	struct layout_text all;
	size_t first = 0;
	int room;

	layout_text_addf(body, LAYOUT_HEADING, " %s \xE2\x80\x94 %s", _(info->title),
			 v ? _(v->title) : "");
	period_lines(body, &st->ran, v);
	views_line(st, body, cols);
	room = rows - (int)body->n - 1;
	if (room < 1)
		room = 1;
	layout_text_init(&all);
	report_chart_lines(&all, &st->r, cols);
	if (all.n)
		layout_text_add(&all, LAYOUT_NORMAL);
	report_table_lines(&all, st->r.table, cols, has_rows(st) ? st->row : -1, &first);
	if (table_rows(st->r.table) == 0)
		layout_text_addf(&all, LAYOUT_DIM, "  %s", _("Nothing to count in this period."));
	if (st->r.note[0]) {
		layout_text_add(&all, LAYOUT_NORMAL);
		layout_text_wrap(&all, LAYOUT_DIM, 1, st->r.note, cols - 2);
	}
	/* more than fits: one line says where the window is */
	if ((int)all.n > room && room > 2)
		room--;
	st->page = room;
	st->nlines = (int)all.n;
	if (has_rows(st)) {
		int line = (int)first + st->row;

		if (line < st->scroll)
			st->scroll = line;
		if (line >= st->scroll + room)
			st->scroll = line - room + 1;
	}
	if (st->scroll > st->nlines - room)
		st->scroll = st->nlines - room > 0 ? st->nlines - room : 0;
	for (int i = st->scroll; i < (int)all.n && i < st->scroll + room; i++)
		layout_line_copy(layout_text_add(body, LAYOUT_NORMAL), &all.lines[i]);
	if ((int)all.n > room) {
		int last = st->scroll + room < (int)all.n ? st->scroll + room : (int)all.n;

		/* TRANSLATORS: under a report longer than the screen: the
		 * lines shown, of how many. */
		layout_text_addf(body, LAYOUT_DIM, _(" Lines %d-%d of %d   PgUp/PgDn: scroll"),
				 st->scroll + 1, last, (int)all.n);
	}
	layout_text_done(&all);
	while ((int)body->n < rows - 1)
		layout_text_add(body, LAYOUT_NORMAL);
	hint(body, has_rows(st)
	     ? _("Enter: the segment's customers  Tab: view  Left/Right: month  F3: period  e: CSV  Esc: reports")
	     : _("Tab: next view  Left/Right: a month back/forward  F3: period  e: CSV  Esc: reports"));
}

static void draw_export(struct report_state *st, struct layout_text *body, int cols, int rows)
{
	struct layout_line *l;

	draw_result(st, body, cols, rows - 2);
	if (body->n)
		body->n--;  /* the hint goes under the prompt */
	layout_text_add(body, LAYOUT_NORMAL);
	l = layout_text_add(body, LAYOUT_NORMAL);
	layout_line_add(l, " ", LAYOUT_NORMAL);
	layout_line_add(l, _("Write the CSV to: "), LAYOUT_HEADING);
	form_box(&st->path, 0, true, l);
	hint(body, _("Enter: write   Esc: back (nothing is written)"));
}

static void report_draw(struct screen *s, struct ui_app *app, struct layout_text *body,
			int cols, int rows)
{
	struct report_state *st = s->state;

	(void)app;
	switch (st->mode) {
	case RM_FILTER: {
		const struct report_params *p = st->back == RM_RESULT ? &st->ran : &st->p;
		const struct report_view *v = cur_view(st, p);
		const char *takes = v && v->filters ? v->filters : "";

		layout_text_addf(body, LAYOUT_HEADING, " %s", _("Period and filters"));
		if (st->back == RM_RESULT)
			layout_text_addf(body, LAYOUT_DIM, " %s %s",
					 _("This view takes:"),
					 !*takes ? _("the period only") : "");
		if (st->back == RM_RESULT && *takes) {
			struct sbuf sb;

			sbuf_init(&sb);
			if (strchr(takes, 'b')) sbuf_printf(&sb, "%s ", _("By"));
			if (strchr(takes, 'p')) sbuf_printf(&sb, "%s ", _("Product"));
			if (strchr(takes, 'm')) sbuf_printf(&sb, "%s ", _("Media code"));
			if (strchr(takes, 'y')) sbuf_printf(&sb, "%s ", _("Payment"));
			if (strchr(takes, 'a')) sbuf_printf(&sb, "%s ", _("Agent"));
			layout_line_add(&body->lines[body->n - 1], sb.buf, LAYOUT_DIM);
			sbuf_done(&sb);
		}
		layout_text_add(body, LAYOUT_NORMAL);
		form_layout(&st->filter, body, cols, rows - (int)body->n - 1);
		while ((int)body->n < rows - 1)
			layout_text_add(body, LAYOUT_NORMAL);
		hint(body, _("F5: apply   F9: empty the filters   Esc: back (nothing changes)"));
		break;
	}
	case RM_EXPORT:
		draw_export(st, body, cols, rows);
		break;
	case RM_RESULT:
		draw_result(st, body, cols, rows);
		break;
	case RM_MENU:
	default:
		draw_menu(st, body, cols, rows);
		break;
	}
}

static unsigned report_reload(struct screen *s, struct ui_app *app)
{
	(void)s;
	(void)app;
	/* a report is read again only when asked: it may take seconds */
	return UI_REDRAW;
}

const struct screen_ops report_screen_ops = {
	.name = "report",
	.title = N_("Reports"),
	.state_size = sizeof(struct report_state),
	.handles = report_handles,
	.keys = report_keys,
	.keys_mode = report_keys_mode_of,
	.open = report_open,
	.close = report_close,
	.request = report_request,
	.action = report_action,
	.input = report_input,
	.draw = report_draw,
	.reload = report_reload,
};
