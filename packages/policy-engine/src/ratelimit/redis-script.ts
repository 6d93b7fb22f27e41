// GCRA for Redis as one Lua script: every limit of a call in one round trip, atomically, on
// Redis' clock (TIME) so gateway nodes with skewed clocks still share one timeline.
//
// KEYS[i]: the counter key of limit i.
// ARGV: five values per key: emission interval (ms), capacity (burst * interval, ms), cost,
//       blocking (1 or 0), TTL cap in ms (0 = none).
// Returns: { admitted, then per key: allowed, remaining, resetMs, retryAfterMs } (integers).
export const GCRA_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local eps = 0.000001
local n = #KEYS
local tats = {}
local ok = {}
local out = {1}
for i = 1, n do
  local b = (i - 1) * 5
  local interval = tonumber(ARGV[b + 1])
  local capacity = tonumber(ARGV[b + 2])
  local cost = tonumber(ARGV[b + 3])
  local stored = redis.call('GET', KEYS[i])
  local tat = now
  if stored then tat = math.max(tonumber(stored), now) end
  local newTat = tat + cost * interval
  local ahead = newTat - now
  if ahead <= capacity + eps then
    ok[i] = true
    tats[i] = newTat
    out[2 + (i - 1) * 4] = 1
    out[3 + (i - 1) * 4] = math.max(0, math.floor((capacity - ahead) / interval + eps))
    out[4 + (i - 1) * 4] = math.ceil(ahead)
    out[5 + (i - 1) * 4] = 0
  else
    ok[i] = false
    if ARGV[b + 4] == '1' then out[1] = 0 end
    out[2 + (i - 1) * 4] = 0
    out[3 + (i - 1) * 4] = math.max(0, math.floor((capacity - (tat - now)) / interval + eps))
    out[4 + (i - 1) * 4] = math.ceil(tat - now)
    out[5 + (i - 1) * 4] = math.ceil(ahead - capacity)
  end
end
for i = 1, n do
  local b = (i - 1) * 5
  if ok[i] then
    if out[1] == 1 then
      local ttl = math.ceil(tats[i] - now)
      local cap = tonumber(ARGV[b + 5])
      if cap > 0 and ttl > cap then ttl = cap end
      if ttl < 1 then ttl = 1 end
      redis.call('SET', KEYS[i], string.format('%.3f', tats[i]), 'PX', ttl)
    else
      -- Not consumed: report the state as it stands, refused if this limit blocks.
      local stored = redis.call('GET', KEYS[i])
      local tat = now
      if stored then tat = math.max(tonumber(stored), now) end
      local interval = tonumber(ARGV[b + 1])
      local capacity = tonumber(ARGV[b + 2])
      if ARGV[b + 4] == '1' then out[2 + (i - 1) * 4] = 0 end
      out[3 + (i - 1) * 4] = math.max(0, math.floor((capacity - (tat - now)) / interval + eps))
      out[4 + (i - 1) * 4] = math.ceil(tat - now)
    end
  end
end
return out
`;
