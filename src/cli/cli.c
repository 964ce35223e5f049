/* cli.c: global options and subcommand dispatch (placeholder until the shell lands). */
#include "repeatdesk/cli.h"

#include <stdio.h>

int cli_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("repeatdesk: the command line is being built\n", stderr);
	return 2;
}
