/* curses_wrap.h: the one place that includes curses.
 *
 * Wide-character ncurses (ncursesw) is required: Japanese names are drawn
 * as the multibyte text they are. Only app.c and draw.c include this. */
#ifndef REPEATDESK_UI_CURSES_WRAP_H
#define REPEATDESK_UI_CURSES_WRAP_H

/* The ui unit tests build the pure ui files with RD_UI_PURE: curses in
 * any of them is then a build error, not a silent dependency. */
#ifdef RD_UI_PURE
#error "pure ui code must not include curses"
#endif

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#if defined(__has_include)
#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif
#else
#include <curses.h>
#endif

#endif
