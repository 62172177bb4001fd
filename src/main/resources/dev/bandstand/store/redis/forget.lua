-- Forgets a person in one placement: every decision named in the person's event-id set whose
-- log payload carries the user key loses the payload (written as false, as PendingCodec does
-- for none); slot states, recipes and TTL stay, so rewards still join. Deletes the set.
-- KEYS: the person's event-id set. ARGV: record key prefix, user key.
-- Returns the event ids changed.

-- Header bytes and content bytes of the MessagePack string at byte i of s, or nil.
local function str(s, i)
  local b = string.byte(s, i)
  if b >= 160 and b <= 191 then
    return 1, b - 160
  elseif b == 217 then
    return 2, string.byte(s, i + 1)
  elseif b == 218 then
    return 3, string.byte(s, i + 1) * 256 + string.byte(s, i + 2)
  elseif b == 219 then
    local b1, b2, b3, b4 = string.byte(s, i + 1, i + 4)
    return 5, ((b1 * 256 + b2) * 256 + b3) * 256 + b4
  end
  return nil
end

-- Byte length of the header scalar at byte i (integer, double, boolean or string).
local function scalar(s, i)
  local b = string.byte(s, i)
  if b < 128 or b >= 224 or b == 192 or b == 194 or b == 195 then
    return 1
  elseif b == 204 or b == 208 then
    return 2
  elseif b == 205 or b == 209 then
    return 3
  elseif b == 202 or b == 206 or b == 210 then
    return 5
  elseif b == 203 or b == 207 or b == 211 then
    return 9
  end
  local h, n = str(s, i)
  if not h then
    error('unexpected MessagePack type ' .. b .. ' in a pending decision')
  end
  return h + n
end

-- The record with its log payload replaced by false, or nil when the payload does not
-- carry the user key (PendingDecision.carriesUser).
local function withoutLog(raw, userKey)
  local i = string.byte(raw, 1) + 2
  local a = string.byte(raw, i)
  if a == 220 then
    i = i + 3
  elseif a == 221 then
    i = i + 5
  else
    i = i + 1
  end
  for _ = 1, 6 do
    i = i + scalar(raw, i)
  end
  local h, n = str(raw, i)
  if not h then
    return nil
  end
  local log = string.sub(raw, i + h, i + h + n - 1)
  local mark = 'u:' .. userKey
  local after = string.sub(log, #mark + 1, #mark + 1)
  if string.sub(log, 1, #mark) ~= mark or (after ~= '' and after ~= '\n') then
    return nil
  end
  return string.sub(raw, 1, i - 1) .. '\194' .. string.sub(raw, i + h + n)
end

local changed = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = ARGV[1] .. id
  local raw = redis.call('GET', key)
  local cut = raw and withoutLog(raw, ARGV[2])
  if cut then
    redis.call('SET', key, cut, 'KEEPTTL')
    changed[#changed + 1] = id
  end
end
redis.call('DEL', KEYS[1])
return changed
