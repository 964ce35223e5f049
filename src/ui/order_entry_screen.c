/* order_entry_screen.c: taking a phone order (order_entry_screen.h).
 *
 * While the product field is empty the customer's previous products
 * (read once when the screen opens) are shown numbered 1-9, and a digit
 * typed there adds that product with quantity 1 and leaves the field
 * empty for the next digit or a SKU (a SKU that starts with a digit: a
 * space first, or a search by its name).
 *
 * Four modes on one screen, so that nothing typed is ever dropped while
 * the operator goes back and forth: EDIT (the lines and the form), PICK
 * (products whose name matched what was typed), CHOOSE (payment, date,
 * time slot or media code picked from a list: Ctrl-P, Ctrl-E, Ctrl-W and
 * Ctrl-K from anywhere in the entry, by number or, for media, by typing
 * to narrow) and CONFIRM (the details of order_quote and the read-back
 * script). The request id is made when the screen opens and kept
 * until the order is saved: order_submit answers a repeated id with the
 * order it made, and after a submit that got no answer the next F5 (or
 * the reload after a reconnect) first asks order_find_by_request. */
#include "order_entry_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/money.h"
#include "repeatdesk/normalize.h"
#include "repeatdesk/postal_store.h"
#include "repeatdesk/width.h"

#include "form.h"
#include "order_text.h"
#include "postal_fill.h"
#include "screen_keys.h"

#define PICK_MAX 9
#define LINE_ROWS 6           /* heading and lines shown above the form */

enum entry_mode {
	ENTRY_EDIT,
	ENTRY_PICK,
	ENTRY_CHOOSE,
	ENTRY_CONFIRM,
};

/* What the CHOOSE list picks. */
enum entry_list {
	LIST_PAYMENT,
	LIST_DATE,
	LIST_SLOT,
	LIST_MEDIA,
};

/* The form's fields, by name in forms/order.form. */
#define ENTRY_FIELDS(X) X(product) X(quantity) X(cycle) X(date) X(slot) \
	X(address) X(postal) X(prefecture) X(address1) X(address2) X(recipient) \
	X(payment) X(card_token) X(card_last4) X(media) X(notes)

struct entry_fields {
#define ENTRY_FIELD_INT(name) int name;
	ENTRY_FIELDS(ENTRY_FIELD_INT)
#undef ENTRY_FIELD_INT
};

struct entry_state {
	struct order_entry_arg arg;
	struct formspec spec;
	bool have_spec;
	struct form form;
	struct entry_fields f;
	struct order_context ctx;
	struct order_customer_defaults def;
	struct order_entry_line lines[ORDER_MAX_LINES];
	size_t nlines;
	int sel;
	struct order_product found[PICK_MAX];
	size_t nfound;
	/* the customer's previous products, read at open, picked by 1-9 */
	struct order_product prev[ORDER_PREVIOUS_MAX];
	size_t nprev;
	int pick;
	enum entry_mode mode;
	struct order_request req;      /* request id made at open */
	struct order_quote quote;
	int bundle;                    /* chosen offer, -1 none */
	struct order saved;
	bool pending;                  /* a submit got no answer */
	bool qty_fresh;                /* the first digit replaces the
					* quantity shown (1 after an add) */
	int top;                       /* confirmation scroll */
	/* the postal-code lookup of the new address */
	struct postal_fill postal;
	char removing[160];            /* the question of F8 */
	/* CHOOSE: the list, its entries, the highlighted one; for media
	 * what was typed to narrow it */
	enum entry_list list;
	struct order_choice choices[ORDER_CHOICES_MAX];
	size_t nchoices;
	int chosen;
	char narrow[64];
};

/* --- helpers --- */

static const char *field_value(const struct entry_state *st, int i)
{
	return form_get(&st->form, i);
}

static void mark(struct entry_state *st, struct ui_app *app, int i, const char *msg)
{
	if (i >= 0) {
		form_set_error(&st->form, i, msg);
		form_focus(&st->form, i);
	}
	ui_error(app, "%s", msg);
}

static bool subscribing(const struct entry_state *st)
{
	return field_value(st, st->f.cycle)[0] != '\0';
}

static enum pricing_payment payment_of(const struct entry_state *st)
{
	enum pricing_payment p = PRICING_PAY_CARD;

	if (pricing_payment_parse(field_value(st, st->f.payment), &p, NULL) != RD_OK)
		p = PRICING_PAY_CARD;
	return p;
}

/* The address the Deliver-to field names, or NULL (own, or out of range). */
static const struct order_address *address_of(const struct entry_state *st,
					      bool *ok)
{
	long long n = 1;
	const char *v = field_value(st, st->f.address);

	*ok = true;
	if (*v && (form_parse_number(v, &n, NULL) != RD_OK || n < 1 ||
		   (size_t)n > st->def.naddresses)) {
		*ok = false;
		return NULL;
	}
	if (!*v)
		n = 1;
	return st->def.naddresses >= (size_t)n ? &st->def.addresses[n - 1] : NULL;
}

/* True when a new delivery address is being typed. */
static bool new_address_typed(const struct entry_state *st)
{
	return field_value(st, st->f.postal)[0] || field_value(st, st->f.address1)[0];
}

/* The new address as typed (recipient "" is the customer). */
static void new_address_of(const struct entry_state *st, struct order_address *a)
{
	memset(a, 0, sizeof(*a));
	/* not a postal code: none (the store then says what it needs) */
	if (normalize_postal(field_value(st, st->f.postal), a->postal_code,
			     sizeof(a->postal_code), NULL) != RD_OK)
		a->postal_code[0] = '\0';
	snprintf(a->prefecture, sizeof(a->prefecture), "%s", field_value(st, st->f.prefecture));
	snprintf(a->address1, sizeof(a->address1), "%s", field_value(st, st->f.address1));
	snprintf(a->address2, sizeof(a->address2), "%s", field_value(st, st->f.address2));
	snprintf(a->name, sizeof(a->name), "%s", field_value(st, st->f.recipient));
}

/* The quantity field shows the selected line's quantity. */
static void show_line(struct entry_state *st)
{
	st->qty_fresh = true;
	if (st->sel >= 0 && (size_t)st->sel < st->nlines)
		form_set(&st->form, st->f.quantity, st->lines[st->sel].qty);
	else
		form_set(&st->form, st->f.quantity, "");
}

static void error_text(char *out, size_t size, const struct rd_error *err,
		       enum rd_status rc)
{
	snprintf(out, size, "%s", err->msg[0] ? err->msg : _(rd_status_message(rc)));
}

/* --- open and close --- */

static unsigned entry_open(struct screen *s, struct ui_app *app, const void *arg)
{
	struct entry_state *st = s->state;
	const struct order_entry_arg *a = arg;
	struct rd_error err;
	enum rd_status rc;

	rd_error_clear(&err);
	if (!a || !a->customer_code || !*a->customer_code)
		return UI_CLOSE;
	st->arg = *a;
	st->bundle = -1;
	if (form_spec_builtin("order", &st->spec, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return UI_CLOSE;
	}
	st->have_spec = true;
	form_init(&st->form, &st->spec);
#define ENTRY_FIELD_FIND(name) \
	if ((st->f.name = form_index(&st->form, #name)) < 0) { \
		ui_error(app, "order.form has no field '%s'", #name); \
		return UI_CLOSE; \
	}
	ENTRY_FIELDS(ENTRY_FIELD_FIND)
#undef ENTRY_FIELD_FIND
	if (!ui_db_ok(app)) {
		ui_error(app, "%s", _("Database unavailable: press F11 again once the top line says DB ok."));
		return UI_CLOSE;
	}
	rc = order_context_load(ui_db(app), &st->ctx, &err);
	if (rc == RD_OK)
		rc = order_customer_defaults(ui_db(app), a->customer_code, &st->def, &err);
	if (rc != RD_OK) {
		ui_error(app, "%s", err.msg[0] ? err.msg : _(rd_status_message(rc)));
		return UI_CLOSE;
	}
	/* not having them only costs keys: the entry opens all the same */
	rc = order_previous_products(ui_db(app), a->customer_code, st->prev,
				     ORDER_PREVIOUS_MAX, &st->nprev, &err);
	if (rc != RD_OK) {
		st->nprev = 0;
		ui_error(app, "%s", err.msg[0] ? err.msg : _(rd_status_message(rc)));
	}
	/* the postal code of a new address fills its prefecture and city */
	postal_fill_init(&st->postal, app, st->f.postal, st->f.prefecture, st->f.address1,
			 N_("New address"));
	/* the request id of this order, kept until it is saved */
	order_request_init(&st->req);
	snprintf(st->req.customer_code, sizeof(st->req.customer_code), "%s",
		 st->def.customer_code);
	form_load(&st->form, st->f.slot, "none");
	form_load(&st->form, st->f.address, "1");
	form_load(&st->form, st->f.payment,
		  pricing_payment_code(st->def.has_last ? st->def.last_payment
							: PRICING_PAY_CARD));
	if (st->def.has_last && st->def.last_payment == PRICING_PAY_CARD)
		form_load(&st->form, st->f.card_last4, st->def.last_card_last4);
	form_focus(&st->form, st->f.product);
	return UI_REDRAW;
}

static void entry_close(struct screen *s, struct ui_app *app)
{
	struct entry_state *st = s->state;

	(void)app;
	if (st->have_spec) {
		form_done(&st->form);
		formspec_done(&st->spec);
	}
}

static bool entry_unsaved(const struct screen *s)
{
	const struct entry_state *st = s->state;

	return st->have_spec && (st->nlines > 0 || form_changed(&st->form));
}

/* --- lines --- */

static unsigned add_line(struct entry_state *st, struct ui_app *app,
			 const struct order_product *p)
{
	for (size_t i = 0; i < st->nlines; i++) {
		if (strcmp(st->lines[i].p.sku, p->sku) == 0) {
			st->sel = (int)i;
			show_line(st);
			form_set(&st->form, st->f.product, "");
			form_focus(&st->form, st->f.quantity);
			ui_message(app, _("%s is line %zu already: type its quantity."), p->sku, i + 1);
			return UI_REDRAW;
		}
	}
	if (st->nlines == ORDER_MAX_LINES) {
		mark(st, app, st->f.product, _("Product: an order holds at most 30 lines."));
		return UI_REDRAW;
	}
	memset(&st->lines[st->nlines], 0, sizeof(st->lines[0]));
	st->lines[st->nlines].p = *p;
	snprintf(st->lines[st->nlines].qty, sizeof(st->lines[0].qty), "1");
	st->sel = (int)st->nlines++;
	show_line(st);
	form_set(&st->form, st->f.product, "");
	form_focus(&st->form, st->f.quantity);
	if (p->upsell_sku[0])
		ui_message(app, _("Suggest %s %s: F4 swaps the line."), p->upsell_sku, p->upsell_name);
	return UI_REDRAW;
}

/* A digit in the empty product field: previous product i, quantity 1;
 * the product field keeps the keyboard for the next digit or a SKU (Tab
 * reaches the new line's quantity). */
static unsigned add_previous(struct entry_state *st, struct ui_app *app, int i)
{
	size_t before = st->nlines;
	const struct order_product *p = &st->prev[i];
	unsigned f = add_line(st, app, p);

	if (st->nlines > before) {
		st->qty_fresh = false;
		form_focus(&st->form, st->f.product);
		if (!p->upsell_sku[0])
			ui_message(app, _("Line %zu: %s %s, quantity 1 (Tab: its quantity)."),
				   st->nlines, p->sku, p->name);
	}
	return f;
}

/* Enter in the product field: a SKU, else a search by name. */
static unsigned find_product(struct entry_state *st, struct ui_app *app)
{
	char trimmed[256];
	const char *typed = trimmed;
	struct order_product p;
	struct rd_error err;
	enum rd_status rc;
	char msg[640];

	rd_error_clear(&err);
	/* a leading space is how a SKU that starts with a digit is typed */
	{
		const char *v = field_value(st, st->f.product);
		size_t len;

		while (*v == ' ')
			v++;
		snprintf(trimmed, sizeof(trimmed), "%s", v);
		len = strlen(trimmed);
		while (len > 0 && trimmed[len - 1] == ' ')
			trimmed[--len] = '\0';
	}
	if (!*typed) {
		form_set(&st->form, st->f.product, "");
		mark(st, app, st->f.product, _("Product: type a SKU (P001) or part of a name."));
		return UI_REDRAW;
	}
	if (!ui_db_ok(app)) {
		ui_error(app, "%s", _("Database unavailable: input kept; Enter again once DB ok."));
		return UI_REDRAW;
	}
	rc = order_product_get(ui_db(app), typed, &p, &err);
	if (rc == RD_OK) {
		if (!p.active) {
			snprintf(msg, sizeof(msg), _("Product: %s %s is no longer sold."), p.sku, p.name);
			mark(st, app, st->f.product, msg);
			return UI_REDRAW;
		}
		return add_line(st, app, &p);
	}
	if (rc != RD_INVALID && rc != RD_NOT_FOUND) {
		error_text(msg, sizeof(msg), &err, rc);
		ui_error(app, "%s", msg);
		return UI_REDRAW;
	}
	rd_error_clear(&err);
	rc = order_product_search(ui_db(app), typed, st->found, PICK_MAX, &st->nfound, &err);
	if (rc != RD_OK) {
		error_text(msg, sizeof(msg), &err, rc);
		ui_error(app, "%s", msg);
		return UI_REDRAW;
	}
	if (st->nfound == 0) {
		snprintf(msg, sizeof(msg),
			 _("Product: no product has the SKU '%s' or a name with it."), typed);
		mark(st, app, st->f.product, msg);
		return UI_REDRAW;
	}
	if (st->nfound == 1)
		return add_line(st, app, &st->found[0]);
	st->mode = ENTRY_PICK;
	st->pick = 0;
	return UI_REDRAW;
}

static unsigned remove_yes(struct ui_app *app, void *arg)
{
	struct entry_state *st = arg;

	(void)app;
	if (st->sel < 0 || (size_t)st->sel >= st->nlines)
		return UI_NONE;
	memmove(&st->lines[st->sel], &st->lines[st->sel + 1],
		(st->nlines - (size_t)st->sel - 1) * sizeof(st->lines[0]));
	st->nlines--;
	if ((size_t)st->sel >= st->nlines)
		st->sel = (int)st->nlines - 1;
	show_line(st);
	form_set_error(&st->form, st->f.quantity, NULL);
	return UI_REDRAW;
}

static unsigned remove_line(struct entry_state *st, struct ui_app *app)
{
	const struct order_entry_line *ln;

	if (st->sel < 0 || (size_t)st->sel >= st->nlines) {
		ui_message(app, "%s", _("There is no line to remove."));
		return UI_REDRAW;
	}
	ln = &st->lines[st->sel];
	snprintf(st->removing, sizeof(st->removing), _("Remove line %d (%s)?"),
		 st->sel + 1, ln->p.sku);
	ui_confirm(app, st->removing, remove_yes, st);
	return UI_REDRAW;
}

static unsigned swap_upsell(struct entry_state *st, struct ui_app *app)
{
	struct order_entry_line *ln;
	struct order_product p;
	struct rd_error err;
	enum rd_status rc;

	if (st->sel < 0 || (size_t)st->sel >= st->nlines ||
	    !st->lines[st->sel].p.upsell_sku[0]) {
		ui_message(app, "%s", _("The selected line has no suggestion."));
		return UI_REDRAW;
	}
	ln = &st->lines[st->sel];
	rd_error_clear(&err);
	rc = ui_db_ok(app) ? order_product_get(ui_db(app), ln->p.upsell_sku, &p, &err)
			   : RD_UNAVAILABLE;
	if (rc != RD_OK || !p.active) {
		ui_error(app, "%s", rc == RD_OK ? _("The suggested product is no longer sold.")
			 : err.msg[0] ? err.msg : _(rd_status_message(rc)));
		return UI_REDRAW;
	}
	for (size_t i = 0; i < st->nlines; i++) {
		if (strcmp(st->lines[i].p.sku, p.sku) == 0) {
			ui_error(app, _("%s is line %zu already."), p.sku, i + 1);
			return UI_REDRAW;
		}
	}
	ui_message(app, _("Line %d: %s instead of %s."), st->sel + 1, p.sku, ln->p.sku);
	ln->p = p;
	return UI_REDRAW;
}

static unsigned select_line(struct entry_state *st, int sel)
{
	if (st->nlines == 0)
		return UI_NONE;
	if (sel < 0)
		sel = 0;
	if ((size_t)sel >= st->nlines)
		sel = (int)st->nlines - 1;
	st->sel = sel;
	show_line(st);
	form_focus(&st->form, st->f.quantity);
	return UI_REDRAW;
}

/* --- the confirmation --- */

/* The request from the form. False (the field marked) when a value the
 * screen can check itself is wrong. */
static bool build_request(struct entry_state *st, struct ui_app *app)
{
	struct order_request *r = &st->req;
	struct pricing_totals t;
	struct rd_error err;
	enum pricing_card_field card;
	int bad, i;
	const char *v;
	bool addr_ok;
	const struct order_address *addr;

	rd_error_clear(&err);
	if ((bad = form_validate(&st->form)) >= 0) {
		char msg[640];

		snprintf(msg, sizeof(msg), "%s: %s", _(st->spec.fields[bad].label),
			 form_error(&st->form, bad));
		ui_error(app, "%s", msg);
		return false;
	}
	if (order_entry_totals(st->lines, st->nlines, payment_of(st), subscribing(st),
			       &st->ctx.settings, &t, &bad, &err) != RD_OK) {
		if (bad >= 0) {
			st->sel = bad;
			show_line(st);
			mark(st, app, st->f.quantity, err.msg);
		} else {
			mark(st, app, st->f.product, err.msg);
		}
		return false;
	}
	r->nitems = st->nlines;
	for (size_t k = 0; k < st->nlines; k++) {
		long long q = 0;

		form_parse_number(st->lines[k].qty, &q, NULL);
		snprintf(r->items[k].sku, sizeof(r->items[k].sku), "%s", st->lines[k].p.sku);
		r->items[k].quantity = (int)q;
	}
	v = field_value(st, st->f.cycle);
	if (*v) {
		struct sbuf words;
		int32_t next[ORDER_NEXT_DATES];
		enum rd_status rc;

		sbuf_init(&words);
		rc = order_cycle_preview(v, st->ctx.earliest, &st->ctx.calendar.cal, &words, next, &err);
		sbuf_done(&words);
		if (rc != RD_OK) {
			mark(st, app, st->f.cycle, err.msg);
			return false;
		}
	}
	snprintf(r->cycle, sizeof(r->cycle), "%s", v);
	v = field_value(st, st->f.date);
	r->desired_date = ORDER_NO_DATE;
	if (*v) {
		if (form_parse_date(v, &r->desired_date, &err) != RD_OK ||
		    order_check_date(&st->ctx, r->desired_date, &err) != RD_OK) {
			mark(st, app, st->f.date, err.msg);
			return false;
		}
	}
	if (pricing_slot_parse(*field_value(st, st->f.slot) ? field_value(st, st->f.slot)
			       : "none", &r->slot, &err) != RD_OK) {
		mark(st, app, st->f.slot, err.msg);
		return false;
	}
	addr = address_of(st, &addr_ok);
	if (!addr_ok) {
		char msg[256];

		snprintf(msg, sizeof(msg), _("Deliver to: choose 1 to %zu."),
			 st->def.naddresses ? st->def.naddresses : 1);
		mark(st, app, st->f.address, msg);
		return false;
	}
	r->ship_address_id = addr ? addr->id : 0;
	memset(&r->new_address, 0, sizeof(r->new_address));
	if (new_address_typed(st)) {
		if (addr && addr->id) {
			mark(st, app, st->f.address,
			     _("Deliver to: 1 when a new address is typed below (or empty the new address)."));
			return false;
		}
		new_address_of(st, &r->new_address);
	}
	if (pricing_payment_parse(field_value(st, st->f.payment), &r->payment, &err) != RD_OK) {
		mark(st, app, st->f.payment, err.msg);
		return false;
	}
	if (r->payment == PRICING_PAY_CARD) {
		snprintf(r->card_token, sizeof(r->card_token), "%s", field_value(st, st->f.card_token));
		snprintf(r->card_last4, sizeof(r->card_last4), "%s", field_value(st, st->f.card_last4));
	} else {
		r->card_token[0] = r->card_last4[0] = '\0';
	}
	if (pricing_check_card_field(r->payment, r->card_token, r->card_last4, &card,
				     &err) != RD_OK) {
		i = card == PRICING_CARD_LAST4 ? st->f.card_last4
		    : card == PRICING_CARD_PAYMENT ? st->f.payment : st->f.card_token;
		/* the message never repeats what may be a card number */
		mark(st, app, i, err.msg);
		return false;
	}
	snprintf(r->media_code, sizeof(r->media_code), "%s", field_value(st, st->f.media));
	snprintf(r->notes, sizeof(r->notes), "%s", field_value(st, st->f.notes));
	r->bundle_with[0] = '\0';
	r->bundle_subscription_id = 0;
	if (st->bundle >= 0 && (size_t)st->bundle < st->quote.noffers) {
		const struct order_bundle_offer *b = &st->quote.offers[st->bundle];

		if (b->kind == ORDER_BUNDLE_ORDER)
			snprintf(r->bundle_with, sizeof(r->bundle_with), "%s", b->order_no);
		else
			r->bundle_subscription_id = b->subscription_id;
	}
	return true;
}

/* The form field of a refusal: by the field code the store returned,
 * never by the words of the (translated) message. */
static int fault_field(struct entry_state *st, const struct order_fault *f)
{
	switch (f->field) {
	case ORDER_FIELD_ITEM:
		if (f->line >= 0 && (size_t)f->line < st->nlines) {
			st->sel = f->line;
			show_line(st);
		}
		return st->f.quantity;
	case ORDER_FIELD_PAYMENT: return st->f.payment;
	case ORDER_FIELD_CARD_TOKEN: return st->f.card_token;
	case ORDER_FIELD_CARD_LAST4: return st->f.card_last4;
	case ORDER_FIELD_DATE: return st->f.date;
	case ORDER_FIELD_SLOT: return st->f.slot;
	case ORDER_FIELD_MEDIA: return st->f.media;
	case ORDER_FIELD_ADDRESS:
		return new_address_typed(st) ? st->f.address1 : st->f.address;
	case ORDER_FIELD_POSTAL: return st->f.postal;
	case ORDER_FIELD_PREFECTURE: return st->f.prefecture;
	case ORDER_FIELD_ADDRESS_LINE: return st->f.address1;
	case ORDER_FIELD_CYCLE: return st->f.cycle;
	case ORDER_FIELD_NOTES: return st->f.notes;
	default: return -1;
	}
}

static unsigned refused(struct entry_state *st, struct ui_app *app,
			const struct order_fault *f, const struct rd_error *err,
			enum rd_status rc)
{
	char msg[640];

	error_text(msg, sizeof(msg), err, rc);
	st->mode = ENTRY_EDIT;
	mark(st, app, fault_field(st, f), msg);
	return UI_REDRAW;
}

static unsigned confirm(struct entry_state *st, struct ui_app *app)
{
	struct order_fault fault;
	struct rd_error err;
	enum rd_status rc;

	if (!build_request(st, app))
		return UI_REDRAW;
	if (!ui_db_ok(app)) {
		ui_error(app, "%s", _("Database unavailable: nothing saved, input kept. Press F5 again once DB ok."));
		return UI_REDRAW;
	}
	rd_error_clear(&err);
	rc = order_quote(ui_db(app), &st->req, &st->quote, &fault, &err);
	if (rc != RD_OK) {
		/* a bundle that went away: offer the others afresh */
		if (fault.field == ORDER_FIELD_BUNDLE)
			st->bundle = -1;
		return refused(st, app, &fault, &err, rc);
	}
	st->mode = ENTRY_CONFIRM;
	st->top = 0;
	ui_message(app, "%s", _("Read this back to the caller; F5 or Enter saves the order, Esc goes back to change it."));
	return UI_REDRAW;
}

static unsigned done(struct entry_state *st, struct ui_app *app)
{
	unsigned f = UI_CLOSE;

	st->pending = false;
	st->nlines = 0;
	form_commit(&st->form);
	if (st->arg.on_saved)
		st->arg.on_saved(app, st->arg.ctx, &st->saved);
	return f;
}

static unsigned submit(struct entry_state *st, struct ui_app *app)
{
	struct order_fault fault;
	struct rd_error err;
	enum rd_status rc;

	rd_error_clear(&err);
	memset(&fault, 0, sizeof(fault));
	if (!ui_db_ok(app)) {
		st->pending = true;
		ui_error(app, "%s", _("Database unavailable: nothing lost. Press F5 again once DB ok; the order is never made twice."));
		return UI_REDRAW;
	}
	if (st->pending) {
		/* the last try may have gone through before the line dropped */
		rc = order_find_by_request(ui_db(app), st->req.request_id, &st->saved, &err);
		if (rc == RD_OK) {
			st->saved.replayed = true;
			return done(st, app);
		}
		if (rc != RD_NOT_FOUND)
			goto unavailable;
		rd_error_clear(&err);
	}
	rc = order_submit(ui_db(app), &st->req, _("phone order"), &st->saved, &fault, &err);
	if (rc == RD_OK)
		return done(st, app);
	if (rc == RD_UNAVAILABLE || rc == RD_RETRY)
		goto unavailable;
	return refused(st, app, &fault, &err, rc);
unavailable:
	st->pending = true;
	ui_error_unsaved(app, &err,
			 _("No answer from the database: input kept. Press F5 again once DB ok; the order is never made twice."));
	return UI_REDRAW;
}

static unsigned next_bundle(struct entry_state *st, struct ui_app *app)
{
	if (!st->quote.noffers) {
		ui_message(app, "%s", _("Nothing to ship together with."));
		return UI_REDRAW;
	}
	st->bundle = st->bundle + 1 >= (int)st->quote.noffers ? -1 : st->bundle + 1;
	/* quoted again: the bundle is checked like everything else */
	return confirm(st, app);
}

/* --- pick lists: payment, date, time slot, media --- */

/* The media codes that what was typed narrows to. False (the message
 * line says why) when the database cannot list them. */
static bool media_reload(struct entry_state *st, struct ui_app *app)
{
	struct order_media m[ORDER_CHOICES_MAX];
	struct rd_error err;
	size_t n = 0;

	rd_error_clear(&err);
	st->nchoices = 0;
	if (!ui_db_ok(app)) {
		ui_error(app, "%s", _("Database unavailable: type the media code, it is checked on F5."));
		return false;
	}
	if (order_media_list(ui_db(app), st->narrow, m, ORDER_CHOICES_MAX, &n, &err) != RD_OK) {
		ui_error(app, "%s", err.msg);
		return false;
	}
	st->nchoices = order_media_choices(m, n, st->choices);
	if (st->chosen >= (int)st->nchoices)
		st->chosen = st->nchoices ? (int)st->nchoices - 1 : 0;
	return true;
}

/* Opens the list of what; the field's value is highlighted. */
static unsigned choose_open(struct entry_state *st, struct ui_app *app,
			    enum entry_list what)
{
	int field = -1;

	st->list = what;
	st->chosen = 0;
	st->nchoices = 0;
	switch (what) {
	case LIST_PAYMENT:
		st->nchoices = order_payment_choices(&st->def, st->choices);
		field = st->f.payment;
		break;
	case LIST_SLOT:
		st->nchoices = order_slot_choices(st->choices);
		field = st->f.slot;
		break;
	case LIST_DATE: {
		int32_t days[ORDER_CHOICES_MAX];
		size_t n = 0;
		struct rd_error err;

		/* the open days after the earliest, as far as the list goes */
		for (int32_t d = st->ctx.earliest + 1;
		     d <= st->ctx.latest && n < ORDER_CHOICES_MAX - 4; d++) {
			rd_error_clear(&err);
			if (order_check_date(&st->ctx, d, &err) == RD_OK)
				days[n++] = d;
		}
		st->nchoices = order_date_choices(st->ctx.earliest, days, n, st->choices);
		field = st->f.date;
		break;
	}
	case LIST_MEDIA:
		snprintf(st->narrow, sizeof(st->narrow), "%s", field_value(st, st->f.media));
		if (!media_reload(st, app))
			return UI_REDRAW;    /* the form stays; typed codes are checked on F5 */
		field = st->f.media;
		break;
	}
	for (size_t i = 0; field >= 0 && i < st->nchoices; i++) {
		const char *v = field_value(st, field);

		if (strcmp(st->choices[i].value, v) == 0) {
			st->chosen = (int)i;
			break;
		}
	}
	st->mode = ENTRY_CHOOSE;
	return UI_REDRAW;
}

/* Puts choice i into its field and goes back to the form. */
static unsigned choose_pick(struct entry_state *st, struct ui_app *app, int i)
{
	const struct order_choice *c;
	int field;

	if (i < 0 || (size_t)i >= st->nchoices)
		return UI_NONE;
	c = &st->choices[i];
	if (c->barred) {
		ui_error(app, "%s", c->label);
		return UI_REDRAW;
	}
	field = st->list == LIST_PAYMENT ? st->f.payment : st->list == LIST_SLOT ? st->f.slot
		: st->list == LIST_DATE ? st->f.date : st->f.media;
	form_set(&st->form, field, c->value);
	form_set_error(&st->form, field, NULL);
	st->mode = ENTRY_EDIT;
	if (st->list == LIST_PAYMENT && strcmp(c->value, pricing_payment_code(PRICING_PAY_CARD)) == 0 &&
	    !field_value(st, st->f.card_token)[0])
		form_focus(&st->form, st->f.card_token);
	ui_message(app, "%s: %s", _(st->spec.fields[field].label), c->label);
	return UI_REDRAW;
}

/* Enter in the media field: what was typed, if it names one media code
 * (in any case), becomes that code; otherwise the list, narrowed by it. */
static unsigned media_enter(struct entry_state *st, struct ui_app *app)
{
	if (!field_value(st, st->f.media)[0])
		return UI_UNHANDLED;
	choose_open(st, app, LIST_MEDIA);
	if (st->mode != ENTRY_CHOOSE)
		return UI_UNHANDLED;    /* no list: Enter moves on as in any field */
	if (st->nchoices == 1 ||
	    (st->nchoices > 1 && strcasecmp(st->choices[0].value, st->narrow) == 0)) {
		choose_pick(st, app, 0);
		form_focus(&st->form, st->f.notes);
	}
	return UI_REDRAW;
}

/* Up/Down on a list of n lines (the products found, a pick list):
 * moves *sel and returns true; false for any other request. */
static bool list_move(int *sel, size_t n, enum ui_request req)
{
	if (req == REQ_UP) {
		if (*sel > 0)
			(*sel)--;
		return true;
	}
	if (req == REQ_DOWN) {
		if ((size_t)*sel + 1 < n)
			(*sel)++;
		return true;
	}
	return false;
}

static unsigned choose_request(struct entry_state *st, struct ui_app *app,
			       enum ui_request req)
{
	size_t len;

	if (list_move(&st->chosen, st->nchoices, req))
		return UI_REDRAW;
	switch (req) {
	case REQ_ENTER:
		return choose_pick(st, app, st->chosen);
	case REQ_BACK:
		st->mode = ENTRY_EDIT;
		return UI_REDRAW;
	case REQ_PAYMENT:
		return choose_open(st, app, LIST_PAYMENT);
	case REQ_DATE:
		return choose_open(st, app, LIST_DATE);
	case REQ_SLOT:
		return choose_open(st, app, LIST_SLOT);
	case REQ_MEDIA:
		return choose_open(st, app, LIST_MEDIA);
	case REQ_BACKSPACE:
		if (st->list != LIST_MEDIA || !(len = strlen(st->narrow)))
			return UI_NONE;
		/* one character, not one byte */
		while (len > 0 && ((unsigned char)st->narrow[len - 1] & 0xC0) == 0x80)
			len--;
		st->narrow[len ? len - 1 : 0] = '\0';
		st->chosen = 0;
		if (!media_reload(st, app))
			st->mode = ENTRY_EDIT;
		return UI_REDRAW;
	default:
		return UI_UNHANDLED;
	}
}

static unsigned choose_input(struct entry_state *st, struct ui_app *app, uint32_t cp)
{
	char u[5];
	size_t len, n;

	if (st->list != LIST_MEDIA)
		return choose_pick(st, app, order_choice_by_key(st->nchoices, cp));
	/* media codes hold digits: here what is typed narrows the list */
	n = utf8_encode(cp, u);
	len = strlen(st->narrow);
	if (len + n >= sizeof(st->narrow))
		return UI_NONE;
	memcpy(st->narrow + len, u, n);
	st->narrow[len + n] = '\0';
	st->chosen = 0;
	if (!media_reload(st, app))
		st->mode = ENTRY_EDIT;
	return UI_REDRAW;
}

/* --- keys --- */

/* A field changed as the operator typed: its mark goes (it is checked
 * again on F5), and the quantity field is the selected line's. */
static unsigned edited(struct entry_state *st, int focus)
{
	form_set_error(&st->form, focus, NULL);
	if (focus == st->f.quantity && st->sel >= 0 && (size_t)st->sel < st->nlines)
		snprintf(st->lines[st->sel].qty, sizeof(st->lines[0].qty), "%s",
			 field_value(st, st->f.quantity));
	return UI_REDRAW;
}

static unsigned edit_request(struct entry_state *st, struct ui_app *app,
			     enum ui_request req)
{
	int focus = (int)st->form.focus;

	st->qty_fresh = false;
	switch (req) {
	case REQ_SAVE:
		return confirm(st, app);
	case REQ_DELETE:
		return remove_line(st, app);
	case REQ_EDIT:
		return swap_upsell(st, app);
	case REQ_PAGE_UP:
		return select_line(st, st->sel - 1);
	case REQ_PAGE_DOWN:
		return select_line(st, st->sel + 1);
	case REQ_PAYMENT:
		return choose_open(st, app, LIST_PAYMENT);
	case REQ_DATE:
		return choose_open(st, app, LIST_DATE);
	case REQ_SLOT:
		return choose_open(st, app, LIST_SLOT);
	case REQ_MEDIA:
		return choose_open(st, app, LIST_MEDIA);
	case REQ_ENTER:
		if (focus == st->f.product)
			return find_product(st, app);
		if (focus == st->f.media) {
			unsigned f = media_enter(st, app);

			if (!(f & UI_UNHANDLED))
				return f;
		}
		if (focus == st->f.quantity) {
			/* the next product, or Tab to go on */
			form_focus(&st->form, st->f.product);
			return UI_REDRAW;
		}
		break;
	default:
		break;
	}
	switch (form_request(&st->form, req)) {
	case FORM_SUBMIT:
		return confirm(st, app);
	case FORM_MOVED: {
		const char *e;

		/* into the quantity (Tab after a line added by its number):
		 * the first digit replaces the quantity shown */
		if ((int)st->form.focus == st->f.quantity && focus != st->f.quantity)
			st->qty_fresh = true;

		if (focus == st->f.postal && (int)st->form.focus != focus) {
			postal_fill_leave(&st->postal, &st->form, app);
			return UI_REDRAW;
		}
		/* a code nobody knew: the table may know it by now */
		if (postal_fill_retry(&st->postal, &st->form, app))
			return UI_REDRAW;
		e = form_focus_error(&st->form);

		if (e)
			ui_error(app, "%s", e);
		return UI_REDRAW;
	}
	case FORM_EDITED:
		return edited(st, focus);
	case FORM_REFUSED:
		return UI_NONE;
	case FORM_IGNORED:
	default:
		return UI_UNHANDLED;
	}
}

static unsigned entry_request(struct screen *s, struct ui_app *app,
			      enum ui_request req)
{
	struct entry_state *st = s->state;

	switch (st->mode) {
	case ENTRY_CHOOSE:
		return choose_request(st, app, req);
	case ENTRY_PICK:
		if (list_move(&st->pick, (size_t)st->nfound, req))
			return UI_REDRAW;
		switch (req) {
		case REQ_ENTER:
			st->mode = ENTRY_EDIT;
			return add_line(st, app, &st->found[st->pick]);
		case REQ_BACK:
			st->mode = ENTRY_EDIT;
			return UI_REDRAW;
		default:
			return UI_UNHANDLED;
		}
	case ENTRY_CONFIRM:
		switch (req) {
		case REQ_SAVE:
		case REQ_ENTER:
			return submit(st, app);
		case REQ_BACK:
			st->mode = ENTRY_EDIT;
			/* what it ships with is chosen again on the next
			 * confirmation: a changed date may change the offers */
			st->bundle = -1;
			ui_message(app, "%s", _("Nothing saved yet: change what you need, then F5."));
			return UI_REDRAW;
		case REQ_UP:
			if (st->top > 0)
				st->top--;
			return UI_REDRAW;
		case REQ_DOWN:
			st->top++;
			return UI_REDRAW;
		default:
			return UI_UNHANDLED;
		}
	case ENTRY_EDIT:
	default:
		return edit_request(st, app, req);
	}
}

static unsigned entry_input(struct screen *s, struct ui_app *app, uint32_t cp)
{
	struct entry_state *st = s->state;
	int focus;

	/* a list of payments, dates, slots or media codes: its number
	 * picks, letters narrow (order_entry_keys' KM_CHOOSE) */
	if (st->mode == ENTRY_CHOOSE)
		return choose_input(st, app, cp);
	/* the keys of the pick list and the confirmation come to
	 * entry_action (order_entry_keys) */
	if (st->mode != ENTRY_EDIT)
		return UI_NONE;
	focus = (int)st->form.focus;
	if (focus == st->f.product) {
		int i = order_previous_by_key(st->nprev, field_value(st, focus), cp);

		if (i >= 0)
			return add_previous(st, app, i);
	}
	if (focus == st->f.quantity && st->qty_fresh && cp >= '0' && cp <= '9')
		form_set(&st->form, focus, "");
	/* a letter where a quantity was just shown starts the next product:
	 * the line keeps its quantity (1 after an add) */
	if (focus == st->f.quantity && st->qty_fresh && cp > ' ' &&
	    !(cp >= '0' && cp <= '9') && !(cp >= 0xFF10 && cp <= 0xFF19)) {
		form_set(&st->form, st->f.product, "");
		form_focus(&st->form, st->f.product);
		focus = st->f.product;
	}
	st->qty_fresh = false;
	if (form_type(&st->form, app, cp) == FORM_EDITED)
		return edited(st, focus);
	return UI_REDRAW;
}

static unsigned entry_keys_mode(const struct screen *s)
{
	const struct entry_state *st = s->state;

	return st->mode == ENTRY_PICK ? ORDER_ENTRY_KM_PICK
	       : st->mode == ENTRY_CONFIRM ? ORDER_ENTRY_KM_CONFIRM
	       : st->mode == ENTRY_CHOOSE ? ORDER_ENTRY_KM_CHOOSE
	       : ORDER_ENTRY_KM_EDIT;
}

/* A key of order_entry_keys (screen_keys.c) live in the mode. */
static unsigned entry_action(struct screen *s, struct ui_app *app, int action,
			     uint32_t cp)
{
	struct entry_state *st = s->state;

	if (st->mode == ENTRY_PICK && action == '1') {
		if (cp >= '1' && cp < '1' + st->nfound) {
			st->mode = ENTRY_EDIT;
			return add_line(st, app, &st->found[cp - '1']);
		}
		return UI_NONE;
	}
	if (st->mode == ENTRY_CONFIRM && action == 'b')
		return next_bundle(st, app);
	return UI_NONE;
}

static void entry_handles(const struct screen *s, struct keys_set *set)
{
	const struct entry_state *st = s->state;
	static const enum ui_request edit[] = {
		REQ_EDIT, REQ_SAVE, REQ_DELETE, REQ_ENTER, REQ_NEXT_FIELD,
		REQ_PREV_FIELD, REQ_UP, REQ_DOWN, REQ_LEFT, REQ_RIGHT, REQ_FIRST,
		REQ_LAST, REQ_BACKSPACE, REQ_DELETE_CHAR, REQ_CLEAR_FIELD,
		REQ_PAGE_UP, REQ_PAGE_DOWN, REQ_PAYMENT, REQ_DATE, REQ_SLOT,
		REQ_MEDIA, REQ_NONE
	};
	static const enum ui_request choose[] = {
		REQ_ENTER, REQ_UP, REQ_DOWN, REQ_BACK, REQ_BACKSPACE, REQ_PAYMENT,
		REQ_DATE, REQ_SLOT, REQ_MEDIA, REQ_NONE
	};
	static const enum ui_request pick[] = {
		REQ_ENTER, REQ_UP, REQ_DOWN, REQ_BACK, REQ_NONE
	};
	static const enum ui_request conf[] = {
		REQ_SAVE, REQ_ENTER, REQ_BACK, REQ_UP, REQ_DOWN, REQ_NONE
	};

	keys_set_add_list(set, st->mode == ENTRY_PICK ? pick
			  : st->mode == ENTRY_CHOOSE ? choose
			  : st->mode == ENTRY_CONFIRM ? conf : edit);
}

/* After a reconnect: a submit that got no answer may have gone through. */
static unsigned entry_reload(struct screen *s, struct ui_app *app)
{
	struct entry_state *st = s->state;
	struct rd_error err;

	rd_error_clear(&err);
	if (st->pending && ui_db_ok(app) &&
	    order_find_by_request(ui_db(app), st->req.request_id, &st->saved, &err) == RD_OK) {
		st->saved.replayed = true;
		return done(st, app);
	}
	return UI_REDRAW;
}

/* --- drawing --- */

static void draw_pick(struct entry_state *st, struct layout_text *body, int cols)
{
	struct sbuf sb;

	layout_text_addf(body, LAYOUT_HEADING, " %s", _("Choose the product"));
	layout_text_addf(body, LAYOUT_DIM, " %s",
			 _("Up/Down and Enter, or its number, adds it; Esc goes back."));
	sbuf_init(&sb);
	for (size_t i = 0; i < st->nfound; i++) {
		const struct order_product *p = &st->found[i];
		enum layout_attr attr = (int)i == st->pick ? LAYOUT_BAR : LAYOUT_NORMAL;

		sbuf_reset(&sb);
		sbuf_printf(&sb, "%s%zu %-6s ", (int)i == st->pick ? ">" : " ", i + 1, p->sku);
		{
			/* the price a customer hears: tax included */
			int64_t incl = 0;

			pricing_unit_tax_included(p->price, p->tax_rate, &incl, NULL);
			money_format(&sb, incl, MONEY_YEN_SIGN);
		}
		sbuf_adds(&sb, "  ");
		sbuf_adds(&sb, p->name);
		layout_text_addf(body, attr, "%s", sb.buf);
		(void)cols;
	}
	sbuf_done(&sb);
}

static void draw_choose(struct entry_state *st, struct layout_text *body, int cols)
{
	static const char *const heading[] = {
		[LIST_PAYMENT] = N_("Payment: pick the method"),
		[LIST_DATE] = N_("Delivery date: pick the day"),
		[LIST_SLOT] = N_("Time slot: pick the time"),
		[LIST_MEDIA] = N_("Media code: pick the advertisement"),
	};

	order_choice_build(body, _(heading[st->list]), st->choices, st->nchoices, st->chosen,
			   st->list == LIST_MEDIA ? st->narrow : NULL, cols);
}

static void draw_edit(struct entry_state *st, struct layout_text *body, int cols,
		      int rows)
{
	struct pricing_totals t;
	struct rd_error err;
	struct sbuf sb;
	int bad;
	bool sub = subscribing(st), addr_ok;
	const struct order_address *addr;

	rd_error_clear(&err);
	sbuf_init(&sb);
	sbuf_printf(&sb, _("New order for %s %s"), st->def.customer_code, st->def.customer_name);
	if (st->def.first_order)
		sbuf_printf(&sb, " (%s)", _("first order"));
	layout_text_addf(body, LAYOUT_HEADING, " %s", sb.buf);
	order_lines_build(body, st->lines, st->nlines, st->sel, sub, cols,
			  st->nlines + 1 < LINE_ROWS ? (int)st->nlines + 1 : LINE_ROWS);
	/* what a digit adds, while a digit would add it */
	if ((int)st->form.focus == st->f.product && !field_value(st, st->f.product)[0])
		order_previous_build(body, st->prev, st->nprev, cols);
	if (st->sel >= 0 && (size_t)st->sel < st->nlines &&
	    st->lines[st->sel].p.upsell_sku[0])
		layout_text_addf(body, LAYOUT_OK, "   %s %s %s %s",
				 _("Suggest:"), st->lines[st->sel].p.upsell_sku,
				 st->lines[st->sel].p.upsell_name, _("(F4 swaps the line)"));
	if (st->nlines &&
	    order_entry_totals(st->lines, st->nlines, payment_of(st), sub,
			       &st->ctx.settings, &t, &bad, &err) == RD_OK)
		order_totals_build(body, &t, cols);
	else if (st->nlines)
		layout_text_addf(body, LAYOUT_ERROR, " %s", err.msg);
	if (sub) {
		int32_t next[ORDER_NEXT_DATES], first = st->ctx.earliest, d;
		char buf[DATE_LIST_SIZE];

		sbuf_reset(&sb);
		if (*field_value(st, st->f.date) &&
		    form_parse_date(field_value(st, st->f.date), &d, NULL) == RD_OK)
			first = d;
		rd_error_clear(&err);
		if (order_cycle_preview(field_value(st, st->f.cycle), first, &st->ctx.calendar.cal,
					&sb, next, &err) == RD_OK) {
			sbuf_adds(&sb, "; ");
			sbuf_adds(&sb, _("next"));
			for (int i = 0; i < ORDER_NEXT_DATES; i++)
				sbuf_printf(&sb, " %s", date_format_list(next[i], buf));
			layout_text_addf(body, LAYOUT_OK, " %s %s", _("Subscription:"), sb.buf);
		} else {
			layout_text_addf(body, LAYOUT_ERROR, " %s", err.msg);
		}
	}
	{
		char e[DATE_LONG_SIZE], l[DATE_LONG_SIZE];

		sbuf_reset(&sb);
		sbuf_printf(&sb, _("Delivery from %s to %s"),
			    date_format_long(st->ctx.earliest, e),
			    date_format_long(st->ctx.latest, l));
		for (int p = 0; p < PRICING_PAY_COUNT; p++)
			if (st->def.barred[p])
				sbuf_printf(&sb, "  %s %s (%s)", _("no"), pricing_payment_label(p),
					    st->def.barred_reason[p]);
		layout_text_addf(body, LAYOUT_DIM, " %s", sb.buf);
	}
	addr = address_of(st, &addr_ok);
	sbuf_reset(&sb);
	if (new_address_typed(st)) {
		struct order_address a;

		new_address_of(st, &a);
		order_address_text(&sb, &a);
		layout_text_addf(body, LAYOUT_OK, " %s: %s", _("Deliver to a new address"), sb.buf);
	} else {
		if (addr)
			order_address_text(&sb, addr);
		else
			sbuf_printf(&sb, _("choose 1 to %zu"), st->def.naddresses);
		layout_text_addf(body, addr ? LAYOUT_DIM : LAYOUT_ERROR, " %s %s/%zu: %s",
				 _("Deliver to"), field_value(st, st->f.address),
				 st->def.naddresses, sb.buf);
	}
	sbuf_done(&sb);
	form_layout(&st->form, body, cols, rows - (int)body->n);
}

static void draw_confirm(struct entry_state *st, struct layout_text *body,
			 int cols, int rows)
{
	struct layout_text all;
	bool addr_ok;
	const struct order_address *addr = address_of(st, &addr_ok);
	int page = rows - 2;

	if (st->quote.has_new_address)
		addr = &st->quote.new_address;

	layout_text_addf(body, LAYOUT_HEADING, " %s",
			 _("Confirm the order: read it back to the caller"));
	layout_text_init(&all);
	order_confirm_build(&all, &st->quote, addr, st->bundle, cols);
	order_readback_build(&all, &st->quote, addr, st->def.phone, cols);
	if (st->top > (int)all.n - page)
		st->top = (int)all.n > page ? (int)all.n - page : 0;
	for (int i = st->top; i < (int)all.n && i < st->top + page; i++)
		layout_line_copy(layout_text_add(body, LAYOUT_NORMAL), &all.lines[i]);
	layout_text_done(&all);
	layout_text_addf(body, LAYOUT_DIM, " %s", st->quote.noffers
			 ? _("F5/Enter saves  b: ship together (next offer)  Esc: back to the form")
			 : _("F5/Enter saves  Esc: back to the form"));
}

static void entry_draw(struct screen *s, struct ui_app *app,
		       struct layout_text *body, int cols, int rows)
{
	struct entry_state *st = s->state;

	(void)app;
	if (!st->have_spec)
		return;
	switch (st->mode) {
	case ENTRY_PICK:
		draw_pick(st, body, cols);
		break;
	case ENTRY_CHOOSE:
		draw_choose(st, body, cols);
		break;
	case ENTRY_CONFIRM:
		draw_confirm(st, body, cols, rows);
		break;
	case ENTRY_EDIT:
	default:
		draw_edit(st, body, cols, rows);
		break;
	}
}

const struct screen_ops order_entry_screen_ops = {
	.name = "order_entry",
	.title = N_("New order"),
	.state_size = sizeof(struct entry_state),
	.handles = entry_handles,
	.keys = order_entry_keys,
	.keys_mode = entry_keys_mode,
	.action = entry_action,
	.open = entry_open,
	.request = entry_request,
	.input = entry_input,
	.draw = entry_draw,
	.reload = entry_reload,
	.has_unsaved = entry_unsaved,
	.close = entry_close,
};
