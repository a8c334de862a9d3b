-- KEYS[1]: counts (sorted set); KEYS[2]: last asked (hash); KEYS[3]: helpful
-- votes (hash).
-- ARGV[1]: the question's key; ARGV[2]: how it was last asked (JSON);
-- ARGV[3]: how many questions to keep.
redis.call('ZINCRBY', KEYS[1], 1, ARGV[1])
-- The question keeps the words it was first asked in, as each replica's
-- own count does; the time is the latest.
local last = ARGV[2]
local first = redis.call('HGET', KEYS[2], ARGV[1])
if first then
  local l = cjson.decode(last)
  l.query = cjson.decode(first).query
  last = cjson.encode(l)
end
redis.call('HSET', KEYS[2], ARGV[1], last)
local keep = tonumber(ARGV[3])
local n = redis.call('ZCARD', KEYS[1])
if n > keep then
  -- The least asked (lowest counts) go first, down to nine tenths.
  local drop = redis.call('ZRANGE', KEYS[1], 0, n - math.floor(keep * 9 / 10) - 1)
  redis.call('ZREM', KEYS[1], unpack(drop))
  redis.call('HDEL', KEYS[2], unpack(drop))
  redis.call('HDEL', KEYS[3], unpack(drop))
end
return 1
