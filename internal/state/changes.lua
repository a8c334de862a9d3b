-- KEYS[1]: the history (list of JSON change sets, oldest first).
-- ARGV[1], ARGV[2]: the versions before and after the reload;
-- ARGV[3]: the change set (JSON); ARGV[4]: how many to keep.
local newest = redis.call('LINDEX', KEYS[1], -1)
if newest then
  local c = cjson.decode(newest)
  if c.From == ARGV[1] and c.Version == ARGV[2] then
    return 0
  end
end
redis.call('RPUSH', KEYS[1], ARGV[3])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[4]), -1)
return 1
