/* subscription_request_screen.c: one request on a subscription: the form,
 * the preview, the confirmation, and the conflict view
 * (subscription_screen.h).
 *
 * The screen reads the subscription when it opens (and, for a cancel,
 * the retention step; for a resume, the proposed date), fills the form
 * of the request with what it starts from, and goes through three modes:
 *
 * - FORM: the agent fills the form; F5 (or Enter on the last field)
 *   reads it into a request (subs_request_from_form) and asks the store
 *   for its preview;
 * - PREVIEW: what the request does, or why a rule refuses it; F5 or y
 *   applies it in one transaction against the version previewed, F4 goes
 *   back to the form (on an alternative the customer takes instead of
 *   cancelling: that alternative's own form, to adjust it);
 * - CONFLICT: another agent changed the subscription after it was read;
 *   nothing was written; who changed what and the subscription as it is
 *   now are shown, F5 previews the same request again on it.
 *
 * The request id stays the same while the database does not answer, so a
 * confirmation repeated after a lost connection is applied once. */
#include "subscription_screen.h"
#include "screen_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/customer_view.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

enum rq_mode {
	RQ_FORM,
	RQ_PREVIEW,
	RQ_CONFLICT,
};

struct rq_state {
	struct subs_request_arg arg;
	enum subs_form kind;                /* the form shown (arg's, or an
					     * alternative of the retention step) */
	bool retention;                     /* the customer took an alternative */
	unsigned offered;                   /* ...after these were offered */
	struct formspec spec;
	bool have_spec;
	struct form form;
	struct subscription_view *view;     /* as read (again after a conflict) */
	struct subrule_retention ret;       /* cancel: the retention step */
	bool have_ret;
	struct subs_ask ask;                /* what the form asks for */
	struct subrule_preview *preview;
	int version;                        /* the version previewed */
	const struct subscription_reservation *resv;  /* unreserve */
	char request_id[CUSTOMER_VIEW_REQUEST_ID_SIZE];
	enum rq_mode mode;
	char conflict[512];
	struct subs_scroll scroll;
};

static const char *err_text(const struct rd_error *err, enum rd_status rc)
{
	return err->msg[0] ? err->msg : _(rd_status_message(rc));
}

static enum rd_status read_view(struct rq_state *st, struct ui_app *app,
				struct rd_error *err)
{
	return subscription_get(ui_db(app), st->arg.id, SUBSCRIPTION_TODAY, st->view, err);
}

/* The retention step of a cancellation: the preview of a cancel. */
static void read_retention(struct rq_state *st, struct ui_app *app)
{
	struct subscription_request r;
	struct rd_error err;

	subscription_request_init(&r, st->arg.id, SUBRULE_CANCEL);
	r.retention = true;
	if (subscription_preview(ui_db(app), &r, st->preview, NULL, &err) == RD_OK &&
	    st->preview->has_retention) {
		st->ret = st->preview->retention;
		st->have_ret = true;
	} else {
		/* cancelled already, or no answer: the preview says why */
		memset(&st->ret, 0, sizeof(st->ret));
	}
}

static int32_t resume_proposal(struct rq_state *st, struct ui_app *app)
{
	struct subscription_rules *rules = xmalloc(sizeof(*rules));
	struct rd_error err;
	int32_t d = SUBRULE_NO_DATE;

	if (subscription_rules_load(ui_db(app), SUBSCRIPTION_TODAY, rules, &err) == RD_OK)
		d = subrule_resume_proposal(&st->view->state.sub, &rules->rules, rules->today);
	free(rules);
	return d;
}

static unsigned rq_open(struct screen *s, struct ui_app *app, const void *arg)
{
	struct rq_state *st = s->state;
	const struct subs_request_arg *a = arg;
	struct rd_error err;
	enum rd_status rc;

	rd_error_clear(&err);
	if (!a)
		return UI_CLOSE;
	st->arg = *a;
	st->kind = a->kind;
	if (!ui_db_ok(app)) {
		ui_error(app, "%s", _("Database unavailable: try again once the top line says DB ok."));
		return UI_CLOSE;
	}
	if (form_spec_builtin(subs_form_name(a->kind), &st->spec, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_CLOSE;
	}
	st->have_spec = true;
	form_init(&st->form, &st->spec);
	st->view = xcalloc(1, sizeof(*st->view));
	st->preview = xcalloc(1, sizeof(*st->preview));
	rc = read_view(st, app, &err);
	if (rc != RD_OK) {
		ui_error(app, "%s", err_text(&err, rc));
		return UI_CLOSE;
	}
	if (a->kind == SUBS_FORM_UNRESERVE) {
		bool pending = false;

		for (int i = 0; i < st->view->nreservations; i++)
			pending |= strcmp(st->view->reservations[i].status, "pending") == 0;
		if (!pending) {
			ui_error(app, "%s", _("This subscription has no pending reservation to cancel."));
			return UI_CLOSE;
		}
	}
	if (a->kind == SUBS_FORM_CANCEL)
		read_retention(st, app);
	subs_form_prefill(&st->form, a->kind, st->view, st->have_ret ? &st->ret : NULL,
			  a->kind == SUBS_FORM_RESUME ? resume_proposal(st, app) : SUBRULE_NO_DATE);
	if (a->delivery > 0 && form_index(&st->form, "delivery") >= 0) {
		char n[16];

		/* loaded, not typed: leaving it untouched loses nothing */
		snprintf(n, sizeof(n), "%d", a->delivery);
		form_load(&st->form, form_index(&st->form, "delivery"), n);
	}
	if (a->start_at_reason && form_index(&st->form, "reason_pick") >= 0)
		form_focus(&st->form, form_index(&st->form, "reason_pick"));
	return UI_REDRAW;
}

static void rq_close(struct screen *s, struct ui_app *app)
{
	struct rq_state *st = s->state;

	(void)app;
	if (st->have_spec) {
		form_done(&st->form);
		formspec_done(&st->spec);
	}
	free(st->view);
	free(st->preview);
}

static bool rq_unsaved(const struct screen *s)
{
	const struct rq_state *st = s->state;

	return st->have_spec && (st->mode != RQ_FORM || form_changed(&st->form));
}

/* --- preview --- */

static const struct subscription_reservation *find_reservation(const struct subscription_view *v,
								long long id)
{
	for (int i = 0; i < v->nreservations; i++)
		if (v->reservations[i].id == id)
			return &v->reservations[i];
	return NULL;
}

/* Reads the form into a request and shows its preview. */
static unsigned preview(struct rq_state *st, struct ui_app *app)
{
	struct rd_error err;
	enum rd_status rc;
	int bad;

	rd_error_clear(&err);
	bad = form_validate(&st->form);
	if (bad >= 0) {
		ui_error(app, "%s: %s", _(st->spec.fields[bad].label), form_error(&st->form, bad));
		return UI_REDRAW;
	}
	if (subs_request_from_form(&st->form, st->kind, st->view,
				   st->have_ret ? &st->ret : NULL, &st->ask, &bad, &err) != RD_OK) {
		if (bad >= 0) {
			form_set_error(&st->form, bad, err.msg);
			form_focus(&st->form, bad);
			ui_error(app, "%s: %s", _(st->spec.fields[bad].label), err.msg);
		} else {
			ui_error(app, "%s", err.msg);
		}
		return UI_REDRAW;
	}
	if (st->retention) {
		/* an alternative taken instead of cancelling: recorded with it */
		st->ask.req.retention = true;
		st->ask.req.offered |= st->offered;
	}
	if (!ui_db_ok(app)) {
		ui_error(app, "%s", _("Database unavailable: nothing changed, input kept. Press F5 again once DB ok."));
		return UI_REDRAW;
	}
	if (st->kind == SUBS_FORM_UNRESERVE) {
		st->resv = find_reservation(st->view, st->ask.reservation);
		if (!st->resv || strcmp(st->resv->status, "pending") != 0) {
			int i = form_index(&st->form, "reservation");

			form_set_error(&st->form, i, _("not a pending reservation of this subscription"));
			form_focus(&st->form, i);
			ui_error(app, _("Reservation #%lld is not a pending reservation of this subscription."),
				 st->ask.reservation);
			return UI_REDRAW;
		}
		st->version = st->view->state.version;
	} else {
		rc = subscription_preview(ui_db(app), &st->ask.req, st->preview, &st->version, &err);
		if (rc != RD_OK) {
			ui_error(app, "%s", err_text(&err, rc));
			return UI_REDRAW;
		}
		if (st->version != st->view->state.version) {
			/* changed since it was opened: the preview is on the
			 * subscription as it is now, and so is what is applied */
			if (read_view(st, app, &err) == RD_OK)
				ui_message(app, _("Changed by someone since you opened it: the preview is on version %d."),
					   st->version);
		}
	}
	st->mode = RQ_PREVIEW;
	st->scroll.top = 0;
	if (st->kind != SUBS_FORM_UNRESERVE && st->preview->status != RD_OK)
		ui_error(app, "%s", st->preview->message);
	return UI_REDRAW;
}

/* --- applying --- */

static unsigned conflict(struct rq_state *st, struct ui_app *app, const struct rd_error *err)
{
	struct rd_error e;

	snprintf(st->conflict, sizeof(st->conflict), "%s", err->msg);
	st->request_id[0] = '\0';
	if (read_view(st, app, &e) != RD_OK)
		snprintf(st->conflict + strlen(st->conflict), sizeof(st->conflict) - strlen(st->conflict),
			 " (%s)", e.msg);
	st->mode = RQ_CONFLICT;
	st->scroll.top = 0;
	ui_error(app, "%s", _("Changed by someone else meanwhile: nothing of yours is saved. F5 previews it again."));
	return UI_REDRAW;
}

static unsigned confirm(struct rq_state *st, struct ui_app *app)
{
	struct subscription_result res;
	struct rd_error err;
	enum rd_status rc;
	struct sbuf msg;

	rd_error_clear(&err);
	if (st->kind != SUBS_FORM_UNRESERVE && st->preview->status != RD_OK) {
		ui_error(app, "%s", _("A rule refuses this request: F4 changes it, Esc leaves."));
		return UI_REDRAW;
	}
	if (!ui_db_ok(app)) {
		ui_error(app, "%s", _("Database unavailable: nothing changed. Press F5 again once DB ok."));
		return UI_REDRAW;
	}
	if (!st->request_id[0])
		customer_view_request_id(st->request_id);
	if (st->kind == SUBS_FORM_UNRESERVE) {
		rc = subscription_unreserve(ui_db(app), st->arg.id, st->version, st->ask.reservation,
					    st->ask.reason, st->request_id, SUBSCRIPTION_TODAY,
					    &res, &err);
	} else {
		subs_ask_fix(&st->ask);
		st->ask.req.version = st->version;
		st->ask.req.request_id = st->request_id;
		st->ask.req.hook = st->arg.hook;
		st->ask.req.hook_arg = st->arg.hook_arg;
		rc = subscription_apply(ui_db(app), &st->ask.req, NULL, &res, &err);
	}
	if (rc == RD_CONFLICT)
		return conflict(st, app, &err);
	if (rc == RD_UNAVAILABLE || rc == RD_RETRY) {
		/* the request id stays: F5 again cannot apply it twice */
		ui_error_unsaved(app, &err,
				 _("No answer from the database: press F5 again once DB ok (it is applied once)."));
		return UI_REDRAW;
	}
	if (rc != RD_OK) {
		st->request_id[0] = '\0';
		ui_error(app, "%s", err_text(&err, rc));
		return UI_REDRAW;
	}
	form_commit(&st->form);
	st->mode = RQ_FORM;
	if (st->arg.on_done)
		st->arg.on_done(app, st->arg.ctx, &res);
	/* what is stored reads in the business's language; the agent reads
	 * the preview just confirmed, in the terminal's */
	if (st->kind != SUBS_FORM_UNRESERVE && st->preview->summary[0] && !res.replayed)
		utf8_copy(res.summary, sizeof(res.summary), st->preview->summary);
	sbuf_init(&msg);
	subs_result_text(&msg, &res);
	ui_message(app, "%s", msg.buf);
	sbuf_done(&msg);
	return UI_CLOSE;
}

/* F4 on the preview of an alternative the customer takes instead of
 * cancelling: its own form, filled in with the alternative and the
 * reason, so that the agent can adjust it (pause until another date...);
 * the retention offer is recorded with it. */
static unsigned adjust_alternative(struct rq_state *st, struct ui_app *app, enum subs_form k)
{
	struct subs_ask *keep = xmalloc(sizeof(*keep));
	struct formspec spec;
	struct rd_error err;

	if (form_spec_builtin(subs_form_name(k), &spec, &err) != RD_OK) {
		free(keep);
		ui_error(app, "%s", err.msg);
		return UI_REDRAW;
	}
	*keep = st->ask;
	subs_ask_fix(keep);
	form_done(&st->form);
	formspec_done(&st->spec);
	st->spec = spec;
	form_init(&st->form, &st->spec);
	subs_form_prefill(&st->form, k, st->view, NULL, SUBRULE_NO_DATE);
	subs_form_from_request(&st->form, k, st->view, &keep->req.rq, keep->reason);
	st->retention = true;
	st->offered = keep->req.offered;
	st->kind = k;
	st->mode = RQ_FORM;
	free(keep);
	ui_message(app, "%s", _("Adjust what the customer takes instead of cancelling; F5 shows the preview."));
	return UI_REDRAW;
}

/* --- keys --- */

static unsigned form_mode_request(struct rq_state *st, struct ui_app *app,
				  enum ui_request req)
{
	const char *e;

	if (req == REQ_SAVE)
		return preview(st, app);
	switch (form_request(&st->form, req)) {
	case FORM_SUBMIT:
		return preview(st, app);
	case FORM_MOVED:
		e = form_focus_error(&st->form);
		if (e)
			ui_error(app, "%s: %s", _(st->spec.fields[st->form.focus].label), e);
		return UI_REDRAW;
	case FORM_EDITED:
		form_set_error(&st->form, (int)st->form.focus, NULL);
		return UI_REDRAW;
	case FORM_REFUSED:
		return UI_NONE;
	default:
		return UI_UNHANDLED;
	}
}

static unsigned rq_request(struct screen *s, struct ui_app *app, enum ui_request req)
{
	struct rq_state *st = s->state;

	if (st->mode == RQ_FORM)
		return form_mode_request(st, app, req);
	if (req == REQ_EDIT) {
		if (st->mode == RQ_PREVIEW && st->kind == SUBS_FORM_CANCEL &&
		    subs_form_for(st->ask.req.rq.kind) != SUBS_FORM_COUNT)
			return adjust_alternative(st, app, subs_form_for(st->ask.req.rq.kind));
		st->mode = RQ_FORM;
		return UI_REDRAW;
	}
	if (req == REQ_SAVE)
		return st->mode == RQ_PREVIEW ? confirm(st, app) : preview(st, app);
	if (subs_scroll_request(&st->scroll, req))
		return UI_REDRAW;
	return UI_UNHANDLED;
}

static unsigned rq_input(struct screen *s, struct ui_app *app, uint32_t cp)
{
	struct rq_state *st = s->state;

	if (st->mode == RQ_PREVIEW) {
		/* y comes to rq_action (subs_request_keys) */
		ui_message(app, "%s", _("F5 or y confirms; F4 changes the request; Esc leaves, nothing changed."));
		return UI_REDRAW;
	}
	if (st->mode == RQ_CONFLICT)
		return UI_NONE;
	/* a reason picked by its number is the last thing a request needs */
	if (subs_form_pick_reason(&st->form, cp))
		return preview(st, app);
	form_type(&st->form, app, cp);
	return UI_REDRAW;
}

static unsigned rq_keys_mode(const struct screen *s)
{
	const struct rq_state *st = s->state;

	return st->mode == RQ_PREVIEW ? SUBS_REQUEST_KM_PREVIEW
	       : st->mode == RQ_CONFLICT ? SUBS_REQUEST_KM_CONFLICT
	       : SUBS_REQUEST_KM_FORM;
}

/* A key of subs_request_keys (screen_keys.c) live in the mode. */
static unsigned rq_action(struct screen *s, struct ui_app *app, int action, uint32_t cp)
{
	struct rq_state *st = s->state;

	(void)cp;
	if (st->mode == RQ_PREVIEW && action == 'y')
		return confirm(st, app);
	return UI_NONE;
}

static void rq_handles(const struct screen *s, struct keys_set *set)
{
	const struct rq_state *st = s->state;
	static const enum ui_request edit[] = {
		REQ_SAVE, REQ_ENTER, REQ_NEXT_FIELD, REQ_PREV_FIELD, REQ_UP,
		REQ_DOWN, REQ_LEFT, REQ_RIGHT, REQ_FIRST, REQ_LAST, REQ_BACKSPACE,
		REQ_DELETE_CHAR, REQ_CLEAR_FIELD, REQ_NONE
	};
	static const enum ui_request view[] = {
		REQ_EDIT, REQ_SAVE, REQ_UP, REQ_DOWN, REQ_PAGE_UP, REQ_PAGE_DOWN,
		REQ_FIRST, REQ_LAST, REQ_NONE
	};

	keys_set_add_list(set, st->mode == RQ_FORM ? edit : view);
}

/* --- drawing --- */

static void heading(struct rq_state *st, struct layout_text *out, int cols)
{
	const struct subscription_view *v = st->view;
	char d[DATE_LIST_SIZE];
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_printf(&sb, _("%s%s · subscription %lld · version %d · %s · %s"),
		    subs_form_title(st->kind), st->retention ? _(" instead of cancelling") : "",
		    v->state.id, v->state.version,
		    subrule_status_label(v->state.sub.status), v->cycle_words);
	layout_text_wrap(out, LAYOUT_HEADING, 1, sb.buf, cols - 2);
	sbuf_reset(&sb);
	sbuf_printf(&sb, _("%d deliveries made"), v->state.sub.delivery_count);
	for (int i = 0, shown = 0; i < v->nnext && shown < 3; i++) {
		if (v->next[i].skipped)
			continue;
		sbuf_printf(&sb, shown ? ", %d %s%s" : _("; next: %d %s%s"), v->next[i].number,
			    date_format_list(v->next[i].date, d),
			    v->next[i].changeable ? "" : _(" (past cut-off)"));
		if (v->next[i].date != v->next[i].nominal) {
			char moved[CALENDAR_REASON_SIZE + 32];

			sbuf_printf(&sb, " (%s)", calendar_moved_text(v->next[i].moved, moved,
								       sizeof(moved)));
		}
		shown++;
	}
	layout_text_wrap(out, LAYOUT_DIM, 1, sb.buf, cols - 2);
	sbuf_done(&sb);
}

/* On the list of reasons: the numbers that pick one and preview. */
static void reason_numbers(struct rq_state *st, struct layout_text *out, int cols)
{
	struct sbuf sb;

	if ((int)st->form.focus != form_index(&st->form, "reason_pick"))
		return;
	sbuf_init(&sb);
	/* TRANSLATORS: followed by "1 travelling  2 surplus ...". */
	sbuf_printf(&sb, "%s ", _("Reason by number, straight to the preview:"));
	subs_form_reason_numbers(&sb, &st->form);
	layout_text_wrap(out, LAYOUT_KEY, 1, sb.buf, cols - 2);
	sbuf_done(&sb);
}

static void rq_draw(struct screen *s, struct ui_app *app, struct layout_text *body,
		    int cols, int rows)
{
	struct rq_state *st = s->state;
	struct layout_text all;
	const char *hint;

	(void)app;
	if (!st->have_spec || !st->view)
		return;
	if (st->mode == RQ_FORM) {
		heading(st, body, cols);
		if (st->kind == SUBS_FORM_CANCEL && st->have_ret)
			subs_retention_build(body, &st->ret, cols);
		layout_text_addf(body, LAYOUT_DIM, " %s",
				 _("Tab moves, F5 shows the preview (nothing is changed before you confirm it)."));
		reason_numbers(st, body, cols);
		form_layout(&st->form, body, cols, rows - (int)body->n);
		return;
	}
	layout_text_init(&all);
	if (st->mode == RQ_CONFLICT) {
		subs_conflict_build(&all, st->conflict, st->view, cols);
		hint = NULL;
	} else {
		heading(st, &all, cols);
		layout_text_addf(&all, LAYOUT_HEADING, " %s", _("Preview"));
		if (st->kind == SUBS_FORM_UNRESERVE && st->resv)
			subs_unreserve_build(&all, st->resv, cols);
		else
			subs_preview_build(&all, st->preview, cols);
		if (st->kind == SUBS_FORM_CANCEL && st->preview->has_retention &&
		    st->ask.req.rq.kind == SUBRULE_CANCEL)
			subs_retention_build(&all, &st->preview->retention, cols);
		layout_text_addf(&all, LAYOUT_DIM, _(" Reason: %s"), st->ask.reason);
		hint = st->kind != SUBS_FORM_UNRESERVE && st->preview->status != RD_OK
			? _("Refused: F4 changes the request; Esc leaves, nothing changed.")
			: _("F5 or y confirms; F4 changes the request; Esc leaves, nothing changed.");
	}
	subs_scroll_show(&st->scroll, &all, body, hint ? rows - 1 : rows);
	if (hint) {
		while ((int)body->n < rows - 1)
			layout_text_add(body, LAYOUT_NORMAL);
		layout_text_addf(body, LAYOUT_KEY, " %s", hint);
	}
	layout_text_done(&all);
}

const struct screen_ops subscription_request_screen_ops = {
	.name = "subscription_request",
	.title = N_("Subscription request"),
	.state_size = sizeof(struct rq_state),
	.handles = rq_handles,
	.keys = subs_request_keys,
	.keys_mode = rq_keys_mode,
	.action = rq_action,
	.open = rq_open,
	.request = rq_request,
	.input = rq_input,
	.draw = rq_draw,
	.has_unsaved = rq_unsaved,
	.close = rq_close,
};
