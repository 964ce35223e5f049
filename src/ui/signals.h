/* signals.h: signals while the UI owns the terminal.
 *
 * SIGINT, SIGTERM, SIGHUP and SIGWINCH are only noted here (a flag and a
 * byte on a self-pipe that the main loop polls); the loop acts on them
 * with the terminal in a known state. Crash signals (SIGSEGV, SIGBUS,
 * SIGFPE, SIGILL, SIGABRT, SIGQUIT) cannot wait: their handler puts the
 * terminal back with async-signal-safe calls only (write of the bytes
 * that end curses mode, tcsetattr of the modes saved before it) and
 * re-raises the signal with its default action. */
#ifndef REPEATDESK_UI_SIGNALS_H
#define REPEATDESK_UI_SIGNALS_H

#include <stddef.h>
#include <termios.h>

/* Installs the handlers. Returns the fd to poll for readability, or -1
 * (errno set) when the pipe could not be made. */
int ui_signals_install(void);
/* Puts the previous handlers back and closes the pipe. */
void ui_signals_uninstall(void);
/* Empties the pipe and returns the next pending signal (SIGINT, SIGTERM,
 * SIGHUP, SIGWINCH), clearing it; 0 when none is pending. */
int ui_signals_next(void);

/* What the crash path restores: the terminal fd, its modes from before
 * curses (saved may be NULL: modes are then left alone) and the bytes that
 * leave curses mode (copied; at most 256). Called after initscr and again
 * when the bytes change (resize). */
void ui_signals_set_restore(int fd, const struct termios *saved,
			    const char *seq, size_t len);
/* The terminal is back to normal: the crash path must not touch it. */
void ui_signals_clear_restore(void);

#endif
