-- 0041_inquiry_queue_priority.sql: "mine" and "my team's" queues sorted
-- by priority read their own index.
--
-- With only the open-by-priority index of 0040, the planner walks every
-- open inquiry in priority order and drops the ones of other agents: at
-- 1,000,000 inquiries (40,000 open) a page of "mine" by priority read
-- 5,000 rows and took 114 ms cold. These two partial indexes lead with the
-- holder, so the page is 20 index entries (1.2 ms).
CREATE INDEX inquiries_open_assignee_prio_idx
	ON rd.inquiries (assignee_id, rd.inquiry_priority_rank(priority), created_at, id)
	WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX inquiries_open_team_prio_idx
	ON rd.inquiries (team_id, rd.inquiry_priority_rank(priority), created_at, id)
	WHERE status NOT IN ('resolved', 'closed');
