/* chart.c: bar charts drawn with Unicode blocks (chart.h). */
#include "repeatdesk/chart.h"
#include "repeatdesk/width.h"

#include <math.h>
#include <stdlib.h>

#define CHART_MIN_COLS 30

/* U+2588 FULL BLOCK, then U+2589..U+258F: seven eighths down to one. */
static const char *const eighths[8] = {
	"", "\xE2\x96\x8F", "\xE2\x96\x8E", "\xE2\x96\x8D", "\xE2\x96\x8C",
	"\xE2\x96\x8B", "\xE2\x96\x8A", "\xE2\x96\x89",
};
#define FULL_BLOCK "\xE2\x96\x88"

static double value_of(const struct table *chart, int row)
{
	const char *v = table_cell(chart, row, 1);
	double d = v ? strtod(v, NULL) : 0.0;

	return isfinite(d) && d > 0.0 ? d : 0.0;
}

static const char *text_of(const struct table *chart, int row, int col)
{
	const char *v = table_cell(chart, row, col);

	return v ? v : "";
}

void chart_layout_fit(const struct table *chart, bool percent, int cols,
		      struct chart_layout *out)
{
	int label = 1, shown = 0, rows = table_rows(chart);
	double max = 0.0;

	if (cols < CHART_MIN_COLS)
		cols = CHART_MIN_COLS;
	for (int r = 0; r < rows; r++) {
		int lw = width_str(text_of(chart, r, 0));
		int sw = width_str(text_of(chart, r, 2));
		double v = value_of(chart, r);

		label = lw > label ? lw : label;
		shown = sw > shown ? sw : shown;
		max = v > max ? v : max;
	}
	if (label > cols / 3)
		label = cols / 3;
	if (shown > cols / 4)
		shown = cols / 4;
	out->label_width = label;
	out->shown_width = shown;
	out->bar_width = cols - label - shown - 2;
	out->max = percent ? (max > 100.0 ? max : 100.0) : (max > 0.0 ? max : 1.0);
}

void chart_bar(double value, double max, int width, struct sbuf *out)
{
	/* block elements are of ambiguous width: two columns each on a
	 * terminal set to draw them wide (width.h) */
	int cell = width_cp(0x2588) > 1 ? 2 : 1;
	int chars = width / cell;
	long eighths_total;

	if (!(max > 0.0) || !(value > 0.0) || chars <= 0)
		return;
	if (value > max)
		value = max;
	eighths_total = lround(value / max * (double)chars * 8.0);
	if (eighths_total < 1)
		eighths_total = 1;  /* a value above zero is never invisible */
	for (long i = 0; i < eighths_total / 8; i++)
		sbuf_adds(out, FULL_BLOCK);
	sbuf_adds(out, eighths[eighths_total % 8]);
}

void chart_format_row(const struct table *chart, int row,
		      const struct chart_layout *l, struct sbuf *out)
{
	struct sbuf bar;
	int used;

	width_fit_ellipsis(out, text_of(chart, row, 0), l->label_width);
	sbuf_addc(out, ' ');
	sbuf_init(&bar);
	chart_bar(value_of(chart, row), l->max, l->bar_width, &bar);
	used = width_str(bar.buf ? bar.buf : "");
	if (bar.buf)
		sbuf_adds(out, bar.buf);
	for (; used < l->bar_width; used++)
		sbuf_addc(out, ' ');
	sbuf_done(&bar);
	sbuf_addc(out, ' ');
	width_fit_right(out, text_of(chart, row, 2), l->shown_width);
}

void chart_render(const struct table *chart, const char *title, bool percent,
		  int cols, struct sbuf *out)
{
	struct chart_layout l;

	if (title && *title) {
		sbuf_adds(out, title);
		sbuf_addc(out, '\n');
	}
	chart_layout_fit(chart, percent, cols, &l);
	for (int r = 0; r < table_rows(chart); r++) {
		chart_format_row(chart, r, &l, out);
		sbuf_addc(out, '\n');
	}
}
