/* screen_keys.c: the tables of screen_keys.h (pure data).
 *
 * One entry per key a screen takes beyond the global ones: what the key
 * does there, in the screen's words. English labels follow
 * doc/glossary.md (an order is cancelled, a subscription cancelled as 解約:
 * "Cancel order" and "Cancel" are different msgids on purpose). */
#include "screen_keys.h"

#include <stddef.h>

#include "repeatdesk/i18n.h"

#define M(m) SCREEN_KEYS_MODE(m)
#define END { 0, REQ_NONE, 0, 0, 0, 0, NULL, NULL }

/* What typing does in a form field beyond text: listed on every screen
 * that shows a form. They reach the form as typed characters. */
#define FORM_TYPED(m) \
	{ .modes = (m), .key = ' ', .action = KEYS_TYPED, \
	  .help = N_("In a choice field: the next choice (a letter: the next choice starting with it); in a yes/no field: switch") }, \
	{ .modes = (m), .key = 'y', .alt = 'Y', .action = KEYS_TYPED, \
	  .help = N_("In a yes/no field: yes") }, \
	{ .modes = (m), .key = 'n', .alt = 'N', .action = KEYS_TYPED, \
	  .help = N_("In a yes/no field: no") }

const struct keys_local form_screen_keys[] = {
	FORM_TYPED(0),
	END
};

const struct keys_local lookup_keys[] = {
	{ .req = REQ_ENTER, .help = N_("Open the card of the selected customer") },
	{ .req = REQ_FILTERS, .help = N_("Open the filter panel: prefecture, age, subscriptions, LTV, RFM...") },
	{ .req = REQ_NEW, .help = N_("Register a new customer with what you typed filled in") },
	{ .req = REQ_CLEAR, .help = N_("Empty the search and drop the filters") },
	{ .req = REQ_SAVE, .label = N_("Call list"),
	  .help = N_("Supervisors: make a call list of the customers found (every page, 5,000 at most) for a team") },
	END
};

const struct keys_local calllist_keys[] = {
	{ .modes = M(CALLLIST_KM_TEAM), .key = 'a', .last = 'z', .action = KEYS_TYPED,
	  .help = N_("Letters, kana or kanji narrow the list to the teams whose name holds them") },
	{ .modes = M(CALLLIST_KM_TEAM), .req = REQ_ENTER,
	  .label = N_("Pick"), .help = N_("The selected team: the list goes to its queue (its name is asked next)") },
	{ .modes = M(CALLLIST_KM_FORM), .req = REQ_SAVE,
	  .label = N_("Make list"), .help = N_("Make the call list: one outbound call per customer in the team's queue") },
	FORM_TYPED(M(CALLLIST_KM_FORM)),
	{ .modes = M(CALLLIST_KM_TEAM) | M(CALLLIST_KM_FORM), .req = REQ_BACK,
	  .label = N_("Drop"), .help = N_("Back to the customer list: no call list is made") },
	{ .modes = M(CALLLIST_KM_DONE), .req = REQ_BACK,
	  .help = N_("Back to the customer list") },
	END
};

const struct keys_local customer_card_keys[] = {
	{ .req = REQ_EDIT, .help = N_("Edit the customer's details") },
	{ .key = 's', .alt = 'S', .action = 's', .label = N_("Skip"),
	  .help = N_("Skip the next delivery shown under Next delivery (of the subscription due next): the reason by number, then the preview") },
	END
};

const struct keys_local saved_filters_keys[] = {
	{ .req = REQ_ENTER, .help = N_("Open the selected filters in the filter panel") },
	{ .req = REQ_DELETE, .help = N_("Delete the selected saved filters (asks first)") },
	END
};

const struct keys_local order_list_keys[] = {
	{ .req = REQ_ENTER, .help = N_("Open the selected order") },
	END
};

const enum ui_request screen_form_requests[] = {
	REQ_SAVE, REQ_BACK, REQ_ENTER, REQ_NEXT_FIELD, REQ_PREV_FIELD, REQ_UP,
	REQ_DOWN, REQ_LEFT, REQ_RIGHT, REQ_FIRST, REQ_LAST, REQ_BACKSPACE,
	REQ_DELETE_CHAR, REQ_CLEAR_FIELD, REQ_NONE
};

const enum ui_request screen_line_requests[] = {
	REQ_BACK, REQ_ENTER, REQ_LEFT, REQ_RIGHT, REQ_FIRST, REQ_LAST, REQ_BACKSPACE,
	REQ_DELETE_CHAR, REQ_CLEAR_FIELD, REQ_NONE
};

const struct keys_local home_keys[] = {
	{ .key = 'r', .alt = 'R', .action = 'r',
	  .label = N_("Reports"), .help = N_("The supervisors' reports: continuation, media, retention, workload, segments") },
	END
};

#define RM_VIEWS (M(REPORT_KM_MENU) | M(REPORT_KM_RESULT))
const struct keys_local report_keys[] = {
	{ .modes = M(REPORT_KM_MENU), .req = REQ_ENTER,
	  .help = N_("Run the selected report with the period and filters shown") },
	/* on the legend in the menu; on a report the legend needs the room
	 * for Tab and e, and the hint line says Left/Right */
	{ .modes = M(REPORT_KM_MENU), .req = REQ_LEFT, .label = N_("Month -"),
	  .help = N_("Move the period one month back (a shown report is run again)") },
	{ .modes = M(REPORT_KM_MENU), .req = REQ_RIGHT, .label = N_("Month +"),
	  .help = N_("Move the period one month forward (a shown report is run again)") },
	{ .modes = M(REPORT_KM_MENU), .key = 'c', .alt = 'C', .action = 'c',
	  .label = N_("Media costs"),
	  .help = N_("What each media code cost per month: the costs the media report divides by (supervisors enter them)") },
	{ .modes = M(REPORT_KM_RESULT), .req = REQ_LEFT,
	  .help = N_("Move the period one month back (a shown report is run again)") },
	{ .modes = M(REPORT_KM_RESULT), .req = REQ_RIGHT,
	  .help = N_("Move the period one month forward (a shown report is run again)") },
	{ .modes = RM_VIEWS, .req = REQ_FILTERS, .label = N_("Period"),
	  .help = N_("Change the period (from, to) and the filters: by, product, media code, payment, agent") },
	{ .modes = M(REPORT_KM_RESULT), .req = REQ_NEXT_FIELD, .label = N_("Next view"),
	  .help = N_("The report's next view") },
	{ .modes = M(REPORT_KM_RESULT), .req = REQ_PREV_FIELD,
	  .help = N_("The report's previous view") },
	{ .modes = M(REPORT_KM_RESULT), .req = REQ_ENTER,
	  .help = N_("On a segment: its customers, as a customer list") },
	{ .modes = M(REPORT_KM_RESULT), .req = REQ_BACK,
	  .help = N_("Back to the list of reports") },
	{ .modes = M(REPORT_KM_RESULT), .key = 'e', .alt = 'E', .action = 'e',
	  .label = N_("CSV"), .help = N_("Export the report as CSV for a spreadsheet (asks where; UTF-8 with a byte-order mark, CRLF)") },
	{ .modes = M(REPORT_KM_FILTER), .req = REQ_SAVE, .label = N_("Apply"),
	  .help = N_("Use this period and these filters (a shown report is run again)") },
	{ .modes = M(REPORT_KM_FILTER), .req = REQ_CLEAR,
	  .help = N_("Empty the filters (the period stays)") },
	{ .modes = M(REPORT_KM_FILTER) | M(REPORT_KM_EXPORT), .req = REQ_BACK,
	  .help = N_("Back: nothing is changed") },
	FORM_TYPED(M(REPORT_KM_FILTER)),
	{ .modes = M(REPORT_KM_EXPORT), .req = REQ_ENTER, .label = N_("Write"),
	  .help = N_("Write the CSV to the file named (asks before replacing a file)") },
	END
};

/* the inquiry's view keys hold on an outbound call too */
#define INQ_VIEW (M(INQUIRY_KM_VIEW) | M(INQUIRY_KM_CALL))

const struct keys_local inquiry_keys[] = {
	/* first: on a call list's call it is the key the agent wants */
	{ .modes = M(INQUIRY_KM_CALL), .key = 'k', .action = 'k',
	  .label = N_("Call outcome"), .help = N_("Record the outcome of this outbound call: reached, no answer (with the time to call again), kept, cancelled, wrong number") },
	{ .modes = INQ_VIEW, .key = 't', .action = 't',
	  .label = N_("Take"), .help = N_("Take the inquiry: you hold it, in progress") },
	{ .modes = INQ_VIEW, .key = 'h', .action = 'h',
	  .label = N_("Hand off"), .help = N_("Hand off to an agent or a team (a note is required)") },
	{ .modes = INQ_VIEW, .key = 'e', .action = 'e',
	  .label = N_("Escalate"), .help = N_("Escalate to the supervisors") },
	{ .modes = INQ_VIEW, .key = 'r', .action = 'r',
	  .label = N_("Resolve"), .help = N_("Mark the inquiry resolved (a note may say how)") },
	{ .modes = INQ_VIEW, .key = 'o', .action = 'o',
	  .label = N_("Reopen"), .help = N_("Reopen a resolved or closed inquiry") },
	{ .modes = INQ_VIEW, .key = 'n', .action = 'n',
	  .label = N_("Note"), .help = N_("Add a note (or a call)") },
	{ .modes = INQ_VIEW, .key = 'w', .action = 'w',
	  .label = N_("Waiting"), .help = N_("Mark it waiting on the customer") },
	{ .modes = INQ_VIEW, .key = 'c', .action = 'c',
	  .label = N_("Close"), .help = N_("Close the inquiry") },
	{ .modes = M(INQUIRY_KM_PROMPT), .req = REQ_SAVE,
	  .label = N_("Do it"), .help = N_("Do what the prompt asks, with what you typed") },
	{ .modes = M(INQUIRY_KM_PROMPT), .req = REQ_BACK,
	  .label = N_("Drop"), .help = N_("Drop the prompt: nothing is done (asks first if you typed)") },
	FORM_TYPED(M(INQUIRY_KM_PROMPT)),
	{ .modes = M(INQUIRY_KM_PICK), .key = 'a', .last = 'z', .action = KEYS_TYPED,
	  .help = N_("Letters, kana or kanji narrow the list to the agents and teams whose name, reading or login holds them") },
	{ .modes = M(INQUIRY_KM_PICK), .req = REQ_ENTER,
	  .label = N_("Pick"), .help = N_("Hand off to the selected agent or team (a note is asked next)") },
	{ .modes = M(INQUIRY_KM_PICK), .req = REQ_BACK,
	  .label = N_("Drop"), .help = N_("Drop the handoff: nothing is done") },
	{ .modes = M(INQUIRY_KM_OUTCOME), .key = '1', .last = '5', .action = '1',
	  .label = N_("Outcome"), .help = N_("The outcome of that number") },
	{ .modes = M(INQUIRY_KM_OUTCOME), .req = REQ_ENTER,
	  .label = N_("Pick"), .help = N_("The selected outcome (a note, or the time to call again, is asked next)") },
	{ .modes = M(INQUIRY_KM_OUTCOME), .req = REQ_BACK,
	  .label = N_("Drop"), .help = N_("Drop the outcome: nothing is recorded") },
	END
};

const struct keys_local inquiry_queue_keys[] = {
	{ .key = '1', .last = '9', .action = '1',
	  .help = N_("Show that queue (the tabs, counted from the left)") },
	{ .key = 's', .action = 's',
	  .label = N_("Sort"), .help = N_("Sort the list the next way") },
	{ .req = REQ_LEFT, .help = N_("The queue to the left") },
	{ .req = REQ_RIGHT, .help = N_("The queue to the right") },
	{ .req = REQ_ENTER, .help = N_("Open the selected inquiry") },
	END
};

const struct keys_local dashboard_keys[] = {
	{ .key = 'r', .action = 'r',
	  .label = N_("Reports"), .help = N_("The supervisors' reports: continuation, media, retention, workload, segments") },
	{ .key = 'a', .action = 'a',
	  .label = N_("Reassign"), .help = N_("Reassign the selected inquiry: hand it off to an agent or a team") },
	{ .req = REQ_ENTER, .help = N_("Open the selected inquiry") },
	END
};

const struct keys_local order_detail_keys[] = {
	{ .modes = M(ORDER_DETAIL_KM_VIEW), .req = REQ_EDIT,
	  .label = N_("Change"), .help = N_("Change the order before it ships") },
	{ .modes = M(ORDER_DETAIL_KM_VIEW), .key = 'c', .alt = 'C', .action = 'c',
	  .label = N_("Cancel order"), .help = N_("Cancel the order: asks the reason, then yes or no") },
	{ .modes = M(ORDER_DETAIL_KM_VIEW), .key = 'r', .alt = 'R', .action = 'r',
	  .label = N_("Returned"), .help = N_("Mark the order returned: asks the reason, then yes or no") },
	{ .modes = M(ORDER_DETAIL_KM_FORM), .req = REQ_BACK,
	  .help = N_("Leave the form: nothing is saved") },
	FORM_TYPED(M(ORDER_DETAIL_KM_FORM)),
	{ .modes = M(ORDER_DETAIL_KM_CONFLICT), .key = ' ', .action = ' ',
	  .help = N_("Switch the selected field between your value and the one saved by the other agent") },
	{ .modes = M(ORDER_DETAIL_KM_CONFLICT), .req = REQ_SAVE,
	  .help = N_("Save what you chose against the version stored now") },
	{ .modes = M(ORDER_DETAIL_KM_ASK_SUB), .key = 'c', .alt = 'C', .action = 'c',
	  .label = N_("Cancel it too"), .help = N_("Cancel the subscription of this order too") },
	{ .modes = M(ORDER_DETAIL_KM_ASK_SUB), .key = 'k', .alt = 'K', .action = 'k',
	  .label = N_("Keep it"), .help = N_("Keep the subscription: its next delivery becomes delivery 1") },
	{ .modes = M(ORDER_DETAIL_KM_ASK_SUB), .req = REQ_BACK,
	  .help = N_("Back to the reason") },
	END
};

const struct keys_local order_entry_keys[] = {
	{ .modes = M(ORDER_ENTRY_KM_EDIT), .req = REQ_EDIT,
	  .label = N_("Swap"), .help = N_("Swap the selected line for the suggested product") },
	{ .modes = M(ORDER_ENTRY_KM_EDIT), .req = REQ_SAVE,
	  .label = N_("Confirm"), .help = N_("Check every field and show the order confirmation") },
	{ .modes = M(ORDER_ENTRY_KM_EDIT), .req = REQ_DELETE,
	  .label = N_("Remove"), .help = N_("Remove the selected line (asks first)") },
	{ .modes = M(ORDER_ENTRY_KM_EDIT), .req = REQ_PAGE_UP,
	  .help = N_("Select the line above") },
	{ .modes = M(ORDER_ENTRY_KM_EDIT), .req = REQ_PAGE_DOWN,
	  .help = N_("Select the line below") },
	{ .modes = M(ORDER_ENTRY_KM_EDIT), .req = REQ_ENTER,
	  .help = N_("In the product field: find the product; in the quantity field: the next product; elsewhere: the next field") },
	FORM_TYPED(M(ORDER_ENTRY_KM_EDIT)),
	{ .modes = M(ORDER_ENTRY_KM_EDIT), .key = '1', .last = '9', .action = KEYS_TYPED,
	  .label = N_("previous products"),
	  .help = N_("In the empty product field: add the previous product of that number, quantity 1 (a SKU that starts with a digit: type a space first)") },
	{ .modes = M(ORDER_ENTRY_KM_PICK), .key = '1', .last = '9', .action = '1',
	  .label = N_("Pick"), .help = N_("Pick the product of that number") },
	{ .modes = M(ORDER_ENTRY_KM_PICK), .req = REQ_ENTER,
	  .help = N_("Pick the selected product") },
	{ .modes = M(ORDER_ENTRY_KM_PICK), .req = REQ_BACK,
	  .help = N_("Back to the order without a product") },
	{ .modes = M(ORDER_ENTRY_KM_CONFIRM), .key = 'b', .alt = 'B', .action = 'b',
	  .label = N_("Bundle"), .help = N_("Ship together with the next order or delivery offered (again: the one after, then none)") },
	{ .modes = M(ORDER_ENTRY_KM_CONFIRM), .req = REQ_SAVE,
	  .label = N_("Place order"), .help = N_("Place the order as confirmed") },
	{ .modes = M(ORDER_ENTRY_KM_CONFIRM), .req = REQ_ENTER,
	  .help = N_("Place the order as confirmed") },
	{ .modes = M(ORDER_ENTRY_KM_CONFIRM), .req = REQ_BACK,
	  .help = N_("Back to the order: nothing is saved yet") },
	{ .modes = M(ORDER_ENTRY_KM_CHOOSE), .key = '1', .last = '9', .action = KEYS_TYPED,
	  .help = N_("Payment, date or time: the number picks it; media codes: narrows the list like a letter") },
	{ .modes = M(ORDER_ENTRY_KM_CHOOSE), .req = REQ_ENTER,
	  .help = N_("Pick the selected line") },
	{ .modes = M(ORDER_ENTRY_KM_CHOOSE), .req = REQ_BACK,
	  .help = N_("Back to the order: nothing is chosen") },
	END
};

const struct keys_local subs_list_keys[] = {
	{ .req = REQ_EDIT,
	  .label = N_("Change"), .help = N_("Change the selected subscription") },
	{ .req = REQ_DELETE,
	  .label = N_("Cancel"), .help = N_("Cancel the selected subscription (the retention step first)") },
	{ .req = REQ_ENTER,
	  .help = N_("Do the first option marked, or show the selected subscription") },
	{ .req = REQ_BACKSPACE, .help = N_("Clear the option of the selected line") },
	{ .key = '2', .action = '2', .help = N_("Option column: change") },
	{ .key = '4', .action = '4', .help = N_("Option column: cancel") },
	{ .key = '5', .action = '5', .help = N_("Option column: show") },
	{ .key = '7', .action = '7', .help = N_("Option column: skip a delivery") },
	{ .key = '8', .action = '8', .help = N_("Option column: pause") },
	{ .key = ' ', .action = ' ', .help = N_("Clear the option of the selected line") },
	END
};

const struct keys_local subs_view_keys[] = {
	{ .req = REQ_EDIT,
	  .label = N_("Change"), .help = N_("Change the subscription: cycle, date, products, address, payment, slot") },
	{ .req = REQ_DELETE,
	  .label = N_("Cancel"), .help = N_("Cancel the subscription (the retention step first)") },
	{ .key = 's', .alt = 'S', .action = 's',
	  .label = N_("Skip"), .help = N_("Skip a delivery") },
	{ .key = 'u', .alt = 'U', .action = 'u',
	  .label = N_("Unskip"), .help = N_("Take a skip back") },
	{ .key = 'p', .alt = 'P', .action = 'p',
	  .label = N_("Pause"), .help = N_("Pause until a date or for a number of deliveries") },
	{ .key = 'r', .alt = 'R', .action = 'r',
	  .label = N_("Resume"), .help = N_("Resume a paused subscription") },
	{ .key = 'c', .alt = 'C', .action = 'c',
	  .label = N_("Change"), .help = N_("Change the subscription, like F4") },
	{ .key = 'x', .alt = 'X', .action = 'x',
	  .label = N_("Cancel"), .help = N_("Cancel the subscription, like F8") },
	{ .key = 'd', .alt = 'D', .action = 'd',
	  .label = N_("Drop reservation"), .help = N_("Drop a reserved change or a reserved cancel") },
	END
};

const struct keys_local subs_request_keys[] = {
	{ .modes = M(SUBS_REQUEST_KM_FORM), .req = REQ_SAVE,
	  .label = N_("Preview"), .help = N_("Show the preview: old and new dates and prices (nothing is changed yet)") },
	FORM_TYPED(M(SUBS_REQUEST_KM_FORM)),
	{ .modes = M(SUBS_REQUEST_KM_FORM), .key = '1', .last = '9', .action = KEYS_TYPED,
	  .help = N_("On the reason list: the reason of that number, and the preview straight away") },
	{ .modes = M(SUBS_REQUEST_KM_PREVIEW), .req = REQ_SAVE,
	  .label = N_("Confirm"), .help = N_("Confirm the request as previewed") },
	{ .modes = M(SUBS_REQUEST_KM_PREVIEW), .key = 'y', .alt = 'Y', .action = 'y',
	  .label = N_("Confirm"), .help = N_("Confirm the request as previewed, like F5") },
	{ .modes = M(SUBS_REQUEST_KM_PREVIEW) | M(SUBS_REQUEST_KM_CONFLICT), .req = REQ_EDIT,
	  .label = N_("Change"), .help = N_("Back to the request form to change it") },
	{ .modes = M(SUBS_REQUEST_KM_CONFLICT), .req = REQ_SAVE,
	  .label = N_("Preview"), .help = N_("Preview again against what is stored now") },
	END
};

const struct keys_local customer_form_keys[] = {
	FORM_TYPED(M(CUSTOMER_FORM_KM_EDIT)),
	{ .modes = M(CUSTOMER_FORM_KM_CONFLICT), .key = ' ', .action = ' ',
	  .help = N_("Switch the selected field between your value and the one saved by the other agent") },
	END
};

const struct keys_local history_keys[] = {
	{ .modes = M(HISTORY_KM_LIST), .key = 'a', .alt = 'A', .action = 'a',
	  .label = N_("As of"), .help = N_("Show what was stored as of a time (the selected change's, to start with)") },
	{ .modes = M(HISTORY_KM_LIST), .key = 'r', .alt = 'R', .action = 'r',
	  .label = N_("Revert"), .help = N_("Revert the selected change (supervisors; asks the reason)") },
	{ .modes = M(HISTORY_KM_LIST), .req = REQ_ENTER,
	  .help = N_("Show the selected change in full") },
	{ .modes = M(HISTORY_KM_LIST), .req = REQ_FILTERS,
	  .help = N_("Filter the changes shown") },
	{ .modes = M(HISTORY_KM_OTHER), .req = REQ_ENTER,
	  .help = N_("Back to the list of changes") },
	{ .modes = M(HISTORY_KM_OTHER), .req = REQ_BACK,
	  .help = N_("Back to the list of changes") },
	{ .modes = M(HISTORY_KM_FILTER), .req = REQ_SAVE,
	  .label = N_("Apply"), .help = N_("Show the changes the filters let through") },
	{ .modes = M(HISTORY_KM_FILTER), .req = REQ_CLEAR,
	  .help = N_("Empty every filter and show every change") },
	{ .modes = M(HISTORY_KM_FILTER) | M(HISTORY_KM_PROMPT), .req = REQ_BACK,
	  .help = N_("Back to the list: nothing is done") },
	{ .modes = M(HISTORY_KM_PROMPT), .req = REQ_ENTER,
	  .help = N_("Accept what you typed") },
	FORM_TYPED(M(HISTORY_KM_FILTER) | M(HISTORY_KM_PROMPT)),
	END
};

const struct screen_keys_info screen_keys_all[] = {
	{ "inquiry", inquiry_keys, INQUIRY_KM_COUNT },
	{ "inquiry_queue", inquiry_queue_keys, 1 },
	{ "dashboard", dashboard_keys, 1 },
	{ "home", home_keys, 1 },
	{ "report", report_keys, REPORT_KM_COUNT },
	{ "order", order_detail_keys, ORDER_DETAIL_KM_COUNT },
	{ "order_entry", order_entry_keys, ORDER_ENTRY_KM_COUNT },
	{ "subscription_list", subs_list_keys, 1 },
	{ "subscription", subs_view_keys, 1 },
	{ "subscription_request", subs_request_keys, SUBS_REQUEST_KM_COUNT },
	{ "customer_form", customer_form_keys, CUSTOMER_FORM_KM_COUNT },
	{ "history", history_keys, HISTORY_KM_COUNT },
	{ "lookup", lookup_keys, 1 },
	{ "calllist", calllist_keys, CALLLIST_KM_COUNT },
	{ "customer", customer_card_keys, 1 },
	{ "saved_filters", saved_filters_keys, 1 },
	{ "order_list", order_list_keys, 1 },
	{ "filters", form_screen_keys, 1 },
	{ "wrapup", form_screen_keys, 1 },
	{ NULL, NULL, 0 }
};
