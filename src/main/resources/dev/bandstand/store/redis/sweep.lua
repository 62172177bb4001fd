-- Settles the decisions of one placement whose wait is over (expiresAt <= now): each waiting
-- slot reached under the cascade rule (Cascade.java: up to the last rewarded slot, at least
-- the first) gets the default reward; it is dropped when there is none, when it was not
-- reached, or when its arm is retired. Removing the deadline from the
-- sorted set is the claim, so each decision is settled once however many instances sweep.
-- KEYS: deadlines, sums, retired arms. ARGV: record key prefix, now ms (deadline score bound), now seconds,
-- now nanoseconds, most decisions, how long to remember a settled decision (ms).
-- Returns one entry per decision: {event id, record, slot, status, version, ...} with
-- status 1 applied or 7 dropped, or {event id} when the record was already gone.
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[5]))
local nowSec, nowNano = tonumber(ARGV[3]), tonumber(ARGV[4])
local out = {}
for _, id in ipairs(ids) do
  local key = ARGV[1] .. id
  local raw = redis.call('GET', key)
  if not raw then
    redis.call('ZREM', KEYS[1], id)
    out[#out + 1] = {id}
  else
    local k, d = decode(raw)
    if expired(d, nowSec, nowNano) then
      redis.call('ZREM', KEYS[1], id)
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
          entry[#entry + 1] = redis.call('HINCRBY', KEYS[2], '#v', 1)
        end
      end
      redis.call('PEXPIRE', key, ARGV[6])
      out[#out + 1] = entry
    end
  end
end
return out
