/* draw.h: copies a composed view (shell.h) to the terminal. */
#ifndef REPEATDESK_UI_DRAW_H
#define REPEATDESK_UI_DRAW_H

#include <stdbool.h>

#include "shell.h"

/* Sets up colors, if the terminal has them. Call once after initscr. */
void draw_init(void);
/* Draws v into the curses screen and updates the terminal. With full,
 * every cell is sent again (Ctrl-L). */
void draw_view(const struct shell_view *v, bool full);

#endif
