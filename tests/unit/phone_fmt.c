/* phone_fmt.c: formats one stored phone number a line (phone_format), for
 * tests/unit/check-phone-vs-libphonenumber.sh. */
#include <stdio.h>
#include <string.h>

#include "repeatdesk/phone.h"

int main(void)
{
	char line[256];
	struct sbuf sb;

	sbuf_init(&sb);
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\r\n")] = '\0';
		sbuf_reset(&sb);
		phone_format(&sb, line);
		printf("%s\t%s\n", line, sb.buf);
	}
	sbuf_done(&sb);
	return 0;
}
