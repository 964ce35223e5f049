/* cli_number.c: the one reader of numbers given on the command line
 * (cli_internal.h). */
#include "cli_internal.h"

#include <string.h>

#include "repeatdesk/i18n.h"
#include "repeatdesk/textcheck.h"

/* above this, "from LO to HI" is no help to anyone: "LO or more" */
#define CLI_NUMBER_OPEN_ENDED 1000000000000000LL

int cli_number(struct cli *cli, const char *what, const char *s, long long lo,
	       long long hi, long long *out)
{
	char q[40];

	if (textcheck_whole(s, lo, hi, out))
		return 0;
	if (!s)
		s = "";
	rd_quote_input(s, strlen(s), q, sizeof(q));
	if (hi >= CLI_NUMBER_OPEN_ENDED)
		return cli_fail(cli, RD_USAGE, _("%s needs a whole number of %lld or more, not '%s'"),
				what, lo, q);
	return cli_fail(cli, RD_USAGE, _("%s needs a whole number from %lld to %lld, not '%s'"),
			what, lo, hi, q);
}

int cli_number_int(struct cli *cli, const char *what, const char *s, int lo, int hi, int *out)
{
	long long v;
	int rc = cli_number(cli, what, s, lo, hi, &v);

	if (rc == 0)
		*out = (int)v;
	return rc;
}
