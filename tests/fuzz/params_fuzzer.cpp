// Fuzz target: the API's request parameters. The input is a query string, split and
// percent-decoded by cpp-httplib as the server does, then read by parse_search. A bad
// parameter must come back as a BadParameter that names it, never as another exception;
// a request that is accepted must hold only values the engine can use.

#include "check.hpp"
#include "params.hpp"
#include "vnsearch/data_dir.hpp"
#include "vnsearch/knowledge.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

using namespace vnsearch;

void check_request(const SearchRequest& r, const Knowledge& k) {
    VNSEARCH_FUZZ_CHECK(r.q.size() <= server::max_query_bytes);
    VNSEARCH_FUZZ_CHECK(r.page >= 1 && r.page <= server::max_page);
    VNSEARCH_FUZZ_CHECK(r.per_page >= 1 && r.per_page <= 100);
    const Filters& f = r.filters;
    for (int c : f.provinces)
        VNSEARCH_FUZZ_CHECK(c >= 1 && static_cast<std::size_t>(c) <= k.provinces.size());
    for (int c : f.formers)
        VNSEARCH_FUZZ_CHECK(c >= 1 && static_cast<std::size_t>(c) <= k.former_provinces.size());
    for (int c : f.carriers)
        VNSEARCH_FUZZ_CHECK(c >= 0 && static_cast<std::size_t>(c) < k.carriers.size());
    for (int p : f.pillars)
        VNSEARCH_FUZZ_CHECK(p >= 0 && static_cast<std::size_t>(p) < pillar_ids.size());
    for (int c : f.kinds)
        VNSEARCH_FUZZ_CHECK(c >= 0 && static_cast<std::size_t>(c) < kind_ids.size());
    for (int y : f.years)
        VNSEARCH_FUZZ_CHECK(y >= 1900 && y <= 2100);
    for (const auto& y : {f.year_from, f.year_to})
        VNSEARCH_FUZZ_CHECK(!y || (*y >= 1900 && *y <= 2100));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto knowledge = Knowledge::load(data_dir());
    static const QueryParser parser(knowledge);

    httplib::Request req;
    httplib::detail::parse_query_text(std::string(reinterpret_cast<const char*>(data), size),
                                      req.params);
    // /api/search takes the search's own parameters; /api/export also takes `format`.
    for (const bool export_route : {false, true}) {
        try {
            const SearchRequest r = export_route ? server::parse_search(req, parser, {"format"})
                                                 : server::parse_search(req, parser);
            check_request(r, *knowledge);
        } catch (const server::BadParameter& e) {
            VNSEARCH_FUZZ_CHECK(std::string(e.what()).find("parameter '") != std::string::npos);
        }
    }
    return 0;
}
