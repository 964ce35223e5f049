/* lang.h: which language the program speaks, and where its catalogue is.
 *
 * The choice, strongest first: `--lang ja|en` on the command line,
 * `[ui] language = ja|en` in the configuration file, otherwise the locale
 * (LC_ALL, LC_MESSAGES, LANG: ja_* speaks Japanese). The catalogue
 * (repeatdesk.mo) is found in $RD_LOCALEDIR when set, else in locale/ next
 * to the executable (the build tree), else in the installed localedir. */
#ifndef REPEATDESK_LANG_H
#define REPEATDESK_LANG_H

enum lang_choice {
	LANG_FROM_LOCALE,   /* nothing asked: the locale decides */
	LANG_JA,
	LANG_EN
};

/* Parses "ja" or "en" into *out. Returns 0, or -1 (and leaves *out) for
 * anything else. */
int lang_parse(const char *s, enum lang_choice *out);

/* Sets the program's locale from the environment, then the language
 * asked, and binds the text domain (UTF-8) to the catalogue. Call once,
 * before the first message. Returns NULL, or a static English-and-
 * translated warning to show once when Japanese was asked but no locale
 * here can carry it (messages then stay English). */
const char *lang_setup(enum lang_choice choice);

/* The directory lang_setup bound the text domain to. */
const char *lang_localedir(void);

#endif
