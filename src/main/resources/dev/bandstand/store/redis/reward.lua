-- Joins rewards with their pending decisions of one placement and applies each at most once
-- per slot, in order.
-- KEYS: sums, then one record per reward. ARGV: how long to remember a settled decision (ms),
-- then per reward: arm ('' for none), normalised reward, now seconds, now nanoseconds, '1' to
-- have the record in the reply ('' when the caller holds it).
-- Returns per reward {status, version, slot (1-based, 0 for none), record?}; status
-- 1 applied, 2 duplicate, 3 unknown event, 4 unknown arm, 5 expired (the reward came after the
-- end of the wait), 6 arm required. The deadline bucket keeps the event id; the sweep skips a
-- decision without waiting slots.
local sums = KEYS[1]

local function join(rec, arm, reward, nowSec, nowNano, sendRecord)
  local raw = redis.call('GET', rec)
  if not raw then
    return {3, version(sums), 0}
  end

  local k, d = decode(raw)
  local idx
  if arm == '' then
    if k ~= 1 then
      return {6, version(sums), 0, raw}
    end
    idx = 1
  else
    for i = 1, k do
      if d[7 + i][1] == arm then
        idx = i
        break
      end
    end
    if not idx then
      return {4, version(sums), 0, raw}
    end
  end

  local state = string.byte(raw, 1 + idx)
  if state == 49 then
    return {2, version(sums), idx, raw}
  end
  if expired(d, nowSec, nowNano) then
    return {5, version(sums), idx, raw}
  end

  -- A reward accepted before the end of the wait but written after a sweep settled the slot
  -- (it waited in an instance's outage buffer) replaces what the sweep did.
  if state == 50 then
    redefault(sums, d[7 + idx], reward, d[6], d[5])
  elseif state == 51 then
    undrop(sums, d[7 + idx], d[5])
    rewarded(sums, d[7 + idx], reward, d[5])
  else
    rewarded(sums, d[7 + idx], reward, d[5])
  end
  redis.call('SETRANGE', rec, idx, '1')
  local waiting = 0
  for i = 1, k do
    if i ~= idx and string.byte(raw, 1 + i) == 48 then
      waiting = waiting + 1
    end
  end
  if waiting == 0 then
    redis.call('PEXPIRE', rec, leftMs(d, nowSec, nowNano) + tonumber(ARGV[1]))
  end
  local v = redis.call('HINCRBY', sums, '#v', 1)
  if sendRecord == '' then
    return {1, v, idx}
  end
  return {1, v, idx, raw}
end

local out = {}
for n = 1, #KEYS - 1 do
  local a = 1 + 5 * (n - 1)
  out[n] = join(KEYS[1 + n], ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]),
    tonumber(ARGV[a + 4]), ARGV[a + 5])
end
return out
