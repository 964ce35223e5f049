/* cluster.h: the embedded PostgreSQL cluster (no central database given).
 *
 * The cluster lives in the repeatdesk home directory:
 *   ${REPEATDESK_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/repeatdesk}
 * with server/pgdata (the data directory), server/run (the Unix socket, in
 * a 0700 directory; no TCP port), server/server.log, and two 0600 files
 * owned by the user: admin.pass (the cluster's superuser password) and
 * agents.pass (passwords of demo agents, "login:password" lines).
 *
 * PostgreSQL refuses to run as root. When the caller is root, the server
 * runs as Debian's "postgres" user; if postgres cannot reach the home
 * directory (e.g. under /root, mode 0700), server/ is a symlink into
 * /var/lib/repeatdesk/<hash>, owned by postgres. */
#ifndef REPEATDESK_CLUSTER_H
#define REPEATDESK_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>

#include "repeatdesk/status.h"

#define CLUSTER_DBNAME "repeatdesk"
#define CLUSTER_ADMIN "rd_admin"

struct cluster {
	char home[1024];     /* repeatdesk home directory */
	char server[1024];   /* real path of the server area */
	char pgdata[1100];
	char rundir[1100];   /* socket directory */
	char logfile[1100];
	char bindir[512];    /* PostgreSQL server binaries */
};

/* Fills c with the paths for the home directory (from the environment when
 * home is NULL). Does not touch the file system except to resolve an
 * existing server/ symlink. */
enum rd_status cluster_locate(struct cluster *c, const char *home,
			      struct rd_error *err);

/* True when the cluster has been initialised (data directory present). */
bool cluster_exists(const struct cluster *c);

/* Creates the home directory and the cluster: initdb (UTF-8, C.UTF-8
 * locale, SCRAM on the socket), the repeatdesk database, the admin
 * password file. fast=true turns fsync off (throwaway test clusters).
 * Refuses with RD_REFUSED when it already exists. */
enum rd_status cluster_init(struct cluster *c, bool fast, struct rd_error *err);

/* Starts the server and waits until it accepts connections. Starting a
 * running cluster is not an error. */
enum rd_status cluster_start(struct cluster *c, struct rd_error *err);

/* Stops the server (fast shutdown). Stopping a stopped one is no error. */
enum rd_status cluster_stop(struct cluster *c, struct rd_error *err);

/* True when the server is running. */
bool cluster_running(const struct cluster *c);

/* libpq conninfo of the embedded database (socket directory and dbname),
 * written into out. */
void cluster_conninfo(const struct cluster *c, char *out, size_t outsz);

/* Reads the password of login from the home directory's password files
 * (admin.pass for CLUSTER_ADMIN, agents.pass otherwise). Returns
 * RD_NOT_FOUND when unknown. */
enum rd_status cluster_password(const struct cluster *c, const char *login,
				char *out, size_t outsz, struct rd_error *err);

/* Checks a file that holds secrets before it is read: RD_NOT_FOUND when
 * it does not exist; refused (RD_PERMISSION, err says why and what to do)
 * when it belongs to another user or others can read it and it cannot be
 * made 0600; repaired to owner-only with a one-line warning on stderr when
 * others could read it. As libpq's .pgpass and ssh do. */
enum rd_status cluster_check_secret(const char *path, struct rd_error *err);

/* Records (or replaces) a login's password in agents.pass (mode 0600). */
enum rd_status cluster_save_password(const struct cluster *c, const char *login,
				     const char *password, struct rd_error *err);

/* The default login of the UI in this home (set by the demo seed), or
 * RD_NOT_FOUND. */
enum rd_status cluster_default_login(const struct cluster *c, char *out,
				     size_t outsz);
enum rd_status cluster_set_default_login(const struct cluster *c,
					 const char *login, struct rd_error *err);

/* Writes a random password of len-1 printable characters into out. */
enum rd_status cluster_random_password(char *out, size_t len,
				       struct rd_error *err);

#endif
