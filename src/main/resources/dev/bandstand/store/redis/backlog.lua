-- Which instances may still write events that others cannot find yet, in three sorted sets of
-- one Cluster slot (the heartbeats' keys carry the marks' key as their hash tag). Scores are
-- epoch milliseconds of the Redis server's clock, so that the instances' clocks need not agree.
-- KEYS[1] the marks: the instances writing an outage backlog, score when the mark lapses. A
--   mark past its score counts for nothing and is removed by the next mark or clear.
-- KEYS[2] the heartbeats: every running instance, score when its heartbeat lapses. One that
--   lapsed the window ago or earlier is removed by the next beat; a clean shutdown leaves.
-- KEYS[3] the renewals: every running instance, score when it last renewed its heartbeat; one
--   renewed the window ago or earlier is removed by the next beat, and by a clean shutdown.
-- ARGV: 'mark', 'clear', 'live', 'beat' or 'leave'; the instance id; how long a mark lasts;
--   how long a heartbeat lasts; the window after a heartbeat lapsed in which its instance
--   may still write what it holds; how long without renewal makes an instance overdue (all
--   in ms).
-- Returns for 'live' {'writing', id} of an instance whose mark has not lapsed, else
-- {'overdue', id, ms since} of another instance that has not renewed its heartbeat for the
-- overdue time, less than the window ago (the latest), else {'lapsed', id, ms since} of
-- another instance whose heartbeat lapsed within the window (the latest), else {}; for
-- 'beat' {id, ms until it lapses (negative: since), when it last renewed or -1, ...} of
-- every other instance with a heartbeat; else {}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local op, id = ARGV[1], ARGV[2]
local window = tonumber(ARGV[5])
if op == 'live' then
  local writing = redis.call('ZRANGEBYSCORE', KEYS[1], string.format('(%d', now), '+inf',
    'LIMIT', 0, 1)
  if #writing > 0 then
    return {'writing', writing[1]}
  end
  local overdue = redis.call('ZREVRANGEBYSCORE', KEYS[3],
    string.format('(%d', now - tonumber(ARGV[6])), string.format('(%d', now - window),
    'WITHSCORES', 'LIMIT', 0, 2)
  for i = 1, #overdue, 2 do
    if overdue[i] ~= id then
      return {'overdue', overdue[i], now - tonumber(overdue[i + 1])}
    end
  end
  -- the latest two: one of them may be this instance's own
  local lapsed = redis.call('ZREVRANGEBYSCORE', KEYS[2], string.format('%d', now),
    string.format('(%d', now - window), 'WITHSCORES', 'LIMIT', 0, 2)
  for i = 1, #lapsed, 2 do
    if lapsed[i] ~= id then
      return {'lapsed', lapsed[i], now - tonumber(lapsed[i + 1])}
    end
  end
  return {}
end
if op == 'beat' then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('%d', now - window))
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', string.format('%d', now - window))
  redis.call('ZADD', KEYS[2], string.format('%d', now + tonumber(ARGV[4])), id)
  redis.call('ZADD', KEYS[3], string.format('%d', now), id)
  local all = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
  local others = {}
  for i = 1, #all, 2 do
    if all[i] ~= id then
      local renewed = redis.call('ZSCORE', KEYS[3], all[i])
      others[#others + 1] = all[i]
      others[#others + 1] = tonumber(all[i + 1]) - now
      others[#others + 1] = renewed and tonumber(renewed) or -1
    end
  end
  return others
end
if op == 'leave' then
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  return {}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now))
if op == 'mark' then
  redis.call('ZADD', KEYS[1], string.format('%d', now + tonumber(ARGV[3])), id)
else
  redis.call('ZREM', KEYS[1], id)
end
return {}
