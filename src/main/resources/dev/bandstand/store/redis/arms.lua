-- Adds or retires an arm of one placement; an id is in at most one of the two keys.
-- KEYS: added arms (hash of id to description), retired arm ids (set).
-- ARGV: 'add' or 'retire', arm id; for add also the description, the most arms the placement
-- may offer, and the ids of its configured arms.
-- Returns {} for retire; for add {1 when kept or 0 when refused, arms offered afterwards}.
-- The placement offers its configured arms, plus the added ones, minus the retired ones. An
-- arm it does not offer yet is refused, changing nothing, when it offers the most already.
if ARGV[1] == 'retire' then
  redis.call('HDEL', KEYS[1], ARGV[2])
  redis.call('SADD', KEYS[2], ARGV[2])
  return {}
end
local id, max = ARGV[2], tonumber(ARGV[4])
local active = redis.call('HLEN', KEYS[1])
local offered = redis.call('HEXISTS', KEYS[1], id) == 1
for i = 5, #ARGV do
  local configured = ARGV[i]
  if redis.call('HEXISTS', KEYS[1], configured) == 0
      and redis.call('SISMEMBER', KEYS[2], configured) == 0 then
    active = active + 1
    if configured == id then
      offered = true
    end
  end
end
if not offered then
  if active >= max then
    return {0, active}
  end
  active = active + 1
end
redis.call('SREM', KEYS[2], id)
redis.call('HSET', KEYS[1], id, ARGV[3])
return {1, active}
