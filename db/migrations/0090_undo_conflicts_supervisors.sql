-- 0090: the list of what stops an undo is for the supervisors who undo.
--
-- rd.history_undo_conflicts (0070) is a SECURITY DEFINER reader of the
-- history: it names tables, row keys, fields, who and when, past row-level
-- security. Only rd.history_undo (supervisors) needs it, and the client
-- asks for it only after a supervisor's undo was refused; desk roles must
-- not read the history around row-level security (issue 11, class 2).
REVOKE EXECUTE ON FUNCTION rd.history_undo_conflicts(text, bigint) FROM rd_operator;
GRANT EXECUTE ON FUNCTION rd.history_undo_conflicts(text, bigint) TO rd_supervisor;
