-- Adds or retires an arm of one placement; an id is in at most one of the two keys.
-- KEYS: added arms (hash of id to description), retired arm ids (set).
-- ARGV: 'add' or 'retire', arm id, description (for add).
if ARGV[1] == 'add' then
  redis.call('SREM', KEYS[2], ARGV[2])
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
else
  redis.call('HDEL', KEYS[1], ARGV[2])
  redis.call('SADD', KEYS[2], ARGV[2])
end
return {}
