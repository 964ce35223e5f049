/* pgtrace.c: pgbench scripts made from what store/ really sends (see
 * pgtrace.h). */
#include "pgtrace.h"
#include "benchutil.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		abort();
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		abort();
	return p;
}

void pgtrace_init(struct pgtrace *t)
{
	memset(t, 0, sizeof(*t));
}

void pgtrace_free(struct pgtrace *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct pgtrace_stmt *s = &t->s[i];

		for (int k = 0; k < s->nparams; k++) {
			free(s->params[k]);
			free(s->vars[k]);
		}
		free(s->params);
		free(s->vars);
		free(s->sql);
		free(s->gset);
	}
	free(t->s);
	pgtrace_init(t);
}

static void record(void *arg, const char *sql, int nparams, const char *const *params)
{
	struct pgtrace *t = arg;
	struct pgtrace_stmt *s;

	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->s = realloc(t->s, t->cap * sizeof(*t->s));
		if (!t->s)
			abort();
	}
	s = &t->s[t->n++];
	memset(s, 0, sizeof(*s));
	s->at = bench_now_ms();
	s->sql = xstrdup(sql);
	s->nparams = nparams;
	s->params = xmalloc((size_t)(nparams ? nparams : 1) * sizeof(char *));
	s->vars = xmalloc((size_t)(nparams ? nparams : 1) * sizeof(char *));
	for (int k = 0; k < nparams; k++) {
		s->params[k] = params[k] ? xstrdup(params[k]) : NULL;
		s->vars[k] = NULL;
	}
}

void pgtrace_start(struct rd_db *db, struct pgtrace *t)
{
	db_trace(db, record, t);
}

void pgtrace_stop(struct rd_db *db)
{
	db_trace(db, NULL, NULL);
}

/* The column a statement ending in "RETURNING col" returns, or NULL. */
static char *returning_col(const char *sql)
{
	const char *p = NULL, *q;

	for (q = sql; (q = strstr(q, "RETURNING ")) != NULL; q++)
		p = q + strlen("RETURNING ");
	if (!p)
		return NULL;
	while (*p == ' ')
		p++;
	q = p;
	while (isalnum((unsigned char)*q) || *q == '_')
		q++;
	if (q == p || q - p > 60)
		return NULL;
	{
		char *col = xmalloc((size_t)(q - p) + 1);

		memcpy(col, p, (size_t)(q - p));
		col[q - p] = '\0';
		return col;
	}
}

int pgtrace_bind(struct pgtrace *t, const char *value, const char *producer)
{
	char prefix[32], var[128];
	char *col;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strstr(t->s[i].sql, producer) && !t->s[i].gset)
			break;
	if (i == t->n || !(col = returning_col(t->s[i].sql)))
		return -1;
	snprintf(prefix, sizeof(prefix), "r%d_", ++t->nbind);
	snprintf(var, sizeof(var), "%s%s", prefix, col);
	free(col);
	t->s[i].gset = xstrdup(prefix);
	for (size_t j = i + 1; j < t->n; j++)
		for (int k = 0; k < t->s[j].nparams; k++)
			if (t->s[j].params[k] && !t->s[j].vars[k] &&
			    strcmp(t->s[j].params[k], value) == 0)
				t->s[j].vars[k] = xstrdup(var);
	return 0;
}

int pgtrace_set_after(struct pgtrace *t, const char *match, const char *marker,
		      const char *value)
{
	int changed = 0;

	for (size_t i = 0; i < t->n; i++) {
		struct pgtrace_stmt *s = &t->s[i];
		const char *p;
		int k;

		if (!strstr(s->sql, match) || !(p = strstr(s->sql, marker)))
			continue;
		k = atoi(p + strlen(marker)) - 1;
		if (k < 0 || k >= s->nparams)
			continue;
		free(s->params[k]);
		s->params[k] = xstrdup(value);
		changed++;
	}
	return changed;
}

static bool is_uuid(const char *s)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

	if (!s || strlen(s) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == '-' ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

void pgtrace_fresh_uuids(struct pgtrace *t)
{
	char *from[16], *to[16];
	int nmap = 0;

	for (size_t i = 0; i < t->n; i++) {
		struct pgtrace_stmt *s = &t->s[i];

		for (int k = 0; k < s->nparams; k++) {
			int m;

			if (!is_uuid(s->params[k]))
				continue;
			for (m = 0; m < nmap; m++)
				if (strcmp(from[m], s->params[k]) == 0)
					break;
			if (m == nmap) {
				if (nmap == 16)
					continue;
				from[m] = xstrdup(s->params[k]);
				to[m] = xmalloc(37);
				snprintf(to[m], 37, "%08x-%04x-4%03x-8%03x-%04x%08x",
					 (unsigned)rand(), (unsigned)rand() & 0xffff,
					 (unsigned)rand() & 0xfff, (unsigned)rand() & 0xfff,
					 (unsigned)rand() & 0xffff, (unsigned)rand());
				nmap++;
			}
			free(s->params[k]);
			s->params[k] = xstrdup(to[m]);
		}
	}
	for (int m = 0; m < nmap; m++) {
		free(from[m]);
		free(to[m]);
	}
}

/* Copies a quoted literal starting at sql[i] (the quote; e: an E'' one)
 * to out, rewriting a colon as \x3a (in E'' form). Returns the index past
 * its closing quote. */
static size_t copy_literal(struct sbuf *out, const char *sql, size_t i, bool e)
{
	size_t j = i + 1;
	bool colon = false;

	/* find the end: '' is a quote inside; in E'', \' and \\ too */
	for (;;) {
		if (!sql[j])
			break;
		if (e && sql[j] == '\\' && sql[j + 1]) {
			j += 2;
			continue;
		}
		if (sql[j] == '\'') {
			if (sql[j + 1] == '\'') {
				j += 2;
				continue;
			}
			break;
		}
		if (sql[j] == ':')
			colon = true;
		j++;
	}
	if (!colon) {
		sbuf_add(out, sql + i, (sql[j] ? j + 1 : j) - i);
		return sql[j] ? j + 1 : j;
	}
	if (!e)
		sbuf_adds(out, "E");
	sbuf_adds(out, "'");
	for (size_t k = i + 1; k < j; k++) {
		if (sql[k] == ':')
			sbuf_adds(out, "\\x3a");
		else if (!e && sql[k] == '\\')
			sbuf_adds(out, "\\\\");
		else
			sbuf_add(out, sql + k, 1);
	}
	sbuf_adds(out, "'");
	return sql[j] ? j + 1 : j;
}

/* value as an E'' literal pgbench leaves alone (no colon). */
static void quote_value(struct sbuf *out, const char *v)
{
	sbuf_adds(out, "E'");
	for (; *v; v++) {
		if (*v == ':')
			sbuf_adds(out, "\\x3a");
		else if (*v == '\\')
			sbuf_adds(out, "\\\\");
		else if (*v == '\'')
			sbuf_adds(out, "''");
		else
			sbuf_addc(out, *v);
	}
	sbuf_adds(out, "'");
}

void pgtrace_pgbench_sql(struct sbuf *out, const struct pgtrace_stmt *s,
			 const char *const *vars)
{
	const char *sql = s->sql;
	size_t i = 0;
	/* pgbench sends each :name where it stands as a parameter of its
	 * own; a $n used again is typed by its first use in store/'s
	 * statement, so the later uses are sent as literals */
	unsigned char seen[256] = { 0 };

	while (sql[i]) {
		char c = sql[i];

		if (c == '\'') {
			bool e = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
				 (i < 2 || !(isalnum((unsigned char)sql[i - 2]) || sql[i - 2] == '_'));

			i = copy_literal(out, sql, i, e);
		} else if (c == '"') {
			size_t j = i + 1;

			while (sql[j] && sql[j] != '"')
				j++;
			sbuf_add(out, sql + i, (sql[j] ? j + 1 : j) - i);
			i = sql[j] ? j + 1 : j;
		} else if (c == '$' && isdigit((unsigned char)sql[i + 1]) &&
			   (i == 0 || !(isalnum((unsigned char)sql[i - 1]) || sql[i - 1] == '_'))) {
			int n = 0;

			i++;
			while (isdigit((unsigned char)sql[i]))
				n = n * 10 + (sql[i++] - '0');
			if (!vars || n < 1 || n > s->nparams)
				sbuf_printf(out, "$%d", n);
			else if (!s->params[n - 1] && !s->vars[n - 1])
				sbuf_adds(out, "NULL");
			else if (!s->vars[n - 1] && !s->params[n - 1][0])
				sbuf_adds(out, "''");  /* pgbench -D takes no empty value */
			else if (n < 256 && seen[n] && s->params[n - 1])
				quote_value(out, s->params[n - 1]);
			else
				sbuf_printf(out, ":%s", vars[n - 1]);
			if (n < 256)
				seen[n] = 1;
		} else {
			sbuf_add(out, sql + i, 1);
			i++;
		}
	}
}

void pgtrace_normalize(struct sbuf *out, const char *sql)
{
	bool space = false;
	size_t i = 0;

	while (sql[i] == ' ' || sql[i] == '\n' || sql[i] == '\t' || sql[i] == '\r')
		i++;
	while (sql[i]) {
		char c = sql[i];

		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			space = true;
			i++;
			continue;
		}
		if (space) {
			sbuf_adds(out, " ");
			space = false;
		}
		if (c == '\'' || ((c == 'E' || c == 'e') && sql[i + 1] == '\'' &&
				     (i == 0 || !(isalnum((unsigned char)sql[i - 1]) || sql[i - 1] == '_')))) {
			/* a literal is "?" too: a parameter may be sent as one */
			bool e = c != '\'';
			size_t j = i + (e ? 2 : 1);

			while (sql[j]) {
				if (e && sql[j] == '\\' && sql[j + 1]) {
					j += 2;
				} else if (sql[j] == '\'') {
					if (sql[j + 1] != '\'')
						break;
					j += 2;
				} else {
					j++;
				}
			}
			sbuf_adds(out, "?");
			i = sql[j] ? j + 1 : j;
		} else if (c == '$' && isdigit((unsigned char)sql[i + 1])) {
			i++;
			while (isdigit((unsigned char)sql[i]))
				i++;
			sbuf_adds(out, "?");
		} else if (c == ':' && sql[i + 1] == ':') {
			sbuf_adds(out, "::");
			i += 2;
		} else if (c == ':' && (isalnum((unsigned char)sql[i + 1]) || sql[i + 1] == '_')) {
			i++;
			while (isalnum((unsigned char)sql[i]) || sql[i] == '_')
				i++;
			sbuf_adds(out, "?");
		} else if (strncmp(sql + i, "NULL", 4) == 0 && !isalnum((unsigned char)sql[i + 4]) &&
			   sql[i + 4] != '_' && (i == 0 || !isalnum((unsigned char)sql[i - 1]))) {
			/* a null parameter is sent as NULL: both sides say ? */
			sbuf_adds(out, "?");
			i += 4;
		} else {
			sbuf_add(out, sql + i, 1);
			i++;
		}
	}
	while (out->len && out->buf[out->len - 1] == ';')
		out->buf[--out->len] = '\0';
}

void pgscript_init(struct pgscript *ps)
{
	memset(ps, 0, sizeof(*ps));
	sbuf_init(&ps->body);
}

void pgscript_free(struct pgscript *ps)
{
	for (size_t i = 0; i < ps->ndef; i++)
		free(ps->defines[i]);
	free(ps->defines);
	sbuf_done(&ps->body);
	memset(ps, 0, sizeof(*ps));
}

static void define(struct pgscript *ps, const char *name, const char *value)
{
	struct sbuf d;

	if (ps->ndef == ps->capdef) {
		ps->capdef = ps->capdef ? 2 * ps->capdef : 64;
		ps->defines = realloc(ps->defines, ps->capdef * sizeof(*ps->defines));
		if (!ps->defines)
			abort();
	}
	sbuf_init(&d);
	sbuf_printf(&d, "%s=%s", name, value);
	ps->defines[ps->ndef++] = xstrdup(d.buf);
	sbuf_done(&d);
}

void pgscript_add(struct pgscript *ps, const struct pgtrace *t)
{
	int ti = ++ps->ntrace;

	sbuf_printf(&ps->body, "\\%s :rd_i = %d\n", ti == 1 ? "if" : "elif", ti);
	for (size_t i = 0; i < t->n; i++) {
		const struct pgtrace_stmt *s = &t->s[i];
		char **names = xmalloc((size_t)(s->nparams ? s->nparams : 1) * sizeof(char *));

		for (int k = 0; k < s->nparams; k++) {
			char name[64];

			if (s->vars[k]) {
				names[k] = xstrdup(s->vars[k]);
				continue;
			}
			snprintf(name, sizeof(name), "t%d_%zu_%d", ti, i, k + 1);
			names[k] = xstrdup(name);
			if (s->params[k] && s->params[k][0])
				define(ps, name, s->params[k]);
		}
		pgtrace_pgbench_sql(&ps->body, s, (const char *const *)names);
		if (s->gset)
			sbuf_printf(&ps->body, " \\gset %s\n", s->gset);
		else
			sbuf_adds(&ps->body, ";\n");
		for (int k = 0; k < s->nparams; k++)
			free(names[k]);
		free(names);
	}
}

void pgscript_text(const struct pgscript *ps, struct sbuf *out)
{
	sbuf_adds(out, "\\set rd_i :rd_i + 1\n");
	sbuf_add(out, ps->body.buf, ps->body.len);
	if (ps->ntrace)
		sbuf_adds(out, "\\else\nSELECT 1;\n\\endif\n");
	else
		sbuf_adds(out, "SELECT 1;\n");
}

int pgscript_run(const struct pgscript *ps, const char *conninfo, const char *mode,
		 double **latp, size_t *nlatp, size_t *capp, char *errbuf, size_t errsz)
{
	char dir[] = "/tmp/rd-pgtrace.XXXXXX";
	char script[600], prefix[600], txs[16], errpath[600], cmd[700], path[700];
	char **argv;
	int argc = 0, status = 0, failed = 0;
	pid_t pid;
	FILE *f, *ls;
	struct sbuf text;
	double *lat = *latp;
	size_t nlat = *nlatp, cap = *capp, before = *nlatp;

	if (errsz)
		errbuf[0] = '\0';
	if (!mkdtemp(dir))
		return -1;
	snprintf(script, sizeof(script), "%s/script.sql", dir);
	snprintf(errpath, sizeof(errpath), "%s/stderr", dir);
	sbuf_init(&text);
	pgscript_text(ps, &text);
	f = fopen(script, "w");
	if (!f || fwrite(text.buf, 1, text.len, f) != text.len) {
		if (f)
			fclose(f);
		sbuf_done(&text);
		return -1;
	}
	fclose(f);
	sbuf_done(&text);
	snprintf(prefix, sizeof(prefix), "--log-prefix=%s/log", dir);
	snprintf(txs, sizeof(txs), "%d", ps->ntrace);
	argv = xmalloc((2 * ps->ndef + 24) * sizeof(char *));
	argv[argc++] = "pgbench";
	argv[argc++] = "-n";
	argv[argc++] = "-c";
	argv[argc++] = "1";
	argv[argc++] = "-M";
	argv[argc++] = (char *)mode;
	argv[argc++] = "-t";
	argv[argc++] = txs;
	argv[argc++] = "-D";
	argv[argc++] = "rd_i=0";
	for (size_t i = 0; i < ps->ndef; i++) {
		argv[argc++] = "-D";
		argv[argc++] = ps->defines[i];
	}
	argv[argc++] = "-l";
	argv[argc++] = prefix;
	argv[argc++] = "-f";
	argv[argc++] = script;
	argv[argc++] = (char *)conninfo;
	argv[argc] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		int errfd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (devnull >= 0)
			dup2(devnull, 1);
		if (errfd >= 0)
			dup2(errfd, 2);
		execvp("pgbench", argv);
		_exit(127);
	}
	free(argv);
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		failed = 1;
	if (failed && errsz && (f = fopen(errpath, "r")) != NULL) {
		size_t got = fread(errbuf, 1, errsz - 1, f);

		errbuf[got] = '\0';
		fclose(f);
	}
	unlink(errpath);
	snprintf(cmd, sizeof(cmd), "ls %s/log.* 2>/dev/null", dir);
	ls = popen(cmd, "r");
	while (ls && fgets(path, sizeof(path), ls)) {
		char line[256];
		bool first = true;

		path[strcspn(path, "\n")] = '\0';
		if (!(f = fopen(path, "r")))
			continue;
		while (fgets(line, sizeof(line), f)) {
			long client, tx, us;

			if (sscanf(line, "%ld %ld %ld", &client, &tx, &us) != 3)
				continue;
			if (first) {        /* the warm-up */
				first = false;
				continue;
			}
			if (nlat == cap) {
				cap = cap ? cap * 2 : 4096;
				lat = realloc(lat, cap * sizeof(*lat));
				if (!lat)
					abort();
			}
			if (!failed)
				lat[nlat++] = (double)us / 1000.0;
		}
		fclose(f);
		unlink(path);
	}
	if (ls)
		pclose(ls);
	if (getenv("RD_PGTRACE_KEEP")) {
		fprintf(stderr, "pgtrace: script kept in %s\n", script);
	} else {
		unlink(script);
		rmdir(dir);
	}
	*latp = lat;
	*nlatp = nlat;
	*capp = cap;
	return failed ? -1 : nlat > before || ps->ntrace <= 1 ? 0 : -1;
}
