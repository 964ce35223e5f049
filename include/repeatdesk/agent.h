/* agent.h: agents (the people at the desk) and their logins. */
#ifndef REPEATDESK_AGENT_H
#define REPEATDESK_AGENT_H

#include "repeatdesk/db.h"

struct agent_info {
	long long id;
	char login[64];
	char display_name[128];
	char role[16];        /* operator | agent | supervisor */
	char team[64];
	int active;
};

/* Creates an agent: its own PostgreSQL login role with a SCRAM password
 * (hashed here, on the client) in the group role of its role, and its
 * rd.agents row. The database refuses unless the caller is a supervisor
 * (or the cluster owner). */
enum rd_status agent_add(struct rd_db *db, const char *login,
			 const char *display_name, const char *role,
			 const char *password, struct rd_error *err);

/* Lists agents ordered by login; columns login, display_name, role, team,
 * active. Free with db_rows_free. */
enum rd_status agent_list(struct rd_db *db, struct db_rows *out,
			  struct rd_error *err);

/* The agent of this session (session_user). RD_NOT_FOUND when the login
 * is not an agent (e.g. the cluster owner). */
enum rd_status agent_whoami(struct rd_db *db, struct agent_info *out,
			    struct rd_error *err);

/* Whom an inquiry can be handed to: an active agent or a team. */
enum agent_target_kind {
	AGENT_TARGET_AGENT,
	AGENT_TARGET_TEAM,
};

struct agent_target {
	enum agent_target_kind kind;
	char login[64];          /* an agent's login; "" for a team */
	char name[128];          /* the agent's display name, or the team's name */
	char team[64];           /* an agent's team, or ""; a team: "" */
	int members;             /* a team: its active agents */
};

/* The active agents (by display name) then the teams (by name), at most
 * cap of them, into out; *n says how many. */
enum rd_status agent_targets(struct rd_db *db, struct agent_target *out, int cap,
			     int *n, struct rd_error *err);

/* True when login is well-formed ([a-z][a-z0-9_]{1,30}, not rd_/pg_). */
int agent_login_valid(const char *login);

#endif
