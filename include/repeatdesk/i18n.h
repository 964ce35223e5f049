/* i18n.h: every text a person reads goes through _().
 *
 * glibc carries gettext, so no extra library is needed; without a message
 * catalogue installed, _() returns its argument. N_() marks text in static
 * tables that is translated where it is shown. Which language, and where
 * the catalogue is: repeatdesk/lang.h (the command line sets it up once).
 *
 * A word that means two things ("cancelled": an order's キャンセル, a
 * subscription's 解約済) carries a context (msgctxt): C_("order status",
 * "cancelled") where it is shown, NC_("order status", "cancelled") in a
 * static table, shown through _() like any N_() entry. Both make the
 * catalogue key "context\004text" (gettext's pgettext; glibc has no
 * pgettext macro) and show the text itself when it has no translation.
 * xgettext needs --keyword=C_:1c,2 --keyword=NC_:1c,2 (tools/make-pot). */
#ifndef REPEATDESK_I18N_H
#define REPEATDESK_I18N_H

#include <libintl.h>

#define RD_TEXTDOMAIN "repeatdesk"
/* dgettext(RD_TEXTDOMAIN, s), unless this thread answers in the
 * business's language for a while (repeatdesk/catalog.h); an untranslated
 * "context\004text" (NC_, C_) is shown as its text. NULL for NULL; the
 * result is not to be freed. */
char *rd_gettext(const char *msgid) __attribute__((format_arg(1)));
#define _(s) rd_gettext(s)
#define N_(s) (s)
#define C_(ctx, s) rd_gettext(ctx "\004" s)
#define NC_(ctx, s) (ctx "\004" s)


#endif
