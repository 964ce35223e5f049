/* main.c: picks a front end. Everything else lives in cli/ and ui/. */
#include "repeatdesk/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
