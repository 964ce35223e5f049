/* debounce.c: run a search once the typing pauses (debounce.h). */
#include "debounce.h"

void debounce_init(struct debounce *d, int delay_ms)
{
	d->delay_ms = delay_ms > 0 ? delay_ms : 0;
	d->due = 0;
	d->edits = 0;
}

void debounce_edit(struct debounce *d, long long now)
{
	d->edits++;
	d->due = now + d->delay_ms;
	/* 0 means "nothing pending": a clock at 0 still owes the search */
	if (d->due <= 0)
		d->due = 1;
}

bool debounce_pending(const struct debounce *d)
{
	return d->due != 0;
}

long long debounce_due(const struct debounce *d)
{
	return d->due;
}

bool debounce_fire(struct debounce *d, long long now)
{
	if (d->due == 0 || now < d->due)
		return false;
	d->due = 0;
	return true;
}

bool debounce_flush(struct debounce *d)
{
	bool was = d->due != 0;

	d->due = 0;
	return was;
}

void debounce_cancel(struct debounce *d)
{
	d->due = 0;
}
