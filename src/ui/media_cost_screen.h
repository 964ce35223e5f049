/* media_cost_screen.h: the supervisors' media costs (issue 13 §2): media
 * codes down, months across, each cell what the code cost that month;
 * Enter edits the cell's cost with a reason (store/media_cost.c, the same
 * calls as `repeatdesk media cost`). Opened from the report menu (no
 * argument). */
#ifndef REPEATDESK_UI_MEDIA_COST_SCREEN_H
#define REPEATDESK_UI_MEDIA_COST_SCREEN_H

#include "screen.h"

extern const struct screen_ops media_cost_screen_ops;

#endif
