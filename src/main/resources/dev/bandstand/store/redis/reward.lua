-- Joins rewards with their pending decisions of one placement and applies each at most once
-- per slot, in order.
-- KEYS: sums, retired arms, then one record per reward. ARGV: how long to remember a settled
-- decision (ms), then per reward: arm ('' for none), normalised reward, now seconds, now
-- nanoseconds, '1' to have the record in the reply ('' when the caller holds it).
-- An applied reward is appended to the record as the MessagePack pair slot, reward (see
-- PendingCodec), so that a duplicate can tell whether its value differs.
-- Returns per reward {status, version, slot (1-based, 0 for none), record or false, trained,
-- late, reached}; status 1 applied, 2 duplicate, 3 unknown event, 4 unknown arm, 5 expired (the
-- reward came after the end of the wait), 6 arm required; trained 0 when the slot's arm is
-- retired (the reward is counted for its group, the model drops it); late 1 when a sweep had
-- settled the slot before; reached the earlier slots that got their default reward because of
-- this reward (see reach), each {slot, default reward as text, version}. The last three only
-- for status 1. The deadline bucket keeps the event id; the sweep skips a decision without
-- waiting slots.
local sums, retired = KEYS[1], KEYS[2]

-- Version bumps of this script so far; '#v' gets their sum once at the end, and each reply's
-- version, counted here as a bump count, becomes the version it would have read then.
local bumps = 0

-- Per arm, asked once per script: no arm is retired or added while it runs.
local retiredArms = {}

local function isRetired(slot)
  local arm = slot[1]
  if retiredArms[arm] == nil then
    retiredArms[arm] = redis.call('SISMEMBER', retired, arm) == 1
  end
  return retiredArms[arm]
end

-- A sweep dropped the slots after the last rewarded one (cascade rule, sweep.lua); a reward
-- at idx shows that the listener reached every slot before it, so those get their default
-- reward now, unless the arm is retired or there is no default. Returns those slots for the
-- reply, as the sweep would have settled them: slot, default reward (as text: Redis would cut
-- a number to an integer) and version, counted as a bump count until the end.
local function reach(rec, raw, d, idx)
  local reached = {}
  if d[6] == false then
    return reached
  end
  for i = 1, idx - 1 do
    if string.byte(raw, 1 + i) == 51 and not isRetired(d[7 + i]) then
      undrop(sums, d[7 + i], d[5])
      rewarded(sums, d[7 + i], d[6], d[5])
      redis.call('SETRANGE', rec, i, '2')
      bumps = bumps + 1
      reached[#reached + 1] = {i, string.format('%.17g', d[6]), bumps}
    end
  end
  return reached
end

local function join(rec, arm, reward, nowSec, nowNano, sendRecord)
  local raw = redis.call('GET', rec)
  if not raw then
    return {3, bumps, 0}
  end

  local k, d = decode(raw)
  local idx
  if arm == '' then
    if k ~= 1 then
      return {6, bumps, 0, raw}
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
      return {4, bumps, 0, raw}
    end
  end

  local state = string.byte(raw, 1 + idx)
  if state == 49 then
    return {2, bumps, idx, raw}
  end
  if expired(d, nowSec, nowNano) then
    return {5, bumps, idx, raw}
  end

  -- A reward accepted before the end of the wait but written after a sweep settled the slot
  -- (it waited in an instance's outage buffer) replaces what the sweep did.
  local slot = d[7 + idx]
  local trained = 1
  if isRetired(slot) then
    trained = 0
  end
  local reached = {}
  if state == 50 then
    redefault(sums, slot, reward, d[6], d[5], trained == 0)
  else
    if state == 51 then
      undrop(sums, slot, d[5])
      reached = reach(rec, raw, d, idx)
    end
    if trained == 1 then
      rewarded(sums, slot, reward, d[5])
    else
      rewardedRetired(sums, slot, reward, d[5])
    end
  end
  -- The slot's state, and the reward after the record, where a later reward for the slot
  -- reads it (the duplicate's reply carries the record): a pending record is not longer.
  -- Written whole, read fresh since reach may have flipped states: SET allocates the exact
  -- size, where growing a string in place may leave room to spare.
  local cur = redis.call('GET', rec)
  redis.call('SET', rec, string.sub(cur, 1, idx) .. '1' .. string.sub(cur, idx + 2)
    .. cmsgpack.pack(idx, reward), 'KEEPTTL')
  local waiting = 0
  for i = 1, k do
    if i ~= idx and string.byte(raw, 1 + i) == 48 then
      waiting = waiting + 1
    end
  end
  if waiting == 0 then
    redis.call('PEXPIRE', rec, leftMs(d, nowSec, nowNano) + tonumber(ARGV[1]))
  end
  bumps = bumps + 1
  local late = 0
  if state ~= 48 then
    late = 1
  end
  return {1, bumps, idx, sendRecord ~= '' and raw, trained, late, reached}
end

local out = {}
for n = 1, #KEYS - 2 do
  local a = 1 + 5 * (n - 1)
  out[n] = join(KEYS[2 + n], ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]),
    tonumber(ARGV[a + 4]), ARGV[a + 5])
end
flush(sums)
local last
if bumps > 0 then
  last = redis.call('HINCRBY', sums, '#v', bumps)
else
  last = version(sums)
end
for n = 1, #out do
  out[n][2] = last - bumps + out[n][2]
  for _, slot in ipairs(out[n][7] or {}) do
    slot[3] = last - bumps + slot[3]
  end
end
return out
