-- wrk script: each request a search for three terms drawn at random from these 30, so
-- that few answers repeat and the servers' answer caches do little (docs/scaling.md).
--
--   wrk -t2 -c16 -d10s -s deploy/wrk-searches.lua http://127.0.0.1:8080

local terms = {"VNPT", "Viettel", "MobiFone", "FPT", "chuyển đổi số", "hạ tầng", "kinh tế",
  "doanh nghiệp", "chính quyền", "thỏa thuận", "hợp tác", "giáo dục", "y tế", "du lịch",
  "nông nghiệp", "dữ liệu", "an toàn thông tin", "đô thị thông minh", "cáp quang", "5G",
  "Hà Giang", "Đà Nẵng", "Quảng Ninh", "Cần Thơ", "Hà Nội", "Lâm Đồng", "ngân hàng",
  "bưu chính", "trung tâm", "chữ ký số"}

local function encode(s)
  return (s:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

request = function()
  local q = terms[math.random(#terms)] .. " " .. terms[math.random(#terms)] .. " " ..
            terms[math.random(#terms)]
  return wrk.format("GET", "/api/search?q=" .. encode(q))
end
