/* signals.c: self-pipe for the main loop, terminal rescue on crashes. */
#include "signals.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#define SEQ_MAX 256

static const int noted[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH };
static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
			     SIGQUIT };

#define NNOTED (sizeof(noted) / sizeof(noted[0]))
#define NFATAL (sizeof(fatal) / sizeof(fatal[0]))

static int pipe_fd[2] = { -1, -1 };
static volatile sig_atomic_t pending[NNOTED];
static struct sigaction old_noted[NNOTED];
static struct sigaction old_fatal[NFATAL];
static bool installed;

/* The crash path's view of the terminal. Two buffers so that updating one
 * (on resize) never leaves the handler reading half-written bytes. */
static struct {
	char seq[SEQ_MAX];
	size_t len;
} restore_buf[2];
static volatile sig_atomic_t restore_active = -1; /* -1: nothing to do */
static int restore_fd = -1;
static struct termios restore_modes;
static volatile sig_atomic_t restore_have_modes;

static void restore_terminal(void)
{
	int i = restore_active;

	if (i < 0 || restore_fd < 0)
		return;
	restore_active = -1;
	if (restore_buf[i].len) {
		ssize_t r = write(restore_fd, restore_buf[i].seq,
				  restore_buf[i].len);
		(void)r;
	}
	if (restore_have_modes)
		(void)tcsetattr(restore_fd, TCSANOW, &restore_modes);
}

static void die_by(int sig)
{
	struct sigaction sa;
	sigset_t set;

	restore_terminal();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	(void)sigprocmask(SIG_UNBLOCK, &set, NULL);
	(void)raise(sig);
	/* A signal that was ignored by default (none of ours) gets here. */
	_exit(128 + sig);
}

static void on_fatal(int sig)
{
	int saved = errno;

	die_by(sig);
	errno = saved;
}

static void on_noted(int sig)
{
	int saved = errno;

	for (size_t i = 0; i < NNOTED; i++) {
		if (noted[i] != sig)
			continue;
		/* Asked twice to end while the loop has not even seen the
		 * first request: the loop is stuck, so do not wait for it. */
		if (pending[i] && (sig == SIGTERM || sig == SIGHUP))
			die_by(sig);
		pending[i] = 1;
	}
	if (pipe_fd[1] >= 0) {
		char c = (char)sig;
		ssize_t r = write(pipe_fd[1], &c, 1); /* full pipe: flag set */

		(void)r;
	}
	errno = saved;
}

static int set_flags(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
		return -1;
	return 0;
}

int ui_signals_install(void)
{
	struct sigaction sa;

	if (installed)
		return pipe_fd[0];
	if (pipe(pipe_fd) < 0)
		return -1;
	if (set_flags(pipe_fd[0]) < 0 || set_flags(pipe_fd[1]) < 0) {
		int e = errno;

		close(pipe_fd[0]);
		close(pipe_fd[1]);
		pipe_fd[0] = pipe_fd[1] = -1;
		errno = e;
		return -1;
	}
	for (size_t i = 0; i < NNOTED; i++)
		pending[i] = 0;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: poll() must wake up. */
	sa.sa_handler = on_noted;
	for (size_t i = 0; i < NNOTED; i++)
		sigaction(noted[i], &sa, &old_noted[i]);

	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < NFATAL; i++)
		sigaction(fatal[i], &sa, &old_fatal[i]);
	installed = true;
	return pipe_fd[0];
}

void ui_signals_uninstall(void)
{
	if (!installed)
		return;
	for (size_t i = 0; i < NFATAL; i++)
		sigaction(fatal[i], &old_fatal[i], NULL);
	for (size_t i = 0; i < NNOTED; i++)
		sigaction(noted[i], &old_noted[i], NULL);
	close(pipe_fd[0]);
	close(pipe_fd[1]);
	pipe_fd[0] = pipe_fd[1] = -1;
	installed = false;
}

int ui_signals_next(void)
{
	char buf[64];

	while (pipe_fd[0] >= 0 && read(pipe_fd[0], buf, sizeof(buf)) > 0)
		;
	for (size_t i = 0; i < NNOTED; i++) {
		if (pending[i]) {
			pending[i] = 0;
			return noted[i];
		}
	}
	return 0;
}

void ui_signals_set_restore(int fd, const struct termios *saved,
			    const char *seq, size_t len)
{
	int next = restore_active == 0 ? 1 : 0;

	if (len > SEQ_MAX)
		len = SEQ_MAX;
	memcpy(restore_buf[next].seq, seq, len);
	restore_buf[next].len = len;
	if (saved) {
		restore_modes = *saved;
		restore_have_modes = 1;
	}
	restore_fd = fd;
	restore_active = next;
}

void ui_signals_clear_restore(void)
{
	restore_active = -1;
}
