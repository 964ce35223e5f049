/* agent.c: agents and their login roles. Role creation happens inside the
 * database (rd.agent_add, SECURITY DEFINER, executable by supervisors), so
 * the database, not this client, decides who may create agents. */
#include "repeatdesk/agent.h"
#include "repeatdesk/bizlang.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/width.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int agent_login_valid(const char *login)
{
	size_t n = strlen(login);

	if (n < 2 || n > 31 || login[0] < 'a' || login[0] > 'z')
		return 0;
	if (strncmp(login, "rd_", 3) == 0 || strncmp(login, "pg_", 3) == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = login[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return 0;
	}
	return 1;
}

enum rd_status agent_add(struct rd_db *db, const char *login,
			 const char *display_name, const char *role,
			 const char *password, struct rd_error *err)
{
	char verifier[512];
	enum rd_status st;

	if (!agent_login_valid(login))
		return rd_error_set(err, RD_INVALID,
			_("login '%s' is not valid: 2-31 lowercase letters, digits or _, starting with a letter, not rd_ or pg_"),
			login);
	if (strcmp(role, "operator") != 0 && strcmp(role, "agent") != 0 &&
	    strcmp(role, "supervisor") != 0)
		return rd_error_set(err, RD_INVALID,
			_("unknown role '%s': use operator, agent or supervisor"), role);
	if (!display_name || !*display_name)
		return rd_error_set(err, RD_INVALID, _("the agent needs a name (--name)"));
	st = db_encrypt_password(db, login, password, verifier, sizeof(verifier), err);
	if (st != RD_OK)
		return st;
	{
		const char *params[4] = { login, display_name, role, verifier };
		char reason[160];

		/* the history's reason: the business's language */
		st = bizlang_printf(db, reason, sizeof(reason), err, N_("agent %s added"), login);
		if (st == RD_OK)
			st = db_begin(db, reason, NULL, err);
		if (st != RD_OK)
			return st;
		st = db_exec(db, "SELECT rd.agent_add($1, $2, $3, $4)", 4, params,
			     NULL, err);
		if (st == RD_OK)
			return db_commit(db, err);
		db_rollback(db);
		if (st == RD_DUPLICATE)
			return rd_error_set(err, RD_DUPLICATE,
					    _("an agent or role named '%s' already exists"), login);
		return st;
	}
}

enum rd_status agent_list(struct rd_db *db, struct db_rows *out,
			  struct rd_error *err)
{
	return db_query(db,
		"SELECT a.login, a.display_name, a.role, coalesce(t.name, ''),"
		"       a.active"
		"  FROM rd.agents a LEFT JOIN rd.teams t ON t.id = a.team_id"
		" ORDER BY a.login", 0, NULL, out, err);
}

enum rd_status agent_whoami(struct rd_db *db, struct agent_info *out,
			    struct rd_error *err)
{
	struct db_rows rows;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	st = db_query(db,
		"SELECT a.id, a.login, a.display_name, a.role,"
		"       coalesce(t.name, ''), a.active"
		"  FROM rd.agents a LEFT JOIN rd.teams t ON t.id = a.team_id"
		" WHERE a.login = session_user", 0, NULL, &rows, err);
	if (st != RD_OK)
		return st;
	if (rows.nrows == 0) {
		db_rows_free(&rows);
		return rd_error_set(err, RD_NOT_FOUND,
				    _("'%s' is not an agent of this desk"), db_user(db));
	}
	out->id = strtoll(db_rows_get(&rows, 0, 0), NULL, 10);
	snprintf(out->login, sizeof(out->login), "%s", db_rows_get(&rows, 0, 1));
	utf8_copy(out->display_name, sizeof(out->display_name), db_rows_get(&rows, 0, 2));
	snprintf(out->role, sizeof(out->role), "%s", db_rows_get(&rows, 0, 3));
	snprintf(out->team, sizeof(out->team), "%s", db_rows_get(&rows, 0, 4));
	out->active = strcmp(db_rows_get(&rows, 0, 5), "t") == 0;
	db_rows_free(&rows);
	return RD_OK;
}

enum rd_status agent_targets(struct rd_db *db, struct agent_target *out, int cap,
			     int *n, struct rd_error *err)
{
	struct db_rows rows;
	char limit[16];
	const char *params[1] = { limit };
	enum rd_status st;

	*n = 0;
	if (cap <= 0)
		return RD_OK;
	snprintf(limit, sizeof(limit), "%d", cap);
	st = db_query(db,
		"SELECT kind, login, name, team, members FROM ("
		"  SELECT 0 AS kind, a.login, a.display_name AS name,"
		"         coalesce(t.name, '') AS team, 0 AS members"
		"    FROM rd.agents a LEFT JOIN rd.teams t ON t.id = a.team_id"
		"   WHERE a.active"
		"  UNION ALL"
		"  SELECT 1, '', t.name, '',"
		"         (SELECT count(*) FROM rd.agents a"
		"           WHERE a.team_id = t.id AND a.active)::int"
		"    FROM rd.teams t) x"
		" ORDER BY kind, name, login LIMIT $1::int", 1, params, &rows, err);
	if (st != RD_OK)
		return st;
	for (int i = 0; i < rows.nrows && i < cap; i++) {
		struct agent_target *t = &out[i];

		memset(t, 0, sizeof(*t));
		t->kind = strcmp(db_rows_get(&rows, i, 0), "1") == 0 ? AGENT_TARGET_TEAM
								  : AGENT_TARGET_AGENT;
		snprintf(t->login, sizeof(t->login), "%s", db_rows_get(&rows, i, 1));
		utf8_copy(t->name, sizeof(t->name), db_rows_get(&rows, i, 2));
		utf8_copy(t->team, sizeof(t->team), db_rows_get(&rows, i, 3));
		t->members = atoi(db_rows_get(&rows, i, 4));
		(*n)++;
	}
	db_rows_free(&rows);
	return RD_OK;
}
