/* chart.h: bar charts drawn with Unicode blocks, for the reports.
 *
 * A chart is a struct table of bars (report.h): column 0 the label,
 * column 1 the value (a number >= 0: an integer or a decimal), column 2
 * the text shown beside the bar ("81.2%", "¥1,234"). Each bar is one line:
 * the label cut or padded to a width, the bar in full blocks (█) and one
 * eighth-block (▏▎▍▌▋▊▉) for the rest, then the text. Widths are display
 * widths (Japanese labels line up). Pure: no I/O. */
#ifndef REPEATDESK_CHART_H
#define REPEATDESK_CHART_H

#include <stdbool.h>

#include "repeatdesk/sbuf.h"
#include "repeatdesk/table.h"

struct chart_layout {
	int label_width;  /* columns of the label */
	int bar_width;    /* columns of the longest bar */
	int shown_width;  /* columns of the text beside */
	double max;       /* the value a full bar stands for (> 0) */
};

/* Lays a chart out in cols columns (at least 30): labels get what the
 * longest needs up to a third of cols, the text beside what the longest
 * needs, the bar the rest. percent: a full bar is 100, else the largest
 * value. */
void chart_layout_fit(const struct table *chart, bool percent, int cols,
		      struct chart_layout *out);

/* Appends bar row of the chart as one line of exactly the layout's
 * columns (label, space, bar padded, space, text), no line end. */
void chart_format_row(const struct table *chart, int row,
		      const struct chart_layout *l, struct sbuf *out);

/* The bar of value in width columns against max: full blocks and one
 * partial block, at most width columns, no padding. */
void chart_bar(double value, double max, int width, struct sbuf *out);

/* The whole chart in cols columns: title line (when not NULL or ""),
 * then one line per bar, each ended by '\n'. */
void chart_render(const struct table *chart, const char *title, bool percent,
		  int cols, struct sbuf *out);

#endif
