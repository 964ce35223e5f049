/* cluster.c: the embedded PostgreSQL cluster: find the server binaries,
 * initdb, start, stop, and the password files of the home directory.
 *
 * The server programs run as a child process; as root they run as the
 * "postgres" user, since PostgreSQL refuses to run as root. */
#include "repeatdesk/cluster.h"
#include "repeatdesk/db.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define SERVER_USER "postgres"

static bool is_root(void)
{
	return geteuid() == 0;
}

static bool file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static bool executable(const char *path)
{
	return access(path, X_OK) == 0;
}

/* The directory of the PostgreSQL server programs: $REPEATDESK_PG_BINDIR,
 * the one configure was given (--with-pg-bindir, by default what
 * pg_config named), or the newest /usr/lib/postgresql/N/bin. */
static bool find_bindir(char *out, size_t outsz)
{
	const char *env = getenv("REPEATDESK_PG_BINDIR");
	char path[PATH_MAX];
	glob_t g;
	bool found = false;
	long best = -1;

	if (env && *env) {
		snprintf(path, sizeof(path), "%s/initdb", env);
		if (executable(path)) {
			snprintf(out, outsz, "%s", env);
			return true;
		}
	}
	if (RD_PG_BINDIR_HINT[0]) {
		snprintf(path, sizeof(path), "%s/initdb", RD_PG_BINDIR_HINT);
		if (executable(path)) {
			snprintf(out, outsz, "%s", RD_PG_BINDIR_HINT);
			return true;
		}
	}
	if (glob("/usr/lib/postgresql/*/bin/initdb", 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			long v = strtol(g.gl_pathv[i] + strlen("/usr/lib/postgresql/"),
					NULL, 10);
			if (v > best && executable(g.gl_pathv[i])) {
				best = v;
				snprintf(out, outsz, "%.*s", (int)(strlen(g.gl_pathv[i]) - 7),
					 g.gl_pathv[i]);
				found = true;
			}
		}
		globfree(&g);
	}
	return found;
}

static enum rd_status server_user(uid_t *uid, gid_t *gid, struct rd_error *err)
{
	struct passwd *pw = getpwnam(SERVER_USER);

	if (!pw)
		return rd_error_set(err, RD_UNAVAILABLE,
			_("PostgreSQL cannot run as root and there is no '%s' user: run repeatdesk as an ordinary user, or install the postgresql package"),
			SERVER_USER);
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return RD_OK;
}

/* In a forked child: become the server user (when root) and move to a
 * directory that user may read. Returns false on failure. */
static bool child_drop(uid_t uid, gid_t gid, const char *dir)
{
	if (is_root()) {
		if (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid(uid) != 0)
			return false;
	}
	return chdir(dir) == 0;
}

/* Runs argv (argv[0] a full path) as the server user, output appended to
 * outfile (or /dev/null). Returns the exit status, or -1. */
static int run_server_prog(const char *dir, char *const argv[], const char *outfile)
{
	uid_t uid = 0;
	gid_t gid = 0;
	pid_t pid;
	int status;

	extern char **environ;
	size_t n = 0, k = 0;
	char **env;

	if (is_root() && server_user(&uid, &gid, NULL) != RD_OK)
		return -1;
	/* the server programs write their log in one language, whatever the
	 * desk's: log_reason picks the reason of a failure by its severity
	 * words (FATAL, ERROR), which a translated log would not have. The
	 * environment is made before fork (no allocation in the child). */
	while (environ[n])
		n++;
	env = xmalloc((n + 2) * sizeof(*env));
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "LC_ALL=", 7) != 0 &&
		    strncmp(environ[i], "LC_MESSAGES=", 12) != 0 &&
		    strncmp(environ[i], "LANGUAGE=", 9) != 0)
			env[k++] = environ[i];
	env[k++] = "LC_MESSAGES=C";
	env[k] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		free(env);
		return -1;
	}
	if (pid == 0) {
		int fd, nul;

		/* drop first, so that the server user owns the log it writes */
		if (!child_drop(uid, gid, dir))
			_exit(126);
		fd = open(outfile ? outfile : "/dev/null",
			  O_WRONLY | O_CREAT | O_APPEND, 0600);
		nul = open("/dev/null", O_RDONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		if (nul >= 0) {
			dup2(nul, 0);
			close(nul);
		}
		execve(argv[0], argv, env);
		_exit(127);
	}
	free(env);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* True when the server user can traverse into path (as root). */
static bool server_can_reach(const char *path)
{
	uid_t uid = 0;
	gid_t gid = 0;
	pid_t pid;
	int status;

	if (!is_root())
		return true;
	if (server_user(&uid, &gid, NULL) != RD_OK)
		return false;
	pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		if (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid(uid) != 0)
			_exit(1);
		_exit(access(path, X_OK) == 0 ? 0 : 1);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void set_paths(struct cluster *c)
{
	snprintf(c->pgdata, sizeof(c->pgdata), "%s/pgdata", c->server);
	snprintf(c->rundir, sizeof(c->rundir), "%s/run", c->server);
	snprintf(c->logfile, sizeof(c->logfile), "%s/server.log", c->server);
}

enum rd_status cluster_locate(struct cluster *c, const char *home,
			      struct rd_error *err)
{
	char link[PATH_MAX];
	char real[PATH_MAX];

	memset(c, 0, sizeof(*c));
	if (!home || !*home)
		home = getenv("REPEATDESK_HOME");
	if (home && *home) {
		snprintf(c->home, sizeof(c->home), "%s", home);
	} else {
		const char *xdg = getenv("XDG_DATA_HOME");
		const char *h = getenv("HOME");

		if (xdg && *xdg)
			snprintf(c->home, sizeof(c->home), "%s/repeatdesk", xdg);
		else if (h && *h)
			snprintf(c->home, sizeof(c->home), "%s/.local/share/repeatdesk", h);
		else
			return rd_error_set(err, RD_USAGE,
				_("no home directory: set REPEATDESK_HOME or HOME"));
	}
	if (c->home[0] != '/') {
		char cwd[PATH_MAX];

		if (!getcwd(cwd, sizeof(cwd)))
			return rd_error_set(err, RD_INTERNAL, _("cannot read the current directory"));
		if (snprintf(real, sizeof(real), "%s/%s", cwd, c->home) >= (int)sizeof(c->home))
			return rd_error_set(err, RD_USAGE, _("the home directory path is too long"));
		memcpy(c->home, real, sizeof(c->home));
	}
	if (snprintf(link, sizeof(link), "%s/server", c->home) >= (int)sizeof(c->server))
		return rd_error_set(err, RD_USAGE, _("the home directory path is too long"));
	if (!realpath(link, real))
		memcpy(real, link, sizeof(real));
	if (snprintf(c->server, sizeof(c->server), "%s", real) >= (int)sizeof(c->server))
		return rd_error_set(err, RD_USAGE, _("the home directory path is too long"));
	set_paths(c);
	if (!find_bindir(c->bindir, sizeof(c->bindir)))
		c->bindir[0] = '\0';
	return RD_OK;
}

bool cluster_exists(const struct cluster *c)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/PG_VERSION", c->pgdata);
	return file_exists(path);
}

static enum rd_status mkdir_mode(const char *path, mode_t mode, struct rd_error *err)
{
	if (mkdir(path, mode) != 0 && errno != EEXIST)
		return rd_error_set(err, RD_UNAVAILABLE, _("cannot create %s: %s"),
				    path, strerror(errno));
	if (chmod(path, mode) != 0)
		return rd_error_set(err, RD_UNAVAILABLE, _("cannot set the mode of %s: %s"),
				    path, strerror(errno));
	return RD_OK;
}

static enum rd_status mkdir_parents(const char *path, struct rd_error *err)
{
	char tmp[PATH_MAX];

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
				return rd_error_set(err, RD_UNAVAILABLE,
					_("cannot create %s: %s"), tmp, strerror(errno));
			*p = '/';
		}
	}
	return RD_OK;
}

enum rd_status cluster_random_password(char *out, size_t len, struct rd_error *err)
{
	static const char alphabet[] =
		"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
	unsigned char raw[128];
	int fd = open("/dev/urandom", O_RDONLY);
	size_t n = len - 1 < sizeof(raw) ? len - 1 : sizeof(raw);

	if (fd < 0 || read(fd, raw, n) != (ssize_t)n) {
		if (fd >= 0)
			close(fd);
		return rd_error_set(err, RD_INTERNAL, _("cannot read /dev/urandom"));
	}
	close(fd);
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[raw[i] % (sizeof(alphabet) - 1)];
	out[n] = '\0';
	return RD_OK;
}

/* Writes content to path with mode 0600 atomically (temp file + rename). */
static enum rd_status write_private(const char *path, const char *content,
				    struct rd_error *err)
{
	char tmp[PATH_MAX];
	int fd;
	size_t len = strlen(content);

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return rd_error_set(err, RD_UNAVAILABLE, _("cannot write %s: %s"),
				    tmp, strerror(errno));
	if (write(fd, content, len) != (ssize_t)len || fsync(fd) != 0) {
		close(fd);
		unlink(tmp);
		return rd_error_set(err, RD_UNAVAILABLE, _("cannot write %s"), tmp);
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		return rd_error_set(err, RD_UNAVAILABLE, _("cannot write %s: %s"),
				    path, strerror(errno));
	}
	return RD_OK;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || n > 1 << 20 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	buf = xmalloc((size_t)n + 1);
	n = (long)fread(buf, 1, (size_t)n, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Last line of the server log that looks like the reason for a failure.
 * The log is in English: run_server_prog pins the programs' language. */
static void log_reason(const char *logfile, char *out, size_t outsz)
{
	char *log = read_file(logfile);
	char *best = NULL;

	out[0] = '\0';
	if (!log)
		return;
	for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n"))
		if (strstr(line, "FATAL") || strstr(line, "ERROR") ||
		    strstr(line, "could not") || strstr(line, "error"))
			best = line;
	if (best)
		snprintf(out, outsz, "%s", best);
	free(log);
}

static enum rd_status prepare_server_dir(struct cluster *c, struct rd_error *err)
{
	char link[PATH_MAX];
	enum rd_status st;

	snprintf(link, sizeof(link), "%s/server", c->home);
	if (is_root() && !server_can_reach(c->home)) {
		/* the server user cannot traverse to the home directory (e.g.
		 * /root is 0700): keep the server files where it can, and
		 * leave a symlink in the home directory */
		unsigned long h = 5381;

		for (const char *p = c->home; *p; p++)
			h = h * 33 + (unsigned char)*p;
		snprintf(c->server, sizeof(c->server), "/var/lib/repeatdesk/%08lx",
			 h & 0xffffffffUL);
		if ((st = mkdir_parents(c->server, err)) != RD_OK)
			return st;
		if ((st = mkdir_mode(c->server, 0700, err)) != RD_OK)
			return st;
		unlink(link);
		if (symlink(c->server, link) != 0)
			return rd_error_set(err, RD_UNAVAILABLE,
				_("cannot create %s: %s"), link, strerror(errno));
	} else {
		if (snprintf(c->server, sizeof(c->server), "%s", link) >= (int)sizeof(c->server))
			return rd_error_set(err, RD_USAGE, _("the home directory path is too long"));
		if ((st = mkdir_mode(c->server, 0700, err)) != RD_OK)
			return st;
	}
	set_paths(c);
	if ((st = mkdir_mode(c->rundir, 0700, err)) != RD_OK)
		return st;
	if (is_root()) {
		uid_t uid = 0;
		gid_t gid = 0;

		if ((st = server_user(&uid, &gid, err)) != RD_OK)
			return st;
		if (chown(c->server, uid, gid) != 0 || chown(c->rundir, uid, gid) != 0)
			return rd_error_set(err, RD_UNAVAILABLE,
				_("cannot hand %s to the %s user: %s"), c->server,
				SERVER_USER, strerror(errno));
	}
	return RD_OK;
}

static enum rd_status append_conf(const struct cluster *c, bool fast,
				  struct rd_error *err)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/postgresql.conf", c->pgdata);
	f = fopen(path, "a");
	if (!f)
		return rd_error_set(err, RD_UNAVAILABLE, _("cannot write %s: %s"),
				    path, strerror(errno));
	fprintf(f, "\n# repeatdesk embedded cluster\n"
		   "listen_addresses = ''\n"
		   "unix_socket_directories = '%s'\n"
		   "timezone = 'Asia/Tokyo'\n"
		   "log_timezone = 'Asia/Tokyo'\n"
		   "shared_buffers = 256MB\n"
		   "max_wal_size = 4GB\n"
		   "max_connections = 200\n"
		   "password_encryption = 'scram-sha-256'\n",
		c->rundir);
	if (fast)
		fputs("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
		      "shared_buffers = 64MB\n", f);
	if (fclose(f) != 0)
		return rd_error_set(err, RD_UNAVAILABLE, _("cannot write %s"), path);
	return RD_OK;
}

enum rd_status cluster_init(struct cluster *c, bool fast, struct rd_error *err)
{
	char password[33];
	char pwfile[PATH_MAX];
	char initdb[PATH_MAX];
	char pwarg[PATH_MAX + 16];
	char content[128];
	enum rd_status st;
	int rc;

	if (cluster_exists(c))
		return rd_error_set(err, RD_REFUSED,
			_("a database already exists in %s (use 'repeatdesk db start')"),
			c->home);
	if (!c->bindir[0])
		return rd_error_set(err, RD_UNAVAILABLE,
			_("PostgreSQL server programs not found: apt-get install postgresql (or set REPEATDESK_PG_BINDIR)"));
	if ((st = mkdir_parents(c->home, err)) != RD_OK)
		return st;
	if ((st = mkdir_mode(c->home, is_root() ? 0711 : 0700, err)) != RD_OK)
		return st;
	if ((st = prepare_server_dir(c, err)) != RD_OK)
		return st;
	if ((st = cluster_random_password(password, sizeof(password), err)) != RD_OK)
		return st;

	/* initdb reads the superuser password from a file the server user
	 * can read; it lives only until initdb is done */
	snprintf(pwfile, sizeof(pwfile), "%s/initdb.pw", c->server);
	snprintf(content, sizeof(content), "%s\n", password);
	if ((st = write_private(pwfile, content, err)) != RD_OK)
		return st;
	if (is_root()) {
		uid_t uid = 0;
		gid_t gid = 0;

		if (server_user(&uid, &gid, err) != RD_OK || chown(pwfile, uid, gid) != 0) {
			unlink(pwfile);
			return rd_error_set(err, RD_UNAVAILABLE,
					    _("cannot prepare the initdb password file"));
		}
	}
	snprintf(initdb, sizeof(initdb), "%s/initdb", c->bindir);
	snprintf(pwarg, sizeof(pwarg), "--pwfile=%s", pwfile);
	{
		char *argv[] = { initdb, "-D", c->pgdata, "-U", CLUSTER_ADMIN, pwarg,
				 "-E", "UTF8", "--locale=C.UTF-8",
				 "--auth-local=scram-sha-256", "--auth-host=scram-sha-256",
				 fast ? "--no-sync" : "--sync-only", NULL };

		if (!fast)
			argv[11] = NULL; /* a normal initdb syncs by itself */
		rc = run_server_prog(c->server, argv, c->logfile);
	}
	unlink(pwfile);
	if (rc != 0) {
		char reason[300];

		log_reason(c->logfile, reason, sizeof(reason));
		return rd_error_set(err, RD_UNAVAILABLE,
			_("initdb failed (%s); see %s"),
			reason[0] ? reason : _("no reason given"), c->logfile);
	}
	if ((st = append_conf(c, fast, err)) != RD_OK)
		return st;
	{
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/admin.pass", c->home);
		snprintf(content, sizeof(content), "%s:%s\n", CLUSTER_ADMIN, password);
		if ((st = write_private(path, content, err)) != RD_OK)
			return st;
	}
	if ((st = cluster_start(c, err)) != RD_OK)
		return st;

	/* the business database */
	{
		struct rd_db *db = NULL;
		char conninfo[PATH_MAX + 64];
		struct db_params p = { .user = CLUSTER_ADMIN, .password = password };

		snprintf(conninfo, sizeof(conninfo), "host=%s dbname=postgres", c->rundir);
		p.conninfo = conninfo;
		if ((st = db_open(&db, &p, err)) != RD_OK)
			return st;
		st = db_exec(db, "CREATE DATABASE " CLUSTER_DBNAME
			     " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'",
			     0, NULL, NULL, err);
		db_free(&db);
	}
	memset(password, 0, sizeof(password));
	return st;
}

bool cluster_running(const struct cluster *c)
{
	char pg_ctl[PATH_MAX];

	if (!cluster_exists(c) || !c->bindir[0])
		return false;
	snprintf(pg_ctl, sizeof(pg_ctl), "%s/pg_ctl", c->bindir);
	{
		char *argv[] = { pg_ctl, "-D", (char *)c->pgdata, "status", NULL };

		return run_server_prog(c->server, argv, NULL) == 0;
	}
}

enum rd_status cluster_start(struct cluster *c, struct rd_error *err)
{
	char pg_ctl[PATH_MAX];
	int rc;

	if (!cluster_exists(c))
		return rd_error_set(err, RD_UNAVAILABLE,
			_("no database in %s: run 'repeatdesk db init' (or scripts/demo) first"),
			c->home);
	if (!c->bindir[0])
		return rd_error_set(err, RD_UNAVAILABLE,
			_("PostgreSQL server programs not found: apt-get install postgresql (or set REPEATDESK_PG_BINDIR)"));
	if (cluster_running(c))
		return RD_OK;
	snprintf(pg_ctl, sizeof(pg_ctl), "%s/pg_ctl", c->bindir);
	{
		char *argv[] = { pg_ctl, "-D", c->pgdata, "-l", c->logfile,
				 "-w", "-t", "60", "start", NULL };

		rc = run_server_prog(c->server, argv, NULL);
	}
	if (rc != 0) {
		char reason[300];

		log_reason(c->logfile, reason, sizeof(reason));
		return rd_error_set(err, RD_UNAVAILABLE,
			_("the embedded database did not start (%s); see %s"),
			reason[0] ? reason : _("no reason given"), c->logfile);
	}
	return RD_OK;
}

enum rd_status cluster_stop(struct cluster *c, struct rd_error *err)
{
	char pg_ctl[PATH_MAX];
	int rc;

	if (!cluster_running(c))
		return RD_OK;
	snprintf(pg_ctl, sizeof(pg_ctl), "%s/pg_ctl", c->bindir);
	{
		char *argv[] = { pg_ctl, "-D", c->pgdata, "-m", "fast", "-w",
				 "-t", "60", "stop", NULL };

		rc = run_server_prog(c->server, argv, NULL);
	}
	if (rc != 0)
		return rd_error_set(err, RD_UNAVAILABLE,
			_("the embedded database did not stop; see %s"), c->logfile);
	return RD_OK;
}

void cluster_conninfo(const struct cluster *c, char *out, size_t outsz)
{
	snprintf(out, outsz, "host=%s dbname=" CLUSTER_DBNAME, c->rundir);
}

enum rd_status cluster_check_secret(const char *path, struct rd_error *err)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return errno == ENOENT ? RD_NOT_FOUND
				       : rd_error_set(err, RD_PERMISSION, _("cannot read %s: %s"),
						      path, strerror(errno));
	if (st.st_uid != geteuid())
		return rd_error_set(err, RD_PERMISSION,
			_("%s belongs to another user: it is not used (its passwords are not yours to trust)"),
			path);
	if ((st.st_mode & 077) == 0)
		return RD_OK;
	/* as libpq's .pgpass and ssh's keys: never read a secret others can
	 * read; repair it when we can, with one line saying so */
	if (chmod(path, st.st_mode & 0700) != 0)
		return rd_error_set(err, RD_PERMISSION,
			_("%s can be read by other users (mode %03o) and cannot be repaired: run chmod 600 %s"),
			path, (unsigned)(st.st_mode & 0777), path);
	fprintf(stderr, _("repeatdesk: warning: %s could be read by other users (mode %03o); it is now %03o\n"),
		path, (unsigned)(st.st_mode & 0777), (unsigned)(st.st_mode & 0700));
	return RD_OK;
}

/* Warns once (one line) when the home directory of the password files can
 * be read by others, as ssh does; refuses when others can write it (they
 * could swap the files). */
static enum rd_status check_home(const char *home, struct rd_error *err)
{
	static bool warned;
	struct stat st;

	if (stat(home, &st) != 0)
		return RD_OK;
	if (st.st_mode & 022)
		return rd_error_set(err, RD_PERMISSION,
			_("%s can be written by other users (mode %03o): its password files are not used; run chmod 700 %s"),
			home, (unsigned)(st.st_mode & 0777), home);
	if ((st.st_mode & 044) && !warned) {
		warned = true;
		fprintf(stderr, _("repeatdesk: warning: %s can be read by other users (mode %03o); chmod 700 %s\n"),
			home, (unsigned)(st.st_mode & 0777), home);
	}
	return RD_OK;
}

/* Looks login up in a "login:password" file. */
static enum rd_status lookup_password(const char *path, const char *login,
				      char *out, size_t outsz)
{
	char *data;
	size_t n = strlen(login);
	enum rd_status st = RD_NOT_FOUND;

	data = read_file(path);
	if (!data)
		return RD_NOT_FOUND;
	for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
		if (strncmp(line, login, n) == 0 && line[n] == ':') {
			snprintf(out, outsz, "%s", line + n + 1);
			st = RD_OK;
			break;
		}
	}
	memset(data, 0, strlen(data));
	free(data);
	return st;
}

enum rd_status cluster_password(const struct cluster *c, const char *login,
				char *out, size_t outsz, struct rd_error *err)
{
	char path[PATH_MAX];

	enum rd_status st;

	snprintf(path, sizeof(path), "%s/%s", c->home,
		 strcmp(login, CLUSTER_ADMIN) == 0 ? "admin.pass" : "agents.pass");
	if ((st = check_home(c->home, err)) != RD_OK)
		return st;
	st = cluster_check_secret(path, err);
	if (st != RD_OK && st != RD_NOT_FOUND)
		return st;
	if (st == RD_OK && lookup_password(path, login, out, outsz) == RD_OK)
		return RD_OK;
	return rd_error_set(err, RD_NOT_FOUND,
		_("no password for '%s' in %s"), login, path);
}

enum rd_status cluster_save_password(const struct cluster *c, const char *login,
				     const char *password, struct rd_error *err)
{
	char path[PATH_MAX];
	char *data;
	struct sbuf_lite { char *p; size_t len, cap; } out = { 0 };
	size_t n = strlen(login);
	enum rd_status st;

	snprintf(path, sizeof(path), "%s/agents.pass", c->home);
	data = read_file(path);
	out.cap = (data ? strlen(data) : 0) + n + strlen(password) + 4;
	out.p = xcalloc(1, out.cap);
	if (data) {
		for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
			if (strncmp(line, login, n) == 0 && line[n] == ':')
				continue;
			out.len += (size_t)sprintf(out.p + out.len, "%s\n", line);
		}
		memset(data, 0, strlen(data));
		free(data);
	}
	sprintf(out.p + out.len, "%s:%s\n", login, password);
	st = write_private(path, out.p, err);
	memset(out.p, 0, out.cap);
	free(out.p);
	return st;
}

enum rd_status cluster_default_login(const struct cluster *c, char *out,
				     size_t outsz)
{
	char path[PATH_MAX];
	char *data;

	snprintf(path, sizeof(path), "%s/default_login", c->home);
	data = read_file(path);
	if (!data)
		return RD_NOT_FOUND;
	data[strcspn(data, "\r\n")] = '\0';
	snprintf(out, outsz, "%s", data);
	free(data);
	return out[0] ? RD_OK : RD_NOT_FOUND;
}

enum rd_status cluster_set_default_login(const struct cluster *c,
					 const char *login, struct rd_error *err)
{
	char path[PATH_MAX];
	char content[128];

	snprintf(path, sizeof(path), "%s/default_login", c->home);
	snprintf(content, sizeof(content), "%s\n", login);
	return write_private(path, content, err);
}
