/* dashboard_screen.h: the supervisor dashboard (Ctrl-B from home).
 *
 * The desk at a glance (store/inquiry.h: inquiry_dashboard), live: it
 * re-reads when any inquiry changes. Below the figures, what waits for
 * someone (escalated and unassigned inquiries): Enter opens one, a
 * reassigns it (the inquiry screen's hand-off). The database refuses the
 * figures to anyone but a supervisor; the screen says so politely. */
#ifndef REPEATDESK_UI_DASHBOARD_SCREEN_H
#define REPEATDESK_UI_DASHBOARD_SCREEN_H

#include "screen.h"

extern const struct screen_ops dashboard_screen_ops;

#endif
