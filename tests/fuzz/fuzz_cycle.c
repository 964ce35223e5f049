/* fuzz_cycle.c: fuzz target for the cycle spec parser, describe and
 * next-date rules (and the ISO date parser on the same bytes).
 *
 * Properties checked (abort() on a breach, so the fuzzer reports it):
 * - parsing never reads past the input and always sets a message on
 *   failure;
 * - a parsed cycle is valid, formats to a canonical spec that parses back
 *   to an equal cycle and formats identically;
 * - next() strictly increases and lands where the spec says (weekday,
 *   day of month) from several start dates;
 * - a parsed ISO date formats back to the same text.
 *
 * Plain build (make): fuzz_cycle FILE... replays each file once.
 * libFuzzer:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -DRD_LIBFUZZER \
 *     -include config.h -Iinclude tests/fuzz/fuzz_cycle.c \
 *     src/core/cycle.c src/core/date.c src/core/status.c \
 *     src/core/sbuf.c src/core/xalloc.c -o fuzz_cycle
 *   ./fuzz_cycle tests/fuzz/corpus/cycle */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/cycle.h"
#include "repeatdesk/date.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok, const char *what, const char *input)
{
	if (!ok) {
		fprintf(stderr, "fuzz_cycle: %s (input '%s')\n", what, input);
		abort();
	}
}

static void check_steps(const struct cycle *c, const char *input)
{
	static const int start[][3] = {
		{ 2026, 1, 31 }, { 2028, 2, 29 }, { 2099, 12, 31 },
		{ 1900, 1, 1 }, { 2026, 6, 17 },
	};

	for (size_t i = 0; i < sizeof(start) / sizeof(start[0]); i++) {
		int32_t d = date_from_ymd(start[i][0], start[i][1], start[i][2]);

		for (int k = 0; k < 8; k++) {
			int32_t next = cycle_next(c, d);
			int y, m, md, dim;

			require(next > d, "next() did not move forward", input);
			date_to_ymd(next, &y, &m, &md);
			dim = date_days_in_month(y, m);
			switch (c->kind) {
			case CYCLE_DAYS:
				require(next - d == c->n, "Nd step", input);
				break;
			case CYCLE_WEEKS:
				require((int)date_weekday(next) == c->wday,
					"Nw weekday", input);
				break;
			case CYCLE_MONTH_DAY:
				require(md == (c->mday < dim ? c->mday : dim),
					"Nm:D day", input);
				break;
			case CYCLE_MONTH_LAST:
				require(md == dim, "Nm:last day", input);
				break;
			case CYCLE_MONTH_NTH_WDAY:
				require((int)date_weekday(next) == c->wday,
					"Nm:KDOW weekday", input);
				require((md - 1) / 7 + 1 == c->nth
					|| (c->nth == 5 && md + 7 > dim),
					"Nm:KDOW week", input);
				break;
			case CYCLE_MONTH_LAST_WDAY:
				require((int)date_weekday(next) == c->wday
					&& md + 7 > dim, "Nm:lastDOW", input);
				break;
			}
			d = next;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rd_error err;
	struct cycle c, again;
	struct sbuf sb;
	char spec[CYCLE_SPEC_SIZE], spec2[CYCLE_SPEC_SIZE];
	char iso[DATE_ISO_SIZE];
	char *s;
	int32_t day;

	/* The parsers take C strings: an embedded NUL ends the input. */
	s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';

	rd_error_clear(&err);
	if (cycle_parse(s, &c, &err) == RD_OK) {
		require(cycle_valid(&c), "parsed cycle not valid", s);
		cycle_format(&c, spec);
		require(spec[0] != '\0', "empty canonical spec", s);
		require(cycle_parse(spec, &again, NULL) == RD_OK,
			"canonical spec does not parse", s);
		require(cycle_equal(&c, &again), "round trip changed cycle", s);
		require(strcmp(cycle_format(&again, spec2), spec) == 0,
			"canonical spec not stable", s);
		sbuf_init(&sb);
		cycle_describe(&c, &sb);
		require(sb.len > 0 && strncmp(sb.buf, "every", 5) == 0,
			"describe", s);
		sbuf_done(&sb);
		check_steps(&c, s);
	} else {
		require(err.status == RD_INVALID && err.msg[0] != '\0',
			"failure without a message", s);
		require(strchr(err.msg, '\n') == NULL, "message not one line", s);
	}

	rd_error_clear(&err);
	if (date_parse_iso(s, &day, &err) == RD_OK)
		require(strcmp(date_format_iso(day, iso), s) == 0,
			"ISO date round trip", s);
	else
		require(err.msg[0] != '\0', "date failure without message", s);

	free(s);
	return 0;
}

#ifndef RD_LIBFUZZER
int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf = NULL;
		size_t len = 0, cap = 0, n;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		do {
			if (len == cap) {
				cap = cap ? cap * 2 : 4096;
				buf = xrealloc(buf, cap);
			}
			n = fread(buf + len, 1, cap - len, f);
			len += n;
		} while (n > 0);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		printf("%s: ok\n", argv[i]);
	}
	return 0;
}
#endif
