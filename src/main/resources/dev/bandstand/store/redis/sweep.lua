-- Settles the decisions of one placement whose wait is over (expiresAt <= now): each waiting
-- slot reached under the cascade rule (Cascade.java: up to the last rewarded slot, at least
-- the first) gets the default reward; it is dropped when there is none, when it was not
-- reached, or when its arm is retired. Event ids wait in one list per second of deadline (the
-- bucket), and the deadline index holds the seconds that have a bucket; popping an id from its
-- bucket inside this script is the claim, so each decision is settled once however many
-- instances sweep. An id whose decision is not over yet (its second is now's) goes back to its
-- bucket.
-- KEYS: deadline index, sums, retired arms. ARGV: record key prefix, bucket key prefix, now
-- seconds, now nanoseconds, most ids to take, how long to remember a settled decision (ms), how
-- long an unsettled record outlives its wait (s).
-- Returns {more, entry...}: more is 1 when the budget ran out after taking at least one id for
-- good (so that calling again makes progress) and due ids may be left; one entry per settled
-- decision: {event id, record, slot, status, version, ...} with status 1 applied or 7
-- dropped, or {event id} when the record was gone long after its wait (expired unsettled, or
-- rewarded and forgotten).
local nowSec, nowNano = tonumber(ARGV[3]), tonumber(ARGV[4])
local budget, grace = tonumber(ARGV[5]), tonumber(ARGV[7])
local out = {0}
local taken = 0

-- Version bumps so far, as in reward.lua: '#v' gets their sum once, at the end, and each
-- entry's version is counted here as a bump count until then.
local bumps = 0
local versions = {}

local function settle(id, sec)
  local key = ARGV[1] .. id
  local raw = redis.call('GET', key)
  if not raw then
    if nowSec - sec > grace then
      out[#out + 1] = {id}
    end
    return true
  end
  local k, d = decode(raw)
  if not expired(d, nowSec, nowNano) then
    return false
  end
  local entry = {id, raw}
  local reached = 1
  for i = 1, k do
    if string.byte(raw, 1 + i) == 49 then
      reached = i
    end
  end
  for i = 1, k do
    if string.byte(raw, 1 + i) == 48 then
      local status, state = 1, '2'
      if d[6] == false or i > reached
          or redis.call('SISMEMBER', KEYS[3], d[7 + i][1]) == 1 then
        dropped(KEYS[2], d[7 + i], d[5])
        status, state = 7, '3'
      else
        rewarded(KEYS[2], d[7 + i], d[6], d[5])
      end
      redis.call('SETRANGE', key, i, state)
      entry[#entry + 1] = i
      entry[#entry + 1] = status
      bumps = bumps + 1
      entry[#entry + 1] = bumps
      versions[#versions + 1] = {entry, #entry}
    end
  end
  if #entry > 2 then
    redis.call('PEXPIRE', key, ARGV[6])
    out[#out + 1] = entry
  end
  return true
end

for _, s in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', nowSec)) do
  local sec = tonumber(s)
  local bucket = ARGV[2] .. s
  local left = redis.call('LLEN', bucket)
  local keep = {}
  while left > 0 and budget > 0 do
    local id = redis.call('LPOP', bucket)
    left, budget = left - 1, budget - 1
    if settle(id, sec) then
      taken = taken + 1
    else
      keep[#keep + 1] = id
    end
  end
  for i = 1, #keep, 1000 do
    redis.call('RPUSH', bucket, unpack(keep, i, math.min(i + 999, #keep)))
  end
  if left == 0 and #keep == 0 then
    redis.call('ZREM', KEYS[1], s)
  end
  if budget == 0 then
    out[1] = taken > 0 and 1 or 0
    break
  end
end
flush(KEYS[2])
if bumps > 0 then
  local last = redis.call('HINCRBY', KEYS[2], '#v', bumps)
  for _, at in ipairs(versions) do
    at[1][at[2]] = last - bumps + at[1][at[2]]
  end
end
return out
