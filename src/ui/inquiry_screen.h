/* inquiry_screen.h: the screens of the inquiry log.
 *
 *   inquiry_queue_screen_ops  the queues (Ctrl-N from home), or one
 *                             customer's inquiries (Ctrl-N on the card)
 *   inquiry_screen_ops        one inquiry, its whole timeline and the
 *                             actions (letters on the hint line)
 *
 * and what the customer card uses to show presence ("open by 佐藤 花子
 * since 10:42"), to open the customer's inquiries, and to ask for the
 * wrap-up when it is left after changes made in the call. All of them
 * LISTEN (INQUIRY_CHANNEL, PRESENCE_CHANNEL) and re-read what they show
 * when a notification concerns it. */
#ifndef REPEATDESK_UI_INQUIRY_SCREEN_H
#define REPEATDESK_UI_INQUIRY_SCREEN_H

#include "repeatdesk/inquiry.h"

#include "screen.h"
#include "wrapup_screen.h"

extern const struct screen_ops inquiry_queue_screen_ops;
extern const struct screen_ops inquiry_screen_ops;

/* What the queue screen opens on; NULL: the desk's queues. */
struct inquiry_queue_arg {
	long long customer_id;        /* 0: every customer */
	char customer_text[128];      /* "C0000001 石田 和子" */
};

/* What the inquiry screen opens; must stay valid until it opens. */
struct inquiry_screen_arg {
	long long id;
	bool handoff;                 /* start with the hand-off prompt
				       * (reassign from the dashboard) */
};

/* Listens on both channels (again after a reconnect: db.c re-issues). */
void inquiry_ui_listen(struct ui_app *app);

/* ---- the customer card's part ------------------------------------------ */

#define INQUIRY_CARD_PRESENCE 4

/* Kept in the card's state. */
struct inquiry_card {
	long long customer_id;
	char customer_text[128];
	char since[40];               /* when the card opened: the call */
	bool since_due;               /* read with the first presence */
	struct inquiry_presence presence[INQUIRY_CARD_PRESENCE];
	size_t npresence;
	/* the call's inquiry: pass &call as the hook_arg of subscription
	 * requests made from this card (hook = inquiry_subscription_hook);
	 * the wrap-up then adds to that inquiry */
	struct inquiry_call call;
	struct inquiry_queue_arg queue_arg;
	struct wrapup_arg wrap;
	bool asked;                   /* the wrap-up was offered on leaving */
	bool logged;                  /* a wrap-up of this call was saved */
};

/* The card opened on customer id (text for titles): listens; the
 * inquiry_card_load that follows marks the presence and remembers when
 * the call started (one statement). */
void inquiry_card_open(struct inquiry_card *c, struct ui_app *app, long long id,
		       const char *text);
/* Marks this terminal's presence (the database writes only when it is
 * new or had expired) and re-reads who else has the customer open. */
void inquiry_card_load(struct inquiry_card *c, struct ui_app *app);
/* Adds the presence line (if anyone else has it open) to out. */
void inquiry_card_presence_line(const struct inquiry_card *c, struct layout_text *out);
/* Ctrl-N: the customer's inquiries. */
unsigned inquiry_card_inquiries(struct inquiry_card *c, struct ui_app *app);
/* F12: the wrap-up of this call. */
unsigned inquiry_card_wrapup(struct inquiry_card *c, struct ui_app *app);
/* Esc: leaves, or first asks for the wrap-up when this agent changed
 * something about the customer in this call that no inquiry links yet,
 * or when a request of this call went to c->call's inquiry (the
 * subscription hook) and no wrap-up was saved since.
 * s is the card (marked stale so that it closes after the wrap-up). */
unsigned inquiry_card_back(struct inquiry_card *c, struct screen *s, struct ui_app *app);
/* The card's reload: UI_CLOSE once the wrap-up asked for on leaving was
 * saved, else 0 (reload as usual). */
unsigned inquiry_card_reload(struct inquiry_card *c);
/* A notification: UI_RELOAD when it is about this customer. */
unsigned inquiry_card_notify(struct inquiry_card *c, const struct db_notify *n);
/* The card closes: the presence ends. */
void inquiry_card_close(struct inquiry_card *c, struct ui_app *app);

#endif
