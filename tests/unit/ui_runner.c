/* ui_runner.c: the runner of the ui unit suites (pure ui code, no curses).
 *
 * Same rules as runner.c: each suite is tests/unit/check_ui_<part>.c and
 * exports ui_<part>_suite(); a suite that is not linked fails the run. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define UI_SUITES(X) X(ui_keys) X(ui_layout) X(ui_dialog) X(ui_shell) X(ui_home) \
	X(ui_form) X(ui_customer) X(ui_history) \
	X(ui_subscription) X(ui_inquiry) X(ui_order) X(ui_pick_list) \
	X(ui_amounts) X(ui_report)

#define DECLARE(name) Suite *name##_suite(void) __attribute__((weak));
UI_SUITES(DECLARE)
#undef DECLARE

int main(void)
{
	static const struct {
		const char *name;
		Suite *(*fn)(void);
	} suites[] = {
#define ENTRY(name) { #name, name##_suite },
		UI_SUITES(ENTRY)
#undef ENTRY
	};
	SRunner *sr = NULL;
	int missing = 0, failed, run;

	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (!suites[i].fn) {
			fprintf(stderr, "ui suite '%s' is not linked\n",
				suites[i].name);
			missing++;
			continue;
		}
		if (!sr)
			sr = srunner_create(suites[i].fn());
		else
			srunner_add_suite(sr, suites[i].fn());
	}
	if (!sr)
		return EXIT_FAILURE;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	run = srunner_ntests_run(sr);
	/* fd 9 (AM_TESTS_FD_REDIRECT) reaches the terminal under make check */
	if (fcntl(9, F_GETFD) != -1)
		dprintf(9, "ui: Checks: %d, Failures: %d\n", run, failed);
	srunner_free(sr);
	return (failed == 0 && missing == 0) ? EXIT_SUCCESS : EXIT_FAILURE;
}
