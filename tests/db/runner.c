/* runner.c: the one runner of the database integration suites.
 *
 * Run it through tests/lib/pgtmp.sh, which creates a throwaway cluster,
 * applies the migrations and exports where it is. Each suite lives in
 * tests/db/check_<area>.c and exports <area>_suite(); a suite that is not
 * linked is reported and fails the run, so none can silently drop out. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#define DB_SUITES(X) X(schema) X(history) X(roles)

#define DECLARE(name) Suite *name##_suite(void) __attribute__((weak));
DB_SUITES(DECLARE)
#undef DECLARE

int main(void)
{
	static const struct {
		const char *name;
		Suite *(*fn)(void);
	} suites[] = {
#define ENTRY(name) { #name, name##_suite },
		DB_SUITES(ENTRY)
#undef ENTRY
	};
	SRunner *sr = NULL;
	int missing = 0;

	if (!getenv("PGHOST") || !getenv("RD_TEST_ADMIN")) {
		fprintf(stderr, "check_db: no test database; run it as "
				"tests/lib/pgtmp.sh tests/db/check_db\n");
		return EXIT_FAILURE;
	}
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (!suites[i].fn) {
			fprintf(stderr, "db suite '%s' is not linked\n",
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
	srunner_free(sr);
	return (failed == 0 && missing == 0) ? EXIT_SUCCESS : EXIT_FAILURE;
}
