-- KEYS[1]: the user's key. ARGV[1]: the interval in ms; ARGV[2]: the burst.
-- Returns 1 when the command is allowed, 0 when not.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then
  tat = now
end
local next = tat + interval
if next - now > interval * burst then
  return 0
end
redis.call('SET', KEYS[1], string.format('%d', next), 'PX', string.format('%d', next - now))
return 1
