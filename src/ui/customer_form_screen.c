/* customer_form_screen.c: register and edit a customer (customer_form_screen.h).
 *
 * The form holds text as the operator typed it; the values it started
 * from are the stored ones in the spelling an operator reads (phone with
 * hyphens, 123-4567, 1961-10-09, yes/no). A field counts as changed when
 * its text differs from that, and only changed fields are saved: saving
 * an edit sends those fields with the version the form started from, so
 * a field nobody touched is never written back over someone else's
 * change.
 *
 * Saving, step by step: the form's own checks (required, formats); the
 * store's normalization (what it refuses is marked on its field); the
 * duplicate warning (asks before saving); then customer_add or
 * customer_update with the reason and a request id. The request id stays
 * the same while the database does not answer, so F5 again after a lost
 * connection cannot save twice; it is renewed after any definite answer.
 *
 * On RD_CONFLICT the screen switches to the conflict view: every field
 * that either side changed, both versions side by side, "keep mine" where
 * the operator changed it and "take theirs" where only the other agent
 * did; Left/Right/Space switch, F5 saves the picks against the version
 * that is stored now. */
#include "customer_form_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/customer_view.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/normalize.h"
#include "repeatdesk/xalloc.h"

#include "customer_text.h"
#include "form.h"
#include "postal_fill.h"
#include "screen_keys.h"

#define DUPLICATES_SHOWN 3

enum form_mode {
	MODE_EDIT,
	MODE_CONFLICT,
};

struct conflict {
	struct conflict_row rows[CUSTOMER_F_COUNT];
	int field[CUSTOMER_F_COUNT];      /* customer field of each row */
	char *mine[CUSTOMER_F_COUNT];
	char *theirs[CUSTOMER_F_COUNT];
	int n;
	int sel;
	char message[512];                /* the store's: who changed what */
};

struct cform_state {
	struct customer_form_arg arg;
	char code[CUSTOMER_CODE_SIZE];
	bool is_new;
	struct formspec spec;
	bool have_spec;
	struct form form;
	int reason;                       /* index of the reason field */
	int col[CUSTOMER_F_COUNT];        /* form index of each customer
					   * field, -1 when the form lacks it */
	struct customer orig;             /* what the form started from */
	char request_id[CUSTOMER_VIEW_REQUEST_ID_SIZE];
	enum form_mode mode;
	struct customer theirs;           /* the record now (conflict) */
	struct conflict cf;
	char heading[256];
	struct postal_fill postal;        /* the postal code fills the address */
};

/* --- customer <-> form text --- */

/* The text an operator reads for field f of c. */
static void field_text(const struct customer *c, enum customer_field f,
		       struct sbuf *out)
{
	char date[DATE_ISO_SIZE];

	switch (f) {
	case CUSTOMER_F_NAME: sbuf_adds(out, c->name); break;
	case CUSTOMER_F_KANA: sbuf_adds(out, c->kana); break;
	case CUSTOMER_F_PHONE1:
		if (c->phone1[0])
			normalize_phone_format(out, c->phone1);
		break;
	case CUSTOMER_F_PHONE2:
		if (c->phone2[0])
			normalize_phone_format(out, c->phone2);
		break;
	case CUSTOMER_F_EMAIL: sbuf_adds(out, c->email); break;
	case CUSTOMER_F_POSTAL:
		if (c->postal[0])
			normalize_postal_format(out, c->postal);
		break;
	case CUSTOMER_F_PREFECTURE: sbuf_adds(out, c->prefecture); break;
	case CUSTOMER_F_ADDRESS1: sbuf_adds(out, c->address1); break;
	case CUSTOMER_F_ADDRESS2: sbuf_adds(out, c->address2); break;
	case CUSTOMER_F_BIRTH_DATE:
		if (c->birth_date != CUSTOMER_NO_DATE)
			sbuf_adds(out, date_format_iso(c->birth_date, date));
		break;
	case CUSTOMER_F_GENDER:
		if (c->gender)
			sbuf_addc(out, c->gender);
		break;
	case CUSTOMER_F_NO_DM: sbuf_adds(out, c->no_dm ? FORM_YES : ""); break;
	case CUSTOMER_F_NO_CALL: sbuf_adds(out, c->no_call ? FORM_YES : ""); break;
	case CUSTOMER_F_NO_EMAIL: sbuf_adds(out, c->no_email ? FORM_YES : ""); break;
	case CUSTOMER_F_NOTES: sbuf_adds(out, c->notes); break;
	case CUSTOMER_F_COUNT: break;
	}
}

static bool copy_in(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		return false;
	memcpy(dst, src, n + 1);
	return true;
}

/* Sets field f of c from the text typed. False when it does not fit (the
 * form's max= keeps that from happening with the shipped form). */
static bool field_from_text(struct customer *c, enum customer_field f,
			    const char *s)
{
	switch (f) {
	case CUSTOMER_F_NAME: return copy_in(c->name, sizeof(c->name), s);
	case CUSTOMER_F_KANA: return copy_in(c->kana, sizeof(c->kana), s);
	case CUSTOMER_F_PHONE1: return copy_in(c->phone1, sizeof(c->phone1), s);
	case CUSTOMER_F_PHONE2: return copy_in(c->phone2, sizeof(c->phone2), s);
	case CUSTOMER_F_EMAIL: return copy_in(c->email, sizeof(c->email), s);
	case CUSTOMER_F_POSTAL: return copy_in(c->postal, sizeof(c->postal), s);
	case CUSTOMER_F_PREFECTURE: return copy_in(c->prefecture, sizeof(c->prefecture), s);
	case CUSTOMER_F_ADDRESS1: return copy_in(c->address1, sizeof(c->address1), s);
	case CUSTOMER_F_ADDRESS2: return copy_in(c->address2, sizeof(c->address2), s);
	case CUSTOMER_F_BIRTH_DATE:
		c->birth_date = CUSTOMER_NO_DATE;
		return !*s || form_parse_date(s, &c->birth_date, NULL) == RD_OK;
	case CUSTOMER_F_GENDER:
		c->gender = s[0];
		return strlen(s) <= 1;
	case CUSTOMER_F_NO_DM: c->no_dm = *s != '\0'; return true;
	case CUSTOMER_F_NO_CALL: c->no_call = *s != '\0'; return true;
	case CUSTOMER_F_NO_EMAIL: c->no_email = *s != '\0'; return true;
	case CUSTOMER_F_NOTES: return copy_in(c->notes, sizeof(c->notes), s);
	case CUSTOMER_F_COUNT: break;
	}
	return false;
}

/* Loads c into the form as what it starts from. */
static void load_form(struct cform_state *st, const struct customer *c)
{
	struct sbuf sb;

	sbuf_init(&sb);
	for (int f = 0; f < CUSTOMER_F_COUNT; f++) {
		if (st->col[f] < 0)
			continue;
		sbuf_reset(&sb);
		field_text(c, (enum customer_field)f, &sb);
		form_load(&st->form, st->col[f], sb.buf);
	}
	sbuf_done(&sb);
}

static void set_heading(struct cform_state *st)
{
	if (st->is_new)
		snprintf(st->heading, sizeof(st->heading), "%s",
			 _("Register a new customer"));
	else
		snprintf(st->heading, sizeof(st->heading),
			 _("Edit customer %s %s \xC2\xB7 version %d"),
			 st->orig.code, st->orig.name, st->orig.version);
}

static unsigned cform_open(struct screen *s, struct ui_app *app,
			   const void *arg)
{
	struct cform_state *st = s->state;
	const struct customer_form_arg *a = arg;
	struct rd_error err;

	rd_error_clear(&err);
	if (!a)
		return UI_CLOSE;
	st->arg = *a;
	if (form_spec_builtin("customer", &st->spec, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_CLOSE;
	}
	st->have_spec = true;
	form_init(&st->form, &st->spec);
	st->reason = form_index(&st->form, "reason");
	for (int f = 0; f < CUSTOMER_F_COUNT; f++)
		st->col[f] = form_index(&st->form, customer_field_column((enum customer_field)f));
	postal_fill_init(&st->postal, app, st->col[CUSTOMER_F_POSTAL],
			 st->col[CUSTOMER_F_PREFECTURE], st->col[CUSTOMER_F_ADDRESS1], NULL);
	customer_init(&st->orig);
	st->is_new = a->code == NULL;
	if (!st->is_new) {
		enum rd_status rc;

		snprintf(st->code, sizeof(st->code), "%s", a->code);
		if (!ui_db_ok(app)) {
			ui_error(app, "%s", _("Database unavailable: press F4 again once the top line says DB ok."));
			return UI_CLOSE;
		}
		rc = customer_get(ui_db(app), st->code, &st->orig, &err);
		if (rc != RD_OK) {
			ui_error(app, "%s", err.msg[0] ? err.msg : _(rd_status_message(rc)));
			return UI_CLOSE;
		}
		load_form(st, &st->orig);
		/* the stored code is not looked up again unless it changes */
		if (st->col[CUSTOMER_F_POSTAL] >= 0)
			snprintf(st->postal.looked_up, sizeof(st->postal.looked_up), "%s",
				 form_get(&st->form, st->col[CUSTOMER_F_POSTAL]));
	} else {
		int i = a->prefill_column ? form_index(&st->form, a->prefill_column) : -1;

		/* what was searched is filled in; leaving without typing
		 * more loses nothing (the lookup still has it) */
		if (i >= 0 && a->prefill_value && *a->prefill_value)
			form_load(&st->form, i, a->prefill_value);
		/* a new caller: the customer of the last call is not theirs */
		ui_set_customer(app, NULL);
		/* the register reason is usually this; it stays editable */
		if (st->reason >= 0)
			form_load(&st->form, st->reason, _("new customer on the phone"));
		/* start where the operator types next: the first empty field */
		for (size_t k = 0; k < st->form.n; k++) {
			if (!*form_get(&st->form, (int)k)) {
				form_focus(&st->form, (int)k);
				break;
			}
		}
	}
	set_heading(st);
	return UI_REDRAW;
}

static void conflict_free(struct conflict *cf)
{
	for (int i = 0; i < cf->n; i++) {
		XFREE(cf->mine[i]);
		XFREE(cf->theirs[i]);
	}
	cf->n = 0;
	cf->sel = 0;
}

static void cform_close(struct screen *s, struct ui_app *app)
{
	struct cform_state *st = s->state;

	(void)app;
	conflict_free(&st->cf);
	if (st->have_spec) {
		form_done(&st->form);
		formspec_done(&st->spec);
	}
}

static bool cform_unsaved(const struct screen *s)
{
	const struct cform_state *st = s->state;

	if (!st->have_spec)
		return false;
	return st->mode == MODE_CONFLICT || form_changed(&st->form);
}

/* --- saving --- */

static unsigned save(struct cform_state *st, struct ui_app *app, bool dup_ok);

/* Marks the form field of customer field f with msg and says so. */
static void refuse_field(struct cform_state *st, struct ui_app *app, int f,
			 const char *msg)
{
	int i = f >= 0 && f < CUSTOMER_F_COUNT ? st->col[f] : -1;

	if (i >= 0) {
		form_set_error(&st->form, i, msg);
		form_focus(&st->form, i);
	}
	ui_error(app, "%s", msg);
}

/* The customer to save from the form: the changed fields over what the
 * form started from, and their mask. False (and a message) when a text
 * does not fit. */
static bool build(struct cform_state *st, struct ui_app *app,
		  struct customer *c, unsigned *mask)
{
	*c = st->orig;
	*mask = 0;
	for (int f = 0; f < CUSTOMER_F_COUNT; f++) {
		int i = st->col[f];

		if (i < 0 || (!st->is_new && !form_field_changed(&st->form, i)))
			continue;
		if (!field_from_text(c, (enum customer_field)f, form_get(&st->form, i))) {
			refuse_field(st, app, f, _("too long for this field"));
			return false;
		}
		*mask |= CUSTOMER_BIT(f);
	}
	if (st->is_new)
		*mask = CUSTOMER_FIELDS_ALL;
	return true;
}

static unsigned dup_yes(struct ui_app *app, void *arg)
{
	return save(arg, app, true);
}

/* Asks before saving when the customer may already be registered.
 * Returns true when it asked (the save goes on if the operator says yes). */
static bool ask_duplicates(struct cform_state *st, struct ui_app *app,
			   const struct customer *norm, enum rd_status *rc,
			   struct rd_error *err)
{
	struct customer_duplicate dups[DUPLICATES_SHOWN];
	struct sbuf q, phone;
	int n = 0;

	*rc = customer_duplicates(ui_db(app), norm, dups, DUPLICATES_SHOWN, &n, err);
	if (*rc != RD_OK || n == 0)
		return false;
	sbuf_init(&q);
	sbuf_init(&phone);
	sbuf_adds(&q, _("This may be a customer who is already registered:"));
	for (int i = 0; i < n; i++) {
		sbuf_reset(&phone);
		normalize_phone_format(&phone, dups[i].phone);
		sbuf_printf(&q, " %s %s %s (%s)%s", dups[i].code, dups[i].name, phone.buf,
			    dups[i].same_phone ? _("same phone number")
					       : _("same name and birth date"),
			    i + 1 < n ? ";" : ".");
	}
	sbuf_adds(&q, " ");
	sbuf_adds(&q, _("Save anyway?"));
	ui_confirm(app, q.buf, dup_yes, st);
	sbuf_done(&q);
	sbuf_done(&phone);
	return true;
}

static void new_request(struct cform_state *st)
{
	st->request_id[0] = '\0';
}

static unsigned enter_conflict(struct cform_state *st, struct ui_app *app,
			       unsigned mask, const struct rd_error *err);

/* After RD_OK: the stored customer. Fields that differ from what was sent
 * mean an earlier try (same request id, answer lost) saved older text:
 * the form stays open with the difference to save. */
static unsigned saved(struct cform_state *st, struct ui_app *app,
		      const struct customer *sent, unsigned mask,
		      const struct customer *stored)
{
	unsigned left = customer_diff(sent, stored) & mask;

	new_request(st);
	if (left) {
		struct sbuf sb;

		st->is_new = false;
		snprintf(st->code, sizeof(st->code), "%s", stored->code);
		st->orig = *stored;
		sbuf_init(&sb);
		/* the typed values stay; what they start from is the record */
		for (int f = 0; f < CUSTOMER_F_COUNT; f++) {
			int i = st->col[f];
			char *typed;

			if (i < 0)
				continue;
			typed = xstrdup(form_get(&st->form, i));
			sbuf_reset(&sb);
			field_text(stored, (enum customer_field)f, &sb);
			form_load(&st->form, i, sb.buf);
			if (left & CUSTOMER_BIT(f))
				form_set(&st->form, i, typed);
			free(typed);
		}
		sbuf_done(&sb);
		set_heading(st);
		ui_error(app, "%s", _("An earlier save went through; later changes are not saved yet: F5 saves them."));
		return UI_REDRAW;
	}
	form_commit(&st->form);
	/* its flags are for the screen below, which repaints when shown */
	if (st->arg.on_saved)
		st->arg.on_saved(app, st->arg.ctx, stored);
	return UI_CLOSE;
}

static unsigned save(struct cform_state *st, struct ui_app *app, bool dup_ok)
{
	struct customer c, norm, current;
	struct rd_error err;
	unsigned mask;
	int bad;
	enum rd_status rc;
	const char *reason;

	rd_error_clear(&err);
	bad = form_validate(&st->form);
	if (bad >= 0) {
		ui_error(app, "%s: %s", _(st->spec.fields[bad].label),
			 form_error(&st->form, bad));
		return UI_REDRAW;
	}
	if (!build(st, app, &c, &mask))
		return UI_REDRAW;
	if (!mask) {
		ui_message(app, "%s", _("Nothing changed: there is nothing to save. Esc goes back."));
		return UI_REDRAW;
	}
	if (!ui_db_ok(app)) {
		ui_error(app, "%s", _("Database unavailable: nothing saved, input kept. Press F5 again once DB ok."));
		return UI_REDRAW;
	}
	norm = c;
	if (customer_normalize(&norm, mask, &bad, &err) != RD_OK) {
		refuse_field(st, app, bad, err.msg);
		return UI_REDRAW;
	}
	if (!dup_ok && (st->is_new ||
			(mask & (CUSTOMER_BIT(CUSTOMER_F_PHONE1) | CUSTOMER_BIT(CUSTOMER_F_PHONE2) |
				 CUSTOMER_BIT(CUSTOMER_F_NAME) |
				 CUSTOMER_BIT(CUSTOMER_F_BIRTH_DATE))))) {
		if (!st->is_new)
			norm.id = st->orig.id;
		if (ask_duplicates(st, app, &norm, &rc, &err))
			return UI_REDRAW;
		if (rc != RD_OK)
			goto failed;
	}
	if (!st->request_id[0])
		customer_view_request_id(st->request_id);
	reason = st->reason >= 0 ? form_get(&st->form, st->reason) : "";
	customer_init(&current);
	if (st->is_new)
		rc = customer_add(ui_db(app), &c, reason, st->request_id, &err);
	else
		rc = customer_update(ui_db(app), &c, mask, reason, st->request_id,
				     &current, &err);
	if (rc == RD_OK)
		return saved(st, app, &norm, mask, &c);
	if (rc == RD_CONFLICT) {
		new_request(st);
		st->theirs = current;
		return enter_conflict(st, app, mask, &err);
	}
failed:
	if (rc == RD_UNAVAILABLE || rc == RD_RETRY) {
		/* the request id stays: F5 again cannot save twice */
		ui_error_unsaved(app, &err,
				 _("No answer from the database: input kept. Press F5 again once DB ok."));
		return UI_REDRAW;
	}
	/* a definite answer (refused, not allowed, gone): the next F5 is a
	 * new request */
	new_request(st);
	ui_error(app, "%s", err.msg[0] ? err.msg : _(rd_status_message(rc)));
	return UI_REDRAW;
}

/* --- the conflict view --- */

static unsigned enter_conflict(struct cform_state *st, struct ui_app *app,
			       unsigned mask, const struct rd_error *err)
{
	struct conflict *cf = &st->cf;
	unsigned theirs = customer_diff(&st->orig, &st->theirs);
	struct sbuf sb;

	conflict_free(cf);
	sbuf_init(&sb);
	for (size_t k = 0; k < st->form.n; k++) {
		int f = customer_field_parse(st->spec.fields[k].name);
		struct conflict_row *r;

		if (f < 0 || !((mask | theirs) & CUSTOMER_BIT(f)))
			continue;
		r = &cf->rows[cf->n];
		cf->field[cf->n] = f;
		cf->mine[cf->n] = xstrdup(form_get(&st->form, (int)k));
		sbuf_reset(&sb);
		field_text(&st->theirs, (enum customer_field)f, &sb);
		cf->theirs[cf->n] = xstrdup(sb.buf);
		r->label = _(st->spec.fields[k].label);
		r->mine_changed = (mask & CUSTOMER_BIT(f)) != 0;
		r->theirs_changed = (theirs & CUSTOMER_BIT(f)) != 0;
		/* never drop their change unasked, nor the operator's */
		r->pick = r->mine_changed ? CONFLICT_MINE : CONFLICT_THEIRS;
		cf->n++;
	}
	sbuf_done(&sb);
	for (int i = 0; i < cf->n; i++) {
		enum customer_field f = (enum customer_field)cf->field[i];
		struct sbuf v;

		/* bools and choices read as words on both sides */
		sbuf_init(&v);
		if (f == CUSTOMER_F_NO_DM || f == CUSTOMER_F_NO_CALL ||
		    f == CUSTOMER_F_NO_EMAIL || f == CUSTOMER_F_GENDER) {
			customer_value_text(&v, customer_field_column(f), cf->mine[i], false);
			free(cf->mine[i]);
			cf->mine[i] = sbuf_detach(&v);
			customer_value_text(&v, customer_field_column(f), cf->theirs[i], false);
			free(cf->theirs[i]);
			cf->theirs[i] = sbuf_detach(&v);
		}
		sbuf_done(&v);
		cf->rows[i].mine = cf->mine[i];
		cf->rows[i].theirs = cf->theirs[i];
	}
	snprintf(cf->message, sizeof(cf->message), "%s", err->msg);
	st->mode = MODE_CONFLICT;
	ui_error(app, "%s", _("Someone else saved it meanwhile; nothing of yours is saved yet: choose, then F5."));
	return UI_REDRAW;
}

/* F5 in the conflict view: the picks become the form, over the record as
 * it is now, and are saved against its version. */
static unsigned resolve(struct cform_state *st, struct ui_app *app)
{
	struct conflict *cf = &st->cf;
	char **mine = xcalloc(CUSTOMER_F_COUNT, sizeof(*mine));
	bool any = false;

	/* what the operator typed in every field, before the reload */
	for (int f = 0; f < CUSTOMER_F_COUNT; f++)
		if (st->col[f] >= 0 && form_field_changed(&st->form, st->col[f]))
			mine[f] = xstrdup(form_get(&st->form, st->col[f]));
	st->orig = st->theirs;
	load_form(st, &st->orig);
	for (int i = 0; i < cf->n; i++) {
		int f = cf->field[i];

		if (cf->rows[i].pick == CONFLICT_MINE && mine[f] && st->col[f] >= 0) {
			form_set(&st->form, st->col[f], mine[f]);
			any = any || form_field_changed(&st->form, st->col[f]);
		}
	}
	for (int f = 0; f < CUSTOMER_F_COUNT; f++)
		free(mine[f]);
	free(mine);
	conflict_free(cf);
	st->mode = MODE_EDIT;
	set_heading(st);
	if (!any) {
		/* everything taken from the other agent: it is all stored */
		form_commit(&st->form);
		if (st->arg.on_saved)
			st->arg.on_saved(app, st->arg.ctx, &st->orig);
		ui_message(app, "%s", _("Nothing left to save: the customer stays as the other agent saved it."));
		return UI_CLOSE;
	}
	return save(st, app, true);
}

static unsigned conflict_request(struct cform_state *st, struct ui_app *app,
				 enum ui_request req)
{
	struct conflict *cf = &st->cf;

	switch (req) {
	case REQ_UP:
	case REQ_PREV_FIELD:
		if (cf->sel > 0)
			cf->sel--;
		return UI_REDRAW;
	case REQ_DOWN:
	case REQ_NEXT_FIELD:
	case REQ_ENTER:
		if (cf->sel + 1 < cf->n)
			cf->sel++;
		return UI_REDRAW;
	case REQ_LEFT:
	case REQ_RIGHT:
		if (cf->sel < cf->n)
			cf->rows[cf->sel].pick = cf->rows[cf->sel].pick == CONFLICT_MINE
				? CONFLICT_THEIRS : CONFLICT_MINE;
		return UI_REDRAW;
	case REQ_SAVE:
		return resolve(st, app);
	default:
		return UI_UNHANDLED;
	}
}

/* --- keys --- */

static void show_focus_error(struct cform_state *st, struct ui_app *app)
{
	const char *e = form_focus_error(&st->form);

	if (e)
		ui_error(app, "%s: %s", _(st->spec.fields[st->form.focus].label), e);
}

static unsigned cform_request(struct screen *s, struct ui_app *app,
			      enum ui_request req)
{
	struct cform_state *st = s->state;
	enum form_result r;
	int before = (int)st->form.focus;

	if (st->mode == MODE_CONFLICT)
		return conflict_request(st, app, req);
	if (req == REQ_SAVE)
		return save(st, app, false);
	r = form_request(&st->form, req);
	switch (r) {
	case FORM_SUBMIT:
		return save(st, app, false);
	case FORM_MOVED:
		if (before == st->postal.postal && (int)st->form.focus != before)
			postal_fill_leave(&st->postal, &st->form, app);
		else if (!postal_fill_retry(&st->postal, &st->form, app))
			show_focus_error(st, app);
		return UI_REDRAW;
	case FORM_EDITED:
		/* a corrected field is checked again when saving */
		form_set_error(&st->form, (int)st->form.focus, NULL);
		return UI_REDRAW;
	case FORM_REFUSED:
		return UI_NONE;
	case FORM_IGNORED:
	default:
		return UI_UNHANDLED;
	}
}

static unsigned cform_input(struct screen *s, struct ui_app *app, uint32_t cp)
{
	struct cform_state *st = s->state;

	if (st->mode == MODE_CONFLICT)
		return UI_NONE;  /* Space comes to cform_action */
	form_type(&st->form, app, cp);
	return UI_REDRAW;
}

static unsigned cform_keys_mode(const struct screen *s)
{
	const struct cform_state *st = s->state;

	return st->mode == MODE_CONFLICT ? CUSTOMER_FORM_KM_CONFLICT : CUSTOMER_FORM_KM_EDIT;
}

/* A key of customer_form_keys (screen_keys.c) live in the mode. */
static unsigned cform_action(struct screen *s, struct ui_app *app, int action, uint32_t cp)
{
	struct cform_state *st = s->state;

	(void)cp;
	if (st->mode == MODE_CONFLICT && action == ' ')
		return conflict_request(st, app, REQ_RIGHT);
	return UI_NONE;
}

static void cform_handles(const struct screen *s, struct keys_set *set)
{
	const struct cform_state *st = s->state;
	static const enum ui_request edit[] = {
		REQ_SAVE, REQ_ENTER, REQ_NEXT_FIELD, REQ_PREV_FIELD, REQ_UP,
		REQ_DOWN, REQ_LEFT, REQ_RIGHT, REQ_FIRST, REQ_LAST, REQ_BACKSPACE,
		REQ_DELETE_CHAR, REQ_CLEAR_FIELD, REQ_NONE
	};
	static const enum ui_request conflict[] = {
		REQ_SAVE, REQ_ENTER, REQ_NEXT_FIELD, REQ_PREV_FIELD, REQ_UP,
		REQ_DOWN, REQ_LEFT, REQ_RIGHT, REQ_NONE
	};

	keys_set_add_list(set, st->mode == MODE_CONFLICT ? conflict : edit);
}

static void cform_draw(struct screen *s, struct ui_app *app,
		       struct layout_text *body, int cols, int rows)
{
	struct cform_state *st = s->state;
	int before;

	(void)app;
	if (!st->have_spec)
		return;
	if (st->mode == MODE_CONFLICT) {
		layout_text_addf(body, LAYOUT_ERROR, " %s",
				 _("Someone else saved this customer while you were editing: nothing of yours is saved yet."));
		layout_text_wrap(body, LAYOUT_DIM, 1, st->cf.message, cols - 2);
		layout_text_wrap(body, LAYOUT_NORMAL, 1,
				 _("Choose for each field (Left/Right or Space), then F5 saves against the version stored now. Esc leaves without saving."),
				 cols - 2);
		layout_text_add(body, LAYOUT_NORMAL);
		conflict_build(body, st->cf.rows, st->cf.n, st->cf.sel, cols);
		return;
	}
	layout_text_addf(body, LAYOUT_HEADING, " %s", st->heading);
	layout_text_addf(body, LAYOUT_DIM, " %s",
			 _("Tab and Shift-Tab move, Enter goes on, F5 saves; * must be filled in."));
	before = (int)body->n;
	form_layout(&st->form, body, cols, rows - before);
}

const struct screen_ops customer_form_screen_ops = {
	.name = "customer_form",
	.title = N_("Customer details"),
	.state_size = sizeof(struct cform_state),
	.handles = cform_handles,
	.keys = customer_form_keys,
	.keys_mode = cform_keys_mode,
	.action = cform_action,
	.open = cform_open,
	.request = cform_request,
	.input = cform_input,
	.draw = cform_draw,
	.has_unsaved = cform_unsaved,
	.close = cform_close,
};
