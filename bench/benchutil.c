/* benchutil.c: timing helpers shared by the benchmarks in bench/. */
#include "benchutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double bench_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double bench_percentile(double *v, int n, double p)
{
	int i;

	if (n <= 0)
		return -1;
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	i = (int)(p * (double)(n - 1) + 0.5);
	return v[i];
}

int bench_pgbench(const char *conninfo, const char *body, int seconds,
		  const char *const *defines, double **latp, size_t *nlatp,
		  size_t *capp)
{
	char dir[] = "/tmp/rd-bench-pgbench.XXXXXX";
	char script[600], prefix[600], secs[16], cmd[700], path[700];
	char *argv[48];
	int argc = 0, status = 0, failed = 0;
	pid_t pid;
	FILE *f, *ls;
	double *lat = *latp;
	size_t nlat = *nlatp, cap = *capp, before = *nlatp;

	if (!mkdtemp(dir))
		return -1;
	snprintf(script, sizeof(script), "%s/script.sql", dir);
	f = fopen(script, "w");
	if (!f)
		return -1;
	fputs(body, f);
	fclose(f);
	snprintf(prefix, sizeof(prefix), "--log-prefix=%s/log", dir);
	snprintf(secs, sizeof(secs), "%d", seconds);
	argv[argc++] = "pgbench";
	argv[argc++] = "-n";
	argv[argc++] = "-c";
	argv[argc++] = "1";
	argv[argc++] = "-M";
	argv[argc++] = "extended";
	argv[argc++] = "-T";
	argv[argc++] = secs;
	for (size_t i = 0; defines && defines[i] && argc < 40; i++) {
		argv[argc++] = "-D";
		argv[argc++] = (char *)defines[i];
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

		if (devnull >= 0)
			dup2(devnull, 1);
		execvp("pgbench", argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench: pgbench failed (is pgbench installed?)\n");
		failed = 1;      /* what it logged is not counted; the files go */
	}
	snprintf(cmd, sizeof(cmd), "ls %s/log.*", dir);
	ls = popen(cmd, "r");
	while (ls && fgets(path, sizeof(path), ls)) {
		char line[256];

		path[strcspn(path, "\n")] = '\0';
		if (!(f = fopen(path, "r")))
			continue;
		while (fgets(line, sizeof(line), f)) {
			long client, tx, us;

			if (sscanf(line, "%ld %ld %ld", &client, &tx, &us) != 3)
				continue;
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
	unlink(script);
	rmdir(dir);
	*latp = lat;
	*nlatp = nlat;
	*capp = cap;
	return nlat > before ? 0 : -1;
}
