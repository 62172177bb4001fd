-- Records pending decisions of one placement and adds their decided increments, each once.
-- KEYS: sums, deadline index, then per decision: record, its deadline bucket, the person's
-- event-id set. ARGV per decision: encoded decision, ttl ms, event id, deadline second, user
-- key ('' when the log payload names no person), ttl of the bucket (ms; longer than the
-- record's, so that a sweep can still tell a record that expired unsettled).
-- Returns {version, r...} with r 1 (recorded, or the same decision sent again: a retry after
-- a timeout, which changes nothing) or 0 (event id taken by another decision) per decision.
local out = {0}
local changed = 0

-- Event ids per deadline bucket, pushed together after the loop, in the order of the batch.
local pushed, ids, seconds, keeps = {}, {}, {}, {}

local function queue(bucket, id, sec, keep)
  if not ids[bucket] then
    pushed[#pushed + 1] = bucket
    ids[bucket], seconds[bucket], keeps[bucket] = {}, sec, keep
  end
  local list = ids[bucket]
  list[#list + 1] = id
  keeps[bucket] = math.max(keeps[bucket], keep)
end

-- An emptied bucket has left the deadline index, so a bucket the first push creates joins it.
local function push()
  for _, bucket in ipairs(pushed) do
    local list = ids[bucket]
    for i = 1, #list, 1000 do
      local chunk = math.min(i + 999, #list)
      if redis.call('RPUSH', bucket, unpack(list, i, chunk)) == chunk - i + 1 then
        redis.call('ZADD', KEYS[2], seconds[bucket], seconds[bucket])
      end
    end
    if redis.call('PTTL', bucket) < keeps[bucket] then
      redis.call('PEXPIRE', bucket, keeps[bucket])
    end
  end
end

for n = 0, #ARGV / 6 - 1 do
  local rec, bucket, user = KEYS[3 + 3 * n], KEYS[4 + 3 * n], KEYS[5 + 3 * n]
  local a = 6 * n
  local enc, ttl, id, sec, who = ARGV[a + 1], tonumber(ARGV[a + 2]), ARGV[a + 3], ARGV[a + 4],
    ARGV[a + 5]
  local keep = tonumber(ARGV[a + 6])
  if not redis.call('SET', rec, enc, 'PX', ttl, 'NX') then
    -- the stored array may be followed by the rewards applied since (reward.lua)
    local cur = redis.call('GET', rec)
    local mine = string.sub(enc, string.byte(enc, 1) + 2)
    local from = string.byte(cur, 1) + 2
    local same = string.sub(cur, from, from + #mine - 1) == mine
    out[#out + 1] = same and 1 or 0
  else
    queue(bucket, id, sec, keep)
    -- the person's set lives as long as the longest-lived record it names
    if who ~= '' then
      redis.call('SADD', user, id)
      if redis.call('PTTL', user) < ttl then
        redis.call('PEXPIRE', user, ttl)
      end
    end
    local k, d = decode(enc)
    for i = 1, k do
      decided(KEYS[1], d[7 + i], d[5])
    end
    changed = changed + 1
    out[#out + 1] = 1
  end
end
push()
flush(KEYS[1])
if changed > 0 then
  out[1] = redis.call('HINCRBY', KEYS[1], '#v', changed)
else
  out[1] = version(KEYS[1])
end
return out
