-- grants.sql: every privilege the desk roles (and PUBLIC) hold in this
-- database, one line each, sorted: what tests/db/grants.expected records
-- after review. tests/db/check_security compares the two; to accept a
-- reviewed change:  tests/db/grants.sh > tests/db/grants.expected
WITH grantee(oid, name) AS (
	SELECT 0::oid, 'PUBLIC'
	UNION ALL
	SELECT r.oid, r.rolname::text FROM pg_roles r
	 WHERE r.rolname IN ('rd_operator', 'rd_agent', 'rd_supervisor')
), ns AS (
	SELECT n.oid, n.nspname, n.nspacl FROM pg_namespace n
	 WHERE n.nspname IN ('rd', 'rd_sec', 'rd_live', 'public')
), lines AS (
	SELECT format('database %s %s', g.name, a.privilege_type) AS line
	  FROM pg_database d CROSS JOIN LATERAL aclexplode(d.datacl) a
	  JOIN grantee g ON g.oid = a.grantee
	 WHERE d.datname = current_database()
	UNION ALL
	SELECT format('schema %s %s %s', n.nspname, g.name, a.privilege_type)
	  FROM ns n CROSS JOIN LATERAL aclexplode(n.nspacl) a
	  JOIN grantee g ON g.oid = a.grantee
	UNION ALL
	SELECT format('%s %s.%s %s %s',
		      CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' ELSE 'table' END,
		      n.nspname, c.relname, g.name, a.privilege_type)
	  FROM pg_class c JOIN ns n ON n.oid = c.relnamespace
	  CROSS JOIN LATERAL aclexplode(c.relacl) a
	  JOIN grantee g ON g.oid = a.grantee
	 WHERE c.relkind IN ('r', 'p', 'v', 'S')
	UNION ALL
	SELECT format('column %s.%s.%s %s %s', n.nspname, c.relname, t.attname, g.name,
		      a.privilege_type)
	  FROM pg_attribute t JOIN pg_class c ON c.oid = t.attrelid
	  JOIN ns n ON n.oid = c.relnamespace
	  CROSS JOIN LATERAL aclexplode(t.attacl) a
	  JOIN grantee g ON g.oid = a.grantee
	 WHERE t.attnum > 0 AND NOT t.attisdropped
	UNION ALL
	SELECT format('function %s %s %s', p.oid::regprocedure, g.name, a.privilege_type)
	  FROM pg_proc p JOIN ns n ON n.oid = p.pronamespace
	  CROSS JOIN LATERAL aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
	  JOIN grantee g ON g.oid = a.grantee
	 WHERE n.nspname <> 'public'
	UNION ALL
	SELECT format('member %s of %s', m.member::regrole, m.roleid::regrole)
	  FROM pg_auth_members m
	 WHERE m.roleid::regrole::text IN ('rd_operator', 'rd_agent', 'rd_supervisor')
	   AND m.member::regrole::text IN ('rd_operator', 'rd_agent', 'rd_supervisor')
)
SELECT line FROM lines ORDER BY line COLLATE "C";
