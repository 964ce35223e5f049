/* home_screen.c: the first screen: who is logged in, the database, today.
 *
 * It says where the work starts: the customer lookup (F2, a global key;
 * orders and subscriptions are reached from the customer's card), the
 * inquiry queues (Ctrl-N), the supervisor dashboard (Ctrl-B) and the
 * reports (r). */
#include "home_screen.h"
#include "inquiry_screen.h"
#include "dashboard_screen.h"
#include "history_screen.h"
#include "report_screen.h"
#include "screen_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/width.h"

#define INDENT 2

void home_today(time_t now, const char *tz_env, char *buf, size_t n,
		const char **zone)
{
	struct tm tm;
	char date[DATE_LONG_SIZE];

	if (tz_env && *tz_env) {
		tzset();
		localtime_r(&now, &tm);
		*zone = tz_env[0] == ':' ? tz_env + 1 : tz_env;
	} else {
		/* Asia/Tokyo has kept UTC+9 without daylight saving since
		 * 1951, so no zone database is needed for it. */
		now += 9 * 60 * 60;
		gmtime_r(&now, &tm);
		*zone = "Asia/Tokyo";
	}
	date_format_long(date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), date);
	snprintf(buf, n, "%s", date);
}

void home_build(struct layout_text *out, const struct home_info *info,
		int cols)
{
	const char *labels[] = {
		_("Logged in as"), _("Login"), _("Role"), _("Database"),
		_("Today"),
	};
	char db[256], today[128];
	int label_cols = 0;

	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (width_str(labels[i]) > label_cols)
			label_cols = width_str(labels[i]);
	label_cols += 3;

	layout_text_add(out, LAYOUT_NORMAL);
	layout_text_addf(out, LAYOUT_HEADING, "%*s%s", INDENT, "",
			 _("repeatdesk \xE2\x80\x94 subscription phone desk"));
	layout_text_add(out, LAYOUT_NORMAL);

	layout_text_pair(out, INDENT, labels[0], label_cols,
			 info->agent_name ? info->agent_name : "",
			 LAYOUT_HEADING);
	layout_text_pair(out, INDENT, labels[1], label_cols,
			 info->login ? info->login : "", LAYOUT_NORMAL);
	layout_text_pair(out, INDENT, labels[2], label_cols,
			 info->role ? info->role : "", LAYOUT_NORMAL);
	if (!info->db_ok)
		snprintf(db, sizeof(db), "%s \xC2\xB7 %s",
			 info->db_label ? info->db_label : "",
			 _("reconnecting\xE2\x80\xA6"));
	else if (info->db_version && *info->db_version)
		/* TRANSLATORS: database label, then the server version. */
		snprintf(db, sizeof(db), _("%s \xC2\xB7 PostgreSQL %s"),
			 info->db_label ? info->db_label : "",
			 info->db_version);
	else
		snprintf(db, sizeof(db), "%s",
			 info->db_label ? info->db_label : "");
	layout_text_pair(out, INDENT, labels[3], label_cols, db,
			 info->db_ok ? LAYOUT_NORMAL : LAYOUT_ERROR);
	snprintf(today, sizeof(today), "%s \xC2\xB7 %s",
		 info->today ? info->today : "", info->zone ? info->zone : "");
	layout_text_pair(out, INDENT, labels[4], label_cols, today,
			 LAYOUT_NORMAL);

	layout_text_add(out, LAYOUT_NORMAL);
	layout_text_wrap(out, LAYOUT_NORMAL, INDENT,
			 _("F2 looks up a customer, from any screen: type a "
			   "phone number, name or reading, a customer or order "
			   "number, an e-mail or a postal code."),
			 cols - INDENT);
	layout_text_wrap(out, LAYOUT_NORMAL, INDENT,
			 _("Ctrl-N opens the inquiry queues: mine, my team's, "
			   "unassigned, escalated, callbacks, overdue."),
			 cols - INDENT);
	layout_text_wrap(out, LAYOUT_NORMAL, INDENT,
			 _("Ctrl-B opens the supervisor dashboard (supervisors); "
			   "Ctrl-R the changes you made."),
			 cols - INDENT);
	layout_text_wrap(out, LAYOUT_NORMAL, INDENT,
			 _("r opens the reports (supervisors): continuation, "
			   "media, retention, workload, segments."),
			 cols - INDENT);
	layout_text_wrap(out, LAYOUT_DIM, INDENT,
			 _("On a customer's card: F11 takes an order, Ctrl-O lists "
			   "the orders, Ctrl-T the subscriptions, Ctrl-R the "
			   "history; F12 logs the call."),
			 cols - INDENT);
}

static void home_draw(struct screen *s, struct ui_app *app,
		      struct layout_text *body, int cols, int rows)
{
	const struct ui_options *o = ui_opts(app);
	struct rd_db *db = ui_db(app);
	struct home_info info;
	char today[64];

	(void)s;
	(void)rows;
	memset(&info, 0, sizeof(info));
	info.agent_name = o->agent_name;
	info.login = o->login;
	info.role = ui_role_name(o->role);
	info.db_label = o->db_label;
	info.db_version = db ? db_server_version(db) : NULL;
	info.db_ok = ui_db_ok(app);
	home_today(time(NULL), getenv("TZ"), today, sizeof(today),
		   &info.zone);
	info.today = today;
	home_build(body, &info, cols);
}

/* The home screen's own requests open the desk's screens (Esc does
 * nothing here, as there is nothing to go back to). */
static unsigned home_request(struct screen *s, struct ui_app *app,
			     enum ui_request req)
{
	(void)s;
	switch (req) {
	case REQ_INQUIRIES:
		ui_push(app, &inquiry_queue_screen_ops, NULL);
		return UI_REDRAW;
	case REQ_DASHBOARD:
		ui_push(app, &dashboard_screen_ops, NULL);
		return UI_REDRAW;
	case REQ_HISTORY: {
		/* the changes this agent made; ui_push opens the screen after
		 * this handler returns, so the arg outlives it */
		static struct history_screen_arg arg;

		memset(&arg, 0, sizeof(arg));
		arg.scope = HISTORY_AGENT;
		snprintf(arg.login, sizeof(arg.login), "%s", ui_opts(app)->login);
		snprintf(arg.title, sizeof(arg.title), "%s", ui_opts(app)->login);
		ui_push(app, &history_screen_ops, &arg);
		return UI_REDRAW;
	}
	default:
		return UI_UNHANDLED;
	}
}

/* A key of home_keys (screen_keys.c): r opens the reports. Everyone may
 * open them; the database says who may read them. */
static unsigned home_action(struct screen *s, struct ui_app *app, int action,
			    uint32_t cp)
{
	(void)s;
	(void)cp;
	if (action != 'r')
		return UI_NONE;
	ui_push(app, &report_screen_ops, NULL);
	return UI_REDRAW;
}

static const enum ui_request home_requests[] = {
	REQ_INQUIRIES, REQ_DASHBOARD, REQ_HISTORY, REQ_NONE
};

const struct screen_ops home_screen_ops = {
	.name = "home",
	.title = NC_("screen", "Home"),
	.state_size = 0,
	.requests = home_requests,
	.request = home_request,
	.keys = home_keys,
	.action = home_action,
	.draw = home_draw,
};
