-- wrk script for bench/http_load: keyword searches (CASEBOOK_MODE=search) or
-- dossier reads of random stored ids (CASEBOOK_MODE=get, ids from the file
-- named by CASEBOOK_IDS). CASEBOOK_FACETS=0 asks searches to skip facets.
-- Each wrk thread has its own Lua state.
local mode = os.getenv("CASEBOOK_MODE") or "get"
local ids = {}
local words = {"垃圾分类", "停车", "养老", "加装电梯", "公交", "学校", "河道", "社区医院",
               "菜市场", "路灯", "绿化", "消防通道", "老旧小区", "噪音", "非机动车"}
local key = os.getenv("CASEBOOK_KEY")

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  local words_file = os.getenv("CASEBOOK_WORDS")
  if words_file then
    words = {}
    for line in io.lines(words_file) do words[#words + 1] = line end
  end
  if mode == "get" then
    local f = assert(io.open(os.getenv("CASEBOOK_IDS"), "r"))
    for line in f:lines() do ids[#ids + 1] = line end
    f:close()
  end
  local addr = tonumber(tostring({}):match("0x(%x+)") or "0", 16) or 0
  math.randomseed(os.time() + addr % 1000000007)
end

function request()
  local headers = {}
  if key then headers["X-API-Key"] = key end
  if mode == "search" then
    local q = urlencode(words[math.random(#words)])
    local extra = os.getenv("CASEBOOK_FACETS") == "0" and "&facets=0" or ""
    return wrk.format("GET", "/api/v1/search?q=" .. q .. "&limit=10" .. extra, headers)
  end
  return wrk.format("GET", "/api/v1/cases/" .. ids[math.random(#ids)], headers)
end
