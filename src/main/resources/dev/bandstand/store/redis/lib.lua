-- Shared by every Bandstand script (prepended to each): reading a pending decision written by
-- dev.bandstand.store.PendingCodec and expanding its update recipes into exactly the
-- increments of dev.bandstand.policy.StatsFields. Numbers reach HINCRBYFLOAT as Lua numbers,
-- which Redis formats with 17 significant digits, so no precision is lost on the way. A script
-- that adds must end with flush.

-- Slot count and the decoded array {decidedSec, decidedNano, waitSec, waitNano, weight,
-- defaultReward|false, log|false, slot...}.
local function decode(raw)
  local k = string.byte(raw, 1)
  return k, cmsgpack.unpack(string.sub(raw, k + 2))
end

-- End of the wait as seconds and nanoseconds; integers below 2^53, so exact.
local function deadline(d)
  local sec, nano = d[1] + d[3], d[2] + d[4]
  if nano >= 1e9 then
    sec, nano = sec + 1, nano - 1e9
  end
  return sec, nano
end

-- True when the wait is over: expiresAt <= now.
local function expired(d, nowSec, nowNano)
  local sec, nano = deadline(d)
  return sec < nowSec or (sec == nowSec and nano <= nowNano)
end

-- Milliseconds from now until the end of the wait, never negative.
local function leftMs(d, nowSec, nowNano)
  local sec, nano = deadline(d)
  local ms = (sec - nowSec) * 1000 + math.floor((nano - nowNano) / 1e6)
  if ms < 0 then
    return 0
  end
  return ms
end

-- A tabular slot {arm, p, bucket...}: a number stands for that many leading bytes of the
-- bucket before it.
local function buckets(slot)
  local keys, prev = {}, nil
  for j = 3, #slot do
    local b = slot[j]
    if type(b) == 'number' then
      b = string.sub(prev, 1, b)
    end
    keys[#keys + 1] = b
    prev = b
  end
  return keys
end

-- Increments are gathered per field while a script runs and written once each by flush, so
-- that a batch whose rewards share bucket keys and arms writes each field once. Every script
-- changes one sums hash.
local gathered, order = {}, {}

local function add(sums, field, delta)
  local sofar = gathered[field]
  if sofar == nil then
    order[#order + 1] = field
    gathered[field] = delta
  else
    gathered[field] = sofar + delta
  end
end

-- Writes the gathered increments of sums, in the order their fields were first touched. A
-- whole delta goes by HINCRBY (an integer add, where HINCRBYFLOAT parses and formats a long
-- double), unless the field already holds a fraction or the sum would leave 64 bits: then,
-- like any fractional delta, by HINCRBYFLOAT. Deltas are summed in doubles first, exactly so
-- while they are whole numbers below 2^53 (counts, pending counts, weights without
-- forgetting, 0/1 rewards).
local function flush(sums)
  for _, field in ipairs(order) do
    local delta = gathered[field]
    if delta == math.floor(delta) and delta > -2 ^ 53 and delta < 2 ^ 53 then
      local r = redis.pcall('HINCRBY', sums, field, string.format('%d', delta))
      if type(r) == 'table' and r.err then
        redis.call('HINCRBYFLOAT', sums, field, delta)
      end
    else
      redis.call('HINCRBYFLOAT', sums, field, delta)
    end
  end
  gathered, order = {}, {}
end

-- A|i|j += w * x_i * x_j over the upper triangle, skipping zero entries.
local function outer(sums, x, w)
  for i = 1, #x do
    local xi = x[i]
    if xi ~= 0 then
      for j = i, #x do
        if x[j] ~= 0 then
          add(sums, 'A|' .. (i - 1) .. '|' .. (j - 1), w * xi * x[j])
        end
      end
    end
  end
end

-- A tagged slot {arm, p, trains, group, rest...} (a boolean third element): its counter
-- group, whether it trains, and the inner slot {arm, p, rest...}. Any other slot is its own
-- inner slot, with no group, and trains.
local function untag(slot)
  if type(slot[3]) ~= 'boolean' then
    return nil, true, slot
  end
  local inner = {slot[1], slot[2]}
  for j = 5, #slot do
    inner[#inner + 1] = slot[j]
  end
  return slot[4], slot[3], inner
end

-- The pending part of StatsFields.decided (sign 1) and StatsFields.dropped (sign -1) for an
-- inner slot: p, and for a linear slot A.
local function pending(sums, inner, w, sign)
  if type(inner[3]) == 'table' then
    outer(sums, inner[3], sign * w)
    add(sums, 'p', sign)
  else
    for _, b in ipairs(buckets(inner)) do
      add(sums, 'p|' .. b .. '|' .. inner[1], sign)
    end
  end
end

-- StatsFields.decided
local function decided(sums, slot, w)
  local group, trains, inner = untag(slot)
  if group then
    add(sums, 'x|' .. group .. '|e', 1)
  end
  if trains then
    pending(sums, inner, w, 1)
  end
end

-- The unweighted group counters of a reward
local function counted(sums, group, r)
  if group then
    local g = 'x|' .. group .. '|'
    add(sums, g .. 'n', 1)
    add(sums, g .. 's', r)
    add(sums, g .. 'q', r * r)
  end
end

-- StatsFields.rewarded
local function rewarded(sums, slot, r, w)
  local group, trains, inner = untag(slot)
  counted(sums, group, r)
  if not trains then
    return
  end
  if type(inner[3]) == 'table' then
    local x = inner[3]
    for i = 1, #x do
      if x[i] ~= 0 then
        add(sums, 'b|' .. (i - 1), w * r * x[i])
      end
    end
    add(sums, 'n', w)
    add(sums, 'p', -1)
  else
    for _, b in ipairs(buckets(inner)) do
      local f = '|' .. b .. '|' .. inner[1]
      add(sums, 'n' .. f, w)
      add(sums, 's' .. f, w * r)
      add(sums, 'q' .. f, w * r * r)
      add(sums, 'p' .. f, -1)
    end
  end
end

-- StatsFields.dropped: a group counts no drop
local function dropped(sums, slot, w)
  local _, trains, inner = untag(slot)
  if trains then
    pending(sums, inner, w, -1)
  end
end

-- StatsFields.redefaulted, or StatsFields.redefaultedRetired when the arm was retired since:
-- replaces the default reward r0 a slot got at expiry by the reward r, exchanging the sums and
-- squares (counts stay); for a retired arm only the group's part, the model keeps r0.
local function redefault(sums, slot, r, r0, w, retired)
  local group, trains, inner = untag(slot)
  if group then
    local g = 'x|' .. group .. '|'
    add(sums, g .. 's', r - r0)
    add(sums, g .. 'q', r * r - r0 * r0)
  end
  if retired or not trains then
    return
  end
  if type(inner[3]) == 'table' then
    local x = inner[3]
    for i = 1, #x do
      if x[i] ~= 0 then
        add(sums, 'b|' .. (i - 1), w * (r - r0) * x[i])
      end
    end
  else
    for _, b in ipairs(buckets(inner)) do
      local f = '|' .. b .. '|' .. inner[1]
      add(sums, 's' .. f, w * (r - r0))
      add(sums, 'q' .. f, w * (r * r - r0 * r0))
    end
  end
end

-- StatsFields.undropped: takes back StatsFields.dropped, so that a slot dropped at expiry can
-- still be rewarded; the group counted no drop, so it keeps its count of decisions as it is.
local function undrop(sums, slot, w)
  local _, trains, inner = untag(slot)
  if trains then
    pending(sums, inner, w, 1)
  end
end

local function version(sums)
  return tonumber(redis.call('HGET', sums, '#v') or '0')
end

-- StatsFields.rewardedRetired: counted for the group, dropped for the model
local function rewardedRetired(sums, slot, r, w)
  counted(sums, untag(slot), r)
  dropped(sums, slot, w)
end
