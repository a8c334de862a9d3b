-- KEYS[1]: counts (sorted set); KEYS[2]: last asked (hash); KEYS[3]: helpful
-- votes (hash).
-- ARGV[1]: how many questions are wanted.
-- Returns, for every question counted at least as often as the n-th most
-- asked, its count, how it was last asked and its helpful votes (or false),
-- flat: {count, last, helpful, count, last, helpful, ...}. Ties of count
-- go most recent first, which the sorted set does not know: the caller
-- sorts them, so all of the n-th count are returned.
local top = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
if #top == 0 then
  return {}
end
local all = redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', top[#top], 'WITHSCORES')
local out = {}
for i = 1, #all, 2 do
  local key = all[i]
  out[#out + 1] = all[i + 1]
  out[#out + 1] = redis.call('HGET', KEYS[2], key)
  out[#out + 1] = redis.call('HGET', KEYS[3], key)
end
return out
