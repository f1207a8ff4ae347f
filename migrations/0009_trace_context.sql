-- W3C trace ids (issue 12): the trace a job was enqueued under and the trace a bid was placed under, so one trace id
-- follows a player's bid from the HTTP request through the settlement job's log lines. NULL when there was no request
-- (scheduled work, WebSocket bids).
ALTER TABLE jobs ADD COLUMN trace_id TEXT CHECK (trace_id IS NULL OR length(trace_id) = 32);
ALTER TABLE auction_bids ADD COLUMN trace_id TEXT CHECK (trace_id IS NULL OR length(trace_id) = 32);
