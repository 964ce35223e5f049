/* cli.h: the command line, and the choice between it and the terminal UI.
 *
 * cli_main parses the global options; with a subcommand it runs it, without
 * one it connects and hands over to ui_run(). Returns a process exit code
 * (DESIGN.md: 0 done, 1 refused/not found, 2 usage/input, 3 unavailable). */
#ifndef REPEATDESK_CLI_H
#define REPEATDESK_CLI_H

int cli_main(int argc, char **argv);

#endif
