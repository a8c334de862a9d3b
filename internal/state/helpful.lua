-- KEYS[1]: helpful votes (hash); KEYS[2]: counts of misses (sorted set).
-- ARGV[1]: the answer's key; ARGV[2]: how many answers to keep.
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if redis.call('HLEN', KEYS[1]) > tonumber(ARGV[2]) then
  -- Helpful votes matter only beside misses: past the bound, drop those
  -- on answers nobody found wanting.
  for _, k in ipairs(redis.call('HKEYS', KEYS[1])) do
    if not redis.call('ZSCORE', KEYS[2], k) then
      redis.call('HDEL', KEYS[1], k)
    end
  end
end
return 1
