/* lang.c: the language of the program (include/repeatdesk/lang.h).
 *
 * gettext picks the catalogue from LANGUAGE, but ignores LANGUAGE while
 * the locale of messages is "C": `--lang ja` under LANG=C therefore also
 * sets LC_MESSAGES to a locale that exists here (ja_JP.UTF-8, or C.UTF-8),
 * and `--lang en` sets LANGUAGE=en, for which there is no catalogue, so
 * that the English msgids are shown even under LANG=ja_JP.UTF-8. Both
 * stay in the environment, so that a later setlocale(LC_ALL, "") (the UI)
 * and the programs we run (psql) agree. */
#include "repeatdesk/lang.h"
#include "repeatdesk/i18n.h"

#include <limits.h>
#include <stdbool.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef RD_LOCALEDIR
#define RD_LOCALEDIR "/usr/local/share/locale"
#endif

static char localedir[PATH_MAX];

int lang_parse(const char *s, enum lang_choice *out)
{
	if (s && strcmp(s, "ja") == 0)
		*out = LANG_JA;
	else if (s && strcmp(s, "en") == 0)
		*out = LANG_EN;
	else
		return -1;
	return 0;
}

/* The first of LC_ALL, LC_MESSAGES, LANG that is set: what the locale
 * asks for messages, even when that locale is not installed here. */
static const char *env_messages_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return v;
	}
	return "";
}

static bool is_c_locale(const char *name)
{
	return !name || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0;
}

/* A catalogue next to the executable: <dir of exe>/locale, as the build
 * tree has it (build/repeatdesk, build/locale/ja/LC_MESSAGES/...). */
static bool beside_exe(char *out, size_t outsz)
{
	char exe[PATH_MAX];
	char probe[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	struct stat st;

	if (n <= 0)
		return false;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	snprintf(probe, sizeof(probe), "%s/locale/ja/LC_MESSAGES/%s.mo", exe, RD_TEXTDOMAIN);
	if (stat(probe, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	if ((size_t)snprintf(out, outsz, "%s/locale", exe) >= outsz)
		return false;
	return true;
}

static void find_localedir(void)
{
	const char *env = getenv("RD_LOCALEDIR");

	if (env && *env && strlen(env) < sizeof(localedir))
		snprintf(localedir, sizeof(localedir), "%s", env);
	else if (!beside_exe(localedir, sizeof(localedir)))
		snprintf(localedir, sizeof(localedir), "%s", RD_LOCALEDIR);
}

const char *lang_localedir(void)
{
	if (!localedir[0])
		find_localedir();
	return localedir;
}

/* Japanese asked: LANGUAGE=ja, and a locale of messages that is not "C"
 * so that gettext reads LANGUAGE. Returns false when none exists here. */
static bool speak_japanese(void)
{
	static const char *const tries[] = { "ja_JP.UTF-8", "ja_JP.utf8", "C.UTF-8", "C.utf8" };

	setenv("LANGUAGE", "ja", 1);
	if (!is_c_locale(setlocale(LC_MESSAGES, NULL)))
		return true;
	for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		if (setlocale(LC_MESSAGES, tries[i])) {
			/* the UI sets the locale again from the environment */
			setenv("LC_MESSAGES", tries[i], 1);
			return true;
		}
	}
	return false;
}

const char *lang_setup(enum lang_choice choice)
{
	bool ja_failed = false;

	/* NULL when the environment names a locale not installed here: the
	 * program then runs in "C" */
	setlocale(LC_ALL, "");
	/* LANG=ja_JP.UTF-8 where that locale is not installed: Japanese all
	 * the same when some UTF-8 locale can carry it */
	if (choice == LANG_FROM_LOCALE && strncmp(env_messages_locale(), "ja", 2) == 0 &&
	    is_c_locale(setlocale(LC_MESSAGES, NULL)))
		choice = LANG_JA;
#ifndef ENABLE_NLS
	/* configure --disable-nls: there is no catalogue to speak it from */
	if (choice == LANG_JA)
		return _("Japanese was asked for, but this repeatdesk was built without "
			 "translations (configure --disable-nls); messages stay in English");
#endif
	if (choice == LANG_JA)
		ja_failed = !speak_japanese();
	else if (choice == LANG_EN)
		setenv("LANGUAGE", "en", 1);
	bindtextdomain(RD_TEXTDOMAIN, lang_localedir());
	bind_textdomain_codeset(RD_TEXTDOMAIN, "UTF-8");
	if (ja_failed)
		return _("Japanese was asked for, but this machine has no UTF-8 locale "
			 "to show it (install the package locales and run "
			 "'locale-gen ja_JP.UTF-8'); messages stay in English");
	return NULL;
}
