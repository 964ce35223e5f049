/* dialog.h: the overlays of the UI, the F1 help and the yes/no question.
 *
 * A dialog sits over the top screen and has the keyboard while it is open.
 * Its text is built here (pure); the shell places it with
 * layout_overlay_rect() and draw.c draws the frame around it. */
#ifndef REPEATDESK_UI_DIALOG_H
#define REPEATDESK_UI_DIALOG_H

#include <stdbool.h>

#include "repeatdesk/keys.h"
#include "repeatdesk/layout.h"

enum dialog_kind {
	DIALOG_HELP,
	DIALOG_CONFIRM,
};

/* What a request did to the dialog. */
enum dialog_result {
	DIALOG_IGNORED,  /* not a request of this dialog */
	DIALOG_CHANGED,  /* e.g. scrolled: repaint */
	DIALOG_CLOSED,   /* closed without an answer (help) */
	DIALOG_YES,      /* answered yes: closed */
	DIALOG_NO,       /* answered no: closed */
};

struct dialog {
	enum dialog_kind kind;
	char *title;               /* on the top border */
	struct layout_text text;   /* content, not fitted */
	int top;                   /* first line shown (scrolling) */
	int page;                  /* lines shown at the last layout */
	/* the help: what it lists, to build it again for the width it
	 * gets (a text too wide is wrapped, never cut) */
	struct keys_set help_screen, help_global;
	char *help_title;
	int help_cols;             /* the width text was built for, 0: none */
};

/* A help dialog listing the keys in screen and global (keys_help). */
struct dialog *dialog_help_new(const char *screen_title,
			       const struct keys_set *screen,
			       const struct keys_set *global);
/* A yes/no question. */
struct dialog *dialog_confirm_new(const char *question);
/* Frees *d and sets it to NULL. */
void dialog_free(struct dialog **d);

/* The keymap to consult before the generic one. */
enum keys_map dialog_keymap(const struct dialog *d);
/* The requests the dialog handles (for the legend). */
void dialog_handles(const struct dialog *d, struct keys_set *set);
/* Requests that pass through to the global keys while it is open. */
void dialog_passes(const struct dialog *d, struct keys_set *set);
/* Applies one request. */
enum dialog_result dialog_request(struct dialog *d, enum ui_request req);

/* Places the dialog in frame f: *rect gets the rectangle including the
 * frame, out gets rect->rows - 2 lines of rect->cols - 4 columns, and
 * *footer (may be NULL) a short position text ("1-20 of 34") for the
 * bottom border, or "" when everything is shown. */
void dialog_layout(struct dialog *d, const struct layout_frame *f,
		   struct layout_rect *rect, struct layout_text *out,
		   struct sbuf *footer);

#endif
