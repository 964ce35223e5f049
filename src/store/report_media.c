/* report_media.c: the media report (report.h). Not built yet. */
#include "repeatdesk/report.h"
#include "repeatdesk/i18n.h"

const struct report_info report_info_media = {
	.kind = REPORT_MEDIA,
	.name = "media",
	.title = N_("Media analysis"),
	.summary = N_("not built yet"),
	.views = { { .name = "all", .title = N_("All"), .filters = "" } },
};

enum rd_status report_media(struct rd_db *db, const struct report_params *p,
	const struct report_watch *w, struct report_result *out, struct rd_error *err)
{
	(void)db; (void)p; (void)w; (void)out;
	return rd_error_set(err, RD_INTERNAL, _("this report is not built yet"));
}
