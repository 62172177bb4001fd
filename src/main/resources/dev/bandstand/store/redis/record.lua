-- Records a pending decision and adds its decided increments, once.
-- KEYS: record, sums, deadlines, the person's event-id set. ARGV: encoded decision, ttl ms,
-- event id, deadline ms, user key ('' when the log payload names no person).
-- Returns {1 | 0 (event id taken by another decision), version}. Re-sending the same decision
-- (a retry after a timeout) answers 1 and changes nothing.
local cur = redis.call('GET', KEYS[1])
if cur then
  local mine = string.sub(ARGV[1], string.byte(ARGV[1], 1) + 2)
  local same = string.sub(cur, string.byte(cur, 1) + 2) == mine
  return {same and 1 or 0, version(KEYS[2])}
end

redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
if ARGV[5] ~= '' then
  -- the set lives as long as the longest-lived record it names (PTTL -1: just created)
  redis.call('SADD', KEYS[4], ARGV[3])
  local ttl = tonumber(ARGV[2])
  if redis.call('PTTL', KEYS[4]) < ttl then
    redis.call('PEXPIRE', KEYS[4], ttl)
  end
end
local k, d = decode(ARGV[1])
for i = 1, k do
  decided(KEYS[2], d[7 + i], d[5])
end
return {1, redis.call('HINCRBY', KEYS[2], '#v', 1)}
