/* runner.c: the one runner of the core unit suites.
 *
 * Each suite lives in tests/unit/check_<module>.c and exports
 * <module>_suite(). They are declared weak here so that the runner lists
 * every suite in one place; a suite whose file is not linked is reported
 * as missing and fails the run, so a suite cannot silently drop out. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define UNIT_SUITES(X) \
	X(status) X(sbuf) \
	X(date) X(cycle) \
	X(width) X(normalize) X(table) X(ini) X(csv) X(json) X(money) \
	X(seedgen) X(formspec) X(pricing) X(subrule) \
	X(history_text) X(pan) \
	X(textcheck) X(jpholiday) X(calendar) \
	X(phone) X(chart)

#define DECLARE(name) Suite *name##_suite(void) __attribute__((weak));
UNIT_SUITES(DECLARE)
#undef DECLARE

int main(void)
{
	static const struct {
		const char *name;
		Suite *(*fn)(void);
	} suites[] = {
#define ENTRY(name) { #name, name##_suite },
		UNIT_SUITES(ENTRY)
#undef ENTRY
	};
	SRunner *sr = NULL;
	int missing = 0;

	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (!suites[i].fn) {
			fprintf(stderr, "unit suite '%s' is not linked\n",
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
	int failed = srunner_ntests_failed(sr);
	int run = srunner_ntests_run(sr);
	/* make check keeps stdout in the log; fd 9 (AM_TESTS_FD_REDIRECT)
	 * reaches the terminal, so the summary shows there too */
	if (fcntl(9, F_GETFD) != -1)
		dprintf(9, "unit: Checks: %d, Failures: %d, Errors: 0\n", run, failed);
	srunner_free(sr);
	return (failed == 0 && missing == 0) ? EXIT_SUCCESS : EXIT_FAILURE;
}
