/* i18n.h: every text a person reads goes through _().
 *
 * glibc carries gettext, so no extra library is needed; without a message
 * catalogue installed, _() returns its argument. N_() marks text in static
 * tables that is translated where it is shown. Which language, and where
 * the catalogue is: repeatdesk/lang.h (the command line sets it up once). */
#ifndef REPEATDESK_I18N_H
#define REPEATDESK_I18N_H

#include <libintl.h>

#define RD_TEXTDOMAIN "repeatdesk"
/* dgettext(RD_TEXTDOMAIN, s), unless this thread answers in the
 * business's language for a while (repeatdesk/catalog.h). */
char *rd_gettext(const char *msgid) __attribute__((format_arg(1)));
#define _(s) rd_gettext(s)
#define N_(s) (s)

#endif
