// Fuzz target: the API's request parameters. The input is read twice: as a query string,
// split and percent-decoded by cpp-httplib as the server does, and as the JSON body of a
// POST (body_params); each is then read by parse_search. A bad
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

void check_request(const SearchRequest& r, const Knowledge& k, std::size_t max_q) {
    VNSEARCH_FUZZ_CHECK(r.q.size() <= max_q);
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

    const std::string input(reinterpret_cast<const char*>(data), size);
    auto read = [&](const httplib::Params& params, std::size_t max_q) {
        // /api/search takes the search's own parameters; /api/export also takes `format`.
        for (const bool export_route : {false, true}) {
            try {
                const SearchRequest r =
                    export_route ? server::parse_search(params, parser, max_q, {"format"})
                                 : server::parse_search(params, parser, max_q);
                check_request(r, *knowledge, max_q);
            } catch (const server::BadParameter& e) {
                VNSEARCH_FUZZ_CHECK(std::string(e.what()).find("parameter '") != std::string::npos);
            }
        }
    };
    httplib::Params query;
    httplib::detail::parse_query_text(input, query);
    read(query, server::max_query_bytes);
    try {
        read(server::body_params(input), server::max_body_query_bytes);
    } catch (const server::BadParameter& e) {
        // A body that is not a JSON object, or a field of the wrong type.
        VNSEARCH_FUZZ_CHECK(std::string(e.what()).find("the body") != std::string::npos ||
                            std::string(e.what()).find("parameter '") != std::string::npos);
    }
    return 0;
}
