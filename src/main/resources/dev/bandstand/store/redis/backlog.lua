-- The instances writing an outage backlog, in one sorted set (one key, so one Cluster slot):
-- member an instance id, score when its mark lapses (epoch milliseconds of the Redis server's
-- clock, so that the instances' clocks need not agree). A mark past its score counts for
-- nothing and is removed by the next mark or clear.
-- KEYS: the set. ARGV: 'mark', 'clear' or 'live'; the instance id; how long a mark lasts (ms).
-- Returns for 'live' {id} of an instance whose mark has not lapsed, or {}; else {}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[1] == 'live' then
  local live = redis.call('ZRANGEBYSCORE', KEYS[1], string.format('(%d', now), '+inf',
    'LIMIT', 0, 1)
  return live
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now))
if ARGV[1] == 'mark' then
  redis.call('ZADD', KEYS[1], string.format('%d', now + tonumber(ARGV[3])), ARGV[2])
else
  redis.call('ZREM', KEYS[1], ARGV[2])
end
return {}
