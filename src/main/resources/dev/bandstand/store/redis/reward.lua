-- Joins a reward with its pending decision and applies it at most once per slot.
-- KEYS: record, sums. ARGV: arm ('' for none), normalised reward, now seconds, now
-- nanoseconds, how long to remember a settled decision (ms), '1' to have the record in the
-- reply ('' when the caller holds it).
-- Returns {status, version, slot (1-based, 0 for none), record?}; status 1 applied,
-- 2 duplicate, 3 unknown event, 4 unknown arm, 5 expired, 6 arm required. The deadline
-- bucket keeps the event id; the sweep skips a decision without waiting slots.
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

rewarded(KEYS[2], d[7 + idx], tonumber(ARGV[2]), d[5])
redis.call('SETRANGE', KEYS[1], idx, '1')
local waiting = 0
for i = 1, k do
  if i ~= idx and string.byte(raw, 1 + i) == 48 then
    waiting = waiting + 1
  end
end
if waiting == 0 then
  redis.call('PEXPIRE', KEYS[1], leftMs(d, nowSec, nowNano) + tonumber(ARGV[5]))
end
local v = redis.call('HINCRBY', KEYS[2], '#v', 1)
if ARGV[6] == '' then
  return {1, v, idx}
end
return {1, v, idx, raw}
