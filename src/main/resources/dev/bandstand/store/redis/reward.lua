-- Joins a reward with its pending decision and applies it at most once per slot.
-- KEYS: record, sums, deadlines, retired arms. ARGV: arm ('' for none), normalised reward, now seconds,
-- now nanoseconds, how long to remember a settled decision (ms), event id.
-- Returns {status, version, slot (1-based, 0 for none), record, trained}; status 1 applied,
-- 2 duplicate, 3 unknown event, 4 unknown arm, 5 expired, 6 arm required; trained 0 when the
-- slot's arm is retired (the reward is counted for its group, the model drops it).
local raw = redis.call('GET', KEYS[1])
if not raw then
  return {3, version(KEYS[2]), 0}
end

local k, d = decode(raw)
local idx
if ARGV[1] == '' then
  if k ~= 1 then
    return {6, version(KEYS[2]), 0, raw}
  end
  idx = 1
else
  for i = 1, k do
    if d[7 + i][1] == ARGV[1] then
      idx = i
      break
    end
  end
  if not idx then
    return {4, version(KEYS[2]), 0, raw}
  end
end

local state = string.byte(raw, 1 + idx)
if state == 49 then
  return {2, version(KEYS[2]), idx, raw}
end
local nowSec, nowNano = tonumber(ARGV[3]), tonumber(ARGV[4])
if state ~= 48 or expired(d, nowSec, nowNano) then
  return {5, version(KEYS[2]), idx, raw}
end

local trained = 1
if redis.call('SISMEMBER', KEYS[4], d[7 + idx][1]) == 1 then
  trained = 0
  rewardedRetired(KEYS[2], d[7 + idx], tonumber(ARGV[2]), d[5])
else
  rewarded(KEYS[2], d[7 + idx], tonumber(ARGV[2]), d[5])
end
redis.call('SETRANGE', KEYS[1], idx, '1')
local waiting = 0
for i = 1, k do
  if i ~= idx and string.byte(raw, 1 + i) == 48 then
    waiting = waiting + 1
  end
end
if waiting == 0 then
  redis.call('ZREM', KEYS[3], ARGV[6])
  redis.call('PEXPIRE', KEYS[1], leftMs(d, nowSec, nowNano) + tonumber(ARGV[5]))
end
return {1, redis.call('HINCRBY', KEYS[2], '#v', 1), idx, raw, trained}
